// The Open CTI click-to-dial bridge (docs/OPEN-CTI.md): the static resource DiamyOpenCtiBridge.js, run as the browser
// runs it (a classic script in its own global, here a node:vm context) against a double of sforce.opencti that is
// no kinder than Open CTI: callbacks arrive later (never during the call), messages are serialised (structuredClone)
// and every subscriber of a channel hears every message, its own included. What it publishes is read with the
// contract's own reader (c/diamyPhoneChannel readPhoneMessage, the TypeScript source through tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT = path.join(ROOT, 'force-app', 'main', 'default');
const SCRIPT = path.join(DEFAULT, 'staticresources', 'DiamyOpenCtiBridge.js');
const PAGE = path.join(DEFAULT, 'pages', 'DiamyClickToDialBridge.page');
const CHANNEL = 'Diamy_Phone__c';

const { readPhoneMessage } = await tsImport(
    pathToFileURL(path.join(DEFAULT, 'lwc', 'diamyPhoneChannel', 'diamyPhoneChannel.ts')).href,
    import.meta.url
);

const LABELS = {
    idle: 'Phone numbers dial with Diamy.',
    dialing: 'Calling {0}…',
    noSoftphone: 'The Diamy softphone did not answer.',
    invalidNumber: 'This phone number cannot be dialled.',
    failed: 'The call could not be passed to the Diamy softphone.',
    onCall: 'You are already on a call.',
    connecting: 'The Diamy softphone is connecting.',
    offline: 'The Diamy softphone is offline.',
    otherTab: 'The phone is handled in another tab.',
    notInPanel: 'Only in the Open CTI softphone panel.'
};

/** The bridge script loaded in a fresh global, as a browser would (no module, no require). */
function loadScript(globals = {}) {
    const context = vm.createContext({ ...globals });
    vm.runInContext(readFileSync(SCRIPT, 'utf8'), context, { filename: SCRIPT });
    return context;
}

/** Lets every pending callback of the double run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A double of sforce.opencti (API 66.0, Lightning): click-to-dial, panel visibility and the Lightning Message
 * Service methods. `subscribeFails` / `publishFails` make the platform refuse.
 */
function fakeOpenCti({ subscribeFails = false, publishFails = false } = {}) {
    /** @type {Map<string, Set<(m: unknown) => void>>} */
    const channels = new Map();
    const later = (fn) => setImmediate(fn);
    const calls = { enabled: 0, visibility: /** @type {boolean[]} */ ([]), published: /** @type {unknown[]} */ ([]) };
    let clickListener = null;
    const api = {
        calls,
        enableClickToDial({ callback }) {
            calls.enabled += 1;
            later(() => callback({ success: true, returnValue: null, errors: null }));
        },
        onClickToDial({ listener }) {
            clickListener = listener;
        },
        setSoftphonePanelVisibility({ visible, callback }) {
            calls.visibility.push(visible);
            later(() => callback({ success: true, returnValue: null, errors: null }));
        },
        subscribe({ channelName, listener, callback }) {
            later(() => {
                if (subscribeFails) {
                    callback({ success: false, returnValue: null, errors: [{ description: 'channel not available' }] });
                    return;
                }
                const set = channels.get(channelName) ?? new Set();
                set.add(listener);
                channels.set(channelName, set);
                callback({ success: true, subscription: { channelName, listener }, errors: null });
            });
        },
        unsubscribe({ subscription, callback }) {
            channels.get(subscription.channelName)?.delete(subscription.listener);
            later(() => callback({ success: true, returnValue: null, errors: null }));
        },
        publish({ channelName, message, callback }) {
            const copy = structuredClone(message);
            calls.published.push(copy);
            later(() => {
                if (publishFails) {
                    callback({ success: false, returnValue: null, errors: [{ description: 'publish failed' }] });
                    return;
                }
                for (const listener of channels.get(channelName) ?? []) listener(structuredClone(copy));
                callback({ success: true, returnValue: null, errors: null });
            });
        },
        /** The agent clicks an enabled phone number (Open CTI calls the registered listener). */
        click(payload) {
            assert.ok(clickListener, 'no onClickToDial listener registered');
            clickListener(payload);
        },
        /** Another component on the channel (the softphone), hearing everything. */
        join(listener) {
            const set = channels.get(CHANNEL) ?? new Set();
            set.add(listener);
            channels.set(CHANNEL, set);
            return (message) => api.publish({ channelName: CHANNEL, message, callback: () => {} });
        }
    };
    return api;
}

