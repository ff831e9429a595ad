/**
 * c-diamy-call-list-panel: the softphone's Call lists (loaded on demand by c-diamy-softphone, and usable on Home and
 * app pages). The agent picks a list (an active Campaign with Diamy_Call_List__c they can read), the panel claims the
 * next member this agent may call (c/diamyCallListService), shows who it is with the context (company, attempts,
 * last call and result, its notes) and places the call through the softphone over the phone channel
 * (c/diamyPhoneChannel: the call is logged with the member's person, Campaign__c and Campaign_Member_Id__c). Skip,
 * reschedule and stop release the member. In power mode the next member is dialled after the list's pause once the
 * call is wrapped up. French prospecting rules come from c/diamyCallingRules, the org's rules from the headless flow
 * Diamy_Call_List_Rules; a member the rules or the list pass over is listed with the reason.
 */
import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { updateRecord, getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import { MessageContext, APPLICATION_SCOPE, publish, subscribe, unsubscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import USER_ID from '@salesforce/user/Id';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import TITLE from '@salesforce/label/c.Diamy_CallList_Title';
import CLOSE from '@salesforce/label/c.Diamy_CallList_Close';
import NO_LISTS from '@salesforce/label/c.Diamy_CallList_No_Lists';
import LOADING from '@salesforce/label/c.Diamy_CallList_Loading';
import PROGRESS from '@salesforce/label/c.Diamy_CallList_Progress';
import POWER from '@salesforce/label/c.Diamy_CallList_Power_Mode';
import COUNTDOWN from '@salesforce/label/c.Diamy_CallList_Countdown';
import PAUSE from '@salesforce/label/c.Diamy_CallList_Pause';
import CALL from '@salesforce/label/c.Diamy_CallList_Call';
import SKIP from '@salesforce/label/c.Diamy_CallList_Skip';
import RESCHEDULE from '@salesforce/label/c.Diamy_CallList_Reschedule';
import RESCHEDULE_AT from '@salesforce/label/c.Diamy_CallList_Reschedule_At';
import CONFIRM from '@salesforce/label/c.Diamy_CallList_Confirm';
import BACK from '@salesforce/label/c.Diamy_CallList_Back';
import ATTEMPTS from '@salesforce/label/c.Diamy_CallList_Attempts';
import LAST_CALL from '@salesforce/label/c.Diamy_CallList_Last_Call';
import NEVER_CALLED from '@salesforce/label/c.Diamy_CallList_Never_Called';
import NOTES from '@salesforce/label/c.Diamy_CallList_Notes';
import EMPTY from '@salesforce/label/c.Diamy_CallList_Empty';
import EMPTY_LATER from '@salesforce/label/c.Diamy_CallList_Empty_Later';
import COMPLETE from '@salesforce/label/c.Diamy_CallList_Complete';
import REFRESH from '@salesforce/label/c.Diamy_CallList_Refresh';
import PASSED from '@salesforce/label/c.Diamy_CallList_Passed';
import CALLING from '@salesforce/label/c.Diamy_CallList_Calling';
import ON_CALL from '@salesforce/label/c.Diamy_CallList_On_Call';
import ERROR from '@salesforce/label/c.Diamy_CallList_Error';
import ERROR_ORG from '@salesforce/label/c.Diamy_CallList_Error_Org';
import INVALID_TIME from '@salesforce/label/c.Diamy_CallList_Invalid_Time';
import CONSUMERS from '@salesforce/label/c.Diamy_CallList_Consumers';
import BUSINESSES from '@salesforce/label/c.Diamy_CallList_Businesses';
import RULES_MISSING from '@salesforce/label/c.Diamy_CallList_Rules_Missing';
import PASS_DO_NOT_CALL from '@salesforce/label/c.Diamy_CallList_Pass_Do_Not_Call';
import PASS_NO_NUMBER from '@salesforce/label/c.Diamy_CallList_Pass_No_Number';
import PASS_NO_PERSON from '@salesforce/label/c.Diamy_CallList_Pass_No_Person';
import PASS_NOT_DUE from '@salesforce/label/c.Diamy_CallList_Pass_Not_Due';
import PASS_CLAIMED from '@salesforce/label/c.Diamy_CallList_Pass_Claimed';
import PASS_CLAIMED_ELSEWHERE from '@salesforce/label/c.Diamy_CallList_Pass_Claimed_Elsewhere';
import PASS_TAKEN from '@salesforce/label/c.Diamy_CallList_Pass_Taken';
import {
    CallListWorker,
    CalledMembers,
    LISTS_QUERY,
    MEMBERS_QUERY,
    PANEL_TIMING,
    RULES_FLOW,
    WireRequests,
    countryOfCallingCode,
    describeListFailure,
    formatLabel,
    memberAudience,
    memberNumber,
    membersVariables,
    orgErrorText,
    personHistory,
    readLists,
    readMembers
} from 'c/diamyCallListService';
import type { CallList, Judgement, Member, MemberUpdate, MembersPage, NextResult, PassReason, Passed } from 'c/diamyCallListService';
import { SoftphoneLink } from 'c/diamyPhoneChannel';
import type { LoggedMessage, SoftphoneView } from 'c/diamyPhoneChannel';
import { refusalMessage } from 'c/diamyClickToDialService';
import { MATCH_SETTINGS_FIELDS, matchSettingsFromUser, phoneMetadataReady, readIncoming } from 'c/diamyPhoneMatch';
import { checkMember, countryForPerson, describeVerdict, formatMoment, parseRules, ruleFor } from 'c/diamyCallingRules';
import type { CallingRule } from 'c/diamyCallingRules';

type Stage = 'lists' | 'loading' | 'member' | 'calling' | 'empty' | 'error';

interface FlowStatusDetail {
    status?: unknown;
    outputVariables?: unknown;
}

const CLOSE_ICON = 'utility:close';

export default class DiamyCallListPanel extends LightningElement {
    labels = {
        title: TITLE,
        close: CLOSE,
        noLists: NO_LISTS,
        loading: LOADING,
        power: POWER,
        pause: PAUSE,
        call: CALL,
        skip: SKIP,
        reschedule: RESCHEDULE,
        rescheduleAt: RESCHEDULE_AT,
        confirm: CONFIRM,
        back: BACK,
        notes: NOTES,
        refresh: REFRESH,
        passed: PASSED,
        rulesMissing: RULES_MISSING
    };
    closeIcon = CLOSE_ICON;
    flowApiName = RULES_FLOW;

    /** Shown inside the softphone (a close button) or on a page (none). */
    @api closable: boolean | string = false;

    stage: Stage = 'lists';
    lists: CallList[] | null = null;
    list: CallList | null = null;
    member: Member | null = null;
    page: MembersPage | null = null;
    passed: Passed[] = [];
    laterAt: number | null = null;
    message = '';
    power = false;
    countdown = 0;
    rescheduling = false;
    rescheduleValue = '';
    rulesFailed = false;
    /** The headless rules flow: rendered until it answers. */
    rulesRuns: { key: string }[] = [{ key: 'rules' }];

    membersQuery: GraphQLDocument | undefined;
    membersVars: { campaignId: string; first: number } | undefined;

    @wire(MessageContext) messageContext: MessageContextType | undefined;

    @wire(graphql, { query: LISTS_QUERY })
    wiredLists(result: GraphQLResult<unknown>): void {
        if (result.data !== undefined) {
            this.lists = readLists(result.data) ?? [];
        } else if (result.errors) {
            this.lists = [];
            this.showError(result.errors);
        }
    }

    @wire(graphql, { query: '$membersQuery', variables: '$membersVars' })
    wiredMembers(result: GraphQLResult<unknown>): void {
        this.membersRequests.receive(result, this.membersVars);
    }

    @wire(getRecord, { recordId: USER_ID, fields: MATCH_SETTINGS_FIELDS })
    wiredUser({ data }: { data?: RecordRepresentation }): void {
        this.defaultCountry = matchSettingsFromUser(data).defaultCountry;
    }

    private defaultCountry = 'FR';
    private rules: CallingRule[] | null = null;
    /** The rules flow failed: every wait for the rules rejects with it until the flow is run again. */
    private rulesError: Error | null = null;
    /** Those waiting for the rules (a list picked before the flow answered): settled where the rules arrive. */
    private rulesWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
    private rulesRun = 0;
    private link: SoftphoneLink | null = null;
    private stops: (() => void)[] = [];
    /** The call placed for the current member, and whether the softphone has shown it yet. */
    private placed: { callId: string; seen: boolean } | null = null;
    /**
     * The calls the softphone logged lately (a call is logged once it is over). A very short call can start, end and be
     * logged before the dial's answer names it: the panel then knows it is over without ever having seen it.
     */
    private readonly loggedCalls: string[] = [];
    /** Members called in this session: kept out while their call's result is on its way (c/diamyCallListService). */
    private readonly called = new CalledMembers();
    private timer: ReturnType<typeof setInterval> | null = null;
    /** Reads the list again now and then while nobody is left to call (PANEL_TIMING). */
    private recheckTimer: ReturnType<typeof setInterval> | null = null;
    private rechecking = false;

    private readonly membersRequests = new WireRequests<{ campaignId: string; first: number }>((variables) => {
        this.membersQuery = MEMBERS_QUERY;
        this.membersVars = variables;
    });

    private readonly worker = new CallListWorker(
        {
            members: async (campaignId) => {
                const page = readMembers(await this.membersRequests.fetch(membersVariables(campaignId)));
                if (!page) {
                    throw new Error('Unreadable call list members');
                }
                // A member this session called is offered again once the org recorded the call's result, or its claim went.
                return { ...page, members: this.called.offerable(page.members, USER_ID, Date.now()) };
            },
            update: (update: MemberUpdate) => updateRecord(update.input, update.options).then(() => undefined),
            judge: (member, list) => this.judge(member, list),
            describe: (reason, until) => this.describePass(reason, until),
            now: () => Date.now()
        },
        USER_ID
    );

    // ------------------------------------------------------------------------------------------------ view

    get showClose(): boolean {
        return this.closable !== false;
    }
    get showLists(): boolean {
        return this.stage === 'lists';
    }
    get hasLists(): boolean {
        return (this.lists?.length ?? 0) > 0;
    }
    get listsLoading(): boolean {
        return this.lists === null;
    }
    get listItems(): { id: string; name: string; audience: string }[] {
        return (this.lists ?? []).map((list) => ({ id: list.id, name: list.name, audience: list.audience === 'Business' ? BUSINESSES : CONSUMERS }));
    }
    get working(): boolean {
        return this.list !== null && this.stage !== 'lists';
    }
    get isLoading(): boolean {
        return this.stage === 'loading';
    }
    get hasMember(): boolean {
        return (this.stage === 'member' || this.stage === 'calling') && this.member !== null;
    }
    get isCalling(): boolean {
        return this.stage === 'calling';
    }
    get cannotAct(): boolean {
        return this.stage !== 'member';
    }
    get isEmpty(): boolean {
        return this.stage === 'empty';
    }
    get isError(): boolean {
        return this.stage === 'error';
    }
    get listName(): string {
        return this.list?.name ?? '';
    }
    get audienceText(): string {
        return this.list?.audience === 'Business' ? BUSINESSES : CONSUMERS;
    }
    get total(): number {
        return this.page ? this.page.done + this.page.remaining : 0;
    }
    get progressText(): string {
        return this.page ? formatLabel(PROGRESS, String(this.page.done), String(this.total)) : '';
    }
    get progressValue(): number {
        return this.total > 0 ? Math.round(((this.page?.done ?? 0) * 100) / this.total) : 0;
    }
    get emptyText(): string {
        if (this.page && this.page.remaining === 0) {
            return COMPLETE;
        }
        return this.laterAt ? formatLabel(EMPTY_LATER, this.when(this.laterAt)) : EMPTY;
    }
    get memberName(): string {
        return this.member?.person?.name ?? '';
    }
    get memberCompany(): string {
        return this.member?.person?.company ?? '';
    }
    get memberNumber(): string {
        return this.member ? memberNumber(this.member) : '';
    }
    get memberStatus(): string {
        return this.member?.status ?? '';
    }
    get attemptsText(): string {
        return formatLabel(ATTEMPTS, String(this.member?.attempts ?? 0));
    }
    get lastCallText(): string {
        const member = this.member;
        if (!member || member.lastCallAt === null) {
            return NEVER_CALLED;
        }
        return formatLabel(LAST_CALL, this.when(member.lastCallAt), member.lastResultLabel || member.lastResult || '—');
    }
    get lastNotes(): string {
        return this.member?.lastNotes ?? '';
    }
    get callingText(): string {
        return this.placed?.seen ? formatLabel(ON_CALL, this.memberName) : formatLabel(CALLING, this.memberName);
    }
    /** During the call the softphone shows the call: the panel keeps only the member's card (who, company, notes). */
    get showListChrome(): boolean {
        return this.stage !== 'calling';
    }
    get showPassed(): boolean {
        return this.passed.length > 0 && this.showListChrome;
    }
    get passedItems(): { key: string; line: string }[] {
        return this.passed.slice(0, 8).map((entry) => ({ key: `${entry.member.id}-${entry.reason}`, line: `${entry.member.person?.name ?? entry.member.id} — ${entry.text}` }));
    }
    get isCountingDown(): boolean {
        return this.countdown > 0;
    }
    get countdownText(): string {
        return formatLabel(COUNTDOWN, String(this.countdown));
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    override connectedCallback(): void {
        phoneMetadataReady().catch(() => undefined);
        this.link = new SoftphoneLink({
            publish: (message) => publish(this.messageContext as MessageContextType, DIAMY_PHONE, message),
            subscribe: (listener) => {
                const subscription = subscribe(this.messageContext as MessageContextType, DIAMY_PHONE, listener, { scope: APPLICATION_SCOPE });
                return () => unsubscribe(subscription);
            }
        });
        this.stops.push(this.link.onView((view) => this.onView(view)));
        this.stops.push(this.link.onLogged((message) => this.onLogged(message)));
        this.link.start();
        this.recheckTimer = globalThis.setInterval(() => this.recheckWhileEmpty(), PANEL_TIMING.emptyRecheckMs);
    }

    override disconnectedCallback(): void {
        this.stopCountdown();
        if (this.recheckTimer !== null) {
            globalThis.clearInterval(this.recheckTimer);
            this.recheckTimer = null;
        }
        for (const stop of this.stops.splice(0)) {
            stop();
        }
        this.link?.stop();
        this.link = null;
        // A member shown but not called goes back to the list (a claim left behind goes stale after 10 minutes).
        if (this.stage === 'member' && this.member) {
            this.worker.release(this.member).catch(() => undefined);
        }
    }

    // ------------------------------------------------------------------------------------------------ rules

    handleRulesStatus(event: CustomEvent<FlowStatusDetail>): void {
        const status = event.detail.status;
        if (status !== 'FINISHED' && status !== 'FINISHED_SCREEN' && status !== 'ERROR') {
            return;
        }
        const outputs = Array.isArray(event.detail.outputVariables) ? (event.detail.outputVariables as unknown[]) : [];
        const output = outputs.find((entry) => typeof entry === 'object' && entry !== null && (entry as { name?: unknown }).name === 'rules') as { value?: unknown } | undefined;
        this.rulesRuns = [];
        const waiters = this.rulesWaiters.splice(0);
        if (status === 'ERROR' || !output) {
            this.rulesFailed = true;
            this.rules = [];
            const error = new Error(RULES_MISSING);
            this.rulesError = error;
            waiters.forEach((waiter) => waiter.reject(error));
            return;
        }
        this.rules = parseRules(Array.isArray(output.value) ? (output.value as unknown[]) : []).rules;
        waiters.forEach((waiter) => waiter.resolve());
    }

    private judge(member: Member, list: CallList): Judgement {
        const person = member.person;
        const audience = memberAudience(member, list);
        const identity = readIncoming(memberNumber(member), this.defaultCountry);
        const phoneCountry = identity.ok ? countryOfCallingCode(identity.identity.callingCode, identity.identity.nationalNumber) : null;
        const { country } = countryForPerson({ phoneCountry, addressCountry: person?.country ?? null, defaultCountry: this.defaultCountry });
        const rule = ruleFor(this.rules ?? [], country);
        const verdict = checkMember({
            audience,
            doNotCall: person?.doNotCall ?? false,
            done: false,
            person: person
                ? {
                      consentAt: person.consentAt,
                      consentSource: person.consentSource,
                      consentProof: person.consentProof,
                      consentWithdrawnAt: person.consentWithdrawnAt,
                      currentContract: person.currentContract
                  }
                : null,
            contractCalls: list.contractCalls,
            recentCalls: person ? personHistory(person) : [],
            now: new Date(),
            rule,
            country
        });
        return {
            verdict: verdict.verdict,
            reason: verdict.reason,
            text: describeVerdict(verdict, LOCALE, rule?.timeZone ?? null),
            nextAt: verdict.nextAt ? verdict.nextAt.getTime() : undefined
        };
    }

    private describePass(reason: PassReason, until?: number): string {
        switch (reason) {
            case 'do_not_call':
                return PASS_DO_NOT_CALL;
            case 'no_number':
                return PASS_NO_NUMBER;
            case 'not_due':
                return formatLabel(PASS_NOT_DUE, until ? this.when(until) : '');
            case 'claimed':
                return PASS_CLAIMED;
            case 'claimed_elsewhere':
                return PASS_CLAIMED_ELSEWHERE;
            case 'taken':
                return PASS_TAKEN;
            default:
                return PASS_NO_PERSON;
        }
    }

    // ------------------------------------------------------------------------------------------------ actions

    handleClose(): void {
        this.dispatchEvent(new CustomEvent('close'));
    }

    handlePick(event: Event): void {
        const id = (event.currentTarget as HTMLElement).dataset.id ?? '';
        const list = this.lists?.find((entry) => entry.id === id) ?? null;
        if (list) {
            this.list = list;
            this.passed = [];
            this.loadNext();
        }
    }

    handleBack(): void {
        this.stopCountdown();
        this.releaseShown();
        this.list = null;
        this.member = null;
        this.page = null;
        this.stage = 'lists';
    }

    handlePower(event: CustomEvent<{ checked: boolean }>): void {
        this.power = event.detail.checked === true;
        if (!this.power) {
            this.stopCountdown();
        }
    }

    handlePause(): void {
        this.stopCountdown();
    }

    handleRefresh(): void {
        if (this.rulesError) {
            // The rules flow failed: run it again (a new lightning-flow) before the list is read again.
            this.rulesError = null;
            this.rulesFailed = false;
            this.rules = null;
            this.rulesRun += 1;
            this.rulesRuns = [{ key: `rules-${this.rulesRun}` }];
        }
        this.loadNext();
    }

    handleCall(): void {
        this.dialMember();
    }

    handleSkip(): void {
        const member = this.member;
        if (!member || this.stage !== 'member') {
            return;
        }
        this.stage = 'loading';
        this.worker.skip(member).then(
            () => this.loadNext(),
            (error: unknown) => this.fail(error)
        );
    }

    handleReschedule(): void {
        this.rescheduling = !this.rescheduling;
        this.message = '';
    }

    handleRescheduleValue(event: CustomEvent<{ value: string }>): void {
        this.rescheduleValue = event.detail.value ?? '';
    }

    handleRescheduleConfirm(): void {
        const member = this.member;
        const at = Date.parse(this.rescheduleValue);
        if (!member || this.stage !== 'member') {
            return;
        }
        if (Number.isNaN(at) || at <= Date.now()) {
            this.message = INVALID_TIME;
            return;
        }
        this.stage = 'loading';
        this.rescheduling = false;
        this.worker.reschedule(member, at).then(
            () => this.loadNext(),
            (error: unknown) => this.fail(error)
        );
    }

    // ------------------------------------------------------------------------------------------------ working

    private loadNext(): void {
        const list = this.list;
        if (!list) {
            return;
        }
        this.stopCountdown();
        this.stage = 'loading';
        this.message = '';
        this.rescheduling = false;
        this.whenRulesReady()
            .then(() => this.worker.next(list))
            .then((result) => this.show(list, result))
            .catch((error: unknown) => this.fail(error));
    }

    /**
     * Nobody was left to call: read the list again quietly (no spinner). A colleague's result moves the progress, and a
     * member a colleague skipped or released, or whose time came, is offered without the agent clicking Refresh. A
     * failure is left to the next tick (Refresh shows it). The member found is shown, never dialled by itself, even in
     * power mode: the re-read may come long after the agent stopped watching; their click on Call goes on from there.
     */
    private recheckWhileEmpty(): void {
        const list = this.list;
        if (!list || this.stage !== 'empty' || this.rechecking || globalThis.document?.visibilityState === 'hidden') {
            return;
        }
        this.rechecking = true;
        this.whenRulesReady()
            .then(() => this.worker.next(list))
            .then((result) => {
                if (this.stage === 'empty' || this.list !== list) {
                    this.show(list, result, false);
                } else if (result.kind === 'member') {
                    // The agent clicked Refresh meanwhile: that read decides; this claim goes back.
                    this.worker.release(result.member).catch(() => undefined);
                }
            })
            .catch(() => undefined)
            .finally(() => {
                this.rechecking = false;
            });
    }

    /** The next member (claimed) or why nobody is left; `dial`: power mode calls the member at once (the agent asked for it). */
    private show(list: CallList, result: NextResult, dial = this.power): void {
        if (this.list !== list) {
            // The agent went back meanwhile: the member goes back too.
            if (result.kind === 'member') this.worker.release(result.member).catch(() => undefined);
            return;
        }
        this.page = result.page;
        this.passed = result.passed.filter((entry) => entry.reason !== 'assigned_other');
        if (result.kind === 'member') {
            this.member = result.member;
            this.stage = 'member';
            if (dial) {
                this.dialMember();
            }
        } else {
            this.member = null;
            this.laterAt = result.laterAt;
            this.stage = 'empty';
        }
    }

    /** Resolves once the rules flow answered (handleRulesStatus); rejects when it failed. */
    private whenRulesReady(): Promise<void> {
        if (this.rulesError) {
            return Promise.reject(this.rulesError);
        }
        if (this.rules !== null) {
            return Promise.resolve();
        }
        return new Promise((resolve, reject) => this.rulesWaiters.push({ resolve, reject }));
    }

    private dialMember(): void {
        const member = this.member;
        const list = this.list;
        const link = this.link;
        const person = member?.person;
        if (!member || !list || !link || !person || this.stage !== 'member') {
            return;
        }
        this.stage = 'calling';
        this.message = '';
        const related = {
            [person.object === 'Contact' ? 'contactId' : 'leadId']: person.id,
            campaignId: list.id,
            campaignMemberId: member.id
        };
        link.dial(memberNumber(member), person.name, related).then(
            (result) => {
                if (result.ok && result.callId && this.stage === 'calling' && this.member === member) {
                    // The softphone may have published the call's state before its answer reached us.
                    this.placed = { callId: result.callId, seen: link.view.call?.callId === result.callId };
                    this.called.remember(member);
                    if (this.loggedCalls.includes(result.callId)) {
                        this.callOver(link.view);
                        return;
                    }
                    if (!this.placed.seen) {
                        // Is the softphone still there? Without an answer the view says 'none' (onView).
                        link.ping();
                    }
                    return;
                }
                if (!result.ok && result.reason === 'no_softphone') {
                    // Nobody answered (the softphone's side went away): the member goes back, the agent may retry.
                    this.callFailed(member, refusalMessage(result));
                    return;
                }
                this.stage = 'member';
                this.message = refusalMessage(result);
            },
            (error: unknown) => {
                this.stage = 'member';
                this.fail(error);
            }
        );
    }

    private onView(view: SoftphoneView): void {
        const placed = this.placed;
        if (!placed) {
            return;
        }
        if (!placed.seen && view.availability === 'none' && this.stage === 'calling' && this.member) {
            // The softphone went away before it showed the call: not stuck on "Calling…".
            this.callFailed(this.member, refusalMessage({ ok: false, reason: 'no_softphone', message: '' }));
            return;
        }
        if (view.call && view.call.callId === placed.callId) {
            placed.seen = true;
            this.placed = { ...placed };
            return;
        }
        if (placed.seen && view.availability === 'ready') {
            // Our call is over and wrapped up (the softphone is free again): the flow maps its result to the member.
            this.placed = null;
            this.afterCall();
        }
    }

    /** The placed call is over (it was logged): the member is done once the softphone is free (now or at its next view). */
    private callOver(view: SoftphoneView): void {
        if (!this.placed) {
            return;
        }
        this.placed = { ...this.placed, seen: true };
        if (view.availability === 'ready' && !view.call) {
            this.placed = null;
            this.afterCall();
        }
    }

    private onLogged(message: LoggedMessage): void {
        this.loggedCalls.push(message.diamyCallId);
        this.loggedCalls.splice(0, Math.max(0, this.loggedCalls.length - 20));
        if (this.placed && this.placed.callId === message.diamyCallId && !this.placed.seen && this.stage === 'calling' && this.link) {
            this.callOver(this.link.view);
            return;
        }
        if (this.list && message.related.campaignId === this.list.id && this.stage === 'empty') {
            this.loadNext();
        }
    }

    private afterCall(): void {
        this.member = null;
        if (this.power && this.list) {
            this.startCountdown(this.list.pauseSeconds);
        } else {
            this.loadNext();
        }
    }

    private startCountdown(seconds: number): void {
        this.stopCountdown();
        this.stage = 'loading';
        this.countdown = seconds;
        // The power-mode countdown, reached through globalThis like the softphone's talk-time clock.
        this.timer = globalThis.setInterval(() => {
            this.countdown -= 1;
            if (this.countdown <= 0) {
                this.stopCountdown();
                this.loadNext();
            }
        }, 1000);
    }

    private stopCountdown(): void {
        if (this.timer !== null) {
            globalThis.clearInterval(this.timer);
            this.timer = null;
        }
        if (this.countdown > 0) {
            this.countdown = 0;
            if (this.stage === 'loading' && !this.member) {
                this.stage = 'empty';
            }
        }
    }

    /** The call could not be started: the failure is shown, the member given back, Refresh tries again. */
    private callFailed(member: Member, message: string): void {
        this.placed = null;
        this.called.forget(member.id);
        this.worker.release(member).catch(() => undefined);
        this.member = null;
        this.message = message;
        this.stage = 'error';
    }

    private releaseShown(): void {
        if (this.stage === 'member' && this.member) {
            this.worker.release(this.member).catch(() => undefined);
        }
    }

    /**
     * A failure in the agent's words (c/diamyFailure through the service), then the org's own message as plain text
     * when Salesforce refused (what to put right, e.g. missing access): never the org's raw error.
     */
    private fail(error: unknown): void {
        this.message = error !== null && error === this.rulesError ? RULES_MISSING : this.failureText(describeListFailure(error).message, orgErrorText(error));
        this.stage = 'error';
    }

    private showError(errors: unknown): void {
        const first = Array.isArray(errors) ? (errors[0] as { message?: unknown } | undefined) : undefined;
        this.message = this.failureText(describeListFailure(new Error(typeof first?.message === 'string' ? first.message : 'GraphQL')).message, orgErrorText(errors));
    }

    private failureText(sentence: string, orgText: string): string {
        const text = formatLabel(ERROR, sentence);
        return orgText ? `${text} ${formatLabel(ERROR_ORG, orgText)}` : text;
    }

    /** A moment as the agent reads it: their Salesforce locale and time zone, the year when not this one (formatMoment). */
    private when(ms: number): string {
        return formatMoment(ms, LOCALE, TIME_ZONE, Date.now());
    }
}
