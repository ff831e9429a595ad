import { LOCK_NAME, MAX_TERM, TabLeader, outranks, readMessage } from 'c/diamyTabLeader';
import type { ChannelLike, LockManagerLike, Role } from 'c/diamyTabLeader';

/** BroadcastChannel stand-in: a message reaches every other open channel of the bus, asynchronously like the real one. */
class Bus {
    channels = new Set<FakeChannel>();
    queue: (() => void)[] = [];
    open(): FakeChannel {
        const channel = new FakeChannel(this);
        this.channels.add(channel);
        return channel;
    }
    deliver(): void {
        while (this.queue.length > 0) {
            this.queue.shift()?.();
        }
    }
}
class FakeChannel implements ChannelLike {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    constructor(private readonly bus: Bus) {}
    postMessage(message: unknown): void {
        for (const other of this.bus.channels) {
            if (other !== this) {
                this.bus.queue.push(() => other.onmessage?.({ data: message === undefined ? message : (JSON.parse(JSON.stringify(message)) as unknown) }));
            }
        }
    }
    close(): void {
        this.bus.channels.delete(this);
    }
}

/** Web Locks stand-in: one holder per name, waiters granted in order when the holder's promise settles. */
class FakeLocks implements LockManagerLike {
    private held = false;
    private waiters: (() => void)[] = [];
    request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown> {
        if (name !== LOCK_NAME) {
            return Promise.reject(new Error(`unexpected lock ${name}`));
        }
        return new Promise((resolve, reject) => {
            const grant = (): void => {
                this.held = true;
                void callback({ name }).finally(() => {
                    this.held = false;
                    resolve(undefined);
                    this.waiters.shift()?.();
                });
            };
            options.signal?.addEventListener('abort', () => {
                this.waiters = this.waiters.filter((w) => w !== grant);
                reject(new Error('AbortError'));
            });
            if (this.held) {
                this.waiters.push(grant);
            } else {
                grant();
            }
        });
    }
}

class Timers {
    time = 0;
    intervals = new Map<number, { fn: () => void; ms: number; next: number }>();
    private ids = 0;
    now = (): number => this.time;
    setInterval = (fn: () => void, ms: number): unknown => {
        this.ids += 1;
        this.intervals.set(this.ids, { fn, ms, next: this.time + ms });
        return this.ids;
    };
    clearInterval = (handle: unknown): void => {
        this.intervals.delete(handle as number);
    };
    advance(ms: number, bus: Bus): void {
        const end = this.time + ms;
        while (this.time < end) {
            this.time += 100;
            for (const interval of [...this.intervals.values()]) {
                if (interval.next <= this.time) {
                    interval.next += interval.ms;
                    interval.fn();
                }
            }
            bus.deliver();
        }
    }
}

async function flush(): Promise<void> {
    for (let i = 0; i < 10; i += 1) {
        await Promise.resolve();
    }
}

function leaders(tabs: TabLeader[]): number {
    return tabs.filter((tab) => tab.isLeader).length;
}

