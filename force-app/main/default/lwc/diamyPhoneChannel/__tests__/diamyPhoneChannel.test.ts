import { PING_TIMEOUT_MS, REQUEST_TIMEOUT_MS, SoftphoneLink, readPhoneMessage, readRelated, relatesTo } from 'c/diamyPhoneChannel';
import type { PhoneChannelPort, SoftphoneView } from 'c/diamyPhoneChannel';

const CONTACT = '003000000000001AAA';
const ACCOUNT = '001000000000001AAA';

/** The channel as Lightning Message Service gives it: every subscriber hears every publication, its own included. */
class Bus implements PhoneChannelPort {
    listeners = new Set<(message: unknown) => void>();
    published: unknown[] = [];
    publish(message: unknown): void {
        this.published.push(message);
        for (const listener of [...this.listeners]) {
            listener(JSON.parse(JSON.stringify(message)) as unknown);
        }
    }
    subscribe(listener: (message: unknown) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    last(): Record<string, unknown> {
        return this.published[this.published.length - 1] as Record<string, unknown>;
    }
}

let ids = 0;
function link(bus: Bus): SoftphoneLink {
    return new SoftphoneLink(bus, { newId: () => `req_${++ids}` });
}

describe('c/diamyPhoneChannel: the message contract', () => {
    it('reads each message type and refuses what this version does not understand', () => {
        expect(readPhoneMessage({ v: 1, type: 'ping', requestId: 'p' })).toEqual({ v: 1, type: 'ping', requestId: 'p' });
        expect(readPhoneMessage({ v: 1, type: 'dial', requestId: 'd', number: '01 45 67 89 01', related: { accountId: ACCOUNT, contactId: CONTACT, extra: 'x' } })).toEqual({
            v: 1,
            type: 'dial',
            requestId: 'd',
            number: '01 45 67 89 01',
            name: '',
            related: { accountId: ACCOUNT, contactId: CONTACT }
        });
        const call = { callId: 'c1', direction: 'inbound', phase: 'connected', name: 'Sophie', number: '+33612345678', withheld: false, answeredAt: '2026-11-25T09:00:05.000Z', related: {} };
        expect(readPhoneMessage({ v: 1, type: 'state', replyTo: null, availability: 'on_call', call })).toEqual({ v: 1, type: 'state', replyTo: null, availability: 'on_call', call });
        expect(readPhoneMessage({ v: 1, type: 'result', replyTo: 'd', ok: false, reason: 'on_call' })).toEqual({ v: 1, type: 'result', replyTo: 'd', ok: false, reason: 'on_call', message: '' });
        expect(readPhoneMessage({ v: 1, type: 'result', replyTo: 'r', ok: true, reason: null, url: 'javascript:alert(1)' })).toEqual({ v: 1, type: 'result', replyTo: 'r', ok: true, reason: null, message: '' });
        expect(readPhoneMessage({ v: 1, type: 'note', requestId: 'n', callId: 'c1', text: 'Hi', followUp: { subject: 'Devis', dueDate: '2026-11-27' } })).toMatchObject({ followUp: { subject: 'Devis', dueDate: '2026-11-27' } });
        expect(readPhoneMessage({ v: 1, type: 'logged', diamyCallId: 'c1', related: { leadId: '00Q000000000001AAA' } })).toMatchObject({ related: { leadId: '00Q000000000001AAA' } });
        for (const bad of [
            null,
            'ping',
            [],
            { v: 2, type: 'ping', requestId: 'p' },
            { v: 1, type: 'ping' },
            { v: 1, type: 'ping', requestId: '   ' },
            { v: 1, type: 'dial', requestId: 'd', number: '   ' },
            { v: 1, type: 'dial', requestId: 'd', number: '0145', related: { contactId: 'not an id' } },
            { v: 1, type: 'dial', requestId: 'd', number: '0145', related: 'x' },
            { v: 1, type: 'state', replyTo: null, availability: 'sleeping', call: null },
            { v: 1, type: 'state', replyTo: 7, availability: 'ready', call: null },
            { v: 1, type: 'state', replyTo: null, availability: 'ready', call: { ...call, phase: 'exploded' } },
            { v: 1, type: 'state', replyTo: null, availability: 'ready', call: { ...call, answeredAt: 'yesterday' } },
            { v: 1, type: 'result', replyTo: 'd', ok: 'yes' },
            { v: 1, type: 'result', replyTo: 'd', ok: false, reason: 'because' },
            { v: 1, type: 'note', requestId: 'n', callId: 'c1', text: 'x'.repeat(40000), followUp: null },
            { v: 1, type: 'note', requestId: 'n', callId: 'c1', text: 'x', followUp: { subject: 'Devis' } },
            { v: 1, type: 'recording', requestId: 'r' },
            { v: 1, type: 'surprise', requestId: 'x' }
        ]) {
            expect(readPhoneMessage(bad)).toBeNull();
        }
    });

    it('related records: ids only; relatesTo compares 15- and 18-character ids', () => {
        expect(readRelated(undefined)).toEqual({});
        expect(readRelated({ contactId: '', accountId: null })).toEqual({});
        expect(readRelated({ caseId: 12 })).toBeNull();
        expect(relatesTo({ contactId: CONTACT }, CONTACT.slice(0, 15))).toBe(true);
        expect(relatesTo({ accountId: ACCOUNT }, CONTACT)).toBe(false);
        expect(relatesTo({ accountId: ACCOUNT }, undefined)).toBe(false);
    });
});

describe('c/diamyPhoneChannel: SoftphoneLink (the record components\' side)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('no answer to the ping in time: no softphone; a softphone that starts later is heard', () => {
        const bus = new Bus();
        const views: SoftphoneView[] = [];
        const softphone = link(bus);
        softphone.onView((view) => views.push(view));
        softphone.start();
        expect(bus.last()).toMatchObject({ v: 1, type: 'ping' });
        expect(softphone.view.availability).toBe('unknown');
        jest.advanceTimersByTime(PING_TIMEOUT_MS);
        expect(softphone.view.availability).toBe('none');
        bus.publish({ v: 1, type: 'state', replyTo: null, availability: 'connecting', call: null });
        expect(softphone.view).toEqual({ availability: 'connecting', call: null });
        expect(views.map((view) => view.availability)).toEqual(['unknown', 'none', 'connecting']);
        softphone.stop();
        bus.publish({ v: 1, type: 'state', replyTo: null, availability: 'ready', call: null });
        expect(softphone.view.availability).toBe('connecting');
    });

    it('the softphone\'s answer ends the wait; a late timer does not undo it', () => {
        const bus = new Bus();
        const softphone = link(bus);
        softphone.start();
        const ping = bus.last();
        bus.publish({ v: 1, type: 'state', replyTo: ping.requestId, availability: 'ready', call: null });
        jest.advanceTimersByTime(PING_TIMEOUT_MS * 2);
        expect(softphone.view.availability).toBe('ready');
    });

    it('a dial request resolves with the softphone\'s answer to it, not another request\'s; no answer = no softphone', async () => {
        const bus = new Bus();
        const softphone = link(bus);
        softphone.start();
        const first = softphone.dial('01 45 67 89 01', 'Boulangerie Petit', { accountId: ACCOUNT });
        const request = bus.last();
        expect(request).toMatchObject({ v: 1, type: 'dial', number: '01 45 67 89 01', name: 'Boulangerie Petit', related: { accountId: ACCOUNT } });
        bus.publish({ v: 1, type: 'result', replyTo: 'someone-else', ok: false, reason: 'on_call' });
        bus.publish({ v: 1, type: 'result', replyTo: request.requestId, ok: true, reason: null, callId: 'out_1' });
        await expect(first).resolves.toEqual({ ok: true, reason: null, message: '', callId: 'out_1', url: undefined, expiresAt: undefined });
        const second = softphone.addNote('out_1', 'Rappeler', null);
        jest.advanceTimersByTime(REQUEST_TIMEOUT_MS);
        await expect(second).resolves.toEqual({ ok: false, reason: 'no_softphone', message: '' });
        const third = softphone.recording('out_1');
        softphone.stop();
        await expect(third).resolves.toMatchObject({ ok: false, reason: 'no_softphone' });
        await expect(softphone.dial('0145', '', {})).resolves.toMatchObject({ ok: false, reason: 'no_softphone' });
    });

    it('tells its listeners when a call was logged, until they leave', () => {
        const bus = new Bus();
        const softphone = link(bus);
        softphone.start();
        const logged = jest.fn();
        const leave = softphone.onLogged(logged);
        bus.publish({ v: 1, type: 'logged', diamyCallId: 'c1', related: { contactId: CONTACT } });
        bus.publish({ v: 1, type: 'logged', diamyCallId: 'c2', related: 'nonsense' });
        leave();
        bus.publish({ v: 1, type: 'logged', diamyCallId: 'c3', related: {} });
        expect(logged.mock.calls).toEqual([[{ v: 1, type: 'logged', diamyCallId: 'c1', related: { contactId: CONTACT } }]]);
    });
});
