import {
    ALLOWED_FROM,
    CALL_PHASES,
    MAX_REJECTED,
    applyCalls,
    applyMessage,
    afterCallWorkSeconds,
    checkInvariants,
    completeWrapUp,
    consultLegOf,
    consultSummary,
    MAX_CONSULTS,
    finishDial,
    initialState,
    liveCalls,
    phaseOf,
    phaseOfCall,
    pruneEnded,
    sessionPhase,
    startDial,
    toCompletedCall,
    validateCall,
    wrapUpStartedAt,
    validateMessage
} from 'c/diamyCallState';
import type { Call, CallPhase, TelephonyState } from 'c/diamyCallState';
import { toCallRecordInput } from 'c/diamyCallRecord';
import { makeCall } from 'diamy-test/diamyCallFixtures';
import type * as Contract from '../../../../../../contract/events';

// Type-level check that the client's Call stays the contract's Call (both directions).
const contractToClient = (call: Contract.Call): Call => call;
const clientToContract = (call: Call): Contract.Call => call;

const T0 = '2026-11-25T09:00:00.000Z';
const T1 = '2026-11-25T09:00:10.000Z';
const T2 = '2026-11-25T09:02:00.000Z';

function call(overrides: Partial<Call> = {}): Call {
    return makeCall({
        from: { number: '+33612345678', name: 'Jean Dupont', withheld: false, user_id: null },
        to: { number: '+33184880000', name: null, withheld: false, user_id: null },
        timestamp: T0,
        started_at: T0,
        agent_id: 'usr_agent1',
        line: '+33184880000',
        queue: 'support',
        ...overrides
    });
}
const active = (o: Partial<Call> = {}): Call => call({ state: 'active', status: 'answered', answered_at: T1, ...o });
const held = (o: Partial<Call> = {}): Call => active({ state: 'held', ...o });
const ended = (o: Partial<Call> = {}): Call => active({ state: 'ended', ended_at: T2, end_reason: 'remote_hangup', duration: 110, ...o });
const missed = (o: Partial<Call> = {}): Call => call({ state: 'ended', status: 'missed', ended_at: T1, end_reason: 'missed', ...o });

let seq = 0;
function envelope(type: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    seq += 1;
    const payload = data.call as Call | undefined;
    return { id: `evt_${seq}`, type, seq, timestamp: T0, call_id: payload ? payload.id : null, data, ...overrides };
}
const ev = (type: string, c: Call, extra: Record<string, unknown> = {}): Record<string, unknown> => envelope(type, { call: c, ...extra });

function run(messages: unknown[], start: TelephonyState = initialState()): TelephonyState {
    return messages.reduce<TelephonyState>((state, message) => applyMessage(state, message).state, start);
}

