// Erasure on request (issue 15): the subflow Diamy_Erase_Person_Calls_Run that the quick action Erase Personal Data
// from Calls (screen flow Diamy_Erase_Person_Calls, left out of the engine) runs. A person's calls of every agent are
// anonymised through Diamy_Anonymize_Calls with every copy; statistics stay; the person keeps a do-not-prospect
// marker and is stamped for Diamy's server; users without the custom permission are refused. Data only.
import type { Fields, RecordSpec, Scenario, Step } from '../engine/scenario.ts';
import { CUSTOMERS, USERS } from './people.ts';
import { call } from './calls.ts';
import { CLEARED, TASK_RULE, callLogEntry } from './anonymized.ts';

const PEOPLE = {
    ...USERS,
    // The person who handles data-protection requests: Diamy Admin, hence Erase Personal Data from Diamy Calls.
    claire: { FirstName: 'Claire', LastName: 'Moreau', LanguageLocaleKey: 'en_US', permissions: ['Diamy_Erase_Personal_Data'] },
    // A supervisor who may correct calls but not erase people.
    maud: { FirstName: 'Maud', LastName: 'Leroy', LanguageLocaleKey: 'en_US', permissions: ['Diamy_Manage_Calls'] }
};

const PAUL: RecordSpec = {
    alias: 'paul',
    object: 'Contact',
    fields: { FirstName: 'Paul', LastName: 'Durand', Phone: '01 98 76 54 32', AccountId: '@acme' }
};

/** A call with personal text in every place anonymisation clears, and statistics it must keep. */
const personal = (id: string, changes: Fields = {}): Fields =>
    call(id, {
        Caller_Name__c: 'Jean Dupont',
        Notes__c: 'Jean rappelle au 06 99 88 77 66 pour son contrat',
        Recording_URL__c: `https://rec.diamy.test/${id}.mp3`,
        Disposition__c: 'Other',
        ...changes
    });

/** Jean's 250 calls, taken by Camille and Hugo in turn, saved by Diamy's server in batches of 200 and 50. */
const JEAN_CALLS = 250;
const jeanCalls = (from: number, to: number): Step => ({
    do: 'insert',
    as: 'diamy',
    records: Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        return { object: 'Diamy_Call__c', fields: personal(`dmy-jean-${i}`, { Agent__c: i % 2 ? '@hugo' : '@camille' }) };
    })
});

/** Paul's calls: another person, untouched. */
const paulCalls: Step = {
    do: 'insert',
    as: 'diamy',
    records: Array.from({ length: 3 }, (_, i) => ({
        object: 'Diamy_Call__c',
        fields: personal(`dmy-paul-${i}`, {
            Contact__c: '@paul',
            Caller_Name__c: 'Paul Durand',
            From_Number__c: '01 98 76 54 32',
            From_Number_E164__c: '+33198765432',
            Notes__c: 'Paul veut un devis'
        })
    }))
};

const log = (callId: string, payload: string): RecordSpec =>
    callLogEntry(callId, {
        Area__c: 'Logging',
        Status__c: 'Resolved',
        Payload__c: payload,
        Message__c: `Appel ${callId} : numéro ${payload}`
    });

/** The call-list stamps a person carries after list calls: the history of list calls and a refusal. */
const PROSPECTED = {
    Diamy_Prospecting_Calls__c: '2025-03-10 09:00:00Z;2025-03-03 09:00:00Z',
    Diamy_Prospecting_Refused_At__c: '2025-03-10T09:05:00Z'
};

const erase = (as: string, record: string, outputs: Fields, countOnly = false): Step => ({
    do: 'runFlow',
    flow: 'Diamy_Erase_Person_Calls_Run',
    as,
    inputs: { recordId: `@${record}`, erase: !countOnly },
    outputs
});

/** What an erased call keeps and loses. */
const ERASED: Fields = {
    ...CLEARED,
    Anonymized_At__c: '*',
    Anonymization_Reason__c: 'Erasure',
    // statistics
    Direction__c: 'Inbound',
    Outcome__c: 'Answered',
    Started_At__c: '*',
    Ended_At__c: '*',
    Talk_Seconds__c: 360,
    Wait_Seconds__c: 10,
    Disposition__c: 'Other',
    Account__c: '@acme'
};

const UNTOUCHED: Fields = {
    Caller_Name__c: '*',
    Notes__c: '*',
    Recording_URL__c: '*',
    From_Number__c: '*',
    Anonymized_At__c: null,
    Anonymization_Reason__c: null
};

