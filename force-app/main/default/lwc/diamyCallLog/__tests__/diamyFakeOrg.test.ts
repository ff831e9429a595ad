// The in-memory org the logger tests and the fault suite run against must never be kinder than the platform:
// it applies the package's validation rules on Diamy_Call__c for a user without Manage Diamy Calls, with the
// UI API error shape, and counts what happened per Diamy call id.
import { classifyError, uiApiErrors } from 'c/diamyCallLog';
import type { FieldValue } from 'lightning/uiRecordApi';
import { CALL_FACT_FIELDS, DEFAULT_RUNNING_USER_ID, FakeOrg } from 'diamy-test/diamyFakeOrg';
import { readFileSync } from 'fs';
import { join } from 'path';

const AGENT = DEFAULT_RUNNING_USER_ID;
const OTHER_AGENT = '005000000000002AAA';

function callFields(overrides: Record<string, FieldValue | undefined> = {}): Record<string, FieldValue | undefined> {
    return {
        Diamy_Call_Id__c: 'call_1',
        Direction__c: 'Inbound',
        Outcome__c: 'Answered',
        From_Number__c: '06 12 34 56 78',
        From_Number_E164__c: '+33612345678',
        To_Number__c: '+33 1 84 88 00 00',
        Started_At__c: '2026-11-25T09:00:00.000Z',
        Ended_At__c: '2026-11-25T09:02:00.000Z',
        Agent__c: AGENT,
        Source__c: 'Softphone',
        ...overrides
    };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    throw new Error('expected the save to be refused');
}

const RULES = join(__dirname, '../../../objects/Diamy_Call__c/validationRules');
/** The fields a package validation rule tests with ISCHANGED, read from its metadata. */
function changedFieldsOf(rule: string): string[] {
    const xml = readFileSync(join(RULES, `${rule}.validationRule-meta.xml`), 'utf8');
    return [...xml.matchAll(/ISCHANGED\((\w+)\)/g)].map((match) => match[1] ?? '');
}

