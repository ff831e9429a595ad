// Scenarios of "calls follow a converted lead" (flow Diamy_Lead_Converted_Calls, and Diamy_Call_Converted_Lead for
// calls saved after the conversion), run by the offline flow engine. Data only. docs/AUTOMATION.md section 4.
import type { Fields, RecordSpec, Scenario } from '../engine/scenario.ts';
import { call } from './calls.ts';
import { CUSTOMERS, USERS } from './people.ts';

/** A call with the lead Léa Petit, as Diamy's server logs it (no Contact, no Account). */
const leadCall = (id: string, changes: Fields = {}): Fields =>
    call(id, {
        From_Number__c: '06 11 22 33 44',
        From_Number_E164__c: '+33611223344',
        Caller_Name__c: 'Léa Petit',
        Contact__c: null,
        Account__c: null,
        Lead__c: '@lea',
        ...changes
    });

const serverLogs = (...records: RecordSpec[]) =>
    ({ do: 'upsert', as: 'diamy', externalId: 'Diamy_Call_Id__c', allOrNone: false, records }) as const;

const FLOW = 'Diamy_Lead_Converted_Calls';

/** 200 leads, each with two calls (Diamy's server logged them earlier: seeded, with their Tasks not yet written). */
const BULK = 200;
const bulkLeads: RecordSpec[] = Array.from({ length: BULK }, (_, i) => ({
    alias: `bulk${i}`,
    object: 'Lead',
    fields: {
        FirstName: 'Prospect',
        LastName: `N${i}`,
        Company: `Société ${i}`,
        Phone: `06 00 00 ${String(i)
            .padStart(4, '0')
            .replace(/(..)(..)/, '$1 $2')}`
    }
}));
/** Seeded records skip the save, so their date-times are written as the org stores them (ISO with milliseconds). */
const stored = (fields: Fields): Fields =>
    Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [
            k,
            typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v).toISOString() : v
        ])
    );
const bulkCalls: RecordSpec[] = Array.from({ length: BULK * 2 }, (_, j) => ({
    object: 'Diamy_Call__c',
    fields: stored(leadCall(`dmy-bulk-${String(j).padStart(3, '0')}`, { Lead__c: `@bulk${Math.floor(j / 2)}` }))
}));

