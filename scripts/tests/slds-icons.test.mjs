// Every SLDS icon the package names exists in the SLDS version it is built and shown with: a misspelt icon name
// (utility:outgoing_call for utility:outbound_call) renders nothing, silently, in an org as in the workbench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LWC = join(ROOT, 'force-app', 'main', 'default', 'lwc');
const ICONS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets', 'icons');
const NAME = /['"`]((?:utility|standard|action|custom|doctype):[a-z0-9_]+)['"`]|icon-name="((?:utility|standard|action|custom|doctype):[a-z0-9_]+)"/g;

/** The icon names written in the sources and templates of the bundles (tests left out), with where they are. */
function iconNames() {
    const found = new Map();
    const walk = (dir) => {
        for (const entry of readdirSync(dir)) {
            const path = join(dir, entry);
            if (statSync(path).isDirectory()) {
                if (entry !== '__tests__') walk(path);
            } else if (/\.(ts|html)$/.test(entry) && !entry.endsWith('.d.ts')) {
                for (const match of readFileSync(path, 'utf8').matchAll(NAME)) {
                    const name = match[1] ?? match[2];
                    if (!found.has(name)) found.set(name, path.slice(ROOT.length));
                }
            }
        }
    };
    walk(LWC);
    return found;
}

test('every SLDS icon named by a bundle exists in @salesforce-ux/design-system', () => {
    const names = iconNames();
    assert.ok(names.size > 10, `only ${names.size} icon names found: the scan is broken`);
    const missing = [...names].filter(([name]) => {
        const [category, icon] = name.split(':');
        return !existsSync(join(ICONS, category, `${icon}.svg`));
    });
    assert.deepEqual(
        missing.map(([name, file]) => `${name} (${file})`),
        [],
        'these icon names are not SLDS icons: they render nothing'
    );
});

test('the scan reads icon names from TypeScript and from templates', () => {
    const names = iconNames();
    assert.ok([...names.values()].some((file) => file.endsWith('.ts')));
    assert.ok([...names.values()].some((file) => file.endsWith('.html')));
});
