// The platform rules of contact sync's metadata (docs/SYNC.md, "What the package ships for sync"): the External Client
// App Diamy_Integration and its settings and policies, matching rules and duplicate rules. Each finding names its source.
//
//   reference  an app's settings and policies name an app deployed before them; policies name permission sets that
//              exist; a matching rule names fields of its object; a duplicate rule names matching rules that exist
//   deploy     no consumer key, secret or certificate in a global OAuth settings file; an app's policies are deployed
//              after the app (the deployment of the app generates them); a duplicate rule is never deployed with the
//              matching rules it uses (a matching rule activates in the background)
//   limit      five active matching rules per object, 25 in all, one lookup field per matching rule; five active
//              duplicate rules per object; three matching rules per duplicate rule, one per object
import { kids, kid, textOf } from './model.mjs';
import { Schema } from './schema.mjs';

/** @typedef {import('./model.mjs').Project} Project */
/** @typedef {import('./model.mjs').Component} Component */
/** @typedef {{ file: string, line: number, rule: string, message: string, source?: string }} Problem */

const META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta';
export const SYNC_SOURCES = {
    globalOauth: `${META}/meta_extlclntappglobaloauthsettings.htm`,
    oauthPolicies: `${META}/meta_extlclntappoauthconfigurablepolicies.htm`,
    configurePolicies: 'https://help.salesforce.com/s/articleView?id=xcloud.meta_configure_external_client_app_policies.htm&type=5',
    packageEca: 'https://help.salesforce.com/s/articleView?id=xcloud.configure_packageable_external_client_apps.htm&type=5',
    matchingRuleLimits: 'https://help.salesforce.com/s/articleView?id=000392912&type=1',
    duplicateRules: 'https://help.salesforce.com/s/articleView?id=sales.duplicate_rules_overview.htm&type=5',
    matchingRule: `${META}/meta_matchingrule.htm`,
    duplicateRule: `${META}/meta_duplicaterule.htm`
};

