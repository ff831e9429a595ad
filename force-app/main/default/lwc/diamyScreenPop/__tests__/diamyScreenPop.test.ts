import {
    SCREEN_POP_SETTINGS_FIELDS,
    automaticSelection,
    bestTier,
    callPhaseOf,
    createPopLedger,
    decideScreenPop,
    findRecordTab,
    openPage,
    sameRecordId,
    screenPopLedger,
    screenPopSettingsFromUser,
    selectionOf
} from 'c/diamyScreenPop';
import type { PopEnvironment, ScreenPopSettings, WorkspaceApi } from 'c/diamyScreenPop';
import type { MatchDecision, RankedMatch } from 'c/diamyPhoneMatch';
import type { PageReference } from 'lightning/navigation';
import type { TabInfo } from 'lightning/platformWorkspaceApi';
import { resetDom } from 'diamy-test/lwcTestUtils';

const match = (objectApiName: RankedMatch['objectApiName'], recordId: string, accountId: string | null = null): RankedMatch => ({
    recordId,
    objectApiName,
    name: `Name ${recordId}`,
    accountId,
    accountName: null,
    matchedFields: ['Phone'],
    lastActive: null
});

const ON_RING: ScreenPopSettings = { timing: 'ring' };
const ON_ANSWER: ScreenPopSettings = { timing: 'answer' };

const dupont = match('Contact', '003000000000001AAA', '001000000000001AAA');
const single: MatchDecision = { kind: 'single', match: dupont, switchboard: false, ranked: [dupont] };
const twoContactsAndLead: MatchDecision = {
    kind: 'choose',
    ranked: [match('Contact', '003000000000001AAA'), match('Contact', '003000000000002AAA'), match('Lead', '00Q000000000001AAA')]
};
const noMatch: MatchDecision = { kind: 'no-match', e164: '+33612345678' };

const RECORD_PAGE: PageReference = { type: 'standard__recordPage', attributes: { recordId: dupont.recordId, objectApiName: 'Contact', actionName: 'view' } };
const NEW_CONTACT: PageReference = { type: 'standard__objectPage', attributes: { objectApiName: 'Contact', actionName: 'new' } };

function environment(isConsole: boolean, tabs: TabInfo[] = []): PopEnvironment & { workspace: jest.Mocked<WorkspaceApi>; navigate: jest.Mock } {
    return {
        isConsole,
        navigate: jest.fn(),
        workspace: {
            getAllTabInfo: jest.fn().mockResolvedValue(tabs),
            openTab: jest.fn().mockResolvedValue('ctab9'),
            focusTab: jest.fn().mockResolvedValue(true)
        }
    };
}

