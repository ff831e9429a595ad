/**
 * One browser tab owns the telephony session and the call logging; the others mirror its state and take over
 * when it closes.
 *
 * - With Web Locks (navigator.locks): the tab holding the exclusive lock "diamy.telephony.leader" leads; the
 *   lock is released by the browser when the tab closes or crashes, and the next waiting tab gets it.
 * - Without Web Locks: a BroadcastChannel election made stable under throttled timers (background tabs whose
 *   timers fire seconds or a minute late, see docs/TELEPHONY.md §3):
 *   - every leadership has a term; a claim takes the next term; (term, tab id) orders leaders: a higher term
 *     wins, then the smaller id. Messages of an older term are stale: ignored, and answered by the leader so
 *     that a stale leader learns at once that it lost;
 *   - a follower measures the lease on its own clock when its timer actually fires; having heard nothing for a
 *     lease, it first sends a probe, which a live leader answers from its message handler (messages are not
 *     throttled like timers); only a probe left unanswered until its next tick lets it claim. A throttled
 *     leader therefore keeps its place, and a leader waking late simply sends its heartbeat again;
 *   - a leader steps down only for a better (term, id), and then listens for a full lease before it may claim
 *     again (hysteresis);
 *   - a closing leader names its successor (the follower it heard last), so one tab takes over at once.
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

type Kind = 'heartbeat' | 'claim' | 'resign' | 'probe' | 'bye' | 'state';

/** What travels on the channel. Every message carries the sender's tab id and the term it knows. */
type Message =
    | { kind: 'heartbeat'; tabId: string; term: number }
    | { kind: 'claim'; tabId: string; term: number }
    | { kind: 'probe'; tabId: string; term: number }
    | { kind: 'bye'; tabId: string; term: number }
    | { kind: 'resign'; tabId: string; term: number; successor: string | null }
    | { kind: 'state'; tabId: string; term: number; state: unknown };

export const LOCK_NAME = 'diamy.telephony.leader';

/** Tab ids are UUIDs; anything longer is not one of ours. */
const MAX_TAB_ID = 100;
/** Terms grow by one per claim; a larger one is forged (it would pin leadership on a tab that does not exist). */
export const MAX_TERM = 1_000_000_000;
/** Followers a leader remembers to name a successor. */
const MAX_FOLLOWERS = 16;
/** A leader answers probes and stale messages at most this often (the answer is a broadcast, heard by all). */
const ANSWER_GAP_MS = 100;

const KINDS: readonly Kind[] = ['heartbeat', 'claim', 'resign', 'probe', 'bye', 'state'];

function isTabId(value: unknown): value is string {
    return typeof value === 'string' && value !== '' && value.length <= MAX_TAB_ID;
}

/** Validates what arrives on the channel: any same-origin code can post on it. */
export function readMessage(value: unknown): Message | null {
    if (typeof value !== 'object' || value === null) {
        return null;
    }
    const message = value as Record<string, unknown>;
    const kind = message.kind as Kind;
    const term = message.term ?? 0;
    if (!KINDS.includes(kind) || !isTabId(message.tabId) || typeof term !== 'number' || !Number.isSafeInteger(term) || term < 0 || term > MAX_TERM) {
        return null;
    }
    const tabId = message.tabId;
    if (kind === 'state') {
        return { kind, tabId, term, state: message.state };
    }
    if (kind === 'resign') {
        return { kind, tabId, term, successor: isTabId(message.successor) ? message.successor : null };
    }
    return { kind, tabId, term };
}

