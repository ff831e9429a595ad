/**
 * Call logging with nothing lost and nothing doubled.
 *
 * - A finished call is first written to a persistent local queue (localStorage: survives a reload), then saved
 *   as a Diamy_Call__c through Lightning Data Service (createRecord), and the wrap-up later with updateRecord.
 * - Diamy_Call_Id__c is a unique external id: a retry or another tab that gets DUPLICATE_VALUE has in fact
 *   succeeded. The record id is taken from the error, else looked up (GraphQL on Diamy_Call_Id__c); a record
 *   the agent cannot see (Private sharing, created by Diamy's server) counts as saved with an unknown id.
 * - Failed saves are retried with exponential backoff and jitter. Non-retryable failures, and failures that
 *   persist past `maxAttempts`, create a Diamy_Integration_Log__c entry (a new one each time: agents may not edit
 *   log entries) with a redacted payload, and the agent sees a status with a label.
 *
 * Every platform call is injected (LDS functions, storage, clock, timers, randomness) so the logic is testable
 * and the fault suite can run it against a fake org that enforces the unique external id.
 */
import { toCallRecordInput, toWrapUpUpdate } from 'c/diamyCallRecord';
import type { CompletedCall, WrapUp } from 'c/diamyCallRecord';
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

/** The Lightning Data Service functions the logger uses (lightning/uiRecordApi in production). */
export interface LdsApi {
    createRecord(input: RecordInput): Promise<{ id: string }>;
    updateRecord(input: RecordUpdateInput): Promise<{ id: string }>;
    /** Finds the Diamy_Call__c id for a Diamy call id (GraphQL); null when none is visible to the user. */
    findCallRecordId(diamyCallId: string): Promise<string | null>;
}

export interface StorageLike {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}

export interface LoggerOptions {
    lds: LdsApi;
    storage: StorageLike | null;
    now?: () => number;
    random?: () => number;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
    maxAttempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    storageKey?: string;
    source?: string;
    /** A new unique id (the idempotency key of an integration-log entry); default crypto.randomUUID. */
    newId?: () => string;
}

/** One unit of work in the queue. Integration-log writes are queued too, so they are not lost either. */
export type QueueEntry =
    | {
          kind: 'call';
          diamyCallId: string;
          call: CompletedCall;
          recordId: string | null;
          created: boolean;
          /** The record exists but the user cannot see it: no wrap-up update is possible. */
          invisible: boolean;
          wrapUp: WrapUp | null;
          attempts: number;
          nextAttemptAt: number;
          escalated: boolean;
          lastError: string | null;
      }
    | { kind: 'log'; key: string; fields: Record<string, string | number | null>; attempts: number; nextAttemptAt: number };

export type LogState = 'idle' | 'saving' | 'retrying' | 'failed';

export interface LogStatus {
    state: LogState;
    pending: number;
    failedCalls: string[];
    /** What the agent reads (a Custom Label, with the count filled in). */
    message: string;
}

export const STORAGE_KEY = 'diamy.callLog';
export const STORAGE_VERSION = 1;
const REMEMBERED_SAVED = 200;

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

interface Stored {
    version: number;
    entries: QueueEntry[];
    saved: string[];
}

/** Reads the queue; corrupt or foreign data is set aside (kept under a ".corrupt" key) rather than crashing. */
export function readQueue(storage: StorageLike | null, key = STORAGE_KEY): { entries: QueueEntry[]; saved: string[]; corrupt: boolean } {
    if (!storage) {
        return { entries: [], saved: [], corrupt: false };
    }
    let raw: string | null;
    try {
        raw = storage.getItem(key);
    } catch {
        return { entries: [], saved: [], corrupt: true };
    }
    if (raw === null) {
        return { entries: [], saved: [], corrupt: false };
    }
    try {
        const parsed: unknown = JSON.parse(raw);
        if (!isRecord(parsed) || parsed.version !== STORAGE_VERSION || !Array.isArray(parsed.entries)) {
            throw new Error('unknown format');
        }
        const entries = (parsed.entries as unknown[]).filter(isValidEntry);
        const saved = Array.isArray(parsed.saved) ? (parsed.saved as unknown[]).filter((id): id is string => typeof id === 'string') : [];
        return { entries, saved, corrupt: entries.length !== parsed.entries.length };
    } catch {
        try {
            storage.setItem(`${key}.corrupt`, raw);
        } catch {
            // Nothing more can be done with storage that refuses writes.
        }
        return { entries: [], saved: [], corrupt: true };
    }
}

function isValidEntry(value: unknown): value is QueueEntry {
    if (!isRecord(value) || typeof value.attempts !== 'number' || typeof value.nextAttemptAt !== 'number') {
        return false;
    }
    if (value.kind === 'call') {
        return typeof value.diamyCallId === 'string' && isRecord(value.call) && typeof value.created === 'boolean';
    }
    return value.kind === 'log' && typeof value.key === 'string' && isRecord(value.fields);
}

