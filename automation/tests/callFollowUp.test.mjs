// Formulas of the flow Diamy_Call_Follow_Up (follow-up rules), evaluated with formulon on representative calls and
// on the rules shipped as Diamy_Task_Rule__mdt records. matchingRules() replays the flow's rules loop (Sort Order,
// skip once a matched rule has Stop After Match) on top of the flow's own fxRuleMatches formula, over the rules that
// the flow's own Get_Rules filters select (filter logic and formula values evaluated, not re-implemented).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFlows, createEvaluator, loadCustomMetadata } from '../lib/flowFormulas.mjs';
import { compileFilterLogic } from '../lib/filterLogic.mjs';

const flow = loadFlows().find((f) => f.name === 'Diamy_Call_Follow_Up');
const fx = createEvaluator(flow);
const shipped = loadCustomMetadata('Diamy_Task_Rule');
const rule = (developerName, changes = {}) => ({ DeveloperName: developerName, ...shipped.get(developerName).values, ...changes });
const blankRule = (changes = {}) => ({ DeveloperName: 'Custom', ...Object.fromEntries(Object.keys(shipped.get('Voicemail').values).map((k) => [k, null])), ...changes });

const NOW = new Date('2025-03-14T10:05:00Z');
const TODAY = new Date('2025-03-14T00:00:00Z');
const missed = {
    Id: 'a01000000000002AAA',
    Diamy_Call_Id__c: 'dmy-8f2c-0002',
    Direction__c: 'Inbound',
    Outcome__c: 'Missed',
    From_Number__c: '01 23 45 67 89',
    From_Number_E164__c: '+33123456789',
    To_Number__c: '09 70 00 00 00',
    To_Number_E164__c: '+33970000000',
    Caller_Name__c: '',
    Contact__c: '003000000000001AAA',
    'Contact__r.Name': 'Jean Dupont',
    'Contact__r.OwnerId': '005000000000005AAA',
    Started_At__c: '2025-03-14T10:03:30Z',
    Ended_At__c: '2025-03-14T10:04:00Z',
    Wait_Seconds__c: 30,
    CreatedById: '005000000000009AAA'
};
const call = (changes = {}) => ({ ...missed, ...changes });
const input = (record, varRule, extra = {}) => ({ record, variables: { varRule }, now: NOW, today: TODAY, ...extra });

/** The rules Get_Rules returns for these records and Diamy Settings, in Sort Order: its EqualTo filters and filter logic. */
function selectedRules(records, setup = {}) {
    const getRules = flow.doc.recordLookups.find((l) => l.name === 'Get_Rules');
    const accepts = compileFilterLogic(getRules.filterLogic, getRules.filters.length);
    const valueOf = (filter) => {
        const value = filter.value[0] ?? filter.value;
        if (value.booleanValue !== undefined) return value.booleanValue === 'true';
        if (value.elementReference) return fx.formula(value.elementReference, { setup });
        throw new Error(`Get_Rules filter on ${filter.field}: unsupported value ${JSON.stringify(value)}`);
    };
    for (const filter of getRules.filters) assert.equal(filter.operator, 'EqualTo', `Get_Rules filter on ${filter.field}`);
    return records.filter((r) => accepts(getRules.filters.map((filter) => (r[filter.field] ?? false) === valueOf(filter)))).sort((a, b) => a.Sort_Order__c - b.Sort_Order__c);
}

function matchingRules(record, setup = {}, extraRules = []) {
    const active = selectedRules([...[...shipped.keys()].map((name) => rule(name)), ...extraRules], setup);
    const matched = [];
    for (const r of active) {
        if (fx.formula('fxRuleMatches', input(record, r))) {
            matched.push(r.DeveloperName);
            if (r.Stop_After_Match__c) {
                break;
            }
        }
    }
    return matched;
}

