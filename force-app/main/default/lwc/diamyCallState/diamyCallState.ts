/**
 * The call state machine: a pure function from (state, message) to the next state, with every message from
 * the Diamy agent channel validated at the boundary (shapes: contract/events.ts). Nothing here throws on bad
 * input: a malformed, unknown, duplicate or out-of-order message is rejected or ignored, recorded, and leaves
 * the state untouched.
 *
 * Every call event carries the full Call resource, which is authoritative; the machine derives the phase the
 * agent sees from it and checks that the event type agrees with it (a `call.held` whose call is not held is
 * refused). A transition from an unexpected phase (an event was missed) is applied, since the resource is the
 * truth, and raises `needsResync` so the client re-reads the session snapshot.
 */
import type { CallDirection as RecordDirection, CallOutcome, CallParty, CompletedCall, ConsultOutcome, ConsultSummary } from 'c/diamyCallRecord';

// The shapes below mirror contract/events.ts (the Diamy contract). An LWC bundle cannot import a file outside
// force-app, so they are restated here; the jest suite checks at type level that both stay identical.
export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallStatus = 'answered' | 'missed' | 'voicemail' | 'busy' | 'no_answer' | 'failed' | 'abandoned';
export type CallState = 'ringing' | 'active' | 'held' | 'ended';
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
export type PresenceStatus = 'available' | 'busy' | 'away' | 'do_not_disturb' | 'offline';
export interface Party {
    /** E.164; null only when withheld. */
    number: string | null;
    /** null when unknown, always null when withheld. */
    name: string | null;
    /** The caller withheld their number. Diamy's documented party has no such field: absent reads as false. */
    withheld: boolean;
    /** The Diamy user this party is (the agent themself, a colleague); null for an outside number. Absent reads as null. */
    user_id: string | null;
}
export interface Call {
    id: string;
    direction: CallDirection;
    from: Party;
    to: Party;
    state: CallState;
    status: CallStatus | null;
    duration: number;
    wait_duration: number;
    timestamp: string;
    started_at: string;
    answered_at: string | null;
    ended_at: string | null;
    end_reason: EndReason | null;
    recording_url: string | null;
    notes: string | null;
    tags: string[];
    agent_id: string;
    line: string | null;
    queue: string | null;
    muted: boolean;
    dtmf: string;
    transferred: boolean;
    conferenced: boolean;
    parent_call_id: string | null;
    consult_call_id: string | null;
    conference_id: string | null;
    /** Internal calls: the other user's leg of the same call. Absent reads as null. */
    peer_call_id: string | null;
}

export const CALL_PHASES = ['idle', 'dialing', 'ringing_in', 'ringing_out', 'connected', 'on_hold', 'consulting', 'conferencing', 'wrap_up', 'ended'] as const;
export type CallPhase = (typeof CALL_PHASES)[number];
/** Phases in which a call is still on the line. */
export const LIVE_PHASES: readonly CallPhase[] = ['dialing', 'ringing_in', 'ringing_out', 'connected', 'on_hold', 'consulting', 'conferencing'];

const DIRECTIONS: readonly CallDirection[] = ['inbound', 'outbound', 'internal'];
const STATES: readonly CallState[] = ['ringing', 'active', 'held', 'ended'];
const STATUSES: readonly CallStatus[] = ['answered', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'abandoned'];
const END_REASONS: readonly EndReason[] = [
    'agent_hangup',
    'remote_hangup',
    'rejected',
    'missed',
    'voicemail',
    'busy',
    'no_answer',
    'failed',
    'transferred',
    'consult_cancelled',
    'conference_left'
];
export const PRESENCES: readonly PresenceStatus[] = ['available', 'busy', 'away', 'do_not_disturb', 'offline'];

/** Stored call events that change or describe one call. */
export const CALL_EVENT_TYPES = [
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
    'call.conferenced'
] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];
export const CONTROL_TYPES = ['session.snapshot', 'heartbeat', 'pong', 'error'] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];
export const EVENT_TYPES: readonly string[] = [...CALL_EVENT_TYPES, 'voicemail.new', 'user.presence_changed', ...CONTROL_TYPES];

/** A validated message: only the fields the client uses, copied (never the object that arrived). */
export type ValidMessage =
    | { kind: 'call'; id: string; type: CallEventType; seq: number; timestamp: string; call: Call; related: Call[]; mode: 'blind' | 'attended' | null }
    | { kind: 'voicemail'; id: string; seq: number; timestamp: string; callId: string; voicemailId: string; recordingUrl: string }
    | { kind: 'presence'; id: string; seq: number; timestamp: string; userId: string; presence: PresenceStatus }
    | {
          kind: 'snapshot';
          seq: number;
          activeCalls: Call[];
          lastSeq: number;
          gap: boolean;
          heartbeatIntervalMs: number;
          tokenExpiresAt: string;
          agentId: string;
          presence: PresenceStatus;
      }
    | { kind: 'heartbeat'; seq: number; lastSeq: number }
    | { kind: 'pong'; seq: number; pingId: string | null }
    | { kind: 'error'; seq: number; code: string; message: string };

/** One call as the agent sees it. */
export interface CallView {
    call: Call;
    phase: CallPhase;
    /** seq of the last event applied to this call (0 for a call learnt from a snapshot or a REST answer). */
    lastSeq: number;
    voicemailId: string | null;
}

