/**
 * Caller popup for an inbound call, hosted by the softphone: who is calling (matched record with account, owner,
 * last activities, open cases and opportunities), a chooser when several records share the number, an offer to
 * create a Contact or Lead when nobody has it, and an honest message when the number cannot identify anyone.
 * It pops the record (on ring or on answer, per Diamy Settings) once per call, and tells the host which record
 * the call belongs to with a `callerselected` event. Rules live in diamyPhoneMatch, diamyCallerLookup and
 * diamyScreenPop; this component only wires them to the platform and renders their state.
 */
import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import type { PageReference } from 'lightning/navigation';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import { IsConsoleNavigation, focusTab, getAllTabInfo, openTab } from 'lightning/platformWorkspaceApi';
import USER_ID from '@salesforce/user/Id';
import TITLE from '@salesforce/label/c.Diamy_Popup_Title';
import SEARCHING from '@salesforce/label/c.Diamy_Popup_Searching';
import ACCOUNT from '@salesforce/label/c.Diamy_Popup_Account';
import OWNER from '@salesforce/label/c.Diamy_Popup_Owner';
import ACTIVITIES from '@salesforce/label/c.Diamy_Popup_Activities';
import OPEN_CASES from '@salesforce/label/c.Diamy_Popup_Open_Cases';
import OPEN_OPPORTUNITIES from '@salesforce/label/c.Diamy_Popup_Open_Opportunities';
import NONE from '@salesforce/label/c.Diamy_Popup_None';
import OPEN from '@salesforce/label/c.Diamy_Popup_Open';
import CHOOSE from '@salesforce/label/c.Diamy_Popup_Choose';
import NO_MATCH from '@salesforce/label/c.Diamy_Popup_No_Match';
import CREATE_CONTACT from '@salesforce/label/c.Diamy_Popup_Create_Contact';
import CREATE_LEAD from '@salesforce/label/c.Diamy_Popup_Create_Lead';
import WITHHELD from '@salesforce/label/c.Diamy_Popup_Withheld';
import INTERNAL from '@salesforce/label/c.Diamy_Popup_Internal';
import NOT_A_NUMBER from '@salesforce/label/c.Diamy_Popup_Not_A_Number';
import OWN_NUMBER from '@salesforce/label/c.Diamy_Popup_Own_Number';
import LOOKUP_FAILED from '@salesforce/label/c.Diamy_Popup_Lookup_Failed';
import CONTEXT_FAILED from '@salesforce/label/c.Diamy_Popup_Context_Failed';
import SWITCHBOARD from '@salesforce/label/c.Diamy_Popup_Switchboard';
import POPS_ON_ANSWER from '@salesforce/label/c.Diamy_Popup_Pops_On_Answer';
import CLOSE_DATE from '@salesforce/label/c.Diamy_Popup_Close_Date';
import { MATCH_SETTINGS_FIELDS, matchSettingsFromUser, rankCandidates, readIncoming } from 'c/diamyPhoneMatch';
import type { IncomingNumber, MatchDecision, MatchSettings, NotMatchableReason, RankedMatch } from 'c/diamyPhoneMatch';
import { callerContextLookup, candidateLookup, newCallerRecordPageReference, recordPageReference, toCallerContext } from 'c/diamyCallerLookup';
import type { CallerContext, ContextActivity, ContextCase, ContextOpportunity } from 'c/diamyCallerLookup';
import {
    SCREEN_POP_SETTINGS_FIELDS,
    bestTier,
    callPhaseOf,
    decideScreenPop,
    openPage,
    sameRecordId,
    screenPopLedger,
    screenPopSettingsFromUser,
    selectionOf
} from 'c/diamyScreenPop';
import type { CallPhase, CallerSelection, PopEnvironment, PopResult, ScreenPopSettings } from 'c/diamyScreenPop';
import { formatDay, formatLabel } from 'c/diamyFormat';

const USER_FIELDS = [...MATCH_SETTINGS_FIELDS, ...SCREEN_POP_SETTINGS_FIELDS];

const NOT_MATCHABLE_MESSAGES: Record<NotMatchableReason | 'own-number', string> = {
    withheld: WITHHELD,
    internal: INTERNAL,
    'not-a-number': NOT_A_NUMBER,
    'own-number': OWN_NUMBER
};

export default class DiamyCallerPopup extends NavigationMixin(LightningElement) {
    labels = {
        title: TITLE,
        searching: SEARCHING,
        account: ACCOUNT,
        owner: OWNER,
        activities: ACTIVITIES,
        openCases: OPEN_CASES,
        openOpportunities: OPEN_OPPORTUNITIES,
        none: NONE,
        open: OPEN,
        choose: CHOOSE,
        noMatch: NO_MATCH,
        createContact: CREATE_CONTACT,
        createLead: CREATE_LEAD,
        lookupFailed: LOOKUP_FAILED,
        contextFailed: CONTEXT_FAILED,
        switchboard: SWITCHBOARD,
        popsOnAnswer: POPS_ON_ANSWER
    };

