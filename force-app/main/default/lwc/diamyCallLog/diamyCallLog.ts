/**
 * Call logging with nothing lost and nothing doubled.
 *
 * - A finished call is first written to a persistent local queue (localStorage: survives a reload), then saved
 *   as a Diamy_Call__c through Lightning Data Service (createRecord), and the wrap-up later with updateRecord.
 * - The queue holds caller data, so it is kept per org and user (`diamy.callLog.<org>.<user>`), holds only what
 *   the saves need (no caller data once the call is saved), forgets what is older than 7 days, and drops what
 *   belongs to another user. Every write re-reads the stored queue and merges it, so two loggers on one storage
 *   (two tabs during a handover) never lose each other's work; a stopped logger never writes again.
 * - Diamy_Call_Id__c is a unique external id: a retry or another tab that gets DUPLICATE_VALUE has in fact
 *   succeeded. The record id is taken from the error, else from the ids this browser remembers, else looked up
 *   (GraphQL on Diamy_Call_Id__c, retried: a null answer means "not found yet"); a record the agent still cannot
 *   see after the retries (Private sharing, created by Diamy's server) counts as saved with an unknown id.
 * - Failed saves are retried with exponential backoff and jitter. Non-retryable failures, and failures that
 *   persist past `maxAttempts`, create a Diamy_Integration_Log__c entry (created once: its idempotency key is a
 *   unique external id; agents may not edit log entries) with a redacted payload, and the agent sees a status
 *   with a label — including when the browser storage refuses the queue and it lives in this page only.
 *
 * Every platform call is injected (LDS functions, storage, clock, timers, randomness) so the logic is testable
 * and the fault suite can run it against a fake org that enforces the unique external id.
 */
import { WRAP_UP_FIELDS, toCallRecordInput, toWrapUpValuesUpdate, wrapUpValues } from 'c/diamyCallRecord';
import type { CompletedCall, WrapUp, WrapUpField, WrapUpValues } from 'c/diamyCallRecord';
import { redact } from 'c/diamyRedact';
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';
import LOG_OBJECT from '@salesforce/schema/Diamy_Integration_Log__c';
import LOGGED_AT from '@salesforce/schema/Diamy_Integration_Log__c.Logged_At__c';
import SEVERITY from '@salesforce/schema/Diamy_Integration_Log__c.Severity__c';
import AREA from '@salesforce/schema/Diamy_Integration_Log__c.Area__c';
import MESSAGE from '@salesforce/schema/Diamy_Integration_Log__c.Message__c';
import PAYLOAD from '@salesforce/schema/Diamy_Integration_Log__c.Payload__c';
import RELATED_RECORD from '@salesforce/schema/Diamy_Integration_Log__c.Related_Record_Id__c';
import LOG_CALL_ID from '@salesforce/schema/Diamy_Integration_Log__c.Diamy_Call_Id__c';
import RETRY_COUNT from '@salesforce/schema/Diamy_Integration_Log__c.Retry_Count__c';
import LOG_STATUS from '@salesforce/schema/Diamy_Integration_Log__c.Status__c';
import LOG_SOURCE from '@salesforce/schema/Diamy_Integration_Log__c.Source__c';
import IDEMPOTENCY_KEY from '@salesforce/schema/Diamy_Integration_Log__c.Idempotency_Key__c';
import LABEL_PENDING from '@salesforce/label/c.Diamy_Logging_Pending';
import LABEL_FAILED from '@salesforce/label/c.Diamy_Logging_Failed';
import LABEL_SAVED from '@salesforce/label/c.Diamy_Logging_Saved';
import LABEL_MEMORY_ONLY from '@salesforce/label/c.Diamy_Logging_Memory_Only';

/** The Lightning Data Service functions the logger uses (lightning/uiRecordApi in production). */
export interface LdsApi {
    createRecord(input: RecordInput): Promise<{ id: string }>;
    updateRecord(input: RecordUpdateInput): Promise<{ id: string }>;
    /**
     * Finds the Diamy_Call__c id for a Diamy call id (a GraphQL query in production). null = not found *yet*: the
     * query sees only records the user can see and may lag right after a create, so the logger asks again with
     * its backoff (`lookupAttempts` times) before it concludes the record is invisible to this user.
     */
    findCallRecordId(diamyCallId: string): Promise<string | null>;
}

export interface StorageLike {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
    /** Optional, as in the Web Storage API: with `key(index)`, lets the logger remove other users' stale queues. */
    readonly length?: number;
    key?(index: number): string | null;
}

export interface LoggerOptions {
    lds: LdsApi;
    storage: StorageLike | null;
    /** The Salesforce org id: part of the storage key. */
    orgId?: string | null;
    /** The running user (the agent): part of the storage key; queued calls of any other agent are dropped. */
    agentUserId?: string | null;
    now?: () => number;
    random?: () => number;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
    maxAttempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    /** How many null answers of findCallRecordId before the record counts as invisible (default 4). */
    lookupAttempts?: number;
    /** Queued work older than this is dropped (default 7 days; Diamy's server upsert recovers the calls). */
    maxAgeMs?: number;
    /** Overrides the per-org-and-user key (tests, tools). */
    storageKey?: string;
    source?: string;
    /** A new unique id (the idempotency key of an integration-log entry); default crypto.randomUUID. */
    newId?: () => string;
    /**
     * Told after each write the org accepted (the call record created or found, a wrap-up written), with the Diamy
     * call id: the softphone tells the record pages, whose call histories refresh. A throwing listener is ignored.
     */
    onWritten?: (diamyCallId: string) => void;
}

/** Disposition, notes, callback time and follow-up request values (c/diamyCallRecord WRAP_UP_FIELDS), each merged on its own. */
export type { WrapUpField };

/** A wrap-up value not written yet, stamped with the (logical) time the agent entered it. */
export interface PendingValue {
    value: string | null;
    at: number;
}
export type PendingWrapUp = Partial<Record<WrapUpField, PendingValue>>;
/** Per wrap-up field, the stamp of the newest value written to the record. */
export type WrapUpStamps = Partial<Record<WrapUpField, number>>;

/** A call to create, or a saved call whose wrap-up is still to write. */
export interface CallEntry {
    kind: 'call';
    diamyCallId: string;
    /** The agent the call belongs to (Agent__c); a queue never keeps another agent's calls. */
    agentUserId: string | null;
    /**
     * What createRecord needs, and only that (the CompletedCall fields); null once the call is saved, and for a
     * wrap-up of a call saved earlier (nothing to create).
     */
    call: CompletedCall | null;
    /** The call is known to exist in the org (saved by this browser, or answered DUPLICATE_VALUE). */
    created: boolean;
    recordId: string | null;
    /** Wrap-up fields not written yet; merged field by field (newest stamp wins). */
    wrapUp: PendingWrapUp;
    /** Wrap-up fields already written (a pending value not newer than this is not written again). */
    applied: WrapUpStamps;
    /** findCallRecordId answers of null so far. */
    lookups: number;
    attempts: number;
    nextAttemptAt: number;
    escalated: boolean;
    lastError: string | null;
    /** When the entry was queued (epoch ms): dropped after maxAgeMs. */
    queuedAt: number;
}

