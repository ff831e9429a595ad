// What happens to the link and the page during a call: tokens expire, the socket drops, the page reloads (mid-call,
// and during the wrap-up with notes typed).
import { AGENT_ID, PEOPLE, answeredFrom, label, until } from './kit.mjs';

const { sophie } = PEOPLE;

async function onCallWithSophie(t, page) {
    return t.step('Sophie Bernard calls, the agent answers', async () => {
        const call = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
        await t.answer(page);
        await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
        return call;
    });
}

/** Records every text the connection badge shows from now on (a state may last less than a poll). */
function watchConnection(page) {
    return page.locator('.softphone-header').evaluate((header) => {
        const seen = [header.textContent ?? ''];
        globalThis.__connectionSeen = seen;
        new globalThis.MutationObserver(() => seen.push(header.textContent ?? '')).observe(header, {
            subtree: true,
            childList: true,
            characterData: true
        });
    });
}
const connectionSeen = (page) => page.evaluate(() => globalThis.__connectionSeen);

const sophieRecord = (extra = {}) =>
    answeredFrom(sophie.number, { Contact__c: sophie.contactId, Account__c: sophie.accountId, ...extra });

async function hangUpAndSave(t, page, call, wrapUp) {
    await t.step('Hang up, wrap-up, Save', async () => {
        await t.hangUp(page);
        await t.wrapUp(page, wrapUp);
    });
    await t.step('one Diamy_Call__c: inbound, answered, on Sophie Bernard, with the wrap-up', () =>
        t.expectCalls(page, [{ call, fields: sophieRecord({ Disposition__c: wrapUp.disposition }) }])
    );
}

export const situations = [
    {
        name: 'token-expiry',
        title: 'Tokens expire mid-call (POST /sandbox/tokens/expire): the softphone gets a new one, reconnects, and its commands still work',
        // The first command after the expiry may be answered 401 before the client retries with a new token.
        allowConsole: [/status of 401/],
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await watchConnection(page);
            await t.step('expire the tokens → the socket is closed (4001)', () => t.scenario(page, 'expire-tokens'));
            await t.step('a new token, a new socket, Connected again', async () => {
                await until('a live token and a socket for the agent', async () => {
                    const state = await t.state();
                    return state.tokens.live_access > 0 && state.agents.find((a) => a.id === AGENT_ID)?.sockets > 0;
                });
                await t.connected(page);
            });
            await t.step('Hold and Resume still work (sandbox held, then active)', async () => {
                await t.click(page, '.softphone-hold button');
                await t.waitCallState(call.id, 'held', (c) => c.state === 'held');
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Resume'));
                await t.click(page, '.softphone-hold button');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
            });
            await t.shot(page);
            await hangUpAndSave(t, page, call, { disposition: 'Resolved' });
        }
    },
    {
        name: 'socket-drop',
        title: 'The socket drops mid-call and the caller hangs up meanwhile: Reconnecting…, Connected, the hang-up is replayed, wrap-up, logged once',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await watchConnection(page);
            await t.step("drop the agent's socket, then the caller hangs up", async () => {
                await t.scenario(page, 'drop-socket');
                await t.scenario(page, 'remote-hangup');
                await t.waitCallState(call.id, 'ended', (c) => c.state === 'ended');
            });
            await t.step('the softphone showed Reconnecting…, then Connected', async () => {
                await until('"Reconnecting" to have been shown', async () =>
                    (await connectionSeen(page)).some((text) =>
                        text.includes(label('Diamy_Softphone_Reconnecting').replace('…', ''))
                    )
                );
                await t.connected(page);
            });
            await t.step('the hang-up reached the softphone: wrap-up for Sophie Bernard', async () => {
                await page.locator('.softphone-wrap-up').waitFor();
                await t.waitText(page, '.softphone-party-name', sophie.name);
            });
            await t.shot(page);
            await t.step('wrap-up Resolved, Save', () => t.wrapUp(page, { disposition: 'Resolved' }));
            await t.step('one Diamy_Call__c: inbound, answered, on Sophie Bernard, with the wrap-up', () =>
                t.expectCalls(page, [{ call, fields: sophieRecord({ Disposition__c: 'Resolved' }) }])
            );
        }
    },
    {
        name: 'reload-mid-call',
        title: 'The page reloads during a call: the call comes back on screen with its controls; hang up, wrap-up, logged once on the contact',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await t.step('reload the page → Connected, the call is back on the line', async () => {
                await page.reload();
                await t.connected(page);
                await t.waitText(page, '.softphone-party-name', sophie.name);
                await page.locator('.softphone-hold button').waitFor();
            });
            await t.check('the caller popup shows Sophie Bernard again', () =>
                t.waitText(page, 'c-diamy-caller-popup .popup-name', sophie.name)
            );
            await t.shot(page);
            await hangUpAndSave(t, page, call, { disposition: 'Resolved' });
        }
    },
    {
        name: 'reload-wrap-up',
        title: 'The page reloads during the wrap-up: the disposition and notes typed before are kept; Save writes them once',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            const notes = 'Rappeler jeudi pour le devis — 2e relance.';
            await t.step('Hang up, type the wrap-up (Callback requested + notes), do not save', async () => {
                await t.hangUp(page);
                await t.fillWrapUp(page, { disposition: 'Callback_Requested', notes });
            });
            await t.check('no "kept on this page only" notice (the draft survives a reload)', async () => {
                if ((await page.locator('.softphone-draft-notice').count()) > 0)
                    throw new Error(await t.text(page, '.softphone-draft-notice'));
            });
            await t.step('reload the page → Connected, the wrap-up is back with the notes typed', async () => {
                await page.reload();
                await t.connected(page);
                await page.locator('.softphone-wrap-up').waitFor();
                await until(
                    'the notes typed before the reload',
                    async () => (await page.locator('.softphone-notes textarea').inputValue()) === notes
                );
            });
            await t.check('the disposition typed before the reload is kept', async () => {
                const value = await page.locator('.softphone-disposition').evaluate((element) => element.value);
                if (value !== 'Callback_Requested') throw new Error(`disposition is ${JSON.stringify(value)}`);
            });
            await t.shot(page);
            await t.step('Save', async () => {
                await t.click(page, '.softphone-save button');
                await page.locator('.softphone-idle').waitFor();
            });
            await t.step('one Diamy_Call__c with the disposition and notes typed before the reload', () =>
                t.expectCalls(page, [{ call, fields: sophieRecord({ Disposition__c: 'Callback_Requested', Notes__c: notes }) }])
            );
        }
    }
];
