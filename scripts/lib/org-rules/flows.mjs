// Static analysis of a flow's own references: every element, variable, formula and connector it names exists in the
// flow; every object and field it reads or writes exists in the org it deploys to; every $Record, $Label, $Setup and
// $User reference resolves. Salesforce refuses to save (deploy) a flow with such a dangling reference; the XML schema
// cannot see it.
import { kids, kid, textOf, descendants } from './model.mjs';

/** @typedef {import('./model.mjs').Component} Component */
/** @typedef {import('./model.mjs').XmlElement} XmlElement */
/** @typedef {import('./schema.mjs').Schema} Schema */
/** @typedef {{ line: number, message: string }} Finding */

/** Top-level flow elements that have a <name> and can be the target of a connector or a reference. */
export const FLOW_NODE_KINDS = [
    'actionCalls',
    'apexPluginCalls',
    'assignments',
    'collectionProcessors',
    'customErrors',
    'decisions',
    'loops',
    'orchestratedStages',
    'recordCreates',
    'recordDeletes',
    'recordLookups',
    'recordRollbacks',
    'recordUpdates',
    'screens',
    'steps',
    'subflows',
    'transforms',
    'waits'
];
/** Named resources that are not nodes. */
const RESOURCE_KINDS = ['variables', 'formulas', 'textTemplates', 'constants', 'choices', 'dynamicChoiceSets', 'stages'];
/** Globals a flow may use, with how the part after the dot is checked. */
const GLOBALS = new Set([
    '$Record',
    '$Record__Prior',
    '$Label',
    '$Flow',
    '$User',
    '$Organization',
    '$Setup',
    '$Permission',
    '$Api',
    '$System',
    '$Profile',
    '$UserRole',
    '$CustomMetadata',
    '$GlobalConstant',
    '$Client'
]);
const FLOW_GLOBALS = new Set([
    'CurrentDate',
    'CurrentDateTime',
    'FaultMessage',
    'InterviewGuid',
    'InterviewStartTime',
    'CurrentRecord',
    'ActiveStages',
    'CurrentStage'
]);

/**
 * A flow's names and their object types.
 * @param {XmlElement} root
 */
export function flowSymbols(root) {
    /** @type {Map<string, { kind: string, el: XmlElement, object?: string }>} */
    const names = new Map();
    for (const kind of [...FLOW_NODE_KINDS, ...RESOURCE_KINDS]) {
        for (const el of kids(root, kind)) {
            const name = textOf(el, 'name');
            let object;
            if (kind === 'variables' && textOf(el, 'dataType') === 'SObject') object = textOf(el, 'objectType');
            if (['recordLookups', 'recordCreates', 'recordUpdates', 'recordDeletes'].includes(kind))
                object = textOf(el, 'object') || undefined;
            names.set(name, { kind, el, object });
        }
    }
    // Screen fields (inputs, choices, components such as flowruntime:lookup) are resources of the screen flow: a later
    // element reads their value by name (Call_List) or a component's output (Agent.recordId). Metadata API, FlowScreenField.
    for (const screen of kids(root, 'screens'))
        for (const field of descendants(screen, 'fields')) names.set(textOf(field, 'name'), { kind: 'screenFields', el: field });
    const start = kid(root, 'start');
    const triggerObject = textOf(start, 'object') || undefined;
    return { names, start, triggerObject };
}

/**
 * Checks one flow.
 * @param {Component} flow
 * @param {Schema} schema
 * @param {(name: string) => boolean} hasLabel
 * @returns {Finding[]}
 */
