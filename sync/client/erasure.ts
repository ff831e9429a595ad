// Erasure on request (issue 15), the parts that need no Salesforce connection: which pulled records ask for an
// erasure, the requests Diamy's server sends to Diamy's telephony platform (POST /v2/erasures: the person's numbers
// and the Diamy call ids of the person's Diamy_Call__c records, in parts of at most MAX_ERASURE_CALL_IDS), and the log
// entry, which holds ids, counts and dates only (the person's data is what is being erased). The entry names the
// person in its payload, never in Related_Record_Id__c: a later erasure of the same person (flow
// Diamy_Erase_Person_Calls_Run, step Update_Person_Logs) blanks the entries whose Related_Record_Id__c is the person,
// and would blank the proof of this one (the integration user cannot write Cleared_At__c, which would exempt it).
import { createHash } from 'node:crypto';
import type { ErasureRequest, ErasureResult, ErrorBody } from '../../contract/events.ts';
import { CALL_ID_PATTERN, MAX_ERASURE_CALL_IDS, MAX_ERASURE_NUMBERS } from '../../contract/events.ts';
import type { AppliedErasure, PendingErasure } from './checkpoint.ts';
import type { KeyOf } from './phoneKey.ts';

export type { ErasureRequest, ErasureResult };

/** The stamp the flow Diamy_Erase_Person_Calls_Run writes; read-only for the integration user, who reads it. */
export const ERASURE_FIELD = 'Diamy_Erasure_Requested_At__c';
/** What an erasure request is made of: the pull reads these whatever the caller's field mapping. */
export const ERASURE_READ_FIELDS = [ERASURE_FIELD, 'Diamy_Contact_Id__c', 'Phone', 'MobilePhone'] as const;
/** Salesforce number fields whose values find the person's calls at Diamy. */
const NUMBER_FIELDS = ['Phone', 'MobilePhone'] as const;

/** Applies one erasure at Diamy: resolves with Diamy's answer, rejects (ErasureFailure or any error) when it failed. */
export type EraseAtDiamy = (request: ErasureRequest) => Promise<ErasureResult>;

export class ErasureFailure extends Error {
    constructor(
        /** Diamy's error code (`unavailable`, `timeout`…) or `network`. Never a message: it could echo the body. */
        readonly errorCode: string,
        readonly status: number | null
    ) {
        super(`erasure at Diamy failed: ${status ?? 'no answer'} ${errorCode}`);
    }
}

/**
 * POST /v2/erasures with a client-credentials token that carries erasures:write (`token` gets or refreshes it).
 * Any non-200 answer, a network error or no answer within `timeoutMs` rejects with ErasureFailure.
 */
export function diamyEraser(options: { baseUrl: string; token: () => Promise<string>; timeoutMs?: number }): EraseAtDiamy {
    return async (request) => {
        let response: Response;
        try {
            response = await fetch(`${options.baseUrl}/v2/erasures`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
                body: JSON.stringify(request),
                signal: AbortSignal.timeout(options.timeoutMs ?? 30_000)
            });
        } catch (error) {
            throw new ErasureFailure((error as Error).name === 'TimeoutError' ? 'timeout' : 'network', null);
        }
        const body: unknown = await response.json().catch(() => null);
        if (response.status !== 200) {
            throw new ErasureFailure((body as ErrorBody | null)?.error?.code ?? 'unknown', response.status);
        }
        const result = erasureResultOf(body);
        // A 200 whose body is not an erasure result (a proxy's page, a cut body) says nothing about what Diamy did.
        if (!result) throw new ErasureFailure('invalid_response', 200);
        return result;
    };
}

/** `value` when it has the shape of Diamy's answer to POST /v2/erasures (ErasureResult), else null. */
export function erasureResultOf(value: unknown): ErasureResult | null {
    if (typeof value !== 'object' || value === null) return null;
    const answer = value as Record<string, unknown>;
    const count = (key: string) => Number.isInteger(answer[key]) && (answer[key] as number) >= 0;
    const ok =
        typeof answer.erasure_id === 'string' &&
        typeof answer.salesforce_id === 'string' &&
        typeof answer.requested_at === 'string' &&
        count('calls_anonymized') &&
        count('recordings_deleted') &&
        count('call_ids_unknown') &&
        typeof answer.already_applied === 'boolean';
    return ok ? (value as ErasureResult) : null;
}

/**
 * A client-credentials token from Diamy (POST /v2/oauth/token) carrying `scope`: what `diamyEraser` needs for
 * erasures:write. Any answer other than 200 with an access_token rejects (with the status and Diamy's error code,
 * never the body's text).
 */
