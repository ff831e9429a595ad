// What record-triggered flows (system context: no sharing, no field-level security) trust. A value an agent can type
// must never, on its own, choose which record a flow reads, updates or deletes: an agent who wrote any Task id into
// Diamy_Call__c.Task_Id__c used to make Diamy_Call_Log_Activity rewrite that Task (owner, subject, description).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadFlows } from '../lib/flowFormulas.mjs';
import { filterIsRequired } from '../lib/filterLogic.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';
import { STANDARD_OBJECTS } from '../../scripts/lib/org-rules/standard-schema.mjs';

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

/**
 * The filter's value is read from the triggering record: a $Record field, or a formula of the flow built from
 * $Record fields only (labels and constants aside), such as a key made of the call's Diamy id.
 */
function fromTriggeringRecord(flow, filter) {
    const ref = valueRef(filter);
    if (ref?.startsWith('$Record.')) return true;
    const formula = ref ? flow.formulas.get(ref) : undefined;
    if (!formula) return false;
    const merged = [...formula.expression.matchAll(/\{!([^}]+)\}/g)].map((m) => m[1].trim());
    return merged.some((name) => name.startsWith('$Record.')) && merged.every((name) => name.startsWith('$Record.') || name.startsWith('$Label.'));
}

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
                        fromTriggeringRecord(flow, other) &&
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

/** A standard field nobody can write through the API or a form (the cited Object Reference: no Create, no Update), e.g. Lead.ConvertedOpportunityId, set by lead conversion only. */
const platformOnly = (object, field) => {
    const meta = STANDARD_OBJECTS[object]?.fields?.[field];
    return meta !== undefined && meta.createable === false && meta.updateable === false;
};

/**
 * Id fields agents must write when they create the record (field-level security cannot make a field create-only), so
 * they stay editable. Each is accepted only with a binding the platform checks: a required filter on a lookup of the
 * triggering record (the user must be able to read the record a lookup names), and a decision that checks the record
 * found belongs to the triggering record's person. docs/CALL-LISTS.md, "What the result flow trusts".
 */
const AGENT_WRITTEN_IDS = new Map([
    [
        'Diamy_Call__c.Campaign_Member_Id__c',
        {
            binding: { field: 'CampaignId', value: '$Record.Campaign__c' },
            decision: 'Decide_Member_Trusted',
            checks: [
                ['varMember.ContactId', '$Record.Contact__c'],
                ['varMember.LeadId', '$Record.Lead__c']
            ]
        }
    ]
]);

test('an id agents write on create selects a record only within a lookup of the record and for its person', () => {
    const flow = recordTriggered.find((f) => f.name === 'Diamy_Call_List_Result');
    assert.ok(flow, 'the call list result flow is record-triggered');
    for (const [field, rule] of AGENT_WRITTEN_IDS) {
        const ref = `$Record.${field.split('.')[1]}`;
        const elements = filteredElements(flow).filter(({ element }) => element.filters.some((f) => f.field === 'Id' && valueRef(f) === ref));
        assert.ok(elements.length > 0, `${field} selects nothing in ${flow.name}`);
        for (const { element } of elements) {
            const index = element.filters.findIndex((f) => f.field === rule.binding.field && valueRef(f) === rule.binding.value && f.operator === 'EqualTo');
            assert.ok(index >= 0 && filterIsRequired(element.filterLogic, element.filters.length, index), `${element.name}: no required ${rule.binding.field} = ${rule.binding.value}`);
        }
        const decision = flow.doc.decisions.find((d) => d.name === rule.decision);
        const conditions = decision.rules.flatMap((r) => r.conditions);
        for (const [left, right] of rule.checks)
            assert.ok(
                conditions.some((c) => c.leftValueReference === left && c.operator === 'EqualTo' && (c.rightValue?.[0]?.elementReference ?? c.rightValue?.elementReference) === right),
                `${rule.decision} does not compare ${left} with ${right}`
            );
    }
});

