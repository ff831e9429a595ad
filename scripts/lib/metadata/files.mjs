// Which files `npm run validate` checks.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Directories never descended into. */
const SKIP_DIRS = new Set(['node_modules', '__tests__', '.git', '.sfdx', '.sf', '.localdevserver']);

/**
 * Folders whose non-`-meta.xml` files are content (a static resource, a document, an asset, a
 * bundle file), not metadata; `.xml` files in them are not validated.
 */
const CONTENT_DIRS = new Set(['staticresources', 'contentassets', 'documents', 'email', 'lwc', 'aura', 'experiences', 'digitalExperiences', 'siteDotComSites']);

/**
 * Package directories of sfdx-project.json.
 * @param {string} repoRoot
 * @returns {string[]} absolute paths
 */
export function packageDirectories(repoRoot) {
    const project = JSON.parse(readFileSync(path.join(repoRoot, 'sfdx-project.json'), 'utf8'));
    /** @type {{ path: string }[]} */
    const dirs = project.packageDirectories ?? [];
    return dirs.map((d) => path.resolve(repoRoot, d.path));
}

/**
 * Folders `npm run validate` checks: the package directories and the connection template that
 * `npm run configure` turns into each org's connection (scripts/lib/project.mjs CONNECTION_DIRS).
 * @param {string} repoRoot
 * @returns {string[]} absolute paths
 */
export function metadataDirectories(repoRoot) {
    return [...packageDirectories(repoRoot), path.join(repoRoot, 'connection')];
}

/**
 * XML files under `dir`, sorted, skipping SKIP_DIRS and authoring files (`*.ts`, `*.d.ts`).
 * @param {string} dir
 * @param {string[]} [out]
 */
function walk(dir, out = []) {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (!SKIP_DIRS.has(e.name)) walk(full, out);
        } else if (e.isFile() && e.name.endsWith('.xml')) {
            out.push(full);
        }
    }
    return out;
}

/**
 * Whether an `.xml` file that isn't `*-meta.xml` is content of a metadata component.
 * @param {string} file
 */
export function isContentFile(file) {
    return !file.endsWith('-meta.xml') && file.split(path.sep).some((seg) => CONTENT_DIRS.has(seg));
}

/**
 * Files to validate: every XML file under each path (directories are walked; content files of
 * static resources, documents and bundles are left out), or the files themselves.
 * @param {string[]} paths absolute paths
 * @returns {{ files: string[], missing: string[] }}
 */
export function collectFiles(paths) {
    /** @type {Set<string>} */
    const files = new Set();
    /** @type {string[]} */
    const missing = [];
    for (const p of paths) {
        let st;
        try {
            st = statSync(p);
        } catch {
            missing.push(p);
            continue;
        }
        if (st.isDirectory()) {
            for (const f of walk(p)) if (!isContentFile(f)) files.add(f);
        } else {
            files.add(p);
        }
    }
    return { files: [...files], missing };
}
