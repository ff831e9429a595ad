#!/usr/bin/env node
// npm run validate: every metadata-level check, on its own, in seconds (no build, no browser, no org):
//   1. the Metadata API v66.0 schema            scripts/validate-metadata.mjs
//   2. the platform rules the schema cannot see scripts/check-org-rules.mjs (limits, references, deploy, packaging,
//                                               FlowTests; docs/ORG-RULES.md)
//   3. labels and translations                  scripts/check-i18n.mjs
//   4. flow lint                                scripts/flow-scan.mjs
// Runs them all (a failure does not hide the next ones), then exits 1 if any failed.
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/project.mjs';

const CHECKS = [
    ['Metadata API schema', 'scripts/validate-metadata.mjs'],
    ['platform rules (limits, references, deploy, packaging, FlowTests)', 'scripts/check-org-rules.mjs'],
    ['labels and translations', 'scripts/check-i18n.mjs'],
    ['flow lint', 'scripts/flow-scan.mjs']
];

const failed = [];
const started = Date.now();
for (const [name, script] of CHECKS) {
    console.log(`\n▶ ${name}`);
    const run = spawnSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) failed.push(name);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length) {
    console.error(`\n✖ validate: ${failed.length} of ${CHECKS.length} checks failed (${failed.join('; ')}) in ${seconds} s`);
    process.exitCode = 1;
} else {
    console.log(`\n✔ validate: ${CHECKS.length} checks passed in ${seconds} s`);
}
