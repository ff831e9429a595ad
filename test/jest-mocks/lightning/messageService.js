// Lightning Message Service as an in-memory bus: publish delivers to every live subscriber of the channel,
// so a test can check a real publisher → subscriber round trip. `__reset()` clears subscribers between tests.
// No kinder than the platform (and the workbench's lms.js): delivery is asynchronous (never inside publish, in
// publish order), each subscriber gets its own copy of the message (plain data only: anything else throws at publish), and
// a subscriber that left before delivery hears nothing.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');
export const MessageContext = createTestWireAdapter(jest.fn());

let subscriptions = [];

export const createMessageContext = jest.fn(() => ({}));
export const releaseMessageContext = jest.fn();

export const publish = jest.fn((context, channel, message) => {
    const text = message === undefined ? undefined : JSON.stringify(message);
    for (const subscription of subscriptions.filter((s) => s.channel === channel)) {
        // A promise job, not a timer: tests with fake timers still get their messages (a later job, never inline).
        Promise.resolve().then(() => {
            if (subscriptions.includes(subscription)) {
                subscription.listener(text === undefined ? undefined : JSON.parse(text));
            }
        });
    }
});

export const subscribe = jest.fn((context, channel, listener, options) => {
    const subscription = { channel, listener, options };
    subscriptions.push(subscription);
    return subscription;
});

export const unsubscribe = jest.fn((subscription) => {
    subscriptions = subscriptions.filter((s) => s !== subscription);
});

export function __reset() {
    subscriptions = [];
}

export function __subscriberCount(channel) {
    return subscriptions.filter((s) => s.channel === channel).length;
}
