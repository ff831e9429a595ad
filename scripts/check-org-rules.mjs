#!/usr/bin/env node
// The platform rules the schema cannot see (scripts/lib/org-rules/): documented limits, references, deploy rules,
// packaging and upgrade rules, FlowTests, over the package, the other deployment directories and the connection
// template. Prints `file:line: [rule] message (source)` per problem, then a summary line; exit 1 on any problem.
//   node scripts/check-org-rules.mjs [--root <project>]
import { resolve } from 'node:path';
import { ROOT } from './lib/project.mjs';
import { loadProject } from './lib/org-rules/model.mjs';
import { checkAll } from './lib/org-rules/rules.mjs';
import { LIMITS } from './lib/org-rules/limits.mjs';

const rootFlag = process.argv.indexOf('--root');
const root = rootFlag > 0 ? resolve(process.argv[rootFlag + 1]) : ROOT;
const project = loadProject(root);
const problems = checkAll(project);
for (const p of problems) console.log(`${p.file}:${p.line}: [${p.rule}] ${p.message}${p.source ? ` (source: ${p.source})` : ''}`);
const summary = `org rules: ${project.components.length} components in ${project.units.length} deployment units, ${LIMITS.length} documented limits`;
console.log(
    problems.length ? `${summary}: ${problems.length} problem${problems.length === 1 ? '' : 's'}` : `${summary}: no problems`
);
process.exitCode = problems.length ? 1 : 0;
