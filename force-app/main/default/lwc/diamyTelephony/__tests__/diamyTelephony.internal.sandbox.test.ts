/**
 * @jest-environment ./test/jest-environment-sandbox.js
 */
// Issue 11: the client places internal calls (a colleague's extension or user id), first against a recorded fetch
// (what goes on the wire, local refusals, Diamy's refusals), then two agents' clients against the REAL sandbox:
// Camille calls Hugo's extension, Hugo's client sees it ring in, answers, Camille hangs up — and a withheld caller
// and a waiting call reach Hugo's client as the contract says.
import { DiamyTelephony, DiamyError } from 'c/diamyTelephony';
import type { SocketLike } from 'c/diamyTelephony';
import { checkInvariants, phaseOf } from 'c/diamyCallState';
import type { Call } from 'c/diamyCallState';
import { makeCall } from 'diamy-test/diamyCallFixtures';
import { CAMILLE, HUGO, SOPHIE, TokenIssuer, control, spawnSandbox, waitFor } from 'diamy-test/diamySandboxHarness';
import type { Sandbox } from 'diamy-test/diamySandboxHarness';

jest.setTimeout(20000);

interface Recorded {
    method: string;
    url: string;
    body: unknown;
}

/** A client whose fetch records every request and answers with `answer`; no socket is opened. */
function recordingClient(answer: (request: Recorded) => { status: number; body: unknown }): { client: DiamyTelephony; requests: Recorded[] } {
    const requests: Recorded[] = [];
    let ids = 0;
    const client = new DiamyTelephony({
        baseUrl: 'https://api.diamy.test',
        wsUrl: 'wss://api.diamy.test/v2/agent/stream',
        tokenSupplier: () => Promise.resolve({ accessToken: 'token', expiresAt: Date.now() + 3600_000 }),
        fetch: (url, init) => {
            const request = { method: init.method, url, body: init.body === undefined ? undefined : (JSON.parse(init.body) as unknown) };
            requests.push(request);
            const reply = answer(request);
            return Promise.resolve({ status: reply.status, text: () => Promise.resolve(JSON.stringify(reply.body)) });
        },
        newId: () => `id-${++ids}`,
        commandRetries: 0
    });
    return { client, requests };
}

const HUGO_PARTY = { number: '+33189000202', name: 'Hugo Lefèvre', withheld: false, user_id: HUGO.id };
const CAMILLE_PARTY = { number: '+33189000201', name: 'Camille Martin', withheld: false, user_id: CAMILLE.id };
const callerLeg = (): Call => makeCall({ id: 'call_caller', direction: 'internal', from: CAMILLE_PARTY, to: HUGO_PARTY, agent_id: CAMILLE.id, peer_call_id: 'call_callee' });

