/**
 * The setup console's logic (c/diamySetup): what a Lightning component can check without Apex, the manual steps it
 * cannot check, and the integration log viewer (filters → a GraphQL `where`, cursor pages, details, status changes).
 *
 * Checks, each passed / failed (with the reason and what to do) / unknown (with why):
 * - admin: the custom permission Diamy_Manage_Calls (granted by Diamy Admin; `@salesforce/customPermission`, no server
 *   call) and the running user's edit access to Diamy_Integration_Log__c.Status__c (getObjectInfo). Permission set
 *   assignments themselves are not readable: PermissionSetAssignment is a setup object, not a UI API object.
 * - connection: one run of the connection's headless flow Diamy_Agent_Session through c-diamy-agent-token (the named
 *   credential Diamy_API → Diamy). Its failure message is the token supplier's label; the detail is redacted.
 * - sync: Diamy_Integration_Log__c, Area Sync — the newest Info entry (the server's "run completed") and the count of
 *   open (New / Retrying / Failed) Error and Critical entries logged in the last 24 hours.
 * - country: User.Diamy_Default_Country__c (formula: Diamy Settings' default country, FR when none).
 * - phoneKeys: contacts and leads with Phone filled and Diamy_Phone_Key__c empty (GraphQL totalCount).
 * - retention: the three retention settings of Diamy Settings as User formula fields (RETENTION_FIELDS; docs/DATA-PROTECTION.md).
 * docs/SYNC.md, "The setup console".
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument } from 'lightning/graphql';
import type { RecordUpdateInput } from 'lightning/uiRecordApi';
import ADMIN_TITLE from '@salesforce/label/c.Diamy_Setup_Admin_Title';
import ADMIN_PASSED from '@salesforce/label/c.Diamy_Setup_Admin_Passed';
import ADMIN_FAILED from '@salesforce/label/c.Diamy_Setup_Admin_Failed';
import ADMIN_PARTIAL from '@salesforce/label/c.Diamy_Setup_Admin_Partial';
import ADMIN_ACTION from '@salesforce/label/c.Diamy_Setup_Admin_Action';
import CONNECTION_TITLE from '@salesforce/label/c.Diamy_Setup_Connection_Title';
import CONNECTION_NOT_RUN from '@salesforce/label/c.Diamy_Setup_Connection_Not_Run';
import CONNECTION_RUNNING from '@salesforce/label/c.Diamy_Setup_Connection_Running';
import CONNECTION_PASSED from '@salesforce/label/c.Diamy_Setup_Connection_Passed';
import CONNECTION_ACTION from '@salesforce/label/c.Diamy_Setup_Connection_Action';
import SYNC_TITLE from '@salesforce/label/c.Diamy_Setup_Sync_Title';
import SYNC_PASSED from '@salesforce/label/c.Diamy_Setup_Sync_Passed';
import SYNC_ERRORS from '@salesforce/label/c.Diamy_Setup_Sync_Errors';
import SYNC_ERRORS_ACTION from '@salesforce/label/c.Diamy_Setup_Sync_Errors_Action';
import SYNC_STALE from '@salesforce/label/c.Diamy_Setup_Sync_Stale';
import SYNC_STALE_ACTION from '@salesforce/label/c.Diamy_Setup_Sync_Stale_Action';
import SYNC_NEVER from '@salesforce/label/c.Diamy_Setup_Sync_Never';
import COUNTRY_TITLE from '@salesforce/label/c.Diamy_Setup_Country_Title';
import COUNTRY_PASSED from '@salesforce/label/c.Diamy_Setup_Country_Passed';
import COUNTRY_ACTION from '@salesforce/label/c.Diamy_Setup_Country_Action';
import KEYS_TITLE from '@salesforce/label/c.Diamy_Setup_Keys_Title';
import KEYS_PASSED from '@salesforce/label/c.Diamy_Setup_Keys_Passed';
import KEYS_MISSING from '@salesforce/label/c.Diamy_Setup_Keys_Missing';
import KEYS_ACTION from '@salesforce/label/c.Diamy_Setup_Keys_Action';
import UNKNOWN_ACCESS from '@salesforce/label/c.Diamy_Setup_Unknown_Access';
import RETENTION_TITLE from '@salesforce/label/c.Diamy_Setup_Retention_Title';
import RETENTION_PASSED from '@salesforce/label/c.Diamy_Setup_Retention_Passed';
import RETENTION_DAYS from '@salesforce/label/c.Diamy_Setup_Retention_Days';
import RETENTION_OFF from '@salesforce/label/c.Diamy_Setup_Retention_Off';
import RETENTION_INVALID from '@salesforce/label/c.Diamy_Setup_Retention_Invalid';
import RETENTION_ACTION from '@salesforce/label/c.Diamy_Setup_Retention_Action';
import STEP_UTILITY_TITLE from '@salesforce/label/c.Diamy_Setup_Step_Utility_Title';
import STEP_UTILITY_TEXT from '@salesforce/label/c.Diamy_Setup_Step_Utility_Text';
import STEP_PAGES_TITLE from '@salesforce/label/c.Diamy_Setup_Step_Pages_Title';
import STEP_PAGES_TEXT from '@salesforce/label/c.Diamy_Setup_Step_Pages_Text';
import STEP_TRUSTED_TITLE from '@salesforce/label/c.Diamy_Setup_Step_Trusted_Title';
import STEP_TRUSTED_TEXT from '@salesforce/label/c.Diamy_Setup_Step_Trusted_Text';
import STEP_OAUTH_TITLE from '@salesforce/label/c.Diamy_Setup_Step_OAuth_Title';
import STEP_OAUTH_TEXT from '@salesforce/label/c.Diamy_Setup_Step_OAuth_Text';
import STEP_TRANSLATION_TITLE from '@salesforce/label/c.Diamy_Setup_Step_Translation_Title';
import STEP_AUTOMATION_TITLE from '@salesforce/label/c.Diamy_Setup_Step_Automation_Title';
import STEP_AUTOMATION_TEXT from '@salesforce/label/c.Diamy_Setup_Step_Automation_Text';
import STEP_TRANSLATION_TEXT from '@salesforce/label/c.Diamy_Setup_Step_Translation_Text';
import SAVED from '@salesforce/label/c.Diamy_Setup_Log_Saved';
import SAVE_FAILED from '@salesforce/label/c.Diamy_Setup_Log_Save_Failed';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import { intlLocale, intlTimeZone } from 'c/diamyFormat';

export type CheckStatus = 'passed' | 'failed' | 'unknown';
export type CheckId = 'admin' | 'connection' | 'sync' | 'country' | 'phoneKeys' | 'retention';

export interface CheckResult {
    id: CheckId;
    status: CheckStatus;
    title: string;
    /** Why it passed or failed, or why it could not be checked. */
    reason: string;
    /** What to do (failed / unknown only; '' when nothing). */
    action: string;
    /** A relative Lightning Setup URL where the admin acts ('' when none). */
    setupUrl: string;
}

