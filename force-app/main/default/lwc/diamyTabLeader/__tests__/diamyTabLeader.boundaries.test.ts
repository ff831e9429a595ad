// Boundaries of the tab election: exact message contents, the lease and answer-gap limits, the successor a
// closing leader names, the defaults of the injected timers, and what a stopped tab or a Web Locks tab never does.
import { LOCK_NAME, MAX_TERM, TabLeader, outranks, readMessage } from 'c/diamyTabLeader';
import type { ChannelLike, LockManagerLike, Role } from 'c/diamyTabLeader';

/** A channel that records what its tab posts; the test hands messages to the tab with `receive`. */
class RecordingChannel implements ChannelLike {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    posted: unknown[] = [];
    closed = false;
    postMessage(message: unknown): void {
        this.posted.push(JSON.parse(JSON.stringify(message)) as unknown);
    }
    close(): void {
        this.closed = true;
    }
    receive(data: unknown): void {
        this.onmessage?.({ data });
    }
    /** What was posted since the last call. */
    take(): unknown[] {
        const posted = this.posted;
        this.posted = [];
        return posted;
    }
}

interface Harness {
    tab: TabLeader;
    channel: RecordingChannel;
    clock: { t: number };
    /** Fires the tab's interval (as a throttled timer would: whenever the test says). */
    fire: () => void;
    cleared: unknown[];
    intervals: { ms: number }[];
}

function harness(tabId = 'm', locks: LockManagerLike | null = null): Harness {
    const clock = { t: 0 };
    const channel = new RecordingChannel();
    let tick: (() => void) | null = null;
    const cleared: unknown[] = [];
    const intervals: { ms: number }[] = [];
    const tab = new TabLeader({
        tabId,
        locks,
        channel,
        now: () => clock.t,
        setInterval: (fn, ms) => {
            tick = fn;
            intervals.push({ ms });
            return 'handle';
        },
        clearInterval: (handle) => cleared.push(handle),
        heartbeatMs: 1000,
        leaseMs: 3500
    });
    return { tab, channel, clock, fire: () => tick?.(), cleared, intervals };
}

/** A tab that leads term 1 (claimed after its probe stayed unanswered for a lease). */
function leaderHarness(tabId = 'm'): Harness {
    const h = harness(tabId);
    h.tab.start();
    h.clock.t = 4000;
    h.fire();
    expect(h.tab.isLeader).toBe(true);
    h.channel.take();
    return h;
}

/** A tab that follows `leader` at term `term`. */
function followerHarness(tabId = 'm', leader = 'a', term = 1): Harness {
    const h = harness(tabId);
    h.tab.start();
    h.channel.receive({ kind: 'heartbeat', tabId: leader, term });
    h.channel.take();
    return h;
}

