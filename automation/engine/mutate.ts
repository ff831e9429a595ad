// Mutation testing of the flows: small, realistic edits of the flow XML (an inverted decision, a dropped filter, two
// fields wired the other way, a connector removed...) each run through the whole offline suite (FlowTests and
// scenarios). A mutant is killed when something fails; a survivor is a behaviour no test pins.
//   npm run flowtests -- --mutate
import { basename } from 'node:path';
import { flowSources } from './project.ts';
import { runSuite } from './suite.ts';

export interface Mutant {
    flow: string;
    operator: string;
    site: string;
    /** The flow file and its mutated XML. */
    file: string;
    xml: string;
}

/** The three mutants the issue names: each must be killed. */
export interface RequiredMutant {
    name: string;
    flow: string;
    mutate(xml: string): string;
}

function replaceOnce(xml: string, from: string, to: string, what: string): string {
    const at = xml.indexOf(from);
    if (at < 0) throw new Error(`mutation "${what}": the flow no longer has ${from.slice(0, 80)}`);
    return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** A named element's block (<kind>…<name>Name</name>…</kind>). */
function elementBlock(xml: string, name: string): { start: number; end: number; text: string } {
    const nameAt = xml.indexOf(`<name>${name}</name>`);
    if (nameAt < 0) throw new Error(`no element ${name}`);
    const open = xml.lastIndexOf('\n    <', nameAt) + 1;
    const kind = /^ {4}<([A-Za-z]+)>/.exec(xml.slice(open))?.[1] ?? '';
    const end = xml.indexOf(`\n    </${kind}>`, nameAt) + `\n    </${kind}>`.length;
    return { start: open, end, text: xml.slice(open, end) };
}

function editElement(xml: string, name: string, edit: (block: string) => string): string {
    const block = elementBlock(xml, name);
    return xml.slice(0, block.start) + edit(block.text) + xml.slice(block.end);
}

export const REQUIRED_MUTANTS: RequiredMutant[] = [
    {
        name: 'the “Task already logged?” decision inverted',
        flow: 'Diamy_Call_Log_Activity',
        mutate: (xml) =>
            editElement(xml, 'Decide_Task_Found', (block) =>
                replaceOnce(
                    block,
                    '<booleanValue>false</booleanValue>',
                    '<booleanValue>true</booleanValue>',
                    'invert Decide_Task_Found'
                )
            )
    },
    {
        name: 'the Task’s WhoId wired to the What id',
        flow: 'Diamy_Call_Log_Activity',
        mutate: (xml) =>
            ['Create_Task', 'Update_Task'].reduce(
                (current, element) =>
                    editElement(current, element, (block) =>
                        replaceOnce(
                            block,
                            '<field>WhoId</field>\n            <value>\n                <elementReference>fxWhoId</elementReference>',
                            '<field>WhoId</field>\n            <value>\n                <elementReference>fxWhatId</elementReference>',
                            `WhoId of ${element}`
                        )
                    ),
                xml
            )
    },
    {
        name: 'the CallObject branch of the Task lookup dropped',
        flow: 'Diamy_Call_Log_Activity',
        mutate: (xml) => {
            // Without the lookup by call id, a call that is not linked goes straight to "Task already logged?".
            let out = editElement(xml, 'Decide_Task_Linked', (block) =>
                replaceOnce(
                    block,
                    '<targetReference>Get_Call_Task</targetReference>',
                    '<targetReference>Decide_Task_Found</targetReference>',
                    'Decide_Task_Linked default'
                )
            );
            out = editElement(out, 'Decide_Linked_Task_Found', (block) =>
                replaceOnce(
                    block,
                    '<targetReference>Get_Call_Task</targetReference>',
                    '<targetReference>Decide_Task_Found</targetReference>',
                    'Decide_Linked_Task_Found default'
                )
            );
            return out;
        }
    }
];

const ELEMENT_KINDS = [
    'decisions',
    'assignments',
    'recordLookups',
    'recordCreates',
    'recordUpdates',
    'recordDeletes',
    'loops',
    'actionCalls'
];

/** Every element block of a flow: kind, name, offsets. */
function elements(xml: string): { kind: string; name: string; start: number; end: number; text: string }[] {
    const out: { kind: string; name: string; start: number; end: number; text: string }[] = [];
    for (const kind of ELEMENT_KINDS) {
        const re = new RegExp(`\\n {4}<${kind}>[\\s\\S]*?\\n {4}</${kind}>`, 'g');
        for (const m of xml.matchAll(re)) {
            const name = /<name>([^<]+)<\/name>/.exec(m[0])?.[1] ?? '?';
            out.push({ kind, name, start: (m.index ?? 0) + 1, end: (m.index ?? 0) + m[0].length, text: m[0].slice(1) });
        }
    }
    return out;
}

/** Systematic mutants of one flow. */
export function mutantsOf(file: string, xml: string): Mutant[] {
    const flow = basename(file).replace(/\.flow-meta\.xml$/, '');
    const out: Mutant[] = [];
    const add = (operator: string, site: string, mutated: string) => {
        if (mutated !== xml) out.push({ flow, operator, site, file, xml: mutated });
    };
    for (const element of elements(xml)) {
        const within = (edit: (text: string) => string) =>
            xml.slice(0, element.start) + edit(element.text) + xml.slice(element.end);
        // Decisions and filters: flip each boolean right-hand value and each EqualTo/NotEqualTo.
        const booleans = [...element.text.matchAll(/<booleanValue>(true|false)<\/booleanValue>/g)];
        booleans.forEach((m, i) =>
            add(
                'flip boolean',
                `${element.name} #${i + 1}`,
                within(
                    (t) =>
                        t.slice(0, m.index) +
                        `<booleanValue>${m[1] === 'true' ? 'false' : 'true'}</booleanValue>` +
                        t.slice((m.index ?? 0) + m[0].length)
                )
            )
        );
        const operators = [
            ...element.text.matchAll(
                /<operator>(EqualTo|NotEqualTo|GreaterThanOrEqualTo|LessThanOrEqualTo|StartsWith)<\/operator>/g
            )
        ];
        const swap: Record<string, string> = {
            EqualTo: 'NotEqualTo',
            NotEqualTo: 'EqualTo',
            GreaterThanOrEqualTo: 'LessThan',
            LessThanOrEqualTo: 'GreaterThan',
            StartsWith: 'EndsWith'
        };
        operators.forEach((m, i) =>
            add(
                'swap operator',
                `${element.name} #${i + 1} ${m[1]}`,
                within(
                    (t) =>
                        t.slice(0, m.index) + `<operator>${swap[m[1] ?? '']}</operator>` + t.slice((m.index ?? 0) + m[0].length)
                )
            )
        );
        // Decisions: the default path taken instead of the first rule's.
        if (element.kind === 'decisions') {
            const rule = /<rules>[\s\S]*?<connector>\s*<targetReference>([^<]+)<\/targetReference>/.exec(element.text)?.[1];
            const fallback = /<defaultConnector>\s*<targetReference>([^<]+)<\/targetReference>/.exec(element.text)?.[1];
            if (rule && fallback)
                add(
                    'swap decision outcomes',
                    element.name,
                    within((t) =>
                        t
                            .replace(`<targetReference>${rule}</targetReference>`, '<targetReference>__RULE__</targetReference>')
                            .replace(
                                `<targetReference>${fallback}</targetReference>`,
                                `<targetReference>${rule}</targetReference>`
                            )
                            .replace(
                                '<targetReference>__RULE__</targetReference>',
                                `<targetReference>${fallback}</targetReference>`
                            )
                    )
                );
        }
        // Data elements: drop a filter (when the logic is "and"); the first two input assignments wired the other way.
        if (/<filterLogic>and<\/filterLogic>/.test(element.text)) {
            const filters = [...element.text.matchAll(/\n {8}<filters>[\s\S]*?\n {8}<\/filters>/g)];
            if (filters.length > 1)
                filters.forEach((m, i) =>
                    add(
                        'drop filter',
                        `${element.name} #${i + 1}`,
                        within((t) => t.slice(0, m.index) + t.slice((m.index ?? 0) + m[0].length))
                    )
                );
        }
        const assignments = [
            ...element.text.matchAll(/<field>([^<]+)<\/field>\s*<value>\s*<elementReference>([^<]+)<\/elementReference>/g)
        ];
        for (let i = 0; i + 1 < assignments.length; i++) {
            const a = assignments[i];
            const b = assignments[i + 1];
            if (!a || !b || a[2] === b[2]) continue;
            add(
                'swap input values',
                `${element.name} ${a[1]}↔${b[1]}`,
                within((t) =>
                    t
                        .replace(
                            a[0],
                            a[0].replace(
                                `<elementReference>${a[2]}</elementReference>`,
                                `<elementReference>${b[2]}</elementReference>`
                            )
                        )
                        .replace(
                            b[0],
                            b[0].replace(
                                `<elementReference>${b[2]}</elementReference>`,
                                `<elementReference>${a[2]}</elementReference>`
                            )
                        )
                )
            );
        }
        // Any element: its normal connector removed (the flow ends there).
        const connector = /\n {8}<connector>\s*<targetReference>[^<]+<\/targetReference>\s*<\/connector>/.exec(element.text);
        if (connector)
            add(
                'remove connector',
                element.name,
                within((t) => t.replace(connector[0], ''))
            );
        // Assignments: one item dropped.
        if (element.kind === 'assignments') {
            const items = [...element.text.matchAll(/\n {8}<assignmentItems>[\s\S]*?\n {8}<\/assignmentItems>/g)];
            if (items.length > 1)
                items.forEach((m, i) =>
                    add(
                        'drop assignment',
                        `${element.name} #${i + 1}`,
                        within((t) => t.slice(0, m.index) + t.slice((m.index ?? 0) + m[0].length))
                    )
                );
        }
    }
    // Formulas and entry conditions: AND ↔ OR, && ↔ ||.
    for (const m of xml.matchAll(/<(expression|filterFormula)>([\s\S]*?)<\/\1>/g)) {
        const name =
            /<name>([^<]+)<\/name>\s*<dataType>[^<]*<\/dataType>\s*$/.exec(
                xml.slice(Math.max(0, (m.index ?? 0) - 300), m.index)
            )?.[1] ?? m[1];
        const expression = m[2] ?? '';
        const swapped = /&amp;&amp;/.test(expression)
            ? expression.replace('&amp;&amp;', '||')
            : /\bAND\(/.test(expression)
              ? expression.replace(/\bAND\(/, 'OR(')
              : /\bOR\(/.test(expression)
                ? expression.replace(/\bOR\(/, 'AND(')
                : null;
        if (swapped)
            add(
                'swap AND/OR',
                `${name}`,
                xml.slice(0, m.index ?? 0) + m[0].replace(expression, swapped) + xml.slice((m.index ?? 0) + m[0].length)
            );
    }
    return out;
}

export interface MutationReport {
    total: number;
    killed: number;
    survived: Mutant[];
    score: number;
    required: { name: string; killed: boolean; by: string }[];
    byFlow: Record<string, { total: number; killed: number }>;
}

function killedBy(sources: Map<string, string>): string | null {
    try {
        const result = runSuite(sources, undefined, { stopAtFirstFailure: true });
        const failure = [...result.flowTests, ...result.scenarios].find((r) => !r.passed);
        if (!failure) return null;
        return 'test' in failure ? `flow test ${failure.test}` : `scenario ${failure.scenario}`;
    } catch (error) {
        return `engine refused the flow: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`;
    }
}

/** Runs the required mutants, then every systematic mutant of every flow. */
export function runMutations(log: (line: string) => void = () => {}, onlyFlows?: string[]): MutationReport {
    const sources = flowSources();
    const report: MutationReport = { total: 0, killed: 0, survived: [], score: 0, required: [], byFlow: {} };
    for (const required of REQUIRED_MUTANTS) {
        const file = [...sources.keys()].find((f) => basename(f) === `${required.flow}.flow-meta.xml`) ?? '';
        const mutated = new Map(sources).set(file, required.mutate(sources.get(file) ?? ''));
        const by = killedBy(mutated);
        report.required.push({ name: required.name, killed: by !== null, by: by ?? 'survived' });
        log(`${by ? '✔ killed' : '✖ SURVIVED'} required mutant: ${required.name}${by ? ` — by ${by}` : ''}`);
    }
    for (const [file, xml] of sources) {
        const mutants = mutantsOf(file, xml).filter((m) => !onlyFlows || onlyFlows.includes(m.flow));
        for (const mutant of mutants) {
            const by = killedBy(new Map(sources).set(file, mutant.xml));
            report.total += 1;
            const flowStats = (report.byFlow[mutant.flow] ??= { total: 0, killed: 0 });
            flowStats.total += 1;
            if (by) {
                report.killed += 1;
                flowStats.killed += 1;
            } else {
                report.survived.push(mutant);
                log(`  survived: ${mutant.flow} — ${mutant.operator} at ${mutant.site}`);
            }
        }
    }
    report.score = report.total ? report.killed / report.total : 1;
    for (const [flow, stats] of Object.entries(report.byFlow)) log(`${flow}: ${stats.killed}/${stats.total} killed`);
    return report;
}
