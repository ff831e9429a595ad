// The in-memory org of the workbench page: the SAME FakeOrg the jest suites use (test/diamyFakeOrg.ts: unique
// Diamy_Call_Id__c as DUPLICATE_VALUE, UI API error shapes), run as the page's agent (platform/agents.mjs: $User.Id of
// its validation rules), plus a change listener for the page's records panel.
//
// Call lists (issue 14): Diamy_Call__c saves are also FORWARDED to the workbench's org server (platform/orgServer.js),
// where the package's flows run on them (call → Task, follow-ups, the call-list result on the member). A save is
// applied only when both accept it, as one save in an org: the page's FakeOrg first (its refusals and the faults a
// check injects with failNext are the org's), then the org server (an upsert on Diamy_Call_Id__c: a retry changes
// nothing twice); when the org server refuses, the page's save is undone and the promise rejects with its error. A
// create the FakeOrg answers DUPLICATE_VALUE (a retry after a lost answer) is forwarded too, so the org server has
// every call the page has.
import { FakeOrg } from '../../test/diamyFakeOrg.ts';
import { log } from './bus.js';
import { currentAgent } from './agents.mjs';
import { forwardCall, orgServerUrl } from './orgServer.js';

export const org = new FakeOrg({ runningUserId: currentAgent().userId });
const listeners = new Set();
export function onOrgChange(listener) {
    listeners.add(listener);
}
function changed(kind, input, result) {
    log(kind, { apiName: input.apiName ?? '', id: result.id, fields: input.fields });
    for (const listener of listeners) listener();
}

const CALL = 'Diamy_Call__c';
const forwards = () => Boolean(orgServerUrl());
const isDuplicate = (error) =>
    Object.values(error?.body?.output?.fieldErrors ?? {}).some((list) => list.some((e) => e.errorCode === 'DUPLICATE_VALUE'));

export function createRecord(input) {
    return org.createRecord(input).then(
        async (result) => {
            if (input.apiName === CALL && forwards()) {
                try {
                    await forwardCall({ ...input.fields });
                } catch (error) {
                    org.records = org.records.filter((r) => r.id !== result.id);
                    log('createRecord refused', { apiName: input.apiName, error: error.body ?? error.message, by: 'org server' });
                    throw error;
                }
            }
            changed('createRecord', input, result);
            return { id: result.id, apiName: input.apiName, fields: {} };
        },
        async (error) => {
            if (input.apiName === CALL && forwards() && isDuplicate(error)) {
                const saved = org.records.find((r) => r.apiName === CALL && r.fields.Diamy_Call_Id__c === input.fields?.Diamy_Call_Id__c);
                await forwardCall({ ...(saved?.fields ?? input.fields) }).catch(() => undefined);
            }
            log('createRecord refused', { apiName: input.apiName, error: error.body ?? error.message });
            throw error;
        }
    );
}

export function updateRecord(input) {
    const before = org.records.find((r) => r.id === input.fields?.Id);
    const previous = before ? { ...before.fields } : null;
    return org.updateRecord(input).then(
        async (result) => {
            const record = org.records.find((r) => r.id === result.id);
            if (record?.apiName === CALL && forwards()) {
                try {
                    await forwardCall({ ...record.fields });
                } catch (error) {
                    if (previous) record.fields = previous;
                    log('updateRecord refused', { id: input.fields.Id, error: error.body ?? error.message, by: 'org server' });
                    throw error;
                }
            }
            changed('updateRecord', input, result);
            return { id: result.id, fields: {} };
        },
        (error) => {
            log('updateRecord refused', { id: input.fields.Id, error: error.body ?? error.message });
            throw error;
        }
    );
}
