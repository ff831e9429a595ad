/**
 * Finds the Diamy_Call__c record id of a Diamy call id, for the call log's `findCallRecordId` (a wrap-up typed
 * after a reload or a tab handover, when the page that saved the call and knew its record id is gone).
 *
 * LWC has no imperative GraphQL: the lookup goes through the graphql wire adapter of a hidden component
 * (c-diamy-call-finder), whose variables this module points at one call id at a time. `CallFinder.find(id)`
 * queues the id, points the wire at it and settles with the next wire answer for that id:
 * - a record → its id; no record → null (none, or not visible to this user: the query runs with their sharing);
 * - GraphQL errors, or no answer within `timeoutMs` → the promise rejects (the lookup failed; it is not a "no").
 * The platform caches wire answers by query and variables: an id asked before (e.g. "not found yet" before the
 * record was created) would be answered from the cache, so for such an id a "no record" answer is re-queried
 * once with the wire result's `refresh()` (lightning/graphql's successor of uiGraphQLApi's refreshGraphQL); a
 * cached record id is used as is (a Diamy call id never moves to another record).
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument, GraphQLResult } from 'lightning/graphql';

/** The record of one Diamy call id: Diamy_Call_Id__c is a unique external id (indexed), so this is selective. */
export const CALL_RECORD_QUERY: GraphQLDocument = gql`
    query diamyCallRecordId($diamyCallId: String) {
        uiapi {
            query {
                Diamy_Call__c(where: { Diamy_Call_Id__c: { eq: $diamyCallId } }, first: 1) {
                    edges {
                        node {
                            Id
                            Diamy_Call_Id__c { value }
                        }
                    }
                }
            }
        }
    }
`;

export interface FinderVariables {
    diamyCallId: string;
}

/** Diamy call ids are short tokens (the record field is 64 characters, no spaces). */
const CALL_ID = /^[^\s]{1,64}$/;

export function isCallId(value: unknown): value is string {
    return typeof value === 'string' && CALL_ID.test(value);
}

