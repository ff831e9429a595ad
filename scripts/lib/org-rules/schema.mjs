// What exists in the org a component deploys to, as far as the project can know: the custom objects and fields of
// the deployment units it can see (model.mjs), and the standard objects, fields, tabs and components listed, with
// their sources, in standard-schema.mjs. Used by the reference and deploy rules.
import {
    STANDARD_OBJECTS,
    STANDARD_TABS,
    STANDARD_COMPONENTS,
    CUSTOM_OBJECT_STANDARD_FIELDS,
    CUSTOM_METADATA_STANDARD_FIELDS,
    CUSTOM_SETTING_STANDARD_FIELDS,
    standardField
} from './standard-schema.mjs';
import { kids, textOf } from './model.mjs';

/** @typedef {import('./model.mjs').Project} Project */

/** Standard fields of custom objects, custom metadata types and custom settings (standard-schema.mjs). */
const CUSTOM_OBJECT_FIELDS = new Set(Object.keys(CUSTOM_OBJECT_STANDARD_FIELDS.fields));
const CUSTOM_METADATA_FIELDS = new Set(Object.keys(CUSTOM_METADATA_STANDARD_FIELDS.fields));
const CUSTOM_SETTING_FIELDS = new Set(Object.keys(CUSTOM_SETTING_STANDARD_FIELDS.fields));
/** Custom fields of Task and Event are defined on the Activity object. */
const FIELD_FOLDER = /** @type {Record<string, string>} */ ({ Task: 'Activity', Event: 'Activity' });

export class Schema {
    /**
     * @param {Project} project
     * @param {string} unit the deployment unit whose view of the org this is
     */
    constructor(project, unit) {
        this.project = project;
        this.unit = unit;
    }

    /** @param {string} object */
    isCustom(object) {
        return /__(c|mdt|e)$/.test(object);
    }

    /** @param {string} object */
    customObject(object) {
        return this.project.find(this.unit, 'CustomObject', object);
    }

    /** Whether the object exists (custom object visible from the unit, or a listed standard object). @param {string} object */
    hasObject(object) {
        if (object === 'Activity') return true;
        return this.isCustom(object) ? Boolean(this.customObject(object)) : Object.hasOwn(STANDARD_OBJECTS, object);
    }

    /**
     * The custom field component, when the field is a custom field visible from the unit.
     * @param {string} object
     * @param {string} field
     */
    customField(object, field) {
        return this.project.find(this.unit, 'CustomField', `${FIELD_FOLDER[object] ?? object}.${field}`);
    }

    /**
     * Whether a field (no traversal) exists on an object.
     * @param {string} object
     * @param {string} field
     */
    hasField(object, field) {
        if (field.endsWith('__c')) return Boolean(this.customField(object, field));
        if (object.endsWith('__mdt')) return CUSTOM_METADATA_FIELDS.has(field);
        if (this.isCustom(object)) {
            const definition = this.customObject(object);
            if (definition && textOf(definition.root, 'customSettingsType')) return CUSTOM_SETTING_FIELDS.has(field);
            return CUSTOM_OBJECT_FIELDS.has(field);
        }
        return Boolean(STANDARD_OBJECTS[object]?.fields?.[field]);
    }

    /**
     * Whether the object allows that standard relationship name (Owner, CreatedBy, Account): the lookup field whose
     * relationshipName it is.
     * @param {string} object
     * @param {string} relationship
     * @returns {string | undefined} the lookup field
     */
    relationshipField(object, relationship) {
        /** @type {Record<string, { relationshipName?: string }>} */
        const fields = this.isCustom(object)
            ? { ...CUSTOM_OBJECT_STANDARD_FIELDS.fields, ...(STANDARD_OBJECTS[object]?.fields ?? {}) }
            : (STANDARD_OBJECTS[object]?.fields ?? {});
        return Object.entries(fields).find(([, f]) => f.relationshipName === relationship)?.[0];
    }

    /**
     * Objects a lookup field points to ([] when not a lookup).
     * @param {string} object
     * @param {string} field  Field__c, or a standard id field (OwnerId, AccountId...)
     * @returns {string[]}
     */
    lookupTargets(object, field) {
        const custom = field.endsWith('__c') ? this.customField(object, field) : undefined;
        if (custom) {
            const type = textOf(custom.root, 'type');
            return type === 'Lookup' || type === 'MasterDetail' || type === 'Hierarchy'
                ? kids(custom.root, 'referenceTo').map((r) => r.text.trim())
                : [];
        }
        // A custom object's owner is a user or a queue; reports and formulas traverse Owner as a User.
        if (this.isCustom(object) && field === 'OwnerId') return ['User'];
        /** @type {{ referenceTo?: string[] } | undefined} */
        const standard = standardField(object, field);
        return standard?.referenceTo ?? [];
    }

    /**
     * Resolves a dotted path from an object: 'Contact__r.Name', 'Owner.Name', 'Agent__c' (a report token may name the
     * lookup field itself and then a field of its target: 'Agent__c.Name'). Returns a problem message, or null.
     * @param {string} object
     * @param {string} path
     * @returns {string | null}
     */
    resolvePath(object, path) {
        const parts = path.split('.');
        let current = object;
        for (let i = 0; i < parts.length; i++) {
            const part = parts[i];
            const last = i === parts.length - 1;
            if (last) return this.hasField(current, part) ? null : `${current} has no field ${part}`;
            // A relationship: Foo__r → Foo__c; Owner → OwnerId; Account → AccountId; Agent__c (report form) → Agent__c.
            const candidates = part.endsWith('__r')
                ? [part.replace(/__r$/, '__c')]
                : part.endsWith('__c')
                  ? [part]
                  : [this.relationshipField(current, part) ?? `${part}Id`, `${part}Id`, part];
            const field = candidates.find((f) => this.hasField(current, f));
            if (!field) return `${current} has no relationship ${part}`;
            const targets = this.lookupTargets(current, field);
            if (targets.length !== 1)
                return targets.length
                    ? `${current}.${part} is polymorphic (${targets.join(', ')}): name the object`
                    : `${current}.${field} is not a lookup, so ${path} cannot traverse it`;
            current = targets[0];
        }
        return null;
    }

    /** @param {string} tab */
    hasTab(tab) {
        return Boolean(this.project.find(this.unit, 'CustomTab', tab)) || Object.hasOwn(STANDARD_TABS, tab);
    }

    /** @param {string} name namespace:component */
    hasStandardComponent(name) {
        return Object.hasOwn(STANDARD_COMPONENTS, name);
    }

    /**
     * Standard field facts (type, length, createable, updateable, values), when listed.
     * @param {string} object
     * @param {string} field
     */
    standardField(object, field) {
        return standardField(object, field);
    }
}
