/**
 * The softphone's logic, free of the platform: which call the utility shows, what the agent reads about the
 * connection and the logging, what a dial-pad entry dials, the lists (recent calls, colleagues, presences,
 * dispositions) and the inline message for a failed command. The component only renders these values.
 */
import { LIVE_PHASES, otherPartyOf } from 'c/diamyCallState';
import type { Call, CallPhase, CallStatus, CallView, PresenceStatus, TelephonyState } from 'c/diamyCallState';
import type { Colleague, ConnectionState } from 'c/diamyTelephony';
import { readIncoming } from 'c/diamyPhoneMatch';
import { callResult, formatDuration, formatLabel, intlLocale, outcomeLabel } from 'c/diamyFormat';
import type { CallOutcome, WrapUp } from 'c/diamyCallRecord';
import { storageKey } from 'c/diamyTelephonySession';
import type { Role } from 'c/diamyTabLeader';
import CONNECTING from '@salesforce/label/c.Diamy_Softphone_Connecting';
import CONNECTED from '@salesforce/label/c.Diamy_Softphone_Connected';
import RECONNECTING from '@salesforce/label/c.Diamy_Softphone_Reconnecting';
import OFFLINE from '@salesforce/label/c.Diamy_Softphone_Offline';
import OTHER_TAB from '@salesforce/label/c.Diamy_Softphone_Other_Tab';
import PRESENCE_AVAILABLE from '@salesforce/label/c.Diamy_Softphone_Presence_Available';
import PRESENCE_BUSY from '@salesforce/label/c.Diamy_Softphone_Presence_Busy';
import PRESENCE_AWAY from '@salesforce/label/c.Diamy_Softphone_Presence_Away';
import PRESENCE_DND from '@salesforce/label/c.Diamy_Softphone_Presence_Do_Not_Disturb';
import PRESENCE_OFFLINE from '@salesforce/label/c.Diamy_Softphone_Presence_Offline';
import ON_CALL from '@salesforce/label/c.Diamy_Softphone_On_Call';
import INVALID_NUMBER from '@salesforce/label/c.Diamy_Softphone_Invalid_Number';
import UNKNOWN_CALLER from '@salesforce/label/c.Diamy_Softphone_Unknown_Caller';
import INCOMING_FROM from '@salesforce/label/c.Diamy_Softphone_Incoming_From';
import WITHHELD from '@salesforce/label/c.Diamy_Softphone_Withheld';
import RINGING from '@salesforce/label/c.Diamy_Softphone_Ringing';
import DIALING from '@salesforce/label/c.Diamy_Softphone_Dialing';
import ON_LINE from '@salesforce/label/c.Diamy_Softphone_On_Line';
import ON_HOLD from '@salesforce/label/c.Diamy_Softphone_On_Hold';
import CONSULTING from '@salesforce/label/c.Diamy_Softphone_Consulting';
import CONFERENCING from '@salesforce/label/c.Diamy_Softphone_Conferencing';
import WRAP_UP from '@salesforce/label/c.Diamy_Softphone_Wrap_Up';
import FOLLOW_UP_DEFAULT from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Default';
import CALL_SOMEONE from '@salesforce/label/c.Diamy_Softphone_Call_Someone';
import OPEN_RECORD from '@salesforce/label/c.Diamy_Softphone_Open_Record';
import CONSULT_RINGING from '@salesforce/label/c.Diamy_Softphone_Consult_Ringing';
import CONSULT_ANSWERED from '@salesforce/label/c.Diamy_Softphone_Consult_Answered';
import LOCALE from '@salesforce/i18n/locale';

/** Which tab owns the phone (defined by c/diamyTabLeader). */
export type { Role };

export interface ConnectionView {
    text: string;
    /** SLDS badge theme class. */
    badgeClass: string;
}

const CONNECTION_LABELS: Record<ConnectionState, string> = {
    connecting: CONNECTING,
    connected: CONNECTED,
    reconnecting: RECONNECTING,
    offline: OFFLINE
};

