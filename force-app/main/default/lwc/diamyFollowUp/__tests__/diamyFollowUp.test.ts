import { FOLLOW_UP_FIELDS, checkCallback, checkFollowUp, checkWrapUpInput, followUpOf, localDate, toFollowUpUpdate } from 'c/diamyFollowUp';

const RECORD = 'a01000000000001AAA';
const HUGO = '005000000000002AAA';
const NOW = Date.parse('2026-11-25T22:30:00.000Z');

describe('c-diamy-follow-up', () => {
    describe('localDate', () => {
        it('is today in the user’s time zone, UTC when the zone is unknown', () => {
            expect(localDate(NOW, 'Europe/Paris')).toBe('2026-11-25');
            expect(localDate(Date.parse('2026-11-25T23:30:00.000Z'), 'Europe/Paris')).toBe('2026-11-26');
            expect(localDate(NOW, 'America/Los_Angeles')).toBe('2026-11-25');
            expect(localDate(NOW, 'Not/A_Zone')).toBe('2026-11-25');
            expect(localDate(NOW, null)).toBe('2026-11-25');
            expect(localDate(Number.NaN, 'Europe/Paris')).toBe('');
        });
    });

    describe('checks, with the message the agent reads', () => {
        it('a follow-up needs a subject, a due date today or later, and a user (or nobody: the call’s agent)', () => {
            expect(checkFollowUp({ subject: 'Envoyer le devis', dueDate: '2026-11-25', assigneeId: null }, '2026-11-25')).toEqual([]);
            expect(checkFollowUp({ subject: 'Envoyer le devis', dueDate: '2026-11-30', assigneeId: HUGO }, '2026-11-25')).toEqual([]);
            expect(checkFollowUp({ subject: '  ', dueDate: '2026-11-24', assigneeId: '00G000000000001AAA' }, '2026-11-25')).toEqual([
                { field: 'subject', message: 'Enter the subject of the follow-up task.' },
                { field: 'dueDate', message: 'Choose a due date for the follow-up task, today or later.' },
                { field: 'assigneeId', message: 'Choose the user who gets the follow-up task.' }
            ]);
            expect(checkFollowUp(null, '2026-11-25').map((problem) => problem.field)).toEqual(['subject', 'dueDate']);
            expect(checkFollowUp({ subject: 'S', dueDate: '2026-02-30' }, '2026-01-01').map((problem) => problem.field)).toEqual(['dueDate']);
        });

        it('a callback time must be in the future', () => {
            expect(checkCallback('2026-11-26T08:30:00.000Z', NOW)).toEqual([]);
            expect(checkCallback(new Date(NOW + 60_000), NOW)).toEqual([]);
            for (const bad of [new Date(NOW), '2026-11-25T22:00:00.000Z', 'tomorrow', '', null, 42]) {
                expect(checkCallback(bad, NOW)).toEqual([{ field: 'callbackAt', message: 'Choose a callback date and time in the future.' }]);
            }
        });

        it('the wrap-up form: a disposition when the admin requires one, and whatever callback or follow-up it carries', () => {
            const options = { dispositionRequired: true, nowMs: NOW, today: '2026-11-25' };
            expect(checkWrapUpInput({ disposition: 'Sale' }, options)).toEqual([]);
            expect(checkWrapUpInput({ disposition: ' ', notes: 'n' }, options)).toEqual([
                { field: 'disposition', message: 'Choose a disposition: your administrator requires one with every wrap-up.' }
            ]);
            expect(checkWrapUpInput({ notes: 'n' }, { ...options, dispositionRequired: false })).toEqual([]);
            expect(
                checkWrapUpInput({ disposition: null, callbackAt: '2026-11-20T08:00:00.000Z', followUp: { subject: '', dueDate: '2026-11-26', assigneeId: null } }, options).map((problem) => problem.field)
            ).toEqual(['disposition', 'callbackAt', 'subject']);
            // Cleared values are not checked.
            expect(checkWrapUpInput({ disposition: 'Sale', callbackAt: null, followUp: null }, options)).toEqual([]);
        });
    });

    describe('writing a follow-up from a record page or a list', () => {
        it('builds the LDS update: the request and the callback time, nothing else', () => {
            expect(toFollowUpUpdate(RECORD, { followUp: { subject: 'Relancer', dueDate: '2026-11-27', assigneeId: HUGO }, callbackAt: '2026-11-26T08:30:00.000Z' })).toEqual({
                ok: true,
                value: {
                    fields: {
                        Id: RECORD,
                        Callback_At__c: '2026-11-26T08:30:00.000Z',
                        Follow_Up_Request_Subject__c: 'Relancer',
                        Follow_Up_Request_Due_Date__c: '2026-11-27',
                        Follow_Up_Request_Assignee__c: HUGO
                    }
                }
            });
            expect(toFollowUpUpdate(RECORD, { followUp: null })).toEqual({
                ok: true,
                value: { fields: { Id: RECORD, Follow_Up_Request_Subject__c: null, Follow_Up_Request_Due_Date__c: null, Follow_Up_Request_Assignee__c: null } }
            });
            expect(toFollowUpUpdate(RECORD, {})).toEqual({ ok: true, value: { fields: { Id: RECORD } } });
            expect(toFollowUpUpdate('not an id', { callbackAt: null })).toEqual({ ok: false, problems: ['recordId is not a Salesforce id'] });
        });
    });

    describe('reading a call’s follow-up back', () => {
        it('names the fields to ask LDS for', () => {
            expect([...FOLLOW_UP_FIELDS].sort()).toEqual(
                [
                    'Diamy_Call__c.Callback_At__c',
                    'Diamy_Call__c.Follow_Up_Due_Date__c',
                    'Diamy_Call__c.Follow_Up_Open__c',
                    'Diamy_Call__c.Follow_Up_Request_Assignee__c',
                    'Diamy_Call__c.Follow_Up_Request_Due_Date__c',
                    'Diamy_Call__c.Follow_Up_Request_Subject__c',
                    'Diamy_Call__c.Follow_Up_Request_Task_Id__c',
                    'Diamy_Call__c.Follow_Up_Task_Id__c'
                ].sort()
            );
        });

        it('reads a getRecord representation and a GraphQL node alike', () => {
            const values = {
                Follow_Up_Request_Subject__c: 'Relancer',
                Follow_Up_Request_Due_Date__c: '2026-11-27',
                Follow_Up_Request_Assignee__c: HUGO,
                Follow_Up_Request_Task_Id__c: '00T000000000001AAA',
                Follow_Up_Task_Id__c: '00T000000000001AAA',
                Follow_Up_Open__c: true,
                Follow_Up_Due_Date__c: '2026-11-27',
                Callback_At__c: '2026-11-26T08:30:00.000Z'
            };
            const expected = {
                requested: { subject: 'Relancer', dueDate: '2026-11-27', assigneeId: HUGO },
                requestTaskId: '00T000000000001AAA',
                taskId: '00T000000000001AAA',
                open: true,
                dueDate: '2026-11-27',
                callbackAt: '2026-11-26T08:30:00.000Z'
            };
            const wrap = (value: unknown): { value: unknown; displayValue: null } => ({ value, displayValue: null });
            const uiRecord = { id: RECORD, apiName: 'Diamy_Call__c', fields: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, wrap(value)])) };
            const graphqlNode = { Id: RECORD, ...Object.fromEntries(Object.entries(values).map(([name, value]) => [name, wrap(value)])) };
            expect(followUpOf(uiRecord)).toEqual(expected);
            expect(followUpOf(graphqlNode)).toEqual(expected);
        });

        it('a call with nothing asked, or nothing readable, has no follow-up', () => {
            const none = { requested: null, requestTaskId: null, taskId: null, open: false, dueDate: null, callbackAt: null };
            expect(followUpOf({ fields: { Follow_Up_Request_Subject__c: { value: null } } })).toEqual(none);
            expect(followUpOf(null)).toEqual(none);
            expect(followUpOf({ fields: 'x', Follow_Up_Open__c: 'yes' })).toEqual(none);
            // Asked, not created yet: the request without its Task.
            expect(followUpOf({ fields: { Follow_Up_Request_Subject__c: { value: 'Relancer' } } })).toMatchObject({ requested: { subject: 'Relancer', dueDate: '', assigneeId: null }, requestTaskId: null });
        });
    });
});
