// Facts about the SFDX project that every script needs: where the package directories and the LWC bundles are.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readProject(root = ROOT) {
    return JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8'));
}

/** Absolute paths of every package directory in sfdx-project.json. */
export function packageDirectories(root = ROOT) {
    return readProject(root).packageDirectories.map((dir) => join(root, dir.path));
}

/**
 * The per-instance connection template (not a package directory: `npm run configure` turns it into a deployable
 * project for one Diamy instance). Deployed in two steps, in this order (forcedotcom/cli#2233); the third,
 * connection/open-cti (the Open CTI call center of native click-to-dial, docs/OPEN-CTI.md), is optional.
 */
export const CONNECTION_DIRS = ['connection/credentials', 'connection/agent-session', 'connection/open-cti'];

/** Every folder of metadata the repository ships or deploys: the package directories and the connection template. */
export function metadataDirectories(root = ROOT) {
    return [...packageDirectories(root), ...CONNECTION_DIRS.map((dir) => join(root, dir))];
}

/** Walks a directory tree, yielding absolute file paths; skips node_modules and dot folders. */
export function* walk(dir) {
    if (!existsSync(dir)) {
        return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) {
            continue;
        }
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
            yield* walk(full);
        } else {
            yield full;
        }
    }
}

/** Every LWC bundle under the given folders (default: the package directories): { name, dir, hasTs, files }. */
export function lwcBundles(folders = packageDirectories()) {
    const bundles = [];
    for (const pkg of folders) {
        for (const file of walk(pkg)) {
            if (!file.endsWith('.js-meta.xml')) {
                continue;
            }
            const dir = dirname(file);
            if (!dir.split(/[\\/]/).includes('lwc')) {
                continue;
            }
            const name = file.slice(dir.length + 1, -'.js-meta.xml'.length);
            const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
            bundles.push({ name, dir, hasTs: files.includes(`${name}.ts`), files });
        }
    }
    return bundles.sort((a, b) => a.name.localeCompare(b.name));
}

export function rel(file) {
    return relative(ROOT, file).split('\\').join('/');
}
