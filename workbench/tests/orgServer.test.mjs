// The workbench's org server (workbench/org-server/): the shared org of call lists that two agents' pages work
// against. These tests go through its HTTP API, as the pages do: conditional claims (exactly one of two concurrent
// updates with the same ifUnmodifiedSince wins), refusals in the UI API error shape, the package's flows on
// forwarded calls, the sample call lists, and the origin / user guards.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createCallListOrg } from '../org-server/callListOrg.mjs';
import { orgRequestHandler } from '../org-server/http.mjs';
import { CHECK_CAMPAIGN_ID } from '../org-server/seed.mjs';
import { AGENTS } from '../platform/agents.mjs';

const [CAMILLE, HUGO, LEA] = AGENTS.map((a) => a.userId);
const FIRST_MEMBER = '00vWB0000000101AAA';

/** A clock the tests move: wall time in ms. */
let nowMs = Date.parse('2026-12-02T09:00:00.000Z');
let listOrg;
let server;
let base;

async function request(method, path, body, { user = CAMILLE, origin } = {}) {
    const response = await fetch(`${base}${path}`, {
        method,
        headers: {
            'x-workbench-user': user,
            ...(origin ? { origin } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' })
        },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: response.status, body: await response.json() };
}

const member = (id = FIRST_MEMBER) => listOrg.dump().members.find((m) => m.Id === id);
const claim = (user, since) =>
    request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Diamy_Claimed_By__c: user, Diamy_Claimed_At__c: new Date(nowMs).toISOString() }, ifUnmodifiedSince: since }, { user });

/** A call an agent's softphone saved (what the page forwards), about the first member of the check list. */
function listCall(overrides = {}) {
    const started = new Date(nowMs - 60_000).toISOString();
    return {
        Diamy_Call_Id__c: 'call_list_1',
        Direction__c: 'Outbound',
        Outcome__c: 'Answered',
        Source__c: 'Softphone',
        Agent__c: HUGO,
        From_Number__c: '+33189000100',
        To_Number__c: '+33612345678',
        Started_At__c: started,
        Answered_At__c: started,
        Ended_At__c: new Date(nowMs - 5_000).toISOString(),
        Talk_Seconds__c: 55,
        Contact__c: '003WB0000000001AAA',
        Campaign__c: CHECK_CAMPAIGN_ID,
        Campaign_Member_Id__c: FIRST_MEMBER,
        ...overrides
    };
}

before(async () => {
    listOrg = await createCallListOrg({ clock: () => nowMs });
    const origins = ['http://127.0.0.1:4020'];
    const handle = orgRequestHandler({ ready: async () => listOrg, origins: () => origins });
    server = createServer((req, res) => handle(req, res));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
    nowMs = Date.parse('2026-12-02T09:00:00.000Z');
    listOrg.reset();
});

describe('org server: the sample call lists', () => {
    it('has a five-member Business call list whose members are all workable, offered in creation order', async () => {
        const { status, body } = await request('POST', '/org/query', {
            object: 'CampaignMember',
            filters: [
                { field: 'CampaignId', operator: 'EqualTo', value: CHECK_CAMPAIGN_ID },
                { field: 'Diamy_Done__c', operator: 'EqualTo', value: false },
                { field: 'Diamy_Claimed_By__c', operator: 'IsNull', value: true },
                { field: 'Diamy_Next_Call_At__c', operator: 'IsNull', value: true },
                { field: 'DoNotCall', operator: 'EqualTo', value: false }
            ],
            orderBy: [{ field: 'Diamy_Skipped_At__c' }, { field: 'Diamy_Last_Call_At__c' }, { field: 'CreatedDate' }],
            fields: ['Status', 'Contact.Name', 'Lead.Name', 'Campaign.Diamy_Audience__c']
        });
        assert.equal(status, 200);
        assert.equal(body.totalSize, 5);
        assert.deepEqual(
            body.nodes.map((n) => n.Contact?.Name.value ?? n.Lead?.Name.value),
            ['Sophie Bernard', 'Marc Petit', 'Élodie Petit', 'Julie Garnier', 'Nicolas Fournier']
        );
        assert.deepEqual(body.nodes[0].Status, { value: 'Sent', displayValue: 'Sent' });
        assert.equal(body.nodes[0].Campaign.Diamy_Audience__c.value, 'Business');
        assert.equal(body.nodes[4].Contact, null, 'a lead member has no contact');
    });

    it('gives every campaign its member statuses, the six result labels among them, and keeps non-call lists apart', () => {
        const dump = listOrg.dump();
        for (const campaign of dump.campaigns) {
            const labels = dump.statuses.filter((s) => s.CampaignId === campaign.Id).map((s) => s.Label);
            for (const label of ['Sent', 'Reached', 'No Answer', 'Callback Requested', 'Not Interested', 'Refused', 'Wrong Number'])
                assert.ok(labels.includes(label), `${campaign.Name} has no status ${label}`);
        }
        assert.ok(dump.campaigns.some((c) => c.Diamy_Call_List__c === false), 'a campaign that is not a call list');
        assert.ok(dump.campaigns.some((c) => c.IsActive === false && c.Diamy_Call_List__c === true), 'an inactive call list');
        assert.ok(dump.members.some((m) => m.DoNotCall === true), 'a Do Not Call member (copied from the person)');
    });
});

