// The Diamy contract, real-time part: every WebSocket message and every REST command payload.
//
// What comes from Diamy's public documentation (www.diamy.fr/documentation/api, see docs/DIAMY-CONTRACT.md):
// the call object's fields (id, direction, from/to {number, name}, duration, status, recording_url, notes,
// tags, timestamp), E.164 numbers, OAuth 2.0 tokens with `expires_in`, and the webhook event names
// call.incoming, call.answered, call.missed, call.ended, call.transferred, voicemail.new,
// user.presence_changed. Everything else here (the agent WebSocket channel, the envelope with seq, the
// call-control events and commands, presence of colleagues) is OUR design: Diamy documents none of it.
//
// This file is types plus a few constant lists; it has no dependency and may be imported with `import type`
// from anywhere in the project (the LWC client, the sandbox, tests).

/** An E.164 phone number, e.g. "+33142868200". */
export type E164 = string;
/** ISO 8601 timestamp in UTC with milliseconds, e.g. "2025-05-12T09:30:00.000Z". */
export type IsoDateTime = string;

// ---------------------------------------------------------------------------------------------------------
// Resources (same shapes in REST responses and in event payloads)
// ---------------------------------------------------------------------------------------------------------

/**
 * Documented by Diamy: `from` and `to` of a call, {number, name}; `name` is null when unknown.
 * Our additions (to agree with Diamy): `withheld` and `user_id`.
 */
export interface Party {
    /** E.164. null only when `withheld` is true (and then always null). */
    number: E164 | null;
    /** null when unknown, and always null when `withheld`. */
    name: string | null;
    /** The caller withheld their number (an inbound call from a private / anonymous number): number and name are null. */
    withheld: boolean;
    /**
     * The Diamy user this party is, when it is one of the account's users (the agent themself or a colleague: both
     * sides of an internal call, the agent's side of every call); null for an outside number or a withheld caller.
     */
    user_id: string | null;
}

/**
 * Documented values: inbound, outbound. `internal` (user to user inside the Diamy account) is our addition: an
 * internal call has two legs, one per user, linked by `peer_call_id` (see `Call.peer_call_id`).
 */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/**
 * Outcome of a call. Documented by Diamy: answered, missed, voicemail. Our additions: busy, no_answer,
 * failed (outbound calls the remote party never took), abandoned (outbound call the agent hung up before the
 * remote party answered). An inbound call the caller hangs up while ringing, the agent rejects, or nobody
 * answers before the ring timeout is `missed`. null while ringing and nothing is decided yet.
 */
export type CallStatus = 'answered' | 'missed' | 'voicemail' | 'busy' | 'no_answer' | 'failed' | 'abandoned';

/**
 * Live state of a call for the agent (our design).
 *  - ringing: inbound call offered to the agent, or outbound leg ringing at the remote party;
 *  - active: connected, audio flowing;
 *  - held: connected, put on hold by the agent (remote party hears music);
 *  - ended: finished (see status and end_reason).
 */
export type CallState = 'ringing' | 'active' | 'held' | 'ended';

/** Why a call ended (our design). */
export type EndReason =
    | 'agent_hangup'
    | 'remote_hangup'
    | 'rejected'
    | 'missed'
    | 'voicemail'
    | 'busy'
    | 'no_answer'
    | 'failed'
    | 'transferred'
    | 'consult_cancelled'
    | 'conference_left';

