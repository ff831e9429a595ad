// What the workbench and its browser check (npm run workbench:check) rely on in the control API beyond the
// call scenarios of calls.test.mjs: a sandbox run is named by instance_id (the page keys its in-memory org by it,
// so a reset starts the org afresh while a reload keeps it).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bootSandbox, agent, control, CAMILLE, SOPHIE } from './helpers.mjs';

let sandbox;
let base;

before(async () => {
    sandbox = await bootSandbox({ config: { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 } });
    base = sandbox.url;
});
after(async () => sandbox.close());

describe('sandbox instance id', () => {
    it('is stable while the sandbox runs, whatever happens to calls, config and tokens', async () => {
        const first = (await control(base, 'GET', '/sandbox/state')).instance_id;
        assert.match(first, /^sbx_[0-9a-f]{20}$/);
        const a = await agent(base, CAMILLE);
        const call = (await control(base, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: CAMILLE.id })).call;
        await a.ok('POST', `/v2/calls/${call.id}/answer`);
        await control(base, 'PUT', '/sandbox/config', { ring_timeout_ms: 1500 });
        await control(base, 'POST', '/sandbox/tokens/expire', { agent_id: CAMILLE.id });
        assert.equal((await control(base, 'GET', '/sandbox/state')).instance_id, first);
    });

    it('is new after a reset (and differs between two sandboxes)', async () => {
        const before = (await control(base, 'GET', '/sandbox/state')).instance_id;
        await control(base, 'POST', '/sandbox/reset');
        const after = (await control(base, 'GET', '/sandbox/state')).instance_id;
        assert.notEqual(after, before);
        assert.match(after, /^sbx_/);
        const other = await bootSandbox();
        try {
            assert.notEqual((await control(other.url, 'GET', '/sandbox/state')).instance_id, after);
        } finally {
            await other.close();
        }
    });
});
