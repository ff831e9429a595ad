// The platform rules the Metadata API schema cannot see, checked offline over every deployment unit. Each finding
// names the file, the line, the rule and (for documented limits and platform rules) the source that states it.
//
//   limit      documented length/size limits (limits.mjs, each row with its source)
//   reference  every object, field, tab, app, flow, flow element, label, LWC, message channel, credential and
//              permission-set entry a file names exists where that file deploys (model.mjs units + standard-schema.mjs)
//   deploy     what the platform refuses at deploy time although the schema allows it
//   packaging  what cannot be in, or must not be in, the unlocked package, and what the package build needs
//   flowtest   FlowTests that Salesforce would refuse or that could never fail
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReferences as checkAnalyticsReferences } from '../../../analytics/check-references.mjs';
import { LIMITS } from './limits.mjs';
import { at, kids, kid, textOf, developerNameOf, descendants } from './model.mjs';
import { Schema } from './schema.mjs';
import { checkFlowReferences, flowSymbols, FLOW_NODE_KINDS } from './flows.mjs';
import { checkContactSync, SYNC_SOURCES } from './sync.mjs';
import { checkPersonalData } from './personal-data.mjs';
import { STANDARD_OBJECTS, LIST_VIEW_STANDARD_COLUMNS } from './standard-schema.mjs';
import { DYNAMIC_IMPORT_CAPABILITY, DYNAMIC_IMPORT_MIN_API_VERSION, DYNAMIC_IMPORT_SOURCE, dynamicImports } from '../lwc-dynamic-imports.mjs';

/** @typedef {import('./model.mjs').Project} Project */
/** @typedef {import('./model.mjs').Component} Component */
/** @typedef {{ file: string, line: number, rule: string, message: string, source?: string }} Problem */

export const SOURCES = {
    packagingMetadataCoverage:
        'https://developer.salesforce.com/docs/platform/sfdx-dev/guide/sfdx-dev-unlocked-pkg-packaging-operations.html',
    orgDependent: 'https://developer.salesforce.com/docs/platform/sfdx-dev/guide/sfdx-dev-unlocked-pkg-org-dependent.html',
    cli2735: 'https://github.com/forcedotcom/cli/issues/2735',
    cli2233: 'https://github.com/forcedotcom/cli/issues/2233',
    cli2133: 'https://github.com/forcedotcom/cli/issues/2133',
    ncUpgrade: 'https://developer.salesforce.com/docs/platform/named-credentials/guide/nc-upgrade-package.html',
    projectConfig: 'https://developer.salesforce.com/docs/platform/sfdx-dev/guide/sfdx-dev-unlocked-pkg-config-file.html',
    unpackaged: 'https://developer.salesforce.com/docs/platform/sfdx-dev/guide/sfdx-dev-unlocked-pkg-unpackaged-md.md',
    scratchDef: 'https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_scratch_orgs_def_file.htm',
    flowTest: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_flowtest.htm',
    flowTestApi66: 'https://developer.salesforce.com/docs/atlas.en-us.260.0.api_meta.meta/api_meta/meta_flowtest.htm',
    fieldPermissions: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm',
    layout: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_layouts.htm',
    lwcSchema: 'https://developer.salesforce.com/docs/platform/lwc/guide/reference-salesforce-modules.html',
    lwcDynamicImport: DYNAMIC_IMPORT_SOURCE,
    vfPage: 'https://developer.salesforce.com/docs/atlas.en-us.pages.meta/pages/pages_compref_page.htm',
    ctiRequired: 'https://developer.salesforce.com/docs/service/api-cti/guide/sforce-api-cti-call-def-file-required.html',
    openCtiRetirement: 'https://help.salesforce.com/s/articleView?id=005306437&type=1',
    // Metadata API, Flow, FlowRecordRollback (API 52.0+): "Available only in screen flows." Salesforce Help, "Flow
    // Element: Roll Back Records": available in screen flows only (processType Flow).
    flowRollback: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_visual_workflow.htm'
};

/** Metadata API Developer Guide page of each type: the source of a reference problem (what the type may name). */
const META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta';
export const TYPE_DOCS = /** @type {Record<string, string>} */ ({
    PermissionSet: `${META}/meta_permissionset.htm`,
    CustomField: `${META}/customfield.htm`,
    CustomObject: `${META}/customobject.htm`,
    ListView: `${META}/meta_listview.htm`,
    CompactLayout: `${META}/meta_compactlayout.htm`,
    Layout: `${META}/meta_layouts.htm`,
    CustomTab: `${META}/meta_customtab.htm`,
    CustomMetadata: `${META}/meta_custommetadata.htm`,
    CustomFieldTranslation: `${META}/meta_customobjecttranslation.htm`,
    CustomObjectTranslation: `${META}/meta_customobjecttranslation.htm`,
    Translations: `${META}/meta_translations.htm`,
    NamedCredential: `${META}/meta_namedcredential.htm`,
    ExternalServiceRegistration: `${META}/meta_externalserviceregistration.htm`,
    Flow: `${META}/meta_visual_workflow.htm`,
    LightningComponentBundle: `${META}/meta_lightningcomponentbundle.htm`,
    Report: `${META}/meta_report.htm`,
    ReportType: `${META}/meta_reporttype.htm`,
    Dashboard: `${META}/meta_dashboard.htm`,
    FlexiPage: `${META}/meta_flexipage.htm`,
    CustomApplication: `${META}/meta_customapplication.htm`,
    ApexPage: `${META}/meta_pages.htm`,
    CallCenter: `${META}/meta_callcenter.htm`
});
/** The type of a file from its folder, for problems reported as text by analytics/check-references.mjs. */
const FOLDER_TYPES = /** @type {Record<string, string>} */ ({
    reports: 'Report',
    reportTypes: 'ReportType',
    dashboards: 'Dashboard',
    flexipages: 'FlexiPage',
    applications: 'CustomApplication'
});

