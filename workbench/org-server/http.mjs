// The org server's HTTP JSON API, mounted by the workbench server under /org/ (same origin as the page; a browser
// request from another origin is refused, as the sandbox's control API refuses it). The running user of each request
// is the `x-workbench-user` header: a Salesforce user id of a workbench agent (platform/agents.mjs).
//
//   GET   /org/records/:id?fields=Obj.F,…&optionalFields=…&lang=fr   the record as UI API / LDS getRecord gives it
//   PATCH /org/records/:id  { fields, ifUnmodifiedSince? }            LDS updateRecord(recordInput, clientOptions)
//   POST  /org/records      { apiName, fields }                       LDS createRecord
//   POST  /org/calls        { fields }                                a Diamy_Call__c save forwarded by a page (upsert
//                                                                     on Diamy_Call_Id__c, the flows run)
//   POST  /org/query        { object, filters, filterLogic, orderBy, limit, offset, fields, lang }
//                           → { totalSize, records: [{ Id, …fields }], nodes: [UI API GraphQL nodes of `fields`] }
//   POST  /org/flows/:name  { inputs }                                runs a flow without screens of the package as the
//                                                                     user (lightning-flow): { status, outputVariables }
//   GET   /org/dump         campaigns, statuses, members, calls, tasks, logs, interviews, forwards (checks)
//   POST  /org/reset        back to the seed
//
// Errors have the shapes LDS rejects with (test/diamyFakeOrg.ts uses the same): a refused save is 400
// { message, output: { errors: [{ errorCode, message }], fieldErrors: { Field: [{ errorCode, field, message }] } } };
// a record that does not exist is 404 [{ errorCode: 'NOT_FOUND', message }]; a conditional update whose record changed
// is 412 [{ errorCode: 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK', message }] (the HTTP status of a failed
// If-Unmodified-Since precondition, RFC 7232 §3.4 and Salesforce REST API "Conditional Request Headers"; the body's
// error code is the API StatusCode for this failure — only an org can confirm what LDS hands the component).
import { OrgRequestError, PreconditionFailed, SERVER_OBJECTS } from './callListOrg.mjs';

const MAX_BODY = 1024 * 1024;

function readBody(request) {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks = [];
        request.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY) {
                reject(new OrgRequestError('BODY_TOO_LARGE', 'request body too large', 413));
                request.destroy();
                return;
            }
            chunks.push(chunk);
        });
        request.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (!text) return resolve({});
            try {
                resolve(JSON.parse(text));
            } catch {
                reject(new OrgRequestError('JSON_PARSER_ERROR', 'the body is not JSON'));
            }
        });
        request.on('error', reject);
    });
}

/** A refused save in the UI API error shape: errors with fields under fieldErrors, the others under errors. */
export function saveError(errors) {
    const output = { errors: [], fieldErrors: {} };
    for (const error of errors) {
        const entry = { errorCode: error.statusCode, message: error.message };
        if (error.fields?.length) {
            for (const field of error.fields) (output.fieldErrors[field] ??= []).push({ ...entry, field });
        } else output.errors.push(entry);
    }
    return { message: errors[0]?.message ?? 'invalid', output };
}

/**
 * The UI API display value of a field (as platform/records.js gives it for the CRM): dates, date-times and amounts
 * formatted for the user's locale (Europe/Paris), a picklist's value as its label (the sample picklists' English
 * labels are their values; their French labels are not given: a limit, docs/WORKBENCH.md), null for the rest.
 */
function displayValueOf(type, value, lang) {
    if (value === null || value === undefined) return null;
    const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
    switch (type) {
        case 'picklist':
            return String(value);
        case 'date': {
            const [year, month, day] = String(value).split('-').map(Number);
            return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'short' }).format(Date.UTC(year, month - 1, day));
        }
        case 'datetime':
            return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(Date.parse(String(value)));
        case 'currency':
            return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(Number(value));
        default:
            return null;
    }
}

/** { value, displayValue } of one field, as UI API gives it. */
function uiField(listOrg, objectName, fieldName, value, lang) {
    const def = listOrg.org.typeAt(objectName, fieldName).field;
    return { value: value ?? null, displayValue: displayValueOf(def?.type, value ?? null, lang) };
}

