/**
 * Boundaries of the call state machine that the main suite leaves open (found by mutation testing): every size
 * limit of the validation on both sides, what a validated message and a completed call carry, the control
 * messages, the bounded windows, the order of the session phase and each invariant that checkInvariants reports.
 */
import {
    ID_WINDOW,
    MAX_REJECTED,
    applyCalls,
    applyMessage,
    checkInvariants,
    completeWrapUp,
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
    validateMessage
} from 'c/diamyCallState';
import type { Call, CallPhase, CallView, TelephonyState } from 'c/diamyCallState';
import { makeCall } from 'diamy-test/diamyCallFixtures';

const T0 = '2026-11-25T09:00:00.000Z';
const T1 = '2026-11-25T09:00:10.000Z';
const T2 = '2026-11-25T09:02:00.000Z';

const call = (o: Partial<Call> = {}): Call => makeCall({ timestamp: T0, started_at: T0, agent_id: 'usr_agent1', ...o });
const active = (o: Partial<Call> = {}): Call => call({ state: 'active', status: 'answered', answered_at: T1, ...o });
const held = (o: Partial<Call> = {}): Call => active({ state: 'held', ...o });
const ended = (o: Partial<Call> = {}): Call => active({ state: 'ended', ended_at: T2, end_reason: 'remote_hangup', duration: 110, ...o });
const missed = (o: Partial<Call> = {}): Call => call({ state: 'ended', status: 'missed', ended_at: T1, end_reason: 'missed', ...o });

/** A raw Call as it could arrive: any field may be missing or of any type. */
const raw = (o: Record<string, unknown>, base: Call = call()): Record<string, unknown> => ({ ...base, ...o });

let seq = 0;
function envelope(type: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    seq += 1;
    const payload = data.call as Call | undefined;
    return { id: `evt_${seq}`, type, seq, timestamp: T0, call_id: payload ? payload.id : null, data, ...overrides };
}
const ev = (type: string, c: Call, extra: Record<string, unknown> = {}): Record<string, unknown> => envelope(type, { call: c, ...extra });
/** A call event with envelope fields (seq, id, timestamp) overridden. */
const at = (type: string, c: Call, overrides: Record<string, unknown>): Record<string, unknown> => envelope(type, { call: c }, overrides);

function run(messages: unknown[], start: TelephonyState = initialState()): TelephonyState {
    return messages.reduce<TelephonyState>((state, message) => applyMessage(state, message).state, start);
}

function reasonOf(value: unknown): string | null {
    const checked = validateCall(value);
    return checked.ok ? null : checked.reason;
}

const agent = { id: 'usr_agent1', presence: { status: 'available' } };
function snapshot(data: Record<string, unknown>, s = 0): Record<string, unknown> {
    return { type: 'session.snapshot', seq: s, data: { agent, active_calls: [], last_seq: 0, heartbeat_interval_ms: 15000, token_expires_at: T2, ...data } };
}

function view(c: Call, phase: CallPhase, lastSeq = 0): CallView {
    return { call: c, phase, lastSeq, voicemailId: null };
}
function stateWith(views: CallView[], extra: Partial<TelephonyState> = {}): TelephonyState {
    return { ...initialState(), calls: Object.fromEntries(views.map((v) => [v.call.id, v])), ...extra };
}