describe('org server: claims are conditional updates', () => {
    it('of two concurrent claims with the same ifUnmodifiedSince, exactly one is applied; the other gets 412', async () => {
        const read = member().LastModifiedDate;
        nowMs += 2_000;
        const answers = await Promise.all([claim(HUGO, read), claim(LEA, read)]);
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(statuses, [200, 412]);
        const winner = answers[0].status === 200 ? HUGO : LEA;
        const loser = answers.find((a) => a.status === 412);
        assert.equal(loser.body[0].errorCode, 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK');
        assert.equal(member().Diamy_Claimed_By__c, winner);
        assert.equal(member().LastModifiedById, winner);
    });

    it('accepts a claim when the record was not modified since the instant given (ISO or HTTP date)', async () => {
        const read = member().LastModifiedDate;
        nowMs += 5_000;
        const answer = await claim(HUGO, new Date(Date.parse(read)).toUTCString());
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.record.lastModifiedDate, new Date(Math.floor(nowMs / 1000) * 1000).toISOString());
    });

    it('compares to the second, as the platform keeps LastModifiedDate: a change in the same second is not seen', async () => {
        nowMs += 3_000;
        assert.equal((await claim(HUGO, member().LastModifiedDate)).status, 200);
        const read = member().LastModifiedDate;
        nowMs += 400; // the same second: the record changes, its LastModifiedDate does not
        const skip = (user) =>
            request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Diamy_Skipped_At__c: new Date(nowMs).toISOString() }, ifUnmodifiedSince: read }, { user });
        assert.equal((await skip(LEA)).status, 200);
        assert.equal((await skip(HUGO)).status, 200, 'weak validation: a change within the same second passes the precondition');
        nowMs += 1_000; // a later second
        assert.equal((await request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Diamy_Skipped_At__c: null } }, { user: HUGO })).status, 200);
        assert.equal((await claim(LEA, read)).status, 412);
    });

    it('refuses a malformed ifUnmodifiedSince, and a record that does not exist', async () => {
        const bad = await claim(HUGO, 'yesterday');
        assert.equal(bad.status, 400);
        assert.equal(bad.body[0].errorCode, 'INVALID_HEADER');
        const missing = await request('PATCH', '/org/records/00vWB0000000999AAA', { fields: { Diamy_Done__c: true } }, { user: HUGO });
        assert.equal(missing.status, 404);
        assert.equal(missing.body[0].errorCode, 'NOT_FOUND');
    });

    it('refuses taking over another agent\'s fresh claim when the package has the validation rule Diamy_Claim_Held', async (t) => {
        const rule = listOrg.project.schema.objects.get('CampaignMember').validationRules.find((r) => r.name === 'Diamy_Claim_Held');
        if (!rule) {
            // TODO(issue 14): helper ORG's rule (branch calllist-org) is not in this checkout; this test runs once it is.
            t.skip('validation rule CampaignMember.Diamy_Claim_Held is not in the package yet');
            return;
        }
        assert.equal((await claim(HUGO, null)).status, 200);
        nowMs += 60_000;
        const taken = await claim(LEA, null);
        assert.equal(taken.status, 400);
        const errors = [...taken.body.output.errors, ...Object.values(taken.body.output.fieldErrors).flat()];
        assert.ok(errors.some((e) => e.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION'), JSON.stringify(taken.body));
        assert.equal(member().Diamy_Claimed_By__c, HUGO);
    });
});