describe('test/diamyFakeOrg (the org double)', () => {
    it('locks exactly the facts the package’s rule locks', () => {
        // Anonymized_At__c appears in the rule's exemptions only (the retention and erasure flows' anonymizing save,
        // a stamp no agent can write): the double keeps every fact locked for the browser, never kinder than the org.
        const exemptionOnly = ['Anonymized_At__c'];
        const locked = changedFieldsOf('Diamy_Call_Facts_Locked').filter((field) => !exemptionOnly.includes(field));
        expect([...CALL_FACT_FIELDS].sort()).toEqual([...new Set(locked)].sort());
    });

    it('requires a disposition with the wrap-up for a user with Disposition Required on Wrap-Up, as the package’s rule does', async () => {
        expect(changedFieldsOf('Diamy_Call_Disposition_Required').sort()).toEqual(
            ['Callback_At__c', 'Disposition__c', 'Follow_Up_Request_Assignee__c', 'Follow_Up_Request_Due_Date__c', 'Follow_Up_Request_Subject__c', 'Notes__c'].sort()
        );
        const org = new FakeOrg({ dispositionRequired: true });
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        for (const change of [{ Notes__c: 'n' }, { Callback_At__c: '2026-11-26T08:00:00.000Z' }, { Follow_Up_Request_Subject__c: 'S' }, { Follow_Up_Request_Due_Date__c: '2026-11-27' }, { Follow_Up_Request_Assignee__c: OTHER_AGENT }]) {
            const error = await refusal(org.updateRecord({ fields: { Id: id, ...change } }));
            expect(classifyError(error)).toMatchObject({ kind: 'fatal' });
            expect(uiApiErrors(error)).toContainEqual({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Choose a disposition: your administrator requires one with every wrap-up.' });
        }
        await org.updateRecord({ fields: { Id: id, Disposition__c: 'Resolved', Notes__c: 'n' } });
        await org.updateRecord({ fields: { Id: id, Callback_At__c: '2026-11-26T08:00:00.000Z' } });
        await expect(org.updateRecord({ fields: { Id: id, Disposition__c: null } })).rejects.toBeTruthy();
        expect(org.calls()[0]?.fields).toMatchObject({ Disposition__c: 'Resolved', Callback_At__c: '2026-11-26T08:00:00.000Z' });
        // Without the permission (the default), notes alone are fine.
        const plain = new FakeOrg();
        const saved = await plain.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        await plain.updateRecord({ fields: { Id: saved.id, Notes__c: 'n' } });
        expect(plain.calls()[0]?.fields.Notes__c).toBe('n');
    });

    it('lets an agent create their own softphone call', async () => {
        const org = new FakeOrg();
        await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        expect(org.calls()).toHaveLength(1);
    });

    it.each([
        ['a call of another agent', { Agent__c: OTHER_AGENT }, 'You can save only your own calls from the softphone'],
        ['a call without agent', { Agent__c: undefined }, 'You can save only your own calls from the softphone'],
        ['a call from another source', { Source__c: 'Diamy_Server' }, 'You can save only your own calls from the softphone'],
        ['a number with words in it', { From_Number__c: 'call me back' }, 'A phone number may contain only digits'],
        ['a To number that is not E.164 in the E.164 field', { To_Number_E164__c: '0184880000' }, 'A phone number may contain only digits'],
        ['a Diamy call id with a space', { Diamy_Call_Id__c: 'call 1' }, 'A phone number may contain only digits'],
        ['no Diamy call id', { Diamy_Call_Id__c: '' }, 'Enter the Diamy call ID']
    ])('refuses %s from an agent without Manage Diamy Calls, like the platform', async (_name, overrides, message) => {
        const org = new FakeOrg();
        const error = await refusal(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields(overrides) }));
        expect(uiApiErrors(error)).toContainEqual({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: expect.stringContaining(message) });
        expect(classifyError(error).kind).toBe('fatal');
        expect(org.calls()).toHaveLength(0);
    });

    it('puts a rule with an error field under fieldErrors and one without under errors', async () => {
        const org = new FakeOrg();
        const own = (await refusal(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ Agent__c: OTHER_AGENT }) }))) as { body: { output: { errors: unknown[]; fieldErrors: Record<string, unknown[]> } } };
        expect(own.body.output.fieldErrors.Agent__c).toHaveLength(1);
        const formed = (await refusal(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ From_Number__c: 'x' }) }))) as { body: { output: { errors: unknown[] } } };
        expect(formed.body.output.errors).toEqual([expect.objectContaining({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' })]);
    });

    it('lets a user with Manage Diamy Calls save any agent and source, but still checks E.164', async () => {
        const org = new FakeOrg({ manageDiamyCalls: true });
        await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ Agent__c: OTHER_AGENT, Source__c: 'Diamy_Server', From_Number__c: 'anonymous' }) });
        expect(org.calls()).toHaveLength(1);
        await expect(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ Diamy_Call_Id__c: 'call_2', From_Number_E164__c: '0612' }) })).rejects.toBeDefined();
    });

    it('compares user ids on their 15-character form', async () => {
        const org = new FakeOrg({ runningUserId: '005000000000003AAA' });
        await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ Agent__c: '005000000000003' }) });
        expect(org.calls()).toHaveLength(1);
    });

    it('locks the facts of a saved call for an agent; wrap-up and related records stay editable', async () => {
        const org = new FakeOrg();
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        await org.updateRecord({ fields: { Id: id, Disposition__c: 'Resolved', Notes__c: 'ok', Contact__c: '003000000000001AAA', Outcome__c: 'Answered' } });
        const error = await refusal(org.updateRecord({ fields: { Id: id, Outcome__c: 'Missed' } }));
        expect(uiApiErrors(error)).toContainEqual({ code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: expect.stringContaining('cannot be changed') });
        expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Outcome__c: 'Answered', Disposition__c: 'Resolved', Notes__c: 'ok' }));
    });

    it('counts create attempts, duplicates answered and wrap-ups applied, per Diamy call id', async () => {
        const org = new FakeOrg();
        org.failNext('network');
        await refusal(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() }));
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        await refusal(org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() }));
        await org.updateRecord({ fields: { Id: id, Notes__c: 'first' } });
        await org.updateRecord({ fields: { Id: id, Notes__c: 'first' } });
        await org.updateRecord({ fields: { Id: id, Disposition__c: 'Resolved' } });
        await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields({ Diamy_Call_Id__c: 'call_2' }) });
        expect(org.callStats('call_1')).toEqual({ createAttempts: 3, duplicates: 1, refused: 0, wrapUpsApplied: 2, followUpRequestsApplied: 0 });
        expect(org.callStats('call_2')).toEqual({ createAttempts: 1, duplicates: 0, refused: 0, wrapUpsApplied: 0, followUpRequestsApplied: 0 });
        expect(org.callStats('unknown')).toEqual({ createAttempts: 0, duplicates: 0, refused: 0, wrapUpsApplied: 0, followUpRequestsApplied: 0 });
        expect(org.totals()).toEqual({ calls: 2, createAttempts: 4, duplicates: 1, refused: 0, wrapUpsApplied: 2, followUpRequestsApplied: 0 });
        // A follow-up request set or changed counts (the org's flow runs); the same request written again does not.
        await org.updateRecord({ fields: { Id: id, Follow_Up_Request_Subject__c: 'Devis', Follow_Up_Request_Due_Date__c: '2026-11-27' } });
        await org.updateRecord({ fields: { Id: id, Follow_Up_Request_Subject__c: 'Devis', Follow_Up_Request_Due_Date__c: '2026-11-27' } });
        await org.updateRecord({ fields: { Id: id, Follow_Up_Request_Due_Date__c: '2026-11-28' } });
        await org.updateRecord({ fields: { Id: id, Follow_Up_Request_Subject__c: null } });
        expect(org.callStats('call_1').followUpRequestsApplied).toBe(2);
    });

    it('answers a duplicate integration-log idempotency key with DUPLICATE_VALUE', async () => {
        const org = new FakeOrg();
        await org.createRecord({ apiName: 'Diamy_Integration_Log__c', fields: { Idempotency_Key__c: 'k1', Message__c: 'a' } });
        const error = await refusal(org.createRecord({ apiName: 'Diamy_Integration_Log__c', fields: { Idempotency_Key__c: 'k1', Message__c: 'a' } }));
        expect(classifyError(error).kind).toBe('duplicate');
        expect(org.logs()).toHaveLength(1);
    });

    it('finds only records the user can see, and may lag right after a create (like a GraphQL query)', async () => {
        const org = new FakeOrg({ lookupLag: 2 });
        org.seedInvisibleCall('call_srv');
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: callFields() });
        await expect(org.findCallRecordId('call_srv')).resolves.toBeNull();
        await expect(org.findCallRecordId('call_1')).resolves.toBeNull();
        await expect(org.findCallRecordId('call_1')).resolves.toBeNull();
        await expect(org.findCallRecordId('call_1')).resolves.toBe(id);
        expect(org.lookups).toBe(4);
    });
});