export interface Call {
    /** Diamy call id, stable for the whole life of the call: "call_…". */
    id: string;
    direction: CallDirection;
    from: Party;
    to: Party;
    state: CallState;
    /** null until an outcome is known (answered as soon as connected). */
    status: CallStatus | null;
    /** Seconds of conversation (answered → ended); 0 while not answered; grows while active. */
    duration: number;
    /** Seconds between the start of ringing and answer (or end if never answered). */
    wait_duration: number;
    /** Creation of the call (start of ringing). Documented by Diamy as `timestamp`. */
    timestamp: IsoDateTime;
    started_at: IsoDateTime;
    answered_at: IsoDateTime | null;
    ended_at: IsoDateTime | null;
    end_reason: EndReason | null;
    /** Link to the recording (answered calls) or the voicemail message; null otherwise. Requires the bearer token. */
    recording_url: string | null;
    notes: string | null;
    tags: string[];
    /** Diamy user id of the agent who owns this leg. */
    agent_id: string;
    /** The Diamy line (DID) the call came in on or went out from, E.164. */
    line: E164 | null;
    /** Queue / ring group name when the call came through one. */
    queue: string | null;
    muted: boolean;
    /** DTMF digits the agent sent on this call, in order. */
    dtmf: string;
    transferred: boolean;
    conferenced: boolean;
    /** Set on a consult leg: the call it consults for. */
    parent_call_id: string | null;
    /** Set on a call that has a consult leg open. */
    consult_call_id: string | null;
    /** Set while the call is part of a conference. */
    conference_id: string | null;
    /**
     * Internal calls only (our design, to agree with Diamy): the other user's leg of the same call. The caller's leg
     * (placed with POST /v2/calls, offered to nobody) and the callee's leg (offered to the callee: `call.incoming` on
     * their stream, `to.user_id` = their own id) point at each other. Answering the callee's leg answers both;
     * ending either ends the other. null on every other call.
     */
    peer_call_id: string | null;
}

/** Presence (our design; Diamy documents only the `user.presence_changed` webhook name). */
export type PresenceStatus = 'available' | 'busy' | 'away' | 'do_not_disturb' | 'offline';

export interface Presence {
    status: PresenceStatus;
    /** True while the user has at least one call not ended (set by Diamy, not by the user). */
    on_call: boolean;
    updated_at: IsoDateTime;
}

export interface User {
    /** Diamy user id: "usr_…". */
    id: string;
    name: string;
    email: string;
    extension: string;
    /** Direct line, E.164. */
    number: E164;
    presence: Presence;
}

export interface Agent extends User {
    /** The Salesforce user this Diamy user is linked to (18-char id), null when unlinked. */
    salesforce_user_id: string | null;
    /** Lines the agent may call from. */
    lines: E164[];
}

// ---------------------------------------------------------------------------------------------------------
// Sessions and tokens
// ---------------------------------------------------------------------------------------------------------

/** OAuth 2.0 token response (Diamy documents access_token, token_type, expires_in, scope). */
export interface TokenResponse {
    access_token: string;
    token_type: 'Bearer';
    /** Seconds; Diamy documents 3600. */
    expires_in: number;
    /** Space-separated scopes of the token (see `Scope`). No token response carries a refresh_token. */
    scope: string;
}

/**
 * Scopes (our design). Client credentials: `calls:read`, `users:read` (the default), `agent_sessions:create`
 * (POST /v2/agent/sessions only: what the Salesforce connection asks for) and `erasures:write` (POST /v2/erasures
 * only: what Diamy's contact-sync server asks for). Agent tokens: the calls, presence and users scopes, never
 * `agent_sessions:create` nor `erasures:write`.
 */
export type Scope =
    | 'calls:read'
    | 'calls:write'
    | 'presence:read'
    | 'presence:write'
    | 'users:read'
    | 'agent_sessions:create'
    | 'erasures:write';

/**
 * POST /v2/agent/sessions (our design): a short-lived token for the Salesforce user. Authorized only by the org's
 * client-credentials token with `agent_sessions:create` as Bearer; `salesforce_org_id` must be the org that client
 * is bound to. No other field is accepted (there is no assertion path).
 */
export interface AgentSessionRequest {
    salesforce_user_id: string;
    salesforce_org_id: string;
}

/** No refresh token: the org asks for a new session before this one expires. */
export interface AgentSessionResponse extends TokenResponse {
    agent: Agent;
    /**
     * Absolute wss:// URL of the agent channel (ws:// only for the local sandbox). The URL never carries a credential:
     * append at most `?since=<seq>`, then send `{"type":"auth","access_token":…}` as the first frame.
     */
    websocket_url: string;
}

// ---------------------------------------------------------------------------------------------------------
// Data protection (our design, issue 15)
// ---------------------------------------------------------------------------------------------------------

