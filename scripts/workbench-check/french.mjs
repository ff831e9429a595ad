// The French page (the workbench's language switch): the softphone, in every state an agent goes through, shows
// no English label text. Compared with the English values of the Custom Labels whose French translation differs
// (labels/CustomLabels.labels-meta.xml vs translations/fr.translation-meta.xml), in the rendered text and in the
// titles / aria-labels / placeholders of its elements.
import { PEOPLE, answeredFrom, englishLabelPatterns, label } from './kit.mjs';

const { sophie } = PEOPLE;
const PATTERNS = englishLabelPatterns();

/** The English label texts the softphone shows right now. */
async function englishOnScreen(page) {
    const softphone = page.locator('c-diamy-softphone');
    const text = await softphone.innerText();
    const attributes = await page
        .locator(
            'c-diamy-softphone [title], c-diamy-softphone [aria-label], c-diamy-softphone [placeholder], c-diamy-softphone [alternative-text]'
        )
        .evaluateAll((elements) =>
            elements.flatMap((element) =>
                ['title', 'aria-label', 'placeholder', 'alternative-text']
                    .map((name) => element.getAttribute(name))
                    .filter(Boolean)
            )
        );
    const found = new Map();
    for (const [where, content] of [['text', text], ...attributes.map((value) => ['attribute', value])]) {
        for (const { name, text: english, pattern } of PATTERNS) {
            if (pattern.test(content)) found.set(`${english}`, `"${english}" (${name}, in ${where})`);
        }
    }
    return [...found.values()];
}

export const situations = [
    {
        name: 'french',
        title: 'The French page (language switch): no English label text in the softphone, idle, ringing, on a call, keypad, transfer, withheld caller, wrap-up',
        async run(t) {
            const english = t.page;
            const page = await t.step('the language switch → Français reloads the page in French: Connecté', async () => {
                await english.locator('#wb-lang [data-lang="fr"]').click();
                await english.waitForURL(/[?&]lang=fr/);
                await t.connected(english, 'fr');
                return english;
            });
            const seen = [];
            const look = async (state) => {
                for (const item of await englishOnScreen(page)) seen.push(`${state}: ${item}`);
            };
            await t.step('idle: colleagues listed', () => t.waitText(page, '.softphone-colleague', PEOPLE.julien.name));
            await look('idle');
            const call = await t.step('Sophie Bernard calls: ringing, popup', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.waitText(page, 'c-diamy-caller-popup', sophie.openCase);
                return ringing;
            });
            await look('ringing');
            await t.step('Répondre → on the line', () => t.answer(page));
            await look('on the line');
            await t.step('Clavier → the keypad', () => t.click(page, '.softphone-keypad button'));
            await look('keypad');
            await t.step('Transférer → the transfer panel', () => t.click(page, '.softphone-transfer button'));
            await look('transfer');
            await t.step('En attente → on hold', async () => {
                await t.click(page, '.softphone-hold button');
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Resume', 'fr'));
            });
            await look('on hold');
            await t.step('Raccrocher → wrap-up, the disposition list open', async () => {
                await t.hangUp(page);
                await page.locator('.softphone-wrap-up').waitFor();
                await t.click(page, '.softphone-disposition button');
            });
            await look('wrap-up');
            await t.shot(page);
            await t.step('Enregistrer → idle, with the call in the recent calls', async () => {
                await t.click(page, '.softphone-disposition lightning-base-combobox-item[data-value="Resolved"]');
                await t.click(page, '.softphone-save button');
                await page.locator('.softphone-recent-item').first().waitFor();
            });
            await look('idle after a call');
            await t.step('a withheld caller rings', () =>
                t.ring(page, 'inbound-withheld', 'inbound call from a withheld number')
            );
            await t.check('the withheld caller reads "Numéro masqué"', () =>
                t.waitText(
                    page,
                    '.softphone-party-name',
                    label('Diamy_Softphone_Withheld', 'fr', { en: 'Withheld number', fr: 'Numéro masqué' })
                )
            );
            await look('withheld caller ringing');
            await t.step('Refuser → idle', async () => {
                await t.click(page, '.softphone-decline button');
                await page.locator('.softphone-idle').waitFor();
            });
            await t.step('no English label text in the softphone', async () => {
                if (seen.length > 0) throw new Error(`${seen.length} found: ${seen.join('; ')}`);
            });
            await t.step('the calls are logged as in English (one record each, the answered one on Sophie Bernard)', () =>
                t.expectCalls(page, [
                    { call, fields: answeredFrom(sophie.number, { Contact__c: sophie.contactId, Disposition__c: 'Resolved' }) }
                ])
            );
        }
    }
];