describe('org server: refusals in the UI API error shape', () => {
    it('a validation rule of the package: 400 { message, output: { errors, fieldErrors } } with the rule\'s message', async () => {
        // Hugo (no Manage Diamy Calls) may save only his own softphone calls: Diamy_Call_Own_Softphone_Calls.
        const { status, body } = await request('POST', '/org/calls', { fields: listCall({ Agent__c: LEA }) }, { user: HUGO });
        assert.equal(status, 400);
        const [error] = body.output.fieldErrors.Agent__c;
        assert.equal(error.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
        assert.equal(error.field, 'Agent__c');
        assert.match(error.message, /own calls/);
        assert.equal(body.message, error.message);
        assert.equal(listOrg.dump().calls.length, 0);
        assert.equal(listOrg.dump().forwards.refused.length, 1);
    });

    it('a member status that is not one of its campaign\'s labels is refused', async () => {
        const { status, body } = await request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Status: 'Interested maybe' } }, { user: HUGO });
        assert.equal(status, 400);
        assert.equal(body.output.fieldErrors.Status[0].errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
        assert.equal(member().Status, 'Sent');
    });

    it('a lookup to a record that does not exist is refused by the engine (system validation)', async () => {
        const { status, body } = await request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Diamy_Claimed_By__c: '005000000000099AAA' } }, { user: HUGO });
        assert.equal(status, 400);
        assert.equal(body.output.fieldErrors.Diamy_Claimed_By__c[0].errorCode, 'FIELD_INTEGRITY_EXCEPTION');
    });
});

describe('org server: the package\'s flows run on forwarded calls', () => {
    it('a forwarded call is saved once however often it is forwarded, and its Task is logged once', async () => {
        for (let i = 0; i < 3; i += 1) {
            const { status, body } = await request('POST', '/org/calls', { fields: listCall({ Disposition__c: 'No_Answer' }) }, { user: HUGO });
            assert.equal(status, 200, JSON.stringify(body));
            assert.equal(body.created, i === 0);
        }
        const dump = listOrg.dump();
        assert.equal(dump.calls.length, 1);
        assert.equal(dump.calls[0].Agent__c, HUGO);
        const tasks = dump.tasks.filter((t) => t.CallObject === 'call_list_1');
        assert.equal(tasks.length, 1, 'Diamy_Call_Log_Activity logs the call once');
        assert.equal(tasks[0].OwnerId, HUGO);
        assert.deepEqual(dump.interviews.failed, []);
        assert.equal(dump.forwards.applied, 3);
    });

    it('a callback request gives the agent the follow-up Task of the workbench\'s callback rule, due on the callback day', async () => {
        const callbackAt = new Date(nowMs + 24 * 3600_000).toISOString();
        const { status } = await request('POST', '/org/calls', { fields: listCall({ Disposition__c: 'Callback_Requested', Callback_At__c: callbackAt }) }, { user: HUGO });
        assert.equal(status, 200);
        const dump = listOrg.dump();
        assert.deepEqual(dump.interviews.failed, []);
        const followUps = dump.tasks.filter((t) => t.Diamy_Follow_Up_Key__c === '+33612345678|Callback_Promised');
        assert.equal(followUps.length, 1, JSON.stringify(dump.tasks.map((t) => t.Subject)));
        assert.equal(followUps[0].OwnerId, HUGO);
        assert.equal(followUps[0].ActivityDate, callbackAt.slice(0, 10));
        assert.equal(followUps[0].Subject, 'Rappeler Sophie Bernard comme promis');
        assert.equal(followUps[0].IsClosed, false);
        // A call without a callback time gives no follow-up (the shipped rules follow up missed calls only).
        await request('POST', '/org/calls', { fields: listCall({ Diamy_Call_Id__c: 'call_list_2', Disposition__c: 'Not_Interested' }) }, { user: HUGO });
        assert.equal(listOrg.dump().tasks.filter((t) => t.Diamy_Follow_Up_Key__c).length, 1);
    });

    it('the call-list result flow updates the member from the call\'s disposition', async (t) => {
        const flow = listOrg.project.flows.find((f) => f.name === 'Diamy_Call_List_Result');
        if (!flow) {
            // TODO(issue 14): helper ORG's flow Diamy_Call_List_Result (branch calllist-org) is not in this checkout; this
            // test runs once it is.
            t.skip('flow Diamy_Call_List_Result is not in the package yet');
            return;
        }
        assert.equal((await claim(HUGO, null)).status, 200);
        nowMs += 60_000;
        const { status, body } = await request('POST', '/org/calls', { fields: listCall({ Disposition__c: 'Reached' }) }, { user: HUGO });
        assert.equal(status, 200, JSON.stringify(body));
        const after = member();
        assert.equal(after.Status, 'Reached');
        assert.equal(after.Diamy_Done__c, true);
        assert.equal(after.Diamy_Attempts__c, 1);
        assert.equal(after.Diamy_Last_Result__c, 'Reached');
        assert.equal(after.Diamy_Last_Agent__c, HUGO);
        assert.equal(after.Diamy_Last_Call__c, body.id);
        assert.equal(after.Diamy_Claimed_By__c ?? null, null, 'the claim of the call\'s agent is released');
        // A later wrap-up change re-maps the status but counts no second attempt.
        await request('POST', '/org/calls', { fields: listCall({ Disposition__c: 'Not_Interested' }) }, { user: HUGO });
        assert.equal(member().Status, 'Not Interested');
        assert.equal(member().Diamy_Attempts__c, 1);
    });
});

