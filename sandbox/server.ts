// The Diamy sandbox: a local server implementing contract/openapi.json and the WebSocket channel of
// contract/events.ts, plus the scenario control API under /sandbox/. Request bodies and queries are validated
// against the schemas of the OpenAPI document itself, so the sandbox cannot drift from the contract.
//
//   import { startSandbox } from './sandbox/server.ts';   // (from .mjs: sandbox/index.mjs)
//   const sandbox = await startSandbox({ port: 0 });        // { url, wsUrl, port, close() }
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { ApiError, DEFAULT_CONFIG, SandboxEngine } from './engine.ts';
import type { OffContractValues, SandboxConfig } from './engine.ts';
import type { ErasureRequest, ErrorBody, ErrorCode, PresenceStatus } from '../contract/events.ts';
import { CLOSE_CODES } from '../contract/events.ts';

/** JSON values as parsed from the request (validated by the route schema before handlers see them). */
type Json = Record<string, unknown>;

export interface SandboxOptions {
    /** 0 = a free port. Default: DIAMY_SANDBOX_PORT or 4010. */
    port?: number;
    /** Always loopback unless told otherwise. */
    host?: string;
    /** true = log to stdout; a stream = log there (tests check that no token is ever printed); false = silent. */
    log?: boolean | NodeJS.WritableStream;
    config?: Partial<SandboxConfig>;
    /**
     * Browser origins allowed to use the scenario control API /sandbox/* (the workbench passes its own, e.g.
     * http://127.0.0.1:4020). Default: none. A request to /sandbox/* carrying another Origin is refused (403) and
     * gets no CORS allowance; requests without an Origin (curl, tests, scripts) are not browsers and are served.
     * The Diamy API (/v2/*) answers any origin, as Diamy must for the softphone inside Salesforce.
     */
    controlOrigins?: readonly string[];
}

/** `scheme://host[:port]` of an http(s) origin as browsers send it; throws on anything else. */
export function normalizeOrigin(origin: string): string {
    let url: URL;
    try {
        url = new URL(origin);
    } catch {
        throw new Error(`Not an origin: ${origin}`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/+$/, '')) {
        throw new Error(`Not an http(s) origin (scheme://host[:port], no path): ${origin}`);
    }
    return url.origin;
}

const isControlPath = (url: string): boolean => url === '/sandbox' || url.startsWith('/sandbox/') || url.startsWith('/sandbox?');

export interface RunningSandbox {
    url: string;
    wsUrl: string;
    port: number;
    close(): Promise<void>;
}

interface FaultRule {
    operation: string;
    latency_ms?: number;
    failure_rate?: number;
    fail_next?: number;
    status?: number;
    mode?: 'reject' | 'apply_then_fail';
}

interface Outcome {
    status: number;
    body: unknown;
    contentType?: string;
}

const OPENAPI_TEXT = readFileSync(new URL('../contract/openapi.json', import.meta.url), 'utf8');
// The contract document is trusted JSON written by contract/build-openapi.mjs.
const OPENAPI = JSON.parse(OPENAPI_TEXT) as {
    paths: Record<
        string,
        Record<
            string,
            {
                operationId: string;
                requestBody?: { content: Record<string, { schema: unknown }> };
                parameters?: unknown[];
                security?: Record<string, string[]>[];
            }
        >
    >;
    components: {
        schemas: Record<string, unknown>;
        parameters: Record<string, unknown>;
        securitySchemes: { bearerAuth: { 'x-diamy-scopes': { client: string[]; client_default: string; agent: string[] } } };
    };
};
const CONTRACT_SCOPES = OPENAPI.components.securitySchemes.bearerAuth['x-diamy-scopes'];

/** Inlines #/components/schemas refs (Ajv is given standalone schemas). */
function inline(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(inline);
    if (schema && typeof schema === 'object') {
        const ref = (schema as Json).$ref;
        if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
            return inline(OPENAPI.components.schemas[ref.slice('#/components/schemas/'.length)]);
        }
        return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v)]));
    }
    return schema;
}

/**
 * The operation's id, its request schema, and the scope its token must carry (the role name of its bearerAuth security
 * requirement; null when it has none).
 */
