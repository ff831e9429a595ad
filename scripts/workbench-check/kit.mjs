// The browser check's kit: the people of the workbench CRM and sandbox, the labels, and the Situation each
// scenario module drives — its own browser context (fresh storage, fresh in-memory org), pages on the workbench,
// named steps (hard: stop the situation) and checks (soft: recorded, the situation goes on so that one failure
// does not hide the next), the sandbox's control API, the softphone's controls, and the one assertion every
// situation makes: each call the agent ended in Diamy is exactly one Diamy_Call__c in the org, with the fields asked.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../lib/project.mjs';

const require = createRequire(import.meta.url);
const { readLabels } = require('../lib/labels.cjs');

export const AGENT_ID = 'usr_camille.martin';
export const AGENT_USER_ID = '005000000000001AAA';
/** The workbench's agents (?agent=1|2|3) and the 5-member call list of the org server's seed (workbench/org-server/seed.mjs). */
import { AGENTS as AGENT_PROFILES } from '../../workbench/platform/agents.mjs';
export { AGENT_PROFILES as AGENTS };
export { CHECK_CAMPAIGN_ID } from '../../workbench/org-server/seed.mjs';
/** How long one UI wait may take before the step fails (the workbench answers in well under a second). */
export const STEP_TIMEOUT = 6000;

/** The workbench CRM (workbench/platform/crm.js) and the sandbox directory (sandbox/engine.ts seedUsers). */
export const PEOPLE = {
    sophie: {
        name: 'Sophie Bernard',
        number: '+33612345678',
        typed: '06 12 34 56 78',
        contactId: '003WB0000000001AAA',
        accountId: '001WB0000000002AAA',
        accountName: 'Cabinet Bernard',
        openCase: 'Facture en double'
    },
    nicolas: {
        name: 'Nicolas Fournier',
        number: '+33698765432',
        typed: '06 98 76 54 32',
        leadId: '00QWB0000000001AAA',
        company: 'Fournier Transports'
    },
    bakery: {
        name: 'Boulangerie Petit',
        number: '+33145678901',
        typed: '01 45 67 89 01',
        accountId: '001WB0000000001AAA',
        staff: 'Élodie Petit'
    },
    garnier: {
        number: '+33611223344',
        julie: { name: 'Julie Garnier', contactId: '003WB0000000004AAA', accountId: '001WB0000000002AAA' },
        thomas: { name: 'Thomas Garnier', contactId: '003WB0000000005AAA', accountId: '001WB0000000001AAA' }
    },
    unknown: { number: '+33555010203' },
    julien: { name: 'Julien Moreau', userId: 'usr_julien.moreau', extension: '204', number: '+33189000204' }
};

/**
 * How the package logs a consultation (attended transfer), read from its metadata: once Diamy_Call__c has
 * Consulted_Party__c, the customer call is the unit of logging — it carries the consultation (party, seconds,
 * outcome) and the consult leg (the Diamy call whose parent_call_id is the customer call) has no record of its own;
 * before, each leg was a record of its own. Either way the design in effect is asserted in full.
 */
export const CONSULT_ON_CUSTOMER_CALL = existsSync(
    join(ROOT, 'force-app/main/default/objects/Diamy_Call__c/fields/Consulted_Party__c.field-meta.xml')
);

// ------------------------------------------------------------------------------------------------- labels

const { labels, translations } = readLabels(ROOT);
const french = translations.get('fr') ?? new Map();

/** A Custom Label in English or French; `fallback` ({en, fr}) when the label does not exist (yet). */
export function label(name, lang = 'en', fallback = undefined) {
    const english = labels.get(name)?.value;
    if (english === undefined) {
        if (fallback) return fallback[lang];
        throw new Error(`no Custom Label ${name}`);
    }
    return lang === 'fr' ? (french.get(name) ?? english) : english;
}

/** A label with its {0}, {1}… filled in (as c/diamyFormat formatLabel does). */
export const formatText = (text, ...values) => text.replace(/\{(\d+)\}/g, (whole, index) => values[Number(index)] ?? whole);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English text of every Custom Label whose French translation differs, cut at its {n} placeholders: each piece
 * with at least 3 letters, as a whole-word, case-insensitive pattern (innerText applies text-transform: capitals).
 */
