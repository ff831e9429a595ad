// Reconcile on start: the leader asks Diamy for the agent's recent calls and hands the logger every call that
// ended after this browser's lastSeenAt (per org and user) and that it did not log itself.
import { TelephonySession, callsEndedSince, lastSeenStore } from 'c/diamyTelephonySession';
import type { LastSeenStore, SessionLeader, SessionLogStatus, SessionLogger } from 'c/diamyTelephonySession';
import { completeWrapUp, initialState } from 'c/diamyCallState';
import type { Call, TelephonyState } from 'c/diamyCallState';
import type { CompletedCall } from 'c/diamyCallRecord';
import type { ConnectionState, RecentCallsQuery } from 'c/diamyTelephony';
import { FakeProviderEvents } from 'diamy-test/diamyFakeProviderEvents';
import { MemoryStorage } from 'diamy-test/diamyFakeOrg';
import { makeCall } from 'diamy-test/diamyCallFixtures';

const ORG = '00D000000000001AAA';
const USER = '005000000000001AAA';
const T0 = Date.parse('2026-11-25T09:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function ended(id: string, endedMs: number, startedMs = endedMs - 60000): Call {
    return makeCall({ id, state: 'ended', status: 'missed', started_at: iso(startedMs), ended_at: iso(endedMs), end_reason: 'missed' });
}

/** Diamy's GET /v2/calls/recent over a list of calls: ended only, newest end first, `from` on the start. */
class FakeDiamy {
    calls: Call[] = [];
    queries: RecentCallsQuery[] = [];
    failNext = 0;
    recentCalls = (query: RecentCallsQuery): Promise<Call[]> => {
        this.queries.push(query);
        if (this.failNext > 0) {
            this.failNext -= 1;
            return Promise.reject(new Error('503 Service Unavailable'));
        }
        const from = query.from ? Date.parse(query.from) : -Infinity;
        const offset = query.offset ?? 0;
        const page = this.calls
            .filter((call) => call.state === 'ended' && Date.parse(call.started_at) >= from)
            .sort((a, b) => Date.parse(b.ended_at ?? '') - Date.parse(a.ended_at ?? ''))
            .slice(offset, offset + (query.limit ?? 20));
        return Promise.resolve(page);
    };
}

class FakeProvider extends FakeProviderEvents {
    state: TelephonyState = initialState();
    connection: ConnectionState = 'offline';
    connect = (): void => {
        this.connection = 'connected';
        this.emit('connection', 'connected');
    };
    disconnect = (): void => {
        this.connection = 'offline';
    };
    completeWrapUp = (callId: string): boolean => {
        const next = completeWrapUp(this.state, callId);
        const changed = next !== this.state;
        this.state = next;
        return changed;
    };
    drop(): void {
        this.connection = 'reconnecting';
        this.emit('connection', 'reconnecting');
    }
    back(): void {
        this.connect();
    }
}

class FakeLeader implements SessionLeader {
    isLeader = false;
    private role: ((role: 'leader' | 'follower' | 'stopped') => void) | null = null;
    start(): void {
        this.role?.('leader');
    }
    stop(): void {
        this.role = null;
    }
    onRole(listener: (role: 'leader' | 'follower' | 'stopped') => void): () => void {
        this.role = listener;
        listener('follower');
        return () => (this.role = null);
    }
    onState(): () => void {
        return () => undefined;
    }
    publishState(): void {
        return undefined;
    }
}

/** A logger that remembers what it was handed, across "pages" (like the real queue in storage). */
class FakeLogger implements SessionLogger {
    constructor(readonly handed: CompletedCall[]) {}
    logCall(call: CompletedCall): Promise<void> {
        this.handed.push(call);
        return Promise.resolve();
    }
    logWrapUp(): Promise<void> {
        return Promise.resolve();
    }
    subscribe(listener: (status: SessionLogStatus) => void): () => void {
        listener({ state: 'idle', pending: 0, message: '' });
        return () => undefined;
    }
    flush(): Promise<void> {
        return Promise.resolve();
    }
    stop(): void {
        return undefined;
    }
}

interface Page {
    session: TelephonySession;
    provider: FakeProvider;
}

/** A page of the softphone in this browser: leader at once, connected at once. */
function openPage(diamy: FakeDiamy, store: LastSeenStore | null, handed: CompletedCall[], now = (): number => T0): Page {
    const provider = new FakeProvider();
    const session = new TelephonySession({
        provider,
        leader: new FakeLeader(),
        agentUserId: USER,
        createLogger: () => new FakeLogger(handed),
        reconcile: { recentCalls: diamy.recentCalls, store, now, pageSize: 100 }
    });
    session.start();
    return { session, provider };
}

