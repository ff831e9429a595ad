// Writes tsconfig.paths.json: one "c/<bundle>" path per TypeScript bundle. TypeScript paths allow a single
// "*", so "c/*" cannot map to "<lwc>/*/*.ts"; an explicit entry per bundle can.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, lwcBundles, rel } from './lib/project.mjs';

const paths = {};
for (const bundle of lwcBundles()) {
    if (bundle.hasTs) {
        paths[`c/${bundle.name}`] = [`./${rel(join(bundle.dir, `${bundle.name}.ts`))}`];
    }
}
// Shared test helpers: import from 'diamy-test/<file>' (jest maps the same prefix).
paths['diamy-test/*'] = ['./test/*'];
const config = { compilerOptions: { paths } };
writeFileSync(join(ROOT, 'tsconfig.paths.json'), `${JSON.stringify(config, null, 4)}\n`);
console.log(`tsconfig.paths.json: ${Object.keys(paths).length - 1} TypeScript bundles`);
