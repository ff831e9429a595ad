/**
 * The message contract between the softphone (utility bar) and the record components (click-to-dial, call history,
 * caller context card), carried by the Lightning Message Service channel Diamy_Phone__c in application scope
 * (docs/PHONE-CHANNEL.md). Every message is a plain object `{ v: 1, type, ... }`; a receiver reads it with
 * readPhoneMessage and ignores anything malformed, of another version or of an unknown type.
 *
 * Requests (ping, dial, note, recording) carry a `requestId`; the softphone answers with the same id in `replyTo`.
 * The softphone also publishes `state` on its own whenever its availability or current call changes, so a component
 * that pinged once stays current. Over a pub/sub channel every subscriber hears every message, its own included:
 * each side keeps to the types it handles.
 *
 * SoftphoneLink is the record components' side: ping with a timeout (no answer = no softphone on this page), the
 * last state heard, and requests that resolve with the softphone's answer or a timeout.
 */
import type { RelatedRecords } from 'c/diamyCallRecord';

export const PHONE_CHANNEL_VERSION = 1;

/** How long a component waits for the softphone's answer before saying there is none. */
export const PING_TIMEOUT_MS = 2500;
export const REQUEST_TIMEOUT_MS = 8000;

/** What the softphone can do now, from a record component's point of view. */
export type SoftphoneAvailability =
    /** Connected, no call: a dial request is placed at once. */
    | 'ready'
    /** Starting, or reconnecting to Diamy. */
    | 'connecting'
    /** Not connected (no token, Diamy unreachable). */
    | 'offline'
    /** Ringing, on a call or wrapping up. */
    | 'on_call'
    /** Another browser tab owns the phone; this tab's softphone only mirrors it. */
    | 'other_tab';

export const AVAILABILITIES: readonly SoftphoneAvailability[] = ['ready', 'connecting', 'offline', 'on_call', 'other_tab'];

/** The softphone's current call, as the record components show it. */
export type CurrentCallPhase = 'ringing' | 'dialing' | 'connected' | 'on_hold' | 'wrap_up';
export const CURRENT_CALL_PHASES: readonly CurrentCallPhase[] = ['ringing', 'dialing', 'connected', 'on_hold', 'wrap_up'];

export interface CurrentCall {
    /** Diamy's call id. */
    callId: string;
    direction: 'inbound' | 'outbound' | 'internal';
    phase: CurrentCallPhase;
    /** The other party's name as Diamy or the matched record gives it ('' when unknown). */
    name: string;
    /** The other party's number, as dialled or presented ('' when withheld or internal). */
    number: string;
    withheld: boolean;
    /** When the call was answered (ISO 8601), null before. */
    answeredAt: string | null;
    /** The records the call will be logged against (from click-to-dial or the caller popup). */
    related: RelatedRecords;
}

/** Why a dial request, a note or a recording request was not done. */
export type PhoneRefusal =
    | SoftphoneAvailability
    /** No softphone answered in time (none on this page, or it is still loading). */
    | 'no_softphone'
    | 'invalid_number'
    | 'invalid_request'
    | 'no_call'
    | 'failed';

export interface PingMessage {
    v: 1;
    type: 'ping';
    requestId: string;
}
export interface StateMessage {
    v: 1;
    type: 'state';
    /** The ping this answers; null when the softphone publishes a change on its own. */
    replyTo: string | null;
    availability: SoftphoneAvailability;
    call: CurrentCall | null;
}
export interface DialMessage {
    v: 1;
    type: 'dial';
    requestId: string;
    /** The number as stored on the record (the softphone reads it for the agent's country). */
    number: string;
    /** The name to show while it rings (the record's name). */
    name: string;
    related: RelatedRecords;
}
export interface NoteMessage {
    v: 1;
    type: 'note';
    requestId: string;
    callId: string;
    /** Added to the call's wrap-up notes (on a new line). */
    text: string;
    /** A follow-up task asked for from the record page (subject, due date YYYY-MM-DD); null for a note only. */
    followUp: { subject: string; dueDate: string } | null;
}
export interface RecordingMessage {
    v: 1;
    type: 'recording';
    requestId: string;
    diamyCallId: string;
}
/** The softphone's answer to dial, note and recording requests. */
export interface ResultMessage {
    v: 1;
    type: 'result';
    replyTo: string;
    ok: boolean;
    reason: PhoneRefusal | null;
    /** What the agent reads when it failed (a Custom Label, already localised); '' when ok. */
    message: string;
    /** dial: the call placed. */
    callId?: string;
    /** recording: a short-lived signed link to play (no token in it but its own signature), and when it expires. */
    url?: string;
    expiresAt?: string;
}
/** A call was written to Diamy_Call__c (created or its wrap-up saved): call histories refresh. */
export interface LoggedMessage {
    v: 1;
    type: 'logged';
    diamyCallId: string;
    related: RelatedRecords;
}

