/**
 * Working a call list (a Campaign with Diamy_Call_List__c) from the softphone: the GraphQL documents and readers of
 * lists and members (with what the calling rules count for each person); which member comes next; the conditional claim (LDS updateRecord with
 * ifUnmodifiedSince, backed in the org by the validation rule Diamy_Claim_Held on CampaignMember); skip, reschedule,
 * release. The member's result is not written here: the flow Diamy_Call_List_Result maps the call's disposition to
 * the member once the call is logged with Campaign__c and Campaign_Member_Id__c (docs/CALL-LISTS.md).
 * Plain functions and one class over a port, so that jest drives every branch without a component.
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';
import type { RecordUpdateInput } from 'lightning/uiRecordApi';
import { describeFailure } from 'c/diamyFailure';
import type { Failure } from 'c/diamyFailure';

/** A claim older than this is stale: another agent may take the member (same figure and boundary as the validation rule). */
export const CLAIM_STALE_MS = 10 * 60 * 1000;
/** Members read per list page: the next member is among the first of the list's order. */
export const MEMBER_PAGE = 50;
/**
 * How often a panel with nobody left to call reads its list again (colleagues' results, skips and released claims reach
 * it only through the org). An object so that a test can shorten it.
 */
export const PANEL_TIMING = { emptyRecheckMs: 15_000 };

export type Audience = 'Consumer' | 'Business';

/** The packaged headless flow that gives the org's calling rules (Diamy_Calling_Rule__mdt) as text lines. */
export const RULES_FLOW = 'Diamy_Call_List_Rules';

/** A label with {0}, {1}… filled in. */
export function formatLabel(label: string, ...values: string[]): string {
    return label.replace(/\{(\d+)\}/g, (whole, index: string) => values[Number(index)] ?? whole);
}

/**
 * The country (ISO alpha-2) of a number's calling code: France and its overseas departments, whose calling rules
 * differ by time zone and holidays (+262 is both La Réunion and Mayotte: Mayotte's numbers start 269 or 639).
 * null for other calling codes: the address or the default country decides.
 */
export function countryOfCallingCode(callingCode: string, nationalNumber: string): string | null {
    switch (callingCode) {
        case '33':
            return 'FR';
        case '262':
            return /^(269|639)/.test(nationalNumber) ? 'YT' : 'RE';
        case '590':
            return 'GP';
        case '596':
            return 'MQ';
        case '594':
            return 'GF';
        default:
            return null;
    }
}

export interface CallList {
    id: string;
    name: string;
    audience: Audience;
    /** Power mode's pause between a wrap-up and the next call. */
    pauseSeconds: number;
    /** The list's calls are about customers' current contracts (L.223-1 exception). */
    contractCalls: boolean;
}

export interface Person {
    id: string;
    object: 'Contact' | 'Lead';
    name: string;
    company: string;
    phone: string;
    mobile: string;
    doNotCall: boolean;
    /** The address's country as stored (a name or a code). */
    country: string;
    consentAt: number | null;
    consentSource: string;
    consentProof: string;
    consentWithdrawnAt: number | null;
    currentContract: boolean;
    /** Start times of the person's last calls from call lists, any agent's (Diamy_Prospecting_Calls__c, by the flow). */
    listCalls: number[];
    /** The person's last refusal of list calls (Diamy_Prospecting_Refused_At__c, by the flow). */
    refusedAt: number | null;
}

export interface Member {
    id: string;
    campaignId: string;
    /** LastModifiedDate as read (ISO): the claim's precondition. */
    lastModified: string;
    status: string;
    audience: Audience | null;
    assignedAgentId: string | null;
    claimedById: string | null;
    claimedAt: number | null;
    nextCallAt: number | null;
    attempts: number;
    lastCallAt: number | null;
    lastResult: string;
    lastResultLabel: string;
    lastNotes: string;
    person: Person | null;
}

export interface MembersPage {
    members: Member[];
    /** Members not done (the whole list, not only this page). */
    remaining: number;
    done: number;
}

export interface RecentCall {
    startedAt: number;
    disposition: string | null;
    /** Placed from a call list (Campaign__c set): a prospecting call the attempt limit counts. */
    fromList: boolean;
}

// ------------------------------------------------------------------------------------------------ documents

