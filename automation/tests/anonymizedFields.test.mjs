// One list of a call's personal fields, three places that must agree: what the subflow Diamy_Anonymize_Calls clears
// (Update_Calls), what the before-save flow Diamy_Call_Anonymized_Blank keeps blank afterwards, and the Diamy_Call__c
// entries of the personal-data registry (scripts/lib/org-rules/personal-data.mjs, the fields classified GDPR). A field
// added to one and forgotten in another would keep personal data on anonymised calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT } from '../../scripts/lib/project.mjs';
import { PERSONAL_DATA } from '../../scripts/lib/org-rules/personal-data.mjs';

const FLOWS = join(ROOT, 'force-app/main/default/flows');
const parser = new XMLParser({
    isArray: (name) => ['recordUpdates', 'inputAssignments', 'assignments', 'assignmentItems'].includes(name)
});
const flow = (name) => parser.parse(readFileSync(join(FLOWS, `${name}.flow-meta.xml`), 'utf8')).Flow;
const sorted = (items) => [...new Set(items)].sort();

/** The fields Update_Calls sets to nothing (no value: blank), the stamp and reason left out. */
function clearedBySubflow() {
    const update = flow('Diamy_Anonymize_Calls').recordUpdates.find((element) => element.name === 'Update_Calls');
    assert.ok(update, 'Diamy_Anonymize_Calls has Update_Calls');
    return sorted(
        update.inputAssignments.filter((assignment) => assignment.value === undefined).map((assignment) => assignment.field)
    );
}

/** The $Record fields the before-save flow assigns nothing to. */
function blankedBeforeSave() {
    const items = flow('Diamy_Call_Anonymized_Blank').assignments.flatMap((element) => element.assignmentItems);
    assert.ok(
        items.every((item) => item.operator === 'Assign' && item.value === undefined),
        'every assignment blanks its field'
    );
    return sorted(items.map((item) => String(item.assignToReference).replace(/^\$Record\./, '')));
}

test('the before-save flow keeps blank exactly the fields the anonymisation clears', () => {
    const cleared = clearedBySubflow();
    assert.ok(cleared.includes('Notes__c') && cleared.includes('From_Number__c'), cleared.join(', '));
    assert.deepEqual(blankedBeforeSave(), cleared);
});

test('the anonymisation clears every personal field of Diamy_Call__c the registry classifies, and nothing it calls free of personal data', () => {
    const registry = sorted(
        Object.keys(PERSONAL_DATA)
            .filter((key) => key.startsWith('Diamy_Call__c.'))
            .map((key) => key.slice('Diamy_Call__c.'.length))
    );
    assert.deepEqual(clearedBySubflow(), registry);
});