/** Types the package must not contain: instance-specific, reset by every upgrade, or refused by package builds. */
const NOT_IN_PACKAGE = /** @type {Record<string, string>} */ ({
    NamedCredential:
        'its URL is the customer’s Diamy instance, and an upgrade would reset an admin’s edit: generate it with npm run configure',
    ExternalCredential: 'its token URL is the customer’s Diamy instance: generate it with npm run configure',
    CspTrustedSite: 'its host is the customer’s Diamy instance: generate it with npm run configure',
    RemoteSiteSetting: 'its host is org-specific: generate it with npm run configure',
    ExternalServiceRegistration: 'it references the Named Credential, which is not in the package',
    FlowTest: 'tests are deployed by org verification only (org-tests/), never shipped to customers',
    ConnectedApp: 'connected apps cannot be in an unlocked package',
    Profile: 'unlocked packages keep only some profile settings; use permission sets',
    ExternalClientApplication:
        'an External Client App is packaged in managed packages only (distribution state Packaged, a namespace linked to the Dev Hub; this unlocked package has none), and its callback names the customer’s Diamy instance: generate it with npm run configure (connection/sync-app)',
    ExtlClntAppGlobalOauthSettings:
        'global OAuth settings (callback, consumer key and secret) are never packaged: generate them with npm run configure (connection/sync-app)',
    ExtlClntAppOauthSettings: 'it belongs to the External Client App, which is not in the package: connection/sync-app',
    ExtlClntAppOauthConfigurablePolicies: 'policies are the subscriber admin’s, generated when the app is deployed: connection/sync-app-policies',
    ExtlClntAppConfigurablePolicies: 'policies are the subscriber admin’s, generated when the app is deployed: connection/sync-app-policies',
    MatchingRules:
        'an org allows five active matching rules per object and its admin owns duplicate management (the customer may keep their own rules): generate them with npm run configure (connection/matching-rules)',
    DuplicateRule:
        'duplicate rules act on every user’s saves and need active matching rules, which activate in the background: generate them with npm run configure (connection/duplicate-rules)',
    CallCenter:
        'a call center is an opt-in per org (users are assigned to it, one call center each; Open CTI is unavailable in new Agentforce Service orgs and retired on 28 February 2028): generate it with npm run configure (connection/open-cti, docs/OPEN-CTI.md)'
});

// ---------------------------------------------------------------------------------------------------------- limits

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkLimits(project) {
    /** @type {Problem[]} */
    const problems = [];
    for (const rule of LIMITS) {
        if (rule.type === 'LwcJavaScript' || rule.type === 'LwcCss') {
            const extension = rule.type === 'LwcJavaScript' ? '.js' : '.css';
            for (const bundle of project.bundles) {
                const file = join(bundle.dir, `${bundle.name}${extension}`);
                if (!existsSync(file)) continue;
                const size = statSync(file).size;
                if (size > rule.max)
                    problems.push({
                        file: relFile(project, file),
                        line: 1,
                        rule: 'limit',
                        message: `${rule.what} is ${size} bytes, the maximum is ${rule.max}`,
                        source: rule.source
                    });
            }
            continue;
        }
        for (const component of project.ofType(rule.type)) {
            if (rule.when && !at(component.root, rule.when.path).some((el) => rule.when?.in.includes(el.text.trim()))) continue;
            if (rule.path === '@developerName') {
                const name = developerNameOf(component);
                if (name.length > rule.max)
                    problems.push({
                        file: component.file,
                        line: component.root.line,
                        rule: 'limit',
                        message: `${rule.what} "${name}" is ${name.length} characters, the maximum is ${rule.max}`,
                        source: rule.source
                    });
                continue;
            }
            if (rule.path === '@file') {
                const size = statSync(join(project.root, component.file)).size;
                if (size > rule.max)
                    problems.push({
                        file: component.file,
                        line: 1,
                        rule: 'limit',
                        message: `${rule.what} is ${size} bytes, the maximum is ${rule.max}`,
                        source: rule.source
                    });
                continue;
            }
            const elements = at(component.root, rule.path);
            if (rule.measure === 'count') {
                if (elements.length > rule.max)
                    problems.push({
                        file: component.file,
                        line: elements[rule.max].line,
                        rule: 'limit',
                        message: `${rule.what}: ${elements.length}, the maximum is ${rule.max}`,
                        source: rule.source
                    });
                continue;
            }
            for (const el of elements) {
                const value = rule.measure === 'value' ? Number(el.text.trim()) : [...el.text.trim()].length;
                if (value > rule.max) {
                    const unit = rule.measure === 'value' ? '' : ' characters';
                    problems.push({
                        file: component.file,
                        line: el.line,
                        rule: 'limit',
                        message: `${rule.what} is ${value}${unit}, the maximum is ${rule.max}`,
                        source: rule.source
                    });
                }
            }
        }
    }
    return problems;
}

/** @param {Project} project @param {string} file absolute */
function relFile(project, file) {
    return file
        .slice(project.root.length + 1)
        .split('\\')
        .join('/');
}

