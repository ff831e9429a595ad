// Scenarios of conversion stamping (flow Diamy_Opportunity_Source_Call): each new opportunity is credited to the
// last Diamy call to its account within Diamy_Settings__c.Conversion_Window_Days__c days (30 when blank). The
// conversion reports read Opportunity.Diamy_Source_Call__c. docs/ANALYTICS.md "Call lists and conversion". Data only.
import type { Fields, RecordSpec, Scenario } from '../engine/scenario.ts';
import { call } from './calls.ts';
import { CUSTOMERS, USERS } from './people.ts';

const FLOW = 'Diamy_Opportunity_Source_Call';
const LEAD_FLOW = 'Diamy_Lead_Converted_Source_Call';
/** The engine's clock (org.now) when a scenario starts. */
const NOW = '2025-03-14T10:05:00.000Z';
const DAY = 24 * 3600 * 1000;
/** A date-time `days` days (and `seconds` seconds) before NOW, as the org stores it. */
const ago = (days: number, seconds = 0): string => new Date(Date.parse(NOW) - days * DAY - seconds * 1000).toISOString();

/** A call seeded as Diamy's server logged it earlier (seeded records skip the save: date-times as the org stores them). */
function earlierCall(alias: string, startedAt: string, changes: Fields = {}): RecordSpec {
    const ended = new Date(Date.parse(startedAt) + 120_000).toISOString();
    return {
        alias,
        object: 'Diamy_Call__c',
        fields: call(`dmy-${alias}`, {
            Direction__c: 'Outbound',
            Started_At__c: startedAt,
            Answered_At__c: startedAt,
            Ended_At__c: ended,
            ...changes
        })
    };
}

const opportunity = (alias: string, fields: Fields = {}): RecordSpec => ({
    alias,
    object: 'Opportunity',
    fields: { Name: `Deal ${alias}`, StageName: 'Prospecting', CloseDate: '2025-06-30', AccountId: '@acme', ...fields }
});

/** A call with the lead Léa Petit (no contact, no account), as calls from a call list of leads are logged. */
const leadCall = (alias: string, startedAt: string): RecordSpec =>
    earlierCall(alias, startedAt, { Contact__c: null, Account__c: null, Lead__c: '@lea', Caller_Name__c: 'Léa Petit' });

const OTHER_ACCOUNT: RecordSpec = { alias: 'globex', object: 'Account', fields: { Name: 'Globex', Phone: '01 50 00 00 00' } };

/** 200 accounts, each called once from a call list 3 days ago, each getting an opportunity in one batch. */
const BULK = 200;
const bulkAccounts: RecordSpec[] = Array.from({ length: BULK }, (_, i) => ({
    alias: `acc${i}`,
    object: 'Account',
    fields: { Name: `Société ${i}` }
}));
const bulkCalls: RecordSpec[] = bulkAccounts.map((_, i) =>
    earlierCall(`call${i}`, ago(3, i), { Contact__c: null, Account__c: `@acc${i}` })
);