/** `{0}`, `{1}`… in a Custom Label. */
export function fill(label: string, ...values: (string | number)[]): string {
    return label.replace(/\{(\d)\}/g, (whole, index: string) => {
        const value = values[Number(index)];
        return value === undefined ? whole : String(value);
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

function result(id: CheckId, status: CheckStatus, title: string, reason: string, action = '', setupUrl = ''): CheckResult {
    return { id, status, title, reason, action: status === 'passed' ? '' : action, setupUrl };
}

/** An error of a wire adapter or of LDS as short text for "could not check" (no record data, bounded). */
export function errorText(error: unknown): string {
    if (isRecord(error)) {
        const body = error.body;
        if (Array.isArray(body) && isRecord(body[0]) && typeof body[0].message === 'string') {
            return body[0].message.slice(0, 200);
        }
        const output = isRecord(body) && isRecord(body.output) ? body.output : undefined;
        const first = output && Array.isArray(output.errors) ? (output.errors[0] as unknown) : undefined;
        if (isRecord(first) && typeof first.message === 'string') {
            return first.message.slice(0, 200);
        }
        if (isRecord(body) && typeof body.message === 'string') {
            return body.message.slice(0, 200);
        }
        if (typeof error.message === 'string') {
            return error.message.slice(0, 200);
        }
    }
    return typeof error === 'string' ? error.slice(0, 200) : 'error';
}

const PERMISSION_SETS_URL = '/lightning/setup/PermSets/home';

/** Whether the object info says the running user may edit Status__c of the log (undefined: not known yet). */
export function canEditLog(objectInfo: unknown): boolean | undefined {
    if (!isRecord(objectInfo)) {
        return undefined;
    }
    const fields = isRecord(objectInfo.fields) ? objectInfo.fields : {};
    const status = fields.Status__c;
    return objectInfo.updateable === true && isRecord(status) && status.updateable === true;
}

/**
 * Diamy Admin: the custom permission Diamy_Manage_Calls (only Diamy Admin grants it) and edit access to the log.
 * `logEditable` undefined with `logError` set: the object info could not be read.
 */
export function adminCheck(hasManageCalls: boolean | undefined, logEditable: boolean | undefined, logError?: unknown): CheckResult {
    if (logEditable === undefined) {
        return result('admin', 'unknown', ADMIN_TITLE, fill(UNKNOWN_ACCESS, logError === undefined ? 'loading' : errorText(logError)), ADMIN_ACTION, PERMISSION_SETS_URL);
    }
    if (hasManageCalls === true && logEditable === true) {
        return result('admin', 'passed', ADMIN_TITLE, ADMIN_PASSED);
    }
    if (hasManageCalls === true) {
        return result('admin', 'failed', ADMIN_TITLE, ADMIN_PARTIAL, ADMIN_ACTION, PERMISSION_SETS_URL);
    }
    return result('admin', 'failed', ADMIN_TITLE, ADMIN_FAILED, ADMIN_ACTION, PERMISSION_SETS_URL);
}

export type ConnectionState =
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'ok' }
    | { kind: 'failed'; message: string; detail: string };

const NAMED_CREDENTIALS_URL = '/lightning/setup/NamedCredential/home';

/** The connection test: a run of Diamy_Agent_Session (c-diamy-agent-token). The token itself is never kept. */
export function connectionCheck(state: ConnectionState): CheckResult {
    switch (state.kind) {
        case 'ok':
            return result('connection', 'passed', CONNECTION_TITLE, CONNECTION_PASSED);
        case 'failed': {
            const detail = state.detail ? ` (${state.detail.slice(0, 300)})` : '';
            return result('connection', 'failed', CONNECTION_TITLE, `${state.message}${detail}`, CONNECTION_ACTION, NAMED_CREDENTIALS_URL);
        }
        case 'running':
            return result('connection', 'unknown', CONNECTION_TITLE, CONNECTION_RUNNING);
        default:
            return result('connection', 'unknown', CONNECTION_TITLE, CONNECTION_NOT_RUN);
    }
}

/** What the checks query answers. */
export interface ChecksSummary {
    /** Logged_At__c (ISO) of the newest Area Sync Info entry, null when none. */
    lastSyncSuccess: string | null;
    /** Open Error/Critical Area Sync entries logged since `since`. */
    openSyncErrors: number;
    contactsWithoutKey: number;
    leadsWithoutKey: number;
}

/**
 * One query for the sync and phone-key checks (4 subqueries; UI API allows 10). totalCount is part of every record
 * connection (GraphQL API "Paginate Results"); `first: 1` keeps the rows out.
 */
export const CHECKS_QUERY: GraphQLDocument = gql`
    query diamySetupChecks($since: DateTime) {
        uiapi {
            query {
                lastSuccess: Diamy_Integration_Log__c(
                    where: { and: [{ Area__c: { eq: "Sync" } }, { Severity__c: { eq: "Info" } }] }
                    orderBy: { Logged_At__c: { order: DESC, nulls: LAST } }
                    first: 1
                ) {
                    edges { node { Id Logged_At__c { value } } }
                }
                openErrors: Diamy_Integration_Log__c(
                    where: {
                        and: [
                            { Area__c: { eq: "Sync" } }
                            { Severity__c: { in: ["Error", "Critical"] } }
                            { Status__c: { in: ["New", "Retrying", "Failed"] } }
                            { Logged_At__c: { gte: { value: $since } } }
                        ]
                    }
                    first: 1
                ) {
                    totalCount
                }
                contactsWithoutKey: Contact(where: { and: [{ Phone: { ne: null } }, { Diamy_Phone_Key__c: { eq: null } }] }, first: 1) {
                    totalCount
                }
                leadsWithoutKey: Lead(where: { and: [{ Phone: { ne: null } }, { Diamy_Phone_Key__c: { eq: null } }, { IsConverted: { eq: false } }] }, first: 1) {
                    totalCount
                }
            }
        }
    }
`;

export const DAY_MS = 24 * 60 * 60 * 1000;

export function checksVariables(now: number): { since: string } {
    return { since: new Date(now - DAY_MS).toISOString() };
}

function countOf(connection: unknown): number | null {
    return isRecord(connection) && typeof connection.totalCount === 'number' && connection.totalCount >= 0 ? connection.totalCount : null;
}

/** The checks query's answer, or null when it is not one (missing counts). */
export function readChecks(data: unknown): ChecksSummary | null {
    const uiapi = isRecord(data) ? data.uiapi : undefined;
    const query = isRecord(uiapi) ? uiapi.query : undefined;
    if (!isRecord(query)) {
        return null;
    }
    const openSyncErrors = countOf(query.openErrors);
    const contactsWithoutKey = countOf(query.contactsWithoutKey);
    const leadsWithoutKey = countOf(query.leadsWithoutKey);
    if (openSyncErrors === null || contactsWithoutKey === null || leadsWithoutKey === null) {
        return null;
    }
    const success = isRecord(query.lastSuccess) && Array.isArray(query.lastSuccess.edges) ? (query.lastSuccess.edges as unknown[])[0] : undefined;
    const node = isRecord(success) ? success.node : undefined;
    const logged = isRecord(node) && isRecord(node.Logged_At__c) ? node.Logged_At__c.value : undefined;
    const lastSyncSuccess = typeof logged === 'string' && !Number.isNaN(Date.parse(logged)) ? logged : null;
    return { lastSyncSuccess, openSyncErrors, contactsWithoutKey, leadsWithoutKey };
}

const CUSTOM_SETTINGS_URL = '/lightning/setup/CustomSettings/home';

/**
 * Sync: failed when open errors were logged in the last 24 h (they say what to fix), or when no run succeeded in
 * 24 h although one did before; unknown when no run was ever recorded (sync may simply not be switched on).
 */
export function syncCheck(summary: ChecksSummary | null, error: unknown, now: number, formatDate: (iso: string) => string): CheckResult {
    if (!summary) {
        return result('sync', 'unknown', SYNC_TITLE, fill(UNKNOWN_ACCESS, errorText(error ?? 'no answer')), SYNC_STALE_ACTION);
    }
    if (summary.openSyncErrors > 0) {
        return result('sync', 'failed', SYNC_TITLE, fill(SYNC_ERRORS, summary.openSyncErrors), SYNC_ERRORS_ACTION);
    }
    if (summary.lastSyncSuccess === null) {
        return result('sync', 'unknown', SYNC_TITLE, SYNC_NEVER, SYNC_STALE_ACTION);
    }
    const last = formatDate(summary.lastSyncSuccess);
    if (now - Date.parse(summary.lastSyncSuccess) > DAY_MS) {
        return result('sync', 'failed', SYNC_TITLE, fill(SYNC_STALE, last), SYNC_STALE_ACTION);
    }
    return result('sync', 'passed', SYNC_TITLE, fill(SYNC_PASSED, last));
}

/** Phone match keys: every contact and (unconverted) lead with a Phone has Diamy_Phone_Key__c. */
export function phoneKeysCheck(summary: ChecksSummary | null, error: unknown): CheckResult {
    if (!summary) {
        return result('phoneKeys', 'unknown', KEYS_TITLE, fill(UNKNOWN_ACCESS, errorText(error ?? 'no answer')), KEYS_ACTION);
    }
    if (summary.contactsWithoutKey + summary.leadsWithoutKey > 0) {
        return result('phoneKeys', 'failed', KEYS_TITLE, fill(KEYS_MISSING, summary.contactsWithoutKey, summary.leadsWithoutKey), KEYS_ACTION);
    }
    return result('phoneKeys', 'passed', KEYS_TITLE, KEYS_PASSED);
}

/**
 * The default country as it applies to the running user (User.Diamy_Default_Country__c). The formula answers FR
 * both when Diamy Settings says FR and when it says nothing: the check shows the effective country, which is what
 * matters to matching. Unknown when the field cannot be read (field-level security).
 */
export function countryCheck(user: unknown, error: unknown): CheckResult {
    const fields = isRecord(user) && isRecord(user.fields) ? user.fields : undefined;
    const field = fields ? fields.Diamy_Default_Country__c : undefined;
    const value = isRecord(field) ? field.value : undefined;
    if (typeof value === 'string' && /^[A-Za-z]{2}$/.test(value.trim())) {
        return { ...result('country', 'passed', COUNTRY_TITLE, fill(COUNTRY_PASSED, value.trim().toUpperCase())), action: COUNTRY_ACTION, setupUrl: CUSTOM_SETTINGS_URL };
    }
    if (user === undefined && error === undefined) {
        return result('country', 'unknown', COUNTRY_TITLE, fill(UNKNOWN_ACCESS, 'loading'), COUNTRY_ACTION, CUSTOM_SETTINGS_URL);
    }
    if (error === undefined && typeof value === 'string') {
        return result('country', 'failed', COUNTRY_TITLE, fill(UNKNOWN_ACCESS, `"${value.slice(0, 20)}"`), COUNTRY_ACTION, CUSTOM_SETTINGS_URL);
    }
    return result('country', 'unknown', COUNTRY_TITLE, fill(UNKNOWN_ACCESS, errorText(error ?? 'User.Diamy_Default_Country__c')), COUNTRY_ACTION, CUSTOM_SETTINGS_URL);
}

/**
 * The User formula fields that expose Diamy Settings' retention settings to the setup page, in the order the row
 * names them: BLANKVALUE($Setup.Diamy_Settings__c.<setting>, default), so blank reads as the default and 0 as "keep".
 */
export const RETENTION_FIELDS = ['Diamy_Call_Retention_Days__c', 'Diamy_Recording_Retention_Days__c', 'Diamy_Log_Retention_Days__c'] as const;

/**
 * The data protection row: the retention in force for the running user (the org default unless a profile or user
 * value of the hierarchy setting overrides it), with the way to Custom Settings. Unknown while loading or when a
 * field cannot be read (field-level security: Diamy Admin grants them); failed when a value is not a whole number
 * of days of 0 or more (the anonymisation would not run as the admin expects).
 */
export function retentionCheck(user: unknown, error: unknown): CheckResult {
    const fields = isRecord(user) && isRecord(user.fields) ? user.fields : undefined;
    const values = RETENTION_FIELDS.map((name) => {
        const field = fields ? fields[name] : undefined;
        return isRecord(field) ? field.value : undefined;
    });
    if (user === undefined && error === undefined) {
        return result('retention', 'unknown', RETENTION_TITLE, fill(UNKNOWN_ACCESS, 'loading'), RETENTION_ACTION, CUSTOM_SETTINGS_URL);
    }
    const missing = RETENTION_FIELDS.filter((name, index) => typeof values[index] !== 'number' && values[index] !== null);
    if (error !== undefined || missing.length > 0) {
        return result('retention', 'unknown', RETENTION_TITLE, fill(UNKNOWN_ACCESS, errorText(error ?? `User.${missing[0]}`)), RETENTION_ACTION, CUSTOM_SETTINGS_URL);
    }
    const invalid = RETENTION_FIELDS.filter((name, index) => {
        const value = values[index];
        return typeof value !== 'number' || !Number.isInteger(value) || value < 0;
    });
    if (invalid.length > 0) {
        return result('retention', 'failed', RETENTION_TITLE, fill(RETENTION_INVALID, invalid.map((name) => `User.${name}`).join(', ')), RETENTION_ACTION, CUSTOM_SETTINGS_URL);
    }
    const periods = values.map((value) => (value === 0 ? RETENTION_OFF : fill(RETENTION_DAYS, value as number)));
    return { ...result('retention', 'passed', RETENTION_TITLE, fill(RETENTION_PASSED, ...periods)), action: RETENTION_ACTION, setupUrl: CUSTOM_SETTINGS_URL };
}

export interface ManualStep {
    id: string;
    title: string;
    text: string;
    setupUrl: string;
}

/** What a component cannot read without Apex: the admin checks these in Setup (relative Lightning Setup URLs). */
export const MANUAL_STEPS: readonly ManualStep[] = [
    { id: 'utility', title: STEP_UTILITY_TITLE, text: STEP_UTILITY_TEXT, setupUrl: '/lightning/setup/NavigationMenus/home' },
    { id: 'pages', title: STEP_PAGES_TITLE, text: STEP_PAGES_TEXT, setupUrl: '/lightning/setup/FlexiPageList/home' },
    { id: 'trusted', title: STEP_TRUSTED_TITLE, text: STEP_TRUSTED_TEXT, setupUrl: '/lightning/setup/SecurityCspTrustedSite/home' },
    { id: 'oauth', title: STEP_OAUTH_TITLE, text: STEP_OAUTH_TEXT, setupUrl: '/lightning/setup/ManageExternalClientApplication/home' },
    { id: 'translation', title: STEP_TRANSLATION_TITLE, text: STEP_TRANSLATION_TEXT, setupUrl: '/lightning/setup/LabelWorkbenchSetup/home' },
    // The retention row reads Diamy Settings as they apply to the admin; the flows apply them as this user, and nothing
    // expires without one. No component can read the setting (Process Automation Settings), so it stays a manual step.
    { id: 'automation', title: STEP_AUTOMATION_TITLE, text: STEP_AUTOMATION_TEXT, setupUrl: '/lightning/setup/WorkflowSettings/home' }
];

// ---------------------------------------------------------------------------------------------------------------
// The integration log viewer

export const AREAS = ['Telephony', 'Logging', 'Sync', 'Setup'] as const;
export const SEVERITIES = ['Info', 'Warning', 'Error', 'Critical'] as const;
export const STATUSES = ['New', 'Retrying', 'Resolved', 'Failed', 'Ignored'] as const;
export type LogStatus = (typeof STATUSES)[number];

export interface LogFilters {
    area: string;
    severity: string;
    status: string;
    /** yyyy-mm-dd (the user's day, from lightning-input type=date), '' for none. */
    from: string;
    to: string;
    text: string;
}

export const NO_FILTERS: LogFilters = { area: '', severity: '', status: '', from: '', to: '', text: '' };

export const LOG_PAGE_SIZE = 20;

/** The text filter queries once the admin stops typing for this long (each query is a server round trip). */
export const TEXT_FILTER_DELAY_MS = 300;

/** Newest first, a page at a time. `$where` is the object's filter input type (built by logWhere). */
export const LOG_QUERY: GraphQLDocument = gql`
    query diamySetupLog($where: Diamy_Integration_Log__c_Filter, $first: Int, $after: String) {
        uiapi {
            query {
                Diamy_Integration_Log__c(where: $where, orderBy: { Logged_At__c: { order: DESC, nulls: LAST }, CreatedDate: { order: DESC } }, first: $first, after: $after) {
                    edges {
                        node {
                            Id
                            Name { value }
                            Logged_At__c { value }
                            CreatedDate { value }
                            Area__c { value displayValue }
                            Severity__c { value displayValue }
                            Status__c { value displayValue }
                            Message__c { value }
                            Payload__c { value }
                            Related_Record_Id__c { value }
                            Diamy_Call_Id__c { value }
                            Retry_Count__c { value }
                            Source__c { value }
                        }
                    }
                    pageInfo { hasNextPage endCursor }
                }
            }
        }
    }
`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day boundary in the user's time zone offset at that date (`offsetMinutes(date)`, minutes east of UTC). */
function dayBoundary(day: string, end: boolean, offsetMinutes: (date: Date) => number): string | null {
    if (!DAY.test(day)) {
        return null;
    }
    const local = Date.parse(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
    if (Number.isNaN(local)) {
        return null;
    }
    return new Date(local - offsetMinutes(new Date(local)) * 60000).toISOString();
}

/** The offset (minutes east of UTC) of a time zone at a date; the browser's when the zone is unknown. */
export function zoneOffset(timeZone: string | null | undefined = TIME_ZONE): (date: Date) => number {
    const zone = intlTimeZone(timeZone);
    return (date: Date): number => {
        if (!zone) {
            return -date.getTimezoneOffset();
        }
        const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(date);
        const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
        const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
        return Math.round((asUtc - Math.floor(date.getTime() / 60000) * 60000) / 60000);
    };
}

/** A log date-time in the user's locale and time zone ('' for none). */
export function formatWhen(iso: string, locale: string = LOCALE, timeZone: string | null | undefined = TIME_ZONE): string {
    const instant = Date.parse(iso);
    if (!iso || Number.isNaN(instant)) {
        return '';
    }
    return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: intlTimeZone(timeZone), dateStyle: 'short', timeStyle: 'medium' }).format(instant);
}

/** LIKE wildcards typed by the user are literal. */
function likeText(text: string): string {
    return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The GraphQL `where` of the filters; null for none. Unknown picklist values are dropped. */
export function logWhere(filters: LogFilters, offsetMinutes: (date: Date) => number = zoneOffset()): Record<string, unknown> | null {
    const clauses: Record<string, unknown>[] = [];
    if ((AREAS as readonly string[]).includes(filters.area)) {
        clauses.push({ Area__c: { eq: filters.area } });
    }
    if ((SEVERITIES as readonly string[]).includes(filters.severity)) {
        clauses.push({ Severity__c: { eq: filters.severity } });
    }
    if ((STATUSES as readonly string[]).includes(filters.status)) {
        clauses.push({ Status__c: { eq: filters.status } });
    }
    const from = dayBoundary(filters.from, false, offsetMinutes);
    if (from) {
        clauses.push({ Logged_At__c: { gte: { value: from } } });
    }
    const to = dayBoundary(filters.to, true, offsetMinutes);
    if (to) {
        clauses.push({ Logged_At__c: { lte: { value: to } } });
    }
    const text = filters.text.trim().slice(0, 100);
    if (text !== '') {
        clauses.push({ Message__c: { like: likeText(text) } });
    }
    return clauses.length === 0 ? null : { and: clauses };
}

export interface LogVariables {
    where: Record<string, unknown> | null;
    first: number;
    after: string | null;
}

export function logVariables(filters: LogFilters, after: string | null = null, offsetMinutes?: (date: Date) => number): LogVariables {
    return { where: logWhere(filters, offsetMinutes), first: LOG_PAGE_SIZE, after };
}

export interface LogRow {
    id: string;
    name: string;
    /** ISO date-time: Logged_At__c, else CreatedDate. */
    loggedAt: string;
    area: string;
    areaLabel: string;
    severity: string;
    severityLabel: string;
    status: string;
    statusLabel: string;
    message: string;
    payload: string;
    relatedRecordId: string;
    diamyCallId: string;
    retryCount: number;
    source: string;
}

export interface LogPage {
    rows: LogRow[];
    hasMore: boolean;
    endCursor: string | null;
}

function valueOf(node: Record<string, unknown>, field: string): unknown {
    const entry = node[field];
    return isRecord(entry) ? entry.value : undefined;
}

function textOf(node: Record<string, unknown>, field: string): string {
    const value = valueOf(node, field);
    return typeof value === 'string' ? value : '';
}

function labelOf(node: Record<string, unknown>, field: string): string {
    const entry = node[field];
    if (isRecord(entry) && typeof entry.displayValue === 'string' && entry.displayValue !== '') {
        return entry.displayValue;
    }
    return textOf(node, field);
}

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** A page of the log query, or null when the answer is not one. */
export function readLogPage(data: unknown): LogPage | null {
    const uiapi = isRecord(data) ? data.uiapi : undefined;
    const query = isRecord(uiapi) ? uiapi.query : undefined;
    const connection = isRecord(query) ? query.Diamy_Integration_Log__c : undefined;
    if (!isRecord(connection) || !Array.isArray(connection.edges)) {
        return null;
    }
    const rows: LogRow[] = [];
    for (const edge of connection.edges as unknown[]) {
        const node = isRecord(edge) ? edge.node : undefined;
        if (!isRecord(node) || typeof node.Id !== 'string' || !RECORD_ID.test(node.Id)) {
            continue;
        }
        const retries = valueOf(node, 'Retry_Count__c');
        const related = textOf(node, 'Related_Record_Id__c');
        rows.push({
            id: node.Id,
            name: textOf(node, 'Name'),
            loggedAt: textOf(node, 'Logged_At__c') || textOf(node, 'CreatedDate'),
            area: textOf(node, 'Area__c'),
            areaLabel: labelOf(node, 'Area__c'),
            severity: textOf(node, 'Severity__c'),
            severityLabel: labelOf(node, 'Severity__c'),
            status: textOf(node, 'Status__c'),
            statusLabel: labelOf(node, 'Status__c'),
            message: textOf(node, 'Message__c'),
            payload: textOf(node, 'Payload__c'),
            relatedRecordId: RECORD_ID.test(related) ? related : '',
            diamyCallId: textOf(node, 'Diamy_Call_Id__c'),
            retryCount: typeof retries === 'number' && Number.isFinite(retries) ? retries : 0,
            source: textOf(node, 'Source__c')
        });
    }
    const pageInfo = isRecord(connection.pageInfo) ? connection.pageInfo : {};
    const endCursor = typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : null;
    return { rows, hasMore: pageInfo.hasNextPage === true && endCursor !== null, endCursor };
}

/** Pages loaded so far, in order; a row seen twice (the log moved under the cursor) is shown once. */
export function mergeLogPages(pages: readonly LogPage[]): LogRow[] {
    const seen = new Set<string>();
    const rows: LogRow[] = [];
    for (const page of pages) {
        for (const row of page.rows) {
            if (!seen.has(row.id)) {
                seen.add(row.id);
                rows.push(row);
            }
        }
    }
    return rows;
}

/** The payload as the admin reads it: JSON pretty-printed, anything else as stored (it is redacted when written). */
export function prettyPayload(payload: string): string {
    const text = payload.trim();
    if (text.startsWith('{') || text.startsWith('[')) {
        try {
            return JSON.stringify(JSON.parse(text) as unknown, null, 2);
        } catch {
            return payload;
        }
    }
    return payload;
}

/** The related record's page (relative Lightning URL), '' when the entry has none. */
export function recordUrl(recordId: string): string {
    return RECORD_ID.test(recordId) ? `/lightning/r/${recordId}/view` : '';
}

export type LogAction = 'retry' | 'resolve' | 'ignore';

export const ACTION_STATUS: Readonly<Record<LogAction, LogStatus>> = { retry: 'Retrying', resolve: 'Resolved', ignore: 'Ignored' };

export interface LogActions {
    retry: boolean;
    resolve: boolean;
    ignore: boolean;
    /** Retry exists only for Area Sync: Diamy's server re-reads entries set to Retrying; nothing else would. */
    retryOffered: boolean;
}

/**
 * What the admin may do with an entry. Without edit access: nothing. Retry: Area Sync entries that are New or Failed
 * (the server takes Retrying entries up, docs/SYNC.md). Resolve / Ignore: any entry not already in that status.
 */
export function logActions(row: LogRow, canEdit: boolean): LogActions {
    const retryOffered = row.area === 'Sync';
    if (!canEdit) {
        return { retry: false, resolve: false, ignore: false, retryOffered };
    }
    return {
        retry: retryOffered && (row.status === 'New' || row.status === 'Failed'),
        resolve: row.status !== 'Resolved',
        ignore: row.status !== 'Ignored' && row.status !== 'Resolved',
        retryOffered
    };
}

/** The LDS update of an action: only Status__c (Retry_Count__c is the server's count of its attempts). */
export function statusUpdate(row: LogRow, action: LogAction): RecordUpdateInput {
    return { fields: { Id: row.id, Status__c: ACTION_STATUS[action] } };
}

/** The row after a saved action (shown at once; the next query confirms it). */
export function withStatus(row: LogRow, action: LogAction, statusLabel: string): LogRow {
    return { ...row, status: ACTION_STATUS[action], statusLabel };
}

export function savedMessage(statusLabel: string): string {
    return fill(SAVED, statusLabel);
}

/** A rejected save (e.g. no edit access, validation): the platform's reason, bounded. */
export function saveFailedMessage(error: unknown): string {
    return fill(SAVE_FAILED, errorText(error));
}
