// The agents a workbench page can be signed in as: `?agent=1` (the default), `?agent=2`, `?agent=3`. Each is a
// Salesforce user of the workbench org AND the Diamy agent the sandbox links to that user (sandbox/engine.ts
// seedUsers: salesforce_user_id), so the two change together: the page's running user (@salesforce/user/Id, the
// FakeOrg's $User.Id, the org server's running user) and the agent session c/diamyAgentToken asks the sandbox for
// (POST /v2/agent/sessions { salesforce_user_id }) are the same person. Two browser contexts on ?agent=1 and
// ?agent=2 are two agents working in parallel against one org server (docs/WORKBENCH.md, "Call lists").
// Pure data and a URL reader: the org server (Node) seeds its users from AGENTS too.

/**
 * @typedef {{ key: string, userId: string, sandboxAgentId: string, name: string, firstName: string, lastName: string,
 *   extension: string, permissions: string[], viewAllCalls: boolean }} WorkbenchAgent
 */

/** @type {WorkbenchAgent[]} */
export const AGENTS = [
    {
        key: '1',
        userId: '005000000000001AAA',
        sandboxAgentId: 'usr_camille.martin',
        name: 'Camille Martin',
        firstName: 'Camille',
        lastName: 'Martin',
        extension: '201',
        // The org's Diamy admin as well (docs/WORKBENCH.md): Manage Diamy Calls is hers.
        permissions: ['Diamy_Manage_Calls'],
        // Permission set Diamy Admin: View All on Diamy_Call__c (a Private object): she reads every agent's calls.
        viewAllCalls: true
    },
    {
        key: '2',
        userId: '005000000000002AAA',
        sandboxAgentId: 'usr_hugo.lefevre',
        name: 'Hugo Lefèvre',
        firstName: 'Hugo',
        lastName: 'Lefèvre',
        extension: '202',
        // A plain agent (permission set Diamy Agent): no custom permission; reads only the Diamy_Call__c he owns.
        permissions: [],
        viewAllCalls: false
    },
    {
        key: '3',
        userId: '005000000000003AAA',
        sandboxAgentId: 'usr_lea.dubois',
        name: 'Léa Dubois',
        firstName: 'Léa',
        lastName: 'Dubois',
        extension: '203',
        permissions: [],
        viewAllCalls: false
    }
];

/** The agent of `?agent=<key>` in `search` (a location.search string); the first agent when absent or unknown. */
export function agentFromSearch(search) {
    const key = new URLSearchParams(search ?? '').get('agent');
    return AGENTS.find((agent) => agent.key === key) ?? AGENTS[0];
}

/** The agent this page is signed in as (read once, from the page's URL). */
let current;
export function currentAgent() {
    current ??= agentFromSearch(globalThis.location?.search ?? '');
    return current;
}

/** The agent with this Salesforce user id (15 or 18 characters), or undefined. */
export function agentOfUser(userId) {
    const short = String(userId ?? '').slice(0, 15);
    return AGENTS.find((agent) => agent.userId.slice(0, 15) === short);
}
