// Handing a caller on: blind transfer, consultation then complete or cancel, conference (merge).
import { AGENT_USER_ID, CONSULT_ON_CUSTOMER_CALL, PEOPLE, answeredFrom, formatText, label } from './kit.mjs';

const { sophie, julien } = PEOPLE;
/** What .softphone-consult reads while the consulted colleague rings, and once they answered (name and state). */
const RINGING = formatText(label('Diamy_Softphone_Consult_Ringing', 'en', { en: 'Ringing', fr: 'Sonne' }), julien.name);
const ANSWERED = formatText(label('Diamy_Softphone_Consult_Answered', 'en', { en: 'On the line', fr: 'En ligne' }), julien.name);

async function onCallWithSophie(t, page) {
    return t.step('Sophie Bernard calls, the agent answers', async () => {
        const call = await t.ring(page, 'inbound-known', 'inbound call from Sophie Bernard');
        await t.answer(page);
        await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
        return call;
    });
}

/** Consult → extension 204: the consultation leg rings at Julien Moreau's; returns it. */
async function consultJulien(t, page, call) {
    return t.step('Consult → 204: Sophie is held, a consultation leg rings at Julien Moreau', async () => {
        await t.click(page, '.softphone-consult-open button');
        await page.locator('.softphone-transfer-number input').fill(julien.extension);
        await t.click(page, '.softphone-transfer-go button');
        const leg = await t.waitCall(
            'consultation leg to Julien Moreau',
            (c) => c.parent_call_id === call.id && c.to.user_id === julien.userId
        );
        await t.waitCallState(call.id, 'held', (c) => c.state === 'held');
        return leg;
    });
}

async function julienAnswers(t, page, leg) {
    await t.step('Julien answers the consultation', async () => {
        await t.scenario(page, 'remote-answer');
        await t.waitCallState(leg.id, 'active', (c) => c.state === 'active');
    });
}

const sophieRecord = (extra) =>
    answeredFrom(sophie.number, { Contact__c: sophie.contactId, Account__c: sophie.accountId, ...extra });
const legRecord = (outcome, extra) => ({
    Direction__c: 'Internal',
    Outcome__c: outcome,
    Caller_Name__c: julien.name,
    To_Number_E164__c: julien.number,
    Contact__c: null,
    Agent__c: AGENT_USER_ID,
    ...extra
});

/**
 * The records of a call with a consultation, in the design the package's metadata says (kit CONSULT_ON_CUSTOMER_CALL):
 * the consultation on the customer's record and no record for the leg; or, before, the leg as an internal record.
 */
function consultRecords(call, customer, leg, { consultOutcome, legOutcome, legExtra = {} }) {
    if (CONSULT_ON_CUSTOMER_CALL) {
        return [
            {
                call,
                fields: sophieRecord({
                    ...customer,
                    Consulted_Party__c: julien.name,
                    Consult_Outcome__c: consultOutcome,
                    Consult_Seconds__c: (v) => typeof v === 'number' && v >= 0
                })
            }
        ];
    }
    return [
        { call, fields: sophieRecord(customer) },
        { call: leg, fields: legRecord(legOutcome, legExtra) }
    ];
}
const recordsTitle = (customer, leg) =>
    CONSULT_ON_CUSTOMER_CALL
        ? `one Diamy_Call__c, the caller's (${customer}), carrying the consultation; none for the consultation leg`
        : `two Diamy_Call__c, once each: the caller (${customer}) and the consultation leg (${leg})`;