export const LEAD_CONVERSION_SCENARIOS: Scenario[] = [
    {
        name: 'a converted lead’s calls follow it to the contact, account and opportunity',
        description:
            'Léa Petit, a lead, had two calls; a third was linked by the agent to an opportunity of Acme. Camille converts her into a new account, contact and opportunity: the three calls now show on the contact and the account, the two without an opportunity on the new one, the third keeps Acme’s; no call still names the lead; each call Task moves with it.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            serverLogs(
                { alias: 'c1', object: 'Diamy_Call__c', fields: leadCall('dmy-lea-1') },
                {
                    alias: 'c2',
                    object: 'Diamy_Call__c',
                    fields: leadCall('dmy-lea-2', { Outcome__c: 'Missed', Answered_At__c: null, Talk_Seconds__c: null })
                },
                { alias: 'c3', object: 'Diamy_Call__c', fields: leadCall('dmy-lea-3', { Opportunity__c: '@deal' }) },
                { alias: 'other', object: 'Diamy_Call__c', fields: call('dmy-jean-1') }
            ),
            { do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] }
        ],
        expect: [
            {
                object: 'Lead',
                where: { Id: '@lea' },
                count: 1,
                fields: { IsConverted: true, ConvertedContactId: '@lea.contact', ConvertedOpportunityId: '@lea.opportunity' },
                because: 'the conversion saved the lead once with all its Converted fields'
            },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@lea.contact' },
                count: 3,
                fields: { Account__c: '@lea.account', Lead__c: null },
                because: 'every call of the lead follows it, and a call relates to a Contact or a Lead, not both'
            },
            {
                object: 'Diamy_Call__c',
                where: { Opportunity__c: '@lea.opportunity' },
                count: 2,
                because: 'the calls without an opportunity get the one the conversion created'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@c3' },
                count: 1,
                fields: { Opportunity__c: '@deal', Contact__c: '@lea.contact' },
                because: 'an opportunity the agent chose is kept'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@other' },
                count: 1,
                fields: { Contact__c: '@jean', Account__c: '@acme', Lead__c: null, Opportunity__c: null },
                because: 'calls of other people are not touched'
            },
            { object: 'Diamy_Call__c', where: { Lead__c: '@lea' }, count: 0, because: 'no call names the converted lead' },
            {
                object: 'Task',
                where: { WhoId: '@lea.contact', TaskSubtype: 'Call' },
                count: 3,
                because: 'the call Tasks are on the contact’s activity history'
            },
            { object: 'Task', where: { WhoId: '@lea' }, count: 0, because: 'no Task is left on the converted lead' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: FLOW, count: 1, because: 'the conversion is one update of the lead: the flow runs once' }]
    },
    {
        name: 'a lead converted without an opportunity, into an existing account',
        description:
            'Léa becomes a contact of Acme, with no opportunity: her calls get the new contact and Acme; their opportunity stays blank.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            serverLogs(
                { object: 'Diamy_Call__c', fields: leadCall('dmy-lea-1') },
                { object: 'Diamy_Call__c', fields: leadCall('dmy-lea-2') }
            ),
            { do: 'convertLead', as: 'camille', leads: [{ lead: 'lea', account: '@acme', doNotCreateOpportunity: true }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@lea.contact' },
                count: 2,
                fields: { Account__c: '@acme', Opportunity__c: null, Lead__c: null },
                because: 'no opportunity was created, so none is set'
            },
            { object: 'Opportunity', count: 1, because: 'only Acme’s existing opportunity' },
            {
                object: 'Task',
                where: { WhoId: '@lea.contact', TaskSubtype: 'Call' },
                count: 2,
                fields: { WhatId: '@acme' },
                because: 'the call Tasks are about the contact and her account'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'a lead with no calls is converted',
        description: 'Converting a lead Diamy never called changes no call and logs nothing.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            serverLogs({ object: 'Diamy_Call__c', fields: call('dmy-jean-1') }),
            { do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] }
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                count: 1,
                fields: { Contact__c: '@jean', Account__c: '@acme', Opportunity__c: null },
                because: 'the only call is Jean’s, untouched'
            },
            { object: 'Lead', where: { IsConverted: true }, count: 1, because: 'the conversion succeeded' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: FLOW, count: 1, because: 'it ran, found no call, and did nothing' }]
    },
    {
        name: '200 leads with 2 calls each converted at once',
        description:
            'A data loader converts 200 leads in one call: 400 calls follow their contacts in one transaction, within the governor limits (one query and one update per element for the whole batch), and their call Tasks are written on the contacts.',
        users: USERS,
        records: CUSTOMERS,
        seed: [...bulkLeads, ...bulkCalls],
        steps: [
            {
                do: 'convertLead',
                as: 'admin',
                allOrNone: false,
                leads: Array.from({ length: BULK }, (_, i) => ({ lead: `bulk${i}`, doNotCreateOpportunity: i % 2 === 1 }))
            }
        ],
        expect: [
            { object: 'Lead', where: { IsConverted: true }, count: BULK, because: 'every conversion succeeded' },
            { object: 'Diamy_Call__c', where: { Lead__c: '*' }, count: 0, because: 'no call names a converted lead' },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '*', Account__c: '*' },
                count: BULK * 2,
                because: 'every call follows its lead'
            },
            {
                object: 'Diamy_Call__c',
                where: { Opportunity__c: '*' },
                count: BULK,
                because: 'half the leads got an opportunity'
            },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@bulk7.contact' },
                count: 2,
                fields: { Account__c: '@bulk7.account', Opportunity__c: null },
                because: 'each call goes to its own lead’s contact'
            },
            {
                object: 'Diamy_Call__c',
                where: { Contact__c: '@bulk8.contact' },
                count: 2,
                fields: { Opportunity__c: '@bulk8.opportunity' },
                because: 'and its own opportunity'
            },
            {
                object: 'Task',
                where: { TaskSubtype: 'Call', WhoId: '*' },
                count: BULK * 2,
                because: 'one call Task per call, on the contact'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'a converted lead is never re-linked twice',
        description:
            'Once converted, the lead cannot be converted again nor edited by an agent; an administrator who may edit converted leads changes it, and the flow does not run again: a call she moved back to Jean by hand stays with Jean.',
        users: {
            ...USERS,
            ada: {
                FirstName: 'Ada',
                LastName: 'Admin',
                LanguageLocaleKey: 'fr',
                permissions: ['Diamy_Manage_Calls', 'ViewEditConvertedLeads']
            }
        },
        records: CUSTOMERS,
        steps: [
            serverLogs({ alias: 'c1', object: 'Diamy_Call__c', fields: leadCall('dmy-lea-1') }),
            { do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] },
            {
                do: 'convertLead',
                as: 'camille',
                leads: [{ lead: 'lea' }],
                expect: 'failure',
                error: 'CANNOT_UPDATE_CONVERTED_LEAD'
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Lead', fields: { Id: '@lea', Title: 'Gérante' } }],
                expect: 'failure',
                error: 'CANNOT_UPDATE_CONVERTED_LEAD'
            },
            {
                do: 'update',
                as: 'ada',
                records: [{ object: 'Diamy_Call__c', fields: { Id: '@c1', Contact__c: '@jean', Account__c: '@acme' } }]
            },
            { do: 'update', as: 'ada', records: [{ object: 'Lead', fields: { Id: '@lea', Title: 'Gérante' } }] }
        ],
        expect: [
            {
                object: 'Lead',
                where: { Id: '@lea', Title: 'Gérante' },
                count: 1,
                because: 'the administrator may edit a converted lead'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@c1' },
                count: 1,
                fields: { Contact__c: '@jean', Account__c: '@acme' },
                because: 'the second update of the lead does not re-run the flow'
            }
        ],
        interviews: [{ flow: FLOW, count: 1, because: 'only the conversion ran it' }]
    },
    {
        name: 'a call saved after the conversion, still naming the lead, goes to the contact',
        description:
            'After Léa’s conversion, Diamy’s server logs a call it matched to her lead earlier, and Camille’s softphone saves a call it had queued before the conversion: both land on her contact, account and opportunity, and their Tasks on the contact. Replaying the first call with the lead again (a server retry) moves it again and keeps the opportunity it has.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            { do: 'convertLead', as: 'hugo', leads: [{ lead: 'lea' }] },
            serverLogs({ alias: 'late', object: 'Diamy_Call__c', fields: leadCall('dmy-lea-late') }),
            {
                do: 'insert',
                as: 'camille',
                records: [
                    {
                        alias: 'queued',
                        object: 'Diamy_Call__c',
                        fields: leadCall('dmy-lea-queued', {
                            Source__c: 'Softphone',
                            Agent__c: '@camille',
                            Direction__c: 'Outbound'
                        })
                    }
                ]
            },
            serverLogs({ object: 'Diamy_Call__c', fields: leadCall('dmy-lea-late', { Opportunity__c: '@deal' }) })
        ],
        expect: [
            {
                object: 'Diamy_Call__c',
                where: { Id: '@queued' },
                count: 1,
                fields: {
                    Contact__c: '@lea.contact',
                    Account__c: '@lea.account',
                    Opportunity__c: '@lea.opportunity',
                    Lead__c: null
                },
                because: 'a call queued before the conversion follows the lead when it is saved'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@late' },
                count: 1,
                fields: { Contact__c: '@lea.contact', Account__c: '@lea.account', Opportunity__c: '@deal', Lead__c: null },
                because: 'the server’s call follows the lead, and keeps the opportunity the replay gave it'
            },
            {
                object: 'Task',
                where: { WhoId: '@lea.contact', TaskSubtype: 'Call' },
                count: 2,
                because: 'their Tasks are on the contact, never on the converted lead'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ]
    },
    {
        name: 'a call the converting user could not have saved is not moved, and the failure is logged',
        description:
            'Diamy’s server (Manage Diamy Calls) logged a call of Léa whose number has letters in it, which the well-formed rule refuses to anyone without the permission. Camille converts Léa: validation rules run on the flow’s update for her, so the re-link fails; the conversion is still saved and an integration log, in French, names the lead.',
        users: USERS,
        records: CUSTOMERS,
        steps: [
            serverLogs({ alias: 'odd', object: 'Diamy_Call__c', fields: leadCall('dmy-lea-odd', { From_Number__c: 'Anonyme' }) }),
            { do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] }
        ],
        expect: [
            {
                object: 'Lead',
                where: { Id: '@lea', IsConverted: true },
                count: 1,
                because: 'a failed re-link never blocks the conversion'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@odd' },
                count: 1,
                fields: { Lead__c: '@lea', Contact__c: null },
                because: 'the refused update changed nothing'
            },
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Related_Record_Id__c: '@lea',
                    Severity__c: 'Error',
                    Area__c: 'Logging',
                    Source__c: 'Flow Diamy_Lead_Converted_Calls',
                    Message__c: '~Impossible de rattacher les appels de la piste convertie'
                },
                because: 'the administrator sees which lead’s calls were not moved'
            }
        ]
    }
];
