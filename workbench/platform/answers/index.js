// The workbench GraphQL answerers of the record components, in the order they are asked (first defined answer wins).
// Each module exports `answer(operationName, variables, { fieldsOf, edges, nameOnly, org })`: the `uiapi.query` object, or
// undefined for a document it does not know.
import { answer as clickToDial } from './diamyClickToDial.js';
import { answer as callHistory } from './diamyCallHistory.js';
import { answer as setup } from './diamySetup.js';

export const ANSWERERS = [clickToDial, callHistory, setup];
