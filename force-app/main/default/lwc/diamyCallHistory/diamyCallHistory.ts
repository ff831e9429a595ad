/**
 * Call history on a record page (Contact, Account — with its contacts' calls unless the admin turns it off —, Lead,
 * Opportunity, Case): the record's Diamy_Call__c newest first, a page at a time ("Show more"), each row with its
 * direction, outcome, agent, day and time, talk time, disposition, notes, the other party's number, "Call back"
 * (a dial request to the softphone over Lightning Message Service) and, when Diamy kept a recording, "Play" (a
 * short-lived signed link the softphone asks Diamy for). A call the softphone logs for this record appears without a
 * reload. The logic is c/diamyCallHistoryService; docs/RECORD-PAGES.md.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { NavigationMixin } from 'lightning/navigation';
import { APPLICATION_SCOPE, MessageContext, publish, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import USER_ID from '@salesforce/user/Id';
import DEFAULT_COUNTRY_FIELD from '@salesforce/schema/User.Diamy_Default_Country__c';
import TITLE from '@salesforce/label/c.Diamy_History_Title';
import EMPTY from '@salesforce/label/c.Diamy_History_Empty';
import SHOW_MORE from '@salesforce/label/c.Diamy_History_Show_More';
import LOAD_FAILED from '@salesforce/label/c.Diamy_History_Load_Failed';
import CALL_BACK from '@salesforce/label/c.Diamy_History_Call_Back';
import PLAY from '@salesforce/label/c.Diamy_History_Play';
import RECORDING from '@salesforce/label/c.Diamy_History_Recording';
import OPEN from '@salesforce/label/c.Diamy_History_Open';
import LOADING from '@salesforce/label/c.Diamy_Common_Loading';
import { SoftphoneLink } from 'c/diamyPhoneChannel';
import type { SoftphoneView } from 'c/diamyPhoneChannel';
import { matchSettingsFromUser, phoneMetadataReady } from 'c/diamyPhoneMatch';
import { describeFailure } from 'c/diamyFailure';
import {
    callBackBlockedReason,
    dialRefusalMessage,
    historyFollows,
    historyLookup,
    linkStillValid,
    mergePages,
    recordingLinkOf,
    recordingRefusalMessage,
    relatedOf,
    toHistoryPage
} from 'c/diamyCallHistoryService';
import type { HistoryPage, HistoryRow, HistoryVariables, RecordingLink } from 'c/diamyCallHistoryService';

interface LoadedPage {
    after: string | null;
    data: unknown;
}

export interface HistoryRowView extends HistoryRow {
    resultClass: string;
    audioUrl: string | null;
    recordingMessage: string;
    asking: boolean;
}

export default class DiamyCallHistory extends NavigationMixin(LightningElement) {
    labels = { title: TITLE, empty: EMPTY, showMore: SHOW_MORE, loadFailed: LOAD_FAILED, callBack: CALL_BACK, play: PLAY, recording: RECORDING, open: OPEN, loading: LOADING };

    historyQuery: GraphQLDocument | undefined;
    historyVariables: HistoryVariables | undefined;

    pages: LoadedPage[] = [];
    hasError = false;
    errorMessage = '';
    /** A failed call back or a next page that did not load (the rows already shown stay). */
    actionMessage = '';
    loadingMore = false;
    agentCountry = 'FR';
    /** The loaded pages as rows (formatted once per change of the pages, the agent's country or the phone metadata). */
    historyRows: HistoryRow[] = [];
    hasMore = false;
    view: SoftphoneView = { availability: 'unknown', call: null };
    links: Record<string, RecordingLink> = {};
    recordingMessages: Record<string, string> = {};
    asking: Record<string, boolean> = {};

    @wire(MessageContext)
    messageContext: MessageContextType | undefined;

    private recordIdValue: string | undefined;
    private objectApiNameValue: string | undefined;
    private pageSizeValue: unknown = 10;
    private includeContactsValue: unknown = true;
    private after: string | null = null;
    private endCursor: string | null = null;
    private firstPage: GraphQLResult<unknown> | undefined;
    private refreshOnFirstPage = false;
    private link: SoftphoneLink | undefined;
    private stopListening: (() => void)[] = [];

    @api
    get recordId(): string | undefined {
        return this.recordIdValue;
    }
    set recordId(value: string | undefined) {
        this.recordIdValue = value;
        this.restart();
    }

    @api
    get objectApiName(): string | undefined {
        return this.objectApiNameValue;
    }
    set objectApiName(value: string | undefined) {
        this.objectApiNameValue = value;
        this.restart();
    }

    /** Calls per page (App Builder, 1–50). */
    @api
    get pageSize(): unknown {
        return this.pageSizeValue;
    }
    set pageSize(value: unknown) {
        this.pageSizeValue = value;
        this.restart();
    }

    /** Account pages: also the calls of the account's contacts (App Builder). */
    @api
    get includeContacts(): unknown {
        return this.includeContactsValue;
    }
    set includeContacts(value: unknown) {
        this.includeContactsValue = value;
        this.restart();
    }

    @wire(getRecord, { recordId: USER_ID, optionalFields: [DEFAULT_COUNTRY_FIELD] })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        if (data || error) {
            this.agentCountry = matchSettingsFromUser(data ?? undefined).defaultCountry;
            this.format();
        }
    }

    @wire(graphql, { query: '$historyQuery', variables: '$historyVariables' })
    wiredHistory(result: GraphQLResult<unknown>): void {
        const variables = this.historyVariables;
        if (!variables || (!result.data && !result.errors)) {
            return;
        }
        const page: HistoryPage | undefined = result.errors?.length ? undefined : toHistoryPage(result.data);
        const moreRequested = variables.after !== null;
        this.loadingMore = false;
        if (!page) {
            const graphqlError = result.errors?.[0];
            const failure = describeFailure(
                graphqlError ? { name: 'GraphQLError', message: graphqlError.message } : { code: 'invalid_response', message: 'not a call history page' }
            );
            if (moreRequested && this.pages.length > 0) {
                this.actionMessage = `${LOAD_FAILED} ${failure.message}`;
            } else {
                this.hasError = true;
                this.errorMessage = failure.message;
            }
            return;
        }
        this.hasError = false;
        this.errorMessage = '';
        if (!moreRequested) {
            this.firstPage = result;
            this.pages = [{ after: null, data: result.data }];
            this.format();
            if (this.refreshOnFirstPage) {
                this.refreshOnFirstPage = false;
                result.refresh?.()?.catch(() => undefined);
            }
            return;
        }
        const index = this.pages.findIndex((loaded) => loaded.after === variables.after);
        this.pages = index >= 0 ? [...this.pages.slice(0, index), { after: variables.after, data: result.data }] : [...this.pages, { after: variables.after, data: result.data }];
        this.format();
    }

    override connectedCallback(): void {
        this.link = new SoftphoneLink({
            publish: (message) => publish(this.messageContext as MessageContextType, DIAMY_PHONE, message),
            subscribe: (listener) => {
                const subscription = subscribe(this.messageContext as MessageContextType, DIAMY_PHONE, listener, { scope: APPLICATION_SCOPE });
                return () => unsubscribe(subscription);
            }
        });
        this.stopListening = [
            this.link.onView((view) => {
                this.view = view;
            }),
            this.link.onLogged((message) => {
                if (historyFollows(message, this.recordIdValue)) {
                    this.refresh();
                }
            })
        ];
        this.link.start();
        phoneMetadataReady().then(
            () => {
                this.format(); // numbers in the agent's country format now
            },
            () => undefined // numbers stay as stored
        );
    }

    override disconnectedCallback(): void {
        for (const stop of this.stopListening) {
            stop();
        }
        this.stopListening = [];
        this.link?.stop();
        this.link = undefined;
    }

    // -----------------------------------------------------------------------------------------------------------
    // What the template shows

    get rows(): HistoryRowView[] {
        return this.historyRows.map((row) => ({
            ...row,
            resultClass: row.unanswered ? 'history-result slds-text-color_error' : 'history-result',
            audioUrl: this.links[row.id]?.url ?? null,
            recordingMessage: this.recordingMessages[row.id] ?? '',
            asking: this.asking[row.id] === true
        }));
    }

    get isLoading(): boolean {
        return Boolean(this.historyQuery) && this.pages.length === 0 && !this.hasError;
    }

    get isEmpty(): boolean {
        return this.pages.length > 0 && this.historyRows.length === 0;
    }

    get hasRows(): boolean {
        return this.historyRows.length > 0;
    }

    get blockedReason(): string {
        return callBackBlockedReason(this.view) ?? '';
    }

    get callBackDisabled(): boolean {
        return this.blockedReason !== '';
    }

    // -----------------------------------------------------------------------------------------------------------
    // What the agent does

    showMore(): void {
        const cursor = this.endCursor;
        if (!cursor || this.loadingMore) {
            return;
        }
        this.actionMessage = '';
        this.loadingMore = true;
        this.after = cursor;
        this.updateLookup();
    }

    openCall(event: Event): void {
        event.preventDefault();
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (recordId) {
            this[NavigationMixin.Navigate]({ type: 'standard__recordPage', attributes: { recordId, objectApiName: 'Diamy_Call__c', actionName: 'view' } });
        }
    }

    async callBack(event: Event): Promise<void> {
        const row = this.rowOf(event);
        if (!row || !row.hasNumber || !this.link || !this.recordIdValue || this.callBackDisabled) {
            return;
        }
        this.actionMessage = '';
        const related = { ...relatedOf(this.objectApiNameValue, this.recordIdValue) };
        if (this.objectApiNameValue === 'Account' && row.contactId) {
            related.contactId = row.contactId;
        }
        const result = await this.link.dial(row.number, row.name, related);
        if (!result.ok) {
            this.actionMessage = dialRefusalMessage(result);
        }
    }

    async play(event: Event): Promise<void> {
        const row = this.rowOf(event);
        if (!row || !row.hasRecording || !this.link || this.asking[row.id]) {
            return;
        }
        if (linkStillValid(this.links[row.id])) {
            this.audioOf(row.id)?.play()?.catch(() => undefined);
            return;
        }
        this.setRecordingMessage(row.id, '');
        this.asking = { ...this.asking, [row.id]: true };
        const result = await this.link.recording(row.diamyCallId);
        this.asking = { ...this.asking, [row.id]: false };
        const link = recordingLinkOf(result);
        if (!link) {
            this.dropLink(row.id);
            this.setRecordingMessage(row.id, recordingRefusalMessage(result));
            return;
        }
        this.links = { ...this.links, [row.id]: link };
    }

    /** The player could not load the link (expired meanwhile, network): the next Play asks for a new one. */
    recordingFailed(event: Event): void {
        const id = (event.currentTarget as HTMLElement).dataset.id;
        if (id) {
            this.dropLink(id);
            this.setRecordingMessage(id, recordingRefusalMessage({ ok: false, reason: 'failed', message: '' }));
        }
    }

    // -----------------------------------------------------------------------------------------------------------

    private rowOf(event: Event): HistoryRowView | undefined {
        const id = (event.currentTarget as HTMLElement).dataset.id;
        return this.rows.find((row) => row.id === id);
    }

    private audioOf(id: string): HTMLAudioElement | null {
        return this.template?.querySelector(`audio[data-id="${id}"]`) ?? null;
    }

    private dropLink(id: string): void {
        if (this.links[id]) {
            const links = { ...this.links };
            delete links[id];
            this.links = links;
        }
    }

    private setRecordingMessage(id: string, message: string): void {
        this.recordingMessages = { ...this.recordingMessages, [id]: message };
    }

    /** Back to the first page when the record or the settings change. */
    private restart(): void {
        this.after = null;
        this.pages = [];
        this.format();
        this.firstPage = undefined;
        this.hasError = false;
        this.errorMessage = '';
        this.updateLookup();
    }

    /** Rows of the loaded pages, and whether there is a next one (the last page's pageInfo). */
    private format(): void {
        const pages = this.pages.map((loaded) => toHistoryPage(loaded.data, { agentCountry: this.agentCountry }));
        this.historyRows = mergePages(pages.map((page) => page?.rows ?? []));
        const last = pages[pages.length - 1];
        this.hasMore = last?.hasNextPage === true;
        this.endCursor = last?.endCursor ?? null;
    }

    private updateLookup(): void {
        const lookup = historyLookup(this.objectApiNameValue, this.recordIdValue, {
            pageSize: this.pageSizeValue,
            includeContacts: this.includeContactsValue,
            after: this.after
        });
        this.historyQuery = lookup?.query;
        this.historyVariables = lookup?.variables;
    }

    /** A call was logged for this record: the first page is read again (later pages are asked for again with Show more). */
    private refresh(): void {
        this.actionMessage = '';
        if (this.after === null) {
            this.firstPage?.refresh?.()?.catch(() => undefined);
            return;
        }
        this.refreshOnFirstPage = true;
        this.after = null;
        this.updateLookup();
    }
}