/**
 * A consultation the agent opened on a call (its consult leg: `parent_call_id` = that call), as this client saw it.
 * The customer call is the unit of logging: its record carries the consultations (`consultSummary`); a consult leg
 * never gets a record of its own (`toCompletedCall` gives null for it).
 */
export interface ConsultLeg {
    /** The consult leg's Diamy call id. */
    callId: string;
    /** The consulted party: a colleague, or an outside number. */
    party: Party;
    startedAt: string;
    answeredAt: string | null;
    endedAt: string | null;
    endReason: EndReason | null;
    transferred: boolean;
    conferenced: boolean;
    /** When the leg was first seen in the call's conference (the event's time); null when not merged or not seen live. */
    mergedAt: string | null;
}

/** Consultations kept per call (the newest). */
export const MAX_CONSULTS = 10;

export interface RejectedEvent {
    reason: string;
    /** A short rendering of what arrived: type, seq and keys only (no payload, so never a token or a number). */
    sample: string;
    seq: number | null;
}

export interface TelephonyState {
    calls: Readonly<Record<string, CallView>>;
    /** The agent's own presence: from the session snapshot, then from each `user.presence_changed` about the agent. */
    presence: PresenceStatus;
    /** The agent's own Diamy user id (the snapshot's `agent.id`); null before the first snapshot. */
    agentId: string | null;
    /** Other users' presence, by Diamy user id, updated on each of their `user.presence_changed` events. */
    colleagues: Readonly<Record<string, PresenceStatus>>;
    /** The consultations opened on each call, by the consulted call's id (oldest first, at most MAX_CONSULTS). */
    consults: Readonly<Record<string, readonly ConsultLeg[]>>;
    /** Highest stored-event seq applied. */
    lastSeq: number;
    /** Recently applied event ids (bounded), to drop duplicates however late they arrive. */
    seenIds: readonly string[];
    /** True when the client must re-read the session (seq gap, unexpected transition). */
    needsResync: boolean;
    rejected: readonly RejectedEvent[];
    rejectedTotal: number;
    duplicatesTotal: number;
    staleTotal: number;
}

export type Effect = { kind: 'call-ended'; view: CallView } | { kind: 'voicemail'; voicemailId: string; callId: string } | { kind: 'resync' };

export type ApplyStatus = 'applied' | 'duplicate' | 'stale' | 'rejected' | 'control';

export interface ApplyResult {
    state: TelephonyState;
    status: ApplyStatus;
    effects: Effect[];
    message?: ValidMessage;
    reason?: string;
}

export const MAX_REJECTED = 50;
export const ID_WINDOW = 512;

export function initialState(): TelephonyState {
    return {
        calls: {},
        presence: 'offline',
        agentId: null,
        colleagues: {},
        consults: {},
        lastSeq: 0,
        seenIds: [],
        needsResync: false,
        rejected: [],
        rejectedTotal: 0,
        duplicatesTotal: 0,
        staleTotal: 0
    };
}

// ---------------------------------------------------------------------------------------------------------
// Validation at the boundary
// ---------------------------------------------------------------------------------------------------------

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
    return typeof value === 'string' && value.length > 0 && value.length <= 64 && /^[A-Za-z0-9._:-]+$/.test(value);
}

function isText(value: unknown, max: number): value is string {
    return typeof value === 'string' && value.length <= max;
}

function isNullableText(value: unknown, max: number): value is string | null {
    return value === null || isText(value, max);
}

