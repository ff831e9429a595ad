// The whole offline flow suite: every FlowTest of the project and every scenario under both re-entry readings,
// against the flows read from disk or given in memory (mutation runs).
import { loadPackage, flowSources, flowTestFiles } from './project.ts';
import { FlowRuntime } from './runtime.ts';
import { parseFlowTest, runFlowTest } from './flowtest.ts';
import type { FlowTestResult } from './flowtest.ts';
import { runScenario } from './scenario.ts';
import type { Scenario, ScenarioResult } from './scenario.ts';
import { SCENARIOS } from '../scenarios/index.ts';

export interface SuiteResult {
    flows: number;
    flowTests: FlowTestResult[];
    scenarios: ScenarioResult[];
    passed: number;
    failed: number;
}

export function runSuite(
    sources: Map<string, string> = flowSources(),
    scenarios: Scenario[] = SCENARIOS,
    options: { stopAtFirstFailure?: boolean } = {}
): SuiteResult {
    const { schema, flows } = loadPackage(sources);
    const flowTests: FlowTestResult[] = [];
    const scenarioResults: ScenarioResult[] = [];
    const stop = () => options.stopAtFirstFailure && [...flowTests, ...scenarioResults].some((r) => !r.passed);
    for (const file of flowTestFiles()) {
        let result: FlowTestResult;
        try {
            result = runFlowTest(parseFlowTest(file), () => new FlowRuntime(schema, flows));
        } catch (error) {
            result = {
                test: file,
                flow: '',
                passed: false,
                failures: [`engine error: ${error instanceof Error ? error.message : String(error)}`],
                visited: []
            };
        }
        flowTests.push(result);
        if (stop()) break;
    }
    for (const scenario of stop() ? [] : scenarios) {
        for (const reentry of ['rerun', 'skip'] as const) {
            let result: ScenarioResult;
            try {
                result = runScenario(scenario, schema, flows, reentry);
            } catch (error) {
                result = {
                    scenario: scenario.name,
                    reentry,
                    passed: false,
                    failures: [`engine error: ${error instanceof Error ? error.message : String(error)}`],
                    interviews: 0,
                    reentrantSaves: 0
                };
            }
            scenarioResults.push(result);
            if (stop()) break;
            // No save re-entered a record's after-save flows: the 'skip' reading would run the very same steps.
            if (reentry === 'rerun' && result.reentrantSaves === 0 && !result.failures[0]?.startsWith('engine error')) break;
        }
        if (stop()) break;
    }
    const all = [...flowTests, ...scenarioResults];
    return {
        flows: flows.length,
        flowTests,
        scenarios: scenarioResults,
        passed: all.filter((r) => r.passed).length,
        failed: all.filter((r) => !r.passed).length
    };
}
