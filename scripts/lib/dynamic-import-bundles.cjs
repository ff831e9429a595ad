// The LWC bundles whose .js-meta.xml declares the lightning__dynamicComponent capability: on the platform, only
// they may use a dynamic import (import('c/x'), a string literal; API version 55.0 or later, Lightning Web Security).
// eslint.config.js lets their files use one; scripts/lib/org-rules (npm run validate) and scripts/lwc-validate.mjs
// check the rest of the rule.
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const DYNAMIC_IMPORT_CAPABILITY = 'lightning__dynamicComponent';
const CAPABILITY_PATTERN = /<capability>\s*lightning__dynamicComponent\s*<\/capability>/;

/** Whether a .js-meta.xml text declares the capability. */
function declaresDynamicImport(metaXml) {
    return CAPABILITY_PATTERN.test(metaXml);
}

function* lwcFolders(dir) {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.name === 'lwc') yield full;
        else yield* lwcFolders(full);
    }
}

/** Globs (relative to root) of the source and emitted files of every bundle that declares the capability. */
function dynamicImportBundleGlobs(root) {
    const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8'));
    const globs = [];
    for (const { path } of project.packageDirectories) {
        for (const lwc of lwcFolders(join(root, path))) {
            for (const bundle of readdirSync(lwc)) {
                const meta = join(lwc, bundle, `${bundle}.js-meta.xml`);
                if (existsSync(meta) && declaresDynamicImport(readFileSync(meta, 'utf8'))) {
                    globs.push(`${relative(root, join(lwc, bundle)).split(sep).join('/')}/*.{ts,js}`);
                }
            }
        }
    }
    return globs;
}

module.exports = { DYNAMIC_IMPORT_CAPABILITY, declaresDynamicImport, dynamicImportBundleGlobs };
