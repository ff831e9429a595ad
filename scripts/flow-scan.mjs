// Flow lint with Lightning Flow Scanner (@flow-scanner/lightning-flow-scanner-core): every flow in the
// package directories (or the files/folders given as arguments). Error-level findings fail, naming the
// file, line and element; warnings and notes are printed.
import pkg from '@flow-scanner/lightning-flow-scanner-core';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { metadataDirectories, walk, rel } from './lib/project.mjs';

const { parse, scan } = pkg;

function flowFiles(inputs) {
    const files = [];
    for (const input of inputs) {
        const path = resolve(input);
        if (statSync(path).isDirectory()) {
            for (const file of walk(path)) {
                if (file.endsWith('.flow-meta.xml')) {
                    files.push(file);
                }
            }
        } else {
            files.push(path);
        }
    }
    return files.sort();
}

const args = process.argv.slice(2);
const files = flowFiles(args.length > 0 ? args : metadataDirectories());
if (files.length === 0) {
    console.log('flow lint: no flows to scan');
    process.exit(0);
}

const parsed = await parse(files);
const unreadable = parsed.filter((p) => p.errorMessage);
const results = scan(parsed.filter((p) => !p.errorMessage), { detailLevel: 'enriched' });

let errors = 0;
let warnings = 0;
for (const failure of unreadable) {
    errors += 1;
    console.error(`${rel(failure.uri)}: cannot be read as a flow: ${failure.errorMessage}`);
}
for (const result of results) {
    const file = rel(result.flow.fsPath ?? result.flow.uri ?? result.flow.name);
    for (const rule of result.ruleResults.filter((r) => r.occurs)) {
        const severity = rule.severity ?? 'error';
        for (const detail of rule.details) {
            const where = detail.lineNumber ? `:${detail.lineNumber}` : '';
            const line = `${file}${where}: [${severity}] ${rule.ruleName}: ${detail.name} (${detail.type})`;
            if (severity === 'error') {
                errors += 1;
                console.error(line);
            } else {
                warnings += 1;
                console.log(line);
            }
        }
    }
}
console.log(`flow lint: ${files.length} flows, ${errors} errors, ${warnings} warnings/notes`);
process.exit(errors > 0 ? 1 : 0);
