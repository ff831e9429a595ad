// "Done means": a 10,000-contact initial load through the stand-in, printing its API calls per phase and its time,
// with the target ≤ 60 API calls in all asserted (calls, not time), and the polling budget stated.
// The stand-in proves the client and the contract, not Salesforce: Salesforce's own processing time is not measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, contacts, logs, HUMAN } from './helpers.mjs';
import { loadClient } from '../index.mjs';

const TOTAL = 10_000;
const TARGET_CALLS = 60;

test(`initial load of ${TOTAL} contacts: ≤ ${TARGET_CALLS} API calls, per phase, with duplicates, failures and the pull budget`, async (t) => {
    // 10,000 distinct numbers: the org's keys come from diamyPhoneMatch (the formula costs ~35 ms a record).
    const { stand, org, client, time } = await setup({ standIn: { phoneKeys: 'module', bulkPollsInProgress: 2 } });
    t.after(() => stand.close());
    // What people already have in the org: 150 of Diamy's contacts by e-mail, 2 people sharing one mobile.
    for (let i = 0; i < 150; i += 1)
        org.saveAsUser('Contact', { LastName: `Existing${i}`, Email: `contact${i * 7}@exemple.fr` }, HUMAN);
    org.saveAsUser('Contact', { LastName: 'Standard', MobilePhone: '06 49 99 99 99' }, HUMAN);
    org.saveAsUser('Contact', { LastName: 'Accueil', MobilePhone: '+33 6 49 99 99 99' }, HUMAN);
    const input = contacts(TOTAL, (i) => ({
        ...(i % 500 === 3 ? { lastName: '' } : {}), // 20 without a last name: REQUIRED_FIELD_MISSING
        ...(i === 9_999 ? { email: 'nobody@exemple.fr', mobile: '06 49 99 99 99' } : {}) // matches two records: skipped
    }));
    const started = performance.now();
    const report = await client.initialLoad('Contact', input, 'load-1');
    const seconds = (performance.now() - started) / 1000;
    const byPhase = stand.callsByPhase();
    const total = stand.apiCalls();
    const { pollingBudget } = await loadClient();
    const budget = pollingBudget(5, 2, 2_000, 50);
    console.log(`initial load of ${TOTAL} contacts through the stand-in: ${total} API calls in ${seconds.toFixed(1)} s`);
    for (const [phase, count] of Object.entries(byPhase)) console.log(`  ${phase.padEnd(11)} ${count}`);
    console.log(
        `  outcome: created ${report.created}, linked ${report.linked}, skipped ${report.skipped}, failed ${report.failed}`
    );
    console.log(
        `polling budget: every 5 min, Contact + Lead → ${budget.pollsPerDay} polls/day, ${budget.callsPerDay} calls/day with 2,000 changes/day ` +
            `= ${(budget.share * 100).toFixed(2)} % of an Enterprise org's ${budget.dailyApiRequests.toLocaleString('en')} DailyApiRequests (50 licences)`
    );
    assert.ok(total <= TARGET_CALLS, `${total} API calls, target ≤ ${TARGET_CALLS}`);
    assert.deepEqual(
        Object.values(byPhase).reduce((a, b) => a + b, 0),
        client.totalCalls(),
        'the client and the stand-in count the same calls'
    );
    assert.equal(report.linked, 150);
    assert.equal(report.skipped, 1);
    assert.equal(report.failed, 20);
    assert.equal(report.created, TOTAL - 150 - 1 - 20);
    assert.equal(org.all('Contact').length, 152 + TOTAL - 150 - 1 - 20);
    assert.equal(logs(org).length, 21);
    assert.equal(client.state.retry.length, 20);
    assert.equal(client.state.pull.Contact, new Date(time.now()).toISOString(), 'the pull starts where the load started');
});
