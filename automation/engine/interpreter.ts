// Flow interviews and the bulk runner. Interviews of one flow started by one batch of records run in lockstep
// ("Flow Bulkification in Transactions"): each runs until it reaches an element that reads or writes the database
// or calls an action, then the interviews waiting at the same element execute it together — one query, one DML
// statement for all of them — and go on. That is why two interviews of one batch can both find nothing and both
// create a record: they query before either creates.
import type {
    FlowModel,
    FlowElement,
    ValueSource,
    Condition,
    Filter,
    RecordLookup,
    RecordCreate,
    RecordUpdate,
    RecordDelete,
    ActionCall,
    Subflow,
    CollectionProcessor
} from './flow-model.ts';
import type { FlowValue, Scalar, SRecord } from './values.ts';
import { copyRecord, isBlank, isRecord, isRecordList, sameId, textOf, toDateString } from './values.ts';
import { evaluate } from './formula.ts';
import type { Reference, TypedValue, FormulaType } from './formula.ts';
import type { InMemoryOrg, QueryFilter, DmlResult } from './org.ts';
import { compileLogic } from './org.ts';

/** A failure inside an element: the interview takes the element's fault connector, or fails. */
export class FlowFault extends Error {}

/** What an interview needs from the runtime around it. */
export interface InterviewHost {
    org: InMemoryOrg;
    flow(name: string): FlowModel | undefined;
    /** Runs an invocable action (custom notification, External Service): returns its outputs or throws FlowFault. */
    invokeAction(call: ActionCall, inputs: Record<string, FlowValue>, interview: Interview): Record<string, FlowValue>;
    /** allOrNone of the DML statements flows issue. */
    flowDmlAllOrNone: boolean;
}

export interface InterviewStart {
    record?: SRecord | null;
    prior?: SRecord | null;
    inputs?: Record<string, FlowValue>;
    userId: string;
    /** The path to start at (an asynchronous or scheduled path's connector); default the start connector. */
    startAt?: string;
}

const BULK = new Set(['recordLookup', 'recordCreate', 'recordUpdate', 'recordDelete', 'actionCall', 'subflow']);
const MAX_STEPS = 100_000;

export class Interview {
    readonly flow: FlowModel;
    readonly host: InterviewHost;
    readonly userId: string;
    record: SRecord | null;
    readonly prior: SRecord | null;
    readonly vars = new Map<string, FlowValue>();
    readonly visited: string[] = [];
    readonly faulted = new Set<string>();
    /** Records of a Get Records with explicit fields: reading another field is an error, as in Salesforce. */
    private readonly partial = new WeakMap<SRecord, Set<string>>();
    private readonly loops = new Map<string, { items: FlowValue[]; index: number }>();
    faultMessage = '';
    at: string | null;
    status: 'running' | 'waiting' | 'finished' | 'failed' = 'running';
    error: string | null = null;
    private steps = 0;

    constructor(flow: FlowModel, host: InterviewHost, start: InterviewStart) {
        this.flow = flow;
        this.host = host;
        this.userId = start.userId;
        this.record = start.record ?? null;
        this.prior = start.prior ?? null;
        for (const variable of flow.variables.values()) {
            const initial = variable.value ? this.source(variable.value) : variable.isCollection ? [] : null;
            this.vars.set(variable.name, initial);
        }
        for (const [name, value] of Object.entries(start.inputs ?? {})) {
            const variable = flow.variables.get(name);
            if (!variable?.isInput) throw new Error(`engine: ${flow.name} has no input variable ${name}`);
            this.vars.set(name, value);
        }
        this.at = start.startAt ?? flow.start ?? null;
        if (!this.at) this.status = 'finished';
    }

    /** Outputs (isOutput variables) of a finished interview. */
    outputs(): Record<string, FlowValue> {
        const out: Record<string, FlowValue> = {};
        for (const variable of this.flow.variables.values())
            if (variable.isOutput) out[variable.name] = this.vars.get(variable.name) ?? null;
        return out;
    }

    // ------------------------------------------------------------------ values

    /** The value of a literal or a reference. */
    source(source: ValueSource | null): FlowValue {
        if (!source) return null;
        if ('ref' in source) return this.get(source.ref);
        return source.literal;
    }

