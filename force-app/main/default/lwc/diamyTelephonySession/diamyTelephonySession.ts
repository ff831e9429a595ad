/**
 * The telephony session of one browser tab: wires the provider (c/diamyTelephony), the call log
 * (c/diamyCallLog) and the tab leadership (c/diamyTabLeader).
 *
 * - The leader tab connects the provider and owns the logging: every `callEnded` becomes one logCall. Its
 *   logger is created when it becomes leader, so it reads the queue the previous owner left in storage.
 * - Follower tabs do not connect; they mirror the state the leader publishes.
 * - A follower that becomes leader connects with `since` = the last seq it mirrored, so the events between
 *   the old leader's last publication and the new connection are replayed, and no ended call is missed.
 * - Each time the leader connects (first connection and every reconnect) it reconciles: the calls Diamy lists
 *   as ended after this browser's `lastSeenAt` (kept per org and user) are handed to the logger, so a call that
 *   ended while no tab was open, or while the socket was down beyond what Diamy replays, is logged once.
 */
import { CALL_PHASES, consultLegOf, toCompletedCall, validateCall } from 'c/diamyCallState';
import type { Call, CallPhase, CallView, ConsultLeg, TelephonyState } from 'c/diamyCallState';
import { checkWrapUp } from 'c/diamyCallRecord';
import type { CompletedCall, RelatedRecords, WrapUp } from 'c/diamyCallRecord';
import DISPOSITION_REQUIRED from '@salesforce/label/c.Diamy_WrapUp_Disposition_Required';
import WRAP_UP_INVALID from '@salesforce/label/c.Diamy_WrapUp_Invalid';
import type { ConnectionState, RecentCallsQuery, TelephonyProvider } from 'c/diamyTelephony';
import { MAX_AGE_MS } from 'c/diamyCallLog';

/**
 * A wrap-up refused before anything was queued: the org would refuse it (no disposition while the admin requires
 * one) or a value cannot be saved. `message` is a Custom Label the agent reads; `problems` name the values (no value).
 */
export class WrapUpError extends Error {
    readonly problems: string[];
    constructor(message: string, problems: string[]) {
        super(message);
        this.name = 'WrapUpError';
        this.problems = problems;
    }
}

/** What the agent sees of the logging (c/diamyCallLog's LogStatus). */
export interface SessionLogStatus {
    state: 'idle' | 'saving' | 'retrying' | 'failed';
    pending: number;
    message: string;
    /** Set while the browser refuses to keep the queue (a Custom Label): unsaved calls live in this page only. */
    storageMessage?: string | null;
}

export interface SessionLogger {
    logCall(call: CompletedCall): Promise<void>;
    logWrapUp(diamyCallId: string, wrapUp: WrapUp): Promise<void>;
    subscribe(listener: (status: SessionLogStatus) => void): () => void;
    flush(): Promise<void>;
    stop(): void;
    /** The call record this browser saved for a Diamy call id (the recent calls open it). */
    recordIdOf?(diamyCallId: string): string | null;
}

const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The browser storage key of something kept per org and user (`<prefix>.<orgId>.<userId>`, 15-character ids), or null while the
 * org or the user is unknown (or not an id): then the caller keeps it in memory only. Two users of the same
 * browser, or one user in two orgs, never read each other's entries.
 */
export function storageKey(prefix: string, orgId: string | null | undefined, userId: string | null | undefined): string | null {
    if (typeof orgId !== 'string' || typeof userId !== 'string' || !ORG_ID.test(orgId) || !USER_ID.test(userId)) {
        return null;
    }
    // 15 and 18 characters name the same record: keys use the 15-character form, like the call log queue's.
    return `${prefix}.${orgId.slice(0, 15)}.${userId.slice(0, 15)}`;
}

export const LAST_SEEN_PREFIX = 'diamy.lastSeenAt';

/** The persisted moment up to which this browser watched the agent's calls (ms since the epoch). */
export interface LastSeenStore {
    read(): number | null;
    write(ms: number): void;
}

interface KeyedStorage {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
}