describe('c-diamy-tab-leader boundaries', () => {
    afterEach(() => {
        jest.useRealTimers();
    });

    describe('readMessage', () => {
        it('accepts term 0 and MAX_TERM, and a tab id of exactly 100 characters', () => {
            expect(readMessage({ kind: 'claim', tabId: 't', term: 0 })).toEqual({ kind: 'claim', tabId: 't', term: 0 });
            expect(readMessage({ kind: 'claim', tabId: 't', term: MAX_TERM })).toEqual({ kind: 'claim', tabId: 't', term: MAX_TERM });
            expect(readMessage({ kind: 'claim', tabId: 't', term: MAX_TERM + 1 })).toBeNull();
            const longest = 'x'.repeat(100);
            expect(readMessage({ kind: 'probe', tabId: longest, term: 1 })).toEqual({ kind: 'probe', tabId: longest, term: 1 });
            expect(readMessage({ kind: 'probe', tabId: `${longest}x`, term: 1 })).toBeNull();
        });

        it('rejects a term that is not a number, a tab id that is not text, and values that are not objects', () => {
            expect(readMessage({ kind: 'claim', tabId: 't', term: '2' })).toBeNull();
            expect(readMessage({ kind: 'claim', tabId: 't', term: null })).toEqual({ kind: 'claim', tabId: 't', term: 0 });
            expect(readMessage({ kind: 'claim', tabId: 7, term: 2 })).toBeNull();
            expect(readMessage({ kind: 'claim', term: 2 })).toBeNull();
            expect(readMessage({ tabId: 't', term: 2 })).toBeNull();
            expect(readMessage(undefined)).toBeNull();
            expect(readMessage(42)).toBeNull();
            expect(readMessage('claim')).toBeNull();
        });

        it('keeps a valid successor of a resign, the state of a state message, and nothing else', () => {
            expect(readMessage({ kind: 'resign', tabId: 't', term: 3, successor: 'u', extra: true })).toEqual({ kind: 'resign', tabId: 't', term: 3, successor: 'u' });
            expect(readMessage({ kind: 'resign', tabId: 't', term: 3, successor: '' })).toEqual({ kind: 'resign', tabId: 't', term: 3, successor: null });
            expect(readMessage({ kind: 'state', tabId: 't', term: 3, state: { a: 1 }, successor: 'u' })).toEqual({ kind: 'state', tabId: 't', term: 3, state: { a: 1 } });
            expect(readMessage({ kind: 'bye', tabId: 't', term: 3, state: 1, successor: 'u' })).toEqual({ kind: 'bye', tabId: 't', term: 3 });
        });

        it('ranks an equal term by the smaller id, and any id above none', () => {
            expect(outranks(1, 'a', 1, 'a')).toBe(false);
            expect(outranks(0, 'z', 0, null)).toBe(true);
            expect(outranks(1, 'a', 2, null)).toBe(false);
        });
    });

    describe('defaults', () => {
        it('ticks every second on the platform timers and claims after a lease of 3.5 s without a leader', () => {
            jest.useFakeTimers();
            const channel = new RecordingChannel();
            const tab = new TabLeader({ tabId: 'm', locks: null, channel });
            tab.start();
            expect(channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 0 }]);
            jest.advanceTimersByTime(3999);
            expect(tab.isLeader).toBe(false);
            expect(channel.take()).toEqual([]);
            jest.advanceTimersByTime(1);
            expect(tab.isLeader).toBe(true);
            expect(channel.take()).toEqual([{ kind: 'claim', tabId: 'm', term: 1 }]);
            jest.advanceTimersByTime(1000);
            expect(channel.take()).toEqual([{ kind: 'heartbeat', tabId: 'm', term: 1 }]);
            tab.stop();
            expect(jest.getTimerCount()).toBe(0);
        });

        it('measures the lease on the wall clock when no clock is injected', () => {
            jest.useFakeTimers();
            jest.setSystemTime(1_000_000);
            const channel = new RecordingChannel();
            let tick: () => void = () => undefined;
            const tab = new TabLeader({ tabId: 'm', locks: null, channel, setInterval: (fn) => ((tick = fn), 1), clearInterval: () => undefined });
            tab.start();
            expect(channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 0 }]);
            jest.setSystemTime(1_003_500);
            tick();
            expect(tab.isLeader).toBe(false);
            jest.setSystemTime(1_003_501);
            tick();
            expect(tab.isLeader).toBe(true);
            tab.stop();
        });

        it('uses the heartbeat period it is given for its interval', () => {
            const h = harness();
            h.tab.start();
            expect(h.intervals).toEqual([{ ms: 1000 }]);
            h.tab.stop();
        });
    });

    describe('the lease', () => {
        it('a follower probes only once more than a lease has passed, and claims at the next tick if nobody answered', () => {
            const h = followerHarness();
            h.clock.t = 3500;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            h.clock.t = 3501;
            h.fire();
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 1 }]);
            expect(h.tab.isLeader).toBe(false);
            h.fire();
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(2);
            expect(h.channel.take()).toEqual([{ kind: 'claim', tabId: 'm', term: 2 }]);
        });

        it('a heartbeat heard after the probe cancels the claim and restarts the lease', () => {
            const h = followerHarness();
            h.clock.t = 4000;
            h.fire(); // probe
            h.channel.take();
            h.channel.receive({ kind: 'heartbeat', tabId: 'a', term: 1 });
            expect(h.channel.take()).toEqual([]); // the same leader: no new introduction
            h.fire();
            expect(h.tab.isLeader).toBe(false);
            h.clock.t = 7500;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            h.clock.t = 7501;
            h.fire();
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 1 }]);
        });

        it('a state message of the leader renews the lease too, and is mirrored', () => {
            const h = followerHarness();
            const mirrored: unknown[] = [];
            h.tab.onState((state) => mirrored.push(state));
            h.clock.t = 3000;
            h.channel.receive({ kind: 'state', tabId: 'a', term: 1, state: { phase: 'ringing' } });
            expect(mirrored).toEqual([{ phase: 'ringing' }]);
            h.clock.t = 6500;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            h.clock.t = 6501;
            h.fire();
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 1 }]);
        });

        it('a leader sends a heartbeat of its term on every tick, whatever the clock says', () => {
            const h = leaderHarness();
            h.clock.t = 100_000;
            h.fire();
            h.fire();
            expect(h.channel.take()).toEqual([
                { kind: 'heartbeat', tabId: 'm', term: 1 },
                { kind: 'heartbeat', tabId: 'm', term: 1 }
            ]);
            expect(h.tab.isLeader).toBe(true);
        });

        it('never claims past MAX_TERM', () => {
            const h = followerHarness('m', 'a', MAX_TERM);
            h.channel.receive({ kind: 'resign', tabId: 'a', term: MAX_TERM, successor: null });
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(MAX_TERM);
            expect(h.channel.take()).toEqual([{ kind: 'claim', tabId: 'm', term: MAX_TERM }]);
        });
    });

    describe('a leader answering', () => {
        it('answers probes with a heartbeat at most every 100 ms', () => {
            const h = leaderHarness();
            h.channel.receive({ kind: 'probe', tabId: 'b', term: 0 });
            h.channel.receive({ kind: 'probe', tabId: 'c', term: 0 });
            expect(h.channel.take()).toEqual([{ kind: 'heartbeat', tabId: 'm', term: 1 }]);
            h.clock.t += 99;
            h.channel.receive({ kind: 'probe', tabId: 'd', term: 0 });
            expect(h.channel.take()).toEqual([]);
            h.clock.t += 1;
            h.channel.receive({ kind: 'probe', tabId: 'e', term: 0 });
            expect(h.channel.take()).toEqual([{ kind: 'heartbeat', tabId: 'm', term: 1 }]);
        });

        it('answers a stale heartbeat (older term) and keeps leading; a follower does not answer it', () => {
            const h = leaderHarness();
            h.channel.receive({ kind: 'heartbeat', tabId: 'a', term: 0 });
            expect(h.channel.take()).toEqual([{ kind: 'heartbeat', tabId: 'm', term: 1 }]);
            expect(h.tab.isLeader).toBe(true);
            const f = followerHarness('n', 'a', 2);
            f.channel.receive({ kind: 'heartbeat', tabId: 'z', term: 1 });
            f.channel.receive({ kind: 'claim', tabId: 'z', term: 2 });
            f.channel.receive({ kind: 'probe', tabId: 'z', term: 2 });
            expect(f.channel.take()).toEqual([]);
            expect(f.tab.currentTerm).toBe(2);
        });

        it('steps down for a better claim of the same term (smaller id), and introduces itself to the new leader', () => {
            const h = leaderHarness('m');
            const roles: Role[] = [];
            h.tab.onRole((role) => roles.push(role));
            h.channel.receive({ kind: 'claim', tabId: 'z', term: 1 });
            expect(h.tab.isLeader).toBe(true);
            h.channel.receive({ kind: 'claim', tabId: 'b', term: 1 });
            expect(h.tab.isLeader).toBe(false);
            expect(roles).toEqual(['leader', 'follower']);
            expect(h.channel.take()).toEqual([
                { kind: 'heartbeat', tabId: 'm', term: 1 },
                { kind: 'probe', tabId: 'm', term: 1 }
            ]);
        });

        it('a follower introduces itself once per new leader, not on every heartbeat', () => {
            const h = followerHarness('m', 'a', 1);
            h.channel.receive({ kind: 'heartbeat', tabId: 'a', term: 1 });
            h.channel.receive({ kind: 'state', tabId: 'a', term: 1, state: null });
            expect(h.channel.take()).toEqual([]);
            h.channel.receive({ kind: 'claim', tabId: 'a', term: 2 });
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 2 }]);
            h.channel.receive({ kind: 'heartbeat', tabId: 'b', term: 3 });
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 3 }]);
            expect(h.tab.currentTerm).toBe(3);
        });

        it('ignores a message that carries its own tab id', () => {
            const h = leaderHarness('m');
            h.channel.receive({ kind: 'claim', tabId: 'm', term: 9 });
            h.channel.receive({ kind: 'probe', tabId: 'm', term: 0 });
            expect(h.tab.currentTerm).toBe(1);
            expect(h.channel.take()).toEqual([]);
        });
    });

    describe('the successor a closing leader names', () => {
        function stopAndRead(h: Harness): unknown[] {
            h.channel.take();
            h.tab.stop();
            return h.channel.take();
        }

        it('names the follower it heard last (also on a tie of the clock) and forgets those that said bye', () => {
            const h = leaderHarness();
            h.clock.t = 5000;
            h.channel.receive({ kind: 'probe', tabId: 'b', term: 1 });
            h.channel.receive({ kind: 'probe', tabId: 'c', term: 1 });
            h.clock.t = 5200;
            h.channel.receive({ kind: 'probe', tabId: 'd', term: 1 });
            h.channel.receive({ kind: 'bye', tabId: 'd', term: 1 });
            h.channel.take();
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 1, successor: 'c' }]);
        });

        it('names the follower heard last even when the clock went back meanwhile', () => {
            const h = leaderHarness();
            h.clock.t = 9000;
            h.channel.receive({ kind: 'probe', tabId: 'b', term: 1 });
            h.clock.t = 8000; // the wall clock was set back
            h.channel.receive({ kind: 'probe', tabId: 'c', term: 1 });
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 1, successor: 'c' }]);
        });

        it('moves a follower heard again to the end: it outlives older followers when there are more than 16', () => {
            const h = leaderHarness();
            h.clock.t = 5000;
            h.channel.receive({ kind: 'probe', tabId: 'f01', term: 1 });
            for (let i = 2; i <= 16; i += 1) {
                h.clock.t += 1;
                h.channel.receive({ kind: 'probe', tabId: `f${String(i).padStart(2, '0')}`, term: 1 });
            }
            h.clock.t += 1;
            h.channel.receive({ kind: 'probe', tabId: 'f01', term: 1 }); // heard again: the newest
            h.clock.t += 1;
            h.channel.receive({ kind: 'probe', tabId: 'f17', term: 1 }); // 17 followers: the oldest (f02) is forgotten
            for (let i = 3; i <= 17; i += 1) {
                h.channel.receive({ kind: 'bye', tabId: `f${String(i).padStart(2, '0')}`, term: 1 });
            }
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 1, successor: 'f01' }]);
        });

        it('forgets the oldest of 17 followers: named nobody when all the others left', () => {
            const h = leaderHarness();
            for (let i = 1; i <= 17; i += 1) {
                h.clock.t = 5000 + i;
                h.channel.receive({ kind: 'probe', tabId: `f${i}`, term: 1 });
            }
            for (let i = 2; i <= 17; i += 1) {
                h.channel.receive({ kind: 'bye', tabId: `f${i}`, term: 1 });
            }
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 1, successor: null }]);
        });

        it('remembers 16 followers: the first of exactly 16 is still named when the others left', () => {
            const h = leaderHarness();
            for (let i = 1; i <= 16; i += 1) {
                h.clock.t = 5000 + i;
                h.channel.receive({ kind: 'probe', tabId: `f${i}`, term: 1 });
            }
            for (let i = 2; i <= 16; i += 1) {
                h.channel.receive({ kind: 'bye', tabId: `f${i}`, term: 1 });
            }
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 1, successor: 'f1' }]);
        });

        it('forgets the followers of an earlier leadership', () => {
            const h = leaderHarness('m');
            h.channel.receive({ kind: 'probe', tabId: 'x', term: 1 });
            h.channel.receive({ kind: 'claim', tabId: 'b', term: 2 }); // steps down
            h.channel.receive({ kind: 'resign', tabId: 'b', term: 2, successor: null }); // leads again, term 3
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(3);
            h.channel.take();
            expect(stopAndRead(h)).toEqual([{ kind: 'resign', tabId: 'm', term: 3, successor: null }]);
        });
    });

    describe('resigns', () => {
        it('a resign of another tab or of another term changes nothing', () => {
            const h = followerHarness('m', 'a', 2);
            h.channel.receive({ kind: 'resign', tabId: 'b', term: 2, successor: null });
            h.channel.receive({ kind: 'resign', tabId: 'a', term: 1, successor: null });
            h.channel.receive({ kind: 'resign', tabId: 'a', term: 3, successor: null });
            expect(h.tab.isLeader).toBe(false);
            expect(h.channel.take()).toEqual([]);
            h.channel.receive({ kind: 'resign', tabId: 'a', term: 2, successor: 'm' });
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(3);
        });

        it('a follower not named waits a full lease for the successor, then probes', () => {
            const h = followerHarness('m', 'a', 2);
            h.clock.t = 3000;
            h.channel.receive({ kind: 'resign', tabId: 'a', term: 2, successor: 's' });
            expect(h.tab.isLeader).toBe(false);
            h.clock.t = 6500;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            // The successor claims: followed without a wait.
            h.channel.receive({ kind: 'claim', tabId: 's', term: 3 });
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 3 }]);
            h.clock.t = 10_000;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            h.clock.t = 10_001;
            h.fire();
            expect(h.channel.take()).toEqual([{ kind: 'probe', tabId: 'm', term: 3 }]);
        });

        it('a resign of the successor it waits for, naming nobody, lets it claim', () => {
            const h = followerHarness('m', 'a', 2);
            h.channel.receive({ kind: 'resign', tabId: 'a', term: 2, successor: 's' });
            h.channel.receive({ kind: 'resign', tabId: 's', term: 2, successor: null });
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(3);
        });
    });

    describe('stopping', () => {
        it('a follower says bye with its term; a leader resigns; both close the channel and clear their timer once', () => {
            const f = followerHarness('m', 'a', 4);
            f.tab.stop();
            expect(f.channel.take()).toEqual([{ kind: 'bye', tabId: 'm', term: 4 }]);
            expect(f.channel.closed).toBe(true);
            expect(f.channel.onmessage).toBeNull();
            expect(f.cleared).toEqual(['handle']);
            expect(f.tab.role).toBe('stopped');
            f.tab.stop();
            expect(f.cleared).toEqual(['handle']);
        });

        it('a stopped tab whose throttled timer still fires posts nothing and stays stopped', () => {
            const h = leaderHarness();
            h.tab.stop();
            h.channel.take();
            h.clock.t = 100_000;
            h.fire();
            expect(h.channel.take()).toEqual([]);
            expect(h.tab.role).toBe('stopped');
            expect(h.tab.isLeader).toBe(false);
        });

        it('a stopped tab ignores a message still delivered to its old handler', () => {
            const h = followerHarness('m', 'a', 1);
            const handler = h.channel.onmessage;
            h.tab.stop();
            h.channel.take();
            handler?.({ data: { kind: 'claim', tabId: 'b', term: 5 } });
            handler?.({ data: { kind: 'resign', tabId: 'a', term: 1, successor: 'm' } });
            expect(h.channel.take()).toEqual([]);
            expect(h.tab.role).toBe('stopped');
            expect(h.tab.currentTerm).toBe(1);
        });

        it('a channel that throws on post (closed) does not break the tab', () => {
            const h = harness();
            h.channel.postMessage = () => {
                throw new Error('InvalidStateError');
            };
            expect(() => h.tab.start()).not.toThrow();
            h.clock.t = 4000;
            expect(() => h.fire()).not.toThrow();
            expect(h.tab.isLeader).toBe(true);
            expect(() => h.tab.stop()).not.toThrow();
        });
    });

    describe('listeners', () => {
        it('onRole tells the current role at once, each change once, and nothing after unsubscribing', () => {
            const h = harness();
            const roles: Role[] = [];
            const off = h.tab.onRole((role) => roles.push(role));
            h.tab.start();
            h.clock.t = 4000;
            h.fire();
            h.fire();
            expect(roles).toEqual(['follower', 'leader']);
            off();
            h.tab.stop();
            expect(roles).toEqual(['follower', 'leader']);
        });

        it('onState stops delivering after unsubscribing', () => {
            const h = followerHarness();
            const states: unknown[] = [];
            const off = h.tab.onState((state) => states.push(state));
            h.channel.receive({ kind: 'heartbeat', tabId: 'a', term: 1 });
            h.channel.receive({ kind: 'claim', tabId: 'a', term: 2 });
            h.channel.receive({ kind: 'state', tabId: 'a', term: 2, state: 1 });
            off();
            h.channel.receive({ kind: 'state', tabId: 'a', term: 2, state: 2 });
            expect(states).toEqual([1]);
        });

        it('a follower publishing sends nothing; a leader publishes with its term', () => {
            const f = followerHarness();
            f.tab.publishState({ x: 1 });
            expect(f.channel.take()).toEqual([]);
            const h = leaderHarness();
            h.tab.publishState({ x: 2 });
            expect(h.channel.take()).toEqual([{ kind: 'state', tabId: 'm', term: 1, state: { x: 2 } }]);
        });
    });

    describe('with Web Locks', () => {
        /** A lock manager the test drives: requests wait until the test grants them. */
        class ManualLocks implements LockManagerLike {
            requests: { name: string; options: { mode: 'exclusive'; signal?: AbortSignal }; callback: (lock: unknown) => Promise<void> }[] = [];
            request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown> {
                this.requests.push({ name, options, callback });
                return new Promise(() => undefined);
            }
        }

        it('requests the exclusive lock with an abort signal, and aborts the request when it stops', () => {
            const locks = new ManualLocks();
            const h = harness('m', locks);
            h.tab.start();
            expect(locks.requests).toHaveLength(1);
            const request = locks.requests[0];
            expect(request?.name).toBe(LOCK_NAME);
            expect(request?.options.mode).toBe('exclusive');
            expect(request?.options.signal?.aborted).toBe(false);
            h.tab.stop();
            expect(request?.options.signal?.aborted).toBe(true);
        });

        it('requests the lock without a signal where AbortController is missing', () => {
            const original = globalThis.AbortController;
            (globalThis as { AbortController?: unknown }).AbortController = undefined;
            try {
                const locks = new ManualLocks();
                const h = harness('m', locks);
                h.tab.start();
                expect(locks.requests[0]?.options).toEqual({ mode: 'exclusive' });
                h.tab.stop();
            } finally {
                globalThis.AbortController = original;
            }
        });

        it('a lock granted after the tab stopped is given back at once and does not make it lead', async () => {
            const locks = new ManualLocks();
            const h = harness('m', locks);
            h.tab.start();
            h.tab.stop();
            let released = false;
            await locks.requests[0]?.callback({}).then(() => (released = true));
            expect(released).toBe(true);
            expect(h.tab.role).toBe('stopped');
        });

        it('holds the lock until it stops, never heartbeats nor answers on the channel, and says nothing when it stops', async () => {
            const locks = new ManualLocks();
            const h = harness('m', locks);
            h.tab.start();
            let released = false;
            void locks.requests[0]?.callback({}).then(() => (released = true));
            expect(h.tab.isLeader).toBe(true);
            h.clock.t = 10_000;
            h.fire();
            h.channel.receive({ kind: 'probe', tabId: 'b', term: 0 });
            h.channel.receive({ kind: 'claim', tabId: 'a', term: 5 });
            expect(h.tab.isLeader).toBe(true);
            expect(h.tab.currentTerm).toBe(0);
            await Promise.resolve();
            expect(released).toBe(false);
            h.tab.stop();
            await Promise.resolve();
            await Promise.resolve();
            expect(released).toBe(true);
            expect(h.channel.take()).toEqual([]);
            expect(h.channel.closed).toBe(true);
        });

        it('a follower never claims by lease, mirrors state only, and the leader does not mirror a state it hears', () => {
            const locks = new ManualLocks();
            const f = harness('f', locks);
            f.tab.start();
            const mirrored: unknown[] = [];
            f.tab.onState((state) => mirrored.push(state));
            f.clock.t = 60_000;
            f.fire();
            f.fire();
            expect(f.tab.isLeader).toBe(false);
            f.channel.receive({ kind: 'heartbeat', tabId: 'a', term: 1 });
            f.channel.receive({ kind: 'state', tabId: 'a', term: 0, state: 'x' });
            expect(mirrored).toEqual(['x']);
            expect(f.channel.take()).toEqual([]);
            const l = harness('l', locks);
            l.tab.start();
            void locks.requests[1]?.callback({});
            const heard: unknown[] = [];
            l.tab.onState((state) => heard.push(state));
            l.channel.receive({ kind: 'state', tabId: 'a', term: 0, state: 'y' });
            expect(heard).toEqual([]);
        });
    });
});