export const LISTS_QUERY: GraphQLDocument = gql`
    query diamyCallLists {
        uiapi {
            query {
                Campaign(where: { and: [{ Diamy_Call_List__c: { eq: true } }, { IsActive: { eq: true } }] }, orderBy: { Name: { order: ASC } }, first: 50) {
                    edges { node { Id Name { value } Diamy_Audience__c { value } Diamy_Power_Pause_Seconds__c { value } Diamy_Contract_Calls__c { value } } }
                }
            }
        }
    }
`;

const PERSON_FIELDS = `Name { value } Phone { value } MobilePhone { value } DoNotCall { value } Diamy_Phone_Consent_At__c { value } Diamy_Phone_Consent_Source__c { value } Diamy_Phone_Consent_Proof__c { value } Diamy_Phone_Consent_Withdrawn_At__c { value } Diamy_Current_Contract__c { value } Diamy_Prospecting_Calls__c { value } Diamy_Prospecting_Refused_At__c { value }`;

/** The list's members not done, in working order (never skipped first, never called first, oldest first), and counts. */
export const MEMBERS_QUERY: GraphQLDocument = gql`
    query diamyCallListMembers($campaignId: ID, $first: Int) {
        uiapi {
            query {
                remaining: CampaignMember(
                    where: { and: [{ CampaignId: { eq: $campaignId } }, { Diamy_Done__c: { eq: false } }] }
                    orderBy: { Diamy_Skipped_At__c: { order: ASC, nulls: FIRST }, Diamy_Last_Call_At__c: { order: ASC, nulls: FIRST }, CreatedDate: { order: ASC } }
                    first: $first
                ) {
                    totalCount
                    edges {
                        node {
                            Id
                            CampaignId { value }
                            LastModifiedDate { value }
                            Status { value displayValue }
                            Diamy_Audience__c { value }
                            Diamy_Assigned_Agent__c { value }
                            Diamy_Claimed_By__c { value }
                            Diamy_Claimed_At__c { value }
                            Diamy_Next_Call_At__c { value }
                            Diamy_Attempts__c { value }
                            Diamy_Last_Call_At__c { value }
                            Diamy_Last_Result__c { value }
                            Diamy_Last_Call__r { Notes__c { value } Disposition__c { value displayValue } }
                            ContactId { value }
                            LeadId { value }
                            Contact { ${PERSON_FIELDS} MailingCountry { value } Account { Name { value } } }
                            Lead { ${PERSON_FIELDS} Country { value } Company { value } }
                        }
                    }
                }
                done: CampaignMember(where: { and: [{ CampaignId: { eq: $campaignId } }, { Diamy_Done__c: { eq: true } }] }, first: 1) {
                    totalCount
                }
            }
        }
    }
`;

export function membersVariables(campaignId: string): { campaignId: string; first: number } {
    return { campaignId, first: MEMBER_PAGE };
}

// ------------------------------------------------------------------------------------------------ readers

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function valueAt(node: Record<string, unknown>, field: string): unknown {
    const cell = node[field];
    return isRecord(cell) ? cell.value : undefined;
}
function textAt(node: Record<string, unknown>, field: string): string {
    const value = valueAt(node, field);
    return typeof value === 'string' ? value : '';
}
function idAt(node: Record<string, unknown>, field: string): string | null {
    const value = valueAt(node, field);
    return typeof value === 'string' && ID.test(value) ? value : null;
}
function timeAt(node: Record<string, unknown>, field: string): number | null {
    const value = valueAt(node, field);
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
}
function audienceOf(value: unknown): Audience | null {
    return value === 'Consumer' || value === 'Business' ? value : null;
}

function nodesOf(connection: unknown): Record<string, unknown>[] {
    const edges = isRecord(connection) && Array.isArray(connection.edges) ? (connection.edges as unknown[]) : [];
    return edges.map((edge) => (isRecord(edge) ? edge.node : undefined)).filter((node): node is Record<string, unknown> => isRecord(node) && typeof node.Id === 'string' && ID.test(node.Id));
}

function queryOf(data: unknown): Record<string, unknown> | null {
    const uiapi = isRecord(data) ? data.uiapi : undefined;
    const query = isRecord(uiapi) ? uiapi.query : undefined;
    return isRecord(query) ? query : null;
}

