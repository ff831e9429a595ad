import { createElement } from 'lwc';
import DiamyDialPad from 'c/diamyDialPad';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

function mount(props: Record<string, unknown> = {}): { element: HTMLElement; root: ShadowRoot; keys: string[] } {
    const element = createElement('c-diamy-dial-pad', { is: DiamyDialPad });
    Object.assign(element, props);
    const keys: string[] = [];
    element.addEventListener('key', (event) => keys.push((event as CustomEvent<{ key: string }>).detail.key));
    document.body.appendChild(element);
    return { element, root: shadowOf(element), keys };
}

describe('c-diamy-dial-pad', () => {
    afterEach(() => resetDom());

    it('shows the 12 keys of a phone in order, with spoken names for * and #', () => {
        const { root } = mount();
        const buttons = Array.from(root.querySelectorAll<HTMLButtonElement>('button'));
        expect(buttons.map((button) => button.textContent?.trim())).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
        expect(buttons[9]?.getAttribute('aria-label')).toBe('Star');
        expect(buttons[11]?.getAttribute('aria-label')).toBe('Hash');
        expect(buttons.every((button) => button.type === 'button')).toBe(true);
        expect(root.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe('Keypad');
    });

    it('reports each key pressed, and gives each key the class the parent asks for', async () => {
        const { root, keys } = mount({ keyClass: 'softphone-dtmf-key' });
        await flushPromises();
        root.querySelector<HTMLElement>('.softphone-dtmf-key[data-key="4"]')?.click();
        root.querySelector<HTMLElement>('.softphone-dtmf-key[data-key="#"]')?.click();
        expect(keys).toEqual(['4', '#']);
    });

    it('a disabled pad sends nothing', async () => {
        const { root, keys } = mount({ disabled: true });
        await flushPromises();
        const key = root.querySelector<HTMLButtonElement>('[data-key="1"]');
        expect(key?.disabled).toBe(true);
        key?.click();
        expect(keys).toEqual([]);
    });
});