/** Manual timers: nothing fires until the test says so. */
function manualTimers() {
    const timers = new Map();
    let next = 0;
    return {
        setTimer: (callback, ms) => {
            next += 1;
            timers.set(next, { callback, ms });
            return next;
        },
        clearTimer: (id) => timers.delete(id),
        fireAll() {
            for (const [id, { callback }] of [...timers]) {
                timers.delete(id);
                callback();
            }
        },
        get count() {
            return timers.size;
        }
    };
}

/** A started bridge with its double, the panel's text and manual timers. */
async function started(options = {}) {
    const { DiamyOpenCtiBridge } = loadScript();
    const opencti = fakeOpenCti(options);
    const timers = manualTimers();
    const shown = [];
    let n = 0;
    const bridge = DiamyOpenCtiBridge.createBridge({
        opencti,
        labels: LABELS,
        show: (text) => shown.push(text),
        setTimer: timers.setTimer,
        clearTimer: timers.clearTimer,
        newId: () => `req_${++n}`
    });
    bridge.start();
    await settle();
    return { bridge, opencti, timers, shown, last: () => shown[shown.length - 1] };
}

/** A softphone on the channel that answers every dial with `answer(dial)` (or stays silent when it returns null). */
function softphone(opencti, answer) {
    const heard = [];
    const send = opencti.join((raw) => {
        const message = readPhoneMessage(raw);
        if (!message || message.type !== 'dial') return;
        heard.push(message);
        const reply = answer(message);
        if (reply) send({ v: 1, type: 'result', replyTo: message.requestId, ...reply });
    });
    return heard;
}

const CONTACT = {
    number: '+33 1 23 45 67 89',
    recordId: '003000000000001AAA',
    recordName: 'Camille Martin',
    objectType: 'Contact'
};

test('on start it subscribes to Diamy_Phone__c, registers its click listener, enables click-to-dial and says what it does', async () => {
    const { opencti, last } = await started();
    assert.equal(opencti.calls.enabled, 1);
    assert.equal(last(), LABELS.idle);
    assert.deepEqual(opencti.calls.visibility, [], 'the panel is not opened on start');
});

test('a click on a contact phone is published as the contract dial request, which the softphone side reads', async () => {
    const { opencti } = await started();
    const heard = softphone(opencti, () => null);
    opencti.click(CONTACT);
    await settle();
    assert.equal(opencti.calls.published.length, 1);
    const dial = readPhoneMessage(opencti.calls.published[0]);
    assert.deepEqual(dial, {
        v: 1,
        type: 'dial',
        requestId: 'req_1',
        number: '+33 1 23 45 67 89',
        name: 'Camille Martin',
        related: { contactId: '003000000000001AAA' }
    });
    assert.deepEqual(heard, [dial]);
});