export function englishLabelPatterns() {
    const patterns = [];
    for (const [name, { value }] of labels) {
        const fr = french.get(name);
        if (fr === undefined || fr === value) continue;
        for (const piece of value.split(/\{\d+\}/)) {
            const text = piece.trim().replace(/^[\s:·,.;…-]+|[\s:·,.;…-]+$/g, '');
            if ((text.match(/\p{L}/gu) ?? []).length < 3) continue;
            // Also skip a piece the French text itself contains as a word (e.g. a product name kept as is).
            if (new RegExp(`(?<!\\p{L})${escape(text)}(?!\\p{L})`, 'iu').test(fr)) continue;
            patterns.push({ name, text, pattern: new RegExp(`(?<!\\p{L})${escape(text)}(?!\\p{L})`, 'iu') });
        }
    }
    return patterns;
}

// ---------------------------------------------------------------------------------------------- helpers

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; else fails with `what` and the last value seen. */
export async function until(what, probe, { timeout = STEP_TIMEOUT, every = 150 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
        last = await probe();
        if (last) return last;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(every);
    }
}

const firstLine = (error) => String(error?.message ?? error).split('\n')[0];

/** A short description of a sandbox call for messages. */
export function describeCall(call) {
    const party = (p) => (p.withheld ? 'withheld' : (p.name ?? p.number));
    return `${call.direction} ${party(call.from)} → ${party(call.to)} (${call.state}${call.status ? `, ${call.status}` : ''}) ${call.id}`;
}

/** Compares one record field with what is expected: a value (null = blank), a RegExp, or a predicate. */
function fieldMatches(actual, expected) {
    if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
    if (typeof expected === 'function') return expected(actual);
    return (actual ?? null) === expected;
}

// -------------------------------------------------------------------------------------------- situation

export class Situation {
    /**
     * @param {{ name: string, browser: import('playwright-core').Browser, serverUrl: string, sandboxUrl: string,
     *   dist: string, allowConsole?: RegExp[] }} options
     */
    constructor({ name, browser, serverUrl, sandboxUrl, dist, allowConsole = [] }) {
        this.name = name;
        this.browser = browser;
        this.serverUrl = serverUrl;
        this.sandboxUrl = sandboxUrl;
        this.dist = dist;
        this.allowConsole = allowConsole;
        this.context = null;
        this.page = null;
        this.pages = [];
        this.consoleErrors = [];
        this.softFailures = [];
        this.screenshot = null;
        /** Browser contexts of the other agents (openAgent), by agent key; the sandbox agent of each of their pages. */
        this.agentContexts = new Map();
        this.pageAgents = new WeakMap();
    }

    async start() {
        this.context = await this.browser.newContext({ viewport: { width: 1280, height: 860 } });
        // The shared org of call lists back to its seed (the sandbox was reset by the runner just before).
        await this.orgServer('POST', '/reset');
    }

    async close() {
        await this.context?.close().catch(() => undefined);
        for (const context of this.agentContexts.values()) await context.close().catch(() => undefined);
        this.agentContexts.clear();
    }

