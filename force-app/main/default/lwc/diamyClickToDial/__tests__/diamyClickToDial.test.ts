// c-diamy-click-to-dial on record pages and the Home page, against a fake softphone that listens on the same
// Lightning Message Service channel (the LMS mock delivers publish → subscribers) and answers a beat later, as the
// real utility-bar component does. No answer to the ping: fake timers run the 2.5 s timeout.
import { createElement } from '@lwc/engine-dom';
import DiamyClickToDial from 'c/diamyClickToDial';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import * as lms from 'lightning/messageService';
import { publish, subscribe } from 'lightning/messageService';
import type { MessageContextType } from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import type { DialMessage, PhoneMessage, ResultMessage, SoftphoneAvailability } from 'c/diamyPhoneChannel';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';
import { IDS, accountContact, accountContacts, caseRecord, rec, role, roles, sophieRecord } from 'diamy-test/diamyClickToDialKit';
import type { RecordShape } from 'diamy-test/diamyClickToDialKit';

interface GraphQLConfig {
    query?: unknown;
    variables?: { recordId?: string; first?: number };
}
interface GraphQLTestAdapter {
    emit(data: unknown, filter?: (config: GraphQLConfig) => boolean): void;
    emitErrors(errors: readonly { message: string }[], filter?: (config: GraphQLConfig) => boolean): void;
    getLastConfig(): GraphQLConfig;
}
interface LmsTestApi {
    __reset(): void;
    __subscriberCount(channel: unknown): number;
}

/** The LDS test adapter of sfdx-lwc-jest: emit takes a filter on each wire's configuration (two getRecord wires here). */
interface LdsTestAdapter {
    emit(value: unknown, filter?: (config: Record<string, unknown>) => boolean): void;
    error(body?: unknown, status?: number, statusText?: string): void;
    getLastConfig(): Record<string, unknown>;
}
const recordAdapter = getRecord as unknown as LdsTestAdapter;
const graphqlAdapter = graphql as unknown as GraphQLTestAdapter;
const bus = lms as unknown as LmsTestApi;
const USER_ID = '005000000000000000';
const NO_CONTEXT = undefined as unknown as MessageContextType;

type DialElement = HTMLElement & {
    recordId?: string;
    objectApiName?: string;
    showMobile?: boolean;
    showHomePhone?: boolean;
    showRelatedPhones?: boolean;
    maxRelated?: number;
};

/** A softphone in the utility bar: answers pings with its availability, records dial requests and answers them. */
class FakeSoftphone {
    availability: SoftphoneAvailability;
    dials: DialMessage[] = [];
    /** The result of a dial request; null: the softphone never answers it. */
    answer: (dial: DialMessage) => Omit<ResultMessage, 'v' | 'type' | 'replyTo'> | null = () => ({ ok: true, reason: null, message: '', callId: 'call-1' });

    constructor(availability: SoftphoneAvailability) {
        this.availability = availability;
        subscribe(NO_CONTEXT, DIAMY_PHONE, (message) => this.hear(message as PhoneMessage));
    }

    private hear(message: PhoneMessage): void {
        if (message.type === 'ping') {
            const requestId = message.requestId;
            void Promise.resolve().then(() => this.send({ v: 1, type: 'state', replyTo: requestId, availability: this.availability, call: null }));
        } else if (message.type === 'dial') {
            this.dials.push(message);
            const answer = this.answer(message);
            if (answer) {
                void Promise.resolve().then(() => this.send({ v: 1, type: 'result', replyTo: message.requestId, ...answer }));
            }
        }
    }

    /** The softphone's own state change (a call starts, ends, the connection drops). */
    becomes(availability: SoftphoneAvailability): void {
        this.availability = availability;
        this.send({ v: 1, type: 'state', replyTo: null, availability, call: null });
    }

    private send(message: PhoneMessage): void {
        publish(NO_CONTEXT, DIAMY_PHONE, message);
    }
}

