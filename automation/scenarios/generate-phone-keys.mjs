// Writes phone-keys.data.json: for every value stored in a Salesforce phone field that test/data/phone-corpus.tsv
// says must match a call, the key the browser computes for that call's number (diamyPhoneMatch, libphonenumber-js).
// The phone-key scenarios then require the org's before-save flows to store exactly that key. An independent oracle:
// the browser side, not the flow formulas. Run after editing the corpus: node automation/scenarios/generate-phone-keys.mjs
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
    for (const line of lines.slice(1)) {
        const [country, incoming, stored, expected] = line.split('\t');
        if (expected !== 'match' || seen.has(`${country}\t${stored}`)) continue;
        seen.add(`${country}\t${stored}`);
        rows.push([country, stored, matcher.browserKey(country, incoming)]);
    }
    return rows;
}

export const render = (rows) => `${JSON.stringify(rows, null, 0).replace(/\],\[/g, '],\n[')}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const rows = await phoneKeyRows();
    writeFileSync(DATA_FILE, render(rows));
    console.log(`wrote ${rows.length} rows to automation/scenarios/phone-keys.data.json`);
}
