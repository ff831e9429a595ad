/**
 * The telephony session of one browser tab: wires the provider (c/diamyTelephony), the call log
 * (c/diamyCallLog) and the tab leadership (c/diamyTabLeader).
 *
 * - The leader tab connects the provider and owns the logging: every `callEnded` becomes one logCall. Its
 *   logger is created when it becomes leader, so it reads the queue the previous owner left in storage.
 * - Follower tabs do not connect; they mirror the state the leader publishes.
 * - A follower that becomes leader connects with `since` = the last seq it mirrored, so the events between
 *   the old leader's last publication and the new connection are replayed, and no ended call is missed.
 */
import { toCompletedCall } from 'c/diamyCallState';
import type { Call, TelephonyState } from 'c/diamyCallState';
import type { CompletedCall, RelatedRecords, WrapUp } from 'c/diamyCallRecord';
import type { ConnectionState, TelephonyProvider } from 'c/diamyTelephony';

/** What the agent sees of the logging (c/diamyCallLog's LogStatus). */
export interface SessionLogStatus {
    state: 'idle' | 'saving' | 'retrying' | 'failed';
    pending: number;
    message: string;
}

export interface SessionLogger {
    logCall(call: CompletedCall): Promise<void>;
    logWrapUp(diamyCallId: string, wrapUp: WrapUp): Promise<void>;
    subscribe(listener: (status: SessionLogStatus) => void): () => void;
    flush(): Promise<void>;
    stop(): void;
}

const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The browser storage key of something kept per org and user (`<prefix>.<orgId>.<userId>`), or null while the
 * org or the user is unknown (or not an id): then the caller keeps it in memory only. Two users of the same
 * browser, or one user in two orgs, never read each other's entries.
 */
export function storageKey(prefix: string, orgId: string | null | undefined, userId: string | null | undefined): string | null {
    if (typeof orgId !== 'string' || typeof userId !== 'string' || !ORG_ID.test(orgId) || !USER_ID.test(userId)) {
        return null;
    }
    return `${prefix}.${orgId}.${userId}`;
}

/** Bounded memory of the records the agent tied to calls (calls not ended yet). */
const MAX_RELATED = 50;

export interface SessionLeader {
    start(): void;
    stop(): void;
    readonly isLeader: boolean;
    onRole(listener: (role: 'leader' | 'follower' | 'stopped') => void): () => void;
    onState(listener: (state: unknown) => void): () => void;
    publishState(state: unknown): void;
}

export interface SessionOptions {
    provider: Pick<TelephonyProvider, 'connect' | 'disconnect' | 'on' | 'state' | 'connection'>;
    createLogger: () => SessionLogger;
    leader: SessionLeader;
    /** Salesforce user id of the agent (Agent__c on the call records). */
    agentUserId: string | null;
}

/** What the leader publishes and followers show. */
export interface MirroredState {
    connection: ConnectionState;
    lastSeq: number;
    calls: { id: string; phase: string; state: string }[];
}

export function isMirroredState(value: unknown): value is MirroredState {
    if (typeof value !== 'object' || value === null) {
        return false;
    }
    const candidate = value as Record<string, unknown>;
    return (
        typeof candidate.connection === 'string' &&
        typeof candidate.lastSeq === 'number' &&
        Number.isSafeInteger(candidate.lastSeq) &&
        candidate.lastSeq >= 0 &&
        Array.isArray(candidate.calls)
    );
}

export function mirrorOf(state: TelephonyState, connection: ConnectionState): MirroredState {
    return {
        connection,
        lastSeq: state.lastSeq,
        calls: Object.values(state.calls).map((view) => ({ id: view.call.id, phase: view.phase, state: view.call.state }))
    };
}

export class TelephonySession {
    private readonly options: SessionOptions;
    private logger: SessionLogger | null = null;
    private unsubscribers: (() => void)[] = [];
    private leaderSubscriptions: (() => void)[] = [];
    private mirroredValue: MirroredState | null = null;
    private role: 'leader' | 'follower' | 'stopped' = 'follower';
    private readonly related = new Map<string, RelatedRecords>();
    private readonly roleListeners = new Set<(role: 'leader' | 'follower' | 'stopped') => void>();
    private readonly logListeners = new Set<(status: SessionLogStatus | null) => void>();
    private logStatusValue: SessionLogStatus | null = null;
    private logSubscription: (() => void) | null = null;
    /** Calls handed to the logger by this tab (diagnostics and tests). */
    readonly logged: string[] = [];

    constructor(options: SessionOptions) {
        this.options = options;
    }

    get isLeader(): boolean {
        return this.role === 'leader';
    }

