/**
 * @jest-environment ./test/jest-environment-sandbox.js
 */
// Integration and fault suite: the telephony client against the REAL Diamy sandbox (child process, free port,
// real HTTP and WebSocket), the session wiring, the call log on the in-memory org that enforces the unique
// external id. Every scenario ends by reconciling what the sandbox says ended with what the org holds:
// 0 calls lost, 0 logged twice. The figures are printed at the end.
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';
import type { Call } from 'c/diamyCallState';
import type { ConnectionState } from 'c/diamyTelephony';
import { FakeOrg } from 'diamy-test/diamyFakeOrg';
import { CAMILLE, HUGO, NICOLAS, SOPHIE, TokenIssuer, control, newBrowser, openTab, reconcile, settleLogs, spawnSandbox, waitFor } from 'diamy-test/diamySandboxHarness';
import type { Agent, Browser, Figures, Sandbox, Tab } from 'diamy-test/diamySandboxHarness';
import { storageKeyFor } from 'c/diamyCallLog';
import { WrapUpDrafts } from 'c/diamySoftphoneService';
import { ORG_ID } from 'diamy-test/diamySandboxHarness';
import { statefulGraphql } from 'diamy-test/diamyGraphqlOrg';

jest.setTimeout(20000);

let sandbox: Sandbox;
// lost / doubled: computed against the sandbox (every ended call exactly once in the org); duplicate attempts:
// creates the org answered DUPLICATE_VALUE (the client retried a save that had in fact succeeded — harmless, counted
// by the org, not by the client); wrap-ups: updates that wrote disposition or notes onto the call's own record.
const totals = { scenarios: 0, calls: 0, lost: 0, duplicated: 0, consultLegs: 0, createAttempts: 0, duplicateAttempts: 0, wrapUpsApplied: 0, wrapUpsExpected: 0, requestsApplied: 0, requestsExpected: 0 };
const opened: Tab[] = [];

beforeAll(async () => {
    sandbox = await spawnSandbox();
});

afterAll(async () => {
    await sandbox.close();
    console.log(
        `fault suite: ${totals.scenarios} scenarios, ${totals.calls} calls, ${totals.lost} lost, ${totals.duplicated} doubled, ` +
            `${totals.consultLegs} consult legs on their calls' records, ` +
            `${totals.createAttempts} create attempts, ${totals.duplicateAttempts} duplicate attempts, ` +
            `${totals.wrapUpsApplied} wrap-ups applied (${totals.wrapUpsExpected} typed), ` +
            `${totals.requestsApplied} follow-up requests applied (${totals.requestsExpected} asked)`
    );
});

let org: FakeOrg;
let browser: Browser;
let issuer: TokenIssuer;

beforeEach(async () => {
    await control(sandbox, 'POST', '/sandbox/reset');
    await control(sandbox, 'PUT', '/sandbox/config', { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 });
    org = new FakeOrg();
    browser = newBrowser();
    issuer = new TokenIssuer(sandbox);
});

afterEach(() => {
    for (const tab of opened.splice(0)) {
        tab.close();
    }
    statefulGraphql.reset();
    const counted = org.totals();
    totals.createAttempts += counted.createAttempts;
    totals.duplicateAttempts += counted.duplicates;
    totals.wrapUpsApplied += counted.wrapUpsApplied;
    totals.requestsApplied += counted.followUpRequestsApplied;
    jest.clearAllMocks();
});

function tab(lds?: LdsWrapper, agent: Agent = CAMILLE, tokens: TokenIssuer = issuer): Tab {
    const opening = openTab(sandbox, org, browser, tokens, agent, lds ?? org);
    opened.push(opening);
    return opening;
}

async function connected(t: Tab): Promise<void> {
    await waitFor(() => t.client.connection === 'connected', 'the client to connect');
}

async function inbound(from = SOPHIE, agent: Agent = CAMILLE): Promise<Call> {
    return (await control<{ call: Call }>(sandbox, 'POST', '/sandbox/calls/inbound', { from, agent_id: agent.id })).call;
}

/** The agent types a wrap-up: counted as expected; the scenario checks it reached the call's own record. */
async function wrapUp(t: Tab, callId: string, disposition: string, notes: string): Promise<void> {
    totals.wrapUpsExpected += 1;
    await t.session.logWrapUp(callId, { disposition, notes });
}

function recordOf(callId: string): Record<string, unknown> | undefined {
    return org.calls().find((record) => record.fields.Diamy_Call_Id__c === callId)?.fields;
}

function remote(callId: string, action: string): Promise<unknown> {
    return control(sandbox, 'POST', `/sandbox/calls/${callId}/remote`, { action });
}

function phase(t: Tab, callId: string): string {
    return t.client.state.calls[callId]?.phase ?? 'idle';
}

async function phaseIs(t: Tab, callId: string, expected: string): Promise<void> {
    await waitFor(() => phase(t, callId) === expected, `call ${callId} to be ${expected} (is ${phase(t, callId)})`);
}

