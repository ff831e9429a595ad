// The schema the in-memory org enforces: the package's own objects, fields and validation rules read from the
// metadata files, and the standard objects and fields listed (with their sources) in
// scripts/lib/org-rules/standard-schema.mjs — the same contract the offline gate uses.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
    STANDARD_OBJECTS,
    CUSTOM_OBJECT_STANDARD_FIELDS,
    CUSTOM_METADATA_STANDARD_FIELDS,
    CUSTOM_SETTING_STANDARD_FIELDS
} from '../../scripts/lib/org-rules/standard-schema.mjs';
import type { StandardField } from '../../scripts/lib/org-rules/standard-schema.mjs';
import { textOf } from './values.ts';

export type FieldType =
    | 'id'
    | 'text'
    | 'textarea'
    | 'longtextarea'
    | 'number'
    | 'checkbox'
    | 'date'
    | 'datetime'
    | 'picklist'
    | 'multipicklist'
    | 'reference'
    | 'url'
    | 'phone'
    | 'email';

export interface FieldDef {
    name: string;
    type: FieldType;
    /** Maximum characters of a text value. */
    length?: number;
    /** Digits after the decimal point of a number. */
    scale?: number;
    required: boolean;
    unique: boolean;
    externalId: boolean;
    /** Case-sensitive uniqueness (caseSensitive on a unique text field). */
    caseSensitive: boolean;
    referenceTo: string[];
    /** Relationship name used to traverse the lookup (Contact__r, Owner). */
    relationshipName?: string;
    values?: string[];
    restricted: boolean;
    createable: boolean;
    updateable: boolean;
    defaultValue?: string;
    /** Formula of a formula field (plain Salesforce formula syntax) and its result type. */
    formula?: string;
}

export interface ValidationRule {
    name: string;
    active: boolean;
    formula: string;
    message: string;
    field?: string;
}

export interface ObjectDef {
    name: string;
    custom: boolean;
    kind: 'standard' | 'custom' | 'customMetadata' | 'customSetting';
    fields: Map<string, FieldDef>;
    validationRules: ValidationRule[];
    /** Sharing model of a custom object (Private, ReadWrite...). */
    sharingModel?: string;
    /** Display format of an auto-number Name field ('CALL-{0000000}'). */
    autoNumberFormat?: string;
}

export interface CustomMetadataRecord {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, string | number | boolean | null>;
}

export interface LabelDef {
    name: string;
    value: string;
    translations: Record<string, string>;
}

export interface ProjectSchema {
    objects: Map<string, ObjectDef>;
    customMetadata: CustomMetadataRecord[];
    notificationTypes: string[];
    labels: Map<string, LabelDef>;
    customPermissions: string[];
}

const ARRAYS = new Set(['fields', 'value', 'values', 'referenceTo', 'labels', 'customLabels', 'validationRules']);
const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name)
});

type Xml = Record<string, unknown>;
const text = (value: unknown): string =>
    typeof value === 'object' && value !== null ? textOf((value as Xml)['#text']) : textOf(value);
