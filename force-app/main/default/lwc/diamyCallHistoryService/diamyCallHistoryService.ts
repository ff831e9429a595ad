/**
 * The call history of a record page (c-diamy-call-history), as plain functions: which GraphQL document and
 * variables list the record's Diamy_Call__c records, how a page of the answer becomes rows the agent reads (in their
 * language, locale and time zone), which records a call back relates to, why the call back is not possible now, and
 * which `logged` messages concern this history.
 *
 * The documents are static (one per record object; the platform caches the parsed query), ordered by Started_At__c
 * newest first, paginated with a cursor: `first` = the page size, `after` = the previous page's endCursor
 * (pageInfo { hasNextPage endCursor }). UI API GraphQL filters on a parent relationship's fields (API v56.0 and
 * later, "Parent and Child Relationship Filters"), so an Account page also lists its contacts' calls with one query:
 * `or: [{ Account__c: { eq } }, { Contact__r: { AccountId: { eq } } }]`.
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument } from 'lightning/graphql';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import WHEN from '@salesforce/label/c.Diamy_History_When';
import AGENT from '@salesforce/label/c.Diamy_History_Agent';
import WITHHELD from '@salesforce/label/c.Diamy_History_Withheld';
import REASON_UNKNOWN from '@salesforce/label/c.Diamy_History_Reason_Unknown';
import REASON_NONE from '@salesforce/label/c.Diamy_History_Reason_None';
import REASON_CONNECTING from '@salesforce/label/c.Diamy_History_Reason_Connecting';
import REASON_OFFLINE from '@salesforce/label/c.Diamy_History_Reason_Offline';
import REASON_ON_CALL from '@salesforce/label/c.Diamy_History_Reason_On_Call';
import REASON_OTHER_TAB from '@salesforce/label/c.Diamy_History_Reason_Other_Tab';
import DIAL_FAILED from '@salesforce/label/c.Diamy_History_Dial_Failed';
import RECORDING_FAILED from '@salesforce/label/c.Diamy_History_Recording_Failed';
import RECORDING_NO_SOFTPHONE from '@salesforce/label/c.Diamy_History_Recording_No_Softphone';
import RECORDING_OTHER_TAB from '@salesforce/label/c.Diamy_History_Recording_Other_Tab';
import { callResult, directionLabel, formatDay, formatLabel, intlLocale, intlTimeZone, outcomeLabel } from 'c/diamyFormat';
import { formatPhoneForDisplay } from 'c/diamyPhoneMatch';
import type { RelatedRecords } from 'c/diamyCallRecord';
import { relatesTo } from 'c/diamyPhoneChannel';
import type { LoggedMessage, PhoneResult, SoftphoneView } from 'c/diamyPhoneChannel';

/** The record pages the history goes on (its .js-meta.xml targets). */
export type HistoryObject = 'Contact' | 'Account' | 'Lead' | 'Opportunity' | 'Case';
export const HISTORY_OBJECTS: readonly HistoryObject[] = ['Contact', 'Account', 'Lead', 'Opportunity', 'Case'];

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;
/** Characters of the notes shown in a row; the whole text is in the row's title. */
export const NOTES_PREVIEW_LENGTH = 140;

// One document per filter. Every one selects the same row fields (ROW below is what toHistoryPage reads).
export const CONTACT_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryContact($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Contact__c: { eq: $recordId } }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

export const ACCOUNT_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryAccount($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Account__c: { eq: $recordId } }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