describe('c-diamy-call-state boundaries', () => {
    beforeEach(() => {
        seq = 0;
    });

    describe('validateCall limits, both sides', () => {
        it('accepts ids of 1 to 64 characters of the id alphabet only', () => {
            expect(reasonOf(call({ id: 'a' }))).toBeNull();
            expect(reasonOf(call({ id: 'A'.repeat(64) }))).toBeNull();
            expect(reasonOf(call({ id: 'c.1_2:3-x' }))).toBeNull();
            expect(reasonOf(call({ id: 'A'.repeat(65) }))).toBe('call.id is invalid');
            expect(reasonOf(call({ id: '' }))).toBe('call.id is invalid');
            expect(reasonOf(call({ id: '!call' }))).toBe('call.id is invalid');
            expect(reasonOf(call({ id: 'call!' }))).toBe('call.id is invalid');
            expect(reasonOf(raw({ id: 42 }))).toBe('call.id is invalid');
            expect(reasonOf(raw({ agent_id: undefined }))).toBe('call.agent_id is invalid');
        });

        it('refuses what is not an object', () => {
            expect(reasonOf(null)).toBe('call is not an object');
            expect(reasonOf([call()])).toBe('call is not an object');
            expect(reasonOf('call_1')).toBe('call is not an object');
        });

        it('accepts party numbers up to 40 characters and names up to 120, a missing name as null', () => {
            expect(reasonOf(call({ from: { number: '1'.repeat(40), name: 'n'.repeat(120), withheld: false, user_id: null } }))).toBeNull();
            expect(reasonOf(call({ from: { number: '1'.repeat(41), name: null, withheld: false, user_id: null } }))).toBe('call.from/to must be parties with a number');
            expect(reasonOf(call({ to: { number: '+1', name: 'n'.repeat(121), withheld: false, user_id: null } }))).toBe('call.from/to must be parties with a number');
            expect(reasonOf(raw({ to: { number: 12345678 } }))).toBe('call.from/to must be parties with a number');
            expect(reasonOf(raw({ to: 'x' }))).toBe('call.from/to must be parties with a number');
            expect(reasonOf(raw({ from: { number: '+1', name: 7 } }))).toBe('call.from/to must be parties with a number');
            const checked = validateCall(raw({ to: { number: '+33100000000' } }));
            expect(checked.ok && checked.value.to).toEqual({ number: '+33100000000', name: null, withheld: false, user_id: null });
        });

        it('accepts durations from 0 up to, not including, 10 000 000 seconds, and a missing wait as 0', () => {
            expect(reasonOf(call({ duration: 0, wait_duration: 9_999_999 }))).toBeNull();
            expect(reasonOf(call({ duration: 10_000_000 }))).toBe('call durations are invalid');
            expect(reasonOf(call({ wait_duration: 10_000_000 }))).toBe('call durations are invalid');
            expect(reasonOf(call({ wait_duration: -1 }))).toBe('call durations are invalid');
            expect(reasonOf(call({ duration: Number.POSITIVE_INFINITY }))).toBe('call durations are invalid');
            expect(reasonOf(call({ duration: Number.NaN }))).toBe('call durations are invalid');
            expect(reasonOf(raw({ duration: '5' }))).toBe('call durations are invalid');
            const checked = validateCall(raw({ wait_duration: undefined }));
            expect(checked.ok && checked.value.wait_duration).toBe(0);
        });

        it('accepts ISO times of up to 40 characters that parse, and nothing else', () => {
            const forty = `2026-11-25T09:00:00.${'0'.repeat(19)}Z`;
            const fortyOne = `2026-11-25T09:00:00.${'0'.repeat(20)}Z`;
            expect(forty).toHaveLength(40);
            expect(reasonOf(call({ started_at: forty, timestamp: forty }))).toBeNull();
            expect(reasonOf(call({ started_at: fortyOne }))).toBe('call times are invalid');
            expect(reasonOf(call({ started_at: '2026-11-25 09:00:00Z' }))).toBe('call times are invalid');
            expect(reasonOf(call({ started_at: '2026-13-45T99:00:00Z' }))).toBe('call times are invalid');
            expect(reasonOf(raw({ started_at: 1764061200000 }))).toBe('call times are invalid');
            expect(reasonOf(active({ answered_at: 'soon' }))).toBe('call times are invalid');
            expect(reasonOf(ended({ ended_at: 'later' }))).toBe('call times are invalid');
        });

        it('accepts notes up to 32 768 characters and the other texts up to 1 024, missing ones as null', () => {
            expect(reasonOf(call({ notes: 'n'.repeat(32768), line: 'l'.repeat(1024), recording_url: 'r'.repeat(1024) }))).toBeNull();
            expect(reasonOf(call({ notes: 'n'.repeat(32769) }))).toBe('call.notes is invalid');
            expect(reasonOf(call({ line: 'l'.repeat(1025) }))).toBe('call.line is invalid');
            expect(reasonOf(call({ queue: 'q'.repeat(1025) }))).toBe('call.queue is invalid');
            expect(reasonOf(call({ conference_id: 'c'.repeat(1025) }))).toBe('call.conference_id is invalid');
            const checked = validateCall(raw({ notes: undefined, line: undefined, queue: undefined, recording_url: undefined, parent_call_id: undefined, consult_call_id: undefined, conference_id: undefined }));
            expect(checked.ok && checked.value).toMatchObject({ notes: null, line: null, queue: null, recording_url: null, parent_call_id: null, consult_call_id: null, conference_id: null });
        });

        it('accepts up to 50 tags of up to 80 characters, and no tags at all', () => {
            expect(reasonOf(call({ tags: Array.from({ length: 50 }, () => 't'.repeat(80)) }))).toBeNull();
            expect(reasonOf(call({ tags: Array.from({ length: 51 }, () => 't') }))).toBe('call.tags is invalid');
            expect(reasonOf(call({ tags: ['t'.repeat(81)] }))).toBe('call.tags is invalid');
            expect(reasonOf(raw({ tags: 'vip' }))).toBe('call.tags is invalid');
            const checked = validateCall(raw({ tags: undefined }));
            expect(checked.ok && checked.value.tags).toEqual([]);
        });

        it('needs a status that is text or null, and an end reason that is text, null or missing', () => {
            expect(reasonOf(raw({ status: undefined }))).toBe('call.status is invalid');
            expect(reasonOf(raw({ end_reason: undefined }))).toBeNull();
            expect(reasonOf(raw({ end_reason: null }))).toBeNull();
        });

        it('checks that the state agrees with the times and the status', () => {
            expect(reasonOf(call({ ended_at: T1 }))).toBe('call.ended_at does not match call.state');
            expect(reasonOf(held({ answered_at: null }))).toBe('a connected call must have answered_at');
            expect(reasonOf(call({ answered_at: T1, status: 'answered' }))).toBeNull();
            expect(reasonOf(call({ answered_at: T1, status: null }))).toBeNull();
            expect(reasonOf(ended({ ended_at: T0 }))).toBeNull();
        });

        it('reports an unknown status of a ringing call as failed', () => {
            expect(validateCall(raw({ status: 'queued' }))).toEqual({ ok: true, value: expect.objectContaining({ status: 'failed' }), unexpected: ['status "queued" → failed'] });
        });

        it('copies every field, with safe values for optional ones', () => {
            const full = ended({
                id: 'call_9',
                direction: 'outbound',
                from: { number: '+33184880000', name: null, withheld: false, user_id: null },
                to: { number: '+33612345678', name: 'Jean', withheld: false, user_id: null },
                wait_duration: 4,
                timestamp: T1,
                recording_url: 'https://rec/1',
                notes: 'note',
                tags: ['vip'],
                line: '+33184880000',
                queue: 'support',
                muted: true,
                dtmf: '12#',
                transferred: true,
                conferenced: true,
                parent_call_id: 'call_0',
                consult_call_id: 'call_c',
                conference_id: 'conf_1'
            });
            expect(validateCall(full)).toEqual({ ok: true, value: full, unexpected: [] });
            const loose = validateCall(raw({ timestamp: 'now', muted: 'yes', transferred: 1, conferenced: 'true', dtmf: 5, wait_duration: undefined }));
            expect(loose.ok && loose.value).toMatchObject({ timestamp: T0, muted: false, transferred: false, conferenced: false, dtmf: '', wait_duration: 0 });
            const longDtmf = validateCall(call({ dtmf: '1'.repeat(300) }));
            expect(longDtmf.ok && longDtmf.value.dtmf).toBe('1'.repeat(256));
        });

        it('quotes at most 40 characters of an unknown value, with an ellipsis only when it was cut', () => {
            const forty = 'x'.repeat(40);
            expect(validateCall(ended({ end_reason: forty as Call['end_reason'] }))).toMatchObject({ unexpected: [`end_reason "${forty}" → null`] });
            expect(validateCall(ended({ end_reason: `${forty}yz` as Call['end_reason'] }))).toMatchObject({ unexpected: [`end_reason "${forty}…" → null`] });
        });
    });

    describe('known values', () => {
        it('starts offline, with nothing seen', () => {
            expect(initialState()).toEqual({
                calls: {},
                presence: 'offline',
                agentId: null,
                colleagues: {},
                consults: {},
                lastSeq: 0,
                seenIds: [],
                needsResync: false,
                rejected: [],
                rejectedTotal: 0,
                duplicatesTotal: 0,
                staleTotal: 0
            });
        });

        it('knows every status, end reason and direction of the contract: nothing unexpected', () => {
            for (const status of ['answered', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'abandoned'] as const) {
                const c = status === 'answered' ? ended() : missed({ status });
                expect(validateCall(c)).toEqual({ ok: true, value: c, unexpected: [] });
            }
            const reasons = ['agent_hangup', 'remote_hangup', 'rejected', 'missed', 'voicemail', 'busy', 'no_answer', 'failed', 'transferred', 'consult_cancelled', 'conference_left'] as const;
            for (const endReason of reasons) {
                expect(validateCall(ended({ end_reason: endReason }))).toEqual({ ok: true, value: ended({ end_reason: endReason }), unexpected: [] });
            }
            for (const direction of ['inbound', 'outbound', 'internal'] as const) {
                expect(validateCall(call({ direction })).ok).toBe(true);
            }
            for (const state of ['ringing', 'active', 'held', 'ended'] as const) {
                const c = { ringing: call(), active: active(), held: held(), ended: ended() }[state];
                expect(validateCall(c).ok).toBe(true);
            }
        });

        it('keeps a ringing call without status or end reason as it is, with nothing to report', () => {
            expect(validateCall(call())).toEqual({ ok: true, value: call(), unexpected: [] });
        });

        it('knows every presence of the contract', () => {
            for (const presence of ['available', 'busy', 'away', 'do_not_disturb', 'offline']) {
                const result = applyMessage(initialState(), envelope('user.presence_changed', { user_id: 'usr_2', presence: { status: presence } }));
                expect(result.state.colleagues).toEqual({ usr_2: presence });
                const snap = applyMessage(initialState(), snapshot({ agent: { id: 'usr_agent1', presence: { status: presence } } }));
                expect(snap.state.presence).toBe(presence);
            }
        });

        it('accepts every stored call event type', () => {
            const leg = call({ id: 'call_c', direction: 'outbound' });
            const events: [string, Call, Record<string, unknown>][] = [
                ['call.incoming', call(), {}],
                ['call.ringing', call({ direction: 'outbound' }), {}],
                ['call.answered', active(), {}],
                ['call.missed', missed(), {}],
                ['call.ended', ended(), {}],
                ['call.held', held(), {}],
                ['call.resumed', active(), {}],
                ['call.muted', active({ muted: true }), {}],
                ['call.unmuted', active(), {}],
                ['call.dtmf', active({ dtmf: '1' }), {}],
                ['call.updated', active(), {}],
                ['call.transferred', ended({ transferred: true }), { mode: 'blind' }],
                ['call.consult_started', held({ consult_call_id: 'call_c' }), { consult_call: leg }],
                ['call.consult_cancelled', held(), { consult_call: leg }],
                ['call.conferenced', active({ conference_id: 'conf_1' }), { conference_id: 'conf_1', calls: [] }]
            ];
            for (const [type, c, extra] of events) {
                expect(validateMessage(ev(type, c, extra))).toMatchObject({ ok: true, value: { kind: 'call', type } });
            }
            expect(validateMessage(ev('call.resumed', held()))).toEqual({ ok: false, reason: 'call.resumed: the call is held' });
            expect(validateMessage(ev('call.ended', active()))).toEqual({ ok: false, reason: 'call.ended: the call is active' });
            expect(validateMessage(ev('call.answered', call()))).toEqual({ ok: false, reason: 'call.answered: the call is ringing' });
            expect(validateMessage(ev('call.incoming', active()))).toEqual({ ok: false, reason: 'call.incoming: the call is active' });
            expect(validateMessage(ev('call.ringing', active()))).toEqual({ ok: false, reason: 'call.ringing: the call is active' });
            expect(validateMessage(ev('call.consult_started', active(), { consult_call: leg }))).toEqual({ ok: false, reason: 'call.consult_started: the call is active' });
        });
    });

    describe('validateMessage', () => {
        it('names what arrived in the reason for an unknown type, without its content', () => {
            expect(validateMessage({ type: 'x'.repeat(50), seq: 1, data: {} })).toEqual({ ok: false, reason: `unknown message type "${'x'.repeat(40)}…"` });
            expect(validateMessage({ type: null, seq: 1, data: {} })).toEqual({ ok: false, reason: 'unknown message type null' });
            expect(validateMessage({ type: 7, seq: 1, data: {} })).toEqual({ ok: false, reason: 'unknown message type 7' });
            expect(validateMessage({ type: ['call.incoming'], seq: 1, data: {} })).toEqual({ ok: false, reason: 'unknown message type an array' });
            expect(validateMessage({ type: { name: 'call.incoming' }, seq: 1, data: {} })).toEqual({ ok: false, reason: 'unknown message type an object' });
            expect(validateMessage({ seq: 1, data: {} })).toEqual({ ok: false, reason: 'unknown message type undefined' });
        });

        it('needs a non-negative integer seq and an object as data', () => {
            expect(validateMessage({ type: 'heartbeat', seq: 1.5, data: { last_seq: 0 } })).toEqual({ ok: false, reason: 'heartbeat: seq must be a non-negative integer' });
            expect(validateMessage({ type: 'heartbeat', seq: '1', data: { last_seq: 0 } })).toEqual({ ok: false, reason: 'heartbeat: seq must be a non-negative integer' });
            expect(validateMessage({ type: 'heartbeat', seq: 2 ** 53, data: { last_seq: 0 } })).toEqual({ ok: false, reason: 'heartbeat: seq must be a non-negative integer' });
            expect(validateMessage({ type: 'heartbeat', seq: 0, data: [] })).toEqual({ ok: false, reason: 'heartbeat: data must be an object' });
            expect(validateMessage({ type: 'heartbeat', seq: 0, data: { last_seq: 0 } })).toEqual({ ok: true, value: { kind: 'heartbeat', seq: 0, lastSeq: 0 } });
            expect(validateMessage(at('call.incoming', call(), { seq: 1 }))).toMatchObject({ ok: true });
        });

        it('copies a stored call event, its related legs and its transfer mode', () => {
            const c = ended({ transferred: true, end_reason: 'transferred' });
            expect(validateMessage(ev('call.transferred', c, { mode: 'attended' }))).toEqual({
                ok: true,
                value: { kind: 'call', id: 'evt_1', type: 'call.transferred', seq: 1, timestamp: T0, call: c, related: [], mode: 'attended' }
            });
            const mine = active({ conference_id: 'conf_1' });
            const other = active({ id: 'call_d', conference_id: 'conf_1' });
            const conference = validateMessage(ev('call.conferenced', mine, { conference_id: 'conf_1', calls: [mine, other] }));
            expect(conference.ok && conference.value.kind === 'call' && conference.value.related).toEqual([other]);
            expect(conference.ok && conference.value.kind === 'call' && conference.value.mode).toBeNull();
            const leg = call({ id: 'call_c', direction: 'outbound' });
            const consult = validateMessage(ev('call.consult_started', held({ consult_call_id: 'call_c' }), { consult_call: leg }));
            expect(consult.ok && consult.value.kind === 'call' && consult.value.related).toEqual([leg]);
        });

        it('accepts a conference of up to 10 calls with a valid conference id', () => {
            const mine = active({ conference_id: 'conf_1' });
            const legs = (n: number) => [mine, ...Array.from({ length: n - 1 }, (_, i) => active({ id: `call_${i + 10}`, conference_id: 'conf_1' }))];
            expect(validateMessage(ev('call.conferenced', mine, { conference_id: 'conf_1', calls: legs(10) })).ok).toBe(true);
            expect(validateMessage(ev('call.conferenced', mine, { conference_id: 'conf_1', calls: legs(11) }))).toEqual({ ok: false, reason: 'call.conferenced: conference_id or calls are invalid' });
            expect(validateMessage(ev('call.conferenced', mine, { conference_id: '', calls: [mine] }))).toEqual({ ok: false, reason: 'call.conferenced: conference_id or calls are invalid' });
            expect(validateMessage(ev('call.conferenced', mine, { conference_id: 'conf_1', calls: [{}] }))).toEqual({ ok: false, reason: 'call.conferenced: conference_id or calls are invalid' });
        });

        it('accepts a consult cancelled with the original held or active, not ringing', () => {
            const leg = missed({ id: 'call_c', end_reason: 'consult_cancelled' });
            expect(validateMessage(ev('call.consult_cancelled', active(), { consult_call: leg })).ok).toBe(true);
            expect(validateMessage(ev('call.consult_cancelled', held(), { consult_call: leg })).ok).toBe(true);
            expect(validateMessage(ev('call.consult_cancelled', call(), { consult_call: leg }))).toEqual({ ok: false, reason: 'call.consult_cancelled: the call is ringing' });
            expect(validateMessage(ev('call.consult_cancelled', active(), { consult_call: null }))).toEqual({ ok: false, reason: 'call.consult_cancelled: consult_call: call is not an object' });
        });

        it('reports why a call event is refused', () => {
            expect(validateMessage(ev('call.answered', call({ id: '' })))).toEqual({ ok: false, reason: 'call.answered: call.id is invalid' });
            expect(validateMessage(at('call.answered', active(), { timestamp: undefined }))).toEqual({ ok: false, reason: 'call.answered: timestamp must be an ISO 8601 time' });
            expect(validateMessage(at('call.answered', active(), { id: undefined }))).toEqual({ ok: false, reason: 'call.answered: id is invalid' });
            expect(validateMessage(at('call.answered', active(), { seq: 0 }))).toEqual({ ok: false, reason: 'call.answered: a stored event has seq ≥ 1' });
        });

        it('copies presence and voicemail events', () => {
            expect(validateMessage(envelope('user.presence_changed', { user_id: 'usr_2', presence: { status: 'do_not_disturb' } }))).toEqual({
                ok: true,
                value: { kind: 'presence', id: 'evt_1', seq: 1, timestamp: T0, userId: 'usr_2', presence: 'do_not_disturb' }
            });
            expect(validateMessage(envelope('user.presence_changed', { user_id: 'usr_2', presence: 'away' }))).toEqual({ ok: false, reason: 'user.presence_changed: user_id or presence is invalid' });
            expect(validateMessage(envelope('user.presence_changed', { user_id: '', presence: { status: 'away' } }))).toEqual({ ok: false, reason: 'user.presence_changed: user_id or presence is invalid' });
            const voicemail = { id: 'vm_1', call_id: 'call_1', recording_url: 'r'.repeat(1024) };
            expect(validateMessage(envelope('voicemail.new', { voicemail }))).toEqual({
                ok: true,
                value: { kind: 'voicemail', id: 'evt_4', seq: 4, timestamp: T0, callId: 'call_1', voicemailId: 'vm_1', recordingUrl: 'r'.repeat(1024) }
            });
            for (const bad of [{ ...voicemail, recording_url: 'r'.repeat(1025) }, { ...voicemail, call_id: '' }, { ...voicemail, id: '' }, 'vm_1']) {
                expect(validateMessage(envelope('voicemail.new', { voicemail: bad }))).toEqual({ ok: false, reason: 'voicemail.new: voicemail is invalid' });
            }
        });
    });

    describe('control messages', () => {
        it('accepts a snapshot of up to 100 calls, a heartbeat interval from 100 ms to 10 minutes and a valid last_seq', () => {
            const calls = (n: number) => Array.from({ length: n }, (_, i) => call({ id: `call_${i}` }));
            expect(validateMessage(snapshot({ active_calls: calls(100), heartbeat_interval_ms: 100 })).ok).toBe(true);
            expect(validateMessage(snapshot({ heartbeat_interval_ms: 600_000 })).ok).toBe(true);
            expect(validateMessage(snapshot({ active_calls: calls(101) }))).toEqual({ ok: false, reason: 'session.snapshot: expected a list of at most 100 calls' });
            expect(validateMessage(snapshot({ active_calls: null }))).toEqual({ ok: false, reason: 'session.snapshot: expected a list of at most 100 calls' });
            for (const interval of [99, 600_001, Number.POSITIVE_INFINITY, '15000']) {
                expect(validateMessage(snapshot({ heartbeat_interval_ms: interval }))).toEqual({ ok: false, reason: 'session.snapshot: heartbeat_interval_ms is invalid' });
            }
            for (const lastSeq of [-1, 1.5, '7', 2 ** 53]) {
                expect(validateMessage(snapshot({ last_seq: lastSeq }))).toEqual({ ok: false, reason: 'session.snapshot: last_seq is invalid' });
            }
            expect(validateMessage(snapshot({ token_expires_at: 'never' }))).toEqual({ ok: false, reason: 'session.snapshot: token_expires_at is invalid' });
            for (const bad of [{ id: 'usr_agent1', presence: 'available' }, { id: '', presence: { status: 'available' } }, { id: 'usr_agent1', presence: { status: 'asleep' } }, 'usr_agent1']) {
                expect(validateMessage(snapshot({ agent: bad }))).toEqual({ ok: false, reason: 'session.snapshot: agent is invalid' });
            }
        });

        it('copies a snapshot; gap only when it is exactly true', () => {
            const c = held();
            expect(validateMessage(snapshot({ active_calls: [c], last_seq: 9, gap: 'yes', heartbeat_interval_ms: 20000 }, 4))).toEqual({
                ok: true,
                value: { kind: 'snapshot', seq: 4, activeCalls: [c], lastSeq: 9, gap: false, heartbeatIntervalMs: 20000, tokenExpiresAt: T2, agentId: 'usr_agent1', presence: 'available' }
            });
            expect(validateMessage(snapshot({ gap: true }))).toMatchObject({ ok: true, value: { gap: true } });
        });

        it('keeps the highest seq and asks nothing more when a snapshot has no gap', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            const result = applyMessage({ ...state, needsResync: true }, snapshot({ active_calls: [active()], last_seq: 1, gap: false }));
            expect(result.state.lastSeq).toBe(2);
            expect(result.state.needsResync).toBe(false);
            expect(result.effects).toEqual([]);
            expect(result.state.presence).toBe('available');
        });

        it('passes the call-ended effects of a snapshot on', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            const result = applyMessage(state, snapshot({ active_calls: [ended()], gap: true }));
            expect(result.effects.map((effect) => effect.kind)).toEqual(['call-ended', 'resync']);
        });

        it('refuses a heartbeat whose last_seq is not a non-negative integer, and resyncs only when it is ahead', () => {
            for (const lastSeq of [-1, 2.5, '3', undefined]) {
                expect(validateMessage({ type: 'heartbeat', seq: 0, data: { last_seq: lastSeq } })).toEqual({ ok: false, reason: 'heartbeat: last_seq is invalid' });
            }
            const state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            const level = applyMessage(state, { type: 'heartbeat', seq: 0, data: { last_seq: 2 } });
            expect(level).toMatchObject({ status: 'control', effects: [] });
            expect(level.state).toBe(state);
            const ahead = applyMessage(state, { type: 'heartbeat', seq: 0, data: { last_seq: 3 } });
            expect(ahead.state.needsResync).toBe(true);
            expect(ahead.effects).toEqual([{ kind: 'resync' }]);
        });

        it('cuts a ping id to 64 characters, an error code to 40 and its message to 200; defaults otherwise', () => {
            expect(validateMessage({ type: 'pong', seq: 0, data: { ping_id: 'p'.repeat(70) } })).toEqual({ ok: true, value: { kind: 'pong', seq: 0, pingId: 'p'.repeat(64) } });
            expect(validateMessage({ type: 'pong', seq: 0, data: { ping_id: 5 } })).toEqual({ ok: true, value: { kind: 'pong', seq: 0, pingId: null } });
            expect(validateMessage({ type: 'error', seq: 0, data: { code: 'c'.repeat(50), message: 'm'.repeat(250) } })).toEqual({
                ok: true,
                value: { kind: 'error', seq: 0, code: 'c'.repeat(40), message: 'm'.repeat(200) }
            });
            expect(validateMessage({ type: 'error', seq: 0, data: {} })).toEqual({ ok: true, value: { kind: 'error', seq: 0, code: 'unknown', message: '' } });
            const state = run([ev('call.incoming', call())]);
            const error = applyMessage(state, { type: 'error', seq: 0, data: {} });
            expect(error).toMatchObject({ status: 'control', effects: [] });
            expect(error.state).toBe(state);
        });
    });

    describe('rejection records', () => {
        it('records the type, seq and first 8 keys of a rejected message, and what a non-object was', () => {
            const msg = { type: 'call.teleported', seq: 3, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 };
            const result = applyMessage(initialState(), msg);
            expect(result.state.rejected).toEqual([{ reason: 'unknown message type "call.teleported"', sample: '{type:"call.teleported",seq:3,keys:type,seq,a,b,c,d,e,f}', seq: 3 }]);
            expect(applyMessage(initialState(), 'hello').state.rejected[0]).toEqual({ reason: 'not an object', sample: '"hello"', seq: null });
            expect(applyMessage(initialState(), { type: 'x', seq: Number.POSITIVE_INFINITY }).state.rejected[0]?.seq).toBeNull();
            expect(applyMessage(initialState(), { type: 'x', seq: '4' }).state.rejected[0]?.seq).toBeNull();
        });

        it('keeps the newest rejections when the list is full', () => {
            let state = initialState();
            for (let i = 0; i < MAX_REJECTED + 1; i += 1) {
                state = applyMessage(state, { type: 'x', seq: i, data: {} }).state;
            }
            expect(state.rejected).toHaveLength(MAX_REJECTED);
            expect(state.rejected[0]?.seq).toBe(1);
            expect(state.rejected[MAX_REJECTED - 1]?.seq).toBe(MAX_REJECTED);
            expect(checkInvariants(state)).toEqual([]);
        });
    });

    describe('what applying changes', () => {
        it('keeps the other colleagues and the other calls', () => {
            const state = run([
                ev('call.incoming', call()),
                ev('call.incoming', call({ id: 'call_2' })),
                envelope('user.presence_changed', { user_id: 'usr_2', presence: { status: 'away' } }),
                envelope('user.presence_changed', { user_id: 'usr_3', presence: { status: 'busy' } }),
                envelope('voicemail.new', { voicemail: { id: 'vm_1', call_id: 'call_1', recording_url: 'https://x' } })
            ]);
            expect(state.colleagues).toEqual({ usr_2: 'away', usr_3: 'busy' });
            expect(Object.keys(state.calls).sort()).toEqual(['call_1', 'call_2']);
            expect(state.calls.call_1?.voicemailId).toBe('vm_1');
            expect(state.calls.call_2?.voicemailId).toBeNull();
        });

        it('reports the call-ended effect before the resync of a missed transition', () => {
            const result = applyMessage(initialState(), ev('call.ended', ended()));
            expect(result.effects.map((effect) => effect.kind)).toEqual(['call-ended', 'resync']);
        });

        it('expects a repeated phase: a second ringing event is no missed transition', () => {
            const result = applyMessage(run([ev('call.incoming', call())]), ev('call.incoming', call({ notes: 'again' })));
            expect(result.status).toBe('applied');
            expect(result.effects).toEqual([]);
            expect(result.state.needsResync).toBe(false);
        });

        it('records what it could read of a message whose fields throw', () => {
            const hostile = Object.defineProperty({ type: 'heartbeat' }, 'seq', {
                get() {
                    throw new Error('boom');
                },
                enumerable: true
            });
            const result = applyMessage(initialState(), hostile);
            expect(result.state.rejected).toEqual([{ reason: 'unreadable message', sample: 'unreadable', seq: null }]);
        });

        it('describes a rejected value of any kind', () => {
            expect(applyMessage(initialState(), true).state.rejected[0]?.sample).toBe('true');
            expect(applyMessage(initialState(), null).state.rejected[0]?.sample).toBe('null');
            expect(applyMessage(initialState(), [1]).state.rejected[0]?.sample).toBe('an array');
            expect(applyMessage(initialState(), { type: 'x'.repeat(41), seq: 1 }).state.rejected[0]?.sample).toBe(`{type:"${'x'.repeat(40)}…",seq:1,keys:type,seq}`);
        });

        it('never brings a dismissed call back to life from a resource', () => {
            const state = stateWith([view(missed(), 'ended')]);
            expect(applyCalls(state, [call()]).state.calls.call_1?.phase).toBe('ended');
        });
    });

    describe('event ids and seq', () => {
        it('remembers the last 512 event ids: an older one is applied again', () => {
            let state = initialState();
            for (let i = 1; i <= ID_WINDOW + 1; i += 1) {
                state = applyMessage(state, { id: `evt_${i}`, type: 'user.presence_changed', seq: i, timestamp: T0, data: { user_id: 'usr_2', presence: { status: 'away' } } }).state;
            }
            expect(state.seenIds).toHaveLength(ID_WINDOW);
            expect(state.seenIds[0]).toBe('evt_2');
            expect(state.lastSeq).toBe(ID_WINDOW + 1);
            expect(checkInvariants(state)).toEqual([]);
            const first = { id: 'evt_1', type: 'user.presence_changed', seq: 1, timestamp: T0, data: { user_id: 'usr_2', presence: { status: 'busy' } } };
            expect(applyMessage(state, first).status).toBe('applied');
            const second = { ...first, id: 'evt_2' };
            expect(applyMessage(state, second).status).toBe('duplicate');
        });

        it('sees no gap in the first event of a session, whatever its seq', () => {
            const result = applyMessage(initialState(), at('call.incoming', call(), { seq: 40 }));
            expect(result.state.needsResync).toBe(false);
            expect(result.effects).toEqual([]);
            expect(result.state.lastSeq).toBe(40);
        });

        it('keeps the highest seq when an older event of another call arrives late', () => {
            const state = run([at('call.incoming', call(), { seq: 5 }), at('call.incoming', call({ id: 'call_2' }), { seq: 6 })]);
            const late = applyMessage(state, at('call.incoming', call({ id: 'call_3' }), { seq: 4 }));
            expect(late.status).toBe('applied');
            expect(late.state.lastSeq).toBe(6);
            expect(late.state.needsResync).toBe(false);
        });

        it('applies an event with the same seq as the call\'s last one', () => {
            const state = run([at('call.incoming', call(), { seq: 5 })]);
            const same = applyMessage(state, at('call.incoming', call({ notes: 'again' }), { seq: 5, id: 'evt_other' }));
            expect(same.status).toBe('applied');
            expect(same.state.calls.call_1?.call.notes).toBe('again');
            expect(same.state.calls.call_1?.lastSeq).toBe(5);
        });

        it('records the stale reason of an event that comes after the call ended', () => {
            const state = run([ev('call.incoming', call()), ev('call.missed', missed())]);
            const late = applyMessage(state, ev('call.incoming', call()));
            expect(late).toMatchObject({ status: 'stale', reason: 'call.incoming after the call ended', effects: [] });
            const older = run([at('call.incoming', call(), { seq: 5 })]);
            expect(applyMessage(older, at('call.incoming', call(), { seq: 4 }))).toMatchObject({ status: 'stale', reason: "call.incoming older than the call's last event" });
        });

        it('asks for a resync on a missed transition, once, and keeps the flag', () => {
            const result = applyMessage(run([ev('call.incoming', call())]), ev('call.held', held()));
            expect(result.effects).toEqual([{ kind: 'resync' }]);
            expect(result.state.needsResync).toBe(true);
            const again = applyMessage(result.state, ev('call.answered', active()));
            expect(again.effects).toEqual([]);
            expect(again.state.needsResync).toBe(true);
        });

        it('records a voicemail for a call it does not know without adding the call', () => {
            const state = run([ev('call.incoming', call())]);
            const result = applyMessage(state, envelope('voicemail.new', { voicemail: { id: 'vm_9', call_id: 'call_9', recording_url: 'https://x' } }));
            expect(result.status).toBe('applied');
            expect(result.effects).toEqual([{ kind: 'voicemail', voicemailId: 'vm_9', callId: 'call_9' }]);
            expect(result.state.calls).toEqual(state.calls);
            expect(result.state.seenIds).toContain('evt_2');
        });
    });

    describe('merging resources', () => {
        it('keeps the seq and the voicemail of a call across resources, and takes the newer resource after wrap-up', () => {
            let state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.ended', ended())]);
            state = applyMessage(state, envelope('voicemail.new', { voicemail: { id: 'vm_1', call_id: 'call_1', recording_url: 'https://x' } })).state;
            const merged = applyCalls(state, [ended({ notes: 'later' })]);
            expect(merged.effects).toEqual([]);
            expect(merged.state.calls.call_1).toMatchObject({ phase: 'wrap_up', lastSeq: 3, voicemailId: 'vm_1', call: { notes: 'later' } });
        });

        it('keeps a dismissed call dismissed when its resource comes again', () => {
            const state = completeWrapUp(run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.ended', ended())]), 'call_1');
            const merged = applyCalls(state, [ended({ notes: 'later' })], 9);
            expect(merged.effects).toEqual([]);
            expect(merged.state.calls.call_1).toMatchObject({ phase: 'ended', lastSeq: 9, call: { notes: 'later' } });
        });

        it('applies a resource without seq (REST, snapshot) over a call with events', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active()), ev('call.held', held())]);
            expect(phaseOf(applyCalls(state, [active()]).state, 'call_1')).toBe('connected');
            expect(phaseOf(applyCalls(state, [active()], 3).state, 'call_1')).toBe('connected');
            expect(phaseOf(applyCalls(state, [active()], 2).state, 'call_1')).toBe('on_hold');
        });

        it('emits call-ended for a call first seen ended, with or without answer', () => {
            const merged = applyCalls(initialState(), [ended(), missed({ id: 'call_2' }), active({ id: 'call_3' })]);
            expect(merged.effects.map((effect) => (effect.kind === 'call-ended' ? `${effect.view.call.id}:${effect.view.phase}` : effect.kind))).toEqual(['call_1:wrap_up', 'call_2:ended']);
        });

        it('replaces the dialing entry with the real call and its effects', () => {
            const dialing = startDial(initialState(), 'pending:1', '+33612345678', 'usr_agent1', T0);
            expect(dialing.calls['pending:1']).toEqual({
                call: {
                    id: 'pending:1',
                    direction: 'outbound',
                    from: { number: '', name: null, withheld: false, user_id: null },
                    to: { number: '+33612345678', name: null, withheld: false, user_id: null },
                    state: 'ringing',
                    status: null,
                    duration: 0,
                    wait_duration: 0,
                    timestamp: T0,
                    started_at: T0,
                    answered_at: null,
                    ended_at: null,
                    end_reason: null,
                    recording_url: null,
                    notes: null,
                    tags: [],
                    agent_id: 'usr_agent1',
                    line: null,
                    queue: null,
                    muted: false,
                    dtmf: '',
                    transferred: false,
                    conferenced: false,
                    parent_call_id: null,
                    peer_call_id: null,
                    consult_call_id: null,
                    conference_id: null
                },
                phase: 'dialing',
                lastSeq: 0,
                voicemailId: null
            });
            expect(checkInvariants(dialing)).toEqual([]);
            const done = finishDial(dialing, 'pending:1', missed({ id: 'call_2', direction: 'outbound' }));
            expect(Object.keys(done.state.calls)).toEqual(['call_2']);
            expect(done.effects).toHaveLength(1);
            expect(finishDial(dialing, 'pending:1', null).effects).toEqual([]);
        });
    });

    describe('phases', () => {
        it('shows an internal ringing call as ringing out', () => {
            expect(phaseOfCall(call({ direction: 'internal' }))).toBe('ringing_out');
        });

        it('completes wrap-up only for a call in wrap-up', () => {
            const state = run([ev('call.incoming', call()), ev('call.answered', active())]);
            expect(completeWrapUp(state, 'call_1')).toBe(state);
            expect(completeWrapUp(state, 'call_9')).toBe(state);
        });

        it('prunes only dismissed calls', () => {
            const state = stateWith([view(missed(), 'ended'), view(ended({ id: 'call_2' }), 'wrap_up'), view(active({ id: 'call_3' }), 'connected')]);
            expect(Object.keys(pruneEnded(state).calls)).toEqual(['call_2', 'call_3']);
        });

        it('shows the most important call: conference, consult, connected, hold, ringing in, ringing out, dialing, wrap-up', () => {
            const order: [CallPhase, Call][] = [
                ['conferencing', active({ conference_id: 'conf' })],
                ['consulting', held({ consult_call_id: 'call_c' })],
                ['connected', active()],
                ['on_hold', held()],
                ['ringing_in', call()],
                ['ringing_out', call({ direction: 'outbound' })],
                ['dialing', call({ direction: 'outbound' })],
                ['wrap_up', ended()]
            ];
            for (let i = 0; i < order.length; i += 1) {
                const views = order.slice(i).map(([phase, c], j) => view({ ...c, id: `call_${j}` }, phase));
                expect(sessionPhase(stateWith([...views].reverse()))).toBe(order[i]?.[0]);
            }
            expect(sessionPhase(stateWith([view(missed(), 'ended')]))).toBe('idle');
        });

        it('lists as live the calls on the line, not a dial request or a finished call', () => {
            const state = stateWith([view(call({ id: 'pending:1' }), 'dialing'), view(call({ id: 'call_1' }), 'ringing_in'), view(held({ id: 'call_2' }), 'on_hold'), view(ended({ id: 'call_3' }), 'wrap_up'), view(missed({ id: 'call_4' }), 'ended')]);
            expect(liveCalls(state).map((v) => v.call.id)).toEqual(['call_1', 'call_2']);
        });
    });

    describe('toCompletedCall', () => {
        it('copies every field of an answered call', () => {
            const c = ended({
                id: 'call_9',
                direction: 'outbound',
                from: { number: '+33184880000', name: null, withheld: false, user_id: null },
                to: { number: '+33612345678', name: 'Jean', withheld: false, user_id: null },
                line: '+33184880000',
                queue: 'sales',
                recording_url: 'https://rec/9',
                transferred: true,
                conferenced: true
            });
            expect(toCompletedCall(c, '005000000000001AAA')).toEqual({
                diamyCallId: 'call_9',
                direction: 'Outbound',
                outcome: 'Answered',
                from: { number: '+33184880000', e164: '+33184880000', name: null, agent: false },
                to: { number: '+33612345678', e164: '+33612345678', name: 'Jean', agent: false },
                startedAt: T0,
                answeredAt: T1,
                endedAt: T2,
                agentUserId: '005000000000001AAA',
                line: '+33184880000',
                queue: 'sales',
                recordingUrl: 'https://rec/9',
                transferred: true,
                conferenced: true,
                source: 'Softphone'
            });
        });

        it('maps every status and direction, and leaves answeredAt out of an unanswered outcome', () => {
            const outcomes: [Call['status'], string][] = [
                ['answered', 'Answered'],
                ['missed', 'Missed'],
                ['voicemail', 'Voicemail'],
                ['busy', 'Busy'],
                ['no_answer', 'No_Answer'],
                ['failed', 'Failed'],
                ['abandoned', 'Abandoned']
            ];
            for (const [status, outcome] of outcomes) {
                expect(toCompletedCall(missed({ status }))?.outcome).toBe(outcome);
            }
            expect(toCompletedCall(missed({ direction: 'inbound' }))).toMatchObject({ direction: 'Inbound', answeredAt: null, agentUserId: null });
            expect(toCompletedCall(missed({ direction: 'internal' }))?.direction).toBe('Internal');
            // A voicemail after an answered leg still has no answer for the record.
            expect(toCompletedCall(ended({ status: 'voicemail' }))?.answeredAt).toBeNull();
        });

        it('builds nothing for a call that has not ended, has no end time or no status', () => {
            expect(toCompletedCall(held())).toBeNull();
            expect(toCompletedCall({ ...ended(), ended_at: null })).toBeNull();
            expect(toCompletedCall({ ...ended(), status: null })).toBeNull();
            expect(toCompletedCall({ ...ended(), state: 'active' })).toBeNull();
        });
    });

    describe('checkInvariants', () => {
        it('reports each broken invariant', () => {
            expect(checkInvariants({ ...initialState(), presence: 'asleep' as TelephonyState['presence'] })).toEqual(['presence is invalid']);
            expect(checkInvariants({ ...initialState(), rejected: Array.from({ length: MAX_REJECTED + 1 }, () => ({ reason: 'r', sample: 's', seq: null })) })).toEqual(['rejected list is unbounded']);
            expect(checkInvariants({ ...initialState(), seenIds: Array.from({ length: ID_WINDOW + 1 }, (_, i) => `e${i}`) })).toEqual(['event id window is unbounded']);
            expect(checkInvariants({ ...initialState(), calls: { call_x: view(active(), 'connected') } })).toEqual(['call call_x is stored under another id']);
            expect(checkInvariants(stateWith([view(active(), 'idle')]))).toEqual(['call call_1 has phase idle']);
            expect(checkInvariants(stateWith([view(active(), 'flying' as CallPhase)]))).toEqual(['call call_1 has phase flying']);
            expect(checkInvariants(stateWith([view(active(), 'wrap_up')]))).toEqual(['call call_1: phase wrap_up but state active']);
            expect(checkInvariants(stateWith([view(ended(), 'connected')]))).toEqual(['call call_1: phase connected but state ended']);
            expect(checkInvariants(stateWith([view(missed(), 'wrap_up')]))).toEqual(['call call_1: wrap-up without having been answered']);
            expect(checkInvariants(stateWith([view(ended({ ended_at: '2020-01-01T00:00:00.000Z' }), 'wrap_up')]))).toEqual(['call call_1: ends before it starts']);
        });

        it('accepts the edges: full windows, a dial request, an end at the start', () => {
            expect(
                checkInvariants({
                    ...initialState(),
                    rejected: Array.from({ length: MAX_REJECTED }, () => ({ reason: 'r', sample: 's', seq: null })),
                    seenIds: Array.from({ length: ID_WINDOW }, (_, i) => `e${i}`)
                })
            ).toEqual([]);
            expect(checkInvariants(stateWith([view(ended({ ended_at: T0 }), 'wrap_up'), view(missed({ id: 'call_2' }), 'ended'), view(call({ id: 'call_3' }), 'dialing')]))).toEqual([]);
        });
    });
});
