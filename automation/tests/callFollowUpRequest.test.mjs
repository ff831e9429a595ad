// Formulas of the flow Diamy_Call_Follow_Up_Request (a follow-up task the agent asks for with the wrap-up, the call
// record or a call list), evaluated with formulon: the entry condition, the Task's owner, subject, comments, key,
// Who/What and the fault log message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFlows, createEvaluator } from '../lib/flowFormulas.mjs';

const flow = loadFlows().find((f) => f.name === 'Diamy_Call_Follow_Up_Request');
const fx = createEvaluator(flow);
const call = (changes = {}) => ({
    Id: 'a01000000000001AAA',
    Diamy_Call_Id__c: 'dmy-8f2c-0009',
    Direction__c: 'Inbound',
    Outcome__c: 'Answered',
    Ended_At__c: '2025-03-14T10:04:10Z',
    Agent__c: '005000000000001AAA',
    CreatedById: '005000000000009AAA',
    Contact__c: '003000000000001AAA',
    Account__c: '001000000000001AAA',
    Follow_Up_Request_Subject__c: '  Envoyer le devis  ',
    Follow_Up_Request_Due_Date__c: '2025-03-17',
    ...changes
});

test('entry condition: an ended call with a request that is new or changed', () => {
    assert.equal(fx.entryCondition({ record: call(), isNew: true }), true);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Request_Subject__c'] }), true);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Request_Due_Date__c'] }), true);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Request_Assignee__c'] }), true);
});

test('entry condition: not without a subject, not before the call ended, not when the request is unchanged (a replayed save, the flows’ own stamps)', () => {
    assert.equal(fx.entryCondition({ record: call({ Follow_Up_Request_Subject__c: '' }), isNew: false, changed: ['Follow_Up_Request_Subject__c'] }), false);
    assert.equal(fx.entryCondition({ record: call({ Ended_At__c: null }), isNew: true }), false);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Disposition__c', 'Notes__c', 'Callback_At__c'] }), false);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Request_Task_Id__c', 'Follow_Up_Task_Id__c', 'Follow_Up_Open__c', 'Follow_Up_Due_Date__c'] }), false);
});

test('owner: the assignee the agent chose, else the call’s agent, else who created the call', () => {
    assert.equal(fx.formula('fxAssigneeId', { record: call({ Follow_Up_Request_Assignee__c: '005000000000002AAA' }) }), '005000000000002AAA');
    assert.equal(fx.formula('fxAssigneeId', { record: call() }), '005000000000001AAA');
    assert.equal(fx.formula('fxAssigneeId', { record: call({ Agent__c: '' }) }), '005000000000009AAA');
});

test('subject: the agent’s words, trimmed, 255 characters at most; comments name the call, translated', () => {
    assert.equal(fx.formula('fxSubject', { record: call() }), 'Envoyer le devis');
    assert.equal(fx.formula('fxSubject', { record: call({ Follow_Up_Request_Subject__c: 'x'.repeat(300) }) }).length, 255);
    assert.equal(fx.formula('fxComments', { record: call(), language: 'fr' }), "Suivi demandé pendant l'appel Diamy dmy-8f2c-0009.");
    assert.equal(fx.formula('fxComments', { record: call(), language: 'en' }), 'Follow-up requested during Diamy call dmy-8f2c-0009.');
});

test('the request key is the call’s own and never starts like a number (the rules never reuse it)', () => {
    assert.equal(fx.formula('fxRequestKey', { record: call() }), 'dmy-8f2c-0009|Request');
    assert.doesNotMatch(fx.formula('fxRequestKey', { record: call() }), /^\+?[0-9]/);
});

test('WhoId and WhatId follow the activity rules (no WhatId with a lead)', () => {
    assert.equal(fx.formula('fxWhoId', { record: call() }), '003000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ Case__c: '500000000000001AAA' }) }), '500000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ Contact__c: '', Lead__c: '00Q000000000001AAA' }) }), '');
    assert.equal(fx.formula('fxWhoId', { record: call({ Contact__c: '', Lead__c: '00Q000000000001AAA' }) }), '00Q000000000001AAA');
});

test('fault log message: translated, with the fault, 255 characters at most', () => {
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'INACTIVE_OWNER_OR_USER', language: 'en' }), 'Could not create or update the requested follow-up task: INACTIVE_OWNER_OR_USER');
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'q'.repeat(300), language: 'fr' }).length, 255);
});

test('every formula and the entry condition of the flow were evaluated above', () => {
    assert.deepEqual(fx.evaluated(), fx.expected());
});
