// Every call-control operation against the real sandbox: REST command → state → WebSocket events in order.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { bootSandbox, agent, control, http, settle, CAMILLE, HUGO, SOPHIE } from './helpers.mjs';

const CONFIG = { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 };
let sandbox;
let base;

before(async () => {
    sandbox = await bootSandbox({ config: CONFIG });
    base = sandbox.url;
});
after(async () => sandbox.close());
beforeEach(async () => control(base, 'POST', '/sandbox/reset'));

async function setup(user = CAMILLE) {
    const a = await agent(base, user);
    const stream = await a.stream();
    return { a, stream };
}
const inbound = async (from = SOPHIE, agentId = CAMILLE.id) => (await control(base, 'POST', '/sandbox/calls/inbound', { from, agent_id: agentId })).call;
const remote = (callId, action) => control(base, 'POST', `/sandbox/calls/${callId}/remote`, { action });

describe('inbound calls', () => {
    it('answered: incoming → answered → ended, with duration, status and a recording link', async () => {
        const { a, stream } = await setup();
        const call = await inbound();
        assert.equal(call.state, 'ringing');
        assert.equal(call.direction, 'inbound');
        assert.deepEqual(call.from, { number: SOPHIE, name: 'Sophie Bernard', withheld: false, user_id: null });
        const answered = await a.ok('POST', `/v2/calls/${call.id}/answer`);
        assert.equal(answered.call.state, 'active');
        assert.equal(answered.call.status, 'answered');
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 95 });
        const ended = await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        assert.equal(ended.call.state, 'ended');
        assert.equal(ended.call.end_reason, 'agent_hangup');
        assert.equal(ended.call.duration, 95);
        assert.match(ended.call.recording_url, /\/v2\/recordings\/rec_/);
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.answered', 'call.ended']);
        const final = stream.events().find((e) => e.type === 'call.ended').data.call;
        assert.equal(final.status, 'answered');
        assert.equal(final.duration, 95);
        const recording = await fetch(ended.call.recording_url, { headers: { authorization: `Bearer ${a.token}` } });
        assert.equal(recording.status, 200);
        assert.equal(recording.headers.get('content-type'), 'audio/wav');
        assert.equal((await fetch(ended.call.recording_url)).status, 401);
        const details = await a.ok('GET', `/v2/calls/${call.id}`);
        assert.equal(details.recording_url, ended.call.recording_url);
    });

    it('missed: the caller hangs up while ringing → call.missed then call.ended, status missed', async () => {
        const { a, stream } = await setup();
        const call = await inbound();
        const result = await remote(call.id, 'abandon');
        assert.equal(result.call.status, 'missed');
        assert.equal(result.call.recording_url, null);
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.missed', 'call.ended']);
        const late = await a.cmd('POST', `/v2/calls/${call.id}/answer`);
        assert.equal(late.status, 409);
        assert.equal(late.body.error.code, 'invalid_state');
    });

    it('missed after the ring timeout', async () => {
        await control(base, 'PUT', '/sandbox/config', { ring_timeout_ms: 60 });
        const { stream } = await setup();
        const call = await inbound();
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.missed', 'call.ended']);
        assert.equal(stream.last('call.ended', call.id).data.call.end_reason, 'missed');
    });

    it('rejected by the agent → status missed, end_reason rejected', async () => {
        const { a, stream } = await setup();
        const call = await inbound();
        const result = await a.ok('POST', `/v2/calls/${call.id}/reject`);
        assert.equal(result.call.status, 'missed');
        assert.equal(result.call.end_reason, 'rejected');
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.missed', 'call.ended']);
    });

    it('voicemail: voicemail.new with the message link, then call.ended status voicemail', async () => {
        const { a, stream } = await setup();
        const call = await inbound('+33145678901');
        await control(base, 'POST', `/sandbox/calls/${call.id}/remote`, { action: 'voicemail', voicemail_seconds: 21 });
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'voicemail.new', 'call.ended']);
        const vm = stream.events().find((e) => e.type === 'voicemail.new').data.voicemail;
        assert.equal(vm.duration, 21);
        assert.equal(vm.from.name, 'Boulangerie Petit');
        const ended = stream.last('call.ended').data.call;
        assert.equal(ended.status, 'voicemail');
        assert.equal(ended.recording_url, vm.recording_url);
        assert.equal((await fetch(vm.recording_url, { headers: { authorization: `Bearer ${a.token}` } })).status, 200);
    });

    it('routes by the number called and refuses unknown agents', async () => {
        const { stream } = await setup(HUGO);
        const call = (await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, to: HUGO.number })).call;
        assert.equal(call.agent_id, HUGO.id);
        await stream.type('call.incoming', call.id);
        const unknown = await http(base, 'POST', '/sandbox/calls/inbound', { body: { from: SOPHIE, agent_id: 'usr_nobody' } });
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, 'not_found');
    });
});

