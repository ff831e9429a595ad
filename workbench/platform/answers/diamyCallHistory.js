// Workbench answers of c-diamy-call-history's documents (c/diamyCallHistoryService: diamyCallHistory<Object>), from the
// in-memory org's Diamy_Call__c records (workbench/platform/org.js, the jest suites' FakeOrg) — as UI API GraphQL
// answers them, no kinder:
// - only the records the agent may see (FakeRecord.visible: a call Diamy's server logged is private to its owner);
// - the document's filter: the lookup of the page's object = recordId; for an Account with its contacts, also the
//   calls whose Contact__r.AccountId is the account (the contact's account in crm.js);
// - Started_At__c newest first, nulls last; `first` rows (default 10, 1–2000, else a GraphQL error) after the
//   `after` cursor (an opaque string; one this answerer did not give is a GraphQL error);
// - pageInfo { hasNextPage endCursor } (endCursor null on an empty page);
// - every field as { value, displayValue }: displayValue is null for text, numbers, dates and ids (as fieldsOf
//   gives them) and the picklist value's label in the user's language for Disposition__c.
import { DISPOSITION_VALUES } from 'workbench:metadata';
import { contacts } from '../crm.js';

const FILTERS = {
    diamyCallHistoryContact: (id) => (fields) => fields.Contact__c === id,
    diamyCallHistoryAccount: (id) => (fields) => fields.Account__c === id,
    diamyCallHistoryAccountContacts: (id) => (fields) =>
        fields.Account__c === id || (Boolean(fields.Contact__c) && contacts.find((c) => c.Id === fields.Contact__c)?.AccountId === id),
    diamyCallHistoryLead: (id) => (fields) => fields.Lead__c === id,
    diamyCallHistoryOpportunity: (id) => (fields) => fields.Opportunity__c === id,
    diamyCallHistoryCase: (id) => (fields) => fields.Case__c === id
};

const FIELDS = [
    'Diamy_Call_Id__c',
    'Direction__c',
    'Outcome__c',
    'Started_At__c',
    'Talk_Seconds__c',
    'Notes__c',
    'Recording_URL__c',
    'Caller_Name__c',
    'From_Number__c',
    'From_Number_E164__c',
    'To_Number__c',
    'To_Number_E164__c',
    'Contact__c'
];

/** The Salesforce users of the sandbox's agents (sandbox/engine.ts seed). */
const USERS = {
    '005000000000001AAA': 'Camille Martin',
    '005000000000002AAA': 'Hugo Lefèvre',
    '005000000000003AAA': 'Léa Dubois'
};

const CURSOR_PREFIX = 'wbcur:';
const cursorOf = (offset) => btoa(`${CURSOR_PREFIX}${offset}`);
function offsetOf(cursor) {
    if (cursor === null || cursor === undefined) return 0;
    try {
        const text = atob(String(cursor));
        const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
        return Number.isInteger(offset) && offset > 0 ? offset : null;
    } catch {
        return null;
    }
}

function disposition(value) {
    if (value === null || value === undefined || value === '') return { value: null, displayValue: null };
    const known = DISPOSITION_VALUES.find((v) => v.value === value);
    const label = known ? (globalThis.__DIAMY_LANG__ === 'fr' ? known.labelFr : known.label) : value;
    return { value, displayValue: label };
}

/** Started_At__c newest first, nulls last; then the id, so that pages never overlap. */
function byStartDesc(a, b) {
    const x = a.fields.Started_At__c ? Date.parse(a.fields.Started_At__c) : null;
    const y = b.fields.Started_At__c ? Date.parse(b.fields.Started_At__c) : null;
    if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return y - x;
    }
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function answer(operationName, variables, { fieldsOf, edges, org }) {
    const filterOf = FILTERS[operationName];
    if (!filterOf) return undefined;
    const recordId = variables?.recordId;
    const first = variables?.first ?? 10;
    const start = offsetOf(variables?.after);
    if (!Number.isInteger(first) || first < 1 || first > 2000 || start === null) {
        return undefined; // the platform answers a GraphQL error: the workbench's "no answer" is one
    }
    const matches = recordId ? filterOf(recordId) : () => false;
    const sorted = org
        .calls()
        .filter((record) => record.visible && matches(record.fields))
        .sort(byStartDesc);
    const page = sorted.slice(start, start + first);
    const end = start + page.length;
    const nodes = page.map((record) => ({
        Id: record.id,
        ...fieldsOf(record.fields, FIELDS),
        Disposition__c: disposition(record.fields.Disposition__c),
        Agent__r: record.fields.Agent__c ? { Name: { value: USERS[record.fields.Agent__c] ?? null, displayValue: null } } : null
    }));
    return {
        Diamy_Call__c: {
            ...edges(nodes),
            pageInfo: { hasNextPage: end < sorted.length, endCursor: page.length > 0 ? cursorOf(end) : null }
        }
    };
}
