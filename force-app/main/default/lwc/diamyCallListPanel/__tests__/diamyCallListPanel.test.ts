// c-diamy-call-list-panel against the platform doubles: GraphQL answered by a resolver that reads an in-memory list
// (stateful mock: answers through the wire, a macrotask later, cached until refreshed), updateRecord refusing a stale
// claim with 412 as LDS does, the rules flow answering with the org's rule lines, and a fake softphone on the phone
// channel (LMS mock: asynchronous, copies) that places calls and publishes its state.
import { createElement } from '@lwc/engine-dom';
import DiamyCallListPanel from 'c/diamyCallListPanel';
import { PANEL_TIMING } from 'c/diamyCallListService';
import { graphql } from 'lightning/graphql';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import * as lms from 'lightning/messageService';
import { publish, subscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import type { CurrentCall, DialMessage, PhoneMessage } from 'c/diamyPhoneChannel';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

interface GraphQLConfig {
    query?: { source?: string };
    variables?: Record<string, unknown>;
}
interface StatefulGraphql {
    answerWith(resolver: (config: GraphQLConfig) => { data?: unknown; errors?: unknown } | undefined): void;
    reset(): void;
}
const graphqlMock = graphql as unknown as StatefulGraphql;
const bus = lms as unknown as { __reset(): void };
const userAdapter = getRecord as unknown as { emit(value: unknown): void };
const update = updateRecord as unknown as jest.Mock;
const NO_CONTEXT = undefined as unknown as MessageContextType;

const USER = '005000000000000000'; // @salesforce/user/Id in sfdx-lwc-jest
const COLLEAGUE = '005000000000009AAA';
const CAMPAIGN = '701000000000001AAA';
// Wednesday 3 March 2027, 11:30 in Paris: inside the morning window.
const NOW = new Date('2027-03-03T10:30:00.000Z');

const RULE_FR = 'v=1|name=France|country=FR|tz=Europe/Paris|hours=1-5 10:00-13:00,14:00-20:00|holidays=FR|closed=|maxAttempts=4|periodDays=30|cooldownDays=60|consent=1|consentFrom=2026-08-11|appliesTo=Consumers|shipped=1';

const v = (value: unknown) => ({ value });

interface PersonSeed {
    id: string;
    name: string;
    phone: string;
    doNotCall?: boolean;
    consent?: boolean;
    /** What the flow keeps on the person: every agent's list calls (flow TEXT() format) and the last refusal. */
    listCalls?: string;
    refusedAt?: string;
}
interface MemberSeed {
    id: string;
    person: PersonSeed;
    nextCallAt?: string;
    claimedBy?: string | null;
    claimedAt?: string | null;
    lastModified: string;
    done?: boolean;
    /** Diamy_Attempts__c: the result flow adds one when it records a call's result (writeResult). */
    attempts?: number;
}

/** The org's call list as GraphQL and LDS see it. */
class ListOrg {
    members: MemberSeed[];
    rulesLines: string[] = [RULE_FR];
    constructor(members: MemberSeed[]) {
        this.members = members;
    }
    node(member: MemberSeed): Record<string, unknown> {
        const person = {
            Name: v(member.person.name),
            Phone: v(member.person.phone),
            MobilePhone: v(null),
            DoNotCall: v(member.person.doNotCall === true),
            Diamy_Phone_Consent_At__c: v(member.person.consent ? '2026-09-01T08:00:00.000Z' : null),
            Diamy_Phone_Consent_Source__c: v(member.person.consent ? 'Web_Form' : null),
            Diamy_Phone_Consent_Proof__c: v(member.person.consent ? 'form-42' : null),
            Diamy_Phone_Consent_Withdrawn_At__c: v(null),
            Diamy_Current_Contract__c: v(false),
            Diamy_Prospecting_Calls__c: v(member.person.listCalls ?? null),
            Diamy_Prospecting_Refused_At__c: v(member.person.refusedAt ?? null)
        };
        const isLead = member.person.id.startsWith('00Q');
        return {
            Id: member.id,
            CampaignId: v(CAMPAIGN),
            LastModifiedDate: v(member.lastModified),
            Status: { value: 'Sent', displayValue: 'Sent' },
            Diamy_Audience__c: v(null),
            Diamy_Assigned_Agent__c: v(null),
            Diamy_Claimed_By__c: v(member.claimedBy ?? null),
            Diamy_Claimed_At__c: v(member.claimedAt ?? null),
            Diamy_Next_Call_At__c: v(member.nextCallAt ?? null),
            Diamy_Attempts__c: v(member.attempts ?? 0),
            Diamy_Last_Call_At__c: v(null),
            Diamy_Last_Result__c: v(null),
            Diamy_Last_Call__r: null,
            ContactId: v(isLead ? null : member.person.id),
            LeadId: v(isLead ? member.person.id : null),
            Contact: isLead ? null : { ...person, MailingCountry: v('France'), Account: { Name: v('Boulangerie Petit') } },
            Lead: isLead ? { ...person, Country: v('France'), Company: v('Studio Nord') } : null
        };
    }
    answer(config: GraphQLConfig): { data: unknown } | undefined {
        const source = config.query?.source ?? '';
        if (source.includes('query diamyCallLists ')) {
            return { data: { uiapi: { query: { Campaign: { edges: [{ node: { Id: CAMPAIGN, Name: v('Relance printemps'), Diamy_Audience__c: v('Consumer'), Diamy_Power_Pause_Seconds__c: v(3), Diamy_Contract_Calls__c: v(false) } }] } } } } };
        }
        if (source.includes('query diamyCallListMembers')) {
            const open = this.members.filter((m) => !m.done);
            return {
                data: {
                    uiapi: {
                        query: {
                            remaining: { totalCount: open.length, edges: open.map((m) => ({ node: this.node(m) })) },
                            done: { totalCount: this.members.length - open.length, edges: [] }
                        }
                    }
                }
            };
        }
        return undefined;
    }
    /** The flow Diamy_Call_List_Result records a call's result: one more attempt, the claim released. */
    writeResult(memberId: string): void {
        const member = this.members.find((m) => m.id === memberId) as MemberSeed;
        member.attempts = (member.attempts ?? 0) + 1;
        member.claimedBy = null;
        member.claimedAt = null;
        member.lastModified = new Date(Date.parse(member.lastModified) + 1000).toISOString();
    }
    /** LDS updateRecord: ifUnmodifiedSince is checked like the UI API does (412 when the record changed). */
    update(input: { fields: Record<string, unknown> }, options?: { ifUnmodifiedSince?: string }): Promise<unknown> {
        const member = this.members.find((m) => m.id === input.fields.Id);
        if (!member) {
            return Promise.reject(Object.assign(new Error('HTTP 404'), { status: 404, body: { message: 'not found' } }));
        }
        if (options?.ifUnmodifiedSince && options.ifUnmodifiedSince !== member.lastModified) {
            return Promise.reject(Object.assign(new Error('HTTP 412'), { status: 412, body: { message: 'The requested resource has been modified' } }));
        }
        if ('Diamy_Claimed_By__c' in input.fields) {
            member.claimedBy = input.fields.Diamy_Claimed_By__c as string | null;
            member.claimedAt = input.fields.Diamy_Claimed_At__c as string | null;
        }
        member.lastModified = new Date(Date.parse(member.lastModified) + 1000).toISOString();
        return Promise.resolve({ id: member.id });
    }
}

/** The utility-bar softphone on the phone channel: answers pings, places dial requests, publishes its state. */
class FakeSoftphone {
    dials: DialMessage[] = [];
    call: CurrentCall | null = null;
    /** The softphone's side goes away right after it answers a dial (its tab closed, the channel dropped). */
    dropAfterDial = false;
    gone = false;
    /**
     * A very short call (no answer, a wrong number): the call starts, ends and is logged before the dial's answer
     * reaches the panel. 'logged-last': its log message comes after that answer instead.
     */
    fastCall: false | 'logged-first' | 'logged-last' = false;
    constructor() {
        subscribe(NO_CONTEXT, DIAMY_PHONE, (message) => this.hear(message as PhoneMessage));
    }
    private hear(message: PhoneMessage): void {
        if (this.gone) {
            return;
        }
        if (message.type === 'ping') {
            this.send({ v: 1, type: 'state', replyTo: message.requestId, availability: this.call ? 'on_call' : 'ready', call: this.call });
        } else if (message.type === 'dial') {
            if (this.call) {
                // Like c/diamyPhoneHost: one call at a time.
                this.send({ v: 1, type: 'result', replyTo: message.requestId, ok: false, reason: 'on_call', message: '' });
                return;
            }
            this.dials.push(message);
            if (this.dropAfterDial) {
                this.send({ v: 1, type: 'result', replyTo: message.requestId, ok: true, reason: null, message: '', callId: `call-${this.dials.length}` });
                this.gone = true;
                return;
            }
            const callId = `call-${this.dials.length}`;
            if (this.fastCall) {
                const call: CurrentCall = { callId, direction: 'outbound', phase: 'dialing', name: message.name, number: message.number, withheld: false, answeredAt: null, related: message.related };
                this.send({ v: 1, type: 'state', replyTo: null, availability: 'on_call', call });
                this.send({ v: 1, type: 'state', replyTo: null, availability: 'ready', call: null });
                const logged: PhoneMessage = { v: 1, type: 'logged', diamyCallId: callId, related: message.related };
                if (this.fastCall === 'logged-first') this.send(logged);
                this.send({ v: 1, type: 'result', replyTo: message.requestId, ok: true, reason: null, message: '', callId });
                if (this.fastCall === 'logged-last') this.send(logged);
                return;
            }
            this.send({ v: 1, type: 'result', replyTo: message.requestId, ok: true, reason: null, message: '', callId });
            this.call = { callId, direction: 'outbound', phase: 'dialing', name: message.name, number: message.number, withheld: false, answeredAt: null, related: message.related };
            this.send({ v: 1, type: 'state', replyTo: null, availability: 'on_call', call: this.call });
        }
    }
    /** The call is answered, then hung up and wrapped up: the softphone is free again. */
    finishCall(): void {
        this.call = null;
        this.send({ v: 1, type: 'state', replyTo: null, availability: 'ready', call: null });
    }
    private send(message: PhoneMessage): void {
        publish(NO_CONTEXT, DIAMY_PHONE, message);
    }
}

/** Real time passing (the GraphQL double answers a macrotask later; the power-mode countdown ticks each second). */
function wait(ms: number): Promise<void> {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function settle(rounds = 6): Promise<void> {
    for (let i = 0; i < rounds; i += 1) {
        await flushPromises();
        await wait(0);
    }
}

const one = (element: HTMLElement, selector: string) => shadowOf(element).querySelector<HTMLElement>(selector);
const all = (element: HTMLElement, selector: string) => Array.from(shadowOf(element).querySelectorAll<HTMLElement>(selector));
const text = (element: HTMLElement, selector: string) => one(element, selector)?.textContent?.trim() ?? '';

async function mountWithoutRules(org: ListOrg): Promise<HTMLElement> {
    graphqlMock.answerWith((config) => org.answer(config));
    update.mockImplementation((input: { fields: Record<string, unknown> }, options?: { ifUnmodifiedSince?: string }) => org.update(input, options));
    const element = createElement('c-diamy-call-list-panel', { is: DiamyCallListPanel });
    document.body.appendChild(element);
    await settle();
    userAdapter.emit({ apiName: 'User', id: USER, fields: { Diamy_Default_Country__c: { value: 'FR', displayValue: null }, Diamy_Own_Numbers__c: { value: null, displayValue: null } } });
    return element;
}

function rulesAnswer(element: HTMLElement, org: ListOrg, status = 'FINISHED'): void {
    const outputVariables = status === 'ERROR' ? [] : [{ name: 'rules', dataType: 'String', isCollection: true, value: org.rulesLines }];
    one(element, 'lightning-flow')?.dispatchEvent(new CustomEvent('statuschange', { detail: { status, outputVariables } }));
}

async function mount(org: ListOrg): Promise<HTMLElement> {
    const element = await mountWithoutRules(org);
    rulesAnswer(element, org);
    await settle();
    return element;
}

async function pickList(element: HTMLElement): Promise<void> {
    one(element, 'button.call-list-pick')?.click();
    await settle(10);
}

const sophie: PersonSeed = { id: '003000000000001AAA', name: 'Sophie Bernard', phone: '01 42 00 00 01', consent: true };
const paul: PersonSeed = { id: '00Q000000000001AAA', name: 'Paul Martin', phone: '01 42 00 00 02', consent: false };
const marc: PersonSeed = { id: '003000000000002AAA', name: 'Marc Petit', phone: '01 42 00 00 03', doNotCall: true, consent: true };
const julie: PersonSeed = { id: '003000000000003AAA', name: 'Julie Roux', phone: '01 42 00 00 04', consent: true };

describe('c-diamy-call-list-panel', () => {
    beforeAll(async () => {
        await phoneMetadataReady();
    });
    beforeEach(() => {
        jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'nextTick'] });
    });
    afterEach(() => {
        resetDom();
        bus.__reset();
        graphqlMock.reset();
        update.mockReset();
        jest.useRealTimers();
    });

    it('shows the lists, then claims the first member the law allows, with the members it passed and why', async () => {
        const org = new ListOrg([
            { id: '00v000000000001AAA', person: paul, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000002AAA', person: marc, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const element = await mount(org);
        expect(all(element, '.call-list-name').map((node) => node.textContent)).toEqual(['Relance printemps']);
        await pickList(element);

        expect(text(element, '.call-list-member-name')).toBe('Sophie Bernard');
        expect(text(element, '.call-list-member-company')).toBe('Boulangerie Petit');
        expect(text(element, '.call-list-progress')).toBe('0 of 3 done');
        // Claimed on condition nobody touched it since it was read.
        expect(update).toHaveBeenCalledTimes(1);
        expect(update.mock.calls[0]).toEqual([
            { fields: { Id: '00v000000000003AAA', Diamy_Claimed_By__c: USER, Diamy_Claimed_At__c: NOW.toISOString() } },
            { ifUnmodifiedSince: '2027-03-01T09:00:00.000Z' }
        ]);
        const passed = all(element, '.call-list-passed-item').map((node) => node.textContent ?? '');
        expect(passed).toHaveLength(2);
        expect(passed[0]).toContain('Paul Martin');
        expect(passed[0]).toMatch(/consent/i);
        expect(passed[1]).toContain('Marc Petit — Do Not Call');
    });

    it('calls through the softphone with the member, its person and the list, so the call is logged against them', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const softphone = new FakeSoftphone();
        const element = await mount(org);
        await pickList(element);
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        expect(softphone.dials).toHaveLength(1);
        expect(softphone.dials[0]).toMatchObject({ number: '01 42 00 00 01', name: 'Sophie Bernard', related: { contactId: sophie.id, campaignId: CAMPAIGN, campaignMemberId: '00v000000000003AAA' } });
        expect(text(element, '.call-list-calling')).toContain('Sophie Bernard');
    });

    it('gives the member to the colleague who claimed it first and takes the next one', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const element = await mount(org);
        // A colleague claims Sophie between this agent's read and claim: the read's LastModifiedDate is now stale.
        const original = org.update.bind(org);
        let first = true;
        update.mockImplementation((input: { fields: Record<string, unknown> }, options?: { ifUnmodifiedSince?: string }) => {
            if (first) {
                first = false;
                const sophieMember = org.members[0] as MemberSeed;
                sophieMember.claimedBy = COLLEAGUE;
                sophieMember.claimedAt = NOW.toISOString();
                sophieMember.lastModified = '2027-03-03T10:29:59.000Z';
            }
            return original(input, options);
        });
        await pickList(element);
        expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        expect(all(element, '.call-list-passed-item').map((node) => node.textContent)).toEqual(['Sophie Bernard — Taken by a colleague just now']);
        expect(org.members.map((m) => m.claimedBy)).toEqual([COLLEAGUE, USER]);
    });

    it('in power mode, dials the next member by itself once the call is wrapped up, after the list\'s pause', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const softphone = new FakeSoftphone();
        const element = await mount(org);
        await pickList(element);
        one(element, 'lightning-input.call-list-power')?.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        expect(softphone.dials.map((d) => d.name)).toEqual(['Sophie Bernard']);
        // The org writes the result (the flow): Sophie is done.
        (org.members[0] as MemberSeed).done = true;
        softphone.finishCall();
        await settle();
        expect(text(element, '.call-list-countdown')).toContain('Next call in 3 s');
        await wait(3300);
        await settle(10);
        expect(softphone.dials.map((d) => d.name)).toEqual(['Sophie Bernard', 'Julie Roux']);
    }, 10_000);

    it('counts every agent\'s calls and refusals the org keeps on the person: 4 calls in 30 days, 60 days after a refusal', async () => {
        const org = new ListOrg([
            // Four list calls in the last 30 days (by colleagues: this agent may not even see those calls).
            { id: '00v000000000001AAA', person: { ...sophie, listCalls: '2027-03-02 09:00:00Z;2027-02-25 09:00:00Z;2027-02-18 09:00:00Z;2027-02-10 09:00:00Z' }, lastModified: '2027-03-01T09:00:00.000Z' },
            // Refused 20 days ago.
            { id: '00v000000000002AAA', person: { ...julie, refusedAt: '2027-02-11T09:00:00.000Z' }, lastModified: '2027-03-01T09:00:00.000Z' },
            // Three calls in 30 days and a fourth 31 days ago: may be called.
            { id: '00v000000000003AAA', person: { ...marc, doNotCall: false, listCalls: '2027-03-02 09:00:00Z;2027-02-25 09:00:00Z;2027-02-18 09:00:00Z;2027-01-31 09:00:00Z' }, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const element = await mount(org);
        await pickList(element);
        expect(text(element, '.call-list-member-name')).toBe('Marc Petit');
        const passed = all(element, '.call-list-passed-item').map((node) => node.textContent ?? '');
        expect(passed[0]).toMatch(/^Sophie Bernard — .*4/);
        expect(passed[1]).toMatch(/^Julie Roux — .*refus/i);
    });

    it('says until when a callback member waits, in the user\'s time zone and with the year', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z', nextCallAt: '2030-01-15T13:30:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const element = await mount(org);
        await pickList(element);
        // The jest user's time zone is America/Los_Angeles (the LWC jest transformer's default): 13:30 UTC is 5:30 AM.
        expect(all(element, '.call-list-passed-item').map((node) => node.textContent)).toEqual(['Sophie Bernard — Not before Tue, Jan 15, 2030, 05:30 AM']);
    });

    it('never offers again a member whose call result the org has not recorded yet', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const softphone = new FakeSoftphone();
        const element = await mount(org);
        await pickList(element);
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        // The call ends; the result flow has not updated Sophie yet (still claimed by this agent, same attempts).
        softphone.finishCall();
        await settle(10);
        expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        expect(update.mock.calls.filter(([input]) => (input as { fields: { Id: string } }).fields.Id === '00v000000000003AAA')).toHaveLength(1);
    });

    it('offers again a member whose call result never comes once its claim is stale, and one whose result the org recorded', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const softphone = new FakeSoftphone();
        const element = await mount(org);
        await pickList(element);
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        // Answered and wrapped up without a disposition: the flow never writes a result; Sophie stays claimed.
        softphone.finishCall();
        await settle(10);
        expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        // Julie's result is recorded (one more attempt, claim released).
        org.writeResult('00v000000000004AAA');
        softphone.finishCall();
        await settle(10);
        expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        expect(org.members[1]?.attempts).toBe(1);
        // Julie is done now (a colleague reached her): skipped here, nobody is left but Sophie, whose claim,
        // 10 minutes old, still holds her back.
        (org.members[1] as MemberSeed).done = true;
        one(element, 'lightning-button.call-list-skip')?.click();
        await settle(10);
        expect(one(element, '.call-list-empty')).not.toBeNull();
        jest.setSystemTime(new Date(NOW.getTime() + 10 * 60 * 1000));
        one(element, 'lightning-button.call-list-refresh')?.click();
        await settle(10);
        expect(one(element, '.call-list-empty')).not.toBeNull();
        // Stale after 10 minutes: back on the list, as docs/CALL-LISTS.md says.
        jest.setSystemTime(new Date(NOW.getTime() + 10 * 60 * 1000 + 1000));
        one(element, 'lightning-button.call-list-refresh')?.click();
        await settle(10);
        expect(all(element, '.call-list-member-name').map((node) => node.textContent)).toEqual(['Sophie Bernard']);
    });

    it('says when nobody may be called before the calling window opens, and never claims', async () => {
        jest.setSystemTime(new Date('2027-03-03T12:30:00.000Z')); // 13:30 in Paris: the lunch break
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const element = await mount(org);
        await pickList(element);
        expect(one(element, '.call-list-member')).toBeNull();
        expect(text(element, '.call-list-empty')).toMatch(/Next one callable/);
        expect(update).not.toHaveBeenCalled();
    });

    it('calls no consumer when the rules flow fails, and says so', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        graphqlMock.answerWith((config) => org.answer(config));
        update.mockImplementation((input: { fields: Record<string, unknown> }, options?: { ifUnmodifiedSince?: string }) => org.update(input, options));
        const element = createElement('c-diamy-call-list-panel', { is: DiamyCallListPanel });
        document.body.appendChild(element);
        await settle();
        one(element, 'lightning-flow')?.dispatchEvent(new CustomEvent('statuschange', { detail: { status: 'ERROR', outputVariables: [] } }));
        await settle();
        expect(text(element, '.call-list-rules-missing')).toMatch(/calling rules could not be read/);
        await pickList(element);
        expect(one(element, '.call-list-member')).toBeNull();
        expect(update).not.toHaveBeenCalled();
    });

    it('claims as soon as the rules flow answers after the list was picked (no polling)', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const element = await mountWithoutRules(org);
        await pickList(element);
        expect(one(element, '.call-list-member')).toBeNull();
        expect(update).not.toHaveBeenCalled();
        rulesAnswer(element, org);
        await settle(4);
        expect(text(element, '.call-list-member-name')).toBe('Sophie Bernard');
    });

    it('a rules flow failing after the list was picked shows the failure, not a spinner, and claims nobody', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const element = await mountWithoutRules(org);
        await pickList(element);
        rulesAnswer(element, org, 'ERROR');
        await settle(10);
        expect(text(element, '.call-list-message')).toMatch(/calling rules could not be read/);
        expect(one(element, '.call-list-member')).toBeNull();
        expect(one(element, 'lightning-button.call-list-refresh')).not.toBeNull();
        expect(update).not.toHaveBeenCalled();
    });

    it('tells the agent a failure in a sentence of their language, then the org\'s own message as plain text, never its raw error', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const element = await mount(org);
        update.mockImplementation(() =>
            Promise.reject(Object.assign(new Error('UI API 403'), { status: 403, body: { message: 'insufficient access rights on object id', output: { errors: [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' }], fieldErrors: {} } } }))
        );
        await pickList(element);
        const message = text(element, '.call-list-message');
        expect(message).toBe(
            'The call list could not be read or updated: The action failed. Try again; if it happens again, tell your administrator. Salesforce says: insufficient access rights on object id'
        );
        expect(message).not.toMatch(/[{}]|INSUFFICIENT|Diamy/);
    });

    it('bounds the org\'s message and keeps it plain text', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const element = await mount(org);
        const long = `Trigger failed:\n${'x'.repeat(1000)}`;
        update.mockImplementation(() => Promise.reject(Object.assign(new Error('UI API 400'), { status: 400, body: [{ errorCode: 'CANNOT_EXECUTE_FLOW_TRIGGER', message: long }] })));
        await pickList(element);
        const message = text(element, '.call-list-message');
        expect(message).toMatch(/ Salesforce says: Trigger failed: x+…$/);
        expect(message).not.toMatch(/[{}\n]|CANNOT_EXECUTE/);
        expect(message.length).toBeLessThan(500);
    });

    it('a softphone that goes away while the call starts: the failure is shown, the member released, and the agent can retry', async () => {
        const org = new ListOrg([{ id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' }]);
        const softphone = new FakeSoftphone();
        softphone.dropAfterDial = true;
        const element = await mount(org);
        await pickList(element);
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        expect(text(element, '.call-list-calling')).toContain('Sophie Bernard');
        // Nobody answers the panel's ping any more (c/diamyPhoneChannel PING_TIMEOUT_MS).
        await wait(2700);
        await settle();
        expect(one(element, '.call-list-calling')).toBeNull();
        expect(text(element, '.call-list-message')).not.toBe('');
        expect(org.members[0]?.claimedBy).toBeNull();
        // The softphone is back: Refresh claims the member again and Call places the call.
        softphone.gone = false;
        softphone.dropAfterDial = false;
        one(element, 'lightning-button.call-list-refresh')?.click();
        await settle(10);
        expect(text(element, '.call-list-member-name')).toBe('Sophie Bernard');
        one(element, 'lightning-button.call-list-call')?.click();
        await settle();
        expect(softphone.dials).toHaveLength(2);
        expect(text(element, '.call-list-calling')).toContain('Sophie Bernard');
    }, 10_000);

    it('with nobody left to call, reads the list again by itself: a member a colleague released is offered without a click', async () => {
        PANEL_TIMING.emptyRecheckMs = 300;
        try {
            const org = new ListOrg([
                { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z', done: true },
                { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z', claimedBy: COLLEAGUE, claimedAt: NOW.toISOString() }
            ]);
            const element = await mount(org);
            await pickList(element);
            expect(text(element, '.call-list-progress')).toBe('1 of 2 done');
            expect(one(element, '.call-list-empty')).not.toBeNull();
            // The colleague skips Julie (the claim is released): nobody clicks Refresh on this panel.
            const julieMember = org.members[1] as MemberSeed;
            julieMember.claimedBy = null;
            julieMember.claimedAt = null;
            julieMember.lastModified = '2027-03-03T10:30:30.000Z';
            await wait(700);
            await settle(10);
            expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        } finally {
            PANEL_TIMING.emptyRecheckMs = 15_000;
        }
    });

    it('in power mode, a member the quiet re-read finds is shown, never dialled by itself: the agent may have stopped watching', async () => {
        PANEL_TIMING.emptyRecheckMs = 300;
        try {
            const org = new ListOrg([{ id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z', claimedBy: COLLEAGUE, claimedAt: NOW.toISOString() }]);
            const softphone = new FakeSoftphone();
            const element = await mount(org);
            await pickList(element);
            one(element, 'lightning-input.call-list-power')?.dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
            expect(one(element, '.call-list-empty')).not.toBeNull();
            const julieMember = org.members[0] as MemberSeed;
            julieMember.claimedBy = null;
            julieMember.claimedAt = null;
            julieMember.lastModified = '2027-03-03T10:30:30.000Z';
            await wait(700);
            await settle(10);
            expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
            expect(julieMember.claimedBy).toBe(USER);
            expect(softphone.dials).toHaveLength(0);
            expect(one(element, '.call-list-calling')).toBeNull();
            // The agent calls: power mode goes on from there.
            one(element, 'lightning-button.call-list-call')?.click();
            await settle();
            expect(softphone.dials.map((d) => d.name)).toEqual(['Julie Roux']);
        } finally {
            PANEL_TIMING.emptyRecheckMs = 15_000;
        }
    });

    it.each(['logged-first', 'logged-last'] as const)(
        'a call over before the dial\'s answer reached the panel (%s) is not left on "Calling…": the next member comes',
        async (order) => {
            const org = new ListOrg([
                { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
                { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
            ]);
            const softphone = new FakeSoftphone();
            softphone.fastCall = order;
            const element = await mount(org);
            await pickList(element);
            // The org writes the result (the flow) when the call is logged: Sophie is done.
            (org.members[0] as MemberSeed).done = true;
            one(element, 'lightning-button.call-list-call')?.click();
            await settle(10);
            expect(softphone.dials.map((d) => d.name)).toEqual(['Sophie Bernard']);
            expect(one(element, '.call-list-calling')).toBeNull();
            expect(text(element, '.call-list-member-name')).toBe('Julie Roux');
        }
    );

    it('two tabs of the same agent never show, nor call, the same member, and never call two members at once', async () => {
        const org = new ListOrg([
            { id: '00v000000000003AAA', person: sophie, lastModified: '2027-03-01T09:00:00.000Z' },
            { id: '00v000000000004AAA', person: julie, lastModified: '2027-03-01T09:00:00.000Z' }
        ]);
        const softphone = new FakeSoftphone();
        const first = await mount(org);
        const second = await mount(org);
        await pickList(first);
        // Another tab has its own GraphQL cache (one document shares one here).
        graphqlMock.answerWith((config) => org.answer(config));
        await pickList(second);
        expect(text(first, '.call-list-member-name')).toBe('Sophie Bernard');
        // Sophie is this agent's fresh claim, held by the other tab: passed, with the reason.
        expect(text(second, '.call-list-member-name')).toBe('Julie Roux');
        expect(all(second, '.call-list-passed-item').map((node) => node.textContent)).toEqual(['Sophie Bernard — Held by you elsewhere: another tab, or before this page reloaded']);
        one(first, 'lightning-button.call-list-call')?.click();
        await settle();
        one(second, 'lightning-button.call-list-call')?.click();
        await settle();
        expect(softphone.dials.map((dial) => dial.name)).toEqual(['Sophie Bernard']);
        expect(text(second, '.call-list-message')).not.toBe('');
        expect(one(second, '.call-list-calling')).toBeNull();
    });
});
