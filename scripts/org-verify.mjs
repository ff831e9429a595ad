#!/usr/bin/env node
// npm run org:verify [-- --dry-run] [--target-dev-hub <alias>] [--alias <scratch alias>] [--instance <name>] [--keep] [--skip-build]
//
// Proves in a real scratch org what the offline gate cannot, for whoever has a Dev Hub. Each step is
// printed before it runs and the run stops at the first failure:
//   sf --version → npm run build → scratch org → deploy force-app → generate the connection (configure)
//   and deploy 1-credentials then 2-agent-session → deploy org-tests → assign Diamy_Admin, Diamy_Agent,
//   Diamy_Connection → run the FlowTests (sf flow run test, one run per flow) → build a package version
//   (only if the package exists in the Dev Hub) → delete the scratch org (unless --keep, also after a
//   failure) → the checklist of what only an org can confirm (scripts/lib/org-checklist.mjs).
// --dry-run prints every command and runs nothing. --skip-build leaves out npm run build (the tests use it).
// Environment: DIAMY_PROJECT_ROOT = the project to work on (default: this repository).
// Exit status: 0 verified (or dry run), 1 a step failed, 2 bad arguments.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultHost, generateConnection, STEPS, validateInstance } from './configure.mjs';
import { ORG_CHECKLIST } from './lib/org-checklist.mjs';
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
    packageCreateCommand,
    packageVersionCreateCommand,
    parseOptions,
    projectRoot,
    readVersionCreateResult,
    runMain
} from './lib/sf-cli.mjs';

const USAGE =
    'usage: npm run org:verify [-- --dry-run] [--target-dev-hub <alias>] [--alias <scratch org alias>] [--instance <name>] [--keep] [--skip-build]';

/** Permission sets assigned to the scratch org user. */
export const PERMISSION_SETS = ['Diamy_Admin', 'Diamy_Agent', 'Diamy_Connection'];

/** The non-package directory of FlowTests. */
export const ORG_TESTS_DIR = 'org-tests';

/**
 * The flows that have FlowTests in org-tests/ (their flowApiName), sorted.
 * @param {string} root
 */
export function flowsWithTests(root) {
    /** @type {Set<string>} */
    const flows = new Set();
    /** @param {string} dir */
    const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, e.name);
            if (e.isDirectory()) walk(full);
            else if (e.name.endsWith('.flowtest-meta.xml')) {
                const m = /<flowApiName>\s*([^<\s]+)\s*<\/flowApiName>/.exec(readFileSync(full, 'utf8'));
                if (!m) throw new StepFailure(`${path.relative(root, full)}: no <flowApiName>`);
                flows.add(m[1]);
            }
        }
    };
    const dir = path.join(root, ORG_TESTS_DIR);
    if (existsSync(dir)) walk(dir);
    return [...flows].sort();
}

/**
 * Checks the answer of `sf flow run test … --json`. Returns failure lines (empty when every test passed).
 * @param {string} flow
 * @param {{ status: number, json: any }} res
 */
export function flowTestFailures(flow, res) {
    const result = res.json?.result;
    const summary = result?.summary;
    if (!summary)
        return [`${flow}: no test results (exit status ${res.status}${res.json?.message ? `: ${res.json.message}` : ''})`];
    /** @type {any[]} */
    const tests = Array.isArray(result.tests) ? result.tests : [];
    const failed = tests.filter((t) => t.Outcome !== 'Pass' && t.Outcome !== 'Skip');
    const lines = failed.map(
        (t) => `${t.FullName ?? `${flow}.${t.MethodName}`}: ${t.Outcome} — ${t.Message || t.StackTrace || 'no message'}`
    );
    if (!lines.length && (summary.outcome !== 'Passed' || Number(summary.failing) > 0 || res.status !== 0)) {
        lines.push(`${flow}: outcome ${summary.outcome}, ${summary.failing} failing, exit status ${res.status}`);
    }
    if (!lines.length && !(Number(summary.testsRan) > 0)) lines.push(`${flow}: no FlowTest ran (are the FlowTests deployed?)`);
    return lines;
}

/**
 * @typedef {object} VerifyOptions
 * @property {boolean} [dryRun]
 * @property {string} [devHub] --target-dev-hub
 * @property {string} [alias] scratch org alias
 * @property {string} [instance] connection instance
 * @property {boolean} [keep] keep the scratch org
 * @property {boolean} [skipBuild]
 */

/**
 * Runs the verification. Throws StepFailure on the first failed step (after deleting the scratch org
 * unless keep, and printing the checklist).
 * @param {VerifyOptions} options
 * @param {{ root?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [io]
 * @returns {number} 0
 */
