// The flow XML the package ships, read into a typed model the interpreter runs. Only what the interpreter needs is
// kept; anything it does not model makes loadFlow() fail loudly rather than run a flow half-understood.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { compileFlowFormula } from './formula.ts';
import type { CompiledFormula } from './formula.ts';
import { textOf } from './values.ts';

type Xml = Record<string, unknown>;

const ARRAYS = new Set([
    'actionCalls',
    'assignments',
    'assignmentItems',
    'collectionProcessors',
    'conditions',
    'constants',
    'decisions',
    'filters',
    'formulas',
    'inputAssignments',
    'inputParameters',
    'loops',
    'outputAssignments',
    'outputParameters',
    'queriedFields',
    'recordCreates',
    'recordDeletes',
    'recordLookups',
    'recordUpdates',
    'rules',
    'scheduledPaths',
    'subflows',
    'textTemplates',
    'variables',
    'sortOptions',
    'screens',
    'customErrors',
    'waits',
    'transforms'
]);
const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ARRAYS.has(name)
});

const text = (value: unknown): string => textOf(value).trim();
const list = (value: unknown): Xml[] =>
    value === undefined || value === '' ? [] : ((Array.isArray(value) ? value : [value]) as Xml[]);
const bool = (value: unknown): boolean => text(value) === 'true';

/** Where a value comes from: a reference, or a literal. */
export type ValueSource =
    | { ref: string }
    | { literal: string | number | boolean | null; literalType: 'String' | 'Number' | 'Boolean' | 'Date' | 'DateTime' };

export function valueSource(value: unknown): ValueSource | null {
    const v = (Array.isArray(value) ? value[0] : value) as Xml | undefined;
    if (!v || typeof v !== 'object') return null;
    if (v.elementReference !== undefined) return { ref: text(v.elementReference) };
    if (v.stringValue !== undefined) return { literal: textOf(v.stringValue), literalType: 'String' };
    if (v.booleanValue !== undefined) return { literal: text(v.booleanValue) === 'true', literalType: 'Boolean' };
    if (v.numberValue !== undefined) return { literal: Number(text(v.numberValue)), literalType: 'Number' };
    if (v.dateValue !== undefined) return { literal: text(v.dateValue), literalType: 'Date' };
    if (v.dateTimeValue !== undefined) return { literal: new Date(text(v.dateTimeValue)).toISOString(), literalType: 'DateTime' };
    return null;
}

export interface Condition {
    left: string;
    operator: string;
    right: ValueSource | null;
}

export interface Filter {
    field: string;
    operator: string;
    value: ValueSource | null;
}

export interface VariableDef {
    name: string;
    dataType: string;
    objectType?: string;
    isCollection: boolean;
    isInput: boolean;
    isOutput: boolean;
    value: ValueSource | null;
}

export interface FormulaDef {
    name: string;
    dataType: string;
    compiled: CompiledFormula;
}

interface Base {
    name: string;
    label: string;
    connector?: string;
    fault?: string;
}

export interface Decision extends Base {
    kind: 'decision';
    rules: { name: string; logic: string; conditions: Condition[]; connector?: string }[];
    defaultConnector?: string;
}
export interface Assignment extends Base {
    kind: 'assignment';
    items: { to: string; operator: string; value: ValueSource | null }[];
}
export interface Loop extends Base {
    kind: 'loop';
    collection: string;
    order: 'Asc' | 'Desc';
    itemVariable: string;
    next?: string;
    done?: string;
}
export interface RecordLookup extends Base {
    kind: 'recordLookup';
    object: string;
    filters: Filter[];
    filterLogic?: string;
    sortField?: string;
    sortOrder?: 'Asc' | 'Desc';
    firstOnly: boolean;
    queriedFields: string[];
    storeAutomatically: boolean;
    outputReference?: string;
    outputAssignments: { field: string; to: string }[];
    assignNullIfNone: boolean;
    limit?: number;
}
export interface RecordCreate extends Base {
    kind: 'recordCreate';
    object?: string;
    inputReference?: string;
    assignments: { field: string; value: ValueSource | null }[];
    assignIdTo?: string;
    storeAutomatically: boolean;
}
export interface RecordUpdate extends Base {
    kind: 'recordUpdate';
    object?: string;
    inputReference?: string;
    filters: Filter[];
    filterLogic?: string;
    assignments: { field: string; value: ValueSource | null }[];
}
export interface RecordDelete extends Base {
    kind: 'recordDelete';
    object?: string;
    inputReference?: string;
    filters: Filter[];
    filterLogic?: string;
}
export interface ActionCall extends Base {
    kind: 'actionCall';
    actionType: string;
    actionName: string;
    inputs: { name: string; value: ValueSource | null }[];
    outputs: { name: string; to: string }[];
    storeAutomatically: boolean;
}
export interface Subflow extends Base {
    kind: 'subflow';
    flowName: string;
    inputs: { name: string; value: ValueSource | null }[];
    outputs: { name: string; to: string }[];
    storeAutomatically: boolean;
}
export interface CollectionProcessor extends Base {
    kind: 'collectionProcessor';
    processorType: string;
    collection: string;
    logic: string;
    conditions: Condition[];
    /** nullsFirst: doesPutEmptyStringAndNullFirst; otherwise blank values sort last, whatever the order. */
    sortOptions: { field: string; order: 'Asc' | 'Desc'; nullsFirst: boolean }[];
    limit?: number;
}

