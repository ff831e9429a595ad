// The packaged permission sets give each kind of user what the product needs and no more. Which fields are flow-owned
// comes from the flows themselves (every field a flow writes back on its own triggering Diamy_Call__c record).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadFlows } from '../lib/flowFormulas.mjs';
import { ROOT } from '../../scripts/lib/project.mjs';

const DIR = join(ROOT, 'force-app/main/default/permissionsets');
const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['fieldPermissions', 'objectPermissions', 'userPermissions'].includes(name)
});
const sets = Object.fromEntries(
    readdirSync(DIR).map((file) => {
        const doc = parser.parse(readFileSync(join(DIR, file), 'utf8')).PermissionSet;
        return [file.replace('.permissionset-meta.xml', ''), doc];
    })
);
const fls = (set) =>
    new Map(
        (sets[set].fieldPermissions ?? []).map((p) => [p.field, { read: p.readable === 'true', edit: p.editable === 'true' }])
    );
const objectAccess = (set, object) => (sets[set].objectPermissions ?? []).find((p) => p.object === object);

/**
 * The related records of a call: the agent's to set and change (docs/SECURITY.md §2). A flow may also write them
 * (Diamy_Lead_Converted_Calls moves a converted lead's calls to its contact) without owning them.
 */
const RELATED_RECORDS = ['Account__c', 'Case__c', 'Contact__c', 'Lead__c', 'Opportunity__c'];

/** Flows that clear a call's personal data (docs/DATA-PROTECTION.md): a field they only clear stays its writer's. */
const DATA_PROTECTION_FLOWS = ['Diamy_Anonymize_Calls', 'Diamy_Recording_Retention'];

/** Fields of Diamy_Call__c that a flow writes on calls (on $Record or by a filtered update) and that are not related records. */
const flowWritten = loadFlows()
    .flatMap((flow) =>
        (flow.doc.recordUpdates ?? [])
            .filter((u) => (u.inputReference === '$Record' ? flow.object === 'Diamy_Call__c' : u.object === 'Diamy_Call__c'))
            .flatMap((update) =>
                update.inputAssignments
                    .filter((a) => !(DATA_PROTECTION_FLOWS.includes(flow.name) && a.value === undefined))
                    .map((a) => a.field)
            )
    );
const flowOwned = new Set(flowWritten.filter((field) => !RELATED_RECORDS.includes(field)));

test('the related records a flow re-links stay editable by agents (the flow does not own them)', () => {
    const relinked = new Set(flowWritten.filter((field) => RELATED_RECORDS.includes(field)));
    assert.deepEqual([...relinked].sort(), ['Account__c', 'Contact__c', 'Lead__c', 'Opportunity__c']);
    for (const field of RELATED_RECORDS)
        assert.deepEqual(fls('Diamy_Agent').get(`Diamy_Call__c.${field}`), { read: true, edit: true }, `Diamy_Agent: ${field}`);
});

test('the flows own the Task link, the follow-up fields and the requested follow-up’s Task of a call', () => {
    assert.deepEqual([...flowOwned].sort(), ['Anonymization_Reason__c', 'Anonymized_At__c', 'Follow_Up_Due_Date__c', 'Follow_Up_Open__c', 'Follow_Up_Request_Task_Id__c', 'Follow_Up_Task_Id__c', 'Task_Id__c']);
});

test('nobody but the flows writes the anonymization stamp: every permission set reads it, none edits it', () => {
    for (const set of ['Diamy_Agent', 'Diamy_Integration', 'Diamy_Admin'])
        for (const field of ['Anonymized_At__c', 'Anonymization_Reason__c'])
            assert.deepEqual(fls(set).get(`Diamy_Call__c.${field}`), { read: true, edit: false }, `${set}: ${field}`);
    for (const set of Object.keys(sets))
        for (const field of ['Anonymized_At__c', 'Anonymization_Reason__c'])
            assert.notEqual(fls(set).get(`Diamy_Call__c.${field}`)?.edit, true, `${set} edits ${field}`);
});

test('agents and the integration user read the flow-owned fields but cannot edit them', () => {
    for (const set of ['Diamy_Agent', 'Diamy_Integration']) {
        const permissions = fls(set);
        for (const field of flowOwned) {
            assert.deepEqual(
                permissions.get(`Diamy_Call__c.${field}`),
                { read: true, edit: false },
                `${set}: Diamy_Call__c.${field}`
            );
        }
    }
});