/** The scenario's verdict, counted in the printed figures. */
async function expectNothingLostOrDoubled(minimumCalls: number): Promise<Figures> {
    const figures = await settleLogs(sandbox, org);
    totals.scenarios += 1;
    totals.calls += figures.calls;
    totals.lost += figures.lost.length;
    totals.duplicated += figures.duplicated.length + figures.legRecords.length;
    totals.consultLegs += figures.consultLegs;
    expect(figures.calls).toBeGreaterThanOrEqual(minimumCalls);
    expect(figures.lost).toEqual([]);
    expect(figures.duplicated).toEqual([]);
    // A consult leg never has a record of its own: its customer call's record carries it.
    expect(figures.legRecords).toEqual([]);
    return figures;
}

/** No token issued in this scenario is in the tab's log or in any URL it opened (sockets and fetches). */
function noTokenIn(t: Tab): void {
    const text = t.logs.join('\n');
    expect(t.urls.filter((url) => url.includes('/v2/agent/stream')).length).toBeGreaterThan(0);
    for (const token of issuer.issued) {
        expect(text).not.toContain(token);
        for (const url of t.urls) {
            expect(url).not.toContain(token);
            expect(url).not.toContain(encodeURIComponent(token));
        }
    }
    expect(t.urls.filter((url) => /access_token/.test(url))).toEqual([]);
}

/** The org's saves behind a switch: `down` = every save fails like a network outage (lookups go through the GraphQL wire). */
class LdsWrapper {
    down = false;
    constructor(private readonly target: FakeOrg) {}
    private outage(): Promise<{ id: string }> {
        return Promise.reject(Object.assign(new Error('Failed to fetch'), { status: 0 }));
    }
    /** Saves are applied at once but their answers wait for release() (a slow network after the server acted). */
    holdAnswers = false;
    private readonly waiting: (() => void)[] = [];
    get heldAnswers(): number {
        return this.waiting.length;
    }
    release(): void {
        for (const resume of this.waiting.splice(0)) {
            resume();
        }
    }
    private answerLater<T>(result: Promise<T>): Promise<T> {
        if (!this.holdAnswers) {
            return result;
        }
        const outcome = result.then(
            (value) => ({ ok: true as const, value }),
            (error: Error) => ({ ok: false as const, error })
        );
        return new Promise<void>((resolve) => this.waiting.push(resolve))
            .then(() => outcome)
            .then((settled) => (settled.ok ? settled.value : Promise.reject(settled.error)));
    }
    createRecord = (input: RecordInput): Promise<{ id: string }> => (this.down ? this.outage() : this.answerLater(this.target.createRecord(input)));
    updateRecord = (input: RecordUpdateInput): Promise<{ id: string }> => (this.down ? this.outage() : this.answerLater(this.target.updateRecord(input)));
}

