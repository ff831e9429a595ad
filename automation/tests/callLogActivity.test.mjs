// Formulas of the flow Diamy_Call_Log_Activity (Diamy Call → Activity), evaluated with formulon on representative
// calls, in English and in French. The last test fails if a formula of the flow was not evaluated here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFlows, createEvaluator } from '../lib/flowFormulas.mjs';

const flow = loadFlows().find((f) => f.name === 'Diamy_Call_Log_Activity');
const fx = createEvaluator(flow);

const ended = {
    Id: 'a01000000000001AAA',
    Diamy_Call_Id__c: 'dmy-8f2c-0001',
    Direction__c: 'Inbound',
    Outcome__c: 'Answered',
    From_Number__c: '01 23 45 67 89',
    From_Number_E164__c: '+33123456789',
    To_Number__c: '+33 9 70 00 00 00',
    Caller_Name__c: 'Jean Dupont',
    Started_At__c: '2025-03-14T09:58:00Z',
    Answered_At__c: '2025-03-14T09:58:10Z',
    Ended_At__c: '2025-03-14T10:04:10Z',
    Talk_Seconds__c: 360,
    Agent__c: '005000000000001AAA',
    CreatedById: '005000000000009AAA',
    CreatedDate: '2025-03-14T10:04:12Z'
};
const call = (changes = {}) => ({ ...ended, ...changes });

test('entry condition: a call created already ended is logged', () => {
    assert.equal(fx.entryCondition({ record: call(), isNew: true }), true);
});

test('entry condition: a call still ringing (no end time) is not logged', () => {
    assert.equal(fx.entryCondition({ record: call({ Ended_At__c: null }), isNew: true }), false);
});

test('entry condition: the update that only writes Task_Id__c back does not run the flow again', () => {
    assert.equal(fx.entryCondition({ record: call({ Task_Id__c: '00T000000000001AAA' }), isNew: false, changed: ['Task_Id__c'] }), false);
    // The follow-up flow stamps the call and the Task flow clears its open flag: neither logs the call again.
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Task_Id__c', 'Follow_Up_Open__c', 'Follow_Up_Due_Date__c'] }), false);
});

test('entry condition: wrap-up notes, disposition or a newly linked contact update the Task', () => {
    for (const field of ['Notes__c', 'Disposition__c', 'Contact__c', 'Ended_At__c', 'Agent__c']) {
        assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: [field] }), true, field);
    }
});

test('subject: direction and the caller name, in the user language', () => {
    assert.equal(fx.formula('fxActivitySubject', { record: call(), language: 'fr' }), 'Appel entrant – Jean Dupont');
    assert.equal(fx.formula('fxActivitySubject', { record: call(), language: 'en' }), 'Inbound call – Jean Dupont');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Direction__c: 'Outbound' }), language: 'fr' }), 'Appel sortant – Jean Dupont');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Direction__c: 'Internal' }), language: 'en' }), 'Internal call – Jean Dupont');
});

test('subject: an unanswered call says so', () => {
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Outcome__c: 'Missed' }), language: 'fr' }), 'Appel entrant (Appel manqué) – Jean Dupont');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Outcome__c: 'Voicemail' }), language: 'en' }), 'Inbound call (Voicemail) – Jean Dupont');
});

test('subject: without a caller name, the contact or lead name, then the number of the other party', () => {
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: '', 'Contact__r.Name': 'Marie Curie', Contact__c: '003000000000001AAA' }), language: 'en' }), 'Inbound call – Marie Curie');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: '', 'Lead__r.Name': 'Paul Martin', Lead__c: '00Q000000000001AAA' }), language: 'en' }), 'Inbound call – Paul Martin');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: '' }), language: 'fr' }), 'Appel entrant – 01 23 45 67 89');
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: '', Direction__c: 'Outbound' }), language: 'fr' }), 'Appel sortant – +33 9 70 00 00 00');
});

test('subject: a call with no name and no number is just the direction', () => {
    assert.equal(fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: '', From_Number__c: '' }), language: 'en' }), 'Inbound call');
});

test('subject: never longer than the 255 characters of Task.Subject', () => {
    const subject = fx.formula('fxActivitySubject', { record: call({ Caller_Name__c: 'x'.repeat(300) }), language: 'fr' });
    assert.equal(subject.length, 255);
    assert.ok(subject.startsWith('Appel entrant – xxx'));
});

test('party name: caller name wins over the linked contact', () => {
    assert.equal(fx.formula('fxPartyName', { record: call({ 'Contact__r.Name': 'Marie Curie' }) }), 'Jean Dupont');
});

test('direction and outcome labels follow the user language, unknown values show their API name', () => {
    assert.equal(fx.formula('fxDirectionLabel', { record: call({ Direction__c: 'Outbound' }), language: 'en' }), 'Outbound call');
    assert.equal(fx.formula('fxOutcomeLabel', { record: call({ Outcome__c: 'No_Answer' }), language: 'fr' }), 'Pas de réponse');
    assert.equal(fx.formula('fxOutcomeLabel', { record: call({ Outcome__c: 'Busy' }), language: 'en' }), 'Busy');
    assert.equal(fx.formula('fxDispositionLabel', { record: call({ Disposition__c: 'Callback_Requested' }), language: 'fr' }), 'Rappel demandé');
    assert.equal(fx.formula('fxDispositionLabel', { record: call({ Disposition__c: 'Partner_Referral' }), language: 'fr' }), 'Partner_Referral');
});

