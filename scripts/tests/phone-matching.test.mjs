// Caller identification, proven offline: the committed flows are what the generator writes; the key the org
// computes (the flow's formula text, evaluated by formulon) agrees with the browser key (libphonenumber-js) over
// the corpus; production matching over the corpus reaches precision 1.000 and recall >= 0.98; `npm run phone`
// answers as specified.
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

function corpus() {
    return readFileSync(join(ROOT, 'test', 'data', 'phone-corpus.tsv'), 'utf8')
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .slice(1)
        .map((line) => {
            const [country, incoming, stored, expected, note] = line.split('\t');
            return { country, incoming, stored, expected, note };
        });
}

test('the committed phone-key flows are exactly what scripts/lib/phone-key-flows.mjs generates', () => {
    assert.deepEqual(generate({ check: true }), []);
});

test('every flow assigns one key per phone field, from that field\'s own formula chain', () => {
    for (const [object, fields] of Object.entries(PHONE_FIELDS)) {
        const xml = readFileSync(join(FLOW_DIR, `${flowName(object)}.flow-meta.xml`), 'utf8');
        assert.match(xml, /<triggerType>RecordBeforeSave<\/triggerType>/);
        assert.match(xml, new RegExp(`<object>${object}</object>`));
        for (const { alias, key, field } of fields) {
            assert.match(xml, new RegExp(`<assignToReference>\\$Record\\.${key.replace(/_/g, '_')}</assignToReference>\\s*<operator>Assign</operator>\\s*<value>\\s*<elementReference>${alias}_Key</elementReference>`));
            assert.match(xml, new RegExp(`\\{!\\$Record\\.${field}\\}`));
        }
    }
});

test('each flow formula stays under the 3,900-character limit of Salesforce formulas', () => {
    for (const object of Object.keys(PHONE_FIELDS)) {
        for (const [name, formula] of flowFormulas(join(FLOW_DIR, `${flowName(object)}.flow-meta.xml`))) {
            assert.ok(formula.expression.length <= 3900, `${object} ${name}: ${formula.expression.length} characters`);
        }
    }
});

test('the formula reads the country calling code of an international number for every code libphonenumber knows', () => {
    const formulas = flowFormulas(join(FLOW_DIR, 'Diamy_Account_Phone_Keys.flow-meta.xml'));
    const codes = [...tables().oneDigit, ...tables().twoDigits];
    const threeDigits = Object.keys(require('libphonenumber-js/metadata.min.json').country_calling_codes).filter((cc) => cc.length === 3);
    for (const cc of [...codes, ...threeDigits]) {
        const value = evaluateFormula(formulas, 'Phone_Calling_Code', { '$Record.Phone': `+${cc} 612345678`, [SETTING]: 'FR' });
        assert.equal(value, cc, `+${cc}`);
    }
});

test('the formula knows the calling code of every supported default country, and FR when the setting is blank', () => {
    const formulas = flowFormulas(join(FLOW_DIR, 'Diamy_Account_Phone_Keys.flow-meta.xml'));
    for (const { country } of tables().defaults) {
        assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: country }), getCountryCallingCode(country), country);
    }
    assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: '' }), '33');
    assert.equal(evaluateFormula(formulas, 'Default_Calling_Code', { [SETTING]: ' be ' }), '32');
    assert.equal(evaluateFormula(formulas, 'Phone_Key', { '$Record.Phone': '01 23 45 67 89', [SETTING]: 'ZZ' }), '', 'unsupported default country: no key for national numbers');
});

test('org key (flow formula via formulon) and browser key (libphonenumber-js) agree over the corpus', async () => {
    const { orgKey, browserKey } = await productionMatcher();
    const rows = corpus();
    let compared = 0;
    for (const row of rows) {
        const browser = browserKey(row.country, row.incoming);
        if (browser.startsWith('(')) {
            if (browser === '(withheld)' || browser === '(internal)') {
                assert.equal(orgKey(row.country, row.incoming), '', `${row.incoming}: the org must not key what the browser refuses`);
            }
            continue;
        }
        assert.equal(orgKey(row.country, row.incoming), browser, `incoming ${row.incoming} stored as such (${row.country})`);
        compared += 1;
        if (row.expected === 'match') {
            assert.equal(orgKey(row.country, row.stored), browser, `stored "${row.stored}" vs incoming ${row.incoming} (${row.country}, ${row.note})`);
            compared += 1;
        }
    }
    assert.ok(compared >= 300, `only ${compared} comparisons`);
});

test('corpus: production matching reaches precision 1.000 and recall >= 0.98', async () => {
    const { matches } = await productionMatcher();
    const rows = corpus();
    assert.ok(rows.length >= 150, `the corpus needs at least 150 pairs, has ${rows.length}`);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses = [];
    for (const row of rows) {
        const got = matches(row.country, row.incoming, row.stored);
        if (got && row.expected === 'match') tp += 1;
        if (got && row.expected !== 'match') {
            fp += 1;
            misses.push(`false match: ${row.country} ${row.incoming} | ${row.stored} (${row.note})`);
        }
        if (!got && row.expected === 'match') {
            fn += 1;
            misses.push(`missed: ${row.country} ${row.incoming} | ${row.stored} (${row.note})`);
        }
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    console.log(`phone corpus: ${rows.length} pairs (${tp + fn} expected matches): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    for (const miss of misses) console.log(`  ${miss}`);
    assert.equal(precision, 1, misses.join('\n'));
    assert.ok(recall >= 0.98, misses.join('\n'));
});

function phone(args, input) {
    return spawnSync(process.execPath, [join(ROOT, 'scripts', 'phone.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

test('npm run phone -- match prints match or no-match', () => {
    const yes = phone(['match', '--country', 'FR', '+33123456789', '0033 1 23 45 67 89 poste 204']);
    assert.equal(yes.status, 0, yes.stderr);
    assert.equal(yes.stdout, 'match\n');
    const no = phone(['match', '--country', 'FR', '+34612345678', '06 12 34 56 78']);
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
