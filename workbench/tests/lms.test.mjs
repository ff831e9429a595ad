// The workbench's Lightning Message Service (workbench/platform/lms.js): what a component on a record page or in the
// utility bar can rely on, and what it cannot (synchronous delivery, sharing a message object, hidden pages hearing
// active-scope messages).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_SCOPE, UTILITY_AREA, createMessageBus, serializableCopy } from '../platform/lms.js';

const PHONE = { channel: 'Diamy_Phone__c' };
const OTHER = { channel: 'Other__c' };

/** A bus whose deliveries run when the test says (tick), and whose listener errors are collected. */
function testBus() {
    const tasks = [];
    const errors = [];
    const lines = [];
    const bus = createMessageBus({
        schedule: (run) => tasks.push(run),
        report: (error) => errors.push(error),
        log: (kind, detail) => lines.push({ kind, detail })
    });
    const tick = () => {
        const run = tasks.shift();
        if (run) run();
        return Boolean(run);
    };
    const drain = () => {
        while (tick());
    };
    return { bus, tasks, errors, lines, tick, drain };
}

describe('lms: delivery', () => {
    it('delivers a publication to every subscriber of the channel, not to other channels, after publish returned', () => {
        const { bus, drain } = testBus();
        const a = bus.createContext();
        const heard = [];
        bus.subscribe(a, PHONE, (m) => heard.push(['one', m]));
        bus.subscribe(a, PHONE, (m) => heard.push(['two', m]));
        bus.subscribe(a, OTHER, (m) => heard.push(['other', m]));
        bus.publish(a, PHONE, { v: 1, type: 'ping' });
        assert.deepEqual(heard, [], 'nothing is delivered before publish returns');
        drain();
        assert.deepEqual(heard, [
            ['one', { v: 1, type: 'ping' }],
            ['two', { v: 1, type: 'ping' }]
        ]);
    });

    it('keeps publish order, one publication per task; a publication made by a listener comes after', () => {
        const { bus, tick, tasks } = testBus();
        const ctx = bus.createContext();
        const heard = [];
        bus.subscribe(ctx, PHONE, (m) => {
            heard.push(m.n);
            if (m.n === 1) bus.publish(ctx, PHONE, { n: 3 });
        });
        bus.publish(ctx, PHONE, { n: 1 });
        bus.publish(ctx, PHONE, { n: 2 });
        assert.equal(tasks.length, 1);
        tick();
        assert.deepEqual(heard, [1]);
        tick();
        assert.deepEqual(heard, [1, 2]);
        tick();
        assert.deepEqual(heard, [1, 2, 3]);
        assert.equal(tick(), false, 'nothing left');
    });

    it('gives every subscriber its own copy, taken at publish: neither the publisher nor a subscriber can change what another reads', () => {
        const { bus, drain } = testBus();
        const ctx = bus.createContext();
        const message = { v: 1, related: { contactId: '003WB0000000001AAA' } };
        const seen = [];
        bus.subscribe(ctx, PHONE, (m) => {
            seen.push(structuredClone(m));
            m.related.contactId = 'changed by the first';
        });
        bus.subscribe(ctx, PHONE, (m) => seen.push(m));
        bus.publish(ctx, PHONE, message);
        message.related.contactId = 'changed by the publisher';
        drain();
        assert.deepEqual(seen[0], { v: 1, related: { contactId: '003WB0000000001AAA' } });
        assert.deepEqual(seen[1], { v: 1, related: { contactId: '003WB0000000001AAA' } });
    });

    it('goes on delivering when a listener throws, and reports the error', () => {
        const { bus, drain, errors } = testBus();
        const ctx = bus.createContext();
        const heard = [];
        bus.subscribe(ctx, PHONE, () => {
            throw new Error('boom');
        });
        bus.subscribe(ctx, PHONE, (m) => heard.push(m.type));
        bus.publish(ctx, PHONE, { type: 'state' });
        drain();
        assert.deepEqual(heard, ['state']);
        assert.equal(errors.length, 1);
        assert.equal(errors[0].message, 'boom');
    });

    it('does not deliver to a subscription removed between publish and delivery, nor to one added after publish', () => {
        const { bus, drain } = testBus();
        const ctx = bus.createContext();
        const heard = [];
        const gone = bus.subscribe(ctx, PHONE, () => heard.push('gone'));
        bus.publish(ctx, PHONE, { type: 'ping' });
        bus.unsubscribe(gone);
        bus.subscribe(ctx, PHONE, () => heard.push('late'));
        drain();
        assert.deepEqual(heard, []);
        bus.unsubscribe(gone); // twice is harmless
        bus.unsubscribe(null);
    });
});

