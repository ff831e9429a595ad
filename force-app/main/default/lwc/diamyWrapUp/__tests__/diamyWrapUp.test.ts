import { createElement } from 'lwc';
import DiamyWrapUp from 'c/diamyWrapUp';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

function mount(props: Record<string, unknown> = {}): { element: HTMLElement; root: ShadowRoot; changes: unknown[]; saves: number[] } {
    const element = createElement('c-diamy-wrap-up', { is: DiamyWrapUp });
    Object.assign(element, { dispositionOptions: [{ label: 'Résolu', value: 'Resolved' }], ...props });
    const changes: unknown[] = [];
    const saves: number[] = [];
    element.addEventListener('draftchange', (event) => changes.push((event as CustomEvent).detail));
    element.addEventListener('save', () => saves.push(1));
    document.body.appendChild(element);
    return { element, root: shadowOf(element), changes, saves };
}

describe('c-diamy-wrap-up', () => {
    afterEach(() => resetDom());

    it('reports only the field that changed, so a quick second change never undoes the first', async () => {
        const { root, changes } = mount();
        await flushPromises();
        root.querySelector('.softphone-disposition')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'Resolved' } }));
        root.querySelector('.softphone-notes')?.dispatchEvent(new CustomEvent('change', { detail: { value: 'Avoir envoyé' } }));
        expect(changes).toEqual([{ disposition: 'Resolved' }, { notes: 'Avoir envoyé' }]);
    });

    it('shows the after-call-work timer and the draft notice when given', async () => {
        const { root, element } = mount();
        await flushPromises();
        expect(root.querySelector('.softphone-acw-timer')).toBeNull();
        Object.assign(element, { timerText: 'After-call work: 0 min 42 s', draftNotice: 'kept on this page only' });
        await flushPromises();
        expect(root.querySelector('.softphone-acw-timer')?.textContent).toBe('After-call work: 0 min 42 s');
        expect(root.querySelector('.softphone-draft-notice')?.textContent?.trim()).toBe('kept on this page only');
    });

    it('a mandatory disposition blocks Save until one is chosen', async () => {
        const { root, element, saves } = mount({ dispositionRequired: true });
        await flushPromises();
        const save = root.querySelector('.softphone-save') as unknown as { disabled: boolean; click(): void };
        expect(save.disabled).toBe(true);
        expect((root.querySelector('.softphone-disposition') as unknown as { required: boolean }).required).toBe(true);
        save.click();
        expect(saves).toEqual([]);
        Object.assign(element, { disposition: 'Resolved' });
        await flushPromises();
        expect(save.disabled).toBe(false);
        save.click();
        expect(saves).toEqual([1]);
    });
});