const CONNECTION_THEMES: Record<ConnectionState, string> = {
    connecting: 'slds-badge',
    connected: 'slds-badge slds-theme_success',
    reconnecting: 'slds-badge slds-theme_warning',
    offline: 'slds-badge slds-theme_error'
};

/** The header badge: a follower tab says that another tab owns the phone. */
export function connectionView(connection: ConnectionState, role: Role): ConnectionView {
    if (role !== 'leader') {
        return { text: OTHER_TAB, badgeClass: 'slds-badge slds-badge_lightest' };
    }
    return {
        text: CONNECTION_LABELS[connection] ?? OFFLINE,
        badgeClass: CONNECTION_THEMES[connection] ?? CONNECTION_THEMES.offline
    };
}

const PRESENCE_LABELS: Record<PresenceStatus, string> = {
    available: PRESENCE_AVAILABLE,
    busy: PRESENCE_BUSY,
    away: PRESENCE_AWAY,
    do_not_disturb: PRESENCE_DND,
    offline: PRESENCE_OFFLINE
};

export function presenceLabel(presence: string): string {
    return PRESENCE_LABELS[presence as PresenceStatus] ?? presence;
}

export function isPresence(value: unknown): value is PresenceStatus {
    return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PRESENCE_LABELS, value);
}

export function presenceOptions(): { label: string; value: PresenceStatus }[] {
    return (Object.keys(PRESENCE_LABELS) as PresenceStatus[]).map((value) => ({ label: PRESENCE_LABELS[value], value }));
}

/** What the utility shows: the main call (and its consultation leg during an attended transfer). */
export interface Focus {
    main: CallView | null;
    consult: CallView | null;
    /** A second call ringing for the agent while the main call is on the line (call waiting). */
    waiting: CallView | null;
}

const FOCUS_ORDER: readonly CallPhase[] = [
    'consulting',
    'conferencing',
    'connected',
    'on_hold',
    'ringing_in',
    'ringing_out',
    'dialing'
];

const ON_LINE_PHASES: readonly CallPhase[] = ['consulting', 'conferencing', 'connected', 'on_hold'];

/**
 * The call to show: a call on the line first (consulting, conference, connected, on hold), then a ringing or
 * dialling one, then the most recent call waiting for its wrap-up (unless the agent already saved it).
 * A consultation leg (another call's consult_call_id) is never the main call; it is shown beside it. While a call
 * is on the line, a call ringing for the agent is the waiting call (answer holds the current one).
 */
export function focusOf(state: TelephonyState, wrapped: ReadonlySet<string> = new Set()): Focus {
    const views = Object.values(state.calls);
    const consultIds = new Set(
        views.map((view) => view.call.consult_call_id).filter((id): id is string => typeof id === 'string')
    );
    // A consult leg (named by its call's consult_call_id, or carrying parent_call_id) is never the call on screen nor
    // a wrap-up of its own: it is recorded on the customer call (diamyCallState.toCompletedCall).
    const candidates = views.filter((view) => !consultIds.has(view.call.id) && view.call.parent_call_id === null);
    for (const phase of FOCUS_ORDER) {
        const main = candidates.find((view) => view.phase === phase);
        if (main) {
            const consultId = main.call.consult_call_id;
            const consult = consultId ? (state.calls[consultId] ?? null) : null;
            const waiting = ON_LINE_PHASES.includes(main.phase)
                ? (candidates.find((view) => view.phase === 'ringing_in' && view !== main) ?? null)
                : null;
            return { main, consult: consult && LIVE_PHASES.includes(consult.phase) ? consult : null, waiting };
        }
    }
    const wrapUps = candidates
        .filter((view) => view.phase === 'wrap_up' && !wrapped.has(view.call.id))
        .sort((a, b) => (b.call.ended_at ?? '').localeCompare(a.call.ended_at ?? ''));
    return { main: wrapUps[0] ?? null, consult: null, waiting: null };
}

/** The other party as the agent reads it. */
export interface PartyView {
    /** The name to show: the party's name, else its number, else "Withheld number" / "Unknown caller". */
    title: string;
    /** The number under the name ('' when withheld, or when the title already is the number). */
    number: string;
    /** The number to call back or look up ('' when withheld). */
    dial: string;
    withheld: boolean;
    /** The party is a colleague (internal call). */
    colleague: boolean;
}

