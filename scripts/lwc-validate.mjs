// Runs the LWC compiler (@lwc/compiler, the version sfdx-lwc-jest pins) over every bundle's emitted
// JavaScript, templates and styles, as the platform compiles them on deploy. Fails on any error diagnostic,
// naming the file. Also fails when a bundle has no .js (not built), when tsc lowered decorators into
// helper calls, or when a UI component's class is not a default export the compiler recognises.
// Dynamic imports (scripts/lib/lwc-dynamic-imports.mjs): a bundle that declares the lightning__dynamicComponent
// capability is compiled as the platform compiles it, import() going through the module loader with a string-literal
// module name; a bundle without the capability must not call import(), and no bundle may import a relative path.
import { transformSync } from '@lwc/compiler';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lwcBundles, rel } from './lib/project.mjs';
import { DYNAMIC_IMPORT_CAPABILITY, DYNAMIC_IMPORT_SOURCE, declaresDynamicImport, dynamicImports } from './lib/lwc-dynamic-imports.mjs';

const ERROR_LEVEL = 1; // DiagnosticLevel: 0 fatal, 1 error, 2 warning, 3 log
const problems = [];
let checked = 0;
// Folders to search for bundles: the arguments, or every package directory.
const folders = process.argv.length > 2 ? process.argv.slice(2).map((arg) => resolve(arg)) : undefined;
const bundles = lwcBundles(folders);

for (const bundle of bundles) {
    const jsFile = join(bundle.dir, `${bundle.name}.js`);
    if (!bundle.files.includes(`${bundle.name}.js`)) {
        problems.push(`${rel(jsFile)}: missing — run npm run build`);
        continue;
    }
    const hasTemplate = bundle.files.includes(`${bundle.name}.html`);
    const dynamic = declaresDynamicImport(readFileSync(join(bundle.dir, `${bundle.name}.js-meta.xml`), 'utf8'));
    for (const file of bundle.files) {
        if (!/\.(js|html|css)$/.test(file)) {
            continue;
        }
        const path = join(bundle.dir, file);
        const source = readFileSync(path, 'utf8');
        if (file.endsWith('.js') && /__(es)?[dD]ecorate\b/.test(source)) {
            problems.push(`${rel(path)}: decorators were lowered to helper calls (tsc target must be ESNext, experimentalDecorators false)`);
        }
        if (file === `${bundle.name}.js` && hasTemplate && !/export default class \w+ extends /.test(source)) {
            problems.push(`${rel(path)}: a component must be written "export default class X extends LightningElement"`);
        }
        if (file.endsWith('.js')) {
            for (const { specifier, line } of dynamicImports(source, path)) {
                if (!dynamic) {
                    problems.push(
                        `${rel(path)}:${line}: import() needs <capability>${DYNAMIC_IMPORT_CAPABILITY}</capability> in ${bundle.name}.js-meta.xml: the platform refuses the bundle (LWC1503 Dynamic imports are not allowed) (source: ${DYNAMIC_IMPORT_SOURCE})`
                    );
                } else if (specifier !== null && /^\.{1,2}\//.test(specifier)) {
                    problems.push(`${rel(path)}:${line}: LWC1503 Dynamic import cannot be invoked with a relative path string ('${specifier}')`);
                }
            }
        }
        try {
            // The platform compiles a bundle with the capability with its module loader and strict module names (LWC1121),
            // and only such a bundle's template may use <lwc:component lwc:is> (without it: LWC1188).
            const dynamicImportConfig = dynamic ? { loader: '@salesforce/loader', strictSpecifier: true } : false;
            const result = transformSync(source, path, {
                name: bundle.name,
                namespace: 'c',
                experimentalDynamicComponent: dynamicImportConfig,
                enableDynamicComponents: dynamic
            });
            for (const diagnostic of result.warnings ?? []) {
                if (diagnostic.level <= ERROR_LEVEL) {
                    const line = diagnostic.location ? `:${diagnostic.location.line}` : '';
                    problems.push(`${rel(path)}${line}: ${diagnostic.message}`);
                }
            }
        } catch (error) {
            const line = error.location ? `:${error.location.line}` : '';
            problems.push(`${rel(path)}${line}: ${error.message.split('\n')[0]}`);
        }
        checked += 1;
    }
}

if (problems.length > 0) {
    for (const problem of problems) {
        console.error(problem);
    }
    console.error(`lwc compiler: ${problems.length} problem(s) in ${checked} file(s)`);
    process.exit(1);
}
console.log(`lwc compiler: ${checked} files in ${bundles.length} bundles compile cleanly`);
