// The reference sync client: plays Diamy's server against Salesforce (or the stand-in) with jsforce.
// Salesforce → Diamy: incremental pull (getUpdated + getDeleted, then a SOQL read that leaves out what the
// integration user wrote: loop prevention). Diamy → Salesforce: upsert on Diamy_Contact_Id__c in sObject Collections
// of ≤ 200, Bulk API 2.0 for the initial load. Duplicates: the strategy set in Diamy's console. 401 → refresh
// (jsforce), 503 / REQUEST_LIMIT_EXCEEDED → bounded backoff with jitter, failures kept and retried, checkpoint.
import { createHash } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import type { Checkpoint, PendingErasure, PendingFailure } from './checkpoint.ts';
import { e164Function, phoneKeyFunction } from './phoneKey.ts';
import {
    ERASURE_READ_FIELDS,
    erasureLogKey,
    erasureLogText,
    erasureOf,
    erasureResultOf,
    erasureRequests,
    personCallsQuery,
    personKey,
    refusedForGood,
    stampTime,
    supersededLogText,
    usableCallIds
} from './erasure.ts';
import { ErasureFailure } from './erasure.ts';
import type { EraseAtDiamy, ErasureResult } from './erasure.ts';
import type { KeyOf } from './phoneKey.ts';
import { parseCsv, toCsv } from '../csv.ts';

export const API_VERSION = '66.0';
const BATCH = 200;
const IDS_PER_RETRIEVE = 2000; // sObject Collections retrieve: up to 2,000 ids per POST
const MAX_ATTEMPTS = 3;
export type SyncObject = 'Contact' | 'Lead';
export type DuplicateStrategy = 'link' | 'create' | 'skip';
export type Phase = 'limits' | 'bulk' | 'push' | 'duplicates' | 'retry' | 'pull' | 'erasure' | 'log';

/** A contact as Diamy's server holds it. */
export interface DiamyContact {
    id: string;
    firstName?: string;
    lastName: string;
    email?: string;
    phone?: string;
    mobile?: string;
    /** Lead.Company; for a Contact the name rule compares AccountId, known once the contact was pulled. */
    company?: string;
    accountId?: string;
}

export interface PulledChange {
    object: SyncObject;
    salesforceId: string;
    fields: Record<string, unknown>;
}

export interface ClientOptions {
    instanceUrl: string;
    loginUrl: string;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    integrationUserId: string;
    checkpointFile: string;
    strategy: DuplicateStrategy;
    defaultCountry?: string;
    now?: () => number;
    backoff?: { baseMs: number; maxMs: number; attempts: number };
    bulkPollMs?: number;
    /**
     * Applies an erasure at Diamy (POST /v2/erasures; diamyEraser in ./erasure.ts makes one). Without it, pulled
     * erasure stamps are refused (applyErasures throws): a server that cannot erase must not pretend it did.
     */
    eraseAtDiamy?: EraseAtDiamy;
    /** Test hook: runs after a batch is answered and before the checkpoint records it (a crash here is the worst case). */
    afterBatch?: (batch: number) => void;
}

export interface LogEntry {
    key: string;
    object: SyncObject;
    diamyId: string;
    status: 'New' | 'Failed' | 'Ignored' | 'Resolved';
    severity: 'Info' | 'Warning' | 'Error' | 'Critical';
    /** Only Status__c and Retry_Count__c change (an entry resolved or failed again keeps its message and payload). */
    statusOnly?: boolean;
    message: string;
    payload: string;
    attempts: number;
}

/**
 * "Forget this person": Diamy's server deletes its copy of the contact and never pushes it back to Salesforce.
 * Ids and the stamp only.
 */
export interface ForgetNotice {
    object: SyncObject;
    salesforceId: string;
    diamyContactId: string | null;
    requestedAt: string;
}

export interface ErasureReport {
    /** Erasures applied at Diamy this cycle (or found already applied there): the caller forgets these people. */
    forget: ForgetNotice[];
    /** Erasures whose call to Diamy failed: kept in the checkpoint and sent again next cycle. */
    failed: number;
    /** The pulled changes without the people being erased (their data must not reach Diamy's copy). */
    changes: PulledChange[];
}

export interface RunReport {
    created: number;
    updated: number;
    linked: number;
    createdAnyway: number;
    skipped: number;
    failed: number;
    logs: LogEntry[];
    /** Entries an admin set to Retrying whose contact the client has no data for: the caller sends them next run. */
    awaitingData: { object: SyncObject; diamyId: string }[];
}

/** A log entry an admin set to Retrying from the setup console (docs/SYNC.md, the setup console). */
export interface RequestedRetry {
    key: string;
    object: SyncObject;
    diamyId: string;
    retryCount: number;
}

interface UpsertResult {
    id: string | null;
    success: boolean;
    created?: boolean;
    errors: {
        statusCode: string;
        message: string;
        duplicateResult?: { duplicateRule: string; matchResults: MatchResultBody[] };
    }[];
}

export interface MatchResultBody {
    entityType: string;
    rule: string;
    matchRecords: readonly { record: Record<string, unknown> }[];
}

export class ApiFailure extends Error {
    constructor(
        readonly errorCode: string,
        message: string
    ) {
        super(message);
    }
}

const RULE_PRIORITY = ['_Email', '_Phone', '_Name'];

export function toSObject(object: SyncObject, contact: DiamyContact): Record<string, string | null> {
    const record: Record<string, string | null> = {
        Diamy_Contact_Id__c: contact.id,
        FirstName: contact.firstName ?? null,
        LastName: contact.lastName,
        Email: contact.email ?? null,
        Phone: contact.phone ?? null,
        MobilePhone: contact.mobile ?? null
    };
    if (object === 'Lead') record.Company = contact.company ?? null;
    else if (contact.accountId) record.AccountId = contact.accountId;
    return record;
}

/** Personal data is cut down before it reaches the log: enough for an admin to recognise the record. */
export function redact(record: Record<string, string | null>): string {
    const out: Record<string, string | null> = {};
    for (const [field, value] of Object.entries(record)) {
        if (value === null) out[field] = null;
        else if (field === 'Email') out[field] = value.replace(/^(.).*(@.*)$/, '$1***$2');
        else if (field === 'Phone' || field === 'MobilePhone') out[field] = `***${value.replace(/\D/g, '').slice(-2)}`;
        else out[field] = value;
    }
    return JSON.stringify(out);
}

