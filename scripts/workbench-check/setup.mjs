// The setup console (app page Diamy_Setup, c-diamy-setup) over the in-memory org: the "Diamy Setup" tab (?tab=setup)
// reads the checklist (the workbench user lacks the custom permission Diamy_Manage_Calls; the seeded sync errors make
// the sync check fail; the connection test asks the sandbox for an agent token through c-diamy-agent-token), filters
// the integration log, opens an entry and retries it: the entry's Status__c becomes Retrying in the org.
import { label } from './kit.mjs';

const SETUP = '#wb-pages .wb-page[data-active="true"][data-page="setup"] c-diamy-setup';
/** The seeded DUPLICATES_DETECTED entry (workbench/platform/setup-seed.js). */
const DUPLICATE_ID = 'a02SEED00000000002';

function checkState(page, id) {
    return page.locator(`${SETUP} [data-check="${id}"] .setup-check-status`).innerText();
}

export const situations = [
    {
        name: 'setup-console',
        title: 'Diamy Setup (?tab=setup): the checklist (admin, connection test, sync from the log, country, phone keys, data protection), the manual steps, the integration log filtered by text, an entry’s details and Retry (Status__c Retrying in the org)',
        query: { tab: 'setup' },
        async run(t) {
            const page = t.page;
            await t.step('the Diamy Setup tab is shown with c-diamy-setup', async () => {
                await page.locator(`${SETUP} [data-check="sync"] .setup-check-status`).waitFor();
                const tab = await page.evaluate(() => globalThis.document.querySelector('#wb-tabs .slds-is-active')?.dataset.tab);
                if (tab !== 'setup') throw new Error(`active tab ${tab}`);
            });
            await t.check('the checklist: admin OK (Manage Diamy Calls, the log editable), sync to fix (open errors), country, keys and data protection OK (365 / 180 / 180 days)', async () => {
                const failed = label('Diamy_Setup_Status_Failed');
                const passed = label('Diamy_Setup_Status_Passed');
                const states = {
                    admin: await checkState(page, 'admin'),
                    sync: await checkState(page, 'sync'),
                    country: await checkState(page, 'country'),
                    phoneKeys: await checkState(page, 'phoneKeys'),
                    retention: await checkState(page, 'retention')
                };
                const want = { admin: passed, sync: failed, country: passed, phoneKeys: passed, retention: passed };
                if (JSON.stringify(states) !== JSON.stringify(want)) throw new Error(`${JSON.stringify(states)}, expected ${JSON.stringify(want)}`);
                const reason = await page.locator(`${SETUP} [data-check="sync"] .setup-check-reason`).innerText();
                if (!reason.startsWith('2 ')) throw new Error(`sync reason "${reason}"`);
                // The data protection row reads the User formula fields (the defaults of a new install: 365 / 180 / 180 days).
                const days = (n) => label('Diamy_Setup_Retention_Days').replace('{0}', String(n));
                const retention = await page.locator(`${SETUP} [data-check="retention"] .setup-check-reason`).innerText();
                const expected = label('Diamy_Setup_Retention_Passed').replace('{0}', days(365)).replace('{1}', days(180)).replace('{2}', days(180));
                if (retention.trim() !== expected) throw new Error(`retention reason "${retention}", expected "${expected}"`);
            });
            await t.step('Test the connection: the sandbox gives an agent token, the check passes', async () => {
                await page.locator(`${SETUP} .setup-test-connection button`).click();
                await t.waitText(page, `${SETUP} [data-check="connection"] .setup-check-status`, label('Diamy_Setup_Status_Passed'), { timeout: 15000 });
            });
            await t.check('six manual steps with links into Setup', async () => {
                const links = await page.locator(`${SETUP} .setup-step-link`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('href')));
                if (links.length !== 6 || !links.every((href) => href.startsWith('/lightning/setup/'))) throw new Error(JSON.stringify(links));
            });
            await t.step('the log shows the seeded entries newest first; the text filter keeps the duplicate', async () => {
                await page.locator(`${SETUP} .setup-log-message`).first().waitFor();
                const all = await page.locator(`${SETUP} .setup-log-message`).count();
                if (all !== 5) throw new Error(`${all} rows`);
                await page.locator(`${SETUP} lightning-input[data-filter="text"] input`).fill('DUPLICATES');
                const deadline = Date.now() + 5000;
                let rows = await page.locator(`${SETUP} .setup-log-message`).count();
                while (rows !== 1 && Date.now() < deadline) {
                    await page.waitForTimeout(100);
                    rows = await page.locator(`${SETUP} .setup-log-message`).count();
                }
                if (rows !== 1) throw new Error(`${rows} rows after the filter`);
            });
            await t.step('the entry’s details: message, pretty payload, related record', async () => {
                await page.locator(`${SETUP} button[data-id="${DUPLICATE_ID}"]`).click();
                const payload = await page.locator(`${SETUP} .setup-detail-payload`).innerText();
                if (!payload.includes('\n  "diamyContactId": "dc_1042"')) throw new Error(`payload ${payload}`);
                const href = await page.locator(`${SETUP} .setup-detail-record`).getAttribute('href');
                if (href !== '/lightning/r/003000000000001AAA/view') throw new Error(`record link ${href}`);
            });
            await t.step('Retry: Status__c is Retrying in the org and on the page', async () => {
                await page.locator(`${SETUP} .setup-action-retry button`).click();
                await page.waitForFunction(
                    (id) => globalThis.__workbench.org.records.find((r) => r.id === id)?.fields.Status__c === 'Retrying',
                    DUPLICATE_ID,
                    { timeout: 10000 }
                );
                await t.waitText(page, `${SETUP} .setup-log-action-message`, 'Retrying');
            });
            await t.shot(page);
            await t.step('in French (?lang=fr): the checklist and the retried entry read in French', async () => {
                await page.goto(t.url({ lang: 'fr', query: { tab: 'setup' } }));
                await t.waitText(page, `${SETUP} [data-check="connection"] .setup-check-title`, label('Diamy_Setup_Connection_Title', 'fr'));
                await t.waitText(page, `${SETUP} [data-check="sync"] .setup-check-status`, label('Diamy_Setup_Status_Failed', 'fr'));
                await t.waitText(page, `${SETUP} button[data-id="${DUPLICATE_ID}"] .setup-log-status`, 'Nouvelle tentative en cours');
            });
        }
    }
];
