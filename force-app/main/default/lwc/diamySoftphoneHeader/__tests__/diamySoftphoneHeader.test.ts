import { createElement } from 'lwc';
import DiamySoftphoneHeader from 'c/diamySoftphoneHeader';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

describe('c-diamy-softphone-header', () => {
    afterEach(() => resetDom());

    it('shows the connection in a polite live region and reports the status the agent picks', async () => {
        const element = createElement('c-diamy-softphone-header', { is: DiamySoftphoneHeader });
        Object.assign(element, {
            connectionText: 'Connected',
            badgeClass: 'slds-badge slds-theme_success',
            presence: 'away',
            presenceOptions: [{ label: 'Away', value: 'away' }]
        });
        const picked: unknown[] = [];
        element.addEventListener('presencechange', (event) => picked.push((event as CustomEvent).detail));
        document.body.appendChild(element);
        await flushPromises();
        const root = shadowOf(element);
        expect(root.querySelector('.softphone-connection')?.textContent).toBe('Connected');
        expect(root.querySelector('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
        const combobox = root.querySelector('.softphone-presence') as unknown as { value: string; label: string; dispatchEvent(e: Event): boolean };
        expect(combobox.value).toBe('away');
        expect(combobox.label).toBe('My status');
        combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'available' } }));
        expect(picked).toEqual([{ value: 'available' }]);
    });
});