test('entry condition: created ended calls and outcome or end changes; not notes-only edits', () => {
    assert.equal(fx.entryCondition({ record: call(), isNew: true }), true);
    assert.equal(fx.entryCondition({ record: call({ Ended_At__c: null }), isNew: true }), false);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Outcome__c'] }), true);
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Notes__c', 'Task_Id__c'] }), false);
    // The flow's own Stamp_Call and the Task flow write only these: the second save does not run the rules again.
    assert.equal(fx.entryCondition({ record: call(), isNew: false, changed: ['Follow_Up_Task_Id__c', 'Follow_Up_Open__c', 'Follow_Up_Due_Date__c'] }), false);
});

test('shipped rules apply until Diamy Settings turns them off; the admin’s own rules always apply', () => {
    assert.ok([...shipped.values()].every((r) => r.values.Shipped__c === true), 'every shipped rule is marked Shipped');
    const own = rule('Missed_Known_Caller', { DeveloperName: 'My_Callback', Shipped__c: false, Sort_Order__c: 5, Stop_After_Match__c: false });
    const inactiveOwn = { ...own, DeveloperName: 'My_Inactive', Active__c: false };
    assert.deepEqual(matchingRules(call()), ['Missed_Known_Caller']);
    assert.deepEqual(matchingRules(call(), {}, [own, inactiveOwn]), ['My_Callback', 'Missed_Known_Caller']);
    const off = { Diamy_Settings__c: { Shipped_Rules_Off__c: true } };
    assert.deepEqual(matchingRules(call(), off), []);
    assert.deepEqual(matchingRules(call(), off, [own, inactiveOwn]), ['My_Callback']);
    assert.equal(fx.formula('fxShippedRulesApply', {}), true, 'no Diamy Settings record: shipped rules apply');
});

test('shipped rules: a missed inbound call from a known contact gets the callback rule only', () => {
    assert.deepEqual(matchingRules(call()), ['Missed_Known_Caller']);
    assert.deepEqual(matchingRules(call({ Outcome__c: 'No_Answer' })), ['Missed_Known_Caller']);
    assert.deepEqual(matchingRules(call({ Contact__c: '', Lead__c: '00Q000000000001AAA' })), ['Missed_Known_Caller']);
});

test('shipped rules: voicemail gets the voicemail rule, known caller or not', () => {
    assert.deepEqual(matchingRules(call({ Outcome__c: 'Voicemail' })), ['Voicemail']);
    assert.deepEqual(matchingRules(call({ Outcome__c: 'Voicemail', Contact__c: '' })), ['Voicemail']);
});

test('shipped rules: answered calls, outbound calls and missed calls from unknown numbers create nothing', () => {
    assert.deepEqual(matchingRules(call({ Outcome__c: 'Answered' })), []);
    assert.deepEqual(matchingRules(call({ Direction__c: 'Outbound' })), []);
    assert.deepEqual(matchingRules(call({ Contact__c: '' })), []);
});

test('rule conditions: outcome list with spaces, direction, minimum wait', () => {
    const r = blankRule({ Outcome__c: 'Busy; No_Answer', Direction__c: 'Outbound', Minimum_Wait_Seconds__c: 20 });
    assert.equal(fx.formula('fxRuleMatches', input(call({ Direction__c: 'Outbound', Outcome__c: 'No_Answer' }), r)), true);
    assert.equal(fx.formula('fxRuleMatches', input(call({ Direction__c: 'Outbound', Outcome__c: 'Missed' }), r)), false);
    assert.equal(fx.formula('fxRuleMatches', input(call({ Direction__c: 'Inbound', Outcome__c: 'Busy' }), r)), false);
    assert.equal(fx.formula('fxRuleMatches', input(call({ Direction__c: 'Outbound', Outcome__c: 'Busy', Wait_Seconds__c: 5 }), r)), false);
    assert.equal(fx.formula('fxRuleMatches', input(call(), blankRule())), true, 'a rule without conditions matches every call');
});