function operation(path: string, method: string): { operationId: string; schema: Json; scope: string | null } {
    const op = OPENAPI.paths[path]?.[method];
    if (!op) throw new Error(`contract has no ${method.toUpperCase()} ${path}`);
    const scopes = op.security?.[0]?.bearerAuth ?? [];
    if (scopes.length > 1) throw new Error(`contract: ${method.toUpperCase()} ${path} names more than one scope`);
    const schema: Json = {};
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    if (bodySchema) schema.body = inline(bodySchema);
    const query = (op.parameters ?? []).filter((p): p is { name: string; in: string; required?: boolean; schema: unknown } => (p as Json).in === 'query');
    if (query.length > 0 && method === 'get' && path !== '/v2/agent/stream') {
        schema.querystring = {
            type: 'object',
            properties: Object.fromEntries(query.map((p) => [p.name, inline(p.schema)])),
            required: query.filter((p) => p.required).map((p) => p.name)
        };
    }
    return { operationId: op.operationId, schema, scope: scopes[0] ?? null };
}

/** Request URLs in logs: path only, plus `since`; never access tokens. */
function redactUrl(url: string): string {
    const [path, query] = url.split('?', 2);
    if (!query) return path ?? url;
    const kept = new URLSearchParams(query);
    for (const key of [...kept.keys()]) {
        if (key !== 'since' && key !== 'limit' && key !== 'offset') kept.set(key, '[redacted]');
    }
    return `${path}?${kept.toString()}`;
}

