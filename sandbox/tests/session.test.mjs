// Tokens, the real-time channel (seq, heartbeat, replay + snapshot after a drop), presence, faults and
// idempotency, CORS, malformed input, and the log never printing a token. Real sockets throughout.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { bootSandbox, agent, control, http, login, openStream, orgToken, rawSocket, within, CAMILLE, CLIENT, HUGO, ORG, SESSION_SCOPE, SOPHIE, sleep } from './helpers.mjs';

const CONFIG = { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 };
/** The workbench's origin, the only browser origin the control API answers. */
const WORKBENCH = 'http://127.0.0.1:4020';
let sandbox;
let base;
const logLines = [];

before(async () => {
    const sink = new Writable({
        write(chunk, _encoding, done) {
            logLines.push(chunk.toString());
            done();
        }
    });
    sandbox = await bootSandbox({ config: CONFIG, log: sink, controlOrigins: [WORKBENCH] });
    base = sandbox.url;
});
after(async () => sandbox.close());
beforeEach(async () => control(base, 'POST', '/sandbox/reset'));

const inbound = async (agentId = CAMILLE.id) => (await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: agentId })).call;

describe('tokens', () => {
    it('agent session: token with expires_in, expiry gives 401 token_expired, a new session replaces it', async () => {
        const a = await agent(base);
        assert.equal(a.session.token_type, 'Bearer');
        assert.equal(a.session.expires_in, 3600);
        assert.equal(a.session.agent.salesforce_user_id, CAMILLE.sf);
        assert.match(a.session.websocket_url, /^ws:\/\/127\.0\.0\.1:\d+\/v2\/agent\/stream$/);
        assert.equal((await a.cmd('GET', '/v2/agent/me')).status, 200);

        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 3601 });
        const expired = await a.cmd('GET', '/v2/agent/me');
        assert.equal(expired.status, 401);
        assert.equal(expired.body.error.code, 'token_expired');

        // No refresh token: the org asks for a new session (what the softphone does before expiry).
        const renewed = await login(base);
        assert.notEqual(renewed.access_token, a.token);
        assert.equal((await http(base, 'GET', '/v2/agent/me', { token: renewed.access_token })).body.id, CAMILLE.id);
    });

    it('short TTL and forced expiry mid-call: REST 401, socket closed 4001, a new session then resync finds the call', async () => {
        await control(base, 'PUT', '/sandbox/config', { token_ttl_seconds: 120 });
        const a = await agent(base);
        assert.equal(a.session.expires_in, 120);
        const stream = await a.stream();
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await stream.type('call.answered', call.id);
        const lastSeq = stream.events().at(-1).seq;
        const result = await control(base, 'POST', '/sandbox/tokens/expire', { agent_id: CAMILLE.id });
        assert.ok(result.expired >= 1);
        assert.equal((await stream.closed).code, 4001);
        assert.equal((await a.cmd('POST', `/v2/calls/${call.id}/hold`)).body.error.code, 'token_expired');
        const renewed = await login(base);
        const again = await openStream(a.session.websocket_url, renewed.access_token, lastSeq);
        const snapshot = again.messages.find((m) => m.type === 'session.snapshot');
        assert.deepEqual(
            snapshot.data.active_calls.map((c) => [c.id, c.state]),
            [[call.id, 'active']]
        );
        await again.close();
    });

    it('reauth keeps an open socket alive across new sessions', async () => {
        await control(base, 'PUT', '/sandbox/config', { token_ttl_seconds: 60 });
        const a = await agent(base);
        const stream = await a.stream();
        const renewed = await login(base);
        stream.send({ type: 'reauth', access_token: renewed.access_token });
        await stream.waitFor((m) => m.type === 'pong' && m.data.ping_id === 'reauth', 'reauth pong');
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 30 });
        const second = await login(base);
        const from = stream.messages.length;
        stream.send({ type: 'reauth', access_token: second.access_token });
        await stream.waitFor((m) => m.type === 'pong' && m.data.ping_id === 'reauth', 'second reauth pong', 3000, from);
        // The first two tokens expire at t+60 s; the socket now rides on the third (t+90 s).
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 31 });
        const call = await inbound();
        await stream.type('call.incoming', call.id);
        assert.equal(stream.closeInfo, null);
        stream.send({ type: 'reauth', access_token: 'dat_forged' });
        assert.equal((await stream.closed).code, 4001);
    });

    it('client credentials (documented flow), unknown users and bad requests', async () => {
        const good = await http(base, 'POST', '/v2/oauth/token', {
            body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret', scope: 'calls:read' }
        });
        assert.equal(good.status, 200);
        assert.equal(good.body.expires_in, 3600);
        assert.equal(good.body.refresh_token, undefined);
        assert.equal((await http(base, 'GET', '/v2/calls/recent', { token: good.body.access_token })).status, 200);
        // Commands need calls:write, which no client-credentials token has; agent-only reads need an agent.
        const noScope = await http(base, 'POST', '/v2/calls', { token: good.body.access_token, body: { to: SOPHIE } });
        assert.equal(noScope.status, 403);
        assert.equal(noScope.body.error.code, 'insufficient_scope');
        const users = await orgToken(base, 'users:read');
        const notAgent = await http(base, 'GET', '/v2/agent/me', { token: users });
        assert.equal(notAgent.status, 403);
        assert.equal(notAgent.body.error.code, 'forbidden');
        const wrong = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'nope' } });
        assert.equal(wrong.status, 401);
        const org = await orgToken(base);
        const unlinked = await http(base, 'POST', '/v2/agent/sessions', {
            token: org,
            body: { salesforce_user_id: '005000000000099AAA', salesforce_org_id: ORG }
        });
        assert.equal(unlinked.status, 403);
        const malformed = [
            { salesforce_user_id: 'not-a-user', salesforce_org_id: ORG },
            { salesforce_user_id: CAMILLE.sf, salesforce_org_id: 'not-an-org' },
            { salesforce_user_id: CAMILLE.sf },
            '{"salesforce_user_id": ',
            '[]'
        ];
        for (const body of malformed) {
            const result = await http(base, 'POST', '/v2/agent/sessions', { token: org, body });
            assert.equal(result.status, 400, JSON.stringify(body));
            assert.equal(result.body.error.code, 'invalid_request');
            assert.match(result.body.error.request_id, /^req_/);
        }
        assert.equal((await http(base, 'GET', '/v2/agent/me')).body.error.code, 'unauthorized');
        assert.equal((await http(base, 'GET', '/v2/nothing-here')).body.error.code, 'not_found');
    });

    it('agent session vouched by the org token (Named Credential path); no token → 401', async () => {
        const org = await http(base, 'POST', '/v2/oauth/token', {
            body: { grant_type: 'client_credentials', ...CLIENT, scope: SESSION_SCOPE }
        });
        assert.equal(org.status, 200);
        const identity = { salesforce_user_id: CAMILLE.sf, salesforce_org_id: ORG };

        const vouched = await http(base, 'POST', '/v2/agent/sessions', { token: org.body.access_token, body: identity });
        assert.equal(vouched.status, 201);
        assert.equal(vouched.body.agent.id, CAMILLE.id);
        assert.match(vouched.body.websocket_url, /^ws:\/\/127\.0\.0\.1:\d+\/v2\/agent\/stream$/);
        assert.equal((await http(base, 'GET', '/v2/agent/me', { token: vouched.body.access_token })).body.id, CAMILLE.id);

        const neither = await http(base, 'POST', '/v2/agent/sessions', { body: identity });
        assert.equal(neither.status, 401);
        assert.equal(neither.body.error.code, 'unauthorized');

        const forged = await http(base, 'POST', '/v2/agent/sessions', { token: 'dct_forged', body: identity });
        assert.equal(forged.status, 401);
        // An agent token cannot mint sessions (for itself or a colleague): it lacks the scope.
        const byAgent = await http(base, 'POST', '/v2/agent/sessions', { token: vouched.body.access_token, body: { ...identity, salesforce_user_id: HUGO.sf } });
        assert.equal(byAgent.status, 403);
        assert.equal(byAgent.body.error.code, 'insufficient_scope');
        // The org token still needs a linked user.
        const unlinked = await http(base, 'POST', '/v2/agent/sessions', { token: org.body.access_token, body: { ...identity, salesforce_user_id: '005000000000099AAA' } });
        assert.equal(unlinked.status, 403);

        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 3601 });
        const expired = await http(base, 'POST', '/v2/agent/sessions', { token: org.body.access_token, body: identity });
        assert.equal(expired.status, 401);
        assert.equal(expired.body.error.code, 'token_expired');
    });
});

