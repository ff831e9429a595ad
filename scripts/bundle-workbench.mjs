// Bundles the workbench (npm start, npm run workbench:check): the REAL softphone bundles (the JavaScript that
// `npm run build` emitted beside each .ts) compiled by LWC OSS with rollup, the lightning/* platform modules
// mapped to the small test doubles of the Salesforce platform in workbench/platform/, then lightning-base-components. Output: workbench/dist/.
//   @salesforce/schema/Obj.Field   → { objectApiName, fieldApiName } (Obj.Rel.Field → fieldApiName 'Rel.Field')
//   @salesforce/label/c.Name       → the label's English text, or its French translation when the page has ?lang=fr
//   @salesforce/user/Id            → the page's agent's Salesforce user id (Camille Martin; ?agent=2 Hugo Lefèvre…:
//                                    workbench/platform/agents.mjs)
//   @salesforce/messageChannel/X   → { channel: 'X' }
//   workbench:metadata             → picklist values of Diamy_Call__c.Disposition__c from the field metadata (+ French)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';
import { XMLParser } from 'fast-xml-parser';
import { ROOT, lwcBundles } from './lib/project.mjs';

const require = createRequire(import.meta.url);
const { readLabels } = require('./lib/labels.cjs');

export const WORKBENCH = join(ROOT, 'workbench');
export const DIST = join(WORKBENCH, 'dist');
/** Camille Martin in the sandbox seeds (sandbox/engine.ts seedUsers): the page's agent unless ?agent= says another. */
export const AGENT_SALESFORCE_USER_ID = '005000000000001AAA';
/** The workbench's agents (?agent=1|2|3): @salesforce/user/Id and custom permissions follow the page's. */
const AGENTS_MODULE = join(WORKBENCH, 'platform', 'agents.mjs');

/** Bundles replaced by a workbench implementation (same public contract). */
const REPLACED = { diamyAgentToken: join(WORKBENCH, 'platform', 'diamyAgentToken', 'diamyAgentToken.js') };
const PLATFORM = [
    'graphql',
    'uiRecordApi',
    'uiObjectInfoApi',
    'navigation',
    'pageReferenceUtils',
    'platformUtilityBarApi',
    'platformWorkspaceApi',
    'messageService',
    'platformShowToastEvent'
];

const PLATFORM_COMPONENTS = ['recordPicker', 'flow'];

/**
 * The record components the page mounts (workbench/page/pages.js). One whose bundle has no emitted .js in this
 * checkout (not written yet) is bundled as a placeholder saying so, so that the page still builds.
 */
const PAGE_COMPONENTS = ['diamyClickToDial', 'diamyCallHistory', 'diamyCallerContext'];
const NOT_BUILT = join(WORKBENCH, 'platform', 'notBuilt', 'notBuilt.js');

function dispositionValues() {
    const parser = new XMLParser({ isArray: (name) => name === 'value' || name === 'picklistValues' });
    const field = parser.parse(
        readFileSync(join(ROOT, 'force-app/main/default/objects/Diamy_Call__c/fields/Disposition__c.field-meta.xml'), 'utf8')
    );
    const values = field.CustomField.valueSet.valueSetDefinition.value.filter((v) => v.isActive !== false);
    const fr = parser.parse(
        readFileSync(
            join(ROOT, 'force-app/main/default/objectTranslations/Diamy_Call__c-fr/Disposition__c.fieldTranslation-meta.xml'),
            'utf8'
        )
    );
    const french = new Map(
        (fr.CustomFieldTranslation.picklistValues ?? []).map((p) => [String(p.masterLabel), String(p.translation)])
    );
    return values.map((v) => ({
        value: String(v.fullName),
        label: String(v.label),
        labelFr: french.get(String(v.label)) ?? String(v.label)
    }));
}

const COMBOBOX_INTERNALS_GATE = '@salesforce/gate/bc.260.enableComboboxElementInternals';

