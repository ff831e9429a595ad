import {
    CLAIM_STALE_MS,
    CallListWorker,
    MEMBERS_QUERY,
    WireRequests,
    claimUpdate,
    countryOfCallingCode,
    formatLabel,
    isClaimConflict,
    memberAudience,
    memberNumber,
    passReason,
    personHistory,
    readCallTimes,
    readLists,
    readMembers,
    rescheduleUpdate,
    skipUpdate
} from 'c/diamyCallListService';
import type { CallList, Judgement, ListPort, Member, MemberUpdate, MembersPage } from 'c/diamyCallListService';
import type { GraphQLResult } from 'lightning/graphql';
import { readFileSync } from 'fs';
import { join } from 'path';

/** The claim rule's message as the org says it, in English and in French (the metadata, not a copy). */
const METADATA = join(__dirname, '..', '..', '..');
const xmlValue = (file: string, tag: string): string => (readFileSync(join(METADATA, file), 'utf8').match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1] ?? '').replace(/&apos;/g, "'");
const CLAIM_HELD_EN = xmlValue('objects/CampaignMember/validationRules/Diamy_Claim_Held.validationRule-meta.xml', 'errorMessage');
const CLAIM_HELD_FR = xmlValue('objectTranslations/CampaignMember-fr/CampaignMember-fr.objectTranslation-meta.xml', 'errorMessage');
const validation = (message: string) => ({ status: 400, body: { message, output: { errors: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message }], fieldErrors: {} } } });

const CAMPAIGN = '701000000000001AAA';
const AGENT_A = '005000000000001AAA';
const AGENT_B = '005000000000002AAA';
const NOW = Date.parse('2027-03-03T10:30:00.000Z');

const list: CallList = { id: CAMPAIGN, name: 'Relance', audience: 'Consumer', pauseSeconds: 10, contractCalls: false };

function memberNode(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const isLead = index % 2 === 0;
    const personId = isLead ? `00Q00000000000${index}AAA` : `00300000000000${index}AAA`;
    const person = {
        Name: { value: `Person ${index}` },
        Phone: { value: `01 23 45 67 0${index}` },
        MobilePhone: { value: null },
        DoNotCall: { value: false },
        Diamy_Phone_Consent_At__c: { value: '2026-09-01T08:00:00.000Z' },
        Diamy_Phone_Consent_Source__c: { value: 'Web_Form' },
        Diamy_Phone_Consent_Proof__c: { value: 'form-42' },
        Diamy_Phone_Consent_Withdrawn_At__c: { value: null },
        Diamy_Current_Contract__c: { value: false },
        Diamy_Prospecting_Calls__c: { value: '2027-03-01 09:00:00Z;2027-02-20 15:10:00Z' },
        Diamy_Prospecting_Refused_At__c: { value: null }
    };
    return {
        Id: `00v00000000000${index}AAA`,
        CampaignId: { value: CAMPAIGN },
        LastModifiedDate: { value: '2027-03-01T09:00:00.000Z' },
        Status: { value: 'Sent', displayValue: 'Envoyé' },
        Diamy_Audience__c: { value: null },
        Diamy_Assigned_Agent__c: { value: null },
        Diamy_Claimed_By__c: { value: null },
        Diamy_Claimed_At__c: { value: null },
        Diamy_Next_Call_At__c: { value: null },
        Diamy_Attempts__c: { value: 1 },
        Diamy_Last_Call_At__c: { value: '2027-03-01T09:00:00.000Z' },
        Diamy_Last_Result__c: { value: 'No_Answer' },
        Diamy_Last_Call__r: { Notes__c: { value: 'Rappeler après 14 h' }, Disposition__c: { value: 'No_Answer', displayValue: 'Pas de réponse' } },
        ContactId: { value: isLead ? null : personId },
        LeadId: { value: isLead ? personId : null },
        Contact: isLead ? null : { ...person, MailingCountry: { value: 'France' }, Account: { Name: { value: 'Boulangerie Petit' } } },
        Lead: isLead ? { ...person, Country: { value: 'Réunion' }, Company: { value: 'Studio Nord' } } : null,
        ...overrides
    };
}

function membersAnswer(nodes: Record<string, unknown>[], done = 0): unknown {
    return { uiapi: { query: { remaining: { totalCount: nodes.length, edges: nodes.map((node) => ({ node })) }, done: { totalCount: done, edges: [] } } } };
}

