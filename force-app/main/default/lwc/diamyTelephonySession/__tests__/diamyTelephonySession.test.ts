import { storageKeyFor } from 'c/diamyCallLog';
import { TelephonySession, WrapUpError, isMirroredState, mirroredCalls, mirrorOf, storageKey } from 'c/diamyTelephonySession';
import type { SessionLeader, SessionLogStatus, SessionLogger } from 'c/diamyTelephonySession';
import { applyCalls, initialState, phaseOf } from 'c/diamyCallState';
import type { Call, TelephonyState } from 'c/diamyCallState';
import type { CompletedCall, WrapUp } from 'c/diamyCallRecord';
import { FakeSessionProvider } from 'diamy-test/diamySessionKit';
import { resetDom } from 'diamy-test/lwcTestUtils';
import { makeAnsweredEndedCall, makeCall } from 'diamy-test/diamyCallFixtures';

const endedCall: Call = makeCall({
    state: 'ended',
    status: 'missed',
    wait_duration: 12,
    ended_at: '2026-11-25T09:00:12.000Z',
    end_reason: 'missed'
});

const answeredEnded: Call = makeAnsweredEndedCall({ id: 'call_w' });

class FakeLeader implements SessionLeader {
    isLeader = false;
    started = false;
    stopped = false;
    published: unknown[] = [];
    private role: ((role: 'leader' | 'follower' | 'stopped') => void) | null = null;
    private state: ((state: unknown) => void) | null = null;
    start(): void {
        this.started = true;
    }
    stop(): void {
        this.stopped = true;
    }
    onRole(listener: (role: 'leader' | 'follower' | 'stopped') => void): () => void {
        this.role = listener;
        listener('follower');
        return () => (this.role = null);
    }
    onState(listener: (state: unknown) => void): () => void {
        this.state = listener;
        return () => (this.state = null);
    }
    publishState(state: unknown): void {
        this.published.push(state);
    }
    become(role: 'leader' | 'follower'): void {
        this.isLeader = role === 'leader';
        this.role?.(role);
    }
    hear(state: unknown): void {
        this.state?.(state);
    }
}

class FakeLogger implements SessionLogger {
    logged: CompletedCall[] = [];
    wrapUps: [string, WrapUp][] = [];
    flushes = 0;
    stops = 0;
    statusListeners = new Set<(status: SessionLogStatus) => void>();
    logCall(call: CompletedCall): Promise<void> {
        this.logged.push(call);
        return Promise.resolve();
    }
    logWrapUp(diamyCallId: string, wrapUp: WrapUp): Promise<void> {
        this.wrapUps.push([diamyCallId, wrapUp]);
        return Promise.resolve();
    }
    subscribe(listener: (status: SessionLogStatus) => void): () => void {
        this.statusListeners.add(listener);
        listener({ state: 'idle', pending: 0, message: 'All calls saved' });
        return () => this.statusListeners.delete(listener);
    }
    report(status: SessionLogStatus): void {
        for (const listener of this.statusListeners) {
            listener(status);
        }
    }
    flush(): Promise<void> {
        this.flushes += 1;
        return Promise.resolve();
    }
    stop(): void {
        this.stops += 1;
    }
}

function setup(options: { dispositionRequired?: boolean } = {}) {
    const provider = new FakeSessionProvider();
    const leader = new FakeLeader();
    const loggers: FakeLogger[] = [];
    const session = new TelephonySession({
        provider,
        leader,
        agentUserId: '005000000000001AAA',
        dispositionRequired: options.dispositionRequired,
        createLogger: () => {
            const logger = new FakeLogger();
            loggers.push(logger);
            return logger;
        }
    });
    session.start();
    return { provider, leader, loggers, session };
}

