// Validates source-format metadata files against the Metadata API schema, offline.
//
// Per file: well-formedness (fast-xml-parser), expected root element from the file name
// (types.mjs), then XML Schema validation of every file in ONE xmllint-wasm call (loading the
// schema dominates the run time). js-meta.xml files get the treatment described in lwc.mjs.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { validateXML, memoryPages } from 'xmllint-wasm';
import { METADATA_NS, API_VERSION, typeForFileName } from './types.mjs';
import { scanXml, namespaceOf } from './xml-scan.mjs';
import { bundleElementOrder, splitBundle, checkBundle } from './lwc.mjs';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'metadata-schema');
export const METADATA_XSD = path.join(schemaDir, `metadata-v${API_VERSION.split('.')[0]}.xsd`);
export const LWC_XSD = path.join(schemaDir, 'lwc-target-configs.xsd');

/** @typedef {{ file: string, line: number, message: string }} ValidationError */

/**
 * A document handed to xmllint.
 * @typedef {{ file: string, contents: string, lineMap: number[] | null }} VirtualDoc
 */

export class SchemaMissingError extends Error {}

/** @param {string} text */
const stripBom = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const NS_RE = new RegExp(`\\{${METADATA_NS.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\}`, 'g');

/**
 * Shortens an xmllint message: drops the "element x: Schemas validity error :" prefix and the
 * metadata namespace, and abbreviates very long enumerations.
 * @param {string} message
 */
export function cleanMessage(message) {
    let m = message.replace(/^element [^:]+: Schemas validity error : /, '').replace(/^Schemas validity error : /, '');
    m = m.replace(NS_RE, '');
    m = m.replace(/is not an element of the set \{([^}]*)\}/, (all, set) => {
        const values = set.split(', ');
        return values.length > 40 ? `is not an element of the set {${values.slice(0, 40).join(', ')}, ... (${values.length} values)}` : all;
    });
    return m;
}

/**
 * @param {string[]} files absolute paths
 * @param {{ cwd?: string }} [options]
 * @returns {Promise<{ errors: ValidationError[], fileCount: number }>}
 */
export async function validateFiles(files, options = {}) {
    const cwd = options.cwd ?? process.cwd();
    const rel = (/** @type {string} */ f) => path.relative(cwd, f) || f;
    if (!existsSync(METADATA_XSD) || !existsSync(LWC_XSD)) {
        const which = existsSync(METADATA_XSD) ? LWC_XSD : METADATA_XSD;
        throw new SchemaMissingError(
            `schema file missing: ${rel(which)}. It is committed with the project; restore it from git, or regenerate the Metadata API schema with npm run schema:generate (needs the Metadata API WSDL v${API_VERSION}).`
        );
    }
    const metadataXsd = readFileSync(METADATA_XSD, 'utf8');
    const lwcXsd = readFileSync(LWC_XSD, 'utf8');

    /** @type {ValidationError[]} */
    const errors = [];
    /** @type {VirtualDoc[]} */
    const docs = [];
    /** @type {readonly string[] | null} */
    let bundleOrder = null;

    for (const file of files) {
        const name = path.basename(file);
        const { type, suffix } = typeForFileName(name);
        if (!type) {
            errors.push({
                file: rel(file),
                line: 1,
                message:
                    suffix === null
                        ? `not a source-format metadata file: expected <name>.<suffix>-meta.xml (or a package.xml manifest)`
                        : `no schema mapping for '.${suffix}-meta.xml' files: add the suffix to scripts/lib/metadata/types.mjs and run npm run schema:generate`
            });
            continue;
        }
        const text = stripBom(readFileSync(file, 'utf8'));
        const wellFormed = XMLValidator.validate(text, { allowBooleanAttributes: false });
        if (wellFormed !== true) {
            errors.push({ file: rel(file), line: wellFormed.err.line ?? 1, message: `not well-formed XML: ${wellFormed.err.msg}` });
            continue;
        }
        let root;
        try {
            root = scanXml(text);
        } catch (e) {
            const m = /^line (\d+): (.*)$/.exec(/** @type {Error} */ (e).message);
            errors.push({ file: rel(file), line: m ? Number(m[1]) : 1, message: `not well-formed XML: ${m ? m[2] : /** @type {Error} */ (e).message}` });
            continue;
        }
        const ns = namespaceOf(root);
        if (root.local !== type || ns !== METADATA_NS) {
            const problems = [];
            if (root.local !== type) problems.push(`root element is <${root.name}>, expected <${type}> for a ${suffix ? `.${suffix}-meta.xml` : name} file`);
            if (ns !== METADATA_NS) problems.push(`root element namespace is ${ns ? `'${ns}'` : 'missing'}, expected xmlns="${METADATA_NS}"`);
            errors.push({ file: rel(file), line: root.line, message: problems.join('; ') });
            continue;
        }
        if (type === 'LightningComponentBundle') {
            bundleOrder ??= bundleElementOrder(metadataXsd);
            const split = splitBundle(text, root, bundleOrder);
            docs.push({ file: rel(file), contents: split.bundle, lineMap: split.lineMap });
            if (split.targetConfigs !== null) docs.push({ file: rel(file), contents: split.targetConfigs, lineMap: null });
            for (const issue of checkBundle(root)) errors.push({ file: rel(file), ...issue });
        } else {
            docs.push({ file: rel(file), contents: text, lineMap: null });
        }
    }

    if (docs.length) errors.push(...(await runXmllint(docs, metadataXsd, lwcXsd)));

    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return { errors, fileCount: files.length };
}

