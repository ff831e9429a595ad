// Minimal XML element scanner with source offsets and line numbers.
//
// It expects a well-formed document (the validator checks well-formedness first with
// fast-xml-parser's XMLValidator) and returns the element tree with the offsets needed to
// rewrite a document while keeping line numbers: js-meta.xml files are re-ordered and their
// <targetConfigs> split out before schema validation.

/**
 * @typedef {object} XmlAttr
 * @property {string} name
 * @property {string} value decoded value
 * @property {number} line
 * @property {number} start offset of the attribute name
 * @property {number} end offset after the closing quote
 */

/**
 * @typedef {object} XmlElement
 * @property {string} name qualified name as written (prefix:local)
 * @property {string} local local name
 * @property {XmlAttr[]} attrs
 * @property {number} start offset of '<'
 * @property {number} end offset after the end tag (or after '/>')
 * @property {number} contentStart offset after the start tag's '>'
 * @property {number} contentEnd offset of the end tag's '<' (= contentStart when self-closing)
 * @property {number} line 1-based line of the start tag
 * @property {XmlElement[]} children
 * @property {string} text concatenated decoded character data directly inside this element
 * @property {XmlElement | null} parent
 */

const ENTITIES = /** @type {Record<string, string>} */ ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" });

/** @param {string} s */
export function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
        if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        return ENTITIES[e] ?? m;
    });
}

/**
 * Offsets of line starts, for offset → line conversion.
 * @param {string} text
 */
export function lineIndex(text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    /** @param {number} offset @returns {number} 1-based line */
    return (offset) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo + 1;
    };
}

/**
 * Scans a well-formed XML document.
 * @param {string} text
 * @returns {XmlElement} the root element
 */
export function scanXml(text) {
    const lineOf = lineIndex(text);
    /** @type {XmlElement | null} */
    let root = null;
    /** @type {XmlElement[]} */
    const stack = [];
    let i = 0;
    const n = text.length;
    const fail = (/** @type {string} */ msg) => {
        throw new Error(`line ${lineOf(i)}: ${msg}`);
    };
    while (i < n) {
        const lt = text.indexOf('<', i);
        const top = stack[stack.length - 1];
        if (lt === -1) {
            if (top) fail('unexpected end of document');
            break;
        }
        if (top && lt > i) top.text += decodeEntities(text.slice(i, lt));
        i = lt;
        if (text.startsWith('<!--', i)) {
            const end = text.indexOf('-->', i + 4);
            if (end === -1) fail('unterminated comment');
            i = end + 3;
        } else if (text.startsWith('<![CDATA[', i)) {
            const end = text.indexOf(']]>', i + 9);
            if (end === -1) fail('unterminated CDATA section');
            if (top) top.text += text.slice(i + 9, end);
            i = end + 3;
        } else if (text.startsWith('<?', i)) {
            const end = text.indexOf('?>', i + 2);
            if (end === -1) fail('unterminated processing instruction');
            i = end + 2;
        } else if (text.startsWith('<!', i)) {
            const end = text.indexOf('>', i + 2); // DOCTYPE without internal subset
            if (end === -1) fail('unterminated declaration');
            i = end + 1;
        } else if (text.startsWith('</', i)) {
            const end = text.indexOf('>', i + 2);
            if (end === -1) fail('unterminated end tag');
            const name = text.slice(i + 2, end).trim();
            const el = stack.pop();
            if (!el || el.name !== name) fail(`unexpected </${name}>`);
            /** @type {XmlElement} */ (el).contentEnd = i;
            /** @type {XmlElement} */ (el).end = end + 1;
            i = end + 1;
        } else {
            const start = i;
            const nameMatch = /^<([^\s/>]+)/.exec(text.slice(i, i + 300));
            if (!nameMatch) fail('malformed start tag');
            const name = /** @type {RegExpExecArray} */ (nameMatch)[1];
            i += name.length + 1;
            /** @type {XmlAttr[]} */
            const attrs = [];
            const attrRe = /\s*([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?>)/y;
            let selfClosing = false;
            for (;;) {
                attrRe.lastIndex = i;
                const m = attrRe.exec(text);
                if (!m) fail(`malformed start tag <${name}>`);
                const mm = /** @type {RegExpExecArray} */ (m);
                if (mm[5]) {
                    selfClosing = mm[5] === '/>';
                    i = attrRe.lastIndex;
                    break;
                }
                const attrStart = mm.index + mm[0].length - mm[0].trimStart().length;
                attrs.push({
                    name: mm[1],
                    value: decodeEntities(mm[3] ?? mm[4] ?? ''),
                    line: lineOf(attrStart),
                    start: attrStart,
                    end: attrRe.lastIndex
                });
                i = attrRe.lastIndex;
            }
            const colon = name.indexOf(':');
            /** @type {XmlElement} */
            const el = {
                name,
                local: colon >= 0 ? name.slice(colon + 1) : name,
                attrs,
                start,
                end: i,
                contentStart: i,
                contentEnd: i,
                line: lineOf(start),
                children: [],
                text: '',
                parent: top ?? null
            };
            if (top) top.children.push(el);
            else if (root) fail('more than one root element');
            else root = el;
            if (!selfClosing) stack.push(el);
        }
    }
    if (stack.length) fail(`unclosed <${stack[stack.length - 1].name}>`);
    if (!root) throw new Error('no root element');
    return root;
}

/**
 * @param {XmlElement} el
 * @param {string} name
 */
export const getAttr = (el, name) => el.attrs.find((a) => a.name === name);

/**
 * Namespace URI of an element, resolved through its ancestors' xmlns declarations.
 * @param {XmlElement} el
 */
export function namespaceOf(el) {
    const colon = el.name.indexOf(':');
    const decl = colon >= 0 ? `xmlns:${el.name.slice(0, colon)}` : 'xmlns';
    for (let e = /** @type {XmlElement | null} */ (el); e; e = e.parent) {
        const a = getAttr(e, decl);
        if (a) return a.value;
    }
    return '';
}
