// lightning/uiRecordApi for the workbench: createRecord/updateRecord write into the in-memory org (org.js, the
// jest suites' FakeOrg); getRecord answers the running user's Diamy settings fields, and the CRM's Contacts,
// Accounts, Leads, Opportunities and Cases (crm.js) as LDS does (records.js: a missing required field is an error,
// a missing optional field is left out, spanning fields are nested records, display values as UI API gives them).
// Call lists (issue 14): Campaign, CampaignMember, CampaignMemberStatus and Task records live on the workbench's org
// server, shared by every page and agent (orgServer.js): getRecord, updateRecord (with clientOptions.ifUnmodifiedSince,
// as LDS) and createRecord go there for them; a getRecord wire of such a record is answered again after this page
// updated it or notifyRecordUpdateAvailable named it (another agent's change is seen only then, as with LDS's cache).
import { WireAdapter, log } from './bus.js';
import { accounts, cases, contacts, leads, opportunities } from './crm.js';
import { fieldDisplayValue, fieldValue, notFound, objectOfId, recordFor } from './records.js';
import { AGENTS, currentAgent } from './agents.mjs';
import * as pageOrg from './org.js';
import {
    SERVER_OBJECTS,
    createServerRecord,
    getServerRecord,
    isOrgServerId,
    onServerRecordChange,
    orgServerUrl,
    serverRecordChanged,
    updateServerRecord
} from './orgServer.js';

/** LDS createRecord: an object of the org server's goes there, anything else into the page's FakeOrg. */
export function createRecord(recordInput) {
    return orgServerUrl() && SERVER_OBJECTS.includes(recordInput?.apiName) ? createServerRecord(recordInput) : pageOrg.createRecord(recordInput);
}

/** LDS updateRecord(recordInput, clientOptions): a record of the org server's goes there (ifUnmodifiedSince honoured). */
export function updateRecord(recordInput, clientOptions) {
    return isOrgServerId(recordInput?.fields?.Id) ? updateServerRecord(recordInput, clientOptions) : pageOrg.updateRecord(recordInput);
}

/** The agent's User record (org id, Diamy settings): France, the sandbox's shared line is the org's own number. */
const USER_FIELDS = {
    // $Organization.Id (formula field): the workbench org, the one the sandbox client is bound to. Without it the
    // softphone keeps nothing in the browser (wrap-up drafts in memory only, no reconcile) — as in an org where the
    // agent cannot read the field.
    Diamy_Org_Id__c: '00D000000000001AAA',
    Diamy_Default_Country__c: 'FR',
    Diamy_Own_Numbers__c: '+33189000100',
    Diamy_Screen_Pop_On_Answer__c: false,
    // Diamy Settings' retention as the User formula fields give it when the org default is blank (BLANKVALUE(…, 365 /
    // 180 / 180)): what a new install shows on the setup console's data protection row.
    Diamy_Call_Retention_Days__c: 365,
    Diamy_Recording_Retention_Days__c: 180,
    Diamy_Log_Retention_Days__c: 180,
    // The page's agent (?agent=2: Hugo Lefèvre, platform/agents.mjs).
    Name: currentAgent().name
};

/** The CRM as records.js reads it; the owner of every CRM record is the agent. */
const CRM = {
    accounts,
    contacts,
    leads,
    opportunities,
    cases,
    users: AGENTS.map((agent) => ({ Id: agent.userId, Name: agent.name }))
};
const CRM_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];

function userRecord(config) {
    const wanted = [...(config.fields ?? []), ...(config.optionalFields ?? [])].map((f) =>
        String(f.fieldApiName ?? f)
            .split('.')
            .pop()
    );
    const fields = Object.fromEntries(
        wanted.filter((f) => f in USER_FIELDS).map((f) => [f, { value: USER_FIELDS[f], displayValue: null }])
    );
    return { data: { id: config.recordId, apiName: 'User', fields }, error: undefined };
}

/** getRecord wires of org server records, by record id: answered again when this page changes the record. */
const serverWires = new Map();
onServerRecordChange((recordId) => {
    for (const adapter of serverWires.get(String(recordId).slice(0, 15)) ?? []) adapter.answerFromServer();
});

export class getRecord extends WireAdapter {
    disconnect() {
        super.disconnect();
        if (this.serverKey) serverWires.get(this.serverKey)?.delete(this);
        this.serverKey = null;
    }

    /** Asks the org server (again) for this wire's record; only the newest answer is emitted. */
    answerFromServer() {
        const config = this.config;
        const asked = (this.asked = (this.asked ?? 0) + 1);
        getServerRecord(config).then(
            (answer) => {
                if (asked !== this.asked) return;
                if (answer.error) log('getRecord error', { recordId: config.recordId, error: answer.error.body });
                this.emit(answer);
            },
            (error) => {
                if (asked !== this.asked) return;
                this.emit({ data: undefined, error: { status: error.status ?? 0, statusText: 'Network error', ok: false, headers: {}, body: [{ errorCode: 'NETWORK', message: error.message }] } });
            }
        );
    }

    update(config) {
        if (!config?.recordId) return;
        if (isOrgServerId(config.recordId)) {
            this.config = config;
            const key = String(config.recordId).slice(0, 15);
            if (this.serverKey !== key) {
                if (this.serverKey) serverWires.get(this.serverKey)?.delete(this);
                this.serverKey = key;
                if (!serverWires.has(key)) serverWires.set(key, new Set());
                serverWires.get(key).add(this);
            }
            this.answerFromServer();
            return;
        }
        const lang = globalThis.__DIAMY_LANG__ === 'fr' ? 'fr' : 'en';
        // The CRM's objects only: the running user (a User id) keeps its own answer below.
        const answer = CRM_OBJECTS.includes(objectOfId(config.recordId)) ? recordFor(CRM, config, lang) : undefined;
        if (answer) {
            if (answer.error) log('getRecord error', { recordId: config.recordId, error: answer.error.body });
            this.emit(answer);
        } else if (CRM_OBJECTS.includes(objectOfId(config.recordId))) {
            log('getRecord error', { recordId: config.recordId, error: 'NOT_FOUND' });
            this.emit(notFound());
        } else {
            // The running user (and, as before, any other id): the user's Diamy settings.
            this.emit(userRecord(config));
        }
    }
}

export function getFieldValue(record, field) {
    return fieldValue(record, field);
}

export function getFieldDisplayValue(record, field) {
    return fieldDisplayValue(record, field);
}

/** Asks again for the org server records named ({ recordId }[]): their getRecord wires get the current record. */
export function notifyRecordUpdateAvailable(recordIds = []) {
    for (const item of Array.isArray(recordIds) ? recordIds : []) {
        if (isOrgServerId(item?.recordId)) serverRecordChanged(item.recordId);
    }
    return Promise.resolve();
}

/** Deprecated by the platform in favour of notifyRecordUpdateAvailable; resolves as it does here. */
export function getRecordNotifyChange() {
    return Promise.resolve();
}
