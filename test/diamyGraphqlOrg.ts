// Answers the UI API GraphQL queries the softphone sends from the in-memory org, as the running agent: only the
// records the fake org says the agent may see (FakeRecord.visible). For the stateful lightning/graphql jest mock
// (test/jest-mocks/lightning/graphql.js: graphql.answerWith(orgGraphql(org))).
import { graphql } from 'lightning/graphql';
import type { FakeOrg } from './diamyFakeOrg';

interface GraphQLConfig {
    query?: { source?: string };
    variables?: Record<string, unknown>;
}
type Answer = { data: unknown; errors?: { message: string }[] } | undefined;

/** The stateful controls of the jest mock (not in the platform's types). */
export interface StatefulGraphql {
    answerWith(resolver: (config: GraphQLConfig) => Answer): void;
    reset(): void;
    readonly queryCount: number;
}

export const statefulGraphql = graphql as unknown as StatefulGraphql;

const CALL_BY_ID = /Diamy_Call__c\s*\(\s*where:\s*\{\s*Diamy_Call_Id__c:\s*\{\s*eq:\s*\$diamyCallId\s*\}\s*\}/;

/** A resolver over the org: the Diamy call lookup by Diamy_Call_Id__c; anything else is unknown (never answers). */
export function orgGraphql(org: FakeOrg): (config: GraphQLConfig) => Answer {
    return (config) => {
        const source = config.query?.source ?? '';
        if (!CALL_BY_ID.test(source)) {
            return undefined;
        }
        const wanted = config.variables?.diamyCallId;
        const nodes = org.records
            .filter((record) => record.apiName === 'Diamy_Call__c' && record.visible && record.fields.Diamy_Call_Id__c === wanted)
            .slice(0, 1)
            .map((record) => ({ Id: record.id, Diamy_Call_Id__c: { value: record.fields.Diamy_Call_Id__c } }));
        return { data: { uiapi: { query: { Diamy_Call__c: { edges: nodes.map((node) => ({ node })) } } } } };
    };
}
