// Scenarios written as data: users, records and settings to start from, DML steps as users and Diamy's server do
// them, and what the org must hold afterwards. Record fields may name other records by alias ('@jean'); a step's
// records get aliases too. A scenario runs under both readings of re-entry (runtime.ts RuntimeOptions.reentry) when
// one of its saves re-entered after-save flows (suite.ts).
import { FlowRuntime } from './runtime.ts';
import type { ActionHandler } from './runtime.ts';
import type { DmlResult } from './org.ts';
import type { FlowModel } from './flow-model.ts';
import type { ProjectSchema, ValidationRule } from './schema.ts';
import type { Scalar, SRecord } from './values.ts';
import { isBlank, sameId } from './values.ts';

export type Fields = Record<string, Scalar>;

export interface UserSpec {
    FirstName?: string;
    LastName: string;
    LanguageLocaleKey?: string;
    permissions?: string[];
}

export interface RecordSpec {
    alias?: string;
    object: string;
    fields: Fields;
}

export type Step =
    | {
          do: 'insert' | 'update';
          as: string;
          records: RecordSpec[];
          allOrNone?: boolean;
          expect?: 'success' | 'failure' | 'partial';
          /** With expect 'failure' or 'partial': what every refused record's error says (message text or code). */
          error?: string;
      }
    | {
          do: 'upsert';
          as: string;
          externalId: string;
          records: RecordSpec[];
          allOrNone?: boolean;
          expect?: 'success' | 'failure' | 'partial';
          error?: string;
      }
    | { do: 'delete'; as: string; aliases: string[]; expect?: 'success' | 'failure'; error?: string }
    | {
          /**
           * Converts leads (org.convertLead): each names its lead by alias and, optionally, an existing account,
           * contact, opportunity ('@alias'). The records used or created get the aliases `<lead>.account`,
           * `<lead>.contact`, `<lead>.opportunity`.
           */
          do: 'convertLead';
          as: string;
          leads: { lead: string; account?: string; contact?: string; opportunity?: string; doNotCreateOpportunity?: boolean }[];
          allOrNone?: boolean;
          expect?: 'success' | 'failure' | 'partial';
          error?: string;
      }
    | { do: 'clock'; to: string }
    /** An administrator deactivates a validation rule (one the scenario added, or one the package ships). */
    | { do: 'deactivateValidationRule'; object: string; name: string }
    /** Names the one record that matches (a record the flows created) so later steps can use it. */
    | { do: 'find'; alias: string; object: string; where: Fields }
    | { do: 'runQueuedPaths' }
    /**
     * Runs a schedule-triggered flow once, as its scheduler would: over the records of its start object that meet its
     * start filters, in batches of 200, as the user the scenario names the Default Workflow User (Salesforce Help,
     * "Schedule-Triggered Flow Considerations": "The Default Workflow User runs schedule-triggered flows"; "A
     * schedule-triggered flow's query retrieves records in batches of 200").
     */
    | { do: 'runScheduledFlow'; flow: string; as: string }
    /** Runs an autolaunched or headless flow as a user; its outputs must have these values. */
    | { do: 'runFlow'; flow: string; as: string; inputs?: Record<string, Scalar | Scalar[]>; outputs: Fields; collections?: Record<string, Scalar[]> };

/** What must hold at the end: how many records match, and field values every match has. */
export interface RecordExpectation {
    object: string;
    where?: Fields;
    count: number;
    fields?: Fields;
    /** Why it must hold, shown when it does not. */
    because: string;
}

export interface Scenario {
    name: string;
    description: string;
    /** The behaviour this scenario pins, in a user's words. */
    users?: Record<string, UserSpec>;
    /** Setup records, saved through the org (with their own automation). */
    records?: RecordSpec[];
    /** Records put straight into the store after `records` (no automation): the state left by an earlier day. */
    seed?: RecordSpec[];
    queues?: string[];
    /** Validation rules an administrator added (the package ships Diamy_Call_Id_Required). */
    validationRules?: (Omit<ValidationRule, 'active'> & { object: string })[];
    actions?: Record<string, ActionHandler>;
    steps: Step[];
    expect: RecordExpectation[];
    /**
     * Objects with more than 200,000 records in the customer's org: record-triggered flows must query them
     * selectively. Default DEFAULT_LARGE_OBJECTS.
     */
    largeObjects?: string[];
    /** Interviews that must have failed (unhandled), by flow; default none may fail. */
    failedInterviews?: number;
    sideEffects?: { kind: string; count: number; because: string }[];
    /** How many interviews of a flow ran in the whole scenario (all steps, rolled-back ones included). */
    interviews?: { flow: string; count: number; because: string }[];
}

