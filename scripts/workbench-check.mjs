// npm run workbench:check — the workbench in real Chromium: bundles it (unless --no-bundle), starts the Diamy
// sandbox and the workbench on free ports, and plays every situation an agent meets with the REAL softphone
// (scripts/workbench-check/*.mjs: one module per family, one situation per entry). Each situation gets a sandbox
// reset and its own browser context (fresh storage, fresh in-memory org), asserts the Diamy_Call__c records of the
// org (each ended call exactly once, with its direction, outcome, parties, lookups and wrap-up) and leaves a
// screenshot at workbench/dist/<situation>.png. Every situation runs and is reported, failed or not.
// Prints "workbench: N checks passed, M failed"; exits 1 if one failed. Writes .gate/workbench.json
// ({passed, failed, situations}) for scripts/test-summary.mjs.
//
//   node scripts/workbench-check.mjs [--no-bundle] [--only name,name…] [--list]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './lib/project.mjs';
import { startWorkbenchServer } from './lib/workbench-server.mjs';
import { bundleWorkbench, DIST } from './bundle-workbench.mjs';
import { spawnSandbox } from '../sandbox/spawn.mjs';
import { Situation, StepFailure } from './workbench-check/kit.mjs';

/** The scenario modules, in the order they run. Each exports `situations`: [{ name, title, run(t), … }]. */
const MODULES = [
    'basics',
    'outbound',
    'internal',
    'inbound',
    'matching',
    'controls',
    'transfers',
    'waiting',
    'resilience',
    'tabs',
    'presence',
    'layout',
    'wrapup',
    'french',
    'pages',
    'setup',
    'calllists'
];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A situation that hangs is stopped after this long and reported failed. */
const SITUATION_TIMEOUT = 60000;

const args = process.argv.slice(2);
const option = (name) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
};
const started = Date.now();
const results = [];
const timings = {};

function record() {
    mkdirSync(join(ROOT, '.gate'), { recursive: true });
    const passed = results.filter((r) => r.passed).length;
    writeFileSync(
        join(ROOT, '.gate', 'workbench.json'),
        JSON.stringify({ passed, failed: results.length - passed, situations: results }, null, 1)
    );
}

async function loadSituations() {
    const all = [];
    for (const name of MODULES) {
        const module = await import(`./workbench-check/${name}.mjs`);
        for (const situation of module.situations) all.push({ ...situation, module: name });
    }
    const names = new Set();
    for (const { name } of all) {
        if (!/^[a-z0-9-]+$/.test(name) || names.has(name))
            throw new Error(`situation name "${name}" is not unique or not kebab-case`);
        names.add(name);
    }
    const only = option('--only')?.split(',').filter(Boolean);
    return only ? all.filter((s) => only.some((wanted) => s.name === wanted || s.module === wanted)) : all;
}

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new StepFailure(`${what} did not finish within ${ms / 1000} s`)), ms);
        })
    ]);
}

async function runSituation(situation, { browser, server, sandbox }) {
    const t = new Situation({
        name: situation.name,
        browser,
        serverUrl: server.url,
        sandboxUrl: sandbox.url,
        dist: DIST,
        allowConsole: situation.allowConsole
    });
    const began = Date.now();
    let error = null;
    try {
        await t.control('POST', '/sandbox/reset');
        if (situation.config) await t.control('PUT', '/sandbox/config', situation.config);
        await t.start();
        if (situation.page !== false) await t.open({ lang: situation.lang, query: situation.query });
        await withTimeout(situation.run(t), situation.timeout ?? SITUATION_TIMEOUT, `situation ${situation.name}`);
        const page = t.livePage;
        if (page && situation.page !== false) {
            await t.step('every ended call logged exactly once, none doubled', () => t.expectCalls(page));
            await t.check('no Diamy_Integration_Log__c (no logging error or warning)', async () => {
                const logs = await t.orgLogs(page);
                if (logs.length > 0) throw new Error(logs.join(' | '));
            });
        }
        if (!t.screenshot) await t.shot();
    } catch (caught) {
        error = caught instanceof StepFailure ? caught.message : `unexpected: ${String(caught?.stack ?? caught)}`;
    }
    const consoleErrors = t.unexpectedConsoleErrors();
    if (consoleErrors.length > 0) t.softFailures.push(`console errors: ${consoleErrors.slice(0, 3).join(' | ')}`);
    const problems = [error, ...t.softFailures].filter(Boolean);
    if (problems.length > 0) {
        // What the softphone itself said (a refused command shows its reason inline).
        const said = await t.livePage
            ?.locator('.softphone-error, .softphone-token-error')
            .allInnerTexts()
            .catch(() => []);
        if (said?.length) problems.push(`the softphone says: ${said.join(' | ').replace(/\s+/g, ' ').trim()}`);
        // The state at the failure, under the situation's name (an earlier screenshot of this run is replaced).
        await t.shot().catch(() => undefined);
    }
    await t.close();
    return {
        name: situation.name,
        title: situation.title,
        passed: problems.length === 0,
        seconds: Number(((Date.now() - began) / 1000).toFixed(1)),
        problems,
        screenshot: t.screenshot ? `workbench/dist/${situation.name}.png` : null
    };
}

async function main() {
    const situations = await loadSituations();
    if (args.includes('--list')) {
        for (const s of situations) console.log(`${s.name.padEnd(28)} ${s.title}`);
        return;
    }
    if (situations.length === 0) throw new Error('no situation matches --only');
    if (!args.includes('--no-bundle')) {
        timings.bundle = (await bundleWorkbench({ quiet: true })).seconds;
    }
    mkdirSync(DIST, { recursive: true });
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
    const browserStarted = Date.now();
    try {
        for (const situation of situations) {
            const result = await runSituation(situation, { browser, server, sandbox });
            results.push(result);
            const mark = result.passed ? '✔' : '✖';
            console.log(
                `  ${mark} ${result.name} (${result.seconds.toFixed(1)} s)${result.passed ? '' : `\n      ${result.problems.join('\n      ')}`}`
            );
        }
    } finally {
        timings.browser = (Date.now() - browserStarted) / 1000;
        await browser.close().catch(() => undefined);
        await server.close();
        await sandbox.close();
    }
}

main()
    .then(() => {
        if (args.includes('--list')) return;
        record();
        const passed = results.filter((r) => r.passed).length;
        const failed = results.length - passed;
        const bundle = timings.bundle === undefined ? '' : `bundle ${timings.bundle.toFixed(1)} s, `;
        const summary = `workbench: ${passed} checks passed, ${failed} failed (${bundle}browser ${timings.browser.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots workbench/dist/<situation>.png)`;
        if (failed > 0) {
            console.error(
                `${summary}\n  failed: ${results
                    .filter((r) => !r.passed)
                    .map((r) => r.name)
                    .join(', ')}`
            );
            process.exit(1);
        }
        console.log(summary);
    })
    .catch((error) => {
        const passed = results.filter((r) => r.passed).length;
        results.push({
            name: 'runner',
            title: 'the check itself',
            passed: false,
            seconds: 0,
            problems: [String(error?.message ?? error)],
            screenshot: null
        });
        record();
        console.error(`workbench: ${passed} checks passed, ${results.length - passed} failed — ${error.message}`);
        process.exit(1);
    });
