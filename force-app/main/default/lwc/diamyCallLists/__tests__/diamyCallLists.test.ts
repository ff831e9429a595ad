import { createElement } from 'lwc';
import DiamyCallLists from 'c/diamyCallLists';
import { recentItems } from 'c/diamySoftphoneService';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';
import { makeCall } from 'diamy-test/diamyCallFixtures';

const NOW = Date.parse('2026-11-25T09:10:00.000Z');

function mount(props: Record<string, unknown>): { root: ShadowRoot; fired: { name: string; detail: unknown }[] } {
    const element = createElement('c-diamy-call-lists', { is: DiamyCallLists });
    Object.assign(element, props);
    const fired: { name: string; detail: unknown }[] = [];
    for (const name of ['call', 'openrecord', 'openlists']) {
        element.addEventListener(name, (event) => fired.push({ name, detail: (event as CustomEvent).detail }));
    }
    document.body.appendChild(element);
    return { root: shadowOf(element), fired };
}

describe('c-diamy-call-lists', () => {
    afterEach(() => resetDom());

    it('opens the call lists from its button', async () => {
        const { root, fired } = mount({ recent: [], colleagues: [] });
        await flushPromises();
        const button = root.querySelector('lightning-button.softphone-open-lists') as HTMLElement & { label?: string };
        expect(button.label).toBe('Call lists');
        button.click();
        expect(fired).toEqual([{ name: 'openlists', detail: null }]);
    });

    it('says when there is nothing to show', async () => {
        const { root } = mount({ recent: [], colleagues: [] });
        await flushPromises();
        expect(root.textContent).toContain('No recent calls.');
        expect(root.textContent).toContain('No colleagues to show.');
    });

    it('recent calls: call back, open the logged record; a withheld caller cannot be called back', async () => {
        const recent = recentItems(
            [
                makeCall({ id: 'r1', state: 'ended', status: 'missed', ended_at: '2026-11-25T09:00:00.000Z' }),
                makeCall({ id: 'r2', state: 'ended', status: 'missed', from: { number: null, name: null, withheld: true, user_id: null } })
            ],
            NOW,
            { locale: 'en-US', recordIdOf: (id) => (id === 'r1' ? 'a01000000000001AAA' : null) }
        );
        const { root, fired } = mount({ recent, colleagues: [] });
        await flushPromises();
        const rows = Array.from(root.querySelectorAll<HTMLButtonElement>('.softphone-recent-item'));
        expect(rows[0]?.textContent).toContain('Sophie Bernard');
        expect(rows[0]?.textContent).toContain('10 min. ago');
        expect(rows[1]?.disabled).toBe(true);
        rows[0]?.click();
        rows[1]?.click();
        root.querySelector<HTMLElement>('.softphone-recent-open')?.click();
        expect(root.querySelectorAll('.softphone-recent-open')).toHaveLength(1);
        expect(fired).toEqual([
            { name: 'call', detail: { target: { to: '+33612345678' } } },
            { name: 'openrecord', detail: { recordId: 'a01000000000001AAA' } }
        ]);
    });

    it('colleagues: a click calls the colleague (by user id, not by a number)', async () => {
        const colleagues = [
            { id: 'usr_1', name: 'Julien Moreau', dial: '204', presence: 'away', detail: '204 · Away', available: false, ariaLabel: 'Call Julien Moreau', presenceClass: 'slds-text-color_weak' }
        ];
        const { root, fired } = mount({ recent: [], colleagues });
        await flushPromises();
        const colleague = root.querySelector<HTMLElement>('.softphone-colleague');
        expect(colleague?.textContent).toContain('204 · Away');
        colleague?.click();
        expect(fired).toEqual([{ name: 'call', detail: { target: { toUserId: 'usr_1' } } }]);
    });
});