function isIsoTime(value: unknown): value is string {
    return typeof value === 'string' && value.length <= 40 && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function isNullableIsoTime(value: unknown): value is string | null {
    return value === null || isIsoTime(value);
}

function isSeconds(value: unknown): value is number {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 10_000_000;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
    return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * A party: a number (or none, only when the caller withheld it), a name, the Diamy user it is. A withheld party keeps
 * no number and no name even if some came with it (the caller asked for their number not to be shown).
 */
function checkParty(value: unknown): Party | null {
    if (!isRecord(value)) {
        return null;
    }
    const withheld = value.withheld ?? false;
    const userId = value.user_id ?? null;
    if (typeof withheld !== 'boolean' || (userId !== null && !isId(userId))) {
        return null;
    }
    if (withheld) {
        return { number: null, name: null, withheld: true, user_id: null };
    }
    if (typeof value.number !== 'string' || value.number.length === 0 || value.number.length > 40 || !isNullableText(value.name ?? null, 120)) {
        return null;
    }
    return { number: value.number, name: typeof value.name === 'string' ? value.name : null, withheld: false, user_id: userId };
}

/**
 * A validated Call. `unexpected` names each enum value this client does not know (a status or end reason Diamy
 * added later) and what it became — a short quoted sample, never a whole payload value — for the caller to report.
 */
export type CheckedCall = { ok: true; value: Call; unexpected: string[] } | { ok: false; reason: string };

/**
 * Validates a Call resource (REST answer, event payload or snapshot) and returns a clean copy. Structurally
 * invalid data is refused; an unknown `status` or `end_reason` (still text) is mapped to a safe value — status:
 * `answered` if the call was answered, else `failed`; end reason: none — so that a `call.ended` is never refused
 * for a value Diamy adds later.
 */
export function validateCall(raw: unknown): CheckedCall {
    if (!isRecord(raw)) {
        return { ok: false, reason: 'call is not an object' };
    }
    if (!isId(raw.id)) {
        return { ok: false, reason: 'call.id is invalid' };
    }
    const from = checkParty(raw.from);
    const to = checkParty(raw.to);
    if (!from || !to) {
        return { ok: false, reason: 'call.from/to must be parties with a number' };
    }
    if (!isOneOf(DIRECTIONS, raw.direction) || !isOneOf(STATES, raw.state)) {
        return { ok: false, reason: 'call.direction or call.state is invalid' };
    }
    if (raw.status !== null && typeof raw.status !== 'string') {
        return { ok: false, reason: 'call.status is invalid' };
    }
    if (raw.end_reason !== null && raw.end_reason !== undefined && typeof raw.end_reason !== 'string') {
        return { ok: false, reason: 'call.end_reason is invalid' };
    }
    if (!isSeconds(raw.duration) || !isSeconds(raw.wait_duration ?? 0)) {
        return { ok: false, reason: 'call durations are invalid' };
    }
    if (!isIsoTime(raw.started_at) || !isNullableIsoTime(raw.answered_at) || !isNullableIsoTime(raw.ended_at)) {
        return { ok: false, reason: 'call times are invalid' };
    }
    if (!isId(raw.agent_id)) {
        return { ok: false, reason: 'call.agent_id is invalid' };
    }
    for (const key of ['recording_url', 'notes', 'line', 'queue', 'parent_call_id', 'consult_call_id', 'conference_id'] as const) {
        if (!isNullableText(raw[key] ?? null, key === 'notes' ? 32768 : 1024)) {
            return { ok: false, reason: `call.${key} is invalid` };
        }
    }
    const peerCallId = raw.peer_call_id ?? null;
    if (peerCallId !== null && (!isId(peerCallId) || raw.direction !== 'internal')) {
        return { ok: false, reason: 'call.peer_call_id must be a call id, on an internal call only' };
    }
    const tags = raw.tags ?? [];
    if (!Array.isArray(tags) || tags.length > 50 || !tags.every((tag) => isText(tag, 80))) {
        return { ok: false, reason: 'call.tags is invalid' };
    }
    const state = raw.state;
    const answeredAt = raw.answered_at;
    const endedAt = raw.ended_at;
    const unexpected: string[] = [];
    let status: CallStatus | null = null;
    if (isOneOf(STATUSES, raw.status)) {
        status = raw.status;
    } else if (raw.status !== null) {
        status = answeredAt === null ? 'failed' : 'answered';
        unexpected.push(`status ${describe(raw.status)} → ${status}`);
    }
    let endReason: EndReason | null = null;
    if (isOneOf(END_REASONS, raw.end_reason)) {
        endReason = raw.end_reason;
    } else if (typeof raw.end_reason === 'string') {
        unexpected.push(`end_reason ${describe(raw.end_reason)} → null`);
    }
    // Coherence: what the state says must match the times and the status.
    if ((state === 'ended') !== (endedAt !== null)) {
        return { ok: false, reason: 'call.ended_at does not match call.state' };
    }
    if ((state === 'active' || state === 'held') && answeredAt === null) {
        return { ok: false, reason: 'a connected call must have answered_at' };
    }
    if (state === 'ended' && status === null) {
        return { ok: false, reason: 'an ended call must have a status' };
    }
    if (answeredAt !== null && status !== null && status !== 'answered') {
        return { ok: false, reason: 'a call with answered_at must have status answered' };
    }
    if (endedAt !== null && Date.parse(endedAt) < Date.parse(raw.started_at)) {
        return { ok: false, reason: 'call ends before it starts' };
    }
    const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    return {
        ok: true,
        value: {
            id: raw.id,
            direction: raw.direction,
            from,
            to,
            state,
            status,
            duration: raw.duration,
            wait_duration: typeof raw.wait_duration === 'number' ? raw.wait_duration : 0,
            timestamp: isIsoTime(raw.timestamp) ? raw.timestamp : raw.started_at,
            started_at: raw.started_at,
            answered_at: answeredAt,
            ended_at: endedAt,
            end_reason: endReason,
            recording_url: text(raw.recording_url),
            notes: text(raw.notes),
            tags: [...tags],
            agent_id: raw.agent_id,
            line: text(raw.line),
            queue: text(raw.queue),
            muted: raw.muted === true,
            dtmf: typeof raw.dtmf === 'string' ? raw.dtmf.slice(0, 256) : '',
            transferred: raw.transferred === true,
            conferenced: raw.conferenced === true,
            parent_call_id: text(raw.parent_call_id),
            consult_call_id: text(raw.consult_call_id),
            conference_id: text(raw.conference_id),
            peer_call_id: peerCallId
        },
        unexpected
    };
}

function checkCalls(raw: unknown, max: number): Checked<Call[]> {
    if (!Array.isArray(raw) || raw.length > max) {
        return { ok: false, reason: `expected a list of at most ${max} calls` };
    }
    const calls: Call[] = [];
    for (const item of raw) {
        const checked = validateCall(item);
        if (!checked.ok) {
            return checked;
        }
        calls.push(checked.value);
    }
    return { ok: true, value: calls };
}

/** The call state each call event implies (undefined: any state). */
const IMPLIED_STATE: Partial<Record<CallEventType, readonly CallState[]>> = {
    'call.incoming': ['ringing'],
    'call.ringing': ['ringing'],
    'call.answered': ['active'],
    'call.held': ['held'],
    'call.resumed': ['active'],
    'call.ended': ['ended'],
    'call.consult_started': ['held'],
    'call.consult_cancelled': ['held', 'active']
};

/** Validates anything that arrived on the agent channel. */
export function validateMessage(raw: unknown): Checked<ValidMessage> {
    if (!isRecord(raw)) {
        return { ok: false, reason: 'not an object' };
    }
    const type = raw.type;
    if (!isOneOf(EVENT_TYPES, type)) {
        return { ok: false, reason: `unknown message type ${describe(type)}` };
    }
    const seq = raw.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
        return { ok: false, reason: `${type}: seq must be a non-negative integer` };
    }
    const data = raw.data;
    if (!isRecord(data)) {
        return { ok: false, reason: `${type}: data must be an object` };
    }
    if (isOneOf(CONTROL_TYPES, type)) {
        return validateControl(type, seq, data);
    }
    if (seq < 1) {
        return { ok: false, reason: `${type}: a stored event has seq ≥ 1` };
    }
    if (!isId(raw.id)) {
        return { ok: false, reason: `${type}: id is invalid` };
    }
    if (!isIsoTime(raw.timestamp)) {
        return { ok: false, reason: `${type}: timestamp must be an ISO 8601 time` };
    }
    const id = raw.id;
    const timestamp = raw.timestamp;
    if (type === 'user.presence_changed') {
        const presence = isRecord(data.presence) ? data.presence.status : undefined;
        if (!isId(data.user_id) || !isOneOf(PRESENCES, presence)) {
            return { ok: false, reason: `${type}: user_id or presence is invalid` };
        }
        return { ok: true, value: { kind: 'presence', id, seq, timestamp, userId: data.user_id, presence } };
    }
    if (type === 'voicemail.new') {
        const voicemail = data.voicemail;
        if (!isRecord(voicemail) || !isId(voicemail.id) || !isId(voicemail.call_id) || !isText(voicemail.recording_url, 1024)) {
            return { ok: false, reason: `${type}: voicemail is invalid` };
        }
        return { ok: true, value: { kind: 'voicemail', id, seq, timestamp, callId: voicemail.call_id, voicemailId: voicemail.id, recordingUrl: voicemail.recording_url } };
    }
    const eventType = type as CallEventType;
    const call = validateCall(data.call);
    if (!call.ok) {
        return { ok: false, reason: `${type}: ${call.reason}` };
    }
    if (raw.call_id !== call.value.id) {
        return { ok: false, reason: `${type}: call_id does not match data.call.id` };
    }
    const implied = IMPLIED_STATE[eventType];
    if (implied && !implied.includes(call.value.state)) {
        return { ok: false, reason: `${type}: the call is ${call.value.state}` };
    }
    let related: Call[] = [];
    let mode: 'blind' | 'attended' | null = null;
    if (eventType === 'call.consult_started' || eventType === 'call.consult_cancelled') {
        const consult = validateCall(data.consult_call);
        if (!consult.ok) {
            return { ok: false, reason: `${type}: consult_call: ${consult.reason}` };
        }
        related = [consult.value];
    } else if (eventType === 'call.conferenced') {
        const calls = checkCalls(data.calls, 10);
        if (!calls.ok || !isId(data.conference_id)) {
            return { ok: false, reason: `${type}: conference_id or calls are invalid` };
        }
        related = calls.value.filter((other) => other.id !== call.value.id);
    } else if (eventType === 'call.transferred') {
        if (data.mode !== 'blind' && data.mode !== 'attended') {
            return { ok: false, reason: `${type}: mode must be blind or attended` };
        }
        mode = data.mode;
    }
    return { ok: true, value: { kind: 'call', id, type: eventType, seq, timestamp, call: call.value, related, mode } };
}

function validateControl(type: ControlType, seq: number, data: Record<string, unknown>): Checked<ValidMessage> {
    switch (type) {
        case 'session.snapshot': {
            const calls = checkCalls(data.active_calls, 100);
            if (!calls.ok) {
                return { ok: false, reason: `session.snapshot: ${calls.reason}` };
            }
            const agent = data.agent;
            const presence = isRecord(agent) && isRecord(agent.presence) ? agent.presence.status : undefined;
            if (!isRecord(agent) || !isId(agent.id) || !isOneOf(PRESENCES, presence)) {
                return { ok: false, reason: 'session.snapshot: agent is invalid' };
            }
            const lastSeq = data.last_seq;
            const interval = data.heartbeat_interval_ms;
            if (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || lastSeq < 0) {
                return { ok: false, reason: 'session.snapshot: last_seq is invalid' };
            }
            if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 100 || interval > 600_000) {
                return { ok: false, reason: 'session.snapshot: heartbeat_interval_ms is invalid' };
            }
            if (!isIsoTime(data.token_expires_at)) {
                return { ok: false, reason: 'session.snapshot: token_expires_at is invalid' };
            }
            return {
                ok: true,
                value: {
                    kind: 'snapshot',
                    seq,
                    activeCalls: calls.value,
                    lastSeq,
                    gap: data.gap === true,
                    heartbeatIntervalMs: interval,
                    tokenExpiresAt: data.token_expires_at,
                    agentId: agent.id,
                    presence
                }
            };
        }
        case 'heartbeat': {
            const lastSeq = data.last_seq;
            if (typeof lastSeq !== 'number' || !Number.isSafeInteger(lastSeq) || lastSeq < 0) {
                return { ok: false, reason: 'heartbeat: last_seq is invalid' };
            }
            return { ok: true, value: { kind: 'heartbeat', seq, lastSeq } };
        }
        case 'pong':
            return { ok: true, value: { kind: 'pong', seq, pingId: typeof data.ping_id === 'string' ? data.ping_id.slice(0, 64) : null } };
        default:
            return {
                ok: true,
                value: { kind: 'error', seq, code: typeof data.code === 'string' ? data.code.slice(0, 40) : 'unknown', message: typeof data.message === 'string' ? data.message.slice(0, 200) : '' }
            };
    }
}

