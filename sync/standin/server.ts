// A local stand-in of the Salesforce REST API and Bulk API 2.0 endpoints Diamy's server uses for contact sync.
// Every status code and body shape follows a Salesforce documentation page (cited per route, base
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/ unless stated). It proves the reference
// client and the contract, NOT Salesforce: duplicate matching, validation and limits are modelled, not the platform.
import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InMemoryOrg, EXTERNAL_ID, READABLE_FIELDS, asText } from './org.ts';
import type { Fields, FieldValue, SObjectName, SaveOutcome, ApiError, RuleAction } from './org.ts';
import { orgKeyFunction } from './phoneKeys.ts';
import { parseCsv, toCsv } from '../csv.ts';

export const API = '/services/data/v66.0';
export const INTEGRATION_USER = '005000000000009AAA';
export const CLIENT_ID = 'diamy-integration-consumer-key';
export const CLIENT_SECRET = 'diamy-integration-consumer-secret';
export const REFRESH_TOKEN = 'standin-refresh-token';
const SOBJECTS = new Set<SObjectName>(['Contact', 'Lead', 'Diamy_Call__c', 'Diamy_Integration_Log__c']);
const MAX_COLLECTION = 200; // resources_composite_sobjects_collections_upsert.htm: "up to 200 records"
const QUERY_PAGE = 2000; // resources_query.htm: batches of up to 2,000 records, nextRecordsUrl for the rest
const UPDATED_ID_LIMIT = 600_000; // resources_getupdated.htm: EXCEEDED_ID_LIMIT over 600,000 ids
const REPLICATION_DAYS = 30; // resources_getupdated.htm: "no more than 30 days previous"
const DELETED_DAYS = 15; // resources_getdeleted.htm: deleted records are kept 15 days (Recycle Bin)

export interface Fault {
    /** 503: errorcodes.htm "server is unavailable"; 403 REQUEST_LIMIT_EXCEEDED: errorcodes.htm + "API Request Limits". */
    kind: 'unavailable' | 'limit' | 'refused';
    times: number;
    path?: RegExp;
    /** kind 'refused': the status and errorCode answered (errorcodes.htm, e.g. 400 INVALID_FIELD, 403 INSUFFICIENT_ACCESS). */
    status?: number;
    errorCode?: string;
}

export interface ApiCall {
    method: string;
    path: string;
    status: number;
    /** The client's own label of the call (header X-Diamy-Sync-Phase), for the per-phase count. */
    phase: string;
}

interface BulkJob {
    id: string;
    object: SObjectName;
    externalIdFieldName: string;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    csv: string;
    polls: number;
    successful: string[][];
    failed: string[][];
    header: string[];
    processed: number;
    failedCount: number;
}

export interface StandInOptions {
    port?: number;
    now?: () => number;
    ruleAction?: RuleAction;
    /** 'formula' (default): the flow's formula; 'module' for thousands of records (sync/standin/phoneKeys.ts). */
    phoneKeys?: 'formula' | 'module';
    dailyApiRequests?: number;
    /** Polls of a Bulk job that still answer InProgress after UploadComplete. */
    bulkPollsInProgress?: number;
}

export interface StandIn {
    url: string;
    org: InMemoryOrg;
    calls: ApiCall[];
    faults: Fault[];
    /** Every access token issued so far stops working (the next API call answers 401 INVALID_SESSION_ID). */
    expireTokens(): void;
    apiCalls(): number;
    /** API calls per phase label, as the stand-in counted them. */
    callsByPhase(): Record<string, number>;
    close(): Promise<void>;
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: unknown }>;

