// What an agent does after and around a call without the mouse on the call buttons: the wrap-up's callback time and
// follow-up task, calling back from the recent calls, and the keyboard shortcuts.
import { PEOPLE, answeredFrom } from './kit.mjs';

const { sophie, unknown } = PEOPLE;

export const situations = [
    {
        name: 'wrap-up-follow-up',
        title: 'Wrap-up with a callback time and a follow-up task (subject prefilled, due tomorrow): the call record carries both; the timer runs',
        async run(t) {
            const page = t.page;
            const call = await t.step('Sophie Bernard calls, the agent answers and hangs up', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.answer(page);
                await t.hangUp(page);
                await page.locator('.softphone-wrap-up').waitFor();
                return ringing;
            });
            await t.check('the after-call-work timer is shown', () => page.locator('.softphone-acw-timer').waitFor());
            const due = await t.step('callback on a date, follow-up task ticked: subject prefilled, due date set', async () => {
                // Typed as an agent types in the date and time pickers (the user's format), each confirmed with Tab.
                const date = page.locator('.softphone-callback lightning-datepicker input').first();
                await date.fill('Jan 15, 2030');
                await date.press('Tab');
                const time = page.locator('.softphone-callback lightning-timepicker input').first();
                await time.fill('2:30 PM');
                await time.press('Tab');
                await page.locator('.softphone-follow-up-toggle label').first().click();
                await page.locator('.softphone-follow-up-subject input').waitFor();
                const subject = await page.locator('.softphone-follow-up-subject input').inputValue();
                if (!subject.includes(sophie.name)) throw new Error(`subject "${subject}"`);
                await page.locator('.softphone-follow-up-subject input').fill('Envoyer le devis signé');
                // Assigned to a colleague (Hugo Lefèvre) instead of the agent.
                await t.chooseOption(page, '.softphone-follow-up-assignee', '005000000000002AAA');
                // The component's value (YYYY-MM-DD), not the picker's display text.
                return page.locator('.softphone-follow-up-due').evaluate((input) => input.value);
            });
            await t.shot(page);
            await t.step('Save', () => t.wrapUp(page, { disposition: 'Follow_Up_Needed' }));
            await t.step('one Diamy_Call__c with the disposition, the callback time and the follow-up request', async () => {
                await t.expectCalls(page, [
                    { call, fields: answeredFrom(sophie.number, { Contact__c: sophie.contactId, Disposition__c: 'Follow_Up_Needed' }) }
                ]);
                const fields = await page.evaluate(
                    (id) => globalThis.__workbench.org.calls().find((r) => r.fields.Diamy_Call_Id__c === id)?.fields,
                    call.id
                );
                if (!String(fields?.Callback_At__c ?? '').startsWith('2030-01-15')) throw new Error(`Callback_At__c ${fields?.Callback_At__c}`);
                if (fields?.Follow_Up_Request_Subject__c !== 'Envoyer le devis signé') throw new Error(`subject ${fields?.Follow_Up_Request_Subject__c}`);
                if (!due || fields?.Follow_Up_Request_Due_Date__c !== due) throw new Error(`due ${fields?.Follow_Up_Request_Due_Date__c}, form ${due}`);
                if (fields?.Follow_Up_Request_Assignee__c !== '005000000000002AAA') throw new Error(`assignee ${fields?.Follow_Up_Request_Assignee__c}`);
            });
            await t.check('the recent call opens the call record this browser saved', async () => {
                const recordId = await page.evaluate(
                    (id) => globalThis.__workbench.org.calls().find((r) => r.fields.Diamy_Call_Id__c === id)?.id,
                    call.id
                );
                await t.click(page, '.softphone-recent-open button');
                await page.waitForFunction(
                    (id) => globalThis.__workbench.workbench.entries.some((e) => e.kind === 'navigate' && JSON.stringify(e.detail).includes(id)),
                    recordId
                );
            });
        }
    },
    {
        name: 'recent-call-back',
        title: 'A missed call in the recent calls says so (no "0 min 00 s"), and a click calls the number back',
        async run(t) {
            const page = t.page;
            const missed = await t.step('an unknown number rings and is declined', async () => {
                const ringing = await t.ring(page, 'inbound-unknown', 'inbound call from an unknown number');
                await t.click(page, '.softphone-decline button');
                await page.locator('.softphone-idle').waitFor();
                return ringing;
            });
            await t.step('the recent call reads Missed call, with how long ago', async () => {
                await t.waitText(page, '.softphone-recent-item', 'Missed call');
                const text = await t.text(page, '.softphone-recent-item');
                if (/0 min 00 s/.test(text)) throw new Error(`recent call "${text}"`);
            });
            await t.shot(page);
            const back = await t.step('click → the number is called back', async () => {
                await t.click(page, '.softphone-recent-item');
                return t.waitCall('outbound call back to the unknown number', (c) => c.direction === 'outbound' && c.to.number === unknown.number);
            });
            await t.step('the remote party answers, the agent hangs up and saves', async () => {
                await t.scenario(page, 'remote-answer');
                await page.locator('.softphone-hang-up button').waitFor();
                await t.hangUp(page);
                await t.wrapUp(page, {});
            });
            await t.step('two Diamy_Call__c: the missed call and the call back', () =>
                t.expectCalls(page, [
                    { call: missed, fields: { Direction__c: 'Inbound', Outcome__c: 'Missed' } },
                    { call: back, fields: { Direction__c: 'Outbound', Outcome__c: 'Answered', To_Number_E164__c: unknown.number } }
                ])
            );
        }
    },
    {
        name: 'keyboard',
        title: 'Keyboard: the focus is on Answer when a call rings; Alt+Shift+A answers, Alt+Shift+P holds, Alt+Shift+H hangs up',
        async run(t) {
            const page = t.page;
            const call = await t.step('Sophie Bernard rings: the keyboard focus is on Answer', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await page.locator('.softphone-answer button').waitFor();
                await page.waitForFunction(() => {
                    let node = globalThis.document.activeElement;
                    while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
                    return node?.closest?.('.softphone-answer') !== null && node?.tagName === 'BUTTON';
                });
                return ringing;
            });
            await t.step('Alt+Shift+A answers', async () => {
                await page.keyboard.press('Alt+Shift+KeyA');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
            });
            await t.step('the focus moved to the call controls (Hold)', async () => {
                await page.waitForFunction(() => {
                    let node = globalThis.document.activeElement;
                    while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
                    return node?.closest?.('.softphone-hold') !== null && node?.tagName === 'BUTTON';
                }).catch(async () => {
                    const where = await page.evaluate(() => {
                        const path = [];
                        let node = globalThis.document.activeElement;
                        while (node) {
                            path.push(`${node.tagName}.${node.className}`);
                            node = node.shadowRoot?.activeElement ?? null;
                        }
                        return path.join(' > ');
                    });
                    throw new Error(`the focus is on ${where}`);
                });
            });
            await t.step('Alt+Shift+P holds', async () => {
                await page.keyboard.press('Alt+Shift+KeyP');
                await t.waitCallState(call.id, 'held', (c) => c.state === 'held');
                await t.waitText(page, '.softphone-hold button', 'Resume');
            });
            await t.step('Alt+Shift+H hangs up → wrap-up', async () => {
                await page.keyboard.press('Alt+Shift+KeyH');
                await page.locator('.softphone-wrap-up').waitFor();
                await t.wrapUp(page, {});
            });
            await t.step('one Diamy_Call__c, answered', () =>
                t.expectCalls(page, [{ call, fields: answeredFrom(sophie.number, { Contact__c: sophie.contactId }) }])
            );
        }
    }
];