const ids = (calls: CompletedCall[]): string[] => calls.map((call) => call.diamyCallId);

describe('c-diamy-telephony-session reconcile', () => {
    let storage: MemoryStorage;
    let store: LastSeenStore;
    let diamy: FakeDiamy;
    let handed: CompletedCall[];

    beforeEach(() => {
        storage = new MemoryStorage();
        const made = lastSeenStore(storage, ORG, USER);
        if (!made) {
            throw new Error('no store');
        }
        store = made;
        diamy = new FakeDiamy();
        handed = [];
    });

    it('a call that ended while no tab was open is logged once at the next start, and not again at the one after', async () => {
        diamy.calls.push(ended('call_old', T0 - 3600000));
        const first = openPage(diamy, store, handed);
        await first.session.reconciled();
        // First start in this browser: history from before is not backfilled; lastSeenAt starts now.
        expect(ids(handed)).toEqual([]);
        expect(storage.getItem(`diamy.lastSeenAt.${ORG.slice(0, 15)}.${USER.slice(0, 15)}`)).toBe(iso(T0));
        first.session.stop();

        diamy.calls.push(ended('call_missed', T0 + 60000));
        const second = openPage(diamy, store, handed, () => T0 + 120000);
        await second.session.reconciled();
        expect(ids(handed)).toEqual(['call_missed']);
        expect(handed[0]).toMatchObject({ outcome: 'Missed', agentUserId: USER, endedAt: iso(T0 + 60000) });
        expect(second.session.lastReconcile).toMatchObject({ since: T0, fetched: 1, handed: ['call_missed'], failed: false });
        second.session.stop();

        const third = openPage(diamy, store, handed, () => T0 + 180000);
        await third.session.reconciled();
        expect(ids(handed)).toEqual(['call_missed']);
        expect(diamy.queries.length).toBeGreaterThan(0);
        third.session.stop();
    });

    it('asks Diamy from before lastSeenAt (the filter is on the start) so a long call that ended after it is not missed', async () => {
        store.write(T0);
        diamy.calls.push(ended('call_long', T0 + 1000, T0 - 2 * 3600000), ended('call_before', T0 - 1000));
        const page = openPage(diamy, store, handed);
        await page.session.reconciled();
        expect(ids(handed)).toEqual(['call_long']);
        expect(Date.parse(diamy.queries[0]?.from ?? '')).toBeLessThan(T0 - 2 * 3600000);
    });

    it('after a reconnect, the calls that ended during the outage are logged; those logged live are not handed twice', async () => {
        store.write(T0);
        const page = openPage(diamy, store, handed);
        await page.session.reconciled();
        const live = ended('call_live', T0 + 10000);
        diamy.calls.push(live);
        page.provider.emit('callEnded', live);
        expect(store.read()).toBe(T0 + 10000);
        page.provider.drop();
        diamy.calls.push(ended('call_during_outage', T0 + 20000));
        // A live end heard while the gap is open does not move lastSeenAt past the outage.
        const replayed = ended('call_replayed', T0 + 30000);
        diamy.calls.push(replayed);
        page.provider.emit('callEnded', replayed);
        expect(store.read()).toBe(T0 + 10000);
        page.provider.back();
        await page.session.reconciled();
        expect(ids(handed)).toEqual(['call_live', 'call_replayed', 'call_during_outage']);
        expect(store.read()).toBe(T0 + 30000);
    });

    it('a failed fetch keeps lastSeenAt; the next connect reconciles', async () => {
        store.write(T0);
        diamy.calls.push(ended('call_1', T0 + 5000));
        diamy.failNext = 1;
        const page = openPage(diamy, store, handed);
        await page.session.reconciled();
        expect(page.session.lastReconcile?.failed).toBe(true);
        expect(ids(handed)).toEqual([]);
        expect(store.read()).toBe(T0);
        page.provider.drop();
        page.provider.back();
        await page.session.reconciled();
        expect(ids(handed)).toEqual(['call_1']);
    });

    it('a connect during a running reconcile runs it again afterwards', async () => {
        store.write(T0);
        const page = openPage(diamy, store, handed);
        page.provider.drop();
        diamy.calls.push(ended('call_1', T0 + 5000));
        page.provider.back();
        await page.session.reconciled();
        expect(ids(handed)).toEqual(['call_1']);
        expect(diamy.queries).toHaveLength(2);
    });

    it('without the org id (no store) Diamy is not asked and nothing is handed', async () => {
        diamy.calls.push(ended('call_1', T0 + 5000));
        const page = openPage(diamy, lastSeenStore(storage, null, USER), handed);
        await page.session.reconciled();
        expect(diamy.queries).toEqual([]);
        expect(ids(handed)).toEqual([]);
        expect(storage.data.size).toBe(0);
    });

    it('a follower does not reconcile', async () => {
        store.write(T0);
        diamy.calls.push(ended('call_1', T0 + 5000));
        const provider = new FakeProvider();
        const leader = new FakeLeader();
        leader.start = (): void => undefined;
        const session = new TelephonySession({
            provider,
            leader,
            agentUserId: USER,
            createLogger: () => new FakeLogger(handed),
            reconcile: { recentCalls: diamy.recentCalls, store }
        });
        session.start();
        provider.emit('connection', 'connected');
        await session.reconciled();
        expect(diamy.queries).toEqual([]);
    });

    it('a consulted call that ended while no tab was open is logged with its consultation; its consult leg is not logged', async () => {
        store.write(T0);
        const customer = makeCall({ id: 'call_customer', state: 'ended', status: 'answered', started_at: iso(T0 + 1000), answered_at: iso(T0 + 5000), ended_at: iso(T0 + 90000), end_reason: 'remote_hangup' });
        const leg = makeCall({
            id: 'call_leg',
            direction: 'outbound',
            to: { number: '+33612345678', name: null, withheld: false, user_id: null },
            parent_call_id: 'call_customer',
            state: 'ended',
            status: 'abandoned',
            started_at: iso(T0 + 20000),
            ended_at: iso(T0 + 32000),
            end_reason: 'consult_cancelled'
        });
        diamy.calls.push(customer, leg);
        const page = openPage(diamy, store, handed);
        await page.session.reconciled();
        expect(ids(handed)).toEqual(['call_customer']);
        expect(handed[0]?.consult).toEqual({ party: '+33612345678', seconds: 12, outcome: 'Not_Answered' });
        expect(page.session.lastReconcile).toMatchObject({ fetched: 2, handed: ['call_customer'] });
        expect(store.read()).toBe(T0 + 90000);
    });
});

