/**
 * GraphQL side of caller identification, through lightning/graphql (the successor of lightning/uiGraphQLApi that
 * Salesforce's LWC lint rules require outside Mobile Offline; same UI API GraphQL schema and wire usage). The documents are static; only variables change
 * per call, so the platform can cache the parsed query. Use with the graphql wire adapter:
 *
 *   @wire(graphql, { query: '$lookup.query', variables: '$lookup.variables' }) candidates;
 *
 * then rank `data` with diamyPhoneMatch.rankCandidates, and fetch the context of the chosen record with
 * callerContextLookup (one round trip).
 */
import { gql } from 'lightning/graphql';
import type { GraphQLDocument } from 'lightning/graphql';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import type { PageReference } from 'lightning/navigation';
import { lookupVariables } from 'c/diamyPhoneMatch';
import type { GraphQLValue, PhoneIdentity, RankedMatch } from 'c/diamyPhoneMatch';

/** Most candidates one key can bring back per object; ranking needs only the first few. */
export const CANDIDATE_LIMIT = 20;
export const CONTEXT_LIMIT = 5;

/**
 * Candidates whose key fields hold one of the keys: every key field is an External ID (indexed), so the OR over
 * them stays selective on millions of records. Converted leads are left out.
 */
export const CANDIDATE_QUERY: GraphQLDocument = gql`
    query diamyPhoneCandidates($keys: [String]) {
        uiapi {
            query {
                Contact(
                    where: {
                        or: [
                            { Diamy_Phone_Key__c: { in: $keys } }
                            { Diamy_Mobile_Key__c: { in: $keys } }
                            { Diamy_Home_Phone_Key__c: { in: $keys } }
                            { Diamy_Other_Phone_Key__c: { in: $keys } }
                            { Diamy_Assistant_Phone_Key__c: { in: $keys } }
                        ]
                    }
                    first: 20
                ) {
                    edges {
                        node {
                            Id
                            Name { value }
                            AccountId { value }
                            Account { Name { value } }
                            Phone { value }
                            MobilePhone { value }
                            HomePhone { value }
                            OtherPhone { value }
                            AssistantPhone { value }
                            Diamy_Phone_Key__c { value }
                            Diamy_Mobile_Key__c { value }
                            Diamy_Home_Phone_Key__c { value }
                            Diamy_Other_Phone_Key__c { value }
                            Diamy_Assistant_Phone_Key__c { value }
                            LastActivityDate { value }
                            LastModifiedDate { value }
                        }
                    }
                }
                Lead(
                    where: {
                        and: [
                            { IsConverted: { eq: false } }
                            { or: [{ Diamy_Phone_Key__c: { in: $keys } }, { Diamy_Mobile_Key__c: { in: $keys } }] }
                        ]
                    }
                    first: 20
                ) {
                    edges {
                        node {
                            Id
                            Name { value }
                            Company { value }
                            Phone { value }
                            MobilePhone { value }
                            Diamy_Phone_Key__c { value }
                            Diamy_Mobile_Key__c { value }
                            LastActivityDate { value }
                            LastModifiedDate { value }
                        }
                    }
                }
                Account(where: { Diamy_Phone_Key__c: { in: $keys } }, first: 20) {
                    edges {
                        node {
                            Id
                            Name { value }
                            Phone { value }
                            Diamy_Phone_Key__c { value }
                            LastActivityDate { value }
                            LastModifiedDate { value }
                        }
                    }
                }
            }
        }
    }
`;

export interface GraphQLLookup {
    query: GraphQLDocument;
    variables: Record<string, unknown>;
}

/** The candidate lookup for an incoming number (see diamyPhoneMatch.readIncoming). */
export function candidateLookup(incoming: PhoneIdentity): GraphQLLookup {
    return { query: CANDIDATE_QUERY, variables: lookupVariables(incoming) };
}

/**
 * Caller context of a Contact: the record with account and owner, its last tasks (calls, e-mails…), the open cases
 * of the contact and the open opportunities of its account — one round trip. Task in UI API GraphQL is Beta.
 * Picklists the popup shows come with their `displayValue` (the value's label in the user's language: "Nouveau"
 * for the Case status New in a French org); dates come raw (ISO) and are formatted in the user's locale.
 */
