// The in-memory org behind the stand-in: Contact, Lead and Diamy_Integration_Log__c records with the stamps the
// platform keeps (SystemModstamp, LastModifiedById), the package's phone match keys (computed like the before-save
// flows do) and the Duplicate Rules the package's configuration sets up (email > phone key > name).
// It models what Diamy's server can observe through the API, nothing more: this proves the client and the
// contract, not Salesforce.
import type { OrgKey } from './phoneKeys.ts';

export type SObjectName = 'Contact' | 'Lead' | 'Diamy_Integration_Log__c';
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
    record: { attributes: { type: string; url: string }; Id: string; [field: string]: FieldValue | { type: string; url: string } };
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

const PREFIX: Record<SObjectName, string> = { Contact: '003', Lead: '00Q', Diamy_Integration_Log__c: 'a0D' };
export const EXTERNAL_ID: Record<SObjectName, string> = {
    Contact: 'Diamy_Contact_Id__c',
    Lead: 'Diamy_Contact_Id__c',
    Diamy_Integration_Log__c: 'Idempotency_Key__c'
};
const UNIQUE_FIELDS: Record<SObjectName, readonly string[]> = {
    Contact: ['Diamy_Contact_Id__c'],
    Lead: ['Diamy_Contact_Id__c'],
    Diamy_Integration_Log__c: ['Idempotency_Key__c']
};
const REQUIRED: Record<SObjectName, readonly string[]> = {
    Contact: ['LastName'],
    Lead: ['LastName', 'Company'],
    Diamy_Integration_Log__c: []
};
/** Fields the API never lets a client write: the stamps and the flow-maintained keys. */
const READ_ONLY = new Set(['Id', 'SystemModstamp', 'LastModifiedById', 'LastModifiedDate', 'CreatedById', 'Diamy_Phone_Key__c', 'Diamy_Mobile_Key__c']);
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
        return this.all(type).filter((record) => record.fields[field] === value);
    }

    /** A record saved by someone in the org (a person, Data Loader…): what the pull must see. */
    saveAsUser(type: SObjectName, fields: Fields, userId: string, id?: string): SaveOutcome {
        return this.save(type, fields, { userId, allowSave: true, id, runDuplicateRules: false });
    }

    deleteAsUser(id: string): boolean {
        const record = this.records.get(id);
        if (!record) return false;
        this.records.delete(id);
        this.deleted.get(record.type)?.push({ id, deletedDate: this.now() });
        return true;
    }

    /**
     * Saves one record the way the platform does for the API: field checks, before-save phone keys, validation
     * rules, unique fields, duplicate rules (unless allowSave bypasses an alert rule), then the stamps.
     */
    save(type: SObjectName, input: Fields, options: { userId: string; allowSave: boolean; id?: string; runDuplicateRules?: boolean }): SaveOutcome {
        const existing = options.id ? this.records.get(options.id) : undefined;
        if (options.id && (!existing || existing.type !== type)) {
            return fail('ENTITY_IS_DELETED', 'entity is deleted', []);
        }
        for (const field of Object.keys(input)) {
            if (!FIELD_NAME.test(field)) {
                return fail('INVALID_FIELD', `No such column '${field}' on sobject of type ${type}`, [field]);
            }
            if (READ_ONLY.has(field)) {
                return fail('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field]);
            }
        }
        const merged: Fields = { ...(existing?.fields ?? {}), ...input };
        const missing = REQUIRED[type].filter((field) => merged[field] === undefined || merged[field] === null || merged[field] === '');
        if (missing.length > 0) {
            return fail('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
        }
        if (type !== 'Diamy_Integration_Log__c') {
            // Before-save flows Diamy_Contact_Phone_Keys / Diamy_Lead_Phone_Keys (docs/MATCHING.md).
            merged.Diamy_Phone_Key__c = this.orgKey(this.defaultCountry, asText(merged.Phone));
            merged.Diamy_Mobile_Key__c = this.orgKey(this.defaultCountry, asText(merged.MobilePhone));
            // A validation rule of the customer's org, so that FIELD_CUSTOM_VALIDATION_EXCEPTION has a cause.
            if (/[A-Za-z]/.test(asText(merged.Phone))) {
                return fail('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Phone must be a number (validation rule Phone_Is_A_Number).', ['Phone']);
            }
        }
        for (const field of UNIQUE_FIELDS[type]) {
            const value = merged[field];
            if (typeof value === 'string' && value !== '') {
                const holder = this.all(type).find((record) => record.fields[field] === value && record.Id !== existing?.Id);
                if (holder) {
                    return fail('DUPLICATE_VALUE', `duplicate value found: ${field} duplicates value on record with id: ${holder.Id}`, [field]);
                }
            }
        }
        if (type !== 'Diamy_Integration_Log__c' && options.runDuplicateRules !== false) {
            const duplicates = this.duplicateResult(type, merged, existing?.Id);
            if (duplicates && (this.ruleAction === 'block' || !options.allowSave)) {
                return {
                    ok: false,
                    id: null,
                    created: false,
                    errors: [{ statusCode: 'DUPLICATES_DETECTED', message: duplicates.errorMessage, fields: [], duplicateResult: duplicates }]
                };
            }
        }
        const now = this.now();
        if (existing) {
            existing.fields = merged;
            existing.SystemModstamp = now;
            existing.LastModifiedById = options.userId;
            return { ok: true, id: existing.Id, created: false, errors: [] };
        }
        this.sequence += 1;
        const id = `${PREFIX[type]}${String(this.sequence).padStart(12, '0')}AAA`;
        this.records.set(id, { Id: id, type, fields: merged, SystemModstamp: now, LastModifiedById: options.userId, CreatedById: options.userId });
        return { ok: true, id, created: true, errors: [] };
    }

    /** The duplicate rule of `type`: its matching rules in priority order, the first ones that match. */
    duplicateResult(type: 'Contact' | 'Lead', candidate: Fields, selfId?: string): DuplicateResult | undefined {
        const others = this.all(type).filter((record) => record.Id !== selfId);
        const email = asText(candidate.Email).toLowerCase();
        const keys = [asText(candidate.Diamy_Phone_Key__c), asText(candidate.Diamy_Mobile_Key__c)].filter((key) => key !== '');
        const first = asText(candidate.FirstName).toLowerCase();
        const last = asText(candidate.LastName).toLowerCase();
        const company = type === 'Contact' ? asText(candidate.AccountId) : asText(candidate.Company).toLowerCase();
        const rules: { rule: string; matches: (record: StoredRecord) => boolean }[] = [
            { rule: `Diamy_${type}_Email`, matches: (record) => email !== '' && asText(record.fields.Email).toLowerCase() === email },
            {
                rule: `Diamy_${type}_Phone_Key`,
                matches: (record) => keys.some((key) => key === record.fields.Diamy_Phone_Key__c || key === record.fields.Diamy_Mobile_Key__c)
            },
            {
                rule: `Diamy_${type}_Name`,
                matches: (record) => {
                    const theirs = type === 'Contact' ? asText(record.fields.AccountId) : asText(record.fields.Company).toLowerCase();
                    return last !== '' && company !== '' && asText(record.fields.LastName).toLowerCase() === last && asText(record.fields.FirstName).toLowerCase() === first && theirs === company;
                }
            }
        ];
        const matchResults: MatchResult[] = [];
        for (const { rule, matches } of rules) {
            const found = others.filter(matches);
            if (found.length > 0) {
                matchResults.push({
                    entityType: type,
                    errors: [],
                    matchEngine: 'ExactMatchEngine',
                    matchRecords: found.map((record) => ({
                        additionalInformation: [],
                        fieldDiffs: [],
                        matchConfidence: 100,
                        record: {
                            attributes: { type, url: `/services/data/v66.0/sobjects/${type}/${record.Id}` },
                            Id: record.Id,
                            Diamy_Contact_Id__c: record.fields.Diamy_Contact_Id__c ?? null,
                            Diamy_Phone_Key__c: record.fields.Diamy_Phone_Key__c ?? null,
                            Diamy_Mobile_Key__c: record.fields.Diamy_Mobile_Key__c ?? null
                        }
                    })),
                    rule,
                    size: found.length,
                    success: true
                });
            }
        }
        if (matchResults.length === 0) return undefined;
        return {
            allowSave: this.ruleAction === 'alert',
            duplicateRule: `Diamy_${type}_Duplicates`,
            duplicateRuleEntityType: type,
            errorMessage: 'Use one of these records?',
            matchResults
        };
    }
}

export function asText(value: FieldValue | undefined): string {
    return value === null || value === undefined ? '' : String(value);
}

function fail(statusCode: string, message: string, fields: string[]): SaveOutcome {
    return { ok: false, id: null, created: false, errors: [{ statusCode, message, fields }] };
}
