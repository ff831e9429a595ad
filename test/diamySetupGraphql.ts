// Answers c-diamy-setup's GraphQL documents (diamySetupChecks, diamySetupLog) from the fake org, with the same answerer
// the workbench uses (workbench/platform/answers/diamySetup.js): only visible records, the `$where` filter, newest first,
// cursor pages. For the stateful lightning/graphql jest mock: statefulGraphql.answerWith(setupGraphql(org, now)).
import type { FakeOrg, FakeRecord } from './diamyFakeOrg';

interface GraphQLConfig {
    query?: { source?: string };
    variables?: Record<string, unknown>;
}
type Answer = { data: unknown; errors?: { message: string }[] } | undefined;

interface SetupAnswerer {
    answerSetup(operationName: string, variables: Record<string, unknown> | undefined, records: FakeRecord[]): Record<string, unknown> | undefined;
}

const { answerSetup } = jest.requireActual<SetupAnswerer>('../workbench/platform/answers/diamySetup.js');

/** What the org refuses for a document, e.g. a field the running user may not read: a GraphQL error answer. */
export interface SetupGraphqlOptions {
    failChecks?: string;
    failLog?: string;
}

export function setupGraphql(org: FakeOrg, options: SetupGraphqlOptions = {}): (config: GraphQLConfig) => Answer {
    return (config) => {
        const operation = /query\s+(\w+)/.exec(config.query?.source ?? '')?.[1] ?? '';
        if (operation === 'diamySetupChecks' && options.failChecks) {
            return { data: undefined, errors: [{ message: options.failChecks }] };
        }
        if (operation === 'diamySetupLog' && options.failLog) {
            return { data: undefined, errors: [{ message: options.failLog }] };
        }
        try {
            const query = answerSetup(operation, config.variables, org.records);
            return query === undefined ? undefined : { data: { uiapi: { query } } };
        } catch (error) {
            return { data: undefined, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
        }
    };
}

let seeded = 0;

/** A Diamy_Integration_Log__c row in the org, as Diamy's server or the softphone would have written it. */
export function seedLog(org: FakeOrg, fields: Record<string, unknown>, visible = true): FakeRecord {
    seeded += 1;
    const record: FakeRecord = {
        id: `a02SEED${String(seeded).padStart(11, '0')}`,
        apiName: 'Diamy_Integration_Log__c',
        fields: { Status__c: 'New', Retry_Count__c: 0, Name: `LOG-${String(seeded).padStart(8, '0')}`, ...fields },
        visible
    };
    org.records.push(record);
    return record;
}
