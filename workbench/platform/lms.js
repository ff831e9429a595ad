// The workbench's Lightning Message Service: one bus for the page (the platform double lightning/messageService and
// the page chrome share it through this module; the LWC compiler gives lightning/messageService its own instance).
// What it models, from the documentation (developer.salesforce.com/docs/platform/lwc/guide/use-message-channel-*):
//
// - publish(context, channel, message) delivers to every subscriber of that channel in the application.
// - Scope: a subscription in the default scope receives only while its component is in the ACTIVE AREA (the
//   selected navigation tab or item — here, the page shown in the main area — and utility items, which are always
//   active; contexts that belong to no component, createMessageContext(), count as ES6 libraries: active). A
//   subscription with { scope: APPLICATION_SCOPE } receives wherever its component is, a hidden (cached) page too.
// - The message is a serializable object: it is copied at publish (later changes by the publisher do not travel)
//   and each subscriber gets its own copy (one cannot change what another reads). Anything that is not plain data
//   (a function, a class instance, a Map, a DOM node, a cycle) is refused by publish with a TypeError.
// - Delivery is ASYNCHRONOUS: publish returns before any listener runs; messages are delivered in publish order, in
//   a later task (the docs do not promise synchronous delivery, and LMS reaches Visualforce iframes and pop-out
//   utilities, which only a later task can). Who receives is decided at publish; a subscription removed before the
//   delivery receives nothing.
// - A listener that throws does not stop the others: the error is reported (an uncaught error in the console, as
//   a throwing DOM event listener is) and delivery goes on.
// - @wire(MessageContext): the context is released when the component is disconnected (its subscriptions go with
//   it: "automatically unregister when the component is destroyed"); createMessageContext() contexts live until
//   releaseMessageContext(context).
// - Every publication is kept in `publications` (channel, message, the publisher's area, how many it reached).

const CONTEXT = Symbol('workbench.lms.context');
/** subscribe(…, { scope: APPLICATION_SCOPE }): receive wherever the component is. */
export const APPLICATION_SCOPE = Symbol('APPLICATION_SCOPE');
/** How many publications the log keeps (the oldest go first). */
export const PUBLICATION_LOG_SIZE = 500;

/** The utility bar's area: always active. */
export const UTILITY_AREA = 'utility';