/**
 * Adds `path` (['Contact', 'Name']) of `record` into `target` (a fields object), as a nested UI API record for a
 * relationship. Throws OrgRequestError INVALID_FIELD for a path the object does not have.
 */
function addPath(listOrg, record, path, target, lang, nested) {
    const [head, ...rest] = path;
    const objectName = record.sobjectType;
    const object = listOrg.org.schema.objects.get(objectName);
    if (rest.length === 0) {
        if (!object?.fields.has(head)) throw new OrgRequestError('INVALID_FIELD', `No such column '${head}' on entity '${objectName}'.`);
        target[head] = uiField(listOrg, objectName, head, record.fields[head], lang);
        return;
    }
    const lookup = listOrg.org.relationshipField(object, head);
    if (!lookup) throw new OrgRequestError('INVALID_FIELD', `No such relationship '${head}' on entity '${objectName}'.`);
    const relatedId = record.fields[lookup];
    const related = relatedId ? listOrg.get(String(relatedId)) : undefined;
    if (!related) {
        target[head] = nested === 'graphql' ? null : { value: null, displayValue: null };
        return;
    }
    if (nested === 'graphql') {
        const node = target[head] ?? { Id: related.fields.Id };
        addPath(listOrg, related, rest, node, lang, nested);
        target[head] = node;
        return;
    }
    const existing = target[head]?.value ?? representation(related, {});
    addPath(listOrg, related, rest, existing.fields, lang, nested);
    target[head] = { displayValue: related.fields.Name ?? null, value: existing };
}

function representation(record, fields) {
    const f = record.fields;
    return {
        apiName: record.sobjectType,
        childRelationships: {},
        eTag: `wb-${f.Id}-${f.SystemModstamp ?? ''}`,
        fields,
        id: f.Id,
        lastModifiedById: f.LastModifiedById ?? null,
        lastModifiedDate: f.LastModifiedDate ?? null,
        recordTypeId: '012000000000000AAA',
        recordTypeInfo: null,
        systemModstamp: f.SystemModstamp ?? f.LastModifiedDate ?? null,
        weakEtag: Date.parse(String(f.SystemModstamp ?? f.LastModifiedDate ?? 0)) || 0
    };
}

/**
 * What LDS getRecord gives for a server record: { status, body } — 200 with the record representation (the fields
 * of `fields` and those of `optionalFields` the object has, qualified 'CampaignMember.Status' or
 * 'CampaignMember.Contact.Name'), 400 INVALID_FIELD for a required field it does not have, 404 for no record.
 */
export function recordAnswer(listOrg, recordId, { fields = [], optionalFields = [], lang = 'en' } = {}) {
    const record = listOrg.get(recordId);
    if (!record) return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
    const out = {};
    const invalid = [];
    for (const [list, optional] of [
        [fields, false],
        [optionalFields, true]
    ]) {
        for (const qualified of list) {
            const [objectName, ...path] = String(qualified).split('.');
            if (objectName !== record.sobjectType || path.length === 0) continue;
            try {
                addPath(listOrg, record, path, out, lang, 'record');
            } catch (error) {
                if (!(error instanceof OrgRequestError)) throw error;
                if (!optional) invalid.push({ errorCode: 'INVALID_FIELD', message: `${error.message} (${qualified})` });
            }
        }
    }
    if (invalid.length) return { status: 400, body: invalid };
    return { status: 200, body: representation(record, out) };
}

/** A UI API GraphQL node of `record` with the field paths asked ('Status', 'Contact.Name'): { Id, Status: { value, displayValue }, Contact: { Id, Name: {…} } | null }. */
export function nodeOf(listOrg, record, paths, lang = 'en') {
    const node = { Id: record.fields.Id };
    for (const path of paths) {
        if (path === 'Id') continue;
        addPath(listOrg, record, String(path).split('.'), node, lang, 'graphql');
    }
    return node;
}

