// Test helpers: a stand-in of Salesforce's APIs on a free port, a client with its own checkpoint file, a shared
// clock. Everything goes over real sockets through jsforce; only the org behind the endpoints is simulated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClient, loadStandIn } from '../index.mjs';

export const HUMAN = '005000000000001AAA';

export function clock(start = '2026-12-01T10:00:30.000Z') {
    let time = Date.parse(start);
    return { now: () => time, advance: (ms) => (time += ms) };
}

export async function setup({ standIn = {}, client = {}, time = clock() } = {}) {
    const { startStandIn, INTEGRATION_USER, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN } = await loadStandIn();
    const { SyncClient } = await loadClient();
    const stand = await startStandIn({ now: time.now, ...standIn });
    const dir = mkdtempSync(join(tmpdir(), 'diamy-sync-'));
    const options = {
        instanceUrl: stand.url,
        loginUrl: stand.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
        integrationUserId: INTEGRATION_USER,
        checkpointFile: join(dir, 'checkpoint.json'),
        strategy: 'link',
        now: time.now,
        backoff: { baseMs: 5, maxMs: 40, attempts: 5 },
        bulkPollMs: 5,
        ...client
    };
    const make = (extra = {}) => new SyncClient({ ...options, ...extra });
    return { stand, org: stand.org, time, client: make(), make, options, INTEGRATION_USER };
}

export function contacts(count, make = (i) => ({})) {
    return Array.from({ length: count }, (_, i) => ({
        id: `dmy_${String(i).padStart(6, '0')}`,
        firstName: `Prénom${i}`,
        lastName: `Nom${i}`,
        email: `contact${i}@exemple.fr`,
        phone: `+33 1 ${String(40000000 + i).replace(/(\d\d)(?=\d)/g, '$1 ')}`,
        ...make(i)
    }));
}

/** The integration log's entries about records (the per-run Info entries left out: see runs). */
export function logs(org) {
    return org
        .all('Diamy_Integration_Log__c')
        .map((record) => record.fields)
        .filter((fields) => fields.Severity__c !== 'Info');
}

/** The Info entries written at the end of each run, oldest first. */
export function runs(org) {
    return org
        .all('Diamy_Integration_Log__c')
        .map((record) => record.fields)
        .filter((fields) => fields.Severity__c === 'Info');
}
