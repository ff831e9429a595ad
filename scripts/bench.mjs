// npm run bench — the figures of issue 11, measured, printed and checked against their targets. Regression guards of
// OUR client code on the workbench (docs/PERFORMANCE.md): an org adds its network, LDS/GraphQL server time and the
// platform's own rendering, none of which is in these figures.
//
//   ringToPopupP95Ms   the WebSocket message carrying the ringing call reaches the page (stamped by a wrapper of the
//                      page's WebSocket, installed before any page script) → the caller's name is in the DOM of
//                      c-diamy-caller-popup (a MutationObserver of the page); p95 over --rings rings (default 60) from
//                      a known contact (Sophie Bernard), each ended by the caller before the next one.
//   readyMs            navigation start (performance.timeOrigin) → the softphone shows "Connected"; median of 5 loads
//                      in a fresh browser context (empty cache). readyWarmMs: one reload with the cache filled.
//   softphoneJsBytes   minified JavaScript of c/diamySoftphone and every module it imports statically (its child
//                      components, service modules; templates and styles compiled to JS), bundled by rollup +
//                      @lwc/rollup-plugin + terser; lwc, lightning/* and @salesforce/* are the platform's.
//   lazyJsBytes        what those modules import dynamically (c/diamyPhoneLib: libphonenumber-js and its metadata),
//                      not counted above; phoneLibLoadedMs: when it had arrived on the workbench, to compare with readyMs.
//   packageJsBytes     minified JavaScript of every bundle force-app ships (each module once).
//
// The LAST line of output is the JSON of the figures. Exits 1 when a figure misses its target (TARGETS below), 2 when
// the measurement itself failed. Options: --no-bundle (reuse workbench/dist), --rings N, --sizes-only.
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import terser from '@rollup/plugin-terser';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, lwcBundles } from './lib/project.mjs';
import { startWorkbenchServer } from './lib/workbench-server.mjs';
import { MANIFEST, bundleWorkbench } from './bundle-workbench.mjs';
import { spawnSandbox } from '../sandbox/spawn.mjs';

