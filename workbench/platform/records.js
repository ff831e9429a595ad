// getRecord for the workbench CRM (crm.js): the UI API record representation LDS hands a wire, built from plain
// records. No kinder than LDS:
// - a field of `fields` the object does not have → the wire gets an error (400, INVALID_FIELD), no data;
// - a field of `optionalFields` the object does not have → left out;
// - a field the object has but the record holds no value for → { value: null, displayValue: null };
// - a spanning field (Contact.Account.Phone) → the relationship as a nested record:
//   fields.Account = { displayValue: <the account's name>, value: { apiName: 'Account', id, fields: { Phone } } },
//   { value: null, displayValue: null } when the reference is empty;
// - displayValue as UI API gives it: the picklist label in the user's language, dates and amounts formatted for
//   the user's locale, the related record's name on a relationship; null for text, phone, ids, numbers, booleans;
// - fields of another object are ignored (one wire serves the records of several objects).
// Pure functions: the CRM is passed in (node tests use their own).
import { PICKLIST_FR } from './picklists.js';

const RECORD_TYPE = '012000000000000AAA';
const MODSTAMP = '2025-05-12T09:30:00.000Z';

const ref = (to, relationship) => ({ type: 'reference', to, relationship });
const OWNED = { OwnerId: ref('User', 'Owner'), CreatedDate: 'datetime', LastModifiedDate: 'datetime' };
const PHONE = 'phone';

/** The fields each object has (a subset of the standard object, plus the package's fields), with their types. */
export const SCHEMA = {
    Account: {
        prefix: '001',
        fields: { Id: 'id', Name: 'string', Phone: PHONE, Fax: PHONE, Type: 'picklist', Industry: 'picklist', Website: 'url', ParentId: ref('Account', 'Parent'), Diamy_Phone_Key__c: 'string', ...OWNED }
    },
    Contact: {
        prefix: '003',
        fields: {
            Id: 'id',
            Name: 'string',
            FirstName: 'string',
            LastName: 'string',
            Title: 'string',
            Email: 'email',
            AccountId: ref('Account', 'Account'),
            Phone: PHONE,
            MobilePhone: PHONE,
            HomePhone: PHONE,
            OtherPhone: PHONE,
            AssistantPhone: PHONE,
            AssistantName: 'string',
            Fax: PHONE,
            DoNotCall: 'boolean',
            Diamy_Phone_Key__c: 'string',
            Diamy_Mobile_Key__c: 'string',
            Diamy_Home_Phone_Key__c: 'string',
            Diamy_Other_Phone_Key__c: 'string',
            Diamy_Assistant_Phone_Key__c: 'string',
            ...OWNED
        }
    },
    Lead: {
        prefix: '00Q',
        fields: {
            Id: 'id',
            Name: 'string',
            FirstName: 'string',
            LastName: 'string',
            Title: 'string',
            Company: 'string',
            Email: 'email',
            Status: 'picklist',
            Phone: PHONE,
            MobilePhone: PHONE,
            Fax: PHONE,
            DoNotCall: 'boolean',
            IsConverted: 'boolean',
            ConvertedContactId: ref('Contact', 'ConvertedContact'),
            ConvertedAccountId: ref('Account', 'ConvertedAccount'),
            Diamy_Phone_Key__c: 'string',
            Diamy_Mobile_Key__c: 'string',
            ...OWNED
        }
    },
    Opportunity: {
        prefix: '006',
        fields: {
            Id: 'id',
            Name: 'string',
            AccountId: ref('Account', 'Account'),
            ContactId: ref('Contact', 'Contact'),
            StageName: 'picklist',
            CloseDate: 'date',
            Amount: 'currency',
            Probability: 'percent',
            IsClosed: 'boolean',
            IsWon: 'boolean',
            ...OWNED
        }
    },
    Case: {
        prefix: '500',
        fields: {
            Id: 'id',
            CaseNumber: 'string',
            Subject: 'string',
            Status: 'picklist',
            Priority: 'picklist',
            Origin: 'picklist',
            IsClosed: 'boolean',
            ContactId: ref('Contact', 'Contact'),
            AccountId: ref('Account', 'Account'),
            ContactPhone: PHONE,
            ContactMobile: PHONE,
            ContactEmail: 'email',
            SuppliedName: 'string',
            SuppliedPhone: PHONE,
            SuppliedEmail: 'email',
            ...OWNED
        }
    },
    User: { prefix: '005', fields: { Id: 'id', Name: 'string' } }
};


