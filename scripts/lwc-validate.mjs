// Runs the LWC compiler (@lwc/compiler, the version sfdx-lwc-jest pins) over every bundle's emitted
// JavaScript, templates and styles, as the platform compiles them on deploy. Fails on any error diagnostic,
// naming the file. Also fails when a bundle has no .js (not built), when tsc lowered decorators into
// helper calls, or when a UI component's class is not a default export the compiler recognises.
import { transformSync } from '@lwc/compiler';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lwcBundles, rel } from './lib/project.mjs';

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
        try {
            const result = transformSync(source, path, { name: bundle.name, namespace: 'c', experimentalDynamicComponent: false });
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
