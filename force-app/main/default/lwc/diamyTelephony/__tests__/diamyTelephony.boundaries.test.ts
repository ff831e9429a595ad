// Boundaries of c/diamyTelephony: the exact values, limits and both sides of each condition the unit suite
// leaves implicit (URL checks, token trust, backoff, liveness, retries, error mapping, parsing of answers).
// Fixtures shared with diamyTelephony.test.ts: test/diamyTelephonyKit.ts.
import { DiamyTelephony, DiamyError, insecureUrlReason, MAX_TOKEN_LIFETIME_MS } from 'c/diamyTelephony';
import type { DiamyOptions } from 'c/diamyTelephony';
import type { Call } from 'c/diamyCallState';

import { T0, call, active, ended, event, snapshot, FakeSocket, settle, setup } from 'diamy-test/diamyTelephonyKit';
import type { Route } from 'diamy-test/diamyTelephonyKit';

/** A client with every timing left to its defaults (setup() pins the backoff). */
function defaults(options: Partial<DiamyOptions> & { route?: Route; expiresIn?: number } = {}) {
    return setup({ reconnectBaseMs: undefined, reconnectMaxMs: undefined, ...options });
}

const frames = (socket: FakeSocket | undefined): unknown[] => (socket?.sent ?? []).map((frame) => JSON.parse(frame) as unknown);
const types = (socket: FakeSocket | undefined): string[] => frames(socket).map((frame) => (frame as { type: string }).type);

