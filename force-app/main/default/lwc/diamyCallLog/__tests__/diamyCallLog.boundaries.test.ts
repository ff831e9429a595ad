// Boundaries of the call logger: the storage key of each org and user, how UI API errors are read and
// classified, the backoff, what a stored queue may hold (and what is refused when it is read back).
import { CallLogger, STORAGE_KEY, classifyError, parseQueue, readQueue, stampKeyOf, storageKeyFor, storedCall, uiApiErrors } from 'c/diamyCallLog';
import type { LdsApi, LogStatus } from 'c/diamyCallLog';
import type { CompletedCall } from 'c/diamyCallRecord';
import type { RecordInput } from 'lightning/uiRecordApi';
import { FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';

import { AGENT, OTHER_AGENT, ORG, KEY, DAY, completed, Clock, settle, setup as setupLogger } from 'diamy-test/diamyCallLogKit';
import type { SetupOptions } from 'diamy-test/diamyCallLogKit';

/** Integration-log idempotency keys numbered key-1, key-2… so tests can name them. */
function setup(options: SetupOptions = {}) {
    let ids = 0;
    return setupLogger({ newId: () => `key-${(ids += 1)}`, ...options });
}

function stored(storage: MemoryStorage, key = KEY): { savedAt: number; entries: { kind: string; diamyCallId?: string; queuedAt?: number }[]; saved: { id: string; recordId: string | null }[] } {
    return JSON.parse(storage.getItem(key) ?? '{}') as never;
}

/** An LDS whose call creates always fail like a network outage (logs are saved in the org). */
function offline(org: FakeOrg): LdsApi {
    return {
        createRecord: (input: RecordInput) => (input.apiName === 'Diamy_Call__c' ? Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })) : org.createRecord(input)),
        updateRecord: org.updateRecord,
        findCallRecordId: org.findCallRecordId
    };
}

