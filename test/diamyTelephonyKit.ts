// Shared fixtures of the c/diamyTelephony unit suites (diamyTelephony.test.ts, diamyTelephony.boundaries.test.ts):
// calls and events, a fake WebSocket, a manual clock with timers, and setup() — a client wired to a recorded fetch,
// fake sockets and a token supplier that counts what it issues.
import { DiamyTelephony } from 'c/diamyTelephony';
import type { ConnectionState, DiamyOptions, SocketLike } from 'c/diamyTelephony';
import type { Call } from 'c/diamyCallState';
import { makeCall } from './diamyCallFixtures';

export const T0 = Date.parse('2026-11-25T09:00:00.000Z');

export function call(id: string, overrides: Partial<Call> = {}): Call {
    return makeCall({ id, line: '+33189000100', ...overrides });
}
export const active = (id: string): Call => call(id, { state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });
export const ended = (id: string): Call =>
    call(id, { state: 'ended', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z', ended_at: '2026-11-25T09:01:00.000Z', end_reason: 'remote_hangup', duration: 55 });

let eventCounter = 0;
export function event(type: string, seq: number, payload: Call): Record<string, unknown> {
    eventCounter += 1;
    return { id: `evt_${eventCounter}`, type, seq, timestamp: '2026-11-25T09:00:00.000Z', call_id: payload.id, data: { call: payload } };
}
export function snapshot(lastSeq: number, calls: Call[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        id: 'evt_snap',
        type: 'session.snapshot',
        seq: lastSeq,
        timestamp: '2026-11-25T09:00:00.000Z',
        call_id: null,
        data: { agent: { id: 'usr_camille.martin', presence: { status: 'available' } }, active_calls: calls, last_seq: lastSeq, replayed: 0, gap: false, heartbeat_interval_ms: 15000, token_expires_at: '2026-11-25T10:00:00.000Z', ...extra }
    };
}

export class FakeSocket implements SocketLike {
    readyState = 0;
    sent: string[] = [];
    closedWith: number | null = null;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor(readonly url: string) {}
    send(data: string): void {
        this.sent.push(data);
    }
    close(code?: number): void {
        this.closedWith = code ?? 1000;
        this.readyState = 3;
    }
    open(): void {
        this.readyState = 1;
        this.onopen?.({});
    }
    receive(message: unknown): void {
        this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
    }
    drop(code: number): void {
        this.readyState = 3;
        this.onerror?.({});
        this.onclose?.({ code });
    }
}

/** Manual clock + timers. */
export class Clock {
    time = T0;
    private timers: { at: number; fn: () => void; handle: number }[] = [];
    private handles = 0;
    now = (): number => this.time;
    setTimer = (fn: () => void, ms: number): unknown => {
        this.handles += 1;
        this.timers.push({ at: this.time + ms, fn, handle: this.handles });
        this.timers.sort((a, b) => a.at - b.at);
        return this.handles;
    };
    clearTimer = (handle: unknown): void => {
        this.timers = this.timers.filter((t) => t.handle !== handle);
    };
    pending(): number[] {
        return this.timers.map((t) => t.at - this.time);
    }
    async advance(ms: number): Promise<void> {
        const until = this.time + ms;
        for (let next = this.timers[0]; next && next.at <= until; next = this.timers[0]) {
            this.timers.shift();
            this.time = next.at;
            next.fn();
            await settle();
        }
        this.time = until;
        await settle();
    }
}

export async function settle(): Promise<void> {
    for (let i = 0; i < 100; i += 1) {
        await Promise.resolve();
    }
}

export async function drain(clock: Clock): Promise<void> {
    for (let i = 0; i < 10; i += 1) {
        await clock.advance(20);
    }
}

export interface Recorded {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: unknown;
}
export type Route = (request: Recorded) => { status: number; body?: unknown } | 'network';

export function setup(options: Partial<DiamyOptions> & { route?: Route; expiresIn?: number } = {}) {
    const clock = new Clock();
    const sockets: FakeSocket[] = [];
    const requests: Recorded[] = [];
    const logs: string[] = [];
    const tokens: string[] = [];
    let route: Route = options.route ?? (() => ({ status: 200, body: { data: [], last_seq: 0 } }));
    let idCounter = 0;
    const client = new DiamyTelephony({
        baseUrl: 'https://api.diamy.test/',
        wsUrl: 'wss://api.diamy.test/v2/agent/stream',
        tokenSupplier: () => {
            const token = `secret-token-${tokens.length + 1}`;
            tokens.push(token);
            return Promise.resolve({ accessToken: token, expiresAt: clock.now() + (options.expiresIn ?? 3600_000) });
        },
        fetch: (url, init) => {
            const request = { method: init.method, url, headers: init.headers, body: init.body === undefined ? undefined : (JSON.parse(init.body) as unknown) };
            requests.push(request);
            const answer = route(request);
            if (answer === 'network') {
                return Promise.reject(new TypeError('Failed to fetch'));
            }
            return Promise.resolve({ status: answer.status, text: () => Promise.resolve(answer.body === undefined ? '' : JSON.stringify(answer.body)) });
        },
        socketFactory: (url) => {
            const socket = new FakeSocket(url);
            sockets.push(socket);
            return socket;
        },
        now: clock.now,
        random: () => 0.5,
        newId: () => `id-${++idCounter}`,
        setTimer: clock.setTimer,
        clearTimer: clock.clearTimer,
        log: (level, message) => logs.push(`${level} ${message}`),
        reconnectBaseMs: 1000,
        reconnectMaxMs: 30000,
        ...options
    });
    const states: ConnectionState[] = [];
    client.on('connection', (state) => states.push(state));
    const endedCalls: string[] = [];
    client.on('callEnded', (c) => endedCalls.push(c.id));
    const last = (): FakeSocket => {
        const socket = sockets[sockets.length - 1];
        if (!socket) {
            throw new Error('no socket');
        }
        return socket;
    };
    /** Connects and delivers the snapshot. */
    const online = async (lastSeq = 0, calls: Call[] = []): Promise<FakeSocket> => {
        client.connect();
        await settle();
        const socket = last();
        socket.open();
        socket.receive(snapshot(lastSeq, calls));
        await settle();
        return socket;
    };
    return { client, clock, sockets, requests, logs, tokens, states, endedCalls, last, online, setRoute: (r: Route) => (route = r) };
}