test('every supported record relates the call through its key prefix; others relate it to nothing', async () => {
    const { DiamyOpenCtiBridge } = loadScript();
    const related = (recordId, extra = {}) => ({ ...DiamyOpenCtiBridge.relatedFromClick({ number: '1', recordId, ...extra }) });
    assert.deepEqual(related('003000000000001AAA'), { contactId: '003000000000001AAA' });
    assert.deepEqual(related('001000000000001AAA'), { accountId: '001000000000001AAA' });
    assert.deepEqual(related('00Q000000000001AAA'), { leadId: '00Q000000000001AAA' });
    assert.deepEqual(related('006000000000001AAA'), { opportunityId: '006000000000001AAA' });
    assert.deepEqual(related('500000000000001AAA'), { caseId: '500000000000001AAA' });
    assert.deepEqual(related('5000000000000AB'), { caseId: '5000000000000AB' }, '15-character ids are ids');
    // A user, a task, a custom object: dialled, related to nothing.
    assert.deepEqual(related('005000000000001AAA'), {});
    assert.deepEqual(related('00T000000000001AAA'), {});
    assert.deepEqual(related('a01000000000001AAA'), {});
    // Malformed ids are never passed on (the contract's reader would refuse the whole dial).
    assert.deepEqual(related('003xyz'), {});
    assert.deepEqual(related('003000000000001AAA<script>'), {});
    assert.deepEqual(related(undefined), {});
    // A person account: its account and its contact.
    assert.deepEqual(
        related('001000000000002AAA', { personAccount: true, accountId: '001000000000002AAA', contactId: '003000000000002AAA' }),
        {
            accountId: '001000000000002AAA',
            contactId: '003000000000002AAA'
        }
    );
    assert.deepEqual(related('001000000000002AAA', { personAccount: true, accountId: '003000000000002AAA', contactId: 'x' }), {
        accountId: '001000000000002AAA'
    });
    assert.deepEqual(related('001000000000002AAA', { personAccount: false, contactId: '003000000000002AAA' }), {
        accountId: '001000000000002AAA'
    });
});

test('a number given as a JavaScript number is dialled as its digits; blanks around a number are trimmed', async () => {
    const { DiamyOpenCtiBridge } = loadScript();
    assert.equal(DiamyOpenCtiBridge.dialMessageFromClick({ number: 33123456789 }, 'r').number, '33123456789');
    assert.equal(DiamyOpenCtiBridge.dialMessageFromClick({ number: '  0123456789 ' }, 'r').number, '0123456789');
    assert.equal(DiamyOpenCtiBridge.dialMessageFromClick({ number: '0123456789' }, 'r').name, '', 'no record name: empty name');
    assert.equal(
        DiamyOpenCtiBridge.dialMessageFromClick({ number: '0123456789', recordName: 'x'.repeat(300) }, 'r').name.length,
        255
    );
});

test('a click without a number the contract accepts is refused in the panel and nothing is published', async () => {
    for (const payload of [
        {},
        { number: '' },
        { number: '   ' },
        { number: null },
        { number: Number.NaN },
        { number: { digits: '0123' } },
        { number: '1'.repeat(65) },
        null,
        'not an object'
    ]) {
        const { opencti, last, timers } = await started();
        opencti.click(payload);
        await settle();
        assert.deepEqual(opencti.calls.published, [], JSON.stringify(payload));
        assert.equal(last(), LABELS.invalidNumber);
        assert.deepEqual(opencti.calls.visibility, [true], 'the panel opens to say why');
        assert.equal(timers.count, 0);
    }
});

test('the softphone placed the call: the panel goes back to its idle text and closes', async () => {
    const { opencti, shown, last, bridge } = await started();
    softphone(opencti, () => ({ ok: true, reason: null, message: '', callId: 'call_1' }));
    opencti.click(CONTACT);
    assert.equal(last(), 'Calling Camille Martin…', 'while it waits the panel names who is called');
    await settle();
    await settle();
    assert.equal(last(), LABELS.idle);
    assert.deepEqual(opencti.calls.visibility, [false]);
    assert.equal(bridge.pendingCount(), 0);
    assert.ok(!shown.includes(LABELS.noSoftphone));
});

test('while it waits, a number without a record name is shown as the number', async () => {
    const { opencti, last } = await started();
    opencti.click({ number: '0612345678' });
    assert.equal(last(), 'Calling 0612345678…');
});

test('the softphone refused (already on a call): its own localised message is shown and the panel opens', async () => {
    const { opencti, last, bridge } = await started();
    softphone(opencti, () => ({ ok: false, reason: 'on_call', message: 'Vous êtes déjà en communication.' }));
    opencti.click(CONTACT);
    await settle();
    await settle();
    assert.equal(last(), 'Vous êtes déjà en communication.');
    assert.deepEqual(opencti.calls.visibility, [true]);
    assert.equal(bridge.pendingCount(), 0);
});

