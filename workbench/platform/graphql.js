// lightning/graphql for the workbench: gql keeps the document text; the graphql wire adapter answers the four
// documents of c/diamyCallerLookup (candidates by phone key, Contact/Lead/Account context) from crm.js, and the
// call record lookup of c/diamyCallFinder (Diamy_Call__c by Diamy_Call_Id__c, visible records only) from the
// in-memory org, in the UI API GraphQL shape ({ uiapi: { query: { Obj: { edges: [{ node }] } } } }). Every answer carries
// refresh(), which asks again (lightning/graphql).
//
// No kinder than the platform: a field answers { value, displayValue } as UI API does — displayValue is the
// picklist value's label in the user's language (French on ?lang=fr), a date or an amount formatted for the user's
// locale, and null for text, numbers and ids — and only what the document selects comes back: a field or subfield
// the document does not ask for is absent, one the object does not have is a GraphQL error, as in an org.
import { PICKLIST_FR } from './picklists.js';
import { WireAdapter, log } from './bus.js';
import { accountOf, accounts, cases, contacts, crmReady, leads, opportunities, tasks } from './crm.js';
import { org } from './org.js';
import { orgQuery } from './orgServer.js';
import { select, selectionOf } from './graphqlSelect.js';
// The record components' documents (click-to-dial, call history, caller context): one answerer per file, each
// `answer(operationName, variables, { fieldsOf, edges, nameOnly, org, orgQuery })` returning the `query` part (or a
// Promise of it: an answer from the org server, orgQuery), or undefined when not its own.
import { ANSWERERS } from './answers/index.js';

export function gql(literals, ...substitutions) {
    const source = literals.reduce(
        (text, literal, i) => text + literal + (i < substitutions.length ? String(substitutions[i]) : ''),
        ''
    );
    const operation = /query\s+(\w+)/.exec(source);
    return { source, operationName: operation ? operation[1] : '' };
}

const french = () => globalThis.__DIAMY_LANG__ === 'fr';
const userLocale = () => (french() ? 'fr-FR' : 'en-US');
const USER_TIME_ZONE = 'Europe/Paris';

// ---------------------------------------------------------------------------------------------------------------
// Field values as UI API GraphQL gives them.

const FIELD_TYPES = {
    Status: 'picklist',
    Priority: 'picklist',
    StageName: 'picklist',
    TaskSubtype: 'picklist',
    ActivityDate: 'date',
    CloseDate: 'date',
    LastActivityDate: 'date',
    LastModifiedDate: 'datetime',
    Amount: 'currency'
};