function at<T>(items: readonly T[] | undefined, index: number): T {
    const item = items?.[index];
    if (item === undefined) throw new Error(`no item ${index}`);
    return item;
}

function member(index: number, overrides: Record<string, unknown> = {}): Member {
    const page = readMembers(membersAnswer([memberNode(index, overrides)]));
    if (!page || page.members.length !== 1) throw new Error('fixture');
    return at(page.members, 0);
}

describe('c/diamyCallListService readers', () => {
    it('reads a member with its contact, account, last call and notes, and a lead with its company', () => {
        const page = readMembers(membersAnswer([memberNode(1), memberNode(2)], 3));
        expect(page).not.toBeNull();
        expect(page?.remaining).toBe(2);
        expect(page?.done).toBe(3);
        const contact = at(page?.members, 0);
        const lead = at(page?.members, 1);
        expect(contact.person).toMatchObject({ object: 'Contact', name: 'Person 1', company: 'Boulangerie Petit', country: 'France', consentProof: 'form-42' });
        expect(contact.lastResultLabel).toBe('Pas de réponse');
        expect(contact.lastNotes).toBe('Rappeler après 14 h');
        expect(contact.status).toBe('Envoyé');
        expect(contact.attempts).toBe(1);
        expect(lead.person).toMatchObject({ object: 'Lead', company: 'Studio Nord', country: 'Réunion' });
        expect(lead.person?.consentAt).toBe(Date.parse('2026-09-01T08:00:00.000Z'));
    });

    it('leaves out malformed members and refuses an answer without counts', () => {
        const page = readMembers(membersAnswer([memberNode(1, { Id: 'not-an-id' }), memberNode(3, { LastModifiedDate: { value: null } }), memberNode(5)]));
        expect(page?.members.map((m) => m.id)).toEqual(['00v000000000005AAA']);
        expect(readMembers({ uiapi: { query: { remaining: { edges: [] } } } })).toBeNull();
        expect(readMembers(undefined)).toBeNull();
    });

    it('reads lists with their audience and a sane pause', () => {
        const lists = readLists({
            uiapi: {
                query: {
                    Campaign: {
                        edges: [
                            { node: { Id: CAMPAIGN, Name: { value: 'Relance' }, Diamy_Audience__c: { value: 'Business' }, Diamy_Power_Pause_Seconds__c: { value: 0 }, Diamy_Contract_Calls__c: { value: true } } },
                            { node: { Id: '701000000000002AAA', Name: { value: 'Prospection' }, Diamy_Audience__c: { value: null }, Diamy_Power_Pause_Seconds__c: { value: 25 } } }
                        ]
                    }
                }
            }
        });
        expect(lists).toEqual([
            { id: CAMPAIGN, name: 'Relance', audience: 'Business', pauseSeconds: 10, contractCalls: true },
            { id: '701000000000002AAA', name: 'Prospection', audience: 'Consumer', pauseSeconds: 25, contractCalls: false }
        ]);
    });

    it('reads every agent\'s list calls and the last refusal the flow keeps on the person', () => {
        expect(readCallTimes('2027-03-01 09:00:00Z; 2027-02-20T15:10:00.000Z;;garbage')).toEqual([Date.parse('2027-03-01T09:00:00Z'), Date.parse('2027-02-20T15:10:00Z')]);
        expect(readCallTimes('')).toEqual([]);
        const person = member(1, { Contact: { ...(memberNode(1).Contact as object), Diamy_Prospecting_Refused_At__c: { value: '2027-02-25T10:00:00.000Z' } } }).person;
        expect(person?.listCalls).toEqual([Date.parse('2027-03-01T09:00:00Z'), Date.parse('2027-02-20T15:10:00Z')]);
        expect(personHistory(person as NonNullable<typeof person>)).toEqual([
            { startedAt: Date.parse('2027-03-01T09:00:00Z'), disposition: null, fromList: true },
            { startedAt: Date.parse('2027-02-20T15:10:00Z'), disposition: null, fromList: true },
            // The refusal is not another attempt: only the cooldown reads it.
            { startedAt: Date.parse('2027-02-25T10:00:00.000Z'), disposition: 'Refused', fromList: false }
        ]);
    });

    it('asks the org for members not done in working order, with what the rules count on each person', () => {
        const members = (MEMBERS_QUERY as unknown as { source: string }).source;
        expect(members).toContain('Diamy_Done__c: { eq: false }');
        expect(members).toMatch(/Diamy_Skipped_At__c: \{ order: ASC, nulls: FIRST \}, Diamy_Last_Call_At__c: \{ order: ASC, nulls: FIRST \}/);
        expect(members.match(/Diamy_Prospecting_Calls__c \{ value \} Diamy_Prospecting_Refused_At__c \{ value \}/g)).toHaveLength(2);
    });
});

