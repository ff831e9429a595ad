// The workbench page: the REAL c-diamy-softphone (and its real children and service modules) in a utility-bar
// panel, the main area with Home and record pages mounting the real record components (pages.js), a side panel
// whose buttons drive the local Diamy sandbox's scenario API (/sandbox/...), the in-memory org's Diamy_Call__c
// records and the workbench log. Everything here is page chrome, not product code.
import '@lwc/synthetic-shadow';
import './lang.js';
import { createElement } from 'lwc';
import Softphone from 'c/diamySoftphone';
import { workbench, onLog, utility, onUtilityChange } from '../platform/bus.js';
import { org, onOrgChange } from '../platform/org.js';
import { keepOrg } from './org-store.js';
import { startPages } from './pages.js';
import { seedSetupLogs } from '../platform/setup-seed.js';
import { lms } from '../platform/lms-instance.js';
import { currentAgent } from '../platform/agents.mjs';
import { orgDump, orgQuery, orgReset } from '../platform/orgServer.js';

const $ = (id) => document.getElementById(id);

async function sandbox(method, path, body) {
    const response = await fetch(`${workbench.config.sandboxUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json?.error?.message ?? `${method} ${path}: ${response.status}`);
    return json;
}

const agent = () => workbench.config.agentId;

/** The agent's calls that are not over, oldest first. */
async function liveCalls() {
    const state = await sandbox('GET', '/sandbox/state');
    return state.calls.filter((c) => c.agent_id === agent() && c.state !== 'ended');
}

/** The newest of the agent's live calls that `test` accepts, else an error naming what was looked for. */
async function newest(what, test) {
    const call = (await liveCalls()).filter(test).at(-1);
    if (!call) throw new Error(`No ${what} for the agent.`);
    return call;
}

/** Offered to the agent (an inbound call, the callee's leg of an internal call) vs placed by the agent. */
const offered = (c) => c.to.user_id === agent();
const ringingIn = (c) => c.state === 'ringing' && offered(c);
const placedRinging = (c) => c.state === 'ringing' && !offered(c);
const connected = (c) => c.state === 'active' || c.state === 'held';

/** The call whose other party hangs up: a ringing inbound call first, else the call the agent is on (not a consultation). */
async function hangUpTarget() {
    const calls = await liveCalls();
    const target =
        calls.filter(ringingIn).at(-1) ??
        calls.filter((c) => connected(c) && c.parent_call_id === null).at(-1) ??
        calls.filter(connected).at(-1);
    if (!target) throw new Error('No call in progress for the agent.');
    return target;
}

const remote = (call, action) => sandbox('POST', `/sandbox/calls/${call.id}/remote`, { action });
const inbound = (body) => () => sandbox('POST', '/sandbox/calls/inbound', body);
const placed = (action) => async () => remote(await newest('call ringing at the other end', placedRinging), action);

/** [label, id, action, hint]; an entry without an id is a group title. */
const SCENARIOS = [
    ['Inbound calls (during a call too: call waiting)', null],
    ['Known contact (Sophie Bernard)', 'inbound-known', inbound({ from: '+33612345678' })],
    ['Known lead (Nicolas Fournier)', 'inbound-lead', inbound({ from: '+33698765432' })],
    [
        'Company switchboard (Boulangerie Petit)',
        'inbound-account',
        inbound({ from: '+33145678901' }),
        "The account's main number, also the office phone of its staff: the account is the caller, not a person."
    ],
    [
        'Shared number (two contacts)',
        'inbound-shared',
        inbound({ from: '+33611223344', from_name: null }),
        'Two contacts have this mobile number: the popup asks which one is calling.'
    ],
    ['Unknown number', 'inbound-unknown', inbound({ from: '+33555010203', from_name: null })],
    ['Withheld number', 'inbound-withheld', inbound({ withheld: true })],
    ['The other party…', null],
    [
        'hangs up',
        'remote-hangup',
        async () => remote(await hangUpTarget(), 'hangup'),
        'A ringing inbound call, else the call you are on.'
    ],
    [
        'leaves a voicemail',
        'remote-voicemail',
        async () => remote(await newest('ringing inbound call', ringingIn), 'voicemail'),
        'The ringing inbound call goes to voicemail.'
    ],
    ['answers', 'remote-answer', placed('answer'), 'The call you placed, the colleague you call or consult.'],
    ['is busy', 'remote-busy', placed('busy'), 'The call you placed, the colleague you call or consult.'],
    ['does not answer', 'remote-no-answer', placed('no_answer'), 'The call you placed, the colleague you call or consult.'],
    ['Network and tokens', null],
    ["Drop the agent's socket", 'drop-socket', () => sandbox('POST', `/sandbox/agents/${agent()}/drop`, { mode: 'terminate' })],
    ['Expire tokens', 'expire-tokens', () => sandbox('POST', '/sandbox/tokens/expire', { agent_id: agent() })],
    ['Colleagues', null],
    [
        'Julien Moreau → busy',
        'presence-busy',
        () => sandbox('POST', '/sandbox/users/usr_julien.moreau/presence', { status: 'busy' })
    ],
    [
        'Julien Moreau → available',
        'presence-available',
        () => sandbox('POST', '/sandbox/users/usr_julien.moreau/presence', { status: 'available' })
    ],
    ['Sandbox', null],
    [
        'Calls ring 3 s',
        'ring-timeout-short',
        () => sandbox('PUT', '/sandbox/config', { ring_timeout_ms: 3000 }),
        'Unanswered calls end after 3 s (missed inbound, no answer outbound) instead of 30 s.'
    ],
    [
        'Reset sandbox and org',
        'reset',
        async () => {
            await sandbox('POST', '/sandbox/reset');
            await orgReset();
            globalThis.location.reload();
            return { reset: true };
        },
        'Back to the seed: no calls, default settings, an empty in-memory org, the org server back to its sample call lists; the page reloads.'
    ]
];

function renderScenarios() {
    const box = $('wb-scenarios');
    for (const [label, id, action, hint] of SCENARIOS) {
        if (!id) {
            const group = document.createElement('div');
            group.className = 'wb-group';
            group.textContent = label;
            box.append(group);
            continue;
        }
        const button = document.createElement('button');
        button.className = 'slds-button slds-button_neutral slds-button_small';
        button.dataset.scenario = id;
        // For the browser check: how many runs finished and how the last one ended (done / failed).
        button.dataset.runs = '0';
        button.textContent = label;
        if (hint) button.title = hint;
        button.addEventListener('click', async () => {
            $('wb-scenario-error').textContent = '';
            button.dataset.state = 'running';
            try {
                const result = await action();
                button.dataset.state = 'done';
                addLog({
                    at: new Date().toISOString().slice(11, 19),
                    kind: `sandbox ${id}`,
                    detail: result.call ? { id: result.call.id, state: result.call.state } : result
                });
            } catch (error) {
                button.dataset.state = 'failed';
                $('wb-scenario-error').textContent = `${label}: ${error.message}`;
            } finally {
                button.dataset.runs = String(Number(button.dataset.runs) + 1);
            }
        });
        box.append(button);
    }
}

function cell(text) {
    const td = document.createElement('td');
    td.textContent = text ?? '';
    td.title = text ?? '';
    return td;
}

function renderRecords() {
    const rows = org.calls();
    const body = $('wb-records');
    body.replaceChildren(
        ...rows.map((record) => {
            const f = record.fields;
            const tr = document.createElement('tr');
            tr.dataset.callId = String(f.Diamy_Call_Id__c);
            tr.append(
                cell(f.Diamy_Call_Id__c),
                cell(f.Direction__c),
                cell(f.Outcome__c),
                cell(f.Caller_Name__c ?? f.From_Number__c),
                cell(f.Contact__c ?? f.Lead__c ?? f.Account__c ?? ''),
                cell(f.Disposition__c),
                cell(f.Notes__c)
            );
            return tr;
        })
    );
    const duplicates = org.duplicates();
    $('wb-org-summary').textContent =
        `${rows.length} logged · ${duplicates.length} doubled · ${org.logs().length} integration log`;
}

function addLog(entry) {
    const li = document.createElement('li');
    li.textContent = `${entry.at} ${entry.kind} ${JSON.stringify(entry.detail)}`;
    li.title = li.textContent;
    $('wb-log').prepend(li);
}

function renderUtility(state) {
    $('wb-utility-label').textContent = state.label;
    $('wb-panel-title').textContent = state.label;
    $('wb-utility-item').classList.toggle('wb-highlighted', Boolean(state.highlighted));
    $('wb-utility-item').dataset.highlighted = String(Boolean(state.highlighted));
    $('wb-utility-panel').classList.toggle('wb-closed', !state.open);
    $('wb-utility-icon').setAttribute('href', `/assets/icons/utility-sprite/svg/symbols.svg#${state.icon || 'call'}`);
}

function showToast(event) {
    const { title = '', message = '', variant = 'info' } = event.detail ?? {};
    addLog({ at: new Date().toISOString().slice(11, 19), kind: 'toast', detail: event.detail });
    const toast = document.createElement('div');
    toast.className = `slds-notify slds-notify_toast slds-theme_${variant}`;
    toast.setAttribute('role', 'status');
    toast.textContent = `${title} ${message}`.trim();
    $('wb-toasts').append(toast);
    setTimeout(() => toast.remove(), 4000);
}

async function start() {
    // The page's agent (?agent=2: a second agent in another browser, docs/WORKBENCH.md): the sandbox agent of the
    // scenario buttons follows the Salesforce user.
    const me = currentAgent();
    workbench.config = { ...(await (await fetch('/config.json')).json()), agentId: me.sandboxAgentId };
    $('wb-sandbox').textContent = `Sandbox ${workbench.config.sandboxUrl} · agent ${me.name} (${workbench.config.agentId}, ?agent=${me.key})`;
    document.title = `${me.name} — ${document.title}`;
    for (const link of document.querySelectorAll('#wb-lang a')) {
        if (link.dataset.lang === globalThis.__DIAMY_LANG__) link.setAttribute('aria-current', 'page');
    }
    renderScenarios();
    // The org outlives a reload and is shared by the workbench tabs, for this sandbox run (org-store.js).
    const { instance_id: instanceId } = await sandbox('GET', '/sandbox/state');
    const store = keepOrg(`${instanceId}.agent${me.key}`, renderRecords);
    for (const entry of workbench.entries) addLog(entry);
    onLog((entry) => {
        if (entry.kind === 'createRecord' || entry.kind === 'updateRecord') store.save(entry.detail?.id);
        addLog(entry);
    });
    onOrgChange(renderRecords);
    onUtilityChange(renderUtility);
    renderRecords();
    renderUtility(utility);
    $('wb-utility-button').addEventListener('click', () => {
        utility.open = !utility.open;
        renderUtility(utility);
    });
    const element = createElement('c-diamy-softphone', { is: Softphone });
    element.addEventListener('lightning__showtoast', showToast);
    $('wb-softphone').append(element);
    // The main area: Home, Diamy Setup and the CRM's record pages (deep links ?record=<Id>, ?tab=home|setup), after the softphone.
    const pages = startPages($('wb-workspace'), {
        onToast: showToast,
        // The setup console's tab: a few integration log entries in the org, kept like any saved record.
        seedSetupLogs: () => {
            if (seedSetupLogs(org)) {
                for (const record of org.logs()) store.save(record.id);
                renderRecords();
            }
        }
    });
    // For the browser check and the curious: the in-memory org, the log, the pages and the message service.
    // orgServer: the shared org of call lists (platform/orgServer.js), for the browser check and the console.
    globalThis.__workbench = { org, workbench, utility, pages, lms, agent: me, orgServer: { dump: orgDump, query: orgQuery, reset: orgReset } };
}

start().catch((error) => {
    document.body.prepend(
        Object.assign(document.createElement('p'), {
            className: 'slds-text-color_error',
            textContent: `Workbench failed to start: ${error.message}`
        })
    );
});