/** The active call lists the user can read (campaign sharing decides), or null when the answer is not one. */
export function readLists(data: unknown): CallList[] | null {
    const query = queryOf(data);
    if (!query || !isRecord(query.Campaign)) {
        return null;
    }
    return nodesOf(query.Campaign).map((node) => {
        const pause = valueAt(node, 'Diamy_Power_Pause_Seconds__c');
        return {
            id: node.Id as string,
            name: textAt(node, 'Name'),
            audience: audienceOf(valueAt(node, 'Diamy_Audience__c')) ?? 'Consumer',
            pauseSeconds: typeof pause === 'number' && pause >= 3 && pause <= 300 ? Math.round(pause) : 10,
            contractCalls: valueAt(node, 'Diamy_Contract_Calls__c') === true
        };
    });
}

function readPerson(node: Record<string, unknown>, object: 'Contact' | 'Lead', id: string): Person | null {
    const person = node[object];
    if (!isRecord(person)) {
        return null;
    }
    const account = isRecord(person.Account) ? textAt(person.Account, 'Name') : '';
    return {
        id,
        object,
        name: textAt(person, 'Name'),
        company: object === 'Contact' ? account : textAt(person, 'Company'),
        phone: textAt(person, 'Phone'),
        mobile: textAt(person, 'MobilePhone'),
        doNotCall: valueAt(person, 'DoNotCall') === true,
        country: textAt(person, object === 'Contact' ? 'MailingCountry' : 'Country'),
        consentAt: timeAt(person, 'Diamy_Phone_Consent_At__c'),
        consentSource: textAt(person, 'Diamy_Phone_Consent_Source__c'),
        consentProof: textAt(person, 'Diamy_Phone_Consent_Proof__c'),
        consentWithdrawnAt: timeAt(person, 'Diamy_Phone_Consent_Withdrawn_At__c'),
        currentContract: valueAt(person, 'Diamy_Current_Contract__c') === true,
        listCalls: readCallTimes(textAt(person, 'Diamy_Prospecting_Calls__c')),
        refusedAt: timeAt(person, 'Diamy_Prospecting_Refused_At__c')
    };
}

function readMember(node: Record<string, unknown>): Member | null {
    const campaignId = idAt(node, 'CampaignId');
    const lastModified = textAt(node, 'LastModifiedDate');
    if (!campaignId || lastModified === '') {
        return null;
    }
    const contactId = idAt(node, 'ContactId');
    const leadId = idAt(node, 'LeadId');
    const person = contactId ? readPerson(node, 'Contact', contactId) : leadId ? readPerson(node, 'Lead', leadId) : null;
    const lastCall = isRecord(node.Diamy_Last_Call__r) ? node.Diamy_Last_Call__r : {};
    const disposition = isRecord(lastCall.Disposition__c) ? lastCall.Disposition__c : {};
    const status = isRecord(node.Status) ? node.Status : {};
    const attempts = valueAt(node, 'Diamy_Attempts__c');
    return {
        id: node.Id as string,
        campaignId,
        lastModified,
        status: typeof status.displayValue === 'string' ? status.displayValue : textAt(node, 'Status'),
        audience: audienceOf(valueAt(node, 'Diamy_Audience__c')),
        assignedAgentId: idAt(node, 'Diamy_Assigned_Agent__c'),
        claimedById: idAt(node, 'Diamy_Claimed_By__c'),
        claimedAt: timeAt(node, 'Diamy_Claimed_At__c'),
        nextCallAt: timeAt(node, 'Diamy_Next_Call_At__c'),
        attempts: typeof attempts === 'number' && attempts > 0 ? Math.floor(attempts) : 0,
        lastCallAt: timeAt(node, 'Diamy_Last_Call_At__c'),
        lastResult: textAt(node, 'Diamy_Last_Result__c'),
        lastResultLabel: typeof disposition.displayValue === 'string' ? disposition.displayValue : textAt(node, 'Diamy_Last_Result__c'),
        lastNotes: textAt(lastCall, 'Notes__c'),
        person
    };
}

/** The members query's answer (members in the query's order), or null when it is not one. */
export function readMembers(data: unknown): MembersPage | null {
    const query = queryOf(data);
    const remaining = query ? query.remaining : undefined;
    const done = query ? query.done : undefined;
    if (!isRecord(remaining) || typeof remaining.totalCount !== 'number' || !isRecord(done) || typeof done.totalCount !== 'number') {
        return null;
    }
    const members = nodesOf(remaining)
        .map(readMember)
        .filter((member): member is Member => member !== null);
    return { members, remaining: remaining.totalCount, done: done.totalCount };
}

