// npm run build: TypeScript sources → the JavaScript the platform runs, in place beside each .ts.
// 1. remove every generated .js under lwc/ (so a deleted .ts never leaves a stale .js behind);
// 2. write tsconfig.paths.json (c/<bundle> → its .ts);
// 3. bundle third-party npm code into LWC service modules (rollup), with a size report;
// 4. tsc: target ESNext with standard decorators, so @api/@wire/@track reach the LWC compiler unchanged.
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, lwcBundles, walk } from './lib/project.mjs';
import { bundleVendor } from './bundle-vendor.mjs';

function step(name, fn) {
    const started = Date.now();
    fn();
    console.log(`build: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export async function build() {
    step('clean generated JavaScript', () => {
        for (const bundle of lwcBundles()) {
            for (const file of walk(bundle.dir)) {
                if (file.endsWith('.js') && !file.includes('__tests__')) {
                    rmSync(file);
                }
            }
        }
    });
    step('tsconfig paths', () => {
        const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-tspaths.mjs')], { cwd: ROOT, stdio: 'inherit' });
        if (result.status !== 0) {
            throw new Error('gen-tspaths failed');
        }
    });
    const started = Date.now();
    await bundleVendor();
    console.log(`build: vendor bundles (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    step('tsc', () => {
        const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
        const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: ROOT, stdio: 'inherit' });
        if (result.status !== 0) {
            throw new Error('tsc reported errors (above); nothing was emitted');
        }
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
    build().catch((error) => {
        console.error(`build failed: ${error.message}`);
        process.exit(1);
    });
}
