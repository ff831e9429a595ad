// An in-memory org that refuses what Salesforce refuses on DML, and runs the save in Salesforce's order so that
// record-triggered flows (automation.ts) see what they would see in an org. Each rule names the document it comes
// from in docs/FLOW-ENGINE.md.
//
// Save order for insert/update (Apex Developer Guide, "Triggers and Order of Execution"):
//   1. load the original record (update) or initialise the new one with defaults
//   2. system validation of the values (field exists and may be written, type, restricted picklist, lookups)
//   3. before-save record-triggered flows (they may change the record)
//   4. system validation again (required fields, lengths) and the custom validation rules, for the running user
//   5. duplicate check of unique fields, then the save (not committed yet)
//   6. after-save record-triggered flows (their own DML re-enters this procedure)
//   7. commit at the end of the outermost DML; a failure rolls the whole DML back (allOrNone) or retries it with
//      the records that succeeded (allOrNone false: up to two retries)
// Delete: before-delete flows, then the delete.
import type { FieldDef, ObjectDef, ProjectSchema, ValidationRule } from './schema.ts';
import type { Scalar, SRecord } from './values.ts';
import {
    IdFactory,
    copyRecord,
    isBlank,
    isDateString,
    isDateTimeString,
    looksLikeId,
    normaliseDateTime,
    sameId
} from './values.ts';
import { compilePlainFormula, evaluate } from './formula.ts';
import { compileFilterLogic, filterIsRequired } from '../lib/filterLogic.mjs';
import type { CompiledFormula, Reference, TypedValue } from './formula.ts';

export interface DmlError {
    statusCode: string;
    message: string;
    fields: string[];
}

export interface DmlResult {
    success: boolean;
    id: string | null;
    created?: boolean;
    errors: DmlError[];
}

export type SaveEvent = 'create' | 'update' | 'delete';

/** Records saved together, as record-triggered flows receive them. */
export interface SaveBatch {
    object: string;
    event: SaveEvent;
    /** The records being saved; before-save flows change them in place. */
    records: SRecord[];
    /** The records as they were before this save (null for a create). */
    priors: (SRecord | null)[];
    /** An error per record that a flow could not handle (the record's save fails with it). */
    errors: (DmlError | null)[];
}

export interface SaveContext {
    /** The user whose action started the transaction: flows' DML and validation rules run for them. */
    userId: string;
    /** Nesting depth of this DML inside flows (0 = the caller's own DML). */
    depth: number;
}

/** Record-triggered automation, called by the save procedure. */
export interface Automation {
    beforeSave(batch: SaveBatch, context: SaveContext): void;
    afterSave(batch: SaveBatch, context: SaveContext): void;
    beforeDelete(batch: SaveBatch, context: SaveContext): void;
}

export interface UserInfo {
    Id: string;
    FirstName?: string;
    LastName: string;
    Email?: string;
    LanguageLocaleKey?: string;
    TimeZoneSidKey?: string;
    IsActive?: boolean;
    /** Custom permissions the user holds ($Permission). */
    permissions?: string[];
    [field: string]: Scalar | string[] | undefined;
}

export interface DmlOptions {
    allOrNone?: boolean;
    /** Run as this user (default: the org's current user). */
    as?: string;
    /**
     * With allOrNone false: a group per record (a flow interview of a bulkified element). A record that fails takes
     * its group's other records with it, so one interview's records are saved all or none while other interviews'
     * are kept (docs/FLOW-ENGINE.md, bulkified flow DML).
     */
    groups?: number[];
}

export interface QueryFilter {
    field: string;
    operator: string;
    value: Scalar | Scalar[];
}

export interface QuerySpec {
    object: string;
    filters?: QueryFilter[];
    /** "and", "or", or "1 AND (2 OR 3)"; default and */
    filterLogic?: string;
    sortField?: string;
    sortOrder?: 'Asc' | 'Desc';
    limit?: number;
}

/**
 * One lead to convert, as Apex `Database.LeadConvert` / SOAP `LeadConvert` describe it: into an existing account
 * (and contact of that account) or new ones, with an existing, a new or no opportunity.
 */
export interface LeadConversion {
    leadId: string;
    /** An existing account to merge into; else a new account named after the lead's Company. */
    accountId?: string | null;
    /** An existing contact of that account (needs accountId); else a new contact from the lead's name, phones, e-mail. */
    contactId?: string | null;
    /** An existing opportunity of that account; else a new one, unless doNotCreateOpportunity. */
    opportunityId?: string | null;
    doNotCreateOpportunity?: boolean;
    /** A converted LeadStatus value (org-defined); the lead's Status is left as is when absent. */
    convertedStatus?: string;
}

/**
 * The user permission "View and Edit Converted Leads" (PermissionsViewEditConvertedLeads): without it nobody, system
 * context included, updates a converted lead (CANNOT_UPDATE_CONVERTED_LEAD). Given to a scenario user by name.
 */
export const EDIT_CONVERTED_LEADS = 'ViewEditConvertedLeads';

/** Fields only lead conversion writes, in its one update of the lead (Change Data Capture, "Change Events for Lead Conversion"). */
const CONVERSION_FIELDS = new Set(['IsConverted', 'ConvertedDate', 'ConvertedAccountId', 'ConvertedContactId', 'ConvertedOpportunityId']);

/** Something the org recorded that is not a record: a custom notification, an external call. */
export interface SideEffect {
    kind: string;
    detail: Record<string, unknown>;
}

class DmlFailure extends Error {}

/**
 * A governor limit of the transaction was passed: "the flow interviews fail and the transaction rolls back, even
 * when the elements have fault connectors" (Salesforce Help, Flow Bulkification in Transactions).
 */
export class LimitExceeded extends Error {}

/** Per-transaction limits of flows (Salesforce Help, "Per-Transaction Flow Limits"). */
export const TRANSACTION_LIMITS = { soqlQueries: 100, dmlStatements: 150, dmlRows: 10_000 } as const;

/** Blank for the store: '' and undefined become null. */
const normalise = (value: Scalar | undefined): Scalar => (value === undefined || value === '' ? null : value);

export class InMemoryOrg {
    readonly schema: ProjectSchema;
    readonly ids = new IdFactory();
    /** The clock: NOW() and CreatedDate. Tests move it. */
    now: Date = new Date('2025-03-14T10:05:00Z');
    currentUserId: string;
    automation: Automation | null = null;
    /** Retries of a partially failed allOrNone=false DML (Apex Developer Guide, "Bulk DML Exception Handling"). */
    readonly maxRetries = 2;
    private store = new Map<string, SRecord>();
    private effects: SideEffect[] = [];
    private autoNumbers = new Map<string, number>();
    private depth = 0;
    /**
     * Objects with more than 200,000 records in the org being modelled: a query on one of them from record-triggered
     * automation must be selective (Apex Developer Guide, "Working with Very Large SOQL Queries").
     */
    readonly largeObjects = new Set<string>();
    /** How deep the org is inside record-triggered automation (before-save, after-save, before-delete flows). */
    private automationDepth = 0;
    /** What the current transaction used (reset by each outermost DML). */
    readonly usage = { soqlQueries: 0, dmlStatements: 0, dmlRows: 0 };
    /** True while convertLead saves the leads: the only save allowed to write the conversion fields. */
    private converting = false;
    private readonly validationFormulas = new Map<ValidationRule, CompiledFormula>();
    private readonly fieldFormulas = new Map<FieldDef, CompiledFormula>();

