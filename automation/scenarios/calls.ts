// Scenarios of the call flows (Diamy Call → Activity, follow-up rules, follow-up closed), run by the offline flow
// engine against the flows the package ships. Data only: who does what, and what the org must hold afterwards.
import type { Fields, Scenario } from '../engine/scenario.ts';
import { CUSTOMERS, USERS } from './people.ts';

/** An ended call, as the softphone or Diamy's server writes it. */
export function call(id: string, changes: Fields = {}): Fields {
    return {
        Diamy_Call_Id__c: id,
        Direction__c: 'Inbound',
        Outcome__c: 'Answered',
        From_Number__c: '01 23 45 67 89',
        From_Number_E164__c: '+33123456789',
        To_Number__c: '09 70 00 00 00',
        To_Number_E164__c: '+33970000000',
        Started_At__c: '2025-03-14T09:58:00Z',
        Answered_At__c: '2025-03-14T09:58:10Z',
        Ended_At__c: '2025-03-14T10:04:10Z',
        Talk_Seconds__c: 360,
        Wait_Seconds__c: 10,
        Source__c: 'Diamy_Server',
        Contact__c: '@jean',
        Account__c: '@acme',
        Agent__c: '@camille',
        ...changes
    };
}

const missed = (id: string, changes: Fields = {}): Fields =>
    call(id, { Outcome__c: 'Missed', Answered_At__c: null, Talk_Seconds__c: null, Wait_Seconds__c: 30, ...changes });

