// The setup console against the stateful lightning/graphql mock answered from the fake org (the workbench's answerer),
// LDS test wire adapters for the user, the log's object info and picklists, and the org's updateRecord (no kinder than UI API:
// 403 for a user who may not edit the log, 400 for a restricted picklist value).
import { createElement } from 'lwc';
import DiamySetup from 'c/diamySetup';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { FakeOrg } from 'diamy-test/diamyFakeOrg';
import { statefulGraphql } from 'diamy-test/diamyGraphqlOrg';
import { seedLog, setupGraphql } from 'diamy-test/diamySetupGraphql';
import type { SetupGraphqlOptions } from 'diamy-test/diamySetupGraphql';
import { asTestAdapter, flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

jest.mock('@salesforce/customPermission/Diamy_Manage_Calls', () => ({ __esModule: true, default: true }), { virtual: true });

const HOUR = 60 * 60 * 1000;
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();

const OBJECT_INFO = { apiName: 'Diamy_Integration_Log__c', defaultRecordTypeId: '012000000000000AAA', updateable: true, fields: { Status__c: { updateable: true } } };
const READ_ONLY_INFO = { ...OBJECT_INFO, updateable: false, fields: { Status__c: { updateable: false } } };

async function settle(): Promise<void> {
    for (let i = 0; i < 4; i += 1) {
        await flushPromises();
    }
}

/** The text filter waits for a pause in typing (TEXT_FILTER_DELAY_MS) before it asks. */
async function afterTyping(): Promise<void> {
    // eslint-disable-next-line @lwc/lwc/no-async-operation -- real time: the component's typing pause elapses
    await new Promise((resolve) => setTimeout(resolve, 350));
    await settle();
}

function root(element: HTMLElement): ShadowRoot {
    return shadowOf(element);
}

function check(element: HTMLElement, id: string): { status: string; reason: string; action: string } {
    const item = root(element).querySelector(`[data-check="${id}"]`) as HTMLElement;
    return {
        status: item.querySelector('.setup-check-status')?.textContent ?? '',
        reason: item.querySelector('.setup-check-reason')?.textContent ?? '',
        action: item.querySelector('.setup-check-action')?.textContent ?? ''
    };
}

function rowTexts(element: HTMLElement): string[] {
    return Array.from(root(element).querySelectorAll('.setup-log-message')).map((node) => node.textContent ?? '');
}

function filter(element: HTMLElement, name: string, value: string): void {
    const input = root(element).querySelector(`[data-filter="${name}"]`) as HTMLElement & { value: string };
    input.value = value;
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

function button(element: HTMLElement, selector: string): HTMLElement & { disabled?: boolean } {
    const found = root(element).querySelector<HTMLElement & { disabled?: boolean }>(selector);
    if (!found) throw new Error(`no ${selector}`);
    return found;
}

/** The three retention formulas as the org answers them (blank settings read as their defaults). */
const DEFAULT_RETENTION = { Diamy_Call_Retention_Days__c: 365, Diamy_Recording_Retention_Days__c: 180, Diamy_Log_Retention_Days__c: 180 };

async function mount(
    org: FakeOrg,
    options: { objectInfo?: unknown; graphql?: SetupGraphqlOptions; country?: string; retention?: Record<string, number | null> | null } = {}
): Promise<HTMLElement> {
    statefulGraphql.answerWith(setupGraphql(org, options.graphql));
    const element = createElement('c-diamy-setup', { is: DiamySetup });
    document.body.appendChild(element);
    // Optional fields the user cannot read are left out of the record, as LDS does.
    const retention = options.retention === null ? {} : (options.retention ?? DEFAULT_RETENTION);
    const retentionFields = Object.fromEntries(Object.entries(retention).map(([name, value]) => [name, { value, displayValue: null }]));
    asTestAdapter(getRecord).emit({
        id: '005000000000001AAA',
        apiName: 'User',
        fields: { Diamy_Default_Country__c: { value: options.country ?? 'FR', displayValue: null }, ...retentionFields }
    });
    asTestAdapter(getObjectInfo).emit(options.objectInfo ?? OBJECT_INFO);
    asTestAdapter(getPicklistValues).emit({
        defaultValue: null,
        values: [
            { label: 'New', value: 'New' },
            { label: 'Retrying', value: 'Retrying' },
            { label: 'Resolved', value: 'Resolved' },
            { label: 'Ignored', value: 'Ignored' }
        ]
    });
    await settle();
    return element;
}

describe('c-diamy-setup', () => {
    let org: FakeOrg;
    beforeEach(() => {
        org = new FakeOrg();
        (updateRecord as jest.Mock).mockImplementation(org.updateRecord);
    });
    afterEach(() => {
        statefulGraphql.reset();
        resetDom();
        jest.clearAllMocks();
    });

    it('checklist: admin passed, sync passed, keys passed, country shown, connection not tested yet', async () => {
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Info', Message__c: 'Sync run completed', Logged_At__c: ago(1) });
        const element = await mount(org, { country: 'BE' });
        expect(check(element, 'admin').status).toBe('OK');
        expect(check(element, 'sync')).toMatchObject({ status: 'OK', reason: expect.stringContaining('Last successful sync') });
        expect(check(element, 'phoneKeys').status).toBe('OK');
        expect(check(element, 'country').reason).toContain('read as BE');
        expect(check(element, 'connection')).toMatchObject({ status: 'Could not check', reason: expect.stringContaining('Not tested yet') });
        expect(root(element).querySelectorAll('.setup-step')).toHaveLength(6);
        // Without a Default Workflow User the retention flows never run: the step says where to set it.
        expect((root(element).querySelector('[data-step="automation"] a') as HTMLAnchorElement).getAttribute('href')).toBe('/lightning/setup/WorkflowSettings/home');
        expect((root(element).querySelector('[data-step="trusted"] a') as HTMLAnchorElement).getAttribute('href')).toBe('/lightning/setup/SecurityCspTrustedSite/home');
    });

    it('data protection row: the retention in force with the way to Custom Settings; 0 reads as no limit', async () => {
        const element = await mount(org);
        expect(asTestAdapter(getRecord).getLastConfig()).toMatchObject({
            optionalFields: expect.arrayContaining(
                Object.keys(DEFAULT_RETENTION).map((fieldApiName) => ({ objectApiName: 'User', fieldApiName }))
            )
        });
        const row = check(element, 'retention');
        expect(row.status).toBe('OK');
        expect(row.reason).toBe('Personal data on calls is kept 365 days, recording links 180 days, integration-log payloads and messages 180 days.');
        expect(row.action).toContain('Diamy Settings');
        const link = root(element).querySelector('[data-check="retention"] .setup-check-link') as HTMLAnchorElement;
        expect(link.getAttribute('href')).toBe('/lightning/setup/CustomSettings/home');
        expect(link.textContent).toBe('Open in Setup');
        resetDom();
        const off = await mount(org, { retention: { ...DEFAULT_RETENTION, Diamy_Recording_Retention_Days__c: 0, Diamy_Log_Retention_Days__c: 30 } });
        expect(check(off, 'retention').reason).toBe(
            'Personal data on calls is kept 365 days, recording links without limit (anonymisation off), integration-log payloads and messages 30 days.'
        );
    });

    it('data protection row: could not check when the fields are not readable; to fix when a value is negative', async () => {
        const unreadable = await mount(org, { retention: null });
        expect(check(unreadable, 'retention')).toMatchObject({ status: 'Could not check', reason: expect.stringContaining('User.Diamy_Call_Retention_Days__c') });
        resetDom();
        const negative = await mount(org, { retention: { ...DEFAULT_RETENTION, Diamy_Log_Retention_Days__c: -1 } });
        expect(check(negative, 'retention')).toMatchObject({ status: 'To fix', reason: expect.stringContaining('User.Diamy_Log_Retention_Days__c') });
    });

    it('checklist failures: open sync errors, contacts without a key, no edit access to the log', async () => {
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Info', Logged_At__c: ago(2) });
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Status__c: 'Failed', Message__c: 'DUPLICATES_DETECTED', Logged_At__c: ago(3) });
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Status__c: 'Resolved', Message__c: 'fixed', Logged_At__c: ago(3) });
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Status__c: 'New', Message__c: 'too old', Logged_At__c: ago(30) });
        org.records.push({ id: '003000000000009AAA', apiName: 'Contact', fields: { Phone: '01 84 88 00 00', Diamy_Phone_Key__c: null }, visible: true });
        const element = await mount(org, { objectInfo: READ_ONLY_INFO });
        expect(check(element, 'sync')).toMatchObject({ status: 'To fix', reason: '1 open sync error(s) in the last 24 hours.' });
        expect(check(element, 'phoneKeys')).toMatchObject({ status: 'To fix', reason: expect.stringContaining('1 contact(s) and 0 lead(s)') });
        expect(check(element, 'admin')).toMatchObject({ status: 'To fix', reason: expect.stringContaining('cannot edit') });
        expect(check(element, 'admin').action).toContain('Open in Setup');
    });

    it('Check again asks the org again: an error logged since then turns the sync check to fix', async () => {
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Info', Logged_At__c: ago(1) });
        const element = await mount(org);
        expect(check(element, 'sync').status).toBe('OK');
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Critical', Message__c: 'REQUEST_LIMIT_EXCEEDED', Logged_At__c: ago(0) });
        button(element, '.setup-recheck').click();
        await settle();
        expect(check(element, 'sync')).toMatchObject({ status: 'To fix', reason: '1 open sync error(s) in the last 24 hours.' });
    });

    it('checks that cannot be read say so, with the platform’s reason', async () => {
        const element = await mount(org, { graphql: { failChecks: 'Validation error: Field Diamy_Phone_Key__c is not accessible' } });
        expect(check(element, 'sync')).toMatchObject({ status: 'Could not check', reason: expect.stringContaining('Diamy_Phone_Key__c is not accessible') });
        expect(check(element, 'phoneKeys').status).toBe('Could not check');
    });

    it('tests the connection through the token flow and explains its error', async () => {
        const element = await mount(org);
        button(element, '.setup-test-connection').click();
        await flushPromises();
        expect(check(element, 'connection').reason).toContain('Testing');
        const token = root(element).querySelector('c-diamy-agent-token') as HTMLElement;
        const flow = shadowOf(token).querySelector('lightning-flow') as HTMLElement;
        flow.dispatchEvent(new CustomEvent('statuschange', { detail: { status: 'FINISHED', outputVariables: [{ name: 'errorMessage', value: 'Diamy answered 401 invalid_client', dataType: 'STRING' }] } }));
        await settle();
        const failed = check(element, 'connection');
        expect(failed.status).toBe('To fix');
        expect(failed.reason).toContain('401 invalid_client');
        expect(failed.action).toContain('Diamy_API');

        button(element, '.setup-test-connection').click();
        await flushPromises();
        const again = shadowOf(token).querySelector('lightning-flow') as HTMLElement;
        again.dispatchEvent(
            new CustomEvent('statuschange', {
                detail: {
                    status: 'FINISHED',
                    outputVariables: [
                        { name: 'accessToken', value: 'dat_secret', dataType: 'STRING' },
                        { name: 'expiresIn', value: 3600, dataType: 'NUMBER' },
                        { name: 'websocketUrl', value: 'wss://acme.diamy.example/v2/agent/stream', dataType: 'STRING' }
                    ]
                }
            })
        );
        await settle();
        expect(check(element, 'connection').status).toBe('OK');
        expect(root(element).textContent).not.toContain('dat_secret');
    });

    it('the log: newest first, filters by area, severity, status, text and day, a page at a time', async () => {
        for (let i = 0; i < 25; i += 1) {
            seedLog(org, { Area__c: 'Telephony', Severity__c: 'Warning', Message__c: `socket dropped ${i}`, Logged_At__c: ago(48 + i) });
        }
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Message__c: 'DUPLICATES_DETECTED on dc_42', Logged_At__c: ago(1) });
        seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Status__c: 'Resolved', Message__c: 'DUPLICATE_VALUE on dc_7', Logged_At__c: ago(2) });
        seedLog(org, { Area__c: 'Logging', Severity__c: 'Error', Message__c: 'invisible', Logged_At__c: ago(1) }, false);
        const element = await mount(org);
        expect(rowTexts(element)).toHaveLength(20);
        expect(rowTexts(element)[0]).toBe('DUPLICATES_DETECTED on dc_42');
        expect(rowTexts(element)).not.toContain('invisible');
        button(element, '.setup-log-more').click();
        await settle();
        expect(rowTexts(element)).toHaveLength(27);
        expect(root(element).querySelector('.setup-log-more')).toBeNull();

        filter(element, 'area', 'Sync');
        await settle();
        expect(rowTexts(element)).toEqual(['DUPLICATES_DETECTED on dc_42', 'DUPLICATE_VALUE on dc_7']);
        filter(element, 'status', 'Resolved');
        await settle();
        expect(rowTexts(element)).toEqual(['DUPLICATE_VALUE on dc_7']);
        filter(element, 'status', '');
        await settle();
        const asked = statefulGraphql.queryCount;
        filter(element, 'text', 'd');
        filter(element, 'text', 'dc');
        filter(element, 'text', 'dc_4');
        await settle();
        expect(statefulGraphql.queryCount).toBe(asked); // none while typing
        await afterTyping();
        expect(statefulGraphql.queryCount).toBe(asked + 1); // one for the pause
        expect(rowTexts(element)).toEqual(['DUPLICATES_DETECTED on dc_42']);
        filter(element, 'text', 'nothing like this');
        await afterTyping();
        expect(root(element).querySelector('.setup-log-empty')).not.toBeNull();

        filter(element, 'text', '');
        await afterTyping();
        filter(element, 'area', '');
        filter(element, 'severity', 'Warning');
        filter(element, 'to', new Date(Date.now() - 72 * HOUR).toISOString().slice(0, 10));
        await settle();
        expect(rowTexts(element).length).toBeGreaterThan(0);
        expect(rowTexts(element).every((text) => text.startsWith('socket dropped'))).toBe(true);
        expect(rowTexts(element).length).toBeLessThan(25);
    });

    it('a log that cannot be loaded says so', async () => {
        const element = await mount(org, { graphql: { failLog: 'INVALID_FIELD: No such column' } });
        expect(root(element).querySelector('.setup-log-error')?.textContent).toContain('The integration log could not be loaded.');
    });

    it('details: message, pretty payload, related record link, call id, retries; retry sets Retrying in the org', async () => {
        const entry = seedLog(org, {
            Area__c: 'Sync',
            Severity__c: 'Error',
            Status__c: 'Failed',
            Message__c: 'DUPLICATES_DETECTED on dc_42',
            Payload__c: '{"errors":[{"statusCode":"DUPLICATES_DETECTED"}]}',
            Related_Record_Id__c: '003000000000001AAA',
            Diamy_Call_Id__c: 'call_9',
            Retry_Count__c: 3,
            Logged_At__c: ago(1)
        });
        const element = await mount(org);
        expect(root(element).querySelector('.setup-log-select')).not.toBeNull();
        button(element, `button[data-id="${entry.id}"]`).click();
        await settle();
        expect(root(element).querySelector('.setup-detail-payload')?.textContent).toBe('{\n  "errors": [\n    {\n      "statusCode": "DUPLICATES_DETECTED"\n    }\n  ]\n}');
        expect((root(element).querySelector('.setup-detail-record') as HTMLAnchorElement).getAttribute('href')).toBe('/lightning/r/003000000000001AAA/view');
        expect(root(element).querySelector('.setup-detail-call')?.textContent).toBe('call_9');
        expect(root(element).querySelector('.setup-detail-retries')?.textContent).toBe('3');

        button(element, '.setup-action-retry').click();
        await settle();
        expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: entry.id, Status__c: 'Retrying' } });
        expect(entry.fields.Status__c).toBe('Retrying');
        expect(entry.fields.Retry_Count__c).toBe(3);
        expect(root(element).querySelector('.setup-detail-status')?.textContent).toBe('Retrying');
        expect(root(element).querySelector('.setup-log-action-message')?.textContent).toBe('Status changed to Retrying.');
        expect(button(element, '.setup-action-retry').disabled).toBe(true);

        button(element, '.setup-action-resolve').click();
        await settle();
        expect(entry.fields.Status__c).toBe('Resolved');
    });

    it('a refused save keeps the status and says why; without edit access the actions are off', async () => {
        const entry = seedLog(org, { Area__c: 'Sync', Severity__c: 'Error', Status__c: 'New', Message__c: 'validation', Logged_At__c: ago(1) });
        org.editIntegrationLogs = false;
        const element = await mount(org);
        button(element, `button[data-id="${entry.id}"]`).click();
        await settle();
        button(element, '.setup-action-ignore').click();
        await settle();
        expect(entry.fields.Status__c).toBe('New');
        expect(root(element).querySelector('.setup-log-action-message')?.textContent).toBe('The status was not changed: insufficient access rights on object id');
        expect(root(element).querySelector('.setup-detail-status')?.textContent).toBe('New');

        resetDom();
        const readOnly = await mount(org, { objectInfo: READ_ONLY_INFO });
        button(readOnly, `button[data-id="${entry.id}"]`).click();
        await settle();
        expect(button(readOnly, '.setup-action-retry').disabled).toBe(true);
        expect(button(readOnly, '.setup-action-ignore').disabled).toBe(true);
        expect(root(readOnly).querySelector('.setup-read-only')?.textContent).toBe("Only Diamy Admin can change an entry's status.");
    });

    it('retry is not offered for the softphone’s own entries', async () => {
        const entry = seedLog(org, { Area__c: 'Logging', Severity__c: 'Error', Message__c: 'Call call_1 not saved', Logged_At__c: ago(1) });
        const element = await mount(org);
        button(element, `button[data-id="${entry.id}"]`).click();
        await settle();
        expect(root(element).querySelector('.setup-action-retry')).toBeNull();
        expect(root(element).querySelector('.setup-retry-help')?.textContent).toContain('Only sync entries can be retried');
    });
});
