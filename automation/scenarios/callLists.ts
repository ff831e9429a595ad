// Scenarios of call lists on the org side (docs/CALL-LISTS.md): the claim rule Diamy_Claim_Held on CampaignMember,
// the result flow Diamy_Call_List_Result (Diamy_Call__c after save → CampaignMember) with its trust checks and fault
// path, and the list-building subflows Diamy_Call_List_Add_Members and Diamy_Call_List_Statuses. Data only.
import type { Fields, RecordSpec, Scenario, Step } from '../engine/scenario.ts';
import { call } from './calls.ts';
import { CUSTOMERS, USERS } from './people.ts';

const CLAIM_HELD = 'Another agent is calling this member';
const RESULT_FLOW = 'Diamy_Call_List_Result';

/** Camille, Hugo (agents), Diamy's server, and Maud, a sales manager with Manage Diamy Calls (Diamy Admin). */
const PEOPLE = {
    ...USERS,
    maud: { FirstName: 'Maud', LastName: 'Leroy', LanguageLocaleKey: 'en_US', permissions: ['Diamy_Manage_Calls'] }
};

/** The member statuses of the shipped result mapping, as Diamy_Call_List_Statuses adds them to a list. */
const MAPPED_STATUSES = ['Reached', 'No Answer', 'Callback Requested', 'Not Interested', 'Refused', 'Wrong Number'];
const statuses = (campaign: string, labels = MAPPED_STATUSES): RecordSpec[] =>
    labels.map((Label, i) => ({
        object: 'CampaignMemberStatus',
        fields: { CampaignId: `@${campaign}`, Label, SortOrder: 10 + i, HasResponded: false }
    }));

const campaign = (alias: string, name: string): RecordSpec => ({
    alias,
    object: 'Campaign',
    fields: { Name: name, IsActive: true, Diamy_Call_List__c: true, Diamy_Audience__c: 'Business' }
});

/** A call list with Jean (contact) and Léa (lead) as members. */
const LIST: RecordSpec[] = [
    ...CUSTOMERS,
    campaign('list', 'Relance clients'),
    ...statuses('list'),
    { alias: 'mJean', object: 'CampaignMember', fields: { CampaignId: '@list', ContactId: '@jean' } },
    { alias: 'mLea', object: 'CampaignMember', fields: { CampaignId: '@list', LeadId: '@lea' } }
];

/** A call Camille's softphone places from the list to Jean (outbound, her own, Source Softphone). */
const listCall = (id: string, member: string, changes: Fields = {}): Fields =>
    call(id, {
        Source__c: 'Softphone',
        Direction__c: 'Outbound',
        From_Number__c: '09 70 00 00 00',
        From_Number_E164__c: '+33970000000',
        To_Number__c: '01 23 45 67 89',
        To_Number_E164__c: '+33123456789',
        Campaign__c: '@list',
        Campaign_Member_Id__c: `@${member}`,
        ...changes
    });

/** A list call nobody answered: no wrap-up, so no disposition (the softphone shows none). */
const UNANSWERED: Fields = { Outcome__c: 'No_Answer', Answered_At__c: null, Talk_Seconds__c: null, Wait_Seconds__c: 30 };

const claim = (as: string, member: string, at: string, expect?: 'failure'): Step => ({
    do: 'update',
    as,
    records: [{ object: 'CampaignMember', fields: { Id: `@${member}`, Diamy_Claimed_By__c: `@${as}`, Diamy_Claimed_At__c: at } }],
    ...(expect ? { expect, error: CLAIM_HELD } : {})
});

const wrapUp = (as: string, alias: string, fields: Fields, expect?: 'failure'): Step => ({
    do: 'update',
    as,
    records: [{ object: 'Diamy_Call__c', fields: { Id: `@${alias}`, ...fields } }],
    ...(expect ? { expect } : {})
});

/** 200 calls of Diamy's server across 4 lists, one member each (contacts c0…c199). */
const BULK = 200;
const LISTS = 4;
const bulkRecords: RecordSpec[] = [
    ...CUSTOMERS,
    ...Array.from({ length: LISTS }, (_, l) => [campaign(`list${l}`, `Liste ${l}`), ...statuses(`list${l}`)]).flat(),
    ...Array.from({ length: BULK }, (_, i) => ({
        alias: `c${i}`,
        object: 'Contact',
        fields: { FirstName: 'Client', LastName: `N${i}`, AccountId: '@acme' }
    })),
    ...Array.from({ length: BULK }, (_, i) => ({
        alias: `m${i}`,
        object: 'CampaignMember',
        fields: { CampaignId: `@list${i % LISTS}`, ContactId: `@c${i}` }
    }))
];

