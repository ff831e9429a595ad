// The offline flow engine (automation/engine): what its in-memory org refuses, how interviews run in bulk, and
// that the suite fails on the three mutants the engine exists for. That the suite itself passes is the gate step
// before this one (npm run flowtests), not repeated here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../engine/index.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';

const engine = await loadEngine();
const { schema, flows } = engine.loadPackage();
/** A runtime whose org administrator has Diamy Admin (Manage Diamy Calls: saves calls for anyone, from any source). */
const asDiamyAdmin = (rt) => {
    rt.org.grantPermission(rt.org.currentUserId, 'Diamy_Manage_Calls');
    return rt;
};
const runtime = () => asDiamyAdmin(new engine.FlowRuntime(schema, flows));
const call = (id, changes = {}) => ({
    sobjectType: 'Diamy_Call__c',
    fields: {
        Diamy_Call_Id__c: id,
        Direction__c: 'Inbound',
        Outcome__c: 'Answered',
        From_Number_E164__c: '+33123456789',
        Started_At__c: '2025-03-14T09:58:00Z',
        Ended_At__c: '2025-03-14T10:04:10Z',
        Talk_Seconds__c: 360,
        Source__c: 'Softphone',
        ...changes
    }
});
const errorsOf = (results) => results.flatMap((r) => r.errors.map((e) => e.statusCode));

