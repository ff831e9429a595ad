/**
 * Click-to-dial without Apex: which numbers a record offers to call, how each one is shown and what the call is
 * logged against, and what the call button says for the softphone's current availability. Plain functions over the
 * data c-diamy-click-to-dial receives (LDS getRecord of the record, one GraphQL query of the related people, the
 * softphone's view from c/diamyPhoneChannel); the component only wires them to the platform.
 *
 *  - Contact: Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone (App Builder switches), then its Account's
 *    phone; the call is linked to the contact and its account.
 *  - Lead: Phone, MobilePhone; linked to the lead.
 *  - Account: Phone (linked to the account), then its contacts' Phone and MobilePhone by name (linked to the account
 *    and that contact).
 *  - Opportunity: its contact roles' Phone and MobilePhone, primary first (linked to the opportunity, its account and
 *    the role's contact).
 *  - Case: ContactPhone, ContactMobile (linked to the case, its contact and account).
 *
 * Do Not Call (Contact.DoNotCall, Lead.DoNotCall; for Account, Opportunity and Case the related contact's own flag)
 * keeps the number visible with its button disabled and the reason. Empty numbers are skipped; one number reachable
 * through several fields is shown once (same E.164), under its first field.
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument } from 'lightning/graphql';
import { formatPhoneForDisplay, readIncoming } from 'c/diamyPhoneMatch';
import type { RelatedRecords } from 'c/diamyCallRecord';
import type { PhoneResult, SoftphoneView } from 'c/diamyPhoneChannel';
import { formatLabel } from 'c/diamyFormat';
import FIELD_PHONE from '@salesforce/label/c.Diamy_Dial_Field_Phone';
import FIELD_MOBILE from '@salesforce/label/c.Diamy_Dial_Field_Mobile';
import FIELD_HOME from '@salesforce/label/c.Diamy_Dial_Field_Home';
import FIELD_OTHER from '@salesforce/label/c.Diamy_Dial_Field_Other';
import FIELD_ASSISTANT from '@salesforce/label/c.Diamy_Dial_Field_Assistant';
import FIELD_ACCOUNT from '@salesforce/label/c.Diamy_Dial_Field_Account';
import PRIMARY from '@salesforce/label/c.Diamy_Dial_Primary';
import DO_NOT_CALL from '@salesforce/label/c.Diamy_Dial_Do_Not_Call';
import DO_NOT_CALL_BUTTON from '@salesforce/label/c.Diamy_Dial_Do_Not_Call_Button';
import CALL from '@salesforce/label/c.Diamy_Dial_Call';
import CALL_WHO from '@salesforce/label/c.Diamy_Dial_Call_Who';
import STATE_UNKNOWN from '@salesforce/label/c.Diamy_Dial_State_Unknown';
import STATE_NONE from '@salesforce/label/c.Diamy_Dial_State_None';
import STATE_CONNECTING from '@salesforce/label/c.Diamy_Dial_State_Connecting';
import STATE_OFFLINE from '@salesforce/label/c.Diamy_Dial_State_Offline';
import STATE_ON_CALL from '@salesforce/label/c.Diamy_Dial_State_On_Call';
import STATE_OTHER_TAB from '@salesforce/label/c.Diamy_Dial_State_Other_Tab';
import STATE_READY from '@salesforce/label/c.Diamy_Dial_State_Ready';
import REFUSED_NO_SOFTPHONE from '@salesforce/label/c.Diamy_Dial_Refused_No_Softphone';
import REFUSED_CONNECTING from '@salesforce/label/c.Diamy_Dial_Refused_Connecting';
import REFUSED_OFFLINE from '@salesforce/label/c.Diamy_Dial_Refused_Offline';
import REFUSED_ON_CALL from '@salesforce/label/c.Diamy_Dial_Refused_On_Call';
import REFUSED_OTHER_TAB from '@salesforce/label/c.Diamy_Dial_Refused_Other_Tab';
import REFUSED_INVALID_NUMBER from '@salesforce/label/c.Diamy_Dial_Refused_Invalid_Number';
import REFUSED_FAILED from '@salesforce/label/c.Diamy_Dial_Refused_Failed';
import TYPED_REQUIRED from '@salesforce/label/c.Diamy_Dial_Typed_Required';
import TYPED_INVALID from '@salesforce/label/c.Diamy_Dial_Typed_Invalid';

export const DIAL_OBJECTS = ['Contact', 'Account', 'Lead', 'Opportunity', 'Case'] as const;
export type DialObject = (typeof DIAL_OBJECTS)[number];

export function isDialObject(value: unknown): value is DialObject {
    return typeof value === 'string' && (DIAL_OBJECTS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------------
// App Builder switches

/** The component's App Builder properties (names of its .js-meta.xml). */
export interface DialSettings {
    showMobile: boolean;
    showHomePhone: boolean;
    showOtherPhone: boolean;
    showAssistantPhone: boolean;
    showRelatedPhones: boolean;
    maxRelated: number;
}

