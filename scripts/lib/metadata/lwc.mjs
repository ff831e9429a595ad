// Lightning web component configuration files (<bundle>.js-meta.xml).
//
// The Metadata API schema can't validate these files as written:
// - `targetConfigs` is typed xsd:base64Binary, while source files hold XML in it;
// - its sequence puts `targetConfigs` before `targets`, and files put elements in any order.
// So each file is validated as two virtual documents that keep the original line numbers:
// 1. the bundle, with top-level elements sorted into schema order (a line map records where each
//    line came from) and the content of <targetConfigs> blanked, against metadata-v66.xsd;
// 2. the <targetConfigs> element alone, at its original line, against lwc-target-configs.xsd;
// plus the value rules of checkBundle() below.

import { getAttr } from './xml-scan.mjs';

/** @typedef {import('./xml-scan.mjs').XmlElement} XmlElement */
/** @typedef {{ line: number, message: string }} Issue */

/**
 * Valid <target> values (LWC Developer Guide, "XML Configuration File Elements" and the
 * "Targets" pages). The Metadata API types <target> as a plain string.
 */
export const KNOWN_TARGETS = Object.freeze([
    'analytics__Dashboard',
    'lightningCommunity__Default',
    'lightningCommunity__Page',
    'lightningCommunity__Page_Layout',
    'lightningCommunity__Theme_Layout',
    'lightningSnapin__ChatHeader',
    'lightningSnapin__ChatMessage',
    'lightningSnapin__MessagingHeader',
    'lightningSnapin__MessagingPreChat',
    'lightningSnapin__Minimized',
    'lightningSnapin__PreChat',
    'lightningStatic__Email',
    'lightning__AgentforceInput',
    'lightning__AgentforceOutput',
    'lightning__AppPage',
    'lightning__CCShellPage',
    'lightning__ECSFSApp',
    'lightning__EnablementProgram',
    'lightning__FlowAction',
    'lightning__FlowScreen',
    'lightning__GlobalAction',
    'lightning__HomePage',
    'lightning__Inbox',
    'lightning__PropertyEditor',
    'lightning__RecordAction',
    'lightning__RecordPage',
    'lightning__ServiceDocument',
    'lightning__Tab',
    'lightning__UrlAddressable',
    'lightning__UtilityBar',
    'lightning__VoiceExtension'
]);

/** Valid <capability> values. */
export const KNOWN_CAPABILITIES = Object.freeze([
    'lightningCommunity__RelaxedCSP',
    'lightning__ServerRenderable',
    'lightning__ServerRenderableWithHydration',
    'lightning__ServiceCloudVoiceToolkitApi',
    'lightning__dynamicComponent'
]);

const BASIC_TYPES = ['Boolean', 'Integer', 'String'];
const FLOW_TYPES = ['Boolean', 'Date', 'DateTime', 'Double', 'Integer', 'Number', 'String'];

/**
 * Property `type` values per target. A target not listed here accepts any of ALL_PROPERTY_TYPES.
 * @type {Readonly<Record<string, { names: readonly string[], flow?: boolean, lightningTypes?: boolean }>>}
 */
const TARGET_PROPERTY_TYPES = Object.freeze({
    lightning__AppPage: { names: BASIC_TYPES },
    lightning__HomePage: { names: BASIC_TYPES },
    lightning__RecordPage: { names: BASIC_TYPES },
    lightning__UtilityBar: { names: BASIC_TYPES },
    lightning__Inbox: { names: BASIC_TYPES },
    lightning__VoiceExtension: { names: BASIC_TYPES },
    lightningCommunity__Default: { names: [...BASIC_TYPES, 'Color', 'ContentReference'], lightningTypes: true },
    lightningStatic__Email: { names: [...BASIC_TYPES, 'Color', 'HorizontalAlignment', 'VerticalAlignment'] },
    analytics__Dashboard: { names: [...BASIC_TYPES, 'Measure', 'Dimension'] },
    lightning__FlowScreen: { names: FLOW_TYPES, flow: true },
    lightning__FlowAction: { names: FLOW_TYPES, flow: true }
});

