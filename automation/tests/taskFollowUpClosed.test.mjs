// Formulas of the flow Diamy_Task_Follow_Up_Closed (follow-up Task closed or reopened → Follow_Up_Open__c of its
// calls), evaluated with formulon: the entry condition, the new flag value and the fault log message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFlows, createEvaluator } from '../lib/flowFormulas.mjs';

const flow = loadFlows().find((f) => f.name === 'Diamy_Task_Follow_Up_Closed');
const fx = createEvaluator(flow);
const followUp = (changes = {}) => ({
    Id: '00T000000000001AAA',
    Subject: 'Appel manqué – rappeler Jean Dupont',
    Status: 'Completed',
    IsClosed: true,
    Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller',
    ...changes
});

test('entry condition: a Diamy follow-up Task whose status changed (closed or reopened)', () => {
    assert.equal(fx.entryCondition({ record: followUp(), isNew: false, changed: ['Status', 'IsClosed'] }), true);
    assert.equal(fx.entryCondition({ record: followUp({ Status: 'Not Started', IsClosed: false }), isNew: false, changed: ['Status', 'IsClosed'] }), true);
});

test('entry condition: not for other Tasks, nor for edits that leave the status alone', () => {
    assert.equal(fx.entryCondition({ record: followUp({ Diamy_Follow_Up_Key__c: '' }), isNew: false, changed: ['Status', 'IsClosed'] }), false);
    assert.equal(fx.entryCondition({ record: followUp(), isNew: false, changed: ['Description', 'ActivityDate'] }), false);
});

test('the calls are marked open while the Task is open, and not open once it is closed', () => {
    assert.equal(fx.formula('fxFollowUpOpen', { record: followUp() }), false);
    assert.equal(fx.formula('fxFollowUpOpen', { record: followUp({ Status: 'In Progress', IsClosed: false }) }), true);
});

test('fault log message: translated, with the fault, 255 characters at most', () => {
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'UNABLE_TO_LOCK_ROW', language: 'en' }), 'Could not update the calls of the closed or reopened follow-up task: UNABLE_TO_LOCK_ROW');
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'UNABLE_TO_LOCK_ROW', language: 'fr' }), 'Impossible de mettre à jour les appels de la tâche de suivi fermée ou rouverte : UNABLE_TO_LOCK_ROW');
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'q'.repeat(300), language: 'fr' }).length, 255);
});

test('every formula and the entry condition of the flow were evaluated above', () => {
    assert.deepEqual(fx.evaluated(), fx.expected());
});
