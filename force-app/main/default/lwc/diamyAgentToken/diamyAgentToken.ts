/**
 * c-diamy-agent-token: the softphone's token supplier. `getToken()` renders a fresh
 * `<lightning-flow flow-api-name="Diamy_Agent_Session">` (a headless screen flow running as the user), waits for its
 * statuschange, and resolves with { accessToken, expiresAt, wsUrl, baseUrl }. The org's Diamy client secret stays
 * in the External Credential Diamy; the browser only ever sees the user's short-lived agent token.
 *
 * One flow run at a time: concurrent calls queue and each gets its own run. A run fails with AgentTokenError
 * (kind flow / malformed / timeout) after an ERROR status, an errorMessage output, unusable outputs, or
 * DEFAULT_TIMEOUT_MS without an answer. The token is never logged nor kept here.
 */
import { LightningElement, api } from 'lwc';
import ERROR_FLOW from '@salesforce/label/c.Diamy_AgentToken_Error_Flow';
import ERROR_MALFORMED from '@salesforce/label/c.Diamy_AgentToken_Error_Malformed';
import ERROR_TIMEOUT from '@salesforce/label/c.Diamy_AgentToken_Error_Timeout';
import { AgentTokenError, DEFAULT_TIMEOUT_MS, FLOW_API_NAME, formatLabel, isTerminalStatus, readFlowResult, startTimer, stopTimer } from 'c/diamyAgentSession';
import type { AgentToken } from 'c/diamyAgentSession';

interface PendingRun {
    key: string;
    resolve: (token: AgentToken) => void;
    reject: (error: AgentTokenError) => void;
    timer: unknown;
}

interface FlowStatusDetail {
    status?: unknown;
    outputVariables?: unknown;
}

let runCounter = 0;

export default class DiamyAgentToken extends LightningElement {
    flowApiName = FLOW_API_NAME;
    runs: { key: string }[] = [];

    /** Milliseconds before a run fails with kind 'timeout'. */
    @api timeoutMs = DEFAULT_TIMEOUT_MS;

    private queue: Promise<unknown> = Promise.resolve();
    private pending: PendingRun | null = null;

    /** A short-lived Diamy agent token for the running user. Rejects with AgentTokenError. */
    @api
    getToken(): Promise<AgentToken> {
        const run = this.queue.then(() => this.startRun());
        // The queue goes on after a failure; the caller still sees it.
        this.queue = run.catch(() => undefined);
        return run;
    }

    override disconnectedCallback(): void {
        this.settle((pending) => pending.reject(new AgentTokenError('flow', formatLabel(ERROR_FLOW, 'disconnected'), 'The component was removed during the request.')));
    }

    handleStatusChange(event: CustomEvent<FlowStatusDetail>): void {
        const pending = this.pending;
        const target = event.target as HTMLElement | null;
        if (!pending || target?.dataset.run !== pending.key) {
            return;
        }
        const detail = event.detail ?? {};
        if (!isTerminalStatus(detail.status)) {
            return;
        }
        const result = readFlowResult(detail.status, detail.outputVariables, Date.now());
        this.settle((run) => {
            if (result.ok) {
                run.resolve(result.token);
            } else if (result.kind === 'flow') {
                run.reject(new AgentTokenError('flow', formatLabel(ERROR_FLOW, result.detail), result.detail));
            } else {
                run.reject(new AgentTokenError('malformed', ERROR_MALFORMED, result.detail));
            }
        });
    }

    private startRun(): Promise<AgentToken> {
        return new Promise<AgentToken>((resolve, reject) => {
            runCounter += 1;
            const key = `run-${runCounter}`;
            const timer = startTimer(() => {
                this.settle((run) => run.reject(new AgentTokenError('timeout', ERROR_TIMEOUT, `No answer from ${FLOW_API_NAME} in ${this.timeoutMs} ms.`)));
            }, this.timeoutMs);
            this.pending = { key, resolve, reject, timer };
            // A new key = a new lightning-flow element = a new interview.
            this.runs = [{ key }];
        });
    }

    /** Ends the current run (removing its flow) and hands it to `finish`. */
    private settle(finish: (run: PendingRun) => void): void {
        const run = this.pending;
        if (!run) {
            return;
        }
        this.pending = null;
        stopTimer(run.timer);
        this.runs = [];
        finish(run);
    }
}