describe('c-diamy-tab-leader', () => {
    afterEach(() => {
        jest.clearAllMocks();
    });

    describe('with Web Locks', () => {
        it('elects exactly one leader and hands over when it closes', async () => {
            const bus = new Bus();
            const locks = new FakeLocks();
            const timers = new Timers();
            const tabs = ['a', 'b', 'c'].map((tabId) => new TabLeader({ tabId, locks, channel: bus.open(), now: timers.now, setInterval: timers.setInterval, clearInterval: timers.clearInterval }));
            tabs.forEach((tab) => tab.start());
            await flush();
            expect(tabs.map((t) => t.role)).toEqual(['leader', 'follower', 'follower']);
            tabs[0]?.stop();
            await flush();
            expect(tabs.map((t) => t.role)).toEqual(['stopped', 'leader', 'follower']);
            tabs[1]?.stop();
            await flush();
            expect(tabs[2]?.role).toBe('leader');
            tabs[2]?.stop();
        });

        it('lets followers mirror the state the leader publishes, and ignores followers publishing', async () => {
            const bus = new Bus();
            const locks = new FakeLocks();
            const [a, b] = ['a', 'b'].map((tabId) => new TabLeader({ tabId, locks, channel: bus.open(), setInterval: () => 0, clearInterval: () => undefined }));
            a?.start();
            b?.start();
            await flush();
            const mirrored: unknown[] = [];
            b?.onState((state) => mirrored.push(state));
            a?.publishState({ phase: 'connected' });
            b?.publishState({ phase: 'bogus' });
            bus.deliver();
            expect(mirrored).toEqual([{ phase: 'connected' }]);
            a?.stop();
            b?.stop();
        });
    });

    describe('with BroadcastChannel only', () => {
        function tabsOn(bus: Bus, timers: Timers, ids: string[]): TabLeader[] {
            return ids.map((tabId) => new TabLeader({ tabId, locks: null, channel: bus.open(), now: timers.now, setInterval: timers.setInterval, clearInterval: timers.clearInterval, heartbeatMs: 1000, leaseMs: 3500 }));
        }

        it('converges to one leader (the smallest id) when several tabs claim at once', () => {
            const bus = new Bus();
            const timers = new Timers();
            const tabs = tabsOn(bus, timers, ['t3', 't1', 't2']);
            tabs.forEach((tab) => tab.start());
            timers.advance(10_000, bus);
            expect(leaders(tabs)).toBe(1);
            expect(tabs[1]?.isLeader).toBe(true);
        });

        it('a new tab never displaces a live leader, and a follower takes over when the leader closes or dies', () => {
            const bus = new Bus();
            const timers = new Timers();
            const [b, c] = tabsOn(bus, timers, ['b', 'c']);
            b?.start();
            timers.advance(5000, bus);
            expect(b?.isLeader).toBe(true);
            c?.start();
            const roles: Role[] = [];
            c?.onRole((role) => roles.push(role));
            timers.advance(10_000, bus);
            expect(b?.isLeader).toBe(true);
            expect(c?.isLeader).toBe(false);
            b?.stop(); // closes: broadcasts resign
            bus.deliver();
            expect(c?.isLeader).toBe(true);
            expect(roles).toEqual(['follower', 'leader']);
            // A crashed leader sends nothing: the lease expires.
            const [d] = tabsOn(bus, timers, ['d']);
            d?.start();
            timers.advance(5000, bus);
            expect(d?.isLeader).toBe(false);
            c?.stop();
            timers.advance(5000, bus);
            expect(d?.isLeader).toBe(true);
        });

        it('ignores malformed messages on the channel', () => {
            const bus = new Bus();
            const timers = new Timers();
            const [a] = tabsOn(bus, timers, ['a']);
            a?.start();
            const other = bus.open();
            other.postMessage('garbage');
            other.postMessage({ kind: 'state' });
            other.postMessage(null);
            bus.deliver();
            timers.advance(5000, bus);
            expect(a?.isLeader).toBe(true);
        });

        /** Tabs on one clock, each with its own interval that the test fires when it likes (throttled timers). */
        function manualTabs(bus: Bus, ids: string[]): { tabs: TabLeader[]; fire: (index: number) => void; clock: { t: number } } {
            const clock = { t: 0 };
            const ticks: (() => void)[] = [];
            const tabs = ids.map(
                (tabId, index) =>
                    new TabLeader({
                        tabId,
                        locks: null,
                        channel: bus.open(),
                        now: () => clock.t,
                        setInterval: (fn) => {
                            ticks[index] = fn;
                            return index;
                        },
                        clearInterval: () => undefined,
                        heartbeatMs: 1000,
                        leaseMs: 3500
                    })
            );
            return {
                tabs,
                clock,
                fire: (index) => {
                    ticks[index]?.();
                    bus.deliver();
                }
            };
        }

        it('a leader whose timers are throttled keeps its place: it answers the follower probe from its message handler', () => {
            const bus = new Bus();
            const { tabs, fire, clock } = manualTabs(bus, ['a', 'b']);
            const [a, b] = tabs as [TabLeader, TabLeader];
            a.start();
            bus.deliver();
            clock.t = 4000;
            fire(0); // a: a lease without a leader, its probe unanswered → claims term 1
            expect(a.isLeader).toBe(true);
            expect(a.currentTerm).toBe(1);
            b.start();
            bus.deliver(); // b's probe is answered at once
            expect(b.isLeader).toBe(false);
            // a's heartbeat timer is throttled for a minute; b's fires every second.
            const roles: Role[] = [];
            b.onRole((role) => roles.push(role));
            for (let second = 5; second <= 65; second += 1) {
                clock.t = second * 1000;
                fire(1);
            }
            expect(a.isLeader).toBe(true);
            expect(b.isLeader).toBe(false);
            expect(roles).toEqual(['follower']);
            // The throttled timer finally fires: a simply renews its lease.
            fire(0);
            expect(a.isLeader).toBe(true);
            a.stop();
            b.stop();
        });

        it('a follower claims only when its probe stays unanswered until its next tick; a stale leader steps down on waking', () => {
            const bus = new Bus();
            const { tabs, fire, clock } = manualTabs(bus, ['a', 'b']);
            const [a, b] = tabs as [TabLeader, TabLeader];
            a.start();
            clock.t = 4000;
            fire(0);
            b.start();
            bus.deliver();
            // a is frozen: its channel hears nothing (messages to it are lost here) and its timer does not fire.
            const frozen = a as unknown as { onMessage(data: unknown): void };
            const original = frozen.onMessage.bind(a);
            frozen.onMessage = () => undefined;
            clock.t = 8000;
            fire(1); // a lease without a word: probe
            expect(b.isLeader).toBe(false);
            clock.t = 8500;
            fire(1); // still nothing: claim term 2
            expect(b.isLeader).toBe(true);
            expect(b.currentTerm).toBe(2);
            frozen.onMessage = original;
            // a wakes up: its heartbeat carries term 1; b answers with term 2 and a steps down.
            const roles: Role[] = [];
            a.onRole((role) => roles.push(role));
            clock.t = 30_000;
            fire(0);
            expect(roles).toEqual(['leader', 'follower']);
            expect(a.currentTerm).toBe(2);
            expect(b.isLeader).toBe(true);
            a.stop();
            b.stop();
        });

        it('a closing leader names the follower it heard last: exactly one tab takes over, the other follows it', () => {
            const bus = new Bus();
            const { tabs, fire, clock } = manualTabs(bus, ['c', 'a', 'b']);
            const [c, a, b] = tabs as [TabLeader, TabLeader, TabLeader];
            c.start();
            clock.t = 4000;
            fire(0);
            a.start();
            bus.deliver();
            clock.t = 4100;
            b.start();
            bus.deliver();
            const changes: string[] = [];
            a.onRole((role) => changes.push(`a:${role}`));
            b.onRole((role) => changes.push(`b:${role}`));
            c.stop();
            bus.deliver();
            // b probed last, so c named b (although a has the smaller id): no tie to settle, nobody steps down.
            expect(changes).toEqual(['a:follower', 'b:follower', 'b:leader']);
            expect(b.currentTerm).toBe(2);
            expect(a.currentTerm).toBe(2);
            // a follower that closes says bye: b no longer names it.
            a.stop();
            bus.deliver();
            const posted: unknown[] = [];
            const spy = bus.open();
            spy.onmessage = (event) => posted.push(event.data);
            b.stop();
            bus.deliver();
            expect(posted).toEqual([{ kind: 'resign', tabId: 'b', term: 2, successor: null }]);
        });

        it('a resign naming a successor (even a forged one) makes followers wait for it, and their probe finds a live leader again', () => {
            const bus = new Bus();
            const { tabs, fire, clock } = manualTabs(bus, ['a', 'b']);
            const [a, b] = tabs as [TabLeader, TabLeader];
            a.start();
            clock.t = 4000;
            fire(0);
            b.start();
            bus.deliver();
            const other = bus.open();
            other.postMessage({ kind: 'resign', tabId: 'a', term: 1, successor: 'ghost' });
            bus.deliver();
            expect(b.isLeader).toBe(false);
            clock.t = 6000;
            fire(1);
            expect(b.isLeader).toBe(false);
            clock.t = 8000;
            fire(1); // a lease: probe, answered by a (still alive in this test)
            expect(b.isLeader).toBe(false);
            a.stop();
            bus.deliver();
        });

        it('ignores forged or oversized messages and state from a tab that does not lead', () => {
            const bus = new Bus();
            const { tabs, fire, clock } = manualTabs(bus, ['a', 'b']);
            const [a, b] = tabs as [TabLeader, TabLeader];
            a.start();
            clock.t = 4000;
            fire(0);
            b.start();
            bus.deliver();
            const mirrored: unknown[] = [];
            b.onState((state) => mirrored.push(state));
            const intruder = bus.open();
            intruder.postMessage({ kind: 'claim', tabId: 'z', term: MAX_TERM + 1 });
            intruder.postMessage({ kind: 'claim', tabId: 'x'.repeat(101), term: 5 });
            intruder.postMessage({ kind: 'claim', tabId: 'y', term: 1.5 });
            intruder.postMessage({ kind: 'elect', tabId: 'y', term: 9 });
            intruder.postMessage({ kind: 'state', tabId: 'y', term: 0, state: { forged: true } });
            bus.deliver();
            expect(a.isLeader).toBe(true);
            expect(b.currentTerm).toBe(1);
            a.publishState({ connection: 'connected' });
            bus.deliver();
            expect(mirrored).toEqual([{ connection: 'connected' }]);
            a.stop();
            b.stop();
        });

        it('reads messages and ranks leaderships', () => {
            expect(readMessage({ kind: 'heartbeat', tabId: 't', term: 3 })).toEqual({ kind: 'heartbeat', tabId: 't', term: 3 });
            expect(readMessage({ kind: 'heartbeat', tabId: 't' })).toEqual({ kind: 'heartbeat', tabId: 't', term: 0 });
            expect(readMessage({ kind: 'resign', tabId: 't', term: 3, successor: 42 })).toEqual({ kind: 'resign', tabId: 't', term: 3, successor: null });
            expect(readMessage({ kind: 'heartbeat', tabId: '', term: 3 })).toBeNull();
            expect(readMessage({ kind: 'heartbeat', tabId: 't', term: -1 })).toBeNull();
            expect(outranks(2, 'b', 1, 'a')).toBe(true);
            expect(outranks(1, 'a', 1, 'b')).toBe(true);
            expect(outranks(1, 'b', 1, 'a')).toBe(false);
            expect(outranks(1, 'b', 2, 'a')).toBe(false);
            expect(outranks(0, 'b', 0, null)).toBe(true);
        });
    });
});
