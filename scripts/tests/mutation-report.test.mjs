// The mutation report counts what StrykerJS detected against what it could test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scores } from '../mutation-report.mjs';

test('score = killed and timed-out mutants over those that could be tested; compile errors do not count', () => {
    const mutants = (statuses) => statuses.map((status) => ({ status }));
    const [row] = scores({
        files: {
            'force-app/main/default/lwc/diamyX/diamyX.ts': {
                mutants: mutants(['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored'])
            }
        }
    });
    assert.deepEqual(row, { module: 'diamyX', mutants: 7, killed: 2, timeout: 1, survived: 1, noCoverage: 1, score: 60 });
});

test("every jest test that runs against the real sandbox is named *.sandbox.test.ts (the mutation run leaves those out)", async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../lib/project.mjs');
    const lwc = join(ROOT, 'force-app', 'main', 'default', 'lwc');
    const misnamed = [];
    for (const bundle of readdirSync(lwc)) {
        const tests = join(lwc, bundle, '__tests__');
        let files = [];
        try {
            files = readdirSync(tests);
        } catch {
            continue;
        }
        for (const file of files.filter((name) => name.endsWith('.test.ts'))) {
            const usesSandbox = readFileSync(join(tests, file), 'utf8').includes('@jest-environment ./test/jest-environment-sandbox.js');
            if (usesSandbox !== file.endsWith('.sandbox.test.ts')) misnamed.push(`${bundle}/__tests__/${file}`);
        }
    }
    assert.deepEqual(misnamed, []);
});
