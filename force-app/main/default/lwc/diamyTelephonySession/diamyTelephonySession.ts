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
import type { CompletedCall } from 'c/diamyCallRecord';
import type { ConnectionState, TelephonyProvider } from 'c/diamyTelephony';

export interface SessionLogger {
    logCall(call: CompletedCall): Promise<void>;
    flush(): Promise<void>;
    stop(): void;
}

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
    return typeof candidate.connection === 'string' && typeof candidate.lastSeq === 'number' && Number.isSafeInteger(candidate.lastSeq) && candidate.lastSeq >= 0 && Array.isArray(candidate.calls);
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

    start(): void {
        const { leader } = this.options;
        this.unsubscribers.push(
            leader.onState((state) => {
                if (isMirroredState(state)) {
                    this.mirroredValue = state;
                }
            }),
            leader.onRole((role) => this.onRole(role))
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
        this.logger?.stop();
        this.logger = null;
        this.options.leader.stop();
    }

    private onRole(role: 'leader' | 'follower' | 'stopped'): void {
        if (role === this.role || this.role === 'stopped') {
            return;
        }
        this.role = role;
        if (role === 'leader') {
            this.lead();
        } else {
            this.follow();
        }
    }

    private lead(): void {
        const { provider } = this.options;
        const logger = this.options.createLogger();
        this.logger = logger;
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
        this.logger?.stop();
        this.logger = null;
    }

    private log(call: Call): void {
        const completed = toCompletedCall(call, this.options.agentUserId);
        if (completed && this.logger) {
            this.logged.push(call.id);
            this.logger.logCall(completed).catch(() => undefined);
        }
    }
}