/** A short, safe description of a value for the rejected list (no payload, no secrets). */
function describe(value: unknown): string {
    if (typeof value === 'string') {
        return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    }
    if (value === null || typeof value !== 'object') {
        return String(value);
    }
    return Array.isArray(value) ? 'an array' : 'an object';
}

function sampleOf(raw: unknown): string {
    try {
        if (!isRecord(raw)) {
            return describe(raw);
        }
        return `{type:${describe(raw.type)},seq:${describe(raw.seq)},keys:${Object.keys(raw).slice(0, 8).join(',')}}`;
    } catch {
        return 'unreadable';
    }
}

// ---------------------------------------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------------------------------------

/**
 * True for a call offered to the agent who owns it: an inbound call, or the callee's leg of an internal call (its
 * `to` is the agent). False for calls the agent placed.
 */
export function isOfferedToAgent(call: Call): boolean {
    return call.direction === 'inbound' || (call.direction === 'internal' && call.to.user_id !== null && call.to.user_id === call.agent_id);
}

/** The party the agent talks to: the caller of an offered call, else the callee (the colleague on an internal call). */
export function otherPartyOf(call: Call): Party {
    return isOfferedToAgent(call) ? call.from : call.to;
}

/** The phase the agent sees for a Call resource. */
export function phaseOfCall(call: Call): CallPhase {
    switch (call.state) {
        case 'ringing':
            return isOfferedToAgent(call) ? 'ringing_in' : 'ringing_out';
        case 'active':
            return call.conference_id ? 'conferencing' : 'connected';
        case 'held':
            if (call.consult_call_id) {
                return 'consulting';
            }
            return call.conference_id ? 'conferencing' : 'on_hold';
        default:
            return call.answered_at ? 'wrap_up' : 'ended';
    }
}

