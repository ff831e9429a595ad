// Cross-file consistency of the analytics and app metadata, which the XML schema cannot see:
//   reports      → an existing custom report type (<DevName>__c) and, for every column, grouping, filter,
//                  chart, sort and time-frame token, a column that report type declares (`<table>$<field>`);
//                  filter values valid for the field (checkbox 1/0, picklist API values);
//   report types → fields that exist on the base object, or standard fields of the lookup target;
//   dashboards   → reports of this package, LoggedInUser with no running user;
//   flexipages   → c: components that exist, are exposed and target the page type (and object);
//   apps         → an existing utility bar flexipage and existing record-page overrides.
// Usage: node analytics/check-references.mjs [packageDir]  (default: force-app/main/default)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
// Standard fields a report type may reach through a lookup: the cited standard schema the whole gate uses (the
// package cannot see the subscriber org's schema, so this list is the contract).
import { STANDARD_OBJECTS } from '../scripts/lib/org-rules/standard-schema.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ARRAYS = new Set([
    'sections', 'columns', 'criteriaItems', 'groupingsDown', 'groupingsAcross', 'chartSummaries', 'dashboardGridComponents',
    'components', 'flexiPageRegions', 'itemInstances', 'componentInstanceProperties', 'targets', 'target', 'targetConfig', 'object',
    'actionOverrides', 'tabs', 'chartSummary'
]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, isArray: (name) => ARRAYS.has(name) });

/** Standard fields every custom object has, as report types name them. */
const STANDARD_OBJECT_FIELDS = ['Id', 'Name', 'Owner', 'CreatedBy', 'CreatedDate', 'LastModifiedBy', 'LastModifiedDate'];
/** Base-library components a page may use (they ship with every org). */
const STANDARD_COMPONENT_NAMESPACES = ['force', 'flexipage', 'runtime_sales_activities', 'console', 'one'];
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

/** Fields and lookup targets of every custom object in the package: { Obj__c: Map(field → referenceTo|null) }. */
function objectFields(base) {
    const objects = new Map();
    const dir = join(base, 'objects');
    if (!existsSync(dir)) {
        return objects;
    }
    for (const object of readdirSync(dir)) {
        const fields = new Map(STANDARD_OBJECT_FIELDS.map((f) => [f, null]));
        for (const file of files(join(dir, object, 'fields'), '.field-meta.xml')) {
            const field = read(file).CustomField;
            fields.set(basename(file, '.field-meta.xml'), field.type === 'Lookup' || field.type === 'MasterDetail' ? text(field.referenceTo) : null);
        }
        objects.set(object, fields);
    }
    return objects;
}

/** LWC bundles: name → { exposed, targets, objects by target }. */
function bundles(base) {
    const out = new Map();
    for (const file of files(join(base, 'lwc'), '.js-meta.xml')) {
        const meta = read(file).LightningComponentBundle;
        const targets = list(meta.targets?.[0]?.target ?? meta.targets?.target).map(text);
        const objects = new Map();
        for (const config of list(meta.targetConfigs?.targetConfig)) {
            const objs = list(config.objects?.object).map(text);
            for (const target of String(config['@targets'] ?? '').split(',').map((t) => t.trim())) {
                objects.set(target, objs);
            }
        }
        out.set(basename(file, '.js-meta.xml'), { exposed: text(meta.isExposed) === 'true', targets, objects });
    }
    return out;
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
function filterValueProblems(details, token, operator, value) {
    const [table, field] = token.split('$');
    const meta = details.get(table)?.get(field ?? '');
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

export function checkReferences(base) {
    const problems = [];
    const where = (file) => relative(ROOT, file).split('\\').join('/');
    const objects = objectFields(base);

    // Report types: name → Set of `<table>$<field>` tokens.
    const reportTypes = new Map();
    for (const file of files(join(base, 'reportTypes'), '.reportType-meta.xml')) {
        const rt = read(file).ReportType;
        const name = basename(file, '.reportType-meta.xml');
        const baseObject = text(rt.baseObject);
        const tokens = new Set();
        const fields = objects.get(baseObject);
        if (!fields) {
            problems.push(`${where(file)}: base object ${baseObject} is not an object of this package`);
        }
        for (const section of list(rt.sections)) {
            for (const column of list(section.columns)) {
                const table = text(column.table);
                const field = text(column.field);
                tokens.add(`${table}$${field}`);
                if (table !== baseObject) {
                    problems.push(`${where(file)}: column ${field} is on table ${table}, which this report type does not join`);
                    continue;
                }
                if (!fields) {
                    continue;
                }
                const [first, second, ...rest] = field.split('.');
                if (!fields.has(first)) {
                    problems.push(`${where(file)}: ${baseObject} has no field ${first} (column ${field})`);
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
        reportTypes.set(`${name}__c`, tokens);
    }

    // Reports.
    const reports = new Set();
    const details = fieldDetails(base);
    for (const file of files(join(base, 'reports'), '.report-meta.xml')) {
        const folder = basename(dirname(file));
        reports.add(`${folder}/${basename(file, '.report-meta.xml')}`);
        const report = read(file).Report;
        const type = text(report.reportType);
        const tokens = reportTypes.get(type);
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
            for (const problem of filterValueProblems(details, text(criterion.column), text(criterion.operator), text(criterion.value))) {
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
        flexipages.set(basename(file, '.flexipage-meta.xml'), { type, sobject });
        if (sobject && !objects.has(sobject) && !sobject.match(/^[A-Z][A-Za-z]+$/)) {
            problems.push(`${where(file)}: sobjectType ${sobject} is unknown`);
        }
        for (const region of list(page.flexiPageRegions)) {
            for (const item of list(region.itemInstances)) {
                const name = text(item.componentInstance?.componentName);
                if (!name) {
                    continue;
                }
                const [namespace, component] = name.split(':');
                if (namespace !== 'c') {
                    if (!STANDARD_COMPONENT_NAMESPACES.includes(namespace)) {
                        problems.push(`${where(file)}: component ${name} is neither a c: bundle nor a standard component`);
                    }
                    continue;
                }
                const bundle = lwc.get(component);
                const target = PAGE_TARGET[type];
                if (!bundle) {
                    problems.push(`${where(file)}: component ${name} has no LWC bundle lwc/${component}`);
                } else if (!bundle.exposed) {
                    problems.push(`${where(file)}: component ${name} is not exposed (isExposed false)`);
                } else if (!bundle.targets.includes(target)) {
                    problems.push(`${where(file)}: component ${name} does not declare the target ${target} of a ${type} page`);
                } else if (sobject && bundle.objects.has(target) && bundle.objects.get(target).length > 0 && !bundle.objects.get(target).includes(sobject)) {
                    problems.push(`${where(file)}: component ${name} is not available on ${sobject} record pages`);
                }
            }
        }
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
        for (const override of list(app.actionOverrides)) {
            const page = flexipages.get(text(override.content));
            const object = text(override.pageOrSobjectType);
            if (text(override.type) === 'Flexipage' && (page?.type !== 'RecordPage' || page.sobject !== object)) {
                problems.push(`${where(file)}: override of ${object} uses ${text(override.content)}, which is not a record page of ${object}`);
            }
        }
        for (const tab of list(app.tabs).map(text)) {
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
