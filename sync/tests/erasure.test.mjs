// Erasure on request (issue 15), end to end offline: the org's erasure action stamps a person in the stand-in, the
// reference client pulls the stamp, queries the person's Diamy_Call__c records, applies it through POST /v2/erasures
// of a real sandbox (numbers and call ids, in parts of 1,000 ids: the person's recordings go, also those of calls
// logged under another number), tells its caller to forget the person, never pushes them back, and logs one entry
// with ids, counts and dates only. Same stamp again: nothing; newer stamp: applied again; a failed call (also
// between two parts): kept, logged, retried next cycle without ids in the checkpoint.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { setup, HUMAN } from './helpers.mjs';
import { loadClient } from '../index.mjs';
import { bootSandbox, control, recordedCall } from '../../sandbox/tests/helpers.mjs';

const SOPHIE = { number: '+33612345678', phone: '06 12 34 56 78' };
const NICOLAS = { number: '+33698765432', phone: '06 98 76 54 32' };
const FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'Diamy_Contact_Id__c'];

let sandbox;
let diamyEraser;
let diamyClientCredentials;

before(async () => {
    sandbox = await bootSandbox({ config: { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 } });
    ({ diamyEraser, diamyClientCredentials } = await loadClient());
});
after(async () => sandbox.close());
beforeEach(async () => control(sandbox.url, 'POST', '/sandbox/reset'));

/** Diamy's eraser against the sandbox (client credentials with erasures:write), counting its requests. */
function eraser() {
    const token = () =>
        diamyClientCredentials({ baseUrl: sandbox.url, clientId: 'sandbox-client', clientSecret: 'sandbox-secret', scope: 'erasures:write' });
    const inner = diamyEraser({ baseUrl: sandbox.url, token });
    const counted = async (request) => {
        counted.requests.push(request);
        return inner(request);
    };
    counted.requests = [];
    return counted;
}

/** Sophie and Nicolas, linked to Diamy contacts, saved by a person in the org. */
function people(org) {
    const person = (first, last, phone, diamyId) =>
        org.saveAsUser(
            'Contact',
            {
                FirstName: first,
                LastName: last,
                Phone: phone,
                Email: `${first}.${last}@exemple.fr`.toLowerCase(),
                Diamy_Contact_Id__c: diamyId
            },
            HUMAN
        ).id;
    return {
        sophie: person('Sophie', 'Bernard', SOPHIE.phone, 'dmy_1001'),
        nicolas: person('Nicolas', 'Fournier', NICOLAS.phone, 'dmy_1002')
    };
}

/**
 * The opening most tests share: a stand-in with Sophie and Nicolas; `before` (her calls, call records…) runs, then the
 * erasure flow stamps Sophie a minute later and two more minutes pass, so the next pull reads the stamp. Returns
 * setup()'s values, the people, what `before` returned and the stamp (requestedAt).
 */
async function sophieErased(t, before = async () => ({})) {
    const context = await setup();
    t.after(() => context.stand.close());
    const persons = people(context.org);
    const extra = await before({ ...context, ...persons });
    context.time.advance(60_000);
    assert.equal(context.org.eraseAsFlow(persons.sophie, HUMAN).ok, true);
    const requestedAt = new Date(context.time.now()).toISOString();
    context.time.advance(2 * 60_000);
    return { ...context, ...persons, ...extra, requestedAt };
}

/** What Diamy's server would push back: its copy of both people. */
const outgoing = [
    { id: 'dmy_1001', firstName: 'Sophie', lastName: 'Bernard', phone: SOPHIE.phone },
    { id: 'dmy_1002', firstName: 'Nicolas', lastName: 'Fournier', phone: NICOLAS.phone }
];

const erasureLogs = (org) =>
    org
        .all('Diamy_Integration_Log__c')
        .map((record) => record.fields)
        .filter((fields) => /^(Erasure|ERASURE_FAILED|ERASURE_REFUSED)/.test(fields.Message__c));

/** No name, number (any format) or e-mail of the person in the log entry. */
function assertNoPersonalData(entry) {
    const text = JSON.stringify(entry);
    for (const forbidden of [/Sophie/i, /Bernard/i, /exemple\.fr/, /612345678/, /12 34 56 78/, /0612/]) {
        assert.doesNotMatch(text, forbidden);
    }
}

