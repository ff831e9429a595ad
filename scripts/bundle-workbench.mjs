// Bundles the workbench (npm start, npm run workbench:check): the REAL softphone bundles (the JavaScript that
// `npm run build` emitted beside each .ts) compiled by LWC OSS with rollup, the lightning/* platform modules
// mapped to the small test doubles of the Salesforce platform in workbench/platform/, then lightning-base-components. Output: workbench/dist/.
//   @salesforce/schema/Obj.Field   → { objectApiName, fieldApiName }
//   @salesforce/label/c.Name       → the label's English text, or its French translation when the page has ?lang=fr
//   @salesforce/user/Id            → the sandbox agent's Salesforce user id (Camille Martin)
//   @salesforce/messageChannel/X   → { channel: 'X' }
//   workbench:metadata             → picklist values of Diamy_Call__c.Disposition__c from the field metadata (+ French)
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import ts from 'typescript';
import { XMLParser } from 'fast-xml-parser';
import { ROOT, lwcBundles } from './lib/project.mjs';

const require = createRequire(import.meta.url);
const { readLabels } = require('./lib/labels.cjs');

export const WORKBENCH = join(ROOT, 'workbench');
export const DIST = join(WORKBENCH, 'dist');
/** Camille Martin in the sandbox seeds (sandbox/engine.ts seedUsers). */
export const AGENT_SALESFORCE_USER_ID = '005000000000001AAA';

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
                const [objectApiName, fieldApiName] = source.slice('@salesforce/schema/'.length).split('.');
                return `export default ${JSON.stringify(fieldApiName ? { objectApiName, fieldApiName } : { objectApiName })};`;
            }
            if (source.startsWith('@salesforce/label/c.')) {
                const name = source.slice('@salesforce/label/c.'.length);
                const label = labels.get(name);
                if (!label) this.error(`workbench: label ${name} is not in the Custom Labels`);
                return `export default globalThis.__DIAMY_LANG__ === 'fr' ? ${JSON.stringify(fr.get(name) ?? label.value)} : ${JSON.stringify(label.value)};`;
            }
            if (source.startsWith('@salesforce/customPermission/')) {
                // The workbench's agent has no custom permission assigned (as a user without the permission set).
                return 'export default undefined;';
            }
            if (source.startsWith('@salesforce/i18n/')) {
                // The user's locale settings follow the page's language (a French agent: fr-FR, Europe/Paris).
                const key = source.slice('@salesforce/i18n/'.length);
                const values = { locale: ['fr-FR', 'en-US'], lang: ['fr', 'en-US'], timeZone: ['Europe/Paris', 'Europe/Paris'] }[key];
                if (!values) this.error(`workbench: @salesforce/i18n/${key} is not modelled`);
                return `export default globalThis.__DIAMY_LANG__ === 'fr' ? ${JSON.stringify(values[0])} : ${JSON.stringify(values[1])};`;
            }
            if (source === '@salesforce/user/Id') {
                return `export default ${JSON.stringify(AGENT_SALESFORCE_USER_ID)};`;
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

export async function bundleWorkbench({ quiet = false } = {}) {
    const started = Date.now();
    const modules = [];
    for (const bundle of lwcBundles()) {
        const path = REPLACED[bundle.name] ?? join(bundle.dir, `${bundle.name}.js`);
        modules.push({ name: `c/${bundle.name}`, path });
    }
    for (const name of PLATFORM) {
        modules.push({ name: `lightning/${name}`, path: join(WORKBENCH, 'platform', `${name}.js`) });
    }
    modules.push({ npm: 'lightning-base-components' });
    const warnings = [];
    const build = await rollup({
        input: join(WORKBENCH, 'page', 'main.js'),
        plugins: [
            salesforceModules(),
            typescriptStrip(),
            replace({
                preventAssignment: true,
                values: { 'process.env.NODE_ENV': JSON.stringify('development'), 'import.meta.env.SSR': 'false' }
            }),
            lwc({ rootDir: WORKBENCH, modules, enableDynamicComponents: true })
        ],
        onwarn: (warning) => warnings.push(warning)
    });
    mkdirSync(DIST, { recursive: true });
    await build.write({ file: join(DIST, 'app.js'), format: 'esm', inlineDynamicImports: true, sourcemap: false });
    await build.close();
    copyFileSync(join(WORKBENCH, 'page', 'index.html'), join(DIST, 'index.html'));
    copyFileSync(join(WORKBENCH, 'page', 'workbench.css'), join(DIST, 'workbench.css'));
    const seconds = (Date.now() - started) / 1000;
    if (!quiet) {
        const own = warnings.filter((w) => !String(w.id ?? w.loc?.file ?? '').includes('lightning-base-components'));
        for (const w of own) console.warn(`workbench bundle warning: ${w.message}`);
        console.log(`workbench: bundled ${modules.length - 1} modules into workbench/dist/app.js in ${seconds.toFixed(1)} s`);
    }
    return { seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    bundleWorkbench().catch((error) => {
        console.error(`workbench bundle failed: ${error.message}`);
        process.exit(1);
    });
}