describe('c-diamy-screen-pop', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
        screenPopLedger.clear();
    });

    describe('settings and phase', () => {
        it('reads the timing from the User formula field: on answer only when it is true', () => {
            expect(SCREEN_POP_SETTINGS_FIELDS).toEqual(['User.Diamy_Screen_Pop_On_Answer__c']);
            expect(screenPopSettingsFromUser({ fields: { Diamy_Screen_Pop_On_Answer__c: { value: true } } })).toEqual(ON_ANSWER);
            expect(screenPopSettingsFromUser({ fields: { Diamy_Screen_Pop_On_Answer__c: { value: false } } })).toEqual(ON_RING);
            expect(screenPopSettingsFromUser({ fields: { Diamy_Screen_Pop_On_Answer__c: { value: 'true' } } })).toEqual(ON_RING);
            expect(screenPopSettingsFromUser({ fields: {} })).toEqual(ON_RING);
            expect(screenPopSettingsFromUser(undefined)).toEqual(ON_RING);
        });

        it('accepts only ringing and answered as phases, whatever their case', () => {
            expect(callPhaseOf('ringing')).toBe('ringing');
            expect(callPhaseOf(' Answered ')).toBe('answered');
            expect(callPhaseOf('ended')).toBeUndefined();
            expect(callPhaseOf('')).toBeUndefined();
            expect(callPhaseOf(undefined)).toBeUndefined();
            expect(callPhaseOf(3)).toBeUndefined();
        });
    });

    describe('decideScreenPop', () => {
        it('pops a single match as soon as the call rings, and also when it is already answered', () => {
            expect(decideScreenPop('ringing', ON_RING, single)).toEqual({ kind: 'pop', match: dupont, switchboard: false });
            expect(decideScreenPop('answered', ON_RING, single)).toEqual({ kind: 'pop', match: dupont, switchboard: false });
        });

        it('waits for the answer when the user pops on answer', () => {
            expect(decideScreenPop('ringing', ON_ANSWER, single)).toEqual({ kind: 'wait', reason: 'answer' });
            expect(decideScreenPop('ringing', ON_ANSWER, twoContactsAndLead)).toEqual({ kind: 'wait', reason: 'answer' });
            expect(decideScreenPop('ringing', ON_ANSWER, noMatch)).toEqual({ kind: 'wait', reason: 'answer' });
            expect(decideScreenPop('answered', ON_ANSWER, single)).toEqual({ kind: 'pop', match: dupont, switchboard: false });
        });

        it('waits while the lookup runs or the phase is unknown', () => {
            expect(decideScreenPop('ringing', ON_RING, undefined)).toEqual({ kind: 'wait', reason: 'lookup' });
            expect(decideScreenPop(undefined, ON_RING, single)).toEqual({ kind: 'wait', reason: 'phase' });
        });

        it('keeps the switchboard flag of a company number', () => {
            const account = match('Account', '001000000000001AAA', '001000000000001AAA');
            expect(decideScreenPop('ringing', ON_RING, { kind: 'single', match: account, switchboard: true, ranked: [account] })).toEqual({
                kind: 'pop',
                match: account,
                switchboard: true
            });
        });

        it('offers a chooser among the records of the best type only, never every record', () => {
            const action = decideScreenPop('ringing', ON_RING, twoContactsAndLead);
            expect(action.kind).toBe('choose');
            expect(action.kind === 'choose' && action.options.map((m) => m.recordId)).toEqual(['003000000000001AAA', '003000000000002AAA']);
        });

        it('offers to create a Contact or a Lead with the number when nobody has it', () => {
            expect(decideScreenPop('answered', ON_RING, noMatch)).toEqual({ kind: 'create', e164: '+33612345678', objects: ['Contact', 'Lead'] });
        });

        it('never pops for withheld, internal, unreadable or own numbers, whatever the phase', () => {
            for (const reason of ['withheld', 'internal', 'not-a-number', 'own-number'] as const) {
                expect(decideScreenPop('ringing', ON_RING, { kind: 'not-matchable', reason })).toEqual({ kind: 'none', reason });
                expect(decideScreenPop(undefined, ON_ANSWER, { kind: 'not-matchable', reason })).toEqual({ kind: 'none', reason });
            }
        });

        it('bestTier keeps the leading object type and is empty for an empty list', () => {
            expect(bestTier([match('Lead', 'L1'), match('Lead', 'L2'), match('Account', 'A1')]).map((m) => m.recordId)).toEqual(['L1', 'L2']);
            expect(bestTier([])).toEqual([]);
        });
    });

    describe('selection', () => {
        it('selects the caller automatically only for a single match', () => {
            expect(automaticSelection('call-1', single)).toEqual({
                callId: 'call-1',
                objectApiName: 'Contact',
                recordId: dupont.recordId,
                accountId: '001000000000001AAA'
            });
            expect(automaticSelection('call-1', twoContactsAndLead)).toBeUndefined();
            expect(automaticSelection('call-1', noMatch)).toBeUndefined();
            expect(automaticSelection('call-1', undefined)).toBeUndefined();
            expect(selectionOf('call-2', match('Lead', '00QA'))).toEqual({ callId: 'call-2', objectApiName: 'Lead', recordId: '00QA', accountId: null });
        });
    });

    describe('ledger', () => {
        it('lets a call pop once, and never a call without id', () => {
            const ledger = createPopLedger();
            expect(ledger.claim('call-1')).toBe(true);
            expect(ledger.claim('call-1')).toBe(false);
            expect(ledger.claim(' call-1 ')).toBe(false);
            expect(ledger.has('call-1')).toBe(true);
            expect(ledger.claim('call-2')).toBe(true);
            expect(ledger.claim('')).toBe(false);
            expect(ledger.claim(undefined)).toBe(false);
            expect(ledger.claim(null)).toBe(false);
            expect(ledger.has(undefined)).toBe(false);
            ledger.clear();
            expect(ledger.has('call-1')).toBe(false);
        });

        it('forgets the oldest calls beyond its capacity', () => {
            const ledger = createPopLedger(2);
            ledger.claim('a');
            ledger.claim('b');
            ledger.claim('c');
            expect(ledger.has('a')).toBe(false);
            expect(ledger.has('b')).toBe(true);
            expect(ledger.has('c')).toBe(true);
            expect(ledger.claim('a')).toBe(true);
        });
    });

    describe('tabs', () => {
        it('compares 15- and 18-character ids', () => {
            expect(sameRecordId('003000000000001', '003000000000001AAA')).toBe(true);
            expect(sameRecordId('003000000000002AAA', '003000000000001AAA')).toBe(false);
            expect(sameRecordId(undefined, '003000000000001AAA')).toBe(false);
            expect(sameRecordId('003000000000001AAA', '')).toBe(false);
        });

        it('finds a record tab by recordId, page reference or among subtabs', () => {
            const tabs: TabInfo[] = [
                { tabId: 't0', recordId: '001000000000001AAA', subtabs: [{ tabId: 't0s1', recordId: '003000000000001AAA' }] },
                { tabId: 't1', pageReference: { type: 'standard__recordPage', attributes: { recordId: '00Q000000000001' } } },
                { tabId: 't2' }
            ];
            expect(findRecordTab(tabs, '001000000000001AAA')?.tabId).toBe('t0');
            expect(findRecordTab(tabs, '003000000000001AAA')?.tabId).toBe('t0s1');
            expect(findRecordTab(tabs, '00Q000000000001AAA')?.tabId).toBe('t1');
            expect(findRecordTab(tabs, '003000000000009AAA')).toBeUndefined();
            expect(findRecordTab(undefined, '003000000000001AAA')).toBeUndefined();
        });
    });

    describe('openPage', () => {
        it('navigates in a standard app and never touches the workspace API', async () => {
            const env = environment(false);
            await expect(openPage(env, RECORD_PAGE, dupont.recordId)).resolves.toEqual({ via: 'navigation' });
            expect(env.navigate).toHaveBeenCalledWith(RECORD_PAGE);
            expect(env.workspace.openTab).not.toHaveBeenCalled();
            expect(env.workspace.getAllTabInfo).not.toHaveBeenCalled();
        });

        it('opens a focused workspace tab for the record in a console app', async () => {
            const env = environment(true, [{ tabId: 'other', recordId: '001000000000009AAA' }]);
            await expect(openPage(env, RECORD_PAGE, dupont.recordId)).resolves.toEqual({ via: 'new-tab', tabId: 'ctab9' });
            expect(env.workspace.openTab).toHaveBeenCalledWith({ recordId: dupont.recordId, focus: true });
            expect(env.workspace.focusTab).not.toHaveBeenCalled();
            expect(env.navigate).not.toHaveBeenCalled();
        });

        it('focuses the tab already showing the record instead of opening a duplicate', async () => {
            const env = environment(true, [{ tabId: 'ctab3', recordId: '003000000000001' }]);
            await expect(openPage(env, RECORD_PAGE, dupont.recordId)).resolves.toEqual({ via: 'existing-tab', tabId: 'ctab3' });
            expect(env.workspace.focusTab).toHaveBeenCalledWith('ctab3');
            expect(env.workspace.openTab).not.toHaveBeenCalled();
        });

        it('opens a page without record (new Contact) in a new tab', async () => {
            const env = environment(true);
            await expect(openPage(env, NEW_CONTACT)).resolves.toEqual({ via: 'new-tab', tabId: 'ctab9' });
            expect(env.workspace.openTab).toHaveBeenCalledWith({ pageReference: NEW_CONTACT, focus: true });
            expect(env.workspace.getAllTabInfo).not.toHaveBeenCalled();
        });

        it('falls back to navigation when the workspace API fails, and says why', async () => {
            const env = environment(true);
            env.workspace.openTab.mockRejectedValue(new Error('Too many tabs'));
            await expect(openPage(env, RECORD_PAGE, dupont.recordId)).resolves.toEqual({ via: 'navigation-fallback', error: 'Too many tabs' });
            expect(env.navigate).toHaveBeenCalledWith(RECORD_PAGE);

            const strings = environment(true);
            strings.workspace.getAllTabInfo.mockRejectedValue('not a console');
            await expect(openPage(strings, RECORD_PAGE, dupont.recordId)).resolves.toEqual({ via: 'navigation-fallback', error: 'not a console' });

            const objects = environment(true);
            objects.workspace.openTab.mockRejectedValue({ code: 42 });
            await expect(openPage(objects, NEW_CONTACT)).resolves.toEqual({ via: 'navigation-fallback', error: '{"code":42}' });
        });
    });
});