function salesforceModules() {
    const { labels, translations } = readLabels(ROOT);
    const fr = translations.get('fr') ?? new Map();
    return {
        name: 'workbench-salesforce-modules',
        resolveId(source) {
            if (source === COMBOBOX_INTERNALS_GATE) {
                // ElementInternals cannot work under synthetic shadow (the engine throws); the gate's "off" path is
                // the one LBC keeps for such hosts.
                return `\0${source}`;
            }
            if (/^@salesforce\/(schema|label\/c\.|user\/Id$|messageChannel\/|customPermission\/|i18n\/(?:locale|lang|timeZone)$)/.test(source) || source === 'workbench:metadata') {
                return `\0${source}`;
            }
            return null;
        },
        load(id) {
            if (!id.startsWith('\0')) return null;
            const source = id.slice(1);
            if (source === COMBOBOX_INTERNALS_GATE) return 'export default { isOpen: () => false };';
            if (source === 'workbench:metadata') {
                return `export const DISPOSITION_VALUES = ${JSON.stringify(dispositionValues())};`;
            }
            if (source.startsWith('@salesforce/schema/')) {
                // Contact.Account.Phone → { objectApiName: 'Contact', fieldApiName: 'Account.Phone' } (a spanning field).
                const [objectApiName, ...path] = source.slice('@salesforce/schema/'.length).split('.');
                const fieldApiName = path.join('.');
                return `export default ${JSON.stringify(fieldApiName ? { objectApiName, fieldApiName } : { objectApiName })};`;
            }
            if (source.startsWith('@salesforce/label/c.')) {
                const name = source.slice('@salesforce/label/c.'.length);
                const label = labels.get(name);
                if (!label) this.error(`workbench: label ${name} is not in the Custom Labels`);
                return `export default globalThis.__DIAMY_LANG__ === 'fr' ? ${JSON.stringify(fr.get(name) ?? label.value)} : ${JSON.stringify(label.value)};`;
            }
            if (source.startsWith('@salesforce/customPermission/')) {
                // The page's agent's custom permissions (workbench/platform/agents.mjs): Camille is also the org's Diamy
                // admin (Diamy Admin: Manage Diamy Calls, and the integration log is editable for her, as the log's
                // object info says); the other agents hold none (a disposition is not required of anyone).
                const name = source.slice('@salesforce/customPermission/'.length);
                return `import { currentAgent } from ${JSON.stringify(AGENTS_MODULE)};\nexport default currentAgent().permissions.includes(${JSON.stringify(name)}) ? true : undefined;`;
            }
            if (source.startsWith('@salesforce/i18n/')) {
                // The user's locale settings follow the page's language (a French agent: fr-FR, Europe/Paris).
                const key = source.slice('@salesforce/i18n/'.length);
                const values = { locale: ['fr-FR', 'en-US'], lang: ['fr', 'en-US'], timeZone: ['Europe/Paris', 'Europe/Paris'] }[key];
                if (!values) this.error(`workbench: @salesforce/i18n/${key} is not modelled`);
                return `export default globalThis.__DIAMY_LANG__ === 'fr' ? ${JSON.stringify(values[0])} : ${JSON.stringify(values[1])};`;
            }
            if (source === '@salesforce/user/Id') {
                // The page's agent (?agent=1|2|3, default Camille Martin, AGENT_SALESFORCE_USER_ID).
                return `import { currentAgent } from ${JSON.stringify(AGENTS_MODULE)};\nexport default currentAgent().userId;`;
            }
            return `export default ${JSON.stringify({ channel: source.slice('@salesforce/messageChannel/'.length) })};`;
        }
    };
}

/** test/diamyFakeOrg.ts is shared with the jest suites: strip its types (type-only imports vanish). */
function typescriptStrip() {
    return {
        name: 'workbench-typescript-strip',
        transform(code, id) {
            if (!id.endsWith('.ts')) return null;
            const out = ts.transpileModule(code, {
                compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
                fileName: id
            });
            return { code: out.outputText, map: null };
        }
    };
}

