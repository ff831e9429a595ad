import { createElement } from 'lwc';
import DiamySoftphone from 'c/diamySoftphone';
import { createSoftphone } from 'c/diamySoftphoneWiring';
import { initialState } from 'c/diamyCallState';
import type { Call, CallPhase, TelephonyState } from 'c/diamyCallState';
import { DiamyError } from 'c/diamyTelephony';
import type { ConnectionState } from 'c/diamyTelephony';
import { mirrorOf } from 'c/diamyTelephonySession';
import type { MirroredState, SessionLogStatus } from 'c/diamyTelephonySession';
import { EnclosingUtilityId, getInfo, open, updateUtility } from 'lightning/platformUtilityBarApi';
import * as utilityBar from 'lightning/platformUtilityBarApi';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { createRecord, getRecord } from 'lightning/uiRecordApi';
import { publish, subscribe } from 'lightning/messageService';
import * as messageService from 'lightning/messageService';
import DIAMY_PHONE from '@salesforce/messageChannel/Diamy_Phone__c';
import { MemoryStorage } from 'diamy-test/diamyFakeOrg';
import { nav } from 'diamy-test/diamyCallerPopupKit';
import { asTestAdapter, deepQuery, flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';
import { makeCall } from 'diamy-test/diamyCallFixtures';
import { FakeProviderEvents } from 'diamy-test/diamyFakeProviderEvents';
import type { Role } from 'c/diamyTabLeader';

jest.mock('c/diamySoftphoneWiring', () => ({ createSoftphone: jest.fn() }));


class FakeProvider extends FakeProviderEvents {
    state: TelephonyState = initialState();
    connection: ConnectionState = 'connecting';
    connect = jest.fn();
    disconnect = jest.fn();
    dial = jest.fn((to: string) =>
        Promise.resolve(makeCall({ id: 'out_1', direction: 'outbound', to: { number: to, name: null, withheld: false, user_id: null } }))
    );
    answer = jest.fn(() => Promise.resolve(makeCall()));
    reject = jest.fn(() => Promise.resolve(makeCall()));
    end = jest.fn(() => Promise.resolve(makeCall()));
    hold = jest.fn(() => Promise.resolve(makeCall()));
    resume = jest.fn(() => Promise.resolve(makeCall()));
    mute = jest.fn(() => Promise.resolve(makeCall()));
    unmute = jest.fn(() => Promise.resolve(makeCall()));
    sendDigits = jest.fn(() => Promise.resolve(makeCall()));
    transfer = jest.fn(() => Promise.resolve(makeCall()));
    consult = jest.fn(() => Promise.resolve({ call: makeCall(), consultCall: makeCall({ id: 'leg' }) }));
    completeConsult = jest.fn(() => Promise.resolve(makeCall()));
    cancelConsult = jest.fn(() => Promise.resolve(makeCall()));
    merge = jest.fn(() => Promise.resolve([makeCall()]));
    setPresence = jest.fn(() => Promise.resolve());
    colleagues = jest.fn(() =>
        Promise.resolve([
            {
                id: 'u1',
                name: 'Nicolas Petit',
                extension: '201',
                number: '+33189000201',
                presence: 'available' as const,
                onCall: false
            }
        ])
    );
    recentCalls = jest.fn(() =>
        Promise.resolve([
            makeCall({
                id: 'r1',
                state: 'ended',
                status: 'missed',
                from: { number: '+33698765432', name: 'Marc Dupont', withheld: false, user_id: null },
                ended_at: '2026-11-25T08:00:00.000Z'
            })
        ])
    );
    callDetails = jest.fn();
    recordingLink = jest.fn((_callId: string) => Promise.resolve({ url: 'https://diamy.test/v2/recordings/rec_1?expires=1&signature=abc', expiresAt: '2026-11-25T09:10:00.000Z' }));
    /** Diamy reports these calls (phase as the state machine derived it). */
    show(...entries: [Call, CallPhase][]): void {
        this.state = {
            ...initialState(),
            calls: Object.fromEntries(entries.map(([call, phase]) => [call.id, { call, phase, lastSeq: 1, voicemailId: null }]))
        };
        this.emit('state', this.state);
    }
    /** The state machine's completeWrapUp: a saved wrap-up leaves wrap_up (the real provider's contract). */
    completeWrapUp = jest.fn((callId: string): boolean => {
        const view = this.state.calls[callId];
        if (!view || view.phase !== 'wrap_up') {
            return false;
        }
        this.state = { ...this.state, calls: { ...this.state.calls, [callId]: { ...view, phase: 'ended' } } };
        this.emit('state', this.state);
        return true;
    });
    goOnline(): void {
        this.connection = 'connected';
        this.emit('connection', 'connected');
    }
}

class FakeSession {
    role: Role = 'follower';
    roleListeners = new Set<(role: Role) => void>();
    logListeners = new Set<(status: SessionLogStatus | null) => void>();
    mirrorListeners = new Set<(state: MirroredState | null) => void>();
    start = jest.fn();
    stop = jest.fn();
    relate = jest.fn();
    recordIdOf = jest.fn((_diamyCallId: string): string | null => null);
    logWrapUp = jest.fn((_callId: string, _wrapUp?: unknown): Promise<void> => Promise.resolve());
    onRole(listener: (role: Role) => void): () => void {
        this.roleListeners.add(listener);
        listener(this.role);
        return () => this.roleListeners.delete(listener);
    }
    onLogStatus(listener: (status: SessionLogStatus | null) => void): () => void {
        this.logListeners.add(listener);
        listener(null);
        return () => this.logListeners.delete(listener);
    }
    onMirror(listener: (state: MirroredState | null) => void): () => void {
        this.mirrorListeners.add(listener);
        listener(null);
        return () => this.mirrorListeners.delete(listener);
    }
    publish(state: MirroredState): void {
        for (const listener of this.mirrorListeners) {
            listener(state);
        }
    }
    become(role: Role): void {
        this.role = role;
        for (const listener of this.roleListeners) {
            listener(role);
        }
    }
    report(status: SessionLogStatus): void {
        for (const listener of this.logListeners) {
            listener(status);
        }
    }
}

const TOKEN = {
    accessToken: 'tok-1',
    expiresAt: Date.parse('2026-11-25T10:00:00.000Z'),
    baseUrl: 'https://diamy.test',
    wsUrl: 'wss://diamy.test/v2/agent/stream'
};

interface Mounted {
    element: HTMLElement;
    root: ShadowRoot;
    provider: FakeProvider;
    session: FakeSession;
    getToken: jest.Mock;
}

const ORG_ID = '00D000000000001AAA';
const NOT_OWNER_TEXT = 'Another Salesforce tab has the phone. Use that tab, or close it and this one takes over.';
const USER_ID = '005000000000000000';
const userAdapter = asTestAdapter<unknown>(getRecord);

/** The running user's record as getRecord answers it (User.Diamy_Org_Id__c, the org id formula). */
function userRecord(orgId: string | null = ORG_ID, country: string | null = null): unknown {
    return {
        id: USER_ID,
        apiName: 'User',
        fields: {
            ...(orgId === null ? {} : { Diamy_Org_Id__c: { value: orgId, displayValue: null } }),
            ...(country === null ? {} : { Diamy_Default_Country__c: { value: country, displayValue: null } })
        }
    };
}

interface MountOptions {
    role?: Role;
    token?: () => Promise<unknown>;
    /** What getRecord answers for the running user: the record, an error, or nothing yet. */
    user?: 'record' | 'no-org-field' | 'error' | 'pending';
    /** The agent's country (Diamy settings through User.Diamy_Default_Country__c). */
    country?: string;
    /** Call records this browser's logger knows (Diamy call id → Diamy_Call__c id). */
    recordIds?: Record<string, string>;
    storage?: MemoryStorage | null;
}

async function mount(options: MountOptions = {}): Promise<Mounted> {
    const provider = new FakeProvider();
    const session = new FakeSession();
    session.recordIdOf.mockImplementation((id: string) => options.recordIds?.[id] ?? null);
    // As TelephonySession.logWrapUp: once the logger accepted the wrap-up, the state machine completes it.
    session.logWrapUp.mockImplementation((callId: string) => {
        provider.completeWrapUp(callId);
        return Promise.resolve();
    });
    const storage = options.storage === undefined ? new MemoryStorage() : options.storage;
    (createSoftphone as jest.Mock).mockReturnValue({ provider, session, storage });
    const element = createElement('c-diamy-softphone', { is: DiamySoftphone });
    document.body.appendChild(element);
    const root = shadowOf(element);
    const getToken = jest.fn(options.token ?? (() => Promise.resolve(TOKEN)));
    const child = deepQuery(root, 'c-diamy-agent-token');
    if (!child) {
        throw new Error('no token component');
    }
    Object.defineProperty(child, 'getToken', { value: getToken, configurable: true });
    const user = options.user ?? 'record';
    if (user === 'record' || user === 'no-org-field') {
        userAdapter.emit(userRecord(user === 'record' ? ORG_ID : null, options.country ?? null));
    } else if (user === 'error') {
        userAdapter.error({ message: 'No access' });
    }
    await flushPromises();
    session.become(options.role ?? 'leader');
    provider.goOnline();
    await flushPromises();
    return { element, root, provider, session, getToken };
}

function byClass(root: ShadowRoot, name: string): HTMLElement {
    const found = deepQuery(root, `.${name}`);
    if (!found) {
        throw new Error(`.${name} not rendered`);
    }
    return found;
}

function click(root: ShadowRoot, name: string): void {
    byClass(root, name).click();
}

function change(root: ShadowRoot, name: string, value: string): void {
    byClass(root, name).dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

const ringing = makeCall();
const answered = makeCall({ state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });

describe('c-diamy-softphone', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
        (utilityBar as unknown as { __reset(): void }).__reset();
    });

    it('connects with the first token, then refreshes through the token component', async () => {
        const { root, getToken, session } = await mount();
        expect(getToken).toHaveBeenCalledTimes(1);
        const options = (createSoftphone as jest.Mock).mock.calls[0][0] as {
            baseUrl: string;
            wsUrl: string;
            tokenSupplier: () => Promise<unknown>;
        };
        expect(options.baseUrl).toBe('https://diamy.test');
        expect(options.wsUrl).toBe('wss://diamy.test/v2/agent/stream');
        await expect(options.tokenSupplier()).resolves.toEqual({ accessToken: 'tok-1', expiresAt: TOKEN.expiresAt });
        expect(getToken).toHaveBeenCalledTimes(1);
        await options.tokenSupplier();
        expect(getToken).toHaveBeenCalledTimes(2);
        expect(session.start).toHaveBeenCalled();
        expect(byClass(root, 'softphone-connection').textContent).toBe('Connected');
        expect((createSoftphone as jest.Mock).mock.calls[0][0]).toMatchObject({ allowInsecureLoopback: false });
    });

    it('passes on allowInsecureLoopback only when the token component sets it (the workbench double; never the package)', async () => {
        await mount({ token: () => Promise.resolve({ ...TOKEN, baseUrl: 'http://127.0.0.1:4010', wsUrl: 'ws://127.0.0.1:4010/v2/agent/stream', allowInsecureLoopback: true }) });
        expect((createSoftphone as jest.Mock).mock.calls[0][0]).toMatchObject({ wsUrl: 'ws://127.0.0.1:4010/v2/agent/stream', allowInsecureLoopback: true });
    });

    it('starts nothing before the user record says which org this is, then keys the session by org and user', async () => {
        const { element, getToken } = await mount({ user: 'pending' });
        expect(getToken).not.toHaveBeenCalled();
        expect(createSoftphone).not.toHaveBeenCalled();
        expect(userAdapter.getLastConfig()).toMatchObject({ recordId: USER_ID });
        userAdapter.emit(userRecord());
        await flushPromises();
        expect(createSoftphone).toHaveBeenCalledTimes(1);
        expect((createSoftphone as jest.Mock).mock.calls[0][0]).toMatchObject({ orgId: ORG_ID, agentUserId: USER_ID });
        expect(element).toBeTruthy();
    });

    it('still connects when the org id cannot be read, with no org id (so nothing is keyed in the browser)', async () => {
        await mount({ user: 'error' });
        expect((createSoftphone as jest.Mock).mock.calls[0][0]).toMatchObject({ orgId: null, agentUserId: USER_ID });
        resetDom();
        jest.clearAllMocks();
        await mount({ user: 'no-org-field' });
        expect((createSoftphone as jest.Mock).mock.calls[0][0]).toMatchObject({ orgId: null });
    });

    it('gives the call log the GraphQL call record lookup of its hidden finder', async () => {
        const { root } = await mount();
        const finder = deepQuery(root, 'c-diamy-call-finder');
        expect(finder).not.toBeNull();
        const find = jest.fn(() => Promise.resolve('a01000000000001AAA'));
        Object.defineProperty(finder, 'find', { value: find, configurable: true });
        const options = (createSoftphone as jest.Mock).mock.calls[0][0] as { findCallRecordId: (id: string) => Promise<string | null> };
        await expect(options.findCallRecordId('call_1')).resolves.toBe('a01000000000001AAA');
        expect(find).toHaveBeenCalledWith('call_1');
    });

    it('shows the token error and connects on Retry', async () => {
        let attempt = 0;
        const { root, session } = await mount({
            token: () => {
                attempt += 1;
                return attempt === 1 ? Promise.reject(new Error('Your Diamy account is disabled.')) : Promise.resolve(TOKEN);
            }
        });
        expect(byClass(root, 'softphone-token-error').textContent).toContain('Your Diamy account is disabled.');
        expect(deepQuery(root, '.softphone-idle')).toBeNull();
        expect(createSoftphone).not.toHaveBeenCalled();
        click(root, 'softphone-retry');
        await flushPromises();
        expect(createSoftphone).toHaveBeenCalledTimes(1);
        expect(deepQuery(root, '.softphone-token-error')).toBeNull();
        session.become('leader');
    });

    it('a follower tab says another tab owns the phone and offers no dial pad', async () => {
        const { root, provider } = await mount({ role: 'follower' });
        provider.connection = 'offline';
        provider.emit('connection', 'offline');
        await flushPromises();
        expect(byClass(root, 'softphone-connection').textContent).toBe('Another tab owns the phone');
        expect(deepQuery(root, '.softphone-idle')).toBeNull();
    });

    it('a follower tab mirrors the owner tab\'s call, read-only, and goes back to nothing when it ends', async () => {
        const { root, session } = await mount({ role: 'follower' });
        expect(deepQuery(root, '.softphone-mirror')).toBeNull();
        const state: TelephonyState = { ...initialState(), calls: { call_1: { call: answered, phase: 'connected', lastSeq: 2, voicemailId: null } } };
        session.publish(mirrorOf(state, 'connected'));
        await flushPromises();
        expect(byClass(root, 'softphone-mirror-name').textContent).toBe('Sophie Bernard');
        expect(byClass(root, 'softphone-mirror-status').textContent).toBe('On the line');
        expect(byClass(root, 'softphone-mirror-note').textContent).toContain('tab that owns the phone');
        expect(deepQuery(root, '.softphone-hold')).toBeNull();
        expect(deepQuery(root, '.softphone-answer')).toBeNull();
        // Garbage on the channel shows nothing.
        session.publish({ connection: 'connected', lastSeq: 3, calls: [{ id: 'x', phase: 'connected', state: 'active', call: { id: 'x' } }] });
        await flushPromises();
        expect(deepQuery(root, '.softphone-mirror')).toBeNull();
        // Taking over: the tab is the leader, the mirror goes.
        session.publish(mirrorOf(state, 'connected'));
        session.become('leader');
        await flushPromises();
        expect(deepQuery(root, '.softphone-mirror')).toBeNull();
    });

    it('shows reconnecting and the logging status', async () => {
        const { root, provider, session } = await mount();
        provider.emit('connection', 'reconnecting');
        session.report({ state: 'failed', pending: 1, message: '1 call could not be saved' });
        await flushPromises();
        expect(byClass(root, 'softphone-connection').textContent).toBe('Reconnecting…');
        expect(byClass(root, 'softphone-log').textContent).toBe('1 call could not be saved');
        expect(byClass(root, 'softphone-log').className).toContain('slds-text-color_error');
    });

    it('tells the agent when the browser refuses to keep unsaved calls, even while nothing is pending', async () => {
        const { root, session } = await mount();
        session.report({ state: 'idle', pending: 0, message: '', storageMessage: 'Browser storage is unavailable: keep this page open.' });
        await flushPromises();
        expect(byClass(root, 'softphone-storage').textContent).toBe('Browser storage is unavailable: keep this page open.');
        session.report({ state: 'idle', pending: 0, message: '', storageMessage: null });
        await flushPromises();
        expect(deepQuery(root, '.softphone-storage')).toBeNull();
    });

    it('idle: dials a typed number in E.164, refuses junk, lists recent calls and colleagues to call back', async () => {
        const { root, provider } = await mount();
        change(root, 'softphone-number', 'abc');
        click(root, 'softphone-dial');
        await flushPromises();
        expect(byClass(root, 'softphone-error').textContent).toContain('Enter a valid phone number or extension.');
        expect(provider.dial).not.toHaveBeenCalled();
        change(root, 'softphone-number', '06 12 34 56 7');
        (deepQuery(root, '.softphone-key[data-key="8"]') as HTMLElement).click();
        click(root, 'softphone-dial');
        await flushPromises();
        expect(provider.dial).toHaveBeenCalledWith({ to: '+33612345678' });
        expect(deepQuery(root, '.softphone-error')).toBeNull();
        expect(byClass(root, 'softphone-recent-item').textContent).toContain('Marc Dupont');
        click(root, 'softphone-recent-item');
        await flushPromises();
        expect(provider.dial).toHaveBeenLastCalledWith({ to: '+33698765432' });
        expect(byClass(root, 'softphone-colleague').textContent).toContain('Nicolas Petit');
        click(root, 'softphone-colleague');
        await flushPromises();
        expect(provider.dial).toHaveBeenLastCalledWith({ toUserId: 'u1' });
    });

    it('idle: the Call lists button loads the call lists panel, which closes again', async () => {
        const { root } = await mount();
        expect(deepQuery(root, '.softphone-call-list-panel')).toBeNull();
        (deepQuery(root, 'lightning-button.softphone-open-lists') as HTMLElement).click();
        await flushPromises();
        await flushPromises();
        // A dynamic component (lwc:component): found by its class, its content is the panel's.
        const panel = deepQuery(root, '.softphone-call-list-panel');
        expect(panel).not.toBeNull();
        expect(deepQuery(root, '.call-list-panel')).not.toBeNull();
        panel?.dispatchEvent(new CustomEvent('close'));
        await flushPromises();
        expect(deepQuery(root, '.softphone-call-list-panel')).toBeNull();
    });

    it('recent calls: a call this browser logged opens its record', async () => {
        const { root } = await mount({ recordIds: { r1: 'a01000000000001AAA' } });
        const open = deepQuery(root, '.softphone-recent-open');
        expect(open).not.toBeNull();
        open?.click();
        await flushPromises();
        expect(nav.getNavigateCalledWith()?.pageReference).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: 'a01000000000001AAA', actionName: 'view' }
        });
    });

    it('idle: an extension typed and Enter pressed dials the colleague on that extension', async () => {
        const { root, provider } = await mount();
        change(root, 'softphone-number', '204');
        byClass(root, 'softphone-number').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        await flushPromises();
        expect(provider.dial).toHaveBeenCalledWith({ toExtension: '204' });
        // Another key does not dial.
        change(root, 'softphone-number', '205');
        byClass(root, 'softphone-number').dispatchEvent(new KeyboardEvent('keydown', { key: '5', bubbles: true, composed: true }));
        await flushPromises();
        expect(provider.dial).toHaveBeenCalledTimes(1);
    });

    it('colleague presence follows Diamy live, without waiting for a call', async () => {
        const { root, provider } = await mount();
        expect(byClass(root, 'softphone-colleague').textContent).toContain('Available');
        provider.state = { ...provider.state, colleagues: { u1: 'away' } };
        provider.emit('state', provider.state);
        await flushPromises();
        expect(byClass(root, 'softphone-colleague').textContent).toContain('Away');
        expect(provider.colleagues).toHaveBeenCalledTimes(1);
    });

    it('presence: sets it, and goes back when Diamy refuses', async () => {
        const { root, provider } = await mount();
        change(root, 'softphone-presence', 'away');
        await flushPromises();
        expect(provider.setPresence).toHaveBeenCalledWith('away');
        provider.setPresence.mockRejectedValueOnce(new DiamyError('forbidden', 403, 'Presence refused'));
        change(root, 'softphone-presence', 'busy');
        await flushPromises();
        expect((byClass(root, 'softphone-presence') as unknown as { value: string }).value).toBe('away');
        // A labelled message that says what to do (c/diamyFailure), never Diamy's text.
        expect(byClass(root, 'softphone-error').textContent).toContain('Diamy does not allow your user to do this.');
        expect(byClass(root, 'softphone-error').textContent).not.toContain('Presence refused');
    });

    it('an incoming call opens and highlights the utility, shows the caller popup, and answers', async () => {
        const { root, provider, session } = await mount();
        asTestAdapter<string>(EnclosingUtilityId).emit('utility-1');
        provider.show([ringing, 'ringing_in']);
        await flushPromises();
        expect(open).toHaveBeenCalledWith('utility-1', { autoFocus: true });
        expect(updateUtility).toHaveBeenCalledWith(
            'utility-1',
            expect.objectContaining({ highlighted: true, label: 'Incoming call: Sophie Bernard' })
        );
        expect(byClass(root, 'softphone-party-name').textContent).toBe('Sophie Bernard');
        expect(byClass(root, 'softphone-party-number').textContent).toBe('06 12 34 56 78');
        expect(byClass(root, 'softphone-status').textContent).toBe('Incoming call');
        const popup = byClass(root, 'softphone-popup') as unknown as { phoneNumber: string; callId: string; phase: string };
        expect([popup.phoneNumber, popup.callId, popup.phase]).toEqual(['+33612345678', 'call_1', 'ringing']);
        byClass(root, 'softphone-popup').dispatchEvent(
            new CustomEvent('callerselected', {
                detail: {
                    callId: 'call_1',
                    objectApiName: 'Contact',
                    recordId: '003000000000001AAA',
                    accountId: '001000000000001AAA'
                }
            })
        );
        expect(session.relate).toHaveBeenCalledWith('call_1', {
            contactId: '003000000000001AAA',
            accountId: '001000000000001AAA'
        });
        click(root, 'softphone-answer');
        await flushPromises();
        expect(provider.answer).toHaveBeenCalledWith('call_1');
        provider.show([answered, 'connected']);
        await flushPromises();
        // Back to the label and icon the admin gave the utility in the app (not a label of ours).
        expect(getInfo).toHaveBeenCalledWith('utility-1');
        expect(updateUtility).toHaveBeenLastCalledWith('utility-1', { highlighted: false, label: 'Diamy', icon: 'call' });
        expect((byClass(root, 'softphone-popup') as unknown as { phase: string }).phase).toBe('answered');
    });

    it('the keyboard focus moves to Answer when a call rings (once per call)', async () => {
        const { root, provider } = await mount();
        // lightning-button's focus() is the platform's; here the host's focus() records whom it was called on.
        const focus = jest.spyOn(HTMLElement.prototype, 'focus');
        try {
            provider.show([ringing, 'ringing_in']);
            await flushPromises();
            const answer = byClass(root, 'softphone-answer');
            expect(focus.mock.contexts).toEqual([answer]);
            provider.show([{ ...ringing }, 'ringing_in']);
            await flushPromises();
            expect(focus).toHaveBeenCalledTimes(1);
            // Answered: the answer button is gone, the focus goes to the call controls (not back to the page), even
            // before the answer command returned (the controls are never disabled under the agent's focus).
            let answerReturns: () => void = () => undefined;
            provider.answer.mockImplementationOnce(() => new Promise((resolve) => (answerReturns = () => resolve(makeCall()))));
            click(root, 'softphone-answer');
            await flushPromises();
            provider.show([answered, 'connected']);
            await flushPromises();
            expect((byClass(root, 'softphone-hold') as unknown as { disabled: boolean }).disabled).toBe(false);
            answerReturns();
            await flushPromises();
            expect(focus.mock.contexts.at(-1)).toBe(byClass(root, 'softphone-hold'));
            expect(focus).toHaveBeenCalledTimes(2);
        } finally {
            focus.mockRestore();
        }
    });

    it('numbers are shown for the agent\'s country: international for a Belgian office, and dialled in E.164', async () => {
        const { root, provider } = await mount({ country: 'BE' });
        provider.show([makeCall({ from: { number: '+33612345678', name: null, withheld: false, user_id: null } }), 'ringing_in']);
        await flushPromises();
        expect(byClass(root, 'softphone-party-name').textContent).toBe('+33 6 12 34 56 78');
        provider.show();
        await flushPromises();
        change(root, 'softphone-number', '0470 12 34 56');
        click(root, 'softphone-dial');
        await flushPromises();
        expect(provider.dial).toHaveBeenCalledWith({ to: '+32470123456' });
    });

    it('keyboard shortcuts inside the softphone: Alt+Shift+A answers, P holds, M mutes, H hangs up', async () => {
        const { root, provider } = await mount();
        const press = (key: string): KeyboardEvent => {
            const event = new KeyboardEvent('keydown', { key, altKey: true, shiftKey: true, bubbles: true, composed: true, cancelable: true });
            byClass(root, 'softphone-call-status').dispatchEvent(event);
            return event;
        };
        provider.show([ringing, 'ringing_in']);
        await flushPromises();
        expect(press('A').defaultPrevented).toBe(true);
        await flushPromises();
        expect(provider.answer).toHaveBeenCalledWith('call_1');
        expect(press('P').defaultPrevented).toBe(false);
        provider.show([answered, 'connected']);
        await flushPromises();
        press('P');
        await flushPromises();
        expect(provider.hold).toHaveBeenCalledWith('call_1');
        press('M');
        await flushPromises();
        expect(provider.mute).toHaveBeenCalledWith('call_1');
        press('H');
        await flushPromises();
        expect(provider.end).toHaveBeenCalledWith('call_1');
        expect(provider.reject).not.toHaveBeenCalled();
    });

    it('a withheld caller is shown as such, with no lookup and no callback', async () => {
        const { root, provider } = await mount();
        asTestAdapter<string>(EnclosingUtilityId).emit('utility-1');
        const withheld = makeCall({ from: { number: null, name: null, withheld: true, user_id: null } });
        provider.show([withheld, 'ringing_in']);
        await flushPromises();
        expect(byClass(root, 'softphone-party-name').textContent).toBe('Withheld number');
        expect(deepQuery(root, '.softphone-party-number')).toBeNull();
        expect(deepQuery(root, 'c-diamy-caller-popup')).toBeNull();
        expect(updateUtility).toHaveBeenCalledWith('utility-1', expect.objectContaining({ label: 'Incoming call: Withheld number' }));
        click(root, 'softphone-answer');
        await flushPromises();
        expect(provider.answer).toHaveBeenCalledWith('call_1');
    });

    it('call waiting: a second call during a call shows who waits; answer holds the current one in Diamy; decline rejects only it', async () => {
        const { root, provider } = await mount();
        asTestAdapter<string>(EnclosingUtilityId).emit('utility-1');
        const second = makeCall({ id: 'call_2', from: { number: '+33698765432', name: 'Marc Dupont', withheld: false, user_id: null } });
        provider.show([answered, 'connected'], [second, 'ringing_in']);
        await flushPromises();
        expect(byClass(root, 'softphone-party-name').textContent).toBe('Sophie Bernard');
        expect(byClass(root, 'softphone-waiting').textContent).toContain('Call waiting: Marc Dupont');
        expect(deepQuery(root, '.softphone-hold')).not.toBeNull();
        expect(updateUtility).toHaveBeenCalledWith('utility-1', expect.objectContaining({ highlighted: true, label: 'Incoming call: Marc Dupont' }));
        click(root, 'softphone-waiting-decline');
        await flushPromises();
        expect(provider.reject).toHaveBeenCalledWith('call_2');
        expect(provider.reject).not.toHaveBeenCalledWith('call_1');
        click(root, 'softphone-waiting-answer');
        await flushPromises();
        expect(provider.answer).toHaveBeenCalledWith('call_2');
        expect(provider.hold).not.toHaveBeenCalled();
        // Diamy held the first call and connected the second: the second is now the call on screen.
        provider.show([{ ...answered, state: 'held' }, 'on_hold'], [{ ...second, state: 'active', answered_at: '2026-11-25T09:02:00.000Z' }, 'connected']);
        await flushPromises();
        expect(byClass(root, 'softphone-party-name').textContent).toBe('Marc Dupont');
        expect(deepQuery(root, '.softphone-waiting')).toBeNull();
    });

    it('a call with a colleague names them, looks nothing up and cannot be transferred, consulted or merged', async () => {
        const { root, provider } = await mount();
        const internal = makeCall({
            id: 'int_1',
            direction: 'internal',
            state: 'active',
            status: 'answered',
            answered_at: '2026-11-25T09:00:05.000Z',
            agent_id: 'usr_me',
            from: { number: '+33189000200', name: 'Camille Martin', withheld: false, user_id: 'usr_me' },
            to: { number: '+33189000201', name: 'Nicolas Petit', withheld: false, user_id: 'u1' }
        });
        provider.show([internal, 'connected']);
        await flushPromises();
        expect(byClass(root, 'softphone-party-name').textContent).toBe('Nicolas Petit');
        expect(deepQuery(root, 'c-diamy-caller-popup')).toBeNull();
        expect((byClass(root, 'softphone-transfer') as unknown as { disabled: boolean }).disabled).toBe(true);
        expect((byClass(root, 'softphone-consult-open') as unknown as { disabled: boolean }).disabled).toBe(true);
        expect(byClass(root, 'softphone-internal').textContent).toBe('Internal call');
    });

    it('the status picker follows Diamy: the agent\'s own echo is shown, not snapped back', async () => {
        const { root, provider } = await mount();
        change(root, 'softphone-presence', 'away');
        await flushPromises();
        provider.state = { ...provider.state, presence: 'away' };
        provider.emit('state', provider.state);
        await flushPromises();
        expect((byClass(root, 'softphone-presence') as unknown as { value: string }).value).toBe('away');
        change(root, 'softphone-presence', 'available');
        await flushPromises();
        expect(provider.setPresence).toHaveBeenLastCalledWith('available');
        // Diamy changed it from elsewhere (another device): the picker follows.
        provider.state = { ...provider.state, presence: 'do_not_disturb' };
        provider.emit('state', provider.state);
        await flushPromises();
        expect((byClass(root, 'softphone-presence') as unknown as { value: string }).value).toBe('do_not_disturb');
    });

    it('declines a ringing call; a lead chosen in the popup is related as a lead', async () => {
        const { root, provider, session } = await mount();
        provider.show([ringing, 'ringing_in']);
        await flushPromises();
        byClass(root, 'softphone-popup').dispatchEvent(
            new CustomEvent('callerselected', {
                detail: { callId: 'call_1', objectApiName: 'Lead', recordId: '00Q000000000001AAA', accountId: null }
            })
        );
        expect(session.relate).toHaveBeenCalledWith('call_1', { leadId: '00Q000000000001AAA' });
        click(root, 'softphone-decline');
        await flushPromises();
        expect(provider.reject).toHaveBeenCalledWith('call_1');
    });

    it('Hold pressed while Answer is still on its way to Diamy holds the call once the answer is done (not dropped)', async () => {
        const { root, provider } = await mount();
        let answerDone: (call: unknown) => void = () => undefined;
        provider.answer.mockImplementationOnce(() => new Promise((resolve) => (answerDone = resolve as (call: unknown) => void)));
        provider.show([ringing, 'ringing_in']);
        await flushPromises();
        click(root, 'softphone-answer');
        // Diamy's event arrives before the REST answer: the call is on the line, the controls are there.
        provider.show([answered, 'connected']);
        await flushPromises();
        click(root, 'softphone-hold');
        await flushPromises();
        expect(provider.hold).not.toHaveBeenCalled();
        answerDone(answered);
        await flushPromises();
        await flushPromises();
        expect(provider.hold).toHaveBeenCalledWith('call_1');
    });

    it('ringing out: hang up', async () => {
        const { root, provider } = await mount();
        provider.show([
            makeCall({ id: 'out_1', direction: 'outbound', to: { number: '+33698765432', name: null, withheld: false, user_id: null } }),
            'ringing_out'
        ]);
        await flushPromises();
        // A number with no name is shown as the agent reads it: national format in their country (FR here).
        expect(byClass(root, 'softphone-party-name').textContent).toBe('06 98 76 54 32');
        click(root, 'softphone-hang-up');
        await flushPromises();
        expect(provider.end).toHaveBeenCalledWith('out_1');
    });

    it('on a call: talk time, hold/resume, mute/unmute, DTMF with refusal of bad keys', async () => {
        const { root, provider } = await mount();
        const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T09:01:12.000Z'));
        try {
            provider.show([answered, 'connected']);
            await flushPromises();
            expect(byClass(root, 'softphone-talk-time-value').textContent).toBe('1 min 07 s');
        } finally {
            now.mockRestore();
        }
        click(root, 'softphone-hold');
        await flushPromises();
        expect(provider.hold).toHaveBeenCalledWith('call_1');
        provider.show([{ ...answered, state: 'held' }, 'on_hold']);
        await flushPromises();
        expect((byClass(root, 'softphone-hold') as unknown as { label: string }).label).toBe('Resume');
        click(root, 'softphone-hold');
        await flushPromises();
        expect(provider.resume).toHaveBeenCalledWith('call_1');
        provider.show([answered, 'connected']);
        await flushPromises();
        click(root, 'softphone-mute');
        await flushPromises();
        expect(provider.mute).toHaveBeenCalledWith('call_1');
        provider.show([{ ...answered, muted: true }, 'connected']);
        await flushPromises();
        click(root, 'softphone-mute');
        await flushPromises();
        expect(provider.unmute).toHaveBeenCalledWith('call_1');
        click(root, 'softphone-keypad');
        await flushPromises();
        // Each key goes out on press, in order, even when pressed faster than Diamy answers.
        let release: () => void = () => undefined;
        provider.sendDigits.mockImplementationOnce(
            () => new Promise((resolve) => (release = () => resolve(makeCall())))
        );
        (deepQuery(root, '.softphone-dtmf-key[data-key="4"]') as HTMLElement).click();
        (deepQuery(root, '.softphone-dtmf-key[data-key="#"]') as HTMLElement).click();
        await flushPromises();
        expect(provider.sendDigits).toHaveBeenCalledTimes(1);
        expect(provider.sendDigits).toHaveBeenCalledWith('call_1', '4');
        release();
        await flushPromises();
        await flushPromises();
        expect(provider.sendDigits).toHaveBeenCalledTimes(2);
        expect(provider.sendDigits).toHaveBeenLastCalledWith('call_1', '#');
        expect(byClass(root, 'softphone-sent-digits').textContent).toBe('Sent: 4#');
        // A refused tone is said; the next key still goes.
        provider.sendDigits.mockRejectedValueOnce(new DiamyError('invalid_state', 409, 'Call is not active'));
        (deepQuery(root, '.softphone-dtmf-key[data-key="1"]') as HTMLElement).click();
        await flushPromises();
        expect(byClass(root, 'softphone-error').textContent).toContain('The call changed before Diamy could do this');
        (deepQuery(root, '.softphone-dtmf-key[data-key="2"]') as HTMLElement).click();
        await flushPromises();
        await flushPromises();
        expect(provider.sendDigits).toHaveBeenLastCalledWith('call_1', '2');
        expect(byClass(root, 'softphone-sent-digits').textContent).toBe('Sent: 4#2');
    });

    it('blind transfer to a typed number and to a colleague', async () => {
        const { root, provider } = await mount();
        provider.show([answered, 'connected']);
        await flushPromises();
        click(root, 'softphone-transfer');
        await flushPromises();
        change(root, 'softphone-transfer-number', '+33 6 98 76 54 32');
        click(root, 'softphone-transfer-go');
        await flushPromises();
        expect(provider.transfer).toHaveBeenCalledWith('call_1', '+33698765432');
        expect(deepQuery(root, '.softphone-transfer-panel')).toBeNull();
        click(root, 'softphone-transfer');
        await flushPromises();
        click(root, 'softphone-transfer-colleague');
        await flushPromises();
        expect(provider.transfer).toHaveBeenLastCalledWith('call_1', '201');
    });

    it('consult, then complete the transfer; cancel; merge into a conference', async () => {
        const { root, provider } = await mount();
        provider.show([answered, 'connected']);
        await flushPromises();
        click(root, 'softphone-consult-open');
        await flushPromises();
        change(root, 'softphone-transfer-number', '201');
        click(root, 'softphone-transfer-go');
        await flushPromises();
        expect(provider.consult).toHaveBeenCalledWith('call_1', '201');
        const held = { ...answered, state: 'held' as const, consult_call_id: 'leg' };
        const leg = makeCall({
            id: 'leg',
            direction: 'internal',
            state: 'active',
            status: 'answered',
            answered_at: '2026-11-25T09:01:00.000Z',
            to: { number: '201', name: 'Nicolas Petit', withheld: false, user_id: null },
            parent_call_id: 'call_1'
        });
        // The colleague still rings: the transfer cannot be completed or merged yet, only cancelled.
        provider.show([held, 'consulting'], [{ ...leg, state: 'ringing', status: null, answered_at: null }, 'ringing_out']);
        await flushPromises();
        expect(byClass(root, 'softphone-consult').textContent).toBe('Consulting Nicolas Petit · Ringing');
        expect((byClass(root, 'softphone-complete') as unknown as { disabled: boolean }).disabled).toBe(true);
        expect((byClass(root, 'softphone-merge') as unknown as { disabled: boolean }).disabled).toBe(true);
        expect((byClass(root, 'softphone-cancel-consult') as unknown as { disabled: boolean }).disabled).toBe(false);
        provider.show([held, 'consulting'], [leg, 'connected']);
        await flushPromises();
        expect(byClass(root, 'softphone-consult').textContent).toBe('Consulting Nicolas Petit · On the line');
        expect((byClass(root, 'softphone-complete') as unknown as { disabled: boolean }).disabled).toBe(false);
        expect(deepQuery(root, '.softphone-transfer')).toBeNull();
        click(root, 'softphone-complete');
        await flushPromises();
        expect(provider.completeConsult).toHaveBeenCalledWith('call_1');
        click(root, 'softphone-cancel-consult');
        await flushPromises();
        expect(provider.cancelConsult).toHaveBeenCalledWith('call_1');
        click(root, 'softphone-merge');
        await flushPromises();
        expect(provider.merge).toHaveBeenCalledWith('call_1', 'leg');
        provider.show([{ ...answered, conference_id: 'conf_1', conferenced: true }, 'conferencing']);
        await flushPromises();
        expect(byClass(root, 'softphone-call-status').textContent).toBe('Conference');
    });

    it('a refused command shows an inline message and the softphone keeps working', async () => {
        const { root, provider } = await mount();
        provider.show([answered, 'connected']);
        await flushPromises();
        provider.hold.mockRejectedValueOnce(new DiamyError('invalid_state', 409, 'Call is not active'));
        click(root, 'softphone-hold');
        await flushPromises();
        expect(byClass(root, 'softphone-error').textContent).toContain(
            'The call changed before Diamy could do this (answered, ended or transferred). Check where the call is now, then try again.'
        );
        expect(byClass(root, 'softphone-error').textContent).not.toContain('Call is not active');
        // Support gets the detail in the integration log, with the call it was about.
        const logged = (createRecord as jest.Mock).mock.calls.map(([input]) => input as { apiName: string; fields: Record<string, unknown> });
        const entry = logged.find((input) => input.apiName === 'Diamy_Integration_Log__c');
        expect(entry?.fields).toEqual(expect.objectContaining({ Diamy_Call_Id__c: 'call_1' }));
        expect(JSON.stringify(entry?.fields)).toContain('Call is not active');
        click(root, 'softphone-mute');
        await flushPromises();
        expect(provider.mute).toHaveBeenCalled();
        expect(deepQuery(root, '.softphone-error')).toBeNull();
    });

    it('hang up → wrap-up with the Disposition__c values → save logs the wrap-up and goes back to idle', async () => {
        const { root, provider, session } = await mount();
        asTestAdapter<unknown>(getObjectInfo).emit({
            apiName: 'Diamy_Call__c',
            defaultRecordTypeId: '012000000000000AAA',
            fields: {}
        });
        asTestAdapter<unknown>(getPicklistValues).emit({
            defaultValue: null,
            values: [
                { label: 'Resolved', value: 'Resolved' },
                { label: 'Callback requested', value: 'Callback_Requested' }
            ]
        });
        provider.show([answered, 'connected']);
        await flushPromises();
        click(root, 'softphone-hang-up');
        await flushPromises();
        expect(provider.end).toHaveBeenCalledWith('call_1');
        const ended = {
            ...answered,
            state: 'ended' as const,
            ended_at: '2026-11-25T09:03:00.000Z',
            end_reason: 'agent_hangup' as Call['end_reason']
        };
        provider.show([ended, 'wrap_up']);
        await flushPromises();
        expect(asTestAdapter(getPicklistValues).getLastConfig()).toMatchObject({ recordTypeId: '012000000000000AAA' });
        const combobox = byClass(root, 'softphone-disposition') as unknown as { options: { value: string }[] };
        expect(combobox.options.map((option) => option.value)).toEqual(['Resolved', 'Callback_Requested']);
        change(root, 'softphone-disposition', 'Callback_Requested');
        change(root, 'softphone-notes', '  Rappeler jeudi  ');
        click(root, 'softphone-save');
        await flushPromises();
        expect(session.logWrapUp).toHaveBeenCalledWith('call_1', { disposition: 'Callback_Requested', notes: 'Rappeler jeudi', callbackAt: null, followUp: null });
        expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
        expect(deepQuery(root, '.softphone-idle')).not.toBeNull();
    });

    it('wrap-up: after-call-work timer, callback time, follow-up task (due tomorrow by default), checked before it is sent', async () => {
        const { root, provider, session } = await mount();
        const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T09:05:42.000Z'));
        try {
            provider.show([{ ...answered, state: 'ended', ended_at: '2026-11-25T09:05:00.000Z' }, 'wrap_up']);
            await flushPromises();
            expect(byClass(root, 'softphone-acw-timer').textContent).toBe('After-call work: 0 min 42 s');
            change(root, 'softphone-callback', '2026-11-27T14:30:00.000Z');
            byClass(root, 'softphone-follow-up-toggle').dispatchEvent(new CustomEvent('change', { detail: { checked: true } }));
            await flushPromises();
            expect((byClass(root, 'softphone-follow-up-subject') as unknown as { value: string }).value).toBe('Follow up with Sophie Bernard');
            expect((byClass(root, 'softphone-follow-up-due') as unknown as { value: string }).value).toBe('2026-11-26');
            // An empty subject is refused before anything is sent.
            change(root, 'softphone-follow-up-subject', '   ');
            click(root, 'softphone-save');
            await flushPromises();
            expect(session.logWrapUp).not.toHaveBeenCalled();
            expect(byClass(root, 'softphone-error').textContent).not.toBe('');
            change(root, 'softphone-follow-up-subject', 'Envoyer le devis');
            // Assigned to a colleague picked in the org's users (lightning-record-picker on User).
            const picker = byClass(root, 'softphone-follow-up-assignee') as unknown as { objectApiName: string };
            expect(picker.objectApiName).toBe('User');
            byClass(root, 'softphone-follow-up-assignee').dispatchEvent(new CustomEvent('change', { detail: { recordId: '005000000000002AAA' } }));
            click(root, 'softphone-save');
            await flushPromises();
            expect(session.logWrapUp).toHaveBeenCalledWith('call_1', {
                disposition: null,
                notes: null,
                callbackAt: '2026-11-27T14:30:00.000Z',
                followUp: { subject: 'Envoyer le devis', dueDate: '2026-11-26', assigneeId: '005000000000002AAA' }
            });
            expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
        } finally {
            now.mockRestore();
        }
    });

    it('a wrap-up that cannot be saved stays on screen with the message', async () => {
        const { root, provider, session } = await mount();
        session.logWrapUp.mockRejectedValueOnce(Object.assign(new Error('This tab does not own the telephony session'), { code: 'not_owner' }));
        provider.show([{ ...answered, state: 'ended', ended_at: '2026-11-25T09:03:00.000Z' }, 'wrap_up']);
        await flushPromises();
        click(root, 'softphone-save');
        await flushPromises();
        expect(session.logWrapUp).toHaveBeenCalledWith('call_1', { disposition: null, notes: null, callbackAt: null, followUp: null });
        // The session refuses with code not_owner: the agent is told to use the tab that owns the phone.
        expect(byClass(root, 'softphone-error').textContent).toContain(NOT_OWNER_TEXT);
        expect(deepQuery(root, '.softphone-wrap-up')).not.toBeNull();
    });

    describe('wrap-up drafts', () => {
        const DRAFT_KEY = `diamy.wrapUp.${ORG_ID.slice(0, 15)}.${USER_ID.slice(0, 15)}`;
        const endedCall = (): Call => ({ ...answered, state: 'ended', ended_at: '2026-11-25T09:03:00.000Z' });

        function notesOf(root: ShadowRoot): string {
            return (byClass(root, 'softphone-notes') as unknown as { value: string }).value;
        }

        /** The agent types a wrap-up for call_1, then the page goes (reload, crash). */
        async function typeThenLeave(storage: MemoryStorage, orgId: string = ORG_ID): Promise<void> {
            const { root, provider } = await mount({ storage, user: 'record' });
            if (orgId !== ORG_ID) {
                userAdapter.emit(userRecord(orgId));
            }
            provider.show([endedCall(), 'wrap_up']);
            await flushPromises();
            change(root, 'softphone-disposition', 'Callback_Requested');
            change(root, 'softphone-notes', 'Rappeler jeudi');
            await flushPromises();
            resetDom();
            jest.clearAllMocks();
        }

        afterEach(() => {
            jest.restoreAllMocks();
        });

        it('a reload during wrap-up brings the panel back with what the agent typed; Save hands it over and forgets it', async () => {
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            expect(storage.getItem(DRAFT_KEY)).not.toBeNull();
            // After the reload Diamy's live state no longer holds the ended call.
            const { root, session } = await mount({ storage });
            expect(byClass(root, 'softphone-call-status').textContent).toBe('Wrap-up');
            expect(byClass(root, 'softphone-party-name').textContent).toBe('Sophie Bernard');
            expect(notesOf(root)).toBe('Rappeler jeudi');
            expect(deepQuery(root, '.softphone-idle')).toBeNull();
            expect(deepQuery(root, '.softphone-draft-notice')).toBeNull();
            click(root, 'softphone-save');
            await flushPromises();
            expect(session.logWrapUp).toHaveBeenCalledWith('call_1', { disposition: 'Callback_Requested', notes: 'Rappeler jeudi', callbackAt: null, followUp: null });
            expect(storage.getItem(DRAFT_KEY)).toBeNull();
            expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
            expect(deepQuery(root, '.softphone-idle')).not.toBeNull();
        });

        it('the call back in Diamy\'s state after a reload shows the typed notes, not an empty form', async () => {
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            const { root, provider } = await mount({ storage });
            provider.show([endedCall(), 'wrap_up']);
            await flushPromises();
            expect(notesOf(root)).toBe('Rappeler jeudi');
        });

        it('a draft that could not be handed over (follower tab) is kept', async () => {
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            const { root, session } = await mount({ storage });
            session.logWrapUp.mockRejectedValueOnce(Object.assign(new Error('This tab does not own the telephony session'), { code: 'not_owner' }));
            click(root, 'softphone-save');
            await flushPromises();
            expect(storage.getItem(DRAFT_KEY)).not.toBeNull();
            expect(deepQuery(root, '.softphone-wrap-up')).not.toBeNull();
        });

        it("another user's or another org's draft in the same browser is never shown", async () => {
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            const typed = storage.getItem(DRAFT_KEY) ?? '';
            storage.removeItem(DRAFT_KEY);
            storage.setItem(`diamy.wrapUp.${ORG_ID.slice(0, 15)}.005000000000002`, typed);
            storage.setItem(`diamy.wrapUp.00D000000000002.${USER_ID.slice(0, 15)}`, typed);
            const { root } = await mount({ storage });
            expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
            expect(deepQuery(root, '.softphone-idle')).not.toBeNull();
        });

        it('nothing is read from or written to the browser while the org is unknown, and the agent is told', async () => {
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            const before = [...storage.data.entries()];
            const { root, provider } = await mount({ storage, user: 'no-org-field' });
            expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
            provider.show([{ ...endedCall(), id: 'call_2' }, 'wrap_up']);
            await flushPromises();
            change(root, 'softphone-notes', 'Pas de clé');
            await flushPromises();
            expect([...storage.data.entries()]).toEqual(before);
            expect(byClass(root, 'softphone-draft-notice').textContent).toContain('kept on this page only');
        });

        it('a draft older than 24 hours is dropped', async () => {
            const typedAt = Date.parse('2026-11-25T09:04:00.000Z');
            const now = jest.spyOn(Date, 'now').mockReturnValue(typedAt);
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            now.mockReturnValue(typedAt + 24 * 60 * 60 * 1000 + 1);
            const { root } = await mount({ storage });
            expect(deepQuery(root, '.softphone-wrap-up')).toBeNull();
            expect(storage.getItem(DRAFT_KEY)).toBeNull();
        });

        it('a draft 23 hours old still comes back', async () => {
            const typedAt = Date.parse('2026-11-25T09:04:00.000Z');
            const now = jest.spyOn(Date, 'now').mockReturnValue(typedAt);
            const storage = new MemoryStorage();
            await typeThenLeave(storage);
            now.mockReturnValue(typedAt + 23 * 60 * 60 * 1000);
            const { root } = await mount({ storage });
            expect(notesOf(root)).toBe('Rappeler jeudi');
        });

        it('storage refusing the draft: the agent sees that the wrap-up lives in this page only', async () => {
            const storage = new MemoryStorage();
            storage.refuseWrites = true;
            const { root, provider } = await mount({ storage });
            provider.show([endedCall(), 'wrap_up']);
            await flushPromises();
            expect(deepQuery(root, '.softphone-draft-notice')).toBeNull();
            change(root, 'softphone-notes', 'Rappeler jeudi');
            await flushPromises();
            expect(byClass(root, 'softphone-draft-notice').textContent).toContain(
                'Your wrap-up is kept on this page only: save it before you reload or close this tab.'
            );
            expect(notesOf(root)).toBe('Rappeler jeudi');
        });
    });

    describe('record pages (Lightning Message Service channel Diamy_Phone__c)', () => {
        const ACCOUNT = '001000000000001AAA';
        const CONTACT = '003000000000001AAA';
        let heard: Record<string, unknown>[] = [];

        beforeEach(() => {
            (messageService as unknown as { __reset(): void }).__reset();
            heard = [];
        });

        /** What a record page hears on the channel (after the softphone subscribed: it subscribes when connected). */
        function listen(): void {
            subscribe({}, DIAMY_PHONE, (message: unknown) => heard.push(message as Record<string, unknown>));
        }
        function ask(message: Record<string, unknown>): void {
            publish({}, DIAMY_PHONE, { v: 1, ...message });
        }
        function answersTo(requestId: string): Record<string, unknown>[] {
            return heard.filter((message) => message.replyTo === requestId);
        }
        const outbound = makeCall({
            id: 'out_1',
            direction: 'outbound',
            from: { number: '+33189000201', name: null, withheld: false, user_id: 'usr_camille.martin' },
            to: { number: '+33145678901', name: 'Boulangerie Petit', withheld: false, user_id: null },
            state: 'ringing'
        });

        it('once connected it says so unasked: a record page that pinged before the softphone was there hears it', async () => {
            listen();
            await mount();
            await flushPromises();
            expect(heard.filter((message) => message.type === 'state')).toEqual([{ v: 1, type: 'state', replyTo: null, availability: 'ready', call: null }]);
        });

        it('answers a ping with its state, then tells each change once (availability and the current call)', async () => {
            const { provider } = await mount();
            listen();
            ask({ type: 'ping', requestId: 'p1' });
            await flushPromises();
            expect(answersTo('p1')).toEqual([{ v: 1, type: 'state', replyTo: 'p1', availability: 'ready', call: null }]);
            provider.show([ringing, 'ringing_in']);
            await flushPromises();
            await flushPromises();
            const changes = heard.filter((message) => message.type === 'state' && message.replyTo === null);
            expect(changes).toHaveLength(1);
            expect(changes[0]).toMatchObject({
                availability: 'on_call',
                call: { callId: 'call_1', direction: 'inbound', phase: 'ringing', name: 'Sophie Bernard', number: '+33612345678', withheld: false, answeredAt: null, related: {} }
            });
            // Malformed requests are ignored, never answered.
            ask({ type: 'ping' });
            publish({}, DIAMY_PHONE, { v: 2, type: 'ping', requestId: 'p2' });
            await flushPromises();
            expect(answersTo('p2')).toEqual([]);
        });

        it('a record page dials: the utility opens, Diamy places the call with the name, the call is tied to the page\'s records and not looked up', async () => {
            const { root, provider, session } = await mount();
            asTestAdapter<string>(EnclosingUtilityId).emit('utility-1');
            provider.dial.mockResolvedValueOnce(outbound);
            listen();
            ask({ type: 'dial', requestId: 'd1', number: '01 45 67 89 01', name: 'Boulangerie Petit', related: { accountId: ACCOUNT, contactId: CONTACT } });
            await flushPromises();
            await flushPromises();
            expect(provider.dial).toHaveBeenCalledWith({ to: '+33145678901' }, { toName: 'Boulangerie Petit' });
            expect(open).toHaveBeenCalledWith('utility-1', { autoFocus: true });
            expect(session.relate).toHaveBeenCalledWith('out_1', { accountId: ACCOUNT, contactId: CONTACT });
            expect(answersTo('d1')).toEqual([{ v: 1, type: 'result', replyTo: 'd1', ok: true, reason: null, message: '', callId: 'out_1' }]);
            provider.show([outbound, 'ringing_out']);
            await flushPromises();
            // Its record is known: no lookup, no popup; the record pages see the call with its records.
            expect(deepQuery(root, '.softphone-popup')).toBeNull();
            expect(heard.filter((message) => message.type === 'state').pop()).toMatchObject({
                availability: 'on_call',
                call: { callId: 'out_1', direction: 'outbound', phase: 'dialing', related: { accountId: ACCOUNT, contactId: CONTACT } }
            });
            // Logged: the record pages hear it with the records (their call histories refresh).
            const options = (createSoftphone as jest.Mock).mock.calls[0][0] as { onCallWritten: (id: string) => void };
            options.onCallWritten('out_1');
            await flushPromises();
            expect(heard.filter((message) => message.type === 'logged')).toEqual([
                { v: 1, type: 'logged', diamyCallId: 'out_1', related: { accountId: ACCOUNT, contactId: CONTACT } }
            ]);
        });

        it('refuses a record page\'s call with the reason: on a call, another tab, a bad number, Diamy refusing', async () => {
            const { root, provider, session } = await mount();
            listen();
            provider.show([answered, 'connected']);
            await flushPromises();
            ask({ type: 'dial', requestId: 'busy', number: '0145678901', name: '', related: {} });
            await flushPromises();
            expect(answersTo('busy')[0]).toMatchObject({ ok: false, reason: 'on_call' });
            provider.show();
            await flushPromises();
            ask({ type: 'dial', requestId: 'junk', number: 'call me', name: '', related: {} });
            await flushPromises();
            expect(answersTo('junk')[0]).toMatchObject({ ok: false, reason: 'invalid_number' });
            expect(String(answersTo('junk')[0]?.message)).not.toBe('');
            provider.dial.mockRejectedValueOnce(new DiamyError('forbidden', 403, 'no outbound calls'));
            ask({ type: 'dial', requestId: 'refused', number: '0145678901', name: '', related: {} });
            await flushPromises();
            await flushPromises();
            expect(answersTo('refused')[0]).toMatchObject({ ok: false, reason: 'failed' });
            expect(answersTo('refused')[0]?.message).toBe(byClass(root, 'softphone-error-text').textContent);
            expect(session.relate).not.toHaveBeenCalled();
            session.become('follower');
            await flushPromises();
            ask({ type: 'dial', requestId: 'tab', number: '0145678901', name: '', related: {} });
            await flushPromises();
            expect(answersTo('tab')[0]).toMatchObject({ ok: false, reason: 'other_tab' });
            expect(provider.dial).toHaveBeenCalledTimes(1);
        });

        it('a note and a follow-up task typed on a record page during the call join the wrap-up form', async () => {
            const { root, provider } = await mount();
            const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T09:05:42.000Z'));
            try {
                listen();
                provider.show([answered, 'connected']);
                await flushPromises();
                ask({ type: 'note', requestId: 'n1', callId: 'call_1', text: 'Budget 2027 validé', followUp: { subject: 'Envoyer le devis', dueDate: '2026-11-27' } });
                ask({ type: 'note', requestId: 'n2', callId: 'call_1', text: 'Rappeler Marc', followUp: null });
                ask({ type: 'note', requestId: 'late', callId: 'call_1', text: '', followUp: { subject: 'Trop tard', dueDate: '2026-11-01' } });
                ask({ type: 'note', requestId: 'other', callId: 'call_9', text: 'Pas ce appel', followUp: null });
                await flushPromises();
                expect(answersTo('n1')[0]).toMatchObject({ ok: true });
                expect(answersTo('n2')[0]).toMatchObject({ ok: true });
                expect(answersTo('late')[0]).toMatchObject({ ok: false, reason: 'invalid_request' });
                expect(String(answersTo('late')[0]?.message)).not.toBe('');
                expect(answersTo('other')[0]).toMatchObject({ ok: false, reason: 'no_call' });
                provider.show([{ ...answered, state: 'ended', ended_at: '2026-11-25T09:05:00.000Z' }, 'wrap_up']);
                await flushPromises();
                await flushPromises();
                expect((byClass(root, 'softphone-notes') as unknown as { value: string }).value).toBe('Budget 2027 validé\nRappeler Marc');
                expect((byClass(root, 'softphone-follow-up-subject') as unknown as { value: string }).value).toBe('Envoyer le devis');
                expect((byClass(root, 'softphone-follow-up-due') as unknown as { value: string }).value).toBe('2026-11-27');
                // In wrap-up, a note goes straight into the form on screen.
                ask({ type: 'note', requestId: 'n3', callId: 'call_1', text: 'Client satisfait', followUp: null });
                await flushPromises();
                expect(answersTo('n3')[0]).toMatchObject({ ok: true });
                expect((byClass(root, 'softphone-notes') as unknown as { value: string }).value).toBe('Budget 2027 validé\nRappeler Marc\nClient satisfait');
            } finally {
                now.mockRestore();
            }
        });

        it('a number dialled by hand is looked up like an inbound one (no pop) and the record the popup finds is tied to the call', async () => {
            const { root, provider, session } = await mount();
            provider.show([{ ...outbound, to: { number: '+33612345678', name: null, withheld: false, user_id: null } }, 'ringing_out']);
            await flushPromises();
            await flushPromises();
            const popup = byClass(root, 'softphone-popup') as unknown as { phoneNumber: string; callId: string; phase: string };
            // 'dialled' is no phase the popup pops in (c/diamyScreenPop.callPhaseOf): it looks the number up and never navigates.
            expect([popup.phoneNumber, popup.callId, popup.phase]).toEqual(['+33612345678', 'out_1', undefined]);
            byClass(root, 'softphone-popup').dispatchEvent(
                new CustomEvent('callerselected', { detail: { callId: 'out_1', objectApiName: 'Contact', recordId: CONTACT, accountId: ACCOUNT } })
            );
            expect(session.relate).toHaveBeenCalledWith('out_1', { contactId: CONTACT, accountId: ACCOUNT });
        });

        it('plays a recording through a signed link asked with this tab\'s token; a refusal is the page\'s to show', async () => {
            const { root, provider, session } = await mount();
            listen();
            ask({ type: 'recording', requestId: 'r1', diamyCallId: 'call_1' });
            await flushPromises();
            expect(provider.recordingLink).toHaveBeenCalledWith('call_1');
            expect(answersTo('r1')[0]).toMatchObject({ ok: true, url: 'https://diamy.test/v2/recordings/rec_1?expires=1&signature=abc', expiresAt: '2026-11-25T09:10:00.000Z' });
            expect(JSON.stringify(heard)).not.toContain('tok-1');
            provider.recordingLink.mockRejectedValueOnce(new DiamyError('forbidden', 403, 'not your call'));
            ask({ type: 'recording', requestId: 'r2', diamyCallId: 'call_2' });
            await flushPromises();
            expect(answersTo('r2')[0]).toMatchObject({ ok: false, reason: 'failed' });
            expect(String(answersTo('r2')[0]?.message)).not.toBe('');
            expect(deepQuery(root, '.softphone-error')).toBeNull();
            session.become('follower');
            await flushPromises();
            ask({ type: 'recording', requestId: 'r3', diamyCallId: 'call_1' });
            await flushPromises();
            expect(answersTo('r3')[0]).toMatchObject({ ok: false, reason: 'other_tab' });
        });
    });

    it('stops the session when removed', async () => {
        const { element, session } = await mount();
        document.body.removeChild(element);
        expect(session.stop).toHaveBeenCalled();
    });
});
