// npm run sync — the reference sync client playing Diamy's server against the local Salesforce stand-in:
// initial load (Bulk API 2.0), people editing records in the org, the pull (without the integration's own writes),
// a push with a duplicate, and the API calls of each phase. Options:
//   --contacts N      size of the initial load (default 1000, at most 50000)
//   --strategy S      link | create | skip (default link): what Diamy's console says to do with a duplicate
//   --serve           keep the stand-in listening afterwards (Ctrl+C stops it), e.g. to look at it with curl
//   --port P          stand-in port (default 0: a free one)
// The stand-in proves the client and the contract, not Salesforce (docs/SYNC.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandIn, INTEGRATION_USER, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN } from './standin/server.ts';
import { SyncClient, diamyClientCredentials, diamyEraser, pollingBudget } from './client/client.ts';
import { startSandbox } from '../sandbox/server.ts';
import type { ClientOptions, DiamyContact, DuplicateStrategy } from './client/client.ts';

const HUMAN = '005000000000001AAA';

function flag(name: string): string | undefined {
    const index = process.argv.indexOf(name);
    return index > 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
    const count = Math.min(50_000, Math.max(1, Number(flag('--contacts') ?? 1000) || 1000));
    const strategy = (flag('--strategy') ?? 'link') as DuplicateStrategy;
    if (!['link', 'create', 'skip'].includes(strategy)) throw new Error('--strategy must be link, create or skip');
    let time = Date.now();
    const now = (): number => time;
    const stand = await startStandIn({ port: Number(flag('--port') ?? 0), now, phoneKeys: 'module' });
    console.log(`Salesforce stand-in on ${stand.url} (a test double of the REST and Bulk API 2.0 endpoints, not Salesforce)`);
    const options: ClientOptions = {
        instanceUrl: stand.url,
        loginUrl: stand.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
        integrationUserId: INTEGRATION_USER,
        checkpointFile: join(mkdtempSync(join(tmpdir(), 'diamy-sync-')), 'checkpoint.json'),
        strategy,
        now,
        bulkPollMs: 50
    };
    const client = new SyncClient(options);
    const existing = stand.org.saveAsUser(
        'Contact',
        { FirstName: 'Claire', LastName: 'Moreau', Email: 'claire.moreau@exemple.fr' },
        HUMAN
    );
    const diamy: DiamyContact[] = Array.from({ length: count }, (_, i) => ({
        id: `dmy_${i}`,
        firstName: `Prénom${i}`,
        lastName: `Nom${i}`,
        email: i === 0 ? 'claire.moreau@exemple.fr' : `contact${i}@exemple.fr`,
        phone: `+33 1 ${String(40000000 + i).replace(/(\d\d)(?=\d)/g, '$1 ')}`
    }));
    const started = performance.now();
    const load = await client.initialLoad('Contact', diamy, 'cli-load');
    console.log(
        `initial load: ${count} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s —`,
        JSON.stringify({ ...load, logs: load.logs.length })
    );

    time += 60_000;
    const [first, second] = stand.org.all('Contact').filter((record) => record.Id !== existing.id);
    if (first) stand.org.saveAsUser('Contact', { Title: 'Directrice' }, HUMAN, first.Id);
    if (second) stand.org.deleteAsUser(second.Id);
    time += 120_000;
    const pulled = await client.pull('Contact', ['FirstName', 'LastName', 'Email', 'Phone', 'Title', 'Diamy_Contact_Id__c']);
    console.log(
        `pull: ${pulled.changes.length} changed by people, ${pulled.deleted.length} deleted (the load itself is not pulled back)`
    );

    const push = await client.push(
        'Contact',
        [{ id: 'dmy_new', lastName: 'Moreau', firstName: 'Claire', email: 'claire.moreau@exemple.fr' }],
        'cli-push'
    );
    console.log(`push with a duplicate (strategy ${strategy}):`, JSON.stringify({ ...push, logs: push.logs.length }));
    await showErasure(stand.org, options, () => (time += 120_000));
    console.log(`API calls: ${stand.apiCalls()} —`, JSON.stringify(stand.callsByPhase()));
    const budget = pollingBudget(5, 2, 2_000, 50);
    console.log(
        `polling every 5 min (Contact + Lead): ${budget.callsPerDay} calls/day of ${budget.dailyApiRequests} (Enterprise, 50 licences)`
    );
    if (process.argv.includes('--serve')) {
        console.log('stand-in kept running; Ctrl+C stops it');
        process.on('SIGINT', () => void stand.close().then(() => process.exit(0)));
        return;
    }
    await stand.close();
}

/** Erasure on request (issue 15): the org stamps a person, the pull reads it, a local Diamy sandbox erases it. */
async function showErasure(
    org: Awaited<ReturnType<typeof startStandIn>>['org'],
    options: ClientOptions,
    advance: () => void
): Promise<void> {
    const diamy = await startSandbox({ port: 0 });
    const token = (): Promise<string> =>
        diamyClientCredentials({
            baseUrl: diamy.url,
            clientId: 'sandbox-client',
            clientSecret: 'sandbox-secret',
            scope: 'erasures:write'
        });
    const person = org.saveAsUser(
        'Contact',
        { LastName: 'Bernard', Phone: '06 12 34 56 78', Diamy_Contact_Id__c: 'dmy_erased' },
        HUMAN
    );
    // A call the softphone logged under her HomePhone: the request names it by id (this sandbox never saw it, so
    // Diamy counts it as unknown, as it would a call it purged).
    org.saveAsUser('Diamy_Call__c', { Diamy_Call_Id__c: 'call_demo_homephone', Contact__c: person.id }, HUMAN);
    advance();
    org.eraseAsFlow(person.id ?? '', HUMAN);
    advance();
    const erasing = new SyncClient({ ...options, eraseAtDiamy: diamyEraser({ baseUrl: diamy.url, token }) });
    const { changes } = await erasing.pull('Contact', ['LastName']);
    const { forget, failed } = await erasing.applyErasures('Contact', changes);
    console.log(
        `erasure: ${forget.length} person erased at Diamy (sandbox ${diamy.url}) and forgotten, ${failed} failed:`,
        JSON.stringify(forget)
    );
    // The entry names the person in its payload (not Related_Record_Id__c, which a later erasure would blank).
    const entry = org
        .all('Diamy_Integration_Log__c')
        .find((log) => typeof log.fields.Payload__c === 'string' && log.fields.Payload__c.includes(`"${person.id ?? ''}"`));
    console.log(`erasure log entry (counts, no personal data): ${String(entry?.fields.Payload__c)}`);
    await diamy.close();
}

main().catch((error: unknown) => {
    console.error(`npm run sync failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
