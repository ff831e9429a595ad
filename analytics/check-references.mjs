// Cross-file consistency of the analytics and app metadata, which the XML schema cannot see:
//   reports      → an existing custom report type (<DevName>__c) and, for every column, grouping, filter,
//                  chart, sort and time-frame token, a column that report type declares (`<table>$<field>`);
//                  filter values valid for the field (checkbox 1/0, picklist API values);
//   report types → a category of the Metadata API, joins through child relationships the package knows, fields that
//                  exist on the base or joined object (package fields, cited standard fields), or standard fields of
//                  the lookup target;
//   dashboards   → reports of this package, LoggedInUser with no running user;
//   flexipages   → a known template for the page type, its regions only, unique region names and identifiers,
//                  tabs/body facets that exist (and no facet nobody shows); standard components of the cited
//                  catalogue (STANDARD_COMPONENTS) on a page type and object they support, with known properties;
//                  c: components that exist, are exposed, target the page type (and object), and set only the
//                  properties their targetConfig declares, with values of the declared type and range;
//   apps         → an existing utility bar flexipage; View overrides on a record page of that object, the Home
//                  tab override (Tab on standard-home) on a Home page. (profileActionOverrides: a packaging rule of
//                  scripts/lib/org-rules/rules.mjs.)
// Usage: node analytics/check-references.mjs [packageDir]  (default: force-app/main/default)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
// Standard fields a report type may reach through a lookup: the cited standard schema the whole gate uses (the
// package cannot see the subscriber org's schema, so this list is the contract).
import { STANDARD_OBJECTS, STANDARD_COMPONENTS, STANDARD_TEMPLATES } from '../scripts/lib/org-rules/standard-schema.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ARRAYS = new Set([
    'sections', 'columns', 'criteriaItems', 'groupingsDown', 'groupingsAcross', 'chartSummaries', 'dashboardGridComponents',
    'components', 'flexiPageRegions', 'itemInstances', 'componentInstanceProperties', 'targets', 'target', 'targetConfig', 'object',
    'actionOverrides', 'tabs', 'chartSummary', 'property', 'valueListItems'
]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: (name) => ARRAYS.has(name) });

/** Standard fields every custom object has, as report types name them. */
const STANDARD_OBJECT_FIELDS = ['Id', 'Name', 'Owner', 'CreatedBy', 'CreatedDate', 'LastModifiedBy', 'LastModifiedDate'];
/** Properties of standard container components whose value is the name of a Facet region of the page. */
const FACET_PROPERTIES = { 'flexipage:tabset': ['tabs'], 'flexipage:tab': ['body'] };
const PAGE_TARGET = { RecordPage: 'lightning__RecordPage', AppPage: 'lightning__AppPage', HomePage: 'lightning__HomePage', UtilityBar: 'lightning__UtilityBar' };

const list = (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);
const text = (value) => (value === undefined || value === null ? '' : typeof value === 'object' ? String(value['#text'] ?? '') : String(value));

function files(dir, suffix) {
    if (!existsSync(dir)) {
        return [];
    }
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...files(full, suffix));
        } else if (entry.name.endsWith(suffix)) {
            out.push(full);
        }
    }
    return out.sort();
}

function read(file) {
    return parser.parse(readFileSync(file, 'utf8'));
}

/**
 * Fields and lookup targets of every object a report type may use: { Object: Map(field → referenceTo|null) }. An
 * object is the package's own custom fields (objects/<Object>/fields) plus, for a standard object, the fields of the
 * cited standard schema, its lookups named as report types name them (the relationship name: OwnerId → Owner, as in
 * the Volunteers for Salesforce report type `Volunteer_Campaigns`: `Owner`, `Parent`, `CreatedBy` on Campaign).
 */
function objectFields(base) {
    const objects = new Map();
    for (const [name, object] of Object.entries(STANDARD_OBJECTS)) {
        // Only the fields the schema lists (a CampaignMember has no Owner): its system fields give Id, CreatedBy...
        const fields = new Map();
        for (const [field, meta] of Object.entries(object.fields ?? {})) {
            const target = meta.type === 'reference' && meta.referenceTo?.length === 1 ? meta.referenceTo[0] : null;
            fields.set(field, null);
            if (meta.relationshipName) {
                fields.set(meta.relationshipName, target);
            }
        }
        objects.set(name, fields);
    }
    const dir = join(base, 'objects');
    if (!existsSync(dir)) {
        return objects;
    }
    for (const object of readdirSync(dir)) {
        const fields = objects.get(object) ?? new Map(STANDARD_OBJECT_FIELDS.map((f) => [f, null]));
        for (const file of files(join(dir, object, 'fields'), '.field-meta.xml')) {
            const field = read(file).CustomField;
            fields.set(basename(file, '.field-meta.xml'), field.type === 'Lookup' || field.type === 'MasterDetail' ? text(field.referenceTo) : null);
        }
        objects.set(object, fields);
    }
    return objects;
}

