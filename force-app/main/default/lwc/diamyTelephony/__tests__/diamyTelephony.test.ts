import { DiamyError } from 'c/diamyTelephony';
import { checkInvariants } from 'c/diamyCallState';
import { resetDom } from 'diamy-test/lwcTestUtils';

import { T0, call, active, ended, event, snapshot, FakeSocket, settle, drain, setup } from 'diamy-test/diamyTelephonyKit';
describe('c-diamy-telephony', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    describe('connection', () => {
        it('connects with a bare URL and the token in the first frame, shows connecting then connected, no since the first time', async () => {
            const { client, states, online, last } = setup();
            expect(client.connection).toBe('offline');
            await online();
            expect(states).toEqual(['connecting', 'connected']);
            expect(last().url).toBe('wss://api.diamy.test/v2/agent/stream');
            expect(last().sent.map((frame) => JSON.parse(frame) as unknown)).toEqual([{ type: 'auth', access_token: 'secret-token-1' }]);
            client.connect();
            expect(client.stats.connects).toBe(1);
        });

        it('no URL it ever opens carries a token: refreshes, drops, 4001, a 401 retry and resyncs; each socket authenticates with its first frame', async () => {
            const { client, clock, sockets, requests, tokens, setRoute, last } = setup({ expiresIn: 5 * 60_000 });
            setRoute((request) => {
                if (request.url.endsWith('/v2/agent/calls/active')) {
                    return { status: 200, body: { data: [], last_seq: 4 } };
                }
                if (request.url.includes('/v2/calls/recent')) {
                    return { status: 200, body: { data: [] } };
                }
                return { status: 200, body: { call: active('call_a') } };
            });
            client.connect();
            await settle();
            const first = last();
            first.open();
            first.receive(snapshot(2, [], { heartbeat_interval_ms: 600_000 }));
            await clock.advance(5 * 60_000); // a scheduled refresh (reauth on the open socket)
            expect(sockets).toHaveLength(1);
            first.drop(1006); // network drop → reconnect with since
            await clock.advance(clock.pending()[0] ?? 0);
            sockets[1]?.open();
            sockets[1]?.receive(snapshot(4, [], { gap: true })); // resync over REST, with the recent calls
            await settle();
            sockets[1]?.drop(4001); // token refused → new token, reconnect at once
            await clock.advance(0);
            sockets[2]?.open();
            sockets[2]?.receive(snapshot(4));
            await settle();
            let refused = 1;
            setRoute(() => {
                if (refused > 0) {
                    refused -= 1;
                    return { status: 401, body: { error: { code: 'token_expired', message: 'expired', request_id: 'r' } } };
                }
                return { status: 200, body: { call: active('call_a') } };
            });
            await client.hold('call_a'); // 401 → refresh → retried once
            await client.colleagues('x');
            expect(tokens.length).toBeGreaterThanOrEqual(4);
            expect(sockets).toHaveLength(3);
            expect(requests.length).toBeGreaterThanOrEqual(4);
            const urls = [...sockets.map((s) => s.url), ...requests.map((r) => r.url)];
            for (const url of urls) {
                expect(url).not.toMatch(/access_token|secret-token/);
                for (const token of tokens) {
                    expect(url).not.toContain(token);
                    expect(url).not.toContain(encodeURIComponent(token));
                }
            }
            expect(sockets.map((s) => s.url)).toEqual([
                'wss://api.diamy.test/v2/agent/stream',
                'wss://api.diamy.test/v2/agent/stream?since=2',
                'wss://api.diamy.test/v2/agent/stream?since=4'
            ]);
            // The token travels in frames only: the first frame of every socket is its auth.
            for (const socket of sockets) {
                const firstFrame = JSON.parse(socket.sent[0] ?? '{}') as { type?: string; access_token?: string };
                expect(firstFrame.type).toBe('auth');
                expect(tokens).toContain(firstFrame.access_token);
            }
            expect(JSON.parse(sockets[2]?.sent[0] ?? '{}')).toEqual({ type: 'auth', access_token: tokens[2] });
            expect(first.sent.map((frame) => (JSON.parse(frame) as { type: string }).type)).toContain('reauth');
        });

        it('pings on every heartbeat interval and declares a silent socket dead, then reconnects with since', async () => {
            const { client, clock, sockets, online } = setup();
            const first = await online(3);
            await clock.advance(15000);
            expect(JSON.parse(first.sent[1] ?? '{}')).toEqual({ type: 'ping', id: expect.any(String) });
            first.receive({ id: 'evt_p', type: 'pong', seq: 3, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: { ping_id: 'x' } });
            await clock.advance(15000);
            expect(first.sent).toHaveLength(3);
            // Nothing more heard: after 2.5 intervals the socket is closed and a new one opened at once.
            await clock.advance(30000);
            expect(client.stats.deadSockets).toBe(1);
            expect(first.closedWith).toBe(4000);
            expect(client.connection).toBe('reconnecting');
            expect(sockets).toHaveLength(2);
            expect(sockets[1]?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=3');
        });

        it('reconnects with exponential backoff and jitter, turns offline after 4 failures, and recovers', async () => {
            const { client, clock, sockets, states, online } = setup();
            await online(5);
            expect(client.reconnectDelay(0)).toBe(750);
            expect(client.reconnectDelay(3)).toBe(6000);
            expect(client.reconnectDelay(10)).toBe(22500);
            sockets[0]?.drop(1006);
            expect(client.connection).toBe('reconnecting');
            expect(clock.pending()[0]).toBe(750);
            const delays: number[] = [];
            for (let attempt = 1; attempt <= 5; attempt += 1) {
                const wait = clock.pending()[0] ?? 0;
                delays.push(wait);
                await clock.advance(wait);
                const socket = sockets[sockets.length - 1];
                socket?.drop(1006);
            }
            expect(delays).toEqual([750, 1500, 3000, 6000, 12000]);
            expect(client.connection).toBe('offline');
            await clock.advance(clock.pending()[0] ?? 0);
            const socket = sockets[sockets.length - 1];
            socket?.open();
            socket?.receive(snapshot(5));
            await settle();
            expect(client.connection).toBe('connected');
            expect(states.slice(-2)).toEqual(['offline', 'connected']);
            expect(socket?.url).toContain('since=5');
        });

        it('a 4001 close gets a new token and reconnects at once; 4000 drops since; 4003 stops', async () => {
            const { client, clock, sockets, tokens, online } = setup();
            await online(7);
            sockets[0]?.drop(4001);
            await clock.advance(0);
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            expect(sockets[1]?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=7');
            sockets[1]?.open();
            expect(JSON.parse(sockets[1]?.sent[0] ?? '{}')).toEqual({ type: 'auth', access_token: 'secret-token-2' });
            sockets[1]?.drop(4000);
            await clock.advance(clock.pending()[0] ?? 0);
            expect(sockets[2]?.url).not.toContain('since');
            sockets[2]?.drop(4003);
            expect(client.connection).toBe('offline');
            await clock.advance(60000);
            expect(sockets).toHaveLength(3);
        });

        it('a 4002 close (auth frame too late) reconnects with backoff, keeps the token and authenticates again first', async () => {
            const { client, clock, sockets, tokens, online } = setup();
            await online(3);
            sockets[0]?.drop(4002);
            expect(client.connection).toBe('reconnecting');
            expect(clock.pending()[0]).toBe(750);
            await clock.advance(750);
            expect(sockets).toHaveLength(2);
            expect(sockets[1]?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=3');
            sockets[1]?.open();
            expect(sockets[1]?.sent.map((frame) => JSON.parse(frame) as unknown)).toEqual([{ type: 'auth', access_token: 'secret-token-1' }]);
            expect(tokens).toEqual(['secret-token-1']);
        });

        it('refreshes the token before it expires and re-binds the open socket (reauth)', async () => {
            const { client, clock, tokens, last } = setup({ expiresIn: 130_000 });
            client.connect();
            await settle();
            const socket = last();
            socket.open();
            socket.receive(snapshot(0, [], { heartbeat_interval_ms: 600_000 }));
            // 60 s (the margin) before the expiry.
            await clock.advance(69_000);
            expect(tokens).toHaveLength(1);
            await clock.advance(2_000);
            expect(tokens).toHaveLength(2);
            expect(socket.sent.map((s) => JSON.parse(s) as unknown)).toContainEqual({ type: 'reauth', access_token: 'secret-token-2' });
        });

        it('trusts a token for at most 15 minutes whatever its expiry says: refreshed 14 min after issue, then every 14 min', async () => {
            const { client, clock, tokens, requests, online } = setup({ expiresIn: 24 * 3600_000 });
            await online();
            await clock.advance(14 * 60_000 - 1);
            expect(tokens).toEqual(['secret-token-1']);
            await client.colleagues();
            expect(requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-1');
            await clock.advance(1);
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            await client.colleagues();
            expect(requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-2');
            await clock.advance(14 * 60_000);
            expect(tokens).toHaveLength(3);
            // A shorter token keeps its own expiry: 10 min → refreshed at 9 min (the 60 s margin).
            const short = setup({ expiresIn: 10 * 60_000 });
            await short.online();
            await short.clock.advance(9 * 60_000 - 1);
            expect(short.tokens).toHaveLength(1);
            await short.clock.advance(1);
            expect(short.tokens).toHaveLength(2);
        });

        it('a token shorter than the refresh margin is refreshed at half its life, not in a loop', async () => {
            let now = (): number => T0;
            const issued: number[] = [];
            const { clock, online } = setup({
                tokenSupplier: () => {
                    issued.push(now());
                    // Stops a runaway refresh loop so that the old code fails here instead of hanging.
                    return issued.length > 20 ? Promise.reject(new Error('supplier exhausted')) : Promise.resolve({ accessToken: `short-${issued.length}`, expiresAt: now() + 20_000 });
                }
            });
            now = clock.now;
            await online();
            await clock.advance(9_999);
            expect(issued).toEqual([T0]);
            await clock.advance(1);
            expect(issued).toEqual([T0, T0 + 10_000]);
            await clock.advance(10_000);
            expect(issued).toHaveLength(3);
        });

        it('a token supplier failure is retried with backoff; an unusable token is refused', async () => {
            let calls = 0;
            const { client, clock, sockets, logs } = setup({
                tokenSupplier: () => {
                    calls += 1;
                    return calls === 1 ? Promise.reject(new Error('session expired')) : calls === 2 ? Promise.resolve({ accessToken: '', expiresAt: 0 }) : Promise.resolve({ accessToken: 'tok-3', expiresAt: T0 + 3600_000 });
                }
            });
            client.connect();
            await settle();
            expect(sockets).toHaveLength(0);
            expect(client.connection).toBe('connecting');
            await clock.advance(750);
            expect(sockets).toHaveLength(0);
            await clock.advance(1500);
            expect(sockets).toHaveLength(1);
            expect(logs.filter((l) => l.includes('token supplier failed'))).toHaveLength(2);
            client.disconnect();
            expect(client.connection).toBe('offline');
            expect(sockets[0]?.closedWith).toBe(1000);
        });

        it('refuses plain ws:// and http:// Diamy URLs: no token asked, no socket, no request; loopback only when explicitly allowed', async () => {
            for (const urls of [
                { baseUrl: 'https://api.diamy.test', wsUrl: 'ws://api.diamy.test/v2/agent/stream' },
                { baseUrl: 'http://api.diamy.test', wsUrl: 'wss://api.diamy.test/v2/agent/stream' },
                { baseUrl: 'http://127.0.0.1:4010', wsUrl: 'ws://127.0.0.1:4010/v2/agent/stream' },
                { baseUrl: 'https://api.diamy.test', wsUrl: 'not a url' }
            ]) {
                const { client, sockets, requests, tokens, logs } = setup(urls);
                client.connect();
                await settle();
                expect(client.connection).toBe('offline');
                await expect(client.hold('call_a')).rejects.toMatchObject({ code: 'insecure_url' });
                expect([sockets.length, requests.length, tokens.length]).toEqual([0, 0, 0]);
                expect(logs.some((line) => line.startsWith('error') && line.includes('refused'))).toBe(true);
            }
            const local = setup({ baseUrl: 'http://127.0.0.1:4010', wsUrl: 'ws://127.0.0.1:4010/v2/agent/stream', allowInsecureLoopback: true });
            await local.online();
            expect(local.client.connection).toBe('connected');
            expect(local.last().url).toBe('ws://127.0.0.1:4010/v2/agent/stream');
            for (const urls of [
                { baseUrl: 'http://192.168.1.20:4010', wsUrl: 'ws://192.168.1.20:4010/v2/agent/stream' },
                { baseUrl: 'http://localhost.evil.example', wsUrl: 'ws://localhost.evil.example/v2/agent/stream' }
            ]) {
                const remote = setup({ ...urls, allowInsecureLoopback: true });
                remote.client.connect();
                await settle();
                expect([remote.client.connection, remote.sockets.length, remote.tokens.length]).toEqual(['offline', 0, 0]);
            }
        });

        it('a socket that cannot be constructed is retried', async () => {
            let first = true;
            const sockets: FakeSocket[] = [];
            const { client, clock } = setup({
                socketFactory: (url) => {
                    if (first) {
                        first = false;
                        throw new Error('blocked');
                    }
                    const socket = new FakeSocket(url);
                    sockets.push(socket);
                    return socket;
                }
            });
            client.connect();
            await settle();
            await clock.advance(750);
            expect(sockets).toHaveLength(1);
        });
    });

    describe('events and resync', () => {
        it('completeWrapUp moves a call in wrap-up to ended and emits the state; anything else changes nothing', async () => {
            const { client, online, last } = setup();
            await online();
            last().receive(event('call.incoming', 1, call('call_w')));
            last().receive(event('call.answered', 2, active('call_w')));
            last().receive(event('call.ended', 3, ended('call_w')));
            const phases: string[] = [];
            client.on('state', (state) => phases.push(state.calls.call_w?.phase ?? 'none'));
            expect(client.state.calls.call_w?.phase).toBe('wrap_up');
            expect(client.completeWrapUp('call_w')).toBe(true);
            expect(client.state.calls.call_w?.phase).toBe('ended');
            expect(client.completeWrapUp('call_w')).toBe(false);
            expect(client.completeWrapUp('call_unknown')).toBe(false);
            expect(phases).toEqual(['ended']);
            // A late resource of the wrapped call (a resync) does not bring the wrap-up back.
            last().receive(event('call.updated', 4, ended('call_w')));
            expect(client.state.calls.call_w?.phase).toBe('ended');
        });

        it('the agent’s own presence follows Diamy’s echo (the status picker shows it); colleagues change live', async () => {
            const { client, online, last } = setup();
            await online();
            const presences: string[] = [];
            client.on('state', (state) => presences.push(`${state.presence} ${JSON.stringify(state.colleagues)}`));
            const echo = (seq: number, userId: string, status: string): Record<string, unknown> => ({
                id: `evt_presence_${seq}`,
                type: 'user.presence_changed',
                seq,
                timestamp: '2026-11-25T09:00:01.000Z',
                call_id: null,
                data: { user_id: userId, presence: { status, on_call: false, updated_at: '2026-11-25T09:00:01.000Z' } }
            });
            expect(client.state.agentId).toBe('usr_camille.martin');
            last().receive(echo(1, 'usr_camille.martin', 'away'));
            last().receive(echo(2, 'usr_hugo', 'busy'));
            last().receive(echo(3, 'usr_camille.martin', 'available'));
            last().receive(echo(4, 'usr_hugo', 'available'));
            expect(presences).toEqual(['away {}', 'away {"usr_hugo":"busy"}', 'available {"usr_hugo":"busy"}', 'available {"usr_hugo":"available"}']);
        });

        it('applies validated events, emits call-ended once, ignores late events of an old socket', async () => {
            const { client, endedCalls, sockets, clock, online } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_a')));
            socket.receive(event('call.answered', 2, active('call_a')));
            expect(client.state.calls.call_a?.phase).toBe('connected');
            const end = event('call.ended', 3, ended('call_a'));
            socket.receive(end);
            socket.receive(end);
            expect(endedCalls).toEqual(['call_a']);
            socket.receive('not json at all');
            socket.receive({ type: 'call.ended', seq: 'x' });
            expect(client.state.rejectedTotal).toBe(2);
            socket.drop(1006);
            socket.receive(event('call.incoming', 9, call('call_late')));
            expect(client.state.calls.call_late).toBeUndefined();
            await clock.advance(750);
            expect(sockets).toHaveLength(2);
        });

        it('after a reconnect re-reads active calls and the final state of calls that ended meanwhile', async () => {
            const { client, clock, sockets, endedCalls, requests, setRoute, online } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_gone')));
            socket.receive(event('call.answered', 2, active('call_gone')));
            socket.receive(event('call.incoming', 3, call('call_live')));
            setRoute((request) => {
                if (request.url.endsWith('/v2/agent/calls/active')) {
                    return { status: 200, body: { data: [call('call_live'), { id: 'bad' }], last_seq: 9 } };
                }
                if (request.url.endsWith('/v2/calls/call_gone')) {
                    return { status: 200, body: ended('call_gone') };
                }
                return { status: 404, body: { error: { code: 'not_found', message: 'no', request_id: 'r' } } };
            });
            socket.drop(1001);
            await clock.advance(750);
            const second = sockets[1];
            second?.open();
            second?.receive(snapshot(3, [call('call_live')]));
            await settle();
            expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://api.diamy.test/v2/agent/calls/active', 'GET https://api.diamy.test/v2/calls/call_gone']);
            expect(endedCalls).toEqual(['call_gone']);
            expect(client.state.lastSeq).toBe(9);
            expect(client.state.needsResync).toBe(false);
            expect(client.stats.resyncs).toBe(1);
        });

        it('a snapshot with a gap reconciles with the recent calls; a heartbeat ahead triggers a resync', async () => {
            const { client, endedCalls, requests, setRoute, online } = setup();
            setRoute((request) => {
                if (request.url.includes('/v2/calls/recent')) {
                    return { status: 200, body: { data: [ended('call_old'), active('call_x')] } };
                }
                return { status: 200, body: { data: [], last_seq: 12 } };
            });
            const first = await online(10);
            first.receive(snapshot(10, [], { gap: true }));
            await settle();
            expect(requests.some((r) => r.url === 'https://api.diamy.test/v2/calls/recent?limit=100')).toBe(true);
            expect(endedCalls).toEqual(['call_old']);
            first.receive({ id: 'evt_hb', type: 'heartbeat', seq: 12, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: { last_seq: 12 } });
            await settle();
            expect(client.state.lastSeq).toBe(12);
        });
    });

    describe('commands', () => {
        it('sends every command with a bearer token and an Idempotency-Key, to the contract paths', async () => {
            const { client, requests, setRoute, online } = setup();
            await online();
            setRoute((request) => {
                if (request.url.endsWith('/merge')) {
                    return { status: 200, body: { conference_id: 'conf_1', calls: [active('call_a'), active('call_b')] } };
                }
                if (request.url.endsWith('/consult')) {
                    return { status: 200, body: { call: call('call_a', { state: 'held', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z', consult_call_id: 'call_b' }), consult_call: call('call_b', { direction: 'internal' }) } };
                }
                if (request.url.includes('/v2/users')) {
                    return { status: 200, body: { data: [{ id: 'usr_1', name: 'Hugo', extension: '202', number: '+33189000202', presence: { status: 'busy', on_call: true } }, { junk: true }] } };
                }
                if (request.url.includes('/v2/calls/recent')) {
                    return { status: 200, body: { data: [ended('call_r')] } };
                }
                if (request.method === 'PUT') {
                    return { status: 200, body: {} };
                }
                if (request.method === 'GET') {
                    return { status: 200, body: ended('call_d') };
                }
                return { status: 200, body: { call: active('call_a') } };
            });
            await client.answer('call_a');
            await client.reject('call_a');
            await client.end('call_a');
            await client.hold('call_a');
            await client.resume('call_a');
            await client.mute('call_a');
            await client.unmute('call_a');
            await client.sendDigits('call_a', '1#');
            await client.transfer('call_a', '204');
            await client.consult('call_a', '204');
            await client.completeConsult('call_a');
            await client.cancelConsult('call_a');
            await client.merge('call_a', 'call_b');
            await client.merge('call_a');
            await client.setPresence('away');
            expect(await client.colleagues('hu go')).toEqual([{ id: 'usr_1', name: 'Hugo', extension: '202', number: '+33189000202', presence: 'busy', onCall: true }]);
            expect((await client.recentCalls({ limit: 5, direction: 'inbound', status: undefined })).map((c) => c.id)).toEqual(['call_r']);
            expect((await client.callDetails('call_d')).state).toBe('ended');
            const paths = requests.map((r) => `${r.method} ${r.url.replace('https://api.diamy.test', '')}`);
            expect(paths).toEqual([
                'POST /v2/calls/call_a/answer',
                'POST /v2/calls/call_a/reject',
                'POST /v2/calls/call_a/hangup',
                'POST /v2/calls/call_a/hold',
                'POST /v2/calls/call_a/resume',
                'POST /v2/calls/call_a/mute',
                'POST /v2/calls/call_a/unmute',
                'POST /v2/calls/call_a/dtmf',
                'POST /v2/calls/call_a/transfer',
                'POST /v2/calls/call_a/consult',
                'POST /v2/calls/call_a/consult/complete',
                'POST /v2/calls/call_a/consult/cancel',
                'POST /v2/calls/call_a/merge',
                'POST /v2/calls/call_a/merge',
                'PUT /v2/agent/presence',
                'GET /v2/users?q=hu%20go',
                'GET /v2/agent/me',
                'GET /v2/calls/recent?limit=5&direction=inbound',
                'GET /v2/calls/call_d'
            ]);
            const commands = requests.filter((r) => r.method !== 'GET');
            expect(new Set(commands.map((r) => r.headers['idempotency-key'])).size).toBe(commands.length);
            expect(requests.every((r) => r.headers.authorization === 'Bearer secret-token-1')).toBe(true);
            expect(requests.filter((r) => r.method === 'GET').every((r) => r.headers['idempotency-key'] === undefined)).toBe(true);
            expect(requests[7]?.body).toEqual({ digits: '1#' });
            expect(requests[12]?.body).toEqual({ with_call_id: 'call_b' });
        });

        it('a 401 refreshes the token and retries once with the same Idempotency-Key; a second 401 fails', async () => {
            const { client, requests, tokens, setRoute, online, logs } = setup();
            await online();
            let unauthorized = 1;
            setRoute(() => {
                if (unauthorized > 0) {
                    unauthorized -= 1;
                    return { status: 401, body: { error: { code: 'token_expired', message: 'expired', request_id: 'r1' } } };
                }
                return { status: 200, body: { call: active('call_a') } };
            });
            await client.hold('call_a');
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['id-1', 'id-1']);
            expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-token-1', 'Bearer secret-token-2']);
            unauthorized = 2;
            await expect(client.hold('call_a')).rejects.toMatchObject({ code: 'token_expired', status: 401 });
            const all = [...logs, ...requests.map((r) => r.url)].join('\n');
            for (const token of tokens) {
                expect(all).not.toContain(token);
            }
        });

        it('transient failures (network, 503) are retried with the same key, then reported', async () => {
            const { client, clock, requests, setRoute, online } = setup({ commandRetryDelayMs: 10 });
            await online();
            const answers: ('network' | number)[] = ['network', 503];
            setRoute(() => {
                const next = answers.shift();
                if (next === 'network') {
                    return 'network';
                }
                return next ? { status: next, body: { error: { code: 'unavailable', message: 'down', request_id: 'r' } } } : { status: 200, body: { call: active('call_a') } };
            });
            const held = client.hold('call_a');
            await drain(clock);
            await expect(held).resolves.toMatchObject({ id: 'call_a' });
            expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
            expect(requests).toHaveLength(3);
            setRoute(() => 'network');
            const failing = client.end('call_a');
            await drain(clock);
            await expect(failing).rejects.toMatchObject({ code: 'network', status: 0 });
            setRoute(() => ({ status: 500, body: 'not json' }));
            await expect(client.end('call_a')).rejects.toBeInstanceOf(DiamyError);
            setRoute(() => ({ status: 200, body: { call: { id: 'no' } } }));
            await expect(client.end('call_a')).rejects.toMatchObject({ code: 'invalid_response' });
            setRoute(() => ({ status: 200, body: { nope: true } }));
            await expect(client.recentCalls()).rejects.toMatchObject({ code: 'invalid_response' });
        });

        it('dial shows a local dialing call until Diamy answers, then the real call; a refusal removes it', async () => {
            const { client, requests, setRoute, online } = setup();
            await online();
            setRoute(() => ({ status: 201, body: { call: call('call_out', { direction: 'outbound' }) } }));
            const dialing = client.dial('+33612345678', { fromLine: '+33189000100', toName: 'Sophie' });
            expect(Object.values(client.state.calls).map((v) => v.phase)).toEqual(['dialing']);
            await dialing;
            expect(Object.keys(client.state.calls)).toEqual(['call_out']);
            expect(client.state.calls.call_out?.phase).toBe('ringing_out');
            expect(requests[0]?.body).toEqual({ to: '+33612345678', from_line: '+33189000100', to_name: 'Sophie' });
            setRoute(() => ({ status: 400, body: { error: { code: 'invalid_request', message: 'to must be E.164', request_id: 'r' } } }));
            await expect(client.dial('0612')).rejects.toMatchObject({ code: 'invalid_request', message: 'to must be E.164' });
            expect(Object.keys(client.state.calls)).toEqual(['call_out']);
        });

        it('a listener that throws does not break the client', async () => {
            const { client, online, logs } = setup();
            client.on('state', () => {
                throw new Error('boom');
            });
            const socket = await online();
            socket.receive(event('call.incoming', 1, call('call_a')));
            expect(client.state.calls.call_a?.phase).toBe('ringing_in');
            expect(logs).toContain('error a state listener failed');
        });
    });

    describe('fuzz through the socket', () => {
        it('1 500 random or malformed messages: no crash, invariants hold, each call ends once, still usable', async () => {
            // mulberry32, fixed seed: reproducible.
            let seed = 20261126;
            const random = (): number => {
                seed = (seed + 0x6d2b79f5) | 0;
                let t = seed;
                t = Math.imul(t ^ (t >>> 15), t | 1);
                t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
                return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
            };
            const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
            const { client, endedCalls, online, setRoute, requests } = setup();
            setRoute(() => ({ status: 200, body: { data: [], last_seq: 0 } }));
            const socket = await online();
            const ids = ['call_1', 'call_2', 'call_3', 'call_4'];
            const sent: unknown[] = [];
            let seq = 0;
            const junk = (): unknown =>
                pick<() => unknown>([
                    () => '{"type":"call.ended"',
                    () => 'null',
                    () => '[]',
                    () => String(random()),
                    () => ({ type: pick(['call.held', 'heartbeat', 'nope', 'session.snapshot']), seq: pick([-1, 1.5, 'x', null, 1e20]), data: pick([null, [], {}, 'x']) }),
                    () => ({ ...event('call.answered', seq + 1, active(pick(ids))), data: { call: { ...active(pick(ids)), state: 'ringing' } } }),
                    () => ({ ...event('call.incoming', seq + 1, call(pick(ids))), id: '' }),
                    () => event('call.ended', seq + 1, { ...ended(pick(ids)), ended_at: '2020-01-01T00:00:00.000Z' }),
                    () => ({ type: 'user.presence_changed', seq: seq + 1, id: 'evt_x', timestamp: 'now', call_id: null, data: { user_id: 42 } })
                ])();
            const valid = (): unknown => {
                seq += pick([1, 1, 1, 2, 0]);
                const id = pick(ids);
                return pick<() => unknown>([
                    () => event('call.incoming', seq, call(id)),
                    () => event('call.answered', seq, active(id)),
                    () => event('call.held', seq, { ...active(id), state: 'held' }),
                    () => event('call.ended', seq, ended(id)),
                    () => event('call.ended', seq, call(id, { state: 'ended', status: 'missed', ended_at: '2026-11-25T09:00:30.000Z', end_reason: 'missed' })),
                    () => ({ id: 'evt_hb', type: 'heartbeat', seq, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: { last_seq: seq } }),
                    () => sent[Math.floor(random() * sent.length)] ?? 'replay'
                ])();
            };
            for (let i = 0; i < 1500; i += 1) {
                const message = random() < 0.5 ? junk() : valid();
                sent.push(message);
                const before = client.state;
                expect(() => socket.receive(message)).not.toThrow();
                expect(checkInvariants(client.state)).toEqual([]);
                const refused = client.state.rejectedTotal > before.rejectedTotal;
                // A refused message leaves the calls untouched (same object).
                expect(refused && client.state.calls !== before.calls).toBe(false);
            }
            await settle();
            expect(sent.length).toBeGreaterThanOrEqual(1000);
            expect(client.state.rejectedTotal).toBeGreaterThan(300);
            expect(new Set(endedCalls).size).toBe(endedCalls.length);
            expect(client.connection).toBe('connected');
            // Still usable: a command goes out and a clean event is applied.
            setRoute(() => ({ status: 200, body: { call: active('call_9') } }));
            const answered = await client.answer('call_9');
            expect(answered.id).toBe('call_9');
            expect(requests.some((r) => r.url.endsWith('/v2/calls/call_9/answer'))).toBe(true);
            socket.receive(event('call.incoming', client.state.lastSeq + 1, call('call_fresh')));
            expect(client.state.calls.call_fresh?.phase).toBe('ringing_in');
            console.log(`client fuzz: ${sent.length} messages, rejected ${client.state.rejectedTotal}, duplicates ${client.state.duplicatesTotal}, stale ${client.state.staleTotal}, calls ended ${endedCalls.length}, resyncs ${client.stats.resyncs}`);
        });
    });
});