/** `lastSeenAt` under `diamy.lastSeenAt.<orgId>.<userId>`; null (no reconcile) without a key or storage. */
export function lastSeenStore(storage: KeyedStorage | null, orgId: string | null, userId: string | null): LastSeenStore | null {
    const key = storageKey(LAST_SEEN_PREFIX, orgId, userId);
    if (!key || !storage) {
        return null;
    }
    return {
        read: () => {
            try {
                const value = Date.parse(storage.getItem(key) ?? '');
                return Number.isFinite(value) ? value : null;
            } catch {
                return null;
            }
        },
        write: (ms: number) => {
            try {
                storage.setItem(key, new Date(ms).toISOString());
            } catch {
                // Storage refused: the next start reconciles from the older value (the logger ignores doubles).
            }
        }
    };
}

/** Diamy's recent calls of the agent (GET /v2/calls/recent, newest first, ended calls only). */
export type RecentCallsSource = (query: RecentCallsQuery) => Promise<Call[]>;

export interface ReconcileOptions {
    recentCalls: RecentCallsSource;
    /** Null when the org or user is unknown: no reconcile (nothing keyed may be read). */
    store: LastSeenStore | null;
    now?: () => number;
    /** Page size (contract maximum 100) and the most pages read in one reconcile. */
    pageSize?: number;
    maxPages?: number;
    /** `from` filters on the call's start: calls that started this long before lastSeenAt are still asked for. */
    lookbackMs?: number;
}

/** What the last reconcile did (diagnostics, tests, the docs' figures). */
export interface ReconcileReport {
    since: number | null;
    fetched: number;
    handed: string[];
    failed: boolean;
}

function endedAt(call: Call): number {
    return call.ended_at ? Date.parse(call.ended_at) : Number.NaN;
}

/**
 * The calls that ended after `since`, oldest first, reading pages of recent calls (newest first) until a page
 * is short, reaches back to `since`, or `maxPages` were read.
 */
export async function callsEndedSince(
    recentCalls: RecentCallsSource,
    since: number,
    options: { pageSize?: number; maxPages?: number; lookbackMs?: number } = {}
): Promise<Call[]> {
    const pageSize = Math.min(Math.max(options.pageSize ?? 100, 1), 100);
    const maxPages = Math.max(options.maxPages ?? 5, 1);
    const from = new Date(since - (options.lookbackMs ?? 12 * 60 * 60 * 1000)).toISOString();
    const found = new Map<string, Call>();
    const readPage = async (page: number): Promise<void> => {
        const calls = await recentCalls({ limit: pageSize, offset: page * pageSize, from });
        for (const call of calls) {
            if (call.state === 'ended' && endedAt(call) > since) {
                found.set(call.id, call);
            }
        }
        const last = calls[calls.length - 1];
        const reachedSince = last !== undefined && !(endedAt(last) > since);
        if (calls.length === pageSize && !reachedSince && page + 1 < maxPages) {
            await readPage(page + 1);
        }
    };
    await readPage(0);
    return [...found.values()].sort((a, b) => endedAt(a) - endedAt(b));
}

/** Bounded memory of the records the agent tied to calls (calls not ended yet). */
const MAX_RELATED = 50;

/**
 * The records tied to calls not logged yet, per org and user: a reload mid-call keeps a call list call's campaign.
 * `{ [callId]: { ...ids, savedAt } }`; an entry older than the call log's own limit (MAX_AGE_MS, 7 days: a call
 * never handed to the logger) is dropped when read, and the key goes when no entry is left.
 */
export const RELATED_PREFIX = 'diamy.callRelated';
const RELATED_FIELDS = ['contactId', 'leadId', 'accountId', 'opportunityId', 'caseId', 'campaignId', 'campaignMemberId'] as const;

/** The browser storage the relations are kept in (removeItem: the key goes once empty). */
export interface RelatedStorage extends KeyedStorage {
    removeItem(key: string): void;
}

interface StoredRelated {
    related: RelatedRecords;
    savedAt: number;
}

/** A stored relation as this version knows it; null when any known field has another type (another version, a hand edit). */
function readRelated(value: unknown): RelatedRecords | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return null;
    }
    const related: RelatedRecords = {};
    for (const field of RELATED_FIELDS) {
        const id = (value as Record<string, unknown>)[field];
        if (typeof id === 'string' || id === null) {
            related[field] = id;
        } else if (id !== undefined) {
            return null;
        }
    }
    return related;
}

function readStored(storage: KeyedStorage, key: string): string | null {
    try {
        return storage.getItem(key);
    } catch {
        return null;
    }
}

/**
 * The relations kept in storage (read fresh on every use: another tab may have written), without those older than
 * MAX_AGE_MS at `now` or of no known age; empty when unreadable.
 */