/**
 * Child relationships a report type may join, { Parent: { relationship: Child } }: the package's own lookups and
 * master-details (`<relationshipName>__r`) and the standard ones the package uses. Campaign → CampaignMembers is the
 * child relationship of CampaignMember.CampaignId (SOQL `SELECT Id, (SELECT Id FROM CampaignMembers) FROM Campaign`;
 * SOQL and SOSL Reference, *Relationship Queries*; Object Reference, *CampaignMember*).
 */
const STANDARD_CHILD_RELATIONSHIPS = { Campaign: { CampaignMembers: 'CampaignMember' } };

function childRelationships(base) {
    const out = new Map(Object.entries(STANDARD_CHILD_RELATIONSHIPS).map(([parent, children]) => [parent, new Map(Object.entries(children))]));
    const dir = join(base, 'objects');
    if (!existsSync(dir)) {
        return out;
    }
    for (const object of readdirSync(dir)) {
        for (const file of files(join(dir, object, 'fields'), '.field-meta.xml')) {
            const field = read(file).CustomField;
            if ((field.type === 'Lookup' || field.type === 'MasterDetail') && field.relationshipName) {
                const parent = text(field.referenceTo);
                if (!out.has(parent)) {
                    out.set(parent, new Map());
                }
                out.get(parent).set(`${text(field.relationshipName)}__r`, object);
            }
        }
    }
    return out;
}

/** Report type categories (Metadata API Developer Guide, *ReportType*, field `category`). */
const REPORT_TYPE_CATEGORIES = [
    'accounts', 'opportunities', 'forecasts', 'cases', 'leads', 'campaigns', 'activities', 'busop', 'products', 'admin',
    'territory', 'territory2', 'usage_entitlement', 'wdc', 'calibration', 'other', 'content', 'quotes', 'individual'
];

/**
 * LWC bundles: name → { exposed, targets, objects by target, properties by target }. A property is
 * { type, min, max } as its <property> declares it in the targetConfig of that target.
 */
function bundles(base) {
    const out = new Map();
    for (const file of files(join(base, 'lwc'), '.js-meta.xml')) {
        const meta = read(file).LightningComponentBundle;
        const targets = list(meta.targets?.[0]?.target ?? meta.targets?.target).map(text);
        const objects = new Map();
        const properties = new Map();
        for (const config of list(meta.targetConfigs?.targetConfig)) {
            const objs = list(config.objects?.object).map(text);
            const props = new Map(
                list(config.property).map((p) => [
                    String(p['@name']),
                    { type: String(p['@type'] ?? 'String'), min: p['@min'], max: p['@max'] }
                ])
            );
            for (const target of String(config['@targets'] ?? '').split(',').map((t) => t.trim())) {
                objects.set(target, objs);
                properties.set(target, props);
            }
        }
        out.set(basename(file, '.js-meta.xml'), { exposed: text(meta.isExposed) === 'true', targets, objects, properties });
    }
    return out;
}

/** A problem with a value set on a c: component property declared as { type, min, max }, or null. */
function propertyValueProblem(declared, value) {
    if (declared.type === 'Boolean' && value !== 'true' && value !== 'false') {
        return `is a Boolean: "${value}" is neither true nor false`;
    }
    if (declared.type === 'Integer') {
        if (!/^-?\d+$/.test(value)) {
            return `is an Integer: "${value}" is not one`;
        }
        const n = Number(value);
        if (declared.min !== undefined && n < Number(declared.min)) {
            return `is at least ${declared.min}: ${value} is below`;
        }
        if (declared.max !== undefined && n > Number(declared.max)) {
            return `is at most ${declared.max}: ${value} is above`;
        }
    }
    return null;
}

