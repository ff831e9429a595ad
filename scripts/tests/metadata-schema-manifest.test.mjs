// The committed compact XSD (scripts/metadata-schema/metadata-v66.xsd) is generated from the Metadata API WSDL,
// which is absent on CI, so validate-metadata.test.mjs can only regenerate it where the WSDL is. These tests run
// everywhere: the manifest the generator writes beside the XSD records the SHA-256 of the XSD, of the generator
// and of its inputs; a hand edit of the XSD, or a generator edit not followed by a regeneration, fails here.
// Run: node --test scripts/tests/metadata-schema-manifest.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_VERSION } from '../lib/metadata/types.mjs';
import { XSD_FILE, MANIFEST_FILE, GENERATOR_FILES, committedSha256, generatorFiles, generatorInputs } from '../lib/metadata/schema-manifest.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, MANIFEST_FILE), 'utf8'));
// The generator reads values from types.mjs; those values are fingerprinted in generator.inputs, not its file.
const TYPES_FILE = 'scripts/lib/metadata/types.mjs';
const REGENERATE = `regenerate with npm run schema:generate -- <path to metadata.wsdl> (default ../shared/salesforce-metadata-api/metadata.wsdl) and commit ${XSD_FILE} and ${MANIFEST_FILE} together`;

test('the manifest is the generator\'s record of the committed XSD for API 66.0', () => {
    assert.deepEqual(Object.keys(manifest), ['comment', 'xsd', 'generator', 'wsdl'], `${MANIFEST_FILE}: fields`);
    assert.equal(manifest.xsd.file, XSD_FILE);
    assert.equal(manifest.generator.inputs.apiVersion, API_VERSION);
});

test('the committed XSD is byte for byte the one the generator wrote (it is never edited by hand)', () => {
    assert.equal(
        committedSha256(XSD_FILE),
        manifest.xsd.sha256,
        `${XSD_FILE} differs from the XSD the generator wrote (SHA-256 in ${MANIFEST_FILE}): the file is generated, ${REGENERATE}`
    );
});

test('the generator is the code that wrote the committed XSD', () => {
    assert.deepEqual(Object.keys(manifest.generator.files), [...GENERATOR_FILES], `${MANIFEST_FILE}: generator files`);
    const current = generatorFiles();
    let checked = 0;
    for (const file of GENERATOR_FILES) {
        assert.equal(current[file], manifest.generator.files[file], `${file} changed after the XSD was generated: ${REGENERATE}, so that the XSD is proven to be what the changed generator writes`);
        checked += 1;
    }
    assert.equal(checked, 2, 'generator files checked');
});

test('the generator\'s inputs (root types, namespace, API version, XML parser version) are the ones the XSD was generated with', () => {
    assert.deepEqual(
        generatorInputs(),
        manifest.generator.inputs,
        `the values the generator reads from ${TYPES_FILE}, or the fast-xml-parser it reads the WSDL with, changed after the XSD was generated: ${REGENERATE}`
    );
});

test('every local module the generator imports is fingerprinted in the manifest', () => {
    const covered = new Set([...GENERATOR_FILES, TYPES_FILE]);
    const imports = GENERATOR_FILES.flatMap((file) =>
        [...readFileSync(path.join(repoRoot, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(([, specifier]) =>
            path.posix.join(path.posix.dirname(file), specifier)
        )
    );
    // A helper added to the generator would otherwise change the XSD without changing any recorded hash.
    assert.deepEqual(
        imports.filter((file) => !covered.has(file)),
        [],
        'add these files to GENERATOR_FILES in scripts/lib/metadata/schema-manifest.mjs'
    );
    assert.deepEqual([...new Set(imports)].sort(), [TYPES_FILE, GENERATOR_FILES[1]].sort(), 'local imports of the generator');
});

test('the manifest records the WSDL the XSD was generated from', () => {
    assert.equal(manifest.wsdl.apiVersion, API_VERSION, 'WSDL API version');
    assert.match(String(manifest.wsdl.sha256), /^[0-9a-f]{64}$/, 'WSDL SHA-256');
});