function displayValue(field, value) {
    if (value === null || value === undefined) return null;
    switch (FIELD_TYPES[field]) {
        case 'picklist':
            return french() ? (PICKLIST_FR[field]?.[value] ?? value) : value;
        case 'date': {
            const [year, month, day] = String(value).split('-').map(Number);
            return new Intl.DateTimeFormat(userLocale(), { timeZone: 'UTC', dateStyle: 'short' }).format(Date.UTC(year, month - 1, day));
        }
        case 'datetime':
            return new Intl.DateTimeFormat(userLocale(), { timeZone: USER_TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(
                Date.parse(value)
            );
        case 'currency':
            return new Intl.NumberFormat(userLocale(), { style: 'currency', currency: 'EUR' }).format(value);
        default:
            return null; // text, numbers, ids: UI API gives no display value
    }
}

const fieldsOf = (record, names) =>
    Object.fromEntries(names.map((f) => [f, { value: record[f] ?? null, displayValue: displayValue(f, record[f]) }]));
const nameOnly = (name) => ({ Name: { value: name, displayValue: null } });
const edges = (nodes) => ({ edges: nodes.map((node) => ({ node })) });
const owner = (record) => nameOnly(record.Owner.Name);
const DATES = { LastActivityDate: '2025-05-12', LastModifiedDate: '2025-05-12T09:30:00.000Z' };

function candidates(keys) {
    const has = (record, fields) => fields.some((f) => record[f] && keys.includes(record[f]));
    const contactKeys = [
        'Diamy_Phone_Key__c',
        'Diamy_Mobile_Key__c',
        'Diamy_Home_Phone_Key__c',
        'Diamy_Other_Phone_Key__c',
        'Diamy_Assistant_Phone_Key__c'
    ];
    const dated = (record, names) => fieldsOf({ ...record, ...DATES }, [...names, 'LastActivityDate', 'LastModifiedDate']);
    return {
        Contact: edges(
            contacts
                .filter((c) => has(c, contactKeys))
                .map((c) => ({
                    Id: c.Id,
                    ...dated(c, ['Name', 'AccountId', 'Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'AssistantPhone', ...contactKeys]),
                    Account: c.AccountId ? { Id: c.AccountId, ...nameOnly(accountOf(c.AccountId).Name) } : null
                }))
        ),
        Lead: edges(
            leads
                .filter((l) => !l.IsConverted && has(l, ['Diamy_Phone_Key__c', 'Diamy_Mobile_Key__c']))
                .map((l) => ({
                    Id: l.Id,
                    ...dated(l, ['Name', 'Company', 'Phone', 'MobilePhone', 'Diamy_Phone_Key__c', 'Diamy_Mobile_Key__c'])
                }))
        ),
        Account: edges(
            accounts
                .filter((a) => has(a, ['Diamy_Phone_Key__c']))
                .map((a) => ({ Id: a.Id, ...dated(a, ['Name', 'Phone', 'Diamy_Phone_Key__c']) }))
        )
    };
}

const taskNodes = (filter) =>
    edges(
        tasks
            .filter(filter)
            .map((t) => ({ Id: t.Id, ...fieldsOf(t, ['Subject', 'ActivityDate', 'Status', 'TaskSubtype', 'CallDurationInSeconds']) }))
    );
const caseNodes = (filter) =>
    edges(
        cases
            .filter((c) => !c.IsClosed && filter(c))
            .map((c) => ({ Id: c.Id, ...fieldsOf(c, ['CaseNumber', 'Subject', 'Status', 'Priority']) }))
    );
const opportunityNodes = (accountId) =>
    edges(
        opportunities
            .filter((o) => !o.IsClosed && o.AccountId === accountId)
            .map((o) => ({ Id: o.Id, ...fieldsOf(o, ['Name', 'StageName', 'CloseDate', 'Amount']) }))
    );

/** Everything the workbench knows for a document; what the document selects is then kept (select below). */
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
                        ...fieldsOf(r, ['Name', 'Title']),
                        Account: account ? { Id: account.Id, ...nameOnly(account.Name) } : null,
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
                        .map((r) => ({ Id: r.Id, ...fieldsOf(r, ['Name', 'Title', 'Company', 'Status']), Owner: owner(r) }))
                ),
                Task: taskNodes((t) => t.WhoId === id)
            };
        case 'diamyAccountContext':
            return {
                Account: edges(
                    accounts.filter((r) => r.Id === id).map((r) => ({ Id: r.Id, ...fieldsOf(r, ['Name']), Owner: owner(r) }))
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
                        .map((r) => ({ Id: r.id, ...fieldsOf(r.fields, ['Diamy_Call_Id__c']) }))
                )
            };
        default:
            for (const extra of ANSWERERS) {
                const data = extra(operationName, variables, { fieldsOf, edges, nameOnly, org, orgQuery });
                if (data !== undefined) return data;
            }
            return undefined;
    }
}

let keysReady = false;

export class graphql extends WireAdapter {
    update(config) {
        const query = config?.query;
        if (!query) return;
        this.config = config;
        // Resolves once the wire has its new answer (an org server answer takes a request) and at least 25 ms passed.
        const refresh = () => {
            const answered = new Promise((resolve) => (this.waiters = [...(this.waiters ?? []), resolve]));
            if (this.config === config) this.update(config);
            else this.settleWaiters();
            return Promise.all([answered, new Promise((resolve) => setTimeout(resolve, 25))]).then(() => undefined);
        };
        if (query.operationName === 'diamyPhoneCandidates' && !keysReady) {
            // The records' match keys need the phone metadata (a dynamic import): answer once they are computed.
            crmReady().then(() => {
                keysReady = true;
                if (this.config === config) this.update(config);
            });
            return;
        }
        const known = answer(query.operationName, config.variables);
        if (known && typeof known.then === 'function') {
            // An answerer that asks the org server (call lists: platform/orgServer.js orgQuery): answered when it has
            // answered, unless the wire asked something else meanwhile; a refusal is a GraphQL error, as in an org.
            known.then(
                (data) => {
                    if (this.config === config) this.answerWith(query, config, data, refresh);
                },
                (error) => {
                    if (this.config !== config) return;
                    const message = error?.body?.[0]?.message ?? error?.message ?? String(error);
                    log('graphql error', { operation: query.operationName, error: message });
                    this.emit({ data: undefined, errors: [{ message }], refresh });
                }
            );
            return;
        }
        this.answerWith(query, config, known, refresh);
    }

    emit(value) {
        super.emit(value);
        queueMicrotask(() => this.settleWaiters());
    }

    settleWaiters() {
        const waiters = this.waiters ?? [];
        this.waiters = [];
        for (const resolve of waiters) resolve();
    }

    /** Emits what the document selects of `known` (the `query` part), or the GraphQL error. */
    answerWith(query, config, known, refresh) {
        if (known === undefined) {
            this.emit({ data: undefined, errors: [{ message: `workbench: no answer for ${query.operationName}` }], refresh });
            return;
        }
        let data;
        try {
            data = select({ uiapi: { query: known } }, selectionOf(query.source), []);
        } catch (error) {
            log('graphql error', { operation: query.operationName, error: error.message });
            this.emit({ data: undefined, errors: [{ message: error.message }], refresh });
            return;
        }
        log('graphql', { operation: query.operationName, variables: config.variables });
        this.emit({ data, errors: undefined, refresh });
    }
}
