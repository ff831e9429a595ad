// Scenarios of the flow Diamy Call Follow-Up Request: the follow-up task an agent asks for with the wrap-up (or from
// the call record or a call list) is created once, for the user she names, and follows the request when it changes;
// a replayed save, a retry or a second tab never creates a second one. Data only.
import type { Fields, Scenario } from '../engine/scenario.ts';
import { CUSTOMERS, USERS } from './people.ts';
import { call as endedCall } from './calls.ts';

/** Camille's answered call with Jean, saved by her softphone. */
const camillesCall = (id: string, changes: Fields = {}): Fields => endedCall(id, { Source__c: 'Softphone', ...changes });
const request = (subject: string, dueDate: string, assignee: string | null): Fields => ({
    Follow_Up_Request_Subject__c: subject,
    Follow_Up_Request_Due_Date__c: dueDate,
    Follow_Up_Request_Assignee__c: assignee
});

export const REQUEST_SCENARIOS: Scenario[] = [
    {
        name: 'a follow-up the agent asks for in the wrap-up is created once, for the colleague she names, and follows the request',
        description:
            'Camille’s wrap-up asks Hugo to send Jean a quote by Monday: one Task for Hugo, created by Camille, about Jean and Acme; the call points at it. The same save replayed (a retry whose answer was lost, a second tab) creates nothing; moving the due date moves the same Task and the call’s follow-up date.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'insert', as: 'camille', records: [{ alias: 'call', object: 'Diamy_Call__c', fields: camillesCall('dmy-rq1') }] },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Disposition__c: 'Sale', ...request('Envoyer le devis à Jean', '2025-03-17', '@hugo') } }]
            },
            { do: 'find', alias: 'task', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-rq1|Request' } },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Disposition__c: 'Sale', ...request('Envoyer le devis à Jean', '2025-03-17', '@hugo') } }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Follow_Up_Request_Due_Date__c: '2025-03-18' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: 'dmy-rq1|Request' },
                count: 1,
                fields: {
                    Id: '@task',
                    Subject: 'Envoyer le devis à Jean',
                    OwnerId: '@hugo',
                    CreatedById: '@camille',
                    ActivityDate: '2025-03-18',
                    Status: 'Not Started',
                    WhoId: '@jean',
                    WhatId: '@acme',
                    Description: "Suivi demandé pendant l'appel Diamy dmy-rq1."
                },
                because: 'one Task, for Hugo, attributed to Camille, moved with the request'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Follow_Up_Request_Task_Id__c: '@task', Follow_Up_Task_Id__c: '@task', Follow_Up_Open__c: true, Follow_Up_Due_Date__c: '2025-03-18' },
                because: 'the call points at its requested follow-up'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'every flow update passed the rules' }
        ]
    },
    {
        name: 'a requested follow-up closed, then a new request: a new Task; without an assignee the agent gets it',
        description:
            'Hugo completes the requested follow-up: the call is no longer marked open. Camille then asks for another follow-up on the same call, for herself: a new Task (the done one is left alone), and the call points at it.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'insert', as: 'camille', records: [{ alias: 'call', object: 'Diamy_Call__c', fields: camillesCall('dmy-rq2', request('Appeler Jean', '2025-03-17', '@hugo')) }] },
            { do: 'find', alias: 'first', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-rq2|Request' } },
            { do: 'update', as: 'hugo', records: [{ object: 'Task', fields: { Id: '@first', Status: 'Completed' } }] },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', ...request('Relancer Jean', '2025-03-20', null) } }]
            },
            { do: 'find', alias: 'second', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-rq2|Request', IsClosed: false } }
        ],
        expect: [
            { object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-rq2|Request' }, count: 2, because: 'the done Task stays, the new request has its own' },
            { object: 'Task', where: { Id: '@first' }, count: 1, fields: { Subject: 'Appeler Jean', IsClosed: true, OwnerId: '@hugo' }, because: 'the completed Task is not touched' },
            { object: 'Task', where: { Id: '@second' }, count: 1, fields: { Subject: 'Relancer Jean', OwnerId: '@camille', ActivityDate: '2025-03-20' }, because: 'no assignee: the call’s agent' },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Follow_Up_Request_Task_Id__c: '@second', Follow_Up_Task_Id__c: '@second', Follow_Up_Open__c: true, Follow_Up_Due_Date__c: '2025-03-20' },
                because: 'the call follows its new request'
            }
        ]
    },
    {
        name: 'a request on a call that a rule already followed up keeps the rule’s follow-up on the call',
        description:
            'Jean leaves Camille a voicemail (the shipped Voicemail rule gives her a follow-up); she listens, calls nobody back yet and asks Hugo for a follow-up: Hugo’s Task is created, the call still points at the rule’s follow-up and names the requested Task apart.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ alias: 'vm', object: 'Diamy_Call__c', fields: endedCall('dmy-rq3', { Outcome__c: 'Voicemail', Answered_At__c: null, Talk_Seconds__c: null, Wait_Seconds__c: 30 }) }]
            },
            { do: 'find', alias: 'ruleTask', object: 'Task', where: { Diamy_Follow_Up_Key__c: '+33123456789|Voicemail' } },
            { do: 'update', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: { Id: '@vm', ...request('Rappeler Jean pour le contrat', '2025-03-19', '@hugo') } }] },
            { do: 'find', alias: 'requested', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-rq3|Request' } }
        ],
        expect: [
            { object: 'Task', where: { Id: '@requested' }, count: 1, fields: { OwnerId: '@hugo', ActivityDate: '2025-03-19' }, because: 'the request is honoured' },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@vm' },
                count: 1,
                fields: { Follow_Up_Task_Id__c: '@ruleTask', Follow_Up_Request_Task_Id__c: '@requested' },
                because: 'the rule’s follow-up stays the call’s; the requested Task is named apart'
            }
        ]
    }
];
