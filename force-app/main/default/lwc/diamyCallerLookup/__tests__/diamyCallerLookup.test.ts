import {
    ACCOUNT_CONTEXT_QUERY,
    CANDIDATE_QUERY,
    CONTACT_CONTEXT_QUERY,
    LEAD_CONTEXT_QUERY,
    callerContextLookup,
    candidateLookup,
    newCallerRecordPageReference,
    recordPageReference,
    toCallerContext
} from 'c/diamyCallerLookup';
import { PHONE_KEY_FIELDS, readIncoming } from 'c/diamyPhoneMatch';
import type { PhoneIdentity, RankedMatch } from 'c/diamyPhoneMatch';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { resetDom } from 'diamy-test/lwcTestUtils';

const sourceOf = (document: unknown): string => (document as { source: string }).source;

function identity(raw: string): PhoneIdentity {
    const read = readIncoming(raw);
    if (!read.ok) {
        throw new Error(raw);
    }
    return read.identity;
}

const match = (objectApiName: RankedMatch['objectApiName'], recordId: string, accountId: string | null = null): RankedMatch => ({
    recordId,
    objectApiName,
    name: 'N',
    accountId,
    accountName: null,
    matchedFields: ['Phone'],
    lastActive: null
});

const v = <T>(value: T) => ({ value });
/** A picklist as UI API GraphQL answers it for a French user: the API value and its translated label. */
const pick = (value: string, displayValue: string | null) => ({ value, displayValue });

