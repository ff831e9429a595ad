// Mutation testing of the telephony service modules (npm run mutation, on demand; not part of npm test).
// StrykerJS mutates the TypeScript sources and runs the jest tests on those sources (LWC_JEST_SRC=ts, the same
// tests as npm run test:src), only the tests that cover each mutant. A surviving mutant is a change of behaviour no
// test notices. Scores are written to .gate/mutation/ and reported in docs/TELEPHONY.md.
const MODULES = ['diamyCallLog', 'diamyCallState', 'diamyPhoneMatch', 'diamyTelephony', 'diamyTabLeader'];
const only = process.env.DIAMY_MUTATE ? process.env.DIAMY_MUTATE.split(',') : MODULES;

export default {
    testRunner: 'jest',
    jest: { projectType: 'custom', configFile: 'test/jest.mutation.config.js', enableFindRelatedTests: true },
    mutate: only.map((name) => `force-app/main/default/lwc/${name}/${name}.ts`),
    coverageAnalysis: 'perTest',
    disableTypeChecks: true,
    ignoreStatic: true,
    concurrency: 2,
    timeoutMS: 20000,
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['mdapi', 'coverage', 'workbench/dist', 'build', '.stryker-tmp', '.stryker-incremental'],
    // Re-runs test only the mutants whose code or covering tests changed since the last run of the same modules.
    incremental: true,
    incrementalFile: `.stryker-incremental/${only.join('+')}.json`,
    reporters: ['clear-text', 'progress', 'json'],
    jsonReporter: { fileName: '.gate/mutation/mutation.json' },
    thresholds: { high: 90, low: 85, break: null }
};
