import {
    ACCOUNT_AND_CONTACTS_HISTORY_QUERY,
    ACCOUNT_HISTORY_QUERY,
    CASE_HISTORY_QUERY,
    CONTACT_HISTORY_QUERY,
    LEAD_HISTORY_QUERY,
    OPPORTUNITY_HISTORY_QUERY,
    callBackBlockedReason,
    dialRefusalMessage,
    formatWhen,
    historyFollows,
    historyLookup,
    includeContactsOf,
    linkStillValid,
    mergePages,
    notesPreview,
    pageSizeOf,
    recordingLinkOf,
    recordingRefusalMessage,
    relatedOf,
    toHistoryPage,
    toHistoryRow
} from 'c/diamyCallHistoryService';
import type * as HistoryApi from 'c/diamyCallHistoryService';
import type { HistoryRow } from 'c/diamyCallHistoryService';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';

type HistoryModule = typeof HistoryApi;

const CONTACT = '003000000000001AAA';
const ACCOUNT = '001000000000001AAA';
/** 25 November 2026, 10:30 in Paris. */
const NOW = Date.parse('2026-11-25T09:30:00.000Z');
const PARIS = { locale: 'en-GB', timeZone: 'Europe/Paris', now: NOW, agentCountry: 'FR' };

const v = <T>(value: T) => ({ value });
function node(fields: Record<string, unknown> = {}) {
    return {
        Id: 'a01000000000001AAA',
        Diamy_Call_Id__c: v('call_1'),
        Direction__c: v('Inbound'),
        Outcome__c: v('Answered'),
        Started_At__c: v('2026-11-25T08:03:00.000Z'),
        Talk_Seconds__c: v(187),
        Disposition__c: { value: 'Interested', displayValue: 'Interested' },
        Notes__c: v('Wants a quote for 20 seats.'),
        Recording_URL__c: v('https://diamy.example.com/v2/recordings/rec_1'),
        Caller_Name__c: v('Jean Dupont'),
        From_Number__c: v('06 12 34 56 78'),
        From_Number_E164__c: v('+33612345678'),
        To_Number__c: v('+33184880000'),
        To_Number_E164__c: v('+33184880000'),
        Contact__c: v(CONTACT),
        Agent__r: { Name: v('Camille Martin') },
        ...fields
    };
}
function answer(nodes: unknown[], pageInfo: unknown = { hasNextPage: false, endCursor: null }) {
    return { uiapi: { query: { Diamy_Call__c: { edges: nodes.map((n) => ({ node: n })), pageInfo } } } };
}
const source = (query: unknown) => (query as { source: string }).source;

beforeAll(() => phoneMetadataReady());

