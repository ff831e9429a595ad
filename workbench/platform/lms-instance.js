// The page's one LMS bus, shared by lightning/messageService and the page chrome (which sets the active area when
// it shows another page). Publications are written to the workbench log.
import { log } from './bus.js';
import { APPLICATION_SCOPE, UTILITY_AREA, areaOfElement, createMessageBus } from './lms.js';

export { APPLICATION_SCOPE, UTILITY_AREA, areaOfElement };
export const lms = createMessageBus({ log });
