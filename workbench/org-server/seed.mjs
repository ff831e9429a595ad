// What the workbench's org server starts with (workbench/org-server/callListOrg.mjs): the agents as Salesforce users
// (platform/agents.mjs), the workbench CRM (platform/crm-data.mjs: the same ids the page's getRecord and GraphQL answer),
// and call lists — Campaigns with Diamy_Call_List__c, their CampaignMemberStatus values and members.
//
// - CHECK_CAMPAIGN_ID "Relance devis — 5 membres" (Business audience: the consumer rules of French law — consent,
//   calling windows, holidays — do not apply, so the browser check works it at any hour): exactly five workable
//   members, all "Sent", none claimed, assigned or due later: Sophie Bernard, Marc Petit, Élodie Petit, Julie Garnier
//   (contacts) and the lead Nicolas Fournier, created in that order one second apart (the order the list offers them).
// - Richer sample lists for people clicking around: "Relance clients Q1" (Consumer: consent, current contract, Do Not
//   Call, a member already reached, one due tomorrow), "Prospection salon Batimat" (Business: members assigned to an
//   agent, a Do Not Call contact), "Relance 2025 (terminée)" (inactive), "Newsletter printemps" (not a call list).
// The workbench org's admin also added one follow-up rule (Diamy_Task_Rule__mdt, docs/AUTOMATION.md): an answered
// call given a callback time (wrap-up "Callback requested") gives the agent a follow-up Task due then — the shipped
// rules only follow up missed calls and voicemails. Its key: '<number>|Callback_Promised'.
// Every campaign has Salesforce's two default statuses (Sent, default; Responded) and the six labels the shipped
// result mapping uses (Reached, No Answer, Callback Requested, Not Interested, Refused, Wrong Number).
import { AGENTS } from '../platform/agents.mjs';
import { accounts, cases, contacts, leads, opportunities } from '../platform/crm-data.mjs';

export const CHECK_CAMPAIGN_ID = '701WB0000000001AAA';

/** The member statuses of every sample campaign: [Label, HasResponded, IsDefault]. */
export const MEMBER_STATUSES = [
    ['Sent', false, true],
    ['Responded', true, false],
    ['Reached', true, false],
    ['No Answer', false, false],
    ['Callback Requested', true, false],
    ['Not Interested', true, false],
    ['Refused', true, false],
    ['Wrong Number', false, false]
];

const [camille, hugo] = AGENTS;
const person = (name) => {
    const contact = contacts.find((c) => c.Name === name);
    if (contact) return { ContactId: contact.Id };
    const lead = leads.find((l) => l.Name === name);
    if (lead) return { LeadId: lead.Id };
    throw new Error(`org server seed: nobody named ${name} in the workbench CRM`);
};

/**
 * The sample campaigns: fields and members (person by name, extra member fields). Dates are relative to `now`
 * (a function of hours from now, ISO).
 */
export function sampleCampaigns(at) {
    return [
        {
            Id: CHECK_CAMPAIGN_ID,
            fields: { Name: 'Relance devis — 5 membres', Diamy_Audience__c: 'Business', Diamy_Power_Pause_Seconds__c: 3 },
            members: [['Sophie Bernard'], ['Marc Petit'], ['Élodie Petit'], ['Julie Garnier'], ['Nicolas Fournier']]
        },
        {
            Id: '701WB0000000002AAA',
            fields: { Name: 'Relance clients Q1', Diamy_Audience__c: 'Consumer', Diamy_Power_Pause_Seconds__c: 10 },
            members: [
                // Consented on a web form, already reached: done.
                [
                    'Sophie Bernard',
                    {
                        Status: 'Reached',
                        Diamy_Done__c: true,
                        Diamy_Attempts__c: 1,
                        Diamy_Last_Result__c: 'Reached',
                        Diamy_Last_Call_At__c: at(-26),
                        Diamy_Last_Agent__c: hugo.userId
                    }
                ],
                // A current contract, but this list is not about contracts: prospecting rules apply.
                ['Marc Petit'],
                // Consented (signed form); asked to be called back tomorrow.
                [
                    'Julie Garnier',
                    {
                        Status: 'Callback Requested',
                        Diamy_Attempts__c: 1,
                        Diamy_Last_Result__c: 'Callback_Requested',
                        Diamy_Last_Call_At__c: at(-3),
                        Diamy_Last_Agent__c: camille.userId,
                        Diamy_Next_Call_At__c: at(21)
                    }
                ],
                // No consent recorded: a consumer the law blocks.
                ['Élodie Petit'],
                ['Nicolas Fournier'],
                // Do Not Call: skipped.
                ['Thomas Garnier'],
                ['Isabelle Roux']
            ]
        },
        {
            Id: '701WB0000000003AAA',
            fields: {
                Name: 'Prospection salon Batimat',
                Diamy_Audience__c: 'Business',
                Diamy_Power_Pause_Seconds__c: 5
            },
            members: [
                ['Élodie Petit', { Diamy_Assigned_Agent__c: hugo.userId }],
                ['Marc Petit', { Diamy_Assigned_Agent__c: camille.userId }],
                ['Nicolas Fournier'],
                // Do Not Call: skipped.
                ['Claire Dupont'],
                // A consumer member of a business list (the member's audience wins over the campaign's).
                ['Julie Garnier', { Diamy_Audience__c: 'Consumer' }]
            ]
        },
        {
            Id: '701WB0000000004AAA',
            fields: { Name: 'Relance 2025 (terminée)', IsActive: false, Diamy_Audience__c: 'Business' },
            members: [['Sophie Bernard']]
        },
        {
            Id: '701WB0000000005AAA',
            fields: { Name: 'Newsletter printemps', Diamy_Call_List__c: false, Type: 'Email' },
            members: [['Sophie Bernard'], ['Marc Petit']]
        }
    ];
}

