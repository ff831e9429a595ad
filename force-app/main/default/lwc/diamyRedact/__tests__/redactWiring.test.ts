// What an admin reads in Diamy_Integration_Log__c and what the telephony client hands to its diagnostics
// callback both go through c/diamyRedact.
import { CallLogger } from 'c/diamyCallLog';
import { DiamyTelephony } from 'c/diamyTelephony';
import type { CompletedCall } from 'c/diamyCallRecord';
import type { RecordInput } from 'lightning/uiRecordApi';
import { FakeOrg, MemoryStorage } from 'diamy-test/diamyFakeOrg';

const SIGNATURE = '9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c';
const SIGNED_RECORDING = `https://diamy-recordings.s3.eu-west-3.amazonaws.com/rec/call_9.mp3?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=${SIGNATURE}`;

function call(overrides: Partial<CompletedCall> = {}): CompletedCall {
    return {
        diamyCallId: 'call_9',
        direction: 'Inbound',
        outcome: 'Answered',
        from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont' },
        to: { number: '+33184880000', e164: '+33184880000', name: null },
        startedAt: '2026-11-25T09:00:00.000Z',
        answeredAt: '2026-11-25T09:00:10.000Z',
        endedAt: '2026-11-25T09:02:00.000Z',
        recordingUrl: SIGNED_RECORDING,
        source: 'Softphone',
        ...overrides
    };
}

async function settle(): Promise<void> {
    for (let i = 0; i < 50; i += 1) {
        await Promise.resolve();
    }
}

/** An org whose save of the call fails for good with the given UI API error; the log entries are kept. */
function failingOrg(error: Error): FakeOrg {
    const org = new FakeOrg();
    const create = org.createRecord;
    org.createRecord = (input: RecordInput): Promise<{ id: string }> =>
        input.apiName === 'Diamy_Call__c' ? Promise.reject(error) : create(input);
    return org;
}

describe('redaction where logs are written', () => {
    it('the integration log entry of a failed save shows the call, the error and the recording path, not the signed query or a token', async () => {
        const org = failingOrg(
            Object.assign(new Error('UI API 400'), {
                status: 400,
                body: {
                    output: {
                        errors: [{ errorCode: '', message: 'rejected password=ui-tok-77 for record a01XX000003DHPzYAO' }],
                        fieldErrors: {}
                    }
                }
            })
        );
        const logger = new CallLogger({
            lds: org,
            storage: new MemoryStorage(),
            now: () => 1_000_000,
            random: () => 0.5,
            setTimer: () => 0,
            clearTimer: () => undefined
        });
        await logger.logCall(call());
        await settle();

        const entry = org.logs()[0]?.fields ?? {};
        const message = String(entry.Message__c);
        const payload = String(entry.Payload__c);
        expect(message).toBe('Call call_9 could not be saved: rejected password=[redacted] for record a01XX000003DHPzYAO');
        expect(payload).toContain('https://diamy-recordings.s3.eu-west-3.amazonaws.com/rec/call_9.mp3"');
        expect(payload).toContain('+33612345678');
        expect(`${message}\n${payload}`).not.toMatch(new RegExp(`ui-tok-77|${SIGNATURE}|AKIAIOSFODNN7EXAMPLE|X-Amz`));
    });

    it('the problems of a call refused before saving are logged without the secrets they quote', async () => {
        const org = new FakeOrg();
        const logger = new CallLogger({
            lds: org,
            storage: new MemoryStorage(),
            now: () => 1_000_000,
            random: () => 0.5,
            setTimer: () => 0,
            clearTimer: () => undefined
        });
        await logger.logCall(
            call({ recordingUrl: `ftp://x.example/rec.mp3?token=ftp-tok-5`, outcome: 'Exploded' as CompletedCall['outcome'] })
        );
        await settle();

        const payload = String(org.logs()[0]?.fields.Payload__c);
        expect(payload).toContain('outcome');
        expect(payload).not.toContain('ftp-tok-5');
    });

    it('the telephony diagnostics callback never receives a token from an answer of Diamy', async () => {
        const logs: string[] = [];
        const client = new DiamyTelephony({
            baseUrl: 'https://api.diamy.test',
            wsUrl: 'wss://api.diamy.test/v2/agent/stream',
            tokenSupplier: () => Promise.resolve({ accessToken: 'agent-tok-1', expiresAt: Date.now() + 3_600_000 }),
            fetch: () =>
                Promise.resolve({
                    status: 400,
                    text: () =>
                        Promise.resolve(JSON.stringify({ error: { code: 'bad_request;access_token=srv-tok-9', message: 'no' } }))
                }),
            socketFactory: () => {
                throw new Error('no socket in this test');
            },
            setTimer: () => 0,
            clearTimer: () => undefined,
            log: (level, message) => logs.push(`${level} ${message}`)
        });
        await expect(client.callDetails('call_9')).rejects.toMatchObject({ status: 400 });
        expect(logs).toEqual(['warn GET /v2/calls/call_9 → 400 bad_request;access_token=[redacted]']);
    });
});
