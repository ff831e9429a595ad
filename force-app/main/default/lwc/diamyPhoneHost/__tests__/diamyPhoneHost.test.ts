import { PhoneRequests, addNoteToForm, availabilityOf, currentCallOf } from 'c/diamyPhoneHost';
import type { SoftphonePort, SoftphoneSnapshot } from 'c/diamyPhoneHost';
import { emptyForm } from 'c/diamySoftphoneService';
import type { WrapUpForm } from 'c/diamySoftphoneService';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { makeCall } from 'diamy-test/diamyCallFixtures';

const ACCOUNT = '001000000000001AAA';

function snapshot(overrides: Partial<SoftphoneSnapshot> = {}): SoftphoneSnapshot {
    return { role: 'leader', connection: 'connected', tokenError: false, busy: false, main: null, ...overrides };
}

function port(overrides: Partial<SoftphonePort> = {}): SoftphonePort & { sent: Record<string, unknown>[]; state: SoftphoneSnapshot } {
    const sent: Record<string, unknown>[] = [];
    const value = {
        sent,
        state: snapshot(),
        snapshot: (): SoftphoneSnapshot => value.state,
        agentCountry: () => 'FR',
        today: () => '2026-11-25',
        dial: jest.fn(() => Promise.resolve({ id: 'out_1' })),
        recordingLink: jest.fn(() => Promise.resolve({ url: 'https://diamy.test/r?signature=s', expiresAt: '2026-11-25T09:10:00.000Z' })),
        openUtility: jest.fn(),
        placed: jest.fn(),
        failed: jest.fn(() => 'Diamy refused.'),
        describe: jest.fn(() => 'Not allowed.'),
        noteTarget: jest.fn(() => null),
        send: (message: unknown) => sent.push(message as Record<string, unknown>),
        ...overrides
    };
    return value;
}

