// The softphone in a short utility panel (560 px high, as on a laptop): what the agent must reach stays in view,
// buttons line up without touching, names are not cut, and the utility keeps the label the admin gave it.
import { PEOPLE, answeredFrom } from './kit.mjs';

const { sophie, bakery } = PEOPLE;

/** The panel is 100vh - 6rem high (max 640 px): a 656 px high window gives the 560 px panel of the issue. */
const SHORT_WINDOW = { width: 1280, height: 656 };

/** The boxes of every element matching a selector (Playwright pierces the shadow roots). */
async function boxes(page, selector) {
    const locators = await page.locator(selector).all();
    const found = [];
    for (const locator of locators) {
        const box = await locator.boundingBox();
        if (box) found.push(box);
    }
    return found;
}

const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const situations = [
    {
        name: 'layout',
        title: 'A 560 px utility panel: Answer/Decline in view over a long caller card, even in-call buttons, a long company name not cut, the utility label kept',
        async run(t) {
            const page = t.page;
            await page.setViewportSize(SHORT_WINDOW);
            const panel = await t.step('the utility panel is 560 px high', async () => {
                const box = await page.locator('#wb-utility-panel').boundingBox();
                if (!box || Math.round(box.height) !== 560) throw new Error(`panel box ${JSON.stringify(box)}`);
                return box;
            });
            const label = await t.text(page, '#wb-utility-label');
            const call = await t.step('Sophie Bernard rings; her card (activities, cases, opportunities) is long', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.waitText(page, 'c-diamy-caller-popup', sophie.name);
                return ringing;
            });
            await t.check('Answer and Decline are inside the panel without scrolling', async () => {
                const scroller = await page.locator('.wb-softphone').evaluate((node) => node.scrollTop);
                for (const selector of ['.softphone-answer button', '.softphone-decline button']) {
                    const box = await page.locator(selector).first().boundingBox();
                    if (!box || box.y < panel.y || box.y + box.height > panel.y + panel.height) {
                        throw new Error(`${selector} at ${JSON.stringify(box)}, panel ${JSON.stringify(panel)} (scrollTop ${scroller})`);
                    }
                }
            });
            await t.shot(page);
            await t.step('Answer', () => t.answer(page));
            await t.check('the in-call buttons line up in equal cells and never touch', async () => {
                const buttons = await boxes(page, '.softphone-controls lightning-button button');
                if (buttons.length < 5) throw new Error(`${buttons.length} buttons`);
                const widths = new Set(buttons.map((box) => Math.round(box.width)));
                const heights = new Set(buttons.map((box) => Math.round(box.height)));
                if (widths.size > 1 || heights.size > 1) throw new Error(`widths ${[...widths]}, heights ${[...heights]} (a label wrapped or a cell is uneven)`);
                for (const [index, a] of buttons.entries()) {
                    for (const b of buttons.slice(index + 1)) {
                        if (overlaps({ ...a, width: a.width + 2, height: a.height + 2 }, b)) throw new Error(`buttons touch: ${JSON.stringify([a, b])}`);
                    }
                }
            });
            await page.screenshot({ path: `${t.dist}/layout-call.png` });
            await t.step('hang up, wrap-up, Save', async () => {
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Resolved' });
            });
            await t.check('the utility label is the one the admin gave it, after the call as before', async () => {
                const after = await t.text(page, '#wb-utility-label');
                if (after !== label) throw new Error(`"${label}" before the call, "${after}" after`);
            });
            const switchboard = await t.step('the bakery rings from its switchboard number', async () => {
                const ringing = await t.ring(page, 'inbound-account', 'inbound call from the switchboard');
                await page.locator('c-diamy-caller-popup .popup-switchboard').waitFor();
                return ringing;
            });
            await t.check('the company name is shown whole beside the switchboard badge', async () => {
                const name = page.locator('c-diamy-caller-popup .popup-name').first();
                const shown = await name.evaluate((node) => ({ text: node.textContent, cut: node.scrollWidth > node.clientWidth }));
                if (shown.text !== bakery.name || shown.cut) throw new Error(`name ${JSON.stringify(shown)}`);
            });
            await t.step('Decline', () => t.click(page, '.softphone-decline button'));
            await t.step('two Diamy_Call__c, once each', () =>
                t.expectCalls(page, [
                    { call, fields: answeredFrom(sophie.number, { Disposition__c: 'Resolved' }) },
                    { call: switchboard, fields: { Outcome__c: 'Missed', Account__c: bakery.accountId } }
                ])
            );
        }
    }
];