    private phoneNumberValue: string | undefined;
    private callIdValue: string | undefined;
    private phaseValue: CallPhase | undefined;

    settingsReady = false;
    matchSettings: MatchSettings = matchSettingsFromUser(undefined);
    popSettings: ScreenPopSettings = screenPopSettingsFromUser(undefined);
    incoming: IncomingNumber | undefined;
    decision: MatchDecision | undefined;
    lookupFailed = false;
    selected: RankedMatch | undefined;
    context: CallerContext | undefined;
    contextFailed = false;
    /** `callId|recordId` of the last callerselected event, so that the host hears each decision once. */
    private announced = '';

    candidateQuery: GraphQLDocument | undefined;
    candidateVariables: Record<string, unknown> | undefined;
    contextQuery: GraphQLDocument | undefined;
    contextVariables: Record<string, unknown> | undefined;

    @wire(IsConsoleNavigation) isConsole: boolean | undefined;

    /** The caller's number as Diamy gives it (E.164), or whatever the line shows (withheld…). */
    @api
    get phoneNumber(): string | undefined {
        return this.phoneNumberValue;
    }
    set phoneNumber(value: string | undefined) {
        if (value !== this.phoneNumberValue) {
            this.phoneNumberValue = value;
            this.startCall();
        }
    }

    /** Diamy's id of the call: a call pops once, and the callerselected event carries it. */
    @api
    get callId(): string | undefined {
        return this.callIdValue;
    }
    set callId(value: string | undefined) {
        if (value !== this.callIdValue) {
            this.callIdValue = value;
            this.startCall();
        }
    }

    /** 'ringing' or 'answered'. */
    @api
    get phase(): string | undefined {
        return this.phaseValue;
    }
    set phase(value: string | undefined) {
        this.phaseValue = callPhaseOf(value);
        this.popIfDue();
    }

    @wire(getRecord, { recordId: USER_ID, optionalFields: USER_FIELDS })
    wiredUser({ data, error }: WireResult<RecordRepresentation>): void {
        if (!data && !error) {
            return;
        }
        // Without the user's settings (no access, offline), match with the defaults rather than not at all.
        this.matchSettings = matchSettingsFromUser(data);
        this.popSettings = screenPopSettingsFromUser(data);
        this.settingsReady = true;
        this.startCall();
    }

    @wire(graphql, { query: '$candidateQuery', variables: '$candidateVariables' })
    wiredCandidates({ data, errors }: GraphQLResult<unknown>): void {
        if (!this.candidateQuery || !this.incoming?.ok) {
            return;
        }
        if (errors && errors.length > 0) {
            this.lookupFailed = true;
            return;
        }
        if (!data) {
            return;
        }
        this.lookupFailed = false;
        // The document is CANDIDATE_QUERY, so the data has its shape; rankCandidates tolerates missing parts.
        this.decision = rankCandidates(this.incoming, data, { ownNumbers: this.matchSettings.ownNumbers });
        if (this.decision.kind === 'single') {
            this.select(this.decision.match);
        }
        this.popIfDue();
    }

    @wire(graphql, { query: '$contextQuery', variables: '$contextVariables' })
    wiredContext({ data, errors }: GraphQLResult<unknown>): void {
        const selected = this.selected;
        if (!this.contextQuery || !selected) {
            return;
        }
        if (errors && errors.length > 0) {
            this.contextFailed = true;
            return;
        }
        if (!data) {
            return;
        }
        // The document is the context query of the selected object; toCallerContext tolerates missing parts.
        const context = toCallerContext(selected.objectApiName, data);
        if (context && !sameRecordId(context.recordId, selected.recordId)) {
            return; // an answer for a record the agent has since moved away from
        }
        this.context = context;
        this.contextFailed = context === undefined;
    }

    /** A new number or call: forget the previous caller and look this one up (once the settings are known). */
    private startCall(): void {
        this.decision = undefined;
        this.lookupFailed = false;
        this.selected = undefined;
        this.context = undefined;
        this.contextFailed = false;
        this.contextQuery = undefined;
        this.contextVariables = undefined;
        this.candidateQuery = undefined;
        this.candidateVariables = undefined;
        if (!this.settingsReady || this.phoneNumberValue === undefined) {
            this.incoming = undefined;
            return;
        }
        this.incoming = readIncoming(this.phoneNumberValue, this.matchSettings.defaultCountry);
        // Withheld, internal or own numbers are decided without asking the org.
        const early = rankCandidates(this.incoming, undefined, { ownNumbers: this.matchSettings.ownNumbers });
        if (early.kind === 'not-matchable' || !this.incoming.ok) {
            this.decision = early;
            return;
        }
        const lookup = candidateLookup(this.incoming.identity);
        this.candidateQuery = lookup.query;
        this.candidateVariables = lookup.variables;
    }

