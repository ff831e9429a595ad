// Caller identification, proven offline: the committed flows are what the generator writes; the key the org
// computes (the flow's formula text, evaluated by formulon) agrees with the browser key (libphonenumber-js) over
// the corpus; production matching over the corpus reaches precision 1.000 and recall 1.000, as docs/MATCHING.md
// claims; `npm run phone` answers as specified. Every loop over data also asserts how many items it checked, so a
// corpus or table that silently shrinks fails instead of passing on fewer cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generate, tables, PHONE_FIELDS, flowName, FLOW_DIR } from '../lib/phone-key-flows.mjs';
import { flowFormulas, evaluateFormula } from '../lib/flow-formula.mjs';
import { productionMatcher } from '../lib/phone-production.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { getCountryCallingCode } = require('libphonenumber-js/min');
const SETTING = '$Setup.Diamy_Settings__c.Default_Country__c';

// What docs/MATCHING.md and README.md state about the corpus; adding pairs means updating these and the docs.
const CORPUS = Object.freeze({ pairs: 200, expectedMatches: 147, refused: { withheld: 9, internal: 7 } });
const CORPUS_HEADER = 'country\tincoming\tstored\texpected\tnote';

/** @returns {{ country: string, incoming: string, stored: string, expected: 'match' | 'no-match', note: string }[]} */
function corpus() {
    const [header, ...lines] = readFileSync(join(ROOT, 'test', 'data', 'phone-corpus.tsv'), 'utf8')
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'));
    assert.equal(header, CORPUS_HEADER, 'test/data/phone-corpus.tsv: header line');
    return lines.map((line, index) => {
        const fields = line.split('\t');
        assert.equal(fields.length, 5, `phone-corpus.tsv pair ${index + 1}: 5 tab-separated columns expected: ${JSON.stringify(line)}`);
        const [country, incoming, stored, expected, note] = fields;
        // A typo in the expected column ("mtach") would otherwise count the pair as a trap.
        assert.ok(expected === 'match' || expected === 'no-match', `phone-corpus.tsv pair ${index + 1}: expected is "${expected}", not match or no-match: ${JSON.stringify(line)}`);
        return { country, incoming, stored, expected, note };
    });
}

/** Names a corpus pair completely, so that a failing assertion says which pair and why it is there. */
const describePair = (row) => `${row.country} incoming "${row.incoming}" stored "${row.stored}" expected ${row.expected} (${row.note})`;

test('the committed phone-key flows are exactly what scripts/lib/phone-key-flows.mjs generates', () => {
    assert.deepEqual(generate({ check: true }), []);
});

test('every flow assigns one key per phone field, from that field\'s own formula chain', () => {
    let checked = 0;
    for (const [object, fields] of Object.entries(PHONE_FIELDS)) {
        const xml = readFileSync(join(FLOW_DIR, `${flowName(object)}.flow-meta.xml`), 'utf8');
        assert.match(xml, /<triggerType>RecordBeforeSave<\/triggerType>/);
        assert.match(xml, new RegExp(`<object>${object}</object>`));
        for (const { alias, key, field } of fields) {
            assert.match(xml, new RegExp(`<assignToReference>\\$Record\\.${key}</assignToReference>\\s*<operator>Assign</operator>\\s*<value>\\s*<elementReference>${alias}_Key</elementReference>`), `${object}.${field}`);
            assert.match(xml, new RegExp(`\\{!\\$Record\\.${field}\\}`), `${object}.${field}`);
            checked += 1;
        }
    }
    // Contact: Phone, Mobile, Home, Other, Assistant; Lead: Phone, Mobile; Account: Phone (docs/MATCHING.md).
    assert.equal(checked, 8, 'phone fields checked');
});

// The chain of formula resources per phone field that docs/MATCHING.md describes, and the resources all fields share.
const FORMULA_CHAIN = ['Text', 'From', 'Stop_1', 'Stop_2', 'Cut', 'Spaceless', 'Unbracketed', 'Digits', 'Intl', 'Calling_Code', 'Rest', 'National', 'Zone', 'Key'];
const SHARED_FORMULAS = ['Default_Country', 'Default_Calling_Code', 'Default_Trunk_Prefix'];

test('each flow formula stays under the 3,900-character limit of Salesforce formulas', () => {
    let checked = 0;
    let expected = 0;
    for (const [object, fields] of Object.entries(PHONE_FIELDS)) {
        const formulas = flowFormulas(join(FLOW_DIR, `${flowName(object)}.flow-meta.xml`));
        // The loop below must see every formula of the chain, not an empty or partial parse.
        const names = [...SHARED_FORMULAS, ...fields.flatMap(({ alias }) => FORMULA_CHAIN.map((step) => `${alias}_${step}`))];
        assert.deepEqual([...formulas.keys()].sort(), names.sort(), `${object}: the formula chain of docs/MATCHING.md`);
        expected += names.length;
        for (const [name, formula] of formulas) {
            assert.ok(formula.expression.length <= 3900, `${object} ${name}: ${formula.expression.length} characters`);
            checked += 1;
        }
    }
    assert.equal(checked, expected, 'formulas checked');
    assert.equal(checked, SHARED_FORMULAS.length * 3 + FORMULA_CHAIN.length * 8, 'three flows, eight phone fields');
});

