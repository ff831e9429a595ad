import { createElement } from 'lwc';
import DiamyCallControls from 'c/diamyCallControls';
import { deepQuery, flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

interface Fired {
    name: string;
    detail: unknown;
}
const EVENTS = ['hold', 'mute', 'dtmf', 'transfer', 'complete', 'cancelconsult', 'merge', 'hangup'];
const colleagues = [
    { id: 'u1', name: 'Nicolas Petit', dial: '201', presence: 'available', detail: '201 · Available', available: true, ariaLabel: 'Call Nicolas Petit', presenceClass: '' }
];

function mount(props: Record<string, unknown> = {}): { element: HTMLElement; root: ShadowRoot; fired: Fired[] } {
    const element = createElement('c-diamy-call-controls', { is: DiamyCallControls });
    Object.assign(element, { colleagues, ...props });
    const fired: Fired[] = [];
    for (const name of EVENTS) {
        element.addEventListener(name, (event) => fired.push({ name, detail: (event as CustomEvent).detail }));
    }
    document.body.appendChild(element);
    return { element, root: shadowOf(element), fired };
}

function button(root: ShadowRoot, name: string): { label: string; disabled: boolean; click(): void } {
    const found = deepQuery(root, `.${name}`);
    if (!found) {
        throw new Error(`.${name} not rendered`);
    }
    return found as unknown as { label: string; disabled: boolean; click(): void };
}

describe('c-diamy-call-controls', () => {
    afterEach(() => resetDom());

    it('hold/resume and mute/unmute say what they will do', async () => {
        const { element, root, fired } = mount();
        await flushPromises();
        expect(button(root, 'softphone-hold').label).toBe('Hold');
        expect(button(root, 'softphone-mute').label).toBe('Mute');
        Object.assign(element, { held: true, muted: true });
        await flushPromises();
        expect(button(root, 'softphone-hold').label).toBe('Resume');
        expect(button(root, 'softphone-mute').label).toBe('Unmute');
        button(root, 'softphone-hold').click();
        button(root, 'softphone-mute').click();
        button(root, 'softphone-hang-up').click();
        expect(fired.map((event) => event.name)).toEqual(['hold', 'mute', 'hangup']);
    });

    it('keypad: each key is an immediate dtmf event; the tones sent are shown', async () => {
        const { element, root, fired } = mount();
        button(root, 'softphone-keypad').click();
        await flushPromises();
        deepQuery(root, '.softphone-dtmf-key[data-key="5"]')?.click();
        expect(fired).toEqual([{ name: 'dtmf', detail: { key: '5' } }]);
        Object.assign(element, { sentDigits: '5' });
        await flushPromises();
        expect(deepQuery(root, '.softphone-sent-digits')?.textContent).toBe('Sent: 5');
        button(root, 'softphone-keypad').click();
        await flushPromises();
        expect(deepQuery(root, '.softphone-dtmf')).toBeNull();
    });

    it('transfer: a typed target (Enter or the button) or a colleague; consult says attended; closePanel() closes', async () => {
        const { element, root, fired } = mount();
        button(root, 'softphone-transfer').click();
        await flushPromises();
        const input = deepQuery(root, '.softphone-transfer-number') as HTMLElement;
        input.dispatchEvent(new CustomEvent('change', { detail: { value: '06 98 76 54 32' } }));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
        button(root, 'softphone-transfer-go').click();
        deepQuery(root, '.softphone-transfer-colleague')?.click();
        expect(fired).toEqual([
            { name: 'transfer', detail: { text: '06 98 76 54 32', attended: false } },
            { name: 'transfer', detail: { text: '06 98 76 54 32', attended: false } },
            { name: 'transfer', detail: { text: '201', attended: false } }
        ]);
        button(root, 'softphone-consult-open').click();
        await flushPromises();
        expect(button(root, 'softphone-transfer-go').label).toBe('Consult');
        deepQuery(root, '.softphone-transfer-colleague')?.click();
        expect(fired.at(-1)).toEqual({ name: 'transfer', detail: { text: '201', attended: true } });
        (element as unknown as { closePanel(): void }).closePanel();
        await flushPromises();
        expect(deepQuery(root, '.softphone-transfer-panel')).toBeNull();
    });

    it('consulting: complete and merge wait for the colleague to answer; cancel is always possible', async () => {
        const { element, root, fired } = mount({ consulting: true, consultAnswered: false });
        await flushPromises();
        expect(deepQuery(root, '.softphone-transfer')).toBeNull();
        expect(button(root, 'softphone-complete').disabled).toBe(true);
        expect(button(root, 'softphone-merge').disabled).toBe(true);
        expect(button(root, 'softphone-cancel-consult').disabled).toBe(false);
        Object.assign(element, { consultAnswered: true });
        await flushPromises();
        expect(button(root, 'softphone-complete').disabled).toBe(false);
        button(root, 'softphone-complete').click();
        button(root, 'softphone-cancel-consult').click();
        button(root, 'softphone-merge').click();
        expect(fired.map((event) => event.name)).toEqual(['complete', 'cancelconsult', 'merge']);
    });

    it('an internal call: no transfer or consult, and it says why', async () => {
        const { root } = mount({ internal: true });
        await flushPromises();
        expect(button(root, 'softphone-transfer').disabled).toBe(true);
        expect(button(root, 'softphone-consult-open').disabled).toBe(true);
        expect(deepQuery(root, '.softphone-internal')?.textContent).toBe('Internal call');
        button(root, 'softphone-transfer').click();
        await flushPromises();
        expect(deepQuery(root, '.softphone-transfer-panel')).toBeNull();
    });
});
