import { CALL_FIELDS, CALL_OBJECT_API_NAME, CONSULT_OUTCOMES, FIELD_LIMITS, WRAP_UP_FIELDS, checkWrapUp, isRecordIdOf, toCallRecordInput, toWrapUpUpdate, toWrapUpValuesUpdate, wrapUpValues } from 'c/diamyCallRecord';
import type { CompletedCall, WrapUp } from 'c/diamyCallRecord';

const AGENT_ID = '005000000000001AAA';
const CONTACT_ID = '003000000000001AAA';
const LEAD_ID = '00Q000000000001AAA';
const ACCOUNT_ID = '001000000000001AAA';
const CASE_ID = '500000000000001AAA';

function answeredInbound(overrides: Partial<CompletedCall> = {}): CompletedCall {
    return {
        diamyCallId: 'call_8f2c1e',
        direction: 'Inbound',
        outcome: 'Answered',
        from: { number: '06 12 34 56 78', e164: '+33612345678', name: 'Jean Dupont' },
        to: { number: '+33 1 84 88 00 00', e164: '+33184880000', name: 'Support' },
        startedAt: '2026-11-25T09:00:00.000Z',
        answeredAt: '2026-11-25T09:00:12.000Z',
        endedAt: '2026-11-25T09:03:19.400Z',
        agentUserId: AGENT_ID,
        related: { contactId: CONTACT_ID, accountId: ACCOUNT_ID },
        line: 'Support FR',
        queue: 'support',
        recordingUrl: 'https://recordings.diamy-instance.example.com/r/8f2c1e',
        source: 'Softphone',
        ...overrides
    };
}

function fieldsOf(call: CompletedCall): Record<string, unknown> {
    const result = toCallRecordInput(call);
    if (!result.ok) {
        throw new Error(`expected a valid call, got: ${result.problems.join('; ')}`);
    }
    expect(result.value.apiName).toBe(CALL_OBJECT_API_NAME);
    return result.value.fields;
}

function problemsOf(call: CompletedCall): string[] {
    const result = toCallRecordInput(call);
    if (result.ok) {
        throw new Error('expected the call to be rejected');
    }
    return result.problems;
}

