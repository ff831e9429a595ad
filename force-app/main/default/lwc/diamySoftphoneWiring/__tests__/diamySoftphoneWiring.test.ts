import { CHANNEL_NAME, countDuplicates, createSoftphone, ldsApi } from 'c/diamySoftphoneWiring';
import { FakeOrg } from 'diamy-test/diamyFakeOrg';
import { toCallRecordInput } from 'c/diamyCallRecord';
import type { RecordInput } from 'lightning/uiRecordApi';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import type { ChannelLike } from 'c/diamyTabLeader';
import { resetDom } from 'diamy-test/lwcTestUtils';

class FakeChannel implements ChannelLike {
    static opened: string[] = [];
    onmessage: ((event: { data: unknown }) => void) | null = null;
    posted: unknown[] = [];
    constructor(name: string) {
        FakeChannel.opened.push(name);
    }
    postMessage(message: unknown): void {
        this.posted.push(message);
    }
    close(): void {
        this.onmessage = null;
    }
}

const options = {
    baseUrl: 'https://diamy.test',
    wsUrl: 'wss://diamy.test/v2/agent/stream',
    tokenSupplier: () => Promise.resolve({ accessToken: 't', expiresAt: 0 }),
    agentUserId: '005000000000001AAA',
    orgId: '00D000000000001AAA'
};