function readStoredRelated(storage: KeyedStorage, key: string, now: number): Map<string, StoredRelated> {
    const entries = new Map<string, StoredRelated>();
    try {
        const parsed: unknown = JSON.parse(readStored(storage, key) ?? '{}');
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
            for (const [callId, value] of Object.entries(parsed as Record<string, unknown>)) {
                const related = readRelated(value);
                const savedAt = related ? (value as { savedAt?: unknown }).savedAt : undefined;
                if (related && typeof savedAt === 'number' && Number.isFinite(savedAt) && now - savedAt <= MAX_AGE_MS) {
                    entries.set(callId, { related, savedAt });
                }
            }
        }
    } catch {
        // Not JSON or storage refused: nothing kept.
    }
    return entries;
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
    provider: Pick<TelephonyProvider, 'connect' | 'disconnect' | 'on' | 'state' | 'connection' | 'completeWrapUp'>;
    createLogger: () => SessionLogger;
    leader: SessionLeader;
    /** Salesforce user id of the agent (Agent__c on the call records). */
    agentUserId: string | null;
    /** Reconcile with Diamy's recent calls when the leader connects; without it, no reconcile. */
    reconcile?: ReconcileOptions;
    /** The admin requires a disposition with every wrap-up (c/diamyWrapUpPolicy DISPOSITION_REQUIRED). Default false. */
    dispositionRequired?: boolean;
    /** The browser's storage and the org id: the records tied to a call survive a reload until it is logged. */
    storage?: RelatedStorage | null;
    orgId?: string | null;
    /** The clock of the stored relations' age (default Date.now). */
    now?: () => number;
}

/** What the leader publishes and followers show (a follower tab mirrors the calls read-only). */
export interface MirroredState {
    connection: ConnectionState;
    lastSeq: number;
    /** Each live or wrap-up call: its phase and the call itself (a follower validates it before showing it). */
    calls: { id: string; phase: string; state: string; call?: unknown }[];
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
        calls: Object.values(state.calls).map((view) => ({ id: view.call.id, phase: view.phase, state: view.call.state, call: view.call }))
    };
}

/**
 * The calls a follower tab shows, from the leader's publication: only well-formed calls (validateCall) in a known
 * phase — a message on the channel is never trusted as it came.
 */