/** The SLDS package's assets folder (styles, icon sprites, images), served under a content-hashed prefix. */
export const SLDS_ASSETS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const SLDS_CSS = 'styles/salesforce-lightning-design-system.min.css';
const SLDS_SPRITES = ['action', 'custom', 'doctype', 'standard', 'utility'].map((c) => `icons/${c}-sprite/svg/symbols.svg`);
/** What the manifest of the last bundle says (workbench/dist/manifest.json). */
export const MANIFEST = join(DIST, 'manifest.json');
/** Where the hashed files of a bundle go: workbench/dist/assets/ (served with a one-year immutable Cache-Control). */
export const ASSETS = join(DIST, 'assets');

const shortHash = (...parts) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return hash.digest('hex').slice(0, 12);
};

/**
 * The SLDS assets prefix: /slds-<hash>/, the hash of the package version and of the files the page uses (its CSS and
 * the icon sprites). Everything under it is the SLDS package as installed, so it can be cached for good.
 */
export function sldsPrefix() {
    const version = JSON.parse(readFileSync(join(SLDS_ASSETS, '..', 'package.json'), 'utf8')).version;
    const files = [SLDS_CSS, ...SLDS_SPRITES].filter((f) => existsSync(join(SLDS_ASSETS, f)));
    return `/slds-${shortHash(version, ...files.map((f) => readFileSync(join(SLDS_ASSETS, f))))}/`;
}

/**
 * Every reference of the page and of lightning-base-components to the SLDS assets ('/assets/styles/…',
 * '/assets/icons/…') points at the hashed prefix instead: one URL per file, cached for good.
 */
