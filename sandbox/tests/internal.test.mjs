// Issue 11: internal calls (two linked legs), withheld callers and call waiting, against the real sandbox over
// real sockets: REST answers, the legs' fields, and the events on each agent's own stream.
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

async function setup(user) {
    const a = await agent(base, user);
    const stream = await a.stream();
    return { a, stream };
}
/** Camille calls Hugo (extension 202); both streams open. Returns both legs. */
async function camilleCallsHugo(body = { to_extension: '202' }) {
    const camille = await setup(CAMILLE);
    const hugo = await setup(HUGO);
    const dial = await camille.a.ok('POST', '/v2/calls', body);
    const callerLeg = dial.call;
    const incoming = await hugo.stream.type('call.incoming');
    const calleeLeg = incoming.data.call;
    return { camille, hugo, callerLeg, calleeLeg };
}
const inbound = async (body) => (await control(base, 'POST', '/sandbox/calls/inbound', { agent_id: CAMILLE.id, ...body })).call;

describe('internal calls', () => {
    it('dial to_extension: two legs, both internal, naming both agents, linked by peer_call_id', async () => {
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo();
        for (const leg of [callerLeg, calleeLeg]) {
            assert.equal(leg.direction, 'internal');
            assert.equal(leg.state, 'ringing');
            assert.deepEqual(leg.from, { number: CAMILLE.number, name: 'Camille Martin', withheld: false, user_id: CAMILLE.id });
            assert.deepEqual(leg.to, { number: HUGO.number, name: 'Hugo Lefèvre', withheld: false, user_id: HUGO.id });
        }
        assert.equal(callerLeg.agent_id, CAMILLE.id);
        assert.equal(calleeLeg.agent_id, HUGO.id);
        assert.notEqual(callerLeg.id, calleeLeg.id);
        assert.equal(callerLeg.peer_call_id, calleeLeg.id);
        assert.equal(calleeLeg.peer_call_id, callerLeg.id);
        assert.deepEqual(await settle(camille.stream, 'call.ringing', callerLeg.id), ['call.ringing']);
        // Each leg's events go to its own agent only.
        assert.equal(camille.stream.callTypes(calleeLeg.id).length, 0);
        assert.equal(hugo.stream.callTypes(callerLeg.id).length, 0);
        // The caller cannot answer their own leg; the callee's leg is theirs alone.
        assert.equal((await camille.a.cmd('POST', `/v2/calls/${callerLeg.id}/answer`)).status, 409);
        assert.equal((await camille.a.cmd('POST', `/v2/calls/${calleeLeg.id}/answer`)).status, 404);
    });

    it('the callee answers: both legs active; the caller hangs up: the callee leg ends remote_hangup', async () => {
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo();
        const answered = await hugo.a.ok('POST', `/v2/calls/${calleeLeg.id}/answer`);
        assert.equal(answered.call.state, 'active');
        const callerAnswered = await camille.stream.type('call.answered', callerLeg.id);
        assert.equal(callerAnswered.data.call.state, 'active');
        assert.equal(callerAnswered.data.call.status, 'answered');
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 42 });
        const ended = await camille.a.ok('POST', `/v2/calls/${callerLeg.id}/hangup`);
        assert.equal(ended.call.end_reason, 'agent_hangup');
        assert.equal(ended.call.duration, 42);
        assert.deepEqual(await settle(hugo.stream, 'call.ended', calleeLeg.id), ['call.incoming', 'call.answered', 'call.ended']);
        const calleeEnd = hugo.stream.last('call.ended', calleeLeg.id).data.call;
        assert.equal(calleeEnd.status, 'answered');
        assert.equal(calleeEnd.end_reason, 'remote_hangup');
        assert.equal(calleeEnd.duration, 42);
        assert.deepEqual(await settle(camille.stream, 'call.ended', callerLeg.id), ['call.ringing', 'call.answered', 'call.ended']);
    });

    it('the callee hangs up a connected call: the caller leg ends remote_hangup', async () => {
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo({ to_user_id: HUGO.id });
        await hugo.a.ok('POST', `/v2/calls/${calleeLeg.id}/answer`);
        const ended = await hugo.a.ok('POST', `/v2/calls/${calleeLeg.id}/hangup`);
        assert.equal(ended.call.end_reason, 'agent_hangup');
        await camille.stream.type('call.ended', callerLeg.id);
        const callerEnd = camille.stream.last('call.ended', callerLeg.id).data.call;
        assert.equal(callerEnd.status, 'answered');
        assert.equal(callerEnd.end_reason, 'remote_hangup');
        assert.equal((await hugo.a.ok('GET', '/v2/agent/calls/active')).data.length, 0);
        assert.equal((await camille.a.ok('GET', '/v2/agent/calls/active')).data.length, 0);
    });

    it('the callee rejects: callee missed/rejected, caller busy/rejected', async () => {
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo();
        const rejected = await hugo.a.ok('POST', `/v2/calls/${calleeLeg.id}/reject`);
        assert.equal(rejected.call.status, 'missed');
        assert.equal(rejected.call.end_reason, 'rejected');
        assert.deepEqual(await settle(camille.stream, 'call.ended', callerLeg.id), ['call.ringing', 'call.ended']);
        const callerEnd = camille.stream.last('call.ended', callerLeg.id).data.call;
        assert.equal(callerEnd.status, 'busy');
        assert.equal(callerEnd.end_reason, 'rejected');
    });

    it('the caller hangs up while it rings: caller abandoned, callee missed/remote_hangup (call.missed on their stream)', async () => {
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo();
        const ended = await camille.a.ok('POST', `/v2/calls/${callerLeg.id}/hangup`);
        assert.equal(ended.call.status, 'abandoned');
        assert.deepEqual(await settle(hugo.stream, 'call.ended', calleeLeg.id), ['call.incoming', 'call.missed', 'call.ended']);
        const calleeEnd = hugo.stream.last('call.ended', calleeLeg.id).data.call;
        assert.equal(calleeEnd.status, 'missed');
        assert.equal(calleeEnd.end_reason, 'remote_hangup');
        assert.equal((await camille.a.cmd('POST', `/v2/calls/${callerLeg.id}/hangup`)).status, 409);
    });

    it('ring timeout: caller no_answer, callee missed', async () => {
        await control(base, 'PUT', '/sandbox/config', { ring_timeout_ms: 80 });
        const { camille, hugo, callerLeg, calleeLeg } = await camilleCallsHugo();
        await settle(hugo.stream, 'call.ended', calleeLeg.id);
        await settle(camille.stream, 'call.ended', callerLeg.id);
        assert.deepEqual(
            [camille.stream.last('call.ended', callerLeg.id).data.call, hugo.stream.last('call.ended', calleeLeg.id).data.call].map((c) => [c.status, c.end_reason]),
            [
                ['no_answer', 'no_answer'],
                ['missed', 'missed']
            ]
        );
    });

    it('a colleague who is not an agent (extension 204) answers through the control API; their leg exists and is linked', async () => {
        const camille = await setup(CAMILLE);
        const dial = await camille.a.ok('POST', '/v2/calls', { to_extension: '204' });
        assert.equal(dial.call.to.user_id, 'usr_julien.moreau');
        const calleeLeg = (await control(base, 'GET', '/sandbox/state')).calls.find((c) => c.id === dial.call.peer_call_id);
        assert.equal(calleeLeg.agent_id, 'usr_julien.moreau');
        assert.equal(calleeLeg.state, 'ringing');
        await control(base, 'POST', `/sandbox/calls/${dial.call.id}/remote`, { action: 'answer' });
        await camille.stream.type('call.answered', dial.call.id);
        await control(base, 'POST', `/sandbox/calls/${dial.call.id}/remote`, { action: 'hangup' });
        await camille.stream.type('call.ended', dial.call.id);
        assert.equal(camille.stream.last('call.ended', dial.call.id).data.call.end_reason, 'remote_hangup');
        const failed = await http(base, 'POST', `/sandbox/calls/${dial.call.id}/remote`, { body: { action: 'failed' } });
        assert.equal(failed.status, 409);
    });

    it('unknown extension or user → 404 not_found naming the field; no call is created', async () => {
        const { a } = await setup(CAMILLE);
        const extension = await a.cmd('POST', '/v2/calls', { to_extension: '999' });
        assert.equal(extension.status, 404);
        assert.equal(extension.body.error.code, 'not_found');
        assert.equal(extension.body.error.details.field, 'to_extension');
        const user = await a.cmd('POST', '/v2/calls', { to_user_id: 'usr_nobody' });
        assert.equal(user.status, 404);
        assert.equal(user.body.error.details.field, 'to_user_id');
        assert.equal((await control(base, 'GET', '/sandbox/state')).calls.length, 0);
    });

    it('calling yourself (extension, user id or own number) → 422 invalid_target', async () => {
        const { a } = await setup(CAMILLE);
        for (const body of [{ to_extension: '201' }, { to_user_id: CAMILLE.id }, { to: CAMILLE.number }]) {
            const result = await a.cmd('POST', '/v2/calls', body);
            assert.equal(result.status, 422, JSON.stringify(body));
            assert.equal(result.body.error.code, 'invalid_target');
        }
        assert.equal((await control(base, 'GET', '/sandbox/state')).calls.length, 0);
    });

    it('exactly one target: none, two, or a malformed extension → 400 invalid_request', async () => {
        const { a } = await setup(CAMILLE);
        for (const body of [{}, { to: SOPHIE, to_extension: '202' }, { to_extension: '202', to_user_id: HUGO.id }, { to_extension: '2' }, { to_extension: '20a' }, { to_extension: '1234567' }]) {
            const result = await a.cmd('POST', '/v2/calls', body);
            assert.equal(result.status, 400, JSON.stringify(body));
            assert.equal(result.body.error.code, 'invalid_request');
        }
    });

    it("a colleague's direct number (to) is an internal call too", async () => {
        const { callerLeg, calleeLeg } = await camilleCallsHugo({ to: HUGO.number });
        assert.equal(callerLeg.direction, 'internal');
        assert.equal(callerLeg.peer_call_id, calleeLeg.id);
    });

    it('outside calls carry peer_call_id null and parties with withheld false; the agent side names its user', async () => {
        const { a } = await setup(CAMILLE);
        const dial = await a.ok('POST', '/v2/calls', { to: SOPHIE });
        assert.equal(dial.call.direction, 'outbound');
        assert.equal(dial.call.peer_call_id, null);
        assert.deepEqual(dial.call.to, { number: SOPHIE, name: 'Sophie Bernard', withheld: false, user_id: null });
        assert.equal(dial.call.from.user_id, CAMILLE.id);
    });
});

