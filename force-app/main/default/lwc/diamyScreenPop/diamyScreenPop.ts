/**
 * Screen pop rules for an inbound call, as plain functions (the caller popup component only renders them).
 *
 * 1. What to do, from the call phase, the user's timing setting and the ranked match (diamyPhoneMatch):
 *    wait (pop on answer, still ringing), pop one record, let the agent choose (several records of the best type:
 *    never log one call onto every contact), offer to create a Contact or Lead (no match), or nothing (withheld,
 *    internal or own number).
 * 2. How to pop: in a console app, a workspace tab for the record (an already open tab for the same record is
 *    focused, never duplicated); in a standard app, NavigationMixin to the record page.
 * 3. Never twice for the same call: a ledger of Diamy call ids that have popped.
 */
import type { PageReference } from 'lightning/navigation';
import type { TabInfo } from 'lightning/platformWorkspaceApi';
import type { MatchDecision, NotMatchableReason, RankedMatch } from 'c/diamyPhoneMatch';

export type CallPhase = 'ringing' | 'answered';
export type ScreenPopTiming = 'ring' | 'answer';

export interface ScreenPopSettings {
    timing: ScreenPopTiming;
}

/**
 * The User formula field that exposes Diamy_Settings__c.Screen_Pop_On_Answer__c (hierarchy custom setting) to
 * the browser; read it with getRecord on the current user, next to diamyPhoneMatch.MATCH_SETTINGS_FIELDS.
 */
export const SCREEN_POP_SETTINGS_FIELDS = ['User.Diamy_Screen_Pop_On_Answer__c'] as const;

/** Timing from the current user's record (getRecord data); on ring when the field is missing or not true. */
export function screenPopSettingsFromUser(record: { fields?: Record<string, { value: unknown } | undefined> } | undefined): ScreenPopSettings {
    return { timing: record?.fields?.Diamy_Screen_Pop_On_Answer__c?.value === true ? 'answer' : 'ring' };
}

/** The phase a host passes as text; anything else (blank, 'ended', typos) is undefined: no pop. */
export function callPhaseOf(value: unknown): CallPhase | undefined {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
    return text === 'ringing' || text === 'answered' ? text : undefined;
}

export type NewCallerObject = 'Contact' | 'Lead';

export type ScreenPopAction =
    /** Nothing yet: the lookup is still running, the phase is unknown, or the pop waits for the answer. */
    | { kind: 'wait'; reason: 'lookup' | 'phase' | 'answer' }
    /** Open this record now. */
    | { kind: 'pop'; match: RankedMatch; switchboard: boolean }
    /** Several records of the best type: show a chooser, pop nothing by itself. */
    | { kind: 'choose'; options: RankedMatch[] }
    /** Nobody has this number: offer to create a Contact or a Lead with it. */
    | { kind: 'create'; e164: string; objects: NewCallerObject[] }
    /** Never pop: the number cannot identify a customer. */
    | { kind: 'none'; reason: NotMatchableReason | 'own-number' };

const NEW_CALLER_OBJECTS: readonly NewCallerObject[] = ['Contact', 'Lead'];

/**
 * What the popup does for a call. A decision that is known but must wait for the answer is still `wait`, so that
 * nothing opens while the phone rings when the user pops on answer; the chooser and the create offer follow the
 * same timing (they are what the agent sees when the pop happens).
 */
export function decideScreenPop(phase: CallPhase | undefined, settings: ScreenPopSettings, decision: MatchDecision | undefined): ScreenPopAction {
    if (decision?.kind === 'not-matchable') {
        return { kind: 'none', reason: decision.reason };
    }
    if (decision === undefined) {
        return { kind: 'wait', reason: 'lookup' };
    }
    if (phase === undefined) {
        return { kind: 'wait', reason: 'phase' };
    }
    if (settings.timing === 'answer' && phase === 'ringing') {
        return { kind: 'wait', reason: 'answer' };
    }
    switch (decision.kind) {
        case 'single':
            return { kind: 'pop', match: decision.match, switchboard: decision.switchboard };
        case 'choose':
            return { kind: 'choose', options: bestTier(decision.ranked) };
        default:
            return { kind: 'create', e164: decision.e164, objects: [...NEW_CALLER_OBJECTS] };
    }
}

/** The records of the best object type (the ranked list puts them first): the only ones the agent chooses among. */
export function bestTier(ranked: readonly RankedMatch[]): RankedMatch[] {
    const best = ranked[0]?.objectApiName;
    return ranked.filter((match) => match.objectApiName === best);
}

/** The record a call is logged onto once it is decided (callerselected event detail). */
export interface CallerSelection {
    callId: string;
    objectApiName: RankedMatch['objectApiName'];
    recordId: string;
    accountId: string | null;
}

