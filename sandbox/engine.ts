// The Diamy sandbox's telephony engine: agents, tokens, calls and their state machine, per-agent event
// streams with sequence numbers. No HTTP here: server.ts maps the contract's routes onto these methods.
// Every method that can be refused throws ApiError with the contract's error code.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type {
    Agent,
    Call,
    CallDirection,
    CallState,
    CallStatus,
    EndReason,
    ErasureRequest,
    ErasureResult,
    ErrorCode,
    Party,
    Presence,
    PresenceStatus,
    StoredEvent,
    TokenResponse,
    User
} from '../contract/events.ts';
import { AUTH_TIMEOUT_MS } from '../contract/events.ts';

export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: ErrorCode,
        message: string,
        readonly details?: Record<string, unknown>
    ) {
        super(message);
    }
}

export interface SandboxConfig {
    token_ttl_seconds: number;
    heartbeat_interval_ms: number;
    /** Ringing calls end after this long (inbound → missed, outbound → no_answer); 0 = never. */
    ring_timeout_ms: number;
    /** Consult / dialled legs are answered by the remote party at once (workbench convenience). */
    consult_auto_answer: boolean;
    /** A new agent-channel socket whose first frame is not a valid auth within this time is closed (4002). */
    auth_timeout_ms: number;
    /**
     * The Salesforce org the client sandbox-client is bound to: its tokens create agent sessions for this org only.
     * Read when a client token is issued (a token keeps the binding it was issued under).
     */
    client_org_id: string;
}

/** The workbench's pretend org ($Organization.Id of the workbench and of the tests). */
export const WORKBENCH_ORG_ID = '00D000000000001AAA';

export const DEFAULT_CONFIG: SandboxConfig = {
    token_ttl_seconds: 3600,
    heartbeat_interval_ms: 15000,
    ring_timeout_ms: 30000,
    consult_auto_answer: false,
    auth_timeout_ms: AUTH_TIMEOUT_MS,
    client_org_id: WORKBENCH_ORG_ID
};

/** Which scopes a client may ask for, its default, and what an agent token carries (from the contract). */
export interface ScopePolicy {
    client: readonly string[];
    clientDefault: string;
    agent: readonly string[];
}

/** The scope that lets a client-credentials token create agent sessions, and nothing else. */
export const SESSION_SCOPE = 'agent_sessions:create';
/** The scope of POST /v2/erasures: Diamy's sync server, client credentials only. */
export const ERASURE_SCOPE = 'erasures:write';

/** The last erasure applied to a person: all Diamy keeps of the request (its id and its stamp, no personal data). */
interface ErasureRecord {
    erasureId: string;
    salesforceId: string;
    requestedAt: number;
}

interface UserRecord {
    id: string;
    name: string;
    email: string;
    extension: string;
    number: string;
    presence: { status: PresenceStatus; updated_at: number };
    salesforce_user_id: string | null;
    lines: string[];
}

interface CallRecord {
    id: string;
    direction: CallDirection;
    from: Party;
    to: Party;
    state: CallState;
    status: CallStatus | null;
    startedAt: number;
    answeredAt: number | null;
    endedAt: number | null;
    endReason: EndReason | null;
    recordingUrl: string | null;
    notes: string | null;
    tags: string[];
    agentId: string;
    line: string | null;
    queue: string | null;
    muted: boolean;
    dtmf: string;
    transferred: boolean;
    conferenced: boolean;
    parentCallId: string | null;
    consultCallId: string | null;
    conferenceId: string | null;
    /** Internal calls: the other user's leg (caller's leg ↔ callee's leg). */
    peerCallId: string | null;
    /** True for calls offered to the agent (inbound, transferred in); false for calls the agent placed. */
    offered: boolean;
    /**
     * Values outside the contract that this call's representation carries from now on (events and REST), set by
     * the control API to play a newer or misbehaving Diamy: an enum value the client does not know, a relative
     * recording URL. Absent for every normal call.
     */
    offContract?: OffContractValues;
}

/** What POST /sandbox/calls/{call_id}/off-contract may override (strings the contract would refuse). */
export interface OffContractValues {
    status?: string;
    end_reason?: string;
    recording_url?: string;
}

interface TokenRecord {
    /** The agent of an agent token; null for a client-credentials (org) token. */
    agentId: string | null;
    expiresAt: number;
    scopes: ReadonlySet<string>;
    /** Client tokens: the Salesforce org the client was bound to when the token was issued. */
    orgId: string | null;
}

/** Salesforce ids compare on their case-sensitive 15-character form (the 18-character form adds a checksum). */
const sameSalesforceId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);

/** One connected WebSocket of an agent, as the engine sees it. */
export interface StreamSubscriber {
    agentId: string;
    token: string;
    send(message: string): void;
    close(code: number, reason: string): void;
    terminate(): void;
}

const EVENT_BUFFER = 1000;
/** One day: the most the clock may move in one control call. */
export const MAX_CLOCK_STEP_SECONDS = 86400;
export const CLIENT_ID = 'sandbox-client';
export const CLIENT_SECRET = 'sandbox-secret';
/** How long a signed recording link (POST /v2/calls/{call_id}/recording-link) plays. */
export const RECORDING_LINK_TTL_SECONDS = 300;

/** Seeded directory: three agents linked to Salesforce users, four colleagues who are not. */
function seedUsers(now: number): UserRecord[] {
    const user = (
        id: string,
        name: string,
        extension: string,
        status: PresenceStatus,
        salesforceUserId: string | null = null
    ): UserRecord => ({
        id,
        name,
        email: `${id.slice(4)}@exemple.fr`,
        extension,
        number: `+3318900${extension.padStart(4, '0')}`,
        presence: { status, updated_at: now },
        salesforce_user_id: salesforceUserId,
        lines: salesforceUserId ? ['+33189000100', `+3318900${extension.padStart(4, '0')}`] : []
    });
    return [
        user('usr_camille.martin', 'Camille Martin', '201', 'available', '005000000000001AAA'),
        user('usr_hugo.lefevre', 'Hugo Lefèvre', '202', 'available', '005000000000002AAA'),
        user('usr_lea.dubois', 'Léa Dubois', '203', 'available', '005000000000003AAA'),
        user('usr_julien.moreau', 'Julien Moreau', '204', 'available'),
        user('usr_chloe.laurent', 'Chloé Laurent', '205', 'away'),
        user('usr_antoine.girard', 'Antoine Girard', '206', 'do_not_disturb'),
        user('usr_manon.rousseau', 'Manon Rousseau', '207', 'offline')
    ];
}

/** Names the sandbox "knows" for external numbers (caller id from Diamy's directory). */
const KNOWN_EXTERNAL: Record<string, string> = {
    '+33612345678': 'Sophie Bernard',
    '+33145678901': 'Boulangerie Petit',
    '+33698765432': 'Nicolas Fournier'
};

