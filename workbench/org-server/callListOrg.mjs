// The workbench's SHARED org for call lists: one org for every page (every agent) of a workbench run, hosted by the
// workbench server (http.mjs), built on the flow engine (automation/engine: InMemoryOrg + FlowRuntime). What a save
// does here is what the package does in an org, as far as the engine models it (docs/FLOW-ENGINE.md): the package's
// real schema (objects, fields, restricted picklists, lookups), its validation rules for the running user, and its
// record-triggered flows on save — Diamy_Call__c's (call → Task, follow-up Tasks from Diamy_Task_Rule__mdt, the
// call-list result flow when the package has it) and CampaignMember's.
//
// The engine is synchronous and this module runs one request at a time to its end: every call below is atomic, as a
// row lock makes one save of a record wait for the other in an org. That is what makes a conditional claim provable:
// of two updates with the same ifUnmodifiedSince, exactly one is applied.
//
// The clock: the org's NOW() is the wall clock, to the second (Salesforce keeps system timestamps to the second:
// LastModifiedDate and SystemModstamp always end in .000Z), set at the start of each request.
//
// What the platform would refuse and the engine does not model is refused here too (never kinder):
// - update with ifUnmodifiedSince (LDS updateRecord's clientOptions, the UI API's If-Unmodified-Since header): a
//   record whose LastModifiedDate is later than that instant (compared to the second, as an HTTP date is) is not
//   updated (PreconditionFailed, shaped by http.mjs as a 412);
// - CampaignMember.Status must be one of its campaign's CampaignMemberStatus labels (on the writes of the API; a
//   flow's update of a member is checked by the engine only if it models it).
// Read-only copies the platform keeps on CampaignMember (FirstName, LastName, CompanyOrAccount, Phone, MobilePhone,
// DoNotCall from the contact or lead; HasResponded from the status) are refreshed after every request.
import { loadEngine } from '../../automation/engine/index.mjs';
import { AGENTS } from '../platform/agents.mjs';
import { seedOrg } from './seed.mjs';

/** Objects whose records live on the org server (the page routes their ids and creates here). */
export const SERVER_OBJECTS = ['Campaign', 'CampaignMember', 'CampaignMemberStatus', 'Task'];

/** A refused conditional update: the record changed after `since`. */
export class PreconditionFailed extends Error {
    constructor(id, lastModifiedDate, since) {
        super(`record ${id} has been modified since you retrieved it (LastModifiedDate ${lastModifiedDate}, If-Unmodified-Since ${since})`);
        this.id = id;
        this.lastModifiedDate = lastModifiedDate;
        this.since = since;
    }
}

/** A request the org refuses as a whole (an unknown user, a malformed query): { statusCode, message }. */
export class OrgRequestError extends Error {
    constructor(statusCode, message, status = 400) {
        super(message);
        this.statusCode = statusCode;
        this.status = status;
    }
}

const toSecond = (ms) => Math.floor(ms / 1000) * 1000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An instant from an ISO string or an HTTP date (what LDS passes on as If-Unmodified-Since); NaN when neither. */
export function parseInstant(value) {
    if (value instanceof Date) return value.getTime();
    if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
    return Date.parse(value);
}

/**
 * Loads the engine and the package (schema + flows, about a second) and returns a seeded org.
 * `clock()` gives the wall time in ms (tests pass their own).
 */
export async function createCallListOrg({ clock = () => Date.now() } = {}) {
    const engine = await loadEngine();
    const project = engine.loadPackage();
    return new CallListOrg(engine, project, clock);
}

export class CallListOrg {
    constructor(engine, project, clock) {
        this.engine = engine;
        this.project = project;
        this.clock = clock;
        this.reset();
    }

    /** Back to the seed: a new org, the sample campaigns, no calls. */
    reset() {
        this.runtime = new this.engine.FlowRuntime(this.project.schema, this.project.flows);
        this.org = this.runtime.org;
        // A production org: Task and Diamy_Call__c past 200,000 rows, so flows must query them selectively.
        for (const object of this.engine.DEFAULT_LARGE_OBJECTS ?? ['Task', 'Diamy_Call__c']) this.org.largeObjects.add(object);
        this.tick();
        seedOrg(this.org, (object, fields) => this.known(object, fields));
        this.refreshDerived();
        /** Diamy_Call__c saves forwarded from the pages: how many applied, and each refusal (for the checks). */
        this.forwards = { applied: 0, refused: [] };
        this.resets = (this.resets ?? -1) + 1;
    }