/** Type and picklist API values of every custom field: { Obj__c: Map(field → { type, values }) }, for filter values. */
function fieldDetails(base) {
    const objects = new Map();
    const dir = join(base, 'objects');
    if (!existsSync(dir)) {
        return objects;
    }
    for (const object of readdirSync(dir)) {
        const fields = new Map();
        for (const file of files(join(dir, object, 'fields'), '.field-meta.xml')) {
            const field = read(file).CustomField;
            const values = list(field.valueSet?.valueSetDefinition?.value).map((v) => text(v.fullName));
            fields.set(basename(file, '.field-meta.xml'), { type: text(field.type), values });
        }
        objects.set(object, fields);
    }
    return objects;
}

/**
 * Problems with a filter value on a field of the report type's base object: a checkbox is filtered on 1 or 0
 * (the form reports retrieved from orgs use, never true/false), a restricted picklist on its API values.
 */
function filterValueProblems(details, tables, token, operator, value) {
    const [table, field] = token.split('$');
    const meta = details.get(tables.get(table) ?? table)?.get(field ?? '');
    if (!meta) {
        return [];
    }
    if (meta.type === 'Checkbox' && !['0', '1'].includes(value)) {
        return [`filter ${token} ${operator} "${value}": a checkbox filter value is 1 or 0`];
    }
    if ((meta.type === 'Picklist' || meta.type === 'MultiselectPicklist') && meta.values.length > 0) {
        return value
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v && !meta.values.includes(v))
            .map((v) => `filter ${token} ${operator} "${v}": not a value of the picklist (${meta.values.join(', ')})`);
    }
    return [];
}

/**
 * Problems of one Lightning page: template and regions, region names, identifiers, facets, standard components
 * (against the cited catalogue) and c: components (against their .js-meta.xml).
 */
function pageProblems(at, page, type, sobject, lwc) {
    const problems = [];
    const templateName = text(page.template?.name);
    const template = STANDARD_TEMPLATES[templateName];
    if (!template) {
        problems.push(`${at}: template ${templateName || '(none)'} is not a template the package knows (standard-schema.mjs STANDARD_TEMPLATES)`);
    } else if (!template.pages.includes(type)) {
        problems.push(`${at}: template ${templateName} is for ${template.pages.join('/')} pages, not ${type}`);
    }
    const regions = list(page.flexiPageRegions);
    const names = new Map();
    const facets = new Set();
    for (const region of regions) {
        const name = text(region.name);
        names.set(name, (names.get(name) ?? 0) + 1);
        if (text(region.type) === 'Facet') {
            facets.add(name);
        } else if (template && !template.regions.includes(name)) {
            problems.push(`${at}: region ${name} is not a region of ${templateName} (${template.regions.join(', ')})`);
        }
    }
    for (const [name, count] of names) {
        if (count > 1) {
            problems.push(`${at}: region or facet name ${name} is used ${count} times (names are unique in a page)`);
        }
    }
    const identifiers = new Map();
    const shown = new Set();
    for (const region of regions) {
        for (const item of list(region.itemInstances)) {
            const instance = item.componentInstance;
            const name = text(instance?.componentName);
            if (!name) {
                continue;
            }
            const identifier = text(instance.identifier);
            if (identifier) {
                identifiers.set(identifier, (identifiers.get(identifier) ?? 0) + 1);
            }
            const properties = list(instance.componentInstanceProperties);
            for (const property of properties) {
                if ((FACET_PROPERTIES[name] ?? []).includes(text(property.name))) {
                    const facet = text(property.value);
                    shown.add(facet);
                    if (!facets.has(facet)) {
                        problems.push(`${at}: ${name} ${text(property.name)} = ${facet}, which is not a Facet of this page`);
                    }
                }
            }
            const [namespace, component] = name.split(':');
            if (namespace === 'c') {
                problems.push(...customComponentProblems(at, name, component, properties, type, sobject, lwc));
            } else {
                problems.push(...standardComponentProblems(at, name, properties, type, sobject));
            }
        }
    }
    for (const [identifier, count] of identifiers) {
        if (count > 1) {
            problems.push(`${at}: component identifier ${identifier} is used ${count} times (identifiers are unique in a page)`);
        }
    }
    for (const facet of facets) {
        if (!shown.has(facet)) {
            problems.push(`${at}: facet ${facet} is shown by no tab or tab set`);
        }
    }
    return problems;
}

