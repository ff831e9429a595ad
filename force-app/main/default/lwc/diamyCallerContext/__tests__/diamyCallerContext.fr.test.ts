// The caller context card for a French-speaking agent: every Custom Label with its French translation (as the platform
// serves them to a user whose language is French), time zone Europe/Paris. The component, the engine and the platform
// mocks are loaded together in an isolated module registry, so that the component sees the French labels.
import type * as EngineDom from '@lwc/engine-dom';
import type * as MessageServiceModule from 'lightning/messageService';
import type { CurrentCall, PhoneMessage } from 'c/diamyPhoneChannel';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';

interface LabelsModule {
    readLabels(root: string): { labels: Map<string, { value: string }>; translations: Map<string, Map<string, string>> };
}

const ROOT = `${__dirname}/../../../../../..`;
const T0 = Date.parse('2026-12-02T09:00:00.000Z');

let createElement: typeof EngineDom.createElement;
let Component: unknown;
let lms: typeof MessageServiceModule;
const channel: unknown = DIAMY_PHONE;
let phoneReady: () => Promise<void>;

jest.isolateModules(() => {
    const { labels, translations } = jest.requireActual<LabelsModule>(`${ROOT}/scripts/lib/labels.cjs`).readLabels(ROOT);
    const french = translations.get('fr') ?? new Map<string, string>();
    for (const [name, label] of labels) {
        const text = french.get(name) ?? label.value;
        jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: text }));
    }
    jest.doMock('@salesforce/i18n/locale', () => ({ __esModule: true, default: 'fr-FR' }), { virtual: true });
    jest.doMock('@salesforce/i18n/timeZone', () => ({ __esModule: true, default: 'Europe/Paris' }), { virtual: true });
    createElement = jest.requireActual<typeof EngineDom>('@lwc/engine-dom').createElement;
    Component = jest.requireActual<{ default: unknown }>('c/diamyCallerContext').default;
    lms = jest.requireActual<typeof MessageServiceModule>('lightning/messageService');
    phoneReady = jest.requireActual<{ phoneMetadataReady: () => Promise<void> }>('c/diamyPhoneMatch').phoneMetadataReady;
});

function makeCall(overrides: Partial<CurrentCall> = {}): CurrentCall {
    return {
        callId: 'call-1',
        direction: 'inbound',
        phase: 'connected',
        name: 'Jean Dupont',
        number: '+33612345678',
        withheld: false,
        answeredAt: new Date(T0 - 65_000).toISOString(),
        related: { contactId: '003000000000001AAA' },
        ...overrides
    };
}

function publishLater(message: PhoneMessage): void {
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- the fake softphone answers a macrotask later (fake timers)
    setTimeout(() => lms.publish({}, channel as never, message), 0);
}

async function settle(ms = 0): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    await jest.advanceTimersByTimeAsync(0);
}

function text(element: HTMLElement, selector: string): string | undefined {
    return element.shadowRoot?.querySelector(selector)?.textContent?.trim();
}

describe('c-diamy-caller-context for a French-speaking agent', () => {
    beforeAll(async () => {
        await phoneReady();
    });

    beforeEach(() => {
        jest.useFakeTimers({ now: T0 });
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.useRealTimers();
    });

    it('speaks French: the quiet line, the call, the note form and the answer', async () => {
        const notes: PhoneMessage[] = [];
        lms.subscribe({}, channel as never, (raw) => {
            const message = raw as PhoneMessage;
            if (message.type === 'ping') {
                publishLater({ v: 1, type: 'state', replyTo: message.requestId, availability: 'ready', call: null });
            } else if (message.type === 'note') {
                notes.push(message);
                publishLater({ v: 1, type: 'result', replyTo: message.requestId, ok: false, reason: 'no_call', message: '' });
            }
        });
        const element = createElement('c-diamy-caller-context', { is: Component as never }) as unknown as HTMLElement & {
            recordId?: string;
        };
        element.recordId = '003000000000009AAA';
        document.body.appendChild(element);
        await settle();
        expect((element.shadowRoot?.querySelector('lightning-card') as unknown as { title: string }).title).toBe(
            'Appel en cours'
        );
        expect(text(element, '.context-state')).toBe('Aucun appel en cours.');

        publishLater({
            v: 1,
            type: 'state',
            replyTo: null,
            availability: 'on_call',
            call: makeCall({ phase: 'ringing', answeredAt: null })
        });
        await settle();
        expect(text(element, '.context-announcer')).toBe('Appel entrant : Jean Dupont');
        expect(text(element, '.context-phase')).toBe('Appel entrant');

        publishLater({ v: 1, type: 'state', replyTo: null, availability: 'on_call', call: makeCall() });
        await settle();
        expect(text(element, '.context-headline')).toBe('En communication avec Jean Dupont');
        expect(text(element, '.context-timer')).toBe('1 min 05 s');
        expect(text(element, '.context-links span')).toBe('Lié à');
        expect(element.shadowRoot?.querySelector('.context-note')).toBeNull();

        element.recordId = '003000000000001AAA';
        await settle();
        const note = element.shadowRoot?.querySelector('.context-note') as unknown as HTMLElement & { label: string };
        expect(note.label).toBe('Note rapide');
        note.dispatchEvent(new CustomEvent('change', { detail: { value: 'Veut un devis' } }));
        await settle();
        const sendButton = element.shadowRoot?.querySelector('.context-send') as unknown as HTMLElement & { label: string };
        expect(sendButton.label).toBe("Ajouter à l'appel");
        sendButton.click();
        await settle();
        await settle();
        expect(notes).toHaveLength(1);
        expect(text(element, '.context-result')).toBe(
            "Cet appel n'est plus en cours : rien n'a été ajouté. Ajoutez votre note sur l'enregistrement de l'appel."
        );
    });
});