/**
 * The phases from which each phase may be reached by one event (the state diagram, also in docs/TELEPHONY.md).
 * Reaching a phase from anywhere else means an event was missed: the call is updated and a resync requested.
 */
export const ALLOWED_FROM: Readonly<Record<CallPhase, readonly CallPhase[]>> = {
    idle: [],
    dialing: ['idle'],
    ringing_in: ['idle'],
    ringing_out: ['idle', 'dialing'],
    connected: ['dialing', 'ringing_in', 'ringing_out', 'connected', 'on_hold', 'consulting', 'conferencing'],
    on_hold: ['connected', 'on_hold', 'consulting', 'conferencing'],
    consulting: ['connected', 'on_hold', 'consulting'],
    conferencing: ['connected', 'on_hold', 'consulting', 'conferencing'],
    wrap_up: ['connected', 'on_hold', 'consulting', 'conferencing'],
    ended: ['dialing', 'ringing_in', 'ringing_out', 'ended']
};

function reject(state: TelephonyState, raw: unknown, reason: string, seq: number | null): ApplyResult {
    const rejected = [...state.rejected, { reason, sample: sampleOf(raw), seq }];
    return {
        state: { ...state, rejected: rejected.length > MAX_REJECTED ? rejected.slice(rejected.length - MAX_REJECTED) : rejected, rejectedTotal: state.rejectedTotal + 1 },
        status: 'rejected',
        effects: [],
        reason
    };
}

function rememberId(state: TelephonyState, id: string, seq: number): Pick<TelephonyState, 'seenIds' | 'lastSeq' | 'needsResync'> {
    const ids = [...state.seenIds, id];
    // A stored event more than one ahead of the last one applied means events were missed.
    const gap = state.lastSeq > 0 && seq > state.lastSeq + 1;
    return { seenIds: ids.length > ID_WINDOW ? ids.slice(ids.length - ID_WINDOW) : ids, lastSeq: Math.max(state.lastSeq, seq), needsResync: state.needsResync || gap };
}

function seqOf(raw: unknown): number | null {
    try {
        return isRecord(raw) && typeof raw.seq === 'number' && Number.isFinite(raw.seq) ? raw.seq : null;
    } catch {
        return null;
    }
}

export function phaseOf(state: TelephonyState, callId: string): CallPhase {
    return state.calls[callId]?.phase ?? 'idle';
}