/** Most numbers one erasure request may name (POST /v2/erasures). */
export const MAX_ERASURE_NUMBERS = 10;
/**
 * Most call ids one erasure request may name (POST /v2/erasures). 1,000 ids of ≤ 64 characters keep a body under
 * 70 KB and one request's work (a lookup and a few field clears per call) short enough to answer well within the
 * client's 30-second timeout; a person with more calls is erased in several requests of the same stamp.
 */
export const MAX_ERASURE_CALL_IDS = 1000;
/** A Diamy call id as an erasure request names it: "call_…", at most 64 characters (Diamy_Call_Id__c's length). */
export const CALL_ID_PATTERN = /^call_[A-Za-z0-9_-]{1,59}$/;

/**
 * POST /v2/erasures: a Salesforce erasure request (Diamy_Erasure_Requested_At__c of a Contact or Lead) as Diamy's
 * sync server pulled it. Calls name numbers, not Salesforce records: the person's current numbers find their calls,
 * and the org's own call records of the person (Diamy_Call__c, whatever number they were made from) name theirs by id.
 * At least one of numbers and call_ids is non-empty.
 */
export interface ErasureRequest {
    /** 003… (Contact) or 00Q… (Lead), 15 or 18 characters. */
    salesforce_id: string;
    salesforce_object: 'Contact' | 'Lead';
    /** Diamy_Erasure_Requested_At__c; with salesforce_id, the idempotence key. */
    requested_at: IsoDateTime;
    /** 0 to MAX_ERASURE_NUMBERS numbers: every call from or to one of them is erased (once per stamp). */
    numbers?: E164[];
    /**
     * 0 to MAX_ERASURE_CALL_IDS Diamy call ids (CALL_ID_PATTERN): each call of the org is erased; an id Diamy does not
     * know is counted in call_ids_unknown and ignored. Re-sending an erased call is a no-op.
     */
    call_ids?: string[];
    /** Diamy_Contact_Id__c when linked: Diamy deletes its copy of the person too. */
    diamy_contact_id?: string;
}

/**
 * The answer (200). Idempotence: a requested_at older than the last one applied to this person does nothing; the same
 * one erases the listed call_ids again (an erased call is a no-op) but not the numbers' calls again (calls made since
 * are a later request's); a newer one applies everything. already_applied: the stamp was not newer than the one
 * applied before AND nothing changed now (counts 0); requested_at is then the stamp applied before.
 */