/** An integration-log entry to create; `key` is its idempotency key. Queued too, so it is not lost either. */
export interface LogEntry {
    kind: 'log';
    key: string;
    fields: Record<string, string | number | null>;
    attempts: number;
    nextAttemptAt: number;
    queuedAt: number;
}

export type QueueEntry = CallEntry | LogEntry;

/** A call saved from this browser: its record id (null when not visible to the user) and the wrap-up written. */
export interface SavedCall {
    id: string;
    recordId: string | null;
    applied?: WrapUpStamps;
}

export type LogState = 'idle' | 'saving' | 'retrying' | 'failed';
/** `memory-only`: the browser storage is missing or refuses writes; queued calls would not survive a reload. */
export type StorageState = 'ok' | 'memory-only';

export interface LogStatus {
    state: LogState;
    pending: number;
    failedCalls: string[];
    /** What the agent reads (a Custom Label, with the count filled in). */
    message: string;
    storage: StorageState;
    /** The Custom Label Diamy_Logging_Memory_Only when storage is `memory-only`, else null. */
    storageMessage: string | null;
}

/** The first release's key, shared by every user of the browser: its own calls are migrated once, then it is removed. */
export const STORAGE_KEY = 'diamy.callLog';
export const STORAGE_VERSION = 2;
/** Saved calls remembered (their record ids): the most recent ones. */
export const REMEMBERED_SAVED = 200;
export const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
export const LOOKUP_ATTEMPTS = 4;
const FORGOTTEN_KEYS = 1000;
/** Beside each queue, the time it was last written: lets another user's page judge its age without reading it. */
export const STAMP_SUFFIX = '.savedAt';

/** The key of the number stored beside a queue (its last write, epoch ms). */
export function stampKeyOf(queueKey: string): string {
    return `${queueKey}${STAMP_SUFFIX}`;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** A Salesforce id in its 15-character form (15 and 18 characters name the same record); other text as is. */
function idPart(value: string | null | undefined): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (SALESFORCE_ID.test(text)) {
        return text.slice(0, 15);
    }
    return text.replace(/[^A-Za-z0-9_-]/g, '') || 'unknown';
}

/** The storage key of one user's queue in one org: `diamy.callLog.<orgId>.<userId>` (15-character ids). */
export function storageKeyFor(orgId: string | null | undefined, userId: string | null | undefined): string {
    return `${STORAGE_KEY}.${idPart(orgId)}.${idPart(userId)}`;
}

function sameUser(a: string, b: string): boolean {
    return idPart(a) === idPart(b);
}

export type SaveOutcome = { kind: 'saved'; recordId: string } | { kind: 'duplicate'; recordId: string | null } | { kind: 'retry'; error: string } | { kind: 'fatal'; error: string };

const RECORD_ID_IN_MESSAGE = /record with id:\s*([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\b/;
const RETRYABLE_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'REQUEST_RUNNING_TOO_LONG']);

interface UiApiError {
    errorCode?: unknown;
    message?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

/** Every { errorCode, message } found in a UI API error (body.output.errors, body.output.fieldErrors, body[]). */
export function uiApiErrors(error: unknown): { code: string; message: string }[] {
    const found: { code: string; message: string }[] = [];
    const push = (item: unknown): void => {
        if (isRecord(item)) {
            const e = item as UiApiError;
            found.push({ code: typeof e.errorCode === 'string' ? e.errorCode : '', message: typeof e.message === 'string' ? e.message : '' });
        }
    };
    if (!isRecord(error)) {
        return found;
    }
    const body = error.body;
    if (Array.isArray(body)) {
        body.forEach(push);
    } else if (isRecord(body)) {
        const output = body.output;
        if (isRecord(output)) {
            if (Array.isArray(output.errors)) {
                output.errors.forEach(push);
            }
            if (isRecord(output.fieldErrors)) {
                for (const list of Object.values(output.fieldErrors)) {
                    if (Array.isArray(list)) {
                        list.forEach(push);
                    }
                }
            }
        }
        if (typeof body.errorCode === 'string' || typeof body.message === 'string') {
            push(body);
        }
    }
    return found;
}

/** Classifies an LDS failure: duplicate (= already saved), retryable (network, lock, 5xx) or fatal. */
export function classifyError(error: unknown): SaveOutcome {
    const errors = uiApiErrors(error);
    const duplicate = errors.find((e) => e.code === 'DUPLICATE_VALUE' || /DUPLICATE_VALUE|duplicate value found/i.test(e.message));
    if (duplicate) {
        const match = RECORD_ID_IN_MESSAGE.exec(duplicate.message);
        return { kind: 'duplicate', recordId: match ? (match[1] ?? null) : null };
    }
    const status = isRecord(error) && typeof error.status === 'number' ? error.status : 0;
    const summary = errors.map((e) => e.code || e.message).join(', ') || (error instanceof Error ? error.message : `status ${status}`);
    if (errors.some((e) => RETRYABLE_CODES.has(e.code)) || status === 0 || status >= 500 || status === 429 || status === 408) {
        return { kind: 'retry', error: summary };
    }
    return { kind: 'fatal', error: summary };
}

/** Redaction of integration-log payloads and messages: c/diamyRedact (re-exported for existing callers). */
export { redact };

function fieldName(field: { fieldApiName?: string; objectApiName: string }): string {
    return field.fieldApiName ?? field.objectApiName;
}

function format(label: string, ...values: (string | number)[]): string {
    return values.reduce<string>((text, value, index) => text.replace(`{${index}}`, String(value)), label);
}

// ---------------------------------------------------------------------------------------------------------
// The stored queue
// ---------------------------------------------------------------------------------------------------------

interface StoredQueue {
    version: number;
    /** When this queue was last written (epoch ms): another user's page removes it once older than maxAgeMs. */
    savedAt: number;
    entries: QueueEntry[];
    saved: SavedCall[];
}

/** What a stored queue holds, once read. */
export interface QueueSnapshot {
    entries: QueueEntry[];
    saved: SavedCall[];
    savedAt: number | null;
    /** Length of stored text that is not a queue this version reads (null: readable or absent). Never its content. */
    unreadable: number | null;
    /** Entries left out because they were malformed. */
    invalidEntries: number;
}

function emptySnapshot(): QueueSnapshot {
    return { entries: [], saved: [], savedAt: null, unreadable: null, invalidEntries: 0 };
}

function isNumber(value: unknown): value is number {
    return typeof value === 'number' && Number.isFinite(value);
}

function textOrNull(value: unknown): string | null {
    return typeof value === 'string' ? value : null;
}

function timeOrNull(value: unknown): string | null {
    if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? null : value.toISOString();
    }
    return textOrNull(value);
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}