describe('lms: scopes', () => {
    it('active scope (the default): only the page shown and the utility bar hear it; application scope hears it everywhere', () => {
        const { bus, drain } = testBus();
        const areas = { shown: 'page:003A', hidden: 'page:001B', utility: UTILITY_AREA };
        bus.setActiveArea(areas.shown);
        const heard = [];
        for (const [name, area] of Object.entries(areas)) {
            const ctx = bus.createContext(() => area);
            bus.subscribe(ctx, PHONE, () => heard.push(`${name} active`));
            bus.subscribe(ctx, PHONE, () => heard.push(`${name} application`), { scope: APPLICATION_SCOPE });
        }
        const library = bus.createContext();
        bus.subscribe(library, PHONE, () => heard.push('library active'));
        bus.publish(library, PHONE, { type: 'ping' });
        drain();
        assert.deepEqual(heard.sort(), [
            'hidden application',
            'library active',
            'shown active',
            'shown application',
            'utility active',
            'utility application'
        ]);
    });

    it('follows the page shown: after navigation the other page hears active-scope messages', () => {
        const { bus, drain } = testBus();
        const heard = [];
        const onContact = bus.createContext(() => 'page:003A');
        bus.subscribe(onContact, PHONE, (m) => heard.push(m.n));
        const softphone = bus.createContext(() => UTILITY_AREA);
        bus.setActiveArea('page:home');
        bus.publish(softphone, PHONE, { n: 1 });
        bus.setActiveArea('page:003A');
        bus.publish(softphone, PHONE, { n: 2 });
        drain();
        assert.deepEqual(heard, [2]);
    });

    it('an unknown scope value is the default (active) scope', () => {
        const { bus, drain } = testBus();
        bus.setActiveArea('page:home');
        const heard = [];
        const hidden = bus.createContext(() => 'page:003A');
        bus.subscribe(hidden, PHONE, () => heard.push('x'), { scope: 'APPLICATION' });
        bus.publish(bus.createContext(), PHONE, {});
        drain();
        assert.deepEqual(heard, []);
    });
});

describe('lms: contexts, channels, messages', () => {
    it('releasing a context removes its subscriptions (a disconnected component hears nothing); a revived context subscribes again', () => {
        const { bus, drain, lines } = testBus();
        const ctx = bus.createContext();
        const heard = [];
        bus.subscribe(ctx, PHONE, () => heard.push('before'));
        assert.equal(bus.subscriberCount('Diamy_Phone__c'), 1);
        bus.releaseContext(ctx);
        assert.equal(bus.subscriberCount('Diamy_Phone__c'), 0);
        bus.subscribe(ctx, PHONE, () => heard.push('while released'));
        assert.equal(bus.subscriberCount(), 0, 'a released context cannot subscribe');
        assert.ok(lines.some((l) => l.kind === 'subscribe refused'));
        bus.reviveContext(ctx);
        bus.subscribe(ctx, PHONE, () => heard.push('after'));
        bus.publish(ctx, PHONE, {});
        drain();
        assert.deepEqual(heard, ['after']);
    });

    it('refuses a missing context, a missing channel and a listener that is not a function', () => {
        const { bus } = testBus();
        const ctx = bus.createContext();
        assert.throws(() => bus.publish(undefined, PHONE, {}), /needs a MessageContext/);
        assert.throws(() => bus.subscribe({}, PHONE, () => {}), /needs a MessageContext/);
        assert.throws(() => bus.publish(ctx, undefined, {}), /needs a message channel/);
        assert.throws(() => bus.subscribe(ctx, {}, () => {}), /needs a message channel/);
        assert.throws(() => bus.subscribe(ctx, PHONE, 'handler'), /listener function/);
    });

    it('refuses a message that is not serializable, naming where, and delivers nothing of it', () => {
        const { bus, tasks } = testBus();
        const ctx = bus.createContext();
        bus.subscribe(ctx, PHONE, () => assert.fail('delivered'));
        assert.throws(() => bus.publish(ctx, PHONE, { call: { onEnd: () => {} } }), /message\.call\.onEnd is a function/);
        assert.throws(() => bus.publish(ctx, PHONE, { at: new Map() }), /message\.at is a Map/);
        const cycle = { v: 1 };
        cycle.self = cycle;
        assert.throws(() => bus.publish(ctx, PHONE, cycle), /refers back to itself/);
        assert.equal(tasks.length, 0);
        assert.equal(bus.publications.length, 0);
    });

    it('copies plain data through proxies (a component’s read-only values) and keeps shared, non-cyclic references', () => {
        const related = { accountId: '001WB0000000002AAA' };
        const readOnly = new Proxy({ v: 1, related, again: related, list: [1, 'a', null, undefined, true] }, {
            set: () => false
        });
        const copy = serializableCopy(readOnly);
        assert.deepEqual(copy, { v: 1, related, again: related, list: [1, 'a', null, undefined, true] });
        assert.notEqual(copy.related, related);
        assert.equal(serializableCopy(undefined), undefined);
    });

    it('keeps a bounded publication log with the channel, the message, the publisher’s area and how many it reached', () => {
        const { bus, drain, lines } = testBus();
        bus.setActiveArea('page:home');
        const softphone = bus.createContext(() => UTILITY_AREA);
        bus.subscribe(bus.createContext(() => 'page:home'), PHONE, () => {});
        bus.publish(softphone, PHONE, { type: 'state' });
        drain();
        assert.deepEqual(bus.publications[0], { channel: 'Diamy_Phone__c', message: { type: 'state' }, from: 'utility', delivered: 1 });
        assert.equal(lines.filter((l) => l.kind === 'publish').length, 1);
        for (let i = 0; i < 600; i += 1) bus.publish(softphone, OTHER, { i });
        assert.equal(bus.publications.length, 500);
        assert.equal(bus.publications.at(-1).message.i, 599);
    });
});