    /** The value a reference names: a variable, element output, formula, template, constant or global (with a path). */
    get(reference: string): FlowValue {
        const [head = '', ...rest] = reference.split('.');
        const path = rest.join('.');
        const org = this.host.org;
        switch (head) {
            case '$Record':
                if (!this.record) throw new FlowFault(`${reference}: this flow has no triggering record`);
                return path ? this.read(this.record, path) : this.record;
            case '$Record__Prior':
                if (!this.prior) return null;
                return path ? this.read(this.prior, path) : this.prior;
            case '$User': {
                const user = org.get(this.userId);
                return user && path ? org.valueAt(user, path) : null;
            }
            case '$Organization': {
                const organization = org.get(org.organizationId());
                return organization && path ? org.valueAt(organization, path) : null;
            }
            case '$Label':
                return this.label(path);
            case '$Setup':
                return org.setupValue(reference, this.userId).value;
            case '$Permission':
                return org.permissionsOf(this.userId).includes(path);
            case '$Flow':
                return this.flowGlobal(path);
            default:
                break;
        }
        if (this.flow.formulas.has(head) && !path) return this.formula(head);
        if (this.flow.templates.has(head) && !path) return this.template(head);
        if (this.flow.constants.has(head) && !path) return this.source(this.flow.constants.get(head) ?? null);
        if (!this.vars.has(head) && !this.flow.variables.has(head) && !this.flow.elements.has(head))
            throw new FlowFault(`${reference}: ${head} is not a resource of ${this.flow.name}`);
        const value = this.vars.get(head) ?? null;
        if (!path) return value;
        if (value === null) return null;
        if (!isRecord(value)) throw new FlowFault(`${reference}: ${head} is not a record`);
        return this.read(value, path);
    }

    /** A field (or a path through lookups) of a record, refusing fields a Get Records did not query. */
    private read(record: SRecord, path: string): Scalar {
        const [field = ''] = path.split('.');
        const queried = this.partial.get(record);
        if (queried && !queried.has(field)) {
            throw new FlowFault(
                `SObject row was retrieved via SOQL without querying the requested field: ${record.sobjectType}.${field}`
            );
        }
        return this.host.org.valueAt(record, path);
    }

    label(name: string): string {
        const label = this.host.org.schema.labels.get(name);
        if (!label) throw new FlowFault(`$Label.${name} does not exist`);
        const user = this.host.org.get(this.userId);
        const language = String(user?.fields.LanguageLocaleKey ?? 'en_US');
        const short = language.split('_')[0] ?? 'en';
        return label.translations[language] ?? label.translations[short] ?? label.value;
    }

    private flowGlobal(name: string): FlowValue {
        switch (name) {
            case 'CurrentDateTime':
            case 'InterviewStartTime':
                return this.host.org.now.toISOString();
            case 'CurrentDate':
                return toDateString(this.host.org.now);
            case 'FaultMessage':
                return this.faultMessage;
            case 'InterviewGuid':
                return `interview-${this.flow.name}`;
            default:
                throw new FlowFault(`$Flow.${name} is not modelled`);
        }
    }

    /** The type of what a reference names, for formulas. */
    typeOf(reference: string): TypedValue['type'] {
        const [head = '', ...rest] = reference.split('.');
        const path = rest.join('.');
        const org = this.host.org;
        const fieldType = (object: string | undefined, p: string): FormulaType =>
            object ? (org.typeAt(object, p).field?.type ?? 'text') : 'text';
        switch (head) {
            case '$Record':
            case '$Record__Prior':
                return fieldType(this.flow.object ?? this.record?.sobjectType, path);
            case '$User':
                return fieldType('User', path);
            case '$Organization':
                return fieldType('Organization', path);
            case '$Setup':
                return org.setupValue(reference, this.userId).type;
            case '$Permission':
                return 'checkbox';
            case '$Label':
                return 'text';
            case '$Flow':
                return path === 'CurrentDate'
                    ? 'date'
                    : path === 'CurrentDateTime' || path === 'InterviewStartTime'
                      ? 'datetime'
                      : 'text';
            default:
                break;
        }
        const formula = this.flow.formulas.get(head);
        if (formula) return dataTypeToFormula(formula.dataType);
        const variable = this.flow.variables.get(head);
        if (variable)
            return variable.dataType === 'SObject' ? fieldType(variable.objectType, path) : dataTypeToFormula(variable.dataType);
        const element = this.flow.elements.get(head);
        if (element?.kind === 'recordLookup') return path ? fieldType(element.object, path) : 'text';
        const value = this.vars.get(head);
        if (isRecord(value)) return fieldType(value.sobjectType, path);
        return 'text';
    }

    formula(name: string): Scalar {
        const formula = this.flow.formulas.get(name);
        if (!formula) throw new FlowFault(`no formula ${name}`);
        const result = evaluate(formula.compiled, (reference) => this.resolveForFormula(reference), formula.dataType);
        return result.value;
    }

