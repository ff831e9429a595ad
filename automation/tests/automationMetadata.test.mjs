// Consistency of the automation metadata that no schema can check: every field a flow reads exists and is fetched,
// labels used by flows exist in English and French, shipped rules use valid values, TaskSubtype is insert-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { loadFlows, loadObjectFields, loadCustomMetadata } from '../lib/flowFormulas.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';

const require = createRequire(import.meta.url);
const { readLabels } = require('../../scripts/lib/labels.cjs');
const flows = loadFlows();
const ruleFields = loadObjectFields('Diamy_Task_Rule__mdt');
const callFields = loadObjectFields('Diamy_Call__c');
const rules = loadCustomMetadata('Diamy_Task_Rule');

test('the package has its record-triggered automation flows, active, after save on Diamy_Call__c and Task', () => {
    for (const [name, object] of [['Diamy_Call_Log_Activity', 'Diamy_Call__c'], ['Diamy_Call_Follow_Up', 'Diamy_Call__c'], ['Diamy_Task_Follow_Up_Closed', 'Task']]) {
        const flow = flows.find((f) => f.name === name);
        assert.ok(flow, name);
        assert.equal(flow.doc.status, 'Active');
        assert.equal(flow.doc.start.object, object);
        assert.equal(flow.doc.start.triggerType, 'RecordAfterSave');
    }
});

test('the follow-up fields of a call are written by the flows and never re-run a Diamy_Call__c flow', () => {
    const written = ['Follow_Up_Task_Id__c', 'Follow_Up_Open__c', 'Follow_Up_Due_Date__c'];
    for (const field of written) {
        assert.ok(callFields.has(field), field);
    }
    const followUp = flows.find((f) => f.name === 'Diamy_Call_Follow_Up');
    const stamp = followUp.doc.recordUpdates.find((u) => u.name === 'Stamp_Call');
    assert.equal(stamp.inputReference, '$Record');
    assert.deepEqual(stamp.inputAssignments.map((a) => a.field).sort(), [...written].sort());
    const closed = flows.find((f) => f.name === 'Diamy_Task_Follow_Up_Closed');
    const update = closed.doc.recordUpdates.find((u) => u.name === 'Update_Calls');
    assert.equal(update.object, 'Diamy_Call__c');
    assert.deepEqual(update.inputAssignments.map((a) => a.field), ['Follow_Up_Open__c']);
    assert.deepEqual(update.filters.map((f) => [f.field, f.value[0].elementReference]), [['Follow_Up_Task_Id__c', '$Record.Id'], ['Follow_Up_Open__c', '$Record.IsClosed']]);
    for (const flow of flows.filter((f) => f.object === 'Diamy_Call__c')) {
        for (const field of written) {
            assert.ok(!(flow.filterFormula ?? '').includes(`{!$Record.${field}}`), `${flow.name} entry condition watches ${field}`);
        }
    }
    // The Stamp_Call element runs once, after the Task DML, outside every loop: no loop's path reaches it before the loop ends.
    assert.ok(!(followUp.doc.loops ?? []).some((l) => l.nextValueConnector.targetReference === 'Stamp_Call'));
});

test('every $Label a flow uses exists and has a French translation', () => {
    const { labels, translations } = readLabels(ROOT);
    for (const flow of flows) {
        for (const [, name] of flow.xml.matchAll(/\{!\$Label\.([A-Za-z0-9_]+)\}/g)) {
            assert.ok(labels.has(name), `${flow.name}: ${name}`);
            assert.ok(translations.get('fr')?.get(name), `${flow.name}: ${name} (fr)`);
        }
    }
});

// Standard fields the package's flows may read on each triggering object (the org's schema is not visible offline).
const STANDARD_FIELDS = {
    Diamy_Call__c: ['Id', 'CreatedById', 'CreatedDate', 'LastModifiedDate'],
    Contact: ['Id', 'Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone'],
    Lead: ['Id', 'Phone', 'MobilePhone', 'IsConverted', 'ConvertedAccountId', 'ConvertedContactId', 'ConvertedOpportunityId'],
    Account: ['Id', 'Phone'],
    Task: ['Id', 'IsClosed', 'Status'],
    Opportunity: ['Id', 'AccountId'],
    Diamy_Integration_Log__c: ['Id']
};

test('every $Record field a flow uses exists on the object that triggers it', () => {
    for (const flow of flows) {
        if (!flow.object) {
            // Screen / autolaunched flows without a triggering record cannot read $Record.
            assert.doesNotMatch(flow.xml, /\$Record\b/, `${flow.name} has no triggering object but uses $Record`);
            continue;
        }
        const object = String(flow.doc.start.object);
        const standard = new Set(STANDARD_FIELDS[object] ?? []);
        const custom = object === 'Diamy_Call__c' ? callFields : loadObjectFields(object);
        assert.ok(standard.size > 0, `${flow.name}: no known standard fields for ${object}`);
        for (const [, path] of flow.xml.matchAll(/\$Record\.([A-Za-z0-9_]+)/g)) {
            const field = path.replace(/__r$/, '__c');
            assert.ok(standard.has(field) || custom.has(field), `${flow.name}: $Record.${path} is not a field of ${object}`);
        }
    }
});

