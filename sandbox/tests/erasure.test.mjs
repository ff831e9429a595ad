// Erasure on request (POST /v2/erasures, designed, issue 15): Diamy's sync server passes on a Salesforce erasure
// stamp with the person's numbers and the ids of the calls the org linked to the person. Their calls lose recording,
// name and notes (statistics stay), nobody else's call changes, unknown ids are counted and ignored, the same stamp
// twice is a no-op per call (so a person with many calls is erased in several requests) and a newer one applies
// again; bodies and scopes are checked.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { bootSandbox, agent, control, http, orgToken, recordedCall, CAMILLE, HUGO, SOPHIE } from './helpers.mjs';

const NICOLAS = '+33698765432';
const CONTACT = '003000000000001AAA';
const STAMP = '2026-12-01T10:00:00.000Z';

let sandbox;
let base;

before(async () => {
    sandbox = await bootSandbox({ config: { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 } });
    base = sandbox.url;
});
after(async () => sandbox.close());
beforeEach(async () => control(base, 'POST', '/sandbox/reset'));

/** What the person's calls carry: talk time and notes (the recording comes with every call). */
const TALK = { notes: 'Rappeler pour le devis', seconds: 42 };

const erasureToken = () => orgToken(base, 'erasures:write');
const erase = async (body, token) => http(base, 'POST', '/v2/erasures', { body, token: token ?? (await erasureToken()) });
const request = (extra = {}) => ({
    salesforce_id: CONTACT,
    salesforce_object: 'Contact',
    requested_at: STAMP,
    numbers: [SOPHIE],
    ...extra
});
const recordingPath = (call) => new URL(call.recording_url).pathname;

