/**
 * Caller context card for record pages, Home and app pages: follows the Diamy softphone's current call over the
 * Lightning Message Service channel Diamy_Phone__c (c/diamyPhoneChannel's SoftphoneLink), so an agent who keeps the
 * utility minimised still sees who is calling, and adds a quick note or asks for a follow-up task during the call or
 * its wrap-up through the softphone. What to show and what to send come from c/diamyCallerContextService; this
 * component wires it to the platform (LMS, LDS, navigation) and renders it.
 */
import { LightningElement, api, wire } from 'lwc';
import { MessageContext, APPLICATION_SCOPE, publish, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import { NavigationMixin } from 'lightning/navigation';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import USER_ID from '@salesforce/user/Id';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import TITLE from '@salesforce/label/c.Diamy_Context_Title';
import LINKED from '@salesforce/label/c.Diamy_Context_Linked';
import MIRROR_NOTE from '@salesforce/label/c.Diamy_Context_Mirror_Note';
import NOTE from '@salesforce/label/c.Diamy_Context_Note';
import SEND from '@salesforce/label/c.Diamy_Context_Send';
import TALK_TIME from '@salesforce/label/c.Diamy_Softphone_Talk_Time';
import FOLLOW_UP from '@salesforce/label/c.Diamy_Softphone_Follow_Up';
import FOLLOW_UP_SUBJECT from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Subject';
import FOLLOW_UP_DUE from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Due';
import { SoftphoneLink } from 'c/diamyPhoneChannel';
import type { SoftphoneView } from 'c/diamyPhoneChannel';
import { MATCH_SETTINGS_FIELDS, matchSettingsFromUser, phoneMetadataReady } from 'c/diamyPhoneMatch';
import { localDate } from 'c/diamyFollowUp';
import {
    NOTE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    cardView,
    changeDraft,
    checkNote,
    draftForCall,
    linkLabel,
    recordPageReference,
    ringingAnnouncement,
    settleSend,
    talkTime
} from 'c/diamyCallerContextService';
import type { CallCard, CardView, DraftChange, LinkTarget, NoteDraft, NoteProblem } from 'c/diamyCallerContextService';

const DAY_MS = 24 * 60 * 60 * 1000;

interface ShownLink {
    recordId: string;
    label: string;
    url: string;
}

export default class DiamyCallerContext extends NavigationMixin(LightningElement) {
    /** The record page's record (none on Home and app pages). */
    @api recordId: string | undefined;
    @api objectApiName: string | undefined;

    labels = {
        title: TITLE,
        linked: LINKED,
        mirrorNote: MIRROR_NOTE,
        note: NOTE,
        send: SEND,
        talkTime: TALK_TIME,
        followUp: FOLLOW_UP,
        followUpSubject: FOLLOW_UP_SUBJECT,
        followUpDue: FOLLOW_UP_DUE
    };
    noteMaxLength = NOTE_MAX_LENGTH;
    subjectMaxLength = SUBJECT_MAX_LENGTH;

    @wire(MessageContext) messageContext: MessageContextType | undefined;

    view: SoftphoneView = { availability: 'unknown', call: null };
    country = 'FR';
    nowMs = Date.now();
    draft: NoteDraft | null = null;
    problems: NoteProblem[] = [];
    sending = false;
    resultMessage = '';
    resultOk = false;
    /** The aria-live text: "Incoming call: <caller>" when a new call rings. */
    announcement = '';

    /** The records the call is linked to (at most two), read with LDS for their names. */
    firstLinkId: string | undefined;
    firstLinkFields: string[] = [];
    secondLinkId: string | undefined;
    secondLinkFields: string[] = [];
    firstRecord: RecordRepresentation | undefined;
    secondRecord: RecordRepresentation | undefined;
    linkUrls: Record<string, string> = {};

    private link: SoftphoneLink | null = null;
    private stopView: (() => void) | null = null;
    private ticker: unknown = null;
    private announcedCallId: string | null = null;

    @wire(getRecord, { recordId: USER_ID, optionalFields: MATCH_SETTINGS_FIELDS })
    wiredUser({ data }: WireResult<RecordRepresentation>): void {
        this.country = matchSettingsFromUser(data).defaultCountry;
    }

    @wire(getRecord, { recordId: '$firstLinkId', optionalFields: '$firstLinkFields' })
    wiredFirstLink({ data }: WireResult<RecordRepresentation>): void {
        this.firstRecord = data;
    }

    @wire(getRecord, { recordId: '$secondLinkId', optionalFields: '$secondLinkFields' })
    wiredSecondLink({ data }: WireResult<RecordRepresentation>): void {
        this.secondRecord = data;
    }

    override connectedCallback(): void {
        phoneMetadataReady().then(
            () => {
                // Numbers can be formatted for the agent's country now: render the same view again.
                this.view = { ...this.view };
            },
            () => undefined // numbers stay as the softphone gave them
        );
        this.link = new SoftphoneLink({
            publish: (message) => publish(this.messageContext as MessageContextType, DIAMY_PHONE, message),
            subscribe: (listener) => {
                const subscription = subscribe(this.messageContext as MessageContextType, DIAMY_PHONE, listener, {
                    scope: APPLICATION_SCOPE
                });
                return () => unsubscribe(subscription);
            }
        });
        this.stopView = this.link.onView((view) => this.onView(view));
        this.link.start();
    }

    override disconnectedCallback(): void {
        this.stopView?.();
        this.stopView = null;
        this.link?.stop();
        this.link = null;
        this.stopTicker();
    }

    // -------------------------------------------------------------------------------------------------------
    // What is shown

    get card(): CardView {
        return cardView(this.view, { recordId: this.recordId ?? null, country: this.country });
    }

    get call(): CallCard | null {
        return this.card.call;
    }

    get stateText(): string {
        return this.card.stateText;
    }

    get talkTimeText(): string {
        return talkTime(this.call, this.nowMs);
    }

    get links(): ShownLink[] {
        const targets = this.call?.links ?? [];
        const records = [this.firstRecord, this.secondRecord];
        return targets.map((target, index) => ({
            recordId: target.recordId,
            label: linkLabel(
                target,
                records[index]?.id?.slice(0, 15) === target.recordId.slice(0, 15) ? records[index] : undefined
            ),
            url: this.linkUrls[target.recordId] ?? '#'
        }));
    }

    get hasLinks(): boolean {
        return this.links.length > 0;
    }

    /** The quick note is offered during the call or its wrap-up, for a call about this page's record (any call on Home). */
    get showForm(): boolean {
        const call = this.call;
        return call !== null && call.takesNotes && call.relatesToPage && !call.mirrored && this.draft?.callId === call.callId;
    }

    get showMirrorNote(): boolean {
        const call = this.call;
        return call !== null && call.takesNotes && call.relatesToPage && call.mirrored;
    }

    get noteText(): string {
        return this.draft?.text ?? '';
    }

    get followUpOn(): boolean {
        return this.draft?.followUpOn ?? false;
    }

    get followUpSubject(): string {
        return this.draft?.subject ?? '';
    }

    get followUpDueDate(): string {
        return this.draft?.dueDate ?? '';
    }

    get today(): string {
        return localDate(this.nowMs, TIME_ZONE);
    }

    get hasProblems(): boolean {
        return this.problems.length > 0;
    }

    get problemList(): { key: string; message: string }[] {
        return this.problems.map((problem, index) => ({ key: `${problem.field}-${index}`, message: problem.message }));
    }

    get resultClass(): string {
        return `context-result slds-var-m-top_x-small ${this.resultOk ? 'slds-text-color_success' : 'slds-text-color_error'}`;
    }

    get resultRole(): string {
        return this.resultOk ? 'status' : 'alert';
    }

    // -------------------------------------------------------------------------------------------------------
    // The softphone's view

    private onView(view: SoftphoneView): void {
        this.view = view;
        this.nowMs = Date.now();
        const callId = view.call?.callId ?? null;
        const draft = draftForCall(this.draft, callId);
        if (draft !== this.draft) {
            // Another call: what was typed, checked or answered for the previous one goes.
            this.draft = draft;
            this.problems = [];
            this.resultMessage = '';
        }
        const card = this.card.call;
        const announcement = ringingAnnouncement(card);
        if (announcement && card && card.callId !== this.announcedCallId) {
            this.announcedCallId = card.callId;
            this.announcement = announcement;
        } else if (!card) {
            // Emptied between calls, so that the same caller calling again is a change the screen reader announces.
            this.announcement = '';
        }
        this.followLinks(card?.links ?? []);
        if (card?.live) {
            this.startTicker();
        } else {
            this.stopTicker();
        }
    }

    private followLinks(targets: LinkTarget[]): void {
        const [first, second] = targets;
        if (first?.recordId !== this.firstLinkId) {
            this.firstRecord = undefined;
            this.firstLinkFields = first?.fields ?? [];
            this.firstLinkId = first?.recordId;
        }
        if (second?.recordId !== this.secondLinkId) {
            this.secondRecord = undefined;
            this.secondLinkFields = second?.fields ?? [];
            this.secondLinkId = second?.recordId;
        }
        for (const target of targets) {
            if (!(target.recordId in this.linkUrls)) {
                this.linkUrls = { ...this.linkUrls, [target.recordId]: '#' };
                this[NavigationMixin.GenerateUrl](recordPageReference(target)).then(
                    (url) => {
                        this.linkUrls = { ...this.linkUrls, [target.recordId]: url };
                    },
                    () => undefined // the link still navigates on click
                );
            }
        }
    }

    private startTicker(): void {
        if (this.ticker === null) {
            // The talk-time clock: the one timer of the component, reached through globalThis like the softphone's.
            this.ticker = globalThis.setInterval(() => {
                this.nowMs = Date.now();
            }, 1000);
        }
    }

    private stopTicker(): void {
        if (this.ticker !== null) {
            globalThis.clearInterval(this.ticker as number);
            this.ticker = null;
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // Agent actions

    handleOpen(event: Event): void {
        event.preventDefault();
        const recordId = (event.currentTarget as HTMLElement).dataset.recordId;
        const target = this.call?.links.find((link) => link.recordId === recordId);
        if (target) {
            this[NavigationMixin.Navigate](recordPageReference(target));
        }
    }

    handleNoteChange(event: CustomEvent<{ value: string }>): void {
        this.change({ field: 'text', value: event.detail?.value ?? '' });
    }

    handleFollowUpToggle(event: CustomEvent<{ checked: boolean }>): void {
        this.change({ field: 'followUpOn', value: event.detail?.checked === true });
    }

    handleSubjectChange(event: CustomEvent<{ value: string }>): void {
        this.change({ field: 'subject', value: event.detail?.value ?? '' });
    }

    handleDueDateChange(event: CustomEvent<{ value: string }>): void {
        this.change({ field: 'dueDate', value: event.detail?.value ?? '' });
    }

    private change(change: DraftChange): void {
        const call = this.call;
        if (!this.draft || !call) {
            return;
        }
        this.draft = changeDraft(this.draft, change, {
            party: call.withheld ? '' : call.party,
            tomorrow: localDate(Date.now() + DAY_MS, TIME_ZONE)
        });
        this.problems = [];
        this.resultMessage = '';
    }

    async handleSend(): Promise<void> {
        const link = this.link;
        const call = this.call;
        const draft = this.draft;
        if (!link || !call || !draft || draft.callId !== call.callId || this.sending) {
            return;
        }
        const checked = checkNote(draft, localDate(Date.now(), TIME_ZONE));
        this.resultMessage = '';
        if (!checked.ok) {
            this.problems = checked.problems;
            return;
        }
        this.problems = [];
        this.sending = true;
        const result = await link.addNote(call.callId, checked.text, checked.followUp);
        this.sending = false;
        const outcome = settleSend(this.draft, call.callId, checked, result);
        this.draft = outcome.draft;
        this.resultMessage = outcome.message;
        this.resultOk = outcome.ok;
    }
}
