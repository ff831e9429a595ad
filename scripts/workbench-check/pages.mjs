// The main area of the workbench: record pages of the CRM (Contact, Account, Lead, Opportunity, Case) and the Home
// tab, opened by deep link (?record=<Id>, ?tab=home), by the record picker and by navigation — a screen pop shows
// the caller's record page, as Lightning navigates. Each page mounts the record components with its record.
import { PEOPLE, label } from './kit.mjs';

const { sophie, bakery } = PEOPLE;

/** One record per object, as workbench/platform/crm.js has them. */
const RECORDS = [
    { id: sophie.contactId, object: 'Contact', name: sophie.name, phone: '04 72 10 20 31' },
    { id: sophie.accountId, object: 'Account', name: 'Cabinet Bernard & Associés', phone: '04 72 10 20 30' },
    { id: PEOPLE.nicolas.leadId, object: 'Lead', name: PEOPLE.nicolas.name, phone: '06.98.76.54.32' },
    { id: '006WB0000000001AAA', object: 'Opportunity', name: 'Renouvellement 2025', phone: '04 72 10 20 30' },
    { id: '500WB0000000001AAA', object: 'Case', name: '00001042 · Facture en double', phone: '04 72 10 20 31' }
];
const RECORD_COMPONENTS = ['c-diamy-click-to-dial', 'c-diamy-call-history', 'c-diamy-caller-context'];
const HOME_COMPONENTS = ['c-diamy-caller-context', 'c-diamy-click-to-dial'];
const SHOWN = '#wb-pages .wb-page[data-active="true"]';

/** What the page shown is: its key, the highlights, the components in it with their record-id / object-api-name. */
function shownPage(page) {
    return page.evaluate(() => {
        const root = globalThis.document;
        const visible = [...root.querySelectorAll('#wb-pages .wb-page')].filter((p) => !p.hidden);
        const shown = root.querySelector('#wb-pages .wb-page[data-active="true"]');
        const text = (selector) => shown?.querySelector(selector)?.textContent.trim() ?? null;
        return {
            key: root.querySelector('#wb-workspace')?.dataset.shown ?? null,
            visible: visible.length,
            url: globalThis.location.search,
            object: text('.wb-highlights-object'),
            name: text('.wb-highlights-name'),
            phone: text('.wb-highlights-phone'),
            tab: root.querySelector('#wb-tabs .slds-is-active')?.dataset.tab ?? null,
            activeArea: globalThis.__workbench.lms.activeArea,
            notice: root.querySelector('#wb-page-notice')?.textContent.trim() ?? '',
            components: [...(shown?.querySelectorAll('.wb-component > *') ?? [])].map((c) => ({
                tag: c.localName,
                recordId: c.recordId ?? null,
                objectApiName: c.objectApiName ?? null,
                built: !c.shadowRoot?.querySelector?.('.wb-not-built') && !c.querySelector?.('.wb-not-built')
            }))
        };
    });
}

function expectComponents(shown, tags, record) {
    const found = shown.components.map((c) => c.tag).sort();
    if (JSON.stringify(found) !== JSON.stringify([...tags].sort())) throw new Error(`components ${found.join(', ') || 'none'}, expected ${tags.join(', ')}`);
    for (const c of shown.components) {
        const want = record ? { recordId: record.id, objectApiName: record.object } : { recordId: null, objectApiName: null };
        if ((c.recordId ?? null) !== want.recordId || (c.objectApiName ?? null) !== want.objectApiName) {
            throw new Error(`${c.tag} has record-id ${c.recordId} / object-api-name ${c.objectApiName}, expected ${want.recordId} / ${want.objectApiName}`);
        }
    }
}