describe('c-diamy-telephony boundaries', () => {
    describe('insecureUrlReason', () => {
        it('accepts only the secure scheme, names what is missing, never echoes the URL', () => {
            expect(insecureUrlReason('https://api.diamy.test', 'https:', false)).toBeNull();
            expect(insecureUrlReason('wss://api.diamy.test/v2/agent/stream', 'wss:', false)).toBeNull();
            expect(insecureUrlReason('not a url', 'https:', false)).toBe('not an absolute URL');
            expect(insecureUrlReason('', 'wss:', true)).toBe('not an absolute URL');
            expect(insecureUrlReason('http://api.diamy.test', 'https:', false)).toBe('must be https://');
            expect(insecureUrlReason('ws://api.diamy.test', 'wss:', false)).toBe('must be wss://');
            expect(insecureUrlReason('wss://api.diamy.test', 'https:', false)).toBe('must be https://');
            expect(insecureUrlReason('https://api.diamy.test', 'wss:', true)).toBe('must be wss://');
        });

        it('with allowInsecureLoopback, only the plain counterpart to each loopback host', () => {
            for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
                expect(insecureUrlReason(`http://${host}:4010`, 'https:', true)).toBeNull();
                expect(insecureUrlReason(`ws://${host}:4010/v2/agent/stream`, 'wss:', true)).toBeNull();
                expect(insecureUrlReason(`http://${host}:4010`, 'https:', false)).toBe('must be https://');
                expect(insecureUrlReason(`ws://${host}:4010`, 'wss:', false)).toBe('must be wss://');
                // The other plain scheme is not the counterpart.
                expect(insecureUrlReason(`ws://${host}:4010`, 'https:', true)).toBe('must be https://');
                expect(insecureUrlReason(`http://${host}:4010`, 'wss:', true)).toBe('must be wss://');
                expect(insecureUrlReason(`ftp://${host}`, 'https:', true)).toBe('must be https://');
            }
            expect(insecureUrlReason('http://10.0.0.1', 'https:', true)).toBe('must be https://');
            expect(insecureUrlReason('ws://127.0.0.2', 'wss:', true)).toBe('must be wss://');
        });

        it('a refused client logs which URL and why, and every call fails with insecure_url', async () => {
            const rest = setup({ baseUrl: 'http://api.diamy.test' });
            rest.client.connect();
            await expect(rest.client.colleagues()).rejects.toEqual(new DiamyError('insecure_url', 0, 'Diamy URLs must use https:// and wss://'));
            const error = await rest.client.hold('call_a').catch((e: unknown) => e);
            expect(error).toMatchObject({ name: 'DiamyError', code: 'insecure_url', status: 0, message: 'Diamy URLs must use https:// and wss://' });
            expect(rest.logs).toEqual(['error Diamy refused: the REST base URL must be https://', 'error Diamy refused: the REST base URL must be https://', 'error Diamy refused: the REST base URL must be https://']);
            expect(rest.states).toEqual([]);
            const channel = setup({ wsUrl: 'ws://api.diamy.test/v2/agent/stream' });
            channel.client.connect();
            expect(channel.logs).toEqual(['error Diamy refused: the agent channel URL must be wss://']);
            const both = setup({ baseUrl: 'nope', wsUrl: 'nope' });
            both.client.connect();
            expect(both.logs).toEqual(['error Diamy refused: the REST base URL not an absolute URL']);
            // Loopback allowed for one URL does not open the other.
            const mixed = setup({ baseUrl: 'http://127.0.0.1:4010', wsUrl: 'ws://api.diamy.test/v2/agent/stream', allowInsecureLoopback: true });
            mixed.client.connect();
            expect(mixed.logs).toEqual(['error Diamy refused: the agent channel URL must be wss://']);
        });

        it('allowInsecureLoopback must be exactly true', async () => {
            const local = setup({ baseUrl: 'http://localhost:4010', wsUrl: 'ws://localhost:4010/v2/agent/stream', allowInsecureLoopback: 1 as unknown as boolean });
            local.client.connect();
            await settle();
            expect([local.client.connection, local.sockets.length]).toEqual(['offline', 0]);
            const ipv6 = setup({ baseUrl: 'http://[::1]:4010', wsUrl: 'ws://[::1]:4010/v2/agent/stream', allowInsecureLoopback: true });
            await ipv6.client.colleagues();
            expect(ipv6.requests[0]?.url).toBe('http://[::1]:4010/v2/users');
        });

        it('strips every trailing slash of the REST base', async () => {
            const { client, requests } = setup({ baseUrl: 'https://api.diamy.test/tenant///' });
            await client.colleagues();
            expect(requests[0]?.url).toBe('https://api.diamy.test/tenant/v2/users');
        });
    });

    describe('tokens', () => {
        it('MAX_TOKEN_LIFETIME_MS is 15 minutes', () => {
            expect(MAX_TOKEN_LIFETIME_MS).toBe(900_000);
        });

        it('a held token is used strictly before its refresh time, replaced at it (no socket: no timer)', async () => {
            const { client, clock, tokens, requests } = setup({ expiresIn: 130_000 });
            await client.recentCalls();
            expect(clock.pending()).toEqual([]);
            await clock.advance(70_000 - 1);
            await client.recentCalls();
            expect(tokens).toEqual(['secret-token-1']);
            await clock.advance(1);
            await client.recentCalls();
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-token-1', 'Bearer secret-token-1', 'Bearer secret-token-2']);
            expect(client.stats.tokenRefreshes).toBe(2);
        });

        it('a token shorter than twice the minimum is refreshed 5 s after it arrived; one already expired too', async () => {
            const short = setup({ expiresIn: 6_000 });
            await short.online();
            await short.clock.advance(4_999);
            expect(short.tokens).toHaveLength(1);
            await short.clock.advance(1);
            expect(short.tokens).toHaveLength(2);
            const expired = setup({ expiresIn: -60_000 });
            await expired.client.recentCalls();
            await expired.clock.advance(4_999);
            await expired.client.recentCalls();
            expect(expired.tokens).toHaveLength(1);
            await expired.clock.advance(1);
            await expired.client.recentCalls();
            expect(expired.tokens).toHaveLength(2);
        });

        it('a token just over the margin is refreshed at half its life, one well over it at expiry − margin', async () => {
            // 100 s: max(100 − 60, 50, 5) = 50 s.
            const mid = setup({ expiresIn: 100_000 });
            await mid.online();
            await mid.clock.advance(49_999);
            expect(mid.tokens).toHaveLength(1);
            await mid.clock.advance(1);
            expect(mid.tokens).toHaveLength(2);
            // With a 10 s margin a 100 s token is refreshed at 90 s.
            const margin = setup({ expiresIn: 100_000, refreshMarginMs: 10_000 });
            await margin.online();
            await margin.clock.advance(89_999);
            expect(margin.tokens).toHaveLength(1);
            await margin.clock.advance(1);
            expect(margin.tokens).toHaveLength(2);
            // The default margin is 60 s: a 15 min token is refreshed at 14 min.
            const fifteen = setup({ expiresIn: 15 * 60_000 });
            await fifteen.online();
            await fifteen.clock.advance(14 * 60_000 - 1);
            expect(fifteen.tokens).toHaveLength(1);
            await fifteen.clock.advance(1);
            expect(fifteen.tokens).toHaveLength(2);
        });

        it('refuses each kind of unusable token with invalid_token, and a failing supplier with token_unavailable', async () => {
            const bad: unknown[] = [
                null,
                'token',
                [],
                { accessToken: 42, expiresAt: T0 + 60_000 },
                { accessToken: '', expiresAt: T0 + 60_000 },
                { accessToken: 'tok', expiresAt: String(T0 + 60_000) },
                { accessToken: 'tok', expiresAt: Number.NaN },
                { accessToken: 'tok', expiresAt: Number.POSITIVE_INFINITY },
                { accessToken: 'tok' }
            ];
            for (const token of bad) {
                const { client, requests, logs } = setup({ tokenSupplier: () => Promise.resolve(token as never) });
                const error = await client.colleagues().catch((e: unknown) => e);
                expect(error).toBeInstanceOf(DiamyError);
                expect(error).toMatchObject({ code: 'invalid_token', status: 0, message: 'The token supplier returned no usable token' });
                expect(requests).toHaveLength(0);
                expect(logs).toEqual(['error token supplier failed']);
                expect(client.stats.tokenRefreshes).toBe(0);
            }
            const failing = setup({ tokenSupplier: () => Promise.reject(new Error('session gone: secret-abc')) });
            const error = await failing.client.colleagues().catch((e: unknown) => e);
            expect(error).toMatchObject({ code: 'token_unavailable', status: 0, message: 'No access token could be obtained' });
            expect(error).toBeInstanceOf(DiamyError);
            expect(failing.logs).toEqual(['error token supplier failed']);
        });

        it('concurrent requests share one token request; after a failure the supplier is asked again', async () => {
            let calls = 0;
            const { client, requests } = setup({
                tokenSupplier: () => {
                    calls += 1;
                    return calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve({ accessToken: `tok-${calls}`, expiresAt: T0 + 3600_000 });
                }
            });
            await expect(Promise.all([client.recentCalls(), client.recentCalls()])).rejects.toMatchObject({ code: 'token_unavailable' });
            expect(calls).toBe(1);
            await Promise.all([client.recentCalls(), client.recentCalls(), client.recentCalls()]);
            expect(calls).toBe(2);
            expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-2', 'Bearer tok-2', 'Bearer tok-2']);
        });

        it('reauth goes only to a socket that sent its auth frame and is still open', async () => {
            // Socket created but never opened: the refresh happens, no frame is sent.
            const unopened = setup({ expiresIn: 10_000 });
            unopened.client.connect();
            await settle();
            unopened.last().readyState = 1;
            await unopened.clock.advance(5_000);
            expect(unopened.tokens).toHaveLength(2);
            expect(unopened.last().sent).toEqual([]);
            // Opened then closing (no close event yet): no reauth.
            const closing = setup({ expiresIn: 10_000 });
            const socket = await closing.online();
            socket.readyState = 2;
            await closing.clock.advance(5_000);
            expect(closing.tokens).toHaveLength(2);
            expect(types(socket)).toEqual(['auth']);
            // Open and authenticated: reauth with the new token.
            const open = setup({ expiresIn: 10_000 });
            const live = await open.online();
            await open.clock.advance(5_000);
            expect(frames(live)).toEqual([
                { type: 'auth', access_token: 'secret-token-1' },
                { type: 'reauth', access_token: 'secret-token-2' }
            ]);
        });

        it('the auth frame carries the newest token when it was refreshed before the socket opened', async () => {
            const { client, clock, last, tokens } = setup({ expiresIn: 10_000 });
            client.connect();
            await settle();
            await clock.advance(5_000);
            expect(tokens).toHaveLength(2);
            last().open();
            expect(frames(last())).toEqual([{ type: 'auth', access_token: 'secret-token-2' }]);
        });

        it('a token already held when connect() is called is still refreshed before expiry and re-binds the socket', async () => {
            // A REST call before connect() (the token arrives while not running: no refresh timer then).
            const early = setup({ expiresIn: 130_000 });
            await early.client.recentCalls();
            early.client.connect();
            await settle();
            const socket = early.last();
            socket.open();
            socket.receive(snapshot(0, [], { heartbeat_interval_ms: 600_000 }));
            await early.clock.advance(70_000 - 1);
            expect(early.tokens).toHaveLength(1);
            await early.clock.advance(1);
            expect(early.tokens).toHaveLength(2);
            expect(frames(socket)).toEqual([
                { type: 'auth', access_token: 'secret-token-1' },
                { type: 'reauth', access_token: 'secret-token-2' }
            ]);
            // disconnect() then connect() (a tab taking over again): the new socket is re-bound too.
            const again = setup({ expiresIn: 130_000, pingIntervalMs: 600_000 });
            again.client.connect();
            await settle();
            again.last().open();
            await again.clock.advance(30_000);
            again.client.disconnect();
            again.client.connect();
            await settle();
            const second = again.last();
            second.open();
            await again.clock.advance(40_000);
            expect(again.tokens).toHaveLength(2);
            expect(types(second)).toEqual(['auth', 'reauth']);
        });

        it('a token past its refresh time when connect() is called is replaced before the socket opens', async () => {
            const { client, clock, tokens, last } = setup({ expiresIn: 130_000 });
            await client.recentCalls();
            await clock.advance(80_000);
            client.connect();
            await settle();
            await clock.advance(0);
            last().open();
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            expect(frames(last())).toEqual([{ type: 'auth', access_token: 'secret-token-2' }]);
        });

        it('no refresh is scheduled once disconnected', async () => {
            const { client, clock, tokens, online } = setup({ expiresIn: 10_000 });
            await online();
            client.disconnect();
            expect(clock.pending()).toEqual([]);
            await clock.advance(60_000);
            expect(tokens).toHaveLength(1);
        });
    });

    describe('connection', () => {
        it('default backoff: base 1 s, ceiling 30 s, full jitter in [½, 1] of the ceiling', () => {
            const half = defaults();
            expect([0, 1, 2, 4, 5, 6, 40].map((n) => half.client.reconnectDelay(n))).toEqual([750, 1500, 3000, 12000, 22500, 22500, 22500]);
            const low = defaults({ random: () => 0 });
            expect([0, 1, 5].map((n) => low.client.reconnectDelay(n))).toEqual([500, 1000, 15000]);
            const high = defaults({ random: () => 1 });
            expect([0, 1, 5].map((n) => high.client.reconnectDelay(n))).toEqual([1000, 2000, 30000]);
            const odd = defaults({ random: () => 0.25 });
            expect(odd.client.reconnectDelay(0)).toBe(625);
        });

        it('the exponent stops at 20', () => {
            const { client } = setup({ reconnectBaseMs: 1, reconnectMaxMs: 1e12, random: () => 1 });
            expect(client.reconnectDelay(3)).toBe(8);
            expect(client.reconnectDelay(20)).toBe(1_048_576);
            expect(client.reconnectDelay(21)).toBe(1_048_576);
            expect(client.reconnectDelay(60)).toBe(1_048_576);
        });

        it('reads reconnecting for the first 4 failed attempts, offline from the 5th (default), each attempt counted', async () => {
            const { client, clock, sockets, states, logs, online } = defaults();
            await online(1);
            const seen: string[] = [];
            sockets[0]?.drop(1006);
            seen.push(client.connection);
            for (let attempt = 1; attempt <= 5; attempt += 1) {
                await clock.advance(clock.pending()[0] ?? 0);
                expect(client.stats.reconnects).toBe(attempt);
                sockets.at(-1)?.drop(1006);
                seen.push(client.connection);
            }
            expect(seen).toEqual(['reconnecting', 'reconnecting', 'reconnecting', 'reconnecting', 'offline', 'offline']);
            expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'offline']);
            expect(logs.filter((line) => line.startsWith('info'))).toEqual(['info connection connecting', 'info connection connected', 'info connection reconnecting', 'info connection offline']);
            expect(logs).toContain('warn agent channel closed (1006)');
        });

        it('offlineAfterAttempts is configurable; before the first snapshot failures read connecting', async () => {
            const { client, clock, sockets } = setup({ offlineAfterAttempts: 1 });
            client.connect();
            await settle();
            sockets[0]?.drop(1006);
            expect(client.connection).toBe('connecting');
            await clock.advance(clock.pending()[0] ?? 0);
            sockets[1]?.drop(1006);
            expect(client.connection).toBe('offline');
        });

        it('a snapshot resets the attempts: the next drop waits the first delay again', async () => {
            const { clock, sockets, online } = setup();
            await online(2);
            sockets[0]?.drop(1006);
            await clock.advance(750);
            sockets[1]?.drop(1006);
            expect(clock.pending()[0]).toBe(1500);
            await clock.advance(1500);
            sockets[2]?.open();
            sockets[2]?.receive(snapshot(2));
            await settle();
            sockets[2]?.drop(1006);
            expect(clock.pending()[0]).toBe(750);
        });

        it('connect() after disconnect() starts the attempts again and reads reconnecting once connected before', async () => {
            const { client, clock, sockets, states, online } = setup();
            await online(2);
            sockets[0]?.drop(1006);
            await clock.advance(750);
            sockets[1]?.drop(1006);
            client.disconnect();
            expect(clock.pending()).toEqual([]);
            expect(sockets[1]?.closedWith).toBeNull();
            client.connect();
            expect(client.connection).toBe('reconnecting');
            await settle();
            sockets[2]?.drop(1006);
            expect(clock.pending()[0]).toBe(750);
            expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'offline', 'reconnecting']);
        });

        it('a 4001 close reconnects at once only on the first attempt, with a new token', async () => {
            const { clock, sockets, tokens, online } = setup();
            await online(2);
            sockets[0]?.drop(1006);
            await clock.advance(750);
            sockets[1]?.drop(4001);
            expect(clock.pending()[0]).toBe(1500);
            await clock.advance(1500);
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            sockets[2]?.open();
            expect(frames(sockets[2])).toEqual([{ type: 'auth', access_token: 'secret-token-2' }]);
        });

        it('other close codes keep the token and since', async () => {
            const { clock, sockets, tokens, online } = setup();
            await online(6);
            sockets[0]?.drop(4004);
            expect(clock.pending()[0]).toBe(750);
            await clock.advance(750);
            expect(tokens).toEqual(['secret-token-1']);
            expect(sockets[1]?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=6');
        });

        it('a 4003 close stops for good: offline, no timer, and logged', async () => {
            const { client, clock, sockets, logs, online } = setup();
            await online(2);
            sockets[0]?.drop(4003);
            expect(client.connection).toBe('offline');
            expect(clock.pending().filter((ms) => ms < 60_000)).toEqual([]);
            expect(logs).toContain('warn agent channel closed (4003)');
            client.connect();
            await settle();
            expect(sockets).toHaveLength(2);
        });

        it('a close event without a code counts as 1006', async () => {
            const { clock, sockets, logs, online } = setup();
            await online(2);
            sockets[0]?.onclose?.({} as { code: number });
            expect(logs).toContain('warn agent channel closed (1006)');
            expect(clock.pending()[0]).toBe(750);
            await clock.advance(750);
            sockets[1]?.onclose?.(undefined as unknown as { code: number });
            expect(logs.filter((line) => line === 'warn agent channel closed (1006)')).toHaveLength(2);
        });

        it('since is appended with & to a channel URL that has a query', async () => {
            const { clock, sockets, online } = setup({ wsUrl: 'wss://api.diamy.test/v2/agent/stream?tenant=a' });
            await online(4);
            expect(sockets[0]?.url).toBe('wss://api.diamy.test/v2/agent/stream?tenant=a');
            sockets[0]?.drop(1006);
            await clock.advance(750);
            expect(sockets[1]?.url).toBe('wss://api.diamy.test/v2/agent/stream?tenant=a&since=4');
        });

        it('connect({ since }) continues a stream only forward', async () => {
            const { client, sockets } = setup();
            const before = client.state;
            client.connect({ since: 0 });
            expect(client.state).toBe(before);
            client.disconnect();
            client.connect({ since: 9 });
            await settle();
            expect(client.state.lastSeq).toBe(9);
            expect(sockets.at(-1)?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=9');
            client.disconnect();
            const after = client.state;
            client.connect({ since: 9 });
            expect(client.state).toBe(after);
            client.disconnect();
            client.connect({ since: 3 });
            await settle();
            expect(sockets.at(-1)?.url).toBe('wss://api.diamy.test/v2/agent/stream?since=9');
        });

        it('disconnect() detaches the socket (its late events are ignored) and survives a close that throws', async () => {
            const { client, clock, online, states } = setup();
            const socket = await online(1);
            socket.close = () => {
                throw new Error('already closed');
            };
            expect(() => client.disconnect()).not.toThrow();
            expect([socket.onopen, socket.onmessage, socket.onclose, socket.onerror]).toEqual([null, null, null, null]);
            expect(client.connection).toBe('offline');
            expect(clock.pending()).toEqual([]);
            expect(states).toEqual(['connecting', 'connected', 'offline']);
        });

        it('a socket the factory refuses is logged and retried with backoff', async () => {
            let refuse = true;
            const { client, clock, logs, sockets } = setup({
                socketFactory: (url) => {
                    if (refuse) {
                        refuse = false;
                        throw new Error('blocked');
                    }
                    const socket = new FakeSocket(url);
                    sockets.push(socket);
                    return socket;
                }
            });
            client.connect();
            await settle();
            expect(logs).toContain('warn could not open the agent channel');
            expect(clock.pending()[0]).toBe(750);
            expect(client.stats.connects).toBe(0);
            await clock.advance(750);
            expect(client.stats.connects).toBe(1);
            expect(client.stats.reconnects).toBe(1);
        });

        it('a token arriving after disconnect() opens nothing; one arriving after a reconnect opens one socket', async () => {
            let release: (() => void) | null = null;
            const { client, sockets } = setup({
                tokenSupplier: () =>
                    new Promise((resolve) => {
                        release = () => resolve({ accessToken: 'tok', expiresAt: T0 + 3600_000 });
                    })
            });
            client.connect();
            client.disconnect();
            (release as unknown as () => void)();
            await settle();
            expect(sockets).toHaveLength(0);
            client.connect();
            await settle();
            expect(sockets).toHaveLength(1);
        });
    });

    describe('liveness', () => {
        it('pings every 15 s by default before any snapshot, from the moment the socket opens', async () => {
            const { client, clock, last } = defaults();
            client.connect();
            await settle();
            const socket = last();
            await clock.advance(5_000);
            socket.open();
            await clock.advance(14_999);
            expect(types(socket)).toEqual(['auth']);
            await clock.advance(1);
            expect(frames(socket)[1]).toEqual({ type: 'ping', id: 'id-1' });
            expect(client.stats.pingsSent).toBe(1);
            expect(client.stats.deadSockets).toBe(0);
        });

        it('a socket silent for exactly 2.5 intervals (default) is dead: closed 4000, logged, reopened at once', async () => {
            const { client, clock, sockets, logs, online } = defaults();
            const socket = await online(3);
            await clock.advance(7_500);
            socket.receive({ id: 'evt_p', type: 'pong', seq: 3, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: { ping_id: 'x' } });
            expect(client.stats.messages).toBe(2);
            await clock.advance(37_500 - 1);
            expect(client.stats.deadSockets).toBe(0);
            expect(types(socket)).toEqual(['auth', 'ping', 'ping']);
            await clock.advance(1);
            expect(client.stats.deadSockets).toBe(1);
            expect(socket.closedWith).toBe(4000);
            expect(logs).toContain('warn agent channel silent: reconnecting');
            // Reopened at once (the same instant).
            expect(sockets).toHaveLength(2);
            expect(client.stats.pingsSent).toBe(2);
        });

        it('deadAfterIntervals and the announced interval set the limit', async () => {
            const { client, clock, online } = setup({ deadAfterIntervals: 2, pingIntervalMs: 1000 });
            const socket = await online(1);
            // The snapshot announced 15 s: pings every 15 s, dead at 30 s.
            await clock.advance(15_000);
            expect(types(socket)).toEqual(['auth', 'ping']);
            await clock.advance(15_000);
            expect(client.stats.deadSockets).toBe(1);
        });

        it('keeps the ping schedule when the snapshot announces the interval already in use', async () => {
            const { clock, last, client } = defaults();
            client.connect();
            await settle();
            const socket = last();
            socket.open();
            await clock.advance(10_000);
            socket.receive(snapshot(0));
            await clock.advance(5_000);
            expect(types(socket)).toEqual(['auth', 'ping']);
        });

        it('follows a shorter announced interval', async () => {
            const { clock, last, client } = defaults();
            client.connect();
            await settle();
            const socket = last();
            socket.open();
            socket.receive(snapshot(0, [], { heartbeat_interval_ms: 2_000 }));
            await clock.advance(2_000);
            expect(types(socket)).toEqual(['auth', 'ping']);
            await clock.advance(2_000);
            expect(types(socket)).toEqual(['auth', 'ping', 'ping']);
        });

        it('a ping that cannot be sent does not stop the watch', async () => {
            const { client, clock, online } = defaults();
            const socket = await online(1);
            socket.send = () => {
                throw new Error('closing');
            };
            await clock.advance(15_000);
            expect(client.stats.pingsSent).toBe(0);
            await clock.advance(30_000);
            expect(client.stats.deadSockets).toBe(1);
        });

        it('an auth frame that cannot be sent leaves the socket unauthenticated: no reauth later', async () => {
            const { client, clock, last } = setup({ expiresIn: 10_000 });
            client.connect();
            await settle();
            const socket = last();
            let fail = true;
            const sent: string[] = [];
            socket.send = (data: string) => {
                if (fail) {
                    fail = false;
                    throw new Error('not yet');
                }
                sent.push(data);
            };
            socket.open();
            await clock.advance(5_000);
            expect(client.stats.tokenRefreshes).toBe(2);
            expect(sent.filter((frame) => frame.includes('reauth'))).toEqual([]);
        });

        it('messages that are not strings are applied as they are', async () => {
            const { client, online } = setup();
            const socket = await online(0);
            socket.onmessage?.({ data: event('call.incoming', 1, call('call_obj')) });
            expect(client.state.calls.call_obj?.phase).toBe('ringing_in');
            expect(client.stats.messages).toBe(2);
        });
    });

    describe('REST', () => {
        it('headers: bearer and accept always, idempotency-key on commands only, content-type only with a body; no body key without one', async () => {
            const inits: { url: string; init: { method: string; headers: Record<string, string>; body?: string } }[] = [];
            const { client } = setup({
                fetch: (url, init) => {
                    inits.push({ url, init });
                    const body = url.includes('/presence') ? {} : url.includes('/users') || url.includes('/recent') ? { data: [] } : { call: active('call_a') };
                    return Promise.resolve({ status: 200, text: () => Promise.resolve(JSON.stringify(body)) });
                }
            });
            await client.recentCalls();
            await client.answer('call_a');
            await client.setPresence('away');
            expect(inits[0]).toEqual({ url: 'https://api.diamy.test/v2/calls/recent', init: { method: 'GET', headers: { authorization: 'Bearer secret-token-1', accept: 'application/json' } } });
            expect('body' in (inits[0]?.init ?? {})).toBe(false);
            expect(inits[1]).toEqual({
                url: 'https://api.diamy.test/v2/calls/call_a/answer',
                init: { method: 'POST', headers: { authorization: 'Bearer secret-token-1', accept: 'application/json', 'idempotency-key': 'id-1', 'content-type': 'application/json' }, body: '{}' }
            });
            expect(inits[2]?.init).toEqual({ method: 'PUT', headers: { authorization: 'Bearer secret-token-1', accept: 'application/json', 'idempotency-key': 'id-2', 'content-type': 'application/json' }, body: '{"status":"away"}' });
        });

        it('default retries: two more attempts, 250 ms then 500 ms apart, same key', async () => {
            const { client, clock, requests } = setup({ route: () => ({ status: 503, body: { error: { code: 'unavailable', message: 'down' } } }) });
            const failing = client.hold('call_a').catch((e: unknown) => e);
            await settle();
            expect(requests).toHaveLength(1);
            expect(clock.pending()).toEqual([250]);
            await clock.advance(249);
            expect(requests).toHaveLength(1);
            await clock.advance(1);
            expect(requests).toHaveLength(2);
            expect(clock.pending()).toEqual([500]);
            await clock.advance(499);
            expect(requests).toHaveLength(2);
            await clock.advance(1);
            expect(requests).toHaveLength(3);
            expect(clock.pending()).toEqual([]);
            expect(await failing).toEqual(new DiamyError('unavailable', 503, 'down'));
            expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['id-1', 'id-1', 'id-1']);
        });

        it('retries 502 and 504 like 503 and network failures, and not 500 or 501', async () => {
            for (const status of [502, 504]) {
                let failures = 1;
                const { client, clock, requests } = setup({ commandRetries: 1, route: () => (failures-- > 0 ? { status } : { status: 200, body: { call: active('call_a') } }) });
                const held = client.hold('call_a');
                await settle();
                await clock.advance(250);
                await expect(held).resolves.toMatchObject({ id: 'call_a' });
                expect(requests).toHaveLength(2);
            }
            for (const status of [500, 501, 429]) {
                const { client, requests } = setup({ route: () => ({ status }) });
                await expect(client.hold('call_a')).rejects.toMatchObject({ code: 'http_error', status });
                expect(requests).toHaveLength(1);
            }
        });

        it('commandRetries bounds the attempts; 0 means one', async () => {
            const one = setup({ commandRetries: 1, commandRetryDelayMs: 10, route: () => 'network' });
            const failing = one.client.hold('call_a').catch((e: unknown) => e);
            await settle();
            await one.clock.advance(10);
            expect(await failing).toMatchObject({ code: 'network', status: 0, message: 'POST /v2/calls/call_a/hold failed (0)' });
            expect(one.requests).toHaveLength(2);
            const none = setup({ commandRetries: 0, route: () => 'network' });
            await expect(none.client.hold('call_a')).rejects.toMatchObject({ code: 'network' });
            expect(none.requests).toHaveLength(1);
        });

        it('a body that cannot be read counts as a network failure', async () => {
            const { client } = setup({ commandRetries: 0, fetch: () => Promise.resolve({ status: 200, text: () => Promise.reject(new Error('aborted')) }) });
            await expect(client.recentCalls()).rejects.toMatchObject({ code: 'network', status: 0 });
        });

        it('2xx bounds: 200 and 299 succeed, 199 and 300 fail', async () => {
            for (const status of [200, 204, 299]) {
                const { client } = setup({ route: () => ({ status, body: { data: [] } }) });
                await expect(client.recentCalls()).resolves.toEqual([]);
            }
            for (const status of [199, 300, 404]) {
                const { client, logs } = setup({ route: () => ({ status, body: { data: [] } }) });
                await expect(client.recentCalls({ limit: 3 })).rejects.toEqual(new DiamyError('http_error', status, `GET /v2/calls/recent failed (${status})`));
                expect(logs).toEqual([`warn GET /v2/calls/recent → ${status} http_error`]);
            }
        });

        it('the error body gives code and message when they are strings; anything else falls back', async () => {
            const cases: [unknown, string, string][] = [
                [{ error: { code: 'not_found', message: 'No such call' } }, 'not_found', 'No such call'],
                [{ error: { code: 7, message: 8 } }, 'http_error', 'POST /v2/calls/x/hold failed (404)'],
                [{ error: 'not_found' }, 'http_error', 'POST /v2/calls/x/hold failed (404)'],
                [[{ error: { code: 'a' } }], 'http_error', 'POST /v2/calls/x/hold failed (404)'],
                [{ code: 'top_level', message: 'no' }, 'http_error', 'POST /v2/calls/x/hold failed (404)'],
                [{ error: { code: 'only_code' } }, 'only_code', 'POST /v2/calls/x/hold failed (404)'],
                [{ error: { message: 'only message' } }, 'http_error', 'only message']
            ];
            for (const [body, code, message] of cases) {
                const { client, logs } = setup({ route: () => ({ status: 404, body }) });
                const error = await client.hold('x').catch((e: unknown) => e);
                expect(error).toEqual(new DiamyError(code, 404, message));
                expect(logs).toEqual([`warn POST /v2/calls/x/hold → 404 ${code}`]);
            }
            const text = setup({ fetch: () => Promise.resolve({ status: 404, text: () => Promise.resolve('<html>not json</html>') }) });
            await expect(text.client.hold('x')).rejects.toEqual(new DiamyError('http_error', 404, 'POST /v2/calls/x/hold failed (404)'));
        });

        it('diagnostics are redacted: a credential in an error code never reaches the log', async () => {
            const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
            const { client, logs } = setup({ route: () => ({ status: 400, body: { error: { code: jwt, message: 'bad' } } }) });
            await expect(client.hold('x')).rejects.toMatchObject({ status: 400 });
            expect(logs).toHaveLength(1);
            expect(logs[0]).toMatch(/^warn POST \/v2\/calls\/x\/hold → 400 /);
            expect(logs[0]).not.toContain(jwt);
            // Without a log function nothing breaks.
            const quiet = setup({ log: undefined, route: () => ({ status: 400 }) });
            await expect(quiet.client.hold('x')).rejects.toMatchObject({ code: 'http_error' });
        });

        it('a 401 retry reuses the key and asks a new token even when the old one is still fresh; a 401 then 503 is still retried', async () => {
            const answers = [401, 503];
            const { client, clock, requests, tokens } = setup({ commandRetryDelayMs: 5, route: () => ({ status: answers.shift() ?? 200, body: { call: active('call_a') } }) });
            const held = client.hold('call_a');
            await settle();
            await clock.advance(5);
            await expect(held).resolves.toMatchObject({ id: 'call_a' });
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            expect(requests.map((r) => [r.headers.authorization, r.headers['idempotency-key']])).toEqual([
                ['Bearer secret-token-1', 'id-1'],
                ['Bearer secret-token-2', 'id-1'],
                ['Bearer secret-token-2', 'id-1']
            ]);
        });

        it('a 401 after another request already refreshed the token keeps the new token', async () => {
            let first = true;
            const { client, tokens, requests } = setup({
                route: (request) => {
                    if (first && request.headers.authorization === 'Bearer secret-token-1') {
                        first = false;
                        return { status: 401 };
                    }
                    return { status: 200, body: { data: [] } };
                }
            });
            await client.recentCalls();
            expect(tokens).toEqual(['secret-token-1', 'secret-token-2']);
            await client.recentCalls();
            expect(tokens).toHaveLength(2);
            expect(requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-2');
        });

        it('list answers must hold an array; invalid items are dropped', async () => {
            const { client, setRoute } = setup();
            setRoute(() => ({ status: 200, body: { data: [ended('call_r'), { id: 'bad' }, null] } }));
            expect((await client.recentCalls()).map((c) => c.id)).toEqual(['call_r']);
            for (const body of [{ data: {} }, { data: 'x' }, [], null]) {
                setRoute(() => ({ status: 200, body }));
                await expect(client.recentCalls()).rejects.toEqual(new DiamyError('invalid_response', 200, 'Diamy answered with an unexpected body'));
            }
            setRoute(() => ({ status: 200, body: { calls: 'x' } }));
            await expect(client.merge('call_a')).rejects.toMatchObject({ code: 'invalid_response' });
        });

        it('an invalid call in an answer is refused with its reason', async () => {
            const { client } = setup({ route: () => ({ status: 200, body: { call: { id: 'no' } } }) });
            const error = (await client.hold('call_a').catch((e: unknown) => e)) as DiamyError;
            expect(error).toBeInstanceOf(DiamyError);
            expect([error.code, error.status]).toEqual(['invalid_response', 200]);
            expect(error.message).toMatch(/^Diamy answered with an invalid call: \S/);
            const notRecord = setup({ route: () => ({ status: 200, body: [active('call_a')] }) });
            await expect(notRecord.client.hold('call_a')).rejects.toMatchObject({ code: 'invalid_response' });
        });

        it('ids and queries are URL-encoded; empty filters are left out', async () => {
            const { client, requests } = setup({ route: (r) => (r.url.includes('/recent') || r.url.includes('/users') ? { status: 200, body: { data: [] } } : { status: 200, body: { call: active('call_a') } }) });
            await client.hold('a/b?c');
            await client.recentCalls({ limit: 5, offset: 10, direction: 'all', status: 'missed', from: '2026-11-25T00:00:00+01:00', to: undefined });
            await client.recentCalls({});
            await client.colleagues('');
            const urls = requests.map((r) => r.url.replace('https://api.diamy.test', ''));
            expect(urls.slice(0, 3)).toEqual(['/v2/calls/a%2Fb%3Fc/hold', '/v2/calls/recent?limit=5&offset=10&direction=all&status=missed&from=2026-11-25T00%3A00%3A00%2B01%3A00', '/v2/calls/recent']);
            expect(urls[3]).toBe('/v2/users');
        });

        it('recordingLink asks Diamy for a signed link with the token in the header, never in the link', async () => {
            const url = 'https://api.diamy.test/v2/recordings/rec_1?expires=1795000000&signature=abcdefghijklmnop';
            const { client, requests } = setup({ route: () => ({ status: 200, body: { url, expires_at: '2026-11-18T08:26:40Z' } }) });
            expect(await client.recordingLink('call/1')).toEqual({ url, expiresAt: '2026-11-18T08:26:40.000Z' });
            expect(requests).toHaveLength(1);
            expect(requests[0]?.method).toBe('POST');
            expect(requests[0]?.url).toBe('https://api.diamy.test/v2/calls/call%2F1/recording-link');
            expect(requests[0]?.headers.authorization).toBe('Bearer secret-token-1');
            expect(requests[0]?.headers['idempotency-key']).toBeUndefined();
        });

        it.each([
            ['no body', undefined],
            ['no url', { expires_at: '2026-11-18T08:26:40Z' }],
            ['another host', { url: 'https://evil.example/v2/recordings/rec_1?expires=1&signature=s', expires_at: '2026-11-18T08:26:40Z' }],
            ['plain http', { url: 'http://api.diamy.test/v2/recordings/rec_1', expires_at: '2026-11-18T08:26:40Z' }],
            ['credentials in the URL', { url: 'https://user:pw@api.diamy.test/v2/recordings/rec_1', expires_at: '2026-11-18T08:26:40Z' }],
            ['not a URL', { url: 'rec_1', expires_at: '2026-11-18T08:26:40Z' }],
            ['no expiry', { url: 'https://api.diamy.test/v2/recordings/rec_1' }],
            ['an unreadable expiry', { url: 'https://api.diamy.test/v2/recordings/rec_1', expires_at: 'soon' }]
        ])('recordingLink refuses an answer with %s as invalid_response', async (_case, body) => {
            const { client } = setup({ route: () => ({ status: 200, body }) });
            await expect(client.recordingLink('call_1')).rejects.toMatchObject({ name: 'DiamyError', code: 'invalid_response', status: 200 });
        });

        it("recordingLink turns Diamy's refusals into DiamyError with the contract's code", async () => {
            const { client, setRoute } = setup();
            setRoute(() => ({ status: 403, body: { error: { code: 'forbidden', message: 'An agent may only play the recordings of their own calls.', request_id: 'r' } } }));
            await expect(client.recordingLink('call_1')).rejects.toMatchObject({ code: 'forbidden', status: 403 });
            setRoute(() => ({ status: 404, body: { error: { code: 'not_found', message: 'Call call_1 has no recording.', request_id: 'r' } } }));
            await expect(client.recordingLink('call_1')).rejects.toMatchObject({ code: 'not_found', status: 404 });
            setRoute(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Unknown token.', request_id: 'r' } } }));
            const error = (await client.recordingLink('call_1').catch((e: unknown) => e)) as DiamyError;
            expect(error).toBeInstanceOf(DiamyError);
            expect([error.code, error.status]).toEqual(['unauthorized', 401]);
            expect(error.message).not.toContain('secret-token');
        });

        it('callDetails reads a bare call or one wrapped in { call }', async () => {
            const { client, setRoute } = setup();
            setRoute(() => ({ status: 200, body: { call: ended('call_w') } }));
            expect((await client.callDetails('call_w')).id).toBe('call_w');
            setRoute(() => ({ status: 200, body: ended('call_b') }));
            expect((await client.callDetails('call_b')).id).toBe('call_b');
            setRoute(() => ({ status: 200, body: { call: 'x', ...ended('call_c') } }));
            expect((await client.callDetails('call_c')).id).toBe('call_c');
        });
    });

    describe('commands', () => {
        it('only the given dial options are sent; the pending call belongs to the agent of a known call, or "me", and starts now', async () => {
            const { client, requests } = setup({ route: () => ({ status: 201, body: { call: call('call_out', { direction: 'outbound' }) } }) });
            const pendings: unknown[] = [];
            client.on('state', (state) => {
                const view = Object.values(state.calls).find((v) => v.phase === 'dialing');
                if (view) {
                    pendings.push({ agent: view.call.agent_id, started: view.call.started_at });
                }
            });
            const dialing = client.dial('+33612345678', { fromLine: '', toName: '' });
            expect(pendings).toEqual([{ agent: 'me', started: '2026-11-25T09:00:00.000Z' }]);
            await dialing;
            expect(requests[0]?.body).toEqual({ to: '+33612345678' });
            const other = setup({ route: () => ({ status: 201, body: { call: call('call_out2', { direction: 'outbound' }) } }) });
            await other.online(0, [active('call_a')]);
            const seen: string[] = [];
            other.client.on('state', (state) => {
                const view = Object.values(state.calls).find((v) => v.phase === 'dialing');
                if (view) {
                    seen.push(view.call.agent_id ?? '');
                }
            });
            await other.client.dial('+33612345678', { toName: 'Sophie' });
            expect(seen).toEqual(['usr_camille.martin']);
            expect(other.requests[0]?.body).toEqual({ to: '+33612345678', to_name: 'Sophie' });
            await other.client.dial('+33612345679', { fromLine: '+33189000100' });
            expect(other.requests[1]?.body).toEqual({ to: '+33612345679', from_line: '+33189000100' });
        });

        it('dial: a call the socket already showed stays as the socket has it; an ended one is final', async () => {
            const { client, setRoute, online } = setup();
            const socket = await online(0);
            let deliver: (() => void) | null = null;
            setRoute(() => {
                deliver?.();
                return { status: 201, body: { call: call('call_out', { direction: 'outbound', state: 'ringing' }) } };
            });
            deliver = () => socket.receive(event('call.answered', 1, { ...active('call_out'), direction: 'outbound' }));
            const result = await client.dial('+33612345678');
            expect(result.state).toBe('ringing');
            expect(client.state.calls.call_out?.phase).toBe('connected');
            expect(Object.values(client.state.calls).filter((v) => v.phase === 'dialing')).toEqual([]);
        });

        it('a command answer for a live call the socket already knows is left to the socket; new and ended calls are applied', async () => {
            const { client, setRoute, online, endedCalls } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_a')));
            socket.receive(event('call.answered', 2, active('call_a')));
            const changes: number[] = [];
            client.on('state', () => changes.push(1));
            setRoute(() => ({ status: 200, body: { call: { ...active('call_a'), state: 'held' } } }));
            await client.hold('call_a');
            expect(client.state.calls.call_a?.phase).toBe('connected');
            expect(changes).toEqual([]);
            setRoute(() => ({ status: 200, body: { call: active('call_new') } }));
            await client.answer('call_new');
            expect(client.state.calls.call_new?.phase).toBe('connected');
            setRoute(() => ({ status: 200, body: { call: ended('call_a') } }));
            await client.end('call_a');
            expect(endedCalls).toEqual(['call_a']);
        });

        it('merge sends with_call_id only when given; consult sends the target and applies both legs', async () => {
            const { client, requests, setRoute } = setup();
            setRoute(() => ({ status: 200, body: { calls: [active('call_a')] } }));
            await client.merge('call_a', '');
            await client.merge('call_a', 'call_b');
            expect(requests.map((r) => r.body)).toEqual([{}, { with_call_id: 'call_b' }]);
            setRoute(() => ({ status: 200, body: { call: { ...active('call_c'), state: 'held' }, consult_call: call('call_d', { direction: 'internal' }) } }));
            const both = await client.consult('call_c', '204');
            expect(requests.at(-1)?.body).toEqual({ to: '204' });
            expect([both.call.id, both.consultCall.id]).toEqual(['call_c', 'call_d']);
            expect(Object.keys(client.state.calls).sort()).toEqual(['call_a', 'call_c', 'call_d']);
            setRoute(() => ({ status: 200, body: { call: active('call_c') } }));
            await expect(client.consult('call_c', '204')).rejects.toMatchObject({ code: 'invalid_response' });
        });

        it('colleagues: defaults for missing fields, only on_call === true is on a call, the agent is left out, me is read once', async () => {
            const { client, requests, setRoute } = setup();
            setRoute((request) => {
                if (request.url.endsWith('/v2/agent/me')) {
                    return { status: 200, body: { id: 'usr_me' } };
                }
                return {
                    status: 200,
                    body: {
                        data: [
                            { id: 'usr_me', presence: { status: 'available' } },
                            { id: 'usr_2', presence: { on_call: 'yes' } },
                            { id: 'usr_3', name: 3, extension: 4, number: 5, presence: { status: 'away', on_call: false } },
                            { id: 4, presence: {} },
                            { id: 'usr_5' },
                            { id: 'usr_6', presence: [] },
                            'usr_7'
                        ]
                    }
                };
            });
            expect(await client.colleagues()).toEqual([
                { id: 'usr_2', name: 'usr_2', extension: '', number: '', presence: 'offline', onCall: false },
                { id: 'usr_3', name: 'usr_3', extension: '', number: '', presence: 'away', onCall: false }
            ]);
            await client.colleagues('a');
            expect(requests.map((r) => r.url.replace('https://api.diamy.test', ''))).toEqual(['/v2/users', '/v2/agent/me', '/v2/users?q=a']);
        });

        it('colleagues: a failed me is asked again next time; an answer without an id is remembered', async () => {
            let meFails = true;
            const { client, requests, setRoute } = setup();
            setRoute((request) => {
                if (request.url.endsWith('/v2/agent/me')) {
                    if (meFails) {
                        meFails = false;
                        return { status: 404 };
                    }
                    return { status: 200, body: { id: 42 } };
                }
                return { status: 200, body: { data: [{ id: 'usr_1', presence: { status: 'busy', on_call: true } }] } };
            });
            expect(await client.colleagues()).toHaveLength(1);
            expect(await client.colleagues()).toHaveLength(1);
            expect(await client.colleagues()).toHaveLength(1);
            expect(requests.filter((r) => r.url.endsWith('/v2/agent/me'))).toHaveLength(2);
            setRoute(() => ({ status: 200, body: { nope: 1 } }));
            expect(await client.colleagues()).toEqual([]);
        });

        it('listeners can unsubscribe; a failing listener is logged by event name', async () => {
            const { client, online, logs } = setup();
            const seen: string[] = [];
            const off = client.on('connection', (state) => seen.push(state));
            client.on('callEnded', () => {
                throw new Error('boom');
            });
            const socket = await online(0);
            off();
            socket.receive(event('call.incoming', 1, call('call_a')));
            socket.receive(event('call.ended', 2, { ...ended('call_a'), status: 'missed', answered_at: null, end_reason: 'missed', duration: 0 }));
            socket.drop(1006);
            expect(seen).toEqual(['connecting', 'connected']);
            expect(logs).toContain('error a callEnded listener failed');
        });

        it('a voicemail event reaches the voicemail listeners', async () => {
            const { client, online } = setup();
            const voicemails: unknown[] = [];
            client.on('voicemail', (v) => voicemails.push(v));
            const socket = await online(0);
            socket.receive({ id: 'evt_vm', type: 'voicemail.new', seq: 1, timestamp: '2026-11-25T09:00:00.000Z', call_id: 'call_v', data: { voicemail: { id: 'vm_1', call_id: 'call_v', recording_url: 'https://api.diamy.test/vm_1.mp3' } } });
            expect(voicemails).toEqual([{ voicemailId: 'vm_1', callId: 'call_v' }]);
        });
    });

    describe('resync', () => {
        const held = (id: string): Call => ({ ...active(id), state: 'held' });
        const activeUrl = 'https://api.diamy.test/v2/agent/calls/active';

        it('the first snapshot without a gap reads nothing; a later snapshot on the same socket re-reads the active calls', async () => {
            const { client, requests, online } = setup();
            const socket = await online(0);
            expect(requests).toEqual([]);
            expect(client.stats.resyncs).toBe(0);
            socket.receive(snapshot(0));
            await settle();
            expect(requests.map((r) => r.url)).toEqual([activeUrl]);
        });

        it('a resync asked while one runs returns the running one and runs once more after it, with recent if any asked for it', async () => {
            const requests: { url: string }[] = [];
            const releases: (() => void)[] = [];
            const blockingFetch = setup({
                fetch: (url) => {
                    requests.push({ url });
                    return new Promise((resolve) => releases.push(() => resolve({ status: 200, text: () => Promise.resolve(JSON.stringify({ data: [], last_seq: 0 })) })));
                }
            });
            const first = blockingFetch.client.resync();
            await settle();
            const second = blockingFetch.client.resync(true);
            const third = blockingFetch.client.resync();
            expect(second).toBe(first);
            expect(third).toBe(first);
            expect(requests.map((r) => r.url)).toEqual([activeUrl]);
            releases.shift()?.();
            await first;
            await settle();
            expect(blockingFetch.client.stats.resyncs).toBe(2);
            releases.shift()?.();
            await settle();
            releases.shift()?.();
            await settle();
            expect(requests.map((r) => r.url)).toEqual([activeUrl, activeUrl, 'https://api.diamy.test/v2/calls/recent?limit=100']);
            expect(releases).toEqual([]);
            // Nothing more runs after that.
            await settle();
            expect(blockingFetch.client.stats.resyncs).toBe(2);
        });

        it('resync() reads no recent calls; resync(true) reads them once', async () => {
            const { client, requests } = setup();
            await client.resync();
            expect(requests.map((r) => r.url)).toEqual([activeUrl]);
            await client.resync(true);
            await client.resync();
            expect(requests.map((r) => r.url)).toEqual([activeUrl, activeUrl, 'https://api.diamy.test/v2/calls/recent?limit=100', activeUrl]);
        });

        it('an answer older than events the socket delivered meanwhile only adds unknown calls', async () => {
            const { client, setRoute, online } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_a')));
            socket.receive(event('call.answered', 2, active('call_a')));
            setRoute(() => {
                socket.receive(event('call.held', 3, held('call_a')));
                return { status: 200, body: { data: [active('call_a'), call('call_b')], last_seq: 2 } };
            });
            await client.resync();
            expect(client.state.calls.call_a?.phase).toBe('on_hold');
            expect(client.state.calls.call_b?.phase).toBe('ringing_in');
            expect(client.state.lastSeq).toBe(3);
        });

        it('an answer as new as the socket (same seq) is applied as it is', async () => {
            const { client, setRoute, online } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_a')));
            socket.receive(event('call.answered', 2, active('call_a')));
            setRoute(() => {
                socket.receive(event('call.held', 3, held('call_a')));
                return { status: 200, body: { data: [active('call_a')], last_seq: 3 } };
            });
            await client.resync();
            expect(client.state.calls.call_a?.phase).toBe('connected');
            expect(client.state.lastSeq).toBe(3);
        });

        it('an answer behind the client but with no event meanwhile is applied; its last_seq never lowers ours', async () => {
            const { client, setRoute, online } = setup();
            const socket = await online(5);
            socket.receive(event('call.incoming', 6, call('call_a')));
            socket.receive(event('call.answered', 7, active('call_a')));
            setRoute(() => ({ status: 200, body: { data: [held('call_a')], last_seq: 4 } }));
            await client.resync();
            expect(client.state.calls.call_a?.phase).toBe('on_hold');
            expect(client.state.lastSeq).toBe(7);
            expect(client.state.needsResync).toBe(false);
            setRoute(() => ({ status: 200, body: { data: [held('call_a')], last_seq: '9' } }));
            await client.resync();
            expect(client.state.lastSeq).toBe(7);
            setRoute(() => ({ status: 200, body: { data: [held('call_a')], last_seq: 11 } }));
            await client.resync();
            expect(client.state.lastSeq).toBe(11);
            setRoute(() => ({ status: 200, body: [held('call_a')] }));
            await expect(client.resync()).rejects.toMatchObject({ code: 'invalid_response' });
        });

        it('only live calls missing from the answer are read again; a failed read is skipped', async () => {
            const { client, requests, setRoute, online, endedCalls } = setup();
            const socket = await online(0);
            socket.receive(event('call.incoming', 1, call('call_ringing')));
            socket.receive(event('call.incoming', 2, call('call_done')));
            socket.receive(event('call.answered', 3, active('call_done')));
            socket.receive(event('call.ended', 4, ended('call_done')));
            socket.receive(event('call.incoming', 5, call('call_missed')));
            socket.receive(event('call.ended', 6, call('call_missed', { state: 'ended', status: 'missed', ended_at: '2026-11-25T09:00:30.000Z', end_reason: 'missed' })));
            socket.receive(event('call.incoming', 7, call('call_fail')));
            expect(endedCalls).toEqual(['call_done', 'call_missed']);
            setRoute((request) => {
                if (request.url.endsWith('/v2/calls/call_ringing')) {
                    return { status: 200, body: ended('call_ringing') };
                }
                if (request.url.endsWith('/v2/calls/call_fail')) {
                    return { status: 404 };
                }
                return { status: 200, body: { data: [], last_seq: 7 } };
            });
            await client.resync();
            expect(requests.map((r) => r.url.replace('https://api.diamy.test', '')).sort()).toEqual(['/v2/agent/calls/active', '/v2/calls/call_fail', '/v2/calls/call_ringing']);
            expect(endedCalls).toEqual(['call_done', 'call_missed', 'call_ringing']);
            expect(client.state.calls.call_fail?.phase).toBe('ringing_in');
        });

        it('a call still being dialled is not read again', async () => {
            const urls: string[] = [];
            let answerDial: (() => void) | null = null;
            const { client } = setup({
                fetch: (url) => {
                    urls.push(url.replace('https://api.diamy.test', ''));
                    if (url.endsWith('/v2/calls')) {
                        return new Promise((resolve) => {
                            answerDial = () => resolve({ status: 201, text: () => Promise.resolve(JSON.stringify({ call: call('call_out', { direction: 'outbound' }) })) });
                        });
                    }
                    return Promise.resolve({ status: 200, text: () => Promise.resolve(JSON.stringify({ data: [], last_seq: 0 })) });
                }
            });
            const dialing = client.dial('+33612345678');
            await settle();
            expect(Object.values(client.state.calls).map((v) => v.phase)).toEqual(['dialing']);
            await client.resync();
            expect(urls).toEqual(['/v2/calls', '/v2/agent/calls/active']);
            (answerDial as unknown as () => void)();
            await dialing;
        });

        it('the recent calls apply only ended calls', async () => {
            const { client, setRoute, endedCalls } = setup();
            setRoute((request) => (request.url.includes('/recent') ? { status: 200, body: { data: [active('call_x'), ended('call_y')] } } : { status: 200, body: { data: [], last_seq: 0 } }));
            await client.resync(true);
            expect(Object.keys(client.state.calls)).toEqual(['call_y']);
            expect(endedCalls).toEqual(['call_y']);
        });
    });

    describe('browser defaults', () => {
        const realFetch = globalThis.fetch;
        const realWebSocket = globalThis.WebSocket;
        afterEach(() => {
            jest.useRealTimers();
            jest.restoreAllMocks();
            globalThis.fetch = realFetch;
            globalThis.WebSocket = realWebSocket;
        });

        it('uses the global fetch, WebSocket, timers, clock and randomness when none is injected', async () => {
            jest.useFakeTimers({ now: T0 });
            jest.spyOn(Math, 'random').mockReturnValue(1);
            const fetched: string[] = [];
            globalThis.fetch = ((url: string) => {
                fetched.push(url);
                return Promise.resolve({ status: 200, text: () => Promise.resolve('{"data":[]}') });
            }) as unknown as typeof fetch;
            const opened: FakeSocket[] = [];
            globalThis.WebSocket = function WebSocket(url: string) {
                const socket = new FakeSocket(url);
                opened.push(socket);
                return socket;
            } as unknown as typeof WebSocket;
            let supplied = 0;
            const client = new DiamyTelephony({
                baseUrl: 'https://api.diamy.test',
                wsUrl: 'wss://api.diamy.test/v2/agent/stream',
                tokenSupplier: () => {
                    supplied += 1;
                    return Promise.resolve({ accessToken: `tok-${supplied}`, expiresAt: Date.now() + 3600_000 });
                }
            });
            expect(client.reconnectDelay(0)).toBe(1000);
            client.connect();
            await settle();
            expect(opened.map((s) => s.url)).toEqual(['wss://api.diamy.test/v2/agent/stream']);
            await client.recentCalls();
            expect(fetched).toEqual(['https://api.diamy.test/v2/calls/recent']);
            // Capped at 15 min from Date.now(): refreshed at 14 min on the global timers.
            jest.advanceTimersByTime(14 * 60_000 - 1);
            await settle();
            expect(supplied).toBe(1);
            jest.advanceTimersByTime(1);
            await settle();
            expect(supplied).toBe(2);
            client.disconnect();
            expect(jest.getTimerCount()).toBe(0);
        });

        it('default Idempotency-Keys are unique: a random UUID (or base-36 time and randomness) and a counter', async () => {
            const keys: string[] = [];
            const client = new DiamyTelephony({
                baseUrl: 'https://api.diamy.test',
                wsUrl: 'wss://api.diamy.test/v2/agent/stream',
                tokenSupplier: () => Promise.resolve({ accessToken: 'tok', expiresAt: T0 + 3600_000 }),
                fetch: (_url, init) => {
                    keys.push(init.headers['idempotency-key'] ?? '');
                    return Promise.resolve({ status: 200, text: () => Promise.resolve('{}') });
                }
            });
            const counter = (key: string | undefined): number => Number(/-(\d+)$/.exec(key ?? '')?.[1]);
            const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
            try {
                let uuids = 0;
                Object.defineProperty(globalThis, 'crypto', { value: { randomUUID: () => `uuid${++uuids}` }, configurable: true, writable: true });
                await client.setPresence('away');
                await client.setPresence('busy');
                Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true, writable: true });
                jest.spyOn(Date, 'now').mockReturnValue(T0);
                jest.spyOn(Math, 'random').mockReturnValue(0.5);
                await client.setPresence('away');
                // No crypto at all (an old or locked-down browser).
                Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
                await client.setPresence('busy');
            } finally {
                if (crypto) {
                    Object.defineProperty(globalThis, 'crypto', crypto);
                } else {
                    delete (globalThis as { crypto?: unknown }).crypto;
                }
            }
            const n = counter(keys[0]);
            expect(n).toBeGreaterThan(0);
            expect(keys).toEqual([`uuid1-${n}`, `uuid2-${n + 1}`, `${T0.toString(36)}-i-${n + 2}`, `${T0.toString(36)}-i-${n + 3}`]);
        });
    });

    describe('events, generations and timers', () => {
        const heartbeat = (seq: number): Record<string, unknown> => ({ id: `evt_hb_${seq}`, type: 'heartbeat', seq, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: { last_seq: seq } });

        it('a message that changes nothing emits no state; a heartbeat ahead re-reads the active calls (no key) and is no voicemail', async () => {
            const { client, requests, online } = setup();
            const socket = await online(4);
            let changes = 0;
            const voicemails: unknown[] = [];
            client.on('state', () => (changes += 1));
            client.on('voicemail', (v) => voicemails.push(v));
            socket.receive(heartbeat(4));
            expect(changes).toBe(0);
            expect(requests).toEqual([]);
            socket.receive(heartbeat(6));
            await settle();
            expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://api.diamy.test/v2/agent/calls/active']);
            expect(requests[0]?.headers['idempotency-key']).toBeUndefined();
            expect(voicemails).toEqual([]);
            expect(client.stats.resyncs).toBe(1);
        });

        it('a refresh forced by a 401 replaces the scheduled one', async () => {
            const { client, clock, tokens, setRoute } = setup({ expiresIn: 130_000, pingIntervalMs: 600_000 });
            client.connect();
            await settle();
            await clock.advance(10_000);
            let refused = true;
            setRoute(() => {
                if (refused) {
                    refused = false;
                    return { status: 401 };
                }
                return { status: 200, body: { data: [] } };
            });
            await client.recentCalls();
            expect(tokens).toHaveLength(2);
            // Token 1 would have been refreshed at 70 s; token 2 (issued at 10 s) is refreshed at 80 s.
            await clock.advance(69_999);
            expect(tokens).toHaveLength(2);
            await clock.advance(1);
            expect(tokens).toHaveLength(3);
        });

        it('connect() while running opens nothing more', async () => {
            const { client, sockets, online } = setup();
            await online(1);
            client.connect();
            await settle();
            expect(sockets).toHaveLength(1);
            expect(client.stats.connects).toBe(1);
        });

        it('connect(), disconnect(), connect() before the token arrives: one socket', async () => {
            let release: (() => void) | null = null;
            const { client, sockets } = setup({
                tokenSupplier: () =>
                    new Promise((resolve) => {
                        release = () => resolve({ accessToken: 'tok', expiresAt: T0 + 3600_000 });
                    })
            });
            client.connect();
            client.disconnect();
            client.connect();
            (release as unknown as () => void)();
            await settle();
            expect(sockets).toHaveLength(1);
            expect(client.stats.connects).toBe(1);
        });

        it('a replaced socket is ignored: its late open, messages and close change nothing', async () => {
            const { client, clock, sockets, states, online } = setup();
            const first = await online(1);
            first.drop(1006);
            await clock.advance(750);
            const second = sockets[1] as FakeSocket;
            second.open();
            second.receive(snapshot(1));
            await settle();
            const before = client.state;
            const pending = clock.pending();
            first.onopen?.({});
            first.receive(event('call.incoming', 2, call('call_late')));
            first.onclose?.({ code: 1006 });
            expect(first.sent).toHaveLength(1);
            expect(client.state).toBe(before);
            expect(client.connection).toBe('connected');
            expect(clock.pending()).toEqual(pending);
            expect(states.at(-1)).toBe('connected');
            // The current socket still works.
            second.receive(event('call.incoming', 2, call('call_now')));
            expect(client.state.calls.call_now?.phase).toBe('ringing_in');
        });

        it('a socket closed before it opened ignores a late open', async () => {
            const { client, clock, last } = setup();
            client.connect();
            await settle();
            const socket = last();
            socket.drop(1006);
            socket.onopen?.({});
            expect(socket.sent).toEqual([]);
            expect(clock.pending()[0]).toBe(750);
            expect(clock.pending().filter((ms) => ms === 15_000)).toEqual([]);
        });

        it('a new ping interval replaces the running watch (no second timer)', async () => {
            const { client, clock, last } = defaults();
            client.connect();
            await settle();
            const socket = last();
            socket.open();
            socket.receive(snapshot(0, [], { heartbeat_interval_ms: 2_000 }));
            for (let second = 1; second <= 16; second += 1) {
                await clock.advance(1_000);
                socket.receive(heartbeat(0));
            }
            expect(types(socket).filter((type) => type === 'ping')).toHaveLength(8);
            expect(client.stats.deadSockets).toBe(0);
        });

        it('socket data that is not a string is not parsed', async () => {
            const { client, online } = setup();
            const socket = await online(0);
            socket.onmessage?.({ data: [JSON.stringify(event('call.incoming', 1, call('call_wrapped')))] });
            expect(client.state.calls.call_wrapped).toBeUndefined();
            expect(client.state.rejectedTotal).toBe(1);
        });

        it('every command carries its own key and its body', async () => {
            const { client, requests, setRoute } = setup();
            setRoute((request) => {
                if (request.url.endsWith('/consult')) {
                    return { status: 200, body: { call: { ...active('call_a'), state: 'held' }, consult_call: call('call_b', { direction: 'internal' }) } };
                }
                if (request.url.endsWith('/merge')) {
                    return { status: 200, body: { calls: [active('call_a')] } };
                }
                if (request.url.endsWith('/v2/calls')) {
                    return { status: 201, body: { call: call('call_out', { direction: 'outbound' }) } };
                }
                return { status: 200, body: { call: active('call_a') } };
            });
            await client.transfer('call_a', '204');
            await client.consult('call_a', '205');
            await client.merge('call_a');
            await client.setPresence('busy');
            await client.dial('+33612345678');
            await client.sendDigits('call_a', '9');
            expect(requests.map((r) => [r.method, r.url.replace('https://api.diamy.test', ''), r.headers['idempotency-key'], r.body])).toEqual([
                ['POST', '/v2/calls/call_a/transfer', 'id-1', { to: '204' }],
                ['POST', '/v2/calls/call_a/consult', 'id-2', { to: '205' }],
                ['POST', '/v2/calls/call_a/merge', 'id-3', {}],
                ['PUT', '/v2/agent/presence', 'id-4', { status: 'busy' }],
                ['POST', '/v2/calls', 'id-6', { to: '+33612345678' }],
                ['POST', '/v2/calls/call_a/dtmf', 'id-7', { digits: '9' }]
            ]);
        });

        it('dial: the local call is pending_<id>; an ended answer for a call the socket showed is applied', async () => {
            const { client, setRoute, online, endedCalls } = setup();
            const socket = await online(0);
            const ids: string[] = [];
            client.on('state', (state) => ids.push(...Object.keys(state.calls).filter((id) => state.calls[id]?.phase === 'dialing')));
            setRoute(() => {
                socket.receive(event('call.answered', 1, { ...active('call_out'), direction: 'outbound' }));
                return { status: 201, body: { call: { ...ended('call_out'), direction: 'outbound' } } };
            });
            const result = await client.dial('+33612345678');
            expect(ids[0]).toBe('pending_id-1');
            expect(result.state).toBe('ended');
            expect(client.state.calls.call_out?.phase).toBe('wrap_up');
            expect(endedCalls).toEqual(['call_out']);
        });
    });

    describe('answers without the expected shape', () => {
        it('a me answer without a usable id is remembered as "no id" (not asked again)', async () => {
            for (const me of [{ status: 200 }, { status: 200, body: {} }, { status: 200, body: [] }, { status: 200, body: { id: 7 } }]) {
                const { client, requests, setRoute } = setup();
                setRoute((request) => (request.url.endsWith('/v2/agent/me') ? me : { status: 200, body: { data: [{ id: 'usr_1', presence: { status: 'busy' } }] } }));
                expect((await client.colleagues()).map((c) => c.id)).toEqual(['usr_1']);
                expect((await client.colleagues()).map((c) => c.id)).toEqual(['usr_1']);
                expect(requests.filter((r) => r.url.endsWith('/v2/agent/me'))).toHaveLength(1);
            }
        });

        it('a snapshot handed to receive() with no socket schedules no endless watch', async () => {
            const { client, clock } = setup();
            client.receive(snapshot(0, [], { heartbeat_interval_ms: 1_000 }));
            await clock.advance(10_000);
            expect(client.stats.deadSockets).toBe(0);
            expect(client.stats.pingsSent).toBe(0);
            expect(clock.pending()).toEqual([]);
        });

        it('a snapshot handed to receive() while waiting to reconnect declares no dead socket', async () => {
            const { client, clock, sockets, online } = setup({ reconnectBaseMs: 100_000, reconnectMaxMs: 100_000 });
            await online(1);
            sockets[0]?.drop(1006);
            client.receive(snapshot(1, [], { heartbeat_interval_ms: 1_000 }));
            await clock.advance(10_000);
            expect(client.stats.deadSockets).toBe(0);
            expect(client.stats.pingsSent).toBe(0);
        });
    });
});
