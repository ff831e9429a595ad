// Workbench answers of c/diamyCallListService's documents (diamyCallLists, diamyCallListMembers, diamyCallListHistory)
// from the workbench's org server (platform/orgServer.js orgQuery: the ONE org every agent's page works against), in
// the UI API GraphQL shape, no kinder than the platform:
// - each document's filter and order, as written in the service (where, orderBy with nulls, first), totalCount;
// - aliases as the document names them (remaining, done);
// - a Diamy_Call__c is Private (its sharing model): a plain agent (Diamy Agent) reads only the calls he owns; an agent
//   with Diamy Admin (View All: Camille Martin, platform/agents.mjs viewAllCalls) reads every call;
// - displayValue of Disposition__c is its label in the user's language; of a member's Status, the status label.
// A field the document selects and the org server's schema does not have is a GraphQL error (INVALID_FIELD), as in an org.
import { DISPOSITION_VALUES } from 'workbench:metadata';
import { currentAgent } from '../agents.mjs';

const PERSON = [
    'Name',
    'Phone',
    'MobilePhone',
    'DoNotCall',
    'Diamy_Phone_Consent_At__c',
    'Diamy_Phone_Consent_Source__c',
    'Diamy_Phone_Consent_Proof__c',
    'Diamy_Phone_Consent_Withdrawn_At__c',
    'Diamy_Current_Contract__c',
    'Diamy_Prospecting_Calls__c',
    'Diamy_Prospecting_Refused_At__c'
];

const MEMBER_FIELDS = [
    'CampaignId',
    'LastModifiedDate',
    'Status',
    'Diamy_Audience__c',
    'Diamy_Assigned_Agent__c',
    'Diamy_Claimed_By__c',
    'Diamy_Claimed_At__c',
    'Diamy_Next_Call_At__c',
    'Diamy_Attempts__c',
    'Diamy_Last_Call_At__c',
    'Diamy_Last_Result__c',
    'Diamy_Last_Call__r.Notes__c',
    'Diamy_Last_Call__r.Disposition__c',
    'ContactId',
    'LeadId',
    ...PERSON.map((f) => `Contact.${f}`),
    'Contact.MailingCountry',
    'Contact.Account.Name',
    ...PERSON.map((f) => `Lead.${f}`),
    'Lead.Country',
    'Lead.Company'
];

/** Disposition__c's label in the user's language (the field metadata, as call history shows it). */
function dispositionLabel(entry) {
    if (!entry || entry.value === null || entry.value === undefined) return entry;
    const known = DISPOSITION_VALUES.find((v) => v.value === entry.value);
    const label = known ? (globalThis.__DIAMY_LANG__ === 'fr' ? known.labelFr : known.label) : entry.value;
    return { value: entry.value, displayValue: label };
}

const listOf = (nodes, totalCount) => ({ totalCount, edges: nodes.map((node) => ({ node })) });

const firstOf = (variables, fallback) => {
    const first = variables?.first ?? fallback;
    return Number.isInteger(first) && first >= 1 && first <= 2000 ? first : null;
};

async function callLists(orgQuery) {
    const { nodes, totalSize } = await orgQuery({
        object: 'Campaign',
        filters: [
            { field: 'Diamy_Call_List__c', operator: 'EqualTo', value: true },
            { field: 'IsActive', operator: 'EqualTo', value: true }
        ],
        orderBy: [{ field: 'Name', direction: 'Asc' }],
        limit: 50,
        fields: ['Name', 'Diamy_Audience__c', 'Diamy_Power_Pause_Seconds__c', 'Diamy_Contract_Calls__c']
    });
    return { Campaign: listOf(nodes, totalSize) };
}

async function members(orgQuery, variables) {
    const first = firstOf(variables, 10);
    if (first === null) throw new Error(`first must be between 1 and 2000, got ${variables?.first}`);
    const campaign = { field: 'CampaignId', operator: 'EqualTo', value: variables?.campaignId ?? null };
    const [remaining, done] = await Promise.all([
        orgQuery({
            object: 'CampaignMember',
            filters: [campaign, { field: 'Diamy_Done__c', operator: 'EqualTo', value: false }],
            orderBy: [
                { field: 'Diamy_Skipped_At__c', direction: 'Asc', nulls: 'First' },
                { field: 'Diamy_Last_Call_At__c', direction: 'Asc', nulls: 'First' },
                { field: 'CreatedDate', direction: 'Asc' }
            ],
            limit: first,
            fields: MEMBER_FIELDS
        }),
        orgQuery({ object: 'CampaignMember', filters: [campaign, { field: 'Diamy_Done__c', operator: 'EqualTo', value: true }], limit: 1, fields: [] })
    ]);
    const nodes = remaining.nodes.map((node) =>
        node.Diamy_Last_Call__r ? { ...node, Diamy_Last_Call__r: { ...node.Diamy_Last_Call__r, Disposition__c: dispositionLabel(node.Diamy_Last_Call__r.Disposition__c) } } : node
    );
    return { remaining: listOf(nodes, remaining.totalSize), done: listOf(done.nodes, done.totalSize) };
}

async function history(orgQuery, variables) {
    const me = currentAgent();
    const filters = [
        { field: 'Contact__c', operator: 'EqualTo', value: variables?.personId ?? null },
        { field: 'Lead__c', operator: 'EqualTo', value: variables?.personId ?? null },
        { field: 'Started_At__c', operator: 'GreaterThanOrEqualTo', value: variables?.since ?? null }
    ];
    // Private sharing: a plain agent reads the calls he owns only.
    if (!me.viewAllCalls) filters.push({ field: 'OwnerId', operator: 'EqualTo', value: me.userId });
    const { nodes, totalSize } = await orgQuery({
        object: 'Diamy_Call__c',
        filters,
        filterLogic: me.viewAllCalls ? '(1 OR 2) AND 3' : '(1 OR 2) AND 3 AND 4',
        orderBy: [{ field: 'Started_At__c', direction: 'Desc' }],
        limit: 200,
        fields: ['Started_At__c', 'Disposition__c', 'Campaign__c']
    });
    return { Diamy_Call__c: listOf(nodes.map((node) => ({ ...node, Disposition__c: dispositionLabel(node.Disposition__c) })), totalSize) };
}

export function answer(operationName, variables, { orgQuery }) {
    switch (operationName) {
        case 'diamyCallLists':
            return callLists(orgQuery);
        case 'diamyCallListMembers':
            return members(orgQuery, variables);
        case 'diamyCallListHistory':
            return history(orgQuery, variables);
        default:
            return undefined;
    }
}
