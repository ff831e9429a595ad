// Tests of npm run validate:schema (scripts/validate-metadata.mjs) on source-format fixtures.
// Run: node --test scripts/tests/

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUFFIX_TYPES, ROOT_TYPES } from '../lib/metadata/types.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VALIDATOR = path.join('scripts', 'validate-metadata.mjs');
const FIXTURES = path.join('scripts', 'tests', 'fixtures', 'metadata');

/**
 * Runs a script with node from the repository root.
 * @param {string} script
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(script, args) {
    return new Promise((resolve) => {
        execFile(process.execPath, [script, ...args], { cwd: repoRoot }, (err, stdout, stderr) => {
            resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
        });
    });
}

/** Fixture cases that must fail: the file (relative to the case folder), line and message. */
const FAILING = [
    [
        'bad-unknown-element',
        'objects/Diamy_Call__c/fields/External_Call_Id__c.field-meta.xml',
        6,
        /Element 'externalIdd': This element is not expected\. Expected is one of \(.*label/
    ],
    [
        'bad-misplaced-element',
        'objects/Diamy_Call__c/fields/Caller_Number__c.field-meta.xml',
        8,
        /Element 'label': This element is not expected\. Expected is one of \( unique, valueSet/
    ],
    ['bad-misplaced-flow-element', 'flows/Diamy_Call_After_Save.flow-meta.xml', 69, /Element 'apiVersion': This element is not expected/],
    [
        'bad-enum-value',
        'objects/Diamy_Call__c/fields/Caller_Number__c.field-meta.xml',
        8,
        /Element 'type': \[facet 'enumeration'\] The value 'Txt' is not an element of the set \{.*'Text'/
    ],
    [
        'bad-flow-trigger-type',
        'flows/Diamy_Call_After_Save.flow-meta.xml',
        67,
        /Element 'triggerType': \[facet 'enumeration'\] The value 'AfterSave' is not an element of the set \{.*'RecordAfterSave'/
    ],
    ['bad-lwc-is-exposed', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 4, /Element 'isExposed': 'yes' is not a valid value of the atomic type 'xs:boolean'/],
    ['bad-lwc-unknown-element', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 4, /Element 'isExposedd': This element is not expected/],
    ['bad-lwc-unknown-target', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 10, /unknown target 'lightning__AppPages'; did you mean 'lightning__AppPage'\?/],
    ['bad-lwc-undeclared-target', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 24, /'lightning__HomePage' is not declared in <targets>/],
    ['bad-lwc-property-attribute', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 14, /Element 'property', attribute 'hint': The attribute 'hint' is not allowed/],
    ['bad-lwc-property-type', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 17, /attribute 'type': 'Number' is not a valid property type for lightning__UtilityBar/],
    ['bad-lwc-property-default', 'lwc/diamySoftphone/diamySoftphone.js-meta.xml', 14, /attribute 'default': 'no' is not a Boolean/],
    ['bad-unknown-suffix', 'softphones/Diamy.softphone-meta.xml', 1, /no schema mapping for '\.softphone-meta\.xml' files/],
    ['bad-wrong-root', 'objects/Diamy_Call__c/fields/Caller_Number__c.field-meta.xml', 2, /root element is <CustomObject>, expected <CustomField>/],
    ['bad-namespace', 'cspTrustedSites/Diamy_Api.cspTrustedSite-meta.xml', 2, /root element namespace is missing, expected xmlns="http:\/\/soap\.sforce\.com\/2006\/04\/metadata"/],
    ['bad-not-well-formed', 'objects/Diamy_Call__c/fields/Direction__c.field-meta.xml', 23, /not well-formed XML: Expected closing tag 'valueSet'/]
];

/** Runs of the validator shared by several tests (each run costs ~0.5 s: node + schema load). */
const runs = {
    valid: run(VALIDATOR, [path.join(FIXTURES, 'valid')]),
    all: run(VALIDATOR, [FIXTURES])
};

/**
 * Asserts that `stdout` reports `pattern` at `file`:`line` of a failing case.
 * @param {string} stdout
 * @param {string} dir
 * @param {string} file
 * @param {number} line
 * @param {RegExp} pattern
 */
function assertReported(stdout, dir, file, line, pattern) {
    const location = `${path.join(FIXTURES, dir, file)}:${line}: `;
    const hit = stdout.split('\n').find((l) => l.startsWith(location));
    assert.ok(hit, `expected an error at ${location}\n${stdout}`);
    assert.match(/** @type {string} */ (hit).slice(location.length), pattern);
}

describe('validate-metadata', { concurrency: true }, () => {
    it('passes the valid fixtures (field, flow, permission set, labels, js-meta.xml, CSP trusted site, ...)', async () => {
        const { code, stdout, stderr } = await runs.valid;
        assert.equal(stderr, '');
        assert.equal(stdout, 'metadata: 12 files valid\n');
        assert.equal(code, 0);
    });

    it('covers every failing fixture folder', () => {
        const dirs = readdirSync(path.join(repoRoot, FIXTURES)).filter((d) => d.startsWith('bad-'));
        assert.deepEqual(dirs.sort(), FAILING.map(([d]) => d).sort());
    });

    // All fixture folders go through one run (one schema load); each case is asserted on its own.
    for (const [dir, file, line, pattern] of FAILING) {
        it(`fails on ${dir}`, async () => {
            const { code, stdout } = await runs.all;
            assertReported(stdout, dir, file, line, pattern);
            assert.equal(code, 1);
        });
    }

    // A few folders on their own: exit status and summary of a single failing file.
    for (const dir of ['bad-misplaced-element', 'bad-lwc-undeclared-target', 'bad-unknown-suffix']) {
        it(`exits 1 on ${dir} alone`, async () => {
            const [, file, line, pattern] = /** @type {(typeof FAILING)[number]} */ (FAILING.find(([d]) => d === dir));
            const { code, stdout } = await run(VALIDATOR, [path.join(FIXTURES, dir)]);
            assertReported(stdout, dir, file, line, pattern);
            assert.match(stdout, /\nmetadata: 1 file, 1 error\n$/);
            assert.equal(code, 1);
        });
    }

    it('validates valid and invalid files together and reports only the invalid ones', async () => {
        const { code, stdout } = await runs.all;
        const errors = stdout.trimEnd().split('\n');
        const summary = /** @type {string} */ (errors.pop());
        assert.equal(summary, `metadata: ${12 + FAILING.length} files, ${errors.length} errors`);
        assert.ok(!errors.some((e) => e.startsWith(path.join(FIXTURES, 'valid'))), stdout);
        assert.equal(code, 1);
    });

    it('exits 2 on a path that does not exist', async () => {
        const { code, stderr } = await run(VALIDATOR, [path.join(FIXTURES, 'no-such-dir')]);
        assert.match(stderr, /no such file or directory: .*no-such-dir/);
        assert.equal(code, 2);
    });

    it('explains a missing schema file', async () => {
        // A copy of the validator without scripts/metadata-schema/, resolving packages from this repo.
        const tmp = mkdtempSync(path.join(tmpdir(), 'validate-metadata-'));
        try {
            cpSync(path.join(repoRoot, VALIDATOR), path.join(tmp, VALIDATOR));
            cpSync(path.join(repoRoot, 'scripts', 'lib', 'metadata'), path.join(tmp, 'scripts', 'lib', 'metadata'), { recursive: true });
            symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
            const { code, stderr } = await run(path.join(tmp, VALIDATOR), [path.join(FIXTURES, 'valid')]);
            assert.match(stderr, /schema file missing: .*metadata-v66\.xsd.*npm run schema:generate/);
            assert.equal(code, 2);
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });

    it('maps suffixes like the source-deploy-retrieve registry', () => {
        const require = createRequire(import.meta.url);
        /** @type {{ types: Record<string, any> }} */
        const registry = require('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json');
        /** @type {Map<string, Set<string>>} suffix → type names */
        const bySuffix = new Map();
        /** @param {Record<string, any>} types */
        const walk = (types) => {
            for (const t of Object.values(types)) {
                for (const s of [t.suffix, t.legacySuffix]) {
                    if (s) bySuffix.set(s, (bySuffix.get(s) ?? new Set()).add(t.name));
                }
                if (t.children) walk(t.children.types);
            }
        };
        walk(registry.types);
        for (const [suffix, type] of Object.entries(SUFFIX_TYPES)) {
            if (type === 'LightningComponentBundle') continue; // a bundle: <name>.js-meta.xml
            assert.ok(bySuffix.get(suffix)?.has(type), `.${suffix}-meta.xml: SDR knows ${[...(bySuffix.get(suffix) ?? ['nothing'])].join(', ')}, not ${type}`);
        }
    });

    it('ships a schema with one global element per root type, and no clash with the LWC schema', () => {
        const xsd = readFileSync(path.join(repoRoot, 'scripts', 'metadata-schema', 'metadata-v66.xsd'), 'utf8');
        const globals = [...xsd.matchAll(/^ <xsd:element name="([^"]+)" type="tns:\1"\/>$/gm)].map((m) => m[1]);
        assert.deepEqual(globals, [...ROOT_TYPES]);
        // lwc-target-configs.xsd shares the namespace: its global element and types must not clash.
        const lwc = readFileSync(path.join(repoRoot, 'scripts', 'metadata-schema', 'lwc-target-configs.xsd'), 'utf8');
        /** @param {string} text @param {RegExp} re */
        const names = (text, re) => new Set([...text.matchAll(re)].map((m) => m[1]));
        const typeRe = /<xsd:(?:complexType|simpleType) name="([^"]+)"/g;
        const globalRe = /^ <xsd:element name="([^"]+)"/gm;
        const lwcTypes = names(lwc, typeRe);
        assert.ok(lwcTypes.size > 5);
        assert.deepEqual(
            [...names(xsd, typeRe)].filter((n) => lwcTypes.has(n)),
            []
        );
        assert.deepEqual(
            [...names(xsd, globalRe)].filter((n) => names(lwc, globalRe).has(n)),
            []
        );
    });

    // Where the WSDL is (not on CI), the XSD and its manifest are regenerated and compared byte for byte; everywhere
    // else metadata-schema-manifest.test.mjs checks the committed XSD and generator against the manifest.
    const wsdl = path.join(repoRoot, '..', 'shared', 'salesforce-metadata-api', 'metadata.wsdl');
    it('regenerates the committed schema and its manifest byte for byte (needs the WSDL)', { skip: !existsSync(wsdl) && 'WSDL not available' }, async () => {
        const { code, stdout, stderr } = await run(path.join('scripts', 'generate-metadata-schema.mjs'), ['--check']);
        assert.equal(stderr, '');
        assert.match(stdout, /^up to date: .*, and scripts\/metadata-schema\/metadata-v66\.manifest\.json\n$/);
        assert.equal(code, 0);
    });
});
