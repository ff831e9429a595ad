// lightning/graphql for the workbench: gql keeps the document text; the graphql wire adapter answers the four
// documents of c/diamyCallerLookup (candidates by phone key, Contact/Lead/Account context) from crm.js, and the
// call record lookup of c/diamyCallFinder (Diamy_Call__c by Diamy_Call_Id__c, visible records only) from the
// in-memory org, in the UI API GraphQL shape ({ uiapi: { query: { Obj: { edges: [{ node }] } } } }, scalar fields
// as { value }). Every answer carries refresh(), which asks again (lightning/graphql).
import { WireAdapter, log } from './bus.js';
import { accountOf, accounts, cases, contacts, crmReady, leads, opportunities, tasks } from './crm.js';
import { org } from './org.js';

export function gql(literals, ...substitutions) {
    const source = literals.reduce(
        (text, literal, i) => text + literal + (i < substitutions.length ? String(substitutions[i]) : ''),
        ''
    );
    const operation = /query\s+(\w+)/.exec(source);
    return { source, operationName: operation ? operation[1] : '' };
}

const wrap = (record, fields) => Object.fromEntries(fields.map((f) => [f, { value: record[f] ?? null }]));
const edges = (nodes) => ({ edges: nodes.map((node) => ({ node })) });
const owner = (record) => ({ Name: { value: record.Owner.Name } });
const DATES = { LastActivityDate: { value: '2025-05-12' }, LastModifiedDate: { value: '2025-05-12T09:30:00.000Z' } };

function candidates(keys) {
    const has = (record, fields) => fields.some((f) => record[f] && keys.includes(record[f]));
    const contactKeys = [
        'Diamy_Phone_Key__c',
        'Diamy_Mobile_Key__c',
        'Diamy_Home_Phone_Key__c',
        'Diamy_Other_Phone_Key__c',
        'Diamy_Assistant_Phone_Key__c'
    ];
    return {
        Contact: edges(
            contacts
                .filter((c) => has(c, contactKeys))
                .map((c) => ({
                    Id: c.Id,
                    ...wrap(c, [
                        'Name',
                        'AccountId',
                        'Phone',
                        'MobilePhone',
                        'HomePhone',
                        'OtherPhone',
                        'AssistantPhone',
                        ...contactKeys
                    ]),
                    Account: c.AccountId ? { Name: { value: accountOf(c.AccountId).Name } } : null,
                    ...DATES
                }))
        ),
        Lead: edges(
            leads
                .filter((l) => !l.IsConverted && has(l, ['Diamy_Phone_Key__c', 'Diamy_Mobile_Key__c']))
                .map((l) => ({
                    Id: l.Id,
                    ...wrap(l, ['Name', 'Company', 'Phone', 'MobilePhone', 'Diamy_Phone_Key__c', 'Diamy_Mobile_Key__c']),
                    ...DATES
                }))
        ),
        Account: edges(
            accounts
                .filter((a) => has(a, ['Diamy_Phone_Key__c']))
                .map((a) => ({ Id: a.Id, ...wrap(a, ['Name', 'Phone', 'Diamy_Phone_Key__c']), ...DATES }))
        )
    };
}

const taskNodes = (filter) =>
    edges(
        tasks
            .filter(filter)
            .map((t) => ({ Id: t.Id, ...wrap(t, ['Subject', 'ActivityDate', 'Status', 'TaskSubtype', 'CallDurationInSeconds']) }))
    );
const caseNodes = (filter) =>
    edges(
        cases
            .filter((c) => !c.IsClosed && filter(c))
            .map((c) => ({ Id: c.Id, ...wrap(c, ['CaseNumber', 'Subject', 'Status', 'Priority']) }))
    );
const opportunityNodes = (accountId) =>
    edges(
        opportunities
            .filter((o) => !o.IsClosed && o.AccountId === accountId)
            .map((o) => ({ Id: o.Id, ...wrap(o, ['Name', 'StageName', 'CloseDate', 'Amount']) }))
    );

function answer(operationName, variables) {
    const id = variables?.recordId;
    switch (operationName) {
        case 'diamyPhoneCandidates':
            return candidates(variables?.keys ?? []);
        case 'diamyContactContext': {
            const c = contacts.filter((r) => r.Id === id);
            const account = c[0] ? accountOf(c[0].AccountId) : undefined;
            return {
                Contact: edges(
                    c.map((r) => ({
                        Id: r.Id,
                        ...wrap(r, ['Name', 'Title']),
                        Account: account ? { Id: account.Id, Name: { value: account.Name } } : null,
                        Owner: owner(r)
                    }))
                ),
                Task: taskNodes((t) => t.WhoId === id),
                Case: caseNodes((k) => k.ContactId === id),
                Opportunity: opportunityNodes(variables?.accountId)
            };
        }
        case 'diamyLeadContext':
            return {
                Lead: edges(
                    leads
                        .filter((r) => r.Id === id)
                        .map((r) => ({ Id: r.Id, ...wrap(r, ['Name', 'Title', 'Company', 'Status']), Owner: owner(r) }))
                ),
                Task: taskNodes((t) => t.WhoId === id)
            };
        case 'diamyAccountContext':
            return {
                Account: edges(
                    accounts.filter((r) => r.Id === id).map((r) => ({ Id: r.Id, ...wrap(r, ['Name']), Owner: owner(r) }))
                ),
                Task: taskNodes((t) => t.WhatId === id),
                Case: caseNodes((k) => k.AccountId === id),
                Opportunity: opportunityNodes(id)
            };
        case 'diamyCallRecordId':
            return {
                Diamy_Call__c: edges(
                    org
                        .calls()
                        .filter((r) => r.visible && r.fields.Diamy_Call_Id__c === variables?.diamyCallId)
                        .slice(0, 1)
                        .map((r) => ({ Id: r.id, Diamy_Call_Id__c: { value: r.fields.Diamy_Call_Id__c } }))
                )
            };
        default:
            return undefined;
    }
}

let keysReady = false;

export class graphql extends WireAdapter {
    update(config) {
        const query = config?.query;
        if (!query) return;
        this.config = config;
        const refresh = () =>
            new Promise((resolve) => {
                if (this.config === config) this.update(config);
                setTimeout(resolve, 25);
            });
        if (query.operationName === 'diamyPhoneCandidates' && !keysReady) {
            // The records' match keys need the phone metadata (a dynamic import): answer once they are computed.
            crmReady().then(() => {
                keysReady = true;
                if (this.config === config) this.update(config);
            });
            return;
        }
        const data = answer(query.operationName, config.variables);
        if (data === undefined) {
            this.emit({ data: undefined, errors: [{ message: `workbench: no answer for ${query.operationName}` }], refresh });
            return;
        }
        log('graphql', { operation: query.operationName, variables: config.variables });
        this.emit({ data: { uiapi: { query: data } }, errors: undefined, refresh });
    }
}
