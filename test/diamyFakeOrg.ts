// An in-memory stand-in for the org side of Lightning Data Service, for the call-logging tests and the
// telephony fault suite. It must never be kinder than the platform:
// - Diamy_Call_Id__c is a unique external id (DUPLICATE_VALUE in the UI API error shape), and so is the
//   integration log's Idempotency_Key__c;
// - the package's validation rules on Diamy_Call__c run for the running user (an agent without the custom
//   permission Manage Diamy Calls by default): Diamy_Call_Id_Required, Diamy_Call_Own_Softphone_Calls (on create:
//   Agent__c = the user, Source__c = Softphone), Diamy_Call_Facts_Locked (on update: no telephony fact changes),
//   Diamy_Call_Values_Well_Formed (numbers, E.164, call id), and for a user with Disposition Required on Wrap-Up
//   Diamy_Call_Disposition_Required (no wrap-up value without a disposition) — FIELD_CUSTOM_VALIDATION_EXCEPTION with the rule's
//   message, under output.fieldErrors[field] for a rule with an error field, else under output.errors;
// - Private sharing: records created "by Diamy's server" are invisible to the agent (updates answer NOT_FOUND,
//   lookups answer null), and a lookup (GraphQL in production) may lag right after a create;
// - it can be told to fail the next N saves like a network outage, a lock or a validation rule would.
// It counts, per Diamy call id, the create attempts, the duplicates answered, the refusals and the wrap-ups
// applied (updates that changed Disposition__c or Notes__c), for the fault suite's figures.
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';

export interface FakeRecord {
    id: string;
    apiName: string;
    fields: Record<string, unknown>;
    visible: boolean;
}

/** An LDS error: the platform rejects with { status, body }; an Error carrying them keeps lint and stack traces. */
function uiApiError(status: number, body: unknown): Error {
    return Object.assign(new Error(`UI API ${status}`), { status, body });
}

/** `lost-answer`: the save is applied but its answer never arrives (the caller sees a network error and retries). */
export type FailureKind = 'network' | 'validation' | 'lock' | 'lost-answer';

/** The agent of the sandbox harness (Camille Martin), the default running user. */
/** Diamy_Integration_Log__c.Status__c: a restricted picklist. */
const LOG_STATUSES = ['New', 'Retrying', 'Resolved', 'Failed', 'Ignored'];

export const DEFAULT_RUNNING_USER_ID = '005000000000001AAA';

export interface FakeOrgOptions {
    /** The Salesforce user saving through LDS ($User.Id). Default: DEFAULT_RUNNING_USER_ID. */
    runningUserId?: string;
    /** The running user has the custom permission Manage Diamy Calls (Diamy Admin, Diamy Integration). Default false. */
    manageDiamyCalls?: boolean;
    /** The running user has the custom permission Disposition Required on Wrap-Up (Diamy Disposition Required). Default false. */
    dispositionRequired?: boolean;
    /** How many lookups (findCallRecordId) still answer null right after a record is created. Default 0. */
    lookupLag?: number;
    /**
     * The running user may edit Diamy_Integration_Log__c (Diamy Admin: modify all; Diamy Agent: create and read only).
     * Default true. When false, updating a log entry is refused as UI API refuses a record the user may not edit.
     */
    editIntegrationLogs?: boolean;
}

/** What happened to one Diamy call id. */
export interface CallStats {
    /** createRecord calls for this Diamy call id, whatever their answer. */
    createAttempts: number;
    /** Creates answered DUPLICATE_VALUE (the call was already saved). */
    duplicates: number;
    /** Creates and updates refused by a validation rule. */
    refused: number;
    /** Successful updates that changed Disposition__c or Notes__c. */
    wrapUpsApplied: number;
    /**
     * Successful saves that set or changed the follow-up request (subject, due date or assignee): each runs the flow
     * Diamy_Call_Follow_Up_Request in the org, which creates or updates the Task. A save writing the same request
     * again (a retry, a second tab) changes nothing, so the flow does not run and no second Task is created.
     */
    followUpRequestsApplied: number;
}

