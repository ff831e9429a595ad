import {
    callingCodeOfKey,
    formatPhoneForDisplay,
    isPhoneMetadataLoaded,
    lookupVariables,
    matchSettingsFromUser,
    numberPart,
    ownNumberSet,
    phoneMetadataReady,
    rankCandidates,
    readIncoming,
    readStored,
    verifyStored
} from 'c/diamyPhoneMatch';
import type { CandidateNode, CandidateQueryData, IncomingNumber, PhoneIdentity } from 'c/diamyPhoneMatch';
import type * as PhoneMatchModule from 'c/diamyPhoneMatch';
import { resetDom } from 'diamy-test/lwcTestUtils';

function identity(raw: string, country = 'FR'): PhoneIdentity {
    const read = readIncoming(raw, country);
    if (!read.ok) {
        throw new Error(`${raw} is not matchable: ${read.reason}`);
    }
    return read.identity;
}

const v = <T>(value: T | null) => ({ value });

function contact(id: string, fields: Record<string, string | null>, extra: Partial<CandidateNode> = {}): CandidateNode {
    const node: CandidateNode = { Id: id, Name: v(`Contact ${id}`), ...extra };
    for (const [name, value] of Object.entries(fields)) {
        node[name] = v(value);
    }
    return node;
}

function data(parts: Partial<Record<'Contact' | 'Lead' | 'Account', CandidateNode[]>>): CandidateQueryData {
    const query: NonNullable<CandidateQueryData['uiapi']>['query'] = {};
    for (const [object, nodes] of Object.entries(parts)) {
        query[object as 'Contact'] = { edges: nodes.map((node) => ({ node })) };
    }
    return { uiapi: { query } };
}

