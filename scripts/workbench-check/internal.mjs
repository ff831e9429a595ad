// Calls to a colleague: clicking them in the list, or typing their extension and pressing Enter. Both are internal
// calls in Diamy (dial to_extension), logged Internal with the colleague as the other party.
import { AGENT_USER_ID, PEOPLE, label } from './kit.mjs';

const { julien } = PEOPLE;

const internal = (outcome, extra = {}) => ({
    Direction__c: 'Internal',
    Outcome__c: outcome,
    Caller_Name__c: julien.name,
    To_Number_E164__c: julien.number,
    Contact__c: null,
    Lead__c: null,
    Account__c: null,
    Agent__c: AGENT_USER_ID,
    ...extra
});
const toJulien = (c) => c.direction === 'internal' && c.to.user_id === julien.userId;

export const situations = [
    {
        name: 'colleague-call',
        title: 'Click a colleague: an internal call to their extension rings, they answer, hang up, wrap-up saved',
        async run(t) {
            const page = t.page;
            const call = await t.step(
                'click Julien Moreau in the colleagues → an internal call rings at his extension',
                async () => {
                    const before = new Set((await t.calls()).map((c) => c.id));
                    await page.locator('.softphone-colleague').filter({ hasText: julien.name }).click();
                    return t.waitCall('internal call to Julien Moreau', (c) => !before.has(c.id) && toJulien(c));
                }
            );
            await t.step('the softphone shows the call being placed to Julien Moreau', async () => {
                await t.waitText(page, '.softphone-party-name', julien.name);
                await page.locator('.softphone-hang-up button').waitFor();
            });
            await t.step('Julien answers → on the line', async () => {
                await t.scenario(page, 'remote-answer');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
                await t.waitText(page, '.softphone-call', label('Diamy_Softphone_On_Line'));
            });
            await t.shot(page);
            await t.step('Hang up → wrap-up: Other + notes, Save', async () => {
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Other', notes: 'Point planning avec Julien.' });
            });
            await t.step('one Diamy_Call__c: internal, answered, with Julien Moreau, with the wrap-up', () =>
                t.expectCalls(page, [
                    { call, fields: internal('Answered', { Disposition__c: 'Other', Notes__c: 'Point planning avec Julien.' }) }
                ])
            );
        }
    },
    {
        name: 'extension-call',
        title: 'Type 204 and press Enter: an internal call to the extension; the colleague declines (busy)',
        async run(t) {
            const page = t.page;
            const call = await t.step('type 204 in the number field, press Enter → an internal call rings at extension 204', () =>
                t.dial(page, julien.extension, { enter: true, what: 'internal call to extension 204', test: toJulien })
            );
            await t.step('the softphone shows the call being placed to Julien Moreau', () =>
                t.waitText(page, '.softphone-party-name', julien.name)
            );
            await t.shot(page);
            await t.step('Julien declines → back to the dial pad, no wrap-up', async () => {
                await t.scenario(page, 'remote-busy');
                await page.locator('.softphone-idle').waitFor();
            });
            await t.step('one Diamy_Call__c: internal, busy, with Julien Moreau', () =>
                t.expectCalls(page, [{ call, fields: internal('Busy', { Talk_Seconds__c: 0 }) }])
            );
        }
    }
];