describe('withheld callers', () => {
    it('an inbound call from a withheld number: from.number and name null, withheld true; answered and ended as usual', async () => {
        const { a, stream } = await setup(CAMILLE);
        const call = await inbound({ withheld: true });
        assert.equal(call.direction, 'inbound');
        assert.deepEqual(call.from, { number: null, name: null, withheld: true, user_id: null });
        const incoming = await stream.type('call.incoming', call.id);
        assert.equal(incoming.data.call.from.withheld, true);
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        assert.deepEqual(await settle(stream, 'call.ended', call.id), ['call.incoming', 'call.answered', 'call.ended']);
        const recent = await a.ok('GET', '/v2/calls/recent');
        assert.equal(recent.data[0].from.withheld, true);
        assert.equal(recent.data[0].from.number, null);
    });

    it('refuses both from and withheld, neither, withheld false, a name for a withheld caller, and an empty or anonymous from', async () => {
        for (const body of [
            { from: SOPHIE, withheld: true },
            {},
            { withheld: false },
            { withheld: true, from_name: 'Someone' },
            { from: '' },
            { from: 'anonymous' }
        ]) {
            const result = await http(base, 'POST', '/sandbox/calls/inbound', { body: { agent_id: CAMILLE.id, ...body } });
            assert.equal(result.status, 400, JSON.stringify(body));
            assert.equal(result.body.error.code, 'invalid_request');
        }
    });
});

