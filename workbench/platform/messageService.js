// lightning/messageService for the workbench: the page's one message bus (lms.js: real LMS semantics — scopes,
// asynchronous delivery in publish order, a copy of the message per subscriber, a throwing listener does not stop the
// others, contexts released with their component). Publications go to the workbench log.
import { WireAdapter } from './bus.js';
import { APPLICATION_SCOPE, areaOfElement, lms } from './lms-instance.js';

export { APPLICATION_SCOPE };

/** The LWC engine hands a wire adapter its component's element under this key (engine-dom createConnector). */
const WIRED_ELEMENT_HOST = '$$DeprecatedWiredElementHostKey$$';

/**
 * @wire(MessageContext): one context per component, in the area its element is in (the record page, the utility
 * bar…), given as soon as the component connects; released (its subscriptions removed) when it disconnects.
 */
export class MessageContext extends WireAdapter {
    constructor(dataCallback, sourceContext) {
        super(dataCallback, sourceContext);
        this.host = dataCallback?.[WIRED_ELEMENT_HOST] ?? null;
        this.context = null;
    }
    connect() {
        super.connect();
        const host = this.host;
        if (this.context) lms.reviveContext(this.context);
        else this.context = lms.createContext(() => (host ? areaOfElement(host) : null));
        this.dataCallback(this.context);
    }
    disconnect() {
        super.disconnect();
        if (this.context) lms.releaseContext(this.context);
    }
}

/** For service components (no element): an ES6 library's context, always in the active area. */
export function createMessageContext() {
    return lms.createContext();
}
export function releaseMessageContext(context) {
    lms.releaseContext(context);
}
export function publish(context, channel, message) {
    lms.publish(context, channel, message);
}
export function subscribe(context, channel, listener, options) {
    return lms.subscribe(context, channel, listener, options);
}
export function unsubscribe(subscription) {
    lms.unsubscribe(subscription);
}