    /** Sets the org's clock to now, to the second. */
    tick() {
        this.org.now = new Date(toSecond(this.clock()));
    }

    /** Only the fields `object` has in the package's schema (seed data carries the CRM's display-only fields). */
    known(object, fields) {
        const def = this.project.schema.objects.get(object);
        if (!def) throw new Error(`org server: no object ${object} in the schema`);
        return Object.fromEntries(Object.entries(fields).filter(([name, value]) => def.fields.has(name) && value !== undefined));
    }

    /** The running user of a request: an agent of the workbench (platform/agents.mjs). */
    user(userId) {
        const user = typeof userId === 'string' && userId ? this.org.get(userId) : undefined;
        if (!user || user.sobjectType !== 'User' || !AGENTS.some((a) => a.userId.slice(0, 15) === String(userId).slice(0, 15)))
            throw new OrgRequestError('INVALID_USER', `not a workbench agent: ${String(userId)} (x-workbench-user)`, 401);
        return String(user.fields.Id);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A record (a copy, formula fields computed), or undefined. */
    get(id) {
        return typeof id === 'string' ? this.org.get(id) : undefined;
    }

    /** The object of a record id, or undefined. */
    objectOf(id) {
        return this.get(id)?.sobjectType;
    }

    /**
     * Records of `spec.object` matching the engine's filters (Get Records semantics: { field, operator, value }
     * with EqualTo, NotEqualTo, IsNull, In, NotIn, StartsWith, Contains, GreaterThan… on fields or relationship paths
     * such as 'Contact.DoNotCall'; filterLogic 'and' / 'or' / '1 AND (2 OR 3)'), sorted by `orderBy` —
     * [{ field, direction: 'Asc'|'Desc', nulls: 'First'|'Last' }] (SOQL defaults: nulls first ascending, last
     * descending), then Id — from `offset`, at most `limit`. Returns { totalSize, records } (copies).
     */
    query(spec) {
        if (!spec || typeof spec.object !== 'string') throw new OrgRequestError('MALFORMED_QUERY', 'query: object is required');
        const filters = (spec.filters ?? []).map((filter) => ({ ...filter, value: normaliseFilterValue(filter.value) }));
        let rows;
        try {
            rows = this.org.query({ object: spec.object, filters, ...(spec.filterLogic ? { filterLogic: spec.filterLogic } : {}) });
        } catch (error) {
            if (error instanceof this.engine.DmlFailure) {
                const [code, ...rest] = String(error.message).split(': ');
                throw new OrgRequestError(rest.length ? code : 'INVALID_QUERY', rest.length ? rest.join(': ') : error.message);
            }
            throw error;
        }
        const orderBy = [...(spec.orderBy ?? []), { field: 'Id', direction: 'Asc' }];
        for (const { field } of orderBy) {
            if (!this.org.typeAt(spec.object, field).field)
                throw new OrgRequestError('INVALID_FIELD', `No such column '${field}' on entity '${spec.object}'.`);
        }
        rows.sort((a, b) => {
            for (const { field, direction = 'Asc', nulls } of orderBy) {
                const desc = direction === 'Desc';
                const nullsFirst = nulls ? nulls === 'First' : !desc;
                const x = this.org.valueAt(a, field);
                const y = this.org.valueAt(b, field);
                const xBlank = x === null || x === undefined || x === '';
                const yBlank = y === null || y === undefined || y === '';
                if (xBlank && yBlank) continue;
                if (xBlank || yBlank) return xBlank === nullsFirst ? -1 : 1;
                const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
                if (c !== 0) return desc ? -c : c;
            }
            return 0;
        });
        const offset = Math.max(0, Number(spec.offset ?? 0) || 0);
        const limit = spec.limit === undefined || spec.limit === null ? rows.length : Math.max(0, Number(spec.limit) || 0);
        return { totalSize: rows.length, records: rows.slice(offset, offset + limit) };
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Updates records as `userId` (one DML statement, allOrNone, the flows run). `ifUnmodifiedSince` (ISO or HTTP
     * date): refused with PreconditionFailed when one of the records was modified after it — nothing is saved.
     * Returns the engine's results ({ success, id, errors: [{ statusCode, message, fields }] }).
     */
    update(records, { userId, ifUnmodifiedSince } = {}) {
        const as = this.user(userId);
        this.tick();
        if (ifUnmodifiedSince !== undefined && ifUnmodifiedSince !== null) {
            const since = parseInstant(ifUnmodifiedSince);
            if (Number.isNaN(since))
                throw new OrgRequestError('INVALID_HEADER', `If-Unmodified-Since is not a date: ${String(ifUnmodifiedSince)}`);
            for (const record of records) {
                const stored = this.get(String(record.fields?.Id ?? ''));
                const modified = stored ? Date.parse(String(stored.fields.LastModifiedDate ?? '')) : Number.NaN;
                if (stored && toSecond(modified) > toSecond(since))
                    throw new PreconditionFailed(String(stored.fields.Id), stored.fields.LastModifiedDate, ifUnmodifiedSince);
            }
        }
        const refused = this.statusRefusals(records.map((r) => ({ record: r, campaignId: this.get(String(r.fields?.Id ?? ''))?.fields.CampaignId })));
        if (refused) return refused;
        const results = this.org.update(
            records.map((r) => ({ sobjectType: this.objectOf(String(r.fields?.Id ?? '')) ?? 'Unknown', fields: { ...r.fields } })),
            { as }
        );
        this.refreshDerived();
        return results;
    }

    /** Inserts records of one or more objects as `userId` (one DML statement, allOrNone, the flows run). */
    insert(records, { userId } = {}) {
        const as = this.user(userId);
        this.tick();
        const refused = this.statusRefusals(
            records.map((r) => ({ record: r, campaignId: r.sobjectType === 'CampaignMember' ? r.fields?.CampaignId : undefined }))
        );
        if (refused) return refused;
        const results = this.org.insert(records.map((r) => ({ sobjectType: r.sobjectType, fields: { ...r.fields } })), { as });
        this.refreshDerived();
        return results;
    }

    /**
     * A Diamy_Call__c save forwarded by a page (its createRecord or updateRecord went to its own FakeOrg): an upsert
     * on Diamy_Call_Id__c as the agent, so a retried create or a repeated update changes nothing twice. The flows run
     * as they do on the agent's save in an org. Returns the engine's result; refusals are also kept in `forwards`.
     */
    saveCall(fields, { userId } = {}) {
        const as = this.user(userId);
        this.tick();
        const callId = fields?.Diamy_Call_Id__c;
        if (typeof callId !== 'string' || callId === '')
            throw new OrgRequestError('REQUIRED_FIELD_MISSING', 'a forwarded call needs its Diamy_Call_Id__c');
        // The page's own record id means nothing here: the call is found by its Diamy call id.
        const values = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== 'Id'));
        const [result] = this.org.upsert([{ sobjectType: 'Diamy_Call__c', fields: values }], 'Diamy_Call_Id__c', { as });
        this.refreshDerived();
        if (result?.success) this.forwards.applied += 1;
        else this.forwards.refused.push({ diamyCallId: callId, userId: as, errors: result?.errors ?? [] });
        return result;
    }

