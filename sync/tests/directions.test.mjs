// Both directions against the stand-in: Diamy → Salesforce by upsert in collections of 200, Salesforce → Diamy by
// pull (getUpdated / getDeleted + SOQL) without the integration user's own writes (loop prevention), per-record
// errors kept for a retry and written to Diamy_Integration_Log__c, and the single-record 300 Multiple Choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, contacts, logs, runs, HUMAN } from './helpers.mjs';

test('Diamy → Salesforce: 450 contacts go in 3 collections of ≤ 200; a second run updates them, creates nothing', async (t) => {
    const { stand, client, org } = await setup({ standIn: { phoneKeys: 'module' } }); // 900 distinct numbers: the formula would take 30 s
    t.after(() => stand.close());
    const first = await client.push('Contact', contacts(450), 'run-1');
    assert.deepEqual(
        { created: first.created, updated: first.updated, failed: first.failed },
        { created: 450, updated: 0, failed: 0 }
    );
    assert.equal(org.all('Contact').length, 450);
    const pushes = stand.calls.filter((call) => call.path.endsWith('/composite/sobjects/Contact/Diamy_Contact_Id__c'));
    assert.equal(pushes.length, 3, 'ceil(450 / 200) collection requests');
    const second = await client.push(
        'Contact',
        contacts(450, (i) => ({ lastName: `Renamed${i}` })),
        'run-2'
    );
    assert.deepEqual({ created: second.created, updated: second.updated }, { created: 0, updated: 450 });
    assert.equal(org.all('Contact').length, 450);
    assert.equal(org.byExternalId('Contact', 'Diamy_Contact_Id__c', 'dmy_000007')[0].fields.LastName, 'Renamed7');
});

test('Salesforce → Diamy: the pull returns what people changed and deleted, never what the integration wrote (loop prevention)', async (t) => {
    const { stand, client, org, time } = await setup();
    t.after(() => stand.close());
    await client.push('Contact', contacts(5), 'run-1');
    // The pull starts from here: everything the client wrote so far is in the window too.
    client.state.pull.Contact = new Date(time.now() - 120_000).toISOString();
    time.advance(60_000);
    const [a, b, c] = org.all('Contact');
    org.saveAsUser('Contact', { Phone: '01 99 88 77 66' }, HUMAN, a.Id);
    const fresh = org.saveAsUser('Contact', { FirstName: 'Zoé', LastName: 'Nouvelle', Email: 'zoe@exemple.fr' }, HUMAN);
    org.deleteAsUser(b.Id);
    time.advance(2 * 60_000);
    const pulled = await client.pull('Contact', ['FirstName', 'LastName', 'Email', 'Phone', 'Diamy_Contact_Id__c']);
    assert.deepEqual(pulled.changes.map((change) => change.salesforceId).sort(), [a.Id, fresh.id].sort());
    assert.equal(pulled.changes.find((change) => change.salesforceId === a.Id).fields.Phone, '01 99 88 77 66');
    assert.deepEqual(pulled.deleted, [b.Id]);
    assert.ok(
        !pulled.changes.some((change) => change.salesforceId === c.Id),
        'a record only the integration wrote is not pulled back'
    );

    // Diamy writes the human's change back (as Diamy's server would after its own merge): the next pull is empty.
    await client.push(
        'Contact',
        [{ id: a.fields.Diamy_Contact_Id__c, lastName: a.fields.LastName, phone: '01 99 88 77 66' }],
        'run-2'
    );
    time.advance(2 * 60_000);
    const again = await client.pull('Contact', ['LastName']);
    assert.deepEqual(again, { changes: [], deleted: [] });
    const windows = stand.calls.filter((call) => /\/(updated|deleted)\/$/.test(call.path)).length;
    assert.equal(windows, 4, 'getUpdated + getDeleted per pull');
});

