/**
 * The telephony provider interface (in the spirit of salesforce/scv-connector-base: call control, presence,
 * directory, history, events, connection state) and its Diamy implementation over REST (fetch) + WebSocket,
 * as written in the contract (contract/openapi.json, contract/events.ts, docs/DIAMY-CONTRACT.md).
 *
 * - No secret in the browser: a token supplier gives short-lived per-agent tokens; the client refreshes them
 *   before expiry (and re-binds the open socket with `reauth`), on a 401 (then retries the command once) and on
 *   close code 4001. Tokens are never logged, never put in an error, never put in a URL: the socket URL carries
 *   at most `since`, and the token goes in the socket's first frame (`{"type":"auth"}`).
 * - Every command carries an Idempotency-Key; a retry (lost answer, 5xx, 401) reuses it, so Diamy acts once.
 * - The socket reconnects with exponential backoff and full jitter and asks for `since=<last seq>` so missed
 *   events are replayed; after a reconnect the active calls are re-read over REST. A ping runs on every
 *   heartbeat interval and a silent socket is declared dead.
 * - Every message from the socket and every REST answer goes through c/diamyCallState (never trusted as is).
 *
 * fetch, the WebSocket constructor, timers, clock, randomness and ids are injected.
 */
import { applyCalls, applyMessage, completeWrapUp, finishDial, initialState, startDial, validateCall } from 'c/diamyCallState';
import type { Call, CallView, Effect, PresenceStatus, TelephonyState } from 'c/diamyCallState';
import { redactText } from 'c/diamyRedact';

// ---------------------------------------------------------------------------------------------------------
// Provider interface
// ---------------------------------------------------------------------------------------------------------

/** What the agent sees of the link with the telephony provider. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface Colleague {
    id: string;
    name: string;
    extension: string;
    number: string;
    presence: PresenceStatus;
    onCall: boolean;
}

export interface RecentCallsQuery {
    limit?: number;
    offset?: number;
    direction?: 'inbound' | 'outbound' | 'all';
    status?: 'answered' | 'missed' | 'voicemail' | 'all';
    /** ISO date-times bounding the calls' start (contract: listRecentCalls `from` / `to`). */
    from?: string;
    to?: string;
}

/**
 * Whom to call (POST /v2/calls takes exactly one): an outside number (E.164; a colleague's direct number makes an
 * internal call), a colleague's extension or a colleague's Diamy user id (internal calls: contract, issue 11).
 * A bare string is `{ to }`.
 */
export type DialTarget = { to: string } | { toExtension: string } | { toUserId: string };

/** A colleague's extension as Diamy takes it (contract/events.ts EXTENSION_PATTERN). */
const EXTENSION_PATTERN = /^[0-9]{2,6}$/;
/** A Diamy user id: what the client accepts as an id anywhere (c/diamyCallState). */
const USER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** The body fields of a dial target, or why it cannot be sent. Run-time checked: callers outside TypeScript exist. */
function dialTargetBody(target: string | DialTarget): { ok: true; body: Record<string, string>; internal: boolean; shown: string } | { ok: false; reason: string } {
    if (typeof target === 'string') {
        return { ok: true, body: { to: target }, internal: false, shown: target };
    }
    const given = (['to', 'toExtension', 'toUserId'] as const).filter((key) => Object.hasOwn(target, key));
    if (given.length !== 1) {
        return { ok: false, reason: 'A dial target names exactly one of to, toExtension or toUserId' };
    }
    if ('toExtension' in target) {
        return EXTENSION_PATTERN.test(target.toExtension)
            ? { ok: true, body: { to_extension: target.toExtension }, internal: true, shown: target.toExtension }
            : { ok: false, reason: 'An extension is 2 to 6 digits' };
    }
    if ('toUserId' in target) {
        return USER_ID_PATTERN.test(target.toUserId)
            ? { ok: true, body: { to_user_id: target.toUserId }, internal: true, shown: target.toUserId }
            : { ok: false, reason: 'A user id is 1 to 64 letters, digits or . _ : -' };
    }
    return typeof target.to === 'string' && target.to !== '' ? { ok: true, body: { to: target.to }, internal: false, shown: target.to } : { ok: false, reason: 'The number to call is empty' };
}

export interface ProviderEvents {
    state: TelephonyState;
    connection: ConnectionState;
    /** A call seen ended for the first time (exactly once per call per client). */
    callEnded: Call;
    voicemail: { voicemailId: string; callId: string };
}

