// Scenarios of the follow-up rules (Diamy Call Follow-Up Rules) and of Diamy Follow-Up Task Closed or Reopened:
// reuse within the dedup window, a new follow-up after it, closed follow-ups, queues, business hours, the
// administrator's own rules and the switch that turns the shipped ones off. Data only.
import type { Fields, RecordSpec, Scenario } from '../engine/scenario.ts';
import { CUSTOMERS, USERS } from './people.ts';

const JEAN_KEY = '+33123456789|Missed_Known_Caller';

/** A missed inbound call from Jean that ended at `end` (ISO, UTC). */
function missed(id: string, end: string, changes: Fields = {}): Fields {
    const ended = new Date(end);
    return {
        Diamy_Call_Id__c: id,
        Direction__c: 'Inbound',
        Outcome__c: 'Missed',
        From_Number__c: '01 23 45 67 89',
        From_Number_E164__c: '+33123456789',
        To_Number_E164__c: '+33970000000',
        Started_At__c: new Date(ended.getTime() - 30_000).toISOString(),
        Ended_At__c: ended.toISOString(),
        Wait_Seconds__c: 30,
        Source__c: 'Diamy_Server',
        Contact__c: '@jean',
        Account__c: '@acme',
        ...changes
    };
}

/** An answered inbound call from Jean that Camille's softphone saves (her own call, Source Softphone). */
function answeredBy(id: string, changes: Fields = {}): Fields {
    return {
        Diamy_Call_Id__c: id,
        Direction__c: 'Inbound',
        Outcome__c: 'Answered',
        From_Number__c: '01 23 45 67 89',
        From_Number_E164__c: '+33123456789',
        To_Number_E164__c: '+33970000000',
        Started_At__c: '2025-03-14T09:58:00Z',
        Answered_At__c: '2025-03-14T09:58:10Z',
        Ended_At__c: '2025-03-14T10:04:10Z',
        Talk_Seconds__c: 360,
        Wait_Seconds__c: 10,
        Source__c: 'Softphone',
        Agent__c: '@camille',
        Contact__c: '@jean',
        Account__c: '@acme',
        ...changes
    };
}

/** An administrator's own rule (a custom metadata record they created: not shipped, kept across upgrades). */
export function ownRule(developerName: string, values: Fields): RecordSpec {
    return {
        object: 'Diamy_Task_Rule__mdt',
        fields: {
            DeveloperName: developerName,
            MasterLabel: developerName,
            Active__c: true,
            Shipped__c: false,
            Assignee__c: 'Record_Owner',
            Direction__c: 'Inbound',
            Outcome__c: 'Missed',
            Related_Object__c: 'Known_Caller',
            Due_In_Unit__c: 'Days',
            Due_In_Value__c: 1,
            Dedup_Window_Hours__c: 24,
            Priority__c: 'Normal',
            Send_Notification__c: false,
            Sort_Order__c: 5,
            Stop_After_Match__c: true,
            UTC_Offset_Hours__c: 1,
            ...values
        }
    };
}

const missedKnownCaller = (changes: Fields = {}) => ({
    Subject: 'Appel manqué – rappeler Jean Dupont',
    Priority: 'High',
    Status: 'Not Started',
    ActivityDate: '2025-03-14',
    IsReminderSet: false,
    WhoId: '@jean',
    WhatId: '@acme',
    OwnerId: '@admin',
    ...changes
});

