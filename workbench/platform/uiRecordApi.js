// lightning/uiRecordApi for the workbench: createRecord/updateRecord write into the in-memory org (org.js, the
// jest suites' FakeOrg); getRecord answers the running user's Diamy settings fields, and the CRM's Contacts,
// Accounts, Leads, Opportunities and Cases (crm.js) as LDS does (records.js: a missing required field is an error,
// a missing optional field is left out, spanning fields are nested records, display values as UI API gives them).
import { WireAdapter, log } from './bus.js';
import { accounts, cases, contacts, leads, opportunities } from './crm.js';
import { fieldDisplayValue, fieldValue, notFound, objectOfId, recordFor } from './records.js';
export { createRecord, updateRecord } from './org.js';

/** The agent's User record (org id, Diamy settings): France, the sandbox's shared line is the org's own number. */
const USER_FIELDS = {
    // $Organization.Id (formula field): the workbench org, the one the sandbox client is bound to. Without it the
    // softphone keeps nothing in the browser (wrap-up drafts in memory only, no reconcile) — as in an org where the
    // agent cannot read the field.
    Diamy_Org_Id__c: '00D000000000001AAA',
    Diamy_Default_Country__c: 'FR',
    Diamy_Own_Numbers__c: '+33189000100',
    Diamy_Screen_Pop_On_Answer__c: false,
    Name: 'Camille Martin'
};

/** The CRM as records.js reads it; the owner of every CRM record is the agent. */
const CRM = {
    accounts,
    contacts,
    leads,
    opportunities,
    cases,
    users: [{ Id: '005000000000001AAA', Name: 'Camille Martin' }]
};
const CRM_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];

function userRecord(config) {
    const wanted = [...(config.fields ?? []), ...(config.optionalFields ?? [])].map((f) =>
        String(f.fieldApiName ?? f)
            .split('.')
            .pop()
    );
    const fields = Object.fromEntries(
        wanted.filter((f) => f in USER_FIELDS).map((f) => [f, { value: USER_FIELDS[f], displayValue: null }])
    );
    return { data: { id: config.recordId, apiName: 'User', fields }, error: undefined };
}

export class getRecord extends WireAdapter {
    update(config) {
        if (!config?.recordId) return;
        const lang = globalThis.__DIAMY_LANG__ === 'fr' ? 'fr' : 'en';
        // The CRM's objects only: the running user (a User id) keeps its own answer below.
        const answer = CRM_OBJECTS.includes(objectOfId(config.recordId)) ? recordFor(CRM, config, lang) : undefined;
        if (answer) {
            if (answer.error) log('getRecord error', { recordId: config.recordId, error: answer.error.body });
            this.emit(answer);
        } else if (CRM_OBJECTS.includes(objectOfId(config.recordId))) {
            log('getRecord error', { recordId: config.recordId, error: 'NOT_FOUND' });
            this.emit(notFound());
        } else {
            // The running user (and, as before, any other id): the user's Diamy settings.
            this.emit(userRecord(config));
        }
    }
}

export function getFieldValue(record, field) {
    return fieldValue(record, field);
}

export function getFieldDisplayValue(record, field) {
    return fieldDisplayValue(record, field);
}

export function notifyRecordUpdateAvailable() {
    return Promise.resolve();
}

/** Deprecated by the platform in favour of notifyRecordUpdateAvailable; resolves as it does here. */
export function getRecordNotifyChange() {
    return Promise.resolve();
}