    private resolveForFormula(reference: Reference): TypedValue {
        const org = this.host.org;
        switch (reference.kind) {
            case 'isNew':
                return { type: 'checkbox', value: this.prior === null };
            case 'now':
                return { type: 'datetime', value: org.now.toISOString() };
            case 'today':
                return { type: 'date', value: toDateString(org.now) };
            case 'changed': {
                const path = reference.path.replace(/^\$Record\./, '');
                if (!this.record) throw new FlowFault('ISCHANGED needs a triggering record');
                return {
                    type: 'checkbox',
                    value: this.prior !== null && !sameScalar(org.valueAt(this.record, path), org.valueAt(this.prior, path))
                };
            }
            case 'prior': {
                const path = reference.path.replace(/^\$Record\./, '');
                return { type: this.typeOf(`$Record.${path}`), value: this.prior ? org.valueAt(this.prior, path) : null };
            }
            case 'value': {
                const value = this.get(reference.path);
                const type = this.typeOf(reference.path);
                const field = reference.path.startsWith('$Record.')
                    ? org.typeAt(this.flow.object ?? '', reference.path.slice(8)).field
                    : undefined;
                if (Array.isArray(value) || isRecord(value))
                    throw new FlowFault(
                        `{!${reference.path}} is a ${Array.isArray(value) ? 'collection' : 'record'}, not a value a formula can use`
                    );
                return { type, value, ...(field?.values ? { values: field.values } : {}) };
            }
        }
    }

