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
