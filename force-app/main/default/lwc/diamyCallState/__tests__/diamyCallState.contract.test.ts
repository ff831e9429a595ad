// Issue 11: the client accepts what the contract now says — withheld callers, internal calls with two linked legs,
// two calls at once (call waiting) — and every message type the contract sends is one the state machine knows.
import { applyMessage, checkInvariants, EVENT_TYPES, initialState, liveCalls, otherPartyOf, phaseOf, toCompletedCall, validateCall } from 'c/diamyCallState';
import type { Call, TelephonyState } from 'c/diamyCallState';
import { CALL_FIELDS, toCallRecordInput } from 'c/diamyCallRecord';
import { makeCall } from 'diamy-test/diamyCallFixtures';
// The LWC bundle cannot import the contract; this test (not shipped) reads its constant list of message types.
import { SERVER_MESSAGE_TYPES } from '../../../../../../contract/events';

const CAMILLE = { number: '+33189000201', name: 'Camille Martin', withheld: false, user_id: 'usr_camille.martin' };
const HUGO = { number: '+33189000202', name: 'Hugo Lefèvre', withheld: false, user_id: 'usr_hugo.lefevre' };
const WITHHELD = { number: null, name: null, withheld: true, user_id: null };
const ANSWERED = '2026-11-25T09:00:05.000Z';
const ENDED = '2026-11-25T09:01:05.000Z';

let counter = 0;
function event(type: string, seq: number, call: Call): Record<string, unknown> {
    counter += 1;
    return { id: `evt_c${counter}`, type, seq, timestamp: '2026-11-25T09:00:00.000Z', call_id: call.id, data: { call } };
}

/** Applies raw messages in order; every one must be applied (not rejected), and the state stays consistent. */
function run(messages: Record<string, unknown>[], state: TelephonyState = initialState()): TelephonyState {
    let current = state;
    for (const message of messages) {
        const result = applyMessage(current, message);
        expect({ type: message.type, status: result.status, reason: result.reason }).toEqual({ type: message.type, status: 'applied', reason: undefined });
        current = result.state;
        expect(checkInvariants(current)).toEqual([]);
    }
    return current;
}

const internalLeg = (overrides: Partial<Call>): Call => makeCall({ direction: 'internal', from: CAMILLE, to: HUGO, ...overrides });

