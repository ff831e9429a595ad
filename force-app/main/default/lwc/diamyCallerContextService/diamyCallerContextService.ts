/**
 * The caller context card's logic, free of the platform (c/diamyCallerContext only renders it): what the card says
 * for the softphone's view (a quiet line when there is no call; during a call its phase, who, the number for the
 * agent's country, the talk time, the records it is linked to, and whether the quick note belongs on this page), the
 * quick note's draft (kept for its call, dropped when another call starts), its checks before it is sent, and what
 * the agent reads once the softphone answered.
 */
import { relatesTo } from 'c/diamyPhoneChannel';
import type { CurrentCall, CurrentCallPhase, PhoneResult, SoftphoneView } from 'c/diamyPhoneChannel';
import type { RelatedRecords } from 'c/diamyCallRecord';
import { FIELD_LIMITS } from 'c/diamyCallRecord';
import { checkFollowUp } from 'c/diamyFollowUp';
import { directionLabel, formatDuration, formatLabel } from 'c/diamyFormat';
import { formatPhoneForDisplay } from 'c/diamyPhoneMatch';
import LOOKING from '@salesforce/label/c.Diamy_Context_Looking';
import NO_SOFTPHONE from '@salesforce/label/c.Diamy_Context_No_Softphone';
import CONNECTING from '@salesforce/label/c.Diamy_Context_Connecting';
import OFFLINE from '@salesforce/label/c.Diamy_Context_Offline';
import OTHER_TAB from '@salesforce/label/c.Diamy_Context_Other_Tab';
import IDLE from '@salesforce/label/c.Diamy_Context_Idle';
import BUSY from '@salesforce/label/c.Diamy_Context_Busy';
import ON_CALL_WITH from '@salesforce/label/c.Diamy_Context_On_Call_With';
import NOTHING_TO_SEND from '@salesforce/label/c.Diamy_Context_Nothing_To_Send';
import NOTE_TOO_LONG from '@salesforce/label/c.Diamy_Context_Note_Too_Long';
import SUBJECT_TOO_LONG from '@salesforce/label/c.Diamy_Context_Subject_Too_Long';
import SENT_NOTE from '@salesforce/label/c.Diamy_Context_Sent_Note';
import SENT_FOLLOW_UP from '@salesforce/label/c.Diamy_Context_Sent_Follow_Up';
import SENT_BOTH from '@salesforce/label/c.Diamy_Context_Sent_Both';
import REFUSED_NO_SOFTPHONE from '@salesforce/label/c.Diamy_Context_Refused_No_Softphone';
import REFUSED_NO_CALL from '@salesforce/label/c.Diamy_Context_Refused_No_Call';
import REFUSED_OTHER_TAB from '@salesforce/label/c.Diamy_Context_Refused_Other_Tab';
import REFUSED_OFFLINE from '@salesforce/label/c.Diamy_Context_Refused_Offline';
import REFUSED_INVALID from '@salesforce/label/c.Diamy_Context_Refused_Invalid';
import REFUSED_FAILED from '@salesforce/label/c.Diamy_Context_Refused_Failed';
import RECORD_CONTACT from '@salesforce/label/c.Diamy_Context_Record_Contact';
import RECORD_LEAD from '@salesforce/label/c.Diamy_Context_Record_Lead';
import RECORD_ACCOUNT from '@salesforce/label/c.Diamy_Context_Record_Account';
import RECORD_OPPORTUNITY from '@salesforce/label/c.Diamy_Context_Record_Opportunity';
import RECORD_CASE from '@salesforce/label/c.Diamy_Context_Record_Case';
import RINGING from '@salesforce/label/c.Diamy_Softphone_Ringing';
import DIALING from '@salesforce/label/c.Diamy_Softphone_Dialing';
import ON_LINE from '@salesforce/label/c.Diamy_Softphone_On_Line';
import ON_HOLD from '@salesforce/label/c.Diamy_Softphone_On_Hold';
import WRAP_UP from '@salesforce/label/c.Diamy_Softphone_Wrap_Up';
import WITHHELD from '@salesforce/label/c.Diamy_Softphone_Withheld';
import UNKNOWN_CALLER from '@salesforce/label/c.Diamy_Softphone_Unknown_Caller';
import INCOMING_FROM from '@salesforce/label/c.Diamy_Softphone_Incoming_From';
import FOLLOW_UP_DEFAULT from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Default';

