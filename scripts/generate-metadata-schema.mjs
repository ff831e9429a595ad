#!/usr/bin/env node
// Derives the compact XML Schema that `npm run validate` uses from Salesforce's Metadata API WSDL.
//
//   node scripts/generate-metadata-schema.mjs [path/to/metadata.wsdl] [--check]
//
// Default WSDL: ../shared/salesforce-metadata-api/metadata.wsdl (relative to the repository root).
// Writes scripts/metadata-schema/metadata-v66.xsd: the WSDL's <xsd:schema> reduced to the complexTypes
// and simpleTypes reachable from the root types of scripts/lib/metadata/types.mjs (ROOT_TYPES), with
// documentation annotations dropped, types sorted by name, and one global element per root type
// (the WSDL declares none). The output is deterministic; --check compares instead of writing and
// exits 1 when the committed file is stale.
//
// It also writes scripts/metadata-schema/metadata-v66.manifest.json: the SHA-256 of the XSD, of this generator
// and its inputs, and of the WSDL (scripts/lib/metadata/schema-manifest.mjs). The WSDL is absent on CI, so the
// manifest is what lets scripts/tests/metadata-schema-manifest.test.mjs catch, everywhere, a hand edit of the
// XSD or a generator edit that was not followed by a regeneration.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { ROOT_TYPES, METADATA_NS, API_VERSION } from './lib/metadata/types.mjs';
import { XSD_FILE, MANIFEST_FILE, buildManifest, formatManifest } from './lib/metadata/schema-manifest.mjs';

const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(repoRoot, XSD_FILE);
const MANIFEST = path.join(repoRoot, MANIFEST_FILE);
const DEFAULT_WSDL = path.join(repoRoot, '..', 'shared', 'salesforce-metadata-api', 'metadata.wsdl');

const args = process.argv.slice(2);
const check = args.includes('--check');
const positional = args.filter((a) => !a.startsWith('--'));
const wsdlPath = path.resolve(positional[0] ?? DEFAULT_WSDL);

if (!existsSync(wsdlPath)) {
    console.error(`schema:generate: WSDL not found: ${wsdlPath}`);
    console.error('Pass the path of the Metadata API WSDL (metadata.wsdl) as the first argument.');
    process.exit(2);
}

/** @typedef {{ tag: string, attrs: [string, string][], children: XNode[] }} XNode */

/**
 * Converts fast-xml-parser's preserveOrder output into plain nodes (elements only).
 * @param {any[]} list
 * @returns {XNode[]}
 */
function toNodes(list) {
    /** @type {XNode[]} */
    const out = [];
    for (const item of list) {
        const tag = Object.keys(item).find((k) => k !== ':@');
        if (tag === undefined || tag === '#text' || tag === '#comment' || tag.startsWith('?')) continue;
        const attrs = Object.entries(item[':@'] ?? {}).map(([k, v]) => [k.slice(2), String(v)]);
        out.push({ tag, attrs: /** @type {[string, string][]} */ (attrs), children: toNodes(item[tag]) });
    }
    return out;
}

/** @param {XNode} node @param {string} name */
const attr = (node, name) => node.attrs.find(([k]) => k === name)?.[1];

const wsdlBytes = readFileSync(wsdlPath); // hashed as is, for the manifest
const wsdlText = wsdlBytes.toString('utf8');
const versionMatch = /Metadata API version ([0-9.]+)/.exec(wsdlText);
if (versionMatch && versionMatch[1] !== API_VERSION) {
    console.error(`schema:generate: the WSDL is for API ${versionMatch[1]}, the project expects ${API_VERSION}`);
    process.exit(2);
}
const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    processEntities: false, // keep attribute values escaped exactly as in the WSDL
    htmlEntities: false,
    commentPropName: '#comment'
});
const doc = toNodes(parser.parse(wsdlText));
const definitions = doc.find((n) => n.tag === 'definitions');
const schema = definitions?.children.find((n) => n.tag === 'types')?.children.find((n) => n.tag === 'xsd:schema');
if (!schema) {
    console.error(`schema:generate: no <types><xsd:schema> in ${wsdlPath}`);
    process.exit(2);
}
if (attr(schema, 'targetNamespace') !== METADATA_NS) {
    console.error(`schema:generate: unexpected targetNamespace ${attr(schema, 'targetNamespace')}`);
    process.exit(2);
}

/** @type {Map<string, XNode>} */
const named = new Map();
for (const node of schema.children) {
    if (node.tag !== 'xsd:complexType' && node.tag !== 'xsd:simpleType') continue;
    const name = attr(node, 'name');
    if (!name) continue;
    if (named.has(name)) throw new Error(`duplicate type ${name} in the WSDL`);
    named.set(name, node);
}

/** Drops documentation; keeps everything else in document order. @param {XNode} node @returns {XNode} */
function strip(node) {
    return { ...node, children: node.children.filter((c) => c.tag !== 'xsd:annotation').map(strip) };
}

