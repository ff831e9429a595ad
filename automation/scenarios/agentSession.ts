// Scenarios of the headless flow Diamy Agent Session (the connection): the softphone user gets a short-lived Diamy
// token from Diamy's answer to the External Service call, or an error message and a log entry when Diamy refuses.
import type { Scenario } from '../engine/scenario.ts';
import { FlowFault } from '../engine/interpreter.ts';
import type { FlowValue, SRecord } from '../engine/values.ts';
import { USERS as PEOPLE } from './people.ts';

const USERS = { camille: PEOPLE.camille };
const ACTION = 'Diamy_Agent_Sessions.createagentsession';

/** What the flow sent: the request body of the External Service call. */
const requestOf = (inputs: Record<string, FlowValue>): SRecord => inputs.body as SRecord;

export const AGENT_SESSION_SCENARIOS: Scenario[] = [
    {
        name: 'the softphone user gets a Diamy token',
        description:
            'Diamy answers 201 for Camille: the flow returns the token, its lifetime and the WebSocket URL, and no error.',
        users: USERS,
        actions: {
            [ACTION]: (inputs) => {
                const request = requestOf(inputs);
                // Diamy vouches only for the user and org the flow names: the running user, never an input.
                if (
                    !String(request.fields.salesforce_user_id).startsWith('005') ||
                    !String(request.fields.salesforce_org_id).startsWith('00D')
                )
                    throw new FlowFault('400 invalid_request');
                return {
                    '201': {
                        sobjectType: 'ExternalService__Diamy_Agent_Sessions_AgentSession',
                        fields: {
                            access_token: `token-for-${String(request.fields.salesforce_user_id)}`,
                            token_type: 'Bearer',
                            expires_in: 900,
                            scope: 'calls:read calls:write presence:read presence:write users:read',
                            websocket_url: 'wss://acme.diamy.fr/v2/agent/stream'
                        }
                    }
                };
            }
        },
        steps: [
            {
                do: 'runFlow',
                flow: 'Diamy_Agent_Session',
                as: 'camille',
                outputs: {
                    accessToken: '~token-for-005',
                    expiresIn: 900,
                    websocketUrl: 'wss://acme.diamy.fr/v2/agent/stream',
                    errorMessage: null
                }
            }
        ],
        expect: [{ object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }],
        sideEffects: [{ kind: 'externalService', count: 1, because: 'one call to Diamy' }]
    },
    {
        name: 'Diamy refuses the softphone user',
        description:
            'Diamy answers 403 (the user is not linked to a Diamy user): no token, a translated error message for the softphone, and a Setup entry in the integration log.',
        users: USERS,
        actions: {
            [ACTION]: () => {
                throw new FlowFault('403 forbidden: user_not_linked');
            }
        },
        steps: [
            {
                do: 'runFlow',
                flow: 'Diamy_Agent_Session',
                as: 'camille',
                outputs: { accessToken: null, expiresIn: null, errorMessage: '~403 forbidden: user_not_linked' }
            }
        ],
        expect: [
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Area__c: 'Setup',
                    Severity__c: 'Error',
                    Logged_At__c: '2025-03-14T10:05:00.000Z',
                    Payload__c: '~user_not_linked',
                    Message__c: "~Impossible d'obtenir une session Diamy pour cet utilisateur : 403 forbidden: user_not_linked",
                    Source__c: '~Diamy_Agent_Session'
                },
                because: 'the admin sees why the softphone cannot connect'
            }
        ]
    }
];
