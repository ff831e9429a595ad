// Shared fixtures of the c-diamy-caller-popup suites (English: diamyCallerPopup.test.ts; a French user:
// diamyCallerPopup.fr.test.ts): the running user's Diamy settings, candidate and context answers in the shape of
// UI API GraphQL (scalar fields as { value }, picklists as { value, displayValue }), mounting and ringing.
import { createElement } from '@lwc/engine-dom';
import DiamyCallerPopup from 'c/diamyCallerPopup';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import { IsConsoleNavigation } from 'lightning/platformWorkspaceApi';
import * as navigation from 'lightning/navigation';
import { asTestAdapter, flushPromises, shadowOf } from './lwcTestUtils';

// The project mocks (test/jest-mocks) add helpers that the platform module types do not declare.
export interface GraphQLTestAdapter {
    emit(data: unknown, filter?: (config: GraphQLConfig) => boolean): void;
    emitErrors(errors: readonly { message: string }[], filter?: (config: GraphQLConfig) => boolean): void;
}
export interface GraphQLConfig {
    query?: unknown;
    variables?: { keys?: string[]; recordId?: string; accountId?: string };
}
export interface NavigationTestApi {
    getNavigateCalledWith(): { pageReference: { type: string; attributes: Record<string, string>; state?: Record<string, string> } } | undefined;
    getNavigateCalls(): unknown[];
    __reset(): void;
}
export const graphqlAdapter = graphql as unknown as GraphQLTestAdapter;
export const nav = navigation as unknown as NavigationTestApi;
export const userAdapter = asTestAdapter<unknown>(getRecord);
export const consoleAdapter = asTestAdapter<boolean>(IsConsoleNavigation);

export const CALLER = '+33612345678';
export const KEY = '33|12345678';
export const v = <T>(value: T) => ({ value });
/** A picklist as UI API GraphQL answers it: the API value and its label in the user's language. */
export const pick = (value: string, displayValue: string) => ({ value, displayValue });

export const isCandidateLookup = (config: GraphQLConfig): boolean => Array.isArray(config.variables?.keys);
export const isContextOf = (recordId: string) => (config: GraphQLConfig) => config.variables?.recordId === recordId;

export function user(fields: Record<string, unknown> = {}) {
    return {
        id: '005000000000000AAA',
        apiName: 'User',
        fields: {
            Diamy_Default_Country__c: v('FR'),
            Diamy_Own_Numbers__c: v('+33 1 84 88 00 00'),
            Diamy_Screen_Pop_On_Answer__c: v(false),
            ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, v(value)]))
        }
    };
}

export function contact(id: string, name: string, phones: { Phone?: string; MobilePhone?: string }, accountId: string | null, accountName: string | null, lastActivity = '2026-10-01') {
    return {
        Id: id,
        Name: v(name),
        AccountId: v(accountId),
        Account: accountName ? { Name: v(accountName) } : null,
        Phone: v(phones.Phone ?? null),
        MobilePhone: v(phones.MobilePhone ?? null),
        Diamy_Phone_Key__c: v(phones.Phone ? KEY : null),
        Diamy_Mobile_Key__c: v(phones.MobilePhone ? KEY : null),
        LastActivityDate: v(lastActivity),
        LastModifiedDate: v('2026-09-01T10:00:00.000Z')
    };
}
export function account(id: string, name: string, phone: string) {
    return { Id: id, Name: v(name), Phone: v(phone), Diamy_Phone_Key__c: v(KEY), LastActivityDate: v(null), LastModifiedDate: v('2026-08-01T10:00:00.000Z') };
}
export function candidates(contacts: unknown[], accounts: unknown[] = [], leads: unknown[] = []) {
    const edges = (nodes: unknown[]) => ({ edges: nodes.map((node) => ({ node })) });
    return { uiapi: { query: { Contact: edges(contacts), Lead: edges(leads), Account: edges(accounts) } } };
}
export function contactContext(id: string, name: string, accountName: string) {
    return {
        uiapi: {
            query: {
                Contact: { edges: [{ node: { Id: id, Name: v(name), Title: v('Buyer'), Account: { Id: '001000000000001AAA', Name: v(accountName) }, Owner: { Name: v('Alice Agent') } } }] },
                Task: { edges: [{ node: { Id: '00T1', Subject: v('Call about invoice 42'), ActivityDate: v('2026-10-01'), Status: pick('Completed', 'Completed'), TaskSubtype: v('Call') } }] },
                Case: { edges: [{ node: { Id: '5001', CaseNumber: v('00001026'), Subject: v('Broken handset'), Status: pick('New', 'New'), Priority: pick('High', 'High') } }] },
                Opportunity: { edges: [] as unknown[] }
            }
        }
    };
}

export const DUPONT = contact('003000000000001AAA', 'Jean Dupont', { MobilePhone: '06 12 34 56 78' }, '001000000000001AAA', 'Acme');
export const MARTIN = contact('003000000000002AAA', 'Marie Martin', { MobilePhone: '+33 6 12 34 56 78' }, '001000000000002AAA', 'Globex', '2026-09-01');

export type PopupElement = HTMLElement & { phoneNumber?: string; callId?: string; phase?: string };

export function mount(props: { phoneNumber?: string; callId?: string; phase?: string }): { element: PopupElement; selections: unknown[] } {
    const element = createElement('c-diamy-caller-popup', { is: DiamyCallerPopup }) as unknown as PopupElement;
    Object.assign(element, props);
    const selections: unknown[] = [];
    element.addEventListener('callerselected', (event) => selections.push((event as CustomEvent).detail));
    document.body.appendChild(element);
    return { element, selections };
}

export async function ringWith(data: unknown, props: { phoneNumber?: string; callId?: string; phase?: string } = {}, userRecord = user()) {
    const mounted = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing', ...props });
    userAdapter.emit(userRecord);
    await flushPromises();
    graphqlAdapter.emit(data, isCandidateLookup);
    await flushPromises();
    return mounted;
}

export const $ = (element: HTMLElement, selector: string) => shadowOf(element).querySelector(selector);
export const text = (element: HTMLElement, selector: string) => $(element, selector)?.textContent?.trim();
