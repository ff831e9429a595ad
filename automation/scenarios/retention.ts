// Scenarios of data retention (issue 15): the daily flows Diamy_Call_Retention, Diamy_Recording_Retention and
// Diamy_Log_Retention, and the subflow Diamy_Anonymize_Calls they share with erasure. A call's personal data and
// every copy of it (call Task, follow-up Tasks, integration-log entries) are cleared; the statistics stay.
// docs/DATA-PROTECTION.md. Data only.
import type { Fields, RecordSpec, Scenario, Step } from '../engine/scenario.ts';
import { CUSTOMERS, USERS as PEOPLE } from './people.ts';
import { call } from './calls.ts';
import { ownRule } from './followUps.ts';
import { CLEARED, TASK_RULE, callLogEntry } from './anonymized.ts';

/**
 * The Default Workflow User runs schedule-triggered flows (Salesforce Help, "Schedule-Triggered Flow
 * Considerations"). Modelled without Manage Diamy Calls: the call rules must let retention through on their own.
 */
const USERS = { ...PEOPLE, workflow: { FirstName: 'Default', LastName: 'Workflow', LanguageLocaleKey: 'en_US' } };

const NOW = '2026-06-01T02:00:00.000Z';
const DAY = 24 * 3600 * 1000;
/** A date-time `days` days (plus `seconds` seconds) before NOW. */
const ago = (days: number, seconds = 0): string => new Date(Date.parse(NOW) - days * DAY - seconds * 1000).toISOString();

/** What the caller said and who they are: everything anonymization clears on a call. */
const NOTES = 'Jean veut un devis, rappeler sur son portable 06 12 34 56 78';
const PERSONAL: Fields = {
    Caller_Name__c: 'Jean Dupont',
    Notes__c: NOTES,
    Recording_URL__c: 'https://app.diamy.example/recordings/r1',
    Consulted_Party__c: 'Marie (comptabilité)'
};
/** A call Task once its call was anonymized: a neutral subject, no description. */
const CLEARED_TASK: Fields = { Description: null, Subject: '~anonymized' };

/** An answered call of Jean's that started `startedAt`, ending six minutes later. */
const oldCall = (id: string, startedAt: string, changes: Fields = {}): Fields =>
    call(id, {
        ...PERSONAL,
        Disposition__c: 'Sale',
        Started_At__c: startedAt,
        Answered_At__c: new Date(Date.parse(startedAt) + 10_000).toISOString(),
        Ended_At__c: new Date(Date.parse(startedAt) + 370_000).toISOString(),
        ...changes
    });
const seedCall = (alias: string, startedAt: string, changes: Fields = {}): RecordSpec => ({
    alias,
    object: 'Diamy_Call__c',
    fields: oldCall(`dmy-${alias}`, startedAt, changes)
});
const logEntry = (alias: string, callId: string | null, loggedAt: string): RecordSpec => ({
    alias,
    ...callLogEntry(callId, { Logged_At__c: loggedAt })
});
/** Jean's call of 400 days ago saved by Diamy's server (with its call Task) and a log entry of it. */
const dueCallSteps: Step[] = [
    { do: 'clock', to: ago(400, -600) },
    { do: 'insert', as: 'diamy', records: [{ alias: 'due', object: 'Diamy_Call__c', fields: oldCall('dmy-due', ago(400)) }] },
    { do: 'insert', as: 'diamy', records: [{ object: 'Diamy_Integration_Log__c', fields: logEntry('dueLog', 'dmy-due', ago(400)).fields }] },
    { do: 'clock', to: NOW }
];

