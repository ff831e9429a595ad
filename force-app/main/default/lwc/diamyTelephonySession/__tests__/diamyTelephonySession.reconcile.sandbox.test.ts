/**
 * @jest-environment ./test/jest-environment-sandbox.js
 */
// Reconcile against the REAL Diamy sandbox (GET /v2/calls/recent over HTTP): a call that ends while no tab of
// the browser is open is logged once at the next start, a further start creates nothing, and a second browser
// that reconciles the same call gets DUPLICATE_VALUE from the org (counted, harmless).
import WebSocket from 'ws';
import { DiamyTelephony } from 'c/diamyTelephony';
import type { SocketLike } from 'c/diamyTelephony';
import { CallLogger } from 'c/diamyCallLog';
import { TabLeader } from 'c/diamyTabLeader';
import { TelephonySession, lastSeenStore } from 'c/diamyTelephonySession';
import { countDuplicates } from 'c/diamySoftphoneWiring';
import type { SaveCounts } from 'c/diamySoftphoneWiring';
import type { Call } from 'c/diamyCallState';
import { FakeOrg } from 'diamy-test/diamyFakeOrg';
import { CAMILLE, SOPHIE, TokenIssuer, control, newBrowser, spawnSandbox, waitFor } from 'diamy-test/diamySandboxHarness';
import type { Browser, Sandbox } from 'diamy-test/diamySandboxHarness';

jest.setTimeout(20000);

const ORG_ID = '00D000000000001AAA';
let sandbox: Sandbox;
let org: FakeOrg;
let issuer: TokenIssuer;
let tabCounter = 0;

beforeAll(async () => {
    sandbox = await spawnSandbox();
});

afterAll(async () => {
    await sandbox.close();
});

beforeEach(async () => {
    await control(sandbox, 'POST', '/sandbox/reset');
    await control(sandbox, 'PUT', '/sandbox/config', { ring_timeout_ms: 0, heartbeat_interval_ms: 60000 });
    org = new FakeOrg();
    issuer = new TokenIssuer(sandbox);
});

interface Page {
    client: DiamyTelephony;
    session: TelephonySession;
    close(): void;
}

/** A softphone page as createSoftphone builds it, with the harness's in-memory browser APIs. */
async function openPage(browser: Browser, saves: SaveCounts): Promise<Page> {
    tabCounter += 1;
    const clientOptions = {
        baseUrl: sandbox.url,
        wsUrl: sandbox.wsUrl,
        tokenSupplier: issuer.supplier,
        fetch: (url: string, init?: RequestInit) => fetch(url, init),
        socketFactory: (url: string) => new WebSocket(url) as unknown as SocketLike,
        reconnectBaseMs: 20,
        reconnectMaxMs: 200,
        // The sandbox speaks plain HTTP/WebSocket on 127.0.0.1: the client on main (identity branch) refuses that
        // unless told; this branch's client has no such option and ignores it.
        allowInsecureLoopback: true
    };
    const client = new DiamyTelephony(clientOptions);
    const session = new TelephonySession({
        provider: client,
        leader: new TabLeader({ tabId: `reconcile-${tabCounter}`, locks: browser.locks, channel: browser.bus.channel() }),
        agentUserId: CAMILLE.sf,
        createLogger: () => new CallLogger({ lds: countDuplicates(org, saves), storage: browser.storage, baseDelayMs: 20, maxDelayMs: 200 }),
        reconcile: { recentCalls: (query) => client.recentCalls(query), store: lastSeenStore(browser.storage, ORG_ID, CAMILLE.sf) }
    });
    session.start();
    await waitFor(() => client.connection === 'connected' && session.lastReconcile !== null, 'the leader to connect and reconcile');
    await session.reconciled();
    return { client, session, close: () => session.stop() };
}

async function callEndedWhileNoTabIsOpen(): Promise<Call> {
    const call = (await control<{ call: Call }>(sandbox, 'POST', '/sandbox/calls/inbound', { from: SOPHIE, agent_id: CAMILLE.id })).call;
    await control(sandbox, 'POST', `/sandbox/calls/${call.id}/remote`, { action: 'abandon' });
    return call;
}

function inOrg(callId: string): number {
    return org.calls().filter((record) => record.fields.Diamy_Call_Id__c === callId).length;
}

describe('reconcile on start, against the sandbox', () => {
    it('a call that ended while no tab was open is logged once at the next start; the start after creates nothing', async () => {
        const browser = newBrowser();
        const saves: SaveCounts = { duplicates: 0, duplicateCallIds: [] };
        const first = await openPage(browser, saves);
        expect(first.session.lastReconcile?.since).toBeNull();
        first.close();

        const missed = await callEndedWhileNoTabIsOpen();
        expect(inOrg(missed.id)).toBe(0);

        const second = await openPage(browser, saves);
        expect(second.session.lastReconcile?.handed).toEqual([missed.id]);
        await waitFor(() => inOrg(missed.id) === 1, 'the missed call in the org');
        second.close();

        const creates = org.createCalls;
        const third = await openPage(browser, saves);
        expect(third.session.lastReconcile?.handed).toEqual([]);
        third.close();
        expect(org.createCalls).toBe(creates);
        expect(inOrg(missed.id)).toBe(1);
        expect(org.duplicates()).toEqual([]);
        expect(saves.duplicates).toBe(0);
    });

    it('another browser of the same agent reconciling the same call: DUPLICATE_VALUE, counted, still one record', async () => {
        const saves: SaveCounts = { duplicates: 0, duplicateCallIds: [] };
        const laptop = newBrowser();
        (await openPage(laptop, saves)).close();
        const desktop = newBrowser();
        // The desktop was last open at the same moment as the laptop.
        desktop.storage.setItem(`diamy.lastSeenAt.${ORG_ID.slice(0, 15)}.${CAMILLE.sf.slice(0, 15)}`, laptop.storage.getItem(`diamy.lastSeenAt.${ORG_ID.slice(0, 15)}.${CAMILLE.sf.slice(0, 15)}`) ?? '');
        const missed = await callEndedWhileNoTabIsOpen();

        const onLaptop = await openPage(laptop, saves);
        await waitFor(() => inOrg(missed.id) === 1, 'the call saved from the laptop');
        onLaptop.close();
        const onDesktop = await openPage(desktop, saves);
        expect(onDesktop.session.lastReconcile?.handed).toEqual([missed.id]);
        await waitFor(() => saves.duplicates === 1, 'the org to answer DUPLICATE_VALUE');
        onDesktop.close();
        expect(saves.duplicateCallIds).toEqual([missed.id]);
        expect(inOrg(missed.id)).toBe(1);
        expect(org.logs()).toEqual([]);
    });
});