export class SyncClient {
    readonly conn: Connection;
    readonly calls = new Map<Phase, number>();
    private checkpoint: Checkpoint;
    private keyOf: KeyOf | undefined;
    private e164Of: KeyOf | undefined;
    private readonly options: ClientOptions;
    private phase: Phase = 'push';
    private requested = new Map<string, RequestedRetry>();

    constructor(options: ClientOptions) {
        this.options = options;
        this.conn = new Connection({
            instanceUrl: options.instanceUrl,
            refreshToken: options.refreshToken,
            version: API_VERSION,
            oauth2: { clientId: options.clientId, clientSecret: options.clientSecret, loginUrl: options.loginUrl }
        });
        this.checkpoint = readCheckpoint(options.checkpointFile);
    }

    get state(): Checkpoint {
        return this.checkpoint;
    }

    totalCalls(): number {
        return [...this.calls.values()].reduce((sum, count) => sum + count, 0);
    }

    private save(): void {
        writeCheckpoint(this.options.checkpointFile, this.checkpoint);
    }

    private now(): number {
        return (this.options.now ?? Date.now)();
    }

    /**
     * One API request: jsforce refreshes the token on 401 and replays it; 503 and REQUEST_LIMIT_EXCEEDED get a
     * bounded exponential backoff with full jitter (jsforce's own retries are off so that every call is counted).
     */
    async api<T>(
        method: string,
        url: string,
        body?: unknown,
        headers: Record<string, string> = {},
        responseType?: string
    ): Promise<T> {
        if (!this.conn.accessToken) await this.connect();
        const { baseMs, maxMs, attempts } = this.options.backoff ?? { baseMs: 1000, maxMs: 60_000, attempts: 5 };
        for (let attempt = 1; ; attempt += 1) {
            this.calls.set(this.phase, (this.calls.get(this.phase) ?? 0) + 1);
            try {
                const isText = typeof body === 'string';
                return await this.conn.request<T>(
                    {
                        method: method as 'GET',
                        url,
                        body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
                        headers: {
                            'content-type': isText ? 'text/csv' : 'application/json',
                            'x-diamy-sync-phase': this.phase,
                            ...headers
                        }
                    },
                    { retry: { maxRetries: 0 }, ...(responseType ? { responseType } : {}) } // typed as plain Object by jsforce; its request.js reads `retry`
                );
            } catch (error) {
                const code = (error as { errorCode?: string }).errorCode ?? (error as { name?: string }).name ?? 'UNKNOWN';
                const retryable = code === 'REQUEST_LIMIT_EXCEEDED' || code === 'ERROR_HTTP_503';
                if (!retryable || attempt >= attempts) {
                    throw new ApiFailure(code, (error as Error).message);
                }
                const delay = Math.random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1));
                await new Promise((resolve) => setTimeout(resolve, delay));
            }
        }
    }

    /** An access token from the refresh token (OAuth 2.0 refresh token flow), before the first API call. */
    async connect(): Promise<void> {
        const token = await this.conn.oauth2.refreshToken(this.options.refreshToken);
        this.conn._establish({
            accessToken: token.access_token,
            instanceUrl: this.options.instanceUrl,
            refreshToken: this.options.refreshToken
        });
    }

    private async key(): Promise<KeyOf> {
        this.keyOf ??= await phoneKeyFunction(this.options.defaultCountry ?? 'FR');
        return this.keyOf;
    }

    /**
     * Diamy contact ids of people erased or waiting for their erasure, with the stamp: not pushed back to Salesforce.
     * An erased person edited in Salesforce since (`releasedAt`, applyErasures) is live again and no longer listed.
     */
    private erasedDiamyIds(): Map<string, string> {
        const entries: [string | null, string][] = [
            ...Object.values(this.checkpoint.erasures ?? {})
                .filter((applied) => !applied.releasedAt)
                .map((applied): [string | null, string] => [applied.diamyContactId, applied.requestedAt]),
            ...(this.checkpoint.erasureRetry ?? []).map((pending): [string | null, string] => [
                pending.diamyContactId,
                pending.requestedAt
            ])
        ];
        return new Map(entries.filter((entry): entry is [string, string] => entry[0] !== null));
    }

    /** Ignored (Warning): the push left out a contact because its person was erased. Ids and the stamp only. */
    private logErasedNotPushed(report: RunReport, object: SyncObject, diamyId: string, requestedAt: string): void {
        report.logs.push({
            key: createHash('sha256').update(`erased-push|${object}|${diamyId}|${requestedAt}`).digest('hex'),
            object,
            diamyId,
            status: 'Ignored',
            severity: 'Warning',
            message: `ERASED_NOT_PUSHED: Diamy contact ${diamyId} was erased on request (${requestedAt}); not pushed to Salesforce until the person is edited there again`.slice(
                0,
                255
            ),
            payload: JSON.stringify({ object, diamyContactId: diamyId, requestedAt }),
            attempts: 1
        });
    }

    /** Diamy → Salesforce: upsert in collections of 200, resumable from the checkpoint, then the retries. */
    async push(object: SyncObject, contacts: readonly DiamyContact[], runId: string): Promise<RunReport> {
        const report = emptyReport();
        // A caller that missed a ForgetNotice (or a stale export) must still not bring an erased person back.
        const erased = this.erasedDiamyIds();
        this.checkpoint.retry = this.checkpoint.retry.filter((pending) => !erased.has(pending.diamyId));
        const kept = contacts.filter((contact) => !erased.has(contact.id));
        for (const contact of contacts) {
            const requestedAt = erased.get(contact.id);
            if (requestedAt !== undefined) this.logErasedNotPushed(report, object, contact.id, requestedAt);
        }
        const { first, later } = await this.sameRunDuplicatesLast(kept.map((contact) => toSObject(object, contact)));
        const records = [...first, ...later];
        const batches = [...chunks(first), ...chunks(later)];
        const start = this.checkpoint.push?.runId === runId ? this.checkpoint.push.doneBatches : 0;
        // Failures of earlier runs are retried after this run's batches, unless this run sends the contact again.
        const sentNow = new Set(records.map((record) => `${object}|${record.Diamy_Contact_Id__c ?? ''}`));
        this.requested = new Map((await this.requestedRetries()).map((entry) => [`${entry.object}|${entry.diamyId}`, entry]));
        const earlier = this.checkpoint.retry.filter(
            (pending) =>
                !sentNow.has(`${pending.object}|${pending.diamyId}`) &&
                (!pending.gaveUp || this.requested.has(`${pending.object}|${pending.diamyId}`))
        );
        const known = new Set([...sentNow, ...earlier.map((pending) => `${pending.object}|${pending.diamyId}`)]);
        report.awaitingData = [...this.requested.entries()]
            .filter(([id]) => !known.has(id))
            .map(([, entry]) => ({ object: entry.object, diamyId: entry.diamyId }));
        for (let batch = start; batch < batches.length; batch += 1) {
            const slice = batches[batch] ?? [];
            this.phase = 'push';
            const results = await this.upsertCollection(object, slice, false);
            await this.handleResults(object, slice, results, report);
            this.options.afterBatch?.(batch);
            this.checkpoint.push = { runId, doneBatches: batch + 1 };
            this.save();
        }
        await this.retryPending(report, earlier);
        this.logRun(report, object, runId);
        await this.flushLogs(report);
        delete this.checkpoint.push;
        this.save();
        return report;
    }

    /**
     * Salesforce does not compare records of one request with each other: a contact that shares an email or a mobile
     * with an earlier one of the same run goes in the last batches, where the duplicate rules see the first one saved.
     */
    private async sameRunDuplicatesLast(
        records: Record<string, string | null>[]
    ): Promise<{ first: Record<string, string | null>[]; later: Record<string, string | null>[] }> {
        const keyOf = await this.key();
        const seen = new Set<string>();
        const first: Record<string, string | null>[] = [];
        const later: Record<string, string | null>[] = [];
        for (const record of records) {
            const marks = [
                record.Email ? `e|${record.Email.toLowerCase()}` : '',
                record.MobilePhone ? `m|${keyOf(record.MobilePhone)}` : ''
            ].filter((mark) => mark !== '' && mark !== 'm|');
            (marks.some((mark) => seen.has(mark)) ? later : first).push(record);
            for (const mark of marks) seen.add(mark);
        }
        return { first, later };
    }

    private async upsertCollection(
        object: SyncObject,
        records: readonly Record<string, string | null>[],
        allowSave: boolean
    ): Promise<UpsertResult[]> {
        return this.api<UpsertResult[]>(
            'PATCH',
            `/services/data/v${API_VERSION}/composite/sobjects/${object}/Diamy_Contact_Id__c`,
            { allOrNone: false, records: records.map((record) => ({ attributes: { type: object }, ...record })) },
            allowSave ? { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } : {}
        );
    }

    /** Per-record results: counts, the duplicate strategy, and the failures kept for a retry. */
    private async handleResults(
        object: SyncObject,
        records: readonly Record<string, string | null>[],
        results: readonly UpsertResult[],
        report: RunReport
    ): Promise<void> {
        const links: Record<string, string | null>[] = [];
        const createAnyway: Record<string, string | null>[] = [];
        const keyOf = await this.key();
        results.forEach((result, index) => {
            const record = records[index] ?? {};
            const diamyId = record.Diamy_Contact_Id__c ?? '';
            if (result.success) {
                if (result.created) report.created += 1;
                else report.updated += 1;
                this.resolve(report, object, diamyId);
                return;
            }
            const error = result.errors[0] ?? { statusCode: 'UNKNOWN', message: '' };
            // One DUPLICATES_DETECTED error per duplicate rule that matched; their matches together, by priority.
            const matchResults = result.errors.flatMap((each) =>
                each.statusCode === 'DUPLICATES_DETECTED' ? (each.duplicateResult?.matchResults ?? []) : []
            );
            if (error.statusCode === 'DUPLICATES_DETECTED' && matchResults.length > 0) {
                if (this.options.strategy === 'create') {
                    createAnyway.push(record);
                    return;
                }
                const target =
                    this.options.strategy === 'link'
                        ? chooseTarget(object, matchResults, record, keyOf)
                        : {
                              reason: `skipped (strategy skip), rules ${[...new Set(matchResults.map((match) => match.rule))].join(', ')}`
                          };
                if ('id' in target) {
                    links.push({ ...record, Id: target.id });
                    return;
                }
                report.skipped += 1;
                this.log(report, object, record, 'Ignored', 'Warning', `DUPLICATES_DETECTED: ${target.reason}`);
                return;
            }
            this.keepForRetry(report, object, record, error.statusCode, error.message);
        });
        if (links.length > 0) {
            this.phase = 'duplicates';
            const linked = await this.api<UpsertResult[]>(
                'PATCH',
                `/services/data/v${API_VERSION}/composite/sobjects`,
                {
                    allOrNone: false,
                    records: links.map(({ Id, ...fields }) => ({ attributes: { type: object }, id: Id, ...fields }))
                }, // Diamy's data may now match another record (Claire gets a number Paul has): the admin chose to link.
                { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
            );
            linked.forEach((result, index) => {
                const record = links[index] ?? {};
                if (result.success) {
                    report.linked += 1;
                    this.resolve(report, object, record.Diamy_Contact_Id__c ?? '');
                } else
                    this.keepForRetry(
                        report,
                        object,
                        record,
                        result.errors[0]?.statusCode ?? 'UNKNOWN',
                        result.errors[0]?.message ?? ''
                    );
            });
        }
        if (createAnyway.length > 0) {
            this.phase = 'duplicates';
            const created = await this.upsertCollection(object, createAnyway, true);
            created.forEach((result, index) => {
                const record = createAnyway[index] ?? {};
                if (result.success) {
                    report.createdAnyway += 1;
                    this.resolve(report, object, record.Diamy_Contact_Id__c ?? '');
                } else
                    this.keepForRetry(
                        report,
                        object,
                        record,
                        result.errors[0]?.statusCode ?? 'UNKNOWN',
                        result.errors[0]?.message ?? ''
                    );
            });
        }
    }

    private keepForRetry(
        report: RunReport,
        object: SyncObject,
        record: Record<string, string | null>,
        errorCode: string,
        message: string
    ): void {
        const diamyId = record.Diamy_Contact_Id__c ?? '';
        const { Id: _linkTarget, ...fields } = record;
        void _linkTarget;
        const previous = this.checkpoint.retry.find((pending) => pending.object === object && pending.diamyId === diamyId);
        const requested = this.requested.get(`${object}|${diamyId}`);
        const attempts = (previous?.attempts ?? 0) + 1;
        const gaveUp = attempts >= MAX_ATTEMPTS || requested !== undefined;
        report.failed += 1;
        const logKey = this.log(report, object, fields, gaveUp ? 'Failed' : 'New', 'Error', `${errorCode}: ${message}`, attempts);
        if (requested && requested.key !== logKey) {
            // The entry the admin retried: Failed, one more attempt counted (the setup console's contract).
            report.logs.push({
                key: requested.key,
                object,
                diamyId,
                status: 'Failed',
                severity: 'Error',
                message: '',
                payload: '',
                attempts: requested.retryCount + 2,
                statusOnly: true
            });
        }
        this.checkpoint.retry = this.checkpoint.retry.filter((pending) => pending !== previous);
        this.checkpoint.retry.push({
            object,
            diamyId,
            record: fields,
            errorCode,
            message,
            attempts,
            logKey,
            ...(gaveUp ? { gaveUp } : {})
        });
    }

    /** A contact that failed before is saved now: its log entries become Resolved and it leaves the retry list. */
    private resolve(report: RunReport, object: SyncObject, diamyId: string): void {
        const previous = this.checkpoint.retry.find((pending) => pending.object === object && pending.diamyId === diamyId);
        const requested = this.requested.get(`${object}|${diamyId}`);
        for (const key of new Set([previous?.logKey, requested?.key])) {
            if (key)
                report.logs.push({
                    key,
                    object,
                    diamyId,
                    status: 'Resolved',
                    severity: 'Error',
                    message: '',
                    payload: '',
                    attempts: previous?.attempts ?? 1,
                    statusOnly: true
                });
        }
        if (previous) this.checkpoint.retry = this.checkpoint.retry.filter((pending) => pending !== previous);
    }

    /** The Info entry at the end of each run: the setup console reads the newest one as "last successful sync". */
    private logRun(report: RunReport, object: SyncObject, runId: string): void {
        const counts = {
            created: report.created,
            updated: report.updated,
            linked: report.linked,
            createdAnyway: report.createdAnyway,
            skipped: report.skipped,
            failed: report.failed
        };
        const key = createHash('sha256').update(`sync-run|${object}|${runId}`).digest('hex');
        const message = `Sync ${object} done: ${Object.entries(counts)
            .map(([name, count]) => `${name} ${count}`)
            .join(', ')}`;
        report.logs.push({
            key,
            object,
            diamyId: '',
            status: 'Resolved',
            severity: 'Info',
            message,
            payload: JSON.stringify({ runId, ...counts }),
            attempts: 1
        });
    }

    /** Sync entries an admin set to Retrying in the setup console (one query a run). */
    async requestedRetries(): Promise<RequestedRetry[]> {
        this.phase = 'log';
        const soql =
            "SELECT Id, Idempotency_Key__c, Source__c, Payload__c, Retry_Count__c FROM Diamy_Integration_Log__c WHERE Area__c = 'Sync' AND Status__c = 'Retrying'";
        const page = await this.api<{ records: Record<string, unknown>[] }>(
            'GET',
            `/services/data/v${API_VERSION}/query?q=${encodeURIComponent(soql)}`
        );
        return page.records.flatMap((row) => {
            const object = text(row.Source__c).endsWith('Lead') ? 'Lead' : 'Contact';
            let diamyId = '';
            try {
                const payload = JSON.parse(text(row.Payload__c) || '{}') as Record<string, unknown> | null;
                diamyId = text(payload?.Diamy_Contact_Id__c);
            } catch {
                diamyId = '';
            }
            return diamyId === ''
                ? []
                : [{ key: text(row.Idempotency_Key__c), object, diamyId, retryCount: Number(row.Retry_Count__c ?? 0) }];
        });
    }

    private log(
        report: RunReport,
        object: SyncObject,
        record: Record<string, string | null>,
        status: LogEntry['status'],
        severity: LogEntry['severity'],
        message: string,
        attempts = 1
    ): string {
        const diamyId = record.Diamy_Contact_Id__c ?? '';
        const code = message.split(':')[0] ?? '';
        const key = createHash('sha256').update(`sync|${object}|${diamyId}|${code}`).digest('hex');
        report.logs = report.logs.filter((entry) => entry.key !== key);
        report.logs.push({
            key,
            object,
            diamyId,
            status,
            severity,
            message: message.slice(0, 255),
            payload: redact(record),
            attempts
        });
        return key;
    }

    /** Failures kept from earlier batches or runs, sent again (once per run). */
    private async retryPending(report: RunReport, earlier: readonly PendingFailure[]): Promise<void> {
        const byObject = new Map<SyncObject, PendingFailure[]>();
        for (const pending of earlier) byObject.set(pending.object, [...(byObject.get(pending.object) ?? []), pending]);
        for (const [object, pendings] of byObject) {
            for (let i = 0; i < pendings.length; i += BATCH) {
                const records = pendings.slice(i, i + BATCH).map((pending) => pending.record);
                this.phase = 'retry';
                const results = await this.upsertCollection(object, records, false);
                await this.handleResults(object, records, results, report);
            }
        }
        this.save();
    }

    /** Failures to Diamy_Integration_Log__c (Area Sync), upserted on Idempotency_Key__c: a rerun never doubles them. */
    private async flushLogs(report: RunReport): Promise<void> {
        this.phase = 'log';
        // One entry per key: Salesforce refuses an external id twice in one request; a status change merges into
        // the full entry written in the same run.
        const byKey = new Map<string, LogEntry>();
        for (const entry of report.logs) {
            const earlier = byKey.get(entry.key);
            byKey.set(
                entry.key,
                earlier && entry.statusOnly ? { ...earlier, status: entry.status, attempts: entry.attempts } : entry
            );
        }
        const merged = [...byKey.values()];
        for (let i = 0; i < merged.length; i += BATCH) {
            const entries = merged.slice(i, i + BATCH);
            await this.api(
                'PATCH',
                `/services/data/v${API_VERSION}/composite/sobjects/Diamy_Integration_Log__c/Idempotency_Key__c`,
                {
                    allOrNone: false,
                    records: entries.map((entry) =>
                        entry.statusOnly
                            ? {
                                  attributes: { type: 'Diamy_Integration_Log__c' },
                                  Idempotency_Key__c: entry.key,
                                  Status__c: entry.status,
                                  Retry_Count__c: entry.attempts - 1
                              }
                            : {
                                  attributes: { type: 'Diamy_Integration_Log__c' },
                                  Idempotency_Key__c: entry.key,
                                  Area__c: 'Sync',
                                  Source__c: `Diamy sync ${entry.object}`,
                                  Status__c: entry.status,
                                  Severity__c: entry.severity,
                                  Message__c: entry.message,
                                  Payload__c: entry.payload,
                                  Retry_Count__c: entry.attempts - 1,
                                  Logged_At__c: new Date(this.now()).toISOString()
                              }
                    )
                }
            );
        }
    }

    /**
     * One sync cycle for an object: pull first (a person's edit is read before Diamy's push can overwrite it), apply
     * the erasures it read (and those that failed before), then push without the erased people.
     */
    async cycle(
        object: SyncObject,
        fields: readonly string[],
        outgoing: readonly DiamyContact[],
        runId: string
    ): Promise<{ pulled: Awaited<ReturnType<SyncClient['pull']>>; erasures: ErasureReport; pushed: RunReport }> {
        const raw = await this.pull(object, fields);
        const erasures = await this.applyErasures(object, raw.changes);
        const pulled = { ...raw, changes: erasures.changes };
        const pushed = await this.push(object, outgoing, runId);
        return { pulled, erasures, pushed };
    }

    /**
     * Puts the erasures `changes` ask for in the checkpoint's queue (erasureRetry). The pull does it before it moves its
     * cursor, so a crash or a missing eraser between the pull and applyErasures cannot lose a stamp. A newer stamp
     * replaces the queued one of the same person: one request erases both, and the replaced one's log entry, if it has
     * one, is marked Resolved (superseded) with the newer one's entries.
     */
    private async queueErasures(object: SyncObject, changes: readonly PulledChange[]): Promise<void> {
        const e164 = (this.e164Of ??= await e164Function(this.options.defaultCountry ?? 'FR'));
        const applied = this.checkpoint.erasures ?? {};
        let queue = this.checkpoint.erasureRetry ?? [];
        for (const change of changes) {
            const key = personKey(object, change.salesforceId);
            const queued = queue.find((pending) => personKey(pending.object, pending.salesforceId) === key);
            const erasure = erasureOf(object, change.fields, applied[key], queued, e164);
            if (!erasure) continue;
            // The replaced stamp's log entry (written once it was attempted) is closed as superseded (logErasure).
            const supersedes = [
                ...(queued?.supersedes ?? []),
                ...(queued && queued.attempts > 0 ? [{ requestedAt: queued.requestedAt, attempts: queued.attempts }] : [])
            ];
            if (supersedes.length > 0) erasure.supersedes = supersedes;
            queue = [...queue.filter((pending) => pending !== queued), erasure];
        }
        this.checkpoint.erasureRetry = queue;
    }

    /**
     * Erasure on request: pulled records whose Diamy_Erasure_Requested_At__c is newer than the last erasure applied to
     * them, plus the erasures that failed before, are sent to Diamy one by one. Applied → recorded in the checkpoint
     * (a restart does not send it again), logged, and returned as a ForgetNotice. Failed → kept for the next cycle,
     * logged, the checkpoint's "applied" stamp untouched.
     */
    async applyErasures(object: SyncObject, changes: readonly PulledChange[]): Promise<ErasureReport> {
        await this.queueErasures(object, changes);
        const applied = (this.checkpoint.erasures ??= {});
        const due = (this.checkpoint.erasureRetry ?? []).filter((pending) => pending.object === object);
        if (due.length > 0 && !this.options.eraseAtDiamy) {
            throw new Error(`${due.length} erasure request(s) pulled but no eraseAtDiamy is configured: kept, nothing applied`);
        }
        const report = emptyReport();
        const erasing = new Set(due.map((erasure) => personKey(erasure.object, erasure.salesforceId)));
        const forget: ForgetNotice[] = [];
        let failed = 0;
        for (const erasure of due) {
            // A failure stays queued as it is (eraseOne counted the attempt on it); a success leaves the queue. An
            // unexpected error is this erasure's failure only: the others and the push still run.
            const { outcome, callIds, skipped } = await this.eraseOne(erasure).catch(() => {
                erasure.attempts += 1;
                erasure.errorCode = 'internal';
                delete erasure.httpStatus;
                return { outcome: null, callIds: null, skipped: 0 };
            });
            if (outcome) {
                const key = personKey(erasure.object, erasure.salesforceId);
                this.checkpoint.erasureRetry = (this.checkpoint.erasureRetry ?? []).filter((pending) => pending !== erasure);
                applied[key] = {
                    requestedAt: erasure.requestedAt,
                    diamyContactId: erasure.diamyContactId,
                    appliedAt: new Date(this.now()).toISOString()
                };
                const { salesforceId, diamyContactId, requestedAt } = erasure;
                forget.push({ object, salesforceId, diamyContactId, requestedAt });
            } else {
                failed += 1;
            }
            this.logErasure(report, erasure, outcome, callIds, skipped);
        }
        const ordinary = changes.filter((change) => !erasing.has(personKey(object, change.salesforceId)));
        this.releaseEdited(object, ordinary);
        this.save();
        await this.flushLogs(report);
        return { forget, failed, changes: ordinary };
    }

    /**
     * An erased person whose record a person (not the integration) changed after the erasure was applied is live
     * again in Salesforce: their Diamy id leaves the push's block list (the change goes on to Diamy as any other).
     * An entry of an older checkpoint, without appliedAt, counts from now.
     */
    private releaseEdited(object: SyncObject, ordinary: readonly PulledChange[]): void {
        const applied = this.checkpoint.erasures ?? {};
        for (const entry of Object.values(applied)) entry.appliedAt ??= new Date(this.now()).toISOString();
        for (const change of ordinary) {
            const entry = applied[personKey(object, change.salesforceId)];
            if (!entry || entry.releasedAt || !entry.appliedAt) continue;
            if (stampTime(change.fields.SystemModstamp) > Date.parse(entry.appliedAt)) {
                entry.releasedAt = new Date(this.now()).toISOString();
            }
        }
    }

    /**
     * The Diamy call ids of the person's Diamy_Call__c records, every page (nextRecordsUrl). Asked again at each
     * attempt rather than kept: thousands of ids would bloat the checkpoint, and calls logged since are included.
     */
    private async personCallIds(erasure: PendingErasure): Promise<{ ids: string[]; skipped: number }> {
        this.phase = 'erasure';
        type Page = { done: boolean; nextRecordsUrl?: string; records: { Diamy_Call_Id__c?: unknown }[] };
        const values: unknown[] = [];
        let page = await this.api<Page>(
            'GET',
            `/services/data/v${API_VERSION}/query?q=${encodeURIComponent(personCallsQuery(erasure))}`
        );
        for (;;) {
            values.push(...page.records.map((record) => record.Diamy_Call_Id__c));
            if (page.done || !page.nextRecordsUrl) break;
            page = await this.api<Page>('GET', page.nextRecordsUrl);
        }
        const ids = usableCallIds(values);
        // Values that are not Diamy call ids (test data, an import) are left out, and counted in the log entry.
        const skipped = new Set(values.filter((value) => typeof value === 'string' && value !== '' && !ids.includes(value))).size;
        return { ids, skipped };
    }

    /**
     * Diamy's answer (the parts' counts added up), or null when the query of the person's calls or a request failed:
     * the failure's code and the attempt are written on `erasure`, and the counts of the parts Diamy answered are kept
     * on it (`partial`) so that the retry, which sends every part again, still logs the totals.
     */
    private async eraseOne(
        erasure: PendingErasure
    ): Promise<{ outcome: ErasureResult | null; callIds: number | null; skipped: number }> {
        let callIds: string[];
        let skipped: number;
        try {
            ({ ids: callIds, skipped } = await this.personCallIds(erasure));
        } catch (error) {
            erasure.attempts += 1;
            erasure.errorCode = error instanceof ApiFailure ? `salesforce_${error.errorCode}` : 'salesforce';
            delete erasure.httpStatus;
            return { outcome: null, callIds: null, skipped: 0 };
        }
        const requests = erasureRequests(erasure, callIds);
        const partial = erasure.partial ?? { callsAnonymized: 0, recordingsDeleted: 0 };
        const total: ErasureResult = {
            erasure_id: '',
            salesforce_id: erasure.salesforceId,
            requested_at: erasure.requestedAt,
            calls_anonymized: partial.callsAnonymized,
            recordings_deleted: partial.recordingsDeleted,
            call_ids_unknown: 0,
            // No number and no call record: no call to find (the contract refuses such a request), only Diamy's copy of the person goes.
            already_applied: requests.length > 0 && partial.callsAnonymized === 0
        };
        if (requests.length === 0) return { outcome: total, callIds: 0, skipped };
        erasure.attempts += 1;
        for (const request of requests) {
            let answer: ErasureResult;
            try {
                // An eraser that resolves with something else than Diamy's answer (an unreadable 200) failed.
                const resolved = erasureResultOf(await (this.options.eraseAtDiamy as EraseAtDiamy)(request));
                if (!resolved) throw new ErasureFailure('invalid_response', 200);
                answer = resolved;
            } catch (error) {
                // Duck-typed: an eraser from another module instance (tsx loads one per import) is still an ErasureFailure.
                const { errorCode: code, status } = error as Partial<ErasureFailure>;
                erasure.errorCode = typeof code === 'string' ? code : 'network';
                if (typeof status === 'number') erasure.httpStatus = status;
                else delete erasure.httpStatus;
                if (total.calls_anonymized > 0 || total.recordings_deleted > 0) {
                    erasure.partial = { callsAnonymized: total.calls_anonymized, recordingsDeleted: total.recordings_deleted };
                }
                return { outcome: null, callIds: callIds.length, skipped };
            }
            total.erasure_id = answer.erasure_id;
            total.requested_at = answer.requested_at;
            total.calls_anonymized += answer.calls_anonymized;
            total.recordings_deleted += answer.recordings_deleted;
            total.call_ids_unknown += answer.call_ids_unknown;
            total.already_applied &&= answer.already_applied;
        }
        return { outcome: total, callIds: callIds.length, skipped };
    }

    /**
     * The erasure's one log entry (Area Sync): ids, counts and dates; a failure becomes Resolved once applied. A request
     * Diamy refuses for good is Failed and Critical from its first attempt (the setup console counts it as open).
     */
    private logErasure(
        report: RunReport,
        erasure: PendingErasure,
        outcome: ErasureResult | null,
        callIds: number | null,
        skipped: number
    ): void {
        const { message, payload } = erasureLogText(erasure, outcome, callIds, skipped);
        const refused = !outcome && refusedForGood(erasure);
        report.logs.push({
            key: erasureLogKey(erasure),
            object: erasure.object,
            diamyId: erasure.diamyContactId ?? '',
            status: outcome ? 'Resolved' : refused || erasure.attempts >= MAX_ATTEMPTS ? 'Failed' : 'New',
            severity: outcome ? 'Info' : refused ? 'Critical' : 'Error',
            message: message.slice(0, 255),
            payload,
            attempts: Math.max(1, erasure.attempts)
        });
        // Older stamps this one replaced in the queue: this request erases what they asked for, their entries close.
        for (const older of erasure.supersedes ?? []) {
            const replaced = { ...erasure, requestedAt: older.requestedAt };
            const text = supersededLogText(replaced, erasure.requestedAt);
            report.logs.push({
                key: erasureLogKey(replaced),
                object: erasure.object,
                diamyId: erasure.diamyContactId ?? '',
                status: 'Resolved',
                severity: 'Info',
                message: text.message.slice(0, 255),
                payload: text.payload,
                attempts: Math.max(1, older.attempts)
            });
        }
    }

    /**
     * One record at once (Diamy's console "sync now"): PATCH /sobjects/{object}/Diamy_Contact_Id__c/{id}. Only this
     * request can answer 300 Multiple Choices (several records hold the value): nothing is written, it is logged.
     */
    async upsertOne(
        object: SyncObject,
        contact: DiamyContact
    ): Promise<{ outcome: 'created' | 'updated' | 'ambiguous'; ids: string[] }> {
        this.phase = 'push';
        const { Diamy_Contact_Id__c: _id, ...fields } = toSObject(object, contact);
        void _id;
        try {
            const result = await this.api<{ id: string; created: boolean }>(
                'PATCH',
                `/services/data/v${API_VERSION}/sobjects/${object}/Diamy_Contact_Id__c/${encodeURIComponent(contact.id)}`,
                fields
            );
            return { outcome: result.created ? 'created' : 'updated', ids: [result.id] };
        } catch (error) {
            if (!(error instanceof ApiFailure) || error.errorCode !== 'MULTIPLE_CHOICES') throw error;
            const report = emptyReport();
            this.log(
                report,
                object,
                toSObject(object, contact),
                'Failed',
                'Error',
                'MULTIPLE_CHOICES: several records hold this Diamy contact id; merge them in Salesforce'
            );
            await this.flushLogs(report);
            return { outcome: 'ambiguous', ids: [] };
        }
    }

    /** Initial load through Bulk API 2.0: one job, one upload, polling, results; duplicates then go by collections. */
    async initialLoad(object: SyncObject, contacts: readonly DiamyContact[], runId: string): Promise<RunReport> {
        const report = emptyReport();
        const base = `/services/data/v${API_VERSION}/jobs/ingest`;
        const loadStarted = new Date(this.now()).toISOString();
        this.phase = 'limits';
        const limits = await this.api<{ DailyApiRequests: { Max: number; Remaining: number } }>(
            'GET',
            `/services/data/v${API_VERSION}/limits`
        );
        if (limits.DailyApiRequests.Remaining < 100)
            throw new ApiFailure('REQUEST_LIMIT_EXCEEDED', 'fewer than 100 API requests left today');
        this.phase = 'bulk';
        let bulk = this.checkpoint.bulk?.runId === runId ? this.checkpoint.bulk : undefined;
        const records = contacts.map((contact) => toSObject(object, contact));
        if (bulk?.step === 'created') {
            // An upload may have been cut half-way: uploads append, so this job is aborted and a new one made.
            await this.api('PATCH', `${base}/${bulk.jobId}`, { state: 'Aborted' });
            bulk = undefined;
        }
        if (!bulk) {
            const job = await this.api<{ id: string }>('POST', base, {
                object,
                operation: 'upsert',
                externalIdFieldName: 'Diamy_Contact_Id__c',
                contentType: 'CSV',
                lineEnding: 'LF'
            });
            bulk = { runId, jobId: job.id, step: 'created' };
            this.checkpoint.bulk = bulk;
            this.save();
            const columns = Object.keys(records[0] ?? { Diamy_Contact_Id__c: '' });
            const csv = toCsv([columns, ...records.map((record) => columns.map((column) => record[column] ?? ''))]);
            await this.api('PUT', `${base}/${bulk.jobId}/batches`, csv);
            bulk.step = 'uploaded';
            this.save();
            this.options.afterBatch?.(-1);
        }
        if (bulk.step === 'uploaded') {
            await this.api('PATCH', `${base}/${bulk.jobId}`, { state: 'UploadComplete' });
            bulk.step = 'closed';
            this.save();
        }
        let wait = this.options.bulkPollMs ?? 5000;
        for (;;) {
            const info = await this.api<{ state: string }>('GET', `${base}/${bulk.jobId}`);
            if (info.state === 'JobComplete' || info.state === 'Failed' || info.state === 'Aborted') break;
            await new Promise((resolve) => setTimeout(resolve, wait));
            wait = Math.min(wait * 2, 30_000);
        }
        const successful = parseCsv(
            await this.api<string>('GET', `${base}/${bulk.jobId}/successfulResults`, undefined, {}, 'text/plain')
        );
        for (const row of successful.slice(1)) {
            if (row[1] === 'true') report.created += 1;
            else report.updated += 1;
        }
        const failed = parseCsv(
            await this.api<string>('GET', `${base}/${bulk.jobId}/failedResults`, undefined, {}, 'text/plain')
        );
        const [header = [], ...rows] = failed;
        const duplicates: Record<string, string | null>[] = [];
        for (const row of rows) {
            const record: Record<string, string | null> = {};
            header.slice(2).forEach((column, index) => {
                const value = row[index + 2] ?? '';
                record[column] = value === '' ? null : value;
            });
            const [code = 'UNKNOWN', ...message] = (row[1] ?? '').split(':');
            if (code === 'DUPLICATES_DETECTED') duplicates.push(record);
            else this.keepForRetry(report, object, record, code, message.join(':'));
        }
        // Bulk results do not carry the matches: the duplicates go again by collections, where the strategy applies.
        for (let i = 0; i < duplicates.length; i += BATCH) {
            this.phase = 'duplicates';
            const slice = duplicates.slice(i, i + BATCH);
            await this.handleResults(object, slice, await this.upsertCollection(object, slice, false), report);
        }
        this.checkpoint.bulk = { ...bulk, step: 'done' };
        this.checkpoint.pull[object] ??= loadStarted;
        this.save();
        this.logRun(report, object, runId);
        await this.flushLogs(report);
        return report;
    }

    /**
     * Salesforce → Diamy: what changed since the cursor, except what the integration user wrote itself. Erasure stamps
     * are read on every retrieved record, the integration user's saves included, and queued before the cursor moves.
     * getUpdated / getDeleted windows are whole minutes; the cursor moves to latestDateCovered.
     */
    async pull(
        object: SyncObject,
        fields: readonly string[]
    ): Promise<{ changes: PulledChange[]; deleted: string[]; resync?: true }> {
        this.phase = 'pull';
        const cursor = this.checkpoint.pull[object] ?? new Date(this.now() - 86_400_000).toISOString();
        const end = new Date(this.now());
        if (Math.floor(end.getTime() / 60_000) <= Math.floor(Date.parse(cursor) / 60_000)) return { changes: [], deleted: [] };
        const window = `?start=${encodeURIComponent(cursor)}&end=${encodeURIComponent(end.toISOString())}`;
        const updated = await this.api<{ ids: string[]; latestDateCovered: string }>(
            'GET',
            `/services/data/v${API_VERSION}/sobjects/${object}/updated/${window}`
        );
        const changes: PulledChange[] = [];
        // Every retrieved record, the integration user's own saves included: their erasure stamps are queued (issue 15).
        const retrieved: PulledChange[] = [];
        // The erasure stamp and what an erasure request needs are read whatever the caller's mapping (issue 15).
        const read = [...new Set(['Id', ...fields, ...ERASURE_READ_FIELDS, 'SystemModstamp', 'LastModifiedById'])];
        for (let i = 0; i < updated.ids.length; i += IDS_PER_RETRIEVE) {
            const ids = updated.ids.slice(i, i + IDS_PER_RETRIEVE);
            const records = await this.api<(Record<string, unknown> | null)[]>(
                'POST',
                `/services/data/v${API_VERSION}/composite/sobjects/${object}`,
                { ids, fields: read }
            );
            for (const found of records) {
                // null: deleted since getUpdated listed it (getDeleted reports it).
                if (!found) continue;
                const { attributes: _attributes, ...record } = found;
                void _attributes;
                const change = { object, salesforceId: String(record.Id), fields: record };
                // An erasure stamp is read whoever saved the record last: the integration user's save after the
                // erasure (this client's push, a flow it triggers) must not hide it, or the cursor would move past it.
                retrieved.push(change);
                // Loop prevention: the integration's own saves stay out of the changes.
                if (found.LastModifiedById !== this.options.integrationUserId) changes.push(change);
            }
        }
        const deleted = await this.api<{
            deletedRecords: { id: string }[];
            latestDateCovered: string;
            earliestDateAvailable: string;
        }>('GET', `/services/data/v${API_VERSION}/sobjects/${object}/deleted/${window}`);
        const covered = [updated.latestDateCovered, deleted.latestDateCovered].map((date) =>
            Date.parse(date.replace(/\+0000$/, 'Z'))
        );
        await this.queueErasures(object, retrieved);
        this.checkpoint.pull[object] = new Date(Math.min(...covered)).toISOString();
        this.save();
        // Deletions older than the Recycle Bin keeps were purged: Diamy must compare all ids (full resync).
        const resync = Date.parse(deleted.earliestDateAvailable.replace(/\+0000$/, 'Z')) > Date.parse(cursor);
        return { changes, deleted: deleted.deletedRecords.map((entry) => entry.id), ...(resync ? { resync } : {}) };
    }
}