/**
 * A copy of a finished call with the CompletedCall fields only: whatever else the caller's object carries (a
 * Diamy payload, extra party fields) never reaches the storage. Values are not judged here: toCallRecordInput
 * validates them before any save, so a malformed value is copied as it is (or left out if it is not text).
 */
export function storedCall(value: unknown): CompletedCall | null {
    if (!isRecord(value)) {
        return null;
    }
    // `agent` marks the agent's own side (an internal call's record names the colleague): kept, or the record would
    // name the agent themself.
    const party = (raw: unknown): Record<string, unknown> | undefined => {
        return isRecord(raw) && typeof raw.number === 'string'
            ? withoutUndefined({ number: raw.number, e164: textOrNull(raw.e164), name: textOrNull(raw.name), agent: raw.agent === true ? true : undefined })
            : undefined;
    };
    const consult = isRecord(value.consult)
        ? { party: textOrNull(value.consult.party), seconds: isNumber(value.consult.seconds) ? value.consult.seconds : null, outcome: textOrNull(value.consult.outcome) }
        : undefined;
    const stored = value.related;
    const related = isRecord(stored)
        ? withoutUndefined(
              Object.fromEntries(
                  (['contactId', 'leadId', 'accountId', 'opportunityId', 'caseId', 'campaignId', 'campaignMemberId'] as const).map((key) => [key, textOrNull(stored[key]) ?? undefined])
              )
          )
        : undefined;
    const copy = withoutUndefined({
        diamyCallId: textOrNull(value.diamyCallId) ?? '',
        direction: textOrNull(value.direction) ?? undefined,
        outcome: textOrNull(value.outcome) ?? undefined,
        from: party(value.from),
        to: party(value.to),
        startedAt: timeOrNull(value.startedAt) ?? undefined,
        answeredAt: timeOrNull(value.answeredAt),
        endedAt: timeOrNull(value.endedAt) ?? undefined,
        agentUserId: textOrNull(value.agentUserId),
        related,
        line: textOrNull(value.line),
        queue: textOrNull(value.queue),
        recordingUrl: textOrNull(value.recordingUrl),
        transferred: value.transferred === true,
        conferenced: value.conferenced === true,
        consult,
        source: textOrNull(value.source) ?? undefined
    });
    // The shape is CompletedCall's; its values are checked by toCallRecordInput before any save.
    return copy as unknown as CompletedCall;
}

function pendingOf(raw: unknown, defaultAt: number): PendingWrapUp {
    const pending: PendingWrapUp = {};
    if (!isRecord(raw)) {
        return pending;
    }
    for (const field of WRAP_UP_FIELDS) {
        const item = raw[field];
        if (isRecord(item) && isNumber(item.at) && (item.value === null || typeof item.value === 'string')) {
            pending[field] = { value: item.value, at: item.at };
        } else if (item === null || typeof item === 'string') {
            // Version 1 kept the wrap-up as plain values.
            pending[field] = { value: item, at: defaultAt };
        }
    }
    return pending;
}

function stampsOf(raw: unknown): WrapUpStamps {
    const stamps: WrapUpStamps = {};
    if (isRecord(raw)) {
        for (const field of WRAP_UP_FIELDS) {
            const at = raw[field];
            if (isNumber(at)) {
                stamps[field] = at;
            }
        }
    }
    return stamps;
}

function callEntryOf(raw: Record<string, unknown>, queuedAt: number): CallEntry | null {
    if (typeof raw.diamyCallId !== 'string' || typeof raw.created !== 'boolean') {
        return null;
    }
    const call = raw.created || raw.call === null ? null : storedCall(raw.call);
    if (!raw.created && raw.call !== null && !call) {
        return null;
    }
    return {
        kind: 'call',
        diamyCallId: raw.diamyCallId,
        agentUserId: textOrNull(raw.agentUserId) ?? (call ? (call.agentUserId ?? null) : null),
        call,
        created: raw.created,
        recordId: textOrNull(raw.recordId),
        wrapUp: pendingOf(raw.wrapUp, 0),
        applied: stampsOf(raw.applied),
        lookups: isNumber(raw.lookups) ? raw.lookups : 0,
        attempts: raw.attempts as number,
        nextAttemptAt: raw.nextAttemptAt as number,
        escalated: raw.escalated === true,
        lastError: textOrNull(raw.lastError),
        queuedAt: isNumber(raw.queuedAt) ? raw.queuedAt : queuedAt
    };
}

function logEntryOf(raw: Record<string, unknown>, queuedAt: number): LogEntry | null {
    if (typeof raw.key !== 'string' || !isRecord(raw.fields)) {
        return null;
    }
    const fields: Record<string, string | number | null> = {};
    for (const [name, value] of Object.entries(raw.fields)) {
        if (typeof value === 'string' || isNumber(value) || value === null) {
            fields[name] = value;
        }
    }
    return { kind: 'log', key: raw.key, fields, attempts: raw.attempts as number, nextAttemptAt: raw.nextAttemptAt as number, queuedAt: isNumber(raw.queuedAt) ? raw.queuedAt : queuedAt };
}

/** One stored entry, checked and copied field by field (never the object that was parsed); null if malformed. */
function entryOf(raw: unknown, queuedAt: number): QueueEntry | null {
    if (!isRecord(raw) || !isNumber(raw.attempts) || !isNumber(raw.nextAttemptAt)) {
        return null;
    }
    if (raw.kind === 'call') {
        return callEntryOf(raw, queuedAt);
    }
    return raw.kind === 'log' ? logEntryOf(raw, queuedAt) : null;
}

function savedOf(raw: unknown): SavedCall[] {
    if (!Array.isArray(raw)) {
        return [];
    }
    return raw.flatMap((item: unknown): SavedCall[] => {
        if (typeof item === 'string') {
            return [{ id: item, recordId: null }];
        }
        if (isRecord(item) && typeof item.id === 'string') {
            const applied = stampsOf(item.applied);
            return [{ id: item.id, recordId: textOrNull(item.recordId), ...(Object.keys(applied).length > 0 ? { applied } : {}) }];
        }
        return [];
    });
}

/** Reads stored queue text (version 2, or version 1 of the first release). `now` dates entries that carry no date. */
export function parseQueue(raw: string | null, now: number): QueueSnapshot {
    if (raw === null) {
        return emptySnapshot();
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return { ...emptySnapshot(), unreadable: raw.length };
    }
    if (!isRecord(parsed) || (parsed.version !== 1 && parsed.version !== STORAGE_VERSION) || !Array.isArray(parsed.entries)) {
        return { ...emptySnapshot(), unreadable: raw.length };
    }
    const savedAt = isNumber(parsed.savedAt) ? parsed.savedAt : null;
    const entries: QueueEntry[] = [];
    let invalidEntries = 0;
    for (const item of parsed.entries as unknown[]) {
        const entry = entryOf(item, savedAt ?? now);
        if (entry) {
            entries.push(entry);
        } else {
            invalidEntries += 1;
        }
    }
    return { entries, saved: savedOf(parsed.saved), savedAt, unreadable: null, invalidEntries };
}

