// The page's side of the workbench's org server (workbench/org-server/: ONE org shared by every page and agent of a
// workbench run, with the package's flows): what lightning/uiRecordApi, the GraphQL answerers and the page chrome
// call. Records of SERVER_PREFIXES (Campaign 701, CampaignMember 00v, CampaignMemberStatus 01Y, Task 00T) live
// there; everything else stays in the page's FakeOrg (platform/org.js), which forwards its Diamy_Call__c saves here
// so that the flows run on them (org.js). Every request names the page's agent (x-workbench-user: platform/agents.mjs).
//
// For the GraphQL answerers of call lists (platform/answers/): `await orgQuery(spec)` gives { totalSize, records,
// nodes } — nodes are UI API GraphQL nodes of `spec.fields` ({ Id, Status: { value, displayValue }, Contact: { Id,
// Name: {…} } | null }), so an answerer returns `{ CampaignMember: edges(nodes) }` (an answerer may return a Promise).
import { workbench, log } from './bus.js';
import { currentAgent } from './agents.mjs';

/** Key prefixes of the records that live on the org server. */
export const SERVER_PREFIXES = ['701', '00v', '01Y', '00T'];
/** Objects created on the org server (createRecord with one of these apiNames). */
export const SERVER_OBJECTS = ['Campaign', 'CampaignMember', 'CampaignMemberStatus', 'Task'];

/** The org server's base URL ('/org'), or null when this workbench runs without it. */
export const orgServerUrl = () => workbench.config.orgServerUrl ?? null;

/** Whether a record id is one of the org server's records (and the org server is there). */
export function isOrgServerId(recordId) {
    return Boolean(orgServerUrl()) && SERVER_PREFIXES.includes(String(recordId ?? '').slice(0, 3));
}

/** An LDS rejection: { status, body } on an Error (as test/diamyFakeOrg.ts rejects). */
function uiApiError(status, body) {
    return Object.assign(new Error(`UI API ${status}`), { status, statusText: STATUS_TEXT[status] ?? '', ok: false, body });
}
const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 412: 'Precondition Failed', 500: 'Server Error' };

/** One request to the org server as the page's agent: resolves { status, body }; a network failure rejects (status 0). */
export async function orgRequest(method, path, body) {
    const base = orgServerUrl();
    if (!base) throw uiApiError(404, [{ errorCode: 'NOT_FOUND', message: 'this workbench runs without its org server' }]);
    let response;
    try {
        response = await fetch(`${base}${path}`, {
            method,
            headers: { 'x-workbench-user': currentAgent().userId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
    } catch (error) {
        throw Object.assign(new Error('Failed to fetch'), { status: 0, cause: error });
    }
    const json = await response.json().catch(() => null);
    return { status: response.status, body: json };
}

const lang = () => (globalThis.__DIAMY_LANG__ === 'fr' ? 'fr' : 'en');
const qualified = (list) =>
    (Array.isArray(list) ? list : list ? [list] : []).map((f) => (typeof f === 'string' ? f : `${f?.objectApiName}.${f?.fieldApiName}`));

/** What the getRecord wire gets for a server record: { data, error } (UI API record representation or the error). */
export async function getServerRecord({ recordId, fields, optionalFields }) {
    const params = new URLSearchParams({ fields: qualified(fields).join(','), optionalFields: qualified(optionalFields).join(','), lang: lang() });
    const { status, body } = await orgRequest('GET', `/records/${recordId}?${params}`);
    if (status === 200) return { data: body, error: undefined };
    return { data: undefined, error: { status, statusText: STATUS_TEXT[status] ?? '', ok: false, headers: {}, body } };
}

const changeListeners = new Set();
/** Called with a record id after this page changed it on the org server (getRecord wires refresh, as LDS's cache does). */
export function onServerRecordChange(listener) {
    changeListeners.add(listener);
    return () => changeListeners.delete(listener);
}
export function serverRecordChanged(recordId) {
    for (const listener of changeListeners) listener(recordId);
}

/**
 * LDS updateRecord for a server record. `clientOptions.ifUnmodifiedSince` makes it conditional: a record modified
 * after that instant is not updated and the promise rejects with status 412 (body [{ errorCode
 * 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK', message }]). A validation rule's refusal rejects with 400
 * { message, output: { errors, fieldErrors } }. Resolves with the record representation (no fields), as LDS does.
 */
export async function updateServerRecord(recordInput, clientOptions = {}) {
    const { Id: recordId, ...fields } = recordInput?.fields ?? {};
    const { status, body } = await orgRequest('PATCH', `/records/${recordId}`, { fields, ifUnmodifiedSince: clientOptions?.ifUnmodifiedSince ?? null });
    if (status !== 200) {
        log('updateRecord refused', { id: recordId, error: body });
        throw uiApiError(status, body);
    }
    log('updateRecord', { apiName: body.record?.apiName ?? '', id: recordId, fields, server: true });
    serverRecordChanged(recordId);
    return { ...body.record, fields: {} };
}

/** LDS createRecord for an object of SERVER_OBJECTS: resolves { id, apiName, fields: {} }. */
export async function createServerRecord(recordInput) {
    const { status, body } = await orgRequest('POST', '/records', { apiName: recordInput.apiName, fields: recordInput.fields ?? {} });
    if (status !== 201) {
        log('createRecord refused', { apiName: recordInput.apiName, error: body });
        throw uiApiError(status, body);
    }
    log('createRecord', { apiName: recordInput.apiName, id: body.id, fields: recordInput.fields, server: true });
    return { id: body.id, apiName: recordInput.apiName, fields: {} };
}

/**
 * Forwards a Diamy_Call__c the page's FakeOrg saved (all its fields; upsert on Diamy_Call_Id__c there, so a retry
 * changes nothing twice): the org server's flows run on it. Rejects with the server's refusal (UI API shape).
 */
export async function forwardCall(fields) {
    const { status, body } = await orgRequest('POST', '/calls', { fields });
    if (status !== 200) {
        log('org server refused the call', { diamyCallId: fields?.Diamy_Call_Id__c, error: body });
        throw uiApiError(status, body);
    }
    return body;
}

/**
 * A query on the org server: { object, filters: [{ field, operator, value }], filterLogic, orderBy: [{ field,
 * direction: 'Asc'|'Desc', nulls: 'First'|'Last' }], limit, offset, fields: ['Status', 'Contact.Name', …] } →
 * { totalSize, records: [{ Id, …fields }], nodes } (operators: the flow engine's Get Records operators — EqualTo,
 * NotEqualTo, IsNull, In, NotIn, StartsWith, Contains, GreaterThan, GreaterThanOrEqualTo, LessThan,
 * LessThanOrEqualTo). Rejects with { status, body } for a malformed query (e.g. INVALID_FIELD).
 */
export async function orgQuery(spec) {
    const { status, body } = await orgRequest('POST', '/query', { ...spec, lang: lang() });
    if (status !== 200) throw uiApiError(status, body);
    return body;
}

/** Campaigns, statuses, members, calls, Tasks, logs, interviews, forwards (the browser check, the curious). */
export async function orgDump() {
    const { status, body } = await orgRequest('GET', '/dump');
    if (status !== 200) throw uiApiError(status, body);
    return body;
}

/** Back to the seed (the page's "Reset sandbox and org" button). */
export async function orgReset() {
    if (!orgServerUrl()) return { reset: false };
    const { status, body } = await orgRequest('POST', '/reset');
    if (status !== 200) throw uiApiError(status, body);
    return body;
}