test('a triggering-record field that a flow uses as a record id is read-only for agents (Diamy Agent field-level security)', () => {
    const problems = [];
    for (const flow of recordTriggered) {
        for (const { element } of filteredElements(flow)) {
            for (const filter of element.filters) {
                const ref = valueRef(filter);
                if (filter.field !== 'Id' || !ref?.startsWith('$Record.')) continue;
                const field = `${flow.object}.${ref.slice('$Record.'.length)}`;
                if (platformOnly(flow.object, ref.slice('$Record.'.length))) continue;
                if (AGENT_WRITTEN_IDS.has(field)) continue; // tested above
                if (agentFls.get(field) !== false)
                    problems.push(
                        `${flow.name}.${element.name}: agents can edit ${field} (${agentFls.has(field) ? 'editable' : 'no field permission entry'})`
                    );
            }
        }
    }
    assert.deepEqual(problems, []);
});

/** The package's validation rules by object, with the custom fields each formula reads. */
function validationRulesByObject() {
    const objectsDir = join(ROOT, 'force-app/main/default/objects');
    const rules = new Map();
    for (const object of readdirSync(objectsDir)) {
        const dir = join(objectsDir, object, 'validationRules');
        if (!existsSync(dir)) continue;
        for (const file of readdirSync(dir)) {
            const formula = readFileSync(join(dir, file), 'utf8').match(/<errorConditionFormula>([\s\S]*?)<\/errorConditionFormula>/)?.[1] ?? '';
            const fields = new Set([...formula.matchAll(/(?<![$.\w])([A-Za-z][A-Za-z0-9_]*__c)\b/g)].map((m) => m[1]));
            rules.set(object, [...(rules.get(object) ?? []), { name: file.replace('.validationRule-meta.xml', ''), fields }]);
        }
    }
    return rules;
}

/** Fields each flow writes on each object: Create/Update Records assignments, and fields assigned to record variables it saves. */
function fieldsFlowsWrite(flow) {
    const writes = [];
    const objectOf = (reference) => {
        if (reference === '$Record') return flow.object;
        const variable = (flow.doc.variables ?? []).find((v) => v.name === reference);
        return variable?.objectType ?? null;
    };
    for (const kind of ['recordCreates', 'recordUpdates']) {
        for (const element of flow.doc[kind] ?? []) {
            const object = element.object ?? objectOf(element.inputReference);
            for (const assignment of element.inputAssignments ?? []) writes.push({ element: element.name, object, field: assignment.field });
            if (element.inputReference) {
                for (const item of (flow.doc.assignments ?? []).flatMap((a) => a.assignmentItems ?? [])) {
                    const [variable, field] = String(item.assignToReference).split('.');
                    if (field && objectOf(variable) === object && (variable === element.inputReference || variable.startsWith('var')))
                        writes.push({ element: element.name, object, field });
                }
            }
        }
    }
    return writes;
}

/**
 * A flow write of a field a rule reads, allowed because the flow writes it only under the rule's own exemption: the
 * result flow releases a member's claim only when the call's agent holds it and the running user is that agent or
 * has Manage Diamy Calls (fxReleaseClaim), exactly when Diamy_Claim_Held lets a claim go. The scenario "another
 * agent's claim is left alone…" (automation/scenarios/callLists.ts) runs it against the rule.
 */
const GUARDED_WRITES = [
    { flow: 'Diamy_Call_List_Result', field: 'CampaignMember.Diamy_Claimed_By__c', rule: 'Diamy_Claim_Held', assignment: 'Assign_Release_Claim', decision: 'Decide_Release_Claim', formula: 'fxReleaseClaim' },
    { flow: 'Diamy_Call_List_Result', field: 'CampaignMember.Diamy_Claimed_At__c', rule: 'Diamy_Claim_Held', assignment: 'Assign_Release_Claim', decision: 'Decide_Release_Claim', formula: 'fxReleaseClaim' }
];