/** Applies one raw message from the wire. Never throws. */
export function applyMessage(state: TelephonyState, raw: unknown): ApplyResult {
    let checked: Checked<ValidMessage>;
    try {
        checked = validateMessage(raw);
    } catch {
        // A hostile object (throwing getter, proxy) is one more malformed message.
        checked = { ok: false, reason: 'unreadable message' };
    }
    if (!checked.ok) {
        return reject(state, raw, checked.reason, seqOf(raw));
    }
    const message = checked.value;
    switch (message.kind) {
        case 'snapshot': {
            // The snapshot names the agent: an echo of their own presence replayed before it is not a colleague's.
            const colleagues = { ...state.colleagues };
            delete colleagues[message.agentId];
            const merged = applyCalls({ ...state, presence: message.presence, agentId: message.agentId, colleagues, needsResync: false }, message.activeCalls);
            const next = { ...merged.state, lastSeq: Math.max(merged.state.lastSeq, message.lastSeq) };
            const effects: Effect[] = message.gap ? [...merged.effects, { kind: 'resync' }] : merged.effects;
            return { state: next, status: 'control', effects, message };
        }
        case 'heartbeat': {
            const behind = message.lastSeq > state.lastSeq;
            return { state: behind ? { ...state, needsResync: true } : state, status: 'control', effects: behind ? [{ kind: 'resync' }] : [], message };
        }
        case 'pong':
        case 'error':
            return { state, status: 'control', effects: [], message };
        default:
            break;
    }
    if (state.seenIds.includes(message.id)) {
        return { state: { ...state, duplicatesTotal: state.duplicatesTotal + 1 }, status: 'duplicate', effects: [], message };
    }
    const remembered = { ...state, ...rememberId(state, message.id, message.seq) };
    // A seq gap asks for one resync, whatever the event (the client acts on the effect, not on the flag).
    const gap: Effect[] = remembered.needsResync && !state.needsResync ? [{ kind: 'resync' }] : [];
    if (message.kind === 'presence') {
        if (message.userId === state.agentId) {
            // The agent's own presence changed (their status picker, another device, Diamy itself).
            return { state: { ...remembered, presence: message.presence }, status: 'applied', effects: gap, message };
        }
        const colleagues = { ...state.colleagues, [message.userId]: message.presence };
        return { state: { ...remembered, colleagues }, status: 'applied', effects: gap, message };
    }
    if (message.kind === 'voicemail') {
        const effects: Effect[] = [{ kind: 'voicemail', voicemailId: message.voicemailId, callId: message.callId }, ...gap];
        const view = state.calls[message.callId];
        if (!view) {
            return { state: remembered, status: 'applied', effects, message };
        }
        const updated: CallView = { ...view, voicemailId: message.voicemailId };
        return { state: { ...remembered, calls: { ...state.calls, [view.call.id]: updated } }, status: 'applied', effects, message };
    }
    const result = applyCallEvent(remembered, message);
    const stateAfter = result.resync ? { ...result.state, needsResync: true } : result.state;
    if (result.status === 'stale') {
        return { state: { ...stateAfter, staleTotal: stateAfter.staleTotal + 1 }, status: 'stale', effects: gap, message, reason: result.reason };
    }
    const effects: Effect[] = [...result.effects, ...(stateAfter.needsResync && !state.needsResync ? [{ kind: 'resync' } as Effect] : [])];
    return { state: stateAfter, status: 'applied', effects, message };
}

interface CallEventOutcome {
    state: TelephonyState;
    status: 'applied' | 'stale';
    effects: Effect[];
    resync: boolean;
    reason?: string;
}

function applyCallEvent(state: TelephonyState, message: Extract<ValidMessage, { kind: 'call' }>): CallEventOutcome {
    const current = state.calls[message.call.id];
    if (current && message.seq < current.lastSeq) {
        return { state, status: 'stale', effects: [], resync: false, reason: `${message.type} older than the call's last event` };
    }
    if (current && (current.phase === 'ended' || current.phase === 'wrap_up') && message.call.state !== 'ended') {
        return { state, status: 'stale', effects: [], resync: false, reason: `${message.type} after the call ended` };
    }
    const merged = applyCalls(state, [message.call, ...message.related], message.seq, message.timestamp);
    const to = phaseOfCall(message.call);
    const from = current?.phase ?? 'idle';
    // Same phase (mute, DTMF, notes, a repeated state) is always expected.
    const expected = from === to || ALLOWED_FROM[to].includes(from);
    return { state: merged.state, status: 'applied', effects: merged.effects, resync: !expected };
}

/** The consultation a consult leg's resource describes; `mergedAt` as known (null when not seen live). */
export function consultLegOf(leg: Call, mergedAt: string | null = null): ConsultLeg {
    return {
        callId: leg.id,
        party: otherPartyOf(leg),
        startedAt: leg.started_at,
        answeredAt: leg.answered_at,
        endedAt: leg.ended_at,
        endReason: leg.end_reason,
        transferred: leg.transferred,
        conferenced: leg.conferenced || leg.conference_id !== null,
        mergedAt
    };
}

/** Records a consult leg's resource under the call it consults for (`at`: when the event that carried it happened). */
function trackConsult(consults: Record<string, readonly ConsultLeg[]>, leg: Call, at: string | null): void {
    const parentId = leg.parent_call_id;
    if (parentId === null) {
        return;
    }
    const known = consults[parentId] ?? [];
    const before = known.find((item) => item.callId === leg.id);
    const inConference = leg.conferenced || leg.conference_id !== null;
    const entry = consultLegOf(leg, before?.mergedAt ?? (inConference ? at : null));
    const updated = before ? known.map((item) => (item.callId === leg.id ? entry : item)) : [...known, entry];
    consults[parentId] = updated.length > MAX_CONSULTS ? updated.slice(updated.length - MAX_CONSULTS) : updated;
}

/**
 * Merges Call resources (from an event, a REST answer or a snapshot). A resource never moves a finished call
 * back to live, and an ended call yields exactly one `call-ended` effect, the first time it is seen ended.
 * A consult leg's resource is also recorded under the call it consults for (`at`: the event's time, when known).
 */