/** True when leadership (term a, tab a) beats (term b, tab b): the higher term, then the smaller id. */
export function outranks(termA: number, tabA: string, termB: number, tabB: string | null): boolean {
    if (termA !== termB) {
        return termA > termB;
    }
    return tabB === null || tabA < tabB;
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
    /** Highest term known, and its leader (null: none known). */
    private term = 0;
    private leaderId: string | null = null;
    /** When this tab last heard its leader (own clock). */
    private lastHeard = 0;
    /** A probe is out and nothing was heard from a leader since. */
    private probing = false;
    private lastAnswer = Number.NEGATIVE_INFINITY;
    /** Leader only: followers heard, in the order last heard (the last one is named successor). */
    private readonly followers = new Set<string>();
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

    /** The term of the leadership this tab knows (BroadcastChannel election; 0 with Web Locks). */
    get currentTerm(): number {
        return this.term;
    }

    /** Joins the election. With Web Locks, resolves once the lock request is queued. */
    start(): void {
        this.channel.onmessage = (event) => this.onMessage(event.data);
        this.lastHeard = this.now();
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
        } else {
            // Without locks, a new tab asks who leads and listens for one lease before claiming: a live leader
            // answers the probe at once and keeps its place.
            this.probe();
        }
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
        if (!this.locks) {
            if (wasLeader) {
                this.post({ kind: 'resign', tabId: this.tabId, term: this.term, successor: this.successor() });
            } else {
                this.post({ kind: 'bye', tabId: this.tabId, term: this.term });
            }
        }
        this.channel.onmessage = null;
        this.channel.close();
    }

    /** Leader only: sends the current telephony state for followers to mirror. */
    publishState(state: unknown): void {
        if (this.isLeader) {
            this.post({ kind: 'state', tabId: this.tabId, term: this.term, state });
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

    private post(message: Message): void {
        try {
            this.channel.postMessage(message);
        } catch {
            // A closed channel: nothing to tell.
        }
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
        if (this.roleValue === 'stopped' || this.locks) {
            return;
        }
        if (this.isLeader) {
            // Also after a long sleep (throttled timer): a live leader renews its lease; if another tab took
            // over meanwhile, that tab answers this stale heartbeat and this one steps down.
            this.post({ kind: 'heartbeat', tabId: this.tabId, term: this.term });
            return;
        }
        if (this.now() - this.lastHeard <= this.leaseMs) {
            return;
        }
        if (!this.probing) {
            this.probe();
            return;
        }
        // A lease without a word, and our probe left unanswered since the previous firing of this timer.
        this.claim();
    }

    private probe(): void {
        this.probing = true;
        this.post({ kind: 'probe', tabId: this.tabId, term: this.term });
    }

    private claim(): void {
        this.term = Math.min(this.term + 1, MAX_TERM);
        this.leaderId = this.tabId;
        this.probing = false;
        this.followers.clear();
        this.setRole('leader');
        this.post({ kind: 'claim', tabId: this.tabId, term: this.term });
    }

    /** Another tab leads (term, id): this tab follows it and waits a full lease before it may claim again. */
    private follow(term: number, leaderId: string): void {
        const wasLeader = this.isLeader;
        const newLeader = leaderId !== this.leaderId || term !== this.term;
        this.term = term;
        this.leaderId = leaderId;
        this.heard();
        this.followers.clear();
        this.setRole('follower');
        if (wasLeader || newLeader) {
            // Introduce this tab to its leader (it names a successor among the followers it heard).
            this.post({ kind: 'probe', tabId: this.tabId, term: this.term });
            this.probing = false;
        }
    }

    private heard(): void {
        this.lastHeard = this.now();
        this.probing = false;
    }

    /** Leader: a broadcast heartbeat, at most every ANSWER_GAP_MS (probes and stale leaders are answered). */
    private answer(): void {
        const now = this.now();
        if (now - this.lastAnswer >= ANSWER_GAP_MS) {
            this.lastAnswer = now;
            this.post({ kind: 'heartbeat', tabId: this.tabId, term: this.term });
        }
    }

    /** The follower heard last: by the order of the messages, not by the clock (equal or set-back times). */
    private successor(): string | null {
        let last: string | null = null;
        for (const id of this.followers) {
            last = id;
        }
        return last;
    }

    private rememberFollower(tabId: string): void {
        this.followers.delete(tabId);
        this.followers.add(tabId);
        while (this.followers.size > MAX_FOLLOWERS) {
            const oldest = this.followers.keys().next().value;
            if (oldest === undefined) {
                break;
            }
            this.followers.delete(oldest);
        }
    }

    private onMessage(data: unknown): void {
        const message = readMessage(data);
        if (!message || message.tabId === this.tabId || this.roleValue === 'stopped') {
            return;
        }
        if (this.locks) {
            // With Web Locks the lock decides; the channel only carries the leader's state.
            if (message.kind === 'state' && !this.isLeader) {
                this.deliver(message.state);
            }
            return;
        }
        switch (message.kind) {
            case 'probe':
                if (this.isLeader) {
                    this.rememberFollower(message.tabId);
                    this.answer();
                }
                return;
            case 'bye':
                this.followers.delete(message.tabId);
                return;
            case 'resign':
                this.onResign(message);
                return;
            default:
                this.onLeaderMessage(message);
        }
    }

    private onResign(message: Extract<Message, { kind: 'resign' }>): void {
        if (message.tabId !== this.leaderId || message.term !== this.term || this.isLeader) {
            return;
        }
        if (message.successor === null || message.successor === this.tabId) {
            this.claim();
            return;
        }
        // The named successor claims the next term; until then (a lease at most) nobody else does.
        this.leaderId = message.successor;
        this.heard();
    }

    /** heartbeat, claim or state from a tab that says it leads. */
    private onLeaderMessage(message: Extract<Message, { kind: 'heartbeat' | 'claim' | 'state' }>): void {
        const current = this.isLeader ? this.tabId : this.leaderId;
        if (message.tabId === current && message.term === this.term) {
            this.heard();
        } else if (outranks(message.term, message.tabId, this.term, current)) {
            this.follow(message.term, message.tabId);
        } else {
            // Stale: an older term, or a losing claim. The leader answers so that the sender learns who leads.
            if (this.isLeader) {
                this.answer();
            }
            return;
        }
        if (message.kind === 'state' && !this.isLeader) {
            this.deliver(message.state);
        }
    }

    private deliver(state: unknown): void {
        for (const listener of this.stateListeners) {
            listener(state);
        }
    }
}
