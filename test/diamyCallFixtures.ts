// Call resources as Diamy sends them (contract/events.ts `Call`), for the telephony tests: one ringing inbound
// call with every field present; each test overrides what it is about.
import type { Call } from 'c/diamyCallState';

export const FIXTURE_START = '2026-11-25T09:00:00.000Z';

export function makeCall(overrides: Partial<Call> = {}): Call {
    return {
        id: 'call_1',
        direction: 'inbound',
        from: { number: '+33612345678', name: 'Sophie Bernard', withheld: false, user_id: null },
        to: { number: '+33189000201', name: null, withheld: false, user_id: null },
        state: 'ringing',
        status: null,
        duration: 0,
        wait_duration: 0,
        timestamp: FIXTURE_START,
        started_at: FIXTURE_START,
        answered_at: null,
        ended_at: null,
        end_reason: null,
        recording_url: null,
        notes: null,
        tags: [],
        agent_id: 'usr_camille.martin',
        line: null,
        queue: null,
        muted: false,
        dtmf: '',
        transferred: false,
        conferenced: false,
        parent_call_id: null,
        consult_call_id: null,
        conference_id: null,
        peer_call_id: null,
        ...overrides
    };
}

/** A call answered at 09:00:05 and hung up by the other side at 09:01:00 (55 s of talk). */
export function makeAnsweredEndedCall(overrides: Partial<Call> = {}): Call {
    return makeCall({
        state: 'ended',
        status: 'answered',
        answered_at: '2026-11-25T09:00:05.000Z',
        ended_at: '2026-11-25T09:01:00.000Z',
        end_reason: 'remote_hangup',
        duration: 55,
        ...overrides
    });
}
