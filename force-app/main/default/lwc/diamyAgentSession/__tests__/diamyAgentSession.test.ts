import {
    AgentTokenError,
    baseUrlFromWebsocketUrl,
    formatLabel,
    isTerminalStatus,
    outputsByName,
    readFlowResult,
    validExpiresIn
} from 'c/diamyAgentSession';
import { resetDom } from 'diamy-test/lwcTestUtils';

const NOW = Date.UTC(2025, 5, 2, 9, 30);
const outputs = (values: Record<string, unknown>) => Object.entries(values).map(([name, value]) => ({ name, value, dataType: 'STRING', flowName: 'Diamy_Agent_Session' }));
const good = { accessToken: 'dat_abc', expiresIn: 3600, websocketUrl: 'wss://acme.diamy.example/v2/agent/stream', errorMessage: null };

describe('c-diamy-agent-session', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('reads a finished run into a token that expires expires_in seconds later, REST base on the same host', () => {
        expect(readFlowResult('FINISHED', outputs(good), NOW)).toEqual({
            ok: true,
            token: { accessToken: 'dat_abc', expiresAt: NOW + 3600000, wsUrl: 'wss://acme.diamy.example/v2/agent/stream', baseUrl: 'https://acme.diamy.example' }
        });
        const withPort = readFlowResult('FINISHED_SCREEN', outputs({ ...good, expiresIn: '120' }), NOW);
        expect(withPort).toMatchObject({ ok: true, token: { expiresAt: NOW + 120000 } });
    });

    it('an ERROR status or an errorMessage output is a flow failure carrying the flow message', () => {
        expect(readFlowResult('ERROR', [], NOW)).toEqual({ ok: false, kind: 'flow', detail: 'The flow Diamy_Agent_Session ended in error.' });
        expect(readFlowResult('FINISHED', outputs({ errorMessage: ' Could not get a Diamy session for this user: 403 ' }), NOW)).toEqual({
            ok: false,
            kind: 'flow',
            detail: 'Could not get a Diamy session for this user: 403'
        });
    });

    it('missing token, bad lifetime or a non-wss channel URL are malformed, never a half token', () => {
        const cases: Record<string, unknown>[] = [
            { ...good, accessToken: '' },
            { ...good, accessToken: 42 },
            { ...good, expiresIn: null },
            { ...good, expiresIn: 5 },
            { ...good, expiresIn: 86401 },
            { ...good, expiresIn: 'soon' },
            { ...good, websocketUrl: 'https://acme.diamy.example/v2/agent/stream' },
            { ...good, websocketUrl: 'ws://acme.diamy.example/v2/agent/stream' },
            { ...good, websocketUrl: 'ws://127.0.0.1:4010/v2/agent/stream' },
            { ...good, websocketUrl: 'ws://localhost:4010/v2/agent/stream' },
            { ...good, websocketUrl: 'not a url' },
            { ...good, websocketUrl: undefined }
        ];
        for (const values of cases) {
            expect(readFlowResult('FINISHED', outputs(values), NOW)).toMatchObject({ ok: false, kind: 'malformed' });
        }
        expect(readFlowResult('FINISHED', 'garbage', NOW)).toMatchObject({ ok: false, kind: 'malformed' });
        expect(readFlowResult('FINISHED', [null, 7, { value: 'x' }], NOW)).toMatchObject({ ok: false, kind: 'malformed' });
    });

    it('the REST base is https on the channel host; the shipped package refuses plain ws://, loopback included', () => {
        expect(baseUrlFromWebsocketUrl('wss://diamy.example:8443/v2/agent/stream?x=1')).toBe('https://diamy.example:8443');
        expect(baseUrlFromWebsocketUrl('wss://127.0.0.1:4010/v2/agent/stream')).toBe('https://127.0.0.1:4010');
        expect(baseUrlFromWebsocketUrl('ws://127.0.0.1:4010/v2/agent/stream')).toBeNull();
        expect(baseUrlFromWebsocketUrl('ws://localhost:4010/v2/agent/stream')).toBeNull();
        expect(baseUrlFromWebsocketUrl('ws://[::1]:4010/v2/agent/stream')).toBeNull();
        expect(baseUrlFromWebsocketUrl('ws://diamy.example/v2/agent/stream')).toBeNull();
        expect(baseUrlFromWebsocketUrl('')).toBeNull();
        expect(baseUrlFromWebsocketUrl(12)).toBeNull();
    });

    it('expires_in: whole seconds from 30 s to one day, numeric strings accepted', () => {
        expect(validExpiresIn(3600)).toBe(3600);
        expect(validExpiresIn(59.9)).toBe(59);
        expect(validExpiresIn(' 90 ')).toBe(90);
        expect(validExpiresIn(29)).toBeNull();
        expect(validExpiresIn(Infinity)).toBeNull();
        expect(validExpiresIn('')).toBeNull();
        expect(validExpiresIn(undefined)).toBeNull();
    });

    it('helpers: terminal statuses, outputs by name (last wins), label formatting, error kind', () => {
        expect(['FINISHED', 'FINISHED_SCREEN', 'ERROR'].map(isTerminalStatus)).toEqual([true, true, true]);
        expect(['STARTED', 'PAUSED', undefined].map(isTerminalStatus)).toEqual([false, false, false]);
        expect(outputsByName([{ name: 'a', value: 1 }, { name: 'a', value: 2 }]).get('a')).toBe(2);
        expect(outputsByName(undefined).size).toBe(0);
        expect(formatLabel('Could not connect to Diamy: {0}', 'timeout')).toBe('Could not connect to Diamy: timeout');
        const error = new AgentTokenError('timeout', 'late', 'No answer');
        expect(error).toBeInstanceOf(Error);
        expect([error.name, error.kind, error.message, error.detail]).toEqual(['AgentTokenError', 'timeout', 'late', 'No answer']);
    });
});