describe('outbound calls', () => {
    for (const [action, status] of [
        ['busy', 'busy'],
        ['no_answer', 'no_answer'],
        ['failed', 'failed']
    ]) {
        it(`${action}: ringing → ended with status ${status}, no recording`, async () => {
            const { a, stream } = await setup();
            const dial = await a.ok('POST', '/v2/calls', { to: SOPHIE });
            assert.equal(dial.call.direction, 'outbound');
            assert.equal(dial.call.to.name, 'Sophie Bernard');
            await remote(dial.call.id, action);
            assert.deepEqual(await settle(stream, 'call.ended', dial.call.id), ['call.ringing', 'call.ended']);
            const ended = stream.last('call.ended').data.call;
            assert.equal(ended.status, status);
            assert.equal(ended.recording_url, null);
            assert.equal(ended.duration, 0);
        });
    }

    it('answered by the remote party, then the remote party hangs up', async () => {
        const { a, stream } = await setup();
        const dial = await a.ok('POST', '/v2/calls', { to: '+33698765432', to_name: 'Nicolas (Salesforce)' });
        assert.equal(dial.call.to.name, 'Nicolas (Salesforce)');
        assert.equal(dial.call.from.number, '+33189000100');
        const notYet = await a.cmd('POST', `/v2/calls/${dial.call.id}/answer`);
        assert.equal(notYet.status, 409, 'an agent cannot answer their own outbound call');
        await remote(dial.call.id, 'answer');
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 30 });
        await remote(dial.call.id, 'hangup');
        assert.deepEqual(await settle(stream, 'call.ended', dial.call.id), ['call.ringing', 'call.answered', 'call.ended']);
        const ended = stream.last('call.ended').data.call;
        assert.equal(ended.status, 'answered');
        assert.equal(ended.end_reason, 'remote_hangup');
        assert.equal(ended.duration, 30);
    });

    it('no answer after the ring timeout; abandoned when the agent hangs up first', async () => {
        await control(base, 'PUT', '/sandbox/config', { ring_timeout_ms: 60 });
        const { a, stream } = await setup();
        const first = await a.ok('POST', '/v2/calls', { to: SOPHIE });
        await settle(stream, 'call.ended', first.call.id);
        assert.equal(stream.last('call.ended', first.call.id).data.call.status, 'no_answer');
        const second = await a.ok('POST', '/v2/calls', { to: SOPHIE });
        const cancelled = await a.ok('POST', `/v2/calls/${second.call.id}/hangup`);
        assert.equal(cancelled.call.status, 'abandoned');
    });

    it('refuses a number that is not E.164 and a line that is not the agent’s', async () => {
        const { a } = await setup();
        for (const body of [{ to: '0612345678' }, { to: SOPHIE, from_line: '+33999999999' }, {}]) {
            const result = await a.cmd('POST', '/v2/calls', body);
            assert.equal(result.status, 400, JSON.stringify(body));
            assert.equal(result.body.error.code, 'invalid_request');
        }
    });
});