function errorBody(request: FastifyRequest, code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
    return { error: { code, message, ...(details ? { details } : {}), request_id: request.id } };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 0.2 s of silence, 8 kHz mono 16-bit: what a recording_url serves. */
function silentWav(): Buffer {
    const samples = 1600;
    const buffer = Buffer.alloc(44 + samples * 2);
    buffer.write('RIFF', 0);
    buffer.writeUInt32LE(36 + samples * 2, 4);
    buffer.write('WAVEfmt ', 8);
    buffer.writeUInt32LE(16, 16);
    buffer.writeUInt16LE(1, 20);
    buffer.writeUInt16LE(1, 22);
    buffer.writeUInt32LE(8000, 24);
    buffer.writeUInt32LE(16000, 28);
    buffer.writeUInt16LE(2, 32);
    buffer.writeUInt16LE(16, 34);
    buffer.write('data', 36);
    buffer.writeUInt32LE(samples * 2, 40);
    return buffer;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? Number(process.env.DIAMY_SANDBOX_PORT ?? 4010);
    let baseUrl = `http://${host}:${port}`;
    const engine = new SandboxEngine(() => baseUrl, options.config, {
        client: CONTRACT_SCOPES.client,
        clientDefault: CONTRACT_SCOPES.client_default,
        agent: CONTRACT_SCOPES.agent
    });
    const faults = new Map<string, FaultRule>();
    const idempotency = new Map<string, { fingerprint: string; outcome: Outcome; at: number }>();

    let logger: FastifyServerOptions['logger'] = false;
    if (options.log) {
        logger = {
            level: 'info',
            ...(options.log === true ? {} : { stream: options.log as Writable }),
            serializers: {
                req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) })
            }
        };
    }
    const app = Fastify({
        logger,
        genReqId: () => `req_${randomUUID()}`,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false, strict: false } }
    });

    const controlOrigins = (options.controlOrigins ?? []).map(normalizeOrigin);
    const corsBase = {
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
        exposedHeaders: ['Idempotent-Replayed', 'X-Request-Id'],
        maxAge: 600
    };
    // /v2/* (Diamy's API) reflects any origin: the softphone runs on the org's Lightning domain. /sandbox/* (no
    // authentication, can reset everything) only the configured workbench origins.
    await app.register(cors, {
        delegator: (request, callback) => {
            const url = request.url ?? '';
            const origin = isControlPath(url) ? (controlOrigins.length > 0 ? [...controlOrigins] : false) : true;
            callback(null, { ...corsBase, origin });
        }
    });
    // CORS only stops a page reading the answer: simple requests (a form POST) would still act. Refuse them here.
    app.addHook('onRequest', async (request, reply) => {
        const origin = request.headers.origin;
        if (isControlPath(request.url) && origin !== undefined && !controlOrigins.includes(origin)) {
            return reply
                .status(403)
                .send(
                    errorBody(request, 'forbidden', 'The sandbox control API answers only the workbench origin (and clients that send no Origin, like curl and tests).', {
                        origin
                    })
                );
        }
        return undefined;
    });
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

    // Bodies: JSON (an empty body counts as {}), and form-encoded for the OAuth token endpoint.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, text, done) => {
        const source = typeof text === 'string' ? text : text.toString('utf8');
        if (source.trim() === '') {
            done(null, {});
            return;
        }
        try {
            done(null, JSON.parse(source));
        } catch {
            done(new ApiError(400, 'invalid_request', 'The body is not valid JSON.'), undefined);
        }
    });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) => {
        done(null, Object.fromEntries(new URLSearchParams(typeof text === 'string' ? text : text.toString('utf8'))));
    });

    // Commands without a body (POST …/hold) are validated as an empty object.
    app.addHook('preValidation', async (request) => {
        if (request.method !== 'GET' && (request.body === undefined || request.body === null)) {
            request.body = {};
        }
    });
    app.addHook('onSend', async (request, reply) => {
        reply.header('X-Request-Id', request.id);
    });

    app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
        if (error instanceof ApiError) {
            return reply.status(error.status).send(errorBody(request, error.code, error.message, error.details));
        }
        if (error.validation) {
            const first = error.validation[0];
            const ruleParams = (first?.params ?? {}) as Json;
            return reply.status(400).send(
                errorBody(request, 'invalid_request', `Invalid request: ${error.message}${ruleParams.additionalProperty ? ` (${String(ruleParams.additionalProperty)})` : ''}`, {
                    context: error.validationContext,
                    field: first?.instancePath || ruleParams.missingProperty || ruleParams.additionalProperty || null,
                    rule: first?.keyword ?? null,
                    ...(ruleParams.limit !== undefined ? { limit: ruleParams.limit } : {}),
                    ...(Array.isArray(ruleParams.allowedValues) && ruleParams.allowedValues.length <= 10 ? { allowed: ruleParams.allowedValues } : {})
                })
            );
        }
        const status = error.statusCode ?? 500;
        if (status >= 400 && status < 500) {
            return reply.status(status).send(errorBody(request, 'invalid_request', error.message));
        }
        request.log.error({ err: { message: error.message, code: error.code } }, 'internal error');
        return reply.status(500).send(errorBody(request, 'internal_error', 'Internal sandbox error.'));
    });
    app.setNotFoundHandler((request, reply) => {
        void reply.status(404).send(errorBody(request, 'not_found', `No route ${request.method} ${redactUrl(request.url)}.`));
    });

    const bearer = (request: FastifyRequest): string | undefined => {
        const header = request.headers.authorization;
        return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    };

    /** Fault injection + idempotency around a Diamy operation. */
    async function run(
        request: FastifyRequest,
        reply: FastifyReply,
        operationId: string,
        action: () => Outcome,
        idempotencyScope: (() => string) | null
    ): Promise<FastifyReply> {
        const rule = faults.get(operationId) ?? faults.get('*');
        let fail = false;
        if (rule) {
            if (rule.latency_ms) await sleep(rule.latency_ms);
            if (rule.fail_next && rule.fail_next > 0) {
                rule.fail_next -= 1;
                fail = true;
            } else if (rule.failure_rate && Math.random() < rule.failure_rate) {
                fail = true;
            }
        }
        const failure = (): FastifyReply => {
            const status = rule?.status ?? 503;
            const code: ErrorCode = status === 504 ? 'timeout' : status === 500 ? 'internal_error' : 'unavailable';
            return reply.status(status).send(errorBody(request, code, `Injected failure of ${operationId} (sandbox fault rule).`));
        };
        if (fail && rule?.mode !== 'apply_then_fail') return failure();

        const body = (request.body ?? {}) as Json;
        const headerKey = request.headers['idempotency-key'];
        const key = (typeof headerKey === 'string' && headerKey) || (typeof body.command_id === 'string' && body.command_id) || null;
        let cacheKey: string | null = null;
        let fingerprint = '';
        if (key && idempotencyScope) {
            cacheKey = `${idempotencyScope()}|${key}`;
            const { command_id: _ignored, ...rest } = body;
            fingerprint = `${operationId} ${request.url} ${JSON.stringify(rest)}`;
            const cached = idempotency.get(cacheKey);
            if (cached) {
                if (cached.fingerprint !== fingerprint) {
                    return reply
                        .status(422)
                        .send(errorBody(request, 'idempotency_key_reused', 'This Idempotency-Key was used for another request.', { idempotency_key: key }));
                }
                if (fail) return failure();
                return reply.header('Idempotent-Replayed', 'true').status(cached.outcome.status).send(cached.outcome.body);
            }
        }
        let outcome: Outcome;
        try {
            outcome = action();
        } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            outcome = { status: error.status, body: errorBody(request, error.code, error.message, error.details) };
        }
        if (cacheKey && outcome.status < 500) {
            idempotency.set(cacheKey, { fingerprint, outcome, at: Date.now() });
        }
        if (fail) return failure();
        if (outcome.contentType) reply.type(outcome.contentType);
        return reply.status(outcome.status).send(outcome.body);
    }

    // ------------------------------------------------------------------------------------ Diamy operations
    type Handler = (request: FastifyRequest) => Outcome;
    /**
     * A Diamy route: schema and scope from the contract; kind decides idempotency. The token must carry the operation's
     * scope (401 without a valid token, 403 insufficient_scope without the scope) before anything else is looked at.
     */
    const route = (method: 'get' | 'post' | 'put' | 'patch', path: string, kind: 'public' | 'read' | 'command', handler: Handler): void => {
        const { operationId, schema, scope } = operation(path, method);
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        const scoped = (request: FastifyRequest): void => {
            if (scope !== null) engine.requireScope(bearer(request), scope);
        };
        app.route({
            method: method.toUpperCase() as 'GET',
            url,
            schema,
            handler: async (request, reply) =>
                run(
                    request,
                    reply,
                    operationId,
                    () => {
                        scoped(request);
                        return handler(request);
                    },
                    kind === 'command'
                        ? () => {
                              scoped(request);
                              return engine.authenticateAgent(bearer(request)).id;
                          }
                        : null
                )
        });
    };
    const agentOf = (request: FastifyRequest) => engine.authenticateAgent(bearer(request));
    const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;
    const body = (request: FastifyRequest): Json => (request.body ?? {}) as Json;
    const callResult = (call: unknown): Outcome => ({ status: 200, body: { call } });

    app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(OPENAPI_TEXT));

    route('post', '/v2/oauth/token', 'public', (request) => {
        const input = body(request);
        // The only grant. Agent sessions have no refresh token: the org asks for a new session instead.
        if (input.grant_type !== 'client_credentials') {
            throw new ApiError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.', { field: 'grant_type' });
        }
        return {
            status: 200,
            body: engine.clientCredentials(input.client_id as string | undefined, input.client_secret as string | undefined, input.scope as string | undefined)
        };
    });
    // The scope agent_sessions:create is checked by route() (from the contract); the org binding and the user link here.
    route('post', '/v2/agent/sessions', 'public', (request) => {
        const input = body(request);
        const session = engine.createSession(bearer(request), input.salesforce_user_id as string, input.salesforce_org_id as string);
        return { status: 201, body: { ...session, websocket_url: `${baseUrl.replace(/^http/, 'ws')}/v2/agent/stream` } };
    });
    route('get', '/v2/agent/me', 'read', (request) => ({ status: 200, body: engine.agentView(agentOf(request)) }));
    route('get', '/v2/agent/calls/active', 'read', (request) => {
        const agent = agentOf(request);
        return { status: 200, body: { data: engine.activeCalls(agent.id), last_seq: engine.lastSeq(agent.id) } };
    });
    route('put', '/v2/agent/presence', 'command', (request) => ({
        status: 200,
        body: engine.setPresence(agentOf(request).id, body(request).status as PresenceStatus)
    }));
    route('get', '/v2/users', 'read', (request) => {
        engine.authenticate(bearer(request));
        return { status: 200, body: { data: engine.listUsers((request.query as Json).q as string | undefined) } };
    });
    route('post', '/v2/calls', 'command', (request) => {
        const input = body(request);
        const call = engine.dial(agentOf(request), input as { to?: string; to_extension?: string; to_user_id?: string; from_line?: string; to_name?: string });
        return { status: 201, body: { call } };
    });
    route('get', '/v2/calls/recent', 'read', (request) => {
        const token = engine.authenticate(bearer(request));
        const q = request.query as Json;
        const limit = (q.limit as number | undefined) ?? 20;
        const offset = (q.offset as number | undefined) ?? 0;
        const page = engine.recentCalls(token.agentId, { ...(q as Record<string, string>), limit, offset });
        return { status: 200, body: { data: page.data, limit, offset, total: page.total } };
    });
    route('get', '/v2/calls/{call_id}', 'read', (request) => {
        const token = engine.authenticate(bearer(request));
        return { status: 200, body: engine.callView(engine.getCall(params(request).call_id ?? '', token.agentId)) };
    });
    route('patch', '/v2/calls/{call_id}', 'command', (request) =>
        callResult(engine.updateCall(agentOf(request), params(request).call_id ?? '', body(request) as { notes?: string | null; tags?: string[] }))
    );
    const id = (request: FastifyRequest): string => params(request).call_id ?? '';
    route('post', '/v2/calls/{call_id}/answer', 'command', (r) => callResult(engine.answer(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/reject', 'command', (r) => callResult(engine.reject(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/hangup', 'command', (r) => callResult(engine.hangup(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/hold', 'command', (r) => callResult(engine.hold(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/resume', 'command', (r) => callResult(engine.resume(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/mute', 'command', (r) => callResult(engine.setMuted(agentOf(r), id(r), true)));
    route('post', '/v2/calls/{call_id}/unmute', 'command', (r) => callResult(engine.setMuted(agentOf(r), id(r), false)));
    route('post', '/v2/calls/{call_id}/dtmf', 'command', (r) => callResult(engine.dtmf(agentOf(r), id(r), body(r).digits as string)));
    route('post', '/v2/calls/{call_id}/transfer', 'command', (r) => callResult(engine.transfer(agentOf(r), id(r), body(r).to as string)));
    route('post', '/v2/calls/{call_id}/consult', 'command', (r) => ({ status: 200, body: engine.consult(agentOf(r), id(r), body(r).to as string) }));
    route('post', '/v2/calls/{call_id}/consult/complete', 'command', (r) => callResult(engine.completeConsult(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/consult/cancel', 'command', (r) => callResult(engine.cancelConsult(agentOf(r), id(r))));
    route('post', '/v2/calls/{call_id}/merge', 'command', (r) => ({
        status: 200,
        body: engine.merge(agentOf(r), id(r), body(r).with_call_id as string | undefined)
    }));

    // A signed link for an <audio> element, which cannot send the bearer token (the token never goes in a URL).
    route('post', '/v2/calls/{call_id}/recording-link', 'read', (request) => {
        const token = engine.authenticate(bearer(request));
        return { status: 200, body: engine.recordingLink(id(request), token.agentId) };
    });

    // Diamy's sync server passes on a Salesforce erasure request (scope erasures:write, checked by route()). The body
    // schema (numbers, object, date, no unknown field) comes from the contract; the stamp makes it idempotent.
    route('post', '/v2/erasures', 'public', (request) => ({ status: 200, body: engine.erase(body(request) as unknown as ErasureRequest) }));

    const recording = operation('/v2/recordings/{recording_id}', 'get');
    app.get('/v2/recordings/:recording_id', { schema: recording.schema }, async (request, reply) =>
        run(
            request,
            reply,
            recording.operationId,
            () => {
                const recordingId = (request.params as Record<string, string>).recording_id ?? '';
                const query = request.query as { expires?: number; signature?: string };
                if (query.expires !== undefined || query.signature !== undefined) {
                    // A signed link: the signature alone authorises this one recording until it expires; a bad one
                    // is refused even when a token comes with it (a tampered link is never quietly accepted).
                    if (query.expires === undefined || query.signature === undefined || !engine.recordingSignatureValid(recordingId, query.expires, query.signature)) {
                        throw new ApiError(403, 'forbidden', 'The recording link has expired or is not valid: ask for a new one.');
                    }
                    if (!engine.recordingExists(recordingId, null)) {
                        throw new ApiError(404, 'not_found', `No recording ${recordingId}.`);
                    }
                    return { status: 200, body: silentWav(), contentType: 'audio/wav' };
                }
                const token = recording.scope === null ? engine.authenticate(bearer(request)) : engine.requireScope(bearer(request), recording.scope);
                if (!engine.recordingExists(recordingId, token.agentId)) {
                    throw new ApiError(404, 'not_found', `No recording ${recordingId}.`);
                }
                return { status: 200, body: silentWav(), contentType: 'audio/wav' };
            },
            null
        )
    );

    // ------------------------------------------------------------------------------- real-time channel
    // No secret in a URL: the socket authenticates with its first frame ({"type":"auth","access_token"}).
    // Before that the server sends nothing at all; it only closes (4002 not authenticated as required, 4001 bad token).
    app.get('/v2/agent/stream', { websocket: true }, (socket: WebSocket, request) => {
        const query = request.query as Record<string, string | undefined>;
        const send = (message: unknown): void => {
            if (socket.readyState === socket.OPEN) socket.send(typeof message === 'string' ? message : JSON.stringify(message));
        };
        const parse = (raw: unknown): Json | null => {
            try {
                const parsed: unknown = JSON.parse(String(raw));
                return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : null;
            } catch {
                return null;
            }
        };
        if (query.access_token !== undefined) {
            // A credential in the URL may already sit in a log or a proxy: refused unread, even a valid one.
            socket.close(CLOSE_CODES.authRequired, 'credentials in the URL are refused');
            return;
        }
        let session: { onMessage(message: Json | null): void } | null = null;
        let cleanup = (): void => undefined;
        const authTimer = setTimeout(() => {
            if (!session) socket.close(CLOSE_CODES.authRequired, 'auth_required');
        }, engine.config.auth_timeout_ms);
        socket.on('close', () => {
            clearTimeout(authTimer);
            cleanup();
        });

        /** Runs once the first frame authenticated the agent: replay, snapshot, live events, heartbeats. */
        const open = (agentId: string, firstToken: string): void => {
            const control = (type: 'heartbeat' | 'pong' | 'error' | 'session.snapshot', data: unknown): void =>
                send({ id: `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`, type, seq: engine.lastSeq(agentId), timestamp: new Date(engine.now()).toISOString(), call_id: null, data });
            let token = firstToken;
            const sinceText = query.since;
            const since = sinceText !== undefined && /^\d+$/.test(sinceText) ? Number(sinceText) : null;
            if (sinceText !== undefined && since === null) {
                control('error', { code: 'invalid_request', message: 'since must be a non-negative integer.' });
                socket.close(CLOSE_CODES.invalidRequest, 'invalid_request');
                return;
            }
            const subscriber = {
                agentId,
                get token() {
                    return token;
                },
                send: (message: string) => send(message),
                close: (code: number, reason: string) => socket.close(code, reason),
                terminate: () => socket.terminate()
            };
            // Replay, then the snapshot, then live events: registered synchronously so nothing falls in between.
            const replay = since === null ? [] : engine.eventsSince(agentId, since);
            for (const event of replay ?? []) send(event);
            control('session.snapshot', {
                agent: engine.agentView(engine.getAgent(agentId)),
                active_calls: engine.activeCalls(agentId),
                last_seq: engine.lastSeq(agentId),
                replayed: replay?.length ?? 0,
                gap: replay === null,
                heartbeat_interval_ms: engine.config.heartbeat_interval_ms,
                token_expires_at: new Date(engine.tokenExpiresAt(token)).toISOString()
            });
            const unsubscribe = engine.subscribe(subscriber);
            const heartbeat = setInterval(() => {
                engine.closeExpiredSubscribers();
                control('heartbeat', { last_seq: engine.lastSeq(agentId) });
            }, engine.config.heartbeat_interval_ms);
            cleanup = () => {
                clearInterval(heartbeat);
                unsubscribe();
            };
            session = {
                onMessage: (message) => {
                    if (message?.type === 'ping') {
                        control('pong', { ping_id: typeof message.id === 'string' ? message.id : null });
                    } else if (message?.type === 'reauth' && typeof message.access_token === 'string') {
                        try {
                            if (engine.authenticateAgent(message.access_token).id !== agentId) throw new ApiError(403, 'forbidden', 'other agent');
                            token = message.access_token;
                            control('pong', { ping_id: 'reauth' });
                        } catch {
                            unsubscribe();
                            socket.close(CLOSE_CODES.unauthorized, 'unauthorized');
                        }
                    } else {
                        control('error', { code: 'invalid_request', message: 'Unknown message: expected {"type":"ping"} or {"type":"reauth"} (already authenticated).' });
                    }
                }
            };
        };

        socket.on('message', (raw) => {
            const message = parse(raw);
            if (session) {
                session.onMessage(message);
                return;
            }
            clearTimeout(authTimer);
            if (message?.type !== 'auth' || typeof message.access_token !== 'string') {
                socket.close(CLOSE_CODES.authRequired, 'auth_required');
                return;
            }
            let agentId: string;
            try {
                agentId = engine.authenticateAgent(message.access_token).id;
            } catch {
                socket.close(CLOSE_CODES.unauthorized, 'unauthorized');
                return;
            }
            open(agentId, message.access_token);
        });
    });

    // ------------------------------------------------------------------------------ scenario control API
    const controlRoute = (method: 'get' | 'post' | 'put' | 'delete', path: string, handler: (request: FastifyRequest) => unknown): void => {
        const { schema } = operation(path, method);
        app.route({
            method: method.toUpperCase() as 'GET',
            url: path.replace(/\{(\w+)\}/g, ':$1'),
            schema,
            handler: async (request) => handler(request)
        });
    };
    controlRoute('get', '/sandbox/state', () => ({
        instance_id: engine.instanceId,
        config: engine.config,
        clock: new Date(engine.now()).toISOString(),
        agents: engine.agents().map((a) => ({ ...a, sockets: engine.subscriberCount(a.id), last_seq: engine.lastSeq(a.id) })),
        users: engine.listUsers(),
        calls: engine.allCalls(),
        faults: [...faults.values()],
        tokens: engine.tokenCounts(),
        client_credentials: { client_id: 'sandbox-client', client_secret: 'see docs/DIAMY-CONTRACT.md' }
    }));
    controlRoute('post', '/sandbox/reset', () => {
        engine.reset(options.config);
        faults.clear();
        idempotency.clear();
        return { reset: true };
    });
    controlRoute('put', '/sandbox/config', (request) => {
        // The schema bounds every value and refuses unknown keys; only known keys are copied all the same.
        const input = body(request);
        for (const key of Object.keys(DEFAULT_CONFIG) as (keyof SandboxConfig)[]) {
            if (Object.hasOwn(input, key)) Object.assign(engine.config, { [key]: input[key] });
        }
        return engine.config;
    });
    controlRoute('post', '/sandbox/clock', (request) => {
        engine.advanceClock(body(request).advance_seconds as number);
        return { clock: new Date(engine.now()).toISOString() };
    });
    controlRoute('post', '/sandbox/calls/inbound', (request) => ({
        call: engine.inbound(body(request) as { from?: string; withheld?: boolean; from_name?: string | null; agent_id?: string; to?: string; queue?: string })
    }));
    controlRoute('post', '/sandbox/calls/{call_id}/remote', (request) => ({
        call: engine.remote(params(request).call_id ?? '', body(request).action as string, body(request).voicemail_seconds as number | undefined)
    }));
    controlRoute('post', '/sandbox/calls/{call_id}/off-contract', (request) => ({
        call: engine.setOffContract(params(request).call_id ?? '', body(request) as OffContractValues)
    }));
    controlRoute('post', '/sandbox/users/{user_id}/presence', (request) =>
        engine.setPresence(params(request).user_id ?? '', body(request).status as PresenceStatus)
    );
    controlRoute('post', '/sandbox/agents/{agent_id}/drop', (request) => {
        const agentId = params(request).agent_id ?? '';
        engine.getAgent(agentId);
        return { dropped: engine.dropSubscribers(agentId, (body(request).mode as 'close' | 'terminate' | undefined) ?? 'terminate') };
    });
    controlRoute('post', '/sandbox/tokens/expire', (request) => {
        const agentId = body(request).agent_id as string | undefined;
        if (agentId !== undefined) engine.getAgent(agentId);
        return { expired: engine.expireTokens(agentId) };
    });
    controlRoute('put', '/sandbox/faults', (request) => {
        const rule = body(request) as unknown as FaultRule;
        faults.set(rule.operation, { ...rule });
        return rule;
    });
    controlRoute('get', '/sandbox/faults', () => ({ data: [...faults.values()] }));
    controlRoute('delete', '/sandbox/faults', () => {
        faults.clear();
        return { cleared: true };
    });

    // Forget idempotency keys after 24 h (sandbox clock is not used: real memory bound).
    const sweeper = setInterval(() => {
        const limit = Date.now() - 24 * 3600 * 1000;
        for (const [key, entry] of idempotency) if (entry.at < limit) idempotency.delete(key);
    }, 60_000);
    sweeper.unref();

    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = address && typeof address === 'object' ? address.port : port;
    baseUrl = `http://${host}:${actualPort}`;
    return {
        url: baseUrl,
        wsUrl: `${baseUrl.replace(/^http/, 'ws')}/v2/agent/stream`,
        port: actualPort,
        close: async () => {
            clearInterval(sweeper);
            engine.clearTimers();
            for (const client of app.websocketServer.clients) client.terminate();
            await app.close();
        }
    };
}