/** The account's own calls and those of its contacts (a parent relationship filter on Contact__r). */
export const ACCOUNT_AND_CONTACTS_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryAccountContacts($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { or: [{ Account__c: { eq: $recordId } }, { Contact__r: { AccountId: { eq: $recordId } } }] }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

export const LEAD_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryLead($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Lead__c: { eq: $recordId } }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

export const OPPORTUNITY_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryOpportunity($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Opportunity__c: { eq: $recordId } }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

export const CASE_HISTORY_QUERY: GraphQLDocument = gql`
    query diamyCallHistoryCase($recordId: ID, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Case__c: { eq: $recordId } }, orderBy: { Started_At__c: { order: DESC, nulls: LAST } }, first: $first, after: $after) {
                    edges { node { Id Diamy_Call_Id__c { value } Direction__c { value } Outcome__c { value } Started_At__c { value } Talk_Seconds__c { value } Disposition__c { value displayValue } Notes__c { value } Recording_URL__c { value } Caller_Name__c { value } From_Number__c { value } From_Number_E164__c { value } To_Number__c { value } To_Number_E164__c { value } Contact__c { value } Agent__r { Name { value } } } }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

export interface HistoryVariables {
    recordId: string;
    first: number;
    /** The previous page's endCursor; null for the first page. */
    after: string | null;
}

export interface HistoryLookup {
    query: GraphQLDocument;
    variables: HistoryVariables;
}

export interface HistoryOptions {
    /** The App Builder property (a number, or its text); clamped to 1–50, 10 when unusable. */
    pageSize?: unknown;
    /** Account pages: also the calls of the account's contacts (App Builder property, default true). */
    includeContacts?: unknown;
    after?: string | null;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export function isHistoryObject(value: unknown): value is HistoryObject {
    return typeof value === 'string' && (HISTORY_OBJECTS as readonly string[]).includes(value);
}

/** The page size an admin set, within 1–50; the default (10) for anything that is not a number. */
export function pageSizeOf(value: unknown): number {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
        return DEFAULT_PAGE_SIZE;
    }
    return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(number)));
}

/** The App Builder Boolean (true, false, or its text "false"); true when not set, as its default. */
export function includeContactsOf(value: unknown): boolean {
    return !(value === false || value === 'false');
}

/** The query listing a record's calls; undefined on a page the history does not support or without a record id. */
export function historyLookup(objectApiName: unknown, recordId: unknown, options: HistoryOptions = {}): HistoryLookup | undefined {
    if (!isHistoryObject(objectApiName) || typeof recordId !== 'string' || !SALESFORCE_ID.test(recordId)) {
        return undefined;
    }
    const variables: HistoryVariables = { recordId, first: pageSizeOf(options.pageSize), after: options.after ?? null };
    switch (objectApiName) {
        case 'Contact':
            return { query: CONTACT_HISTORY_QUERY, variables };
        case 'Account':
            return { query: includeContactsOf(options.includeContacts) ? ACCOUNT_AND_CONTACTS_HISTORY_QUERY : ACCOUNT_HISTORY_QUERY, variables };
        case 'Lead':
            return { query: LEAD_HISTORY_QUERY, variables };
        case 'Opportunity':
            return { query: OPPORTUNITY_HISTORY_QUERY, variables };
        default:
            return { query: CASE_HISTORY_QUERY, variables };
    }
}

/** The records a call placed from this page is logged against: the page's record. */
export function relatedOf(objectApiName: unknown, recordId: string): RelatedRecords {
    switch (objectApiName) {
        case 'Contact':
            return { contactId: recordId };
        case 'Account':
            return { accountId: recordId };
        case 'Lead':
            return { leadId: recordId };
        case 'Opportunity':
            return { opportunityId: recordId };
        case 'Case':
            return { caseId: recordId };
        default:
            return {};
    }
}

/**
 * True when a call the softphone logged belongs in this history: it relates to the page's record (for an Account,
 * a call logged with this account id).
 */
export function historyFollows(message: Pick<LoggedMessage, 'related'>, recordId: string | null | undefined): boolean {
    return relatesTo(message.related, recordId);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

export interface HistoryRow {
    /** The Diamy_Call__c record id. */
    id: string;
    diamyCallId: string;
    direction: string;
    directionText: string;
    /** SLDS utility icon of the direction. */
    directionIcon: string;
    outcome: string;
    outcomeText: string;
    /** Talk time of an answered call, else how it went ("Missed call", "No answer"…). */
    result: string;
    /** True for calls nobody answered (shown as a warning). */
    unanswered: boolean;
    agentName: string;
    /** "Handled by <agent>" ('' without an agent). */
    agentText: string;
    startedAt: string | null;
    /** "today at 14:03" in the user's language, locale and time zone. */
    whenText: string;
    /** The full date and time, for the title. */
    whenTitle: string;
    disposition: string;
    notes: string;
    notesPreview: string;
    /** The other party's name as the call record keeps it. */
    name: string;
    /** The other party's number as stored (E.164 when Diamy gave it): what a call back dials. */
    number: string;
    /** That number for the agent's country ("06 12 34 56 78" for a French agent), or "Withheld number". */
    numberText: string;
    hasNumber: boolean;
    hasRecording: boolean;
    /** The account page's contact of this call, if any (a call back is logged against it too). */
    contactId: string | null;
}

export interface HistoryPage {
    rows: HistoryRow[];
    hasNextPage: boolean;
    endCursor: string | null;
}

export interface RowOptions {
    /** The agent's country (User.Diamy_Default_Country__c), ISO alpha-2. */
    agentCountry?: string;
    locale?: string;
    timeZone?: string;
    /** Now, epoch ms (for "today", "yesterday"). */
    now?: number;
}

type Node = Record<string, unknown>;

function isObject(value: unknown): value is Node {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field's raw value when it is of the expected type; null otherwise (absent, null, malformed). */
function valueOf(node: Node, field: string): unknown {
    const entry = node[field];
    return isObject(entry) ? entry.value : undefined;
}
function textOf(node: Node, field: string): string {
    const value = valueOf(node, field);
    return typeof value === 'string' ? value : '';
}
function numberOf(node: Node, field: string): number | null {
    const value = valueOf(node, field);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
/** What the user reads for a picklist: its label in their language (displayValue), else the API value. */
function shownOf(node: Node, field: string): string {
    const entry = node[field];
    if (!isObject(entry)) {
        return '';
    }
    if (typeof entry.displayValue === 'string' && entry.displayValue !== '') {
        return entry.displayValue;
    }
    return typeof entry.value === 'string' ? entry.value : '';
}

const DIRECTION_ICONS: Readonly<Record<string, string>> = {
    Inbound: 'utility:incoming_call',
    Outbound: 'utility:outbound_call',
    Internal: 'utility:call'
};
const ANSWERED = 'Answered';

/** The first characters of the notes on one line, with an ellipsis when cut. */
export function notesPreview(notes: string, length: number = NOTES_PREVIEW_LENGTH): string {
    const line = notes.replace(/\s+/g, ' ').trim();
    if (line.length <= length) {
        return line;
    }
    return `${line.slice(0, length - 1).trimEnd()}…`;
}

/** "today at 14:03", "12 May at 09:30" (aujourd'hui à 14:03…) where the user is; '' for anything not a date-time. */
export function formatWhen(value: string | null | undefined, options: RowOptions = {}): { text: string; title: string } {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || !Number.isFinite(Date.parse(value))) {
        return { text: '', title: '' };
    }
    const locale = intlLocale(options.locale ?? LOCALE);
    const timeZone = intlTimeZone(options.timeZone ?? TIME_ZONE);
    const instant = Date.parse(value);
    const day = formatDay(value, { locale, timeZone, now: options.now });
    const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(instant);
    const title = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(instant);
    return { text: formatLabel(WHEN, day, time), title };
}

/** The other party of a call: the caller of an inbound call, the callee otherwise (E.164 first, else as dialled). */
function otherPartyNumber(node: Node, direction: string): string {
    const side = direction === 'Inbound' ? 'From' : 'To';
    return (textOf(node, `${side}_Number_E164__c`) || textOf(node, `${side}_Number__c`)).trim();
}

/** One row from a GraphQL node; null for a node without an id (malformed answer). */
export function toHistoryRow(node: unknown, options: RowOptions = {}): HistoryRow | null {
    if (!isObject(node) || typeof node.Id !== 'string' || node.Id === '') {
        return null;
    }
    const direction = textOf(node, 'Direction__c');
    const outcome = textOf(node, 'Outcome__c');
    const startedAt = textOf(node, 'Started_At__c') || null;
    const when = formatWhen(startedAt, options);
    const agent = isObject(node.Agent__r) ? node.Agent__r : {};
    const agentName = textOf(agent, 'Name');
    const notes = textOf(node, 'Notes__c');
    const number = otherPartyNumber(node, direction);
    const contactId = textOf(node, 'Contact__c');
    return {
        id: node.Id,
        diamyCallId: textOf(node, 'Diamy_Call_Id__c'),
        direction,
        directionText: directionLabel(direction),
        directionIcon: DIRECTION_ICONS[direction] ?? 'utility:call',
        outcome,
        outcomeText: outcomeLabel(outcome),
        result: callResult(outcome, numberOf(node, 'Talk_Seconds__c'), options.locale ?? LOCALE),
        unanswered: outcome !== '' && outcome !== ANSWERED,
        agentName,
        agentText: agentName ? formatLabel(AGENT, agentName) : '',
        startedAt,
        whenText: when.text,
        whenTitle: when.title,
        disposition: shownOf(node, 'Disposition__c'),
        notes,
        notesPreview: notesPreview(notes),
        name: textOf(node, 'Caller_Name__c'),
        number,
        numberText: number ? formatPhoneForDisplay(number, options.agentCountry ?? 'FR') : WITHHELD,
        hasNumber: number !== '',
        hasRecording: textOf(node, 'Recording_URL__c') !== '' && textOf(node, 'Diamy_Call_Id__c') !== '',
        contactId: contactId || null
    };
}

interface HistoryData {
    uiapi?: { query?: { Diamy_Call__c?: { edges?: unknown; pageInfo?: unknown } } };
}

/**
 * A page of rows from the `data` of a history query; undefined when the answer does not have the shape of one
 * (the component then says the history could not be loaded). Malformed nodes are left out.
 */
export function toHistoryPage(data: unknown, options: RowOptions = {}): HistoryPage | undefined {
    const connection = (data as HistoryData | undefined)?.uiapi?.query?.Diamy_Call__c;
    if (!isObject(connection) || !Array.isArray(connection.edges)) {
        return undefined;
    }
    const rows: HistoryRow[] = [];
    for (const edge of connection.edges as unknown[]) {
        const row = isObject(edge) ? toHistoryRow(edge.node, options) : null;
        if (row) {
            rows.push(row);
        }
    }
    const pageInfo = isObject(connection.pageInfo) ? connection.pageInfo : {};
    const endCursor = typeof pageInfo.endCursor === 'string' && pageInfo.endCursor !== '' ? pageInfo.endCursor : null;
    return { rows, hasNextPage: pageInfo.hasNextPage === true && endCursor !== null, endCursor };
}

/** Pages loaded so far, in order; the same row (a call that moved between pages after a refresh) is kept once. */
export function mergePages(pages: readonly HistoryRow[][]): HistoryRow[] {
    const seen = new Set<string>();
    const rows: HistoryRow[] = [];
    for (const page of pages) {
        for (const row of page) {
            if (!seen.has(row.id)) {
                seen.add(row.id);
                rows.push(row);
            }
        }
    }
    return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// The softphone

/** Why "Call back" is disabled now; null when the softphone can place the call. */
export function callBackBlockedReason(view: Pick<SoftphoneView, 'availability'>): string | null {
    switch (view.availability) {
        case 'ready':
            return null;
        case 'unknown':
            return REASON_UNKNOWN;
        case 'none':
            return REASON_NONE;
        case 'connecting':
            return REASON_CONNECTING;
        case 'offline':
            return REASON_OFFLINE;
        case 'on_call':
            return REASON_ON_CALL;
        case 'other_tab':
            return REASON_OTHER_TAB;
        default:
            return REASON_NONE;
    }
}

/** The refusal of a dial request as the agent reads it: the softphone's own message, else ours by reason. */
export function dialRefusalMessage(result: PhoneResult): string {
    if (result.message) {
        return result.message;
    }
    switch (result.reason) {
        case 'no_softphone':
            return REASON_NONE;
        case 'connecting':
        case 'offline':
        case 'on_call':
        case 'other_tab':
            return callBackBlockedReason({ availability: result.reason }) ?? DIAL_FAILED;
        default:
            return DIAL_FAILED;
    }
}

/** A usable recording link from the softphone's answer: an https URL not yet expired; null otherwise. */
export interface RecordingLink {
    url: string;
    /** Epoch ms; null when the softphone gave no (readable) expiry. */
    expiresAt: number | null;
}

export function recordingLinkOf(result: PhoneResult, now: number = Date.now()): RecordingLink | null {
    if (!result.ok || typeof result.url !== 'string' || !/^https?:\/\//i.test(result.url)) {
        return null;
    }
    const expiresAt = typeof result.expiresAt === 'string' ? Date.parse(result.expiresAt) : Number.NaN;
    if (Number.isFinite(expiresAt) && expiresAt <= now) {
        return null;
    }
    return { url: result.url, expiresAt: Number.isFinite(expiresAt) ? expiresAt : null };
}

/** True while a link can still be played (a few seconds of margin: the player asks for the audio at once). */
export function linkStillValid(link: RecordingLink | null | undefined, now: number = Date.now()): boolean {
    return Boolean(link) && (link?.expiresAt === null || (link?.expiresAt ?? 0) - 5000 > now);
}

/** The refusal of a recording request as the agent reads it. */
export function recordingRefusalMessage(result: PhoneResult): string {
    if (result.ok) {
        return RECORDING_FAILED; // ok but no usable link
    }
    if (result.message) {
        return result.message;
    }
    switch (result.reason) {
        case 'no_softphone':
            return RECORDING_NO_SOFTPHONE;
        case 'other_tab':
            // Only the tab that owns the phone holds the Diamy session that may ask for a link.
            return RECORDING_OTHER_TAB;
        default:
            return RECORDING_FAILED;
    }
}