export type FlowElement =
    | Decision
    | Assignment
    | Loop
    | RecordLookup
    | RecordCreate
    | RecordUpdate
    | RecordDelete
    | ActionCall
    | Subflow
    | CollectionProcessor;

export interface ScheduledPath {
    name: string;
    label: string;
    connector?: string;
    /** AsyncAfterCommit, or a time offset from a field or the trigger time */
    pathType: string;
    offsetNumber?: number;
    offsetUnit?: string;
    recordField?: string;
    timeSource?: string;
}

export interface FlowModel {
    name: string;
    label: string;
    file: string;
    processType: string;
    status: string;
    object?: string;
    triggerType?: string;
    recordTriggerType?: string;
    triggerOrder?: number;
    startFilters: Filter[];
    startFilterLogic?: string;
    startFormula?: CompiledFormula;
    requireChangeToMeetCriteria: boolean;
    /** Schedule-triggered flow: the object and filters of the records it runs over. */
    schedule?: { frequency: string };
    start?: string;
    scheduledPaths: ScheduledPath[];
    elements: Map<string, FlowElement>;
    variables: Map<string, VariableDef>;
    formulas: Map<string, FormulaDef>;
    templates: Map<string, string>;
    constants: Map<string, ValueSource | null>;
    isAdditionalPermissionRequiredToRun: boolean;
}

const target = (connector: unknown): string | undefined =>
    connector ? text((connector as Xml).targetReference) || undefined : undefined;

function base(el: Xml): Base {
    const b: Base = { name: text(el.name), label: text(el.label) };
    const connector = target(el.connector);
    const fault = target(el.faultConnector);
    if (connector) b.connector = connector;
    if (fault) b.fault = fault;
    return b;
}

const conditionOf = (c: Xml): Condition => ({
    left: text(c.leftValueReference),
    operator: text(c.operator),
    right: valueSource(c.rightValue)
});
const filterOf = (f: Xml): Filter => ({ field: text(f.field), operator: text(f.operator), value: valueSource(f.value) });
const optional = <T extends object>(object: T, key: string, value: unknown): T =>
    value === undefined || value === '' ? object : Object.assign(object, { [key]: value });

/** Element kinds the engine does not run: reaching one in a flow is an error. */
const UNMODELLED = ['screens', 'waits', 'customErrors', 'transforms', 'apexPluginCalls', 'orchestratedStages', 'steps'];