const iso = (ms: number): string => new Date(ms).toISOString();
/** A party that is one of the account's users (an agent or a colleague). */
const userParty = (user: UserRecord, name: string = user.name): Party => ({ number: user.number, name, withheld: false, user_id: user.id });
/** An outside number. */
const numberParty = (number: string, name: string | null): Party => ({ number, name, withheld: false, user_id: null });
/** A caller who withheld their number. */
const WITHHELD: Party = { number: null, name: null, withheld: true, user_id: null };
const newId = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
const opaqueToken = (prefix: string): string => `${prefix}_${randomBytes(24).toString('base64url')}`;

export class SandboxEngine {
    config: SandboxConfig = { ...DEFAULT_CONFIG };
    /**
     * Names this run of the sandbox: new at start and at every reset. The workbench keys its in-memory org by it, so
     * that a reset (or a new `npm start`) also starts the org afresh while a page reload keeps it.
     */
    instanceId = '';
    private clockOffsetMs = 0;
    private users = new Map<string, UserRecord>();
    private calls = new Map<string, CallRecord>();
    private streams = new Map<string, { seq: number; buffer: StoredEvent[] }>();
    private subscribers = new Set<StreamSubscriber>();
    private tokens = new Map<string, TokenRecord>();
    private ringTimers = new Map<string, NodeJS.Timeout>();
    private otherTimers = new Set<NodeJS.Timeout>();
    /** Erasures applied, by the 15-character Salesforce id of the person. */
    private erasures = new Map<string, ErasureRecord>();
    /** Signs recording links; new for every run of the sandbox (links of an earlier run are refused). */
    private readonly recordingSecret = randomBytes(32);

    constructor(
        private readonly baseUrl: () => string,
        initialConfig: Partial<SandboxConfig> = {},
        private readonly scopes: ScopePolicy = {
            client: ['calls:read', 'users:read', SESSION_SCOPE, ERASURE_SCOPE],
            clientDefault: 'calls:read users:read',
            agent: ['calls:read', 'calls:write', 'presence:read', 'presence:write', 'users:read']
        }
    ) {
        this.reset(initialConfig);
    }

    now(): number {
        return Date.now() + this.clockOffsetMs;
    }