test('a refusal without a message (as the softphone sends them) is said with the label of its reason', async () => {
    for (const [reason, label] of [
        ['no_softphone', LABELS.noSoftphone],
        ['on_call', LABELS.onCall],
        ['connecting', LABELS.connecting],
        ['offline', LABELS.offline],
        ['other_tab', LABELS.otherTab],
        ['invalid_number', LABELS.invalidNumber],
        ['failed', LABELS.failed],
        ['no_call', LABELS.failed],
        ['toString', LABELS.failed],
        [null, LABELS.failed]
    ]) {
        const { opencti, last } = await started();
        softphone(opencti, () => ({ ok: false, reason, message: '' }));
        opencti.click(CONTACT);
        await settle();
        await settle();
        assert.equal(last(), label, String(reason));
        assert.deepEqual(opencti.calls.visibility, [true]);
    }
});

test('no softphone on the page: after the wait the panel says so and opens; a late answer changes nothing', async () => {
    const { opencti, timers, last, bridge, shown } = await started();
    const late = opencti.join(() => {});
    opencti.click(CONTACT);
    await settle();
    assert.equal(timers.count, 1);
    timers.fireAll();
    assert.equal(last(), LABELS.noSoftphone);
    assert.deepEqual(opencti.calls.visibility, [true]);
    assert.equal(bridge.pendingCount(), 0);
    const before = shown.length;
    late({ v: 1, type: 'result', replyTo: 'req_1', ok: true, reason: null, message: '' });
    await settle();
    await settle();
    assert.equal(shown.length, before, 'an answer after the wait is ignored');
    assert.deepEqual(opencti.calls.visibility, [true]);
});

test('answers to other requests, other message types, other versions and its own dial echo are ignored', async () => {
    const { opencti, bridge, last } = await started();
    const send = opencti.join(() => {});
    opencti.click(CONTACT);
    await settle();
    for (const message of [
        { v: 1, type: 'result', replyTo: 'req_999', ok: true, reason: null, message: '' },
        { v: 2, type: 'result', replyTo: 'req_1', ok: true, reason: null, message: '' },
        { v: 1, type: 'result', replyTo: 'req_1', ok: 'yes', reason: null, message: '' },
        { v: 1, type: 'state', replyTo: null, availability: 'ready', call: null },
        { v: 1, type: 'logged', diamyCallId: 'c', related: {} },
        'text',
        null
    ]) {
        send(message);
    }
    await settle();
    await settle();
    assert.equal(bridge.pendingCount(), 1, 'still waiting for its own answer');
    assert.equal(last(), 'Calling Camille Martin…');
    assert.deepEqual(opencti.calls.visibility, []);
});

test('Open CTI refuses the publish: the panel says the call was not passed on, at once, and stops waiting', async () => {
    const { opencti, last, bridge, timers } = await started({ publishFails: true });
    opencti.click(CONTACT);
    await settle();
    assert.equal(last(), LABELS.failed);
    assert.deepEqual(opencti.calls.visibility, [true]);
    assert.equal(bridge.pendingCount(), 0);
    assert.equal(timers.count, 0);
});

test('the subscription failed: a click is refused at once (no answer could come back) and nothing is published', async () => {
    const { opencti, last } = await started({ subscribeFails: true });
    assert.equal(last(), LABELS.failed, 'the panel says it on start');
    opencti.click(CONTACT);
    await settle();
    assert.deepEqual(opencti.calls.published, []);
    assert.equal(last(), LABELS.failed);
    assert.deepEqual(opencti.calls.visibility, [true]);
});

test('stop unsubscribes and forgets pending requests (no message after the page is gone)', async () => {
    const { opencti, bridge, timers, shown } = await started();
    opencti.click(CONTACT);
    await settle();
    bridge.stop();
    await settle();
    assert.equal(bridge.pendingCount(), 0);
    assert.equal(timers.count, 0);
    const before = shown.length;
    opencti.join(() => {})({ v: 1, type: 'result', replyTo: 'req_1', ok: false, reason: 'failed', message: 'late' });
    await settle();
    assert.equal(shown.length, before);
});

