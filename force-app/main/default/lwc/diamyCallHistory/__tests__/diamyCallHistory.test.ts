import { createElement } from '@lwc/engine-dom';
import DiamyCallHistory from 'c/diamyCallHistory';
import { getRecord } from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import * as navigation from 'lightning/navigation';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { asTestAdapter, flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';
import { statefulGraphql } from 'diamy-test/diamyGraphqlOrg';

// The project mocks add helpers the platform module types do not declare.
interface MessageServiceTestApi {
    __reset(): void;
    __subscriberCount(channel: unknown): number;
}
interface NavigationTestApi {
    getNavigateCalledWith(): { pageReference: { type: string; attributes: Record<string, string> } } | undefined;
    __reset(): void;
}
interface GraphQLConfig {
    query?: { source?: string };
    variables?: { recordId?: string; first?: number; after?: string | null };
}
type Message = Record<string, unknown> & { type: string; requestId?: string };

const lms = messageService as unknown as MessageServiceTestApi;
const nav = navigation as unknown as NavigationTestApi;
const userAdapter = asTestAdapter<unknown>(getRecord);

const CONTACT = '003000000000001AAA';
const OTHER_CONTACT = '003000000000002AAA';
const ACCOUNT = '001000000000001AAA';

// ---------------------------------------------------------------------------------------------------------------
// The org's calls, answered as UI API GraphQL would: the document's filter, newest first, `first` rows after the
// cursor, pageInfo; the cursor is opaque to the component.

interface Call {
    Id: string;
    Diamy_Call_Id__c: string;
    Direction__c: string;
    Outcome__c: string;
    Started_At__c: string;
    Talk_Seconds__c: number;
    Contact__c: string | null;
    Account__c: string | null;
    /** Contact__r.AccountId */
    contactAccountId: string | null;
    Recording_URL__c: string | null;
    Notes__c: string | null;
    From_Number_E164__c: string;
    To_Number_E164__c: string;
    Caller_Name__c: string;
}

let calls: Call[] = [];

function call(n: number, fields: Partial<Call> = {}): Call {
    return {
        Id: `a01${String(n).padStart(12, '0')}AAA`,
        Diamy_Call_Id__c: `call_${n}`,
        Direction__c: 'Inbound',
        Outcome__c: 'Answered',
        Started_At__c: new Date(Date.UTC(2026, 10, 20, 9, 0) + n * 60_000).toISOString(),
        Talk_Seconds__c: 60 + n,
        Contact__c: CONTACT,
        Account__c: null,
        contactAccountId: ACCOUNT,
        Recording_URL__c: null,
        Notes__c: null,
        From_Number_E164__c: '+33612345678',
        To_Number_E164__c: '+33184880000',
        Caller_Name__c: 'Jean Dupont',
        ...fields
    };
}

const v = <T>(value: T) => ({ value });
function nodeOf(c: Call) {
    return {
        Id: c.Id,
        Diamy_Call_Id__c: v(c.Diamy_Call_Id__c),
        Direction__c: v(c.Direction__c),
        Outcome__c: v(c.Outcome__c),
        Started_At__c: v(c.Started_At__c),
        Talk_Seconds__c: v(c.Talk_Seconds__c),
        Disposition__c: { value: 'Interested', displayValue: 'Interested' },
        Notes__c: v(c.Notes__c),
        Recording_URL__c: v(c.Recording_URL__c),
        Caller_Name__c: v(c.Caller_Name__c),
        From_Number__c: v(null),
        From_Number_E164__c: v(c.From_Number_E164__c),
        To_Number__c: v(null),
        To_Number_E164__c: v(c.To_Number_E164__c),
        Contact__c: v(c.Contact__c),
        Agent__r: { Name: v('Camille Martin') }
    };
}

let failWith: string | null = null;

function historyResolver(config: GraphQLConfig) {
    const source = config.query?.source ?? '';
    const operation = /query\s+(\w+)/.exec(source)?.[1];
    const id = config.variables?.recordId;
    if (failWith) {
        return { data: undefined, errors: [{ message: failWith }] };
    }
    const filters: Record<string, (c: Call) => boolean> = {
        diamyCallHistoryContact: (c) => c.Contact__c === id,
        diamyCallHistoryAccount: (c) => c.Account__c === id,
        diamyCallHistoryAccountContacts: (c) => c.Account__c === id || (c.Contact__c !== null && c.contactAccountId === id)
    };
    const filter = operation ? filters[operation] : undefined;
    if (!filter) {
        return undefined;
    }
    const sorted = calls.filter(filter).sort((a, b) => b.Started_At__c.localeCompare(a.Started_At__c));
    const start = config.variables?.after ? Number(config.variables.after.replace('cursor-', '')) : 0;
    const first = config.variables?.first ?? 10;
    const page = sorted.slice(start, start + first);
    const end = start + page.length;
    return {
        data: {
            uiapi: {
                query: {
                    Diamy_Call__c: {
                        edges: page.map((c) => ({ node: nodeOf(c) })),
                        pageInfo: { hasNextPage: end < sorted.length, endCursor: page.length ? `cursor-${end}` : null }
                    }
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------------------------
// A softphone on the channel (the lead's c/diamySoftphone side), answering a macrotask later as LMS does.

interface Softphone {
    heard: Message[];
    answer: (message: Message) => Record<string, unknown> | undefined;
}

/** LMS delivers to the other side asynchronously: the fake softphone answers a macrotask later. */
function later(callback: () => void): void {
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- test double of another component's asynchronous answer
    setTimeout(callback, 0);
}

function softphone(availability: string, answer: Softphone['answer'] = () => ({ ok: true, reason: null, message: '' })): Softphone {
    const phone: Softphone = { heard: [], answer };
    messageService.subscribe({}, DIAMY_PHONE, (raw: unknown) => {
        const message = raw as Message;
        if (message.type === 'ping') {
            later(() => messageService.publish({}, DIAMY_PHONE, { v: 1, type: 'state', replyTo: message.requestId, availability, call: null }));
        } else if (message.type === 'dial' || message.type === 'recording') {
            phone.heard.push(message);
            const reply = phone.answer(message);
            if (reply) {
                later(() => messageService.publish({}, DIAMY_PHONE, { v: 1, type: 'result', replyTo: message.requestId, ...reply }));
            }
        }
    });
    return phone;
}

function logged(diamyCallId: string, related: Record<string, string>): void {
    messageService.publish({}, DIAMY_PHONE, { v: 1, type: 'logged', diamyCallId, related });
}

// ---------------------------------------------------------------------------------------------------------------

type HistoryElement = HTMLElement & { recordId?: string; objectApiName?: string; pageSize?: number; includeContacts?: boolean };

function mount(props: Partial<HistoryElement> = {}): HistoryElement {
    const element = createElement('c-diamy-call-history', { is: DiamyCallHistory }) as unknown as HistoryElement;
    Object.assign(element, { recordId: CONTACT, objectApiName: 'Contact', pageSize: 3, ...props });
    document.body.appendChild(element);
    return element;
}

async function settle(times = 3): Promise<void> {
    for (let i = 0; i < times; i += 1) {
        await flushPromises();
    }
}

const root = (element: HTMLElement) => shadowOf(element);
const rows = (element: HTMLElement) => Array.from(root(element).querySelectorAll<HTMLElement>('.history-row'));
const rowIds = (element: HTMLElement) => rows(element).map((row) => row.dataset.id);
const textOf = (element: HTMLElement | Element | null | undefined, selector: string) => element?.querySelector(selector)?.textContent?.trim();
function button(element: HTMLElement, selector: string, index = 0): HTMLElement & { disabled: boolean; title: string } {
    const found = root(element).querySelectorAll<HTMLElement>(selector)[index];
    if (!found) {
        throw new Error(`no ${selector} #${index}`);
    }
    return found as HTMLElement & { disabled: boolean; title: string };
}

beforeAll(() => phoneMetadataReady());

describe('c-diamy-call-history', () => {
    beforeEach(() => {
        calls = [call(1), call(2, { Outcome__c: 'Missed', Talk_Seconds__c: 0 }), call(3, { Direction__c: 'Outbound', To_Number_E164__c: '+32470123456' })];
        failWith = null;
        statefulGraphql.answerWith(historyResolver);
    });

    afterEach(() => {
        resetDom();
        statefulGraphql.reset();
        lms.__reset();
        nav.__reset();
        jest.useRealTimers();
        jest.clearAllMocks();
    });

    it('shows a spinner, then the record calls newest first with what the agent needs to know', async () => {
        softphone('ready');
        const element = mount();
        await Promise.resolve();
        expect(root(element).querySelector('lightning-spinner')).not.toBeNull();
        userAdapter.emit({ id: '005000000000001AAA', fields: { Diamy_Default_Country__c: v('FR') } });
        await settle();

        expect(root(element).querySelector('lightning-spinner')).toBeNull();
        expect(rowIds(element)).toEqual([call(3).Id, call(2).Id, call(1).Id]);
        const [outbound, missed, answered] = rows(element);
        expect(textOf(outbound, '.history-open')).toBe('Outbound call');
        expect(textOf(outbound, '.history-result')).toBe('1 min 03 s');
        expect(textOf(outbound, '.history-number')).toBe('+32 470 12 34 56');
        expect(textOf(missed, '.history-result')).toBe('Missed call');
        expect(missed?.querySelector('.history-result')?.className).toContain('slds-text-color_error');
        expect(textOf(answered, '.history-number')).toBe('06 12 34 56 78');
        expect(textOf(answered, '.history-name')).toBe('Jean Dupont');
        expect(textOf(answered, '.history-agent')).toBe('Handled by Camille Martin');
        expect(textOf(answered, '.history-disposition')).toBe('Interested');
        expect(textOf(answered, '.history-when')).toMatch(/^20 Nov at \d{2}:01 [AP]M$|^Nov 20 at \d{1,2}:01 [AP]M$/);
        expect(answered?.querySelector('.history-play')).toBeNull();
    });

    it('says so when the record has no calls', async () => {
        softphone('ready');
        const element = mount({ recordId: OTHER_CONTACT });
        await settle();
        expect(textOf(root(element) as unknown as Element, '.history-empty')).toBe('No calls with this record yet.');
        expect(rows(element)).toHaveLength(0);
        expect(root(element).querySelector('.history-more')).toBeNull();
    });

    it('tells the user when the history cannot be loaded, never the server text', async () => {
        failWith = 'INVALID_FIELD: No such column Agent__r';
        const element = mount();
        await settle();
        const error = root(element).querySelector('.history-error');
        expect(error?.getAttribute('role')).toBe('alert');
        expect(error?.textContent).toContain('The call history could not be loaded.');
        expect(error?.textContent).not.toContain('INVALID_FIELD');
        expect(root(element).querySelector('lightning-spinner')).toBeNull();
    });

    it('treats an answer without the call list as an error', async () => {
        statefulGraphql.answerWith(() => ({ data: { uiapi: { query: {} } } }));
        const element = mount();
        await settle();
        expect(root(element).querySelector('.history-error')?.textContent).toContain('The call history could not be loaded.');
    });

    it('loads the next page with Show more, keeping the rows already shown, until there is none', async () => {
        calls = Array.from({ length: 7 }, (_, i) => call(i + 1));
        const element = mount({ pageSize: 3 });
        await settle();
        expect(rowIds(element)).toEqual([call(7).Id, call(6).Id, call(5).Id]);

        button(element, '.history-more').click();
        await settle();
        expect(rowIds(element)).toEqual([7, 6, 5, 4, 3, 2].map((n) => call(n).Id));

        button(element, '.history-more').click();
        await settle();
        expect(rowIds(element)).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => call(n).Id));
        expect(root(element).querySelector('.history-more')).toBeNull();
    });

    it('keeps the rows and says so when the next page fails', async () => {
        calls = Array.from({ length: 4 }, (_, i) => call(i + 1));
        const element = mount({ pageSize: 3 });
        await settle();
        failWith = 'boom';
        button(element, '.history-more').click();
        await settle();
        expect(rows(element)).toHaveLength(3);
        expect(root(element).querySelector('.history-message')?.textContent).toContain('The call history could not be loaded.');
    });

    it('opens the call record', async () => {
        const element = mount();
        await settle();
        (root(element).querySelector('.history-open') as HTMLElement).click();
        expect(nav.getNavigateCalledWith()?.pageReference).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: call(3).Id, objectApiName: 'Diamy_Call__c', actionName: 'view' }
        });
    });

    it('calls back through the softphone with the record the call belongs to', async () => {
        const phone = softphone('ready');
        const element = mount();
        await settle();
        const callBack = button(element, '.history-call-back', 2);
        expect(callBack.disabled).toBe(false);
        expect(root(element).querySelector('.history-reason')).toBeNull();
        callBack.click();
        await settle();
        expect(phone.heard).toEqual([expect.objectContaining({ v: 1, type: 'dial', number: '+33612345678', name: 'Jean Dupont', related: { contactId: CONTACT } })]);
        expect(root(element).querySelector('.history-message')).toBeNull();
    });

    it('shows the softphone refusal of a call back', async () => {
        softphone('ready', () => ({ ok: false, reason: 'invalid_number', message: 'This number cannot be called.' }));
        const element = mount();
        await settle();
        button(element, '.history-call-back').click();
        await settle();
        expect(root(element).querySelector('.history-message')?.textContent).toBe('This number cannot be called.');
    });

    it.each([
        ['offline', 'The phone is offline: it cannot place calls now.'],
        ['on_call', 'You are already on a call.'],
        ['other_tab', 'The phone is open in another Salesforce tab: call back from that tab.'],
        ['connecting', 'The phone is connecting to Diamy. Try again in a moment.']
    ])('disables call back and says why when the softphone is %s', async (availability, reason) => {
        const phone = softphone(availability);
        const element = mount();
        await settle();
        const callBack = button(element, '.history-call-back');
        expect(callBack.disabled).toBe(true);
        expect(callBack.title).toBe(reason);
        expect(root(element).querySelector('.history-reason')?.textContent).toBe(reason);
        callBack.click();
        await settle();
        expect(phone.heard).toEqual([]);
    });

    it('disables call back once no softphone answered the ping in time', async () => {
        jest.useFakeTimers();
        const element = mount();
        await jest.advanceTimersByTimeAsync(10);
        expect(button(element, '.history-call-back').disabled).toBe(true);
        expect(root(element).querySelector('.history-reason')?.textContent).toBe('Looking for the phone…');
        await jest.advanceTimersByTimeAsync(2500);
        expect(root(element).querySelector('.history-reason')?.textContent).toBe('Open the Diamy phone in the utility bar to call back.');
        expect(button(element, '.history-call-back').disabled).toBe(true);
    });

    it('shows a call the softphone logged for this record without a reload, and ignores the others', async () => {
        softphone('ready');
        const element = mount();
        await settle();
        const asked = statefulGraphql.queryCount;

        calls.push(call(9, { Contact__c: OTHER_CONTACT }));
        logged('call_9', { contactId: OTHER_CONTACT });
        await settle();
        expect(statefulGraphql.queryCount).toBe(asked);
        expect(rows(element)).toHaveLength(3);

        calls.push(call(10));
        logged('call_10', { contactId: CONTACT });
        await settle();
        expect(statefulGraphql.queryCount).toBe(asked + 1);
        expect(rowIds(element)[0]).toBe(call(10).Id);
    });

    it('goes back to the fresh first page when a call is logged after Show more', async () => {
        calls = Array.from({ length: 4 }, (_, i) => call(i + 1));
        const element = mount({ pageSize: 3 });
        await settle();
        button(element, '.history-more').click();
        await settle();
        expect(rows(element)).toHaveLength(4);

        calls.push(call(11));
        logged('call_11', { contactId: CONTACT });
        await settle(4);
        expect(rowIds(element)).toEqual([11, 4, 3].map((n) => call(n).Id));
    });

    it('lists an Account with its contacts calls, and refreshes for a call logged with the account', async () => {
        calls = [call(1, { Contact__c: null, Account__c: ACCOUNT }), call(2), call(3, { Contact__c: OTHER_CONTACT, contactAccountId: '001000000000009AAA' })];
        const phone = softphone('ready');
        const element = mount({ recordId: ACCOUNT, objectApiName: 'Account', pageSize: 10 });
        await settle();
        expect(rowIds(element)).toEqual([call(2).Id, call(1).Id]);

        button(element, '.history-call-back').click();
        await settle();
        expect(phone.heard[0]).toMatchObject({ type: 'dial', related: { accountId: ACCOUNT, contactId: CONTACT } });

        calls.push(call(12, { Contact__c: null, Account__c: ACCOUNT }));
        logged('call_12', { accountId: ACCOUNT });
        await settle();
        expect(rowIds(element)[0]).toBe(call(12).Id);
    });

    it("lists only the Account's own calls when the admin leaves out its contacts", async () => {
        calls = [call(1, { Contact__c: null, Account__c: ACCOUNT }), call(2)];
        const element = mount({ recordId: ACCOUNT, objectApiName: 'Account', includeContacts: false });
        await settle();
        expect(rowIds(element)).toEqual([call(1).Id]);
    });

    it('plays a recording through a signed link the softphone asks for, and asks again once it expired', async () => {
        calls = [call(1, { Recording_URL__c: 'https://diamy.example.com/v2/recordings/rec_1' })];
        let expiresIn = 300_000;
        const phone = softphone('ready', (message) => ({
            ok: true,
            reason: null,
            message: '',
            url: `https://diamy.example.com/v2/recordings/rec_1?expires=1&signature=${phone.heard.length}`,
            expiresAt: new Date(Date.now() + expiresIn).toISOString(),
            diamyCallId: message.diamyCallId
        }));
        const element = mount();
        await settle();
        expect(root(element).querySelector('audio')).toBeNull();

        button(element, '.history-play').click();
        await settle();
        expect(phone.heard[0]).toMatchObject({ type: 'recording', diamyCallId: 'call_1' });
        const audio = root(element).querySelector('audio');
        expect(audio?.getAttribute('src')).toBe('https://diamy.example.com/v2/recordings/rec_1?expires=1&signature=1');
        expect(audio?.hasAttribute('controls')).toBe(true);
        expect(audio?.getAttribute('aria-label')).toBe('Recording of the call');

        // Still valid: Play again plays it, no new request.
        const played = jest.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
        button(element, '.history-play').click();
        await settle();
        expect(phone.heard).toHaveLength(1);
        expect(played).toHaveBeenCalledTimes(1);
        played.mockRestore();

        // The player failed to load it (it expired meanwhile): the next Play asks for a new link.
        expiresIn = 300_000;
        audio?.dispatchEvent(new CustomEvent('error'));
        await settle();
        expect(root(element).querySelector('audio')).toBeNull();
        expect(root(element).querySelector('.history-recording-message')?.textContent).toBe('The recording cannot be played right now. Try again in a moment.');
        button(element, '.history-play').click();
        await settle();
        expect(phone.heard).toHaveLength(2);
        expect(root(element).querySelector('audio')?.getAttribute('src')).toContain('signature=2');
        expect(root(element).querySelector('.history-recording-message')).toBeNull();
    });

    it('asks again for a link that already expired', async () => {
        calls = [call(1, { Recording_URL__c: 'https://diamy.example.com/v2/recordings/rec_1' })];
        const phone = softphone('ready', () => ({
            ok: true,
            reason: null,
            message: '',
            url: 'https://diamy.example.com/v2/recordings/rec_1?expires=1&signature=s',
            expiresAt: new Date(Date.now() + 3000).toISOString()
        }));
        const element = mount();
        await settle();
        button(element, '.history-play').click();
        await settle();
        button(element, '.history-play').click();
        await settle();
        expect(phone.heard).toHaveLength(2);
    });

    it('says why a recording cannot be played when the softphone refuses', async () => {
        calls = [call(1, { Recording_URL__c: 'https://diamy.example.com/v2/recordings/rec_1' })];
        softphone('ready', () => ({ ok: false, reason: 'failed', message: 'You may only listen to your own calls.' }));
        const element = mount();
        await settle();
        button(element, '.history-play').click();
        await settle();
        expect(root(element).querySelector('audio')).toBeNull();
        const message = root(element).querySelector('.history-recording-message');
        expect(message?.textContent).toBe('You may only listen to your own calls.');
        expect(message?.getAttribute('role')).toBe('alert');
    });

    it('stops listening to the channel when removed from the page', async () => {
        const element = mount();
        await settle();
        expect(lms.__subscriberCount(DIAMY_PHONE)).toBe(1);
        element.remove();
        expect(lms.__subscriberCount(DIAMY_PHONE)).toBe(0);
    });

    it('asks nothing on a page it does not support', async () => {
        const element = mount({ objectApiName: 'Task' });
        await settle();
        expect(statefulGraphql.queryCount).toBe(0);
        expect(root(element).querySelector('lightning-spinner')).toBeNull();
        expect(rows(element)).toHaveLength(0);
    });
});
