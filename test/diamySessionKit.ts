// A fake telephony provider and a lone leader for the tests that drive c/diamyTelephonySession (the session's own
// tests, its reload test): the provider's events come from FakeProviderEvents, its wrap-up from the real state machine.
import { completeWrapUp, initialState } from 'c/diamyCallState';
import type { TelephonyState } from 'c/diamyCallState';
import type { SessionLeader } from 'c/diamyTelephonySession';
import type { ConnectionState } from 'c/diamyTelephony';
import { FakeProviderEvents } from 'diamy-test/diamyFakeProviderEvents';

/** The provider as a session sees it: connects and disconnects are counted. */
export class FakeSessionProvider extends FakeProviderEvents {
    state: TelephonyState = initialState();
    connection: ConnectionState = 'offline';
    connects: { since?: number }[] = [];
    disconnects = 0;
    connect = (options: { since?: number } = {}): void => {
        this.connects.push(options);
        this.connection = 'connected';
    };
    disconnect = (): void => {
        this.disconnects += 1;
        this.connection = 'offline';
    };
    /** The real state machine's wrap-up transition, like DiamyTelephony. */
    completeWrapUp = (callId: string): boolean => {
        const next = completeWrapUp(this.state, callId);
        if (next === this.state) {
            return false;
        }
        this.state = next;
        this.emit('state', next);
        return true;
    };
}

/** The only tab: it leads as soon as it starts. */
export class SoloLeader implements SessionLeader {
    isLeader = false;
    start(): void {
        this.isLeader = true;
    }
    stop(): void {
        this.isLeader = false;
    }
    onRole(listener: (role: 'leader' | 'follower' | 'stopped') => void): () => void {
        listener('leader');
        return () => undefined;
    }
    onState(): () => void {
        return () => undefined;
    }
    publishState(): void {
        // alone
    }
}
