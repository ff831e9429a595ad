// Calls the agent places from the dial pad to an outside number, and the three things the other end can do.
import { AGENT_USER_ID, PEOPLE, label } from './kit.mjs';

const { sophie, nicolas, bakery } = PEOPLE;

const outbound = (to, outcome, extra = {}) => ({
    Direction__c: 'Outbound',
    Outcome__c: outcome,
    To_Number_E164__c: to,
    Agent__c: AGENT_USER_ID,
    ...extra
});

/** Dials `person` from the pad: the sandbox holds an outbound call ringing at the other end, the softphone shows it. */
async function dialOut(t, page, person) {
    const call = await t.step(`dial ${person.typed} → an outbound call rings at ${person.name}'s end`, () =>
        t.dial(page, person.typed, {
            what: `outbound call to ${person.number}`,
            test: (c) => c.direction === 'outbound' && c.to.number === person.number
        })
    );
    await t.step('the softphone shows the call being placed, with Hang up', async () => {
        await t.waitText(page, '.softphone-call', label('Diamy_Softphone_Dialing'));
        await t.waitText(page, '.softphone-party-number, .softphone-party-name', person.name);
        await page.locator('.softphone-hang-up button').waitFor();
    });
    return call;
}

/** The call ended unanswered: no wrap-up, back to the pad, and the org has the outcome. */
async function endedUnanswered(t, page, call, person, outcome) {
    await t.step('no wrap-up: the softphone is back to the dial pad', async () => {
        await page.locator('.softphone-idle').waitFor();
        if (await page.locator('.softphone-wrap-up').isVisible())
            throw new Error('a wrap-up is shown for a call nobody answered');
    });
    await t.step(`one Diamy_Call__c: outbound, ${outcome}, to ${person.number}`, () =>
        t.expectCalls(page, [{ call, fields: outbound(person.number, outcome, { Talk_Seconds__c: 0, Answered_At__c: null }) }])
    );
    await t.shot(page);
}

export const situations = [
    {
        name: 'outbound-answered',
        title: 'Outbound call from the dial pad, answered: in-call controls, hang up, wrap-up saved on the record',
        async run(t) {
            const page = t.page;
            const call = await dialOut(t, page, sophie);
            await t.step('the remote party answers → on the line, with the in-call controls', async () => {
                await t.scenario(page, 'remote-answer');
                await t.waitCallState(call.id, 'active', (c) => c.state === 'active');
                await t.waitText(page, '.softphone-call', label('Diamy_Softphone_On_Line'));
                await page.locator('.softphone-hold button').waitFor();
            });
            await t.shot(page);
            await t.step('Hang up → wrap-up: Sale + notes, Save', async () => {
                await t.hangUp(page);
                await t.wrapUp(page, { disposition: 'Sale', notes: 'Renouvellement signé au téléphone.' });
            });
            await t.step('one Diamy_Call__c: outbound, answered, to Sophie Bernard, with the wrap-up', () =>
                t.expectCalls(page, [
                    {
                        call,
                        fields: outbound(sophie.number, 'Answered', {
                            Caller_Name__c: sophie.name,
                            Answered_At__c: /^\d{4}-/,
                            Disposition__c: 'Sale',
                            Notes__c: 'Renouvellement signé au téléphone.'
                        })
                    }
                ])
            );
        }
    },
    {
        name: 'outbound-busy',
        title: 'Outbound call, the line is busy: no wrap-up, logged Busy',
        async run(t) {
            const page = t.page;
            const call = await dialOut(t, page, bakery);
            await t.step('the remote party is busy', () => t.scenario(page, 'remote-busy'));
            await endedUnanswered(t, page, call, bakery, 'Busy');
        }
    },
    {
        name: 'outbound-no-answer',
        title: 'Outbound call nobody answers: no wrap-up, logged No answer',
        async run(t) {
            const page = t.page;
            const call = await dialOut(t, page, nicolas);
            await t.step('the remote party does not answer', () => t.scenario(page, 'remote-no-answer'));
            await endedUnanswered(t, page, call, nicolas, 'No_Answer');
        }
    }
];
