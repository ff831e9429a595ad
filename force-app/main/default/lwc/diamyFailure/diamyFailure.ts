/**
 * What the agent reads when something fails, and what support keeps. `describeFailure` turns any error (a
 * DiamyError of c/diamyTelephony with the contract's error code and HTTP status, a browser error, anything) into a
 * Custom Label that names what the agent can do — never the server's or the browser's text, which goes to
 * `detail` (redacted) for the integration log. `FailureReporter` writes that detail to Diamy_Integration_Log__c
 * (Area Telephony), a few entries per page at most.
 */
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