test('CallDisposition: outcome, then the disposition chosen at wrap-up', () => {
    assert.equal(fx.formula('fxCallDisposition', { record: call({ Disposition__c: 'Sale' }), language: 'en' }), 'Answered – Sale');
    assert.equal(fx.formula('fxCallDisposition', { record: call({ Disposition__c: 'Wrong_Number' }), language: 'fr' }), 'Décroché – Mauvais numéro');
    assert.equal(fx.formula('fxCallDisposition', { record: call({ Outcome__c: 'Missed' }), language: 'en' }), 'Missed call');
});

test('WhoId: the contact, else the lead', () => {
    assert.equal(fx.formula('fxWhoId', { record: call({ Contact__c: '003000000000001AAA', Lead__c: '' }) }), '003000000000001AAA');
    assert.equal(fx.formula('fxWhoId', { record: call({ Lead__c: '00Q000000000001AAA' }) }), '00Q000000000001AAA');
    assert.equal(fx.formula('fxWhoId', { record: call() }), '');
});

test('WhatId: opportunity, else case, else account; empty for a lead', () => {
    const related = { Contact__c: '003000000000001AAA', Opportunity__c: '006000000000001AAA', Case__c: '500000000000001AAA', Account__c: '001000000000001AAA' };
    assert.equal(fx.formula('fxWhatId', { record: call(related) }), '006000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ ...related, Opportunity__c: '' }) }), '500000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ ...related, Opportunity__c: '', Case__c: '' }) }), '001000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ Account__c: '001000000000001AAA' }) }), '001000000000001AAA');
    assert.equal(fx.formula('fxWhatId', { record: call({ Lead__c: '00Q000000000001AAA', Account__c: '001000000000001AAA' }) }), '');
});

test('owner: the agent, else whoever created the call (Diamy integration user)', () => {
    assert.equal(fx.formula('fxOwnerId', { record: call() }), '005000000000001AAA');
    assert.equal(fx.formula('fxOwnerId', { record: call({ Agent__c: '' }) }), '005000000000009AAA');
});

test('activity date: the day the call started (GMT), the end day when the start is missing', () => {
    assert.equal(fx.formula('fxActivityDate', { record: call() }).toISOString().slice(0, 10), '2025-03-14');
    assert.equal(fx.formula('fxActivityDate', { record: call({ Started_At__c: null, Ended_At__c: '2025-03-15T00:10:00Z' }) }).toISOString().slice(0, 10), '2025-03-15');
});

test('dedup lookup window: Tasks created from one day before the call record', () => {
    assert.equal(fx.formula('fxSearchFrom', { record: call() }).toISOString(), '2025-03-13T10:04:12.000Z');
    // Never null: a Get Records filter on a null value fails the flow.
    assert.equal(fx.formula('fxSearchFrom', { record: call({ CreatedDate: null }), now: new Date('2025-03-14T10:05:00Z') }).toISOString(), '2025-03-13T10:05:00.000Z');
});

test('fault log message: the translated text with the fault, cut to the 255 characters of Message__c', () => {
    const message = fx.formula('fxFaultLogMessage', { faultMessage: 'FIELD_INTEGRITY_EXCEPTION: Assigned To ID: owner cannot be inactive user', language: 'en' });
    assert.equal(message, 'Could not log the call as an activity: FIELD_INTEGRITY_EXCEPTION: Assigned To ID: owner cannot be inactive user');
    assert.ok(fx.formula('fxFaultLogMessage', { faultMessage: 'y'.repeat(400), language: 'fr' }).startsWith('Impossible d’enregistrer'));
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'y'.repeat(400) }).length, 255);
});

test('Task description: the notes, cut to the 32,000 characters of Task.Description (Notes__c holds 32,768)', () => {
    assert.equal(fx.formula('fxTaskDescription', { record: call({ Notes__c: 'Devis envoyé.' }) }), 'Devis envoyé.');
    assert.equal(fx.formula('fxTaskDescription', { record: call({ Notes__c: 'n'.repeat(32768) }) }).length, 32000);
    assert.equal(fx.formula('fxTaskDescription', { record: call({ Notes__c: null }) }), '');
    for (const element of [...flow.doc.recordCreates, ...flow.doc.recordUpdates].filter((e) => e.object === 'Task')) {
        const description = element.inputAssignments.find((a) => a.field === 'Description');
        assert.equal(description.value[0].elementReference, 'fxTaskDescription', `${element.name} writes the notes uncut`);
    }
});

test('every formula and the entry condition of the flow were evaluated above', () => {
    assert.deepEqual(fx.evaluated(), fx.expected());
});