describe('c-diamy-caller-lookup', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('looks candidates up by the key of the incoming number, on every key field of every object', () => {
        const lookup = candidateLookup(identity('+33612345678'));
        expect(lookup.query).toBe(CANDIDATE_QUERY);
        expect(lookup.variables).toEqual({ keys: ['33|12345678'] });
        const source = sourceOf(CANDIDATE_QUERY);
        for (const [object, fields] of Object.entries(PHONE_KEY_FIELDS)) {
            expect(source).toContain(`${object}(`);
            for (const { field, key } of fields) {
                expect(source).toContain(`${key}: { in: $keys }`);
                expect(source).toContain(`${field} { value }`);
                expect(source).toContain(`${key} { value }`);
            }
        }
        expect(source).toContain('IsConverted: { eq: false }');
        expect(source).toContain('LastActivityDate { value }');
    });

    it('asks for record, owner, last activities, open cases and open opportunities in one query', () => {
        const contact = callerContextLookup(match('Contact', '003A', '001A'));
        expect(contact).toEqual({ query: CONTACT_CONTEXT_QUERY, variables: { recordId: '003A', accountId: '001A' } });
        const source = sourceOf(CONTACT_CONTEXT_QUERY);
        expect(source).toMatch(/Task\(where: \{ WhoId/);
        expect(source).toMatch(/Case\(where: \{ and: \[\{ ContactId: \{ eq: \$recordId \} \}, \{ IsClosed: \{ eq: false \} \}\] \}/);
        expect(source).toMatch(/Opportunity\(where: \{ and: \[\{ AccountId: \{ eq: \$accountId \} \}, \{ IsClosed: \{ eq: false \} \}\] \}/);
        expect(callerContextLookup(match('Lead', '00QA'))).toEqual({ query: LEAD_CONTEXT_QUERY, variables: { recordId: '00QA' } });
        expect(callerContextLookup(match('Account', '001B'))).toEqual({ query: ACCOUNT_CONTEXT_QUERY, variables: { recordId: '001B' } });
        expect(sourceOf(ACCOUNT_CONTEXT_QUERY)).toMatch(/Task\(where: \{ WhatId/);
    });

    it('asks for the display value (the translated label) of every picklist the popup shows', () => {
        for (const query of [CONTACT_CONTEXT_QUERY, LEAD_CONTEXT_QUERY, ACCOUNT_CONTEXT_QUERY]) {
            const source = sourceOf(query);
            expect(source).toContain('Status { value displayValue }');
            expect(source).not.toMatch(/Status \{ value \}/);
        }
        for (const query of [CONTACT_CONTEXT_QUERY, ACCOUNT_CONTEXT_QUERY]) {
            const source = sourceOf(query);
            expect(source).toContain('StageName { value displayValue }');
            expect(source).toContain('Priority { value displayValue }');
            expect(source).toContain('CloseDate { value }');
        }
    });

    it('reads the caller context of a contact, picklists as the user reads them (French org)', () => {
        const context = toCallerContext('Contact', {
            uiapi: {
                query: {
                    Contact: { edges: [{ node: { Id: '003A', Name: v('Jeanne Martin'), Title: v('DAF'), Account: { Id: '001A', Name: v('Acme') }, Owner: { Name: v('Paul') } } }] },
                    Task: { edges: [{ node: { Id: '00TA', Subject: v('Appel entrant'), ActivityDate: v('2026-11-20'), Status: pick('Completed', 'Terminée'), TaskSubtype: pick('Call', 'Appel') } }] },
                    Case: { edges: [{ node: { Id: '500A', CaseNumber: v('00001026'), Subject: v('Facture'), Status: pick('New', 'Nouveau'), Priority: pick('High', 'Élevée') } }] },
                    Opportunity: {
                        edges: [{ node: { Id: '006A', Name: v('Renouvellement'), StageName: pick('Negotiation/Review', 'Négociation/Révision'), CloseDate: v('2026-12-31'), Amount: v(12000) } }]
                    }
                }
            }
        });
        expect(context).toEqual({
            recordId: '003A',
            name: 'Jeanne Martin',
            title: 'DAF',
            accountId: '001A',
            accountName: 'Acme',
            ownerName: 'Paul',
            activities: [{ id: '00TA', subject: 'Appel entrant', date: '2026-11-20', status: 'Terminée', isCall: true }],
            openCases: [{ id: '500A', caseNumber: '00001026', subject: 'Facture', status: 'Nouveau', priority: 'Élevée' }],
            openOpportunities: [{ id: '006A', name: 'Renouvellement', stage: 'Négociation/Révision', closeDate: '2026-12-31', amount: 12000 }]
        });
    });

    it('falls back to the API value when a picklist comes without a display value', () => {
        const context = toCallerContext('Account', {
            uiapi: {
                query: {
                    Account: { edges: [{ node: { Id: '001A', Name: v('Acme') } }] },
                    Case: { edges: [{ node: { Id: '500A', CaseNumber: v('1'), Subject: v('S'), Status: pick('Working', null), Priority: v('Low') } }] },
                    Opportunity: { edges: [{ node: { Id: '006A', Name: v('O'), StageName: { value: 'Custom Stage' }, CloseDate: v(null), Amount: v(null) } }] }
                }
            }
        });
        expect(context?.openCases[0]).toMatchObject({ status: 'Working', priority: 'Low' });
        expect(context?.openOpportunities[0]).toMatchObject({ stage: 'Custom Stage', closeDate: null });
    });

    it('reads lead and account contexts, and nothing when the record is not visible', () => {
        const lead = toCallerContext('Lead', { uiapi: { query: { Lead: { edges: [{ node: { Id: '00QA', Name: v('Luc'), Company: v('Beta SA'), Owner: null } }] } } } });
        expect(lead).toMatchObject({ recordId: '00QA', accountName: 'Beta SA', accountId: null, ownerName: null, activities: [], openCases: [] });
        const account = toCallerContext('Account', { uiapi: { query: { Account: { edges: [{ node: { Id: '001A', Name: v('Acme') } }] }, Task: { edges: [{ node: { Id: '00TB' } }] } } } });
        expect(account).toMatchObject({ accountId: '001A', accountName: 'Acme', name: 'Acme', activities: [{ id: '00TB', subject: '', isCall: false }] });
        expect(toCallerContext('Contact', { uiapi: { query: { Contact: { edges: [] } } } })).toBeUndefined();
        expect(toCallerContext('Contact', undefined)).toBeUndefined();
    });

    it('builds the page references that pop a record or create one prefilled with the number', () => {
        jest.mocked(encodeDefaultFieldValues).mockImplementation((values) => Object.entries(values).map(([k, value]) => `${k}=${encodeURIComponent(String(value))}`).join(','));
        expect(newCallerRecordPageReference('Lead', identity('06 12 34 56 78'))).toEqual({
            type: 'standard__objectPage',
            attributes: { objectApiName: 'Lead', actionName: 'new' },
            state: { defaultFieldValues: 'Phone=%2B33612345678', nooverride: '1' }
        });
        expect(encodeDefaultFieldValues).toHaveBeenCalledWith({ Phone: '+33612345678' });
        expect(recordPageReference(match('Contact', '003A'))).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '003A', objectApiName: 'Contact', actionName: 'view' }
        });
    });
});
