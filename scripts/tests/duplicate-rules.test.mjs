// The connection's duplicate management (connection/matching-rules, connection/duplicate-rules; docs/SYNC.md) on tricky
// data: priority email > phone > name, a shared switchboard number, the same name at another company, an email on a Lead
// and a Contact. The rules are read from the XML the admin deploys (scripts/lib/duplicate-rules.mjs); the evaluator's
// fuzzy methods are stricter than Salesforce's, so every "not a duplicate" below is decided by an exact item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFilter, findDuplicates, loadDuplicateSetup } from '../lib/duplicate-rules.mjs';

const setup = loadDuplicateSetup();

/** Match keys as the phone-key flows write them (country code | last 8 digits of the national number). */
const KEY = { switchboard: '33|12345678', claireMobile: '33|61111111', paulMobile: '33|62222222', direct: '33|19999999' };

const contact = (id, fields) => ({ id, object: 'Contact', fields });
const lead = (id, fields) => ({ id, object: 'Lead', fields });
const rulesOf = (results) => results.map((r) => `${r.duplicateRule}:${r.object}:${r.ids.join(',')}`);

const SAVED = [
    contact('003A', { FirstName: 'Claire', LastName: 'Martin', Email: 'claire.martin@acme.fr', AccountId: '001ACME', Diamy_Phone_Key__c: KEY.switchboard, Diamy_Mobile_Key__c: KEY.claireMobile }),
    contact('003B', { FirstName: 'Paul', LastName: 'Durand', Email: 'paul.durand@acme.fr', AccountId: '001ACME', Diamy_Phone_Key__c: KEY.switchboard, Diamy_Mobile_Key__c: KEY.paulMobile }),
    contact('003C', { FirstName: 'Jean', LastName: 'Dupont', Email: 'jean@globex.fr', AccountId: '001GLOBEX', Diamy_Phone_Key__c: KEY.direct }),
    lead('00QA', { FirstName: 'Sophie', LastName: 'Bernard', Email: 'sophie@initech.fr', Company: 'Initech', Diamy_Phone_Key__c: '33|13333333' }),
    lead('00QB', { FirstName: 'Luc', LastName: 'Petit', Email: null, Company: 'Umbrella SARL', Diamy_Phone_Key__c: null })
];

test('the connection ships three active duplicate rules per object, in the order email, phone, name, each on its own matching rule', () => {
    for (const object of ['Contact', 'Lead']) {
        const rules = setup.duplicateRules.filter((d) => d.object === object);
        assert.deepEqual(rules.map((d) => [d.name, d.sortOrder, d.active, d.allowOnInsert]), [
            [`Diamy_${object}_Email`, 1, true, true],
            [`Diamy_${object}_Phone`, 2, true, true],
            [`Diamy_${object}_Name`, 3, true, true]
        ]);
    }
    assert.equal([...setup.matchingRules.values()].filter((m) => m.active).length, 6);
});

test('a colleague on the same switchboard number is not a duplicate; the same person by mobile, or by phone and last name, is (phone rule)', () => {
    const colleague = contact(undefined, { FirstName: 'Nina', LastName: 'Roux', Email: 'nina.roux@acme.fr', AccountId: '001ACME', Diamy_Phone_Key__c: KEY.switchboard });
    assert.deepEqual(findDuplicates(setup, colleague, SAVED), []);
    const sameMobile = contact(undefined, { FirstName: 'C.', LastName: 'Martin-Leroy', Email: null, Diamy_Mobile_Key__c: KEY.claireMobile });
    assert.deepEqual(rulesOf(findDuplicates(setup, sameMobile, SAVED)), ['Diamy_Contact_Phone:Contact:003A']);
    const samePhoneAndName = contact(undefined, { FirstName: 'P', LastName: 'Durand', Email: null, Diamy_Phone_Key__c: KEY.switchboard });
    assert.deepEqual(rulesOf(findDuplicates(setup, samePhoneAndName, SAVED)), ['Diamy_Contact_Phone:Contact:003B']);
});