describe('the org identity: a scoped org token, bound to one org; sessions without refresh tokens', () => {
    const identity = { salesforce_user_id: CAMILLE.sf, salesforce_org_id: ORG };
    const refusedForScope = (result, label) => {
        assert.equal(result.status, 403, `${label}: ${JSON.stringify(result.body)}`);
        assert.equal(result.body.error.code, 'insufficient_scope', label);
    };

    it('an org token without agent_sessions:create cannot create a session (403 insufficient_scope)', async () => {
        for (const scope of [null, 'calls:read users:read', 'calls:read', 'users:read']) {
            const token = await orgToken(base, scope);
            refusedForScope(await http(base, 'POST', '/v2/agent/sessions', { token, body: identity }), `scope ${scope ?? '(default)'}`);
        }
        // The default scope of client credentials (Diamy's documented one) stays calls:read users:read.
        const plain = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', ...CLIENT } });
        assert.equal(plain.body.scope, 'calls:read users:read');
    });

    it('an org token with only agent_sessions:create creates sessions and nothing else: no call, user, recording or command', async () => {
        const issued = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', ...CLIENT, scope: SESSION_SCOPE } });
        assert.equal(issued.status, 200);
        assert.equal(issued.body.scope, SESSION_SCOPE);
        const token = issued.body.access_token;
        // Something to read: an answered call of Camille's, ended, with its recording.
        const a = await agent(base);
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        const ended = (await a.ok('POST', `/v2/calls/${call.id}/hangup`)).call;
        assert.ok(ended.recording_url);
        const recording = new URL(ended.recording_url).pathname;
        const live = await inbound();
        for (const [method, path, body] of [
            ['GET', '/v2/calls/recent'],
            ['GET', `/v2/calls/${call.id}`],
            ['GET', recording],
            ['GET', '/v2/users'],
            ['GET', '/v2/users?q=camille'],
            ['GET', '/v2/agent/me'],
            ['GET', '/v2/agent/calls/active'],
            ['POST', '/v2/calls', { to: SOPHIE }],
            ['PATCH', `/v2/calls/${call.id}`, { notes: 'x' }],
            ['POST', `/v2/calls/${live.id}/answer`],
            ['PUT', '/v2/agent/presence', { status: 'away' }]
        ]) {
            refusedForScope(await http(base, method, path, { token, body }), `${method} ${path}`);
        }
        // Same answer when a command carries an Idempotency-Key.
        refusedForScope(await http(base, 'POST', `/v2/calls/${live.id}/reject`, { token, headers: { 'Idempotency-Key': 'k1' } }), 'reject with a key');
        // Nothing acted: the call still rings.
        assert.equal((await a.ok('GET', `/v2/calls/${live.id}`)).state, 'ringing');
        // Nor the agent channel: not an agent token.
        const socket = await openStream(a.session.websocket_url, token);
        assert.equal((await socket.closed).code, 4001);
        assert.deepEqual(socket.messages, []);
        // What it is for.
        const session = await http(base, 'POST', '/v2/agent/sessions', { token, body: identity });
        assert.equal(session.status, 201);
        assert.equal(session.body.agent.id, CAMILLE.id);
    });

    it('an agent token cannot create sessions, for itself or a colleague (403 insufficient_scope)', async () => {
        const a = await agent(base);
        assert.doesNotMatch(a.session.scope, /agent_sessions:create/);
        refusedForScope(await http(base, 'POST', '/v2/agent/sessions', { token: a.token, body: identity }), 'own');
        refusedForScope(await http(base, 'POST', '/v2/agent/sessions', { token: a.token, body: { ...identity, salesforce_user_id: HUGO.sf } }), 'colleague');
    });

    it('a session for another org is refused (403); the 15- and 18-character forms of the bound org both work', async () => {
        const token = await orgToken(base);
        for (const other of ['00D000000000002AAA', '00D000000000002', '00D0000000000O1AAA']) {
            const refused = await http(base, 'POST', '/v2/agent/sessions', { token, body: { ...identity, salesforce_org_id: other } });
            assert.equal(refused.status, 403, other);
            assert.equal(refused.body.error.code, 'forbidden', other);
            assert.equal(refused.body.error.details.field, 'salesforce_org_id', other);
            assert.equal(refused.body.access_token, undefined);
        }
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token, body: { ...identity, salesforce_org_id: ORG.slice(0, 15) } })).status, 201);
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token, body: identity })).status, 201);
    });

    it('the org a client is bound to is configurable (default: the workbench org) and holds for the tokens issued under it', async () => {
        const OTHER = '00D000000000002AAA';
        const before = await orgToken(base);
        await control(base, 'PUT', '/sandbox/config', { client_org_id: OTHER });
        const after = await orgToken(base);
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token: after, body: { ...identity, salesforce_org_id: OTHER } })).status, 201);
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token: after, body: identity })).status, 403);
        // A token keeps the binding of the client when it was issued.
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token: before, body: identity })).status, 201);
        assert.equal((await http(base, 'POST', '/v2/agent/sessions', { token: before, body: { ...identity, salesforce_org_id: OTHER } })).status, 403);
        const bad = await http(base, 'PUT', '/sandbox/config', { body: { client_org_id: '005000000000001AAA' } });
        assert.equal(bad.status, 400);
        assert.equal(bad.body.error.details.rule, 'pattern');
        await control(base, 'POST', '/sandbox/reset');
        assert.equal((await control(base, 'GET', '/sandbox/state')).config.client_org_id, ORG);
    });

    it('the session answer has no refresh_token (nor has the client-credentials answer)', async () => {
        const session = await http(base, 'POST', '/v2/agent/sessions', { token: await orgToken(base), body: identity });
        assert.equal(session.status, 201);
        assert.ok(session.body.access_token);
        assert.equal(Object.hasOwn(session.body, 'refresh_token'), false);
        const issued = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', ...CLIENT, scope: SESSION_SCOPE } });
        assert.equal(Object.hasOwn(issued.body, 'refresh_token'), false);
        assert.equal(Object.hasOwn((await control(base, 'GET', '/sandbox/state')).tokens, 'refresh'), false);
    });

    it('the refresh_token grant is refused: 400 unsupported_grant_type (JSON or form), like any grant but client_credentials', async () => {
        const a = await agent(base);
        for (const body of [
            { grant_type: 'refresh_token', refresh_token: 'drt_anything' },
            { grant_type: 'refresh_token', refresh_token: a.token },
            { grant_type: 'password', username: 'camille', password: 'x' }
        ]) {
            const refused = await http(base, 'POST', '/v2/oauth/token', { body });
            assert.equal(refused.status, 400, JSON.stringify(body));
            assert.equal(refused.body.error.code, 'unsupported_grant_type', JSON.stringify(body));
            assert.equal(refused.body.access_token, undefined);
        }
        const form = await http(base, 'POST', '/v2/oauth/token', {
            body: 'grant_type=refresh_token&refresh_token=drt_anything',
            headers: { 'content-type': 'application/x-www-form-urlencoded' }
        });
        assert.equal(form.status, 400);
        assert.equal(form.body.error.code, 'unsupported_grant_type');
    });

    it('no other way in: an identity with an assertion and no org token is refused, and so is an assertion beside the org token', async () => {
        const alone = await http(base, 'POST', '/v2/agent/sessions', { body: { ...identity, assertion: 'signed-by-salesforce' } });
        assert.ok([400, 401].includes(alone.status), `${alone.status}`);
        assert.equal(alone.body.access_token, undefined);
        const beside = await http(base, 'POST', '/v2/agent/sessions', { token: await orgToken(base), body: { ...identity, assertion: 'x' } });
        assert.equal(beside.status, 400);
        assert.equal(beside.body.error.code, 'invalid_request');
        assert.match(String(beside.body.error.details.field), /assertion/);
        const neither = await http(base, 'POST', '/v2/agent/sessions', { body: identity });
        assert.equal(neither.status, 401);
        assert.equal(neither.body.error.code, 'unauthorized');
    });

    it('a client gets only scopes it may have: anything else is 400 invalid_scope', async () => {
        for (const scope of ['calls:write', 'presence:write', 'agent_sessions:create admin', 'everything']) {
            const refused = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', ...CLIENT, scope } });
            assert.equal(refused.status, 400, scope);
            assert.equal(refused.body.error.code, 'invalid_scope', scope);
        }
        const both = await http(base, 'POST', '/v2/oauth/token', { body: { grant_type: 'client_credentials', ...CLIENT, scope: 'calls:read agent_sessions:create' } });
        assert.equal(both.status, 200);
        assert.equal(both.body.scope, 'calls:read agent_sessions:create');
    });
});