export const TARGETS = { ringToPopupP95Ms: 50, readyMs: 1000, softphoneJsBytes: 150000 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KNOWN_CONTACT = { number: '+33612345678', name: 'Sophie Bernard' };
const COLD_LOADS = 5;
const MIN_RINGS = 50;
const LWC_ROOT = join(ROOT, 'force-app', 'main', 'default', 'lwc');

function option(name, fallback) {
    const index = process.argv.indexOf(name);
    return index > 0 && process.argv[index + 1] ? Number(process.argv[index + 1]) : fallback;
}

// ------------------------------------------------------------------------------------------------------- sizes

const isPlatformModule = (id) => id === 'lwc' || id.startsWith('lightning/') || id.startsWith('@salesforce/');

/**
 * Minified chunks of the given force-app bundles as the platform serves them: every module whole (no tree shaking
 * across modules: the platform serves each module's full code), each module once, dynamic imports in chunks of their own.
 */
async function minifiedChunks(entries) {
    const modules = writtenBundles().map((b) => ({ name: `c/${b.name}`, path: join(b.dir, `${b.name}.js`) }));
    const ENTRY = '\0bench-entry:';
    const build = await rollup({
        input: Object.fromEntries(entries.map((name) => [name, `${ENTRY}${name}`])),
        treeshake: false,
        external: (id) => isPlatformModule(id),
        plugins: [
            {
                name: 'bench-entries',
                resolveId: (id) => (id.startsWith(ENTRY) ? id : null),
                load: (id) => (id.startsWith(ENTRY) ? `import 'c/${id.slice(ENTRY.length)}';` : null)
            },
            lwc({ rootDir: LWC_ROOT, modules, enableDynamicComponents: true })
        ],
        onwarn: (warning, warn) => {
            if (warning.code !== 'UNRESOLVED_IMPORT') warn(warning);
        }
    });
    const { output } = await build.generate({
        format: 'esm',
        plugins: [terser({ ecma: 2020, module: true, format: { comments: false } })]
    });
    await build.close();
    return output.filter((o) => o.type === 'chunk');
}

/**
 * The bundles that have code: a bundle with only its .js-meta.xml (a component whose metadata is fixed before it is
 * written) has nothing to measure and no module to resolve. One with a .ts must have been built (assertBuilt).
 */
function writtenBundles() {
    return lwcBundles().filter((b) => b.hasTs || existsSync(join(b.dir, `${b.name}.js`)));
}

/** The sizes are those of the emitted JavaScript: it must exist and be newer than its TypeScript source. */
function assertBuilt() {
    const stale = lwcBundles()
        .filter((b) => b.hasTs)
        .filter((b) => {
            const js = join(b.dir, `${b.name}.js`);
            return !existsSync(js) || statSync(js).mtimeMs < statSync(join(b.dir, `${b.name}.ts`)).mtimeMs;
        });
    if (stale.length > 0) throw new Error(`${stale.map((b) => b.name).join(', ')}: emitted JavaScript missing or older than the source: run npm run build`);
}

export async function measureSizes() {
    assertBuilt();
    const bytes = (chunk) => Buffer.byteLength(chunk.code);
    const softphone = await minifiedChunks(['diamySoftphone']);
    const byName = new Map(softphone.map((c) => [c.fileName, c]));
    const entry = softphone.find((c) => c.isEntry);
    const eager = new Set();
    const visit = (chunk) => {
        if (eager.has(chunk.fileName)) return;
        eager.add(chunk.fileName);
        for (const name of chunk.imports) if (byName.has(name)) visit(byName.get(name));
    };
    visit(entry);
    const softphoneJsBytes = softphone.filter((c) => eager.has(c.fileName)).reduce((sum, c) => sum + bytes(c), 0);
    const lazy = softphone.filter((c) => !eager.has(c.fileName));
    const lazyJsBytes = lazy.reduce((sum, c) => sum + bytes(c), 0);
    const lazyModules = lazy.flatMap((c) => c.moduleIds.map((id) => /lwc\/(\w+)\//.exec(id)?.[1] ?? id));
    const all = await minifiedChunks(writtenBundles().map((b) => b.name));
    const packageJsBytes = all.reduce((sum, c) => sum + bytes(c), 0);
    return { softphoneJsBytes, lazyJsBytes, lazyModules: [...new Set(lazyModules)], packageJsBytes };
}

// ---------------------------------------------------------------------------------------------------- browser

/**
 * Installed in the page before any of its scripts (so before @lwc/synthetic-shadow patches the DOM): keeps the
 * native MutationObserver and query functions, stamps ring messages as the page's WebSocket delivers them, and the
 * moments the popup shows the caller's name and the softphone shows "Connected".
 */
function instrumentPage({ expectedName }) {
    const { Document, Element, Node, document } = globalThis;
    const NativeObserver = globalThis.MutationObserver;
    const observe = NativeObserver.prototype.observe;
    const querySelector = Document.prototype.querySelector;
    const elementQuery = Element.prototype.querySelector;
    const textOf = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get;
    const bench = { rings: {}, waiting: null, readyAt: null };
    globalThis.__bench = bench;

    const NativeWebSocket = globalThis.WebSocket;
    class StampedWebSocket extends NativeWebSocket {
        constructor(...args) {
            super(...args);
            // Registered before the page's own listeners: runs first for every message.
            this.addEventListener('message', (event) => {
                const at = performance.now();
                if (typeof event.data !== 'string' || !event.data.includes('"call.incoming"')) return;
                const message = JSON.parse(event.data);
                if (message.type !== 'call.incoming') return;
                const id = message.call_id ?? message.data?.call?.id;
                bench.rings[id] = { ringAt: at, popupAt: null };
                bench.waiting = id;
            });
        }
    }
    globalThis.WebSocket = StampedWebSocket;

    /** Promises of the Node side: resolved by the observer when their predicate holds (no polling). */
    const waiters = [];
    bench.when = (predicate) =>
        new Promise((resolve) => {
            const test = () => {
                const value = predicate();
                if (value) resolve(value);
                return Boolean(value);
            };
            if (!test()) waiters.push(test);
        });
    bench.$ = (selector) => querySelector.call(document, selector);
    const check = () => {
        const now = performance.now();
        if (bench.readyAt === null) {
            const badge = querySelector.call(document, '.softphone-connection');
            if (badge && textOf.call(badge).trim() === 'Connected') bench.readyAt = now;
        }
        if (bench.waiting !== null) {
            const popup = querySelector.call(document, 'c-diamy-caller-popup');
            const name = popup && elementQuery.call(popup, '.popup-name');
            if (name && textOf.call(name).includes(expectedName)) {
                bench.rings[bench.waiting].popupAt = now;
                bench.waiting = null;
            }
        }
        for (let i = waiters.length - 1; i >= 0; i -= 1) if (waiters[i]()) waiters.splice(i, 1);
    };
    const observer = new NativeObserver(check);
    const start = () => observe.call(observer, document.documentElement, { subtree: true, childList: true, characterData: true });
    if (document.documentElement) start();
    else document.addEventListener('readystatechange', start, { once: true });
    // Changes no DOM mutation reports (the in-memory org's records): looked at every 50 ms as well.
    setInterval(() => waiters.length > 0 && check(), 50);
}

const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const median = (values) => percentile(values, 50);
const round = (value) => Math.round(value * 10) / 10;

async function measureBrowser({ rings }) {
    const server = await startWorkbenchServer({ port: 0 });
    const sandbox = await spawnSandbox({ controlOrigins: server.origins });
    server.setSandboxUrl(sandbox.url);
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
    });
    const control = async (method, path, body) => {
        const response = await fetch(`${sandbox.url}${path}`, {
            method,
            headers: body ? { 'content-type': 'application/json' } : {},
            body: body ? JSON.stringify(body) : undefined
        });
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
        return response.json();
    };
    const errors = [];
    const openPage = async (context) => {
        const page = await context.newPage();
        page.setDefaultTimeout(15000);
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.text()) && errors.push(m.text()));
        await page.addInitScript(instrumentPage, { expectedName: KNOWN_CONTACT.name });
        return page;
    };
    const readyOf = (page) => page.evaluate(() => globalThis.__bench.when(() => globalThis.__bench.readyAt));
    /** When the lazily imported phone library had arrived (resource timing, ms from navigation start). */
    const phoneLibOf = (page) =>
        page.evaluate(() => globalThis.performance.getEntriesByType('resource').find((r) => /diamyPhoneLib/.test(r.name))?.responseEnd ?? null);
    try {
        const cold = [];
        const phoneLib = [];
        let context;
        let page;
        for (let i = 0; i < COLD_LOADS; i += 1) {
            if (context) await context.close();
            context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
            page = await openPage(context);
            await page.goto(server.url);
            cold.push(await readyOf(page));
            await page.evaluate(() => globalThis.__bench.when(() => globalThis.performance.getEntriesByType('resource').some((r) => /diamyPhoneLib/.test(r.name))));
            phoneLib.push(await phoneLibOf(page));
        }
        await page.reload();
        const warm = await readyOf(page);
        // Let the page settle (colleagues, recent calls, reconcile) before ringing.
        await page.locator('.softphone-colleague').first().waitFor();
        const samples = [];
        for (let i = 0; i < rings; i += 1) {
            const logged = await page.evaluate(() => globalThis.__workbench.org.calls().length);
            const { call } = await control('POST', '/sandbox/calls/inbound', { from: KNOWN_CONTACT.number });
            const ring = await page.evaluate((id) => globalThis.__bench.when(() => globalThis.__bench.rings[id]?.popupAt && globalThis.__bench.rings[id]), call.id);
            samples.push(ring.popupAt - ring.ringAt);
            await control('POST', `/sandbox/calls/${call.id}/remote`, { action: 'hangup' });
            // Idle again and the missed call logged: the next ring starts from a quiet page.
            await page.evaluate((n) => globalThis.__bench.when(() => globalThis.__bench.$('.softphone-idle') && globalThis.__workbench.org.calls().length > n), logged);
        }
        if (errors.length > 0) throw new Error(`console errors: ${errors.join(' | ')}`);
        return {
            readyMs: round(median(cold)),
            readyWarmMs: round(warm),
            readyColdMs: cold.map(round),
            phoneLibLoadedMs: round(median(phoneLib)),
            ringToPopupP95Ms: round(percentile(samples, 95)),
            ringToPopupP50Ms: round(median(samples)),
            ringToPopupMaxMs: round(Math.max(...samples)),
            rings: samples.length
        };
    } finally {
        await browser.close().catch(() => undefined);
        await server.close();
        await sandbox.close();
    }
}