function user(country: string | null = 'FR') {
    return rec('User', USER_ID, { Diamy_Default_Country__c: country, Diamy_Own_Numbers__c: null });
}

const isUser = (config: Record<string, unknown>) => config.recordId === USER_ID;
const isRecord = (id: string) => (config: Record<string, unknown>) => config.recordId === id;

async function mount(props: Partial<DialElement>, record?: RecordShape, country: string | null = 'FR'): Promise<DialElement> {
    const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
    Object.assign(element, props);
    document.body.appendChild(element);
    await flushPromises(); // the wires get their configuration
    recordAdapter.emit(user(country), isUser);
    if (record && props.recordId) {
        recordAdapter.emit(record, isRecord(props.recordId));
    }
    await flushPromises();
    return element;
}

const all = (element: HTMLElement, selector: string) => Array.from(shadowOf(element).querySelectorAll<HTMLElement>(selector));
const one = (element: HTMLElement, selector: string) => shadowOf(element).querySelector<HTMLElement>(selector);
const texts = (element: HTMLElement, selector: string) => all(element, selector).map((node) => node.textContent?.trim() ?? '');

/** Each line as an agent reads it: label, detail · number, and its button. */
function lines(element: HTMLElement) {
    return all(element, '.dial-entry').map((entry) => {
        const button = entry.querySelector<HTMLButtonElement>('button.dial-call');
        return {
            label: entry.querySelector('.dial-label')?.textContent?.trim(),
            number: entry.querySelector('.dial-display')?.textContent?.trim(),
            detail: entry.querySelector('.dial-detail')?.textContent?.replace('·', '').trim() ?? '',
            button: button?.textContent?.trim(),
            disabled: button?.disabled,
            ariaLabel: button?.getAttribute('aria-label'),
            doNotCall: entry.querySelector('.dial-do-not-call')?.textContent?.trim() ?? ''
        };
    });
}

function button(element: HTMLElement, index: number): HTMLButtonElement {
    const found = all(element, 'button.dial-call')[index];
    if (!found) {
        throw new Error(`no call button ${index}`);
    }
    return found as HTMLButtonElement;
}

/** Microtask flush that works under fake timers (re-renders and the fake softphone's answers are microtasks). */
async function ticks(): Promise<void> {
    for (let i = 0; i < 10; i += 1) {
        await Promise.resolve();
    }
}