function errors(reply: FastifyReply, status: number, errorCode: string, message: string, fields?: string[]): FastifyReply {
    return reply.code(status).send([{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

/** A request value as text: strings and numbers as they are, anything else (objects, arrays, null) as ''. */
function text(value: unknown): string {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldsOf(input: Record<string, unknown>): Fields {
    const fields: Fields = {};
    for (const [name, value] of Object.entries(input)) {
        if (name === 'attributes') continue;
        fields[name] =
            value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
                ? value
                : JSON.stringify(value);
    }
    return fields;
}

function resultOf(outcome: SaveOutcome, withCreated: boolean): Record<string, unknown> {
    return { id: outcome.id, success: outcome.ok, errors: outcome.errors, ...(withCreated ? { created: outcome.created } : {}) };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
    const now = options.now ?? Date.now;
    const org = new InMemoryOrg({
        orgKey: await orgKeyFunction(options.phoneKeys ?? 'formula'),
        now,
        ruleAction: options.ruleAction
    });
    const calls: ApiCall[] = [];
    const faults: Fault[] = [];
    const validTokens = new Set<string>();
    let tokenSequence = 0;
    const jobs = new Map<string, BulkJob>();
    const cursors = new Map<string, string[]>();
    const dailyMax = options.dailyApiRequests ?? 100_000;
    const app = Fastify({ logger: false, bodyLimit: 150 * 1024 * 1024 });
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(String(body))))
    );

    // OAuth 2.0 refresh token flow: https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_refresh_token_flow.htm
    app.post('/services/oauth2/token', async (request, reply) => {
        const body = isRecord(request.body) ? request.body : {};
        if (
            body.grant_type !== 'refresh_token' ||
            body.refresh_token !== REFRESH_TOKEN ||
            body.client_id !== CLIENT_ID ||
            (body.client_secret !== undefined && body.client_secret !== CLIENT_SECRET)
        ) {
            return reply.code(400).send({ error: 'invalid_grant', error_description: 'expired access/refresh token' });
        }
        tokenSequence += 1;
        const token = `00D000000000001!standin-access-${tokenSequence}`;
        validTokens.add(token);
        return {
            access_token: token,
            instance_url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
            id: `https://login.salesforce.com/id/00D000000000001AAA/${INTEGRATION_USER}`,
            token_type: 'Bearer',
            issued_at: String(now()),
            signature: 'standin',
            scope: 'api refresh_token offline_access custom_permissions'
        };
    });

    app.addHook('onRequest', async (request, reply) => {
        if (!request.url.startsWith('/services/data/')) return;
        const phase = request.headers['x-diamy-sync-phase'];
        const call: ApiCall = {
            method: request.method,
            path: request.url.split('?')[0] ?? request.url,
            status: 0,
            phase: typeof phase === 'string' ? phase : 'unlabelled'
        };
        calls.push(call);
        reply.raw.on('finish', () => {
            call.status = reply.statusCode;
        });
        const auth = request.headers.authorization ?? '';
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        if (!validTokens.has(token)) {
            // errorcodes.htm: 401 "The session ID or OAuth token used has expired or is invalid."
            return errors(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        }
        const fault = faults.find((candidate) => candidate.times > 0 && (!candidate.path || candidate.path.test(request.url)));
        if (fault) {
            fault.times -= 1;
            if (fault.kind === 'unavailable') {
                // errorcodes.htm: 503 "The server is unavailable to handle the request."
                return reply.code(503).type('text/html').send('<html><body>Service Unavailable</body></html>');
            }
            if (fault.kind === 'refused') {
                return errors(reply, fault.status ?? 400, fault.errorCode ?? 'INVALID_FIELD', 'Refused (stand-in fault)');
            }
            // errorcodes.htm: 403 REQUEST_LIMIT_EXCEEDED when the org's API request limit is exceeded.
            return errors(reply, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        }
        return undefined;
    });

    const sobject = (request: Req, reply: FastifyReply): SObjectName | undefined => {
        const type = request.params.type as SObjectName;
        if (!SOBJECTS.has(type)) {
            errors(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
            return undefined;
        }
        return type;
    };

    // resources_limits.htm
    app.get(`${API}/limits`, () => ({ DailyApiRequests: { Max: dailyMax, Remaining: dailyMax - calls.length } }));

    /** Saves a list of records one by one; allOrNone rolls every change back when one fails. */
    const saveAll = (
        type: SObjectName,
        records: Record<string, unknown>[],
        allOrNone: boolean,
        allowSave: boolean,
        save: (record: Record<string, unknown>) => SaveOutcome
    ): SaveOutcome[] => {
        const snapshot = allOrNone
            ? new Map([...org.records].map(([id, record]) => [id, { ...record, fields: { ...record.fields } }]))
            : undefined;
        const outcomes = records.map((record) =>
            isRecord(record.attributes) && record.attributes.type === type
                ? save(record)
                : invalid('INVALID_TYPE', 'Each record must have attributes.type matching the URI')
        );
        void allowSave;
        if (snapshot && outcomes.some((outcome) => !outcome.ok)) {
            org.records.clear();
            for (const [id, record] of snapshot) org.records.set(id, record);
            org.reindex();
            // resources_composite_sobjects_collections: ALL_OR_NONE_OPERATION_ROLLED_BACK on the records that did not fail.
            return outcomes.map((outcome) =>
                outcome.ok
                    ? invalid(
                          'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                          'Record rolled back because not all records were valid and the request was using AllOrNone header'
                      )
                    : outcome
            );
        }
        return outcomes;
    };

    // resources_composite_sobjects_collections_upsert.htm; headers_duplicaterules.htm (Sforce-Duplicate-Rule-Header)
    app.patch(`${API}/composite/sobjects/:type/:field`, async (request: Req, reply) => {
        const type = sobject(request, reply);
        if (!type) return reply;
        if (request.params.field !== EXTERNAL_ID[type]) {
            return errors(
                reply,
                400,
                'INVALID_FIELD',
                `Field name provided, ${request.params.field} is not an External ID or indexed field for ${type}`
            );
        }
        const body = request.body;
        if (!isRecord(body) || !Array.isArray(body.records) || !body.records.every(isRecord)) {
            return errors(reply, 400, 'JSON_PARSER_ERROR', 'Expected {allOrNone, records: [...]}');
        }
        if (body.records.length > MAX_COLLECTION) {
            return errors(
                reply,
                400,
                'EXCEEDED_ID_LIMIT',
                `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`
            );
        }
        const allowSave = duplicateHeaderAllowsSave(request);
        const field = request.params.field;
        const sameRequest = new Set<string>();
        const outcomes = saveAll(type, body.records, body.allOrNone === true, allowSave, (record) => {
            const outcome = upsertOne(type, field, fieldsOf(record), allowSave, sameRequest);
            if (outcome.id) sameRequest.add(outcome.id);
            return outcome;
        });
        return outcomes.map((outcome) => resultOf(outcome, true));
    });

    // resources_composite_sobjects_collections_update.htm (records by Id)
    app.patch(`${API}/composite/sobjects`, async (request: Req, reply) => {
        const body = request.body;
        if (
            !isRecord(body) ||
            !Array.isArray(body.records) ||
            !body.records.every(isRecord) ||
            body.records.length > MAX_COLLECTION
        ) {
            return errors(reply, 400, 'JSON_PARSER_ERROR', 'Expected {allOrNone, records: [...]} with at most 200 records');
        }
        const allowSave = duplicateHeaderAllowsSave(request);
        const outcomes = body.records.map((record) => {
            const type = isRecord(record.attributes) ? (record.attributes.type as SObjectName) : undefined;
            const id = typeof record.id === 'string' ? record.id : typeof record.Id === 'string' ? record.Id : '';
            if (!type || !SOBJECTS.has(type) || id === '')
                return invalid('MISSING_ARGUMENT', 'Id not specified in an update call');
            const fields = fieldsOf(record);
            delete fields.id;
            delete fields.Id;
            return org.save(type, fields, { userId: INTEGRATION_USER, allowSave, id });
        });
        return outcomes.map((outcome) => resultOf(outcome, false));
    });

    // resources_composite_sobjects_collections_retrieve (POST): {ids (≤ 2,000), fields} → records in the order of
    // the ids, null for an id not found (deleted); a field that does not exist → 400 INVALID_FIELD.
    app.post(`${API}/composite/sobjects/:type`, async (request: Req, reply) => {
        const type = sobject(request, reply);
        if (!type) return reply;
        const body = isRecord(request.body) ? request.body : {};
        const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
        const fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
        if (ids.length === 0 || ids.length > 2000 || fields.length === 0)
            return errors(reply, 400, 'INVALID_FIELD', 'ids (1 to 2,000) and fields are required');
        const unknown = fields.find((field) => !READABLE_FIELDS[type].has(field));
        if (unknown) return errors(reply, 400, 'INVALID_FIELD', `No such column '${unknown}' on entity '${type}'.`);
        return ids.map((id) => {
            const record = org.records.get(id);
            if (!record || record.type !== type) return null;
            const row: Record<string, unknown> = { attributes: { type, url: `${API}/sobjects/${type}/${id}` } };
            for (const field of fields) {
                row[field] =
                    field === 'Id'
                        ? id
                        : field === 'SystemModstamp'
                          ? new Date(record.SystemModstamp).toISOString().replace('Z', '+0000')
                          : field === 'LastModifiedById'
                            ? record.LastModifiedById
                            : (record.fields[field] ?? null);
            }
            return row;
        });
    });

    // dome_upsert.htm: 201 created, 200 updated, 300 Multiple Choices when the value matches several records,
    // 404 when the external ID field does not exist, 400 with the errors otherwise.
    app.patch(`${API}/sobjects/:type/:field/:value`, async (request: Req, reply) => {
        const type = sobject(request, reply);
        if (!type) return reply;
        if (request.params.field !== EXTERNAL_ID[type]) {
            return errors(
                reply,
                404,
                'NOT_FOUND',
                `Provided external ID field does not exist or is not accessible: ${request.params.field}`
            );
        }
        const matches = org.byExternalId(type, request.params.field, request.params.value ?? '');
        if (matches.length > 1) {
            return reply.code(300).send(matches.map((record) => `${API}/sobjects/${type}/${record.Id}`));
        }
        const input = isRecord(request.body) ? fieldsOf(request.body) : {};
        const outcome = upsertOne(
            type,
            request.params.field,
            { ...input, [request.params.field]: request.params.value ?? '' },
            duplicateHeaderAllowsSave(request)
        );
        if (!outcome.ok) {
            return reply
                .code(400)
                .send(outcome.errors.map((error) => ({ ...error, errorCode: error.statusCode, statusCode: undefined })));
        }
        return reply.code(outcome.created ? 201 : 200).send(resultOf(outcome, true));
    });

    // resources_getupdated.htm / resources_getdeleted.htm: seconds truncated, start before end, 30 days back.
    const window = (request: Req, reply: FastifyReply): { start: number; end: number } | undefined => {
        const start = Date.parse(request.query.start ?? '');
        const end = Date.parse(request.query.end ?? '');
        if (Number.isNaN(start) || Number.isNaN(end)) {
            errors(reply, 400, 'MALFORMED_QUERY', 'start and end must be valid dateTime values');
            return undefined;
        }
        const s = Math.floor(start / 60_000) * 60_000;
        const e = Math.floor(end / 60_000) * 60_000;
        if (s >= e || s < now() - REPLICATION_DAYS * 86_400_000) {
            errors(
                reply,
                400,
                'INVALID_REPLICATION_DATE',
                'startDate must chronologically precede endDate and be within the last 30 days'
            );
            return undefined;
        }
        return { start: s, end: Math.min(e, Math.floor(now() / 60_000) * 60_000) };
    };
    app.get(`${API}/sobjects/:type/updated/`, async (request: Req, reply) => {
        const type = sobject(request, reply);
        const span = type && window(request, reply);
        if (!type || !span) return reply;
        const ids = org
            .all(type)
            .filter((record) => record.SystemModstamp >= span.start && record.SystemModstamp < span.end)
            .map((record) => record.Id);
        if (ids.length > UPDATED_ID_LIMIT) return errors(reply, 400, 'EXCEEDED_ID_LIMIT', 'too many ids');
        return { ids, latestDateCovered: new Date(span.end).toISOString().replace('Z', '+0000') };
    });
    app.get(`${API}/sobjects/:type/deleted/`, async (request: Req, reply) => {
        const type = sobject(request, reply);
        const span = type && window(request, reply);
        if (!type || !span) return reply;
        const deletedRecords = (org.deleted.get(type) ?? [])
            .filter((entry) => entry.deletedDate >= span.start && entry.deletedDate < span.end)
            .map((entry) => ({ id: entry.id, deletedDate: new Date(entry.deletedDate).toISOString().replace('Z', '+0000') }));
        return {
            deletedRecords,
            earliestDateAvailable: new Date(now() - DELETED_DAYS * 86_400_000).toISOString().replace('Z', '+0000'),
            latestDateCovered: new Date(span.end).toISOString().replace('Z', '+0000')
        };
    });

    // resources_query.htm: SELECT <fields> FROM <object> WHERE <terms joined by AND>, a term being Id IN ('…')
    // or Field = / != 'value' — the only shapes modelled; anything else is MALFORMED_QUERY here. A GET URL over 16 KB is refused (Node's
    // header limit, close to the REST API's 16,384-character URI limit).
    const QUERY = /^SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)\s+WHERE\s+(.+?)\s*$/i;
    const TERM = /^(?:Id\s+IN\s*\(([^)]*)\)|(\w+)\s*(!=|=)\s*'([^']*)')$/i;
    const page = (records: Record<string, unknown>[], totalSize: number): Record<string, unknown> => {
        if (records.length <= QUERY_PAGE) return { totalSize, done: true, records };
        const locator = `01gstandin${cursors.size + 1}`;
        cursors.set(
            locator,
            records.slice(QUERY_PAGE).map((record) => JSON.stringify(record))
        );
        return {
            totalSize,
            done: false,
            nextRecordsUrl: `${API}/query/${locator}-${QUERY_PAGE}`,
            records: records.slice(0, QUERY_PAGE)
        };
    };
    const valueOf = (
        record: { Id: string; SystemModstamp: number; LastModifiedById: string; fields: Fields },
        field: string
    ): FieldValue =>
        field === 'Id'
            ? record.Id
            : field === 'SystemModstamp'
              ? new Date(record.SystemModstamp).toISOString()
              : field === 'LastModifiedById'
                ? record.LastModifiedById
                : (record.fields[field] ?? null);
    app.get(`${API}/query`, async (request: Req, reply) => {
        const match = QUERY.exec(request.query.q ?? '');
        if (!match) return errors(reply, 400, 'MALFORMED_QUERY', 'unexpected query');
        // errorcodes.htm: an object or a field the org does not have (or the user cannot see) → INVALID_TYPE / INVALID_FIELD.
        const type = match[2] as SObjectName;
        if (!SOBJECTS.has(type)) {
            return errors(
                reply,
                400,
                'INVALID_TYPE',
                `sObject type '${match[2] ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`
            );
        }
        const fields = (match[1] ?? '').split(',').map((field) => field.trim());
        const noSuchColumn = (field: string): FastifyReply =>
            errors(reply, 400, 'INVALID_FIELD', `No such column '${field}' on entity '${type}'.`);
        const unknownField = fields.find((field) => !READABLE_FIELDS[type].has(field));
        if (unknownField !== undefined) return noSuchColumn(unknownField);
        const filters: ((record: { Id: string; SystemModstamp: number; LastModifiedById: string; fields: Fields }) => boolean)[] =
            [];
        for (const term of (match[3] ?? '').split(/\s+AND\s+/i)) {
            const parsed = TERM.exec(term.trim());
            if (!parsed) return errors(reply, 400, 'MALFORMED_QUERY', `unexpected condition: ${term}`);
            if (parsed[1] !== undefined) {
                const ids = new Set(parsed[1].split(',').map((id) => id.trim().replace(/^'|'$/g, '')));
                filters.push((record) => ids.has(record.Id));
            } else {
                const [, , field = '', operator, value] = parsed;
                if (!READABLE_FIELDS[type].has(field)) return noSuchColumn(field);
                filters.push((record) => (asText(valueOf(record, field)) === value) === (operator === '='));
            }
        }
        const rows = org
            .all(type)
            .filter((record) => filters.every((keep) => keep(record)))
            .sort((a, b) => a.SystemModstamp - b.SystemModstamp || a.Id.localeCompare(b.Id))
            .map((record) => {
                const row: Record<string, unknown> = { attributes: { type, url: `${API}/sobjects/${type}/${record.Id}` } };
                for (const field of fields) row[field] = valueOf(record, field);
                return row;
            });
        return page(rows, rows.length);
    });
    app.get(`${API}/query/:locator`, async (request: Req, reply) => {
        const [locator] = (request.params.locator ?? '').split('-');
        const rest = cursors.get(locator ?? '');
        if (!rest) return errors(reply, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        cursors.delete(locator ?? '');
        return page(
            rest.map((row) => JSON.parse(row) as Record<string, unknown>),
            rest.length
        );
    });

    // Bulk API 2.0 ingest (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/):
    // create_job.htm, upload_job_data.htm (201), close_job.htm, get_job_info.htm, get_job_successful_results.htm,
    // get_job_failed_results.htm, get_job_unprocessed_results.htm.
    app.post(`${API}/jobs/ingest`, async (request: Req, reply) => {
        const body = isRecord(request.body) ? request.body : {};
        const object = body.object as SObjectName;
        if (!SOBJECTS.has(object) || body.operation !== 'upsert' || body.externalIdFieldName !== EXTERNAL_ID[object]) {
            return errors(reply, 400, 'INVALIDJOB', 'InvalidJob : object, operation upsert and externalIdFieldName are required');
        }
        const id = `750standin${String(jobs.size + 1).padStart(5, '0')}AAA`;
        jobs.set(id, {
            id,
            object,
            externalIdFieldName: String(body.externalIdFieldName),
            state: 'Open',
            csv: '',
            polls: 0,
            successful: [],
            failed: [],
            header: [],
            processed: 0,
            failedCount: 0
        });
        return {
            id,
            object,
            operation: 'upsert',
            externalIdFieldName: body.externalIdFieldName,
            state: 'Open',
            contentType: 'CSV',
            apiVersion: 66.0,
            lineEnding: 'LF',
            columnDelimiter: 'COMMA',
            contentUrl: `services/data/v66.0/jobs/ingest/${id}/batches`
        };
    });
    const job = (request: Req, reply: FastifyReply): BulkJob | undefined => {
        const found = jobs.get(request.params.id ?? '');
        if (!found) errors(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
        return found;
    };
    app.put(`${API}/jobs/ingest/:id/batches`, async (request: Req, reply) => {
        const found = job(request, reply);
        if (!found) return reply;
        if (found.state !== 'Open') return errors(reply, 409, 'INVALIDJOBSTATE', 'Job is not open for uploads');
        found.csv += text(request.body); // the text/csv parser above hands the body over as a string
        return reply.code(201).send();
    });
    app.patch(`${API}/jobs/ingest/:id`, async (request: Req, reply) => {
        const found = job(request, reply);
        if (!found) return reply;
        const state = isRecord(request.body) ? request.body.state : undefined;
        if (state === 'Aborted') found.state = 'Aborted';
        else if (state === 'UploadComplete' && found.state === 'Open') {
            found.state = 'UploadComplete';
            processJob(found);
        } else return errors(reply, 400, 'INVALIDJOBSTATE', 'Invalid state transition');
        return { id: found.id, state: state === 'Aborted' ? 'Aborted' : 'UploadComplete', object: found.object };
    });
    app.get(`${API}/jobs/ingest/:id`, async (request: Req, reply) => {
        const found = job(request, reply);
        if (!found) return reply;
        found.polls += 1;
        const state =
            found.state === 'JobComplete' && found.polls <= (options.bulkPollsInProgress ?? 1) ? 'InProgress' : found.state;
        return {
            id: found.id,
            object: found.object,
            operation: 'upsert',
            state,
            numberRecordsProcessed: state === 'JobComplete' ? found.processed : 0,
            numberRecordsFailed: state === 'JobComplete' ? found.failedCount : 0
        };
    });
    app.get(`${API}/jobs/ingest/:id/:result`, async (request: Req, reply) => {
        const found = job(request, reply);
        if (!found) return reply;
        const kind = request.params.result;
        reply.type('text/csv');
        if (kind === 'successfulResults') return toCsv([['sf__Id', 'sf__Created', ...found.header], ...found.successful]);
        if (kind === 'failedResults') return toCsv([['sf__Id', 'sf__Error', ...found.header], ...found.failed]);
        if (kind === 'unprocessedrecords') return toCsv([found.header]);
        return errors(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    });

    function processJob(found: BulkJob): void {
        const [header = [], ...rows] = parseCsv(found.csv);
        found.header = header;
        // Bulk API 2.0 saves in chunks of 200 records, each its own transaction (Bulk API 2.0 limits): records of one
        // chunk are not compared with each other by the duplicate rules.
        let sameRequest = new Set<string>();
        for (const [index, row] of rows.entries()) {
            if (index % 200 === 0) sameRequest = new Set();
            const input: Fields = {};
            header.forEach((column, index) => {
                const value = row[index] ?? '';
                // Bulk API 2.0 CSV: an empty value leaves the field unchanged, #N/A blanks it.
                if (value !== '') input[column] = value === '#N/A' ? null : value;
            });
            // Bulk API 2.0 runs duplicate rules and sends no DuplicateRuleHeader: alert rules refuse the save.
            const outcome = upsertOne(found.object, found.externalIdFieldName, input, false, sameRequest);
            if (outcome.id) sameRequest.add(outcome.id);
            found.processed += 1;
            if (outcome.ok) found.successful.push([outcome.id ?? '', String(outcome.created), ...row]);
            else {
                found.failedCount += 1;
                const error = outcome.errors[0];
                found.failed.push(['', `${error?.statusCode ?? 'UNKNOWN'}:${error?.message ?? ''}:--`, ...row]);
            }
        }
        found.state = 'JobComplete';
    }

    function upsertOne(
        type: SObjectName,
        field: string,
        input: Fields,
        allowSave: boolean,
        sameRequest: ReadonlySet<string> = new Set()
    ): SaveOutcome {
        const value = asText(input[field]);
        if (value === '') return invalid('REQUIRED_FIELD_MISSING', `Required fields are missing: [${field}]`, [field]);
        const matches = org.byExternalId(type, field, value);
        if (matches.length > 1)
            return invalid('DUPLICATE_EXTERNAL_ID', `${field}: more than one record found for external id field: ${value}`, [
                field
            ]);
        return org.save(type, input, { userId: INTEGRATION_USER, allowSave, id: matches[0]?.Id, sameRequest });
    }

    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    return {
        url: `http://127.0.0.1:${port}`,
        org,
        calls,
        faults,
        expireTokens: () => validTokens.clear(),
        apiCalls: () => calls.length,
        callsByPhase: () => {
            const counts: Record<string, number> = {};
            for (const call of calls) counts[call.phase] = (counts[call.phase] ?? 0) + 1;
            return counts;
        },
        close: () => app.close()
    };
}

function duplicateHeaderAllowsSave(request: FastifyRequest): boolean {
    const header = request.headers['sforce-duplicate-rule-header'];
    return typeof header === 'string' && /allowSave\s*=\s*true/i.test(header);
}

function invalid(statusCode: string, message: string, fields: string[] = []): SaveOutcome {
    const error: ApiError = { statusCode, message, fields };
    return { ok: false, id: null, created: false, errors: [error] };
}
