import { createElement } from '@lwc/engine-dom';
import DiamyCallerContext from 'c/diamyCallerContext';
import { getRecord } from 'lightning/uiRecordApi';
import * as messageService from 'lightning/messageService';
import * as navigation from 'lightning/navigation';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import type { CurrentCall, PhoneMessage, SoftphoneAvailability } from 'c/diamyPhoneChannel';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

// The project mocks (test/jest-mocks) add helpers that the platform module types do not declare.
interface MessageServiceTestApi {
    __reset(): void;
    __subscriberCount(channel: unknown): number;
}
interface NavigationTestApi {
    getNavigateCalledWith(): { pageReference: unknown } | undefined;
    getNavigateCalls(): unknown[];
    __reset(): void;
}
interface RecordTestAdapter {
    emit(value: unknown, filter?: (config: { recordId?: string; optionalFields?: string[] }) => boolean): void;
    emitError(error?: unknown, filter?: (config: { recordId?: string }) => boolean): void;
}
const lms = messageService as unknown as MessageServiceTestApi;
const nav = navigation as unknown as NavigationTestApi;
const recordAdapter = getRecord as unknown as RecordTestAdapter;

const T0 = Date.parse('2026-12-02T09:00:00.000Z');
const CONTACT = '003000000000001AAA';
const ACCOUNT = '001000000000001AAA';
const CASE = '500000000000001AAA';
const OTHER_CONTACT = '003000000000009AAA';
const USER_ID = '005000000000000000';

type Card = HTMLElement & { recordId?: string; objectApiName?: string };

/**
 * The softphone at the other end of the channel, as c/diamySoftphone will be: it answers pings with its state,
 * publishes changes on its own and answers note requests. It answers a macrotask later (never synchronously: no
 * kinder than a real publish crossing the page).
 */
class FakeSoftphone {
    availability: SoftphoneAvailability = 'ready';
    call: CurrentCall | null = null;
    answersPings = true;
    notes: Extract<PhoneMessage, { type: 'note' }>[] = [];
    noteAnswer: { ok: boolean; reason: string | null; message: string } | null = { ok: true, reason: null, message: '' };
    private readonly subscription: unknown;

    constructor() {
        this.subscription = messageService.subscribe({}, DIAMY_PHONE, (message) => this.receive(message as PhoneMessage), {
            scope: messageService.APPLICATION_SCOPE
        });
    }

    stop(): void {
        messageService.unsubscribe(this.subscription as Parameters<typeof messageService.unsubscribe>[0]);
    }

    /** The softphone's state changes: it publishes it on its own. */
    set(availability: SoftphoneAvailability, call: CurrentCall | null): void {
        this.availability = availability;
        this.call = call;
        this.later({ v: 1, type: 'state', replyTo: null, availability, call });
    }

    /** Something else on the channel (another version, a broken sender). */
    raw(message: unknown): void {
        // eslint-disable-next-line @lwc/lwc/no-async-operation -- the fake softphone answers a macrotask later (fake timers)
        setTimeout(() => messageService.publish({}, DIAMY_PHONE, message), 0);
    }

    private later(message: PhoneMessage): void {
        this.raw(message);
    }

    private receive(message: PhoneMessage): void {
        if (message.type === 'ping' && this.answersPings) {
            this.later({ v: 1, type: 'state', replyTo: message.requestId, availability: this.availability, call: this.call });
        } else if (message.type === 'note') {
            this.notes.push(message);
            if (this.noteAnswer) {
                this.later({ v: 1, type: 'result', replyTo: message.requestId, ...this.noteAnswer } as PhoneMessage);
            }
        }
    }
}

function makeCall(overrides: Partial<CurrentCall> = {}): CurrentCall {
    return {
        callId: 'call-1',
        direction: 'inbound',
        phase: 'connected',
        name: 'Jean Dupont',
        number: '+33612345678',
        withheld: false,
        answeredAt: new Date(T0).toISOString(),
        related: { contactId: CONTACT, accountId: ACCOUNT },
        ...overrides
    };
}

let softphone: FakeSoftphone;

/** Lets the channel, the wires and the re-renders settle (timers are fake: time moves only when a test says so). */
async function settle(ms = 0): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    await jest.advanceTimersByTimeAsync(0);
}

async function mount(props: { recordId?: string; objectApiName?: string } = {}): Promise<Card> {
    const element = createElement('c-diamy-caller-context', { is: DiamyCallerContext }) as unknown as Card;
    Object.assign(element, props);
    document.body.appendChild(element);
    await settle();
    return element;
}

