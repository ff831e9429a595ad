// Runs once before the jest suites: turns the Custom Labels metadata into one module per label under
// .gate/jest-labels/, so that components under test show the real English text (DIAMY_TEST_LANG=fr: the
// French translation). A label that does not exist falls back to "c.Name" (the sfdx-lwc-jest behaviour);
// `npm run validate` separately fails on any label a source imports that is not defined and translated.
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { readLabels } = require('../scripts/lib/labels.cjs');

module.exports = async function writeLabelModules() {
    const root = join(__dirname, '..');
    const out = join(root, '.gate', 'jest-labels');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const language = process.env.DIAMY_TEST_LANG === 'fr' ? 'fr' : 'en_US';
    const { labels, translations } = readLabels(root);
    for (const [name, label] of labels) {
        const value = language === 'fr' ? (translations.get('fr')?.get(name) ?? label.value) : label.value;
        writeFileSync(join(out, `${name}.js`), `module.exports = { __esModule: true, default: ${JSON.stringify(value)} };\n`);
    }
};