    template(name: string): string {
        const text = this.flow.templates.get(name) ?? '';
        return text.replace(/\{!([^}]+)\}/g, (_, ref: string) => {
            const value = this.get(ref.trim());
            return value === null || value === undefined ? '' : Array.isArray(value) || isRecord(value) ? '' : String(value);
        });
    }

    /** Assigns to a variable, a field of a record variable, or a field of $Record. */
    set(reference: string, value: FlowValue): void {
        const [head = '', ...rest] = reference.split('.');
        const path = rest.join('.');
        if (head === '$Record') {
            if (!this.record || !path || path.includes('.')) throw new FlowFault(`cannot assign to ${reference}`);
            this.record.fields[path] = value as Scalar;
            return;
        }
        if (!path) {
            this.vars.set(head, value);
            return;
        }
        let record = this.vars.get(head);
        if (record === null || record === undefined) {
            const variable = this.flow.variables.get(head);
            // Record variables, and Apex-defined variables (External Service types), which hold fields the same way.
            if ((variable?.dataType !== 'SObject' && variable?.dataType !== 'Apex') || !variable.objectType)
                throw new FlowFault(`cannot assign ${reference}: ${head} is not a record variable`);
            record = { sobjectType: variable.objectType, fields: {} };
            this.vars.set(head, record);
        }
        if (!isRecord(record) || path.includes('.')) throw new FlowFault(`cannot assign ${reference}`);
        record.fields[path] = value as Scalar;
    }

    // ------------------------------------------------------------------ running

    /** Runs elements until the next bulk element, the end or a failure. */
    advance(): void {
        while (this.status === 'running') {
            if (!this.at) {
                this.status = 'finished';
                return;
            }
            const element = this.flow.elements.get(this.at);
            if (!element) {
                this.fail(`${this.flow.name}: connector to ${this.at}, which does not exist`);
                return;
            }
            if (BULK.has(element.kind)) {
                this.status = 'waiting';
                return;
            }
            if (++this.steps > MAX_STEPS) {
                this.fail(`${this.flow.name}: more than ${MAX_STEPS} elements run: an endless loop`);
                return;
            }
            this.visited.push(element.name);
            try {
                this.at = this.runSync(element) ?? null;
            } catch (error) {
                this.fault(element, error);
            }
        }
    }

    /** After a bulk element ran for this interview: go on with its connector (or its fault connector). */
    continueAfter(element: FlowElement, error: unknown = null): void {
        this.visited.push(element.name);
        this.status = 'running';
        if (error) this.fault(element, error);
        else this.at = element.connector ?? null;
    }

    private fault(element: FlowElement, error: unknown): void {
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof FlowFault)) throw error; // an engine bug, not a flow fault
        this.faulted.add(element.name);
        this.faultMessage = message;
        if (element.fault) {
            this.status = 'running';
            this.at = element.fault;
        } else {
            this.fail(`${element.name}: ${message}`);
        }
    }

    private fail(message: string): void {
        this.status = 'failed';
        this.error = message;
        this.at = null;
    }

    private runSync(element: FlowElement): string | undefined {
        switch (element.kind) {
            case 'decision': {
                for (const rule of element.rules) {
                    const accepts = compileLogic(rule.logic, rule.conditions.length);
                    if (accepts(rule.conditions.map((c) => this.condition(c)))) return rule.connector;
                }
                return element.defaultConnector;
            }
            case 'assignment':
                for (const item of element.items) this.assign(item.to, item.operator, this.source(item.value));
                return element.connector;
            case 'loop': {
                let state = this.loops.get(element.name);
                if (!state) {
                    const collection = this.get(element.collection);
                    const items = Array.isArray(collection) ? [...collection] : collection === null ? [] : [collection];
                    state = { items: element.order === 'Desc' ? items.reverse() : items, index: 0 };
                    this.loops.set(element.name, state);
                }
                if (state.index < state.items.length) {
                    const item = state.items[state.index++] ?? null;
                    // The loop variable holds a copy: changing it does not change the collection.
                    this.set(element.itemVariable, isRecord(item) ? this.copyKeepingQueried(item) : item);
                    return element.next;
                }
                this.loops.delete(element.name);
                return element.done;
            }
            case 'collectionProcessor':
                this.vars.set(element.name, this.processCollection(element));
                return element.connector;
            default:
                throw new Error(`engine: ${element.kind} is not a synchronous element`);
        }
    }

    private copyKeepingQueried(record: SRecord): SRecord {
        const copy = copyRecord(record);
        const queried = this.partial.get(record);
        if (queried) this.partial.set(copy, queried);
        return copy;
    }

    /** Assignment operators (Flow Builder: Assignment element). */
    private assign(to: string, operator: string, value: FlowValue): void {
        const current = to.includes('.') || to.startsWith('$') ? this.get(to) : (this.vars.get(to) ?? null);
        switch (operator) {
            case 'Assign':
                this.set(
                    to,
                    isRecord(value)
                        ? copyRecord(value)
                        : Array.isArray(value)
                          ? (value.map((v) => (isRecord(v) ? copyRecord(v) : v)) as FlowValue)
                          : value
                );
                return;
            case 'Add':
            case 'AddItem': {
                if (Array.isArray(current)) {
                    const items = Array.isArray(value) ? value : value === null && operator === 'Add' ? [] : [value];
                    this.set(to, [...current, ...items.map((v) => (isRecord(v) ? copyRecord(v) : v))] as FlowValue);
                } else if (typeof current === 'number' || (current === null && typeof value === 'number')) {
                    this.set(to, (Number(current ?? 0) || 0) + Number(value ?? 0));
                } else if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(current) && typeof value === 'number') {
                    const date = new Date(`${current}T00:00:00Z`);
                    date.setUTCDate(date.getUTCDate() + value);
                    this.set(to, toDateString(date));
                } else {
                    this.set(to, `${textOf(current)}${textOf(value)}`);
                }
                return;
            }
            case 'AddAtStart':
                this.set(to, [
                    ...(Array.isArray(value) ? value : [value]),
                    ...(Array.isArray(current) ? current : [])
                ] as FlowValue);
                return;
            case 'Subtract':
                this.set(to, Number(current ?? 0) - Number(value ?? 0));
                return;
            case 'RemoveAll':
            case 'RemoveFirst': {
                if (!Array.isArray(current)) throw new FlowFault(`${to} is not a collection`);
                const remove = Array.isArray(value) ? value : [value];
                if (operator === 'RemoveAll')
                    this.set(to, (current as FlowValue[]).filter((item) => !remove.some((r) => sameItem(item, r))) as FlowValue);
                else {
                    const index = (current as FlowValue[]).findIndex((item) => remove.some((r) => sameItem(item, r)));
                    this.set(to, (current as FlowValue[]).filter((_, i) => i !== index) as FlowValue);
                }
                return;
            }
            case 'AssignCount':
                this.set(to, Array.isArray(value) ? value.length : value === null ? 0 : 1);
                return;
            default:
                throw new FlowFault(`assignment operator ${operator} is not modelled`);
        }
    }

    /** One decision condition (Flow Builder: Decision element operators). */
    condition(condition: Condition): boolean {
        const left = condition.operator === 'IsChanged' ? null : this.get(condition.left);
        const right = this.source(condition.right);
        const type = this.typeOf(condition.left);
        switch (condition.operator) {
            case 'EqualTo':
                return equalValues(left, right, type);
            case 'NotEqualTo':
                return !equalValues(left, right, type);
            case 'IsNull':
                return (left === null || left === undefined) === (right === true);
            case 'IsBlank':
                return (isBlank(left) || (Array.isArray(left) && left.length === 0)) === (right === true);
            case 'IsEmpty':
                return (!Array.isArray(left) || left.length === 0) === (right === true);
            case 'IsChanged': {
                const path = condition.left.replace(/^\$Record\./, '');
                const changed =
                    this.prior !== null &&
                    this.record !== null &&
                    !sameScalar(this.host.org.valueAt(this.record, path), this.host.org.valueAt(this.prior, path));
                return changed === (right === true);
            }
            case 'StartsWith':
                return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
            case 'EndsWith':
                return typeof left === 'string' && typeof right === 'string' && left.endsWith(right);
            case 'Contains':
                if (Array.isArray(left)) return left.some((item) => sameItem(item, right));
                return typeof left === 'string' && typeof right === 'string' && left.includes(right);
            case 'In':
                return Array.isArray(right) && right.some((item) => sameItem(left, item));
            case 'NotIn':
                return Array.isArray(right) && !right.some((item) => sameItem(left, item));
            case 'GreaterThan':
            case 'GreaterThanOrEqualTo':
            case 'LessThan':
            case 'LessThanOrEqualTo': {
                if (isBlank(left) || isBlank(right)) return false;
                const c =
                    typeof left === 'number' && typeof right === 'number'
                        ? left - right
                        : textOf(left) < textOf(right)
                          ? -1
                          : textOf(left) > textOf(right)
                            ? 1
                            : 0;
                return condition.operator === 'GreaterThan'
                    ? c > 0
                    : condition.operator === 'GreaterThanOrEqualTo'
                      ? c >= 0
                      : condition.operator === 'LessThan'
                        ? c < 0
                        : c <= 0;
            }
            default:
                throw new FlowFault(`decision operator ${condition.operator} is not modelled`);
        }
    }

    /** Filter and Sort collection processors. */
    private processCollection(element: CollectionProcessor): FlowValue {
        const collection = this.get(element.collection);
        const items = Array.isArray(collection) ? [...collection] : [];
        if (element.processorType === 'FilterCollectionProcessor') {
            const accepts = compileLogic(element.logic, element.conditions.length);
            return items.filter((item) => {
                this.vars.set(`currentItem_${element.name}`, item);
                return accepts(
                    element.conditions.map((c) =>
                        this.condition({
                            ...c,
                            left: c.left.replace(/^currentItem_[A-Za-z0-9_]+/, `currentItem_${element.name}`)
                        })
                    )
                );
            }) as FlowValue;
        }
        if (element.processorType === 'SortCollectionProcessor') {
            const sorted = items.sort((a, b) => {
                for (const option of element.sortOptions) {
                    const av = isRecord(a) ? a.fields[option.field] : a;
                    const bv = isRecord(b) ? b.fields[option.field] : b;
                    if (isBlank(av) || isBlank(bv)) {
                        if (isBlank(av) && isBlank(bv)) continue;
                        return isBlank(av) === option.nullsFirst ? -1 : 1;
                    }
                    // Numbers as numbers (9 before 10), text and ISO dates as text.
                    const c =
                        typeof av === 'number' && typeof bv === 'number'
                            ? av - bv
                            : String(av) === String(bv)
                              ? 0
                              : String(av) < String(bv)
                                ? -1
                                : 1;
                    if (c !== 0) return option.order === 'Desc' ? -c : c;
                }
                return 0;
            });
            return (element.limit !== undefined ? sorted.slice(0, element.limit) : sorted) as FlowValue;
        }
        throw new FlowFault(`collection processor ${element.processorType} is not modelled`);
    }

    /**
     * Values of Get/Update/Delete Records filters for this interview. "A flow fails when a filter condition from a
     * Get Records element or an Update Records element references a value that is null" (Salesforce Help, "Salesforce
     * Data Considerations for Flows"): `refuseNull` makes such a filter a fault.
     */
    filtersOf(filters: Filter[], refuseNull = false): QueryFilter[] {
        return filters.map((filter) => {
            const value = this.source(filter.value);
            if (refuseNull && value === null && filter.value && 'ref' in filter.value && filter.operator !== 'IsNull') {
                throw new FlowFault(
                    `The flow failed because the filter on ${filter.field} references a null value ({!${filter.value.ref}})`
                );
            }
            return {
                field: filter.field,
                operator: filter.operator,
                value: isRecord(value) ? null : Array.isArray(value) ? (value as Scalar[]) : value
            };
        });
    }

    /** Marks a record from a Get Records with explicit fields, so that other fields cannot be read. */
    markQueried(record: SRecord, fields: string[]): void {
        this.partial.set(record, new Set(['Id', ...fields]));
    }
}