describe('c/diamyCallListService members', () => {
    it('passes Do Not Call, number-less, other agents\' and not-yet-due members, with the reason', () => {
        expect(passReason(member(1, { Contact: { ...memberNode(1).Contact as object, DoNotCall: { value: true } } }), AGENT_A, NOW)?.reason).toBe('do_not_call');
        expect(passReason(member(1, { Contact: { ...memberNode(1).Contact as object, Phone: { value: ' ' } } }), AGENT_A, NOW)?.reason).toBe('no_number');
        expect(passReason(member(1, { Diamy_Assigned_Agent__c: { value: AGENT_B } }), AGENT_A, NOW)?.reason).toBe('assigned_other');
        expect(passReason(member(1, { Diamy_Assigned_Agent__c: { value: AGENT_A } }), AGENT_A, NOW)).toBeNull();
        const due = '2027-03-03T12:00:00.000Z';
        expect(passReason(member(1, { Diamy_Next_Call_At__c: { value: due } }), AGENT_A, NOW)).toEqual({ reason: 'not_due', until: Date.parse(due) });
        expect(passReason(member(1, { Diamy_Next_Call_At__c: { value: '2027-03-03T10:30:00.000Z' } }), AGENT_A, NOW)).toBeNull();
        expect(passReason(member(1, { ContactId: { value: null } }), AGENT_A, NOW)?.reason).toBe('no_person');
    });

    it('respects another agent\'s claim for 10 minutes, then takes it over; one\'s own claim only where it is held', () => {
        const claimedAt = (ms: number): Record<string, unknown> => ({ Diamy_Claimed_By__c: { value: AGENT_B }, Diamy_Claimed_At__c: { value: new Date(NOW - ms).toISOString() } });
        expect(passReason(member(1, claimedAt(CLAIM_STALE_MS - 1000)), AGENT_A, NOW)?.reason).toBe('claimed');
        // Exactly 10 minutes: still held (the validation rule's boundary); one second more: free.
        expect(passReason(member(1, claimedAt(CLAIM_STALE_MS)), AGENT_A, NOW)?.reason).toBe('claimed');
        expect(passReason(member(1, claimedAt(CLAIM_STALE_MS + 1000)), AGENT_A, NOW)).toBeNull();
        const own = member(1, { Diamy_Claimed_By__c: { value: AGENT_A }, Diamy_Claimed_At__c: { value: new Date(NOW).toISOString() } });
        // The panel holding it may offer it again; another tab of the same agent (or a page after a reload) waits.
        expect(passReason(own, AGENT_A, NOW, own.id)).toBeNull();
        expect(passReason(own, AGENT_A, NOW)).toEqual({ reason: 'claimed_elsewhere', until: NOW + CLAIM_STALE_MS });
        expect(passReason(own, AGENT_A, NOW + CLAIM_STALE_MS + 1000)).toBeNull();
    });

    it('calls the phone, else the mobile; the member\'s audience overrides the list\'s', () => {
        expect(memberNumber(member(1))).toBe('01 23 45 67 01');
        expect(memberNumber(member(1, { Contact: { ...memberNode(1).Contact as object, Phone: { value: null }, MobilePhone: { value: '06 12 34 56 78' } } }))).toBe('06 12 34 56 78');
        expect(memberAudience(member(1), list)).toBe('Consumer');
        expect(memberAudience(member(1, { Diamy_Audience__c: { value: 'Business' } }), list)).toBe('Business');
    });

    it('claims on condition nobody changed the member since it was read', () => {
        expect(claimUpdate(member(1), AGENT_A, NOW)).toEqual({
            input: { fields: { Id: '00v000000000001AAA', Diamy_Claimed_By__c: AGENT_A, Diamy_Claimed_At__c: new Date(NOW).toISOString() } },
            options: { ifUnmodifiedSince: '2027-03-01T09:00:00.000Z' }
        });
    });

    it('skips to the end of the list and reschedules only to a later time, releasing the claim', () => {
        expect(skipUpdate(member(1), NOW).input.fields).toEqual({ Id: '00v000000000001AAA', Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null, Diamy_Skipped_At__c: new Date(NOW).toISOString() });
        expect(rescheduleUpdate(member(1), NOW, NOW)).toBeNull();
        expect(rescheduleUpdate(member(1), Number.NaN, NOW)).toBeNull();
        expect(rescheduleUpdate(member(1), NOW + 60_000, NOW)?.input.fields.Diamy_Next_Call_At__c).toBe(new Date(NOW + 60_000).toISOString());
    });

    it('reads a lost claim from LDS\'s precondition or the org\'s validation rule, and nothing else', () => {
        expect(isClaimConflict({ status: 412, body: { message: 'The requested resource has been modified' } })).toBe(true);
        expect(CLAIM_HELD_EN).toMatch(/^Another agent is calling this member/);
        expect(CLAIM_HELD_FR).toMatch(/^Un autre agent appelle ce membre/);
        expect(isClaimConflict(validation(CLAIM_HELD_EN))).toBe(true);
        expect(isClaimConflict(validation(CLAIM_HELD_FR))).toBe(true);
        // Any other validation rule (an administrator's own, a required field) is a failure, not a lost race.
        expect(isClaimConflict(validation('Status must be set before calling'))).toBe(false);
        expect(isClaimConflict({ status: 400, body: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Phone required' }] })).toBe(false);
        expect(isClaimConflict({ status: 400, body: { output: { errors: [], fieldErrors: { Diamy_Claimed_By__c: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: CLAIM_HELD_EN }] } } } })).toBe(true);
        expect(isClaimConflict({ status: 403, body: { output: { errors: [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }] } } })).toBe(false);
        expect(isClaimConflict(new Error('Failed to fetch'))).toBe(false);
        expect(isClaimConflict(undefined)).toBe(false);
    });

    it('knows the overseas departments by calling code (Mayotte shares +262 with La Réunion)', () => {
        expect(countryOfCallingCode('33', '123456789')).toBe('FR');
        expect(countryOfCallingCode('262', '262123456')).toBe('RE');
        expect(countryOfCallingCode('262', '269612345')).toBe('YT');
        expect(countryOfCallingCode('262', '639123456')).toBe('YT');
        expect(countryOfCallingCode('596', '696123456')).toBe('MQ');
        expect(countryOfCallingCode('44', '2071234567')).toBeNull();
        expect(formatLabel('{0} of {1} done', '3', '5')).toBe('3 of 5 done');
    });
});