/** Follow-up rules an admin of the workbench org added (custom metadata records besides the package's). */
export const WORKBENCH_TASK_RULES = [
    {
        DeveloperName: 'Callback_Promised',
        MasterLabel: 'Callback promised',
        Active__c: true,
        Shipped__c: false,
        Direction__c: null,
        Outcome__c: 'Answered',
        Related_Object__c: 'Any',
        Assignee__c: 'Agent',
        Due_From__c: 'Callback_Time',
        Due_In_Unit__c: 'Days',
        Due_In_Value__c: 0,
        Dedup_Window_Hours__c: 168,
        Priority__c: 'Normal',
        Send_Notification__c: false,
        Subject_Template__c: 'Rappeler {Caller} comme promis',
        Sort_Order__c: 1,
        Stop_After_Match__c: true,
        UTC_Offset_Hours__c: 1
    }
];

/** Two digits: 1 → '01'. */
const two = (n) => String(n).padStart(2, '0');

/**
 * Seeds `org` (the engine's InMemoryOrg; no validation, no automation: the state of an org before the day starts).
 * `known(object, fields)` keeps only the fields the object has in the package's schema.
 */
export function seedOrg(org, known) {
    const nowMs = org.now.getTime();
    const at = (hours) => new Date(nowMs + hours * 3600 * 1000).toISOString();
    const created = (seconds) => new Date(nowMs - 3600 * 1000 + seconds * 1000).toISOString();
    for (const agent of AGENTS) {
        org.addUser({
            Id: agent.userId,
            FirstName: agent.firstName,
            LastName: agent.lastName,
            LanguageLocaleKey: 'fr',
            TimeZoneSidKey: 'Europe/Paris',
            permissions: agent.permissions
        });
    }
    const split = (name) => {
        const [first, ...rest] = String(name).split(' ');
        return { FirstName: first, LastName: rest.join(' ') };
    };
    for (const rule of WORKBENCH_TASK_RULES) {
        org.seed('Diamy_Task_Rule__mdt', known('Diamy_Task_Rule__mdt', { ...rule, Label: rule.MasterLabel, QualifiedApiName: rule.DeveloperName }));
    }
    const owner = { OwnerId: camille.userId };
    for (const a of accounts) org.seed('Account', known('Account', { ...a, ...owner }));
    for (const c of contacts) org.seed('Contact', known('Contact', { ...c, ...split(c.Name), ...owner }));
    for (const l of leads) org.seed('Lead', known('Lead', { ...l, ...split(l.Name), ...owner }));
    for (const o of opportunities) org.seed('Opportunity', known('Opportunity', { ...o, ...owner }));
    for (const k of cases) org.seed('Case', known('Case', { ...k, ...owner }));
    let second = 0;
    sampleCampaigns(at).forEach((campaign, c) => {
        org.seed(
            'Campaign',
            known('Campaign', {
                Id: campaign.Id,
                IsActive: true,
                Status: 'In Progress',
                Type: 'Telemarketing',
                Diamy_Call_List__c: true,
                Diamy_Contract_Calls__c: false,
                Diamy_Power_Pause_Seconds__c: 10,
                ...campaign.fields,
                ...owner,
                CreatedDate: created((second += 1))
            })
        );
        MEMBER_STATUSES.forEach(([Label, HasResponded, IsDefault], s) => {
            org.seed('CampaignMemberStatus', {
                Id: `01YWB000000${two(c + 1)}${two(s + 1)}AAA`,
                CampaignId: campaign.Id,
                Label,
                HasResponded,
                IsDefault,
                SortOrder: s + 1,
                CreatedDate: created(second)
            });
        });
        campaign.members.forEach(([name, extra = {}], m) => {
            const stamp = created((second += 1));
            org.seed(
                'CampaignMember',
                known('CampaignMember', {
                    Id: `00vWB000000${two(c + 1)}${two(m + 1)}AAA`,
                    CampaignId: campaign.Id,
                    ...person(name),
                    Status: 'Sent',
                    Diamy_Attempts__c: 0,
                    Diamy_Done__c: false,
                    ...extra,
                    CreatedDate: stamp,
                    CreatedById: camille.userId,
                    LastModifiedDate: stamp,
                    LastModifiedById: camille.userId,
                    SystemModstamp: stamp
                })
            );
        });
    });
}
