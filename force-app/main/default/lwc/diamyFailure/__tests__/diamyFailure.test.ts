import { DiamyError } from 'c/diamyTelephony';
import { FAILURE_CODES, describeFailure } from 'c/diamyFailure';
import { FailureReporter, failureLogInput } from 'c/diamyFailureReport';
import type { Failure, FailureCode } from 'c/diamyFailure';
import type * as FailureModule from 'c/diamyFailure';
import { setup } from 'diamy-test/diamyTelephonyKit';
import type { Route } from 'diamy-test/diamyTelephonyKit';
import { frenchLabel, loadAsFrenchUser } from 'diamy-test/frenchUser';
import { expectCreatableByAgent } from 'diamy-test/diamyIntegrationLogFields';
import { createRecord } from 'lightning/uiRecordApi';

/** The contract's error body (contract/openapi.json, components.schemas.Error). */
const diamyAnswer = (status: number, code: string, message: string): Route => () => ({ status, body: { error: { code, message, request_id: 'req_42' } } });

/** What the agent reads after the real client met this answer to a command (hold), without retries. */
async function failureOf(route: Route): Promise<Failure> {
    const { client } = setup({ route, commandRetries: 0 });
    try {
        await client.hold('call_1');
    } catch (error) {
        return describeFailure(error);
    }
    throw new Error('the command did not fail');
}

const MESSAGES: Record<FailureCode, string> = {
    not_found: 'Diamy no longer knows this call: it has probably ended. Check your recent calls.',
    invalid_target: 'This number or colleague cannot be called from your line (your own number, for example). Check it, then call again.',
    conflict: 'The call changed before Diamy could do this (answered, ended or transferred). Check where the call is now, then try again.',
    rate_limited: 'Too many actions in a short time. Wait a few seconds, then try again.',
    session_expired: 'Your Diamy session has expired. It renews by itself: try again in a moment, or reload the page if this message comes back.',
    forbidden: 'Diamy does not allow your user to do this. Ask your Diamy administrator to check your rights.',
    network: 'Diamy cannot be reached. Check your network or VPN connection, then try again.',
    timeout: 'Diamy did not answer in time. Check whether the action happened before you try again.',
    unavailable: 'Diamy is unavailable for a moment. Try again in a minute.',
    server: 'Diamy could not do this because of a problem on its side. Try again; if it happens again, tell your administrator.',
    invalid_request: 'Diamy refused the request. Check the number or keys you entered, then try again.',
    invalid_response: 'Diamy sent an answer the phone cannot read. Try again; if it happens again, tell your administrator.',
    setup: 'Diamy is not set up correctly for your org. Tell your Salesforce administrator.',
    not_owner: 'Another Salesforce tab has the phone. Use that tab, or close it and this one takes over.',
    unknown: 'The action failed. Try again; if it happens again, tell your administrator.'
};