/**
 * The start times the flow keeps in Diamy_Prospecting_Calls__c: flow TEXT() of date/times ("2027-03-03 10:30:00Z",
 * UTC) or ISO 8601, separated by ";", newest first. Unreadable entries are left out.
 */
export function readCallTimes(text: string): number[] {
    return text
        .split(';')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .map((entry) => Date.parse(/^\d{4}-\d{2}-\d{2} /.test(entry) ? entry.replace(' ', 'T') : entry))
        .filter((ms) => !Number.isNaN(ms));
}

/**
 * What the calling rules count for a person: every agent's calls from call lists (attempt limit) and the last
 * refusal (cooldown), from the fields the flow Diamy_Call_List_Result writes in system context — a query of the
 * person's Diamy calls would see only the calls this agent may read (Diamy calls are private).
 */
export function personHistory(person: Person): RecentCall[] {
    const calls: RecentCall[] = person.listCalls.map((startedAt) => ({ startedAt, disposition: null, fromList: true }));
    if (person.refusedAt !== null) {
        calls.push({ startedAt: person.refusedAt, disposition: 'Refused', fromList: false });
    }
    return calls;
}

// ------------------------------------------------------------------------------------------------ members

export type PassReason = 'do_not_call' | 'no_number' | 'no_person' | 'not_due' | 'claimed' | 'claimed_elsewhere' | 'assigned_other' | 'taken';

/** The number the list calls: the phone, else the mobile. */
export function memberNumber(member: Member): string {
    const person = member.person;
    return person ? (person.phone.trim() || person.mobile.trim()) : '';
}

export function memberAudience(member: Member, list: CallList): Audience {
    return member.audience ?? list.audience;
}

function claimFresh(member: Member, now: number): boolean {
    // Held up to and including 10 minutes, as the validation rule Diamy_Claim_Held holds it.
    return member.claimedAt !== null && now - member.claimedAt <= CLAIM_STALE_MS;
}

/**
 * Members this panel called, with their attempts then: such a member is kept out while its call's result is on its
 * way (the flow Diamy_Call_List_Result adds the attempt and releases the claim), never offered twice. It is forgotten,
 * and offered by the usual rules, once the org recorded the result (other attempts) or once it is no longer this
 * user's fresh claim (released, or stale after CLAIM_STALE_MS): a call whose result never comes (answered and wrapped
 * up without a disposition, a failed flow) leaves the member back on the list after 10 minutes, as for colleagues.
 */
export class CalledMembers {
    private readonly attempts = new Map<string, number>();

    remember(member: Member): void {
        this.attempts.set(member.id, member.attempts);
    }

    forget(memberId: string): void {
        this.attempts.delete(memberId);
    }

    /** The members that may be offered, of those read now; the called members whose wait is over are forgotten. */
    offerable(members: Member[], userId: string, now: number): Member[] {
        return members.filter((member) => {
            const attempts = this.attempts.get(member.id);
            if (attempts === undefined) {
                return true;
            }
            if (attempts === member.attempts && member.claimedById === userId && claimFresh(member, now)) {
                return false;
            }
            this.attempts.delete(member.id);
            return true;
        });
    }
}

/**
 * What keeps a member from being offered before the law is even asked: nobody to call, Do Not Call, not due yet,
 * another agent's fresh claim, this agent's fresh claim held elsewhere (another tab: `holding` is the member this
 * panel holds), assigned to another agent. null when it may be offered.
 */
export function passReason(member: Member, userId: string, now: number, holding: string | null = null): { reason: PassReason; until?: number } | null {
    if (!member.person) {
        return { reason: 'no_person' };
    }
    if (member.assignedAgentId !== null && member.assignedAgentId !== userId) {
        return { reason: 'assigned_other' };
    }
    if (member.claimedById !== null && claimFresh(member, now)) {
        if (member.claimedById !== userId) {
            return { reason: 'claimed', until: (member.claimedAt as number) + CLAIM_STALE_MS };
        }
        // The claim is per user, not per tab: this agent's fresh claim that this panel does not hold is another tab's
        // (or a call still running from before a reload). Never offered twice: it waits like a colleague's.
        if (member.id !== holding) {
            return { reason: 'claimed_elsewhere', until: (member.claimedAt as number) + CLAIM_STALE_MS };
        }
    }
    if (member.person.doNotCall) {
        return { reason: 'do_not_call' };
    }
    if (memberNumber(member) === '') {
        return { reason: 'no_number' };
    }
    if (member.nextCallAt !== null && member.nextCallAt > now) {
        return { reason: 'not_due', until: member.nextCallAt };
    }
    return null;
}