// ------------------------------------------------------------------------------------------------------ references

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkReferences(project) {
    /** @type {Problem[]} */
    const problems = [];
    const schemas = new Map(project.units.map((u) => [u.name, new Schema(project, u.name)]));
    /** @param {Component} c @param {number} line @param {string} message */
    const add = (c, line, message) =>
        problems.push({
            file: c.file,
            line,
            rule: 'reference',
            message: outside(project, c, message),
            source: TYPE_DOCS[c.type]
        });
    const labelNames = new Set(
        project.ofType('CustomLabels').flatMap((c) => kids(c.root, 'labels').map((l) => textOf(l, 'fullName')))
    );

    for (const c of project.components) {
        const schema = /** @type {Schema} */ (schemas.get(c.unit));
        const root = c.root;
        switch (c.type) {
            case 'PermissionSet':
                for (const fp of kids(root, 'fieldPermissions')) {
                    const [object, ...field] = textOf(fp, 'field').split('.');
                    if (object === 'Activity')
                        add(
                            c,
                            fp.line,
                            `field permission ${textOf(fp, 'field')}: grant Activity fields as Task.${field.join('.')} and Event.${field.join('.')} (retrieved permission sets name them so)`
                        );
                    else if (!schema.hasObject(object) || !schema.hasField(object, field.join('.')))
                        add(c, fp.line, `field permission on ${textOf(fp, 'field')}, which does not exist`);
                }
                for (const op of kids(root, 'objectPermissions'))
                    if (!schema.hasObject(textOf(op, 'object')))
                        add(c, op.line, `object permission on ${textOf(op, 'object')}, which does not exist`);
                for (const av of kids(root, 'applicationVisibilities'))
                    if (
                        !project.find(c.unit, 'CustomApplication', textOf(av, 'application')) &&
                        !textOf(av, 'application').startsWith('standard__')
                    )
                        add(c, av.line, `app ${textOf(av, 'application')} does not exist`);
                for (const ts of kids(root, 'tabSettings'))
                    if (!schema.hasTab(textOf(ts, 'tab'))) add(c, ts.line, `tab ${textOf(ts, 'tab')} does not exist`);
                for (const fa of kids(root, 'flowAccesses'))
                    if (!project.find(c.unit, 'Flow', textOf(fa, 'flow')))
                        add(c, fa.line, `flow access to ${textOf(fa, 'flow')}, which is not a flow here`);
                for (const ca of kids(root, 'customMetadataTypeAccesses'))
                    if (!schema.hasObject(textOf(ca, 'name')))
                        add(c, ca.line, `custom metadata type ${textOf(ca, 'name')} does not exist`);
                for (const cs of kids(root, 'customSettingAccesses'))
                    if (!schema.hasObject(textOf(cs, 'name')))
                        add(c, cs.line, `custom setting ${textOf(cs, 'name')} does not exist`);
                for (const cp of kids(root, 'customPermissions'))
                    if (!project.find(c.unit, 'CustomPermission', textOf(cp, 'name')))
                        add(c, cp.line, `custom permission ${textOf(cp, 'name')} does not exist`);
                for (const pa of kids(root, 'externalCredentialPrincipalAccesses')) {
                    const [credential, principal] = textOf(pa, 'externalCredentialPrincipal').split('-');
                    const ec = project.find(c.unit, 'ExternalCredential', credential);
                    const principals = ec
                        ? kids(ec.root, 'externalCredentialParameters')
                              .filter(
                                  (p) =>
                                      textOf(p, 'parameterType') === 'NamedPrincipal' ||
                                      textOf(p, 'parameterType') === 'PerUserPrincipal'
                              )
                              .map((p) => textOf(p, 'parameterName'))
                        : [];
                    if (!ec)
                        add(
                            c,
                            pa.line,
                            `principal access to ${credential}-${principal}: no External Credential ${credential} here`
                        );
                    else if (!principals.includes(principal))
                        add(
                            c,
                            pa.line,
                            `principal access to ${credential}-${principal}: ${credential} has no principal ${principal} (${principals.join(', ') || 'none'})`
                        );
                }
                break;
            case 'CustomField': {
                for (const ref of kids(root, 'referenceTo'))
                    if (!schema.hasObject(ref.text.trim()))
                        add(c, ref.line, `lookup to ${ref.text.trim()}, which does not exist`);
                const object = c.name.split('.')[0];
                if (object !== 'Activity' && !schema.hasObject(object))
                    add(c, root.line, `field of ${object}, which does not exist`);
                break;
            }
            case 'ListView':
            case 'CompactLayout': {
                const object = c.name.split('.')[0];
                const tokens =
                    c.type === 'ListView'
                        ? [...kids(root, 'columns'), ...kids(root, 'filters').map((f) => kid(f, 'field'))]
                        : kids(root, 'fields');
                for (const el of tokens) {
                    if (!el) continue;
                    const token = el.text.trim();
                    // List views name standard columns with upper-case tokens (NAME, CREATED_DATE); custom fields by API name.
                    if (c.type === 'ListView' && /^[A-Z_.]+$/.test(token)) {
                        if (!Object.hasOwn(LIST_VIEW_STANDARD_COLUMNS, token))
                            add(
                                c,
                                el.line,
                                `column ${token} is not a standard list view column the package knows (standard-schema.mjs LIST_VIEW_STANDARD_COLUMNS)`
                            );
                        continue;
                    }
                    const problem = schema.resolvePath(object, token);
                    if (problem) add(c, el.line, `${c.type === 'ListView' ? 'column' : 'field'} ${token}: ${problem}`);
                }
                break;
            }
            case 'Layout': {
                const object = c.name.split('-')[0];
                for (const item of descendants(root, 'layoutItems')) {
                    const field = textOf(item, 'field');
                    if (field && !schema.hasField(object, field))
                        add(c, item.line, `layout field ${field}: ${object} has no such field`);
                }
                break;
            }
            case 'CustomTab':
                if (textOf(root, 'customObject') === 'true' && !schema.hasObject(c.name))
                    add(c, root.line, `tab for object ${c.name}, which does not exist`);
                break;
            case 'CustomMetadata': {
                const type = `${c.name.split('.')[0]}__mdt`;
                if (!schema.hasObject(type)) add(c, root.line, `record of ${type}, which does not exist`);
                else
                    for (const v of kids(root, 'values')) {
                        const field = textOf(v, 'field');
                        if (!schema.hasField(type, field)) add(c, v.line, `value for ${type}.${field}, which does not exist`);
                        const definition = schema.customField(type, field);
                        const value = kid(v, 'value');
                        if (definition && textOf(definition.root, 'type') === 'Picklist' && value && value.text.trim()) {
                            const allowed = at(definition.root, 'valueSet/valueSetDefinition/value').map((x) =>
                                textOf(x, 'fullName')
                            );
                            if (!allowed.includes(value.text.trim()))
                                add(
                                    c,
                                    value.line,
                                    `${field} = "${value.text.trim()}" is not a value of the picklist (${allowed.join(', ')})`
                                );
                        }
                    }
                break;
            }
            case 'CustomFieldTranslation': {
                const object = c.name.split('-')[0];
                if (!schema.hasField(object, textOf(root, 'name')))
                    add(c, root.line, `translates ${object}.${textOf(root, 'name')}, which does not exist`);
                break;
            }
            case 'CustomObjectTranslation': {
                const object = c.name.replace(/-[a-z]{2}(_[A-Z]{2})?$/, '');
                if (!schema.hasObject(object)) add(c, root.line, `translates object ${object}, which does not exist`);
                break;
            }
            case 'Translations':
                for (const l of kids(root, 'customLabels'))
                    if (!labelNames.has(textOf(l, 'name')))
                        add(c, l.line, `translates label ${textOf(l, 'name')}, which does not exist`);
                break;
            case 'NamedCredential':
                for (const p of kids(root, 'namedCredentialParameters')) {
                    const ec = textOf(p, 'externalCredential');
                    if (ec && !project.find(c.unit, 'ExternalCredential', ec))
                        add(c, p.line, `external credential ${ec} does not exist here`);
                }
                break;
            case 'ExternalServiceRegistration': {
                const nc = textOf(root, 'namedCredentialReference');
                if (nc && !project.find(c.unit, 'NamedCredential', nc))
                    add(c, root.line, `named credential ${nc} does not exist here`);
                break;
            }
            case 'ValidationRule': {
                // The formula's $Permission names and the object's fields: a rule naming a missing one fails to deploy.
                const object = c.name.split('.')[0];
                const formula = kid(root, 'errorConditionFormula');
                const text = formula?.text ?? '';
                for (const m of text.matchAll(/\$Permission\.([A-Za-z0-9_]+)/g))
                    if (!project.find(c.unit, 'CustomPermission', m[1]))
                        add(c, formula?.line ?? root.line, `$Permission.${m[1]}: no custom permission ${m[1]} here`);
                const withoutStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
                for (const m of withoutStrings.matchAll(/(?<![$.\w])([A-Za-z][A-Za-z0-9_]*__(?:c|r))\b/g)) {
                    const problem = schema.resolvePath(object, m[1].replace(/__r$/, '__c'));
                    if (problem) add(c, formula?.line ?? root.line, `formula field ${m[1]}: ${problem}`);
                }
                const display = textOf(root, 'errorDisplayField');
                if (display && schema.resolvePath(object, display))
                    add(c, root.line, `errorDisplayField ${display}: ${schema.resolvePath(object, display)}`);
                break;
            }
            case 'Flow': {
                for (const finding of checkFlowReferences(c, schema, (name) => labelNames.has(name)))
                    add(c, finding.line, finding.message);
                for (const call of kids(root, 'actionCalls')) {
                    if (textOf(call, 'actionType') === 'externalService') {
                        const registration = textOf(call, 'actionName').split('.')[0];
                        if (!project.find(c.unit, 'ExternalServiceRegistration', registration))
                            add(c, call.line, `External Service ${registration} is not deployed before this flow`);
                    }
                }
                break;
            }
            case 'LightningComponentBundle':
                for (const obj of descendants(root, 'object'))
                    if (!schema.hasObject(obj.text.trim())) add(c, obj.line, `target object ${obj.text.trim()} does not exist`);
                break;
            default:
                break;
        }
    }

    // LWC sources: @salesforce/schema and @salesforce/messageChannel imports.
    for (const bundle of project.bundles) {
        const schema = /** @type {Schema} */ (schemas.get(bundle.unit));
        for (const file of bundle.files.filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))) {
            if (file.endsWith('.js') && bundle.files.includes(file.replace(/\.js$/, '.ts'))) continue; // generated from the .ts
            const text = readFileSync(join(bundle.dir, file), 'utf8');
            const rel = relFile(project, join(bundle.dir, file));
            for (const m of text.matchAll(/['"]@salesforce\/schema\/([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_.]+))?['"]/g)) {
                const line = text.slice(0, m.index).split('\n').length;
                const [, object, path] = m;
                const problem = !schema.hasObject(object)
                    ? `${object} does not exist`
                    : path
                      ? schema.resolvePath(object, path)
                      : null;
                if (problem)
                    problems.push({
                        file: rel,
                        line,
                        rule: 'reference',
                        message: `@salesforce/schema/${object}${path ? `.${path}` : ''}: ${problem}`,
                        source: SOURCES.lwcSchema
                    });
            }
            for (const { specifier, line } of dynamicImports(text, file)) {
                const target = /^c\/([A-Za-z0-9_]+)$/.exec(specifier ?? '')?.[1];
                if (target && !project.bundles.some((b) => b.unit === bundle.unit && b.name === target))
                    problems.push({
                        file: rel,
                        line,
                        rule: 'reference',
                        message: `import('c/${target}'): no bundle ${target} where this bundle deploys`,
                        source: SOURCES.lwcDynamicImport
                    });
            }
            for (const m of text.matchAll(/['"]@salesforce\/messageChannel\/([A-Za-z0-9_]+)__c['"]/g)) {
                if (!project.find(bundle.unit, 'LightningMessageChannel', m[1]))
                    problems.push({
                        file: rel,
                        line: text.slice(0, m.index).split('\n').length,
                        rule: 'reference',
                        message: `message channel ${m[1]}__c is not in the package`
                    });
            }
        }
    }
    return problems;
}

/**
 * Adds, to a "does not exist" message, where the thing is when another unit has it (a package component naming
 * something of the connection, say).
 * @param {Project} project
 * @param {Component} from
 * @param {string} message
 */
function outside(project, from, message) {
    const m = /(?:flow access to|External Service|named credential|external credential) ([A-Za-z0-9_]+)/.exec(message);
    if (!m) return message;
    for (const type of ['Flow', 'ExternalServiceRegistration', 'NamedCredential', 'ExternalCredential']) {
        const elsewhere = project.anywhere(type, m[1]);
        if (elsewhere && elsewhere.unit !== from.unit)
            return `${message} (it is in ${elsewhere.unit}, which ${from.unit} cannot rely on: see docs/ORG-RULES.md)`;
    }
    return message;
}

// ---------------------------------------------------------------------------------------------------------- deploy

/**
 * What the platform refuses at deploy although the schema allows it.
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkDeployRules(project) {
    /** @type {Problem[]} */
    const problems = [];
    for (const c of project.ofType('PermissionSet')) {
        const schema = new Schema(project, c.unit);
        for (const fp of kids(c.root, 'fieldPermissions')) {
            const [object, field] = textOf(fp, 'field').split('.');
            const definition = schema.customField(object, field);
            const editable = textOf(fp, 'editable') === 'true';
            if (editable && textOf(fp, 'readable') !== 'true')
                problems.push({
                    file: c.file,
                    line: fp.line,
                    rule: 'deploy',
                    message: `${object}.${field}: editable without readable`,
                    source: SOURCES.fieldPermissions
                });
            if (!definition) {
                // A standard field required on create (Contact.LastName, Lead.Company…) takes no field-level security either.
                /** @type {{ required?: boolean } | undefined} */
                const standard = STANDARD_OBJECTS[object]?.fields?.[field];
                if (standard?.required)
                    problems.push({
                        file: c.file,
                        line: fp.line,
                        rule: 'deploy',
                        message: `${object}.${field} is a required standard field: field permissions cannot be set on it`,
                        source: SOURCES.fieldPermissions
                    });
                continue;
            }
            const type = textOf(definition.root, 'type');
            if (textOf(definition.root, 'required') === 'true' || type === 'MasterDetail')
                problems.push({
                    file: c.file,
                    line: fp.line,
                    rule: 'deploy',
                    message: `${object}.${field} is ${type === 'MasterDetail' ? 'a master-detail' : 'a required'} field: field permissions cannot be set on it`,
                    source: SOURCES.fieldPermissions
                });
            if (editable && (kid(definition.root, 'formula') || type === 'AutoNumber' || type === 'Summary'))
                problems.push({
                    file: c.file,
                    line: fp.line,
                    rule: 'deploy',
                    message: `${object}.${field} is calculated (${kid(definition.root, 'formula') ? 'formula' : type}): it cannot be editable`,
                    source: SOURCES.fieldPermissions
                });
        }
    }
    for (const c of project.ofType('Layout')) {
        const schema = new Schema(project, c.unit);
        const object = c.name.split('-')[0];
        for (const item of descendants(c.root, 'layoutItems')) {
            const field = textOf(item, 'field');
            const definition = field ? schema.customField(object, field) : undefined;
            if (definition && kid(definition.root, 'formula') && textOf(item, 'behavior') !== 'Readonly')
                problems.push({
                    file: c.file,
                    line: item.line,
                    rule: 'deploy',
                    message: `layout field ${field} is a formula: its behavior must be Readonly`,
                    source: SOURCES.layout
                });
        }
    }
    // Dynamic imports: only in a bundle that declares the capability, which needs API 55.0 or later.
    for (const c of project.ofType('LightningComponentBundle')) {
        const capability = descendants(c.root, 'capability').find((el) => el.text.trim() === DYNAMIC_IMPORT_CAPABILITY);
        const apiVersion = Number(textOf(c.root, 'apiVersion'));
        if (capability && !(apiVersion >= DYNAMIC_IMPORT_MIN_API_VERSION))
            problems.push({
                file: c.file,
                line: capability.line,
                rule: 'deploy',
                message: `capability ${DYNAMIC_IMPORT_CAPABILITY} needs apiVersion ${DYNAMIC_IMPORT_MIN_API_VERSION}.0 or later (this bundle: ${textOf(c.root, 'apiVersion') || 'none'})`,
                source: SOURCES.lwcDynamicImport
            });
        const bundle = project.bundles.find((b) => b.unit === c.unit && b.name === c.name);
        if (capability || !bundle) continue;
        for (const file of bundle.files.filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))) {
            if (file.endsWith('.js') && bundle.files.includes(file.replace(/\.js$/, '.ts'))) continue; // generated from the .ts
            for (const { line } of dynamicImports(readFileSync(join(bundle.dir, file), 'utf8'), file))
                problems.push({
                    file: relFile(project, join(bundle.dir, file)),
                    line,
                    rule: 'deploy',
                    message: `import() in a bundle without <capability>${DYNAMIC_IMPORT_CAPABILITY}</capability> in ${c.name}.js-meta.xml: the platform refuses it (LWC1503 Dynamic imports are not allowed)`,
                    source: SOURCES.lwcDynamicImport
                });
        }
    }
    // Roll Back Records exists in screen flows only: any other process type is refused (Flow Builder offers no such
    // element there).
    for (const c of project.ofType('Flow')) {
        const processType = textOf(c.root, 'processType');
        if (processType === 'Flow') continue;
        for (const el of kids(c.root, 'recordRollbacks'))
            problems.push({
                file: c.file,
                line: el.line,
                rule: 'deploy',
                message: `${textOf(el, 'name')}: Roll Back Records (recordRollbacks) is available only in screen flows (processType Flow), not ${processType || 'a flow without processType'}`,
                source: SOURCES.flowRollback
            });
    }
    // Flows that set fields the platform does not let anyone set.
    for (const c of project.ofType('Flow')) {
        const { names, triggerObject } = flowSymbols(c.root);
        for (const kind of ['recordUpdates']) {
            for (const el of kids(c.root, kind)) {
                const object =
                    textOf(el, 'object') ||
                    (textOf(el, 'inputReference').startsWith('$Record')
                        ? triggerObject
                        : names.get(textOf(el, 'inputReference'))?.object);
                for (const a of kids(el, 'inputAssignments')) {
                    const field = textOf(a, 'field');
                    /** @type {{ updateable?: boolean } | undefined} */
                    const facts = object ? STANDARD_OBJECTS[object]?.fields?.[field] : undefined;
                    if (facts && facts.updateable === false)
                        problems.push({
                            file: c.file,
                            line: a.line,
                            rule: 'deploy',
                            message: `${textOf(el, 'name')} updates ${object}.${field}, which cannot be updated once created`,
                            source: STANDARD_OBJECTS[object]?.source
                        });
                }
            }
        }
    }
    return problems;
}