export async function diamyClientCredentials(options: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    scope: string;
}): Promise<string> {
    const response = await fetch(`${options.baseUrl}/v2/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: options.clientId,
            client_secret: options.clientSecret,
            scope: options.scope
        })
    });
    const body: unknown = await response.json().catch(() => null);
    const token = (body as { access_token?: unknown } | null)?.access_token;
    if (response.status !== 200 || typeof token !== 'string' || token === '') {
        const code = (body as ErrorBody | null)?.error?.code ?? 'unknown';
        throw new Error(`client-credentials token from Diamy refused: ${response.status} ${code}`);
    }
    return token;
}

/** `<object>|<15-character id>`: the 15- and 18-character forms of an id are one person. */
export function personKey(object: 'Contact' | 'Lead', salesforceId: string): string {
    return `${object}|${salesforceId.slice(0, 15)}`;
}

/** Salesforce answers `…+0000`; Date.parse wants `Z`. NaN when the value is not a date. */
export function stampTime(value: unknown): number {
    return typeof value === 'string' ? Date.parse(value.replace(/\+0000$/, 'Z')) : Number.NaN;
}

/**
 * The erasure a pulled record asks for, or null: none when it carries no stamp, or a stamp not newer than the one
 * already applied (a later pull of the same stamp is a no-op) or already waiting for a retry.
 */
export function erasureOf(
    object: 'Contact' | 'Lead',
    fields: Record<string, unknown>,
    applied: AppliedErasure | undefined,
    pending: PendingErasure | undefined,
    e164: KeyOf
): PendingErasure | null {
    const stamp = stampTime(fields[ERASURE_FIELD]);
    if (Number.isNaN(stamp)) return null;
    const known = Math.max(
        applied ? stampTime(applied.requestedAt) : -Infinity,
        pending ? stampTime(pending.requestedAt) : -Infinity
    );
    if (stamp <= known) return null;
    const numbers = NUMBER_FIELDS.map((field) => e164(typeof fields[field] === 'string' ? fields[field] : null)).filter(
        (number) => number !== ''
    );
    const diamyContactId = fields.Diamy_Contact_Id__c;
    return {
        object,
        salesforceId: String(fields.Id),
        requestedAt: new Date(stamp).toISOString(),
        numbers: [...new Set(numbers)].slice(0, MAX_ERASURE_NUMBERS),
        diamyContactId: typeof diamyContactId === 'string' && diamyContactId !== '' ? diamyContactId : null,
        attempts: 0,
        errorCode: ''
    };
}

/**
 * The SOQL that lists the Diamy call ids of the person's Diamy_Call__c records (the integration user has View All on
 * Diamy_Call__c and reads Diamy_Call_Id__c, Contact__c and Lead__c). The id is checked before it goes into the query.
 */
export function personCallsQuery(erasure: PendingErasure): string {
    if (!/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(erasure.salesforceId)) {
        throw new Error(`not a Salesforce id: ${erasure.salesforceId.length} characters`);
    }
    const relation = erasure.object === 'Contact' ? 'Contact__c' : 'Lead__c';
    return `SELECT Diamy_Call_Id__c FROM Diamy_Call__c WHERE ${relation} = '${erasure.salesforceId}'`;
}

/**
 * The call ids a request may carry: distinct, in the contract's format. A record whose Diamy_Call_Id__c is not a Diamy
 * call id (test data, an import) names no call at Diamy; sending it would make Diamy refuse the whole request.
 */
export function usableCallIds(values: readonly unknown[]): string[] {
    return [...new Set(values.filter((value): value is string => typeof value === 'string' && CALL_ID_PATTERN.test(value)))];
}

/**
 * The bodies of POST /v2/erasures for one erasure: one per MAX_ERASURE_CALL_IDS call ids (one when there are none),
 * all with the same stamp and numbers (Diamy searches the numbers once per stamp and treats an erased call as a
 * no-op, so sending a part again is safe). None when there is neither a number nor a call id: nothing to find.
 */
export function erasureRequests(erasure: PendingErasure, callIds: readonly string[]): ErasureRequest[] {
    if (erasure.numbers.length === 0 && callIds.length === 0) return [];
    const parts: string[][] = [];
    for (let i = 0; i < callIds.length; i += MAX_ERASURE_CALL_IDS) parts.push(callIds.slice(i, i + MAX_ERASURE_CALL_IDS));
    return (parts.length > 0 ? parts : [[]]).map((part) => ({
        salesforce_id: erasure.salesforceId,
        salesforce_object: erasure.object,
        requested_at: erasure.requestedAt,
        ...(erasure.numbers.length > 0 ? { numbers: erasure.numbers } : {}),
        ...(part.length > 0 ? { call_ids: part } : {}),
        ...(erasure.diamyContactId ? { diamy_contact_id: erasure.diamyContactId } : {})
    }));
}

/** One Diamy_Integration_Log__c entry per erasure (its failures and its success update the same entry). */
export function erasureLogKey(erasure: PendingErasure): string {
    return createHash('sha256')
        .update(`erasure|${personKey(erasure.object, erasure.salesforceId)}|${erasure.requestedAt}`)
        .digest('hex');
}

/**
 * Whether the org refused the query of the person's calls for good: an object or field it does not have
 * (INVALID_TYPE, INVALID_FIELD: the package is missing or older) or an access the integration user lacks
 * (INSUFFICIENT_ACCESS…: its permission set). Asking again changes nothing until the org is fixed.
 */
export function orgRefusedForGood(erasure: PendingErasure): boolean {
    const code = erasure.errorCode;
    return (
        code === 'salesforce_INVALID_TYPE' ||
        code === 'salesforce_INVALID_FIELD' ||
        code.startsWith('salesforce_INSUFFICIENT_ACCESS')
    );
}

/**
 * Whether the last attempt was refused for good: the org's refusal of the query (orgRefusedForGood), or Diamy's: a 4xx
 * other than 401 (token), 408 (timeout) and 429 (rate limit)
 * says the request itself is wrong (400 invalid body, 403 scope, 404 no endpoint…); sending it again changes nothing
 * until Diamy or the configuration is fixed. The client still retries it every cycle (an erasure is never dropped),
 * and its log entry says so plainly (Failed, Critical).
 */
export function refusedForGood(erasure: PendingErasure): boolean {
    if (orgRefusedForGood(erasure)) return true;
    const status = erasure.httpStatus;
    return status !== undefined && status >= 400 && status < 500 && ![401, 408, 429].includes(status);
}

/** The entry of an erasure a newer stamp of the same person replaced before Diamy applied it: ids and dates. */
export function supersededLogText(replaced: PendingErasure, newer: string): { message: string; payload: string } {
    return {
        message: `Erasure requested ${replaced.requestedAt} superseded by the one requested ${newer}, which erases the same person (and calls made since)`,
        payload: JSON.stringify({
            object: replaced.object,
            salesforceId: replaced.salesforceId,
            diamyContactId: replaced.diamyContactId,
            requestedAt: replaced.requestedAt,
            supersededBy: newer
        })
    };
}

/**
 * Message and payload of the log entry: ids, counts, dates and an error code. No name, number or e-mail: the
 * numbers and call ids are counted, never written. `callIds`: how many the org listed (null when the query failed);
 * `callIdsSkipped`: how many values of Diamy_Call_Id__c were not Diamy call ids (left out of the requests).
 */
export function erasureLogText(
    erasure: PendingErasure,
    outcome: ErasureResult | null,
    callIds: number | null,
    callIdsSkipped = 0
): { message: string; payload: string } {
    const base = {
        object: erasure.object,
        salesforceId: erasure.salesforceId,
        diamyContactId: erasure.diamyContactId,
        requestedAt: erasure.requestedAt,
        numbers: erasure.numbers.length,
        ...(callIds === null ? {} : { callIds }),
        ...(callIdsSkipped > 0 ? { callIdsSkipped } : {})
    };
    if (!outcome && orgRefusedForGood(erasure)) {
        return {
            message: `ERASURE_REFUSED ${erasure.errorCode}: the org refuses the query of the person's calls for the erasure requested ${erasure.requestedAt}; retried every cycle, it will keep failing until the package or the integration user's access is fixed`,
            payload: JSON.stringify({ ...base, errorCode: erasure.errorCode, attempts: erasure.attempts })
        };
    }
    if (!outcome && refusedForGood(erasure)) {
        return {
            message: `ERASURE_REFUSED ${erasure.errorCode} (HTTP ${erasure.httpStatus ?? ''}): Diamy refuses the erasure requested ${erasure.requestedAt}; retried every cycle, it will keep failing until Diamy or the connection is fixed`,
            payload: JSON.stringify({
                ...base,
                errorCode: erasure.errorCode,
                httpStatus: erasure.httpStatus,
                attempts: erasure.attempts
            })
        };
    }
    if (!outcome) {
        return {
            message: `ERASURE_FAILED ${erasure.errorCode}: the erasure requested ${erasure.requestedAt} is not applied at Diamy yet; retried next cycle`,
            payload: JSON.stringify({ ...base, errorCode: erasure.errorCode, attempts: erasure.attempts })
        };
    }
    const counts = {
        erasureId: outcome.erasure_id,
        callsAnonymized: outcome.calls_anonymized,
        recordingsDeleted: outcome.recordings_deleted,
        callIdsUnknown: outcome.call_ids_unknown,
        alreadyApplied: outcome.already_applied
    };
    const message =
        erasure.numbers.length === 0 && !callIds
            ? `Erasure requested ${erasure.requestedAt}: no phone number and no call record, so no call to find at Diamy; Diamy's copy of the person is forgotten`
            : outcome.already_applied
              ? `Erasure requested ${erasure.requestedAt} was already applied at Diamy; Diamy's copy of the person is forgotten`
              : `Erasure requested ${erasure.requestedAt} applied at Diamy: ${outcome.calls_anonymized} calls anonymised, ${outcome.recordings_deleted} recordings deleted; Diamy's copy of the person is forgotten`;
    return { message, payload: JSON.stringify({ ...base, ...counts }) };
}