export const ERASURE_SCENARIOS: Scenario[] = [
    {
        name: 'erasure of a contact with 250 calls of two agents',
        description:
            'Claire (Erase Personal Data from Diamy Calls) counts, then erases Jean: his 250 calls of Camille and Hugo lose numbers, name, notes and recording links, and so do their Tasks and log entries; statistics stay; Paul is untouched; Jean keeps Do Not Call and his refusal, loses his list-call history, and is stamped for Diamy.',
        users: PEOPLE,
        records: [...CUSTOMERS, PAUL],
        steps: [
            jeanCalls(0, 200),
            jeanCalls(200, JEAN_CALLS),
            paulCalls,
            { do: 'update', as: 'admin', records: [{ object: 'Contact', fields: { Id: '@jean', ...PROSPECTED } }] },
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    log('dmy-jean-0', '+33123456789'),
                    log('dmy-jean-249', '+33123456789'),
                    log('dmy-paul-0', '+33198765432')
                ].map((spec) => ({ object: spec.object, fields: spec.fields }))
            },
            erase('claire', 'jean', { callCount: JEAN_CALLS, errorMessage: null }, true),
            erase('claire', 'jean', { callCount: JEAN_CALLS, errorMessage: null })
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@jean' },
                count: JEAN_CALLS,
                fields: ERASED,
                because: 'every call of Jean is anonymised, its statistics kept'
            },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@jean', Agent__c: '@hugo' },
                count: JEAN_CALLS / 2,
                because: 'the agent is a statistic: Hugo’s calls stay his, though Claire ran the erasure'
            },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@paul' },
                count: 3,
                fields: UNTOUCHED,
                because: 'another person’s calls are not touched'
            },
            {
                object: 'Task',
                where: { WhoId: '@jean' },
                count: JEAN_CALLS,
                fields: { Description: null },
                because: 'the call Tasks lose the notes'
            },
            {
                object: 'Task',
                where: { WhoId: '@jean', Subject: '~Jean' },
                count: 0,
                because: 'no Task subject names Jean any more'
            },
            {
                object: 'Task',
                where: { WhoId: '@jean', Subject: '~01 23 45 67 89' },
                count: 0,
                because: 'no Task subject holds his number'
            },
            {
                object: 'Task',
                where: { WhoId: '@paul' },
                count: 3,
                fields: { Description: 'Paul veut un devis' },
                because: 'Paul’s Tasks keep their notes'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Diamy_Call_Id__c: '~dmy-jean-' },
                count: 2,
                fields: { Payload__c: null, Message__c: null },
                because: 'the log entries of Jean’s calls lose payload and message'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Diamy_Call_Id__c: 'dmy-paul-0' },
                count: 1,
                fields: { Payload__c: '+33198765432' },
                because: 'Paul’s log entry is kept'
            },
            {
                object: 'Contact',
                where: { Id: '@jean' },
                count: 1,
                fields: {
                    DoNotCall: true,
                    Diamy_Prospecting_Calls__c: null,
                    Diamy_Prospecting_Refused_At__c: '2025-03-10T09:05:00.000Z',
                    Diamy_Erasure_Requested_At__c: '*'
                },
                because:
                    'Jean keeps a do-not-prospect marker (Do Not Call, his refusal), loses the list-call history, and Diamy’s server sees the stamp'
            },
            {
                object: 'Contact',
                where: { Id: '@paul' },
                count: 1,
                fields: { DoNotCall: false, Diamy_Erasure_Requested_At__c: null },
                because: 'Paul asked for nothing'
            }
        ]
    },
    {
        name: 'erasure refused without the permission',
        description:
            'Camille (agent) and Maud (Manage Diamy Calls) run the erasure subflow on Jean: refused with a message naming the permission, not even a count; Claire only counts, once asking for a count and once leaving the erase input out (only erase = true erases). Nothing changes.',
        users: PEOPLE,
        records: [...CUSTOMERS],
        steps: [
            jeanCalls(0, 5),
            erase('camille', 'jean', { callCount: null, errorMessage: '~Diamy Admin' }, true),
            erase('camille', 'jean', { callCount: null, errorMessage: '~Diamy Admin' }),
            erase('maud', 'jean', { callCount: null, errorMessage: '~Erase Personal Data from Diamy Calls' }),
            // Claire may count: counting changes nothing.
            erase('claire', 'jean', { callCount: 5, errorMessage: null }, true),
            // Without the erase input (a REST or Flow-action call that leaves it out) the subflow only counts:
            // erasing needs erase = true, explicitly.
            {
                do: 'runFlow',
                flow: 'Diamy_Erase_Person_Calls_Run',
                as: 'claire',
                inputs: { recordId: '@jean' },
                outputs: { callCount: 5, errorMessage: null }
            }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@jean' },
                count: 5,
                fields: UNTOUCHED,
                because: 'a refused erasure changes nothing'
            },
            { object: 'Task', where: { WhoId: '@jean', Description: '*' }, count: 5, because: 'the Tasks keep their notes' },
            {
                object: 'Contact',
                where: { Id: '@jean' },
                count: 1,
                fields: { DoNotCall: false, Diamy_Erasure_Requested_At__c: null },
                because: 'Jean is not stamped'
            }
        ]
    },
    {
        name: 'erasure that fails on a copy reports the failure and leaves the calls unstamped',
        description:
            'A customer rule on Task refuses the anonymised call Task (renamed without a description). Claire erases Jean: the subflow cannot clear the call Tasks, so no call is stamped and the erasure returns the error; the screen flow, on that error, rolls back the whole attempt (Roll Back Records, not run by the engine) and shows the failure. Without the error it would show success over calls still carrying Jean’s data.',
        users: PEOPLE,
        records: [...CUSTOMERS],
        validationRules: [TASK_RULE],
        steps: [
            jeanCalls(0, 3),
            erase('claire', 'jean', { callCount: 3, errorMessage: '~Describe the activity when you rename it' })
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@jean' },
                count: 3,
                fields: UNTOUCHED,
                because: 'no call is stamped while a copy could not be cleared'
            },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Source__c: 'Flow Diamy_Anonymize_Calls' },
                count: 1,
                fields: { Severity__c: 'Error', Payload__c: '~Describe the activity when you rename it' },
                because:
                    'the subflow logs the fault; in an org the screen flow’s rollback undoes this entry with the rest and the screen flow logs the failure again after it (Log_Erase_Failure)'
            }
        ]
    },
    {
        name: 'a second erasure counts only the calls that still held personal data',
        description:
            'Claire erased Jean’s two calls; Jean then calls again and asks again. The count on the confirmation screen and the result (Personal data erased from {0} calls) name the one new call, not the two calls already anonymised; all three end anonymised.',
        users: PEOPLE,
        records: [...CUSTOMERS],
        steps: [
            jeanCalls(0, 2),
            erase('claire', 'jean', { callCount: 2, errorMessage: null }),
            jeanCalls(2, 3),
            erase('claire', 'jean', { callCount: 1, errorMessage: null }, true),
            erase('claire', 'jean', { callCount: 1, errorMessage: null })
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@jean' },
                count: 3,
                fields: ERASED,
                because: 'the new call is anonymised like the first two'
            }
        ]
    },
    {
        name: 'erasure clears the log entries about the person, by their id in either form',
        description:
            'Two log entries name Jean by his record id rather than by a call: a browser entry of a call that never saved (18-character id) and a sync push failure (15-character id, as reports show it). Erasing Jean clears their payload and message and stamps them cleared; Paul’s entry is kept.',
        users: PEOPLE,
        records: [...CUSTOMERS, PAUL],
        steps: [
            jeanCalls(0, 2),
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    { who: '@jean', source: 'Browser' },
                    { who: '@jean:15', source: 'Sync' },
                    { who: '@paul', source: 'Paul sync' }
                ].map(({ who, source }) => ({
                    object: 'Diamy_Integration_Log__c',
                    fields: {
                        Area__c: 'Logging',
                        Severity__c: 'Warning',
                        Status__c: 'New',
                        Source__c: source,
                        Related_Record_Id__c: who,
                        Payload__c: '{"to":"+33123456789","name":"Jean Dupont"}',
                        Message__c: 'Appel vers +33123456789 non enregistré',
                        Logged_At__c: '2025-03-14T10:05:00Z'
                    }
                }))
            },
            erase('claire', 'jean', { callCount: 2, errorMessage: null })
        ],
        expect: [
            ...(
                [
                    ['Browser', 18],
                    ['Sync', 15]
                ] as const
            ).map(([source, length]) => ({
                object: 'Diamy_Integration_Log__c',
                where: { Source__c: source },
                count: 1,
                fields: { Payload__c: null, Message__c: null, Cleared_At__c: '*' },
                because: `the entry naming Jean by his ${length}-character id is cleared`
            })),
            {
                object: 'Diamy_Integration_Log__c',
                where: { Source__c: 'Paul sync' },
                count: 1,
                fields: { Payload__c: '*', Message__c: '*', Cleared_At__c: null },
                because: 'another person’s entry is kept'
            }
        ]
    },
    {
        name: 'erasure of a lead, of a person without calls, and of a converted lead',
        description:
            'Léa’s calls are anonymised and she is stamped; a contact without calls is stamped all the same (Diamy may hold their copy); an account is not a person; a converted lead cannot be stamped, so nothing of it is anonymised (erase from its contact).',
        users: PEOPLE,
        records: [
            ...CUSTOMERS,
            PAUL,
            {
                alias: 'old',
                object: 'Lead',
                fields: { FirstName: 'Marc', LastName: 'Roux', Company: 'Roux SA', Phone: '06 55 44 33 22' }
            }
        ],
        steps: [
            {
                do: 'insert',
                as: 'diamy',
                records: [
                    ...Array.from({ length: 4 }, (_, i) => ({
                        object: 'Diamy_Call__c',
                        fields: personal(`dmy-lea-${i}`, {
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            Caller_Name__c: 'Léa Petit'
                        })
                    })),
                    {
                        object: 'Diamy_Call__c',
                        fields: personal('dmy-old-0', {
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@old',
                            Caller_Name__c: 'Marc Roux'
                        })
                    }
                ]
            },
            { do: 'update', as: 'admin', records: [{ object: 'Lead', fields: { Id: '@lea', ...PROSPECTED } }] },
            { do: 'convertLead', as: 'admin', leads: [{ lead: 'old', account: '@acme', doNotCreateOpportunity: true }] },
            erase('claire', 'lea', { callCount: 4, errorMessage: null }),
            erase('claire', 'paul', { callCount: 0, errorMessage: null }),
            erase('claire', 'acme', { callCount: null, errorMessage: '~contact or a lead' }),
            erase('claire', 'old', { errorMessage: '~CANNOT_UPDATE_CONVERTED_LEAD' })
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Lead__c: '@lea' },
                count: 4,
                fields: { ...ERASED, Account__c: null },
                because: 'a lead’s calls are anonymised the same way'
            },
            {
                object: 'Diamy_Call__c',
                where: { Diamy_Call_Id__c: 'dmy-old-0' },
                count: 1,
                fields: UNTOUCHED,
                because: 'the converted lead could not be stamped: nothing anonymised'
            },
            {
                object: 'Lead',
                where: { Id: '@lea' },
                count: 1,
                fields: {
                    DoNotCall: true,
                    Diamy_Prospecting_Calls__c: null,
                    Diamy_Prospecting_Refused_At__c: '2025-03-10T09:05:00.000Z',
                    Diamy_Erasure_Requested_At__c: '*'
                },
                because: 'Léa keeps the do-not-prospect marker and is stamped for Diamy'
            },
            {
                object: 'Lead',
                where: { Id: '@old' },
                count: 1,
                fields: { Diamy_Erasure_Requested_At__c: null },
                because: 'a converted lead is read-only'
            },
            {
                object: 'Contact',
                where: { Id: '@paul' },
                count: 1,
                fields: { DoNotCall: true, Diamy_Erasure_Requested_At__c: '*' },
                because: 'a person without calls is stamped all the same: Diamy may hold a copy'
            },
            { object: 'Account', where: { Id: '@acme' }, count: 1, because: 'the account is untouched' },
            {
                object: 'Diamy_Integration_Log__c',
                where: { Source__c: 'Flow Diamy_Erase_Person_Calls_Run' },
                count: 1,
                fields: {
                    Severity__c: 'Error',
                    Area__c: 'Setup',
                    Payload__c: '~CANNOT_UPDATE_CONVERTED_LEAD',
                    Message__c: "~Erasing a person's call data failed; nothing was erased: ",
                    Related_Record_Id__c: '@claire'
                },
                because:
                    'the administrator sees why the converted lead was not erased (refusals are not faults: not logged). In an org the screen flow’s Roll Back Records undoes this entry of the run flow; the screen flow then writes the same entry again (Log_Erase_Failure), naming the person in Related_Record_Id__c'
            }
        ]
    }
];
