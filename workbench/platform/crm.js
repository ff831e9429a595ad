// A small French CRM for the caller popup: Contacts, Leads and Accounts whose Diamy_*_Key__c values are computed
// with the REAL key function (c/diamyPhoneMatch.readIncoming, what the before-save flows compute in the org), and
// a few tasks, cases and opportunities for the caller context (the records themselves: crm-data.js). The numbers include those the sandbox knows.
// readIncoming needs the phone metadata, which c/diamyPhoneMatch loads with a dynamic import: the keys are filled in
// when it is there (crmReady()), and the GraphQL double waits for that before it looks records up by key.
import { phoneMetadataReady, readIncoming } from 'c/diamyPhoneMatch';
import { accounts, contacts, leads, tasks, cases, opportunities, opportunityContactRoles } from './crm-data.mjs';

const keyOf = (text) => {
    const read = text ? readIncoming(text, 'FR') : { ok: false };
    return read.ok ? read.identity.key : null;
};

export { accounts, contacts, leads, tasks, cases, opportunities, opportunityContactRoles };

/** The contact roles of an opportunity, primary first. */
export const contactRolesOf = (opportunityId) =>
    opportunityContactRoles
        .filter((r) => r.OpportunityId === opportunityId)
        .sort((a, b) => Number(b.IsPrimary) - Number(a.IsPrimary));

export const accountOf = (id) => accounts.find((a) => a.Id === id);

let keysComputed;
/**
 * Resolves once every record carries the match keys the org's before-save flows would have computed. Asked for by the
 * GraphQL double at its first candidate lookup, so that the workbench never loads the phone metadata earlier than
 * the softphone itself does.
 */
export function crmReady() {
    keysComputed ??= phoneMetadataReady().then(() => {
        for (const record of [...accounts, ...contacts, ...leads]) {
            record.Diamy_Phone_Key__c = keyOf(record.Phone);
            if ('MobilePhone' in record) record.Diamy_Mobile_Key__c = keyOf(record.MobilePhone);
            if ('HomePhone' in record) record.Diamy_Home_Phone_Key__c = keyOf(record.HomePhone);
            if ('OtherPhone' in record) record.Diamy_Other_Phone_Key__c = keyOf(record.OtherPhone);
            if ('AssistantPhone' in record) record.Diamy_Assistant_Phone_Key__c = keyOf(record.AssistantPhone);
        }
    });
    return keysComputed;
}
