// Signed recording links (POST /v2/calls/{call_id}/recording-link, designed): what the call history plays in an
// <audio> element, which cannot send the bearer token. The link plays without a token until it expires; an expired,
// tampered or incomplete one is refused; an agent gets links for their own calls only; no token is in the link.
import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { bootSandbox, agent, control, http, orgToken, recordedCall, CAMILLE, HUGO, SOPHIE } from './helpers.mjs';

let sandbox;
let base;

before(async () => {
    sandbox = await bootSandbox({ config: { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 } });
    base = sandbox.url;
});
after(async () => sandbox.close());
beforeEach(async () => control(base, 'POST', '/sandbox/reset'));

const withQuery = (url, change) => {
    const parsed = new URL(url);
    change(parsed.searchParams);
    return parsed.toString();
};

describe('signed recording links', () => {
    it("signs the call's recording_url for 5 minutes, with no token in it, and it plays without a token", async () => {
        const { a, call } = await recordedCall(base);
        const link = await a.ok('POST', `/v2/calls/${call.id}/recording-link`);
        assert.deepEqual(Object.keys(link).sort(), ['expires_at', 'url']);
        const url = new URL(link.url);
        assert.equal(`${url.origin}${url.pathname}`, call.recording_url);
        assert.deepEqual([...url.searchParams.keys()].sort(), ['expires', 'signature']);
        assert.ok(!link.url.includes(a.token), 'the agent token is not in the link');
        const expires = Number(url.searchParams.get('expires'));
        assert.equal(new Date(link.expires_at).getTime(), expires * 1000);
        const lifetime = expires * 1000 - Date.now();
        assert.ok(lifetime > 295_000 && lifetime <= 300_000, `lifetime ${lifetime} ms`);

        const played = await fetch(link.url);
        assert.equal(played.status, 200);
        assert.equal(played.headers.get('content-type'), 'audio/wav');
        assert.ok((await played.arrayBuffer()).byteLength > 44);
        // The bearer token still works as before, and no token nor signature still does not.
        assert.equal((await fetch(call.recording_url, { headers: { authorization: `Bearer ${a.token}` } })).status, 200);
        assert.equal((await fetch(call.recording_url)).status, 401);
    });

    it('refuses the link once it expired: a new one is needed', async () => {
        const { a, call } = await recordedCall(base);
        const link = await a.ok('POST', `/v2/calls/${call.id}/recording-link`);
        await control(base, 'POST', '/sandbox/clock', { advance_seconds: 301 });
        const late = await http(base, 'GET', link.url.slice(base.length));
        assert.equal(late.status, 403);
        assert.equal(late.body.error.code, 'forbidden');
        const fresh = await a.ok('POST', `/v2/calls/${call.id}/recording-link`);
        assert.equal((await fetch(fresh.url)).status, 200);
    });

    it('refuses a tampered, incomplete or borrowed signature, even with a token', async () => {
        const { a, call } = await recordedCall(base);
        const link = await a.ok('POST', `/v2/calls/${call.id}/recording-link`);
        const signature = new URL(link.url).searchParams.get('signature');
        const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
        const tampered = [
            withQuery(link.url, (q) => q.set('signature', flipped)),
            withQuery(link.url, (q) => q.set('expires', String(Number(q.get('expires')) + 3600))),
            withQuery(link.url, (q) => q.delete('signature')),
            withQuery(link.url, (q) => q.delete('expires'))
        ];
        for (const url of tampered) {
            const refused = await http(base, 'GET', url.slice(base.length), { token: a.token });
            assert.equal(refused.status, 403, url);
            assert.equal(refused.body.error.code, 'forbidden');
        }
        // The signature of one recording does not open another.
        const other = await recordedCall(base);
        const borrowed = `${other.call.recording_url}${new URL(link.url).search}`;
        assert.equal((await fetch(borrowed)).status, 403);
        // Not even a well-formed query can be slipped in.
        assert.equal((await fetch(withQuery(link.url, (q) => q.set('expires', 'soon')))).status, 400);
    });

    it("gives an agent links to their own calls only (403 for a colleague's call)", async () => {
        const { call } = await recordedCall(base, { user: CAMILLE });
        const hugo = await agent(base, HUGO);
        const refused = await hugo.cmd('POST', `/v2/calls/${call.id}/recording-link`);
        assert.equal(refused.status, 403);
        assert.equal(refused.body.error.code, 'forbidden');
        assert.equal(refused.body.url, undefined);
    });

    it('answers 404 for an unknown call and for a call without a recording, 401 without a token', async () => {
        const a = await agent(base, CAMILLE);
        assert.equal((await a.cmd('POST', '/v2/calls/call_unknown/recording-link')).status, 404);
        const { call } = await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: CAMILLE.id });
        await control(base, 'POST', `/sandbox/calls/${call.id}/remote`, { action: 'abandon' });
        const none = await a.cmd('POST', `/v2/calls/${call.id}/recording-link`);
        assert.equal(none.status, 404);
        assert.equal(none.body.error.code, 'not_found');
        assert.equal((await http(base, 'POST', `/v2/calls/${call.id}/recording-link`)).status, 401);
    });

    it('needs calls:read: an org token with only agent_sessions:create gets no link', async () => {
        const { call } = await recordedCall(base);
        const token = await orgToken(base);
        const refused = await http(base, 'POST', `/v2/calls/${call.id}/recording-link`, { token });
        assert.equal(refused.status, 403);
        assert.equal(refused.body.error.code, 'insufficient_scope');
        const reader = await orgToken(base, 'calls:read');
        assert.equal((await http(base, 'POST', `/v2/calls/${call.id}/recording-link`, { token: reader })).status, 200);
    });
});
