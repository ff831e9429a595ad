/**
 * The Diamy softphone, in the utility bar: connection and presence, dial pad, recent calls and colleagues when
 * idle; the caller popup with Answer / Decline when a call rings (the utility opens and is highlighted); the call
 * controls on the line (hold, mute, keypad, blind and attended transfer, conference, hang up); the wrap-up
 * (disposition, notes) when the call ends. The logic lives in c/diamySoftphoneService; the session (Diamy client,
 * call log, tab leadership) is built by c/diamySoftphoneWiring with the token from c/diamyAgentToken.
 */
import { LightningElement, wire } from 'lwc';
import { EnclosingUtilityId, open, updateUtility } from 'lightning/platformUtilityBarApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type { ObjectInfoRepresentation, PicklistValuesRepresentation } from 'lightning/uiObjectInfoApi';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import USER_ID from '@salesforce/user/Id';
import ORG_ID_FIELD from '@salesforce/schema/User.Diamy_Org_Id__c';
import CALL_OBJECT from '@salesforce/schema/Diamy_Call__c';
import DISPOSITION_FIELD from '@salesforce/schema/Diamy_Call__c.Disposition__c';
import TITLE from '@salesforce/label/c.Diamy_Softphone_Title';
import CONNECTING from '@salesforce/label/c.Diamy_Softphone_Connecting';
import PRESENCE from '@salesforce/label/c.Diamy_Softphone_Presence';
import NUMBER from '@salesforce/label/c.Diamy_Softphone_Number';
import CALL from '@salesforce/label/c.Diamy_Softphone_Call';
import CALL_SOMEONE from '@salesforce/label/c.Diamy_Softphone_Call_Someone';
import RECENT from '@salesforce/label/c.Diamy_Softphone_Recent_Calls';
import NO_RECENT from '@salesforce/label/c.Diamy_Softphone_No_Recent_Calls';
import COLLEAGUES from '@salesforce/label/c.Diamy_Softphone_Colleagues';
import NO_COLLEAGUES from '@salesforce/label/c.Diamy_Softphone_No_Colleagues';
import ANSWER from '@salesforce/label/c.Diamy_Softphone_Answer';
import DECLINE from '@salesforce/label/c.Diamy_Softphone_Decline';
import HANG_UP from '@salesforce/label/c.Diamy_Softphone_Hang_Up';
import RINGING from '@salesforce/label/c.Diamy_Softphone_Ringing';
import DIALING from '@salesforce/label/c.Diamy_Softphone_Dialing';
import ON_LINE from '@salesforce/label/c.Diamy_Softphone_On_Line';
import ON_HOLD from '@salesforce/label/c.Diamy_Softphone_On_Hold';
import CONSULTING from '@salesforce/label/c.Diamy_Softphone_Consulting';
import CONFERENCING from '@salesforce/label/c.Diamy_Softphone_Conferencing';
import HOLD from '@salesforce/label/c.Diamy_Softphone_Hold';
import RESUME from '@salesforce/label/c.Diamy_Softphone_Resume';
import MUTE from '@salesforce/label/c.Diamy_Softphone_Mute';
import UNMUTE from '@salesforce/label/c.Diamy_Softphone_Unmute';
import KEYPAD from '@salesforce/label/c.Diamy_Softphone_Keypad';
import DIGITS from '@salesforce/label/c.Diamy_Softphone_Digits';
import SEND from '@salesforce/label/c.Diamy_Softphone_Send';
import TRANSFER from '@salesforce/label/c.Diamy_Softphone_Transfer';
import TRANSFER_TO from '@salesforce/label/c.Diamy_Softphone_Transfer_To';
import CONSULT from '@salesforce/label/c.Diamy_Softphone_Consult';
import COMPLETE_TRANSFER from '@salesforce/label/c.Diamy_Softphone_Complete_Transfer';
import CANCEL from '@salesforce/label/c.Diamy_Softphone_Cancel';
import MERGE from '@salesforce/label/c.Diamy_Softphone_Merge';
import TALK_TIME from '@salesforce/label/c.Diamy_Softphone_Talk_Time';
import CONSULT_LEG from '@salesforce/label/c.Diamy_Softphone_Consult_Leg';
import WRAP_UP from '@salesforce/label/c.Diamy_Softphone_Wrap_Up';
import DISPOSITION from '@salesforce/label/c.Diamy_Softphone_Disposition';
import NOTES from '@salesforce/label/c.Diamy_Softphone_Notes';
import SAVE from '@salesforce/label/c.Diamy_Softphone_Save';
import RETRY from '@salesforce/label/c.Diamy_Softphone_Retry';
import DISMISS from '@salesforce/label/c.Diamy_Softphone_Dismiss';
import DRAFT_MEMORY_ONLY from '@salesforce/label/c.Diamy_Softphone_Draft_Memory_Only';
import type { TelephonySession } from 'c/diamyTelephonySession';
import type { SessionLogStatus } from 'c/diamyTelephonySession';
import type { ConnectionState, TelephonyProvider } from 'c/diamyTelephony';
import { initialState } from 'c/diamyCallState';
import type { Call, PresenceStatus, TelephonyState } from 'c/diamyCallState';
import { createSoftphone } from 'c/diamySoftphoneWiring';
import {
    checkDigits,
    colleagueItems,
    commandErrorMessage,
    connectionView,
    dialTarget,
    focusOf,
    incomingLabel,
    isPresence,
    otherParty,
    orgIdFromUser,
    picklistOptions,
    presenceOptions,
    recentItems,
    talkTime,
    WrapUpDrafts
} from 'c/diamySoftphoneService';
import type { ColleagueItem, Focus, RecentItem, Role, WrapUpDraft } from 'c/diamySoftphoneService';
import { formatLabel } from 'c/diamyFormat';