describe('POST /v2/erasures', () => {
    it("deletes the recordings of the person's calls and clears name and notes; the statistics stay", async () => {
        const { a, call } = await recordedCall(base, { from: SOPHIE, ...TALK });
        const link = await a.ok('POST', `/v2/calls/${call.id}/recording-link`);
        const result = await erase(request({ numbers: [SOPHIE, '+33145678901'], diamy_contact_id: 'dmy_42' }));
        assert.equal(result.status, 200, JSON.stringify(result.body));
        assert.match(result.body.erasure_id, /^era_/);
        assert.deepEqual(
            { ...result.body, erasure_id: 'x' },
            {
                erasure_id: 'x',
                salesforce_id: CONTACT,
                requested_at: STAMP,
                calls_anonymized: 1,
                recordings_deleted: 1,
                call_ids_unknown: 0,
                already_applied: false
            }
        );

        const after = await a.ok('GET', `/v2/calls/${call.id}`);
        assert.equal(after.recording_url, null);
        assert.equal(after.notes, null);
        assert.equal(after.from.name, null);
        assert.equal(after.from.number, SOPHIE, 'the number stays: it finds the calls of a later request');
        for (const field of [
            'id',
            'direction',
            'status',
            'state',
            'duration',
            'wait_duration',
            'timestamp',
            'started_at',
            'answered_at',
            'ended_at',
            'end_reason',
            'agent_id',
            'to'
        ]) {
            assert.deepEqual(after[field], call[field], field);
        }
        assert.equal(after.duration, 42);

        assert.equal((await http(base, 'GET', recordingPath(call), { token: a.token })).status, 404);
        assert.equal((await fetch(link.url)).status, 404, 'a link signed before the erasure plays nothing');
        const relink = await a.cmd('POST', `/v2/calls/${call.id}/recording-link`);
        assert.equal(relink.status, 404);
        assert.equal(relink.body.error.code, 'not_found');
    });

    it("leaves other people's calls alone, and finds the person's calls of every agent, voicemails included", async () => {
        const sophieCamille = await recordedCall(base, { from: SOPHIE, user: CAMILLE, ...TALK });
        const sophieHugo = await recordedCall(base, { from: SOPHIE, user: HUGO, ...TALK });
        const nicolas = await recordedCall(base, { from: NICOLAS, user: CAMILLE, ...TALK });
        const { call: ringing } = await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: CAMILLE.id });
        const voicemail = (await control(base, 'POST', `/sandbox/calls/${ringing.id}/remote`, { action: 'voicemail' })).call;
        assert.ok(voicemail.recording_url);

        const result = await erase(request());
        assert.equal(result.body.calls_anonymized, 3);
        assert.equal(result.body.recordings_deleted, 3);
        for (const { a, call } of [sophieCamille, sophieHugo]) {
            assert.equal((await http(base, 'GET', recordingPath(call), { token: a.token })).status, 404);
        }
        assert.equal((await http(base, 'GET', recordingPath(voicemail), { token: sophieCamille.a.token })).status, 404);
        const untouched = await nicolas.a.ok('GET', `/v2/calls/${nicolas.call.id}`);
        assert.deepEqual(untouched, nicolas.call);
        assert.equal((await http(base, 'GET', recordingPath(nicolas.call), { token: nicolas.a.token })).status, 200);
    });

    it('is idempotent by stamp: the same or an older one does nothing, a newer one applies again', async () => {
        await recordedCall(base, { from: SOPHIE, ...TALK });
        const first = (await erase(request())).body;
        const later = await recordedCall(base, { from: SOPHIE, ...TALK }); // the person calls again after the erasure
        for (const requested_at of [STAMP, '2026-12-01T11:00:00+01:00', '2026-11-30T09:00:00Z']) {
            const again = await erase(request({ requested_at }));
            assert.equal(again.status, 200);
            assert.deepEqual(
                again.body,
                { ...first, calls_anonymized: 0, recordings_deleted: 0, already_applied: true },
                requested_at
            );
        }
        assert.ok((await later.a.ok('GET', `/v2/calls/${later.call.id}`)).recording_url, 'nothing done by a replayed stamp');
        // The 15- and 18-character forms are one person.
        assert.equal((await erase(request({ salesforce_id: CONTACT.slice(0, 15) }))).body.already_applied, true);

        const newer = await erase(request({ requested_at: '2026-12-02T08:00:00.000Z' }));
        assert.equal(newer.body.already_applied, false);
        assert.notEqual(newer.body.erasure_id, first.erasure_id);
        assert.deepEqual([newer.body.calls_anonymized, newer.body.recordings_deleted], [1, 1], 'only the call made since');
        assert.equal((await later.a.ok('GET', `/v2/calls/${later.call.id}`)).recording_url, null);
        // Another person is another key.
        const lead = await erase(request({ salesforce_id: '00Q000000000001AAA', salesforce_object: 'Lead' }));
        assert.equal(lead.body.already_applied, false);
    });

    it('refuses malformed bodies with 400 invalid_request and does nothing', async () => {
        const { a, call } = await recordedCall(base, { from: SOPHIE, ...TALK });
        const bad = [
            [request({ extra: 1 }), 'extra'],
            [request({ numbers: ['0612345678'] }), '/numbers/0'],
            [request({ numbers: [] }), '/numbers'],
            [
                request({
                    numbers: Array.from({ length: 11 }, (_, i) => `+3361234560${String(i).padStart(2, '0')}`.slice(0, 12))
                }),
                '/numbers'
            ],
            [request({ salesforce_object: 'Account' }), '/salesforce_object'],
            [request({ salesforce_id: '001000000000001AAA' }), '/salesforce_id'],
            [request({ requested_at: '2026-12-01' }), '/requested_at'],
            [request({ requested_at: '2026-12-01T10:00:00' }), '/requested_at'],
            [request({ requested_at: 'yesterday' }), '/requested_at'],
            [{ salesforce_id: CONTACT, salesforce_object: 'Contact', numbers: [SOPHIE] }, 'requested_at'],
            [request({ numbers: undefined }), 'numbers'],
            [request({ numbers: [], call_ids: [] }), '/numbers'],
            [request({ call_ids: ['0612345678'] }), '/call_ids/0'],
            [request({ call_ids: [`call_${'x'.repeat(60)}`] }), '/call_ids/0'],
            [request({ call_ids: Array.from({ length: 1001 }, (_, i) => `call_${i}`) }), '/call_ids']
        ];
        const token = await erasureToken();
        for (const [body, field] of bad) {
            const refused = await erase(body, token);
            assert.equal(refused.status, 400, JSON.stringify(body));
            assert.equal(refused.body.error.code, 'invalid_request');
            assert.equal(refused.body.error.details.field, field, JSON.stringify(refused.body.error));
            assert.ok(refused.body.error.request_id);
        }
        assert.ok((await a.ok('GET', `/v2/calls/${call.id}`)).recording_url);
    });

    it('needs a client token with erasures:write: no token 401, an agent or another scope 403', async () => {
        const { a, call } = await recordedCall(base, { from: SOPHIE, ...TALK });
        const none = await http(base, 'POST', '/v2/erasures', { body: request() });
        assert.equal(none.status, 401);
        assert.equal(none.body.error.code, 'unauthorized');
        for (const token of [a.token, await orgToken(base), await orgToken(base, 'calls:read users:read')]) {
            const refused = await erase(request({ numbers: [], call_ids: [call.id] }), token);
            assert.equal(refused.status, 403);
            assert.equal(refused.body.error.code, 'insufficient_scope');
            assert.equal(refused.body.error.details.scope, 'erasures:write');
        }
        assert.ok(!a.session.scope.split(' ').includes('erasures:write'), 'an agent session never carries it');
        assert.ok((await a.ok('GET', `/v2/calls/${call.id}`)).recording_url);
        // The default client scopes do not include it either: it must be asked for.
        const defaults = await http(base, 'POST', '/v2/oauth/token', {
            body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret' }
        });
        assert.ok(!defaults.body.scope.includes('erasures:write'));
    });

    it('erases the calls named by id whatever their number (a HomePhone, a former number), counts unknown ids and leaves the rest', async () => {
        const HOME = '+33145678901';
        const home = await recordedCall(base, { from: HOME, ...TALK }); // logged in Salesforce under the person, by a number she does not list now
        const mobile = await recordedCall(base, { from: SOPHIE, ...TALK });
        const nicolas = await recordedCall(base, { from: NICOLAS, ...TALK });
        const result = await erase(
            request({ numbers: [], call_ids: [home.call.id, home.call.id, 'call_purgedlongago', 'call_neverexisted'] })
        );
        assert.equal(result.status, 200, JSON.stringify(result.body));
        assert.deepEqual(
            [
                result.body.calls_anonymized,
                result.body.recordings_deleted,
                result.body.call_ids_unknown,
                result.body.already_applied
            ],
            [1, 1, 2, false],
            'a repeated id is one call; ids Diamy does not know are counted, not an error'
        );
        const after = await home.a.ok('GET', `/v2/calls/${home.call.id}`);
        assert.deepEqual([after.recording_url, after.notes, after.from.name], [null, null, null]);
        assert.equal(after.to.name, home.call.to.name, "the agent's party keeps its name");
        assert.equal((await http(base, 'GET', recordingPath(home.call), { token: home.a.token })).status, 404);
        for (const other of [mobile, nicolas]) {
            assert.deepEqual(await other.a.ok('GET', `/v2/calls/${other.call.id}`), other.call, 'not listed, not by number');
        }
    });

    it('a person with more calls than one request holds: several requests of one stamp, each erased call a no-op when sent again', async () => {
        const calls = [await recordedCall(base, { from: '+33145678901', ...TALK }), await recordedCall(base, { from: '+33145678902', ...TALK }), await recordedCall(base, { from: NICOLAS, ...TALK })];
        const later = await recordedCall(base, { from: SOPHIE, ...TALK });
        const first = await erase(request({ call_ids: [calls[0].call.id] }));
        assert.deepEqual([first.body.calls_anonymized, first.body.already_applied], [2, false], 'numbers and ids');
        const laterStill = await recordedCall(base, { from: SOPHIE, ...TALK }); // made after the stamp was applied: a later request's

        const second = await erase(request({ call_ids: [calls[1].call.id, calls[0].call.id] }));
        assert.equal(second.status, 200);
        assert.deepEqual(
            { ...second.body },
            { ...first.body, calls_anonymized: 1, recordings_deleted: 1, already_applied: false },
            'same erasure id and stamp; only the call not erased yet counts'
        );
        assert.equal((await http(base, 'GET', recordingPath(calls[1].call), { token: calls[1].a.token })).status, 404);
        assert.ok((await laterStill.a.ok('GET', `/v2/calls/${laterStill.call.id}`)).recording_url, 'numbers not searched again');
        assert.equal((await http(base, 'GET', recordingPath(later.call), { token: later.a.token })).status, 404);

        const replay = await erase(request({ call_ids: [calls[1].call.id, calls[0].call.id] }));
        assert.deepEqual(replay.body, { ...first.body, calls_anonymized: 0, recordings_deleted: 0, already_applied: true });
        const older = await erase(request({ requested_at: '2026-11-30T09:00:00Z', call_ids: [calls[2].call.id] }));
        assert.deepEqual(older.body, { ...first.body, calls_anonymized: 0, recordings_deleted: 0, already_applied: true });
        assert.ok((await calls[2].a.ok('GET', `/v2/calls/${calls[2].call.id}`)).recording_url, 'an older stamp does nothing');

        const full = await erase(
            request({
                numbers: [],
                call_ids: Array.from({ length: 1000 }, (_, i) => (i === 999 ? calls[2].call.id : `call_x${i}`))
            })
        );
        assert.deepEqual([full.body.calls_anonymized, full.body.call_ids_unknown], [1, 999], '1000 ids fit one request');
    });

    it("a reconnecting agent's replay (?since=0) holds no name, notes or recording of an erased call", async () => {
        const a = await agent(base, CAMILLE);
        const { call } = await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, from_name: 'Sophie Bernard', agent_id: CAMILLE.id });
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await a.ok('PATCH', `/v2/calls/${call.id}`, { notes: 'Rappeler pour le devis' });
        await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        const kept = await recordedCall(base, { from: NICOLAS, ...TALK }); // another person's call keeps its notes and recording
        assert.equal((await erase(request())).status, 200);

        const stream = await a.stream(0);
        try {
            await stream.waitFor((message) => message.type === 'call.ended' && message.call_id === kept.call.id, 'the replay');
            const replayed = stream.events().filter((event) => event.call_id === call.id);
            assert.ok(replayed.length >= 3, 'the erased call is replayed');
            const text = JSON.stringify(replayed);
            assert.doesNotMatch(text, /Sophie|Bernard|Rappeler|recordings\//);
            assert.ok(replayed.every((event) => event.data.call.from.number === SOPHIE), 'statistics and numbers stay');
            const other = JSON.stringify(stream.events().filter((event) => event.call_id === kept.call.id));
            assert.match(other, /Rappeler/);
            assert.match(other, /recordings\//);
        } finally {
            stream.socket.close();
        }
    });
});
