import {
    AREAS,
    CHECKS_QUERY,
    LOG_PAGE_SIZE,
    LOG_QUERY,
    MANUAL_STEPS,
    NO_FILTERS,
    adminCheck,
    canEditLog,
    checksVariables,
    connectionCheck,
    countryCheck,
    RETENTION_FIELDS,
    retentionCheck,
    errorText,
    fill,
    formatWhen,
    logActions,
    logVariables,
    logWhere,
    mergeLogPages,
    phoneKeysCheck,
    prettyPayload,
    readChecks,
    readLogPage,
    recordUrl,
    saveFailedMessage,
    savedMessage,
    statusUpdate,
    syncCheck,
    withStatus,
    zoneOffset
} from 'c/diamySetupService';
import type * as SetupApi from 'c/diamySetupService';
import type { ChecksSummary, LogRow } from 'c/diamySetupService';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';

type SetupModule = typeof SetupApi;

/** 25 November 2026, 10:30 in Paris. */
const NOW = Date.parse('2026-11-25T09:30:00.000Z');
const HOUR = 60 * 60 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();
const plainDate = (value: string): string => value.slice(0, 16);

const v = <T>(value: T) => ({ value });

function checksAnswer(options: { success?: string | null; errors?: number; contacts?: number; leads?: number } = {}) {
    const success = options.success === undefined ? iso(NOW - 2 * HOUR) : options.success;
    return {
        uiapi: {
            query: {
                lastSuccess: { edges: success === null ? [] : [{ node: { Id: 'a02000000000001AAA', Logged_At__c: v(success) } }] },
                openErrors: { totalCount: options.errors ?? 0 },
                contactsWithoutKey: { totalCount: options.contacts ?? 0 },
                leadsWithoutKey: { totalCount: options.leads ?? 0 }
            }
        }
    };
}

function logNode(id: string, fields: Record<string, unknown> = {}) {
    return {
        Id: id,
        Name: v('LOG-00000001'),
        Logged_At__c: v('2026-11-25T08:00:00.000Z'),
        CreatedDate: v('2026-11-25T08:00:05.000Z'),
        Area__c: { value: 'Sync', displayValue: 'Synchronisation' },
        Severity__c: { value: 'Error', displayValue: 'Error' },
        Status__c: { value: 'New', displayValue: 'New' },
        Message__c: v('DUPLICATES_DETECTED on contact dc_42'),
        Payload__c: v('{"errors":[{"statusCode":"DUPLICATES_DETECTED"}],"token":"[redacted]"}'),
        Related_Record_Id__c: v('003000000000001AAA'),
        Diamy_Call_Id__c: v(null),
        Retry_Count__c: v(2),
        Source__c: v('diamy-sync'),
        ...fields
    };
}

function logAnswer(nodes: unknown[], pageInfo: unknown = { hasNextPage: false, endCursor: null }) {
    return { uiapi: { query: { Diamy_Integration_Log__c: { edges: nodes.map((node) => ({ node })), pageInfo } } } };
}

function row(fields: Partial<LogRow> = {}): LogRow {
    const page = readLogPage(logAnswer([logNode('a02000000000001AAA')])) as { rows: LogRow[] };
    return { ...(page.rows[0] as LogRow), ...fields };
}