export type PhoneMessage = PingMessage | StateMessage | DialMessage | NoteMessage | RecordingMessage | ResultMessage | LoggedMessage;
export type PhoneRequest = DialMessage | NoteMessage | RecordingMessage;

const REFUSALS: readonly PhoneRefusal[] = [...AVAILABILITIES, 'no_softphone', 'invalid_number', 'invalid_request', 'no_call', 'failed'];

const RELATED_KEYS: readonly (keyof RelatedRecords)[] = ['contactId', 'leadId', 'accountId', 'opportunityId', 'caseId', 'campaignId', 'campaignMemberId'];
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const MAX_TEXT = 32000;
const MAX_ID = 128;

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function text(value: unknown, max = MAX_ID): string | null {
    return typeof value === 'string' && value.length <= max ? value : null;
}
function id(value: unknown): string | null {
    const read = text(value);
    return read && read.trim() !== '' ? read : null;
}
function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
    return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Related record ids: Salesforce ids only, unknown keys dropped; null when the value is not an object or an id is malformed. */
export function readRelated(value: unknown): RelatedRecords | null {
    if (value === undefined || value === null) {
        return {};
    }
    if (!isObject(value)) {
        return null;
    }
    const related: RelatedRecords = {};
    for (const key of RELATED_KEYS) {
        const raw = value[key];
        if (raw === undefined || raw === null || raw === '') {
            continue;
        }
        if (typeof raw !== 'string' || !SALESFORCE_ID.test(raw)) {
            return null;
        }
        related[key] = raw;
    }
    return related;
}

function readCurrentCall(value: unknown): CurrentCall | null | undefined {
    if (value === null) {
        return null;
    }
    if (!isObject(value)) {
        return undefined;
    }
    const callId = id(value.callId);
    const direction = oneOf(value.direction, ['inbound', 'outbound', 'internal'] as const);
    const phase = oneOf(value.phase, CURRENT_CALL_PHASES);
    const name = text(value.name, 255);
    const number = text(value.number, 64);
    const related = readRelated(value.related);
    const answeredAt = value.answeredAt === null ? null : text(value.answeredAt, 64);
    if (!callId || !direction || !phase || name === null || number === null || !related || answeredAt === undefined) {
        return undefined;
    }
    if (answeredAt !== null && Number.isNaN(Date.parse(answeredAt))) {
        return undefined;
    }
    return { callId, direction, phase, name, number, withheld: value.withheld === true, answeredAt, related };
}

function readFollowUp(value: unknown): NoteMessage['followUp'] | undefined {
    if (value === null || value === undefined) {
        return null;
    }
    if (!isObject(value)) {
        return undefined;
    }
    const subject = text(value.subject, 255);
    const dueDate = text(value.dueDate, 10);
    return subject === null || dueDate === null ? undefined : { subject, dueDate };
}

