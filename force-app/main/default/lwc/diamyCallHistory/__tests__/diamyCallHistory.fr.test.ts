// The call history of a French-speaking agent: every Custom Label in French (translations/fr), locale fr-FR and time
// zone Europe/Paris, the Disposition label as UI API gives a French user. The component, the LWC engine and the
// platform mocks are loaded together in an isolated registry (loadAsFrenchUser is for service modules only).
import { flushPromises, resetDom } from 'diamy-test/lwcTestUtils';

interface LabelsModule {
    readLabels(root: string): { labels: Map<string, { value: string }>; translations: Map<string, Map<string, string>> };
}
interface Registry {
    createElement: (name: string, options: { is: unknown }) => HTMLElement;
    component: unknown;
    graphql: { answerWith(resolver: (config: { variables?: Record<string, unknown> }) => unknown): void; reset(): void };
    phoneMetadataReady: () => Promise<void>;
}

/** The project (readLabels reads labels/ and translations/ under it). */
const ROOT = `${__dirname}/../../../../../..`;
/** 25 November 2026, 10:30 in Paris. */
const NOW = Date.parse('2026-11-25T09:30:00.000Z');

function loadFrench(): Registry {
    const { labels, translations } = jest.requireActual<LabelsModule>('../../../../../../scripts/lib/labels.cjs').readLabels(ROOT);
    const french = translations.get('fr') ?? new Map<string, string>();
    let registry: Registry | undefined;
    jest.isolateModules(() => {
        for (const [name, label] of labels) {
            jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: french.get(name) ?? label.value }));
        }
        jest.doMock('@salesforce/i18n/locale', () => ({ __esModule: true, default: 'fr-FR' }), { virtual: true });
        jest.doMock('@salesforce/i18n/timeZone', () => ({ __esModule: true, default: 'Europe/Paris' }), { virtual: true });
        registry = {
            createElement: (jest.requireActual<{ createElement: Registry['createElement'] }>('@lwc/engine-dom')).createElement,
            component: jest.requireActual<{ default: unknown }>('c/diamyCallHistory').default,
            graphql: jest.requireActual<{ graphql: Registry['graphql'] }>('lightning/graphql').graphql,
            phoneMetadataReady: jest.requireActual<{ phoneMetadataReady: () => Promise<void> }>('c/diamyPhoneMatch').phoneMetadataReady
        };
    });
    if (!registry) {
        throw new Error('could not load the component');
    }
    return registry;
}

const v = <T>(value: T) => ({ value });
function node(id: string, fields: Record<string, unknown>) {
    return {
        Id: id,
        Diamy_Call_Id__c: v(`call_${id}`),
        Direction__c: v('Inbound'),
        Outcome__c: v('Answered'),
        Started_At__c: v('2026-11-25T08:03:00.000Z'),
        Talk_Seconds__c: v(3725),
        Disposition__c: { value: 'Callback_Requested', displayValue: 'Rappel demandé' },
        Notes__c: v('Rappeler après le comité'),
        Recording_URL__c: v(null),
        Caller_Name__c: v('Jean Dupont'),
        From_Number__c: v(null),
        From_Number_E164__c: v('+33612345678'),
        To_Number__c: v(null),
        To_Number_E164__c: v('+33184880000'),
        Contact__c: v('003000000000001AAA'),
        Agent__r: { Name: v('Camille Martin') },
        ...fields
    };
}

async function settle(): Promise<void> {
    for (let i = 0; i < 3; i += 1) {
        await flushPromises();
    }
}

describe('c-diamy-call-history (French user)', () => {
    let registry: Registry;

    beforeAll(async () => {
        registry = loadFrench();
        await registry.phoneMetadataReady();
    });

    afterEach(() => {
        resetDom();
        registry.graphql.reset();
        jest.useRealTimers();
    });

    it('shows the calls in French, with French days, times, durations and numbers', async () => {
        jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'nextTick'] });
        registry.graphql.answerWith(() => ({
            data: {
                uiapi: {
                    query: {
                        Diamy_Call__c: {
                            edges: [
                                { node: node('a01000000000002AAA', { Direction__c: v('Outbound'), Outcome__c: v('No_Answer'), Talk_Seconds__c: v(0), Started_At__c: v('2026-11-24T16:45:00.000Z') }) },
                                { node: node('a01000000000001AAA', {}) }
                            ],
                            pageInfo: { hasNextPage: true, endCursor: 'c1' }
                        }
                    }
                }
            }
        }));
        const element = registry.createElement('c-diamy-call-history', { is: registry.component });
        Object.assign(element, { recordId: '003000000000001AAA', objectApiName: 'Contact' });
        document.body.appendChild(element);
        await settle();

        const root = element.shadowRoot as ShadowRoot;
        const rows = Array.from(root.querySelectorAll('.history-row'));
        const text = (row: Element | undefined, selector: string) => row?.querySelector(selector)?.textContent?.trim();
        expect(rows).toHaveLength(2);
        expect(text(rows[0], '.history-open')).toBe('Appel sortant');
        expect(text(rows[0], '.history-result')).toBe('Pas de réponse');
        expect(text(rows[0], '.history-when')).toBe('hier à 17:45');
        expect(text(rows[0], '.history-number')).toBe('01 84 88 00 00');
        expect(text(rows[1], '.history-open')).toBe('Appel entrant');
        expect(text(rows[1], '.history-result')).toBe('1 h 02 min');
        expect(text(rows[1], '.history-when')).toBe('aujourd’hui à 09:03');
        expect(text(rows[1], '.history-number')).toBe('06 12 34 56 78');
        expect(text(rows[1], '.history-agent')).toBe('Traité par Camille Martin');
        expect(text(rows[1], '.history-disposition')).toBe('Rappel demandé');
        expect((root.querySelector('.history-more') as unknown as { label: string }).label).toBe('Afficher plus');
        expect((root.querySelector('.history-call-back') as unknown as { label: string }).label).toBe('Rappeler');
        expect(root.querySelector('.history-reason')?.textContent).toBe('Recherche du téléphone…');
    });

    it('says so in French when there are no calls, or when they cannot be loaded', async () => {
        registry.graphql.answerWith((config) =>
            config.variables?.recordId === '003000000000009AAA'
                ? { data: undefined, errors: [{ message: 'boom' }] }
                : { data: { uiapi: { query: { Diamy_Call__c: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } } }
        );
        const empty = registry.createElement('c-diamy-call-history', { is: registry.component });
        Object.assign(empty, { recordId: '003000000000001AAA', objectApiName: 'Contact' });
        document.body.appendChild(empty);
        const failing = registry.createElement('c-diamy-call-history', { is: registry.component });
        Object.assign(failing, { recordId: '003000000000009AAA', objectApiName: 'Contact' });
        document.body.appendChild(failing);
        await settle();
        expect(empty.shadowRoot?.querySelector('.history-empty')?.textContent).toBe("Aucun appel avec cet enregistrement pour l'instant.");
        expect(failing.shadowRoot?.querySelector('.history-error')?.textContent).toContain("L'historique des appels n'a pas pu être chargé.");
    });
});
