// The in-memory org behind the stand-in: Contact, Lead, Diamy_Call__c and Diamy_Integration_Log__c records with the
// stamps the platform keeps (SystemModstamp, LastModifiedById), the package's phone match keys (computed like the
// before-save flows do) and the Duplicate Rules the package's configuration sets up (email > phone key > name).
// It models what Diamy's server can observe through the API, nothing more: this proves the client and the
// contract, not Salesforce.
import { readdirSync } from 'node:fs';
import type { OrgKey } from './phoneKeys.ts';

export type SObjectName = 'Contact' | 'Lead' | 'Diamy_Call__c' | 'Diamy_Integration_Log__c';
export type FieldValue = string | number | boolean | null;
export type Fields = Record<string, FieldValue>;

export interface StoredRecord {
    Id: string;
    type: SObjectName;
    fields: Fields;
    SystemModstamp: number;
    LastModifiedById: string;
    CreatedById: string;
}

export interface DeletedRecord {
    id: string;
    deletedDate: number;
}

/** One error of a SaveResult/UpsertResult, as REST returns it (errorcodes.htm, resources_composite_sobjects_collections_upsert.htm). */
export interface ApiError {
    statusCode: string;
    message: string;
    fields: string[];
    duplicateResult?: DuplicateResult;
}

export interface MatchRecord {
    additionalInformation: unknown[];
    fieldDiffs: unknown[];
    matchConfidence: number;
    record: {
        attributes: { type: string; url: string };
        Id: string;
        [field: string]: FieldValue | { type: string; url: string };
    };
}

export interface MatchResult {
    entityType: string;
    errors: unknown[];
    matchEngine: 'ExactMatchEngine';
    matchRecords: MatchRecord[];
    rule: string;
    size: number;
    success: boolean;
}

export interface DuplicateResult {
    allowSave: boolean;
    duplicateRule: string;
    duplicateRuleEntityType: string;
    errorMessage: string;
    matchResults: MatchResult[];
}

export type RuleAction = 'alert' | 'block';

export interface SaveOutcome {
    ok: boolean;
    id: string | null;
    created: boolean;
    errors: ApiError[];
}

const PREFIX: Record<SObjectName, string> = {
    Contact: '003',
    Lead: '00Q',
    Diamy_Call__c: 'a0C',
    Diamy_Integration_Log__c: 'a0D'
};
export const EXTERNAL_ID: Record<SObjectName, string> = {
    Contact: 'Diamy_Contact_Id__c',
    Lead: 'Diamy_Contact_Id__c',
    Diamy_Call__c: 'Diamy_Call_Id__c',
    Diamy_Integration_Log__c: 'Idempotency_Key__c'
};
const UNIQUE_FIELDS: Record<SObjectName, readonly string[]> = {
    Contact: ['Diamy_Contact_Id__c'],
    Lead: ['Diamy_Contact_Id__c'],
    Diamy_Call__c: ['Diamy_Call_Id__c'],
    Diamy_Integration_Log__c: ['Idempotency_Key__c']
};
const REQUIRED: Record<SObjectName, readonly string[]> = {
    Contact: ['LastName'],
    Lead: ['LastName', 'Company'],
    Diamy_Call__c: [],
    Diamy_Integration_Log__c: []
};

/** Fields every record has (the platform's audit fields), readable by any user who can read the object. */
const SYSTEM_FIELDS = ['Id', 'SystemModstamp', 'LastModifiedById', 'LastModifiedDate', 'CreatedById', 'CreatedDate'];
/** The fields of the package's custom objects: those its metadata declares, plus Name and OwnerId. */
function packageFields(object: string): string[] {
    const folder = new URL(`../../force-app/main/default/objects/${object}/fields/`, import.meta.url);
    return [
        'Name',
        'OwnerId',
        ...readdirSync(folder)
            .filter((file) => file.endsWith('.field-meta.xml'))
            .map((file) => file.slice(0, -'.field-meta.xml'.length))
    ];
}
const PERSON_FIELDS = [
    'FirstName',
    'LastName',
    'Email',
    'Phone',
    'MobilePhone',
    'Title',
    'Diamy_Contact_Id__c',
    'Diamy_Phone_Key__c',
    'Diamy_Mobile_Key__c',
    // Read-only for the integration user (only the erasure flow writes it), but readable: the pull reads it.
    'Diamy_Erasure_Requested_At__c',
    'DoNotCall'
];
/**
 * What a query or a retrieve may name per object (anything else → INVALID_FIELD, as Salesforce answers): the fields
 * the client and the tests use on Contact and Lead, every field of the package's custom objects.
 */
