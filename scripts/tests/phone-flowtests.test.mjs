// The FlowTests of the phone-key flows only run in an org. Here their expected values are proven offline: each
// FlowTest's input record goes through the flow's own assignment formulas (evaluated with formulon) and must give
// exactly the key the FlowTest asserts — so a FlowTest cannot assert a key the flow would not compute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { flowFormulas, evaluateFormula } from '../lib/flow-formula.mjs';
import { PHONE_FIELDS, flowName } from '../lib/phone-key-flows.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT = join(ROOT, 'force-app', 'main', 'default');
const FLOW_TESTS = join(ROOT, 'org-tests', 'flowtests');
const parser = new XMLParser({ isArray: (name) => ['testPoints', 'assertions', 'conditions', 'parameters', 'assignments', 'assignmentItems'].includes(name), parseTagValue: false });

// The phone-key FlowTests in org-tests/flowtests (one test below each); adding one means updating this count.
const PHONE_FLOW_TEST_COUNT = 6;

const flowTests = readdirSync(FLOW_TESTS)
    .map((file) => ({ file, doc: parser.parse(readFileSync(join(FLOW_TESTS, file), 'utf8')).FlowTest }))
    .filter(({ doc }) => String(doc.flowApiName).endsWith('_Phone_Keys'));

test('every phone-key flow has a FlowTest, and every phone-key FlowTest is checked below', () => {
    const flows = readdirSync(join(DEFAULT, 'flows'))
        .filter((f) => f.endsWith('_Phone_Keys.flow-meta.xml'))
        .map((f) => f.replace('.flow-meta.xml', ''));
    assert.deepEqual(flows.sort(), Object.keys(PHONE_FIELDS).map(flowName).sort(), 'the phone-key flows the generator writes');
    for (const flow of flows) {
        assert.ok(flowTests.some(({ doc }) => doc.flowApiName === flow), `${flow} has no FlowTest`);
    }
    // The per-file tests are generated from this list: an empty or shorter list would pass by running fewer tests.
    assert.equal(flowTests.length, PHONE_FLOW_TEST_COUNT, `phone-key FlowTests: ${flowTests.map(({ file }) => file).join(', ')}`);
});

for (const { file, doc } of flowTests) {
    test(`${file}: the asserted keys are what the flow formulas compute`, () => {
        const flowFile = join(DEFAULT, 'flows', `${doc.flowApiName}.flow-meta.xml`);
        const flow = parser.parse(readFileSync(flowFile, 'utf8')).Flow;
        const formulaOf = new Map();
        for (const assignment of flow.assignments ?? []) {
            for (const item of assignment.assignmentItems) {
                formulaOf.set(String(item.assignToReference), String(item.value.elementReference));
            }
        }
        const start = doc.testPoints.find((p) => p.elementApiName === 'Start');
        const record = JSON.parse(start.parameters.find((p) => p.leftValueReference === '$Record').value.sobjectValue);
        const inputs = { '$Setup.Diamy_Settings__c.Default_Country__c': '' };
        for (const [field, value] of Object.entries(record)) {
            if (field !== 'attributes') {
                inputs[`$Record.${field}`] = String(value);
            }
        }
        const formulas = flowFormulas(flowFile);
        const finish = doc.testPoints.find((p) => p.elementApiName === 'Finish');
        let checked = 0;
        for (const assertion of finish.assertions) {
            for (const condition of assertion.conditions) {
                const target = String(condition.leftValueReference);
                const formula = formulaOf.get(target);
                assert.ok(formula, `${target} is not assigned by ${doc.flowApiName}`);
                const computed = evaluateFormula(formulas, formula, inputs) ?? '';
                const operator = String(condition.operator);
                assert.ok(operator === 'IsBlank' || operator === 'EqualTo', `${file}: ${target}: unsupported operator ${operator}`);
                // One assertion for both operators: IsBlank compares blankness, EqualTo the key itself.
                const observed = operator === 'IsBlank' ? String(computed === '') : computed;
                const asserted = operator === 'IsBlank' ? String(condition.rightValue.booleanValue) : String(condition.rightValue.stringValue);
                assert.equal(observed, asserted, `${file}: ${target} ${operator} (the flow computes "${computed}")`);
                checked += 1;
            }
        }
        assert.ok(checked > 0, `${file} asserts nothing`);
    });
}
