import { createElement } from '@lwc/engine-dom';
import DiamyAgentToken from 'c/diamyAgentToken';
import type { AgentToken } from 'c/diamyAgentSession';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

type TokenElement = HTMLElement & { getToken(): Promise<AgentToken>; timeoutMs: number };

const WS = 'wss://acme.diamy.example/v2/agent/stream';

function mount(): TokenElement {
    const element = createElement('c-diamy-agent-token', { is: DiamyAgentToken }) as unknown as TokenElement;
    document.body.appendChild(element);
    return element;
}

function flows(element: HTMLElement): (HTMLElement & { flowApiName?: string })[] {
    return Array.from(shadowOf(element).querySelectorAll('lightning-flow'));
}

/** The one rendered flow (fails the test when there is none). */
function onlyFlow(element: HTMLElement): HTMLElement & { flowApiName?: string } {
    const all = flows(element);
    expect(all).toHaveLength(1);
    return all[0] as HTMLElement & { flowApiName?: string };
}

/** Microtask flush that works under fake timers (re-renders are microtasks). */
async function ticks(): Promise<void> {
    for (let i = 0; i < 10; i += 1) {
        await Promise.resolve();
    }
}

function finish(flow: HTMLElement, values: Record<string, unknown>, status = 'FINISHED'): void {
    const outputVariables = Object.entries(values).map(([name, value]) => ({ name, value, dataType: 'STRING', flowName: 'Diamy_Agent_Session', isCollection: false }));
    flow.dispatchEvent(new CustomEvent('statuschange', { detail: { status, outputVariables } }));
}

describe('c-diamy-agent-token', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    it('renders no flow until a token is asked for, then runs Diamy_Agent_Session and resolves with the token', async () => {
        const element = mount();
        await flushPromises();
        expect(flows(element)).toHaveLength(0);

        const before = Date.now();
        const promise = element.getToken();
        await flushPromises();
        const flow = onlyFlow(element);
        expect(flow.flowApiName).toBe('Diamy_Agent_Session');
        finish(flow, { accessToken: 'dat_1', expiresIn: 3600, websocketUrl: WS, errorMessage: null });

        const token = await promise;
        expect(token.accessToken).toBe('dat_1');
        expect(token.wsUrl).toBe(WS);
        expect(token.baseUrl).toBe('https://acme.diamy.example');
        expect(token.expiresAt).toBeGreaterThanOrEqual(before + 3600000);
        expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + 3600000);
        await flushPromises();
        expect(flows(element)).toHaveLength(0);
    });

    it('ignores non-final statuses and waits for the end of the interview', async () => {
        const element = mount();
        const promise = element.getToken();
        await flushPromises();
        const flow = onlyFlow(element);
        let settled = false;
        void promise.then(() => (settled = true));
        flow.dispatchEvent(new CustomEvent('statuschange', { detail: { status: 'STARTED', outputVariables: [] } }));
        await flushPromises();
        expect(settled).toBe(false);
        finish(flow, { accessToken: 'dat_2', expiresIn: 60, websocketUrl: WS });
        await expect(promise).resolves.toMatchObject({ accessToken: 'dat_2' });
    });

    it('rejects with the flow message when the flow returns errorMessage, and with a generic one on ERROR', async () => {
        const element = mount();
        const first = element.getToken();
        await flushPromises();
        finish(onlyFlow(element), { errorMessage: 'Could not get a Diamy session for this user: 403 forbidden' });
        await expect(first).rejects.toMatchObject({
            kind: 'flow',
            message: 'Could not connect to Diamy: Could not get a Diamy session for this user: 403 forbidden'
        });

        const second = element.getToken();
        await flushPromises();
        finish(onlyFlow(element), {}, 'ERROR');
        await expect(second).rejects.toMatchObject({ kind: 'flow', message: 'Could not connect to Diamy: The flow Diamy_Agent_Session ended in error.' });
    });

    it('rejects malformed outputs without leaking the token in the error', async () => {
        const element = mount();
        const promise = element.getToken();
        await flushPromises();
        finish(onlyFlow(element), { accessToken: 'dat_secret', expiresIn: 'never', websocketUrl: WS });
        const error = (await promise.catch((e: unknown) => e)) as Error & { kind: string; detail: string };
        expect(error.kind).toBe('malformed');
        expect(error.message).toBe('Diamy returned an unusable session. Ask your administrator to check the Diamy setup.');
        expect(`${error.message} ${error.detail}`).not.toContain('dat_secret');
    });

    it('times out after 20 s without an answer, removes the flow, and the next request starts a fresh run', async () => {
        jest.useFakeTimers();
        const element = mount();
        const promise = element.getToken();
        const outcome = promise.catch((e: unknown) => e);
        await ticks();
        const stale = onlyFlow(element);
        jest.advanceTimersByTime(19999);
        await ticks();
        expect(flows(element)).toHaveLength(1);
        jest.advanceTimersByTime(1);
        expect(await outcome).toMatchObject({ kind: 'timeout', message: 'Diamy did not answer in time. Try again.' });
        await ticks();
        expect(flows(element)).toHaveLength(0);

        const next = element.getToken();
        await ticks();
        const fresh = onlyFlow(element);
        expect(fresh).not.toBe(stale);
        // A late answer of the timed-out run is not taken for the new one.
        finish(stale, { accessToken: 'dat_late', expiresIn: 3600, websocketUrl: WS });
        finish(fresh, { accessToken: 'dat_new', expiresIn: 3600, websocketUrl: WS });
        await expect(next).resolves.toMatchObject({ accessToken: 'dat_new' });
    });

    it('serialises concurrent requests: one flow at a time, each caller gets its own run', async () => {
        const element = mount();
        const a = element.getToken();
        const b = element.getToken();
        await flushPromises();
        expect(flows(element)).toHaveLength(1);
        const first = onlyFlow(element);
        finish(first, { errorMessage: 'boom' });
        await expect(a).rejects.toMatchObject({ kind: 'flow' });
        await flushPromises();
        expect(flows(element)).toHaveLength(1);
        const second = onlyFlow(element);
        expect(second).not.toBe(first);
        finish(second, { accessToken: 'dat_b', expiresIn: 3600, websocketUrl: WS });
        await expect(b).resolves.toMatchObject({ accessToken: 'dat_b' });
    });

    it('rejects a pending request when the component is removed', async () => {
        const element = mount();
        const promise = element.getToken();
        await flushPromises();
        document.body.removeChild(element);
        await expect(promise).rejects.toMatchObject({ kind: 'flow' });
    });
});