test('Diamy Integration can upsert any call by its Diamy call id (view all, modify all), never delete, and has API access', () => {
    assert.deepEqual(objectAccess('Diamy_Integration', 'Diamy_Call__c'), {
        allowCreate: 'true',
        allowDelete: 'false',
        allowEdit: 'true',
        allowRead: 'true',
        modifyAllRecords: 'true',
        object: 'Diamy_Call__c',
        viewAllRecords: 'true'
    });
    assert.deepEqual(fls('Diamy_Integration').get('Diamy_Call__c.Diamy_Call_Id__c'), { read: true, edit: true });
    assert.ok(sets.Diamy_Integration.userPermissions.some((p) => p.name === 'ApiEnabled' && p.enabled === 'true'));
    for (const object of ['Opportunity', 'Case']) {
        const access = objectAccess('Diamy_Integration', object);
        assert.equal(access?.allowRead, 'true', `${object}: the calls link to it`);
        assert.ok(
            ['allowCreate', 'allowEdit', 'allowDelete', 'viewAllRecords', 'modifyAllRecords'].every((k) => access[k] === 'false'),
            `${object}: read only`
        );
    }
});

// Contact sync (docs/SYNC.md, "What the package ships for sync"): Diamy's server pulls every Contact and Lead (view all:
// the pull must not depend on the org's sharing), upserts them on Diamy_Contact_Id__c (create, edit) and never deletes
// (a contact deleted in Diamy is not deleted in Salesforce). Modify All is not granted: it would carry delete with it.
test('Diamy Integration pulls every Contact and Lead (view all), upserts them (create, edit), never deletes them', () => {
    for (const object of ['Contact', 'Lead']) {
        assert.deepEqual(objectAccess('Diamy_Integration', object), {
            allowCreate: 'true',
            allowDelete: 'false',
            allowEdit: 'true',
            allowRead: 'true',
            modifyAllRecords: 'false',
            object,
            viewAllRecords: 'true'
        }, object);
    }
    assert.deepEqual(objectAccess('Diamy_Integration', 'Account'), {
        allowCreate: 'false',
        allowDelete: 'false',
        allowEdit: 'false',
        allowRead: 'true',
        modifyAllRecords: 'false',
        object: 'Account',
        viewAllRecords: 'true'
    }, 'Account: read every company name, never write one');
});

/** The fields Diamy maps by default (docs/SYNC.md), besides the names (always granted with the object) and Lead.Company (required: no field-level security). */
const SYNC_MAPPED = {
    Contact: ['AccountId', 'Email', 'MobilePhone', 'Phone', 'Title'],
    Lead: ['Email', 'MobilePhone', 'Phone', 'Title']
};

test('Diamy Integration reads and writes the mapped fields and Diamy_Contact_Id__c, and only reads the phone match keys', () => {
    const permissions = fls('Diamy_Integration');
    for (const [object, fields] of Object.entries(SYNC_MAPPED))
        for (const field of [...fields, 'Diamy_Contact_Id__c'])
            assert.deepEqual(permissions.get(`${object}.${field}`), { read: true, edit: true }, `${object}.${field}`);
    for (const field of ['Contact.Diamy_Phone_Key__c', 'Contact.Diamy_Mobile_Key__c', 'Lead.Diamy_Phone_Key__c', 'Lead.Diamy_Mobile_Key__c'])
        assert.deepEqual(permissions.get(field), { read: true, edit: false }, `${field}: the flows own it`);
    const granted = [...permissions.keys()].filter((f) => f.startsWith('Contact.') || f.startsWith('Lead.'));
    const expected = [
        ...Object.entries(SYNC_MAPPED).flatMap(([object, fields]) => fields.map((f) => `${object}.${f}`)),
        'Contact.Diamy_Contact_Id__c', 'Lead.Diamy_Contact_Id__c',
        'Contact.Diamy_Phone_Key__c', 'Contact.Diamy_Mobile_Key__c', 'Lead.Diamy_Phone_Key__c', 'Lead.Diamy_Mobile_Key__c',
        'Contact.Diamy_Erasure_Requested_At__c', 'Lead.Diamy_Erasure_Requested_At__c'
    ];
    assert.deepEqual(granted.sort(), expected.sort(), 'exactly what sync needs');
});

test('the erasure stamp is read by Diamy’s server and shown to agents, written only by the erasure flow; only Diamy Admin may erase', () => {
    for (const object of ['Contact', 'Lead'])
        for (const set of ['Diamy_Admin', 'Diamy_Agent', 'Diamy_Integration'])
            assert.deepEqual(fls(set).get(`${object}.Diamy_Erasure_Requested_At__c`), { read: true, edit: false }, `${set} ${object}`);
    const erasers = Object.entries(sets)
        .filter(([, set]) => [set.customPermissions ?? []].flat().some((p) => p.name === 'Diamy_Erase_Personal_Data' && p.enabled === 'true'))
        .map(([name]) => name);
    assert.deepEqual(erasers, ['Diamy_Admin']);
});

