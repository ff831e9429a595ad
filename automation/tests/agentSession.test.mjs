// The headless screen flow Diamy_Agent_Session (per-user Diamy token for the softphone) and the External Service it
// calls: formulas evaluated with formulon, the wiring from the request to the outputs, the fault path, and the
// External Service registration kept in step with contract/openapi.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { loadFlows, createEvaluator } from '../lib/flowFormulas.mjs';
import { REGISTRATION_FILE, REQUEST_FIELDS, RESPONSE_FIELDS, buildRegistration, buildSpec } from '../../contract/build-external-service.mjs';
import { loadEngine } from '../engine/index.mjs';

const flow = loadFlows().find((f) => f.name === 'Diamy_Agent_Session');
const fx = createEvaluator(flow);
const registrationXml = readFileSync(REGISTRATION_FILE, 'utf8');
const registration = new XMLParser({ parseTagValue: false }).parse(registrationXml).ExternalServiceRegistration;

test('a headless screen flow in the user context: no screen, no $Record, outputs for the LWC', () => {
    assert.equal(flow.doc.processType, 'Flow');
    assert.equal(flow.doc.status, 'Active');
    assert.equal(flow.doc.screens, undefined);
    assert.equal(flow.object, null);
    const outputs = flow.doc.variables.filter((v) => v.isOutput === 'true').map((v) => v.name).sort();
    assert.deepEqual(outputs, ['accessToken', 'errorMessage', 'expiresIn', 'websocketUrl']);
    assert.ok(flow.doc.variables.every((v) => v.isInput === 'false'), 'the browser cannot pass the identity in');
    assert.ok(!outputs.includes('varSession'), 'only the three values the component needs leave the flow');
});

test('the request is the running user and org; the action is the registered operation', () => {
    const request = flow.doc.assignments.find((a) => a.name === 'Set_Request');
    assert.deepEqual(
        request.assignmentItems.map((i) => [i.assignToReference, i.value[0].elementReference]),
        REQUEST_FIELDS.map((field) => [`varRequest.${field}`, field === 'salesforce_user_id' ? '$User.Id' : '$Organization.Id'])
    );
    const [call] = flow.doc.actionCalls;
    assert.equal(call.actionType, 'externalService');
    assert.equal(call.actionName, `Diamy_Agent_Sessions.${registration.operations.name}`);
    assert.equal(registration.operations.active, 'true');
    assert.equal(registration.namedCredentialReference, 'Diamy_API');
    assert.equal(call.faultConnector.targetReference, 'Log_Failure');
    const outputs = flow.doc.assignments.find((a) => a.name === 'Set_Outputs');
    const mapped = Object.fromEntries(outputs.assignmentItems.map((i) => [i.assignToReference, i.value[0].elementReference]));
    assert.deepEqual(mapped, { accessToken: 'varSession.access_token', expiresIn: 'varSession.expires_in', websocketUrl: 'varSession.websocket_url' });
    for (const reference of Object.values(mapped)) {
        assert.ok(RESPONSE_FIELDS.includes(reference.split('.')[1]), reference);
    }
});

test('fault path: logged (Setup, Error) then errorMessage returned, even when the log itself fails', () => {
    const log = flow.doc.recordCreates.find((c) => c.name === 'Log_Failure');
    assert.equal(log.connector.targetReference, 'Set_Error');
    assert.equal(log.faultConnector.targetReference, 'Set_Error');
    const setError = flow.doc.assignments.find((a) => a.name === 'Set_Error');
    assert.deepEqual(setError.assignmentItems.map((i) => [i.assignToReference, i.value[0].elementReference]), [['errorMessage', 'fxFaultLogMessage']]);
});

test('fault message: translated, with the fault, 255 characters at most', () => {
    const fault = 'An error occurred when executing a flow interview. Error: 403 forbidden';
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: fault, language: 'en' }), `Could not get a Diamy session for this user: ${fault}`);
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: fault, language: 'fr' }), `Impossible d'obtenir une session Diamy pour cet utilisateur : ${fault}`);
    assert.equal(fx.formula('fxFaultLogMessage', { faultMessage: 'x'.repeat(400) }).length, 255);
});

test('every formula of the flow was evaluated above', () => {
    assert.deepEqual(fx.evaluated(), fx.expected());
});

test('the External Service registration is what contract/build-external-service.mjs generates (run it after editing the contract)', () => {
    assert.equal(registrationXml, buildRegistration());
    const spec = JSON.parse(registration.schema.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    assert.deepEqual(spec, buildSpec());
    assert.match(spec.openapi, /^3\.0\./);
    assert.deepEqual(Object.keys(spec.paths), ['/v2/agent/sessions']);
    assert.deepEqual(spec.components.schemas.AgentSessionRequest.required, REQUEST_FIELDS);
    assert.equal(spec.components.schemas.AgentSessionRequest.properties.assertion, undefined);
    for (const field of ['access_token', 'expires_in', 'websocket_url']) {
        assert.ok(spec.components.schemas.AgentSession.required.includes(field), field);
    }
    // OpenAPI 3.0: no 3.1-only keywords left.
    assert.doesNotMatch(JSON.stringify(spec), /"const"|"examples"|"type":\[/);
});

test('no refresh token anywhere: not in the External Service answer, not in the flow, not in what the scenarios make Diamy answer', async () => {
    assert.ok(!RESPONSE_FIELDS.includes('refresh_token'), 'RESPONSE_FIELDS');
    const session = buildSpec().components.schemas.AgentSession;
    assert.equal(session.properties.refresh_token, undefined);
    assert.ok(!session.required.includes('refresh_token'));
    assert.doesNotMatch(registrationXml, /refresh/i, 'the registration');
    assert.doesNotMatch(readFileSync(flow.file, 'utf8'), /refresh/i, 'the flow');
    // The scenarios' fake Diamy answers only what the registration describes (else a scenario proves a flow the
    // org could not run).
    const { SCENARIOS } = await loadEngine();
    const action = `Diamy_Agent_Sessions.${registration.operations.name}`;
    const request = { sobjectType: 'ExternalService__Diamy_Agent_Sessions_AgentSessionRequest', fields: { salesforce_user_id: '005000000000001AAA', salesforce_org_id: '00D000000000001AAA' } };
    let answers = 0;
    for (const scenario of SCENARIOS.filter((s) => s.actions?.[action])) {
        let answer;
        try {
            answer = scenario.actions[action]({ body: request });
        } catch {
            continue; // a fault: Diamy refused
        }
        answers += 1;
        assert.deepEqual(
            Object.keys(answer['201'].fields).filter((field) => !Object.hasOwn(session.properties, field)),
            [],
            `${scenario.name}: fields the External Service does not describe`
        );
    }
    assert.ok(answers >= 1, 'a scenario where Diamy answers 201');
});
