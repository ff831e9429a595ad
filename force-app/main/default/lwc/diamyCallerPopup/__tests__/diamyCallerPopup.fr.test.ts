// The caller popup of a French-speaking agent in a French org: locale fr-FR and time zone Europe/Paris
// (@salesforce/i18n), picklists as UI API GraphQL answers them for that user (value + translated displayValue).
import { screenPopLedger } from 'c/diamyScreenPop';
import { flushPromises, resetDom } from 'diamy-test/lwcTestUtils';
import { $, DUPONT, candidates, graphqlAdapter, isContextOf, nav, pick, ringWith, text, v } from 'diamy-test/diamyCallerPopupKit';

jest.mock('@salesforce/i18n/locale', () => ({ __esModule: true, default: 'fr-FR' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ __esModule: true, default: 'Europe/Paris' }), { virtual: true });

/** 13 May 2025, 00:30 in Paris — still the 12th in UTC: "yesterday" must be the Paris yesterday. */
const NOW = Date.parse('2025-05-12T22:30:00.000Z');

function frenchContext(id: string) {
    return {
        uiapi: {
            query: {
                Contact: { edges: [{ node: { Id: id, Name: v('Jean Dupont'), Title: v('Acheteur'), Account: { Id: '001000000000001AAA', Name: v('Acme') }, Owner: { Name: v('Camille Martin') } } }] },
                Task: {
                    edges: [
                        { node: { Id: '00T1', Subject: v('Appel — renouvellement du contrat'), ActivityDate: v('2025-05-12'), Status: pick('Completed', 'Terminée'), TaskSubtype: v('Call') } },
                        { node: { Id: '00T2', Subject: v('E-mail : devis envoyé'), ActivityDate: v('2025-05-02'), Status: pick('Completed', 'Terminée'), TaskSubtype: v('Email') } },
                        { node: { Id: '00T3', Subject: v('Relance'), ActivityDate: v(null), Status: pick('Not Started', 'Non commencée'), TaskSubtype: v('Task') } }
                    ]
                },
                Case: { edges: [{ node: { Id: '5001', CaseNumber: v('00001042'), Subject: v('Facture en double'), Status: pick('New', 'Nouveau'), Priority: pick('High', 'Élevée') } }] },
                Opportunity: {
                    edges: [
                        {
                            node: {
                                Id: '0061',
                                Name: v('Renouvellement 2025'),
                                StageName: pick('Negotiation/Review', 'Négociation/Révision'),
                                CloseDate: v('2025-06-30'),
                                Amount: v(18000)
                            }
                        },
                        { node: { Id: '0062', Name: v('Extension 2026'), StageName: pick('Prospecting', 'Prospection'), CloseDate: v('2026-01-15'), Amount: v(null) } }
                    ]
                }
            }
        }
    };
}

describe('c-diamy-caller-popup for a French user', () => {
    beforeEach(() => {
        jest.spyOn(Date, 'now').mockReturnValue(NOW);
    });

    afterEach(() => {
        resetDom();
        jest.restoreAllMocks();
        nav.__reset();
        screenPopLedger.clear();
    });

    it('shows case statuses and opportunity stages as the org translates them, never their API values', async () => {
        const { element } = await ringWith(candidates([DUPONT]));
        graphqlAdapter.emit(frenchContext('003000000000001AAA'), isContextOf('003000000000001AAA'));
        await flushPromises();

        expect(text(element, '.popup-case-status')).toBe('Nouveau');
        const opportunities = [...(element.shadowRoot?.querySelectorAll('.popup-opportunity-detail') ?? [])].map((node) => node.textContent ?? '');
        expect(opportunities[0]).toMatch(/^Négociation\/Révision · /);
        expect(opportunities[1]).toMatch(/^Prospection · /);
        const shown = text(element, '.popup-result') ?? '';
        for (const apiValue of ['New', 'Negotiation/Review', 'Prospecting', 'Completed']) {
            expect(shown).not.toContain(apiValue);
        }
    });

    it('writes dates in French, in the Paris calendar: hier, then day and month, the year only when it is not this one', async () => {
        const { element } = await ringWith(candidates([DUPONT]));
        graphqlAdapter.emit(frenchContext('003000000000001AAA'), isContextOf('003000000000001AAA'));
        await flushPromises();

        const dates = [...(element.shadowRoot?.querySelectorAll('.popup-activity-date') ?? [])].map((node) => node.textContent);
        expect(dates).toEqual(['hier', '2 mai', '']);
        // The close date in the user's locale, inside the Custom Label "Close date: {0}" (English labels in this run).
        const opportunities = [...(element.shadowRoot?.querySelectorAll('.popup-opportunity-detail') ?? [])].map((node) => node.textContent);
        expect(opportunities).toEqual(['Négociation/Révision · Close date: 30 juin', 'Prospection · Close date: 15 janv. 2026']);
        // No base component left to format a date in the browser's language.
        expect($(element, 'lightning-formatted-date-time')).toBeNull();
    });
});
