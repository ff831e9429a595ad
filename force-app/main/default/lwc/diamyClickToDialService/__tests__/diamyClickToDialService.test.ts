import {
    ACCOUNT_CONTACTS_QUERY,
    DEFAULT_SETTINGS,
    OPPORTUNITY_ROLES_QUERY,
    buttonState,
    dialEntries,
    dialSettings,
    isDialObject,
    readTypedNumber,
    recordFields,
    recordValue,
    refusalMessage,
    relatedLookup
} from 'c/diamyClickToDialService';
import type { DialEntry, DialInput, DialSettings } from 'c/diamyClickToDialService';
import type * as ServiceModule from 'c/diamyClickToDialService';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';
import { IDS, accountContact, accountContacts, caseRecord, rec, role, roles, sophieRecord } from 'diamy-test/diamyClickToDialKit';

const settings = (changes: Partial<DialSettings> = {}): DialSettings => ({ ...DEFAULT_SETTINGS, ...changes });

function list(input: Partial<DialInput> & Pick<DialInput, 'object' | 'recordId'>) {
    return dialEntries({ record: undefined, settings: settings(), country: 'FR', ...input });
}

/** What an agent reads on each line: label, detail and number; and whether the line is blocked. */
const shown = (entries: DialEntry[]) => entries.map((e) => [e.label, e.detail, e.display, e.doNotCall !== '']);