describe('real-time channel', () => {
    it('events carry id, type, seq (+1 each, no gap), timestamp and call_id; heartbeats repeat the last seq', async () => {
        await control(base, 'PUT', '/sandbox/config', { heartbeat_interval_ms: 1000 });
        const a = await agent(base);
        const stream = await a.stream();
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await a.ok('POST', `/v2/calls/${call.id}/hangup`);
        await stream.type('call.ended', call.id);
        const heartbeat = await stream.waitFor((m) => m.type === 'heartbeat', 'heartbeat');
        const events = stream.events();
        events.forEach((event, index) => {
            assert.match(event.id, /^evt_/);
            assert.equal(event.seq, index + 1);
            assert.ok(!Number.isNaN(Date.parse(event.timestamp)));
            if (event.type.startsWith('call.')) assert.equal(event.call_id, call.id);
        });
        assert.equal(new Set(events.map((e) => e.id)).size, events.length);
        assert.equal(heartbeat.seq, events.at(-1).seq);
        assert.equal(heartbeat.data.last_seq, events.at(-1).seq);
        stream.send({ type: 'ping', id: 'p1' });
        assert.equal((await stream.waitFor((m) => m.type === 'pong', 'pong')).data.ping_id, 'p1');
        stream.send('not json');
        assert.equal((await stream.waitFor((m) => m.type === 'error', 'error')).data.code, 'invalid_request');
        await stream.close();
    });

    it('network drop mid-call: reconnect with since replays the missed events, then the snapshot', async () => {
        const a = await agent(base);
        const stream = await a.stream();
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await stream.type('call.answered', call.id);
        const since = stream.events().at(-1).seq;
        assert.deepEqual(await control(base, 'POST', `/sandbox/agents/${CAMILLE.id}/drop`, { mode: 'terminate' }), { dropped: 1 });
        assert.equal((await stream.closed).code, 1006);
        // While the agent is offline: hold (from another tab) and a second inbound call.
        await a.ok('POST', `/v2/calls/${call.id}/hold`);
        const second = await inbound();
        const again = await a.stream(since);
        const types = again.messages.map((m) => m.type);
        assert.deepEqual(types.slice(0, types.indexOf('session.snapshot') + 1).filter((t) => t !== 'user.presence_changed'), [
            'call.held',
            'call.incoming',
            'session.snapshot'
        ]);
        const replayed = again.messages.filter((m) => m.type !== 'session.snapshot');
        assert.equal(replayed[0].seq, since + 1);
        const snapshot = again.messages.find((m) => m.type === 'session.snapshot');
        assert.equal(snapshot.data.replayed, replayed.length);
        assert.equal(snapshot.data.gap, false);
        assert.equal(snapshot.data.last_seq, replayed.at(-1).seq);
        assert.deepEqual(snapshot.data.active_calls.map((c) => c.id).sort(), [call.id, second.id].sort());
        const active = await a.ok('GET', '/v2/agent/calls/active');
        assert.equal(active.last_seq, snapshot.data.last_seq);
        await again.close();
    });

    it('a since older than the buffer is reported as a gap', async () => {
        const a = await agent(base);
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        for (let i = 0; i < 1010; i += 1) await a.ok('POST', `/v2/calls/${call.id}/dtmf`, { digits: '5' });
        const stream = await a.stream(1);
        const snapshot = stream.messages.find((m) => m.type === 'session.snapshot');
        assert.equal(snapshot.data.gap, true);
        assert.equal(stream.messages.length, 1);
        await stream.close();
    });

    it('two tabs of the same agent get the same events; close 1001 on a graceful drop', async () => {
        const a = await agent(base);
        const one = await a.stream();
        const two = await a.stream();
        const call = await inbound();
        await one.type('call.incoming', call.id);
        await two.type('call.incoming', call.id);
        assert.equal(one.last('call.incoming').id, two.last('call.incoming').id);
        await control(base, 'POST', `/sandbox/agents/${CAMILLE.id}/drop`, { mode: 'close' });
        assert.equal((await one.closed).code, 1001);
        assert.equal((await two.closed).code, 1001);
    });

    it('bad tokens and a bad since are refused with a close code', async () => {
        const a = await agent(base);
        const bad = await openStream(a.session.websocket_url, 'dat_unknown');
        assert.deepEqual(bad.messages, [], 'nothing is sent to an unauthenticated socket');
        assert.equal((await bad.closed).code, 4001);
        const since = await openStream(a.session.websocket_url, a.token, 'abc');
        assert.equal(since.messages[0].data.code, 'invalid_request');
        assert.equal((await since.closed).code, 4000);
    });
});