/** Runs interviews of one flow together, in lockstep, until every one has finished or failed. */
export function runInterviews(interviews: Interview[], host: InterviewHost): void {
    for (;;) {
        for (const interview of interviews) if (interview.status === 'running') interview.advance();
        const waiting = interviews.filter((i) => i.status === 'waiting');
        if (waiting.length === 0) return;
        const first = waiting[0] as Interview;
        const elementName = first.at as string;
        const group = waiting.filter((i) => i.at === elementName && i.flow === first.flow);
        const element = first.flow.elements.get(elementName) as FlowElement;
        runBulk(element, group, host);
    }
}

function runBulk(element: FlowElement, group: Interview[], host: InterviewHost): void {
    switch (element.kind) {
        case 'recordLookup':
            return lookup(element, group, host);
        case 'recordCreate':
            return create(element, group, host);
        case 'recordUpdate':
            return update(element, group, host);
        case 'recordDelete':
            return remove(element, group, host);
        case 'actionCall':
            for (const interview of group) {
                try {
                    const inputs: Record<string, FlowValue> = {};
                    for (const input of element.inputs) inputs[input.name] = interview.source(input.value);
                    const outputs = host.invokeAction(element, inputs, interview);
                    if (element.storeAutomatically)
                        interview.vars.set(element.name, { sobjectType: '__action', fields: outputs as Record<string, Scalar> });
                    for (const output of element.outputs) interview.set(output.to, outputs[output.name] ?? null);
                    interview.continueAfter(element);
                } catch (error) {
                    interview.continueAfter(element, error);
                }
            }
            return;
        case 'subflow':
            return subflow(element, group, host);
        default:
            throw new Error(`engine: ${element.kind} is not a bulk element`);
    }
}