/** The UI API display value of a field (null where UI API gives none). */
export function displayValueOf(type, field, value, lang = 'en') {
    if (value === null || value === undefined) return null;
    const locale = lang === 'fr' ? 'fr-FR' : 'en-US';
    switch (type) {
        case 'picklist':
            return lang === 'fr' ? (PICKLIST_FR[field]?.[value] ?? value) : value;
        case 'date': {
            const [year, month, day] = String(value).split('-').map(Number);
            return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'short' }).format(Date.UTC(year, month - 1, day));
        }
        case 'datetime':
            return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(Date.parse(value));
        case 'currency':
            return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(value);
        default:
            return null;
    }
}

/** The object of a record id (by its key prefix), or undefined. */
export function objectOfId(recordId) {
    const prefix = String(recordId ?? '').slice(0, 3);
    return Object.keys(SCHEMA).find((name) => SCHEMA[name].prefix === prefix);
}

/** The plain record with this id in the CRM ({ accounts, contacts, leads, opportunities, cases, users }), or undefined. */
export function findRecord(crm, recordId) {
    const objectApiName = objectOfId(recordId);
    const lists = { Account: crm.accounts, Contact: crm.contacts, Lead: crm.leads, Opportunity: crm.opportunities, Case: crm.cases, User: crm.users };
    const short = String(recordId).slice(0, 15);
    const record = (lists[objectApiName] ?? []).find((r) => r.Id.slice(0, 15) === short);
    return record ? { objectApiName, record } : undefined;
}

/** Values a record does not store itself: first and last name from Name, the owner's id, the modstamps. */
function valueOf(crm, objectApiName, record, field) {
    if (field in record) return record[field];
    const [first, ...rest] = String(record.Name ?? '').split(' ');
    switch (field) {
        case 'FirstName':
            return objectApiName === 'Contact' || objectApiName === 'Lead' ? first : null;
        case 'LastName':
            return objectApiName === 'Contact' || objectApiName === 'Lead' ? rest.join(' ') : null;
        case 'OwnerId':
            return crm.users?.find((u) => u.Name === record.Owner?.Name)?.Id ?? null;
        case 'CreatedDate':
        case 'LastModifiedDate':
            return MODSTAMP;
        default:
            return null;
    }
}

function shell(objectApiName, id, fields) {
    return {
        apiName: objectApiName,
        childRelationships: {},
        eTag: `wb-${id}`,
        fields,
        id,
        lastModifiedById: null,
        lastModifiedDate: MODSTAMP,
        recordTypeId: RECORD_TYPE,
        recordTypeInfo: null,
        systemModstamp: MODSTAMP,
        weakEtag: 1
    };
}

class InvalidField extends Error {}

/**
 * Adds the field path `path` (e.g. ['Account', 'Phone']) of `record` to `fields` (the UI API fields object),
 * merging with what is there. Throws InvalidField when a segment does not exist on its object.
 */