describe('agent channel authentication: no secret in a URL', () => {
    it('a token in the URL is refused, even a valid one followed by an auth frame: nothing is sent, closed 4002', async () => {
        const a = await agent(base);
        const raw = rawSocket(`${a.session.websocket_url}?access_token=${encodeURIComponent(a.token)}`);
        raw.socket.once('open', () => {
            try {
                raw.send({ type: 'auth', access_token: a.token });
            } catch {
                // already closing
            }
        });
        await inbound();
        const closed = await within(raw.closed, 3000, 'the socket with a token in its URL to be closed');
        assert.equal(closed.code, 4002);
        assert.deepEqual(raw.messages, []);
        assert.equal((await control(base, 'GET', '/sandbox/state')).agents.find((x) => x.id === CAMILLE.id).sockets, 0);
    });

    it('an unauthenticated socket gets no events, then is closed 4002 when the auth timeout passes', async () => {
        await control(base, 'PUT', '/sandbox/config', { auth_timeout_ms: 300 });
        const a = await agent(base);
        const raw = rawSocket(a.session.websocket_url);
        await raw.opened;
        const call = await inbound();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await control(base, 'POST', '/sandbox/users/usr_julien.moreau/presence', { status: 'away' });
        const opened = Date.now();
        const closed = await within(raw.closed, 3000, 'the unauthenticated socket to be closed');
        assert.equal(closed.code, 4002);
        assert.ok(Date.now() - opened >= 150, 'closed by the auth timeout, not at once');
        assert.deepEqual(raw.messages, []);
    });

    it('the first frame must be a valid auth: a ping first → 4002, a bad or expired token → 4001, never an answer', async () => {
        const a = await agent(base);
        const pingFirst = rawSocket(a.session.websocket_url);
        await pingFirst.opened;
        pingFirst.send({ type: 'ping', id: 'p0' });
        assert.equal((await within(pingFirst.closed, 3000, 'ping first')).code, 4002);
        assert.deepEqual(pingFirst.messages, []);

        const forged = rawSocket(a.session.websocket_url);
        await forged.opened;
        forged.send({ type: 'auth', access_token: 'dat_forged' });
        assert.equal((await within(forged.closed, 3000, 'forged token')).code, 4001);
        assert.deepEqual(forged.messages, []);

        const junk = rawSocket(a.session.websocket_url);
        await junk.opened;
        junk.send('{"type":"auth"');
        assert.equal((await within(junk.closed, 3000, 'junk first frame')).code, 4002);

        await control(base, 'POST', '/sandbox/tokens/expire', { agent_id: CAMILLE.id });
        const expired = rawSocket(a.session.websocket_url);
        await expired.opened;
        expired.send({ type: 'auth', access_token: a.token });
        assert.equal((await within(expired.closed, 3000, 'expired token')).code, 4001);
        assert.deepEqual(expired.messages, []);
    });

    it('auth as the first frame opens the stream: snapshot, then live events; the URL carries at most since', async () => {
        const a = await agent(base);
        const raw = rawSocket(a.session.websocket_url);
        await raw.opened;
        raw.send({ type: 'auth', access_token: a.token });
        const call = await inbound();
        await within(
            (async () => {
                while (!raw.messages.some((m) => m.type === 'call.incoming' && m.call_id === call.id)) await sleep(10);
            })(),
            3000,
            'call.incoming after auth'
        );
        assert.equal(raw.messages[0].type, 'session.snapshot');
        raw.socket.close();
        const since = raw.messages.at(-1).seq;
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        const again = rawSocket(`${a.session.websocket_url}?since=${since}`);
        await again.opened;
        again.send({ type: 'auth', access_token: a.token });
        await within(
            (async () => {
                while (!again.messages.some((m) => m.type === 'session.snapshot')) await sleep(10);
            })(),
            3000,
            'replay and snapshot'
        );
        assert.deepEqual(
            again.messages.map((m) => m.type).filter((t) => t !== 'user.presence_changed'),
            ['call.answered', 'session.snapshot']
        );
        assert.equal(again.messages[0].seq, since + 1);
        again.socket.close();
    });
});

