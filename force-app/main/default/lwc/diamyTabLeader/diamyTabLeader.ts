/**
 * One browser tab owns the telephony session and the call logging; the others mirror its state and take over
 * when it closes.
 *
 * - With Web Locks (navigator.locks): the tab holding the exclusive lock "diamy.telephony.leader" leads; the
 *   lock is released by the browser when the tab closes or crashes, and the next waiting tab gets it.
 * - Without Web Locks: a BroadcastChannel election. The leader sends a heartbeat; a tab that hears none for
 *   `leaseMs` claims leadership; simultaneous claims are settled by the smallest tab id (each tab sees the same
 *   claims, so they all agree). A leader that hears a claim from a smaller id steps down.
 * In both cases the leader broadcasts state snapshots on the channel for the followers to mirror.
 *
 * Both browser APIs are injected: jsdom has neither, and tests drive several "tabs" in one process.
 */

export interface LockManagerLike {
    request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

export interface ChannelLike {
    postMessage(message: unknown): void;
    close(): void;
    onmessage: ((event: { data: unknown }) => void) | null;
}

export interface LeaderOptions {
    tabId: string;
    /** null when Web Locks are not available. */
    locks: LockManagerLike | null;
    channel: ChannelLike;
    now?: () => number;
    setInterval?: (fn: () => void, ms: number) => unknown;
    clearInterval?: (handle: unknown) => void;
    heartbeatMs?: number;
    leaseMs?: number;
}

export type Role = 'leader' | 'follower' | 'stopped';

type Message =
    | { kind: 'heartbeat'; tabId: string }
    | { kind: 'claim'; tabId: string }
    | { kind: 'resign'; tabId: string }
    | { kind: 'state'; tabId: string; state: unknown };

export const LOCK_NAME = 'diamy.telephony.leader';

function isMessage(value: unknown): value is Message {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const message = value as Record<string, unknown>;
    return typeof message.tabId === 'string' && ['heartbeat', 'claim', 'resign', 'state'].includes(String(message.kind));
}

export class TabLeader {
    private readonly tabId: string;
    private readonly locks: LockManagerLike | null;
    private readonly channel: ChannelLike;
    private readonly now: () => number;
    private readonly setIntervalFn: (fn: () => void, ms: number) => unknown;
    private readonly clearIntervalFn: (handle: unknown) => void;
    private readonly heartbeatMs: number;
    private readonly leaseMs: number;
    private roleValue: Role = 'follower';
    private lastLeaderSeen = 0;
    private leaderId: string | null = null;
    private timer: unknown = null;
    private releaseLock: (() => void) | null = null;
    private abort: AbortController | null = null;
    private readonly roleListeners = new Set<(role: Role) => void>();
    private readonly stateListeners = new Set<(state: unknown) => void>();