// ------------------------------------------------------------------------------------------------------- main

async function main() {
    const started = Date.now();
    const rings = option('--rings', 60);
    const sizes = await measureSizes();
    let browserFigures = {};
    if (!process.argv.includes('--sizes-only')) {
        if (!process.argv.includes('--no-bundle')) await bundleWorkbench({ quiet: true, dev: false });
        const manifest = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : null;
        if (manifest?.mode !== 'production') {
            throw new Error(`workbench/dist/ holds ${manifest ? 'a development' : 'no'} bundle: run npm run bench without --no-bundle`);
        }
        browserFigures = await measureBrowser({ rings });
        // Timings on a shared machine are noisy (docs/PERFORMANCE.md: run it again before looking for a cause): a
        // missed timing target is measured once more, and both measurements are printed. A second miss fails;
        // sizes are never measured again.
        const slow = ['ringToPopupP95Ms', 'readyMs'].filter((key) => browserFigures[key] !== undefined && browserFigures[key] > TARGETS[key]);
        if (slow.length > 0) {
            console.log(`bench: ${slow.map((key) => `${key} = ${browserFigures[key]}`).join(', ')} over target: measuring the browser figures once more`);
            const first = { ringToPopupP95Ms: browserFigures.ringToPopupP95Ms, readyMs: browserFigures.readyMs, readyColdMs: browserFigures.readyColdMs };
            browserFigures = { ...(await measureBrowser({ rings })), firstAttempt: first };
        }
    }
    const figures = {
        ringToPopupP95Ms: browserFigures.ringToPopupP95Ms ?? null,
        readyMs: browserFigures.readyMs ?? null,
        softphoneJsBytes: sizes.softphoneJsBytes,
        packageJsBytes: sizes.packageJsBytes,
        lazyJsBytes: sizes.lazyJsBytes,
        ...Object.fromEntries(Object.entries(browserFigures).filter(([k]) => !['ringToPopupP95Ms', 'readyMs'].includes(k)))
    };
    // A p95 needs enough rings: with fewer than MIN_RINGS (--rings), the figure is printed but not held to its target.
    if (figures.rings !== undefined && figures.rings < MIN_RINGS) figures.ringToPopupP95Ms = null;
    const missed = Object.entries(TARGETS).filter(([key, max]) => figures[key] !== null && figures[key] > max);
    mkdirSync(join(ROOT, '.gate'), { recursive: true });
    writeFileSync(
        join(ROOT, '.gate', 'bench.json'),
        `${JSON.stringify({ passed: Object.keys(TARGETS).length - missed.length, failed: missed.length, targets: TARGETS, figures }, null, 2)}\n`
    );
    for (const [key, max] of Object.entries(TARGETS)) {
        const value = figures[key];
        const verdict =
            value === null
                ? key === 'ringToPopupP95Ms' && figures.rings !== undefined
                    ? `not checked: ${figures.rings} rings, a p95 needs at least ${MIN_RINGS} (p50 ${figures.ringToPopupP50Ms} ms)`
                    : 'not measured'
                : value > max
                  ? `MISSED (target ≤ ${max})`
                  : `ok (target ≤ ${max})`;
        console.log(`bench: ${key} = ${value} ${verdict}`);
    }
    console.log(`bench: packageJsBytes = ${figures.packageJsBytes}`);
    if (figures.lazyJsBytes > 0) {
        const when =
            figures.phoneLibLoadedMs === undefined
                ? ''
                : `; on the workbench it arrived ${figures.phoneLibLoadedMs} ms after navigation start, ${figures.phoneLibLoadedMs > figures.readyMs ? 'after' : 'before'} the softphone was ready (${figures.readyMs} ms)`;
        console.log(
            `bench: lazyJsBytes = ${figures.lazyJsBytes}: ${sizes.lazyModules.join(', ')}, imported dynamically by the softphone's modules, not in softphoneJsBytes${when}`
        );
    }
    console.log(`bench: measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(JSON.stringify(figures));
    process.exit(missed.length > 0 ? 1 : 0);
}

main().catch((error) => {
    console.error(`bench: the measurement failed: ${error.stack ?? error.message}`);
    process.exit(2);
});