export const READABLE_FIELDS: Record<SObjectName, ReadonlySet<string>> = {
    Contact: new Set([...SYSTEM_FIELDS, ...PERSON_FIELDS, 'AccountId']),
    Lead: new Set([...SYSTEM_FIELDS, ...PERSON_FIELDS, 'Company', 'IsConverted', 'ConvertedContactId']),
    Diamy_Call__c: new Set([...SYSTEM_FIELDS, ...packageFields('Diamy_Call__c')]),
    Diamy_Integration_Log__c: new Set([...SYSTEM_FIELDS, ...packageFields('Diamy_Integration_Log__c')])
};
/** The person's data on a call record, which the erasure flow clears (modelled on these three; the id, times and relations stay). */
const CALL_PERSONAL_FIELDS = ['Caller_Name__c', 'Notes__c', 'Recording_URL__c'];
/** Fields the API never lets a client write: the stamps and the flow-maintained keys. */
const READ_ONLY = new Set([
    'Id',
    'SystemModstamp',
    'LastModifiedById',
    'LastModifiedDate',
    'CreatedById',
    'Diamy_Phone_Key__c',
    'Diamy_Mobile_Key__c'
]);
/**
 * Fields only the package's flows write (read-only in every permission set, Diamy Integration included): the API
 * refuses them from anyone, the flow run by the person handling an erasure writes them (eraseAsFlow).
 */
const FLOW_ONLY = new Set(['Diamy_Erasure_Requested_At__c']);
/** A field name a client may send: standard or custom API names. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export interface OrgOptions {
    orgKey: OrgKey;
    defaultCountry?: string;
    now?: () => number;
    /** Action of the Contact and Lead duplicate rules: 'alert' (API saves refused unless allowSave=true) or 'block'. */
    ruleAction?: RuleAction;
}

export class InMemoryOrg {
    readonly records = new Map<string, StoredRecord>();
    readonly deleted = new Map<SObjectName, DeletedRecord[]>([
        ['Contact', []],
        ['Lead', []]
    ]);
    ruleAction: RuleAction;
    readonly defaultCountry: string;
    private sequence = 0;
    /** Index keys → record ids (external ids, e-mail, phone keys, name), so that 10,000 saves stay linear. */
    private readonly index = new Map<string, Set<string>>();
    private readonly orgKey: OrgKey;
    private readonly clock: () => number;

    constructor(options: OrgOptions) {
        this.orgKey = options.orgKey;
        this.defaultCountry = options.defaultCountry ?? 'FR';
        this.clock = options.now ?? Date.now;
        this.ruleAction = options.ruleAction ?? 'alert';
    }

    now(): number {
        return this.clock();
    }

    all(type: SObjectName): StoredRecord[] {
        return [...this.records.values()].filter((record) => record.type === type);
    }

    byExternalId(type: SObjectName, field: string, value: string): StoredRecord[] {
        return this.lookup(`x|${type}|${field}|${value}`);
    }

    /** Puts a record as it is (a test's way to build data the API would refuse, e.g. two holders of one value). */
    insertRaw(record: StoredRecord): void {
        this.records.set(record.Id, record);
        this.indexRecord(record, 1);
    }

    reindex(): void {
        this.index.clear();
        for (const record of this.records.values()) this.indexRecord(record, 1);
    }

    private lookup(key: string): StoredRecord[] {
        return [...(this.index.get(key) ?? [])].flatMap((id) => {
            const record = this.records.get(id);
            return record ? [record] : [];
        });
    }