/**
 * Link target by priority email > phone > name among records of the pushed object; a phone match must be one record
 * whose key the client computes the same way. A match on the other object (a Lead for a Contact) is never linked.
 */
export function chooseTarget(
    object: SyncObject,
    matchResults: readonly MatchResultBody[],
    record: Record<string, string | null>,
    keyOf: KeyOf
): { id: string } | { reason: string } {
    const ordered = [...matchResults].sort((a, b) => rank(a.rule) - rank(b.rule));
    const keys = [keyOf(record.Phone), keyOf(record.MobilePhone)].filter((key) => key !== '');
    for (const result of ordered.filter((match) => match.entityType === object)) {
        let candidates = result.matchRecords.map((match) => match.record);
        if (rank(result.rule) === 1) {
            candidates = candidates.filter(
                (candidate) =>
                    keys.includes(text(candidate.Diamy_Phone_Key__c)) || keys.includes(text(candidate.Diamy_Mobile_Key__c))
            );
        }
        if (candidates.length > 1)
            return { reason: `${result.rule} matches ${candidates.length} records: not linked, an admin chooses` };
        const [only] = candidates;
        if (!only) continue;
        const holder = only.Diamy_Contact_Id__c;
        if (typeof holder === 'string' && holder !== '' && holder !== record.Diamy_Contact_Id__c) {
            return {
                reason: `${result.rule}: the matching record ${String(only.Id)} is already linked to another Diamy contact`
            };
        }
        return { id: String(only.Id) };
    }
    const across = ordered.find((match) => match.entityType !== object);
    if (across)
        return {
            reason: `${across.rule} matches a ${across.entityType} (${String(across.matchRecords[0]?.record.Id)}): not linked across objects; convert or merge in Salesforce`
        };
    return { reason: 'no usable match' };
}

