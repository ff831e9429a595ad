// c-diamy-agent-token for the workbench (same contract: `@api getToken()` → AgentToken, rejects with the real
// AgentTokenError). In Salesforce the org token comes from the Named Credential inside a headless flow; here the
// page does what that flow does, against the sandbox: client_credentials for the org token, asking for the one scope
// the connection's External Credential asks for (agent_sessions:create: it creates sessions and reads nothing), then an
// agent session for the running user and the workbench org (the org the sandbox client is bound to by default).
//
// The sandbox speaks plain http:// and ws:// on 127.0.0.1, which the shipped package refuses (c/diamyAgentSession
// accepts only wss://, c/diamyTelephony only https/wss by default). This double is the one place that opts in, with
// `allowInsecureLoopback: true` on the token it returns, and only when the sandbox URL is a loopback http:// URL.
import { LightningElement, api } from 'lwc';
import USER_ID from '@salesforce/user/Id';
import ERROR_FLOW from '@salesforce/label/c.Diamy_AgentToken_Error_Flow';
import ERROR_MALFORMED from '@salesforce/label/c.Diamy_AgentToken_Error_Malformed';
import { AgentTokenError, formatLabel } from 'c/diamyAgentSession';
import { workbench, log } from '../bus.js';

/** The workbench's pretend org (the flow sends $Organization.Id); the sandbox binds its client to it by default. */
const WORKBENCH_ORG_ID = '00D000000000001AAA';
/** What the External Credential Diamy requests (connection/credentials/externalCredentials, AuthParameter Scope). */
const SESSION_SCOPE = 'agent_sessions:create';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Plain http:// to a loopback host: the local sandbox, where the workbench allows ws:// / http://. */
function isLoopbackHttp(url) {
    try {
        const parsed = new URL(url);
        return parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname);
    } catch {
        return false;
    }
}

async function post(url, body, bearer) {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body)
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new AgentTokenError(
            'flow',
            formatLabel(ERROR_FLOW, `${response.status} ${json?.error?.code ?? ''}`),
            json?.error?.message ?? String(response.status)
        );
    }
    return json;
}

export default class DiamyAgentToken extends LightningElement {
    @api timeoutMs = 20000;

    @api
    async getToken() {
        const { sandboxUrl, clientId, clientSecret } = workbench.config;
        const org = await post(`${sandboxUrl}/v2/oauth/token`, {
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
            scope: SESSION_SCOPE
        });
        const session = await post(
            `${sandboxUrl}/v2/agent/sessions`,
            { salesforce_user_id: USER_ID, salesforce_org_id: WORKBENCH_ORG_ID },
            org.access_token
        );
        if (
            typeof session.access_token !== 'string' ||
            typeof session.websocket_url !== 'string' ||
            typeof session.expires_in !== 'number'
        ) {
            throw new AgentTokenError(
                'malformed',
                ERROR_MALFORMED,
                'session response without access_token / websocket_url / expires_in'
            );
        }
        log('agent token', { agent: session.agent?.name, expiresIn: session.expires_in });
        return {
            accessToken: session.access_token,
            expiresAt: Date.now() + session.expires_in * 1000,
            wsUrl: session.websocket_url,
            baseUrl: sandboxUrl,
            allowInsecureLoopback: isLoopbackHttp(sandboxUrl)
        };
    }
}
