// npm start — the main job for a newcomer. The agent workbench (the softphone against the local Diamy
// sandbox in a browser) does not exist yet; until it does, this builds the package, converts it to the
// deployable metadata format and prints what the package contains and where to go next.
import { spawnSync } from 'node:child_process';
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
console.log(`
The agent workbench (softphone in a browser against the local Diamy sandbox) is not built yet.
Next steps:
  npm test                         the offline gate: build, type-check, lint, LWC compiler, jest,
                                   metadata schema, translations, flow lint, conversion
  sf project deploy start --source-dir force-app --target-org <scratch org>
                                   deploy (see README.md: "Deploy to a scratch org")
  docs/ARCHITECTURE.md             how the parts fit together
`);