/**
 * Every call becomes a Diamy_Call__c record and a Task: a team of 50 agents passes 200,000 of each within a year, and
 * many orgs' Task tables are far larger already. Scenarios model that production org, not an empty one.
 */
export const DEFAULT_LARGE_OBJECTS = ['Task', 'Diamy_Call__c'];

export interface ScenarioResult {
    scenario: string;
    reentry: 'rerun' | 'skip';
    passed: boolean;
    failures: string[];
    interviews: number;
    /** Saves that re-entered a record's after-save flows (RuntimeOptions.reentry decides what they do). */
    reentrantSaves: number;
}

/** Replaces '@alias' values by the ids of the records the scenario created. */
function resolve(fields: Fields, ids: Map<string, string>): Fields {
    const out: Fields = {};
    for (const [key, value] of Object.entries(fields)) {
        if (typeof value === 'string' && value.startsWith('@')) {
            // '@alias:15' is the 15-character form of the id (what Salesforce shows in URLs and reports).
            const short = value.endsWith(':15');
            const id = ids.get(value.slice(1, short ? -3 : undefined));
            if (!id) throw new Error(`scenario: no record or user aliased ${value}`);
            out[key] = short ? id.slice(0, 15) : id;
        } else out[key] = value;
    }
    return out;
}