describe('c/diamyCallState against the contract (issue 11)', () => {
    describe('every message type the contract sends is known to the state machine', () => {
        it('the lists name the same types', () => {
            expect([...EVENT_TYPES].sort()).toEqual([...SERVER_MESSAGE_TYPES].sort());
        });

        it.each([...SERVER_MESSAGE_TYPES])('%s is not refused as an unknown type', (type) => {
            const result = applyMessage(initialState(), { id: 'evt_x', type, seq: 1, timestamp: '2026-11-25T09:00:00.000Z', call_id: null, data: {} });
            expect(result.reason ?? '').not.toMatch(/unknown message type/);
        });
    });

    describe('withheld callers', () => {
        it('accepts a withheld party: number and name null', () => {
            const checked = validateCall({ ...makeCall(), from: WITHHELD });
            expect(checked).toEqual({ ok: true, value: expect.objectContaining({ from: WITHHELD }), unexpected: [] });
        });

        it('refuses a null number on a party that is not withheld, and a withheld flag that is not a boolean', () => {
            expect(validateCall({ ...makeCall(), from: { number: null, name: null, withheld: false, user_id: null } })).toEqual({ ok: false, reason: expect.stringContaining('from/to') });
            expect(validateCall({ ...makeCall(), from: { number: null, name: null } })).toEqual({ ok: false, reason: expect.stringContaining('from/to') });
            expect(validateCall({ ...makeCall(), from: { number: '+33612345678', name: null, withheld: 'yes', user_id: null } })).toEqual({ ok: false, reason: expect.stringContaining('from/to') });
        });

        it('keeps no number or name for a withheld party even if one came with it', () => {
            const checked = validateCall({ ...makeCall(), from: { number: '+33612345678', name: 'Leaked', withheld: true, user_id: null } });
            expect(checked.ok && checked.value.from).toEqual(WITHHELD);
        });

        it("reads Diamy's documented party {number, name} as not withheld, no user", () => {
            const checked = validateCall({ ...makeCall(), from: { number: '+33612345678', name: 'Sophie' } });
            expect(checked.ok && checked.value.from).toEqual({ number: '+33612345678', name: 'Sophie', withheld: false, user_id: null });
        });

        it('refuses a malformed user_id', () => {
            expect(validateCall({ ...makeCall(), to: { ...HUGO, user_id: 'not an id' } })).toEqual({ ok: false, reason: expect.stringContaining('from/to') });
        });

        it('a withheld inbound call rings, is answered and ends; the record has no From number and no warning', () => {
            const ringing = makeCall({ id: 'call_w', from: WITHHELD });
            const state = run([
                event('call.incoming', 1, ringing),
                event('call.answered', 2, { ...ringing, state: 'active', status: 'answered', answered_at: ANSWERED }),
                event('call.ended', 3, { ...ringing, state: 'ended', status: 'answered', answered_at: ANSWERED, ended_at: ENDED, end_reason: 'remote_hangup', duration: 60 })
            ]);
            const view = state.calls.call_w;
            expect(view?.phase).toBe('wrap_up');
            const completed = view && toCompletedCall(view.call, '005000000000001AAA');
            expect(completed?.from).toEqual({ number: '', e164: null, name: null, agent: false });
            const record = completed ? toCallRecordInput(completed) : null;
            expect(record).toEqual({ ok: true, value: expect.anything(), warnings: [] });
            const fields = record?.ok ? record.value.fields : {};
            expect(fields[CALL_FIELDS.fromNumber]).toBeUndefined();
            expect(fields[CALL_FIELDS.fromNumberE164]).toBeUndefined();
            expect(fields[CALL_FIELDS.callerName]).toBeUndefined();
            expect(fields[CALL_FIELDS.toNumber]).toBe('+33189000201');
        });
    });

    describe('internal calls', () => {
        it('validates and keeps peer_call_id; refuses it on a call that is not internal, or malformed', () => {
            const leg = internalLeg({ id: 'call_caller', agent_id: 'usr_camille.martin', peer_call_id: 'call_callee' });
            const checked = validateCall(leg);
            expect(checked.ok && checked.value.peer_call_id).toBe('call_callee');
            expect(checked.ok && checked.value.to).toEqual(HUGO);
            expect(validateCall({ ...makeCall(), peer_call_id: 'call_x' })).toEqual({ ok: false, reason: expect.stringContaining('peer_call_id') });
            expect(validateCall({ ...leg, peer_call_id: 'no spaces allowed' })).toEqual({ ok: false, reason: expect.stringContaining('peer_call_id') });
            const withoutPeer: Record<string, unknown> = { ...leg };
            delete withoutPeer.peer_call_id;
            const older = validateCall(withoutPeer);
            expect(older.ok && older.value.peer_call_id).toBeNull();
        });

        it("the callee's leg rings in (it is offered to them), the caller's rings out", () => {
            const callee = internalLeg({ id: 'call_callee', agent_id: 'usr_hugo.lefevre', peer_call_id: 'call_caller' });
            const caller = internalLeg({ id: 'call_caller', agent_id: 'usr_camille.martin', peer_call_id: 'call_callee' });
            const hugo = run([event('call.incoming', 1, callee)]);
            expect(phaseOf(hugo, 'call_callee')).toBe('ringing_in');
            const camille = run([event('call.ringing', 1, caller)]);
            expect(phaseOf(camille, 'call_caller')).toBe('ringing_out');
            expect(hugo.needsResync || camille.needsResync).toBe(false);
            // The other party is the colleague on both sides.
            expect(otherPartyOf(callee)).toEqual(CAMILLE);
            expect(otherPartyOf(caller)).toEqual(HUGO);
            expect(otherPartyOf(makeCall())).toEqual(makeCall().from);
            expect(otherPartyOf(makeCall({ direction: 'outbound' }))).toEqual(makeCall().to);
        });

        it('the callee answers and then the caller hangs up: the callee leg goes to wrap-up without a resync', () => {
            const callee = internalLeg({ id: 'call_callee', agent_id: 'usr_hugo.lefevre', peer_call_id: 'call_caller' });
            const state = run([
                event('call.incoming', 1, callee),
                event('call.answered', 2, { ...callee, state: 'active', status: 'answered', answered_at: ANSWERED }),
                event('call.ended', 3, { ...callee, state: 'ended', status: 'answered', answered_at: ANSWERED, ended_at: ENDED, end_reason: 'remote_hangup', duration: 60 })
            ]);
            expect(phaseOf(state, 'call_callee')).toBe('wrap_up');
            expect(state.needsResync).toBe(false);
        });

        it('the record of each leg names both agents: Agent = the leg owner, Caller Name = the colleague, both numbers', () => {
            const end = { state: 'ended' as const, status: 'answered' as const, answered_at: ANSWERED, ended_at: ENDED, end_reason: 'remote_hangup' as const, duration: 60 };
            const calleeLeg = internalLeg({ id: 'call_callee', agent_id: 'usr_hugo.lefevre', peer_call_id: 'call_caller', ...end });
            const callerLeg = internalLeg({ id: 'call_caller', agent_id: 'usr_camille.martin', peer_call_id: 'call_callee', ...end });
            const fieldsOf = (call: Call, userId: string): Record<string, unknown> => {
                const completed = toCompletedCall(call, userId);
                const record = completed ? toCallRecordInput(completed) : null;
                expect(record).toEqual({ ok: true, value: expect.anything(), warnings: [] });
                return record?.ok ? record.value.fields : {};
            };
            const hugo = fieldsOf(calleeLeg, '005000000000002AAA');
            expect(hugo).toEqual(
                expect.objectContaining({
                    [CALL_FIELDS.direction]: 'Internal',
                    [CALL_FIELDS.agent]: '005000000000002AAA',
                    [CALL_FIELDS.callerName]: 'Camille Martin',
                    [CALL_FIELDS.fromNumber]: CAMILLE.number,
                    [CALL_FIELDS.toNumber]: HUGO.number
                })
            );
            const camille = fieldsOf(callerLeg, '005000000000001AAA');
            expect(camille).toEqual(expect.objectContaining({ [CALL_FIELDS.agent]: '005000000000001AAA', [CALL_FIELDS.callerName]: 'Hugo Lefèvre' }));
        });
    });

    describe('call waiting: two calls at once', () => {
        const first = makeCall({ id: 'call_1', from: { number: '+33612345678', name: 'Sophie Bernard', withheld: false, user_id: null } });
        const second = makeCall({ id: 'call_2', from: WITHHELD });
        const active = (call: Call): Call => ({ ...call, state: 'active', status: 'answered', answered_at: ANSWERED });
        const onCall = (): TelephonyState => run([event('call.incoming', 1, first), event('call.answered', 2, active(first)), event('call.incoming', 3, second)]);

        it('a second call rings while the first is connected: both live, no resync', () => {
            const state = onCall();
            expect(phaseOf(state, 'call_1')).toBe('connected');
            expect(phaseOf(state, 'call_2')).toBe('ringing_in');
            expect(liveCalls(state).map((view) => view.call.id).sort()).toEqual(['call_1', 'call_2']);
            expect(state.needsResync).toBe(false);
        });

        it('answering it: the first is held first, then the second connected', () => {
            const state = run([event('call.held', 4, { ...active(first), state: 'held' }), event('call.answered', 5, active(second))], onCall());
            expect(phaseOf(state, 'call_1')).toBe('on_hold');
            expect(phaseOf(state, 'call_2')).toBe('connected');
            expect(state.needsResync).toBe(false);
        });

        it('declining it: the second ends missed / rejected, the first stays connected', () => {
            const rejected = { ...second, state: 'ended' as const, status: 'missed' as const, ended_at: ENDED, end_reason: 'rejected' as const };
            const state = run([event('call.missed', 4, { ...rejected, state: 'ringing', ended_at: null, end_reason: null }), event('call.ended', 5, rejected)], onCall());
            expect(phaseOf(state, 'call_1')).toBe('connected');
            expect(phaseOf(state, 'call_2')).toBe('ended');
            expect(state.needsResync).toBe(false);
        });
    });
});
