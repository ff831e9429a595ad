// Offline evaluation of the formulas in the package's flows with formulon (a Salesforce formula engine in JS).
//
// Flows write merge fields ({!$Record.Outcome__c}, {!varRule.Due_In_Value__c}, {!$Label.X}, {!fxOther}); formulon
// knows plain identifiers only. toFormulon() rewrites every merge field into an identifier and the evaluator
// supplies each one as a typed literal: $Record.* typed from the Diamy_Call__c field metadata, rule fields from
// Diamy_Task_Rule__mdt, $Label.* from the Custom Labels (English, or the French translation), other formulas and
// text templates evaluated recursively. Entry conditions (start filterFormula) also use ISNEW() and
// ISCHANGED({!$Record.F}), which become the checkbox identifiers zIsNew and zChanged_F.
//
// Salesforce semantics kept: a blank text value is '' (formulon crashes on null text), blank numbers and dates are
// null. Results are plain JS values: string, number, boolean, Date (date and datetime), or null.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import { XMLParser } from 'fast-xml-parser';
import formulon from 'formulon';
import { ROOT, metadataDirectories, walk } from '../../scripts/lib/project.mjs';

const require = createRequire(import.meta.url);
const { readLabels } = require('../../scripts/lib/labels.cjs');

const ARRAY_TAGS = new Set(['formulas', 'textTemplates', 'variables', 'values', 'value', 'recordLookups', 'queriedFields', 'loops', 'decisions', 'rules', 'conditions', 'assignments', 'assignmentItems', 'recordCreates', 'recordUpdates', 'recordDeletes', 'inputAssignments', 'filters', 'actionCalls', 'inputParameters']);
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (name) => ARRAY_TAGS.has(name) });

const DEFAULT_DIR = join(ROOT, 'force-app', 'main', 'default');

/** Every flow of the package directories: { name, file, formulas: Map, textTemplates: Map, filterFormula, xml }. */
export function loadFlows(root = ROOT) {
    const flows = [];
    for (const dir of metadataDirectories(root)) {
        for (const file of walk(dir)) {
            if (!file.endsWith('.flow-meta.xml')) {
                continue;
            }
            const xml = readFileSync(file, 'utf8');
            const doc = parser.parse(xml).Flow;
            const formulas = new Map();
            for (const f of doc.formulas ?? []) {
                formulas.set(String(f.name).trim(), { dataType: String(f.dataType).trim(), expression: String(f.expression), scale: f.scale === undefined ? undefined : Number(f.scale) });
            }
            const textTemplates = new Map();
            for (const t of doc.textTemplates ?? []) {
                textTemplates.set(String(t.name).trim(), String(t.text));
            }
            const filterFormula = doc.start?.filterFormula === undefined ? null : String(doc.start.filterFormula);
            flows.push({ name: basename(file, '.flow-meta.xml'), file, doc, xml, formulas, textTemplates, filterFormula, object: doc.start?.object ?? null });
        }
    }
    return flows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Custom fields of Task and Event live in the Activity object folder. */
const FIELD_FOLDER = { Task: 'Activity', Event: 'Activity' };

/** Field metadata of an object folder: Map apiName → { type, values? (picklist API names) }. */
export function loadObjectFields(objectName, baseDir = DEFAULT_DIR) {
    const dir = join(baseDir, 'objects', FIELD_FOLDER[objectName] ?? objectName, 'fields');
    const fields = new Map();
    if (!existsSync(dir)) {
        return fields;
    }
    for (const entry of readdirSync(dir)) {
        const doc = parser.parse(readFileSync(join(dir, entry), 'utf8')).CustomField;
        const values = (doc.valueSet?.valueSetDefinition?.value ?? []).map((v) => String(v.fullName).trim());
        fields.set(String(doc.fullName).trim(), { type: String(doc.type).trim(), values, length: doc.length === undefined ? undefined : Number(doc.length) });
    }
    return fields;
}

/** Custom metadata records of a type: Map developerName → { label, values: {field: string|number|boolean|null} }. */
export function loadCustomMetadata(typeName, baseDir = DEFAULT_DIR) {
    const dir = join(baseDir, 'customMetadata');
    const records = new Map();
    const typeParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'values' });
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
        if (!entry.startsWith(`${typeName}.`)) {
            continue;
        }
        const developerName = entry.slice(typeName.length + 1, -'.md-meta.xml'.length);
        const doc = typeParser.parse(readFileSync(join(dir, entry), 'utf8')).CustomMetadata;
        const values = {};
        for (const v of doc.values ?? []) {
            const raw = v.value;
            if (raw === undefined || raw === '' || (typeof raw === 'object' && raw['@xsi:nil'] === 'true')) {
                values[v.field] = null;
                continue;
            }
            const type = typeof raw === 'object' ? raw['@xsi:type'] : 'xsd:string';
            const text = typeof raw === 'object' ? String(raw['#text'] ?? '') : String(raw);
            values[v.field] = type === 'xsd:boolean' ? text === 'true' : type === 'xsd:double' || type === 'xsd:int' ? Number(text) : text;
        }
        records.set(developerName, { label: String(doc.label), values });
    }
    return records;
}