/** Who the agent talks to on a call: never a lookup or a callback for a withheld number. */
export function partyView(call: Call): PartyView {
    const party = otherPartyOf(call);
    if (party.withheld) {
        return { title: WITHHELD, number: '', dial: '', withheld: true, colleague: false };
    }
    const number = party.number ?? '';
    const name = party.name ?? '';
    return {
        title: name || number || UNKNOWN_CALLER,
        number: name ? number : '',
        dial: number,
        withheld: false,
        colleague: party.user_id !== null
    };
}

/** "Consulting Julien · Ringing" / "… · On the line": the consult leg and whether the colleague answered. */
export function consultView(leg: CallView | null): { text: string; answered: boolean } | null {
    if (!leg) {
        return null;
    }
    const party = partyView(leg.call);
    const answered = leg.call.answered_at !== null && leg.phase !== 'ringing_out' && leg.phase !== 'dialing';
    return { text: formatLabel(answered ? CONSULT_ANSWERED : CONSULT_RINGING, party.title), answered };
}


/** "Incoming call: Sophie Durand" — the utility label while a call rings. */
export function incomingLabel(call: Call): string {
    return formatLabel(INCOMING_FROM, partyView(call).title);
}

/** Talk time in seconds: from the answer to the end (or to now for a call on the line); 0 before an answer. */
export function talkSeconds(call: Call, nowMs: number): number {
    if (!call.answered_at) {
        return 0;
    }
    const start = Date.parse(call.answered_at);
    const end = call.ended_at ? Date.parse(call.ended_at) : nowMs;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
        return 0;
    }
    return Math.floor((end - start) / 1000);
}

export function talkTime(call: Call, nowMs: number): string {
    return formatDuration(talkSeconds(call, nowMs));
}

/** A checked dial-pad entry: what to ask Diamy (`dial(target)`, a number in E.164 or an extension), or why not. */
export type DialTarget = { ok: true; number: string; target: { to: string } | { toExtension: string } } | { ok: false; message: string };

const EXTENSION = /^\d{2,6}$/;

/**
 * What a dial-pad entry dials: a phone number (national numbers read in the agent's country) in E.164, or a short
 * internal extension as typed. Anything else is refused with a message, before Diamy is asked.
 */
export function dialTarget(text: string | null | undefined, defaultCountry = 'FR'): DialTarget {
    const typed = (text ?? '').trim();
    const compact = typed.replace(/[\s.\-()]/g, '');
    if (EXTENSION.test(compact)) {
        return { ok: true, number: compact, target: { toExtension: compact } };
    }
    const read = readIncoming(typed, defaultCountry);
    if (read.ok) {
        return { ok: true, number: read.identity.e164, target: { to: read.identity.e164 } };
    }
    return { ok: false, message: INVALID_NUMBER };
}

/** The keys of a phone's pad, in their order (dialling and DTMF). */
export const DIAL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DialKey = (typeof DIAL_KEYS)[number];

export function isDialKey(value: unknown): value is DialKey {
    return typeof value === 'string' && (DIAL_KEYS as readonly string[]).includes(value);
}

/** Keyboard shortcuts of the softphone (Alt+Shift+letter while the focus is in the softphone). */
export type ShortcutAction = 'answer' | 'hangup' | 'hold' | 'mute';

const SHORTCUT_LETTERS: Readonly<Record<string, ShortcutAction>> = { a: 'answer', h: 'hangup', p: 'hold', m: 'mute' };

/**
 * The shortcut a key press means: Alt+Shift+letter, nothing else (no Ctrl/Meta: those belong to the browser and to
 * Salesforce). The letter is the one printed on the key (AZERTY or QWERTY); where Alt turns it into another
 * character (macOS), the key's position is used.
 */