test('rule conditions: related record kinds', () => {
    const rel = (kind, record) => fx.formula('fxRuleMatches', input(call({ Contact__c: '', ...record }), blankRule({ Related_Object__c: kind })));
    assert.equal(rel('Unknown_Caller', {}), true);
    assert.equal(rel('Unknown_Caller', { Account__c: '001000000000001AAA' }), false);
    assert.equal(rel('Account', { Account__c: '001000000000001AAA' }), true);
    assert.equal(rel('Opportunity', { Account__c: '001000000000001AAA' }), false);
    assert.equal(rel('Opportunity', { Opportunity__c: '006000000000001AAA' }), true);
    assert.equal(rel('Case', { Case__c: '500000000000001AAA' }), true);
    assert.equal(rel('Lead', { Lead__c: '00Q000000000001AAA' }), true);
    assert.equal(rel('Contact', {}), false);
});

test('business hours: weekday and local hour window with the rule offset', () => {
    const r = blankRule({ Business_Hours__c: 'Inside', Business_Days__c: '1;2;3;4;5', Business_Hours_Start__c: 9, Business_Hours_End__c: 18, UTC_Offset_Hours__c: 1 });
    const at = (iso) => input(call({ Started_At__c: iso }), r);
    // 2025-03-14 is a Friday. 07:30Z = 08:30 local (before 9), 08:30Z = 09:30, 16:59Z = 17:59, 17:00Z = 18:00 (closed).
    assert.equal(fx.formula('fxLocalHoursSinceMonday', at('2025-03-14T08:30:00Z')) % 24, 9.5);
    assert.equal(fx.formula('fxInBusinessHours', at('2025-03-14T07:30:00Z')), false);
    assert.equal(fx.formula('fxInBusinessHours', at('2025-03-14T08:30:00Z')), true);
    assert.equal(fx.formula('fxInBusinessHours', at('2025-03-14T16:59:00Z')), true);
    assert.equal(fx.formula('fxInBusinessHours', at('2025-03-14T17:00:00Z')), false);
    assert.equal(fx.formula('fxInBusinessHours', at('2025-03-15T10:00:00Z')), false, 'Saturday');
    // Sunday 23:30Z is Monday 00:30 local: a weekday, but outside the hours.
    assert.equal(fx.formula('fxLocalHoursSinceMonday', at('2025-03-16T23:30:00Z')) % (24 * 7), 0.5);
    assert.equal(fx.formula('fxRuleMatches', at('2025-03-14T08:30:00Z')), true);
    assert.equal(fx.formula('fxRuleMatches', input(call({ Started_At__c: '2025-03-15T10:00:00Z' }), { ...r, Business_Hours__c: 'Outside' })), true);
});

test('business hours: defaults Monday to Friday, 9 to 18, GMT when the rule leaves them blank', () => {
    const r = blankRule({ Business_Hours__c: 'Inside' });
    assert.equal(fx.formula('fxInBusinessHours', input(call({ Started_At__c: '2025-03-14T09:00:00Z' }), r)), true);
    assert.equal(fx.formula('fxInBusinessHours', input(call({ Started_At__c: '2025-03-14T18:00:00Z' }), r)), false);
});

test('call start: the end time stands in when the start is missing', () => {
    assert.equal(fx.formula('fxCallStart', input(call({ Started_At__c: null }), blankRule())).toISOString(), '2025-03-14T10:04:00.000Z');
});

test('number and name of the other party', () => {
    assert.equal(fx.formula('fxCallerNumber', input(call(), blankRule())), '+33123456789');
    assert.equal(fx.formula('fxCallerNumber', input(call({ From_Number_E164__c: '' }), blankRule())), '01 23 45 67 89');
    assert.equal(fx.formula('fxCallerNumber', input(call({ Direction__c: 'Outbound' }), blankRule())), '+33970000000');
    assert.equal(fx.formula('fxCallerName', input(call(), blankRule())), 'Jean Dupont');
    assert.equal(fx.formula('fxCallerName', input(call({ Contact__c: '', 'Contact__r.Name': '' }), blankRule())), '+33123456789');
});