    constructor(schema: ProjectSchema) {
        this.schema = schema;
        const orgId = this.ids.next('Organization');
        this.store.set(orgId, { sobjectType: 'Organization', fields: { Id: orgId, Name: 'Diamy test org' } });
        this.currentUserId = this.addUser({
            Id: '',
            LastName: 'Admin',
            FirstName: 'Org',
            LanguageLocaleKey: 'en_US',
            permissions: []
        });
        for (const type of schema.notificationTypes)
            this.seed('CustomNotificationType', { DeveloperName: type, MasterLabel: type });
        for (const record of schema.customMetadata) {
            this.seed(record.type, {
                DeveloperName: record.developerName,
                MasterLabel: record.label,
                Label: record.label,
                QualifiedApiName: record.developerName,
                ...record.values
            });
        }
    }

    // ------------------------------------------------------------------ data the tests set up

    /** Adds a user (an id is generated when Id is empty) and returns its id. */
    addUser(user: UserInfo): string {
        const id = user.Id || this.ids.next('User');
        const { permissions, ...fields } = user;
        const name = [user.FirstName, user.LastName].filter(Boolean).join(' ');
        this.store.set(id, {
            sobjectType: 'User',
            fields: {
                IsActive: true,
                LanguageLocaleKey: 'en_US',
                ...(fields as Record<string, Scalar>),
                Id: id,
                Name: name,
                Permissions__engine: (permissions ?? []).join(';')
            }
        });
        return id;
    }

    /** The custom permissions of a user ($Permission). */
    /** Gives a user a custom permission (as a permission set that grants it would). */
    grantPermission(userId: string, permission: string): void {
        const user = this.store.get(userId);
        if (!user || user.sobjectType !== 'User') throw new Error(`engine: no user ${userId}`);
        if (!this.permissionsOf(userId).includes(permission))
            user.fields.Permissions__engine = [...this.permissionsOf(userId), permission].join(';');
    }

    permissionsOf(userId: string): string[] {
        const value = this.store.get(userId)?.fields.Permissions__engine;
        return typeof value === 'string' && value ? value.split(';') : [];
    }

    /** Puts a record straight into the store, with no validation and no automation (test data, metadata records). */
    seed(sobjectType: string, fields: Record<string, Scalar>): string {
        const id = typeof fields.Id === 'string' && fields.Id ? fields.Id : this.ids.next(sobjectType);
        const record: SRecord = {
            sobjectType,
            fields: { CreatedDate: this.now.toISOString(), CreatedById: this.currentUserId, ...fields, Id: id }
        };
        this.derive(record);
        this.store.set(id, record);
        return id;
    }

    /** Adds a queue (Group of type Queue). */
    addQueue(developerName: string, name = developerName): string {
        return this.seed('Group', { DeveloperName: developerName, Name: name, Type: 'Queue' });
    }

    // ------------------------------------------------------------------ reading

    get(id: string): SRecord | undefined {
        for (const [key, record] of this.store) if (sameId(key, id)) return this.readable(record);
        return undefined;
    }

    /** Every record of an object, in creation order (copies). */
    all(object: string): SRecord[] {
        return [...this.store.values()].filter((r) => r.sobjectType === object).map((r) => this.readable(r));
    }

    /** What the org recorded besides records (notifications, external calls), in order. */
    sideEffects(kind?: string): SideEffect[] {
        return this.effects.filter((e) => !kind || e.kind === kind);
    }

    recordSideEffect(effect: SideEffect): void {
        this.effects.push(effect);
    }

    /** A copy of a stored record with its formula fields computed. */
    private readable(record: SRecord): SRecord {
        const copy = copyRecord(record);
        const object = this.schema.objects.get(record.sobjectType);
        for (const field of object?.fields.values() ?? []) {
            if (field.formula) copy.fields[field.name] = this.formulaFieldValue(field, copy);
        }
        return copy;
    }

    private formulaFieldValue(field: FieldDef, record: SRecord): Scalar {
        let compiled = this.fieldFormulas.get(field);
        if (!compiled) {
            compiled = compilePlainFormula(field.formula ?? '');
            this.fieldFormulas.set(field, compiled);
        }
        const resultType =
            field.type === 'checkbox'
                ? 'Boolean'
                : field.type === 'number'
                  ? 'Number'
                  : field.type === 'date'
                    ? 'Date'
                    : field.type === 'datetime'
                      ? 'DateTime'
                      : 'String';
        return evaluate(
            compiled,
            (reference) => this.resolveFormulaReference(reference, record, null, this.currentUserId),
            resultType
        ).value;
    }

    /**
     * The value at a path from a record: 'Subject', 'Contact__r.Name', 'Owner.Name', 'What.Name' (polymorphic: the
     * record the id points at).
     */
    valueAt(record: SRecord, path: string): Scalar {
        const [head, ...rest] = path.split('.');
        if (!head) return null;
        if (rest.length === 0) return normalise(record.fields[head]);
        const object = this.schema.objects.get(record.sobjectType);
        const lookup = this.relationshipField(object, head);
        const id = lookup ? record.fields[lookup] : null;
        if (typeof id !== 'string' || !id) return null;
        const target = this.get(id);
        return target ? this.valueAt(target, rest.join('.')) : null;
    }

    /** The lookup field of a relationship name ('Contact__r' → 'Contact__c', 'Owner' → 'OwnerId'). */
    relationshipField(object: ObjectDef | undefined, relationship: string): string | undefined {
        if (!object) return undefined;
        for (const field of object.fields.values())
            if (field.type === 'reference' && (field.relationshipName === relationship || field.name === relationship))
                return field.name;
        if (relationship.endsWith('__r') && object.fields.has(relationship.replace(/__r$/, '__c')))
            return relationship.replace(/__r$/, '__c');
        if (object.fields.has(`${relationship}Id`)) return `${relationship}Id`;
        return undefined;
    }

    /** The type of the value at a path (for formulas). */
    typeAt(objectName: string, path: string): { field: FieldDef | undefined; object: string } {
        const [head, ...rest] = path.split('.');
        const object = this.schema.objects.get(objectName);
        if (!head || !object) return { field: undefined, object: objectName };
        if (rest.length === 0) return { field: object.fields.get(head), object: objectName };
        const lookup = this.relationshipField(object, head);
        const target = lookup ? object.fields.get(lookup)?.referenceTo[0] : undefined;
        return target ? this.typeAt(target, rest.join('.')) : { field: undefined, object: objectName };
    }

    // ------------------------------------------------------------------ queries (Get Records)

