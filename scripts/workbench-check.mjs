// npm run workbench:check — the workbench in real Chromium: bundles it (unless --no-bundle), starts the Diamy
// sandbox and the workbench on free ports, and drives the REAL softphone like an agent would: connect, inbound
// call from a known contact (utility highlighted, popup shows the contact), answer, hold/resume, hang up,
// wrap-up with disposition + notes, save → exactly one Diamy_Call__c for that call in the in-memory org; an
// unknown number offers "Create contact"; a dropped socket shows Reconnecting… then Connected. Screenshots in
// workbench/dist/. Prints "workbench: N checks passed, …"; exits 1 naming the failed step. Writes
// .gate/workbench.json ({passed, failed}) for scripts/test-summary.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './lib/project.mjs';
import { startWorkbenchServer } from './lib/workbench-server.mjs';
import { bundleWorkbench, DIST } from './bundle-workbench.mjs';
import { spawnSandbox } from '../sandbox/spawn.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STEP_TIMEOUT = 10000;
const started = Date.now();
let passed = 0;
let failed = 0;
const timings = {};

function record() {
    mkdirSync(join(ROOT, '.gate'), { recursive: true });
    writeFileSync(join(ROOT, '.gate', 'workbench.json'), JSON.stringify({ passed, failed }));
}

