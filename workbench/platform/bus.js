// The workbench's shared state between the platform test doubles and the page chrome: the configuration the
// static server hands out (sandbox URL, client credentials), and the "workbench log" every platform double writes to.
const listeners = new Set();
export const workbench = {
    config: { sandboxUrl: '', clientId: '', clientSecret: '', agentId: '' },
    entries: []
};

/** A line in the visible workbench log (navigation, utility bar, toasts, records). */
export function log(kind, detail) {
    const entry = { at: new Date().toISOString().slice(11, 19), kind, detail };
    workbench.entries.push(entry);
    for (const listener of listeners) listener(entry);
}

/** The utility bar item of the page (platformUtilityBarApi changes it; the page chrome renders it). */
export const utility = { label: 'Diamy', icon: 'call', highlighted: false, open: true };
const utilityListeners = new Set();
export function onUtilityChange(listener) {
    utilityListeners.add(listener);
}
export function utilityChanged(kind, detail) {
    log(kind, detail);
    for (const listener of utilityListeners) listener(utility);
}

export function onLog(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

/** Wire adapter base: keeps the data callback; subclasses answer update(config). */
export class WireAdapter {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.connected = false;
    }
    connect() {
        this.connected = true;
    }
    disconnect() {
        this.connected = false;
    }
    update() {}
    /**
     * Answers asynchronously, in a microtask: the answer comes from memory, as LDS answers a record or a GraphQL
     * query it holds in its cache. No pretend network time: npm run bench measures our client code, and an org adds
     * its own network and server time on top (docs/PERFORMANCE.md).
     */
    emit(value) {
        queueMicrotask(() => {
            if (this.connected) this.dataCallback(value);
        });
    }
}

/** Who shows pages (the page chrome): each listener gets the page reference and says whether it showed it. */
const navigationListeners = new Set();
export function onNavigate(listener) {
    navigationListeners.add(listener);
    return () => navigationListeners.delete(listener);
}
/** Offers a page reference to the page chrome; true when a page showed it. */
export function showPage(pageReference) {
    let shown = false;
    for (const listener of navigationListeners) shown = listener(pageReference) === true || shown;
    return shown;
}

/** The page reference of the page an element is on (the page chrome tells; null when it cannot say). */
export const pages = { referenceOf: () => null };