test('only Diamy’s server writes Diamy_Contact_Id__c: Diamy Admin reads it, Diamy Agent does not see it', () => {
    for (const object of ['Contact', 'Lead']) {
        assert.deepEqual(fls('Diamy_Admin').get(`${object}.Diamy_Contact_Id__c`), { read: true, edit: false }, `Diamy_Admin ${object}`);
        assert.equal(fls('Diamy_Agent').get(`${object}.Diamy_Contact_Id__c`), undefined, `Diamy_Agent ${object}`);
    }
});

test('agents see only their own calls: no view all, no modify all, no delete', () => {
    const access = objectAccess('Diamy_Agent', 'Diamy_Call__c');
    assert.equal(access.viewAllRecords, 'false');
    assert.equal(access.modifyAllRecords, 'false');
    assert.equal(access.allowDelete, 'false');
});

test('custom fields of the Activity object are granted as Task and Event fields, as retrieved permission sets write them', () => {
    for (const [name, set] of Object.entries(sets)) {
        const fields = (set.fieldPermissions ?? []).map((p) => p.field);
        assert.deepEqual(
            fields.filter((f) => f.startsWith('Activity.')),
            [],
            name
        );
        for (const field of fields.filter((f) => f.startsWith('Task.'))) {
            assert.ok(fields.includes(field.replace('Task.', 'Event.')), `${name}: ${field} without its Event twin`);
        }
    }
});

test('Diamy Disposition Required grants the custom permission Disposition Required on Wrap-Up and nothing else; no other set grants it', () => {
    const set = sets.Diamy_Disposition_Required;
    assert.deepEqual(set.customPermissions, { enabled: 'true', name: 'Diamy_Disposition_Required' });
    const granted = Object.keys(set).filter((key) => !['customPermissions', 'description', 'hasActivationRequired', 'label'].includes(key));
    assert.deepEqual(granted, []);
    for (const [name, other] of Object.entries(sets).filter(([name]) => name !== 'Diamy_Disposition_Required')) {
        const permissions = [other.customPermissions ?? []].flat();
        assert.ok(!permissions.some((p) => p.name === 'Diamy_Disposition_Required'), `${name} grants Diamy_Disposition_Required`);
    }
});

// Salesforce: "If a user who updates a record doesn't have access to one or more fields referenced in a matching rule,
// then the duplicate rule doesn't work as expected" (https://help.salesforce.com/s/articleView?id=sales.duplicate_rules_overview.htm&type=5).
// Diamy's server saves as the integration user: it must read every field the connection's matching rules compare.
test('Diamy Integration reads every field the Diamy matching rules compare (else the duplicate rules miss its saves)', () => {
    /** Name fields and Lead.Company: always readable with the object (no field-level security on them). */
    const ALWAYS = new Set(['Contact.FirstName', 'Contact.LastName', 'Lead.FirstName', 'Lead.LastName', 'Lead.Company']);
    const rulesDir = join(ROOT, 'connection/matching-rules/matchingRules');
    const rulesParser = new XMLParser({ parseTagValue: false, isArray: (name) => ['matchingRules', 'matchingRuleItems'].includes(name) });
    const compared = readdirSync(rulesDir).flatMap((file) => {
        const object = file.split('.')[0];
        return rulesParser
            .parse(readFileSync(join(rulesDir, file), 'utf8'))
            .MatchingRules.matchingRules.flatMap((rule) => rule.matchingRuleItems.map((item) => `${object}.${item.fieldName}`));
    });
    assert.ok(compared.length >= 10, 'the rules were read');
    const permissions = fls('Diamy_Integration');
    for (const field of new Set(compared))
        if (!ALWAYS.has(field)) assert.equal(permissions.get(field)?.read, true, `${field} is compared by a matching rule`);
});

test('Diamy Integration edits the log entries it owns (a sync entry an admin asked to retry: Retrying → Resolved or Failed), never deletes, never sees other users\' entries', () => {
    assert.deepEqual(objectAccess('Diamy_Integration', 'Diamy_Integration_Log__c'), {
        allowCreate: 'true',
        allowDelete: 'false',
        allowEdit: 'true',
        allowRead: 'true',
        modifyAllRecords: 'false',
        object: 'Diamy_Integration_Log__c',
        viewAllRecords: 'false'
    });
    assert.deepEqual(fls('Diamy_Integration').get('Diamy_Integration_Log__c.Status__c'), { read: true, edit: true });
    assert.deepEqual(fls('Diamy_Integration').get('Diamy_Integration_Log__c.Retry_Count__c'), { read: true, edit: true });
});