    /** The state followers show (the leader's last publication); null before any. */
    get mirrored(): MirroredState | null {
        return this.mirroredValue;
    }

    /** The logging status of this tab's logger; null in a follower tab (the leader logs). */
    get logStatus(): SessionLogStatus | null {
        return this.logStatusValue;
    }

    /** Role changes (the UI shows "another tab owns the phone" in a follower); called at once with the current role. */
    onRole(listener: (role: 'leader' | 'follower' | 'stopped') => void): () => void {
        this.roleListeners.add(listener);
        listener(this.role);
        return () => this.roleListeners.delete(listener);
    }

    /** Logging status changes of this tab's logger (null when the tab stops leading). */
    onLogStatus(listener: (status: SessionLogStatus | null) => void): () => void {
        this.logListeners.add(listener);
        listener(this.logStatusValue);
        return () => this.logListeners.delete(listener);
    }

    /**
     * Ties a call to the records the agent chose (caller popup's `callerselected`): they become the call record's
     * Contact/Lead/Account lookups when the call is logged. Later choices for the same call replace earlier ones;
     * a choice arriving after the call was logged is ignored (the record is already written).
     */
    relate(callId: string, related: RelatedRecords): void {
        if (typeof callId !== 'string' || callId === '' || this.logged.includes(callId)) {
            return;
        }
        this.related.delete(callId);
        this.related.set(callId, { ...related });
        while (this.related.size > MAX_RELATED) {
            const oldest = this.related.keys().next().value;
            if (oldest === undefined) {
                break;
            }
            this.related.delete(oldest);
        }
    }

    /** The agent's wrap-up for a call; only the leader tab logs (a follower's promise rejects). */
    logWrapUp(callId: string, wrapUp: WrapUp): Promise<void> {
        if (!this.logger) {
            return Promise.reject(new Error('This tab does not own the telephony session'));
        }
        return this.logger.logWrapUp(callId, wrapUp);
    }

    start(): void {
        const { leader } = this.options;
        this.unsubscribers.push(
            leader.onState((state) => {
                if (isMirroredState(state)) {
                    this.mirroredValue = state;
                }
            }),
            leader.onRole((role) => this.changeRole(role))
        );
        leader.start();
    }

    /** The tab closes: the lock is released, the socket closed; queued logs stay in storage for the next owner. */
    stop(): void {
        this.role = 'stopped';
        for (const unsubscribe of [...this.unsubscribers.splice(0), ...this.leaderSubscriptions.splice(0)]) {
            unsubscribe();
        }
        this.options.provider.disconnect();
        this.dropLogger();
        this.options.leader.stop();
        this.announceRole();
    }

    private changeRole(role: 'leader' | 'follower' | 'stopped'): void {
        if (role === this.role || this.role === 'stopped') {
            return;
        }
        this.role = role;
        if (role === 'leader') {
            this.lead();
        } else {
            this.follow();
        }
        this.announceRole();
    }

    private announceRole(): void {
        for (const listener of this.roleListeners) {
            listener(this.role);
        }
    }

    private setLogStatus(status: SessionLogStatus | null): void {
        this.logStatusValue = status;
        for (const listener of this.logListeners) {
            listener(status);
        }
    }

    private dropLogger(): void {
        this.logSubscription?.();
        this.logSubscription = null;
        this.logger?.stop();
        this.logger = null;
        this.setLogStatus(null);
    }

    private lead(): void {
        const { provider } = this.options;
        const logger = this.options.createLogger();
        this.logger = logger;
        this.logSubscription = logger.subscribe((status) =>
            this.setLogStatus({ state: status.state, pending: status.pending, message: status.message })
        );
        logger.flush().catch(() => undefined);
        const publish = (): void => this.options.leader.publishState(mirrorOf(provider.state, provider.connection));
        this.leaderSubscriptions.push(
            provider.on('callEnded', (call) => this.log(call)),
            provider.on('state', publish),
            provider.on('connection', publish)
        );
        provider.connect(this.mirroredValue ? { since: this.mirroredValue.lastSeq } : {});
    }

    private follow(): void {
        for (const unsubscribe of this.leaderSubscriptions.splice(0)) {
            unsubscribe();
        }
        this.options.provider.disconnect();
        this.dropLogger();
    }

    private log(call: Call): void {
        const completed = toCompletedCall(call, this.options.agentUserId);
        if (completed && this.logger) {
            const related = this.related.get(call.id);
            if (related) {
                completed.related = related;
                this.related.delete(call.id);
            }
            this.logged.push(call.id);
            this.logger.logCall(completed).catch(() => undefined);
        }
    }
}