test('the same name at another company is another person; in the same account it is a duplicate (name rule)', () => {
    const elsewhere = contact(undefined, { FirstName: 'Claire', LastName: 'Martin', Email: 'c.martin@globex.fr', AccountId: '001GLOBEX' });
    assert.deepEqual(findDuplicates(setup, elsewhere, SAVED), []);
    const sameAccount = contact(undefined, { FirstName: 'Claire', LastName: 'Martin', Email: 'cmartin@gmail.com', AccountId: '001ACME' });
    assert.deepEqual(rulesOf(findDuplicates(setup, sameAccount, SAVED)), ['Diamy_Contact_Name:Contact:003A']);
    const noAccount = contact(undefined, { FirstName: 'Claire', LastName: 'Martin', Email: null, AccountId: null });
    assert.deepEqual(findDuplicates(setup, noAccount, SAVED), [], 'no account: the name alone never matches');
    const leadElsewhere = lead(undefined, { FirstName: 'Sophie', LastName: 'Bernard', Email: null, Company: 'Globex' });
    assert.deepEqual(findDuplicates(setup, leadElsewhere, SAVED), []);
    const leadSameCompany = lead(undefined, { FirstName: 'Luc', LastName: 'Petit', Email: null, Company: 'Umbrella' });
    assert.deepEqual(rulesOf(findDuplicates(setup, leadSameCompany, SAVED)), ['Diamy_Lead_Name:Lead:00QB']);
});

test('an email on a Lead and a Contact is found from either side (cross-object email rules)', () => {
    const contactWithLeadEmail = contact(undefined, { FirstName: 'Sophie', LastName: 'Bernard', Email: 'Sophie@Initech.fr ', AccountId: '001INITECH' });
    assert.deepEqual(rulesOf(findDuplicates(setup, contactWithLeadEmail, SAVED)), ['Diamy_Contact_Email:Lead:00QA']);
    const leadWithContactEmail = lead(undefined, { FirstName: 'Jean', LastName: 'Dupont', Email: 'jean@globex.fr', Company: 'Globex' });
    assert.deepEqual(rulesOf(findDuplicates(setup, leadWithContactEmail, SAVED)), ['Diamy_Lead_Email:Contact:003C']);
});

test('priority email > phone > name: every rule that matches is reported, in sort order', () => {
    const all = contact(undefined, { FirstName: 'Claire', LastName: 'Martin', Email: 'claire.martin@acme.fr', AccountId: '001ACME', Diamy_Mobile_Key__c: KEY.claireMobile });
    assert.deepEqual(findDuplicates(setup, all, SAVED).map((r) => r.duplicateRule), ['Diamy_Contact_Email', 'Diamy_Contact_Phone', 'Diamy_Contact_Name']);
});

test('blank values never match: two contacts without email or phone are not duplicates; a record is never its own duplicate', () => {
    const blank = contact(undefined, { FirstName: 'Anne', LastName: 'Lefort', Email: '', AccountId: null });
    const savedBlank = [contact('003Z', { FirstName: 'Bruno', LastName: 'Lefort', Email: null, AccountId: null })];
    assert.deepEqual(findDuplicates(setup, blank, savedBlank), []);
    assert.deepEqual(findDuplicates(setup, SAVED[0], SAVED), [], 'updating Claire does not find Claire');
});

test('boolean filters: precedence, parentheses, NOT; a malformed filter is refused', () => {
    assert.equal(evaluateFilter('1 OR (2 AND 3)', [false, true, false]), false);
    assert.equal(evaluateFilter('1 OR (2 AND 3)', [false, true, true]), true);
    assert.equal(evaluateFilter('1 OR 2 AND 3', [true, false, false]), true);
    assert.equal(evaluateFilter('NOT 1 AND 2', [false, true]), true);
    assert.throws(() => evaluateFilter('1 OR (2', [true, true]), /\) expected/);
    assert.throws(() => evaluateFilter('1 AND 4', [true, true]), /no item 4/);
});
