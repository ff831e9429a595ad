// Writes phone-keys.data.json: one row per value stored in a Salesforce phone field in test/data/phone-corpus.tsv,
// with the key the org's before-save flows must store for it:
//   - a value that must match a call: the key the browser computes for that call's number (diamyPhoneMatch,
//     libphonenumber-js): an independent oracle, the browser side, not the flow formulas;
//   - a value that must match no call (a truncated number, another country, "n/a", a placeholder): the key the
//     committed Phone_Key formula gives it, evaluated by scripts/lib/flow-formula.mjs, so every phone field of every
//     object must agree with it (blank for what is not a phone number).
// Run after editing the corpus: node automation/scenarios/generate-phone-keys.mjs
// (automation/tests/phoneKeyData.test.mjs fails while the file is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { productionMatcher } from '../../scripts/lib/phone-production.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_FILE = `${ROOT}automation/scenarios/phone-keys.data.json`;

export async function phoneKeyRows() {
    const matcher = await productionMatcher();
    const lines = readFileSync(`${ROOT}test/data/phone-corpus.tsv`, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'));
    const rows = [];
    const seen = new Set();
    const body = lines.slice(1).map((line) => line.split('\t'));
    for (const [country, incoming, stored, expected] of body) {
        if (expected !== 'match' || seen.has(`${country}\t${stored}`)) continue;
        seen.add(`${country}\t${stored}`);
        rows.push([country, stored, matcher.browserKey(country, incoming), 'browser']);
    }
    for (const [country, , stored, expected] of body) {
        if (expected !== 'no-match' || seen.has(`${country}\t${stored}`)) continue;
        seen.add(`${country}\t${stored}`);
        rows.push([country, stored, matcher.orgKey(country, stored), 'org formula']);
    }
    return rows;
}

export const render = (rows) => `${JSON.stringify(rows, null, 0).replace(/\],\[/g, '],\n[')}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const rows = await phoneKeyRows();
    writeFileSync(DATA_FILE, render(rows));
    console.log(`wrote ${rows.length} rows to automation/scenarios/phone-keys.data.json`);
}