function $(element: HTMLElement, selector: string): HTMLElement | null {
    return shadowOf(element).querySelector(selector);
}

function text(element: HTMLElement, selector: string): string | undefined {
    return $(element, selector)?.textContent?.trim();
}

type Field = HTMLElement & { value?: string; checked?: boolean };

function field(element: HTMLElement, selector: string): Field {
    const found: Field | null = $(element, selector);
    if (!found) {
        throw new Error(`${selector} is not shown`);
    }
    return found;
}

async function type(element: HTMLElement, selector: string, value: string): Promise<void> {
    field(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await settle();
}

async function tick(element: HTMLElement, checked: boolean): Promise<void> {
    field(element, '.context-follow-up-toggle').dispatchEvent(new CustomEvent('change', { detail: { checked } }));
    await settle();
}

async function send(element: HTMLElement): Promise<void> {
    field(element, '.context-send').click();
    await settle();
    await settle();
}

describe('c-diamy-caller-context', () => {
    beforeAll(async () => {
        await phoneMetadataReady();
    });

    beforeEach(() => {
        jest.useFakeTimers({ now: T0 });
        softphone = new FakeSoftphone();
    });

    afterEach(() => {
        resetDom();
        softphone.stop();
        lms.__reset();
        nav.__reset();
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    describe('without a call: one quiet line', () => {
        it('looks for the softphone, then says how to open it when nobody answered in time', async () => {
            softphone.answersPings = false;
            const element = await mount();
            expect(text(element, '.context-state')).toBe('Looking for the Diamy phone…');
            await settle(2400);
            expect(text(element, '.context-state')).toBe('Looking for the Diamy phone…');
            await settle(200);
            expect(text(element, '.context-state')).toBe('Open the Diamy phone in the utility bar to see your calls here.');
            expect($(element, '.context-state')?.className).toContain('slds-text-color_weak');
            expect($(element, '[role="alert"]')).toBeNull();
        });

        it('hears a softphone that starts after the card', async () => {
            softphone.answersPings = false;
            const element = await mount();
            await settle(3000);
            softphone.set('ready', null);
            await settle();
            expect(text(element, '.context-state')).toBe('No call in progress.');
        });

        it.each([
            ['ready', 'No call in progress.'],
            ['connecting', 'The Diamy phone is connecting…'],
            ['offline', 'The Diamy phone is offline.'],
            ['other_tab', 'The Diamy phone is handled in another tab.'],
            ['on_call', 'A call is in progress.']
        ] as const)('softphone %s → "%s"', async (availability, shown) => {
            softphone.availability = availability;
            const element = await mount();
            expect(text(element, '.context-state')).toBe(shown);
            expect($(element, '.context-call')).toBeNull();
            expect($(element, '.context-note')).toBeNull();
        });

        it('listens in application scope, and stops listening when it leaves the page', async () => {
            const element = await mount();
            expect(messageService.subscribe).toHaveBeenCalledWith(undefined, DIAMY_PHONE, expect.any(Function), {
                scope: messageService.APPLICATION_SCOPE
            });
            expect(lms.__subscriberCount(DIAMY_PHONE)).toBe(2); // the card and the fake softphone
            element.remove();
            expect(lms.__subscriberCount(DIAMY_PHONE)).toBe(1);
        });

        it('ignores malformed messages on the channel', async () => {
            const element = await mount();
            softphone.raw({
                v: 1,
                type: 'state',
                replyTo: null,
                availability: 'on_call',
                call: { callId: 'x', phase: 'exploding' }
            });
            softphone.raw({ v: 2, type: 'state', replyTo: null, availability: 'offline', call: null });
            softphone.raw('state');
            await settle();
            expect(text(element, '.context-state')).toBe('No call in progress.');
        });
    });

    describe('a call', () => {
        it('announces a new inbound call once in a polite live region, and shows it ringing without a note form', async () => {
            const element = await mount();
            const live = field(element, '.context-announcer');
            expect(live.getAttribute('aria-live')).toBe('polite');
            expect(live.textContent).toBe('');

            softphone.set('on_call', makeCall({ phase: 'ringing', answeredAt: null }));
            await settle();
            expect(live.textContent).toBe('Incoming call: Jean Dupont');
            expect(text(element, '.context-phase')).toBe('Incoming call');
            expect(text(element, '.context-direction')).toBe('Inbound call');
            expect(text(element, '.context-headline')).toBe('Jean Dupont');
            expect(text(element, '.context-number')).toBe('06 12 34 56 78');
            expect($(element, '.context-timer')).toBeNull();
            expect($(element, '.context-note')).toBeNull();

            softphone.set('on_call', makeCall({ name: 'Jean Dupont (Acme)' }));
            await settle();
            expect(live.textContent).toBe('Incoming call: Jean Dupont');

            softphone.set('on_call', makeCall({ callId: 'call-2', name: 'Marie Curie', phase: 'ringing', answeredAt: null }));
            await settle();
            expect(live.textContent).toBe('Incoming call: Marie Curie');
        });

        it('announces the same caller again on a later call', async () => {
            const element = await mount();
            const live = field(element, '.context-announcer');
            softphone.set('on_call', makeCall({ phase: 'ringing', answeredAt: null }));
            await settle();
            expect(live.textContent).toBe('Incoming call: Jean Dupont');
            softphone.set('ready', null);
            await settle();
            expect(live.textContent).toBe('');
            softphone.set('on_call', makeCall({ callId: 'call-2', phase: 'ringing', answeredAt: null }));
            await settle();
            expect(live.textContent).toBe('Incoming call: Jean Dupont');
        });

        it('does not announce an outbound call', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall({ direction: 'outbound', phase: 'ringing', answeredAt: null }));
            await settle();
            expect(text(element, '.context-announcer')).toBe('');
            expect(text(element, '.context-phase')).toBe('Calling…');
            expect(text(element, '.context-direction')).toBe('Outbound call');
        });

        it('reads "Withheld number" for a withheld caller and shows no number', async () => {
            const element = await mount();
            softphone.set(
                'on_call',
                makeCall({ withheld: true, name: '', number: '', phase: 'ringing', answeredAt: null, related: {} })
            );
            await settle();
            expect(text(element, '.context-headline')).toBe('Withheld number');
            expect($(element, '.context-number')).toBeNull();
            expect($(element, '.context-link')).toBeNull();
            expect(text(element, '.context-announcer')).toBe('Incoming call: Withheld number');
        });

        it('shows the number in the agent country format (User.Diamy_Default_Country__c)', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            expect(text(element, '.context-number')).toBe('06 12 34 56 78');
            recordAdapter.emit(
                { id: USER_ID, apiName: 'User', fields: { Diamy_Default_Country__c: { value: 'BE', displayValue: null } } },
                (config) => config.recordId === USER_ID
            );
            await settle();
            expect(text(element, '.context-number')).toBe('+33 6 12 34 56 78');
        });

        it('counts the talk time from the answer while on the line and on hold, and stops it in wrap-up', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall({ answeredAt: new Date(T0 - 3000).toISOString() }));
            await settle();
            expect(text(element, '.context-timer')).toBe('0 min 03 s');
            await settle(62_000);
            expect(text(element, '.context-timer')).toBe('1 min 05 s');
            softphone.set('on_call', makeCall({ phase: 'on_hold', answeredAt: new Date(T0 - 3000).toISOString() }));
            await settle(60_000);
            expect(text(element, '.context-phase')).toBe('On hold');
            expect(text(element, '.context-timer')).toBe('2 min 05 s');
            softphone.set('on_call', makeCall({ phase: 'wrap_up', answeredAt: new Date(T0 - 3000).toISOString() }));
            await settle();
            expect(text(element, '.context-phase')).toBe('Wrap-up');
            expect($(element, '.context-timer')).toBeNull();
            expect(jest.getTimerCount()).toBe(0);
        });

        it('stops its clock when it leaves the page', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            expect(jest.getTimerCount()).toBe(1);
            element.remove();
            expect(jest.getTimerCount()).toBe(0);
        });

        it('links the contact and the case by their names from LDS, and opens their pages', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall({ related: { contactId: CONTACT, accountId: ACCOUNT, caseId: CASE } }));
            await settle();
            const links = () => Array.from(shadowOf(element).querySelectorAll<HTMLAnchorElement>('.context-link'));
            expect(links().map((link) => link.textContent)).toEqual(['Contact', 'Case']);

            recordAdapter.emit(
                { id: CONTACT, apiName: 'Contact', fields: { Name: { value: 'Jean Dupont', displayValue: null } } },
                (config) => config.recordId === CONTACT && JSON.stringify(config.optionalFields) === '["Contact.Name"]'
            );
            recordAdapter.emit(
                {
                    id: CASE,
                    apiName: 'Case',
                    fields: {
                        CaseNumber: { value: '00001026', displayValue: null },
                        Subject: { value: 'Double invoice', displayValue: null }
                    }
                },
                (config) =>
                    config.recordId === CASE && JSON.stringify(config.optionalFields) === '["Case.CaseNumber","Case.Subject"]'
            );
            await settle();
            expect(links().map((link) => link.textContent)).toEqual(['Jean Dupont', '00001026 – Double invoice']);
            expect(links()[0]?.getAttribute('href')).toBe('https://example.lightning.force.com/standard__recordPage');

            links()[1]?.click();
            expect(nav.getNavigateCalledWith()?.pageReference).toEqual({
                type: 'standard__recordPage',
                attributes: { recordId: CASE, objectApiName: 'Case', actionName: 'view' }
            });
        });

        it("names a record it cannot read by its object, and never shows another record's name", async () => {
            const element = await mount();
            softphone.set('on_call', makeCall({ related: { leadId: '00Q000000000001AAA' } }));
            await settle();
            recordAdapter.emitError({ message: 'insufficient access' }, (config) => config.recordId === '00Q000000000001AAA');
            await settle();
            expect(text(element, '.context-link')).toBe('Lead');
            // A late answer about the previous record does not name the new one.
            softphone.set('on_call', makeCall({ callId: 'call-2', related: { contactId: OTHER_CONTACT } }));
            await settle();
            recordAdapter.emit({
                id: CONTACT,
                apiName: 'Contact',
                fields: { Name: { value: 'Jean Dupont', displayValue: null } }
            });
            await settle();
            expect(text(element, '.context-link')).toBe('Contact');
        });
    });

    describe('the quick note', () => {
        it('sends the note for the current call with the exact message, says so and clears the field', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', '  Wants a quote for 20 seats \n');
            expect(field(element, '.context-note').value).toBe('  Wants a quote for 20 seats \n');
            await send(element);

            expect(softphone.notes).toEqual([
                {
                    v: 1,
                    type: 'note',
                    requestId: expect.any(String),
                    callId: 'call-1',
                    text: 'Wants a quote for 20 seats',
                    followUp: null
                }
            ]);
            expect(text(element, '.context-result')).toBe('Note added to the call.');
            expect($(element, '.context-result')?.getAttribute('role')).toBe('status');
            expect(field(element, '.context-note').value).toBe('');
        });

        it('asks for a follow-up task: prefilled subject and tomorrow, sent as typed', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await tick(element, true);
            expect(field(element, '.context-follow-up-subject').value).toBe('Follow up with Jean Dupont');
            expect(field(element, '.context-follow-up-due').value).toBe('2026-12-03');
            expect(field(element, '.context-follow-up-due')).toHaveProperty('type', 'date');
            await type(element, '.context-follow-up-subject', 'Send the quote');
            await type(element, '.context-follow-up-due', '2026-12-10');
            await send(element);

            expect(softphone.notes).toEqual([
                {
                    v: 1,
                    type: 'note',
                    requestId: expect.any(String),
                    callId: 'call-1',
                    text: '',
                    followUp: { subject: 'Send the quote', dueDate: '2026-12-10' }
                }
            ]);
            expect(text(element, '.context-result')).toBe('Follow-up task requested for this call.');
            expect($(element, '.context-follow-up-subject')).toBeNull();
        });

        it('sends nothing for an invalid follow-up task and shows why', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'Call back Friday');
            await tick(element, true);
            await type(element, '.context-follow-up-subject', '   ');
            await type(element, '.context-follow-up-due', '2026-12-01');
            await send(element);

            expect(softphone.notes).toEqual([]);
            expect(messageService.publish).not.toHaveBeenCalledWith(
                expect.anything(),
                DIAMY_PHONE,
                expect.objectContaining({ type: 'note' })
            );
            const problems = Array.from(shadowOf(element).querySelectorAll('.context-problem')).map((item) => item.textContent);
            expect(problems).toEqual([
                'Enter the subject of the follow-up task.',
                'Choose a due date for the follow-up task, today or later.'
            ]);
            expect($(element, '.context-problems')?.getAttribute('role')).toBe('alert');
            expect(field(element, '.context-note').value).toBe('Call back Friday');
        });

        it('sends nothing for an empty note and says what to write', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', '  ');
            await send(element);
            expect(softphone.notes).toEqual([]);
            expect(text(element, '.context-problem')).toBe('Write a note or ask for a follow-up task.');
        });

        it.each([
            ['no_call', '', "This call is no longer in progress: nothing was added. Add your note on the call's record."],
            ['other_tab', '', 'This call is handled in another tab: nothing was added here. Add your note in that tab.'],
            ['invalid_request', 'Enter the subject of the follow-up task.', 'Enter the subject of the follow-up task.'],
            ['failed', '', 'The note could not be added. Try again.']
        ])('shows the refusal %s and keeps what was typed', async (reason, message, shown) => {
            softphone.noteAnswer = { ok: false, reason, message };
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'Wants a quote');
            await send(element);
            expect(text(element, '.context-result')).toBe(shown);
            expect($(element, '.context-result')?.getAttribute('role')).toBe('alert');
            expect(field(element, '.context-note').value).toBe('Wants a quote');
        });

        it('says the phone did not answer when no result comes in time', async () => {
            softphone.noteAnswer = null;
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'Wants a quote');
            await send(element);
            expect(field(element, '.context-send')).toHaveProperty('disabled', true);
            await settle(8000);
            expect(text(element, '.context-result')).toBe(
                'The Diamy phone did not answer: nothing was added. Check that it is open in the utility bar, then try again.'
            );
            expect(field(element, '.context-send')).toHaveProperty('disabled', false);
        });

        it('keeps the typed text when the call moves from the line to wrap-up, and sends it for that call', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'Wants a quote');
            softphone.set('on_call', makeCall({ phase: 'wrap_up' }));
            await settle();
            expect(text(element, '.context-phase')).toBe('Wrap-up');
            expect(field(element, '.context-note').value).toBe('Wants a quote');
            await send(element);
            expect(softphone.notes.map((note) => [note.callId, note.text])).toEqual([['call-1', 'Wants a quote']]);
        });

        it('drops the typed note, unsent, when a different call starts', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'For Jean only');
            await tick(element, true);
            softphone.set('on_call', makeCall({ callId: 'call-2', name: 'Marie Curie', number: '+33698765432', related: {} }));
            await settle();
            expect(text(element, '.context-headline')).toBe('Marie Curie');
            expect(field(element, '.context-note').value).toBe('');
            expect(field(element, '.context-follow-up-toggle').checked).toBe(false);
            expect(softphone.notes).toEqual([]);
            await type(element, '.context-note', 'For Marie');
            await send(element);
            expect(softphone.notes.map((note) => [note.callId, note.text])).toEqual([['call-2', 'For Marie']]);
        });

        it('says nothing about a note whose answer comes after another call started', async () => {
            softphone.noteAnswer = null;
            const element = await mount();
            softphone.set('on_call', makeCall());
            await settle();
            await type(element, '.context-note', 'For Jean');
            await send(element);
            softphone.set('on_call', makeCall({ callId: 'call-2', name: 'Marie Curie' }));
            await settle(8000);
            expect($(element, '.context-result')).toBeNull();
            expect(field(element, '.context-note').value).toBe('');
        });

        it('on the page of a record the call is about, offers the note', async () => {
            const element = await mount({ recordId: ACCOUNT, objectApiName: 'Account' });
            softphone.set('on_call', makeCall());
            await settle();
            expect(text(element, '.context-headline')).toBe('Jean Dupont');
            expect($(element, '.context-note')).not.toBeNull();
        });

        it('on the page of another record, says who the agent is on a call with and links it, without a form', async () => {
            const element = await mount({ recordId: OTHER_CONTACT, objectApiName: 'Contact' });
            softphone.set('on_call', makeCall());
            await settle();
            expect(text(element, '.context-headline')).toBe('On a call with Jean Dupont');
            expect(text(element, '.context-link')).toBe('Contact');
            expect($(element, '.context-note')).toBeNull();
            expect($(element, '.context-send')).toBeNull();
            // The caller popup links the call to this record: the form appears.
            softphone.set('on_call', makeCall({ related: { contactId: OTHER_CONTACT } }));
            await settle();
            expect(text(element, '.context-headline')).toBe('Jean Dupont');
            expect($(element, '.context-note')).not.toBeNull();
        });

        it('a call handled in another tab is shown, with its notes sent there', async () => {
            const element = await mount();
            softphone.set('other_tab', makeCall());
            await settle();
            expect(text(element, '.context-headline')).toBe('Jean Dupont');
            expect($(element, '.context-note')).toBeNull();
            expect(text(element, '.context-mirror-note')).toBe('Add notes to this call in the tab that owns the phone.');
        });

        it('goes back to the quiet line when the call is over', async () => {
            const element = await mount();
            softphone.set('on_call', makeCall({ phase: 'wrap_up' }));
            await settle();
            softphone.set('ready', null);
            await settle();
            expect($(element, '.context-call')).toBeNull();
            expect(text(element, '.context-state')).toBe('No call in progress.');
        });
    });
});