test('the caller name is trusted from Diamy’s server only: a softphone call’s name is agent-written text', () => {
    const named = { Caller_Name__c: 'Gagnez un iPhone', Contact__c: '', 'Contact__r.Name': '' };
    assert.equal(fx.formula('fxCallerName', input(call({ ...named, Source__c: 'Diamy_Server' }), blankRule())), 'Gagnez un iPhone');
    assert.equal(fx.formula('fxCallerName', input(call({ ...named, Source__c: 'Softphone' }), blankRule())), '+33123456789');
    assert.equal(fx.formula('fxCallerName', input(call({ Caller_Name__c: 'Gagnez un iPhone', Source__c: 'Softphone' }), blankRule())), 'Jean Dupont');
    assert.equal(fx.formula('fxCallerName', input(call({ Caller_Name__c: 'Standard Acme', Source__c: 'Diamy_Server' }), blankRule())), 'Standard Acme');
});

test('default subject and comments are translated; templates replace every token', () => {
    const r = rule('Missed_Known_Caller');
    assert.equal(fx.formula('fxFollowUpSubject', { ...input(call(), r), language: 'fr' }), 'Appel manqué – rappeler Jean Dupont');
    assert.equal(fx.formula('fxFollowUpSubject', { ...input(call(), r), language: 'en' }), 'Missed call – call back Jean Dupont');
    assert.equal(fx.formula('fxFollowUpComments', { ...input(call(), r), language: 'fr' }), 'Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-8f2c-0002.');
    const custom = blankRule({ Subject_Template__c: 'Rappeler {Caller} ({Number})', Comments_Template__c: '{Direction}/{Outcome}/{Wait}/{CallId}' });
    assert.equal(fx.formula('fxFollowUpSubject', input(call(), custom)), 'Rappeler Jean Dupont (+33123456789)');
    assert.equal(fx.formula('fxFollowUpComments', input(call({ Wait_Seconds__c: null }), custom)), 'Inbound call/Missed call/0/dmy-8f2c-0002');
    assert.equal(fx.formula('fxFollowUpSubject', input(call({ Source__c: 'Diamy_Server', Caller_Name__c: 'z'.repeat(300) }), custom)).length, 255);
});

test('labels for the template tokens', () => {
    assert.equal(fx.formula('fxDirectionLabel', { ...input(call({ Direction__c: 'Internal' }), blankRule()), language: 'fr' }), 'Appel interne');
    assert.equal(fx.formula('fxOutcomeLabel', { ...input(call({ Outcome__c: 'Abandoned' }), blankRule()), language: 'en' }), 'Abandoned');
});

test('due date: today plus days, or plus the whole days in hours; reminder for hours', () => {
    const due = (value, unit) => fx.formula('fxDueDate', input(call(), blankRule({ Due_In_Value__c: value, Due_In_Unit__c: unit }))).toISOString().slice(0, 10);
    assert.equal(due(0, 'Days'), '2025-03-14');
    assert.equal(due(null, null), '2025-03-14');
    assert.equal(due(2, 'Days'), '2025-03-16');
    assert.equal(due(4, 'Hours'), '2025-03-14');
    assert.equal(due(30, 'Hours'), '2025-03-15');
    assert.equal(fx.formula('fxHasReminder', input(call(), blankRule({ Due_In_Value__c: 2, Due_In_Unit__c: 'Hours' }))), true);
    assert.equal(fx.formula('fxHasReminder', input(call(), blankRule({ Due_In_Value__c: 2, Due_In_Unit__c: 'Days' }))), false);
    assert.equal(fx.formula('fxReminderAt', input(call(), blankRule({ Due_In_Value__c: 2, Due_In_Unit__c: 'Hours' }))).toISOString(), '2025-03-14T12:05:00.000Z');
});