    query(spec: QuerySpec): SRecord[] {
        const object = this.schema.objects.get(spec.object);
        if (!object) throw new DmlFailure(`INVALID_TYPE: sObject type '${spec.object}' is not supported.`);
        const filters = spec.filters ?? [];
        for (const filter of filters) {
            if (!this.typeAt(spec.object, filter.field).field)
                throw new DmlFailure(`INVALID_FIELD: No such column '${filter.field}' on entity '${spec.object}'.`);
        }
        if (this.automationDepth > 0 && this.largeObjects.has(spec.object)) this.requireSelective(spec.object, spec);
        const accepts = compileLogic(spec.filterLogic, filters.length);
        // Without a sort the order is undefined ("first record" is arbitrary): newest first, so that nothing can rely
        // on creation order by accident.
        let rows = this.all(spec.object)
            .filter((record) => accepts(filters.map((filter) => this.matches(record, filter))))
            .reverse();
        if (spec.sortField) {
            const field = spec.sortField;
            const direction = spec.sortOrder === 'Desc' ? -1 : 1;
            rows = rows
                .map((record, index) => ({ record, index }))
                .sort(
                    (a, b) =>
                        compareForSort(this.valueAt(a.record, field), this.valueAt(b.record, field)) * direction ||
                        a.index - b.index
                )
                .map((x) => x.record);
        }
        return spec.limit === undefined ? rows : rows.slice(0, spec.limit);
    }

    private inAutomation(run: () => void): void {
        this.automationDepth++;
        try {
            run();
        } finally {
            this.automationDepth--;
        }
    }

    /**
     * A query in trigger context on an object with more than 200,000 records must be selective: at least one filter
     * every matching record satisfies (required by the filter logic) on an indexed field, with an operator that can
     * use the index and a value. Indexed: Id, Name, OwnerId, CreatedDate, SystemModstamp, RecordTypeId, lookups,
     * external-id and unique fields (Apex Developer Guide, "Working with Very Large SOQL Queries"). How many rows the
     * index would return is not modelled: an indexed filter counts as selective.
     */
    private requireSelective(objectName: string, spec: QuerySpec): void {
        const filters = spec.filters ?? [];
        const object = this.schema.objects.get(objectName);
        const selective = filters.some((filter, index) => {
            if (!filterIsRequired(spec.filterLogic, filters.length, index)) return false;
            if (!SELECTIVE_OPERATORS.has(filter.operator)) return false;
            if (Array.isArray(filter.value) ? filter.value.length === 0 : isBlank(filter.value)) return false;
            if (STANDARD_INDEXED.has(filter.field)) return true;
            const field = object?.fields.get(filter.field);
            return Boolean(field && (field.type === 'reference' || field.externalId || field.unique));
        });
        if (!selective)
            throw new DmlFailure(
                `Non-selective query against large object type (more than 200000 rows). Consider an indexed filter or contact salesforce.com about custom indexing. (${objectName}: ${filters.map((f) => `${f.field} ${f.operator}`).join(', ') || 'no filter'})`
            );
    }

    /** One filter of Get/Update/Delete Records on one record (SOQL semantics: text compares case-insensitively). */
    matches(record: SRecord, filter: QueryFilter): boolean {
        const actual = this.valueAt(record, filter.field);
        const expected = filter.value;
        const { field } = this.typeAt(record.sobjectType, filter.field);
        const eq = (a: Scalar, b: Scalar) => {
            if (isBlank(a) && isBlank(b)) return true;
            if (isBlank(a) || isBlank(b)) return false;
            if (field?.type === 'reference' || field?.type === 'id') return sameId(a, b);
            // SOQL compares text case-insensitively, except on a unique case-sensitive field.
            if (typeof a === 'string' && typeof b === 'string')
                return field?.unique && field.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
            if (field?.type === 'checkbox') return Boolean(a) === (b === true || b === 'true');
            return a === b || String(a) === String(b);
        };
        switch (filter.operator) {
            case 'EqualTo':
                return eq(actual, expected as Scalar);
            case 'NotEqualTo':
                return !eq(actual, expected as Scalar);
            case 'IsNull':
                return (expected === true || expected === 'true') === isBlank(actual);
            case 'In':
                return Array.isArray(expected) && expected.some((v) => eq(actual, v));
            case 'NotIn':
                return Array.isArray(expected) && !expected.some((v) => eq(actual, v));
            case 'StartsWith':
                return (
                    !isBlank(actual) &&
                    !isBlank(expected) &&
                    String(actual).toLowerCase().startsWith(String(expected).toLowerCase())
                );
            case 'EndsWith':
                return (
                    !isBlank(actual) &&
                    !isBlank(expected) &&
                    String(actual).toLowerCase().endsWith(String(expected).toLowerCase())
                );
            case 'Contains':
                return (
                    !isBlank(actual) &&
                    !isBlank(expected) &&
                    String(actual).toLowerCase().includes(String(expected).toLowerCase())
                );
            case 'GreaterThan':
            case 'GreaterThanOrEqualTo':
            case 'LessThan':
            case 'LessThanOrEqualTo': {
                if (isBlank(actual) || isBlank(expected)) return false;
                const c = compareForSort(actual, expected as Scalar);
                return filter.operator === 'GreaterThan'
                    ? c > 0
                    : filter.operator === 'GreaterThanOrEqualTo'
                      ? c >= 0
                      : filter.operator === 'LessThan'
                        ? c < 0
                        : c <= 0;
            }
            default:
                throw new DmlFailure(`engine: filter operator ${filter.operator} is not modelled`);
        }
    }

    // ------------------------------------------------------------------ DML

    insert(records: SRecord[], options: DmlOptions = {}): DmlResult[] {
        return this.statement(records, options, (batch) => this.save('create', batch, options));
    }

    update(records: SRecord[], options: DmlOptions = {}): DmlResult[] {
        return this.statement(records, options, (batch) => this.save('update', batch, options));
    }

    /** Upsert by an external id field (or Id): one match → update, none → create, several → error. */
    upsert(records: SRecord[], externalIdField: string, options: DmlOptions = {}): DmlResult[] {
        return this.statement(records, options, (batch) => {
            const creates: { index: number; record: SRecord }[] = [];
            const updates: { index: number; record: SRecord }[] = [];
            const results: DmlResult[] = batch.map(() => ({ success: false, id: null, errors: [] }));
            batch.forEach((record, index) => {
                const key = record.fields[externalIdField];
                const matches = isBlank(key)
                    ? []
                    : this.query({
                          object: record.sobjectType,
                          filters: [{ field: externalIdField, operator: 'EqualTo', value: key ?? null }]
                      });
                if (matches.length > 1) {
                    results[index] = {
                        success: false,
                        id: null,
                        errors: [
                            {
                                statusCode: 'DUPLICATE_EXTERNAL_ID',
                                message: `${externalIdField}: more than one record found for external id field: [${matches.map((m) => m.fields.Id).join(', ')}]`,
                                fields: [externalIdField]
                            }
                        ]
                    };
                } else if (matches.length === 1) {
                    record.fields.Id = matches[0]?.fields.Id ?? null;
                    updates.push({ index, record });
                } else {
                    creates.push({ index, record });
                }
            });
            this.save(
                'create',
                creates.map((c) => c.record),
                options
            ).forEach((result, i) => (results[creates[i]?.index ?? 0] = { ...result, created: true }));
            this.save(
                'update',
                updates.map((u) => u.record),
                options
            ).forEach((result, i) => (results[updates[i]?.index ?? 0] = { ...result, created: false }));
            return results;
        });
    }

