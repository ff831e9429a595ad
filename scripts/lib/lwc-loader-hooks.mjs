// Node module hooks (module.register) that let Node run LWC service modules from their TypeScript sources:
// `c/<bundle>` resolves to force-app/main/default/lwc/<bundle>/<bundle>.ts (c/diamyPhoneLib to the
// libphonenumber-js entry that the org bundle is built from, vendor/diamyPhoneLib.mjs), and .ts files are
// transpiled to ES modules with the project's TypeScript (type-only syntax removed, nothing else changes).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const LWC = join(ROOT, 'force-app', 'main', 'default', 'lwc');

export async function resolve(specifier, context, nextResolve) {
    if (specifier === 'c/diamyPhoneLib') {
        return { url: pathToFileURL(join(ROOT, 'vendor', 'diamyPhoneLib.mjs')).href, shortCircuit: true };
    }
    const match = /^c\/([A-Za-z0-9_]+)$/.exec(specifier);
    if (match) {
        const file = join(LWC, match[1], `${match[1]}.ts`);
        if (existsSync(file)) {
            return { url: pathToFileURL(file).href, shortCircuit: true };
        }
    }
    return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
    if (url.startsWith('file:') && url.endsWith('.ts')) {
        const source = await readFile(fileURLToPath(url), 'utf8');
        const { outputText } = ts.transpileModule(source, {
            fileName: fileURLToPath(url),
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true }
        });
        return { format: 'module', source: outputText, shortCircuit: true };
    }
    return nextLoad(url, context);
}