describe('call waiting', () => {
    it('a second inbound call while on a call is offered (ringing, call.incoming), not missed', async () => {
        const { a, stream } = await setup(CAMILLE);
        const first = await inbound({ from: SOPHIE });
        await a.ok('POST', `/v2/calls/${first.id}/answer`);
        const second = await inbound({ from: '+33698765432' });
        assert.equal(second.state, 'ringing');
        assert.equal(second.status, null);
        await stream.type('call.incoming', second.id);
        const active = (await a.ok('GET', '/v2/agent/calls/active')).data;
        assert.deepEqual(active.map((c) => [c.id, c.state]).sort(), [[first.id, 'active'], [second.id, 'ringing']].sort());
    });

    it('answering it puts the active call on hold first (call.held before call.answered)', async () => {
        const { a, stream } = await setup(CAMILLE);
        const first = await inbound({ from: SOPHIE });
        await a.ok('POST', `/v2/calls/${first.id}/answer`);
        const second = await inbound({ withheld: true });
        await a.ok('POST', `/v2/calls/${second.id}/answer`);
        await stream.type('call.answered', second.id);
        const order = stream
            .events()
            .filter((e) => (e.type === 'call.held' && e.call_id === first.id) || (e.type === 'call.answered' && e.call_id === second.id))
            .map((e) => `${e.type}:${e.call_id === first.id ? 'first' : 'second'}`);
        assert.deepEqual(order, ['call.held:first', 'call.answered:second']);
        const held = stream.last('call.held', first.id);
        assert.ok(held.seq < stream.last('call.answered', second.id).seq);
        assert.equal((await a.ok('GET', `/v2/calls/${first.id}`)).state, 'held');
    });

    it('declining it = reject: missed / rejected, the active call stays active', async () => {
        const { a, stream } = await setup(CAMILLE);
        const first = await inbound({ from: SOPHIE });
        await a.ok('POST', `/v2/calls/${first.id}/answer`);
        const second = await inbound({ from: '+33698765432' });
        const declined = await a.ok('POST', `/v2/calls/${second.id}/reject`);
        assert.equal(declined.call.status, 'missed');
        assert.equal(declined.call.end_reason, 'rejected');
        assert.deepEqual(await settle(stream, 'call.ended', second.id), ['call.incoming', 'call.missed', 'call.ended']);
        assert.equal((await a.ok('GET', `/v2/calls/${first.id}`)).state, 'active');
        assert.deepEqual(stream.callTypes(first.id), ['call.incoming', 'call.answered']);
    });

    it('an internal call to a colleague on a call waits for them too', async () => {
        const hugo = await setup(HUGO);
        const outside = (await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: HUGO.id })).call;
        await hugo.a.ok('POST', `/v2/calls/${outside.id}/answer`);
        const camille = await setup(CAMILLE);
        const dial = await camille.a.ok('POST', '/v2/calls', { to_extension: '202' });
        const incoming = await hugo.stream.type('call.incoming', dial.call.peer_call_id);
        assert.equal(incoming.data.call.state, 'ringing');
        await hugo.a.ok('POST', `/v2/calls/${dial.call.peer_call_id}/answer`);
        await hugo.stream.type('call.held', outside.id);
        await camille.stream.type('call.answered', dial.call.id);
    });
});