test('every rule field the follow-up flow reads is a field of Diamy_Task_Rule__mdt and is fetched by Get_Rules', () => {
    const flow = flows.find((f) => f.name === 'Diamy_Call_Follow_Up');
    const getRules = flow.doc.recordLookups.find((l) => l.name === 'Get_Rules');
    const queried = new Set(getRules.queriedFields.map(String));
    const used = new Set([...flow.xml.matchAll(/var(?:Queue)?Rule\.([A-Za-z0-9_]+)/g)].map((m) => m[1]));
    assert.ok(used.size > 10);
    for (const field of used) {
        assert.ok(field === 'DeveloperName' || ruleFields.has(field), `unknown rule field ${field}`);
        assert.ok(queried.has(field), `Get_Rules does not fetch ${field}`);
    }
    for (const field of queried) {
        assert.ok(['Id', 'DeveloperName'].includes(field) || ruleFields.has(field), `Get_Rules fetches unknown ${field}`);
    }
});

test('TaskSubtype is only ever set when a Task is created (it cannot be updated)', () => {
    for (const flow of flows) {
        for (const update of flow.doc.recordUpdates ?? []) {
            for (const assignment of update.inputAssignments ?? []) {
                assert.notEqual(assignment.field, 'TaskSubtype', `${flow.name}.${update.name}`);
            }
        }
    }
    const logActivity = flows.find((f) => f.name === 'Diamy_Call_Log_Activity');
    const create = logActivity.doc.recordCreates.find((c) => c.name === 'Create_Task');
    const subtype = create.inputAssignments.find((a) => a.field === 'TaskSubtype');
    assert.equal(subtype.value[0].stringValue, 'Call');
});

test('every Get Records, create, update and action has a fault path to the integration log', () => {
    for (const flow of flows) {
        const elements = [...(flow.doc.recordLookups ?? []), ...(flow.doc.recordCreates ?? []), ...(flow.doc.recordUpdates ?? []), ...(flow.doc.actionCalls ?? [])];
        if (flow.doc.processType === 'Flow' && [flow.doc.recordRollbacks ?? []].flat().length > 0) {
            // A screen flow that rolls back what its subflows did on a failure (Diamy_Erase_Person_Calls): Roll Back
            // Records undoes the subflows' log entries too, so its only data element is the Error entry written after
            // the rollback; if that entry fails as well, its fault path still reaches a screen that shows the reason.
            const screens = new Set([flow.doc.screens ?? []].flat().map((screen) => screen.name));
            const rollbackTargets = new Set([flow.doc.recordRollbacks].flat().map((rollback) => rollback.connector?.targetReference));
            for (const element of elements) {
                assert.equal(element.object, 'Diamy_Integration_Log__c', `${flow.name}.${element.name}: only the log entry`);
                assert.ok(rollbackTargets.has(element.name), `${flow.name}.${element.name} is written after Roll Back Records`);
                assert.ok(screens.has(element.faultConnector?.targetReference), `${flow.name}.${element.name}: fault path to a screen`);
                const fields = Object.fromEntries(element.inputAssignments.map((a) => [a.field, a.value[0]]));
                assert.equal(fields.Severity__c.stringValue, 'Error', `${flow.name}.${element.name}`);
            }
            continue;
        }
        if (elements.length === 0) {
            // A screen flow made of screens and subflows only (Diamy_Add_To_Call_List): its subflows log their faults
            // and report them back (errorMessage), since a subflow element has no fault connector (Metadata API, FlowSubflow).
            if (flow.doc.processType === 'Flow' && (flow.doc.subflows ?? []).length > 0) continue;
            // A schedule-triggered flow that hands its record to a subflow (Diamy_Call_Retention → Diamy_Anonymize_Calls):
            // the subflow logs its own faults, and a subflow element has no fault connector.
            if (flow.doc.start.triggerType === 'Scheduled' && [flow.doc.subflows ?? []].flat().length > 0) continue;
            // A before-save flow that only assigns fields of the triggering record has nothing that can fault.
            assert.equal(flow.doc.start.triggerType, 'RecordBeforeSave', `${flow.name} has no data elements but is not before-save`);
            continue;
        }
        if (flow.doc.start.triggerType === 'RecordBeforeSave') {
            // A before-save flow cannot create records (only assign, decide, get and loop), so it cannot log: each Get
            // Records has a fault path to an assignment, so that a failed query saves the record instead of failing it.
            assert.deepEqual(
                elements.filter((e) => !(flow.doc.recordLookups ?? []).includes(e)).map((e) => e.name),
                [],
                `${flow.name}: a before-save flow only gets records`
            );
            const assignments = new Set((flow.doc.assignments ?? []).map((a) => a.name));
            for (const element of elements) {
                assert.ok(assignments.has(element.faultConnector?.targetReference), `${flow.name}.${element.name}: no fault path to an assignment`);
            }
            continue;
        }
        for (const element of elements.filter((e) => e.name !== 'Log_Failure')) {
            assert.equal(element.faultConnector?.targetReference, 'Log_Failure', `${flow.name}.${element.name}`);
        }
        const log = flow.doc.recordCreates.find((c) => c.name === 'Log_Failure');
        assert.equal(log.object, 'Diamy_Integration_Log__c');
        const fields = Object.fromEntries(log.inputAssignments.map((a) => [a.field, a.value[0]]));
        assert.equal(fields.Severity__c.stringValue, 'Error');
        assert.equal(fields.Payload__c.elementReference, '$Flow.FaultMessage');
        if (!flow.object) {
            // A flow run by a user (no triggering record): a setup problem of that user, logged against them.
            assert.equal(fields.Area__c.stringValue, 'Setup', flow.name);
            assert.equal(fields.Related_Record_Id__c.elementReference, '$User.Id', flow.name);
            continue;
        }
        // The call list result flow logs under its own area, Call list (docs/CALL-LISTS.md); the others under Logging.
        assert.equal(fields.Area__c.stringValue, flow.name === 'Diamy_Call_List_Result' ? 'Call_List' : 'Logging', flow.name);
        assert.equal(fields.Related_Record_Id__c.elementReference, '$Record.Id');
        if (flow.doc.start.object === 'Diamy_Call__c') {
            assert.equal(fields.Diamy_Call_Id__c.elementReference, '$Record.Diamy_Call_Id__c');
        }
    }
});