export interface OrgTotals extends CallStats {
    /** Diamy_Call__c records in the org. */
    calls: number;
}

interface Rule {
    name: string;
    message: string;
    /** The rule's error field (errorDisplayField); the UI API reports it under output.fieldErrors. */
    field: string | null;
    failsOn(record: Record<string, unknown>, previous: Record<string, unknown> | null, manage: boolean, dispositionRequired: boolean): boolean;
}

/** The follow-up request on a call: a change of any of them (with a subject) runs the flow Diamy_Call_Follow_Up_Request. */
const FOLLOW_UP_REQUEST_FIELDS = ['Follow_Up_Request_Subject__c', 'Follow_Up_Request_Due_Date__c', 'Follow_Up_Request_Assignee__c'] as const;

/** The wrap-up values Diamy_Call_Disposition_Required watches (its ISCHANGED list). */
export const WRAP_UP_RECORD_FIELDS = [
    'Disposition__c',
    'Notes__c',
    'Callback_At__c',
    'Follow_Up_Request_Subject__c',
    'Follow_Up_Request_Due_Date__c',
    'Follow_Up_Request_Assignee__c'
] as const;

/** The telephony facts Diamy_Call_Facts_Locked protects (its ISCHANGED list). */
export const CALL_FACT_FIELDS = [
    'Diamy_Call_Id__c',
    'Direction__c',
    'Outcome__c',
    'Started_At__c',
    'Answered_At__c',
    'Ended_At__c',
    'Talk_Seconds__c',
    'Wait_Seconds__c',
    'From_Number__c',
    'From_Number_E164__c',
    'To_Number__c',
    'To_Number_E164__c',
    'Caller_Name__c',
    'Agent__c',
    'Source__c',
    'Diamy_Line__c',
    'Diamy_Queue__c',
    'Recording_URL__c',
    'Transferred__c',
    'Conferenced__c',
    'Consulted_Party__c',
    'Consult_Seconds__c',
    'Consult_Outcome__c'
] as const;