test('the formula reads the country calling code of an international number for every code libphonenumber knows', () => {
    const formulas = flowFormulas(join(FLOW_DIR, 'Diamy_Account_Phone_Keys.flow-meta.xml'));
    const threeDigits = Object.keys(require('libphonenumber-js/metadata.min.json').country_calling_codes).filter((cc) => cc.length === 3);
    const checked = [...tables().oneDigit, ...tables().twoDigits, ...threeDigits];
    // "Every code": the generator's one- and two-digit tables plus the three-digit codes must be all of them.
    assert.deepEqual([...checked].sort(), Object.keys(require('libphonenumber-js/metadata.min.json').country_calling_codes).sort());
    for (const cc of checked) {
        const value = evaluateFormula(formulas, 'Phone_Calling_Code', { '$Record.Phone': `+${cc} 612345678`, [SETTING]: 'FR' });
        assert.equal(value, cc, `+${cc}`);
    }
});

// The list docs/MATCHING.md gives under "Supported default countries".
const DOCUMENTED_DEFAULT_COUNTRIES = [
    ...['FR', 'BE', 'CH', 'LU', 'MC', 'DE', 'AT', 'NL', 'GB', 'IE', 'ES', 'PT', 'IT', 'DK', 'SE', 'NO', 'FI', 'PL', 'CZ', 'SK'],
    ...['GR', 'RO', 'HR', 'SI', 'US', 'CA', 'RE', 'GP', 'MQ', 'GF', 'YT', 'PM', 'NC', 'PF', 'WF', 'MA', 'DZ', 'TN', 'SN', 'CI'],
    ...['CM', 'IL', 'AE', 'AU', 'NZ', 'ZA', 'IN', 'JP', 'MX']
];

test('the formula knows the calling code of every supported default country, and FR when the setting is blank', () => {
    const formulas = flowFormulas(join(FLOW_DIR, 'Diamy_Account_Phone_Keys.flow-meta.xml'));
    const countries = tables().defaults.map(({ country }) => country);
    assert.deepEqual(countries, DOCUMENTED_DEFAULT_COUNTRIES, 'supported default countries (docs/MATCHING.md)');
    for (const country of countries) {
        assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: country }), getCountryCallingCode(country), country);
    }
    assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: '' }), '33');
    assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: ' be ' }), '32');
    assert.equal(evaluateFormula(formulas, 'Phone_Key', { '$Record.Phone': '01 23 45 67 89', [SETTING]: 'ZZ' }), '', 'unsupported default country: no key for national numbers');
});

test('org key (flow formula via formulon) and browser key (libphonenumber-js) agree over the corpus', async () => {
    const { orgKey, browserKey } = await productionMatcher();
    const rows = corpus().map((row) => ({ ...row, browser: browserKey(row.country, row.incoming) }));
    // The browser refuses some incoming numbers: "(withheld)", "(internal)" or "(not-a-number)".
    const refused = rows.filter((row) => row.browser.startsWith('('));
    const keyed = rows.filter((row) => !row.browser.startsWith('('));
    const refusedByReason = Object.fromEntries(Object.keys(CORPUS.refused).map((reason) => [reason, refused.filter((row) => row.browser === `(${reason})`).length]));
    assert.deepEqual(refusedByReason, CORPUS.refused, 'incoming numbers the browser refuses, by reason');
    assert.equal(refused.length, Object.values(CORPUS.refused).reduce((a, b) => a + b), `refused for another reason: ${refused.map(describePair).join('; ')}`);
    const keyedMatches = keyed.filter((row) => row.expected === 'match');
    assert.equal(keyedMatches.length, CORPUS.expectedMatches, 'every pair expected to match has an incoming key');

    let compared = 0;
    for (const row of refused) {
        assert.equal(orgKey(row.country, row.incoming), '', `the org must not key what the browser refuses ${row.browser}: ${describePair(row)}`);
        compared += 1;
    }
    for (const row of keyed) {
        assert.equal(orgKey(row.country, row.incoming), row.browser, `incoming stored as such: ${describePair(row)}`);
        compared += 1;
    }
    for (const row of keyedMatches) {
        assert.equal(orgKey(row.country, row.stored), row.browser, `stored value: ${describePair(row)}`);
        compared += 1;
    }
    assert.equal(compared, CORPUS.pairs + CORPUS.expectedMatches, 'key comparisons');
});