export function finderVariables(diamyCallId: string): FinderVariables {
    return { diamyCallId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null;
}

/** The record id in an answer of CALL_RECORD_QUERY, only if the record carries this Diamy call id. */
export function readCallRecordId(data: unknown, diamyCallId: string): string | null {
    const uiapi = isRecord(data) ? data.uiapi : undefined;
    const query = isRecord(uiapi) ? uiapi.query : undefined;
    const connection = isRecord(query) ? query.Diamy_Call__c : undefined;
    const edges = isRecord(connection) && Array.isArray(connection.edges) ? (connection.edges as unknown[]) : [];
    for (const edge of edges.slice(0, 5)) {
        const node = isRecord(edge) ? edge.node : undefined;
        if (!isRecord(node) || typeof node.Id !== 'string' || !/^[a-zA-Z0-9]{15,18}$/.test(node.Id)) {
            continue;
        }
        const field = node.Diamy_Call_Id__c;
        if (isRecord(field) && field.value === diamyCallId) {
            return node.Id;
        }
    }
    return null;
}

/** The first GraphQL error message (bounded), or '' when the answer has none. */
export function errorOf(result: GraphQLResult<unknown>): string {
    const first = Array.isArray(result.errors) ? (result.errors[0] as unknown) : undefined;
    if (first === undefined) {
        return '';
    }
    const message = isRecord(first) && typeof first.message === 'string' ? first.message : 'GraphQL error';
    return message.slice(0, 200) || 'GraphQL error';
}

export class CallFinderError extends Error {
    readonly kind: 'timeout' | 'graphql' | 'stopped';
    constructor(kind: 'timeout' | 'graphql' | 'stopped', message: string) {
        super(message);
        this.kind = kind;
    }
}

export interface FinderOptions {
    /** Points the wire at this call id (the component sets its reactive `variables`). */
    ask: (diamyCallId: string) => void;
    timeoutMs?: number;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
}

interface Pending {
    id: string;
    resolve: (recordId: string | null) => void;
    reject: (error: Error) => void;
    /** Asked before: a "no record" answer may come from the cache and is re-queried once. */
    mayBeCached: boolean;
    refreshed: boolean;
    timer: unknown;
}

/** Lookups waiting for the wire, at most; more are refused (the logger retries later). */
export const MAX_WAITING = 20;
/** Ids remembered as asked (so that their answer may be a cached one). */
const MAX_ASKED = 200;

const platformTimer = {
    set: (fn: () => void, ms: number): unknown => globalThis.setTimeout(fn, ms),
    clear: (handle: unknown): void => globalThis.clearTimeout(handle as number)
};

export class CallFinder {
    private readonly ask: (diamyCallId: string) => void;
    private readonly timeoutMs: number;
    private readonly setTimer: (fn: () => void, ms: number) => unknown;
    private readonly clearTimer: (handle: unknown) => void;
    private readonly waiting: Pending[] = [];
    private current: Pending | null = null;
    private readonly asked: string[] = [];
    /** The id the wire points at, and the refresh of its latest answer. */
    private wireId: string | null = null;
    private refresh: (() => Promise<void>) | null = null;
    private stopped = false;

    constructor(options: FinderOptions) {
        this.ask = options.ask;
        this.timeoutMs = options.timeoutMs ?? 10_000;
        this.setTimer = options.setTimer ?? platformTimer.set;
        this.clearTimer = options.clearTimer ?? platformTimer.clear;
    }

    /** The record id of a Diamy call id; null when no visible record has it; rejects when the lookup fails. */
    find(diamyCallId: string): Promise<string | null> {
        if (!isCallId(diamyCallId)) {
            return Promise.resolve(null);
        }
        if (this.stopped) {
            return Promise.reject(new CallFinderError('stopped', 'The call finder is not on the page'));
        }
        if (this.waiting.length >= MAX_WAITING) {
            return Promise.reject(new CallFinderError('timeout', 'Too many call lookups at once'));
        }
        return new Promise<string | null>((resolve, reject) => {
            this.waiting.push({ id: diamyCallId, resolve, reject, mayBeCached: this.asked.includes(diamyCallId), refreshed: false, timer: null });
            this.next();
        });
    }

    /** A wire answer; `wiredId` is the call id the wire pointed at when it answered. */
    receive(result: GraphQLResult<unknown> | undefined, wiredId: string | null | undefined): void {
        if (!result || wiredId !== this.wireId) {
            return;
        }
        this.refresh = typeof result.refresh === 'function' ? result.refresh : null;
        const current = this.current;
        if (!current || current.id !== wiredId) {
            return;
        }
        const error = errorOf(result);
        if (result.data === undefined && error === '') {
            return; // loading: not an answer yet
        }
        const recordId = readCallRecordId(result.data, current.id);
        if (recordId) {
            this.settle(current, () => current.resolve(recordId));
        } else if (error !== '') {
            this.settle(current, () => current.reject(new CallFinderError('graphql', error)));
        } else if (current.mayBeCached && !current.refreshed && this.refresh) {
            this.reQuery(current);
        } else {
            this.settle(current, () => current.resolve(null));
        }
    }

    /** The component is on the page again. */
    resume(): void {
        this.stopped = false;
    }

    /** The component leaves the page: every lookup still waiting rejects. */
    stop(): void {
        this.stopped = true;
        const all = [...(this.current ? [this.current] : []), ...this.waiting.splice(0)];
        this.current = null;
        for (const pending of all) {
            this.clearTimer(pending.timer);
            pending.reject(new CallFinderError('stopped', 'The call finder left the page'));
        }
    }

    private next(): void {
        if (this.current || this.stopped) {
            return;
        }
        const pending = this.waiting.shift();
        if (!pending) {
            return;
        }
        this.current = pending;
        pending.timer = this.setTimer(() => {
            this.settle(pending, () => pending.reject(new CallFinderError('timeout', `No answer for call ${pending.id}`)));
        }, this.timeoutMs);
        this.remember(pending.id);
        if (this.wireId === pending.id) {
            // Same variables: the wire will not run again by itself.
            if (this.refresh) {
                this.reQuery(pending);
            } else {
                this.settle(pending, () => pending.reject(new CallFinderError('graphql', 'The lookup cannot be repeated')));
            }
            return;
        }
        this.wireId = pending.id;
        this.refresh = null;
        this.ask(pending.id);
    }

    private reQuery(pending: Pending): void {
        pending.refreshed = true;
        const refresh = this.refresh;
        if (!refresh) {
            return;
        }
        refresh().catch((error: unknown) => {
            this.settle(pending, () => pending.reject(new CallFinderError('graphql', error instanceof Error ? error.message : 'refresh failed')));
        });
    }

    private remember(id: string): void {
        if (!this.asked.includes(id)) {
            this.asked.push(id);
            if (this.asked.length > MAX_ASKED) {
                this.asked.shift();
            }
        }
    }

    private settle(pending: Pending, done: () => void): void {
        if (this.current !== pending) {
            return;
        }
        this.clearTimer(pending.timer);
        this.current = null;
        done();
        this.next();
    }
}