/**
 * The request handler. `origins`: the browser origins allowed (the workbench's own); a request without an Origin
 * header (Node: the checks, the tests) is allowed. `ready` resolves to the CallListOrg.
 */
export function orgRequestHandler({ ready, origins }) {
    return async function handle(request, response) {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const send = (status, body) => {
            response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
            response.end(JSON.stringify(body));
        };
        const origin = request.headers.origin;
        if (origin !== undefined && !origins().includes(origin)) {
            send(403, [{ errorCode: 'FORBIDDEN', message: `origin ${origin} may not use the workbench org server` }]);
            return;
        }
        try {
            const method = request.method ?? 'GET';
            const body = method === 'GET' || method === 'HEAD' ? {} : await readBody(request);
            const listOrg = await ready();
            const userId = request.headers['x-workbench-user'];
            const path = url.pathname.replace(/^\/org/, '');
            const lang = url.searchParams.get('lang') === 'fr' || body.lang === 'fr' ? 'fr' : 'en';
            const recordMatch = /^\/records\/([A-Za-z0-9]{15,18})$/.exec(path);
            if (recordMatch && method === 'GET') {
                listOrg.tick();
                const list = (name) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
                const answer = recordAnswer(listOrg, recordMatch[1], { fields: list('fields'), optionalFields: list('optionalFields'), lang });
                send(answer.status, answer.body);
                return;
            }
            if (recordMatch && method === 'PATCH') {
                const id = recordMatch[1];
                if (!listOrg.get(id)) {
                    send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
                    return;
                }
                const [result] = listOrg.update([{ fields: { ...(body.fields ?? {}), Id: id } }], { userId, ifUnmodifiedSince: body.ifUnmodifiedSince ?? undefined });
                if (!result?.success) {
                    send(400, saveError(result?.errors ?? []));
                    return;
                }
                send(200, { id: result.id, record: recordAnswer(listOrg, result.id, {}).body });
                return;
            }
            if (path === '/records' && method === 'POST') {
                if (!SERVER_OBJECTS.includes(body.apiName)) {
                    send(400, [{ errorCode: 'INVALID_TYPE', message: `the org server does not keep ${String(body.apiName)} records` }]);
                    return;
                }
                const [result] = listOrg.insert([{ sobjectType: body.apiName, fields: body.fields ?? {} }], { userId });
                if (!result?.success) {
                    send(400, saveError(result?.errors ?? []));
                    return;
                }
                send(201, { id: result.id, apiName: body.apiName });
                return;
            }
            if (path === '/calls' && method === 'POST') {
                const result = listOrg.saveCall(body.fields ?? {}, { userId });
                if (!result?.success) {
                    send(400, saveError(result?.errors ?? []));
                    return;
                }
                send(200, { id: result.id, created: result.created === true });
                return;
            }
            if (path === '/query' && method === 'POST') {
                listOrg.tick();
                const { totalSize, records } = listOrg.query(body);
                const paths = Array.isArray(body.fields) ? body.fields : [];
                send(200, {
                    totalSize,
                    records: records.map((r) => ({ ...r.fields })),
                    nodes: records.map((r) => nodeOf(listOrg, r, paths, lang))
                });
                return;
            }
            const flowMatch = /^\/flows\/(\w+)$/.exec(path);
            if (flowMatch && method === 'POST') {
                send(200, listOrg.runFlow(flowMatch[1], body.inputs ?? {}, { userId }));
                return;
            }
            if (path === '/dump' && method === 'GET') {
                send(200, listOrg.dump());
                return;
            }
            if (path === '/reset' && method === 'POST') {
                listOrg.reset();
                send(200, { reset: true, resets: listOrg.resets });
                return;
            }
            send(404, [{ errorCode: 'NOT_FOUND', message: `no org server resource ${method} ${url.pathname}` }]);
        } catch (error) {
            if (error instanceof PreconditionFailed) {
                send(412, [{ errorCode: 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK', message: error.message }]);
            } else if (error instanceof OrgRequestError) {
                send(error.status, [{ errorCode: error.statusCode, message: error.message }]);
            } else {
                send(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error?.stack ?? error) }]);
            }
        }
    };
}