export const situations = [
    {
        name: 'blind-transfer',
        title: 'Blind transfer of the caller to extension 204: the call ends transferred, wrap-up saved on the contact',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            await t.step('Transfer → 204 → the sandbox call ends, transferred', async () => {
                await t.click(page, '.softphone-transfer button');
                await page.locator('.softphone-transfer-number input').fill(julien.extension);
                await t.shot(page);
                await t.click(page, '.softphone-transfer-go button');
                await t.waitCallState(
                    call.id,
                    'ended, transferred',
                    (c) => c.state === 'ended' && c.transferred && c.end_reason === 'transferred'
                );
            });
            await t.step('wrap-up of the transferred call: Resolved, Save', () =>
                t.wrapUp(page, { disposition: 'Resolved', notes: 'Transférée à Julien.' })
            );
            await t.step('one Diamy_Call__c: inbound, answered, transferred, on Sophie Bernard, with the wrap-up', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: sophieRecord({
                            Transferred__c: true,
                            Disposition__c: 'Resolved',
                            Notes__c: 'Transférée à Julien.'
                        })
                    }
                ])
            );
        }
    },
    {
        name: 'consult-complete',
        title: 'Consult 204 (shown ringing, Complete disabled), the colleague answers (shown on the line), Complete transfer: logged once',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            const leg = await consultJulien(t, page, call);
            await t.check(`the consultation names Julien Moreau and reads "${RINGING}"`, async () => {
                await t.waitText(page, '.softphone-consult', julien.name);
                await t.waitText(page, '.softphone-consult', RINGING);
            });
            await t.check('Complete transfer is disabled while the colleague rings', async () => {
                await page.locator('.softphone-complete button').waitFor();
                if (await page.locator('.softphone-complete button').isEnabled()) throw new Error('Complete transfer is enabled');
            });
            await t.check('no in-call button label wraps while consulting (every button one line high)', async () => {
                const heights = [];
                for (const button of await page.locator('.softphone-controls lightning-button button, .softphone-consult-actions lightning-button button').all()) {
                    heights.push(Math.round((await button.boundingBox())?.height ?? 0));
                }
                if (heights.length < 6 || new Set(heights).size !== 1) throw new Error(`button heights ${heights.join(', ')}`);
            });
            await t.shot(page);
            await julienAnswers(t, page, leg);
            await t.check(`the consultation reads "${ANSWERED}" once the colleague answered`, () =>
                t.waitText(page, '.softphone-consult', ANSWERED)
            );
            await t.step('Complete transfer (enabled) → both legs end, transferred', async () => {
                await page.locator('.softphone-complete button:not([disabled])').waitFor();
                await t.click(page, '.softphone-complete button');
                await t.waitCallState(call.id, 'ended, transferred', (c) => c.state === 'ended' && c.transferred);
                await t.waitCallState(leg.id, 'ended, transferred', (c) => c.state === 'ended' && c.transferred);
            });
            let party = '';
            await t.step('wrap-up: Resolved, Save (then any other wrap-up left)', async () => {
                party = await t.wrapUp(page, { disposition: 'Resolved' });
                await t.saveRemainingWrapUps(page);
            });
            await t.check('the wrap-up is for the customer (Sophie Bernard), not the consultation', async () => {
                if (party !== sophie.name) throw new Error(`the first wrap-up named "${party}"`);
            });
            await t.step(recordsTitle('transferred, on Sophie Bernard', 'internal, answered, transferred'), () =>
                t.expectCalls(
                    page,
                    consultRecords(
                        call,
                        { Transferred__c: true, ...(party === sophie.name ? { Disposition__c: 'Resolved' } : {}) },
                        leg,
                        {
                            consultOutcome: 'Transferred',
                            legOutcome: 'Answered',
                            legExtra: { Transferred__c: true }
                        }
                    )
                )
            );
        }
    },
    {
        name: 'consult-cancel',
        title: 'Consult 204, the colleague answers, Cancel: back to the held caller, resume, hang up: logged once',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            const leg = await consultJulien(t, page, call);
            await julienAnswers(t, page, leg);
            await t.step('Cancel → the consultation leg ends, the caller stays on hold', async () => {
                await t.click(page, '.softphone-cancel-consult button');
                await t.waitCallState(leg.id, 'ended', (c) => c.state === 'ended');
                await t.waitText(page, '.softphone-hold button', label('Diamy_Softphone_Resume'));
                await t.waitText(page, '.softphone-party-name', sophie.name);
            });
            await t.check('no consultation shown any more', async () => {
                if ((await page.locator('.softphone-consult').count()) > 0) {
                    throw new Error(`.softphone-consult still shows "${await t.text(page, '.softphone-consult')}"`);
                }
            });
            await t.shot(page);
            await t.step('Resume → the caller is back on the line', async () => {
                await t.click(page, '.softphone-hold button');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
            });
            await t.step('Hang up, wrap-up, Save', async () => {
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Resolved' });
                await t.saveRemainingWrapUps(page);
            });
            await t.step(recordsTitle('not transferred', 'internal, answered, not transferred'), () =>
                t.expectCalls(
                    page,
                    consultRecords(call, { Transferred__c: false, Disposition__c: 'Resolved' }, leg, {
                        consultOutcome: 'Cancelled',
                        legOutcome: 'Answered',
                        legExtra: { Transferred__c: false }
                    })
                )
            );
        }
    },
    {
        name: 'merge',
        title: 'Consult 204, the colleague answers, Merge: a three-way conference; hang up: logged once, conferenced',
        async run(t) {
            const page = t.page;
            const call = await onCallWithSophie(t, page);
            const leg = await consultJulien(t, page, call);
            await julienAnswers(t, page, leg);
            await t.step('Merge → both legs active in one conference', async () => {
                await page.locator('.softphone-merge button:not([disabled])').waitFor();
                await t.click(page, '.softphone-merge button');
                await t.waitCallState(call.id, 'in a conference', (c) => c.conference_id !== null && c.state === 'active');
                await t.waitCallState(leg.id, 'in the same conference', (c) => c.conference_id !== null && c.state === 'active');
            });
            await t.step('the softphone shows the conference', () =>
                t.waitText(page, '.softphone-call', label('Diamy_Softphone_Conferencing'))
            );
            await t.shot(page);
            await t.step('Hang up → every leg ends; wrap-up(s) saved', async () => {
                await t.hangUp(page);
                await t.waitCallState(call.id, 'ended', (c) => c.state === 'ended');
                await t.waitCallState(leg.id, 'ended', (c) => c.state === 'ended');
                await t.wrapUp(page, { disposition: 'Resolved' });
                await t.saveRemainingWrapUps(page);
            });
            await t.step(recordsTitle('conferenced', 'internal, answered, conferenced'), () =>
                t.expectCalls(
                    page,
                    consultRecords(call, { Conferenced__c: true }, leg, {
                        consultOutcome: 'Merged',
                        legOutcome: 'Answered',
                        legExtra: { Conferenced__c: true }
                    })
                )
            );
        }
    }
];
