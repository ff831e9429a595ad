// Faults the platform answers with (401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED, 503) and a crash between
// batches: the client refreshes, backs off within its bounds, and resumes from its checkpoint without losing or
// doubling a record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setup, contacts } from './helpers.mjs';

const PUSH = /\/composite\/sobjects\/Contact\/Diamy_Contact_Id__c$/;
const pushes = (stand) => stand.calls.filter((call) => PUSH.test(call.path));

test('401: an expired token is refreshed once (refresh token flow) and the run goes on', async (t) => {
    const { stand, org, make } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    const client = make({
        afterBatch: (batch) => {
            if (batch === 0) stand.expireTokens();
        }
    });
    let refreshes = 0;
    client.conn.on('refresh', () => (refreshes += 1));
    const report = await client.push('Contact', contacts(400), 'run-1');
    assert.equal(report.created, 400);
    assert.equal(org.all('Contact').length, 400);
    assert.equal(refreshes, 1);
    assert.deepEqual(
        pushes(stand).map((call) => call.status),
        [200, 401, 200],
        'the refused call is replayed after the refresh'
    );
});

test('REQUEST_LIMIT_EXCEEDED and 503: bounded backoff, then success; beyond the bound the run stops with its checkpoint', async (t) => {
    const { stand, client, org, make } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    stand.faults.push({ kind: 'limit', times: 2 }, { kind: 'unavailable', times: 1 });
    const report = await client.push('Contact', contacts(250), 'run-1');
    assert.equal(report.created, 250);
    // The run's first call (the query of retries asked from the setup console) meets the faults.
    assert.deepEqual(
        stand.calls.slice(0, 4).map((call) => call.status),
        [403, 403, 503, 200]
    );
    assert.deepEqual(
        pushes(stand).map((call) => call.status),
        [200, 200]
    );

    stand.faults.push({ kind: 'unavailable', times: 99 });
    const failing = make();
    const before = stand.calls.length;
    await assert.rejects(
        failing.push(
            'Contact',
            contacts(450, () => ({ lastName: 'Later' })),
            'run-2'
        ),
        { errorCode: 'ERROR_HTTP_503' }
    );
    assert.equal(stand.calls.length - before, 5, 'five attempts (the bound), not more');
    stand.faults.length = 0;
    const resumed = await make().push(
        'Contact',
        contacts(450, () => ({ lastName: 'Later' })),
        'run-2'
    );
    assert.equal(resumed.created + resumed.updated, 450);
    assert.equal(org.all('Contact').length, 450);
});

test('crash between batches: the next process resumes at the first unanswered batch; nothing lost, nothing doubled', async (t) => {
    const { stand, org, make, options } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    const input = contacts(1000);
    const crashing = make({
        afterBatch: (batch) => {
            // Batch 2 is answered by Salesforce, but the process dies before its checkpoint is written.
            if (batch === 2) throw new Error('process killed');
        }
    });
    await assert.rejects(crashing.push('Contact', input, 'run-1'), /process killed/);
    assert.equal(org.all('Contact').length, 600);
    assert.deepEqual(JSON.parse(readFileSync(options.checkpointFile, 'utf8')).push, { runId: 'run-1', doneBatches: 2 });
    const before = pushes(stand).length;
    const report = await make().push('Contact', input, 'run-1');
    assert.equal(pushes(stand).length - before, 3, 'batches 2, 3 and 4 only');
    assert.deepEqual(
        { created: report.created, updated: report.updated },
        { created: 400, updated: 200 },
        'batch 2 again: updated, not created twice'
    );
    const ids = org.all('Contact').map((record) => record.fields.Diamy_Contact_Id__c);
    assert.equal(ids.length, 1000);
    assert.equal(new Set(ids).size, 1000);
    assert.equal(JSON.parse(readFileSync(options.checkpointFile, 'utf8')).push, undefined, 'finished: no push in progress');
    assert.ok(!existsSync(`${options.checkpointFile}.${process.pid}.tmp`), 'checkpoint written by rename, no temporary left');
});

test('crash during the initial load after the upload: the same Bulk job is closed and read, no second job', async (t) => {
    const { stand, org, make } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    const input = contacts(500);
    const crashing = make({
        afterBatch: () => {
            throw new Error('process killed');
        }
    });
    await assert.rejects(crashing.initialLoad('Contact', input, 'load-1'), /process killed/);
    const report = await make().initialLoad('Contact', input, 'load-1');
    assert.equal(report.created, 500);
    assert.equal(org.all('Contact').length, 500);
    assert.equal(stand.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/jobs/ingest')).length, 1);
    assert.equal(stand.calls.filter((call) => call.method === 'PUT').length, 1);
});

function runChild(options, count, runId, killAt) {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/push-child.mjs', import.meta.url))], {
        env: {
            ...process.env,
            DIAMY_SYNC_CHILD: JSON.stringify({ options: { ...options, now: undefined }, count, runId, killAt })
        },
        stdio: ['ignore', 'pipe', 'inherit']
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

test('a real process killed (SIGKILL) between batches: a new process resumes from the checkpoint file', async (t) => {
    const { stand, org, options } = await setup({ standIn: { phoneKeys: 'module' } });
    t.after(() => stand.close());
    const killed = await runChild(options, 900, 'run-kill', 1);
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(org.all('Contact').length, 400, 'batches 0 and 1 were saved by Salesforce');
    assert.deepEqual(JSON.parse(readFileSync(options.checkpointFile, 'utf8')).push, { runId: 'run-kill', doneBatches: 1 });
    const resumed = await runChild(options, 900, 'run-kill', -1);
    assert.equal(resumed.code, 0);
    assert.deepEqual(JSON.parse(resumed.out), { created: 500, updated: 200 }, 'batch 1 again (updated), then 2 to 4');
    const ids = org.all('Contact').map((record) => record.fields.Diamy_Contact_Id__c);
    assert.equal(ids.length, 900);
    assert.equal(new Set(ids).size, 900);
});

test('a revoked refresh token (invalid_grant): the run stops at once, nothing written, no retry storm', async (t) => {
    const { stand, org, make } = await setup();
    t.after(() => stand.close());
    const client = make({ refreshToken: 'revoked-by-the-admin' });
    await assert.rejects(client.push('Contact', contacts(3), 'run-1'), (error) =>
        /invalid_grant|expired access\/refresh token/.test(`${error.name} ${error.message}`)
    );
    assert.equal(stand.apiCalls(), 0);
    assert.equal(org.all('Contact').length, 0);
});