/** Reads the queue stored under a key; never throws (storage that cannot be read reads as empty). */
export function readQueue(storage: StorageLike | null, key = STORAGE_KEY, now = Date.now()): QueueSnapshot {
    if (!storage) {
        return emptySnapshot();
    }
    try {
        return parseQueue(storage.getItem(key), now);
    } catch {
        return emptySnapshot();
    }
}

function entryKey(entry: QueueEntry): string {
    return entry.kind === 'call' ? `call:${entry.diamyCallId}` : `log:${entry.key}`;
}

function hasPending(entry: CallEntry): boolean {
    return WRAP_UP_FIELDS.some((field) => entry.wrapUp[field] !== undefined);
}

function newestStamps(a: WrapUpStamps | undefined, b: WrapUpStamps | undefined): WrapUpStamps {
    const stamps: WrapUpStamps = {};
    for (const field of WRAP_UP_FIELDS) {
        const at = Math.max(a?.[field] ?? -1, b?.[field] ?? -1);
        if (at >= 0) {
            stamps[field] = at;
        }
    }
    return stamps;
}

/** Forgets pending wrap-up values that are not newer than what was written. */
function dropApplied(entry: CallEntry): void {
    for (const field of WRAP_UP_FIELDS) {
        const pending = entry.wrapUp[field];
        const applied = entry.applied[field];
        if (pending && applied !== undefined && pending.at <= applied) {
            delete entry.wrapUp[field];
        }
    }
}

/** Merges what another logger stored for the same call into this logger's entry (in place: a save may be in flight). */
function mergeCallEntry(own: CallEntry, other: CallEntry): void {
    own.created = own.created || other.created;
    own.call = own.created ? null : (own.call ?? other.call);
    own.recordId = own.recordId ?? other.recordId;
    own.agentUserId = own.agentUserId ?? other.agentUserId;
    for (const field of WRAP_UP_FIELDS) {
        const theirs = other.wrapUp[field];
        const mine = own.wrapUp[field];
        if (theirs && (!mine || theirs.at > mine.at)) {
            own.wrapUp[field] = theirs;
        }
    }
    own.applied = newestStamps(own.applied, other.applied);
    dropApplied(own);
    own.lookups = Math.max(own.lookups, other.lookups);
    own.queuedAt = Math.min(own.queuedAt, other.queuedAt);
}

