// npm start — the main job for a newcomer: build the package, convert it to the deployable metadata format,
// print what it contains, then run the local Diamy sandbox (the simulator of Diamy's API) in the foreground.
// The workbench that renders the softphone in a browser against the sandbox does not exist yet.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT } from './lib/project.mjs';

function run(script) {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (result.status !== 0) {
        process.stdout.write(result.stdout);
        console.error(`npm start: ${script} failed`);
        process.exit(result.status ?? 1);
    }
}

run('build.mjs');
run('convert.mjs');

const manifest = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(readFileSync(join(ROOT, 'manifest', 'package.xml'), 'utf8'));
console.log('Diamy for Salesforce — unlocked package "Diamy for Salesforce" (no Apex), built and converted.\n');
console.log('What the package holds (manifest/package.xml, metadata format in mdapi/force-app):');
for (const type of manifest.Package.types) {
    const members = type.members;
    const shown = members.slice(0, 3).join(', ');
    console.log(`  ${type.name.padEnd(28)} ${String(members.length).padStart(3)}  ${shown}${members.length > 3 ? ', …' : ''}`);
}
const port = process.env.DIAMY_SANDBOX_PORT ?? '4010';
console.log(`
The softphone component exists (c-diamy-softphone), but the workbench that renders it in a browser against
the sandbox is not built yet. The Diamy sandbox starts now on
http://127.0.0.1:${port} (DIAMY_SANDBOX_PORT to change it; Ctrl+C to stop). Try, in another terminal:
  curl -s http://127.0.0.1:${port}/openapi.json | head
  curl -s -X POST http://127.0.0.1:${port}/sandbox/calls/inbound -H 'content-type: application/json' -d '{"from":"+33612345678"}'
  curl -s http://127.0.0.1:${port}/sandbox/state
  (scenario API and the contract: docs/DIAMY-CONTRACT.md)
Next steps:
  npm test                         the offline gate: build, type-check, lint, LWC compiler, jest,
                                   metadata schema, translations, flow lint, conversion
  sf project deploy start --source-dir force-app --target-org <scratch org>
                                   deploy (see README.md: "Deploy to a scratch org")
  docs/ARCHITECTURE.md             how the parts fit together
`);

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const sandbox = spawn(process.execPath, [tsx, join(ROOT, 'sandbox', 'cli.ts'), '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, DIAMY_SANDBOX_PORT: port }
});
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => sandbox.kill(signal));
}
sandbox.on('exit', (code) => process.exit(code ?? 0));