/** The c-diamy-agent-token contract. */
interface AgentToken {
    accessToken: string;
    expiresAt: number;
    wsUrl: string;
    baseUrl: string;
    /** Set only by the workbench's double of c-diamy-agent-token (plain ws:// to its local sandbox). */
    allowInsecureLoopback?: boolean;
}
interface TokenSource {
    getToken(): Promise<AgentToken>;
}
/** The c-diamy-call-finder contract. */
interface CallRecordFinderElement {
    find(diamyCallId: string): Promise<string | null>;
}

/** Starts work whose failures are already handled (commands show their own message). */
function ignore(promise: Promise<unknown>): void {
    promise.catch(() => undefined);
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
type Panel = 'none' | 'keypad' | 'transfer' | 'consult';

export default class DiamySoftphone extends LightningElement {
    labels = {
        title: TITLE,
        presence: PRESENCE,
        number: NUMBER,
        call: CALL,
        recent: RECENT,
        noRecent: NO_RECENT,
        colleagues: COLLEAGUES,
        noColleagues: NO_COLLEAGUES,
        answer: ANSWER,
        decline: DECLINE,
        hangUp: HANG_UP,
        keypad: KEYPAD,
        digits: DIGITS,
        send: SEND,
        transfer: TRANSFER,
        transferTo: TRANSFER_TO,
        consult: CONSULT,
        completeTransfer: COMPLETE_TRANSFER,
        cancel: CANCEL,
        merge: MERGE,
        talkTime: TALK_TIME,
        wrapUp: WRAP_UP,
        disposition: DISPOSITION,
        notes: NOTES,
        save: SAVE,
        retry: RETRY,
        dismiss: DISMISS
    };

    provider: TelephonyProvider | null = null;
    session: TelephonySession | null = null;
    telephony: TelephonyState = initialState();
    connection: ConnectionState = 'connecting';
    role: Role = 'follower';
    logStatus: SessionLogStatus | null = null;
    presence: PresenceStatus = 'available';
    tokenError = '';
    errorMessage = '';
    busy = false;
    dialNumber = '';
    digits = '';
    transferNumber = '';
    panel: Panel = 'none';
    disposition = '';
    notes = '';
    recentCalls: Call[] = [];
    colleagues: ColleagueItem[] = [];
    nowMs = Date.now();
    dispositionOptions: { label: string; value: string }[] = [];
    recordTypeId: string | undefined;
    utilityId: string | undefined;

    /** The org id (User.Diamy_Org_Id__c), null when unreadable; browser storage is keyed by it and the user. */
    orgId: string | null = null;

    /** A wrap-up typed before a reload and not saved yet (shown when no call is on screen). */
    restoredDraft: WrapUpDraft | null = null;
    /** The browser refused to keep the wrap-up draft (or the org is unknown): the agent is told. */
    draftMemoryOnly = false;

    private drafts: WrapUpDrafts | null = null;
    private wrapped = new Set<string>();
    private started = false;
    private rendered = false;
    /** The user record answered (with or without the org id): the session may start. */
    private orgResolved = false;
    private unsubscribers: (() => void)[] = [];
    private ticker: unknown = null;
    private highlightedCallId = '';
    private wrapUpCallId = '';

    @wire(EnclosingUtilityId)
    wiredUtilityId(id: string | undefined): void {
        this.utilityId = id || undefined;
        this.syncUtility();
    }

    @wire(getObjectInfo, { objectApiName: CALL_OBJECT })
    wiredObjectInfo({ data }: WireResult<ObjectInfoRepresentation>): void {
        this.recordTypeId = data?.defaultRecordTypeId;
    }

    @wire(getPicklistValues, { recordTypeId: '$recordTypeId', fieldApiName: DISPOSITION_FIELD })
    wiredDispositions({ data }: WireResult<PicklistValuesRepresentation>): void {
        this.dispositionOptions = picklistOptions(data);
    }

    @wire(getRecord, { recordId: USER_ID, optionalFields: [ORG_ID_FIELD] })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        if (!data && !error) {
            return;
        }
        // Without the field (no access, LDS error) the softphone still works, keeping nothing keyed in the browser.
        this.orgId = orgIdFromUser(data);
        this.orgResolved = true;
        this.startWhenReady();
    }

    override renderedCallback(): void {
        if (!this.rendered) {
            this.rendered = true;
            this.startWhenReady();
        }
    }

    /** Once rendered (the token child is in the DOM) and once the org id is known or known to be unreadable. */
    private startWhenReady(): void {
        if (!this.started && this.rendered && this.orgResolved) {
            this.started = true;
            ignore(Promise.resolve().then(() => this.startSession()));
        }
    }

    override disconnectedCallback(): void {
        this.stopSession();
    }

    // -------------------------------------------------------------------------------------------------------
    // Session

    private tokenSource(): TokenSource | null {
        const node = this.refs?.token as unknown as TokenSource | undefined;
        return node && typeof node.getToken === 'function' ? node : null;
    }

    /** The call record lookup of the hidden c-diamy-call-finder (GraphQL wire), for the call log. */
    private findCallRecordId = (diamyCallId: string): Promise<string | null> => {
        const node = this.refs?.finder as unknown as CallRecordFinderElement | undefined;
        return node && typeof node.find === 'function' ? node.find(diamyCallId) : Promise.reject(new Error('The call finder is not on the page'));
    };

    async startSession(): Promise<void> {
        this.tokenError = '';
        const source = this.tokenSource();
        let first: AgentToken;
        try {
            if (!source) {
                throw new Error(CONNECTING);
            }
            first = await source.getToken();
        } catch (error) {
            this.tokenError = error instanceof Error && error.message ? error.message : commandErrorMessage(error);
            this.connection = 'offline';
            return;
        }
        let pending: AgentToken | null = first;
        const tokenSupplier = async (): Promise<{ accessToken: string; expiresAt: number }> => {
            const token = pending ?? (await source.getToken());
            pending = null;
            return { accessToken: token.accessToken, expiresAt: token.expiresAt };
        };
        const { provider, session, storage } = createSoftphone({
            baseUrl: first.baseUrl,
            wsUrl: first.wsUrl,
            tokenSupplier,
            agentUserId: USER_ID ?? null,
            allowInsecureLoopback: first.allowInsecureLoopback === true,
            orgId: this.orgId,
            findCallRecordId: this.findCallRecordId
        });
        this.provider = provider;
        this.session = session;
        this.drafts = new WrapUpDrafts({ storage, orgId: this.orgId, userId: USER_ID ?? null });
        this.draftMemoryOnly = this.drafts.memoryOnly;
        this.telephony = provider.state;
        this.restoreDraft();
        this.connection = provider.connection;
        this.unsubscribers.push(
            provider.on('state', (state) => this.onState(state)),
            provider.on('connection', (connection) => {
                const wasConnected = this.connection === 'connected';
                this.connection = connection;
                if (connection === 'connected' && !wasConnected) {
                    this.refreshLists();
                }
            }),
            session.onRole((role) => {
                this.role = role;
            }),
            session.onLogStatus((status) => {
                this.logStatus = status;
            })
        );
        session.start();
        this.startTicker();
    }

    private stopSession(): void {
        for (const unsubscribe of this.unsubscribers.splice(0)) {
            unsubscribe();
        }
        this.session?.stop();
        this.session = null;
        this.provider = null;
        if (this.ticker !== null) {
            globalThis.clearInterval(this.ticker as number);
            this.ticker = null;
        }
    }

    private startTicker(): void {
        // The talk-time clock: the one timer of the component, reached through globalThis like the call log's.
        this.ticker = globalThis.setInterval(() => {
            this.nowMs = Date.now();
        }, 1000);
    }

    private onState(state: TelephonyState): void {
        const before = this.focus.main;
        this.nowMs = Date.now();
        this.telephony = state;
        this.presence = state.presence;
        const after = this.focus.main;
        if (after?.phase === 'wrap_up' && this.wrapUpCallId !== after.call.id) {
            // What the agent already typed for this call (before a reload) comes back.
            const draft = this.drafts?.get(after.call.id) ?? null;
            this.wrapUpCallId = after.call.id;
            this.disposition = draft?.disposition ?? '';
            this.notes = draft?.notes ?? '';
            this.panel = 'none';
        }
        if (before && before.call.id !== after?.call.id && !after) {
            this.panel = 'none';
            this.refreshLists();
        }
        this.syncUtility();
    }

    /** The newest unsaved wrap-up draft comes back on screen (its call may be gone from Diamy's live state). */
    private restoreDraft(): void {
        const draft = this.drafts?.latest(this.wrapped) ?? null;
        this.restoredDraft = draft;
        if (draft && !this.focus.main) {
            this.wrapUpCallId = draft.callId;
            this.disposition = draft.disposition;
            this.notes = draft.notes;
        }
    }

    /** The call the wrap-up panel is for: the call in wrap-up on screen, else a restored draft's. */
    private get wrapUpTarget(): { callId: string; name: string; number: string } | null {
        const main = this.focus.main;
        if (main) {
            return main.phase === 'wrap_up' ? { callId: main.call.id, ...otherParty(main.call) } : null;
        }
        const draft = this.restoredDraft;
        return draft && !this.wrapped.has(draft.callId) ? { callId: draft.callId, name: draft.name, number: draft.number } : null;
    }

    private saveDraft(): void {
        const target = this.wrapUpTarget;
        const drafts = this.drafts;
        if (!target || !drafts) {
            return;
        }
        drafts.save({ ...target, disposition: this.disposition, notes: this.notes });
        this.draftMemoryOnly = drafts.memoryOnly;
    }

    refreshLists(): void {
        const provider = this.provider;
        if (!provider) {
            return;
        }
        provider
            .recentCalls({ limit: 10 })
            .then((calls) => {
                this.recentCalls = calls;
            })
            .catch((error: unknown) => this.fail(error));
        provider
            .colleagues()
            .then((colleagues) => {
                this.colleagues = colleagueItems(colleagues, this.telephony.colleagues);
            })
            .catch((error: unknown) => this.fail(error));
    }

    /** Opens and highlights the utility while a call rings; back to normal afterwards. */
    private syncUtility(): void {
        const utilityId = this.utilityId;
        if (!utilityId) {
            return;
        }
        const main = this.focus.main;
        const ringing = main?.phase === 'ringing_in' ? main.call : null;
        if (ringing && this.highlightedCallId !== ringing.id) {
            this.highlightedCallId = ringing.id;
            open(utilityId, { autoFocus: true }).catch(() => undefined);
            updateUtility(utilityId, { highlighted: true, label: incomingLabel(ringing), icon: 'incoming_call' }).catch(
                () => undefined
            );
        } else if (!ringing && this.highlightedCallId !== '') {
            this.highlightedCallId = '';
            updateUtility(utilityId, { highlighted: false, label: TITLE, icon: 'call' }).catch(() => undefined);
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // View

    get focus(): Focus {
        return focusOf(this.telephony, this.wrapped);
    }

    get mainCall(): Call | null {
        return this.focus.main?.call ?? null;
    }

    private get phase(): string {
        return this.focus.main?.phase ?? 'idle';
    }

    get connectionBadge(): { text: string; badgeClass: string } {
        return connectionView(this.connection, this.role);
    }

    get isLeader(): boolean {
        return this.role === 'leader';
    }

    get notLeader(): boolean {
        return !this.isLeader || this.tokenError !== '';
    }

    get logMessage(): string {
        return this.logStatus && this.logStatus.state !== 'idle' ? this.logStatus.message : '';
    }

    /** The logger's notice that browser storage is refused (unsaved calls are kept in this page only). */
    get storageMessage(): string {
        return this.logStatus?.storageMessage ?? '';
    }

    get logFailed(): boolean {
        return this.logStatus?.state === 'failed';
    }

    get logClass(): string {
        return this.logFailed ? 'softphone-log slds-text-color_error' : 'softphone-log slds-text-color_weak';
    }

    get presenceOptions(): { label: string; value: string }[] {
        return presenceOptions();
    }

    get isIdle(): boolean {
        return this.phase === 'idle' && !this.isWrapUp && this.isLeader && !this.tokenError;
    }
    get isRingingIn(): boolean {
        return this.phase === 'ringing_in';
    }
    get isRingingOut(): boolean {
        return this.phase === 'ringing_out' || this.phase === 'dialing';
    }
    get isOnCall(): boolean {
        return ['connected', 'on_hold', 'consulting', 'conferencing'].includes(this.phase);
    }
    get isWrapUp(): boolean {
        return this.wrapUpTarget !== null;
    }

    get hasCallPanel(): boolean {
        return this.mainCall !== null || this.isWrapUp;
    }

    get draftNotice(): string {
        return this.isWrapUp && this.draftMemoryOnly ? DRAFT_MEMORY_ONLY : '';
    }

    get callStatus(): string {
        if (this.isWrapUp) {
            return WRAP_UP;
        }
        switch (this.phase) {
            case 'ringing_in':
                return RINGING;
            case 'dialing':
            case 'ringing_out':
                return DIALING;
            case 'on_hold':
                return ON_HOLD;
            case 'consulting':
                return CONSULTING;
            case 'conferencing':
                return CONFERENCING;
            case 'connected':
                return ON_LINE;
            default:
                return '';
        }
    }

    get partyName(): string {
        const call = this.mainCall;
        return call ? otherParty(call).name : (this.wrapUpTarget?.name ?? '');
    }
    get partyNumber(): string {
        const call = this.mainCall;
        return call ? otherParty(call).number : (this.wrapUpTarget?.number ?? '');
    }
    get callId(): string | undefined {
        return this.mainCall?.id;
    }
    get popupPhase(): string {
        return this.phase === 'ringing_in' ? 'ringing' : 'answered';
    }
    get showPopup(): boolean {
        const call = this.mainCall;
        return call !== null && call.direction === 'inbound' && (this.isRingingIn || this.isOnCall);
    }
    get talkTimeText(): string {
        const call = this.mainCall;
        return call ? talkTime(call, this.nowMs) : '';
    }
    get isHeld(): boolean {
        return this.phase === 'on_hold';
    }
    get holdLabel(): string {
        return this.isHeld ? RESUME : HOLD;
    }
    get holdIcon(): string {
        return this.isHeld ? 'utility:play' : 'utility:pause';
    }
    get isMuted(): boolean {
        return this.mainCall?.muted === true;
    }
    get muteLabel(): string {
        return this.isMuted ? UNMUTE : MUTE;
    }
    get muteIcon(): string {
        return this.isMuted ? 'utility:unmuted' : 'utility:muted';
    }
    get isConsulting(): boolean {
        return this.phase === 'consulting' || this.focus.consult !== null;
    }
    get notConsulting(): boolean {
        return !this.isConsulting;
    }
    get consultText(): string {
        const leg = this.focus.consult;
        return leg ? formatLabel(CONSULT_LEG, otherParty(leg.call).name || otherParty(leg.call).number) : '';
    }
    get canMerge(): boolean {
        return this.focus.consult !== null;
    }
    get cannotMerge(): boolean {
        return !this.canMerge || this.busy;
    }
    get showKeypad(): boolean {
        return this.panel === 'keypad';
    }
    get showTransfer(): boolean {
        return this.panel === 'transfer' || this.panel === 'consult';
    }
    get transferActionLabel(): string {
        return this.panel === 'consult' ? CONSULT : TRANSFER;
    }
    get keys(): string[] {
        return KEYS;
    }
    get recentList(): (RecentItem & { ariaLabel: string })[] {
        return recentItems(this.recentCalls, this.nowMs).map((item) => ({
            ...item,
            ariaLabel: formatLabel(CALL_SOMEONE, item.title)
        }));
    }
    get hasRecent(): boolean {
        return this.recentCalls.length > 0;
    }
    get colleagueList(): (ColleagueItem & { ariaLabel: string; presenceClass: string })[] {
        return this.colleagues.map((item) => ({
            ...item,
            ariaLabel: formatLabel(CALL_SOMEONE, item.name),
            presenceClass: item.available ? 'slds-text-color_success' : 'slds-text-color_weak'
        }));
    }
    get hasColleagues(): boolean {
        return this.colleagues.length > 0;
    }

    // -------------------------------------------------------------------------------------------------------
    // Commands: each one shows an inline message on failure and never throws.

    private fail(error: unknown): void {
        this.errorMessage = commandErrorMessage(error);
    }

    private async run(action: (provider: TelephonyProvider) => Promise<unknown>): Promise<boolean> {
        const provider = this.provider;
        if (!provider || this.busy) {
            return false;
        }
        this.busy = true;
        this.errorMessage = '';
        try {
            await action(provider);
            return true;
        } catch (error) {
            this.fail(error);
            return false;
        } finally {
            this.busy = false;
        }
    }

    private withCall(action: (provider: TelephonyProvider, callId: string) => Promise<unknown>): Promise<boolean> {
        const callId = this.mainCall?.id;
        if (!callId) {
            return Promise.resolve(false);
        }
        return this.run((provider) => action(provider, callId));
    }

    handleRetry(): void {
        this.stopSession();
        ignore(this.startSession());
    }

    handleDismiss(): void {
        this.errorMessage = '';
    }

    handlePresence(event: CustomEvent<{ value: string }>): void {
        const value = event.detail.value;
        if (isPresence(value)) {
            const previous = this.presence;
            this.presence = value;
            ignore(
                this.run((provider) => provider.setPresence(value)).then((ok) => {
                    if (!ok) {
                        this.presence = previous;
                    }
                })
            );
        }
    }

    handleNumberChange(event: CustomEvent<{ value: string }>): void {
        this.dialNumber = event.detail.value ?? '';
    }

    handleKey(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.key ?? '';
        if (this.showKeypad) {
            this.digits += key;
        } else {
            this.dialNumber += key;
        }
    }

    handleDial(): void {
        this.dial(this.dialNumber);
    }

    handleCallItem(event: Event): void {
        this.dial((event.currentTarget as HTMLElement).dataset.number ?? '');
    }

    private dial(text: string): void {
        const target = dialTarget(text);
        if (!target.ok) {
            this.errorMessage = target.message;
            return;
        }
        ignore(
            this.run((provider) => provider.dial(target.number)).then((ok) => {
                if (ok) {
                    this.dialNumber = '';
                }
            })
        );
    }

    handleAnswer(): void {
        ignore(this.withCall((provider, id) => provider.answer(id)));
    }
    handleDecline(): void {
        ignore(this.withCall((provider, id) => provider.reject(id)));
    }
    handleHangUp(): void {
        ignore(this.withCall((provider, id) => provider.end(id)));
    }
    handleHold(): void {
        const held = this.isHeld;
        ignore(
            this.withCall((provider, id) => {
                return held ? provider.resume(id) : provider.hold(id);
            })
        );
    }
    handleMute(): void {
        const muted = this.isMuted;
        ignore(
            this.withCall((provider, id) => {
                return muted ? provider.unmute(id) : provider.mute(id);
            })
        );
    }

    handleTogglePanel(event: Event): void {
        const panel = (event.currentTarget as HTMLElement).dataset.panel as Panel;
        this.panel = this.panel === panel ? 'none' : panel;
        this.errorMessage = '';
    }

    handleDigitsChange(event: CustomEvent<{ value: string }>): void {
        this.digits = event.detail.value ?? '';
    }

    handleSendDigits(): void {
        const check = checkDigits(this.digits);
        if (!check.ok) {
            this.errorMessage = check.message;
            return;
        }
        ignore(
            this.withCall((provider, id) => provider.sendDigits(id, check.digits)).then((ok) => {
                if (ok) {
                    this.digits = '';
                }
            })
        );
    }

    handleTransferNumber(event: CustomEvent<{ value: string }>): void {
        this.transferNumber = event.detail.value ?? '';
    }

    handleTransferColleague(event: Event): void {
        this.transferNumber = (event.currentTarget as HTMLElement).dataset.number ?? '';
        this.handleTransferGo();
    }

    handleTransferGo(): void {
        const target = dialTarget(this.transferNumber);
        if (!target.ok) {
            this.errorMessage = target.message;
            return;
        }
        const attended = this.panel === 'consult';
        ignore(
            this.withCall((provider, id) => {
                return attended ? provider.consult(id, target.number) : provider.transfer(id, target.number);
            }).then((ok) => {
                if (ok) {
                    this.transferNumber = '';
                    this.panel = 'none';
                }
            })
        );
    }

    handleCompleteTransfer(): void {
        ignore(this.withCall((provider, id) => provider.completeConsult(id)));
    }
    handleCancelConsult(): void {
        ignore(this.withCall((provider, id) => provider.cancelConsult(id)));
    }
    handleMerge(): void {
        const consultId = this.focus.consult?.call.id;
        ignore(this.withCall((provider, id) => provider.merge(id, consultId)));
    }

    // -------------------------------------------------------------------------------------------------------
    // Caller popup and wrap-up

    handleCallerSelected(
        event: CustomEvent<{ callId: string; objectApiName: string; recordId: string; accountId: string | null }>
    ): void {
        const detail = event.detail;
        if (!this.session || !detail?.callId || !detail.recordId) {
            return;
        }
        const related =
            detail.objectApiName === 'Lead'
                ? { leadId: detail.recordId }
                : detail.objectApiName === 'Account'
                  ? { accountId: detail.recordId }
                  : { contactId: detail.recordId, accountId: detail.accountId };
        this.session.relate(detail.callId, related);
    }

    handleDisposition(event: CustomEvent<{ value: string }>): void {
        this.disposition = event.detail.value ?? '';
        this.saveDraft();
    }

    handleNotes(event: CustomEvent<{ value: string }>): void {
        this.notes = event.detail.value ?? '';
        this.saveDraft();
    }

    async handleSaveWrapUp(): Promise<void> {
        const target = this.wrapUpTarget;
        const session = this.session;
        if (!target || !session || this.busy) {
            return;
        }
        this.busy = true;
        this.errorMessage = '';
        try {
            await session.logWrapUp(target.callId, { disposition: this.disposition || null, notes: this.notes.trim() || null });
            // Handed to the logger (which keeps it in its own queue): the draft is no longer needed.
            this.drafts?.clear(target.callId);
            this.wrapped = new Set([...this.wrapped, target.callId]);
            this.disposition = '';
            this.notes = '';
            this.restoreDraft();
            this.refreshLists();
        } catch (error) {
            this.fail(error);
        } finally {
            this.busy = false;
        }
    }
}
