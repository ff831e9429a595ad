/**
 * Boundaries of phone matching that the main suite leaves open (found by mutation testing): the length limits of
 * a national number, the cut of the international prefix, key and verification edge cases, the order of records
 * of the same kind, what a match carries, and the switchboard rule on both sides of each of its conditions.
 */
import { callingCodeOfKey, matchSettingsFromUser, numberPart, phoneMetadataReady, rankCandidates, readIncoming, readStored, verifyStored } from 'c/diamyPhoneMatch';
import type { CandidateNode, CandidateQueryData, IncomingNumber, MatchDecision, PhoneIdentity } from 'c/diamyPhoneMatch';

function identity(raw: string, country = 'FR'): PhoneIdentity {
    const read = readIncoming(raw, country);
    if (!read.ok) {
        throw new Error(`${raw} is not matchable: ${read.reason}`);
    }
    return read.identity;
}

const v = <T>(value: T | null) => ({ value });

function node(id: string, fields: Record<string, string | null>, extra: Partial<CandidateNode> = {}): CandidateNode {
    const result: CandidateNode = { Id: id, Name: v(`Record ${id}`), ...extra };
    for (const [name, value] of Object.entries(fields)) {
        result[name] = v(value);
    }
    return result;
}

function data(parts: Partial<Record<'Contact' | 'Lead' | 'Account', CandidateNode[]>>): CandidateQueryData {
    const query: NonNullable<CandidateQueryData['uiapi']>['query'] = {};
    for (const [object, nodes] of Object.entries(parts)) {
        query[object as 'Contact'] = { edges: nodes.map((n) => ({ node: n })) };
    }
    return { uiapi: { query } };
}

function rankedIds(decision: MatchDecision): string[] {
    return decision.kind === 'single' || decision.kind === 'choose' ? decision.ranked.map((m) => m.recordId) : [];
}