test('Per-record errors: kept in the checkpoint, logged once (Area Sync, redacted), retried, Failed after 3 attempts, Resolved once saved', async (t) => {
    const { stand, client, org, make } = await setup();
    t.after(() => stand.close());
    const input = [
        ...contacts(3),
        { id: 'dmy_nolast', firstName: 'Sans', lastName: '', email: 'sans.nom@exemple.fr' },
        { id: 'dmy_badphone', lastName: 'Lettres', email: 'lettres@exemple.fr', phone: '01 23 AB CD 89' }
    ];
    const first = await client.push('Contact', input, 'run-1');
    assert.deepEqual({ created: first.created, failed: first.failed }, { created: 3, failed: 2 });
    assert.deepEqual(client.state.retry.map((pending) => [pending.diamyId, pending.errorCode]).sort(), [
        ['dmy_badphone', 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
        ['dmy_nolast', 'REQUIRED_FIELD_MISSING']
    ]);
    let entries = logs(org);
    assert.equal(entries.length, 2);
    for (const entry of entries) {
        assert.equal(entry.Area__c, 'Sync');
        assert.equal(entry.Status__c, 'New');
        assert.equal(entry.Retry_Count__c, 0);
        assert.equal(entry.Idempotency_Key__c.length, 64);
        assert.doesNotMatch(entry.Payload__c, /sans\.nom@|lettres@|23 AB/, 'e-mail and phone are redacted');
    }
    assert.match(
        runs(org)[0].Message__c,
        /^Sync Contact done: created 3, updated 0, linked 0, createdAnyway 0, skipped 0, failed 2$/
    );
    // The next run (a fresh process: the retries come from the checkpoint) sends them again.
    const second = await make().push('Contact', [], 'run-2');
    assert.equal(second.failed, 2);
    entries = logs(org);
    assert.equal(entries.length, 2, 'the same failure updates its log entry, never a second one');
    assert.deepEqual(
        entries.map((entry) => [entry.Status__c, entry.Retry_Count__c]),
        [
            ['New', 1],
            ['New', 1]
        ]
    );
    const third = make();
    await third.push('Contact', [], 'run-3');
    assert.deepEqual(
        logs(org).map((entry) => [entry.Status__c, entry.Retry_Count__c]),
        [
            ['Failed', 2],
            ['Failed', 2]
        ]
    );
    await third.push('Contact', [], 'run-4');
    assert.equal(logs(org)[0].Retry_Count__c, 2, 'given up after 3 attempts: not sent again by itself');
    // Fixed in Diamy: the next push creates it and its entry becomes Resolved.
    const fixed = await third.push(
        'Contact',
        [{ id: 'dmy_nolast', firstName: 'Sans', lastName: 'Nom', email: 'sans.nom@exemple.fr' }],
        'run-5'
    );
    assert.equal(fixed.created, 1);
    assert.deepEqual(
        logs(org)
            .map((entry) => entry.Status__c)
            .sort(),
        ['Failed', 'Resolved']
    );
    assert.equal(runs(org).length, 5, 'one Info entry per run');
});

test('Retry from the setup console: an entry set to Retrying is sent again, then Resolved, or Failed with one more attempt', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    await client.push(
        'Contact',
        [
            { id: 'dmy_a', lastName: '' },
            { id: 'dmy_b', lastName: 'B', phone: '01 AB' }
        ],
        'run-1'
    );
    for (let run = 2; run <= 3; run += 1) await client.push('Contact', [], `run-${run}`);
    assert.deepEqual(
        logs(org).map((entry) => entry.Status__c),
        ['Failed', 'Failed']
    );
    // The admin clicks Retry on both entries in the setup console (LDS updateRecord: Status__c only).
    const admin = '005000000000002AAA';
    for (const entry of org.all('Diamy_Integration_Log__c').filter((record) => record.fields.Severity__c !== 'Info')) {
        org.saveAsUser('Diamy_Integration_Log__c', { Status__c: 'Retrying' }, admin, entry.Id);
    }
    const after = await client.push('Contact', [{ id: 'dmy_a', lastName: 'Now named' }], 'run-4');
    assert.equal(after.created, 1, 'dmy_a comes with new data from Diamy and is saved');
    const byId = Object.fromEntries(logs(org).map((entry) => [JSON.parse(entry.Payload__c).Diamy_Contact_Id__c, entry]));
    assert.equal(byId.dmy_a.Status__c, 'Resolved');
    assert.deepEqual(
        [byId.dmy_b.Status__c, byId.dmy_b.Retry_Count__c],
        ['Failed', 3],
        'sent again from the checkpoint, still refused'
    );
});

test('Single-record upsert: 201 created, 200 updated, 300 Multiple Choices logged and nothing written', async (t) => {
    const { stand, client, org } = await setup();
    t.after(() => stand.close());
    assert.equal((await client.upsertOne('Contact', { id: 'dmy_one', lastName: 'Seul' })).outcome, 'created');
    assert.equal((await client.upsertOne('Contact', { id: 'dmy_one', lastName: 'Seul', firstName: 'Jean' })).outcome, 'updated');
    assert.deepEqual(
        stand.calls.map((call) => call.status),
        [201, 200]
    );
    // An org where two records hold the same value (the field lost its Unique attribute): the API answers 300.
    const [record] = org.all('Contact');
    org.insertRaw({ ...record, Id: '003000000000999AAA', fields: { ...record.fields } });
    const ambiguous = await client.upsertOne('Contact', { id: 'dmy_one', lastName: 'Autre' });
    assert.equal(ambiguous.outcome, 'ambiguous');
    assert.equal(stand.calls.at(-2).status, 300);
    assert.ok(
        org.all('Contact').every((contact) => contact.fields.LastName === 'Seul'),
        'nothing written'
    );
    assert.match(logs(org)[0].Message__c, /^MULTIPLE_CHOICES/);
});

test('stand-in SOQL: more than 2,000 rows come in pages through nextRecordsUrl, each page one API call', async (t) => {
    const { stand, client, org } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    for (let i = 0; i < 2500; i += 1) org.saveAsUser('Contact', { LastName: `N${i}` }, HUMAN);
    await client.push('Contact', [{ id: 'dmy_x', lastName: 'Written by Diamy' }], 'run-1');
    const before = stand.apiCalls();
    const soql = `SELECT Id, LastName FROM Contact WHERE LastModifiedById != '005000000000009AAA'`;
    const first = await client.api('GET', `/services/data/v66.0/query?q=${encodeURIComponent(soql)}`);
    assert.deepEqual(
        { totalSize: first.totalSize, done: first.done, rows: first.records.length },
        { totalSize: 2500, done: false, rows: 2000 }
    );
    const second = await client.api('GET', first.nextRecordsUrl);
    assert.deepEqual({ done: second.done, rows: second.records.length }, { done: true, rows: 500 });
    assert.equal(stand.apiCalls() - before, 2, 'one call per page');
    await assert.rejects(client.api('GET', `/services/data/v66.0/query?q=${encodeURIComponent('SELECT Name FROM Account')}`), {
        errorCode: 'MALFORMED_QUERY'
    });
});