describe('org server: flows on demand (lightning-flow)', () => {
    it('runs the headless rules flow as the agent and gives its outputs; refuses a record-triggered flow', async (t) => {
        const refused = await request('POST', '/org/flows/Diamy_Call_Log_Activity', { inputs: {} }, { user: HUGO });
        assert.equal(refused.status, 404);
        if (!listOrg.project.flows.some((f) => f.name === 'Diamy_Call_List_Rules')) {
            // TODO(issue 14): helper LAW's flow is not in this checkout; this part runs once it is.
            t.skip('flow Diamy_Call_List_Rules is not in the package yet');
            return;
        }
        const { status, body } = await request('POST', '/org/flows/Diamy_Call_List_Rules', { inputs: {} }, { user: HUGO });
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.status, 'FINISHED');
        const rules = body.outputVariables.find((v) => v.name === 'rules');
        assert.ok(Array.isArray(rules.value) && rules.value.some((line) => /country=FR\|/.test(line)), JSON.stringify(rules));
    });
});

describe('org server: reading', () => {
    it('answers getRecord as LDS: fields asked, spanning fields nested, a missing optional field left out, a missing required one a 400', async () => {
        const ok = await request('GET', `/org/records/${FIRST_MEMBER}?fields=CampaignMember.Status,CampaignMember.Contact.Name&optionalFields=CampaignMember.Nope__c`);
        assert.equal(ok.status, 200);
        assert.equal(ok.body.apiName, 'CampaignMember');
        assert.equal(ok.body.fields.Status.value, 'Sent');
        assert.equal(ok.body.fields.Contact.displayValue, 'Sophie Bernard');
        assert.equal(ok.body.fields.Contact.value.fields.Name.value, 'Sophie Bernard');
        assert.ok(!('Nope__c' in ok.body.fields));
        assert.match(ok.body.lastModifiedDate, /\.000Z$/);
        const bad = await request('GET', `/org/records/${FIRST_MEMBER}?fields=CampaignMember.Nope__c`);
        assert.equal(bad.status, 400);
        assert.equal(bad.body[0].errorCode, 'INVALID_FIELD');
        const query = await request('POST', '/org/query', { object: 'CampaignMember', filters: [{ field: 'Nope__c', operator: 'EqualTo', value: 1 }] });
        assert.equal(query.status, 400);
        assert.equal(query.body[0].errorCode, 'INVALID_FIELD');
    });
});