describe('c/diamyClickToDialService', () => {
    beforeAll(async () => {
        await phoneMetadataReady();
    });

    describe('App Builder switches', () => {
        it('defaults to mobile and related people on, the other phones off, five people', () => {
            expect(dialSettings({})).toEqual({
                showMobile: true,
                showHomePhone: false,
                showOtherPhone: false,
                showAssistantPhone: false,
                showRelatedPhones: true,
                maxRelated: 5
            });
        });

        it('reads what a page passes, strings included, and keeps the number of people within 1..20', () => {
            expect(dialSettings({ showMobile: 'false', showHomePhone: 'true', showOtherPhone: true, maxRelated: '7' })).toMatchObject({
                showMobile: false,
                showHomePhone: true,
                showOtherPhone: true,
                maxRelated: 7
            });
            expect(dialSettings({ maxRelated: 0 }).maxRelated).toBe(1);
            expect(dialSettings({ maxRelated: 500 }).maxRelated).toBe(20);
            expect(dialSettings({ maxRelated: 'many', showMobile: 'yes' })).toMatchObject({ maxRelated: 5, showMobile: true });
            expect(dialSettings({ maxRelated: 3.9 }).maxRelated).toBe(3);
        });

        it('asks only for the switched-on fields, as optional fields of the page object', () => {
            expect(recordFields('Contact', settings())).toEqual([
                'Contact.Name',
                'Contact.AccountId',
                'Contact.DoNotCall',
                'Contact.Phone',
                'Contact.MobilePhone',
                'Contact.Account.Name',
                'Contact.Account.Phone'
            ]);
            const everything = settings({ showHomePhone: true, showOtherPhone: true, showAssistantPhone: true, showMobile: false, showRelatedPhones: false });
            expect(recordFields('Contact', everything)).toEqual([
                'Contact.Name',
                'Contact.AccountId',
                'Contact.DoNotCall',
                'Contact.Phone',
                'Contact.HomePhone',
                'Contact.OtherPhone',
                'Contact.AssistantPhone'
            ]);
            expect(recordFields('Lead', settings({ showMobile: false }))).toEqual(['Lead.Name', 'Lead.DoNotCall', 'Lead.Phone']);
            expect(recordFields('Account', settings())).toEqual(['Account.Name', 'Account.Phone']);
            expect(recordFields('Opportunity', settings())).toEqual(['Opportunity.Name', 'Opportunity.AccountId']);
            expect(recordFields('Case', settings())).toEqual([
                'Case.CaseNumber',
                'Case.ContactId',
                'Case.AccountId',
                'Case.ContactPhone',
                'Case.ContactMobile',
                'Case.Contact.Name',
                'Case.Contact.DoNotCall'
            ]);
            expect(recordFields('Case', settings({ showRelatedPhones: false }))).toEqual(['Case.CaseNumber', 'Case.ContactId', 'Case.AccountId']);
        });

        it('queries the related people of an Account or an Opportunity only, up to the number the admin set', () => {
            expect(relatedLookup('Opportunity', IDS.opportunity, settings({ maxRelated: 3 }))).toEqual({
                query: OPPORTUNITY_ROLES_QUERY,
                variables: { recordId: IDS.opportunity, first: 3 }
            });
            expect(relatedLookup('Account', IDS.cabinet, settings())).toEqual({ query: ACCOUNT_CONTACTS_QUERY, variables: { recordId: IDS.cabinet, first: 5 } });
            expect(relatedLookup('Account', IDS.cabinet, settings({ showRelatedPhones: false }))).toBeUndefined();
            expect(relatedLookup('Contact', IDS.sophie, settings())).toBeUndefined();
            expect(relatedLookup('Account', undefined, settings())).toBeUndefined();
        });

        it('asks the org for the primary role first, and for each person the Do Not Call flag', () => {
            const roleQuery = (OPPORTUNITY_ROLES_QUERY as unknown as { source: string }).source;
            expect(roleQuery).toMatch(/OpportunityContactRole\(where: \{ OpportunityId: \{ eq: \$recordId \} \}, orderBy: \{ IsPrimary: \{ order: DESC \} \}, first: \$first\)/);
            expect(roleQuery).toMatch(/DoNotCall \{ value \}/);
            const contactQuery = (ACCOUNT_CONTACTS_QUERY as unknown as { source: string }).source;
            expect(contactQuery).toMatch(/Contact\(where: \{ AccountId: \{ eq: \$recordId \} \}, orderBy: \{ Name: \{ order: ASC \} \}, first: \$first\)/);
            expect(contactQuery).toMatch(/DoNotCall \{ value \}/);
        });

        it('knows the five objects it is placed on', () => {
            expect(['Contact', 'Account', 'Lead', 'Opportunity', 'Case'].every(isDialObject)).toBe(true);
            expect(isDialObject('Diamy_Call__c')).toBe(false);
            expect(isDialObject(undefined)).toBe(false);
        });
    });

    describe('a Contact', () => {
        it('lists its phone, mobile and its company phone, formatted for a French agent, linked to the contact and its account', () => {
            const { entries, empty } = list({ object: 'Contact', recordId: IDS.sophie, record: sophieRecord() });
            expect(empty).toBeNull();
            expect(shown(entries)).toEqual([
                ['Phone', '', '04 72 10 20 31', false],
                ['Mobile', '', '06 12 34 56 78', false],
                ['Cabinet Bernard & Associés', 'Company phone', '04 72 10 20 30', false]
            ]);
            for (const entry of entries) {
                expect(entry.related).toEqual({ contactId: IDS.sophie, accountId: IDS.cabinet });
            }
            expect(entries.map((e) => e.callLabel)).toEqual([
                'Call Sophie Bernard, phone',
                'Call Sophie Bernard, mobile',
                'Call Cabinet Bernard & Associés, company phone'
            ]);
            // The number goes to the softphone as stored; the name is who answers.
            expect(entries[1]).toMatchObject({ number: '06 12 34 56 78', name: 'Sophie Bernard' });
        });

        it("shows another country's numbers in international format, and the org country's in national format", () => {
            const record = sophieRecord({ Phone: '+33 4 72 10 20 31', MobilePhone: '+32 470 12 34 56', Account: null });
            const french = list({ object: 'Contact', recordId: IDS.sophie, record }).entries;
            expect(french.map((e) => e.display)).toEqual(['04 72 10 20 31', '+32 470 12 34 56']);
            const belgian = list({ object: 'Contact', recordId: IDS.sophie, record, country: 'BE' }).entries;
            expect(belgian.map((e) => e.display)).toEqual(['+33 4 72 10 20 31', '0470 12 34 56']);
            // A number stored without its country code belongs to the org's country (as the match keys read it).
            const national = list({ object: 'Contact', recordId: IDS.sophie, record: sophieRecord({ Account: null, MobilePhone: null }), country: 'BE' }).entries;
            expect(national.map((e) => e.display)).toEqual(['0472 10 20 31']);
        });

        it('shows the home, other and assistant phones only when the admin switched them on, and hides the mobile when asked', () => {
            const record = sophieRecord({ HomePhone: '01 23 45 67 89', OtherPhone: '01 98 76 54 32', AssistantPhone: '04 72 10 20 39' });
            expect(list({ object: 'Contact', recordId: IDS.sophie, record }).entries.map((e) => e.label)).toEqual(['Phone', 'Mobile', 'Cabinet Bernard & Associés']);
            const all = list({
                object: 'Contact',
                recordId: IDS.sophie,
                record,
                settings: settings({ showMobile: false, showHomePhone: true, showOtherPhone: true, showAssistantPhone: true, showRelatedPhones: false })
            }).entries;
            expect(all.map((e) => e.label)).toEqual(['Phone', 'Home phone', 'Other phone', "Assistant's phone"]);
        });

        it('keeps every number of a contact on Do Not Call visible, each blocked with the reason, the company line included', () => {
            const { entries } = list({ object: 'Contact', recordId: IDS.sophie, record: sophieRecord({ DoNotCall: true }) });
            expect(entries).toHaveLength(3);
            for (const entry of entries) {
                expect(entry.doNotCall).toBe('Sophie Bernard asked not to be called (Do Not Call).');
            }
        });

        it('shows one number reachable through two fields once, under its first field, whatever its writing', () => {
            const record = sophieRecord({ OtherPhone: '+33 (0)4.72.10.20.31', Account: rec('Account', IDS.cabinet, { Name: 'Cabinet', Phone: '0033 4 72 10 20 31' }) });
            const { entries } = list({ object: 'Contact', recordId: IDS.sophie, record, settings: settings({ showOtherPhone: true }) });
            expect(entries.map((e) => e.label)).toEqual(['Phone', 'Mobile']);
        });

        it('skips empty numbers, and shows a number it cannot read as stored (the softphone decides)', () => {
            const record = sophieRecord({ Phone: '   ', MobilePhone: null, Account: null, HomePhone: 'ask the reception' });
            const { entries, empty } = list({ object: 'Contact', recordId: IDS.sophie, record, settings: settings({ showHomePhone: true }) });
            expect(shown(entries)).toEqual([['Home phone', '', 'ask the reception', false]]);
            expect(empty).toBeNull();
        });

        it('says there is nothing to call when no field holds a number, or when the fields could not be read', () => {
            expect(list({ object: 'Contact', recordId: IDS.sophie, record: rec('Contact', IDS.sophie, { Name: 'Sophie Bernard' }) })).toEqual({ entries: [], empty: 'none' });
            expect(list({ object: 'Contact', recordId: IDS.sophie, record: undefined })).toEqual({ entries: [], empty: 'none' });
        });

        it('names the call by the field when the contact name cannot be read (no access)', () => {
            const record = rec('Contact', IDS.sophie, { MobilePhone: '06 12 34 56 78' });
            const [entry] = list({ object: 'Contact', recordId: IDS.sophie, record }).entries;
            expect(entry?.callLabel).toBe('Call (mobile)');
            expect(entry?.related).toEqual({ contactId: IDS.sophie });
        });
    });

    describe('a Lead', () => {
        it('lists its phone and mobile, linked to the lead only, and honours its Do Not Call', () => {
            const record = rec('Lead', IDS.lead, { Name: 'Nicolas Fournier', DoNotCall: false, Phone: '01 45 67 89 02', MobilePhone: '06.98.76.54.32' });
            const { entries } = list({ object: 'Lead', recordId: IDS.lead, record });
            expect(shown(entries)).toEqual([
                ['Phone', '', '01 45 67 89 02', false],
                ['Mobile', '', '06 98 76 54 32', false]
            ]);
            expect(entries.every((e) => JSON.stringify(e.related) === JSON.stringify({ leadId: IDS.lead }))).toBe(true);
            const blocked = list({ object: 'Lead', recordId: IDS.lead, record: rec('Lead', IDS.lead, { Name: 'Nicolas Fournier', DoNotCall: true, MobilePhone: '06 98 76 54 32' }) });
            expect(blocked.entries[0]?.doNotCall).toBe('Nicolas Fournier asked not to be called (Do Not Call).');
        });
    });

    describe('an Account', () => {
        const account = rec('Account', IDS.cabinet, { Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30' });

        it('lists its phone, then its contacts by name with their phone and mobile, each linked to the account and that person', () => {
            const data = accountContacts([
                accountContact(IDS.julie, 'Julie Garnier', 'Assistante de direction', null, '06 11 22 33 44'),
                accountContact(IDS.sophie, 'Sophie Bernard', 'Directrice administrative', '04 72 10 20 31', '06 12 34 56 78')
            ]);
            const { entries } = list({ object: 'Account', recordId: IDS.cabinet, record: account, relatedData: data });
            expect(shown(entries)).toEqual([
                ['Phone', '', '04 72 10 20 30', false],
                ['Julie Garnier · Assistante de direction', 'Mobile', '06 11 22 33 44', false],
                ['Sophie Bernard · Directrice administrative', 'Phone', '04 72 10 20 31', false],
                ['Sophie Bernard · Directrice administrative', 'Mobile', '06 12 34 56 78', false]
            ]);
            expect(entries[0]?.related).toEqual({ accountId: IDS.cabinet });
            expect(entries[0]?.name).toBe('Cabinet Bernard & Associés');
            expect(entries[3]?.related).toEqual({ accountId: IDS.cabinet, contactId: IDS.sophie });
            expect(entries[3]?.callLabel).toBe('Call Sophie Bernard, mobile');
        });

        it("blocks only the contact on Do Not Call, not the company's line nor the colleagues", () => {
            const data = accountContacts([
                accountContact(IDS.julie, 'Julie Garnier', null, null, '06 11 22 33 44', true),
                accountContact(IDS.sophie, 'Sophie Bernard', null, null, '06 12 34 56 78')
            ]);
            const { entries } = list({ object: 'Account', recordId: IDS.cabinet, record: account, relatedData: data });
            expect(shown(entries)).toEqual([
                ['Phone', '', '04 72 10 20 30', false],
                ['Julie Garnier', 'Mobile', '06 11 22 33 44', true],
                ['Sophie Bernard', 'Mobile', '06 12 34 56 78', false]
            ]);
            expect(entries[1]?.doNotCall).toBe('Julie Garnier asked not to be called (Do Not Call).');
        });

        it('lists no more people than the admin set, even when the answer has more, and none when switched off', () => {
            const data = accountContacts([
                accountContact(IDS.julie, 'Julie Garnier', null, null, '06 11 22 33 44'),
                accountContact(IDS.marc, 'Marc Petit', null, null, '07 81 22 33 44'),
                accountContact(IDS.sophie, 'Sophie Bernard', null, null, '06 12 34 56 78')
            ]);
            expect(list({ object: 'Account', recordId: IDS.cabinet, record: account, relatedData: data, settings: settings({ maxRelated: 2 }) }).entries).toHaveLength(3);
            expect(list({ object: 'Account', recordId: IDS.cabinet, record: account, relatedData: data, settings: settings({ showRelatedPhones: false }) }).entries).toHaveLength(1);
        });

        it('ignores malformed related answers instead of failing', () => {
            for (const bad of [null, 'oops', { uiapi: { query: { Contact: { edges: 'x' } } } }, { uiapi: { query: { Contact: { edges: [null, { node: 3 }, { node: { Id: '' } }] } } } }]) {
                expect(list({ object: 'Account', recordId: IDS.cabinet, record: account, relatedData: bad }).entries.map((e) => e.label)).toEqual(['Phone']);
            }
        });
    });

    describe('an Opportunity', () => {
        const opportunity = rec('Opportunity', IDS.opportunity, { Name: 'Renouvellement 2025', AccountId: IDS.cabinet });

        it("lists its contact roles' numbers, the primary first, linked to the opportunity, its account and the role's contact", () => {
            const data = roles([
                role('00K1', IDS.julie, 'Influencer', false, { name: 'Julie Garnier', phone: null, mobile: '06 11 22 33 44' }),
                role('00K2', IDS.sophie, 'Decision Maker', true, { name: 'Sophie Bernard', phone: null, mobile: '06 12 34 56 78' })
            ]);
            const { entries } = list({ object: 'Opportunity', recordId: IDS.opportunity, record: opportunity, relatedData: data });
            expect(shown(entries)).toEqual([
                ['Sophie Bernard · Decision Maker, primary', 'Mobile', '06 12 34 56 78', false],
                ['Julie Garnier · Influencer', 'Mobile', '06 11 22 33 44', false]
            ]);
            expect(entries[0]?.related).toEqual({ opportunityId: IDS.opportunity, accountId: IDS.cabinet, contactId: IDS.sophie });
            expect(entries[0]?.name).toBe('Sophie Bernard');
        });

        it("honours a role contact's Do Not Call, skips roles whose contact the agent cannot read, and lists a role without a role name by the name only", () => {
            const data = roles([
                role('00K1', IDS.julie, null, false, { name: 'Julie Garnier', phone: '04 72 10 20 35', mobile: null, doNotCall: true }),
                role('00K2', IDS.marc, 'Evaluator', false, null),
                role('00K3', '', 'Evaluator', false, { name: 'Nobody', phone: '01 11 11 11 11', mobile: null })
            ]);
            const { entries } = list({ object: 'Opportunity', recordId: IDS.opportunity, record: opportunity, relatedData: data });
            expect(shown(entries)).toEqual([['Julie Garnier', 'Phone', '04 72 10 20 35', true]]);
        });

        it('says the opportunity has no contact roles when the answer has none, and nothing before the answer', () => {
            expect(list({ object: 'Opportunity', recordId: IDS.opportunity, record: opportunity, relatedData: roles([]) })).toEqual({ entries: [], empty: 'no_roles' });
            expect(list({ object: 'Opportunity', recordId: IDS.opportunity, record: opportunity, relatedData: undefined })).toEqual({ entries: [], empty: 'none' });
            const noNumbers = roles([role('00K1', IDS.julie, 'Influencer', true, { name: 'Julie Garnier', phone: null, mobile: null })]);
            expect(list({ object: 'Opportunity', recordId: IDS.opportunity, record: opportunity, relatedData: noNumbers })).toEqual({ entries: [], empty: 'none' });
        });
    });

    describe('a Case', () => {
        it("lists the case contact's phone and mobile, linked to the case, the contact and the account", () => {
            const record = caseRecord({ id: IDS.sophie, name: 'Sophie Bernard', phone: '04 72 10 20 31', mobile: '06 12 34 56 78' });
            const { entries } = list({ object: 'Case', recordId: IDS.case, record });
            expect(shown(entries)).toEqual([
                ['Sophie Bernard', 'Phone', '04 72 10 20 31', false],
                ['Sophie Bernard', 'Mobile', '06 12 34 56 78', false]
            ]);
            expect(entries[0]?.related).toEqual({ caseId: IDS.case, contactId: IDS.sophie, accountId: IDS.cabinet });
        });

        it("honours the case contact's Do Not Call", () => {
            const record = caseRecord({ id: IDS.sophie, name: 'Sophie Bernard', phone: null, mobile: '06 12 34 56 78', doNotCall: true });
            expect(shown(list({ object: 'Case', recordId: IDS.case, record }).entries)).toEqual([['Sophie Bernard', 'Mobile', '06 12 34 56 78', true]]);
        });

        it('says the case has no contact when it has none', () => {
            expect(list({ object: 'Case', recordId: IDS.case, record: caseRecord(null) })).toEqual({ entries: [], empty: 'no_contact' });
            expect(list({ object: 'Case', recordId: IDS.case, record: caseRecord(null), settings: settings({ showRelatedPhones: false }) })).toEqual({
                entries: [],
                empty: 'none'
            });
        });
    });

    describe('reading a record', () => {
        it('walks spanning fields and answers undefined for anything missing or malformed', () => {
            const record = sophieRecord();
            expect(recordValue(record, 'Account.Phone')).toBe('04 72 10 20 30');
            expect(recordValue(record, 'Account.Missing')).toBeUndefined();
            expect(recordValue(record, 'Name.Deeper')).toBeUndefined();
            expect(recordValue(undefined, 'Name')).toBeUndefined();
            expect(recordValue({ fields: { Name: 'not a field' as unknown as { value: unknown } } }, 'Name')).toBeUndefined();
        });

        it('never links a call to a malformed id', () => {
            const record = sophieRecord({ AccountId: 'not-an-id' });
            expect(list({ object: 'Contact', recordId: IDS.sophie, record }).entries[0]?.related).toEqual({ contactId: IDS.sophie });
        });
    });

    describe('the softphone', () => {
        it.each([
            ['ready', true, 'Call'],
            ['unknown', false, 'Looking for the phone…'],
            ['none', false, 'Open the Diamy phone in the utility bar'],
            ['connecting', false, 'The phone is connecting…'],
            ['offline', false, 'The phone is offline'],
            ['on_call', false, 'Already on a call'],
            ['other_tab', false, 'The phone is in another tab']
        ] as const)('%s: the call buttons say so', (availability, canCall, text) => {
            expect(buttonState({ availability, call: null })).toMatchObject({ canCall, text });
        });

        it('says on the Home page that the phone is ready', () => {
            expect(buttonState({ availability: 'ready', call: null }).status).toBe('The phone is ready');
        });

        it("tells why a dial request was refused: the softphone's own message first, else the reason", () => {
            expect(refusalMessage({ ok: false, reason: 'on_call', message: '' })).toBe('You are already on a call. Finish it before calling someone else.');
            expect(refusalMessage({ ok: false, reason: 'no_softphone', message: '' })).toBe('The Diamy phone did not answer. Open it in the utility bar, then try again.');
            expect(refusalMessage({ ok: false, reason: 'connecting', message: '' })).toBe('The phone is still connecting. Try again in a moment.');
            expect(refusalMessage({ ok: false, reason: 'offline', message: '' })).toBe('The phone is offline. Check its connection in the utility bar.');
            expect(refusalMessage({ ok: false, reason: 'other_tab', message: '' })).toBe('The phone is open in another browser tab: call from that tab.');
            expect(refusalMessage({ ok: false, reason: 'invalid_number', message: '' })).toBe('The phone could not read this number. Check it on the record.');
            expect(refusalMessage({ ok: false, reason: 'failed', message: '  ' })).toBe('The call could not be placed. Try again.');
            expect(refusalMessage({ ok: false, reason: null, message: '' })).toBe('The call could not be placed. Try again.');
            expect(refusalMessage({ ok: false, reason: 'failed', message: 'Diamy refused the number.' })).toBe('Diamy refused the number.');
            expect(refusalMessage({ ok: true, reason: null, message: '' })).toBe('');
        });
    });

    describe('a typed number (Home and app pages)', () => {
        it('reads a national number for the agent country and dials its E.164', () => {
            expect(readTypedNumber(' 06 12 34 56 78 ', 'FR')).toEqual({ ok: true, e164: '+33612345678', display: '06 12 34 56 78' });
            expect(readTypedNumber('0470 12 34 56', 'BE')).toEqual({ ok: true, e164: '+32470123456', display: '0470 12 34 56' });
            expect(readTypedNumber('+32 470 12 34 56', 'FR')).toEqual({ ok: true, e164: '+32470123456', display: '+32 470 12 34 56' });
        });

        it('refuses an empty field and what is not a phone number', () => {
            expect(readTypedNumber('', 'FR')).toEqual({ ok: false, message: 'Enter the number to call.' });
            expect(readTypedNumber(null, 'FR')).toEqual({ ok: false, message: 'Enter the number to call.' });
            for (const bad of ['hello', '12', '06 12', '+999 1234 5678 9999']) {
                expect(readTypedNumber(bad, 'FR')).toEqual({ ok: false, message: 'This is not a phone number. Check it and try again.' });
            }
        });
    });

    describe('for a French-speaking agent', () => {
        it('says everything in French', async () => {
            const french = loadAsFrenchUser<typeof ServiceModule>('c/diamyClickToDialService');
            const matcher = loadAsFrenchUser<{ phoneMetadataReady(): Promise<void> }>('c/diamyPhoneMatch');
            await matcher.phoneMetadataReady();
            expect(french.buttonState({ availability: 'on_call', call: null }).text).toBe('Déjà en communication');
            expect(french.buttonState({ availability: 'none', call: null }).text).toBe("Ouvrez le téléphone Diamy dans la barre d'utilitaires");
            expect(french.buttonState({ availability: 'ready', call: null }).text).toBe('Appeler');
            expect(french.refusalMessage({ ok: false, reason: 'other_tab', message: '' })).toBe(
                "Le téléphone est ouvert dans un autre onglet du navigateur : appelez depuis cet onglet."
            );
            expect(french.readTypedNumber('bonjour', 'FR')).toEqual({ ok: false, message: "Ce n'est pas un numéro de téléphone. Vérifiez-le et réessayez." });
            const { entries } = french.dialEntries({
                object: 'Contact',
                recordId: IDS.sophie,
                record: sophieRecord({ DoNotCall: true }),
                settings: settings(),
                country: 'FR'
            });
            expect(entries.map((e) => [e.label, e.detail])).toEqual([
                ['Téléphone', ''],
                ['Mobile', ''],
                ['Cabinet Bernard & Associés', 'Standard de la société']
            ]);
            expect(entries[1]?.callLabel).toBe('Appeler Sophie Bernard, mobile');
            expect(entries[0]?.doNotCall).toBe('Sophie Bernard ne souhaite pas être appelé(e) (Ne pas appeler).');
            expect(french.DO_NOT_CALL_TEXT).toBe('Ne pas appeler');
        });
    });
});
