/**
 * The Diamy softphone, in the utility bar. This parent holds the session (Diamy client, call log, tab leadership,
 * built by c/diamySoftphoneWiring with the token from c/diamyAgentToken), the utility bar and the orchestration of
 * commands; its children render: c-diamy-softphone-header (connection, own status), c-diamy-dial-pad (dialling and
 * DTMF), c-diamy-incoming-call (answer/decline, call waiting), c-diamy-call-controls (hold, mute, keypad, transfer,
 * consult, merge, hang up), c-diamy-wrap-up and c-diamy-call-lists (recent calls, colleagues). Values shown come from
 * the pure functions of c/diamySoftphoneService.
 */
import { LightningElement, wire } from 'lwc';
import { EnclosingUtilityId, getInfo, open, updateUtility } from 'lightning/platformUtilityBarApi';
import { NavigationMixin } from 'lightning/navigation';
import { APPLICATION_SCOPE, MessageContext, publish, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextType, Subscription } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import type { ObjectInfoRepresentation, PicklistValuesRepresentation } from 'lightning/uiObjectInfoApi';
import { createRecord, getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import USER_ID from '@salesforce/user/Id';
import ORG_ID_FIELD from '@salesforce/schema/User.Diamy_Org_Id__c';
import DEFAULT_COUNTRY_FIELD from '@salesforce/schema/User.Diamy_Default_Country__c';
import CALL_OBJECT from '@salesforce/schema/Diamy_Call__c';
import DISPOSITION_FIELD from '@salesforce/schema/Diamy_Call__c.Disposition__c';
import TITLE from '@salesforce/label/c.Diamy_Softphone_Title';
import NUMBER_LABEL from '@salesforce/label/c.Diamy_Softphone_Number';
import CALL from '@salesforce/label/c.Diamy_Softphone_Call';
import CONNECTING from '@salesforce/label/c.Diamy_Softphone_Connecting';
import HANG_UP from '@salesforce/label/c.Diamy_Softphone_Hang_Up';
import TALK_TIME from '@salesforce/label/c.Diamy_Softphone_Talk_Time';
import WRAP_UP from '@salesforce/label/c.Diamy_Softphone_Wrap_Up';
import RETRY from '@salesforce/label/c.Diamy_Softphone_Retry';
import DISMISS from '@salesforce/label/c.Diamy_Softphone_Dismiss';
import DRAFT_MEMORY_ONLY from '@salesforce/label/c.Diamy_Softphone_Draft_Memory_Only';
import AFTER_CALL_WORK from '@salesforce/label/c.Diamy_Softphone_After_Call_Work';
import SHORTCUTS from '@salesforce/label/c.Diamy_Softphone_Shortcuts';
import MIRROR_NOTE from '@salesforce/label/c.Diamy_Softphone_Mirror_Note';
import { mirroredCalls } from 'c/diamyTelephonySession';
import type { MirroredState, SessionLogStatus, TelephonySession } from 'c/diamyTelephonySession';
import type { AccessToken, ConnectionState, DialTarget as ProviderDialTarget, TelephonyProvider } from 'c/diamyTelephony';
import type { AgentToken as AgentSessionToken } from 'c/diamyAgentSession';
import { afterCallWorkSeconds, initialState, wrapUpStartedAt } from 'c/diamyCallState';
import type { Call, PresenceStatus, TelephonyState } from 'c/diamyCallState';
import { createSoftphone } from 'c/diamySoftphoneWiring';
import type { PhoneMessage } from 'c/diamyPhoneChannel';
import type { NoteTarget, PhoneRequests, SoftphonePort } from 'c/diamyPhoneHost';
import type { RelatedRecords } from 'c/diamyCallRecord';
import {
    colleagueItems,
    connectionView,
    consultView,
    dialTarget,
    focusOf,
    incomingLabel,
    isDialKey,
    isPresence,
    orgIdFromUser,
    partyView,
    picklistOptions,
    presenceOptions,
    recentItems,
    shortcutOf,
    emptyForm,
    formOfDraft,
    mergeWrapUpPatch,
    phaseLabel,
    wrapUpOfForm,
    talkTime,
    WrapUpDrafts
} from 'c/diamySoftphoneService';
import type { ColleagueItem, Focus, PartyView, RecentItem, Role, WrapUpDraft, WrapUpForm } from 'c/diamySoftphoneService';
import type { Colleague } from 'c/diamyTelephony';
import { formatDuration, formatLabel, localDate } from 'c/diamyFormat';
import { describeFailure } from 'c/diamyFailure';
import type { FailureReporter } from 'c/diamyFailureReport';
import { formatPhoneForDisplay, isPhoneMetadataLoaded, matchSettingsFromUser, phoneMetadataReady } from 'c/diamyPhoneMatch';
import { DISPOSITION_REQUIRED } from 'c/diamyWrapUpPolicy';
import TIME_ZONE from '@salesforce/i18n/timeZone';

/** What c-diamy-agent-token's getToken() gives (the workbench's double may add allowInsecureLoopback). */
type AgentToken = AgentSessionToken & {
    /** Set only by the workbench's double of c-diamy-agent-token (plain ws:// to its local sandbox). */
    allowInsecureLoopback?: boolean;
};
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

/** The child components' imperative parts the parent uses. */
interface IncomingCallElement {
    focusAnswer(): void;
}
interface CallControlsElement {
    closePanel(): void;
    focusFirst(): void;
}

/** What a dial request names: a typed entry, or a target the lists already resolved. */
type DialRequest = { to: string } | { toUserId: string };

export default class DiamySoftphone extends NavigationMixin(LightningElement) {
    labels = {
        title: TITLE,
        number: NUMBER_LABEL,
        call: CALL,
        retry: RETRY,
        dismiss: DISMISS,
        talkTime: TALK_TIME,
        hangUp: HANG_UP,
        shortcuts: SHORTCUTS,
        mirrorNote: MIRROR_NOTE
    };

    provider: TelephonyProvider | null = null;
    session: TelephonySession | null = null;
    telephony: TelephonyState = initialState();
    connection: ConnectionState = 'connecting';
    role: Role = 'follower';
    logStatus: SessionLogStatus | null = null;
    /** The status the agent sees in the picker: Diamy's own echo, or the choice being sent. */
    presence: PresenceStatus = 'available';
    tokenError = '';
    errorMessage = '';
    busy = false;
    dialNumber = '';
    /** DTMF tones sent in the current call (shown under the keypad). */
    sentDigits = '';
    /** The wrap-up being typed (kept as a draft that survives a reload). */
    form: WrapUpForm = emptyForm();
    recentCalls: Call[] = [];
    /** The directory (name, extension); presence comes live from the telephony state. */
    directory: Colleague[] = [];
    nowMs = Date.now();
    dispositionOptions: { label: string; value: string }[] = [];
    recordTypeId: string | undefined;
    utilityId: string | undefined;

    /**
     * The parts used only during and after a call — the caller popup (with its lookup), the call controls and the
     * wrap-up form — are loaded with dynamic imports once the phone is connected (they are not needed to get ready:
     * docs/PERFORMANCE.md), and rendered through lwc:component.
     */
    popupConstructor: typeof LightningElement | undefined;
    controlsConstructor: typeof LightningElement | undefined;
    wrapUpConstructor: typeof LightningElement | undefined;
    listsConstructor: typeof LightningElement | undefined;
    private callUiLoading: Promise<void> | null = null;

    /** The agent's country (Diamy settings, through User.Diamy_Default_Country__c): numbers are read and shown for it. */
    agentCountry = 'FR';
    /** The phone library (loaded after the component) is there: numbers are shown formatted. */
    phoneFormatReady = isPhoneMetadataLoaded();

    /** In a follower tab: the owner tab's last publication (its calls are shown read-only). */
    mirror: MirroredState | null = null;

    /** The org id (User.Diamy_Org_Id__c), null when unreadable; browser storage is keyed by it and the user. */
    orgId: string | null = null;

    /** A wrap-up typed before a reload and not saved yet (shown when no call is on screen). */
    restoredDraft: WrapUpDraft | null = null;
    /** The browser refused to keep the wrap-up draft (or the org is unknown): the agent is told. */
    draftMemoryOnly = false;

    /** Failed commands reach the integration log (what the agent reads is only the labelled message). */
    private failures: Promise<FailureReporter> | null = null;
    /** Settles when the command on its way is done (run): a call command pressed meanwhile waits for it. */
    private commandDone: Promise<void> = Promise.resolve();
    private drafts: WrapUpDrafts | null = null;
    private started = false;
    private rendered = false;
    /** The user record answered (with or without the org id): the session may start. */
    private orgResolved = false;
    private unsubscribers: (() => void)[] = [];
    private ticker: unknown = null;
    private highlightedCallId = '';
    private wrapUpCallId = '';
    /** The utility's own label and icon (set by the admin in the app), restored after a call rang. */
    private utilityDefaults: { label: string; icon: string } | null = null;
    /** Utility bar calls run in order, the first after the utility's own label was read. */
    private utilityChain: Promise<unknown> = Promise.resolve();
    /** DTMF tones go out one after the other, in the order pressed. */
    private dtmfChain: Promise<unknown> = Promise.resolve();
    private dtmfCallId = '';
    /** The ringing call whose panel got the keyboard focus. */
    private focusedRingId = '';

    /** Lightning Message Service: the record pages' click-to-dial, call histories and caller cards (c/diamyPhoneChannel). */
    @wire(MessageContext) messageContext: MessageContextType | undefined;
    private phoneSubscription: Subscription | null = null;
    /** The last state told to the record pages (a change is published once). */
    private phoneStateKey = '';
    /** The record pages' requests, answered by c/diamyPhoneHost once it is loaded (messages heard before wait in the inbox). */
    private phoneRequests: PhoneRequests | null = null;
    private phoneRequestsLoading: Promise<void> | null = null;
    private phoneInbox: unknown[] = [];

    @wire(EnclosingUtilityId)
    wiredUtilityId(id: string | undefined): void {
        this.utilityId = id || undefined;
        this.readUtilityDefaults();
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

    @wire(getRecord, { recordId: USER_ID, optionalFields: [ORG_ID_FIELD, DEFAULT_COUNTRY_FIELD] })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        if (!data && !error) {
            return;
        }
        // Without the field (no access, LDS error) the softphone still works, keeping nothing keyed in the browser.
        this.orgId = orgIdFromUser(data);
        this.agentCountry = matchSettingsFromUser(data ?? undefined).defaultCountry;
        this.orgResolved = true;
        this.startWhenReady();
    }

    override connectedCallback(): void {
        this.phoneSubscription ??= subscribe(this.phoneContext, DIAMY_PHONE, (message: unknown) => this.receivePhone(message), {
            scope: APPLICATION_SCOPE
        });
    }

    override renderedCallback(): void {
        if (!this.rendered) {
            this.rendered = true;
            this.startWhenReady();
        }
        this.focusRingingCall();
        // Whatever changed on screen may change what the record pages show: told once per change.
        this.phoneRequests?.publishState(null);
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
        if (this.phoneSubscription) {
            unsubscribe(this.phoneSubscription);
            this.phoneSubscription = null;
        }
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
            this.tokenError = error instanceof Error && error.message ? error.message : describeFailure(error).message;
            this.connection = 'offline';
            return;
        }
        let pending: AgentToken | null = first;
        const tokenSupplier = async (): Promise<AccessToken> => {
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
            findCallRecordId: this.findCallRecordId,
            dispositionRequired: DISPOSITION_REQUIRED,
            onCallWritten: (diamyCallId) => this.phoneRequests?.logged(diamyCallId)
        });
        this.provider = provider;
        this.session = session;
        this.drafts = new WrapUpDrafts({ storage, orgId: this.orgId, userId: USER_ID ?? null });
        this.draftMemoryOnly = this.drafts.memoryOnly;
        this.telephony = provider.state;
        this.presence = provider.state.presence;
        this.restoreDraft();
        this.connection = provider.connection;
        this.unsubscribers.push(
            provider.on('state', (state) => this.onState(state)),
            provider.on('connection', (connection) => {
                const wasConnected = this.connection === 'connected';
                this.connection = connection;
                if (connection === 'connected' && !wasConnected) {
                    this.refreshLists();
                    this.loadCallUi();
                    // Connected: the record pages may call now (they hear it even if they pinged before).
                    this.loadPhoneRequests();
                }
            }),
            session.onRole((role) => {
                this.role = role;
            }),
            session.onLogStatus((status) => {
                this.logStatus = status;
            }),
            session.onMirror((mirror) => {
                this.mirror = mirror;
            })
        );
        session.start();
        this.startTicker();
        if (!this.phoneFormatReady) {
            phoneMetadataReady()
                .then(() => {
                    this.phoneFormatReady = true;
                })
                .catch(() => undefined);
        }
    }

    private stopSession(): void {
        for (const stopListening of this.unsubscribers.splice(0)) {
            stopListening();
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
        if (!this.wrapUpConstructor) {
            // A call may be there before the connection event (a reload mid-call): its screens are needed now.
            this.loadCallUi();
        }
        this.nowMs = Date.now();
        this.telephony = state;
        // The picker follows Diamy: the agent's own echo (or the snapshot) is the truth.
        this.presence = state.presence;
        const after = this.focus.main;
        if (after?.phase === 'wrap_up' && this.wrapUpCallId !== after.call.id) {
            // What the agent already typed for this call (before a reload) comes back.
            const draft = this.drafts?.get(after.call.id) ?? null;
            this.wrapUpCallId = after.call.id;
            this.form = draft ? formOfDraft(draft) : emptyForm(partyView(after.call).title);
        }
        if (after && after.call.id !== this.dtmfCallId) {
            this.dtmfCallId = after.call.id;
            this.sentDigits = '';
        }
        if (before && before.call.id !== after?.call.id && !after) {
            this.refreshLists();
        }
        this.syncUtility();
    }

    /** Loads the in-call parts' code (once; a failed load is tried again at the next state change). */
    private loadCallUi(): void {
        this.callUiLoading ??= Promise.all([import('c/diamyCallerPopup'), import('c/diamyCallControls'), import('c/diamyWrapUp'), import('c/diamyCallLists')])
            .then(([popup, controls, wrapUp, lists]: { default: typeof LightningElement }[]) => {
                this.popupConstructor = popup?.default;
                this.controlsConstructor = controls?.default;
                this.wrapUpConstructor = wrapUp?.default;
                this.listsConstructor = lists?.default;
            })
            .catch((error: unknown) => {
                this.callUiLoading = null;
                this.fail(error, 'load the call screens');
            });
    }

    /** The newest unsaved wrap-up draft comes back on screen (its call may be gone from Diamy's live state). */
    private restoreDraft(): void {
        const draft = this.drafts?.latest() ?? null;
        this.restoredDraft = draft;
        if (draft && !this.focus.main) {
            this.wrapUpCallId = draft.callId;
            this.form = formOfDraft(draft);
        }
    }

    /** The call the wrap-up panel is for: the call in wrap-up on screen, else a restored draft's. */
    private get wrapUpTarget(): { callId: string; name: string; number: string; endedAt: string | null } | null {
        const main = this.focus.main;
        if (main) {
            if (main.phase !== 'wrap_up') {
                return null;
            }
            const party = partyView(main.call);
            return { callId: main.call.id, name: party.title, number: party.number, endedAt: main.call.ended_at };
        }
        const draft = this.restoredDraft;
        return draft ? { callId: draft.callId, name: draft.name, number: draft.number, endedAt: null } : null;
    }

    private saveDraft(): void {
        const target = this.wrapUpTarget;
        const drafts = this.drafts;
        if (!target || !drafts) {
            return;
        }
        drafts.save({ callId: target.callId, name: target.name, number: target.number, ...this.form });
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
                this.directory = colleagues;
            })
            .catch((error: unknown) => this.fail(error));
    }

    /** The utility's label and icon as the admin set them, read before the softphone changes them. */
    private readUtilityDefaults(): void {
        const utilityId = this.utilityId;
        if (!utilityId || this.utilityDefaults) {
            return;
        }
        this.utilityChain = this.utilityChain
            .then(() => getInfo(utilityId))
            .then((info) => {
                this.utilityDefaults ??= { label: info.utilityLabel || TITLE, icon: info.utilityIcon || 'call' };
            })
            .catch(() => undefined);
    }

    /** Runs a utility bar call after the ones before it (a failure is not the agent's business). */
    private queueUtility(action: () => Promise<unknown>): void {
        this.utilityChain = this.utilityChain.then(action).catch(() => undefined);
    }

    /** Opens and highlights the utility while a call rings; back to the admin's label and icon afterwards. */
    private syncUtility(): void {
        const utilityId = this.utilityId;
        if (!utilityId) {
            return;
        }
        const ringing = this.ringingCall;
        if (ringing && this.highlightedCallId !== ringing.id) {
            this.highlightedCallId = ringing.id;
            const label = incomingLabel(ringing);
            open(utilityId, { autoFocus: true }).catch(() => undefined);
            this.queueUtility(() => updateUtility(utilityId, { highlighted: true, label, icon: 'incoming_call' }));
        } else if (!ringing && this.highlightedCallId !== '') {
            this.highlightedCallId = '';
            this.queueUtility(() => {
                const defaults = this.utilityDefaults ?? { label: TITLE, icon: 'call' };
                return updateUtility(utilityId, { highlighted: false, label: defaults.label, icon: defaults.icon });
            });
        }
    }

    /** The call ringing for the agent: the main call, or a waiting one. */
    private get ringingCall(): Call | null {
        const focus = this.focus;
        if (focus.main?.phase === 'ringing_in') {
            return focus.main.call;
        }
        return focus.waiting?.call ?? null;
    }

    /**
     * On ring, the keyboard focus moves to Answer (once per call); once that call is answered, to the call controls
     * (the answer button is gone, the focus must not fall back to the page: the shortcuts work inside the softphone).
     */
    private focusRingingCall(): void {
        const ringing = this.ringingCall;
        if (ringing) {
            if (this.focusedRingId === ringing.id) {
                return;
            }
            const panel = this.refs?.incoming as unknown as IncomingCallElement | undefined;
            if (panel && typeof panel.focusAnswer === 'function') {
                this.focusedRingId = ringing.id;
                panel.focusAnswer();
            }
            return;
        }
        if (this.focusedRingId !== '' && this.isOnCall && this.mainCall?.id === this.focusedRingId) {
            const controls = this.refs?.controls as unknown as CallControlsElement | undefined;
            if (controls && typeof controls.focusFirst === 'function') {
                controls.focusFirst();
            }
        }
        this.focusedRingId = '';
    }

    // -------------------------------------------------------------------------------------------------------
    // View

    get focus(): Focus {
        // A saved wrap-up leaves wrap_up in the state machine (provider.completeWrapUp): no local bookkeeping.
        return focusOf(this.telephony);
    }

    get mainCall(): Call | null {
        return this.focus.main?.call ?? null;
    }

    private get phase(): string {
        return this.focus.main?.phase ?? 'idle';
    }

    /** A follower tab shows the owner tab's call (who, what is happening, talk time) without controls. */
    private get mirrorFocus(): Focus | null {
        if (this.role !== 'follower' || !this.mirror) {
            return null;
        }
        const focus = focusOf({ ...initialState(), calls: mirroredCalls(this.mirror) });
        return focus.main ? focus : null;
    }
    get hasMirror(): boolean {
        return this.mirrorFocus !== null;
    }
    get mirrorName(): string {
        const main = this.mirrorFocus?.main;
        return main ? this.titleOf(partyView(main.call)) : '';
    }
    get mirrorStatus(): string {
        return phaseLabel(this.mirrorFocus?.main?.phase ?? 'idle');
    }
    get mirrorTalkTime(): string {
        const main = this.mirrorFocus?.main;
        return main && main.phase !== 'wrap_up' && main.call.answered_at ? talkTime(main.call, this.nowMs) : '';
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
        return this.isWrapUp ? WRAP_UP : phaseLabel(this.phase);
    }

    /** A number as the agent reads it: national format for their country, international otherwise. */
    private show(number: string): string {
        return number && this.phoneFormatReady ? formatPhoneForDisplay(number, this.agentCountry) : number;
    }

    /** The name of a party, or its number formatted when it has no name. */
    private titleOf(party: PartyView): string {
        return !party.withheld && party.title === party.dial ? this.show(party.title) : party.title;
    }

    private get party(): PartyView | null {
        const call = this.mainCall;
        return call ? partyView(call) : null;
    }
    get partyName(): string {
        const party = this.party;
        return party ? this.titleOf(party) : (this.wrapUpTarget?.name ?? '');
    }
    get partyNumber(): string {
        return this.show(this.party ? this.party.number : (this.wrapUpTarget?.number ?? ''));
    }
    /** The number the caller popup looks up: none for a withheld caller or a colleague. */
    get lookupNumber(): string {
        const party = this.party;
        return party && !party.withheld && !party.colleague ? party.dial : '';
    }
    get callId(): string | undefined {
        return this.mainCall?.id;
    }
    /** An outbound call is looked up and linked, never popped: the agent chose whom to call ('dialled' pops nothing). */
    get popupPhase(): string {
        if (this.mainCall?.direction === 'outbound') {
            return 'dialled';
        }
        return this.phase === 'ringing_in' ? 'ringing' : 'answered';
    }
    get showPopup(): boolean {
        const call = this.mainCall;
        if (call === null || this.lookupNumber === '') {
            return false;
        }
        if (call.direction === 'outbound') {
            // Dialled by hand (keypad, recent calls): matched and linked like an inbound call; from a record page: its record is the one.
            return !this.phoneRequests?.placing && !this.phoneRequests?.isFromRecordPage(call.id) && (this.isRingingOut || this.isOnCall);
        }
        return call.direction === 'inbound' && (this.isRingingIn || this.isOnCall);
    }
    get talkTimeText(): string {
        const call = this.mainCall;
        return call ? talkTime(call, this.nowMs) : '';
    }
    get isHeld(): boolean {
        return this.phase === 'on_hold';
    }
    get isMuted(): boolean {
        return this.mainCall?.muted === true;
    }
    get isInternal(): boolean {
        return this.mainCall?.direction === 'internal';
    }
    get isConsulting(): boolean {
        return this.phase === 'consulting' || this.focus.consult !== null;
    }
    get consultText(): string {
        return consultView(this.focus.consult)?.text ?? '';
    }
    get consultAnswered(): boolean {
        return consultView(this.focus.consult)?.answered === true;
    }
    /** A call rings for the agent: the main call, or a call waiting while another is on the line. */
    get showIncoming(): boolean {
        return this.isRingingIn || this.isCallWaiting;
    }
    get isCallWaiting(): boolean {
        return this.focus.waiting !== null && this.isOnCall;
    }
    get incomingCaller(): string {
        const waiting = this.isCallWaiting ? this.focus.waiting : null;
        return waiting ? this.titleOf(partyView(waiting.call)) : this.partyName;
    }
    get timerText(): string {
        const callId = this.mainCall?.id;
        const endedAt = callId ? wrapUpStartedAt(this.telephony, callId) : null;
        return endedAt ? formatLabel(AFTER_CALL_WORK, formatDuration(afterCallWorkSeconds(endedAt, this.nowMs))) : '';
    }
    get dispositionRequired(): boolean {
        return DISPOSITION_REQUIRED;
    }
    get today(): string {
        return localDate(this.nowMs, TIME_ZONE);
    }
    get recentList(): RecentItem[] {
        const session = this.session;
        return recentItems(this.recentCalls, this.nowMs, {
            formatNumber: (number) => this.show(number),
            recordIdOf: (diamyCallId) => session?.recordIdOf(diamyCallId) ?? null
        });
    }
    get colleagueList(): ColleagueItem[] {
        // Presence comes live from Diamy's echoes (state.colleagues); the directory gives names and extensions.
        return colleagueItems(this.directory, this.telephony.colleagues);
    }

    // -------------------------------------------------------------------------------------------------------
    // Commands: each one shows an inline message on failure and never throws.

    /** The agent reads a labelled message; the detail goes to the integration log for support. */
    private fail(error: unknown, action = 'command'): void {
        const failure = describeFailure(error);
        this.errorMessage = failure.message;
        const context = { action, ...(this.mainCall ? { diamyCallId: this.mainCall.id } : {}) };
        // The reporter is loaded on the first failure (it is not needed to get ready: docs/PERFORMANCE.md).
        this.failures ??= import('c/diamyFailureReport').then((module: { FailureReporter: typeof FailureReporter }) => new module.FailureReporter({ createRecord }));
        this.failures.then((reporter) => reporter.report(failure, context)).catch(() => {
            this.failures = null; // not loaded: tried again at the next failure
        });
    }

    private async run(action: (provider: TelephonyProvider) => Promise<unknown>): Promise<boolean> {
        const provider = this.provider;
        if (!provider || this.busy) {
            return false;
        }
        this.busy = true;
        this.errorMessage = '';
        let finished = (): void => undefined;
        this.commandDone = new Promise<void>((resolve) => {
            finished = resolve;
        });
        try {
            await action(provider);
            return true;
        } catch (error) {
            this.fail(error);
            return false;
        } finally {
            this.busy = false;
            finished();
        }
    }

    /** A call command pressed while another is on its way (Hold right after Answer) runs once that one is done. */
    private async withCall(action: (provider: TelephonyProvider, callId: string) => Promise<unknown>): Promise<boolean> {
        if (this.busy) {
            await this.commandDone;
        }
        const callId = this.mainCall?.id;
        if (!callId) {
            return false;
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
        if (!isPresence(value)) {
            return;
        }
        const previous = this.presence;
        this.presence = value;
        ignore(
            this.run((provider) => provider.setPresence(value)).then((ok) => {
                if (!ok && this.presence === value) {
                    this.presence = previous;
                }
            })
        );
    }

    handleNumberChange(event: CustomEvent<{ value: string }>): void {
        this.dialNumber = event.detail.value ?? '';
    }

    /** Enter in the number field dials. */
    handleNumberKeydown(event: KeyboardEvent): void {
        if (event.key === 'Enter') {
            event.preventDefault();
            this.handleDial();
        }
    }

    handleDialKey(event: CustomEvent<{ key: string }>): void {
        if (isDialKey(event.detail.key)) {
            this.dialNumber += event.detail.key;
        }
    }

    handleDial(): void {
        this.dial({ to: this.dialNumber });
    }

    /** Call lists (c/diamyCallListPanel), loaded when opened: it talks to this softphone over the phone channel. */
    listPanel: unknown = null;
    handleOpenLists(): void {
        import('c/diamyCallListPanel').then(
            (module: { default: unknown }) => (this.listPanel = module.default),
            (error: unknown) => this.fail(error, 'open the call lists')
        );
    }
    handleCloseLists(): void {
        this.listPanel = null;
    }

    handleListCall(event: CustomEvent<{ target: DialRequest }>): void {
        this.dial(event.detail.target);
    }

    handleOpenRecord(event: CustomEvent<{ recordId: string }>): void {
        const recordId = event.detail.recordId;
        if (recordId) {
            this[NavigationMixin.Navigate]({
                type: 'standard__recordPage',
                attributes: { recordId, actionName: 'view' }
            });
        }
    }

    private dial(request: DialRequest): void {
        if (!('toUserId' in request) && !isPhoneMetadataLoaded()) {
            // A number typed before the phone library arrived is read once it is there (never refused for that).
            phoneMetadataReady()
                .then(() => this.dial(request))
                .catch((error: unknown) => this.fail(error, 'dial'));
            return;
        }
        let target: ProviderDialTarget;
        if ('toUserId' in request) {
            target = { toUserId: request.toUserId };
        } else {
            const checked = dialTarget(request.to, this.agentCountry);
            if (!checked.ok) {
                this.errorMessage = checked.message;
                return;
            }
            target = checked.target;
        }
        ignore(
            this.run((provider) => provider.dial(target)).then((ok) => {
                if (ok) {
                    this.dialNumber = '';
                }
            })
        );
    }

    /** The ringing call (or, on a call, the waiting one: Diamy holds the call on the line and connects it). */
    private get incomingCallId(): string | undefined {
        return this.isCallWaiting ? this.focus.waiting?.call.id : this.isRingingIn ? this.mainCall?.id : undefined;
    }
    handleIncomingAnswer(): void {
        const callId = this.incomingCallId;
        if (callId) {
            ignore(this.run((provider) => provider.answer(callId)));
        }
    }
    handleIncomingDecline(): void {
        const callId = this.incomingCallId;
        if (callId) {
            ignore(this.run((provider) => provider.reject(callId)));
        }
    }
    handleHangUp(): void {
        ignore(this.withCall((provider, id) => provider.end(id)));
    }
    handleHold(): void {
        // Read when the command runs: after a command still on its way (Answer), the call's state is Diamy's latest.
        ignore(this.withCall((provider, id) => (this.isHeld ? provider.resume(id) : provider.hold(id))));
    }
    handleMute(): void {
        ignore(this.withCall((provider, id) => (this.isMuted ? provider.unmute(id) : provider.mute(id))));
    }

    /** Alt+Shift+A answer, H hang up (or decline), P hold/resume, M mute/unmute — while the focus is in the softphone. */
    handleShortcut(event: KeyboardEvent): void {
        const action = shortcutOf(event);
        if (!action) {
            return;
        }
        if (action === 'answer' && this.showIncoming) {
            this.handleIncomingAnswer();
        } else if (action === 'hangup' && (this.isRingingIn || this.isRingingOut || this.isOnCall)) {
            if (this.isRingingIn) {
                this.handleIncomingDecline();
            } else {
                this.handleHangUp();
            }
        } else if (action === 'hold' && this.isOnCall) {
            this.handleHold();
        } else if (action === 'mute' && this.isOnCall) {
            this.handleMute();
        } else {
            return;
        }
        event.preventDefault();
        event.stopPropagation();
    }

    /** A keypad key during a call is sent at once, after the keys pressed before it. */
    handleDtmf(event: CustomEvent<{ key: string }>): void {
        const key = event.detail.key;
        const provider = this.provider;
        const callId = this.mainCall?.id;
        if (!isDialKey(key) || !provider || !callId) {
            return;
        }
        this.dtmfChain = this.dtmfChain
            .catch(() => undefined)
            .then(() => provider.sendDigits(callId, key))
            .then(() => {
                if (this.mainCall?.id === callId) {
                    this.sentDigits = (this.sentDigits + key).slice(-32);
                }
            })
            .catch((error: unknown) => this.fail(error));
    }

    handleTransfer(event: CustomEvent<{ text: string; attended: boolean }>): void {
        const checked = dialTarget(event.detail.text, this.agentCountry);
        if (!checked.ok) {
            this.errorMessage = checked.message;
            return;
        }
        const attended = event.detail.attended === true;
        ignore(
            this.withCall((provider, id) => {
                return attended ? provider.consult(id, checked.number) : provider.transfer(id, checked.number);
            }).then((ok) => {
                if (ok) {
                    const controls = this.refs?.controls as unknown as CallControlsElement | undefined;
                    controls?.closePanel();
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
        if (!this.session || !detail?.callId || !detail.recordId || this.phoneRequests?.isFromRecordPage(detail.callId)) {
            return;
        }
        const related: RelatedRecords =
            detail.objectApiName === 'Lead'
                ? { leadId: detail.recordId }
                : detail.objectApiName === 'Account'
                  ? { accountId: detail.recordId }
                  : { contactId: detail.recordId, accountId: detail.accountId };
        this.session.relate(detail.callId, related);
        this.phoneRequests?.relate(detail.callId, related);
    }

    // -------------------------------------------------------------------------------------------------------
    // Record pages (Lightning Message Service channel Diamy_Phone__c; contract and docs: c/diamyPhoneChannel)

    private sendPhone(message: PhoneMessage): void {
        publish(this.phoneContext, DIAMY_PHONE, message);
    }

    /** The wire gives the message context before connectedCallback (Lightning Message Service's documented contract). */
    private get phoneContext(): MessageContextType {
        return this.messageContext as MessageContextType;
    }

    /** Requests are answered by c/diamyPhoneHost, loaded on the first one (they wait for it, in order). */
    private receivePhone(raw: unknown): void {
        if (this.phoneRequests) {
            ignore(this.phoneRequests.receive(raw));
            return;
        }
        if (this.phoneInbox.length < 50) {
            this.phoneInbox.push(raw);
        }
        this.loadPhoneRequests();
    }

    /**
     * Loads the record pages' side once (a failed load is tried again with the next message or connection); then the
     * softphone says its state unasked, so a record page that pinged before the softphone was there hears it.
     */
    private loadPhoneRequests(): void {
        this.phoneRequestsLoading ??= import('c/diamyPhoneHost')
            .then((module: { PhoneRequests: new (port: SoftphonePort) => PhoneRequests }) => {
                const requests = new module.PhoneRequests(this.phonePort());
                this.phoneRequests = requests;
                for (const queued of this.phoneInbox.splice(0)) {
                    ignore(requests.receive(queued));
                }
                requests.publishState(null);
            })
            .catch(() => {
                this.phoneRequestsLoading = null;
                this.phoneInbox = [];
            });
    }

    private phonePort(): SoftphonePort {
        return {
            snapshot: () => {
                const main = this.focus.main ?? this.mirrorFocus?.main ?? null;
                return {
                    role: this.role,
                    connection: this.connection,
                    tokenError: this.tokenError !== '',
                    busy: this.mainCall !== null || this.isWrapUp,
                    main
                };
            },
            agentCountry: () => this.agentCountry,
            today: () => this.today,
            dial: (target, toName) => this.requireProvider().dial(target, toName ? { toName } : {}),
            recordingLink: (diamyCallId) => this.requireProvider().recordingLink(diamyCallId),
            openUtility: () => {
                if (this.utilityId) {
                    open(this.utilityId, { autoFocus: true }).catch(() => undefined);
                }
            },
            placed: (callId, related) => this.session?.relate(callId, related),
            failed: (error) => {
                this.fail(error, 'dial');
                return this.errorMessage;
            },
            describe: (error) => describeFailure(error).message,
            noteTarget: (callId) => this.noteTarget(callId),
            send: (message) => this.sendPhone(message)
        };
    }

    private requireProvider(): TelephonyProvider {
        if (!this.provider) {
            throw Object.assign(new Error('The softphone is not connected'), { code: 'offline' });
        }
        return this.provider;
    }

    /** The wrap-up form a record page's note joins: the call in wrap-up, or the call on the line (its draft). */
    private noteTarget(callId: string): NoteTarget | null {
        const drafts = this.drafts;
        const main = this.focus.main;
        if (this.isWrapUp && this.wrapUpTarget?.callId === callId) {
            return {
                form: this.form,
                save: (form) => {
                    this.form = form;
                    this.saveDraft();
                }
            };
        }
        if (!main || main.call.id !== callId || !drafts) {
            return null;
        }
        // During the call the note waits in the call's draft, which the wrap-up form starts from (a reload keeps it).
        const party = partyView(main.call);
        const draft = drafts.get(callId);
        return {
            form: draft ? formOfDraft(draft) : emptyForm(party.title),
            save: (form) => drafts.save({ callId, name: party.title, number: party.number, ...form })
        };
    }

    /** The wrap-up form reports the field that changed; the draft is stored at once (it survives a reload). */
    handleWrapUpChange(event: CustomEvent<Partial<WrapUpForm>>): void {
        this.form = mergeWrapUpPatch(this.form, event.detail, localDate(this.nowMs + 24 * 60 * 60 * 1000, TIME_ZONE));
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
            const wrapUp = wrapUpOfForm(this.form);
            // The checks come with the wrap-up's own code (c/diamyFollowUp is not needed to get ready: docs/PERFORMANCE.md).
            const { checkWrapUpInput } = await import('c/diamyFollowUp');
            const problems = checkWrapUpInput(wrapUp, { dispositionRequired: DISPOSITION_REQUIRED, nowMs: Date.now(), today: this.today });
            if (problems.length > 0) {
                // Said before anything is sent: the form stays as typed.
                this.errorMessage = problems.map((problem) => problem.message).join(' ');
                return;
            }
            await session.logWrapUp(target.callId, wrapUp);
            // Handed to the logger (which keeps it in its own queue): the draft is no longer needed.
            this.drafts?.clear(target.callId);
            this.form = emptyForm();
            this.restoreDraft();
            this.refreshLists();
        } catch (error) {
            this.fail(error, 'wrap-up');
        } finally {
            this.busy = false;
        }
    }
}