async function main() {
    if (!process.argv.includes('--no-bundle')) {
        timings.bundle = (await bundleWorkbench({ quiet: true })).seconds;
    }
    // The workbench first: its origin is the only browser origin the sandbox's control API answers.
    const server = await startWorkbenchServer({ port: 0 });
    const sandbox = await spawnSandbox({ controlOrigins: server.origins });
    server.setSandboxUrl(sandbox.url);
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic'
        ]
    });
    const errors = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        page.setDefaultTimeout(STEP_TIMEOUT);
        page.on('console', (message) => {
            if (message.type() === 'error' && !/favicon/.test(message.text())) errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        const browserStarted = Date.now();

        const step = async (name, body) => {
            try {
                await body();
                passed += 1;
            } catch (error) {
                failed += 1;
                await page.screenshot({ path: join(DIST, 'workbench-failure.png') }).catch(() => undefined);
                throw new Error(
                    `step "${name}" failed: ${error.message.split('\n')[0]} (screenshot: workbench/dist/workbench-failure.png)`
                );
            }
        };
        const text = (selector) => page.locator(selector).first().innerText();
        // Playwright's locators see through (synthetic) shadow trees; document.querySelector does not.
        const waitText = (selector, expected) => page.locator(selector).filter({ hasText: expected }).first().waitFor();
        const click = (selector) => page.locator(selector).first().click();
        const agentCalls = async () => {
            const state = await (await fetch(`${sandbox.url}/sandbox/state`)).json();
            return state.calls.filter((c) => c.agent_id === 'usr_camille.martin');
        };
        const noErrors = () => {
            if (errors.length > 0) throw new Error(`console errors: ${errors.join(' | ')}`);
        };

        await step('page loads without console errors', async () => {
            await page.goto(server.url);
            await page.locator('c-diamy-softphone .softphone-header').waitFor();
            noErrors();
        });
        await step('softphone reaches Connected', () => waitText('.softphone-connection', 'Connected'));
        await step('sandbox control API: the workbench origin is allowed, another origin refused', async () => {
            const pageOrigin = new URL(page.url()).origin;
            const allowed = await fetch(`${sandbox.url}/sandbox/faults`, { headers: { origin: pageOrigin } });
            if (allowed.status !== 200 || allowed.headers.get('access-control-allow-origin') !== pageOrigin) {
                throw new Error(`workbench origin ${pageOrigin}: ${allowed.status}, allow-origin ${allowed.headers.get('access-control-allow-origin')}`);
            }
            const foreign = await fetch(`${sandbox.url}/sandbox/reset`, { method: 'POST', headers: { origin: 'http://evil.example' } });
            if (foreign.status !== 403 || foreign.headers.get('access-control-allow-origin') !== null) {
                throw new Error(`foreign origin: ${foreign.status}, allow-origin ${foreign.headers.get('access-control-allow-origin')}`);
            }
        });
        await step('colleagues listed from the sandbox directory', () => waitText('.softphone-colleague', 'Julien Moreau'));

        await step('inbound call from a known contact highlights the utility', async () => {
            await click('[data-scenario="inbound-known"]');
            await page.locator('#wb-utility-item[data-highlighted="true"]').waitFor();
            const label = await text('#wb-utility-label');
            if (!label.includes('Sophie Bernard')) throw new Error(`utility label is "${label}"`);
        });
        await step('caller popup shows the matched contact and its context', async () => {
            await waitText('c-diamy-caller-popup', 'Sophie Bernard');
            await waitText('c-diamy-caller-popup', 'Cabinet Bernard');
            await waitText('c-diamy-caller-popup', 'Facture en double');
        });
        await step('Answer → in-call controls', async () => {
            await click('.softphone-answer button');
            await page.locator('.softphone-hold button').waitFor();
            await page.locator('#wb-utility-item[data-highlighted="false"]').waitFor();
        });
        await step('Hold then Resume', async () => {
            const holdLabel = await text('.softphone-hold button');
            await click('.softphone-hold button');
            await page.locator('.softphone-hold button').filter({ hasNotText: holdLabel.trim() }).waitFor();
            const calls = await agentCalls();
            if (calls.at(-1)?.state !== 'held') throw new Error(`sandbox call state is ${calls.at(-1)?.state}, not held`);
            await click('.softphone-hold button');
            await page.locator('.softphone-hold button').filter({ hasText: holdLabel.trim() }).waitFor();
        });
        await page.screenshot({ path: join(DIST, 'workbench-call.png') });
        const callId = (await agentCalls()).at(-1)?.id;
        await step('Hang up → wrap-up', async () => {
            await click('.softphone-controls ~ * .softphone-hang-up button, .softphone-hang-up button');
            await page.locator('.softphone-wrap-up').waitFor();
        });
        await step('wrap-up: disposition + notes, Save → one Diamy_Call__c with the disposition', async () => {
            await click('.softphone-disposition button');
            await click('.softphone-disposition lightning-base-combobox-item[data-value="Resolved"]');
            await page.locator('.softphone-notes textarea').fill('Facture en double annulée, avoir envoyé.');
            await click('.softphone-save button');
            await page.locator('.softphone-idle').waitFor();
            await page.waitForFunction((id) => {
                const rows = globalThis.__workbench.org.calls().filter((r) => r.fields.Diamy_Call_Id__c === id);
                return (
                    rows.length === 1 &&
                    rows[0].fields.Disposition__c === 'Resolved' &&
                    /avoir/.test(rows[0].fields.Notes__c ?? '')
                );
            }, callId);
            const row = await page.evaluate(
                (id) => globalThis.__workbench.org.calls().find((r) => r.fields.Diamy_Call_Id__c === id).fields,
                callId
            );
            if (row.Contact__c !== '003WB0000000001AAA' || row.Outcome__c !== 'Answered' || row.Direction__c !== 'Inbound') {
                throw new Error(`record fields: ${JSON.stringify(row)}`);
            }
        });
        await step('unknown number offers Create contact; Decline logs a missed call', async () => {
            await click('[data-scenario="inbound-unknown"]');
            await page.locator('c-diamy-caller-popup .popup-create-contact').waitFor();
            await click('.softphone-decline button');
            await page.locator('.softphone-idle').waitFor();
            await page.waitForFunction(() => globalThis.__workbench.org.calls().length === 2);
        });
        await step('socket drop → Reconnecting… then Connected', async () => {
            await page.locator('.softphone-header').evaluate((header) => {
                const seen = [];
                globalThis.__connectionSeen = seen;
                new globalThis.MutationObserver(() => seen.push(header.textContent ?? '')).observe(header, {
                    subtree: true,
                    childList: true,
                    characterData: true
                });
            });
            await click('[data-scenario="drop-socket"]');
            await page.waitForFunction(() => globalThis.__connectionSeen.some((t) => t.includes('Reconnecting')));
            await waitText('.softphone-connection', 'Connected');
        });
        await step('in-memory org: every call logged once, none doubled, no console errors', async () => {
            const summary = await page.evaluate(() => ({
                calls: globalThis.__workbench.org.calls().length,
                duplicates: globalThis.__workbench.org.duplicates()
            }));
            const ended = (await agentCalls()).filter((c) => c.state === 'ended').length;
            if (summary.duplicates.length > 0 || summary.calls !== ended)
                throw new Error(`org ${JSON.stringify(summary)}, sandbox ended calls ${ended}`);
            noErrors();
        });
        await page.screenshot({ path: join(DIST, 'workbench.png') });
        timings.browser = (Date.now() - browserStarted) / 1000;
    } finally {
        await browser.close().catch(() => undefined);
        await server.close();
        await sandbox.close();
    }
}

main()
    .then(() => {
        record();
        const bundle = timings.bundle === undefined ? '' : `bundle ${timings.bundle.toFixed(1)} s, `;
        console.log(
            `workbench: ${passed} checks passed, ${failed} failed (${bundle}browser ${timings.browser.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots workbench/dist/workbench-call.png, workbench.png)`
        );
    })
    .catch((error) => {
        if (failed === 0) failed = 1;
        record();
        console.error(`workbench: ${passed} checks passed, ${failed} failed — ${error.message}`);
        process.exit(1);
    });
