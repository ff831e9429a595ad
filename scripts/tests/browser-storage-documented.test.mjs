// What the agents' browsers keep is part of what a DPO is told (docs/DATA-PROTECTION.md §2, English and French):
// every `diamy.<name>` key, channel or lock name the components use must be in both tables, and a documented key
// no component uses any more must go. A new storage key therefore cannot ship undocumented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/project.mjs';

const LWC = join(ROOT, 'force-app', 'main', 'default', 'lwc');
const DOC = readFileSync(join(ROOT, 'docs', 'DATA-PROTECTION.md'), 'utf8');
const NAME = /['`](diamy\.[a-zA-Z]+(?:\.[a-z]+)?)(?=['`.])/g;

/** `diamy.<name>` literals of the components' TypeScript sources (tests excluded). */
function namesInComponents() {
    const names = new Set();
    for (const bundle of readdirSync(LWC, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
        for (const file of readdirSync(join(LWC, bundle.name)).filter(
            (name) => name.endsWith('.ts') && !name.endsWith('.d.ts')
        )) {
            for (const match of readFileSync(join(LWC, bundle.name, file), 'utf8').matchAll(NAME)) names.add(match[1]);
        }
    }
    return names;
}

/** The English and the French part of the document (the French one starts at its own title). */
function parts() {
    const french = DOC.search(/^# .*(protection des données|Protection des données)/m);
    assert.ok(french > 0, 'docs/DATA-PROTECTION.md has a French part');
    return { en: DOC.slice(0, french), fr: DOC.slice(french) };
}

test('every browser key, channel and lock name the components use is documented for the DPO in English and French', () => {
    const names = namesInComponents();
    assert.ok(names.has('diamy.callLog') && names.has('diamy.wrapUp'), `the scan finds the known keys: ${[...names].join(', ')}`);
    const { en, fr } = parts();
    for (const name of names) {
        assert.ok(en.includes(`\`${name}`), `${name} is in the English part of docs/DATA-PROTECTION.md`);
        assert.ok(fr.includes(`\`${name}`), `${name} is in the French part of docs/DATA-PROTECTION.md`);
    }
});

test('the document lists no browser key that no component uses any more', () => {
    const names = namesInComponents();
    const documented = new Set([...DOC.matchAll(/`(diamy\.[a-zA-Z]+(?:\.[a-z]+)?)(?=[.`])/g)].map((match) => match[1]));
    // `diamy.fr` is Diamy's web address, not a key.
    const stale = [...documented].filter((name) => !names.has(name) && !name.startsWith('diamy.fr'));
    assert.deepEqual(stale, []);
});