/** A standard component: listed in STANDARD_COMPONENTS for this page type (and object), with known properties. */
function standardComponentProblems(at, name, properties, type, sobject) {
    const known = STANDARD_COMPONENTS[name];
    if (!known) {
        return [`${at}: component ${name} is neither a c: bundle nor a standard component the package knows (standard-schema.mjs STANDARD_COMPONENTS, each with a public source)`];
    }
    const problems = [];
    if (!known.pages.includes(type)) {
        problems.push(`${at}: component ${name} is used on ${known.pages.join('/')} pages, not ${type}`);
    }
    if (known.objects && !known.objects.includes(sobject)) {
        problems.push(`${at}: component ${name} is for ${known.objects.join('/')} record pages, not ${sobject || type}`);
    }
    for (const property of properties) {
        const prop = text(property.name);
        if (text(property.type) === 'decorator') {
            continue;
        }
        if (!known.properties.includes(prop)) {
            problems.push(`${at}: ${name} has no property ${prop} the package knows (${known.properties.join(', ') || 'none'})`);
        } else if (known.values?.[prop] && property.value !== undefined && !known.values[prop].includes(text(property.value))) {
            problems.push(`${at}: ${name} ${prop} = "${text(property.value)}" is not one of ${known.values[prop].join(', ')}`);
        }
    }
    return problems;
}

/** A c: component: an exposed bundle targeting the page type and object, setting only properties it declares there. */
function customComponentProblems(at, name, component, properties, type, sobject, lwc) {
    const bundle = lwc.get(component);
    const target = PAGE_TARGET[type];
    if (!bundle) {
        return [`${at}: component ${name} has no LWC bundle lwc/${component}`];
    }
    if (!bundle.exposed) {
        return [`${at}: component ${name} is not exposed (isExposed false)`];
    }
    if (!bundle.targets.includes(target)) {
        return [`${at}: component ${name} does not declare the target ${target} of a ${type} page`];
    }
    const problems = [];
    const objects = bundle.objects.get(target) ?? [];
    if (sobject && objects.length > 0 && !objects.includes(sobject)) {
        problems.push(`${at}: component ${name} is not available on ${sobject} record pages (its ${target} objects: ${objects.join(', ')})`);
    }
    const declared = bundle.properties.get(target) ?? new Map();
    for (const property of properties) {
        const prop = text(property.name);
        if (text(property.type) === 'decorator') {
            continue;
        }
        const declaration = declared.get(prop);
        if (!declaration) {
            problems.push(`${at}: ${name} sets ${prop}, which its ${target} targetConfig does not declare (${[...declared.keys()].join(', ') || 'no properties'})`);
            continue;
        }
        const problem = propertyValueProblem(declaration, text(property.value));
        if (problem) {
            problems.push(`${at}: ${name} ${prop} ${problem}`);
        }
    }
    return problems;
}