    /**
     * Converts leads, one DML statement (Apex `Database.convertLead`, SOAP `convertLead()`): creates the accounts,
     * contacts and opportunities asked for (each object one batch, with its automation), moves the leads' Tasks to
     * the contact (WhoId) and the opportunity, else the account (WhatId), then saves the leads in ONE update that
     * sets IsConverted, ConvertedDate and the three Converted…Id together, so the Lead's flows run once, seeing all
     * of them change. The order of these steps inside the conversion is not documented by Salesforce: this is the
     * engine's reading (docs/FLOW-ENGINE.md). Results are per lead, the lead's id on success.
     */
    convertLead(conversions: LeadConversion[], options: DmlOptions = {}): DmlResult[] {
        const records: SRecord[] = conversions.map((c) => ({
            sobjectType: 'Lead',
            fields: {
                Id: c.leadId,
                ConvertedAccountId: c.accountId ?? null,
                ConvertedContactId: c.contactId ?? null,
                ConvertedOpportunityId: c.opportunityId ?? null,
                DoNotCreateOpportunity: c.doNotCreateOpportunity ?? false,
                Status: c.convertedStatus ?? null
            }
        }));
        return this.statement(records, options, (batch) => this.convertBatch(batch, options));
    }

    private convertBatch(batch: SRecord[], options: DmlOptions): DmlResult[] {
        const results: DmlResult[] = batch.map((r) => ({ success: true, id: String(r.fields.Id), errors: [] }));
        const fail = (i: number, errors: DmlError[]) => (results[i] = { success: false, id: null, errors });
        const alive = () => batch.map((_, i) => i).filter((i) => results[i]?.success);
        const leads = batch.map((request, i) => {
            const lead = typeof request.fields.Id === 'string' ? this.storedRecord(request.fields.Id) : undefined;
            const f = request.fields;
            if (!lead || lead.sobjectType !== 'Lead')
                fail(i, [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]);
            else if (lead.fields.IsConverted === true)
                fail(i, [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: [] }]);
            else if (!isBlank(f.ConvertedContactId) && isBlank(f.ConvertedAccountId))
                fail(i, [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'accountId is required with contactId', fields: [] }]);
            else
                for (const [field, object] of [
                    ['ConvertedAccountId', 'Account'],
                    ['ConvertedContactId', 'Contact'],
                    ['ConvertedOpportunityId', 'Opportunity']
                ] as const) {
                    const id = f[field];
                    const target = typeof id === 'string' ? this.storedRecord(id) : undefined;
                    if (!isBlank(id) && (!target || target.sobjectType !== object))
                        fail(i, [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `invalid cross reference id: ${String(id)}`, fields: [] }]);
                    else if (target && object !== 'Account' && !sameId(target.fields.AccountId, f.ConvertedAccountId))
                        fail(i, [
                            {
                                statusCode: 'INVALID_CROSS_REFERENCE_KEY',
                                message: `the ${object.toLowerCase()} does not belong to the account`,
                                fields: []
                            }
                        ]);
                }
            return lead;
        });
        // New records of one object in one batch, each failure failing its lead.
        const create = (object: string, build: (i: number, lead: SRecord) => Record<string, Scalar> | null, into: string) => {
            const wanted = alive()
                .map((i) => {
                    const lead = leads[i];
                    const fields = lead ? build(i, lead) : null;
                    return fields ? { i, fields } : null;
                })
                .filter((w): w is { i: number; fields: Record<string, Scalar> } => w !== null);
            if (!wanted.length) return;
            const saved = this.save(
                'create',
                wanted.map((w) => ({ sobjectType: object, fields: w.fields })),
                options
            );
            saved.forEach((result, j) => {
                const w = wanted[j];
                if (!w) return;
                if (result.success) (batch[w.i] as SRecord).fields[into] = result.id;
                else fail(w.i, result.errors);
            });
        };
        const field = (i: number, name: string): Scalar => (batch[i] as SRecord).fields[name] ?? null;
        create('Account', (i, lead) => (isBlank(field(i, 'ConvertedAccountId')) ? { Name: lead.fields.Company ?? null } : null), 'ConvertedAccountId');
        create(
            'Contact',
            (i, lead) =>
                isBlank(field(i, 'ConvertedContactId'))
                    ? {
                          FirstName: lead.fields.FirstName ?? null,
                          LastName: lead.fields.LastName ?? null,
                          Phone: lead.fields.Phone ?? null,
                          MobilePhone: lead.fields.MobilePhone ?? null,
                          Email: lead.fields.Email ?? null,
                          AccountId: field(i, 'ConvertedAccountId')
                      }
                    : null,
            'ConvertedContactId'
        );
        create(
            'Opportunity',
            (i, lead) =>
                isBlank(field(i, 'ConvertedOpportunityId')) && field(i, 'DoNotCreateOpportunity') !== true
                    ? {
                          Name: `${String(lead.fields.Company ?? '')}-`,
                          StageName: 'Prospecting',
                          CloseDate: this.now.toISOString().slice(0, 10),
                          AccountId: field(i, 'ConvertedAccountId')
                      }
                    : null,
            'ConvertedOpportunityId'
        );
        // The leads' Tasks follow the contact, and the opportunity or else the account.
        const taskMoves = alive().flatMap((i) =>
            this.all('Task')
                .filter((task) => sameId(task.fields.WhoId, batch[i]?.fields.Id))
                .map((task) => ({
                    i,
                    record: {
                        sobjectType: 'Task',
                        fields: {
                            Id: task.fields.Id ?? null,
                            WhoId: field(i, 'ConvertedContactId'),
                            WhatId: isBlank(field(i, 'ConvertedOpportunityId'))
                                ? field(i, 'ConvertedAccountId')
                                : field(i, 'ConvertedOpportunityId')
                        }
                    }
                }))
        );
        if (taskMoves.length)
            this.save(
                'update',
                taskMoves.map((m) => m.record),
                options
            ).forEach((result, j) => {
                const move = taskMoves[j];
                if (move && !result.success) fail(move.i, result.errors);
            });
        // The one update of the leads that carries the conversion.
        const converting = alive();
        if (!converting.length) return results;
        this.converting = true;
        try {
            this.save(
                'update',
                converting.map((i) => ({
                    sobjectType: 'Lead',
                    fields: {
                        Id: field(i, 'Id'),
                        IsConverted: true,
                        ConvertedDate: this.now.toISOString().slice(0, 10),
                        ConvertedAccountId: field(i, 'ConvertedAccountId'),
                        ConvertedContactId: field(i, 'ConvertedContactId'),
                        ConvertedOpportunityId: field(i, 'ConvertedOpportunityId'),
                        ...(isBlank(field(i, 'Status')) ? {} : { Status: field(i, 'Status') })
                    }
                })),
                options
            ).forEach((result, j) => {
                const i = converting[j];
                if (i !== undefined && !result.success) fail(i, result.errors);
            });
        } finally {
            this.converting = false;
        }
        return results;
    }

    delete(ids: string[], options: DmlOptions = {}): DmlResult[] {
        const asRecords = ids.map((id) => ({ sobjectType: '', fields: { Id: id } }));
        return this.statement(asRecords, options, (batch) => {
            const ids = batch.map((r) => String(r.fields.Id));
            const found = ids.map((id) => this.storedRecord(id));
            const results: DmlResult[] = ids.map((id, i) =>
                found[i]
                    ? { success: true, id, errors: [] }
                    : {
                          success: false,
                          id,
                          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
                      }
            );
            const byObject = new Map<string, SRecord[]>();
            for (const record of found)
                if (record) byObject.set(record.sobjectType, [...(byObject.get(record.sobjectType) ?? []), record]);
            for (const [object, records] of byObject) {
                const batch: SaveBatch = {
                    object,
                    event: 'delete',
                    records: records.map((r) => this.readable(r)),
                    priors: records.map((r) => this.readable(r)),
                    errors: records.map(() => null)
                };
                this.inAutomation(() => this.automation?.beforeDelete(batch, this.context(options)));
                batch.records.forEach((record, i) => {
                    const index = ids.findIndex((id) => sameId(id, record.fields.Id));
                    const error = batch.errors[i];
                    if (error) results[index] = { success: false, id: String(record.fields.Id), errors: [error] };
                    else this.store.delete(String(this.storedId(String(record.fields.Id))));
                });
            }
            return results;
        });
    }

    private context(options: DmlOptions): SaveContext {
        return { userId: options.as ?? this.currentUserId, depth: this.depth };
    }

    private storedId(id: string): string | undefined {
        for (const key of this.store.keys()) if (sameId(key, id)) return key;
        return undefined;
    }

    private storedRecord(id: string): SRecord | undefined {
        const key = this.storedId(id);
        return key ? this.store.get(key) : undefined;
    }

    /**
     * One DML statement. With allOrNone (the default) any failed record rolls the whole statement back, nested
     * automation included, and every record reports an error. Without it, a statement with failures is rolled back
     * and run again with the records that succeeded, at most twice; the records that failed keep their errors
     * (Apex Developer Guide, "Bulk DML Exception Handling").
     */
    private statement(records: SRecord[], options: DmlOptions, run: (batch: SRecord[]) => DmlResult[]): DmlResult[] {
        const previousUser = this.currentUserId;
        if (options.as) this.currentUserId = options.as;
        this.depth += 1;
        const outermost = this.depth === 1;
        if (outermost) Object.assign(this.usage, { soqlQueries: 0, dmlStatements: 0, dmlRows: 0 });
        else this.use('dmlStatements', 1).use('dmlRows', records.length);
        try {
            if (options.allOrNone !== false) {
                const snapshot = this.snapshot();
                const results = this.guard(snapshot, () => run(records.map(copyRecord)));
                if (results.every((r) => r.success)) return results;
                this.restore(snapshot);
                return results.map((r) =>
                    r.success
                        ? {
                              success: false,
                              id: null,
                              errors: [
                                  {
                                      statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                                      message:
                                          'Record rolled back because not all records were valid and the request was using AllOrNone header',
                                      fields: []
                                  }
                              ]
                          }
                        : r
                );
            }
            const final: DmlResult[] = records.map(() => ({ success: false, id: null, errors: [] }));
            let pending = records.map((record, index) => ({ record, index }));
            const groupOf = (index: number) => options.groups?.[index] ?? -1 - index;
            for (let attempt = 0; pending.length > 0; attempt++) {
                const snapshot = this.snapshot();
                const results = this.guard(snapshot, () => run(pending.map((p) => copyRecord(p.record))));
                const failedGroups = new Set(pending.filter((_, i) => !results[i]?.success).map((p) => groupOf(p.index)));
                // A group partly saved (a flow interview with one record refused) is rolled back and retried without
                // it, even past the retries: each retry drops at least one record, so this ends.
                const partial = pending.some((p, i) => results[i]?.success && failedGroups.has(groupOf(p.index)));
                results.forEach((r, i) => {
                    const index = pending[i]?.index ?? 0;
                    final[index] =
                        r.success && failedGroups.has(groupOf(index))
                            ? {
                                  success: false,
                                  id: null,
                                  errors: [
                                      {
                                          statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                                          message: 'Record rolled back because another record of the same flow interview failed',
                                          fields: []
                                      }
                                  ]
                              }
                            : r;
                });
                if (!partial && (results.every((r) => r.success) || attempt >= this.maxRetries)) return final;
                this.restore(snapshot);
                pending = pending.filter((p, i) => results[i]?.success && !failedGroups.has(groupOf(p.index)));
            }
            return final;
        } catch (error) {
            if (!(outermost && error instanceof LimitExceeded)) throw error;
            return records.map(() => ({
                success: false,
                id: null,
                errors: [{ statusCode: 'LIMIT_EXCEEDED', message: error.message, fields: [] }]
            }));
        } finally {
            this.depth -= 1;
            this.currentUserId = previousUser;
        }
    }

    /** Counts a governor-limited operation of the current transaction; past the limit, the transaction fails. */
    use(what: keyof typeof TRANSACTION_LIMITS, amount: number): this {
        this.usage[what] += amount;
        if (this.usage[what] > TRANSACTION_LIMITS[what]) {
            const names = { soqlQueries: 'SOQL queries', dmlStatements: 'DML statements', dmlRows: 'DML rows' };
            throw new LimitExceeded(`System.LimitException: Too many ${names[what]}: ${this.usage[what]}`);
        }
        return this;
    }

    /** Runs a statement body; an exception (a bug, an unmodelled case) rolls back to the snapshot and goes on up. */
    private guard(snapshot: ReturnType<InMemoryOrg['snapshot']>, body: () => DmlResult[]): DmlResult[] {
        try {
            return body();
        } catch (error) {
            this.restore(snapshot);
            throw error;
        }
    }

    private snapshot(): { store: Map<string, SRecord>; effects: number; autoNumbers: Map<string, number> } {
        return {
            store: new Map([...this.store].map(([k, v]) => [k, copyRecord(v)])),
            effects: this.effects.length,
            autoNumbers: new Map(this.autoNumbers)
        };
    }

    private restore(snapshot: { store: Map<string, SRecord>; effects: number; autoNumbers: Map<string, number> }): void {
        this.store = snapshot.store;
        this.effects = this.effects.slice(0, snapshot.effects);
        this.autoNumbers = snapshot.autoNumbers;
    }

    /** The save procedure for one batch of records of any objects (grouped by object, in order). */
    private save(event: 'create' | 'update', records: SRecord[], options: DmlOptions): DmlResult[] {
        const results: DmlResult[] = records.map(() => ({ success: false, id: null, errors: [] }));
        const groups = new Map<string, number[]>();
        records.forEach((record, index) => groups.set(record.sobjectType, [...(groups.get(record.sobjectType) ?? []), index]));
        for (const [objectName, indexes] of groups) {
            const object = this.schema.objects.get(objectName);
            if (!object || object.kind === 'customMetadata') {
                for (const i of indexes)
                    results[i] = {
                        success: false,
                        id: null,
                        errors: [
                            {
                                statusCode: 'INVALID_TYPE',
                                message: `Cannot ${event === 'create' ? 'create' : 'update'} ${objectName} records with DML`,
                                fields: []
                            }
                        ]
                    };
                continue;
            }
            this.saveObject(
                event,
                object,
                indexes.map((i) => records[i] as SRecord),
                options
            ).forEach((result, j) => (results[indexes[j] ?? 0] = result));
        }
        return results;
    }

    private saveObject(event: 'create' | 'update', object: ObjectDef, incoming: SRecord[], options: DmlOptions): DmlResult[] {
        const context = this.context(options);
        const errors: (DmlError[] | null)[] = incoming.map(() => null);
        const fail = (i: number, error: DmlError) => (errors[i] = [...(errors[i] ?? []), error]);
        const priors: (SRecord | null)[] = [];
        const working: SRecord[] = [];

        // 1–2. Load or initialise; system validation of what the caller wrote.
        incoming.forEach((record, i) => {
            const written = Object.keys(record.fields).filter((f) => f !== 'Id');
            let prior: SRecord | null = null;
            let target: SRecord;
            if (event === 'update') {
                const stored = typeof record.fields.Id === 'string' ? this.storedRecord(record.fields.Id) : undefined;
                if (!stored || stored.sobjectType !== object.name) {
                    fail(i, {
                        statusCode: looksLikeId(record.fields.Id) ? 'ENTITY_IS_DELETED' : 'MISSING_ARGUMENT',
                        message: looksLikeId(record.fields.Id) ? 'entity is deleted' : 'Id not specified in an update call',
                        fields: []
                    });
                    priors.push(null);
                    working.push(copyRecord(record));
                    return;
                }
                if (
                    stored.sobjectType === 'Lead' &&
                    stored.fields.IsConverted === true &&
                    !this.permissionsOf(context.userId).includes(EDIT_CONVERTED_LEADS)
                ) {
                    // A converted lead is read-only, for flows and Apex too (StatusCode CANNOT_UPDATE_CONVERTED_LEAD).
                    fail(i, { statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: [] });
                    priors.push(null);
                    working.push(copyRecord(record));
                    return;
                }
                prior = this.readable(stored);
                target = copyRecord(stored);
                Object.assign(target.fields, record.fields, { Id: stored.fields.Id });
            } else {
                target = { sobjectType: object.name, fields: this.defaults(object, context) };
                Object.assign(target.fields, record.fields);
                if (!isBlank(record.fields.Id))
                    fail(i, {
                        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                        message: 'cannot specify Id in an insert call',
                        fields: ['Id']
                    });
            }
            for (const name of written) {
                const field = object.fields.get(name);
                if (!field) {
                    fail(i, {
                        statusCode: 'INVALID_FIELD',
                        message: `No such column '${name}' on sobject of type ${object.name}`,
                        fields: [name]
                    });
                    continue;
                }
                if (
                    event === 'create'
                        ? !field.createable
                        : !field.updateable &&
                          !(prior && sameValue(prior.fields[name], record.fields[name])) &&
                          !(this.converting && object.name === 'Lead' && CONVERSION_FIELDS.has(name))
                ) {
                    fail(i, {
                        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                        message: `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                        fields: [name]
                    });
                    continue;
                }
                const problem = this.checkValue(field, target, name);
                if (problem) fail(i, problem);
            }
            priors.push(prior);
            working.push(target);
        });

        // 3. Before-save flows, on the records still valid.
        const batchIndexes = working.map((_, i) => i).filter((i) => !errors[i]);
        if (batchIndexes.length && this.automation) {
            const batch: SaveBatch = {
                object: object.name,
                event,
                records: batchIndexes.map((i) => working[i] as SRecord),
                priors: batchIndexes.map((i) => priors[i] ?? null),
                errors: batchIndexes.map(() => null)
            };
            this.inAutomation(() => this.automation?.beforeSave(batch, context));
            batch.errors.forEach((error, j) => error && fail(batchIndexes[j] ?? 0, error));
        }

        // 4. System validation again, derived fields, validation rules.
        working.forEach((record, i) => {
            if (errors[i]) return;
            this.derive(record);
            for (const field of object.fields.values()) {
                if (field.formula) continue;
                if (field.required && isBlank(record.fields[field.name]))
                    fail(i, {
                        statusCode: 'REQUIRED_FIELD_MISSING',
                        message: `Required fields are missing: [${field.name}]`,
                        fields: [field.name]
                    });
                if (record.fields[field.name] !== undefined && field.name !== 'Id') {
                    const problem = this.checkValue(field, record, field.name);
                    if (problem) fail(i, problem);
                }
            }
            const earlier = working.filter((other, j) => j < i && !errors[j]);
            for (const problem of this.objectRules(record, earlier)) fail(i, problem);
            for (const rule of object.validationRules) {
                if (!rule.active) continue;
                if (this.validationFails(rule, record, priors[i] ?? null, context.userId))
                    fail(i, {
                        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                        message: rule.message,
                        fields: rule.field ? [rule.field] : []
                    });
            }
        });

        // 5. Unique fields, then the save.
        for (const field of object.fields.values()) {
            if (!field.unique) continue;
            working.forEach((record, i) => {
                if (errors[i]) return;
                const value = record.fields[field.name];
                if (isBlank(value)) return;
                const same = (v: Scalar | undefined) =>
                    !isBlank(v) && (field.caseSensitive ? v === value : String(v).toLowerCase() === String(value).toLowerCase());
                const inStore = [...this.store.values()].find(
                    (r) => r.sobjectType === object.name && same(r.fields[field.name]) && !sameId(r.fields.Id, record.fields.Id)
                );
                const inBatch = working.findIndex((other, j) => j < i && !errors[j] && same(other.fields[field.name]));
                if (inStore || inBatch >= 0)
                    fail(i, {
                        statusCode: 'DUPLICATE_VALUE',
                        message: `duplicate value found: ${field.name} duplicates value on record with id: ${inStore ? String(inStore.fields.Id) : '(same batch)'}`,
                        fields: [field.name]
                    });
            });
        }
        const saved: number[] = [];
        working.forEach((record, i) => {
            if (errors[i]) return;
            const now = this.now.toISOString();
            if (event === 'create') {
                record.fields.Id = this.ids.next(object.name);
                record.fields.CreatedDate = now;
                record.fields.CreatedById = context.userId;
                if (object.autoNumberFormat) record.fields.Name = this.autoNumber(object);
            }
            record.fields.LastModifiedDate = now;
            record.fields.LastModifiedById = context.userId;
            record.fields.SystemModstamp = now;
            for (const [k, v] of Object.entries(record.fields)) record.fields[k] = normalise(v);
            this.store.set(String(record.fields.Id), copyRecord(record));
            if (event === 'create' && object.name === 'Campaign') this.addDefaultStatuses(String(record.fields.Id));
            saved.push(i);
        });

        // 6. After-save flows on the saved records.
        if (saved.length && this.automation) {
            const batch: SaveBatch = {
                object: object.name,
                event,
                records: saved.map((i) => this.readable(working[i] as SRecord)),
                priors: saved.map((i) => priors[i] ?? null),
                errors: saved.map(() => null)
            };
            this.inAutomation(() => this.automation?.afterSave(batch, context));
            batch.errors.forEach((error, j) => error && fail(saved[j] ?? 0, error));
        }
        return working.map((record, i) =>
            errors[i]
                ? { success: false, id: null, errors: errors[i] ?? [] }
                : { success: true, id: String(record.fields.Id), errors: [] }
        );
    }

    /**
     * A new campaign gets two member statuses, Sent (the default) and Responded (HasResponded): every campaign has a
     * default status and one that counts as responded from API 39.0 on (Object Reference, CampaignMemberStatus);
     * Sent and Responded are the values Salesforce creates (Salesforce Help, Campaign Member Statuses).
     */
    private addDefaultStatuses(campaignId: string): void {
        [
            { Label: 'Sent', IsDefault: true, HasResponded: false, SortOrder: 1 },
            { Label: 'Responded', IsDefault: false, HasResponded: true, SortOrder: 2 }
        ].forEach((status) => this.seed('CampaignMemberStatus', { CampaignId: campaignId, ...status }));
    }

    /** Field defaults of a new record (the running user owns it). */
    private defaults(object: ObjectDef, context: SaveContext): Record<string, Scalar> {
        const fields: Record<string, Scalar> = {};
        for (const field of object.fields.values()) {
            if (field.defaultValue === undefined || field.formula) continue;
            fields[field.name] =
                field.type === 'checkbox'
                    ? field.defaultValue === 'true'
                    : field.type === 'number'
                      ? Number(field.defaultValue)
                      : field.defaultValue.replace(/^"|"$/g, '');
        }
        // A checkbox is never null: standard ones (Lead.IsConverted, DoNotCall…) are "Defaulted on create" to false
        // (Object Reference), so a filter IsConverted = false finds a new lead.
        for (const field of object.fields.values())
            if (field.type === 'checkbox' && !field.formula && fields[field.name] === undefined) fields[field.name] = false;
        if (object.fields.has('OwnerId')) fields.OwnerId = context.userId;
        if (object.fields.get('Status')?.defaultValue) fields.Status = object.fields.get('Status')?.defaultValue ?? null;
        if (object.name === 'CampaignMember') fields.Status = null; // the campaign's default status, set in derive()
        if (object.name === 'Task') {
            fields.Status ??= 'Not Started';
            fields.Priority ??= 'Normal';
            fields.TaskSubtype ??= 'Task';
        }
        return fields;
    }

    private autoNumber(object: ObjectDef): string {
        const next = (this.autoNumbers.get(object.name) ?? 0) + 1;
        this.autoNumbers.set(object.name, next);
        return (object.autoNumberFormat ?? '{0}').replace(/\{(0+)\}/, (_, zeros: string) =>
            String(next).padStart(zeros.length, '0')
        );
    }

    /** Values the platform derives: Task.IsClosed from Status, the Name of people from their first and last names. */
    private derive(record: SRecord): void {
        if (record.sobjectType === 'Task' && record.fields.Status !== undefined)
            record.fields.IsClosed = record.fields.Status === 'Completed';
        if (record.sobjectType === 'CampaignMember' && typeof record.fields.CampaignId === 'string') {
            // A member saved without a status gets the campaign's default one; HasResponded follows the status.
            const statuses = this.campaignStatuses(record.fields.CampaignId);
            if (isBlank(record.fields.Status)) record.fields.Status = statuses.find((s) => s.fields.IsDefault === true)?.fields.Label ?? null;
            const status = statuses.find((s) => s.fields.Label === record.fields.Status);
            record.fields.HasResponded = status?.fields.HasResponded === true;
        }
        if (['Contact', 'Lead', 'User'].includes(record.sobjectType) && record.fields.LastName !== undefined) {
            record.fields.Name = [record.fields.FirstName, record.fields.LastName].filter((x) => !isBlank(x)).join(' ');
        }
    }

    /** System validation of one value: type, length, restricted picklist, lookup target. */
    private checkValue(field: FieldDef, record: SRecord, name: string): DmlError | null {
        const value = record.fields[name];
        if (isBlank(value)) return null;
        const bad = (statusCode: string, message: string): DmlError => ({ statusCode, message, fields: [name] });
        switch (field.type) {
            case 'number':
                if (typeof value !== 'number' || Number.isNaN(value)) {
                    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
                        record.fields[name] = Number(value);
                    else return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `${name}: value not of required type: ${String(value)}`);
                }
                return null;
            case 'checkbox':
                if (typeof value !== 'boolean') {
                    if (value === 'true' || value === 'false') record.fields[name] = value === 'true';
                    else return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `${name}: value not of required type: ${String(value)}`);
                }
                return null;
            case 'date':
                if (isDateTimeString(value)) record.fields[name] = String(value).slice(0, 10);
                else if (!isDateString(value))
                    return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `${name}: value not of required type: ${String(value)}`);
                return null;
            case 'datetime':
                if (isDateString(value)) record.fields[name] = `${String(value)}T00:00:00.000Z`;
                else if (!isDateTimeString(value))
                    return bad('INVALID_TYPE_ON_FIELD_IN_RECORD', `${name}: value not of required type: ${String(value)}`);
                else record.fields[name] = normaliseDateTime(String(value));
                return null;
            case 'reference': {
                if (!looksLikeId(value)) return bad('MALFORMED_ID', `${name}: id value of incorrect type: ${String(value)}`);
                const target = this.storedRecord(value);
                const allowed = field.referenceTo.length === 0 || (target && field.referenceTo.includes(target.sobjectType));
                if (!target || !allowed)
                    return bad('FIELD_INTEGRITY_EXCEPTION', `${name}: id value of incorrect type: ${String(value)}`);
                return null;
            }
            case 'picklist':
                if (field.restricted && field.values && !field.values.includes(String(value)))
                    return bad(
                        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                        `${name}: bad value for restricted picklist field: ${String(value)}`
                    );
                return checkLength(field, name, value ?? null);
            default:
                return checkLength(field, name, value ?? null);
        }
    }

    /** The member statuses of a campaign (CampaignMemberStatus), in SortOrder. */
    campaignStatuses(campaignId: string): SRecord[] {
        return [...this.store.values()]
            .filter((r) => r.sobjectType === 'CampaignMemberStatus' && sameId(String(r.fields.CampaignId), campaignId))
            .sort((a, b) => Number(a.fields.SortOrder ?? 0) - Number(b.fields.SortOrder ?? 0));
    }

    /**
     * Campaign rules (Object Reference, CampaignMember and CampaignMemberStatus): a member is a Contact or a Lead,
     * once per campaign ("Already a campaign member."); its Status is one of its campaign's CampaignMemberStatus labels;
     * a campaign's status labels and sort orders are unique.
     */
    private campaignRules(record: SRecord, earlier: SRecord[]): DmlError[] {
        const problems: DmlError[] = [];
        const campaignId = String(record.fields.CampaignId ?? '');
        const sameCampaign = (r: SRecord) => sameId(String(r.fields.CampaignId ?? ''), campaignId);
        const others = [...this.store.values(), ...earlier].filter(
            (r) => r.sobjectType === record.sobjectType && sameCampaign(r) && !sameId(String(r.fields.Id ?? ''), String(record.fields.Id ?? '-'))
        );
        if (record.sobjectType === 'CampaignMember') {
            const person = (r: SRecord) => String(r.fields.ContactId ?? r.fields.LeadId ?? '');
            if (isBlank(record.fields.ContactId) && isBlank(record.fields.LeadId))
                problems.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [ContactId, LeadId]', fields: ['ContactId'] });
            else if (others.some((r) => sameId(person(r), person(record))))
                problems.push({ statusCode: 'DUPLICATE_VALUE', message: 'Already a campaign member.', fields: [] });
            const labels = this.campaignStatuses(campaignId).map((s) => String(s.fields.Label));
            if (!isBlank(record.fields.Status) && !labels.includes(String(record.fields.Status)))
                problems.push({
                    statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    message: `Status: bad value for restricted picklist field: ${String(record.fields.Status)}`,
                    fields: ['Status']
                });
        }
        if (record.sobjectType === 'CampaignMemberStatus') {
            if (others.some((r) => String(r.fields.Label).toLowerCase() === String(record.fields.Label).toLowerCase()))
                problems.push({ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: Label ${String(record.fields.Label)}`, fields: ['Label'] });
            if (!isBlank(record.fields.SortOrder) && others.some((r) => Number(r.fields.SortOrder) === Number(record.fields.SortOrder)))
                problems.push({ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: SortOrder ${String(record.fields.SortOrder)}`, fields: ['SortOrder'] });
        }
        return problems;
    }

    /** Rules of standard objects the platform enforces whatever the schema says (Object Reference of Task, Campaign…). */
    private objectRules(record: SRecord, earlier: SRecord[] = []): DmlError[] {
        if (record.sobjectType === 'CampaignMember' || record.sobjectType === 'CampaignMemberStatus')
            return this.campaignRules(record, earlier);
        if (record.sobjectType !== 'Task') return [];
        const who = record.fields.WhoId;
        if (typeof who === 'string' && this.storedRecord(who)?.sobjectType === 'Lead' && !isBlank(record.fields.WhatId)) {
            return [
                {
                    statusCode: 'FIELD_INTEGRITY_EXCEPTION',
                    message:
                        'Only a contact can be related to an account, an opportunity or another record: a task about a lead has no Related To.',
                    fields: ['WhatId']
                }
            ];
        }
        return [];
    }

    /** Whether a validation rule's error condition is true for this record, evaluated for the running user. */
    private validationFails(rule: ValidationRule, record: SRecord, prior: SRecord | null, userId: string): boolean {
        let compiled = this.validationFormulas.get(rule);
        if (!compiled) {
            compiled = compilePlainFormula(rule.formula);
            this.validationFormulas.set(rule, compiled);
        }
        const result = evaluate(
            compiled,
            (reference) => this.resolveFormulaReference(reference, record, prior, userId),
            'Boolean'
        );
        if (result.error) throw new Error(`engine: validation rule ${rule.name} could not be evaluated: ${result.error}`);
        return result.value === true;
    }

    /** A reference of a plain formula (validation rule, formula field) on a record, for a user. */
    resolveFormulaReference(reference: Reference, record: SRecord, prior: SRecord | null, userId: string): TypedValue {
        const typed = (objectName: string, path: string, value: Scalar): TypedValue => {
            const field = this.typeAt(objectName, path).field;
            return { type: field?.type ?? 'text', value, ...(field?.values ? { values: field.values } : {}) };
        };
        switch (reference.kind) {
            case 'isNew':
                return { type: 'checkbox', value: prior === null };
            case 'now':
                return { type: 'datetime', value: this.now.toISOString() };
            case 'today':
                return { type: 'date', value: this.now.toISOString().slice(0, 10) };
            case 'changed': {
                const path = reference.path.replace(/^\$Record\./, '');
                return {
                    type: 'checkbox',
                    value: prior !== null && !sameValue(this.valueAt(record, path), this.valueAt(prior, path))
                };
            }
            case 'prior': {
                const path = reference.path.replace(/^\$Record\./, '');
                return typed(record.sobjectType, path, prior ? this.valueAt(prior, path) : null);
            }
            case 'value':
                break;
        }
        const path = reference.path;
        if (path.startsWith('$User.')) {
            const user = this.get(userId);
            return typed('User', path.slice(6), user ? this.valueAt(user, path.slice(6)) : null);
        }
        if (path.startsWith('$Organization.')) {
            const organization = this.get(this.organizationId());
            return typed('Organization', path.slice(14), organization ? this.valueAt(organization, path.slice(14)) : null);
        }
        if (path.startsWith('$Permission.'))
            return { type: 'checkbox', value: this.permissionsOf(userId).includes(path.slice(12)) };
        if (path.startsWith('$Setup.')) return this.setupValue(path, userId);
        if (path.startsWith('$Label.')) return { type: 'text', value: this.schema.labels.get(path.slice(7))?.value ?? null };
        if (path.startsWith('$')) throw new Error(`engine: global ${path} is not modelled in formulas`);
        // A formula field read by a validation rule or another formula is computed from the record being saved, as
        // the platform does (a rule sees the formula's value for the new field values, not a stored one).
        const formulaField = path.includes('.') ? undefined : this.schema.objects.get(record.sobjectType)?.fields.get(path);
        if (formulaField?.formula) return typed(record.sobjectType, path, this.formulaFieldValue(formulaField, record));
        return typed(record.sobjectType, path, this.valueAt(record, path));
    }

    /** A hierarchy custom setting value for a user: the user's own record, else the org default. */
    setupValue(path: string, userId: string): TypedValue {
        const [, setting, field] = path.split('.') as [string, string, string];
        const definition = this.schema.objects.get(setting)?.fields.get(field);
        const records = [...this.store.values()].filter((r) => r.sobjectType === setting);
        const own = records.find((r) => sameId(r.fields.SetupOwnerId, userId));
        const orgDefault = records.find(
            (r) => typeof r.fields.SetupOwnerId === 'string' && r.fields.SetupOwnerId.startsWith('00D')
        );
        const value = (own ?? orgDefault)?.fields[field];
        const type = definition?.type ?? 'text';
        return { type, value: value === undefined || value === null ? (type === 'checkbox' ? false : null) : value };
    }

    /** The organization's id (for $Organization and org-default custom settings). */
    organizationId(): string {
        return String([...this.store.values()].find((r) => r.sobjectType === 'Organization')?.fields.Id);
    }
}

function checkLength(field: FieldDef, name: string, value: Scalar): DmlError | null {
    if (field.length !== undefined && typeof value === 'string' && [...value].length > field.length) {
        return {
            statusCode: 'STRING_TOO_LONG',
            message: `${name}: data value too large: ${value.slice(0, 40)}... (max length=${field.length})`,
            fields: [name]
        };
    }
    return null;
}

const sameValue = (a: Scalar | undefined, b: Scalar | undefined): boolean =>
    (isBlank(a) && isBlank(b)) ||
    a === b ||
    (typeof a === 'string' && typeof b === 'string' && sameId(a, b) && a.length >= 15 && looksLikeId(a));

const STANDARD_INDEXED = new Set(['Id', 'Name', 'OwnerId', 'CreatedDate', 'SystemModstamp', 'RecordTypeId']);
const SELECTIVE_OPERATORS = new Set([
    'EqualTo',
    'In',
    'StartsWith',
    'GreaterThan',
    'GreaterThanOrEqualTo',
    'LessThan',
    'LessThanOrEqualTo'
]);

function compareForSort(a: Scalar, b: Scalar): number {
    if (isBlank(a) && isBlank(b)) return 0;
    if (isBlank(a)) return -1; // SOQL: nulls first in ascending order
    if (isBlank(b)) return 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** "and" / "or" / "1 AND (2 OR NOT 3)" → predicate over the filters' results (also used by the flow trust tests). */
export const compileLogic: (logic: string | undefined, count: number) => (truth: boolean[]) => boolean = compileFilterLogic;

export { DmlFailure };