describe('c-diamy-telephony against the Diamy sandbox', () => {
    describe('call control', () => {
        it('inbound answered: answer, mute/unmute, DTMF, hold/resume, hang up → one Answered record', async () => {
            const t = tab();
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            expect((await t.client.answer(call.id)).state).toBe('active');
            await phaseIs(t, call.id, 'connected');
            expect((await t.client.mute(call.id)).muted).toBe(true);
            expect((await t.client.unmute(call.id)).muted).toBe(false);
            expect((await t.client.sendDigits(call.id, '12#')).dtmf).toBe('12#');
            expect((await t.client.hold(call.id)).state).toBe('held');
            await phaseIs(t, call.id, 'on_hold');
            expect((await t.client.resume(call.id)).state).toBe('active');
            await phaseIs(t, call.id, 'connected');
            await control(sandbox, 'POST', '/sandbox/clock', { advance_seconds: 42 });
            const ended = await t.client.end(call.id);
            expect(ended.status).toBe('answered');
            await phaseIs(t, call.id, 'wrap_up');
            await expectNothingLostOrDoubled(1);
            const record = org.calls()[0];
            expect(record?.fields.Outcome__c).toBe('Answered');
            expect(record?.fields.Talk_Seconds__c).toBe(42);
            expect(t.client.state.rejectedTotal).toBe(0);
        });

        it('inbound missed, rejected and voicemail → Missed, Missed, Voicemail', async () => {
            const t = tab();
            await connected(t);
            const missed = await inbound();
            await phaseIs(t, missed.id, 'ringing_in');
            await remote(missed.id, 'abandon');
            await phaseIs(t, missed.id, 'ended');
            const rejected = await inbound(NICOLAS);
            await phaseIs(t, rejected.id, 'ringing_in');
            expect((await t.client.reject(rejected.id)).status).toBe('missed');
            const voicemail = await inbound();
            await phaseIs(t, voicemail.id, 'ringing_in');
            await remote(voicemail.id, 'voicemail');
            await phaseIs(t, voicemail.id, 'ended');
            expect(t.client.state.calls[voicemail.id]?.voicemailId).toMatch(/^vm_/);
            await expectNothingLostOrDoubled(3);
            const outcomes = Object.fromEntries(org.calls().map((r) => [r.fields.Diamy_Call_Id__c, r.fields.Outcome__c]));
            expect(outcomes).toEqual({ [missed.id]: 'Missed', [rejected.id]: 'Missed', [voicemail.id]: 'Voicemail' });
        });

        it('outbound answered, busy and no answer', async () => {
            const t = tab();
            await connected(t);
            const dialing = t.client.dial(SOPHIE, { toName: 'Sophie Bernard' });
            expect(Object.values(t.client.state.calls).some((view) => view.phase === 'dialing')).toBe(true);
            const answered = await dialing;
            await phaseIs(t, answered.id, 'ringing_out');
            expect(Object.values(t.client.state.calls).some((view) => view.phase === 'dialing')).toBe(false);
            await remote(answered.id, 'answer');
            await phaseIs(t, answered.id, 'connected');
            await t.client.end(answered.id);
            const busy = await t.client.dial(NICOLAS);
            await remote(busy.id, 'busy');
            await phaseIs(t, busy.id, 'ended');
            const noAnswer = await t.client.dial(NICOLAS);
            await remote(noAnswer.id, 'no_answer');
            await phaseIs(t, noAnswer.id, 'ended');
            await expectNothingLostOrDoubled(3);
            const outcomes = Object.fromEntries(org.calls().map((r) => [r.fields.Diamy_Call_Id__c, r.fields.Outcome__c]));
            expect(outcomes).toEqual({ [answered.id]: 'Answered', [busy.id]: 'Busy', [noAnswer.id]: 'No_Answer' });
        });

        it('a refused dial leaves no phantom "dialing" call and reports the contract error', async () => {
            const t = tab();
            await connected(t);
            await expect(t.client.dial('0612')).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
            expect(Object.keys(t.client.state.calls)).toEqual([]);
            await expect(t.client.hold('call_doesnotexist')).rejects.toMatchObject({ code: 'not_found', status: 404 });
        });

        it('blind transfer and attended transfer (consult, complete) and a cancelled consultation', async () => {
            let legId = '';
            const t = tab();
            await connected(t);
            const blind = await inbound();
            await phaseIs(t, blind.id, 'ringing_in');
            await t.client.answer(blind.id);
            expect((await t.client.transfer(blind.id, NICOLAS)).transferred).toBe(true);
            await phaseIs(t, blind.id, 'wrap_up');

            const attended = await inbound();
            await phaseIs(t, attended.id, 'ringing_in');
            await t.client.answer(attended.id);
            const { consultCall } = await t.client.consult(attended.id, '204');
            await phaseIs(t, attended.id, 'consulting');
            legId = consultCall.id;
            await remote(consultCall.id, 'answer');
            await phaseIs(t, consultCall.id, 'connected');
            await t.client.completeConsult(attended.id);
            await phaseIs(t, attended.id, 'wrap_up');
            await phaseIs(t, consultCall.id, 'wrap_up');

            const cancelled = await inbound();
            await phaseIs(t, cancelled.id, 'ringing_in');
            await t.client.answer(cancelled.id);
            const consult = await t.client.consult(cancelled.id, NICOLAS);
            await t.client.cancelConsult(cancelled.id);
            await phaseIs(t, consult.consultCall.id, 'ended');
            await phaseIs(t, cancelled.id, 'on_hold');
            await t.client.resume(cancelled.id);
            await t.client.end(cancelled.id);
            const figures = await expectNothingLostOrDoubled(3);
            expect(figures.consultLegs).toBe(2);
            expect(org.calls()).toHaveLength(3);
            const transferred = org.calls().filter((r) => r.fields.Transferred__c === true);
            expect(transferred.map((r) => r.fields.Diamy_Call_Id__c).sort()).toEqual([attended.id, blind.id].sort());
            expect(recordOf(legId)).toBeUndefined();
            // The customer calls carry their consultation: Julien (extension 204) took the transfer; Nicolas never answered.
            expect(recordOf(attended.id)).toMatchObject({ Consulted_Party__c: 'Julien Moreau', Consult_Outcome__c: 'Transferred', Caller_Name__c: expect.any(String) });
            expect(recordOf(attended.id)?.Consult_Seconds__c).toEqual(expect.any(Number));
            expect(recordOf(cancelled.id)).toMatchObject({ Consult_Outcome__c: 'Not_Answered' });
            expect(recordOf(blind.id)?.Consult_Outcome__c).toBeUndefined();
        });

        it('conference: consult, merge, hang up → every leg logged once, Conferenced', async () => {
            const t = tab();
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            await t.client.answer(call.id);
            const { consultCall } = await t.client.consult(call.id, NICOLAS);
            await remote(consultCall.id, 'answer');
            await phaseIs(t, consultCall.id, 'connected');
            const legs = await t.client.merge(call.id);
            expect(legs).toHaveLength(2);
            await phaseIs(t, call.id, 'conferencing');
            await t.client.end(call.id);
            await phaseIs(t, consultCall.id, 'wrap_up');
            const figures = await expectNothingLostOrDoubled(1);
            expect(figures.consultLegs).toBe(1);
            // One record: the customer call, Conferenced, with its consultation merged into the conference.
            expect(org.calls().map((r) => r.fields.Diamy_Call_Id__c)).toEqual([call.id]);
            expect(recordOf(call.id)).toMatchObject({ Conferenced__c: true, Consult_Outcome__c: 'Merged' });
        });

        it('a signed recording link plays without the token, and not once tampered with', async () => {
            const t = tab();
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            await t.client.answer(call.id);
            const ended = await t.client.end(call.id);
            expect(ended.recording_url).toBeTruthy();
            const link = await t.client.recordingLink(call.id);
            expect(link.url.startsWith(`${ended.recording_url ?? ''}?expires=`)).toBe(true);
            expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(200_000);
            const played = await fetch(link.url);
            expect(played.status).toBe(200);
            expect(played.headers.get('content-type')).toBe('audio/wav');
            // One character of the signature changed (always to another one: a signature may start with 0).
            const tampered = await fetch(link.url.replace(/signature=(.)/, (_whole, first: string) => `signature=${first === '0' ? '1' : '0'}`));
            expect(tampered.status).toBe(403);
            await expectNothingLostOrDoubled(1);
        });

        it('an internal call to a colleague’s extension: one Internal record naming the colleague, the colleague’s leg naming the agent', async () => {
            const t = tab();
            await connected(t);
            const leg = await t.client.dial({ toExtension: '202' });
            expect(leg.direction).toBe('internal');
            await phaseIs(t, leg.id, 'ringing_out');
            await remote(leg.id, 'answer');
            await phaseIs(t, leg.id, 'connected');
            await t.client.end(leg.id);
            await phaseIs(t, leg.id, 'wrap_up');
            await expectNothingLostOrDoubled(1);
            expect(recordOf(leg.id)).toMatchObject({ Direction__c: 'Internal', Outcome__c: 'Answered', Agent__c: CAMILLE.sf, Caller_Name__c: 'Hugo Lefèvre', To_Number_E164__c: '+33189000202' });
            // Hugo's leg is his own call (his softphone or Diamy's server logs it): its record names Camille.
            const hisLeg = (await control<{ calls: Call[] }>(sandbox, 'GET', '/sandbox/state')).calls.find((call) => call.id === leg.peer_call_id);
            expect(hisLeg).toMatchObject({ agent_id: HUGO.id, direction: 'internal', from: { name: 'Camille Martin' } });
        });

        it('presence, colleagues, recent calls and call details', async () => {
            const t = tab();
            await connected(t);
            await t.client.setPresence('away');
            const colleagues = await t.client.colleagues();
            // The agent is not listed among their own colleagues; the others see the new presence.
            expect(colleagues.some((c) => c.id === CAMILLE.id)).toBe(false);
            expect(colleagues.length).toBeGreaterThan(0);
            const state = await control<{ users: { id: string; presence: { status: string } }[] }>(sandbox, 'GET', '/sandbox/state');
            expect(state.users.find((u) => u.id === CAMILLE.id)?.presence.status).toBe('away');
            expect(colleagues.find((c) => c.id === 'usr_antoine.girard')?.presence).toBe('do_not_disturb');
            expect((await t.client.colleagues('Julien')).map((c) => c.extension)).toEqual(['204']);
            await control(sandbox, 'POST', '/sandbox/users/usr_julien.moreau/presence', { status: 'busy' });
            await waitFor(() => t.client.state.colleagues['usr_julien.moreau'] === 'busy', 'the presence event');
            const call = await inbound();
            await remote(call.id, 'abandon');
            await phaseIs(t, call.id, 'ended');
            const recent = await t.client.recentCalls({ limit: 5, direction: 'inbound' });
            expect(recent.map((c) => c.id)).toEqual([call.id]);
            expect((await t.client.callDetails(call.id)).status).toBe('missed');
            await expectNothingLostOrDoubled(1);
        });
    });

    describe('faults', () => {
        it('WebSocket drop mid-call: reconnects with backoff, replays what it missed, logs every call once', async () => {
            const t = tab();
            const states: ConnectionState[] = [];
            t.client.on('connection', (state) => states.push(state));
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            await t.client.answer(call.id);
            await control(sandbox, 'POST', `/sandbox/agents/${CAMILLE.id}/drop`, { mode: 'terminate' });
            // While the agent is disconnected: the caller hangs up, and another call rings and is missed.
            await remote(call.id, 'hangup');
            const missed = await inbound(NICOLAS);
            await remote(missed.id, 'abandon');
            await waitFor(() => states.includes('reconnecting'), 'the client to notice the drop');
            await connected(t);
            await phaseIs(t, call.id, 'wrap_up');
            await phaseIs(t, missed.id, 'ended');
            expect(states).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
            // The connection is usable again: a new call flows.
            const after = await inbound();
            await phaseIs(t, after.id, 'ringing_in');
            await t.client.reject(after.id);
            await control(sandbox, 'POST', `/sandbox/agents/${CAMILLE.id}/drop`, { mode: 'close' });
            await waitFor(() => t.client.stats.connects >= 3, 'a second reconnect');
            await connected(t);
            expect(t.client.stats.resyncs).toBeGreaterThanOrEqual(2);
            await expectNothingLostOrDoubled(3);
            noTokenIn(t);
        });

        it('token expiry mid-call: 4001 → new token, reconnect; a 401 command is retried once with a new token', async () => {
            const t = tab();
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            await t.client.answer(call.id);
            const before = issuer.issued.length;
            await control(sandbox, 'POST', '/sandbox/tokens/expire', { agent_id: CAMILLE.id });
            await waitFor(() => issuer.issued.length > before && t.client.connection === 'connected', 'a new token and a new socket');
            await remote(call.id, 'hangup');
            await phaseIs(t, call.id, 'wrap_up');
            // Expire again and act at once: the command gets 401, the client refreshes and retries once.
            const second = await inbound();
            await phaseIs(t, second.id, 'ringing_in');
            await control(sandbox, 'POST', '/sandbox/tokens/expire', { agent_id: CAMILLE.id });
            const refreshed = issuer.issued.length;
            expect((await t.client.answer(second.id)).state).toBe('active');
            expect(issuer.issued.length).toBeGreaterThan(refreshed);
            await t.client.end(second.id);
            await connected(t);
            await expectNothingLostOrDoubled(2);
            noTokenIn(t);
            expect(t.logs.join('\n')).toMatch(/closed \(4001\)/);
        });

        it('lost command answers: the retry carries the same Idempotency-Key and Diamy acts once', async () => {
            const t = tab();
            await connected(t);
            const call = await inbound();
            await phaseIs(t, call.id, 'ringing_in');
            await control(sandbox, 'PUT', '/sandbox/faults', { operation: 'answerCall', fail_next: 1, status: 503, mode: 'apply_then_fail' });
            expect((await t.client.answer(call.id)).state).toBe('active');
            await control(sandbox, 'PUT', '/sandbox/faults', { operation: 'sendDtmf', fail_next: 2, status: 504, mode: 'apply_then_fail' });
            expect((await t.client.sendDigits(call.id, '5')).dtmf).toBe('5');
            await control(sandbox, 'PUT', '/sandbox/faults', { operation: 'hangupCall', fail_next: 5, status: 503, mode: 'reject' });
            await expect(t.client.end(call.id)).rejects.toMatchObject({ code: 'unavailable', status: 503 });
            await control(sandbox, 'DELETE', '/sandbox/faults');
            await t.client.end(call.id);
            expect((await t.client.callDetails(call.id)).dtmf).toBe('5');
            await expectNothingLostOrDoubled(1);
        });

        it('save failure then recovery: the org refuses saves, the calls stay queued and are saved once later', async () => {
            const lds = new LdsWrapper(org);
            lds.down = true;
            const t = tab(lds);
            await connected(t);
            const ids: string[] = [];
            for (const from of [SOPHIE, NICOLAS, SOPHIE]) {
                const call = await inbound(from);
                await phaseIs(t, call.id, 'ringing_in');
                await remote(call.id, 'abandon');
                await phaseIs(t, call.id, 'ended');
                ids.push(call.id);
            }
            await waitFor(() => (t.logger()?.status.state ?? 'idle') === 'retrying', 'the logger to retry');
            expect((await reconcile(sandbox, org)).lost.sort()).toEqual([...ids].sort());
            lds.down = false;
            await expectNothingLostOrDoubled(3);
            await waitFor(() => t.logger()?.status.pending === 0, 'the queue to drain');
        });

        it('reload with queued logs: a new page over the same storage saves them once', async () => {
            const lds = new LdsWrapper(org);
            lds.down = true;
            const first = tab(lds);
            await connected(first);
            const call = await inbound();
            await phaseIs(first, call.id, 'ringing_in');
            await first.client.answer(call.id);
            await first.client.end(call.id);
            const missed = await inbound(NICOLAS);
            await remote(missed.id, 'abandon');
            await phaseIs(first, missed.id, 'ended');
            await waitFor(() => first.logger()?.pendingCallIds().length === 2, 'two queued calls');
            first.close();
            lds.down = false;
            expect(org.calls()).toHaveLength(0);
            // The reloaded page: new client, new logger, same localStorage.
            const second = tab(lds);
            await connected(second);
            await expectNothingLostOrDoubled(2);
            expect(second.session.logged).toEqual([]);
        });

        it('values Diamy adds later: an unknown end_reason or status and a relative recording URL still end and log the call', async () => {
            const t = tab();
            await connected(t);
            const answered = await inbound();
            await phaseIs(t, answered.id, 'ringing_in');
            await control(sandbox, 'POST', `/sandbox/calls/${answered.id}/off-contract`, { end_reason: 'carrier_congestion', recording_url: '/recordings/rec_1.wav' });
            await t.client.answer(answered.id);
            await phaseIs(t, answered.id, 'connected');
            await remote(answered.id, 'hangup');
            await phaseIs(t, answered.id, 'wrap_up');
            const missed = await inbound(NICOLAS);
            await phaseIs(t, missed.id, 'ringing_in');
            await control(sandbox, 'POST', `/sandbox/calls/${missed.id}/off-contract`, { status: 'cancelled_by_carrier' });
            await remote(missed.id, 'abandon');
            await phaseIs(t, missed.id, 'ended');
            await expectNothingLostOrDoubled(2);
            expect(recordOf(answered.id)).toMatchObject({ Outcome__c: 'Answered' });
            expect(recordOf(answered.id)?.Recording_URL__c ?? null).toBeNull();
            expect(recordOf(missed.id)).toMatchObject({ Outcome__c: 'Failed' });
            // The relative recording URL was dropped, and said so once — without the value.
            await waitFor(() => org.logs().length === 1, 'one warning for the dropped field');
            expect(org.logs()[0]?.fields.Severity__c).toBe('Warning');
            expect(JSON.stringify(org.logs()[0]?.fields)).not.toContain('/recordings/rec_1.wav');
            expect(t.client.state.rejectedTotal).toBe(0);
            await wrapUp(t, answered.id, 'Resolved', 'Rappel demandé');
            await waitFor(() => recordOf(answered.id)?.Notes__c === 'Rappel demandé', 'the wrap-up on the record');
        });

        it('stopped logger: a tab stopped while its save is in flight writes nothing afterwards; the next tab saves the call once', async () => {
            const lds = new LdsWrapper(org);
            lds.holdAnswers = true;
            const first = tab(lds);
            await connected(first);
            const call = await inbound();
            await remote(call.id, 'abandon');
            await phaseIs(first, call.id, 'ended');
            await waitFor(() => lds.heldAnswers === 1, 'the save to be in flight');
            first.close();
            lds.holdAnswers = false;
            const second = tab(lds);
            await connected(second);
            await expectNothingLostOrDoubled(1);
            await waitFor(() => second.logger()?.status.pending === 0, 'the second tab to settle');
            const before = { writes: browser.storage.writes.length, queue: browser.storage.getItem(storageKeyFor('00D000000000001AAA', CAMILLE.sf)) };
            // The first tab's answer arrives after it stopped: nothing may change in the shared storage or the org.
            lds.release();
            // Real time on purpose: the late answer and anything a stopped logger would schedule after it.
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            await new Promise((resolve) => setTimeout(resolve, 100));
            expect(browser.storage.writes.length).toBe(before.writes);
            expect(browser.storage.getItem(storageKeyFor('00D000000000001AAA', CAMILLE.sf))).toBe(before.queue);
            expect(org.callStats(call.id).createAttempts).toBe(2);
            expect(org.callStats(call.id).duplicates).toBe(1);
            await expect(first.logger()?.logCall({ diamyCallId: 'call_after_stop' } as never)).rejects.toBeDefined();
        });

        it('two users in one browser: the next user never reads nor saves the previous one\'s queued call; she saves it when she is back', async () => {
            const lds = new LdsWrapper(org);
            lds.down = true;
            const camille = tab(lds);
            await connected(camille);
            const hers = await inbound(SOPHIE, CAMILLE);
            await remote(hers.id, 'abandon');
            await phaseIs(camille, hers.id, 'ended');
            await waitFor(() => camille.logger()?.pendingCallIds().length === 1, 'her call queued');
            camille.close();
            // Hugo logs in on the same browser: same storage, same org, his own session and token.
            lds.down = false;
            org.runningUserId = HUGO.sf;
            browser.storage.reads.length = 0;
            const hugo = tab(lds, HUGO, new TokenIssuer(sandbox, HUGO.sf));
            await connected(hugo);
            const his = await inbound(NICOLAS, HUGO);
            await remote(his.id, 'abandon');
            await phaseIs(hugo, his.id, 'ended');
            expect((await settleLogs(sandbox, org, 4000, HUGO.id)).lost).toEqual([]);
            expect(recordOf(hers.id)).toBeUndefined();
            expect(org.callStats(hers.id).createAttempts).toBe(0);
            const herKey = storageKeyFor('00D000000000001AAA', CAMILLE.sf);
            expect(browser.storage.reads.filter((key) => key === herKey)).toEqual([]);
            expect(browser.storage.getItem(herKey)).toContain(hers.id);
            hugo.close();
            // Camille is back: her call is saved, once, as hers.
            org.runningUserId = CAMILLE.sf;
            const back = tab(lds);
            await connected(back);
            await expectNothingLostOrDoubled(1);
            expect(recordOf(hers.id)).toMatchObject({ Agent__c: CAMILLE.sf });
            expect(recordOf(his.id)).toMatchObject({ Agent__c: HUGO.sf });
        });

        it('reload during wrap-up: the typed notes survive the reload and reach the call record once', async () => {
            const first = tab();
            await connected(first);
            const call = await inbound();
            await phaseIs(first, call.id, 'ringing_in');
            await first.client.answer(call.id);
            await first.client.end(call.id);
            await phaseIs(first, call.id, 'wrap_up');
            await expectNothingLostOrDoubled(1);
            // The agent types in the wrap-up panel (kept as the softphone keeps it), then reloads before saving.
            const typing = new WrapUpDrafts({ storage: browser.storage, orgId: ORG_ID, userId: CAMILLE.sf });
            typing.save({
                callId: call.id,
                name: 'Sophie Bernard',
                number: SOPHIE,
                disposition: 'Resolved',
                notes: 'Devis envoyé, rappeler lundi',
                callbackAt: '',
                followUpOn: false,
                followUpSubject: '',
                followUpDueDate: '',
                followUpAssigneeId: ''
            });
            first.close();
            const second = tab();
            await connected(second);
            const restored = new WrapUpDrafts({ storage: browser.storage, orgId: ORG_ID, userId: CAMILLE.sf }).latest();
            expect(restored).toMatchObject({ callId: call.id, disposition: 'Resolved', notes: 'Devis envoyé, rappeler lundi' });
            await wrapUp(second, call.id, restored?.disposition ?? '', restored?.notes ?? '');
            new WrapUpDrafts({ storage: browser.storage, orgId: ORG_ID, userId: CAMILLE.sf }).clear(call.id);
            await waitFor(() => recordOf(call.id)?.Notes__c === 'Devis envoyé, rappeler lundi', 'the notes on the record');
            expect(recordOf(call.id)).toMatchObject({ Disposition__c: 'Resolved' });
            expect(org.callStats(call.id)).toMatchObject({ createAttempts: 1, wrapUpsApplied: 1 });
            expect(new WrapUpDrafts({ storage: browser.storage, orgId: ORG_ID, userId: CAMILLE.sf }).latest()).toBeNull();
        });

        it('a wrap-up with a callback and a follow-up request: its answer lost, retried, saved again after a reload — the request reaches the record once', async () => {
            const first = tab();
            await connected(first);
            const call = await inbound();
            await phaseIs(first, call.id, 'ringing_in');
            await first.client.answer(call.id);
            await first.client.end(call.id);
            await phaseIs(first, call.id, 'wrap_up');
            await expectNothingLostOrDoubled(1);
            const wrapUpWithRequest = {
                disposition: 'Callback_Requested',
                notes: 'Rappeler pour le devis',
                callbackAt: '2026-12-01T08:30:00.000Z',
                followUp: { subject: 'Préparer le devis', dueDate: '2026-11-30', assigneeId: HUGO.sf }
            };
            // The update is applied but its answer never arrives: the logger retries with the same values.
            org.failNext('lost-answer');
            totals.requestsExpected += 1;
            totals.wrapUpsExpected += 1;
            await first.session.logWrapUp(call.id, wrapUpWithRequest);
            expect(phase(first, call.id)).toBe('ended');
            await waitFor(() => (first.logger()?.pendingCallIds().length ?? 1) === 0, 'the retried wrap-up to be written');
            // The agent reloads and a draft brings the same wrap-up back; she saves it again.
            first.close();
            const second = tab();
            await connected(second);
            await second.session.logWrapUp(call.id, wrapUpWithRequest);
            await waitFor(() => (second.logger()?.pendingCallIds().length ?? 1) === 0, 'the second save to be written');
            expect(recordOf(call.id)).toMatchObject({
                Disposition__c: 'Callback_Requested',
                Callback_At__c: '2026-12-01T08:30:00.000Z',
                Follow_Up_Request_Subject__c: 'Préparer le devis',
                Follow_Up_Request_Due_Date__c: '2026-11-30',
                Follow_Up_Request_Assignee__c: HUGO.sf
            });
            // One change of the request: the flow runs once in the org, one Task (automation/scenarios/requests.ts).
            expect(org.callStats(call.id)).toMatchObject({ createAttempts: 1, wrapUpsApplied: 1, followUpRequestsApplied: 1 });
            expect(org.updateCalls).toBeGreaterThanOrEqual(3);
        });

        it('tab closed mid-call: the call ends while no tab is open and is logged once at the next start', async () => {
            const first = tab();
            await connected(first);
            await first.session.reconciled();
            const call = await inbound();
            await phaseIs(first, call.id, 'ringing_in');
            await first.client.answer(call.id);
            await phaseIs(first, call.id, 'connected');
            first.close();
            await control(sandbox, 'POST', '/sandbox/clock', { advance_seconds: 65 });
            await remote(call.id, 'hangup');
            expect(recordOf(call.id)).toBeUndefined();
            const later = tab();
            await connected(later);
            await later.session.reconciled();
            await expectNothingLostOrDoubled(1);
            expect(recordOf(call.id)).toMatchObject({ Outcome__c: 'Answered', Talk_Seconds__c: 65 });
            await wrapUp(later, call.id, 'Resolved', 'Appel coupé, client rappelé');
            await waitFor(() => recordOf(call.id)?.Notes__c === 'Appel coupé, client rappelé', 'the wrap-up on the record');
            later.close();
            const again = tab();
            await connected(again);
            await again.session.reconciled();
            expect(org.callStats(call.id).createAttempts).toBe(1);
        });

        it('two browsers of one agent: both log the call, the org keeps one record, and the wrap-up typed on the other browser finds it through GraphQL', async () => {
            const laptop = tab();
            await connected(laptop);
            const desktopBrowser = newBrowser();
            const desktop = openTab(sandbox, org, desktopBrowser, issuer);
            opened.push(desktop);
            await connected(desktop);
            // The platform's duplicate answer names the record; here it does not, so the desktop must look it up.
            org.hideDuplicateIds = true;
            const call = await inbound();
            await phaseIs(laptop, call.id, 'ringing_in');
            await laptop.client.answer(call.id);
            await laptop.client.end(call.id);
            await phaseIs(desktop, call.id, 'wrap_up');
            await expectNothingLostOrDoubled(1);
            await waitFor(() => org.callStats(call.id).createAttempts === 2, 'both browsers to save');
            await waitFor(() => laptop.saves.duplicates + desktop.saves.duplicates === 1, 'one browser to get the duplicate answer');
            // Which browser saved first is a race: the wrap-up is typed on the one whose save was answered DUPLICATE_VALUE.
            const other = desktop.saves.duplicates === 1 ? desktop : laptop;
            const queries = statefulGraphql.queryCount;
            await wrapUp(other, call.id, 'Callback_Requested', 'Rappeler à 14 h');
            await waitFor(() => recordOf(call.id)?.Notes__c === 'Rappeler à 14 h', 'the wrap-up on the one record');
            expect(statefulGraphql.queryCount).toBeGreaterThan(queries);
            expect(org.callStats(call.id)).toMatchObject({ createAttempts: 2, duplicates: 1, wrapUpsApplied: 1 });
            expect(laptop.saves.duplicates + desktop.saves.duplicates).toBe(1);
        });

        it('two tabs: one leads and logs, the other mirrors, then takes over mid-call when the leader closes', async () => {
            const lds = new LdsWrapper(org);
            const leader = tab(lds);
            const follower = tab(lds);
            await connected(leader);
            expect(follower.session.isLeader).toBe(false);
            expect(follower.client.stats.connects).toBe(0);
            const first = await inbound();
            await phaseIs(leader, first.id, 'ringing_in');
            await leader.client.answer(first.id);
            await waitFor(() => follower.session.mirrored?.calls.some((c) => c.id === first.id && c.phase === 'connected') ?? false, 'the follower to mirror the call');
            await leader.client.end(first.id);
            // The next call ends while the org is unreachable: queued in the shared storage.
            lds.down = true;
            const queued = await inbound(NICOLAS);
            await remote(queued.id, 'abandon');
            await phaseIs(leader, queued.id, 'ended');
            const live = await inbound();
            await phaseIs(leader, live.id, 'ringing_in');
            await leader.client.answer(live.id);
            await waitFor(() => follower.session.mirrored?.calls.some((c) => c.id === live.id) ?? false, 'the follower to mirror the live call');
            // The leader tab closes mid-call; the caller hangs up before the follower is connected.
            leader.close();
            await remote(live.id, 'hangup');
            lds.down = false;
            await waitFor(() => follower.session.isLeader, 'the follower to take over');
            await connected(follower);
            await phaseIs(follower, live.id, 'wrap_up');
            const figures = await expectNothingLostOrDoubled(3);
            expect(figures.calls).toBe(3);
            expect(leader.session.logged).toContain(first.id);
            expect(follower.session.logged).toContain(live.id);
            // Wrap-ups after the handover: one for the call the closed tab saved (its record id is found again),
            // one for the call this tab saved; each reaches its own record.
            await wrapUp(follower, first.id, 'Resolved', 'Vu avec le client');
            await wrapUp(follower, live.id, 'Callback_Requested', 'Rappeler demain');
            await waitFor(() => recordOf(first.id)?.Notes__c === 'Vu avec le client' && recordOf(live.id)?.Notes__c === 'Rappeler demain', 'both wrap-ups on their records');
            expect(recordOf(queued.id)?.Notes__c ?? null).toBeNull();
            expect(org.callStats(first.id).wrapUpsApplied).toBe(1);
            expect(org.callStats(live.id).wrapUpsApplied).toBe(1);
        });
    });
});