describe('callsEndedSince', () => {
    it('reads pages newest first until one reaches lastSeenAt, oldest first in the answer', async () => {
        const diamy = new FakeDiamy();
        for (let index = 0; index < 250; index += 1) {
            diamy.calls.push(ended(`call_${index}`, T0 + (index - 50) * 1000));
        }
        const calls = await callsEndedSince(diamy.recentCalls, T0, { pageSize: 100 });
        expect(calls).toHaveLength(199);
        expect(calls[0]?.id).toBe('call_51');
        expect(calls[calls.length - 1]?.id).toBe('call_249');
        expect(diamy.queries.map((query) => query.offset)).toEqual([0, 100]);
    });

    it('stops at maxPages, and on a short page', async () => {
        const diamy = new FakeDiamy();
        for (let index = 0; index < 30; index += 1) {
            diamy.calls.push(ended(`call_${index}`, T0 + (index + 1) * 1000));
        }
        await callsEndedSince(diamy.recentCalls, T0, { pageSize: 10, maxPages: 2 });
        expect(diamy.queries.map((query) => query.offset)).toEqual([0, 10]);
        diamy.queries = [];
        await callsEndedSince(diamy.recentCalls, T0, { pageSize: 100 });
        expect(diamy.queries).toHaveLength(1);
    });
});

describe('lastSeenStore', () => {
    it('keeps lastSeenAt per org and user; unreadable values and refused writes do no harm', () => {
        const storage = new MemoryStorage();
        const camille = lastSeenStore(storage, ORG, USER);
        const other = lastSeenStore(storage, ORG, '005000000000002AAA');
        camille?.write(T0);
        expect(camille?.read()).toBe(T0);
        expect(other?.read()).toBeNull();
        storage.setItem(`diamy.lastSeenAt.${ORG.slice(0, 15)}.${USER.slice(0, 15)}`, 'garbage');
        expect(camille?.read()).toBeNull();
        storage.refuseWrites = true;
        expect(() => camille?.write(T0)).not.toThrow();
        expect(lastSeenStore(null, ORG, USER)).toBeNull();
        const unreadable = lastSeenStore(
            {
                getItem: () => {
                    throw new Error('SecurityError');
                },
                setItem: () => undefined
            },
            ORG,
            USER
        );
        expect(unreadable?.read()).toBeNull();
    });
});
