import { createElement } from 'lwc';
import DiamyAgentToken from 'c/diamyAgentToken';
import { resetDom } from 'diamy-test/lwcTestUtils';

describe('c-diamy-agent-token', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('placeholder: getToken rejects with a message the agent can read', async () => {
        const element = createElement('c-diamy-agent-token', { is: DiamyAgentToken }) as unknown as HTMLElement & {
            getToken(): Promise<unknown>;
        };
        document.body.appendChild(element);
        await expect(element.getToken()).rejects.toThrow('Diamy is not configured for your user');
    });
});
