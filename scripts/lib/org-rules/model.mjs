// The project's metadata as the org-rules checks see it: every source-format file of every deployment unit, parsed
// once (element tree with line numbers), named as the Metadata API names it, and grouped by what it can reference.
//
// Deployment units and what each may reference (a component may only name what is in the org when it deploys):
//   package            the unlocked package (sfdx-project.json entry with "package"): itself and the standard schema
//   <other dir>        non-package directories of sfdx-project.json (org-tests/; an unpackagedMetadata folder): the package and itself
//   connection steps   the per-instance connection (CONNECTION_DIRS, deployed in that order after the package): the
//                      package, the earlier steps and itself
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { typeForFileName } from '../metadata/types.mjs';
import { scanXml } from '../metadata/xml-scan.mjs';
import { CONNECTION_DIRS } from '../project.mjs';

/** @typedef {import('../metadata/xml-scan.mjs').XmlElement} XmlElement */
/**
 * @typedef {object} Component
 * @property {string} type   Metadata API type (root element)
 * @property {string} name   full name as the Metadata API names it (Obj__c.Field__c, Folder/Report, Type.Record)
 * @property {string} file   path relative to the project root, with /
 * @property {string} unit   deployment unit name
 * @property {XmlElement} root
 */
/**
 * @typedef {object} Unit
 * @property {string} name   e.g. 'force-app', 'org-tests', 'connection/credentials'
 * @property {string} dir    absolute path
 * @property {'package' | 'deploy'} kind
 * @property {string | undefined} packageName
 * @property {string[]} sees units whose components this unit may reference (itself included)
 */

/** Child folders of objects/<Object>/ and the type of their files. */
const OBJECT_CHILD_FOLDERS = new Set([
    'fields',
    'listViews',
    'compactLayouts',
    'validationRules',
    'recordTypes',
    'webLinks',
    'fieldSets',
    'businessProcesses',
    'sharingReasons',
    'indexes'
]);
/** Types whose files live in a folder named after their component folder (reports/<Folder>/<Name>). */
const FOLDERED = new Set(['Report', 'Dashboard', 'Document', 'EmailTemplate']);

/**
 * The full name of a source-format metadata file.
 * @param {string} file absolute path
 * @param {string} type
 * @param {string} suffix
 */
export function fullNameOf(file, type, suffix) {
    const stem = basename(file).slice(0, -`.${suffix}-meta.xml`.length);
    const parent = basename(dirname(file));
    const grandparent = basename(dirname(dirname(file)));
    if (OBJECT_CHILD_FOLDERS.has(parent) && grandparent !== 'objects') return `${grandparent}.${stem}`;
    if (FOLDERED.has(type)) return `${parent}/${stem}`;
    if (type === 'CustomFieldTranslation') return `${parent}.${stem}`;
    return stem;
}

/**
 * The developer name limits apply to: the last part of the full name, without its __c/__mdt/__e suffix.
 * @param {Component} component
 */
export function developerNameOf(component) {
    const last =
        component.type === 'Layout'
            ? component.name.slice(component.name.indexOf('-') + 1)
            : (component.name.split(/[./]/).pop() ?? '');
    return last.replace(/__(c|mdt|e|x|b|r)$/, '');
}

function* walkFiles(dir) {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name === 'node_modules' || entry.name === '__tests__' || entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) yield* walkFiles(full);
        else yield full;
    }
}

/**
 * The deployment units of a project.
 * @param {string} root
 * @returns {Unit[]}
 */
export function projectUnits(root) {
    const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8'));
    /** @type {{ path: string, package?: string }[]} */
    const dirs = project.packageDirectories ?? [];
    const packages = dirs.filter((d) => d.package).map((d) => d.path);
    /** @type {Unit[]} */
    const units = dirs.map((d) => ({
        name: d.path,
        dir: join(root, d.path),
        kind: d.package ? 'package' : 'deploy',
        packageName: d.package,
        sees: d.package ? [d.path] : [...packages, d.path]
    }));
    const steps = [];
    for (const step of CONNECTION_DIRS) {
        if (!existsSync(join(root, step))) continue;
        steps.push(step);
        units.push({ name: step, dir: join(root, step), kind: 'deploy', packageName: undefined, sees: [...packages, ...steps] });
    }
    return units;
}