// ------------------------------------------------------------------------------------------------------- packaging

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkPackaging(project) {
    /** @type {Problem[]} */
    const problems = [];
    const sfdxProject = JSON.parse(readFileSync(join(project.root, 'sfdx-project.json'), 'utf8'));
    for (const unit of project.units.filter((u) => u.kind === 'package')) {
        const entry = (sfdxProject.packageDirectories ?? []).find((/** @type {{ path: string }} */ d) => d.path === unit.name);
        const components = project.components.filter((c) => c.unit === unit.name);
        for (const c of components) {
            const reason = NOT_IN_PACKAGE[c.type];
            if (reason)
                problems.push({
                    file: c.file,
                    line: c.root.line,
                    rule: 'packaging',
                    message: `a ${c.type} must not be in the package ${unit.packageName}: ${reason}`,
                    source:
                        c.type === 'NamedCredential' || c.type === 'ExternalCredential'
                            ? SOURCES.ncUpgrade
                            : c.type === 'CallCenter'
                              ? SOURCES.openCtiRetirement
                              : c.type === 'ExtlClntAppGlobalOauthSettings'
                                ? SYNC_SOURCES.globalOauth
                                : c.type.startsWith('ExtlClntApp') || c.type === 'ExternalClientApplication'
                                  ? SYNC_SOURCES.packageEca
                                  : c.type === 'MatchingRules' || c.type === 'DuplicateRule'
                                    ? SYNC_SOURCES.matchingRuleLimits
                                    : SOURCES.packagingMetadataCoverage
                });
            // App-and-profile page assignments name profiles; the package build org has none of the subscriber's.
            if (c.type === 'CustomApplication' && kids(c.root, 'profileActionOverrides').length > 0)
                problems.push({
                    file: c.file,
                    line: kid(c.root, 'profileActionOverrides')?.line ?? 1,
                    rule: 'packaging',
                    message:
                        'a packaged app with profileActionOverrides makes sf package version create fail ("invalid cross reference id"): assign its pages with actionOverrides (app default), see docs/RECORD-PAGES.md',
                    source: SOURCES.cli2133
                });
            if (c.type === 'PermissionSet' && kids(c.root, 'externalCredentialPrincipalAccesses').length > 0)
                problems.push({
                    file: c.file,
                    line: kid(c.root, 'externalCredentialPrincipalAccesses')?.line ?? 1,
                    rule: 'packaging',
                    message:
                        'a packaged permission set granting an external credential principal makes sf package version create fail ("invalid cross reference id"): grant it in the connection (npm run configure)',
                    source: SOURCES.cli2735
                });
        }
        // unpackagedMetadata: a folder of the project, listed as a package directory (as the documentation's example).
        const unpackaged = entry?.unpackagedMetadata?.path;
        if (unpackaged && !(sfdxProject.packageDirectories ?? []).some((/** @type {{ path: string }} */ d) => d.path === unpackaged))
            problems.push({ file: 'sfdx-project.json', line: 1, rule: 'packaging', message: `unpackagedMetadata ${unpackaged} is not a package directory of the project`, source: SOURCES.unpackaged });
        // The build org: definitionFile with what the packaged metadata needs.
        const definitionFile = entry?.definitionFile;
        if (!definitionFile) {
            problems.push({
                file: 'sfdx-project.json',
                line: 1,
                rule: 'packaging',
                message: `package directory ${unit.name} has no definitionFile: the package build org gets no Translation Workbench or other features the metadata needs`,
                source: SOURCES.projectConfig
            });
            continue;
        }
        if (!existsSync(join(project.root, definitionFile))) {
            problems.push({
                file: 'sfdx-project.json',
                line: 1,
                rule: 'packaging',
                message: `definitionFile ${definitionFile} does not exist`,
                source: SOURCES.projectConfig
            });
            continue;
        }
        const definition = JSON.parse(readFileSync(join(project.root, definitionFile), 'utf8'));
        const needsTranslation = components.some((c) =>
            ['Translations', 'CustomObjectTranslation', 'CustomFieldTranslation'].includes(c.type)
        );
        if (needsTranslation && definition.settings?.languageSettings?.enableTranslationWorkbench !== true)
            problems.push({
                file: definitionFile,
                line: 1,
                rule: 'packaging',
                message:
                    'the package ships translations but the build org definition does not enable the Translation Workbench (settings.languageSettings.enableTranslationWorkbench)',
                source: SOURCES.scratchDef
            });
        if (!definition.edition)
            problems.push({
                file: definitionFile,
                line: 1,
                rule: 'packaging',
                message: 'the build org definition names no edition',
                source: SOURCES.scratchDef
            });
    }
    // The connection: a flow typed by an External Service is never in the same deployment as its registration.
    for (const flow of project.ofType('Flow')) {
        for (const call of kids(flow.root, 'actionCalls').filter((a) => textOf(a, 'actionType') === 'externalService')) {
            const registration = textOf(call, 'actionName').split('.')[0];
            const same = project.components.find(
                (c) => c.type === 'ExternalServiceRegistration' && c.name === registration && c.unit === flow.unit
            );
            if (same)
                problems.push({
                    file: flow.file,
                    line: call.line,
                    rule: 'packaging',
                    message: `flow ${flow.name} uses External Service ${registration}, deployed in the same step: deploy the registration first (${same.file})`,
                    source: SOURCES.cli2233
                });
        }
    }
    return problems;
}

