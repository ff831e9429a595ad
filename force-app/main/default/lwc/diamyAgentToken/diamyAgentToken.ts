/**
 * PLACEHOLDER for c-diamy-agent-token, built in parallel in another branch (a headless screen flow calling Diamy
 * through a Named Credential). It only states the contract the softphone codes against; the lead replaces this
 * bundle with the real one at merge time. Until then getToken rejects with a message the agent can read.
 */
import { LightningElement, api } from 'lwc';
import NOT_CONFIGURED from '@salesforce/label/c.Diamy_AgentToken_Not_Configured';

export interface AgentToken {
    accessToken: string;
    /** Epoch milliseconds. */
    expiresAt: number;
    wsUrl: string;
    baseUrl: string;
}

export default class DiamyAgentToken extends LightningElement {
    @api
    getToken(): Promise<AgentToken> {
        return Promise.reject(new Error(NOT_CONFIGURED));
    }
}