test('corpus: production matching reaches precision 1.000 and recall 1.000 (200 pairs, 147 expected matches)', async () => {
    const { matches } = await productionMatcher();
    const rows = corpus();
    assert.equal(rows.length, CORPUS.pairs, 'pairs in test/data/phone-corpus.tsv (docs/MATCHING.md, README.md)');
    assert.equal(rows.filter((row) => row.expected === 'match').length, CORPUS.expectedMatches, 'pairs expected to match');
    const answered = rows.map((row) => ({ row, got: matches(row.country, row.incoming, row.stored) }));
    assert.equal(answered.length, CORPUS.pairs, 'pairs answered');
    const truePositives = answered.filter(({ row, got }) => got && row.expected === 'match').length;
    const falseMatches = answered.filter(({ row, got }) => got && row.expected === 'no-match').map(({ row }) => `false match: ${describePair(row)}`);
    const missed = answered.filter(({ row, got }) => !got && row.expected === 'match').map(({ row }) => `missed: ${describePair(row)}`);
    const precision = truePositives + falseMatches.length === 0 ? 0 : truePositives / (truePositives + falseMatches.length);
    const recall = truePositives / CORPUS.expectedMatches;
    console.log(`phone corpus: ${rows.length} pairs (${CORPUS.expectedMatches} expected matches): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    assert.equal(precision, 1, `precision ${precision.toFixed(3)}, must be 1.000:\n${falseMatches.join('\n')}`);
    assert.equal(recall, 1, `recall ${recall.toFixed(3)}, must be 1.000:\n${missed.join('\n')}`);
});

function phone(args, input) {
    return spawnSync(process.execPath, [join(ROOT, 'scripts', 'phone.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

test('npm run phone -- match prints match or no-match', () => {
    const yes = phone(['match', '--country', 'FR', '+33123456789', '0033 1 23 45 67 89 poste 204']);
    assert.equal(yes.status, 0, yes.stderr);
    assert.equal(yes.stdout, 'match\n');
    const no = phone(['match', '--country', 'FR', '+34612345678', '06 12 34 56 78']);
    assert.equal(no.status, 0, no.stderr);
    assert.equal(no.stdout, 'no-match\n');
    const usage = phone(['match', '+33123456789']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /exactly two numbers/);
    const badCountry = phone(['match', '--country', 'France', '+33123456789', '01 23 45 67 89']);
    assert.equal(badCountry.status, 2);
});

test('npm run phone -- match-batch answers one line per input line, no-match for malformed lines', () => {
    const result = phone(['match-batch'], 'FR\t+33612345678\t06 12 34 56 78\nIT\t+390212345678\t+39 2 1234 5678\nnot a line\nUS\t+14155550123\t(415) 555-0123 x12\n');
    assert.equal(result.stdout, 'match\nno-match\nno-match\nmatch\n');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /malformed line/);
});

test('npm run phone -- key prints browser and org keys', () => {
    const result = phone(['key', '--country', 'FR', '+33 6 12 34 56 78', 'anonymous']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '+33 6 12 34 56 78\tbrowser=33|12345678\torg=33|12345678\nanonymous\tbrowser=(withheld)\torg=(blank)\n');
});

test('the User formula fields expose the Diamy settings to the browser (FR when the default country is blank)', async () => {
    const { XMLParser } = await import('fast-xml-parser');
    const formulon = (await import('formulon')).default;
    const formulaOf = (name) =>
        new XMLParser({ parseTagValue: false }).parse(readFileSync(join(ROOT, 'force-app', 'main', 'default', 'objects', 'User', 'fields', `${name}.field-meta.xml`), 'utf8')).CustomField.formula;
    const evaluate = (formula, value) =>
        formulon.parse(formula.replace(/\$Setup\.Diamy_Settings__c\.(\w+)/g, 'Setting_$1'), {
            Setting_Default_Country__c: { type: 'literal', dataType: 'text', value, options: { length: 2 } },
            Setting_Own_Numbers__c: { type: 'literal', dataType: 'text', value, options: { length: 255 } }
        }).value;
    const evaluateCheckbox = (formula, value) =>
        formulon.parse(formula.replace(/\$Setup\.Diamy_Settings__c\.(\w+)/g, 'Setting_$1'), {
            Setting_Screen_Pop_On_Answer__c: { type: 'literal', dataType: 'checkbox', value }
        }).value;
    assert.equal(evaluate(formulaOf('Diamy_Default_Country__c'), ''), 'FR');
    assert.equal(evaluate(formulaOf('Diamy_Default_Country__c'), 'BE'), 'BE');
    assert.equal(evaluate(formulaOf('Diamy_Own_Numbers__c'), '+33 1 84 88 00 00'), '+33 1 84 88 00 00');
    assert.equal(evaluateCheckbox(formulaOf('Diamy_Screen_Pop_On_Answer__c'), true), true);
    assert.equal(evaluateCheckbox(formulaOf('Diamy_Screen_Pop_On_Answer__c'), false), false);
});
