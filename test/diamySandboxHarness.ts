// Harness for the telephony integration and fault suite: the REAL Diamy sandbox in a child process on a free
// port, reached over real sockets (Node's fetch + the `ws` WebSocket), the in-memory org (diamyFakeOrg, which
// applies the package's validation rules and unique ids) on the Salesforce side, and "browser tabs" built by the
// wiring the package ships (createSoftphone: client, call log over lightning/uiRecordApi, GraphQL-wire lookup,
// election, per-org-and-user keys) sharing one storage and one org. Only the browser APIs (Web Locks,
// BroadcastChannel, localStorage) and the platform's LDS/GraphQL transports are in-memory stand-ins.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { DiamyTelephony } from 'c/diamyTelephony';
import type { AccessToken, LogLevel, SocketLike } from 'c/diamyTelephony';
import type { CallLogger, LdsApi } from 'c/diamyCallLog';
import type { ChannelLike, LockManagerLike } from 'c/diamyTabLeader';
import type { TelephonySession } from 'c/diamyTelephonySession';
import { createSoftphone } from 'c/diamySoftphoneWiring';
import type { SaveCounts } from 'c/diamySoftphoneWiring';
import DiamyCallFinder from 'c/diamyCallFinder';
import { createElement } from 'lwc';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';
import { FakeOrg, MemoryStorage } from './diamyFakeOrg';
import { orgGraphql, statefulGraphql } from './diamyGraphqlOrg';

export const CAMILLE = { id: 'usr_camille.martin', sf: '005000000000001AAA' };
/** A second agent of the same org (seeded in the sandbox), for two users sharing one browser. */
export const HUGO = { id: 'usr_hugo.lefevre', sf: '005000000000002AAA' };
export type Agent = typeof CAMILLE;
export const SOPHIE = '+33612345678';
export const NICOLAS = '+33698765432';

export interface Sandbox {
    url: string;
    wsUrl: string;
    close(): Promise<void>;
}

/** Starts `node --import tsx sandbox/cli.ts --port 0 --quiet` and reads its URL from the output. */
export function spawnSandbox(timeoutMs = 20000): Promise<Sandbox> {
    const root = join(__dirname, '..');
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`sandbox did not start: ${output}`));
        }, timeoutMs);
        const onData = (chunk: Buffer): void => {
            output += chunk.toString();
            const match = /listening on (http:\/\/[\d.]+:(\d+))/.exec(output);
            if (match?.[1]) {
                clearTimeout(timer);
                const url = match[1];
                resolve({
                    url,
                    wsUrl: `${url.replace(/^http/, 'ws')}/v2/agent/stream`,
                    close: () =>
                        new Promise<void>((done) => {
                            if (child.exitCode !== null) {
                                done();
                                return;
                            }
                            child.once('exit', () => done());
                            child.kill('SIGTERM');
                        })
                });
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`sandbox exited (${String(code)}): ${output}`));
        });
    });
}

/** A scenario control API call (no authentication) that must succeed. */
export async function control<T = Record<string, unknown>>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (response.status !== 200) {
        throw new Error(`${method} ${path} → ${response.status} ${text}`);
    }
    return JSON.parse(text) as T;
}

export interface SandboxCall {
    id: string;
    agent_id: string;
    state: string;
    status: string | null;
    /** Set on a consult leg: the customer call it consults for (recorded on that call's record, never on its own). */
    parent_call_id: string | null;
}