export function shortcutOf(event: { key: string; code?: string; altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): ShortcutAction | null {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) {
        return null;
    }
    const letter = /^[a-z]$/i.test(event.key)
        ? event.key.toLowerCase()
        : /^Key[A-Z]$/.test(event.code ?? '')
          ? (event.code ?? '').slice(3).toLowerCase()
          : '';
    return Object.prototype.hasOwnProperty.call(SHORTCUT_LETTERS, letter) ? (SHORTCUT_LETTERS[letter] ?? null) : null;
}

export interface RecentItem {
    id: string;
    /** The number to call back ('' for a withheld caller: no callback). */
    number: string;
    title: string;
    /** The number (when a name is shown) and how it went: the talk time, or the outcome of an unanswered call. */
    detail: string;
    /** "5 min ago", in the user's locale. */
    when: string;
    iconName: string;
    iconClass: string;
    /** The outcome, for the icon's alternative text. */
    outcome: string;
    ariaLabel: string;
    /** The call's Diamy_Call__c id when this browser logged it ('' otherwise). */
    recordId: string;
    openLabel: string;
    cannotCall: boolean;
}

const OUTCOME_OF_STATUS: Record<CallStatus, CallOutcome> = {
    answered: 'Answered',
    missed: 'Missed',
    voicemail: 'Voicemail',
    busy: 'Busy',
    no_answer: 'No_Answer',
    failed: 'Failed',
    abandoned: 'Abandoned'
};

const TIME_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1]
];

/** "5 minutes ago" / "il y a 5 minutes" in the user's locale; '' for an unreadable time. */
export function timeAgo(iso: string | null | undefined, nowMs: number, locale: string = LOCALE): string {
    const at = iso ? Date.parse(iso) : Number.NaN;
    if (!Number.isFinite(at)) {
        return '';
    }
    const seconds = Math.max(0, Math.round((nowMs - at) / 1000));
    // A Salesforce locale the browser does not know (de_DE_EURO…) must not take the list down.
    const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto', style: 'short' });
    for (const [unit, size] of TIME_UNITS) {
        if (seconds >= size || unit === 'second') {
            return format.format(-Math.floor(seconds / size), unit);
        }
    }
    return '';
}

export interface RecentOptions {
    /** The Diamy_Call__c id this browser logged for a Diamy call id. */
    recordIdOf?: (diamyCallId: string) => string | null;
    locale?: string;
    /** Shows a number for the agent (formatted for their country). */
    formatNumber?: (number: string) => string;
}

/** Recent calls as a click-to-call list: whom, when, how it went. */
export function recentItems(calls: readonly Call[], nowMs: number, options: RecentOptions = {}): RecentItem[] {
    const show = options.formatNumber ?? ((number: string) => number);
    return calls.slice(0, 20).map((call) => {
        const party = partyView(call);
        const outcome = call.status ? OUTCOME_OF_STATUS[call.status] : null;
        const answered = outcome === 'Answered';
        // The talk time of an answered call, else the outcome (Missed call, No answer…): never "0 min 00 s".
        const how = callResult(outcome, talkSeconds(call, nowMs), options.locale);
        const title = party.number || party.withheld || party.colleague ? party.title : show(party.title);
        const recordId = options.recordIdOf?.(call.id) ?? '';
        return {
            id: call.id,
            number: party.dial,
            title,
            detail: [party.number ? show(party.number) : '', how].filter(Boolean).join(' · '),
            when: timeAgo(call.ended_at ?? call.started_at, nowMs, options.locale),
            iconName:
                outcome !== null && !answered
                    ? 'utility:missed_call'
                    : call.direction === 'outbound' || (call.direction === 'internal' && call.from.user_id === call.agent_id)
                      ? 'utility:outbound_call'
                      : 'utility:incoming_call',
            iconClass: outcome !== null && !answered ? 'recent-icon recent-icon_missed' : 'recent-icon',
            outcome: outcome ? outcomeLabel(outcome) : '',
            ariaLabel: formatLabel(CALL_SOMEONE, title),
            recordId: recordId ?? '',
            openLabel: formatLabel(OPEN_RECORD, title),
            cannotCall: party.dial === ''
        };
    });
}