/** Get Records: one query per interview against the same data (the interviews' queries run together). */
/** One query for the group (custom metadata types do not count against the SOQL limit). */
function countQuery(object: string | undefined, host: InterviewHost): void {
    if (object && !object.endsWith('__mdt')) host.org.use('soqlQueries', 1);
}

function lookup(element: RecordLookup, group: Interview[], host: InterviewHost): void {
    countQuery(element.object, host);
    const results = group.map((interview) => {
        try {
            const rows = host.org.query({
                object: element.object,
                filters: interview.filtersOf(element.filters, true),
                ...(element.filterLogic ? { filterLogic: element.filterLogic } : {}),
                ...(element.sortField ? { sortField: element.sortField, sortOrder: element.sortOrder ?? 'Asc' } : {}),
                ...(element.limit !== undefined ? { limit: element.limit } : {})
            });
            return { rows };
        } catch (error) {
            return { error: new FlowFault(error instanceof Error ? error.message : String(error)) };
        }
    });
    group.forEach((interview, i) => {
        const result = results[i];
        if (!result || 'error' in result) {
            interview.continueAfter(element, result?.error);
            return;
        }
        const rows = result.rows.map((row) => {
            if (element.queriedFields.length === 0) return row;
            const fields: Record<string, Scalar> = { Id: row.fields.Id ?? null };
            for (const field of element.queriedFields) fields[field] = row.fields[field] ?? null;
            const partial = { sobjectType: row.sobjectType, fields };
            interview.markQueried(partial, element.queriedFields);
            return partial;
        });
        try {
            if (element.outputAssignments.length) {
                const first = rows[0];
                if (first)
                    for (const output of element.outputAssignments) interview.set(output.to, first.fields[output.field] ?? null);
                else if (element.assignNullIfNone) for (const output of element.outputAssignments) interview.set(output.to, null);
            } else if (element.storeAutomatically) {
                // No match: the output is null, for a record and for a collection alike (Salesforce Help, Get Records).
                interview.vars.set(element.name, element.firstOnly ? (rows[0] ?? null) : rows.length ? rows : null);
            } else if (element.outputReference) {
                if (element.firstOnly) {
                    if (rows[0] || element.assignNullIfNone) interview.set(element.outputReference, rows[0] ?? null);
                } else interview.set(element.outputReference, rows);
            }
            interview.continueAfter(element);
        } catch (error) {
            interview.continueAfter(element, error);
        }
    });
}

interface Pending {
    interview: Interview;
    records: SRecord[];
}