export const CALL_LIST_SCENARIOS: Scenario[] = [
    {
        name: 'two agents claim the same call list member: the second is refused while the claim is fresh',
        description:
            'Camille takes Jean at 10:00:00. Hugo is refused at 10:00:30 and at exactly 10:10:00 (10 minutes included); Camille re-takes her own claim; at 10:20:01 (10 min + 1 s after her last stamp) Hugo takes it; Camille cannot release or re-stamp Hugo’s fresh claim; Maud (Manage Diamy Calls) overrides it; Hugo releases nothing of hers; Maud releases her own.',
        users: PEOPLE,
        records: LIST,
        steps: [
            { do: 'clock', to: '2025-03-14T10:00:00.000Z' },
            claim('camille', 'mJean', '2025-03-14T10:00:00.000Z'),
            { do: 'clock', to: '2025-03-14T10:00:30.000Z' },
            claim('hugo', 'mJean', '2025-03-14T10:00:30.000Z', 'failure'),
            { do: 'clock', to: '2025-03-14T10:10:00.000Z' },
            claim('hugo', 'mJean', '2025-03-14T10:10:00.000Z', 'failure'),
            claim('camille', 'mJean', '2025-03-14T10:10:00.000Z'),
            { do: 'clock', to: '2025-03-14T10:20:00.000Z' },
            claim('hugo', 'mJean', '2025-03-14T10:20:00.000Z', 'failure'),
            { do: 'clock', to: '2025-03-14T10:20:01.000Z' },
            claim('hugo', 'mJean', '2025-03-14T10:20:01.000Z'),
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'CampaignMember', fields: { Id: '@mJean', Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null } }],
                expect: 'failure',
                error: CLAIM_HELD
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'CampaignMember', fields: { Id: '@mJean', Diamy_Claimed_At__c: '2025-03-14T09:00:00.000Z' } }],
                expect: 'failure',
                error: CLAIM_HELD
            },
            claim('maud', 'mJean', '2025-03-14T10:20:05.000Z'),
            {
                do: 'update',
                as: 'hugo',
                records: [{ object: 'CampaignMember', fields: { Id: '@mJean', Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null } }],
                expect: 'failure',
                error: CLAIM_HELD
            },
            {
                do: 'update',
                as: 'maud',
                records: [{ object: 'CampaignMember', fields: { Id: '@mJean', Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null } }]
            },
            // Another member, other fields: the rule watches only the claim.
            claim('hugo', 'mLea', '2025-03-14T10:20:05.000Z'),
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'CampaignMember', fields: { Id: '@mLea', Diamy_Skipped_At__c: '2025-03-14T10:20:05.000Z' } }]
            }
        ],
        expect: [
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 1, fields: { Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null }, because: 'Maud released her own claim' },
            { object: 'CampaignMember', where: { LeadId: '@lea' }, count: 1, fields: { Diamy_Claimed_By__c: '@hugo' }, because: 'Hugo holds Léa' }
        ]
    },
    {
        name: 'a call placed from a call list gives its member the mapped status, once per call',
        description:
            'Camille claims Jean and calls: No answer → status No Answer, 1 attempt, next call 4 h after the start, her claim released. She corrects the disposition to Reached: status Reached, done, still 1 attempt, no next call. Léa asks for a callback: status Callback Requested, next call at her callback time.',
        users: PEOPLE,
        records: LIST,
        steps: [
            { do: 'clock', to: '2025-03-14T09:57:00.000Z' },
            claim('camille', 'mJean', '2025-03-14T09:57:00.000Z'),
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'c1', object: 'Diamy_Call__c', fields: listCall('dmy-list-1', 'mJean', { Disposition__c: 'No_Answer' }) }]
            },
            { do: 'find', alias: 'afterFirst', object: 'CampaignMember', where: { ContactId: '@jean', Diamy_Attempts__c: 1, Status: 'No Answer', Diamy_Claimed_By__c: null, Diamy_Next_Call_At__c: '~2025-03-14T13:58:00' } },
            wrapUp('camille', 'c1', { Disposition__c: 'Reached', Notes__c: 'Rappel inutile' }),
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        alias: 'c2',
                        object: 'Diamy_Call__c',
                        fields: listCall('dmy-list-2', 'mLea', {
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            Started_At__c: '2025-03-14T10:30:00Z',
                            Answered_At__c: '2025-03-14T10:30:10Z',
                            Ended_At__c: '2025-03-14T10:32:00Z',
                            Disposition__c: 'Callback_Requested',
                            Callback_At__c: '2025-03-17T15:00:00Z'
                        })
                    }
                ]
            }
        ],
        expect: [
            {
                object: 'CampaignMember',
                where: { ContactId: '@jean' },
                count: 1,
                fields: {
                    Status: 'Reached',
                    HasResponded: false,
                    Diamy_Done__c: true,
                    Diamy_Attempts__c: 1,
                    Diamy_Last_Result__c: 'Reached',
                    Diamy_Last_Call__c: '@c1',
                    Diamy_Last_Agent__c: '@camille',
                    Diamy_Last_Call_At__c: '~2025-03-14T09:58:00',
                    Diamy_Next_Call_At__c: null,
                    Diamy_Claimed_By__c: null
                },
                because: 'a corrected disposition re-maps status and done without counting another attempt'
            },
            {
                object: 'CampaignMember',
                where: { LeadId: '@lea' },
                count: 1,
                fields: { Status: 'Callback Requested', Diamy_Done__c: false, Diamy_Attempts__c: 1, Diamy_Next_Call_At__c: '~2025-03-17T15:00:00', Diamy_Last_Call__c: '@c2' },
                because: 'a callback puts the next call at the callback time'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: RESULT_FLOW, count: 3, because: 'a first disposition, a changed one, a new call with one; the notes alone do not run it' }]
    },
    {
        name: 'a disposition without mapping counts the attempt; an admin’s own mapping wins over the shipped one',
        description:
            'Sale has only inactive mappings: Jean keeps the status Maud gave him, the attempt counts. An admin’s own active No_Answer mapping (status “Messagerie”, retry 24 h, not done, Sort Order 99) replaces the shipped one (20). A wrap-up without disposition does not run the flow.',
        users: PEOPLE,
        records: [...LIST, { object: 'CampaignMemberStatus', fields: { CampaignId: '@list', Label: 'Messagerie', SortOrder: 30 } }],
        seed: [
            {
                object: 'Diamy_Call_List_Result__mdt',
                fields: {
                    DeveloperName: 'My_No_Answer',
                    Active__c: true,
                    Shipped__c: false,
                    Disposition__c: 'No_Answer',
                    Member_Status__c: 'Messagerie',
                    Completes_Member__c: false,
                    Retry_After_Hours__c: 24,
                    Sort_Order__c: 99
                }
            },
            // Inactive mappings for Sale, of the admin's and (as if turned off) shipped: neither applies.
            { object: 'Diamy_Call_List_Result__mdt', fields: { DeveloperName: 'My_Sale', Active__c: false, Shipped__c: false, Disposition__c: 'Sale', Member_Status__c: 'Vendu', Completes_Member__c: true, Sort_Order__c: 1 } },
            { object: 'Diamy_Call_List_Result__mdt', fields: { DeveloperName: 'Shipped_Sale', Active__c: false, Shipped__c: true, Disposition__c: 'Sale', Member_Status__c: 'Sold', Completes_Member__c: true, Sort_Order__c: 1 } }
        ],
        steps: [
            { do: 'update', as: 'maud', records: [{ object: 'CampaignMember', fields: { Id: '@mJean', Status: 'Responded' } }] },
            { do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-sale', 'mJean', { Disposition__c: 'Sale' }) }] },
            {
                do: 'insert',
                as: 'camille',
                records: [
                    { alias: 'c3', object: 'Diamy_Call__c', fields: listCall('dmy-pending', 'mLea', { Contact__c: null, Account__c: null, Lead__c: '@lea' }) }
                ]
            },
            wrapUp('camille', 'c3', { Disposition__c: 'No_Answer' })
        ],
        expect: [
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 1, fields: { Status: 'Responded', Diamy_Attempts__c: 1, Diamy_Done__c: false, Diamy_Last_Result__c: 'Sale', Diamy_Next_Call_At__c: null }, because: 'an unmapped disposition (its mappings inactive) changes no status' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'no inactive mapping was applied' },
            { object: 'CampaignMember', where: { LeadId: '@lea' }, count: 1, fields: { Status: 'Messagerie', Diamy_Attempts__c: 1, Diamy_Next_Call_At__c: '~2025-03-15T09:58:00' }, because: 'the admin’s own mapping wins' }
        ],
        interviews: [{ flow: RESULT_FLOW, count: 2, because: 'the call saved without disposition does not run it; its wrap-up does' }]
    },
    {
        name: 'a call naming a member of another list or person updates nothing and is logged',
        description:
            'Camille’s call to Jean names Léa’s member, then a member of another list, then names no list: the members are untouched, each is logged (Area Call list, Warning); the calls are saved.',
        users: PEOPLE,
        records: [
            ...LIST,
            campaign('other', 'Autre liste'),
            ...statuses('other'),
            { alias: 'mOther', object: 'CampaignMember', fields: { CampaignId: '@other', ContactId: '@jean' } }
        ],
        steps: [
            { do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-forged-1', 'mLea', { Disposition__c: 'Refused' }) }] },
            { do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-forged-2', 'mOther', { Disposition__c: 'Refused' }) }] },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-forged-3', 'mJean', { Campaign__c: null, Disposition__c: 'Refused' }) }]
            }
        ],
        expect: [
            { object: 'CampaignMember', count: 3, fields: { Status: 'Sent', Diamy_Attempts__c: 0, Diamy_Last_Call__c: null }, because: 'no member was touched' },
            { object: 'Contact', where: { Id: '@jean' }, count: 1, fields: { Diamy_Prospecting_Calls__c: null, Diamy_Prospecting_Refused_At__c: null }, because: 'a mismatch stamps nothing' },
            { object: 'Lead', where: { Id: '@lea' }, count: 1, fields: { Diamy_Prospecting_Calls__c: null, Diamy_Prospecting_Refused_At__c: null }, because: 'nor on the member’s person' },
            { object: 'Diamy_Call__c', count: 3, because: 'the calls are saved' },
            {
                object: 'Diamy_Integration_Log__c',
                count: 3,
                fields: { Area__c: 'Call_List', Severity__c: 'Warning', Message__c: '~n’appartient pas'.replace('’', "'"), Source__c: 'Flow Diamy_Call_List_Result', Payload__c: '~00v', Related_Record_Id__c: '~a0' },
                because: 'each mismatch is logged, in Camille’s language'
            }
        ]
    },
    {
        name: 'a member update the campaign refuses is logged and the call is kept',
        description:
            'The list lacks the status “Refused”: the member update fails, the fault path logs it (Error), the call and its Task are saved.',
        users: PEOPLE,
        records: [
            ...CUSTOMERS,
            campaign('list', 'Sans statuts'),
            { alias: 'mJean', object: 'CampaignMember', fields: { CampaignId: '@list', ContactId: '@jean' } }
        ],
        steps: [{ do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-no-status', 'mJean', { Disposition__c: 'Refused' }) }] }],
        expect: [
            { object: 'Diamy_Call__c', count: 1, because: 'the call is not rolled back' },
            { object: 'Task', where: { CallObject: 'dmy-no-status' }, count: 1, because: 'the call is logged as usual' },
            { object: 'CampaignMember', count: 1, fields: { Status: 'Sent', Diamy_Attempts__c: 0 }, because: 'the refused update changed nothing' },
            { object: 'Diamy_Integration_Log__c', count: 1, fields: { Area__c: 'Call_List', Severity__c: 'Error', Payload__c: '~Refused', Message__c: '~Le membre de la liste d', Related_Record_Id__c: '~a0' }, because: 'the failure is logged, in Camille’s language, on the call' }
        ]
    },
    {
        name: 'another agent’s claim is left alone by a wrap-up; Diamy’s server releases the call’s agent’s claim',
        description:
            'Hugo holds Jean when Camille’s call to Jean is wrapped up: his claim stays (the flow does not touch it). Léa is claimed by Camille; Diamy’s server writes the disposition of Camille’s call: the claim is released (Manage Diamy Calls).',
        users: PEOPLE,
        records: LIST,
        steps: [
            { do: 'clock', to: '2025-03-14T10:00:00.000Z' },
            claim('hugo', 'mJean', '2025-03-14T10:00:00.000Z'),
            claim('camille', 'mLea', '2025-03-14T10:00:00.000Z'),
            { do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-hugo-holds', 'mJean', { Disposition__c: 'Wrong_Number' }) }] },
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: call('dmy-server-lea', {
                            Direction__c: 'Outbound',
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            Campaign__c: '@list',
                            Campaign_Member_Id__c: '@mLea',
                            Disposition__c: 'Not_Interested'
                        })
                    }
                ]
            }
        ],
        expect: [
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 1, fields: { Status: 'Wrong Number', Diamy_Done__c: true, Diamy_Claimed_By__c: '@hugo' }, because: 'Hugo’s claim is his' },
            { object: 'CampaignMember', where: { LeadId: '@lea' }, count: 1, fields: { Status: 'Not Interested', Diamy_Done__c: true, Diamy_Claimed_By__c: null, Diamy_Claimed_At__c: null }, because: 'the call’s agent’s claim is released' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'Diamy’s server logs 200 list calls across 4 lists in one request',
        description:
            'One composite upsert of 200 calls with dispositions, each naming its member on one of 4 lists: every member updated once, within the per-transaction limits (one member query and one update for the batch).',
        users: PEOPLE,
        records: bulkRecords,
        steps: [
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                allOrNone: false,
                records: Array.from({ length: BULK }, (_, i) => ({
                    object: 'Diamy_Call__c',
                    fields: call(`dmy-bulk-${i}`, {
                        Direction__c: 'Outbound',
                        Contact__c: `@c${i}`,
                        Campaign__c: `@list${i % LISTS}`,
                        Campaign_Member_Id__c: `@m${i}`,
                        Disposition__c: i % 2 ? 'No_Answer' : 'Refused'
                    })
                }))
            }
        ],
        expect: [
            { object: 'CampaignMember', where: { Status: 'No Answer' }, count: BULK / 2, fields: { Diamy_Attempts__c: 1, Diamy_Done__c: false }, because: 'half did not answer' },
            { object: 'CampaignMember', where: { Status: 'Refused' }, count: BULK / 2, fields: { Diamy_Attempts__c: 1, Diamy_Done__c: true }, because: 'half refused' },
            { object: 'Contact', where: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z' }, count: BULK, because: 'each of the 200 people stamped once' },
            { object: 'Contact', where: { Diamy_Prospecting_Refused_At__c: '*' }, count: BULK / 2, because: 'the refusals stamped' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'an unanswered list call counts as No answer once and is stamped on its person',
        description:
            'Camille claims Jean and calls; nobody answers: the softphone logs the call with Outcome No_Answer and no wrap-up. Jean’s member gets No Answer, 1 attempt, a retry 4 h after the start, the claim released, and Jean gets the call’s stamp. Diamy’s server later writes the disposition Reached on that call: re-mapped (Reached, done), still 1 attempt, still one stamp. Léa is called busy, then her call gets an Answered outcome and a first disposition: not a second attempt either.',
        users: PEOPLE,
        records: LIST,
        steps: [
            { do: 'clock', to: '2025-03-14T09:57:00.000Z' },
            claim('camille', 'mJean', '2025-03-14T09:57:00.000Z'),
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'u1', object: 'Diamy_Call__c', fields: listCall('dmy-unanswered-1', 'mJean', { ...UNANSWERED }) }]
            },
            {
                do: 'find',
                alias: 'afterUnanswered',
                object: 'CampaignMember',
                where: { ContactId: '@jean', Diamy_Attempts__c: 1, Status: 'No Answer', Diamy_Last_Result__c: 'No_Answer', Diamy_Claimed_By__c: null, Diamy_Next_Call_At__c: '~2025-03-14T13:58:00' }
            },
            { do: 'find', alias: 'jeanStamped', object: 'Contact', where: { Id: '@jean', Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z', Diamy_Prospecting_Refused_At__c: null } },
            { do: 'update', as: 'diamy', records: [{ object: 'Diamy_Call__c', fields: { Id: '@u1', Disposition__c: 'Reached' } }] },
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        alias: 'u2',
                        object: 'Diamy_Call__c',
                        fields: listCall('dmy-unanswered-2', 'mLea', { ...UNANSWERED, Outcome__c: 'Busy', Contact__c: null, Account__c: null, Lead__c: '@lea', Started_At__c: '2025-03-14T10:30:00Z' })
                    }
                ]
            },
            { do: 'update', as: 'diamy', records: [{ object: 'Diamy_Call__c', fields: { Id: '@u2', Outcome__c: 'Answered', Disposition__c: 'Not_Interested' } }] },
            // A notes-only edit runs nothing.
            { do: 'update', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: { Id: '@u2', Notes__c: 'Occupé' } }] }
        ],
        expect: [
            {
                object: 'CampaignMember',
                where: { ContactId: '@jean' },
                count: 1,
                fields: { Status: 'Reached', Diamy_Done__c: true, Diamy_Attempts__c: 1, Diamy_Last_Result__c: 'Reached', Diamy_Next_Call_At__c: null, Diamy_Last_Call__c: '@u1' },
                because: 'a disposition after an unanswered call re-maps without a second attempt'
            },
            { object: 'Contact', where: { Id: '@jean' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z', Diamy_Prospecting_Refused_At__c: null }, because: 'one call, one stamp' },
            {
                object: 'CampaignMember',
                where: { LeadId: '@lea' },
                count: 1,
                fields: { Status: 'Not Interested', Diamy_Done__c: true, Diamy_Attempts__c: 1, Diamy_Last_Result__c: 'Not_Interested' },
                because: 'a busy call counted once, its later disposition re-mapped'
            },
            { object: 'Lead', where: { Id: '@lea' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 10:30:00Z' }, because: 'Léa’s call stamped once' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: RESULT_FLOW, count: 4, because: 'two unanswered calls logged, two later dispositions; the notes alone do not run it' }]
    },
    {
        name: 'an answered list call wrapped up Refused stamps the refusal once; a changed disposition stamps nothing more',
        description:
            'Camille’s answered call to Léa is logged without a disposition (nothing runs), then wrapped up Refused: 1 attempt, Léa stamped with the call and the refusal time. She corrects it to Not interested: still 1 attempt, one call stamp, the refusal kept. An older refusal time is replaced by a later one, never by an earlier one.',
        users: PEOPLE,
        records: [
            ...CUSTOMERS.map((r) => (r.alias === 'lea' ? { ...r, fields: { ...r.fields, Diamy_Prospecting_Refused_At__c: '2025-01-10T08:00:00Z' } } : r)),
            campaign('list', 'Relance clients'),
            ...statuses('list'),
            { alias: 'mJean', object: 'CampaignMember', fields: { CampaignId: '@list', ContactId: '@jean' } },
            { alias: 'mLea', object: 'CampaignMember', fields: { CampaignId: '@list', LeadId: '@lea' } }
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [{ alias: 'r1', object: 'Diamy_Call__c', fields: listCall('dmy-refused-1', 'mLea', { Contact__c: null, Account__c: null, Lead__c: '@lea' }) }]
            },
            wrapUp('camille', 'r1', { Disposition__c: 'Refused' }),
            { do: 'find', alias: 'leaRefused', object: 'Lead', where: { Id: '@lea', Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z', Diamy_Prospecting_Refused_At__c: '2025-03-14T09:58:00.000Z' } },
            wrapUp('camille', 'r1', { Disposition__c: 'Not_Interested' }),
            // Jean refuses on a call that started earlier than a refusal he already has: the later one is kept.
            { do: 'update', as: 'maud', records: [{ object: 'Contact', fields: { Id: '@jean', Diamy_Prospecting_Refused_At__c: '2025-03-20T08:00:00Z' } }] },
            { do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-refused-2', 'mJean', { Disposition__c: 'Refused' }) }] }
        ],
        expect: [
            { object: 'CampaignMember', where: { LeadId: '@lea' }, count: 1, fields: { Status: 'Not Interested', Diamy_Attempts__c: 1 }, because: 'the correction re-maps, one attempt' },
            {
                object: 'Lead',
                where: { Id: '@lea' },
                count: 1,
                fields: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z', Diamy_Prospecting_Refused_At__c: '~2025-03-14T09:58:00' },
                because: 'the refusal replaced the older one; the correction stamped nothing more and did not clear it'
            },
            { object: 'Contact', where: { Id: '@jean' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z', Diamy_Prospecting_Refused_At__c: '~2025-03-20T08:00:00' }, because: 'the later refusal is kept' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'a person called eleven times from lists keeps the ten newest stamps',
        description:
            'Jean is called 11 times from the list over 11 days (each unanswered): 11 attempts on his member, 10 stamps on Jean, newest first, 209 characters, no partial entry. A stamp value the flow did not write (too long to cut on an entry) is replaced, not cut mid-entry.',
        users: PEOPLE,
        records: LIST,
        steps: [
            ...Array.from({ length: 11 }, (_, i): Step => ({
                do: 'insert',
                as: 'diamy',
                records: [
                    {
                        object: 'Diamy_Call__c',
                        fields: listCall(`dmy-eleven-${i}`, 'mJean', { ...UNANSWERED, Source__c: 'Diamy_Server', Started_At__c: `2025-03-${String(10 + i).padStart(2, '0')}T09:00:0${i % 10}Z` })
                    }
                ]
            })),
            { do: 'update', as: 'maud', records: [{ object: 'Lead', fields: { Id: '@lea', Diamy_Prospecting_Calls__c: '2025-03-01T09:00:00.000Z;'.repeat(9) + '2025-03-01T09:00:00.000Z' } }] },
            {
                do: 'insert',
                as: 'camille',
                records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-odd-stamps', 'mLea', { ...UNANSWERED, Contact__c: null, Account__c: null, Lead__c: '@lea' }) }]
            }
        ],
        expect: [
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 1, fields: { Diamy_Attempts__c: 11 }, because: 'every call counted once' },
            {
                object: 'Contact',
                where: { Id: '@jean' },
                count: 1,
                fields: {
                    Diamy_Prospecting_Calls__c: Array.from({ length: 10 }, (_, k) => 10 - k)
                        .map((i) => `2025-03-${String(10 + i).padStart(2, '0')} 09:00:0${i % 10}Z`)
                        .join(';')
                },
                because: 'the 10 newest, newest first (the first call dropped)'
            },
            { object: 'Lead', where: { Id: '@lea' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z' }, because: 'a value that cannot be cut on an entry is replaced' }
        ]
    },
    {
        name: 'a person update the org refuses is logged; the call and its member are kept',
        description:
            'An administrator’s rule on Contact refuses any change while a field is locked: Jean’s unanswered call is saved, his member updated, the refused stamp logged (Area Call list, Error).',
        users: PEOPLE,
        records: LIST,
        validationRules: [{ object: 'Contact', name: 'Locked_Stamps', formula: 'ISCHANGED(Diamy_Prospecting_Calls__c)', message: 'Contact locked by the administrator' }],
        steps: [{ do: 'insert', as: 'camille', records: [{ object: 'Diamy_Call__c', fields: listCall('dmy-locked', 'mJean', { ...UNANSWERED }) }] }],
        expect: [
            { object: 'Diamy_Call__c', count: 1, because: 'the call is not rolled back' },
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 1, fields: { Status: 'No Answer', Diamy_Attempts__c: 1 }, because: 'the member update stands' },
            { object: 'Contact', where: { Id: '@jean' }, count: 1, fields: { Diamy_Prospecting_Calls__c: null }, because: 'the refused update changed nothing' },
            { object: 'Diamy_Integration_Log__c', count: 1, fields: { Area__c: 'Call_List', Severity__c: 'Error', Payload__c: '~Contact locked by the administrator', Related_Record_Id__c: '~a0' }, because: 'the failure is logged on the call' }
        ]
    },
    {
        name: 'several list calls of one person in one batch of Diamy’s server keep every stamp',
        description:
            'Diamy’s server upserts, in one request, 3 unanswered calls of Jean from 3 lists and 2 of Léa from 2 lists (one of them Refused), with 2 calls of other people between them: each member counts its attempt, Jean gets 3 stamps and Léa 2 (newest first), and her refusal; no “duplicate id”.',
        users: PEOPLE,
        records: [
            ...CUSTOMERS,
            { alias: 'paul', object: 'Contact', fields: { FirstName: 'Paul', LastName: 'Durand', AccountId: '@acme' } },
            ...[0, 1, 2].flatMap((l) => [campaign(`list${l}`, `Liste ${l}`), ...statuses(`list${l}`)]),
            ...[0, 1, 2].map((l) => ({ alias: `mJean${l}`, object: 'CampaignMember', fields: { CampaignId: `@list${l}`, ContactId: '@jean' } })),
            ...[0, 1].map((l) => ({ alias: `mLea${l}`, object: 'CampaignMember', fields: { CampaignId: `@list${l}`, LeadId: '@lea' } })),
            { alias: 'mPaul', object: 'CampaignMember', fields: { CampaignId: '@list2', ContactId: '@paul' } }
        ],
        steps: [
            {
                do: 'upsert',
                as: 'diamy',
                externalId: 'Diamy_Call_Id__c',
                allOrNone: false,
                records: [
                    ...[0, 1, 2].map((l) => ({
                        object: 'Diamy_Call__c',
                        fields: call(`dmy-same-jean-${l}`, { ...UNANSWERED, Direction__c: 'Outbound', Campaign__c: `@list${l}`, Campaign_Member_Id__c: `@mJean${l}`, Started_At__c: `2025-03-14T${String(8 + l).padStart(2, "0")}:00:00Z` })
                    })),
                    { object: 'Diamy_Call__c', fields: call('dmy-same-paul', { ...UNANSWERED, Direction__c: 'Outbound', Contact__c: '@paul', Campaign__c: '@list2', Campaign_Member_Id__c: '@mPaul' }) },
                    ...[0, 1].map((l) => ({
                        object: 'Diamy_Call__c',
                        fields: call(`dmy-same-lea-${l}`, {
                            Direction__c: 'Outbound',
                            Contact__c: null,
                            Account__c: null,
                            Lead__c: '@lea',
                            Campaign__c: `@list${l}`,
                            Campaign_Member_Id__c: `@mLea${l}`,
                            Started_At__c: `2025-03-14T1${l}:00:00Z`,
                            Disposition__c: l ? 'Refused' : 'Callback_Requested'
                        })
                    }))
                ]
            }
        ],
        expect: [
            { object: 'CampaignMember', where: { ContactId: '@jean' }, count: 3, fields: { Status: 'No Answer', Diamy_Attempts__c: 1 }, because: 'each of Jean’s members counted its call' },
            { object: 'Contact', where: { Id: '@jean' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 10:00:00Z;2025-03-14 09:00:00Z;2025-03-14 08:00:00Z' }, because: 'every stamp kept, newest first' },
            { object: 'Contact', where: { Id: '@paul' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 09:58:00Z' }, because: 'Paul’s own call' },
            { object: 'Lead', where: { Id: '@lea' }, count: 1, fields: { Diamy_Prospecting_Calls__c: '2025-03-14 11:00:00Z;2025-03-14 10:00:00Z', Diamy_Prospecting_Refused_At__c: '~2025-03-14T11:00:00' }, because: 'both stamps and the refusal' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'a manager builds a call list from selected contacts and leads',
        description:
            'Maud prepares a list that already has a Reached status: the 5 other mapped statuses are added after it, once. She adds Jean, Léa, Jean again, an account id and a converted lead, assigned to Camille: 2 added, 3 skipped; then Jean, Léa and Paul: 1 added, 2 skipped; then the lead Nina alone.',
        users: PEOPLE,
        records: [
            ...CUSTOMERS,
            { alias: 'paul', object: 'Contact', fields: { FirstName: 'Paul', LastName: 'Durand', AccountId: '@acme' } },
            { alias: 'old', object: 'Lead', fields: { LastName: 'Ancien', Company: 'Ancien SA' } },
            { alias: 'nina', object: 'Lead', fields: { LastName: 'Roux', Company: 'Roux SAS' } },
            campaign('list', 'Nouvelle liste'),
            { object: 'CampaignMemberStatus', fields: { CampaignId: '@list', Label: 'Reached', SortOrder: 3, HasResponded: true } }
        ],
        seed: [
            // The admin maps Left_Message to the shipped No Answer status too, keeps an inactive draft, and closes members on a sale.
            { object: 'Diamy_Call_List_Result__mdt', fields: { DeveloperName: 'My_Left_Message', Active__c: true, Shipped__c: false, Disposition__c: 'Left_Message', Member_Status__c: 'No Answer', Sort_Order__c: 70 } },
            { object: 'Diamy_Call_List_Result__mdt', fields: { DeveloperName: 'My_Draft', Active__c: false, Shipped__c: false, Disposition__c: 'Other', Member_Status__c: 'Brouillon', Sort_Order__c: 80 } },
            // A mapping that only completes the member (no status) needs no status.
            { object: 'Diamy_Call_List_Result__mdt', fields: { DeveloperName: 'My_Sale_Done', Active__c: true, Shipped__c: false, Disposition__c: 'Sale', Member_Status__c: null, Completes_Member__c: true, Sort_Order__c: 90 } }
        ],
        steps: [
            { do: 'convertLead', as: 'maud', leads: [{ lead: 'old', doNotCreateOpportunity: true }] },
            { do: 'runFlow', flow: 'Diamy_Call_List_Statuses', as: 'maud', inputs: { campaignId: '@list' }, outputs: { created: 5, errorMessage: null } },
            { do: 'runFlow', flow: 'Diamy_Call_List_Statuses', as: 'maud', inputs: { campaignId: '@list' }, outputs: { created: 0, errorMessage: null } },
            {
                do: 'runFlow',
                flow: 'Diamy_Call_List_Add_Members',
                as: 'maud',
                inputs: { campaignId: '@list', ids: ['@jean', '@lea', '@jean', '@acme', '@old'], agentId: '@camille' },
                outputs: { added: 2, skipped: 3, errorMessage: null }
            },
            {
                do: 'runFlow',
                flow: 'Diamy_Call_List_Add_Members',
                as: 'maud',
                inputs: { campaignId: '@list', ids: ['@jean', '@lea', '@paul'] },
                outputs: { added: 1, skipped: 2, errorMessage: null }
            },
            { do: 'runFlow', flow: 'Diamy_Call_List_Add_Members', as: 'maud', inputs: { campaignId: '@list', ids: ['@nina'], agentId: '@hugo' }, outputs: { added: 1, skipped: 0 } },
            { do: 'runFlow', flow: 'Diamy_Call_List_Add_Members', as: 'maud', inputs: { campaignId: '@list', ids: [] }, outputs: { added: 0, skipped: 0 } }
        ],
        expect: [
            { object: 'CampaignMemberStatus', where: { CampaignId: '@list' }, count: 8, because: 'Sent and Responded, Reached, and the 5 other mapped statuses' },
            { object: 'CampaignMemberStatus', where: { CampaignId: '@list', Label: 'No Answer' }, count: 1, fields: { SortOrder: 4, HasResponded: false, IsDefault: false }, because: 'right after Reached (3), in the mappings’ order' },
            { object: 'CampaignMemberStatus', where: { CampaignId: '@list', Label: 'Wrong Number' }, count: 1, fields: { SortOrder: 8, HasResponded: false }, because: 'the last mapped status' },
            { object: 'CampaignMemberStatus', where: { CampaignId: '@list', Label: 'Refused' }, count: 1, fields: { HasResponded: true }, because: 'a refusal is an answer' },
            { object: 'CampaignMember', where: { CampaignId: '@list' }, count: 4, fields: { Status: 'Sent' }, because: 'Jean, Léa, Paul and Nina, once each, with the default status' },
            { object: 'CampaignMember', where: { LeadId: '@nina' }, count: 1, fields: { CampaignId: '@list', ContactId: null, Diamy_Assigned_Agent__c: '@hugo' }, because: 'a lead added alone, for Hugo' },
            { object: 'CampaignMember', where: { CampaignId: '@list', Diamy_Assigned_Agent__c: '@camille' }, count: 2, because: 'the first two were assigned to Camille' },
            { object: 'CampaignMember', where: { ContactId: '@paul' }, count: 1, fields: { Diamy_Assigned_Agent__c: null }, because: 'Paul was added with no agent' },
            { object: 'CampaignMember', where: { LeadId: '@old' }, count: 0, because: 'a converted lead is skipped' }
        ]
    },
    {
        name: 'two hundred selected records are added in one go',
        description:
            '100 contacts and 100 leads, 20 of them already on the list: 180 added with one query per object and one create.',
        users: PEOPLE,
        records: [
            ...CUSTOMERS,
            campaign('list', 'Grande liste'),
            ...Array.from({ length: 100 }, (_, i) => ({ alias: `bc${i}`, object: 'Contact', fields: { LastName: `Contact ${i}`, AccountId: '@acme' } })),
            ...Array.from({ length: 100 }, (_, i) => ({ alias: `bl${i}`, object: 'Lead', fields: { LastName: `Piste ${i}`, Company: `Société ${i}` } })),
            ...Array.from({ length: 10 }, (_, i) => ({ object: 'CampaignMember', fields: { CampaignId: '@list', ContactId: `@bc${i}` } })),
            ...Array.from({ length: 10 }, (_, i) => ({ object: 'CampaignMember', fields: { CampaignId: '@list', LeadId: `@bl${i}` } }))
        ],
        steps: [
            {
                do: 'runFlow',
                flow: 'Diamy_Call_List_Add_Members',
                as: 'maud',
                inputs: { campaignId: '@list', ids: Array.from({ length: 200 }, (_, i) => (i % 2 ? `@bl${(i - 1) / 2}` : `@bc${i / 2}`)) },
                outputs: { added: 180, skipped: 20, errorMessage: null }
            }
        ],
        expect: [{ object: 'CampaignMember', where: { CampaignId: '@list' }, count: 200, because: 'each of the 200 people once' }]
    },
    {
        name: 'a list the org refuses to fill is logged and reported to the screen',
        description:
            'An administrator’s rule refuses leads on call lists and a status named Refused: the statuses subflow and the members subflow each log the failure (Area Setup, against Maud) and return it in errorMessage; nothing is half-added.',
        users: PEOPLE,
        records: [...CUSTOMERS, campaign('list', 'Liste verrouillée')],
        validationRules: [
            { object: 'CampaignMember', name: 'No_Leads', formula: 'NOT(ISBLANK(LeadId))', message: 'Leads cannot join this list' },
            { object: 'CampaignMemberStatus', name: 'No_Refused', formula: 'Label = "Refused"', message: 'No Refused status here' }
        ],
        steps: [
            { do: 'runFlow', flow: 'Diamy_Call_List_Statuses', as: 'maud', inputs: { campaignId: '@list' }, outputs: { created: 0, errorMessage: '~No Refused status here' } },
            {
                do: 'runFlow',
                flow: 'Diamy_Call_List_Add_Members',
                as: 'maud',
                inputs: { campaignId: '@list', ids: ['@jean', '@lea'] },
                outputs: { added: 0, skipped: 2, errorMessage: '~Leads cannot join this list' }
            }
        ],
        expect: [
            { object: 'CampaignMember', count: 0, because: 'a failed create adds nobody' },
            { object: 'CampaignMemberStatus', where: { CampaignId: '@list' }, count: 2, because: 'only Sent and Responded: the failed create added none' },
            { object: 'Diamy_Integration_Log__c', count: 2, fields: { Area__c: 'Setup', Severity__c: 'Error', Related_Record_Id__c: '@maud', Message__c: '~Call list could not'.replace('Call list', 'call list') }, because: 'each failure is logged against the user' }
        ]
    }
];
