/**
 * The Diamy_Call__c record: one record per call, keyed by the Diamy call id (a unique external id).
 * Plain typed functions that turn a finished call into the record input Lightning Data Service takes,
 * validating every value first so that a malformed call never reaches the org half-written.
 */
import CALL_OBJECT from '@salesforce/schema/Diamy_Call__c';
import DIAMY_CALL_ID from '@salesforce/schema/Diamy_Call__c.Diamy_Call_Id__c';
import DIRECTION from '@salesforce/schema/Diamy_Call__c.Direction__c';
import OUTCOME from '@salesforce/schema/Diamy_Call__c.Outcome__c';
import FROM_NUMBER from '@salesforce/schema/Diamy_Call__c.From_Number__c';
import FROM_NUMBER_E164 from '@salesforce/schema/Diamy_Call__c.From_Number_E164__c';
import TO_NUMBER from '@salesforce/schema/Diamy_Call__c.To_Number__c';
import TO_NUMBER_E164 from '@salesforce/schema/Diamy_Call__c.To_Number_E164__c';
import CALLER_NAME from '@salesforce/schema/Diamy_Call__c.Caller_Name__c';
import STARTED_AT from '@salesforce/schema/Diamy_Call__c.Started_At__c';
import ANSWERED_AT from '@salesforce/schema/Diamy_Call__c.Answered_At__c';
import ENDED_AT from '@salesforce/schema/Diamy_Call__c.Ended_At__c';
import TALK_SECONDS from '@salesforce/schema/Diamy_Call__c.Talk_Seconds__c';
import WAIT_SECONDS from '@salesforce/schema/Diamy_Call__c.Wait_Seconds__c';
import AGENT from '@salesforce/schema/Diamy_Call__c.Agent__c';
import CONTACT from '@salesforce/schema/Diamy_Call__c.Contact__c';
import LEAD from '@salesforce/schema/Diamy_Call__c.Lead__c';
import ACCOUNT from '@salesforce/schema/Diamy_Call__c.Account__c';
import OPPORTUNITY from '@salesforce/schema/Diamy_Call__c.Opportunity__c';
import CASE_FIELD from '@salesforce/schema/Diamy_Call__c.Case__c';
import CAMPAIGN from '@salesforce/schema/Diamy_Call__c.Campaign__c';
import CAMPAIGN_MEMBER_ID from '@salesforce/schema/Diamy_Call__c.Campaign_Member_Id__c';
import DISPOSITION from '@salesforce/schema/Diamy_Call__c.Disposition__c';
import NOTES from '@salesforce/schema/Diamy_Call__c.Notes__c';
import RECORDING_URL from '@salesforce/schema/Diamy_Call__c.Recording_URL__c';
import DIAMY_LINE from '@salesforce/schema/Diamy_Call__c.Diamy_Line__c';
import DIAMY_QUEUE from '@salesforce/schema/Diamy_Call__c.Diamy_Queue__c';
import TASK_ID from '@salesforce/schema/Diamy_Call__c.Task_Id__c';
import TRANSFERRED from '@salesforce/schema/Diamy_Call__c.Transferred__c';
import CONFERENCED from '@salesforce/schema/Diamy_Call__c.Conferenced__c';
import SOURCE from '@salesforce/schema/Diamy_Call__c.Source__c';
import CONSULTED_PARTY from '@salesforce/schema/Diamy_Call__c.Consulted_Party__c';
import CONSULT_SECONDS from '@salesforce/schema/Diamy_Call__c.Consult_Seconds__c';
import CONSULT_OUTCOME from '@salesforce/schema/Diamy_Call__c.Consult_Outcome__c';
import CALLBACK_AT from '@salesforce/schema/Diamy_Call__c.Callback_At__c';
import FOLLOW_UP_REQUEST_SUBJECT from '@salesforce/schema/Diamy_Call__c.Follow_Up_Request_Subject__c';
import FOLLOW_UP_REQUEST_DUE_DATE from '@salesforce/schema/Diamy_Call__c.Follow_Up_Request_Due_Date__c';
import FOLLOW_UP_REQUEST_ASSIGNEE from '@salesforce/schema/Diamy_Call__c.Follow_Up_Request_Assignee__c';
import type { FieldValue, RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';

export const CALL_DIRECTIONS = ['Inbound', 'Outbound', 'Internal'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_OUTCOMES = ['Answered', 'Missed', 'Voicemail', 'Busy', 'No_Answer', 'Failed', 'Abandoned'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_SOURCES = ['Softphone', 'Diamy_Server'] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

/**
 * How a consultation (attended transfer: the customer on hold while the agent talks to a colleague or another
 * number) ended, as Consult_Outcome__c records it: the customer was transferred to the consulted party, merged into
 * a conference with them, the agent cancelled after the party answered, the party never answered (cancelled while
 * ringing, busy, no answer), or the customer hung up while the consultation was open.
 */
export const CONSULT_OUTCOMES = ['Transferred', 'Merged', 'Cancelled', 'Not_Answered', 'Caller_Hung_Up'] as const;
export type ConsultOutcome = (typeof CONSULT_OUTCOMES)[number];

/**
 * The consultations of a customer call, recorded on the customer call's own record (a consult leg never gets a
 * record of its own): the last consulted party (a colleague's name, else the number), the seconds spent in all
 * consultations of the call, the last one's outcome.
 */
export interface ConsultSummary {
    party: string | null;
    seconds: number;
    outcome: ConsultOutcome;
}

/** Field lengths, as declared on Diamy_Call__c. */
export const FIELD_LIMITS = {
    diamyCallId: 64,
    numberAsDialled: 40,
    e164: 16,
    callerName: 120,
    line: 80,
    queue: 80,
    notes: 32768,
    recordingUrl: 1024,
    consultedParty: 120,
    disposition: 255,
    followUpSubject: 255
} as const;

export interface CallParty {
    /** The number as Diamy or the agent gave it. */
    number: string;
    /** The same number in E.164 (+33123456789), when known. */
    e164?: string | null;
    name?: string | null;
    /**
     * True for the side that is the agent who owns the record (the caller's own side of an internal call): the
     * record's Caller Name then names the other side. Without it, Caller Name is the callee of an outbound call and
     * the caller of any other.
     */
    agent?: boolean;
}

export interface RelatedRecords {
    contactId?: string | null;
    leadId?: string | null;
    accountId?: string | null;
    opportunityId?: string | null;
    caseId?: string | null;
    /** The call list (Campaign) and its member the call was placed to (c/diamyCallListPanel). */
    campaignId?: string | null;
    campaignMemberId?: string | null;
}

/** A call that has ended, as the telephony layer reports it. Times are Date objects or ISO 8601 strings. */
export interface CompletedCall {
    diamyCallId: string;
    direction: CallDirection;
    outcome: CallOutcome;
    from: CallParty;
    to: CallParty;
    startedAt: Date | string;
    answeredAt?: Date | string | null;
    endedAt: Date | string;
    agentUserId?: string | null;
    related?: RelatedRecords;
    line?: string | null;
    queue?: string | null;
    recordingUrl?: string | null;
    transferred?: boolean;
    conferenced?: boolean;
    /** The consultations the agent opened on this call (null or absent: none). */
    consult?: ConsultSummary | null;
    source: CallSource;
}

/**
 * A follow-up task the agent asks for with the wrap-up (or from a call record or a call list): written on the call,
 * the flow Diamy Call Follow-Up Request creates the Task once (and updates it when the request changes).
 */
export interface FollowUpRequest {
    /** The Task's subject (required, at most 255 characters). */
    subject: string;
    /** The Task's due date, YYYY-MM-DD. */
    dueDate: string;
    /** The user who gets the Task; null: the call's agent. */
    assigneeId: string | null;
}

/**
 * What the agent writes after a call. The call's Task link (Task_Id__c) and follow-up stamps are written by the
 * flows only: agents cannot edit them. An absent value is left as it is; null clears it.
 */
export interface WrapUp {
    disposition?: string | null;
    notes?: string | null;
    /** When the agent will call back ("callback later"): a Date or an ISO 8601 date-time. */
    callbackAt?: Date | string | null;
    /** A follow-up task to create for the call; null withdraws a request not acted on yet (a Task already created stays). */
    followUp?: FollowUpRequest | null;
}

/** The wrap-up as separate values: the call log merges and writes each one on its own (the newest value wins). */
export const WRAP_UP_FIELDS = ['disposition', 'notes', 'callbackAt', 'followUpSubject', 'followUpDueDate', 'followUpAssigneeId'] as const;
export type WrapUpField = (typeof WRAP_UP_FIELDS)[number];
export type WrapUpValues = Partial<Record<WrapUpField, string | null>>;

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * A call record input: refused only for what the record cannot exist without (id, direction, times, parties,
 * agent, source); an optional value that is invalid — or an outcome Diamy added later — is left out or mapped
 * to a safe value and named in `warnings` (field and reason only, never the value: a URL may carry a token, a
 * number is personal data).
 */
export type ValidatedCall = { ok: true; value: RecordInput; warnings: string[] } | { ok: false; problems: string[] };

const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
/** What the validation rule Diamy_Call_Values_Well_Formed accepts in a number as dialled (docs/SECURITY.md §2). */
const DIALLED_NUMBER_PATTERN = /^[0-9+*#(). /-]{1,40}$/;
/** …and in the Diamy call id: printable ASCII without spaces. */
const CALL_ID_PATTERN = /^[!-~]+$/;
const RECORD_ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Key prefixes of the objects a call may point at; a lookup given another object's id is a bug upstream. */
const KEY_PREFIX = {
    user: '005',
    contact: '003',
    lead: '00Q',
    account: '001',
    opportunity: '006',
    case: '500',
    campaign: '701',
    campaignMember: '00v',
    task: '00T'
} as const;

function apiName(field: { fieldApiName?: string; objectApiName: string }): string {
    return field.fieldApiName ?? field.objectApiName;
}

/** The object API name that createRecord needs. */
export const CALL_OBJECT_API_NAME: string = CALL_OBJECT.objectApiName;

/** Field API names, taken from schema imports so that the platform tracks the dependency. */
export const CALL_FIELDS = {
    diamyCallId: apiName(DIAMY_CALL_ID),
    direction: apiName(DIRECTION),
    outcome: apiName(OUTCOME),
    fromNumber: apiName(FROM_NUMBER),
    fromNumberE164: apiName(FROM_NUMBER_E164),
    toNumber: apiName(TO_NUMBER),
    toNumberE164: apiName(TO_NUMBER_E164),
    callerName: apiName(CALLER_NAME),
    startedAt: apiName(STARTED_AT),
    answeredAt: apiName(ANSWERED_AT),
    endedAt: apiName(ENDED_AT),
    talkSeconds: apiName(TALK_SECONDS),
    waitSeconds: apiName(WAIT_SECONDS),
    agent: apiName(AGENT),
    contact: apiName(CONTACT),
    lead: apiName(LEAD),
    account: apiName(ACCOUNT),
    opportunity: apiName(OPPORTUNITY),
    case: apiName(CASE_FIELD),
    campaign: apiName(CAMPAIGN),
    campaignMemberId: apiName(CAMPAIGN_MEMBER_ID),
    disposition: apiName(DISPOSITION),
    notes: apiName(NOTES),
    recordingUrl: apiName(RECORDING_URL),
    line: apiName(DIAMY_LINE),
    queue: apiName(DIAMY_QUEUE),
    taskId: apiName(TASK_ID),
    transferred: apiName(TRANSFERRED),
    conferenced: apiName(CONFERENCED),
    source: apiName(SOURCE),
    consultedParty: apiName(CONSULTED_PARTY),
    consultSeconds: apiName(CONSULT_SECONDS),
    consultOutcome: apiName(CONSULT_OUTCOME),
    callbackAt: apiName(CALLBACK_AT),
    followUpRequestSubject: apiName(FOLLOW_UP_REQUEST_SUBJECT),
    followUpRequestDueDate: apiName(FOLLOW_UP_REQUEST_DUE_DATE),
    followUpRequestAssignee: apiName(FOLLOW_UP_REQUEST_ASSIGNEE)
} as const;

export function isCallDirection(value: unknown): value is CallDirection {
    return typeof value === 'string' && (CALL_DIRECTIONS as readonly string[]).includes(value);
}

export function isCallOutcome(value: unknown): value is CallOutcome {
    return typeof value === 'string' && (CALL_OUTCOMES as readonly string[]).includes(value);
}

export function isCallSource(value: unknown): value is CallSource {
    return typeof value === 'string' && (CALL_SOURCES as readonly string[]).includes(value);
}

export function isConsultOutcome(value: unknown): value is ConsultOutcome {
    return typeof value === 'string' && (CONSULT_OUTCOMES as readonly string[]).includes(value);
}

/** True for a 15- or 18-character Salesforce id of the given object (by key prefix). */
export function isRecordIdOf(value: unknown, object: keyof typeof KEY_PREFIX): value is string {
    return typeof value === 'string' && RECORD_ID_PATTERN.test(value) && value.startsWith(KEY_PREFIX[object]);
}

function toDate(value: Date | string | null | undefined): Date | null {
    if (value === null || value === undefined) {
        return null;
    }
    const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
}

function wholeSecondsBetween(from: Date, to: Date): number {
    return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

function trimTo(value: string | null | undefined, max: number): string | null {
    if (value === null || value === undefined) {
        return null;
    }
    const trimmed = value.trim();
    if (trimmed === '') {
        return null;
    }
    return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

function e164OrNull(value: string | null | undefined): string | null {
    return typeof value === 'string' && E164_PATTERN.test(value) ? value : null;
}

function isHttpUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
        return false;
    }
}

/** The outcome a call whose outcome is unknown is saved with: Answered if it was answered, else Failed (no follow-up rule fires on Failed). */
function safeOutcome(answered: boolean): CallOutcome {
    return answered ? 'Answered' : 'Failed';
}

/** The number as dialled, if the org's validation rule would accept it (cut to the field length first). */
function dialledNumber(value: string): string | null {
    const trimmed = trimTo(value, FIELD_LIMITS.numberAsDialled);
    return trimmed !== null && DIALLED_NUMBER_PATTERN.test(trimmed) ? trimmed : null;
}

/** The party the agent talked to: the side not marked as the agent, else by direction (outbound: the callee). */
function counterpart(call: CompletedCall): CallParty {
    if (call.from.agent === true && call.to.agent !== true) {
        return call.to;
    }
    if (call.to.agent === true && call.from.agent !== true) {
        return call.from;
    }
    return call.direction === 'Outbound' ? call.to : call.from;
}

/**
 * Validates a finished call and builds the createRecord input for Diamy_Call__c.
 * Durations are derived from the timestamps: talk = answered → ended, wait = started → answered (or ended).
 */
export function toCallRecordInput(call: CompletedCall): ValidatedCall {
    const problems: string[] = [];
    const warnings: string[] = [];
    const diamyCallId = typeof call.diamyCallId === 'string' ? call.diamyCallId.trim() : '';
    if (diamyCallId === '') {
        problems.push('diamyCallId is missing');
    } else if (diamyCallId.length > FIELD_LIMITS.diamyCallId) {
        problems.push(`diamyCallId is longer than ${FIELD_LIMITS.diamyCallId} characters`);
    } else if (!CALL_ID_PATTERN.test(diamyCallId)) {
        problems.push('diamyCallId may contain only printable characters without spaces');
    }
    if (!isCallDirection(call.direction)) {
        problems.push(`direction "${String(call.direction)}" is not one of ${CALL_DIRECTIONS.join(', ')}`);
    }
    if (!isCallSource(call.source)) {
        problems.push(`source "${String(call.source)}" is not one of ${CALL_SOURCES.join(', ')}`);
    }
    const startedAt = toDate(call.startedAt);
    const endedAt = toDate(call.endedAt);
    if (!startedAt) {
        problems.push('startedAt is not a valid date');
    }
    if (!endedAt) {
        problems.push('endedAt is not a valid date');
    }
    if (startedAt && endedAt && endedAt < startedAt) {
        problems.push('endedAt is before startedAt');
    }
    let answeredAt = toDate(call.answeredAt);
    if (call.answeredAt !== null && call.answeredAt !== undefined && !answeredAt) {
        warnings.push('answeredAt is not a valid date: left out');
    } else if (answeredAt && startedAt && endedAt && (answeredAt < startedAt || answeredAt > endedAt)) {
        warnings.push('answeredAt is outside the call: left out');
        answeredAt = null;
    }
    let outcome: CallOutcome;
    if (isCallOutcome(call.outcome)) {
        outcome = call.outcome;
    } else {
        outcome = safeOutcome(answeredAt !== null);
        warnings.push(`outcome "${String(call.outcome).slice(0, 40)}" is not one of ${CALL_OUTCOMES.join(', ')}: saved as ${outcome}`);
    }
    if (answeredAt && outcome !== 'Answered') {
        warnings.push(`answeredAt on a call with outcome ${outcome}: left out`);
        answeredAt = null;
    }
    for (const side of ['from', 'to'] as const) {
        const party = call[side] as CallParty | undefined;
        if (!party || typeof party.number !== 'string') {
            problems.push(`${side}.number is missing`);
        }
    }
    if (call.agentUserId && !isRecordIdOf(call.agentUserId, 'user')) {
        problems.push('agentUserId is not a User id');
    }
    if (problems.length > 0 || !startedAt || !endedAt) {
        return { ok: false, problems };
    }

    const related: RelatedRecords = { ...call.related };
    const relatedChecks: [keyof RelatedRecords, keyof typeof KEY_PREFIX][] = [
        ['contactId', 'contact'],
        ['leadId', 'lead'],
        ['accountId', 'account'],
        ['opportunityId', 'opportunity'],
        ['caseId', 'case'],
        ['campaignId', 'campaign'],
        ['campaignMemberId', 'campaignMember']
    ];
    for (const [key, object] of relatedChecks) {
        const id = related[key];
        if (id && !isRecordIdOf(id, object)) {
            warnings.push(`related.${key} is not a ${object} id: left out`);
            related[key] = null;
        }
    }
    if (related.contactId && related.leadId) {
        warnings.push('related.leadId left out: a call relates to a Contact or a Lead, not both (the Contact is kept)');
        related.leadId = null;
    }
    const numbers = { from: dialledNumber(call.from.number), to: dialledNumber(call.to.number) };
    for (const side of ['from', 'to'] as const) {
        if (numbers[side] === null && call[side].number.trim() !== '') {
            warnings.push(`${side}.number is not a phone number (digits, spaces and + * # ( ) . / - only): left out`);
        }
    }
    let recordingUrl = trimTo(call.recordingUrl, FIELD_LIMITS.recordingUrl);
    if (recordingUrl && !isHttpUrl(recordingUrl)) {
        warnings.push('recordingUrl is not an absolute http(s) URL: left out');
        recordingUrl = null;
    }

    const consult = consultFields(call.consult, warnings);
    const fields: Record<string, FieldValue> = {
        [CALL_FIELDS.diamyCallId]: diamyCallId,
        [CALL_FIELDS.direction]: call.direction,
        [CALL_FIELDS.outcome]: outcome,
        [CALL_FIELDS.fromNumber]: numbers.from,
        [CALL_FIELDS.fromNumberE164]: e164OrNull(call.from.e164),
        [CALL_FIELDS.toNumber]: numbers.to,
        [CALL_FIELDS.toNumberE164]: e164OrNull(call.to.e164),
        [CALL_FIELDS.callerName]: trimTo(counterpart(call).name, FIELD_LIMITS.callerName),
        [CALL_FIELDS.startedAt]: startedAt.toISOString(),
        [CALL_FIELDS.answeredAt]: answeredAt ? answeredAt.toISOString() : null,
        [CALL_FIELDS.endedAt]: endedAt.toISOString(),
        [CALL_FIELDS.talkSeconds]: answeredAt ? wholeSecondsBetween(answeredAt, endedAt) : 0,
        [CALL_FIELDS.waitSeconds]: wholeSecondsBetween(startedAt, answeredAt ?? endedAt),
        [CALL_FIELDS.agent]: call.agentUserId ?? null,
        [CALL_FIELDS.contact]: related.contactId ?? null,
        [CALL_FIELDS.lead]: related.leadId ?? null,
        [CALL_FIELDS.account]: related.accountId ?? null,
        [CALL_FIELDS.opportunity]: related.opportunityId ?? null,
        [CALL_FIELDS.case]: related.caseId ?? null,
        [CALL_FIELDS.campaign]: related.campaignId ?? null,
        [CALL_FIELDS.campaignMemberId]: related.campaignMemberId ?? null,
        [CALL_FIELDS.recordingUrl]: recordingUrl,
        [CALL_FIELDS.line]: trimTo(call.line, FIELD_LIMITS.line),
        [CALL_FIELDS.queue]: trimTo(call.queue, FIELD_LIMITS.queue),
        [CALL_FIELDS.transferred]: call.transferred === true,
        [CALL_FIELDS.conferenced]: call.conferenced === true,
        [CALL_FIELDS.source]: call.source,
        ...consult
    };
    // Leave out empty values so that a field an admin defaulted keeps its default.
    for (const [name, value] of Object.entries(fields)) {
        if (value === null) {
            delete fields[name];
        }
    }
    return { ok: true, value: { apiName: CALL_OBJECT_API_NAME, fields }, warnings };
}

/** The consult fields of a call (none without a consultation); a value the record cannot take is left out with a warning. */
function consultFields(consult: ConsultSummary | null | undefined, warnings: string[]): Record<string, FieldValue> {
    if (consult === null || consult === undefined || typeof consult !== 'object') {
        return {};
    }
    const fields: Record<string, FieldValue> = { [CALL_FIELDS.consultedParty]: trimTo(typeof consult.party === 'string' ? consult.party : null, FIELD_LIMITS.consultedParty) };
    if (typeof consult.seconds === 'number' && Number.isFinite(consult.seconds) && consult.seconds >= 0 && consult.seconds < 1e9) {
        fields[CALL_FIELDS.consultSeconds] = Math.round(consult.seconds);
    } else {
        warnings.push('consult.seconds is not a number of seconds: left out');
    }
    if (isConsultOutcome(consult.outcome)) {
        fields[CALL_FIELDS.consultOutcome] = consult.outcome;
    } else {
        warnings.push(`consult.outcome "${String(consult.outcome).slice(0, 40)}" is not one of ${CONSULT_OUTCOMES.join(', ')}: left out`);
    }
    return fields;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function isIsoDate(value: unknown): value is string {
    if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
        return false;
    }
    const date = new Date(`${value}T00:00:00.000Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The ISO date-time of a Date or a parseable date-time text, else null. */
function isoDateTime(value: unknown): string | null {
    if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? null : value.toISOString();
    }
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
        return null;
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The wrap-up as separate values (text or null); a value that is neither is left out (checkWrapUp names it). */
export function wrapUpValues(wrapUp: WrapUp): WrapUpValues {
    const values: WrapUpValues = {};
    const text = (value: unknown): value is string | null => value === null || typeof value === 'string';
    if (text(wrapUp.disposition)) {
        values.disposition = wrapUp.disposition;
    }
    if (text(wrapUp.notes)) {
        values.notes = wrapUp.notes;
    }
    if (wrapUp.callbackAt === null || typeof wrapUp.callbackAt === 'string') {
        values.callbackAt = wrapUp.callbackAt;
    } else if (wrapUp.callbackAt instanceof Date && !Number.isNaN(wrapUp.callbackAt.getTime())) {
        values.callbackAt = wrapUp.callbackAt.toISOString();
    }
    const followUp: unknown = wrapUp.followUp;
    if (followUp === null) {
        values.followUpSubject = null;
        values.followUpDueDate = null;
        values.followUpAssigneeId = null;
    } else if (isRecord(followUp)) {
        if (text(followUp.subject)) {
            values.followUpSubject = followUp.subject;
        }
        if (text(followUp.dueDate)) {
            values.followUpDueDate = followUp.dueDate;
        }
        if (text(followUp.assigneeId)) {
            values.followUpAssigneeId = followUp.assigneeId;
        }
    }
    return values;
}

/** What is wrong with a wrap-up before it is queued (field names only, never values); empty when it can be saved. */
export function checkWrapUp(wrapUp: WrapUp): string[] {
    if (!isRecord(wrapUp)) {
        return ['the wrap-up is not an object'];
    }
    const problems: string[] = [];
    for (const key of ['disposition', 'notes'] as const) {
        const value: unknown = wrapUp[key];
        if (value !== undefined && value !== null && typeof value !== 'string') {
            problems.push(`${key} is not text`);
        }
    }
    if (wrapUp.callbackAt !== undefined && wrapUp.callbackAt !== null && isoDateTime(wrapUp.callbackAt) === null) {
        problems.push('callbackAt is not a date and time');
    }
    const followUp: unknown = wrapUp.followUp;
    if (followUp !== undefined && followUp !== null) {
        if (!isRecord(followUp)) {
            problems.push('followUp is not a follow-up request');
        } else {
            if (typeof followUp.subject !== 'string' || followUp.subject.trim() === '') {
                problems.push('followUp.subject is required');
            }
            if (!isIsoDate(followUp.dueDate)) {
                problems.push('followUp.dueDate is not a date (YYYY-MM-DD)');
            }
            if (followUp.assigneeId !== null && !isRecordIdOf(followUp.assigneeId, 'user')) {
                problems.push('followUp.assigneeId is not a User id');
            }
        }
    }
    return problems;
}

/** Builds the updateRecord input that stores the agent's wrap-up on an already saved call. */
export function toWrapUpUpdate(recordId: string, wrapUp: WrapUp): Validated<RecordUpdateInput> {
    return toWrapUpValuesUpdate(recordId, wrapUpValues(wrapUp));
}

/** The updateRecord input of separate wrap-up values (what the call log writes); a value the record cannot take is a problem. */
export function toWrapUpValuesUpdate(recordId: string, values: WrapUpValues): Validated<RecordUpdateInput> {
    const problems: string[] = [];
    if (!RECORD_ID_PATTERN.test(recordId)) {
        problems.push('recordId is not a Salesforce id');
    }
    const fields: RecordUpdateInput['fields'] = { Id: recordId };
    if (values.disposition !== undefined) {
        fields[CALL_FIELDS.disposition] = trimTo(values.disposition, FIELD_LIMITS.disposition);
    }
    if (values.notes !== undefined) {
        fields[CALL_FIELDS.notes] = trimTo(values.notes, FIELD_LIMITS.notes);
    }
    if (values.callbackAt !== undefined) {
        const at = values.callbackAt === null ? null : isoDateTime(values.callbackAt);
        if (values.callbackAt !== null && at === null) {
            problems.push('callbackAt is not a date and time');
        }
        fields[CALL_FIELDS.callbackAt] = at;
    }
    if (values.followUpSubject !== undefined) {
        fields[CALL_FIELDS.followUpRequestSubject] = trimTo(values.followUpSubject, FIELD_LIMITS.followUpSubject);
    }
    if (values.followUpDueDate !== undefined) {
        if (values.followUpDueDate !== null && !isIsoDate(values.followUpDueDate)) {
            problems.push('followUp.dueDate is not a date (YYYY-MM-DD)');
        }
        fields[CALL_FIELDS.followUpRequestDueDate] = values.followUpDueDate;
    }
    if (values.followUpAssigneeId !== undefined) {
        if (values.followUpAssigneeId !== null && !isRecordIdOf(values.followUpAssigneeId, 'user')) {
            problems.push('followUp.assigneeId is not a User id');
        }
        fields[CALL_FIELDS.followUpRequestAssignee] = values.followUpAssigneeId;
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { fields } };
}