test('owner: record owner, agent with record-owner fallback; queue-owned records are skipped', () => {
    const owner = (assignee, record) => fx.formula('fxAssigneeId', input(call(record), blankRule({ Assignee__c: assignee })));
    assert.equal(owner('Record_Owner', { Agent__c: '005000000000001AAA' }), '005000000000005AAA');
    assert.equal(owner('Agent', { Agent__c: '005000000000001AAA' }), '005000000000001AAA');
    assert.equal(owner('Agent', {}), '005000000000005AAA');
    const queueLead = { Contact__c: '', 'Contact__r.OwnerId': '', Lead__c: '00Q000000000001AAA', 'Lead__r.OwnerId': '00G000000000001AAA', Account__c: '001000000000001AAA', 'Account__r.OwnerId': '005000000000007AAA' };
    assert.equal(fx.formula('fxRecordOwnerId', input(call(queueLead), blankRule())), '005000000000007AAA');
    assert.equal(fx.formula('fxRecordOwnerId', input(call({ Contact__c: '', 'Contact__r.OwnerId': '' }), blankRule())), '005000000000009AAA', 'nobody: the creator of the call');
    assert.equal(fx.formula('fxRecordOwnerId', input(call({ 'Contact__r.OwnerId': '', Opportunity__c: '006000000000001AAA', 'Opportunity__r.OwnerId': '005000000000006AAA' }), blankRule())), '005000000000006AAA');
    assert.equal(fx.formula('fxRecordOwnerId', input(call({ 'Contact__r.OwnerId': '', Case__c: '500000000000001AAA', 'Case__r.OwnerId': '005000000000008AAA' }), blankRule())), '005000000000008AAA');
});

test('priority: the rule value, else Normal', () => {
    assert.equal(fx.formula('fxPriority', input(call(), rule('Voicemail'))), 'High');
    assert.equal(fx.formula('fxPriority', input(call(), blankRule())), 'Normal');
});

test('WhoId and WhatId follow the activity rules (no WhatId with a lead)', () => {
    assert.equal(fx.formula('fxWhoId', input(call(), blankRule())), '003000000000001AAA');
    assert.equal(fx.formula('fxWhatId', input(call({ Account__c: '001000000000001AAA', Case__c: '500000000000001AAA' }), blankRule())), '500000000000001AAA');
    assert.equal(fx.formula('fxWhatId', input(call({ Contact__c: '', Lead__c: '00Q000000000001AAA', Account__c: '001000000000001AAA' }), blankRule())), '');
});

test('dedup key: number and rule; prefix fetches every rule for the number', () => {
    assert.equal(fx.formula('fxFollowUpKey', input(call(), rule('Missed_Known_Caller'))), '+33123456789|Missed_Known_Caller');
    assert.equal(fx.formula('fxFollowUpKeyPrefix', input(call(), rule('Missed_Known_Caller'))), '+33123456789|');
    assert.notEqual(fx.formula('fxFollowUpKey', input(call(), rule('Voicemail'))), fx.formula('fxFollowUpKey', input(call(), rule('Missed_Known_Caller'))));
});

test('dedup: only with a positive window and a known number; window capped at 168 hours', () => {
    assert.equal(fx.formula('fxDedupEnabled', input(call(), rule('Missed_Known_Caller'))), true);
    assert.equal(fx.formula('fxDedupEnabled', input(call(), blankRule({ Dedup_Window_Hours__c: 0 }))), false);
    assert.equal(fx.formula('fxDedupEnabled', input(call({ From_Number__c: '', From_Number_E164__c: '' }), rule('Missed_Known_Caller'))), false);
    assert.equal(fx.formula('fxRuleDedupFrom', input(call(), rule('Missed_Known_Caller'))).toISOString(), '2025-03-13T10:05:00.000Z');
    assert.equal(fx.formula('fxRuleDedupFrom', input(call(), blankRule({ Dedup_Window_Hours__c: 500 }))).toISOString(), '2025-03-07T10:05:00.000Z');
    assert.equal(fx.formula('fxDedupSearchFrom', input(call(), blankRule())).toISOString(), '2025-03-07T10:05:00.000Z');
});

