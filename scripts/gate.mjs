// npm test — the offline gate. Proves without any Salesforce org that what we ship would deploy:
// each step runs in order and the gate stops at the first failure, naming the step (the step itself names
// the file). Results for CI's "N passed, N failed" line are written under .gate/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/project.mjs';

const node = process.execPath;
const bin = (pkg, file) => join(ROOT, 'node_modules', pkg, file);
const GATE = join(ROOT, '.gate');

// node:test suites: every top-level folder's tests/ directory (scripts/tests, sandbox/tests, ...).
const NODE_TEST_DIRS = readdirSync(ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !['node_modules', 'force-app', 'org-tests', 'connection'].includes(entry.name))
    .map((entry) => `${entry.name}/tests/`)
    .filter((dir) => existsSync(join(ROOT, dir)))
    .sort();

const STEPS = [
    { name: 'build (TypeScript → LWC JavaScript, vendor bundles)', cmd: [node, 'scripts/build.mjs'] },
    { name: 'type-check sources and tests (LWC bundles, sync/)', cmd: [node, 'scripts/typecheck.mjs'] },
    { name: 'ESLint (LWC + LWC platform rules, sources and emitted JS)', cmd: [node, bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'] },
    { name: 'LWC compiler over every bundle', cmd: [node, 'scripts/lwc-validate.mjs'] },
    {
        name: 'npm run validate: Metadata API schema, platform rules (limits, references, deploy, packaging, FlowTests), labels, flow lint',
        cmd: [node, 'scripts/validate.mjs']
    },
    {
        name: 'jest (sfdx-lwc-jest) on the emitted JavaScript, with coverage thresholds',
        cmd: [node, bin('@salesforce/sfdx-lwc-jest', 'bin/sfdx-lwc-jest'), '--coverage', '--', '--ci', '--json', `--outputFile=${join(GATE, 'jest.json')}`]
    },
    {
        name: 'workbench in real Chromium (real softphone against the Diamy sandbox, in-memory org)',
        cmd: [node, 'scripts/workbench-check.mjs']
    },
    {
        name: 'npm run bench: ring→popup p95, ready time, softphone JS size against their targets (docs/PERFORMANCE.md; reuses the workbench bundle)',
        cmd: [node, 'scripts/bench.mjs', '--no-bundle']
    },
    {
        name: 'npm run flowtests: every FlowTest and flow scenario on the offline flow engine',
        cmd: [node, bin('tsx', 'dist/cli.mjs'), 'automation/engine/cli.ts']
    },
    {
        name: `node:test suites (${NODE_TEST_DIRS.join(', ')})`,
        cmd: [
            node,
            '--test',
            '--test-reporter=spec',
            '--test-reporter-destination=stdout',
            '--test-reporter=tap',
            `--test-reporter-destination=${join(GATE, 'node-tests.tap')}`,
            ...NODE_TEST_DIRS
        ]
    },
    { name: 'source → metadata format (package.xml, no authoring files, every bundle has its .js)', cmd: [node, 'scripts/convert.mjs'] }
];

rmSync(GATE, { recursive: true, force: true });
mkdirSync(GATE, { recursive: true });
const started = Date.now();
for (const [index, step] of STEPS.entries()) {
    const stepStarted = Date.now();
    console.log(`\n▶ ${index}. ${step.name}`);
    const [command, ...args] = step.cmd;
    const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
    if (result.status !== 0) {
        console.error(`\n✖ npm test failed at step ${index}: ${step.name} (${seconds} s). The messages above name the file.`);
        process.exit(result.status ?? 1);
    }
    console.log(`✔ ${index}. ${step.name} (${seconds} s)`);
}
console.log(`\n✔ npm test: all ${STEPS.length} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