export const DEFAULT_SETTINGS: Readonly<DialSettings> = {
    showMobile: true,
    showHomePhone: false,
    showOtherPhone: false,
    showAssistantPhone: false,
    showRelatedPhones: true,
    maxRelated: 5
};
export const MIN_RELATED = 1;
export const MAX_RELATED = 20;

/** App Builder passes booleans; a page built by hand or an old page may pass strings or nothing. */
function flag(value: unknown, fallback: boolean): boolean {
    if (typeof value === 'boolean') {
        return value;
    }
    if (value === 'true') {
        return true;
    }
    if (value === 'false') {
        return false;
    }
    return fallback;
}

/** The switches as the component received them, each read defensively; maxRelated kept within 1..20. */
export function dialSettings(input: Partial<Record<keyof DialSettings, unknown>>): DialSettings {
    const rawMax = typeof input.maxRelated === 'string' ? Number(input.maxRelated) : input.maxRelated;
    const max = typeof rawMax === 'number' && Number.isFinite(rawMax) ? Math.trunc(rawMax) : DEFAULT_SETTINGS.maxRelated;
    return {
        showMobile: flag(input.showMobile, DEFAULT_SETTINGS.showMobile),
        showHomePhone: flag(input.showHomePhone, DEFAULT_SETTINGS.showHomePhone),
        showOtherPhone: flag(input.showOtherPhone, DEFAULT_SETTINGS.showOtherPhone),
        showAssistantPhone: flag(input.showAssistantPhone, DEFAULT_SETTINGS.showAssistantPhone),
        showRelatedPhones: flag(input.showRelatedPhones, DEFAULT_SETTINGS.showRelatedPhones),
        maxRelated: Math.min(MAX_RELATED, Math.max(MIN_RELATED, max))
    };
}

// ---------------------------------------------------------------------------------------------------------------
// What to read

interface OwnField {
    field: string;
    label: string;
    shown: (settings: DialSettings) => boolean;
}

const always = (): boolean => true;

const CONTACT_FIELDS: readonly OwnField[] = [
    { field: 'Phone', label: FIELD_PHONE, shown: always },
    { field: 'MobilePhone', label: FIELD_MOBILE, shown: (s) => s.showMobile },
    { field: 'HomePhone', label: FIELD_HOME, shown: (s) => s.showHomePhone },
    { field: 'OtherPhone', label: FIELD_OTHER, shown: (s) => s.showOtherPhone },
    { field: 'AssistantPhone', label: FIELD_ASSISTANT, shown: (s) => s.showAssistantPhone }
];
const LEAD_FIELDS: readonly OwnField[] = [
    { field: 'Phone', label: FIELD_PHONE, shown: always },
    { field: 'MobilePhone', label: FIELD_MOBILE, shown: (s) => s.showMobile }
];

/**
 * The getRecord optionalFields of a record page (optional: a field the agent may not read is left out of the answer,
 * it does not fail the whole record). Only the switched-on fields are asked for.
 */
export function recordFields(object: DialObject, settings: DialSettings): string[] {
    const own = (fields: readonly OwnField[]): string[] => fields.filter((f) => f.shown(settings)).map((f) => `${object}.${f.field}`);
    switch (object) {
        case 'Contact':
            return [
                'Contact.Name',
                'Contact.AccountId',
                'Contact.DoNotCall',
                ...own(CONTACT_FIELDS),
                ...(settings.showRelatedPhones ? ['Contact.Account.Name', 'Contact.Account.Phone'] : [])
            ];
        case 'Lead':
            return ['Lead.Name', 'Lead.DoNotCall', ...own(LEAD_FIELDS)];
        case 'Account':
            return ['Account.Name', 'Account.Phone'];
        case 'Opportunity':
            return ['Opportunity.Name', 'Opportunity.AccountId'];
        default:
            return [
                'Case.CaseNumber',
                'Case.ContactId',
                'Case.AccountId',
                ...(settings.showRelatedPhones ? ['Case.ContactPhone', 'Case.ContactMobile', 'Case.Contact.Name', 'Case.Contact.DoNotCall'] : [])
            ];
    }
}