describe('c/diamySetupService checks', () => {
    it('fills numbered placeholders and leaves unknown ones', () => {
        expect(fill('{0} of {1} ({2})', 3, 'ten')).toBe('3 of ten ({2})');
    });

    it('admin: passed only with Manage Diamy Calls and edit access to the log status', () => {
        expect(adminCheck(true, true).status).toBe('passed');
        const partial = adminCheck(true, false);
        expect(partial.status).toBe('failed');
        expect(partial.reason).toContain('cannot edit Diamy Integration Logs');
        const none = adminCheck(undefined, false);
        expect(none.status).toBe('failed');
        expect(none.action).toContain('Diamy Admin');
        expect(none.setupUrl).toBe('/lightning/setup/PermSets/home');
        expect(adminCheck(true, undefined).status).toBe('unknown'); // the object info is still loading
        const unknown = adminCheck(true, undefined, { body: { message: 'INSUFFICIENT_ACCESS' } });
        expect(unknown.status).toBe('unknown');
        expect(unknown.reason).toContain('INSUFFICIENT_ACCESS');
    });

    it('reads edit access from the object info: object and Status__c both updateable', () => {
        expect(canEditLog({ updateable: true, fields: { Status__c: { updateable: true } } })).toBe(true);
        expect(canEditLog({ updateable: true, fields: { Status__c: { updateable: false } } })).toBe(false);
        expect(canEditLog({ updateable: false, fields: { Status__c: { updateable: true } } })).toBe(false);
        expect(canEditLog(undefined)).toBeUndefined();
    });

    it('connection: not tested, testing, passed, failed with the reason, the detail and the named credential link', () => {
        expect(connectionCheck({ kind: 'idle' })).toMatchObject({ status: 'unknown', reason: expect.stringContaining('Not tested yet') });
        expect(connectionCheck({ kind: 'running' }).reason).toContain('Testing');
        expect(connectionCheck({ kind: 'ok' })).toMatchObject({ status: 'passed', action: '' });
        const failed = connectionCheck({ kind: 'failed', message: 'Diamy could not be reached.', detail: 'flow: 401 invalid_client' });
        expect(failed.status).toBe('failed');
        expect(failed.reason).toBe('Diamy could not be reached. (flow: 401 invalid_client)');
        expect(failed.action).toContain('Diamy_API');
        expect(failed.setupUrl).toBe('/lightning/setup/NamedCredential/home');
        expect(connectionCheck({ kind: 'failed', message: 'No answer.', detail: '' }).reason).toBe('No answer.');
    });

    it('reads the checks answer; an answer without the counts is no answer', () => {
        expect(readChecks(checksAnswer({ errors: 2, contacts: 5, leads: 1 }))).toEqual({
            lastSyncSuccess: iso(NOW - 2 * HOUR),
            openSyncErrors: 2,
            contactsWithoutKey: 5,
            leadsWithoutKey: 1
        });
        expect(readChecks(checksAnswer({ success: null }))?.lastSyncSuccess).toBeNull();
        expect(readChecks({ uiapi: { query: { openErrors: {} } } })).toBeNull();
        expect(readChecks(undefined)).toBeNull();
        expect(checksVariables(NOW)).toEqual({ since: iso(NOW - 24 * HOUR) });
    });

    it('the checks query counts open sync errors since $since and keys missing on contacts and unconverted leads', () => {
        const source = (CHECKS_QUERY as unknown as { source: string }).source;
        expect(source).toContain('$since: DateTime');
        expect(source).toMatch(/Status__c: \{ in: \["New", "Retrying", "Failed"\] \}/);
        expect(source).toMatch(/Contact\(where: \{ and: \[\{ Phone: \{ ne: null \} \}, \{ Diamy_Phone_Key__c: \{ eq: null \} \}\] \}/);
        expect(source).toContain('IsConverted: { eq: false }');
        expect((source.match(/totalCount/g) ?? []).length).toBe(3);
    });

    it('sync: passed within 24 h, failed with open errors or when stale, unknown when never run or unreadable', () => {
        const format = (value: string) => plainDate(value);
        const summary = readChecks(checksAnswer()) as ChecksSummary;
        const passed = syncCheck(summary, undefined, NOW, format);
        expect(passed.status).toBe('passed');
        expect(passed.reason).toBe(`Last successful sync: ${plainDate(iso(NOW - 2 * HOUR))}. No open sync error in the last 24 hours.`);
        const errors = syncCheck({ ...summary, openSyncErrors: 1 }, undefined, NOW, format);
        expect(errors.status).toBe('failed');
        expect(errors.reason).toBe('1 open sync error(s) in the last 24 hours.');
        expect(errors.action).toContain('Area Sync');
        const stale = syncCheck({ ...summary, lastSyncSuccess: iso(NOW - 30 * HOUR) }, undefined, NOW, format);
        expect(stale.status).toBe('failed');
        expect(stale.reason).toContain('No successful sync in the last 24 hours');
        expect(syncCheck({ ...summary, lastSyncSuccess: null }, undefined, NOW, format)).toMatchObject({ status: 'unknown', reason: 'No sync recorded yet.' });
        const unreadable = syncCheck(null, 'Field Area__c is not accessible', NOW, format);
        expect(unreadable.status).toBe('unknown');
        expect(unreadable.reason).toContain('Field Area__c is not accessible');
    });

    it('phone keys: passed when none is missing, failed with the counts, unknown when unreadable', () => {
        const summary = readChecks(checksAnswer()) as ChecksSummary;
        expect(phoneKeysCheck(summary, undefined).status).toBe('passed');
        const missing = phoneKeysCheck({ ...summary, contactsWithoutKey: 12, leadsWithoutKey: 0 }, undefined);
        expect(missing.status).toBe('failed');
        expect(missing.reason).toContain('12 contact(s) and 0 lead(s)');
        expect(missing.action).toContain('Data Loader');
        expect(phoneKeysCheck(null, undefined).status).toBe('unknown');
    });

    it('country: the effective country with how to change it; unknown while loading or unreadable', () => {
        const passed = countryCheck({ fields: { Diamy_Default_Country__c: v('be') } }, undefined);
        expect(passed.status).toBe('passed');
        expect(passed.reason).toContain('read as BE');
        expect(passed.setupUrl).toBe('/lightning/setup/CustomSettings/home');
        expect(countryCheck(undefined, undefined).status).toBe('unknown');
        expect(countryCheck(undefined, { body: [{ message: 'No access to field' }] }).reason).toContain('No access to field');
        expect(countryCheck({ fields: { Diamy_Default_Country__c: v('France') } }, undefined).status).toBe('failed');
        expect(countryCheck({ fields: {} }, undefined).status).toBe('unknown');
    });

    it('retention: the periods in force, 0 as no limit, with the way to Custom Settings; failed or unknown otherwise', () => {
        const user = (call: unknown, recording: unknown, log: unknown) => ({
            fields: { Diamy_Call_Retention_Days__c: v(call), Diamy_Recording_Retention_Days__c: v(recording), Diamy_Log_Retention_Days__c: v(log) }
        });
        expect(RETENTION_FIELDS).toEqual(['Diamy_Call_Retention_Days__c', 'Diamy_Recording_Retention_Days__c', 'Diamy_Log_Retention_Days__c']);
        const passed = retentionCheck(user(365, 180, 0), undefined);
        expect(passed).toMatchObject({ id: 'retention', status: 'passed', title: 'Data protection', setupUrl: '/lightning/setup/CustomSettings/home' });
        expect(passed.reason).toBe(
            'Personal data on calls is kept 365 days, recording links 180 days, integration-log payloads and messages without limit (anonymisation off).'
        );
        expect(passed.action).toContain('organisation default');
        expect(retentionCheck(user(1, 2, 3), undefined).reason).toContain('kept 1 days, recording links 2 days');
        const negative = retentionCheck(user(365, -5, 180), undefined);
        expect(negative).toMatchObject({ status: 'failed', reason: expect.stringContaining('User.Diamy_Recording_Retention_Days__c') });
        expect(negative.reason).not.toContain('Call_Retention');
        expect(retentionCheck(user(365, 180, 1.5), undefined).status).toBe('failed');
        expect(retentionCheck(user(365, null, 180), undefined).status).toBe('failed');
        expect(retentionCheck(undefined, undefined)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('loading') });
        expect(retentionCheck({ fields: { Diamy_Call_Retention_Days__c: v(365) } }, undefined)).toMatchObject({
            status: 'unknown',
            reason: expect.stringContaining('User.Diamy_Recording_Retention_Days__c')
        });
        expect(retentionCheck(undefined, { body: [{ message: 'No access to field' }] }).reason).toContain('No access to field');
        expect(retentionCheck(user(365, 180, '180'), undefined).status).toBe('unknown');
    });

    it('lists the manual steps, each with a relative Lightning Setup link', () => {
        expect(MANUAL_STEPS.map((step) => step.id)).toEqual(['utility', 'pages', 'trusted', 'oauth', 'translation', 'automation']);
        for (const step of MANUAL_STEPS) {
            expect(step.setupUrl).toMatch(/^\/lightning\/setup\/[A-Za-z]+\/home$/);
            expect(step.text.length).toBeGreaterThan(20);
        }
    });

    it('error text: LDS body arrays, output errors, messages and strings, bounded', () => {
        expect(errorText({ body: { output: { errors: [{ message: 'Status: bad value for restricted picklist field' }] } } })).toContain('restricted picklist');
        expect(errorText(new Error('boom'))).toBe('boom');
        expect(errorText('x'.repeat(500)).length).toBe(200);
        expect(errorText(42)).toBe('error');
    });
});