// ---------------------------------------------------------------------------------------------------------------
// What the card shows

/** The card's state: a quiet line without a call, the call otherwise. */
export type CardState = 'looking' | 'no_softphone' | 'connecting' | 'offline' | 'other_tab' | 'idle' | 'busy' | 'call';

export type LinkedObject = 'Contact' | 'Lead' | 'Account' | 'Opportunity' | 'Case';

/** A record the call is linked to, as the card links it. */
export interface LinkTarget {
    recordId: string;
    objectApiName: LinkedObject;
    /** What to read for its name (getRecord optionalFields, "Object.Field"). */
    fields: string[];
    /** What the link reads while the name is not there (or cannot be read): the object's name. */
    fallbackLabel: string;
}

export interface CallCard {
    callId: string;
    phase: CurrentCallPhase;
    phaseText: string;
    direction: CurrentCall['direction'];
    directionText: string;
    /** Who the agent talks to: the name, else the number, else "Withheld number" / "Unknown caller". */
    party: string;
    /** The line under the phase: the party, or "On a call with <party>" on the page of a record the call is not about. */
    headline: string;
    /** The number formatted for the agent's country, under the headline ('' when withheld, internal, or already the party). */
    number: string;
    withheld: boolean;
    /** The talk timer runs (answered, on the line or on hold). */
    live: boolean;
    answeredAt: string | null;
    /** The call is about the page's record (always on Home and app pages): the quick note belongs here. */
    relatesToPage: boolean;
    /** The phase takes a note (on the line, on hold, in wrap-up). */
    takesNotes: boolean;
    /** Another tab owns the phone: notes are added there. */
    mirrored: boolean;
    links: LinkTarget[];
}

export interface CardView {
    state: CardState;
    /** The quiet line shown without a call ('' during a call). */
    stateText: string;
    call: CallCard | null;
}

export interface CardOptions {
    /** The record page's record; null or undefined on Home and app pages. */
    recordId?: string | null;
    /** The agent's country (ISO 3166 alpha-2, User.Diamy_Default_Country__c): numbers are shown as dialled from it. */
    country: string;
}

const STATE_TEXT: Record<Exclude<CardState, 'call'>, string> = {
    looking: LOOKING,
    no_softphone: NO_SOFTPHONE,
    connecting: CONNECTING,
    offline: OFFLINE,
    other_tab: OTHER_TAB,
    idle: IDLE,
    busy: BUSY
};

function stateOf(availability: SoftphoneView['availability']): Exclude<CardState, 'call'> {
    switch (availability) {
        case 'unknown':
            return 'looking';
        case 'none':
            return 'no_softphone';
        case 'connecting':
            return 'connecting';
        case 'offline':
            return 'offline';
        case 'other_tab':
            return 'other_tab';
        case 'on_call':
            return 'busy';
        default:
            return 'idle';
    }
}

/** The phase as the agent reads it; an outbound call that rings reads "Calling…". */
export function phaseText(phase: CurrentCallPhase, direction: CurrentCall['direction']): string {
    switch (phase) {
        case 'ringing':
            return direction === 'outbound' ? DIALING : RINGING;
        case 'dialing':
            return DIALING;
        case 'connected':
            return ON_LINE;
        case 'on_hold':
            return ON_HOLD;
        default:
            return WRAP_UP;
    }
}

const DIRECTION_VALUES: Record<CurrentCall['direction'], string> = {
    inbound: 'Inbound',
    outbound: 'Outbound',
    internal: 'Internal'
};
const LIVE_PHASES: readonly CurrentCallPhase[] = ['connected', 'on_hold'];
const NOTE_PHASES: readonly CurrentCallPhase[] = ['connected', 'on_hold', 'wrap_up'];