describe('c-diamy-telephony-session', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('a follower neither connects nor logs; it mirrors what the leader publishes and ignores garbage', () => {
        const { provider, leader, loggers, session } = setup();
        expect(leader.started).toBe(true);
        expect(session.isLeader).toBe(false);
        expect(provider.connects).toEqual([]);
        expect(loggers).toEqual([]);
        leader.hear({ connection: 'connected', lastSeq: 7, calls: [{ id: 'call_1', phase: 'connected', state: 'active' }] });
        leader.hear({ connection: 'connected', lastSeq: -1, calls: [] });
        leader.hear('junk');
        leader.hear(null);
        expect(session.mirrored?.lastSeq).toBe(7);
        provider.emit('callEnded', endedCall);
        expect(session.logged).toEqual([]);
    });

    it('the leader connects, reads the queued logs, logs each ended call and publishes its state', () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        expect(provider.connects).toEqual([{}]);
        expect(loggers[0]?.flushes).toBe(1);
        provider.emit('callEnded', endedCall);
        expect(loggers[0]?.logged.map((c) => [c.diamyCallId, c.outcome, c.agentUserId])).toEqual([
            ['call_1', 'Missed', '005000000000001AAA']
        ]);
        provider.emit('callEnded', { ...endedCall, id: 'call_2', state: 'active', ended_at: null });
        expect(session.logged).toEqual(['call_1']);
        provider.emit('state', provider.state);
        expect(leader.published).toEqual([{ connection: 'connected', lastSeq: 0, calls: [] }]);
    });

    it('a follower taking over continues the stream from the last seq it mirrored', () => {
        const { provider, leader } = setup();
        leader.hear({ connection: 'connected', lastSeq: 41, calls: [] });
        leader.become('leader');
        expect(provider.connects).toEqual([{ since: 41 }]);
    });

    it('a leader that steps down disconnects and stops logging; stop releases everything', () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        leader.become('follower');
        expect(provider.disconnects).toBe(1);
        expect(loggers[0]?.stops).toBe(1);
        provider.emit('callEnded', endedCall);
        expect(loggers[0]?.logged).toEqual([]);
        leader.become('leader');
        expect(loggers).toHaveLength(2);
        session.stop();
        expect(leader.stopped).toBe(true);
        expect(loggers[1]?.stops).toBe(1);
        leader.become('leader');
        expect(provider.connects).toHaveLength(2);
    });

    it('the records chosen for a call (caller popup) become its lookups when it is logged, once', () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        session.relate('call_1', { contactId: '003000000000001AAA', accountId: '001000000000001AAA' });
        session.relate('call_1', { leadId: '00Q000000000001AAA' });
        session.relate('', { contactId: '003000000000001AAA' });
        provider.emit('callEnded', endedCall);
        expect(loggers[0]?.logged[0]?.related).toEqual({ leadId: '00Q000000000001AAA' });
        session.relate('call_1', { contactId: '003000000000009AAA' });
        provider.emit('callEnded', { ...endedCall, id: 'call_2' });
        expect(loggers[0]?.logged[1]?.related).toBeUndefined();
    });

    it('keeps at most 50 pending choices, forgetting the oldest', () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        for (let index = 0; index < 51; index += 1) {
            session.relate(`call_${index}`, { contactId: '003000000000001AAA' });
        }
        provider.emit('callEnded', { ...endedCall, id: 'call_0' });
        provider.emit('callEnded', { ...endedCall, id: 'call_50' });
        expect(loggers[0]?.logged.map((call) => call.related?.contactId ?? null)).toEqual([null, '003000000000001AAA']);
    });

    it('wrap-up goes to the leader logger; a follower refuses it; roles and log status are announced', async () => {
        const { leader, loggers, session } = setup();
        const roles: string[] = [];
        const statuses: (SessionLogStatus | null)[] = [];
        session.onRole((role) => roles.push(role));
        const stopListening = session.onLogStatus((status) => statuses.push(status));
        await expect(session.logWrapUp('call_1', { disposition: 'Resolved' })).rejects.toThrow('does not own');
        leader.become('leader');
        await session.logWrapUp('call_1', { disposition: 'Resolved', notes: 'ok' });
        expect(loggers[0]?.wrapUps).toEqual([['call_1', { disposition: 'Resolved', notes: 'ok' }]]);
        loggers[0]?.report({ state: 'retrying', pending: 2, message: '2 calls waiting' });
        expect(session.logStatus).toEqual({ state: 'retrying', pending: 2, message: '2 calls waiting', storageMessage: null });
        loggers[0]?.report({ state: 'retrying', pending: 2, message: '2 calls waiting', storageMessage: 'Storage refused' });
        expect(session.logStatus?.storageMessage).toBe('Storage refused');
        leader.become('follower');
        stopListening();
        session.stop();
        expect(roles).toEqual(['follower', 'leader', 'follower', 'stopped']);
        expect(statuses).toEqual([
            null,
            { state: 'idle', pending: 0, message: 'All calls saved', storageMessage: null },
            { state: 'retrying', pending: 2, message: '2 calls waiting', storageMessage: null },
            { state: 'retrying', pending: 2, message: '2 calls waiting', storageMessage: 'Storage refused' },
            null
        ]);
        expect(session.logStatus).toBeNull();
    });

    it('a wrap-up the logger accepted marks the call wrapped in the state machine: no longer the focus, mirrored to followers', async () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        provider.state = applyCalls(provider.state, [answeredEnded]).state;
        expect(phaseOf(provider.state, 'call_w')).toBe('wrap_up');
        const states: string[] = [];
        provider.on('state', (state) => states.push(phaseOf(state, 'call_w')));
        let accept: () => void = () => undefined;
        const logger = loggers[0] as FakeLogger;
        logger.logWrapUp = (diamyCallId: string, wrapUp: WrapUp): Promise<void> => {
            logger.wrapUps.push([diamyCallId, wrapUp]);
            return new Promise<void>((resolve) => (accept = resolve));
        };
        const saving = session.logWrapUp('call_w', { disposition: 'Sale', notes: 'Devis' });
        await Promise.resolve();
        // Not before the logger accepted it: a refused save keeps the wrap-up on screen.
        expect(phaseOf(provider.state, 'call_w')).toBe('wrap_up');
        accept();
        await saving;
        expect(logger.wrapUps).toEqual([['call_w', { disposition: 'Sale', notes: 'Devis' }]]);
        expect(phaseOf(provider.state, 'call_w')).toBe('ended');
        expect(states).toEqual(['ended']);
        expect(leader.published.at(-1)).toEqual(expect.objectContaining({ calls: [expect.objectContaining({ id: 'call_w', phase: 'ended', state: 'ended' })] }));
    });

    it('a refused wrap-up leaves the call in wrap-up; a wrap-up restored from a draft (call gone from Diamy’s state) is still saved', async () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        provider.state = applyCalls(provider.state, [answeredEnded]).state;
        const logger = loggers[0] as FakeLogger;
        const original = logger.logWrapUp.bind(logger);
        logger.logWrapUp = () => Promise.reject(new Error('The call logger is stopped'));
        await expect(session.logWrapUp('call_w', { disposition: 'Sale' })).rejects.toThrow('stopped');
        expect(phaseOf(provider.state, 'call_w')).toBe('wrap_up');
        logger.logWrapUp = original;
        // After a reload the live state no longer holds the call: the draft's wrap-up reaches the logger all the same.
        await session.logWrapUp('call_restored', { notes: 'typed before the reload' });
        expect(logger.wrapUps).toEqual([['call_restored', { notes: 'typed before the reload' }]]);
        expect(provider.state.calls.call_restored).toBeUndefined();
    });

    it('the customer call is logged with its consultation; the consult leg is never logged on its own', () => {
        const { provider, leader, loggers, session } = setup();
        leader.become('leader');
        const hugo = { number: '+33189000202', name: 'Hugo Lefèvre', withheld: false, user_id: 'usr_hugo' };
        const customer = { ...answeredEnded, id: 'call_customer', ended_at: '2026-11-25T09:01:00.000Z', end_reason: 'transferred' as const, transferred: true };
        const leg = makeCall({ id: 'call_leg', direction: 'internal', to: hugo, parent_call_id: 'call_customer', started_at: '2026-11-25T09:00:30.000Z', state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:40.000Z' });
        provider.state = applyCalls(provider.state, [leg], 0, '2026-11-25T09:00:40.000Z').state;
        provider.emit('callEnded', customer);
        provider.emit('callEnded', { ...leg, state: 'ended', ended_at: '2026-11-25T09:01:00.000Z', end_reason: 'transferred', transferred: true });
        expect(session.logged).toEqual(['call_customer']);
        expect(loggers[0]?.logged).toHaveLength(1);
        expect(loggers[0]?.logged[0]).toMatchObject({ diamyCallId: 'call_customer', transferred: true, consult: { party: 'Hugo Lefèvre', seconds: 30, outcome: 'Transferred' } });
    });

    it('refuses, before anything is queued, a wrap-up the org would refuse: no disposition when the admin requires one, a value that is not one', async () => {
        const { provider, leader, loggers, session } = setup({ dispositionRequired: true });
        leader.become('leader');
        provider.state = applyCalls(provider.state, [answeredEnded]).state;
        const refused = session.logWrapUp('call_w', { notes: 'Sans qualification' });
        await expect(refused).rejects.toBeInstanceOf(WrapUpError);
        await expect(refused).rejects.toMatchObject({ message: 'Choose a disposition: your administrator requires one with every wrap-up.', problems: ['disposition is required'] });
        await expect(session.logWrapUp('call_w', { disposition: '  ' })).rejects.toBeInstanceOf(WrapUpError);
        const malformed = session.logWrapUp('call_w', { disposition: 'Sale', callbackAt: 'tomorrow' });
        await expect(malformed).rejects.toMatchObject({ message: 'This wrap-up cannot be saved: check the callback time and the follow-up task.', problems: ['callbackAt is not a date and time'] });
        expect(loggers[0]?.wrapUps).toEqual([]);
        expect(phaseOf(provider.state, 'call_w')).toBe('wrap_up');
        await session.logWrapUp('call_w', { disposition: 'Sale', callbackAt: '2026-11-26T08:30:00.000Z', followUp: { subject: 'Devis', dueDate: '2026-11-27', assigneeId: null } });
        expect(loggers[0]?.wrapUps).toHaveLength(1);
        expect(phaseOf(provider.state, 'call_w')).toBe('ended');
        // Without the admin's rule, a wrap-up without disposition is fine.
        const free = setup();
        free.leader.become('leader');
        await free.session.logWrapUp('call_x', { notes: 'n' });
        expect(free.loggers[0]?.wrapUps).toEqual([['call_x', { notes: 'n' }]]);
    });

    it('a follower hears each publication (onMirror) and shows only well-formed calls in a known phase', () => {
        const { leader, session } = setup();
        const heard: unknown[] = [];
        session.onMirror((mirror) => heard.push(mirror?.lastSeq ?? null));
        const live = makeCall({ id: 'call_1', state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });
        leader.hear({
            connection: 'connected',
            lastSeq: 9,
            calls: [
                { id: 'call_1', phase: 'connected', state: 'active', call: live },
                { id: 'call_2', phase: 'connected', state: 'active', call: { id: 'call_2', direction: 'sideways' } },
                { id: 'call_3', phase: 'teleporting', state: 'active', call: { ...live, id: 'call_3' } },
                { id: 'call_4', phase: 'connected', state: 'active', call: { ...live, id: 'call_5' } },
                { id: 'call_6', phase: 'connected', state: 'active' }
            ]
        });
        expect(heard).toEqual([null, 9]);
        const calls = mirroredCalls(session.mirrored);
        expect(Object.keys(calls)).toEqual(['call_1']);
        expect(calls.call_1?.phase).toBe('connected');
        expect(calls.call_1?.call.from.name).toBe('Sophie Bernard');
        expect(mirroredCalls(null)).toEqual({});
    });

    it('the leader publishes each call with its phase (what a second tab mirrors)', () => {
        const live = makeCall({ id: 'call_1', state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });
        const state: TelephonyState = { ...initialState(), calls: { call_1: { call: live, phase: 'connected', lastSeq: 3, voicemailId: null } } };
        const mirror = mirrorOf(state, 'connected');
        expect(mirror.calls).toEqual([{ id: 'call_1', phase: 'connected', state: 'active', call: live }]);
        expect(Object.keys(mirroredCalls(JSON.parse(JSON.stringify(mirror)) as typeof mirror))).toEqual(['call_1']);
    });

    it('mirrorOf and isMirroredState agree', () => {
        const mirror = mirrorOf(initialState(), 'reconnecting');
        expect(isMirroredState(mirror)).toBe(true);
        expect(isMirroredState({ ...mirror, calls: 'x' })).toBe(false);
        expect(isMirroredState({ ...mirror, lastSeq: 1.5 })).toBe(false);
    });
});

