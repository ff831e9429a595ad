// The browser check's own judgement (scripts/workbench-check/kit.mjs), against good and bad fixtures: the
// comparison of the sandbox's calls with the org's Diamy_Call__c rows, and the English label texts the French page
// must not show.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareRows, englishLabelPatterns } from '../workbench-check/kit.mjs';

const call = (id, state = 'ended', extra = {}) => ({
    id,
    state,
    status: state === 'ended' ? 'answered' : null,
    direction: 'inbound',
    from: { number: '+33612345678', name: 'Sophie Bernard', withheld: false, user_id: null },
    to: { number: '+33189000201', name: 'Camille Martin', withheld: false, user_id: 'usr_camille.martin' },
    ...extra
});
const row = (callId, fields = {}) => ({
    Id: `a01${callId}`,
    Diamy_Call_Id__c: callId,
    Direction__c: 'Inbound',
    Outcome__c: 'Answered',
    ...fields
});

describe('compareRows: each ended call exactly one Diamy_Call__c, with the fields expected', () => {
    it('accepts one row per ended call and no row for a live call', () => {
        assert.deepEqual(
            compareRows([call('c1'), call('c2', 'active')], [row('c1')], [{ call: 'c1', fields: { Outcome__c: 'Answered' } }]),
            []
        );
    });

    it('names a lost call, a doubled call, a row for a call that is not over and a row for an unknown call', () => {
        const problems = compareRows(
            [call('lost'), call('doubled'), call('live', 'active')],
            [row('doubled'), row('doubled'), row('live'), row('other')],
            []
        );
        assert.equal(problems.length, 4, problems.join('\n'));
        assert.match(problems[0], /lost: no Diamy_Call__c/);
        assert.match(problems[1], /doubled: 2 Diamy_Call__c \(doubled\)/);
        assert.match(problems.join('\n'), /live, which is not over/);
        assert.match(problems.join('\n'), /for other, not a call of the agent/);
    });

    it('compares fields: a value, null for blank (absent or null), a RegExp, a predicate', () => {
        const rows = [row('c1', { Contact__c: '003A', Lead__c: null, Notes__c: 'avoir envoyé', Talk_Seconds__c: 12 })];
        const fine = { Contact__c: '003A', Lead__c: null, Account__c: null, Notes__c: /avoir/, Talk_Seconds__c: (v) => v > 10 };
        assert.deepEqual(compareRows([call('c1')], rows, [{ call: call('c1'), fields: fine }]), []);
        const wrong = { Contact__c: '003B', Lead__c: '00QA', Notes__c: /devis/, Talk_Seconds__c: (v) => v > 60 };
        const [problem] = compareRows([call('c1')], rows, [{ call: 'c1', fields: wrong }]);
        for (const field of Object.keys(wrong)) assert.match(problem, new RegExp(field));
    });

    it('consult legs: a record each while they are logged; none at all once the consultation is on the customer call', () => {
        const customer = call('c1');
        const leg = call('leg', 'ended', { direction: 'internal', parent_call_id: 'c1' });
        assert.deepEqual(compareRows([customer, leg], [row('c1'), row('leg')], []), []);
        assert.match(compareRows([customer, leg], [row('c1')], []).join(), /leg: no Diamy_Call__c/);
        const onCustomer = { consultLegsLogged: false };
        assert.deepEqual(compareRows([customer, leg], [row('c1')], [], onCustomer), []);
        assert.match(
            compareRows([customer, leg], [row('c1'), row('leg')], [], onCustomer).join(),
            /a consult leg with 1 Diamy_Call__c of its own/
        );
        assert.match(compareRows([customer, leg], [], [], onCustomer).join(), /c1: no Diamy_Call__c/);
    });

    it('an expected call that is not over is a problem, not a pass', () => {
        assert.match(compareRows([call('c1', 'ringing')], [], [{ call: 'c1', fields: {} }]).join(), /not over/);
        assert.match(compareRows([], [], [{ call: 'c9', fields: {} }]).join(), /c9 is not over/);
    });
});

describe('englishLabelPatterns: English label texts whose French differs', () => {
    const patterns = englishLabelPatterns();
    const hits = (text) => patterns.filter((p) => p.pattern.test(text)).map((p) => p.text);

    it('finds English words, also in capitals, and not inside French words', () => {
        assert.ok(hits('Mettre en attente · Hold').includes('Hold'));
        assert.ok(hits('RECENT CALLS').includes('Recent calls'));
        assert.deepEqual(hits('Téléphone · Conférence · Transférer · Consultation · Notes'), []);
    });

    it('cuts labels at their placeholders and leaves out labels French keeps as they are', () => {
        assert.ok(hits('Incoming call: Sophie Bernard').includes('Incoming call'));
        assert.ok(!patterns.some((p) => p.name === 'Diamy_Softphone_Notes'), 'Notes is the same word in French');
    });
});
