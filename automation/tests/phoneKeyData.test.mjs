// The phone-key scenarios' expected keys (automation/scenarios/phone-keys.data.json) are what the browser computes
// for the corpus today: regenerate them with node automation/scenarios/generate-phone-keys.mjs after editing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DATA_FILE, phoneKeyRows, render } from '../scenarios/generate-phone-keys.mjs';

test('phone-keys.data.json is what generate-phone-keys.mjs computes from the corpus', async () => {
    assert.equal(readFileSync(DATA_FILE, 'utf8'), render(await phoneKeyRows()));
});