const MERGE_FIELD = /\{!([^}]+)\}/g;

/** Identifier formulon sees for a merge-field reference. */
export function identifierFor(reference) {
    return `m_${reference.replace(/^\$/, 'G_').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The expression with merge fields, ISNEW() and ISCHANGED() rewritten for formulon, and the references it uses. */
export function toFormulon(expression) {
    const references = new Set();
    let out = expression.replace(/ISCHANGED\(\s*\{!\$Record\.([A-Za-z0-9_]+)\}\s*\)/g, (all, field) => {
        references.add(`ISCHANGED:${field}`);
        return `zChanged_${field}`;
    });
    out = out.replace(/ISNEW\(\s*\)/g, () => {
        references.add('ISNEW');
        return 'zIsNew';
    });
    out = out.replace(MERGE_FIELD, (all, reference) => {
        references.add(reference.trim());
        return identifierFor(reference.trim());
    });
    return { expression: out, references: [...references] };
}

const TEXT_TYPES = new Set(['Text', 'TextArea', 'LongTextArea', 'Phone', 'Email', 'Url', 'Lookup', 'MasterDetail', 'Html', 'EncryptedText']);

function literalFor(type, value, picklistValues) {
    switch (type) {
        case 'Checkbox':
        case 'Boolean':
            return { type: 'literal', dataType: 'checkbox', value: Boolean(value) };
        case 'Number':
        case 'Currency':
        case 'Percent':
        case 'Double':
            return { type: 'literal', dataType: 'number', value: value === null || value === undefined || value === '' ? null : Number(value), options: { length: 18, scale: 4 } };
        case 'DateTime':
            return { type: 'literal', dataType: 'datetime', value: value ? new Date(value) : null };
        case 'Date':
            return { type: 'literal', dataType: 'date', value: value ? new Date(`${(value instanceof Date ? value.toISOString() : String(value)).slice(0, 10)}T00:00:00Z`) : null };
        case 'Picklist':
            return { type: 'literal', dataType: 'picklist', value: value ?? '', options: { values: picklistValues ?? [] } };
        default:
            if (!TEXT_TYPES.has(type) && type !== 'String') {
                throw new Error(`no formulon type for field type ${type}`);
            }
            return { type: 'literal', dataType: 'text', value: value === null || value === undefined ? '' : String(value), options: { length: Math.max(String(value ?? '').length, 1) } };
    }
}

function fromLiteral(result, context) {
    if (!result || result.type !== 'literal') {
        throw new Error(`${context}: ${result?.message ?? JSON.stringify(result)}`);
    }
    if ((result.dataType === 'date' || result.dataType === 'datetime') && result.value !== null) {
        return new Date(result.value);
    }
    return result.value;
}

const STANDARD_RECORD_FIELDS = new Map([
    ['Id', { type: 'Text' }],
    ['CreatedById', { type: 'Text' }],
    ['CreatedDate', { type: 'DateTime' }],
    ['LastModifiedDate', { type: 'DateTime' }],
    ['OwnerId', { type: 'Text' }],
    ['Name', { type: 'Text' }]
]);

/** Standard fields of a triggering object beyond the common ones, typed for formulon (picklists read as text). */
const STANDARD_OBJECT_FIELDS = {
    Task: [
        ['IsClosed', { type: 'Checkbox' }],
        ['Status', { type: 'Text' }],
        ['Subject', { type: 'Text' }],
        ['ActivityDate', { type: 'Date' }]
    ]
};

/**
 * Evaluator for the formulas of one flow.
 * @param {object} flow from loadFlows()
 * @param {object} [options] { recordObject: 'Diamy_Call__c', variables: { varRule: 'Diamy_Task_Rule__mdt' } }
 */
export function createEvaluator(flow, options = {}) {
    const recordObject = options.recordObject ?? flow.object;
    // A flow without a triggering record (screen flow) has no $Record fields.
    const recordFields = recordObject ? new Map([...STANDARD_RECORD_FIELDS, ...(STANDARD_OBJECT_FIELDS[recordObject] ?? []), ...loadObjectFields(recordObject)]) : new Map();
    const sobjectVariables = new Map();
    for (const variable of flow.doc.variables ?? []) {
        if (String(variable.dataType).trim() === 'SObject') {
            const objectType = String(variable.objectType).trim();
            sobjectVariables.set(String(variable.name).trim(), new Map([...STANDARD_RECORD_FIELDS, ['DeveloperName', { type: 'Text' }], ['Description', { type: 'Text' }], ...loadObjectFields(objectType)]));
        }
    }
    const scalarVariables = new Map((flow.doc.variables ?? []).filter((v) => String(v.dataType).trim() !== 'SObject').map((v) => [String(v.name).trim(), String(v.dataType).trim()]));
    const { labels, translations } = readLabels(ROOT);
    const evaluated = new Set();

    function labelValue(name, language) {
        const label = labels.get(name);
        if (!label) {
            throw new Error(`${flow.name}: $Label.${name} is not a Custom Label`);
        }
        if (language === 'en') {
            return label.value;
        }
        const translated = translations.get(language)?.get(name);
        if (!translated) {
            throw new Error(`${flow.name}: $Label.${name} has no ${language} translation`);
        }
        return translated;
    }

    function fieldOf(fields, path, where) {
        // Parent traversals (Contact__r.Name, Lead__r.OwnerId) are ids or names: text.
        if (path.includes('.')) {
            const [relationship] = path.split('.');
            if (!fields.has(relationship.replace(/__r$/, '__c'))) {
                throw new Error(`${flow.name}: ${where}.${path}: no lookup ${relationship.replace(/__r$/, '__c')}`);
            }
            return { type: 'Text' };
        }
        const field = fields.get(path);
        if (!field) {
            throw new Error(`${flow.name}: ${where}.${path} is not a field`);
        }
        return field;
    }

    function resolve(reference, input, stack) {
        const language = input.language ?? 'en';
        if (reference === 'ISNEW') {
            return literalFor('Checkbox', input.isNew ?? true);
        }
        if (reference.startsWith('ISCHANGED:')) {
            const field = reference.slice('ISCHANGED:'.length);
            fieldOf(recordFields, field, '$Record');
            return literalFor('Checkbox', (input.changed ?? []).includes(field));
        }
        if (reference.startsWith('$Label.')) {
            return literalFor('Text', labelValue(reference.slice(7), language));
        }
        if (reference.startsWith('$Flow.')) {
            const name = reference.slice(6);
            const flowValues = { CurrentDateTime: input.now ?? new Date(), CurrentDate: input.today ?? input.now ?? new Date(), FaultMessage: input.faultMessage ?? '' };
            const type = { CurrentDateTime: 'DateTime', CurrentDate: 'Date', FaultMessage: 'Text' }[name];
            if (!type) {
                throw new Error(`${flow.name}: unsupported global ${reference}`);
            }
            return literalFor(type, flowValues[name]);
        }
        if (reference.startsWith('$Setup.')) {
            // Hierarchy custom settings: the value for the running user (input.setup = { Setting__c: { Field__c } }).
            const [setting, field, ...extra] = reference.slice(7).split('.');
            const meta = loadObjectFields(setting).get(field);
            if (!meta || extra.length > 0) {
                throw new Error(`${flow.name}: {!${reference}} is not a field of a custom setting of the package`);
            }
            return literalFor(meta.type, ((input.setup ?? {})[setting] ?? {})[field] ?? (meta.type === 'Checkbox' ? false : null), meta.values);
        }
        if (reference.startsWith('$Record.')) {
            const path = reference.slice(8);
            const field = fieldOf(recordFields, path, '$Record');
            return literalFor(field.type, (input.record ?? {})[path] ?? null, field.values);
        }
        const [head, ...rest] = reference.split('.');
        if (rest.length > 0 && sobjectVariables.has(head)) {
            const path = rest.join('.');
            const field = fieldOf(sobjectVariables.get(head), path, head);
            return literalFor(field.type, ((input.variables ?? {})[head] ?? {})[path] ?? null, field.values);
        }
        if (rest.length === 0 && flow.formulas.has(head)) {
            const formula = flow.formulas.get(head);
            const value = evaluateNamed(head, input, stack);
            const type = formula.dataType === 'String' ? 'Text' : formula.dataType;
            return literalFor(type, value instanceof Date ? value.toISOString() : value);
        }
        if (rest.length === 0 && flow.textTemplates.has(head)) {
            return literalFor('Text', renderTemplate(head, input, stack));
        }
        if (rest.length === 0 && scalarVariables.has(head)) {
            const type = scalarVariables.get(head);
            return literalFor(type === 'String' ? 'Text' : type, (input.variables ?? {})[head] ?? null);
        }
        throw new Error(`${flow.name}: unknown reference {!${reference}}`);
    }

    function evaluateExpression(expression, input, context, stack = []) {
        const { expression: rewritten, references } = toFormulon(expression);
        const variables = {};
        for (const reference of references) {
            const id = reference === 'ISNEW' ? 'zIsNew' : reference.startsWith('ISCHANGED:') ? `zChanged_${reference.slice(10)}` : identifierFor(reference);
            variables[id] = resolve(reference, input, stack);
        }
        return fromLiteral(formulon.parse(rewritten, variables), `${flow.name}.${context}`);
    }

    function evaluateNamed(name, input, stack = []) {
        if (stack.includes(name)) {
            throw new Error(`${flow.name}: formula cycle ${[...stack, name].join(' → ')}`);
        }
        const formula = flow.formulas.get(name);
        if (!formula) {
            throw new Error(`${flow.name}: no formula ${name}`);
        }
        return evaluateExpression(formula.expression, input, name, [...stack, name]);
    }

    function renderTemplate(name, input, stack = []) {
        const text = flow.textTemplates.get(name);
        return text.replace(MERGE_FIELD, (all, reference) => {
            const literal = resolve(reference.trim(), input, [...stack, name]);
            return literal.value === null || literal.value === undefined ? '' : String(literal.value);
        });
    }

    return {
        flow,
        /** Evaluates one formula (and records that a test looked at it). */
        formula(name, input = {}) {
            evaluated.add(name);
            return evaluateNamed(name, input);
        },
        /** Renders one text template. */
        template(name, input = {}) {
            evaluated.add(`template:${name}`);
            return renderTemplate(name, input);
        },
        /** Evaluates the start element's entry condition. */
        entryCondition(input = {}) {
            evaluated.add('start:filterFormula');
            return evaluateExpression(flow.filterFormula, input, 'start.filterFormula');
        },
        /** Everything a test must evaluate: every formula, text template and the entry condition. */
        expected() {
            return [...flow.formulas.keys(), ...[...flow.textTemplates.keys()].map((t) => `template:${t}`), ...(flow.filterFormula ? ['start:filterFormula'] : [])].sort();
        },
        evaluated() {
            return [...evaluated].sort();
        }
    };
}