export function checkReferences(base) {
    const problems = [];
    const where = (file) => relative(ROOT, file).split('\\').join('/');
    const objects = objectFields(base);

    // Report types: name → { tokens: Set of `<table>$<field>`, tables: Map(table → object) }. The base object is the
    // table `<Base>`; each join adds the table `<parent table>.<relationship>` (Volunteers for Salesforce:
    // `Volunteer_Job__c.Volunteer_Job_Slots__r`, then `Volunteer_Job__c.Volunteer_Job_Slots__r.Volunteer_Hours__r`).
    const reportTypes = new Map();
    const children = childRelationships(base);
    for (const file of files(join(base, 'reportTypes'), '.reportType-meta.xml')) {
        const rt = read(file).ReportType;
        const name = basename(file, '.reportType-meta.xml');
        const baseObject = text(rt.baseObject);
        const tokens = new Set();
        const tables = new Map([[baseObject, baseObject]]);
        if (!objects.has(baseObject)) {
            problems.push(`${where(file)}: base object ${baseObject} is neither an object of this package nor a cited standard object`);
        }
        if (!REPORT_TYPE_CATEGORIES.includes(text(rt.category))) {
            problems.push(`${where(file)}: category ${text(rt.category) || '(none)'} is not a report type category`);
        }
        let join = rt.join;
        let parentTable = baseObject;
        while (join) {
            const relationship = text(join.relationship);
            const parent = tables.get(parentTable);
            const child = children.get(parent)?.get(relationship);
            if (!child) {
                problems.push(`${where(file)}: ${parent} has no child relationship ${relationship} the package knows`);
                break;
            }
            if (!['true', 'false'].includes(text(join.outerJoin))) {
                problems.push(`${where(file)}: join ${relationship} needs outerJoin true (with or without) or false (with)`);
            }
            parentTable = `${parentTable}.${relationship}`;
            tables.set(parentTable, child);
            join = join.join;
        }
        for (const section of list(rt.sections)) {
            for (const column of list(section.columns)) {
                const table = text(column.table);
                const field = text(column.field);
                tokens.add(`${table}$${field}`);
                const object = tables.get(table);
                if (!object) {
                    problems.push(`${where(file)}: column ${field} is on table ${table}, which this report type does not join`);
                    continue;
                }
                const fields = objects.get(object);
                if (!fields) {
                    continue;
                }
                const [first, second, ...rest] = field.split('.');
                if (!fields.has(first)) {
                    problems.push(`${where(file)}: ${object} has no field ${first} (column ${field})`);
                } else if (second !== undefined) {
                    const target = fields.get(first);
                    if (!target) {
                        problems.push(`${where(file)}: ${first} is not a lookup, so ${field} cannot traverse it`);
                    } else if (rest.length > 0 || !STANDARD_OBJECTS[target]?.fields?.[second]) {
                        problems.push(`${where(file)}: ${field} is not a known ${target} field`);
                    }
                }
            }
        }
        reportTypes.set(`${name}__c`, { tokens, tables });
    }

    // Reports.
    const reports = new Set();
    const details = fieldDetails(base);
    for (const file of files(join(base, 'reports'), '.report-meta.xml')) {
        const folder = basename(dirname(file));
        reports.add(`${folder}/${basename(file, '.report-meta.xml')}`);
        const report = read(file).Report;
        const type = text(report.reportType);
        const { tokens, tables } = reportTypes.get(type) ?? {};
        if (!tokens) {
            problems.push(`${where(file)}: report type ${type} is not a custom report type of this package`);
            continue;
        }
        const used = [
            ...list(report.columns).map((c) => ['column', text(c.field)]),
            ...list(report.groupingsDown).map((g) => ['grouping', text(g.field)]),
            ...list(report.groupingsAcross).map((g) => ['grouping', text(g.field)]),
            ...list(report.filter?.criteriaItems).map((c) => ['filter', text(c.column)]),
            ...list(report.chart?.chartSummaries).map((c) => ['chart summary', text(c.column)]),
            ['chart grouping', text(report.chart?.groupingColumn)],
            ['chart grouping', text(report.chart?.secondaryGroupingColumn)],
            ['sort column', text(report.sortColumn)],
            ['time frame', text(report.timeFrameFilter?.dateColumn)]
        ];
        for (const [role, token] of used) {
            if (token && token !== 'RowCount' && !tokens.has(token)) {
                problems.push(`${where(file)}: ${role} ${token} is not a column of report type ${type}`);
            }
        }
        for (const criterion of list(report.filter?.criteriaItems)) {
            for (const problem of filterValueProblems(details, tables, text(criterion.column), text(criterion.operator), text(criterion.value))) {
                problems.push(`${where(file)}: ${problem}`);
            }
        }
        const grouped = new Set([...list(report.groupingsDown), ...list(report.groupingsAcross)].map((g) => text(g.field)));
        for (const column of list(report.columns)) {
            if (grouped.has(text(column.field))) {
                problems.push(`${where(file)}: ${text(column.field)} is both a grouping and a column`);
            }
        }
        const format = text(report.format);
        if (format === 'Tabular' && grouped.size > 0) {
            problems.push(`${where(file)}: a Tabular report cannot have groupings`);
        }
        if ((format === 'Summary' || format === 'Matrix') && list(report.groupingsDown).length === 0) {
            problems.push(`${where(file)}: a ${format} report needs a row grouping`);
        }
        if (format === 'Matrix' && list(report.groupingsAcross).length === 0) {
            problems.push(`${where(file)}: a Matrix report needs a column grouping`);
        }
    }

    // Dashboards.
    for (const file of files(join(base, 'dashboards'), '.dashboard-meta.xml')) {
        const dashboard = read(file).Dashboard;
        if (text(dashboard.dashboardType) !== 'LoggedInUser') {
            problems.push(`${where(file)}: dashboardType must be LoggedInUser (a fixed running user does not exist in a customer's org)`);
        }
        if (dashboard.runningUser !== undefined) {
            problems.push(`${where(file)}: has a runningUser, which would not exist in a customer's org`);
        }
        const components = [
            ...list(dashboard.dashboardGridLayout?.dashboardGridComponents).map((g) => g.dashboardComponent),
            ...['leftSection', 'middleSection', 'rightSection'].flatMap((s) => list(dashboard[s]?.components))
        ];
        if (components.length === 0) {
            problems.push(`${where(file)}: has no components`);
        }
        for (const component of components) {
            const report = text(component?.report);
            if (!reports.has(report)) {
                problems.push(`${where(file)}: component "${text(component?.header)}" uses report ${report || '(none)'}, which is not in this package`);
            }
        }
    }

    // FlexiPages.
    const lwc = bundles(base);
    const flexipages = new Map();
    for (const file of files(join(base, 'flexipages'), '.flexipage-meta.xml')) {
        const page = read(file).FlexiPage;
        const type = text(page.type);
        const sobject = text(page.sobjectType);
        const at = where(file);
        flexipages.set(basename(file, '.flexipage-meta.xml'), { type, sobject });
        if (sobject && !objects.has(sobject) && !sobject.match(/^[A-Z][A-Za-z]+$/)) {
            problems.push(`${at}: sobjectType ${sobject} is unknown`);
        }
        if (type === 'RecordPage' && !sobject) {
            problems.push(`${at}: a RecordPage needs an sobjectType`);
        }
        problems.push(...pageProblems(at, page, type, sobject, lwc));
    }

    // Apps.
    for (const file of files(join(base, 'applications'), '.app-meta.xml')) {
        const app = read(file).CustomApplication;
        const utilityBar = text(app.utilityBar);
        if (!utilityBar) {
            problems.push(`${where(file)}: has no utility bar (the softphone lives there)`);
        } else if (flexipages.get(utilityBar)?.type !== 'UtilityBar') {
            problems.push(`${where(file)}: utility bar ${utilityBar} is not a UtilityBar flexipage of this package`);
        }
        const tabs = list(app.tabs).map(text);
        const seen = new Set();
        for (const override of list(app.actionOverrides)) {
            const name = text(override.content);
            const page = flexipages.get(name);
            const object = text(override.pageOrSobjectType);
            const action = text(override.actionName);
            const key = `${action} ${object} ${text(override.formFactor) || 'Large'}`;
            if (seen.has(key)) {
                problems.push(`${where(file)}: two ${action} overrides of ${object} for the same form factor`);
            }
            seen.add(key);
            if (text(override.type) !== 'Flexipage') {
                continue;
            }
            if (object === 'standard-home') {
                // The Home tab: <actionName>Tab</actionName> on standard-home (lower-case h), a HomePage.
                if (action !== 'Tab') {
                    problems.push(`${where(file)}: the Home override is <actionName>Tab</actionName>, not ${action}`);
                } else if (page?.type !== 'HomePage') {
                    problems.push(`${where(file)}: Home override uses ${name}, which is not a Home page of this package`);
                }
                if (!tabs.includes('standard-home')) {
                    problems.push(`${where(file)}: overrides Home, but standard-home is not one of its tabs`);
                }
            } else if (object.startsWith('standard-')) {
                problems.push(`${where(file)}: override of ${object}: only standard-home takes a Lightning page override (objects are named without standard-)`);
            } else if (action !== 'View') {
                problems.push(`${where(file)}: override ${action} of ${object} with a Lightning page: a record page overrides View`);
            } else if (page?.type !== 'RecordPage' || page.sobject !== object) {
                problems.push(`${where(file)}: override of ${object} uses ${name}, which is not a record page of ${object}`);
            }
        }
        for (const tab of tabs) {
            if (!tab.startsWith('standard-') && !existsSync(join(base, 'tabs', `${tab}.tab-meta.xml`))) {
                problems.push(`${where(file)}: tab ${tab} does not exist in this package`);
            }
        }
    }
    return { problems, counts: { reportTypes: reportTypes.size, reports: reports.size, flexipages: flexipages.size } };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const base = resolve(process.argv[2] ?? join(ROOT, 'force-app', 'main', 'default'));
    const { problems, counts } = checkReferences(base);
    for (const problem of problems) {
        console.error(problem);
    }
    console.log(`analytics references: ${counts.reportTypes} report types, ${counts.reports} reports, ${counts.flexipages} flexipages, ${problems.length} problems`);
    process.exitCode = problems.length ? 1 : 0;
}