/** The contact roles of an opportunity with their contact's numbers, the primary contact first. */
export const OPPORTUNITY_ROLES_QUERY: GraphQLDocument = gql`
    query diamyDialOpportunityRoles($recordId: ID, $first: Int) {
        uiapi {
            query {
                OpportunityContactRole(where: { OpportunityId: { eq: $recordId } }, orderBy: { IsPrimary: { order: DESC } }, first: $first) {
                    edges {
                        node {
                            Id
                            IsPrimary { value }
                            Role { value displayValue }
                            ContactId { value }
                            Contact { Name { value } Phone { value } MobilePhone { value } DoNotCall { value } }
                        }
                    }
                }
            }
        }
    }
`;

/** The contacts of an account with their numbers, by name. */
export const ACCOUNT_CONTACTS_QUERY: GraphQLDocument = gql`
    query diamyDialAccountContacts($recordId: ID, $first: Int) {
        uiapi {
            query {
                Contact(where: { AccountId: { eq: $recordId } }, orderBy: { Name: { order: ASC } }, first: $first) {
                    edges {
                        node {
                            Id
                            Name { value }
                            Title { value }
                            Phone { value }
                            MobilePhone { value }
                            DoNotCall { value }
                        }
                    }
                }
            }
        }
    }
`;

export interface RelatedLookup {
    query: GraphQLDocument;
    variables: { recordId: string; first: number };
}

