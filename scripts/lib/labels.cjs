// Reads the Custom Labels (labels/*.labels-meta.xml) and their translations (translations/*.translation-meta.xml)
// from every package directory. CommonJS so that jest's global setup can use it too.
const { readFileSync, readdirSync, existsSync } = require('node:fs');
const { join, basename } = require('node:path');
const { XMLParser } = require('fast-xml-parser');

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => ['labels', 'customLabels'].includes(name) });

function* metadataFiles(dir, suffix) {
    if (!existsSync(dir)) {
        return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) {
            continue;
        }
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
            yield* metadataFiles(full, suffix);
        } else if (entry.name.endsWith(suffix)) {
            yield full;
        }
    }
}

/**
 * @returns {{ labels: Map<string, {value: string, language: string, file: string}>,
 *             translations: Map<string, Map<string, string>> }}
 */
function readLabels(root) {
    const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8'));
    const labels = new Map();
    const translations = new Map();
    for (const dir of project.packageDirectories) {
        const base = join(root, dir.path);
        for (const file of metadataFiles(base, '.labels-meta.xml')) {
            const doc = parser.parse(readFileSync(file, 'utf8'));
            for (const label of doc.CustomLabels?.labels ?? []) {
                labels.set(String(label.fullName), { value: String(label.value ?? ''), language: String(label.language ?? ''), file });
            }
        }
        for (const file of metadataFiles(base, '.translation-meta.xml')) {
            const language = basename(file, '.translation-meta.xml');
            const doc = parser.parse(readFileSync(file, 'utf8'));
            const map = translations.get(language) ?? new Map();
            for (const entry of doc.Translations?.customLabels ?? []) {
                map.set(String(entry.name), String(entry.label ?? ''));
            }
            translations.set(language, map);
        }
    }
    return { labels, translations };
}

module.exports = { readLabels };
