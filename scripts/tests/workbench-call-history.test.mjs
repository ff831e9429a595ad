// The workbench's answers to c-diamy-call-history's GraphQL documents (workbench/platform/answers/diamyCallHistory.js)
// are no kinder than UI API GraphQL: visible records only, the document's filter (an Account's contacts through
// Contact__r.AccountId), newest first, `first`/`after` pages with pageInfo, bad pagination refused, picklist labels
// in the user's language. Runs the answerer on the jest suites' FakeOrg, in Node (module hooks for c/* and .ts).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';

const METADATA = `export const DISPOSITION_VALUES = ${JSON.stringify([{ value: 'Sale', label: 'Sale', labelFr: 'Vente' }])};`;
const HOOKS = `
export async function resolve(specifier, context, nextResolve) {
    if (specifier === 'workbench:metadata') return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(METADATA)}), shortCircuit: true };
    return nextResolve(specifier, context);
}`;

let answer;
let FakeOrg;
let contacts;

before(async () => {
    register('../lib/lwc-loader-hooks.mjs', import.meta.url);
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
    ({ answer } = await import('../../workbench/platform/answers/diamyCallHistory.js'));
    ({ FakeOrg } = await import('../../test/diamyFakeOrg.ts'));
    ({ contacts } = await import('../../workbench/platform/crm.js'));
});

// What graphql.js passes to every answerer.
const fieldsOf = (record, names) => Object.fromEntries(names.map((f) => [f, { value: record[f] ?? null, displayValue: null }]));
const edges = (nodes) => ({ edges: nodes.map((node) => ({ node })) });
const nameOnly = (name) => ({ Name: { value: name, displayValue: null } });

let sequence = 0;
/** A call the way the softphone logs it (the running agent, Source Softphone), Started_At__c `minutes` past 9:00. */
async function logCall(org, minutes, fields = {}) {
    sequence += 1;
    await org.createRecord({
        apiName: 'Diamy_Call__c',
        fields: {
            Diamy_Call_Id__c: `call_wb_${sequence}`,
            Direction__c: 'Inbound',
            Outcome__c: 'Answered',
            Started_At__c: new Date(Date.UTC(2026, 10, 20, 9, minutes)).toISOString(),
            Talk_Seconds__c: 30,
            Agent__c: '005000000000001AAA',
            Source__c: 'Softphone',
            ...fields
        }
    });
}

function ask(org, operationName, variables) {
    return answer(operationName, variables, { fieldsOf, edges, nameOnly, org });
}
const ids = (data) => data.Diamy_Call__c.edges.map((edge) => edge.node.Diamy_Call_Id__c.value);

test('answers only its own documents', () => {
    assert.equal(ask(new FakeOrg(), 'diamyContactContext', { recordId: 'x' }), undefined);
});

test("a contact's visible calls, newest first, in pages with a cursor", async () => {
    const org = new FakeOrg();
    const contact = contacts[0].Id;
    for (const minute of [5, 1, 3, 4, 2]) await logCall(org, minute, { Contact__c: contact, Diamy_Call_Id__c: `call_m${minute}` });
    await logCall(org, 9, { Contact__c: contacts[1].Id });
    org.calls().find((r) => r.fields.Diamy_Call_Id__c === 'call_m4').visible = false;

    const first = ask(org, 'diamyCallHistoryContact', { recordId: contact, first: 2, after: null });
    assert.deepEqual(ids(first), ['call_m5', 'call_m3']);
    assert.equal(first.Diamy_Call__c.pageInfo.hasNextPage, true);
    const second = ask(org, 'diamyCallHistoryContact', { recordId: contact, first: 2, after: first.Diamy_Call__c.pageInfo.endCursor });
    assert.deepEqual(ids(second), ['call_m2', 'call_m1']);
    assert.equal(second.Diamy_Call__c.pageInfo.hasNextPage, false);
    const past = ask(org, 'diamyCallHistoryContact', { recordId: contact, first: 2, after: second.Diamy_Call__c.pageInfo.endCursor });
    assert.deepEqual(ids(past), []);
    assert.deepEqual(past.Diamy_Call__c.pageInfo, { hasNextPage: false, endCursor: null });
    // Default page size 10.
    assert.equal(ids(ask(org, 'diamyCallHistoryContact', { recordId: contact })).length, 4);
});

test("an Account's own calls, and its contacts' calls only with the AccountContacts document", async () => {
    const org = new FakeOrg();
    const contact = contacts.find((c) => c.AccountId);
    const other = contacts.find((c) => c.AccountId && c.AccountId !== contact.AccountId);
    await logCall(org, 1, { Account__c: contact.AccountId, Diamy_Call_Id__c: 'call_account' });
    await logCall(org, 2, { Contact__c: contact.Id, Diamy_Call_Id__c: 'call_contact' });
    if (other) await logCall(org, 3, { Contact__c: other.Id, Diamy_Call_Id__c: 'call_other' });
    assert.deepEqual(ids(ask(org, 'diamyCallHistoryAccount', { recordId: contact.AccountId, first: 10 })), ['call_account']);
    assert.deepEqual(ids(ask(org, 'diamyCallHistoryAccountContacts', { recordId: contact.AccountId, first: 10 })), ['call_contact', 'call_account']);
});

test('every field as UI API gives it: display value only for the picklist, in the user language', async () => {
    const org = new FakeOrg();
    await logCall(org, 1, { Lead__c: '00Q000000000001AAA', Disposition__c: 'Sale', Notes__c: 'Devis envoyé' });
    const data = ask(org, 'diamyCallHistoryLead', { recordId: '00Q000000000001AAA', first: 10 });
    const node = data.Diamy_Call__c.edges.find((e) => e.node.Notes__c.value === 'Devis envoyé').node;
    assert.deepEqual(node.Disposition__c, { value: 'Sale', displayValue: 'Sale' });
    assert.deepEqual(node.Notes__c, { value: 'Devis envoyé', displayValue: null });
    assert.deepEqual(node.Agent__r, { Name: { value: 'Camille Martin', displayValue: null } });
    globalThis.__DIAMY_LANG__ = 'fr';
    try {
        const french = ask(org, 'diamyCallHistoryLead', { recordId: '00Q000000000001AAA', first: 10 });
        assert.equal(french.Diamy_Call__c.edges.find((e) => e.node.Notes__c.value === 'Devis envoyé').node.Disposition__c.displayValue, 'Vente');
    } finally {
        delete globalThis.__DIAMY_LANG__;
    }
});

test('bad pagination is refused (no answer: a GraphQL error), as the platform refuses it', async () => {
    const org = new FakeOrg();
    await logCall(org, 1, { Case__c: '500000000000001AAA' });
    for (const variables of [
        { first: 0 },
        { first: 2001 },
        { first: 'ten' },
        { first: 10, after: 'not-a-cursor' },
        { first: 10, after: Buffer.from('wbcur:-3').toString('base64') }
    ]) {
        assert.equal(ask(org, 'diamyCallHistoryCase', { recordId: '500000000000001AAA', ...variables }), undefined, JSON.stringify(variables));
    }
    assert.deepEqual(ids(ask(org, 'diamyCallHistoryCase', { recordId: '500000000000001AAA', first: 10 })).length, 1);
    assert.deepEqual(ids(ask(org, 'diamyCallHistoryOpportunity', { recordId: '006000000000001AAA', first: 10 })), []);
});