describe('c-diamy-call-state', () => {
    beforeEach(() => {
        seq = 0;
    });
    afterEach(() => {
        jest.clearAllMocks();
    });

    it('keeps the client Call identical to the contract Call', () => {
        expect(contractToClient(call()).id).toBe('call_1');
        expect(clientToContract(call()).id).toBe('call_1');
    });

    describe('inbound calls', () => {
        it('rings, connects, holds, resumes, ends into wrap-up and emits one call-ended effect', () => {
            let state = initialState();
            const phases: CallPhase[] = [];
            const ended1 = ended();
            const effects: string[] = [];
            for (const message of [ev('call.incoming', call()), ev('call.answered', active()), ev('call.held', held()), ev('call.resumed', active()), ev('call.ended', ended1)]) {
                const result = applyMessage(state, message);
                expect(result.status).toBe('applied');
                state = result.state;
                phases.push(phaseOf(state, 'call_1'));
                effects.push(result.effects.map((effect) => (effect.kind === 'call-ended' ? `ended:${effect.view.phase}` : effect.kind)).join(','));
            }
            expect(phases).toEqual(['ringing_in', 'connected', 'on_hold', 'connected', 'wrap_up']);
            expect(effects).toEqual(['', '', '', '', 'ended:wrap_up']);
            expect(state.needsResync).toBe(false);
            expect(sessionPhase(state)).toBe('wrap_up');
            state = completeWrapUp(state, 'call_1');
            expect(phaseOf(state, 'call_1')).toBe('ended');
            expect(sessionPhase(state)).toBe('idle');
            expect(pruneEnded(state).calls).toEqual({});
        });

        it('goes straight to ended (no wrap-up) for a missed call, and records a voicemail on it', () => {
            const state = run([ev('call.incoming', call()), ev('call.missed', missed()), ev('call.ended', missed({ status: 'voicemail', end_reason: 'voicemail' }))]);
            expect(phaseOf(state, 'call_1')).toBe('ended');
            expect(state.calls.call_1?.call.status).toBe('voicemail');
            const vm = applyMessage(state, envelope('voicemail.new', { voicemail: { id: 'vm_1', call_id: 'call_1', from: { number: '+33612345678', name: null }, duration: 12, recording_url: 'https://x/vm_1', timestamp: T2 } }));
            expect(vm.effects).toEqual([{ kind: 'voicemail', voicemailId: 'vm_1', callId: 'call_1' }]);
            expect(vm.state.calls.call_1?.voicemailId).toBe('vm_1');
        });

        it('emits call-ended only once even when the end is reported twice under different event ids', () => {
            const first = applyMessage(run([ev('call.incoming', call())]), ev('call.missed', missed()));
            expect(first.effects).toHaveLength(1);
            const second = applyMessage(first.state, ev('call.ended', missed()));
            expect(second.effects).toEqual([]);
        });
    });

    describe('outbound calls', () => {
        it('shows dialing until Diamy answers the dial request, then rings out and connects', () => {
            let state = startDial(initialState(), 'pending:1', '+33612345678', 'usr_agent1', T0);
            expect(sessionPhase(state)).toBe('dialing');
            expect(liveCalls(state)).toEqual([]);
            const out = call({ id: 'call_2', direction: 'outbound' });
            state = finishDial(state, 'pending:1', out).state;
            expect(state.calls['pending:1']).toBeUndefined();
            expect(phaseOf(state, 'call_2')).toBe('ringing_out');
            state = run([ev('call.ringing', out), ev('call.answered', active({ id: 'call_2', direction: 'outbound' }))], state);
            expect(phaseOf(state, 'call_2')).toBe('connected');
            expect(state.needsResync).toBe(false);
        });

        it('removes the dialing entry when the dial request fails', () => {
            const state = finishDial(startDial(initialState(), 'pending:1', '+33612345678', 'usr_agent1', T0), 'pending:1', null).state;
            expect(sessionPhase(state)).toBe('idle');
        });

        it.each([
            ['busy', 'Busy'],
            ['no_answer', 'No_Answer'],
            ['failed', 'Failed']
        ] as const)('ends a %s outbound call without wrap-up, logged as %s', (status, outcome) => {
            const out = call({ id: 'call_3', direction: 'outbound' });
            const state = run([ev('call.ringing', out), ev('call.ended', call({ id: 'call_3', direction: 'outbound', state: 'ended', status, ended_at: T1, end_reason: status }))]);
            expect(phaseOf(state, 'call_3')).toBe('ended');
            const view = state.calls.call_3;
            expect(view && toCompletedCall(view.call)?.outcome).toBe(outcome);
        });
    });

    describe('transfer and conference', () => {
        it('consults (original held with a consult leg), cancels back to hold, then conferences', () => {
            const consultLeg = call({ id: 'call_c', direction: 'outbound', parent_call_id: 'call_1' });
            let state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            state = applyMessage(state, ev('call.consult_started', held({ consult_call_id: 'call_c' }), { consult_call: consultLeg })).state;
            expect(phaseOf(state, 'call_1')).toBe('consulting');
            expect(phaseOf(state, 'call_c')).toBe('ringing_out');
            state = applyMessage(state, ev('call.consult_cancelled', held(), { consult_call: call({ id: 'call_c', direction: 'outbound', state: 'ended', status: 'no_answer', ended_at: T1, end_reason: 'consult_cancelled' }) })).state;
            expect(phaseOf(state, 'call_1')).toBe('on_hold');
            expect(phaseOf(state, 'call_c')).toBe('ended');
            const other = active({ id: 'call_d', direction: 'outbound', conference_id: 'conf_1', conferenced: true });
            state = applyMessage(state, ev('call.conferenced', active({ conference_id: 'conf_1', conferenced: true }), { conference_id: 'conf_1', calls: [active({ conference_id: 'conf_1', conferenced: true }), other] })).state;
            expect(phaseOf(state, 'call_1')).toBe('conferencing');
            expect(phaseOf(state, 'call_d')).toBe('conferencing');
            expect(sessionPhase(state)).toBe('conferencing');
        });

        it('marks a blind transfer and then ends the agent leg into wrap-up', () => {
            let state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            const transferred = applyMessage(state, ev('call.transferred', ended({ transferred: true, end_reason: 'transferred' }), { mode: 'blind', to: { number: '+33100000000', name: null }, consult_call_id: null }));
            expect(transferred.status).toBe('applied');
            state = transferred.state;
            expect(phaseOf(state, 'call_1')).toBe('wrap_up');
            expect(state.calls.call_1?.call.transferred).toBe(true);
        });

        it('refuses a transfer without a valid mode', () => {
            const result = applyMessage(run([ev('call.incoming', call()), ev('call.answered', active())]), ev('call.transferred', active(), { mode: 'sideways' }));
            expect(result.status).toBe('rejected');
            expect(result.reason).toContain('mode');
        });
    });

    describe('consultations belong to the customer call', () => {
        const HUGO = { number: '+33189000202', name: 'Hugo Lefèvre', withheld: false, user_id: 'usr_hugo' };
        const AGENT = { number: '+33184880000', name: 'Camille Martin', withheld: false, user_id: 'usr_agent1' };
        const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();
        /** The consult leg the agent opens at `start` s (to Hugo unless told), with the leg's own changes. */
        const leg = (start: number, o: Partial<Call> = {}): Call =>
            call({ id: 'call_c', direction: 'internal', from: AGENT, to: HUGO, timestamp: at(start), started_at: at(start), parent_call_id: 'call_1', queue: null, ...o });
        const legActive = (start: number, answered: number, o: Partial<Call> = {}): Call => leg(start, { state: 'active', status: 'answered', answered_at: at(answered), ...o });
        const timed = (type: string, c: Call, seconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> => envelope(type, { call: c, ...extra }, { timestamp: at(seconds) });
        /** Incoming at 0, answered at 10, consult to Hugo at 30 (ringing), the leg answered at 40. */
        const consulting = (): Record<string, unknown>[] => [
            timed('call.incoming', call(), 0),
            timed('call.answered', active(), 10),
            timed('call.consult_started', held({ consult_call_id: 'call_c' }), 30, { consult_call: leg(30) }),
            timed('call.ringing', leg(30), 30),
            timed('call.answered', legActive(30, 40), 40)
        ];
        const summaryOf = (state: TelephonyState, id = 'call_1') => {
            const view = state.calls[id];
            return view ? consultSummary(view.call, state.consults[id] ?? []) : undefined;
        };

        it('an attended transfer: the customer call records Hugo, the seconds from the consult to the transfer, Transferred; the leg has no record', () => {
            let state = run(consulting());
            expect(state.consults.call_1?.map((l) => [l.callId, l.answeredAt])).toEqual([['call_c', at(40)]]);
            const customerEnded = ended({ ended_at: at(78), end_reason: 'transferred', transferred: true });
            const ending = applyMessage(run([timed('call.transferred', ended({ ended_at: at(78), end_reason: 'transferred', transferred: true }), 78, { mode: 'attended', to: HUGO, consult_call_id: 'call_c' })], state), timed('call.ended', customerEnded, 78));
            state = ending.state;
            expect(summaryOf(state)).toEqual({ party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' });
            const completed = toCompletedCall(customerEnded, '005000000000001AAA', state.consults.call_1);
            expect(completed).toMatchObject({ diamyCallId: 'call_1', transferred: true, consult: { party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' } });
            const legEnded = legActive(30, 40, { state: 'ended', ended_at: at(78), end_reason: 'transferred', transferred: true });
            const after = applyMessage(state, timed('call.ended', legEnded, 78));
            expect(after.effects.map((effect) => effect.kind)).toEqual(['call-ended']);
            expect(toCompletedCall(legEnded, '005000000000001AAA')).toBeNull();
            expect(summaryOf(after.state)).toEqual({ party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' });
            expect(checkInvariants(after.state)).toEqual([]);
        });

        it('cancelled before Hugo answered: Not_Answered, seconds until the cancel; answered then cancelled: Cancelled', () => {
            const notAnswered = run([
                timed('call.incoming', call(), 0),
                timed('call.answered', active(), 10),
                timed('call.consult_started', held({ consult_call_id: 'call_c' }), 30, { consult_call: leg(30) }),
                timed('call.ended', leg(30, { state: 'ended', status: 'abandoned', ended_at: at(36), end_reason: 'consult_cancelled' }), 36),
                timed('call.consult_cancelled', held(), 36, { consult_call: leg(30, { state: 'ended', status: 'abandoned', ended_at: at(36), end_reason: 'consult_cancelled' }) }),
                timed('call.resumed', active(), 37),
                timed('call.ended', ended({ ended_at: at(120) }), 120)
            ]);
            expect(summaryOf(notAnswered)).toEqual({ party: 'Hugo Lefèvre', seconds: 6, outcome: 'Not_Answered' });
            const base = run(consulting());
            const cancelled = run(
                [
                    timed('call.ended', legActive(30, 40, { state: 'ended', ended_at: at(55), end_reason: 'consult_cancelled' }), 55),
                    timed('call.consult_cancelled', held(), 55, { consult_call: legActive(30, 40, { state: 'ended', ended_at: at(55), end_reason: 'consult_cancelled' }) }),
                    timed('call.resumed', active(), 56),
                    timed('call.ended', ended({ ended_at: at(120) }), 120)
                ],
                base
            );
            expect(summaryOf(cancelled)).toEqual({ party: 'Hugo Lefèvre', seconds: 25, outcome: 'Cancelled' });
        });

        it('merged into a conference: Merged, seconds until the merge; both legs end with the conference, only the customer call is logged', () => {
            const base = run(consulting());
            const merged = run(
                [
                    timed('call.conferenced', active({ conference_id: 'conf_1', conferenced: true }), 64, {
                        conference_id: 'conf_1',
                        calls: [active({ conference_id: 'conf_1', conferenced: true }), legActive(30, 40, { conference_id: 'conf_1', conferenced: true })]
                    }),
                    timed('call.ended', ended({ ended_at: at(300), end_reason: 'conference_left', conference_id: 'conf_1', conferenced: true }), 300),
                    timed('call.ended', legActive(30, 40, { state: 'ended', ended_at: at(300), end_reason: 'conference_left', conference_id: 'conf_1', conferenced: true }), 300)
                ],
                base
            );
            expect(summaryOf(merged)).toEqual({ party: 'Hugo Lefèvre', seconds: 34, outcome: 'Merged' });
            expect(merged.consults.call_1?.[0]?.mergedAt).toBe(at(64));
        });

        it('the customer hangs up during the consultation: Caller_Hung_Up, seconds until the customer left', () => {
            const base = run(consulting());
            const state = run([timed('call.ended', ended({ ended_at: at(70), end_reason: 'remote_hangup' }), 70)], base);
            expect(summaryOf(state)).toEqual({ party: 'Hugo Lefèvre', seconds: 40, outcome: 'Caller_Hung_Up' });
        });

        it('two consultations: the last one names the party and the outcome, the seconds add up; an outside number is named by its number', () => {
            const outside = { number: '+33612345678', name: null, withheld: false, user_id: null };
            const base = run(consulting());
            const state = run(
                [
                    timed('call.ended', legActive(30, 40, { state: 'ended', ended_at: at(50), end_reason: 'consult_cancelled' }), 50),
                    timed('call.consult_cancelled', held(), 50, { consult_call: legActive(30, 40, { state: 'ended', ended_at: at(50), end_reason: 'consult_cancelled' }) }),
                    timed('call.consult_started', held({ consult_call_id: 'call_e' }), 60, { consult_call: leg(60, { id: 'call_e', direction: 'outbound', to: outside }) }),
                    timed('call.answered', legActive(60, 65, { id: 'call_e', direction: 'outbound', to: outside }), 65),
                    timed('call.transferred', ended({ ended_at: at(90), end_reason: 'transferred', transferred: true }), 90, { mode: 'attended', to: outside, consult_call_id: 'call_e' })
                ],
                base
            );
            expect(summaryOf(state)).toEqual({ party: '+33612345678', seconds: 50, outcome: 'Transferred' });
        });

        it('a call without consultation has no summary and its record input carries none', () => {
            const state = run([timed('call.incoming', call(), 0), timed('call.answered', active(), 10), timed('call.ended', ended(), 120)]);
            expect(state.consults).toEqual({});
            expect(summaryOf(state)).toBeNull();
            expect(toCompletedCall(ended(), null, [])).not.toHaveProperty('consult');
        });

        it('from Diamy’s recent calls (after a reload): the legs give the same summary, a merge time unknown counts until the answer', () => {
            const customer = ended({ ended_at: at(78), end_reason: 'transferred', transferred: true });
            const legEnded = legActive(30, 40, { state: 'ended', ended_at: at(78), end_reason: 'transferred', transferred: true });
            expect(consultSummary(customer, [consultLegOf(legEnded)])).toEqual({ party: 'Hugo Lefèvre', seconds: 48, outcome: 'Transferred' });
            const conferenced = legActive(30, 40, { state: 'ended', ended_at: at(300), end_reason: 'conference_left', conference_id: 'conf_1', conferenced: true });
            expect(consultSummary(ended({ ended_at: at(300) }), [consultLegOf(conferenced)])).toEqual({ party: 'Hugo Lefèvre', seconds: 10, outcome: 'Merged' });
            expect(consultLegOf(leg(30, { to: { number: null, name: null, withheld: true, user_id: null } })).party).toEqual({ number: null, name: null, withheld: true, user_id: null });
            expect(consultSummary(customer, [consultLegOf(leg(30, { to: { number: null, name: null, withheld: true, user_id: null }, state: 'ended', status: 'abandoned', ended_at: at(35), end_reason: 'consult_cancelled' }))])).toEqual({ party: null, seconds: 5, outcome: 'Not_Answered' });
        });

        it('keeps at most MAX_CONSULTS consultations per call (the newest)', () => {
            let state = run([timed('call.incoming', call(), 0), timed('call.answered', active(), 10)]);
            for (let index = 0; index < MAX_CONSULTS + 2; index += 1) {
                state = applyCalls(state, [leg(20 + index, { id: `call_c${index}` })], 0, at(20 + index)).state;
            }
            expect(state.consults.call_1).toHaveLength(MAX_CONSULTS);
            expect(state.consults.call_1?.[0]?.callId).toBe('call_c2');
            expect(checkInvariants(state)).toEqual([]);
            expect(checkInvariants({ ...state, consults: { call_1: [...(state.consults.call_1 ?? []), ...(state.consults.call_1 ?? [])] } })).toEqual(['call call_1 keeps more than 10 consultations']);
        });
    });

    describe('the boundary', () => {
        it.each([
            ['a string', 'hello', 'not an object'],
            ['an unknown type', { type: 'call.teleported', seq: 1, data: {} }, 'unknown message type'],
            ['a negative seq', { id: 'e', type: 'call.incoming', seq: -1, timestamp: T0, data: {} }, 'seq'],
            ['no data', { id: 'e', type: 'call.incoming', seq: 1, timestamp: T0 }, 'data'],
            ['a bad timestamp', { id: 'e', type: 'call.incoming', seq: 1, timestamp: 'yesterday', call_id: 'call_1', data: { call: call() } }, 'timestamp'],
            ['a bad event id', { id: '', type: 'call.incoming', seq: 1, timestamp: T0, call_id: 'call_1', data: { call: call() } }, 'id'],
            ['a mismatched call_id', { id: 'e', type: 'call.incoming', seq: 1, timestamp: T0, call_id: 'call_9', data: { call: call() } }, 'call_id'],
            ['a held event for an active call', { id: 'e', type: 'call.held', seq: 1, timestamp: T0, call_id: 'call_1', data: { call: active() } }, 'the call is active'],
            ['a call with no number', { id: 'e', type: 'call.incoming', seq: 1, timestamp: T0, call_id: 'call_1', data: { call: call({ from: { number: '', name: null, withheld: false, user_id: null } }) } }, 'from/to'],
            ['a seq 0 stored event', { id: 'e', type: 'call.incoming', seq: 0, timestamp: T0, call_id: 'call_1', data: { call: call() } }, 'seq ≥ 1'],
            ['bad presence', { id: 'e', type: 'user.presence_changed', seq: 1, timestamp: T0, data: { user_id: 'usr_2', presence: { status: 'sleepy' } } }, 'presence'],
            ['bad voicemail', { id: 'e', type: 'voicemail.new', seq: 1, timestamp: T0, data: { voicemail: { id: 'vm' } } }, 'voicemail'],
            ['bad consult leg', { id: 'e', type: 'call.consult_started', seq: 1, timestamp: T0, call_id: 'call_1', data: { call: held(), consult_call: {} } }, 'consult_call'],
            ['bad conference', { id: 'e', type: 'call.conferenced', seq: 1, timestamp: T0, call_id: 'call_1', data: { call: active(), calls: 'all' } }, 'conference'],
            ['a bad snapshot', { type: 'session.snapshot', seq: 0, data: { active_calls: [{}] } }, 'session.snapshot'],
            ['a snapshot without agent', { type: 'session.snapshot', seq: 0, data: { active_calls: [] } }, 'agent'],
            ['a bad heartbeat', { type: 'heartbeat', seq: 0, data: { last_seq: 'x' } }, 'heartbeat']
        ])('rejects %s, records it, and leaves the state unchanged', (_name, raw, reason) => {
            const before = run([ev('call.incoming', call({ id: 'call_0' }))]);
            const result = applyMessage(before, raw);
            expect(result.status).toBe('rejected');
            expect(result.reason).toContain(reason);
            expect(result.state.calls).toBe(before.calls);
            expect(result.state.rejectedTotal).toBe(1);
            expect(result.state.rejected[0]?.reason).toBe(result.reason);
        });

        it.each([
            ['answered_at on a missed call', missed({ answered_at: T1 }), 'answered'],
            ['an ended call without ended_at', ended({ ended_at: null }), 'ended_at'],
            ['an active call without answered_at', active({ answered_at: null }), 'answered_at'],
            ['an ended call without status', missed({ status: null }), 'status'],
            ['an end before the start', ended({ ended_at: '2020-01-01T00:00:00.000Z' }), 'ends before'],
            ['an end reason that is not text', ended({ end_reason: 42 as unknown as Call['end_reason'] }), 'end_reason'],
            ['a status that is not text', ended({ status: {} as unknown as Call['status'] }), 'status'],
            ['an unknown direction', ended({ direction: 'sideways' as Call['direction'] }), 'direction'],
            ['an unknown state', ended({ state: 'exploded' as Call['state'] }), 'state'],
            ['negative durations', ended({ duration: -1 }), 'durations'],
            ['tags that are not text', ended({ tags: [1] as unknown as string[] }), 'tags'],
            ['notes that are not text', ended({ notes: 4 as unknown as string }), 'notes'],
            ['a bad agent id', ended({ agent_id: 'x y' }), 'agent_id']
        ])('refuses an incoherent Call resource: %s', (_name, resource, reason) => {
            const result = validateCall(resource);
            expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
        });

        it('copies only known fields and never keeps the object that arrived', () => {
            const raw = { ...call(), secret: 'x', from: { number: '+33612345678', name: 'A', extra: 1 } };
            const checked = validateCall(raw);
            expect(checked.ok && checked.value).not.toHaveProperty('secret');
            expect(checked.ok && checked.value.from).toEqual({ number: '+33612345678', name: 'A', withheld: false, user_id: null });
        });

        it('survives an object whose getters throw', () => {
            const hostile = Object.defineProperty({}, 'type', {
                get() {
                    throw new Error('boom');
                },
                enumerable: true
            });
            const result = applyMessage(initialState(), hostile);
            expect(result.status).toBe('rejected');
            expect(result.reason).toBe('unreadable message');
        });

        it('keeps the rejected list bounded and never stores payload values', () => {
            let state = initialState();
            for (let i = 0; i < MAX_REJECTED + 20; i += 1) {
                state = applyMessage(state, { type: 'x', seq: i, data: { token: 'secret-token-value' } }).state;
            }
            expect(state.rejected).toHaveLength(MAX_REJECTED);
            expect(state.rejectedTotal).toBe(MAX_REJECTED + 20);
            expect(JSON.stringify(state.rejected)).not.toContain('secret-token-value');
        });
    });

    describe('ordering', () => {
        it('drops a duplicate event id, however late it arrives', () => {
            const incoming = ev('call.incoming', call());
            const state = run([incoming, ev('call.answered', active())]);
            const again = applyMessage(state, incoming);
            expect(again.status).toBe('duplicate');
            expect(again.state.duplicatesTotal).toBe(1);
            expect(phaseOf(again.state, 'call_1')).toBe('connected');
        });

        it('ignores an older event for a call that has moved on (out of order)', () => {
            const incoming = ev('call.incoming', call());
            const answered = ev('call.answered', active());
            const hold = ev('call.held', held());
            let state = run([incoming, answered, hold]);
            const late = { ...ev('call.resumed', active()), seq: 2, id: 'evt_late' };
            const result = applyMessage(state, late);
            expect(result.status).toBe('stale');
            state = result.state;
            expect(phaseOf(state, 'call_1')).toBe('on_hold');
            expect(state.staleTotal).toBe(1);
        });

        it('never brings an ended call back to life', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.ended', ended())]);
            const result = applyMessage(state, ev('call.resumed', active()));
            expect(result.status).toBe('stale');
            expect(phaseOf(result.state, 'call_1')).toBe('wrap_up');
        });

        it('asks for a resync on a seq gap, on a heartbeat ahead of us, and on an unexpected transition', () => {
            const gap = run([ev('call.incoming', call()), { ...ev('call.answered', active()), seq: 10 }]);
            expect(gap.needsResync).toBe(true);
            const heartbeat = applyMessage(run([ev('call.incoming', call())]), { type: 'heartbeat', seq: 5, id: 'hb', timestamp: T0, call_id: null, data: { last_seq: 5 } });
            expect(heartbeat.effects).toEqual([{ kind: 'resync' }]);
            const quiet = applyMessage(heartbeat.state, { type: 'heartbeat', seq: 0, data: { last_seq: 0 } });
            expect(quiet.effects).toEqual([]);
            const jump = applyMessage(initialState(), ev('call.held', held()));
            expect(jump.status).toBe('applied');
            expect(jump.effects).toContainEqual({ kind: 'resync' });
            expect(phaseOf(jump.state, 'call_1')).toBe('on_hold');
        });

        it('seq n+1 after n is no gap: nothing to resync', () => {
            const incoming = applyMessage(initialState(), ev('call.incoming', call()));
            expect(incoming.state.lastSeq).toBe(1);
            const next = applyMessage(incoming.state, ev('call.answered', active()));
            expect(next.message && 'seq' in next.message ? next.message.seq : null).toBe(2);
            expect(next.status).toBe('applied');
            expect(next.effects).toEqual([]);
            expect(next.state.needsResync).toBe(false);
        });

        it('seq n+2 after n is a gap: the event is applied and one resync is asked for', () => {
            const incoming = applyMessage(initialState(), ev('call.incoming', call()));
            seq += 1; // seq 2 never arrives
            const next = applyMessage(incoming.state, ev('call.answered', active()));
            expect(next.message && 'seq' in next.message ? next.message.seq : null).toBe(3);
            expect(next.status).toBe('applied');
            expect(phaseOf(next.state, 'call_1')).toBe('connected');
            expect(next.effects).toEqual([{ kind: 'resync' }]);
            expect(next.state.needsResync).toBe(true);
            expect(next.state.lastSeq).toBe(3);
            // Already resyncing: the next gap asks nothing more.
            seq += 1;
            const again = applyMessage(next.state, ev('call.held', held()));
            expect(again.effects).toEqual([]);
        });

        it('a gap on a presence, voicemail or stale event asks for a resync too', () => {
            const base = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.held', held())]);
            seq += 1;
            const presence = applyMessage(base, envelope('user.presence_changed', { user_id: 'usr_2', presence: { status: 'away', on_call: false, updated_at: T0 } }));
            expect(presence.effects).toEqual([{ kind: 'resync' }]);
            seq += 1;
            const voicemail = applyMessage(base, envelope('voicemail.new', { voicemail: { id: 'vm_1', call_id: 'call_1', from: { number: '+33612345678', name: null }, duration: 12, recording_url: 'https://x/vm_1', timestamp: T2 } }));
            expect(voicemail.effects).toEqual([{ kind: 'voicemail', voicemailId: 'vm_1', callId: 'call_1' }, { kind: 'resync' }]);
            seq = 0;
            const over = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.ended', ended())]);
            expect(over.needsResync).toBe(false);
            seq += 1;
            const stale = applyMessage(over, ev('call.resumed', active()));
            expect(stale.status).toBe('stale');
            expect(stale.effects).toEqual([{ kind: 'resync' }]);
        });

        it('a snapshot restores live calls and clears the resync flag; a gap snapshot asks to reconcile recent calls', () => {
            const agent = { id: 'usr_agent1', presence: { status: 'available', on_call: true, updated_at: T0 } };
            const snapshot = { type: 'session.snapshot', seq: 7, id: 'snap', timestamp: T0, call_id: null, data: { agent, active_calls: [held()], last_seq: 7, replayed: 0, gap: true, heartbeat_interval_ms: 15000, token_expires_at: T2 } };
            const result = applyMessage({ ...initialState(), needsResync: true }, snapshot);
            expect(result.status).toBe('control');
            expect(phaseOf(result.state, 'call_1')).toBe('on_hold');
            expect(result.state.presence).toBe('available');
            expect(result.state.lastSeq).toBe(7);
            expect(result.state.needsResync).toBe(false);
            expect(result.effects).toEqual([{ kind: 'resync' }]);
            expect(result.message).toEqual(expect.objectContaining({ kind: 'snapshot', heartbeatIntervalMs: 15000 }));
        });

        it('passes pong and error messages through without touching the calls', () => {
            const pong = applyMessage(initialState(), { type: 'pong', seq: 0, data: { ping_id: 'p1' } });
            expect(pong.message).toEqual({ kind: 'pong', seq: 0, pingId: 'p1' });
            const error = applyMessage(initialState(), { type: 'error', seq: 0, data: { code: 'invalid_request', message: 'what?' } });
            expect(error.message).toEqual({ kind: 'error', seq: 0, code: 'invalid_request', message: 'what?' });
        });

        it('tracks colleagues presence', () => {
            const state = run([envelope('user.presence_changed', { user_id: 'usr_2', presence: { status: 'away', on_call: false, updated_at: T0 } })]);
            expect(state.colleagues).toEqual({ usr_2: 'away' });
        });
    });

    describe('own presence', () => {
        const presence = (userId: string, status: string): Record<string, unknown> =>
            envelope('user.presence_changed', { user_id: userId, presence: { status, on_call: false, updated_at: T0 } });
        const snapshotOf = (status: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
            type: 'session.snapshot',
            seq: 0,
            id: 'snap',
            timestamp: T0,
            call_id: null,
            data: { agent: { id: 'usr_agent1', presence: { status, on_call: false, updated_at: T0 } }, active_calls: [], last_seq: 0, replayed: 0, gap: false, heartbeat_interval_ms: 15000, token_expires_at: T2, ...extra }
        });

        it('knows the agent from the snapshot and follows the agent’s own echoes, not as a colleague', () => {
            expect(initialState().agentId).toBeNull();
            const connected = run([snapshotOf('available')]);
            expect(connected.agentId).toBe('usr_agent1');
            expect(connected.presence).toBe('available');
            const away = run([presence('usr_agent1', 'away')], connected);
            expect(away.presence).toBe('away');
            expect(away.colleagues).toEqual({});
            // Back to Available: the echo moves the agent's presence again (the picker no longer snaps back).
            const back = run([presence('usr_agent1', 'available')], away);
            expect(back.presence).toBe('available');
            expect(back.colleagues).toEqual({});
        });

        it('updates a colleague live on every echo, beside the agent’s own presence', () => {
            const connected = run([snapshotOf('busy')]);
            const first = run([presence('usr_2', 'away')], connected);
            expect(first.colleagues).toEqual({ usr_2: 'away' });
            const second = run([presence('usr_2', 'available'), presence('usr_3', 'do_not_disturb')], first);
            expect(second.colleagues).toEqual({ usr_2: 'available', usr_3: 'do_not_disturb' });
            expect(second.presence).toBe('busy');
        });

        it('an own echo replayed before the first snapshot is corrected by it (the snapshot names the agent)', () => {
            const replayed = run([presence('usr_agent1', 'away')]);
            expect(replayed.colleagues).toEqual({ usr_agent1: 'away' });
            const connected = run([snapshotOf('away')], replayed);
            expect(connected.presence).toBe('away');
            expect(connected.colleagues).toEqual({});
        });

        it('a later snapshot for the same agent keeps the colleagues', () => {
            const state = run([snapshotOf('available'), presence('usr_2', 'busy'), snapshotOf('away')]);
            expect(state).toMatchObject({ agentId: 'usr_agent1', presence: 'away', colleagues: { usr_2: 'busy' } });
        });
    });

    describe('the transition table', () => {
        it('lists, for every phase, only real phases', () => {
            for (const phase of CALL_PHASES) {
                for (const from of ALLOWED_FROM[phase]) {
                    expect(CALL_PHASES).toContain(from);
                }
            }
        });

        it.each([
            [call(), 'ringing_in'],
            [call({ direction: 'outbound' }), 'ringing_out'],
            [active(), 'connected'],
            [active({ conference_id: 'c' }), 'conferencing'],
            [held(), 'on_hold'],
            [held({ consult_call_id: 'call_c' }), 'consulting'],
            [held({ conference_id: 'c' }), 'conferencing'],
            [ended(), 'wrap_up'],
            [missed(), 'ended']
        ] as [Call, CallPhase][])('derives the phase of a resource (%#)', (resource, phase) => {
            expect(phaseOfCall(resource)).toBe(phase);
        });
    });

    describe('values Diamy adds later', () => {
        it('ends a call whose end_reason is unknown: mapped to null, reported, and the call is logged', () => {
            const raw = ended({ end_reason: 'carrier_drop' as Call['end_reason'] });
            expect(validateCall(raw)).toEqual({ ok: true, value: expect.objectContaining({ state: 'ended', end_reason: null }), unexpected: ['end_reason "carrier_drop" → null'] });
            const before = run([ev('call.incoming', call()), ev('call.answered', active())]);
            const result = applyMessage(before, ev('call.ended', raw));
            expect(result.status).toBe('applied');
            expect(result.state.calls.call_1?.phase).toBe('wrap_up');
            expect(result.effects).toEqual([expect.objectContaining({ kind: 'call-ended' })]);
            const completed = result.state.calls.call_1 && toCompletedCall(result.state.calls.call_1.call, '005000000000001AAA');
            expect(completed && toCallRecordInput(completed)).toEqual(expect.objectContaining({ ok: true, warnings: [] }));
        });

        it.each([
            ['an answered call', ended({ status: 'dropped' as Call['status'] }), 'answered', 'Answered'],
            ['a call never answered', missed({ status: 'cancelled_by_carrier' as Call['status'] }), 'failed', 'Failed']
        ])('maps an unknown status on %s to a safe one and reports it; the call still ends', (_name, raw, status, outcome) => {
            const checked = validateCall(raw);
            expect(checked).toEqual({ ok: true, value: expect.objectContaining({ status }), unexpected: [expect.stringContaining(`→ ${status}`)] });
            const state = run([ev('call.ended', raw)]);
            expect(state.calls[raw.id]?.call.status).toBe(status);
            expect(state.rejectedTotal).toBe(0);
            expect(checked.ok && toCompletedCall(checked.value)?.outcome).toBe(outcome);
        });

        it('reports nothing for a call with known values', () => {
            expect(validateCall(ended())).toEqual({ ok: true, value: expect.any(Object), unexpected: [] });
        });

        it('never puts more than a short, quoted sample of the unknown value in the report', () => {
            const checked = validateCall(ended({ end_reason: `x${'y'.repeat(500)}` as Call['end_reason'] }));
            expect(checked.ok && checked.unexpected[0]?.length).toBeLessThan(80);
        });
    });

    describe('every transition of the table, one event each', () => {
        it('a call ended while on hold goes to wrap-up and is logged once, as an expected transition (no resync)', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.held', held())]);
            expect(phaseOf(state, 'call_1')).toBe('on_hold');
            const end = applyMessage(state, ev('call.ended', ended({ state: 'ended' })));
            expect(end.status).toBe('applied');
            expect(phaseOf(end.state, 'call_1')).toBe('wrap_up');
            expect(end.effects.map((effect) => effect.kind)).toEqual(['call-ended']);
            expect(end.state.needsResync).toBe(false);
            const completed = end.effects[0]?.kind === 'call-ended' ? toCompletedCall(end.effects[0].view.call, '005000000000001AAA') : null;
            expect(completed).toMatchObject({ diamyCallId: 'call_1', outcome: 'Answered' });
        });

        /** A resource in each phase (the one an event would carry). */
        const RESOURCE: Record<Exclude<CallPhase, 'idle' | 'dialing'>, () => Call> = {
            ringing_in: () => call(),
            ringing_out: () => call({ direction: 'outbound' }),
            connected: () => active(),
            on_hold: () => held(),
            consulting: () => held({ consult_call_id: 'call_c' }),
            conferencing: () => active({ conference_id: 'conf_1', conferenced: true }),
            wrap_up: () => ended(),
            ended: () => missed()
        };
        const EVENT: Record<Exclude<CallPhase, 'idle' | 'dialing'>, string> = {
            ringing_in: 'call.incoming',
            ringing_out: 'call.ringing',
            connected: 'call.answered',
            on_hold: 'call.held',
            consulting: 'call.held',
            conferencing: 'call.updated',
            wrap_up: 'call.ended',
            ended: 'call.ended'
        };
        /** A state where call_1 is in `phase`, reached without a resync. */
        function statIn(phase: CallPhase): TelephonyState {
            if (phase === 'idle') {
                return initialState();
            }
            if (phase === 'dialing') {
                return startDial(initialState(), 'call_1', '+33612345678', 'usr_agent1', T0);
            }
            const resource = RESOURCE[phase]();
            const merged = applyCalls(initialState(), [resource], 0);
            return { ...merged.state, lastSeq: 0 };
        }
        const rows = (Object.keys(ALLOWED_FROM) as CallPhase[]).flatMap((to) =>
            to === 'idle' || to === 'dialing' ? [] : ALLOWED_FROM[to].map((from) => [from, to] as [CallPhase, Exclude<CallPhase, 'idle' | 'dialing'>])
        );

        it.each(rows)('%s → %s is expected: applied without a resync', (from, to) => {
            const state = statIn(from);
            expect(phaseOf(state, 'call_1')).toBe(from);
            const resource = RESOURCE[to]();
            const result = applyMessage(state, ev(EVENT[to], { ...resource, id: 'call_1' }));
            expect(result.status).toBe('applied');
            expect(phaseOf(result.state, 'call_1')).toBe(to);
            expect(result.effects.filter((effect) => effect.kind === 'resync')).toEqual([]);
            expect(result.state.needsResync).toBe(false);
        });
    });

    describe('after-call work', () => {
        it('starts when the answered call ends and lasts until the wrap-up is saved', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.ended', ended())]);
            expect(wrapUpStartedAt(state, 'call_1')).toBe(T2);
            expect(afterCallWorkSeconds(wrapUpStartedAt(state, 'call_1'), Date.parse(T2) + 95_400)).toBe(95);
            expect(wrapUpStartedAt(completeWrapUp(state, 'call_1'), 'call_1')).toBeNull();
            expect(wrapUpStartedAt(run([ev('call.incoming', call()), ev('call.answered', active())]), 'call_1')).toBeNull();
            expect(wrapUpStartedAt(state, 'call_unknown')).toBeNull();
        });

        it('never counts backwards nor from nothing', () => {
            expect(afterCallWorkSeconds(null, Date.parse(T2))).toBe(0);
            expect(afterCallWorkSeconds('not a time', Date.parse(T2))).toBe(0);
            expect(afterCallWorkSeconds(T2, Date.parse(T2) - 5000)).toBe(0);
            expect(afterCallWorkSeconds(T2, Date.parse(T2) + 999)).toBe(0);
            expect(afterCallWorkSeconds(T2, Date.parse(T2) + 1000)).toBe(1);
        });
    });

    describe('toCompletedCall', () => {
        it('gives a safe outcome to a status outside the table (a Call built without validateCall)', () => {
            expect(toCompletedCall(ended({ status: 'dropped' as Call['status'] }))?.outcome).toBe('Answered');
            expect(toCompletedCall(missed({ status: 'dropped' as Call['status'] }))?.outcome).toBe('Failed');
        });

        it('builds a record input that c/diamyCallRecord accepts, for answered and missed calls', () => {
            for (const resource of [ended({ transferred: true }), missed(), ended({ direction: 'internal' })]) {
                const completed = toCompletedCall(resource, '005000000000001AAA');
                expect(completed).not.toBeNull();
                const input = completed && toCallRecordInput(completed);
                expect(input && input.ok).toBe(true);
            }
            expect(toCompletedCall(active())).toBeNull();
        });
    });

    describe('fuzz', () => {
        // Deterministic PRNG (mulberry32) so a failure reproduces.
        function prng(seed: number): () => number {
            let a = seed;
            return () => {
                a = (a + 0x6d2b79f5) | 0;
                let t = Math.imul(a ^ (a >>> 15), 1 | a);
                t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
                return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
            };
        }

        it('stays consistent over 5 000 random, malformed, duplicated and reordered messages', () => {
            const random = prng(20261125);
            const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
            const types = ['call.incoming', 'call.ringing', 'call.answered', 'call.held', 'call.resumed', 'call.ended', 'call.missed', 'call.transferred', 'call.consult_started', 'call.consult_cancelled', 'call.conferenced', 'call.muted', 'call.dtmf', 'voicemail.new', 'user.presence_changed', 'heartbeat', 'session.snapshot', 'call.unknown', ''];
            const resources = (id: string): Call[] => [call({ id }), call({ id, direction: 'outbound' }), active({ id }), held({ id }), held({ id, consult_call_id: 'call_c' }), ended({ id }), missed({ id }), active({ id, conference_id: 'conf' })];
            const junk: unknown[] = [null, 42, 'text', [], {}, { type: 'call.incoming' }, { type: 'call.ended', seq: 'x' }, { type: 'call.answered', seq: 3, data: null }, { type: 'heartbeat', seq: 1, data: {} }];
            const sent: unknown[] = [];
            let state = initialState();
            const statuses: Record<string, number> = {};
            let seqCounter = 0;
            for (let i = 0; i < 5000; i += 1) {
                const roll = random();
                let message: unknown;
                if (roll < 0.2) {
                    message = pick(junk);
                } else if (roll < 0.3 && sent.length > 0) {
                    message = pick(sent); // duplicate or late delivery
                } else {
                    seqCounter += random() < 0.1 ? 3 : 1;
                    const id = pick(['call_a', 'call_b', 'call_c']);
                    const type = pick(types);
                    const resource = pick(resources(id));
                    const data: Record<string, unknown> = { call: random() < 0.05 ? { ...resource, state: 'weird' } : resource, consult_call: pick(resources('call_c')), calls: [resource], conference_id: 'conf', mode: pick(['blind', 'attended', 'x']), user_id: 'usr_9', presence: { status: pick(['available', 'away', 'nope']) }, voicemail: { id: 'vm_1', call_id: id, recording_url: 'https://x' }, last_seq: seqCounter, active_calls: [resource], agent: { id: 'usr_agent1', presence: { status: 'available' } }, heartbeat_interval_ms: 15000, token_expires_at: T2 };
                    message = { id: `evt_${seqCounter}_${i % 7}`, type, seq: random() < 0.05 ? -seqCounter : seqCounter, timestamp: random() < 0.05 ? 'not-a-time' : T0, call_id: random() < 0.05 ? 'call_zzz' : id, data };
                    sent.push(message);
                }
                const before = state;
                let result;
                expect(() => {
                    result = applyMessage(state, message);
                }).not.toThrow();
                const applied = result as unknown as { state: TelephonyState; status: string };
                statuses[applied.status] = (statuses[applied.status] ?? 0) + 1;
                const untouched = applied.status !== 'rejected' && applied.status !== 'duplicate' ? true : applied.state.calls === before.calls;
                expect(untouched).toBe(true);
                state = applied.state;
                const broken = checkInvariants(state);
                if (broken.length > 0) {
                    throw new Error(`after message ${i} (${JSON.stringify(message)?.slice(0, 200)}): ${broken.join('; ')}`);
                }
            }
            // Every kind of outcome was exercised, so the fuzz is not vacuous.
            expect(Object.keys(statuses).sort()).toEqual(['applied', 'control', 'duplicate', 'rejected', 'stale']);
            expect(state.rejectedTotal).toBeGreaterThan(1000);
            console.log(`fuzz: 5000 messages → ${JSON.stringify(statuses)}`);
        });
    });

    it('applyCalls skips an older resource for a call that has seen a newer event', () => {
        const state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.held', held())]);
        const merged = applyCalls(state, [active()], 1);
        expect(phaseOf(merged.state, 'call_1')).toBe('on_hold');
    });

    it('validateMessage accepts every documented stored event type', () => {
        const c = active();
        for (const type of ['call.muted', 'call.unmuted', 'call.updated']) {
            expect(validateMessage(ev(type, c)).ok).toBe(true);
        }
        expect(validateMessage(ev('call.dtmf', c, { digits: '12' })).ok).toBe(true);
    });
});