/** The switchboard number 01 23 45 67 89 in each phone field, as the lookup returns it. */
let call: IncomingNumber;
// The phone metadata loads with a dynamic import: read numbers once it is there.
beforeAll(async () => {
    await phoneMetadataReady();
    call = readIncoming('+33123456789');
});
const phone = { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789' };
const otherPhone = { OtherPhone: '01 23 45 67 89', Diamy_Other_Phone_Key__c: '33|23456789' };
const mobile = { MobilePhone: '01 23 45 67 89', Diamy_Mobile_Key__c: '33|23456789' };

describe('c-diamy-phone-match boundaries', () => {
    describe('reading numbers', () => {
        it('keeps national numbers of 6 to 15 digits and drops shorter or longer ones', () => {
            expect(readStored('+33 12345', '33')).toBeUndefined();
            expect(readStored('+33 123456', '33')).toEqual({ callingCode: '33', nationalNumber: '123456', e164: '+33123456', key: '33|123456' });
            expect(readStored('+33 123456789012345', '33')?.nationalNumber).toBe('123456789012345');
            expect(readStored('+33 1234567890123456', '33')).toBeUndefined();
        });

        it('treats a possible number with a national number under 6 digits as internal', () => {
            expect(readIncoming('+500 12345')).toEqual({ ok: false, reason: 'internal' });
        });

        it('counts only the digits of a national number: under 6 is an extension, 6 is not', () => {
            expect(readIncoming('20 4')).toEqual({ ok: false, reason: 'internal' });
            expect(readIncoming('123456')).toEqual({ ok: false, reason: 'not-a-number' });
        });

        it('moves only French 9-digit numbers with an overseas prefix to the overseas calling code', () => {
            // Fribourg, Switzerland: a 9-digit national number that starts like a Réunion number.
            expect(identity('+41 26 212 34 56')).toMatchObject({ callingCode: '41', e164: '+41262123456', key: '41|62123456' });
            // A French number of 10 digits is not an overseas number, whatever its first digits.
            expect(readStored('+33 2621234567', '33')).toMatchObject({ callingCode: '33', e164: '+332621234567' });
        });

        it('returns nothing for text without a digit or a plus sign', () => {
            expect(numberPart('--')).toBe('');
            expect(numberPart('(n/a)')).toBe('');
        });

        it('writes every run of spaces as one space', () => {
            expect(numberPart('01  23 \u202f 45 67 89')).toBe('01 23 45 67 89');
        });

        it('drops the spaces after an international prefix 00', () => {
            expect(numberPart('00 33 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
        });

        it('reads an international prefix whose digits are written apart, as the key flow does', () => {
            // The flow formula drops every separator before it looks for 00 / 011: these values are keyed
            // 33|23456789 and 1|55550123, so verification must read the same numbers from them.
            expect(numberPart('0 0 33 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
            expect(numberPart('0-0-33-1-23-45-67-89')).toBe('+33-1-23-45-67-89');
            expect(numberPart('0-11 1 415 555 0123', '1')).toBe('+1 415 555 0123');
            expect(verifyStored(identity('+33123456789'), '0.0.33.1.23.45.67.89', '33|23456789')).toBe(true);
            expect(verifyStored(identity('+14155550123'), '0 1 1 1 415 555 0123', '1|55550123')).toBe(true);
        });

        it('reads 011 as an international prefix in North America only', () => {
            expect(numberPart('415 555 0123', '1')).toBe('415 555 0123');
            expect(numberPart('011 44 20 7946 0958', '44')).toBe('011 44 20 7946 0958');
            expect(numberPart('011 44 20 7946 0958')).toBe('011 44 20 7946 0958');
            expect(numberPart('011 44 20 7946 0958', '1')).toBe('+44 20 7946 0958');
            expect(numberPart('01114155550123', '1')).toBe('+14155550123');
        });

        it('reads nothing from an empty stored value', () => {
            expect(readStored(null, '33')).toBeUndefined();
            expect(readStored(undefined, '33')).toBeUndefined();
            expect(readStored('(-)', '33')).toBeUndefined();
        });
    });

    describe('keys and verification', () => {
        it('reads the calling code only from a whole well-formed key', () => {
            expect(callingCodeOfKey('1|55550123')).toBe('1');
            expect(callingCodeOfKey('x33|12345678')).toBe('');
            expect(callingCodeOfKey('33|12345678x')).toBe('');
            expect(callingCodeOfKey('3333|12345678')).toBe('');
            expect(callingCodeOfKey(null)).toBe('');
            expect(callingCodeOfKey(undefined)).toBe('');
        });

        it('rejects a stored value whose key differs, even when the text holds the incoming number', () => {
            const incoming = identity('+33123456789');
            expect(verifyStored(incoming, '+33 1 23 45 67 89', '33|99999999')).toBe(false);
            expect(verifyStored(incoming, '+33 1 23 45 67 89', '')).toBe(false);
            expect(verifyStored(incoming, '+33 1 23 45 67 89', '33|23456789')).toBe(true);
        });

        it('rejects a matching key whose stored text is empty or no number', () => {
            const incoming = identity('+33123456789');
            expect(verifyStored(incoming, null, '33|23456789')).toBe(false);
            expect(verifyStored(incoming, 'see assistant', '33|23456789')).toBe(false);
        });
    });

    describe('what a match carries', () => {
        it('names the Account of a contact, the Account itself, and no account for a lead', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...mobile, AccountId: '001X' }, { Account: { Name: v('Acme') } })],
                    Lead: [node('00QA', phone)],
                    Account: [node('001B', phone, { Name: v('Beta Corp') })]
                })
            );
            expect(decision.kind === 'single' && decision.ranked).toEqual([
                { recordId: '003A', objectApiName: 'Contact', name: 'Record 003A', accountId: '001X', accountName: 'Acme', matchedFields: ['MobilePhone'], lastActive: null },
                { recordId: '00QA', objectApiName: 'Lead', name: 'Record 00QA', accountId: null, accountName: null, matchedFields: ['Phone'], lastActive: null },
                { recordId: '001B', objectApiName: 'Account', name: 'Beta Corp', accountId: '001B', accountName: 'Beta Corp', matchedFields: ['Phone'], lastActive: null }
            ]);
        });

        it('dates a match by its last activity, else its last modification', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [
                        node('003A', mobile, { LastActivityDate: v('2026-03-01'), LastModifiedDate: v('2026-05-01T08:00:00.000Z') }),
                        node('003B', mobile, { LastActivityDate: v('2026-02-01') }),
                        node('003C', mobile, { LastModifiedDate: v('2026-01-01T08:00:00.000Z') })
                    ]
                })
            );
            expect(decision.kind === 'choose' && decision.ranked.map((m) => [m.recordId, m.lastActive])).toEqual([
                ['003A', '2026-03-01'],
                ['003B', '2026-02-01'],
                ['003C', '2026-01-01T08:00:00.000Z']
            ]);
        });

        it('gives a contact whose Account has no readable name no account name', () => {
            const decision = rankCandidates(call, data({ Contact: [node('003A', { ...mobile, AccountId: '001X' }, { Account: {} })] }));
            expect(decision).toMatchObject({ kind: 'single', match: { recordId: '003A', accountId: '001X', accountName: null } });
        });

        it('treats a field whose value is not text as missing', () => {
            const decision = rankCandidates(call, data({ Lead: [node('00QA', phone, { Name: { value: 42 } as unknown as { value: string } })] }));
            expect(decision).toMatchObject({ kind: 'single', match: { recordId: '00QA', name: '' } });
        });

        it('reads partial lookup data as no match', () => {
            expect(rankCandidates(call, {})).toEqual({ kind: 'no-match', e164: '+33123456789' });
            expect(rankCandidates(call, { uiapi: {} })).toEqual({ kind: 'no-match', e164: '+33123456789' });
            expect(rankCandidates(call, { uiapi: { query: {} } })).toEqual({ kind: 'no-match', e164: '+33123456789' });
        });
    });

    describe('order of records of the same kind', () => {
        it('puts the most recent first, then orders by name', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [
                        node('003A', mobile, { Name: v('Zoe'), LastActivityDate: v('2026-01-01') }),
                        node('003B', mobile, { Name: v('Bob'), LastActivityDate: v('2026-01-01') }),
                        node('003C', mobile, { Name: v('Yann'), LastActivityDate: v('2026-06-01') }),
                        node('003D', mobile, { Name: v('Alice'), LastActivityDate: v('2025-06-01') })
                    ]
                })
            );
            expect(rankedIds(decision)).toEqual(['003C', '003B', '003A', '003D']);
        });

        it('puts a record without dates after the dated ones, wherever it comes in the results', () => {
            const undated = node('003U', mobile, { Name: v('Aaron') });
            const dated = node('003D', mobile, { Name: v('Zack'), LastModifiedDate: v('2020-01-01T00:00:00.000Z') });
            expect(rankedIds(rankCandidates(call, data({ Contact: [undated, dated] })))).toEqual(['003D', '003U']);
            expect(rankedIds(rankCandidates(call, data({ Contact: [dated, undated] })))).toEqual(['003D', '003U']);
        });

        it('pops the only lead when nothing else matches', () => {
            const decision = rankCandidates(call, data({ Lead: [node('00QA', phone)] }));
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '00QA', objectApiName: 'Lead' } });
            expect(rankedIds(decision)).toEqual(['00QA']);
        });

        it('pops an Account matched on its Phone alone as that Account, not as a switchboard', () => {
            const decision = rankCandidates(call, data({ Account: [node('001X', phone)] }));
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '001X' } });
        });
    });

    describe('switchboards', () => {
        const acme = { Account: { Name: v('Acme') } };

        it('pops the Account record itself, with its own name and dates, before the other matches', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...phone, AccountId: '001X' }), node('003B', { ...otherPhone, AccountId: '001X' })],
                    Lead: [node('00QOLD', phone, { LastActivityDate: v('2025-01-01') }), node('00QNEW', phone, { LastActivityDate: v('2026-01-01') })],
                    Account: [node('001X', phone, { Name: v('Acme Corp'), LastActivityDate: v('2026-02-02') })]
                })
            );
            expect(decision).toMatchObject({
                kind: 'single',
                switchboard: true,
                match: { recordId: '001X', objectApiName: 'Account', name: 'Acme Corp', accountName: 'Acme Corp', lastActive: '2026-02-02' }
            });
            expect(rankedIds(decision)).toEqual(['001X', '00QNEW', '00QOLD']);
        });

        it('still pops a contact of the company whose own mobile is the number, with the Account after it', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...phone, AccountId: '001X' }), node('003M', { ...mobile, AccountId: '001X' })],
                    Account: [node('001X', phone)]
                })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003M' } });
            expect(rankedIds(decision)).toEqual(['003M', '001X']);
        });

        it('keeps a contact of another company sharing the number as a personal match', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...phone, AccountId: '001X' }), node('003W', { ...phone, AccountId: '001W' })],
                    Account: [node('001X', phone)]
                })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003W' } });
            expect(rankedIds(decision)).toEqual(['003W', '001X']);
        });

        it('is no switchboard when the matched Account is not the company of the contacts sharing the number', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...phone, AccountId: '001W' }), node('003B', { ...phone, AccountId: '001W' })],
                    Account: [node('001X', phone)]
                })
            );
            expect(decision).toMatchObject({ kind: 'choose' });
            expect(rankedIds(decision)).toEqual(['003A', '003B', '001X']);
        });

        it('finds the switchboard among several matched Accounts: the one whose contacts share the number', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [node('003A', { ...phone, AccountId: '001X' })],
                    Account: [node('001X', phone, { LastActivityDate: v('2025-01-01') }), node('001Y', phone, { LastActivityDate: v('2026-01-01') })]
                })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001X' } });
            expect(rankedIds(decision)).toEqual(['001X', '001Y']);
        });

        it('makes several contacts of one company sharing their OtherPhone its switchboard', () => {
            const decision = rankCandidates(call, data({ Contact: [node('003A', { ...otherPhone, AccountId: '001Y' }, acme), node('003B', { ...otherPhone, AccountId: '001Y' }, acme)] }));
            expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001Y' } });
        });

        it('builds the switchboard of contacts without an Account match from the newest contact', () => {
            const decision = rankCandidates(
                call,
                data({
                    Contact: [
                        node('003A', { ...phone, AccountId: '001Y' }, { LastActivityDate: v('2025-01-01') }),
                        node('003B', { ...phone, AccountId: '001Y' }, { LastActivityDate: v('2026-01-01') })
                    ],
                    Lead: [node('00QA', phone)]
                })
            );
            const switchboard = { recordId: '001Y', objectApiName: 'Account', name: '', accountId: '001Y', accountName: null, matchedFields: ['Phone'], lastActive: '2026-01-01' };
            expect(decision).toEqual({ kind: 'single', switchboard: true, match: switchboard, ranked: [switchboard, expect.objectContaining({ recordId: '00QA' })] });
        });

        it('is no switchboard when the contacts share a personal number, have no company, or are leads', () => {
            const personal = rankCandidates(call, data({ Contact: [node('003A', { ...mobile, AccountId: '001Y' }), node('003B', { ...mobile, AccountId: '001Y' })] }));
            expect(personal).toMatchObject({ kind: 'choose' });
            const private_ = rankCandidates(call, data({ Contact: [node('003A', phone), node('003B', phone)] }));
            expect(private_).toMatchObject({ kind: 'choose' });
            const leads = rankCandidates(call, data({ Lead: [node('00QA', phone), node('00QB', phone)] }));
            expect(leads).toMatchObject({ kind: 'choose' });
            expect(rankedIds(leads)).toEqual(['00QA', '00QB']);
        });
    });

    describe('settings read from the current user', () => {
        it('falls back to France and no own numbers when the record has no such fields', () => {
            expect(matchSettingsFromUser({})).toEqual({ defaultCountry: 'FR', ownNumbers: new Set() });
            expect(matchSettingsFromUser({ fields: {} })).toEqual({ defaultCountry: 'FR', ownNumbers: new Set() });
            expect(matchSettingsFromUser({ fields: { Diamy_Default_Country__c: { value: 'BE' } } })).toEqual({ defaultCountry: 'BE', ownNumbers: new Set() });
            expect(matchSettingsFromUser({ fields: { Diamy_Own_Numbers__c: { value: '01 23 45 67 89' } } })).toEqual({ defaultCountry: 'FR', ownNumbers: new Set(['+33123456789']) });
        });
    });
});