test('a repeated call appends a translated line to the open follow-up', () => {
    const existing = 'Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-1.';
    const base = { ...input(call(), rule('Missed_Known_Caller')), language: 'fr' };
    base.variables = { ...base.variables, varExistingDescription: existing };
    assert.equal(fx.formula('fxRepeatLine', base), 'Nouvel appel : Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-8f2c-0002.');
    assert.equal(fx.template('ttAppendedDescription', base), `${existing}\nNouvel appel : Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-8f2c-0002.`);
    assert.equal(fx.formula('fxAppendedDescription', base).split('\n').length, 2);
    const long = { ...base, variables: { ...base.variables, varExistingDescription: 'x'.repeat(32000) } };
    assert.equal(fx.formula('fxAppendedDescription', long).length, 32000);
});

test('a duplicate follow-up of the same batch is merged into the older one with the repeat line', () => {
    const keeper = { Id: '00T000000000001AAA', Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller', Description: 'Appel entrant du +33123456789 (Appel manqué). Appel Diamy dmy-1.' };
    const mine = { Id: '00T000000000002AAA', Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller', Description: 'Appel entrant du +33123456789 (Appel manqué). Appel Diamy dmy-2.' };
    const merged = fx.template('ttMergedDescription', { variables: { varKeeper: keeper, varMine: mine }, language: 'fr' });
    assert.equal(merged, `${keeper.Description}\nNouvel appel : ${mine.Description}`);
    const long = { variables: { varKeeper: { ...keeper, Description: 'x'.repeat(32000) }, varMine: mine }, language: 'fr' };
    assert.equal(fx.formula('fxMergedDescription', long).length, 32000);
});

test('the batch window starts when the call was saved, and never at null (a Get Records filter on null fails the flow)', () => {
    assert.equal(fx.formula('fxBatchSavedAt', { record: call({ LastModifiedDate: '2025-03-14T10:04:30Z' }), now: NOW }).toISOString(), '2025-03-14T10:04:30.000Z');
    assert.equal(fx.formula('fxBatchSavedAt', { record: call(), now: NOW }).toISOString(), NOW.toISOString());
});

test('fault log message: translated, with the fault, 255 characters at most', () => {
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'INVALID_CROSS_REFERENCE_KEY', language: 'en' }), 'Could not create or update the follow-up task: INVALID_CROSS_REFERENCE_KEY');
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'q'.repeat(300), language: 'fr' }).length, 255);
});

test('entry condition: a callback time set or changed runs the rules again; the same callback saved again does not', () => {
    assert.equal(fx.entryCondition({ record: call({ Callback_At__c: '2025-03-17T09:30:00Z' }), isNew: false, changed: ['Callback_At__c', 'Notes__c'] }), true);
    assert.equal(fx.entryCondition({ record: call({ Callback_At__c: '2025-03-17T09:30:00Z' }), isNew: false, changed: ['Disposition__c'] }), false);
});

