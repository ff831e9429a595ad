// npm start — the main job for a newcomer: the WORKBENCH. Builds the package (TypeScript → LWC JavaScript),
// bundles the real softphone with LWC OSS (workbench/dist/), starts the local Diamy sandbox and a static server
// for the workbench (which also hosts the org server of call lists, /org/), and prints the URL: the agent UI runs in a browser, outside Salesforce, against the sandbox.
// Ctrl+C stops both. DIAMY_SANDBOX_PORT (default 4010) and WORKBENCH_PORT (default 4020) change the ports.
// The page is served like a production page (LWC production mode, minified, cached for good); `npm start -- --dev`
// (or WORKBENCH_DEV=1) bundles LWC's development mode instead, unminified, with its warnings in the console.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/project.mjs';
import { bundleWorkbench } from './bundle-workbench.mjs';
import { startWorkbenchServer } from './lib/workbench-server.mjs';
import { spawnSandbox } from '../sandbox/spawn.mjs';

const started = Date.now();
const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (build.status !== 0) {
    process.stdout.write(build.stdout);
    console.error('npm start: the build failed (messages above)');
    process.exit(build.status ?? 1);
}
console.log(`npm start: package built (${((Date.now() - started) / 1000).toFixed(1)} s); bundling the workbench with LWC OSS…`);
await bundleWorkbench({ dev: process.argv.includes('--dev') || process.env.WORKBENCH_DEV === '1' });

const sandboxPort = Number(process.env.DIAMY_SANDBOX_PORT ?? 4010);
const workbenchPort = Number(process.env.WORKBENCH_PORT ?? 4020);
// The workbench first: the sandbox's control API (/sandbox/*) answers only the workbench's origin.
const server = await startWorkbenchServer({ port: workbenchPort }).catch((error) => {
    console.error(`npm start: the workbench could not listen on port ${workbenchPort} (WORKBENCH_PORT to change it): ${error.message}`);
    process.exit(1);
});
const sandbox = await spawnSandbox({ port: sandboxPort, controlOrigins: server.origins }).catch(async (error) => {
    await server.close();
    console.error(`npm start: the Diamy sandbox did not start on port ${sandboxPort} (DIAMY_SANDBOX_PORT to change it): ${error.message}`);
    process.exit(1);
});
server.setSandboxUrl(sandbox.url);

console.log(`
Diamy workbench ready in ${((Date.now() - started) / 1000).toFixed(1)} s:

    ${server.url}            (French: ${server.url}/?lang=fr)
    ${server.url}/?agent=2   a second agent, Hugo Lefèvre (open it in another browser or a private window)

The real softphone (c-diamy-softphone and its children) runs there outside Salesforce, signed in as the
sandbox agent Camille Martin, against the Diamy sandbox on ${sandbox.url}. Use the scenario buttons (inbound
call from a known contact / unknown / withheld number, remote answer / busy / no answer, drop the socket,
expire tokens, colleague presence) and watch the Diamy_Call__c records land in the in-memory org.
Call lists (sample campaigns, members, follow-up Tasks) live in the org server every agent shares, with the
package's flows: ${server.url}/org/dump shows it (docs/WORKBENCH.md, "Call lists").
Ctrl+C stops the workbench and the sandbox.

Also:  npm test                  the offline gate (includes this workbench in headless Chromium)
       npm run workbench:check   only the browser check (screenshots in workbench/dist/)
       docs/WORKBENCH.md         what is real and what is a test double here
`);

// The org server of call lists loads its engine now (about two seconds), not at the first call a page saves.
server.orgReady().catch((error) => console.error(`npm start: the org server of call lists did not start: ${error.message}`));

let stopping = false;
const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await sandbox.close();
    process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
