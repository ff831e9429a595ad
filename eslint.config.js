// ESLint 9 flat config. Three kinds of files:
//  A) TypeScript LWC sources: typescript-eslint (type-aware) + the LWC and LWC-platform rules;
//  B) the emitted JavaScript that deploys: Salesforce's recommended LWC config + LWC-platform rules;
//  C) tests (TypeScript, jest) and D) the project's Node scripts.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const lwcPlatform = require('@lwc/eslint-plugin-lwc-platform');
const jestPlugin = require('eslint-plugin-jest');
const { VENDOR_MODULE_GLOBS } = require('./vendor/bundles.cjs');

const LWC_TS = ['force-app/**/lwc/**/*.ts'];
const LWC_JS = ['force-app/**/lwc/**/*.js'];
const ALL_TS = [...LWC_TS, 'test/**/*.ts'];
const TESTS = ['force-app/**/lwc/**/__tests__/**/*.ts', 'test/**/*.ts'];
// The offline flow engine and its scenarios (Node, TypeScript, typed against automation/tsconfig.json).
const ENGINE_TS = ['automation/**/*.ts'];
// The reference sync client and its stand-in of Salesforce's APIs (node, run with tsx).
const SYNC_TS = ['sync/**/*.ts'];

// Rules of Salesforce's recommended LWC config that come from the LWC and Lightning plugins; they work
// on the typescript-eslint AST. Its base JS rules are left to typescript-eslint for .ts files.
const lwcRecommended = lwcConfig.configs.recommended;
const lwcPluginRules = {};
const lwcPlugins = {};
for (const block of lwcRecommended) {
    for (const [name, plugin] of Object.entries(block.plugins ?? {})) {
        if (name === '@lwc/lwc' || name === '@salesforce/lightning') {
            lwcPlugins[name] = plugin;
        }
    }
    for (const [rule, setting] of Object.entries(block.rules ?? {})) {
        if (rule.startsWith('@lwc/lwc/') || rule.startsWith('@salesforce/lightning/')) {
            lwcPluginRules[rule] = setting;
        }
    }
}

// Bundles whose .js-meta.xml declares the lightning__dynamicComponent capability may import a module dynamically with
// a string literal (import('c/x')); the platform refuses it elsewhere, and `npm run validate` checks the capability
// and the API version (scripts/lib/org-rules, rule "deploy").
const DYNAMIC_IMPORT_BUNDLES = require('./scripts/lib/dynamic-import-bundles.cjs').dynamicImportBundleGlobs(__dirname);

const platformRules = {
    ...lwcPlatform.configs.recommended[0].rules,
    '@lwc/lwc-platform/no-dynamic-import': 'error',
    // For mobile-offline wires only; crashes on ordinary @wire without adapter options.
    '@lwc/lwc-platform/valid-offline-wire': 'off'
};

module.exports = [
    {
        ignores: [
            'node_modules/**',
            'coverage/**',
            'mdapi/**',
            'manifest/**',
            '.gate/**',
            '.stryker-tmp/**',
            '.stryker-incremental/**',
            'preview/dist/**',
            'workbench/dist/**',
            // LWC decorators (@api) are not JavaScript espree parses; the LWC compiler checks it when bundling.
            'workbench/platform/diamyAgentToken/**',
            'workbench/platform/recordPicker/**',
            'workbench/platform/flow/**',
            'workbench/platform/notBuilt/**',
            'scripts/tests/fixtures/**',
            ...VENDOR_MODULE_GLOBS
        ]
    },
    // The flow engine: typescript-eslint, type-aware.
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ENGINE_TS })),
    {
        files: ENGINE_TS,
        languageOptions: {
            parserOptions: { project: './automation/tsconfig.json', tsconfigRootDir: __dirname },
            globals: { ...globals.node }
        }
    },
    // The reference sync client: typescript-eslint, type-aware.
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: SYNC_TS })),
    {
        files: SYNC_TS,
        languageOptions: {
            parserOptions: { project: './sync/tsconfig.json', tsconfigRootDir: __dirname },
            globals: { ...globals.node }
        }
    },
    // A) TypeScript sources of the LWC bundles.
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ALL_TS })),
    {
        files: ALL_TS,
        languageOptions: {
            parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: __dirname },
            globals: { ...globals.browser }
        }
    },
    {
        files: LWC_TS,
        plugins: { ...lwcPlugins, '@lwc/lwc-platform': lwcPlatform },
        rules: {
            ...lwcPluginRules,
            ...platformRules,
            '@typescript-eslint/consistent-type-imports': 'error',
            '@typescript-eslint/no-explicit-any': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            eqeqeq: ['error', 'always'],
            'no-console': 'error'
        }
    },
    // B) The emitted JavaScript, exactly what deploys.
    ...lwcRecommended.map((config) => ({ ...config, files: LWC_JS, ignores: ['**/__tests__/**'] })),
    {
        files: LWC_JS,
        ignores: ['**/__tests__/**'],
        plugins: { '@lwc/lwc-platform': lwcPlatform },
        rules: {
            ...platformRules,
            // tsc output keeps `import type`-free imports only; jest globals are not used in shipped code.
            'no-console': 'error'
        }
    },
    // A and B: string-literal dynamic imports in the bundles that declare the capability.
    {
        files: DYNAMIC_IMPORT_BUNDLES,
        ignores: ['**/__tests__/**'],
        rules: { '@lwc/lwc-platform/no-dynamic-import': ['error', { allowStringLiteral: true }] }
    },
    // C) Tests.
    ...[jestPlugin.configs['flat/recommended']].map((config) => ({ ...config, files: TESTS })),
    {
        files: TESTS,
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: {
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
            '@typescript-eslint/unbound-method': 'off',
            '@typescript-eslint/no-unsafe-assignment': 'off',
            '@typescript-eslint/no-unsafe-member-access': 'off',
            '@typescript-eslint/no-unsafe-call': 'off',
            '@typescript-eslint/no-unsafe-argument': 'off',
            '@lwc/lwc-platform/no-inline-disable': 'off',
            'no-console': 'off'
        }
    },
    // D) Node scripts, configs and the jest mocks.
    {
        files: ['scripts/**/*.{js,mjs,cjs}', 'vendor/**/*.{mjs,cjs}', 'test/jest-mocks/**/*.js', '*.js', '*.mjs', 'sandbox/**/*.mjs', 'automation/**/*.mjs', 'workbench/tests/**/*.mjs', 'workbench/org-server/**/*.mjs', 'workbench/platform/**/*.mjs'],
        ...js.configs.recommended,
        languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } }
    },
    // E) The workbench page and its platform test doubles (browser code bundled by LWC OSS, not shipped).
    {
        files: ['workbench/**/*.js'],
        ...js.configs.recommended,
        languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser } }
    },
    // F) Static resources: plain browser scripts a Visualforce page includes (the Open CTI bridge, docs/OPEN-CTI.md).
    {
        files: ['force-app/**/staticresources/**/*.js'],
        ...js.configs.recommended,
        languageOptions: {
            ecmaVersion: 2017,
            sourceType: 'script',
            globals: { ...globals.browser, module: 'readonly' }
        },
        rules: { ...js.configs.recommended.rules, eqeqeq: ['error', 'always'], 'no-console': 'error' }
    },
    {
        files: ['*.js', 'scripts/**/*.cjs', 'vendor/**/*.cjs'],
        languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
    },
    {
        files: ['test/jest-mocks/**/*.js'],
        languageOptions: { globals: { ...globals.node, ...globals.jest } }
    }
];
