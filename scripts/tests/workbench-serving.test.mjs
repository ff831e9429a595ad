// The workbench is served like a production page (scripts/lib/workbench-server.mjs, scripts/bundle-workbench.mjs):
// every asset has a content-hashed name and a one-year immutable Cache-Control, index.html is revalidated, a page
// load fetches each asset once, and a reload fetches no asset at all. Real Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) against the real server and sandbox. Uses the last bundle in workbench/dist/ (the gate's workbench
// step has just made it); bundles first when there is none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { bundleWorkbench, MANIFEST } from '../bundle-workbench.mjs';
import { IMMUTABLE, startWorkbenchServer } from '../lib/workbench-server.mjs';
import { spawnSandbox } from '../../sandbox/spawn.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server;
let sandbox;
let browser;

before(async () => {
    if (!existsSync(MANIFEST)) await bundleWorkbench({ quiet: true });
    server = await startWorkbenchServer({ port: 0 });
    sandbox = await spawnSandbox({ controlOrigins: server.origins });
    server.setSandboxUrl(sandbox.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
    await browser?.close();
    await server?.close();
    await sandbox?.close();
});

/** Loads the page until the softphone is connected; returns the responses the page received, by path. */
async function load(page, action) {
    const responses = [];
    const onResponse = (response) => {
        const url = new URL(response.url());
        if (url.origin === server.url) responses.push({ path: url.pathname, status: response.status(), headers: response.headers(), fromCache: response.fromServiceWorker() });
    };
    page.on('response', onResponse);
    await action();
    await page.locator('.softphone-connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 20000 });
    // Late assets (the phone library, icon templates) have been asked for once the colleagues are listed.
    await page.locator('.softphone-colleague').first().waitFor({ timeout: 20000 });
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    return responses;
}

const isAsset = (path) => path !== '/' && path !== '/config.json';

test('a first load fetches every asset once, each named by its content hash and cached for good; index.html is revalidated', async () => {
    const context = await browser.newContext();
    try {
        const page = await context.newPage();
        server.requests.clear();
        const responses = await load(page, () => page.goto(server.url));
        const served = [...server.requests.entries()];
        const assets = served.filter(([path]) => isAsset(path));
        assert.ok(assets.length >= 4, `expected the page's assets, got ${JSON.stringify(served)}`);
        const twice = served.filter(([, count]) => count > 1);
        assert.deepEqual(twice, [], `fetched more than once: ${JSON.stringify(twice)}`);
        for (const response of responses.filter((r) => isAsset(r.path))) {
            assert.equal(response.status, 200, `${response.path}: ${response.status}`);
            assert.equal(response.headers['cache-control'], IMMUTABLE, `${response.path} is served without long-lived caching`);
            assert.match(response.path, /^\/(assets\/[\w.]+-[\w-]{8,}\.(js|css)|slds-[0-9a-f]{12}\/.+)$/, `${response.path} has no content hash`);
        }
        const index = responses.find((r) => r.path === '/');
        assert.equal(index.headers['cache-control'], 'no-cache');
        assert.ok(index.headers.etag, 'index.html has an ETag');
    } finally {
        await context.close();
    }
});

test('a reload fetches no asset again: only index.html and the configuration reach the server', async () => {
    const context = await browser.newContext();
    try {
        const page = await context.newPage();
        await load(page, () => page.goto(server.url));
        server.requests.clear();
        await load(page, () => page.reload());
        const served = [...server.requests.keys()];
        assert.deepEqual(served.filter(isAsset), [], `a reload fetched ${JSON.stringify(served)}`);
        assert.ok(served.includes('/'), 'index.html is asked for again (no-cache)');
    } finally {
        await context.close();
    }
});

test('index.html revalidates with its ETag: 304 while it has not changed', async () => {
    const first = await fetch(server.url);
    const etag = first.headers.get('etag');
    assert.equal(first.status, 200);
    const again = await fetch(server.url, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(server.url, { headers: { 'if-none-match': '"other"' } })).status, 200);
});

test('the server answers 404 to unhashed names, unknown SLDS prefixes and paths out of its folders', async () => {
    for (const path of ['/app.js', '/assets/app.js', '/workbench.css', '/assets/icons/utility-sprite/svg/symbols.svg', '/slds-000000000000/styles/salesforce-lightning-design-system.min.css', '/assets/..%2f..%2fpackage.json', '/slds-x/../../package.json']) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 404, path);
        assert.notEqual(response.headers.get('cache-control'), IMMUTABLE, path);
    }
});
