// lightning/uiRecordApi for the workbench: createRecord/updateRecord write into the in-memory org (org.js, the
// jest suites' FakeOrg); getRecord answers the running user's Diamy settings fields.
import { WireAdapter } from './bus.js';
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

export class getRecord extends WireAdapter {
    update(config) {
        if (!config?.recordId) return;
        const wanted = [...(config.fields ?? []), ...(config.optionalFields ?? [])].map((f) =>
            String(f.fieldApiName ?? f)
                .split('.')
                .pop()
        );
        const fields = Object.fromEntries(
            wanted.filter((f) => f in USER_FIELDS).map((f) => [f, { value: USER_FIELDS[f], displayValue: null }])
        );
        this.emit({ data: { id: config.recordId, apiName: 'User', fields }, error: undefined });
    }
}

export function getFieldValue(record, field) {
    const name = typeof field === 'string' ? field.split('.').pop() : field.fieldApiName;
    return record?.fields?.[name]?.value;
}

export function getFieldDisplayValue(record, field) {
    const name = typeof field === 'string' ? field.split('.').pop() : field.fieldApiName;
    return record?.fields?.[name]?.displayValue ?? null;
}

export function notifyRecordUpdateAvailable() {
    return Promise.resolve();
}