    private select(match: RankedMatch): void {
        if (this.selected && sameRecordId(this.selected.recordId, match.recordId)) {
            return;
        }
        this.selected = match;
        this.context = undefined;
        this.contextFailed = false;
        const lookup = callerContextLookup(match);
        this.contextQuery = lookup.query;
        this.contextVariables = lookup.variables;
        const selection: CallerSelection = selectionOf(this.callIdValue ?? '', match);
        const key = `${selection.callId}|${selection.recordId}`;
        if (key !== this.announced) {
            this.announced = key;
            this.dispatchEvent(new CustomEvent<CallerSelection>('callerselected', { detail: selection }));
        }
    }

    private popIfDue(): void {
        const action = decideScreenPop(this.phaseValue, this.popSettings, this.decision);
        if (action.kind === 'pop' && screenPopLedger.claim(this.callIdValue)) {
            this.open(recordPageReference(action.match), action.match.recordId);
        }
    }

    private get environment(): PopEnvironment {
        return {
            isConsole: this.isConsole === true,
            workspace: { getAllTabInfo, openTab, focusTab },
            navigate: (pageReference: PageReference) => this[NavigationMixin.Navigate](pageReference)
        };
    }

    /** How the last page was opened (new tab, existing tab, navigation…), for the host and for support. */
    lastPop: PopResult | undefined;

    private open(pageReference: PageReference, recordId?: string): void {
        openPage(this.environment, pageReference, recordId).then(
            (result) => {
                this.lastPop = result;
            },
            () => undefined // openPage already falls back to navigation; nothing else can be done here
        );
    }

    // ---------------------------------------------------------------------------------------------------------
    // Agent actions.

    handleChoice(event: CustomEvent<{ value: string }>): void {
        const chosen = this.rankedOptions.find((match) => match.recordId === event.detail.value);
        if (chosen) {
            this.select(chosen);
        }
    }

    handleOpen(): void {
        if (this.selected) {
            this.open(recordPageReference(this.selected), this.selected.recordId);
        }
    }

    handleCreate(event: Event): void {
        const object = (event.currentTarget as HTMLElement | null)?.dataset.object;
        if (this.incoming?.ok && (object === 'Contact' || object === 'Lead')) {
            this.open(newCallerRecordPageReference(object, this.incoming.identity));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the template shows.

    get isSearching(): boolean {
        return !this.settingsReady || (this.incoming?.ok === true && !this.decision && !this.lookupFailed);
    }

    get notMatchableMessage(): string {
        return this.decision?.kind === 'not-matchable' ? NOT_MATCHABLE_MESSAGES[this.decision.reason] : '';
    }

    get isNoMatch(): boolean {
        return this.decision?.kind === 'no-match';
    }

    get isChoosing(): boolean {
        return this.decision?.kind === 'choose';
    }

    /** The records the agent chooses among: the best object type only (never one call on every contact). */
    get rankedOptions(): RankedMatch[] {
        return this.decision?.kind === 'choose' ? bestTier(this.decision.ranked) : [];
    }

    get chooserOptions(): { label: string; value: string }[] {
        return this.rankedOptions.map((match) => ({
            label: match.accountName ? `${match.name}, ${match.accountName}` : match.name,
            value: match.recordId
        }));
    }

    get selectedId(): string {
        return this.selected?.recordId ?? '';
    }

    get waitsForAnswer(): boolean {
        const action = decideScreenPop(this.phaseValue, this.popSettings, this.decision);
        return action.kind === 'wait' && action.reason === 'answer' && this.decision?.kind === 'single';
    }

    get isSwitchboard(): boolean {
        return this.decision?.kind === 'single' && this.decision.switchboard;
    }

    get callerName(): string {
        return this.context?.name || this.selected?.name || '';
    }

    get accountName(): string {
        if (this.selected?.objectApiName === 'Account') {
            return '';
        }
        return this.context?.accountName ?? this.selected?.accountName ?? '';
    }

    get ownerName(): string {
        return this.context?.ownerName ?? '';
    }

    /** Last activities with their day in the user's words and calendar (hier, 2 mai…). */
    get activities(): (ContextActivity & { dateText: string })[] {
        return (this.context?.activities ?? []).map((activity) => ({ ...activity, dateText: formatDay(activity.date) }));
    }

    /** Open cases; the status is the org's label in the user's language (displayValue). */
    get openCases(): ContextCase[] {
        return this.context?.openCases ?? [];
    }

    /** Open opportunities: "Négociation/Révision · Clôture : 30 juin" — the stage as the user reads it, the close date in their locale. */
    get openOpportunities(): (ContextOpportunity & { detail: string })[] {
        return (this.context?.openOpportunities ?? []).map((item) => {
            const closes = formatDay(item.closeDate);
            return { ...item, detail: [item.stage ?? '', closes ? formatLabel(CLOSE_DATE, closes) : ''].filter(Boolean).join(' · ') };
        });
    }

    get hasActivities(): boolean {
        return this.activities.length > 0;
    }

    get hasOpenCases(): boolean {
        return this.openCases.length > 0;
    }

    get hasOpenOpportunities(): boolean {
        return this.openOpportunities.length > 0;
    }

    get showsCases(): boolean {
        return this.selected?.objectApiName !== 'Lead';
    }
}