describe('storageKey', () => {
    it('keys by org and user, and gives no key while either is unknown', () => {
        expect(storageKey('diamy.wrapUp', '00D000000000001AAA', '005000000000001AAA')).toBe('diamy.wrapUp.00D000000000001.005000000000001');
        expect(storageKey('diamy.wrapUp', '00D000000000001AAA', '005000000000002AAA')).not.toBe(
            storageKey('diamy.wrapUp', '00D000000000001AAA', '005000000000001AAA')
        );
        expect(storageKey('diamy.wrapUp', null, '005000000000001AAA')).toBeNull();
        expect(storageKey('diamy.wrapUp', '00D000000000001AAA', null)).toBeNull();
        expect(storageKey('diamy.wrapUp', '../x', '005000000000001AAA')).toBeNull();
        expect(storageKey('diamy.wrapUp', '00D000000000001AAA', '003000000000001AAA')).toBeNull();
    });

    it('names one org and user the same whether an id comes in 15 or 18 characters, as the call log queue does', () => {
        // The org id comes from a formula ($Organization.Id: 15 characters), the user id from @salesforce/user/Id (18).
        expect(storageKey('diamy.lastSeenAt', '00D000000000001', '005000000000001AAA')).toBe(storageKey('diamy.lastSeenAt', '00D000000000001AAA', '005000000000001'));
        expect(storageKey('diamy.callLog', '00D000000000001', '005000000000001AAA')).toBe(storageKeyFor('00D000000000001AAA', '005000000000001'));
    });
});