export interface MemberUpdate {
    input: RecordUpdateInput;
    options?: { ifUnmodifiedSince: string };
}

/** Takes the member for this agent, on condition nobody changed it since it was read. */
export function claimUpdate(member: Member, userId: string, now: number): MemberUpdate {
    return {
        input: { fields: { Id: member.id, Diamy_Claimed_By__c: userId, Diamy_Claimed_At__c: new Date(now).toISOString() } },
        options: { ifUnmodifiedSince: member.lastModified }
    };
}

/** Gives the member back (the agent stops, or the call could not be placed). */
export function releaseUpdate(member: Member): MemberUpdate {
    return { input: { fields: { Id: member.id, Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null } } };
}

/** Skipped: back to the end of the list, claim released. */
export function skipUpdate(member: Member, now: number): MemberUpdate {
    return { input: { fields: { Id: member.id, Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null, Diamy_Skipped_At__c: new Date(now).toISOString() } } };
}

/** Not before `at` (which must be in the future), claim released; null when `at` is not a later time. */
export function rescheduleUpdate(member: Member, at: number, now: number): MemberUpdate | null {
    if (!Number.isFinite(at) || at <= now) {
        return null;
    }
    return { input: { fields: { Id: member.id, Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null, Diamy_Next_Call_At__c: new Date(at).toISOString() } } };
}

/**
 * The message of the claim rule Diamy_Claim_Held, as the org says it: the UI API names no rule, only its message, in
 * the user's language (objects/CampaignMember/validationRules, objectTranslations/CampaignMember-fr; a jest test keeps
 * these in step with the metadata). An org that translates the rule into another language must add it here.
 */
export const CLAIM_HELD_MESSAGES: readonly string[] = [
    'Another agent is calling this member (taken less than 10 minutes ago).',
    'Un autre agent appelle ce membre (pris il y a moins de 10 minutes).'
];

/** The UI API's errors of a failed save: page-level (`output.errors`, or a plain array) and per field. */
function saveErrors(body: unknown): { errorCode?: unknown; message?: unknown }[] {
    if (Array.isArray(body)) {
        return body.filter(isRecord);
    }
    const output = isRecord(body) && isRecord(body.output) ? body.output : null;
    if (!output) {
        return [];
    }
    const page = Array.isArray(output.errors) ? output.errors.filter(isRecord) : [];
    const fields = isRecord(output.fieldErrors) ? Object.values(output.fieldErrors).flatMap((list) => (Array.isArray(list) ? list.filter(isRecord) : [])) : [];
    return [...page, ...fields];
}

/**
 * What the agent reads when the list cannot be read or changed (c/diamyFailure's labelled sentence, never the org's
 * raw error). LDS and GraphQL errors are Salesforce's, not Diamy's: their HTTP status must not pick one of the
 * Diamy-worded messages, so they read as a failure to retry; support finds the org's text in `detail`. The panel
 * adds the org's own words after the sentence (orgErrorText): they say what to put right (missing access…).
 */
export function describeListFailure(error: unknown): Failure {
    if (isRecord(error) && ('body' in error || 'status' in error)) {
        const body = isRecord(error.body) ? error.body : null;
        const text = typeof body?.message === 'string' ? body.message : typeof error.message === 'string' ? error.message : '';
        return describeFailure({ code: 'unknown', message: `HTTP ${String(error.status)}: ${text}` });
    }
    return describeFailure(error);
}

/** Control characters become spaces, runs of white space one space. */
function plainText(text: string): string {
    const visible = Array.from(text, (char) => (char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? ' ' : char)).join('');
    return visible.replace(/\s+/g, ' ').trim();
}

/** The longest org message shown to the agent (a runaway trigger message must not fill the panel). */
export const ORG_TEXT_MAX = 300;

/**
 * The org's own words for a failed LDS save or read, or for GraphQL errors: the messages of the UI API's page and
 * field errors (or the body's message), as plain text — only message strings, never the body as JSON, whitespace
 * collapsed, repeats dropped, at most ORG_TEXT_MAX characters. '' when the error is not Salesforce's (a Diamy error,
 * a timeout of our own): the sentence alone is shown then.
 */
