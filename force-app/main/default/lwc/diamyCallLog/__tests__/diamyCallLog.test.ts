import { STORAGE_KEY, classifyError, readQueue, redact, stampKeyOf, storageKeyFor, uiApiErrors } from 'c/diamyCallLog';
import LABEL_MEMORY_ONLY from '@salesforce/label/c.Diamy_Logging_Memory_Only';
import type { LdsApi, LogStatus } from 'c/diamyCallLog';
import type { CompletedCall } from 'c/diamyCallRecord';
import { applyMessage, initialState, toCompletedCall } from 'c/diamyCallState';
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';
import { makeCall } from 'diamy-test/diamyCallFixtures';
import { FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';

import { AGENT, OTHER_AGENT, ORG, KEY, DAY, completed, Clock, settle, setup } from 'diamy-test/diamyCallLogKit';

/** A promise the test settles by hand: an LDS call "in flight". */
class Deferred<T> {
    promise: Promise<T>;
    resolve!: (value: T) => void;
    reject!: (reason: unknown) => void;
    constructor() {
        this.promise = new Promise<T>((resolve, reject) => {
            this.resolve = resolve;
            this.reject = reject;
        });
    }
}


/** The stored queue as parsed JSON (what another tab, or a script of the same origin, would read). */
function stored(storage: MemoryStorage | null, key = KEY): { version: number; savedAt: number; entries: { kind: string; diamyCallId?: string }[]; saved: { id: string; recordId: string | null }[] } {
    return JSON.parse(storage?.getItem(key) ?? '{}') as never;
}

function queuedIds(storage: MemoryStorage | null, key = KEY): string[] {
    return stored(storage, key).entries.flatMap((entry) => (entry.kind === 'call' && entry.diamyCallId ? [entry.diamyCallId] : [])).sort();
}

/** The queue format of the first release (version 1, one key for every user of the browser). */
function legacyQueue(calls: CompletedCall[]): string {
    return JSON.stringify({
        version: 1,
        entries: [
            ...calls.map((call) => ({ kind: 'call', diamyCallId: call.diamyCallId, call, recordId: null, created: false, invisible: false, wrapUp: { notes: `notes of ${call.diamyCallId}` }, attempts: 2, nextAttemptAt: 0, escalated: false, lastError: 'status 0' })),
            { kind: 'log', key: '1-1', fields: { Message__c: 'Call call_x could not be saved', Payload__c: '{"call":{"from":{"number":"+33699999999"}}}' }, attempts: 0, nextAttemptAt: 0 }
        ],
        saved: ['call_old']
    });
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

    it('tells onWritten after each write the org accepted (the record pages refresh), never for a failed one; a throwing listener changes nothing', async () => {
        const written: string[] = [];
        const { org, logger, clock } = setup({ onWritten: (id) => written.push(id) });
        org.failNext('network');
        await logger.logCall(completed('call_1'));
        expect(written).toEqual([]);
        await clock.tick();
        expect(written).toEqual(['call_1']);
        await logger.logWrapUp('call_1', { notes: 'n' });
        expect(written).toEqual(['call_1', 'call_1']);
        const throwing = setup({
            onWritten: () => {
                throw new Error('listener');
            }
        });
        await throwing.logger.logCall(completed('call_2'));
        expect(throwing.org.calls()).toHaveLength(1);
        expect(throwing.logger.status).toEqual(expect.objectContaining({ state: 'idle', pending: 0 }));
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

    it('an internal call names the colleague and a consulted call carries its consultation, saved now or after a reload', async () => {
        const internal = completed('call_internal', {
            direction: 'Internal',
            from: { number: '+33189000201', e164: '+33189000201', name: 'Camille Martin', agent: true },
            to: { number: '+33189000202', e164: '+33189000202', name: 'Hugo Lefèvre' }
        });
        const consulted = completed('call_consulted', { transferred: true, consult: { party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' } });
        const { org, logger } = setup();
        await logger.logCall(internal);
        await logger.logCall(consulted);
        expect(org.calls().map((record) => record.fields)).toEqual([
            expect.objectContaining({ Diamy_Call_Id__c: 'call_internal', Direction__c: 'Internal', Caller_Name__c: 'Hugo Lefèvre', Agent__c: AGENT }),
            expect.objectContaining({ Diamy_Call_Id__c: 'call_consulted', Caller_Name__c: 'Jean Dupont', Consulted_Party__c: 'Hugo Lefèvre', Consult_Seconds__c: 48, Consult_Outcome__c: 'Transferred' })
        ]);
        // Queued while the org is down, saved by the next page from storage: the same record.
        const storage = new MemoryStorage();
        const down = setup({ storage });
        down.org.failNext('network');
        down.org.failNext('network');
        await down.logger.logCall(internal);
        await down.logger.logCall(consulted);
        down.logger.stop();
        const next = setup({ storage });
        await next.logger.flush();
        expect(next.org.calls().map((record) => [record.fields.Caller_Name__c, record.fields.Consult_Outcome__c ?? null])).toEqual([
            ['Hugo Lefèvre', null],
            ['Jean Dupont', 'Transferred']
        ]);
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

    it('counts a duplicate the agent cannot see as saved; the lost wrap-up is logged once, only after the lookups are exhausted', async () => {
        const { org, logger, clock } = setup();
        org.seedInvisibleCall('call_srv');
        await logger.logCall(completed('call_srv'));
        expect(logger.pendingCallIds()).toEqual([]);
        await logger.logWrapUp('call_srv', { notes: 'secret notes' });
        // null = "not found yet": retried with the normal backoff before concluding the record is invisible.
        expect(org.lookups).toBe(1);
        expect(org.logs()).toHaveLength(0);
        expect(clock.nextDelay()).toBe(750);
        await clock.tick();
        await clock.tick();
        expect(org.lookups).toBe(3);
        expect(org.logs()).toHaveLength(0);
        await clock.tick();
        expect(org.lookups).toBe(4);
        expect(org.calls()).toHaveLength(1);
        expect(org.logs()).toHaveLength(1);
        expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning', Status__c: 'Failed', Diamy_Call_Id__c: 'call_srv' }));
        expect(clock.timers).toHaveLength(0);
        expect(logger.pendingCallIds()).toEqual([]);
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
        expect(queuedIds(storage)).toEqual(['call_1', 'call_2']);
        const second = setup({ org, storage });
        await second.logger.flush();
        expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c).sort()).toEqual(['call_1', 'call_2']);
        expect(org.duplicates()).toEqual([]);
        expect(queuedIds(storage)).toEqual([]);
    });

    describe('caller data in browser storage (one queue per org and user)', () => {
        it('keeps the queue under a key of its own org and user, never the shared legacy key', async () => {
            const { org, storage, logger } = setup();
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            expect(storageKeyFor(ORG, AGENT)).toBe(KEY);
            expect([...storage.data.keys()].sort()).toEqual([KEY, `${KEY}.savedAt`]);
            expect(stampKeyOf(KEY)).toBe(`${KEY}.savedAt`);
            expect(storage.getItem(STORAGE_KEY)).toBeNull();
        });

        it("never shows nor saves one user's queued call in another user's tab on the same browser", async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const a = setup({ org, storage });
            org.failNext('network');
            await a.logger.logCall(completed('call_a', { from: { number: '+33655555555', e164: '+33655555555', name: 'Alice Martin' } }));
            a.logger.stop();
            // The queues A wrote (not the age stamp beside them, the one thing another user's page reads).
            const aQueues = [...storage.data.keys()].filter((key) => !key.endsWith('.savedAt'));
            storage.reads = [];
            const b = setup({ org: new FakeOrg({ runningUserId: OTHER_AGENT }), storage, agentUserId: OTHER_AGENT });
            b.org.failNext('network');
            await b.logger.logCall(completed('call_b', { agentUserId: OTHER_AGENT }));
            await b.logger.flush();
            // B never even read A's queue, and never tried to save A's call.
            expect(storage.reads.filter((key) => aQueues.includes(key))).toEqual([]);
            expect(b.org.callStats('call_a').createAttempts).toBe(0);
            expect(b.org.totals().calls).toBe(0);
            expect(b.logger.pendingCallIds()).toEqual(['call_b']);
            // A's call is where A left it, under A's key; nothing of it is under B's key.
            expect(aQueues).toEqual([KEY]);
            expect(queuedIds(storage)).toEqual(['call_a']);
            const bKey = storageKeyFor(ORG, OTHER_AGENT);
            expect(queuedIds(storage, bKey)).toEqual(['call_b']);
            expect(storage.getItem(bKey)).not.toMatch(/call_a|Alice Martin|\+33655555555/);
        });

        it('drops queued calls of another agent and reports it once, without caller data', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            // A queue under this user's key holding calls of another agent (a tampered or mixed-up queue).
            const intruder = setup({ org, storage, agentUserId: OTHER_AGENT, storageKey: KEY });
            org.failNext('network', 2);
            await intruder.logger.logCall(completed('call_x', { agentUserId: OTHER_AGENT }));
            await intruder.logger.logCall(completed('call_y', { agentUserId: OTHER_AGENT, from: { number: '+33611111111', name: 'Paul Durand' } }));
            intruder.logger.stop();
            const { logger } = setup({ org, storage });
            await logger.flush();
            expect(logger.pendingCallIds()).toEqual([]);
            expect(org.calls()).toHaveLength(0);
            expect(queuedIds(storage)).toEqual([]);
            expect(org.logs()).toHaveLength(1);
            const log = JSON.stringify(org.logs()[0]?.fields);
            expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning' }));
            expect(log).toContain('2');
            expect(log).not.toMatch(/\+336|Jean Dupont|Paul Durand/);
        });

        it('moves its own calls out of the legacy shared key once, drops the others, and removes the key', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            storage.setItem(STORAGE_KEY, legacyQueue([completed('call_mine'), completed('call_theirs', { agentUserId: OTHER_AGENT, from: { number: '+33622222222', name: 'Claire Petit' } })]));
            storage.setItem(`${STORAGE_KEY}.corrupt`, '{"entries":[{"call":{"from":{"number":"+33633333333"}}}');
            const { logger } = setup({ org, storage });
            await logger.flush();
            expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c)).toEqual(['call_mine']);
            expect(org.calls()[0]?.fields.Notes__c).toBe('notes of call_mine');
            expect(storage.getItem(STORAGE_KEY)).toBeNull();
            expect(storage.getItem(`${STORAGE_KEY}.corrupt`)).toBeNull();
            expect(org.logs()).toHaveLength(1);
            expect(JSON.stringify(org.logs()[0]?.fields)).not.toMatch(/\+336|Claire Petit|call_theirs/);
            // Once: a later page finds nothing to migrate and reports nothing.
            const again = setup({ org, storage });
            await again.logger.flush();
            expect(org.calls()).toHaveLength(1);
            expect(org.logs()).toHaveLength(1);
        });

        it('stores only what the save needs: no Diamy payload, and no caller data once the call is saved', async () => {
            const updates = new Deferred<{ id: string }>();
            const org = new FakeOrg();
            const lds: LdsApi = { createRecord: org.createRecord, updateRecord: () => updates.promise, findCallRecordId: org.findCallRecordId };
            const { storage, logger } = setup({ org, lds });
            const call = { ...completed('call_1'), raw: { recording_token: 'tok_123', tags: ['vip'] }, from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont', extra: 'x' } } as CompletedCall;
            org.failNext('network');
            await logger.logCall(call);
            const text = storage.getItem(KEY) ?? '';
            expect(text).toContain('+33612345678');
            expect(text).not.toMatch(/tok_123|vip|extra/);
            await logger.flush();
            void logger.logWrapUp('call_1', { notes: 'n' });
            await settle();
            expect(org.calls()).toHaveLength(1);
            expect(queuedIds(storage)).toEqual(['call_1']);
            expect(storage.getItem(KEY)).not.toMatch(/\+33612345678|Jean Dupont/);
            updates.resolve({ id: org.calls()[0]?.id ?? '' });
            await settle();
        });

        it('stamps the stored queue with savedAt', async () => {
            const { org, storage, logger, clock } = setup();
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            expect(stored(storage).savedAt).toBe(clock.time);
            expect(stored(storage).version).toBe(2);
        });

        it('drops a call still queued after 7 days with a Warning that names only its Diamy call id', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const first = setup({ org, storage, clock });
            org.failNext('network');
            await first.logger.logCall(completed('call_old'));
            first.logger.stop();
            clock.time += 7 * DAY + 1;
            const second = setup({ org, storage, clock });
            await second.logger.flush();
            expect(org.calls()).toHaveLength(0);
            expect(second.logger.pendingCallIds()).toEqual([]);
            expect(queuedIds(storage)).toEqual([]);
            expect(org.logs()).toHaveLength(1);
            expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning', Diamy_Call_Id__c: 'call_old' }));
            expect(JSON.stringify(org.logs()[0]?.fields)).not.toMatch(/\+336|Jean Dupont/);
        });

        it('expires a call that a running page kept retrying for 7 days', async () => {
            const org = new FakeOrg();
            const lds: LdsApi = {
                createRecord: (input: RecordInput) => (input.apiName === 'Diamy_Call__c' ? Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })) : org.createRecord(input)),
                updateRecord: org.updateRecord,
                findCallRecordId: org.findCallRecordId
            };
            const { logger, clock } = setup({ org, lds, maxAttempts: 100 });
            const start = clock.time;
            await logger.logCall(completed('call_1'));
            while (logger.pendingCallIds().length > 0 && clock.timers.length > 0 && clock.time < start + 8 * DAY) {
                await clock.tick();
            }
            expect(logger.pendingCallIds()).toEqual([]);
            expect(clock.time).toBeGreaterThan(start + 7 * DAY);
            expect(clock.time).toBeLessThan(start + 7 * DAY + 10 * 60 * 1000);
            expect(org.logs().map((log) => [log.fields.Severity__c, log.fields.Status__c])).toEqual([
                ['Error', 'Retrying'],
                ['Warning', 'Failed']
            ]);
            expect(logger.status.state).toBe('idle');
        });

        it('removes an unreadable queue without keeping a copy, and reports its size only', async () => {
            const storage = new MemoryStorage();
            storage.setItem(KEY, '{not json +33612345678');
            const { org, logger } = setup({ storage });
            await logger.flush();
            expect(storage.getItem(`${KEY}.corrupt`)).toBeNull();
            expect([...storage.data.keys()].filter((key) => key.includes('corrupt'))).toEqual([]);
            expect(org.logs()).toHaveLength(1);
            expect(org.logs()[0]?.fields).toEqual(expect.objectContaining({ Severity__c: 'Warning' }));
            expect(JSON.parse(String(org.logs()[0]?.fields.Payload__c))).toEqual({ size: 22 });
            expect(JSON.stringify(org.logs()[0]?.fields)).not.toContain('+33612345678');
        });

        it('clears the .corrupt copy an earlier version kept, with or without a legacy queue beside it', () => {
            const storage = new MemoryStorage();
            storage.setItem(`${STORAGE_KEY}.corrupt`, '{"entries":[{"call":{"from":{"number":"+33633333333"}}}');
            setup({ storage });
            expect(storage.data.has(`${STORAGE_KEY}.corrupt`)).toBe(false);
            expect([...storage.data.values()].join()).not.toContain('+33633333333');
        });

        it('reads a queue it cannot use as unreadable, and keeps the valid entries of a partly damaged one', () => {
            const storage = new MemoryStorage();
            storage.setItem(KEY, JSON.stringify({ version: 99, entries: [] }));
            expect(readQueue(storage, KEY, 0)).toEqual(expect.objectContaining({ entries: [], unreadable: 27 }));
            storage.setItem(KEY, JSON.stringify({ version: 2, savedAt: 5, entries: [{ kind: 'call' }], saved: [] }));
            expect(readQueue(storage, KEY, 0)).toEqual({ entries: [], saved: [], savedAt: 5, unreadable: null, invalidEntries: 1 });
            expect(readQueue(null, KEY, 0)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 });
            expect(readQueue(storage, 'absent', 0)).toEqual({ entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 });
        });

        it("removes other users' queues left more than 7 days ago when the storage lists its keys", async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const otherOrg = new FakeOrg({ runningUserId: OTHER_AGENT });
            const other = setup({ org: otherOrg, storage, clock, agentUserId: OTHER_AGENT });
            otherOrg.failNext('network');
            await other.logger.logCall(completed('call_other', { agentUserId: OTHER_AGENT }));
            other.logger.stop();
            const otherKey = storageKeyFor(ORG, OTHER_AGENT);
            expect(storage.getItem(otherKey)).not.toBeNull();
            storage.reads = [];
            setup({ org, storage, clock });
            expect(storage.data.has(otherKey)).toBe(true);
            clock.time += 7 * DAY + 1;
            setup({ org, storage, clock });
            expect(storage.data.has(otherKey)).toBe(false);
            expect(storage.data.has(stampKeyOf(otherKey))).toBe(false);
            // Judged by the age stored beside it: the other user's queue itself was never read.
            expect(storage.reads).not.toContain(otherKey);
            expect(storage.reads).toContain(stampKeyOf(otherKey));
        });
    });

    describe('the record id of each saved call is remembered', () => {
        it('applies a wrap-up after a reload with no lookup', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const first = setup({ org, storage });
            await first.logger.logCall(completed('call_1'));
            first.logger.stop();
            const updates: string[] = [];
            const lds: LdsApi = { createRecord: org.createRecord, updateRecord: (input: RecordUpdateInput) => (updates.push(String(input.fields.Id)), org.updateRecord(input)), findCallRecordId: org.findCallRecordId };
            const second = setup({ org, storage, lds });
            await second.logger.logWrapUp('call_1', { disposition: 'Resolved' });
            expect(updates).toEqual([org.calls()[0]?.id]);
            expect(org.calls()[0]?.fields.Disposition__c).toBe('Resolved');
            expect(org.callStats('call_1')).toEqual(expect.objectContaining({ createAttempts: 1, duplicates: 0, wrapUpsApplied: 1 }));
            expect(org.lookups).toBe(0);
            expect(stored(storage).saved).toEqual([expect.objectContaining({ id: 'call_1', recordId: org.calls()[0]?.id })]);
        });

        it('keeps the 200 most recent', async () => {
            const { storage, logger } = setup();
            for (let i = 0; i < 205; i += 1) {
                await logger.logCall(completed(`call_${i}`));
            }
            const saved = stored(storage).saved;
            expect(saved).toHaveLength(200);
            expect(saved[0]?.id).toBe('call_5');
            expect(saved[199]).toEqual({ id: 'call_204', recordId: expect.stringMatching(/^a01/) });
        });

        it('treats a null lookup as "not found yet": retries it, and applies the wrap-up once the record shows up', async () => {
            const org = new FakeOrg({ lookupLag: 2 });
            org.hideDuplicateIds = true;
            const other = setup({ org, storage: new MemoryStorage() });
            await other.logger.logCall(completed('call_1'));
            const { logger, clock } = setup({ org });
            await logger.logCall(completed('call_1'));
            await logger.logWrapUp('call_1', { notes: 'after the lag' });
            expect(org.lookups).toBe(1);
            expect(org.callStats('call_1').wrapUpsApplied).toBe(0);
            await clock.tick();
            expect(org.lookups).toBe(2);
            expect(org.callStats('call_1').wrapUpsApplied).toBe(0);
            await clock.tick();
            expect(org.lookups).toBe(3);
            expect(org.calls()).toHaveLength(1);
            expect(org.calls()[0]?.fields.Notes__c).toBe('after the lag');
            expect(org.callStats('call_1')).toEqual(expect.objectContaining({ createAttempts: 2, duplicates: 1, wrapUpsApplied: 1 }));
            expect(org.logs()).toHaveLength(0);
            expect(logger.pendingCallIds()).toEqual([]);
        });
    });

    describe('a stopped logger is stopped', () => {
        it('saves nothing, schedules nothing and writes nothing after stop(); new calls are refused', async () => {
            const { org, storage, logger, clock } = setup();
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            expect(clock.timers).toHaveLength(1);
            const retry = clock.timers[0];
            logger.stop();
            expect(clock.timers).toHaveLength(0);
            const before = storage.getItem(KEY);
            const writes = storage.writes.length;
            // A timer the browser had already queued fires anyway.
            retry?.fn();
            await settle();
            await expect(logger.logCall(completed('call_2'))).rejects.toThrow('stopped');
            await expect(logger.logWrapUp('call_1', { notes: 'late' })).rejects.toThrow('stopped');
            await logger.flush();
            expect(org.createCalls).toBe(1);
            expect(org.updateCalls + org.lookups).toBe(0);
            expect(org.callStats('call_1').createAttempts).toBe(1);
            expect(storage.writes).toHaveLength(writes);
            expect(storage.getItem(KEY)).toBe(before);
            expect(clock.timers).toHaveLength(0);
        });

        it('does not write or go on after a save that was in flight when it stopped', async () => {
            const creates: Deferred<{ id: string }>[] = [];
            const org = new FakeOrg();
            const lds: LdsApi = {
                createRecord: (input: RecordInput) => {
                    const deferred = new Deferred<{ id: string }>();
                    creates.push(deferred);
                    return deferred.promise.then(() => org.createRecord(input));
                },
                updateRecord: org.updateRecord,
                findCallRecordId: org.findCallRecordId
            };
            const { storage, logger, clock } = setup({ org, lds });
            void logger.logCall(completed('call_1'));
            void logger.logCall(completed('call_2'));
            await settle();
            expect(creates).toHaveLength(1);
            const writes = storage.writes.length;
            logger.stop();
            creates[0]?.resolve({ id: '' });
            await settle();
            expect(org.calls()).toHaveLength(1);
            expect(storage.writes).toHaveLength(writes);
            expect(clock.timers).toHaveLength(0);
            expect(creates).toHaveLength(1);
            expect(org.callStats('call_2').createAttempts).toBe(0);
            // What is stored is what was there at stop(): both calls, for the next owner (a DUPLICATE_VALUE for call_1).
            expect(queuedIds(storage)).toEqual(['call_1', 'call_2']);
        });
    });

    describe('two loggers on one storage (two tabs during a handover)', () => {
        it("never lose each other's entries: every write merges with what is stored", async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const a = setup({ org, storage, clock });
            const b = setup({ org, storage, clock });
            org.failNext('network', 2);
            await a.logger.logCall(completed('call_a'));
            await b.logger.logCall(completed('call_b'));
            expect(queuedIds(storage)).toEqual(['call_a', 'call_b']);
            while (clock.timers.length > 0) {
                await clock.tick();
            }
            expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c).sort()).toEqual(['call_a', 'call_b']);
            expect(org.duplicates()).toEqual([]);
            expect(queuedIds(storage)).toEqual([]);
            expect([...a.logger.pendingCallIds(), ...b.logger.pendingCallIds()]).toEqual([]);
        });

        it('a call saved by one logger is not created again by the other', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const a = setup({ org, storage, clock });
            org.failNext('network');
            await a.logger.logCall(completed('call_1'));
            const b = setup({ org, storage, clock, lds: { createRecord: () => Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })), updateRecord: org.updateRecord, findCallRecordId: org.findCallRecordId } });
            await clock.tick();
            expect(org.calls()).toHaveLength(1);
            await b.logger.flush();
            expect(org.callStats('call_1').createAttempts).toBe(2);
            expect(b.logger.pendingCallIds()).toEqual([]);
            expect(queuedIds(storage)).toEqual([]);
        });

        it('merges wrap-ups field by field: notes from one tab and disposition from the other both reach the record', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const a = setup({ org, storage, clock });
            org.failNext('network', 3);
            await a.logger.logCall(completed('call_1'));
            const b = setup({ org, storage, clock });
            await a.logger.logWrapUp('call_1', { notes: 'from tab A' });
            await b.logger.logWrapUp('call_1', { disposition: 'Resolved' });
            expect(stored(storage).entries).toEqual([expect.objectContaining({ wrapUp: { notes: expect.objectContaining({ value: 'from tab A' }), disposition: expect.objectContaining({ value: 'Resolved' }) } })]);
            // Both tabs close before the org answers: the next page finds both halves of the wrap-up.
            a.logger.stop();
            b.logger.stop();
            const c = setup({ org, storage, clock });
            await c.logger.flush();
            expect(org.calls()).toHaveLength(1);
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Notes__c: 'from tab A', Disposition__c: 'Resolved' }));
            expect(queuedIds(storage)).toEqual([]);
        });

        it('two live loggers both finish: the record gets both halves and the queue empties', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const a = setup({ org, storage, clock });
            const b = setup({ org, storage, clock });
            org.failNext('network', 3);
            await a.logger.logCall(completed('call_1'));
            await a.logger.logWrapUp('call_1', { notes: 'from tab A' });
            await b.logger.logWrapUp('call_1', { disposition: 'Resolved' });
            while (clock.timers.length > 0) {
                await clock.tick();
            }
            expect(org.calls()).toHaveLength(1);
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Notes__c: 'from tab A', Disposition__c: 'Resolved' }));
            expect(queuedIds(storage)).toEqual([]);
            expect([...a.logger.pendingCallIds(), ...b.logger.pendingCallIds()]).toEqual([]);
        });
    });

    describe('wrap-ups', () => {
        it('merges a second wrap-up into the first: notes from the first and disposition from the second reach the record', async () => {
            const { org, logger, clock } = setup();
            org.failNext('network');
            await logger.logCall(completed('call_1'));
            await logger.logWrapUp('call_1', { notes: 'first' });
            org.failNext('network');
            await logger.logWrapUp('call_1', { disposition: 'Resolved' });
            await clock.tick();
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Notes__c: 'first', Disposition__c: 'Resolved' }));
        });

        it('writes the callback time and the follow-up request with the wrap-up; each value is merged on its own, also after a reload', async () => {
            const storage = new MemoryStorage();
            const first = setup({ storage });
            first.org.failNext('network');
            await first.logger.logCall(completed('call_1'));
            await first.logger.logWrapUp('call_1', { disposition: 'Callback_Requested', callbackAt: new Date(Date.UTC(2026, 10, 26, 8, 30)) });
            // Another value typed later: the request; the page closes before the org is back.
            await first.logger.logWrapUp('call_1', { followUp: { subject: 'Envoyer le devis', dueDate: '2026-11-27', assigneeId: OTHER_AGENT } });
            first.logger.stop();
            const next = setup({ storage, org: first.org });
            await next.logger.flush();
            expect(first.org.calls()).toHaveLength(1);
            expect(first.org.calls()[0]?.fields).toEqual(
                expect.objectContaining({
                    Disposition__c: 'Callback_Requested',
                    Callback_At__c: '2026-11-26T08:30:00.000Z',
                    Follow_Up_Request_Subject__c: 'Envoyer le devis',
                    Follow_Up_Request_Due_Date__c: '2026-11-27',
                    Follow_Up_Request_Assignee__c: OTHER_AGENT
                })
            );
            // A later "no follow-up" clears the request; the callback stays as written.
            await next.logger.logWrapUp('call_1', { followUp: null });
            expect(first.org.calls()[0]?.fields).toEqual(expect.objectContaining({ Follow_Up_Request_Subject__c: null, Callback_At__c: '2026-11-26T08:30:00.000Z' }));
        });

        it('a value typed after a reload is newer than what the previous page wrote, even when the clock went back', async () => {
            const storage = new MemoryStorage();
            const first = setup({ storage });
            first.clock.time = 5_000_000;
            await first.logger.logCall(completed('call_1'));
            await first.logger.logWrapUp('call_1', { notes: 'written at 5 000 000' });
            first.logger.stop();
            // The next page's clock is behind (a clock set back): the stamps it gives still follow the stored ones.
            const next = setup({ storage, org: first.org });
            next.clock.time = 4_000_000;
            await next.logger.logWrapUp('call_1', { notes: 'typed after the reload' });
            expect(first.org.calls()[0]?.fields.Notes__c).toBe('typed after the reload');
        });

        it('merges a wrap-up that arrives while the first one is being written: both fields end on the record', async () => {
            const updates: { input: RecordUpdateInput; done: Deferred<{ id: string }> }[] = [];
            const org = new FakeOrg();
            const lds: LdsApi = {
                createRecord: org.createRecord,
                updateRecord: (input: RecordUpdateInput) => {
                    const done = new Deferred<{ id: string }>();
                    updates.push({ input, done });
                    return done.promise.then(() => org.updateRecord(input));
                },
                findCallRecordId: org.findCallRecordId
            };
            const { logger, storage } = setup({ org, lds });
            await logger.logCall(completed('call_1'));
            const first = logger.logWrapUp('call_1', { disposition: 'Callback_Requested' });
            await settle();
            expect(updates).toHaveLength(1);
            const second = logger.logWrapUp('call_1', { notes: 'call back on Monday' });
            await settle();
            // The second wrap-up is stored while the first update is in flight.
            expect(storage.getItem(KEY)).toContain('call back on Monday');
            updates[0]?.done.resolve({ id: '' });
            await settle();
            expect(updates).toHaveLength(2);
            expect(updates[1]?.input.fields).toEqual(expect.objectContaining({ Notes__c: 'call back on Monday' }));
            updates[1]?.done.resolve({ id: '' });
            await Promise.all([first, second]);
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Disposition__c: 'Callback_Requested', Notes__c: 'call back on Monday' }));
            expect(org.callStats('call_1')).toEqual(expect.objectContaining({ createAttempts: 1, duplicates: 0, wrapUpsApplied: 2 }));
            expect(logger.pendingCallIds()).toEqual([]);
            expect(queuedIds(storage)).toEqual([]);
        });

        it('writes a later value of the same field after the one in flight, never the older one last', async () => {
            const updates: { input: RecordUpdateInput; done: Deferred<{ id: string }> }[] = [];
            const org = new FakeOrg();
            const lds: LdsApi = {
                createRecord: org.createRecord,
                updateRecord: (input: RecordUpdateInput) => {
                    const done = new Deferred<{ id: string }>();
                    updates.push({ input, done });
                    return done.promise.then(() => org.updateRecord(input));
                },
                findCallRecordId: org.findCallRecordId
            };
            const { logger } = setup({ org, lds });
            await logger.logCall(completed('call_1'));
            const first = logger.logWrapUp('call_1', { notes: 'typed first' });
            await settle();
            const second = logger.logWrapUp('call_1', { disposition: 'Callback_Requested', notes: 'typed first, then more' });
            await settle();
            updates[0]?.done.resolve({ id: '' });
            await settle();
            expect(updates).toHaveLength(2);
            updates[1]?.done.resolve({ id: '' });
            await Promise.all([first, second]);
            expect(org.calls()[0]?.fields).toEqual(expect.objectContaining({ Notes__c: 'typed first, then more', Disposition__c: 'Callback_Requested' }));
            expect(logger.status.pending).toBe(0);
        });

        it('keeps a wrap-up entered in one tab after another tab saved the call and emptied the queue', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const clock = new Clock();
            const a = setup({ org, storage, clock });
            org.failNext('network');
            await a.logger.logCall(completed('call_1'));
            // Tab B (the new leader) saves the call and removes it from the stored queue.
            const b = setup({ org, storage, clock });
            await b.logger.flush();
            expect(queuedIds(storage)).toEqual([]);
            // Tab A still holds the call in memory; the agent's wrap-up typed there is not lost.
            await a.logger.logWrapUp('call_1', { notes: 'typed in tab A' });
            await a.logger.flush();
            expect(org.calls()[0]?.fields.Notes__c).toBe('typed in tab A');
            expect(org.callStats('call_1')).toEqual(expect.objectContaining({ createAttempts: 2, duplicates: 0, wrapUpsApplied: 1 }));
            expect(queuedIds(storage)).toEqual([]);
        });
    });

    describe('the queue is in storage before the first save', () => {
        it('logCall has written the call to storage when createRecord is called', async () => {
            const org = new FakeOrg();
            const storage = new MemoryStorage();
            const seen: string[] = [];
            const lds: LdsApi = {
                createRecord: (input: RecordInput) => {
                    seen.push(storage.getItem(KEY) ?? '(nothing stored)');
                    return org.createRecord(input);
                },
                updateRecord: org.updateRecord,
                findCallRecordId: org.findCallRecordId
            };
            const { logger } = setup({ org, storage, lds });
            await logger.logCall(completed('call_1'));
            expect(seen).toHaveLength(1);
            expect(JSON.parse(seen[0] ?? '{}')).toEqual(
                expect.objectContaining({ entries: [expect.objectContaining({ kind: 'call', diamyCallId: 'call_1', created: false, call: expect.objectContaining({ diamyCallId: 'call_1', endedAt: '2026-11-25T09:02:00.000Z' }) })] })
            );
            expect(org.callStats('call_1').createAttempts).toBe(1);
            // Saved: the stored queue no longer holds the call.
            expect(queuedIds(storage)).toEqual([]);
        });
    });

    describe('storage that refuses writes', () => {
        it('still saves, and tells the agent the queue lives in this page only', async () => {
            const storage = new MemoryStorage();
            storage.refuseWrites = true;
            const { org, logger } = setup({ storage });
            const statuses: LogStatus[] = [];
            logger.subscribe((status) => statuses.push(status));
            await logger.logCall(completed('call_1'));
            expect(org.calls()).toHaveLength(1);
            expect(logger.status).toEqual(expect.objectContaining({ storage: 'memory-only', storageMessage: LABEL_MEMORY_ONLY }));
            expect(LABEL_MEMORY_ONLY).toContain('this page');
            storage.refuseWrites = false;
            await logger.logCall(completed('call_2'));
            expect(logger.status).toEqual(expect.objectContaining({ storage: 'ok', storageMessage: null }));
            expect(statuses.some((status) => status.storage === 'memory-only')).toBe(true);
        });

        it('says so from the start when there is no storage at all (privacy settings)', () => {
            const { logger } = setup({ storage: null });
            expect(logger.status).toEqual(expect.objectContaining({ storage: 'memory-only', storageMessage: LABEL_MEMORY_ONLY }));
        });
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