describe('c-diamy-phone-match', () => {
    // The phone metadata loads with a dynamic import that starts when the module is evaluated.
    beforeAll(() => phoneMetadataReady());

    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    describe('incoming numbers', () => {
        it('keys an E.164 number by calling code and last 8 national digits', () => {
            expect(identity('+33612345678')).toEqual({ callingCode: '33', nationalNumber: '612345678', e164: '+33612345678', key: '33|12345678' });
            expect(lookupVariables(identity('+33612345678'))).toEqual({ keys: ['33|12345678'] });
        });

        it('keeps the leading 0 of Italian numbers and reads national numbers in the default country', () => {
            expect(identity('+390212345678').nationalNumber).toBe('0212345678');
            expect(identity('020 7946 0958', 'gb').e164).toBe('+442079460958');
            expect(identity('01 23 45 67 89', 'XX').e164).toBe('+33123456789');
        });

        it('moves French overseas numbers written in the French plan to their own calling code', () => {
            expect(identity('+33692123456').e164).toBe('+262692123456');
            expect(identity('0590 12 34 56').key).toBe('590|90123456');
        });

        it('never matches withheld callers, internal extensions or text', () => {
            expect(readIncoming('anonymous')).toEqual({ ok: false, reason: 'withheld' });
            expect(readIncoming('')).toEqual({ ok: false, reason: 'withheld' });
            expect(readIncoming(null)).toEqual({ ok: false, reason: 'withheld' });
            expect(readIncoming('Masqué')).toEqual({ ok: false, reason: 'withheld' });
            expect(readIncoming('204')).toEqual({ ok: false, reason: 'internal' });
            expect(readIncoming('+3361')).toEqual({ ok: false, reason: 'not-a-number' });
            expect(readIncoming('+687 1234')).toEqual({ ok: false, reason: 'not-a-number' });
        });
    });

    describe('stored values and verification', () => {
        it('cuts labels, extensions and second numbers off a stored value', () => {
            expect(numberPart('Tél. : 01 23 45 67 89 poste 204')).toBe('01 23 45 67 89');
            expect(numberPart('0033 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
            expect(numberPart('011 1 415 555 0123', '1')).toBe('+1 415 555 0123');
            expect(numberPart('06 12 34 56 78 / 01 23 45 67 89')).toBe('06 12 34 56 78');
            expect(numberPart('n/a')).toBe('');
        });

        it('reads national stored values in the calling code of their key', () => {
            expect(readStored('0262 12 34 56', '262')?.e164).toBe('+262262123456');
            expect(readStored('', '33')).toBeUndefined();
            expect(readStored('abc', '33')).toBeUndefined();
            expect(callingCodeOfKey('33|12345678')).toBe('33');
            expect(callingCodeOfKey('garbage')).toBe('');
        });

        it('accepts only candidates holding exactly the incoming number', () => {
            const incoming = identity('+33123456789');
            expect(verifyStored(incoming, '+33 (0)1 23 45 67 89', '33|23456789')).toBe(true);
            expect(verifyStored(incoming, '02 23 45 67 89', '33|23456789')).toBe(false);
            expect(verifyStored(incoming, '01 23 45 67 89', '34|23456789')).toBe(false);
            expect(verifyStored(incoming, '01 23 45 67 89', null)).toBe(false);
            expect(verifyStored(identity('+34612345678'), '06 12 34 56 78', '34|12345678')).toBe(false);
        });
    });

    describe('ranking', () => {
        let incoming: IncomingNumber;
        beforeAll(() => {
            incoming = readIncoming('+33612345678');
        });
        const mobile = { MobilePhone: '06 12 34 56 78', Diamy_Mobile_Key__c: '33|12345678' };

        it('prefers a Contact to a Lead and an Account, and reports no match with the number', () => {
            const decision = rankCandidates(
                incoming,
                data({
                    Contact: [contact('003A', mobile)],
                    Lead: [contact('00QA', { Phone: '06 12 34 56 78', Diamy_Phone_Key__c: '33|12345678' })],
                    Account: [contact('001A', { Phone: '+33 7 12 34 56 78', Diamy_Phone_Key__c: '33|12345678' })]
                })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003A', matchedFields: ['MobilePhone'] } });
            expect(decision.kind === 'single' && decision.ranked.map((m) => m.recordId)).toEqual(['003A', '00QA']);
            expect(rankCandidates(incoming, data({}))).toEqual({ kind: 'no-match', e164: '+33612345678' });
            expect(rankCandidates(incoming, undefined)).toEqual({ kind: 'no-match', e164: '+33612345678' });
        });

        it('offers a chooser, most recently active first, when several contacts hold a personal number', () => {
            const decision = rankCandidates(
                incoming,
                data({
                    Contact: [
                        contact('003OLD', mobile, { LastActivityDate: v('2025-01-01') }),
                        contact('003NEW', mobile, { LastActivityDate: v(null), LastModifiedDate: v('2026-11-01T10:00:00.000Z') })
                    ]
                })
            );
            expect(decision).toMatchObject({ kind: 'choose' });
            expect(decision.kind === 'choose' && decision.ranked.map((m) => m.recordId)).toEqual(['003NEW', '003OLD']);
        });

        it('pops the Account for a switchboard number shared by the Account and its contacts', () => {
            const switchboard = { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789' };
            const call = readIncoming('+33123456789');
            const decision = rankCandidates(
                call,
                data({
                    Contact: [
                        contact('003A', { ...switchboard, AccountId: '001X' }),
                        contact('003B', { ...switchboard, AccountId: '001X' })
                    ],
                    Account: [contact('001X', switchboard)]
                })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001X', objectApiName: 'Account' } });
        });

        it('treats several contacts of one company sharing their business Phone as its switchboard', () => {
            const shared = { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789', AccountId: '001Y' };
            const decision = rankCandidates(
                readIncoming('+33123456789'),
                data({ Contact: [contact('003A', shared, { Account: { Name: v('Acme') } }), contact('003B', shared, { Account: { Name: v('Acme') } })] })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001Y', name: 'Acme' } });
        });

        describe('the switchboard boundary (docs/MATCHING.md, rule 3)', () => {
            const business = { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789', AccountId: '001Z' };
            const other = { OtherPhone: '01 23 45 67 89', Diamy_Other_Phone_Key__c: '33|23456789', AccountId: '001Z' };
            const acme = { Account: { Name: v('Acme') } };
            let call: IncomingNumber;
            beforeAll(() => {
                call = readIncoming('+33123456789');
            });

            it('one contact matched on its business Phone, without its Account, is that contact, not a switchboard', () => {
                const decision = rankCandidates(call, data({ Contact: [contact('003ONE', business, acme)] }));
                expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003ONE', objectApiName: 'Contact', matchedFields: ['Phone'] } });
            });

            it('one contact matched on its OtherPhone, without its Account, is that contact too', () => {
                const decision = rankCandidates(call, data({ Contact: [contact('003ONE', other, acme)] }));
                expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003ONE', matchedFields: ['OtherPhone'] } });
            });

            it('two contacts of the Account sharing their business Phone are its switchboard', () => {
                const decision = rankCandidates(call, data({ Contact: [contact('003ONE', business, acme), contact('003TWO', business, acme)] }));
                expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001Z', objectApiName: 'Account' } });
            });

            it('one contact together with its Account matched on the Account Phone is the switchboard', () => {
                const decision = rankCandidates(call, data({ Contact: [contact('003ONE', business, acme)], Account: [contact('001Z', { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789' })] }));
                expect(decision).toMatchObject({ kind: 'single', switchboard: true, match: { recordId: '001Z' } });
            });

            it('two contacts of different Accounts sharing a number are a choice, not a switchboard', () => {
                const decision = rankCandidates(call, data({ Contact: [contact('003ONE', business, acme), contact('003TWO', { ...business, AccountId: '001W' })] }));
                expect(decision).toMatchObject({ kind: 'choose' });
            });
        });

        it('still pops a contact whose own mobile is the number, even at a switchboard company', () => {
            const both = { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789', MobilePhone: '01 23 45 67 89', Diamy_Mobile_Key__c: '33|23456789', AccountId: '001X' };
            const decision = rankCandidates(
                readIncoming('+33123456789'),
                data({ Contact: [contact('003A', both)], Account: [contact('001X', { Phone: '01 23 45 67 89', Diamy_Phone_Key__c: '33|23456789' })] })
            );
            expect(decision).toMatchObject({ kind: 'single', switchboard: false, match: { recordId: '003A' } });
        });

        it('never matches own numbers, withheld callers or unverified candidates', () => {
            const own = ownNumberSet(['+33 6 12 34 56 78', 'anonymous']);
            expect(own).toEqual(new Set(['+33612345678']));
            expect(rankCandidates(incoming, data({ Contact: [contact('003A', mobile)] }), { ownNumbers: own })).toEqual({ kind: 'not-matchable', reason: 'own-number' });
            expect(rankCandidates(readIncoming('anonymous'), data({ Contact: [contact('003A', mobile)] }))).toEqual({ kind: 'not-matchable', reason: 'withheld' });
            const wrong = { MobilePhone: '07 12 34 56 78', Diamy_Mobile_Key__c: '33|12345678' };
            expect(rankCandidates(incoming, data({ Contact: [contact('003A', wrong)] }))).toEqual({ kind: 'no-match', e164: '+33612345678' });
        });
    });

    describe('settings read from the current user', () => {
        it('reads the default country and the own numbers, whatever the separators', () => {
            const settings = matchSettingsFromUser({
                fields: { Diamy_Default_Country__c: { value: ' be ' }, Diamy_Own_Numbers__c: { value: '+32 2 123 45 67; 02 765 43 21,\n+33 9 70 00 00 00' } }
            });
            expect(settings.defaultCountry).toBe('BE');
            expect(settings.ownNumbers).toEqual(new Set(['+3221234567', '+3227654321', '+33970000000']));
        });

        it('falls back to France and no own numbers when the fields are missing or unusable', () => {
            expect(matchSettingsFromUser(undefined)).toEqual({ defaultCountry: 'FR', ownNumbers: new Set() });
            expect(matchSettingsFromUser({ fields: { Diamy_Default_Country__c: { value: 'France' }, Diamy_Own_Numbers__c: { value: null } } })).toEqual({
                defaultCountry: 'FR',
                ownNumbers: new Set()
            });
        });
    });

    it('has the phone metadata once phoneMetadataReady() resolved', () => {
        expect(isPhoneMetadataLoaded()).toBe(true);
    });

    describe('numbers shown to the agent', () => {
        it('shows a number of the agent\'s country in the national format, whatever the case of the country code', () => {
            expect(formatPhoneForDisplay('+33612345678', 'FR')).toBe('06 12 34 56 78');
            expect(formatPhoneForDisplay('+33612345678', 'fr')).toBe('06 12 34 56 78');
            expect(formatPhoneForDisplay(' +33612345678 ', ' FR ')).toBe('06 12 34 56 78');
            expect(formatPhoneForDisplay('+32470123456', 'BE')).toBe('0470 12 34 56');
            expect(formatPhoneForDisplay('+442071838750', 'GB')).toBe('020 7183 8750');
            expect(formatPhoneForDisplay('+12133734253', 'US')).toBe('(213) 373-4253');
        });

        it('shows a number of another country in the international format', () => {
            expect(formatPhoneForDisplay('+32470123456', 'FR')).toBe('+32 470 12 34 56');
            expect(formatPhoneForDisplay('+33612345678', 'BE')).toBe('+33 6 12 34 56 78');
            expect(formatPhoneForDisplay('+442071838750', 'FR')).toBe('+44 20 7183 8750');
            // Same calling code, another country: Canada is not the United States.
            expect(formatPhoneForDisplay('+14165550123', 'US')).toBe('+1 416 555 0123');
            expect(formatPhoneForDisplay('+14165550123', 'CA')).toBe('(416) 555-0123');
            // Non-geographic numbers and unknown agent countries.
            expect(formatPhoneForDisplay('+80012345678', 'FR')).toBe('+800 1234 5678');
            expect(formatPhoneForDisplay('+33612345678', 'ZZ')).toBe('+33 6 12 34 56 78');
            expect(formatPhoneForDisplay('+33612345678', '')).toBe('+33 6 12 34 56 78');
        });

        it('treats the French overseas departments and France as one country, as they dial each other nationally', () => {
            expect(formatPhoneForDisplay('+262262123456', 'FR')).toBe('0262 12 34 56');
            expect(formatPhoneForDisplay('+262269612345', 'FR')).toBe('0269 61 23 45');
            expect(formatPhoneForDisplay('+590590123456', 'FR')).toBe('0590 12 34 56');
            expect(formatPhoneForDisplay('+594594123456', 'FR')).toBe('0594 12 34 56');
            expect(formatPhoneForDisplay('+596596123456', 'FR')).toBe('0596 12 34 56');
            expect(formatPhoneForDisplay('+33123456789', 'RE')).toBe('01 23 45 67 89');
            // Saint-Pierre-et-Miquelon has its own plan.
            expect(formatPhoneForDisplay('+508411234', 'FR')).toBe('+508 41 12 34');
        });

        it('returns what it cannot read unchanged: withheld, extensions, national or impossible numbers, text', () => {
            for (const raw of ['anonymous', '201', '', '06 12 34 56 78', '+33 6 12 34 56 78', '+3312', '+33', '+123456789012345678', 'call me']) {
                expect(formatPhoneForDisplay(raw, 'FR')).toBe(raw);
            }
        });
    });

    describe('phone metadata loaded on demand', () => {
        type PhoneMatch = typeof PhoneMatchModule;
        /** A fresh instance of the module, whose dynamic import of the metadata has not settled yet. */
        function freshModule(): PhoneMatch {
            let fresh: PhoneMatch | undefined;
            jest.isolateModules(() => {
                fresh = jest.requireActual<PhoneMatch>('c/diamyPhoneMatch');
            });
            return fresh as PhoneMatch;
        }

        afterEach(() => {
            jest.dontMock('c/diamyPhoneLib');
        });

        it('answers "cannot read" until the metadata is there, never a wrong match, then the real answers', async () => {
            const fresh = freshModule();
            expect(fresh.isPhoneMetadataLoaded()).toBe(false);
            expect(fresh.formatPhoneForDisplay('+33612345678', 'FR')).toBe('+33612345678');
            expect(fresh.readIncoming('+33612345678')).toEqual({ ok: false, reason: 'not-a-number' });
            // What does not need the metadata is answered at once.
            expect(fresh.readIncoming('anonymous')).toEqual({ ok: false, reason: 'withheld' });
            expect(fresh.readIncoming('201')).toEqual({ ok: false, reason: 'internal' });
            expect(fresh.readStored('06 12 34 56 78', '33')).toBeUndefined();
            expect(fresh.verifyStored(identity('+33612345678'), '06 12 34 56 78', '33|12345678')).toBe(false);

            await fresh.phoneMetadataReady();
            expect(fresh.isPhoneMetadataLoaded()).toBe(true);
            expect(fresh.formatPhoneForDisplay('+33612345678', 'FR')).toBe('06 12 34 56 78');
            expect(fresh.readIncoming('+33612345678')).toEqual({ ok: true, identity: identity('+33612345678') });
            expect(fresh.verifyStored(identity('+33612345678'), '06 12 34 56 78', '33|12345678')).toBe(true);
            // Loaded: every later call resolves at once, with nothing loaded again.
            await expect(fresh.phoneMetadataReady()).resolves.toBeUndefined();
        });

        it('rejects when the metadata cannot be loaded, and loads it on the next call', async () => {
            let attempts = 0;
            jest.doMock('c/diamyPhoneLib', () => {
                attempts += 1;
                if (attempts === 1) {
                    throw new Error('network down');
                }
                return jest.requireActual<object>('c/diamyPhoneLib');
            });
            const fresh = freshModule();
            // The load the module starts by itself fails: a caller waiting for it sees the failure.
            await expect(fresh.phoneMetadataReady()).rejects.toThrow('network down');
            expect(fresh.isPhoneMetadataLoaded()).toBe(false);
            // A parse while not loaded starts a new load, which succeeds.
            expect(fresh.readIncoming('+33612345678')).toEqual({ ok: false, reason: 'not-a-number' });
            await fresh.phoneMetadataReady();
            expect(fresh.isPhoneMetadataLoaded()).toBe(true);
            expect(attempts).toBe(2);
        });
    });
});