/** Calls the sandbox holds for an agent, ended ones only (what must be in the org). */
export async function endedCalls(sandbox: Sandbox, agentId = CAMILLE.id): Promise<SandboxCall[]> {
    const state = await control<{ calls: SandboxCall[] }>(sandbox, 'GET', '/sandbox/state');
    return state.calls.filter((call) => call.agent_id === agentId && call.state === 'ended');
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 4000): Promise<void> {
    const started = Date.now();
    while (!(await predicate())) {
        if (Date.now() - started > timeoutMs) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** Posts JSON; the parsed answer, or an Error naming the status and the body. */
async function postJson<T>(url: string, body: unknown, bearer?: string): Promise<T> {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${text}`);
    return JSON.parse(text) as T;
}

/**
 * Issues agent tokens the way the Salesforce side does (flow Diamy_Agent_Session): the org's client-credentials token
 * with the scope agent_sessions:create as Bearer, then a new agent session for the user in the sandbox client's org.
 * Counts the agent tokens and remembers them.
 */
export class TokenIssuer {
    issued: string[] = [];
    constructor(
        private readonly sandbox: Sandbox,
        private readonly salesforceUserId = CAMILLE.sf
    ) {}
    supplier = async (): Promise<AccessToken> => {
        const org = await postJson<{ access_token: string }>(`${this.sandbox.url}/v2/oauth/token`, {
            grant_type: 'client_credentials',
            client_id: 'sandbox-client',
            client_secret: 'sandbox-secret',
            scope: 'agent_sessions:create'
        });
        const body = await postJson<{ access_token: string; expires_in: number }>(
            `${this.sandbox.url}/v2/agent/sessions`,
            { salesforce_user_id: this.salesforceUserId, salesforce_org_id: '00D000000000001AAA' },
            org.access_token
        );
        this.issued.push(body.access_token);
        return { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    };
}

/** navigator.locks stand-in shared by the tabs of one "browser": an exclusive lock with a waiting queue. */
export class MemoryLocks implements LockManagerLike {
    private held = false;
    private queue: (() => void)[] = [];
    request(_name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown> {
        return new Promise((resolve) => {
            const run = (): void => {
                this.held = true;
                callback(null)
                    .catch(() => undefined)
                    .finally(() => {
                        this.held = false;
                        resolve(undefined);
                        this.queue.shift()?.();
                    });
            };
            options.signal?.addEventListener('abort', () => {
                this.queue = this.queue.filter((waiting) => waiting !== run);
            });
            if (this.held) {
                this.queue.push(run);
            } else {
                run();
            }
        });
    }
}

/** BroadcastChannel stand-in: every channel of the bus receives the others' messages, asynchronously. */
export class Bus {
    private channels = new Set<ChannelLike>();
    channel(): ChannelLike {
        const bus = this.channels;
        const channel: ChannelLike = {
            onmessage: null,
            postMessage(message: unknown) {
                for (const other of bus) {
                    if (other !== channel) {
                        setTimeout(() => other.onmessage?.({ data: JSON.parse(JSON.stringify(message)) as unknown }), 0);
                    }
                }
            },
            close() {
                bus.delete(channel);
            }
        };
        bus.add(channel);
        return channel;
    }
}

/** One browser: its storage (localStorage), its locks and its BroadcastChannel. */
export interface Browser {
    storage: MemoryStorage;
    locks: MemoryLocks;
    bus: Bus;
}

export function newBrowser(): Browser {
    return { storage: new MemoryStorage(), locks: new MemoryLocks(), bus: new Bus() };
}

export interface Tab {
    client: DiamyTelephony;
    session: TelephonySession;
    /** DUPLICATE_VALUE answers this tab's saves got (counted by the wiring). */
    saves: SaveCounts;
    logger(): CallLogger | null;
    logs: string[];
    /** Every URL the client opened: sockets and fetches (a token must never be in one). */
    urls: string[];
    close(): void;
}

let tabCounter = 0;

/** The org the fault suite's tabs belong to (the softphone reads it from User.Diamy_Org_Id__c). */
export const ORG_ID = '00D000000000001AAA';

/** Where the tabs' saves go: the fake org itself, or a wrapper that simulates outages and slow answers. */
export type SaveTarget = Pick<LdsApi, 'createRecord' | 'updateRecord'>;

/** BroadcastChannel constructor over the browser's bus (a constructor may return the object `new` gives back). */
function channelConstructor(bus: Bus): new (name: string) => ChannelLike {
    return function BusChannel(): ChannelLike {
        return bus.channel();
    } as unknown as new (name: string) => ChannelLike;
}

/**
 * A Salesforce tab built by the production wiring (createSoftphone of c/diamySoftphoneWiring): the Diamy client
 * over real sockets, the call log saving through lightning/uiRecordApi (its jest stubs answer from the org, or the
 * given save target) and looking records up through a mounted c-diamy-call-finder's GraphQL wire (the stateful
 * lightning/graphql mock answers from the org: only records the user may see, never synchronously), the election
 * over the browser's locks and channel, keys per org and agent. Only timings are tuned (fast retries) and every URL
 * and diagnostic recorded.
 */
export function openTab(sandbox: Sandbox, org: FakeOrg, browser: Browser, issuer: TokenIssuer, agent: Agent = CAMILLE, saves: SaveTarget = org): Tab {
    tabCounter += 1;
    const tabId = `tab-${String(tabCounter).padStart(4, '0')}`;
    const logs: string[] = [];
    const urls: string[] = [];
    let logger: CallLogger | null = null;
    // One org and one user at a time in a browser: the platform's LDS and GraphQL answer for the open session.
    (createRecord as jest.Mock).mockImplementation((input: RecordInput) => saves.createRecord(input));
    (updateRecord as jest.Mock).mockImplementation((input: RecordUpdateInput) => saves.updateRecord(input));
    statefulGraphql.answerWith(orgGraphql(org));
    const finder = createElement('c-diamy-call-finder', { is: DiamyCallFinder }) as HTMLElement & { find(diamyCallId: string): Promise<string | null> };
    document.body.appendChild(finder);
    const phone = createSoftphone(
        {
            baseUrl: sandbox.url,
            wsUrl: sandbox.wsUrl,
            tokenSupplier: issuer.supplier,
            agentUserId: agent.sf,
            orgId: ORG_ID,
            // The sandbox speaks plain HTTP/WebSocket on 127.0.0.1; the shipped default refuses it.
            allowInsecureLoopback: true,
            findCallRecordId: (diamyCallId) => finder.find(diamyCallId),
            tuning: {
                client: {
                    fetch: (url, init) => {
                        urls.push(url);
                        return fetch(url, init);
                    },
                    socketFactory: (url) => {
                        urls.push(url);
                        return new WebSocket(url) as unknown as SocketLike;
                    },
                    log: (level: LogLevel, message: string) => logs.push(`${level} ${message}`),
                    reconnectBaseMs: 20,
                    reconnectMaxMs: 200,
                    commandRetryDelayMs: 20
                },
                logger: { baseDelayMs: 20, maxDelayMs: 200 },
                onLogger: (created) => {
                    logger = created;
                }
            }
        },
        {
            BroadcastChannel: channelConstructor(browser.bus),
            navigator: { locks: browser.locks },
            localStorage: browser.storage,
            crypto: { randomUUID: () => tabId }
        }
    );
    phone.session.start();
    return {
        client: phone.provider as DiamyTelephony,
        session: phone.session,
        saves: phone.saves,
        logger: () => logger,
        logs,
        urls,
        close: () => {
            phone.session.stop();
            finder.remove();
        }
    };
}

/** 0 lost, 0 duplicated: every ended call of the sandbox is exactly once in the org. */
export interface Figures {
    /** Ended calls that must each be one record (consult legs excepted). */
    calls: number;
    lost: string[];
    duplicated: string[];
    /** Ended consult legs: each recorded on its customer call's record. */
    consultLegs: number;
    /** Consult legs that got a record of their own (the customer call would then be logged twice): must be none. */
    legRecords: string[];
}

export async function reconcile(sandbox: Sandbox, org: FakeOrg, agentId = CAMILLE.id): Promise<Figures> {
    const ended = await endedCalls(sandbox, agentId);
    const inOrg = new Set(org.calls().map((record) => String(record.fields.Diamy_Call_Id__c)));
    const calls = ended.filter((call) => !call.parent_call_id);
    const legs = ended.filter((call) => call.parent_call_id);
    return {
        calls: calls.length,
        lost: calls.filter((call) => !inOrg.has(call.id)).map((call) => call.id),
        duplicated: org.duplicates(),
        consultLegs: legs.length,
        legRecords: legs.filter((call) => inOrg.has(call.id)).map((call) => call.id)
    };
}

/** Waits until the org holds every ended call of the agent (or times out), then returns the figures. */
export async function settleLogs(sandbox: Sandbox, org: FakeOrg, timeoutMs = 4000, agentId = CAMILLE.id): Promise<Figures> {
    let figures = await reconcile(sandbox, org, agentId);
    const started = Date.now();
    while (figures.lost.length > 0 && Date.now() - started < timeoutMs) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        figures = await reconcile(sandbox, org, agentId);
    }
    return figures;
}