    private keysOf(type: SObjectName, fields: Fields): string[] {
        const keys = Object.entries(fields)
            .filter(
                ([field, value]) =>
                    (field === 'Diamy_Contact_Id__c' || field === 'Idempotency_Key__c' || field === 'Diamy_Call_Id__c') &&
                    typeof value === 'string' &&
                    value !== ''
            )
            .map(([field, value]) => `x|${type}|${field}|${String(value)}`);
        const email = asText(fields.Email).toLowerCase();
        if (email) keys.push(`e|${type}|${email}`);
        const company = type === 'Contact' ? asText(fields.AccountId) : asText(fields.Company).toLowerCase();
        const last = asText(fields.LastName).toLowerCase();
        if (fields.Diamy_Mobile_Key__c) keys.push(`m|${type}|${asText(fields.Diamy_Mobile_Key__c)}`);
        if (fields.Diamy_Phone_Key__c && last) keys.push(`ph|${type}|${asText(fields.Diamy_Phone_Key__c)}|${last}`);
        if (last && company) keys.push(`n|${type}|${asText(fields.FirstName).toLowerCase()}|${last}|${company}`);
        return keys;
    }

    private indexRecord(record: StoredRecord, direction: 1 | -1): void {
        for (const key of this.keysOf(record.type, record.fields)) {
            let ids = this.index.get(key);
            if (direction === 1) {
                if (!ids) this.index.set(key, (ids = new Set()));
                ids.add(record.Id);
            } else ids?.delete(record.Id);
        }
    }

    /** A record saved by someone in the org (a person, Data Loader…): what the pull must see. */
    saveAsUser(type: SObjectName, fields: Fields, userId: string, id?: string): SaveOutcome {
        return this.save(type, fields, { userId, allowSave: true, id, runDuplicateRules: false });
    }

    /**
     * The action Erase Personal Data from Calls run by `userId` (flow Diamy_Erase_Person_Calls_Run): anonymises the
     * person's Diamy_Call__c records (Diamy_Call_Id__c, times and relations stay: the sync client finds them again by
     * relation), clears the person's integration-log entries (Update_Person_Logs), then stamps the person with the erasure time and Do Not Call. The person who ran it is the last
     * modifier, so the pull sees it.
     */
    eraseAsFlow(id: string, userId: string, at: number = this.now()): SaveOutcome {
        const record = this.records.get(id);
        if (!record || (record.type !== 'Contact' && record.type !== 'Lead'))
            return fail('ENTITY_IS_DELETED', 'entity is deleted', []);
        const relation = record.type === 'Contact' ? 'Contact__c' : 'Lead__c';
        const stamp = new Date(at).toISOString().replace('Z', '+0000');
        for (const call of this.all('Diamy_Call__c').filter((candidate) => candidate.fields[relation] === id)) {
            const cleared: Fields = Object.fromEntries(CALL_PERSONAL_FIELDS.map((field) => [field, null]));
            this.save(
                'Diamy_Call__c',
                { ...cleared, Anonymized_At__c: stamp },
                { userId, allowSave: true, id: call.Id, byFlow: true }
            );
        }
        // Update_Person_Logs: the log entries naming the person by record id (18 or 15 characters; a text filter, so
        // case-insensitive) and not cleared yet lose their message and payload and are stamped cleared.
        const personIds = new Set([id, id.slice(0, 15)].map((value) => value.toLowerCase()));
        for (const log of this.all('Diamy_Integration_Log__c')) {
            const related = log.fields.Related_Record_Id__c;
            if (typeof related !== 'string' || !personIds.has(related.toLowerCase())) continue;
            if (log.fields.Cleared_At__c !== null && log.fields.Cleared_At__c !== undefined) continue;
            this.save(
                'Diamy_Integration_Log__c',
                { Cleared_At__c: stamp, Message__c: null, Payload__c: null },
                { userId, allowSave: true, id: log.Id, byFlow: true }
            );
        }
        return this.save(
            record.type,
            { Diamy_Erasure_Requested_At__c: stamp, DoNotCall: true },
            { userId, allowSave: true, id, runDuplicateRules: false, byFlow: true }
        );
    }