describe('c/diamySetupService integration log', () => {
    it('no filter → no where; each filter → one clause, ANDed; unknown picklist values are dropped', () => {
        expect(logWhere(NO_FILTERS)).toBeNull();
        expect(logVariables(NO_FILTERS)).toEqual({ where: null, first: LOG_PAGE_SIZE, after: null });
        const utc = () => 0;
        expect(logWhere({ ...NO_FILTERS, area: 'Sync', severity: 'Error', status: 'Failed', from: '2026-11-20', to: '2026-11-25', text: ' 50% off_' }, utc)).toEqual({
            and: [
                { Area__c: { eq: 'Sync' } },
                { Severity__c: { eq: 'Error' } },
                { Status__c: { eq: 'Failed' } },
                { Logged_At__c: { gte: { value: '2026-11-20T00:00:00.000Z' } } },
                { Logged_At__c: { lte: { value: '2026-11-25T23:59:59.999Z' } } },
                { Message__c: { like: '%50\\% off\\_%' } }
            ]
        });
        expect(logWhere({ ...NO_FILTERS, area: 'Nope', from: '25/11/2026' })).toBeNull();
    });

    it('day filters are the user’s days: midnight in Paris is 23:00 UTC the day before', () => {
        const paris = zoneOffset('Europe/Paris');
        expect(paris(new Date('2026-11-20T00:00:00Z'))).toBe(60);
        expect(paris(new Date('2026-07-20T00:00:00Z'))).toBe(120);
        expect(logWhere({ ...NO_FILTERS, from: '2026-11-20' }, paris)).toEqual({ and: [{ Logged_At__c: { gte: { value: '2026-11-19T23:00:00.000Z' } } }] });
    });

    it('the log query is newest first, paged by cursor, with the filter input type as $where', () => {
        const source = (LOG_QUERY as unknown as { source: string }).source;
        expect(source).toContain('$where: Diamy_Integration_Log__c_Filter');
        expect(source).toMatch(/orderBy: \{ Logged_At__c: \{ order: DESC/);
        expect(source).toContain('pageInfo { hasNextPage endCursor }');
        expect(logVariables(NO_FILTERS, 'cursor-2').after).toBe('cursor-2');
    });

    it('reads a page: rows with translated picklists, CreatedDate when Logged_At__c is empty, bad ids skipped', () => {
        const page = readLogPage(
            logAnswer([logNode('a02000000000001AAA'), logNode('a02000000000002AAA', { Logged_At__c: v(null), Related_Record_Id__c: v('not an id'), Retry_Count__c: v(null) }), { Id: 'bad' }], {
                hasNextPage: true,
                endCursor: 'c1'
            })
        );
        expect(page?.hasMore).toBe(true);
        expect(page?.endCursor).toBe('c1');
        expect(page?.rows).toHaveLength(2);
        expect(page?.rows[0]).toMatchObject({ area: 'Sync', areaLabel: 'Synchronisation', retryCount: 2, relatedRecordId: '003000000000001AAA', diamyCallId: '' });
        expect(page?.rows[1]).toMatchObject({ loggedAt: '2026-11-25T08:00:05.000Z', relatedRecordId: '', retryCount: 0 });
        expect(readLogPage({ uiapi: { query: {} } })).toBeNull();
        expect(readLogPage(logAnswer([], { hasNextPage: true }))?.hasMore).toBe(false);
    });

    it('merges pages, a row that moved under the cursor shown once', () => {
        const first = readLogPage(logAnswer([logNode('a02000000000001AAA'), logNode('a02000000000002AAA')]));
        const second = readLogPage(logAnswer([logNode('a02000000000002AAA'), logNode('a02000000000003AAA')]));
        expect(mergeLogPages([first!, second!]).map((r) => r.id)).toEqual(['a02000000000001AAA', 'a02000000000002AAA', 'a02000000000003AAA']);
    });

    it('pretty-prints a JSON payload, keeps anything else as stored', () => {
        expect(prettyPayload('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
        expect(prettyPayload('{not json')).toBe('{not json');
        expect(prettyPayload('plain text')).toBe('plain text');
        expect(recordUrl('003000000000001AAA')).toBe('/lightning/r/003000000000001AAA/view');
        expect(recordUrl('')).toBe('');
    });

    it('retry is offered for sync entries only, when New or Failed; nothing without edit access', () => {
        expect(logActions(row(), true)).toEqual({ retry: true, resolve: true, ignore: true, retryOffered: true });
        expect(logActions(row({ status: 'Failed' }), true).retry).toBe(true);
        expect(logActions(row({ status: 'Retrying' }), true).retry).toBe(false);
        expect(logActions(row({ status: 'Resolved' }), true)).toEqual({ retry: false, resolve: false, ignore: false, retryOffered: true });
        expect(logActions(row({ area: 'Logging' }), true)).toEqual({ retry: false, resolve: true, ignore: true, retryOffered: false });
        expect(logActions(row(), false)).toEqual({ retry: false, resolve: false, ignore: false, retryOffered: true });
        expect(AREAS).toContain('Sync');
    });

    it('an action updates Status__c only; the row shows the new status; messages say what happened', () => {
        expect(statusUpdate(row(), 'retry')).toEqual({ fields: { Id: 'a02000000000001AAA', Status__c: 'Retrying' } });
        expect(statusUpdate(row(), 'ignore').fields.Status__c).toBe('Ignored');
        expect(withStatus(row(), 'resolve', 'Resolved')).toMatchObject({ status: 'Resolved', statusLabel: 'Resolved', retryCount: 2 });
        expect(savedMessage('Retrying')).toBe('Status changed to Retrying.');
        expect(saveFailedMessage({ body: { message: 'insufficient access rights on object id' } })).toBe('The status was not changed: insufficient access rights on object id');
    });

    it('formats a log time in the user’s locale and time zone', () => {
        expect(formatWhen('2026-11-25T08:00:00.000Z', 'en-GB', 'Europe/Paris')).toBe('25/11/2026, 09:00:00');
        expect(formatWhen('', 'en-GB', 'Europe/Paris')).toBe('');
    });

    it('speaks French to a French-speaking admin', () => {
        const french = loadAsFrenchUser<SetupModule>('c/diamySetupService');
        expect(french.connectionCheck({ kind: 'idle' }).reason).toContain('Pas encore testée');
        expect(french.syncCheck({ lastSyncSuccess: null, openSyncErrors: 4, contactsWithoutKey: 0, leadsWithoutKey: 0 }, undefined, NOW, plainDate).reason).toBe(
            '4 erreur(s) de synchronisation ouverte(s) ces dernières 24 heures.'
        );
        expect(french.savedMessage('Nouvelle tentative')).toBe('Statut passé à Nouvelle tentative.');
        expect(french.MANUAL_STEPS[2]?.title).toBe('URL de confiance');
        expect(french.formatWhen('2026-11-25T08:00:00.000Z')).toBe('25/11/2026 09:00:00');
    });
});
