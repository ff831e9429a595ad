// Prints the plain line CI reads, "N passed, N failed", from jest's --json output, the node:test TAP
// output, the flow engine's flowtests.json and the browser check's workbench.json that the gate writes under .gate/. A suite that did not run
// counts nothing; a run with no results at all prints "0 passed, 1 failed" so that it can never pass unnoticed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/project.mjs';

let passed = 0;
let failed = 0;
let suites = 0;

const jestFile = join(ROOT, '.gate', 'jest.json');
if (existsSync(jestFile)) {
    const jest = JSON.parse(readFileSync(jestFile, 'utf8'));
    passed += jest.numPassedTests;
    failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
    suites += 1;
}
const tapFile = join(ROOT, '.gate', 'node-tests.tap');
if (existsSync(tapFile)) {
    const tap = readFileSync(tapFile, 'utf8');
    const count = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
    passed += count('pass');
    failed += count('fail') + count('cancelled');
    suites += 1;
}
const flowTestsFile = join(ROOT, '.gate', 'flowtests.json');
if (existsSync(flowTestsFile)) {
    const flowTests = JSON.parse(readFileSync(flowTestsFile, 'utf8'));
    passed += flowTests.passed;
    failed += flowTests.failed;
    suites += 1;
}
const workbenchFile = join(ROOT, '.gate', 'workbench.json');
if (existsSync(workbenchFile)) {
    const workbench = JSON.parse(readFileSync(workbenchFile, 'utf8'));
    passed += workbench.passed;
    failed += workbench.failed;
    suites += 1;
}
if (suites === 0) {
    failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