    deleteAsUser(id: string): boolean {
        const record = this.records.get(id);
        if (!record) return false;
        this.indexRecord(record, -1);
        this.records.delete(id);
        this.deleted.get(record.type)?.push({ id, deletedDate: this.now() });
        return true;
    }

    /**
     * Saves one record the way the platform does for the API: field checks, before-save phone keys, validation
     * rules, unique fields, duplicate rules (unless allowSave bypasses an alert rule), then the stamps.
     */
    save(
        type: SObjectName,
        input: Fields,
        options: {
            userId: string;
            allowSave: boolean;
            id?: string;
            runDuplicateRules?: boolean;
            sameRequest?: ReadonlySet<string>;
            /** A package flow's own write: the only writer of FLOW_ONLY fields. */
            byFlow?: boolean;
        }
    ): SaveOutcome {
        const existing = options.id ? this.records.get(options.id) : undefined;
        if (options.id && (!existing || existing.type !== type)) {
            return fail('ENTITY_IS_DELETED', 'entity is deleted', []);
        }
        for (const field of Object.keys(input)) {
            if (!FIELD_NAME.test(field)) {
                return fail('INVALID_FIELD', `No such column '${field}' on sobject of type ${type}`, [field]);
            }
            if (READ_ONLY.has(field) || (FLOW_ONLY.has(field) && options.byFlow !== true)) {
                return fail(
                    'INVALID_FIELD_FOR_INSERT_UPDATE',
                    `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                    [field]
                );
            }
        }
        const merged: Fields = { ...(existing?.fields ?? {}), ...input };
        const missing = REQUIRED[type].filter(
            (field) => merged[field] === undefined || merged[field] === null || merged[field] === ''
        );
        if (missing.length > 0) {
            return fail('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
        }
        if (type === 'Contact' || type === 'Lead') {
            // Before-save flows Diamy_Contact_Phone_Keys / Diamy_Lead_Phone_Keys (docs/MATCHING.md).
            merged.Diamy_Phone_Key__c = this.orgKey(this.defaultCountry, asText(merged.Phone));
            merged.Diamy_Mobile_Key__c = this.orgKey(this.defaultCountry, asText(merged.MobilePhone));
            // A validation rule of the customer's org, so that FIELD_CUSTOM_VALIDATION_EXCEPTION has a cause.
            if (/[A-Za-z]/.test(asText(merged.Phone))) {
                return fail('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Phone must be a number (validation rule Phone_Is_A_Number).', [
                    'Phone'
                ]);
            }
        }
        for (const field of UNIQUE_FIELDS[type]) {
            const value = merged[field];
            if (typeof value === 'string' && value !== '') {
                const holder = this.lookup(`x|${type}|${field}|${value}`).find((record) => record.Id !== existing?.Id);
                if (holder) {
                    return fail(
                        'DUPLICATE_VALUE',
                        `duplicate value found: ${field} duplicates value on record with id: ${holder.Id}`,
                        [field]
                    );
                }
            }
        }
        if ((type === 'Contact' || type === 'Lead') && options.runDuplicateRules !== false) {
            const duplicates = this.duplicateResults(type, merged, existing?.Id, options.sameRequest ?? new Set());
            if (duplicates.length > 0 && (this.ruleAction === 'block' || !options.allowSave)) {
                return {
                    ok: false,
                    id: null,
                    created: false,
                    errors: duplicates.map((duplicateResult) => ({
                        statusCode: 'DUPLICATES_DETECTED',
                        message: duplicateResult.errorMessage,
                        fields: [],
                        duplicateResult
                    }))
                };
            }
        }
        const now = this.now();
        if (existing) {
            this.indexRecord(existing, -1);
            existing.fields = merged;
            this.indexRecord(existing, 1);
            existing.SystemModstamp = now;
            existing.LastModifiedById = options.userId;
            return { ok: true, id: existing.Id, created: false, errors: [] };
        }
        this.sequence += 1;
        const id = `${PREFIX[type]}${String(this.sequence).padStart(12, '0')}AAA`;
        const record: StoredRecord = {
            Id: id,
            type,
            fields: merged,
            SystemModstamp: now,
            LastModifiedById: options.userId,
            CreatedById: options.userId
        };
        this.records.set(id, record);
        this.indexRecord(record, 1);
        return { ok: true, id, created: true, errors: [] };
    }

    /**
     * The connection's duplicate rules for `type` (docs/SYNC.md, steps 6-7), in priority order, one DuplicateResult
     * per rule that matched: email (also across Contact ↔ Lead), phone (same mobile key, or same phone key and last
     * name), name (same first and last name and same account or company). `exclude`: records saved by the same
     * request, which Salesforce does not compare with each other.
     */
    duplicateResults(
        type: 'Contact' | 'Lead',
        candidate: Fields,
        selfId: string | undefined,
        exclude: ReadonlySet<string>
    ): DuplicateResult[] {
        const other: 'Contact' | 'Lead' = type === 'Contact' ? 'Lead' : 'Contact';
        const keep = (records: StoredRecord[]): StoredRecord[] =>
            records.filter((record) => record.Id !== selfId && !exclude.has(record.Id));
        const email = asText(candidate.Email).toLowerCase();
        const mobile = asText(candidate.Diamy_Mobile_Key__c);
        const phone = asText(candidate.Diamy_Phone_Key__c);
        const company = type === 'Contact' ? asText(candidate.AccountId) : asText(candidate.Company).toLowerCase();
        const last = asText(candidate.LastName).toLowerCase();
        const rules: { rule: string; found: StoredRecord[][] }[] = [
            {
                rule: `Diamy_${type}_Email`,
                found: email ? [keep(this.lookup(`e|${type}|${email}`)), keep(this.lookup(`e|${other}|${email}`))] : []
            },
            {
                rule: `Diamy_${type}_Phone`,
                found: [
                    keep([
                        ...new Set([
                            ...(mobile ? this.lookup(`m|${type}|${mobile}`) : []),
                            ...(phone && last ? this.lookup(`ph|${type}|${phone}|${last}`) : [])
                        ])
                    ])
                ]
            },
            {
                rule: `Diamy_${type}_Name`,
                found:
                    last && company
                        ? [keep(this.lookup(`n|${type}|${asText(candidate.FirstName).toLowerCase()}|${last}|${company}`))]
                        : []
            }
        ];
        const results: DuplicateResult[] = [];
        for (const { rule, found } of rules) {
            const matchResults = found.filter((records) => records.length > 0).map((records) => matchResult(rule, records));
            if (matchResults.length > 0) {
                results.push({
                    allowSave: this.ruleAction === 'alert',
                    duplicateRule: rule,
                    duplicateRuleEntityType: type,
                    errorMessage: 'Use one of these records?',
                    matchResults
                });
            }
        }
        return results;
    }
}

function matchResult(rule: string, records: StoredRecord[]): MatchResult {
    const entityType = records[0]?.type ?? 'Contact';
    return {
        entityType,
        errors: [],
        matchEngine: 'ExactMatchEngine',
        matchRecords: records.map((record) => ({
            additionalInformation: [],
            fieldDiffs: [],
            matchConfidence: 100,
            record: {
                attributes: { type: record.type, url: `/services/data/v66.0/sobjects/${record.type}/${record.Id}` },
                Id: record.Id,
                Diamy_Contact_Id__c: record.fields.Diamy_Contact_Id__c ?? null,
                Diamy_Phone_Key__c: record.fields.Diamy_Phone_Key__c ?? null,
                Diamy_Mobile_Key__c: record.fields.Diamy_Mobile_Key__c ?? null
            }
        })),
        rule: entityType === 'Contact' ? rule.replace('_Lead_', '_Contact_') : rule.replace('_Contact_', '_Lead_'),
        size: records.length,
        success: true
    };
}

export function asText(value: FieldValue | undefined): string {
    return value === null || value === undefined ? '' : String(value);
}

function fail(statusCode: string, message: string, fields: string[]): SaveOutcome {
    return { ok: false, id: null, created: false, errors: [{ statusCode, message, fields }] };
}
