/**
 * Failures the agent saw, reported to support: Diamy_Integration_Log__c rows (redacted detail, idempotency key), at
 * most MAX_REPORTS per REPORT_WINDOW_MS. Split from c/diamyFailure (the labelled message, needed at once) because the
 * softphone loads it only when something failed (docs/PERFORMANCE.md).
 */
import { MAX_DETAIL } from 'c/diamyFailure';
import type { Failure } from 'c/diamyFailure';
import { redactText } from 'c/diamyRedact';
import LOG_OBJECT from '@salesforce/schema/Diamy_Integration_Log__c';
import LOGGED_AT from '@salesforce/schema/Diamy_Integration_Log__c.Logged_At__c';
import SEVERITY from '@salesforce/schema/Diamy_Integration_Log__c.Severity__c';
import AREA from '@salesforce/schema/Diamy_Integration_Log__c.Area__c';
import STATUS from '@salesforce/schema/Diamy_Integration_Log__c.Status__c';
import SOURCE from '@salesforce/schema/Diamy_Integration_Log__c.Source__c';
import MESSAGE from '@salesforce/schema/Diamy_Integration_Log__c.Message__c';
import PAYLOAD from '@salesforce/schema/Diamy_Integration_Log__c.Payload__c';
import CALL_ID from '@salesforce/schema/Diamy_Integration_Log__c.Diamy_Call_Id__c';
import IDEMPOTENCY_KEY from '@salesforce/schema/Diamy_Integration_Log__c.Idempotency_Key__c';
// ---------------------------------------------------------------------------------------------------------------
// The integration log (support): Diamy_Integration_Log__c, which the Diamy Agent permission set may create.

export interface FailureContext {
    /** What the agent was doing, in a word or two (hold, transfer, presence…): not user-visible. */
    action: string;
    diamyCallId?: string | null;
}

export interface LogRecordInput {
    apiName: string;
    fields: Record<string, string | number>;
}

const fieldName = (field: { fieldApiName?: string }): string => field.fieldApiName ?? '';

/** A unique id: crypto.randomUUID where the browser has it, else time and randomness. */
function platformId(): string {
    const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    return typeof crypto?.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** The createRecord input (lightning/uiRecordApi) of the log entry of a failure. */
export function failureLogInput(failure: Failure, context: FailureContext, options: { now?: number; newId?: () => string; source?: string } = {}): LogRecordInput {
    const action = redactText(String(context.action)).slice(0, 80);
    const fields: Record<string, string | number> = {
        [fieldName(LOGGED_AT)]: new Date(options.now ?? Date.now()).toISOString(),
        [fieldName(SEVERITY)]: failure.severity,
        [fieldName(AREA)]: 'Telephony',
        [fieldName(STATUS)]: 'New',
        [fieldName(SOURCE)]: (options.source ?? 'diamySoftphone').slice(0, 80),
        [fieldName(MESSAGE)]: `Softphone action ${action} failed: ${failure.code}`.slice(0, 255),
        [fieldName(PAYLOAD)]: JSON.stringify({ action, code: failure.code, detail: redactText(failure.detail).slice(0, MAX_DETAIL) }),
        [fieldName(IDEMPOTENCY_KEY)]: (options.newId ?? platformId)().slice(0, 64)
    };
    if (context.diamyCallId) {
        fields[fieldName(CALL_ID)] = String(context.diamyCallId).slice(0, 64);
    }
    return { apiName: LOG_OBJECT.objectApiName, fields };
}

/** The same failure for the same action is written once in this window. */
export const REPORT_WINDOW_MS = 5 * 60_000;
/** At most this many writes per page (an outage fails every command: the log gets the first ones). */
export const MAX_REPORTS = 20;

export interface FailureReporterOptions {
    /** lightning/uiRecordApi createRecord. */
    createRecord: (input: LogRecordInput) => Promise<unknown>;
    now?: () => number;
    newId?: () => string;
    source?: string;
}

/**
 * Writes failures to the integration log for support, once per failure code and action within REPORT_WINDOW_MS,
 * MAX_REPORTS per page at most, one attempt each (no retry, no queue: the agent already saw the message).
 */
export class FailureReporter {
    private readonly options: FailureReporterOptions;
    private readonly written = new Map<string, number>();
    private attempts = 0;

    constructor(options: FailureReporterOptions) {
        this.options = options;
    }

    /** True when the entry was written; false when skipped or refused. Never rejects. */
    async report(failure: Failure, context: FailureContext): Promise<boolean> {
        const now = (this.options.now ?? Date.now)();
        const key = `${failure.code}|${context.action}`;
        const last = this.written.get(key);
        if ((last !== undefined && now - last < REPORT_WINDOW_MS) || this.attempts >= MAX_REPORTS) {
            return false;
        }
        this.attempts += 1;
        // Claimed before the write, so that the same failure reported again meanwhile is not written twice.
        this.written.set(key, now);
        try {
            await this.options.createRecord(failureLogInput(failure, context, { now, newId: this.options.newId, source: this.options.source }));
            return true;
        } catch {
            if (last === undefined) {
                this.written.delete(key);
            } else {
                this.written.set(key, last);
            }
            return false;
        }
    }
}