describe('presence', () => {
    it("a colleague's presence change reaches every agent; own presence can be set; on_call follows calls", async () => {
        const camille = await agent(base);
        const hugo = await agent(base, HUGO);
        const cs = await camille.stream();
        const hs = await hugo.stream();
        await control(base, 'POST', '/sandbox/users/usr_julien.moreau/presence', { status: 'away' });
        for (const s of [cs, hs]) {
            const event = await s.waitFor((m) => m.type === 'user.presence_changed' && m.data.user_id === 'usr_julien.moreau', 'julien away');
            assert.equal(event.data.presence.status, 'away');
            assert.equal(event.call_id, null);
        }
        const own = await hugo.ok('PUT', '/v2/agent/presence', { status: 'do_not_disturb' });
        assert.equal(own.status, 'do_not_disturb');
        await cs.waitFor((m) => m.type === 'user.presence_changed' && m.data.user_id === HUGO.id, 'hugo dnd');
        const users = await camille.ok('GET', '/v2/users');
        assert.equal(users.data.length, 7);
        assert.equal(users.data.find((u) => u.id === 'usr_julien.moreau').presence.status, 'away');
        assert.equal(users.data.find((u) => u.id === 'usr_chloe.laurent').name, 'Chloé Laurent');
        assert.deepEqual((await camille.ok('GET', '/v2/users?q=202')).data.map((u) => u.id), [HUGO.id]);
        const call = await inbound();
        const onCall = await hs.waitFor((m) => m.type === 'user.presence_changed' && m.data.user_id === CAMILLE.id && m.data.presence.on_call, 'camille on call');
        assert.equal(onCall.data.presence.status, 'available');
        await control(base, 'POST', `/sandbox/calls/${call.id}/remote`, { action: 'abandon' });
        await hs.waitFor((m) => m.type === 'user.presence_changed' && m.data.user_id === CAMILLE.id && !m.data.presence.on_call, 'camille free');
        const bad = await hugo.cmd('PUT', '/v2/agent/presence', { status: 'sleeping' });
        assert.equal(bad.status, 400);
        assert.equal((await http(base, 'POST', '/sandbox/users/usr_nobody/presence', { body: { status: 'away' } })).status, 404);
    });
});