describe('org server: who may use it', () => {
    it('refuses another browser origin and a user who is not a workbench agent', async () => {
        const foreign = await request('GET', '/org/dump', undefined, { origin: 'http://evil.example' });
        assert.equal(foreign.status, 403);
        const own = await request('GET', '/org/dump', undefined, { origin: 'http://127.0.0.1:4020' });
        assert.equal(own.status, 200);
        const stranger = await request('PATCH', `/org/records/${FIRST_MEMBER}`, { fields: { Diamy_Done__c: true } }, { user: '005000000000099AAA' });
        assert.equal(stranger.status, 401);
        assert.equal(member().Diamy_Done__c, false);
    });

    it('creates records of its objects only, as the running agent', async () => {
        const created = await request('POST', '/org/records', { apiName: 'CampaignMember', fields: { CampaignId: CHECK_CAMPAIGN_ID, LeadId: '00QWB0000000002AAA', Status: 'Sent' } }, { user: HUGO });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.match(created.body.id, /^00v/);
        assert.equal(listOrg.dump().members.find((m) => m.Id === created.body.id).CreatedById, HUGO);
        const other = await request('POST', '/org/records', { apiName: 'Contact', fields: { LastName: 'X' } }, { user: HUGO });
        assert.equal(other.status, 400);
    });
});

describe("the page's client of the org server (platform/orgServer.js)", () => {
    let client;
    let bus;
    before(async () => {
        bus = await import('../platform/bus.js');
        client = await import('../platform/orgServer.js');
        bus.workbench.config = { ...bus.workbench.config, orgServerUrl: `${base}/org` };
    });
    after(() => {
        bus.workbench.config = { ...bus.workbench.config, orgServerUrl: null };
    });

    it('routes the call-list objects by id prefix, and nothing when the workbench runs without its org server', () => {
        assert.equal(client.isOrgServerId(FIRST_MEMBER), true);
        assert.equal(client.isOrgServerId(CHECK_CAMPAIGN_ID), true);
        assert.equal(client.isOrgServerId('003WB0000000001AAA'), false);
        const saved = bus.workbench.config.orgServerUrl;
        bus.workbench.config.orgServerUrl = null;
        assert.equal(client.isOrgServerId(FIRST_MEMBER), false);
        bus.workbench.config.orgServerUrl = saved;
    });

    it('getRecord answers { data } with the record, updateRecord with a stale ifUnmodifiedSince rejects as LDS (status 412)', async () => {
        const fields = [{ objectApiName: 'CampaignMember', fieldApiName: 'Diamy_Claimed_By__c' }];
        const first = await client.getServerRecord({ recordId: FIRST_MEMBER, fields });
        assert.equal(first.error, undefined);
        const read = first.data.lastModifiedDate;
        nowMs += 2_000;
        const won = await client.updateServerRecord({ fields: { Id: FIRST_MEMBER, Diamy_Claimed_By__c: CAMILLE } }, { ifUnmodifiedSince: read });
        assert.equal(won.id, FIRST_MEMBER);
        nowMs += 2_000;
        await assert.rejects(
            client.updateServerRecord({ fields: { Id: FIRST_MEMBER, Diamy_Claimed_By__c: CAMILLE } }, { ifUnmodifiedSince: read }),
            (error) => error.status === 412 && error.body[0].errorCode === 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK'
        );
        const missing = await client.getServerRecord({ recordId: '00vWB0000000999AAA', fields });
        assert.equal(missing.data, undefined);
        assert.equal(missing.error.status, 404);
    });

    it('orgQuery gives UI API GraphQL nodes; forwardCall upserts the call and runs the flows', async () => {
        const { nodes } = await client.orgQuery({
            object: 'CampaignMember',
            filters: [{ field: 'CampaignId', operator: 'EqualTo', value: CHECK_CAMPAIGN_ID }],
            orderBy: [{ field: 'CreatedDate' }],
            limit: 2,
            fields: ['Diamy_Attempts__c', 'Contact.Phone']
        });
        assert.deepEqual(nodes[0], { Id: FIRST_MEMBER, Diamy_Attempts__c: { value: 0, displayValue: null }, Contact: { Id: '003WB0000000001AAA', Phone: { value: '04 72 10 20 31', displayValue: null } } });
        assert.equal(nodes.length, 2);
        const saved = await client.forwardCall(listCall({ Agent__c: CAMILLE, Diamy_Call_Id__c: 'call_client_1' }));
        assert.equal(saved.created, true);
        assert.equal((await client.orgDump()).tasks.filter((t) => t.CallObject === 'call_client_1').length, 1);
        await assert.rejects(
            client.forwardCall(listCall({ Agent__c: CAMILLE, Diamy_Call_Id__c: 'call_client_2', To_Number_E164__c: '0612' })),
            (error) => error.status === 400 && error.body.output.errors[0].errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION'
        );
    });
});