/** A UI API failure as LDS rejects with it: an object with the HTTP status and the body. */
function uiApiError(status: number, body: unknown): Error {
    return Object.assign(new Error(`HTTP ${status}`), { status, body });
}

/**
 * The org as the two agents' softphones see it: members with LastModifiedDate; an update with ifUnmodifiedSince
 * fails with 412 when the member changed since (LDS), and the validation rule Diamy_Claim_Held refuses taking another
 * agent's fresh claim. Answers come a macrotask later, as the network's would.
 */
class FakeOrg {
    members: Member[];
    clock = NOW;
    updates: MemberUpdate[] = [];
    constructor(members: Member[]) {
        this.members = members;
    }
    private later<T>(fn: () => T): Promise<T> {
        // A macrotask later, as a network answer (the lint rule is about components' own timers).
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        return new Promise((resolve, reject) => setTimeout(() => {
            try {
                resolve(fn());
            } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
            }
        }, 0));
    }
    port(userId: string, judge: (member: Member) => Judgement = () => ({ verdict: 'call', reason: 'allowed', text: '' })): ListPort {
        return {
            members: () => this.later((): MembersPage => ({ members: this.members.map((m) => ({ ...m })), remaining: this.members.length, done: 0 })),
            update: (update) => this.later(() => this.apply(update, userId)),
            judge: (m) => judge(m),
            describe: (reason) => `passed: ${reason}`,
            now: () => this.clock
        };
    }
    private apply(update: MemberUpdate, userId: string): void {
        const fields = update.input.fields;
        const index = this.members.findIndex((m) => m.id === fields.Id);
        const current = at(this.members, index);
        if (update.options && update.options.ifUnmodifiedSince !== current.lastModified) {
            throw uiApiError(412, { message: 'The requested resource has been modified' });
        }
        if ('Diamy_Claimed_By__c' in fields && current.claimedById && current.claimedById !== userId && current.claimedAt !== null && this.clock - current.claimedAt <= CLAIM_STALE_MS) {
            throw uiApiError(400, validation(CLAIM_HELD_EN).body);
        }
        this.updates.push(update);
        this.clock += 1000;
        const claimedBy = 'Diamy_Claimed_By__c' in fields ? (fields.Diamy_Claimed_By__c as string | null) : current.claimedById;
        this.members[index] = { ...current, claimedById: claimedBy, claimedAt: claimedBy ? this.clock : null, lastModified: new Date(this.clock).toISOString() };
    }
}

