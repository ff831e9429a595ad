/**
 * What the agent reads when something fails, and what support keeps. `describeFailure` turns any error (a
 * DiamyError of c/diamyTelephony with the contract's error code and HTTP status, a browser error, anything) into a
 * Custom Label that names what the agent can do — never the server's or the browser's text, which goes to
 * `detail` (redacted) for the integration log. `FailureReporter` writes that detail to Diamy_Integration_Log__c
 * (Area Telephony), a few entries per page at most.
 */
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
import NOT_FOUND from '@salesforce/label/c.Diamy_Failure_Not_Found';
import INVALID_TARGET from '@salesforce/label/c.Diamy_Failure_Invalid_Target';
import CONFLICT from '@salesforce/label/c.Diamy_Failure_Conflict';
import RATE_LIMITED from '@salesforce/label/c.Diamy_Failure_Rate_Limited';
import SESSION_EXPIRED from '@salesforce/label/c.Diamy_Failure_Session_Expired';
import FORBIDDEN from '@salesforce/label/c.Diamy_Failure_Forbidden';
import NETWORK from '@salesforce/label/c.Diamy_Failure_Network';
import TIMEOUT from '@salesforce/label/c.Diamy_Failure_Timeout';
import UNAVAILABLE from '@salesforce/label/c.Diamy_Failure_Unavailable';
import SERVER from '@salesforce/label/c.Diamy_Failure_Server';
import INVALID_REQUEST from '@salesforce/label/c.Diamy_Failure_Invalid_Request';
import INVALID_RESPONSE from '@salesforce/label/c.Diamy_Failure_Invalid_Response';
import SETUP from '@salesforce/label/c.Diamy_Failure_Setup';
import NOT_OWNER from '@salesforce/label/c.Diamy_Failure_Not_Owner';
import UNKNOWN from '@salesforce/label/c.Diamy_Failure_Unknown';
import { redactText } from 'c/diamyRedact';

/** The kinds of failure the agent is told about, each with its own Custom Label. */
export const FAILURE_CODES = [
    'not_found',
    'invalid_target',
    'conflict',
    'rate_limited',
    'session_expired',
    'forbidden',
    'network',
    'timeout',
    'unavailable',
    'server',
    'invalid_request',
    'invalid_response',
    'setup',
    'not_owner',
    'unknown'
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** Warning: the agent can put it right (or it passes); Error: support should look at it. */
export type FailureSeverity = 'Warning' | 'Error';

export interface Failure {
    /** What the agent reads: a Custom Label in the user's language, never the server's text. */
    message: string;
    /** For support: the error code, HTTP status and the server's or browser's text, redacted, at most 1000 characters. */
    detail: string;
    code: FailureCode;
    severity: FailureSeverity;
}

const MESSAGES: Record<FailureCode, string> = {
    not_found: NOT_FOUND,
    invalid_target: INVALID_TARGET,
    conflict: CONFLICT,
    rate_limited: RATE_LIMITED,
    session_expired: SESSION_EXPIRED,
    forbidden: FORBIDDEN,
    network: NETWORK,
    timeout: TIMEOUT,
    unavailable: UNAVAILABLE,
    server: SERVER,
    invalid_request: INVALID_REQUEST,
    invalid_response: INVALID_RESPONSE,
    setup: SETUP,
    not_owner: NOT_OWNER,
    unknown: UNKNOWN
};

const WARNINGS: ReadonlySet<FailureCode> = new Set<FailureCode>(['not_found', 'invalid_target', 'conflict', 'rate_limited', 'invalid_request', 'not_owner']);

/**
 * Error codes → failure: the contract's codes (contract/openapi.json, Error), those c/diamyTelephony adds for
 * transport and token problems, and our own codes (any module may throw an error carrying one of them).
 */
const BY_CODE: Readonly<Record<string, FailureCode>> = {
    ...Object.fromEntries(FAILURE_CODES.map((code) => [code, code])),
    invalid_state: 'conflict',
    too_many_requests: 'rate_limited',
    unauthorized: 'session_expired',
    token_expired: 'session_expired',
    invalid_token: 'session_expired',
    token_unavailable: 'session_expired',
    insufficient_scope: 'forbidden',
    internal_error: 'server',
    insecure_url: 'setup',
    unsupported_grant_type: 'setup',
    invalid_scope: 'setup',
    idempotency_key_reused: 'unknown'
};

/** HTTP status → failure, for answers without the contract's error body. */
function byStatus(status: number): FailureCode {
    switch (status) {
        case 0:
            return 'network';
        case 400:
        case 422:
            return 'invalid_request';
        case 401:
            return 'session_expired';
        case 403:
            return 'forbidden';
        case 404:
            return 'not_found';
        case 408:
        case 504:
            return 'timeout';
        case 409:
            return 'conflict';
        case 429:
            return 'rate_limited';
        case 502:
        case 503:
            return 'unavailable';
        default:
            return status >= 500 && status < 600 ? 'server' : 'unknown';
    }
}

export const MAX_DETAIL = 1000;

interface ErrorFacts {
    name: string;
    code: string;
    status: number | null;
    text: string;
}

/** Reads an error without trusting it: a throwing getter or a proxy gives nothing rather than an exception. */
function factsOf(error: unknown): ErrorFacts {
    const facts: ErrorFacts = { name: '', code: '', status: null, text: '' };
    if (typeof error === 'string') {
        facts.text = error;
        return facts;
    }
    if (typeof error !== 'object' || error === null) {
        facts.text = typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint' ? String(error) : '';
        return facts;
    }
    const read = (key: string): unknown => {
        try {
            return (error as Record<string, unknown>)[key];
        } catch {
            return undefined;
        }
    };
    const name = read('name');
    const code = read('code');
    const status = read('status');
    const message = read('message');
    const body = read('body');
    facts.name = typeof name === 'string' ? name : '';
    facts.code = typeof code === 'string' ? code : '';
    facts.status = typeof status === 'number' && Number.isInteger(status) ? status : null;
    facts.text = typeof message === 'string' ? message : '';
    if (!facts.text && typeof body === 'object' && body !== null) {
        try {
            const inner = (body as { message?: unknown }).message;
            facts.text = typeof inner === 'string' ? inner : '';
        } catch {
            facts.text = '';
        }
    }
    return facts;
}

function classify(facts: ErrorFacts): FailureCode {
    const known = Object.prototype.hasOwnProperty.call(BY_CODE, facts.code) ? BY_CODE[facts.code] : undefined;
    if (known) {
        return known;
    }
    if (facts.name === 'TimeoutError') {
        return 'timeout';
    }
    return facts.status === null ? 'unknown' : byStatus(facts.status);
}

function detailOf(facts: ErrorFacts): string {
    const answer = facts.status === null ? '' : facts.status === 0 ? ' (no HTTP answer)' : ` (HTTP ${facts.status})`;
    const head = `${facts.code || facts.name || 'error'}${answer}`;
    const text = facts.text ? `: ${facts.text.slice(0, 4 * MAX_DETAIL)}` : '';
    return redactText(`${head}${text}`).slice(0, MAX_DETAIL);
}

/** The agent's message for a failure, and the detail support needs. Never throws. */
export function describeFailure(error: unknown): Failure {
    const facts = factsOf(error);
    const code = classify(facts);
    return { message: MESSAGES[code], detail: detailOf(facts), code, severity: WARNINGS.has(code) ? 'Warning' : 'Error' };
}

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