export const CALL_SCENARIOS: Scenario[] = [
    {
        name: 'server batch of 200 calls',
        description:
            'Diamy’s server upserts 200 ended calls in one composite request (allOrNone false): one completed call Task per call, each linked back, nothing logged as an error.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                allOrNone: false,
                records: Array.from({ length: 200 }, (_, i) => ({
                    object: 'Diamy_Call__c',
                    fields: call(`dmy-batch-${String(i).padStart(3, '0')}`)
                }))
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { TaskSubtype: 'Call' },
                count: 200,
                fields: { Status: 'Completed', WhoId: '@jean', WhatId: '@acme', CallType: 'Inbound', OwnerId: '@camille' },
                because: 'every ended call is one completed call Task'
            },
            { object: 'Diamy_Call__c', where: { Task_Id__c: null }, count: 0, because: 'every call points at its Task' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'the same number missed twice in one batch',
        description:
            'Two missed calls from Jean arrive in the same batch from Diamy’s server. The interviews of a batch look for an open follow-up at the same time and both create one; the flow then merges them: one follow-up (the rule’s 24 h dedup window) with a line for each call, both calls pointing at it.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        alias: 'first',
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-twice-1', {
                            Started_At__c: '2025-03-14T09:50:00Z',
                            Ended_At__c: '2025-03-14T09:50:30Z'
                        })
                    },
                    {
                        alias: 'second',
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-twice-2', {
                            Started_At__c: '2025-03-14T09:55:00Z',
                            Ended_At__c: '2025-03-14T09:55:30Z'
                        })
                    }
                ]
            },
            {
                do: 'find',
                alias: 'followUp',
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' }
            }
        ],
        expect: [
            { object: 'Task', where: { TaskSubtype: 'Call' }, count: 2, because: 'each call is logged' },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller', IsClosed: false },
                count: 1,
                fields: { Description: '~Nouvel appel : Appel entrant', Priority: 'High' },
                because: 'one open follow-up per number and rule within the dedup window, with a line for the second call'
            },
            {
                object: 'Diamy_Call__c',
                where: { Follow_Up_Task_Id__c: '@followUp' },
                count: 2,
                fields: { Follow_Up_Open__c: true },
                because: 'both calls point at the follow-up that stays'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        sideEffects: [
            {
                kind: 'customNotification',
                count: 2,
                because: 'each missed call notifies the owner, as when the calls arrive one by one'
            }
        ]
    },
    {
        name: 'a missed call again after the follow-up was deleted',
        description:
            'Jean’s missed call creates a follow-up; an admin deletes it; Jean calls and misses again an hour later: a new follow-up, no error.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'insert', as: 'diamy', records: [{ alias: 'first', object: 'Diamy_Call__c', fields: missed('dmy-del-1') }] },
            {
                do: 'find',
                alias: 'followUp',
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' }
            },
            { do: 'clock', to: '2025-03-14T11:05:00Z' },
            { do: 'delete', as: 'admin', aliases: ['followUp'] },
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        alias: 'second',
                        object: 'Diamy_Call__c',
                        fields: missed('dmy-del-2', {
                            Started_At__c: '2025-03-14T11:00:00Z',
                            Ended_At__c: '2025-03-14T11:00:30Z'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' },
                count: 1,
                because: 'the second miss finds no open follow-up and creates one'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'a deleted follow-up is not an error' }
        ]
    },
    {
        name: 'wrap-up after the call Task was deleted',
        description:
            'An agent’s call is logged; someone deletes its Task; the agent then saves the wrap-up: the flow looks for the linked Task, does not find it, and logs the call again, once.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'c1', object: 'Diamy_Call__c', fields: call('dmy-wrap-1', { Source__c: 'Softphone' }) }]
            },
            { do: 'find', alias: 't1', object: 'Task', where: { CallObject: 'dmy-wrap-1' } },
            { do: 'delete', as: 'admin', aliases: ['t1'] },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@c1', Disposition__c: 'Sale', Notes__c: 'Devis envoyé.' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-wrap-1' },
                count: 1,
                fields: { Description: 'Devis envoyé.', CallDisposition: '~Vente' },
                because: 'the wrap-up updates the one call Task'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-wrap-1' },
                count: 1,
                fields: { Task_Id__c: '*' },
                because: 'the call points at its Task'
            }
        ]
    },
    {
        name: 're-entry: the flow updates its own call',
        description:
            'Logging writes the Task id back into the call (an update of the record whose after-save flows are running); whether or not that update runs the after-save flows again, there is one Task.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'c1', object: 'Diamy_Call__c', fields: call('dmy-re-1', { Source__c: 'Softphone' }) }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@c1', Notes__c: 'Premier appel.' } }]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@c1', Notes__c: 'Rappeler lundi.' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-re-1' },
                count: 1,
                fields: { Description: 'Rappeler lundi.' },
                because: 'one Task per call, in step with the latest notes'
            }
        ]
    },
    {
        name: 'a validation rule refuses the flow’s own update',
        description:
            'An admin adds a rule that refuses any change of Task Id by users without the Diamy_Integration permission. The flow creates the Task, its link-back update is refused for the agent who saved the call: the fault path logs it, the call itself is saved.',
        users: USERS,
        records: CUSTOMERS,
        validationRules: [
            {
                object: 'Diamy_Call__c',
                name: 'Task_Id_Locked',
                formula: 'AND(ISCHANGED(Task_Id__c), NOT($Permission.Diamy_Integration))',
                message: 'Task Id is managed by Diamy.'
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'c1', object: 'Diamy_Call__c', fields: call('dmy-vr-1', { Source__c: 'Softphone' }) }]
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-vr-1' },
                count: 1,
                fields: { Task_Id__c: null },
                because: 'the call is saved, unlinked'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-vr-1' },
                count: 1,
                because: 'the Task created before the refused update stays (a handled fault keeps earlier work)'
            },
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Area__c: 'Logging',
                    Severity__c: 'Error',
                    Payload__c: '~FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    Message__c: '~Impossible d’enregistrer l’appel comme activité : ',
                    Related_Record_Id__c: '@c1'
                },
                because: 'the refusal is logged for the admin'
            }
        ]
    },
    {
        name: 'a call pointed at another call’s Task',
        description:
            'Task_Id__c of a call names the Task of another call (a forged or mistaken value): the flow never updates that Task; the call gets its own.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'hugo',
                records: [
                    {
                        alias: 'other',
                        object: 'Diamy_Call__c',
                        fields: call('dmy-other', {
                            Source__c: 'Softphone',
                            Agent__c: '@hugo',
                            Contact__c: null,
                            Account__c: null,
                            Caller_Name__c: 'Client de Hugo'
                        })
                    }
                ]
            },
            { do: 'insert', as: 'diamy', records: [{ alias: 'mine', object: 'Diamy_Call__c', fields: call('dmy-mine') }] },
            { do: 'find', alias: 'otherTask', object: 'Task', where: { CallObject: 'dmy-other' } },
            { do: 'find', alias: 'myTask', object: 'Task', where: { CallObject: 'dmy-mine' } },
            {
                do: 'update',
                as: 'admin',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: { Id: '@mine', Task_Id__c: '@otherTask', Notes__c: 'Écrase le Task d’un autre.' }
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-other' },
                count: 1,
                fields: { OwnerId: '@hugo', Subject: '~Client de Hugo', Description: null },
                because: 'the other call’s Task is untouched'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-mine' },
                count: 1,
                fields: { Id: '@myTask', Description: 'Écrase le Task d’un autre.', OwnerId: '@camille' },
                because: 'this call’s own Task gets the notes'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@mine' },
                count: 1,
                fields: { Task_Id__c: '@myTask' },
                because: 'the call is linked back to its own Task'
            }
        ]
    },
    {
        name: 'a replayed call whose Task exists but was never linked',
        description:
            'The call Task exists (CallObject = the Diamy call id) but the call lost its link: when Diamy’s server replays the call, the flow finds the Task by call id and links it instead of creating another.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            {
                alias: 'logged',
                object: 'Task',
                fields: {
                    Subject: 'Appel entrant – Jean Dupont',
                    Status: 'Completed',
                    Priority: 'Normal',
                    TaskSubtype: 'Call',
                    CallObject: 'dmy-replay',
                    WhoId: '@jean',
                    OwnerId: '@camille',
                    IsClosed: true
                }
            }
        ],
        steps: [
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                records: [{ object: 'Diamy_Call__c', fields: call('dmy-replay', { Notes__c: 'Rejoué.' }) }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-replay' },
                count: 1,
                fields: { Description: 'Rejoué.' },
                because: 'the existing Task is updated, never duplicated'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-replay' },
                count: 1,
                fields: { Task_Id__c: '@logged' },
                because: 'the call is linked to the Task it already had'
            }
        ]
    },
    {
        name: 'people and related records on the Task',
        description:
            'A call about Jean and the Acme renewal is logged on Jean (Name) and the opportunity (Related To); a call with a lead is logged on the lead with no Related To.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    { object: 'Diamy_Call__c', fields: call('dmy-opp', { Source__c: 'Softphone', Opportunity__c: '@deal' }) },
                    {
                        object: 'Diamy_Call__c',
                        fields: call('dmy-lead', {
                            Source__c: 'Softphone',
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            From_Number_E164__c: '+33611223344'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-opp' },
                count: 1,
                fields: { WhoId: '@jean', WhatId: '@deal' },
                because: 'the person is the contact, the record the opportunity'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-lead' },
                count: 1,
                fields: { WhoId: '@lea', WhatId: null },
                because: 'a task about a lead has no Related To'
            }
        ]
    },
    {
        name: 'closing and reopening a follow-up',
        description:
            'Jean’s missed call gets a follow-up (a notification to Jean’s owner); closing it clears the call’s Follow-Up Open flag, reopening it sets it again.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'insert', as: 'diamy', records: [{ alias: 'm1', object: 'Diamy_Call__c', fields: missed('dmy-close-1') }] },
            {
                do: 'find',
                alias: 'followUp',
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' }
            },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@followUp', Status: 'Completed' } }] },
            {
                do: 'find',
                alias: 'closedCall',
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-close-1', Follow_Up_Open__c: false }
            },
            { do: 'update', as: 'admin', records: [{ object: 'Task', fields: { Id: '@followUp', Status: 'In Progress' } }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-close-1' },
                count: 1,
                fields: { Follow_Up_Open__c: true, Follow_Up_Task_Id__c: '@followUp', Follow_Up_Due_Date__c: '2025-03-14' },
                because: 'closing cleared the flag (the find step above), reopening set it again'
            },
            {
                object: 'Task',
                where: { Diamy_Follow_Up_Key__c: '+33123456789|Missed_Known_Caller' },
                count: 1,
                fields: { Priority: 'High', Status: 'In Progress', WhoId: '@jean', OwnerId: '@admin' },
                because: 'a callback task for the record owner'
            }
        ],
        sideEffects: [{ kind: 'customNotification', count: 1, because: 'the rule notifies the record owner' }]
    },
    {
        name: 'a ringing call is logged when it ends, in the agent’s language',
        description:
            'Diamy’s server upserts the call while it rings (no end yet): nothing is logged. When it ends, one Task whose subject reads in the saving user’s language (French); a missed call says so in brackets; an English agent’s own softphone call reads in English.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        alias: 'ringing',
                        object: 'Diamy_Call__c',
                        fields: call('dmy-ring', {
                            Outcome__c: null,
                            Answered_At__c: null,
                            Ended_At__c: null,
                            Talk_Seconds__c: null
                        })
                    }
                ]
            },
            { do: 'find', alias: 'noTask', object: 'Diamy_Call__c', where: { Id: '@ringing', Task_Id__c: null } },
            {
                do: 'update',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: {
                            Id: '@ringing',
                            Outcome__c: 'Answered',
                            Answered_At__c: '2025-03-14T09:58:10Z',
                            Ended_At__c: '2025-03-14T10:04:10Z',
                            Talk_Seconds__c: 360
                        }
                    }
                ]
            },
            { do: 'insert', as: 'diamy', records: [{ object: 'Diamy_Call__c', fields: missed('dmy-ring-missed') }] },
            {
                do: 'insert',
                as: 'admin',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: call('dmy-ring-out', {
                            Source__c: 'Softphone',
                            Direction__c: 'Outbound',
                            Agent__c: '@admin',
                            Outcome__c: 'No_Answer',
                            Contact__c: null,
                            Account__c: null,
                            To_Number__c: '01 99 88 77 66'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-ring' },
                count: 1,
                fields: {
                    Subject: 'Appel entrant – Jean Dupont',
                    CallDisposition: 'Décroché',
                    CallDurationInSeconds: 360,
                    ActivityDate: '2025-03-14',
                    Status: 'Completed'
                },
                because: 'logged once, when it ended, in French for Camille'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-ring-missed' },
                count: 1,
                fields: { Subject: 'Appel entrant (Appel manqué) – Jean Dupont' },
                because: 'a missed call says so'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-ring-out' },
                count: 1,
                fields: { Subject: 'Outbound call (No answer) – 01 99 88 77 66', CallType: 'Outbound', WhoId: null },
                because: 'an English user’s unmatched outbound call names the number dialled'
            },
            { object: 'Task', where: { TaskSubtype: 'Call' }, count: 3, because: 'the ringing save logged nothing' }
        ]
    },
    {
        name: 'a call with a company only, and a call about a case',
        description:
            'A call matched to Acme’s switchboard (no contact) is logged on the account with no Name; a call about a case is logged on the case.',
        users: USERS,
        records: [
            ...CUSTOMERS,
            { alias: 'ticket', object: 'Case', fields: { Subject: 'Facture erronée', ContactId: '@jean', AccountId: '@acme' } }
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: call('dmy-acme', {
                            Source__c: 'Softphone',
                            Contact__c: null,
                            From_Number__c: '01 40 00 00 00',
                            From_Number_E164__c: '+33140000000'
                        })
                    },
                    { object: 'Diamy_Call__c', fields: call('dmy-case', { Source__c: 'Softphone', Case__c: '@ticket' }) }
                ]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { CallObject: 'dmy-acme' },
                count: 1,
                fields: { WhoId: null, WhatId: '@acme', Subject: 'Appel entrant – 01 40 00 00 00' },
                because: 'the account is the Related To, the number names the caller'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-case' },
                count: 1,
                fields: { WhoId: '@jean', WhatId: '@ticket' },
                because: 'the case is the Related To'
            }
        ]
    },
    {
        name: 'an old Task with the same call id is not taken over',
        description:
            'A Task from weeks ago carries the same CallObject (an imported or recycled id): the lookup only searches from a day before the call was created, so the new call gets its own Task and the old one is left as it was.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            {
                alias: 'oldTask',
                object: 'Task',
                fields: {
                    Subject: 'Ancien appel',
                    Status: 'Completed',
                    Priority: 'Normal',
                    TaskSubtype: 'Call',
                    CallObject: 'dmy-recycled',
                    OwnerId: '@hugo',
                    IsClosed: true,
                    CreatedDate: '2025-02-10T09:00:00.000Z'
                }
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [{ alias: 'fresh', object: 'Diamy_Call__c', fields: call('dmy-recycled', { Notes__c: 'Nouveau.' }) }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Id: '@oldTask' },
                count: 1,
                fields: { Subject: 'Ancien appel', Description: null, OwnerId: '@hugo' },
                because: 'the old Task is untouched'
            },
            {
                object: 'Task',
                where: { CallObject: 'dmy-recycled', Description: 'Nouveau.' },
                count: 1,
                fields: { OwnerId: '@camille' },
                because: 'the call has its own Task'
            }
        ]
    },
    {
        name: 'the linked Task is the one updated when another Task carries the same call id',
        description:
            'After the call was logged, someone imports a Task with the same CallObject. The wrap-up updates the Task the call points at, not the newer one.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'c1', object: 'Diamy_Call__c', fields: call('dmy-twin', { Source__c: 'Softphone' }) }]
            },
            { do: 'find', alias: 'linked', object: 'Task', where: { CallObject: 'dmy-twin' } },
            { do: 'clock', to: '2025-03-14T10:30:00Z' },
            {
                do: 'insert',
                as: 'admin',
                records: [
                    {
                        alias: 'imported',
                        object: 'Task',
                        fields: { Subject: 'Import', Status: 'Completed', Priority: 'Normal', CallObject: 'dmy-twin' }
                    }
                ]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@c1', Notes__c: 'Rappel prévu.' } }]
            }
        ],
        expect: [
            {
                object: 'Task',
                where: { Id: '@linked' },
                count: 1,
                fields: { Description: 'Rappel prévu.' },
                because: 'the Task the call points at gets the notes'
            },
            {
                object: 'Task',
                where: { Id: '@imported' },
                count: 1,
                fields: { Subject: 'Import', Description: null },
                because: 'the other Task is left alone'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@c1' },
                count: 1,
                fields: { Task_Id__c: '@linked' },
                because: 'still linked'
            }
        ]
    }
];