// -------------------------------------------------------------------------------------------------------- flowtests

const ELEMENT_OPERATORS = new Set(['WasVisited', 'HasError']);

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkFlowTests(project) {
    /** @type {Problem[]} */
    const problems = [];
    for (const test of project.ofType('FlowTest')) {
        const add = (/** @type {number} */ line, /** @type {string} */ message) =>
            problems.push({ file: test.file, line, rule: 'flowtest', message, source: SOURCES.flowTest });
        const flowName = textOf(test.root, 'flowApiName');
        // "testType — Required. Specifies whether the test contains assertions." (API 66 page; the schema has it optional)
        if (!['WithAssertion', 'WithoutAssertion'].includes(textOf(test.root, 'testType'))) problems.push({ file: test.file, line: test.root.line, rule: 'flowtest', message: 'testType (WithAssertion or WithoutAssertion) is required', source: SOURCES.flowTestApi66 });
        else if (textOf(test.root, 'testType') === 'WithAssertion' && at(test.root, 'testPoints/assertions').length === 0) add(test.root.line, 'testType WithAssertion, but the test asserts nothing: it cannot fail');
        const flow = project.find(test.unit, 'Flow', flowName);
        if (!flow) {
            add(test.root.line, `flow ${flowName} does not exist`);
            continue;
        }
        const { names, start, triggerObject } = flowSymbols(flow.root);
        const schema = new Schema(project, test.unit);
        const nodes = new Set([...names].filter(([, v]) => FLOW_NODE_KINDS.includes(v.kind)).map(([k]) => k));
        const recordTriggerType = textOf(start, 'recordTriggerType');
        /** @type {Record<string, unknown> | null} */
        let inputRecord = null;
        for (const point of kids(test.root, 'testPoints')) {
            const element = textOf(point, 'elementApiName');
            if (!['Start', 'Finish'].includes(element)) add(point.line, `test point ${element}: test points are Start or Finish`);
            for (const parameter of kids(point, 'parameters')) {
                const type = textOf(parameter, 'type');
                if (type.startsWith('InputTriggeringRecord')) {
                    if (!triggerObject) {
                        add(parameter.line, `${flowName} is not record-triggered: it takes no triggering record`);
                        continue;
                    }
                    if (type === 'InputTriggeringRecordUpdated' && !['Update', 'CreateAndUpdate'].includes(recordTriggerType))
                        add(parameter.line, `${flowName} does not run on update (${recordTriggerType})`);
                    let record;
                    try {
                        record = JSON.parse(at(parameter, 'value/sobjectValue')[0]?.text ?? '');
                    } catch {
                        add(parameter.line, 'the triggering record is not JSON');
                        continue;
                    }
                    if (record?.attributes?.type !== triggerObject)
                        add(
                            parameter.line,
                            `the triggering record is a ${record?.attributes?.type}, the flow runs on ${triggerObject}`
                        );
                    for (const field of Object.keys(record).filter((k) => k !== 'attributes'))
                        if (!schema.hasField(triggerObject, field))
                            add(parameter.line, `the triggering record sets ${field}, which ${triggerObject} does not have`);
                    if (type === 'InputTriggeringRecordInitial' || !inputRecord) inputRecord = record;
                }
            }
            for (const condition of at(point, 'assertions/conditions')) {
                const left = textOf(condition, 'leftValueReference');
                const operator = textOf(condition, 'operator');
                const head = left.split('.')[0];
                const isElement = nodes.has(left);
                if (isElement && !ELEMENT_OPERATORS.has(operator))
                    add(condition.line, `${left} is a flow element: assert it with WasVisited or HasError, not ${operator}`);
                else if (!isElement && ELEMENT_OPERATORS.has(operator))
                    add(condition.line, `${operator} applies to flow elements; ${left} is not one`);
                else if (!isElement && head !== '$Record' && head !== '$Record__Prior' && !names.has(head))
                    add(condition.line, `${left} is not an element or resource of ${flowName}`);
                else if (head === '$Record' && left.includes('.')) {
                    const problem = triggerObject
                        ? schema.resolvePath(triggerObject, left.slice(left.indexOf('.') + 1))
                        : 'no triggering record';
                    if (problem) add(condition.line, `${left}: ${problem}`);
                }
                if (ELEMENT_OPERATORS.has(operator) && !kid(kid(condition, 'rightValue'), 'booleanValue'))
                    add(condition.line, `${operator} compares with true or false`);
                // An element that needs the saved record's Id cannot be asserted error-free on an unsaved test record.
                if (isElement && operator === 'HasError' && inputRecord && !('Id' in inputRecord)) {
                    const el = names.get(left)?.el;
                    const usesId =
                        el &&
                        (descendants(el, 'elementReference').some((r) => r.text.trim() === '$Record.Id') ||
                            textOf(el, 'inputReference') === '$Record');
                    if (usesId)
                        add(
                            condition.line,
                            `${left} works on the saved record's Id (it updates $Record or filters on $Record.Id) and the test record has none: asserting it has no error proves nothing about a real save`
                        );
                }
            }
        }
    }
    return problems;
}