test('a guarded write of a field a rule reads only clears it, behind a decision that mirrors the rule’s exemption', () => {
    for (const guard of GUARDED_WRITES) {
        const flow = loadFlows().find((f) => f.name === guard.flow);
        const assignment = flow.doc.assignments.find((a) => a.name === guard.assignment);
        const item = assignment.assignmentItems.find((i) => i.assignToReference.endsWith(`.${guard.field.split('.')[1]}`));
        assert.ok(item && item.value === undefined, `${guard.assignment} must clear ${guard.field} (no value)`);
        const writers = flow.doc.assignments.filter((a) => (a.assignmentItems ?? []).some((i) => String(i.assignToReference).endsWith(`.${guard.field.split('.')[1]}`)));
        assert.deepEqual(writers.map((a) => a.name), [guard.assignment], `only ${guard.assignment} writes ${guard.field}`);
        const decision = flow.doc.decisions.find((d) => d.name === guard.decision);
        const into = decision.rules.filter((r) => r.connector?.targetReference === guard.assignment);
        assert.equal(into.length, 1);
        assert.deepEqual(into[0].conditions.map((c) => c.leftValueReference), [guard.formula]);
        const expression = flow.formulas.get(guard.formula).expression;
        for (const part of ['{!$User.Id}', '{!$Permission.Diamy_Manage_Calls}', '{!varMember.Diamy_Claimed_By__c} = {!$Record.Agent__c}'])
            assert.ok(expression.includes(part), `${guard.formula} lacks ${part}`);
        const targets = [...JSON.stringify(flow.doc).matchAll(new RegExp(`"targetReference":"${guard.assignment}"`, 'g'))];
        assert.equal(targets.length, 1, `${guard.assignment} is reached only from ${guard.decision}`);
    }
});

/**
 * Data-protection writes of fields the call rules read (docs/DATA-PROTECTION.md). Each only clears (no value), apart
 * from the stamp, and each rule it touches lets exactly that save through, for the reason given: `exemption` is text
 * the rule's formula must contain. Agents cannot take the exemption themselves: Anonymized_At__c is read-only in every
 * permission set (permissionSets.test.mjs), and a recording link may be cleared only past its retention anyway.
 */
const ANONYMIZATION_WRITES = [
    {
        flow: 'Diamy_Anonymize_Calls',
        element: 'Update_Calls',
        stamps: { Anonymized_At__c: '$Flow.CurrentDateTime', Anonymization_Reason__c: 'reason' },
        rules: {
            Diamy_Call_Facts_Locked: 'ISBLANK(PRIORVALUE(Anonymized_At__c)), NOT(ISBLANK(Anonymized_At__c))',
            Diamy_Call_Disposition_Required: 'NOT(AND(ISBLANK(PRIORVALUE(Anonymized_At__c)), NOT(ISBLANK(Anonymized_At__c))))',
            // Checks only values that are not blank: a cleared number passes.
            Diamy_Call_Values_Well_Formed: 'AND(NOT(ISBLANK(From_Number__c)),',
            // The first stamp, with a reason, is what the rule allows; the update's filter (Anonymized_At__c IsNull) makes it the first.
            Diamy_Call_Anonymized_Final: 'NOT(ISBLANK(PRIORVALUE(Anonymized_At__c)))'
        }
    },
    {
        flow: 'Diamy_Recording_Retention',
        element: 'Clear_Recording',
        stamps: {},
        rules: { Diamy_Call_Facts_Locked: 'NOT(AND(ISBLANK(Recording_URL__c), OR(Recording_Retention_Due__c, ISCHANGED(Anonymized_At__c))))' }
    }
];

/** Runs of whitespace (line breaks, indentation) as one space. */
const squash = (text) => text.replace(/\s+/g, ' ').trim();