describe('c/diamyPhoneHost', () => {
    beforeAll(() => phoneMetadataReady());

    it('availability: the owner tab only; offline, connecting, on a call, ready', () => {
        expect(availabilityOf(snapshot({ role: 'follower' }))).toBe('other_tab');
        expect(availabilityOf(snapshot({ role: 'stopped' }))).toBe('offline');
        expect(availabilityOf(snapshot({ tokenError: true }))).toBe('offline');
        expect(availabilityOf(snapshot({ connection: 'offline' }))).toBe('offline');
        expect(availabilityOf(snapshot({ connection: 'reconnecting' }))).toBe('connecting');
        expect(availabilityOf(snapshot({ busy: true }))).toBe('on_call');
        expect(availabilityOf(snapshot())).toBe('ready');
    });

    it('the current call: phases as the record pages know them; no name when Diamy has none; withheld numbers stay hidden', () => {
        const answered = makeCall({ state: 'active', status: 'answered', answered_at: '2026-11-25T09:00:05.000Z' });
        expect(currentCallOf({ call: answered, phase: 'on_hold', lastSeq: 1, voicemailId: null }, { contactId: '003000000000001AAA' })).toEqual({
            callId: 'call_1',
            direction: 'inbound',
            phase: 'on_hold',
            name: 'Sophie Bernard',
            number: '+33612345678',
            withheld: false,
            answeredAt: '2026-11-25T09:00:05.000Z',
            related: { contactId: '003000000000001AAA' }
        });
        const unnamed = makeCall({ from: { number: '+33612345678', name: null, withheld: false, user_id: null } });
        expect(currentCallOf({ call: unnamed, phase: 'ringing_in', lastSeq: 1, voicemailId: null }, undefined)).toMatchObject({ phase: 'ringing', name: '', related: {} });
        const withheld = makeCall({ from: { number: null, name: null, withheld: true, user_id: null } });
        expect(currentCallOf({ call: withheld, phase: 'consulting', lastSeq: 1, voicemailId: null }, undefined)).toMatchObject({ phase: 'connected', name: '', number: '', withheld: true });
        expect(currentCallOf({ call: answered, phase: 'ended', lastSeq: 1, voicemailId: null }, undefined)).toBeNull();
        expect(currentCallOf(null, undefined)).toBeNull();
    });

    it('a note joins the notes on a new line; a follow-up switches the task on with its subject and date', () => {
        const form: WrapUpForm = { ...emptyForm('Sophie'), notes: 'Premier appel  ' };
        expect(addNoteToForm(form, '  Budget validé ', null)).toEqual({ ...form, notes: 'Premier appel\nBudget validé' });
        expect(addNoteToForm(emptyForm(), 'Budget', null).notes).toBe('Budget');
        expect(addNoteToForm(form, '', { subject: ' Devis ', dueDate: '2026-11-27' })).toEqual({ ...form, followUpOn: true, followUpSubject: 'Devis', followUpDueDate: '2026-11-27' });
    });

    it('publishes a change once, an answer to each ping', async () => {
        const softphone = port();
        const requests = new PhoneRequests(softphone);
        requests.publishState(null);
        requests.publishState(null);
        await requests.receive({ v: 1, type: 'ping', requestId: 'p1' });
        softphone.state = snapshot({ busy: true });
        requests.publishState(null);
        expect(softphone.sent).toEqual([
            { v: 1, type: 'state', replyTo: null, availability: 'ready', call: null },
            { v: 1, type: 'state', replyTo: 'p1', availability: 'ready', call: null },
            { v: 1, type: 'state', replyTo: null, availability: 'on_call', call: null }
        ]);
    });

    it('dials a record\'s number in E.164 with its name, once at a time; failures are answered with the softphone\'s message', async () => {
        let finish: (call: { id: string }) => void = () => undefined;
        const softphone = port({ dial: jest.fn(() => new Promise<{ id: string }>((resolve) => (finish = resolve))) });
        const requests = new PhoneRequests(softphone);
        const first = requests.receive({ v: 1, type: 'dial', requestId: 'd1', number: '01 45 67 89 01', name: 'Boulangerie Petit', related: { accountId: ACCOUNT } });
        await Promise.resolve();
        expect(requests.placing).toBe(true);
        await requests.receive({ v: 1, type: 'dial', requestId: 'd2', number: '0145678901', name: '', related: {} });
        finish({ id: 'out_1' });
        await first;
        expect(softphone.dial).toHaveBeenCalledTimes(1);
        expect(softphone.dial).toHaveBeenCalledWith({ to: '+33145678901' }, 'Boulangerie Petit');
        expect(softphone.openUtility).toHaveBeenCalled();
        expect(softphone.placed).toHaveBeenCalledWith('out_1', { accountId: ACCOUNT });
        expect(softphone.sent).toEqual([
            { v: 1, type: 'result', replyTo: 'd2', ok: false, reason: 'on_call', message: '' },
            // Tied to its records: the record pages hear the state before the answer.
            { v: 1, type: 'state', replyTo: null, availability: 'ready', call: null },
            { v: 1, type: 'result', replyTo: 'd1', ok: true, reason: null, message: '', callId: 'out_1' }
        ]);
        expect(requests.placing).toBe(false);
        const failing = port({ dial: jest.fn(() => Promise.reject(new Error('403'))) });
        await new PhoneRequests(failing).receive({ v: 1, type: 'dial', requestId: 'd3', number: '0145678901', name: '', related: {} });
        expect(failing.sent).toEqual([{ v: 1, type: 'result', replyTo: 'd3', ok: false, reason: 'failed', message: 'Diamy refused.' }]);
        expect(failing.placed).not.toHaveBeenCalled();
    });

    it('remembers the records of each call (dialled from a record page, or chosen in the popup): state and logged carry them', async () => {
        const softphone = port();
        const requests = new PhoneRequests(softphone);
        await requests.receive({ v: 1, type: 'dial', requestId: 'd1', number: '0145678901', name: '', related: { accountId: ACCOUNT } });
        expect(requests.isFromRecordPage('out_1')).toBe(true);
        requests.relate('call_1', { contactId: '003000000000001AAA' });
        expect(requests.isFromRecordPage('call_1')).toBe(false);
        softphone.state = snapshot({ busy: true, main: { call: makeCall(), phase: 'connected', lastSeq: 1, voicemailId: null } });
        requests.publishState(null);
        requests.logged('out_1');
        requests.logged('unknown');
        for (let i = 0; i < 25; i += 1) {
            requests.relate(`c${i}`, { leadId: '00Q000000000001AAA' });
        }
        requests.logged('call_1');
        expect(softphone.sent.slice(2)).toEqual([
            expect.objectContaining({ type: 'state', call: expect.objectContaining({ callId: 'call_1', related: { contactId: '003000000000001AAA' } }) }),
            { v: 1, type: 'logged', diamyCallId: 'out_1', related: { accountId: ACCOUNT } },
            { v: 1, type: 'logged', diamyCallId: 'unknown', related: {} },
            // The newest 20 calls are remembered: once call_1's records are forgotten the pages are told, and it is logged without them.
            expect.objectContaining({ type: 'state', call: expect.objectContaining({ callId: 'call_1', related: {} }) }),
            { v: 1, type: 'logged', diamyCallId: 'call_1', related: {} }
        ]);
    });

    it('notes go to the call\'s form only when checked and when that call is here', async () => {
        const saved: WrapUpForm[] = [];
        const softphone = port({
            noteTarget: jest.fn((callId: string) => (callId === 'call_1' ? { form: emptyForm('Sophie'), save: (form: WrapUpForm) => saved.push(form) } : null))
        });
        const requests = new PhoneRequests(softphone);
        await requests.receive({ v: 1, type: 'note', requestId: 'n1', callId: 'call_1', text: 'Budget', followUp: { subject: 'Devis', dueDate: '2026-11-25' } });
        await requests.receive({ v: 1, type: 'note', requestId: 'n2', callId: 'call_1', text: ' ', followUp: null });
        await requests.receive({ v: 1, type: 'note', requestId: 'n3', callId: 'call_1', text: 'x', followUp: { subject: '', dueDate: '2026-11-24' } });
        await requests.receive({ v: 1, type: 'note', requestId: 'n4', callId: 'call_2', text: 'x', followUp: null });
        expect(saved).toEqual([{ ...emptyForm('Sophie'), notes: 'Budget', followUpOn: true, followUpSubject: 'Devis', followUpDueDate: '2026-11-25' }]);
        expect(softphone.sent.map((message) => [message.replyTo, message.ok, message.reason])).toEqual([
            ['n1', true, null],
            ['n2', false, 'invalid_request'],
            ['n3', false, 'invalid_request'],
            ['n4', false, 'no_call']
        ]);
        expect(String(softphone.sent[2]?.message).length).toBeGreaterThan(0);
        softphone.state = snapshot({ role: 'follower' });
        await requests.receive({ v: 1, type: 'note', requestId: 'n5', callId: 'call_1', text: 'x', followUp: null });
        expect(softphone.sent[4]).toMatchObject({ replyTo: 'n5', ok: false, reason: 'other_tab' });
    });

    it('recording links: asked with the softphone\'s token, refused in a follower tab, failures described not shown', async () => {
        const softphone = port();
        const requests = new PhoneRequests(softphone);
        await requests.receive({ v: 1, type: 'recording', requestId: 'r1', diamyCallId: 'call_1' });
        softphone.recordingLink = jest.fn(() => Promise.reject(new Error('403')));
        await requests.receive({ v: 1, type: 'recording', requestId: 'r2', diamyCallId: 'call_1' });
        softphone.state = snapshot({ role: 'follower' });
        await requests.receive({ v: 1, type: 'recording', requestId: 'r3', diamyCallId: 'call_1' });
        await requests.receive({ v: 1, type: 'result', replyTo: 'r1', ok: true });
        await requests.receive('garbage');
        expect(softphone.sent).toEqual([
            { v: 1, type: 'result', replyTo: 'r1', ok: true, reason: null, message: '', url: 'https://diamy.test/r?signature=s', expiresAt: '2026-11-25T09:10:00.000Z' },
            { v: 1, type: 'result', replyTo: 'r2', ok: false, reason: 'failed', message: 'Not allowed.' },
            { v: 1, type: 'result', replyTo: 'r3', ok: false, reason: 'other_tab', message: '' }
        ]);
        expect(softphone.failed).not.toHaveBeenCalled();
    });
});
