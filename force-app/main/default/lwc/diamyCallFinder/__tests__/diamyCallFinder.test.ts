// The finder's GraphQL wire against the stateful lightning/graphql mock: answers come from the fake org, only for
// records the agent may see, only through the wire, a macrotask later, and from the cache for a repeated query.
import { createElement } from 'lwc';
import DiamyCallFinder from 'c/diamyCallFinder';
import { DEFAULT_RUNNING_USER_ID, FakeOrg } from 'diamy-test/diamyFakeOrg';
import { orgGraphql, statefulGraphql } from 'diamy-test/diamyGraphqlOrg';
import { resetDom } from 'diamy-test/lwcTestUtils';

interface Finder extends HTMLElement {
    find(diamyCallId: string): Promise<string | null>;
}

function mount(): Finder {
    const element = createElement('c-diamy-call-finder', { is: DiamyCallFinder }) as unknown as Finder;
    document.body.appendChild(element);
    return element;
}

describe('c-diamy-call-finder', () => {
    let org: FakeOrg;
    beforeEach(() => {
        org = new FakeOrg();
        statefulGraphql.answerWith(orgGraphql(org));
    });
    afterEach(() => {
        statefulGraphql.reset();
        resetDom();
    });

    it('finds the record of a call id through the wire, never synchronously', async () => {
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: { Diamy_Call_Id__c: 'call_1', Agent__c: DEFAULT_RUNNING_USER_ID, Source__c: 'Softphone' } });
        const finder = mount();
        let settledNow = false;
        const found = finder.find('call_1').finally(() => (settledNow = true));
        await Promise.resolve();
        expect(settledNow).toBe(false);
        await expect(found).resolves.toBe(id);
        expect(statefulGraphql.queryCount).toBe(1);
    });

    it('answers null for a call the agent may not see, and for no call at all', async () => {
        org.seedInvisibleCall('call_private');
        const finder = mount();
        await expect(finder.find('call_private')).resolves.toBeNull();
        await expect(finder.find('call_unknown')).resolves.toBeNull();
    });

    it('a call looked up before its record existed is found later: the cached "no" is refreshed', async () => {
        const finder = mount();
        await expect(finder.find('call_late')).resolves.toBeNull();
        await expect(finder.find('call_other')).resolves.toBeNull();
        const { id } = await org.createRecord({ apiName: 'Diamy_Call__c', fields: { Diamy_Call_Id__c: 'call_late', Agent__c: DEFAULT_RUNNING_USER_ID, Source__c: 'Softphone' } });
        // Pointing the wire back at call_late is answered from the cache (still "no"); the refresh asks again.
        await expect(finder.find('call_late')).resolves.toBe(id);
        expect(statefulGraphql.queryCount).toBe(3);
        // Same id again while the wire points at it: only refresh can re-run it.
        await expect(finder.find('call_late')).resolves.toBe(id);
    });

    it('a lookup still waiting when the finder leaves the page fails', async () => {
        const finder = mount();
        const pending = finder.find('call_1');
        resetDom();
        await expect(pending).rejects.toThrow('left the page');
    });
});
