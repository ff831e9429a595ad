// Boundaries of the call logger: the storage key of each org and user, how UI API errors are read and
// classified, the backoff, what a stored queue may hold (and what is refused when it is read back).
import { CallLogger, STORAGE_KEY, classifyError, parseQueue, readQueue, stampKeyOf, storageKeyFor, storedCall, uiApiErrors } from 'c/diamyCallLog';
import { FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';

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
});
