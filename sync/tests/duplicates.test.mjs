// The duplicate strategies Diamy's console offers, on the data that makes them hard. The stand-in's org computes
// its phone keys with the committed flow's formula; the client computes its own with diamyPhoneMatch: a link by
// phone only happens when both agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, logs, HUMAN } from './helpers.mjs';

const ACME = '001000000000001AAA';
const GLOBEX = '001000000000002AAA';

/** Records people created in the org before the sync was switched on. */
function seed(org) {
    const save = (type, fields) => org.saveAsUser(type, fields, HUMAN).id;
    return {
        claire: save('Contact', {
            FirstName: 'Claire',
            LastName: 'Moreau',
            Email: 'claire.moreau@acme.fr',
            Phone: '01 23 45 67 89',
            AccountId: ACME
        }),
        paul: save('Contact', {
            FirstName: 'Paul',
            LastName: 'Girard',
            Email: 'paul.girard@acme.fr',
            MobilePhone: '06 11 22 33 44',
            AccountId: ACME
        }),
        // Two people behind Acme's switchboard number.
        standard1: save('Contact', {
            FirstName: 'Luc',
            LastName: 'Bernard',
            Email: 'luc@acme.fr',
            Phone: '01 40 00 00 00',
            AccountId: ACME
        }),
        standard2: save('Contact', {
            FirstName: 'Emma',
            LastName: 'Petit',
            Email: 'emma@acme.fr',
            Phone: '+33 1 40 00 00 00',
            AccountId: ACME
        }),
        jean: save('Contact', { FirstName: 'Jean', LastName: 'Dupont', AccountId: ACME }),
        lead: save('Lead', { FirstName: 'Inès', LastName: 'Roux', Company: 'Initech', Email: 'ines.roux@initech.fr' })
    };
}

test('link: priority email > phone > name, a number written differently still matches, nothing is created', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    const ids = seed(org);
    const report = await client.push(
        'Contact',
        [
            // The email says Claire, the name (and account) says Paul: the email wins.
            { id: 'dmy_claire', firstName: 'Paul', lastName: 'Girard', accountId: ACME, email: 'Claire.Moreau@acme.fr' },
            // No email; the mobile written in international format matches Paul's national one.
            { id: 'dmy_paul', firstName: 'Paul', lastName: 'Girard', mobile: '+33 6 11 22 33 44' },
            // Same name, same company (account): the name rule links.
            { id: 'dmy_jean', firstName: 'Jean', lastName: 'Dupont', accountId: ACME }
        ],
        'run-1'
    );
    assert.deepEqual(
        report.logs.filter((entry) => entry.severity !== 'Info'),
        []
    );
    assert.deepEqual(
        { linked: report.linked, created: report.created, skipped: report.skipped },
        { linked: 3, created: 0, skipped: 0 }
    );
    assert.equal(org.records.get(ids.claire).fields.Diamy_Contact_Id__c, 'dmy_claire');
    assert.equal(org.records.get(ids.paul).fields.Diamy_Contact_Id__c, 'dmy_paul');
    assert.equal(org.records.get(ids.jean).fields.Diamy_Contact_Id__c, 'dmy_jean');
    assert.equal(org.all('Contact').length, 5);
    // Linked records are updated by upsert from now on.
    const next = await client.push(
        'Contact',
        [{ id: 'dmy_jean', firstName: 'Jean', lastName: 'Dupont-Martin', accountId: ACME }],
        'run-2'
    );
    assert.equal(next.updated, 1);
    assert.equal(org.records.get(ids.jean).fields.LastName, 'Dupont-Martin');
});

test('link: a shared switchboard number alone is no match; with the same last name it is; same name at another company is a new contact', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    const ids = seed(org);
    const report = await client.push(
        'Contact',
        [
            { id: 'dmy_new_at_acme', firstName: 'Hugo', lastName: 'Lambert', email: 'hugo@acme.fr', phone: '01 40 00 00 00' },
            { id: 'dmy_luc', firstName: 'Luc', lastName: 'Bernard', phone: '+33 1 40 00 00 00' },
            { id: 'dmy_jean_globex', firstName: 'Jean', lastName: 'Dupont', accountId: GLOBEX }
        ],
        'run-1'
    );
    assert.deepEqual(
        { created: report.created, linked: report.linked, skipped: report.skipped },
        { created: 2, linked: 1, skipped: 0 }
    );
    assert.equal(org.records.get(ids.standard1).fields.Diamy_Contact_Id__c, 'dmy_luc', 'switchboard number and last name: Luc');
    assert.equal(org.records.get(ids.standard2).fields.Diamy_Contact_Id__c, undefined, 'Emma shares the number, not the name');
    assert.equal(
        org.records.get(ids.jean).fields.Diamy_Contact_Id__c,
        undefined,
        'Jean Dupont of Globex is not Jean Dupont of Acme'
    );
    assert.deepEqual(logs(org), []);
});

test('link: two records match by the same rule: not linked, logged for an admin to choose', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    org.saveAsUser('Contact', { LastName: 'Martin', Phone: '01 40 00 00 00' }, HUMAN);
    org.saveAsUser('Contact', { LastName: 'Martin', Phone: '01 40 00 00 00', FirstName: 'Ana' }, HUMAN);
    const report = await client.push('Contact', [{ id: 'dmy_martin', lastName: 'Martin', phone: '+33140000000' }], 'run-1');
    assert.equal(report.skipped, 1);
    const [entry] = logs(org);
    assert.equal(entry.Status__c, 'Ignored');
    assert.match(entry.Message__c, /Diamy_Contact_Phone matches 2 records/);
});

