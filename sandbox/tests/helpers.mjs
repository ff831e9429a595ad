// Test helpers: a real sandbox on a free port, an HTTP client for the contract, and a WebSocket reader that
// waits for events. Everything goes over real sockets (fetch + ws), nothing is mocked.
import WebSocket from 'ws';
import { startSandbox } from '../index.mjs';

export const CAMILLE = { id: 'usr_camille.martin', sf: '005000000000001AAA', number: '+33189000201' };
export const HUGO = { id: 'usr_hugo.lefevre', sf: '005000000000002AAA', number: '+33189000202' };
export const LEA = { id: 'usr_lea.dubois', sf: '005000000000003AAA', number: '+33189000203' };
export const ORG = '00D000000000001AAA';
export const SOPHIE = '+33612345678';

export async function bootSandbox(options = {}) {
    return startSandbox({ port: 0, ...options });
}

/**
 * An answered, ended inbound call from `from` to `user`, with its recording (checked to play), after `seconds` of
 * talk and with `notes` when given. `status()`: the recording's status now (200, or 404 once erased).
 */
export async function recordedCall(base, { from = SOPHIE, user = CAMILLE, notes = null, seconds = 0 } = {}) {
    const a = await agent(base, user);
    const { call } = await control(base, 'POST', '/sandbox/calls/inbound', { from, agent_id: user.id });
    await a.ok('POST', `/v2/calls/${call.id}/answer`);
    if (seconds > 0) await control(base, 'POST', '/sandbox/clock', { advance_seconds: seconds });
    if (notes !== null) await a.ok('PATCH', `/v2/calls/${call.id}`, { notes });
    const { call: ended } = await a.ok('POST', `/v2/calls/${call.id}/hangup`);
    const status = async () => (await http(base, 'GET', new URL(ended.recording_url).pathname, { token: a.token })).status;
    if (!ended.recording_url || (await status()) !== 200) throw new Error(`call ${ended.id} has no playable recording`);
    return { a, call: ended, status };
}

