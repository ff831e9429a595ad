// A reload during a call placed from a call list: the page that knew the call's campaign and member is gone, the
// softphone gets the live call back from Diamy, and the call must still be logged with Campaign__c and
// Campaign_Member_Id__c (else the flow Diamy_Call_List_Result never counts the attempt: the 4-calls-in-30-days rule).
// Two sessions in turn (the page before and after the reload) on one storage, a real CallLogger, the fake org.
import { TelephonySession, storageKey } from 'c/diamyTelephonySession';
import { CallLogger } from 'c/diamyCallLog';
import { DEFAULT_RUNNING_USER_ID, FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';
import { FakeSessionProvider, SoloLeader } from 'diamy-test/diamySessionKit';
import { makeAnsweredEndedCall } from 'diamy-test/diamyCallFixtures';
import { until } from 'diamy-test/lwcTestUtils';

const ORG_ID = '00D000000000001AAA';
const AGENT = DEFAULT_RUNNING_USER_ID;
const RELATED = { contactId: '003000000000001AAA', campaignId: '701000000000001AAA', campaignMemberId: '00v000000000001AAA' };
const KEY = storageKey('diamy.callRelated', ORG_ID, AGENT) as string;

/** One page of the softphone: a session as c/diamySoftphoneWiring builds it, on the browser's storage. */
function page(org: FakeOrg, storage: MemoryStorage, orgId: string | null = ORG_ID, now?: () => number): { provider: FakeSessionProvider; session: TelephonySession } {
    const provider = new FakeSessionProvider();
    const session = new TelephonySession({
        provider,
        leader: new SoloLeader(),
        agentUserId: AGENT,
        storage,
        orgId,
        now,
        createLogger: () => new CallLogger({ lds: { createRecord: org.createRecord, updateRecord: org.updateRecord, findCallRecordId: () => Promise.resolve(null) }, storage, orgId, agentUserId: AGENT, baseDelayMs: 1, maxDelayMs: 5 })
    });
    session.start();
    return { provider, session };
}

const ended = makeAnsweredEndedCall({
    id: 'call_list_1',
    direction: 'outbound',
    from: { number: '+33189000201', name: null, withheld: false, user_id: 'usr_camille.martin' },
    to: { number: '+33612345678', name: 'Sophie Bernard', withheld: false, user_id: null }
});

describe('c/diamyTelephonySession: the records of a call survive a reload', () => {
    it('a call-list call ended after a reload is logged with Campaign__c and Campaign_Member_Id__c', async () => {
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        const before = page(org, storage);
        before.session.relate('call_list_1', RELATED);
        // The agent reloads the page during the call.
        before.session.stop();
        const after = page(org, storage);
        // The new page does not know the call came from a list: the caller popup matches the number and tells it.
        after.session.relate('call_list_1', { contactId: '003000000000009AAA', accountId: '001000000000009AAA' });
        after.provider.emit('callEnded', ended);
        await until(() => org.calls().length === 1, 'the call record');
        after.session.stop();
        expect(org.calls()[0]?.fields).toMatchObject({
            Diamy_Call_Id__c: 'call_list_1',
            Contact__c: RELATED.contactId,
            Campaign__c: RELATED.campaignId,
            Campaign_Member_Id__c: RELATED.campaignMemberId
        });
        // Logged: the stored relation is gone, and the key with it.
        expect(storage.getItem(KEY)).toBeNull();
    });

    it('malformed or foreign stored values are ignored; good entries of other calls are kept', async () => {
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        const other = { campaignId: '701000000000002AAA', campaignMemberId: '00v000000000002AAA', savedAt: Date.now() };
        storage.setItem(KEY, JSON.stringify({ call_list_1: { campaignId: 42, campaignMemberId: ['x'], contactId: { id: 1 }, extra: 'x' }, call_2: other, call_3: 'text' }));
        const after = page(org, storage);
        after.provider.emit('callEnded', ended);
        await until(() => org.calls().length === 1, 'the call record');
        after.session.stop();
        expect(org.calls()[0]?.fields.Campaign__c ?? null).toBeNull();
        expect(JSON.parse(storage.getItem(KEY) ?? '{}')).toEqual({ call_2: other });
        for (const garbage of ['not json', '[1,2]', 'null', '"x"']) {
            storage.setItem(KEY, garbage);
            const again = page(new FakeOrg(), storage);
            expect(() => again.session.relate('call_9', RELATED)).not.toThrow();
            again.session.stop();
            expect(JSON.parse(storage.getItem(KEY) ?? '{}')).toEqual({ call_9: { ...RELATED, savedAt: expect.any(Number) } });
        }
    });

    it('an entry of a call never logged goes after 7 days (the call log\'s limit), and the key once none is left', async () => {
        const DAY = 24 * 60 * 60 * 1000;
        const now = Date.parse('2026-11-25T09:00:00.000Z');
        const clock = { at: now };
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        const recent = { campaignId: '701000000000002AAA', campaignMemberId: '00v000000000002AAA', savedAt: now - 6 * DAY };
        storage.setItem(KEY, JSON.stringify({ call_list_1: { ...RELATED, savedAt: now - 7 * DAY - 1 }, call_2: recent, call_3: RELATED }));
        // On start: the 8-day-old entry and the one of no known age (an older version's) go.
        const after = page(org, storage, ORG_ID, () => clock.at);
        expect(JSON.parse(storage.getItem(KEY) ?? '{}')).toEqual({ call_2: recent });
        after.provider.emit('callEnded', ended);
        await until(() => org.calls().length === 1, 'the call record');
        expect(org.calls()[0]?.fields.Campaign__c ?? null).toBeNull();
        // Read when the other entry is past 7 days too: nothing is left, the key goes.
        clock.at = now + DAY + 1;
        after.session.relate('call_4', RELATED);
        expect(JSON.parse(storage.getItem(KEY) ?? '{}')).toEqual({ call_4: { ...RELATED, savedAt: clock.at } });
        after.session.stop();
        storage.setItem(KEY, JSON.stringify({ call_2: recent }));
        const later = page(new FakeOrg(), storage, ORG_ID, () => clock.at);
        later.session.stop();
        expect(storage.getItem(KEY)).toBeNull();
    });

    it('storage refused or no org id: the relation is kept in memory for this page', async () => {
        const org = new FakeOrg();
        const storage = new MemoryStorage();
        storage.refuseWrites = true;
        const refused = page(org, storage);
        refused.session.relate('call_list_1', RELATED);
        refused.provider.emit('callEnded', ended);
        await until(() => org.calls().length === 1, 'the call record');
        refused.session.stop();
        expect(org.calls()[0]?.fields.Campaign__c).toBe(RELATED.campaignId);
        const noOrgStorage = new MemoryStorage();
        const noOrg = page(new FakeOrg(), noOrgStorage, null);
        noOrg.session.relate('call_x', RELATED);
        noOrg.session.stop();
        // No org id, no key: the relation is never stored, nor read (the logger keeps its own queue key).
        const relatedKeys = (keys: string[]): string[] => keys.filter((key) => key.startsWith('diamy.callRelated'));
        expect(relatedKeys(noOrgStorage.writes)).toEqual([]);
        expect(relatedKeys(noOrgStorage.reads)).toEqual([]);
        expect(relatedKeys([...noOrgStorage.data.keys()])).toEqual([]);
    });
});
