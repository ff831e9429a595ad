// Jest configuration of the mutation run (npm run mutation): the project's, with StrykerJS's jsdom environment so
// that it can tell which test covers which mutant, and without the fault suite against the real sandbox (seconds
// per run, and the unit tests must catch a mutant on their own).
const base = require('../jest.config.js');

module.exports = {
    ...base,
    rootDir: require('node:path').join(__dirname, '..'),
    testEnvironment: '@stryker-mutator/jest-runner/jest-env/jsdom',
    testPathIgnorePatterns: [...(base.testPathIgnorePatterns ?? ['/node_modules/']), '\\.sandbox\\.test\\.ts$'],
    coverageThreshold: undefined,
    collectCoverage: false
};
