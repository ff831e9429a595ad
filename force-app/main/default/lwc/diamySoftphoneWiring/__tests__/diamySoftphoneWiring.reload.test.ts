// A wrap-up after a reload or a tab handover must reach the call record: the page that saved the call (and knew
// its record id) is gone, so the record id is found again through the production lookup — the hidden
// c-diamy-call-finder's GraphQL wire, against the stateful lightning/graphql mock that answers from the fake org
// only what the agent may see, only through the wire, never synchronously.
import { createElement } from 'lwc';
import DiamyCallFinder from 'c/diamyCallFinder';
import { ldsApi } from 'c/diamySoftphoneWiring';
import { CallLogger } from 'c/diamyCallLog';
import type { CompletedCall } from 'c/diamyCallRecord';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { DEFAULT_RUNNING_USER_ID, FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';
import { orgGraphql, statefulGraphql } from 'diamy-test/diamyGraphqlOrg';
import { resetDom, until } from 'diamy-test/lwcTestUtils';

/** The running user of the fake org: agents save only their own softphone calls (validation rule). */
const AGENT = DEFAULT_RUNNING_USER_ID;

function completed(id: string): CompletedCall {
    return {
        diamyCallId: id,
        direction: 'Inbound',
        outcome: 'Answered',
        from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont' },
        to: { number: '+33184880000', e164: '+33184880000', name: null },
        startedAt: '2026-11-25T09:00:00.000Z',
        answeredAt: '2026-11-25T09:00:10.000Z',
        endedAt: '2026-11-25T09:02:00.000Z',
        agentUserId: AGENT,
        source: 'Softphone'
    };
}

function mountFinder(): { find: (id: string) => Promise<string | null> } {
    const element = createElement('c-diamy-call-finder', { is: DiamyCallFinder });
    document.body.appendChild(element);
    return element;
}

function pageOf(storage: MemoryStorage): CallLogger {
    const finder = mountFinder();
    // As the softphone wiring builds it: queue keyed by org and user; short retry delays for the test.
    return new CallLogger({ lds: ldsApi((id) => finder.find(id)), storage, orgId: '00D000000000001AAA', agentUserId: AGENT, baseDelayMs: 1, maxDelayMs: 5 });
}

describe('c-diamy-softphone-wiring after a reload', () => {
    let org: FakeOrg;
    beforeEach(() => {
        org = new FakeOrg();
        (createRecord as jest.Mock).mockImplementation(org.createRecord);
        (updateRecord as jest.Mock).mockImplementation(org.updateRecord);
        statefulGraphql.answerWith(orgGraphql(org));
    });
    afterEach(() => {
        statefulGraphql.reset();
        resetDom();
        jest.clearAllMocks();
    });

    it('the wrap-up typed after a reload reaches the call record saved by the previous page', async () => {
        const storage = new MemoryStorage();
        const before = pageOf(storage);
        await before.logCall(completed('call_1'));
        before.stop();
        resetDom();
        expect(org.calls()).toHaveLength(1);
        const after = pageOf(storage);
        await after.logWrapUp('call_1', { disposition: 'Resolved', notes: 'Rappeler jeudi' });
        after.stop();
        expect(org.calls()[0]?.fields).toMatchObject({ Disposition__c: 'Resolved', Notes__c: 'Rappeler jeudi' });
        expect(org.logs()).toEqual([]);
    });

    it('a tab taking over applies the wrap-up of a call the other tab saved (duplicate, then lookup)', async () => {
        const first = pageOf(new MemoryStorage());
        await first.logCall(completed('call_2'));
        first.stop();
        // The second tab has its own queue: it logs the same call (DUPLICATE_VALUE = saved) and then the wrap-up.
        org.hideDuplicateIds = true;
        const second = pageOf(new MemoryStorage());
        await second.logCall(completed('call_2'));
        await second.logWrapUp('call_2', { disposition: 'Callback_Requested', notes: null });
        second.stop();
        expect(org.calls()).toHaveLength(1);
        expect(org.calls()[0]?.fields.Disposition__c).toBe('Callback_Requested');
    });

    it('a call record the agent may not see is not found: the wrap-up is reported, not written elsewhere', async () => {
        org.seedInvisibleCall('call_3');
        const page = pageOf(new MemoryStorage());
        await page.logWrapUp('call_3', { disposition: 'Resolved', notes: 'x' });
        // The lookup is asked again (a null may be a lagging index) before the record counts as not visible.
        await until(() => org.logs().length > 0, 'the warning');
        page.stop();
        expect(statefulGraphql.queryCount).toBeGreaterThan(1);
        expect(org.records.find((record) => record.fields.Diamy_Call_Id__c === 'call_3')?.fields.Disposition__c).toBeUndefined();
        expect(org.logs().map((log) => log.fields.Severity__c)).toEqual(['Warning']);
    });
});