describe('c/diamyCallListService CallListWorker', () => {
    it('never gives two agents working in parallel the same member', async () => {
        const org = new FakeOrg([member(1), member(2), member(3)]);
        const a = new CallListWorker(org.port(AGENT_A), AGENT_A);
        const b = new CallListWorker(org.port(AGENT_B), AGENT_B);
        const [first, second] = await Promise.all([a.next(list), b.next(list)]);
        expect(first.kind).toBe('member');
        expect(second.kind).toBe('member');
        const ids = [first, second].map((result) => (result.kind === 'member' ? result.member.id : ''));
        expect(new Set(ids).size).toBe(2);
        // The second agent lost the race on member 1 and was told so.
        expect(second.passed.map((p) => p.reason)).toEqual(['taken']);
        expect(org.members.filter((m) => m.claimedById !== null).map((m) => m.claimedById).sort()).toEqual([AGENT_A, AGENT_B]);
    });

    it('refuses a claim when the member changed since it was read, even without the validation rule', async () => {
        const org = new FakeOrg([member(1), member(3)]);
        const port = org.port(AGENT_A);
        const worker = new CallListWorker({ ...port, members: async () => {
            const page = await port.members(CAMPAIGN);
            // Someone edited member 1 (e.g. a manager rescheduled it) after this read.
            org.members[0] = { ...at(org.members, 0), lastModified: '2027-03-03T10:29:59.000Z' };
            return page;
        } }, AGENT_A);
        const result = await worker.next(list);
        expect(result.kind === 'member' && result.member.id).toBe('00v000000000003AAA');
        expect(result.passed.map((p) => p.reason)).toEqual(['taken']);
    });

    it('passes members the rules refuse, with their text, and says when the first may be called', async () => {
        const org = new FakeOrg([member(1), member(3)]);
        const opens = Date.parse('2027-03-03T13:00:00.000Z');
        const worker = new CallListWorker(org.port(AGENT_A, () => ({ verdict: 'later', reason: 'outside_hours', text: 'Calling hours closed', nextAt: opens })), AGENT_A);
        const result = await worker.next(list);
        expect(result).toMatchObject({ kind: 'none', laterAt: opens });
        expect(result.passed.map((p) => p.text)).toEqual(['Calling hours closed', 'Calling hours closed']);
        expect(org.updates).toEqual([]);
    });

    it('judges each member with what the flow keeps on its person, and passes one the rules refuse', async () => {
        const refusedPerson = { ...(memberNode(1).Contact as object), Diamy_Prospecting_Refused_At__c: { value: new Date(NOW - 86_400_000).toISOString() } };
        const org = new FakeOrg([member(1, { Contact: refusedPerson }), member(3)]);
        const worker = new CallListWorker(
            org.port(AGENT_A, (m) =>
                m.person && personHistory(m.person).some((call) => call.disposition === 'Refused') ? { verdict: 'later', reason: 'refusal_cooldown', text: 'Refused 1 day ago' } : { verdict: 'call', reason: 'allowed', text: '' }
            ),
            AGENT_A
        );
        const result = await worker.next(list);
        expect(result.kind === 'member' && result.member.id).toBe('00v000000000003AAA');
        expect(result.passed).toMatchObject([{ reason: 'refusal_cooldown', text: 'Refused 1 day ago' }]);
    });

    it('says there is nobody to call when every member is passed, and an org failure is not a lost race', async () => {
        const org = new FakeOrg([member(1, { Contact: { ...memberNode(1).Contact as object, DoNotCall: { value: true } } })]);
        const none = await new CallListWorker(org.port(AGENT_A), AGENT_A).next(list);
        expect(none).toMatchObject({ kind: 'none', laterAt: null, passed: [{ reason: 'do_not_call', text: 'passed: do_not_call' }] });

        const broken = new FakeOrg([member(1)]);
        const port = broken.port(AGENT_A);
        const worker = new CallListWorker({ ...port, update: () => Promise.reject(uiApiError(403, { message: 'insufficient access' })) }, AGENT_A);
        await expect(worker.next(list)).rejects.toMatchObject({ status: 403 });
    });

    it('two tabs of the same agent (two workers, one user) never hold the same member; a released one comes back', async () => {
        const org = new FakeOrg([member(1), member(2)]);
        const tabA = new CallListWorker(org.port(AGENT_A), AGENT_A);
        const tabB = new CallListWorker(org.port(AGENT_A), AGENT_A);
        const a = await tabA.next(list);
        const b = await tabB.next(list);
        expect(a.kind === 'member' && a.member.id).toBe('00v000000000001AAA');
        expect(b.kind === 'member' && b.member.id).toBe('00v000000000002AAA');
        expect(b.passed.map((p) => p.reason)).toEqual(['claimed_elsewhere']);
        // Tab A gives its member back: tab B's next read may take it.
        if (a.kind === 'member') {
            await tabA.release(a.member);
        }
        if (b.kind === 'member') {
            await tabB.skip(b.member);
        }
        const again = await tabB.next(list);
        expect(again.kind === 'member' && again.member.id).toBe('00v000000000001AAA');
    });

    it('surfaces a validation rule other than the claim rule as a failure instead of passing every member as taken', async () => {
        const org = new FakeOrg([member(1), member(2)]);
        const port = org.port(AGENT_A);
        const worker = new CallListWorker({ ...port, update: () => Promise.reject(uiApiError(400, validation('Status must be set before calling').body)) }, AGENT_A);
        await expect(worker.next(list)).rejects.toMatchObject({ status: 400 });
    });

    it('rejects a reschedule to the past without writing', async () => {
        const org = new FakeOrg([member(1)]);
        const worker = new CallListWorker(org.port(AGENT_A), AGENT_A);
        await expect(worker.reschedule(member(1), NOW - 1)).rejects.toMatchObject({ code: 'invalid_time' });
        expect(org.updates).toEqual([]);
        await worker.skip(member(1));
        expect(at(org.updates, 0).input.fields.Diamy_Skipped_At__c).toBe(new Date(NOW).toISOString());
    });
});

