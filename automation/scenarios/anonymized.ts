// What retention and erasure share (issue 15): the call fields Diamy_Anonymize_Calls clears, a customer Task rule that
// refuses the clearing, and an integration-log entry of a call with personal text in it. Data only.
import type { Fields, RecordSpec } from '../engine/scenario.ts';

/** Every personal field of a call, blank once the call is anonymised (retention or erasure). */
export const CLEARED: Fields = {
    From_Number__c: null,
    From_Number_E164__c: null,
    To_Number__c: null,
    To_Number_E164__c: null,
    Caller_Name__c: null,
    Notes__c: null,
    Recording_URL__c: null,
    Consulted_Party__c: null,
    Follow_Up_Request_Subject__c: null
};

/**
 * A customer's own rule on Task (not the package's): renaming an activity needs a description. Anonymisation renames
 * the call Task and clears its description, so this rule refuses it.
 */
export const TASK_RULE = {
    object: 'Task',
    name: 'Customer_Rename_Needs_Description',
    formula: 'AND(NOT(ISNEW()), ISCHANGED(Subject), ISBLANK(Description))',
    message: 'Describe the activity when you rename it'
};

/** An integration-log entry of the Diamy call `callId` whose payload and message name Jean; `changes` override. */
export const callLogEntry = (callId: string | null, changes: Fields = {}): RecordSpec => ({
    object: 'Diamy_Integration_Log__c',
    fields: {
        Area__c: 'Telephony',
        Severity__c: 'Warning',
        Status__c: 'New',
        Source__c: 'Diamy server',
        Diamy_Call_Id__c: callId,
        Logged_At__c: '2025-03-14T10:05:00Z',
        Message__c: 'Appel de +33123456789 (Jean Dupont) rejoué',
        Payload__c: '{"from":"+33123456789","caller":"Jean Dupont"}',
        ...changes
    }
});
