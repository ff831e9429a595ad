// Source format → Metadata API format, with @salesforce/source-deploy-retrieve (what `sf project convert
// source` uses), honouring .forceignore. Writes mdapi/<package dir>/ and manifest/package.xml, then checks
// that what would deploy is what should: every LWC bundle carries its .js, and no authoring file
// (.ts, .d.ts, tests, tsconfig) leaked into the output.
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { ROOT, readProject, walk, rel } from './lib/project.mjs';

// `--root <dir>` converts another SFDX project (used by the gate's self-tests); default: this one.
const rootFlag = process.argv.indexOf('--root');
const PROJECT_ROOT = rootFlag > 0 ? resolve(process.argv[rootFlag + 1]) : ROOT;
const OUT = join(PROJECT_ROOT, 'mdapi');
const MANIFEST = join(PROJECT_ROOT, 'manifest');
const FORBIDDEN = [/\.ts$/, /\.d\.ts$/, /__tests__/, /tsconfig.*\.json$/, /jsconfig\.json$/, /eslint\.config/, /\.test\.(js|ts)$/];

const project = readProject(PROJECT_ROOT);
process.chdir(PROJECT_ROOT); // SDR reads .forceignore from the working directory
rmSync(OUT, { recursive: true, force: true });
rmSync(MANIFEST, { recursive: true, force: true });
mkdirSync(MANIFEST, { recursive: true });

const problems = [];
let componentCount = 0;
for (const dir of project.packageDirectories) {
    const components = ComponentSet.fromSource({ fsPaths: [join(PROJECT_ROOT, dir.path)] });
    components.sourceApiVersion = project.sourceApiVersion;
    components.apiVersion = project.sourceApiVersion;
    const list = components.toArray();
    componentCount += list.length;
    const outputDirectory = join(OUT, basename(dir.path));
    if (list.length > 0) {
        await new MetadataConverter().convert(components, 'metadata', { type: 'directory', outputDirectory, genUniqueDir: false });
    } else {
        mkdirSync(outputDirectory, { recursive: true });
    }
    const packageXml = await components.getPackageXml();
    const manifestName = dir.default ? 'package.xml' : `package-${basename(dir.path)}.xml`;
    writeFileSync(join(MANIFEST, manifestName), packageXml);

    // Every bundle must ship its JavaScript: SDR converts a bundle without it silently.
    const lwcOut = join(outputDirectory, 'lwc');
    for (const bundle of list.filter((c) => c.type.name === 'LightningComponentBundle')) {
        const files = readdirSync(join(lwcOut, bundle.fullName));
        if (!files.includes(`${bundle.fullName}.js`)) {
            problems.push(`${rel(join(lwcOut, bundle.fullName))}: bundle has no ${bundle.fullName}.js — run npm run build`);
        }
    }
    for (const file of walk(outputDirectory)) {
        if (FORBIDDEN.some((pattern) => pattern.test(file))) {
            problems.push(`${rel(file)}: authoring file leaked into the deployable output (check .forceignore)`);
        }
    }
    console.log(`convert: ${dir.path} → ${rel(outputDirectory)} (${list.length} components), ${rel(join(MANIFEST, manifestName))}`);
}

if (problems.length > 0) {
    problems.forEach((p) => console.error(p));
    process.exit(1);
}
console.log(`convert: ${componentCount} components in metadata format`);