/** Who the agent talks to and the number to show under it (never a number for a withheld caller). */
export function partyOf(call: CurrentCall, country: string): { party: string; number: string } {
    if (call.withheld) {
        return { party: WITHHELD, number: '' };
    }
    const shown = call.number.trim() === '' ? '' : formatPhoneForDisplay(call.number.trim(), country);
    const name = call.name.trim();
    if (name) {
        return { party: name, number: shown };
    }
    return { party: shown || UNKNOWN_CALLER, number: '' };
}

const LINK_ORDER: readonly { key: keyof RelatedRecords; objectApiName: LinkedObject; fields: string[]; fallbackLabel: string }[] =
    [
        { key: 'contactId', objectApiName: 'Contact', fields: ['Contact.Name'], fallbackLabel: RECORD_CONTACT },
        { key: 'leadId', objectApiName: 'Lead', fields: ['Lead.Name'], fallbackLabel: RECORD_LEAD },
        { key: 'accountId', objectApiName: 'Account', fields: ['Account.Name'], fallbackLabel: RECORD_ACCOUNT },
        { key: 'caseId', objectApiName: 'Case', fields: ['Case.CaseNumber', 'Case.Subject'], fallbackLabel: RECORD_CASE },
        { key: 'opportunityId', objectApiName: 'Opportunity', fields: ['Opportunity.Name'], fallbackLabel: RECORD_OPPORTUNITY }
    ];

/**
 * The records the card links, at most two: who the call is with (the contact, else the lead, else the account) and
 * what it is about (the case, else the opportunity).
 */
export function linkTargets(related: RelatedRecords | null | undefined): LinkTarget[] {
    const present = LINK_ORDER.filter(({ key }) => typeof related?.[key] === 'string' && related[key] !== '');
    const who = present.find(
        ({ objectApiName }) => objectApiName === 'Contact' || objectApiName === 'Lead' || objectApiName === 'Account'
    );
    const about = present.find(({ objectApiName }) => objectApiName === 'Case' || objectApiName === 'Opportunity');
    return [who, about]
        .filter((entry): entry is (typeof LINK_ORDER)[number] => entry !== undefined)
        .map(({ key, objectApiName, fields, fallbackLabel }) => ({
            recordId: String(related?.[key]),
            objectApiName,
            fields: [...fields],
            fallbackLabel
        }));
}

/** What the card shows for the softphone's view, on this page, for this agent. */
export function cardView(view: SoftphoneView, options: CardOptions): CardView {
    const call = view.call;
    if (!call) {
        const state = stateOf(view.availability);
        return { state, stateText: STATE_TEXT[state], call: null };
    }
    const { party, number } = partyOf(call, options.country);
    const onRecordPage = typeof options.recordId === 'string' && options.recordId !== '';
    const relatesToPage = !onRecordPage || relatesTo(call.related, options.recordId);
    const placing = call.phase === 'ringing' || call.phase === 'dialing';
    return {
        state: 'call',
        stateText: '',
        call: {
            callId: call.callId,
            phase: call.phase,
            phaseText: phaseText(call.phase, call.direction),
            direction: call.direction,
            directionText: directionLabel(DIRECTION_VALUES[call.direction]),
            party,
            headline: relatesToPage || placing ? party : formatLabel(ON_CALL_WITH, party),
            number,
            withheld: call.withheld,
            live: LIVE_PHASES.includes(call.phase) && call.answeredAt !== null,
            answeredAt: call.answeredAt,
            relatesToPage,
            takesNotes: NOTE_PHASES.includes(call.phase),
            mirrored: view.availability === 'other_tab',
            links: linkTargets(call.related)
        }
    };
}

/** The aria-live text for a call that starts ringing ("Incoming call: Jean Dupont"); '' for anything else. */
export function ringingAnnouncement(card: CallCard | null): string {
    return card && card.phase === 'ringing' && card.direction !== 'outbound' ? formatLabel(INCOMING_FROM, card.party) : '';
}