/**
 * Validates all documents in one xmllint-wasm run.
 * @param {VirtualDoc[]} docs
 * @param {string} metadataXsd
 * @param {string} lwcXsd
 * @returns {Promise<ValidationError[]>}
 */
async function runXmllint(docs, metadataXsd, lwcXsd) {
    const metadataName = path.basename(METADATA_XSD);
    const lwcName = path.basename(LWC_XSD);
    const wrapper = `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="${METADATA_NS}" elementFormDefault="qualified">
 <xsd:include schemaLocation="${metadataName}"/>
 <xsd:include schemaLocation="${lwcName}"/>
</xsd:schema>
`;
    const names = docs.map((_, i) => `doc${String(i).padStart(4, '0')}.xml`);
    const byName = new Map(names.map((n, i) => [n, docs[i]]));
    const totalSize = docs.reduce((s, d) => s + d.contents.length, 0) + metadataXsd.length;
    const pages = Math.min(memoryPages.max, Math.max(memoryPages.defaultMaxMemoryPages, Math.ceil((totalSize * 40) / 65536)));

    let raw;
    try {
        const result = await validateXML({
            xml: docs.map((d, i) => ({ fileName: names[i], contents: d.contents })),
            schema: [{ fileName: 'wrapper.xsd', contents: wrapper }],
            preload: [
                { fileName: metadataName, contents: metadataXsd },
                { fileName: lwcName, contents: lwcXsd }
            ],
            maxMemoryPages: pages
        });
        raw = result.rawOutput;
    } catch (e) {
        // xmllint exits with other codes when a document doesn't parse; its output is still usable.
        raw = /** @type {Error} */ (e).message ?? '';
        if (!/^doc\d{4}\.xml:\d+:/m.test(raw)) throw new Error(`xmllint could not validate (schema or memory problem):\n${raw.trim()}`);
    }

    /** @type {ValidationError[]} */
    const errors = [];
    let last = { name: '', line: -1, facet: false };
    for (const lineText of raw.split('\n')) {
        const m = /^(doc\d{4}\.xml):(\d+): (.*)$/.exec(lineText);
        if (!m) {
            // Other lines: "docNNNN.xml validates", "... fails to validate", and the source excerpt and
            // caret that follow a parser error. Only problems of the schemas themselves are reported.
            if (/^[\w.-]+\.xsd:\d+: /.test(lineText) || /^WXS schema /.test(lineText)) errors.push({ file: '(schema)', line: 0, message: lineText.trim() });
            continue;
        }
        const doc = /** @type {VirtualDoc} */ (byName.get(m[1]));
        const vline = Number(m[2]);
        const line = doc.lineMap ? (doc.lineMap[vline] ?? vline) : vline;
        const message = cleanMessage(m[3]);
        // After an enumeration/pattern facet error xmllint repeats "'x' is not a valid value of the
        // atomic type 'T'" for the same element: keep only the first, more precise message.
        const followUp = /is not a valid value of the (atomic|local atomic) type/.test(message);
        if (followUp && last.name === m[1] && last.line === vline && last.facet) continue;
        last = { name: m[1], line: vline, facet: /\[facet '/.test(message) };
        errors.push({ file: doc.file, line, message });
    }
    return errors;
}
