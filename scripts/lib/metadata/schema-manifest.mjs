// The provenance manifest of the committed compact XSD (scripts/metadata-schema/metadata-v66.manifest.json).
//
// The XSD is generated from Salesforce's Metadata API WSDL, which is not in the repository and not on CI, so the
// XSD cannot be regenerated there to prove it is still what the generator writes. Instead the generator records,
// each time it runs, the SHA-256 of the XSD it wrote, of its own code and of the inputs it read, and the SHA-256
// of the WSDL; scripts/tests/metadata-schema-manifest.test.mjs recomputes these from the checkout. A hand edit of
// the XSD, or a generator edit not followed by `npm run schema:generate`, no longer matches the manifest.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT_TYPES, METADATA_NS, API_VERSION } from './types.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MAJOR = API_VERSION.split('.')[0];

/** Repository-relative paths (forward slashes, as recorded in the manifest). */
export const XSD_FILE = `scripts/metadata-schema/metadata-v${MAJOR}.xsd`;
export const MANIFEST_FILE = `scripts/metadata-schema/metadata-v${MAJOR}.manifest.json`;

/**
 * The code that decides the bytes of the XSD and of this manifest. scripts/lib/metadata/types.mjs is not listed
 * as a file: the generator reads three values from it (see generatorInputs), so editing its suffix mapping
 * helpers does not call for a regeneration, while a new root type does.
 */
export const GENERATOR_FILES = Object.freeze(['scripts/generate-metadata-schema.mjs', 'scripts/lib/metadata/schema-manifest.mjs']);

/** Where the WSDL comes from (docs: ../shared/salesforce-metadata-api/README.md). */
const WSDL_SOURCE = 'metadata.wsdl of forcedotcom/wsdl (resources/metadata.wsdl), Salesforce Metadata API WSDL';

/** @param {string | Buffer} data */
export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * SHA-256 of a text with its line endings normalised to LF, what the generator writes, so that a checkout that
 * converts to CRLF (git core.autocrlf on Windows) does not read as an edit; on an LF checkout this is the
 * `sha256sum` of the file.
 * @param {string} text
 */
const textSha256 = (text) => sha256(text.replace(/\r\n/g, '\n'));

/** @param {string} relativePath repository-relative */
export const committedSha256 = (relativePath) => textSha256(readFileSync(path.join(repoRoot, relativePath), 'utf8'));

/** @param {string} relativePath repository-relative */
export const readCommitted = (relativePath) => readFileSync(path.join(repoRoot, relativePath), 'utf8');

/**
 * What the generator reads besides its own code: the values it takes from types.mjs and the version of the XML
 * parser that reads the WSDL (another parser version could serialise attributes differently).
 */
export function generatorInputs() {
    const parser = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'fast-xml-parser', 'package.json'), 'utf8'));
    return {
        apiVersion: API_VERSION,
        namespace: METADATA_NS,
        rootTypes: ROOT_TYPES.length,
        rootTypesSha256: sha256(ROOT_TYPES.join('\n')),
        fastXmlParser: String(parser.version)
    };
}

/** SHA-256 of each generator file as it is in the checkout. */
export const generatorFiles = () => Object.fromEntries(GENERATOR_FILES.map((file) => [file, committedSha256(file)]));

/**
 * The manifest of an XSD the generator has just produced from a WSDL.
 * @param {{ xsdText: string, wsdlBytes: Buffer, wsdlApiVersion: string | null }} generated
 */
export function buildManifest({ xsdText, wsdlBytes, wsdlApiVersion }) {
    return {
        comment: 'Written by npm run schema:generate with the XSD; checked by scripts/tests/metadata-schema-manifest.test.mjs. Do not edit.',
        xsd: { file: XSD_FILE, sha256: textSha256(xsdText) },
        generator: { files: generatorFiles(), inputs: generatorInputs() },
        wsdl: { source: WSDL_SOURCE, apiVersion: wsdlApiVersion, sha256: sha256(wsdlBytes) }
    };
}

/** @param {ReturnType<typeof buildManifest>} manifest */
export const formatManifest = (manifest) => `${JSON.stringify(manifest, null, 4)}\n`;