export const situations = [
    {
        name: 'record-pages',
        title: 'Every CRM object has a record page by deep link (?record=<Id>): highlights (object, name, phone) and the three record components with its record',
        query: { record: RECORDS[0].id },
        async run(t) {
            const page = t.page;
            for (const [index, record] of RECORDS.entries()) {
                if (index > 0) {
                    await t.step(`?record=${record.id} loads the ${record.object} page`, async () => {
                        await page.goto(t.url({ query: { record: record.id } }));
                        await page.locator('c-diamy-softphone .softphone-header').waitFor();
                        await t.connected(page);
                    });
                }
                const shown = await t.step(`the ${record.object} page shows ${record.name}`, async () => {
                    await page.locator(`${SHOWN}[data-page="${record.id}"]`).waitFor();
                    const state = await shownPage(page);
                    const problems = [];
                    if (state.key !== record.id) problems.push(`page ${state.key}`);
                    if (state.visible !== 1) problems.push(`${state.visible} pages visible`);
                    if (state.object !== record.object) problems.push(`object "${state.object}"`);
                    if (state.name !== record.name) problems.push(`name "${state.name}"`);
                    if (!state.phone?.includes(record.phone)) problems.push(`phone "${state.phone}"`);
                    if (state.tab !== record.id) problems.push(`active tab ${state.tab}`);
                    if (state.activeArea !== `page:${record.id}`) problems.push(`LMS active area ${state.activeArea}`);
                    if (problems.length > 0) throw new Error(problems.join(', '));
                    return state;
                });
                await t.check(`the ${record.object} page mounts the record components with record-id and object-api-name`, () =>
                    expectComponents(shown, RECORD_COMPONENTS, record)
                );
                if (index === 0) await t.shot(page);
            }
        }
    },
    {
        name: 'home-tab',
        title: 'Home (?tab=home) mounts the caller context and click-to-dial without a record; the picker opens a record page, the Home tab comes back, the record page stays cached; an unknown id shows Home with a notice',
        query: { tab: 'home' },
        async run(t) {
            const page = t.page;
            await t.step('Home is shown, its tab active, the LMS active area is Home', async () => {
                await page.locator(`${SHOWN}[data-page="home"]`).waitFor();
                const state = await shownPage(page);
                if (state.key !== 'home' || state.tab !== 'home' || state.activeArea !== 'page:home' || state.visible !== 1) {
                    throw new Error(JSON.stringify(state));
                }
            });
            await t.check('Home mounts c-diamy-caller-context and c-diamy-click-to-dial, without a record', async () =>
                expectComponents(await shownPage(page), HOME_COMPONENTS, null)
            );
            await t.shot(page);
            const record = RECORDS[3];
            await t.step(`the picker opens ${record.name} (${record.object}); the URL says ?record=`, async () => {
                await page.locator('#wb-record-picker').selectOption(record.id);
                await page.locator(`${SHOWN}[data-page="${record.id}"]`).waitFor();
                const state = await shownPage(page);
                if (!state.url.includes(`record=${record.id}`) || state.activeArea !== `page:${record.id}`) throw new Error(JSON.stringify(state));
            });
            await t.step('the Home tab shows Home again; the record page stays in the page, hidden (cached)', async () => {
                await page.locator('#wb-tabs [data-tab="home"] a').click();
                await page.locator(`${SHOWN}[data-page="home"]`).waitFor();
                const cached = await page.locator(`#wb-pages .wb-page[data-page="${record.id}"]`).count();
                const hidden = await page.locator(`#wb-pages .wb-page[data-page="${record.id}"]`).isHidden();
                const state = await shownPage(page);
                if (cached !== 1 || !hidden || state.visible !== 1 || !state.url.includes('tab=home')) {
                    throw new Error(`cached ${cached}, hidden ${hidden}, ${JSON.stringify(state)}`);
                }
            });
            await t.step('?record= of an id the CRM does not have: Home, and a notice naming the id', async () => {
                await page.goto(t.url({ query: { record: '003WB0000000099AAA' } }));
                await page.locator(`${SHOWN}[data-page="home"]`).waitFor();
                await t.waitText(page, '#wb-page-notice', '003WB0000000099AAA');
            });
        }
    },
    {
        name: 'record-page-messages',
        title: 'Lightning Message Service on a record page: the record components talk over Diamy_Phone__c from their page’s area; a hidden page’s active-scope subscriptions do not hear',
        query: { record: RECORDS[0].id },
        async run(t) {
            const page = t.page;
            await page.locator(`${SHOWN}[data-page="${RECORDS[0].id}"]`).waitFor();
            const built = (await shownPage(page)).components.filter((c) => c.built).map((c) => c.tag);
            await t.step('the page’s area hears an active-scope message, a hidden page’s area does not, the utility bar does', async () => {
                const heard = await page.evaluate(async ([shownId]) => {
                    const { lms } = globalThis.__workbench;
                    const channel = { channel: 'Workbench_Check__c' };
                    const got = [];
                    const listen = (area) => lms.subscribe(lms.createContext(() => area), channel, () => got.push(area));
                    const subscriptions = [listen(`page:${shownId}`), listen('page:home'), listen('utility')];
                    lms.publish(lms.createContext(() => 'utility'), channel, { check: true });
                    const sync = got.length;
                    await new Promise((resolve) => setTimeout(resolve, 50));
                    for (const s of subscriptions) lms.unsubscribe(s);
                    return { sync, got: got.sort() };
                }, [RECORDS[0].id]);
                if (heard.sync !== 0) throw new Error('delivered before publish returned');
                if (JSON.stringify(heard.got) !== JSON.stringify([`page:${RECORDS[0].id}`, 'utility'].sort())) throw new Error(`heard in ${heard.got.join(', ')}`);
            });
            if (built.length === 0) return; // the record components are not in this build: nothing of theirs to watch
            await t.check('the record components published on Diamy_Phone__c from the record page’s area (their ping)', async () => {
                await page.waitForFunction(
                    (area) => globalThis.__workbench.lms.publications.some((p) => p.channel === 'Diamy_Phone__c' && p.from === area),
                    `page:${RECORDS[0].id}`,
                    { timeout: 4000 }
                );
            });
        }
    },
    {
        name: 'record-page-dial',
        title: 'Click-to-dial on a contact page: the softphone places the call over Diamy_Phone__c, the caller context card follows it, the call is logged on the contact and her account',
        query: { record: sophie.contactId },
        async run(t) {
            const page = t.page;
            const dialButton = `${SHOWN} c-diamy-click-to-dial button`;
            await t.step('the click-to-dial card of Sophie Bernard offers her numbers', async () => {
                await page.locator(`${SHOWN}[data-page="${sophie.contactId}"]`).waitFor();
                await page.locator(dialButton).first().waitFor();
            });
            const call = await t.step('its first Call button → an outbound call to her office number in the sandbox', async () => {
                const before = new Set((await t.calls()).map((c) => c.id));
                await page.locator(dialButton).first().click();
                return t.waitCall('outbound call to +33472102031', (c) => !before.has(c.id) && c.direction === 'outbound' && c.to.number === '+33472102031');
            });
            await t.check('the caller context card on the page follows the call (her name)', () =>
                t.waitText(page, `${SHOWN} c-diamy-caller-context`, sophie.name)
            );
            await t.shot(page);
            await t.step('Hang up → one Diamy_Call__c, outbound, on the contact and her account', async () => {
                await t.hangUp(page);
                await t.endAll(page);
                await t.expectCalls(page, [
                    { call, fields: { Direction__c: 'Outbound', To_Number_E164__c: '+33472102031', Contact__c: sophie.contactId, Account__c: sophie.accountId } }
                ]);
            });
        }
    },
    {
        name: 'account-click-to-dial',
        title: 'Click-to-dial on an Account page: Marc Petit’s mobile from Boulangerie Petit rings out from the softphone, is answered, wrapped up → exactly one Diamy_Call__c on the account and the contact, in the account’s call history without a reload',
        query: { record: bakery.accountId },
        async run(t) {
            const page = t.page;
            const marc = { name: 'Marc Petit', contactId: '003WB0000000002AAA', number: '+33781223344', shown: '07 81 22 33 44' };
            const card = `${SHOWN} c-diamy-click-to-dial`;
            const history = `${SHOWN} c-diamy-call-history`;
            const notes = 'Commande de 40 baguettes par jour à partir de lundi.';
            await t.step('the account’s click-to-dial lists its switchboard and its contacts, Marc Petit’s mobile formatted for France', async () => {
                await page.locator(`${SHOWN}[data-page="${bakery.accountId}"]`).waitFor();
                await t.waitText(page, card, '01 45 67 89 01');
                await t.waitText(page, card, marc.shown);
                await t.waitText(page, card, marc.name);
            });
            await t.step('the account’s call history has no call yet', () => t.waitText(page, history, label('Diamy_History_Empty')));
            // Nothing below reloads the page: this marker would be gone.
            await page.evaluate(() => {
                globalThis.__diamyNoReload = true;
            });
            const call = await t.step('Marc Petit’s Call button → the softphone rings out to his mobile', async () => {
                const before = new Set((await t.calls()).map((c) => c.id));
                await page.locator(`${card} .dial-entry`, { hasText: marc.shown }).locator('button.dial-call').click();
                return t.waitCall(`outbound call to ${marc.number}`, (c) => !before.has(c.id) && c.direction === 'outbound' && c.to.number === marc.number);
            });
            await t.step('the softphone shows the call being placed to Marc Petit (the name the record page gave)', async () => {
                await t.waitText(page, '.softphone-call', label('Diamy_Softphone_Dialing'));
                await t.waitText(page, '.softphone-party-name', marc.name);
            });
            await t.step('Marc answers → on the line; the caller context card on the account page follows the call', async () => {
                await t.scenario(page, 'remote-answer');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
                await t.waitText(page, '.softphone-call', label('Diamy_Softphone_On_Line'));
                await t.waitText(page, `${SHOWN} c-diamy-caller-context`, marc.name);
            });
            await t.step('a note typed in the caller context card during the call joins the wrap-up', async () => {
                await page.locator(`${SHOWN} c-diamy-caller-context textarea`).fill('Intéressé par la livraison du matin.');
                await page.locator(`${SHOWN} c-diamy-caller-context button`, { hasText: label('Diamy_Context_Send') }).click();
                await t.waitText(page, `${SHOWN} c-diamy-caller-context`, label('Diamy_Context_Sent_Note'));
            });
            await t.shot(page, 'on-call');
            await t.step('Hang up → the wrap-up starts with the note sent from the account page; Sale + more notes, Save', async () => {
                await t.hangUp(page);
                await page.locator('.softphone-wrap-up').waitFor();
                const typed = await page.locator('.softphone-notes textarea').inputValue();
                if (typed !== 'Intéressé par la livraison du matin.') throw new Error(`the wrap-up notes start as "${typed}", not the note sent from the account page`);
                await t.wrapUp(page, { disposition: 'Sale', notes: `Intéressé par la livraison du matin.\n${notes}` });
            });
            await t.step('exactly one Diamy_Call__c: outbound, answered, on Boulangerie Petit and Marc Petit, with the wrap-up', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: {
                            Direction__c: 'Outbound',
                            Outcome__c: 'Answered',
                            To_Number_E164__c: marc.number,
                            Account__c: bakery.accountId,
                            Contact__c: marc.contactId,
                            Disposition__c: 'Sale',
                            Notes__c: `Intéressé par la livraison du matin.\n${notes}`
                        }
                    }
                ])
            );
            await t.step('the account’s call history shows the call and its notes, without a reload', async () => {
                await t.waitText(page, `${history} .history-row`, marc.shown);
                await t.waitText(page, `${history} .history-row`, 'Commande de 40 baguettes');
                if ((await page.locator(`${history} .history-row`).count()) !== 1) throw new Error('the history should list exactly one call');
                if (!(await page.evaluate(() => globalThis.__diamyNoReload === true))) throw new Error('the page was reloaded');
            });
            await t.shot(page);
        }
    },
    {
        name: 'screen-pop-page',
        title: 'A known contact calls: the screen pop navigates the main area to her record page (and the navigation is logged)',
        query: { tab: 'home' },
        async run(t) {
            const page = t.page;
            await page.locator(`${SHOWN}[data-page="home"]`).waitFor();
            await t.step('Sophie Bernard rings; the popup shows her', async () => {
                await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.waitText(page, 'c-diamy-caller-popup', sophie.name);
            });
            await t.step('the main area shows her contact page; the URL says ?record=', async () => {
                await page.locator(`${SHOWN}[data-page="${sophie.contactId}"]`).waitFor();
                const state = await shownPage(page);
                if (state.name !== sophie.name || !state.url.includes(`record=${sophie.contactId}`)) throw new Error(JSON.stringify(state));
            });
            await t.check('the workbench log has the navigation and the page it showed', async () => {
                const kinds = await page.evaluate(() => globalThis.__workbench.workbench.entries.map((e) => e.kind));
                if (!kinds.includes('navigate') || !kinds.includes('page shown')) throw new Error(`log kinds: ${[...new Set(kinds)].join(', ')}`);
            });
            await t.shot(page);
            await t.step('Decline → the softphone is idle again (the missed call is logged)', async () => {
                await t.click(page, '.softphone-decline button');
                await t.waitText(page, '.softphone-connection', label('Diamy_Softphone_Connected'));
                await page.locator('.softphone-idle').waitFor();
            });
        }
    }
];