const E164 = /^[+][1-9][0-9]{1,14}$/;
const NUMBER = /^[0-9+*#(). /-]{1,40}$/;
const CALL_ID = /^[!-~]{1,64}$/;

function blank(value: unknown): boolean {
    return value === null || value === undefined || value === '';
}

/** A formula's REGEX(field, pattern) on a non-blank field: the whole text must match. */
function malformed(value: unknown, pattern: RegExp): boolean {
    return !blank(value) && !pattern.test(String(value));
}

/** Salesforce compares ids on their case-sensitive 15-character form. */
function sameId(a: unknown, b: unknown): boolean {
    return typeof a === 'string' && typeof b === 'string' && a.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
}

function changed(a: unknown, b: unknown): boolean {
    return (blank(a) && blank(b)) === false && a !== b;
}

/** The package's validation rules on Diamy_Call__c (force-app/main/default/objects/Diamy_Call__c/validationRules). */
function callRules(runningUserId: () => string): Rule[] {
    return [
        {
            name: 'Diamy_Call_Id_Required',
            message: 'Enter the Diamy call ID. It identifies the call in Diamy and prevents duplicate call records.',
            field: 'Diamy_Call_Id__c',
            failsOn: (record) => blank(record.Diamy_Call_Id__c)
        },
        {
            name: 'Diamy_Call_Own_Softphone_Calls',
            message: 'You can save only your own calls from the softphone. Calls of other agents or from other sources are saved by Diamy.',
            field: 'Agent__c',
            failsOn: (record, previous, manage) => previous === null && !manage && (!sameId(record.Agent__c, runningUserId()) || record.Source__c !== 'Softphone')
        },
        {
            name: 'Diamy_Call_Facts_Locked',
            message: 'The call details come from Diamy and cannot be changed. You can change the disposition, the notes and the related records.',
            field: null,
            failsOn: (record, previous, manage) => previous !== null && !manage && CALL_FACT_FIELDS.some((field) => changed(previous[field], record[field]))
        },
        {
            name: 'Diamy_Call_Disposition_Required',
            message: 'Choose a disposition: your administrator requires one with every wrap-up.',
            field: 'Disposition__c',
            failsOn: (record, previous, _manage, dispositionRequired) =>
                previous !== null && dispositionRequired && blank(record.Disposition__c) && WRAP_UP_RECORD_FIELDS.some((field) => changed(previous[field], record[field]))
        },
        {
            name: 'Diamy_Call_Values_Well_Formed',
            message: 'A phone number may contain only digits, spaces and + * # ( ) . / -, and the Diamy call ID only characters without spaces.',
            field: null,
            failsOn: (record, _previous, manage) =>
                malformed(record.From_Number_E164__c, E164) ||
                malformed(record.To_Number_E164__c, E164) ||
                (!manage && (malformed(record.From_Number__c, NUMBER) || malformed(record.To_Number__c, NUMBER) || malformed(record.Diamy_Call_Id__c, CALL_ID)))
        }
    ];
}

function validationError(failed: Rule[]): Error {
    const errors: unknown[] = [];
    const fieldErrors: Record<string, unknown[]> = {};
    for (const rule of failed) {
        const error = { errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: rule.message, ...(rule.field ? { field: rule.field } : {}) };
        if (rule.field) {
            fieldErrors[rule.field] = [...(fieldErrors[rule.field] ?? []), error];
        } else {
            errors.push(error);
        }
    }
    return uiApiError(400, { message: failed[0]?.message ?? 'invalid', output: { errors, fieldErrors } });
}

function duplicateError(field: string, shownId: string): Error {
    // The UI API puts a unique-field violation under fieldErrors with errorCode DUPLICATE_VALUE.
    return uiApiError(400, {
        message: 'An error occurred while trying to update the record. Please try again.',
        output: {
            errors: [],
            fieldErrors: { [field]: [{ errorCode: 'DUPLICATE_VALUE', field, message: `duplicate value found: ${field} duplicates value on record with id: ${shownId}` }] }
        }
    });
}

/** Unique external ids per object. */
const UNIQUE_FIELDS: Record<string, string> = { Diamy_Call__c: 'Diamy_Call_Id__c', Diamy_Integration_Log__c: 'Idempotency_Key__c' };

export class FakeOrg {
    records: FakeRecord[] = [];
    createCalls = 0;
    updateCalls = 0;
    /** findCallRecordId calls. */
    lookups = 0;
    runningUserId: string;
    manageDiamyCalls: boolean;
    dispositionRequired: boolean;
    lookupLag: number;
    editIntegrationLogs: boolean;
    /** When true, duplicate errors carry no record id in the message (as for a record the user cannot see). */
    hideDuplicateIds = false;
    private failures: FailureKind[] = [];
    private counter = 0;
    private readonly stats = new Map<string, CallStats>();
    private readonly lagLeft = new Map<string, number>();
    private readonly rules: Rule[];

    constructor(options: FakeOrgOptions = {}) {
        this.runningUserId = options.runningUserId ?? DEFAULT_RUNNING_USER_ID;
        this.manageDiamyCalls = options.manageDiamyCalls ?? false;
        this.dispositionRequired = options.dispositionRequired ?? false;
        this.lookupLag = options.lookupLag ?? 0;
        this.editIntegrationLogs = options.editIntegrationLogs ?? true;
        this.rules = callRules(() => this.runningUserId);
    }

    failNext(kind: FailureKind, times = 1): void {
        for (let i = 0; i < times; i += 1) {
            this.failures.push(kind);
        }
    }

    /** A Diamy_Call__c created by Diamy's server, not shared with the agent (no rule applies: the integration user). */
    seedInvisibleCall(diamyCallId: string): void {
        this.counter += 1;
        this.records.push({ id: `a01INVISIBLE${String(this.counter).padStart(6, '0')}`, apiName: 'Diamy_Call__c', fields: { Diamy_Call_Id__c: diamyCallId }, visible: false });
    }

    calls(): FakeRecord[] {
        return this.records.filter((r) => r.apiName === 'Diamy_Call__c');
    }

    logs(): FakeRecord[] {
        return this.records.filter((r) => r.apiName === 'Diamy_Integration_Log__c');
    }

    /** Diamy call ids that appear on more than one record: must always be empty. */
    duplicates(): string[] {
        const seen = new Map<string, number>();
        for (const record of this.calls()) {
            const id = String(record.fields.Diamy_Call_Id__c);
            seen.set(id, (seen.get(id) ?? 0) + 1);
        }
        return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
    }

    /** What happened to one Diamy call id (zeros for an id never seen). */
    callStats(diamyCallId: string): CallStats {
        return { ...(this.stats.get(diamyCallId) ?? { createAttempts: 0, duplicates: 0, refused: 0, wrapUpsApplied: 0, followUpRequestsApplied: 0 }) };
    }

    /** Every Diamy call id seen, with its figures. */
    allCallStats(): Record<string, CallStats> {
        return Object.fromEntries([...this.stats].map(([id, stats]) => [id, { ...stats }]));
    }

    /** Sums over every Diamy call id, and the number of call records. */
    totals(): OrgTotals {
        const totals: OrgTotals = { calls: this.calls().length, createAttempts: 0, duplicates: 0, refused: 0, wrapUpsApplied: 0, followUpRequestsApplied: 0 };
        for (const stats of this.stats.values()) {
            totals.createAttempts += stats.createAttempts;
            totals.duplicates += stats.duplicates;
            totals.refused += stats.refused;
            totals.wrapUpsApplied += stats.wrapUpsApplied;
            totals.followUpRequestsApplied += stats.followUpRequestsApplied;
        }
        return totals;
    }

    private count(diamyCallId: unknown, key: keyof CallStats): void {
        const id = typeof diamyCallId === 'string' ? diamyCallId : String(diamyCallId);
        const stats = this.stats.get(id) ?? { createAttempts: 0, duplicates: 0, refused: 0, wrapUpsApplied: 0, followUpRequestsApplied: 0 };
        stats[key] += 1;
        this.stats.set(id, stats);
    }

    /** True (and consumed) when the next save is to be applied and its answer lost. */
    private answerLost(): boolean {
        if (this.failures[0] !== 'lost-answer') {
            return false;
        }
        this.failures.shift();
        return true;
    }

    private failure(): Error | null {
        if (this.failures[0] === 'lost-answer') {
            return null;
        }
        const kind = this.failures.shift();
        if (kind === 'network') {
            return Object.assign(new Error('Failed to fetch'), { status: 0 });
        }
        if (kind === 'lock') {
            return uiApiError(500, { message: 'locked', output: { errors: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }], fieldErrors: {} } });
        }
        if (kind === 'validation') {
            return uiApiError(400, { message: 'invalid', output: { errors: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Notes too short' }], fieldErrors: {} } });
        }
        return null;
    }

    private failedRules(record: Record<string, unknown>, previous: Record<string, unknown> | null): Rule[] {
        return this.rules.filter((rule) => rule.failsOn(record, previous, this.manageDiamyCalls, this.dispositionRequired));
    }

    createRecord = (input: RecordInput): Promise<{ id: string }> => {
        this.createCalls += 1;
        const apiName = input.apiName ?? '';
        const isCall = apiName === 'Diamy_Call__c';
        if (isCall) {
            this.count(input.fields.Diamy_Call_Id__c, 'createAttempts');
        }
        const failure = this.failure();
        if (failure) {
            return Promise.reject(failure);
        }
        const lost = this.answerLost();
        if (isCall) {
            const failed = this.failedRules(input.fields, null);
            if (failed.length > 0) {
                this.count(input.fields.Diamy_Call_Id__c, 'refused');
                return Promise.reject(validationError(failed));
            }
        }
        const uniqueField = UNIQUE_FIELDS[apiName];
        const externalId = uniqueField ? input.fields[uniqueField] : undefined;
        if (uniqueField && !blank(externalId)) {
            const existing = this.records.find((r) => r.apiName === apiName && r.fields[uniqueField] === externalId);
            if (existing) {
                if (isCall) {
                    this.count(externalId, 'duplicates');
                }
                return Promise.reject(duplicateError(uniqueField, this.hideDuplicateIds || !existing.visible ? '<unknown>' : existing.id));
            }
        }
        this.counter += 1;
        const id = `${isCall ? 'a01' : 'a02'}FAKE${String(this.counter).padStart(11, '0')}`;
        this.records.push({ id, apiName, fields: { ...input.fields }, visible: true });
        if (isCall && this.lookupLag > 0) {
            this.lagLeft.set(id, this.lookupLag);
        }
        return lost ? Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })) : Promise.resolve({ id });
    };

    updateRecord = (input: RecordUpdateInput): Promise<{ id: string }> => {
        this.updateCalls += 1;
        const failure = this.failure();
        if (failure) {
            return Promise.reject(failure);
        }
        const lost = this.answerLost();
        const record = this.records.find((r) => r.id === input.fields.Id && r.visible);
        if (!record) {
            return Promise.reject(uiApiError(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
        }
        if (record.apiName === 'Diamy_Integration_Log__c' && !this.editIntegrationLogs) {
            return Promise.reject(uiApiError(403, [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' }]));
        }
        if (record.apiName === 'Diamy_Integration_Log__c' && 'Status__c' in input.fields && !LOG_STATUSES.includes(String(input.fields.Status__c))) {
            return Promise.reject(
                uiApiError(400, {
                    message: 'invalid',
                    output: { errors: [], fieldErrors: { Status__c: [{ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: `Status: bad value for restricted picklist field: ${String(input.fields.Status__c)}` }] } }
                })
            );
        }
        const next: Record<string, unknown> = { ...record.fields };
        for (const [name, value] of Object.entries(input.fields)) {
            if (name !== 'Id') {
                next[name] = value;
            }
        }
        if (record.apiName === 'Diamy_Call__c') {
            const failed = this.failedRules(next, record.fields);
            if (failed.length > 0) {
                this.count(record.fields.Diamy_Call_Id__c, 'refused');
                return Promise.reject(validationError(failed));
            }
            if (changed(record.fields.Disposition__c, next.Disposition__c) || changed(record.fields.Notes__c, next.Notes__c)) {
                this.count(record.fields.Diamy_Call_Id__c, 'wrapUpsApplied');
            }
            if (FOLLOW_UP_REQUEST_FIELDS.some((field) => changed(record.fields[field], next[field])) && !blank(next.Follow_Up_Request_Subject__c)) {
                this.count(record.fields.Diamy_Call_Id__c, 'followUpRequestsApplied');
            }
        }
        record.fields = next;
        return lost ? Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 })) : Promise.resolve({ id: record.id });
    };

    /** Like a GraphQL query on Diamy_Call_Id__c: only records the user can see, possibly lagging after a create. */
    findCallRecordId = (diamyCallId: string): Promise<string | null> => {
        this.lookups += 1;
        const record = this.calls().find((r) => r.fields.Diamy_Call_Id__c === diamyCallId && r.visible);
        if (!record) {
            return Promise.resolve(null);
        }
        const lag = this.lagLeft.get(record.id) ?? 0;
        if (lag > 0) {
            this.lagLeft.set(record.id, lag - 1);
            return Promise.resolve(null);
        }
        return Promise.resolve(record.id);
    };
}

/**
 * localStorage stand-in shared by the "tabs" of one browser; can be made to hold garbage or refuse writes.
 * Like the Web Storage API it lists its keys (`length`, `key(index)`).
 */
export class MemoryStorage {
    data = new Map<string, string>();
    refuseWrites = false;
    /** Every successful setItem, in order (key only), for tests that check when the queue was written. */
    writes: string[] = [];
    /** Every getItem, in order (key only), for tests that check what a logger never reads. */
    reads: string[] = [];
    get length(): number {
        return this.data.size;
    }
    key(index: number): string | null {
        return [...this.data.keys()][index] ?? null;
    }
    getItem(key: string): string | null {
        this.reads.push(key);
        return this.data.get(key) ?? null;
    }
    setItem(key: string, value: string): void {
        if (this.refuseWrites) {
            throw new Error('QuotaExceededError');
        }
        this.data.set(key, value);
        this.writes.push(key);
    }
    removeItem(key: string): void {
        this.data.delete(key);
    }
}