/** A message from the channel, checked field by field; null for anything this version does not understand. */
export function readPhoneMessage(value: unknown): PhoneMessage | null {
    if (!isObject(value) || value.v !== PHONE_CHANNEL_VERSION) {
        return null;
    }
    switch (value.type) {
        case 'ping': {
            const requestId = id(value.requestId);
            return requestId ? { v: 1, type: 'ping', requestId } : null;
        }
        case 'state': {
            const availability = oneOf(value.availability, AVAILABILITIES);
            const call = readCurrentCall(value.call);
            const replyTo = value.replyTo === null || value.replyTo === undefined ? null : id(value.replyTo);
            if (!availability || call === undefined || (replyTo === null && value.replyTo !== null && value.replyTo !== undefined)) {
                return null;
            }
            return { v: 1, type: 'state', replyTo, availability, call };
        }
        case 'dial': {
            const requestId = id(value.requestId);
            const number = text(value.number, 64);
            const name = value.name === undefined ? '' : text(value.name, 255);
            const related = readRelated(value.related);
            if (!requestId || !number || number.trim() === '' || name === null || !related) {
                return null;
            }
            return { v: 1, type: 'dial', requestId, number, name, related };
        }
        case 'note': {
            const requestId = id(value.requestId);
            const callId = id(value.callId);
            const note = text(value.text, MAX_TEXT);
            const followUp = readFollowUp(value.followUp);
            if (!requestId || !callId || note === null || followUp === undefined) {
                return null;
            }
            return { v: 1, type: 'note', requestId, callId, text: note, followUp };
        }
        case 'recording': {
            const requestId = id(value.requestId);
            const diamyCallId = id(value.diamyCallId);
            return requestId && diamyCallId ? { v: 1, type: 'recording', requestId, diamyCallId } : null;
        }
        case 'result': {
            const replyTo = id(value.replyTo);
            const reason = value.reason === null || value.reason === undefined ? null : oneOf(value.reason, REFUSALS);
            const message = value.message === undefined ? '' : text(value.message, 1000);
            if (!replyTo || typeof value.ok !== 'boolean' || message === null) {
                return null;
            }
            if (reason === null && value.reason !== null && value.reason !== undefined) {
                return null;
            }
            const result: ResultMessage = { v: 1, type: 'result', replyTo, ok: value.ok, reason, message };
            const callId = id(value.callId);
            if (callId) {
                result.callId = callId;
            }
            const url = text(value.url, 4096);
            if (url && /^https?:\/\//i.test(url)) {
                result.url = url;
            }
            const expiresAt = text(value.expiresAt, 64);
            if (expiresAt) {
                result.expiresAt = expiresAt;
            }
            return result;
        }
        case 'logged': {
            const diamyCallId = id(value.diamyCallId);
            const related = readRelated(value.related);
            return diamyCallId && related ? { v: 1, type: 'logged', diamyCallId, related } : null;
        }
        default:
            return null;
    }
}