export async function http(base, method, path, { body, token, headers = {}, raw = false } = {}) {
    const response = await fetch(`${base}${path}`, {
        method,
        headers: {
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    });
    const text = raw ? null : await response.text();
    let json = null;
    if (text) {
        try {
            json = JSON.parse(text);
        } catch {
            json = null;
        }
    }
    return { status: response.status, headers: response.headers, body: json, response };
}

/** Sandbox control API call that must succeed. */
export async function control(base, method, path, body) {
    const result = await http(base, method, path, { body: method === 'GET' ? undefined : (body ?? {}) });
    if (result.status !== 200) {
        throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
    }
    return result.body;
}

export const CLIENT = { client_id: 'sandbox-client', client_secret: 'sandbox-secret' };
/** The only scope the Salesforce connection asks for: POST /v2/agent/sessions and nothing else. */
export const SESSION_SCOPE = 'agent_sessions:create';

/** The org's client-credentials token (what the External Credential Diamy gets) with `scope`; null = no scope asked. */
export async function orgToken(base, scope = SESSION_SCOPE) {
    const result = await http(base, 'POST', '/v2/oauth/token', {
        body: { grant_type: 'client_credentials', ...CLIENT, ...(scope === null ? {} : { scope }) }
    });
    if (result.status !== 200) throw new Error(`client credentials failed ${result.status} ${JSON.stringify(result.body)}`);
    return result.body.access_token;
}

/** An agent session the way the org gets one (flow Diamy_Agent_Session): the org token as Bearer, user and org id. */
export async function login(base, user = CAMILLE) {
    const result = await http(base, 'POST', '/v2/agent/sessions', {
        token: await orgToken(base),
        body: { salesforce_user_id: user.sf, salesforce_org_id: ORG }
    });
    if (result.status !== 201) throw new Error(`login failed ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
}

/** An agent: a session plus helpers for commands. */
export async function agent(base, user = CAMILLE) {
    const session = await login(base, user);
    const self = {
        session,
        token: session.access_token,
        id: session.agent.id,
        cmd: (method, path, body, headers) => http(base, method, path, { body, token: self.token, headers }),
        /** A command that must succeed; returns the body. */
        ok: async (method, path, body, headers) => {
            const result = await self.cmd(method, path, body, headers);
            if (result.status >= 300) throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
            return result.body;
        },
        stream: (since) => openStream(session.websocket_url, self.token, since)
    };
    return self;
}

/**
 * Opens the agent channel the way the contract says: the URL carries at most `since`, the first frame is
 * {"type":"auth","access_token"}. Resolves once the session.snapshot (or an error) arrived, or the server closed.
 */
export function openStream(wsUrl, token, since) {
    const url = `${wsUrl}${since === undefined ? '' : `?since=${since}`}`;
    const socket = new WebSocket(url);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', access_token: token })));
    const messages = [];
    const waiters = [];
    let closeInfo = null;
    const closed = new Promise((resolve) => {
        socket.on('close', (code, reason) => {
            closeInfo = { code, reason: reason.toString() };
            resolve(closeInfo);
            for (const waiter of waiters.splice(0)) waiter.reject(new Error(`socket closed ${code} while waiting for ${waiter.label}`));
        });
    });
    socket.on('error', () => {});
    const stream = {
        socket,
        messages,
        closed,
        get closeInfo() {
            return closeInfo;
        },
        /** Stored events only (those with a seq that moves). */
        events: () => messages.filter((m) => !['heartbeat', 'pong', 'error', 'session.snapshot'].includes(m.type)),
        /** Next message (from index `from`) matching predicate. */
        waitFor(predicate, label = 'event', timeoutMs = 3000, from = 0) {
            const found = messages.slice(from).find(predicate);
            if (found) return Promise.resolve(found);
            if (closeInfo) return Promise.reject(new Error(`socket closed while waiting for ${label}`));
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => {
                    const index = waiters.indexOf(waiter);
                    if (index >= 0) waiters.splice(index, 1);
                    reject(new Error(`timed out waiting for ${label}; got ${messages.map((m) => m.type).join(', ')}`));
                }, timeoutMs);
                const waiter = {
                    label,
                    predicate,
                    resolve: (m) => {
                        clearTimeout(timer);
                        resolve(m);
                    },
                    reject: (e) => {
                        clearTimeout(timer);
                        reject(e);
                    }
                };
                waiters.push(waiter);
            });
        },
        type(type, callId) {
            return stream.waitFor((m) => m.type === type && (callId === undefined || m.call_id === callId), `${type}${callId ? ` on ${callId}` : ''}`);
        },
        /** Types of stored call events for one call, in order. */
        callTypes(callId) {
            return stream
                .events()
                .filter((m) => m.call_id === callId)
                .map((m) => m.type);
        },
        /** The last stored event of that type (for that call). */
        last(type, callId) {
            return stream
                .events()
                .filter((m) => m.type === type && (callId === undefined || m.call_id === callId))
                .at(-1);
        },
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
        close: () => {
            socket.close();
            return closed;
        }
    };
    socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        messages.push(message);
        for (const waiter of [...waiters]) {
            if (waiter.predicate(message)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(message);
            }
        }
    });
    return new Promise((resolve, reject) => {
        closed.then(() => resolve(stream));
        stream
            .waitFor((m) => m.type === 'session.snapshot' || m.type === 'error', 'snapshot', 5000)
            .then(() => resolve(stream))
            .catch((error) => (closeInfo ? resolve(stream) : reject(error)));
        socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused ${res.statusCode}`)));
    });
}

/** A bare WebSocket on `url` that authenticates with nothing: records what the server sends and how it closes. */
export function rawSocket(url) {
    const socket = new WebSocket(url);
    const messages = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
    socket.on('error', () => {});
    const opened = new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused ${response.statusCode}`)));
    });
    const closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    return {
        socket,
        messages,
        opened,
        closed,
        send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message))
    };
}

/** Resolves like `promise`, or rejects after `ms` (a socket the server should have closed must not hang a test). */
export function within(promise, ms, label) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error(`${label}: nothing within ${ms} ms`)), ms);
        })
    ]);
}

/** Waits until the event with `type` for callId arrived, then returns the stored events of that call. */
export async function settle(stream, type, callId) {
    await stream.type(type, callId);
    return stream.callTypes(callId);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