export const FOLLOW_UP_SCENARIOS: Scenario[] = [
    {
        name: 'a missed call again within the hour reuses the open follow-up',
        description:
            'Jean misses Camille twice, an hour apart: the second call adds a line to the open follow-up and points at it; no second task.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-r1', '2025-03-14T09:50:00Z') }]
            },
            { do: 'find', alias: 'followUp', object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY } },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-r2', '2025-03-14T11:00:00Z') }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY },
                count: 1,
                fields: missedKnownCaller({
                    Description:
                        '~\nNouvel appel : Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-r2.'
                }),
                because: 'the open follow-up is reused and records the second call'
            },
            {
                object: 'Task',
                where: {
                    Diamy_Follow_Up_Key__c: JEAN_KEY,
                    Description: '~Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-r1.'
                },
                count: 1,
                because: 'its first line is still the first call'
            },
            {
                object: 'Diamy_Call__c',
                where: { Follow_Up_Task_Id__c: '@followUp' },
                count: 2,
                fields: { Follow_Up_Open__c: true, Follow_Up_Due_Date__c: '2025-03-14' },
                because: 'both calls point at the one follow-up, due when it is due'
            }
        ],
        sideEffects: [
            { kind: 'customNotification', count: 2, because: 'each missed call notifies the owner, the second with its new line' }
        ]
    },
    {
        name: 'after the dedup window a missed call gets a new follow-up',
        description:
            'Jean misses a call on Friday morning and again on Saturday morning (25 h later, the rule deduplicates for 24 h): a second follow-up.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-w1', '2025-03-14T09:50:00Z') }]
            },
            { do: 'clock', to: '2025-03-15T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ alias: 'w2', object: 'Diamy_Call__c', fields: missed('dmy-w2', '2025-03-15T11:00:00Z') }]
            },
            {
                do: 'find',
                alias: 'second',
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY, ActivityDate: '2025-03-15' }
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY, IsClosed: false },
                count: 2,
                because: 'outside the window, a new follow-up'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-w2' },
                count: 1,
                fields: { Follow_Up_Task_Id__c: '@second', Follow_Up_Due_Date__c: '2025-03-15' },
                because: 'the second call points at its own follow-up'
            }
        ]
    },
    {
        name: 'a closed follow-up is not reused',
        description:
            'Camille calls Jean back and closes the follow-up; Jean misses again an hour later: a new follow-up, the closed one stays closed.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-c1', '2025-03-14T09:50:00Z') }]
            },
            { do: 'find', alias: 'first', object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY } },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@first', Status: 'Completed' } }] },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-c2', '2025-03-14T11:00:00Z') }]
            }
        ],
        expect: [
            { object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY }, count: 2, because: 'a new follow-up' },
            {
                object: 'Task',
                where: { Id: '@first' },
                count: 1,
                fields: {
                    IsClosed: true,
                    Description: 'Appel entrant du +33123456789 (Appel manqué), attente 30 s. Appel Diamy dmy-c1.'
                },
                because: 'the closed one is untouched'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-c1' },
                count: 1,
                fields: { Follow_Up_Open__c: false },
                because: 'closing it cleared the first call’s flag'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-c2' },
                count: 1,
                fields: { Follow_Up_Open__c: true },
                because: 'the new follow-up is open'
            }
        ]
    },
    {
        name: 'an older open follow-up outside the window is left alone',
        description:
            'An open follow-up for Jean from three days ago is outside the 24 h window: a new missed call creates its own follow-up, which is not merged into the old one.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            {
                alias: 'old',
                object: 'Task',
                fields: {
                    Subject: 'Ancien suivi',
                    Status: 'Not Started',
                    Priority: 'High',
                    Diamy_Follow_Up_Key__c: JEAN_KEY,
                    Description: 'Ancien appel.',
                    WhoId: '@jean',
                    OwnerId: '@admin',
                    IsClosed: false,
                    CreatedDate: '2025-03-11T10:00:00.000Z'
                }
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-o1', '2025-03-14T09:50:00Z') }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY, IsClosed: false },
                count: 2,
                because: 'the old one is outside the window'
            },
            {
                object: 'Task',
                where: { Id: '@old' },
                count: 1,
                fields: { Description: 'Ancien appel.' },
                because: 'the old follow-up is not touched'
            }
        ]
    },
    {
        name: 'two callers missed in one batch keep their own follow-ups',
        description:
            'Jean misses twice and Léa (a lead) once in one batch: Jean’s two follow-ups merge into one, Léa keeps hers, on the lead with no Related To.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    { object: 'Diamy_Call__c', fields: missed('dmy-b1', '2025-03-14T09:50:00Z') },
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-b2', '2025-03-14T09:51:00Z', {
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            From_Number__c: '06 11 22 33 44',
                            From_Number_E164__c: '+33611223344'
                        })
                    },
                    { object: 'Diamy_Call__c', fields: missed('dmy-b3', '2025-03-14T09:55:00Z') }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY },
                count: 1,
                fields: { Description: '~dmy-b3' },
                because: 'Jean’s two follow-ups are merged'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33611223344|Missed_Known_Caller' },
                count: 1,
                fields: { WhoId: '@lea', WhatId: null, Subject: 'Appel manqué – rappeler Léa Petit', Description: '~dmy-b2' },
                because: 'Léa’s follow-up is hers alone'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33611223344|Missed_Known_Caller', Description: '~dmy-b1' },
                count: 0,
                because: 'nothing of Jean’s is merged into Léa’s'
            }
        ]
    },
    {
        name: 'a voicemail follow-up goes to the agent',
        description:
            'Jean leaves Camille a voicemail: the shipped Voicemail rule gives Camille a high-priority follow-up due today, and a notification.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        alias: 'vm',
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-vm', '2025-03-14T09:50:00Z', { Outcome__c: 'Voicemail', Agent__c: '@camille' })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Voicemail' },
                count: 1,
                fields: {
                    OwnerId: '@camille',
                    Priority: 'High',
                    ActivityDate: '2025-03-14',
                    WhoId: '@jean',
                    WhatId: '@acme',
                    Subject: '~Jean Dupont'
                },
                because: 'the voicemail rule assigns the agent'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: JEAN_KEY },
                count: 0,
                because: 'the voicemail rule stops evaluation'
            }
        ],
        sideEffects: [{ kind: 'customNotification', count: 1, because: 'the rule notifies' }]
    },
    {
        name: 'an unknown caller’s missed call goes to the callbacks queue',
        description:
            'With an administrator’s rule for unknown callers (assignee: queue Diamy_Callbacks, due in 2 hours with a reminder), a missed call from an unknown number is a task of that queue.',
        users: USERS,
        records: CUSTOMERS,
        queues: ['Diamy_Callbacks', 'Other_Queue'],
        seed: [
            ownRule('Unknown_To_Queue', {
                Assignee__c: 'Queue',
                Queue_Developer_Name__c: 'Diamy_Callbacks',
                Related_Object__c: 'Unknown_Caller',
                Due_In_Unit__c: 'Hours',
                Due_In_Value__c: 2,
                Sort_Order__c: 1
            })
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-u1', '2025-03-14T09:50:00Z', {
                            Contact__c: null,
                            Account__c: null,
                            From_Number__c: '01 99 99 99 99',
                            From_Number_E164__c: '+33199999999'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33199999999|Unknown_To_Queue' },
                count: 1,
                fields: {
                    OwnerId: '@Diamy_Callbacks',
                    IsReminderSet: true,
                    ReminderDateTime: '2025-03-14T12:05:00.000Z',
                    ActivityDate: '2025-03-14',
                    Priority: 'Normal',
                    WhoId: null,
                    WhatId: null
                },
                because: 'the queue owns it, with a reminder two hours after the rules ran'
            }
        ]
    },
    {
        name: 'shipped rules turned off: only the administrator’s own rules apply',
        description:
            'Diamy Settings turns the shipped rules off; the administrator’s copy of the missed-call rule (due tomorrow, normal priority) applies instead.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Shipped_Rules_Off__c: true } },
            ownRule('My_Missed_Rule', {})
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-off', '2025-03-14T09:50:00Z') }]
            }
        ],
        expect: [
            { object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY }, count: 0, because: 'the shipped rule is off' },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|My_Missed_Rule' },
                count: 1,
                fields: { ActivityDate: '2025-03-15', Priority: 'Normal', IsReminderSet: false },
                because: 'the administrator’s rule applies: due tomorrow, no reminder (only rules due in hours set one)'
            }
        ],
        sideEffects: [{ kind: 'customNotification', count: 0, because: 'the administrator’s rule does not notify' }]
    },
    {
        name: 'business hours: a rule for office hours ignores an evening call',
        description:
            'An administrator’s rule applies inside office hours only (Monday to Friday, 9:00 to 18:00, UTC+1): Jean’s call at 20:30 local time gets no follow-up from it, his call at 11:00 does.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Shipped_Rules_Off__c: true } },
            ownRule('Office_Hours', {
                Business_Hours__c: 'Inside',
                Business_Days__c: '1;2;3;4;5',
                Business_Hours_Start__c: 9,
                Business_Hours_End__c: 18
            })
        ],
        steps: [
            { do: 'clock', to: '2025-03-14T19:35:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-late', '2025-03-14T19:30:00Z') }]
            },
            { do: 'clock', to: '2025-03-17T10:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-day', '2025-03-17T10:00:00Z') }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Office_Hours' },
                count: 1,
                fields: { Description: '~dmy-day' },
                because: 'only the call inside office hours'
            }
        ]
    },
    {
        name: 'a rule without a dedup window creates a follow-up per call',
        description: 'An administrator’s rule with no dedup window: Jean’s two missed calls an hour apart give two follow-ups.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Shipped_Rules_Off__c: true } },
            ownRule('No_Dedup', { Dedup_Window_Hours__c: 0 })
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-n1', '2025-03-14T09:50:00Z') }]
            },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-n2', '2025-03-14T11:00:00Z') }]
            }
        ],
        expect: [
            { object: 'Task', where: { Diamy_Follow_Up_Key__c: '+33123456789|No_Dedup' }, count: 2, because: 'no dedup window' }
        ]
    },
    {
        name: 'closing one follow-up leaves the other caller’s call alone',
        description: 'Jean and Léa each have a follow-up; closing Jean’s clears only Jean’s call’s flag.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    { object: 'Diamy_Call__c', fields: missed('dmy-j', '2025-03-14T09:50:00Z') },
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-l', '2025-03-14T09:51:00Z', {
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            From_Number__c: '06 11 22 33 44',
                            From_Number_E164__c: '+33611223344'
                        })
                    }
                ]
            },
            { do: 'find', alias: 'jeans', object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY } },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@jeans', Status: 'Completed' } }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-j' },
                count: 1,
                fields: { Follow_Up_Open__c: false },
                because: 'Jean’s follow-up is closed'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-l' },
                count: 1,
                fields: { Follow_Up_Open__c: true },
                because: 'Léa’s is still open'
            }
        ]
    },
    {
        name: 'a refused call update when a follow-up closes is logged',
        description:
            'An administrator’s validation rule refuses changes of Follow-Up Open by users without Diamy_Integration (Diamy’s server has it): closing the follow-up still works, the refused call update is logged.',
        users: { ...USERS, diamy: { ...USERS.diamy, permissions: ['Diamy_Integration', 'Diamy_Manage_Calls'] } },
        records: CUSTOMERS,
        validationRules: [
            {
                object: 'Diamy_Call__c',
                name: 'Follow_Up_Flag_Locked',
                formula: 'AND(NOT(ISNEW()), ISCHANGED(Follow_Up_Open__c), NOT($Permission.Diamy_Integration))',
                message: 'Follow-up flag is managed by Diamy.'
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ alias: 'call', object: 'Diamy_Call__c', fields: missed('dmy-lock', '2025-03-14T09:50:00Z') }]
            },
            { do: 'find', alias: 'followUp', object: 'Task', where: { Diamy_Follow_Up_Key__c: JEAN_KEY } },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@followUp', Status: 'Completed' } }] }
        ],
        expect: [
            { object: 'Task', where: { Id: '@followUp' }, count: 1, fields: { IsClosed: true }, because: 'the task closes' },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Follow_Up_Open__c: true },
                because: 'the refused update left the flag'
            },
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Severity__c: 'Error',
                    Status__c: 'New',
                    Logged_At__c: '2025-03-14T10:05:00.000Z',
                    Payload__c: '~FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    Message__c:
                        '~Could not update the calls of the closed or reopened follow-up task: FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    Source__c: '~Diamy_Task_Follow_Up_Closed'
                },
                because: 'the refusal is logged for the admin'
            }
        ]
    },
    {
        name: 'two rules match one call: each keeps its own follow-up',
        description:
            'Two administrator’s rules apply to Jean’s missed calls without stopping: one reuses its open follow-up (24 h window), the other has no window and creates one per call. The second call updates the first rule’s follow-up and creates a new one for the second rule, never updating the first rule’s task for it.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Shipped_Rules_Off__c: true } },
            ownRule('Reuse_Rule', { Stop_After_Match__c: false, Sort_Order__c: 5 }),
            ownRule('Every_Call_Rule', { Stop_After_Match__c: false, Sort_Order__c: 6, Dedup_Window_Hours__c: 0 })
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-two-1', '2025-03-14T09:50:00Z') }]
            },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [{ object: 'Diamy_Call__c', fields: missed('dmy-two-2', '2025-03-14T11:00:00Z') }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Reuse_Rule' },
                count: 1,
                fields: { Description: '~dmy-two-2' },
                because: 'the first rule reuses its follow-up'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Every_Call_Rule' },
                count: 2,
                because: 'the second rule creates one per call'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Every_Call_Rule', Description: '~dmy-two-1' },
                count: 1,
                because: 'the second rule’s first follow-up only records the first call'
            }
        ]
    },
    {
        name: 'withheld numbers are never merged',
        description:
            'Two voicemails from withheld numbers, an hour apart, with the shipped Voicemail rule (24 h window): no number to deduplicate on, so two follow-ups for the agent.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-anon-1', '2025-03-14T09:50:00Z', {
                            Outcome__c: 'Voicemail',
                            Agent__c: '@camille',
                            From_Number__c: null,
                            From_Number_E164__c: null,
                            Contact__c: null,
                            Account__c: null
                        })
                    }
                ]
            },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-anon-2', '2025-03-14T11:00:00Z', {
                            Outcome__c: 'Voicemail',
                            Agent__c: '@camille',
                            From_Number__c: null,
                            From_Number_E164__c: null,
                            Contact__c: null,
                            Account__c: null
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { OwnerId: '@camille', TaskSubtype: 'Task' },
                count: 2,
                fields: { Priority: 'High', WhoId: null, WhatId: null, Diamy_Follow_Up_Key__c: '|Voicemail' },
                because: 'each withheld call gets its own follow-up'
            }
        ]
    },
    {
        name: 'a missed call from a company’s switchboard',
        description:
            'The number is Acme’s switchboard (the call is matched to the account only). An administrator’s rule for calls about an account gives the account owner a follow-up related to Acme, with no contact.',
        users: USERS,
        records: CUSTOMERS,
        seed: [ownRule('Account_Callback', { Related_Object__c: 'Account', Sort_Order__c: 1 })],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-switchboard', '2025-03-14T09:50:00Z', {
                            Contact__c: null,
                            From_Number__c: '01 40 00 00 00',
                            From_Number_E164__c: '+33140000000'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33140000000|Account_Callback' },
                count: 1,
                fields: { WhatId: '@acme', WhoId: null, OwnerId: '@admin', ActivityDate: '2025-03-15' },
                because: 'the follow-up is about the account, for its owner'
            }
        ]
    },
    {
        name: 'a refused call stamp is logged and the follow-up stays',
        description:
            'An administrator’s validation rule refuses changes of Follow-Up Task Id by users without Diamy_Integration. An agent’s own voicemail save creates the follow-up, the stamp of the call is refused: the fault is logged in the agent’s language, the follow-up stays.',
        users: USERS,
        records: CUSTOMERS,
        validationRules: [
            {
                object: 'Diamy_Call__c',
                name: 'Follow_Up_Task_Locked',
                formula: 'AND(ISCHANGED(Follow_Up_Task_Id__c), NOT($Permission.Diamy_Integration))',
                message: 'Follow-up task is managed by Diamy.'
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        alias: 'vm',
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-stamp', '2025-03-14T09:50:00Z', {
                            Outcome__c: 'Voicemail',
                            Agent__c: '@camille',
                            Source__c: 'Softphone'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Voicemail' },
                count: 1,
                fields: { OwnerId: '@camille' },
                because: 'the follow-up created before the refused stamp stays'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@vm' },
                count: 1,
                fields: { Follow_Up_Task_Id__c: null },
                because: 'the refused stamp left the call as it was'
            },
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Severity__c: 'Error',
                    Message__c: '~Impossible de créer ou de mettre à jour la tâche de suivi : FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    Payload__c: '~Follow-up task is managed by Diamy.',
                    Related_Record_Id__c: '@vm'
                },
                because: 'the refusal is logged for the admin, in words for the message and in full in the payload'
            }
        ]
    },
    {
        name: 'a callback time from the wrap-up gives a callback follow-up due then, rescheduled when it moves',
        description:
            'The admin’s rule gives a callback follow-up to the agent when an answered call gets a callback time. Camille saves her answered call with Jean (no follow-up: no callback yet), then her wrap-up says “call back Monday 09:30”: a follow-up due Monday with a reminder at 09:30. She moves the callback to Tuesday 14:00: the same follow-up moves, with no “new call” line; a wrap-up without a new callback time changes nothing.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            ownRule('Callback_Promised', {
                Outcome__c: 'Answered',
                Related_Object__c: 'Any',
                Assignee__c: 'Agent',
                Due_From__c: 'Callback_Time',
                Due_In_Value__c: 0,
                Dedup_Window_Hours__c: 168,
                Subject_Template__c: 'Rappeler {Caller} comme promis',
                Sort_Order__c: 1
            })
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'call', object: 'Diamy_Call__c', fields: answeredBy('dmy-cb1') }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Disposition__c: 'Resolved', Notes__c: 'Devis à préparer.', Callback_At__c: '2025-03-17T08:30:00.000Z' } }]
            },
            { do: 'find', alias: 'callback', object: 'Task', where: { Diamy_Follow_Up_Key__c: '+33123456789|Callback_Promised' } },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Callback_At__c: '2025-03-18T13:00:00.000Z' } }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Notes__c: 'Devis envoyé.' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Callback_Promised' },
                count: 1,
                fields: {
                    Id: '@callback',
                    Subject: 'Rappeler Jean Dupont comme promis',
                    OwnerId: '@camille',
                    ActivityDate: '2025-03-18',
                    IsReminderSet: true,
                    ReminderDateTime: '2025-03-18T13:00:00.000Z',
                    Description: 'Appel entrant du +33123456789 (Décroché), attente 10 s. Appel Diamy dmy-cb1.'
                },
                because: 'one follow-up, moved to the new callback time, without a line for the same call'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Follow_Up_Task_Id__c: '@callback', Follow_Up_Open__c: true, Follow_Up_Due_Date__c: '2025-03-18', Notes__c: 'Devis envoyé.' },
                because: 'the call points at its callback follow-up, due when it is due now'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'every flow update passed the rules' }
        ]
    },
    {
        name: 'end-of-call rules do not run again at the wrap-up; a callback rule needs a callback time',
        description:
            'The admin has an end-of-call rule for answered calls (a satisfaction survey task) and a callback rule. The answered call gets the survey task when it is saved; the wrap-up with notes only runs neither rule again, and a wrap-up with a callback time runs only the callback rule.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            ownRule('Survey', { Outcome__c: 'Answered', Related_Object__c: 'Any', Assignee__c: 'Agent', Due_From__c: 'Call_End', Due_In_Value__c: 2, Stop_After_Match__c: false, Sort_Order__c: 1 }),
            ownRule('Callback', { Outcome__c: 'Answered', Related_Object__c: 'Any', Assignee__c: 'Agent', Due_From__c: 'Callback_Time', Due_In_Value__c: 1, Sort_Order__c: 2 })
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'call', object: 'Diamy_Call__c', fields: answeredBy('dmy-cb2') }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Notes__c: 'Rien à signaler.' } }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@call', Callback_At__c: '2025-03-20T15:00:00.000Z' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Survey' },
                count: 1,
                fields: { ActivityDate: '2025-03-16', IsReminderSet: false },
                because: 'the end-of-call rule acted once, when the call was saved'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Callback' },
                count: 1,
                fields: { ActivityDate: '2025-03-21', IsReminderSet: true, ReminderDateTime: '2025-03-20T15:00:00.000Z', OwnerId: '@camille' },
                because: 'the callback rule acted when the callback time came, due a day later, reminding at the callback time'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@call' },
                count: 1,
                fields: { Follow_Up_Due_Date__c: '2025-03-21', Follow_Up_Open__c: true },
                because: 'the latest run of the rules stamps the call: it now points at its callback follow-up'
            }
        ]
    }
];