/**
 * Loads every metadata file of every unit.
 * @param {string} root project root
 */
export function loadProject(root) {
    const units = projectUnits(root);
    /** @type {Component[]} */
    const components = [];
    /** @type {{ file: string, line: number, message: string }[]} */
    const unreadable = [];
    /** @type {{ unit: string, name: string, dir: string, files: string[] }[]} */
    const bundles = [];
    for (const unit of units) {
        for (const file of walkFiles(unit.dir)) {
            const rel = relative(root, file).split(sep).join('/');
            const { type, suffix } = typeForFileName(basename(file));
            if (!type || !suffix) continue;
            let parsed;
            try {
                parsed = scanXml(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
            } catch (e) {
                unreadable.push({ file: rel, line: 1, message: `not well-formed XML: ${/** @type {Error} */ (e).message}` });
                continue;
            }
            const component = { type, name: fullNameOf(file, type, suffix), file: rel, unit: unit.name, root: parsed };
            components.push(component);
            if (type === 'LightningComponentBundle') {
                bundles.push({ unit: unit.name, name: component.name, dir: dirname(file), files: readdirSync(dirname(file)) });
            }
        }
    }
    return new Project(root, units, components, unreadable, bundles);
}

export class Project {
    /**
     * @param {string} root
     * @param {Unit[]} units
     * @param {Component[]} components
     * @param {{ file: string, line: number, message: string }[]} unreadable
     * @param {{ unit: string, name: string, dir: string, files: string[] }[]} bundles
     */
    constructor(root, units, components, unreadable, bundles) {
        this.root = root;
        this.units = units;
        this.components = components;
        this.unreadable = unreadable;
        this.bundles = bundles;
        /** @type {Map<string, Map<string, Component[]>>} type → name → components (one per unit that has it) */
        this.index = new Map();
        for (const c of components) {
            const byName = this.index.get(c.type) ?? new Map();
            byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
            this.index.set(c.type, byName);
        }
    }

    /** @param {string} name */
    unit(name) {
        return /** @type {Unit} */ (this.units.find((u) => u.name === name));
    }

    /** @param {string} type */
    ofType(type) {
        return this.components.filter((c) => c.type === type);
    }

    /**
     * The component of that type and name visible from a unit (undefined when it is not there).
     * @param {string} fromUnit
     * @param {string} type
     * @param {string} name
     */
    find(fromUnit, type, name) {
        const sees = this.unit(fromUnit).sees;
        return (this.index.get(type)?.get(name) ?? []).find((c) => sees.includes(c.unit));
    }

    /**
     * Where a component of that type and name is, in any unit (for messages that say "it is in X, which Y cannot see").
     * @param {string} type
     * @param {string} name
     */
    anywhere(type, name) {
        return this.index.get(type)?.get(name)?.[0];
    }
}

// ---------- element helpers ----------

/** @param {XmlElement | undefined} el @param {string} name @returns {XmlElement[]} */
export const kids = (el, name) => (el ? el.children.filter((c) => c.local === name) : []);
/** @param {XmlElement | undefined} el @param {string} name */
export const kid = (el, name) => kids(el, name)[0];
/** Trimmed text of the first child of that name ('' when absent). @param {XmlElement | undefined} el @param {string} name */
export const textOf = (el, name) => (kid(el, name)?.text ?? '').trim();
/**
 * Every element at a '/'-separated path below `el`.
 * @param {XmlElement} el
 * @param {string} path
 * @returns {XmlElement[]}
 */
export function at(el, path) {
    let level = [el];
    for (const segment of path.split('/')) level = level.flatMap((e) => kids(e, segment));
    return level;
}
/** Every descendant element with that local name. @param {XmlElement} el @param {string} name @returns {XmlElement[]} */
export function descendants(el, name) {
    const out = [];
    const stack = [...el.children];
    while (stack.length) {
        const e = /** @type {XmlElement} */ (stack.shift());
        if (e.local === name) out.push(e);
        stack.unshift(...e.children);
    }
    return out;
}