test('a data-protection write of a field a rule reads only clears it, stamps as declared, and the rule names that save', () => {
    const formulas = new Map();
    const dir = join(ROOT, 'force-app/main/default/objects/Diamy_Call__c/validationRules');
    for (const file of readdirSync(dir))
        formulas.set(file.replace('.validationRule-meta.xml', ''), readFileSync(join(dir, file), 'utf8').match(/<errorConditionFormula>([\s\S]*?)<\/errorConditionFormula>/)[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
    for (const write of ANONYMIZATION_WRITES) {
        const flow = loadFlows().find((f) => f.name === write.flow);
        const element = flow.doc.recordUpdates.find((u) => u.name === write.element);
        assert.equal(element.object, 'Diamy_Call__c');
        for (const assignment of element.inputAssignments) {
            const stamp = write.stamps[assignment.field];
            if (stamp) assert.equal(valueRef(assignment), stamp, `${write.element}.${assignment.field}`);
            else assert.equal(assignment.value, undefined, `${write.element} must only clear ${assignment.field}`);
        }
        // Whitespace normalised on both sides: re-indenting a rule's formula does not break the check.
        for (const [rule, exemption] of Object.entries(write.rules))
            assert.ok(squash(formulas.get(rule) ?? '').includes(squash(exemption)), `${rule} lacks ${exemption}`);
        if (write.stamps.Anonymized_At__c)
            assert.ok(element.filters.some((f) => f.field === 'Anonymized_At__c' && f.operator === 'IsNull' && String(f.value?.[0]?.booleanValue ?? f.value?.booleanValue) === 'true'), `${write.element} updates only calls not anonymized yet`);
    }
    const recording = loadFlows().find((f) => f.name === 'Diamy_Recording_Retention');
    assert.ok([recording.doc.start.filters].flat().some((f) => f.field === 'Recording_Retention_Due__c'), 'the recording flow reads only calls past retention');
});

test('no flow writes a field a package validation rule reads: the rule would refuse the flow for the agent who started it', () => {
    const rules = validationRulesByObject();
    assert.ok((rules.get('Diamy_Call__c') ?? []).length >= 4, 'the call rules are read');
    const problems = [];
    let checked = 0;
    for (const flow of loadFlows()) {
        for (const write of fieldsFlowsWrite(flow)) {
            checked++;
            for (const rule of rules.get(write.object) ?? [])
                if (
                    rule.fields.has(write.field) &&
                    !GUARDED_WRITES.some((g) => g.flow === flow.name && g.field === `${write.object}.${write.field}` && g.rule === rule.name) &&
                    !ANONYMIZATION_WRITES.some((a) => a.flow === flow.name && a.element === write.element && rule.name in a.rules)
                )
                    problems.push(`${flow.name}.${write.element} writes ${write.object}.${write.field}, which ${rule.name} reads`);
        }
    }
    assert.ok(checked >= 10, `only ${checked} flow writes found`);
    assert.deepEqual(problems, []);
});

test('agents cannot grant themselves what the call rules reserve: Manage Diamy Calls is in Diamy Admin and Diamy Integration only', () => {
    const grants = (set) =>
        readFileSync(join(ROOT, `force-app/main/default/permissionsets/${set}.permissionset-meta.xml`), 'utf8').includes(
            '<name>Diamy_Manage_Calls</name>'
        );
    assert.equal(grants('Diamy_Agent'), false);
    assert.equal(grants('Diamy_Admin'), true);
    assert.equal(grants('Diamy_Integration'), true);
});

test('conversion: a new opportunity is credited only to a call of its own account, and a converted lead’s only to its own call', () => {
    const byName = (name) => recordTriggered.find((f) => f.name === name);
    const filters = (flow, element) =>
        flow.doc.recordLookups.concat(flow.doc.recordUpdates ?? []).find((e) => e.name === element).filters.map((f) => [f.field, f.operator, valueRef(f) ?? null]);
    const opportunity = byName('Diamy_Opportunity_Source_Call');
    assert.deepEqual(filters(opportunity, 'Get_Source_Call'), [
        ['Account__c', 'EqualTo', '$Record.AccountId'],
        ['Started_At__c', 'GreaterThanOrEqualTo', 'fxWindowStart'],
        ['Started_At__c', 'LessThanOrEqualTo', '$Flow.CurrentDateTime']
    ]);
    const lead = byName('Diamy_Lead_Converted_Source_Call');
    assert.deepEqual(filters(lead, 'Get_Lead_Call'), [
        ['Lead__c', 'EqualTo', '$Record.Id'],
        ['Started_At__c', 'GreaterThanOrEqualTo', 'fxWindowStart'],
        ['Started_At__c', 'LessThanOrEqualTo', '$Flow.CurrentDateTime']
    ]);
    // The opportunity updated is the conversion's own (Converted…Id: written by the conversion only), of the converted account.
    assert.deepEqual(filters(lead, 'Credit_Opportunity'), [
        ['Id', 'EqualTo', '$Record.ConvertedOpportunityId'],
        ['AccountId', 'EqualTo', '$Record.ConvertedAccountId'],
        ['Diamy_Source_Call__c', 'IsNull', null]
    ]);
    assert.ok(platformOnly('Lead', 'ConvertedOpportunityId') && platformOnly('Lead', 'ConvertedAccountId'));
    // Agents read the credit but cannot move it to their own calls; the call's start is Diamy's fact (locked after creation).
    assert.equal(agentFls.get('Opportunity.Diamy_Source_Call__c'), false);
    assert.ok(
        (validationRulesByObject().get('Diamy_Call__c') ?? []).some((rule) => rule.name === 'Diamy_Call_Facts_Locked' && rule.fields.has('Started_At__c')),
        'a call’s start is locked after creation'
    );
});

/**
 * Writes of a person (Contact, Lead) by a flow triggered on another object, with the reason each is allowed. The
 * call-list stamps: Diamy_Call__c is private, so an agent's browser sees only their own calls; the 4-calls-in-30-days
 * rule and the refusal cooldown read these two fields, which only the result flow writes (system context), for the
 * member it checked to be the call's contact or lead (docs/CALL-LISTS.md, docs/CALL-LISTS-LAW.md).
 */
const PERSON_WRITES = [
    { flow: 'Diamy_Call_List_Result', object: 'Contact', fields: ['Diamy_Prospecting_Calls__c', 'Diamy_Prospecting_Refused_At__c'], id: 'varMember.ContactId' },
    { flow: 'Diamy_Call_List_Result', object: 'Lead', fields: ['Diamy_Prospecting_Calls__c', 'Diamy_Prospecting_Refused_At__c'], id: 'varMember.LeadId' }
];
test('a flow triggered on another object writes a contact or lead only as allowed, and only the member it checked', () => {
    const problems = [];
    for (const flow of recordTriggered) {
        if (flow.object === 'Contact' || flow.object === 'Lead') continue;
        for (const write of fieldsFlowsWrite(flow)) {
            if ((write.object !== 'Contact' && write.object !== 'Lead') || write.field === 'Id') continue;
            const allowed = PERSON_WRITES.find((w) => w.flow === flow.name && w.object === write.object);
            if (!allowed?.fields.includes(write.field)) problems.push(`${flow.name}.${write.element} writes ${write.object}.${write.field}`);
        }
    }
    assert.deepEqual(problems, []);
    const flow = recordTriggered.find((f) => f.name === 'Diamy_Call_List_Result');
    for (const allowed of PERSON_WRITES) {
        const lookup = flow.doc.recordLookups.find((l) => l.object === allowed.object);
        assert.deepEqual(lookup.filters.map((f) => [f.field, f.operator, valueRef(f)]), [['Id', 'EqualTo', allowed.id]], `${lookup.name} reads the checked member's ${allowed.object}`);
        const idItem = flow.doc.assignments.flatMap((a) => a.assignmentItems ?? []).find((i) => i.assignToReference === `var${allowed.object}Update.Id`);
        assert.equal(idItem?.value?.elementReference ?? idItem?.value?.[0]?.elementReference, `var${allowed.object}.Id`);
        // The lookup is reached only after the member was trusted and updated.
        const updateMember = flow.doc.recordUpdates.find((u) => u.name === 'Update_Member');
        assert.equal(updateMember.connector?.targetReference, 'Decide_Stamp_Person');
    }
});