function isPlainObject(value) {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * A deep copy of a serializable message (objects, arrays, strings, numbers, booleans, null, undefined, dates);
 * anything else throws a TypeError naming where it is. Reads through proxies (an LWC component's reactive or
 * read-only values), which structuredClone would refuse.
 */
export function serializableCopy(value, path = 'message', seen = new Set()) {
    if (value === null || value === undefined) return value;
    switch (typeof value) {
        case 'string':
        case 'boolean':
            return value;
        case 'number':
            return value;
        case 'object':
            break;
        default:
            throw new TypeError(`lightning/messageService: ${path} is a ${typeof value}, not serializable`);
    }
    if (seen.has(value)) throw new TypeError(`lightning/messageService: ${path} refers back to itself, not serializable`);
    if (value instanceof Date) return new Date(value.getTime());
    seen.add(value);
    try {
        if (Array.isArray(value)) return value.map((item, index) => serializableCopy(item, `${path}[${index}]`, seen));
        if (!isPlainObject(value)) {
            const kind = value.constructor?.name ?? 'object';
            throw new TypeError(`lightning/messageService: ${path} is a ${kind}, not a plain object`);
        }
        const copy = {};
        for (const key of Object.keys(value)) copy[key] = serializableCopy(value[key], `${path}.${key}`, seen);
        return copy;
    } finally {
        seen.delete(value);
    }
}

function defaultReport(error) {
    if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
    else
        setTimeout(() => {
            throw error;
        }, 0);
}

/**
 * A message bus with LMS semantics. `schedule(run)` runs a delivery later (default: a new task); `report(error)`
 * reports a listener's error; `log(kind, detail)` writes a line of the workbench log.
 */
export function createMessageBus({ schedule = (run) => setTimeout(run, 0), report = defaultReport, log = () => {} } = {}) {
    const subscriptions = new Set();
    const publications = [];
    const queue = [];
    let flushing = false;
    let activeArea = null;
    let nextContextId = 0;

    const stateOf = (context) => (context && typeof context === 'object' ? context[CONTEXT] : undefined);

    function liveState(context, what) {
        const state = stateOf(context);
        if (!state) throw new TypeError(`lightning/messageService: ${what} needs a MessageContext (got ${String(context)})`);
        return state;
    }

    function channelName(channel, what) {
        const name = channel && typeof channel === 'object' ? channel.channel : undefined;
        if (typeof name !== 'string' || name === '') {
            throw new TypeError(`lightning/messageService: ${what} needs a message channel (@salesforce/messageChannel/…)`);
        }
        return name;
    }

    function isActive(area) {
        return area === null || area === undefined || area === UTILITY_AREA || area === activeArea;
    }

    function receives(subscription) {
        return subscription.application || isActive(subscription.state.area());
    }

    function flush() {
        flushing = false;
        // One publication per task, in order; a publication made by a listener waits for the next task.
        const next = queue.shift();
        if (queue.length > 0) {
            flushing = true;
            schedule(flush);
        }
        if (!next) return;
        for (const subscription of next.targets) {
            if (!subscriptions.has(subscription)) continue; // unsubscribed (or its context released) meanwhile
            try {
                subscription.listener(structuredClone(next.snapshot));
            } catch (error) {
                report(error);
            }
        }
    }

    return {
        /** The area shown in the main area (a page), or null when none. */
        get activeArea() {
            return activeArea;
        },
        setActiveArea(area) {
            activeArea = area ?? null;
        },
        publications,
        /** How many subscriptions are live (on `channel` when given). */
        subscriberCount(channel) {
            return [...subscriptions].filter((s) => channel === undefined || s.channel === channel).length;
        },

        /** A context; `area()` says where its component is (null: no component, always active). */
        createContext(area = () => null) {
            nextContextId += 1;
            const state = { id: nextContextId, area, released: false };
            return Object.freeze({ [CONTEXT]: state });
        },
        /** Removes the context's subscriptions; it can be revived (a component connected again). */
        releaseContext(context) {
            const state = stateOf(context);
            if (!state) return;
            state.released = true;
            for (const subscription of [...subscriptions]) {
                if (subscription.state === state) subscriptions.delete(subscription);
            }
        },
        reviveContext(context) {
            const state = stateOf(context);
            if (state) state.released = false;
        },

        publish(context, channel, message) {
            const state = liveState(context, 'publish');
            const name = channelName(channel, 'publish');
            const snapshot = serializableCopy(message);
            const targets = [...subscriptions].filter((s) => s.channel === name && receives(s));
            const entry = { channel: name, message: snapshot, from: state.area() ?? 'app', delivered: targets.length };
            publications.push(entry);
            if (publications.length > PUBLICATION_LOG_SIZE) publications.splice(0, publications.length - PUBLICATION_LOG_SIZE);
            log('publish', entry);
            queue.push({ snapshot, targets });
            if (!flushing) {
                flushing = true;
                schedule(flush);
            }
        },

        subscribe(context, channel, listener, options) {
            const state = liveState(context, 'subscribe');
            const name = channelName(channel, 'subscribe');
            if (typeof listener !== 'function') throw new TypeError('lightning/messageService: subscribe needs a listener function');
            const subscription = { channel: name, listener, state, application: options?.scope === APPLICATION_SCOPE };
            if (state.released) {
                // A component that is no longer connected: the subscription would never be released.
                log('subscribe refused', { channel: name, reason: 'MessageContext released' });
                return Object.freeze({ channel: name });
            }
            subscriptions.add(subscription);
            return subscription;
        },

        unsubscribe(subscription) {
            if (subscription) subscriptions.delete(subscription);
        }
    };
}

/** The area of an element: the nearest `data-lms-area` up its tree, through shadow roots; null outside any area. */
export function areaOfElement(element) {
    let node = element;
    while (node) {
        if (node.nodeType === 1 && node.hasAttribute('data-lms-area')) return node.getAttribute('data-lms-area');
        if (node.parentNode) node = node.parentNode;
        else if (node.host) node = node.host;
        else return null;
    }
    return null;
}
