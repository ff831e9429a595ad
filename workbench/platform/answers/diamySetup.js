// Workbench answers of c-diamy-setup's documents (c/diamySetupService: diamySetupChecks, diamySetupLog), from the
// in-memory org's records (workbench/platform/org.js, the jest suites' FakeOrg) — as UI API GraphQL answers them,
// no kinder. The jest suites of c-diamy-setup use the same answerer (test/diamySetupGraphql.ts).
// - only the records the running user may see (FakeRecord.visible);
// - diamySetupLog: the `$where` filter input (`and` of { Field: { eq | gte | lte | like } }, DateTime values as
//   { value }, LIKE with % and _ and backslash escapes, case-insensitive as SOQL LIKE is); Logged_At__c newest first
//   (nulls last), then CreatedDate; `first` rows (1–2000, else a GraphQL error) after the `after` cursor (one this
//   answerer did not give is a GraphQL error); pageInfo { hasNextPage endCursor };
// - diamySetupChecks: the newest Area Sync Info entry, the count of open Sync Error/Critical entries since $since,
//   and the count of Contacts / unconverted Leads with Phone and no Diamy_Phone_Key__c (totalCount).
// A document this answerer does not know: undefined (the next answerer is asked).

const LOG = 'Diamy_Integration_Log__c';
const CURSOR_PREFIX = 'wbsetup:';
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

/** Picklist values and their French labels (objectTranslations/Diamy_Integration_Log__c-fr), by field. */
export const LOG_PICKLISTS = {
    Area__c: ['Telephony', 'Logging', 'Sync', 'Setup'],
    Severity__c: ['Info', 'Warning', 'Error', 'Critical'],
    Status__c: ['New', 'Retrying', 'Resolved', 'Failed', 'Ignored']
};
export const FRENCH = {
    Telephony: 'Téléphonie',
    Logging: 'Journalisation',
    Sync: 'Synchronisation',
    Setup: 'Configuration',
    Info: 'Info',
    Warning: 'Avertissement',
    Error: 'Erreur',
    Critical: 'Critique',
    New: 'Nouveau',
    Retrying: 'Nouvelle tentative en cours',
    Resolved: 'Résolu',
    Failed: 'Échec',
    Ignored: 'Ignoré'
};

function picklist(value) {
    if (value === null || value === undefined || value === '') return { value: null, displayValue: null };
    return { value, displayValue: globalThis.__DIAMY_LANG__ === 'fr' ? (FRENCH[value] ?? value) : value };
}

const plain = (value) => ({ value: value === undefined ? null : value, displayValue: null });

