// Keeps the workbench's in-memory org (platform/org.js, the jest suites' FakeOrg) alive across page reloads and
// shared by the tabs of one browser, as Salesforce's org is: its records are copied to localStorage after every
// save, read back when the page starts, and re-read when another tab of the workbench saved. The copy is keyed by
// the sandbox run (GET /sandbox/state → instance_id) and the page's agent (?agent=), so a sandbox reset or a new
// `npm start` starts a new org, and two agents' tabs in one browser keep apart (the org they share is the org server).
// Page chrome only: the softphone sees nothing of this (it talks to lightning/uiRecordApi and lightning/graphql).
import { org } from '../platform/org.js';

const PREFIX = 'workbench.org.';

/** What is kept of the FakeOrg: its records and the counter its record ids come from (TypeScript-private, plain JS here). */
function snapshot() {
    return { records: org.records, counter: org.counter ?? 0 };
}

function read(key) {
    try {
        const stored = JSON.parse(globalThis.localStorage.getItem(key) ?? 'null');
        return stored && Array.isArray(stored.records) ? stored : null;
    } catch {
        return null;
    }
}

/**
 * Restores the org of this sandbox run and keeps it stored. `onChange` runs when another tab changed it.
 * Records this tab saved win over the stored ones (a record is only ever written by the tab that owns the phone);
 * records only the other tabs know are added.
 * @returns {{ key: string, save(touchedId?: string): void }}
 */
export function keepOrg(instanceId, onChange) {
    const key = `${PREFIX}${instanceId}`;
    // `instanceId` is '<sandbox run>.agent<n>': each agent's page keeps its own copy (its own record ids); copies of
    // an older sandbox run are dropped, those of the other agents of this run kept.
    const run = `${PREFIX}${String(instanceId).split('.')[0]}`;
    const storage = globalThis.localStorage;
    for (let i = storage.length - 1; i >= 0; i -= 1) {
        const name = storage.key(i);
        if (name?.startsWith(PREFIX) && name !== key && !name.startsWith(`${run}.`)) storage.removeItem(name);
    }
    const touched = new Set();
    const load = () => {
        const stored = read(key);
        if (!stored) return;
        const mine = org.records.filter((r) => touched.has(r.id));
        const theirs = stored.records.filter((r) => !touched.has(r.id));
        // Record ids end with the org's counter: sorting by it keeps the creation order.
        org.records = [...theirs, ...mine].sort((a, b) => Number(a.id.slice(-11)) - Number(b.id.slice(-11)));
        org.counter = Math.max(org.counter ?? 0, stored.counter ?? 0);
    };
    const save = (touchedId) => {
        if (touchedId) touched.add(touchedId);
        load();
        try {
            storage.setItem(key, JSON.stringify(snapshot()));
        } catch {
            // A full or refused storage leaves the org in this page only (as it was before this module).
        }
    };
    load();
    globalThis.addEventListener('storage', (event) => {
        if (event.key === key) {
            load();
            onChange();
        }
    });
    return { key, save };
}