export const CONTACT_CONTEXT_QUERY: GraphQLDocument = gql`
    query diamyContactContext($recordId: ID, $accountId: ID) {
        uiapi {
            query {
                Contact(where: { Id: { eq: $recordId } }, first: 1) {
                    edges { node { Id Name { value } Title { value } Account { Id Name { value } } Owner { ... on User { Name { value } } } } }
                }
                Task(where: { WhoId: { eq: $recordId } }, orderBy: { ActivityDate: { order: DESC, nulls: LAST } }, first: 5) {
                    edges { node { Id Subject { value } ActivityDate { value } Status { value displayValue } TaskSubtype { value } CallDurationInSeconds { value } } }
                }
                Case(where: { and: [{ ContactId: { eq: $recordId } }, { IsClosed: { eq: false } }] }, orderBy: { CreatedDate: { order: DESC } }, first: 5) {
                    edges { node { Id CaseNumber { value } Subject { value } Status { value displayValue } Priority { value displayValue } } }
                }
                Opportunity(where: { and: [{ AccountId: { eq: $accountId } }, { IsClosed: { eq: false } }] }, orderBy: { CloseDate: { order: ASC } }, first: 5) {
                    edges { node { Id Name { value } StageName { value displayValue } CloseDate { value } Amount { value } } }
                }
            }
        }
    }
`;

/** Caller context of a Lead: the record with owner and its last tasks (leads have no cases or opportunities). */
export const LEAD_CONTEXT_QUERY: GraphQLDocument = gql`
    query diamyLeadContext($recordId: ID) {
        uiapi {
            query {
                Lead(where: { Id: { eq: $recordId } }, first: 1) {
                    edges { node { Id Name { value } Title { value } Company { value } Status { value displayValue } Owner { ... on User { Name { value } } } } }
                }
                Task(where: { WhoId: { eq: $recordId } }, orderBy: { ActivityDate: { order: DESC, nulls: LAST } }, first: 5) {
                    edges { node { Id Subject { value } ActivityDate { value } Status { value displayValue } TaskSubtype { value } CallDurationInSeconds { value } } }
                }
            }
        }
    }
`;

/** Caller context of an Account (switchboard or company number): owner, last tasks, open cases and opportunities. */
export const ACCOUNT_CONTEXT_QUERY: GraphQLDocument = gql`
    query diamyAccountContext($recordId: ID) {
        uiapi {
            query {
                Account(where: { Id: { eq: $recordId } }, first: 1) {
                    edges { node { Id Name { value } Owner { ... on User { Name { value } } } } }
                }
                Task(where: { WhatId: { eq: $recordId } }, orderBy: { ActivityDate: { order: DESC, nulls: LAST } }, first: 5) {
                    edges { node { Id Subject { value } ActivityDate { value } Status { value displayValue } TaskSubtype { value } CallDurationInSeconds { value } } }
                }
                Case(where: { and: [{ AccountId: { eq: $recordId } }, { IsClosed: { eq: false } }] }, orderBy: { CreatedDate: { order: DESC } }, first: 5) {
                    edges { node { Id CaseNumber { value } Subject { value } Status { value displayValue } Priority { value displayValue } } }
                }
                Opportunity(where: { and: [{ AccountId: { eq: $recordId } }, { IsClosed: { eq: false } }] }, orderBy: { CloseDate: { order: ASC } }, first: 5) {
                    edges { node { Id Name { value } StageName { value displayValue } CloseDate { value } Amount { value } } }
                }
            }
        }
    }
`;

/** The context lookup of a ranked match. */
export function callerContextLookup(match: RankedMatch): GraphQLLookup {
    switch (match.objectApiName) {
        case 'Contact':
            return { query: CONTACT_CONTEXT_QUERY, variables: { recordId: match.recordId, accountId: match.accountId } };
        case 'Lead':
            return { query: LEAD_CONTEXT_QUERY, variables: { recordId: match.recordId } };
        default:
            return { query: ACCOUNT_CONTEXT_QUERY, variables: { recordId: match.recordId } };
    }
}