function addPath(crm, objectApiName, record, path, fields, lang) {
    const [head, ...rest] = path;
    const schema = SCHEMA[objectApiName].fields;
    if (rest.length === 0) {
        const type = schema[head];
        if (!type) throw new InvalidField(`${objectApiName}.${head}`);
        const value = valueOf(crm, objectApiName, record, head);
        fields[head] = { displayValue: displayValueOf(typeof type === 'string' ? type : type.type, head, value, lang), value };
        return;
    }
    const reference = Object.entries(schema).find(([, type]) => typeof type === 'object' && type.relationship === head);
    if (!reference) throw new InvalidField(`${objectApiName}.${path.join('.')}`);
    const [idField, { to }] = reference;
    const relatedId = valueOf(crm, objectApiName, record, idField);
    const related = relatedId ? findRecord(crm, relatedId) : undefined;
    if (!related) {
        // Still checks the rest of the path exists on the related object (an invalid field is invalid either way).
        checkPath(to, rest, `${objectApiName}.${path.join('.')}`);
        fields[head] = { displayValue: null, value: null };
        return;
    }
    const existing = fields[head]?.value;
    const nested = existing ?? shell(to, related.record.Id, {});
    addPath(crm, to, related.record, rest, nested.fields, lang);
    fields[head] = { displayValue: related.record.Name ?? related.record.CaseNumber ?? null, value: nested };
}

function checkPath(objectApiName, path, whole) {
    const [head, ...rest] = path;
    const schema = SCHEMA[objectApiName]?.fields ?? {};
    if (rest.length === 0) {
        if (!schema[head]) throw new InvalidField(whole);
        return;
    }
    const reference = Object.values(schema).find((type) => typeof type === 'object' && type.relationship === head);
    if (!reference) throw new InvalidField(whole);
    checkPath(reference.to, rest, whole);
}

/** 'Contact.Account.Phone' or { objectApiName, fieldApiName } → { objectApiName, path: ['Account', 'Phone'] }. */
export function fieldPath(field) {
    const qualified = typeof field === 'string' ? field : `${field?.objectApiName}.${field?.fieldApiName}`;
    const [objectApiName, ...path] = String(qualified).split('.');
    return { objectApiName, path };
}

/**
 * What the getRecord wire gets for a CRM record: { data, error }. `config` = { recordId, fields, optionalFields };
 * undefined when the id is not a CRM record.
 */
export function recordFor(crm, config, lang = 'en') {
    const found = findRecord(crm, config.recordId);
    if (!found) return undefined;
    const { objectApiName, record } = found;
    const fields = {};
    const wanted = (list, optional) =>
        (Array.isArray(list) ? list : list ? [list] : [])
            .map(fieldPath)
            .filter((f) => f.objectApiName === objectApiName)
            .map((f) => ({ ...f, optional }));
    const invalid = [];
    for (const { path, optional } of [...wanted(config.fields, false), ...wanted(config.optionalFields, true)]) {
        try {
            addPath(crm, objectApiName, record, path, fields, lang);
        } catch (error) {
            if (!(error instanceof InvalidField)) throw error;
            if (!optional) invalid.push(error.message);
        }
    }
    if (invalid.length > 0) {
        return {
            data: undefined,
            error: {
                status: 400,
                statusText: 'Bad Request',
                ok: false,
                headers: {},
                body: invalid.map((name) => ({
                    errorCode: 'INVALID_FIELD',
                    message: `No such column '${name.split('.').pop()}' on entity '${objectApiName}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. (${name})`
                }))
            }
        };
    }
    return { data: shell(objectApiName, record.Id, fields), error: undefined };
}

/** The error LDS gives for a record id that does not exist. */
export function notFound() {
    return {
        data: undefined,
        error: {
            status: 404,
            statusText: 'Not Found',
            ok: false,
            headers: {},
            body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
        }
    };
}

/** lightning/uiRecordApi getFieldValue / getFieldDisplayValue: through spanning fields, undefined when absent. */
function walk(record, field, last) {
    const { path } = fieldPath(field);
    let current = record;
    for (let i = 0; i < path.length; i += 1) {
        if (!current || !current.fields) return undefined;
        const entry = current.fields[path[i]];
        if (entry === undefined) return undefined;
        if (i === path.length - 1) return last(entry);
        current = entry.value;
    }
    return current;
}
export const fieldValue = (record, field) => walk(record, field, (entry) => entry.value);
export const fieldDisplayValue = (record, field) => walk(record, field, (entry) => entry.displayValue);