describe('c-diamy-call-record', () => {
    describe('toCallRecordInput', () => {
        it('writes an answered inbound call with its durations derived from the timestamps', () => {
            const fields = fieldsOf(answeredInbound());
            expect(CALL_OBJECT_API_NAME).toBe('Diamy_Call__c');
            expect(fields).toMatchObject({
                Diamy_Call_Id__c: 'call_8f2c1e',
                Direction__c: 'Inbound',
                Outcome__c: 'Answered',
                From_Number__c: '06 12 34 56 78',
                From_Number_E164__c: '+33612345678',
                To_Number_E164__c: '+33184880000',
                Caller_Name__c: 'Jean Dupont',
                Wait_Seconds__c: 12,
                Talk_Seconds__c: 187,
                Agent__c: AGENT_ID,
                Contact__c: CONTACT_ID,
                Account__c: ACCOUNT_ID,
                Diamy_Line__c: 'Support FR',
                Diamy_Queue__c: 'support',
                Transferred__c: false,
                Conferenced__c: false,
                Source__c: 'Softphone'
            });
            expect(fields.Started_At__c).toBe('2026-11-25T09:00:00.000Z');
            expect(fields.Ended_At__c).toBe('2026-11-25T09:03:19.400Z');
        });

        it('counts the whole ring time as wait and no talk time for a missed call', () => {
            const fields = fieldsOf(answeredInbound({ outcome: 'Missed', answeredAt: null }));
            expect(fields.Talk_Seconds__c).toBe(0);
            expect(fields.Wait_Seconds__c).toBe(199);
            expect(fields).not.toHaveProperty('Answered_At__c');
        });

        it('names the called party on an outbound call', () => {
            const fields = fieldsOf(
                answeredInbound({
                    direction: 'Outbound',
                    from: { number: '+33184880000' },
                    to: { number: '+32 2 555 12 12', e164: '+3225551212', name: 'Brussels office' }
                })
            );
            expect(fields.Caller_Name__c).toBe('Brussels office');
        });

        it('accepts Date objects as well as ISO strings', () => {
            const fields = fieldsOf(
                answeredInbound({
                    startedAt: new Date('2026-11-25T09:00:00Z'),
                    answeredAt: new Date('2026-11-25T09:00:05Z'),
                    endedAt: new Date('2026-11-25T09:01:05Z')
                })
            );
            expect(fields.Talk_Seconds__c).toBe(60);
            expect(fields.Wait_Seconds__c).toBe(5);
        });

        it('leaves out empty values so that admin defaults apply', () => {
            const fields = fieldsOf(answeredInbound({ line: '   ', queue: null, recordingUrl: undefined, related: undefined }));
            expect(fields).not.toHaveProperty('Diamy_Line__c');
            expect(fields).not.toHaveProperty('Diamy_Queue__c');
            expect(fields).not.toHaveProperty('Recording_URL__c');
            expect(fields).not.toHaveProperty('Contact__c');
        });

        it('drops an E.164 value that is not E.164 but keeps the number as dialled', () => {
            const fields = fieldsOf(answeredInbound({ from: { number: '201', e164: '201' } }));
            expect(fields.From_Number__c).toBe('201');
            expect(fields).not.toHaveProperty('From_Number_E164__c');
        });

        it('cuts text to the field lengths instead of failing the save', () => {
            const fields = fieldsOf(answeredInbound({ from: { number: '0'.repeat(60), name: 'N'.repeat(500) } }));
            expect(String(fields.From_Number__c)).toHaveLength(FIELD_LIMITS.numberAsDialled);
            expect(String(fields.Caller_Name__c)).toHaveLength(FIELD_LIMITS.callerName);
        });

        it.each([
            ['no Diamy call id', { diamyCallId: '  ' }, 'diamyCallId is missing'],
            ['an over-long call id', { diamyCallId: 'x'.repeat(65) }, 'longer than 64'],
            ['an unknown direction', { direction: 'Sideways' as never }, 'direction "Sideways"'],
            ['a Diamy call id with a space', { diamyCallId: 'call 8f2c1e' }, 'diamyCallId'],
            ['an unknown source', { source: 'Fax' as never }, 'source "Fax"'],
            ['an unreadable start', { startedAt: 'yesterday' }, 'startedAt is not a valid date'],
            ['an unreadable end', { endedAt: 'later' }, 'endedAt is not a valid date'],
            ['an end before the start', { endedAt: '2026-11-25T08:59:00Z' }, 'endedAt is before startedAt'],
            ['a Lead id as agent', { agentUserId: LEAD_ID }, 'agentUserId is not a User id'],
            ['no caller number', { from: undefined as never }, 'from.number is missing']
        ])('rejects a call with %s', (_name, overrides, expected) => {
            const problems = problemsOf(answeredInbound(overrides));
            expect(problems.join('\n')).toContain(expected);
        });

        // A value Diamy adds later, or sends malformed, must not cost the call: the value is left out (or mapped
        // to a safe one) and the warning says which field, never its content.
        it.each([
            ['a relative recording URL', { recordingUrl: '/r/8f2c1e' }, 'Recording_URL__c', 'recordingUrl'],
            ['a javascript: recording URL', { recordingUrl: 'javascript:alert(1)' }, 'Recording_URL__c', 'recordingUrl'],
            ['an unparseable recording URL', { recordingUrl: 'not a url' }, 'Recording_URL__c', 'recordingUrl'],
            ['an unreadable answer time', { answeredAt: 'soon' }, 'Answered_At__c', 'answeredAt'],
            ['an answer after the end', { answeredAt: '2026-11-25T10:00:00Z' }, 'Answered_At__c', 'answeredAt'],
            ['an answer time on a missed call', { outcome: 'Missed' }, 'Answered_At__c', 'answeredAt'],
            ['an Account id as contact', { related: { contactId: ACCOUNT_ID, accountId: ACCOUNT_ID } }, 'Contact__c', 'related.contactId'],
            ['a Case lookup with a malformed id', { related: { caseId: '500-bad' } }, 'Case__c', 'related.caseId'],
            ['a Contact and a Lead at once (the Contact is kept)', { related: { contactId: CONTACT_ID, leadId: LEAD_ID } }, 'Lead__c', 'related.leadId'],
            ['a caller number with words in it', { from: { number: 'anonymous', e164: null, name: 'Jean Dupont' } }, 'From_Number__c', 'from.number'],
            ['a called number with letters', { to: { number: '0800 SUPPORT', e164: '+33184880000' } }, 'To_Number__c', 'to.number']
        ])('saves a call with %s without that value, and warns', (_name, overrides, field, warning) => {
            const result = toCallRecordInput(answeredInbound(overrides as Partial<CompletedCall>));
            if (!result.ok) {
                throw new Error(`expected the call to be kept, got: ${result.problems.join('; ')}`);
            }
            expect(result.value.fields).not.toHaveProperty(field);
            expect(result.value.fields).toMatchObject({ Diamy_Call_Id__c: 'call_8f2c1e', Direction__c: 'Inbound' });
            expect(result.warnings.join('\n')).toContain(warning);
        });

        it('keeps the Contact when a Lead is given too, and the rest of the call', () => {
            const result = toCallRecordInput(answeredInbound({ related: { contactId: CONTACT_ID, leadId: LEAD_ID } }));
            expect(result.ok && result.value.fields.Contact__c).toBe(CONTACT_ID);
        });

        it('never puts the dropped value itself in a warning (a URL may carry a token, a number is personal data)', () => {
            const result = toCallRecordInput(
                answeredInbound({ recordingUrl: '/r/x?access_token=abc123', from: { number: 'Jean 06 12 34 56 78' }, related: { caseId: '500-secret' } })
            );
            expect(result.ok && result.warnings).toHaveLength(3);
            expect(JSON.stringify(result)).not.toMatch(/abc123|Jean 06|500-secret/);
        });

        it.each([
            ['an answered call', {}, 'Answered'],
            ['a call never answered', { answeredAt: null }, 'Failed']
        ])('maps an outcome Diamy added later to a safe one on %s, and warns', (_name, overrides, outcome) => {
            const result = toCallRecordInput(answeredInbound({ outcome: 'Rejected' as CompletedCall['outcome'], ...overrides }));
            if (!result.ok) {
                throw new Error(`expected the call to be kept, got: ${result.problems.join('; ')}`);
            }
            expect(result.value.fields.Outcome__c).toBe(outcome);
            expect(result.warnings).toEqual([`outcome "Rejected" is not one of ${['Answered', 'Missed', 'Voicemail', 'Busy', 'No_Answer', 'Failed', 'Abandoned'].join(', ')}: saved as ${outcome}`]);
        });

        it('has no warning for a clean call', () => {
            const result = toCallRecordInput(answeredInbound());
            expect(result.ok && result.warnings).toEqual([]);
        });

        it('reports every problem at once', () => {
            const problems = problemsOf(answeredInbound({ diamyCallId: '', direction: 'x' as never, endedAt: 'never' }));
            expect(problems).toHaveLength(3);
        });

        it('accepts the lookups of each related object', () => {
            const fields = fieldsOf(
                answeredInbound({ related: { leadId: LEAD_ID, caseId: CASE_ID, opportunityId: '006000000000001AAA' } })
            );
            expect(fields).toMatchObject({ Lead__c: LEAD_ID, Case__c: CASE_ID, Opportunity__c: '006000000000001AAA' });
        });
    });

    describe('consultations on the customer call', () => {
        it('records the consultation on the call: the consulted party, the time spent consulting, the outcome', () => {
            const fields = fieldsOf(answeredInbound({ transferred: true, consult: { party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' } }));
            expect(fields).toMatchObject({ Consulted_Party__c: 'Hugo Lefèvre', Consult_Seconds__c: 48, Consult_Outcome__c: 'Transferred', Transferred__c: true });
            expect(CALL_FIELDS).toMatchObject({ consultedParty: 'Consulted_Party__c', consultSeconds: 'Consult_Seconds__c', consultOutcome: 'Consult_Outcome__c' });
        });

        it('knows every outcome of a consultation', () => {
            expect(CONSULT_OUTCOMES).toEqual(['Transferred', 'Merged', 'Cancelled', 'Not_Answered', 'Caller_Hung_Up']);
            for (const outcome of CONSULT_OUTCOMES) {
                expect(fieldsOf(answeredInbound({ consult: { party: null, seconds: 0, outcome } })).Consult_Outcome__c).toBe(outcome);
            }
        });

        it('a call without consultation writes none of the consult fields', () => {
            const fields = fieldsOf(answeredInbound());
            expect(Object.keys(fields).filter((name) => name.startsWith('Consult'))).toEqual([]);
            expect(Object.keys(fieldsOf(answeredInbound({ consult: null }))).filter((name) => name.startsWith('Consult'))).toEqual([]);
        });

        it('cuts the party to the field, rounds the seconds and leaves out what the record cannot take, with a warning', () => {
            const long = fieldsOf(answeredInbound({ consult: { party: `  ${'x'.repeat(130)}  `, seconds: 12.6, outcome: 'Cancelled' } }));
            expect(long).toMatchObject({ Consulted_Party__c: 'x'.repeat(FIELD_LIMITS.consultedParty), Consult_Seconds__c: 13 });
            const result = toCallRecordInput(answeredInbound({ consult: { party: 'Hugo', seconds: -4, outcome: 'Escalated' as 'Cancelled' } }));
            expect(result).toMatchObject({
                ok: true,
                value: { fields: { Consulted_Party__c: 'Hugo' } },
                warnings: ['consult.seconds is not a number of seconds: left out', 'consult.outcome "Escalated" is not one of Transferred, Merged, Cancelled, Not_Answered, Caller_Hung_Up: left out']
            });
            const fields = result.ok ? result.value.fields : {};
            expect(Object.keys(fields).filter((name) => name === 'Consult_Seconds__c' || name === 'Consult_Outcome__c')).toEqual([]);
        });

        it('names the colleague of an internal call (the agent’s own side is marked), both legs naming the other agent', () => {
            const camille = { number: '+33189000201', e164: '+33189000201', name: 'Camille Martin' };
            const hugo = { number: '+33189000202', e164: '+33189000202', name: 'Hugo Lefèvre' };
            const callerLeg = answeredInbound({ direction: 'Internal', from: { ...camille, agent: true }, to: hugo, related: {} });
            const calleeLeg = answeredInbound({ direction: 'Internal', from: camille, to: { ...hugo, agent: true }, related: {} });
            expect(fieldsOf(callerLeg)).toMatchObject({ Direction__c: 'Internal', Caller_Name__c: 'Hugo Lefèvre', Agent__c: AGENT_ID });
            expect(fieldsOf(calleeLeg)).toMatchObject({ Direction__c: 'Internal', Caller_Name__c: 'Camille Martin' });
        });
    });

    describe('wrap-up extensions: callback later, follow-up task', () => {
        const RECORD = 'a01000000000001AAA';
        const HUGO = '005000000000002AAA';

        it('writes the callback time and the follow-up request with the wrap-up', () => {
            const result = toWrapUpUpdate(RECORD, {
                disposition: 'Callback_Requested',
                callbackAt: '2026-11-26T08:30:00.000Z',
                followUp: { subject: '  Envoyer le devis  ', dueDate: '2026-11-27', assigneeId: HUGO }
            });
            expect(result).toEqual({
                ok: true,
                value: {
                    fields: {
                        Id: RECORD,
                        Disposition__c: 'Callback_Requested',
                        Callback_At__c: '2026-11-26T08:30:00.000Z',
                        Follow_Up_Request_Subject__c: 'Envoyer le devis',
                        Follow_Up_Request_Due_Date__c: '2026-11-27',
                        Follow_Up_Request_Assignee__c: HUGO
                    }
                }
            });
            expect(CALL_FIELDS).toMatchObject({
                callbackAt: 'Callback_At__c',
                followUpRequestSubject: 'Follow_Up_Request_Subject__c',
                followUpRequestDueDate: 'Follow_Up_Request_Due_Date__c',
                followUpRequestAssignee: 'Follow_Up_Request_Assignee__c'
            });
        });

        it('a Date callback is written in ISO; null clears the callback and the request; an absent value is left alone', () => {
            expect(toWrapUpUpdate(RECORD, { callbackAt: new Date(Date.UTC(2026, 10, 26, 8, 30)) })).toMatchObject({ ok: true, value: { fields: { Callback_At__c: '2026-11-26T08:30:00.000Z' } } });
            expect(toWrapUpUpdate(RECORD, { callbackAt: null, followUp: null })).toEqual({
                ok: true,
                value: { fields: { Id: RECORD, Callback_At__c: null, Follow_Up_Request_Subject__c: null, Follow_Up_Request_Due_Date__c: null, Follow_Up_Request_Assignee__c: null } }
            });
            expect(toWrapUpUpdate(RECORD, { notes: 'n' })).toEqual({ ok: true, value: { fields: { Id: RECORD, Notes__c: 'n' } } });
            // No assignee: the flow gives the task to the call's agent.
            expect(toWrapUpUpdate(RECORD, { followUp: { subject: 'Rappeler', dueDate: '2026-11-27', assigneeId: null } })).toMatchObject({ ok: true, value: { fields: { Follow_Up_Request_Assignee__c: null } } });
        });

        it('is a set of separate values the call log merges one by one (newest wins)', () => {
            expect(WRAP_UP_FIELDS).toEqual(['disposition', 'notes', 'callbackAt', 'followUpSubject', 'followUpDueDate', 'followUpAssigneeId']);
            expect(wrapUpValues({ disposition: 'Sale', callbackAt: new Date(Date.UTC(2026, 10, 26)), followUp: { subject: 'S', dueDate: '2026-11-27', assigneeId: null } })).toEqual({
                disposition: 'Sale',
                callbackAt: '2026-11-26T00:00:00.000Z',
                followUpSubject: 'S',
                followUpDueDate: '2026-11-27',
                followUpAssigneeId: null
            });
            expect(wrapUpValues({ followUp: null })).toEqual({ followUpSubject: null, followUpDueDate: null, followUpAssigneeId: null });
            expect(wrapUpValues({ notes: 7 as unknown as string, callbackAt: new Date(Number.NaN) })).toEqual({});
            expect(toWrapUpValuesUpdate(RECORD, { followUpDueDate: '2026-11-27' })).toEqual({ ok: true, value: { fields: { Id: RECORD, Follow_Up_Request_Due_Date__c: '2026-11-27' } } });
        });

        it('refuses what the record cannot take, naming the value’s field only', () => {
            expect(toWrapUpUpdate(RECORD, { callbackAt: 'tomorrow' })).toEqual({ ok: false, problems: ['callbackAt is not a date and time'] });
            expect(toWrapUpValuesUpdate(RECORD, { followUpDueDate: '27/11/2026', followUpAssigneeId: '003000000000001AAA' })).toEqual({
                ok: false,
                problems: ['followUp.dueDate is not a date (YYYY-MM-DD)', 'followUp.assigneeId is not a User id']
            });
            expect(toWrapUpValuesUpdate(RECORD, { followUpDueDate: '2026-02-30' })).toEqual({ ok: false, problems: ['followUp.dueDate is not a date (YYYY-MM-DD)'] });
        });

        it('checkWrapUp names every problem of a wrap-up before it is queued', () => {
            expect(checkWrapUp({ disposition: 'Sale', notes: null, callbackAt: '2026-11-26T08:30:00Z', followUp: { subject: 'S', dueDate: '2026-11-27', assigneeId: HUGO } })).toEqual([]);
            expect(checkWrapUp({})).toEqual([]);
            expect(checkWrapUp({ followUp: null, callbackAt: null })).toEqual([]);
            expect(checkWrapUp({ disposition: 3 as unknown as string, notes: {} as unknown as string, callbackAt: 'soon', followUp: { subject: '   ', dueDate: '', assigneeId: 'me' } })).toEqual([
                'disposition is not text',
                'notes is not text',
                'callbackAt is not a date and time',
                'followUp.subject is required',
                'followUp.dueDate is not a date (YYYY-MM-DD)',
                'followUp.assigneeId is not a User id'
            ]);
            expect(checkWrapUp({ followUp: 'call back' as unknown as null })).toEqual(['followUp is not a follow-up request']);
            expect(checkWrapUp(null as unknown as object)).toEqual(['the wrap-up is not an object']);
        });
    });

    describe('toWrapUpUpdate', () => {
        it('stores disposition and notes', () => {
            const result = toWrapUpUpdate('a01000000000001AAA', {
                disposition: 'Callback_Requested',
                notes: '  Rappeler après 14 h  '
            });
            expect(result).toEqual({
                ok: true,
                value: {
                    fields: {
                        Id: 'a01000000000001AAA',
                        [CALL_FIELDS.disposition]: 'Callback_Requested',
                        [CALL_FIELDS.notes]: 'Rappeler après 14 h'
                    }
                }
            });
        });

        it('only touches the fields the agent filled in', () => {
            const result = toWrapUpUpdate('a01000000000001', { notes: 'ok' });
            expect(result.ok && Object.keys(result.value.fields)).toEqual(['Id', 'Notes__c']);
        });

        it('keeps at most the long text area length of notes', () => {
            const result = toWrapUpUpdate('a01000000000001AAA', { notes: 'n'.repeat(40000) });
            expect(result.ok && String(result.value.fields.Notes__c)).toHaveLength(FIELD_LIMITS.notes);
        });

        it('rejects a malformed record id', () => {
            expect(toWrapUpUpdate('not-an-id', { notes: 'ok' })).toEqual({ ok: false, problems: ['recordId is not a Salesforce id'] });
        });

        it('never writes the Task link, which agents cannot edit and the flow owns', () => {
            // A caller passing extra properties (untyped JavaScript, a stale draft) must not reach Task_Id__c.
            const wrapUp = { notes: 'ok', taskId: '00T000000000001AAA' } as WrapUp;
            const result = toWrapUpUpdate('a01000000000001AAA', wrapUp);
            expect(result.ok && Object.keys(result.value.fields)).toEqual(['Id', 'Notes__c']);
            expect(result.ok && CALL_FIELDS.taskId in result.value.fields).toBe(false);
        });
    });

    describe('isRecordIdOf', () => {
        it('checks length, characters and key prefix', () => {
            expect(isRecordIdOf('003000000000001', 'contact')).toBe(true);
            expect(isRecordIdOf('003000000000001AAA', 'contact')).toBe(true);
            expect(isRecordIdOf('003000000000001AA', 'contact')).toBe(false);
            expect(isRecordIdOf('003-00000000001', 'contact')).toBe(false);
            expect(isRecordIdOf(42, 'contact')).toBe(false);
            expect(isRecordIdOf('001000000000001', 'contact')).toBe(false);
        });
    });
});