export function applyCalls(state: TelephonyState, calls: readonly Call[], seq = 0, at: string | null = null): { state: TelephonyState; effects: Effect[] } {
    const next: Record<string, CallView> = { ...state.calls };
    const consults: Record<string, readonly ConsultLeg[]> = { ...state.consults };
    const effects: Effect[] = [];
    for (const call of calls) {
        const current = next[call.id];
        const finished = current && (current.phase === 'ended' || current.phase === 'wrap_up');
        if (finished && call.state !== 'ended') {
            continue;
        }
        if (current && seq > 0 && seq < current.lastSeq) {
            continue;
        }
        const phase = phaseOfCall(call);
        const view: CallView = { call, phase, lastSeq: Math.max(current?.lastSeq ?? 0, seq), voicemailId: current?.voicemailId ?? null };
        trackConsult(consults, call, at);
        if (finished && current) {
            // Keep the phase the agent is in (wrap-up or dismissed), take the newer resource.
            next[call.id] = { ...view, phase: current.phase === 'ended' ? 'ended' : phase };
            continue;
        }
        next[call.id] = view;
        if (phase === 'wrap_up' || phase === 'ended') {
            effects.push({ kind: 'call-ended', view });
        }
    }
    const changedConsults = calls.some((call) => call.parent_call_id !== null);
    return { state: { ...state, calls: next, ...(changedConsults ? { consults } : {}) }, effects };
}

/** Local: the agent asked to dial; shown as "dialing" until Diamy answers with the call (or refuses). */
export function startDial(state: TelephonyState, pendingId: string, to: string, agentId: string, at: string): TelephonyState {
    const call: Call = {
        id: pendingId,
        direction: 'outbound',
        from: { number: '', name: null, withheld: false, user_id: null },
        to: { number: to, name: null, withheld: false, user_id: null },
        state: 'ringing',
        status: null,
        duration: 0,
        wait_duration: 0,
        timestamp: at,
        started_at: at,
        answered_at: null,
        ended_at: null,
        end_reason: null,
        recording_url: null,
        notes: null,
        tags: [],
        agent_id: agentId,
        line: null,
        queue: null,
        muted: false,
        dtmf: '',
        transferred: false,
        conferenced: false,
        parent_call_id: null,
        consult_call_id: null,
        conference_id: null,
        peer_call_id: null
    };
    return { ...state, calls: { ...state.calls, [pendingId]: { call, phase: 'dialing', lastSeq: 0, voicemailId: null } } };
}

/** Local: the dial request finished; the pending entry gives way to the real call (if any). */
export function finishDial(state: TelephonyState, pendingId: string, call: Call | null): { state: TelephonyState; effects: Effect[] } {
    const calls = { ...state.calls };
    delete calls[pendingId];
    const without = { ...state, calls };
    return call ? applyCalls(without, [call]) : { state: without, effects: [] };
}

/** Local action: the agent finished wrap-up; the call leaves the screen. */
export function completeWrapUp(state: TelephonyState, callId: string): TelephonyState {
    const view = state.calls[callId];
    if (!view || view.phase !== 'wrap_up') {
        return state;
    }
    return { ...state, calls: { ...state.calls, [callId]: { ...view, phase: 'ended' } } };
}

/**
 * When the after-call work of a call started: the end of a call waiting for its wrap-up (phase `wrap_up`), else null
 * (still on the line, never answered, wrapped up, or unknown here — a wrap-up restored after a reload keeps its own).
 */
export function wrapUpStartedAt(state: TelephonyState, callId: string): string | null {
    const view = state.calls[callId];
    return view && view.phase === 'wrap_up' ? view.call.ended_at : null;
}

/** Whole seconds of after-call work from `endedAt` (the call's end) to `nowMs`; 0 without a valid end or before it. */
export function afterCallWorkSeconds(endedAt: string | null, nowMs: number): number {
    const start = endedAt === null ? Number.NaN : Date.parse(endedAt);
    if (!Number.isFinite(start) || !Number.isFinite(nowMs) || nowMs < start) {
        return 0;
    }
    return Math.floor((nowMs - start) / 1000);
}

/** Forgets dismissed calls (they are in the log queue by then), keeping the state small. */
export function pruneEnded(state: TelephonyState): TelephonyState {
    const calls: Record<string, CallView> = {};
    for (const [id, view] of Object.entries(state.calls)) {
        if (view.phase !== 'ended') {
            calls[id] = view;
        }
    }
    return { ...state, calls };
}

/** The phase the UI shows: the most important call, else idle. */
export function sessionPhase(state: TelephonyState): CallPhase {
    const order: CallPhase[] = ['conferencing', 'consulting', 'connected', 'on_hold', 'ringing_in', 'ringing_out', 'dialing', 'wrap_up'];
    const phases = Object.values(state.calls).map((view) => view.phase);
    return order.find((phase) => phases.includes(phase)) ?? 'idle';
}

export function liveCalls(state: TelephonyState): CallView[] {
    return Object.values(state.calls).filter((view) => LIVE_PHASES.includes(view.phase) && view.phase !== 'dialing');
}

const OUTCOMES: Record<CallStatus, CallOutcome> = {
    answered: 'Answered',
    missed: 'Missed',
    voicemail: 'Voicemail',
    busy: 'Busy',
    no_answer: 'No_Answer',
    failed: 'Failed',
    abandoned: 'Abandoned'
};
const RECORD_DIRECTIONS: Record<CallDirection, RecordDirection> = { inbound: 'Inbound', outbound: 'Outbound', internal: 'Internal' };

/**
 * A party as the call record takes it: a withheld caller has no number (saved blank), and `agent` marks the side
 * that is the agent who owns the call, so the record names the other side (the colleague on an internal call).
 */
function recordParty(party: Party, call: Call): CallParty {
    return { number: party.number ?? '', e164: party.number, name: party.name, agent: party.user_id !== null && party.user_id === call.agent_id };
}

