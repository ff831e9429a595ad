/**
 * Pure part of the per-user Diamy token: turns the output variables of the headless screen flow
 * Diamy_Agent_Session (run by c-diamy-agent-token through lightning-flow) into an AgentToken the telephony client
 * (c/diamyTelephony, `tokenSupplier`) can use. No platform import: every rule is unit-tested here.
 *
 * Flow outputs (lightning-flow `statuschange` detail.outputVariables): accessToken (String), expiresIn (Number,
 * seconds), websocketUrl (String, wss://host/v2/agent/stream), errorMessage (String, set on a fault).
 */

export const FLOW_API_NAME = 'Diamy_Agent_Session';
/** Longest wait for the flow before the request fails. */
export const DEFAULT_TIMEOUT_MS = 20000;
/**
 * A session shorter than this is useless; longer than a day is suspicious (refused as malformed). Within that range
 * the telephony client still trusts a token for 15 minutes at most (c/diamyTelephony MAX_TOKEN_LIFETIME_MS).
 */
export const MIN_EXPIRES_IN_SECONDS = 30;
export const MAX_EXPIRES_IN_SECONDS = 86400;

export interface AgentToken {
    accessToken: string;
    /** Epoch milliseconds. */
    expiresAt: number;
    /** Agent channel URL (wss://…/v2/agent/stream), as Diamy returned it. */
    wsUrl: string;
    /** REST base of the same host (https://host), paths start with /v2. */
    baseUrl: string;
}

export interface FlowOutputVariable {
    name: string;
    value: unknown;
    dataType?: string;
    objectType?: string | null;
    flowName?: string;
    isCollection?: boolean;
}

export type AgentTokenErrorKind = 'flow' | 'malformed' | 'timeout';

/** Why getToken() failed. The message is user-facing (a Custom Label); `detail` is for logs and never holds a token. */
export class AgentTokenError extends Error {
    readonly kind: AgentTokenErrorKind;
    readonly detail: string;
    constructor(kind: AgentTokenErrorKind, message: string, detail: string) {
        super(message);
        this.name = 'AgentTokenError';
        this.kind = kind;
        this.detail = detail;
    }
}

export type FlowResult = { ok: true; token: AgentToken } | { ok: false; kind: 'flow' | 'malformed'; detail: string };

/** lightning-flow statuses that end an interview. */
export function isTerminalStatus(status: unknown): boolean {
    return status === 'FINISHED' || status === 'FINISHED_SCREEN' || status === 'ERROR';
}

/** Output variables by name (the last one wins); anything that is not a list of {name, value} gives an empty map. */
export function outputsByName(outputVariables: unknown): Map<string, unknown> {
    const outputs = new Map<string, unknown>();
    if (!Array.isArray(outputVariables)) {
        return outputs;
    }
    for (const entry of outputVariables as unknown[]) {
        if (entry !== null && typeof entry === 'object' && typeof (entry as FlowOutputVariable).name === 'string') {
            outputs.set((entry as FlowOutputVariable).name, (entry as FlowOutputVariable).value);
        }
    }
    return outputs;
}

/** expires_in as whole seconds within the accepted range, else null (string numbers accepted: flows may send them). */
export function validExpiresIn(value: unknown): number | null {
    const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        return null;
    }
    const whole = Math.floor(seconds);
    return whole >= MIN_EXPIRES_IN_SECONDS && whole <= MAX_EXPIRES_IN_SECONDS ? whole : null;
}

/**
 * REST base derived from the agent channel URL: same host and port, https. Null when the URL is not an absolute
 * wss:// URL: the package never talks to Diamy in clear text, not even to a local host (the workbench, which runs
 * against the plain-HTTP sandbox, supplies its URLs through its own c-diamy-agent-token double).
 */
export function baseUrlFromWebsocketUrl(websocketUrl: unknown): string | null {
    if (typeof websocketUrl !== 'string' || websocketUrl === '') {
        return null;
    }
    let url: URL;
    try {
        url = new URL(websocketUrl);
    } catch {
        return null;
    }
    return url.protocol === 'wss:' ? `https://${url.host}` : null;
}

/** The result of one finished (or failed) interview of Diamy_Agent_Session. `now` = epoch ms at completion. */
export function readFlowResult(status: unknown, outputVariables: unknown, now: number): FlowResult {
    if (status === 'ERROR') {
        return { ok: false, kind: 'flow', detail: 'The flow Diamy_Agent_Session ended in error.' };
    }
    const outputs = outputsByName(outputVariables);
    const errorMessage = outputs.get('errorMessage');
    if (typeof errorMessage === 'string' && errorMessage.trim() !== '') {
        return { ok: false, kind: 'flow', detail: errorMessage.trim() };
    }
    const accessToken = outputs.get('accessToken');
    if (typeof accessToken !== 'string' || accessToken.trim() === '') {
        return { ok: false, kind: 'malformed', detail: 'accessToken is missing.' };
    }
    const expiresIn = validExpiresIn(outputs.get('expiresIn'));
    if (expiresIn === null) {
        return { ok: false, kind: 'malformed', detail: `expiresIn must be ${MIN_EXPIRES_IN_SECONDS} to ${MAX_EXPIRES_IN_SECONDS} seconds.` };
    }
    const wsUrl = outputs.get('websocketUrl');
    const baseUrl = baseUrlFromWebsocketUrl(wsUrl);
    if (baseUrl === null || typeof wsUrl !== 'string') {
        return { ok: false, kind: 'malformed', detail: 'websocketUrl is not a wss:// URL.' };
    }
    return { ok: true, token: { accessToken: accessToken.trim(), expiresAt: now + expiresIn * 1000, wsUrl, baseUrl } };
}

/** Timer of a run (a platform global, looked up at call time so that tests can fake it). */
export function startTimer(fn: () => void, ms: number): unknown {
    return globalThis.setTimeout(fn, ms);
}
export function stopTimer(timer: unknown): void {
    globalThis.clearTimeout(timer as ReturnType<typeof globalThis.setTimeout>);
}

/** Fills {0} of a label. */
export function formatLabel(label: string, value: string): string {
    return label.replace('{0}', value);
}
