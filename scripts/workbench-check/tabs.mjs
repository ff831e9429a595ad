// Two tabs of one browser: the first owns the phone, the second mirrors its call; closing the first hands the
// phone over to the second, which ends the call and saves the wrap-up — one record, never two.
import { PEOPLE, answeredFrom, label } from './kit.mjs';

const { sophie } = PEOPLE;

export const situations = [
    {
        name: 'two-tabs-handover',
        title: 'A second tab mirrors the call of the tab that owns the phone; closing the first, the second takes over and logs the call once',
        async run(t) {
            const first = t.page;
            const second = await t.open({ expect: 'follower' });
            const call = await t.step('Sophie Bernard calls: the first tab rings, the agent answers there', async () => {
                const ringing = await t.ring(first, 'inbound-known', 'inbound call from Sophie Bernard');
                await t.answer(first);
                await t.waitCallState(ringing.id, 'active', (c) => c.state === 'active');
                return ringing;
            });
            await t.check('the second tab mirrors the call (.softphone-mirror names Sophie Bernard)', () =>
                t.waitText(second, '.softphone-mirror', sophie.name)
            );
            await t.check('the second tab says another tab owns the phone', () =>
                t.waitText(second, '.softphone-connection', label('Diamy_Softphone_Other_Tab'))
            );
            await t.step(
                'close the first tab → the second takes over: Connected, the call on the line with its controls',
                async () => {
                    await first.close();
                    await t.connected(second);
                    await t.waitText(second, '.softphone-party-name', sophie.name);
                    await second.locator('.softphone-hold button').waitFor();
                }
            );
            await t.shot(second);
            await t.step('hang up in the second tab, wrap-up Resolved + notes, Save', async () => {
                await t.hangUp(second);
                await t.wrapUp(second, { disposition: 'Resolved', notes: 'Repris dans le second onglet.' });
            });
            await t.step(
                'one Diamy_Call__c: inbound, answered, on Sophie Bernard, with the wrap-up typed in the second tab',
                () =>
                    t.expectCalls(second, [
                        {
                            call,
                            fields: answeredFrom(sophie.number, {
                                Contact__c: sophie.contactId,
                                Account__c: sophie.accountId,
                                Disposition__c: 'Resolved',
                                Notes__c: 'Repris dans le second onglet.'
                            })
                        }
                    ])
            );
        }
    }
];