function timeOf(value: string | null): number {
    return value === null ? Number.NaN : Date.parse(value);
}

/** How one consultation of `call` ended, and until when it counts as consulting (epoch ms). */
function consultOutcomeOf(call: Call, leg: ConsultLeg): { outcome: ConsultOutcome; until: number } {
    const start = timeOf(leg.startedAt);
    const legEnd = timeOf(leg.endedAt);
    const callEnd = Number.isFinite(timeOf(call.ended_at)) ? timeOf(call.ended_at) : Number.isFinite(legEnd) ? legEnd : start;
    const answered = leg.answeredAt !== null;
    if (leg.conferenced || leg.mergedAt !== null) {
        // Merged: consulting until the merge (unknown when not seen live: until the party answered).
        return { outcome: 'Merged', until: timeOf(leg.mergedAt ?? leg.answeredAt ?? leg.startedAt) };
    }
    const openAtEnd = !(legEnd <= callEnd);
    if (leg.transferred || leg.endReason === 'transferred' || (openAtEnd && answered && call.end_reason === 'transferred')) {
        return { outcome: 'Transferred', until: callEnd };
    }
    if (!openAtEnd) {
        return { outcome: answered ? 'Cancelled' : 'Not_Answered', until: legEnd };
    }
    // Still open when the customer call ended.
    return { outcome: call.end_reason === 'remote_hangup' ? 'Caller_Hung_Up' : answered ? 'Cancelled' : 'Not_Answered', until: callEnd };
}

/**
 * What the record of an ended call says about its consultations (null without any): the last consulted party (name,
 * else number), the seconds of every consultation from its start until it was resolved (transfer, merge, cancel,
 * the party's or the customer's hang-up), and the last one's outcome.
 */
export function consultSummary(call: Call, legs: readonly ConsultLeg[]): ConsultSummary | null {
    const ordered = [...legs].sort((a, b) => timeOf(a.startedAt) - timeOf(b.startedAt));
    const last = ordered[ordered.length - 1];
    if (!last) {
        return null;
    }
    let milliseconds = 0;
    let outcome: ConsultOutcome = 'Not_Answered';
    for (const leg of ordered) {
        const result = consultOutcomeOf(call, leg);
        const spent = result.until - timeOf(leg.startedAt);
        milliseconds += Number.isFinite(spent) && spent > 0 ? spent : 0;
        outcome = result.outcome;
    }
    return { party: last.party.name ?? last.party.number, seconds: Math.round(milliseconds / 1000), outcome };
}

/**
 * Turns an ended call into the input of c/diamyCallRecord (which validates it again before any save), with the
 * consultations opened on it. A consult leg (`parent_call_id` set) gives null: it is recorded on its call's record.
 */
export function toCompletedCall(call: Call, agentUserId: string | null = null, consults: readonly ConsultLeg[] = []): CompletedCall | null {
    if (call.state !== 'ended' || call.ended_at === null || call.status === null || call.parent_call_id !== null) {
        return null;
    }
    const consult = consultSummary(call, consults);
    // A status outside the table (a Call built without validateCall) gets the same safe outcome validateCall gives.
    const outcome = (OUTCOMES as Partial<Record<string, CallOutcome>>)[call.status] ?? (call.answered_at === null ? 'Failed' : 'Answered');
    return {
        diamyCallId: call.id,
        direction: RECORD_DIRECTIONS[call.direction],
        outcome,
        from: recordParty(call.from, call),
        to: recordParty(call.to, call),
        startedAt: call.started_at,
        answeredAt: outcome === 'Answered' ? call.answered_at : null,
        endedAt: call.ended_at,
        agentUserId,
        line: call.line,
        queue: call.queue,
        recordingUrl: call.recording_url,
        transferred: call.transferred,
        conferenced: call.conferenced,
        ...(consult ? { consult } : {}),
        source: 'Softphone'
    };
}

/** Invariants that must hold after any sequence of messages; returns the broken ones (empty = consistent). */
export function checkInvariants(state: TelephonyState): string[] {
    const broken: string[] = [];
    if (state.rejected.length > MAX_REJECTED) {
        broken.push('rejected list is unbounded');
    }
    if (state.seenIds.length > ID_WINDOW) {
        broken.push('event id window is unbounded');
    }
    if (!isOneOf(PRESENCES, state.presence)) {
        broken.push('presence is invalid');
    }
    for (const [id, legs] of Object.entries(state.consults)) {
        if (legs.length > MAX_CONSULTS) {
            broken.push(`call ${id} keeps more than ${MAX_CONSULTS} consultations`);
        }
    }
    for (const [id, view] of Object.entries(state.calls)) {
        if (id !== view.call.id) {
            broken.push(`call ${id} is stored under another id`);
        }
        if (!isOneOf(CALL_PHASES, view.phase) || view.phase === 'idle') {
            broken.push(`call ${id} has phase ${String(view.phase)}`);
        }
        const finished = view.phase === 'wrap_up' || view.phase === 'ended';
        if (view.phase !== 'dialing' && finished !== (view.call.state === 'ended')) {
            broken.push(`call ${id}: phase ${view.phase} but state ${view.call.state}`);
        }
        if (view.phase === 'wrap_up' && view.call.answered_at === null) {
            broken.push(`call ${id}: wrap-up without having been answered`);
        }
        if (view.call.ended_at !== null && Date.parse(view.call.ended_at) < Date.parse(view.call.started_at)) {
            broken.push(`call ${id}: ends before it starts`);
        }
    }
    return broken;
}
