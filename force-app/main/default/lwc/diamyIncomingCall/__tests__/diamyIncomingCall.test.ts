import { createElement } from 'lwc';
import DiamyIncomingCall from 'c/diamyIncomingCall';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

function mount(props: Record<string, unknown>): { element: HTMLElement; root: ShadowRoot; events: string[] } {
    const element = createElement('c-diamy-incoming-call', { is: DiamyIncomingCall });
    Object.assign(element, props);
    const events: string[] = [];
    for (const name of ['answer', 'decline']) {
        element.addEventListener(name, () => events.push(name));
    }
    document.body.appendChild(element);
    return { element, root: shadowOf(element), events };
}

describe('c-diamy-incoming-call', () => {
    afterEach(() => resetDom());

    it('a ringing call: Answer and Decline', async () => {
        const { root, events } = mount({ caller: 'Sophie Bernard' });
        await flushPromises();
        expect(root.querySelector('.softphone-waiting')).toBeNull();
        expect(root.querySelector('[role="alert"]')).toBeNull();
        expect((root.querySelector('.softphone-answer') as unknown as { label: string }).label).toBe('Answer');
        root.querySelector<HTMLElement>('.softphone-answer')?.click();
        root.querySelector<HTMLElement>('.softphone-decline')?.click();
        expect(events).toEqual(['answer', 'decline']);
    });

    it('call waiting: says who waits, offers hold-and-answer and decline', async () => {
        const { root, events } = mount({ caller: 'Marc Dupont', waiting: true });
        await flushPromises();
        expect(root.querySelector('.softphone-waiting-caller')?.textContent).toBe('Call waiting: Marc Dupont');
        expect(root.querySelector('.softphone-answer')).toBeNull();
        expect(root.querySelector('.softphone-waiting')?.getAttribute('role')).toBe('alert');
        const answer = root.querySelector('.softphone-waiting-answer') as unknown as { label: string; click(): void };
        expect(answer.label).toBe('Hold and answer');
        answer.click();
        root.querySelector<HTMLElement>('.softphone-waiting-decline')?.click();
        expect(events).toEqual(['answer', 'decline']);
    });

    it('focusAnswer() puts the keyboard on the answer button of either panel', async () => {
        const focus = jest.spyOn(HTMLElement.prototype, 'focus');
        try {
            for (const waiting of [false, true]) {
                const { element, root } = mount({ caller: 'x', waiting });
                await flushPromises();
                (element as unknown as { focusAnswer(): void }).focusAnswer();
                expect(focus.mock.contexts.at(-1)).toBe(root.querySelector(waiting ? '.softphone-waiting-answer' : '.softphone-answer'));
            }
        } finally {
            focus.mockRestore();
        }
    });
});