test('an erasure in the org reaches Diamy: recordings gone, the person forgotten and not pushed back, one log entry without personal data', async (t) => {
    const { org, make, sophie, nicolas, sophieCall, nicolasCall, requestedAt } = await sophieErased(t, async () => ({
        sophieCall: await recordedCall(sandbox.url, { from: SOPHIE.number }),
        nicolasCall: await recordedCall(sandbox.url, { from: NICOLAS.number })
    }));

    const erase = eraser();
    const { pulled, erasures, pushed } = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-1');

    assert.deepEqual(erasures.forget, [{ object: 'Contact', salesforceId: sophie, diamyContactId: 'dmy_1001', requestedAt }]);
    assert.equal(erasures.failed, 0);
    assert.deepEqual(erase.requests, [
        {
            salesforce_id: sophie,
            salesforce_object: 'Contact',
            requested_at: requestedAt,
            numbers: [SOPHIE.number],
            diamy_contact_id: 'dmy_1001'
        }
    ]);
    assert.deepEqual(
        pulled.changes.map((change) => change.salesforceId),
        [nicolas],
        "the erased person's data does not go on to Diamy's copy"
    );
    assert.equal(await sophieCall.status(), 404);
    assert.equal(await nicolasCall.status(), 200);
    // Not pushed back: the org's record of the person is still the person's own save; the other one was updated.
    assert.equal(pushed.updated, 1);
    assert.equal(org.records.get(sophie).LastModifiedById, HUMAN);
    assert.notEqual(org.records.get(nicolas).LastModifiedById, HUMAN);

    const [entry, ...more] = erasureLogs(org);
    assert.equal(more.length, 0, 'one entry per erasure');
    assert.deepEqual(
        { area: entry.Area__c, status: entry.Status__c, severity: entry.Severity__c, related: entry.Related_Record_Id__c },
        { area: 'Sync', status: 'Resolved', severity: 'Info', related: undefined },
        'the person is named in the payload, not in Related_Record_Id__c (a later erasure of the person blanks those)'
    );
    assert.match(entry.Message__c, /1 calls anonymised, 1 recordings deleted/);
    const payload = JSON.parse(entry.Payload__c);
    assert.deepEqual(
        { ...payload, erasureId: payload.erasureId.startsWith('era_') },
        {
            object: 'Contact',
            salesforceId: sophie,
            diamyContactId: 'dmy_1001',
            requestedAt,
            numbers: 1,
            callIds: 0,
            erasureId: true,
            callsAnonymized: 1,
            recordingsDeleted: 1,
            callIdsUnknown: 0,
            alreadyApplied: false
        }
    );
    assertNoPersonalData(entry);
});

test('the same stamp pulled again is a no-op, even after a restart; a newer stamp is applied again', async (t) => {
    const { org, make, time, sophie } = await sophieErased(t, async () => {
        await recordedCall(sandbox.url, { from: SOPHIE.number });
    });
    const erase = eraser();
    await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-1');
    assert.equal(erase.requests.length, 1);

    // A person edits the contact afterwards: pulled again with the same stamp, by a new process (checkpoint only).
    org.saveAsUser('Contact', { Title: 'Gérante' }, HUMAN, sophie);
    time.advance(2 * 60_000);
    const second = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-2');
    assert.equal(erase.requests.length, 1, 'not sent to Diamy again');
    assert.deepEqual(second.erasures.forget, []);
    assert.deepEqual(
        second.pulled.changes.map((change) => change.salesforceId),
        [sophie],
        'a later edit of the person is an ordinary change'
    );
    assert.equal(erasureLogs(org).length, 1);

    // She called again and asks again: a newer stamp.
    const again = await recordedCall(sandbox.url, { from: SOPHIE.number });
    time.advance(60_000);
    org.eraseAsFlow(sophie, HUMAN);
    time.advance(2 * 60_000);
    const third = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-3');
    assert.equal(erase.requests.length, 2);
    assert.equal(third.erasures.forget.length, 1);
    assert.equal(await again.status(), 404);
    const entries = erasureLogs(org);
    assert.equal(entries.length, 2, 'one entry per erasure');
    assert.deepEqual(
        entries.map((entry) => JSON.parse(entry.Payload__c).recordingsDeleted),
        [1, 1]
    );
    assert.equal(org.records.get(sophie).LastModifiedById, HUMAN, 'never pushed back, in any cycle');
});

test('a failed erasure (503, then 504) is kept, logged and retried next cycle; the applied stamp moves only once Diamy applied it', async (t) => {
    const { org, make, time, sophie, call } = await sophieErased(t, async () => ({
        call: await recordedCall(sandbox.url, { from: SOPHIE.number })
    }));
    const erase = eraser();

    await control(sandbox.url, 'PUT', '/sandbox/faults', { operation: 'requestErasure', fail_next: 1, status: 503 });
    const client = make({ eraseAtDiamy: erase });
    const first = await client.cycle('Contact', FIELDS, outgoing, 'run-1');
    assert.deepEqual([first.erasures.forget, first.erasures.failed], [[], 1]);
    assert.deepEqual(first.pulled.changes.map((change) => change.salesforceId).includes(sophie), false, 'still being erased');
    assert.equal(client.state.erasures?.[`Contact|${sophie.slice(0, 15)}`], undefined, 'not applied');
    assert.equal(client.state.erasureRetry.length, 1);
    assert.equal(await call.status(), 200);
    assert.equal(org.records.get(sophie).LastModifiedById, HUMAN, 'not pushed back while its erasure waits');
    let [entry] = erasureLogs(org);
    assert.deepEqual([entry.Status__c, entry.Severity__c, entry.Retry_Count__c], ['New', 'Error', 0]);
    assert.match(entry.Message__c, /^ERASURE_FAILED unavailable/);
    assertNoPersonalData(entry);

    await control(sandbox.url, 'PUT', '/sandbox/faults', { operation: 'requestErasure', fail_next: 1, status: 504 });
    time.advance(2 * 60_000);
    const second = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-2');
    assert.equal(second.erasures.failed, 1);
    [entry] = erasureLogs(org);
    assert.match(entry.Message__c, /^ERASURE_FAILED timeout/);
    assert.equal(entry.Retry_Count__c, 1);

    time.advance(2 * 60_000);
    const retried = make({ eraseAtDiamy: erase });
    const third = await retried.cycle('Contact', FIELDS, [], 'run-3');
    assert.equal(third.erasures.forget.length, 1, 'applied from the checkpoint, with nothing new pulled');
    assert.equal(erase.requests.length, 3);
    assert.equal(await call.status(), 404);
    assert.deepEqual(retried.state.erasureRetry, []);
    const entries = erasureLogs(org);
    assert.equal(entries.length, 1, 'the failure entry becomes the success entry');
    assert.deepEqual([entries[0].Status__c, entries[0].Retry_Count__c], ['Resolved', 2]);
    assertNoPersonalData(entries[0]);
});