describe('c-diamy-call-log boundaries', () => {
    describe('storage keys', () => {
        it('uses 15-character Salesforce ids, trimmed; other text without punctuation; "unknown" when nothing is left', () => {
            expect(storageKeyFor('00D000000000001AAA', '005000000000001AAA')).toBe('diamy.callLog.00D000000000001.005000000000001');
            expect(storageKeyFor(' 00D000000000001 ', '005000000000001')).toBe('diamy.callLog.00D000000000001.005000000000001');
            // 16, 17 and 19 alphanumeric characters are not Salesforce ids: kept whole.
            expect(storageKeyFor('00D0000000000011', '00500000000000111')).toBe('diamy.callLog.00D0000000000011.00500000000000111');
            expect(storageKeyFor('x00D000000000001AAA', null)).toBe('diamy.callLog.x00D000000000001AAA.unknown');
            expect(storageKeyFor('org.one/two', 'user_1-a b')).toBe('diamy.callLog.orgonetwo.user_1-ab');
            expect(storageKeyFor('', undefined)).toBe('diamy.callLog.unknown.unknown');
            expect(storageKeyFor('...', '  ')).toBe('diamy.callLog.unknown.unknown');
        });

        it('puts the age of a queue beside it', () => {
            expect(stampKeyOf('diamy.callLog.a.b')).toBe('diamy.callLog.a.b.savedAt');
        });
    });

    describe('UI API errors', () => {
        it('reads codes and messages wherever the UI API puts them, as text only', () => {
            expect(uiApiErrors({ body: { errorCode: 'TOP', message: 'top' } })).toEqual([{ code: 'TOP', message: 'top' }]);
            expect(uiApiErrors({ body: { message: 'only a message' } })).toEqual([{ code: '', message: 'only a message' }]);
            expect(uiApiErrors({ body: { errorCode: 'ONLY_CODE', message: 5 } })).toEqual([{ code: 'ONLY_CODE', message: '' }]);
            expect(uiApiErrors({ body: { errorCode: 7, message: null } })).toEqual([]);
            expect(uiApiErrors({ body: { output: { errors: [{ errorCode: 'A', message: 'a' }] }, message: 'outer' } })).toEqual([
                { code: 'A', message: 'a' },
                { code: '', message: 'outer' }
            ]);
            expect(uiApiErrors({ body: [null, 'text', { errorCode: 1, message: 2 }] })).toEqual([{ code: '', message: '' }]);
            expect(uiApiErrors({ body: { output: { errors: 'x', fieldErrors: { F: 'not a list', G: [{ message: 'g' }] } } } })).toEqual([{ code: '', message: 'g' }]);
            expect(uiApiErrors({ body: { output: 'x' } })).toEqual([]);
            expect(uiApiErrors({ body: 'text' })).toEqual([]);
            expect(uiApiErrors({})).toEqual([]);
            expect(uiApiErrors(null)).toEqual([]);
        });

        it.each(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'REQUEST_RUNNING_TOO_LONG'])('retries %s even with a 4xx status', (code) => {
            expect(classifyError({ status: 400, body: [{ errorCode: code, message: 'm' }] })).toEqual({ kind: 'retry', error: code });
        });

        it('retries status 0, 408, 429 and 500 or more; other statuses are final', () => {
            const kind = (status: unknown): string => classifyError({ status, body: [{ errorCode: 'X', message: 'x' }] }).kind;
            expect([0, 408, 429, 500, 599].map(kind)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
            expect([400, 407, 409, 428, 430, 499].map(kind)).toEqual(['fatal', 'fatal', 'fatal', 'fatal', 'fatal', 'fatal']);
            expect(kind('500')).toBe('retry'); // not a number: no answer from the server
        });

        it('summarises the errors by code, else message, joined; else the Error message; else the status', () => {
            expect(
                classifyError({
                    status: 400,
                    body: [
                        { errorCode: 'A', message: 'a' },
                        { errorCode: '', message: 'second' }
                    ]
                })
            ).toEqual({ kind: 'fatal', error: 'A, second' });
            expect(classifyError(Object.assign(new Error('Failed to fetch'), { status: 0 }))).toEqual({ kind: 'retry', error: 'Failed to fetch' });
            expect(classifyError({ status: 404 })).toEqual({ kind: 'fatal', error: 'status 404' });
            expect(classifyError('boom')).toEqual({ kind: 'retry', error: 'status 0' });
        });

        it('recognises a duplicate by its code or its message, and reads a 15- or 18-character record id only', () => {
            const dup = (message: string, code = 'FIELD_INTEGRITY_EXCEPTION'): unknown => classifyError({ status: 400, body: [{ errorCode: code, message }] });
            expect(dup('duplicate value found: x duplicates value on record with id:a01000000000001')).toEqual({ kind: 'duplicate', recordId: 'a01000000000001' });
            expect(dup('DUPLICATE VALUE FOUND: record with id:   a01000000000001AAA.')).toEqual({ kind: 'duplicate', recordId: 'a01000000000001AAA' });
            expect(dup('DUPLICATE_VALUE on record with id: a010000000000012')).toEqual({ kind: 'duplicate', recordId: null });
            expect(dup('no id here', 'DUPLICATE_VALUE')).toEqual({ kind: 'duplicate', recordId: null });
            expect(dup('a value that duplicates nothing')).toEqual({ kind: 'fatal', error: 'FIELD_INTEGRITY_EXCEPTION' });
            // The first duplicate is the one read.
            expect(
                classifyError({
                    body: [
                        { errorCode: 'OTHER', message: 'record with id: a01000000000009' },
                        { errorCode: 'DUPLICATE_VALUE', message: 'record with id: a01000000000002' }
                    ]
                })
            ).toEqual({ kind: 'duplicate', recordId: 'a01000000000002' });
        });
    });

    describe('backoff', () => {
        function logger(random: number, options: { baseDelayMs?: number; maxDelayMs?: number } = {}): CallLogger {
            return new CallLogger({ lds: new FakeOrg(), storage: null, random: () => random, setTimer: () => 0, clearTimer: () => undefined, ...options });
        }

        it('doubles from the base delay, with jitter between half and all of it', () => {
            expect(logger(0).backoff(1)).toBe(500);
            expect(logger(1).backoff(1)).toBe(1000);
            expect(logger(0.5).backoff(3)).toBe(3000);
            expect(logger(0.3, { baseDelayMs: 10 }).backoff(2)).toBe(13);
        });

        it('is capped by maxDelayMs (5 minutes by default) and by 2^20 base delays', () => {
            expect(logger(1).backoff(30)).toBe(300_000);
            expect(logger(1, { maxDelayMs: 4000 }).backoff(4)).toBe(4000);
            expect(logger(1, { baseDelayMs: 1, maxDelayMs: Number.MAX_SAFE_INTEGER }).backoff(40)).toBe(2 ** 20);
            expect(logger(1, { baseDelayMs: 1, maxDelayMs: Number.MAX_SAFE_INTEGER }).backoff(21)).toBe(2 ** 20);
            expect(logger(1, { baseDelayMs: 1, maxDelayMs: Number.MAX_SAFE_INTEGER }).backoff(20)).toBe(2 ** 19);
        });
    });

    describe('what a stored call keeps', () => {
        it('copies the CompletedCall fields only, text as text, and nothing else', () => {
            const copy = storedCall({
                diamyCallId: 'c1',
                direction: 'Inbound',
                outcome: 'Answered',
                from: { number: '+331', e164: 5, name: 'Jean', extra: 'x' },
                to: { number: 33 },
                startedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
                answeredAt: new Date(Number.NaN),
                endedAt: '2026-01-02T03:05:00.000Z',
                agentUserId: 42,
                related: { contactId: '003x', leadId: 7, caseId: null, extra: 'y' },
                line: 'L1',
                queue: null,
                recordingUrl: 'https://r',
                transferred: 'yes',
                conferenced: true,
                source: 'Softphone',
                payload: { secret: true }
            });
            expect(copy).toEqual({
                diamyCallId: 'c1',
                direction: 'Inbound',
                outcome: 'Answered',
                from: { number: '+331', e164: null, name: 'Jean' },
                startedAt: '2026-01-02T03:04:05.000Z',
                answeredAt: null,
                endedAt: '2026-01-02T03:05:00.000Z',
                agentUserId: null,
                related: { contactId: '003x' },
                line: 'L1',
                queue: null,
                recordingUrl: 'https://r',
                transferred: false,
                conferenced: true,
                source: 'Softphone'
            });
        });

        it('keeps which side is the agent (an internal call names the colleague) and the consultation, field by field', () => {
            const copy = storedCall({
                diamyCallId: 'c2',
                direction: 'Internal',
                outcome: 'Answered',
                from: { number: '+33189000201', e164: '+33189000201', name: 'Camille Martin', agent: true },
                to: { number: '+33189000202', e164: '+33189000202', name: 'Hugo Lefèvre', agent: 'yes' },
                startedAt: '2026-01-02T03:04:05.000Z',
                endedAt: '2026-01-02T03:05:00.000Z',
                consult: { party: 'Hugo Lefèvre', seconds: 30, outcome: 'Transferred', extra: 'x' },
                source: 'Softphone'
            });
            expect(copy?.from).toEqual({ number: '+33189000201', e164: '+33189000201', name: 'Camille Martin', agent: true });
            expect(copy?.to).toEqual({ number: '+33189000202', e164: '+33189000202', name: 'Hugo Lefèvre' });
            expect(copy?.consult).toEqual({ party: 'Hugo Lefèvre', seconds: 30, outcome: 'Transferred' });
            expect(storedCall({ diamyCallId: 'c3', consult: 'Transferred' })).not.toHaveProperty('consult');
            expect(storedCall({ diamyCallId: 'c3', consult: { party: 7, seconds: '30', outcome: null } })?.consult).toEqual({ party: null, seconds: null, outcome: null });
        });

        it('gives a call without an id an empty id, leaves out what is not text, and refuses what is not an object', () => {
            expect(storedCall({ related: 'x', direction: 1, transferred: true })).toEqual({
                diamyCallId: '',
                answeredAt: null,
                agentUserId: null,
                line: null,
                queue: null,
                recordingUrl: null,
                transferred: true,
                conferenced: false
            });
            expect(storedCall(null)).toBeNull();
            expect(storedCall('c1')).toBeNull();
        });
    });

    describe('reading a stored queue', () => {
        const NOW = 5_000_000;
        const call = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
            kind: 'call',
            diamyCallId: 'c1',
            created: false,
            call: { diamyCallId: 'c1', agentUserId: 'u1' },
            attempts: 1,
            nextAttemptAt: 10,
            ...overrides
        });
        const read = (value: unknown): ReturnType<typeof parseQueue> => parseQueue(JSON.stringify(value), NOW);

        it('reads nothing from absent text, and only the length of text it cannot use', () => {
            expect(parseQueue(null, NOW)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 });
            expect(parseQueue('{oops', NOW)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: 5, invalidEntries: 0 });
            for (const value of [{ version: 3, entries: [] }, { version: 0, entries: [] }, { version: 2, entries: {} }, { entries: [] }, [1], 'text', null]) {
                expect(read(value)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: JSON.stringify(value).length, invalidEntries: 0 });
            }
            expect(read({ version: 1, entries: [] })).toEqual({ entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 });
            expect(read({ version: 2, savedAt: 7, entries: [] }).savedAt).toBe(7);
        });

        it('reads a call entry field by field, with defaults for what an earlier version did not store', () => {
            const snapshot = read({ version: 2, savedAt: 99, entries: [call({ wrapUp: { notes: 'n', disposition: null }, extra: 'x' })] });
            expect(snapshot.entries).toEqual([
                {
                    kind: 'call',
                    diamyCallId: 'c1',
                    agentUserId: 'u1',
                    call: { diamyCallId: 'c1', agentUserId: 'u1', answeredAt: null, line: null, queue: null, recordingUrl: null, transferred: false, conferenced: false },
                    created: false,
                    recordId: null,
                    wrapUp: { notes: { value: 'n', at: 0 }, disposition: { value: null, at: 0 } },
                    applied: {},
                    lookups: 0,
                    attempts: 1,
                    nextAttemptAt: 10,
                    escalated: false,
                    lastError: null,
                    queuedAt: 99
                }
            ]);
            // Without savedAt, entries without a date are dated now.
            expect(read({ version: 2, entries: [call()] }).entries[0]?.queuedAt).toBe(NOW);
        });

        it('keeps the stored values of a saved call entry and what was written of its wrap-up', () => {
            const snapshot = read({
                version: 2,
                entries: [
                    call({
                        created: true,
                        call: { diamyCallId: 'c1', agentUserId: 'u1' },
                        agentUserId: 'u9',
                        recordId: 'a01',
                        wrapUp: { notes: { value: 'n', at: 5 }, disposition: { value: 3, at: 6 }, other: 'x' },
                        applied: { notes: 4, disposition: 'x' },
                        lookups: 2,
                        escalated: true,
                        lastError: 'status 0',
                        queuedAt: 77
                    })
                ]
            });
            expect(snapshot.entries[0]).toEqual(
                expect.objectContaining({ call: null, created: true, agentUserId: 'u9', recordId: 'a01', wrapUp: { notes: { value: 'n', at: 5 } }, applied: { notes: 4 }, lookups: 2, escalated: true, lastError: 'status 0', queuedAt: 77 })
            );
        });

        it('refuses malformed entries and counts them', () => {
            const snapshot = read({
                version: 2,
                entries: [
                    call({ diamyCallId: 5 }),
                    call({ created: 'no' }),
                    call({ call: 'text' }),
                    call({ attempts: '1' }),
                    call({ nextAttemptAt: null }),
                    call({ kind: 'other' }),
                    { kind: 'log', key: 1, fields: {}, attempts: 0, nextAttemptAt: 0 },
                    { kind: 'log', key: 'k', fields: 'x', attempts: 0, nextAttemptAt: 0 },
                    null,
                    call({ call: null, diamyCallId: 'wrap-up-only', wrapUp: { notes: 'n' } })
                ]
            });
            expect(snapshot.invalidEntries).toBe(9);
            expect(snapshot.entries).toEqual([expect.objectContaining({ diamyCallId: 'wrap-up-only', call: null, agentUserId: null })]);
        });

        it('keeps the text, number and null fields of a log entry', () => {
            const snapshot = read({ version: 2, savedAt: 3, entries: [{ kind: 'log', key: 'k1', fields: { A: 'a', B: 2, C: null, D: true, E: { x: 1 } }, attempts: 2, nextAttemptAt: 40, queuedAt: 8 }] });
            expect(snapshot.entries).toEqual([{ kind: 'log', key: 'k1', fields: { A: 'a', B: 2, C: null }, attempts: 2, nextAttemptAt: 40, queuedAt: 8 }]);
            expect(read({ version: 2, savedAt: 3, entries: [{ kind: 'log', key: 'k1', fields: {}, attempts: 0, nextAttemptAt: 0 }] }).entries[0]?.queuedAt).toBe(3);
        });

        it('reads the saved calls of both versions and drops what is not one', () => {
            const snapshot = read({ version: 2, entries: [], saved: ['old', { id: 'new', recordId: 'a01', applied: { notes: 3 } }, { id: 'bare', recordId: 5, applied: { notes: 'x' } }, { recordId: 'a02' }, 7] });
            expect(snapshot.saved).toEqual([
                { id: 'old', recordId: null },
                { id: 'new', recordId: 'a01', applied: { notes: 3 } },
                { id: 'bare', recordId: null }
            ]);
            expect(read({ version: 2, entries: [], saved: 'x' }).saved).toEqual([]);
        });

        it('reads the legacy key by default and never throws on storage that cannot be read', () => {
            const storage = new MemoryStorage();
            storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, entries: [], saved: ['s'] }));
            expect(readQueue(storage).saved).toEqual([{ id: 's', recordId: null }]);
            expect(readQueue(null).entries).toEqual([]);
            const broken = { getItem: (): string => { throw new Error('SecurityError'); }, setItem: (): void => undefined, removeItem: (): void => undefined };
            expect(readQueue(broken, 'k', 1)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 });
        });
    });

    describe('integration-log entries', () => {
        it('logs a call that is not a call at all once, with every field of the entry', async () => {
            const { org, clock, logger } = setup({ source: 'tests' });
            await logger.logCall(null as unknown as CompletedCall);
            expect(org.createCalls).toBe(1);
            expect(org.logs().map((log) => log.fields)).toEqual([
                {
                    Logged_At__c: new Date(clock.time).toISOString(),
                    Severity__c: 'Error',
                    Area__c: 'Logging',
                    Message__c: 'Call (no id) could not be saved: invalid data',
                    Payload__c: JSON.stringify({ problems: ['not a call'], call: null }),
                    Retry_Count__c: 0,
                    Status__c: 'Failed',
                    Source__c: 'tests',
                    Idempotency_Key__c: 'key-1'
                }
            ]);
            expect(logger.status).toEqual(expect.objectContaining({ state: 'failed', failedCalls: [''], message: '1 call(s) could not be saved to Salesforce. Your administrator has been notified.' }));
        });

        it('names the call and its problems when its data is invalid; the default source is diamyCallLog', async () => {
            const org = new FakeOrg();
            const logger = new CallLogger({ lds: org, storage: null, setTimer: () => 0, clearTimer: () => undefined, newId: () => 'k'.repeat(70) });
            await logger.logCall(completed('call_9', { direction: 'Sideways' as never }));
            expect(org.calls()).toHaveLength(0);
            const fields = org.logs()[0]?.fields ?? {};
            expect(fields).toEqual(expect.objectContaining({ Message__c: 'Call call_9 could not be saved: invalid data', Diamy_Call_Id__c: 'call_9', Source__c: 'diamyCallLog', Idempotency_Key__c: 'k'.repeat(64) }));
            expect(JSON.parse(String(fields.Payload__c)).problems.length).toBeGreaterThan(0);
            expect(logger.status.failedCalls).toEqual(['call_9']);
        });

        it('cuts the call id of an entry to 64 characters and the message to 255', async () => {
            const org = new FakeOrg();
            const { logger } = setup({ org });
            const id = `c${'9'.repeat(99)}`;
            await logger.logCall(completed(id, { direction: 'Sideways' as never }));
            const fields = org.logs()[0]?.fields ?? {};
            expect(fields.Diamy_Call_Id__c).toBe(id.slice(0, 64));
            expect(String(fields.Message__c)).toHaveLength(`Call ${id} could not be saved: invalid data`.length);
            const long = `c${'8'.repeat(300)}`;
            await logger.logCall(completed(long, { direction: 'Sideways' as never }));
            expect(String(org.logs()[1]?.fields.Message__c)).toHaveLength(255);
        });

        it('uses crypto.randomUUID for idempotency keys, and time and randomness without it', async () => {
            const org = new FakeOrg();
            const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
            try {
                Object.defineProperty(globalThis, 'crypto', { value: { randomUUID: () => 'uuid-1' }, configurable: true, writable: true });
                await new CallLogger({ lds: org, storage: null, setTimer: () => 0, clearTimer: () => undefined }).logCall(null as unknown as CompletedCall);
                Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
                await new CallLogger({ lds: org, storage: null, setTimer: () => 0, clearTimer: () => undefined }).logCall(null as unknown as CompletedCall);
            } finally {
                if (crypto) {
                    Object.defineProperty(globalThis, 'crypto', crypto);
                } else {
                    delete (globalThis as { crypto?: unknown }).crypto;
                }
            }
            const keys = org.logs().map((log) => String(log.fields.Idempotency_Key__c));
            expect(keys[0]).toBe('uuid-1');
            expect(keys[1]).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
        });

        it('retries a log entry the org did not answer, and drops one the org refuses', async () => {
            const { org, clock, logger } = setup();
            org.failNext('network');
            await logger.logCall(null as unknown as CompletedCall);
            expect(org.logs()).toHaveLength(0);
            expect(clock.nextDelay()).toBe(750);
                        await clock.tick();
            expect(org.logs()).toHaveLength(1);
            expect(clock.timers).toHaveLength(0);
            org.failNext('validation');
            await logger.logCall(null as unknown as CompletedCall);
            expect(org.logs()).toHaveLength(1);
            expect(clock.timers).toHaveLength(0);
        });
    });

    describe('retries', () => {
        it('escalates at exactly maxAttempts failures, once, and shows the call failed until it is saved', async () => {
            const org = new FakeOrg();
            let failures = 4;
            const lds: LdsApi = { ...offline(org), createRecord: (input) => (input.apiName === 'Diamy_Call__c' && (failures -= 1) >= 0 ? Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })) : org.createRecord(input)) };
            const { clock, logger } = setup({ org, lds, maxAttempts: 3 });
            await logger.logCall(completed('call_1'));
            await clock.tick();
            expect(org.logs()).toHaveLength(0);
            expect(logger.status.state).toBe('retrying');
            await clock.tick();
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Retry_Count__c, log.fields.Status__c])).toEqual([['Call call_1 not saved after 3 attempts; still retrying', 3, 'Retrying']]);
            expect(logger.status).toEqual(expect.objectContaining({ state: 'failed', failedCalls: ['call_1'], pending: 1 }));
            await clock.tick();
            expect(org.logs()).toHaveLength(1);
            await clock.tick();
            expect(org.calls()).toHaveLength(1);
            expect(logger.status).toEqual(expect.objectContaining({ state: 'idle', failedCalls: [], pending: 0, message: 'All calls are saved to Salesforce' }));
        });

        it('keeps the first 255 characters of an error', async () => {
            const long = 'E'.repeat(300);
            const org = new FakeOrg();
            const lds: LdsApi = { ...offline(org), createRecord: (input) => (input.apiName === 'Diamy_Call__c' ? Promise.reject(Object.assign(new Error('UI API 400'), { status: 400, body: [{ errorCode: long, message: 'x' }] })) : org.createRecord(input)) };
            const { logger } = setup({ org, lds });
            await logger.logCall(completed('call_1'));
            expect(JSON.parse(String(org.logs()[0]?.fields.Payload__c)).error).toBe('E'.repeat(255));
            expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Retry_Count__c: 1, Status__c: 'Failed', Severity__c: 'Error' }));
        });

        it('a wrap-up during the backoff tries the save at once', async () => {
            const { org, clock, logger } = setup();
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            expect(clock.nextDelay()).toBe(750);
            await logger.logWrapUp('call_1', { notes: 'n' });
            expect(org.createCalls).toBe(2);
            expect(org.calls()[0]?.fields.Notes__c).toBe('n');
            expect(clock.timers).toHaveLength(0);
        });

        it('uses the platform timers, clock and 6 attempts by default', async () => {
            jest.useFakeTimers();
            jest.setSystemTime(Date.UTC(2026, 10, 25, 10, 0, 0));
            try {
                const org = new FakeOrg();
                const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
                const logger = new CallLogger({ lds: offline(org), storage: null, orgId: ORG, agentUserId: AGENT, newId: () => 'k1' });
                await logger.logCall(completed('call_1'));
                await settle();
                // 750, 1500, 3000, 6000, 12 000 ms: five more attempts, the sixth failure escalates.
                for (const ms of [750, 1500, 3000, 6000]) {
                    jest.advanceTimersByTime(ms);
                    await settle();
                }
                expect(org.logs()).toHaveLength(0);
                jest.advanceTimersByTime(11_999);
                await settle();
                expect(org.logs()).toHaveLength(0);
                jest.advanceTimersByTime(1);
                await settle();
                expect(org.logs().map((log) => [log.fields.Retry_Count__c, log.fields.Logged_At__c])).toEqual([[6, new Date(Date.UTC(2026, 10, 25, 10, 0, 23, 250)).toISOString()]]);
                logger.stop();
                expect(jest.getTimerCount()).toBe(0);
                random.mockRestore();
            } finally {
                jest.useRealTimers();
            }
        });
    });

    describe('wrap-ups', () => {
        it('writes only text or null values of a wrap-up', async () => {
            const { org, logger } = setup();
            await logger.logCall(completed('call_1'));
            await logger.logWrapUp('call_1', { disposition: 5, notes: 'n' } as never);
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Notes__c: 'n' }));
            expect(org.calls()[0]?.fields).not.toHaveProperty('Disposition__c');
            await logger.logWrapUp('call_1', { notes: null });
            expect(org.calls()[0]?.fields.Notes__c).toBeNull();
            const updates = org.updateCalls;
            await logger.logWrapUp('call_1', null as never);
            expect(org.updateCalls).toBe(updates);
            expect(logger.pendingCallIds()).toEqual([]);
        });

        it('logs a wrap-up whose record id is not a Salesforce id as invalid, without calling updateRecord', async () => {
            const org = new FakeOrg();
            const lds: LdsApi = { createRecord: org.createRecord, updateRecord: org.updateRecord, findCallRecordId: () => Promise.resolve('not-an-id') };
            const { logger } = setup({ org, lds });
            await logger.logWrapUp('call_x', { notes: 'n' });
            expect(org.updateCalls).toBe(0);
            expect(org.logs().map((log) => log.fields)).toEqual([
                expect.objectContaining({ Message__c: 'Wrap-up of call call_x is invalid', Related_Record_Id__c: 'not-an-id', Status__c: 'Failed', Severity__c: 'Error', Diamy_Call_Id__c: 'call_x' })
            ]);
            expect(logger.status).toEqual(expect.objectContaining({ state: 'idle', pending: 0, failedCalls: [] }));
        });

        it('gives up on an invisible record after lookupAttempts answers (at least one), a failing lookup counting as one', async () => {
            const org = new FakeOrg();
            const lds: LdsApi = { createRecord: org.createRecord, updateRecord: org.updateRecord, findCallRecordId: () => Promise.reject(new Error('GraphQL down')) };
            const { logger, clock } = setup({ org, lds, lookupAttempts: 0 });
            await logger.logWrapUp('call_x', { notes: 'n', disposition: 'Resolved' });
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Retry_Count__c, log.fields.Status__c, log.fields.Severity__c])).toEqual([
                ['Wrap-up of call call_x not saved: the call record is not visible to this user', 1, 'Failed', 'Warning']
            ]);
            expect(JSON.parse(String(org.logs()[0]?.fields.Payload__c))).toEqual({ wrapUp: { disposition: 'Resolved', notes: 'n' } });
            expect(clock.timers).toHaveLength(0);
            const org2 = new FakeOrg();
            const two = setup({ org: org2, lds: { ...lds, createRecord: org2.createRecord }, lookupAttempts: 2 });
            await two.logger.logWrapUp('call_y', { notes: 'n' });
            expect(two.clock.nextDelay()).toBe(750);
            expect(org2.logs()).toHaveLength(0);
            await two.clock.tick();
            expect(org2.logs().map((log) => log.fields.Retry_Count__c)).toEqual([2]);
        });
    });

    describe('status', () => {
        it('says saving while a save is in flight, and pending with the count', async () => {
            const org = new FakeOrg();
            let release: () => void = () => undefined;
            const gate = new Promise<void>((resolve) => (release = resolve));
            const lds: LdsApi = { ...org, createRecord: (input) => gate.then(() => org.createRecord(input)), updateRecord: org.updateRecord, findCallRecordId: org.findCallRecordId };
            const { logger } = setup({ org, lds });
            const statuses: LogStatus[] = [];
            logger.subscribe((status) => statuses.push(status));
            const done = logger.logCall(completed('call_1'));
            // Awaited below; handled now so a failing expectation first never leaves it rejecting unhandled (that
            // ends the process of a mutation run's test runner).
            done.catch(() => undefined);
            await settle();
            expect(logger.status).toEqual(expect.objectContaining({ state: 'saving', pending: 1, message: '1 call(s) waiting to be saved to Salesforce' }));
            release();
            await done;
            expect(logger.status.state).toBe('idle');
            expect(statuses[0]).toEqual(expect.objectContaining({ state: 'idle', pending: 0, storage: 'ok', storageMessage: null }));
            expect(statuses.map((s) => s.state)).toContain('saving');
        });

        it('goes back to ok when the storage accepts writes again, and tells the listeners', async () => {
            const { org, storage, logger } = setup();
            const states: string[] = [];
            logger.subscribe((status) => states.push(status.storage));
            storage.refuseWrites = true;
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            expect(logger.status.storage).toBe('memory-only');
            storage.refuseWrites = false;
            await logger.flush();
            expect(logger.status).toEqual(expect.objectContaining({ storage: 'ok', storageMessage: null }));
            expect(states[0]).toBe('ok');
            expect(states).toContain('memory-only');
            expect(states[states.length - 1]).toBe('ok');
        });

        it('writes the time of each write beside the queue; a refused stamp does not matter', async () => {
            const { org, storage, clock, logger } = setup();
            org.failNext('network');
            clock.time = 2_000_000;
            await logger.logCall(completed('call_1'));
            expect(storage.getItem(stampKeyOf(KEY))).toBe('2000000');
            const setItem = storage.setItem.bind(storage);
            storage.setItem = (key: string, value: string): void => {
                if (key.endsWith('.savedAt')) {
                    throw new Error('QuotaExceededError');
                }
                setItem(key, value);
            };
            clock.time = 3_000_000;
            await logger.flush();
            expect(stored(storage).savedAt).toBe(3_000_000);
            expect(logger.status.storage).toBe('ok');
        });
    });

    describe('age limits', () => {
        it('keeps a call queued exactly maxAgeMs ago and drops it one millisecond later, naming the hours', async () => {
            const org = new FakeOrg();
            const { clock, logger } = setup({ org, lds: offline(org), maxAgeMs: 2 * 3_600_000, maxAttempts: 100 });
            const start = clock.time;
            await logger.logCall(completed('call_1'));
            clock.time = start + 2 * 3_600_000;
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual(['call_1']);
            clock.time += 1;
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual([]);
            expect(org.logs().map((log) => log.fields.Message__c)).toEqual(["Call call_1 was not saved from this browser within 2 hours and was removed from it; Diamy's server keeps the call"]);
            expect(JSON.parse(String(org.logs()[0]?.fields.Payload__c))).toEqual({ maxAgeMs: 7_200_000 });
        });

        it("removes another user's queue whose stamp is older than 7 days, or not a number; keeps one exactly 7 days old and other keys", () => {
            const storage = new MemoryStorage();
            const clock = new Clock();
            const limit = clock.time - 7 * DAY;
            const key = (user: string): string => storageKeyFor(ORG, user);
            storage.setItem(key('005A'), '{}');
            storage.setItem(stampKeyOf(key('005A')), String(limit));
            storage.setItem(key('005B'), '{}');
            storage.setItem(stampKeyOf(key('005B')), String(limit - 1));
            storage.setItem(key('005C'), '{}');
            storage.setItem(stampKeyOf(key('005C')), 'yesterday');
            storage.setItem(key('005D'), '{}');
            storage.setItem('other.app.savedAt', '0');
            storage.setItem('diamy.callLogX.savedAt', '0');
            storage.setItem(stampKeyOf(KEY), '0');
            storage.setItem('diamy.callLog.x.corrupt', 'x');
            setup({ storage, clock });
            expect([...storage.data.keys()].sort()).toEqual(
                [key('005A'), stampKeyOf(key('005A')), key('005D'), 'other.app.savedAt', 'diamy.callLogX.savedAt', KEY, stampKeyOf(KEY)].sort()
            );
        });

        it('leaves the other queues alone when listing or reading the storage fails', () => {
            const storage = new MemoryStorage();
            const clock = new Clock();
            const other = storageKeyFor(ORG, '005B');
            storage.setItem(other, '{}');
            storage.setItem(stampKeyOf(other), '0');
            const getItem = storage.getItem.bind(storage);
            storage.getItem = (key: string): string | null => {
                if (key === stampKeyOf(other)) {
                    throw new Error('SecurityError');
                }
                return getItem(key);
            };
            setup({ storage, clock });
            expect(storage.data.has(other)).toBe(true);
            const listing = new MemoryStorage();
            listing.setItem(other, '{}');
            listing.setItem(stampKeyOf(other), '0');
            listing.key = (): string | null => {
                throw new Error('SecurityError');
            };
            setup({ storage: listing, clock });
            expect(listing.data.has(other)).toBe(true);
        });
    });

    describe('what the logger reports about the stored queue', () => {
        it('reports malformed entries with their count', async () => {
            const storage = new MemoryStorage();
            storage.setItem(KEY, JSON.stringify({ version: 2, savedAt: 1, entries: [{ kind: 'call' }, { kind: 'x' }], saved: [] }));
            const { org, logger } = setup({ storage });
            await logger.flush();
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Payload__c])).toEqual([['2 malformed entr(ies) of the call log queue were removed from browser storage', '{"entries":2}']]);
        });

        it("reports another agent's queued calls once, with their count", async () => {
            const storage = new MemoryStorage();
            const other = (id: string): Record<string, unknown> => ({ kind: 'call', diamyCallId: id, agentUserId: OTHER_AGENT, created: false, call: completed(id, { agentUserId: OTHER_AGENT }), attempts: 0, nextAttemptAt: 0 });
            storage.setItem(KEY, JSON.stringify({ version: 2, savedAt: 1_000_000, entries: [other('o1'), other('o2')], saved: [] }));
            const { org, logger } = setup({ storage });
            await logger.flush();
            storage.setItem(KEY, JSON.stringify({ version: 2, savedAt: 1_000_000, entries: [other('o3')], saved: [] }));
            await logger.flush();
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Payload__c])).toEqual([['2 queued call(s) of another Salesforce user were removed from this browser', '{"calls":2}']]);
            expect(org.calls()).toHaveLength(0);
        });

        it('moves the legacy queue with counts of what it removed', async () => {
            const storage = new MemoryStorage();
            const legacyCall = (id: string, agent: string | null): Record<string, unknown> => ({ kind: 'call', diamyCallId: id, agentUserId: agent, created: false, call: completed(id, { agentUserId: agent ?? undefined }), attempts: 0, nextAttemptAt: 0 });
            storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, entries: [legacyCall('mine', AGENT.slice(0, 15)), legacyCall('theirs', OTHER_AGENT), { kind: 'log', key: 'l', fields: {}, attempts: 0, nextAttemptAt: 0 }, { kind: 'bad' }] }));
            const { org, logger } = setup({ storage });
            await logger.flush();
            expect(storage.data.has(STORAGE_KEY)).toBe(false);
            expect(org.calls().map((call) => call.fields.Diamy_Call_Id__c)).toEqual(['mine']);
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Payload__c])).toEqual([
                ['Call log queue of an earlier version moved to this user: 1 call(s) and 2 log entr(ies) of other or unknown users removed from this browser', '{"calls":1,"logEntries":2}']
            ]);
        });

        it('moves a legacy queue of its own calls only without a report, and leaves it alone without a user', async () => {
            const storage = new MemoryStorage();
            storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, entries: [{ kind: 'call', diamyCallId: 'mine', agentUserId: AGENT, created: false, call: completed('mine'), attempts: 0, nextAttemptAt: 0 }] }));
            const anonymous = setup({ storage, agentUserId: null });
            await anonymous.logger.flush();
            expect(storage.data.has(STORAGE_KEY)).toBe(true);
            anonymous.logger.stop();
            const { org, logger } = setup({ storage });
            await logger.flush();
            expect(storage.data.has(STORAGE_KEY)).toBe(false);
            expect(org.calls()).toHaveLength(1);
            expect(org.logs()).toHaveLength(0);
        });
    });

    describe('merging what another logger stored', () => {
        type StoredEntry = Record<string, unknown> & { diamyCallId?: string };
        function rewrite(storage: MemoryStorage, change: (entry: StoredEntry) => void): void {
            const queue = JSON.parse(storage.getItem(KEY) ?? '{}') as { entries: StoredEntry[] };
            queue.entries.forEach(change);
            storage.setItem(KEY, JSON.stringify(queue));
        }
        function entryOf(storage: MemoryStorage, id: string): StoredEntry | undefined {
            return (JSON.parse(storage.getItem(KEY) ?? '{}') as { entries: StoredEntry[] }).entries.find((entry) => entry.diamyCallId === id);
        }

        it('takes the other copy field by field: created, record id, newer wrap-up values, most lookups, oldest queue time', async () => {
            const org = new FakeOrg();
            const { storage, clock, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            clock.time += 10;
            await logger.logWrapUp('call_1', { notes: 'mine' });
            const at = clock.time;
            rewrite(storage, (entry) => {
                Object.assign(entry, {
                    created: true,
                    call: null,
                    recordId: 'a01000000000001AAA',
                    wrapUp: { notes: { value: 'theirs, same time', at }, disposition: { value: 'Resolved', at: at - 5 } },
                    lookups: 3,
                    queuedAt: 10
                });
            });
            await logger.flush();
            expect(entryOf(storage, 'call_1')).toEqual(
                expect.objectContaining({
                    created: true,
                    call: null,
                    recordId: 'a01000000000001AAA',
                    wrapUp: { notes: { value: 'mine', at }, disposition: { value: 'Resolved', at: at - 5 } },
                    lookups: 3,
                    queuedAt: 10
                })
            );
            // A newer value of theirs wins; a value written at or after a pending one's time is not written again.
            rewrite(storage, (entry) => {
                Object.assign(entry, { wrapUp: { notes: { value: 'theirs, newer', at: at + 1 } }, applied: { disposition: at - 5 }, lookups: 1, queuedAt: 500 });
            });
            await logger.flush();
            expect(entryOf(storage, 'call_1')).toEqual(expect.objectContaining({ wrapUp: { notes: { value: 'theirs, newer', at: at + 1 } }, applied: { disposition: at - 5 }, lookups: 3, queuedAt: 10 }));
            rewrite(storage, (entry) => {
                Object.assign(entry, { applied: { notes: at }, recordId: 'a01000000000002AAA' });
            });
            await logger.flush();
            expect(entryOf(storage, 'call_1')).toEqual(expect.objectContaining({ wrapUp: { notes: { value: 'theirs, newer', at: at + 1 } }, applied: { notes: at, disposition: at - 5 }, recordId: 'a01000000000001AAA' }));
        });

        it('keeps its own call data while neither copy is created, and takes the other call data when it has none', async () => {
            const org = new FakeOrg();
            const { storage, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            rewrite(storage, (entry) => {
                Object.assign(entry, { call: completed('call_1', { line: 'other line' }), agentUserId: null });
            });
            await logger.flush();
            expect(entryOf(storage, 'call_1')).toEqual(expect.objectContaining({ created: false, agentUserId: AGENT, call: expect.objectContaining({ line: null }) }));
            // A wrap-up-only entry of this logger merges with a queued call of another: that call's data is kept.
            await logger.logWrapUp('call_2', { notes: 'n' });
            rewrite(storage, (entry) => {
                if (entry.diamyCallId === 'call_2') {
                    Object.assign(entry, { call: completed('call_2'), created: false });
                }
            });
            await logger.flush();
            expect(entryOf(storage, 'call_2')).toEqual(expect.objectContaining({ created: false, call: expect.objectContaining({ diamyCallId: 'call_2' }) }));
        });
    });

    describe('calls saved by another logger, and whose calls a queue keeps', () => {
        type Queue = { version: number; savedAt: number; entries: Record<string, unknown>[]; saved: Record<string, unknown>[] };
        function edit(storage: MemoryStorage, change: (queue: Queue) => void): void {
            const queue = JSON.parse(storage.getItem(KEY) ?? '{}') as Queue;
            change(queue);
            storage.setItem(KEY, JSON.stringify(queue));
        }
        const queued = (id: string, agentUserId: string | null): Record<string, unknown> => ({ kind: 'call', diamyCallId: id, agentUserId, created: false, call: completed(id, agentUserId ? { agentUserId } : {}), attempts: 0, nextAttemptAt: 9e15 });

        it('a queued call another logger saved leaves the queue, unless a wrap-up is still to write (with the saved record id)', async () => {
            const org = new FakeOrg();
            const { storage, clock, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            await logger.logCall(completed('call_2'));
            clock.time += 10;
            await logger.logWrapUp('call_2', { notes: 'still to write' });
            edit(storage, (queue) => {
                queue.saved = [
                    { id: 'call_1', recordId: 'a01000000000001AAA' },
                    { id: 'call_2', recordId: 'a01000000000002AAA', applied: { disposition: 5 } }
                ];
            });
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual(['call_2']);
            const queue = JSON.parse(storage.getItem(KEY) ?? '{}') as Queue;
            expect(queue.entries.filter((entry) => entry.kind === 'call')).toEqual([
                expect.objectContaining({ diamyCallId: 'call_2', created: true, call: null, recordId: 'a01000000000002AAA', applied: { disposition: 5 }, wrapUp: { notes: { value: 'still to write', at: clock.time } } })
            ]);
        });

        it('keeps the record ids it knows over the stored ones, the stored order first', async () => {
            const { org, storage, logger } = setup();
            await logger.logCall(completed('call_1'));
            const recordId = org.calls()[0]?.id;
            edit(storage, (queue) => {
                queue.saved = [
                    { id: 'call_0', recordId: null },
                    { id: 'call_1', recordId: null, applied: { notes: 7 } }
                ];
            });
            await logger.flush();
            expect((JSON.parse(storage.getItem(KEY) ?? '{}') as Queue).saved).toEqual([
                { id: 'call_0', recordId: null },
                { id: 'call_1', recordId, applied: { notes: 7 } }
            ]);
        });

        it("takes in stored calls of the same agent (15 or 18 characters) and of no agent; a logger without a user keeps every call", async () => {
            const org = new FakeOrg();
            const { storage, logger } = setup({ org, lds: offline(org) });
            edit(storage, (queue) => {
                queue.entries = [queued('short_id', AGENT.slice(0, 15)), queued('no_agent', null), queued('other', OTHER_AGENT)];
            });
            await logger.flush();
            expect(logger.pendingCallIds().sort()).toEqual(['no_agent', 'short_id']);
            const anyone = setup({ org, lds: offline(org), agentUserId: null, storage: new MemoryStorage() });
            const key = storageKeyFor(ORG, null);
            anyone.storage.setItem(key, JSON.stringify({ version: 2, savedAt: 1_000_000, entries: [queued('other', OTHER_AGENT)], saved: [] }));
            await anyone.logger.flush();
            expect(anyone.logger.pendingCallIds()).toEqual(['other']);
        });
    });

    describe('the save of a call', () => {
        it('logs the values a saved call could not take, once, as a Warning about its record', async () => {
            const { org, logger } = setup();
            await logger.logCall(completed('call_1', { answeredAt: 'not a date' }));
            const recordId = org.calls()[0]?.id;
            expect(org.logs().map((log) => log.fields)).toEqual([
                expect.objectContaining({
                    Severity__c: 'Warning',
                    Status__c: 'New',
                    Retry_Count__c: 0,
                    Related_Record_Id__c: recordId,
                    Message__c: 'Call call_1 saved without some values: answeredAt is not a valid date: left out',
                    Payload__c: JSON.stringify({ warnings: ['answeredAt is not a valid date: left out'] })
                })
            ]);
        });

        it('takes the id of a call it knows by its trimmed Diamy call id', async () => {
            const { org, logger } = setup();
            await logger.logCall(completed('call_1'));
            await logger.logCall({ ...completed('call_1'), diamyCallId: ' call_1 ' });
            expect(org.createCalls).toBe(1);
        });

        it('a duplicate without a record id keeps the one this browser remembers, and the record id stays unknown otherwise', async () => {
            const org = new FakeOrg();
            org.hideDuplicateIds = true;
            const first = setup({ org });
            await first.logger.logCall(completed('call_1'));
            const recordId = org.calls()[0]?.id;
            const { storage, logger } = setup({ org, storage: first.storage });
            await logger.logCall(completed('call_2'));
            await logger.logWrapUp('call_1', { notes: 'n' });
            expect(org.calls().find((call) => call.fields.Diamy_Call_Id__c === 'call_1')?.fields.Notes__c).toBe('n');
            expect(org.lookups).toBe(0);
            expect(stored(storage).saved.find((call) => call.id === 'call_1')?.recordId).toBe(recordId);
        });

        it('tries the oldest due entry first and keeps a single retry timer, due at the earliest retry', async () => {
            const org = new FakeOrg();
            const order: string[] = [];
            const lds: LdsApi = { ...offline(org), createRecord: (input) => (order.push(String(input.fields.Diamy_Call_Id__c)), offline(org).createRecord(input)) };
            const { clock, logger } = setup({ org, lds, maxAttempts: 100 });
            await logger.logCall(completed('call_a'));
            clock.time += 100;
            await logger.logCall(completed('call_b'));
            expect(clock.timers.map((timer) => timer.ms)).toEqual([650]);
            order.length = 0;
            await clock.tick();
            expect(order).toEqual(['call_a']);
            expect(clock.timers.map((timer) => timer.at - clock.time)).toEqual([100]);
            await clock.tick();
            expect(order).toEqual(['call_a', 'call_b']);
            expect(clock.timers).toHaveLength(1);
        });

        it('a log entry waiting for its retry is not a call waiting: the status stays idle', async () => {
            const org = new FakeOrg();
            const lds: LdsApi = {
                createRecord: (input) => (input.apiName === 'Diamy_Call__c' ? org.createRecord(input) : Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 }))),
                updateRecord: org.updateRecord,
                findCallRecordId: org.findCallRecordId
            };
            const { logger, clock } = setup({ org, lds });
            await logger.logCall(completed('call_1', { answeredAt: 'not a date' }));
            expect(org.calls()).toHaveLength(1);
            expect(clock.timers).toHaveLength(1);
            expect(logger.status).toEqual(expect.objectContaining({ state: 'idle', pending: 0, message: 'All calls are saved to Salesforce' }));
        });

        it('a second flush during a run waits for it, then runs again for what arrived', async () => {
            const org = new FakeOrg();
            let release: () => void = () => undefined;
            const gate = new Promise<void>((resolve) => (release = resolve));
            let first = true;
            const lds: LdsApi = {
                createRecord: (input) => {
                    if (first) {
                        first = false;
                        return gate.then(() => org.createRecord(input));
                    }
                    return org.createRecord(input);
                },
                updateRecord: org.updateRecord,
                findCallRecordId: org.findCallRecordId
            };
            const { logger } = setup({ org, lds });
            const one = logger.logCall(completed('call_1'));
            await settle();
            const two = logger.logCall(completed('call_2'));
            let twoDone = false;
            void two.then(() => (twoDone = true));
            await settle();
            expect(twoDone).toBe(false);
            release();
            await Promise.all([one, two]);
            expect(org.calls().map((call) => call.fields.Diamy_Call_Id__c).sort()).toEqual(['call_1', 'call_2']);
            expect(logger.status.pending).toBe(0);
        });
    });

    describe('wrap-up stamps', () => {
        function pending(storage: MemoryStorage, id: string): unknown {
            return (JSON.parse(storage.getItem(KEY) ?? '{}') as { entries: { diamyCallId?: string; wrapUp?: unknown }[] }).entries.find((entry) => entry.diamyCallId === id)?.wrapUp;
        }

        it('a later wrap-up in the same millisecond gets a later stamp and wins', async () => {
            const org = new FakeOrg();
            const { storage, clock, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            const t = clock.time;
            await logger.logWrapUp('call_1', { notes: 'first' });
            await logger.logWrapUp('call_1', { notes: 'second' });
            expect(pending(storage, 'call_1')).toEqual({ notes: { value: 'second', at: t + 1 } });
        });

        it('a wrap-up stamps after every stamp seen in storage, so it wins over the value it replaces', async () => {
            const org = new FakeOrg();
            const { storage, clock, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            const queue = JSON.parse(storage.getItem(KEY) ?? '{}') as { entries: Record<string, unknown>[] };
            const ahead = clock.time + 60_000;
            queue.entries.forEach((entry) => Object.assign(entry, { wrapUp: { notes: { value: 'other tab', at: ahead } } }));
            storage.setItem(KEY, JSON.stringify(queue));
            await logger.flush(); // reads the other logger's value and its stamp
            expect(pending(storage, 'call_1')).toEqual({ notes: { value: 'other tab', at: ahead } });
            await logger.logWrapUp('call_1', { notes: 'this tab, later' });
            expect(pending(storage, 'call_1')).toEqual({ notes: { value: 'this tab, later', at: ahead + 1 } });
        });
    });

    describe('the legacy shared queue, and storages that do not list their keys', () => {
        it('removes an unreadable legacy queue and says that nothing of it could be kept', async () => {
            const storage = new MemoryStorage();
            storage.setItem(STORAGE_KEY, 'not json');
            const { org, logger } = setup({ storage });
            await logger.flush();
            expect(storage.data.has(STORAGE_KEY)).toBe(false);
            expect(org.logs().map((log) => [log.fields.Message__c, log.fields.Payload__c])).toEqual([
                ['Call log queue of an earlier version moved to this user: 0 call(s) and 0 log entr(ies) of other or unknown users removed from this browser', '{"calls":0,"logEntries":0}']
            ]);
        });

        it('a logger whose key is the legacy key reads it as its own queue and does not remove it', async () => {
            const storage = new MemoryStorage();
            storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, entries: [], saved: ['kept'] }));
            const org = new FakeOrg();
            const logger = new CallLogger({ lds: org, storage, agentUserId: AGENT, storageKey: STORAGE_KEY, setTimer: () => 0, clearTimer: () => undefined });
            await logger.flush();
            expect(storage.data.has(STORAGE_KEY)).toBe(true);
            expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}')).toEqual(expect.objectContaining({ version: 2, saved: [{ id: 'kept', recordId: null }] }));
            expect(org.logs()).toHaveLength(0);
        });

        it("leaves other users' queues alone when the storage does not list its keys", () => {
            const data = new Map<string, string>();
            const other = storageKeyFor(ORG, '005B');
            data.set(other, '{}');
            data.set(stampKeyOf(other), '0');
            const storage = { getItem: (key: string): string | null => data.get(key) ?? null, setItem: (key: string, value: string): void => void data.set(key, value), removeItem: (key: string): void => void data.delete(key) };
            new CallLogger({ lds: new FakeOrg(), storage, agentUserId: AGENT, orgId: ORG, setTimer: () => 0, clearTimer: () => undefined });
            expect(data.has(other)).toBe(true);
            const withLength = { ...storage, length: 2 };
            new CallLogger({ lds: new FakeOrg(), storage: withLength, agentUserId: AGENT, orgId: ORG, setTimer: () => 0, clearTimer: () => undefined });
            expect(data.has(other)).toBe(true);
        });
    });

    describe('entries removed elsewhere', () => {
        it('drops a queued call another logger removed since this one wrote it, and keeps the others', async () => {
            const org = new FakeOrg();
            const { storage, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            await logger.logCall(completed('call_1'));
            await logger.logCall(completed('call_2'));
            const queue = JSON.parse(storage.getItem(KEY) ?? '{}') as { entries: { diamyCallId?: string }[] };
            queue.entries = queue.entries.filter((entry) => entry.diamyCallId !== 'call_1');
            storage.setItem(KEY, JSON.stringify(queue));
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual(['call_2']);
        });

        it('keeps a call queued while the storage refused writes when it finds another queue there later', async () => {
            const org = new FakeOrg();
            const { storage, logger } = setup({ org, lds: offline(org), maxAttempts: 100 });
            storage.refuseWrites = true;
            await logger.logCall(completed('call_1'));
            storage.refuseWrites = false;
            storage.setItem(KEY, JSON.stringify({ version: 2, savedAt: 1_000_000, entries: [], saved: [] }));
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual(['call_1']);
            expect(stored(storage).entries.map((entry) => entry.diamyCallId)).toEqual(['call_1']);
        });
    });
});
