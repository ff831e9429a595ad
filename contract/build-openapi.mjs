// Generates contract/openapi.json (the REST part of the Diamy contract) from this compact description.
// Run: node contract/build-openapi.mjs   (sandbox/tests check that the committed JSON is up to date).
// x-diamy-source on every operation: "documented" = in Diamy's public API docs; "designed" = our design,
// Diamy documents nothing for it; "sandbox" = the sandbox's scenario control API (not part of Diamy).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema) => ({ 'application/json': { schema } });
const ok = (description, schema) => ({ description, content: json(schema) });
const ERR = { $ref: '#/components/responses/Error' };
const standardErrors = { 400: ERR, 401: ERR, 404: ERR, 409: ERR, 422: ERR, 503: ERR };
/**
 * Bearer token carrying `scope` (OpenAPI 3.1 lets an http security requirement list role names: here, the scope the
 * token must have). The sandbox enforces these from this document: a valid token without it → 403 insufficient_scope.
 */
const bearer = (scope) => [{ bearerAuth: [scope] }];

/** Scopes (our design beside Diamy's documented client credentials). Agent tokens get AGENT_SCOPES. */
export const SCOPES = {
    'calls:read': 'Read calls and recordings (an agent: their own; a client-credentials token: every call of its org).',
    'calls:write': 'Place and control calls, notes and tags (agent tokens only).',
    'presence:read': "Read presence (agent tokens).",
    'presence:write': "Set one's own presence (agent tokens only).",
    'users:read': 'Read the directory of users and colleagues, and the agent behind a token.',
    'agent_sessions:create':
        'Create agent sessions (POST /v2/agent/sessions) for the users of the Salesforce org the client is bound to, and nothing else. Client credentials only; what the Salesforce connection asks for.',
    'erasures:write':
        "Erase a person's call data (POST /v2/erasures) on a Salesforce erasure request. Client credentials only: what Diamy's contact-sync server asks for, never the Salesforce connection nor an agent."
};
export const CLIENT_SCOPES = ['calls:read', 'users:read', 'agent_sessions:create', 'erasures:write'];
export const DEFAULT_CLIENT_SCOPE = 'calls:read users:read';
export const AGENT_SCOPES = ['calls:read', 'calls:write', 'presence:read', 'presence:write', 'users:read'];
const idem = { $ref: '#/components/parameters/IdempotencyKey' };
const callIdParam = { name: 'call_id', in: 'path', required: true, schema: { type: 'string' } };
const body = (schema, required = true) => ({ required, content: json(schema) });
const str = (extra = {}) => ({ type: 'string', ...extra });
const e164 = { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', examples: ['+33142868200'] };
/**
 * Limits shared with contract/events.ts (this plain-Node script cannot import TypeScript): CALL_ID_PATTERN,
 * MAX_ERASURE_NUMBERS, MAX_ERASURE_CALL_IDS. sandbox/tests/contract.test.mjs checks that they agree.
 */
export const CALL_ID = '^call_[A-Za-z0-9_-]{1,59}$';
export const MAX_NUMBERS = 10;
export const MAX_CALL_IDS = 1000;
const commandBase = { command_id: str({ description: 'Alternative to the Idempotency-Key header.' }) };

/** A call-control command on /v2/calls/{call_id}/<action>. */
function command(operationId, summary, description, extraProps = null, result = ref('CommandResult')) {
    const schema = extraProps
        ? { type: 'object', required: extraProps.required ?? [], properties: { ...commandBase, ...extraProps.properties }, additionalProperties: false }
        : { type: 'object', properties: commandBase, additionalProperties: false };
    return {
        post: {
            operationId,
            summary,
            description,
            tags: ['Call control'],
            'x-diamy-source': 'designed',
            security: bearer('calls:write'),
            parameters: [callIdParam, idem],
            requestBody: body(schema, Boolean(extraProps)),
            responses: { 200: ok('The call after the command.', result), ...standardErrors }
        }
    };
}

/** A scenario control operation (sandbox only, no authentication). */
function control(method, operationId, summary, schema, response, parameters = []) {
    return {
        [method]: {
            operationId,
            summary,
            tags: ['Sandbox scenario control'],
            'x-diamy-source': 'sandbox',
            parameters,
            ...(schema ? { requestBody: body(schema, false) } : {}),
            responses: { 200: ok('Done.', response ?? { type: 'object' }), 400: ERR, 404: ERR, 409: ERR }
        }
    };
}

const extension = { type: 'string', pattern: '^[0-9]{2,6}$', examples: ['204'] };
const party = {
    type: 'object',
    description:
        'Documented by Diamy: number, name. Our additions (to agree with Diamy): withheld (the caller withheld their number: number and name are then null, and only then) and user_id (the Diamy user the party is, for the account\'s own users: both sides of an internal call, the agent\'s side of every call; null for an outside number).',
    required: ['number', 'name', 'withheld', 'user_id'],
    properties: {
        number: { type: ['string', 'null'], pattern: e164.pattern, examples: e164.examples, description: 'E.164; null only when withheld.' },
        name: { type: ['string', 'null'], description: 'null when unknown, always null when withheld.' },
        withheld: { type: 'boolean', description: 'Designed, to agree with Diamy: an inbound call from a withheld (private, anonymous) number.' },
        user_id: { type: ['string', 'null'], description: 'Designed, to agree with Diamy: the Diamy user this party is, else null.' }
    }
};
const nullableTime = { type: ['string', 'null'], format: 'date-time' };

const schemas = {
    Party: party,
    Call: {
        type: 'object',
        description:
            'Documented by Diamy: id, direction, from, to, duration, status, recording_url, notes, tags, timestamp. Our additions: every other field.',
        required: ['id', 'direction', 'from', 'to', 'state', 'status', 'duration', 'timestamp', 'recording_url', 'notes', 'tags', 'agent_id'],
        properties: {
            id: str({ pattern: CALL_ID, examples: ['call_01HX5W0Y3K'], description: 'call_… (CALL_ID_PATTERN): what Salesforce keeps in Diamy_Call_Id__c and an erasure request names.' }),
            direction: { enum: ['inbound', 'outbound', 'internal'] },
            from: ref('Party'),
            to: ref('Party'),
            state: { enum: ['ringing', 'active', 'held', 'ended'] },
            status: { enum: ['answered', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'abandoned', null] },
            duration: { type: 'integer', minimum: 0, description: 'Talk seconds (answered → ended).' },
            wait_duration: { type: 'integer', minimum: 0, description: 'Seconds ringing before answer or end.' },
            timestamp: str({ format: 'date-time' }),
            started_at: str({ format: 'date-time' }),
            answered_at: nullableTime,
            ended_at: nullableTime,
            end_reason: {
                enum: ['agent_hangup', 'remote_hangup', 'rejected', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'transferred', 'consult_cancelled', 'conference_left', null]
            },
            recording_url: { type: ['string', 'null'], format: 'uri' },
            notes: { type: ['string', 'null'] },
            tags: { type: 'array', items: str() },
            agent_id: str(),
            line: { type: ['string', 'null'] },
            queue: { type: ['string', 'null'] },
            muted: { type: 'boolean' },
            dtmf: str(),
            transferred: { type: 'boolean' },
            conferenced: { type: 'boolean' },
            parent_call_id: { type: ['string', 'null'] },
            consult_call_id: { type: ['string', 'null'] },
            conference_id: { type: ['string', 'null'] },
            peer_call_id: {
                type: ['string', 'null'],
                description:
                    "Designed, to agree with Diamy. Internal calls: the other user's leg of the same call (caller's leg ↔ callee's leg). Answering the callee's leg answers both; ending either ends the other. null otherwise."
            }
        }
    },
    Presence: {
        type: 'object',
        required: ['status', 'on_call', 'updated_at'],
        properties: {
            status: { enum: ['available', 'busy', 'away', 'do_not_disturb', 'offline'] },
            on_call: { type: 'boolean' },
            updated_at: str({ format: 'date-time' })
        }
    },
    User: {
        type: 'object',
        required: ['id', 'name', 'email', 'extension', 'number', 'presence'],
        properties: { id: str(), name: str(), email: str({ format: 'email' }), extension: str(), number: e164, presence: ref('Presence') }
    },
    Agent: {
        allOf: [
            ref('User'),
            {
                type: 'object',
                properties: { salesforce_user_id: { type: ['string', 'null'] }, lines: { type: 'array', items: e164 } }
            }
        ]
    },
    Token: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in', 'scope'],
        properties: {
            access_token: str(),
            token_type: { const: 'Bearer' },
            expires_in: { type: 'integer', examples: [3600] },
            scope: str({ description: 'Space-separated scopes the token carries.', examples: ['agent_sessions:create', AGENT_SCOPES.join(' ')] })
        }
    },
    AgentSession: {
        description:
            'No refresh_token: an agent session is not renewed by a refresh grant; the org asks for a new session before the token expires (the softphone does so at the latest 14 minutes after the previous one).',
        allOf: [
            ref('Token'),
            {
                type: 'object',
                required: ['agent', 'websocket_url'],
                properties: { agent: ref('Agent'), websocket_url: str({ format: 'uri' }) }
            }
        ]
    },
    CommandResult: { type: 'object', required: ['call'], properties: { call: ref('Call') } },
    ConsultResult: { type: 'object', required: ['call', 'consult_call'], properties: { call: ref('Call'), consult_call: ref('Call') } },
    MergeResult: {
        type: 'object',
        required: ['conference_id', 'calls'],
        properties: { conference_id: str(), calls: { type: 'array', items: ref('Call') } }
    },
    CallList: {
        type: 'object',
        required: ['data', 'limit', 'offset', 'total'],
        properties: { data: { type: 'array', items: ref('Call') }, limit: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } }
    },
    RecordingLink: {
        type: 'object',
        description: 'Designed (to agree with Diamy): a signed, short-lived link to a call recording; it carries no token.',
        required: ['url', 'expires_at'],
        additionalProperties: false,
        properties: {
            url: str({ format: 'uri', description: "The call's recording_url with ?expires=<unix seconds>&signature=<HMAC-SHA256, base64url>." }),
            expires_at: str({ format: 'date-time', description: 'When the link stops working (5 minutes after it was signed).' })
        }
    },
    ErasureRequest: {
        type: 'object',
        description:
            "Designed (to agree with Diamy): the Salesforce erasure stamp Diamy_Erasure_Requested_At__c of a Contact or Lead, as Diamy's sync server pulled it, with the person's phone numbers and the ids of the Diamy calls the org linked to the person (its Diamy_Call__c records, whatever number they were made from: a call names no Salesforce record, so Diamy cannot find them by itself). At least one of numbers and call_ids is non-empty. Nothing else is accepted.",
        required: ['salesforce_id', 'salesforce_object', 'requested_at'],
        anyOf: [
            { required: ['numbers'], properties: { numbers: { minItems: 1 } } },
            { required: ['call_ids'], properties: { call_ids: { minItems: 1 } } }
        ],
        additionalProperties: false,
        properties: {
            salesforce_id: str({ pattern: '^(003|00Q)[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$', description: 'The Contact (003…) or Lead (00Q…), 15 or 18 characters; compared on the 15-character id.' }),
            salesforce_object: { enum: ['Contact', 'Lead'] },
            requested_at: str({ format: 'date-time', description: 'Diamy_Erasure_Requested_At__c (ISO 8601 with a time zone): the idempotence key with salesforce_id.' }),
            numbers: {
                type: 'array',
                minItems: 0,
                maxItems: MAX_NUMBERS,
                items: e164,
                description: `The person's current numbers (E.164): every call from or to one of them is erased, once per stamp. At most ${MAX_NUMBERS} (MAX_ERASURE_NUMBERS).`
            },
            call_ids: {
                type: 'array',
                minItems: 0,
                // MAX_ERASURE_CALL_IDS in contract/events.ts: ~70 KB of body and a short request; more calls → several requests of the same stamp.
                maxItems: MAX_CALL_IDS,
                items: str({ pattern: CALL_ID, examples: ['call_01HX5W0Y3K'] }),
                description:
                    `Diamy call ids (Diamy_Call_Id__c of the person's Diamy_Call__c records): each listed call of the org is erased, even when none of its numbers is the person's now. At most ${MAX_CALL_IDS} (MAX_ERASURE_CALL_IDS): a person with more calls is erased in several requests with the same requested_at. An id that names no call of the org (never existed, purged, another org's) is counted in call_ids_unknown and ignored; an id already erased is a no-op.`
            },
            diamy_contact_id: str({ minLength: 1, maxLength: 64, description: "The person's Diamy contact (Diamy_Contact_Id__c), when linked: Diamy deletes its copy of the person too." })
        }
    },
    ErasureResult: {
        type: 'object',
        description:
            'Designed (to agree with Diamy). already_applied true: requested_at was not newer than the last erasure applied to this person AND nothing changed now (counts 0); requested_at is then the stamp applied before.',
        required: ['erasure_id', 'salesforce_id', 'requested_at', 'calls_anonymized', 'recordings_deleted', 'call_ids_unknown', 'already_applied'],
        additionalProperties: false,
        properties: {
            erasure_id: str({ examples: ['era_01HX5W0Y3K'] }),
            salesforce_id: str(),
            requested_at: str({ format: 'date-time' }),
            calls_anonymized: { type: 'integer', minimum: 0, description: 'Calls whose recording, caller name or notes this request cleared.' },
            recordings_deleted: { type: 'integer', minimum: 0, description: 'Recordings (and voicemails) this request deleted.' },
            call_ids_unknown: { type: 'integer', minimum: 0, description: 'Listed call_ids that name no call of the org: ignored, not an error.' },
            already_applied: { type: 'boolean' }
        }
    },
    Error: {
        type: 'object',
        required: ['error'],
        properties: {
            error: {
                type: 'object',
                required: ['code', 'message', 'request_id'],
                properties: {
                    code: {
                        enum: [
                            'invalid_request',
                            'unauthorized',
                            'token_expired',
                            'unsupported_grant_type',
                            'invalid_scope',
                            'insufficient_scope',
                            'forbidden',
                            'not_found',
                            'invalid_state',
                            'invalid_target',
                            'idempotency_key_reused',
                            'unavailable',
                            'timeout',
                            'internal_error'
                        ]
                    },
                    message: str(),
                    details: { type: 'object' },
                    request_id: str()
                }
            }
        }
    },
    FaultRule: {
        type: 'object',
        required: ['operation'],
        additionalProperties: false,
        properties: {
            // enum: filled below with every Diamy operationId, plus "*".
            operation: str({ description: 'operationId of a Diamy operation (e.g. hangupCall), or "*" for all.' }),
            latency_ms: { type: 'integer', minimum: 0, maximum: 60000 },
            failure_rate: { type: 'number', minimum: 0, maximum: 1 },
            fail_next: { type: 'integer', minimum: 0, maximum: 1000 },
            status: { type: 'integer', enum: [500, 502, 503, 504], default: 503 },
            mode: {
                enum: ['reject', 'apply_then_fail'],
                default: 'reject',
                description: 'reject: fail without acting. apply_then_fail: act, then answer with the error (lost response).'
            }
        }
    }
};

