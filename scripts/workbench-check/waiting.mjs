// Call waiting: a second inbound call rings while the agent is on a call. Answer = hold the current call and take
// the new one; Decline = the new caller is missed, the current call goes on.
import { PEOPLE, answeredFrom, label } from './kit.mjs';

const { sophie, nicolas } = PEOPLE;

/** On a call with Sophie Bernard, Nicolas Fournier calls: the waiting panel names him. Returns both calls. */
async function secondCallWhileOnFirst(t, page) {
    const first = await t.step('Sophie Bernard calls, the agent answers', async () => {
        const call = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
        await t.answer(page);
        await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
        return call;
    });
    const second = await t.step('Nicolas Fournier calls during the call', async () => {
        const before = new Set((await t.calls()).map((c) => c.id));
        await t.scenario(page, 'inbound-lead');
        return t.waitCall('second inbound call, from Nicolas Fournier', (c) => !before.has(c.id) && c.state === 'ringing');
    });
    await t.step('the call-waiting panel names the waiting caller', () => t.waitText(page, '.softphone-waiting', nicolas.name));
    await t.check('the call on the line is still shown, with its controls', async () => {
        await t.waitText(page, '.softphone-party-name', sophie.name);
        await page.locator('.softphone-hold button').waitFor();
    });
    return { first, second };
}

const sophieRecord = (extra = {}) =>
    answeredFrom(sophie.number, { Contact__c: sophie.contactId, Account__c: sophie.accountId, ...extra });

export const situations = [
    {
        name: 'call-waiting-answer',
        title: 'Call waiting, Answer: the current call is held and the new caller answered; both logged once, each on its record',
        async run(t) {
            const page = t.page;
            const { first, second } = await secondCallWhileOnFirst(t, page);
            await t.shot(page);
            await t.step('Answer the waiting call → Sophie held, Nicolas on the line', async () => {
                await t.click(page, '.softphone-waiting-answer button');
                await t.waitCallState(first.id, 'held', (c) => c.state === 'held');
                await t.waitCallState(second.id, 'active', (c) => c.state === 'active');
                await t.waitText(page, '.softphone-party-name', nicolas.name);
            });
            await t.step('hang up both calls (resuming Sophie), save the wrap-ups', () => t.endAll(page));
            await t.step('two Diamy_Call__c, once each: Sophie (contact) and Nicolas (lead), both answered', () =>
                t.expectCalls(page, [
                    { call: first, fields: sophieRecord() },
                    { call: second, fields: answeredFrom(nicolas.number, { Lead__c: nicolas.leadId, Contact__c: null }) }
                ])
            );
        }
    },
    {
        name: 'call-waiting-decline',
        title: 'Call waiting, Decline: the new caller is missed, the current call stays on the line; both logged once',
        async run(t) {
            const page = t.page;
            const { first, second } = await secondCallWhileOnFirst(t, page);
            await t.step('Decline the waiting call → it ends missed; Sophie stays on the line (not held)', async () => {
                await t.click(page, '.softphone-waiting-decline button');
                await t.waitCallState(second.id, 'ended, missed', (c) => c.state === 'ended' && c.status === 'missed');
                const current = (await t.calls()).find((c) => c.id === first.id);
                if (current.state !== 'active') throw new Error(`Sophie's call is ${current.state}`);
            });
            await t.check('the waiting panel is gone, Sophie is shown on the line', async () => {
                await page.locator('.softphone-waiting').waitFor({ state: 'detached' });
                await t.waitText(page, '.softphone-party-name', sophie.name);
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Hold'));
            });
            await t.shot(page);
            await t.step('hang up, save the wrap-up', async () => {
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Resolved' });
                await t.endAll(page);
            });
            await t.step('two Diamy_Call__c, once each: Sophie answered, Nicolas missed', () =>
                t.expectCalls(page, [
                    { call: first, fields: sophieRecord({ Disposition__c: 'Resolved' }) },
                    {
                        call: second,
                        fields: {
                            Direction__c: 'Inbound',
                            Outcome__c: 'Missed',
                            From_Number_E164__c: nicolas.number,
                            Talk_Seconds__c: 0
                        }
                    }
                ])
            );
        }
    }
];
