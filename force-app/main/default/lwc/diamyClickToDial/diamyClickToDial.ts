/**
 * Click-to-dial on Contact, Account, Lead, Opportunity and Case pages: the record's callable numbers, formatted for
 * the agent's country, a call button each (Do Not Call honoured with its reason). A click asks the Diamy softphone in
 * the utility bar to dial over the Lightning Message Service channel Diamy_Phone__c (c/diamyPhoneChannel); the
 * softphone opens its utility, places the call and logs it against the records the request names. On Home and app
 * pages: a number to type and call. What to list and what the buttons say: c/diamyClickToDialService.
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { APPLICATION_SCOPE, MessageContext, publish, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import USER_ID from '@salesforce/user/Id';
import TITLE from '@salesforce/label/c.Diamy_Dial_Title';
import LOADING from '@salesforce/label/c.Diamy_Common_Loading';
import LOAD_FAILED from '@salesforce/label/c.Diamy_Dial_Load_Failed';
import CALLING from '@salesforce/label/c.Diamy_Dial_Calling';
import EMPTY from '@salesforce/label/c.Diamy_Dial_Empty';
import EMPTY_NO_CONTACT from '@salesforce/label/c.Diamy_Dial_Empty_No_Contact';
import EMPTY_NO_ROLES from '@salesforce/label/c.Diamy_Dial_Empty_No_Roles';
import RELATED_FAILED from '@salesforce/label/c.Diamy_Dial_Related_Failed';
import NUMBER_LABEL from '@salesforce/label/c.Diamy_Dial_Number_Label';
import CHECK_AGAIN from '@salesforce/label/c.Diamy_Dial_Check_Again';
import { SoftphoneLink } from 'c/diamyPhoneChannel';
import type { PhoneMessage, SoftphoneView } from 'c/diamyPhoneChannel';
import type { RelatedRecords } from 'c/diamyCallRecord';
import { MATCH_SETTINGS_FIELDS, matchSettingsFromUser, phoneMetadataReady } from 'c/diamyPhoneMatch';
import { formatLabel } from 'c/diamyFormat';
import {
    CALLING_NOTICE_MS,
    DO_NOT_CALL_TEXT,
    buttonState,
    dialEntries,
    dialSettings,
    isDialObject,
    readTypedNumber,
    recordFields,
    refusalMessage,
    relatedLookup
} from 'c/diamyClickToDialService';
import type { ButtonState, DialEntry, DialList, DialObject, DialSettings, RecordData } from 'c/diamyClickToDialService';

interface Row extends DialEntry {
    disabled: boolean;
    buttonText: string;
    ariaLabel: string;
}

export default class DiamyClickToDial extends LightningElement {
    @api recordId: string | undefined;
    @api objectApiName: string | undefined;
    // App Builder properties (.js-meta.xml); unset ones take the defaults of c/diamyClickToDialService (a Boolean
    // public property cannot default to true in LWC).
    @api showMobile: boolean | undefined;
    @api showHomePhone: boolean | undefined;
    @api showOtherPhone: boolean | undefined;
    @api showAssistantPhone: boolean | undefined;
    @api showRelatedPhones: boolean | undefined;
    @api maxRelated: number | undefined;

    labels = {
        title: TITLE,
        loading: LOADING,
        loadFailed: LOAD_FAILED,
        relatedFailed: RELATED_FAILED,
        numberLabel: NUMBER_LABEL,
        checkAgain: CHECK_AGAIN
    };

    view: SoftphoneView = { availability: 'unknown', call: null };
    country = 'FR';
    userSettled = false;
    metadataSettled = false;
    record: RecordData | undefined;
    recordFailed = false;
    relatedData: unknown;
    relatedFailed = false;
    dialing = false;
    notice = '';
    refusal = '';
    typed = '';
    typedError = '';

    @wire(MessageContext) messageContext: MessageContextType | undefined;

    private link: SoftphoneLink | undefined;
    private stopView: (() => void) | undefined;
    private noticeTimer: ReturnType<typeof setTimeout> | undefined;

    override connectedCallback(): void {
        // The context is provisioned by the time the link publishes (the wire is connected before this callback).
        const context = (): MessageContextType => this.messageContext as MessageContextType;
        this.link = new SoftphoneLink({
            publish: (message: PhoneMessage) => publish(context(), DIAMY_PHONE, message),
            subscribe: (listener: (message: unknown) => void) => {
                const subscription = subscribe(context(), DIAMY_PHONE, listener, { scope: APPLICATION_SCOPE });
                return () => unsubscribe(subscription);
            }
        });
        this.stopView = this.link.onView((view) => {
            this.view = view;
        });
        this.link.start();
        // Numbers are read and formatted with libphonenumber-js, loaded on demand; without it they show as stored.
        phoneMetadataReady().then(
            () => {
                this.metadataSettled = true;
            },
            () => {
                this.metadataSettled = true;
            }
        );
    }

    override disconnectedCallback(): void {
        this.stopView?.();
        this.stopView = undefined;
        this.link?.stop();
        this.link = undefined;
        if (this.noticeTimer !== undefined) {
            globalThis.clearTimeout(this.noticeTimer);
            this.noticeTimer = undefined;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data

    @wire(getRecord, { recordId: USER_ID, optionalFields: MATCH_SETTINGS_FIELDS })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        if (!data && !error) {
            return;
        }
        // Without the user's settings (no access), numbers are read for France, the org default's default.
        this.country = matchSettingsFromUser(data).defaultCountry;
        this.userSettled = true;
    }

    get settings(): DialSettings {
        return dialSettings({
            showMobile: this.showMobile,
            showHomePhone: this.showHomePhone,
            showOtherPhone: this.showOtherPhone,
            showAssistantPhone: this.showAssistantPhone,
            showRelatedPhones: this.showRelatedPhones,
            maxRelated: this.maxRelated
        });
    }

    get dialObject(): DialObject | undefined {
        return isDialObject(this.objectApiName) && this.recordId ? this.objectApiName : undefined;
    }

    get isRecordPage(): boolean {
        return this.dialObject !== undefined;
    }

    get recordLookupId(): string | undefined {
        return this.dialObject ? this.recordId : undefined;
    }

    get recordFieldList(): string[] | undefined {
        const object = this.dialObject;
        return object ? recordFields(object, this.settings) : undefined;
    }

    @wire(getRecord, { recordId: '$recordLookupId', optionalFields: '$recordFieldList' })
    wiredRecord({ data, error }: WireResult<RecordRepresentation>): void {
        if (data) {
            this.record = data;
            this.recordFailed = false;
        } else if (error) {
            this.record = undefined;
            this.recordFailed = true;
        }
    }

    get relatedQuery(): GraphQLDocument | undefined {
        const object = this.dialObject;
        return object ? relatedLookup(object, this.recordId, this.settings)?.query : undefined;
    }

    get relatedVariables(): Record<string, unknown> | undefined {
        const object = this.dialObject;
        return object ? relatedLookup(object, this.recordId, this.settings)?.variables : undefined;
    }

    @wire(graphql, { query: '$relatedQuery', variables: '$relatedVariables' })
    wiredRelated({ data, errors }: GraphQLResult<unknown>): void {
        if (!this.relatedQuery) {
            return;
        }
        if (errors && errors.length > 0) {
            this.relatedFailed = true;
            return;
        }
        if (data) {
            this.relatedData = data;
            this.relatedFailed = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the template shows

    get state(): ButtonState {
        return buttonState(this.view);
    }

    get isLoading(): boolean {
        if (!this.userSettled || !this.metadataSettled) {
            return true;
        }
        return this.isRecordPage && !this.record && !this.recordFailed;
    }

    private get relatedLoading(): boolean {
        return this.relatedQuery !== undefined && this.relatedData === undefined && !this.relatedFailed;
    }

    get list(): DialList {
        const object = this.dialObject;
        if (!object || !this.recordId) {
            return { entries: [], empty: null };
        }
        return dialEntries({
            object,
            recordId: this.recordId,
            record: this.record,
            relatedData: this.relatedData,
            settings: this.settings,
            country: this.country
        });
    }

    get rows(): Row[] {
        const state = this.state;
        return this.list.entries.map((entry) => {
            const blocked = entry.doNotCall !== '';
            const buttonText = blocked ? DO_NOT_CALL_TEXT : state.text;
            const disabled = blocked || !state.canCall || this.dialing;
            return { ...entry, disabled, buttonText, ariaLabel: disabled ? `${entry.callLabel} — ${buttonText}` : entry.callLabel };
        });
    }

    get hasRows(): boolean {
        return this.list.entries.length > 0;
    }

    get showRelatedLoading(): boolean {
        return this.relatedLoading;
    }

    get emptyMessage(): string {
        // While the related people load, or when they could not be loaded, "nothing to call" would not be true.
        if (this.relatedLoading || this.relatedFailed) {
            return '';
        }
        switch (this.list.empty) {
            case 'no_contact':
                return EMPTY_NO_CONTACT;
            case 'no_roles':
                return EMPTY_NO_ROLES;
            case 'none':
                return EMPTY;
            default:
                return '';
        }
    }

    get canCheckAgain(): boolean {
        return this.view.availability === 'none';
    }

    get homeButtonDisabled(): boolean {
        return !this.state.canCall || this.dialing;
    }

    get homeStatus(): string {
        return this.state.canCall ? this.state.status : '';
    }

    // ---------------------------------------------------------------------------------------------------------
    // Agent actions

    async handleCall(event: Event): Promise<void> {
        const key = (event.currentTarget as HTMLElement | null)?.dataset.key;
        const row = this.rows.find((candidate) => candidate.key === key);
        if (!row || row.disabled) {
            return;
        }
        await this.dial(row.number, row.name, row.related, row.name || row.display);
    }

    handleTypedChange(event: CustomEvent<{ value?: string }>): void {
        this.typed = event.detail?.value ?? (event.target as HTMLInputElement | null)?.value ?? '';
        this.typedError = '';
    }

    async handleTypedKey(event: KeyboardEvent): Promise<void> {
        if (event.key === 'Enter') {
            await this.handleTypedCall();
        }
    }

    async handleTypedCall(): Promise<void> {
        if (this.homeButtonDisabled) {
            return;
        }
        const read = readTypedNumber(this.typed, this.country);
        if (!read.ok) {
            this.typedError = read.message;
            return;
        }
        this.typedError = '';
        await this.dial(read.e164, '', {}, read.display);
    }

    handleCheckAgain(): void {
        this.link?.ping();
    }

    private async dial(number: string, name: string, related: RelatedRecords, who: string): Promise<void> {
        const link = this.link;
        if (!link) {
            return;
        }
        this.clearNotice();
        this.refusal = '';
        this.dialing = true;
        const result = await link.dial(number, name, related);
        this.dialing = false;
        if (!result.ok) {
            this.refusal = refusalMessage(result);
            return;
        }
        this.notice = formatLabel(CALLING, who);
        // A timer is the only way to let the notice go: nothing else happens on the page when it should.
        this.noticeTimer = globalThis.setTimeout(() => {
            this.noticeTimer = undefined;
            this.notice = '';
        }, CALLING_NOTICE_MS);
    }

    private clearNotice(): void {
        if (this.noticeTimer !== undefined) {
            globalThis.clearTimeout(this.noticeTimer);
            this.noticeTimer = undefined;
        }
        this.notice = '';
    }
}