test('shipped rules use valid picklist values, outcomes and queues', () => {
    const outcomes = new Set(callFields.get('Outcome__c').values);
    assert.ok(rules.size >= 2);
    for (const [name, { values }] of rules) {
        for (const [field, value] of Object.entries(values)) {
            assert.ok(ruleFields.has(field), `${name}: unknown field ${field}`);
            const meta = ruleFields.get(field);
            if (meta.type === 'Picklist' && value !== null) {
                assert.ok(meta.values.includes(value), `${name}.${field} = ${value}`);
            }
        }
        for (const outcome of String(values.Outcome__c ?? '').split(';').map((o) => o.trim()).filter(Boolean)) {
            assert.ok(outcomes.has(outcome), `${name}: outcome ${outcome}`);
        }
        if (values.Assignee__c === 'Queue') {
            assert.ok(values.Queue_Developer_Name__c, `${name}: queue assignee without a queue`);
        }
        assert.equal(typeof values.Sort_Order__c, 'number', `${name}: Sort_Order__c`);
    }
    assert.equal(rules.get('Missed_Known_Caller').values.Active__c, true);
    assert.equal(rules.get('Voicemail').values.Active__c, true);
});

test('each record-triggered flow has FlowTests pointing at it, with assertions', () => {
    const dir = join(ROOT, 'org-tests', 'flowtests');
    const files = existsSync(dir) ? readdirSync(dir) : [];
    // FlowTests exist for record-triggered and autolaunched flows only; screen flows are tested elsewhere. An
    // autolaunched flow with no trigger (a subflow) is run by scenarios instead: the engine's FlowTest runner starts
    // from a triggering record.
    // A schedule-triggered flow has no triggering record for a FlowTest to build: the engine's scenarios run it
    // (automation/scenarios/retention.ts, step runScheduledFlow).
    for (const flow of flows.filter((f) => f.doc.processType !== 'Flow' && f.doc.start?.triggerType && f.doc.start.triggerType !== 'Scheduled')) {
        const tests = files.filter((f) => readFileSync(join(dir, f), 'utf8').includes(`<flowApiName>${flow.name}</flowApiName>`));
        assert.ok(tests.length >= 2, `${flow.name}: ${tests.length} flow tests`);
        for (const file of tests) {
            assert.match(readFileSync(join(dir, file), 'utf8'), /<assertions>/, file);
        }
    }
});

test('each subflow (autolaunched, no trigger) is run by a scenario of the flow engine', async () => {
    const sources = readdirSync(join(ROOT, 'automation', 'scenarios'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(ROOT, 'automation', 'scenarios', f), 'utf8'))
        .join('\n');
    const subflows = flows.filter((f) => f.doc.processType === 'AutoLaunchedFlow' && !f.doc.start?.triggerType);
    assert.ok(subflows.length >= 2);
    for (const flow of subflows) assert.match(sources, new RegExp(`flow: '${flow.name}'`), `${flow.name}: no runFlow step`);
});

test('each schedule-triggered flow is run by a scenario of the flow engine', () => {
    const sources = readdirSync(join(ROOT, 'automation', 'scenarios'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(ROOT, 'automation', 'scenarios', f), 'utf8'))
        .join('\n');
    const scheduled = flows.filter((f) => f.doc.start?.triggerType === 'Scheduled');
    assert.ok(scheduled.length >= 3);
    for (const flow of scheduled) assert.match(sources, new RegExp(`do: 'runScheduledFlow', flow: '${flow.name}'`), `${flow.name}: no runScheduledFlow step`);
});