/** The External Client App's settings and policies types: each names its app in <externalClientApplication>. */
export const ECA_PARTS = ['ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthSettings', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'];
/** Generated with default values when the app is deployed: an admin changes them by a later deployment. */
const ECA_POLICIES = ['ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppConfigurablePolicies'];

/** Documented limits of duplicate management (SYNC_SOURCES.matchingRuleLimits, SYNC_SOURCES.duplicateRules). */
export const DUPLICATE_LIMITS = {
    activeMatchingRulesPerObject: 5,
    activeMatchingRulesInAll: 25,
    lookupFieldsPerMatchingRule: 1,
    activeDuplicateRulesPerObject: 5,
    matchingRulesPerDuplicateRule: 3
};

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkContactSync(project) {
    /** @type {Problem[]} */
    const problems = [];
    /** @param {Component} c @param {number} line @param {string} rule @param {string} message @param {string} source */
    const add = (c, line, rule, message, source) => problems.push({ file: c.file, line, rule, message, source });

    // ------------------------------------------------------------------ External Client App: settings and policies
    for (const type of ECA_PARTS) {
        for (const c of project.ofType(type)) {
            const appName = textOf(c.root, 'externalClientApplication');
            const app = project.find(c.unit, 'ExternalClientApplication', appName);
            const line = kid(c.root, 'externalClientApplication')?.line ?? c.root.line;
            if (!app) add(c, line, 'reference', `${type} names the External Client App ${appName || '(none)'}, which is not deployed before it`, SYNC_SOURCES.oauthPolicies);
            else if (ECA_POLICIES.includes(type) && app.unit === c.unit)
                add(
                    c,
                    line,
                    'deploy',
                    `${type} of ${appName} in the same deployment as the app: its policies are generated when the app is deployed; deploy them in a later step`,
                    SYNC_SOURCES.configurePolicies
                );
            if (type === 'ExtlClntAppGlobalOauthSettings')
                for (const secret of ['consumerKey', 'consumerSecret', 'certificate']) {
                    const el = kid(c.root, secret);
                    if (el)
                        add(
                            c,
                            el.line,
                            'deploy',
                            `<${secret}> in a global OAuth settings file: it holds private OAuth consumer information that must not be in source control (Salesforce generates the key and secret at deployment)`,
                            SYNC_SOURCES.globalOauth
                        );
                }
            if (type === 'ExtlClntAppOauthConfigurablePolicies') {
                const sets = textOf(c.root, 'commaSeparatedPermissionSet');
                for (const name of sets ? sets.split(',').map((s) => s.trim()) : [])
                    if (!project.find(c.unit, 'PermissionSet', name))
                        add(c, kid(c.root, 'commaSeparatedPermissionSet')?.line ?? c.root.line, 'reference', `pre-authorised permission set ${name} does not exist where the policies deploy`, SYNC_SOURCES.oauthPolicies);
                if (textOf(c.root, 'permittedUsersPolicyType') === 'AdminApprovedPreAuthorized' && !sets && !textOf(c.root, 'commaSeparatedProfile'))
                    add(c, kid(c.root, 'permittedUsersPolicyType')?.line ?? c.root.line, 'reference', 'AdminApprovedPreAuthorized with no permission set or profile: nobody may use the app', SYNC_SOURCES.oauthPolicies);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- matching rules
    /** @type {Map<string, number>} object → active matching rules */
    const activePerObject = new Map();
    let activeInAll = 0;
    for (const c of project.ofType('MatchingRules')) {
        const object = c.name;
        const schema = new Schema(project, c.unit);
        for (const rule of kids(c.root, 'matchingRules')) {
            const name = textOf(rule, 'fullName');
            if (textOf(rule, 'ruleStatus') === 'Active') {
                activePerObject.set(object, (activePerObject.get(object) ?? 0) + 1);
                activeInAll += 1;
            }
            let lookups = 0;
            for (const item of kids(rule, 'matchingRuleItems')) {
                const field = textOf(item, 'fieldName');
                if (!schema.hasField(object, field)) {
                    add(c, item.line, 'reference', `matching rule ${object}.${name} compares ${object}.${field}, which does not exist`, SYNC_SOURCES.matchingRule);
                    continue;
                }
                if (schema.lookupTargets(object, field).length > 0) lookups += 1;
            }
            if (lookups > DUPLICATE_LIMITS.lookupFieldsPerMatchingRule)
                add(c, rule.line, 'limit', `matching rule ${object}.${name} has ${lookups} lookup fields, the maximum is ${DUPLICATE_LIMITS.lookupFieldsPerMatchingRule}`, SYNC_SOURCES.matchingRuleLimits);
        }
        const active = activePerObject.get(object) ?? 0;
        if (active > DUPLICATE_LIMITS.activeMatchingRulesPerObject)
            add(c, c.root.line, 'limit', `${active} active matching rules on ${object}, the maximum is ${DUPLICATE_LIMITS.activeMatchingRulesPerObject} per object`, SYNC_SOURCES.matchingRuleLimits);
    }
    const first = project.ofType('MatchingRules')[0];
    if (first && activeInAll > DUPLICATE_LIMITS.activeMatchingRulesInAll)
        add(first, first.root.line, 'limit', `${activeInAll} active matching rules in all, the maximum is ${DUPLICATE_LIMITS.activeMatchingRulesInAll}`, SYNC_SOURCES.matchingRuleLimits);

    // --------------------------------------------------------------------------------------------- duplicate rules
    /** @type {Map<string, number>} object → active duplicate rules */
    const activeDuplicatePerObject = new Map();
    for (const c of project.ofType('DuplicateRule')) {
        const object = c.name.split('.')[0];
        if (textOf(c.root, 'isActive') === 'true') activeDuplicatePerObject.set(object, (activeDuplicatePerObject.get(object) ?? 0) + 1);
        const uses = kids(c.root, 'duplicateRuleMatchRules');
        if (uses.length > DUPLICATE_LIMITS.matchingRulesPerDuplicateRule)
            add(c, uses[DUPLICATE_LIMITS.matchingRulesPerDuplicateRule].line, 'limit', `duplicate rule ${c.name} uses ${uses.length} matching rules, the maximum is ${DUPLICATE_LIMITS.matchingRulesPerDuplicateRule}`, SYNC_SOURCES.duplicateRules);
        /** @type {Set<string>} */
        const objects = new Set();
        for (const use of uses) {
            const target = textOf(use, 'matchRuleSObjectType');
            const ruleName = textOf(use, 'matchingRule');
            if (objects.has(target))
                add(c, use.line, 'limit', `duplicate rule ${c.name} uses two matching rules on ${target}: one matching rule per object`, SYNC_SOURCES.duplicateRules);
            objects.add(target);
            const container = project.find(c.unit, 'MatchingRules', target);
            const rule = container && kids(container.root, 'matchingRules').find((r) => textOf(r, 'fullName') === ruleName);
            if (!rule) {
                add(c, use.line, 'reference', `duplicate rule ${c.name} uses matching rule ${target}.${ruleName}, which is not deployed before it`, SYNC_SOURCES.duplicateRule);
                continue;
            }
            const mapping = kid(use, 'objectMapping');
            if (target !== object && !(mapping && kids(mapping, 'mappingFields').length > 0))
                add(c, use.line, 'reference', `duplicate rule ${c.name} compares ${object} with ${target} without a field mapping (objectMapping)`, SYNC_SOURCES.duplicateRule);
            if (mapping && kids(mapping, 'mappingFields').length > 0 && (textOf(mapping, 'inputObject') !== object || textOf(mapping, 'outputObject') !== target))
                add(c, mapping.line, 'reference', `duplicate rule ${c.name}: its field mapping must go from ${object} (inputObject) to ${target} (outputObject)`, SYNC_SOURCES.duplicateRule);
            if (container.unit === c.unit && textOf(c.root, 'isActive') === 'true')
                add(
                    c,
                    use.line,
                    'deploy',
                    `active duplicate rule ${c.name} deployed with the matching rule ${target}.${ruleName} it uses: a matching rule activates in the background (Activating) and the duplicate rule needs it active; deploy the matching rules in an earlier step`,
                    SYNC_SOURCES.matchingRuleLimits
                );
            if (textOf(c.root, 'isActive') === 'true' && textOf(rule, 'ruleStatus') !== 'Active')
                add(c, use.line, 'reference', `active duplicate rule ${c.name} uses ${target}.${ruleName}, which is not Active`, SYNC_SOURCES.duplicateRules);
        }
    }
    for (const [object, count] of activeDuplicatePerObject)
        if (count > DUPLICATE_LIMITS.activeDuplicateRulesPerObject) {
            const c = /** @type {Component} */ (project.ofType('DuplicateRule').find((d) => d.name.startsWith(`${object}.`)));
            add(c, c.root.line, 'limit', `${count} active duplicate rules on ${object}, the maximum is ${DUPLICATE_LIMITS.activeDuplicateRulesPerObject} per object`, SYNC_SOURCES.duplicateRules);
        }
    return problems;
}
