// Scenarios of what the system-context flows trust (docs/SECURITY.md): an agent — here Camille, with the Diamy
// Agent permission set and no Manage Diamy Calls — tries what a review found possible with a fabricated or edited
// call. The package's validation rules refuse it, or the flows limit what they take from it. Data only.
import type { Fields, Scenario } from '../engine/scenario.ts';
import { CUSTOMERS, USERS } from './people.ts';
import { call as endedCall } from './calls.ts';

const OWN_CALLS = 'You can save only your own calls from the softphone';
const FACTS_LOCKED = 'The call details come from Diamy and cannot be changed';
const WELL_FORMED = 'A phone number may contain only digits';
const DISPOSITION_REQUIRED = 'Choose a disposition: your administrator requires one with every wrap-up';

/** A call Camille's softphone saves: her own, Source Softphone (the call flows' ended call otherwise). */
function softphoneCall(id: string, changes: Fields = {}): Fields {
    return endedCall(id, { Source__c: 'Softphone', ...changes });
}

const missedBy = (id: string, changes: Fields = {}): Fields =>
    softphoneCall(id, { Outcome__c: 'Missed', Answered_At__c: null, Talk_Seconds__c: null, Wait_Seconds__c: 30, ...changes });

export const TRUST_SCENARIOS: Scenario[] = [
    {
        name: 'an agent saves only their own softphone calls',
        description:
            'Camille cannot save a call in Hugo’s name (the flow would give Hugo a Task with her text) nor pretend a call came from Diamy’s server; her own softphone call is saved and logged on her.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: softphoneCall('dmy-as-hugo', { Agent__c: '@hugo' }) }],
                expect: 'failure',
                error: OWN_CALLS
            },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: softphoneCall('dmy-as-server', { Source__c: 'Diamy_Server' }) }],
                expect: 'failure',
                error: OWN_CALLS
            },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: softphoneCall('dmy-nobody', { Agent__c: null }) }],
                expect: 'failure',
                error: OWN_CALLS
            },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: softphoneCall('dmy-mine') }]
            },
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: softphoneCall('dmy-for-hugo', { Agent__c: '@hugo', Source__c: 'Diamy_Server' })
                    }
                ]
            }
        ],
        expect: [
            { object: 'Diamy_Call__c', count: 2, because: 'only the agent’s own call and the server’s call are saved' },
            {
                object: 'Task',
                where: { CallObject: 'dmy-mine' },
                count: 1,
                fields: { OwnerId: '@camille' },
                because: 'her call is on her'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-for-hugo' },
                count: 1,
                fields: { OwnerId: '@hugo' },
                because: 'Diamy’s server saves calls for any agent'
            }
        ]
    },
    {
        name: 'the facts of a saved call are locked for the agent, the wrap-up is not',
        description:
            'After her call is saved, Camille cannot change its outcome, talk time, number, Diamy id, source, agent or times (reports would lie); she can write the disposition, the notes and the related record. Diamy’s server can correct the facts.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'call', object: 'Diamy_Call__c', fields: softphoneCall('dmy-facts') }]
            },
            ...(
                [
                    { Outcome__c: 'Missed' },
                    { Talk_Seconds__c: 3600 },
                    { Ended_At__c: '2025-03-14T11:04:10Z' },
                    { From_Number_E164__c: '+33999999999' },
                    { Diamy_Call_Id__c: 'dmy-other-id' },
                    { Source__c: 'Diamy_Server' },
                    { Agent__c: '@hugo' },
                    { Caller_Name__c: 'Quelqu’un d’autre' }
                ] as Fields[]
            ).map((change) => ({
                do: 'update' as const,
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', ...change } }],
                expect: 'failure' as const,
                error: FACTS_LOCKED
            })),
            {
                do: 'update',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: { Id: '@call', Disposition__c: 'Sale', Notes__c: 'Devis envoyé.', Opportunity__c: '@deal' }
                    }
                ]
            },
            {
                do: 'update',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Talk_Seconds__c: 355 } }]
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Outcome__c: 'Answered', Talk_Seconds__c: 355, Agent__c: '@camille', Disposition__c: 'Sale' },
                because: 'the facts are Diamy’s, the wrap-up the agent’s'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-facts' },
                count: 1,
                fields: { Description: 'Devis envoyé.', WhatId: '@deal', CallDurationInSeconds: 355 },
                because: 'the Task follows the wrap-up and the server’s correction'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'the flows’ own updates pass the rules' }
        ]
    },
    {
        name: 'a call an agent saves puts no free text in another user’s follow-up',
        description:
            'Camille’s softphone saves a missed call from Jean with a caller name she typed (“Gagnez un iPhone sur evil.example”): the follow-up for Jean’s owner and its notification name Jean from his record, never the typed text. Numbers with letters and call ids with spaces are refused.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missedBy('dmy-spam', { Caller_Name__c: 'Gagnez un iPhone sur evil.example' })
                    }
                ]
            },
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missedBy('dmy-spam-number', {
                            From_Number__c: 'Rappelez evil.example',
                            From_Number_E164__c: null
                        })
                    }
                ],
                expect: 'failure',
                error: WELL_FORMED
            },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: missedBy('Gagnez un iPhone sur evil.example') }],
                expect: 'failure',
                error: WELL_FORMED
            },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: missedBy('dmy-e164', { From_Number_E164__c: '0123456789' }) }],
                expect: 'failure',
                error: WELL_FORMED
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' },
                count: 1,
                fields: { Subject: 'Appel manqué – rappeler Jean Dupont', OwnerId: '@admin' },
                because: 'the follow-up names Jean from his record'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller', Description: '~evil.example' },
                count: 0,
                because: 'the typed caller name reaches no other user'
            }
        ],
        sideEffects: [{ kind: 'customNotification', count: 1, because: 'the owner is notified, about Jean' }]
    },
    {
        name: 'every flow update passes the package’s rules for the user who started it',
        description:
            'Validation rules also run on a flow’s own updates, for the user whose save started the flow. Camille (no Manage Diamy Calls) saves an answered and a missed call and her wrap-up; Jean’s owner closes the follow-up: the Task link, the follow-up stamp and the follow-up flag are written without a refusal.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    { alias: 'answered', object: 'Diamy_Call__c', fields: softphoneCall('dmy-ok-1') },
                    { alias: 'missed', object: 'Diamy_Call__c', fields: missedBy('dmy-ok-2') }
                ]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@answered', Disposition__c: 'Resolved', Notes__c: 'OK.' } }]
            },
            {
                do: 'find',
                alias: 'followUp',
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' }
            },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@followUp', Status: 'Completed' } }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@answered' },
                count: 1,
                fields: { Task_Id__c: '*' },
                because: 'linked by the flow'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@missed' },
                count: 1,
                fields: { Task_Id__c: '*', Follow_Up_Task_Id__c: '@followUp', Follow_Up_Open__c: false },
                because: 'stamped, then closed, by the flows'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'no flow update was refused' }
        ]
    },
    {
        name: 'a requested follow-up never selects another Task, and is attributed to the agent who asked',
        description:
            'Hugo’s call has its requested follow-up. Camille writes the Id of Hugo’s Task into her own call’s request Task field (an agent cannot edit that field: the permission sets make it read-only, and the flow does not rely on that) and asks for a follow-up: Hugo’s Task is untouched, hers gets its own Task, created by her for the user she named.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'hugo',
                records: [{ object: 'Diamy_Call__c', fields: softphoneCall('dmy-hugos', { Agent__c: '@hugo', Follow_Up_Request_Subject__c: 'Envoyer la facture', Follow_Up_Request_Due_Date__c: '2025-03-17' }) }]
            },
            { do: 'find', alias: 'hugosTask', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-hugos|Request' } },
            { do: 'insert', as: 'camille', records: [{ alias: 'mine', object: 'Diamy_Call__c', fields: softphoneCall('dmy-camilles') }] },
            {
                do: 'update',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: { Id: '@mine', Follow_Up_Request_Task_Id__c: '@hugosTask', Follow_Up_Request_Subject__c: 'Gagnez un iPhone sur evil.example', Follow_Up_Request_Due_Date__c: '2025-03-18', Follow_Up_Request_Assignee__c: '@admin' }
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Id: '@hugosTask' },
                count: 1,
                fields: { Subject: 'Envoyer la facture', OwnerId: '@hugo', ActivityDate: '2025-03-17' },
                because: 'a forged Id selects nothing: the Task must also carry the call’s own request key'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: 'dmy-camilles|Request' },
                count: 1,
                fields: { OwnerId: '@admin', CreatedById: '@camille', Subject: 'Gagnez un iPhone sur evil.example' },
                because: 'her request is hers: created by her, as she could have created it herself, for the user she named'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' },
                count: 0,
                because: 'no rule follow-up carries her words'
            }
        ]
    },
    {
        name: 'moving a callback time again and again gives one follow-up, not one per change',
        description:
            'The admin’s callback rule (dedup window 24 h) gives Jean’s owner a callback follow-up. Camille changes her callback time three times: one follow-up, at the last time; every flow update passes the rules.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            {
                object: 'Diamy_Task_Rule__mdt',
                fields: {
                    DeveloperName: 'Callback_For_Owner',
                    MasterLabel: 'Callback_For_Owner',
                    Active__c: true,
                    Shipped__c: false,
                    Assignee__c: 'Record_Owner',
                    Outcome__c: 'Answered',
                    Related_Object__c: 'Known_Caller',
                    Due_From__c: 'Callback_Time',
                    Due_In_Unit__c: 'Days',
                    Due_In_Value__c: 0,
                    Dedup_Window_Hours__c: 24,
                    Priority__c: 'High',
                    Send_Notification__c: false,
                    Sort_Order__c: 1,
                    Stop_After_Match__c: true
                }
            }
        ],
        steps: [
            { do: 'insert', as: 'camille', records: [{ alias: 'call', object: 'Diamy_Call__c', fields: softphoneCall('dmy-cb-flood') }] },
            ...['2025-03-17T08:00:00.000Z', '2025-03-17T09:00:00.000Z', '2025-03-18T10:00:00.000Z'].map((at) => ({
                do: 'update' as const,
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Callback_At__c: at } }]
            }))
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Callback_For_Owner' },
                count: 1,
                fields: { OwnerId: '@admin', ActivityDate: '2025-03-18', ReminderDateTime: '2025-03-18T10:00:00.000Z' },
                because: 'one follow-up, at the last callback time'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'no flow update was refused' }
        ]
    },
    {
        name: 'the disposition an admin requires is enforced by the org, and the flows’ own updates still pass',
        description:
            'Lucie has Diamy Disposition Required (custom permission Disposition Required on Wrap-Up). Her wrap-up with notes only, or a callback time only, is refused; with a disposition it is saved, with a follow-up request the flow stamps on her call; she cannot clear the disposition afterwards. Camille, without the permission, saves notes only.',
        users: { ...USERS, lucie: { FirstName: 'Lucie', LastName: 'Roux', LanguageLocaleKey: 'fr', permissions: ['Diamy_Disposition_Required'] } },
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'lucie',
                records: [{ alias: 'hers', object: 'Diamy_Call__c', fields: softphoneCall('dmy-lucie', { Agent__c: '@lucie' }) }]
            },
            { do: 'insert', as: 'camille', records: [{ alias: 'camilles', object: 'Diamy_Call__c', fields: softphoneCall('dmy-camille-notes') }] },
            {
                do: 'update',
                as: 'lucie',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@hers', Notes__c: 'Client satisfait.' } }],
                expect: 'failure',
                error: DISPOSITION_REQUIRED
            },
            {
                do: 'update',
                as: 'lucie',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@hers', Callback_At__c: '2025-03-17T08:00:00.000Z' } }],
                expect: 'failure',
                error: DISPOSITION_REQUIRED
            },
            {
                do: 'update',
                as: 'lucie',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: { Id: '@hers', Disposition__c: 'Resolved', Notes__c: 'Client satisfait.', Follow_Up_Request_Subject__c: 'Envoyer la documentation', Follow_Up_Request_Due_Date__c: '2025-03-17' }
                    }
                ]
            },
            {
                do: 'update',
                as: 'lucie',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@hers', Disposition__c: null } }],
                expect: 'failure',
                error: DISPOSITION_REQUIRED
            },
            { do: 'update', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: { Id: '@camilles', Notes__c: 'Sans qualification.' } }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@hers' },
                count: 1,
                fields: { Disposition__c: 'Resolved', Notes__c: 'Client satisfait.', Callback_At__c: null, Follow_Up_Request_Task_Id__c: '*', Follow_Up_Open__c: true },
                because: 'saved with its disposition; the request flow’s stamp passed the rule'
            },
            { object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-lucie|Request' }, count: 1, fields: { OwnerId: '@lucie' }, because: 'her request was honoured once' },
            { object: 'Diamy_Call__c', where: { Id: '@camilles' }, count: 1, fields: { Notes__c: 'Sans qualification.' }, because: 'the rule is for the users the admin chose' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'no flow update was refused' }
        ]
    }
];
