import { screenPopLedger } from 'c/diamyScreenPop';
import { focusTab, getAllTabInfo, openTab } from 'lightning/platformWorkspaceApi';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { flushPromises, resetDom } from 'diamy-test/lwcTestUtils';
import {
    $,
    CALLER,
    DUPONT,
    MARTIN,
    account,
    candidates,
    consoleAdapter,
    contact,
    contactContext,
    graphqlAdapter,
    isCandidateLookup,
    isContextOf,
    mount,
    nav,
    pick,
    ringWith,
    text,
    user,
    userAdapter,
    v
} from 'diamy-test/diamyCallerPopupKit';

describe('c-diamy-caller-popup', () => {
    beforeEach(() => {
        jest.mocked(encodeDefaultFieldValues).mockImplementation((values) =>
            Object.entries(values)
                .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
                .join(',')
        );
    });

    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
        nav.__reset();
        screenPopLedger.clear();
    });

    it('shows that it is looking for the caller until the lookup answers', async () => {
        const { element } = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        await flushPromises();
        expect(text(element, '.popup-searching p')).toBe('Looking for the caller…');
        userAdapter.emit(user());
        await flushPromises();
        expect($(element, '.popup-searching')).not.toBeNull();
        expect($(element, '.popup-result')?.getAttribute('aria-live')).toBe('polite');
    });

    it('pops a single matching contact as soon as the call rings, names it for logging and shows its context', async () => {
        const { element, selections } = await ringWith(candidates([DUPONT]));

        expect(nav.getNavigateCalledWith()?.pageReference).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '003000000000001AAA', objectApiName: 'Contact', actionName: 'view' }
        });
        expect(selections).toEqual([{ callId: 'call-1', objectApiName: 'Contact', recordId: '003000000000001AAA', accountId: '001000000000001AAA' }]);
        expect(text(element, '.popup-name')).toBe('Jean Dupont');
        expect(text(element, '.popup-account')).toBe('Acme');

        graphqlAdapter.emit(contactContext('003000000000001AAA', 'Jean Dupont', 'Acme Corp'), isContextOf('003000000000001AAA'));
        await flushPromises();
        expect(text(element, '.popup-account')).toBe('Acme Corp');
        expect(text(element, '.popup-owner')).toBe('Alice Agent');
        expect(text(element, '.popup-activities')).toContain('Call about invoice 42');
        expect(text(element, '.popup-cases')).toContain('00001026');
        expect(text(element, '.popup-cases')).toContain('Broken handset');
        expect(text(element, '.popup-no-opportunities')).toBe('None');
        expect($(element, '.popup-switchboard')).toBeNull();
    });

    it('shows dates in the user\'s locale and calendar (en-US, Los Angeles) and picklists by their display value', async () => {
        // 2 October 2026, 05:00 UTC: still 1 October in Los Angeles, so the task of 2026-10-01 is "today".
        const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-10-02T05:00:00.000Z'));
        const { element } = await ringWith(candidates([DUPONT]));
        const context = contactContext('003000000000001AAA', 'Jean Dupont', 'Acme');
        context.uiapi.query.Opportunity = {
            edges: [{ node: { Id: '0061', Name: v('Renewal'), StageName: pick('Negotiation/Review', 'Negotiation/Review'), CloseDate: v('2026-12-31'), Amount: v(1) } }]
        };
        graphqlAdapter.emit(context, isContextOf('003000000000001AAA'));
        await flushPromises();
        expect(text(element, '.popup-activity-date')).toBe('today');
        expect(text(element, '.popup-case-status')).toBe('New');
        expect(text(element, '.popup-opportunity-detail')).toBe('Negotiation/Review · Close date: Dec 31');
        now.mockRestore();
    });

    it('waits for the answer before popping when the user pops on answer', async () => {
        const { element, selections } = await ringWith(candidates([DUPONT]), {}, user({ Diamy_Screen_Pop_On_Answer__c: true }));

        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(text(element, '.popup-waiting')).toBe('The record opens when you answer.');
        expect(text(element, '.popup-name')).toBe('Jean Dupont');
        expect(selections).toHaveLength(1);

        element.phase = 'answered';
        await flushPromises();
        expect(nav.getNavigateCalls()).toHaveLength(1);
        expect(nav.getNavigateCalledWith()?.pageReference.attributes.recordId).toBe('003000000000001AAA');
        expect($(element, '.popup-waiting')).toBeNull();
    });

    it('lets the agent choose when two contacts share the number, then logs onto and loads only the chosen one', async () => {
        const { element, selections } = await ringWith(candidates([DUPONT, MARTIN]));

        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(selections).toHaveLength(0);
        const chooser = $(element, 'lightning-radio-group') as unknown as HTMLElement & { options: { label: string; value: string }[]; label: string };
        expect(chooser.label).toBe('Several records have this number. Who is calling?');
        expect(chooser.options).toEqual([
            { label: 'Jean Dupont, Acme', value: '003000000000001AAA' },
            { label: 'Marie Martin, Globex', value: '003000000000002AAA' }
        ]);

        chooser.dispatchEvent(new CustomEvent('change', { detail: { value: '003000000000002AAA' } }));
        await flushPromises();
        expect(selections).toEqual([{ callId: 'call-1', objectApiName: 'Contact', recordId: '003000000000002AAA', accountId: '001000000000002AAA' }]);
        expect(text(element, '.popup-name')).toBe('Marie Martin');

        graphqlAdapter.emit(contactContext('003000000000002AAA', 'Marie Martin', 'Globex'), isContextOf('003000000000002AAA'));
        await flushPromises();
        expect(text(element, '.popup-owner')).toBe('Alice Agent');
        expect(nav.getNavigateCalls()).toHaveLength(0);

        const open = $(element, '.popup-open') as HTMLElement;
        open.click();
        await flushPromises();
        expect(nav.getNavigateCalledWith()?.pageReference.attributes.recordId).toBe('003000000000002AAA');
    });

    it('ignores a context answer for a record the agent has moved away from', async () => {
        const { element } = await ringWith(candidates([DUPONT, MARTIN]));
        const chooser = $(element, 'lightning-radio-group') as HTMLElement;
        chooser.dispatchEvent(new CustomEvent('change', { detail: { value: '003000000000002AAA' } }));
        await flushPromises();
        graphqlAdapter.emit(contactContext('003000000000001AAA', 'Jean Dupont', 'Acme'), (config) => config.variables?.recordId !== undefined);
        await flushPromises();
        expect(text(element, '.popup-name')).toBe('Marie Martin');
        expect($(element, '.popup-owner')).toBeNull();
    });

    it('pops the Account for a switchboard number shared by the account and its contacts', async () => {
        const first = contact('003000000000003AAA', 'Paul Durand', { Phone: '06 12 34 56 78' }, '001000000000001AAA', 'Acme');
        const second = contact('003000000000004AAA', 'Luc Petit', { Phone: '06.12.34.56.78' }, '001000000000001AAA', 'Acme');
        const switchboard = account('001000000000001AAA', 'Acme', '06 12 34 56 78');
        const { element, selections } = await ringWith(candidates([first, second], [switchboard]));

        expect(nav.getNavigateCalledWith()?.pageReference.attributes).toEqual({ recordId: '001000000000001AAA', objectApiName: 'Account', actionName: 'view' });
        expect(selections).toEqual([{ callId: 'call-1', objectApiName: 'Account', recordId: '001000000000001AAA', accountId: '001000000000001AAA' }]);
        expect(text(element, '.popup-switchboard')).toBe('Company switchboard');
        expect(text(element, '.popup-name')).toBe('Acme');
    });

    it('offers to create a contact or a lead with the number filled in when nobody has it', async () => {
        const { element, selections } = await ringWith(candidates([]));

        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(selections).toHaveLength(0);
        expect(text(element, '.popup-no-match')).toBe('No contact, lead or account has this number.');
        const createContact = $(element, '.popup-create-contact') as HTMLElement & { label: string };
        expect(createContact.label).toBe('Create contact');
        createContact.click();
        await flushPromises();
        expect(nav.getNavigateCalledWith()?.pageReference).toEqual({
            type: 'standard__objectPage',
            attributes: { objectApiName: 'Contact', actionName: 'new' },
            state: { defaultFieldValues: 'Phone=%2B33612345678', nooverride: '1' }
        });

        ($(element, '.popup-create-lead') as HTMLElement).click();
        await flushPromises();
        expect(nav.getNavigateCalledWith()?.pageReference.attributes.objectApiName).toBe('Lead');
        expect(nav.getNavigateCalledWith()?.pageReference.state?.defaultFieldValues).toBe('Phone=%2B33612345678');
    });

    it('does not look up or pop a withheld caller, and says so', async () => {
        const { element, selections } = mount({ phoneNumber: 'anonymous', callId: 'call-1', phase: 'ringing' });
        userAdapter.emit(user());
        await flushPromises();
        graphqlAdapter.emit(candidates([DUPONT]));
        await flushPromises();

        expect(text(element, '.popup-not-matchable')).toBe('The caller\'s number is withheld: no record can be looked up.');
        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(selections).toHaveLength(0);
        expect($(element, '.popup-name')).toBeNull();
    });

    it('never matches a call from one of the organisation\'s own numbers, nor a short extension', async () => {
        const own = await ringWith(candidates([DUPONT]), { phoneNumber: '+33 1 84 88 00 00' });
        expect(text(own.element, '.popup-not-matchable')).toContain('own numbers');
        const internal = await ringWith(candidates([DUPONT]), { phoneNumber: '204', callId: 'call-2' });
        expect(text(internal.element, '.popup-not-matchable')).toBe('Internal call: no customer record is looked up.');
        const unreadable = await ringWith(candidates([DUPONT]), { phoneNumber: '+999 1', callId: 'call-3' });
        expect(text(unreadable.element, '.popup-not-matchable')).toBe('The caller\'s number cannot be read: no record is looked up.');
        expect(nav.getNavigateCalls()).toHaveLength(0);
    });

    it('tells the agent when the lookup fails (GraphQL errors) and pops nothing', async () => {
        const { element, selections } = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        userAdapter.emit(user());
        await flushPromises();
        graphqlAdapter.emitErrors([{ message: 'Field Diamy_Mobile_Key__c is not accessible' }], isCandidateLookup);
        await flushPromises();

        expect(text(element, '.popup-error')).toBe('The caller could not be looked up. Search for the number yourself.');
        expect($(element, '.popup-error')?.getAttribute('role')).toBe('alert');
        expect($(element, '.popup-searching')).toBeNull();
        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(selections).toHaveLength(0);
    });

    it('says so when the caller context cannot be loaded, but keeps the popped caller', async () => {
        const { element } = await ringWith(candidates([DUPONT]));
        graphqlAdapter.emitErrors([{ message: 'Task is not supported' }], isContextOf('003000000000001AAA'));
        await flushPromises();
        expect(text(element, '.popup-context-error')).toBe('The caller\'s details could not be loaded. Open the record to see them.');
        expect(text(element, '.popup-name')).toBe('Jean Dupont');

        graphqlAdapter.emit({ uiapi: { query: { Contact: { edges: [] } } } }, isContextOf('003000000000001AAA'));
        await flushPromises();
        expect($(element, '.popup-context-error')).not.toBeNull();
    });

    it('still matches with the default settings when the user record cannot be read', async () => {
        const { element } = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        userAdapter.error({ message: 'no access' }, 403, 'Forbidden');
        await flushPromises();
        graphqlAdapter.emit(candidates([DUPONT]), isCandidateLookup);
        await flushPromises();
        expect(text(element, '.popup-name')).toBe('Jean Dupont');
        expect(nav.getNavigateCalls()).toHaveLength(1);
    });

    it('opens the record in a focused workspace tab in a console app', async () => {
        jest.mocked(getAllTabInfo).mockResolvedValueOnce([{ tabId: 'tab0', recordId: '001000000000009AAA' }]);
        const { element } = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        consoleAdapter.emit(true);
        userAdapter.emit(user());
        await flushPromises();
        graphqlAdapter.emit(candidates([DUPONT]), isCandidateLookup);
        await flushPromises();

        expect(openTab).toHaveBeenCalledWith({ recordId: '003000000000001AAA', focus: true });
        expect(focusTab).not.toHaveBeenCalled();
        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(text(element, '.popup-name')).toBe('Jean Dupont');
    });

    it('focuses the tab already showing the caller instead of opening a duplicate', async () => {
        jest.mocked(getAllTabInfo).mockResolvedValue([{ tabId: 'tab7', recordId: '003000000000001AAA' }]);
        mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        consoleAdapter.emit(true);
        userAdapter.emit(user());
        await flushPromises();
        graphqlAdapter.emit(candidates([DUPONT]), isCandidateLookup);
        await flushPromises();

        expect(focusTab).toHaveBeenCalledWith('tab7');
        expect(openTab).not.toHaveBeenCalled();
        jest.mocked(getAllTabInfo).mockResolvedValue([]);
    });

    it('opens a new contact in a workspace tab in a console app', async () => {
        const { element } = mount({ phoneNumber: CALLER, callId: 'call-1', phase: 'ringing' });
        consoleAdapter.emit(true);
        userAdapter.emit(user());
        await flushPromises();
        graphqlAdapter.emit(candidates([]), isCandidateLookup);
        await flushPromises();
        ($(element, '.popup-create-contact') as HTMLElement).click();
        await flushPromises();
        expect(openTab).toHaveBeenCalledWith({
            pageReference: { type: 'standard__objectPage', attributes: { objectApiName: 'Contact', actionName: 'new' }, state: { defaultFieldValues: 'Phone=%2B33612345678', nooverride: '1' } },
            focus: true
        });
    });

    it('never pops twice for the same call, even when the host repeats phases, results or re-creates the popup', async () => {
        const { element, selections } = await ringWith(candidates([DUPONT]));
        expect(nav.getNavigateCalls()).toHaveLength(1);

        element.phase = 'answered';
        await flushPromises();
        graphqlAdapter.emit(candidates([DUPONT]), isCandidateLookup);
        await flushPromises();
        element.phase = 'ringing';
        await flushPromises();
        expect(nav.getNavigateCalls()).toHaveLength(1);
        expect(selections).toHaveLength(1);

        resetDom();
        await ringWith(candidates([DUPONT]));
        expect(nav.getNavigateCalls()).toHaveLength(1);

        await ringWith(candidates([DUPONT]), { callId: 'call-2' });
        expect(nav.getNavigateCalls()).toHaveLength(2);
    });

    it('starts over for a new call: forgets the previous caller and looks up the new number', async () => {
        const { element, selections } = await ringWith(candidates([DUPONT]));
        element.callId = 'call-9';
        element.phoneNumber = 'anonymous';
        await flushPromises();
        expect($(element, '.popup-name')).toBeNull();
        expect(text(element, '.popup-not-matchable')).toContain('withheld');
        expect(selections).toHaveLength(1);
    });

    it('does not pop while the phase is unknown', async () => {
        const { element } = await ringWith(candidates([DUPONT]), { phase: 'ended' });
        expect(nav.getNavigateCalls()).toHaveLength(0);
        expect(element.phase).toBeUndefined();
        expect(text(element, '.popup-name')).toBe('Jean Dupont');
    });
});