    /**
     * Runs an autolaunched or headless flow of the package as `userId` (what lightning-flow does for a flow without
     * screens): { status: 'FINISHED' | 'ERROR', outputVariables: [{ name, value }], error }. A record-triggered flow, or
     * a flow the package does not have, is refused (OrgRequestError).
     */
    runFlow(name, inputs = {}, { userId } = {}) {
        const as = this.user(userId);
        this.tick();
        const flow = this.project.flows.find((f) => f.name === name);
        if (!flow || flow.status !== 'Active' || flow.triggerType)
            throw new OrgRequestError('INVALID_FLOW', `no active flow ${String(name)} that runs on demand`, 404);
        const interview = this.runtime.runFlow(name, inputs ?? {}, as);
        this.refreshDerived();
        const outputs = interview.status === 'failed' ? {} : interview.outputs();
        return {
            status: interview.status === 'failed' ? 'ERROR' : 'FINISHED',
            outputVariables: Object.entries(outputs).map(([outputName, value]) => ({ name: outputName, value: value ?? null, isCollection: Array.isArray(value) })),
            error: interview.error ?? null
        };
    }

    /** Status must be a label of the member's campaign (the platform refuses any other value). */
    statusRefusals(items) {
        const failures = items.map(({ record, campaignId }) => {
            const object = record.sobjectType ?? this.objectOf(String(record.fields?.Id ?? ''));
            if (object !== 'CampaignMember' || !('Status' in (record.fields ?? {}))) return null;
            const labels = this.org
                .all('CampaignMemberStatus')
                .filter((s) => String(s.fields.CampaignId ?? '').slice(0, 15) === String(campaignId ?? '').slice(0, 15))
                .map((s) => s.fields.Label);
            const status = record.fields.Status;
            if (status === null || status === undefined || status === '' || labels.includes(status)) return null;
            return {
                statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                message: `Status: bad value for restricted picklist field: ${String(status)}`,
                fields: ['Status']
            };
        });
        if (failures.every((f) => f === null)) return null;
        return failures.map((error) =>
            error
                ? { success: false, id: null, errors: [error] }
                : {
                      success: false,
                      id: null,
                      errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }]
                  }
        );
    }

    /** The platform's read-only copies on CampaignMember, from the person and the status (no LastModifiedDate change). */
    refreshDerived() {
        const statuses = this.org.all('CampaignMemberStatus');
        for (const member of this.org.all('CampaignMember')) {
            const f = member.fields;
            const personId = f.ContactId ?? f.LeadId;
            const person = personId ? this.get(String(personId)) : undefined;
            const pf = person?.fields ?? {};
            const account = person?.sobjectType === 'Contact' && pf.AccountId ? this.get(String(pf.AccountId)) : undefined;
            const status = statuses.find(
                (s) => String(s.fields.CampaignId).slice(0, 15) === String(f.CampaignId).slice(0, 15) && s.fields.Label === f.Status
            );
            const derived = {
                FirstName: pf.FirstName ?? null,
                LastName: pf.LastName ?? null,
                CompanyOrAccount: person?.sobjectType === 'Lead' ? (pf.Company ?? null) : (account?.fields.Name ?? null),
                Phone: pf.Phone ?? null,
                MobilePhone: pf.MobilePhone ?? null,
                DoNotCall: pf.DoNotCall === true,
                HasResponded: status?.fields.HasResponded === true
            };
            if (Object.entries(derived).some(([k, v]) => (f[k] ?? null) !== v)) this.org.seed('CampaignMember', { ...f, ...derived });
        }
    }

    // ------------------------------------------------------------------------------------------------ for the checks

    /**
     * Everything a check asserts, as plain records ({ Id, ...fields }): campaigns, statuses, members, calls, Tasks,
     * integration log entries, the interviews that failed and the count per flow, the forwarded saves.
     */
    dump() {
        const plain = (object) => this.org.all(object).map((r) => ({ ...r.fields }));
        const perFlow = {};
        for (const entry of this.runtime.log) perFlow[entry.flow] = (perFlow[entry.flow] ?? 0) + 1;
        return {
            now: this.org.now.toISOString(),
            resets: this.resets,
            campaigns: plain('Campaign'),
            statuses: plain('CampaignMemberStatus'),
            members: plain('CampaignMember'),
            calls: plain('Diamy_Call__c'),
            tasks: plain('Task'),
            logs: plain('Diamy_Integration_Log__c'),
            interviews: {
                perFlow,
                failed: this.runtime.log.filter((e) => e.status === 'failed').map((e) => ({ flow: e.flow, recordId: e.recordId, error: e.error })),
                faulted: this.runtime.log
                    .filter((e) => e.faulted.length > 0)
                    .map((e) => ({ flow: e.flow, recordId: e.recordId, faulted: e.faulted }))
            },
            forwards: { applied: this.forwards.applied, refused: [...this.forwards.refused] },
            flows: this.project.flows.filter((f) => f.status === 'Active' && f.object).map((f) => `${f.object}.${f.name}`)
        };
    }
}

/** A filter value as the store keeps it: an ISO datetime normalised to milliseconds and Z. */
function normaliseFilterValue(value) {
    if (Array.isArray(value)) return value.map(normaliseFilterValue);
    if (typeof value === 'string' && ISO.test(value)) {
        const ms = Date.parse(value);
        return Number.isNaN(ms) ? value : new Date(ms).toISOString();
    }
    return value;
}