export interface ContextActivity {
    id: string;
    subject: string;
    date: string | null;
    status: string | null;
    isCall: boolean;
}
export interface ContextCase {
    id: string;
    caseNumber: string;
    subject: string;
    status: string | null;
    priority: string | null;
}
export interface ContextOpportunity {
    id: string;
    name: string;
    stage: string | null;
    closeDate: string | null;
    amount: number | null;
}
export interface CallerContext {
    recordId: string;
    name: string;
    title: string | null;
    accountId: string | null;
    accountName: string | null;
    ownerName: string | null;
    activities: ContextActivity[];
    openCases: ContextCase[];
    openOpportunities: ContextOpportunity[];
}

type Node = Record<string, unknown> & { Id: string };
interface ContextData {
    uiapi?: { query?: Record<string, { edges?: readonly { node: Node }[] } | undefined> };
}

function nodes(data: ContextData | undefined, object: string): Node[] {
    return (data?.uiapi?.query?.[object]?.edges ?? []).map((edge) => edge.node);
}
function value<T>(node: Node | undefined, field: string): T | null {
    const entry = node?.[field] as GraphQLValue<T> | undefined;
    return entry?.value ?? null;
}
/** What the user reads for a field: its display value (translated picklist label), else its raw value. */
function shown(node: Node | undefined, field: string): string | null {
    const entry = node?.[field] as (GraphQLValue<string> & { displayValue?: string | null }) | undefined;
    const display = entry?.displayValue;
    return typeof display === 'string' && display !== '' ? display : (entry?.value ?? null);
}
function nested(node: Node | undefined, field: string): Node | undefined {
    const inner = node?.[field];
    return inner && typeof inner === 'object' ? (inner as Node) : undefined;
}

/** The caller context from the `data` of a context query; undefined when the record is not visible. */
export function toCallerContext(objectApiName: RankedMatch['objectApiName'], data: ContextData | undefined): CallerContext | undefined {
    const record = nodes(data, objectApiName)[0];
    if (!record) {
        return undefined;
    }
    const account = objectApiName === 'Account' ? record : nested(record, 'Account');
    return {
        recordId: record.Id,
        name: value<string>(record, 'Name') ?? '',
        title: value<string>(record, 'Title'),
        accountId: account?.Id ?? null,
        accountName: objectApiName === 'Lead' ? value<string>(record, 'Company') : value<string>(account, 'Name'),
        ownerName: value<string>(nested(record, 'Owner'), 'Name'),
        activities: nodes(data, 'Task').map((task) => ({
            id: task.Id,
            subject: value<string>(task, 'Subject') ?? '',
            date: value<string>(task, 'ActivityDate'),
            status: shown(task, 'Status'),
            isCall: value<string>(task, 'TaskSubtype') === 'Call'
        })),
        openCases: nodes(data, 'Case').map((item) => ({
            id: item.Id,
            caseNumber: value<string>(item, 'CaseNumber') ?? '',
            subject: value<string>(item, 'Subject') ?? '',
            status: shown(item, 'Status'),
            priority: shown(item, 'Priority')
        })),
        openOpportunities: nodes(data, 'Opportunity').map((item) => ({
            id: item.Id,
            name: value<string>(item, 'Name') ?? '',
            stage: shown(item, 'StageName'),
            closeDate: value<string>(item, 'CloseDate'),
            amount: value<number>(item, 'Amount')
        }))
    };
}

/**
 * No match: the page reference (NavigationMixin.Navigate) of a new Contact or Lead with the caller's number filled
 * in. In a console app, open it in a workspace tab (lightning/platformWorkspaceApi openTab) instead.
 */
export function newCallerRecordPageReference(objectApiName: 'Contact' | 'Lead', incoming: PhoneIdentity): PageReference {
    return {
        type: 'standard__objectPage',
        attributes: { objectApiName, actionName: 'new' },
        state: { defaultFieldValues: encodeDefaultFieldValues({ Phone: incoming.e164 }), nooverride: '1' }
    };
}

/** The page reference that pops a matched record. */
export function recordPageReference(match: RankedMatch): PageReference {
    return { type: 'standard__recordPage', attributes: { recordId: match.recordId, objectApiName: match.objectApiName, actionName: 'view' } };
}