    /**
     * A page of ANOTHER agent (agent: '2' or '3', docs/WORKBENCH.md "Call lists"): its own browser context (its own
     * storage and page org, as another person's browser), on `?agent=<agent>`, connected as that agent. The agents
     * share the sandbox and the org server. Its console errors count like the first agent's.
     */
    async openAgent(agent, { lang = 'en', query = {} } = {}) {
        let context = this.agentContexts.get(agent);
        if (!context) {
            context = await this.browser.newContext({ viewport: { width: 1280, height: 860 } });
            this.agentContexts.set(agent, context);
        }
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT);
        const profile = AGENT_PROFILES.find((a) => a.key === String(agent));
        if (!profile) throw new StepFailure(`no workbench agent ${agent} (platform/agents.mjs)`);
        // Not among this.pages: the runner's closing checks (every call logged once, no integration log) look at the
        // first agent's newest page; a situation asserts the other agents' pages itself (expectCalls(page) follows
        // the page's agent).
        this.pageAgents.set(page, profile.sandboxAgentId);
        const tab = `agent ${agent}`;
        page.on('console', (message) => {
            if (message.type() === 'error' && !/favicon/.test(message.text())) this.consoleErrors.push(`${tab}: ${message.text()}`);
        });
        page.on('pageerror', (error) => this.consoleErrors.push(`${tab}: ${error.message}`));
        await this.step(`${tab} loads the workbench${lang === 'fr' ? ' in French' : ''}`, async () => {
            await page.goto(this.url({ lang, query: { ...query, agent } }));
            await page.locator('c-diamy-softphone .softphone-header').waitFor();
            await this.connected(page, lang);
        });
        return page;
    }

    // ------------------------------------------------------------------------------------------ org server

    /**
     * The workbench's org server (workbench/org-server/http.mjs), as agent `user` (a Salesforce user id; default the
     * first agent): { status, body }.
     */
    async orgServer(method, path, body, user = AGENT_USER_ID) {
        const response = await fetch(`${this.serverUrl}/org${path}`, {
            method,
            headers: { 'x-workbench-user': user, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        const json = await response.json().catch(() => null);
        if (response.status >= 500) throw new Error(`org server ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
        return { status: response.status, body: json };
    }

    /**
     * The org server took every call the pages forwarded and no flow failed: throws naming the refusals and failures.
     * (A situation of call lists asserts it; the pages' own checks say nothing of the org server.)
     */
    async expectOrgServerClean() {
        const dump = await this.orgDump();
        const problems = [
            ...dump.forwards.refused.map((r) => `call ${r.diamyCallId} refused: ${r.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ')}`),
            ...dump.interviews.failed.map((f) => `flow ${f.flow} failed on ${f.recordId}: ${f.error}`)
        ];
        if (problems.length > 0) throw new Error(problems.join(' | '));
        return dump;
    }

    /** The org server's records and runs: { campaigns, statuses, members, calls, tasks, logs, interviews, forwards }. */
    async orgDump() {
        const { status, body } = await this.orgServer('GET', '/dump');
        if (status !== 200) throw new Error(`org server dump: ${status}`);
        return body;
    }

    /** The newest page still open (for the failure screenshot and the final checks). */
    get livePage() {
        return this.pages.filter((p) => !p.isClosed()).at(-1) ?? null;
    }

    /**
     * A new tab of this browser on the workbench, connected (or, for a follower tab, showing it is one). `query`
     * adds to the URL (e.g. { record: '003…' } or { tab: 'home' }: a page of the main area, docs/WORKBENCH.md).
     */
    async open({ lang = 'en', expect = 'connected', query = {} } = {}) {
        const page = await this.context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT);
        const tab = this.pages.length + 1;
        page.on('console', (message) => {
            if (message.type() === 'error' && !/favicon/.test(message.text()))
                this.consoleErrors.push(`tab ${tab}: ${message.text()}`);
        });
        page.on('pageerror', (error) => this.consoleErrors.push(`tab ${tab}: ${error.message}`));
        this.pages.push(page);
        this.page ??= page;
        await this.step(`tab ${tab} loads the workbench${lang === 'fr' ? ' in French' : ''}`, async () => {
            await page.goto(this.url({ lang, query }));
            await page.locator('c-diamy-softphone .softphone-header').waitFor();
            if (expect === 'connected') await this.connected(page, lang);
            if (expect === 'follower')
                await this.waitText(page, '.softphone-connection', label('Diamy_Softphone_Other_Tab', lang));
        });
        return page;
    }

    /** The workbench's URL with `?lang=fr` (French) and the `query` parameters. */
    url({ lang = 'en', query = {} } = {}) {
        const params = new URLSearchParams(query);
        if (lang === 'fr') params.set('lang', 'fr');
        const search = params.toString();
        return search ? `${this.serverUrl}?${search}` : this.serverUrl;
    }

    // ------------------------------------------------------------------------------------- steps, checks

    /** A step the rest depends on: its failure ends the situation, named. */
    async step(name, body) {
        try {
            return await body();
        } catch (error) {
            if (error instanceof StepFailure) throw error;
            throw new StepFailure(`step "${name}": ${firstLine(error)}`);
        }
    }

    /** A check the rest does not depend on: a failure is recorded and the situation goes on. */
    async check(name, body) {
        try {
            await body();
            return true;
        } catch (error) {
            this.softFailures.push(`check "${name}": ${firstLine(error)}`);
            return false;
        }
    }

    /** workbench/dist/<situation>.png of a page (the situation's state worth seeing). */
    /** Screenshot of the page as `<situation>.png` (or `<situation>.<suffix>.png` for a second moment of it). */
    async shot(page = this.livePage, suffix = '') {
        if (!page || page.isClosed()) return;
        const path = join(this.dist, `${this.name}${suffix ? `.${suffix}` : ''}.png`);
        // (the utility panel and the main area get their own files below)
        await page.screenshot({ path });
        this.screenshot = path;
        // The utility panel alone (what docs/SOFTPHONE.md shows), when it is open.
        const panel = page.locator('#wb-utility-panel');
        const base = `${this.name}${suffix ? `.${suffix}` : ''}`;
        if (await panel.isVisible().catch(() => false)) {
            await panel.screenshot({ path: join(this.dist, `${base}.softphone.png`) }).catch(() => undefined);
        }
        // The main area alone (Home or a record page with the record components: what docs/RECORD-PAGES.md shows).
        const workspace = page.locator('#wb-workspace');
        if (await workspace.isVisible().catch(() => false)) {
            await workspace.screenshot({ path: join(this.dist, `${base}.page.png`) }).catch(() => undefined);
        }
    }

    // ------------------------------------------------------------------------------------------ sandbox

    async control(method, path, body) {
        const response = await fetch(`${this.sandboxUrl}${path}`, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        const json = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json?.error?.message ?? ''}`);
        return json;
    }

    async state() {
        return this.control('GET', '/sandbox/state');
    }

    /** The agent's calls in the sandbox, oldest first. */
    /** The sandbox calls of an agent (default the first agent, Camille Martin). */
    async calls(agentId = AGENT_ID) {
        return (await this.state()).calls.filter((c) => c.agent_id === agentId);
    }

    /** The sandbox agent of a page (openAgent's pages: their agent; any other page: the first agent). */
    agentOf(page) {
        return this.pageAgents.get(page) ?? AGENT_ID;
    }

    /** Waits for the agent's newest call that `test` accepts (options.agentId: another agent's, default the first). */
    async waitCall(what, test, options = {}) {
        let seen = [];
        try {
            return await until(
                what,
                async () => {
                    seen = await this.calls(options.agentId);
                    return seen.filter(test).at(-1);
                },
                options
            );
        } catch {
            throw new Error(`no ${what} in the sandbox; the agent's calls: ${seen.map(describeCall).join('; ') || 'none'}`);
        }
    }

    /** Waits until the sandbox's call `id` satisfies `test` (options.agentId: another agent's call). */
    async waitCallState(id, what, test, options = {}) {
        let call;
        try {
            return await until(
                what,
                async () => {
                    call = (await this.calls(options.agentId)).find((c) => c.id === id);
                    return call && test(call) ? call : null;
                },
                options
            );
        } catch {
            throw new Error(`call ${id} is not ${what}: ${call ? describeCall(call) : 'unknown'}`);
        }
    }

    // ------------------------------------------------------------------------------------------ the page

    /** Waits for `selector` showing `text`; the failure says what it showed instead. */
    async waitText(page, selector, text, options) {
        try {
            await page.locator(selector).filter({ hasText: text }).first().waitFor(options);
        } catch (error) {
            const shown = await page
                .locator(selector)
                .allInnerTexts()
                .catch(() => []);
            const found =
                shown.length === 0
                    ? 'nothing matches it'
                    : `it shows ${shown
                          .slice(0, 3)
                          .map((s) => JSON.stringify(s.replace(/\s+/g, ' ').trim().slice(0, 120)))
                          .join(', ')}`;
            throw new Error(`${JSON.stringify(text)} not shown in ${selector} within ${STEP_TIMEOUT / 1000} s: ${found}`, {
                cause: error
            });
        }
    }

    async text(page, selector) {
        return (await page.locator(selector).first().innerText()).trim();
    }

    click(page, selector) {
        return page.locator(selector).first().click();
    }

    connected(page, lang = 'en') {
        return this.waitText(page, '.softphone-connection', label('Diamy_Softphone_Connected', lang));
    }

    /** Clicks a workbench scenario button and waits until the page ran it; its error fails the step. */
    async scenario(page, id) {
        const button = page.locator(`[data-scenario="${id}"]`);
        const runs = Number(await button.getAttribute('data-runs'));
        await button.click();
        await page.waitForFunction(
            ([scenario, before]) =>
                Number(globalThis.document.querySelector(`[data-scenario="${scenario}"]`)?.dataset.runs) > before,
            [id, runs]
        );
        if ((await button.getAttribute('data-state')) === 'failed') {
            throw new Error(`scenario ${id}: ${await page.locator('#wb-scenario-error').innerText()}`);
        }
    }

    /** An inbound call rings in the softphone (scenario button), returns the sandbox call. */
    async ring(page, scenarioId, what) {
        const before = new Set((await this.calls(this.agentOf(page))).map((c) => c.id));
        await this.scenario(page, scenarioId);
        const call = await this.waitCall(what, (c) => !before.has(c.id) && c.state === 'ringing');
        await page.locator('.softphone-answer button').waitFor();
        return call;
    }

    /** Types a number in the dial pad and calls it (Call button, or Enter in the field); returns the sandbox call. */
    async dial(page, typed, { enter = false, what = `call to ${typed}`, test = () => true } = {}) {
        const agentId = this.agentOf(page);
        const before = new Set((await this.calls(agentId)).map((c) => c.id));
        await page.locator('.softphone-number input').fill(typed);
        if (enter) {
            await page.locator('.softphone-number input').press('Enter');
        } else {
            await this.click(page, '.softphone-dial button');
        }
        return this.waitCall(what, (c) => !before.has(c.id) && test(c), { agentId });
    }

    async answer(page) {
        await this.click(page, '.softphone-answer button');
        await page.locator('.softphone-hang-up button').waitFor();
    }

    async hangUp(page) {
        await this.click(page, '.softphone-hang-up button');
    }

    async chooseOption(page, combobox, value) {
        await this.click(page, `${combobox} button`);
        await this.click(page, `${combobox} lightning-base-combobox-item[data-value="${value}"]`);
    }

    /** Fills the wrap-up (disposition and/or notes) without saving. */
    async fillWrapUp(page, { disposition, notes } = {}) {
        await page.locator('.softphone-wrap-up').waitFor();
        if (disposition) await this.chooseOption(page, '.softphone-disposition', disposition);
        if (notes !== undefined) await page.locator('.softphone-notes textarea').fill(notes);
    }

    /** Fills and saves the wrap-up on screen; waits until that panel is gone. Returns the party it named. */
    async wrapUp(page, values = {}) {
        await this.fillWrapUp(page, values);
        const party = await this.text(page, '.softphone-party-name');
        await this.click(page, '.softphone-save button');
        await until(`the wrap-up of ${party} to close`, async () => {
            if (await page.locator('.softphone-idle').isVisible()) return true;
            if (!(await page.locator('.softphone-wrap-up').isVisible())) return true;
            return (await this.text(page, '.softphone-party-name').catch(() => '')) !== party;
        });
        return party;
    }

    /** Saves every wrap-up left (empty) until the softphone is idle. */
    async saveRemainingWrapUps(page) {
        for (let i = 0; i < 4 && !(await page.locator('.softphone-idle').isVisible()); i += 1) {
            await page.locator('.softphone-idle, .softphone-wrap-up').first().waitFor();
            if (await page.locator('.softphone-wrap-up').isVisible()) await this.wrapUp(page);
        }
        await page.locator('.softphone-idle').waitFor();
    }

    /**
     * Ends whatever is left on the softphone, as an agent would: saves a wrap-up on screen, resumes a held call,
     * hangs up a call on the line; until the dial pad is back.
     */
    async endAll(page) {
        const resume = label('Diamy_Softphone_Resume');
        for (let i = 0; i < 10; i += 1) {
            if (await page.locator('.softphone-idle').isVisible()) return;
            if (await page.locator('.softphone-wrap-up').isVisible()) {
                await this.wrapUp(page);
            } else if (await page.locator('.softphone-hold button').filter({ hasText: resume }).isVisible()) {
                await this.click(page, '.softphone-hold button');
                await page.locator('.softphone-hold button').filter({ hasNotText: resume }).waitFor();
            } else if (await page.locator('.softphone-hang-up button:not([disabled])').isVisible()) {
                await this.hangUp(page);
            }
            await sleep(300);
        }
        await page.locator('.softphone-idle').waitFor();
    }

    // ------------------------------------------------------------------------------------------ the org

    /** The Diamy_Call__c records of the page's in-memory org (fields, plus Id). */
    orgRows(page) {
        return page.evaluate(() => globalThis.__workbench.org.calls().map((record) => ({ Id: record.id, ...record.fields })));
    }

    /**
     * Every call the agent ended in Diamy is exactly one Diamy_Call__c (none lost, none doubled, none for a call
     * that is not over), and each expected call's record has the fields given: `[{ call, fields }]` with `call` a
     * sandbox call (or its id) and `fields` {Field__c: value | null (blank) | RegExp | predicate}.
     * Polls until it holds (saves and wrap-up updates are asynchronous); returns the rows.
     */
    async expectCalls(page, expected = [], { timeout = 8000 } = {}) {
        let problems = [];
        const deadline = Date.now() + timeout;
        for (;;) {
            const [calls, rows] = [await this.calls(this.agentOf(page)), await this.orgRows(page)];
            problems = compareRows(calls, rows, expected, { consultLegsLogged: !CONSULT_ON_CUSTOMER_CALL });
            if (problems.length === 0) return rows;
            if (Date.now() > deadline) break;
            await sleep(200);
        }
        throw new Error(problems.join('; '));
    }

    /**
     * The org's Diamy_Integration_Log__c entries (severity and message) written during the run: a logging error or
     * warning. The setup console's seeded entries (ids a02SEED…, workbench/platform/setup-seed.js) are not the run's.
     */
    orgLogs(page) {
        return page.evaluate(() =>
            globalThis.__workbench.org
                .logs()
                .filter((record) => !record.id.startsWith('a02SEED'))
                .map((record) => `${record.fields.Severity__c}: ${String(record.fields.Message__c).slice(0, 160)}`)
        );
    }

    /** The console errors not allowed for this situation. */
    unexpectedConsoleErrors() {
        return this.consoleErrors.filter((text) => !this.allowConsole.some((pattern) => pattern.test(text)));
    }
}

export class StepFailure extends Error {}

/**
 * What is wrong between the agent's sandbox calls and the org's Diamy_Call__c rows (empty = all good): an ended
 * call with no record or with several, a record for a call that is not the agent's or not over, an expected field
 * that differs. `consultLegsLogged: false`: a consult leg (parent_call_id set) must have no record at all.
 * Exported for scripts/tests.
 */
export function compareRows(calls, rows, expected, { consultLegsLogged = true } = {}) {
    const problems = [];
    const ended = calls.filter((c) => c.state === 'ended');
    const byCall = new Map();
    for (const row of rows) {
        const list = byCall.get(row.Diamy_Call_Id__c) ?? [];
        list.push(row);
        byCall.set(row.Diamy_Call_Id__c, list);
    }
    for (const call of ended) {
        const count = byCall.get(call.id)?.length ?? 0;
        if (!consultLegsLogged && call.parent_call_id) {
            if (count > 0) problems.push(`${describeCall(call)}: a consult leg with ${count} Diamy_Call__c of its own`);
        } else if (count !== 1) {
            problems.push(`${describeCall(call)}: ${count === 0 ? 'no Diamy_Call__c' : `${count} Diamy_Call__c (doubled)`}`);
        }
    }
    for (const [id, list] of byCall) {
        const call = calls.find((c) => c.id === id);
        if (!call) problems.push(`Diamy_Call__c ${list[0].Id} for ${id}, not a call of the agent`);
        else if (call.state !== 'ended')
            problems.push(`Diamy_Call__c ${list[0].Id} for ${describeCall(call)}, which is not over`);
    }
    for (const { call, fields } of expected) {
        const id = typeof call === 'string' ? call : call.id;
        const sandboxCall = calls.find((c) => c.id === id);
        const row = byCall.get(id)?.[0];
        if (!sandboxCall || sandboxCall.state !== 'ended') {
            problems.push(`expected call ${id} is not over in the sandbox${sandboxCall ? `: ${describeCall(sandboxCall)}` : ''}`);
            continue;
        }
        if (!row) {
            if (!problems.some((problem) => problem.includes(id)))
                problems.push(`${describeCall(sandboxCall)}: no Diamy_Call__c`);
            continue;
        }
        const wrong = Object.entries(fields)
            .filter(([field, value]) => !fieldMatches(row[field], value))
            .map(
                ([field, value]) =>
                    `${field} ${JSON.stringify(row[field] ?? null)} (expected ${value instanceof RegExp || typeof value === 'function' ? String(value) : JSON.stringify(value)})`
            );
        if (wrong.length > 0) problems.push(`${describeCall(sandboxCall)}: ${wrong.join(', ')}`);
    }
    return problems;
}

/** The fields of a call the agent took (inbound, answered) from a known caller. */
export const answeredFrom = (number, extra = {}) => ({
    Direction__c: 'Inbound',
    Outcome__c: 'Answered',
    From_Number_E164__c: number,
    Agent__c: AGENT_USER_ID,
    ...extra
});
