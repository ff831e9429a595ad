// French and English throughout: every Custom Label a component imports must exist, be non-empty and have a
// French translation; every label must be translated; and templates carry no literal UI text (text nodes and
// user-facing attributes must be {expressions}, which come from labels or data). Fails naming file and line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ROOT, lwcBundles, packageDirectories, rel } from './lib/project.mjs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { readLabels } = require('./lib/labels.cjs');

const LANGUAGES = ['fr'];
const USER_FACING_ATTRIBUTES = [
    'label',
    'title',
    'alternative-text',
    'placeholder',
    'message-when-value-missing',
    'message-when-pattern-mismatch',
    'field-level-help',
    'aria-label',
    'button-label',
    'empty-state-message',
    'header'
];

// `--root <dir>` checks another SFDX project (used by the gate's self-tests); default: this one.
const rootFlag = process.argv.indexOf('--root');
const PROJECT_ROOT = rootFlag > 0 ? resolve(process.argv[rootFlag + 1]) : ROOT;
const problems = [];
const { labels, translations } = readLabels(PROJECT_ROOT);

function lineOf(source, index) {
    return source.slice(0, index).split('\n').length;
}

for (const [name, label] of labels) {
    if (label.value.trim() === '') {
        problems.push(`${rel(label.file)}: label ${name} has no value`);
    }
    for (const language of LANGUAGES) {
        const translated = translations.get(language)?.get(name);
        if (!translated || translated.trim() === '') {
            problems.push(`${rel(label.file)}: label ${name} has no ${language} translation (translations/${language}.translation-meta.xml)`);
        }
    }
}
for (const [language, map] of translations) {
    for (const name of map.keys()) {
        if (!labels.has(name)) {
            problems.push(`translations/${language}.translation-meta.xml: translates ${name}, which is not a Custom Label`);
        }
    }
}

let imports = 0;
let templates = 0;
for (const bundle of lwcBundles(packageDirectories(PROJECT_ROOT))) {
    for (const file of bundle.files) {
        const path = join(bundle.dir, file);
        if (file.endsWith('.ts')) {
            const source = readFileSync(path, 'utf8');
            for (const match of source.matchAll(/from\s+['"]@salesforce\/label\/c\.([A-Za-z0-9_]+)['"]/g)) {
                imports += 1;
                if (!labels.has(match[1])) {
                    problems.push(`${rel(path)}:${lineOf(source, match.index)}: imports label ${match[1]}, which is not defined in labels/`);
                }
            }
        }
        if (file.endsWith('.html')) {
            templates += 1;
            const source = readFileSync(path, 'utf8').replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
            for (const match of source.matchAll(/>([^<]+)</g)) {
                const textNode = match[1].replace(/\{[^}]*\}/g, '').trim();
                if (/\p{L}/u.test(textNode)) {
                    problems.push(`${rel(path)}:${lineOf(source, match.index)}: literal text "${textNode.slice(0, 40)}" — use a Custom Label`);
                }
            }
            for (const attribute of USER_FACING_ATTRIBUTES) {
                const pattern = new RegExp(`\\s${attribute}="([^"]*)"`, 'g');
                for (const match of source.matchAll(pattern)) {
                    if (/\p{L}/u.test(match[1]) && !/^\{[^}]+\}$/.test(match[1].trim())) {
                        problems.push(`${rel(path)}:${lineOf(source, match.index)}: ${attribute}="${match[1]}" is literal text — use a Custom Label`);
                    }
                }
            }
        }
    }
}

if (problems.length > 0) {
    problems.forEach((p) => console.error(p));
    console.error(`i18n: ${problems.length} problem(s)`);
    process.exit(1);
}
console.log(`i18n: ${labels.size} labels, all translated (${LANGUAGES.join(', ')}); ${imports} label imports resolve; ${templates} templates free of literal text`);