/** Where analytics/check-references.mjs writes its paths from. */
const ANALYTICS_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/**
 * Reports, report types, dashboards, pages and apps (analytics/check-references.mjs) of every unit, as problems.
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkAnalytics(project) {
    /** @type {Problem[]} */
    const problems = [];
    for (const unit of project.units) {
        const base = existsSync(join(unit.dir, 'main', 'default')) ? join(unit.dir, 'main', 'default') : unit.dir;
        if (!existsSync(base)) continue;
        for (const text of checkAnalyticsReferences(base).problems) {
            const colon = text.indexOf(': ');
            const file = relative(project.root, resolve(ANALYTICS_ROOT, text.slice(0, colon)))
                .split(sep)
                .join('/');
            const type = FOLDER_TYPES[file.split('/').find((segment) => Object.hasOwn(FOLDER_TYPES, segment)) ?? ''];
            problems.push({ file, line: 1, rule: 'reference', message: text.slice(colon + 2), source: TYPE_DOCS[type] });
        }
    }
    return problems;
}

// ------------------------------------------------------------------------------ Visualforce pages and call centers

/** Visualforce attributes that bind a page to Apex: the package ships none. */
const APEX_PAGE_ATTRIBUTES = ['controller', 'extensions'];
/** reqSalesforceCompatibilityMode values that show the softphone in Lightning Experience (the default is Classic). */
const LIGHTNING_MODES = ['Lightning', 'Classic_and_Lightning'];