export interface ColleagueItem {
    id: string;
    name: string;
    /** What a transfer to this colleague names: the extension, else the number. */
    dial: string;
    presence: string;
    detail: string;
    available: boolean;
    ariaLabel: string;
    presenceClass: string;
}

/** Colleagues with their presence; each dials its extension (or number). */
export function colleagueItems(
    colleagues: readonly Colleague[],
    live: Readonly<Record<string, PresenceStatus>> = {}
): ColleagueItem[] {
    return colleagues.map((colleague) => {
        const presence = live[colleague.id] ?? colleague.presence;
        const presenceText = colleague.onCall ? ON_CALL : presenceLabel(presence);
        const available = presence === 'available' && !colleague.onCall;
        return {
            id: colleague.id,
            name: colleague.name,
            dial: colleague.extension || colleague.number,
            presence,
            detail: [colleague.extension, presenceText].filter(Boolean).join(' · '),
            available,
            ariaLabel: formatLabel(CALL_SOMEONE, colleague.name),
            presenceClass: available ? 'slds-text-color_success' : 'slds-text-color_weak'
        };
    });
}

/** Options of a lightning-combobox from a getPicklistValues answer; nothing usable → no options. */
export function picklistOptions(data: unknown): { label: string; value: string }[] {
    const values = typeof data === 'object' && data !== null ? (data as { values?: unknown }).values : undefined;
    if (!Array.isArray(values)) {
        return [];
    }
    return values.flatMap((entry: unknown) => {
        const item = entry as { label?: unknown; value?: unknown } | null;
        return item && typeof item.value === 'string' && typeof item.label === 'string'
            ? [{ label: item.label, value: item.value }]
            : [];
    });
}

const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The org id from the running user's record (getRecord data with User.Diamy_Org_Id__c); null when the field is
 * missing (no access), empty or not an org id.
 */
export function orgIdFromUser(data: unknown): string | null {
    const fields = typeof data === 'object' && data !== null ? (data as { fields?: unknown }).fields : undefined;
    const field = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>).Diamy_Org_Id__c : undefined;
    const value = typeof field === 'object' && field !== null ? (field as { value?: unknown }).value : undefined;
    return typeof value === 'string' && ORG_ID.test(value) ? value : null;
}

// -----------------------------------------------------------------------------------------------------------
// The wrap-up form: what the agent types after a call, and what the logger gets from it.

/** The wrap-up form's values (c-diamy-wrap-up shows them; the draft stores them). */
export interface WrapUpForm {
    disposition: string;
    notes: string;
    /** Local date-time as lightning-input type="datetime" gives it ('' for none). */
    callbackAt: string;
    followUpOn: boolean;
    followUpSubject: string;
    /** YYYY-MM-DD. */
    followUpDueDate: string;
    /** The user who gets the follow-up task ('' : the agent). */
    followUpAssigneeId: string;
}

/** An empty wrap-up form (the follow-up subject is prefilled with whom the call was with). */
export function emptyForm(party = ''): WrapUpForm {
    return {
        disposition: '',
        notes: '',
        callbackAt: '',
        followUpOn: false,
        followUpSubject: party ? formatLabel(FOLLOW_UP_DEFAULT, party) : '',
        followUpDueDate: '',
        followUpAssigneeId: ''
    };
}

/**
 * The form after the wrap-up component reported a change (only the field that changed): text fields as typed; ticking
 * the follow-up task sets its due date to `tomorrow` (YYYY-MM-DD) unless one is there.
 */
export function mergeWrapUpPatch(form: WrapUpForm, patch: Partial<WrapUpForm> | null | undefined, tomorrow: string): WrapUpForm {
    const merged = { ...form };
    for (const key of ['disposition', 'notes', 'callbackAt', 'followUpSubject', 'followUpDueDate', 'followUpAssigneeId'] as const) {
        const value = patch?.[key];
        if (typeof value === 'string') {
            merged[key] = value;
        }
    }
    if (typeof patch?.followUpOn === 'boolean') {
        merged.followUpOn = patch.followUpOn;
        if (patch.followUpOn && !merged.followUpDueDate) {
            merged.followUpDueDate = tomorrow;
        }
    }
    return merged;
}

