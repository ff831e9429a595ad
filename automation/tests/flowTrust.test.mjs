// What record-triggered flows (system context: no sharing, no field-level security) trust. A value an agent can type
// must never, on its own, choose which record a flow reads, updates or deletes: an agent who wrote any Task id into
// Diamy_Call__c.Task_Id__c used to make Diamy_Call_Log_Activity rewrite that Task (owner, subject, description).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadFlows } from '../lib/flowFormulas.mjs';
import { filterIsRequired } from '../lib/filterLogic.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';

const recordTriggered = loadFlows().filter((flow) => flow.doc.start?.triggerType?.startsWith('Record'));
const permissionSetParser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'fieldPermissions' });
const agentFls = new Map(
    permissionSetParser
        .parse(readFileSync(join(ROOT, 'force-app/main/default/permissionsets/Diamy_Agent.permissionset-meta.xml'), 'utf8'))
        .PermissionSet.fieldPermissions.map((p) => [p.field, p.editable === 'true'])
);

/** Data elements that pick records with filters: Get, Update and Delete Records. */
function filteredElements(flow) {
    return ['recordLookups', 'recordUpdates', 'recordDeletes'].flatMap((kind) =>
        (flow.doc[kind] ?? []).filter((element) => element.filters).map((element) => ({ kind, element }))
    );
}
const valueRef = (filter) => filter.value?.[0]?.elementReference ?? filter.value?.elementReference;

test('the record-triggered flows are all checked here', () => {
    assert.ok(recordTriggered.length >= 6, `only ${recordTriggered.length} record-triggered flows found`);
    assert.ok(recordTriggered.some((flow) => flow.name === 'Diamy_Call_Log_Activity'));
});

test('a record chosen by an id read from the triggering record must also match that record by a second filter', () => {
    const problems = [];
    for (const flow of recordTriggered) {
        for (const { element } of filteredElements(flow)) {
            const filters = element.filters;
            filters.forEach((filter, index) => {
                const ref = valueRef(filter);
                if (filter.field !== 'Id' || !ref?.startsWith('$Record.')) return;
                const binding = filters.findIndex(
                    (other, j) =>
                        j !== index &&
                        other.field !== 'Id' &&
                        other.operator === 'EqualTo' &&
                        valueRef(other)?.startsWith('$Record.') &&
                        filterIsRequired(element.filterLogic, filters.length, j)
                );
                if (binding < 0) {
                    problems.push(
                        `${flow.name}.${element.name}: Id = ${ref} is not tied to the triggering record by a required filter (filter logic "${element.filterLogic ?? 'and'}")`
                    );
                }
            });
        }
    }
    assert.deepEqual(problems, []);
});

test('every Task lookup of Diamy_Call_Log_Activity only finds a Task carrying this call’s Diamy call id in CallObject', () => {
    const flow = recordTriggered.find((f) => f.name === 'Diamy_Call_Log_Activity');
    const taskLookups = flow.doc.recordLookups.filter((e) => e.object === 'Task');
    assert.deepEqual(taskLookups.map((l) => l.name).sort(), ['Get_Call_Task', 'Get_Linked_Task']);
    for (const lookup of taskLookups) {
        const callObject = lookup.filters.findIndex((f) => f.field === 'CallObject' && valueRef(f) === '$Record.Diamy_Call_Id__c' && f.operator === 'EqualTo');
        assert.ok(callObject >= 0, `${lookup.name}: no CallObject = $Record.Diamy_Call_Id__c filter`);
        assert.ok(filterIsRequired(lookup.filterLogic, lookup.filters.length, callObject), `${lookup.name}: filter logic "${lookup.filterLogic}" lets a Task without this call id through`);
    }
});

test('the lookup by Task_Id__c runs only when Task_Id__c is set (a Get Records filter on a null value fails the flow)', () => {
    const flow = recordTriggered.find((f) => f.name === 'Diamy_Call_Log_Activity');
    const guard = flow.doc.decisions.find((d) => d.rules.some((r) => r.connector?.targetReference === 'Get_Linked_Task'));
    const rule = guard.rules.find((r) => r.connector?.targetReference === 'Get_Linked_Task');
    assert.deepEqual(
        rule.conditions.map((c) => [c.leftValueReference, c.operator, c.rightValue?.[0]?.booleanValue ?? c.rightValue?.booleanValue]),
        [['$Record.Task_Id__c', 'IsNull', 'false']]
    );
});

test('a triggering-record field that a flow uses as a record id is read-only for agents (Diamy Agent field-level security)', () => {
    const problems = [];
    for (const flow of recordTriggered) {
        for (const { element } of filteredElements(flow)) {
            for (const filter of element.filters) {
                const ref = valueRef(filter);
                if (filter.field !== 'Id' || !ref?.startsWith('$Record.')) continue;
                const field = `${flow.object}.${ref.slice('$Record.'.length)}`;
                if (agentFls.get(field) !== false)
                    problems.push(
                        `${flow.name}.${element.name}: agents can edit ${field} (${agentFls.has(field) ? 'editable' : 'no field permission entry'})`
                    );
            }
        }
    }
    assert.deepEqual(problems, []);
});