/**
 * The pull's API budget: each poll costs getUpdated + getDeleted per object, plus one retrieve per 2,000 changed records.
 * Enterprise Edition: DailyApiRequests = 100,000 + 1,000 per Salesforce licence (API Request Limits and Allocations).
 */
export function pollingBudget(
    intervalMinutes: number,
    objects: number,
    changedPerDay: number,
    licences: number
): { pollsPerDay: number; callsPerDay: number; dailyApiRequests: number; share: number } {
    const pollsPerDay = Math.ceil(1440 / intervalMinutes);
    const callsPerDay = pollsPerDay * objects * 2 + Math.ceil(changedPerDay / IDS_PER_RETRIEVE);
    const dailyApiRequests = 100_000 + 1_000 * licences;
    return { pollsPerDay, callsPerDay, dailyApiRequests, share: callsPerDay / dailyApiRequests };
}

/** A field value from a Salesforce response as text: strings and numbers as they are, anything else (null, objects) as ''. */
function text(value: unknown): string {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function rank(rule: string): number {
    const index = RULE_PRIORITY.findIndex((suffix) => rule.endsWith(suffix));
    return index < 0 ? RULE_PRIORITY.length : index;
}

function chunks<T>(items: readonly T[]): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
    return out;
}

function emptyReport(): RunReport {
    return { created: 0, updated: 0, linked: 0, createdAnyway: 0, skipped: 0, failed: 0, logs: [], awaitingData: [] };
}

export function createClient(options: ClientOptions): SyncClient {
    return new SyncClient(options);
}

export { diamyClientCredentials, diamyEraser, ErasureFailure, ERASURE_FIELD } from './erasure.ts';
export type { EraseAtDiamy } from './erasure.ts';
