/**
 * Caller identification without Apex.
 *
 * Every Contact, Lead and Account phone field has a match-key field kept current in the org by a before-save
 * flow (scripts/lib/phone-key-flows.mjs generates its formulas). A key is coarse on purpose:
 * `<country calling code>|<last 8 digits of the national number>`, e.g. `33|12345678` for 01 23 45 67 89.
 * The browser computes the same key for the incoming number with libphonenumber-js, looks the key up through
 * GraphQL (an indexed External ID filter), then verifies each candidate by parsing the stored text with
 * libphonenumber-js: a coarse key never produces a wrong match.
 *
 * libphonenumber-js and its metadata (c/diamyPhoneLib, about 118 KB minified) are not part of the code the softphone
 * needs to start: this module imports them dynamically, starting as soon as it is evaluated, in parallel with the
 * softphone's connection (docs/PERFORMANCE.md). Until they are loaded, the functions that parse a number answer as if
 * the number could not be read (never a wrong match); `phoneMetadataReady()` resolves when they are loaded, so a
 * caller that ran too early reads again then. The bundle declares the lightning__dynamicComponent capability, which a
 * dynamic import needs on the platform (API 55.0 or later, Lightning Web Security).
 */
import type { PhoneLibrary } from 'c/diamyPhoneLib';

let phoneLibrary: PhoneLibrary | undefined;
let loading: Promise<void> | undefined;

/**
 * Resolves once libphonenumber-js and its metadata are loaded (at once when they already are). Starts loading them if
 * nothing has yet; after a failed load (network), the next call tries again. Rejects when the load fails.
 */
export function phoneMetadataReady(): Promise<void> {
    if (phoneLibrary) {
        return Promise.resolve();
    }
    if (!loading) {
        loading = import('c/diamyPhoneLib').then(
            (loaded) => {
                phoneLibrary = loaded;
            },
            (error: unknown) => {
                loading = undefined;
                throw error;
            }
        );
    }
    return loading;
}

/** True once the phone metadata is loaded: the parsing functions then give their real answers. */
export function isPhoneMetadataLoaded(): boolean {
    return phoneLibrary !== undefined;
}

/** The loaded library, or undefined (and a load started) while it is not there yet. */
function library(): PhoneLibrary | undefined {
    if (!phoneLibrary) {
        phoneMetadataReady().catch(() => undefined); // the next call retries; callers wait with phoneMetadataReady()
    }
    return phoneLibrary;
}

// Fetched now, while the softphone connects, so that the first call finds it loaded.
phoneMetadataReady().catch(() => undefined);

/** Digits of the national significant number kept in a key (must equal KEY_DIGITS of the flow generator). */
export const KEY_DIGITS = 8;
/** National numbers shorter than this are internal extensions or service codes: never matched. */
export const MIN_NATIONAL_DIGITS = 6;
export const MAX_NATIONAL_DIGITS = 15;

/**
 * French overseas departments dialled inside the French plan (0262…, 0690…): +33 with one of these prefixes is
 * the overseas number. Same table as the flow formula.
 */
const FRENCH_OVERSEAS: Readonly<Record<string, string>> = {
    '262': '262', '263': '262', '269': '262', '639': '262', '692': '262', '693': '262',
    '590': '590', '690': '590', '691': '590',
    '594': '594', '694': '594',
    '596': '596', '696': '596', '697': '596'
};

/**
 * After the first digit, any of these starts an extension ("poste 204", "ext. 5", "x12"), a comment or a second
 * number ("06… / 01…"). Same list as the flow formula.
 */
