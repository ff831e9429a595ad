// lightning/messageService for the workbench: one in-page bus per channel; publications are logged.
import { WireAdapter, log } from './bus.js';

export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');
const subscribers = new Map();
let nextId = 0;

export class MessageContext extends WireAdapter {
    connect() {
        super.connect();
        this.dataCallback({ workbench: true });
    }
}
export function createMessageContext() {
    return { workbench: true };
}
export function releaseMessageContext() {}

export function publish(_context, channel, message) {
    log('publish', { channel: channel?.channel, message });
    for (const subscription of subscribers.values()) {
        if (subscription.channel === channel?.channel) subscription.listener(message);
    }
}
export function subscribe(_context, channel, listener) {
    nextId += 1;
    const subscription = { id: nextId, channel: channel?.channel, listener };
    subscribers.set(subscription.id, subscription);
    return subscription;
}
export function unsubscribe(subscription) {
    if (subscription) subscribers.delete(subscription.id);
}
