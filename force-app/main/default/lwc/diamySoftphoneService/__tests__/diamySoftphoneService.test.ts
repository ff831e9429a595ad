import {
    colleagueItems,
    connectionView,
    dialTarget,
    focusOf,
    incomingLabel,
    isPresence,
    orgIdFromUser,
    WrapUpDrafts,
    DRAFT_TTL_MS,
    partyView,
    consultView,
    timeAgo,
    shortcutOf,
    emptyForm,
    formOfDraft,
    phaseLabel,
    wrapUpOfForm,
    mergeWrapUpPatch,
    picklistOptions,
    presenceLabel,
    presenceOptions,
    recentItems,
    talkSeconds,
    talkTime
} from 'c/diamySoftphoneService';
import type { WrapUpDraft } from 'c/diamySoftphoneService';
import { initialState } from 'c/diamyCallState';
import type { Call, CallPhase, TelephonyState } from 'c/diamyCallState';
import { resetDom } from 'diamy-test/lwcTestUtils';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';
import type * as ServiceApi from 'c/diamySoftphoneService';
import { MemoryStorage } from 'diamy-test/diamyFakeOrg';
import { makeCall } from 'diamy-test/diamyCallFixtures';

function stateWith(...entries: [Call, CallPhase][]): TelephonyState {
    const calls: TelephonyState['calls'] = Object.fromEntries(
        entries.map(([call, phase]) => [call.id, { call, phase, lastSeq: 1, voicemailId: null }])
    );
    return { ...initialState(), calls };
}

const typedDraft = (): WrapUpDraft => ({
    callId: 'call_1',
    name: 'Sophie Bernard',
    number: '+33612345678',
    disposition: '',
    notes: '',
    callbackAt: '',
    followUpOn: false,
    followUpSubject: '',
    followUpDueDate: '',
    followUpAssigneeId: '',
    savedAt: 0
});

