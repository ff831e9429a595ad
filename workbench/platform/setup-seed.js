// A few Diamy_Integration_Log__c entries for the setup console's page (workbench/page/pages.js seeds them when the
// "Diamy Setup" tab is first built): what Diamy's server and the softphone would have written — a sync run that
// completed, a sync entry refused as a duplicate and one that failed after retries, a softphone save that was
// retried, an old resolved one. Their ids start with SEED_PREFIX: the browser check's "no integration log" rule
// counts only the entries a situation's run wrote (scripts/workbench-check/kit.mjs orgLogs).
export const SEED_PREFIX = 'a02SEED';

const HOUR = 60 * 60 * 1000;

export function seedSetupLogs(org, now = Date.now()) {
    if (org.records.some((r) => r.id.startsWith(SEED_PREFIX))) return false;
    const at = (hours) => new Date(now - hours * HOUR).toISOString();
    const rows = [
        { Area__c: 'Sync', Severity__c: 'Info', Status__c: 'Resolved', Message__c: 'Sync run completed: 42 contacts pulled, 17 upserted', Source__c: 'diamy-sync', Logged_At__c: at(1) },
        {
            Area__c: 'Sync',
            Severity__c: 'Error',
            Status__c: 'New',
            Message__c: 'DUPLICATES_DETECTED: contact dc_1042 matches 003000000000001AAA (email)',
            Payload__c: '{"diamyContactId":"dc_1042","errors":[{"statusCode":"DUPLICATES_DETECTED","message":"Use one of these records?"}],"authorization":"[redacted]"}',
            Related_Record_Id__c: '003000000000001AAA',
            Source__c: 'diamy-sync',
            Logged_At__c: at(2)
        },
        {
            Area__c: 'Sync',
            Severity__c: 'Error',
            Status__c: 'Failed',
            Message__c: 'FIELD_CUSTOM_VALIDATION_EXCEPTION on lead dl_77 after 3 attempts',
            Payload__c: '{"diamyContactId":"dl_77","errors":[{"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":["Company"]}]}',
            Retry_Count__c: 3,
            Source__c: 'diamy-sync',
            Logged_At__c: at(5)
        },
        {
            Area__c: 'Logging',
            Severity__c: 'Warning',
            Status__c: 'Resolved',
            Message__c: 'Call call_demo_1 saved after 2 attempts',
            Diamy_Call_Id__c: 'call_demo_1',
            Retry_Count__c: 2,
            Source__c: 'diamySoftphone',
            Logged_At__c: at(26)
        },
        { Area__c: 'Telephony', Severity__c: 'Warning', Status__c: 'Ignored', Message__c: 'Agent stream reconnected after a network drop', Source__c: 'diamySoftphone', Logged_At__c: at(50) }
    ];
    rows.forEach((fields, index) => {
        org.records.push({
            id: `${SEED_PREFIX}${String(index + 1).padStart(11, '0')}`,
            apiName: 'Diamy_Integration_Log__c',
            fields: { Name: `LOG-${String(index + 1).padStart(8, '0')}`, Retry_Count__c: 0, CreatedDate: fields.Logged_At__c, ...fields },
            visible: true
        });
    });
    return true;
}
