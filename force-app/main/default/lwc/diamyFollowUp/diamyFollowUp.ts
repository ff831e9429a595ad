/**
 * Follow-ups of a Diamy call, one service for every place that asks for them: the softphone's wrap-up, the call
 * record components and the call lists. Plain typed functions: check what the agent asks for (with the Custom Label
 * the UI shows), turn it into the call's fields, read a call's follow-up back from LDS or GraphQL.
 *
 * The browser never creates the Task. The request is written on the call (Follow_Up_Request_Subject__c, …_Due_Date__c,
 * …_Assignee__c) — by the call log with the wrap-up, or by LDS updateRecord from a record page or a list — and the
 * flow Diamy_Call_Follow_Up_Request creates the Task in the same transaction and stamps its Id on the call. A retry
 * whose answer was lost, a reload or a second tab writes the same values again: the flow does not run, no second Task
 * (docs/AUTOMATION.md, "Requested follow-up").
 */
import { localDate } from 'c/diamyFormat';
import { CALL_FIELDS, CALL_OBJECT_API_NAME, isIsoDate, isRecordIdOf, toWrapUpUpdate } from 'c/diamyCallRecord';
import type { FollowUpRequest, Validated, WrapUp } from 'c/diamyCallRecord';
import type { RecordUpdateInput } from 'lightning/uiRecordApi';
import FOLLOW_UP_TASK_ID from '@salesforce/schema/Diamy_Call__c.Follow_Up_Task_Id__c';
import FOLLOW_UP_OPEN from '@salesforce/schema/Diamy_Call__c.Follow_Up_Open__c';
import FOLLOW_UP_DUE_DATE from '@salesforce/schema/Diamy_Call__c.Follow_Up_Due_Date__c';
import FOLLOW_UP_REQUEST_TASK_ID from '@salesforce/schema/Diamy_Call__c.Follow_Up_Request_Task_Id__c';
import DISPOSITION_REQUIRED from '@salesforce/label/c.Diamy_WrapUp_Disposition_Required';
import SUBJECT_REQUIRED from '@salesforce/label/c.Diamy_FollowUp_Subject_Required';
import DUE_DATE_INVALID from '@salesforce/label/c.Diamy_FollowUp_Due_Date_Invalid';
import ASSIGNEE_INVALID from '@salesforce/label/c.Diamy_FollowUp_Assignee_Invalid';
import CALLBACK_INVALID from '@salesforce/label/c.Diamy_FollowUp_Callback_Invalid';

export type { FollowUpRequest };

/** The input a problem is about: the UI puts the message beside it. */
export type WrapUpProblemField = 'disposition' | 'callbackAt' | 'subject' | 'dueDate' | 'assigneeId';

export interface WrapUpProblem {
    field: WrapUpProblemField;
    /** What the agent reads (a Custom Label, English or French). */
    message: string;
}

/** What the call says about its follow-up (from getRecord, getRecords or a GraphQL node). */
export interface FollowUpState {
    /** The follow-up task the agent asked for, as written on the call; null when none is asked for. */
    requested: FollowUpRequest | null;
    /** The Task the flow created for that request; null until it exists (or when the flow could not create it: see the integration log). */
    requestTaskId: string | null;
    /** The call's follow-up: a rule's Task, or the request's; null when none. */
    taskId: string | null;
    /** That follow-up is still open (unchecked once its Task is closed). */
    open: boolean;
    /** Its due date (YYYY-MM-DD). */
    dueDate: string | null;
    /** When the agent said they would call back (ISO date-time); null when not. */
    callbackAt: string | null;
}

function qualified(field: string): string {
    return `${CALL_OBJECT_API_NAME}.${field}`;
}

function apiName(field: { fieldApiName?: string; objectApiName: string }): string {
    return field.fieldApiName ?? field.objectApiName;
}

/** The call's follow-up fields by name (what followUpOf reads). */
export const FOLLOW_UP_FIELD_NAMES = {
    requestSubject: CALL_FIELDS.followUpRequestSubject,
    requestDueDate: CALL_FIELDS.followUpRequestDueDate,
    requestAssignee: CALL_FIELDS.followUpRequestAssignee,
    requestTaskId: apiName(FOLLOW_UP_REQUEST_TASK_ID),
    taskId: apiName(FOLLOW_UP_TASK_ID),
    open: apiName(FOLLOW_UP_OPEN),
    dueDate: apiName(FOLLOW_UP_DUE_DATE),
    callbackAt: CALL_FIELDS.callbackAt
} as const;

/** Qualified field names ("Diamy_Call__c.X") to give getRecord/getRecords as optionalFields to show a call's follow-up. */
export const FOLLOW_UP_FIELDS: readonly string[] = Object.values(FOLLOW_UP_FIELD_NAMES).map(qualified);