export function orgErrorText(error: unknown): string {
    let messages: unknown[] = [];
    if (Array.isArray(error)) {
        messages = error.filter(isRecord).map((entry) => entry.message);
    } else if (isRecord(error) && ('body' in error || 'status' in error)) {
        messages = saveErrors(error.body).map((entry) => entry.message);
        if (messages.length === 0 && isRecord(error.body)) {
            messages = [error.body.message];
        }
    }
    const texts = messages
        .filter((message): message is string => typeof message === 'string')
        .map((message) => plainText(message))
        .filter((message) => message !== '');
    const text = [...new Set(texts)].join(' ');
    return text.length > ORG_TEXT_MAX ? `${text.slice(0, ORG_TEXT_MAX - 1).trimEnd()}…` : text;
}

/**
 * True when a claim failed because someone else changed the member first: LDS's ifUnmodifiedSince precondition
 * (HTTP 412) or the org's claim rule Diamy_Claim_Held (FIELD_CUSTOM_VALIDATION_EXCEPTION with that rule's message).
 * Any other validation rule (an administrator's own) is a failure the agent must see, not a lost race.
 */
export function isClaimConflict(error: unknown): boolean {
    if (!isRecord(error)) {
        return false;
    }
    if (error.status === 412) {
        return true;
    }
    return saveErrors(error.body).some(
        (entry) =>
            entry.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' &&
            typeof entry.message === 'string' &&
            CLAIM_HELD_MESSAGES.some((message) => (entry.message as string).replace(/\s+/g, ' ').includes(message))
    );
}

// ------------------------------------------------------------------------------------------------ the worker

export type Verdict = 'call' | 'later' | 'blocked';

/** The calling rules' answer for a member (c/diamyCallingRules through the component). */
export interface Judgement {
    verdict: Verdict;
    reason: string;
    /** What the agent reads (localised). */
    text: string;
    nextAt?: number;
}

export interface Passed {
    member: Member;
    reason: string;
    text: string;
    nextAt?: number;
}

export interface ListPort {
    /** The list's members, fresh from the org. */
    members(campaignId: string): Promise<MembersPage>;
    update(update: MemberUpdate): Promise<void>;
    /** The calling rules for this member (c/diamyCallingRules with personHistory). */
    judge(member: Member, list: CallList): Judgement;
    /** Text for a reason the list itself passes a member for. */
    describe(reason: PassReason, until?: number): string;
    now(): number;
}

export type NextResult =
    | { kind: 'member'; member: Member; page: MembersPage; passed: Passed[] }
    | { kind: 'none'; page: MembersPage; passed: Passed[]; laterAt: number | null };

export class CallListWorker {
    private readonly port: ListPort;
    private readonly userId: string;
    /** The member this worker (one panel, one tab) claimed last and has not given back. */
    private holding: string | null = null;

    constructor(port: ListPort, userId: string) {
        this.port = port;
        this.userId = userId;
    }

    /**
     * The next member this agent may call, claimed for them: members are read fresh, passed for the list's reasons
     * and the rules' (each with its reason), and the first callable one is claimed; a claim another agent won is
     * passed as 'taken' and the next one is tried.
     */
    async next(list: CallList): Promise<NextResult> {
        const page = await this.port.members(list.id);
        return this.tryMember(list, page, 0, []);
    }

    /** Members are tried one at a time, in order: the first callable one is claimed, the rest are not read. */
    private async tryMember(list: CallList, page: MembersPage, index: number, passed: Passed[]): Promise<NextResult> {
        const member = page.members[index];
        if (!member) {
            const times = passed.map((entry) => entry.nextAt).filter((at): at is number => typeof at === 'number');
            return { kind: 'none', page, passed, laterAt: times.length > 0 ? Math.min(...times) : null };
        }
        const now = this.port.now();
        const pass = passReason(member, this.userId, now, this.holding);
        if (pass) {
            passed.push({ member, reason: pass.reason, text: this.port.describe(pass.reason, pass.until), nextAt: pass.until });
            return this.tryMember(list, page, index + 1, passed);
        }
        const judgement = this.port.judge(member, list);
        if (judgement.verdict !== 'call') {
            passed.push({ member, reason: judgement.reason, text: judgement.text, nextAt: judgement.nextAt });
            return this.tryMember(list, page, index + 1, passed);
        }
        try {
            await this.port.update(claimUpdate(member, this.userId, this.port.now()));
        } catch (error) {
            if (isClaimConflict(error)) {
                passed.push({ member, reason: 'taken', text: this.port.describe('taken') });
                return this.tryMember(list, page, index + 1, passed);
            }
            throw error;
        }
        this.holding = member.id;
        return { kind: 'member', member: { ...member, claimedById: this.userId, claimedAt: now }, page, passed };
    }