export interface TelephonyProvider {
    readonly connection: ConnectionState;
    readonly state: TelephonyState;
    connect(options?: { since?: number }): void;
    disconnect(): void;
    /** Places a call: to a number, or an internal call to a colleague ({ toExtension } or { toUserId }). */
    dial(target: string | DialTarget, options?: { fromLine?: string; toName?: string }): Promise<Call>;
    answer(callId: string): Promise<Call>;
    reject(callId: string): Promise<Call>;
    end(callId: string): Promise<Call>;
    hold(callId: string): Promise<Call>;
    resume(callId: string): Promise<Call>;
    mute(callId: string): Promise<Call>;
    unmute(callId: string): Promise<Call>;
    sendDigits(callId: string, digits: string): Promise<Call>;
    /** Blind transfer. */
    transfer(callId: string, to: string): Promise<Call>;
    /** Attended transfer, step 1: a consult leg (the call is held). */
    consult(callId: string, to: string): Promise<{ call: Call; consultCall: Call }>;
    completeConsult(callId: string): Promise<Call>;
    cancelConsult(callId: string): Promise<Call>;
    /** Conference: merge the call with another one (default: its consult leg). */
    merge(callId: string, withCallId?: string): Promise<Call[]>;
    setPresence(status: PresenceStatus): Promise<void>;
    /**
     * Local (no request to Diamy): the agent's wrap-up of an ended, answered call is done — the call leaves phase
     * `wrap_up` for `ended`, so it is no longer the focus, and `state` is emitted. False when the call is not in
     * wrap-up here (unknown, e.g. gone after a reload, or already wrapped): nothing changes.
     */
    completeWrapUp(callId: string): boolean;
    colleagues(query?: string): Promise<Colleague[]>;
    recentCalls(query?: RecentCallsQuery): Promise<Call[]>;
    callDetails(callId: string): Promise<Call>;
    /**
     * A short-lived signed link to a call's recording (POST /v2/calls/{call_id}/recording-link, designed): playable by
     * an <audio> element without the bearer token, which never leaves the client. The agent's own calls only.
     */
    recordingLink(callId: string): Promise<RecordingLink>;
    on<K extends keyof ProviderEvents>(event: K, listener: (value: ProviderEvents[K]) => void): () => void;
}

/** A signed recording link: the URL carries its own expiry and signature, never a token. */
export interface RecordingLink {
    url: string;
    /** ISO 8601: when the link stops playing. */
    expiresAt: string;
}

// ---------------------------------------------------------------------------------------------------------
// Injected platform
// ---------------------------------------------------------------------------------------------------------

export interface AccessToken {
    accessToken: string;
    /** Epoch milliseconds. */
    expiresAt: number;
}
export type TokenSupplier = () => Promise<AccessToken>;

export interface HttpResponseLike {
    status: number;
    text(): Promise<string>;
}
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<HttpResponseLike>;