describe('in-call controls', () => {
    async function connected() {
        const { a, stream } = await setup();
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        return { a, stream, call };
    }

    it('hold / resume, with wrong-state commands refused', async () => {
        const { a, stream, call } = await connected();
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/hold`)).call.state, 'held');
        const again = await a.cmd('POST', `/v2/calls/${call.id}/hold`);
        assert.equal(again.status, 409);
        assert.equal(again.body.error.details.state, 'held');
        const dtmfOnHold = await a.cmd('POST', `/v2/calls/${call.id}/dtmf`, { digits: '1' });
        assert.equal(dtmfOnHold.status, 409);
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/resume`)).call.state, 'active');
        assert.deepEqual(await settle(stream, 'call.resumed', call.id), ['call.incoming', 'call.answered', 'call.held', 'call.resumed']);
    });

    it('mute / unmute: one event per change, none for a repeated mute', async () => {
        const { a, stream, call } = await connected();
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/mute`)).call.muted, true);
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/mute`)).call.muted, true);
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/unmute`)).call.muted, false);
        assert.deepEqual(await settle(stream, 'call.unmuted', call.id), ['call.incoming', 'call.answered', 'call.muted', 'call.unmuted']);
    });

    it('DTMF digits are recorded in order; bad digits are a 400', async () => {
        const { a, stream, call } = await connected();
        await a.ok('POST', `/v2/calls/${call.id}/dtmf`, { digits: '12' });
        const last = await a.ok('POST', `/v2/calls/${call.id}/dtmf`, { digits: '#*9' });
        assert.equal(last.call.dtmf, '12#*9');
        await settle(stream, 'call.dtmf', call.id);
        await stream.waitFor((m) => m.type === 'call.dtmf' && m.data.digits === '#*9', 'second dtmf');
        for (const digits of ['', 'x', '1'.repeat(33)]) {
            const bad = await a.cmd('POST', `/v2/calls/${call.id}/dtmf`, { digits });
            assert.equal(bad.status, 400, digits);
        }
    });

    it('answering a second call puts the first on hold', async () => {
        const { a, stream, call } = await connected();
        const second = await inbound('+33698765432');
        await a.ok('POST', `/v2/calls/${second.id}/answer`);
        await settle(stream, 'call.answered', second.id);
        assert.deepEqual(stream.callTypes(call.id), ['call.incoming', 'call.answered', 'call.held']);
        const active = await a.ok('GET', '/v2/agent/calls/active');
        assert.deepEqual(active.data.map((c) => c.state).sort(), ['active', 'held']);
    });

    it('notes and tags', async () => {
        const { a, stream, call } = await connected();
        const updated = await a.ok('PATCH', `/v2/calls/${call.id}`, { notes: 'Rappeler jeudi', tags: ['devis', 'devis', 'urgent'] });
        assert.equal(updated.call.notes, 'Rappeler jeudi');
        assert.deepEqual(updated.call.tags, ['devis', 'urgent']);
        await stream.type('call.updated', call.id);
    });

    it("another agent's call is not found", async () => {
        const { call } = await connected();
        const hugo = await agent(base, HUGO);
        for (const [method, path] of [
            ['GET', `/v2/calls/${call.id}`],
            ['POST', `/v2/calls/${call.id}/hangup`]
        ]) {
            const result = await hugo.cmd(method, path, method === 'POST' ? {} : undefined);
            assert.equal(result.status, 404);
            assert.equal(result.body.error.code, 'not_found');
        }
    });
});

describe('transfers and conference', () => {
    async function connected() {
        const { a, stream } = await setup();
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        return { a, stream, call };
    }

    it('blind transfer to an external number: call.transferred then call.ended (transferred)', async () => {
        const { a, stream, call } = await connected();
        const result = await a.ok('POST', `/v2/calls/${call.id}/transfer`, { to: '+33698765432' });
        assert.equal(result.call.transferred, true);
        assert.equal(result.call.end_reason, 'transferred');
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.answered', 'call.transferred', 'call.ended']);
        const transferred = stream.events().find((e) => e.type === 'call.transferred');
        assert.equal(transferred.data.mode, 'blind');
        assert.deepEqual(transferred.data.to, { number: '+33698765432', name: 'Nicolas Fournier', withheld: false, user_id: null });
    });

    it('blind transfer to a colleague by extension: the colleague gets the caller as an incoming call', async () => {
        const { a, call } = await connected();
        const hugo = await agent(base, HUGO);
        const hugoStream = await hugo.stream();
        await a.ok('POST', `/v2/calls/${call.id}/transfer`, { to: '202' });
        const incoming = await hugoStream.type('call.incoming');
        assert.equal(incoming.data.call.from.number, SOPHIE);
        assert.equal(incoming.data.call.agent_id, HUGO.id);
        const bad = await a.cmd('POST', `/v2/calls/${call.id}/transfer`, { to: 'nobody' });
        assert.equal(bad.status, 400);
    });

    it('attended transfer: consult (original held) → consulted answers → complete', async () => {
        const { a, stream, call } = await connected();
        const consult = await a.ok('POST', `/v2/calls/${call.id}/consult`, { to: '204' });
        assert.equal(consult.call.state, 'held');
        assert.equal(consult.call.consult_call_id, consult.consult_call.id);
        assert.equal(consult.consult_call.parent_call_id, call.id);
        assert.equal(consult.consult_call.direction, 'internal');
        assert.equal(consult.consult_call.to.name, 'Julien Moreau');
        const leg = consult.consult_call.id;
        const early = await a.cmd('POST', `/v2/calls/${call.id}/consult/complete`);
        assert.equal(early.status, 409, 'cannot complete before the consulted party answers');
        const resumeDuring = await a.cmd('POST', `/v2/calls/${call.id}/resume`);
        assert.equal(resumeDuring.status, 409);
        await remote(leg, 'answer');
        const done = await a.ok('POST', `/v2/calls/${call.id}/consult/complete`);
        assert.equal(done.call.transferred, true);
        await settle(stream, 'call.ended', leg);
        assert.deepEqual(stream.callTypes(call.id), ['call.incoming', 'call.answered', 'call.held', 'call.consult_started', 'call.transferred', 'call.ended']);
        assert.deepEqual(stream.callTypes(leg), ['call.ringing', 'call.answered', 'call.ended']);
        const transferred = stream.events().find((e) => e.type === 'call.transferred');
        assert.equal(transferred.data.mode, 'attended');
        assert.equal(transferred.data.consult_call_id, leg);
        assert.equal((await a.ok('GET', '/v2/agent/calls/active')).data.length, 0);
    });

    it('consult cancelled: the leg ends, the original stays held and can be resumed', async () => {
        const { a, stream, call } = await connected();
        const consult = await a.ok('POST', `/v2/calls/${call.id}/consult`, { to: SOPHIE === '+33612345678' ? '+33698765432' : SOPHIE });
        const leg = consult.consult_call.id;
        await a.ok('POST', `/v2/calls/${call.id}/consult/cancel`);
        await settle(stream, 'call.consult_cancelled', call.id);
        assert.deepEqual(stream.callTypes(leg), ['call.ringing', 'call.ended']);
        assert.equal(stream.events().find((e) => e.call_id === leg && e.type === 'call.ended').data.call.status, 'abandoned');
        assert.equal((await a.ok('GET', `/v2/calls/${call.id}`)).state, 'held');
        assert.equal((await a.ok('POST', `/v2/calls/${call.id}/resume`)).call.state, 'active');
        const twice = await a.cmd('POST', `/v2/calls/${call.id}/consult/cancel`);
        assert.equal(twice.status, 409);
    });

    it('the consulted party is busy: the consultation is cancelled by itself', async () => {
        const { a, stream, call } = await connected();
        const consult = await a.ok('POST', `/v2/calls/${call.id}/consult`, { to: '+33698765432' });
        await remote(consult.consult_call.id, 'busy');
        await settle(stream, 'call.consult_cancelled', call.id);
        assert.equal((await a.ok('GET', `/v2/calls/${call.id}`)).consult_call_id, null);
    });

    it('conference: merge the consult leg, every leg active; hanging up leaves and ends every leg', async () => {
        const { a, stream, call } = await connected();
        const consult = await a.ok('POST', `/v2/calls/${call.id}/consult`, { to: '+33698765432' });
        const leg = consult.consult_call.id;
        await remote(leg, 'answer');
        const merged = await a.ok('POST', `/v2/calls/${call.id}/merge`);
        assert.match(merged.conference_id, /^conf_/);
        assert.equal(merged.calls.length, 2);
        for (const c of merged.calls) {
            assert.equal(c.state, 'active');
            assert.equal(c.conferenced, true);
            assert.equal(c.conference_id, merged.conference_id);
        }
        const holdLeg = await a.cmd('POST', `/v2/calls/${leg}/hold`);
        assert.equal(holdLeg.status, 409);
        await stream.type('call.conferenced', call.id);
        await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        await settle(stream, 'call.ended', leg);
        await settle(stream, 'call.ended', call.id);
        for (const id of [call.id, leg]) {
            const ended = stream.events().find((e) => e.call_id === id && e.type === 'call.ended').data.call;
            assert.equal(ended.end_reason, 'conference_left');
            assert.equal(ended.conferenced, true);
        }
    });

    it('conference of two independent calls; a remote hang-up leaves the other leg connected', async () => {
        const { a, stream, call } = await connected();
        const second = await a.ok('POST', '/v2/calls', { to: '+33698765432' });
        await remote(second.call.id, 'answer');
        const merged = await a.ok('POST', `/v2/calls/${second.call.id}/merge`, { with_call_id: call.id });
        assert.equal(merged.calls.length, 2);
        await remote(second.call.id, 'hangup');
        await stream.type('call.updated', call.id);
        const rest = await a.ok('GET', `/v2/calls/${call.id}`);
        assert.equal(rest.state, 'active');
        assert.equal(rest.conference_id, null);
        const self = await a.cmd('POST', `/v2/calls/${call.id}/merge`, { with_call_id: call.id });
        assert.equal(self.status, 400);
    });
});

describe('recent calls and details', () => {
    it('lists ended calls newest first with the documented filters', async () => {
        const { a } = await setup();
        const answered = await inbound();
        await a.ok('POST', `/v2/calls/${answered.id}/answer`);
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 10 });
        await a.ok('POST', `/v2/calls/${answered.id}/hangup`);
        const missed = await inbound('+33698765432');
        await remote(missed.id, 'abandon');
        const out = await a.ok('POST', '/v2/calls', { to: SOPHIE });
        await remote(out.call.id, 'busy');
        const live = await inbound('+33145678901');

        const all = await a.ok('GET', '/v2/calls/recent');
        assert.equal(all.total, 3);
        assert.deepEqual(
            all.data.map((c) => c.id),
            [out.call.id, missed.id, answered.id]
        );
        assert.ok(!all.data.some((c) => c.id === live.id), 'ringing calls are not recent calls');
        assert.deepEqual((await a.ok('GET', '/v2/calls/recent?status=missed')).data.map((c) => c.id), [missed.id]);
        assert.deepEqual((await a.ok('GET', '/v2/calls/recent?direction=outbound')).data.map((c) => c.id), [out.call.id]);
        const page = await a.ok('GET', '/v2/calls/recent?limit=1&offset=1');
        assert.deepEqual([page.limit, page.offset, page.data[0].id], [1, 1, missed.id]);
        for (const query of ['limit=0', 'limit=101', 'status=lost', 'direction=sideways']) {
            const bad = await a.cmd('GET', `/v2/calls/recent?${query}`);
            assert.equal(bad.status, 400, query);
            assert.equal(bad.body.error.code, 'invalid_request');
        }
        const detail = await a.ok('GET', `/v2/calls/${answered.id}`);
        assert.equal(detail.duration, 10);
        assert.match(detail.timestamp, /^\d{4}-\d\d-\d\dT/);
        assert.equal((await a.cmd('GET', '/v2/calls/call_doesnotexist')).status, 404);
    });
});

describe('off-contract values (a newer or misbehaving Diamy, for client robustness tests)', () => {
    it('the call carries the values in events and REST answers from then on; other calls are untouched', async () => {
        const { a, stream } = await setup();
        const call = await inbound();
        const other = await inbound('+33698765432');
        const set = await control(base, 'POST', `/sandbox/calls/${call.id}/off-contract`, { end_reason: 'carrier_congestion', recording_url: '/recordings/rec_1.wav' });
        assert.equal(set.call.end_reason, 'carrier_congestion');
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        await settle(stream, 'call.ended', call.id);
        const ended = stream.last('call.ended', call.id).data.call;
        assert.equal(ended.end_reason, 'carrier_congestion');
        assert.equal(ended.recording_url, '/recordings/rec_1.wav');
        assert.equal((await a.ok('GET', `/v2/calls/${call.id}`)).end_reason, 'carrier_congestion');
        await remote(other.id, 'abandon');
        await settle(stream, 'call.ended', other.id);
        assert.equal(stream.last('call.ended', other.id).data.call.end_reason, 'remote_hangup');
    });

    it('refuses an empty body, unknown keys, over-long values and unknown calls', async () => {
        const call = await inbound();
        for (const body of [{}, { agent_id: 'x' }, { status: '' }, { recording_url: 'x'.repeat(2049) }]) {
            const answer = await http(base, 'POST', `/sandbox/calls/${call.id}/off-contract`, { body });
            assert.equal(answer.status, 400, JSON.stringify(body));
        }
        assert.equal((await http(base, 'POST', '/sandbox/calls/call_nope/off-contract', { body: { status: 'x' } })).status, 404);
    });
});
