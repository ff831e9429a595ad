// The page itself, and the call every agent takes first: a known contact calls, is answered, held, hung up and
// wrapped up.
import { AGENT_USER_ID, PEOPLE, answeredFrom, label } from './kit.mjs';

const { sophie } = PEOPLE;

export const situations = [
    {
        name: 'workbench',
        title: 'The page loads, the softphone connects, the sandbox control API answers only the workbench origin, colleagues are listed',
        async run(t) {
            const page = t.page;
            await t.step('sandbox control API: the workbench origin is allowed, another origin refused', async () => {
                const origin = new URL(page.url()).origin;
                const allowed = await fetch(`${t.sandboxUrl}/sandbox/faults`, { headers: { origin } });
                if (allowed.status !== 200 || allowed.headers.get('access-control-allow-origin') !== origin) {
                    throw new Error(
                        `workbench origin ${origin}: ${allowed.status}, allow-origin ${allowed.headers.get('access-control-allow-origin')}`
                    );
                }
                const foreign = await fetch(`${t.sandboxUrl}/sandbox/reset`, {
                    method: 'POST',
                    headers: { origin: 'http://evil.example' }
                });
                if (foreign.status !== 403 || foreign.headers.get('access-control-allow-origin') !== null) {
                    throw new Error(
                        `foreign origin: ${foreign.status}, allow-origin ${foreign.headers.get('access-control-allow-origin')}`
                    );
                }
            });
            await t.step('colleagues listed from the sandbox directory', () =>
                t.waitText(page, '.softphone-colleague', PEOPLE.julien.name)
            );
            await t.check('the agent is not listed among her colleagues', async () => {
                const names = await page.locator('.softphone-colleague').allInnerTexts();
                if (names.some((n) => n.includes('Camille Martin'))) throw new Error(`colleagues: ${names.join(' | ')}`);
            });
            await t.step('no recent calls yet', () =>
                t.waitText(page, '.softphone-idle', label('Diamy_Softphone_No_Recent_Calls'))
            );
            await t.shot(page);
        }
    },
    {
        name: 'inbound-answered',
        title: 'A known contact calls: utility highlighted, popup with her account and open case, answer, hold/resume, hang up, wrap-up saved once',
        async run(t) {
            const page = t.page;
            const call = await t.step('Sophie Bernard rings: the utility is highlighted with "Incoming call: …"', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await page.locator('#wb-utility-item[data-highlighted="true"]').waitFor();
                const utilityLabel = await page.locator('#wb-utility-label').innerText();
                if (!utilityLabel.includes(sophie.name)) throw new Error(`utility label is "${utilityLabel}"`);
                return ringing;
            });
            await t.step('the caller popup shows the contact, her account and her open case', async () => {
                await t.waitText(page, 'c-diamy-caller-popup', sophie.name);
                await t.waitText(page, 'c-diamy-caller-popup', sophie.accountName);
                await t.waitText(page, 'c-diamy-caller-popup', sophie.openCase);
            });
            await t.step('Answer → in-call controls, the utility no longer highlighted', async () => {
                await t.answer(page);
                await page.locator('.softphone-hold button').waitFor();
                await page.locator('#wb-utility-item[data-highlighted="false"]').waitFor();
            });
            await t.step('Hold (sandbox call held) then Resume (active)', async () => {
                await t.click(page, '.softphone-hold button');
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Resume'));
                await t.waitCallState(call.id, 'held', (c) => c.state === 'held');
                await t.click(page, '.softphone-hold button');
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Hold'));
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
            });
            await t.shot(page);
            await t.step('Hang up → wrap-up', async () => {
                await t.hangUp(page);
                await page.locator('.softphone-wrap-up').waitFor();
            });
            await t.step('wrap-up: disposition Resolved + notes, Save → idle', async () => {
                await t.wrapUp(page, { disposition: 'Resolved', notes: 'Facture en double annulée, avoir envoyé.' });
                await page.locator('.softphone-idle').waitFor();
            });
            await t.step('one Diamy_Call__c: inbound, answered, on Sophie Bernard and her account, with the wrap-up', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: answeredFrom(sophie.number, {
                            Contact__c: sophie.contactId,
                            Account__c: sophie.accountId,
                            Lead__c: null,
                            Caller_Name__c: sophie.name,
                            Disposition__c: 'Resolved',
                            Notes__c: /avoir envoyé/,
                            Talk_Seconds__c: (v) => typeof v === 'number' && v >= 0,
                            Agent__c: AGENT_USER_ID
                        })
                    }
                ])
            );
        }
    }
];