describe('faults and idempotency', () => {
    it('slow commands take at least the configured latency', async () => {
        const a = await agent(base);
        const call = await inbound();
        await control(base, 'PUT', '/sandbox/faults', { operation: 'answerCall', latency_ms: 250 });
        const started = Date.now();
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        assert.ok(Date.now() - started >= 240, `took ${Date.now() - started} ms`);
        assert.equal((await control(base, 'GET', '/sandbox/faults')).data.length, 1);
    });

    it('fail_next fails exactly N times with 503 unavailable and acts not', async () => {
        const a = await agent(base);
        const stream = await a.stream();
        const call = await inbound();
        await control(base, 'PUT', '/sandbox/faults', { operation: 'answerCall', fail_next: 2 });
        for (let i = 0; i < 2; i += 1) {
            const failed = await a.cmd('POST', `/v2/calls/${call.id}/answer`);
            assert.equal(failed.status, 503);
            assert.equal(failed.body.error.code, 'unavailable');
        }
        assert.equal((await a.ok('GET', `/v2/calls/${call.id}`)).state, 'ringing');
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await stream.type('call.answered', call.id);
        assert.deepEqual(stream.callTypes(call.id), ['call.incoming', 'call.answered']);
    });

    it('a lost response (apply_then_fail) retried with the same Idempotency-Key acts once', async () => {
        const a = await agent(base);
        const stream = await a.stream();
        await control(base, 'PUT', '/sandbox/faults', { operation: 'dial', fail_next: 1, mode: 'apply_then_fail', status: 504 });
        const key = { 'Idempotency-Key': 'dial-123' };
        const lost = await a.cmd('POST', '/v2/calls', { to: SOPHIE }, key);
        assert.equal(lost.status, 504);
        assert.equal(lost.body.error.code, 'timeout');
        const retry = await a.cmd('POST', '/v2/calls', { to: SOPHIE }, key);
        assert.equal(retry.status, 201);
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        const again = await a.cmd('POST', '/v2/calls', { to: SOPHIE, command_id: 'dial-123' });
        assert.equal(again.body.call.id, retry.body.call.id, 'command_id in the body works like the header');
        await sleep(30);
        assert.equal(stream.events().filter((e) => e.type === 'call.ringing').length, 1);
        assert.equal((await a.ok('GET', '/v2/agent/calls/active')).data.length, 1);
        const reused = await a.cmd('POST', '/v2/calls', { to: '+33698765432' }, key);
        assert.equal(reused.status, 422);
        assert.equal(reused.body.error.code, 'idempotency_key_reused');
    });

    it('failure_rate 1 on every operation, then cleared', async () => {
        const a = await agent(base);
        await control(base, 'PUT', '/sandbox/faults', { operation: '*', failure_rate: 1, status: 500 });
        const failed = await a.cmd('GET', '/v2/users');
        assert.equal(failed.status, 500);
        assert.equal(failed.body.error.code, 'internal_error');
        await control(base, 'DELETE', '/sandbox/faults');
        assert.equal((await a.cmd('GET', '/v2/users')).status, 200);
        const badRule = await http(base, 'PUT', '/sandbox/faults', { body: { operation: 'dial', failure_rate: 2 } });
        assert.equal(badRule.status, 400);
    });
});