/** The error of a DML result as a fault, in the words Salesforce uses. */
const faultOf = (result: DmlResult | undefined): FlowFault =>
    new FlowFault(
        result?.errors
            .map((e) => `${e.statusCode}: ${e.message}${e.fields.length ? ` (${e.fields.join(', ')})` : ''}`)
            .join('; ') || 'unknown DML error'
    );

/** Runs one DML statement for the records of every interview, and continues each interview with its own outcome. */
function dml(
    element: FlowElement,
    pending: Pending[],
    run: (records: SRecord[], groups: number[]) => DmlResult[],
    after?: (p: Pending, results: DmlResult[]) => void
): void {
    const all = pending.flatMap((p) => p.records);
    // One interview's records are one group: saved all or none (DmlOptions.groups).
    const groups = pending.flatMap((p, i) => p.records.map(() => i));
    const results = all.length ? run(all, groups) : [];
    let offset = 0;
    for (const p of pending) {
        const mine = results.slice(offset, offset + p.records.length);
        offset += p.records.length;
        // The fault names the record that was refused, not one rolled back with it.
        const failed =
            mine.find((r) => !r.success && r.errors.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK')) ??
            mine.find((r) => !r.success);
        if (failed) {
            p.interview.continueAfter(element, faultOf(failed));
            continue;
        }
        try {
            after?.(p, mine);
            p.interview.continueAfter(element);
        } catch (error) {
            p.interview.continueAfter(element, error);
        }
    }
}

function recordsOf(value: FlowValue, what: string): SRecord[] {
    if (value === null) return [];
    if (isRecord(value)) return [value];
    if (isRecordList(value)) return value;
    throw new FlowFault(`${what} is not a record or a record collection`);
}

function create(element: RecordCreate, group: Interview[], host: InterviewHost): void {
    const pending: Pending[] = [];
    for (const interview of group) {
        try {
            if (element.inputReference) {
                pending.push({ interview, records: recordsOf(interview.get(element.inputReference), element.inputReference) });
            } else {
                const fields: Record<string, Scalar> = {};
                for (const assignment of element.assignments)
                    fields[assignment.field] = interview.source(assignment.value) as Scalar;
                pending.push({ interview, records: [{ sobjectType: element.object ?? '', fields }] });
            }
        } catch (error) {
            interview.continueAfter(element, error);
        }
    }
    const userId = group[0]?.userId ?? host.org.currentUserId;
    dml(
        element,
        pending,
        (records, groups) => host.org.insert(records, { as: userId, allOrNone: host.flowDmlAllOrNone, groups }),
        (p, results) => {
            // The created records' Ids go back into the variables they came from.
            p.records.forEach((record, i) => (record.fields.Id = results[i]?.id ?? null));
            const firstId = results[0]?.id ?? null;
            if (element.assignIdTo) p.interview.set(element.assignIdTo, firstId);
            if (element.storeAutomatically) p.interview.vars.set(element.name, firstId);
        }
    );
}

function update(element: RecordUpdate, group: Interview[], host: InterviewHost): void {
    if (!element.inputReference) countQuery(element.object, host);
    const pending: Pending[] = [];
    for (const interview of group) {
        try {
            const assigned: Record<string, Scalar> = {};
            for (const assignment of element.assignments)
                assigned[assignment.field] = interview.source(assignment.value) as Scalar;
            let records: SRecord[];
            if (element.inputReference) {
                const targets = recordsOf(interview.get(element.inputReference), element.inputReference);
                records = element.assignments.length
                    ? targets.map((t) => ({ sobjectType: t.sobjectType, fields: { Id: t.fields.Id ?? null, ...assigned } }))
                    : targets.map((t) => copyRecord(t));
                if (element.inputReference === '$Record' && element.assignments.length && interview.record)
                    Object.assign(interview.record.fields, assigned);
            } else {
                const matched = host.org.query({
                    object: element.object ?? '',
                    filters: interview.filtersOf(element.filters, true),
                    ...(element.filterLogic ? { filterLogic: element.filterLogic } : {})
                });
                records = matched.map((m) => ({ sobjectType: m.sobjectType, fields: { Id: m.fields.Id ?? null, ...assigned } }));
            }
            for (const record of records)
                if (isBlank(record.fields.Id))
                    throw new FlowFault(`MISSING_ARGUMENT: Id not specified in an update call (${element.name})`);
            pending.push({ interview, records });
        } catch (error) {
            interview.continueAfter(element, error);
        }
    }
    // One update statement cannot hold the same id twice (Apex: System.ListException "Duplicate id in list"): the
    // interviews of a batch whose records share an id take their fault path instead (the engine's reading of the
    // bulkified statement, docs/FLOW-ENGINE.md).
    const seen = new Map<string, number>();
    for (const p of pending) for (const r of p.records) seen.set(String(r.fields.Id), (seen.get(String(r.fields.Id)) ?? 0) + 1);
    const clean: Pending[] = [];
    for (const p of pending) {
        const duplicate = p.records.find((r) => (seen.get(String(r.fields.Id)) ?? 0) > 1);
        if (duplicate) p.interview.continueAfter(element, new FlowFault(`System.ListException: Duplicate id in list: ${String(duplicate.fields.Id)} (${element.name})`));
        else clean.push(p);
    }
    const userId = group[0]?.userId ?? host.org.currentUserId;
    dml(element, clean, (records, groups) => host.org.update(records, { as: userId, allOrNone: host.flowDmlAllOrNone, groups }));
}

function remove(element: RecordDelete, group: Interview[], host: InterviewHost): void {
    if (!element.inputReference) countQuery(element.object, host);
    const pending: Pending[] = [];
    for (const interview of group) {
        try {
            const records = element.inputReference
                ? recordsOf(interview.get(element.inputReference), element.inputReference)
                : host.org.query({
                      object: element.object ?? '',
                      filters: interview.filtersOf(element.filters),
                      ...(element.filterLogic ? { filterLogic: element.filterLogic } : {})
                  });
            pending.push({ interview, records });
        } catch (error) {
            interview.continueAfter(element, error);
        }
    }
    const userId = group[0]?.userId ?? host.org.currentUserId;
    dml(element, pending, (records, groups) =>
        host.org.delete(
            records.map((r) => String(r.fields.Id)),
            { as: userId, allOrNone: host.flowDmlAllOrNone, groups }
        )
    );
}

function subflow(element: Subflow, group: Interview[], host: InterviewHost): void {
    const child = host.flow(element.flowName);
    if (!child) {
        for (const interview of group)
            interview.continueAfter(element, new FlowFault(`subflow ${element.flowName} does not exist`));
        return;
    }
    const children = group.map((parent) => {
        const inputs: Record<string, FlowValue> = {};
        for (const input of element.inputs) inputs[input.name] = parent.source(input.value);
        return new Interview(child, host, { inputs, userId: parent.userId });
    });
    runInterviews(children, host);
    group.forEach((parent, i) => {
        const done = children[i] as Interview;
        if (done.status === 'failed') {
            parent.continueAfter(element, new FlowFault(`subflow ${element.flowName} failed: ${done.error ?? ''}`));
            return;
        }
        const outputs = done.outputs();
        for (const output of element.outputs) parent.set(output.to, outputs[output.name] ?? null);
        parent.continueAfter(element);
    });
}

function dataTypeToFormula(dataType: string): TypedValue['type'] {
    switch (dataType) {
        case 'Number':
        case 'Currency':
            return 'number';
        case 'Boolean':
            return 'checkbox';
        case 'Date':
            return 'date';
        case 'DateTime':
            return 'datetime';
        case 'Picklist':
            return 'picklist';
        case 'Multipicklist':
            return 'multipicklist';
        default:
            return 'text';
    }
}

const sameScalar = (a: Scalar, b: Scalar): boolean =>
    (isBlank(a) && isBlank(b)) ||
    a === b ||
    (typeof a === 'string' && typeof b === 'string' && a.length >= 15 && sameId(a, b) && /^[a-zA-Z0-9]+$/.test(a));

function sameItem(a: FlowValue, b: FlowValue): boolean {
    if (isRecord(a) && isRecord(b)) return sameId(a.fields.Id, b.fields.Id);
    return sameScalar(a as Scalar, b as Scalar);
}

/** EqualTo in a decision: blank text equals blank; ids compare on 15 characters; text is case-sensitive. */
function equalValues(left: FlowValue, right: FlowValue, type: TypedValue['type']): boolean {
    if (isRecord(left) || isRecord(right)) return isRecord(left) && isRecord(right) && sameId(left.fields.Id, right.fields.Id);
    if (Array.isArray(left) || Array.isArray(right)) return false;
    if (isBlank(left) && isBlank(right)) return true;
    // "A flow treats null as a different value than false" (Salesforce Help, Flow Variable Considerations).
    if (type === 'checkbox') return left !== null && right !== null && Boolean(left) === Boolean(right);
    if (type === 'number') return !isBlank(left) && !isBlank(right) && Number(left) === Number(right);
    if (type === 'datetime' && typeof left === 'string' && typeof right === 'string')
        return new Date(left).getTime() === new Date(right).getTime();
    return sameScalar(left, right);
}