describe('c/diamyFailure', () => {
    describe('what the agent reads after the real Diamy client failed', () => {
        it.each([
            [404, 'not_found', 'Call call_1 not found', 'not_found'],
            [422, 'invalid_target', 'target must not be the calling agent (usr_camille.martin)', 'invalid_target'],
            [409, 'invalid_state', "call is 'ringing', expected one of active", 'conflict'],
            [429, 'rate_limited', 'Too Many Requests', 'rate_limited'],
            [401, 'token_expired', 'token expired at 2026-11-25T10:00:00Z', 'session_expired'],
            [403, 'forbidden', 'agent usr_x may not act on call_1', 'forbidden'],
            [403, 'insufficient_scope', 'scope calls:write required', 'forbidden'],
            [504, 'timeout', 'upstream timeout', 'timeout'],
            [503, 'unavailable', 'maintenance', 'unavailable'],
            [500, 'internal_error', 'NullPointerException at CallService.java:42', 'server'],
            [400, 'invalid_request', 'digits must match ^[0-9*#]{1,32}$', 'invalid_request'],
            [422, 'idempotency_key_reused', 'Idempotency-Key id-1 was used for another request', 'unknown']
        ])('HTTP %s %s → %s', async (status, code, serverText, expected) => {
            // A 401 is retried once with a new token by the client: both answers are the same here.
            const failure = await failureOf(diamyAnswer(status, code, serverText));
            expect(failure.code).toBe(expected);
            expect(failure.message).toBe(MESSAGES[expected as FailureCode]);
            expect(failure.message).not.toContain(serverText);
            // Support keeps what Diamy said.
            expect(failure.detail).toContain(code);
            expect(failure.detail).toContain(String(status));
            expect(failure.detail).toContain(serverText);
        });

        it('reads an answer without the contract body by its HTTP status', async () => {
            const cases: [number, FailureCode][] = [
                [400, 'invalid_request'],
                [401, 'session_expired'],
                [403, 'forbidden'],
                [404, 'not_found'],
                [408, 'timeout'],
                [409, 'conflict'],
                [422, 'invalid_request'],
                [429, 'rate_limited'],
                [500, 'server'],
                [502, 'unavailable'],
                [503, 'unavailable'],
                [504, 'timeout'],
                [418, 'unknown']
            ];
            for (const [status, expected] of cases) {
                const failure = await failureOf(() => ({ status, body: '<html>Bad Gateway</html>' }));
                expect([status, failure.code]).toEqual([status, expected]);
                expect(failure.message).toBe(MESSAGES[expected]);
                expect(failure.detail).toContain(`HTTP ${status}`);
            }
        });

        it('names a network failure, and never the browser text', async () => {
            const failure = await failureOf(() => 'network');
            expect(failure).toMatchObject({ code: 'network', message: MESSAGES.network, severity: 'Error' });
            expect(failure.detail).toContain('network');
        });

        it('names a number the client refuses before asking Diamy, without the rule text', async () => {
            const { client } = setup();
            const error = await client.dial({ toExtension: '1' }).then(
                () => null,
                (e: unknown) => e
            );
            const failure = describeFailure(error);
            expect(failure.code).toBe('invalid_request');
            expect(failure.message).toBe(MESSAGES.invalid_request);
            expect(failure.message).not.toMatch(/[$^\\[\]]/);
            expect(failure.detail).toContain('invalid_request');
        });

        it('names a setup problem (plain http URL) and an unreadable answer', async () => {
            const { client } = setup({ baseUrl: 'http://api.diamy.test/' });
            const insecure = await client.hold('call_1').then(
                () => null,
                (e: unknown) => e
            );
            expect(describeFailure(insecure).code).toBe('setup');
            const unreadable = await failureOf(() => ({ status: 200, body: { call: { id: 'call_1', state: 'exploded' } } }));
            expect(unreadable.code).toBe('invalid_response');
            expect(unreadable.message).toBe(MESSAGES.invalid_response);
        });

        it('names a token the org could not give', () => {
            expect(describeFailure(new DiamyError('token_unavailable', 0, 'No access token could be obtained')).code).toBe('session_expired');
            expect(describeFailure(new DiamyError('invalid_token', 0, 'The token supplier returned no usable token')).code).toBe('session_expired');
            expect(describeFailure(new DiamyError('unauthorized', 401, 'no token')).code).toBe('session_expired');
            expect(describeFailure(new DiamyError('invalid_scope', 400, 'bad scope')).code).toBe('setup');
            expect(describeFailure(new DiamyError('unsupported_grant_type', 400, 'password')).code).toBe('setup');
        });
    });

    describe('anything else that can reach the softphone', () => {
        it('never shows an English error text nor a stack', () => {
            for (const error of [new Error('This tab does not own the telephony session'), new TypeError("Cannot read properties of undefined (reading 'id')"), 'boom', undefined, null, 42, {}, { message: 7 }]) {
                const failure = describeFailure(error);
                expect(failure.code).toBe('unknown');
                expect(failure.message).toBe(MESSAGES.unknown);
            }
            expect(describeFailure(new Error('This tab does not own the telephony session')).detail).toContain('This tab does not own the telephony session');
            expect(describeFailure(new TypeError('x')).detail).toContain('TypeError');
        });

        it('reads a code on any error (the session can say that another tab owns the phone)', () => {
            const notOwner = Object.assign(new Error('This tab does not own the telephony session'), { code: 'not_owner' });
            expect(describeFailure(notOwner)).toMatchObject({ code: 'not_owner', message: MESSAGES.not_owner, severity: 'Warning' });
            expect(describeFailure({ code: 'conflict', message: 'Already answered' }).code).toBe('conflict');
            expect(describeFailure({ status: 429, body: { message: 'slow down' } })).toMatchObject({ code: 'rate_limited' });
            expect(describeFailure({ status: 503, body: { message: 'down' } }).detail).toContain('down');
        });

        it('names timeouts the browser raises', () => {
            const timeout = new Error('signal timed out');
            timeout.name = 'TimeoutError';
            expect(describeFailure(timeout).code).toBe('timeout');
        });

        it('survives hostile errors', () => {
            const hostile = new Proxy(
                {},
                {
                    get() {
                        throw new Error('trap');
                    }
                }
            );
            expect(describeFailure(hostile)).toMatchObject({ code: 'unknown', message: MESSAGES.unknown });
            const getter = Object.defineProperty({}, 'code', {
                get() {
                    throw new Error('trap');
                }
            });
            expect(describeFailure(getter).code).toBe('unknown');
        });

        it('keeps no secret and no more than 1000 characters in the detail', () => {
            const failure = describeFailure(new DiamyError('invalid_request', 400, `Authorization: Bearer abc.def.ghi token=s3cr3tVALUE123 ${'x'.repeat(5000)}`));
            expect(failure.detail).not.toContain('abc.def.ghi');
            expect(failure.detail).not.toContain('s3cr3tVALUE123');
            expect(failure.detail.length).toBeLessThanOrEqual(1000);
        });

        it('marks what the agent can fix as a warning and what support must look at as an error', () => {
            const warnings: FailureCode[] = ['not_found', 'invalid_target', 'conflict', 'rate_limited', 'invalid_request', 'not_owner'];
            for (const code of FAILURE_CODES) {
                const failure = describeFailure({ code: code === 'conflict' ? 'invalid_state' : code, message: 'x' });
                expect([code, failure.severity]).toEqual([code, warnings.includes(code) ? 'Warning' : 'Error']);
            }
        });
    });

    describe('for a French-speaking agent', () => {
        it('says every failure in French, from its Custom Label', () => {
            const french = loadAsFrenchUser<typeof FailureModule>('c/diamyFailure');
            expect(french.describeFailure(new DiamyError('invalid_state', 409, "call is 'ringing'")).message).toBe(
                "L'appel a changé avant que Diamy puisse le faire (décroché, terminé ou transféré). Vérifiez où en est l'appel, puis réessayez."
            );
            expect(french.describeFailure(new DiamyError('network', 0, 'POST /v2/calls failed (0)')).message).toBe(
                'Diamy est injoignable. Vérifiez votre connexion réseau ou VPN, puis réessayez.'
            );
            const labelOf: Record<FailureCode, string> = {
                not_found: 'Diamy_Failure_Not_Found',
                invalid_target: 'Diamy_Failure_Invalid_Target',
                conflict: 'Diamy_Failure_Conflict',
                rate_limited: 'Diamy_Failure_Rate_Limited',
                session_expired: 'Diamy_Failure_Session_Expired',
                forbidden: 'Diamy_Failure_Forbidden',
                network: 'Diamy_Failure_Network',
                timeout: 'Diamy_Failure_Timeout',
                unavailable: 'Diamy_Failure_Unavailable',
                server: 'Diamy_Failure_Server',
                invalid_request: 'Diamy_Failure_Invalid_Request',
                invalid_response: 'Diamy_Failure_Invalid_Response',
                setup: 'Diamy_Failure_Setup',
                not_owner: 'Diamy_Failure_Not_Owner',
                unknown: 'Diamy_Failure_Unknown'
            };
            for (const code of FAILURE_CODES) {
                const message = french.describeFailure({ code: code === 'conflict' ? 'invalid_state' : code, message: 'x' }).message;
                expect(message).toBe(frenchLabel(labelOf[code]));
                expect(message).not.toBe(MESSAGES[code]);
            }
        });
    });

    describe('the integration log entry for support', () => {
        const failure = describeFailure(new DiamyError('invalid_state', 409, "call is 'ringing', expected one of active"));
        const context = { action: 'hold', diamyCallId: 'call_1' };

        it('is a Diamy_Integration_Log__c the Diamy Agent permission set may create, with values the fields accept', () => {
            const input = failureLogInput(failure, context, { now: Date.parse('2026-11-25T09:00:00.000Z'), newId: () => 'key-1' });
            expect(input.apiName).toBe('Diamy_Integration_Log__c');
            expect(input.fields).toEqual({
                Logged_At__c: '2026-11-25T09:00:00.000Z',
                Severity__c: 'Warning',
                Area__c: 'Telephony',
                Status__c: 'New',
                Source__c: 'diamySoftphone',
                Message__c: 'Softphone action hold failed: conflict',
                Payload__c: JSON.stringify({ action: 'hold', code: 'conflict', detail: failure.detail }),
                Diamy_Call_Id__c: 'call_1',
                Idempotency_Key__c: 'key-1'
            });
            expectCreatableByAgent(input.fields);
        });

        it('stays within the field lengths and keeps secrets out, whatever the action or detail', () => {
            const long = describeFailure(new DiamyError('internal_error', 500, `password=hunter2hunter2 ${'é'.repeat(200000)}`));
            const input = failureLogInput(long, { action: `transfer ${'x'.repeat(400)}`, diamyCallId: 'c'.repeat(100) }, { now: 0, newId: () => 'k'.repeat(80) });
            expectCreatableByAgent(input.fields);
            expect(JSON.stringify(input.fields)).not.toContain('hunter2hunter2');
            const noCall = failureLogInput(long, { action: 'presence' }, { now: 0, newId: () => 'k' });
            expect(noCall.fields.Diamy_Call_Id__c).toBeUndefined();
        });

        it('is written once per kind of failure and action within five minutes, and never throws', async () => {
            const created: unknown[] = [];
            let now = 0;
            let fail = false;
            const reporter = new FailureReporter({
                createRecord: (input) => {
                    created.push(input);
                    return fail ? Promise.reject(new Error('offline')) : Promise.resolve({ id: 'a02000000000001AAA' });
                },
                now: () => now,
                newId: () => `key-${created.length + 1}`
            });
            await expect(reporter.report(failure, context)).resolves.toBe(true);
            await expect(reporter.report(failure, { action: 'hold', diamyCallId: 'call_2' })).resolves.toBe(false);
            await expect(reporter.report(failure, { action: 'resume' })).resolves.toBe(true);
            now += 5 * 60_000;
            fail = true;
            await expect(reporter.report(failure, context)).resolves.toBe(false);
            fail = false;
            // A write that failed does not hold the next one back.
            await expect(reporter.report(failure, context)).resolves.toBe(true);
            expect(created).toHaveLength(4);
            const throwing = new FailureReporter({
                createRecord: () => {
                    throw new Error('sync');
                }
            });
            await expect(throwing.report(failure, context)).resolves.toBe(false);
        });

        it('takes lightning/uiRecordApi createRecord as it is (what the softphone passes)', async () => {
            jest.mocked(createRecord).mockResolvedValueOnce({ id: 'a02000000000001AAA', apiName: 'Diamy_Integration_Log__c', fields: {} });
            const reporter = new FailureReporter({ createRecord, now: () => 0, newId: () => 'key-9' });
            await expect(reporter.report(failure, context)).resolves.toBe(true);
            expect(jest.mocked(createRecord).mock.calls[0]?.[0]).toEqual(failureLogInput(failure, context, { now: 0, newId: () => 'key-9' }));
        });

        it('keeps at most 20 entries per page, so that an outage does not flood the log', async () => {
            let count = 0;
            let now = 0;
            const reporter = new FailureReporter({
                createRecord: () => {
                    count += 1;
                    return Promise.resolve({ id: 'x' });
                },
                now: () => now
            });
            for (let i = 0; i < 50; i += 1) {
                now += 10 * 60_000;
                await reporter.report(failure, { action: `action-${i % 3}` });
            }
            expect(count).toBe(20);
        });
    });
});