test('200 people erased in one pull: 200 requests, 200 log entries, 200 people forgotten', async (t) => {
    const { stand, org, make, time } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    const ids = Array.from(
        { length: 200 },
        (_, i) =>
            org.saveAsUser(
                'Contact',
                {
                    LastName: `Nom${i}`,
                    MobilePhone: `06 ${String(10000000 + i).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
                    Diamy_Contact_Id__c: `dmy_${i}`
                },
                HUMAN
            ).id
    );
    const calls = await Promise.all([recordedCall(sandbox.url, { from: '+33610000000' }), recordedCall(sandbox.url, { from: '+33610000199' })]);
    time.advance(60_000);
    for (const id of ids) org.eraseAsFlow(id, HUMAN);
    time.advance(2 * 60_000);
    const erase = eraser();
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle('Contact', ['LastName'], [], 'run-1');
    assert.equal(erasures.forget.length, 200);
    assert.equal(new Set(erasures.forget.map((notice) => notice.diamyContactId)).size, 200);
    assert.equal(erase.requests.length, 200);
    assert.deepEqual(await Promise.all(calls.map((call) => call.status())), [404, 404]);
    const entries = erasureLogs(org);
    assert.equal(entries.length, 200);
    assert.ok(entries.every((entry) => entry.Status__c === 'Resolved' && !/06 1|\+336/.test(JSON.stringify(entry))));
});

test('a person without a phone number: no request to Diamy (no call to find), still forgotten and logged', async (t) => {
    const { stand, org, make, time } = await setup();
    t.after(() => stand.close());
    const id = org.saveAsUser('Contact', { LastName: 'Sansnuméro', Diamy_Contact_Id__c: 'dmy_none' }, HUMAN).id;
    time.advance(60_000);
    org.eraseAsFlow(id, HUMAN);
    time.advance(2 * 60_000);
    const erase = eraser();
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle(
        'Contact',
        ['LastName'],
        [{ id: 'dmy_none', lastName: 'Sansnuméro' }],
        'run-1'
    );
    assert.equal(erase.requests.length, 0);
    assert.deepEqual(
        erasures.forget.map((notice) => notice.diamyContactId),
        ['dmy_none']
    );
    assert.match(erasureLogs(org)[0].Message__c, /no phone number/);
    assert.equal(org.records.get(id).LastModifiedById, HUMAN, 'not pushed back');
});

test("the stamp is the flow's: the API refuses it from the integration user; a server without an eraser keeps the request and refuses to go on", async (t) => {
    const { stand, org, make, time, options } = await setup();
    t.after(() => stand.close());
    const { sophie } = people(org);
    const refused = await make()
        .api('PATCH', '/services/data/v66.0/sobjects/Contact/Diamy_Contact_Id__c/dmy_1001', {
            Diamy_Erasure_Requested_At__c: '2026-12-01T10:00:00.000+0000'
        })
        .catch((error) => error);
    assert.equal(refused.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.equal(
        org.saveAsUser('Contact', { Diamy_Erasure_Requested_At__c: '2026-12-01T10:00:00.000+0000' }, HUMAN, sophie).errors[0]
            .statusCode,
        'INVALID_FIELD_FOR_INSERT_UPDATE'
    );

    // A checkpoint written before erasures existed is read as "none applied".
    writeFileSync(
        options.checkpointFile,
        JSON.stringify({ version: 1, pull: { Contact: new Date(time.now() - 60_000).toISOString() }, retry: [] })
    );
    time.advance(60_000);
    org.eraseAsFlow(sophie, HUMAN);
    time.advance(2 * 60_000);
    await assert.rejects(make().cycle('Contact', FIELDS, [], 'run-1'), /no eraseAtDiamy/);
    // Kept although the pull cursor moved on: the next process with an eraser applies it, with nothing new pulled.
    time.advance(2 * 60_000);
    const { pulled, erasures } = await make({ eraseAtDiamy: eraser() }).cycle('Contact', FIELDS, [], 'run-2');
    assert.deepEqual(pulled.changes, []);
    assert.deepEqual(
        erasures.forget.map((notice) => notice.salesforceId),
        [sophie]
    );
});

test('a crash between the pull and the erasure loses nothing: the pull queues the stamp before it moves its cursor', async (t) => {
    const { org, make, time, sophie, call } = await sophieErased(t, async () => ({
        call: await recordedCall(sandbox.url, { from: SOPHIE.number })
    }));
    await make().pull('Contact', FIELDS); // the process dies here, before applyErasures
    time.advance(2 * 60_000);
    const erase = eraser();
    const { pulled, erasures } = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-1');
    assert.deepEqual(pulled.changes, [], 'nothing new pulled');
    assert.deepEqual(
        erasures.forget.map((notice) => notice.salesforceId),
        [sophie]
    );
    assert.equal(await call.status(), 404);
    assert.equal(org.records.get(sophie).LastModifiedById, HUMAN, 'not pushed back');
});

const HOME = { number: '+33145678901', phone: '01 45 67 89 01' };

/** The org's record of a Diamy call, linked to a person as the softphone or an agent did (by whatever number). */
function logCall(org, callId, relation) {
    const saved = org.saveAsUser(
        'Diamy_Call__c',
        { Diamy_Call_Id__c: callId, Caller_Name__c: 'Sophie Bernard', ...relation },
        HUMAN
    );
    assert.equal(saved.ok, true, JSON.stringify(saved.errors));
    return saved.id;
}

test('calls the org logged under the person by another number (a HomePhone) lose their recording too: the request names them by id', async (t) => {
    const { org, make, home, mobile, other, homeRecord } = await sophieErased(t, async ({ org, sophie, nicolas }) => {
        const home = await recordedCall(sandbox.url, { from: HOME.number }); // the softphone matched her HomePhone, which the request's numbers lack
        const mobile = await recordedCall(sandbox.url, { from: SOPHIE.number });
        const other = await recordedCall(sandbox.url, { from: NICOLAS.number });
        const homeRecord = logCall(org, home.call.id, { Contact__c: sophie });
        logCall(org, other.call.id, { Contact__c: nicolas });
        logCall(org, 'IMPORTED-0001', { Contact__c: sophie }); // not a Diamy call id: names no call at Diamy
        return { home, mobile, other, homeRecord };
    });

    const erase = eraser();
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-1');
    assert.equal(erasures.forget.length, 1);
    assert.deepEqual(
        erase.requests.map((request) => [request.numbers, request.call_ids]),
        [[[SOPHIE.number], [home.call.id]]]
    );
    assert.equal(await home.status(), 404, 'found by id, not by number');
    assert.equal(await mobile.status(), 404, 'found by number');
    assert.equal(await other.status(), 200, "another person's call record is not the person's");
    assert.equal(org.records.get(homeRecord).fields.Diamy_Call_Id__c, home.call.id, 'the org keeps the id for statistics');
    const payload = JSON.parse(erasureLogs(org)[0].Payload__c);
    assert.deepEqual(
        [payload.numbers, payload.callIds, payload.callIdsSkipped, payload.callsAnonymized, payload.recordingsDeleted, payload.callIdsUnknown],
        [1, 1, 1, 2, 2, 0],
        'the record whose id is not a Diamy call id is counted as skipped'
    );
    assertNoPersonalData(erasureLogs(org)[0]);
});

test('a Lead without a phone number but with logged calls: a request with call ids only (Lead__c)', async (t) => {
    const { stand, org, make, time } = await setup();
    t.after(() => stand.close());
    const lead = org.saveAsUser(
        'Lead',
        { LastName: 'Sansnuméro', Company: 'Exemple', Diamy_Contact_Id__c: 'dmy_lead' },
        HUMAN
    ).id;
    const call = await recordedCall(sandbox.url, { from: HOME.number });
    logCall(org, call.call.id, { Lead__c: lead });
    time.advance(60_000);
    org.eraseAsFlow(lead, HUMAN);
    time.advance(2 * 60_000);
    const erase = eraser();
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle('Lead', ['LastName'], [], 'run-1');
    assert.deepEqual(
        erasures.forget.map((notice) => notice.diamyContactId),
        ['dmy_lead']
    );
    assert.deepEqual(erase.requests, [
        {
            salesforce_id: lead,
            salesforce_object: 'Lead',
            requested_at: erase.requests[0].requested_at,
            call_ids: [call.call.id],
            diamy_contact_id: 'dmy_lead'
        }
    ]);
    assert.equal(await call.status(), 404);
});

/** Sophie with 2,500 logged calls: 2,499 the stand-in alone knows (Diamy purged them), then one real call last. */
async function manyCalls(org, sophie) {
    for (let i = 0; i < 2499; i += 1) logCall(org, `call_purged${String(i).padStart(4, '0')}`, { Contact__c: sophie });
    const last = await recordedCall(sandbox.url, { from: HOME.number });
    logCall(org, last.call.id, { Contact__c: sophie });
    return last;
}

test('a person with more calls than one request holds (2,500): the query is paged, three requests of one stamp', async (t) => {
    const { stand, org, make, mobile, last } = await sophieErased(t, async ({ org, sophie }) => ({
        mobile: await recordedCall(sandbox.url, { from: SOPHIE.number }),
        last: await manyCalls(org, sophie)
    }));
    const erase = eraser();
    const client = make({ eraseAtDiamy: erase });
    const { erasures } = await client.cycle('Contact', FIELDS, [], 'run-1');
    assert.equal(erasures.forget.length, 1);
    assert.deepEqual(
        erase.requests.map((request) => request.call_ids.length),
        [1000, 1000, 500]
    );
    assert.equal(new Set(erase.requests.map((request) => request.requested_at)).size, 1, 'one stamp');
    assert.equal(new Set(erase.requests.flatMap((request) => request.call_ids)).size, 2500, 'every id once');
    assert.ok(
        stand.calls.some((call) => /\/query\/01g/.test(call.path)),
        'the second page was read (nextRecordsUrl)'
    );
    assert.equal(await last.status(), 404);
    assert.equal(await mobile.status(), 404);
    const [entry] = erasureLogs(org);
    const payload = JSON.parse(entry.Payload__c);
    assert.deepEqual(
        [payload.callIds, payload.callsAnonymized, payload.recordingsDeleted, payload.callIdsUnknown, payload.alreadyApplied],
        [2500, 2, 2, 2499, false]
    );
    assert.ok(entry.Payload__c.length < 1000 && !/call_/.test(entry.Payload__c), 'counts, not ids');
});

test('a failure between two requests of one person: kept without its ids, all parts sent again next cycle, totals logged once', async (t) => {
    const { org, make, time, options, mobile, last } = await sophieErased(t, async ({ org, sophie }) => ({
        mobile: await recordedCall(sandbox.url, { from: SOPHIE.number }),
        last: await manyCalls(org, sophie)
    }));
    const erase = eraser();
    const failSecond = async (request) => {
        // Diamy is down when the second part arrives: the first one (numbers and 1,000 ids) was applied.
        if (erase.requests.length === 1) {
            await control(sandbox.url, 'PUT', '/sandbox/faults', { operation: 'requestErasure', fail_next: 1, status: 503 });
        }
        return erase(request);
    };
    const first = await make({ eraseAtDiamy: failSecond }).cycle('Contact', FIELDS, [], 'run-1');
    assert.deepEqual([first.erasures.forget, first.erasures.failed, erase.requests.length], [[], 1, 2]);
    assert.equal(await mobile.status(), 404, 'the first part was applied');
    assert.equal(await last.status(), 200, 'the third part was never sent');
    const saved = readFileSync(options.checkpointFile, 'utf8');
    assert.ok(saved.length < 2000 && !/call_/.test(saved), `no call id in the checkpoint (${saved.length} characters)`);
    const [pending] = JSON.parse(saved).erasureRetry;
    assert.deepEqual(pending.partial, { callsAnonymized: 1, recordingsDeleted: 1 });
    assert.match(erasureLogs(org)[0].Message__c, /^ERASURE_FAILED unavailable/);

    time.advance(2 * 60_000);
    const retried = make({ eraseAtDiamy: erase });
    const second = await retried.cycle('Contact', FIELDS, [], 'run-2');
    assert.equal(second.erasures.forget.length, 1);
    assert.equal(erase.requests.length, 5, 'every part again: an erased call is a no-op at Diamy');
    assert.equal(await last.status(), 404);
    assert.deepEqual(retried.state.erasureRetry, []);
    const entries = erasureLogs(org);
    assert.equal(entries.length, 1, 'the failure entry becomes the success entry');
    const payload = JSON.parse(entries[0].Payload__c);
    assert.deepEqual(
        [entries[0].Status__c, payload.callsAnonymized, payload.recordingsDeleted, payload.alreadyApplied],
        ['Resolved', 2, 2, false],
        'the first attempt counts with the retry'
    );
});

test('the stand-in is no kinder than Salesforce: an unknown object or field in a query is refused', async (t) => {
    const { stand, make } = await setup();
    t.after(() => stand.close());
    const client = make();
    const query = (soql) =>
        client.api('GET', `/services/data/v66.0/query?q=${encodeURIComponent(soql)}`).catch((error) => error.errorCode);
    assert.equal(
        await query("SELECT Diamy_Call_Id__c FROM Diamy_Calls__c WHERE Contact__c = '003000000000001AAA'"),
        'INVALID_TYPE'
    );
    assert.equal(
        await query("SELECT Diamy_Call_Ref__c FROM Diamy_Call__c WHERE Contact__c = '003000000000001AAA'"),
        'INVALID_FIELD'
    );
    assert.equal(
        await query("SELECT Diamy_Call_Id__c FROM Diamy_Call__c WHERE Person__c = '003000000000001AAA'"),
        'INVALID_FIELD'
    );
    assert.deepEqual(
        (await query("SELECT Diamy_Call_Id__c FROM Diamy_Call__c WHERE Lead__c = '00Q000000000001AAA'")).records,
        []
    );
});

test("the integration user's own save after the erasure does not hide the stamp: the pull reads it, Diamy gets it once", async (t) => {
    const { stand, org, make, time, INTEGRATION_USER } = await setup();
    t.after(() => stand.close());
    const { sophie, nicolas } = people(org);
    const call = await recordedCall(sandbox.url, { from: SOPHIE.number });
    time.advance(60_000);
    assert.equal(org.eraseAsFlow(sophie, HUMAN).ok, true);
    const requestedAt = new Date(time.now()).toISOString();
    time.advance(10_000);
    // Diamy's push, or an org flow run by a save of the integration user, touches the person after the stamp.
    assert.equal(org.saveAsUser('Contact', { Title: 'Cliente' }, INTEGRATION_USER, sophie).ok, true);
    time.advance(2 * 60_000);
    const erase = eraser();
    const first = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-1');
    assert.deepEqual(
        first.erasures.forget.map((notice) => [notice.salesforceId, notice.requestedAt]),
        [[sophie, requestedAt]]
    );
    assert.deepEqual(
        first.pulled.changes.map((change) => change.salesforceId),
        [nicolas],
        "loop prevention still keeps the integration's own save out of the changes"
    );
    assert.equal(await call.status(), 404);
    for (let i = 2; i < 5; i += 1) {
        time.advance(2 * 60_000);
        await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], `run-${i}`);
    }
    assert.equal(erase.requests.length, 1, 'exactly once');
    assert.equal(erasureLogs(org).length, 1);
});

test("the cycle's own push updating the person erased in the same minute does not hide the stamp: Diamy gets it once", async (t) => {
    const { stand, org, make, time } = await setup();
    t.after(() => stand.close());
    const { sophie } = people(org);
    const call = await recordedCall(sandbox.url, { from: SOPHIE.number });
    const erase = eraser();
    const client = make({ eraseAtDiamy: erase });
    time.advance(2 * 60_000);
    await client.cycle('Contact', FIELDS, [], 'run-0');
    // The stamp lands in the current minute: this cycle's pull window ends before it, its push then saves the person.
    time.advance(5_000);
    org.eraseAsFlow(sophie, HUMAN);
    time.advance(5_000);
    const renamed = [{ id: 'dmy_1001', firstName: 'Sophie', lastName: 'Bernard-Martin', phone: SOPHIE.phone }];
    const first = await client.cycle('Contact', FIELDS, renamed, 'run-1');
    assert.equal(first.pushed.updated, 1, 'the push saved the person before the stamp was read');
    assert.equal(erase.requests.length, 0);
    for (let i = 2; i < 5; i += 1) {
        time.advance(2 * 60_000);
        await client.cycle('Contact', FIELDS, [], `run-${i}`);
    }
    assert.equal(erase.requests.length, 1, 'read on the next cycle, sent exactly once');
    assert.equal(erase.requests[0].salesforce_id, sophie);
    assert.equal(await call.status(), 404);
    assert.equal(erasureLogs(org).length, 1);
});

test('a request Diamy refuses for good (400): kept and retried every cycle, logged Failed and Critical with the reason', async (t) => {
    const { org, make, time } = await sophieErased(t);
    const { ErasureFailure } = await loadClient();
    const refused = [];
    const refuse = async (request) => {
        refused.push(request);
        throw new ErasureFailure('invalid_request', 400);
    };
    for (let i = 1; i <= 2; i += 1) {
        const client = make({ eraseAtDiamy: refuse });
        const { erasures } = await client.cycle('Contact', FIELDS, [], `run-${i}`);
        assert.equal(erasures.failed, 1);
        assert.equal(client.state.erasureRetry.length, 1, 'never dropped');
        const [entry, ...more] = erasureLogs(org);
        assert.equal(more.length, 0);
        assert.deepEqual([entry.Status__c, entry.Severity__c, entry.Retry_Count__c], ['Failed', 'Critical', i - 1]);
        assert.match(entry.Message__c, /^ERASURE_REFUSED invalid_request \(HTTP 400\)/);
        assert.match(entry.Message__c, /retried every cycle/);
        assertNoPersonalData(entry);
        time.advance(2 * 60_000);
    }
    assert.equal(refused.length, 2);
    // Once Diamy accepts it (its side fixed), the same entry becomes Resolved.
    const erase = eraser();
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-3');
    assert.equal(erasures.forget.length, 1);
    assert.deepEqual(
        erasureLogs(org).map((entry) => [entry.Status__c, entry.Severity__c]),
        [['Resolved', 'Info']]
    );
});

test('a 200 whose body is not an erasure result is a failed erasure (invalid_response): the other erasures and the push still run', async (t) => {
    const { stand, org, make, time } = await setup();
    t.after(() => stand.close());
    // diamyEraser itself: a proxy's page answered 200 is no answer from Diamy.
    const page = createServer((request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>maintenance</html>');
    });
    await new Promise((resolve) => page.listen(0, '127.0.0.1', resolve));
    t.after(() => page.close());
    const unreadable = diamyEraser({ baseUrl: `http://127.0.0.1:${page.address().port}`, token: async () => 'token' });
    const failure = await unreadable({ salesforce_id: '003000000000001AAA', salesforce_object: 'Contact', requested_at: '2026-12-01T10:00:00.000Z', numbers: [SOPHIE.number] }).catch((error) => error);
    assert.deepEqual([failure.errorCode, failure.status], ['invalid_response', 200]);

    // An eraser that resolves with nothing: that erasure fails, the other one is applied, the push runs.
    const { sophie, nicolas } = people(org);
    await recordedCall(sandbox.url, { from: NICOLAS.number });
    time.advance(60_000);
    org.eraseAsFlow(sophie, HUMAN);
    org.eraseAsFlow(nicolas, HUMAN);
    time.advance(2 * 60_000);
    const erase = eraser();
    const half = async (request) => (request.salesforce_id === sophie ? null : erase(request));
    const client = make({ eraseAtDiamy: half });
    const { erasures, pushed } = await client.cycle('Contact', FIELDS, [{ id: 'dmy_other', lastName: 'Autre' }], 'run-1');
    assert.deepEqual(erasures.forget.map((notice) => notice.salesforceId), [nicolas]);
    assert.equal(erasures.failed, 1);
    assert.equal(pushed.created, 1, 'the push ran');
    assert.deepEqual(client.state.erasureRetry.map((pending) => [pending.salesforceId, pending.errorCode]), [[sophie, 'invalid_response']]);
    const failed = erasureLogs(org).find((entry) => entry.Status__c !== 'Resolved');
    assert.match(failed.Message__c, /^ERASURE_FAILED invalid_response/);
});

test("a second erasure of the person keeps the proof of the first: the flow blanks the person's log entries, not the erasure entries", async (t) => {
    const { org, make, time, sophie } = await sophieErased(t, async () => {
        await recordedCall(sandbox.url, { from: SOPHIE.number });
    });
    const erase = eraser();
    await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-1');
    // Another entry about her by record id (15 characters, as reports show it): the flow's step Update_Person_Logs clears it.
    const other = org.saveAsUser(
        'Diamy_Integration_Log__c',
        { Idempotency_Key__c: 'browser-1', Related_Record_Id__c: sophie.slice(0, 15), Message__c: 'Appel vers +33612345678', Payload__c: '{"name":"Sophie"}' },
        HUMAN
    ).id;

    time.advance(60_000);
    org.eraseAsFlow(sophie, HUMAN);
    const cleared = org.records.get(other).fields;
    assert.deepEqual([cleared.Message__c, cleared.Payload__c, typeof cleared.Cleared_At__c], [null, null, 'string']);
    time.advance(2 * 60_000);
    await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-2');
    const entries = erasureLogs(org);
    assert.equal(entries.length, 2);
    assert.deepEqual(
        entries.map((entry) => [entry.Status__c, JSON.parse(entry.Payload__c).salesforceId, entry.Cleared_At__c ?? null]),
        [
            ['Resolved', sophie, null],
            ['Resolved', sophie, null]
        ],
        'both proofs intact'
    );
    assert.match(entries[0].Message__c, /applied at Diamy: 1 calls anonymised/);
});

test('a newer stamp replacing a failed one closes the failed entry as superseded', async (t) => {
    const { org, make, time, sophie, requestedAt: first } = await sophieErased(t);
    await control(sandbox.url, 'PUT', '/sandbox/faults', { operation: 'requestErasure', fail_next: 1, status: 503 });
    const erase = eraser();
    await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-1');
    assert.deepEqual(erasureLogs(org).map((entry) => entry.Status__c), ['New']);

    org.eraseAsFlow(sophie, HUMAN); // asked again before the first one went through
    const second = new Date(time.now()).toISOString();
    time.advance(2 * 60_000);
    const client = make({ eraseAtDiamy: erase });
    const { erasures } = await client.cycle('Contact', FIELDS, [], 'run-2');
    assert.deepEqual(erasures.forget.map((notice) => notice.requestedAt), [second]);
    assert.deepEqual(client.state.erasureRetry, []);
    const entries = erasureLogs(org);
    assert.deepEqual(
        entries.map((entry) => [JSON.parse(entry.Payload__c).requestedAt, entry.Status__c]),
        [
            [first, 'Resolved'],
            [second, 'Resolved']
        ]
    );
    assert.match(entries[0].Message__c, new RegExp(`superseded by the one requested ${second}`));
    entries.forEach(assertNoPersonalData);
});

test('an erased person stays out of the push (logged Ignored) until a person edits them in Salesforce after the erasure: live again', async (t) => {
    const { org, make, time, sophie } = await sophieErased(t);
    const erase = eraser();
    const first = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-1');
    assert.equal(first.erasures.forget.length, 1);
    time.advance(2 * 60_000);
    // A stale export still sends her: left out, and said so.
    const second = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-2');
    assert.equal(second.pushed.updated, 1, 'Nicolas only');
    assert.equal(org.records.get(sophie).LastModifiedById, HUMAN);
    const ignored = org
        .all('Diamy_Integration_Log__c')
        .map((record) => record.fields)
        .filter((fields) => /^ERASED_NOT_PUSHED/.test(fields.Message__c));
    assert.equal(ignored.length, 1, 'one entry per erased person, whatever the number of cycles');
    assert.deepEqual([ignored[0].Status__c, ignored[0].Severity__c], ['Ignored', 'Warning']);
    assert.match(ignored[0].Message__c, /dmy_1001/);
    assertNoPersonalData(ignored[0]);

    // She is edited in Salesforce after the erasure: an ordinary change, and the push may update her again.
    org.saveAsUser('Contact', { Title: 'Gérante' }, HUMAN, sophie);
    time.advance(2 * 60_000);
    const third = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, outgoing, 'run-3');
    assert.deepEqual(third.pulled.changes.map((change) => change.salesforceId), [sophie]);
    assert.equal(third.pushed.updated, 2, 'Sophie is live again');
    assert.notEqual(org.records.get(sophie).LastModifiedById, HUMAN);
    assert.equal(erase.requests.length, 1, 'the erasure is not applied again');
});

test("the org refusing the query of the person's calls: for good (400 INVALID_FIELD, 403 INSUFFICIENT_ACCESS…) Failed and Critical, transient (503) Error; kept and retried", async (t) => {
    const { stand, org, make, time } = await sophieErased(t);
    const erase = eraser();
    const query = /\/query\?q=SELECT%20Diamy_Call_Id__c/;
    const cases = [
        { fault: { kind: 'refused', status: 400, errorCode: 'INVALID_FIELD' }, expected: ['Failed', 'Critical'], message: /^ERASURE_REFUSED salesforce_INVALID_FIELD: the org refuses/ },
        { fault: { kind: 'refused', status: 403, errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }, expected: ['Failed', 'Critical'], message: /^ERASURE_REFUSED salesforce_INSUFFICIENT_ACCESS_OR_READONLY/ },
        // The third attempt: Failed by count, still Error (it may pass next time).
        { fault: { kind: 'unavailable' }, expected: ['Failed', 'Error'], message: /^ERASURE_FAILED salesforce/ }
    ];
    for (const [i, { fault, expected, message }] of cases.entries()) {
        stand.faults.push({ ...fault, times: 99, path: query });
        const client = make({ eraseAtDiamy: erase });
        const { erasures } = await client.cycle('Contact', FIELDS, [], `run-${i}`);
        stand.faults.splice(0);
        assert.equal(erasures.failed, 1);
        assert.equal(client.state.erasureRetry.length, 1, 'never dropped');
        const [entry, ...more] = erasureLogs(org);
        assert.equal(more.length, 0);
        assert.deepEqual([entry.Status__c, entry.Severity__c], expected);
        assert.match(entry.Message__c, message);
        assertNoPersonalData(entry);
        time.advance(2 * 60_000);
    }
    assert.equal(erase.requests.length, 0, 'nothing sent to Diamy without the call ids');
    const { erasures } = await make({ eraseAtDiamy: erase }).cycle('Contact', FIELDS, [], 'run-fixed');
    assert.equal(erasures.forget.length, 1, 'applied once the org answers');
    assert.deepEqual(erasureLogs(org).map((entry) => [entry.Status__c, entry.Severity__c]), [['Resolved', 'Info']]);
});

test('the answer lost (Diamy applied it, the client saw a timeout): retried next cycle, Resolved, already applied', async (t) => {
    const { org, make, time, call } = await sophieErased(t, async () => ({
        call: await recordedCall(sandbox.url, { from: SOPHIE.number })
    }));
    const { ErasureFailure } = await loadClient();
    const erase = eraser();
    const lost = async (request) => {
        await erase(request);
        throw new ErasureFailure('timeout', null);
    };
    const first = await make({ eraseAtDiamy: lost }).cycle('Contact', FIELDS, [], 'run-1');
    assert.deepEqual([first.erasures.forget, first.erasures.failed], [[], 1]);
    assert.equal(await call.status(), 404, 'Diamy applied it');
    assert.match(erasureLogs(org)[0].Message__c, /^ERASURE_FAILED timeout/);

    time.advance(2 * 60_000);
    const client = make({ eraseAtDiamy: erase });
    const second = await client.cycle('Contact', FIELDS, [], 'run-2');
    assert.equal(second.erasures.forget.length, 1);
    assert.deepEqual(client.state.erasureRetry, []);
    const [entry, ...more] = erasureLogs(org);
    assert.equal(more.length, 0);
    assert.equal(entry.Status__c, 'Resolved');
    assert.match(entry.Message__c, /was already applied at Diamy/);
    const payload = JSON.parse(entry.Payload__c);
    assert.deepEqual([payload.alreadyApplied, payload.callsAnonymized, payload.recordingsDeleted], [true, 0, 0]);
});

test("diamyClientCredentials: Diamy's token with the scope asked for, and a refusal rejects (status and code, no body text)", async () => {
    const options = { baseUrl: sandbox.url, clientId: 'sandbox-client', clientSecret: 'sandbox-secret', scope: 'erasures:write' };
    assert.equal(typeof (await diamyClientCredentials(options)), 'string');
    await assert.rejects(diamyClientCredentials({ ...options, clientSecret: 'wrong' }), /refused: 401 unauthorized/);
});