describe('c/diamyTelephony internal calls', () => {
    describe('what dial sends', () => {
        it.each([
            [{ toExtension: '202' }, { to_extension: '202' }],
            [{ toUserId: HUGO.id }, { to_user_id: HUGO.id }],
            [{ to: '+33612345678' }, { to: '+33612345678' }],
            ['+33612345678', { to: '+33612345678' }]
        ])('dial(%j) posts %j to /v2/calls', async (target, body) => {
            const { client, requests } = recordingClient(() => ({ status: 201, body: { call: callerLeg() } }));
            const call = await client.dial(target);
            expect(requests).toEqual([{ method: 'POST', url: 'https://api.diamy.test/v2/calls', body }]);
            expect(call.peer_call_id).toBe('call_callee');
            expect(phaseOf(client.state, 'call_caller')).toBe('ringing_out');
            expect(checkInvariants(client.state)).toEqual([]);
        });

        it('an internal call sends to_name but no from_line (Diamy ignores it for internal calls)', async () => {
            const { client, requests } = recordingClient(() => ({ status: 201, body: { call: callerLeg() } }));
            await client.dial({ toExtension: '202' }, { fromLine: '+33189000100', toName: 'Hugo' });
            expect(requests[0]?.body).toEqual({ to_extension: '202', to_name: 'Hugo' });
        });

        it('shows a local dialing call naming the target until Diamy answers', async () => {
            const { client } = recordingClient(() => ({ status: 201, body: { call: callerLeg() } }));
            const dialing = client.dial({ toExtension: '202' });
            expect(Object.values(client.state.calls).map((view) => [view.phase, view.call.to.number])).toEqual([['dialing', '202']]);
            await dialing;
            expect(Object.keys(client.state.calls)).toEqual(['call_caller']);
        });

        it.each([[{ toExtension: '2' }], [{ toExtension: '20a' }], [{ toExtension: '1234567' }], [{ toUserId: '' }], [{ toUserId: 'usr with space' }], [{ to: '' }]])(
            'refuses %j without asking Diamy',
            async (target) => {
                const { client, requests } = recordingClient(() => ({ status: 201, body: { call: callerLeg() } }));
                await expect(client.dial(target)).rejects.toMatchObject({ code: 'invalid_request', status: 0 });
                expect(requests).toEqual([]);
                expect(client.state.calls).toEqual({});
            }
        );

        it('refuses a target that names two callees', async () => {
            const { client, requests } = recordingClient(() => ({ status: 201, body: { call: callerLeg() } }));
            // A caller outside TypeScript can pass anything: the client checks at run time too.
            const both = { toExtension: '202', toUserId: HUGO.id } as unknown as { toExtension: string };
            await expect(client.dial(both)).rejects.toBeInstanceOf(DiamyError);
            expect(requests).toEqual([]);
        });

        it.each([
            [404, 'not_found', { toExtension: '999' }],
            [422, 'invalid_target', { toUserId: CAMILLE.id }]
        ])("Diamy's %i %s reaches the caller and removes the dialing call", async (status, code, target) => {
            const { client } = recordingClient(() => ({ status, body: { error: { code, message: 'refused', request_id: 'r' } } }));
            await expect(client.dial(target)).rejects.toMatchObject({ code, status });
            expect(client.state.calls).toEqual({});
        });
    });

    describe('two agents against the real sandbox', () => {
        let sandbox: Sandbox;
        const clients: DiamyTelephony[] = [];

        beforeAll(async () => {
            sandbox = await spawnSandbox();
        });
        afterAll(async () => {
            await sandbox.close();
        });
        beforeEach(async () => {
            await control(sandbox, 'POST', '/sandbox/reset');
            await control(sandbox, 'PUT', '/sandbox/config', { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 });
        });
        afterEach(() => {
            for (const client of clients.splice(0)) {
                client.disconnect();
            }
        });

        async function online(agent: typeof CAMILLE): Promise<DiamyTelephony> {
            const client = new DiamyTelephony({
                baseUrl: sandbox.url,
                wsUrl: sandbox.wsUrl,
                tokenSupplier: new TokenIssuer(sandbox, agent.sf).supplier,
                allowInsecureLoopback: true,
                fetch: (url, init) => fetch(url, init),
                socketFactory: (url) => new WebSocket(url) as unknown as SocketLike
            });
            clients.push(client);
            client.connect();
            await waitFor(() => client.connection === 'connected', `${agent.id} online`);
            return client;
        }

        it("Camille dials Hugo's extension: his client rings in, he answers, both connected; Camille hangs up: both ended", async () => {
            const camille = await online(CAMILLE);
            const hugo = await online(HUGO);
            const ended: string[] = [];
            hugo.on('callEnded', (call) => ended.push(`hugo:${call.id}:${call.end_reason ?? ''}`));
            camille.on('callEnded', (call) => ended.push(`camille:${call.id}:${call.end_reason ?? ''}`));
            const leg = await camille.dial({ toExtension: '202' });
            expect(leg.direction).toBe('internal');
            const peerId = leg.peer_call_id ?? '';
            await waitFor(() => phaseOf(hugo.state, peerId) === 'ringing_in', "Hugo's leg rings in");
            expect(hugo.state.calls[peerId]?.call.from).toEqual(CAMILLE_PARTY);
            await hugo.answer(peerId);
            await waitFor(() => phaseOf(camille.state, leg.id) === 'connected', "Camille's leg connected");
            await camille.end(leg.id);
            await waitFor(() => phaseOf(hugo.state, peerId) === 'wrap_up', "Hugo's leg ended");
            await waitFor(() => ended.length === 2, 'both callEnded');
            expect(ended.sort()).toEqual([`camille:${leg.id}:agent_hangup`, `hugo:${peerId}:remote_hangup`]);
            for (const client of [camille, hugo]) {
                expect(client.state.needsResync).toBe(false);
                expect(client.state.rejectedTotal).toBe(0);
                expect(checkInvariants(client.state)).toEqual([]);
            }
        });

        it('a withheld caller, then a waiting call: the client shows both, answering the second holds the first', async () => {
            const hugo = await online(HUGO);
            const withheld = (await control<{ call: Call }>(sandbox, 'POST', '/sandbox/calls/inbound', { withheld: true, agent_id: HUGO.id })).call;
            await waitFor(() => phaseOf(hugo.state, withheld.id) === 'ringing_in', 'withheld call rings');
            expect(hugo.state.calls[withheld.id]?.call.from).toEqual({ number: null, name: null, withheld: true, user_id: null });
            await hugo.answer(withheld.id);
            const second = (await control<{ call: Call }>(sandbox, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: HUGO.id })).call;
            await waitFor(() => phaseOf(hugo.state, second.id) === 'ringing_in', 'second call rings');
            expect(phaseOf(hugo.state, withheld.id)).toBe('connected');
            await hugo.answer(second.id);
            await waitFor(() => phaseOf(hugo.state, withheld.id) === 'on_hold' && phaseOf(hugo.state, second.id) === 'connected', 'first held, second connected');
            expect(hugo.state.rejectedTotal).toBe(0);
            expect(hugo.state.needsResync).toBe(false);
        });
    });
});