export function orgVerify(options, io = {}) {
    const root = io.root ?? projectRoot(io.env);
    const log = io.log ?? ((line) => console.log(line));
    const dryRun = Boolean(options.dryRun);
    const alias = options.alias ?? 'diamy-verify';
    const instance = validateInstance(options.instance ?? 'verify');
    const devHub = options.devHub;
    if (alias === '' || devHub === '') throw new UsageError(`--alias and --target-dev-hub need a value\n${USAGE}`);
    const r = new Runner({ root, dryRun, env: io.env, log });
    const connectionDir = path.join(root, 'build', `diamy-connection-${instance}`);
    const org = ['--target-org', alias];

    /** @type {Record<string, 'passed' | 'skipped' | 'failed' | 'planned'>} */
    const outcome = {};
    const SKIPPED = Symbol('skipped');
    /**
     * @param {string} id
     * @param {string} title
     * @param {() => unknown} fn returns SKIPPED when the step did not apply
     */
    const step = (id, title, fn) => {
        r.step(title);
        try {
            const skipped = fn() === SKIPPED;
            outcome[id] = dryRun ? 'planned' : skipped ? 'skipped' : 'passed';
        } catch (e) {
            outcome[id] = 'failed';
            throw e;
        }
    };
    /**
     * @param {string[]} args sf arguments before --target-org/--json
     * @param {string} what
     * @param {string} [cwd]
     */
    const deploy = (args, what, cwd) => {
        const result = r.sfOk(
            { cmd: 'sf', args: ['project', 'deploy', 'start', ...args, ...org, '--wait', '60', '--json'], cwd },
            what
        );
        if (result === undefined) return;
        if (result.success === false || (result.status && result.status !== 'Succeeded'))
            throw new StepFailure(`${what}: deployment status ${result.status}`);
        r.note(`deployed: ${result.numberComponentsDeployed ?? result.files?.length ?? '?'} components`);
    };

    let scratchOrgCreated = false;
    /** @type {unknown} */
    let failure = null;
    try {
        step('sf-cli', 'Salesforce CLI', () => checkSfCli(r));
        if (!options.skipBuild) {
            step('build', 'Build the package (TypeScript → the .js that deploys)', () => {
                const res = r.run({ cmd: 'npm', args: ['run', 'build'] });
                if (res && res.status !== 0) throw new StepFailure(`npm run build failed (exit status ${res.status})`);
            });
        }
        step('scratch-org', `Create the scratch org ${alias}`, () => {
            const result = r.sfOk(
                {
                    cmd: 'sf',
                    args: [
                        'org',
                        'create',
                        'scratch',
                        '--definition-file',
                        'config/project-scratch-def.json',
                        '--alias',
                        alias,
                        '--duration-days',
                        options.keep ? '7' : '1',
                        '--wait',
                        '30',
                        ...devHubArgs(devHub),
                        '--json'
                    ]
                },
                'sf org create scratch'
            );
            if (result !== undefined) {
                scratchOrgCreated = true;
                r.note(
                    `scratch org ${alias}: ${result.username ?? '(username not reported)'}${result.orgId ? ` (${result.orgId})` : ''}`
                );
            }
        });
        step('deploy-package', 'Deploy the package directory force-app', () =>
            deploy(['--source-dir', 'force-app'], 'deploy of force-app')
        );
        step('connection-generate', `Generate the connection for instance ${instance} (npm run configure)`, () => {
            if (dryRun) {
                r.note(
                    `would generate ${path.relative(root, connectionDir)}/ for https://${defaultHost(instance)} (scripts/configure.mjs generateConnection)`
                );
                return;
            }
            let generated;
            try {
                generated = generateConnection({ instance, outDir: connectionDir, root });
            } catch (e) {
                throw e instanceof UsageError ? new StepFailure(e.message) : e;
            }
            r.note(
                `generated ${path.relative(root, generated.outDir)}/ (${generated.files.length} files, host ${generated.host})`
            );
        });
        step('connection-credentials', `Deploy the connection, step 1: ${STEPS[0].dir}`, () =>
            deploy(['--source-dir', STEPS[0].dir], `deploy of the connection's ${STEPS[0].dir}`, connectionDir)
        );
        step('connection-agent-session', `Deploy the connection, step 2: ${STEPS[1].dir}`, () =>
            deploy(['--source-dir', STEPS[1].dir], `deploy of the connection's ${STEPS[1].dir}`, connectionDir)
        );
        step('deploy-org-tests', `Deploy the FlowTests (${ORG_TESTS_DIR})`, () =>
            deploy(['--source-dir', ORG_TESTS_DIR], `deploy of ${ORG_TESTS_DIR}`)
        );
        step('permission-sets', `Assign ${PERMISSION_SETS.join(', ')} to the scratch org user`, () => {
            const result = r.sfOk(
                {
                    cmd: 'sf',
                    args: ['org', 'assign', 'permset', ...PERMISSION_SETS.flatMap((n) => ['--name', n]), ...org, '--json']
                },
                'sf org assign permset'
            );
            /** @type {{ name: string, message: string }[]} */
            const failures = result?.failures ?? [];
            if (failures.length)
                throw new StepFailure(
                    `permission set assignment failed:\n${failures.map((f) => `  ${f.name}: ${f.message}`).join('\n')}`
                );
        });
        step('flow-tests', 'Run the FlowTests (sf flow run test, one synchronous run per flow)', () => {
            const flows = flowsWithTests(root);
            if (!flows.length) throw new StepFailure(`no FlowTests found under ${ORG_TESTS_DIR}/`);
            /** @type {string[]} */
            const failures = [];
            for (const flow of flows) {
                const res = r.run(
                    { cmd: 'sf', args: ['flow', 'run', 'test', '--class-names', flow, '--synchronous', ...org, '--json'] },
                    { json: true }
                );
                if (!res) continue;
                const lines = flowTestFailures(flow, res);
                if (lines.length) {
                    failures.push(...lines);
                    for (const l of lines) r.note(`✖ ${l}`);
                } else r.note(`${flow}: ${res.json.result.summary.passing} passed`);
            }
            if (failures.length) throw new StepFailure(`FlowTests failed:\n${failures.map((l) => `  ${l}`).join('\n')}`);
        });
        step('package-version', `Build a package version of "${PACKAGE_NAME}" (validation; not promoted)`, () => {
            const packageId = findPackageInDevHub(r, devHub);
            const create = packageVersionCreateCommand(devHub);
            if (packageId === undefined) {
                r.note(
                    `only if the Dev Hub has the package "${PACKAGE_NAME}" (otherwise this step is skipped and says how to create it):`
                );
                r.show(create);
                return;
            }
            if (packageId === null) {
                r.note(
                    `SKIPPED: the Dev Hub has no package "${PACKAGE_NAME}". Create it once (it records its 0Ho id in sfdx-project.json; commit that):`
                );
                r.note(`  ${formatCommand(packageCreateCommand(devHub), root)}`);
                return SKIPPED;
            }
            ensurePackageAlias(r, packageId);
            const version = readVersionCreateResult(r.sfOk(create, 'sf package version create'));
            r.note(
                `built ${version.alias} = ${version.subscriberPackageVersionId} (beta: never promoted by org:verify; sfdx-project.json is left alone)`
            );
        });
    } catch (e) {
        failure = e;
    }

    if (options.keep) {
        if (scratchOrgCreated || dryRun)
            r.note(
                `\nkeeping the scratch org ${alias}: sf org open --target-org ${alias}; delete it with sf org delete scratch --target-org ${alias} --no-prompt`
            );
    } else if (scratchOrgCreated || (dryRun && !failure)) {
        try {
            step(
                'delete-scratch-org',
                `Delete the scratch org ${alias}${failure ? ' (after the failure; keep it next time with --keep)' : ''}`,
                () => {
                    r.sfOk(
                        { cmd: 'sf', args: ['org', 'delete', 'scratch', ...org, '--no-prompt', '--json'] },
                        'sf org delete scratch'
                    );
                }
            );
        } catch (e) {
            if (failure) r.note(`warning: ${/** @type {Error} */ (e).message}`);
            else failure = e;
        }
    }

    printChecklist(outcome, log, dryRun);
    if (failure) throw failure;
    log(dryRun ? '\n✔ org:verify --dry-run: nothing was run.' : '\n✔ org:verify: every step passed.');
    return 0;
}