export interface SocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    onopen: ((event: unknown) => void) | null;
    onmessage: ((event: { data: unknown }) => void) | null;
    onclose: ((event: { code: number }) => void) | null;
    onerror: ((event: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export type LogLevel = 'info' | 'warn' | 'error';

export interface DiamyOptions {
    /** REST base, e.g. https://<your Diamy host> (paths start with /v2). */
    baseUrl: string;
    /** Agent channel, e.g. wss://<your Diamy host>/v2/agent/stream. */
    wsUrl: string;
    tokenSupplier: TokenSupplier;
    fetch?: FetchLike;
    socketFactory?: SocketFactory;
    now?: () => number;
    random?: () => number;
    newId?: () => string;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
    /** Diagnostics; messages never contain a token. */
    log?: (level: LogLevel, message: string) => void;
    /** Refresh the token this long before it expires (the expiry is capped at MAX_TOKEN_LIFETIME_MS after issue). */
    refreshMarginMs?: number;
    reconnectBaseMs?: number;
    reconnectMaxMs?: number;
    /** After this many failed reconnect attempts the state reads `offline` (attempts go on in the background). */
    offlineAfterAttempts?: number;
    /** Ping interval before the server announces its heartbeat interval. */
    pingIntervalMs?: number;
    /** A socket silent for this many heartbeat intervals is dead. */
    deadAfterIntervals?: number;
    /** Transient failures (network, 502/503/504) retried per command, same Idempotency-Key. */
    commandRetries?: number;
    commandRetryDelayMs?: number;
    /**
     * Accept plain http:// and ws:// URLs to a loopback host (127.0.0.1, localhost, [::1]). Default false: only
     * https:// and wss://. Only the workbench (its c-diamy-agent-token double) and tests against the local sandbox
     * set it; the package's own token component never does.
     */
    allowInsecureLoopback?: boolean;
}

/** A failed operation: code from the contract's error body (or network / invalid_response). Never holds a token. */
export class DiamyError extends Error {
    readonly code: string;
    readonly status: number;
    constructor(code: string, status: number, message: string) {
        super(message);
        this.name = 'DiamyError';
        this.code = code;
        this.status = status;
    }
}

const OPEN = 1;
const RETRYABLE_STATUS = [0, 502, 503, 504];

/**
 * The longest the client trusts an agent token, whatever Diamy (`expires_in`) or the supplier (`expiresAt`) says:
 * a later expiry is treated as issue time + 15 min, so a token is refreshed at most 15 min − the margin after issue
 * and a leaked token is never relied on for longer by this client.
 */
export const MAX_TOKEN_LIFETIME_MS = 15 * 60_000;
/** A refresh is never scheduled sooner than this after the token arrived (no refresh loop on a bad expiry). */
const MIN_REFRESH_DELAY_MS = 5_000;

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a Diamy URL is refused, or null when it may be used: `secure` (https:/wss:) only; with
 * `allowInsecureLoopback`, also its plain counterpart (http:/ws:) to a loopback host. Never echoes the URL.
 */
export function insecureUrlReason(url: string, secure: 'https:' | 'wss:', allowInsecureLoopback: boolean): string | null {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return 'not an absolute URL';
    }
    if (parsed.protocol === secure) {
        return null;
    }
    const plain = secure === 'https:' ? 'http:' : 'ws:';
    if (allowInsecureLoopback && parsed.protocol === plain && LOOPBACK_HOSTS.includes(parsed.hostname)) {
        return null;
    }
    return `must be ${secure}//`;
}

/** A token as the client holds it: expiry capped, and when to refresh it. */
interface HeldToken extends AccessToken {
    refreshAt: number;
}

/** Browser defaults, reached through globalThis so tests inject their own and components never schedule work. */
const platform = {
    setTimer: (fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms),
    clearTimer: (handle: unknown): void => globalThis.clearTimeout(handle as number),
    fetch: (url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<HttpResponseLike> => globalThis.fetch(url, init),
    socket: (url: string): SocketLike => new globalThis.WebSocket(url) as unknown as SocketLike
};

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let idCounter = 0;
function defaultId(): string {
    idCounter += 1;
    const random = typeof globalThis.crypto?.randomUUID === 'function' ? globalThis.crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    return `${random}-${idCounter}`;
}

type Listeners = { [K in keyof ProviderEvents]: Set<(value: ProviderEvents[K]) => void> };

export class DiamyTelephony implements TelephonyProvider {
    private readonly baseUrl: string;
    private readonly wsUrl: string;
    private readonly tokenSupplier: TokenSupplier;
    private readonly fetchFn: FetchLike;
    private readonly socketFactory: SocketFactory;
    private readonly now: () => number;
    private readonly random: () => number;
    private readonly newId: () => string;
    private readonly setTimer: (fn: () => void, ms: number) => unknown;
    private readonly clearTimer: (handle: unknown) => void;
    private readonly logFn: (level: LogLevel, message: string) => void;
    private readonly refreshMarginMs: number;
    private readonly reconnectBaseMs: number;
    private readonly reconnectMaxMs: number;
    private readonly offlineAfterAttempts: number;
    private readonly deadAfterIntervals: number;
    private readonly commandRetries: number;
    private readonly commandRetryDelayMs: number;
    /** Set when a Diamy URL is not https/wss: nothing is ever sent (no token asked, no socket, no request). */
    private readonly urlRefusal: string | null;

    private stateValue: TelephonyState = initialState();
    private ownUserIdValue: string | null | undefined = undefined;
    private connectionValue: ConnectionState = 'offline';
    private readonly listeners: Listeners = { state: new Set(), connection: new Set(), callEnded: new Set(), voicemail: new Set() };
    private socket: SocketLike | null = null;
    /** The current socket once its auth frame is sent. */
    private authenticatedSocket: SocketLike | null = null;
    private generation = 0;
    private running = false;
    private everConnected = false;
    private attempts = 0;
    private token: HeldToken | null = null;
    private tokenRequest: Promise<HeldToken> | null = null;
    private reconnectTimer: unknown = null;
    private livenessTimer: unknown = null;
    private refreshTimer: unknown = null;
    private pingIntervalMs: number;
    private lastMessageAt = 0;
    private resyncRunning: Promise<void> | null = null;
    private resyncAgain = false;
    private resyncRecent = false;
    /** Counters for diagnostics and tests. */
    readonly stats = { connects: 0, reconnects: 0, resyncs: 0, tokenRefreshes: 0, messages: 0, pingsSent: 0, deadSockets: 0 };

    constructor(options: DiamyOptions) {
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.wsUrl = options.wsUrl;
        this.tokenSupplier = options.tokenSupplier;
        this.fetchFn = options.fetch ?? platform.fetch;
        this.socketFactory = options.socketFactory ?? platform.socket;
        this.now = options.now ?? (() => Date.now());
        this.random = options.random ?? Math.random;
        this.newId = options.newId ?? defaultId;
        this.setTimer = options.setTimer ?? platform.setTimer;
        this.clearTimer = options.clearTimer ?? platform.clearTimer;
        const log = options.log;
        // Diagnostics carry text from Diamy's answers (error codes): redacted like the integration log.
        this.logFn = log ? (level, message) => log(level, redactText(message)) : () => undefined;
        this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
        this.reconnectBaseMs = options.reconnectBaseMs ?? 1000;
        this.reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
        this.offlineAfterAttempts = options.offlineAfterAttempts ?? 4;
        this.pingIntervalMs = options.pingIntervalMs ?? 15_000;
        this.deadAfterIntervals = options.deadAfterIntervals ?? 2.5;
        this.commandRetries = options.commandRetries ?? 2;
        this.commandRetryDelayMs = options.commandRetryDelayMs ?? 250;
        const loopback = options.allowInsecureLoopback === true;
        const restReason = insecureUrlReason(this.baseUrl, 'https:', loopback);
        const channelReason = insecureUrlReason(this.wsUrl, 'wss:', loopback);
        this.urlRefusal = restReason ? `REST base URL ${restReason}` : channelReason ? `agent channel URL ${channelReason}` : null;
    }

    get connection(): ConnectionState {
        return this.connectionValue;
    }

    get state(): TelephonyState {
        return this.stateValue;
    }

    on<K extends keyof ProviderEvents>(event: K, listener: (value: ProviderEvents[K]) => void): () => void {
        const set = this.listeners[event] as Set<(value: ProviderEvents[K]) => void>;
        set.add(listener);
        return () => set.delete(listener);
    }

    private emit<K extends keyof ProviderEvents>(event: K, value: ProviderEvents[K]): void {
        for (const listener of this.listeners[event] as Set<(value: ProviderEvents[K]) => void>) {
            try {
                listener(value);
            } catch {
                this.logFn('error', `a ${event} listener failed`);
            }
        }
    }

    private setConnection(next: ConnectionState): void {
        if (this.connectionValue !== next) {
            this.connectionValue = next;
            this.logFn('info', `connection ${next}`);
            this.emit('connection', next);
        }
    }

    private setState(next: TelephonyState, effects: readonly Effect[]): void {
        if (next !== this.stateValue) {
            this.stateValue = next;
            this.emit('state', next);
        }
        for (const effect of effects) {
            if (effect.kind === 'call-ended') {
                this.emit('callEnded', effect.view.call);
            } else if (effect.kind === 'voicemail') {
                this.emit('voicemail', { voicemailId: effect.voicemailId, callId: effect.callId });
            } else {
                this.resync().catch(() => undefined);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- tokens

    private async accessToken(failed: string | null = null): Promise<string> {
        const current = this.token;
        const fresh = current && this.now() < current.refreshAt;
        if (current && fresh && current.accessToken !== failed) {
            return current.accessToken;
        }
        return (await this.refreshToken()).accessToken;
    }

    /**
     * The token as trusted: expiry capped at MAX_TOKEN_LIFETIME_MS after now; refreshed `refreshMarginMs` before
     * that, but not before half its life (a token shorter than the margin) nor within MIN_REFRESH_DELAY_MS.
     */
    private trusted(token: AccessToken): HeldToken {
        const issuedAt = this.now();
        const expiresAt = Math.min(token.expiresAt, issuedAt + MAX_TOKEN_LIFETIME_MS);
        const lifetime = Math.max(0, expiresAt - issuedAt);
        const refreshAt = issuedAt + Math.max(lifetime - this.refreshMarginMs, lifetime / 2, MIN_REFRESH_DELAY_MS);
        return { accessToken: token.accessToken, expiresAt, refreshAt };
    }

    private refreshToken(): Promise<HeldToken> {
        if (!this.tokenRequest) {
            this.tokenRequest = this.tokenSupplier()
                .then((token) => {
                    if (!isRecord(token) || typeof token.accessToken !== 'string' || token.accessToken === '' || typeof token.expiresAt !== 'number' || !Number.isFinite(token.expiresAt)) {
                        throw new DiamyError('invalid_token', 0, 'The token supplier returned no usable token');
                    }
                    this.stats.tokenRefreshes += 1;
                    this.token = this.trusted(token);
                    this.scheduleRefresh();
                    return this.token;
                })
                .catch((error: unknown) => {
                    this.logFn('error', 'token supplier failed');
                    throw error instanceof DiamyError ? error : new DiamyError('token_unavailable', 0, 'No access token could be obtained');
                })
                .finally(() => {
                    this.tokenRequest = null;
                });
        }
        return this.tokenRequest;
    }

    /** Refreshes shortly before the (capped) expiry and re-binds the open socket, so it is not closed with 4001. */
    private scheduleRefresh(): void {
        this.cancel('refreshTimer');
        if (!this.running || !this.token) {
            return;
        }
        const delay = Math.max(0, this.token.refreshAt - this.now());
        this.refreshTimer = this.setTimer(() => {
            this.refreshTimer = null;
            this.refreshToken()
                .then((token) => {
                    // Only on a socket that sent its auth frame (reauth can never be a first frame).
                    const socket = this.socket;
                    if (socket && socket === this.authenticatedSocket && socket.readyState === OPEN) {
                        socket.send(JSON.stringify({ type: 'reauth', access_token: token.accessToken }));
                    }
                })
                .catch(() => undefined);
        }, delay);
    }

    // ----------------------------------------------------------------------------------------------- socket

    connect(options: { since?: number } = {}): void {
        if (this.running) {
            return;
        }
        if (this.urlRefusal) {
            this.logFn('error', `Diamy refused: the ${this.urlRefusal}`);
            this.setConnection('offline');
            return;
        }
        if (options.since !== undefined && options.since > this.stateValue.lastSeq) {
            // A tab taking over: continue the stream where the previous owner was, so nothing is missed.
            this.stateValue = { ...this.stateValue, lastSeq: options.since };
        }
        this.running = true;
        this.attempts = 0;
        // A token obtained while not running (a REST call before connect(), or before a disconnect()) has no
        // refresh timer: schedule it now, or the socket is never re-bound and Diamy closes it with 4001.
        this.scheduleRefresh();
        this.setConnection(this.everConnected ? 'reconnecting' : 'connecting');
        this.open();
    }

    disconnect(): void {
        this.running = false;
        this.cancel('reconnectTimer');
        this.cancel('livenessTimer');
        this.cancel('refreshTimer');
        this.detach(1000);
        this.setConnection('offline');
    }

    private cancel(name: 'reconnectTimer' | 'livenessTimer' | 'refreshTimer'): void {
        if (this[name] !== null) {
            this.clearTimer(this[name]);
            this[name] = null;
        }
    }

    /** Forgets the current socket (its late events are ignored) and closes it. */
    private detach(code: number): void {
        const socket = this.socket;
        this.socket = null;
        this.authenticatedSocket = null;
        this.generation += 1;
        if (socket) {
            socket.onopen = null;
            socket.onmessage = null;
            socket.onclose = null;
            socket.onerror = null;
            try {
                socket.close(code);
            } catch {
                // Already closed.
            }
        }
    }

    private open(): void {
        const generation = ++this.generation;
        this.accessToken()
            .then((token) => {
                if (!this.running || generation !== this.generation) {
                    return;
                }
                let socket: SocketLike;
                try {
                    // No secret in the URL (it would land in access logs, proxies, HAR files): only `since`.
                    socket = this.socketFactory(this.channelUrl());
                } catch {
                    this.logFn('warn', 'could not open the agent channel');
                    this.scheduleReconnect();
                    return;
                }
                this.socket = socket;
                this.stats.connects += 1;
                socket.onopen = () => {
                    if (generation !== this.generation) {
                        return;
                    }
                    // The first frame authenticates the socket; the server sends nothing before it.
                    try {
                        socket.send(JSON.stringify({ type: 'auth', access_token: this.token?.accessToken ?? token }));
                        this.authenticatedSocket = socket;
                    } catch {
                        // The close event follows.
                    }
                    this.lastMessageAt = this.now();
                    this.startLiveness();
                };
                socket.onmessage = (event) => {
                    if (generation === this.generation) {
                        this.receive(event.data);
                    }
                };
                socket.onclose = (event) => {
                    if (generation === this.generation) {
                        this.onClose(typeof event?.code === 'number' ? event.code : 1006);
                    }
                };
                socket.onerror = () => undefined;
            })
            .catch(() => {
                if (this.running && generation === this.generation) {
                    this.scheduleReconnect();
                }
            });
    }

    /** The agent channel URL for the next connection: at most `since=<last seq>`, never a credential. */
    private channelUrl(): string {
        if (this.stateValue.lastSeq <= 0) {
            return this.wsUrl;
        }
        return `${this.wsUrl}${this.wsUrl.includes('?') ? '&' : '?'}since=${this.stateValue.lastSeq}`;
    }

    private onClose(code: number): void {
        this.socket = null;
        this.authenticatedSocket = null;
        this.generation += 1;
        this.cancel('livenessTimer');
        if (!this.running) {
            return;
        }
        this.logFn('warn', `agent channel closed (${code})`);
        if (code === 4003) {
            // The agent may not use the channel (deactivated): retrying cannot help.
            this.running = false;
            this.setConnection('offline');
            return;
        }
        if (code === 4001) {
            // Token expired or revoked: the next open() asks the supplier for a new one.
            this.token = null;
        }
        // 4002 (no valid auth frame in time: a very slow link) and the rest: reconnect with backoff.
        if (code === 4000) {
            // The server refused our `since`: reconnect without it; the REST resync reconciles.
            this.stateValue = { ...this.stateValue, lastSeq: 0 };
        }
        this.scheduleReconnect(code === 4001 && this.attempts === 0);
    }

    /** Exponential backoff with full jitter: a delay in [½, 1] of min(max, base·2^n). */
    reconnectDelay(attempt: number): number {
        const ceiling = Math.min(this.reconnectMaxMs, this.reconnectBaseMs * 2 ** Math.min(attempt, 20));
        return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    }

    private scheduleReconnect(immediate = false): void {
        if (!this.running || this.reconnectTimer !== null) {
            return;
        }
        const delay = immediate ? 0 : this.reconnectDelay(this.attempts);
        this.attempts += 1;
        this.setConnection(this.attempts > this.offlineAfterAttempts ? 'offline' : this.everConnected ? 'reconnecting' : 'connecting');
        this.reconnectTimer = this.setTimer(() => {
            this.reconnectTimer = null;
            this.stats.reconnects += 1;
            this.open();
        }, delay);
    }

    private startLiveness(): void {
        this.cancel('livenessTimer');
        this.livenessTimer = this.setTimer(() => {
            this.livenessTimer = null;
            const socket = this.socket;
            if (!socket || !this.running) {
                return;
            }
            if (this.now() - this.lastMessageAt >= this.pingIntervalMs * this.deadAfterIntervals) {
                // Nothing heard (no heartbeat, no pong) for too long: the connection is dead even if not closed.
                this.stats.deadSockets += 1;
                this.logFn('warn', 'agent channel silent: reconnecting');
                this.detach(4000);
                this.cancel('livenessTimer');
                this.scheduleReconnect(true);
                return;
            }
            try {
                socket.send(JSON.stringify({ type: 'ping', id: this.newId() }));
                this.stats.pingsSent += 1;
            } catch {
                // The close event follows.
            }
            this.startLiveness();
        }, this.pingIntervalMs);
    }

    /** One message from the socket: parsed, validated and applied by c/diamyCallState; never throws. */
    receive(data: unknown): void {
        this.lastMessageAt = this.now();
        this.stats.messages += 1;
        let parsed: unknown = data;
        if (typeof data === 'string') {
            try {
                parsed = JSON.parse(data);
            } catch {
                parsed = data;
            }
        }
        const result = applyMessage(this.stateValue, parsed);
        const message = result.message;
        if (message?.kind === 'snapshot') {
            const reconnected = this.everConnected;
            this.everConnected = true;
            this.attempts = 0;
            if (message.heartbeatIntervalMs > 0 && message.heartbeatIntervalMs !== this.pingIntervalMs) {
                this.pingIntervalMs = message.heartbeatIntervalMs;
                this.startLiveness();
            }
            this.setConnection('connected');
            this.setState(result.state, result.effects);
            if (reconnected || message.gap) {
                this.resync(message.gap).catch(() => undefined);
            }
            return;
        }
        this.setState(result.state, result.effects);
    }

    // ----------------------------------------------------------------------------------------------- resync

    /**
     * Re-reads the active calls (GET /v2/agent/calls/active) and the final state of every call we still hold
     * as live that Diamy no longer lists (it ended while we were away): each yields its call-ended once.
     * With `recent`, also the recent calls (the server could not replay everything).
     */
    resync(recent = false): Promise<void> {
        this.resyncRecent = this.resyncRecent || recent;
        if (this.resyncRunning) {
            this.resyncAgain = true;
            return this.resyncRunning;
        }
        const withRecent = this.resyncRecent;
        this.resyncRecent = false;
        this.resyncRunning = this.doResync(withRecent).finally(() => {
            this.resyncRunning = null;
            if (this.resyncAgain) {
                this.resyncAgain = false;
                this.resync().catch(() => undefined);
            }
        });
        return this.resyncRunning;
    }

    private async doResync(recent: boolean): Promise<void> {
        this.stats.resyncs += 1;
        const seqBefore = this.stateValue.lastSeq;
        const body = await this.request('GET', '/v2/agent/calls/active', undefined, false);
        const active = this.calls(isRecord(body) ? body.data : null);
        const lastSeq = isRecord(body) && typeof body.last_seq === 'number' ? body.last_seq : 0;
        // If the socket delivered newer events meanwhile, it is ahead of this answer: only learn unknown calls.
        const current = lastSeq >= this.stateValue.lastSeq || this.stateValue.lastSeq === seqBefore;
        const known = this.stateValue.calls;
        const merged = applyCalls(this.stateValue, current ? active : active.filter((call) => !known[call.id]));
        this.setState({ ...merged.state, needsResync: false, lastSeq: Math.max(merged.state.lastSeq, lastSeq) }, merged.effects);
        const activeIds = new Set(active.map((call) => call.id));
        const missing = Object.values(this.stateValue.calls).filter((view) => isLive(view) && !activeIds.has(view.call.id));
        const finals = await Promise.all(missing.map((view) => this.callDetails(view.call.id).catch(() => null)));
        this.applyRest(finals.filter((call): call is Call => call !== null));
        if (recent) {
            const calls = await this.recentCalls({ limit: 100 });
            this.applyRest(calls.filter((call) => call.state === 'ended'));
        }
    }

    // ----------------------------------------------------------------------------------------------- REST

    private request(method: string, path: string, body: unknown, command: boolean): Promise<unknown> {
        return this.send({ method, path, body, key: command ? this.newId() : null, failedToken: null, authRetried: false, transient: 0 });
    }

    /** One HTTP attempt; retries (recursively) once after a 401 and on transient failures, same Idempotency-Key. */
    private async send(attempt: { method: string; path: string; body: unknown; key: string | null; failedToken: string | null; authRetried: boolean; transient: number }): Promise<unknown> {
        const { method, path, body, key } = attempt;
        if (this.urlRefusal) {
            this.logFn('error', `Diamy refused: the ${this.urlRefusal}`);
            throw new DiamyError('insecure_url', 0, 'Diamy URLs must use https:// and wss://');
        }
        const token = await this.accessToken(attempt.failedToken);
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
        if (key) {
            headers['idempotency-key'] = key;
        }
        if (body !== undefined) {
            headers['content-type'] = 'application/json';
        }
        let status = 0;
        let text = '';
        try {
            const response = await this.fetchFn(`${this.baseUrl}${path}`, body === undefined ? { method, headers } : { method, headers, body: JSON.stringify(body) });
            status = response.status;
            text = await response.text();
        } catch {
            status = 0;
        }
        let json: unknown = null;
        try {
            json = text ? JSON.parse(text) : null;
        } catch {
            json = null;
        }
        if (status === 401 && !attempt.authRetried) {
            // Expired or revoked token: refresh and retry once, same Idempotency-Key.
            return this.send({ ...attempt, failedToken: token, authRetried: true });
        }
        if (RETRYABLE_STATUS.includes(status) && attempt.transient < this.commandRetries) {
            const transient = attempt.transient + 1;
            await new Promise<void>((resolve) => this.setTimer(resolve, this.commandRetryDelayMs * transient));
            return this.send({ ...attempt, transient });
        }
        if (status >= 200 && status < 300) {
            return json;
        }
        const error = isRecord(json) && isRecord(json.error) ? json.error : {};
        const code = typeof error.code === 'string' ? error.code : status === 0 ? 'network' : 'http_error';
        const where = `${method} ${path.split('?')[0] ?? ''}`;
        const message = typeof error.message === 'string' ? error.message : `${where} failed (${status})`;
        this.logFn('warn', `${where} → ${status} ${code}`);
        throw new DiamyError(code, status, message);
    }

    /** Validated Call resources from an untrusted list (invalid ones are dropped). */
    private calls(raw: unknown): Call[] {
        if (!Array.isArray(raw)) {
            throw new DiamyError('invalid_response', 200, 'Diamy answered with an unexpected body');
        }
        return raw.flatMap((item) => {
            const checked = validateCall(item);
            return checked.ok ? [checked.value] : [];
        });
    }

    private call(raw: unknown): Call {
        const checked = validateCall(raw);
        if (!checked.ok) {
            throw new DiamyError('invalid_response', 200, `Diamy answered with an invalid call: ${checked.reason}`);
        }
        return checked.value;
    }

    /**
     * REST answers are applied for calls the client does not know yet and for ended calls (final); a live call
     * already known is left to the socket, whose events may be newer than this answer.
     */
    private applyRest(calls: readonly Call[]): void {
        const fresh = calls.filter((call) => call.state === 'ended' || !this.stateValue.calls[call.id]);
        if (fresh.length > 0) {
            const merged = applyCalls(this.stateValue, fresh);
            this.setState(merged.state, merged.effects);
        }
    }

    private async command(callId: string, action: string, body: Record<string, unknown> = {}): Promise<Call> {
        const answer = await this.request('POST', `/v2/calls/${encodeURIComponent(callId)}/${action}`, body, true);
        const call = this.call(isRecord(answer) ? answer.call : null);
        this.applyRest([call]);
        return call;
    }

    async dial(target: string | DialTarget, options: { fromLine?: string; toName?: string } = {}): Promise<Call> {
        const checked = dialTargetBody(target);
        if (!checked.ok) {
            throw new DiamyError('invalid_request', 0, checked.reason);
        }
        const pendingId = `pending_${this.newId()}`;
        const agentId = this.stateValue.agentId ?? Object.values(this.stateValue.calls)[0]?.call.agent_id ?? 'me';
        this.setState(startDial(this.stateValue, pendingId, checked.shown, agentId, new Date(this.now()).toISOString()), []);
        const body: Record<string, unknown> = { ...checked.body };
        // Diamy ignores the line of an internal call: not sent.
        if (options.fromLine && !checked.internal) {
            body.from_line = options.fromLine;
        }
        if (options.toName) {
            body.to_name = options.toName;
        }
        try {
            const answer = await this.request('POST', '/v2/calls', body, true);
            const call = this.call(isRecord(answer) ? answer.call : null);
            const known = this.stateValue.calls[call.id];
            const done = finishDial(this.stateValue, pendingId, known && call.state !== 'ended' ? null : call);
            this.setState(done.state, done.effects);
            return call;
        } catch (error) {
            const done = finishDial(this.stateValue, pendingId, null);
            this.setState(done.state, done.effects);
            throw error;
        }
    }

    answer(callId: string): Promise<Call> {
        return this.command(callId, 'answer');
    }
    reject(callId: string): Promise<Call> {
        return this.command(callId, 'reject');
    }
    end(callId: string): Promise<Call> {
        return this.command(callId, 'hangup');
    }
    hold(callId: string): Promise<Call> {
        return this.command(callId, 'hold');
    }
    resume(callId: string): Promise<Call> {
        return this.command(callId, 'resume');
    }
    mute(callId: string): Promise<Call> {
        return this.command(callId, 'mute');
    }
    unmute(callId: string): Promise<Call> {
        return this.command(callId, 'unmute');
    }
    sendDigits(callId: string, digits: string): Promise<Call> {
        return this.command(callId, 'dtmf', { digits });
    }
    transfer(callId: string, to: string): Promise<Call> {
        return this.command(callId, 'transfer', { to });
    }
    completeConsult(callId: string): Promise<Call> {
        return this.command(callId, 'consult/complete');
    }
    cancelConsult(callId: string): Promise<Call> {
        return this.command(callId, 'consult/cancel');
    }

    async consult(callId: string, to: string): Promise<{ call: Call; consultCall: Call }> {
        const answer = await this.request('POST', `/v2/calls/${encodeURIComponent(callId)}/consult`, { to }, true);
        const call = this.call(isRecord(answer) ? answer.call : null);
        const consultCall = this.call(isRecord(answer) ? answer.consult_call : null);
        this.applyRest([call, consultCall]);
        return { call, consultCall };
    }

    async merge(callId: string, withCallId?: string): Promise<Call[]> {
        const answer = await this.request('POST', `/v2/calls/${encodeURIComponent(callId)}/merge`, withCallId ? { with_call_id: withCallId } : {}, true);
        const calls = this.calls(isRecord(answer) ? answer.calls : null);
        this.applyRest(calls);
        return calls;
    }

    async setPresence(status: PresenceStatus): Promise<void> {
        await this.request('PUT', '/v2/agent/presence', { status }, true);
    }

    completeWrapUp(callId: string): boolean {
        const next = completeWrapUp(this.stateValue, callId);
        if (next === this.stateValue) {
            return false;
        }
        this.setState(next, []);
        return true;
    }

    /** The agent's own Diamy user id (GET /v2/agent/me), read once; undefined when Diamy does not answer. */
    private async ownUserId(): Promise<string | undefined> {
        if (this.ownUserIdValue === undefined) {
            try {
                const me = await this.request('GET', '/v2/agent/me', undefined, false);
                this.ownUserIdValue = isRecord(me) && typeof me.id === 'string' ? me.id : null;
            } catch {
                return undefined; // asked again next time
            }
        }
        return this.ownUserIdValue ?? undefined;
    }

    /** The other users of the Diamy account with their presence; the agent is not their own colleague. */
    async colleagues(query?: string): Promise<Colleague[]> {
        const answer = await this.request('GET', `/v2/users${query ? `?q=${encodeURIComponent(query)}` : ''}`, undefined, false);
        const data = isRecord(answer) && Array.isArray(answer.data) ? (answer.data as unknown[]) : [];
        const self = await this.ownUserId();
        return data.flatMap((user) => {
            if (!isRecord(user) || typeof user.id !== 'string' || !isRecord(user.presence) || user.id === self) {
                return [];
            }
            const presence = user.presence;
            return [
                {
                    id: user.id,
                    name: typeof user.name === 'string' ? user.name : user.id,
                    extension: typeof user.extension === 'string' ? user.extension : '',
                    number: typeof user.number === 'string' ? user.number : '',
                    presence: (typeof presence.status === 'string' ? presence.status : 'offline') as PresenceStatus,
                    onCall: presence.on_call === true
                }
            ];
        });
    }

    async recentCalls(query: RecentCallsQuery = {}): Promise<Call[]> {
        const params = Object.entries(query)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
            .join('&');
        const answer = await this.request('GET', `/v2/calls/recent${params ? `?${params}` : ''}`, undefined, false);
        return this.calls(isRecord(answer) ? answer.data : null);
    }

    async callDetails(callId: string): Promise<Call> {
        const answer = await this.request('GET', `/v2/calls/${encodeURIComponent(callId)}`, undefined, false);
        return this.call(isRecord(answer) && isRecord(answer.call) ? answer.call : answer);
    }

    /**
     * Reads nothing into the call state. The link must be an https URL on Diamy's own host (the only host the
     * Trusted URL lets the page load media from; the workbench's loopback sandbox allows http) and carry a readable
     * expiry; anything else is invalid_response.
     */
    async recordingLink(callId: string): Promise<RecordingLink> {
        const answer = await this.request('POST', `/v2/calls/${encodeURIComponent(callId)}/recording-link`, undefined, false);
        const url = isRecord(answer) && typeof answer.url === 'string' ? answer.url : '';
        const expiresAt = isRecord(answer) && typeof answer.expires_at === 'string' ? answer.expires_at : '';
        if (!this.sameHost(url) || !Number.isFinite(Date.parse(expiresAt))) {
            throw new DiamyError('invalid_response', 200, 'Diamy answered with an unusable recording link');
        }
        return { url, expiresAt: new Date(Date.parse(expiresAt)).toISOString() };
    }

    private sameHost(url: string): boolean {
        try {
            const link = new URL(url);
            const base = new URL(this.baseUrl);
            return link.host === base.host && link.protocol === base.protocol && !link.username && !link.password;
        } catch {
            return false;
        }
    }
}

function isLive(view: CallView): boolean {
    return view.phase !== 'dialing' && view.phase !== 'wrap_up' && view.phase !== 'ended';
}
