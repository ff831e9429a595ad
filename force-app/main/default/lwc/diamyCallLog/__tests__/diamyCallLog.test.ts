import { CallLogger, STORAGE_KEY, classifyError, readQueue, redact, uiApiErrors } from 'c/diamyCallLog';
import type { LogStatus } from 'c/diamyCallLog';
import type { CompletedCall } from 'c/diamyCallRecord';
import { applyMessage, initialState, toCompletedCall } from 'c/diamyCallState';
import { makeCall } from 'diamy-test/diamyCallFixtures';
import { DEFAULT_RUNNING_USER_ID, FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';

const AGENT = DEFAULT_RUNNING_USER_ID;

function completed(id: string, overrides: Partial<CompletedCall> = {}): CompletedCall {
    return {
        diamyCallId: id,
        direction: 'Inbound',
        outcome: 'Answered',
        from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont' },
        to: { number: '+33184880000', e164: '+33184880000', name: null },
        startedAt: '2026-11-25T09:00:00.000Z',
        answeredAt: '2026-11-25T09:00:10.000Z',
        endedAt: '2026-11-25T09:02:00.000Z',
        agentUserId: AGENT,
        source: 'Softphone',
        ...overrides
    };
}

/** A manual clock and timer queue, so backoff is tested without waiting. */
class Clock {
    time = 1_000_000;
    timers: { at: number; fn: () => void; handle: number }[] = [];
    private handles = 0;
    now = (): number => this.time;
    setTimer = (fn: () => void, ms: number): unknown => {
        this.handles += 1;
        this.timers.push({ at: this.time + ms, fn, handle: this.handles });
        return this.handles;
    };
    clearTimer = (handle: unknown): void => {
        this.timers = this.timers.filter((t) => t.handle !== handle);
    };
    nextDelay(): number | null {
        const next = this.timers[0];
        return next ? next.at - this.time : null;
    }
    /** Moves time to the next timer and runs it. */
    async tick(): Promise<void> {
        const next = this.timers.shift();
        if (!next) {
            return;
        }
        this.time = Math.max(this.time, next.at);
        next.fn();
        await settle();
    }
}

async function settle(): Promise<void> {
    for (let i = 0; i < 20; i += 1) {
        await Promise.resolve();
    }
}

function setup(options: { maxAttempts?: number; storage?: MemoryStorage; org?: FakeOrg; clock?: Clock } = {}) {
    const org = options.org ?? new FakeOrg();
    const storage = options.storage ?? new MemoryStorage();
    const clock = options.clock ?? new Clock();
    const logger = new CallLogger({ lds: org, storage, now: clock.now, random: () => 0.5, setTimer: clock.setTimer, clearTimer: clock.clearTimer, maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 1000 });
    return { org, storage, clock, logger };
}

describe('c-diamy-call-log', () => {
    afterEach(() => {
        jest.clearAllMocks();
    });

    it('saves a finished call once, then its wrap-up with updateRecord', async () => {
        const { org, logger } = setup();
        await logger.logCall(completed('call_1'));
        expect(org.calls()).toHaveLength(1);
        expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Diamy_Call_Id__c: 'call_1', Outcome__c: 'Answered', Talk_Seconds__c: 110 }));
        await logger.logWrapUp('call_1', { disposition: 'Resolved', notes: 'Called back about invoice' });
        expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Disposition__c: 'Resolved', Notes__c: 'Called back about invoice' }));
        expect(logger.status).toEqual(expect.objectContaining({ state: 'idle', pending: 0, message: 'All calls are saved to Salesforce' }));
    });

    it('saves the wrap-up together with the call when the wrap-up arrives before the save succeeded', async () => {
        const { org, logger, clock } = setup();
        org.failNext('network');
        await logger.logCall(completed('call_1'));
        await logger.logWrapUp('call_1', { notes: 'n' });
        expect(org.calls()).toHaveLength(1);
        expect(org.calls()[0]?.fields.Notes__c).toBe('n');
        expect(clock.timers).toHaveLength(0);
    });

    it('logging the same call twice never creates two records', async () => {
        const { org, logger } = setup();
        await Promise.all([logger.logCall(completed('call_1')), logger.logCall(completed('call_1'))]);
        await logger.logCall(completed('call_1'));
        expect(org.calls()).toHaveLength(1);
        expect(org.createCalls).toBe(1);
    });

    it('treats DUPLICATE_VALUE from another tab as success and reuses the record id for the wrap-up', async () => {
        const org = new FakeOrg();
        const storageA = new MemoryStorage();
        const storageB = new MemoryStorage();
        const a = setup({ org, storage: storageA }).logger;
        const b = setup({ org, storage: storageB }).logger;
        await a.logCall(completed('call_1'));
        await b.logCall(completed('call_1'));
        await b.logWrapUp('call_1', { notes: 'from tab B' });
        expect(org.calls()).toHaveLength(1);
        expect(org.calls()[0]?.fields.Notes__c).toBe('from tab B');
        expect(b.status.state).toBe('idle');
        expect(org.logs()).toHaveLength(0);
    });

    it('looks the record up (GraphQL) when the duplicate error carries no id', async () => {
        const org = new FakeOrg();
        org.hideDuplicateIds = true;
        const first = setup({ org }).logger;
        await first.logCall(completed('call_1'));
        const find = jest.spyOn(org, 'findCallRecordId');
        const second = setup({ org }).logger;
        await second.logCall(completed('call_1'));
        await second.logWrapUp('call_1', { notes: 'x' });
        expect(find).toHaveBeenCalledWith('call_1');
        expect(org.calls()[0]?.fields.Notes__c).toBe('x');
    });

    it('counts a duplicate the agent cannot see as saved, logs the lost wrap-up once, and does not retry', async () => {
        const { org, logger, clock } = setup();
        org.seedInvisibleCall('call_srv');
        await logger.logCall(completed('call_srv'));
        expect(logger.pendingCallIds()).toEqual([]);
        await logger.logWrapUp('call_srv', { notes: 'secret notes' });
        expect(org.calls()).toHaveLength(1);
        expect(org.logs()).toHaveLength(1);
        expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning', Status__c: 'Failed', Diamy_Call_Id__c: 'call_srv' }));
        expect(clock.timers).toHaveLength(0);
    });

    it('retries a failed save with growing, jittered delays and recovers without a duplicate', async () => {
        const { org, logger, clock } = setup({ maxAttempts: 10 });
        org.failNext('network', 3);
        const statuses: LogStatus[] = [];
        logger.subscribe((status) => statuses.push(status));
        await logger.logCall(completed('call_1'));
        expect(logger.status).toEqual(expect.objectContaining({ state: 'retrying', pending: 1, message: '1 call(s) waiting to be saved to Salesforce' }));
        const delays: (number | null)[] = [clock.nextDelay()];
        await clock.tick();
        delays.push(clock.nextDelay());
        await clock.tick();
        delays.push(clock.nextDelay());
        await clock.tick();
        expect(delays).toEqual([750, 1500, 3000]);
        expect(org.calls()).toHaveLength(1);
        expect(logger.status.state).toBe('idle');
        expect(statuses.map((s) => s.state)).toContain('retrying');
    });

    it('keeps retrying past maxAttempts, writes one integration log entry, and shows the failure', async () => {
        const { org, logger, clock } = setup({ maxAttempts: 2 });
        org.failNext('lock', 5);
        await logger.logCall(completed('call_1'));
        for (let i = 0; i < 5; i += 1) {
            await clock.tick();
        }
        expect(org.calls()).toHaveLength(1);
        const logs = org.logs();
        expect(logs).toHaveLength(1);
        expect(logs[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Error', Status__c: 'Retrying', Area__c: 'Logging', Retry_Count__c: 2 }));
        expect(logger.status.state).toBe('idle');
    });

    it('does not retry a validation error: logs it and tells the agent', async () => {
        const { org, logger, clock } = setup();
        org.failNext('validation');
        await logger.logCall(completed('call_1'));
        expect(org.calls()).toHaveLength(0);
        expect(org.logs()).toHaveLength(1);
        expect(org.logs()[0]?.fields.Message__c).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
        expect(logger.status).toEqual(expect.objectContaining({ state: 'failed', failedCalls: ['call_1'] }));
        expect(logger.status.message).toBe('1 call(s) could not be saved to Salesforce. Your administrator has been notified.');
        expect(clock.timers).toHaveLength(0);
    });

    it('writes an integration-log entry once although the answer to its create was lost (idempotency key)', async () => {
        const { org, logger, clock } = setup();
        org.failNext('validation');
        org.failNext('lost-answer');
        await logger.logCall(completed('call_1'));
        expect(clock.timers).toHaveLength(1);
        await clock.tick();
        expect(org.logs()).toHaveLength(1);
        expect(org.logs()[0]?.fields.Idempotency_Key__c).toEqual(expect.stringMatching(/^\S{8,64}$/));
        expect(clock.timers).toHaveLength(0);
    });

    it('gives every integration-log entry its own idempotency key, also across loggers', async () => {
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        const a = setup({ org, storage }).logger;
        const b = setup({ org, storage: new MemoryStorage() }).logger;
        org.failNext('validation');
        await a.logCall(completed('call_1'));
        org.failNext('validation');
        await b.logCall(completed('call_2'));
        const keys = org.logs().map((r) => r.fields.Idempotency_Key__c);
        expect(keys).toHaveLength(2);
        expect(new Set(keys).size).toBe(2);
    });

    it('refuses an invalid call without calling createRecord, and logs the problems', async () => {
        const { org, logger } = setup();
        await logger.logCall(completed('', { outcome: 'Exploded' as CompletedCall['outcome'] }));
        expect(org.calls()).toHaveLength(0);
        expect(org.logs()).toHaveLength(1);
        expect(String(org.logs()[0]?.fields.Payload__c)).toContain('outcome');
    });

    describe('values Diamy sends that the record cannot take', () => {
        it('saves a call whose recording URL is relative without it, and one log entry says why', async () => {
            const { org, logger } = setup();
            await logger.logCall(completed('call_1', { recordingUrl: '/recordings/call_1.mp3' }));
            expect(org.calls()).toHaveLength(1);
            expect(org.calls()[0]?.fields).not.toHaveProperty('Recording_URL__c');
            expect(org.logs()).toHaveLength(1);
            expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning', Diamy_Call_Id__c: 'call_1', Related_Record_Id__c: org.calls()[0]?.id }));
            expect(String(org.logs()[0]?.fields.Message__c)).toContain('recordingUrl is not an absolute http(s) URL');
            expect(JSON.stringify(org.logs()[0]?.fields)).not.toContain('/recordings/call_1.mp3');
            expect(logger.status).toEqual(expect.objectContaining({ state: 'idle', pending: 0 }));
        });

        it('logs the warning once, even when the save needed retries', async () => {
            const { org, logger, clock } = setup();
            org.failNext('network', 2);
            await logger.logCall(completed('call_1', { recordingUrl: 'recordings/call_1.mp3' }));
            await clock.tick();
            await clock.tick();
            expect(org.calls()).toHaveLength(1);
            expect(org.logs()).toHaveLength(1);
        });

        it('ends and logs a call whose end_reason Diamy added later', async () => {
            const resource = makeCall({ state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:10.000Z', agent_id: 'usr_camille.martin' });
            let state = applyMessage(initialState(), { id: 'evt_1', type: 'call.answered', seq: 1, timestamp: '2026-11-25T09:00:10.000Z', call_id: 'call_1', data: { call: resource } }).state;
            const ended = { ...resource, state: 'ended', ended_at: '2026-11-25T09:02:00.000Z', end_reason: 'carrier_dropped', duration: 110 };
            const result = applyMessage(state, { id: 'evt_2', type: 'call.ended', seq: 2, timestamp: '2026-11-25T09:02:00.000Z', call_id: 'call_1', data: { call: ended } });
            state = result.state;
            expect(result.status).toBe('applied');
            const { org, logger } = setup();
            for (const effect of result.effects) {
                const done = effect.kind === 'call-ended' ? toCompletedCall(effect.view.call, AGENT) : null;
                if (done) {
                    await logger.logCall(done);
                }
            }
            expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c)).toEqual(['call_1']);
            expect(state.calls.call_1?.phase).toBe('wrap_up');
        });
    });

    it('survives a reload: queued calls are saved by the next page, exactly once', async () => {
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        const first = setup({ org, storage });
        org.failNext('network', 2);
        await first.logger.logCall(completed('call_1'));
        await first.logger.logCall(completed('call_2'));
        first.logger.stop();
        expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').entries).toHaveLength(2);
        const second = setup({ org, storage });
        await second.logger.flush();
        expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c).sort()).toEqual(['call_1', 'call_2']);
        expect(org.duplicates()).toEqual([]);
        expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').entries).toHaveLength(0);
    });

    it('sets corrupt storage aside, starts empty, and reports it', async () => {
        const storage = new MemoryStorage();
        storage.setItem(STORAGE_KEY, '{not json');
        const { org, logger } = setup({ storage });
        await logger.flush();
        expect(storage.getItem(`${STORAGE_KEY}.corrupt`)).toBe('{not json');
        expect(org.logs()).toHaveLength(1);
        expect(readQueue(storage).corrupt).toBe(false);
        storage.setItem(STORAGE_KEY, JSON.stringify({ version: 99, entries: [] }));
        expect(readQueue(storage).corrupt).toBe(true);
        storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, entries: [{ kind: 'call' }], saved: [] }));
        expect(readQueue(storage)).toEqual({ entries: [], saved: [], corrupt: true });
        expect(readQueue(null)).toEqual({ entries: [], saved: [], corrupt: false });
    });

    it('still saves when storage refuses writes (private mode, quota)', async () => {
        const storage = new MemoryStorage();
        storage.refuseWrites = true;
        const { org, logger } = setup({ storage });
        await logger.logCall(completed('call_1'));
        expect(org.calls()).toHaveLength(1);
    });

    describe('error shapes', () => {
        it('reads UI API errors from output.errors, output.fieldErrors and array bodies', () => {
            expect(uiApiErrors({ body: { output: { errors: [{ errorCode: 'A', message: 'a' }], fieldErrors: { F: [{ errorCode: 'B', message: 'b' }] } } } })).toEqual([
                { code: 'A', message: 'a' },
                { code: 'B', message: 'b' }
            ]);
            expect(uiApiErrors({ body: [{ errorCode: 'C', message: 'c' }] })).toEqual([{ code: 'C', message: 'c' }]);
            expect(uiApiErrors('nope')).toEqual([]);
        });

        it.each([
            [{ body: { output: { errors: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found: Diamy_Call_Id__c duplicates value on record with id: a01000000000001AAA' }] } } }, { kind: 'duplicate', recordId: 'a01000000000001AAA' }],
            [{ body: { output: { errors: [], fieldErrors: { Diamy_Call_Id__c: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found: <unknown> duplicates value on record with id: <unknown>' }] } } } }, { kind: 'duplicate', recordId: null }],
            [{ status: 0 }, { kind: 'retry', error: 'status 0' }],
            [{ status: 503, body: { message: 'Service Unavailable' } }, { kind: 'retry', error: 'Service Unavailable' }],
            [{ status: 400, body: { output: { errors: [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'x' }] } } }, { kind: 'fatal', error: 'REQUIRED_FIELD_MISSING' }],
            [{ status: 403, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }] }, { kind: 'fatal', error: 'INSUFFICIENT_ACCESS' }]
        ])('classifies %j', (error, expected) => {
            expect(classifyError(error)).toEqual(expected);
        });
    });

    it('redacts tokens, secrets and bearer strings from log payloads', () => {
        const out = JSON.stringify(redact({ access_token: 'abc', nested: { refreshToken: 'def', note: 'Authorization: Bearer eyJhbGciOi.xyz' }, url: 'wss://x/stream?access_token=ghi&since=3', list: ['Bearer zzz'] }));
        expect(out).not.toMatch(/abc|def|eyJhbGciOi|ghi|zzz/);
        expect(out).toContain('wss://x/stream');
        expect(out).not.toContain('since=3');
    });
});
