// The workbench GraphQL answerers of the record components, in the order they are asked (first defined answer wins).
// Each module exports `answer(operationName, variables, { fieldsOf, edges, nameOnly, org, orgQuery })`: the `uiapi.query`
// object (or a Promise of it), or undefined for a document it does not know.
import { answer as clickToDial } from './diamyClickToDial.js';
import { answer as callHistory } from './diamyCallHistory.js';
import { answer as setup } from './diamySetup.js';
// Call lists (issue 14): from the workbench's org server; this answerer returns Promises (orgQuery in the context).
import { answer as callLists } from './diamyCallLists.js';

export const ANSWERERS = [clickToDial, callHistory, setup, callLists];
