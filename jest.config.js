// Jest through @salesforce/sfdx-lwc-jest. By default `c/<bundle>` resolves to the emitted .js (what ships);
// LWC_JEST_SRC=ts runs the same tests on the .ts sources. Platform modules that the sfdx-lwc-jest stubs
// do not model well enough are mapped to stateful mocks in test/jest-mocks. Custom Labels resolve to their
// real English text (or French with DIAMY_TEST_LANG=fr), generated from the label metadata before the run.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');
const { VENDOR_BUNDLES } = require('./vendor/bundles.cjs');

const preferTs = process.env.LWC_JEST_SRC === 'ts';
const extension = preferTs ? 'ts' : 'js';

module.exports = {
    ...jestConfig,
    moduleFileExtensions: preferTs ? ['ts', 'js', 'html'] : ['js', 'ts', 'html'],
    // Same transformer as sfdx-lwc-jest, with a coverage-aware cache key (see test/jest-lwc-transformer.js).
    transform: { '^.+\\.(js|ts|html|css)$': '<rootDir>/test/jest-lwc-transformer.js' },
    moduleNameMapper: {
        ...jestConfig.moduleNameMapper,
        '^@salesforce/label/c\\.(.+)$': '<rootDir>/.gate/jest-labels/$1.js',
        '^diamy-test/(.*)$': '<rootDir>/test/$1',
        '^lightning/messageService$': '<rootDir>/test/jest-mocks/lightning/messageService.js',
        '^lightning/navigation$': '<rootDir>/test/jest-mocks/lightning/navigation.js',
        '^lightning/graphql$': '<rootDir>/test/jest-mocks/lightning/graphql.js',
        '^lightning/platformUtilityBarApi$': '<rootDir>/test/jest-mocks/lightning/platformUtilityBarApi.js'
    },
    globalSetup: '<rootDir>/test/jest-global-setup.js',
    testMatch: ['**/__tests__/**/*.test.ts'],
    modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/.sfdx', '<rootDir>/.sf', '<rootDir>/mdapi', '<rootDir>/.stryker-tmp'],
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
    collectCoverageFrom: [
        `force-app/**/lwc/**/*.${extension}`,
        '!**/__tests__/**',
        // Generated third-party code (libphonenumber-js): covered by its own project, not ours.
        ...VENDOR_BUNDLES.map(({ name }) => `!force-app/**/lwc/${name}/**`)
    ],
    coverageReporters: ['text-summary', 'json-summary', 'lcov'],
    coverageThreshold: {
        // Service modules (pure logic, no template) carry the strictest bar.
        './force-app/main/default/lwc/diamyCallRecord/': { lines: 90 },
        './force-app/main/default/lwc/diamyFormat/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallState/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallLog/': { lines: 90 },
        './force-app/main/default/lwc/diamyRedact/': { lines: 90 },
        './force-app/main/default/lwc/diamyTabLeader/': { lines: 90 },
        './force-app/main/default/lwc/diamyPhoneMatch/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallerLookup/': { lines: 90 },
        './force-app/main/default/lwc/diamyTelephony/': { lines: 90 },
        './force-app/main/default/lwc/diamyTelephonySession/': { lines: 90 },
        './force-app/main/default/lwc/diamyScreenPop/': { lines: 90 },
        './force-app/main/default/lwc/diamyAgentSession/': { lines: 90 },
        './force-app/main/default/lwc/diamySoftphoneService/': { lines: 90 },
        './force-app/main/default/lwc/diamySoftphoneWiring/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallFinderService/': { lines: 90 },
        './force-app/main/default/lwc/diamyFollowUp/': { lines: 90 },
        './force-app/main/default/lwc/diamyWrapUpPolicy/': { lines: 90 },
        './force-app/main/default/lwc/diamyPhoneChannel/': { lines: 90 },
        './force-app/main/default/lwc/diamyPhoneHost/': { lines: 90 },
        './force-app/main/default/lwc/diamyFailureReport/': { lines: 90 },
        './force-app/main/default/lwc/diamyClickToDialService/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallerContextService/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallHistoryService/': { lines: 90 },
        './force-app/main/default/lwc/diamySetupService/': { lines: 90 },
        './force-app/main/default/lwc/diamyCallingRules/': { lines: 90 },
        global: { lines: 80 }
    },
    testTimeout: 10000
};