test('the engine type-checks under strict TypeScript', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'automation', 'tsconfig.json'), '--pretty', 'false'], {
        encoding: 'utf8'
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('custom labels carry their English value and French translation, as flows read them for each user', () => {
    const xml = readFileSync(join(ROOT, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml'), 'utf8');
    const english = new Map(
        [...xml.matchAll(/<fullName>([^<]+)<\/fullName>[\s\S]*?<value>([^<]*)<\/value>/g)].map((m) => [m[1], m[2]])
    );
    assert.ok(english.size > 0);
    for (const [name, value] of english)
        assert.equal(
            schema.labels.get(name)?.value,
            value
                .replaceAll('&apos;', "'")
                .replaceAll('&quot;', '"')
                .replaceAll('&amp;', '&')
                .replaceAll('&lt;', '<')
                .replaceAll('&gt;', '>'),
            name
        );
    const label = schema.labels.get('Diamy_Flow_FollowUp_Closed_Failed');
    assert.match(label.value, /^Could not update .*\{0\}$/);
    assert.match(label.translations.fr, /^Impossible de mettre à jour .*\{0\}$/);
});

test('the org refuses what Salesforce refuses: unknown field, restricted picklist, wrong lookup, too long, required, duplicate unique value', () => {
    const { org } = runtime();
    assert.deepEqual(errorsOf(org.insert([call('dmy-a', { Color__c: 'red' })])), ['INVALID_FIELD']);
    assert.deepEqual(errorsOf(org.insert([call('dmy-b', { Direction__c: 'Sideways' })])), [
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
    ]);
    const account = org.insert([{ sobjectType: 'Account', fields: { Name: 'Acme' } }])[0].id;
    assert.deepEqual(errorsOf(org.insert([call('dmy-c', { Contact__c: account })])), ['FIELD_INTEGRITY_EXCEPTION']);
    assert.deepEqual(errorsOf(org.insert([call('dmy-d', { Caller_Name__c: 'x'.repeat(300) })])), ['STRING_TOO_LONG']);
    assert.deepEqual(errorsOf(org.insert([{ sobjectType: 'Contact', fields: { FirstName: 'No' } }])), ['REQUIRED_FIELD_MISSING']);
    assert.equal(org.insert([call('dmy-e')])[0].success, true);
    assert.deepEqual(errorsOf(org.insert([call('dmy-e')])), ['DUPLICATE_VALUE']);
    assert.equal(org.insert([call('DMY-E')])[0].success, true, 'Diamy_Call_Id__c is unique and case-sensitive');
    assert.equal(org.upsert([call('DMY-E', { Notes__c: 'upserted' })], 'Diamy_Call_Id__c')[0].created, false);
    assert.equal(
        org.query({ object: 'Diamy_Call__c', filters: [{ field: 'Diamy_Call_Id__c', operator: 'EqualTo', value: 'dmy-E' }] })
            .length,
        0,
        'a case-sensitive unique field compares exactly'
    );
});

test('the package’s validation rule runs on every save, and an admin’s rule is evaluated for the running user ($Permission)', () => {
    const { org } = runtime();
    assert.deepEqual(errorsOf(org.insert([call(null)])), ['FIELD_CUSTOM_VALIDATION_EXCEPTION'], 'Diamy_Call_Id_Required');
    const rules = schema.objects.get('Diamy_Call__c').validationRules;
    rules.push({
        name: 'Notes_Locked',
        active: true,
        formula: 'AND(ISCHANGED(Notes__c), NOT($Permission.Diamy_Notes))',
        message: 'locked'
    });
    try {
        const agent = org.addUser({ Id: '', LastName: 'Agent' });
        const trusted = org.addUser({ Id: '', LastName: 'Trusted', permissions: ['Diamy_Notes'] });
        const id = org.insert([call('dmy-vr', { Agent__c: agent })], { as: agent })[0].id;
        assert.deepEqual(
            errorsOf(org.update([{ sobjectType: 'Diamy_Call__c', fields: { Id: id, Notes__c: 'x' } }], { as: agent })),
            ['FIELD_CUSTOM_VALIDATION_EXCEPTION']
        );
        assert.equal(
            org.update([{ sobjectType: 'Diamy_Call__c', fields: { Id: id, Notes__c: 'x' } }], { as: trusted })[0].success,
            true
        );
    } finally {
        rules.pop();
    }
});

test('Task rules of the platform: TaskSubtype is set on create only; a task about a lead has no Related To', () => {
    const { org } = runtime();
    const lead = org.insert([{ sobjectType: 'Lead', fields: { LastName: 'Petit', Company: 'Petit SARL' } }])[0].id;
    const account = org.insert([{ sobjectType: 'Account', fields: { Name: 'Acme' } }])[0].id;
    assert.deepEqual(errorsOf(org.insert([{ sobjectType: 'Task', fields: { Subject: 'x', WhoId: lead, WhatId: account } }])), [
        'FIELD_INTEGRITY_EXCEPTION'
    ]);
    const task = org.insert([{ sobjectType: 'Task', fields: { Subject: 'x', TaskSubtype: 'Call' } }])[0].id;
    assert.deepEqual(errorsOf(org.update([{ sobjectType: 'Task', fields: { Id: task, TaskSubtype: 'Email' } }])), [
        'INVALID_FIELD_FOR_INSERT_UPDATE'
    ]);
});

test('allOrNone rolls the whole statement back, flows’ work included; allOrNone false keeps the records that succeeded', () => {
    const { org } = runtime();
    const both = org.insert([call('dmy-ok'), call(null)]);
    assert.deepEqual(
        both.map((r) => r.success),
        [false, false]
    );
    assert.equal(org.all('Diamy_Call__c').length, 0);
    assert.equal(org.all('Task').length, 0, 'the Task the flow created for the good record is rolled back too');
    const partial = org.insert([call('dmy-ok'), call(null)], { allOrNone: false });
    assert.deepEqual(
        partial.map((r) => r.success),
        [true, false]
    );
    assert.equal(org.all('Task').length, 1);
});

test('bulk: interviews of one batch run in lockstep, so each Get Records sees the data before any of them creates', () => {
    const rt = runtime();
    const flow = engine.parseFlow(
        `<?xml version="1.0" encoding="UTF-8"?><Flow xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><label>Probe</label><processType>AutoLaunchedFlow</processType>
<recordLookups><name>Get_Logs</name><label>g</label><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Decide</targetReference></connector><filterLogic>and</filterLogic><filters><field>Source__c</field><operator>EqualTo</operator><value><stringValue>Probe</stringValue></value></filters><getFirstRecordOnly>true</getFirstRecordOnly><object>Diamy_Integration_Log__c</object><storeOutputAutomatically>true</storeOutputAutomatically></recordLookups>
<decisions><name>Decide</name><label>d</label><locationX>0</locationX><locationY>0</locationY><rules><name>None</name><conditionLogic>and</conditionLogic><conditions><leftValueReference>Get_Logs</leftValueReference><operator>IsNull</operator><rightValue><booleanValue>true</booleanValue></rightValue></conditions><connector><targetReference>Create_Log</targetReference></connector><label>n</label></rules></decisions>
<recordCreates><name>Create_Log</name><label>c</label><locationX>0</locationX><locationY>0</locationY><inputAssignments><field>Source__c</field><value><stringValue>Probe</stringValue></value></inputAssignments><object>Diamy_Integration_Log__c</object></recordCreates>
<start><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Get_Logs</targetReference></connector></start><status>Active</status></Flow>`,
        'Probe.flow-meta.xml'
    );
    const interviews = [1, 2, 3].map(() => new engine.Interview(flow, rt, { userId: rt.org.currentUserId }));
    engine.runInterviews(interviews, rt);
    assert.equal(rt.org.all('Diamy_Integration_Log__c').length, 3, 'three interviews, three creates: none saw the others');
    const alone = new engine.Interview(flow, rt, { userId: rt.org.currentUserId });
    engine.runInterviews([alone], rt);
    assert.equal(rt.org.all('Diamy_Integration_Log__c').length, 3, 'a later interview sees them');
});

test('governor limits: 200 calls saved together stay bulkified; a query per record would pass 100 queries and fail the whole save', () => {
    const rt = runtime();
    const results = rt.org.insert(
        Array.from({ length: 200 }, (_, i) => call(`dmy-bulk-${i}`, { Outcome__c: 'Missed' })),
        { allOrNone: false }
    );
    assert.ok(results.every((r) => r.success));
    assert.ok(rt.org.usage.soqlQueries <= 15, `${rt.org.usage.soqlQueries} SOQL queries for 200 calls`);
    assert.ok(rt.org.usage.dmlStatements <= 15, `${rt.org.usage.dmlStatements} DML statements for 200 calls`);
    // A query inside a loop: one query per account, 101 accounts.
    for (let i = 0; i < 101; i++) rt.org.seed('Account', { Name: `Account ${i}` });
    const loopy = engine.parseFlow(
        `<?xml version="1.0" encoding="UTF-8"?><Flow xmlns="http://soap.sforce.com/2006/04/metadata"><label>Loopy</label><processType>AutoLaunchedFlow</processType>
<loops><name>Each_Account</name><label>l</label><locationX>0</locationX><locationY>0</locationY><assignNextValueToReference>varAccount</assignNextValueToReference><collectionReference>Get_Accounts</collectionReference><iterationOrder>Asc</iterationOrder><nextValueConnector><targetReference>Get_Contacts</targetReference></nextValueConnector></loops>
<recordLookups><name>Get_Accounts</name><label>a</label><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Each_Account</targetReference></connector><getFirstRecordOnly>false</getFirstRecordOnly><object>Account</object><storeOutputAutomatically>true</storeOutputAutomatically></recordLookups>
<recordLookups><name>Get_Contacts</name><label>c</label><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Each_Account</targetReference></connector><filterLogic>and</filterLogic><filters><field>AccountId</field><operator>EqualTo</operator><value><elementReference>varAccount.Id</elementReference></value></filters><getFirstRecordOnly>false</getFirstRecordOnly><object>Contact</object><storeOutputAutomatically>true</storeOutputAutomatically></recordLookups>
<start><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Get_Accounts</targetReference></connector></start><status>Active</status>
<variables><name>varAccount</name><dataType>SObject</dataType><isCollection>false</isCollection><isInput>false</isInput><isOutput>false</isOutput><objectType>Account</objectType></variables></Flow>`,
        'Loopy.flow-meta.xml'
    );
    Object.assign(rt.org.usage, { soqlQueries: 0 });
    assert.throws(
        () => engine.runInterviews([new engine.Interview(loopy, rt, { userId: rt.org.currentUserId })], rt),
        /Too many SOQL queries: 101/
    );
});

test('a Get Records filter on a null value fails the element (Salesforce Help, Data Considerations for Flows)', () => {
    const rt = runtime();
    const flow = rt.flow('Diamy_Call_Log_Activity');
    const interview = new engine.Interview(flow, rt, {
        record: call('dmy-n', { Id: 'a01000000000999AAA' }),
        userId: rt.org.currentUserId,
        startAt: 'Get_Linked_Task'
    });
    engine.runInterviews([interview], rt);
    assert.ok(interview.faulted.has('Get_Linked_Task'), 'Task_Id__c is null');
    assert.match(interview.faultMessage, /null value/);
});

test('a boolean that was never set is not false; a Get Records that finds nothing gives null, for a collection too', () => {
    const rt = runtime();
    const flow = rt.flow('Diamy_Call_Follow_Up');
    const interview = new engine.Interview(flow, rt, { record: call('dmy-x'), userId: rt.org.currentUserId });
    assert.equal(
        interview.condition({ left: 'varKeeperFound', operator: 'EqualTo', right: { literal: false, literalType: 'Boolean' } }),
        true,
        'it has a default'
    );
    interview.vars.set('varKeeperFound', null);
    assert.equal(
        interview.condition({ left: 'varKeeperFound', operator: 'EqualTo', right: { literal: false, literalType: 'Boolean' } }),
        false
    );
    assert.equal(interview.get('Get_Open_Follow_Ups'), null);
});

test('before-save flows may only assign, decide, get and loop', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Flow xmlns="http://soap.sforce.com/2006/04/metadata"><label>B</label><processType>AutoLaunchedFlow</processType>
<recordCreates><name>Create_Log</name><label>c</label><locationX>0</locationX><locationY>0</locationY><object>Diamy_Integration_Log__c</object></recordCreates>
<start><locationX>0</locationX><locationY>0</locationY><object>Contact</object><recordTriggerType>Create</recordTriggerType><triggerType>RecordBeforeSave</triggerType></start><status>Active</status></Flow>`;
    assert.throws(() => engine.parseFlow(xml, 'B.flow-meta.xml'), /before-save flow but has recordCreate/);
});

test('formulas evaluated from cached parse trees give what formulon.parse gives', () => {
    const cases = [
        ['LEFT({!a} & " – " & {!b}, 10)', { a: ['text', 'Appel entrant'], b: ['text', 'Jean'] }],
        ['IF(ISBLANK({!n}), 0, {!n} * 2)', { n: ['number', null] }],
        ['DATEVALUE({!t}) + 1', { t: ['datetime', '2025-03-14T23:30:00.000Z'] }],
        ['CASE(TEXT({!p}), "Missed", 1, 2)', { p: ['picklist', 'Missed'] }]
    ];
    for (const [source, values] of cases) {
        const compiled = engine.compileFlowFormula(source);
        const resolve = (reference) => ({ type: values[reference.path][0], value: values[reference.path][1] });
        const fast = engine.evaluate(compiled, resolve).value;
        const slow = engine.evaluate(engine.compileFlowFormula(source), resolve, undefined, { viaParse: true }).value;
        assert.deepEqual(fast, slow, source);
    }
});

test('re-entry: a call’s own link-back update re-enters its after-save flows; a phone-key save does not, so it runs under one reading', () => {
    const calls = runtime();
    calls.org.insert([call('dmy-reentry')]);
    assert.ok(calls.reentrantSaves > 0, 'Diamy Call → Activity updates the call whose after-save flows run');
    const contacts = runtime();
    contacts.org.insert([{ sobjectType: 'Contact', fields: { LastName: 'Dupont', Phone: '01 23 45 67 89' } }]);
    assert.equal(contacts.reentrantSaves, 0);
    const suite = engine.runSuite(
        undefined,
        engine.SCENARIOS.filter((s) => /phone keys of the BE|server batch/.test(s.name))
    );
    assert.deepEqual(
        suite.scenarios.map((s) => [s.scenario, s.reentry]),
        [
            ['server batch of 200 calls', 'rerun'],
            ['server batch of 200 calls', 'skip'],
            ['phone keys of the BE corpus', 'rerun']
        ]
    );
});

test('a record-triggered flow must query a large object selectively: an indexed filter every match satisfies', () => {
    const sources = engine.flowSources();
    const file = [...sources.keys()].find((f) => f.endsWith('Diamy_Call_Log_Activity.flow-meta.xml'));
    const original = sources.get(file);
    const block = (xml) => xml.slice(xml.indexOf('<name>Get_Call_Task</name>'));
    const variant = (edit) => {
        const xml = original.slice(0, original.indexOf('<name>Get_Call_Task</name>')) + edit(block(original));
        assert.notEqual(xml, original);
        return new Map(sources).set(file, xml);
    };
    const logOf = (flowSources, large) => {
        const loaded = engine.loadPackage(flowSources);
        const rt = asDiamyAdmin(new engine.FlowRuntime(loaded.schema, loaded.flows));
        for (const object of large) rt.org.largeObjects.add(object);
        rt.org.insert([call('dmy-selective')]);
        return rt.org.all('Diamy_Integration_Log__c').map((l) => l.fields.Payload__c);
    };
    // As shipped: CallObject (not indexed) AND CreatedDate (indexed) — selective.
    assert.deepEqual(logOf(sources, ['Task', 'Diamy_Call__c']), []);
    // Without the CreatedDate bound: fine on a small Task table, refused on a large one (the fault path logs it).
    const noDate = variant((b) => b.replace(/<filters>\s*<field>CreatedDate<\/field>[\s\S]*?<\/filters>/, ''));
    assert.deepEqual(logOf(noDate, []), []);
    assert.match(logOf(noDate, ['Task'])[0] ?? '', /Non-selective query against large object type/);
    // An indexed filter under OR does not make the query selective.
    const either = variant((b) => b.replace('<filterLogic>and</filterLogic>', '<filterLogic>or</filterLogic>'));
    assert.match(logOf(either, ['Task'])[0] ?? '', /Non-selective query/);
    // Outside record-triggered automation the rule does not apply.
    const rt = new engine.FlowRuntime(schema, flows);
    rt.org.largeObjects.add('Task');
    assert.deepEqual(rt.org.query({ object: 'Task', filters: [{ field: 'CallObject', operator: 'EqualTo', value: 'x' }] }), []);
});

/** The package's flows plus the engine fixtures of automation/tests/fixtures/flows (not shipped). */
function withFixtures() {
    const dir = join(ROOT, 'automation', 'tests', 'fixtures', 'flows');
    const sources = engine.flowSources();
    for (const file of readdirSync(dir)) sources.set(join(dir, file), readFileSync(join(dir, file), 'utf8'));
    const loaded = engine.loadPackage(sources);
    return asDiamyAdmin(new engine.FlowRuntime(loaded.schema, loaded.flows));
}

test('asynchronous and scheduled paths wait for the commit and their time, then run over the record as it is then', () => {
    const rt = withFixtures();
    const [missed] = rt.org.insert([call('dmy-paths', { Outcome__c: 'Missed', Ended_At__c: '2025-03-14T10:00:00Z' })]);
    rt.org.insert([call('dmy-paths-answered')]);
    assert.equal(rt.org.get(missed.id).fields.Notes__c ?? null, null, 'nothing runs inside the transaction');
    assert.equal(rt.queue.length, 2, 'one asynchronous and one scheduled path, for the missed call only');
    assert.equal(rt.runQueuedPaths(), 1, 'only the asynchronous path is due');
    assert.equal(rt.org.get(missed.id).fields.Notes__c, 'async ran');
    assert.equal(rt.org.all('Diamy_Integration_Log__c').length, 0);
    rt.org.now = new Date('2025-03-15T09:59:00Z');
    assert.equal(rt.runQueuedPaths(), 0, 'a minute before the day is up');
    rt.org.now = new Date('2025-03-15T10:00:00Z');
    assert.equal(rt.runQueuedPaths(), 1);
    const logs = rt.org.all('Diamy_Integration_Log__c');
    assert.deepEqual(
        logs.map((l) => [l.fields.Message__c, l.fields.Related_Record_Id__c]),
        [['day after', missed.id]]
    );
    assert.equal(rt.runQueuedPaths(), 0, 'a path runs once');
});

test('a scheduled path of a record deleted before it is due does not run', () => {
    const rt = withFixtures();
    const [missed] = rt.org.insert([call('dmy-gone', { Outcome__c: 'Missed', Ended_At__c: '2025-03-14T10:00:00Z' })]);
    rt.org.delete([missed.id]);
    rt.org.now = new Date('2025-03-16T00:00:00Z');
    assert.equal(rt.runQueuedPaths(), 0);
    assert.equal(rt.org.all('Diamy_Integration_Log__c').length, 0);
});

test('a schedule-triggered flow runs over the records meeting its filters, each calling a subflow with inputs and outputs', () => {
    const rt = withFixtures();
    const results = rt.org.insert([
        call('dmy-sweep-1', { Outcome__c: 'Missed' }),
        call('dmy-sweep-2'),
        call('dmy-sweep-3', { Outcome__c: 'Missed' })
    ]);
    const interviews = rt.runScheduledFlow('Fixture_Missed_Sweep', rt.org.currentUserId);
    assert.equal(interviews.length, 2);
    assert.ok(
        interviews.every((i) => i.status === 'finished'),
        interviews.map((i) => i.error).join(' | ')
    );
    const notes = results.map((r) => rt.org.get(r.id).fields.Notes__c ?? null);
    assert.deepEqual(notes, ['Rappeler (dmy-sweep-1)', null, 'Rappeler (dmy-sweep-3)']);
});

test('a schedule-triggered flow runs its records in batches of 200: one DML statement per element and batch', () => {
    const rt = withFixtures();
    rt.org.insert(Array.from({ length: 450 }, (_, i) => call(`dmy-sweep-bulk-${i}`, { Outcome__c: 'Missed' })));
    const sizes = [];
    const update = rt.org.update.bind(rt.org);
    rt.org.update = (records, options) => {
        if (records[0]?.sobjectType === 'Diamy_Call__c') sizes.push(records.length);
        return update(records, options);
    };
    const interviews = rt.runScheduledFlow('Fixture_Missed_Sweep', rt.org.currentUserId);
    assert.equal(interviews.length, 450);
    assert.ok(interviews.every((i) => i.status === 'finished'), interviews.map((i) => i.error).join(' | '));
    assert.deepEqual(sizes, [200, 200, 50], 'the calls are updated 200 at a time');
    assert.equal(rt.log.filter((entry) => entry.flow === 'Fixture_Missed_Sweep').length, 450, 'every interview is logged');
});

test('only an active schedule-triggered flow runs as one', () => {
    const rt = withFixtures();
    assert.throws(() => rt.runScheduledFlow('Diamy_Call_Log_Activity', rt.org.currentUserId), /not a schedule-triggered flow/);
    rt.flows.get('Fixture_Missed_Sweep').status = 'Draft';
    rt.org.insert([call('dmy-sweep-draft', { Outcome__c: 'Missed' })]);
    assert.deepEqual(rt.runScheduledFlow('Fixture_Missed_Sweep', rt.org.currentUserId), []);
});

test('collection filter and sort: numbers sort as numbers, descending, limited', () => {
    const rt = withFixtures();
    const record = (id, outcome, seconds) => ({
        sobjectType: 'Diamy_Call__c',
        fields: { Diamy_Call_Id__c: id, Outcome__c: outcome, Talk_Seconds__c: seconds }
    });
    const interview = rt.runFlow(
        'Fixture_Longest_Answered',
        {
            calls: [
                record('a', 'Answered', 9),
                record('b', 'Answered', 10),
                record('c', 'Missed', 300),
                record('d', 'Answered', 120),
                record('e', 'Answered', null)
            ]
        },
        rt.org.currentUserId
    );
    assert.equal(interview.status, 'finished', interview.error);
    assert.deepEqual(
        interview.outputs().top.map((r) => r.fields.Diamy_Call_Id__c),
        ['d', 'b']
    );
});

test('the three mutants the engine exists for are killed: inverted “Task already logged?”, WhoId wired to the What id, the CallObject lookup dropped', () => {
    const sources = engine.flowSources();
    for (const mutant of engine.REQUIRED_MUTANTS) {
        const file = [...sources.keys()].find((f) => f.endsWith(`${mutant.flow}.flow-meta.xml`));
        const mutated = new Map(sources).set(file, mutant.mutate(sources.get(file)));
        assert.notEqual(mutated.get(file), sources.get(file), mutant.name);
        const result = engine.runSuite(mutated, undefined, { stopAtFirstFailure: true });
        assert.ok(result.failed > 0, `${mutant.name} survived`);
    }
});

test('formula fields read $Organization: User.Diamy_Org_Id__c is the org id', () => {
    const rt = runtime();
    const user = rt.org.get(rt.org.currentUserId);
    assert.ok(user, 'the running user exists');
    assert.equal(rt.org.valueAt(user, 'Diamy_Org_Id__c'), rt.org.organizationId());
    assert.match(rt.org.organizationId(), /^00D/);
});

test('lead conversion: one update of the lead sets IsConverted and every Converted field; nothing else may write them', () => {
    const rt = runtime();
    const org = rt.org;
    const [lead] = org.insert([{ sobjectType: 'Lead', fields: { LastName: 'Petit', Company: 'Petit SARL' } }]);
    // A plain update cannot convert a lead or point it at a contact.
    assert.deepEqual(errorsOf(org.update([{ sobjectType: 'Lead', fields: { Id: lead.id, IsConverted: true } }])), [
        'INVALID_FIELD_FOR_INSERT_UPDATE'
    ]);
    const [contactAccount] = org.insert([{ sobjectType: 'Account', fields: { Name: 'Autre' } }]);
    const [contact] = org.insert([{ sobjectType: 'Contact', fields: { LastName: 'X', AccountId: contactAccount.id } }]);
    assert.deepEqual(errorsOf(org.update([{ sobjectType: 'Lead', fields: { Id: lead.id, ConvertedContactId: contact.id } }])), [
        'INVALID_FIELD_FOR_INSERT_UPDATE'
    ]);
    // A contact of another account is refused; so is a contact without an account.
    const [acme] = org.insert([{ sobjectType: 'Account', fields: { Name: 'Acme' } }]);
    assert.deepEqual(errorsOf(org.convertLead([{ leadId: lead.id, accountId: acme.id, contactId: contact.id }])), [
        'INVALID_CROSS_REFERENCE_KEY'
    ]);
    assert.deepEqual(errorsOf(org.convertLead([{ leadId: lead.id, contactId: contact.id }])), ['REQUIRED_FIELD_MISSING']);
    const before = rt.log.length;
    const [converted] = org.convertLead([{ leadId: lead.id, accountId: acme.id }]);
    assert.equal(converted.success, true);
    const stored = org.get(lead.id).fields;
    assert.equal(stored.IsConverted, true);
    assert.equal(stored.ConvertedAccountId, acme.id);
    assert.equal(org.get(stored.ConvertedContactId).fields.AccountId, acme.id);
    assert.equal(org.get(stored.ConvertedOpportunityId).fields.AccountId, acme.id);
    assert.equal(stored.ConvertedDate, org.now.toISOString().slice(0, 10));
    // The Lead's after-save flows ran once for the conversion, and saw it as a change to true.
    assert.equal(rt.log.slice(before).filter((l) => l.flow === 'Diamy_Lead_Converted_Calls').length, 1);
});

test('a converted lead is read-only: no second conversion, no update without View and Edit Converted Leads', () => {
    const rt = runtime();
    const org = rt.org;
    const [lead] = org.insert([{ sobjectType: 'Lead', fields: { LastName: 'Petit', Company: 'Petit SARL' } }]);
    assert.equal(org.convertLead([{ leadId: lead.id, doNotCreateOpportunity: true }])[0].success, true);
    assert.equal(org.get(lead.id).fields.ConvertedOpportunityId, null);
    assert.deepEqual(errorsOf(org.convertLead([{ leadId: lead.id }])), ['CANNOT_UPDATE_CONVERTED_LEAD']);
    assert.deepEqual(errorsOf(org.update([{ sobjectType: 'Lead', fields: { Id: lead.id, Title: 'Gérante' } }])), [
        'CANNOT_UPDATE_CONVERTED_LEAD'
    ]);
    org.grantPermission(org.currentUserId, engine.EDIT_CONVERTED_LEADS);
    const before = rt.log.length;
    assert.equal(org.update([{ sobjectType: 'Lead', fields: { Id: lead.id, Title: 'Gérante' } }])[0].success, true);
    assert.equal(rt.log.slice(before).filter((l) => l.flow === 'Diamy_Lead_Converted_Calls').length, 0);
});

test('lead conversion moves the lead’s Tasks to the contact and the opportunity (else the account)', () => {
    const rt = runtime();
    const org = rt.org;
    const [lead, other] = org.insert([
        { sobjectType: 'Lead', fields: { LastName: 'Petit', Company: 'Petit SARL' } },
        { sobjectType: 'Lead', fields: { LastName: 'Durand', Company: 'Durand SA' } }
    ]);
    const [task, otherTask] = org.insert([
        { sobjectType: 'Task', fields: { Subject: 'Appel', WhoId: lead.id } },
        { sobjectType: 'Task', fields: { Subject: 'Appel', WhoId: other.id } }
    ]);
    org.convertLead([
        { leadId: lead.id, doNotCreateOpportunity: true },
        { leadId: other.id }
    ]);
    const l = org.get(lead.id).fields;
    const o = org.get(other.id).fields;
    assert.equal(org.get(task.id).fields.WhoId, l.ConvertedContactId);
    assert.equal(org.get(task.id).fields.WhatId, l.ConvertedAccountId);
    assert.equal(org.get(otherTask.id).fields.WhoId, o.ConvertedContactId);
    assert.equal(org.get(otherTask.id).fields.WhatId, o.ConvertedOpportunityId);
});

// Campaigns (Object Reference: Campaign, CampaignMember, CampaignMemberStatus), the objects call lists live on.
const campaignOrg = () => {
    const { org } = runtime();
    const campaign = org.insert([{ sobjectType: 'Campaign', fields: { Name: 'Liste', IsActive: true } }])[0].id;
    const account = org.insert([{ sobjectType: 'Account', fields: { Name: 'Acme' } }])[0].id;
    const contact = org.insert([{ sobjectType: 'Contact', fields: { LastName: 'Dupont', AccountId: account } }])[0].id;
    const lead = org.insert([{ sobjectType: 'Lead', fields: { LastName: 'Petit', Company: 'Petit SARL' } }])[0].id;
    return { org, campaign, contact, lead };
};

test('a new campaign has a default status (Sent) and a responded one; a member gets the default and HasResponded from its status', () => {
    const { org, campaign, contact } = campaignOrg();
    const statuses = org.campaignStatuses(campaign).map((s) => [s.fields.Label, s.fields.IsDefault, s.fields.HasResponded]);
    assert.deepEqual(statuses, [['Sent', true, false], ['Responded', false, true]]);
    const id = org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: campaign, ContactId: contact } }])[0].id;
    assert.equal(org.get(id).fields.Status, 'Sent');
    assert.equal(org.get(id).fields.HasResponded, false);
    assert.equal(org.update([{ sobjectType: 'CampaignMember', fields: { Id: id, Status: 'Responded' } }])[0].success, true);
    assert.equal(org.get(id).fields.HasResponded, true);
});

test('a member’s status must be one of its campaign’s status labels; a person is a member once; a member is a contact or a lead', () => {
    const { org, campaign, contact, lead } = campaignOrg();
    const other = org.insert([{ sobjectType: 'Campaign', fields: { Name: 'Autre' } }])[0].id;
    org.insert([{ sobjectType: 'CampaignMemberStatus', fields: { CampaignId: other, Label: 'Reached', SortOrder: 3 } }]);
    assert.deepEqual(
        errorsOf(org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: campaign, ContactId: contact, Status: 'Reached' } }])),
        ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
        'Reached is a status of another campaign'
    );
    const id = org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: campaign, ContactId: contact } }])[0].id;
    assert.deepEqual(errorsOf(org.update([{ sobjectType: 'CampaignMember', fields: { Id: id, Status: 'Reached' } }])), ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
    const twice = org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: campaign, ContactId: contact } }]);
    assert.deepEqual(errorsOf(twice), ['DUPLICATE_VALUE']);
    assert.equal(twice[0].errors[0].message, 'Already a campaign member.');
    const batch = org.insert(
        [
            { sobjectType: 'CampaignMember', fields: { CampaignId: campaign, LeadId: lead } },
            { sobjectType: 'CampaignMember', fields: { CampaignId: campaign, LeadId: lead } }
        ],
        { allOrNone: false }
    );
    assert.deepEqual(batch.map((r) => r.success), [true, false], 'the same lead twice in one statement');
    assert.deepEqual(errorsOf(org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: other } }])), ['REQUIRED_FIELD_MISSING']);
    assert.deepEqual(
        errorsOf(org.update([{ sobjectType: 'CampaignMember', fields: { Id: id, CampaignId: other } }])),
        ['INVALID_FIELD_FOR_INSERT_UPDATE'],
        'a member never moves to another campaign'
    );
});

test('a campaign’s status labels and sort orders are unique', () => {
    const { org, campaign } = campaignOrg();
    assert.deepEqual(errorsOf(org.insert([{ sobjectType: 'CampaignMemberStatus', fields: { CampaignId: campaign, Label: 'sent', SortOrder: 9 } }])), ['DUPLICATE_VALUE']);
    assert.deepEqual(errorsOf(org.insert([{ sobjectType: 'CampaignMemberStatus', fields: { CampaignId: campaign, Label: 'Reached', SortOrder: 2 } }])), ['DUPLICATE_VALUE']);
    assert.equal(org.insert([{ sobjectType: 'CampaignMemberStatus', fields: { CampaignId: campaign, Label: 'Reached', SortOrder: 3 } }])[0].success, true);
});

test('a standard checkbox is false on create, so a filter IsConverted = false finds a new lead', () => {
    const { org, lead } = campaignOrg();
    assert.equal(org.get(lead).fields.IsConverted, false);
});

test('the claim rule Diamy_Claim_Held: a fresh claim of another agent is held 10 minutes, included', () => {
    const { org, campaign, contact } = campaignOrg();
    const camille = org.addUser({ Id: '', LastName: 'Camille' });
    const hugo = org.addUser({ Id: '', LastName: 'Hugo' });
    const id = org.insert([{ sobjectType: 'CampaignMember', fields: { CampaignId: campaign, ContactId: contact } }])[0].id;
    const claim = (as, at) => org.update([{ sobjectType: 'CampaignMember', fields: { Id: id, Diamy_Claimed_By__c: as, Diamy_Claimed_At__c: at } }], { as });
    org.now = new Date('2025-03-14T10:00:00.000Z');
    assert.equal(claim(camille, '2025-03-14T10:00:00.000Z')[0].success, true);
    org.now = new Date('2025-03-14T10:10:00.000Z');
    assert.deepEqual(errorsOf(claim(hugo, '2025-03-14T10:10:00.000Z')), ['FIELD_CUSTOM_VALIDATION_EXCEPTION'], 'exactly 10 minutes: still held');
    org.now = new Date('2025-03-14T10:10:00.001Z');
    assert.equal(claim(hugo, '2025-03-14T10:10:00.001Z')[0].success, true, 'past 10 minutes: stale');
});

test('screen flows are left out of the engine (it does not run screens); their subflows are loaded', () => {
    const names = flows.map((f) => f.name);
    assert.ok(!names.includes('Diamy_Add_To_Call_List'));
    assert.ok(names.includes('Diamy_Call_List_Add_Members') && names.includes('Diamy_Call_List_Statuses'));
    assert.equal(engine.isScreenFlow('<Flow><processType>Flow</processType><screens><name>S</name></screens></Flow>'), true);
    assert.equal(engine.isScreenFlow('<Flow><processType>AutoLaunchedFlow</processType></Flow>'), false);
    assert.throws(() => engine.parseFlow('<Flow><processType>AutoLaunchedFlow</processType><screens><name>S</name></screens></Flow>', 'X.flow-meta.xml'), /screens/);
});

test('bulkified flow DML without allOrNone: one interview’s records are saved all or none, other interviews’ are kept', () => {
    const { org } = runtime();
    const accounts = () => org.all('Account').length;
    const before = accounts();
    const records = [{ Name: 'A' }, {}, { Name: 'C' }].map((fields) => ({ sobjectType: 'Account', fields }));
    const grouped = org.insert(records, { allOrNone: false, groups: [0, 0, 1] });
    assert.deepEqual(grouped.map((r) => r.success), [false, false, true]);
    assert.deepEqual(errorsOf(grouped), ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'REQUIRED_FIELD_MISSING']);
    assert.equal(accounts(), before + 1, 'only the other interview’s account');
    const ungrouped = org.insert(records, { allOrNone: false });
    assert.deepEqual(ungrouped.map((r) => r.success), [true, false, true], 'a REST composite request keeps each record that succeeded');
});