/**
 * Prints ORG_CHECKLIST, marking the items a passed step confirmed.
 * @param {Record<string, string>} outcome step id → passed/skipped/failed
 * @param {(line: string) => void} log
 * @param {boolean} dryRun
 */
export function printChecklist(outcome, log, dryRun) {
    log('\nWhat only an org can confirm:');
    for (const item of ORG_CHECKLIST) {
        const state = item.confirmedBy ? outcome[item.confirmedBy] : undefined;
        if (state === 'passed') {
            log(`  ✔ ${item.claim}\n      confirmed by this run (step ${item.confirmedBy}). ${item.check}`);
        } else {
            const why = item.confirmedBy
                ? ` (step ${item.confirmedBy}: ${dryRun ? 'dry run, nothing confirmed' : (state ?? 'not run')})`
                : '';
            log(`  ☐ ${item.claim}${why}\n      check: ${item.check}`);
        }
    }
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
            alias: { type: 'string' },
            instance: { type: 'string' },
            keep: { type: 'boolean' },
            'skip-build': { type: 'boolean' },
            help: { type: 'boolean', short: 'h' }
        },
        USAGE
    );
    if (opts.help) {
        console.log(USAGE);
        return 0;
    }
    return orgVerify(
        {
            dryRun: opts['dry-run'],
            devHub: opts['target-dev-hub'],
            alias: opts.alias,
            instance: opts.instance,
            keep: opts.keep,
            skipBuild: opts['skip-build']
        },
        { env }
    );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    runMain('org:verify', () => main(process.argv.slice(2)));
}