/** The form a stored draft gives back (an untouched subject is prefilled again). */
export function formOfDraft(draft: WrapUpDraft): WrapUpForm {
    const { disposition, notes, callbackAt, followUpOn, followUpSubject, followUpDueDate, followUpAssigneeId } = draft;
    return {
        disposition,
        notes,
        callbackAt,
        followUpOn,
        followUpSubject: followUpSubject || (followUpOn ? '' : formatLabel(FOLLOW_UP_DEFAULT, draft.name)),
        followUpDueDate,
        followUpAssigneeId
    };
}

/** What the logger gets: blank values are none; a follow-up task with no assignee chosen goes to the agent (null). */
export function wrapUpOfForm(form: WrapUpForm): WrapUp {
    return {
        disposition: form.disposition || null,
        notes: form.notes.trim() || null,
        callbackAt: form.callbackAt || null,
        followUp: form.followUpOn ? { subject: form.followUpSubject.trim(), dueDate: form.followUpDueDate, assigneeId: form.followUpAssigneeId || null } : null
    };
}

/** What the agent reads about a call's phase. */
export function phaseLabel(phase: string): string {
    switch (phase) {
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
        case 'wrap_up':
            return WRAP_UP;
        default:
            return '';
    }
}

// -----------------------------------------------------------------------------------------------------------
// Wrap-up drafts: what the agent typed for a call's wrap-up survives a reload until it is handed to the logger.

export const DRAFT_PREFIX = 'diamy.wrapUp';
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
const DRAFT_VERSION = 1;
const MAX_DRAFTS = 20;
const MAX_NOTES = 32768;
const MAX_TEXT = 255;

/** The browser storage the drafts use (localStorage in production). */
export interface DraftStorage {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
}

/** Only what the wrap-up panel needs: whose call (as shown), and what the agent typed. */
export interface WrapUpDraft {
    callId: string;
    name: string;
    number: string;
    disposition: string;
    notes: string;
    /** "Call back on": a local date-time as the input gives it ('' for none). */
    callbackAt: string;
    /** The follow-up task asked for ('' subject and date when none). */
    followUpOn: boolean;
    followUpSubject: string;
    followUpDueDate: string;
    followUpAssigneeId: string;
    savedAt: number;
}

function boundedText(value: unknown, max: number): string | null {
    return typeof value === 'string' ? value.slice(0, max) : null;
}

function readDraft(value: unknown): WrapUpDraft | null {
    if (typeof value !== 'object' || value === null) {
        return null;
    }
    const entry = value as Record<string, unknown>;
    const callId = boundedText(entry.callId, MAX_TEXT);
    const name = boundedText(entry.name, MAX_TEXT);
    const number = boundedText(entry.number, MAX_TEXT);
    const disposition = boundedText(entry.disposition, MAX_TEXT);
    const notes = boundedText(entry.notes, MAX_NOTES);
    const savedAt = entry.savedAt;
    if (!callId || name === null || number === null || disposition === null || notes === null) {
        return null;
    }
    // Drafts written before the callback and follow-up existed read as having none.
    const callbackAt = boundedText(entry.callbackAt, MAX_TEXT) ?? '';
    const followUpSubject = boundedText(entry.followUpSubject, MAX_TEXT) ?? '';
    const followUpDueDate = boundedText(entry.followUpDueDate, MAX_TEXT) ?? '';
    const followUpOn = entry.followUpOn === true;
    const followUpAssigneeId = boundedText(entry.followUpAssigneeId, MAX_TEXT) ?? '';
    return typeof savedAt === 'number' && Number.isFinite(savedAt)
        ? { callId, name, number, disposition, notes, callbackAt, followUpOn, followUpSubject, followUpDueDate, followUpAssigneeId, savedAt }
        : null;
}

/**
 * The wrap-up drafts of one agent in one org, under `diamy.wrapUp.<orgId>.<userId>`, one per Diamy call id,
 * dropped after 24 hours. Without a key (org or user unknown), without storage, or when the browser refuses to
 * store, drafts live in memory only and `memoryOnly` tells the agent so.
 */