describe('c-diamy-softphone-service', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('shows the connection, and that another tab owns the phone in a follower', () => {
        expect(connectionView('connected', 'leader')).toEqual({ text: 'Connected', badgeClass: 'slds-badge slds-theme_success' });
        expect(connectionView('reconnecting', 'leader').text).toBe('Reconnecting…');
        expect(connectionView('connecting', 'leader').text).toBe('Connecting…');
        expect(connectionView('offline', 'leader').badgeClass).toContain('slds-theme_error');
        expect(connectionView('offline', 'follower').text).toBe('Another tab owns the phone');
        expect(connectionView('bogus' as 'offline', 'leader').text).toBe('Offline');
    });

    it('presence labels and options', () => {
        expect(presenceOptions().map((option) => option.value)).toEqual([
            'available',
            'busy',
            'away',
            'do_not_disturb',
            'offline'
        ]);
        expect(presenceLabel('do_not_disturb')).toBe('Do not disturb');
        expect(presenceLabel('weird')).toBe('weird');
        expect(isPresence('away')).toBe(true);
        expect(isPresence('toString')).toBe(false);
        expect(isPresence(3)).toBe(false);
    });

    it('focuses the call on the line before a ringing one, shows the consult leg beside it, then the latest wrap-up', () => {
        expect(focusOf(initialState())).toEqual({ main: null, consult: null, waiting: null });
        const held = makeCall({ id: 'a', state: 'held', answered_at: '2026-11-25T09:00:05.000Z', consult_call_id: 'b' });
        const leg = makeCall({ id: 'b', direction: 'internal', to: { number: '201', name: 'Nicolas', withheld: false, user_id: null }, parent_call_id: 'a' });
        const waiting = makeCall({ id: 'c' });
        const focus = focusOf(stateWith([waiting, 'ringing_in'], [leg, 'ringing_out'], [held, 'consulting']));
        expect(focus.main?.call.id).toBe('a');
        expect(focus.consult?.call.id).toBe('b');
        expect(focusOf(stateWith([waiting, 'ringing_in'])).main?.call.id).toBe('c');
        const legEnded = focusOf(stateWith([held, 'consulting'], [leg, 'ended']));
        expect(legEnded.consult).toBeNull();
        const first = makeCall({ id: 'w1', ended_at: '2026-11-25T09:01:00.000Z' });
        const second = makeCall({ id: 'w2', ended_at: '2026-11-25T09:05:00.000Z' });
        expect(focusOf(stateWith([first, 'wrap_up'], [second, 'wrap_up'])).main?.call.id).toBe('w2');
        expect(focusOf(stateWith([first, 'wrap_up'], [second, 'wrap_up']), new Set(['w2'])).main?.call.id).toBe('w1');
        expect(focusOf(stateWith([first, 'ended'])).main).toBeNull();
        // A completed consultation: the leg (parent_call_id) ended after the customer call, and the customer call no
        // longer names it — the wrap-up is still the customer's, never the leg's.
        const customer = makeCall({ id: 'a', ended_at: '2026-11-25T09:05:00.000Z', consult_call_id: null });
        const endedLeg = { ...leg, ended_at: '2026-11-25T09:05:01.000Z', parent_call_id: 'a' };
        expect(focusOf(stateWith([endedLeg, 'wrap_up'], [customer, 'wrap_up'])).main?.call.id).toBe('a');
        expect(focusOf(stateWith([endedLeg, 'wrap_up'])).main).toBeNull();
    });

    it('shows a second call ringing during a call as call waiting, never as the main call', () => {
        const onLine = makeCall({ id: 'a', state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });
        const second = makeCall({ id: 'c', from: { number: '+33698765432', name: 'Marc', withheld: false, user_id: null } });
        const focus = focusOf(stateWith([second, 'ringing_in'], [onLine, 'connected']));
        expect(focus.main?.call.id).toBe('a');
        expect(focus.waiting?.call.id).toBe('c');
        const held = focusOf(stateWith([second, 'ringing_in'], [{ ...onLine, state: 'held' }, 'on_hold']));
        expect(held.waiting?.call.id).toBe('c');
        // Ringing alone: the ringing call is the main call, nothing waits.
        expect(focusOf(stateWith([second, 'ringing_in'])).waiting).toBeNull();
        // An outgoing call being dialled does not make a ringing call "waiting".
        expect(focusOf(stateWith([second, 'ringing_in'], [makeCall({ id: 'o', direction: 'outbound' }), 'dialing'])).waiting).toBeNull();
    });

    it('names the other party (caller, callee, colleague, withheld) and the ringing utility label', () => {
        expect(partyView(makeCall())).toEqual({
            title: 'Sophie Bernard',
            number: '+33612345678',
            dial: '+33612345678',
            withheld: false,
            colleague: false
        });
        expect(
            partyView(makeCall({ direction: 'outbound', to: { number: '+33698765432', name: null, withheld: false, user_id: null } }))
        ).toEqual({ title: '+33698765432', number: '', dial: '+33698765432', withheld: false, colleague: false });
        const withheld = makeCall({ from: { number: null, name: null, withheld: true, user_id: null } });
        expect(partyView(withheld)).toEqual({ title: 'Withheld number', number: '', dial: '', withheld: true, colleague: false });
        const colleague = makeCall({
            direction: 'internal',
            agent_id: 'usr_me',
            from: { number: '+33189000200', name: 'Camille', withheld: false, user_id: 'usr_me' },
            to: { number: '+33189000201', name: 'Julien', withheld: false, user_id: 'usr_julien' }
        });
        expect(partyView(colleague).title).toBe('Julien');
        expect(partyView(colleague).colleague).toBe(true);
        expect(incomingLabel(makeCall())).toBe('Incoming call: Sophie Bernard');
        expect(incomingLabel(withheld)).toBe('Incoming call: Withheld number');
        expect(incomingLabel(makeCall({ from: { number: '+33612345678', name: null, withheld: false, user_id: null } }))).toBe('Incoming call: +33612345678');
        expect(incomingLabel(makeCall({ from: { number: '', name: null, withheld: false, user_id: null } }))).toBe('Incoming call: Unknown caller');
    });

    it('says whether the consulted colleague rings or answered', () => {
        const leg = makeCall({ id: 'b', direction: 'internal', to: { number: '201', name: 'Nicolas', withheld: false, user_id: 'u1' } });
        expect(consultView(null)).toBeNull();
        expect(consultView({ call: leg, phase: 'ringing_out', lastSeq: 1, voicemailId: null })).toEqual({
            text: 'Consulting Nicolas · Ringing',
            answered: false
        });
        const answeredLeg = { ...leg, state: 'active' as const, answered_at: '2026-11-25T09:00:09.000Z' };
        expect(consultView({ call: answeredLeg, phase: 'connected', lastSeq: 2, voicemailId: null })).toEqual({
            text: 'Consulting Nicolas · On the line',
            answered: true
        });
    });

    it('talk time runs from the answer, stops at the end and never goes negative', () => {
        const answered = makeCall({ answered_at: '2026-11-25T09:00:10.000Z' });
        expect(talkSeconds(makeCall(), Date.parse('2026-11-25T09:10:00.000Z'))).toBe(0);
        expect(talkSeconds(answered, Date.parse('2026-11-25T09:02:17.500Z'))).toBe(127);
        expect(talkTime(answered, Date.parse('2026-11-25T09:02:17.500Z'))).toBe('2 min 07 s');
        expect(talkSeconds({ ...answered, ended_at: '2026-11-25T09:00:40.000Z' }, Date.parse('2026-11-25T10:00:00.000Z'))).toBe(
            30
        );
        expect(talkSeconds(answered, Date.parse('2026-11-25T08:00:00.000Z'))).toBe(0);
        expect(talkSeconds({ ...answered, answered_at: 'not a date' }, 0)).toBe(0);
    });

    it('dials E.164 numbers, national numbers and extensions; refuses the rest', () => {
        expect(dialTarget('06 12 34 56 78')).toEqual({ ok: true, number: '+33612345678', target: { to: '+33612345678' } });
        expect(dialTarget('+44 20 7946 0958')).toEqual({ ok: true, number: '+442079460958', target: { to: '+442079460958' } });
        expect(dialTarget('201')).toEqual({ ok: true, number: '201', target: { toExtension: '201' } });
        expect(dialTarget('2 04')).toEqual({ ok: true, number: '204', target: { toExtension: '204' } });
        // Read in the agent's country: a Belgian mobile typed nationally.
        expect(dialTarget('0470 12 34 56', 'BE')).toEqual({ ok: true, number: '+32470123456', target: { to: '+32470123456' } });
        expect(dialTarget('')).toEqual({ ok: false, message: 'Enter a valid phone number or extension.' });
        expect(dialTarget('hello')).toEqual({ ok: false, message: 'Enter a valid phone number or extension.' });
        expect(dialTarget('1')).toEqual({ ok: false, message: 'Enter a valid phone number or extension.' });
        expect(dialTarget(null).ok).toBe(false);
        expect(dialTarget('+999 1').ok).toBe(false);
    });

    it('lists recent calls: who, formatted number, talk time or outcome (never a zero duration), time ago, record', () => {
        const now = Date.parse('2026-11-25T09:06:05.000Z');
        const items = recentItems(
            [
                makeCall({
                    id: 'r1',
                    state: 'ended',
                    status: 'answered',
                    answered_at: '2026-11-25T09:00:00.000Z',
                    ended_at: '2026-11-25T09:01:05.000Z'
                }),
                makeCall({
                    id: 'r2',
                    state: 'ended',
                    status: 'missed',
                    from: { number: '+33698765432', name: null, withheld: false, user_id: null },
                    ended_at: '2026-11-25T09:00:30.000Z'
                }),
                makeCall({
                    id: 'r3',
                    direction: 'outbound',
                    state: 'ended',
                    status: 'busy',
                    to: { number: '+33100000000', name: 'Acme', withheld: false, user_id: null },
                    ended_at: '2026-11-25T09:06:00.000Z'
                }),
                makeCall({ id: 'r4', state: 'ended', status: 'missed', from: { number: null, name: null, withheld: true, user_id: null } })
            ],
            now,
            {
                locale: 'en-US',
                recordIdOf: (id) => (id === 'r1' ? 'a00000000000001AAA' : null),
                formatNumber: (number) => `fmt(${number})`
            }
        );
        expect(items.map(({ id, number, title, detail, when, iconName, outcome, recordId, cannotCall }) => ({
            id,
            number,
            title,
            detail,
            when,
            iconName,
            outcome,
            recordId,
            cannotCall
        }))).toEqual([
            {
                id: 'r1',
                number: '+33612345678',
                title: 'Sophie Bernard',
                detail: 'fmt(+33612345678) · 1 min 05 s',
                when: '5 min. ago',
                iconName: 'utility:incoming_call',
                outcome: 'Answered',
                recordId: 'a00000000000001AAA',
                cannotCall: false
            },
            {
                id: 'r2',
                number: '+33698765432',
                title: 'fmt(+33698765432)',
                detail: 'Missed call',
                when: '5 min. ago',
                iconName: 'utility:missed_call',
                outcome: 'Missed call',
                recordId: '',
                cannotCall: false
            },
            {
                id: 'r3',
                number: '+33100000000',
                title: 'Acme',
                detail: 'fmt(+33100000000) · Busy',
                when: '5 sec. ago',
                iconName: 'utility:missed_call',
                outcome: 'Busy',
                recordId: '',
                cannotCall: false
            },
            {
                id: 'r4',
                number: '',
                title: 'Withheld number',
                detail: 'Missed call',
                when: expect.any(String),
                iconName: 'utility:missed_call',
                outcome: 'Missed call',
                recordId: '',
                cannotCall: true
            }
        ]);
        expect(items[0]?.ariaLabel).toBe('Call Sophie Bernard');
    });

    it('reads the keyboard shortcuts: Alt+Shift+A/H/P/M only, by the printed letter or, under macOS Alt, the key', () => {
        const press = (key: string, extra: Partial<{ code: string; altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
            shortcutOf({ key, altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, ...extra });
        expect(press('A')).toBe('answer');
        expect(press('h')).toBe('hangup');
        expect(press('P')).toBe('hold');
        expect(press('M')).toBe('mute');
        expect(press('Å', { code: 'KeyA' })).toBe('answer');
        expect(press('X')).toBeNull();
        expect(press('A', { shiftKey: false })).toBeNull();
        expect(press('A', { altKey: false })).toBeNull();
        expect(press('A', { ctrlKey: true })).toBeNull();
        expect(press('A', { metaKey: true })).toBeNull();
        expect(press('1', { code: 'Digit1' })).toBeNull();
        expect(press('toString')).toBeNull();
    });

    it('names each phase; the wrap-up form gives the logger none for blanks and the follow-up only when asked', () => {
        expect(['ringing_in', 'dialing', 'ringing_out', 'connected', 'on_hold', 'consulting', 'conferencing', 'wrap_up', 'idle'].map(phaseLabel)).toEqual([
            'Incoming call',
            'Calling…',
            'Calling…',
            'On the line',
            'On hold',
            'Consultation',
            'Conference',
            'Wrap-up',
            ''
        ]);
        const blank = emptyForm('Sophie Bernard');
        expect(blank.followUpSubject).toBe('Follow up with Sophie Bernard');
        expect(emptyForm().followUpSubject).toBe('');
        expect(wrapUpOfForm({ ...blank, notes: '   ' })).toEqual({ disposition: null, notes: null, callbackAt: null, followUp: null });
        expect(
            wrapUpOfForm({ ...blank, disposition: 'Resolved', notes: ' ok ', callbackAt: '2030-01-15T13:30:00.000Z', followUpOn: true, followUpSubject: ' Devis ', followUpDueDate: '2030-01-16' })
        ).toEqual({
            disposition: 'Resolved',
            notes: 'ok',
            callbackAt: '2030-01-15T13:30:00.000Z',
            followUp: { subject: 'Devis', dueDate: '2030-01-16', assigneeId: null }
        });
        expect(wrapUpOfForm({ ...blank, followUpOn: true, followUpSubject: 'Devis', followUpDueDate: '2030-01-16', followUpAssigneeId: '005000000000002AAA' }).followUp).toEqual({
            subject: 'Devis',
            dueDate: '2030-01-16',
            assigneeId: '005000000000002AAA'
        });
        const draft = { ...typedDraft(), followUpSubject: '', followUpOn: false };
        expect(formOfDraft(draft).followUpSubject).toBe('Follow up with Sophie Bernard');
        expect(formOfDraft({ ...draft, followUpOn: true }).followUpSubject).toBe('');
    });

    it('merges only the field the wrap-up form reported; ticking the follow-up sets tomorrow unless a date is there', () => {
        const form = { ...emptyForm('Sophie Bernard'), disposition: 'Resolved', notes: 'a' };
        expect(mergeWrapUpPatch(form, { notes: 'b' }, '2030-01-16')).toEqual({ ...form, notes: 'b' });
        expect(mergeWrapUpPatch(form, { followUpAssigneeId: '005000000000002AAA' }, '2030-01-16').followUpAssigneeId).toBe('005000000000002AAA');
        const ticked = mergeWrapUpPatch(form, { followUpOn: true }, '2030-01-16');
        expect([ticked.followUpOn, ticked.followUpDueDate, ticked.disposition]).toEqual([true, '2030-01-16', 'Resolved']);
        expect(mergeWrapUpPatch({ ...ticked, followUpDueDate: '2030-02-01' }, { followUpOn: true }, '2030-01-16').followUpDueDate).toBe('2030-02-01');
        expect(mergeWrapUpPatch(ticked, { followUpOn: false }, '2030-01-16').followUpOn).toBe(false);
        // Anything else in the event changes nothing.
        expect(mergeWrapUpPatch(form, { notes: 3 as unknown as string, followUpOn: 'yes' as unknown as boolean }, '2030-01-16')).toEqual(form);
        expect(mergeWrapUpPatch(form, null, '2030-01-16')).toEqual(form);
    });

    it('says how long ago in the user locale', () => {
        const now = Date.parse('2026-11-25T12:00:00.000Z');
        expect(timeAgo('2026-11-25T11:00:00.000Z', now, 'fr-FR')).toMatch(/^il y a 1\sh$/);
        expect(timeAgo('2026-11-24T11:00:00.000Z', now, 'en-US')).toBe('yesterday');
        expect(timeAgo('not a date', now, 'en-US')).toBe('');
        expect(timeAgo('2026-11-25T11:00:00.000Z', now, 'de_DE_EURO')).toMatch(/1/);
        expect(timeAgo(null, now, 'en-US')).toBe('');
    });

    it('tells a French agent how each call went, in French with the fr-FR digits (fr-FR, Europe/Paris)', () => {
        const french = loadAsFrenchUser<typeof ServiceApi>('c/diamySoftphoneService');
        const now = Date.parse('2026-11-25T18:00:00.000Z');
        const [missed, answered, long] = french.recentItems(
            [
                makeCall({ id: 'f1', state: 'ended', status: 'missed', started_at: '2026-11-24T20:00:00.000Z', ended_at: '2026-11-24T20:00:30.000Z' }),
                makeCall({ id: 'f2', state: 'ended', status: 'answered', answered_at: '2026-11-25T16:00:00.000Z', ended_at: '2026-11-25T16:03:07.000Z' }),
                makeCall({ id: 'f3', state: 'ended', status: 'answered', answered_at: '2026-09-01T00:00:00.000Z', ended_at: '2026-11-25T16:03:07.000Z' })
            ],
            now
        );
        expect(missed?.detail).toBe('+33612345678 · Appel manqué');
        expect(answered?.detail).toBe('+33612345678 · 3 min 07 s');
        expect(long?.detail).toBe('+33612345678 · 2\u202f056 h 03 min');
    });

    it('lists colleagues with their live presence; only a free available colleague reads available', () => {
        const items = colleagueItems(
            [
                { id: 'u1', name: 'Nicolas', extension: '201', number: '+33189000201', presence: 'available', onCall: false },
                { id: 'u2', name: 'Léa', extension: '', number: '+33189000202', presence: 'available', onCall: true },
                { id: 'u3', name: 'Paul', extension: '203', number: '', presence: 'available', onCall: false }
            ],
            { u3: 'away' }
        );
        expect(items).toEqual([
            expect.objectContaining({ id: 'u1', name: 'Nicolas', dial: '201', presence: 'available', detail: '201 · Available', available: true }),
            expect.objectContaining({ id: 'u2', name: 'Léa', dial: '+33189000202', presence: 'available', detail: 'On a call', available: false }),
            expect.objectContaining({ id: 'u3', name: 'Paul', dial: '203', presence: 'away', detail: '203 · Away', available: false })
        ]);
        expect(items[0]?.presenceClass).toBe('slds-text-color_success');
        expect(items[2]?.presenceClass).toBe('slds-text-color_weak');
        expect(items[0]?.ariaLabel).toBe('Call Nicolas');
        expect(colleagueItems([])).toEqual([]);
    });

    it('reads picklist values defensively', () => {
        expect(picklistOptions({ values: [{ label: 'Resolved', value: 'Resolved' }, { label: 3, value: 'x' }, null] })).toEqual([
            { label: 'Resolved', value: 'Resolved' }
        ]);
        expect(picklistOptions(undefined)).toEqual([]);
        expect(picklistOptions({ values: 'x' })).toEqual([]);
    });
});

describe('orgIdFromUser', () => {
    it('reads User.Diamy_Org_Id__c from the getRecord answer, and nothing that is not an org id', () => {
        expect(orgIdFromUser({ fields: { Diamy_Org_Id__c: { value: '00D000000000001AAA' } } })).toBe('00D000000000001AAA');
        expect(orgIdFromUser({ fields: { Diamy_Org_Id__c: { value: '00D000000000001' } } })).toBe('00D000000000001');
        expect(orgIdFromUser({ fields: { Diamy_Org_Id__c: { value: '005000000000001AAA' } } })).toBeNull();
        expect(orgIdFromUser({ fields: { Diamy_Org_Id__c: { value: null } } })).toBeNull();
        expect(orgIdFromUser({ fields: {} })).toBeNull();
        expect(orgIdFromUser(undefined)).toBeNull();
    });
});

describe('WrapUpDrafts', () => {
    const ORG = '00D000000000001AAA';
    const USER = '005000000000001AAA';
    const KEY = `diamy.wrapUp.${ORG.slice(0, 15)}.${USER.slice(0, 15)}`;
    const typed = (callId: string, notes = 'Rappeler'): Omit<WrapUpDraft, 'savedAt'> => ({
        callId,
        name: 'Sophie Bernard',
        number: '+33612345678',
        disposition: '',
        notes,
        callbackAt: '',
        followUpOn: false,
        followUpSubject: '',
        followUpDueDate: '',
        followUpAssigneeId: ''
    });

    it('keeps one draft per call and gives back the newest one not already saved', () => {
        let now = 1000;
        const storage = new MemoryStorage();
        const drafts = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => now });
        drafts.save(typed('call_1', 'a'));
        now = 2000;
        drafts.save(typed('call_2', 'b'));
        const reloaded = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => now });
        expect(reloaded.latest()?.callId).toBe('call_2');
        expect(reloaded.latest(new Set(['call_2']))?.callId).toBe('call_1');
        expect(reloaded.get('call_1')?.notes).toBe('a');
        reloaded.clear('call_2');
        reloaded.clear('call_unknown');
        expect(new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => now }).latest()?.callId).toBe('call_1');
        reloaded.clear('call_1');
        expect(storage.getItem(KEY)).toBeNull();
    });

    it('a draft keeps the callback time and the follow-up task across a reload; an older draft reads as having none', () => {
        const storage = new MemoryStorage();
        const drafts = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => 1000 });
        drafts.save({ ...typed('call_1'), callbackAt: '2026-11-27T14:30:00.000Z', followUpOn: true, followUpSubject: 'Devis', followUpDueDate: '2026-11-26' });
        const reloaded = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => 2000 });
        expect(reloaded.get('call_1')).toEqual(
            expect.objectContaining({ callbackAt: '2026-11-27T14:30:00.000Z', followUpOn: true, followUpSubject: 'Devis', followUpDueDate: '2026-11-26' })
        );
        const old = { callId: 'call_2', name: 'x', number: '', disposition: '', notes: 'n', savedAt: 1500 };
        storage.setItem(KEY, JSON.stringify({ version: 1, drafts: [old] }));
        const legacy = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => 2000 }).get('call_2');
        expect(legacy).toEqual({ ...old, callbackAt: '', followUpOn: false, followUpSubject: '', followUpDueDate: '', followUpAssigneeId: '' });
    });

    it('expires a draft after 24 hours, also when asked for it by call id', () => {
        let now = 0;
        const storage = new MemoryStorage();
        const drafts = new WrapUpDrafts({ storage, orgId: ORG, userId: USER, now: () => now });
        drafts.save(typed('call_1'));
        now = DRAFT_TTL_MS;
        expect(drafts.get('call_1')).not.toBeNull();
        now = DRAFT_TTL_MS + 1;
        expect(drafts.get('call_1')).toBeNull();
        expect(storage.getItem(KEY)).toBeNull();
    });

    it('ignores unreadable storage content and rewrites it clean; keeps at most 20 drafts', () => {
        const storage = new MemoryStorage();
        storage.setItem(KEY, '{not json');
        expect(new WrapUpDrafts({ storage, orgId: ORG, userId: USER }).latest()).toBeNull();
        storage.setItem(KEY, JSON.stringify({ version: 99, drafts: [typed('call_1')] }));
        expect(new WrapUpDrafts({ storage, orgId: ORG, userId: USER }).latest()).toBeNull();
        storage.setItem(KEY, JSON.stringify({ version: 1, drafts: [{ ...typed('call_1'), savedAt: Date.now() }, { callId: 7 }, null] }));
        const drafts = new WrapUpDrafts({ storage, orgId: ORG, userId: USER });
        expect(drafts.latest()?.callId).toBe('call_1');
        expect((JSON.parse(storage.getItem(KEY) ?? '{}') as { drafts: unknown[] }).drafts).toHaveLength(1);
        for (let index = 0; index < 25; index += 1) {
            drafts.save(typed(`call_x${index}`));
        }
        expect((JSON.parse(storage.getItem(KEY) ?? '{}') as { drafts: unknown[] }).drafts).toHaveLength(20);
        drafts.save({ ...typed(''), callId: '' });
        expect((JSON.parse(storage.getItem(KEY) ?? '{}') as { drafts: unknown[] }).drafts).toHaveLength(20);
    });

    it('memory only without a key, without storage, or when the browser refuses to read or write', () => {
        expect(new WrapUpDrafts({ storage: new MemoryStorage(), orgId: null, userId: USER }).memoryOnly).toBe(true);
        expect(new WrapUpDrafts({ storage: null, orgId: ORG, userId: USER }).memoryOnly).toBe(true);
        const unreadable = {
            getItem: (): string | null => {
                throw new Error('SecurityError');
            },
            setItem: (): void => undefined,
            removeItem: (): void => undefined
        };
        expect(new WrapUpDrafts({ storage: unreadable, orgId: ORG, userId: USER }).memoryOnly).toBe(true);
        const full = new MemoryStorage();
        const drafts = new WrapUpDrafts({ storage: full, orgId: ORG, userId: USER });
        expect(drafts.memoryOnly).toBe(false);
        full.refuseWrites = true;
        drafts.save(typed('call_1'));
        expect(drafts.memoryOnly).toBe(true);
        expect(drafts.get('call_1')?.notes).toBe('Rappeler');
        full.refuseWrites = false;
        drafts.save(typed('call_1', 'again'));
        expect(drafts.memoryOnly).toBe(false);
    });
});