/** The caller record decided without the agent (exactly one match), else undefined. */
export function automaticSelection(callId: string, decision: MatchDecision | undefined): CallerSelection | undefined {
    return decision?.kind === 'single' ? selectionOf(callId, decision.match) : undefined;
}

export function selectionOf(callId: string, match: RankedMatch): CallerSelection {
    return { callId, objectApiName: match.objectApiName, recordId: match.recordId, accountId: match.accountId };
}

// ---------------------------------------------------------------------------------------------------------------
// Idempotence: a call pops once, whatever the host does (re-renders, phase events repeated, component re-created).

export interface PopLedger {
    /** True the first time a call id is claimed, false afterwards (and for a blank id: it cannot be told apart). */
    claim(callId: string | null | undefined): boolean;
    has(callId: string | null | undefined): boolean;
    clear(): void;
}

/** A ledger that remembers the last `capacity` call ids (oldest forgotten first). */
export function createPopLedger(capacity = 200): PopLedger {
    const ids = new Set<string>();
    const keyOf = (callId: string | null | undefined): string => (callId ?? '').trim();
    return {
        claim(callId) {
            const key = keyOf(callId);
            if (key === '' || ids.has(key)) {
                return false;
            }
            ids.add(key);
            if (ids.size > capacity) {
                const oldest = ids.values().next().value as string;
                ids.delete(oldest);
            }
            return true;
        },
        has(callId) {
            return ids.has(keyOf(callId));
        },
        clear() {
            ids.clear();
        }
    };
}

/** The ledger shared by every popup on the page (one per browser tab). */
export const screenPopLedger: PopLedger = createPopLedger();

// ---------------------------------------------------------------------------------------------------------------
// How to pop.

/** The part of lightning/platformWorkspaceApi a pop uses (passed in, so that it can be tested and swapped). */
export interface WorkspaceApi {
    getAllTabInfo(): Promise<TabInfo[]>;
    openTab(options: { pageReference?: PageReference; recordId?: string; focus?: boolean }): Promise<string>;
    focusTab(tabId: string): Promise<unknown>;
}

export interface PopEnvironment {
    /** IsConsoleNavigation: true in a console app. */
    isConsole: boolean;
    workspace: WorkspaceApi;
    /** NavigationMixin.Navigate of the host component (standard apps). */
    navigate: (pageReference: PageReference) => void;
}

export type PopResult =
    | { via: 'navigation' }
    | { via: 'new-tab'; tabId: string }
    | { via: 'existing-tab'; tabId: string }
    /** The workspace API refused (tab limit, app not a console after all): navigation was used instead. */
    | { via: 'navigation-fallback'; error: string };

/** Salesforce ids compared on their 15-character case-sensitive form (tabs may carry either form). */
export function sameRecordId(a: string | null | undefined, b: string | null | undefined): boolean {
    if (!a || !b) {
        return false;
    }
    return a.slice(0, 15) === b.slice(0, 15);
}

function recordIdOfTab(tab: TabInfo): string | undefined {
    return tab.recordId ?? tab.pageReference?.attributes?.recordId;
}

/** The open workspace tab or subtab showing this record, if any. */
export function findRecordTab(tabs: readonly TabInfo[] | null | undefined, recordId: string): TabInfo | undefined {
    for (const tab of tabs ?? []) {
        if (sameRecordId(recordIdOfTab(tab), recordId)) {
            return tab;
        }
        const sub = findRecordTab(tab.subtabs, recordId);
        if (sub) {
            return sub;
        }
    }
    return undefined;
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error ?? null);
}

/**
 * Opens a page: a record (recordId given) in its already open console tab if there is one, else in a new focused
 * workspace tab; a page without record (new Contact…) in a new tab; in a standard app, by navigation.
 */
export async function openPage(env: PopEnvironment, pageReference: PageReference, recordId?: string): Promise<PopResult> {
    if (!env.isConsole) {
        env.navigate(pageReference);
        return { via: 'navigation' };
    }
    try {
        if (recordId) {
            const existing = findRecordTab(await env.workspace.getAllTabInfo(), recordId);
            if (existing) {
                await env.workspace.focusTab(existing.tabId);
                return { via: 'existing-tab', tabId: existing.tabId };
            }
            const tabId = await env.workspace.openTab({ recordId, focus: true });
            return { via: 'new-tab', tabId: String(tabId) };
        }
        const tabId = await env.workspace.openTab({ pageReference, focus: true });
        return { via: 'new-tab', tabId: String(tabId) };
    } catch (error) {
        env.navigate(pageReference);
        return { via: 'navigation-fallback', error: messageOf(error) };
    }
}
