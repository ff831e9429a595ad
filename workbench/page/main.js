// The workbench page: the REAL c-diamy-softphone (and its real children and service modules) in a utility-bar
// panel, a side panel whose buttons drive the local Diamy sandbox's scenario API (/sandbox/...), the in-memory
// org's Diamy_Call__c records and the workbench log. Everything here is page chrome, not product code.
import '@lwc/synthetic-shadow';
import './lang.js';
import { createElement } from 'lwc';
import Softphone from 'c/diamySoftphone';
import { workbench, onLog, utility, onUtilityChange } from '../platform/bus.js';
import { org, onOrgChange } from '../platform/org.js';

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

/** The agent's newest call that is not over (for remote actions on outbound calls). */
async function currentCall() {
    const state = await sandbox('GET', '/sandbox/state');
    const mine = state.calls.filter((c) => c.agent_id === workbench.config.agentId && c.state !== 'ended');
    const call = mine[mine.length - 1];
    if (!call) throw new Error('No call in progress for the agent.');
    return call;
}

const agent = () => workbench.config.agentId;
const SCENARIOS = [
    ['Inbound calls', null],
    [
        'Known contact (Sophie Bernard)',
        'inbound-known',
        () => sandbox('POST', '/sandbox/calls/inbound', { from: '+33612345678' })
    ],
    ['Known lead (Nicolas Fournier)', 'inbound-lead', () => sandbox('POST', '/sandbox/calls/inbound', { from: '+33698765432' })],
    [
        'Known account (Boulangerie Petit)',
        'inbound-account',
        () => sandbox('POST', '/sandbox/calls/inbound', { from: '+33145678901' })
    ],
    [
        'Unknown number',
        'inbound-unknown',
        () => sandbox('POST', '/sandbox/calls/inbound', { from: '+33555010203', from_name: null })
    ],
    [
        'Withheld number',
        'inbound-withheld',
        () => sandbox('POST', '/sandbox/calls/inbound', { from: 'anonymous', from_name: null })
    ],
    [
        'Caller hangs up',
        'remote-hangup',
        async () => sandbox('POST', `/sandbox/calls/${(await currentCall()).id}/remote`, { action: 'hangup' })
    ],
    ['Outbound call: the remote party…', null],
    [
        'answers',
        'remote-answer',
        async () => sandbox('POST', `/sandbox/calls/${(await currentCall()).id}/remote`, { action: 'answer' })
    ],
    [
        'is busy',
        'remote-busy',
        async () => sandbox('POST', `/sandbox/calls/${(await currentCall()).id}/remote`, { action: 'busy' })
    ],
    [
        'does not answer',
        'remote-no-answer',
        async () => sandbox('POST', `/sandbox/calls/${(await currentCall()).id}/remote`, { action: 'no_answer' })
    ],
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
    ]
];

function renderScenarios() {
    const box = $('wb-scenarios');
    for (const [label, id, action] of SCENARIOS) {
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
        button.textContent = label;
        button.addEventListener('click', async () => {
            $('wb-scenario-error').textContent = '';
            try {
                const result = await action();
                addLog({
                    at: new Date().toISOString().slice(11, 19),
                    kind: `sandbox ${id}`,
                    detail: result.call ? { id: result.call.id, state: result.call.state } : result
                });
            } catch (error) {
                $('wb-scenario-error').textContent = `${label}: ${error.message}`;
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
    workbench.config = await (await fetch('/config.json')).json();
    $('wb-sandbox').textContent = `Sandbox ${workbench.config.sandboxUrl} · agent Camille Martin (${workbench.config.agentId})`;
    renderScenarios();
    for (const entry of workbench.entries) addLog(entry);
    onLog(addLog);
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
    // For the browser check and the curious: the in-memory org and the log.
    globalThis.__workbench = { org, workbench, utility };
}

start().catch((error) => {
    document.body.prepend(
        Object.assign(document.createElement('p'), {
            className: 'slds-text-color_error',
            textContent: `Workbench failed to start: ${error.message}`
        })
    );
});