describe('c/diamyCallListService WireRequests', () => {
    const answer = (data: unknown, refresh?: () => Promise<void>): GraphQLResult<unknown> => ({ data, errors: undefined, ...(refresh ? { refresh } : {}) });

    it('points the wire, ignores loading and other variables, and refreshes an answer that may be cached', async () => {
        const pointed: { id: string }[] = [];
        const requests = new WireRequests<{ id: string }>((variables) => pointed.push(variables));
        let refreshes = 0;
        const refresh = (): Promise<void> => {
            refreshes += 1;
            return Promise.resolve();
        };
        const first = requests.fetch({ id: 'a' });
        await Promise.resolve();
        expect(pointed).toEqual([{ id: 'a' }]);
        requests.receive({ data: undefined, errors: undefined }, { id: 'a' });
        requests.receive(answer('other'), { id: 'b' });
        requests.receive(answer('fresh a', refresh), { id: 'a' });
        await expect(first).resolves.toBe('fresh a');

        // The same variables again: the platform would answer from its cache, so the wire is refreshed.
        const second = requests.fetch({ id: 'a' });
        await Promise.resolve();
        await Promise.resolve();
        expect(refreshes).toBe(1);
        requests.receive(answer('refreshed a', refresh), { id: 'a' });
        await expect(second).resolves.toBe('refreshed a');
    });

    it('rejects with the GraphQL error', async () => {
        const requests = new WireRequests<{ id: string }>(() => undefined);
        const pending = requests.fetch({ id: 'a' });
        await Promise.resolve();
        requests.receive({ data: undefined, errors: [{ message: 'No such column Diamy_Done__c' }] }, { id: 'a' });
        await expect(pending).rejects.toThrow('No such column Diamy_Done__c');
    });
});
