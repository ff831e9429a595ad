// The workbench's GraphQL answers of c/diamyCallListService's documents (platform/answers/diamyCallLists.js), from the
// org server, cut to what the REAL documents select (read from the service's source): every field a document selects
// is answered (else the page would get a GraphQL error), in the documents' order, with Private sharing on calls.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { register } from 'node:module';
import { createCallListOrg } from '../org-server/callListOrg.mjs';
import { orgRequestHandler } from '../org-server/http.mjs';
import { CHECK_CAMPAIGN_ID } from '../org-server/seed.mjs';
import { select, selectionOf } from '../platform/graphqlSelect.js';

// The bundle's virtual module workbench:metadata (scripts/bundle-workbench.mjs): two disposition values are enough here.
const METADATA = `export const DISPOSITION_VALUES = ${JSON.stringify([
    { value: 'Reached', label: 'Reached', labelFr: 'Joint' },
    { value: 'No_Answer', label: 'No answer', labelFr: 'Pas de réponse' }
])};`;
register(
    `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
    if (specifier === 'workbench:metadata') return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(METADATA)}), shortCircuit: true };
    return next(specifier, context);
}`)}`
);

const SERVICE = new URL('../../force-app/main/default/lwc/diamyCallListService/diamyCallListService.ts', import.meta.url);

/** The service's GraphQL documents by operation name, their ${…} constants filled in. */
function documents() {
    const source = readFileSync(SERVICE, 'utf8');
    const constants = Object.fromEntries([...source.matchAll(/const (\w+) = `([^`]*)`;/g)].map((m) => [m[1], m[2]]));
    const out = {};
    for (const [, text] of source.matchAll(/gql`([^`]*)`/g)) {
        const filled = text.replace(/\$\{(\w+)\}/g, (_, name) => constants[name] ?? '');
        const name = /query\s+(\w+)/.exec(filled)?.[1];
        if (name) out[name] = filled;
    }
    return out;
}

let listOrg;
let server;
let agents;
let nowMs = Date.parse('2026-12-02T09:00:00.000Z');
let bus;
let answer;
let orgQuery;
const DOCS = documents();

/** What the GraphQL double gives the wire for a document: the answer cut to the document's selection. */
async function ask(operationName, variables) {
    const known = await answer(operationName, variables, { orgQuery });
    return select({ uiapi: { query: known } }, selectionOf(DOCS[operationName]), []);
}

before(async () => {
    listOrg = await createCallListOrg({ clock: () => nowMs });
    const handle = orgRequestHandler({ ready: async () => listOrg, origins: () => [] });
    server = createServer((req, res) => handle(req, res));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    bus = await import('../platform/bus.js');
    bus.workbench.config = { ...bus.workbench.config, orgServerUrl: `http://127.0.0.1:${server.address().port}/org` };
    agents = await import('../platform/agents.mjs');
    ({ answer } = await import('../platform/answers/diamyCallLists.js'));
    ({ orgQuery } = await import('../platform/orgServer.js'));
});

after(() => {
    bus.workbench.config = { ...bus.workbench.config, orgServerUrl: null };
    return new Promise((resolve) => server.close(resolve));
});

beforeEach(() => listOrg.reset());

