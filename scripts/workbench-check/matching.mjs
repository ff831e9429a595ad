// Who is calling: several records share the number (the agent picks), a lead, a company switchboard.
import { PEOPLE, answeredFrom } from './kit.mjs';

const { nicolas, bakery, garnier } = PEOPLE;

/** Answer, hang up and save a wrap-up with `disposition`. */
async function takeCall(t, page, disposition) {
    await t.step(`Answer, hang up, wrap-up ${disposition}, Save`, async () => {
        await t.answer(page);
        await t.hangUp(page);
        await t.wrapUp(page, { disposition });
    });
}

export const situations = [
    {
        name: 'chooser',
        title: 'Two contacts share the calling number: the popup asks who calls, nothing opens by itself; the call is logged on the one picked',
        async run(t) {
            const page = t.page;
            const since = await page.evaluate(() => globalThis.__workbench.workbench.entries.length);
            const call = await t.step('the shared number rings', () =>
                t.ring(page, 'inbound-shared', 'inbound call from the shared number')
            );
            await t.step('the popup lists both contacts (with their accounts) to choose from', async () => {
                await t.waitText(page, 'c-diamy-caller-popup .popup-chooser', garnier.julie.name);
                await t.waitText(page, 'c-diamy-caller-popup .popup-chooser', garnier.thomas.name);
            });
            await t.step('no record opened by itself', async () => {
                const opened = await page.evaluate(
                    (from) =>
                        globalThis.__workbench.workbench.entries
                            .slice(from)
                            .filter((e) => /navigate|openTab|focusTab/.test(e.kind)).length,
                    since
                );
                if (opened > 0) throw new Error(`${opened} navigation(s) before the agent chose`);
            });
            await t.step('pick Thomas Garnier → his details show', async () => {
                await page.locator('c-diamy-caller-popup .popup-chooser label').filter({ hasText: garnier.thomas.name }).click();
                await t.waitText(page, 'c-diamy-caller-popup .popup-name', garnier.thomas.name);
            });
            await t.shot(page);
            await takeCall(t, page, 'Resolved');
            await t.step('one Diamy_Call__c: inbound, answered, on Thomas Garnier (the one picked) and his account', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: answeredFrom(garnier.number, {
                            Contact__c: garnier.thomas.contactId,
                            Account__c: garnier.thomas.accountId,
                            Lead__c: null,
                            Disposition__c: 'Resolved'
                        })
                    }
                ])
            );
        }
    },
    {
        name: 'lead-match',
        title: 'A lead calls: the popup shows the lead; the call is logged on the lead, not on a contact or account',
        async run(t) {
            const page = t.page;
            const call = await t.step('Nicolas Fournier rings', () =>
                t.ring(page, 'inbound-lead', 'inbound call from Nicolas Fournier')
            );
            await t.step('the popup shows the lead', () => t.waitText(page, 'c-diamy-caller-popup .popup-name', nicolas.name));
            await t.shot(page);
            await takeCall(t, page, 'Callback_Requested');
            await t.step('one Diamy_Call__c: inbound, answered, on the lead only', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: answeredFrom(nicolas.number, {
                            Lead__c: nicolas.leadId,
                            Contact__c: null,
                            Account__c: null,
                            Caller_Name__c: nicolas.name,
                            Disposition__c: 'Callback_Requested'
                        })
                    }
                ])
            );
        }
    },
    {
        name: 'switchboard',
        title: "A company's switchboard number (shared by its staff) calls: the popup shows the account as switchboard, not a person; logged on the account",
        async run(t) {
            const page = t.page;
            const call = await t.step('Boulangerie Petit rings from its main number', () =>
                t.ring(page, 'inbound-account', 'inbound call from the switchboard')
            );
            await t.step('the popup shows the account with the "Company switchboard" badge', async () => {
                await t.waitText(page, 'c-diamy-caller-popup .popup-name', bakery.name);
                await page.locator('c-diamy-caller-popup .popup-switchboard').waitFor();
            });
            await t.step('no person is offered as the caller', async () => {
                const chooser = await page.locator('c-diamy-caller-popup .popup-chooser').count();
                const name = await t.text(page, 'c-diamy-caller-popup .popup-name');
                if (chooser > 0 || name.includes(bakery.staff)) throw new Error(`popup: chooser ${chooser}, name "${name}"`);
            });
            await t.shot(page);
            await takeCall(t, page, 'Follow_Up_Needed');
            await t.step('one Diamy_Call__c: inbound, answered, on the account, no contact', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: answeredFrom(bakery.number, {
                            Account__c: bakery.accountId,
                            Contact__c: null,
                            Lead__c: null,
                            Disposition__c: 'Follow_Up_Needed'
                        })
                    }
                ])
            );
        }
    }
];