const STOP_CHARACTERS = /[a-zéèêàâçôûîïü#;,*]| \/|\/ /;
const WITHHELD_WORDS = /^(anonymous|anonyme|withheld|private|privé|prive|restricted|unknown|inconnu|masqué|masque|unavailable)$/;

export type NotMatchableReason = 'withheld' | 'internal' | 'not-a-number';

/** A number reduced to what matching compares: calling code and national significant number. */
export interface PhoneIdentity {
    callingCode: string;
    nationalNumber: string;
    /** `+<callingCode><nationalNumber>` */
    e164: string;
    key: string;
}

export type IncomingNumber = { ok: true; identity: PhoneIdentity } | { ok: false; reason: NotMatchableReason };

function identityOf(callingCode: string, nationalNumber: string): PhoneIdentity | undefined {
    let code = callingCode;
    const overseas = FRENCH_OVERSEAS[nationalNumber.slice(0, 3)];
    if (code === '33' && nationalNumber.length === 9 && overseas !== undefined) {
        code = overseas;
    }
    if (nationalNumber.length < MIN_NATIONAL_DIGITS || nationalNumber.length > MAX_NATIONAL_DIGITS) {
        return undefined;
    }
    return {
        callingCode: code,
        nationalNumber,
        e164: `+${code}${nationalNumber}`,
        key: `${code}|${nationalNumber.slice(-KEY_DIGITS)}`
    };
}

/**
 * The part of a free-text phone value that is the number: from the first digit or "+", up to the first letter
 * or list separator; "00" (and "011" for North America) written as "+". Same rules as the flow formula.
 */
export function numberPart(text: string, callingCode?: string): string {
    const lower = text.toLowerCase();
    const start = lower.search(/[+0-9]/);
    if (start < 0) {
        return '';
    }
    const from = lower.slice(start);
    const stop = from.search(STOP_CHARACTERS);
    // Every kind of space (libphonenumber-js refuses U+202F narrow no-break spaces) becomes a plain space.
    const cut = (stop < 0 ? from : from.slice(0, stop)).replace(/\s+/g, ' ').trim();
    const compact = cut.replace(/[\s().\-/[\]:_'\u2019]/g, '');
    // The prefix is looked for without separators, as the flow formula does: its digits may be written apart
    // ("0 0 33…", "0-11 1…"), and only separators stand between them.
    if (compact.startsWith('00')) {
        return withPlus(cut, /^0\D*0\D*/);
    }
    if (callingCode === '1' && compact.startsWith('011')) {
        return withPlus(cut, /^0\D*1\D*1\D*/);
    }
    return cut;
}

/** The number with its international prefix (prefix: the prefix and the separators after it) written as "+". */
function withPlus(cut: string, prefix: RegExp): string {
    return `+${cut.replace(prefix, '')}`;
}

/**
 * The incoming number as matching sees it. Diamy delivers E.164; a national number is read in defaultCountry.
 * Withheld callers, short internal extensions and text that is no phone number are not matchable.
 */
export function readIncoming(raw: string | null | undefined, defaultCountry = 'FR'): IncomingNumber {
    const text = (raw ?? '').trim();
    if (text === '' || WITHHELD_WORDS.test(text.toLowerCase()) || !/[0-9]/.test(text)) {
        return { ok: false, reason: 'withheld' };
    }
    const part = numberPart(text);
    const digits = part.replace(/\D/g, '');
    if (!part.startsWith('+') && digits.length < MIN_NATIONAL_DIGITS) {
        return { ok: false, reason: 'internal' };
    }
    const lib = library();
    if (!lib) {
        return { ok: false, reason: 'not-a-number' };
    }
    const country = defaultCountry.toUpperCase();
    const parsed = lib.parsePhoneNumberFromString(part, lib.isSupportedCountry(country) ? country : 'FR');
    if (!parsed || !parsed.isPossible()) {
        return { ok: false, reason: 'not-a-number' };
    }
    const identity = identityOf(parsed.countryCallingCode, parsed.nationalNumber);
    return identity ? { ok: true, identity } : { ok: false, reason: 'internal' };
}

/**
 * Reads a stored free-text value the way verification does: national numbers belong to the calling code the org
 * put in the record's key (so the browser never needs the org's default country).
 */
export function readStored(text: string | null | undefined, keyCallingCode: string): PhoneIdentity | undefined {
    if (!text) {
        return undefined;
    }
    const part = numberPart(text, keyCallingCode);
    const lib = library();
    if (part === '' || !lib) {
        return undefined;
    }
    const parsed = lib.parsePhoneNumberFromString(part, { defaultCallingCode: keyCallingCode });
    return parsed ? identityOf(parsed.countryCallingCode, parsed.nationalNumber) : undefined;
}

/** The calling code part of a key ("33|12345678" → "33"), or '' for a malformed key. */
export function callingCodeOfKey(key: string | null | undefined): string {
    const match = /^(\d{1,3})\|\d+$/.exec(key ?? '');
    return match?.[1] ?? '';
}

/**
 * The verification step: does a stored value whose org key equals the incoming key really hold the incoming
 * number? Compares calling code and complete national number.
 */
export function verifyStored(incoming: PhoneIdentity, storedText: string | null | undefined, storedKey: string | null | undefined): boolean {
    if (!storedKey || storedKey !== incoming.key) {
        return false;
    }
    const stored = readStored(storedText, callingCodeOfKey(storedKey));
    return stored !== undefined && stored.e164 === incoming.e164;
}

/** Variables of the candidate lookup (diamyCallerLookup's query): the keys to look for. */
export function lookupVariables(incoming: PhoneIdentity): { keys: string[] } {
    return { keys: [incoming.key] };
}

/** E.164 forms of the org's own numbers (Diamy lines, switchboards), for quick membership tests. */
export function ownNumberSet(numbers: readonly string[], defaultCountry = 'FR'): Set<string> {
    const set = new Set<string>();
    for (const number of numbers) {
        const read = readIncoming(number, defaultCountry);
        if (read.ok) {
            set.add(read.identity.e164);
        }
    }
    return set;
}

// ---------------------------------------------------------------------------------------------------------------
// Showing a number to the agent.

/** Regions dialled inside the French numbering plan (0 + 9 digits): mainland France and the overseas departments. */
const FRENCH_PLAN: ReadonlySet<string> = new Set(['FR', 'RE', 'YT', 'GP', 'BL', 'MF', 'GF', 'MQ']);

function sameNumberingPlan(numberCountry: string, agentCountry: string): boolean {
    return numberCountry === agentCountry || (FRENCH_PLAN.has(numberCountry) && FRENCH_PLAN.has(agentCountry));
}

/**
 * A number as the agent reads it: the national format when it belongs to the agent's country (`+33612345678` →
 * `06 12 34 56 78` for a French agent; the French overseas departments count as France, as they are dialled from
 * it), the international format otherwise (`+32 470 12 34 56`). Anything that is not an E.164 number it can read
 * (withheld, an extension, text) comes back unchanged, and so does everything while the phone metadata is not loaded
 * yet: render again when `phoneMetadataReady()` resolves. agentCountry: ISO 3166 alpha-2 code, any case.
 */
export function formatPhoneForDisplay(e164: string, agentCountry: string): string {
    const text = e164.trim();
    const lib = library();
    if (!lib || !/^\+\d{4,15}$/.test(text)) {
        return e164;
    }
    const parsed = lib.parsePhoneNumberFromString(text);
    if (!parsed || !parsed.isPossible()) {
        return e164;
    }
    const country = agentCountry.trim().toUpperCase();
    return parsed.country && sameNumberingPlan(parsed.country, country) ? parsed.formatNational() : parsed.formatInternational();
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking the verified candidates into a screen pop.

export type MatchObject = 'Contact' | 'Lead' | 'Account';

/** The phone fields of each object that carry a key, with their key field (same list as the flows). */
export const PHONE_KEY_FIELDS: Readonly<Record<MatchObject, readonly { field: string; key: string }[]>> = {
    Contact: [
        { field: 'Phone', key: 'Diamy_Phone_Key__c' },
        { field: 'MobilePhone', key: 'Diamy_Mobile_Key__c' },
        { field: 'HomePhone', key: 'Diamy_Home_Phone_Key__c' },
        { field: 'OtherPhone', key: 'Diamy_Other_Phone_Key__c' },
        { field: 'AssistantPhone', key: 'Diamy_Assistant_Phone_Key__c' }
    ],
    Lead: [
        { field: 'Phone', key: 'Diamy_Phone_Key__c' },
        { field: 'MobilePhone', key: 'Diamy_Mobile_Key__c' }
    ],
    Account: [{ field: 'Phone', key: 'Diamy_Phone_Key__c' }]
};

const OBJECT_PRIORITY: readonly MatchObject[] = ['Contact', 'Lead', 'Account'];

/** A UI API GraphQL field value. */
export interface GraphQLValue<T> {
    value: T | null;
}
/** A candidate record as the lookup query returns it (only the fields ranking reads are typed). */
export interface CandidateNode {
    Id: string;
    Name?: GraphQLValue<string>;
    AccountId?: GraphQLValue<string>;
    Account?: { Name?: GraphQLValue<string> } | null;
    LastActivityDate?: GraphQLValue<string>;
    LastModifiedDate?: GraphQLValue<string>;
    [field: string]: unknown;
}
interface Connection {
    edges?: readonly { node: CandidateNode }[];
}
/** The `data` of the candidate lookup query. */
export interface CandidateQueryData {
    uiapi?: { query?: Partial<Record<MatchObject, Connection>> };
}

export interface RankedMatch {
    recordId: string;
    objectApiName: MatchObject;
    name: string;
    accountId: string | null;
    accountName: string | null;
    /** The phone field that holds the incoming number (Phone, MobilePhone…). */
    matchedFields: string[];
    /** ISO date of the last activity, else of the last modification: orders records of the same object. */
    lastActive: string | null;
}

export type MatchDecision =
    | { kind: 'not-matchable'; reason: NotMatchableReason | 'own-number' }
    | { kind: 'no-match'; e164: string }
    /** One record to pop; `switchboard` when the number is a company's main line shared by its contacts. */
    | { kind: 'single'; match: RankedMatch; switchboard: boolean; ranked: RankedMatch[] }
    /** Several records of the best object type: the agent picks (ranked: best first). */
    | { kind: 'choose'; ranked: RankedMatch[] };

function textOf(node: CandidateNode, field: string): string | null {
    const entry = node[field] as GraphQLValue<unknown> | undefined | null;
    return entry && typeof entry.value === 'string' ? entry.value : null;
}

function verifiedFields(object: MatchObject, node: CandidateNode, incoming: PhoneIdentity, own: ReadonlySet<string>): string[] {
    const fields: string[] = [];
    for (const { field, key } of PHONE_KEY_FIELDS[object]) {
        const storedKey = textOf(node, key);
        if (verifyStored(incoming, textOf(node, field), storedKey) && !own.has(incoming.e164)) {
            fields.push(field);
        }
    }
    return fields;
}

function byRecency(a: RankedMatch, b: RankedMatch): number {
    return (b.lastActive ?? '').localeCompare(a.lastActive ?? '') || a.name.localeCompare(b.name);
}

export interface RankOptions {
    /** E.164 numbers of the org itself (Diamy lines, switchboards): never a customer. See ownNumberSet. */
    ownNumbers?: ReadonlySet<string>;
}

/**
 * Turns the lookup results into a screen-pop decision: verified matches only; Contact > Lead > Account, then most
 * recently active; a number shared by an Account (its Phone) and contacts of that Account through their Phone
 * field, or by several contacts of one Account, is a switchboard and pops the Account (never every contact).
 */
export function rankCandidates(incoming: IncomingNumber, data: CandidateQueryData | undefined, options: RankOptions = {}): MatchDecision {
    if (!incoming.ok) {
        return { kind: 'not-matchable', reason: incoming.reason };
    }
    const identity = incoming.identity;
    const own = options.ownNumbers ?? new Set<string>();
    if (own.has(identity.e164)) {
        return { kind: 'not-matchable', reason: 'own-number' };
    }
    const matches: RankedMatch[] = [];
    for (const object of OBJECT_PRIORITY) {
        for (const edge of data?.uiapi?.query?.[object]?.edges ?? []) {
            const node = edge.node;
            const matchedFields = verifiedFields(object, node, identity, own);
            if (matchedFields.length === 0) {
                continue;
            }
            const accountId = object === 'Contact' ? textOf(node, 'AccountId') : object === 'Account' ? node.Id : null;
            matches.push({
                recordId: node.Id,
                objectApiName: object,
                name: textOf(node, 'Name') ?? '',
                accountId,
                accountName: object === 'Account' ? textOf(node, 'Name') : (node.Account?.Name?.value ?? null),
                matchedFields,
                lastActive: textOf(node, 'LastActivityDate') ?? textOf(node, 'LastModifiedDate')
            });
        }
    }
    if (matches.length === 0) {
        return { kind: 'no-match', e164: identity.e164 };
    }
    const switchboard = findSwitchboard(matches);
    const personal = switchboard
        ? matches.filter((m) => !(m.objectApiName === 'Contact' && m.accountId === switchboard.recordId && isSharedLineOnly(m)))
        : matches;
    const contacts = personal.filter((m) => m.objectApiName === 'Contact');
    if (switchboard && contacts.length === 0) {
        const ranked = [switchboard, ...personal.filter((m) => m.recordId !== switchboard.recordId).sort(byRecency)];
        return { kind: 'single', match: switchboard, switchboard: true, ranked };
    }
    const ranked = OBJECT_PRIORITY.flatMap((object) => personal.filter((m) => m.objectApiName === object).sort(byRecency));
    const best = ranked[0] as RankedMatch;
    const sameTier = ranked.filter((m) => m.objectApiName === best.objectApiName);
    return sameTier.length === 1 ? { kind: 'single', match: best, switchboard: false, ranked } : { kind: 'choose', ranked };
}

function isSharedLineOnly(match: RankedMatch): boolean {
    return match.matchedFields.every((field) => field === 'Phone' || field === 'OtherPhone');
}

/**
 * The Account whose main line the incoming number is: an Account matched on its Phone, or the Account of several
 * contacts matched only on their business Phone. Undefined when there is none or when it is ambiguous.
 */
function findSwitchboard(matches: readonly RankedMatch[]): RankedMatch | undefined {
    const sharedContacts = matches.filter((m) => m.objectApiName === 'Contact' && m.accountId && isSharedLineOnly(m));
    const accounts = matches.filter((m) => m.objectApiName === 'Account');
    const withContacts = accounts.filter((a) => sharedContacts.some((c) => c.accountId === a.recordId));
    if (withContacts.length === 1) {
        return withContacts[0];
    }
    if (accounts.length > 0) {
        return undefined;
    }
    const byAccount = new Map<string, RankedMatch[]>();
    for (const contact of sharedContacts) {
        const list = byAccount.get(contact.accountId as string) ?? [];
        list.push(contact);
        byAccount.set(contact.accountId as string, list);
    }
    const shared = [...byAccount.entries()].filter(([, list]) => list.length >= 2);
    if (shared.length !== 1) {
        return undefined;
    }
    const [accountId, list] = shared[0] as [string, RankedMatch[]];
    const newest = [...list].sort(byRecency)[0] as RankedMatch;
    return {
        recordId: accountId,
        objectApiName: 'Account',
        name: newest.accountName ?? '',
        accountId,
        accountName: newest.accountName,
        matchedFields: ['Phone'],
        lastActive: newest.lastActive
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Org settings as the browser reads them: custom settings are not readable by LDS/GraphQL, so the User formula
// fields Diamy_Default_Country__c and Diamy_Own_Numbers__c ($Setup.Diamy_Settings__c…) expose them; read them with
// getRecord({ recordId: <current user id>, fields: MATCH_SETTINGS_FIELDS }).

export const MATCH_SETTINGS_FIELDS = ['User.Diamy_Default_Country__c', 'User.Diamy_Own_Numbers__c'] as const;

export interface MatchSettings {
    defaultCountry: string;
    ownNumbers: Set<string>;
}

/**
 * Settings from the current user's record (getRecord data: `{ fields: { Name: { value } } }`); FR and no own
 * numbers when the fields are missing. Own numbers are separated by commas, semicolons or line breaks.
 */
export function matchSettingsFromUser(record: { fields?: Record<string, { value: unknown } | undefined> } | undefined): MatchSettings {
    const country = record?.fields?.Diamy_Default_Country__c?.value;
    const own = record?.fields?.Diamy_Own_Numbers__c?.value;
    const defaultCountry = typeof country === 'string' && /^[A-Za-z]{2}$/.test(country.trim()) ? country.trim().toUpperCase() : 'FR';
    const numbers = typeof own === 'string' ? own.split(/[,;\n]+/).map((n) => n.trim()).filter((n) => n !== '') : [];
    return { defaultCountry, ownNumbers: ownNumberSet(numbers, defaultCountry) };
}
