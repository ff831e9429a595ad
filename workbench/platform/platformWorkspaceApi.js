// lightning/platformWorkspaceApi for the workbench: a standard (non-console) app, so IsConsoleNavigation is
// false; tab calls are logged.
import { WireAdapter, log } from './bus.js';

export class IsConsoleNavigation extends WireAdapter {
    connect() {
        super.connect();
        this.emit(false);
    }
}
export class EnclosingTabId extends WireAdapter {
    connect() {
        super.connect();
        this.emit(null);
    }
}
export function getAllTabInfo() {
    return Promise.resolve([]);
}
export function openTab(options) {
    log('openTab', options);
    return Promise.resolve('workbench-tab-1');
}
export function focusTab(tabId) {
    log('focusTab', { tabId });
    return Promise.resolve();
}
