// Call lists (issue 14): two agents work the five-member list "Relance devis — 5 membres" in power mode, in parallel,
// each in their own browser context, against the one org server (docs/WORKBENCH.md "Call lists"): the real claim
// rule, the real result flow and follow-up flows. Each agent does what a person on the line decides — the result
// depends on WHO answers, not on which agent got them — and the check asserts every member's status, every call
// logged exactly once, and the follow-up tasks.
import { CHECK_CAMPAIGN_ID, AGENTS, sleep, until } from './kit.mjs';
import { contacts, leads } from '../../workbench/platform/crm-data.mjs';

const LIST_NAME = 'Relance devis — 5 membres';

/** What happens on each member's call: answered (then the wrap-up's disposition) or nobody answers. */
const PLAN = {
    'Sophie Bernard': { answer: true, disposition: 'Reached', status: 'Reached', done: true },
    'Marc Petit': { answer: true, disposition: 'Callback_Requested', callback: true, status: 'Callback Requested', done: false },
    'Élodie Petit': { answer: false, disposition: 'No_Answer', status: 'No Answer', done: false },
    'Julie Garnier': { answer: true, disposition: 'Not_Interested', status: 'Not Interested', done: true },
    'Nicolas Fournier': { answer: true, disposition: 'Refused', status: 'Refused', done: true }
};

const personIds = new Map([...contacts, ...leads].map((person) => [person.Id, person.Name]));

/** Opens the softphone's Call lists, picks the check's list and turns power mode on; the first member is claimed. */
async function startList(t, page, who) {
    await t.step(`${who}: Call lists → "${LIST_NAME}", power mode on`, async () => {
        await t.click(page, '.softphone-open-lists button');
        await page.locator('.call-list-pick', { hasText: LIST_NAME }).click();
        await page.locator('.call-list-power').waitFor();
        await page.locator('.call-list-power input').check({ force: true });
        await page.locator('.call-list-member, .call-list-empty').first().waitFor({ timeout: 10_000 }).catch(async (error) => {
            await t.shot(page, `debug-${who.split(' ')[0]}`);
            throw error;
        });
    });
}

/**
 * Works the list to its end as agent `who`: the first member by hand (Call), the others dialled by power mode after
 * the list's pause. Returns the calls placed: [{ name, callId }].
 */
async function workList(t, page, who, agentId) {
    const placed = [];
    for (let round = 0; round < 6; round += 1) {
        const state = await until(`${who}: a member to call, a call placed, or the list's end`, async () => {
            if (await page.locator('.call-list-empty').isVisible()) return 'end';
            if (await page.locator('.call-list-calling').isVisible()) return 'calling';
            if (await page.locator('.call-list-call button:not([disabled])').isVisible()) return 'member';
            return null;
        }, { timeout: 15_000 });
        if (state === 'end') return placed;
        const name = (await page.locator('.call-list-member-name').innerText()).trim();
        const plan = PLAN[name];
        if (!plan) throw new Error(`${who} was offered ${name}, who is not on the list`);
        if (placed.some((entry) => entry.name === name)) throw new Error(`${who} was offered ${name} a second time`);
        if (state === 'member') await t.click(page, '.call-list-call button');
        const before = new Set(placed.map((entry) => entry.callId));
        const call = await t.waitCall(`${who}'s call to ${name} ringing at the other end`, (c) => c.direction === 'outbound' && c.state === 'ringing' && !before.has(c.id), { agentId, timeout: 10_000 });
        placed.push({ name, callId: call.id });
        if (plan.answer) {
            await t.control('POST', `/sandbox/calls/${call.id}/remote`, { action: 'answer' });
            await t.waitCallState(call.id, 'active', (c) => c.state === 'active', { agentId });
            await page.locator('.softphone-hang-up button').waitFor();
            await t.hangUp(page);
            await t.fillWrapUp(page, { disposition: plan.disposition, notes: `Liste : ${name}` });
            if (plan.callback) {
                const date = page.locator('.softphone-callback lightning-datepicker input').first();
                await date.fill('Jan 15, 2030');
                await date.press('Tab');
                const time = page.locator('.softphone-callback lightning-timepicker input').first();
                await time.fill('2:30 PM');
                await time.press('Tab');
            }
            await t.wrapUp(page);
        } else {
            await t.control('POST', `/sandbox/calls/${call.id}/remote`, { action: 'no_answer' });
            await t.waitCallState(call.id, 'ended', (c) => c.state === 'ended', { agentId });
        }
        await page.locator('.softphone-idle').waitFor({ timeout: 10_000 });
        // The panel has heard the call is over (its card of this member goes; power mode counts down).
        await until(`${who}'s panel to leave the call to ${name}`, async () => !(await page.locator('.call-list-calling').isVisible()), { timeout: 10_000 });
    }
    throw new Error(`${who}: the list did not end after six calls`);
}