export function checkFlowReferences(flow, schema, hasLabel) {
    const root = flow.root;
    const { names, start, triggerObject } = flowSymbols(root);
    /** @type {Finding[]} */
    const findings = [];
    const nodeNames = new Set([...names].filter(([, v]) => FLOW_NODE_KINDS.includes(v.kind)).map(([k]) => k));

    // Connectors point at nodes of this flow.
    for (const connector of [
        ...descendants(root, 'connector'),
        ...descendants(root, 'faultConnector'),
        ...descendants(root, 'defaultConnector'),
        ...descendants(root, 'nextValueConnector'),
        ...descendants(root, 'noMoreValuesConnector'),
        ...descendants(root, 'timeoutConnector')
    ]) {
        const target = textOf(connector, 'targetReference');
        if (target && !nodeNames.has(target))
            findings.push({ line: connector.line, message: `connector to ${target}, which is not an element of this flow` });
    }

    /**
     * Checks one reference (elementReference, leftValueReference, assignToReference, inputReference, merge field).
     * @param {string} reference
     * @param {number} line
     */
    const checkReference = (reference, line) => {
        const [head, ...rest] = reference.trim().split('.');
        const path = rest.join('.');
        if (GLOBALS.has(head)) {
            if (head === '$Record' || head === '$Record__Prior') {
                if (!triggerObject) findings.push({ line, message: `${reference}: this flow has no triggering record` });
                else if (path) {
                    const problem = schema.resolvePath(triggerObject, path);
                    if (problem) findings.push({ line, message: `${reference}: ${problem}` });
                }
            } else if (head === '$Label') {
                if (!hasLabel(path)) findings.push({ line, message: `${reference}: no Custom Label ${path} in the package` });
            } else if (head === '$Setup') {
                const [setting, field] = rest;
                if (!schema.hasObject(setting) || !schema.hasField(setting, field ?? ''))
                    findings.push({ line, message: `${reference}: ${setting} has no field ${field}` });
            } else if (head === '$User' && path) {
                const problem = schema.resolvePath('User', path);
                if (problem) findings.push({ line, message: `${reference}: ${problem}` });
            } else if (head === '$Flow' && !FLOW_GLOBALS.has(path)) {
                findings.push({ line, message: `${reference}: not a $Flow global` });
            }
            return;
        }
        const symbol = names.get(head);
        if (!symbol) {
            findings.push({ line, message: `${reference}: ${head} is not an element or resource of this flow` });
            return;
        }
        if (path && symbol.object) {
            const problem = schema.resolvePath(symbol.object, path);
            if (problem) findings.push({ line, message: `${reference}: ${problem}` });
        }
    };

    for (const tag of [
        'elementReference',
        'leftValueReference',
        'assignToReference',
        'inputReference',
        'collectionReference',
        'assignNextValueToReference',
        'assignRecordIdToReference'
    ]) {
        for (const el of descendants(root, tag)) if (el.text.trim()) checkReference(el.text, el.line);
    }
    for (const tag of ['expression', 'text', 'filterFormula', 'interviewLabel']) {
        for (const el of descendants(root, tag)) {
            for (const match of el.text.matchAll(/\{!([^}]+)\}/g)) checkReference(match[1], el.line);
        }
    }

    // Objects and fields of data elements and of the start element.
    /** @param {XmlElement} el @param {string | undefined} object */
    const checkFields = (el, object) => {
        if (!object) return;
        if (!schema.hasObject(object)) {
            findings.push({ line: el.line, message: `object ${object} does not exist in the org this flow deploys to` });
            return;
        }
        const fieldEls = [
            ...kids(el, 'filters').map((f) => kid(f, 'field')),
            ...kids(el, 'inputAssignments').map((a) => kid(a, 'field')),
            ...kids(el, 'outputAssignments').map((a) => kid(a, 'field')),
            ...kids(el, 'queriedFields'),
            kid(el, 'sortField')
        ];
        for (const fieldEl of fieldEls) {
            if (!fieldEl) continue;
            const field = fieldEl.text.trim();
            if (field && !schema.hasField(object, field))
                findings.push({ line: fieldEl.line, message: `${object} has no field ${field}` });
        }
    };
    if (start) checkFields(start, triggerObject);
    for (const kind of ['recordLookups', 'recordCreates', 'recordUpdates', 'recordDeletes']) {
        for (const el of kids(root, kind)) {
            const inputReference = textOf(el, 'inputReference');
            let object = textOf(el, 'object') || undefined;
            if (!object && inputReference) {
                const head = inputReference.split('.')[0];
                object = head === '$Record' ? triggerObject : names.get(head)?.object;
            }
            checkFields(el, object);
        }
    }
    return findings;
}