test('callback time: a callback-time rule acts when the callback time is set or changed, the others only when the call ends', () => {
    const callbackRule = blankRule({ Outcome__c: 'Answered', Due_From__c: 'Callback_Time' });
    const endRule = blankRule({ Outcome__c: 'Answered', Due_From__c: 'Call_End' });
    const blankFrom = blankRule({ Outcome__c: 'Answered' });
    const answered = call({ Outcome__c: 'Answered', Callback_At__c: '2025-03-17T09:30:00Z' });
    const wrapUp = { isNew: false, changed: ['Callback_At__c', 'Disposition__c'] };
    const matches = (r, record, save) => fx.formula('fxRuleMatches', { ...input(record, r), ...save });
    assert.equal(fx.formula('fxFromCallback', input(answered, callbackRule)), true);
    assert.equal(fx.formula('fxFromCallback', input(answered, endRule)), false);
    assert.equal(fx.formula('fxFromCallback', input(answered, blankFrom)), false, 'blank counts from the end of the call');
    // The wrap-up gives a callback time: only the callback-time rule acts.
    assert.equal(matches(callbackRule, answered, wrapUp), true);
    assert.equal(matches(endRule, answered, wrapUp), false);
    assert.equal(matches(blankFrom, answered, wrapUp), false);
    // The call is saved (new): end-of-call rules act; a callback-time rule only if the call already has a callback time.
    assert.equal(matches(endRule, answered, { isNew: true }), true);
    assert.equal(matches(callbackRule, answered, { isNew: true }), true);
    assert.equal(matches(callbackRule, call({ Outcome__c: 'Answered' }), { isNew: true }), false, 'no callback time, no callback follow-up');
    // The callback time is cleared: nothing acts.
    assert.equal(matches(callbackRule, call({ Outcome__c: 'Answered', Callback_At__c: null }), { isNew: false, changed: ['Callback_At__c'] }), false);
    assert.equal(fx.formula('fxCallFactsChanged', { ...input(answered, endRule), isNew: false, changed: ['Outcome__c'] }), true);
    assert.equal(fx.formula('fxCallFactsChanged', { ...input(answered, endRule), isNew: false, changed: ['Ended_At__c'] }), true);
    assert.equal(fx.formula('fxCallbackChanged', { ...input(answered, callbackRule), isNew: false, changed: ['Notes__c'] }), false);
});

test('callback time: due that day (GMT) plus Due In, reminder at the callback time plus Due In hours', () => {
    const at = '2025-03-17T09:30:00Z';
    const r = (changes) => blankRule({ Due_From__c: 'Callback_Time', ...changes });
    const answered = call({ Outcome__c: 'Answered', Callback_At__c: at });
    const due = (changes) => fx.formula('fxDueDate', input(answered, r(changes))).toISOString().slice(0, 10);
    assert.equal(due({}), '2025-03-17');
    assert.equal(due({ Due_In_Value__c: 1, Due_In_Unit__c: 'Days' }), '2025-03-18');
    assert.equal(due({ Due_In_Value__c: 30, Due_In_Unit__c: 'Hours' }), '2025-03-18');
    assert.equal(fx.formula('fxHasReminder', input(answered, r({}))), true);
    assert.equal(fx.formula('fxReminderAt', input(answered, r({}))).toISOString(), '2025-03-17T09:30:00.000Z');
    assert.equal(fx.formula('fxReminderAt', input(answered, r({ Due_In_Value__c: 2, Due_In_Unit__c: 'Hours' }))).toISOString(), '2025-03-17T11:30:00.000Z');
    assert.equal(fx.formula('fxReminderAt', input(answered, r({ Due_In_Value__c: 2, Due_In_Unit__c: 'Days' }))).toISOString(), '2025-03-17T09:30:00.000Z');
    assert.equal(fx.formula('fxCallbackAt', input(call(), r({}))).toISOString(), NOW.toISOString(), 'never null (unused then)');
});

test('callback time: a rescheduled follow-up gets this call’s line only for a new call', () => {
    const existing = 'Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-1.';
    const base = { ...input(call({ Callback_At__c: '2025-03-17T09:30:00Z' }), blankRule({ Due_From__c: 'Callback_Time' })), language: 'fr' };
    base.variables = { ...base.variables, varExistingDescription: existing };
    assert.equal(fx.formula('fxRescheduledDescription', { ...base, isNew: false, changed: ['Callback_At__c'] }), existing);
    assert.equal(fx.formula('fxRescheduledDescription', { ...base, isNew: true }).split('\n').length, 2);
});

test('every formula, text template and the entry condition of the flow were evaluated above', () => {
    assert.deepEqual(fx.evaluated(), fx.expected());
});