/** Talk time in whole seconds from the answer to now; 0 before an answer or for an unreadable time. */
export function talkSeconds(answeredAt: string | null | undefined, nowMs: number): number {
    const start = typeof answeredAt === 'string' ? Date.parse(answeredAt) : Number.NaN;
    if (!Number.isFinite(start) || !Number.isFinite(nowMs) || nowMs < start) {
        return 0;
    }
    return Math.floor((nowMs - start) / 1000);
}

/** "2 min 05 s" while the call is answered and live; '' otherwise. */
export function talkTime(card: CallCard | null, nowMs: number): string {
    return card?.live ? formatDuration(talkSeconds(card.answeredAt, nowMs)) : '';
}

type FieldBag = Record<string, { value?: unknown } | null | undefined>;

function fieldText(record: unknown, field: string): string {
    if (typeof record !== 'object' || record === null) {
        return '';
    }
    const fields = (record as { fields?: unknown }).fields;
    if (typeof fields !== 'object' || fields === null) {
        return '';
    }
    const value = (fields as FieldBag)[field]?.value;
    return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * A linked record's name from getRecord data: Name, or a case's "00001026 – Subject"; the object's name when the
 * record could not be read (no access, deleted, still loading).
 */
export function linkLabel(target: LinkTarget, record: unknown): string {
    if (target.objectApiName === 'Case') {
        const caseNumber = fieldText(record, 'CaseNumber');
        const subject = fieldText(record, 'Subject');
        if (caseNumber) {
            return subject ? `${caseNumber} – ${subject}` : caseNumber;
        }
        return subject || target.fallbackLabel;
    }
    return fieldText(record, 'Name') || target.fallbackLabel;
}

/** The page reference of a linked record's page (NavigationMixin). */
export function recordPageReference(target: LinkTarget): { type: string; attributes: Record<string, string> } {
    return {
        type: 'standard__recordPage',
        attributes: { recordId: target.recordId, objectApiName: target.objectApiName, actionName: 'view' }
    };
}

// ---------------------------------------------------------------------------------------------------------------
// The quick note

/** Longest note the phone channel carries (c/diamyPhoneChannel refuses a longer one without an answer). */
export const NOTE_MAX_LENGTH = 32000;
export const SUBJECT_MAX_LENGTH: number = FIELD_LIMITS.followUpSubject;

/** What the agent typed for one call. */
export interface NoteDraft {
    callId: string;
    text: string;
    followUpOn: boolean;
    subject: string;
    /** YYYY-MM-DD ('' for none). */
    dueDate: string;
}

export function emptyDraft(callId: string): NoteDraft {
    return { callId, text: '', followUpOn: false, subject: '', dueDate: '' };
}

/**
 * The draft for the softphone's current call: the same draft while the call is the same (connected → on hold →
 * wrap-up), a new empty one when another call starts (what was typed for the previous call is dropped, never sent
 * to the new one); no call keeps the draft as it is (nothing is shown, nothing is sent).
 */
export function draftForCall(draft: NoteDraft | null, callId: string | null): NoteDraft | null {
    if (callId === null || draft?.callId === callId) {
        return draft;
    }
    return emptyDraft(callId);
}

export type NoteField = 'text' | 'subject' | 'dueDate';

/** A change the form reports (only the field that changed). */
export type DraftChange = { field: 'text' | 'subject' | 'dueDate'; value: string } | { field: 'followUpOn'; value: boolean };

/**
 * The draft after one change: text as typed; ticking the follow-up task fills an empty subject with "Follow up with
 * <party>" and an empty due date with `tomorrow` (as the softphone's wrap-up does).
 */
export function changeDraft(draft: NoteDraft, change: DraftChange, defaults: { party: string; tomorrow: string }): NoteDraft {
    if (change.field === 'followUpOn') {
        const on = change.value === true;
        return {
            ...draft,
            followUpOn: on,
            subject:
                on && draft.subject.trim() === '' && defaults.party
                    ? formatLabel(FOLLOW_UP_DEFAULT, defaults.party)
                    : draft.subject,
            dueDate: on && draft.dueDate === '' ? defaults.tomorrow : draft.dueDate
        };
    }
    return { ...draft, [change.field]: typeof change.value === 'string' ? change.value : '' };
}

export interface NoteProblem {
    field: NoteField;
    message: string;
}

export type FollowUp = { subject: string; dueDate: string };
export type CheckedNote = { ok: true; text: string; followUp: FollowUp | null } | { ok: false; problems: NoteProblem[] };

/**
 * What would be sent, or why not (with the messages to show): an empty note without a follow-up task, a note or a
 * subject longer than the channel carries, and the follow-up task's own checks (c/diamyFollowUp: subject required,
 * due date today or later; `today` is YYYY-MM-DD in the agent's time zone).
 */
export function checkNote(draft: NoteDraft, today: string): CheckedNote {
    const text = draft.text.trim();
    const problems: NoteProblem[] = [];
    if (text === '' && !draft.followUpOn) {
        problems.push({ field: 'text', message: NOTHING_TO_SEND });
    }
    if (text.length > NOTE_MAX_LENGTH) {
        problems.push({ field: 'text', message: formatLabel(NOTE_TOO_LONG, NOTE_MAX_LENGTH) });
    }
    let followUp: FollowUp | null = null;
    if (draft.followUpOn) {
        followUp = { subject: draft.subject.trim(), dueDate: draft.dueDate };
        for (const problem of checkFollowUp(followUp, today)) {
            if (problem.field === 'subject' || problem.field === 'dueDate') {
                problems.push({ field: problem.field, message: problem.message });
            }
        }
        if (followUp.subject.length > SUBJECT_MAX_LENGTH) {
            problems.push({ field: 'subject', message: formatLabel(SUBJECT_TOO_LONG, SUBJECT_MAX_LENGTH) });
        }
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, text, followUp };
}

/**
 * What the agent reads when the softphone did not add the note: our words for what the card knows better (no
 * softphone, the call is over, another tab, not connected); the softphone's own message (a localised label) for a
 * request it could not take or a failure, else ours.
 */
export function refusalMessage(result: Pick<PhoneResult, 'reason' | 'message'>): string {
    const said = typeof result.message === 'string' ? result.message.trim() : '';
    switch (result.reason) {
        case 'no_softphone':
            return REFUSED_NO_SOFTPHONE;
        case 'no_call':
        case 'ready':
            return REFUSED_NO_CALL;
        case 'other_tab':
            return REFUSED_OTHER_TAB;
        case 'offline':
        case 'connecting':
            return REFUSED_OFFLINE;
        case 'invalid_request':
            return said || REFUSED_INVALID;
        default:
            return said || REFUSED_FAILED;
    }
}

export interface SendOutcome {
    /** The draft after the answer: emptied after a success, unchanged after a refusal. */
    draft: NoteDraft | null;
    /** What the agent reads ('' when the answer is about a call no longer on the card). */
    message: string;
    ok: boolean;
}

/**
 * The card after the softphone answered a note sent for `callId`: a success empties the draft and says what was
 * added; a refusal keeps what was typed and says why. An answer for a call that is no longer the card's (another
 * call started meanwhile and its draft replaced this one) changes nothing and says nothing.
 */
export function settleSend(
    draft: NoteDraft | null,
    callId: string,
    sent: { text: string; followUp: FollowUp | null },
    result: PhoneResult
): SendOutcome {
    if (!draft || draft.callId !== callId) {
        return { draft, message: '', ok: result.ok };
    }
    if (!result.ok) {
        return { draft, message: refusalMessage(result), ok: false };
    }
    const message = sent.text && sent.followUp ? SENT_BOTH : sent.followUp ? SENT_FOLLOW_UP : SENT_NOTE;
    return { draft: emptyDraft(callId), message, ok: true };
}
