// The headless screen flow Diamy_Call_List_Rules (the softphone's calling rules, issue 14): its shape, the lines it
// builds from Diamy_Calling_Rule__mdt run by the flow engine, and the line format c/diamyCallingRules parses.
// The shipped records' lines are committed in fixtures/calling-rules.lines.json, which the Jest test of
// c/diamyCallingRules parses (the service imports Custom Labels, which plain Node cannot load): this test proves the
// flow writes exactly those lines, the Jest test that the parser reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../engine/index.mjs';
import { createEvaluator, loadFlows } from '../lib/flowFormulas.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';

const engine = await loadEngine();
const { schema, flows } = engine.loadPackage();
const flow = loadFlows().find((f) => f.name === 'Diamy_Call_List_Rules');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'automation/tests/fixtures/calling-rules.lines.json'), 'utf8'));
const TYPE = 'Diamy_Calling_Rule__mdt';
const FIELDS_DIR = join(ROOT, 'force-app/main/default/objects', TYPE, 'fields');

function run(customMetadata = schema.customMetadata) {
    const rt = new engine.FlowRuntime({ ...schema, customMetadata }, flows);
    const interview = rt.runFlow('Diamy_Call_List_Rules', {}, rt.org.currentUserId);
    assert.equal(interview.status, 'finished', interview.error ?? '');
    return interview.outputs();
}

const fieldsOf = (line) =>
    Object.fromEntries(line.split('|').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
const shipped = () => schema.customMetadata.filter((record) => record.type === TYPE);

test('a headless screen flow the LWC runs: no screen, no input, outputs rules (text collection) and errorMessage', () => {
    assert.equal(flow.doc.processType, 'Flow');
    assert.equal(flow.doc.status, 'Active');
    assert.equal(flow.doc.screens, undefined);
    assert.equal(flow.object, null);
    assert.equal(flow.doc.isAdditionalPermissionRequiredToRun, 'true', 'run only by users given the flow (permission set)');
    assert.ok(flow.doc.variables.every((v) => v.isInput === 'false'));
    const outputs = flow.doc.variables.filter((v) => v.isOutput === 'true').map((v) => [v.name, v.dataType, v.isCollection]);
    assert.deepEqual(outputs.sort(), [
        ['errorMessage', 'String', 'false'],
        ['rules', 'String', 'true']
    ]);
    const [lookup] = flow.doc.recordLookups;
    assert.equal(lookup.object, TYPE);
    assert.equal(lookup.faultConnector.targetReference, 'Log_Failure');
});

test('fault path: logged (Setup, Error, the running user) then a translated errorMessage, even when the log fails', () => {
    const log = flow.doc.recordCreates.find((c) => c.name === 'Log_Failure');
    assert.equal(log.connector.targetReference, 'Set_Error');
    assert.equal(log.faultConnector.targetReference, 'Set_Error');
    const setError = flow.doc.assignments.find((a) => a.name === 'Set_Error');
    assert.deepEqual(
        setError.assignmentItems.map((i) => [i.assignToReference, i.value[0].elementReference]),
        [['errorMessage', 'fxFaultLogMessage']]
    );
    const fx = createEvaluator(flow);
    const fault = 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234';
    assert.equal(
        fx.formula('fxFaultLogMessage', { faultMessage: fault, language: 'en' }),
        `Could not read the calling rules of the call lists: ${fault}`
    );
    assert.equal(
        fx.formula('fxFaultLogMessage', { faultMessage: fault, language: 'fr' }),
        `Impossible de lire les règles d'appel des listes d'appels : ${fault}`
    );
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'x'.repeat(400) }).length, 255);
});

test('the flow writes one line per active shipped rule, by name: the fixture the Jest test parses', () => {
    const outputs = run();
    assert.equal(outputs.errorMessage, null);
    assert.deepEqual(outputs.rules, FIXTURE);
    assert.deepEqual(
        FIXTURE.map((line) => fieldsOf(line).country),
        ['FR', 'GP', 'GF', 'MQ', 'YT', 'RE']
    );
});

// Every line's keys, in order: the Jest test of c/diamyCallingRules checks the fixture against the parser's own
// LINE_KEYS (one list of the format, in the service that reads it).