export const RETENTION_SCENARIOS: Scenario[] = [
    {
        name: 'retention: 202 calls a year old are anonymized in two batches, with their Tasks, follow-ups and log entries',
        description:
            'Diamy’s server saved 200 answered calls and a missed one from Jean 400 days ago, Camille one softphone call with a follow-up request for Hugo. The daily flow, run by the Default Workflow User (no Manage Diamy Calls), anonymizes all of them in batches of 200: numbers, caller name, notes, recording link, consulted party and request subject cleared, stamped Retention; call Tasks get a neutral subject and no description, follow-ups lose their key too; the calls’ log entries lose payload and message. Direction, outcome, times, seconds, agent, disposition and the related records stay for the reports.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'clock', to: ago(400, -600) },
            {
                do: 'insert',
                as: 'diamy',
                records: Array.from({ length: 200 }, (_, i) => ({
                    object: 'Diamy_Call__c',
                    fields: oldCall(`dmy-old-${String(i).padStart(3, '0')}`, ago(400))
                }))
            },
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        alias: 'missed',
                        object: 'Diamy_Call__c',
                        fields: oldCall('dmy-old-missed', ago(400), {
                            Outcome__c: 'Missed',
                            Disposition__c: null,
                            Answered_At__c: null,
                            Talk_Seconds__c: null,
                            Wait_Seconds__c: 30
                        })
                    }
                ]
            },
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        alias: 'requested',
                        object: 'Diamy_Call__c',
                        fields: oldCall('dmy-old-request', ago(400), {
                            Source__c: 'Softphone',
                            Follow_Up_Request_Subject__c: 'Envoyer le devis à Jean Dupont',
                            Follow_Up_Request_Due_Date__c: ago(398).slice(0, 10),
                            Follow_Up_Request_Assignee__c: '@hugo'
                        })
                    }
                ]
            },
            { do: 'find', alias: 'followUp', object: 'Task', where: { Diamy_Follow_Up_Key__c: '~+33123456789' } },
            { do: 'find', alias: 'requestTask', object: 'Task', where: { Diamy_Follow_Up_Key__c: 'dmy-old-request|Request' } },
            { do: 'clock', to: NOW },
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' }
        ],
        seed: [logEntry('callLog', 'dmy-old-007', ago(1)), logEntry('otherLog', 'dmy-recent', ago(1))],
        expect: [
            {
                object: 'Diamy_Call__c',
                count: 202,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Retention', Anonymized_At__c: NOW },
                because: 'every call past the 365 days of the default is anonymized, in two batches (200 + 2)'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-old-007' },
                count: 1,
                fields: {
                    Direction__c: 'Inbound',
                    Outcome__c: 'Answered',
                    Disposition__c: 'Sale',
                    Started_At__c: ago(400),
                    Ended_At__c: ago(400, -370),
                    Talk_Seconds__c: 360,
                    Wait_Seconds__c: 10,
                    Agent__c: '@camille',
                    Contact__c: '@jean',
                    Account__c: '@acme',
                    Source__c: 'Diamy_Server'
                },
                because: 'the reports’ fields stay: direction, outcome, disposition, times, seconds, agent, related records'
            },
            {
                object: 'Task',
                where: { TaskSubtype: 'Call' },
                count: 202,
                fields: { Subject: 'Diamy call (anonymized)', Description: null, WhoId: '@jean', CallType: 'Inbound' },
                because: 'each call Task keeps its statistics but no longer says who called or what was said'
            },
            {
                object: 'Task',
                where: { Id: '@followUp' },
                count: 1,
                fields: { Subject: 'Diamy follow-up (anonymized)', Description: null, Diamy_Follow_Up_Key__c: null },
                because: 'the missed call’s follow-up carried the number in its key, subject and description'
            },
            {
                object: 'Task',
                where: { Id: '@requestTask' },
                count: 1,
                fields: { Subject: 'Diamy follow-up (anonymized)', Description: null, Diamy_Follow_Up_Key__c: null, OwnerId: '@hugo' },
                because: 'the requested follow-up copied the request subject'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Id: '@callLog' },
                count: 1,
                fields: { Payload__c: null, Message__c: null, Cleared_At__c: NOW, Severity__c: 'Warning', Diamy_Call_Id__c: 'dmy-old-007' },
                because: 'a log entry of an anonymized call is cleared with it, whatever its age'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Id: '@otherLog' },
                count: 1,
                fields: { Payload__c: '~+33123456789', Cleared_At__c: null },
                because: 'another call’s recent entry is not touched'
            },
            { object: 'Diamy_Integration_Log__c', where: { Severity__c: 'Error' }, count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: 'Diamy_Call_Retention', count: 202, because: 'one interview per call due' }]
    },
    {
        name: 'retention boundaries: a call exactly N days old is due, one second younger is not; 0 keeps; blank is the default',
        description:
            'The org sets 30 days for calls and 0 (keep) for recordings, and leaves logs blank (180 days). A call started exactly 30 days ago, to the second, is anonymized; one started a second later is not and keeps its recording link. A log entry logged exactly 180 days ago is cleared, one a second younger is not.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Call_Retention_Days__c: 30, Recording_Retention_Days__c: 0 } },
            seedCall('exactly', ago(30)),
            seedCall('younger', ago(30, -1)),
            logEntry('oldLog', null, ago(180)),
            logEntry('youngLog', null, ago(180, -1))
        ],
        steps: [
            { do: 'clock', to: NOW },
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            { do: 'runScheduledFlow', flow: 'Diamy_Recording_Retention', as: 'workflow' },
            { do: 'runScheduledFlow', flow: 'Diamy_Log_Retention', as: 'workflow' }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@exactly' },
                count: 1,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Retention', Talk_Seconds__c: 360 },
                because: 'inclusive: a call started exactly 30 days ago is due'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@younger' },
                count: 1,
                fields: { ...PERSONAL, Anonymized_At__c: null },
                because: 'one second younger than 30 days: kept, recording link too (recording retention 0 = keep)'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Id: '@oldLog' },
                count: 1,
                fields: { Payload__c: null, Message__c: null, Cleared_At__c: NOW, Area__c: 'Telephony' },
                because: 'blank log retention is 180 days, inclusive'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Id: '@youngLog' },
                count: 1,
                fields: { Payload__c: '~Jean Dupont', Cleared_At__c: null },
                because: 'a second younger than 180 days: kept'
            }
        ]
    },
    {
        name: 'retention off (0) keeps the calls; the recording link goes after its own default; an anonymized call is not touched again',
        description:
            'Call retention 0: a call 1,000 days old keeps its data, but its recording link goes after the default 180 days. A call anonymized earlier for an erasure is neither picked by the daily flow nor changed by the subflow run on it again.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Call_Retention_Days__c: 0 } },
            seedCall('ancient', ago(1000)),
            seedCall('erased', ago(500), {
                ...CLEARED,
                Anonymized_At__c: '2026-01-02T03:04:05.000Z',
                Anonymization_Reason__c: 'Erasure'
            })
        ],
        steps: [
            { do: 'clock', to: NOW },
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            { do: 'runScheduledFlow', flow: 'Diamy_Recording_Retention', as: 'workflow' },
            {
                do: 'runFlow',
                flow: 'Diamy_Anonymize_Calls',
                as: 'workflow',
                inputs: { callIds: ['@erased'], reason: 'Retention' },
                outputs: { errorMessage: null }
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@ancient' },
                count: 1,
                fields: { Caller_Name__c: 'Jean Dupont', Notes__c: NOTES, From_Number__c: '01 23 45 67 89', Recording_URL__c: null, Anonymized_At__c: null },
                because: '0 keeps the call’s data; the recording link follows the recording retention (blank = 180 days)'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@erased' },
                count: 1,
                fields: { Anonymized_At__c: '2026-01-02T03:04:05.000Z', Anonymization_Reason__c: 'Erasure' },
                because: 'an anonymized call keeps its first stamp and reason'
            }
        ],
        interviews: [
            { flow: 'Diamy_Call_Retention', count: 0, because: 'nothing is due with call retention 0' },
            { flow: 'Diamy_Recording_Retention', count: 1, because: 'only the call that still has a link past 180 days' }
        ]
    },
    {
        name: 'erasure: the subflow anonymizes the calls it is given with reason Erasure; an unknown reason fails cleanly and is logged',
        description:
            'An erasure request runs Diamy_Anonymize_Calls on one recent call of Jean: cleared and stamped Erasure, whatever the retention. Run with a reason the picklist does not know, it changes nothing, returns the error and logs it for the administrator.',
        users: USERS,
        records: CUSTOMERS,
        seed: [seedCall('recent', ago(2)), seedCall('other', ago(3))],
        steps: [
            { do: 'clock', to: NOW },
            {
                do: 'runFlow',
                flow: 'Diamy_Anonymize_Calls',
                as: 'workflow',
                inputs: { callIds: ['@recent'], reason: 'Erasure' },
                outputs: { errorMessage: null }
            },
            {
                do: 'runFlow',
                flow: 'Diamy_Anonymize_Calls',
                as: 'workflow',
                inputs: { callIds: ['@other'], reason: 'Forget' },
                outputs: { errorMessage: '*' }
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@recent' },
                count: 1,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Erasure', Anonymized_At__c: NOW, Talk_Seconds__c: 360 },
                because: 'erasure does not wait for the retention period'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@other' },
                count: 1,
                fields: { ...PERSONAL, Anonymized_At__c: null },
                because: 'a refused reason changes nothing'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Severity__c: 'Error' },
                count: 1,
                fields: { Area__c: 'Setup', Source__c: 'Flow Diamy_Anonymize_Calls', Related_Record_Id__c: '@workflow', Message__c: '~Could not clear the personal data of calls' },
                because: 'the failure is logged for the administrator, in the running user’s language'
            }
        ]
    },
    {
        name: 'retention: a failed copy leaves the call due, not stamped; the subflow returns the error',
        description:
            'A customer rule on Task refuses the call Task’s new subject without a description. The daily flow cannot clear the call Task: the call must not be stamped (a stamped call is never picked again and its copies would keep Jean’s data for ever), it keeps its data and stays due, the failure is logged, and the subflow run on it returns the error.',
        users: USERS,
        records: CUSTOMERS,
        validationRules: [TASK_RULE],
        steps: [
            ...dueCallSteps,
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            {
                do: 'runFlow',
                flow: 'Diamy_Anonymize_Calls',
                as: 'workflow',
                inputs: { callIds: ['@due'], reason: 'Retention' },
                outputs: { errorMessage: '~Describe the activity when you rename it' }
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@due' },
                count: 1,
                fields: { ...PERSONAL, Anonymized_At__c: null, Anonymization_Reason__c: null, Retention_Due__c: true },
                because: 'a call whose copies could not be cleared is not stamped: it stays due and the next run tries again'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Severity__c: 'Error', Source__c: 'Flow Diamy_Anonymize_Calls' },
                count: 2,
                fields: { Payload__c: '~Describe the activity when you rename it' },
                because: 'each failed run is logged for the administrator'
            }
        ]
    },
    {
        name: 'retention: after a failed run the next run clears every copy and stamps the call',
        description:
            'The customer rule on Task refuses the first run; the administrator deactivates it; the next day’s run clears the call, its Task and its log entry, and stamps the call.',
        users: USERS,
        records: CUSTOMERS,
        validationRules: [TASK_RULE],
        steps: [
            ...dueCallSteps,
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            { do: 'deactivateValidationRule', object: 'Task', name: TASK_RULE.name },
            { do: 'clock', to: ago(-1) },
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@due' },
                count: 1,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Retention', Anonymized_At__c: ago(-1) },
                because: 'the second run anonymizes the call and stamps it'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-due' },
                count: 1,
                fields: CLEARED_TASK,
                because: 'the call Task is cleared by the second run'
            },
            {
                object: 'Task',
                where: { Description: '~06 12 34 56 78' },
                count: 0,
                because: 'no Task keeps Jean’s notes'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Diamy_Call_Id__c: 'dmy-due' },
                count: 1,
                fields: { Payload__c: null, Message__c: null, Cleared_At__c: '*' },
                because: 'the call’s log entry is cleared'
            }
        ]
    },
    {
        name: 'late writes on an anonymized call keep nothing: Diamy’s upsert and the agent’s wrap-up retry',
        description:
            'Retention anonymized Jean’s call. Then Diamy’s server (Manage Diamy Calls, exempt from the facts lock) upserts the call again with its numbers, caller name, notes, recording link, consulted party and a follow-up request, and Camille’s browser retries her wrap-up with notes naming Jean and a callback time, which the administrator’s Callback rule acts on. Both saves succeed (a refusal would make them retry for ever) but the call keeps every personal field blank, its Task gets nothing back, and neither the callback rule nor the request makes a new Task naming Jean.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            ownRule('Callback', {
                Outcome__c: 'Answered',
                Related_Object__c: 'Any',
                Assignee__c: 'Agent',
                Due_From__c: 'Callback_Time',
                Due_In_Value__c: 1,
                Sort_Order__c: 2
            })
        ],
        steps: [
            ...dueCallSteps,
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                records: [{ object: 'Diamy_Call__c', fields: oldCall('dmy-due', ago(400), { Follow_Up_Request_Subject__c: 'Rappeler Jean Dupont' }) }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: { Id: '@due', Notes__c: NOTES, Disposition__c: 'Sale', Callback_At__c: ago(-2) }
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@due' },
                count: 1,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Retention', Anonymized_At__c: NOW, Talk_Seconds__c: 360 },
                because: 'an anonymized call keeps no personal field, whoever writes it back'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-due' },
                count: 1,
                fields: CLEARED_TASK,
                because: 'the call Task gets nothing back either'
            },
            { object: 'Task', where: { Subject: '~Jean' }, count: 0, because: 'no Task names Jean' },
            { object: 'Task', where: { Description: '~06 12 34 56 78' }, count: 0, because: 'no Task holds his notes' },
            {
                object: 'Task',
                count: 1,
                because:
                    'the late callback time and request make no new Task: Diamy_Call_Follow_Up and Diamy_Call_Follow_Up_Request leave anonymized calls alone'
            }
        ]
    },
    {
        name: 'agents still cannot clear a call’s facts, nor undo an anonymization',
        description:
            'Camille (no Manage Diamy Calls) tries to clear the number of her own call: refused by Diamy_Call_Facts_Locked. After retention anonymized it, Diamy’s integration user cannot stamp it again or clear the stamp: Diamy_Call_Anonymized_Final.',
        users: USERS,
        records: CUSTOMERS,
        seed: [seedCall('mine', ago(400))],
        steps: [
            { do: 'clock', to: NOW },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@mine', From_Number__c: null, From_Number_E164__c: null } }],
                expect: 'failure',
                error: 'cannot be changed'
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@mine', Recording_URL__c: null } }],
                expect: 'success'
            },
            { do: 'runScheduledFlow', flow: 'Diamy_Call_Retention', as: 'workflow' },
            {
                do: 'update',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@mine', Anonymized_At__c: null, Anonymization_Reason__c: null } }],
                expect: 'failure',
                error: 'cannot be undone'
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@mine' },
                count: 1,
                fields: { ...CLEARED, Anonymization_Reason__c: 'Retention' },
                because: 'the call is anonymized once, by the flow'
            }
        ]
    }
];