/** @param {XNode} node @param {Set<string>} refs */
function collectRefs(node, refs) {
    for (const [k, v] of node.attrs) {
        if ((k === 'type' || k === 'base') && v.startsWith('tns:')) refs.add(v.slice(4));
    }
    node.children.forEach((c) => collectRefs(c, refs));
}

// Closure of the root types.
const missingRoots = ROOT_TYPES.filter((t) => named.get(t)?.tag !== 'xsd:complexType');
if (missingRoots.length) {
    console.error(`schema:generate: root types not in the WSDL: ${missingRoots.join(', ')}`);
    process.exit(2);
}
/** @type {Set<string>} */
const reachable = new Set();
const queue = [...ROOT_TYPES];
while (queue.length) {
    const name = /** @type {string} */ (queue.pop());
    if (reachable.has(name)) continue;
    const node = named.get(name);
    if (!node) throw new Error(`type tns:${name} is referenced but not defined in the WSDL`);
    reachable.add(name);
    /** @type {Set<string>} */
    const refs = new Set();
    collectRefs(node, refs);
    refs.forEach((r) => reachable.has(r) || queue.push(r));
}

/** @param {XNode} node @param {number} depth @returns {string} */
function serialize(node, depth) {
    const pad = ' '.repeat(depth);
    const attrs = node.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
    if (!node.children.length) return `${pad}<${node.tag}${attrs}/>\n`;
    return `${pad}<${node.tag}${attrs}>\n${node.children.map((c) => serialize(c, depth + 1)).join('')}${pad}</${node.tag}>\n`;
}

const byName = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = [...reachable].sort(byName);
const complexTypes = sorted.filter((n) => named.get(n)?.tag === 'xsd:complexType');
const simpleTypes = sorted.filter((n) => named.get(n)?.tag === 'xsd:simpleType');

const licensePath = path.join(path.dirname(wsdlPath), 'LICENSE.txt');
const license = existsSync(licensePath)
    ? readFileSync(licensePath, 'utf8').trim().replace(/--/g, '- -')
    : 'Copyright (c) Salesforce.com, Inc. All rights reserved. BSD-3-Clause licence (forcedotcom/wsdl).';
const copyright = /^Copyright[^\n]*/m.exec(wsdlText.slice(0, 500))?.[0] ?? '';

const header = `<!--
  GENERATED FILE - do not edit. Regenerate with: npm run schema:generate
  (node scripts/generate-metadata-schema.mjs [path/to/metadata.wsdl]; its check option verifies this file).

  Source: Salesforce Metadata API WSDL, API version ${API_VERSION} (metadata.wsdl of forcedotcom/wsdl):
  its <types>/<xsd:schema> reduced to the ${reachable.size} types reachable from the ${ROOT_TYPES.length} root types of
  scripts/lib/metadata/types.mjs, xsd:annotation dropped, types sorted by name, plus one global
  element per root type (the WSDL declares none). Used by npm run validate (scripts/validate-metadata.mjs).

  The WSDL: ${copyright}. Its licence (LICENSE.txt of forcedotcom/wsdl):

${license
    .split('\n')
    .map((l) => (l ? `  ${l}` : ''))
    .join('\n')}
-->
`;

if (header.slice(4, -4).includes('--')) throw new Error('the header comment must not contain "--"');
let out = `<?xml version="1.0" encoding="UTF-8"?>\n${header}`;
out += `<xsd:schema xmlns:xsd="${XSD_NS}" xmlns:tns="${METADATA_NS}" targetNamespace="${METADATA_NS}" elementFormDefault="qualified">\n`;
for (const root of ROOT_TYPES) out += ` <xsd:element name="${root}" type="tns:${root}"/>\n`;
for (const name of [...complexTypes, ...simpleTypes]) out += serialize(strip(/** @type {XNode} */ (named.get(name))), 1);
out += '</xsd:schema>\n';

const manifest = formatManifest(buildManifest({ xsdText: out, wsdlBytes, wsdlApiVersion: versionMatch?.[1] ?? null }));
const kib = (Buffer.byteLength(out) / 1024).toFixed(1);
const summary = `${XSD_FILE}: ${kib} KiB, ${ROOT_TYPES.length} root elements, ${complexTypes.length} complexTypes, ${simpleTypes.length} simpleTypes (WSDL: ${named.size} types)`;
if (check) {
    /** @param {string} file */
    const committed = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
    const stale = [
        [XSD_FILE, committed(OUTPUT) !== out],
        [MANIFEST_FILE, committed(MANIFEST) !== manifest]
    ].filter(([, isStale]) => isStale);
    if (stale.length) {
        console.error(`schema:generate --check: ${stale.map(([file]) => file).join(' and ')} out of date; run npm run schema:generate`);
        process.exit(1);
    }
    console.log(`up to date: ${summary}, and ${MANIFEST_FILE}`);
} else {
    mkdirSync(path.dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, out);
    writeFileSync(MANIFEST, manifest);
    console.log(`wrote ${summary}, and ${MANIFEST_FILE}`);
}
