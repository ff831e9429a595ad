#!/usr/bin/env node
// npm run release [-- --dry-run] [--target-dev-hub <alias>] [--skip-promote] [--skip-tests] [--skip-build]
//
// Builds and promotes a version of the unlocked package "Diamy for Salesforce", with a Dev Hub. Each step
// is printed before it runs and the run stops at the first failure:
//   sf --version → npm test (the offline gate; it builds first) → sf package list (the package must exist in
//   the Dev Hub; its 0Ho alias is recorded if missing) → sf package version create … --code-coverage --json →
//   record "Diamy for Salesforce@<major.minor.patch-build>": "04t…" in sfdx-project.json packageAliases →
//   sf package version promote --package 04t… --no-prompt (unless --skip-promote) → the install links.
// --dry-run prints the commands and changes nothing (sfdx-project.json untouched). --skip-tests runs only
// npm run build instead of npm test (when the gate just passed); --skip-build runs neither (the tests use it).
// Environment: DIAMY_PROJECT_ROOT = the project to work on (default: this repository).
// Exit status: 0 released (or dry run), 1 a step failed, 2 bad arguments.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    PACKAGE_NAME,
    Runner,
    StepFailure,
    UsageError,
    checkSfCli,
    devHubArgs,
    ensurePackageAlias,
    findPackageInDevHub,
    formatCommand,
    installLinks,
    packageCreateCommand,
    packageVersionCreateCommand,
    parseOptions,
    projectRoot,
    readVersionCreateResult,
    runMain,
    writePackageAlias
} from './lib/sf-cli.mjs';

const USAGE = 'usage: npm run release [-- --dry-run] [--target-dev-hub <alias>] [--skip-promote] [--skip-tests] [--skip-build]';

/**
 * @typedef {object} ReleaseOptions
 * @property {boolean} [dryRun]
 * @property {string} [devHub] --target-dev-hub
 * @property {boolean} [skipPromote]
 * @property {boolean} [skipTests] npm run build instead of npm test
 * @property {boolean} [skipBuild] neither
 */

/**
 * Runs the release. Throws StepFailure on the first failed step.
 * @param {ReleaseOptions} options
 * @param {{ root?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [io]
 * @returns {{ subscriberPackageVersionId: string, alias: string, versionNumber: string, promoted: boolean } | null} null in dry-run mode
 */
export function release(options, io = {}) {
    const root = io.root ?? projectRoot(io.env);
    const log = io.log ?? ((line) => console.log(line));
    const dryRun = Boolean(options.dryRun);
    const devHub = options.devHub;
    if (devHub === '') throw new UsageError(`--target-dev-hub needs a value\n${USAGE}`);
    const r = new Runner({ root, dryRun, env: io.env, log });

    r.step('Salesforce CLI');
    checkSfCli(r);

    if (!options.skipBuild) {
        const gate = options.skipTests ? { cmd: 'npm', args: ['run', 'build'] } : { cmd: 'npm', args: ['test'] };
        r.step(
            options.skipTests
                ? 'Build the package (npm run build; npm test skipped with --skip-tests)'
                : 'The offline gate (npm test: build, type-check, lint, tests, metadata)'
        );
        const res = r.run(gate);
        if (res && res.status !== 0)
            throw new StepFailure(`${formatCommand(gate, root)} failed (exit status ${res.status}): nothing was released`);
    }

    r.step(`The package "${PACKAGE_NAME}" in the Dev Hub`);
    const packageId = findPackageInDevHub(r, devHub);
    if (packageId === null) {
        throw new StepFailure(
            `the Dev Hub has no package "${PACKAGE_NAME}". Create it once, commit the packageAliases entry it writes to sfdx-project.json, and run npm run release again:\n  ${formatCommand(packageCreateCommand(devHub), root)}`
        );
    }
    if (packageId) ensurePackageAlias(r, packageId);

    r.step('Create the package version (sf package version create, code coverage, up to 60 minutes)');
    const created = r.sfOk(packageVersionCreateCommand(devHub), 'sf package version create');
    const version = created === undefined ? null : readVersionCreateResult(created);
    const id = version?.subscriberPackageVersionId ?? '<04t-from-version-create>';
    const alias = version?.alias ?? `${PACKAGE_NAME}@<major.minor.patch-build>`;

    r.step('Record the version alias in sfdx-project.json packageAliases');
    if (!version) {
        r.note(`would add "${alias}": "${id}" (dry run: sfdx-project.json is not written)`);
    } else {
        const changed = writePackageAlias(root, version.alias, version.subscriberPackageVersionId);
        r.note(
            `${changed ? 'added' : 'already present'}: "${version.alias}": "${version.subscriberPackageVersionId}" (commit sfdx-project.json)`
        );
    }

    if (!options.skipPromote) {
        r.step('Promote the version (released: installable in production)');
        const promoted = r.sfOk(
            {
                cmd: 'sf',
                args: ['package', 'version', 'promote', '--package', id, '--no-prompt', ...devHubArgs(devHub), '--json']
            },
            `sf package version promote (the version ${id} is built; promote it later with the same command)`
        );
        if (promoted && promoted.success === false)
            throw new StepFailure(`sf package version promote reported success: false: ${JSON.stringify(promoted.errors ?? [])}`);
    }

    const links = installLinks(id);
    log(
        `\n${dryRun ? 'Install links (dry run)' : `${PACKAGE_NAME} ${version?.versionNumber} = ${id}${options.skipPromote ? ' (beta, not promoted: scratch orgs and sandboxes only)' : ' (promoted)'}`}:`
    );
    log(`  production or Developer Edition: ${links.production}`);
    log(`  sandbox:                         ${links.sandbox}`);
    log(
        dryRun
            ? '\n✔ release --dry-run: nothing was run, sfdx-project.json is unchanged.'
            : '\n✔ release: done. Commit sfdx-project.json.'
    );
    return version ? { ...version, promoted: !options.skipPromote } : null;
}

/**
 * The command line.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} [env]
 */
export function main(argv, env = process.env) {
    const opts = parseOptions(
        argv,
        {
            'dry-run': { type: 'boolean' },
            'target-dev-hub': { type: 'string' },
            'skip-promote': { type: 'boolean' },
            'skip-tests': { type: 'boolean' },
            'skip-build': { type: 'boolean' },
            help: { type: 'boolean', short: 'h' }
        },
        USAGE
    );
    if (opts.help) {
        console.log(USAGE);
        return 0;
    }
    release(
        {
            dryRun: opts['dry-run'],
            devHub: opts['target-dev-hub'],
            skipPromote: opts['skip-promote'],
            skipTests: opts['skip-tests'],
            skipBuild: opts['skip-build']
        },
        { env }
    );
    return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    runMain('release', () => main(process.argv.slice(2)));
}
