// The in-memory org of the workbench: the SAME FakeOrg the jest suites use (test/diamyFakeOrg.ts: unique
// Diamy_Call_Id__c as DUPLICATE_VALUE, UI API error shapes), plus a change listener for the page's records panel.
import { FakeOrg } from '../../test/diamyFakeOrg.ts';
import { log } from './bus.js';

export const org = new FakeOrg();
const listeners = new Set();
export function onOrgChange(listener) {
    listeners.add(listener);
}
function changed(kind, input, result) {
    log(kind, { apiName: input.apiName ?? '', id: result.id, fields: input.fields });
    for (const listener of listeners) listener();
}

export function createRecord(input) {
    return org.createRecord(input).then(
        (result) => {
            changed('createRecord', input, result);
            return { id: result.id, apiName: input.apiName, fields: {} };
        },
        (error) => {
            log('createRecord refused', { apiName: input.apiName, error: error.body ?? error.message });
            throw error;
        }
    );
}

export function updateRecord(input) {
    return org.updateRecord(input).then(
        (result) => {
            changed('updateRecord', input, result);
            return { id: result.id, fields: {} };
        },
        (error) => {
            log('updateRecord refused', { id: input.fields.Id, error: error.body ?? error.message });
            throw error;
        }
    );
}