// Call lists (docs/CALL-LISTS.md): agents claim, skip and reschedule members (four fields); every other member field
// is written by the flow Diamy_Call_List_Result, in system context, and is read-only for them.
const AGENT_MEMBER_FIELDS = ['Diamy_Claimed_At__c', 'Diamy_Claimed_By__c', 'Diamy_Next_Call_At__c', 'Diamy_Skipped_At__c'];
const memberFieldsFlowsWrite = new Set(
    loadFlows()
        .filter((flow) => flow.name === 'Diamy_Call_List_Result')
        .flatMap((flow) => (flow.doc.assignments ?? []).flatMap((a) => a.assignmentItems ?? []))
        .map((item) => String(item.assignToReference))
        .filter((to) => to.startsWith('varMemberUpdate.'))
        .map((to) => to.slice('varMemberUpdate.'.length))
        .filter((field) => field.endsWith('__c'))
);

test('flow-written call list member fields are read-only for agents; they edit only the claim, skip and next call', () => {
    assert.deepEqual(
        [...memberFieldsFlowsWrite].sort(),
        ['Diamy_Attempts__c', 'Diamy_Claimed_At__c', 'Diamy_Claimed_By__c', 'Diamy_Done__c', 'Diamy_Last_Agent__c', 'Diamy_Last_Call_At__c', 'Diamy_Last_Call__c', 'Diamy_Last_Result__c', 'Diamy_Next_Call_At__c']
    );
    const agent = fls('Diamy_Agent');
    const memberGrants = [...agent].filter(([field]) => field.startsWith('CampaignMember.'));
    assert.ok(memberGrants.length >= 12, 'every member field is granted to agents');
    for (const [field, access] of memberGrants) {
        const name = field.slice('CampaignMember.'.length);
        assert.equal(access.read, true, field);
        assert.equal(access.edit, AGENT_MEMBER_FIELDS.includes(name), `${field}: ${AGENT_MEMBER_FIELDS.includes(name) ? 'the softphone writes it' : 'the flow or the manager writes it'}`);
    }
    for (const field of memberFieldsFlowsWrite)
        if (!AGENT_MEMBER_FIELDS.includes(field)) assert.deepEqual(agent.get(`CampaignMember.${field}`), { read: true, edit: false }, field);
});

test('agents read call lists and consent; Diamy Admin edits them; agents write the list of a call they place', () => {
    const agent = fls('Diamy_Agent');
    const admin = fls('Diamy_Admin');
    const consent = ['Diamy_Current_Contract__c', 'Diamy_Phone_Consent_At__c', 'Diamy_Phone_Consent_Proof__c', 'Diamy_Phone_Consent_Source__c', 'Diamy_Phone_Consent_Withdrawn_At__c'];
    for (const object of ['Contact', 'Lead'])
        for (const field of consent) {
            assert.deepEqual(agent.get(`${object}.${field}`), { read: true, edit: false }, `agent ${object}.${field}: proof of consent is not the caller's to write`);
            assert.deepEqual(admin.get(`${object}.${field}`), { read: true, edit: true }, `admin ${object}.${field}`);
        }
    // The call-list stamps are written by Diamy_Call_List_Result in system context (every agent's calls, for the law):
    // agents only read them (a caller must not erase the attempts or a refusal); admins may correct them, as they may
    // the flow-written member fields.
    for (const object of ['Contact', 'Lead'])
        for (const field of ['Diamy_Prospecting_Calls__c', 'Diamy_Prospecting_Refused_At__c']) {
            assert.deepEqual(agent.get(`${object}.${field}`), { read: true, edit: false }, `agent ${object}.${field}: written by the result flow`);
            assert.deepEqual(admin.get(`${object}.${field}`), { read: true, edit: true }, `admin ${object}.${field}`);
        }
    for (const field of ['Diamy_Audience__c', 'Diamy_Call_List__c', 'Diamy_Contract_Calls__c', 'Diamy_Power_Pause_Seconds__c']) {
        assert.deepEqual(agent.get(`Campaign.${field}`), { read: true, edit: false }, `agent Campaign.${field}`);
        assert.deepEqual(admin.get(`Campaign.${field}`), { read: true, edit: true }, `admin Campaign.${field}`);
    }
    assert.equal(objectAccess('Diamy_Agent', 'Campaign').allowRead, 'true');
    assert.equal(objectAccess('Diamy_Agent', 'Campaign').allowEdit, 'false');
    assert.equal(objectAccess('Diamy_Admin', 'Campaign').allowDelete, 'false');
    for (const field of ['Campaign__c', 'Campaign_Member_Id__c'])
        assert.deepEqual(agent.get(`Diamy_Call__c.${field}`), { read: true, edit: true }, `agent Diamy_Call__c.${field}: set when the call is placed`);
    assert.equal(objectAccess('Diamy_Agent', 'CampaignMember'), undefined, 'member access comes from Campaign and Contact/Lead access, not an object permission');
});