test('the page outside Open CTI (opened by its URL): it says where it works and registers nothing', () => {
    const element = { textContent: '' };
    const { DiamyOpenCtiBridge } = loadScript();
    assert.equal(DiamyOpenCtiBridge.startPage({ element, labels: LABELS, global: {} }), null);
    assert.equal(element.textContent, LABELS.notInPanel);
    assert.equal(DiamyOpenCtiBridge.startPage({ element, labels: LABELS, global: { sforce: { opencti: {} } } }), null);
});

test('on the page, text reaches the panel only as text (textContent), never as HTML', async () => {
    const writes = [];
    const element = new Proxy(
        {},
        {
            set(target, key, value) {
                if (key !== 'textContent') throw new Error(`the bridge wrote ${String(key)}`);
                writes.push(value);
                return true;
            }
        }
    );
    const opencti = fakeOpenCti();
    const listeners = [];
    // A browser global has timers; the bridge's default wait uses them.
    const { DiamyOpenCtiBridge } = loadScript({ setTimeout, clearTimeout });
    const labels = { ...LABELS, dialing: '<img src=x onerror=alert(1)> {0}' };
    const bridge = DiamyOpenCtiBridge.startPage({
        element,
        labels,
        global: { sforce: { opencti }, addEventListener: (type, fn) => listeners.push([type, fn]) }
    });
    assert.ok(bridge);
    await settle();
    opencti.click({ ...CONTACT, recordName: '<b>Camille</b>' });
    assert.deepEqual(writes, [LABELS.idle, '<img src=x onerror=alert(1)> <b>Camille</b>']);
    assert.deepEqual(
        listeners.map(([type]) => type),
        ['pagehide'],
        'the page stops the bridge when it goes away'
    );
    bridge.stop();
});

test('the Visualforce page passes every label the script reads, each a Custom Label of the package, and loads Open CTI 66.0 first', () => {
    const page = readFileSync(PAGE, 'utf8');
    const labelsFile = readFileSync(path.join(DEFAULT, 'labels', 'CustomLabels.labels-meta.xml'), 'utf8');
    const passed = [...page.matchAll(/^\s*(\w+): '\{!JSENCODE\(\$Label\.(\w+)\)\}'/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(passed.map(([key]) => key).sort(), Object.keys(LABELS).sort());
    for (const [, label] of passed) assert.match(labelsFile, new RegExp(`<fullName>${label}</fullName>`), label);
    const opencti = page.indexOf('/support/api/66.0/lightning/opencti_min.js');
    const bridge = page.indexOf('{!$Resource.DiamyOpenCtiBridge}');
    const start = page.indexOf('DiamyOpenCtiBridge.startPage(');
    assert.ok(opencti > 0 && bridge > opencti && start > bridge, 'Open CTI, then the bridge, then the start');
    // The script's labels all come from the page: a label the script reads but the page does not pass shows "undefined".
    const script = readFileSync(SCRIPT, 'utf8');
    const read = new Set([...script.matchAll(/labels\.(\w+)/g)].map((m) => m[1]));
    // Refusals are said with labels chosen by reason (labels[key]).
    for (const key of Object.values(loadScript().DiamyOpenCtiBridge.REFUSAL_LABELS)) read.add(key);
    assert.deepEqual([...read].sort(), Object.keys(LABELS).sort());
});

test('the script is a classic browser script: it runs in a bare global and exposes DiamyOpenCtiBridge there', () => {
    const context = loadScript();
    assert.equal(typeof context.DiamyOpenCtiBridge.startPage, 'function');
    assert.equal(context.DiamyOpenCtiBridge.CHANNEL_NAME, CHANNEL);
    assert.equal(context.DiamyOpenCtiBridge.REQUEST_TIMEOUT_MS, 8000);
});