    release(member: Member): Promise<void> {
        this.letGo(member);
        return this.port.update(releaseUpdate(member));
    }

    skip(member: Member): Promise<void> {
        this.letGo(member);
        return this.port.update(skipUpdate(member, this.port.now()));
    }

    /** Rejects with code 'invalid_time' when `at` is not a later time. */
    reschedule(member: Member, at: number): Promise<void> {
        const update = rescheduleUpdate(member, at, this.port.now());
        if (update) {
            this.letGo(member);
        }
        return update ? this.port.update(update) : Promise.reject(Object.assign(new Error('The new time must be later than now'), { code: 'invalid_time' }));
    }

    private letGo(member: Member): void {
        if (this.holding === member.id) {
            this.holding = null;
        }
    }
}

// ------------------------------------------------------------------------------------------------ wire requests

/**
 * One GraphQL wire used as a request/answer channel (LWC has no imperative GraphQL query): `fetch(variables)`
 * points the wire at them and resolves with the next answer for them — always a fresh one: an answer that may come
 * from the cache (variables asked before) is refreshed once. One request at a time; others wait their turn.
 */
export class WireRequests<V extends Record<string, unknown>> {
    private readonly point: (variables: V) => void;
    private readonly timeoutMs: number;
    private queue: Promise<unknown> = Promise.resolve();
    private current: { key: string; resolve: (data: unknown) => void; reject: (error: Error) => void; refreshed: boolean; mayBeCached: boolean } | null = null;
    private wiredKey = '';
    private refresh: (() => Promise<void>) | null = null;
    private readonly asked = new Set<string>();

    constructor(point: (variables: V) => void, timeoutMs = 15_000) {
        this.point = point;
        this.timeoutMs = timeoutMs;
    }

    fetch(variables: V): Promise<unknown> {
        const run = this.queue.then(() => this.start(variables));
        this.queue = run.catch(() => undefined);
        return run;
    }

    /** The wire's answer; `variables` are those the wire pointed at when it answered. */
    receive(result: GraphQLResult<unknown> | undefined, variables: V | undefined): void {
        if (!result || !variables) {
            return;
        }
        const key = JSON.stringify(variables);
        if (key !== this.wiredKey) {
            return;
        }
        this.refresh = typeof result.refresh === 'function' ? result.refresh : null;
        const current = this.current;
        if (!current || current.key !== key) {
            return;
        }
        const errors = Array.isArray(result.errors) ? (result.errors as unknown[]) : [];
        if (result.data === undefined && errors.length === 0) {
            return; // loading
        }
        if (errors.length > 0) {
            const first = errors[0];
            current.reject(new Error(isRecord(first) && typeof first.message === 'string' ? first.message.slice(0, 200) : 'GraphQL error'));
            return;
        }
        if (current.mayBeCached && !current.refreshed && this.refresh) {
            current.refreshed = true;
            this.refresh().catch((error: unknown) => current.reject(error instanceof Error ? error : new Error(String(error))));
            return;
        }
        current.resolve(result.data);
    }

    private finish(entry: object, timer: unknown): void {
        globalThis.clearTimeout(timer as number);
        if (this.current === entry) {
            this.current = null;
        }
    }

    private start(variables: V): Promise<unknown> {
        const key = JSON.stringify(variables);
        return new Promise<unknown>((resolve, reject) => {
            let timer: unknown = null;
            const entry = {
                key,
                resolve: (data: unknown): void => {
                    this.finish(entry, timer);
                    resolve(data);
                },
                reject: (error: Error): void => {
                    this.finish(entry, timer);
                    reject(error);
                },
                refreshed: false,
                mayBeCached: this.asked.has(key)
            };
            timer = globalThis.setTimeout(() => entry.reject(new Error('No answer from the org in time')), this.timeoutMs);
            this.current = entry;
            this.asked.add(key);
            if (key === this.wiredKey && this.refresh) {
                entry.refreshed = true;
                this.refresh().catch((error: unknown) => entry.reject(error instanceof Error ? error : new Error(String(error))));
            } else {
                this.wiredKey = key;
                this.point(variables);
            }
        });
    }
}
