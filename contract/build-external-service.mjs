// Generates the External Service registration Diamy_Agent_Sessions (connection/credentials/externalServiceRegistrations) from
// contract/openapi.json: one operation, POST /v2/agent/sessions (createAgentSession), as an OpenAPI 3.0 document
// (External Services reads 2.0 and 3.0, not the 3.1 of the contract: no type arrays, no const, allOf flattened).
// The flow Diamy_Agent_Session calls it through the Named Credential Diamy_API, which sends the org's
// client-credentials token (scope agent_sessions:create, requested by the External Credential Diamy). The answer has
// no refresh token: the softphone asks for a new session instead.
// Run: node contract/build-external-service.mjs   (automation/tests check that the committed file is up to date).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REGISTRATION_FILE = `${ROOT}connection/credentials/externalServiceRegistrations/Diamy_Agent_Sessions.externalServiceRegistration-meta.xml`;
export const REQUEST_FIELDS = ['salesforce_user_id', 'salesforce_org_id'];
export const RESPONSE_FIELDS = ['access_token', 'token_type', 'expires_in', 'scope', 'websocket_url'];
const AGENT_FIELDS = ['id', 'name', 'email', 'extension', 'number', 'salesforce_user_id'];

/** OpenAPI 3.0 schema of a 3.1 one: `const` → enum, `[t, 'null']` → t + nullable, examples dropped. */
function to30(schema) {
    const out = {};
    for (const [key, value] of Object.entries(schema)) {
        if (key === 'examples') continue;
        if (key === 'const') out.enum = [value];
        else if (key === 'type' && Array.isArray(value)) {
            out.type = value.find((t) => t !== 'null');
            if (value.includes('null')) out.nullable = true;
        } else out[key] = value;
    }
    if (!out.type && out.enum) out.type = typeof out.enum[0] === 'number' ? 'number' : 'string';
    return out;
}

/** Properties of a (possibly allOf) component schema of the contract, resolved. */
function propertiesOf(contract, schema) {
    if (schema.$ref) return propertiesOf(contract, contract.components.schemas[schema.$ref.split('/').pop()]);
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => propertiesOf(contract, part)));
    return { ...(schema.properties ?? {}) };
}
function requiredOf(contract, schema) {
    if (schema.$ref) return requiredOf(contract, contract.components.schemas[schema.$ref.split('/').pop()]);
    if (schema.allOf) return schema.allOf.flatMap((part) => requiredOf(contract, part));
    return schema.required ?? [];
}
function pick(contract, schema, names) {
    const properties = propertiesOf(contract, schema);
    const picked = {};
    for (const name of names) {
        if (!properties[name]) throw new Error(`contract: no property ${name}`);
        picked[name] = properties[name].$ref ? undefined : to30(properties[name]);
    }
    return { properties: picked, required: requiredOf(contract, schema).filter((name) => names.includes(name)) };
}

export function buildSpec(contract = JSON.parse(readFileSync(`${ROOT}contract/openapi.json`, 'utf8'))) {
    const operation = contract.paths['/v2/agent/sessions'].post;
    if (operation.operationId !== 'createAgentSession') throw new Error('contract: createAgentSession moved');
    const request = pick(contract, operation.requestBody.content['application/json'].schema, REQUEST_FIELDS);
    const sessionSchema = operation.responses['201'].content['application/json'].schema;
    const response = pick(contract, sessionSchema, [...RESPONSE_FIELDS, 'agent']);
    const agent = pick(contract, contract.components.schemas.Agent, AGENT_FIELDS);
    response.properties.agent = { type: 'object', properties: agent.properties };
    return {
        openapi: '3.0.3',
        info: { title: 'Diamy agent sessions', version: contract.info.version, description: 'POST /v2/agent/sessions of the Diamy contract, vouched by the org token with the scope agent_sessions:create (Named Credential Diamy_API).' },
        paths: {
            '/v2/agent/sessions': {
                post: {
                    operationId: 'createAgentSession',
                    summary: 'Short-lived Diamy token for the running Salesforce user',
                    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AgentSessionRequest' } } } },
                    // Only the success is described: any other status is a fault of the flow action (fault path).
                    responses: { 201: { description: 'The session.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AgentSession' } } } } }
                }
            }
        },
        components: {
            schemas: {
                AgentSessionRequest: { type: 'object', required: request.required, properties: request.properties },
                AgentSession: { type: 'object', required: response.required, properties: response.properties }
            }
        }
    };
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildRegistration(spec = buildSpec()) {
    const binding = { host: '', basePath: '/', allowedSchemes: [], requestMediaTypes: [], responseMediaTypes: [], compatibleMediaTypes: {}, extensions: {} };
    return `<?xml version="1.0" encoding="UTF-8"?>
<ExternalServiceRegistration xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>POST /v2/agent/sessions through the Named Credential Diamy_API: the flow Diamy_Agent_Session gets each softphone user a short-lived Diamy token. Generated from contract/openapi.json by contract/build-external-service.mjs.</description>
    <label>Diamy Agent Sessions</label>
    <namedCredentialReference>Diamy_API</namedCredentialReference>
    <operations>
        <active>true</active>
        <name>createagentsession</name>
    </operations>
    <registrationProviderType>Custom</registrationProviderType>
    <schema>${xml(JSON.stringify(spec))}</schema>
    <schemaType>OpenApi3</schemaType>
    <serviceBinding>${xml(JSON.stringify(binding))}</serviceBinding>
    <status>Complete</status>
</ExternalServiceRegistration>
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    writeFileSync(REGISTRATION_FILE, buildRegistration());
    console.log(`wrote ${REGISTRATION_FILE}`);
}