const list = (value: unknown): unknown[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

/** Metadata field type → engine type. */
function customFieldType(type: string, formulaType?: string): FieldType {
    switch (type) {
        case 'Text':
        case 'EncryptedText':
        case 'AutoNumber':
            return 'text';
        case 'TextArea':
            return 'textarea';
        case 'LongTextArea':
        case 'Html':
            return 'longtextarea';
        case 'Number':
        case 'Currency':
        case 'Percent':
            return 'number';
        case 'Checkbox':
            return 'checkbox';
        case 'Date':
            return 'date';
        case 'DateTime':
            return 'datetime';
        case 'Picklist':
            return 'picklist';
        case 'MultiselectPicklist':
            return 'multipicklist';
        case 'Lookup':
        case 'MasterDetail':
        case 'Hierarchy':
        case 'MetadataRelationship':
            return 'reference';
        case 'Url':
            return 'url';
        case 'Phone':
            return 'phone';
        case 'Email':
            return 'email';
        default:
            if (formulaType) return customFieldType(formulaType);
            throw new Error(`engine: no engine type for custom field type ${type}`);
    }
}

/** Standard-schema describe type → engine type. */
function standardFieldType(type: string): FieldType {
    switch (type) {
        case 'id':
            return 'id';
        case 'string':
        case 'combobox':
        case 'encryptedstring':
            return 'text';
        case 'textarea':
            return 'textarea';
        case 'int':
        case 'double':
        case 'currency':
        case 'percent':
            return 'number';
        case 'boolean':
            return 'checkbox';
        case 'date':
            return 'date';
        case 'datetime':
            return 'datetime';
        case 'picklist':
            return 'picklist';
        case 'multipicklist':
            return 'multipicklist';
        case 'reference':
        case 'reference-column':
            return 'reference';
        case 'url':
            return 'url';
        case 'phone':
            return 'phone';
        case 'email':
            return 'email';
        default:
            return 'text';
    }
}

function fromStandard(name: string, field: StandardField): FieldDef {
    const type = standardFieldType(field.type);
    return {
        name,
        type,
        ...(field.length !== undefined ? { length: field.length } : type === 'text' ? { length: 255 } : {}),
        required: Boolean(field.required),
        unique: false,
        externalId: false,
        caseSensitive: false,
        referenceTo: field.referenceTo ?? [],
        ...(field.relationshipName ? { relationshipName: field.relationshipName } : {}),
        ...(field.values ? { values: field.values } : {}),
        restricted: Boolean(field.restricted),
        createable: field.createable,
        updateable: field.updateable,
        ...(field.defaultValue !== undefined ? { defaultValue: field.defaultValue } : {})
    };
}

function standardFieldsOf(kind: ObjectDef['kind']): Map<string, FieldDef> {
    const source =
        kind === 'customMetadata'
            ? CUSTOM_METADATA_STANDARD_FIELDS
            : kind === 'customSetting'
              ? CUSTOM_SETTING_STANDARD_FIELDS
              : CUSTOM_OBJECT_STANDARD_FIELDS;
    const fields = new Map<string, FieldDef>();
    for (const [name, field] of Object.entries(source.fields)) {
        if (field.type === 'reference-column') continue;
        fields.set(name, fromStandard(name, field));
    }
    return fields;
}

function readXml(file: string): Xml {
    return parser.parse(readFileSync(file, 'utf8')) as Xml;
}

/** A custom field definition from its metadata. */
export function customFieldDef(doc: Xml): FieldDef {
    const type = text(doc.type);
    const formula = text(doc.formula);
    const values = list(
        (doc.valueSet as Xml | undefined)?.valueSetDefinition && ((doc.valueSet as Xml).valueSetDefinition as Xml).value
    ).map((v) => text((v as Xml).fullName));
    const restricted = text((doc.valueSet as Xml | undefined)?.restricted) === 'true';
    const name = text(doc.fullName);
    const def: FieldDef = {
        name,
        type: customFieldType(type),
        required: text(doc.required) === 'true' || type === 'MasterDetail',
        unique: text(doc.unique) === 'true',
        externalId: text(doc.externalId) === 'true',
        caseSensitive: text(doc.caseSensitive) === 'true',
        referenceTo: list(doc.referenceTo).map(text),
        restricted,
        createable: !formula && type !== 'AutoNumber',
        updateable: !formula && type !== 'AutoNumber'
    };
    if (doc.length !== undefined) def.length = Number(text(doc.length));
    else if (def.type === 'text') def.length = 255;
    else if (def.type === 'textarea') def.length = 255;
    else if (def.type === 'url') def.length = 255;
    else if (def.type === 'phone') def.length = 40;
    else if (def.type === 'email') def.length = 80;
    if (doc.scale !== undefined) def.scale = Number(text(doc.scale));
    if (values.length) def.values = values;
    if (def.type === 'reference') def.relationshipName = `${name.replace(/__c$/, '')}__r`;
    if (doc.defaultValue !== undefined) def.defaultValue = text(doc.defaultValue);
    if (formula) def.formula = formula;
    return def;
}

/** The schema of a project: every package directory and the connection template (for the agent-session flow). */
export function loadProjectSchema(metadataRoots: string[]): ProjectSchema {
    const objects = new Map<string, ObjectDef>();
    for (const [name, standard] of Object.entries(STANDARD_OBJECTS)) {
        const fields = new Map<string, FieldDef>();
        for (const [fieldName, field] of Object.entries(standard.fields)) fields.set(fieldName, fromStandard(fieldName, field));
        objects.set(name, { name, custom: false, kind: 'standard', fields, validationRules: [] });
    }
    const customMetadata: CustomMetadataRecord[] = [];
    const notificationTypes: string[] = [];
    const labels = new Map<string, LabelDef>();
    const customPermissions: string[] = [];

    for (const root of metadataRoots) {
        const base = existsSync(join(root, 'main', 'default')) ? join(root, 'main', 'default') : root;
        const objectsDir = join(base, 'objects');
        if (existsSync(objectsDir)) {
            for (const objectName of readdirSync(objectsDir)) {
                const dir = join(objectsDir, objectName);
                const definitionFile = join(dir, `${objectName}.object-meta.xml`);
                let object = objects.get(objectName);
                if (!object) {
                    const definition = existsSync(definitionFile) ? ((readXml(definitionFile).CustomObject ?? {}) as Xml) : {};
                    const kind: ObjectDef['kind'] = objectName.endsWith('__mdt')
                        ? 'customMetadata'
                        : text(definition.customSettingsType)
                          ? 'customSetting'
                          : objectName.endsWith('__c')
                            ? 'custom'
                            : 'standard';
                    object = {
                        name: objectName,
                        custom: kind !== 'standard',
                        kind,
                        fields: kind === 'standard' ? new Map<string, FieldDef>() : standardFieldsOf(kind),
                        validationRules: []
                    };
                    const sharingModel = text(definition.sharingModel);
                    if (sharingModel) object.sharingModel = sharingModel;
                    const nameField = definition.nameField as Xml | undefined;
                    if (nameField && text(nameField.type) === 'AutoNumber') {
                        object.autoNumberFormat = text(nameField.displayFormat);
                        const name = object.fields.get('Name');
                        if (name) object.fields.set('Name', { ...name, createable: false, updateable: false });
                    }
                    objects.set(objectName, object);
                }
                const fieldsDir = join(dir, 'fields');
                for (const file of existsSync(fieldsDir) ? readdirSync(fieldsDir) : []) {
                    const def = customFieldDef(readXml(join(fieldsDir, file)).CustomField as Xml);
                    // Activity fields are Task and Event fields.
                    const targets = objectName === 'Activity' ? ['Task', 'Event'] : [objectName];
                    for (const target of targets) (objects.get(target) ?? object).fields.set(def.name, def);
                }
                const rulesDir = join(dir, 'validationRules');
                for (const file of existsSync(rulesDir) ? readdirSync(rulesDir) : []) {
                    const doc = readXml(join(rulesDir, file)).ValidationRule as Xml;
                    const rule: ValidationRule = {
                        name: basename(file, '.validationRule-meta.xml'),
                        active: text(doc.active) === 'true',
                        formula: text(doc.errorConditionFormula),
                        message: text(doc.errorMessage)
                    };
                    const field = text(doc.errorDisplayField);
                    if (field) rule.field = field;
                    object.validationRules.push(rule);
                }
            }
        }
        const cmdtDir = join(base, 'customMetadata');
        for (const file of existsSync(cmdtDir) ? readdirSync(cmdtDir) : []) {
            const [type, developerName] = basename(file, '.md-meta.xml').split('.') as [string, string];
            const doc = readXml(join(cmdtDir, file)).CustomMetadata as Xml;
            const values: CustomMetadataRecord['values'] = {};
            for (const v of list(doc.values) as Xml[]) {
                const raw = (Array.isArray(v.value) ? v.value[0] : v.value) as unknown;
                const xsiType = typeof raw === 'object' && raw !== null ? text((raw as Xml)['@xsi:type']) : 'xsd:string';
                const nil = typeof raw === 'object' && raw !== null && text((raw as Xml)['@xsi:nil']) === 'true';
                const value = text(raw);
                values[text(v.field)] =
                    nil || raw === undefined
                        ? null
                        : xsiType === 'xsd:boolean'
                          ? value === 'true'
                          : xsiType === 'xsd:double' || xsiType === 'xsd:int'
                            ? Number(value)
                            : value;
            }
            customMetadata.push({ type: `${type}__mdt`, developerName, label: text(doc.label), values });
        }
        const notificationsDir = join(base, 'notificationtypes');
        for (const file of existsSync(notificationsDir) ? readdirSync(notificationsDir) : [])
            notificationTypes.push(basename(file, '.notiftype-meta.xml'));
        const permissionsDir = join(base, 'customPermissions');
        for (const file of existsSync(permissionsDir) ? readdirSync(permissionsDir) : [])
            customPermissions.push(basename(file, '.customPermission-meta.xml'));
        const labelsFile = join(base, 'labels', 'CustomLabels.labels-meta.xml');
        if (existsSync(labelsFile)) {
            for (const label of list((readXml(labelsFile).CustomLabels as Xml).labels) as Xml[])
                // <value> is parsed as a list (picklist values share the tag name): a label has exactly one.
                labels.set(text(label.fullName), {
                    name: text(label.fullName),
                    value: text(list(label.value)[0]),
                    translations: {}
                });
        }
        const translationsDir = join(base, 'translations');
        for (const file of existsSync(translationsDir) ? readdirSync(translationsDir) : []) {
            const language = basename(file, '.translation-meta.xml');
            for (const entry of list((readXml(join(translationsDir, file)).Translations as Xml).customLabels) as Xml[]) {
                const label = labels.get(text(entry.name));
                if (label) label.translations[language] = text(entry.label);
            }
        }
    }
    return { objects, customMetadata, notificationTypes, labels, customPermissions };
}