describe('HTTP surface', () => {
    it('CORS preflight for a browser client with the command headers', async () => {
        const response = await fetch(`${base}/v2/calls/call_x/hold`, {
            method: 'OPTIONS',
            headers: {
                origin: 'https://acme.lightning.force.com',
                'access-control-request-method': 'POST',
                'access-control-request-headers': 'authorization,content-type,idempotency-key'
            }
        });
        assert.equal(response.status, 204);
        assert.equal(response.headers.get('access-control-allow-origin'), 'https://acme.lightning.force.com');
        assert.match(response.headers.get('access-control-allow-headers'), /Idempotency-Key/i);
        assert.match(response.headers.get('access-control-allow-methods'), /PATCH/);
        const simple = await fetch(`${base}/openapi.json`, { headers: { origin: 'https://acme.lightning.force.com' } });
        assert.equal(simple.headers.get('access-control-allow-origin'), 'https://acme.lightning.force.com');
    });

    it('the control API answers only the workbench origin: another origin gets no CORS allowance and a 403, and acts not', async () => {
        const call = await inbound();
        const preflight = (origin, path) =>
            fetch(`${base}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
        const foreign = await preflight('https://evil.example', '/sandbox/reset');
        assert.equal(foreign.headers.get('access-control-allow-origin'), null);
        const workbench = await preflight(WORKBENCH, '/sandbox/reset');
        assert.equal(workbench.headers.get('access-control-allow-origin'), WORKBENCH);

        // Simple requests need no preflight: the server itself refuses them (no reset, no clock jump, no state read).
        for (const [method, path, headers, body] of [
            ['POST', '/sandbox/reset', { 'content-type': 'application/x-www-form-urlencoded' }, 'x=1'],
            ['POST', '/sandbox/clock', { 'content-type': 'application/x-www-form-urlencoded' }, 'advance_seconds=3600'],
            ['GET', '/sandbox/state', {}, undefined]
        ]) {
            for (const origin of ['https://evil.example', 'null', 'http://localhost:4020']) {
                const response = await fetch(`${base}${path}`, { method, headers: { origin, ...headers }, body });
                assert.equal(response.status, 403, `${method} ${path} from ${origin}`);
                assert.equal(response.headers.get('access-control-allow-origin'), null);
                assert.equal((await response.json()).error.code, 'forbidden');
            }
        }
        const state = await fetch(`${base}/sandbox/state`, { headers: { origin: WORKBENCH } });
        assert.equal(state.status, 200);
        assert.equal(state.headers.get('access-control-allow-origin'), WORKBENCH);
        const body = await state.json();
        assert.ok(body.calls.some((c) => c.id === call.id), 'not reset by the foreign origin');
        assert.ok(Math.abs(Date.parse(body.clock) - Date.now()) < 60_000, 'clock not moved by the foreign origin');
        // The Diamy API (/v2) still serves a browser softphone from any origin; no Origin (curl, tests) is fine.
        const v2 = await fetch(`${base}/v2/agent/me`, { headers: { origin: 'https://acme.lightning.force.com' } });
        assert.equal(v2.headers.get('access-control-allow-origin'), 'https://acme.lightning.force.com');
        assert.equal((await fetch(`${base}/sandbox/faults`)).status, 200);
    });

    it('control inputs are bounded: out-of-range, non-numeric or unknown values get 400 with the field and the rule', async () => {
        const refused = [
            ['POST', '/sandbox/clock', { advance_seconds: 86401 }, 'advance_seconds', 'maximum'],
            ['POST', '/sandbox/clock', { advance_seconds: -1 }, 'advance_seconds', 'minimum'],
            ['POST', '/sandbox/clock', '{"advance_seconds": 1e400}', 'advance_seconds', 'maximum'],
            ['POST', '/sandbox/clock', { advance_seconds: 'NaN' }, 'advance_seconds', 'type'],
            ['POST', '/sandbox/clock', { advance_seconds: 5, extra: true }, 'extra', 'additionalProperties'],
            ['PUT', '/sandbox/config', { heartbeat_interval_ms: 999 }, 'heartbeat_interval_ms', 'minimum'],
            ['PUT', '/sandbox/config', { heartbeat_interval_ms: 300001 }, 'heartbeat_interval_ms', 'maximum'],
            ['PUT', '/sandbox/config', { token_ttl_seconds: 0 }, 'token_ttl_seconds', 'minimum'],
            ['PUT', '/sandbox/config', { token_ttl_seconds: 86401 }, 'token_ttl_seconds', 'maximum'],
            ['PUT', '/sandbox/config', { ring_timeout_ms: 600001 }, 'ring_timeout_ms', 'maximum'],
            ['PUT', '/sandbox/config', { auth_timeout_ms: 99 }, 'auth_timeout_ms', 'minimum'],
            ['PUT', '/sandbox/config', { auth_timeout_ms: 60001 }, 'auth_timeout_ms', 'maximum'],
            ['PUT', '/sandbox/config', { heartbeat: 5000 }, 'heartbeat', 'additionalProperties'],
            ['PUT', '/sandbox/config', '{"__proto__": {"token_ttl_seconds": 1}}', '__proto__', 'additionalProperties'],
            ['POST', `/sandbox/calls/call_x/remote`, { action: 'voicemail', voicemail_seconds: 3601 }, 'voicemail_seconds', 'maximum'],
            ['POST', '/sandbox/calls/inbound', { from: SOPHIE, queue: 'q'.repeat(101) }, 'queue', 'maxLength'],
            ['PUT', '/sandbox/faults', { operation: 'dial', fail_next: 1001 }, 'fail_next', 'maximum'],
            ['PUT', '/sandbox/faults', { operation: 'dial', latency_ms: 60001 }, 'latency_ms', 'maximum'],
            ['PUT', '/sandbox/faults', { operation: 'launchMissiles', fail_next: 1 }, 'operation', 'enum']
        ];
        const before = await control(base, 'GET', '/sandbox/state');
        for (const [method, path, body, field, rule] of refused) {
            const result = await http(base, method, path, { body });
            const label = `${method} ${path} ${typeof body === 'string' ? body : JSON.stringify(body)}`;
            assert.equal(result.status, 400, label);
            assert.equal(result.body.error.code, 'invalid_request', label);
            assert.match(String(result.body.error.details.field), new RegExp(field), label);
            assert.equal(result.body.error.details.rule, rule, label);
            assert.match(result.body.error.message, new RegExp(field === '__proto__' ? 'additional' : field), label);
        }
        const after = await control(base, 'GET', '/sandbox/state');
        assert.deepEqual(after.config, before.config, 'nothing applied');
        assert.ok(Date.parse(after.clock) - Date.parse(before.clock) < 60_000, 'clock not moved');
        assert.equal(({}).token_ttl_seconds, undefined, 'no prototype touched');
        // The bounds themselves are accepted.
        await control(base, 'PUT', '/sandbox/config', { heartbeat_interval_ms: 1000, token_ttl_seconds: 86400, ring_timeout_ms: 600000, auth_timeout_ms: 100 });
        await control(base, 'PUT', '/sandbox/config', { heartbeat_interval_ms: 300000, auth_timeout_ms: 60000 });
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 86400 });
        await control(base, 'PUT', '/sandbox/faults', { operation: '*', fail_next: 1000 });
        const unknownAgent = await http(base, 'POST', '/sandbox/tokens/expire', { body: { agent_id: 'usr_nobody' } });
        assert.equal(unknownAgent.status, 404);
    });

    it('malformed control requests get 400 invalid_request', async () => {
        for (const [path, body] of [
            ['/sandbox/calls/inbound', { from: 'not-a-number' }],
            ['/sandbox/calls/inbound', {}],
            ['/sandbox/calls/call_x/remote', { action: 'explode' }],
            ['/sandbox/clock', { advance_seconds: -5 }]
        ]) {
            const result = await http(base, 'POST', path, { body });
            assert.equal(result.status, 400, path);
            assert.equal(result.body.error.code, 'invalid_request');
        }
    });

    it('the log never contains a token', async () => {
        const a = await agent(base);
        const stream = await a.stream();
        await a.ok('GET', '/v2/agent/me');
        const org = await orgToken(base);
        await http(base, 'POST', '/v2/agent/sessions', { token: org, body: { salesforce_user_id: HUGO.sf, salesforce_org_id: ORG } });
        await http(base, 'POST', '/v2/oauth/token', { body: 'grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        await stream.close();
        // A client that still puts its token in the URL is refused, and the log does not keep the token either.
        const refused = rawSocket(`${a.session.websocket_url}?access_token=${encodeURIComponent(a.token)}&since=0`);
        assert.equal((await within(refused.closed, 3000, 'URL token refused')).code, 4002);
        const log = logLines.join('');
        assert.match(log, /\/v2\/agent\/stream\?access_token=%5Bredacted%5D&since=0/);
        assert.ok(!log.includes(a.token), 'access token in the log');
        assert.ok(!log.includes(org), 'org token in the log');
        assert.ok(!log.includes('sandbox-secret'), 'client secret in the log');
        assert.ok(!/dat_|dct_|drt_/.test(log), 'token-shaped string in the log');
    });
});