export function parseFlow(xml: string, file: string): FlowModel {
    const doc = (parser.parse(xml) as Xml).Flow as Xml;
    for (const kind of UNMODELLED)
        if (list(doc[kind]).length) throw new Error(`engine: ${basename(file)} has ${kind}, which the engine does not model`);
    const start = (doc.start ?? {}) as Xml;
    const model: FlowModel = {
        name: basename(file).replace(/\.flow-meta\.xml$/, ''),
        label: text(doc.label),
        file,
        processType: text(doc.processType),
        status: text(doc.status),
        startFilters: list(start.filters).map(filterOf),
        requireChangeToMeetCriteria: bool(start.doesRequireRecordChangedToMeetCriteria),
        scheduledPaths: list(start.scheduledPaths).map((p) => {
            const path: ScheduledPath = { name: text(p.name), label: text(p.label), pathType: text(p.pathType) || 'Scheduled' };
            optional(path, 'connector', target(p.connector));
            optional(path, 'offsetNumber', p.offsetNumber === undefined ? undefined : Number(text(p.offsetNumber)));
            optional(path, 'offsetUnit', text(p.offsetUnit));
            optional(path, 'recordField', text(p.recordField));
            optional(path, 'timeSource', text(p.timeSource));
            return path;
        }),
        elements: new Map(),
        variables: new Map(),
        formulas: new Map(),
        templates: new Map(),
        constants: new Map(),
        isAdditionalPermissionRequiredToRun: bool(doc.isAdditionalPermissionRequiredToRun)
    };
    optional(model, 'object', text(start.object));
    optional(model, 'triggerType', text(start.triggerType));
    optional(model, 'recordTriggerType', text(start.recordTriggerType));
    optional(model, 'triggerOrder', doc.triggerOrder === undefined ? undefined : Number(text(doc.triggerOrder)));
    optional(model, 'startFilterLogic', text(start.filterLogic));
    optional(model, 'start', target(start.connector));
    if (text(start.filterFormula)) model.startFormula = compileFlowFormula(textOf(start.filterFormula));
    if (start.schedule) model.schedule = { frequency: text((start.schedule as Xml).frequency) };

    const add = (element: FlowElement) => {
        if (model.elements.has(element.name)) throw new Error(`engine: ${model.name} has two elements named ${element.name}`);
        model.elements.set(element.name, element);
    };
    for (const d of list(doc.decisions)) {
        const decision: Decision = {
            ...base(d),
            kind: 'decision',
            rules: list(d.rules).map((r) =>
                optional(
                    {
                        name: text(r.name),
                        logic: text(r.conditionLogic) || 'and',
                        conditions: list(r.conditions).map(conditionOf)
                    },
                    'connector',
                    target(r.connector)
                )
            )
        };
        optional(decision, 'defaultConnector', target(d.defaultConnector));
        add(decision);
    }
    for (const a of list(doc.assignments))
        add({
            ...base(a),
            kind: 'assignment',
            items: list(a.assignmentItems).map((i) => ({
                to: text(i.assignToReference),
                operator: text(i.operator),
                value: valueSource(i.value)
            }))
        });
    for (const l of list(doc.loops)) {
        const loop: Loop = {
            ...base(l),
            kind: 'loop',
            collection: text(l.collectionReference),
            order: text(l.iterationOrder) === 'Desc' ? 'Desc' : 'Asc',
            itemVariable: text(l.assignNextValueToReference)
        };
        optional(loop, 'next', target(l.nextValueConnector));
        optional(loop, 'done', target(l.noMoreValuesConnector));
        add(loop);
    }
    for (const r of list(doc.recordLookups)) {
        const lookup: RecordLookup = {
            ...base(r),
            kind: 'recordLookup',
            object: text(r.object),
            filters: list(r.filters).map(filterOf),
            firstOnly: bool(r.getFirstRecordOnly),
            queriedFields: list(r.queriedFields).map((f) => text(f)),
            storeAutomatically: bool(r.storeOutputAutomatically),
            outputAssignments: list(r.outputAssignments).map((o) => ({ field: text(o.field), to: text(o.assignToReference) })),
            assignNullIfNone: bool(r.assignNullValuesIfNoRecordsFound)
        };
        optional(lookup, 'filterLogic', text(r.filterLogic));
        optional(lookup, 'sortField', text(r.sortField));
        optional(lookup, 'sortOrder', text(r.sortOrder) === 'Desc' ? 'Desc' : text(r.sortOrder) === 'Asc' ? 'Asc' : undefined);
        optional(lookup, 'outputReference', text(r.outputReference));
        optional(lookup, 'limit', r.limit === undefined ? undefined : Number(text(r.limit)));
        add(lookup);
    }
    for (const c of list(doc.recordCreates)) {
        const create: RecordCreate = {
            ...base(c),
            kind: 'recordCreate',
            assignments: list(c.inputAssignments).map((a) => ({ field: text(a.field), value: valueSource(a.value) })),
            storeAutomatically: bool(c.storeOutputAutomatically)
        };
        optional(create, 'object', text(c.object));
        optional(create, 'inputReference', text(c.inputReference));
        optional(create, 'assignIdTo', text(c.assignRecordIdToReference));
        add(create);
    }
    for (const u of list(doc.recordUpdates)) {
        const update: RecordUpdate = {
            ...base(u),
            kind: 'recordUpdate',
            filters: list(u.filters).map(filterOf),
            assignments: list(u.inputAssignments).map((a) => ({ field: text(a.field), value: valueSource(a.value) }))
        };
        optional(update, 'object', text(u.object));
        optional(update, 'inputReference', text(u.inputReference));
        optional(update, 'filterLogic', text(u.filterLogic));
        add(update);
    }
    for (const d of list(doc.recordDeletes)) {
        const del: RecordDelete = { ...base(d), kind: 'recordDelete', filters: list(d.filters).map(filterOf) };
        optional(del, 'object', text(d.object));
        optional(del, 'inputReference', text(d.inputReference));
        optional(del, 'filterLogic', text(d.filterLogic));
        add(del);
    }
    for (const a of list(doc.actionCalls)) {
        add({
            ...base(a),
            kind: 'actionCall',
            actionType: text(a.actionType),
            actionName: text(a.actionName),
            inputs: list(a.inputParameters).map((p) => ({ name: text(p.name), value: valueSource(p.value) })),
            outputs: list(a.outputParameters).map((p) => ({ name: text(p.name), to: text(p.assignToReference) })),
            storeAutomatically: bool(a.storeOutputAutomatically)
        });
    }
    for (const s of list(doc.subflows)) {
        add({
            ...base(s),
            kind: 'subflow',
            flowName: text(s.flowName),
            inputs: list(s.inputAssignments).map((p) => ({ name: text(p.name), value: valueSource(p.value) })),
            outputs: list(s.outputAssignments).map((p) => ({ name: text(p.name), to: text(p.assignToReference) })),
            storeAutomatically: bool(s.storeOutputAutomatically)
        });
    }
    for (const p of list(doc.collectionProcessors)) {
        const processor: CollectionProcessor = {
            ...base(p),
            kind: 'collectionProcessor',
            processorType: text(p.collectionProcessorType),
            collection: text(p.collectionReference),
            logic: text(p.conditionLogic) || 'and',
            conditions: list(p.conditions).map(conditionOf),
            sortOptions: list(p.sortOptions).map((o) => ({
                field: text(o.sortField),
                order: text(o.sortOrder) === 'Desc' ? 'Desc' : 'Asc',
                nullsFirst: bool(o.doesPutEmptyStringAndNullFirst)
            }))
        };
        optional(processor, 'limit', p.limit === undefined ? undefined : Number(text(p.limit)));
        add(processor);
    }
    for (const v of list(doc.variables)) {
        const variable: VariableDef = {
            name: text(v.name),
            dataType: text(v.dataType),
            isCollection: bool(v.isCollection),
            isInput: bool(v.isInput),
            isOutput: bool(v.isOutput),
            value: valueSource(v.value)
        };
        optional(variable, 'objectType', text(v.objectType) || text(v.apexClass));
        model.variables.set(variable.name, variable);
    }
    for (const f of list(doc.formulas))
        model.formulas.set(text(f.name), {
            name: text(f.name),
            dataType: text(f.dataType),
            compiled: compileFlowFormula(textOf(f.expression))
        });
    for (const t of list(doc.textTemplates)) model.templates.set(text(t.name), textOf(t.text));
    for (const c of list(doc.constants)) model.constants.set(text(c.name), valueSource(c.value));
    // "Before-save flows support only the Assignment, Decision, Get Records and Loop elements" (Salesforce Help,
    // Considerations for record-triggered flows).
    if (model.triggerType === 'RecordBeforeSave') {
        const allowed = new Set(['assignment', 'decision', 'recordLookup', 'loop']);
        for (const element of model.elements.values())
            if (!allowed.has(element.kind))
                throw new Error(`engine: ${model.name} is a before-save flow but has ${element.kind} ${element.name}`);
    }
    return model;
}

export function loadFlow(file: string): FlowModel {
    return parseFlow(readFileSync(file, 'utf8'), file);
}