export const CONVERSION_SCENARIOS: Scenario[] = [
    {
        name: 'a new opportunity is credited to the last call to its account within the window',
        description:
            'Acme was called 10 days ago and 2 days ago (from a call list), Globex an hour ago, and a call is dated in the future (a clock error): Camille creates an opportunity for Acme; it is credited to the call of 2 days ago, the latest of Acme’s calls that has happened.',
        users: USERS,
        records: [...CUSTOMERS, OTHER_ACCOUNT],
        seed: [
            earlierCall('older', ago(10)),
            earlierCall('latest', ago(2), { Campaign__c: null }),
            earlierCall('globexCall', ago(0, 3600), { Contact__c: null, Account__c: '@globex' }),
            earlierCall('future', new Date(Date.parse(NOW) + 3600_000).toISOString())
        ],
        steps: [{ do: 'insert', as: 'camille', records: [opportunity('won')] }],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@won' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@latest' },
                because: 'the last call to the account that started before the opportunity was created sourced it'
            },
            {
                object: 'Opportunity',
                where: { Id: '@deal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'the opportunity created before any call has no source call'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [
            { flow: FLOW, count: 2, because: 'each new opportunity with an account is checked once (the setup one too)' }
        ]
    },
    {
        name: 'a call outside the conversion window does not source an opportunity; the boundary is inclusive',
        description:
            'Acme’s only call started 30 days and 1 second before the opportunity: not credited. Globex’s call started exactly 30 days before: credited (the window is “within 30 days”, bounds included).',
        users: USERS,
        records: [...CUSTOMERS, OTHER_ACCOUNT],
        seed: [
            earlierCall('tooOld', ago(30, 1)),
            earlierCall('justInTime', ago(30), { Contact__c: null, Account__c: '@globex' })
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [opportunity('acmeDeal'), opportunity('globexDeal', { AccountId: '@globex' })]
            }
        ],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@acmeDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'a call older than the window sourced nothing'
            },
            {
                object: 'Opportunity',
                where: { Id: '@globexDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@justInTime' },
                because: 'a call started exactly at the start of the window counts'
            }
        ]
    },
    {
        name: 'the administrator’s conversion window replaces the 30 days; 0 turns the stamping off',
        description:
            'The org default sets the window to 7 days: a call 8 days ago does not source Acme’s opportunity, a call 6 days ago sources Globex’s. Hugo’s own setting is 0: his opportunity for Globex gets no source call.',
        users: USERS,
        records: [...CUSTOMERS, OTHER_ACCOUNT],
        seed: [
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Conversion_Window_Days__c: 7 } },
            { object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@hugo', Conversion_Window_Days__c: 0 } },
            earlierCall('eightDays', ago(8)),
            earlierCall('sixDays', ago(6), { Contact__c: null, Account__c: '@globex' })
        ],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [opportunity('acmeDeal'), opportunity('globexDeal', { AccountId: '@globex' })]
            },
            { do: 'insert', as: 'hugo', records: [opportunity('hugoDeal', { AccountId: '@globex' })] }
        ],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@acmeDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'with a 7-day window a call 8 days old sourced nothing'
            },
            {
                object: 'Opportunity',
                where: { Id: '@globexDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@sixDays' },
                because: 'a call 6 days old is inside a 7-day window'
            },
            {
                object: 'Opportunity',
                where: { Id: '@hugoDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'a window of 0 days turns the stamping off (hierarchy setting: Hugo’s own record wins)'
            }
        ]
    },
    {
        name: 'conversion follows the account: a call to the contact counts through its account, a call with no account does not',
        description:
            'Jean Dupont (a contact of Acme) was called yesterday, the call naming Acme; an hour ago a call named Jean but no account. Acme’s new opportunity is credited to yesterday’s call: the flow matches calls by account (Opportunity.ContactId is only set in some ways of creating an opportunity, so the account is the one link every opportunity has).',
        users: USERS,
        records: CUSTOMERS,
        seed: [earlierCall('withAccount', ago(1)), earlierCall('contactOnly', ago(0, 3600), { Account__c: null })],
        steps: [{ do: 'insert', as: 'camille', records: [opportunity('acmeDeal')] }],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@acmeDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@withAccount' },
                because: 'calls are matched by account'
            }
        ]
    },
    {
        name: 'an opportunity without an account, or with a source call already set, is saved as it is',
        description:
            'Camille creates an opportunity with no account (the flow does not run: a Get Records filter on a blank account would fail the save) and one imported with its source call already set, although Acme has a later call: both are saved, the imported source kept. A later edit of an opportunity does not re-credit it.',
        users: USERS,
        records: CUSTOMERS,
        seed: [earlierCall('imported', ago(20)), earlierCall('recent', ago(1))],
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: [
                    opportunity('noAccount', { AccountId: null }),
                    opportunity('importedDeal', { Diamy_Source_Call__c: '@imported' })
                ]
            },
            {
                do: 'update',
                as: 'camille',
                records: [{ object: 'Opportunity', fields: { Id: '@deal', StageName: 'Qualification' } }]
            }
        ],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@noAccount' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'an opportunity without an account has no call to credit'
            },
            {
                object: 'Opportunity',
                where: { Id: '@importedDeal' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@imported' },
                because: 'a source call set on creation is kept'
            },
            {
                object: 'Opportunity',
                where: { Id: '@deal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null, StageName: 'Qualification' },
                because: 'the stamping happens on creation only'
            }
        ],
        interviews: [
            {
                flow: FLOW,
                count: 1,
                because: 'only the setup opportunity met the entry conditions (account, no source call, created)'
            }
        ]
    },
    {
        name: 'a batch of 200 opportunities is credited in one query',
        description:
            'An import creates 200 opportunities for 200 accounts, each called once 3 days ago: every opportunity is credited to its own account’s call, within the per-transaction query limit (the interviews of the batch run their Get Records together).',
        users: USERS,
        records: [...CUSTOMERS, ...bulkAccounts],
        seed: bulkCalls,
        steps: [
            {
                do: 'insert',
                as: 'camille',
                records: bulkAccounts.map((_, i) => opportunity(`opp${i}`, { AccountId: `@acc${i}` }))
            }
        ],
        expect: [
            {
                object: 'Opportunity',
                where: { Diamy_Source_Call__c: null },
                count: 1,
                because: 'every imported opportunity got a source call (only the setup one has none)'
            },
            {
                object: 'Opportunity',
                where: { Id: '@opp137' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@call137', AccountId: '@acc137' },
                because: 'each opportunity is credited to its own account’s call, not another interview’s'
            },
            {
                object: 'Opportunity',
                where: { Id: '@opp0' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@call0' },
                because: 'the first of the batch too'
            }
        ],
        interviews: [{ flow: FLOW, count: BULK + 1, because: 'one interview per new opportunity (and the setup one)' }]
    },
    {
        name: 'a converted lead’s opportunity is credited to the lead’s last call',
        description:
            'Léa Petit, a lead, was called 40 days ago and 5 days ago (and a call is dated in the future: a clock error). Camille converts her into a new account, contact and opportunity: the opportunity is credited to the call of 5 days ago (its calls named the lead, not an account, when the opportunity was created), and the calls then follow her to the contact.',
        users: USERS,
        records: CUSTOMERS,
        seed: [
            leadCall('leaOld', ago(40)),
            leadCall('leaRecent', ago(5)),
            leadCall('leaFuture', new Date(Date.parse(NOW) + 3600_000).toISOString())
        ],
        steps: [{ do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] }],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@lea.opportunity' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@leaRecent' },
                because: 'the lead’s last call within the window sourced the opportunity of its conversion'
            },
            {
                object: 'Diamy_Call__c',
                where: { Id: '@leaRecent' },
                count: 1,
                fields: { Contact__c: '@lea.contact', Lead__c: null },
                because: 'the calls still follow the converted lead (Diamy_Lead_Converted_Calls runs after this flow)'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [
            { flow: LEAD_FLOW, count: 1, because: 'the conversion is one update of the lead' },
            { flow: FLOW, count: 2, because: 'the new opportunity was checked on creation too (and the setup one)' }
        ]
    },
    {
        name: 'a lead converted into a called account keeps the account’s call',
        description:
            'Léa, called 3 days ago, is converted into Acme, called yesterday: the opportunity created by the conversion was credited to Acme’s call on creation, and that call is kept.',
        users: USERS,
        records: CUSTOMERS,
        seed: [leadCall('leaCall', ago(3)), earlierCall('acmeCall', ago(1))],
        steps: [{ do: 'convertLead', as: 'camille', leads: [{ lead: 'lea', account: '@acme' }] }],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@lea.opportunity' },
                count: 1,
                fields: { Diamy_Source_Call__c: '@acmeCall', AccountId: '@acme' },
                because: 'a source call found when the opportunity was created is not replaced'
            },
            {
                object: 'Opportunity',
                where: { Id: '@deal' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'only the conversion’s own opportunity is credited, not another opportunity of the account'
            },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [{ flow: LEAD_FLOW, count: 1, because: 'the conversion is one update of the lead' }]
    },
    {
        name: 'a lead called outside the window, or converted without an opportunity, credits nothing',
        description:
            'Léa was called 45 days ago and is converted with an opportunity: no source call. Another lead, Marc, called yesterday, is converted without an opportunity: the flow does not run.',
        users: USERS,
        records: [
            ...CUSTOMERS,
            { alias: 'marc', object: 'Lead', fields: { FirstName: 'Marc', LastName: 'Roux', Company: 'Roux SA' } }
        ],
        seed: [
            leadCall('leaOld', ago(45)),
            earlierCall('marcCall', ago(1), { Contact__c: null, Account__c: null, Lead__c: '@marc' })
        ],
        steps: [
            {
                do: 'convertLead',
                as: 'camille',
                leads: [{ lead: 'lea' }, { lead: 'marc', doNotCreateOpportunity: true }]
            }
        ],
        expect: [
            {
                object: 'Opportunity',
                where: { Id: '@lea.opportunity' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'a call older than the window sources nothing'
            },
            { object: 'Opportunity', where: { Name: '~Roux' }, count: 0, because: 'Marc was converted without an opportunity' },
            { object: 'Diamy_Integration_Log__c', count: 0, because: 'nothing failed' }
        ],
        interviews: [
            { flow: LEAD_FLOW, count: 1, because: 'only the lead converted with an opportunity meets the entry conditions' }
        ]
    },
    {
        name: 'a converted lead’s opportunity that cannot be credited is logged; the conversion stands',
        description:
            'The administrator added a validation rule that locks an opportunity’s source call once it is created. Léa, called yesterday, is converted: the conversion is saved, the opportunity has no source call, and an integration log entry says why.',
        users: USERS,
        records: CUSTOMERS,
        validationRules: [
            {
                object: 'Opportunity',
                name: 'Source_Call_Locked',
                formula: 'AND(NOT(ISNEW()), ISCHANGED(Diamy_Source_Call__c))',
                message: 'The source call cannot be changed.'
            }
        ],
        seed: [leadCall('leaCall', ago(1))],
        steps: [{ do: 'convertLead', as: 'camille', leads: [{ lead: 'lea' }] }],
        expect: [
            { object: 'Lead', where: { Id: '@lea' }, count: 1, fields: { IsConverted: true }, because: 'the conversion stands' },
            {
                object: 'Opportunity',
                where: { Id: '@lea.opportunity' },
                count: 1,
                fields: { Diamy_Source_Call__c: null },
                because: 'the credit was refused'
            },
            {
                object: 'Diamy_Integration_Log__c',
                count: 1,
                fields: {
                    Area__c: 'Logging',
                    Severity__c: 'Error',
                    Related_Record_Id__c: '@lea',
                    Source__c: 'Flow Diamy_Lead_Converted_Source_Call',
                    Message__c: '~pas pu attribuer',
                    Payload__c: '~The source call cannot be changed.'
                },
                because: 'the failure is logged for the administrator, in Camille’s language, with the platform’s message'
            }
        ]
    }
];