/** A unique id: crypto.randomUUID where the browser has it, else time and randomness (unique enough for a key). */
function platformId(): string {
    const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    return typeof crypto?.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The browser timer. Retrying a save later is the one legitimate delayed operation here; it is reached through
 * globalThis so that tests inject their own clock and the components never schedule work themselves.
 */
const platformTimer = {
    set: (fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms),
    clear: (handle: unknown): void => globalThis.clearTimeout(handle as number)
};

type Severity = 'Info' | 'Warning' | 'Error' | 'Critical';

/** What the logger found to report while reading or merging the stored queue (written as log entries afterwards). */
interface Findings {
    foreignCalls: number;
    expired: string[];
    unreadable: number[];
    invalidEntries: number;
    legacy: { calls: number; logEntries: number } | null;
}

function noFindings(): Findings {
    return { foreignCalls: 0, expired: [], unreadable: [], invalidEntries: 0, legacy: null };
}

export class CallLogger {
    private readonly lds: LdsApi;
    private readonly storage: StorageLike | null;
    private readonly now: () => number;
    private readonly random: () => number;
    private readonly setTimer: (fn: () => void, ms: number) => unknown;
    private readonly clearTimer: (handle: unknown) => void;
    private readonly maxAttempts: number;
    private readonly baseDelayMs: number;
    private readonly maxDelayMs: number;
    private readonly lookupAttempts: number;
    private readonly maxAgeMs: number;
    private readonly key: string;
    private readonly source: string;
    private readonly newId: () => string;
    private readonly agentUserId: string | null;
    private readonly onWritten: (diamyCallId: string) => void;
    private entries: QueueEntry[] = [];
    /** Saved calls, oldest first (a Map keeps insertion order), at most REMEMBERED_SAVED. */
    private saved = new Map<string, SavedCall>();
    /** Entries this logger removed: a stored copy of them is not taken back (bounded). */
    private readonly forgotten = new Set<string>();
    /** Entry keys of this logger's last successful write: one missing from storage since was removed by another logger. */
    private written = new Set<string>();
    private failed = new Set<string>();
    private timer: unknown = null;
    private running: Promise<void> | null = null;
    private listeners = new Set<(status: LogStatus) => void>();
    private saving = false;
    private stopped = false;
    private storageState: StorageState;
    /** Logical clock of wrap-up stamps: never behind the wall clock nor behind any stamp seen in storage. */
    private stamp = 0;
    private findings: Findings = noFindings();
    private foreignReported = false;

    constructor(options: LoggerOptions) {
        this.lds = options.lds;
        this.storage = options.storage;
        this.now = options.now ?? (() => Date.now());
        this.random = options.random ?? Math.random;
        this.setTimer = options.setTimer ?? platformTimer.set;
        this.clearTimer = options.clearTimer ?? platformTimer.clear;
        this.maxAttempts = options.maxAttempts ?? 6;
        this.baseDelayMs = options.baseDelayMs ?? 1000;
        this.maxDelayMs = options.maxDelayMs ?? 5 * 60 * 1000;
        this.lookupAttempts = Math.max(1, options.lookupAttempts ?? LOOKUP_ATTEMPTS);
        this.maxAgeMs = options.maxAgeMs ?? MAX_AGE_MS;
        this.agentUserId = options.agentUserId ?? null;
        this.key = options.storageKey ?? storageKeyFor(options.orgId, options.agentUserId);
        this.source = options.source ?? 'diamyCallLog';
        this.newId = options.newId ?? platformId;
        this.onWritten = options.onWritten ?? (() => undefined);
        this.storageState = this.storage ? 'ok' : 'memory-only';
        const loaded = this.readStored();
        if (loaded) {
            this.mergeStored(loaded);
        }
        this.migrateLegacy();
        this.removeStaleQueues();
        // A new page (reload, another tab taking over) tries everything queued at once.
        for (const entry of this.entries) {
            entry.nextAttemptAt = 0;
        }
        this.persist();
    }

    /** Queues a finished call (persisted before anything else) and tries to save it at once. */
    logCall(call: CompletedCall): Promise<void> {
        if (this.stopped) {
            return Promise.reject(new Error('The call logger is stopped: this tab no longer logs calls'));
        }
        const copy = storedCall(call);
        const id = copy ? copy.diamyCallId.trim() : '';
        if (id !== '' && (this.saved.has(id) || this.findCall(id))) {
            return this.flush();
        }
        const input = copy ? toCallRecordInput(copy) : null;
        if (!copy || !input || !input.ok) {
            // Never savable: not queued (no caller data kept), reported once.
            this.failed.add(id);
            this.enqueueLog('Error', `Call ${id || '(no id)'} could not be saved: invalid data`, null, { problems: input && !input.ok ? input.problems : ['not a call'], call: copy }, 0, id, 'Failed');
            this.persist();
            return this.flush();
        }
        this.entries.push({
            kind: 'call',
            diamyCallId: id,
            agentUserId: copy.agentUserId ?? null,
            call: copy,
            created: false,
            recordId: null,
            wrapUp: {},
            applied: {},
            lookups: 0,
            attempts: 0,
            nextAttemptAt: 0,
            escalated: false,
            lastError: null,
            queuedAt: this.now()
        });
        this.persist();
        return this.flush();
    }

    /** Queues the agent's wrap-up for a call (saved with updateRecord once the call record exists). */
    logWrapUp(diamyCallId: string, wrapUp: WrapUp): Promise<void> {
        if (this.stopped) {
            return Promise.reject(new Error('The call logger is stopped: this tab no longer logs calls'));
        }
        const pending: PendingWrapUp = {};
        const at = this.nextStamp();
        const given: WrapUpValues = isRecord(wrapUp) ? wrapUpValues(wrapUp) : {};
        for (const field of WRAP_UP_FIELDS) {
            const value: unknown = given[field];
            if (value === null || typeof value === 'string') {
                pending[field] = { value, at };
            }
        }
        const entry = this.findCall(diamyCallId);
        if (entry) {
            Object.assign(entry.wrapUp, pending);
            entry.nextAttemptAt = 0;
        } else {
            // The call was saved earlier (this page, a page before a reload, another tab): a wrap-up-only entry
            // (no call data: nothing to create) with the record id this browser remembers, else looked up. It is
            // not marked created, so that merging it with another logger's queued call keeps that call's data.
            const saved = this.saved.get(diamyCallId);
            this.entries.push({
                kind: 'call',
                diamyCallId,
                agentUserId: this.agentUserId,
                call: null,
                created: saved !== undefined,
                recordId: saved?.recordId ?? null,
                wrapUp: pending,
                applied: { ...saved?.applied },
                lookups: 0,
                attempts: 0,
                nextAttemptAt: 0,
                escalated: false,
                lastError: null,
                queuedAt: this.now()
            });
        }
        this.persist();
        return this.flush();
    }

    /** Saves everything that is due. Concurrent calls share one run; a second run follows if work arrived. */
    flush(): Promise<void> {
        if (this.stopped) {
            return Promise.resolve();
        }
        if (this.running) {
            return this.running.then(() => this.runOnce());
        }
        return this.runOnce();
    }

    private runOnce(): Promise<void> {
        if (this.running) {
            return this.running;
        }
        this.running = this.process().finally(() => {
            this.running = null;
            this.schedule();
            this.emit();
        });
        return this.running;
    }

    private async process(): Promise<void> {
        if (this.stopped) {
            return;
        }
        this.saving = true;
        this.emit();
        try {
            // Take in what another logger stored meanwhile (and what it finished).
            this.persist();
            await this.processDue();
        } finally {
            this.saving = false;
        }
    }

    /** One due entry at a time, oldest first, until none is due (recursion rather than await in a loop). */
    private async processDue(): Promise<void> {
        if (this.stopped) {
            return;
        }
        const now = this.now();
        const due = this.entries.find((e) => e.nextAttemptAt <= now);
        if (!due) {
            return;
        }
        if (due.kind === 'call') {
            await this.processCall(due);
        } else {
            await this.processLog(due);
        }
        await this.processDue();
    }

    private async processCall(entry: CallEntry): Promise<void> {
        if (!entry.created && entry.call) {
            const created = await this.create(entry, entry.call);
            if (!created || this.stopped) {
                return;
            }
        }
        if (hasPending(entry)) {
            await this.writeWrapUp(entry);
            return;
        }
        this.drop(entry, false);
    }

    private tellWritten(diamyCallId: string): void {
        try {
            this.onWritten(diamyCallId);
        } catch {
            // A listener's failure is not the log's: the write happened.
        }
    }

    /** createRecord for a queued call; true once the call exists in the org (saved now or before). */
    private async create(entry: CallEntry, call: CompletedCall): Promise<boolean> {
        const input = toCallRecordInput(call);
        if (!input.ok) {
            this.drop(entry, true);
            this.enqueueLog('Error', `Call ${entry.diamyCallId || '(no id)'} could not be saved: invalid data`, null, { problems: input.problems, call }, entry.attempts, entry.diamyCallId, 'Failed');
            this.persist();
            return false;
        }
        const outcome = await this.attempt(() => this.lds.createRecord(input.value));
        if (this.stopped) {
            return false;
        }
        if (outcome.kind !== 'saved' && outcome.kind !== 'duplicate') {
            this.failAttempt(entry, outcome);
            return false;
        }
        entry.created = true;
        entry.recordId = outcome.recordId ?? entry.recordId ?? this.saved.get(entry.diamyCallId)?.recordId ?? null;
        // Saved: the caller's data has no reason to stay in the browser.
        entry.call = null;
        entry.attempts = 0;
        entry.lastError = null;
        if (input.warnings.length > 0) {
            // Saved without the values the record cannot take (once: the entry is created from now on).
            this.enqueueLog('Warning', `Call ${entry.diamyCallId} saved without some values: ${input.warnings.join('; ')}`, entry.recordId, { warnings: input.warnings }, 0, entry.diamyCallId);
        }
        this.persist();
        this.tellWritten(entry.diamyCallId);
        return true;
    }

    /** Writes the pending wrap-up fields; a wrap-up merged while the update is in flight is written after it. */
    private async writeWrapUp(entry: CallEntry): Promise<void> {
        const recordId = entry.recordId ?? this.saved.get(entry.diamyCallId)?.recordId ?? (await this.findRecord(entry));
        if (!recordId || this.stopped) {
            return;
        }
        entry.recordId = recordId;
        const sent: PendingWrapUp = { ...entry.wrapUp };
        const values: WrapUpValues = {};
        for (const field of WRAP_UP_FIELDS) {
            const pending = sent[field];
            if (pending) {
                values[field] = pending.value;
            }
        }
        const update = toWrapUpValuesUpdate(recordId, values);
        if (!update.ok) {
            this.enqueueLog('Error', `Wrap-up of call ${entry.diamyCallId} is invalid`, recordId, { problems: update.problems }, entry.attempts, entry.diamyCallId, 'Failed');
            this.drop(entry, false);
            return;
        }
        const outcome = await this.attempt(() => this.lds.updateRecord(update.value));
        if (this.stopped) {
            return;
        }
        if (outcome.kind !== 'saved' && outcome.kind !== 'duplicate') {
            this.failAttempt(entry, outcome);
            return;
        }
        for (const field of WRAP_UP_FIELDS) {
            const written = sent[field];
            if (written) {
                entry.applied[field] = Math.max(entry.applied[field] ?? -1, written.at);
            }
        }
        dropApplied(entry);
        entry.attempts = 0;
        entry.lastError = null;
        this.tellWritten(entry.diamyCallId);
        if (hasPending(entry)) {
            entry.nextAttemptAt = 0;
            this.persist();
            return;
        }
        this.drop(entry, false);
    }

    /**
     * Looks the record id up. null is "not found yet" (the query lags, or sharing hides the record): asked again
     * with the backoff; after `lookupAttempts` nulls the record counts as invisible and the wrap-up is reported.
     */
    private async findRecord(entry: CallEntry): Promise<string | null> {
        let found: string | null = null;
        try {
            found = await this.lds.findCallRecordId(entry.diamyCallId);
        } catch {
            found = null;
        }
        if (found || this.stopped) {
            return found;
        }
        entry.lookups += 1;
        if (entry.lookups >= this.lookupAttempts) {
            const wrapUp = Object.fromEntries(WRAP_UP_FIELDS.flatMap((field) => (entry.wrapUp[field] ? [[field, entry.wrapUp[field]?.value]] : [])));
            this.enqueueLog('Warning', `Wrap-up of call ${entry.diamyCallId} not saved: the call record is not visible to this user`, null, { wrapUp }, entry.lookups, entry.diamyCallId, 'Failed');
            this.drop(entry, false);
            return null;
        }
        entry.nextAttemptAt = this.now() + this.backoff(entry.lookups);
        this.persist();
        return null;
    }

    private async attempt(save: () => Promise<{ id: string }>): Promise<SaveOutcome> {
        try {
            const record = await save();
            return { kind: 'saved', recordId: record.id };
        } catch (error) {
            return classifyError(error);
        }
    }

    private failAttempt(entry: CallEntry, outcome: SaveOutcome): void {
        const error = outcome.kind === 'retry' || outcome.kind === 'fatal' ? outcome.error.slice(0, 255) : 'unknown';
        entry.attempts += 1;
        entry.lastError = error;
        if (outcome.kind === 'fatal') {
            this.drop(entry, true);
            this.enqueueLog('Error', `Call ${entry.diamyCallId} could not be saved: ${error}`, entry.recordId, { error, call: entry.call, wrapUp: entry.wrapUp }, entry.attempts, entry.diamyCallId, 'Failed');
            this.persist();
            return;
        }
        entry.nextAttemptAt = this.now() + this.backoff(entry.attempts);
        if (entry.attempts >= this.maxAttempts && !entry.escalated) {
            // Still queued and still retried (at the slowest pace): nothing is dropped for being slow.
            entry.escalated = true;
            this.failed.add(entry.diamyCallId);
            this.enqueueLog('Error', `Call ${entry.diamyCallId} not saved after ${entry.attempts} attempts; still retrying`, entry.recordId, { error, call: entry.call }, entry.attempts, entry.diamyCallId, 'Retrying');
        }
        this.persist();
    }

    /** Exponential backoff with full jitter, capped. */
    backoff(attempts: number): number {
        const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts - 1, 20));
        return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    }

    private findCall(diamyCallId: string): CallEntry | undefined {
        return this.entries.find((e): e is CallEntry => e.kind === 'call' && e.diamyCallId === diamyCallId);
    }

    /** Takes an entry out of the queue for good: a stored copy of it is not taken back. */
    private remove(entry: QueueEntry): void {
        this.entries = this.entries.filter((e) => e !== entry);
        const key = entryKey(entry);
        this.forgotten.delete(key);
        this.forgotten.add(key);
        if (this.forgotten.size > FORGOTTEN_KEYS) {
            const oldest = this.forgotten.values().next().value;
            if (oldest !== undefined) {
                this.forgotten.delete(oldest);
            }
        }
    }

    private drop(entry: QueueEntry, failed: boolean): void {
        this.remove(entry);
        if (entry.kind === 'call') {
            if (failed) {
                this.failed.add(entry.diamyCallId);
            } else {
                this.failed.delete(entry.diamyCallId);
                if (entry.diamyCallId) {
                    this.remember({ id: entry.diamyCallId, recordId: entry.recordId, applied: entry.applied });
                }
            }
        }
        this.persist();
    }

    /** Records a saved call (most recent last), merging with what was known of it; keeps the newest REMEMBERED_SAVED. */
    private remember(call: SavedCall): void {
        const known = this.saved.get(call.id);
        const applied = newestStamps(known?.applied, call.applied);
        this.saved.delete(call.id);
        this.saved.set(call.id, { id: call.id, recordId: call.recordId ?? known?.recordId ?? null, ...(Object.keys(applied).length > 0 ? { applied } : {}) });
        this.trimSaved();
    }

    private trimSaved(): void {
        while (this.saved.size > REMEMBERED_SAVED) {
            const oldest = this.saved.keys().next().value;
            if (oldest === undefined) {
                break;
            }
            this.saved.delete(oldest);
        }
    }

    private enqueueLog(severity: Severity, message: string, relatedRecordId: string | null, payload: unknown, retryCount: number, diamyCallId: string | null, status: 'New' | 'Retrying' | 'Failed' = 'New'): void {
        // The idempotency key is fixed before the first attempt: a retried create answers DUPLICATE_VALUE.
        const key = this.newId().slice(0, 64);
        let text: string;
        try {
            text = JSON.stringify(redact(payload)).slice(0, 131072);
        } catch {
            text = '[unserialisable payload]';
        }
        const fields: Record<string, string | number | null> = {
            [fieldName(LOGGED_AT)]: new Date(this.now()).toISOString(),
            [fieldName(SEVERITY)]: severity,
            [fieldName(AREA)]: 'Logging',
            [fieldName(MESSAGE)]: String(redact(message)).slice(0, 255),
            [fieldName(PAYLOAD)]: text,
            [fieldName(RELATED_RECORD)]: relatedRecordId,
            [fieldName(LOG_CALL_ID)]: diamyCallId ? diamyCallId.slice(0, 64) : null,
            [fieldName(RETRY_COUNT)]: retryCount,
            [fieldName(LOG_STATUS)]: status,
            [fieldName(LOG_SOURCE)]: this.source,
            [fieldName(IDEMPOTENCY_KEY)]: key
        };
        this.entries.push({ kind: 'log', key, fields, attempts: 0, nextAttemptAt: 0, queuedAt: this.now() });
    }

    private async processLog(entry: LogEntry): Promise<void> {
        const fields: Record<string, string | number | null> = {};
        for (const [name, value] of Object.entries(entry.fields)) {
            if (value !== null) {
                fields[name] = value;
            }
        }
        const outcome = await this.attempt(() => this.lds.createRecord({ apiName: LOG_OBJECT.objectApiName, fields }));
        if (this.stopped) {
            return;
        }
        if (outcome.kind === 'retry') {
            entry.attempts += 1;
            entry.nextAttemptAt = this.now() + this.backoff(entry.attempts);
            this.persist();
            return;
        }
        // Saved, already saved (DUPLICATE_VALUE on the idempotency key: a retry whose first answer was lost), or
        // refused for good (a log about a log would loop): either way it leaves the queue.
        this.remove(entry);
        this.persist();
    }

    private schedule(): void {
        if (this.timer !== null) {
            this.clearTimer(this.timer);
            this.timer = null;
        }
        if (this.entries.length === 0 || this.stopped) {
            return;
        }
        const next = Math.min(...this.entries.map((e) => e.nextAttemptAt));
        this.timer = this.setTimer(
            () => {
                this.timer = null;
                this.flush().catch(() => undefined);
            },
            Math.max(0, next - this.now())
        );
    }

    /**
     * Stops for good: the retry timer is cleared, nothing is saved, scheduled or written any more (a save in
     * flight finishes in the org but its answer changes nothing here); later logCall/logWrapUp are refused, so
     * the caller knows this tab no longer logs — the queue stays in storage for the next owner, whose replay
     * (`since`) brings back any call that ended meanwhile.
     */
    stop(): void {
        this.stopped = true;
        if (this.timer !== null) {
            this.clearTimer(this.timer);
            this.timer = null;
        }
    }

    // -----------------------------------------------------------------------------------------------------
    // Storage: read, merge, write
    // -----------------------------------------------------------------------------------------------------

    private nextStamp(): number {
        this.stamp = Math.max(this.now(), this.stamp + 1);
        return this.stamp;
    }

    private setStorageState(state: StorageState): void {
        if (state !== this.storageState) {
            this.storageState = state;
            this.emit();
        }
    }

    /** The stored queue under this logger's key; an unreadable one is removed and reported (its size, never its content). */
    private readStored(): QueueSnapshot | null {
        if (!this.storage) {
            return null;
        }
        let snapshot: QueueSnapshot;
        try {
            snapshot = parseQueue(this.storage.getItem(this.key), this.now());
        } catch {
            this.setStorageState('memory-only');
            return null;
        }
        if (snapshot.unreadable !== null) {
            this.findings.unreadable.push(snapshot.unreadable);
            this.removeKey(this.key);
        }
        // The malformed entries of the queue about to be overwritten: the constructor and its first write both
        // read the same stored text, so the count is the last read's, not a sum over reads.
        this.findings.invalidEntries = snapshot.invalidEntries;
        return snapshot;
    }

    private removeKey(key: string): void {
        try {
            this.storage?.removeItem(key);
        } catch {
            // Storage that refuses changes: nothing more can be done here.
        }
    }

    /**
     * Merges a stored queue into this logger's: entries by key (call: Diamy call id, log: idempotency key),
     * wrap-ups field by field; a call another logger saved leaves the queue; an entry another logger removed since
     * this one last wrote is removed here too; what this logger removed is not taken back.
     */
    private mergeStored(snapshot: QueueSnapshot): void {
        for (const entry of snapshot.entries) {
            if (entry.kind === 'call') {
                for (const field of WRAP_UP_FIELDS) {
                    this.stamp = Math.max(this.stamp, entry.wrapUp[field]?.at ?? 0);
                }
            }
        }
        // Stamps already written count too: a value typed later must be newer than them, even if the clock went back.
        for (const call of snapshot.saved) {
            for (const field of WRAP_UP_FIELDS) {
                this.stamp = Math.max(this.stamp, call.applied?.[field] ?? 0);
            }
        }
        const stored = new Map(snapshot.entries.map((entry) => [entryKey(entry), entry]));
        const own = new Map(this.entries.map((entry) => [entryKey(entry), entry]));
        // Removed by another logger since this one last wrote: done elsewhere — except a call that logger saved and
        // that got a wrap-up here since (applySaved below keeps only the values that logger did not write).
        const savedElsewhere = new Set(snapshot.saved.map((call) => call.id));
        this.entries = this.entries.filter(
            (entry) => stored.has(entryKey(entry)) || !this.written.has(entryKey(entry)) || (entry.kind === 'call' && savedElsewhere.has(entry.diamyCallId) && hasPending(entry))
        );
        const adopted: QueueEntry[] = [];
        for (const [key, entry] of stored) {
            const mine = own.get(key);
            if (mine && mine.kind === 'call' && entry.kind === 'call') {
                mergeCallEntry(mine, entry);
            } else if (!mine && !this.forgotten.has(key)) {
                adopted.push(entry);
            }
        }
        this.entries = [...this.entries, ...this.keepOwn(adopted)];
        // Saved calls: the stored order first (older), then what only this logger knows; the newest are kept.
        const saved = new Map<string, SavedCall>();
        for (const call of snapshot.saved) {
            const known = this.saved.get(call.id);
            const applied = newestStamps(known?.applied, call.applied);
            saved.set(call.id, { id: call.id, recordId: known?.recordId ?? call.recordId, ...(Object.keys(applied).length > 0 ? { applied } : {}) });
        }
        for (const [id, call] of this.saved) {
            if (!saved.has(id)) {
                saved.set(id, call);
            }
        }
        this.saved = saved;
        this.trimSaved();
        this.applySaved();
    }

    /** Leaves out (and counts) calls of another agent: a queue under this user's key holds this user's calls only. */
    private keepOwn(entries: QueueEntry[]): QueueEntry[] {
        const me = this.agentUserId;
        return entries.filter((entry) => {
            if (me && entry.kind === 'call' && entry.agentUserId && !sameUser(entry.agentUserId, me)) {
                this.findings.foreignCalls += 1;
                this.forgotten.add(entryKey(entry));
                return false;
            }
            return true;
        });
    }

    /** A call saved by any logger of this browser leaves the queue, unless a newer wrap-up is still to write. */
    private applySaved(): void {
        for (const entry of [...this.entries]) {
            const saved = entry.kind === 'call' ? this.saved.get(entry.diamyCallId) : undefined;
            if (entry.kind !== 'call' || !saved) {
                continue;
            }
            entry.created = true;
            entry.call = null;
            entry.recordId = entry.recordId ?? saved.recordId;
            entry.applied = newestStamps(entry.applied, saved.applied);
            dropApplied(entry);
            if (!hasPending(entry)) {
                this.remove(entry);
            }
        }
    }

    /** Drops what waited longer than maxAgeMs: calls are named in a Warning (Diamy's server upsert recovers them). */
    private expire(): void {
        const limit = this.now() - this.maxAgeMs;
        for (const entry of [...this.entries]) {
            if (entry.queuedAt < limit) {
                this.remove(entry);
                if (entry.kind === 'call') {
                    this.failed.delete(entry.diamyCallId);
                    this.findings.expired.push(entry.diamyCallId);
                }
            }
        }
    }

    /** The first release kept one queue for every user of the browser: this user's calls move here, the rest is dropped. */
    private migrateLegacy(): void {
        const me = this.agentUserId;
        if (!this.storage || !me || this.key === STORAGE_KEY) {
            return;
        }
        const legacy = readQueue(this.storage, STORAGE_KEY, this.now());
        let raw: string | null = null;
        try {
            raw = this.storage.getItem(STORAGE_KEY);
        } catch {
            raw = null;
        }
        this.removeKey(`${STORAGE_KEY}.corrupt`);
        if (raw === null) {
            return;
        }
        const mine = legacy.entries.filter((entry) => entry.kind === 'call' && entry.agentUserId !== null && sameUser(entry.agentUserId, me));
        const calls = legacy.entries.filter((entry) => entry.kind === 'call').length - mine.length;
        const logEntries = legacy.entries.filter((entry) => entry.kind === 'log').length + legacy.invalidEntries;
        for (const entry of mine) {
            if (!this.findCall((entry as CallEntry).diamyCallId)) {
                this.entries.push(entry);
            }
        }
        if (calls + logEntries > 0 || legacy.unreadable !== null) {
            this.findings.legacy = { calls, logEntries };
        }
        this.removeKey(STORAGE_KEY);
    }

    /**
     * With a storage that lists its keys: removes other users' queues not written for maxAgeMs (their calls are
     * Diamy's server's to recover) and the ".corrupt" copies an earlier version kept. Another user's queue is
     * never read: its age is the number stored beside it (`<key>.savedAt`); a queue without one is left alone.
     */
    private removeStaleQueues(): void {
        const storage = this.storage;
        if (!storage || typeof storage.key !== 'function' || typeof storage.length !== 'number') {
            return;
        }
        const keys: string[] = [];
        try {
            for (let index = 0; index < storage.length; index += 1) {
                const key = storage.key(index);
                if (key !== null && key.startsWith(`${STORAGE_KEY}.`) && key !== this.key && key !== stampKeyOf(this.key)) {
                    keys.push(key);
                }
            }
        } catch {
            return;
        }
        const limit = this.now() - this.maxAgeMs;
        for (const key of keys) {
            if (key.endsWith('.corrupt')) {
                this.removeKey(key);
            } else if (key.endsWith(STAMP_SUFFIX)) {
                let savedAt = Number.NaN;
                try {
                    savedAt = Number(storage.getItem(key));
                } catch {
                    continue;
                }
                if (!Number.isFinite(savedAt) || savedAt < limit) {
                    this.removeKey(key.slice(0, -STAMP_SUFFIX.length));
                    this.removeKey(key);
                }
            }
        }
    }

    /** Turns what was found while reading or merging into integration-log entries (no caller data in any of them). */
    private report(): void {
        const found = this.findings;
        this.findings = noFindings();
        for (const size of found.unreadable) {
            this.enqueueLog('Warning', 'Call log queue in browser storage was unreadable and was removed', null, { size }, 0, null);
        }
        if (found.invalidEntries > 0) {
            this.enqueueLog('Warning', `${found.invalidEntries} malformed entr(ies) of the call log queue were removed from browser storage`, null, { entries: found.invalidEntries }, 0, null);
        }
        if (found.foreignCalls > 0 && !this.foreignReported) {
            this.foreignReported = true;
            this.enqueueLog('Warning', `${found.foreignCalls} queued call(s) of another Salesforce user were removed from this browser`, null, { calls: found.foreignCalls }, 0, null);
        }
        if (found.legacy) {
            this.enqueueLog('Warning', `Call log queue of an earlier version moved to this user: ${found.legacy.calls} call(s) and ${found.legacy.logEntries} log entr(ies) of other or unknown users removed from this browser`, null, found.legacy, 0, null);
        }
        for (const id of found.expired) {
            this.enqueueLog('Warning', `Call ${id} was not saved from this browser within ${Math.round(this.maxAgeMs / 3_600_000)} hours and was removed from it; Diamy's server keeps the call`, null, { maxAgeMs: this.maxAgeMs }, 0, id, 'Failed');
        }
    }

    /**
     * Re-reads the stored queue, merges it with this logger's, drops what expired, reports what it found and
     * writes the result. A stopped logger never writes.
     */
    private persist(): void {
        if (this.stopped) {
            return;
        }
        const stored = this.readStored();
        if (stored) {
            this.mergeStored(stored);
        }
        this.expire();
        this.report();
        if (!this.storage) {
            return;
        }
        const queue: StoredQueue = { version: STORAGE_VERSION, savedAt: this.now(), entries: this.entries, saved: [...this.saved.values()] };
        try {
            this.storage.setItem(this.key, JSON.stringify(queue));
            this.written = new Set(this.entries.map(entryKey));
            this.setStorageState('ok');
        } catch {
            // Storage full or refused: the queue still lives in memory for this page, and the agent is told.
            this.setStorageState('memory-only');
            return;
        }
        try {
            this.storage.setItem(stampKeyOf(this.key), String(queue.savedAt));
        } catch {
            // Only the age other pages read; the queue itself is stored.
        }
    }

    /** Calls still waiting to be saved (by Diamy call id). */
    pendingCallIds(): string[] {
        return this.entries.flatMap((e) => (e.kind === 'call' ? [e.diamyCallId] : []));
    }

    /** The Diamy_Call__c id this browser saved (or found) for a Diamy call id; null when it does not know one. */
    recordIdOf(diamyCallId: string): string | null {
        return this.saved.get(diamyCallId)?.recordId ?? null;
    }

    get status(): LogStatus {
        const pending = this.entries.filter((e) => e.kind === 'call').length;
        const failedCalls = [...this.failed];
        let state: LogState = 'idle';
        if (failedCalls.length > 0) {
            state = 'failed';
        } else if (this.entries.some((e) => e.kind === 'call' && e.attempts > 0)) {
            state = 'retrying';
        } else if (this.saving && pending > 0) {
            state = 'saving';
        }
        let message = LABEL_SAVED;
        if (state === 'failed') {
            message = format(LABEL_FAILED, failedCalls.length);
        } else if (pending > 0) {
            message = format(LABEL_PENDING, pending);
        }
        const storage = this.storageState;
        return { state, pending, failedCalls, message, storage, storageMessage: storage === 'memory-only' ? LABEL_MEMORY_ONLY : null };
    }

    subscribe(listener: (status: LogStatus) => void): () => void {
        this.listeners.add(listener);
        listener(this.status);
        return () => this.listeners.delete(listener);
    }

    private emit(): void {
        const status = this.status;
        for (const listener of this.listeners) {
            listener(status);
        }
    }
}
