// npm run flowtests: every FlowTest of the project and every scenario (automation/scenarios), run by the offline
// flow engine against the flows the package ships. Prints one line per test and the summary line
//   flows: N, flow tests: N, scenarios: N, scenario runs: N, passed: N, failed: N
// and writes .gate/flowtests.json for CI's "N passed, N failed". Exit 1 when anything failed. A scenario runs under
// both re-entry readings when one of its saves re-entered after-save flows, once otherwise.
//   npm run flowtests [-- --mutate]   (--mutate: the mutation run of docs/FLOW-ENGINE.md)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSuite } from './suite.ts';
import { ROOT } from './project.ts';
import { runMutations } from './mutate.ts';

if (process.argv.includes('--mutate')) {
    const report = runMutations((line) => console.log(line));
    console.log(
        `mutants: ${report.total}, killed: ${report.killed}, survived: ${report.survived.length}, score: ${(report.score * 100).toFixed(1)} %`
    );
    process.exitCode = report.required.every((r) => r.killed) ? 0 : 1;
} else {
    const started = Date.now();
    const result = runSuite();
    for (const test of result.flowTests)
        console.log(
            `${test.passed ? '✔' : '✖'} flow test ${test.test}${test.passed ? '' : `\n    ${test.failures.join('\n    ')}`}`
        );
    for (const scenario of result.scenarios)
        console.log(
            `${scenario.passed ? '✔' : '✖'} scenario ${scenario.scenario} [${scenario.reentrantSaves || scenario.reentry === 'skip' ? `re-entry ${scenario.reentry}` : 'no re-entrant save: one reading'}] (${scenario.interviews} interviews)${scenario.passed ? '' : `\n    ${scenario.failures.join('\n    ')}`}`
        );
    const summary = `flows: ${result.flows}, flow tests: ${result.flowTests.length}, scenarios: ${new Set(result.scenarios.map((s) => s.scenario)).size}, scenario runs: ${result.scenarios.length}, passed: ${result.passed}, failed: ${result.failed}`;
    console.log(`${summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    mkdirSync(join(ROOT, '.gate'), { recursive: true });
    writeFileSync(join(ROOT, '.gate', 'flowtests.json'), `${JSON.stringify({ passed: result.passed, failed: result.failed })}\n`);
    process.exitCode = result.failed ? 1 : 0;
}
