// The contract files themselves: the OpenAPI document is OpenAPI 3.x, complete, self-consistent, up to date
// with its generator and served by the sandbox; contract/events.ts and the sandbox type-check strictly;
// `npm run sandbox` (the CLI, through tsx) starts and serves the contract.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { openapi as generated, CALL_ID, MAX_NUMBERS, MAX_CALL_IDS } from '../../contract/build-openapi.mjs';
import { spawnSandbox } from '../spawn.mjs';
import { bootSandbox } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const committed = JSON.parse(readFileSync(join(ROOT, 'contract', 'openapi.json'), 'utf8'));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('contract/openapi.json', () => {
    it('is OpenAPI 3.x with the needed operations, including the scenario control API', () => {
        assert.match(committed.openapi, /^3\.[01]\.\d+$/);
        const paths = Object.keys(committed.paths);
        assert.ok(paths.length >= 8, `${paths.length} paths`);
        assert.ok(paths.some((p) => p.startsWith('/sandbox/')));
        const ids = paths.flatMap((p) => METHODS.filter((m) => committed.paths[p][m]).map((m) => committed.paths[p][m].operationId));
        for (const needed of [
            'issueToken', 'createAgentSession', 'agentStream', 'listActiveCalls', 'dial', 'answerCall', 'rejectCall', 'hangupCall',
            'holdCall', 'resumeCall', 'muteCall', 'unmuteCall', 'sendDtmf', 'transferCall', 'consultCall', 'completeConsult',
            'cancelConsult', 'mergeCalls', 'setPresence', 'listUsers', 'listRecentCalls', 'getCall',
            'sandboxInboundCall', 'sandboxRemoteAction', 'sandboxPresence', 'sandboxDrop', 'sandboxExpireTokens', 'sandboxAddFault'
        ]) {
            assert.ok(ids.includes(needed), `missing ${needed}`);
        }
        assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
        for (const p of paths) {
            for (const m of METHODS.filter((x) => committed.paths[p][x])) {
                assert.ok(['documented', 'designed', 'sandbox'].includes(committed.paths[p][m]['x-diamy-source']), `${m} ${p} says where it comes from`);
            }
        }
    });

    it('every $ref resolves and the documented call fields are there', () => {
        const refs = JSON.stringify(committed).match(/"\$ref":"[^"]+"/g) ?? [];
        for (const ref of refs) {
            const target = ref.slice(8, -1).replace('#/', '').split('/').reduce((node, key) => node?.[key], committed);
            assert.ok(target, `${ref} does not resolve`);
        }
        const call = committed.components.schemas.Call.properties;
        for (const field of ['id', 'direction', 'from', 'to', 'duration', 'status', 'recording_url', 'notes', 'tags', 'timestamp']) {
            assert.ok(call[field], field);
        }
        assert.ok(committed.components.schemas.Error.properties.error.required.includes('code'));
    });

    it('is what contract/build-openapi.mjs generates (run it after editing)', () => {
        assert.deepEqual(committed, JSON.parse(JSON.stringify(generated)));
    });

    it("agrees with contract/events.ts on the erasure limits and the call id format (the build script cannot import it)", async () => {
        const events = await tsImport('../../contract/events.ts', import.meta.url);
        assert.deepEqual([CALL_ID, MAX_NUMBERS, MAX_CALL_IDS], [events.CALL_ID_PATTERN.source, events.MAX_ERASURE_NUMBERS, events.MAX_ERASURE_CALL_IDS]);
        const { ErasureRequest, Call } = committed.components.schemas;
        assert.deepEqual(
            [ErasureRequest.properties.numbers.maxItems, ErasureRequest.properties.call_ids.maxItems, ErasureRequest.properties.call_ids.items.pattern, Call.properties.id.pattern],
            [events.MAX_ERASURE_NUMBERS, events.MAX_ERASURE_CALL_IDS, events.CALL_ID_PATTERN.source, events.CALL_ID_PATTERN.source]
        );
    });
});

describe('served contract', () => {
    let sandbox;
    before(async () => {
        sandbox = await bootSandbox();
    });
    after(async () => sandbox.close());
    it('GET /openapi.json serves the committed document', async () => {
        const response = await fetch(`${sandbox.url}/openapi.json`);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type'), /application\/json/);
        assert.deepEqual(await response.json(), committed);
        assert.ok(sandbox.url.startsWith('http://127.0.0.1:'));
    });
});

describe('types and CLI', () => {
    it('contract/events.ts and the sandbox type-check under strict TypeScript', () => {
        const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
        const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'sandbox', 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
        assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    });

    it('the CLI (npm run sandbox) listens on loopback and serves the contract', async () => {
        const child = await spawnSandbox({ port: 0 });
        try {
            const response = await fetch(`${child.url}/openapi.json`);
            assert.equal(response.status, 200);
            assert.equal((await response.json()).openapi, committed.openapi);
        } finally {
            await child.close();
        }
    });
});
