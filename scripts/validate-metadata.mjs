#!/usr/bin/env node
// npm run validate: checks every metadata XML file of the package directories against the
// Salesforce Metadata API v66.0 schema (scripts/metadata-schema/metadata-v66.xsd), offline.
//
//   node scripts/validate-metadata.mjs [file-or-directory ...]
//
// Without arguments it validates every XML file under the packageDirectories of sfdx-project.json
// (except __tests__, node_modules and content files of static resources/documents/bundles).
// Output: one `path:line: message` per error (paths relative to the current directory), then
// `metadata: N files valid` or `metadata: N files, M errors`.
// Exit status: 0 valid, 1 validation errors, 2 usage or setup error (missing path or schema).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectFiles, metadataDirectories } from './lib/metadata/files.mjs';
import { validateFiles, SchemaMissingError } from './lib/metadata/validate.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
    const args = process.argv.slice(2);
    if (args.includes('--help') || args.includes('-h')) {
        console.log('usage: node scripts/validate-metadata.mjs [file-or-directory ...]');
        return 0;
    }
    // A package directory may be absent from a fresh clone while it holds no files (git keeps no empty folders).
    const roots = args.length ? args.map((a) => path.resolve(a)) : metadataDirectories(repoRoot).filter((dir) => existsSync(dir));
    const { files, missing } = collectFiles(roots);
    if (missing.length) {
        for (const m of missing) console.error(`validate-metadata: no such file or directory: ${path.relative(process.cwd(), m) || m}`);
        return 2;
    }
    let result;
    try {
        result = await validateFiles(files);
    } catch (e) {
        if (e instanceof SchemaMissingError) {
            console.error(`validate-metadata: ${e.message}`);
            return 2;
        }
        throw e;
    }
    for (const err of result.errors) console.log(`${err.file}:${err.line}: ${err.message}`);
    const n = result.fileCount;
    const files_ = `${n} file${n === 1 ? '' : 's'}`;
    if (result.errors.length) {
        console.log(`metadata: ${files_}, ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`);
        return 1;
    }
    console.log(`metadata: ${files_} valid`);
    return 0;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (e) => {
        console.error(`validate-metadata: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : e}`);
        process.exitCode = 2;
    }
);