export const situations = [
    {
        name: 'call-list-two-agents',
        // A lost claim race is the org refusing the second agent's conditional update: the browser logs the 412.
        allowConsole: [/status of 412 \(Precondition Failed\)/],
        title: 'Call list: two agents work a five-member list in power mode in parallel; every member\'s result, each call logged once, the follow-up task',
        async run(t) {
            const hugo = AGENTS.find((a) => a.key === '2');
            const lea = AGENTS.find((a) => a.key === '3');
            const hugoPage = await t.openAgent('2');
            const leaPage = await t.openAgent('3');
            await Promise.all([startList(t, hugoPage, hugo.name), startList(t, leaPage, lea.name)]);
            await t.check('the two agents were given two different members', async () => {
                const [a, b] = await Promise.all([hugoPage, leaPage].map((p) => p.locator('.call-list-member-name').innerText()));
                if (a.trim() === b.trim()) throw new Error(`both were given ${a}`);
            });
            await t.shot(hugoPage, 'hugo');
            const [byHugo, byLea] = await t.step('both work the list to its end (power mode dials the next member after 3 s)', () =>
                Promise.all([workList(t, hugoPage, hugo.name, hugo.sandboxAgentId), workList(t, leaPage, lea.name, lea.sandboxAgentId)])
            );
            await t.shot(leaPage, 'lea');
            await t.step('every member was called exactly once, by one agent or the other, and both agents called', async () => {
                const names = [...byHugo, ...byLea].map((entry) => entry.name).sort();
                if (JSON.stringify(names) !== JSON.stringify(Object.keys(PLAN).sort())) throw new Error(`called: ${names.join(', ')} (Hugo: ${byHugo.map((e) => e.name)}, Léa: ${byLea.map((e) => e.name)})`);
                if (byHugo.length === 0 || byLea.length === 0) throw new Error(`Hugo called ${byHugo.length}, Léa ${byLea.length}: not in parallel`);
            });
            await t.step('each agent\'s calls are logged once in their org with the member, its person and the list', async () => {
                for (const [page, entries] of [[hugoPage, byHugo], [leaPage, byLea]]) {
                    await t.expectCalls(
                        page,
                        entries.map((entry) => ({ call: entry.callId, fields: { Campaign__c: CHECK_CAMPAIGN_ID, Campaign_Member_Id__c: /^00v/, Direction__c: 'Outbound' } }))
                    );
                }
            });
            const dump = await t.step('the org: every member\'s result, one call each, no flow failed', async () => {
                let problems = [];
                let last;
                await until('the members\' results in the org', async () => {
                    last = await t.expectOrgServerClean();
                    const members = last.members.filter((m) => m.CampaignId === CHECK_CAMPAIGN_ID);
                    problems = [];
                    for (const member of members) {
                        const name = personIds.get(member.ContactId ?? member.LeadId);
                        const plan = PLAN[name];
                        const calls = last.calls.filter((c) => c.Campaign_Member_Id__c === member.Id);
                        if (!plan) problems.push(`unexpected member ${name}`);
                        else if (member.Status !== plan.status) problems.push(`${name}: status ${member.Status}, expected ${plan.status}`);
                        else if (member.Diamy_Done__c !== plan.done) problems.push(`${name}: done ${member.Diamy_Done__c}`);
                        else if (member.Diamy_Attempts__c !== 1) problems.push(`${name}: ${member.Diamy_Attempts__c} attempts`);
                        else if (member.Diamy_Last_Result__c !== plan.disposition) problems.push(`${name}: last result ${member.Diamy_Last_Result__c}`);
                        else if (member.Diamy_Claimed_By__c) problems.push(`${name}: still claimed by ${member.Diamy_Claimed_By__c}`);
                        if (calls.length !== 1) problems.push(`${name}: ${calls.length} calls in the org`);
                    }
                    if (members.length !== 5) problems.push(`${members.length} members`);
                    return problems.length === 0;
                }, { timeout: 10_000 }).catch(() => {
                    throw new Error(problems.join('; '));
                });
                return last;
            });
            await t.step('the callback: Marc Petit\'s next call is the promised time, and a follow-up task is due then', async () => {
                const marc = dump.members.find((m) => m.CampaignId === CHECK_CAMPAIGN_ID && personIds.get(m.ContactId) === 'Marc Petit');
                if (!String(marc.Diamy_Next_Call_At__c ?? '').startsWith('2030-01-15')) throw new Error(`next call ${marc.Diamy_Next_Call_At__c}`);
                const followUps = dump.tasks.filter((task) => task.Diamy_Follow_Up_Key__c);
                if (followUps.length !== 1) throw new Error(`${followUps.length} follow-up tasks: ${followUps.map((task) => task.Subject).join(' | ')}`);
                const [task] = followUps;
                if (task.WhoId !== marc.ContactId || !String(task.ActivityDate ?? '').startsWith('2030-01-15')) throw new Error(`follow-up task ${JSON.stringify({ WhoId: task.WhoId, ActivityDate: task.ActivityDate, Subject: task.Subject })}`);
            });
            await t.check('no answer: Élodie Petit is tried again four hours after the call', () => {
                const elodie = dump.members.find((m) => m.CampaignId === CHECK_CAMPAIGN_ID && personIds.get(m.ContactId) === 'Élodie Petit');
                const call = dump.calls.find((c) => c.Campaign_Member_Id__c === elodie.Id);
                const hours = (Date.parse(elodie.Diamy_Next_Call_At__c) - Date.parse(call.Started_At__c)) / 3_600_000;
                if (Math.abs(hours - 4) > 0.01) throw new Error(`next call ${elodie.Diamy_Next_Call_At__c}, call ${call.Started_At__c}`);
            });
            await t.check('each call has its activity in the history (one call Task per call)', () => {
                const callTasks = dump.tasks.filter((task) => !task.Diamy_Follow_Up_Key__c && dump.calls.some((c) => c.Task_Id__c === task.Id));
                if (callTasks.length !== 5) throw new Error(`${callTasks.length} call tasks`);
            });
            await t.check('both panels say the list has nobody left to call now, 3 of 5 done', async () => {
                for (const page of [hugoPage, leaPage]) {
                    await page.locator('.call-list-empty').waitFor();
                    // A panel that went empty before the colleague's last result was recorded reads the list again
                    // by itself (PANEL_TIMING.emptyRecheckMs, 15 s): nobody clicks Refresh.
                    await t.waitText(page, '.call-list-progress', '3 of 5 done', { timeout: 20_000 });
                }
            });
            await sleep(200);
            await t.shot(hugoPage, 'end');
        }
    }
];
