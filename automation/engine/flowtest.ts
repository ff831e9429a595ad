// Runs the package's FlowTest metadata offline: the triggering record (and, for an update test, the record before
// it) from the Start test point, the flow's entry conditions, one interview against an in-memory org holding the
// package's custom metadata, then the assertions of the Finish test point (WasVisited, HasError, comparisons).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { valueSource } from './flow-model.ts';
import type { Condition } from './flow-model.ts';
import { Interview, runInterviews } from './interpreter.ts';
import type { FlowRuntime } from './runtime.ts';
import type { Scalar, SRecord } from './values.ts';
import { textOf } from './values.ts';

type Xml = Record<string, unknown>;
const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => ['testPoints', 'parameters', 'assertions', 'conditions'].includes(name)
});
const text = (value: unknown): string => textOf(value).trim();
const list = (value: unknown): Xml[] => (value === undefined ? [] : ((Array.isArray(value) ? value : [value]) as Xml[]));

export interface FlowTestDef {
    name: string;
    file: string;
    flowName: string;
    initial: SRecord | null;
    updated: SRecord | null;
    assertions: { conditions: Condition[]; message: string }[];
}

export interface FlowTestResult {
    test: string;
    flow: string;
    passed: boolean;
    failures: string[];
    visited: string[];
}

function recordOf(json: string): SRecord {
    const parsed = JSON.parse(json) as Record<string, unknown> & { attributes?: { type?: string } };
    const { attributes, ...fields } = parsed;
    if (!attributes?.type) throw new Error('engine: a FlowTest record has no attributes.type');
    return { sobjectType: attributes.type, fields: fields as Record<string, Scalar> };
}

export function parseFlowTest(file: string): FlowTestDef {
    const doc = (parser.parse(readFileSync(file, 'utf8')) as Xml).FlowTest as Xml;
    const def: FlowTestDef = {
        name: basename(file).replace(/\.flowtest-meta\.xml$/, ''),
        file,
        flowName: text(doc.flowApiName),
        initial: null,
        updated: null,
        assertions: []
    };
    for (const point of list(doc.testPoints)) {
        for (const parameter of list(point.parameters)) {
            const type = text(parameter.type);
            const json = text((parameter.value as Xml | undefined)?.sobjectValue);
            if (type === 'InputTriggeringRecordInitial') def.initial = recordOf(json);
            else if (type === 'InputTriggeringRecordUpdated') def.updated = recordOf(json);
            else throw new Error(`engine: ${def.name}: FlowTest parameter type ${type} is not modelled`);
        }
        for (const assertion of list(point.assertions)) {
            def.assertions.push({
                conditions: list(assertion.conditions).map((c) => ({
                    left: text(c.leftValueReference),
                    operator: text(c.operator),
                    right: valueSource(c.rightValue)
                })),
                message: text(assertion.errorMessage)
            });
        }
    }
    return def;
}

/** Runs one FlowTest in a fresh runtime (each test starts from the same org, as tests in an org roll back). */
export function runFlowTest(test: FlowTestDef, makeRuntime: () => FlowRuntime): FlowTestResult {
    const runtime = makeRuntime();
    const flow = runtime.flow(test.flowName);
    const result: FlowTestResult = { test: test.name, flow: test.flowName, passed: false, failures: [], visited: [] };
    if (!flow) {
        result.failures.push(`flow ${test.flowName} does not exist`);
        return result;
    }
    if (!test.initial) {
        result.failures.push('no triggering record (InputTriggeringRecordInitial)');
        return result;
    }
    const record = test.updated ?? test.initial;
    const prior = test.updated ? test.initial : null;
    const userId = runtime.org.currentUserId;
    if (!runtime.meetsEntry(flow, record, prior, userId)) {
        result.failures.push('the triggering record does not meet the flow’s entry conditions: the flow would not run');
        return result;
    }
    const interview = new Interview(flow, runtime, { record, prior, userId });
    runInterviews([interview], runtime);
    result.visited = [...interview.visited];
    if (interview.status === 'failed') result.failures.push(`the flow failed: ${interview.error ?? ''}`);
    for (const assertion of test.assertions) {
        for (const condition of assertion.conditions) {
            const expected = condition.right && 'literal' in condition.right ? condition.right.literal : null;
            let ok: boolean;
            if (condition.operator === 'WasVisited') ok = interview.visited.includes(condition.left) === (expected === true);
            else if (condition.operator === 'HasError') ok = interview.faulted.has(condition.left) === (expected === true);
            else ok = interview.condition(condition);
            if (!ok)
                result.failures.push(
                    `${condition.left} ${condition.operator} ${JSON.stringify(expected ?? condition.right)}: ${assertion.message || 'assertion failed'}`
                );
        }
    }
    result.passed = result.failures.length === 0;
    return result;
}
