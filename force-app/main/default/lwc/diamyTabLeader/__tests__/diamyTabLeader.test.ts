import { LOCK_NAME, TabLeader } from 'c/diamyTabLeader';
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
    });
});