describe('c-diamy-click-to-dial', () => {
    beforeAll(async () => {
        await phoneMetadataReady();
    });

    afterEach(() => {
        resetDom();
        bus.__reset();
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    describe('on a Contact page', () => {
        it("lists the contact's numbers and its company's, formatted for the agent, each with a Call button once the phone answers", async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord());

            expect(lines(element)).toEqual([
                { label: 'Phone', detail: '', number: '04 72 10 20 31', button: 'Call', disabled: false, ariaLabel: 'Call Sophie Bernard, phone', doNotCall: '' },
                { label: 'Mobile', detail: '', number: '06 12 34 56 78', button: 'Call', disabled: false, ariaLabel: 'Call Sophie Bernard, mobile', doNotCall: '' },
                {
                    label: 'Cabinet Bernard & Associés',
                    detail: 'Company phone',
                    number: '04 72 10 20 30',
                    button: 'Call',
                    disabled: false,
                    ariaLabel: 'Call Cabinet Bernard & Associés, company phone',
                    doNotCall: ''
                }
            ]);
            // The record is read with optional fields only: a field the agent may not see does not break the card.
            const config = recordAdapter.getLastConfig();
            expect(config.fields).toBeUndefined();
            expect(config.optionalFields).toEqual(expect.arrayContaining(['Contact.DoNotCall', 'Contact.Account.Phone', 'Contact.MobilePhone']));
            expect(softphone.dials).toEqual([]);
        });

        it('sends the dial request with the number as stored, the name and the records to log the call with, then says it is calling', async () => {
            jest.useFakeTimers();
            const softphone = new FakeSoftphone('ready');
            const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
            Object.assign(element, { recordId: IDS.sophie, objectApiName: 'Contact' });
            document.body.appendChild(element);
            await ticks();
            recordAdapter.emit(user(), isUser);
            recordAdapter.emit(sophieRecord(), isRecord(IDS.sophie));
            await ticks();

            button(element, 1).click();
            await ticks();
            expect(softphone.dials).toHaveLength(1);
            expect(softphone.dials[0]).toEqual({
                v: 1,
                type: 'dial',
                requestId: expect.any(String),
                number: '06 12 34 56 78',
                name: 'Sophie Bernard',
                related: { contactId: IDS.sophie, accountId: IDS.cabinet }
            });
            expect(one(element, '.dial-notice')?.textContent).toBe('Calling Sophie Bernard…');
            expect(one(element, '.dial-refusal')).toBeNull();

            // The softphone takes the call: the buttons say it; the notice goes after a few seconds.
            softphone.becomes('on_call');
            await ticks();
            expect(lines(element).map((l) => [l.button, l.disabled])).toEqual([
                ['Already on a call', true],
                ['Already on a call', true],
                ['Already on a call', true]
            ]);
            jest.advanceTimersByTime(5000);
            await ticks();
            expect(one(element, '.dial-notice')).toBeNull();
        });

        it('keeps the numbers of a contact on Do Not Call visible but not callable, and says why', async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord({ DoNotCall: true }));

            for (const line of lines(element)) {
                expect(line).toMatchObject({ button: 'Do not call', disabled: true, doNotCall: 'Sophie Bernard asked not to be called (Do Not Call).' });
            }
            expect(lines(element)[1]?.ariaLabel).toBe('Call Sophie Bernard, mobile — Do not call');
            button(element, 1).click();
            await flushPromises();
            expect(softphone.dials).toEqual([]);
        });

        it('follows the App Builder switches: home phone on, mobile and related people off', async () => {
            new FakeSoftphone('ready');
            const record = sophieRecord({ HomePhone: '01 23 45 67 89' });
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact', showMobile: false, showHomePhone: true, showRelatedPhones: false }, record);

            expect(lines(element).map((l) => [l.label, l.number])).toEqual([
                ['Phone', '04 72 10 20 31'],
                ['Home phone', '01 23 45 67 89']
            ]);
            expect(recordAdapter.getLastConfig().optionalFields).toEqual(['Contact.Name', 'Contact.AccountId', 'Contact.DoNotCall', 'Contact.Phone', 'Contact.HomePhone']);
        });

        it("formats the numbers for the org's country from the user's settings", async () => {
            new FakeSoftphone('ready');
            const record = sophieRecord({ Phone: '+33 4 72 10 20 31', MobilePhone: '+32 470 12 34 56', Account: null });
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, record, 'BE');
            expect(texts(element, '.dial-display')).toEqual(['+33 4 72 10 20 31', '0470 12 34 56']);
        });

        it('says when the record cannot be loaded', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' });
            recordAdapter.error({ message: 'insufficient access' }, 403, 'Forbidden');
            await flushPromises();
            expect(one(element, '.dial-error')?.textContent).toBe('The phone numbers could not be loaded. Refresh the page to try again.');
            expect(all(element, '.dial-entry')).toHaveLength(0);
        });

        it('shows a spinner until the record and the settings are there, and says when nothing can be called', async () => {
            new FakeSoftphone('ready');
            const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
            Object.assign(element, { recordId: IDS.sophie, objectApiName: 'Contact' });
            document.body.appendChild(element);
            await flushPromises();
            expect(one(element, 'lightning-spinner')).not.toBeNull();
            recordAdapter.emit(user(), isUser);
            recordAdapter.emit(rec('Contact', IDS.sophie, { Name: 'Sophie Bernard', Phone: null }), isRecord(IDS.sophie));
            await flushPromises();
            expect(one(element, 'lightning-spinner')).toBeNull();
            expect(one(element, '.dial-empty')?.textContent).toBe('No phone number to call on this record.');
        });
    });

    describe('the softphone', () => {
        it('without a softphone: looks for it, then after 2.5 s says to open it, and comes alive when it starts', async () => {
            jest.useFakeTimers();
            const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
            Object.assign(element, { recordId: IDS.sophie, objectApiName: 'Contact' });
            document.body.appendChild(element);
            await ticks();
            recordAdapter.emit(user(), isUser);
            recordAdapter.emit(sophieRecord(), isRecord(IDS.sophie));
            await ticks();
            expect(lines(element).map((l) => [l.button, l.disabled])[0]).toEqual(['Looking for the phone…', true]);

            jest.advanceTimersByTime(2499);
            await ticks();
            expect(lines(element)[0]?.button).toBe('Looking for the phone…');
            jest.advanceTimersByTime(1);
            await ticks();
            expect(lines(element).map((l) => [l.button, l.disabled])).toEqual([
                ['Open the Diamy phone in the utility bar', true],
                ['Open the Diamy phone in the utility bar', true],
                ['Open the Diamy phone in the utility bar', true]
            ]);
            expect(lines(element)[1]?.ariaLabel).toBe('Call Sophie Bernard, mobile — Open the Diamy phone in the utility bar');
            button(element, 0).click();
            await ticks();

            // The agent opens the utility: the softphone starts and says it is there.
            const softphone = new FakeSoftphone('ready');
            softphone.becomes('ready');
            await ticks();
            expect(lines(element).map((l) => l.button)).toEqual(['Call', 'Call', 'Call']);
            expect(one(element, '.dial-check-again')).toBeNull();
            expect(softphone.dials).toEqual([]);
        });

        it('asks again when the agent presses Check again', async () => {
            jest.useFakeTimers();
            const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
            Object.assign(element, { recordId: IDS.sophie, objectApiName: 'Contact' });
            document.body.appendChild(element);
            await ticks();
            recordAdapter.emit(user(), isUser);
            recordAdapter.emit(sophieRecord(), isRecord(IDS.sophie));
            jest.advanceTimersByTime(2500);
            await ticks();
            const check = one(element, '.dial-check-again');
            expect((check as unknown as { label?: string } | null)?.label).toBe('Check again');

            new FakeSoftphone('connecting');
            check?.click();
            await ticks();
            expect(lines(element)[0]?.button).toBe('The phone is connecting…');
        });

        it('busy: every button says the agent is already on a call, until the call ends', async () => {
            const softphone = new FakeSoftphone('on_call');
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord());
            expect(lines(element).map((l) => [l.button, l.disabled])).toEqual([
                ['Already on a call', true],
                ['Already on a call', true],
                ['Already on a call', true]
            ]);
            button(element, 0).click();
            await flushPromises();
            expect(softphone.dials).toEqual([]);

            softphone.becomes('ready');
            await flushPromises();
            expect(lines(element).map((l) => [l.button, l.disabled])[0]).toEqual(['Call', false]);
        });

        it.each([
            ['offline', 'The phone is offline'],
            ['other_tab', 'The phone is in another tab'],
            ['connecting', 'The phone is connecting…']
        ] as const)('%s: the buttons say so and do not dial', async (availability, said) => {
            const softphone = new FakeSoftphone(availability);
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord());
            expect(lines(element).every((l) => l.button === said && l.disabled)).toBe(true);
            button(element, 1).click();
            await flushPromises();
            expect(softphone.dials).toEqual([]);
        });

        it("shows the softphone's refusal in words, its own message when it gives one", async () => {
            const softphone = new FakeSoftphone('ready');
            softphone.answer = () => ({ ok: false, reason: 'on_call', message: '' });
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord());
            button(element, 0).click();
            await flushPromises();
            const refusal = one(element, '.dial-refusal');
            expect(refusal?.textContent).toBe('You are already on a call. Finish it before calling someone else.');
            expect(refusal?.getAttribute('role')).toBe('alert');
            expect(one(element, '.dial-notice')).toBeNull();

            softphone.answer = () => ({ ok: false, reason: 'invalid_number', message: 'Diamy cannot call this number.' });
            button(element, 1).click();
            await flushPromises();
            expect(one(element, '.dial-refusal')?.textContent).toBe('Diamy cannot call this number.');
        });

        it('says the phone did not answer when a dial request gets no result', async () => {
            jest.useFakeTimers();
            const softphone = new FakeSoftphone('ready');
            const element = createElement('c-diamy-click-to-dial', { is: DiamyClickToDial }) as unknown as DialElement;
            Object.assign(element, { recordId: IDS.sophie, objectApiName: 'Contact' });
            document.body.appendChild(element);
            await ticks();
            recordAdapter.emit(user(), isUser);
            recordAdapter.emit(sophieRecord(), isRecord(IDS.sophie));
            await ticks();
            // The softphone hears the request but never answers it (it was closed meanwhile).
            softphone.answer = () => null;
            button(element, 0).click();
            await ticks();
            expect(all(element, 'button.dial-call').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
            jest.advanceTimersByTime(8000);
            await ticks();
            expect(one(element, '.dial-refusal')?.textContent).toBe('The Diamy phone did not answer. Open it in the utility bar, then try again.');
            expect(lines(element)[0]?.disabled).toBe(false);
        });

        it('stops listening to the channel when it leaves the page', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.sophie, objectApiName: 'Contact' }, sophieRecord());
            expect(bus.__subscriberCount(DIAMY_PHONE)).toBe(2);
            document.body.removeChild(element);
            expect(bus.__subscriberCount(DIAMY_PHONE)).toBe(1);
        });
    });

    describe('on an Account page', () => {
        const account = rec('Account', IDS.cabinet, { Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30' });

        it('lists the account phone then its contacts, and a call to a contact is logged with the account and that contact', async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.cabinet, objectApiName: 'Account', maxRelated: 3 }, account);
            expect(graphqlAdapter.getLastConfig().variables).toEqual({ recordId: IDS.cabinet, first: 3 });
            expect(one(element, '.dial-related-loading')).not.toBeNull();

            graphqlAdapter.emit(
                accountContacts([
                    accountContact(IDS.julie, 'Julie Garnier', 'Assistante de direction', null, '06 11 22 33 44', true),
                    accountContact(IDS.sophie, 'Sophie Bernard', 'Directrice administrative', null, '06 12 34 56 78')
                ]),
                (config) => config.variables?.recordId === IDS.cabinet
            );
            await flushPromises();
            expect(one(element, '.dial-related-loading')).toBeNull();
            expect(lines(element).map((l) => [l.label, l.detail, l.number, l.button])).toEqual([
                ['Phone', '', '04 72 10 20 30', 'Call'],
                ['Julie Garnier · Assistante de direction', 'Mobile', '06 11 22 33 44', 'Do not call'],
                ['Sophie Bernard · Directrice administrative', 'Mobile', '06 12 34 56 78', 'Call']
            ]);

            button(element, 2).click();
            await flushPromises();
            expect(softphone.dials[0]).toMatchObject({ number: '06 12 34 56 78', name: 'Sophie Bernard', related: { accountId: IDS.cabinet, contactId: IDS.sophie } });
            button(element, 0).click();
            await flushPromises();
            expect(softphone.dials[1]).toMatchObject({ number: '04 72 10 20 30', name: 'Cabinet Bernard & Associés', related: { accountId: IDS.cabinet } });
            expect(softphone.dials[1]?.related).toEqual({ accountId: IDS.cabinet });
        });

        it('still offers the account phone when its contacts cannot be loaded, and says so', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.cabinet, objectApiName: 'Account' }, account);
            graphqlAdapter.emitErrors([{ message: 'Insufficient privileges' }]);
            await flushPromises();
            expect(lines(element).map((l) => l.label)).toEqual(['Phone']);
            expect(one(element, '.dial-related-error')?.textContent).toBe('The related people could not be loaded. Refresh the page to try again.');
        });
    });

    describe('on an Opportunity page', () => {
        const opportunity = rec('Opportunity', IDS.opportunity, { Name: 'Renouvellement 2025', AccountId: IDS.cabinet });

        it("lists the contact roles' numbers, primary first, and logs a call with the opportunity, its account and the contact", async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.opportunity, objectApiName: 'Opportunity' }, opportunity);
            graphqlAdapter.emit(
                roles([
                    role('00K1', IDS.julie, 'Influencer', false, { name: 'Julie Garnier', phone: null, mobile: '06 11 22 33 44' }),
                    role('00K2', IDS.sophie, 'Decision Maker', true, { name: 'Sophie Bernard', phone: '04 72 10 20 31', mobile: null })
                ])
            );
            await flushPromises();
            expect(lines(element).map((l) => [l.label, l.detail, l.number])).toEqual([
                ['Sophie Bernard · Decision Maker, primary', 'Phone', '04 72 10 20 31'],
                ['Julie Garnier · Influencer', 'Mobile', '06 11 22 33 44']
            ]);
            button(element, 0).click();
            await flushPromises();
            expect(softphone.dials[0]).toMatchObject({
                number: '04 72 10 20 31',
                name: 'Sophie Bernard',
                related: { opportunityId: IDS.opportunity, accountId: IDS.cabinet, contactId: IDS.sophie }
            });
        });

        it('says the opportunity has no contact roles', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.opportunity, objectApiName: 'Opportunity' }, opportunity);
            expect(one(element, '.dial-empty')).toBeNull(); // not before the answer
            graphqlAdapter.emit(roles([]));
            await flushPromises();
            expect(all(element, '.dial-entry')).toHaveLength(0);
            expect(one(element, '.dial-empty')?.textContent).toBe('This opportunity has no contact roles. Add one to call them from here.');
        });

        it('says the contact roles could not be loaded rather than that there is nothing to call', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.opportunity, objectApiName: 'Opportunity' }, opportunity);
            graphqlAdapter.emitErrors([{ message: 'Insufficient privileges' }]);
            await flushPromises();
            expect(one(element, '.dial-related-error')?.textContent).toBe('The related people could not be loaded. Refresh the page to try again.');
            expect(one(element, '.dial-empty')).toBeNull();
            expect(one(element, '.dial-related-loading')).toBeNull();
        });
    });

    describe('on a Case page', () => {
        it("lists the case contact's numbers and logs the call with the case, the contact and the account", async () => {
            const softphone = new FakeSoftphone('ready');
            const record = caseRecord({ id: IDS.sophie, name: 'Sophie Bernard', phone: '04 72 10 20 31', mobile: '06 12 34 56 78' });
            const element = await mount({ recordId: IDS.case, objectApiName: 'Case' }, record);
            expect(lines(element).map((l) => [l.label, l.detail, l.number])).toEqual([
                ['Sophie Bernard', 'Phone', '04 72 10 20 31'],
                ['Sophie Bernard', 'Mobile', '06 12 34 56 78']
            ]);
            button(element, 1).click();
            await flushPromises();
            expect(softphone.dials[0]).toMatchObject({
                number: '06 12 34 56 78',
                name: 'Sophie Bernard',
                related: { caseId: IDS.case, contactId: IDS.sophie, accountId: IDS.cabinet }
            });
        });

        it('says the case has no contact', async () => {
            new FakeSoftphone('ready');
            const element = await mount({ recordId: IDS.case, objectApiName: 'Case' }, caseRecord(null));
            expect(all(element, '.dial-entry')).toHaveLength(0);
            expect(one(element, '.dial-empty')?.textContent).toBe('This case has no contact to call.');
        });
    });

    describe('on a Lead page', () => {
        it('logs the call with the lead, and honours its Do Not Call', async () => {
            const softphone = new FakeSoftphone('ready');
            const record = rec('Lead', IDS.lead, { Name: 'Nicolas Fournier', DoNotCall: false, Phone: null, MobilePhone: '06.98.76.54.32' });
            const element = await mount({ recordId: IDS.lead, objectApiName: 'Lead' }, record);
            expect(lines(element).map((l) => [l.label, l.number, l.button])).toEqual([['Mobile', '06 98 76 54 32', 'Call']]);
            button(element, 0).click();
            await flushPromises();
            expect(softphone.dials[0]).toMatchObject({ number: '06.98.76.54.32', name: 'Nicolas Fournier', related: { leadId: IDS.lead } });

            resetDom();
            const blocked = await mount({ recordId: IDS.lead, objectApiName: 'Lead' }, { ...record, fields: { ...record.fields, DoNotCall: { value: true, displayValue: null } } });
            expect(lines(blocked)[0]).toMatchObject({ button: 'Do not call', disabled: true, doNotCall: 'Nicolas Fournier asked not to be called (Do Not Call).' });
        });
    });

    describe('on the Home page', () => {
        async function typeNumber(element: HTMLElement, value: string): Promise<void> {
            const input = one(element, 'lightning-input.dial-typed') as HTMLElement & { value?: string };
            input.value = value;
            input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
            await flushPromises();
        }

        it('dials a typed number read for the agent country, with no record to log against, and shows the phone is ready', async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({});
            expect((one(element, 'lightning-input.dial-typed') as HTMLElement & { label?: string }).label).toBe('Number to call');
            expect(one(element, '.dial-status')?.textContent).toBe('The phone is ready');
            expect(recordAdapter.getLastConfig().recordId).toBeUndefined();

            await typeNumber(element, '06 12 34 56 78');
            one(element, 'button.dial-typed-call')?.click();
            await flushPromises();
            expect(softphone.dials).toEqual([{ v: 1, type: 'dial', requestId: expect.any(String), number: '+33612345678', name: '', related: {} }]);
            expect(one(element, '.dial-notice')?.textContent).toBe('Calling 06 12 34 56 78…');
        });

        it('dials on Enter', async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({ objectApiName: 'Account' });
            await typeNumber(element, '+32 470 12 34 56');
            one(element, 'lightning-input.dial-typed')?.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
            await flushPromises();
            expect(softphone.dials[0]?.number).toBe('+32470123456');
        });

        it('refuses an empty or unreadable number and says why, without asking the softphone', async () => {
            const softphone = new FakeSoftphone('ready');
            const element = await mount({});
            one(element, 'button.dial-typed-call')?.click();
            await flushPromises();
            expect(one(element, '.dial-typed-error')?.textContent).toBe('Enter the number to call.');

            await typeNumber(element, '12ab');
            expect(one(element, '.dial-typed-error')).toBeNull(); // typing clears the message
            one(element, 'button.dial-typed-call')?.click();
            await flushPromises();
            expect(one(element, '.dial-typed-error')?.textContent).toBe('This is not a phone number. Check it and try again.');
            expect(softphone.dials).toEqual([]);
        });

        it('the Call button says when the phone is busy', async () => {
            new FakeSoftphone('on_call');
            const element = await mount({});
            const call = one(element, 'button.dial-typed-call') as HTMLButtonElement;
            expect(call.textContent?.trim()).toBe('Already on a call');
            expect(call.disabled).toBe(true);
            expect(one(element, '.dial-status')).toBeNull();
        });
    });
});