describe('c-diamy-call-history-service', () => {
    describe('historyLookup', () => {
        it.each([
            ['Contact', CONTACT_HISTORY_QUERY, 'Contact__c: { eq: $recordId }'],
            ['Lead', LEAD_HISTORY_QUERY, 'Lead__c: { eq: $recordId }'],
            ['Opportunity', OPPORTUNITY_HISTORY_QUERY, 'Opportunity__c: { eq: $recordId }'],
            ['Case', CASE_HISTORY_QUERY, 'Case__c: { eq: $recordId }']
        ])('lists the calls of a %s by its lookup, newest first, a page at a time', (object, query, filter) => {
            const lookup = historyLookup(object, CONTACT, { pageSize: 5 });
            expect(lookup?.query).toBe(query);
            expect(lookup?.variables).toEqual({ recordId: CONTACT, first: 5, after: null });
            expect(source(query)).toContain(filter);
            expect(source(query)).toContain('orderBy: { Started_At__c: { order: DESC, nulls: LAST } }');
            expect(source(query)).toContain('first: $first, after: $after');
            expect(source(query)).toContain('pageInfo { hasNextPage endCursor }');
            expect(source(query)).toContain('Agent__r { Name { value } }');
        });

        it("lists an Account's own calls and its contacts' calls unless the admin turned that off", () => {
            expect(historyLookup('Account', ACCOUNT)?.query).toBe(ACCOUNT_AND_CONTACTS_HISTORY_QUERY);
            expect(historyLookup('Account', ACCOUNT, { includeContacts: true })?.query).toBe(ACCOUNT_AND_CONTACTS_HISTORY_QUERY);
            expect(historyLookup('Account', ACCOUNT, { includeContacts: false })?.query).toBe(ACCOUNT_HISTORY_QUERY);
            expect(historyLookup('Account', ACCOUNT, { includeContacts: 'false' })?.query).toBe(ACCOUNT_HISTORY_QUERY);
            expect(source(ACCOUNT_AND_CONTACTS_HISTORY_QUERY)).toContain('or: [{ Account__c: { eq: $recordId } }, { Contact__r: { AccountId: { eq: $recordId } } }]');
            expect(source(ACCOUNT_HISTORY_QUERY)).not.toContain('Contact__r');
        });

        it('asks for the page after a cursor', () => {
            expect(historyLookup('Contact', CONTACT, { after: 'cursor-2' })?.variables).toEqual({ recordId: CONTACT, first: 10, after: 'cursor-2' });
        });

        it.each([
            ['Task', CONTACT],
            [undefined, CONTACT],
            ['Contact', undefined],
            ['Contact', ''],
            ['Contact', 'not an id'],
            ['Contact', "003000000000001AAA' OR Id != '"]
        ])('asks nothing on a %s page with record id %s', (object, recordId) => {
            expect(historyLookup(object, recordId)).toBeUndefined();
        });

        it.each([
            [undefined, 10],
            [null, 10],
            ['abc', 10],
            ['', 10],
            [Number.NaN, 10],
            [0, 1],
            [-3, 1],
            [7.9, 7],
            ['25', 25],
            [50, 50],
            [500, 50]
        ])('reads the page size %s as %s', (value, expected) => {
            expect(pageSizeOf(value)).toBe(expected);
        });

        it('reads includeContacts as true unless it says false', () => {
            expect(includeContactsOf(undefined)).toBe(true);
            expect(includeContactsOf('true')).toBe(true);
            expect(includeContactsOf(false)).toBe(false);
            expect(includeContactsOf('false')).toBe(false);
        });
    });

    describe('rows', () => {
        it('shows an answered inbound call as the agent reads it', () => {
            const row = toHistoryRow(node(), PARIS) as HistoryRow;
            expect(row).toMatchObject({
                id: 'a01000000000001AAA',
                diamyCallId: 'call_1',
                directionText: 'Inbound call',
                directionIcon: 'utility:incoming_call',
                outcomeText: 'Answered',
                result: '3 min 07 s',
                unanswered: false,
                agentName: 'Camille Martin',
                agentText: 'Handled by Camille Martin',
                whenText: 'today at 09:03',
                disposition: 'Interested',
                notes: 'Wants a quote for 20 seats.',
                notesPreview: 'Wants a quote for 20 seats.',
                name: 'Jean Dupont',
                number: '+33612345678',
                numberText: '06 12 34 56 78',
                hasNumber: true,
                hasRecording: true,
                contactId: CONTACT
            });
            expect(row.whenTitle).toContain('25 November 2026');
        });

        it('calls back the callee of an outbound call, in international format when abroad', () => {
            const row = toHistoryRow(node({ Direction__c: v('Outbound'), To_Number_E164__c: v('+32470123456') }), PARIS) as HistoryRow;
            expect(row.directionIcon).toBe('utility:outbound_call');
            expect(row.number).toBe('+32470123456');
            expect(row.numberText).toBe('+32 470 12 34 56');
        });

        it('falls back to the number as dialled, and says when it was withheld', () => {
            const dialled = toHistoryRow(node({ From_Number_E164__c: v(null), From_Number__c: v('1042') }), PARIS) as HistoryRow;
            expect(dialled.number).toBe('1042');
            expect(dialled.numberText).toBe('1042');
            const withheld = toHistoryRow(node({ From_Number_E164__c: v(null), From_Number__c: v(null) }), PARIS) as HistoryRow;
            expect(withheld.hasNumber).toBe(false);
            expect(withheld.numberText).toBe('Withheld number');
        });

        it('never shows a zero talk time for a missed call, and flags it', () => {
            const row = toHistoryRow(node({ Outcome__c: v('Missed'), Talk_Seconds__c: v(0), Agent__r: null, Disposition__c: null, Notes__c: v(null) }), PARIS) as HistoryRow;
            expect(row.result).toBe('Missed call');
            expect(row.unanswered).toBe(true);
            expect(row.agentText).toBe('');
            expect(row.disposition).toBe('');
            expect(row.notesPreview).toBe('');
        });

        it('shows the disposition in the user language (its display value)', () => {
            const row = toHistoryRow(node({ Disposition__c: { value: 'Callback', displayValue: 'Rappel demandé' } }), PARIS) as HistoryRow;
            expect(row.disposition).toBe('Rappel demandé');
            expect(toHistoryRow(node({ Disposition__c: { value: 'Callback', displayValue: null } }), PARIS)?.disposition).toBe('Callback');
        });

        it('has no Play without a recording or a Diamy call id', () => {
            expect(toHistoryRow(node({ Recording_URL__c: v(null) }), PARIS)?.hasRecording).toBe(false);
            expect(toHistoryRow(node({ Diamy_Call_Id__c: v(null) }), PARIS)?.hasRecording).toBe(false);
        });

        it('reads malformed fields as empty rather than failing', () => {
            const row = toHistoryRow(
                { Id: 'a01000000000009AAA', Direction__c: 'Inbound', Outcome__c: { value: 42 }, Started_At__c: v('yesterday'), Talk_Seconds__c: v('187'), Agent__r: 'x' },
                PARIS
            ) as HistoryRow;
            expect(row).toMatchObject({ direction: '', outcome: '', whenText: '', result: '', agentName: '', hasNumber: false, hasRecording: false, contactId: null });
            expect(toHistoryRow(null)).toBeNull();
            expect(toHistoryRow({ Id: '' })).toBeNull();
            expect(toHistoryRow({ Id: 5 })).toBeNull();
        });

        it('cuts long notes on one line and keeps them whole for the title', () => {
            const long = `First line\n${'word '.repeat(60)}`;
            const preview = notesPreview(long);
            expect(preview.length).toBeLessThanOrEqual(140);
            expect(preview.endsWith('…')).toBe(true);
            expect(preview).not.toContain('\n');
            expect(notesPreview('  short\nnote ')).toBe('short note');
            expect(toHistoryRow(node({ Notes__c: v(long) }), PARIS)?.notes).toBe(long);
        });

        it('says yesterday and other days where the user is', () => {
            expect(formatWhen('2026-11-24T23:30:00.000Z', PARIS).text).toBe('today at 00:30');
            expect(formatWhen('2026-11-24T12:00:00.000Z', PARIS).text).toBe('yesterday at 13:00');
            expect(formatWhen('2026-03-02T12:00:00.000Z', PARIS).text).toBe('2 Mar at 13:00');
            expect(formatWhen('2024-03-02T12:00:00.000Z', { ...PARIS, timeZone: 'Not/AZone' }).text).toBe('2 Mar 2024 at 12:00');
            expect(formatWhen(null)).toEqual({ text: '', title: '' });
            expect(formatWhen('2026-11-24')).toEqual({ text: '', title: '' });
            expect(formatWhen('2026-99-99T00:00:00Z')).toEqual({ text: '', title: '' });
        });

        it('shows rows to a French user in French, with French dates and numbers', () => {
            const french = loadAsFrenchUser<HistoryModule>('c/diamyCallHistoryService');
            const row = french.toHistoryRow(
                node({ Talk_Seconds__c: v(3725), Agent__r: { Name: v('Camille Martin') } }),
                { now: NOW, agentCountry: 'FR' }
            ) as HistoryRow;
            expect(row.directionText).toBe('Appel entrant');
            expect(row.result).toBe('1 h 02 min');
            expect(row.agentText).toBe('Traité par Camille Martin');
            expect(row.whenText).toBe('aujourd’hui à 09:03');
            expect(row.whenTitle).toContain('mercredi 25 novembre 2026');
            expect(french.toHistoryRow(node({ Outcome__c: v('No_Answer') }), { now: NOW })?.result).toBe('Pas de réponse');
            expect(french.callBackBlockedReason({ availability: 'on_call' })).toBe('Vous êtes déjà en communication.');
        });
    });

    describe('pages', () => {
        it('reads the rows and the cursor of the next page', () => {
            const page = toHistoryPage(answer([node(), node({ Id: 'a01000000000002AAA' })], { hasNextPage: true, endCursor: 'c2' }), PARIS);
            expect(page?.rows.map((row) => row.id)).toEqual(['a01000000000001AAA', 'a01000000000002AAA']);
            expect(page?.hasNextPage).toBe(true);
            expect(page?.endCursor).toBe('c2');
        });

        it('has no next page without a cursor, whatever hasNextPage says', () => {
            expect(toHistoryPage(answer([node()], { hasNextPage: true, endCursor: null }))?.hasNextPage).toBe(false);
            expect(toHistoryPage(answer([node()], { hasNextPage: 'yes', endCursor: 'c' }))?.hasNextPage).toBe(false);
            expect(toHistoryPage(answer([node()], null))).toMatchObject({ hasNextPage: false, endCursor: null });
        });

        it('is empty for no calls, and not a page at all for a malformed answer', () => {
            expect(toHistoryPage(answer([]))?.rows).toEqual([]);
            expect(toHistoryPage(undefined)).toBeUndefined();
            expect(toHistoryPage({ uiapi: { query: {} } })).toBeUndefined();
            expect(toHistoryPage({ uiapi: { query: { Diamy_Call__c: { edges: 'x' } } } })).toBeUndefined();
        });

        it('leaves out malformed edges', () => {
            const data = { uiapi: { query: { Diamy_Call__c: { edges: [null, { node: null }, 'x', { node: node() }] } } } };
            expect(toHistoryPage(data)?.rows).toHaveLength(1);
        });

        it('shows a call once when it moved to the next page after a refresh', () => {
            const first = toHistoryRow(node()) as HistoryRow;
            const second = toHistoryRow(node({ Id: 'a01000000000002AAA' })) as HistoryRow;
            expect(mergePages([[first, second], [second]]).map((row) => row.id)).toEqual([first.id, second.id]);
        });
    });

    describe('the softphone', () => {
        it.each([
            ['ready', null],
            ['unknown', 'Looking for the phone…'],
            ['none', 'Open the Diamy phone in the utility bar to call back.'],
            ['connecting', 'The phone is connecting to Diamy. Try again in a moment.'],
            ['offline', 'The phone is offline: it cannot place calls now.'],
            ['on_call', 'You are already on a call.'],
            ['other_tab', 'The phone is open in another Salesforce tab: call back from that tab.']
        ] as const)('says why call back is not possible when the softphone is %s', (availability, reason) => {
            expect(callBackBlockedReason({ availability })).toBe(reason);
        });

        it('relates a call back to the page record', () => {
            expect(relatedOf('Contact', CONTACT)).toEqual({ contactId: CONTACT });
            expect(relatedOf('Account', ACCOUNT)).toEqual({ accountId: ACCOUNT });
            expect(relatedOf('Lead', 'x')).toEqual({ leadId: 'x' });
            expect(relatedOf('Opportunity', 'x')).toEqual({ opportunityId: 'x' });
            expect(relatedOf('Case', 'x')).toEqual({ caseId: 'x' });
            expect(relatedOf('Task', 'x')).toEqual({});
        });

        it('follows the calls logged for this record only (15- or 18-character ids)', () => {
            expect(historyFollows({ related: { contactId: CONTACT } }, CONTACT)).toBe(true);
            expect(historyFollows({ related: { contactId: '003000000000002AAA', accountId: ACCOUNT } }, ACCOUNT.slice(0, 15))).toBe(true);
            expect(historyFollows({ related: { contactId: '003000000000002AAA' } }, CONTACT)).toBe(false);
            expect(historyFollows({ related: {} }, CONTACT)).toBe(false);
            expect(historyFollows({ related: { contactId: CONTACT } }, undefined)).toBe(false);
        });

        it('tells why a dial request was refused', () => {
            expect(dialRefusalMessage({ ok: false, reason: 'invalid_number', message: 'This number cannot be called.' })).toBe('This number cannot be called.');
            expect(dialRefusalMessage({ ok: false, reason: 'no_softphone', message: '' })).toBe('Open the Diamy phone in the utility bar to call back.');
            expect(dialRefusalMessage({ ok: false, reason: 'on_call', message: '' })).toBe('You are already on a call.');
            expect(dialRefusalMessage({ ok: false, reason: 'failed', message: '' })).toBe('The call could not be placed. Try again from the softphone.');
        });

        it('plays only an http(s) link that has not expired', () => {
            const expiresAt = new Date(NOW + 300_000).toISOString();
            expect(recordingLinkOf({ ok: true, reason: null, message: '', url: 'https://diamy.example.com/v2/recordings/r?expires=1&signature=s', expiresAt }, NOW)).toEqual({
                url: 'https://diamy.example.com/v2/recordings/r?expires=1&signature=s',
                expiresAt: NOW + 300_000
            });
            expect(recordingLinkOf({ ok: true, reason: null, message: '', url: 'https://d/r', expiresAt: new Date(NOW - 1).toISOString() }, NOW)).toBeNull();
            expect(recordingLinkOf({ ok: true, reason: null, message: '', url: 'https://d/r' }, NOW)).toEqual({ url: 'https://d/r', expiresAt: null });
            expect(recordingLinkOf({ ok: true, reason: null, message: '', url: 'javascript:alert(1)' }, NOW)).toBeNull();
            expect(recordingLinkOf({ ok: true, reason: null, message: '' }, NOW)).toBeNull();
            expect(recordingLinkOf({ ok: false, reason: 'failed', message: '', url: 'https://d/r' }, NOW)).toBeNull();
        });

        it('asks for a new link a few seconds before the old one expires', () => {
            expect(linkStillValid({ url: 'https://d/r', expiresAt: NOW + 60_000 }, NOW)).toBe(true);
            expect(linkStillValid({ url: 'https://d/r', expiresAt: NOW + 1000 }, NOW)).toBe(false);
            expect(linkStillValid({ url: 'https://d/r', expiresAt: null }, NOW)).toBe(true);
            expect(linkStillValid(undefined, NOW)).toBe(false);
        });

        it('tells why a recording cannot be played', () => {
            expect(recordingRefusalMessage({ ok: false, reason: 'failed', message: 'You may only listen to your own calls.' })).toBe('You may only listen to your own calls.');
            expect(recordingRefusalMessage({ ok: false, reason: 'no_softphone', message: '' })).toBe(
                'Recordings play through the Diamy phone: open it in the utility bar and try again.'
            );
            expect(recordingRefusalMessage({ ok: false, reason: 'other_tab', message: '' })).toBe('The phone is open in another Salesforce tab: play the recording from that tab.');
            expect(recordingRefusalMessage({ ok: false, reason: 'failed', message: '' })).toBe('The recording cannot be played right now. Try again in a moment.');
            expect(recordingRefusalMessage({ ok: true, reason: null, message: '' })).toBe('The recording cannot be played right now. Try again in a moment.');
        });
    });
});