/** Today as YYYY-MM-DD in the user's time zone (kept in c/diamyFormat, which the softphone loads up front). */
export { localDate };

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a follow-up request (empty when it can be saved); `today` (YYYY-MM-DD): the earliest due date. */
export function checkFollowUp(request: unknown, today: string): WrapUpProblem[] {
    const given = isRecord(request) ? request : {};
    const problems: WrapUpProblem[] = [];
    if (typeof given.subject !== 'string' || given.subject.trim() === '') {
        problems.push({ field: 'subject', message: SUBJECT_REQUIRED });
    }
    if (!isIsoDate(given.dueDate) || given.dueDate < today) {
        problems.push({ field: 'dueDate', message: DUE_DATE_INVALID });
    }
    const assignee = given.assigneeId ?? null;
    if (assignee !== null && !isRecordIdOf(assignee, 'user')) {
        problems.push({ field: 'assigneeId', message: ASSIGNEE_INVALID });
    }
    return problems;
}

/** What is wrong with a callback time (empty when it is a date-time after `nowMs`). */
export function checkCallback(at: unknown, nowMs: number): WrapUpProblem[] {
    const time = at instanceof Date ? at.getTime() : typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : Number.NaN;
    return Number.isFinite(time) && time > nowMs ? [] : [{ field: 'callbackAt', message: CALLBACK_INVALID }];
}

/**
 * Everything the wrap-up form must refuse before Save, with the message to show: a missing disposition when the
 * admin requires one (`dispositionRequired`: c/diamyWrapUpPolicy), a callback time that is not in the future, a
 * follow-up request without subject or with a due date before `today`. A value left out (undefined) or null (cleared)
 * is not checked.
 */
export function checkWrapUpInput(wrapUp: WrapUp, options: { dispositionRequired: boolean; nowMs: number; today: string }): WrapUpProblem[] {
    const problems: WrapUpProblem[] = [];
    const disposition: unknown = wrapUp.disposition;
    if (options.dispositionRequired && (typeof disposition !== 'string' || disposition.trim() === '')) {
        problems.push({ field: 'disposition', message: DISPOSITION_REQUIRED });
    }
    if (wrapUp.callbackAt !== undefined && wrapUp.callbackAt !== null) {
        problems.push(...checkCallback(wrapUp.callbackAt, options.nowMs));
    }
    if (wrapUp.followUp !== undefined && wrapUp.followUp !== null) {
        problems.push(...checkFollowUp(wrapUp.followUp, options.today));
    }
    return problems;
}

/**
 * The LDS updateRecord input that asks for a follow-up on a saved call (a record page, a call list): the request
 * (null withdraws one not acted on yet) and/or a callback time (null clears it). The flow does the rest.
 */
export function toFollowUpUpdate(recordId: string, changes: { followUp?: FollowUpRequest | null; callbackAt?: Date | string | null }): Validated<RecordUpdateInput> {
    const wrapUp: WrapUp = {};
    if (changes.followUp !== undefined) {
        wrapUp.followUp = changes.followUp;
    }
    if (changes.callbackAt !== undefined) {
        wrapUp.callbackAt = changes.callbackAt;
    }
    return toWrapUpUpdate(recordId, wrapUp);
}

type FieldBag = Record<string, { value?: unknown } | null | undefined>;

/** A field's value in a getRecord representation (`fields.X.value`) or a GraphQL node (`X.value`). */
function valueOf(record: Record<string, unknown>, field: string): unknown {
    const fields = isRecord(record.fields) ? (record.fields as FieldBag) : null;
    const fromFields = fields?.[field];
    if (isRecord(fromFields)) {
        return fromFields.value ?? null;
    }
    const direct = record[field];
    return isRecord(direct) ? (direct.value ?? null) : null;
}

function textOrNull(value: unknown): string | null {
    return typeof value === 'string' && value !== '' ? value : null;
}

/** What a call record says about its follow-up; an unreadable or missing record reads as no follow-up. */
export function followUpOf(record: unknown): FollowUpState {
    const source = isRecord(record) ? record : {};
    const names = FOLLOW_UP_FIELD_NAMES;
    const subject = textOrNull(valueOf(source, names.requestSubject));
    const due = textOrNull(valueOf(source, names.requestDueDate));
    return {
        requested: subject === null ? null : { subject, dueDate: due ?? '', assigneeId: textOrNull(valueOf(source, names.requestAssignee)) },
        requestTaskId: textOrNull(valueOf(source, names.requestTaskId)),
        taskId: textOrNull(valueOf(source, names.taskId)),
        open: valueOf(source, names.open) === true,
        dueDate: textOrNull(valueOf(source, names.dueDate)),
        callbackAt: textOrNull(valueOf(source, names.callbackAt))
    };
}