function likeMatches(pattern, text) {
    if (typeof text !== 'string') return false;
    let regex = '';
    for (let i = 0; i < pattern.length; i += 1) {
        const c = pattern[i];
        if (c === '\\' && i + 1 < pattern.length) {
            i += 1;
            regex += pattern[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        } else if (c === '%') regex += '.*';
        else if (c === '_') regex += '.';
        else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${regex}$`, 'is').test(text);
}

function compare(op, operand, actual) {
    const expected = operand !== null && typeof operand === 'object' && 'value' in operand ? operand.value : operand;
    switch (op) {
        case 'eq':
            return expected === null ? actual === null || actual === undefined || actual === '' : actual === expected;
        case 'ne':
            return expected === null ? !(actual === null || actual === undefined || actual === '') : actual !== expected;
        case 'in':
            return Array.isArray(expected) && expected.includes(actual);
        case 'gte':
            return actual !== null && actual !== undefined && Date.parse(actual) >= Date.parse(expected);
        case 'lte':
            return actual !== null && actual !== undefined && Date.parse(actual) <= Date.parse(expected);
        case 'like':
            return likeMatches(String(expected), actual);
        default:
            throw new Error(`workbench: filter operator ${op} is not modelled`);
    }
}

/** Whether a record's fields pass a UI API `where` filter (and / or / field operators). */
export function matchesWhere(where, fields) {
    if (where === null || where === undefined) return true;
    return Object.entries(where).every(([key, condition]) => {
        if (key === 'and') return condition.every((part) => matchesWhere(part, fields));
        if (key === 'or') return condition.some((part) => matchesWhere(part, fields));
        return Object.entries(condition).every(([op, operand]) => compare(op, operand, fields[key]));
    });
}

function time(value) {
    return value ? Date.parse(value) : null;
}

function newestFirst(a, b) {
    const x = time(a.fields.Logged_At__c);
    const y = time(b.fields.Logged_At__c);
    if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return y - x;
    }
    const cx = time(a.fields.CreatedDate) ?? 0;
    const cy = time(b.fields.CreatedDate) ?? 0;
    return cy !== cx ? cy - cx : a.id < b.id ? 1 : -1;
}

function logNode(record) {
    const f = record.fields;
    return {
        Id: record.id,
        Name: plain(f.Name ?? `LOG-${record.id.slice(-8)}`),
        Logged_At__c: plain(f.Logged_At__c),
        CreatedDate: plain(f.CreatedDate ?? f.Logged_At__c ?? null),
        Area__c: picklist(f.Area__c),
        Severity__c: picklist(f.Severity__c),
        Status__c: picklist(f.Status__c ?? 'New'),
        Message__c: plain(f.Message__c),
        Payload__c: plain(f.Payload__c),
        Related_Record_Id__c: plain(f.Related_Record_Id__c),
        Diamy_Call_Id__c: plain(f.Diamy_Call_Id__c),
        Retry_Count__c: plain(f.Retry_Count__c ?? 0),
        Source__c: plain(f.Source__c)
    };
}

class GraphQLAnswerError extends Error {}

function logPage(records, variables) {
    const first = variables?.first ?? 10;
    if (!Number.isInteger(first) || first < 1 || first > 2000) throw new GraphQLAnswerError(`first must be between 1 and 2000, got ${first}`);
    const offset = offsetOf(variables?.after);
    if (offset === null) throw new GraphQLAnswerError('Invalid cursor');
    const matching = records.filter((r) => matchesWhere(variables?.where ?? null, r.fields)).sort(newestFirst);
    const page = matching.slice(offset, offset + first);
    const end = offset + page.length;
    return {
        Diamy_Integration_Log__c: {
            edges: page.map((record, index) => ({ node: logNode(record), cursor: cursorOf(offset + index + 1) })),
            pageInfo: { hasNextPage: end < matching.length, endCursor: page.length > 0 ? cursorOf(end) : null }
        }
    };
}

function checks(records, all, variables) {
    const since = variables?.since;
    const sync = records.filter((r) => r.fields.Area__c === 'Sync');
    const success = sync.filter((r) => r.fields.Severity__c === 'Info').sort(newestFirst)[0];
    const open = sync.filter(
        (r) =>
            ['Error', 'Critical'].includes(r.fields.Severity__c) &&
            ['New', 'Retrying', 'Failed'].includes(r.fields.Status__c ?? 'New') &&
            (!since || (r.fields.Logged_At__c && Date.parse(r.fields.Logged_At__c) >= Date.parse(since)))
    );
    const withoutKey = (apiName, extra) =>
        all.filter((r) => r.visible && r.apiName === apiName && r.fields.Phone && !r.fields.Diamy_Phone_Key__c && extra(r.fields)).length;
    return {
        lastSuccess: { edges: success ? [{ node: { Id: success.id, Logged_At__c: plain(success.fields.Logged_At__c) } }] : [] },
        openErrors: { totalCount: open.length, edges: [] },
        contactsWithoutKey: { totalCount: withoutKey('Contact', () => true), edges: [] },
        leadsWithoutKey: { totalCount: withoutKey('Lead', (f) => f.IsConverted !== true), edges: [] }
    };
}

/**
 * The `query` part for a setup document over a list of records, or undefined when the document is not one of the
 * setup console's. Throws { message } for what UI API answers with a GraphQL error.
 */
export function answerSetup(operationName, variables, allRecords) {
    const logs = allRecords.filter((r) => r.visible && r.apiName === LOG);
    if (operationName === 'diamySetupLog') return logPage(logs, variables);
    if (operationName === 'diamySetupChecks') return checks(logs, allRecords, variables);
    return undefined;
}

export function answer(operationName, variables, { org }) {
    return answerSetup(operationName, variables, org.records);
}