/** The GraphQL query of the related people (Account, Opportunity), or undefined when there is none to make. */
export function relatedLookup(object: DialObject, recordId: string | undefined, settings: DialSettings): RelatedLookup | undefined {
    if (!recordId || !settings.showRelatedPhones) {
        return undefined;
    }
    if (object === 'Opportunity') {
        return { query: OPPORTUNITY_ROLES_QUERY, variables: { recordId, first: settings.maxRelated } };
    }
    if (object === 'Account') {
        return { query: ACCOUNT_CONTACTS_QUERY, variables: { recordId, first: settings.maxRelated } };
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what came back

/** A record as LDS getRecord gives it (spanning fields hold a nested record). */
export interface RecordData {
    id?: string;
    fields?: Record<string, { value: unknown } | undefined>;
}

/** The value at a path of a getRecord answer ('Account.Phone'); undefined when absent (no access, not asked). */
export function recordValue(record: RecordData | undefined, path: string): unknown {
    let current: unknown = record;
    for (const name of path.split('.')) {
        if (typeof current !== 'object' || current === null) {
            return undefined;
        }
        const entry = (current as RecordData).fields?.[name];
        if (!entry || typeof entry !== 'object') {
            return undefined;
        }
        current = entry.value;
    }
    return current;
}

function textAt(record: RecordData | undefined, path: string): string {
    const value = recordValue(record, path);
    return typeof value === 'string' ? value.trim() : '';
}

function idAt(record: RecordData | undefined, path: string): string | null {
    const value = textAt(record, path);
    return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value) ? value : null;
}

interface GraphQLField {
    value?: unknown;
    displayValue?: unknown;
}
function gqlText(node: unknown, field: string): string {
    if (typeof node !== 'object' || node === null) {
        return '';
    }
    const entry = (node as Record<string, unknown>)[field] as GraphQLField | null | undefined;
    if (!entry || typeof entry !== 'object') {
        return '';
    }
    const shown = typeof entry.displayValue === 'string' && entry.displayValue.trim() !== '' ? entry.displayValue : entry.value;
    return typeof shown === 'string' ? shown.trim() : '';
}
function gqlTrue(node: unknown, field: string): boolean {
    if (typeof node !== 'object' || node === null) {
        return false;
    }
    const entry = (node as Record<string, unknown>)[field] as GraphQLField | null | undefined;
    return Boolean(entry && typeof entry === 'object' && entry.value === true);
}
function nodesOf(data: unknown, object: string): unknown[] {
    const query = (data as { uiapi?: { query?: Record<string, { edges?: unknown }> } } | null | undefined)?.uiapi?.query;
    const edges = query?.[object]?.edges;
    if (!Array.isArray(edges)) {
        return [];
    }
    return edges.map((edge: unknown) => (typeof edge === 'object' && edge !== null ? (edge as { node?: unknown }).node : undefined)).filter((node) => typeof node === 'object' && node !== null);
}

// ---------------------------------------------------------------------------------------------------------------
// The list

export interface DialEntry {
    /** Stable and unique within the list (template key, test handle). */
    key: string;
    /** What the number is: the field label for the record's own numbers, "name · role" for a related person. */
    label: string;
    /** The number's kind under a related person's name ("Mobile"), '' for the record's own numbers. */
    detail: string;
    /** Who the call reaches: the name the softphone shows while it rings. */
    name: string;
    /** The number as stored on the record (sent to the softphone). */
    number: string;
    /** The number for the agent's country, or the stored text when it cannot be read as a phone number. */
    display: string;
    /** The records the call is linked to and logged with. */
    related: RelatedRecords;
    /** Why this number must not be called ('' when it may). */
    doNotCall: string;
    /** The accessible name of its call button ("Call Sophie Bernard, mobile"). */
    callLabel: string;
}

/** Why the list is empty, when it is: the component says which. */
export type EmptyReason = 'none' | 'no_contact' | 'no_roles';

export interface DialList {
    entries: DialEntry[];
    empty: EmptyReason | null;
}

interface Candidate {
    label: string;
    detail: string;
    kind: string;
    name: string;
    number: string;
    related: RelatedRecords;
    doNotCall: boolean;
    /** Whose Do Not Call blocks it ('' when the name is unknown). */
    person?: string;
    key: string;
}

function compact(related: RelatedRecords): RelatedRecords {
    const out: RelatedRecords = {};
    for (const [key, value] of Object.entries(related) as [keyof RelatedRecords, string | null | undefined][]) {
        if (value) {
            out[key] = value;
        }
    }
    return out;
}

function spoken(kind: string): string {
    return kind.toLowerCase();
}

/** One number of a candidate, ready to show; duplicates of an E.164 already listed are dropped by the caller. */
function toEntry(candidate: Candidate, country: string): { entry: DialEntry; identity: string } {
    const read = readIncoming(candidate.number, country);
    const display = read.ok ? formatPhoneForDisplay(read.identity.e164, country) : candidate.number;
    const identity = read.ok ? read.identity.e164 : candidate.number.replace(/\s+/g, ' ').toLowerCase();
    const callLabel = candidate.name ? formatLabel(CALL_WHO, candidate.name, spoken(candidate.kind)) : `${CALL} (${spoken(candidate.kind)})`;
    return {
        identity,
        entry: {
            key: candidate.key,
            label: candidate.label,
            detail: candidate.detail,
            name: candidate.name,
            number: candidate.number,
            display,
            related: compact(candidate.related),
            doNotCall: candidate.doNotCall ? formatLabel(DO_NOT_CALL, candidate.person ?? (candidate.name || candidate.label)) : '',
            callLabel
        }
    };
}

function person(name: string, role: string): string {
    return role ? `${name} · ${role}` : name;
}

function contactCandidates(record: RecordData | undefined, recordId: string, settings: DialSettings): Candidate[] {
    const name = textAt(record, 'Name');
    const accountId = idAt(record, 'AccountId');
    const related = { contactId: recordId, accountId };
    const doNotCall = recordValue(record, 'DoNotCall') === true;
    const own: Candidate[] = CONTACT_FIELDS.filter((f) => f.shown(settings)).map((f) => ({
        key: `own-${f.field}`,
        label: f.label,
        detail: '',
        kind: f.label,
        name,
        number: textAt(record, f.field),
        related,
        doNotCall
    }));
    if (settings.showRelatedPhones) {
        const accountName = textAt(record, 'Account.Name');
        // The company's switchboard, called for this person: the person's Do Not Call applies to it too.
        own.push({
            key: 'account-Phone',
            label: accountName || FIELD_ACCOUNT,
            detail: accountName ? FIELD_ACCOUNT : '',
            kind: FIELD_ACCOUNT,
            name: accountName || name,
            number: textAt(record, 'Account.Phone'),
            related,
            doNotCall,
            person: name || FIELD_ACCOUNT
        });
    }
    return own;
}

function leadCandidates(record: RecordData | undefined, recordId: string, settings: DialSettings): Candidate[] {
    const name = textAt(record, 'Name');
    const doNotCall = recordValue(record, 'DoNotCall') === true;
    return LEAD_FIELDS.filter((f) => f.shown(settings)).map((f) => ({
        key: `own-${f.field}`,
        label: f.label,
        detail: '',
        kind: f.label,
        name,
        number: textAt(record, f.field),
        related: { leadId: recordId },
        doNotCall
    }));
}

/** A related contact's Phone and MobilePhone (Account contacts, Opportunity contact roles). */
function personCandidates(node: unknown, contactId: string, role: string, base: RelatedRecords, contact: unknown): Candidate[] {
    const name = gqlText(contact, 'Name');
    const doNotCall = gqlTrue(contact, 'DoNotCall');
    const related = { ...base, contactId };
    return [
        { field: 'Phone', kind: FIELD_PHONE },
        { field: 'MobilePhone', kind: FIELD_MOBILE }
    ].map(({ field, kind }) => ({
        key: `${contactId}-${field}`,
        label: person(name, role),
        detail: kind,
        kind,
        name,
        number: gqlText(contact, field),
        related,
        doNotCall
    }));
}

function accountCandidates(record: RecordData | undefined, recordId: string, settings: DialSettings, relatedData: unknown): Candidate[] {
    const name = textAt(record, 'Name');
    const list: Candidate[] = [
        { key: 'own-Phone', label: FIELD_PHONE, detail: '', kind: FIELD_PHONE, name, number: textAt(record, 'Phone'), related: { accountId: recordId }, doNotCall: false }
    ];
    if (settings.showRelatedPhones) {
        for (const node of nodesOf(relatedData, 'Contact').slice(0, settings.maxRelated)) {
            const contactId = (node as { Id?: unknown }).Id;
            if (typeof contactId === 'string' && contactId !== '') {
                list.push(...personCandidates(node, contactId, gqlText(node, 'Title'), { accountId: recordId }, node));
            }
        }
    }
    return list;
}

function opportunityCandidates(record: RecordData | undefined, recordId: string, settings: DialSettings, relatedData: unknown): Candidate[] {
    if (!settings.showRelatedPhones) {
        return [];
    }
    const accountId = idAt(record, 'AccountId');
    const roles = nodesOf(relatedData, 'OpportunityContactRole')
        .map((node, index) => ({ node, index, primary: gqlTrue(node, 'IsPrimary') }))
        // Primary first whatever order the query kept; otherwise the query's order.
        .sort((a, b) => Number(b.primary) - Number(a.primary) || a.index - b.index)
        .slice(0, settings.maxRelated);
    const list: Candidate[] = [];
    for (const { node, primary } of roles) {
        const contactId = gqlText(node, 'ContactId');
        const contact = (node as { Contact?: unknown }).Contact;
        // A role whose contact the agent may not read comes back without it: nothing to call.
        if (!contactId || typeof contact !== 'object' || contact === null) {
            continue;
        }
        const role = [gqlText(node, 'Role'), primary ? PRIMARY : ''].filter((part) => part !== '').join(', ');
        list.push(...personCandidates(node, contactId, role, { opportunityId: recordId, accountId }, contact));
    }
    return list;
}

function caseCandidates(record: RecordData | undefined, recordId: string, settings: DialSettings): Candidate[] {
    if (!settings.showRelatedPhones) {
        return [];
    }
    const name = textAt(record, 'Contact.Name');
    const related = { caseId: recordId, contactId: idAt(record, 'ContactId'), accountId: idAt(record, 'AccountId') };
    const doNotCall = recordValue(record, 'Contact.DoNotCall') === true;
    return [
        { field: 'ContactPhone', kind: FIELD_PHONE },
        { field: 'ContactMobile', kind: FIELD_MOBILE }
    ].map(({ field, kind }) => ({
        key: `case-${field}`,
        label: name || kind,
        detail: name ? kind : '',
        kind,
        name,
        number: textAt(record, field),
        related,
        doNotCall
    }));
}

const CANDIDATES: Record<DialObject, (record: RecordData | undefined, recordId: string, settings: DialSettings, relatedData: unknown) => Candidate[]> = {
    Contact: contactCandidates,
    Lead: leadCandidates,
    Account: accountCandidates,
    Opportunity: opportunityCandidates,
    Case: caseCandidates
};

export interface DialInput {
    object: DialObject;
    recordId: string;
    record: RecordData | undefined;
    /** The data of the related-people query (Account, Opportunity); undefined while it loads or when it failed. */
    relatedData?: unknown;
    settings: DialSettings;
    /** The agent's country (ISO 3166 alpha-2) for reading and showing numbers. */
    country: string;
}

/** The record's callable numbers, in order, each once; and why there are none when there are none. */
export function dialEntries(input: DialInput): DialList {
    const { object, recordId, record, relatedData, settings, country } = input;
    const candidates = CANDIDATES[object](record, recordId, settings, relatedData);
    const seen = new Set<string>();
    const entries: DialEntry[] = [];
    for (const candidate of candidates) {
        if (candidate.number === '') {
            continue;
        }
        const { entry, identity } = toEntry(candidate, country);
        if (seen.has(identity)) {
            continue;
        }
        seen.add(identity);
        entries.push(entry);
    }
    return { entries, empty: entries.length > 0 ? null : emptyReason(input) };
}

function emptyReason({ object, record, relatedData, settings }: DialInput): EmptyReason {
    if (object === 'Case' && settings.showRelatedPhones && !idAt(record, 'ContactId')) {
        return 'no_contact';
    }
    if (object === 'Opportunity' && settings.showRelatedPhones && relatedData !== undefined && nodesOf(relatedData, 'OpportunityContactRole').length === 0) {
        return 'no_roles';
    }
    return 'none';
}

// ---------------------------------------------------------------------------------------------------------------
// The softphone

export interface ButtonState {
    /** The call buttons may be pressed (a number on Do Not Call stays disabled whatever this says). */
    canCall: boolean;
    /** What the call buttons say. */
    text: string;
    /** What the Home page says of the phone. */
    status: string;
}

const UNAVAILABLE: Record<Exclude<SoftphoneView['availability'], 'ready'>, string> = {
    unknown: STATE_UNKNOWN,
    none: STATE_NONE,
    connecting: STATE_CONNECTING,
    offline: STATE_OFFLINE,
    on_call: STATE_ON_CALL,
    other_tab: STATE_OTHER_TAB
};

/** What the call buttons say for the softphone's view (c/diamyPhoneChannel.SoftphoneLink). */
export function buttonState(view: SoftphoneView): ButtonState {
    if (view.availability === 'ready') {
        return { canCall: true, text: CALL, status: STATE_READY };
    }
    const text = UNAVAILABLE[view.availability];
    return { canCall: false, text, status: text };
}


export const DO_NOT_CALL_TEXT: string = DO_NOT_CALL_BUTTON;

/** How long "Calling …" stays after the softphone accepted a dial request (the softphone then shows the call). */
export const CALLING_NOTICE_MS = 5000;

/** What the agent reads when the softphone refused a dial request: its own message, else ours for the reason. */
export function refusalMessage(result: PhoneResult): string {
    if (result.ok) {
        return '';
    }
    if (result.message && result.message.trim() !== '') {
        return result.message.trim();
    }
    switch (result.reason) {
        case 'no_softphone':
            return REFUSED_NO_SOFTPHONE;
        case 'connecting':
            return REFUSED_CONNECTING;
        case 'offline':
            return REFUSED_OFFLINE;
        case 'on_call':
            return REFUSED_ON_CALL;
        case 'other_tab':
            return REFUSED_OTHER_TAB;
        case 'invalid_number':
            return REFUSED_INVALID_NUMBER;
        default:
            return REFUSED_FAILED;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Home and app pages: a typed number

export type TypedNumber = { ok: true; e164: string; display: string } | { ok: false; message: string };

/** A number typed on a Home or app page, read for the agent's country: its E.164 to dial, or what is wrong. */
export function readTypedNumber(text: string | null | undefined, country: string): TypedNumber {
    const typed = (text ?? '').trim();
    if (typed === '') {
        return { ok: false, message: TYPED_REQUIRED };
    }
    const read = readIncoming(typed, country);
    if (!read.ok) {
        return { ok: false, message: TYPED_INVALID };
    }
    return { ok: true, e164: read.identity.e164, display: formatPhoneForDisplay(read.identity.e164, country) };
}