    constructor(options: LeaderOptions) {
        this.tabId = options.tabId;
        this.locks = options.locks;
        this.channel = options.channel;
        this.now = options.now ?? (() => Date.now());
        this.setIntervalFn = options.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms));
        this.clearIntervalFn = options.clearInterval ?? ((handle) => globalThis.clearInterval(handle as number));
        this.heartbeatMs = options.heartbeatMs ?? 1000;
        this.leaseMs = options.leaseMs ?? 3500;
    }

    get role(): Role {
        return this.roleValue;
    }

    get isLeader(): boolean {
        return this.roleValue === 'leader';
    }

    /** Joins the election. With Web Locks, resolves once the lock request is queued. */
    start(): void {
        this.channel.onmessage = (event) => this.onMessage(event.data);
        this.lastLeaderSeen = this.now();
        if (this.locks) {
            this.abort = typeof AbortController === 'function' ? new AbortController() : null;
            const options: { mode: 'exclusive'; signal?: AbortSignal } = this.abort ? { mode: 'exclusive', signal: this.abort.signal } : { mode: 'exclusive' };
            this.locks
                .request(LOCK_NAME, options, () => {
                    if (this.roleValue === 'stopped') {
                        return Promise.resolve();
                    }
                    this.setRole('leader');
                    // Held until this tab stops or closes.
                    return new Promise<void>((resolve) => {
                        this.releaseLock = resolve;
                    });
                })
                .catch(() => undefined);
        }
        // Without locks, a new tab listens for one lease before claiming: an existing leader keeps its place.
        this.timer = this.setIntervalFn(() => this.tick(), this.heartbeatMs);
    }

    /** Leaves the election (tab closing): the lock is released / a resign is broadcast so another tab takes over. */
    stop(): void {
        const wasLeader = this.isLeader;
        this.setRole('stopped');
        if (this.timer !== null) {
            this.clearIntervalFn(this.timer);
            this.timer = null;
        }
        if (this.releaseLock) {
            this.releaseLock();
            this.releaseLock = null;
        }
        this.abort?.abort();
        if (wasLeader && !this.locks) {
            this.channel.postMessage({ kind: 'resign', tabId: this.tabId } satisfies Message);
        }
        this.channel.onmessage = null;
        this.channel.close();
    }

    /** Leader only: sends the current telephony state for followers to mirror. */
    publishState(state: unknown): void {
        if (this.isLeader) {
            this.channel.postMessage({ kind: 'state', tabId: this.tabId, state } satisfies Message);
        }
    }

    onRole(listener: (role: Role) => void): () => void {
        this.roleListeners.add(listener);
        listener(this.roleValue);
        return () => this.roleListeners.delete(listener);
    }

    onState(listener: (state: unknown) => void): () => void {
        this.stateListeners.add(listener);
        return () => this.stateListeners.delete(listener);
    }

    private setRole(role: Role): void {
        if (this.roleValue === role || this.roleValue === 'stopped') {
            return;
        }
        this.roleValue = role;
        for (const listener of this.roleListeners) {
            listener(role);
        }
    }

    private tick(): void {
        if (this.roleValue === 'stopped') {
            return;
        }
        if (this.isLeader) {
            if (!this.locks) {
                this.channel.postMessage({ kind: 'heartbeat', tabId: this.tabId } satisfies Message);
            }
            return;
        }
        if (!this.locks && this.now() - this.lastLeaderSeen > this.leaseMs) {
            this.claim();
        }
    }

    private claim(): void {
        this.leaderId = this.tabId;
        this.lastLeaderSeen = this.now();
        this.setRole('leader');
        this.channel.postMessage({ kind: 'claim', tabId: this.tabId } satisfies Message);
    }

    private onMessage(data: unknown): void {
        if (!isMessage(data) || data.tabId === this.tabId || this.roleValue === 'stopped') {
            return;
        }
        switch (data.kind) {
            case 'state':
                if (!this.isLeader) {
                    this.lastLeaderSeen = this.now();
                    for (const listener of this.stateListeners) {
                        listener(data.state);
                    }
                }
                return;
            case 'resign':
                if (!this.locks && data.tabId === this.leaderId) {
                    this.leaderId = null;
                    this.claim();
                }
                return;
            default:
                break;
        }
        if (this.locks) {
            return;
        }
        // heartbeat or claim from another tab (BroadcastChannel election).
        if (this.isLeader) {
            if (data.tabId < this.tabId) {
                this.leaderId = data.tabId;
                this.lastLeaderSeen = this.now();
                this.setRole('follower');
            } else if (data.kind === 'claim') {
                // Tell the newcomer there is a leader with a smaller id.
                this.channel.postMessage({ kind: 'heartbeat', tabId: this.tabId } satisfies Message);
            }
            return;
        }
        if (this.leaderId === null || data.tabId <= this.leaderId || data.kind === 'heartbeat') {
            this.leaderId = data.tabId;
        }
        this.lastLeaderSeen = this.now();
    }
}