export interface ErasureResult {
    erasure_id: string;
    salesforce_id: string;
    requested_at: IsoDateTime;
    /** Calls whose recording, caller name or notes this request cleared. */
    calls_anonymized: number;
    /** Recordings and voicemails this request deleted. */
    recordings_deleted: number;
    /** call_ids that name no call of the org (never existed, or purged): ignored. */
    call_ids_unknown: number;
    already_applied: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// REST command payloads. Every command accepts an `Idempotency-Key` header (or `command_id` in the body):
// a retry with the same key returns the first response and does not act twice.
// ---------------------------------------------------------------------------------------------------------

export interface CommandBase {
    /** Alternative to the Idempotency-Key header, for clients that cannot set headers. */
    command_id?: string;
}
interface DialOptions extends CommandBase {
    /** Line to call from (one of the agent's lines); default: the agent's first line. Ignored for internal calls. */
    from_line?: E164;
    /** Name of the callee as the client knows it (e.g. the Salesforce contact); echoed in `to.name`. */
    to_name?: string;
}
/**
 * POST /v2/calls: exactly one target (our design; to_extension and to_user_id are to agree with Diamy).
 * - `to`: an E.164 number. A colleague's direct number makes an internal call, like to_extension;
 * - `to_extension`: a colleague's extension (digits, EXTENSION_PATTERN) → an internal call;
 * - `to_user_id`: a colleague's Diamy user id → an internal call.
 * Unknown extension or user → 404 not_found (details.field names the target); the agent themself → 422
 * invalid_target.
 */
export type DialCommand = DialOptions &
    (
        | { to: E164; to_extension?: never; to_user_id?: never }
        | { to_extension: string; to?: never; to_user_id?: never }
        | { to_user_id: string; to?: never; to_extension?: never }
    );
export type AnswerCommand = CommandBase;
export type RejectCommand = CommandBase;
export type HangupCommand = CommandBase;
export type HoldCommand = CommandBase;
export type ResumeCommand = CommandBase;
export type MuteCommand = CommandBase;
export type UnmuteCommand = CommandBase;
export interface DtmfCommand extends CommandBase {
    /** One or more of 0-9 * # A-D. */
    digits: string;
}
export interface TransferCommand extends CommandBase {
    /** E.164 number or a colleague's extension / user id. */
    to: string;
}
export interface ConsultCommand extends CommandBase {
    to: string;
}
export type ConsultCompleteCommand = CommandBase;
export type ConsultCancelCommand = CommandBase;
export interface MergeCommand extends CommandBase {
    /** The other call to merge with; default: the call's open consult leg. */
    with_call_id?: string;
}
export interface UpdateCallCommand extends CommandBase {
    notes?: string | null;
    tags?: string[];
}
export interface SetPresenceCommand extends CommandBase {
    status: Exclude<PresenceStatus, 'offline'> | 'offline';
}

export interface CommandResult {
    call: Call;
}
export interface ConsultResult {
    call: Call;
    consult_call: Call;
}
export interface MergeResult {
    conference_id: string;
    calls: Call[];
}

// ---------------------------------------------------------------------------------------------------------
// Errors (every non-2xx response, REST and control API alike)
// ---------------------------------------------------------------------------------------------------------

export type ErrorCode =
    | 'invalid_request'
    | 'unauthorized'
    | 'token_expired'
    /** 400 from POST /v2/oauth/token: a grant_type other than client_credentials (refresh_token included). */
    | 'unsupported_grant_type'
    /** 400 from POST /v2/oauth/token: a scope the client may not have. */
    | 'invalid_scope'
    /** 403: a valid token without the scope the operation needs (contract/openapi.json, each operation's security). */
    | 'insufficient_scope'
    | 'forbidden'
    | 'not_found'
    | 'invalid_state'
    /** 422 (our design): a call target that cannot be called: the agent themself (dial, transfer, consult). */
    | 'invalid_target'
    | 'idempotency_key_reused'
    | 'unavailable'
    | 'timeout'
    | 'internal_error';

export interface ErrorBody {
    error: {
        code: ErrorCode;
        message: string;
        /** Field-level details for invalid_request; current state for invalid_state. */
        details?: Record<string, unknown>;
        request_id: string;
    };
}

// ---------------------------------------------------------------------------------------------------------
// WebSocket channel: GET /v2/agent/stream[?since=<seq>] — our proposal, to be agreed with Diamy.
//
// No secret in a URL (URLs land in access logs, proxies, HAR files): the client authenticates with its FIRST
// FRAME, {"type":"auth","access_token":…}. Until then the server sends nothing (no replay, no snapshot, no
// error message). It closes with 4002 when the first frame is not an auth or does not arrive within
// AUTH_TIMEOUT_MS, and when the URL carries an access_token (refused unread); with 4001 when the token is
// unknown or expired. After a valid auth: the events after `since`, then session.snapshot, then live events.
// ---------------------------------------------------------------------------------------------------------

/**
 * Envelope of every server → client message.
 * - id: unique event id ("evt_…"); the same event replayed after a reconnect keeps its id and seq.
 * - seq: per-agent sequence number, +1 for every stored event. `heartbeat` and `session.snapshot` are not
 *   stored: they carry the current last seq without incrementing it, so a client that sees a heartbeat
 *   with seq greater than the last it processed knows it missed events and must resynchronise.
 * - call_id: set on every call.* and voicemail.* event.
 */
export interface EventEnvelope<T extends string, D> {
    id: string;
    type: T;
    seq: number;
    timestamp: IsoDateTime;
    call_id: string | null;
    data: D;
}

export interface CallEventData {
    call: Call;
}

/** Sent first on every connection (after any replayed events): the authoritative state. */
export type SessionSnapshotEvent = EventEnvelope<
    'session.snapshot',
    {
        agent: Agent;
        /** Calls of the agent that are not ended. */
        active_calls: Call[];
        /** Last seq of the agent stream at the time of the snapshot. */
        last_seq: number;
        /** Number of events replayed just before this snapshot because the client passed `since`. */
        replayed: number;
        /**
         * True when `since` was given but the server no longer holds every event after it (buffer of 1 000):
         * the client must reconcile with GET /v2/calls/recent.
         */
        gap: boolean;
        heartbeat_interval_ms: number;
        token_expires_at: IsoDateTime;
    }
>;
export type HeartbeatEvent = EventEnvelope<'heartbeat', { last_seq: number }>;
export type PongEvent = EventEnvelope<'pong', { ping_id: string | null }>;
/** A message from the client could not be understood. Not stored, seq = last seq. */
export type ChannelErrorEvent = EventEnvelope<'error', { code: ErrorCode; message: string }>;

/**
 * Documented webhook name. Inbound call offered to the agent (state ringing), also the callee's leg of an internal
 * call. Call waiting (to agree with Diamy): a call is offered even while the agent is on another call; answering it
 * puts the active call on hold first (`call.held` for that call, then `call.answered`), rejecting it ends it
 * (status missed, end_reason rejected).
 */
export type CallIncomingEvent = EventEnvelope<'call.incoming', CallEventData>;
/** Our design: outbound call created and ringing at the remote party (also for consult legs). */
export type CallRingingEvent = EventEnvelope<'call.ringing', CallEventData>;
/** Documented webhook name. */
export type CallAnsweredEvent = EventEnvelope<'call.answered', CallEventData>;
/** Documented webhook name. The call also gets a `call.ended` right after. */
export type CallMissedEvent = EventEnvelope<'call.missed', CallEventData>;
/** Documented webhook name. Final for the call: carries status, duration, recording_url. */
export type CallEndedEvent = EventEnvelope<'call.ended', CallEventData>;
export type CallHeldEvent = EventEnvelope<'call.held', CallEventData>;
export type CallResumedEvent = EventEnvelope<'call.resumed', CallEventData>;
export type CallMutedEvent = EventEnvelope<'call.muted', CallEventData>;
export type CallUnmutedEvent = EventEnvelope<'call.unmuted', CallEventData>;
export type CallDtmfEvent = EventEnvelope<'call.dtmf', CallEventData & { digits: string }>;
/** Our design: notes/tags changed. */
export type CallUpdatedEvent = EventEnvelope<'call.updated', CallEventData>;
/** Documented webhook name. Sent for blind and completed attended transfers, before `call.ended`. */
export type CallTransferredEvent = EventEnvelope<
    'call.transferred',
    CallEventData & { mode: 'blind' | 'attended'; to: Party; consult_call_id: string | null }
>;
/** Our design: a consult leg was opened for call_id (the original call is now held). */
export type CallConsultStartedEvent = EventEnvelope<'call.consult_started', CallEventData & { consult_call: Call }>;
/** Our design: the consult leg was cancelled; call_id (the original) stays held. */
export type CallConsultCancelledEvent = EventEnvelope<'call.consult_cancelled', CallEventData & { consult_call: Call }>;
/** Our design: calls merged into a conference. call_id is the call the merge was requested on. */
export type CallConferencedEvent = EventEnvelope<'call.conferenced', CallEventData & { conference_id: string; calls: Call[] }>;
/** Documented webhook name. call_id is the inbound call that went to voicemail. */
export type VoicemailNewEvent = EventEnvelope<
    'voicemail.new',
    { voicemail: { id: string; call_id: string; from: Party; duration: number; recording_url: string; timestamp: IsoDateTime } }
>;
/** Documented webhook name: a colleague's (or the agent's own) presence changed. */
export type UserPresenceChangedEvent = EventEnvelope<'user.presence_changed', { user_id: string; presence: Presence }>;

export type StoredEvent =
    | CallIncomingEvent
    | CallRingingEvent
    | CallAnsweredEvent
    | CallMissedEvent
    | CallEndedEvent
    | CallHeldEvent
    | CallResumedEvent
    | CallMutedEvent
    | CallUnmutedEvent
    | CallDtmfEvent
    | CallUpdatedEvent
    | CallTransferredEvent
    | CallConsultStartedEvent
    | CallConsultCancelledEvent
    | CallConferencedEvent
    | VoicemailNewEvent
    | UserPresenceChangedEvent;

export type ServerMessage = StoredEvent | SessionSnapshotEvent | HeartbeatEvent | PongEvent | ChannelErrorEvent;
export type ServerMessageType = ServerMessage['type'];

/**
 * Client → server messages (our design). After the auth, anything else gets an `error` message with code
 * invalid_request.
 * - auth: MUST be the first frame of every connection (see above); nothing else is accepted before it;
 * - ping: answered by `pong` (application-level liveness, on top of WebSocket pings);
 * - reauth: binds the open socket to a refreshed access token (answered by `pong` with ping_id "reauth"), so
 *   the socket is not closed with 4001 when the first token expires. An invalid token closes it with 4001.
 */
export type ClientMessage = { type: 'auth'; access_token: string } | { type: 'ping'; id?: string } | { type: 'reauth'; access_token: string };

/** How long the server waits for the auth frame after the WebSocket opens (our proposal). */
export const AUTH_TIMEOUT_MS = 10000;

/** WebSocket close codes used by the server (our design). */
export const CLOSE_CODES = {
    /** `since` is not a non-negative integer: reconnect without it (then resynchronise over REST). */
    invalidRequest: 4000,
    /** Token unknown or expired (in the auth or reauth frame, or expiring on an open socket): refresh, reconnect with `since`. */
    unauthorized: 4001,
    /**
     * Not authenticated the way the channel requires: the first frame was not an auth, it did not come within
     * AUTH_TIMEOUT_MS, or the URL carried a credential (refused, never read). Nothing was sent before.
     */
    authRequired: 4002,
    /** Another condition the client cannot fix by retrying at once (e.g. agent deactivated). */
    forbidden: 4003,
    /** Server going away (restart): reconnect with backoff. */
    goingAway: 1001
} as const;

/** Every type of stored event, in no particular order. */
export const STORED_EVENT_TYPES = [
    'call.incoming',
    'call.ringing',
    'call.answered',
    'call.missed',
    'call.ended',
    'call.held',
    'call.resumed',
    'call.muted',
    'call.unmuted',
    'call.dtmf',
    'call.updated',
    'call.transferred',
    'call.consult_started',
    'call.consult_cancelled',
    'call.conferenced',
    'voicemail.new',
    'user.presence_changed'
] as const satisfies readonly StoredEvent['type'][];
/** Compile-time proof that STORED_EVENT_TYPES names every stored event type. */
export const STORED_EVENT_TYPES_COMPLETE: [Exclude<StoredEvent['type'], (typeof STORED_EVENT_TYPES)[number]>] extends [never] ? true : false = true;

/** Every type of message the server sends on the agent channel: stored events and control messages. */
export const SERVER_MESSAGE_TYPES = [...STORED_EVENT_TYPES, 'session.snapshot', 'heartbeat', 'pong', 'error'] as const satisfies readonly ServerMessageType[];
/** Compile-time proof that SERVER_MESSAGE_TYPES names every ServerMessage type (a new one must be listed). */
export const SERVER_MESSAGE_TYPES_COMPLETE: [Exclude<ServerMessageType, (typeof SERVER_MESSAGE_TYPES)[number]>] extends [never] ? true : false = true;

export const CALL_STATES: readonly CallState[] = ['ringing', 'active', 'held', 'ended'];
export const CALL_STATUSES: readonly CallStatus[] = ['answered', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'abandoned'];
export const PRESENCE_STATUSES: readonly PresenceStatus[] = ['available', 'busy', 'away', 'do_not_disturb', 'offline'];
export const DTMF_PATTERN = /^[0-9*#A-D]{1,32}$/;
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;
/** A colleague's extension, as `to_extension` of POST /v2/calls takes it. */
export const EXTENSION_PATTERN = /^[0-9]{2,6}$/;