/**
 * The browser timer. Retrying a save later is the one legitimate delayed operation here; it is reached through
 * globalThis so that tests inject their own clock and the components never schedule work themselves.
 */
/** A unique id: crypto.randomUUID where the browser has it, else time and randomness (unique enough for a key). */
function platformId(): string {
    const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    return typeof crypto?.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

const platformTimer = {
    set: (fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms),
    clear: (handle: unknown): void => globalThis.clearTimeout(handle as number)
};

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
    private readonly key: string;
    private readonly source: string;
    private readonly newId: () => string;
    private entries: QueueEntry[] = [];
    private saved: string[] = [];
    private failed = new Set<string>();
    private timer: unknown = null;
    private running: Promise<void> | null = null;
    private listeners = new Set<(status: LogStatus) => void>();
    private saving = false;

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
        this.key = options.storageKey ?? STORAGE_KEY;
        this.source = options.source ?? 'diamyCallLog';
        this.newId = options.newId ?? platformId;
        const loaded = readQueue(this.storage, this.key);
        // A new page (reload, another tab taking over) tries everything queued at once.
        this.entries = loaded.entries.map((entry) => ({ ...entry, nextAttemptAt: 0 }));
        this.saved = loaded.saved;
        if (loaded.corrupt) {
            this.enqueueLog('Warning', 'Call log queue in browser storage was unreadable and was set aside', null, { key: this.key }, 0, null);
        }
    }

    /** Queues a finished call (persisted before anything else) and tries to save it at once. */
    logCall(call: CompletedCall): Promise<void> {
        const id = typeof call.diamyCallId === 'string' ? call.diamyCallId.trim() : '';
        if (id !== '' && (this.saved.includes(id) || this.entries.some((e) => e.kind === 'call' && e.diamyCallId === id))) {
            return this.flush();
        }
        this.entries.push({ kind: 'call', diamyCallId: id, call, recordId: null, created: false, invisible: false, wrapUp: null, attempts: 0, nextAttemptAt: 0, escalated: false, lastError: null });
        this.persist();
        return this.flush();
    }

    /** Queues the agent's wrap-up for a call (saved with updateRecord once the call record exists). */
    logWrapUp(diamyCallId: string, wrapUp: WrapUp): Promise<void> {
        const entry = this.entries.find((e): e is Extract<QueueEntry, { kind: 'call' }> => e.kind === 'call' && e.diamyCallId === diamyCallId);
        if (entry) {
            entry.wrapUp = { ...entry.wrapUp, ...wrapUp };
            entry.nextAttemptAt = 0;
        } else {
            // Call already saved and gone from the queue: a wrap-up-only entry, created:true, id looked up if needed.
            const recordId = this.savedRecordIds.get(diamyCallId) ?? null;
            this.entries.push({
                kind: 'call',
                diamyCallId,
                call: { diamyCallId } as CompletedCall,
                recordId,
                created: true,
                invisible: false,
                wrapUp,
                attempts: 0,
                nextAttemptAt: 0,
                escalated: false,
                lastError: null
            });
        }
        this.persist();
        return this.flush();
    }

    private readonly savedRecordIds = new Map<string, string>();

    /** Saves everything that is due. Concurrent calls share one run; a second run follows if work arrived. */
    flush(): Promise<void> {
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
        this.saving = true;
        this.emit();
        try {
            await this.processDue();
        } finally {
            this.saving = false;
        }
    }

    /** One due entry at a time, oldest first, until none is due (recursion rather than await in a loop). */
    private async processDue(): Promise<void> {
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

    private async processCall(entry: Extract<QueueEntry, { kind: 'call' }>): Promise<void> {
        if (!entry.created) {
            const input = toCallRecordInput(entry.call);
            if (!input.ok) {
                this.drop(entry, true);
                this.enqueueLog('Error', `Call ${entry.diamyCallId || '(no id)'} could not be saved: invalid data`, null, { problems: input.problems, call: entry.call }, entry.attempts, entry.diamyCallId, 'Failed');
                return;
            }
            const outcome = await this.attempt(() => this.lds.createRecord(input.value));
            if (outcome.kind === 'saved' || outcome.kind === 'duplicate') {
                entry.created = true;
                entry.recordId = outcome.recordId;
                if (outcome.kind === 'duplicate' && !outcome.recordId) {
                    entry.recordId = await this.lookup(entry.diamyCallId);
                    entry.invisible = entry.recordId === null;
                }
                entry.attempts = 0;
                entry.lastError = null;
                if (input.warnings.length > 0) {
                    // Saved without the values the record cannot take (once: the entry is created from now on).
                    this.enqueueLog('Warning', `Call ${entry.diamyCallId} saved without some values: ${input.warnings.join('; ')}`, entry.recordId, { warnings: input.warnings }, 0, entry.diamyCallId);
                }
            } else {
                this.failAttempt(entry, outcome);
                return;
            }
        }
        if (entry.wrapUp) {
            if (!entry.recordId && !entry.invisible) {
                entry.recordId = await this.lookup(entry.diamyCallId);
                entry.invisible = entry.recordId === null;
            }
            if (!entry.recordId) {
                this.enqueueLog('Warning', `Wrap-up of call ${entry.diamyCallId} not saved: the call record is not visible to this user`, null, { wrapUp: entry.wrapUp }, entry.attempts, entry.diamyCallId, 'Failed');
                this.drop(entry, false);
                return;
            }
            const update = toWrapUpUpdate(entry.recordId, entry.wrapUp);
            if (!update.ok) {
                this.enqueueLog('Error', `Wrap-up of call ${entry.diamyCallId} is invalid`, entry.recordId, { problems: update.problems }, entry.attempts, entry.diamyCallId, 'Failed');
                this.drop(entry, false);
                return;
            }
            const outcome = await this.attempt(() => this.lds.updateRecord(update.value));
            if (outcome.kind !== 'saved' && outcome.kind !== 'duplicate') {
                this.failAttempt(entry, outcome);
                return;
            }
        }
        this.drop(entry, false);
    }

    private async lookup(diamyCallId: string): Promise<string | null> {
        try {
            return await this.lds.findCallRecordId(diamyCallId);
        } catch {
            return null;
        }
    }

    private async attempt(save: () => Promise<{ id: string }>): Promise<SaveOutcome> {
        try {
            const record = await save();
            return { kind: 'saved', recordId: record.id };
        } catch (error) {
            return classifyError(error);
        }
    }

    private failAttempt(entry: Extract<QueueEntry, { kind: 'call' }>, outcome: SaveOutcome): void {
        const error = outcome.kind === 'retry' || outcome.kind === 'fatal' ? outcome.error : 'unknown';
        entry.attempts += 1;
        entry.lastError = error;
        if (outcome.kind === 'fatal') {
            this.drop(entry, true);
            this.enqueueLog('Error', `Call ${entry.diamyCallId} could not be saved: ${error}`, entry.recordId, { error, call: entry.call, wrapUp: entry.wrapUp }, entry.attempts, entry.diamyCallId, 'Failed');
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

    private drop(entry: QueueEntry, failed: boolean): void {
        this.entries = this.entries.filter((e) => e !== entry);
        if (entry.kind === 'call') {
            if (failed) {
                this.failed.add(entry.diamyCallId);
            } else {
                this.failed.delete(entry.diamyCallId);
                if (entry.diamyCallId && !this.saved.includes(entry.diamyCallId)) {
                    this.saved = [...this.saved, entry.diamyCallId].slice(-REMEMBERED_SAVED);
                }
                if (entry.recordId) {
                    this.savedRecordIds.set(entry.diamyCallId, entry.recordId);
                }
            }
        }
        this.persist();
    }

    private enqueueLog(
        severity: 'Info' | 'Warning' | 'Error' | 'Critical',
        message: string,
        relatedRecordId: string | null,
        payload: unknown,
        retryCount: number,
        diamyCallId: string | null,
        status: 'New' | 'Retrying' | 'Failed' = 'New'
    ): void {
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
        this.entries.push({ kind: 'log', key, fields, attempts: 0, nextAttemptAt: 0 });
        this.persist();
    }

    private async processLog(entry: Extract<QueueEntry, { kind: 'log' }>): Promise<void> {
        const fields: Record<string, string | number | null> = {};
        for (const [name, value] of Object.entries(entry.fields)) {
            if (value !== null) {
                fields[name] = value;
            }
        }
        const outcome = await this.attempt(() => this.lds.createRecord({ apiName: LOG_OBJECT.objectApiName, fields }));
        if (outcome.kind === 'retry') {
            entry.attempts += 1;
            entry.nextAttemptAt = this.now() + this.backoff(entry.attempts);
            this.persist();
            return;
        }
        // Saved, already saved (DUPLICATE_VALUE on the idempotency key: a retry whose first answer was lost), or
        // refused for good (a log about a log would loop): either way it leaves the queue.
        this.entries = this.entries.filter((e) => e !== entry);
        this.persist();
    }

    private schedule(): void {
        if (this.timer !== null) {
            this.clearTimer(this.timer);
            this.timer = null;
        }
        if (this.entries.length === 0) {
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

    /** Stops the retry timer (the queue stays in storage for the next owner). */
    stop(): void {
        if (this.timer !== null) {
            this.clearTimer(this.timer);
            this.timer = null;
        }
    }

    private persist(): void {
        if (!this.storage) {
            return;
        }
        const stored: Stored = { version: STORAGE_VERSION, entries: this.entries, saved: this.saved };
        try {
            this.storage.setItem(this.key, JSON.stringify(stored));
        } catch {
            // Storage full or refused: the queue still lives in memory for this page.
        }
    }

    /** Calls still waiting to be saved (by Diamy call id). */
    pendingCallIds(): string[] {
        return this.entries.flatMap((e) => (e.kind === 'call' ? [e.diamyCallId] : []));
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
        return { state, pending, failedCalls, message };
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