/**
 * The opening <apex:page …> tag of a Visualforce page (comments ignored): its attribute text and line, or null.
 * @param {string} markup
 * @returns {{ attributes: string, line: number } | null}
 */
export function apexPageTag(markup) {
    const blanked = markup.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
    const m = /<apex:page\b([^>]*)>/i.exec(blanked);
    return m ? { attributes: m[1], line: blanked.slice(0, m.index).split('\n').length } : null;
}

/**
 * Visualforce pages (no Apex in the package; their $Resource and $Label names exist) and call centers (the adapter
 * page exists where the call center deploys; Lightning compatibility, the Open CTI API, consistent settings).
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkPagesAndCallCenters(project) {
    /** @type {Problem[]} */
    const problems = [];
    const labelNames = new Set(
        project.ofType('CustomLabels').flatMap((c) => kids(c.root, 'labels').map((l) => textOf(l, 'fullName')))
    );
    for (const c of project.ofType('ApexPage')) {
        const markupFile = c.file.replace(/\.page-meta\.xml$/, '.page');
        if (!existsSync(join(project.root, markupFile))) {
            problems.push({ file: c.file, line: 1, rule: 'deploy', message: `the page markup ${markupFile} is missing beside its -meta.xml`, source: TYPE_DOCS.ApexPage });
            continue;
        }
        const markup = readFileSync(join(project.root, markupFile), 'utf8');
        const tag = apexPageTag(markup);
        if (!tag) {
            problems.push({ file: markupFile, line: 1, rule: 'deploy', message: 'no <apex:page> tag', source: SOURCES.vfPage });
            continue;
        }
        const unit = project.unit(c.unit);
        for (const attribute of APEX_PAGE_ATTRIBUTES)
            if (unit.kind === 'package' && new RegExp(`(^|\\s)${attribute}\\s*=`, 'i').test(tag.attributes))
                problems.push({
                    file: markupFile,
                    line: tag.line,
                    rule: 'packaging',
                    message: `<apex:page ${attribute}=…> binds the page to Apex: the package ${unit.packageName} ships no Apex, so a packaged Visualforce page has no controller and no extensions`,
                    source: SOURCES.vfPage
                });
        markup.split('\n').forEach((text, index) => {
            for (const m of text.matchAll(/\$Resource\.([A-Za-z0-9_]+)/g))
                if (!project.find(c.unit, 'StaticResource', m[1]))
                    problems.push({ file: markupFile, line: index + 1, rule: 'reference', message: `$Resource.${m[1]} is not a static resource here`, source: TYPE_DOCS.ApexPage });
            for (const m of text.matchAll(/\$Label\.([A-Za-z0-9_]+)/g))
                if (!labelNames.has(m[1]))
                    problems.push({ file: markupFile, line: index + 1, rule: 'reference', message: `$Label.${m[1]} is not a Custom Label`, source: TYPE_DOCS.ApexPage });
        });
    }
    for (const c of project.ofType('CallCenter')) {
        /** @type {Map<string, { value: string, line: number }>} */
        const items = new Map(
            descendants(c.root, 'items').map((item) => [textOf(item, 'name'), { value: textOf(item, 'value'), line: item.line }])
        );
        const adapterUrl = kid(c.root, 'adapterUrl');
        const urls = [
            ...(adapterUrl ? [{ value: adapterUrl.text.trim(), line: adapterUrl.line, what: 'adapterUrl' }] : []),
            ...(items.has('reqAdapterUrl') ? [{ ...items.get('reqAdapterUrl'), what: 'reqAdapterUrl' }] : [])
        ];
        if (urls.length === 2 && urls[0].value !== urls[1].value)
            problems.push({ file: c.file, line: urls[1].line, rule: 'reference', message: `reqAdapterUrl ${urls[1].value} differs from adapterUrl ${urls[0].value}`, source: SOURCES.ctiRequired });
        for (const url of urls) {
            const page = /^\/apex\/([A-Za-z0-9_]+)(?:[?#].*)?$/.exec(url.value);
            if (page && !project.find(c.unit, 'ApexPage', page[1]))
                problems.push({ file: c.file, line: url.line, rule: 'reference', message: `${url.what} ${url.value}: ${page[1]} is not a Visualforce page where this call center deploys`, source: TYPE_DOCS.CallCenter });
        }
        const mode = items.get('reqSalesforceCompatibilityMode');
        if (!mode || !LIGHTNING_MODES.includes(mode.value))
            problems.push({
                file: c.file,
                line: mode?.line ?? c.root.line,
                rule: 'deploy',
                message: `reqSalesforceCompatibilityMode ${mode ? mode.value : '(missing: Classic)'}: the softphone and click-to-dial work in Lightning Experience only with ${LIGHTNING_MODES.join(' or ')}`,
                source: SOURCES.ctiRequired
            });
        const useApi = items.get('reqUseApi');
        if (useApi?.value !== 'true')
            problems.push({ file: c.file, line: useApi?.line ?? c.root.line, rule: 'deploy', message: 'reqUseApi must be true for an Open CTI softphone', source: SOURCES.ctiRequired });
        const custom = kid(c.root, 'customSettings');
        if (custom) {
            let settings;
            try {
                settings = JSON.parse(custom.text);
            } catch {
                problems.push({ file: c.file, line: custom.line, rule: 'deploy', message: 'customSettings is not JSON', source: TYPE_DOCS.CallCenter });
                continue;
            }
            for (const [name, value] of Object.entries(settings ?? {}))
                if (items.has(name) && items.get(name)?.value !== String(value))
                    problems.push({ file: c.file, line: custom.line, rule: 'deploy', message: `customSettings ${name}=${String(value)} differs from its item (${items.get(name)?.value})`, source: TYPE_DOCS.CallCenter });
        }
    }
    return problems;
}

/**
 * Every rule over a project.
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkAll(project) {
    return [
        ...project.unreadable.map((u) => ({ ...u, rule: 'xml' })),
        ...checkLimits(project),
        ...checkReferences(project),
        ...checkAnalytics(project),
        ...checkDeployRules(project),
        ...checkPackaging(project),
        ...checkFlowTests(project),
        ...checkPagesAndCallCenters(project),
        ...checkContactSync(project),
        ...checkPersonalData(project)
    ].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
