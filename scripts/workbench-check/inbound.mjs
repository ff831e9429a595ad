// Inbound calls the agent does not talk on (declined, missed, voicemail) and the withheld caller.
import { AGENT_USER_ID, PEOPLE, answeredFrom, label } from './kit.mjs';

const { sophie, nicolas, unknown } = PEOPLE;

const missed = (number, outcome, extra = {}) => ({
    Direction__c: 'Inbound',
    Outcome__c: outcome,
    From_Number_E164__c: number,
    Answered_At__c: null,
    Talk_Seconds__c: 0,
    Agent__c: AGENT_USER_ID,
    ...extra
});

/** The ringing stopped: no wrap-up, the dial pad, the utility no longer highlighted. */
async function backToIdle(t, page) {
    await page.locator('.softphone-idle').waitFor();
    await page.locator('#wb-utility-item[data-highlighted="false"]').waitFor();
    if (await page.locator('.softphone-wrap-up').isVisible()) throw new Error('a wrap-up is shown for a call nobody answered');
}

export const situations = [
    {
        name: 'decline',
        title: 'An unknown number calls: the popup offers Create contact / Create lead; Decline logs a missed call on no record',
        async run(t) {
            const page = t.page;
            const call = await t.step('an unknown number rings', () =>
                t.ring(page, 'inbound-unknown', 'inbound call from an unknown number')
            );
            await t.step('the popup offers Create contact and Create lead', async () => {
                await page.locator('c-diamy-caller-popup .popup-create-contact').waitFor();
                await page.locator('c-diamy-caller-popup .popup-create-lead').waitFor();
            });
            await t.shot(page);
            await t.step('Decline → the dial pad, no wrap-up', async () => {
                await t.click(page, '.softphone-decline button');
                await backToIdle(t, page);
            });
            await t.step('one Diamy_Call__c: inbound, missed, from the number, on no record', () =>
                t.expectCalls(page, [
                    { call, fields: missed(unknown.number, 'Missed', { Contact__c: null, Lead__c: null, Account__c: null }) }
                ])
            );
        }
    },
    {
        name: 'missed-timeout',
        title: 'A known contact rings until the ring timeout: missed, logged on the contact',
        config: { ring_timeout_ms: 2500 },
        async run(t) {
            const page = t.page;
            const call = await t.step('Sophie Bernard rings, the popup shows her', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.waitText(page, 'c-diamy-caller-popup', sophie.name);
                return ringing;
            });
            await t.step('nobody answers: the call ends missed after the ring timeout', () =>
                t.waitCallState(call.id, 'ended, missed', (c) => c.state === 'ended' && c.status === 'missed', { timeout: 8000 })
            );
            await t.step('the softphone is back to the dial pad, no wrap-up', () => backToIdle(t, page));
            await t.step('one Diamy_Call__c: inbound, missed, on Sophie Bernard', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: missed(sophie.number, 'Missed', { Contact__c: sophie.contactId, Account__c: sophie.accountId })
                    }
                ])
            );
            await t.shot(page);
        }
    },
    {
        name: 'missed-caller-hangup',
        title: 'A lead calls and hangs up before the agent answers: missed, logged on the lead',
        async run(t) {
            const page = t.page;
            const call = await t.step('Nicolas Fournier rings, the popup shows the lead', async () => {
                const ringing = await t.ring(page, 'inbound-lead', 'inbound call from Nicolas Fournier');
                await t.waitText(page, 'c-diamy-caller-popup', nicolas.name);
                return ringing;
            });
            await t.step('the caller hangs up', async () => {
                await t.scenario(page, 'remote-hangup');
                await t.waitCallState(call.id, 'ended, missed', (c) => c.state === 'ended' && c.status === 'missed');
            });
            await t.step('the softphone is back to the dial pad, no wrap-up', () => backToIdle(t, page));
            await t.step('one Diamy_Call__c: inbound, missed, on Nicolas Fournier (lead)', () =>
                t.expectCalls(page, [
                    { call, fields: missed(nicolas.number, 'Missed', { Lead__c: nicolas.leadId, Contact__c: null }) }
                ])
            );
            await t.shot(page);
        }
    },
    {
        name: 'voicemail',
        title: 'A known contact leaves a voicemail: logged Voicemail on the contact, with the message link',
        async run(t) {
            const page = t.page;
            const call = await t.step('Sophie Bernard rings, the popup shows her', async () => {
                const ringing = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.waitText(page, 'c-diamy-caller-popup', sophie.name);
                return ringing;
            });
            await t.step('she leaves a voicemail', async () => {
                await t.scenario(page, 'remote-voicemail');
                await t.waitCallState(call.id, 'ended, voicemail', (c) => c.state === 'ended' && c.status === 'voicemail');
            });
            await t.step('the softphone is back to the dial pad, no wrap-up', () => backToIdle(t, page));
            await t.step('one Diamy_Call__c: inbound, voicemail, on Sophie Bernard, with the recording link', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: missed(sophie.number, 'Voicemail', {
                            Contact__c: sophie.contactId,
                            Account__c: sophie.accountId,
                            Recording_URL__c: /\/v2\/recordings\/vm_/
                        })
                    }
                ])
            );
            await t.shot(page);
        }
    },
    {
        name: 'withheld',
        title: 'A withheld number calls: "Withheld number", no record looked up; answered and logged without number or record',
        async run(t) {
            const page = t.page;
            const since = await page.evaluate(() => globalThis.__workbench.workbench.entries.length);
            const call = await t.step('a withheld caller rings', () =>
                t.ring(page, 'inbound-withheld', 'inbound call from a withheld number')
            );
            await t.check('the caller reads "Withheld number" (Diamy_Softphone_Withheld)', () =>
                t.waitText(
                    page,
                    '.softphone-party-name',
                    label('Diamy_Softphone_Withheld', 'en', { en: 'Withheld number', fr: 'Numéro masqué' })
                )
            );
            await t.shot(page);
            await t.step('no caller lookup: no GraphQL candidate query, the popup (if any) looks nobody up', async () => {
                const queries = await page.evaluate(
                    (from) =>
                        globalThis.__workbench.workbench.entries
                            .slice(from)
                            .filter((e) => e.kind === 'graphql')
                            .map((e) => e.detail.operation),
                    since
                );
                if (queries.length > 0) throw new Error(`GraphQL queries sent: ${queries.join(', ')}`);
                const popups = page.locator('c-diamy-caller-popup');
                if ((await popups.count()) > 0) {
                    const lookedUp = await page
                        .locator(
                            'c-diamy-caller-popup .popup-caller, c-diamy-caller-popup .popup-chooser, c-diamy-caller-popup .popup-create-contact'
                        )
                        .count();
                    if (lookedUp > 0) throw new Error('the caller popup shows a lookup result');
                }
            });
            await t.step('Answer, hang up, save the wrap-up', async () => {
                await t.answer(page);
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Wrong_Number' });
            });
            await t.step('one Diamy_Call__c: inbound, answered, no number, no name, no record', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: answeredFrom(null, {
                            From_Number__c: null,
                            Caller_Name__c: null,
                            Contact__c: null,
                            Lead__c: null,
                            Account__c: null,
                            Disposition__c: 'Wrong_Number'
                        })
                    }
                ])
            );
        }
    }
];