function sldsUrls(prefix) {
    const pattern = /(['"`(])\/assets\/(styles|icons|images)\//g;
    return {
        name: 'workbench-slds-urls',
        transform(code) {
            if (!pattern.test(code)) return null;
            pattern.lastIndex = 0;
            return { code: code.replace(pattern, (_, quote, folder) => `${quote}${prefix}${folder}/`), map: null };
        }
    };
}

/**
 * Bundles the workbench like a production page: LWC and lightning-base-components in production mode, minified,
 * split where the code imports dynamically (the phone library), every file named by its content hash under
 * workbench/dist/assets/; index.html (never cached) names them. `dev: true` keeps LWC's development mode (its
 * warnings in the console) and skips minification.
 */
export async function bundleWorkbench({ quiet = false, dev = process.env.WORKBENCH_DEV === '1', minify = !dev } = {}) {
    const started = Date.now();
    const modules = [];
    const notBuilt = [];
    for (const bundle of lwcBundles()) {
        let path = REPLACED[bundle.name] ?? join(bundle.dir, `${bundle.name}.js`);
        if (PAGE_COMPONENTS.includes(bundle.name) && !existsSync(path)) {
            path = NOT_BUILT;
            notBuilt.push(bundle.name);
        }
        modules.push({ name: `c/${bundle.name}`, path });
    }
    for (const name of PAGE_COMPONENTS.filter((n) => !modules.some((m) => m.name === `c/${n}`))) {
        modules.push({ name: `c/${name}`, path: NOT_BUILT });
        notBuilt.push(name);
    }
    if (notBuilt.length > 0 && !quiet) console.warn(`workbench: not built yet, a placeholder stands in for ${notBuilt.map((n) => `c/${n}`).join(', ')}`);
    for (const name of PLATFORM) {
        modules.push({ name: `lightning/${name}`, path: join(WORKBENCH, 'platform', `${name}.js`) });
    }
    // Components lightning-base-components does not have: a workbench double each (a folder with .js and .html).
    for (const name of PLATFORM_COMPONENTS) {
        modules.push({ name: `lightning/${name}`, path: join(WORKBENCH, 'platform', name, `${name}.js`) });
    }
    modules.push({ npm: 'lightning-base-components' });
    const slds = sldsPrefix();
    const warnings = [];
    const build = await rollup({
        input: { app: join(WORKBENCH, 'page', 'main.js') },
        plugins: [
            salesforceModules(),
            typescriptStrip(),
            sldsUrls(slds),
            replace({
                preventAssignment: true,
                values: {
                    'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production'),
                    'import.meta.env.SSR': 'false'
                }
            }),
            lwc({ rootDir: WORKBENCH, modules, enableDynamicComponents: true })
        ],
        onwarn: (warning) => warnings.push(warning)
    });
    rmSync(ASSETS, { recursive: true, force: true });
    // The unhashed files of earlier bundles (app.js, workbench.css) are no longer served.
    for (const stale of ['app.js', 'workbench.css']) rmSync(join(DIST, stale), { force: true });
    mkdirSync(ASSETS, { recursive: true });
    const { output } = await build.write({
        dir: ASSETS,
        format: 'esm',
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: '[name]-[hash].js',
        sourcemap: false,
        // Minified by mangling names and dropping whitespace and comments; terser's compress pass would take twice as
        // long (23 s instead of 10 s here) for 1 % fewer bytes: rollup has already dropped what production mode does not use.
        plugins: !minify ? [] : [terser({ ecma: 2020, module: true, compress: false, format: { comments: false } })]
    });
    await build.close();
    const entry = output.find((o) => o.type === 'chunk' && o.isEntry);
    const css = readFileSync(join(WORKBENCH, 'page', 'workbench.css'));
    const cssName = `workbench-${shortHash(css)}.css`;
    writeFileSync(join(ASSETS, cssName), css);
    // index.html: the page's own references become the hashed names (the template in workbench/page/ keeps the plain ones).
    const references = {
        '/app.js': `/assets/${entry.fileName}`,
        '/workbench.css': `/assets/${cssName}`
    };
    let html = readFileSync(join(WORKBENCH, 'page', 'index.html'), 'utf8');
    for (const [plain, hashed] of Object.entries(references)) {
        if (!html.includes(`"${plain}"`)) throw new Error(`workbench/page/index.html no longer references ${plain}`);
        html = html.replaceAll(`"${plain}"`, `"${hashed}"`);
    }
    html = html.replace(/"\/assets\/(styles|icons|images)\//g, (_, folder) => `"${slds}${folder}/`);
    // Fetched at once, in parallel with the entry, instead of one after another: the chunks the entry imports
    // (modulepreload) and the configuration the page asks for as soon as its script has run (preload).
    const early = [
        ...entry.imports.map((file) => `        <link rel="modulepreload" href="/assets/${file}" />`),
        '        <link rel="preload" href="/config.json" as="fetch" crossorigin="anonymous" />'
    ];
    html = html.replace('</head>', `${early.join('\n')}\n    </head>`);
    writeFileSync(join(DIST, 'index.html'), html);
    const files = readdirSync(ASSETS);
    const manifest = {
        mode: dev ? 'development' : 'production',
        slds,
        entry: entry.fileName,
        files: Object.fromEntries(files.map((f) => [f, statSync(join(ASSETS, f)).size])),
        lazy: output.filter((o) => o.type === 'chunk' && !o.isEntry && !entry.imports.includes(o.fileName)).map((o) => o.fileName)
    };
    writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    const seconds = (Date.now() - started) / 1000;
    if (!quiet) {
        const own = warnings.filter((w) => !String(w.id ?? w.loc?.file ?? '').includes('lightning-base-components'));
        for (const w of own) console.warn(`workbench bundle warning: ${w.message}`);
        const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
        const chunks = output.filter((o) => o.type === 'chunk').map((o) => `${o.fileName} ${kib(Buffer.byteLength(o.code))}`);
        console.log(
            `workbench: bundled ${modules.length - 1} modules (${manifest.mode}) into workbench/dist/assets/ (${chunks.join(', ')}) in ${seconds.toFixed(1)} s`
        );
    }
    return { seconds, manifest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    bundleWorkbench().catch((error) => {
        console.error(`workbench bundle failed: ${error.message}`);
        process.exit(1);
    });
}