test('an email on a Lead and a Contact: pushed as Contact it is found on the Lead but never linked across; pushed as Lead it links', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    const ids = seed(org);
    const asContact = await client.push(
        'Contact',
        [{ id: 'dmy_ines', firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@initech.fr' }],
        'run-1'
    );
    assert.deepEqual({ created: asContact.created, skipped: asContact.skipped }, { created: 0, skipped: 1 });
    assert.match(logs(org)[0].Message__c, /matches a Lead .*not linked across objects/);
    assert.equal(
        org.records.get(ids.lead).fields.Diamy_Contact_Id__c,
        undefined,
        'the Lead is left alone (conversion is a person’s decision)'
    );
    const asLead = await client.push(
        'Lead',
        [{ id: 'dmy_ines_lead', firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@initech.fr', company: 'Initech' }],
        'run-2'
    );
    assert.equal(asLead.linked, 1);
    assert.equal(org.records.get(ids.lead).fields.Diamy_Contact_Id__c, 'dmy_ines_lead');
});

test('link never takes a record already linked to another Diamy contact', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    const ids = seed(org);
    await client.push('Contact', [{ id: 'dmy_claire', lastName: 'Moreau', email: 'claire.moreau@acme.fr' }], 'run-1');
    const report = await client.push(
        'Contact',
        [{ id: 'dmy_claire_bis', lastName: 'Moreau', email: 'claire.moreau@acme.fr' }],
        'run-2'
    );
    assert.equal(report.skipped, 1);
    assert.equal(org.records.get(ids.claire).fields.Diamy_Contact_Id__c, 'dmy_claire');
    assert.match(logs(org)[0].Message__c, /already linked to another Diamy contact/);
});

test('create anyway: the duplicate goes again with Sforce-Duplicate-Rule-Header allowSave=true (alert rule)', async (t) => {
    const { stand, client, org } = await setup({ client: { strategy: 'create' } });
    t.after(() => stand.close());
    seed(org);
    const report = await client.push(
        'Contact',
        [{ id: 'dmy_claire2', firstName: 'Claire', lastName: 'Moreau', email: 'claire.moreau@acme.fr' }],
        'run-1'
    );
    assert.deepEqual({ createdAnyway: report.createdAnyway, linked: report.linked }, { createdAnyway: 1, linked: 0 });
    assert.equal(org.all('Contact').filter((contact) => contact.fields.Email === 'claire.moreau@acme.fr').length, 2);
});

test('create anyway against a blocking rule: allowSave cannot bypass it, the failure is kept and logged', async (t) => {
    const { stand, client, org } = await setup({ client: { strategy: 'create' }, standIn: { ruleAction: 'block' } });
    t.after(() => stand.close());
    seed(org);
    const report = await client.push(
        'Contact',
        [{ id: 'dmy_claire2', lastName: 'Moreau', email: 'claire.moreau@acme.fr' }],
        'run-1'
    );
    assert.deepEqual({ createdAnyway: report.createdAnyway, failed: report.failed }, { createdAnyway: 0, failed: 1 });
    assert.equal(client.state.retry[0].errorCode, 'DUPLICATES_DETECTED');
    assert.equal(logs(org)[0].Status__c, 'New');
});

test('skip and log: nothing written, one Ignored entry per duplicate, the same entry on the next run', async (t) => {
    const { stand, client, org } = await setup({ client: { strategy: 'skip' } });
    t.after(() => stand.close());
    seed(org);
    const input = [
        { id: 'dmy_claire2', lastName: 'Moreau', email: 'claire.moreau@acme.fr' },
        { id: 'dmy_fresh', lastName: 'Nouveau', email: 'nouveau@exemple.fr' }
    ];
    const report = await client.push('Contact', input, 'run-1');
    assert.deepEqual({ skipped: report.skipped, created: report.created }, { skipped: 1, created: 1 });
    await client.push('Contact', input, 'run-2');
    assert.deepEqual(
        logs(org).map((entry) => entry.Status__c),
        ['Ignored']
    );
    assert.equal(org.all('Contact').length, 6);
});

test('two Diamy contacts with one email in the same run: the second goes in a later batch and meets the first', async (t) => {
    // Salesforce does not compare records of one request with each other: sent together, both would be created.
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    const report = await client.push(
        'Contact',
        [
            { id: 'dmy_a', lastName: 'Durand', email: 'durand@exemple.fr' },
            { id: 'dmy_b', lastName: 'Durand', email: 'DURAND@exemple.fr' },
            { id: 'dmy_c', lastName: 'Autre', email: 'autre@exemple.fr' }
        ],
        'run-1'
    );
    assert.deepEqual({ created: report.created, skipped: report.skipped }, { created: 2, skipped: 1 });
    assert.equal(org.all('Contact').filter((contact) => contact.fields.LastName === 'Durand').length, 1);
    assert.equal(
        stand.calls.filter((call) => call.path.endsWith('/composite/sobjects/Contact/Diamy_Contact_Id__c')).length,
        2,
        'a second request for the deferred contact'
    );
    assert.match(logs(org)[0].Message__c, /already linked to another Diamy contact/);
});