    /** Moves the clock forward: 0 to MAX_CLOCK_STEP_SECONDS per call (the control API schema says the same). */
    advanceClock(seconds: number): void {
        if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_CLOCK_STEP_SECONDS) {
            throw new ApiError(400, 'invalid_request', `advance_seconds must be 0 to ${MAX_CLOCK_STEP_SECONDS}.`, { field: 'advance_seconds' });
        }
        this.clockOffsetMs += Math.round(seconds * 1000);
        this.closeExpiredSubscribers();
    }

    reset(config: Partial<SandboxConfig> = {}): void {
        this.clearTimers();
        for (const subscriber of this.subscribers) {
            subscriber.close(4001, 'sandbox reset');
        }
        this.subscribers.clear();
        this.config = { ...DEFAULT_CONFIG, ...config };
        this.instanceId = newId('sbx');
        this.clockOffsetMs = 0;
        this.users = new Map(seedUsers(this.now()).map((u) => [u.id, u]));
        this.calls.clear();
        this.streams.clear();
        this.tokens.clear();
        this.erasures.clear();
    }

    clearTimers(): void {
        for (const timer of [...this.ringTimers.values(), ...this.otherTimers]) {
            clearTimeout(timer);
        }
        this.ringTimers.clear();
        this.otherTimers.clear();
    }

    // ----------------------------------------------------------------------------------------------- users

    private presenceOf(user: UserRecord): Presence {
        return { status: user.presence.status, on_call: this.hasLiveCall(user.id), updated_at: iso(user.presence.updated_at) };
    }

    userView(user: UserRecord): User {
        return { id: user.id, name: user.name, email: user.email, extension: user.extension, number: user.number, presence: this.presenceOf(user) };
    }

    agentView(user: UserRecord): Agent {
        return { ...this.userView(user), salesforce_user_id: user.salesforce_user_id, lines: [...user.lines] };
    }

    getAgent(agentId: string): UserRecord {
        const user = this.users.get(agentId);
        if (!user?.salesforce_user_id) {
            throw new ApiError(404, 'not_found', `No agent ${agentId}.`);
        }
        return user;
    }

    getUser(userId: string): UserRecord {
        const user = this.users.get(userId);
        if (!user) {
            throw new ApiError(404, 'not_found', `No user ${userId}.`);
        }
        return user;
    }

    listUsers(q?: string): User[] {
        const needle = q?.trim().toLowerCase();
        return [...this.users.values()]
            .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.extension.includes(needle) || u.number.includes(needle))
            .map((u) => this.userView(u));
    }

    agents(): Agent[] {
        return [...this.users.values()].filter((u) => u.salesforce_user_id).map((u) => this.agentView(u));
    }

    /** A user by id, extension or direct number. */
    private findUser(target: string): UserRecord | undefined {
        return [...this.users.values()].find((u) => u.id === target || u.extension === target || u.number === target);
    }

    private hasLiveCall(userId: string): boolean {
        for (const call of this.calls.values()) {
            if (call.agentId === userId && call.state !== 'ended') {
                return true;
            }
        }
        return false;
    }

    setPresence(userId: string, status: PresenceStatus): Presence {
        const user = this.getUser(userId);
        user.presence = { status, updated_at: this.now() };
        const presence = this.presenceOf(user);
        this.broadcast('user.presence_changed', { user_id: user.id, presence });
        return presence;
    }

    /** Runs a change to calls of an agent and announces an on_call flip to everyone. */
    private trackOnCall<T>(agentId: string, change: () => T): T {
        const before = this.hasLiveCall(agentId);
        const result = change();
        if (this.hasLiveCall(agentId) !== before) {
            const user = this.getUser(agentId);
            this.broadcast('user.presence_changed', { user_id: agentId, presence: this.presenceOf(user) });
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------- tokens

    private issue(agentId: string | null, scopes: readonly string[], orgId: string | null): string {
        const token = opaqueToken(agentId ? 'dat' : 'dct');
        this.tokens.set(token, { agentId, expiresAt: this.now() + this.config.token_ttl_seconds * 1000, scopes: new Set(scopes), orgId });
        return token;
    }

    /**
     * POST /v2/oauth/token, grant_type=client_credentials: an org token bound to the client's org, with the scopes
     * asked for (space-separated; the client's default when none) if the client may have them, else 400 invalid_scope.
     * Never a refresh token.
     */
    clientCredentials(clientId: string | undefined, clientSecret: string | undefined, scope: string | undefined): TokenResponse {
        if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) {
            throw new ApiError(401, 'unauthorized', 'Unknown client_id or wrong client_secret.');
        }
        const asked = [...new Set((scope ?? '').split(/\s+/).filter((name) => name !== ''))];
        const scopes = asked.length > 0 ? asked : this.scopes.clientDefault.split(' ');
        const refused = scopes.filter((name) => !this.scopes.client.includes(name));
        if (refused.length > 0) {
            throw new ApiError(400, 'invalid_scope', `This client may not have ${refused.join(', ')}.`, { field: 'scope', allowed: [...this.scopes.client] });
        }
        const token = this.issue(null, scopes, this.config.client_org_id);
        return { access_token: token, token_type: 'Bearer', expires_in: this.config.token_ttl_seconds, scope: scopes.join(' ') };
    }

    /**
     * The token's record if it carries `scope`; 401 for a missing, unknown or expired token, 403 insufficient_scope
     * for a valid one without it (what each operation's security requirement in the contract names).
     */
    requireScope(token: string | undefined, scope: string): TokenRecord {
        const record = this.authenticate(token);
        if (!record.scopes.has(scope)) {
            throw new ApiError(403, 'insufficient_scope', `This operation needs a token with the scope ${scope}.`, { scope });
        }
        return record;
    }

    /**
     * POST /v2/agent/sessions. The org vouches for the user: only a client-credentials token with agent_sessions:create
     * (an agent token never has it), for the org that client is bound to, for a Salesforce user linked to a Diamy user.
     * The answer has no refresh token: the org asks for a new session instead.
     */
    createSession(bearerToken: string | undefined, salesforceUserId: string, salesforceOrgId: string): TokenResponse & { agent: Agent } {
        const record = this.requireScope(bearerToken, SESSION_SCOPE);
        if (record.agentId !== null || record.orgId === null || !sameSalesforceId(record.orgId, salesforceOrgId)) {
            throw new ApiError(403, 'forbidden', 'This client may create sessions only for the Salesforce org it is bound to.', { field: 'salesforce_org_id' });
        }
        const user = [...this.users.values()].find((u) => u.salesforce_user_id !== null && sameSalesforceId(u.salesforce_user_id, salesforceUserId));
        if (!user) {
            throw new ApiError(403, 'forbidden', 'This Salesforce user is not linked to a Diamy user.');
        }
        const scopes = this.scopes.agent;
        const token = this.issue(user.id, scopes, null);
        return {
            access_token: token,
            token_type: 'Bearer',
            expires_in: this.config.token_ttl_seconds,
            scope: scopes.join(' '),
            agent: this.agentView(user)
        };
    }

    /** The token's record; throws 401 unauthorized / token_expired. */
    authenticate(token: string | undefined): TokenRecord {
        const record = token ? this.tokens.get(token) : undefined;
        if (!record) {
            throw new ApiError(401, 'unauthorized', 'Missing or unknown access token.');
        }
        if (record.expiresAt <= this.now()) {
            throw new ApiError(401, 'token_expired', 'The access token has expired: get a new one.');
        }
        return record;
    }

    authenticateAgent(token: string | undefined): UserRecord {
        const record = this.authenticate(token);
        if (!record.agentId) {
            throw new ApiError(403, 'forbidden', 'This operation needs an agent session token.');
        }
        return this.getAgent(record.agentId);
    }

    tokenExpiresAt(token: string): number {
        return this.tokens.get(token)?.expiresAt ?? 0;
    }

    expireTokens(agentId: string | undefined): number {
        let count = 0;
        const past = this.now() - 1;
        for (const record of this.tokens.values()) {
            if ((!agentId || record.agentId === agentId) && record.expiresAt > past) {
                record.expiresAt = past;
                count += 1;
            }
        }
        this.closeExpiredSubscribers();
        return count;
    }

    tokenCounts(): { access: number; live_access: number } {
        const now = this.now();
        return {
            access: this.tokens.size,
            live_access: [...this.tokens.values()].filter((t) => t.expiresAt > now).length
        };
    }

    // --------------------------------------------------------------------------------------------- streams

    private stream(agentId: string): { seq: number; buffer: StoredEvent[] } {
        let stream = this.streams.get(agentId);
        if (!stream) {
            stream = { seq: 0, buffer: [] };
            this.streams.set(agentId, stream);
        }
        return stream;
    }

    lastSeq(agentId: string): number {
        return this.stream(agentId).seq;
    }

    private emit(agentId: string, type: StoredEvent['type'], callId: string | null, data: unknown): void {
        const stream = this.stream(agentId);
        stream.seq += 1;
        // The union of event types is checked by the contract's types; the engine builds them generically.
        const event = { id: newId('evt'), type, seq: stream.seq, timestamp: iso(this.now()), call_id: callId, data } as StoredEvent;
        stream.buffer.push(event);
        if (stream.buffer.length > EVENT_BUFFER) {
            stream.buffer.shift();
        }
        const message = JSON.stringify(event);
        for (const subscriber of this.subscribers) {
            if (subscriber.agentId === agentId) {
                subscriber.send(message);
            }
        }
    }

    private emitCall(type: StoredEvent['type'], call: CallRecord, extra: Record<string, unknown> = {}): void {
        this.emit(call.agentId, type, call.id, { call: this.callView(call), ...extra });
    }

    private broadcast(type: StoredEvent['type'], data: unknown): void {
        for (const agent of this.agents()) {
            this.emit(agent.id, type, null, data);
        }
    }

    /** Events after `since` if the buffer still holds all of them, else null (gap). */
    eventsSince(agentId: string, since: number): StoredEvent[] | null {
        const stream = this.stream(agentId);
        if (since >= stream.seq) {
            return [];
        }
        const first = stream.buffer[0];
        if (!first || first.seq > since + 1) {
            return null;
        }
        return stream.buffer.filter((e) => e.seq > since);
    }

    subscribe(subscriber: StreamSubscriber): () => void {
        this.subscribers.add(subscriber);
        return () => this.subscribers.delete(subscriber);
    }

    subscriberCount(agentId: string): number {
        return [...this.subscribers].filter((s) => s.agentId === agentId).length;
    }

    dropSubscribers(agentId: string, mode: 'terminate' | 'close'): number {
        let count = 0;
        for (const subscriber of [...this.subscribers]) {
            if (subscriber.agentId === agentId) {
                this.subscribers.delete(subscriber);
                if (mode === 'terminate') {
                    subscriber.terminate();
                } else {
                    subscriber.close(1001, 'network drop (sandbox)');
                }
                count += 1;
            }
        }
        return count;
    }

    closeExpiredSubscribers(): void {
        const now = this.now();
        for (const subscriber of [...this.subscribers]) {
            const record = this.tokens.get(subscriber.token);
            if (!record || record.expiresAt <= now) {
                this.subscribers.delete(subscriber);
                subscriber.close(4001, 'token expired');
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- calls

    callView(call: CallRecord): Call {
        const end = call.endedAt ?? this.now();
        return {
            id: call.id,
            direction: call.direction,
            from: { ...call.from },
            to: { ...call.to },
            state: call.state,
            status: call.status,
            duration: call.answeredAt === null ? 0 : Math.max(0, Math.round((end - call.answeredAt) / 1000)),
            wait_duration: Math.max(0, Math.round(((call.answeredAt ?? end) - call.startedAt) / 1000)),
            timestamp: iso(call.startedAt),
            started_at: iso(call.startedAt),
            answered_at: call.answeredAt === null ? null : iso(call.answeredAt),
            ended_at: call.endedAt === null ? null : iso(call.endedAt),
            end_reason: call.endReason,
            recording_url: call.recordingUrl,
            notes: call.notes,
            tags: [...call.tags],
            agent_id: call.agentId,
            line: call.line,
            queue: call.queue,
            muted: call.muted,
            dtmf: call.dtmf,
            transferred: call.transferred,
            conferenced: call.conferenced,
            parent_call_id: call.parentCallId,
            consult_call_id: call.consultCallId,
            conference_id: call.conferenceId,
            peer_call_id: call.peerCallId,
            // Off-contract values on purpose (client robustness tests): the Call type cannot express them.
            ...(call.offContract as Partial<Call> | undefined)
        };
    }

    /** The call's representation carries these off-contract values from now on (robustness tests of clients). */
    setOffContract(callId: string, values: OffContractValues): Call {
        const call = this.getCall(callId, null);
        call.offContract = { ...call.offContract, ...values };
        return this.callView(call);
    }

    allCalls(): Call[] {
        return [...this.calls.values()].map((c) => this.callView(c));
    }

    activeCalls(agentId: string): Call[] {
        return [...this.calls.values()].filter((c) => c.agentId === agentId && c.state !== 'ended').map((c) => this.callView(c));
    }

    recentCalls(
        agentId: string | null,
        filter: { direction?: string; status?: string; from?: string; to?: string; limit: number; offset: number }
    ): { data: Call[]; total: number } {
        const fromMs = filter.from ? Date.parse(filter.from) : -Infinity;
        const toMs = filter.to ? Date.parse(filter.to) : Infinity;
        const matching = [...this.calls.values()]
            .filter((c) => c.state === 'ended' && (agentId === null || c.agentId === agentId))
            .filter((c) => !filter.direction || filter.direction === 'all' || c.direction === filter.direction)
            .filter((c) => !filter.status || filter.status === 'all' || c.status === filter.status)
            .filter((c) => c.startedAt >= fromMs && c.startedAt <= toMs)
            .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || b.startedAt - a.startedAt);
        return { data: matching.slice(filter.offset, filter.offset + filter.limit).map((c) => this.callView(c)), total: matching.length };
    }

    /** The call, owned by agentId when given (else 404, never revealing other agents' calls). */
    getCall(callId: string, agentId: string | null): CallRecord {
        const call = this.calls.get(callId);
        if (!call || (agentId !== null && call.agentId !== agentId)) {
            throw new ApiError(404, 'not_found', `No call ${callId}.`);
        }
        return call;
    }

    /**
     * POST /v2/erasures (the scope and the body schema are checked by the route). Idempotent by (person, stamp), per
     * call: a stamp older than the last one applied changes nothing; the same stamp erases the listed call ids again
     * (an erased call is left as it is and not counted), so that a person with more calls than one request holds is
     * erased in several requests, but does not search the numbers again (calls made since are a later request's); a
     * newer stamp applies both. Erasing clears the recording, the person's name on the call and its notes; what call
     * statistics count (times, duration, direction, status, agent) stays. Unknown call ids are counted and ignored:
     * the org may have logged a call Diamy has purged since.
     */
    erase(input: ErasureRequest): ErasureResult {
        const requestedAt = Date.parse(input.requested_at);
        const key = input.salesforce_id.slice(0, 15);
        const applied = this.erasures.get(key);
        const callIds = [...new Set(input.call_ids ?? [])];
        if (applied && requestedAt < applied.requestedAt) {
            return this.erasureResult(applied, input.salesforce_id, { calls: 0, recordings: 0, unknown: 0 }, true);
        }
        const newer = !applied || requestedAt > applied.requestedAt;
        const numbers = new Set(newer ? (input.numbers ?? []) : []);
        const counts = { calls: 0, recordings: 0, unknown: 0 };
        const count = ({ changed, recordingDeleted }: { changed: boolean; recordingDeleted: boolean }): void => {
            if (changed) counts.calls += 1;
            if (recordingDeleted) counts.recordings += 1;
        };
        const listed = new Set<CallRecord>();
        const erased = new Map<string, CallRecord>();
        for (const id of callIds) {
            const call = this.calls.get(id);
            if (call) listed.add(call);
            else counts.unknown += 1;
        }
        for (const call of this.calls.values()) {
            // A call both listed and from one of the numbers is erased once: its by-number parties and its outside parties.
            const parties = [call.from, call.to].filter(
                (party) =>
                    (party.number !== null && numbers.has(party.number)) || (listed.has(call) && party.user_id === null)
            );
            if (parties.length > 0 || listed.has(call)) {
                count(this.eraseFromCall(call, parties));
                erased.set(call.id, call);
            }
        }
        this.eraseFromEvents(erased);
        const record: ErasureRecord = newer
            ? { erasureId: newId('era'), salesforceId: input.salesforce_id, requestedAt }
            : (applied as ErasureRecord);
        this.erasures.set(key, record);
        return this.erasureResult(record, input.salesforce_id, counts, !newer && counts.calls === 0);
    }

    /** Clears the person's data from one call: its recording, its notes and the name of `parties`; says what it cleared. */
    private eraseFromCall(call: CallRecord, parties: readonly Party[]): { changed: boolean; recordingDeleted: boolean } {
        const recordingDeleted = call.recordingUrl !== null || call.offContract?.recording_url !== undefined;
        const changed = recordingDeleted || call.notes !== null || parties.some((party) => party.name !== null);
        call.recordingUrl = null;
        if (call.offContract) delete call.offContract.recording_url;
        call.notes = null;
        for (const party of parties) party.name = null;
        return { changed, recordingDeleted };
    }

    /**
     * The stored events (what a reconnecting agent is replayed with ?since) hold copies of the calls as they were:
     * in each copy of an erased call (a call view, or a voicemail naming it by call_id), notes and recording_url are
     * cleared, and the name of each party whose name the erasure cleared on the call.
     */
    private eraseFromEvents(erased: ReadonlyMap<string, CallRecord>): void {
        if (erased.size === 0) return;
        const scrub = (value: unknown): void => {
            if (Array.isArray(value)) {
                value.forEach(scrub);
                return;
            }
            if (typeof value !== 'object' || value === null) return;
            const copy = value as Record<string, unknown>;
            const id = typeof copy.call_id === 'string' ? copy.call_id : copy.id;
            const call = typeof id === 'string' ? erased.get(id) : undefined;
            if (call) {
                if ('notes' in copy) copy.notes = null;
                if ('recording_url' in copy) copy.recording_url = null;
                for (const side of ['from', 'to'] as const) {
                    const party = copy[side];
                    if (call[side].name === null && typeof party === 'object' && party !== null && 'name' in party) {
                        (party as { name: string | null }).name = null;
                    }
                }
            }
            Object.values(copy).forEach(scrub);
        };
        for (const stream of this.streams.values()) {
            for (const event of stream.buffer) scrub(event.data);
        }
    }

    private erasureResult(
        record: ErasureRecord,
        salesforceId: string,
        counts: { calls: number; recordings: number; unknown: number },
        alreadyApplied: boolean
    ): ErasureResult {
        return {
            erasure_id: record.erasureId,
            salesforce_id: salesforceId,
            requested_at: iso(record.requestedAt),
            calls_anonymized: counts.calls,
            recordings_deleted: counts.recordings,
            call_ids_unknown: counts.unknown,
            already_applied: alreadyApplied
        };
    }

    recordingExists(recordingId: string, agentId: string | null): boolean {
        return [...this.calls.values()].some((c) => c.recordingUrl?.endsWith(`/${recordingId}`) && (agentId === null || c.agentId === agentId));
    }

    private recordingSignature(recordingId: string, expires: number): string {
        return createHmac('sha256', this.recordingSecret).update(`${recordingId}.${expires}`).digest('base64url');
    }

    /**
     * A signed, short-lived link to a call's recording (no token in it): the agent's own calls only (403 otherwise),
     * any call of the org for a client-credentials token (agentId null); 404 when the call has no recording.
     */
    recordingLink(callId: string, agentId: string | null): { url: string; expires_at: string } {
        const call = this.calls.get(callId);
        if (!call) {
            throw new ApiError(404, 'not_found', `No call ${callId}.`);
        }
        if (agentId !== null && call.agentId !== agentId) {
            throw new ApiError(403, 'forbidden', 'An agent may only play the recordings of their own calls.', { call_id: callId });
        }
        const recordingId = call.recordingUrl?.split('/').pop() ?? '';
        if (!call.recordingUrl || !/^[A-Za-z0-9_-]{1,128}$/.test(recordingId)) {
            throw new ApiError(404, 'not_found', `Call ${callId} has no recording.`);
        }
        const expires = Math.floor(this.now() / 1000) + RECORDING_LINK_TTL_SECONDS;
        const query = new URLSearchParams({ expires: String(expires), signature: this.recordingSignature(recordingId, expires) });
        return { url: `${this.baseUrl()}/v2/recordings/${recordingId}?${query.toString()}`, expires_at: iso(expires * 1000) };
    }

    /** True for a signature this sandbox made for this recording and expiry, while the expiry is in the future. */
    recordingSignatureValid(recordingId: string, expires: number, signature: string): boolean {
        if (!Number.isInteger(expires) || expires * 1000 <= this.now()) {
            return false;
        }
        const expected = Buffer.from(this.recordingSignature(recordingId, expires));
        const given = Buffer.from(signature);
        return given.length === expected.length && timingSafeEqual(given, expected);
    }

    private invalidState(call: CallRecord, action: string): never {
        throw new ApiError(409, 'invalid_state', `Cannot ${action} a call that is ${call.state}.`, {
            call_id: call.id,
            state: call.state,
            direction: call.direction
        });
    }

    private newCall(init: Pick<CallRecord, 'direction' | 'from' | 'to' | 'agentId' | 'line' | 'queue' | 'offered'> & Partial<CallRecord>): CallRecord {
        const call: CallRecord = {
            id: newId('call'),
            state: 'ringing',
            status: null,
            startedAt: this.now(),
            answeredAt: null,
            endedAt: null,
            endReason: null,
            recordingUrl: null,
            notes: null,
            tags: [],
            muted: false,
            dtmf: '',
            transferred: false,
            conferenced: false,
            parentCallId: null,
            consultCallId: null,
            conferenceId: null,
            peerCallId: null,
            ...init
        };
        this.calls.set(call.id, call);
        this.armRingTimeout(call);
        return call;
    }

    private armRingTimeout(call: CallRecord): void {
        if (this.config.ring_timeout_ms <= 0) {
            return;
        }
        const timer = setTimeout(() => {
            this.ringTimers.delete(call.id);
            if (call.state !== 'ringing') {
                return;
            }
            if (call.offered) {
                this.endRinging(call, 'missed', 'missed');
            } else {
                this.endCall(call, 'no_answer', 'no_answer');
            }
        }, this.config.ring_timeout_ms);
        timer.unref();
        this.ringTimers.set(call.id, timer);
    }

    private later(ms: number, action: () => void): void {
        const timer = setTimeout(() => {
            this.otherTimers.delete(timer);
            action();
        }, ms);
        timer.unref();
        this.otherTimers.add(timer);
    }

    private partyFor(target: string): Party {
        const user = this.findUser(target);
        if (user) {
            return userParty(user);
        }
        if (!/^\+[1-9][0-9]{6,14}$/.test(target)) {
            throw new ApiError(400, 'invalid_request', 'Target must be an E.164 number, an extension or a user id.', { to: target });
        }
        return numberParty(target, KNOWN_EXTERNAL[target] ?? null);
    }

    private isInternal(party: Party): boolean {
        return party.user_id !== null || (party.number !== null && this.findUser(party.number) !== undefined);
    }

    /** Puts the agent's other connected calls on hold (a softphone talks on one call at a time). */
    private holdOthers(agentId: string, except: CallRecord): void {
        for (const other of this.calls.values()) {
            if (other.agentId === agentId && other !== except && other.state === 'active' && (!other.conferenceId || other.conferenceId !== except.conferenceId)) {
                other.state = 'held';
                this.emitCall('call.held', other);
            }
        }
    }

    /** Ends a call (any state) with the given status and reason; ends or detaches linked legs. */
    private endCall(call: CallRecord, status: CallStatus | null, reason: EndReason): void {
        if (call.state === 'ended') {
            return;
        }
        this.trackOnCall(call.agentId, () => {
            const timer = this.ringTimers.get(call.id);
            if (timer) {
                clearTimeout(timer);
                this.ringTimers.delete(call.id);
            }
            call.state = 'ended';
            call.endedAt = this.now();
            call.status = call.answeredAt !== null ? 'answered' : status;
            call.endReason = reason;
            call.muted = false;
            if (call.answeredAt !== null && reason !== 'voicemail') {
                call.recordingUrl = `${this.baseUrl()}/v2/recordings/rec_${call.id.slice(5)}`;
            }
            this.emitCall('call.ended', call);
            // A consult leg that ends by itself cancels the consultation of its parent.
            const parent = call.parentCallId ? this.calls.get(call.parentCallId) : undefined;
            if (parent && parent.consultCallId === call.id) {
                parent.consultCallId = null;
                if (parent.state !== 'ended') {
                    this.emitCall('call.consult_cancelled', parent, { consult_call: this.callView(call) });
                }
            }
            // The original caller hung up during a consultation: the consult leg goes on as an ordinary call.
            if (call.consultCallId) {
                const leg = this.calls.get(call.consultCallId);
                call.consultCallId = null;
                if (leg && leg.state !== 'ended') {
                    this.emitCall('call.updated', leg);
                }
            }
            this.leaveConference(call);
        });
        this.endPeer(call);
    }

    private leaveConference(call: CallRecord): void {
        if (!call.conferenceId) {
            return;
        }
        const remaining = [...this.calls.values()].filter((c) => c.conferenceId === call.conferenceId && c.state !== 'ended');
        if (remaining.length === 1 && remaining[0]) {
            remaining[0].conferenceId = null;
            this.emitCall('call.updated', remaining[0]);
        }
    }

    /** An inbound ringing call ends unanswered (missed, or rejected by the agent). */
    private endRinging(call: CallRecord, status: CallStatus, reason: EndReason): void {
        call.status = status;
        if (status === 'missed') {
            this.emitCall('call.missed', call);
        }
        this.endCall(call, status, reason);
    }

    private answerLeg(call: CallRecord): void {
        const timer = this.ringTimers.get(call.id);
        if (timer) {
            clearTimeout(timer);
            this.ringTimers.delete(call.id);
        }
        call.state = 'active';
        call.status = 'answered';
        call.answeredAt = call.answeredAt ?? this.now();
        this.emitCall('call.answered', call);
        // Internal call: the other leg connects at the same moment.
        const peer = this.peerOf(call);
        if (peer && peer.state === 'ringing') {
            peer.answeredAt = call.answeredAt;
            this.answerLeg(peer);
        }
    }

    /** The other leg of an internal call, if any. */
    private peerOf(call: CallRecord): CallRecord | undefined {
        return call.peerCallId ? this.calls.get(call.peerCallId) : undefined;
    }

    /** Ends the other leg of an internal call once `call` has ended, with the outcome that matches. */
    private endPeer(call: CallRecord): void {
        const peer = this.peerOf(call);
        if (!peer || peer.state === 'ended') {
            return;
        }
        if (peer.answeredAt !== null) {
            this.endCall(peer, null, 'remote_hangup');
        } else if (peer.offered) {
            // The caller's leg ended before the callee answered: hung up, or nobody answered in time.
            this.endRinging(peer, 'missed', call.endReason === 'no_answer' ? 'missed' : 'remote_hangup');
        } else if (call.endReason === 'rejected') {
            this.endCall(peer, 'busy', 'rejected');
        } else if (call.endReason === 'missed') {
            this.endCall(peer, 'no_answer', 'no_answer');
        } else {
            this.endCall(peer, 'failed', 'failed');
        }
    }

    inbound(input: { from?: string; withheld?: boolean; from_name?: string | null; agent_id?: string; to?: string; queue?: string }): Call {
        if ((input.from === undefined) === (input.withheld !== true)) {
            throw new ApiError(400, 'invalid_request', 'Give exactly one of from (an E.164 number) or withheld: true.', { field: 'from' });
        }
        if (input.withheld === true && input.from_name !== undefined && input.from_name !== null) {
            throw new ApiError(400, 'invalid_request', 'A caller who withheld their number has no name.', { field: 'from_name' });
        }
        let agent: UserRecord | undefined;
        if (input.agent_id) {
            agent = this.getAgent(input.agent_id);
        } else if (input.to) {
            agent = [...this.users.values()].find((u) => u.salesforce_user_id && (u.number === input.to || u.lines.includes(input.to ?? '')));
        } else {
            agent = [...this.users.values()].find((u) => u.salesforce_user_id);
        }
        if (!agent) {
            throw new ApiError(404, 'not_found', `No agent answers ${input.to ?? input.agent_id ?? ''}.`);
        }
        const target = agent;
        const line = input.to ?? target.lines[0] ?? target.number;
        let fromParty: Party = WITHHELD;
        if (input.from !== undefined) {
            const caller = this.findUser(input.from);
            const name = input.from_name ?? KNOWN_EXTERNAL[input.from] ?? caller?.name ?? null;
            fromParty = caller ? userParty(caller, name ?? caller.name) : numberParty(input.from, name);
        }
        // Call waiting: offered whatever the agent is doing (answering it holds the active call first).
        return this.trackOnCall(target.id, () => {
            const call = this.newCall({
                direction: this.isInternal(fromParty) ? 'internal' : 'inbound',
                from: fromParty,
                to: { number: line, name: target.name, withheld: false, user_id: target.id },
                agentId: target.id,
                line,
                queue: input.queue ?? null,
                offered: true
            });
            this.emitCall('call.incoming', call);
            return this.callView(call);
        });
    }

    /** The colleague a dial names (extension, user id or a user's direct number), or null for an outside number. */
    private dialTarget(input: { to?: string; to_extension?: string; to_user_id?: string }): UserRecord | null {
        const given = [input.to, input.to_extension, input.to_user_id].filter((value) => value !== undefined);
        if (given.length !== 1) {
            throw new ApiError(400, 'invalid_request', 'Give exactly one of to, to_extension or to_user_id.', { field: 'to' });
        }
        if (input.to_extension !== undefined) {
            const user = [...this.users.values()].find((u) => u.extension === input.to_extension);
            if (!user) {
                throw new ApiError(404, 'not_found', `No colleague has the extension ${input.to_extension}.`, { field: 'to_extension' });
            }
            return user;
        }
        if (input.to_user_id !== undefined) {
            const user = this.users.get(input.to_user_id);
            if (!user) {
                throw new ApiError(404, 'not_found', `No user ${input.to_user_id}.`, { field: 'to_user_id' });
            }
            return user;
        }
        return [...this.users.values()].find((u) => u.number === input.to) ?? null;
    }

    dial(agent: UserRecord, input: { to?: string; to_extension?: string; to_user_id?: string; from_line?: string; to_name?: string }): Call {
        const colleague = this.dialTarget(input);
        if (colleague?.id === agent.id) {
            throw new ApiError(422, 'invalid_target', 'An agent cannot call themselves.', { field: input.to_extension !== undefined ? 'to_extension' : input.to_user_id !== undefined ? 'to_user_id' : 'to' });
        }
        if (colleague) {
            return this.dialInternal(agent, colleague, input.to_name);
        }
        const number = input.to ?? '';
        const line = input.from_line ?? agent.lines[0] ?? agent.number;
        if (!agent.lines.includes(line)) {
            throw new ApiError(400, 'invalid_request', 'from_line is not one of the agent lines.', { from_line: line });
        }
        return this.trackOnCall(agent.id, () => {
            const call = this.newCall({
                direction: 'outbound',
                from: { number: line, name: agent.name, withheld: false, user_id: agent.id },
                to: numberParty(number, input.to_name ?? KNOWN_EXTERNAL[number] ?? null),
                agentId: agent.id,
                line,
                queue: null,
                offered: false
            });
            this.holdOthers(agent.id, call);
            this.emitCall('call.ringing', call);
            this.autoAnswer(call);
            return this.callView(call);
        });
    }

    /**
     * An internal call: the caller's leg (returned, call.ringing for the caller) and the callee's leg (call.incoming
     * for the callee, offered to them even while they are on a call), linked by peerCallId.
     */
    private dialInternal(agent: UserRecord, colleague: UserRecord, toName: string | undefined): Call {
        const from = userParty(agent);
        const to = userParty(colleague, toName ?? colleague.name);
        const callerLeg = this.trackOnCall(agent.id, () => {
            const leg = this.newCall({ direction: 'internal', from, to, agentId: agent.id, line: null, queue: null, offered: false });
            this.holdOthers(agent.id, leg);
            return leg;
        });
        const calleeLeg = this.trackOnCall(colleague.id, () =>
            this.newCall({ direction: 'internal', from, to: userParty(colleague), agentId: colleague.id, line: null, queue: null, offered: true, peerCallId: callerLeg.id })
        );
        callerLeg.peerCallId = calleeLeg.id;
        this.emitCall('call.ringing', callerLeg);
        this.emitCall('call.incoming', calleeLeg);
        if (!colleague.salesforce_user_id) {
            // No softphone will answer for a colleague who is not an agent: the workbench setting answers for them.
            this.autoAnswer(calleeLeg);
        }
        return this.callView(callerLeg);
    }

    private autoAnswer(call: CallRecord): void {
        if (this.config.consult_auto_answer) {
            this.later(20, () => {
                if (call.state === 'ringing') {
                    this.answerLeg(call);
                }
            });
        }
    }

    private isOfferedToAgent(call: CallRecord): boolean {
        return call.offered;
    }

    answer(agent: UserRecord, callId: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state !== 'ringing' || !this.isOfferedToAgent(call)) {
            this.invalidState(call, 'answer');
        }
        this.holdOthers(agent.id, call);
        this.answerLeg(call);
        return this.callView(call);
    }

    reject(agent: UserRecord, callId: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state !== 'ringing' || !this.isOfferedToAgent(call)) {
            this.invalidState(call, 'reject');
        }
        this.endRinging(call, 'missed', 'rejected');
        return this.callView(call);
    }

    hangup(agent: UserRecord, callId: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state === 'ended') {
            this.invalidState(call, 'hang up');
        }
        if (call.state === 'ringing' && this.isOfferedToAgent(call)) {
            this.endRinging(call, 'missed', 'rejected');
            return this.callView(call);
        }
        if (call.conferenceId) {
            const conferenceId = call.conferenceId;
            const legs = [...this.calls.values()].filter((c) => c.conferenceId === conferenceId && c.state !== 'ended');
            for (const leg of legs) {
                leg.conferenceId = null;
            }
            for (const leg of legs) {
                this.endCall(leg, null, 'conference_left');
                leg.conferenceId = conferenceId;
            }
            return this.callView(call);
        }
        if (call.parentCallId && this.calls.get(call.parentCallId)?.consultCallId === call.id) {
            this.endCall(call, call.answeredAt === null ? 'abandoned' : null, 'consult_cancelled');
            return this.callView(call);
        }
        if (call.consultCallId) {
            const leg = this.calls.get(call.consultCallId);
            if (leg) {
                this.endCall(leg, leg.answeredAt === null ? 'abandoned' : null, 'consult_cancelled');
            }
        }
        this.endCall(call, call.answeredAt === null ? 'abandoned' : null, 'agent_hangup');
        return this.callView(call);
    }

    private connected(call: CallRecord, action: string): void {
        if (call.state !== 'active' && call.state !== 'held') {
            this.invalidState(call, action);
        }
    }

    hold(agent: UserRecord, callId: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state !== 'active' || call.conferenceId) {
            this.invalidState(call, call.conferenceId ? 'hold a conference leg of' : 'hold');
        }
        call.state = 'held';
        this.emitCall('call.held', call);
        return this.callView(call);
    }

    resume(agent: UserRecord, callId: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state !== 'held') {
            this.invalidState(call, 'resume');
        }
        if (call.consultCallId) {
            throw new ApiError(409, 'invalid_state', 'Complete, cancel or merge the consultation before resuming.', {
                call_id: call.id,
                consult_call_id: call.consultCallId
            });
        }
        this.holdOthers(agent.id, call);
        call.state = 'active';
        this.emitCall('call.resumed', call);
        return this.callView(call);
    }

    setMuted(agent: UserRecord, callId: string, muted: boolean): Call {
        const call = this.getCall(callId, agent.id);
        this.connected(call, muted ? 'mute' : 'unmute');
        if (call.muted !== muted) {
            call.muted = muted;
            this.emitCall(muted ? 'call.muted' : 'call.unmuted', call);
        }
        return this.callView(call);
    }

    dtmf(agent: UserRecord, callId: string, digits: string): Call {
        const call = this.getCall(callId, agent.id);
        if (call.state !== 'active') {
            this.invalidState(call, 'send DTMF on');
        }
        call.dtmf += digits;
        this.emitCall('call.dtmf', call, { digits });
        return this.callView(call);
    }

    updateCall(agent: UserRecord, callId: string, input: { notes?: string | null; tags?: string[] }): Call {
        const call = this.getCall(callId, agent.id);
        if (input.notes !== undefined) {
            call.notes = input.notes;
        }
        if (input.tags !== undefined) {
            call.tags = [...new Set(input.tags)];
        }
        this.emitCall('call.updated', call);
        return this.callView(call);
    }

    private transferable(call: CallRecord, action: string): void {
        this.connected(call, action);
        this.notInternalLeg(call, action);
        if (call.conferenceId || call.consultCallId || (call.parentCallId && this.calls.get(call.parentCallId)?.consultCallId === call.id)) {
            throw new ApiError(409, 'invalid_state', `Cannot ${action} a call that is in a conference or a consultation.`, { call_id: call.id });
        }
    }

    transfer(agent: UserRecord, callId: string, to: string): Call {
        const call = this.getCall(callId, agent.id);
        const target = this.partyFor(to);
        this.transferable(call, 'transfer');
        if (target.number === agent.number) {
            throw new ApiError(422, 'invalid_target', 'Cannot transfer a call to yourself.');
        }
        call.transferred = true;
        this.emitCall('call.transferred', call, { mode: 'blind', to: target, consult_call_id: null });
        this.endCall(call, null, 'transferred');
        const remote = call.offered ? call.from : call.to;
        const colleague = target.user_id === null ? undefined : this.users.get(target.user_id);
        if (colleague?.salesforce_user_id) {
            const caller = remote.number === null ? { withheld: true } : { from: remote.number, from_name: remote.name };
            this.inbound({ ...caller, agent_id: colleague.id, to: colleague.number });
        }
        return this.callView(call);
    }

    consult(agent: UserRecord, callId: string, to: string): { call: Call; consult_call: Call } {
        const call = this.getCall(callId, agent.id);
        const target = this.partyFor(to);
        this.transferable(call, 'consult on');
        if (target.number === agent.number) {
            throw new ApiError(422, 'invalid_target', 'Cannot consult yourself.');
        }
        if (call.state === 'active') {
            call.state = 'held';
            this.emitCall('call.held', call);
        }
        const line = call.line ?? agent.lines[0] ?? agent.number;
        const leg = this.newCall({
            direction: this.isInternal(target) ? 'internal' : 'outbound',
            from: { number: line, name: agent.name, withheld: false, user_id: agent.id },
            to: target,
            agentId: agent.id,
            line,
            queue: null,
            offered: false,
            parentCallId: call.id
        });
        call.consultCallId = leg.id;
        this.emitCall('call.consult_started', call, { consult_call: this.callView(leg) });
        this.emitCall('call.ringing', leg);
        this.autoAnswer(leg);
        return { call: this.callView(call), consult_call: this.callView(leg) };
    }

    /** Transfer, consult and merge of an internal call's leg are not designed yet (to agree with Diamy). */
    private notInternalLeg(call: CallRecord, action: string): void {
        if (call.peerCallId) {
            throw new ApiError(409, 'invalid_state', `Cannot ${action} a leg of an internal call.`, { call_id: call.id, peer_call_id: call.peerCallId });
        }
    }

    private openConsult(agent: UserRecord, callId: string): { call: CallRecord; leg: CallRecord } {
        const call = this.getCall(callId, agent.id);
        const leg = call.consultCallId ? this.calls.get(call.consultCallId) : undefined;
        if (!leg || leg.state === 'ended') {
            throw new ApiError(409, 'invalid_state', 'This call has no open consultation.', { call_id: call.id, state: call.state });
        }
        return { call, leg };
    }

    completeConsult(agent: UserRecord, callId: string): Call {
        const { call, leg } = this.openConsult(agent, callId);
        if (leg.state === 'ringing') {
            throw new ApiError(409, 'invalid_state', 'The consulted party has not answered yet: cancel or wait.', { consult_call_id: leg.id, state: leg.state });
        }
        call.transferred = true;
        leg.transferred = true;
        call.consultCallId = null;
        this.emitCall('call.transferred', call, { mode: 'attended', to: leg.to, consult_call_id: leg.id });
        this.endCall(call, null, 'transferred');
        this.endCall(leg, null, 'transferred');
        return this.callView(call);
    }

    cancelConsult(agent: UserRecord, callId: string): Call {
        const { call, leg } = this.openConsult(agent, callId);
        this.endCall(leg, leg.answeredAt === null ? 'abandoned' : null, 'consult_cancelled');
        return this.callView(call);
    }

    merge(agent: UserRecord, callId: string, withCallId: string | undefined): { conference_id: string; calls: Call[] } {
        const call = this.getCall(callId, agent.id);
        const otherId = withCallId ?? call.consultCallId;
        if (!otherId) {
            throw new ApiError(409, 'invalid_state', 'Nothing to merge with: give with_call_id or open a consultation.', { call_id: call.id });
        }
        if (otherId === call.id) {
            throw new ApiError(400, 'invalid_request', 'Cannot merge a call with itself.');
        }
        const other = this.getCall(otherId, agent.id);
        for (const leg of [call, other]) {
            this.connected(leg, 'merge');
            this.notInternalLeg(leg, 'merge');
        }
        const conferenceId = call.conferenceId ?? other.conferenceId ?? newId('conf');
        const oldConferences = new Set([call.conferenceId, other.conferenceId].filter((id) => id !== null));
        const legs = [...this.calls.values()].filter(
            (c) => c.state !== 'ended' && (c === call || c === other || (c.conferenceId !== null && oldConferences.has(c.conferenceId)))
        );
        for (const leg of legs) {
            leg.state = 'active';
            leg.conferenced = true;
            leg.conferenceId = conferenceId;
            if (leg.consultCallId && legs.some((l) => l.id === leg.consultCallId)) {
                leg.consultCallId = null;
            }
        }
        const views = legs.map((l) => this.callView(l));
        this.emitCall('call.conferenced', call, { conference_id: conferenceId, calls: views });
        return { conference_id: conferenceId, calls: views };
    }

    /** On an internal call the remote party is the other user, acting on their own leg. */
    private remoteInternal(call: CallRecord, peer: CallRecord, action: string): void {
        const owner = this.getUser(peer.agentId);
        const refuse = (): never => this.invalidState(call, `${action} (the remote party is a colleague) on`);
        switch (action) {
            case 'answer':
                if (call.offered || peer.state !== 'ringing') refuse();
                this.answer(owner, peer.id);
                break;
            case 'busy':
                if (call.offered || peer.state !== 'ringing') refuse();
                this.reject(owner, peer.id);
                break;
            case 'no_answer':
                if (call.offered || peer.state !== 'ringing') refuse();
                this.endRinging(peer, 'missed', 'missed');
                break;
            case 'hangup':
            case 'abandon':
                if (peer.state === 'ended' || (action === 'abandon' && !(call.offered && call.state === 'ringing'))) refuse();
                this.hangup(owner, peer.id);
                break;
            default:
                refuse();
        }
    }

    /** The remote party acts (scenario control API). */
    remote(callId: string, action: string, voicemailSeconds = 12): Call {
        const call = this.getCall(callId, null);
        const peer = this.peerOf(call);
        if (peer) {
            this.remoteInternal(call, peer, action);
            return this.callView(call);
        }
        const offered = call.state === 'ringing' && this.isOfferedToAgent(call);
        const outboundRinging = call.state === 'ringing' && !offered;
        switch (action) {
            case 'answer':
                if (!outboundRinging) this.invalidState(call, 'have the remote party answer');
                this.answerLeg(call);
                break;
            case 'busy':
            case 'no_answer':
            case 'failed':
                if (!outboundRinging) this.invalidState(call, `make ${action}`);
                this.endCall(call, action, action);
                break;
            case 'hangup':
                if (call.state === 'ended' || outboundRinging) this.invalidState(call, 'have the remote party hang up');
                if (offered) {
                    this.endRinging(call, 'missed', 'remote_hangup');
                } else {
                    this.endCall(call, null, 'remote_hangup');
                }
                break;
            case 'abandon':
                if (!offered) this.invalidState(call, 'abandon');
                this.endRinging(call, 'missed', 'remote_hangup');
                break;
            case 'voicemail': {
                if (!offered) this.invalidState(call, 'send to voicemail');
                const url = `${this.baseUrl()}/v2/recordings/vm_${call.id.slice(5)}`;
                call.recordingUrl = url;
                call.status = 'voicemail';
                const voicemail = { id: `vm_${call.id.slice(5)}`, call_id: call.id, from: call.from, duration: voicemailSeconds, recording_url: url, timestamp: iso(this.now()) };
                this.emit(call.agentId, 'voicemail.new', call.id, { voicemail });
                this.endCall(call, 'voicemail', 'voicemail');
                break;
            }
            default:
                throw new ApiError(400, 'invalid_request', `Unknown remote action ${action}.`);
        }
        return this.callView(call);
    }
}