describe('GraphQL answers of the call-list documents (org server)', () => {
    it('finds the two documents in c/diamyCallListService', () => {
        assert.deepEqual(Object.keys(DOCS).sort(), ['diamyCallListMembers', 'diamyCallLists']);
    });

    it('diamyCallLists: the active call lists by name, every selected field answered', async () => {
        const data = await ask('diamyCallLists', {});
        const names = data.uiapi.query.Campaign.edges.map((e) => e.node.Name.value);
        assert.deepEqual(names, ['Prospection salon Batimat', 'Relance clients Q1', 'Relance devis — 5 membres']);
        const check = data.uiapi.query.Campaign.edges.find((e) => e.node.Id === CHECK_CAMPAIGN_ID).node;
        assert.deepEqual(check.Diamy_Audience__c, { value: 'Business' });
        assert.deepEqual(check.Diamy_Power_Pause_Seconds__c, { value: 3 });
    });

    it('diamyCallListMembers: remaining members in working order with people and accounts, done counted', async () => {
        const data = await ask('diamyCallListMembers', { campaignId: '701WB0000000002AAA', first: 50 });
        const { remaining, done } = data.uiapi.query;
        assert.equal(done.totalCount, 1, 'Sophie is done on Relance clients Q1');
        assert.equal(remaining.totalCount, 6);
        const names = remaining.edges.map((e) => (e.node.Contact ?? e.node.Lead).Name.value);
        // Julie was called 3 hours ago (Last_Call_At set): after the members never called, in creation order.
        assert.deepEqual(names, ['Marc Petit', 'Élodie Petit', 'Nicolas Fournier', 'Thomas Garnier', 'Isabelle Roux', 'Julie Garnier']);
        const marc = remaining.edges[0].node;
        assert.equal(marc.Contact.Account.Name.value, 'Boulangerie Petit');
        assert.equal(marc.Contact.Diamy_Current_Contract__c.value, true);
        assert.equal(marc.Contact.MailingCountry.value, 'France');
        assert.equal(marc.Lead, null);
        assert.match(marc.LastModifiedDate.value, /\.000Z$/);
        const nicolas = remaining.edges[2].node;
        assert.equal(nicolas.Lead.Company.value, 'Fournier Transports');
        assert.equal(nicolas.Contact, null);
        assert.equal(remaining.edges.find((e) => e.node.Contact?.Name.value === 'Thomas Garnier').node.Contact.DoNotCall.value, true);
        // What the calling rules count on each person (written by the result flow), answered even when blank.
        assert.deepEqual(marc.Contact.Diamy_Prospecting_Calls__c, { value: null });
        assert.deepEqual(nicolas.Lead.Diamy_Prospecting_Refused_At__c, { value: null });
    });

    it('diamyCallListMembers: every agent’s list calls reach the person through the result flow (calls stay Private)', async () => {
        const before = await ask('diamyCallListMembers', { campaignId: CHECK_CAMPAIGN_ID, first: 50 });
        const member = before.uiapi.query.remaining.edges.map((e) => e.node).find((n) => n.Contact);
        assert.ok(member, 'a contact member on the check list');
        assert.equal(member.Contact.Diamy_Prospecting_Calls__c.value, null);
        const [, hugo] = agents.AGENTS;
        const started = new Date(Math.floor((nowMs - 3600_000) / 1000) * 1000);
        // Hugo's unanswered call (no wrap-up): counted as No answer by the flow, stamped on the person.
        const saved = listOrg.saveCall(
            {
                Diamy_Call_Id__c: 'h-unanswered',
                Direction__c: 'Outbound',
                Outcome__c: 'No_Answer',
                Source__c: 'Softphone',
                Agent__c: hugo.userId,
                Started_At__c: started.toISOString(),
                Ended_At__c: new Date(started.getTime() + 30_000).toISOString(),
                Contact__c: member.ContactId.value,
                Campaign__c: CHECK_CAMPAIGN_ID,
                Campaign_Member_Id__c: member.Id
            },
            { userId: hugo.userId }
        );
        assert.equal(saved.success, true);
        // This test process is agent 1 (Camille): she reads Hugo's attempt on the person, not his call.
        const after = await ask('diamyCallListMembers', { campaignId: CHECK_CAMPAIGN_ID, first: 50 });
        const all = [...after.uiapi.query.remaining.edges, ...(after.uiapi.query.done.edges ?? [])].map((e) => e.node);
        const same = all.find((n) => n.Id === member.Id);
        const text = started.toISOString().replace('T', ' ').replace('.000Z', 'Z');
        assert.equal(same.Contact.Diamy_Prospecting_Calls__c.value, text);
        assert.equal(same.Diamy_Attempts__c.value, 1);
        assert.equal(same.Diamy_Last_Result__c.value, 'No_Answer');
    });
});