export class WrapUpDrafts {
    readonly key: string | null;
    private readonly storage: DraftStorage | null;
    private readonly now: () => number;
    private drafts = new Map<string, WrapUpDraft>();
    private refused = false;

    constructor(options: { storage: DraftStorage | null; orgId: string | null; userId: string | null; now?: () => number }) {
        this.key = storageKey(DRAFT_PREFIX, options.orgId, options.userId);
        // Without a key nothing is read or written, not even to see what is there.
        this.storage = this.key ? options.storage : null;
        this.now = options.now ?? (() => Date.now());
        this.load();
    }

    /** True when a draft would not survive a reload. */
    get memoryOnly(): boolean {
        return this.storage === null || this.refused;
    }

    /** The draft of a call, unless expired. */
    get(callId: string): WrapUpDraft | null {
        const draft = this.drafts.get(callId) ?? null;
        if (draft && this.expired(draft)) {
            this.drafts.delete(callId);
            this.persist();
            return null;
        }
        return draft;
    }

    /** The most recently typed draft (a reload shows its wrap-up again), skipping the given calls. */
    latest(skip: ReadonlySet<string> = new Set()): WrapUpDraft | null {
        this.dropExpired();
        let newest: WrapUpDraft | null = null;
        for (const draft of this.drafts.values()) {
            if (!skip.has(draft.callId) && (!newest || draft.savedAt > newest.savedAt)) {
                newest = draft;
            }
        }
        return newest;
    }

    save(draft: Omit<WrapUpDraft, 'savedAt'>): void {
        const value = readDraft({ ...draft, savedAt: this.now() });
        if (!value) {
            return;
        }
        this.drafts.delete(value.callId);
        this.drafts.set(value.callId, value);
        while (this.drafts.size > MAX_DRAFTS) {
            const oldest = this.drafts.keys().next().value;
            if (oldest === undefined) {
                break;
            }
            this.drafts.delete(oldest);
        }
        this.persist();
    }

    /** The wrap-up was handed to the logger: its draft goes. */
    clear(callId: string): void {
        if (this.drafts.delete(callId)) {
            this.persist();
        }
    }

    private expired(draft: WrapUpDraft): boolean {
        const age = this.now() - draft.savedAt;
        return age > DRAFT_TTL_MS || age < -DRAFT_TTL_MS;
    }

    private dropExpired(): void {
        const before = this.drafts.size;
        for (const draft of [...this.drafts.values()]) {
            if (this.expired(draft)) {
                this.drafts.delete(draft.callId);
            }
        }
        if (this.drafts.size !== before) {
            this.persist();
        }
    }

    private load(): void {
        if (!this.storage || !this.key) {
            return;
        }
        let raw: string | null;
        try {
            raw = this.storage.getItem(this.key);
        } catch {
            this.refused = true;
            return;
        }
        if (raw === null) {
            return;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(raw);
        } catch {
            parsed = null;
        }
        const stored = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown; drafts?: unknown }) : null;
        const list = stored?.version === DRAFT_VERSION && Array.isArray(stored.drafts) ? stored.drafts : [];
        for (const entry of list.slice(-MAX_DRAFTS)) {
            const draft = readDraft(entry);
            if (draft) {
                this.drafts.set(draft.callId, draft);
            }
        }
        // Unreadable or expired entries are not kept.
        this.dropExpired();
        if (list.length !== this.drafts.size) {
            this.persist();
        }
    }

    private persist(): void {
        if (!this.storage || !this.key) {
            return;
        }
        try {
            if (this.drafts.size === 0) {
                this.storage.removeItem(this.key);
            } else {
                this.storage.setItem(this.key, JSON.stringify({ version: DRAFT_VERSION, drafts: [...this.drafts.values()] }));
            }
            this.refused = false;
        } catch {
            // Quota or privacy settings: the draft stays in memory for this page, and the agent is told.
            this.refused = true;
        }
    }
}