const ALL_PROPERTY_TYPES = Object.freeze({
    names: [...new Set(Object.values(TARGET_PROPERTY_TYPES).flatMap((t) => t.names))].sort(),
    flow: true,
    lightningTypes: true
});

/**
 * Levenshtein distance (small strings only).
 * @param {string} a
 * @param {string} b
 */
function distance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}

/**
 * ", did you mean 'x'?" for the closest known value, if close enough.
 * @param {string} value
 * @param {readonly string[]} known
 */
function didYouMean(value, known) {
    let best = '';
    let bestDistance = Infinity;
    for (const k of known) {
        const d = distance(value.toLowerCase(), k.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return bestDistance <= Math.max(2, Math.floor(value.length / 5)) ? `; did you mean '${best}'?` : '';
}

/**
 * Whether `type` is allowed for one target.
 * @param {string} type
 * @param {{ names: readonly string[], flow?: boolean, lightningTypes?: boolean }} rule
 * @param {Set<string>} genericTypes names declared with <propertyType>
 */
function typeAllowed(type, rule, genericTypes) {
    if (rule.names.includes(type)) return true;
    if (rule.flow) {
        const base = type.endsWith('[]') ? type.slice(0, -2) : type;
        if (rule.names.includes(base)) return true;
        if (/^apex:\/\/[A-Za-z_][\w.]*$/.test(base)) return true;
        if (/^@salesforce\/schema\/[A-Za-z][\w]*$/.test(base)) return true;
        const generic = /^\{([A-Za-z_$][\w$]*)(\[\])?\}$/.exec(type);
        if (generic && genericTypes.has(generic[1])) return true;
    }
    // Custom Lightning types in Experience Builder, e.g. lightning__textType or c__myType.
    if (rule.lightningTypes && /^[A-Za-z][A-Za-z0-9]*__[A-Za-z][\w]*$/.test(type)) return true;
    return false;
}

/**
 * Attribute values that must agree with the property's type: `default` of Boolean and Integer
 * properties, `datasource` only on String, `min`/`max` only on Integer.
 * @param {XmlElement} prop
 * @param {string} type
 * @returns {Issue[]}
 */
function checkPropertyValues(prop, type) {
    /** @type {Issue[]} */
    const issues = [];
    const def = getAttr(prop, 'default');
    if (def && type === 'Boolean' && !['true', 'false'].includes(def.value.trim())) {
        issues.push({ line: def.line, message: `Element 'property', attribute 'default': '${def.value}' is not a Boolean (true or false).` });
    }
    if (def && type === 'Integer' && !/^\s*-?\d+\s*$/.test(def.value)) {
        issues.push({ line: def.line, message: `Element 'property', attribute 'default': '${def.value}' is not an Integer.` });
    }
    const datasource = getAttr(prop, 'datasource');
    if (datasource && type !== 'String') {
        issues.push({ line: datasource.line, message: `Element 'property', attribute 'datasource': only String properties take a datasource (type is '${type}').` });
    }
    const min = getAttr(prop, 'min');
    const max = getAttr(prop, 'max');
    for (const a of [min, max]) {
        if (a && type !== 'Integer')
            issues.push({ line: a.line, message: `Element 'property', attribute '${a.name}': only Integer properties take min and max (type is '${type}').` });
    }
    if (min && max && Number(min.value) > Number(max.value)) {
        issues.push({ line: max.line, message: `Element 'property', attribute 'max': ${max.value} is less than min ${min.value}.` });
    }
    return issues;
}

/**
 * Names of LightningComponentBundle's elements in schema order, read from the generated XSD so
 * that both stay in step.
 * @param {string} xsdText contents of metadata-v66.xsd
 */
export function bundleElementOrder(xsdText) {
    /** @param {string} type */
    const sequenceOf = (type) => {
        const block = new RegExp(`<xsd:complexType name="${type}">([\\s\\S]*?)</xsd:complexType>`).exec(xsdText);
        if (!block) throw new Error(`complexType ${type} not found in the metadata schema`);
        return [...block[1].matchAll(/<xsd:element name="([^"]+)"/g)].map((m) => m[1]);
    };
    return [...sequenceOf('Metadata'), ...sequenceOf('LightningComponentBundle')];
}

/**
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @returns {string} the newlines of text[from, to)
 */
const newlinesOf = (text, from, to) => text.slice(from, to).replace(/[^\n]/g, '');

/**
 * Builds the two virtual documents for one js-meta.xml file.
 * @param {string} text file contents
 * @param {XmlElement} root scanned LightningComponentBundle element
 * @param {readonly string[]} order schema order of the bundle's elements
 * @returns {{ bundle: string, lineMap: number[] | null, targetConfigs: string | null }}
 *   lineMap[virtualLine] = original line (null: identity)
 */
export function splitBundle(text, root, order) {
    const rank = (/** @type {XmlElement} */ el) => {
        const i = order.indexOf(el.local);
        return i === -1 ? order.length : i; // unknown elements last: xmllint reports them there
    };
    const children = root.children;
    const sorted = [...children].sort((a, b) => rank(a) - rank(b)); // stable
    const tc = children.find((c) => c.local === 'targetConfigs');

    // `fqn` (an attribute older tools wrote on the root) is accepted by the platform but not in the
    // schema: blank it in place.
    const fqn = getAttr(root, 'fqn');
    const head = fqn ? text.slice(0, fqn.start) + ' '.repeat(fqn.end - fqn.start) + text.slice(fqn.end, root.contentStart) : text.slice(0, root.contentStart);
    /** @param {XmlElement} el */
    const piece = (el) =>
        el === tc ? text.slice(el.start, el.contentStart) + newlinesOf(text, el.contentStart, el.contentEnd) + text.slice(el.contentEnd, el.end) : text.slice(el.start, el.end);

    let bundle;
    /** @type {number[] | null} */
    let lineMap = null;
    if (sorted.every((el, i) => el === children[i])) {
        bundle = tc ? text.slice(0, tc.start) + piece(tc) + text.slice(tc.end) : text;
        if (fqn) bundle = head + bundle.slice(root.contentStart);
    } else {
        // Re-assemble in schema order, one element per run of lines; record each line's origin.
        lineMap = [0];
        const headLines = head.split('\n').length;
        for (let l = 1; l <= headLines; l++) lineMap.push(l);
        bundle = head;
        for (const el of sorted) {
            const p = piece(el);
            bundle += `\n${p}`;
            const lines = p.split('\n').length;
            for (let l = 0; l < lines; l++) lineMap.push(el.line + l);
        }
        const closeLine = text.slice(0, root.contentEnd).split('\n').length;
        bundle += `\n${text.slice(root.contentEnd, root.end)}\n`;
        lineMap.push(closeLine, closeLine);
    }

    let targetConfigs = null;
    if (tc) {
        const nsDecls = root.attrs
            .filter((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:'))
            .map((a) => ` ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
            .join('');
        const tagEnd = tc.start + 1 + tc.name.length;
        targetConfigs = '\n'.repeat(tc.line - 1) + text.slice(tc.start, tagEnd) + nsDecls + text.slice(tagEnd, tc.end) + '\n';
    }
    return { bundle, lineMap, targetConfigs };
}

/**
 * Value rules the schemas can't express.
 * @param {XmlElement} root scanned LightningComponentBundle element
 * @returns {Issue[]}
 */
export function checkBundle(root) {
    /** @type {Issue[]} */
    const issues = [];
    const kids = (/** @type {XmlElement} */ el, /** @type {string} */ name) => el.children.filter((c) => c.local === name);

    /** @type {Set<string>} */
    const declared = new Set();
    for (const targets of kids(root, 'targets')) {
        for (const t of kids(targets, 'target')) {
            const value = t.text.trim();
            if (!KNOWN_TARGETS.includes(value)) {
                issues.push({
                    line: t.line,
                    message: `Element 'target': unknown target '${value}'${didYouMean(value, KNOWN_TARGETS)} (known targets: KNOWN_TARGETS in scripts/lib/metadata/lwc.mjs).`
                });
            } else if (declared.has(value)) {
                issues.push({ line: t.line, message: `Element 'target': '${value}' is declared twice.` });
            }
            declared.add(value);
        }
    }
    for (const caps of kids(root, 'capabilities')) {
        for (const c of kids(caps, 'capability')) {
            const value = c.text.trim();
            if (!KNOWN_CAPABILITIES.includes(value)) {
                issues.push({
                    line: c.line,
                    message: `Element 'capability': unknown capability '${value}'${didYouMean(value, KNOWN_CAPABILITIES)} (known: ${KNOWN_CAPABILITIES.join(', ')}).`
                });
            }
        }
    }

    /** @type {Map<string, number>} target → line of the targetConfig configuring it */
    const configured = new Map();
    for (const tcs of kids(root, 'targetConfigs')) {
        for (const tc of kids(tcs, 'targetConfig')) {
            const attr = getAttr(tc, 'targets');
            if (!attr) continue; // reported by the schema
            const targets = attr.value.split(',').map((s) => s.trim());
            for (const t of targets) {
                if (!t) {
                    issues.push({ line: attr.line, message: `Element 'targetConfig', attribute 'targets': empty entry in '${attr.value}'.` });
                } else if (!declared.has(t)) {
                    issues.push({
                        line: attr.line,
                        message: `Element 'targetConfig', attribute 'targets': '${t}' is not declared in <targets>${declared.size ? ` (declared: ${[...declared].join(', ')})` : ''}.`
                    });
                } else if (configured.has(t)) {
                    issues.push({ line: attr.line, message: `Element 'targetConfig': target '${t}' is already configured by the targetConfig at line ${configured.get(t)}.` });
                } else {
                    configured.set(t, tc.line);
                }
            }

            for (const single of ['objects', 'supportedFormFactors', 'actionType', 'hasStep']) {
                const found = kids(tc, single);
                if (found.length > 1) issues.push({ line: found[1].line, message: `Element '${single}': only one is allowed per targetConfig.` });
            }

            const genericTypes = new Set(kids(tc, 'propertyType').map((p) => getAttr(p, 'name')?.value ?? ''));
            const rules = targets.filter((t) => t).map((t) => TARGET_PROPERTY_TYPES[t] ?? ALL_PROPERTY_TYPES);
            /** @type {Map<string, number>} */
            const names = new Map();
            for (const prop of kids(tc, 'property')) {
                const name = getAttr(prop, 'name')?.value;
                if (name !== undefined) {
                    if (names.has(name)) {
                        issues.push({ line: prop.line, message: `Element 'property': '${name}' is already defined at line ${names.get(name)} in this targetConfig.` });
                    } else {
                        names.set(name, prop.line);
                    }
                }
                const typeAttr = getAttr(prop, 'type');
                if (!typeAttr) continue; // reported by the schema
                const type = typeAttr.value.trim();
                for (const issue of checkPropertyValues(prop, type)) issues.push(issue);
                const bad = targets.filter((t, i) => t && !typeAllowed(type, rules[i], genericTypes));
                if (bad.length) {
                    const rule = TARGET_PROPERTY_TYPES[bad[0]] ?? ALL_PROPERTY_TYPES;
                    const extra = [
                        rule.flow ? 'apex://Class, @salesforce/schema/Object, {T} for a declared <propertyType name="T">, with [] for collections' : '',
                        rule.lightningTypes ? 'custom Lightning types such as lightning__textType' : ''
                    ].filter(Boolean);
                    issues.push({
                        line: typeAttr.line,
                        message: `Element 'property', attribute 'type': '${type}' is not a valid property type for ${bad.join(', ')}. Allowed: ${[...rule.names, ...extra].join(', ')}.`
                    });
                }
            }
        }
    }
    return issues;
}