describe('c-diamy-softphone-wiring', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
        FakeChannel.opened = [];
    });

    it('builds an offline provider and a session that has not joined the election yet', () => {
        const { provider, session } = createSoftphone(options, {
            BroadcastChannel: FakeChannel,
            crypto: { randomUUID: () => 'tab-1' }
        });
        expect(FakeChannel.opened).toEqual([CHANNEL_NAME]);
        expect(provider.connection).toBe('offline');
        expect(session.isLeader).toBe(false);
        session.stop();
    });

    it('a plain ws:// loopback channel is refused unless the caller opts in (only the workbench does)', () => {
        const supplier = jest.fn(() => new Promise<{ accessToken: string; expiresAt: number }>(() => undefined));
        const local = { ...options, baseUrl: 'http://127.0.0.1:4010', wsUrl: 'ws://127.0.0.1:4010/v2/agent/stream', tokenSupplier: supplier };
        const refused = createSoftphone(local, { crypto: { randomUUID: () => 'tab-1' } });
        refused.provider.connect();
        expect(refused.provider.connection).toBe('offline');
        expect(supplier).not.toHaveBeenCalled();
        const allowed = createSoftphone({ ...local, allowInsecureLoopback: true }, { crypto: { randomUUID: () => 'tab-2' } });
        allowed.provider.connect();
        expect(allowed.provider.connection).toBe('connecting');
        expect(supplier).toHaveBeenCalledTimes(1);
        allowed.provider.disconnect();
        refused.session.stop();
        allowed.session.stop();
    });

    it('works without BroadcastChannel, Web Locks or storage (storage access denied)', () => {
        const browser = {
            get localStorage(): never {
                throw new Error('SecurityError');
            }
        };
        const { session, storage } = createSoftphone(options, browser);
        expect(storage).toBeNull();
        const roles: string[] = [];
        session.onRole((role) => roles.push(role));
        session.stop();
        expect(roles).toEqual(['follower', 'stopped']);
    });

    it('the leader tab logs through LDS: createRecord/updateRecord; the call record lookup goes to the finder', async () => {
        (createRecord as jest.Mock).mockResolvedValue({ id: 'a01000000000001AAA' });
        (updateRecord as jest.Mock).mockResolvedValue({ id: 'a01000000000001AAA' });
        const lds = ldsApi((id) => Promise.resolve(id === 'call_1' ? 'a01000000000001AAA' : null));
        await expect(lds.createRecord({ apiName: 'Diamy_Call__c', fields: {} })).resolves.toEqual({ id: 'a01000000000001AAA' });
        await expect(lds.updateRecord({ fields: { Id: 'a01000000000001AAA' } })).resolves.toEqual({ id: 'a01000000000001AAA' });
        await expect(lds.findCallRecordId('call_1')).resolves.toBe('a01000000000001AAA');
        await expect(lds.findCallRecordId('call_9')).resolves.toBeNull();
        // Without a finder on the page the lookup fails (it is not a "no record").
        await expect(ldsApi().findCallRecordId('call_1')).rejects.toThrow('No call record finder');
        expect(createRecord).toHaveBeenCalledTimes(1);
    });

    it('with Web Locks the tab leads, creates its logger on local storage and connects', () => {
        const store = new Map<string, string>();
        const storage = {
            getItem: (k: string) => store.get(k) ?? null,
            setItem: (k: string, v: string) => void store.set(k, v),
            removeItem: (k: string) => void store.delete(k)
        };
        let granted: (() => Promise<void>) | null = null;
        const locks = {
            request: (_name: string, _options: unknown, callback: (lock: unknown) => Promise<void>) => {
                granted = () => callback({});
                return Promise.resolve();
            }
        };
        const { provider, session } = createSoftphone(
            { ...options, tokenSupplier: () => Promise.reject(new Error('no token in this test')) },
            { BroadcastChannel: FakeChannel, navigator: { locks }, localStorage: storage }
        );
        const statuses: unknown[] = [];
        session.onLogStatus((status) => statuses.push(status));
        session.start();
        expect(granted).not.toBeNull();
        void (granted as unknown as () => Promise<void>)();
        expect(session.isLeader).toBe(true);
        expect(provider.connection).not.toBe('offline');
        expect(statuses[statuses.length - 1]).toMatchObject({ state: 'idle', pending: 0 });
        session.stop();
        expect(provider.connection).toBe('offline');
    });

    it('passes the admin’s disposition rule to the session: a wrap-up without disposition is refused there, before any save', async () => {
        let granted: (() => Promise<void>) | null = null;
        const locks = {
            request: (_name: string, _options: unknown, callback: (lock: unknown) => Promise<void>) => {
                granted = () => callback({});
                return Promise.resolve();
            }
        };
        const globals = { BroadcastChannel: FakeChannel, navigator: { locks } };
        const strict = createSoftphone({ ...options, dispositionRequired: true, tokenSupplier: () => Promise.reject(new Error('no token in this test')) }, globals);
        strict.session.start();
        void (granted as unknown as () => Promise<void>)();
        await expect(strict.session.logWrapUp('call_1', { notes: 'n' })).rejects.toMatchObject({ name: 'WrapUpError' });
        expect(updateRecord).not.toHaveBeenCalled();
        strict.session.stop();
    });

    it('counts the creations the org refused as DUPLICATE_VALUE, and only those', async () => {
        const org = new FakeOrg();
        const counts = { duplicates: 0, duplicateCallIds: [] as string[] };
        const lds = countDuplicates(org, counts);
        const inputOf = (diamyCallId: string): RecordInput => {
            const input = toCallRecordInput({
                diamyCallId,
                direction: 'Inbound',
                outcome: 'Answered',
                from: { number: '+33612345678', e164: '+33612345678', name: 'Sophie Bernard' },
                to: { number: '+33189000201', e164: '+33189000201', name: null },
                startedAt: '2026-11-25T09:00:00.000Z',
                answeredAt: '2026-11-25T09:00:10.000Z',
                endedAt: '2026-11-25T09:02:00.000Z',
                // The agent is the org's running user (the package's validation rule on softphone calls).
                agentUserId: '005000000000001AAA',
                source: 'Softphone'
            });
            if (!input.ok) {
                throw new Error(input.problems.join(', '));
            }
            return input.value;
        };
        await expect(lds.createRecord(inputOf('call_1'))).resolves.toMatchObject({ id: expect.any(String) });
        await expect(lds.createRecord(inputOf('call_1'))).rejects.toBeDefined();
        expect(counts).toEqual({ duplicates: 1, duplicateCallIds: ['call_1'] });
        org.failNext('network');
        await expect(lds.createRecord(inputOf('call_2'))).rejects.toBeDefined();
        expect(counts.duplicates).toBe(1);
        expect(org.calls()).toHaveLength(1);
    });
});
