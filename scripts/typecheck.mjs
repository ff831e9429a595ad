// The gate's type-check: the LWC sources and their tests (tsconfig.test.json), then the reference sync client and its
// stand-in of Salesforce's APIs (sync/tsconfig.json, node). Exits with the first failure.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

for (const project of ['tsconfig.test.json', 'sync/tsconfig.json']) {
    const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) {
        console.error(`type-check failed: ${project}`);
        process.exit(run.status ?? 1);
    }
    console.log(`type-check: ${project} ok`);
}
