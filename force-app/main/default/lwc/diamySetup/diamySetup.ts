/**
 * c-diamy-setup: the Diamy setup console on the app page Diamy_Setup. A checklist of what a Lightning component can
 * check without Apex (Diamy Admin, the connection through the named credential, contact sync from the integration
 * log, the default country, phone match keys, the retention settings in force), the manual steps it cannot check
 * with links into Setup, and the integration log: filters, newest first a page at a time, details, Retry /
 * Mark resolved / Ignore (Diamy Admin).
 * The logic is c/diamySetupService; docs/SYNC.md, "The setup console".
 */
import { LightningElement, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type { ObjectInfoRepresentation, PicklistValuesRepresentation } from 'lightning/uiObjectInfoApi';
import USER_ID from '@salesforce/user/Id';
import DEFAULT_COUNTRY_FIELD from '@salesforce/schema/User.Diamy_Default_Country__c';
import CALL_RETENTION_FIELD from '@salesforce/schema/User.Diamy_Call_Retention_Days__c';
import RECORDING_RETENTION_FIELD from '@salesforce/schema/User.Diamy_Recording_Retention_Days__c';
import LOG_RETENTION_FIELD from '@salesforce/schema/User.Diamy_Log_Retention_Days__c';
import LOG_OBJECT from '@salesforce/schema/Diamy_Integration_Log__c';
import AREA_FIELD from '@salesforce/schema/Diamy_Integration_Log__c.Area__c';
import SEVERITY_FIELD from '@salesforce/schema/Diamy_Integration_Log__c.Severity__c';
import STATUS_FIELD from '@salesforce/schema/Diamy_Integration_Log__c.Status__c';
import HAS_MANAGE_CALLS from '@salesforce/customPermission/Diamy_Manage_Calls';
import TITLE from '@salesforce/label/c.Diamy_Setup_Title';
import CHECKLIST from '@salesforce/label/c.Diamy_Setup_Checklist';
import RECHECK from '@salesforce/label/c.Diamy_Setup_Recheck';
import PASSED from '@salesforce/label/c.Diamy_Setup_Status_Passed';
import FAILED from '@salesforce/label/c.Diamy_Setup_Status_Failed';
import UNKNOWN from '@salesforce/label/c.Diamy_Setup_Status_Unknown';
import OPEN_SETUP from '@salesforce/label/c.Diamy_Setup_Open_Setup';
import TEST_CONNECTION from '@salesforce/label/c.Diamy_Setup_Connection_Test';
import MANUAL from '@salesforce/label/c.Diamy_Setup_Manual';
import MANUAL_INTRO from '@salesforce/label/c.Diamy_Setup_Manual_Intro';
import LOG_TITLE from '@salesforce/label/c.Diamy_Setup_Log_Title';
import FILTER_AREA from '@salesforce/label/c.Diamy_Setup_Filter_Area';
import FILTER_SEVERITY from '@salesforce/label/c.Diamy_Setup_Filter_Severity';
import FILTER_STATUS from '@salesforce/label/c.Diamy_Setup_Filter_Status';
import FILTER_FROM from '@salesforce/label/c.Diamy_Setup_Filter_From';
import FILTER_TO from '@salesforce/label/c.Diamy_Setup_Filter_To';
import FILTER_TEXT from '@salesforce/label/c.Diamy_Setup_Filter_Text';
import FILTER_ANY from '@salesforce/label/c.Diamy_Setup_Filter_Any';
import LOG_EMPTY from '@salesforce/label/c.Diamy_Setup_Log_Empty';
import LOG_LOAD_FAILED from '@salesforce/label/c.Diamy_Setup_Log_Load_Failed';
import LOG_MORE from '@salesforce/label/c.Diamy_Setup_Log_More';
import LOG_WHEN from '@salesforce/label/c.Diamy_Setup_Log_When';
import LOG_MESSAGE from '@salesforce/label/c.Diamy_Setup_Log_Message';
import LOG_PAYLOAD from '@salesforce/label/c.Diamy_Setup_Log_Payload';
import LOG_RECORD from '@salesforce/label/c.Diamy_Setup_Log_Record';
import LOG_CALL_ID from '@salesforce/label/c.Diamy_Setup_Log_Call_Id';
import LOG_RETRIES from '@salesforce/label/c.Diamy_Setup_Log_Retries';
import LOG_SOURCE from '@salesforce/label/c.Diamy_Setup_Log_Source';
import LOG_RETRY from '@salesforce/label/c.Diamy_Setup_Log_Retry';
import LOG_RESOLVE from '@salesforce/label/c.Diamy_Setup_Log_Resolve';
import LOG_IGNORE from '@salesforce/label/c.Diamy_Setup_Log_Ignore';
import LOG_RETRY_HELP from '@salesforce/label/c.Diamy_Setup_Log_Retry_Help';
import LOG_NO_RETRY from '@salesforce/label/c.Diamy_Setup_Log_No_Retry';
import LOG_READ_ONLY from '@salesforce/label/c.Diamy_Setup_Log_Read_Only';
import LOG_SELECT from '@salesforce/label/c.Diamy_Setup_Log_Select';
import LOADING from '@salesforce/label/c.Diamy_Common_Loading';
import { AgentTokenError, startTimer, stopTimer } from 'c/diamyAgentSession';
import { describeFailure } from 'c/diamyFailure';
import {
    ACTION_STATUS,
    AREAS,
    TEXT_FILTER_DELAY_MS,
    CHECKS_QUERY,
    MANUAL_STEPS,
    NO_FILTERS,
    LOG_QUERY,
    SEVERITIES,
    STATUSES,
    adminCheck,
    canEditLog,
    checksVariables,
    connectionCheck,
    countryCheck,
    formatWhen,
    logActions,
    logVariables,
    mergeLogPages,
    phoneKeysCheck,
    prettyPayload,
    readChecks,
    readLogPage,
    recordUrl,
    retentionCheck,
    saveFailedMessage,
    savedMessage,
    statusUpdate,
    syncCheck,
    withStatus
} from 'c/diamySetupService';
import type { CheckResult, ChecksSummary, ConnectionState, LogAction, LogFilters, LogPage, LogRow, LogVariables } from 'c/diamySetupService';

interface TokenSupplier extends HTMLElement {
    getToken(): Promise<unknown>;
}

interface CheckView extends CheckResult {
    statusText: string;
    iconName: string;
    iconVariant: string;
    itemClass: string;
    hasAction: boolean;
    isConnection: boolean;
}

interface RowView extends LogRow {
    when: string;
    rowClass: string;
    severityClass: string;
}

interface Option {
    label: string;
    value: string;
}

const STATUS_VIEW: Record<CheckResult['status'], { text: string; icon: string; variant: string }> = {
    passed: { text: PASSED, icon: 'utility:success', variant: 'success' },
    failed: { text: FAILED, icon: 'utility:error', variant: 'error' },
    unknown: { text: UNKNOWN, icon: 'utility:help', variant: '' }
};

export default class DiamySetup extends LightningElement {
    labels = {
        title: TITLE,
        checklist: CHECKLIST,
        recheck: RECHECK,
        openSetup: OPEN_SETUP,
        testConnection: TEST_CONNECTION,
        manual: MANUAL,
        manualIntro: MANUAL_INTRO,
        logTitle: LOG_TITLE,
        area: FILTER_AREA,
        severity: FILTER_SEVERITY,
        status: FILTER_STATUS,
        from: FILTER_FROM,
        to: FILTER_TO,
        text: FILTER_TEXT,
        empty: LOG_EMPTY,
        loadFailed: LOG_LOAD_FAILED,
        more: LOG_MORE,
        when: LOG_WHEN,
        message: LOG_MESSAGE,
        payload: LOG_PAYLOAD,
        record: LOG_RECORD,
        callId: LOG_CALL_ID,
        retries: LOG_RETRIES,
        source: LOG_SOURCE,
        retry: LOG_RETRY,
        resolve: LOG_RESOLVE,
        ignore: LOG_IGNORE,
        retryHelp: LOG_RETRY_HELP,
        noRetry: LOG_NO_RETRY,
        readOnly: LOG_READ_ONLY,
        select: LOG_SELECT,
        loading: LOADING
    };

    manualSteps = MANUAL_STEPS;

    checksQuery: GraphQLDocument = CHECKS_QUERY;
    checksVars: { since: string } = checksVariables(Date.now());
    logQuery: GraphQLDocument = LOG_QUERY;
    logVars: LogVariables = logVariables(NO_FILTERS);

    filters: LogFilters = { ...NO_FILTERS };
    connection: ConnectionState = { kind: 'idle' };
    summary: ChecksSummary | null = null;
    summaryError: unknown = undefined;
    user: RecordRepresentation | undefined = undefined;
    userError: unknown = undefined;
    logEditable: boolean | undefined = undefined;
    logInfoError: unknown = undefined;
    recordTypeId: string | undefined = undefined;
    picklists: Record<string, Map<string, string>> = {};

    pages: LogPage[] = [];
    logLoaded = false;
    logError = '';
    selectedId: string | null = null;
    actionMessage = '';
    actionFailed = false;
    saving = false;
    /** Rows changed by an action here, until the next answer of the log query confirms them. */
    private changed = new Map<string, LogRow>();
    private refreshChecks: (() => Promise<void>) | undefined;
    private refreshLog: (() => Promise<void>) | undefined;
    private textTimer: unknown = undefined;

    @wire(getRecord, { recordId: USER_ID, optionalFields: [DEFAULT_COUNTRY_FIELD, CALL_RETENTION_FIELD, RECORDING_RETENTION_FIELD, LOG_RETENTION_FIELD] })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        this.user = data ?? undefined;
        this.userError = error ?? undefined;
    }

    @wire(getObjectInfo, { objectApiName: LOG_OBJECT })
    wiredLogInfo({ data, error }: WireResult<ObjectInfoRepresentation>): void {
        this.logEditable = canEditLog(data);
        this.logInfoError = error ?? undefined;
        this.recordTypeId = data?.defaultRecordTypeId;
    }

    @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: AREA_FIELD })
    wiredAreas({ data }: WireResult<PicklistValuesRepresentation>): void {
        this.setPicklist('area', data);
    }

    @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: SEVERITY_FIELD })
    wiredSeverities({ data }: WireResult<PicklistValuesRepresentation>): void {
        this.setPicklist('severity', data);
    }

    @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: STATUS_FIELD })
    wiredStatuses({ data }: WireResult<PicklistValuesRepresentation>): void {
        this.setPicklist('status', data);
    }

    @wire(graphql, { query: '$checksQuery', variables: '$checksVars' })
    wiredChecks(result: GraphQLResult<unknown>): void {
        if (!result || (result.data === undefined && !result.errors?.length)) {
            return;
        }
        this.refreshChecks = typeof result.refresh === 'function' ? result.refresh : undefined;
        const graphqlError = result.errors?.[0];
        this.summary = graphqlError ? null : readChecks(result.data);
        this.summaryError = graphqlError ? graphqlError.message : this.summary ? undefined : 'not an answer';
    }

    @wire(graphql, { query: '$logQuery', variables: '$logVars' })
    wiredLog(result: GraphQLResult<unknown>): void {
        const variables = this.logVars;
        if (!result || (result.data === undefined && !result.errors?.length)) {
            return;
        }
        if (variables.after === null) {
            this.refreshLog = typeof result.refresh === 'function' ? result.refresh : undefined;
        }
        const page = result.errors?.length ? null : readLogPage(result.data);
        this.logLoaded = true;
        if (!page) {
            const first = result.errors?.[0];
            this.logError = describeFailure(first ? { name: 'GraphQLError', message: first.message } : { code: 'invalid_response', message: 'not a log page' }).message;
            return;
        }
        this.logError = '';
        for (const row of page.rows) {
            this.changed.delete(row.id);
        }
        this.pages = variables.after === null ? [page] : [...this.pages, page];
    }

    // ----- checklist

    get checks(): CheckView[] {
        const now = Date.now();
        const results = [
            adminCheck(HAS_MANAGE_CALLS, this.logEditable, this.logInfoError),
            connectionCheck(this.connection),
            syncCheck(this.summary, this.summaryError, now, (iso) => formatWhen(iso)),
            countryCheck(this.user, this.userError),
            phoneKeysCheck(this.summary, this.summaryError),
            retentionCheck(this.user, this.userError)
        ];
        return results.map((check) => {
            const view = STATUS_VIEW[check.status];
            return {
                ...check,
                statusText: view.text,
                iconName: view.icon,
                iconVariant: view.variant,
                itemClass: `slds-item setup-check setup-check_${check.status}`,
                hasAction: check.action !== '' || check.setupUrl !== '',
                isConnection: check.id === 'connection'
            };
        });
    }

    get testingConnection(): boolean {
        return this.connection.kind === 'running';
    }

    async testConnection(): Promise<void> {
        const supplier = this.template?.querySelector<TokenSupplier>('c-diamy-agent-token');
        if (!supplier || this.connection.kind === 'running') {
            return;
        }
        this.connection = { kind: 'running' };
        try {
            await supplier.getToken(); // the token is dropped at once: only the fact that Diamy answered matters
            this.connection = { kind: 'ok' };
        } catch (error) {
            if (error instanceof AgentTokenError) {
                this.connection = { kind: 'failed', message: error.message, detail: error.detail };
            } else {
                const failure = describeFailure(error);
                this.connection = { kind: 'failed', message: failure.message, detail: failure.detail };
            }
        }
    }

    /** New variables (the last 24 hours from now): the wire asks again. */
    recheck(): void {
        this.checksVars = checksVariables(Date.now());
    }

    // ----- log

    get areaOptions(): Option[] {
        return this.options('area', AREAS);
    }

    get severityOptions(): Option[] {
        return this.options('severity', SEVERITIES);
    }

    get statusOptions(): Option[] {
        return this.options('status', STATUSES);
    }

    get rows(): RowView[] {
        return mergeLogPages(this.pages).map((stored) => {
            const row = this.changed.get(stored.id) ?? stored;
            return {
                ...row,
                when: formatWhen(row.loggedAt),
                rowClass: row.id === this.selectedId ? 'setup-log-row slds-is-selected' : 'setup-log-row',
                severityClass: row.severity === 'Error' || row.severity === 'Critical' ? 'slds-text-color_error' : ''
            };
        });
    }

    get hasRows(): boolean {
        return this.rows.length > 0;
    }

    get isEmpty(): boolean {
        return this.logLoaded && !this.logError && this.rows.length === 0;
    }

    get isLogLoading(): boolean {
        return !this.logLoaded;
    }

    get hasMore(): boolean {
        const last = this.pages[this.pages.length - 1];
        return last !== undefined && last.hasMore;
    }

    get selected(): (RowView & { prettyPayload: string; recordUrl: string; hasRecord: boolean }) | null {
        const row = this.rows.find((candidate) => candidate.id === this.selectedId);
        return row ? { ...row, prettyPayload: prettyPayload(row.payload), recordUrl: recordUrl(row.relatedRecordId), hasRecord: row.relatedRecordId !== '' } : null;
    }

    get selectedActions(): { retryDisabled: boolean; resolveDisabled: boolean; ignoreDisabled: boolean; retryOffered: boolean; readOnly: boolean } {
        const row = this.selected;
        const canEdit = this.logEditable === true;
        const actions = row !== null ? logActions(row, canEdit) : { retry: false, resolve: false, ignore: false, retryOffered: false };
        return {
            retryDisabled: this.saving || !actions.retry,
            resolveDisabled: this.saving || !actions.resolve,
            ignoreDisabled: this.saving || !actions.ignore,
            retryOffered: actions.retryOffered,
            readOnly: !canEdit
        };
    }

    get actionMessageClass(): string {
        return this.actionFailed ? 'setup-log-action-message slds-text-color_error' : 'setup-log-action-message slds-text-color_success';
    }

    handleFilter(event: Event): void {
        const target = event.target as HTMLInputElement & { dataset: { filter?: string } };
        const name = target.dataset.filter as keyof LogFilters | undefined;
        if (!name || !(name in this.filters)) {
            return;
        }
        const detail = (event as CustomEvent<{ value?: unknown }>).detail;
        const value = detail && typeof detail.value === 'string' ? detail.value : typeof target.value === 'string' ? target.value : '';
        this.filters = { ...this.filters, [name]: value ?? '' };
        stopTimer(this.textTimer);
        if (name === 'text') {
            // Typing: one query once the admin pauses, not one per key.
            this.textTimer = startTimer(() => this.applyFilters(), TEXT_FILTER_DELAY_MS);
            return;
        }
        this.applyFilters();
    }

    override disconnectedCallback(): void {
        stopTimer(this.textTimer);
    }

    private applyFilters(): void {
        this.pages = [];
        this.logLoaded = false;
        this.selectedId = null;
        this.logVars = logVariables(this.filters);
    }

    showMore(): void {
        const last = this.pages[this.pages.length - 1];
        if (last?.hasMore && last.endCursor) {
            this.logVars = logVariables(this.filters, last.endCursor);
        }
    }

    selectRow(event: Event): void {
        const id = (event.currentTarget as HTMLElement).dataset.id ?? null;
        this.selectedId = id;
        this.actionMessage = '';
    }

    async act(event: Event): Promise<void> {
        const action = (event.currentTarget as HTMLElement).dataset.action as LogAction | undefined;
        const row = this.selected;
        if (!row || !action || !(action in ACTION_STATUS) || this.saving) {
            return;
        }
        this.saving = true;
        this.actionMessage = '';
        try {
            await updateRecord(statusUpdate(row, action));
            const statusLabel = this.picklists.status?.get(ACTION_STATUS[action]) ?? ACTION_STATUS[action];
            this.changed.set(row.id, withStatus(row, action, statusLabel));
            this.changed = new Map(this.changed);
            this.actionFailed = false;
            this.actionMessage = savedMessage(statusLabel);
            this.refreshLog?.().catch(() => undefined);
            this.refreshChecks?.().catch(() => undefined);
        } catch (error) {
            this.actionFailed = true;
            this.actionMessage = saveFailedMessage(error);
        } finally {
            this.saving = false;
        }
    }

    private setPicklist(name: string, data: PicklistValuesRepresentation | undefined): void {
        if (data) {
            this.picklists = { ...this.picklists, [name]: new Map(data.values.map((value) => [value.value, value.label])) };
        }
    }

    private options(name: string, values: readonly string[]): Option[] {
        const labels = this.picklists[name];
        return [{ label: FILTER_ANY, value: '' }, ...values.map((value) => ({ label: labels?.get(value) ?? value, value }))];
    }
}