export function mirroredCalls(mirror: MirroredState | null): TelephonyState['calls'] {
    const calls: Record<string, CallView> = {};
    for (const entry of mirror?.calls ?? []) {
        const checked = validateCall(entry?.call);
        const phase = (CALL_PHASES as readonly string[]).includes(entry?.phase) ? (entry.phase as CallPhase) : null;
        if (checked.ok && phase && checked.value.id === entry.id) {
            calls[checked.value.id] = { call: checked.value, phase, lastSeq: mirror?.lastSeq ?? 0, voicemailId: null };
        }
    }
    return calls;
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
    private readonly mirrorListeners = new Set<(state: MirroredState | null) => void>();
    private logStatusValue: SessionLogStatus | null = null;
    private logSubscription: (() => void) | null = null;
    /** Calls handed to the logger by this tab (diagnostics and tests). */
    readonly logged: string[] = [];
    /** The last reconcile (null before any). */
    lastReconcile: ReconcileReport | null = null;
    /** Connected and reconciled since: live call ends may move lastSeenAt forward (no gap behind them). */
    private watching = false;
    private reconciling: Promise<void> | null = null;
    /** A connect arrived while a reconcile was running: run again afterwards (its gap is not covered yet). */
    private reconcileAgain = false;

    constructor(options: SessionOptions) {
        this.options = options;
        this.relatedKey = options.storage ? storageKey(RELATED_PREFIX, options.orgId, options.agentUserId) : null;
        // Entries of calls never logged (older than MAX_AGE_MS) go now, and the key with them when none is left.
        this.storeRelated(null, null);
    }

    private now(): number {
        return this.options.now?.() ?? Date.now();
    }

    /** The relation another page (before a reload, another tab) stored for a call. */
    private storedRelated(callId: string): RelatedRecords | undefined {
        const { storage } = this.options;
        return storage && this.relatedKey ? readStoredRelated(storage, this.relatedKey, this.now()).get(callId)?.related : undefined;
    }

    /** Where the relations are kept (null: in memory only, the org or the storage unknown). */
    private readonly relatedKey: string | null;

    /**
     * Updates the stored relations (one call's entry set, with the time, or removed; expired ones dropped); the key
     * goes when none is left. A refusal leaves them in memory only.
     */
    private storeRelated(callId: string | null, related: RelatedRecords | null): void {
        const { storage } = this.options;
        const key = this.relatedKey;
        if (!storage || !key || (!related && readStored(storage, key) === null)) {
            return;
        }
        const now = this.now();
        const entries = readStoredRelated(storage, key, now);
        if (callId !== null) {
            entries.delete(callId);
            if (related) {
                entries.set(callId, { related, savedAt: now });
            }
        }
        const kept = [...entries].slice(-MAX_RELATED).map(([id, entry]) => [id, { ...entry.related, savedAt: entry.savedAt }]);
        try {
            if (kept.length === 0) {
                storage.removeItem(key);
            } else {
                storage.setItem(key, JSON.stringify(Object.fromEntries(kept)));
            }
        } catch {
            // Storage refused: the relation lives in this page only.
        }
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

    /** The leader's publications, in a follower tab (called at once with the last one, null before any). */
    onMirror(listener: (state: MirroredState | null) => void): () => void {
        this.mirrorListeners.add(listener);
        listener(this.mirroredValue);
        return () => this.mirrorListeners.delete(listener);
    }

    /** Logging status changes of this tab's logger (null when the tab stops leading). */
    onLogStatus(listener: (status: SessionLogStatus | null) => void): () => void {
        this.logListeners.add(listener);
        listener(this.logStatusValue);
        return () => this.logListeners.delete(listener);
    }

    /**
     * Ties a call to the records the agent chose (caller popup's `callerselected`): they become the call record's
     * Contact/Lead/Account lookups when the call is logged. A later choice for the same call replaces an earlier one,
     * except on a call placed from a call list: a choice without a call list member (the caller popup's match, after a
     * reload too) never replaces the campaign and member. A choice arriving after the call was logged is ignored (the
     * record is already written). Kept in storage until the call is logged, at most 7 days (MAX_AGE_MS).
     */
    relate(callId: string, related: RelatedRecords): void {
        if (typeof callId !== 'string' || callId === '' || this.logged.includes(callId)) {
            return;
        }
        // A call placed from a call list stays the member's: after a reload the softphone no longer knows it was
        // placed from there and the caller popup's match would otherwise replace the campaign and member.
        const current = this.related.get(callId) ?? this.storedRelated(callId);
        if (current?.campaignMemberId && !related.campaignMemberId) {
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
        this.storeRelated(callId, this.related.get(callId) ?? null);
    }

    /**
     * The agent's wrap-up for a call; only the leader tab logs (a follower's promise rejects). Once the logger
     * accepted it (queued in its storage, written now or retried), the state machine marks the call wrapped
     * (`completeWrapUp`): it leaves `wrap_up` and is no longer the focus. A call the live state no longer holds
     * (a wrap-up restored from a draft after a reload) is logged all the same. Rejects with a WrapUpError, queueing
     * nothing, when the org would refuse the wrap-up (`dispositionRequired` and no disposition) or a value cannot be saved.
     */
    async logWrapUp(callId: string, wrapUp: WrapUp): Promise<void> {
        if (!this.logger) {
            // code not_owner: the agent is told to use the tab that owns the phone (c/diamyFailure).
            throw Object.assign(new Error('This tab does not own the telephony session'), { code: 'not_owner' });
        }
        const disposition: unknown = wrapUp?.disposition;
        if (this.options.dispositionRequired === true && (typeof disposition !== 'string' || disposition.trim() === '')) {
            // The org's rule Diamy_Call_Disposition_Required would refuse it: never queued, the form stays.
            throw new WrapUpError(DISPOSITION_REQUIRED, ['disposition is required']);
        }
        const problems = checkWrapUp(wrapUp);
        if (problems.length > 0) {
            throw new WrapUpError(WRAP_UP_INVALID, problems);
        }
        await this.logger.logWrapUp(callId, wrapUp);
        this.options.provider.completeWrapUp(callId);
    }

    /** The Diamy_Call__c id of a call this tab's logger saved or found; null in a follower tab or when unknown. */
    recordIdOf(diamyCallId: string): string | null {
        return this.logger?.recordIdOf?.(diamyCallId) ?? null;
    }

    start(): void {
        const { leader } = this.options;
        this.unsubscribers.push(
            leader.onState((state) => {
                if (isMirroredState(state)) {
                    this.mirroredValue = state;
                    for (const listener of this.mirrorListeners) {
                        listener(state);
                    }
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
            this.setLogStatus({ state: status.state, pending: status.pending, message: status.message, storageMessage: status.storageMessage ?? null })
        );
        logger.flush().catch(() => undefined);
        const publish = (): void => this.options.leader.publishState(mirrorOf(provider.state, provider.connection));
        let connected = false;
        this.leaderSubscriptions.push(
            provider.on('callEnded', (call) => this.log(call)),
            provider.on('state', publish),
            provider.on('connection', publish),
            provider.on('connection', (connection) => {
                const now = connection === 'connected';
                if (now && !connected) {
                    this.reconcileNow();
                } else if (!now) {
                    // A gap opens: until the next reconcile, lastSeenAt stays where it is.
                    this.watching = false;
                }
                connected = now;
            })
        );
        provider.connect(this.mirroredValue ? { since: this.mirroredValue.lastSeq } : {});
    }

    /**
     * Hands the logger every call Diamy lists as ended after lastSeenAt that this tab did not log, then moves
     * lastSeenAt to the newest end seen. The first start in a browser (no lastSeenAt) only sets it: history from
     * before the softphone ever ran here is not backfilled. A failed fetch leaves lastSeenAt for the next connect.
     */
    private reconcileNow(): void {
        const options = this.options.reconcile;
        const store = options?.store ?? null;
        this.watching = false;
        if (!options || !store) {
            return;
        }
        if (this.reconciling) {
            this.reconcileAgain = true;
            return;
        }
        const now = options.now ?? (() => Date.now());
        const since = store.read();
        const report: ReconcileReport = { since, fetched: 0, handed: [], failed: false };
        if (since === null) {
            store.write(now());
            this.watching = true;
            this.lastReconcile = report;
            return;
        }
        const run = callsEndedSince(options.recentCalls, since, options)
            .then((calls) => {
                if (!this.logger) {
                    return;
                }
                report.fetched = calls.length;
                let newest = since;
                for (const call of calls) {
                    newest = Math.max(newest, endedAt(call));
                    // The consultations of a call that ended while no tab watched it come from the same answer.
                    const legs = calls.filter((leg) => leg.parent_call_id === call.id).map((leg) => consultLegOf(leg));
                    if (!this.logged.includes(call.id) && this.log(call, legs)) {
                        report.handed.push(call.id);
                    }
                }
                store.write(Math.max(newest, store.read() ?? since));
                this.watching = true;
            })
            .catch(() => {
                report.failed = true;
            })
            .finally(() => {
                this.lastReconcile = report;
                this.reconciling = null;
                if (this.reconcileAgain && this.logger) {
                    this.reconcileAgain = false;
                    this.reconcileNow();
                }
            });
        this.reconciling = run;
    }

    /** Resolves when the running reconcile (if any) is over (tests, diagnostics). */
    reconciled(): Promise<void> {
        // A reconcile may chain another: wait for the last one.
        const running = this.reconciling;
        return running ? running.then(() => this.reconciled()) : Promise.resolve();
    }

    private follow(): void {
        this.watching = false;
        this.reconcileAgain = false;
        for (const unsubscribe of this.leaderSubscriptions.splice(0)) {
            unsubscribe();
        }
        this.options.provider.disconnect();
        this.dropLogger();
    }

    /**
     * Hands a finished call to the logger, with the consultations the state machine saw on it (else `legs`, read
     * from Diamy's recent calls); true when handed. A consult leg is never handed: its call's record carries it.
     */
    private log(call: Call, legs: readonly ConsultLeg[] = []): boolean {
        const seen = this.options.provider.state.consults?.[call.id] ?? [];
        const completed = toCompletedCall(call, this.options.agentUserId, seen.length > 0 ? seen : legs);
        if (!completed || !this.logger) {
            return false;
        }
        // This page's choice, else what a page before a reload (or another tab) stored for the call.
        const related = this.related.get(call.id) ?? this.storedRelated(call.id);
        if (related) {
            completed.related = related;
            this.related.delete(call.id);
        }
        this.storeRelated(call.id, null);
        this.logged.push(call.id);
        this.logger.logCall(completed).catch(() => undefined);
        const store = this.options.reconcile?.store;
        const ended = endedAt(call);
        if (this.watching && store && Number.isFinite(ended)) {
            store.write(Math.max(ended, store.read() ?? ended));
        }
        return true;
    }
}