const paths = {
    '/v2/oauth/token': {
        post: {
            operationId: 'issueToken',
            summary: 'OAuth 2.0 token endpoint',
            description: `Documented by Diamy for grant_type=client_credentials (client_id + client_secret, expires_in 3600). The only grant: any other grant_type (refresh_token included: agent sessions have no refresh token) → 400 unsupported_grant_type. Scopes are our design: a client may ask for ${CLIENT_SCOPES.join(', ')} (default when scope is omitted: ${DEFAULT_CLIENT_SCOPE}); anything else → 400 invalid_scope, and Diamy may restrict a client to fewer (the Salesforce connection's client needs only agent_sessions:create). A client is bound to one Salesforce org (see createAgentSession). Accepts JSON or application/x-www-form-urlencoded.`,
            tags: ['Authentication'],
            'x-diamy-source': 'documented',
            requestBody: body({
                type: 'object',
                required: ['grant_type'],
                properties: {
                    grant_type: str({ minLength: 1, examples: ['client_credentials'], description: 'client_credentials; anything else → 400 unsupported_grant_type.' }),
                    client_id: str(),
                    client_secret: str(),
                    scope: str({ description: `Space-separated, among ${CLIENT_SCOPES.join(', ')}. Default ${DEFAULT_CLIENT_SCOPE}.`, examples: ['agent_sessions:create'] })
                }
            }),
            responses: { 200: ok('A token (never a refresh_token).', ref('Token')), 400: ERR, 401: ERR }
        }
    },
    '/v2/agent/sessions': {
        post: {
            operationId: 'createAgentSession',
            summary: 'Short-lived token for the Salesforce user (agent session)',
            description:
                "Our design. Exchanges a Salesforce identity (user id, org id) for a short-lived per-agent access token (no refresh token: ask for a new session before it expires). The org vouches for the user: the request carries, as Bearer, the org's client-credentials token (POST /v2/oauth/token, grant_type=client_credentials) with the scope agent_sessions:create — what the Named Credential Diamy_API sends from the Diamy_Agent_Session flow, which always names the running user ($User.Id) and org ($Organization.Id). There is no other way in (no assertion). No or unknown token → 401 unauthorized; expired → 401 token_expired; a token without agent_sessions:create (an agent token, or a client token with other scopes) → 403 insufficient_scope; salesforce_org_id other than the org the client is bound to (15- or 18-character form; compared on the case-sensitive 15-character id) → 403 forbidden (details.field salesforce_org_id); a Salesforce user not linked to an active Diamy user of that org → 403 forbidden.",
            tags: ['Authentication'],
            'x-diamy-source': 'designed',
            security: bearer('agent_sessions:create'),
            requestBody: body({
                type: 'object',
                required: ['salesforce_user_id', 'salesforce_org_id'],
                additionalProperties: false,
                properties: {
                    salesforce_user_id: str({ pattern: '^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$' }),
                    salesforce_org_id: str({ pattern: '^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$' })
                }
            }),
            responses: { 201: ok('The session.', ref('AgentSession')), 400: ERR, 401: ERR, 403: ERR, 503: ERR }
        }
    },
    '/v2/agent/me': {
        get: {
            operationId: 'getAgent',
            summary: 'The agent behind the token',
            tags: ['Agent'],
            'x-diamy-source': 'designed',
            security: bearer('users:read'),
            responses: { 200: ok('The agent.', ref('Agent')), 401: ERR }
        }
    },
    '/v2/agent/stream': {
        get: {
            operationId: 'agentStream',
            summary: 'Real-time agent channel (WebSocket upgrade)',
            description:
                'Our design, a proposal to be agreed with Diamy. WebSocket. No credential in the URL (URLs end up in access logs, proxies and HAR files; browsers cannot set headers on a WebSocket): the first frame the client sends must be {"type":"auth","access_token":"…"} (the agent token). Until that frame the server sends nothing; it closes with 4002 if the first frame is not a valid auth message or does not arrive within 10 s, or if the URL carries an access_token (refused unread), and with 4001 if the token is unknown or expired. Pass since=<last seq processed> on reconnect: after the auth, missed events are replayed (same id and seq), then a session.snapshot (authoritative active calls) is sent. heartbeat every heartbeat_interval_ms with the current last seq. {"type":"reauth","access_token"} binds the open socket to a refreshed token; closed with 4001 when its token expires or is revoked. Message types and close codes: contract/events.ts.',
            tags: ['Agent'],
            'x-diamy-source': 'designed',
            parameters: [{ name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
            responses: { 101: { description: 'Switching protocols to WebSocket.' }, 400: ERR }
        }
    },
    '/v2/agent/calls/active': {
        get: {
            operationId: 'listActiveCalls',
            summary: 'Calls of the agent that are not ended (resynchronisation)',
            tags: ['Agent'],
            'x-diamy-source': 'designed',
            security: bearer('calls:read'),
            responses: {
                200: ok('Active calls and the stream position they reflect.', {
                    type: 'object',
                    required: ['data', 'last_seq'],
                    properties: { data: { type: 'array', items: ref('Call') }, last_seq: { type: 'integer' } }
                }),
                401: ERR
            }
        }
    },
    '/v2/agent/presence': {
        put: {
            operationId: 'setPresence',
            summary: "Set the agent's own presence",
            tags: ['Presence'],
            'x-diamy-source': 'designed',
            security: bearer('presence:write'),
            parameters: [idem],
            requestBody: body({
                type: 'object',
                required: ['status'],
                properties: { ...commandBase, status: { enum: ['available', 'busy', 'away', 'do_not_disturb', 'offline'] } },
                additionalProperties: false
            }),
            responses: { 200: ok('The new presence.', ref('Presence')), ...standardErrors }
        }
    },
    '/v2/users': {
        get: {
            operationId: 'listUsers',
            summary: 'Colleagues (directory) with their presence',
            description: 'Users are documented by Diamy as a resource; their presence in this list is our design.',
            tags: ['Presence'],
            'x-diamy-source': 'designed',
            security: bearer('users:read'),
            parameters: [{ name: 'q', in: 'query', required: false, schema: str(), description: 'Filter on name, extension or number.' }],
            responses: { 200: ok('Users.', { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('User') } } }), 401: ERR }
        }
    },
    '/v2/calls': {
        post: {
            operationId: 'dial',
            summary: 'Place a call from the agent: to an outside number, or an internal call to a colleague',
            description:
                "Designed. Exactly one target: `to` (E.164), `to_extension` (a colleague's extension, 2–6 digits) or `to_user_id` (a colleague's Diamy user id); none or several → 400 invalid_request. to_extension and to_user_id (internal calls) are our design, to agree with Diamy. A colleague's extension, user id or direct number makes an INTERNAL call: two legs linked by peer_call_id, both direction internal and both naming the two users in from/to (user_id set): the caller's leg (this answer, call.ringing on the caller's stream) and the callee's leg (call.incoming on the callee's stream, ringing for them, call waiting applies). The callee answering answers both legs (call.answered on each); rejecting ends the callee's leg missed/rejected and the caller's busy/rejected; a ring timeout ends them missed/missed and no_answer/no_answer; the caller hanging up first ends the callee's leg missed/remote_hangup; once connected, either hanging up ends the other leg with remote_hangup. Unknown extension or user → 404 not_found (details.field = to_extension or to_user_id); the agent themself (own extension, id or number) → 422 invalid_target. from_line is ignored for internal calls.",
            tags: ['Call control'],
            'x-diamy-source': 'designed',
            security: bearer('calls:write'),
            parameters: [idem],
            requestBody: body({
                type: 'object',
                properties: {
                    ...commandBase,
                    to: e164,
                    to_extension: extension,
                    to_user_id: str({ minLength: 1, maxLength: 64 }),
                    from_line: e164,
                    to_name: str({ maxLength: 255 })
                },
                oneOf: [{ required: ['to'] }, { required: ['to_extension'] }, { required: ['to_user_id'] }],
                additionalProperties: false
            }),
            responses: { 201: ok('The new call (state ringing): for an internal call, the caller\'s leg (peer_call_id = the callee\'s leg).', ref('CommandResult')), ...standardErrors }
        }
    },
    '/v2/calls/recent': {
        get: {
            operationId: 'listRecentCalls',
            summary: 'Recent calls of the agent, newest first',
            description: 'Documented by Diamy (limit default 20 max 100, offset, direction, status, from, to). Ended calls only.',
            tags: ['Calls'],
            'x-diamy-source': 'documented',
            security: bearer('calls:read'),
            parameters: [
                { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
                { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
                { name: 'direction', in: 'query', schema: { enum: ['inbound', 'outbound', 'all'], default: 'all' } },
                { name: 'status', in: 'query', schema: { enum: ['answered', 'missed', 'voicemail', 'all'], default: 'all' } },
                { name: 'from', in: 'query', schema: str({ format: 'date-time' }) },
                { name: 'to', in: 'query', schema: str({ format: 'date-time' }) }
            ],
            responses: { 200: ok('A page of calls.', ref('CallList')), 400: ERR, 401: ERR }
        }
    },
    '/v2/calls/{call_id}': {
        get: {
            operationId: 'getCall',
            summary: 'Call details, with the recording link',
            tags: ['Calls'],
            'x-diamy-source': 'documented',
            security: bearer('calls:read'),
            parameters: [callIdParam],
            responses: { 200: ok('The call.', ref('Call')), 401: ERR, 404: ERR }
        },
        patch: {
            operationId: 'updateCall',
            summary: 'Set notes and tags of a call',
            tags: ['Calls'],
            'x-diamy-source': 'designed',
            security: bearer('calls:write'),
            parameters: [callIdParam, idem],
            requestBody: body({
                type: 'object',
                properties: { ...commandBase, notes: { type: ['string', 'null'], maxLength: 32000 }, tags: { type: 'array', items: str({ maxLength: 80 }), maxItems: 50 } },
                additionalProperties: false
            }),
            responses: { 200: ok('The call.', ref('CommandResult')), ...standardErrors }
        }
    },
    '/v2/calls/{call_id}/answer': command(
        'answerCall',
        'Answer a ringing inbound call',
        "ringing call offered to the agent (inbound, or the callee's leg of an internal call) → active (call.answered). Call waiting (to agree with Diamy): when the agent already has an active call, that call is put on hold first (call.held for it, then call.answered). On an internal call the caller's leg is answered too."
    ),
    '/v2/calls/{call_id}/reject': command(
        'rejectCall',
        'Reject a ringing inbound call',
        "ringing call offered to the agent → ended, status missed, end_reason rejected (call.missed, call.ended); declining a waiting call leaves the active call as it is. On an internal call the caller's leg ends busy / rejected."
    ),
    '/v2/calls/{call_id}/hangup': command('hangupCall', 'Hang up', 'Any non-ended call → ended (call.ended). On a conference leg: the agent leaves the conference, every leg ends.'),
    '/v2/calls/{call_id}/hold': command('holdCall', 'Put on hold', 'active → held (call.held).'),
    '/v2/calls/{call_id}/resume': command('resumeCall', 'Resume from hold', 'held → active (call.resumed). Not allowed while a consult leg is open (complete, cancel or merge it first).'),
    '/v2/calls/{call_id}/mute': command('muteCall', 'Mute the agent microphone', 'Connected call; muted=true (call.muted).'),
    '/v2/calls/{call_id}/unmute': command('unmuteCall', 'Unmute', 'muted=false (call.unmuted).'),
    '/v2/calls/{call_id}/dtmf': command('sendDtmf', 'Send DTMF digits', 'active call; digits appended to call.dtmf (call.dtmf).', {
        required: ['digits'],
        properties: { digits: str({ pattern: '^[0-9*#A-D]{1,32}$' }) }
    }),
    '/v2/calls/{call_id}/transfer': command('transferCall', 'Blind transfer', 'Connected call → transferred to `to` (E.164, extension or user id); call.transferred (mode blind) then call.ended. A colleague target receives it as call.incoming.', {
        required: ['to'],
        properties: { to: str({ minLength: 1 }) }
    }),
    '/v2/calls/{call_id}/consult': command(
        'consultCall',
        'Start an attended transfer (consult leg)',
        'The call is put on hold and a consult leg is dialled to `to` (call.consult_started, call.ringing for the leg).',
        { required: ['to'], properties: { to: str({ minLength: 1 }) } },
        ref('ConsultResult')
    ),
    '/v2/calls/{call_id}/consult/complete': command(
        'completeConsult',
        'Complete the attended transfer',
        'The consult leg must be answered. The original party is connected to the consult target; both legs end for the agent (call.transferred mode attended, then call.ended ×2).'
    ),
    '/v2/calls/{call_id}/consult/cancel': command(
        'cancelConsult',
        'Cancel the consult leg',
        'The consult leg ends (call.consult_cancelled, call.ended for the leg); the original call stays held until resumed.'
    ),
    '/v2/calls/{call_id}/merge': command(
        'mergeCalls',
        'Conference: merge with another call',
        'Merges the call with with_call_id (default: its consult leg) into a conference; every leg active (call.conferenced).',
        { properties: { with_call_id: str() } },
        ref('MergeResult')
    ),
    '/v2/calls/{call_id}/recording-link': {
        post: {
            operationId: 'createRecordingLink',
            summary: 'A short-lived signed link to play the call recording',
            description:
                "To agree with Diamy. A browser <audio> element cannot send the bearer token, and the token must not go in a URL: this answers the call's recording_url with ?expires=<unix seconds>&signature=<HMAC>, playable without a token until it expires (5 minutes). An agent token: the agent's own calls only (403 forbidden for another agent's call); a client-credentials token: any call of its org. 404 not_found when the call has no recording. Nothing changes on the call: no Idempotency-Key needed, each request signs a new link.",
            tags: ['Calls'],
            'x-diamy-source': 'designed',
            security: bearer('calls:read'),
            parameters: [callIdParam],
            responses: { 200: ok('The signed link.', ref('RecordingLink')), 401: ERR, 403: ERR, 404: ERR }
        }
    },
    '/v2/recordings/{recording_id}': {
        get: {
            operationId: 'getRecording',
            summary: 'Recording or voicemail audio (recording_url)',
            description:
                'Authorised by either the bearer token (calls:read) or, without a token, a link signed by POST /v2/calls/{call_id}/recording-link (expires + signature, both required then). An expired, tampered or incomplete signature → 403 forbidden, even with a token.',
            tags: ['Calls'],
            'x-diamy-source': 'designed',
            security: [...bearer('calls:read'), { recordingSignature: [] }],
            parameters: [
                { name: 'recording_id', in: 'path', required: true, schema: str() },
                { name: 'expires', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'Signed link: expiry, Unix seconds.' },
                { name: 'signature', in: 'query', required: false, schema: str({ pattern: '^[A-Za-z0-9_-]{16,128}$' }), description: 'Signed link: HMAC-SHA256 of "<recording_id>.<expires>" with a Diamy secret, base64url.' }
            ],
            responses: { 200: { description: 'Audio.', content: { 'audio/wav': { schema: { type: 'string', format: 'binary' } } } }, 401: ERR, 403: ERR, 404: ERR }
        }
    },
    '/v2/erasures': {
        post: {
            operationId: 'requestErasure',
            summary: "Erase a person's call data (a Salesforce erasure request)",
            description:
                `Our design, to agree with Diamy (issue 15). Diamy's contact-sync server calls it when a pulled Contact or Lead carries a Diamy_Erasure_Requested_At__c newer than the last erasure applied to that person (docs/SYNC.md). Client credentials with erasures:write only (an agent token never has it → 403 insufficient_scope; no token → 401). Every call whose from or to number is one of numbers, and every call listed in call_ids (ringing, live or ended), loses its recording (recording_url null; GET /v2/recordings/{id} and its recording-link → 404), the name of the person's party (a party with one of numbers; on a call found by id, the party that is not a Diamy user) and its notes; duration, direction, status, times, agent and tags stay, so call statistics keep counting. Unknown call ids are counted (call_ids_unknown) and ignored. Idempotent by (salesforce_id, requested_at), per call: a requested_at older than the last one applied to that salesforce_id → 200 already_applied true, nothing done; the same one → the listed call_ids are erased (an erased call is a no-op; this is how a person with more than 1000 calls is erased in several requests), the numbers' calls are not searched again; already_applied true when nothing changed. A newer one applies again (calls made since). Unknown field, malformed number or call id, more than ${MAX_NUMBERS} numbers or ${MAX_CALL_IDS} call ids, neither, another object, a date without a time zone → 400 invalid_request. No Idempotency-Key needed: the stamp is the key.`,
            tags: ['Data protection'],
            'x-diamy-source': 'designed',
            security: bearer('erasures:write'),
            requestBody: body(ref('ErasureRequest')),
            responses: { 200: ok('Applied now, or already applied.', ref('ErasureResult')), 400: ERR, 401: ERR, 403: ERR, 503: ERR }
        }
    },
    '/openapi.json': {
        get: {
            operationId: 'getContract',
            summary: 'This document',
            tags: ['Sandbox scenario control'],
            'x-diamy-source': 'sandbox',
            responses: { 200: ok('OpenAPI document.', { type: 'object' }) }
        }
    },
    '/sandbox/state': control('get', 'sandboxState', 'Everything the sandbox holds (agents, users, calls, config, faults; never tokens)'),
    '/sandbox/reset': control('post', 'sandboxReset', 'Back to the seed: no calls, no tokens, default config, no faults'),
    '/sandbox/config': control('put', 'sandboxConfig', 'Token TTL, heartbeat, ring timeout, auth timeout and the org the sandbox client is bound to (bounded; unknown keys refused)', {
        type: 'object',
        additionalProperties: false,
        properties: {
            token_ttl_seconds: { type: 'integer', minimum: 1, maximum: 86400, description: '1 s to 1 day.' },
            heartbeat_interval_ms: { type: 'integer', minimum: 1000, maximum: 300000, description: '1 s to 5 min.' },
            ring_timeout_ms: { type: 'integer', minimum: 0, maximum: 600000, description: '0 = ring forever; at most 10 min.' },
            consult_auto_answer: { type: 'boolean', description: 'Consult and transfer targets answer at once.' },
            auth_timeout_ms: {
                type: 'integer',
                minimum: 100,
                maximum: 60000,
                description: 'How long a new agent-channel socket may stay without its auth frame before it is closed (4002). Default 10 000.'
            },
            client_org_id: {
                ...str({ pattern: '^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$' }),
                description:
                    'The Salesforce org the client sandbox-client is bound to (default 00D000000000001AAA, the workbench org). Applies to client tokens issued afterwards; a token keeps the binding it was issued under.'
            }
        }
    }),
    '/sandbox/clock': control('post', 'sandboxClock', 'Advance the sandbox clock (durations, token expiry); at most one day per call', {
        type: 'object',
        required: ['advance_seconds'],
        additionalProperties: false,
        properties: { advance_seconds: { type: 'number', minimum: 0, maximum: 86400 } }
    }),
    '/sandbox/calls/inbound': control(
        'post',
        'sandboxInboundCall',
        'An inbound call from a number (or from a withheld number: withheld true instead of from) rings for an agent (by agent_id or by the line/number called). Offered even while the agent is on another call (call waiting)',
        {
            type: 'object',
            additionalProperties: false,
            oneOf: [{ required: ['from'] }, { required: ['withheld'] }],
            properties: {
                from: e164,
                withheld: { const: true, description: 'A caller who withheld their number: from.number and from.name are null, from.withheld true.' },
                from_name: { type: ['string', 'null'], maxLength: 100 },
                agent_id: str({ maxLength: 64 }),
                to: e164,
                queue: str({ maxLength: 100 })
            }
        },
        ref('CommandResult')
    ),
    '/sandbox/calls/{call_id}/remote': control(
        'post',
        'sandboxRemoteAction',
        "The remote party acts: answer | busy | no_answer | failed (outbound ringing), hangup (connected), abandon | voicemail (inbound ringing). On a leg of an internal call the remote party is the other user, acting on their own leg: on the caller's leg answer = the callee answers, busy = the callee rejects, no_answer = the callee's ring timeout, hangup = the callee hangs up; on the callee's leg abandon or hangup = the caller hangs up; failed and voicemail are refused (409)",
        {
            type: 'object',
            required: ['action'],
            additionalProperties: false,
            properties: {
                action: { enum: ['answer', 'busy', 'no_answer', 'failed', 'hangup', 'abandon', 'voicemail'] },
                voicemail_seconds: { type: 'integer', minimum: 0, maximum: 3600 }
            }
        },
        ref('CommandResult'),
        [callIdParam]
    ),
    '/sandbox/calls/{call_id}/off-contract': control(
        'post',
        'sandboxOffContract',
        "Plays a newer or misbehaving Diamy: from now on the call's representation (events and REST answers) carries these values, which the contract does not allow (an unknown status or end_reason, a relative recording_url). For client robustness tests only",
        {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
                status: str({ minLength: 1, maxLength: 64 }),
                end_reason: str({ minLength: 1, maxLength: 64 }),
                recording_url: str({ minLength: 1, maxLength: 2048 })
            }
        },
        ref('CommandResult'),
        [callIdParam]
    ),
    '/sandbox/users/{user_id}/presence': control(
        'post',
        'sandboxPresence',
        "A user's presence changes (user.presence_changed to every agent)",
        {
            type: 'object',
            required: ['status'],
            additionalProperties: false,
            properties: { status: { enum: ['available', 'busy', 'away', 'do_not_disturb', 'offline'] } }
        },
        ref('Presence'),
        [{ name: 'user_id', in: 'path', required: true, schema: str() }]
    ),
    '/sandbox/agents/{agent_id}/drop': control(
        'post',
        'sandboxDrop',
        "Network drop of the agent's WebSockets: terminate (no close frame, client sees 1006) or close (code 1001)",
        { type: 'object', additionalProperties: false, properties: { mode: { enum: ['terminate', 'close'], default: 'terminate' } } },
        { type: 'object', properties: { dropped: { type: 'integer' } } },
        [{ name: 'agent_id', in: 'path', required: true, schema: str() }]
    ),
    '/sandbox/tokens/expire': control(
        'post',
        'sandboxExpireTokens',
        'Expire access tokens now (all, or of one agent); open sockets using them are closed with 4001',
        {
            type: 'object',
            additionalProperties: false,
            properties: { agent_id: str({ maxLength: 64 }) }
        },
        { type: 'object', properties: { expired: { type: 'integer' } } }
    ),
    '/sandbox/faults': {
        ...control('put', 'sandboxAddFault', 'Slow or failing responses for an operation (replaces the rule for that operation)', ref('FaultRule'), ref('FaultRule')),
        ...control('get', 'sandboxListFaults', 'Current fault rules', null, { type: 'object', properties: { data: { type: 'array', items: ref('FaultRule') } } }),
        ...control('delete', 'sandboxClearFaults', 'Remove every fault rule', null, { type: 'object' })
    }
};

// A fault rule names a Diamy operation of this document (or "*"): anything else is refused.
schemas.FaultRule.properties.operation.enum = [
    '*',
    ...Object.values(paths).flatMap((item) =>
        Object.values(item)
            .filter((op) => op['x-diamy-source'] !== 'sandbox')
            .map((op) => op.operationId)
    )
];

export const openapi = {
    openapi: '3.1.0',
    info: {
        title: 'Diamy API as used by Diamy for Salesforce',
        version: '2.0.0-sf.1',
        description:
            'The part of the Diamy API the package relies on. Operations marked x-diamy-source=documented follow Diamy\'s public docs (www.diamy.fr/documentation/api); "designed" ones are our design where Diamy documents nothing; "sandbox" ones exist only in the local sandbox (npm run sandbox). Real-time messages: contract/events.ts. Every command accepts Idempotency-Key. Every error: {"error":{"code","message","request_id"}}. See docs/DIAMY-CONTRACT.md.'
    },
    servers: [
        { url: 'https://api.diamy.fr', description: 'Diamy production (documented base; paths start with /v2)' },
        { url: 'http://127.0.0.1:4010', description: 'Local sandbox (npm run sandbox)' }
    ],
    tags: [
        { name: 'Authentication' },
        { name: 'Agent' },
        { name: 'Presence' },
        { name: 'Calls' },
        { name: 'Call control' },
        { name: 'Data protection' },
        { name: 'Sandbox scenario control' }
    ],
    paths,
    components: {
        securitySchemes: {
            bearerAuth: {
                type: 'http',
                scheme: 'bearer',
                description: `access_token from /v2/oauth/token (client credentials: an org token) or /v2/agent/sessions (an agent token, scopes ${AGENT_SCOPES.join(' ')}). The name in each operation's security requirement is the scope the token must carry: a valid token without it → 403 insufficient_scope. Scopes: ${Object.entries(SCOPES)
                    .map(([name, text]) => `${name} — ${text}`)
                    .join(' ')}`,
                'x-diamy-scopes': {
                    all: SCOPES,
                    client: CLIENT_SCOPES,
                    client_default: DEFAULT_CLIENT_SCOPE,
                    agent: AGENT_SCOPES
                }
            },
            recordingSignature: {
                type: 'apiKey',
                in: 'query',
                name: 'signature',
                description:
                    'GET /v2/recordings/{recording_id} only: the signature (with expires) of a link from POST /v2/calls/{call_id}/recording-link. Grants that one recording until expires, nothing else.'
            }
        },
        parameters: {
            IdempotencyKey: {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string', minLength: 1, maxLength: 255 },
                description:
                    'A retry with the same key (same agent, same operation, same body) returns the first response with header Idempotent-Replayed: true and does not act twice; same key with another body → 422 idempotency_key_reused. Kept 24 h.'
            }
        },
        responses: { Error: { description: 'Error.', content: json(ref('Error')) } },
        schemas
    }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const target = new URL('./openapi.json', import.meta.url);
    writeFileSync(target, `${JSON.stringify(openapi, null, 2)}\n`);
    console.log(`wrote ${fileURLToPath(target)} (${Object.keys(paths).length} paths)`);
}