function checkOutcome(
    step: { do: string; expect?: string; error?: string },
    results: DmlResult[],
    failures: string[],
    index: number
): void {
    const failed = results.filter((r) => !r.success);
    const expected = step.expect ?? 'success';
    const describe = () => failed.map((r) => r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')).join(' | ');
    if (expected === 'success' && failed.length)
        failures.push(`step ${index + 1} (${step.do}): ${failed.length} of ${results.length} records failed: ${describe()}`);
    if (expected === 'failure' && failed.length !== results.length)
        failures.push(
            `step ${index + 1} (${step.do}): expected every record to fail, ${results.length - failed.length} succeeded`
        );
    if (expected === 'partial' && (failed.length === 0 || failed.length === results.length))
        failures.push(`step ${index + 1} (${step.do}): expected some records to fail and others to succeed`);
    // Each refused record must be refused for the reason the scenario names (a validation rule's message, a code).
    if (step.error) {
        const reason = step.error;
        for (const result of failed)
            if (!result.errors.some((e) => e.message.includes(reason) || e.statusCode === reason))
                failures.push(`step ${index + 1} (${step.do}): refused for another reason than "${reason}": ${describe()}`);
    }
}

export function runScenario(
    scenario: Scenario,
    schema: ProjectSchema,
    flows: FlowModel[],
    reentry: 'rerun' | 'skip'
): ScenarioResult {
    const scenarioSchema: ProjectSchema = {
        ...schema,
        objects: new Map(
            [...schema.objects].map(([name, object]) => [name, { ...object, validationRules: object.validationRules.map((rule) => ({ ...rule })) }])
        )
    };
    for (const rule of scenario.validationRules ?? []) {
        const object = scenarioSchema.objects.get(rule.object);
        if (!object) throw new Error(`scenario ${scenario.name}: no object ${rule.object}`);
        object.validationRules.push({
            name: rule.name,
            active: true,
            formula: rule.formula,
            message: rule.message,
            ...(rule.field ? { field: rule.field } : {})
        });
    }
    const runtime = new FlowRuntime(scenarioSchema, flows, {
        reentry,
        ...(scenario.actions ? { actions: scenario.actions } : {})
    });
    const org = runtime.org;
    for (const object of scenario.largeObjects ?? DEFAULT_LARGE_OBJECTS) org.largeObjects.add(object);
    const ids = new Map<string, string>([
        ['admin', org.currentUserId],
        ['org', org.organizationId()]
    ]);
    const failures: string[] = [];
    for (const [alias, user] of Object.entries(scenario.users ?? {})) ids.set(alias, org.addUser({ Id: '', ...user }));
    for (const queue of scenario.queues ?? []) ids.set(queue, org.addQueue(queue));
    for (const spec of scenario.records ?? []) {
        const [result] = org.insert([{ sobjectType: spec.object, fields: resolve(spec.fields, ids) }]);
        if (!result?.success)
            throw new Error(
                `scenario ${scenario.name}: setup record ${spec.alias ?? spec.object} failed: ${JSON.stringify(result?.errors)}`
            );
        if (spec.alias) ids.set(spec.alias, String(result.id));
    }
    for (const spec of scenario.seed ?? []) {
        const id = org.seed(spec.object, resolve(spec.fields, ids));
        if (spec.alias) ids.set(spec.alias, id);
    }
    const asUser = (alias: string) => {
        const id = ids.get(alias);
        if (!id) throw new Error(`scenario ${scenario.name}: no user ${alias}`);
        return id;
    };
    scenario.steps.forEach((step, index) => {
        switch (step.do) {
            case 'clock':
                org.now = new Date(step.to);
                return;
            case 'deactivateValidationRule': {
                const rule = scenarioSchema.objects.get(step.object)?.validationRules.find((r) => r.name === step.name);
                if (!rule) throw new Error(`scenario ${scenario.name}: no validation rule ${step.object}.${step.name}`);
                rule.active = false;
                return;
            }
            case 'runQueuedPaths':
                runtime.runQueuedPaths();
                return;
            case 'runScheduledFlow': {
                const interviews = runtime.runScheduledFlow(step.flow, asUser(step.as));
                const failed = interviews.filter((i) => i.status === 'failed');
                if (failed.length)
                    failures.push(`step ${index + 1} (scheduled ${step.flow}): ${failed.length} interviews failed: ${failed[0]?.error ?? ''}`);
                return;
            }
            case 'runFlow': {
                const inputs: Record<string, Scalar | Scalar[]> = {};
                for (const [name, value] of Object.entries(step.inputs ?? {}))
                    inputs[name] = Array.isArray(value)
                        ? value.map((item) => resolve({ item }, ids).item ?? null)
                        : (resolve({ value }, ids).value ?? null);
                const interview = runtime.runFlow(step.flow, inputs, asUser(step.as));
                if (interview.status === 'failed')
                    failures.push(`step ${index + 1} (run ${step.flow}): the flow failed: ${interview.error ?? ''}`);
                const outputs = interview.outputs();
                // Collection outputs of scalars (a text collection): the same values in the same order.
                for (const [name, expected] of Object.entries(step.collections ?? {})) {
                    const actual = outputs[name] ?? [];
                    if (
                        !Array.isArray(actual) ||
                        actual.length !== expected.length ||
                        expected.some((value, i) => !matchValue(actual[i] as Scalar, value))
                    )
                        failures.push(
                            `step ${index + 1} (run ${step.flow}): output ${name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
                        );
                }
                for (const [name, expected] of Object.entries(resolve(step.outputs, ids))) {
                    const actual = outputs[name] ?? null;
                    if (Array.isArray(actual) || (actual !== null && typeof actual === 'object') || !matchValue(actual, expected))
                        failures.push(
                            `step ${index + 1} (run ${step.flow}): output ${name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
                        );
                }
                return;
            }
            case 'find': {
                const where = resolve(step.where, ids);
                const found = org
                    .all(step.object)
                    .filter((record) =>
                        Object.entries(where).every(([field, value]) => matchValue(org.valueAt(record, field), value))
                    );
                if (found.length !== 1)
                    failures.push(
                        `step ${index + 1} (find ${step.alias}): ${found.length} ${step.object} records match ${JSON.stringify(step.where)}, expected 1`
                    );
                else ids.set(step.alias, String(found[0]?.fields.Id));
                return;
            }
            case 'convertLead': {
                const id = (alias: string | undefined) => (alias ? (resolve({ v: alias }, ids).v as string) : null);
                const results = org.convertLead(
                    step.leads.map((l) => ({
                        leadId: ids.get(l.lead) ?? l.lead,
                        accountId: id(l.account),
                        contactId: id(l.contact),
                        opportunityId: id(l.opportunity),
                        doNotCreateOpportunity: l.doNotCreateOpportunity ?? false
                    })),
                    { as: asUser(step.as), allOrNone: step.allOrNone ?? true }
                );
                results.forEach((r, i) => {
                    const alias = step.leads[i]?.lead;
                    const lead = r.success && r.id ? org.get(r.id) : undefined;
                    if (!alias || !lead) return;
                    for (const [suffix, field] of [
                        ['account', 'ConvertedAccountId'],
                        ['contact', 'ConvertedContactId'],
                        ['opportunity', 'ConvertedOpportunityId']
                    ] as const) {
                        const value = lead.fields[field];
                        if (typeof value === 'string' && value) ids.set(`${alias}.${suffix}`, value);
                    }
                });
                checkOutcome(step, results, failures, index);
                return;
            }
            case 'delete': {
                const results = org.delete(
                    step.aliases.map((a) => ids.get(a) ?? a),
                    { as: asUser(step.as) }
                );
                checkOutcome(step, results, failures, index);
                return;
            }
            default: {
                const records: SRecord[] = step.records.map((spec) => ({
                    sobjectType: spec.object,
                    fields: resolve(spec.fields, ids)
                }));
                const options = { as: asUser(step.as), allOrNone: step.allOrNone ?? true };
                const results =
                    step.do === 'upsert'
                        ? org.upsert(records, step.externalId, options)
                        : step.do === 'insert'
                          ? org.insert(records, options)
                          : org.update(records, options);
                results.forEach((r, i) => {
                    const alias = step.records[i]?.alias;
                    if (alias && r.id) ids.set(alias, r.id);
                });
                checkOutcome(step, results, failures, index);
            }
        }
    });
    for (const expectation of scenario.expect) {
        const where = resolve(expectation.where ?? {}, ids);
        const matches = org
            .all(expectation.object)
            .filter((record) => Object.entries(where).every(([field, value]) => matchValue(org.valueAt(record, field), value)));
        if (matches.length !== expectation.count)
            failures.push(
                `${expectation.object} ${JSON.stringify(expectation.where ?? {})}: ${matches.length} records, expected ${expectation.count} — ${expectation.because}`
            );
        const fields = resolve(expectation.fields ?? {}, ids);
        for (const record of matches) {
            for (const [field, value] of Object.entries(fields)) {
                const actual = org.valueAt(record, field);
                if (!matchValue(actual, value))
                    failures.push(
                        `${expectation.object} ${String(record.fields.Id)}: ${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)} — ${expectation.because}`
                    );
            }
        }
    }
    const failed = runtime.log.filter((l) => l.status === 'failed');
    if (failed.length !== (scenario.failedInterviews ?? 0)) {
        failures.push(
            `${failed.length} interviews failed (expected ${scenario.failedInterviews ?? 0}): ${failed
                .slice(0, 3)
                .map((f) => `${f.flow}: ${f.error ?? ''}`)
                .join(' | ')}`
        );
    }
    for (const effect of scenario.sideEffects ?? []) {
        const count = org.sideEffects(effect.kind).length;
        if (count !== effect.count)
            failures.push(`${count} ${effect.kind} side effects, expected ${effect.count} — ${effect.because}`);
    }
    for (const expected of scenario.interviews ?? []) {
        const count = runtime.log.filter((l) => l.flow === expected.flow).length;
        if (count !== expected.count)
            failures.push(`${count} interviews of ${expected.flow}, expected ${expected.count} — ${expected.because}`);
    }
    return {
        scenario: scenario.name,
        reentry,
        passed: failures.length === 0,
        failures,
        interviews: runtime.log.length,
        reentrantSaves: runtime.reentrantSaves
    };
}

/** An expected value: exact, '*' for "any non-blank", null for blank, or '~text' for "contains text". */
function matchValue(actual: Scalar, expected: Scalar): boolean {
    if (expected === '*') return !isBlank(actual);
    if (expected === null) return isBlank(actual);
    if (typeof expected === 'string' && expected.startsWith('~'))
        return typeof actual === 'string' && actual.includes(expected.slice(1));
    if (typeof expected === 'string' && typeof actual === 'string' && expected.length >= 15 && /^[a-zA-Z0-9]+$/.test(expected))
        return sameId(actual, expected) || actual === expected;
    return actual === expected;
}