/** True when the related records name this record (a history or a card follows calls of its record). */
export function relatesTo(related: RelatedRecords, recordId: string | null | undefined): boolean {
    if (!recordId) {
        return false;
    }
    const short = recordId.slice(0, 15);
    return RELATED_KEYS.some((key) => {
        const value = related[key];
        return typeof value === 'string' && value.slice(0, 15) === short;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// The record components' side

/** The channel as SoftphoneLink uses it (the component binds it to lightning/messageService). */
export interface PhoneChannelPort {
    publish(message: PhoneMessage): void;
    /** Subscribes in application scope; returns the unsubscribe function. */
    subscribe(listener: (message: unknown) => void): () => void;
}

export interface SoftphoneLinkOptions {
    pingTimeoutMs?: number;
    requestTimeoutMs?: number;
    newId?: () => string;
    setTimer?: (callback: () => void, ms: number) => unknown;
    clearTimer?: (timer: unknown) => void;
}

/** What a record component knows of the softphone: 'unknown' while the first ping waits, 'none' when nobody answered. */
export interface SoftphoneView {
    availability: SoftphoneAvailability | 'unknown' | 'none';
    call: CurrentCall | null;
}

export type PhoneResult = Pick<ResultMessage, 'ok' | 'reason' | 'message' | 'callId' | 'url' | 'expiresAt'>;

let sequence = 0;
function defaultId(): string {
    sequence += 1;
    return `req_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}_${sequence}`;
}

export class SoftphoneLink {
    private readonly port: PhoneChannelPort;
    private readonly pingTimeoutMs: number;
    private readonly requestTimeoutMs: number;
    private readonly newId: () => string;
    private readonly setTimer: (callback: () => void, ms: number) => unknown;
    private readonly clearTimer: (timer: unknown) => void;
    private readonly pending = new Map<string, { resolve: (result: PhoneResult) => void; timer: unknown }>();
    private readonly viewListeners = new Set<(view: SoftphoneView) => void>();
    private readonly loggedListeners = new Set<(message: LoggedMessage) => void>();
    private unsubscribe: (() => void) | null = null;
    private pingId: string | null = null;
    private pingTimer: unknown = null;
    private viewValue: SoftphoneView = { availability: 'unknown', call: null };

    constructor(port: PhoneChannelPort, options: SoftphoneLinkOptions = {}) {
        this.port = port;
        this.pingTimeoutMs = options.pingTimeoutMs ?? PING_TIMEOUT_MS;
        this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
        this.newId = options.newId ?? defaultId;
        this.setTimer = options.setTimer ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
        this.clearTimer = options.clearTimer ?? ((timer) => globalThis.clearTimeout(timer as number));
    }

    get view(): SoftphoneView {
        return this.viewValue;
    }

    /** Subscribes and pings; a softphone that starts later is heard when it publishes its first state. */
    start(): void {
        if (this.unsubscribe) {
            return;
        }
        this.unsubscribe = this.port.subscribe((message) => this.receive(message));
        this.ping();
    }

    stop(): void {
        this.unsubscribe?.();
        this.unsubscribe = null;
        if (this.pingTimer !== null) {
            this.clearTimer(this.pingTimer);
            this.pingTimer = null;
        }
        for (const [requestId, entry] of this.pending) {
            this.clearTimer(entry.timer);
            entry.resolve(refused('no_softphone'));
            this.pending.delete(requestId);
        }
    }

    /** Asks the softphone for its state; without an answer in time the view says 'none'. */
    ping(): void {
        if (this.pingTimer !== null) {
            this.clearTimer(this.pingTimer);
        }
        const requestId = this.newId();
        this.pingId = requestId;
        this.pingTimer = this.setTimer(() => {
            this.pingTimer = null;
            if (this.pingId === requestId) {
                this.pingId = null;
                this.setView({ availability: 'none', call: null });
            }
        }, this.pingTimeoutMs);
        this.port.publish({ v: 1, type: 'ping', requestId });
    }

    onView(listener: (view: SoftphoneView) => void): () => void {
        this.viewListeners.add(listener);
        listener(this.viewValue);
        return () => this.viewListeners.delete(listener);
    }

    onLogged(listener: (message: LoggedMessage) => void): () => void {
        this.loggedListeners.add(listener);
        return () => this.loggedListeners.delete(listener);
    }

    /** Asks the softphone to dial; resolves with its answer, or 'no_softphone' when nobody answered in time. */
    dial(number: string, name: string, related: RelatedRecords): Promise<PhoneResult> {
        return this.request((requestId) => ({ v: 1, type: 'dial', requestId, number, name, related }));
    }

    /** Adds a note (and optionally a follow-up task) to the wrap-up of the softphone's current call. */
    addNote(callId: string, note: string, followUp: NoteMessage['followUp']): Promise<PhoneResult> {
        return this.request((requestId) => ({ v: 1, type: 'note', requestId, callId, text: note, followUp }));
    }

    /** A short-lived link to play a call's recording (the softphone asks Diamy with its own token). */
    recording(diamyCallId: string): Promise<PhoneResult> {
        return this.request((requestId) => ({ v: 1, type: 'recording', requestId, diamyCallId }));
    }

    private request(build: (requestId: string) => PhoneRequest): Promise<PhoneResult> {
        if (!this.unsubscribe) {
            return Promise.resolve(refused('no_softphone'));
        }
        const requestId = this.newId();
        return new Promise<PhoneResult>((resolve) => {
            const timer = this.setTimer(() => {
                if (this.pending.delete(requestId)) {
                    resolve(refused('no_softphone'));
                }
            }, this.requestTimeoutMs);
            this.pending.set(requestId, { resolve, timer });
            this.port.publish(build(requestId));
        });
    }

    private receive(raw: unknown): void {
        const message = readPhoneMessage(raw);
        if (!message) {
            return;
        }
        if (message.type === 'state') {
            // Any state (an answer to this ping, to another component's, or a change) says a softphone is there.
            this.pingId = null;
            if (this.pingTimer !== null) {
                this.clearTimer(this.pingTimer);
                this.pingTimer = null;
            }
            this.setView({ availability: message.availability, call: message.call });
        } else if (message.type === 'result') {
            const entry = this.pending.get(message.replyTo);
            if (entry) {
                this.pending.delete(message.replyTo);
                this.clearTimer(entry.timer);
                const { ok, reason, message: said, callId, url, expiresAt } = message;
                entry.resolve({ ok, reason, message: said, callId, url, expiresAt });
            }
        } else if (message.type === 'logged') {
            for (const listener of [...this.loggedListeners]) {
                listener(message);
            }
        }
    }

    private setView(view: SoftphoneView): void {
        this.viewValue = view;
        for (const listener of [...this.viewListeners]) {
            listener(view);
        }
    }
}

function refused(reason: PhoneRefusal): PhoneResult {
    return { ok: false, reason, message: '' };
}