test('the line carries every field of the type, and queries each field it reads', () => {
    const formula = flow.doc.formulas.find((f) => f.name === 'fxRuleLine').expression;
    const read = [...formula.matchAll(/\{!varRule\.(\w+)\}/g)].map((m) => m[1]);
    const fields = readdirSync(FIELDS_DIR).map((file) => file.replace('.field-meta.xml', ''));
    // Active__c is the filter: a line exists only for active rules.
    assert.deepEqual([...new Set(read)].sort(), ['DeveloperName', ...fields.filter((f) => f !== 'Active__c')].sort());
    const queried = flow.doc.recordLookups[0].queriedFields;
    for (const field of read) assert.ok(queried.includes(field), `${field} is queried`);
});

test('inactive rules are left out; the admin’s own rule comes as a line too, blanks stay blank', () => {
    const records = shipped().map((record) =>
        record.developerName === 'Mayotte' ? { ...record, values: { ...record.values, Active__c: false } } : record
    );
    records.push({
        type: TYPE,
        developerName: 'Belgium',
        label: 'Belgium',
        values: {
            Active__c: true,
            Country__c: 'BE',
            Time_Zone__c: 'Europe/Brussels',
            Calling_Hours__c: null,
            Holiday_Calendar__c: 'NONE',
            Closed_Dates__c: '2026-12-24, 2026-12-31',
            Max_Attempts__c: null,
            Attempt_Period_Days__c: null,
            Refusal_Cooldown_Days__c: 0,
            Consent_Required__c: false,
            Consent_Required_From__c: null,
            Applies_To__c: 'All',
            Shipped__c: false
        }
    });
    const { rules } = run(records.concat(schema.customMetadata.filter((record) => record.type !== TYPE)));
    assert.deepEqual(
        rules.map((line) => fieldsOf(line).name),
        ['Belgium', 'France', 'Guadeloupe', 'Guyane', 'Martinique', 'Reunion']
    );
    assert.equal(
        rules[0],
        'v=1|name=Belgium|country=BE|tz=Europe/Brussels|hours=|holidays=NONE|closed=2026-12-24, 2026-12-31|maxAttempts=|periodDays=|cooldownDays=0|consent=0|consentFrom=|appliesTo=All|shipped=0'
    );
    assert.deepEqual(run(schema.customMetadata.filter((record) => record.type !== TYPE)).rules, []);
});

test('the shipped records: France and the five overseas departments, with their time zone and holiday calendar', () => {
    const byCountry = Object.fromEntries(shipped().map((record) => [record.values.Country__c, record.values]));
    const expected = {
        FR: ['Europe/Paris', 'FR'],
        GP: ['America/Guadeloupe', 'FR_GP'],
        MQ: ['America/Martinique', 'FR_MQ'],
        GF: ['America/Cayenne', 'FR_GF'],
        RE: ['Indian/Reunion', 'FR_RE'],
        YT: ['Indian/Mayotte', 'FR_YT']
    };
    assert.deepEqual(Object.keys(byCountry).sort(), Object.keys(expected).sort());
    for (const [country, [zone, calendar]] of Object.entries(expected)) {
        const values = byCountry[country];
        assert.equal(values.Time_Zone__c, zone, country);
        assert.equal(values.Holiday_Calendar__c, calendar, country);
        assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone);
        // Code de la consommation D.223-9 and L.223-1 (docs/CALL-LISTS-LAW.md)
        assert.equal(values.Calling_Hours__c, '1-5 10:00-13:00,14:00-20:00', country);
        assert.equal(values.Max_Attempts__c, 4);
        assert.equal(values.Attempt_Period_Days__c, 30);
        assert.equal(values.Refusal_Cooldown_Days__c, 60);
        assert.equal(values.Consent_Required__c, true);
        assert.equal(values.Consent_Required_From__c, '2026-08-11');
        assert.equal(values.Applies_To__c, 'Consumers');
        assert.equal(values.Shipped__c, true);
        assert.equal(values.Active__c, true);
    }
    // The overseas offsets the calling hours are computed in (no daylight saving time there).
    const offset = (zone) =>
        new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
            .formatToParts(new Date('2026-07-01T12:00:00Z'))
            .find((p) => p.type === 'timeZoneName').value;
    assert.deepEqual(
        ['America/Guadeloupe', 'America/Martinique', 'America/Cayenne', 'Indian/Reunion', 'Indian/Mayotte'].map(offset),
        ['GMT-4', 'GMT-4', 'GMT-3', 'GMT+4', 'GMT+3']
    );
});
