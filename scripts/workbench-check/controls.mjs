// In-call controls that do not end the call: mute / unmute and the keypad (DTMF sent as the keys are pressed).
import { PEOPLE, answeredFrom, label } from './kit.mjs';

const { sophie } = PEOPLE;

/** Sophie Bernard calls and the agent answers; returns the sandbox call. */
async function onCallWithSophie(t, page) {
    return t.step('Sophie Bernard calls, the agent answers', async () => {
        const call = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
        await t.answer(page);
        await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
        return call;
    });
}

async function finish(t, page, call, disposition) {
    await t.step(`Hang up, wrap-up ${disposition}, Save`, async () => {
        await t.hangUp(page);
        await t.wrapUp(page, { disposition });
    });
    await t.step('one Diamy_Call__c: inbound, answered, on Sophie Bernard', () =>
        t.expectCalls(page, [
            {
                call,
                fields: answeredFrom(sophie.number, {
                    Contact__c: sophie.contactId,
                    Account__c: sophie.accountId,
                    Disposition__c: disposition
                })
            }
        ])
    );
}

export const situations = [
    {
        name: 'mute',
        title: 'Mute during a call (the sandbox call is muted, the button reads Unmute), then unmute',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await t.step('Mute → the sandbox call is muted, the button reads Unmute', async () => {
                await t.click(page, '.softphone-mute button');
                await t.waitCallState(call.id, 'muted', (c) => c.muted === true);
                await t.waitText(page, '.softphone-mute button', label('Diamy_Softphone_Unmute'));
            });
            await t.shot(page);
            await t.step('Unmute → not muted, the button reads Mute', async () => {
                await t.click(page, '.softphone-mute button');
                await t.waitCallState(call.id, 'not muted', (c) => c.muted === false);
                await t.waitText(page, '.softphone-mute button', label('Diamy_Softphone_Mute'));
            });
            await finish(t, page, call, 'Resolved');
        }
    },
    {
        name: 'dtmf',
        title: 'Keypad during a call: each key pressed is sent to Diamy at once (the sandbox received 1, 2, #)',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await t.step('open the keypad', () => t.click(page, '.softphone-keypad button'));
            for (const [index, key] of ['1', '2', '#'].entries()) {
                const sent = ['1', '2', '#'].slice(0, index + 1).join('');
                await t.step(`press ${key} → the sandbox received "${sent}"`, async () => {
                    await t.click(page, `.softphone-dtmf-key[data-key="${key}"]`);
                    await t.waitCallState(call.id, `sent the tones "${sent}"`, (c) => c.dtmf === sent, { timeout: 3000 });
                });
            }
            await t.shot(page);
            await finish(t, page, call, 'Other');
        }
    }
];
