// Shared helpers of the org scripts (npm run configure, org:verify, release): argument parsing, running
// the Salesforce CLI (`sf`) and npm step by step, reading `sf --json` answers, and sfdx-project.json edits.
//
// Every command is printed before it runs, in a form that can be pasted into a shell. A step that fails
// throws StepFailure (exit status 1); bad arguments throw UsageError (exit status 2). In dry-run mode
// the commands are printed and nothing runs.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The repository this script belongs to. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package name, as in sfdx-project.json packageDirectories[0].package. */
export const PACKAGE_NAME = 'Diamy for Salesforce';

/** The last Salesforce CLI release whose package.json still accepts Node 20 (engines ">=18.6.0"); 2.148.3 and later need Node >= 22. */
export const SF_CLI_NODE20_VERSION = '2.146.3';

/** Set on `sf package version create` so that the CLI leaves sfdx-project.json alone; release.mjs writes the alias itself. */
export const NO_AUTOUPDATE_ENV = 'SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_VERSION_CREATE';

/** A bad command line or input: the script prints the message and exits with status 2. */
export class UsageError extends Error {}

/** A step that failed: the script prints the message and exits with status 1. */
export class StepFailure extends Error {}

/**
 * The project the org scripts work on: `DIAMY_PROJECT_ROOT` (tests point it at a temporary copy) or this repository.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function projectRoot(env = process.env) {
    return path.resolve(env.DIAMY_PROJECT_ROOT || REPO_ROOT);
}

/**
 * Strict option parsing (unknown options, missing values and positionals are usage errors).
 * @template {import('node:util').ParseArgsConfig['options']} T
 * @param {string[]} argv
 * @param {T} options
 * @param {string} usage printed with the error
 */
export function parseOptions(argv, options, usage) {
    try {
        return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
    } catch (e) {
        throw new UsageError(`${/** @type {Error} */ (e).message}\n${usage}`);
    }
}

/**
 * One argument as a POSIX shell would need it written.
 * @param {string} arg
 */
export function shellQuote(arg) {
    // <placeholder> stands for a value known only when the command runs (dry run): shown as is.
    if (/^[A-Za-z0-9_\-.,/:=@+%]+$/.test(arg) || /^<[^<>'\s]+>$/.test(arg)) return arg;
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * @typedef {object} Command
 * @property {string} cmd the program (`sf`, `npm`)
 * @property {string[]} args
 * @property {string} [cwd] where it runs (default: the project root)
 * @property {Record<string, string>} [env] extra environment variables
 */

/**
 * A command as a line to paste into a shell: `(cd dir && VAR=x sf a b)`.
 * @param {Command} command
 * @param {string} root the project root, for a relative `cd`
 */
export function formatCommand(command, root) {
    const env = Object.entries(command.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)} `);
    const line = `${env.join('')}${[command.cmd, ...command.args].map(shellQuote).join(' ')}`;
    if (!command.cwd || path.resolve(command.cwd) === path.resolve(root)) return line;
    const rel = path.relative(root, command.cwd) || '.';
    return `(cd ${shellQuote(rel.split(path.sep).join('/'))} && ${line})`;
}

/**
 * The JSON envelope of `sf … --json` in stdout (`{ status, result, warnings }` or an error `{ status, name, message }`).
 * Tolerates text before it (a warning line some plugins print).
 * @param {string} stdout
 * @returns {any} the parsed object, or null
 */
export function parseSfJson(stdout) {
    const text = stdout.trim();
    if (!text) return null;
    try {
        return JSON.parse(text);
    } catch {
        const start = text.search(/^\{/m);
        if (start <= 0) return null;
        try {
            return JSON.parse(text.slice(start));
        } catch {
            return null;
        }
    }
}

/**
 * The error an `sf --json` answer reports, with the component failures of a deployment.
 * @param {any} json
 * @param {number | null} status the exit status
 */
export function sfErrorText(json, status) {
    if (!json) return `exit status ${status}, no JSON answer`;
    const lines = [`${json.name ? `${json.name}: ` : ''}${json.message ?? `exit status ${status}`}`];
    const failures = json.result?.details?.componentFailures ?? json.data?.details?.componentFailures;
    const list = Array.isArray(failures) ? failures : failures ? [failures] : [];
    for (const f of list.slice(0, 25)) {
        const where = f.fileName
            ? `${f.fileName}${f.lineNumber ? `:${f.lineNumber}` : ''}`
            : `${f.componentType ?? ''} ${f.fullName ?? ''}`.trim();
        lines.push(`  ${where}: ${f.problem}`);
    }
    if (list.length > 25) lines.push(`  … and ${list.length - 25} more`);
    for (const e of Array.isArray(json.result?.Error) ? json.result.Error : [])
        lines.push(`  ${typeof e === 'string' ? e : JSON.stringify(e)}`);
    return lines.join('\n');
}

/**
 * How to install the Salesforce CLI on this Node version.
 * @param {string} [nodeVersion]
 */
export function sfInstallHint(nodeVersion = process.versions.node) {
    const major = Number(nodeVersion.split('.')[0]);
    return major >= 22
        ? 'Install the Salesforce CLI: npm install --global @salesforce/cli'
        : `Install the Salesforce CLI: npm install --global @salesforce/cli@${SF_CLI_NODE20_VERSION} (the last release that runs on Node ${major}; 2.148.3 and later need Node 22 or later), or switch to Node 22 and run npm install --global @salesforce/cli`;
}

/**
 * @typedef {object} RunResult
 * @property {number} status exit status
 * @property {string} stdout captured stdout ('' when not captured)
 * @property {any} json the parsed `--json` answer, or null
 */

/**
 * Runs commands one by one for a script, printing each before it runs (dry run: printing only).
 */
export class Runner {
    /**
     * @param {{ root: string, dryRun?: boolean, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} options
     */
    constructor({ root, dryRun = false, env = process.env, log = (line) => console.log(line) }) {
        this.root = root;
        this.dryRun = dryRun;
        this.env = env;
        this.log = log;
        this.stepCount = 0;
    }

    /** @param {string} title */
    step(title) {
        this.stepCount += 1;
        this.log(`\n▶ ${this.stepCount}. ${title}`);
    }

    /** @param {string} text */
    note(text) {
        this.log(`  ${text}`);
    }

    /** @param {Command} command */
    show(command) {
        this.log(`  $ ${formatCommand(command, this.root)}`);
    }

    /**
     * Prints and runs a command. With `json`, stdout is captured and parsed (stderr still shows);
     * otherwise the command talks to the terminal. Returns null in dry-run mode.
     * Throws StepFailure when the program is missing; a non-zero exit status is returned, not thrown.
     * @param {Command} command
     * @param {{ json?: boolean, capture?: boolean, missingHint?: string }} [options]
     * @returns {RunResult | null}
     */
    run(command, options = {}) {
        this.show(command);
        if (this.dryRun) return null;
        const capture = Boolean(options.json || options.capture);
        const isWindows = process.platform === 'win32';
        const result = spawnSync(
            isWindows ? `${command.cmd}.cmd` : command.cmd,
            isWindows ? command.args.map((a) => (/[\s"&|<>^]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a)) : command.args,
            {
                cwd: command.cwd ?? this.root,
                env: { ...this.env, ...command.env },
                stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
                encoding: 'utf8',
                maxBuffer: 512 * 1024 * 1024,
                shell: isWindows
            }
        );
        if (result.error) {
            const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
            if (code === 'ENOENT')
                throw new StepFailure(
                    `${command.cmd}: command not found.${options.missingHint ? ` ${options.missingHint}` : ''}`
                );
            throw new StepFailure(`${command.cmd}: ${result.error.message}`);
        }
        const stdout = capture ? (result.stdout ?? '') : '';
        const status = result.status ?? (result.signal ? 128 : 1);
        return { status, stdout, json: options.json ? parseSfJson(stdout) : null };
    }

    /**
     * Runs `sf <args> --json` (the caller includes --json) and returns the answer; throws StepFailure
     * unless the exit status is 0 and the answer says status 0.
     * @param {Command} command
     * @param {string} what what failed, for the message
     * @returns {any} the `result` of the answer (undefined in dry-run mode)
     */
    sfOk(command, what) {
        const res = this.run(command, { json: true, missingHint: sfInstallHint() });
        if (!res) return undefined;
        if (res.status !== 0 || !res.json || (res.json.status ?? 0) !== 0) {
            throw new StepFailure(`${what} failed:\n${sfErrorText(res.json, res.status)}`);
        }
        return res.json.result;
    }
}

/**
 * `sf --version`, with install instructions when sf is missing.
 * @param {Runner} r
 */
export function checkSfCli(r) {
    const res = r.run({ cmd: 'sf', args: ['--version'] }, { capture: true, missingHint: sfInstallHint() });
    if (!res) return;
    if (res.status !== 0) throw new StepFailure(`sf --version failed (exit status ${res.status}). ${sfInstallHint()}`);
    r.note(res.stdout.trim().split('\n')[0]);
}

/**
 * `--target-dev-hub <alias>` when one was given (otherwise sf uses the target-dev-hub configuration).
 * @param {string | undefined} devHub
 */
export function devHubArgs(devHub) {
    return devHub ? ['--target-dev-hub', devHub] : [];
}

/**
 * Reads sfdx-project.json.
 * @param {string} root
 */
export function readProjectJson(root) {
    const file = path.join(root, 'sfdx-project.json');
    if (!existsSync(file)) throw new StepFailure(`no sfdx-project.json in ${root}`);
    return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Adds or updates one entry of sfdx-project.json `packageAliases`, keeping the file's indentation,
 * key order and final newline. Returns false when the entry already had that value.
 * @param {string} root
 * @param {string} alias
 * @param {string} id
 */
export function writePackageAlias(root, alias, id) {
    const file = path.join(root, 'sfdx-project.json');
    const text = readFileSync(file, 'utf8');
    const project = JSON.parse(text);
    if (project.packageAliases?.[alias] === id) return false;
    project.packageAliases = { ...(project.packageAliases ?? {}), [alias]: id };
    const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    let out = JSON.stringify(project, null, indent);
    if (eol !== '\n') out = out.replace(/\n/g, eol);
    writeFileSync(file, `${out}${/\r?\n$/.test(text) ? eol : ''}`);
    return true;
}

/**
 * Looks the package up in the Dev Hub (`sf package list`). Returns its 0Ho id, or null when the Dev Hub
 * has no package of that name (undefined in dry-run mode).
 * @param {Runner} r
 * @param {string | undefined} devHub
 * @returns {string | null | undefined}
 */
export function findPackageInDevHub(r, devHub) {
    const list = r.sfOk({ cmd: 'sf', args: ['package', 'list', ...devHubArgs(devHub), '--json'] }, 'sf package list');
    if (list === undefined) return undefined;
    const found = (Array.isArray(list) ? list : []).find((p) => p && p.Name === PACKAGE_NAME);
    return found ? String(found.Id) : null;
}

/**
 * The command that creates the package once in a Dev Hub.
 * @param {string | undefined} devHub
 * @returns {Command}
 */
export function packageCreateCommand(devHub) {
    return {
        cmd: 'sf',
        args: [
            'package',
            'create',
            '--name',
            PACKAGE_NAME,
            '--package-type',
            'Unlocked',
            '--path',
            'force-app',
            '--no-namespace',
            ...devHubArgs(devHub)
        ]
    };
}

/**
 * Makes sure sfdx-project.json maps the package name to the Dev Hub's 0Ho id (what `sf package create`
 * writes): `sf package version create --package "Diamy for Salesforce"` resolves the name through it.
 * @param {Runner} r
 * @param {string} packageId 0Ho…
 */
export function ensurePackageAlias(r, packageId) {
    const current = readProjectJson(r.root).packageAliases?.[PACKAGE_NAME];
    if (current && current !== packageId) {
        throw new StepFailure(
            `sfdx-project.json packageAliases maps "${PACKAGE_NAME}" to ${current}, but this Dev Hub's package is ${packageId}. Use the Dev Hub that owns ${current} (--target-dev-hub), or fix the alias.`
        );
    }
    if (!current) {
        writePackageAlias(r.root, PACKAGE_NAME, packageId);
        r.note(
            `recorded "${PACKAGE_NAME}": "${packageId}" in sfdx-project.json packageAliases (the entry sf package create writes; commit it)`
        );
    }
}

/**
 * `sf package version create` for the package, as release and org verification run it.
 * @param {string | undefined} devHub
 * @returns {Command}
 */
export function packageVersionCreateCommand(devHub) {
    return {
        cmd: 'sf',
        args: [
            'package',
            'version',
            'create',
            '--package',
            PACKAGE_NAME,
            '--installation-key-bypass',
            '--code-coverage',
            '--definition-file',
            'config/project-scratch-def.json',
            '--wait',
            '60',
            ...devHubArgs(devHub),
            '--json'
        ],
        env: { [NO_AUTOUPDATE_ENV]: 'true' }
    };
}

/**
 * Checks a `package version create` result and returns its 04t id and version numbers.
 * @param {any} result the `result` of the JSON answer
 * @returns {{ subscriberPackageVersionId: string, versionNumber: string, alias: string }}
 */
export function readVersionCreateResult(result) {
    if (!result || result.Status !== 'Success') {
        const errors = Array.isArray(result?.Error) ? result.Error.join('\n  ') : '';
        throw new StepFailure(
            `package version create ended with status ${result?.Status ?? '(none)'}${errors ? `:\n  ${errors}` : ''}`
        );
    }
    const id = String(result.SubscriberPackageVersionId ?? '');
    if (!/^04t[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(id))
        throw new StepFailure(
            `package version create returned no subscriber package version id (04t…): ${JSON.stringify(result.SubscriberPackageVersionId)}`
        );
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(String(result.VersionNumber ?? ''));
    if (!m)
        throw new StepFailure(
            `package version create returned no version number (major.minor.patch.build): ${JSON.stringify(result.VersionNumber)}; see sf package version report --package ${id}`
        );
    return {
        subscriberPackageVersionId: id,
        versionNumber: m.slice(1).join('.'),
        alias: `${PACKAGE_NAME}@${m[1]}.${m[2]}.${m[3]}-${m[4]}`
    };
}

/**
 * Install links of a package version.
 * @param {string} id 04t…
 */
export function installLinks(id) {
    return {
        production: `https://login.salesforce.com/packaging/installPackage.apexp?p0=${id}`,
        sandbox: `https://test.salesforce.com/packaging/installPackage.apexp?p0=${id}`
    };
}

/**
 * Runs a script's main function: prints failures and sets the exit status (2 usage, 1 failure).
 * @param {string} name
 * @param {() => Promise<number> | number} main
 */
export function runMain(name, main) {
    Promise.resolve()
        .then(main)
        .then(
            (code) => {
                process.exitCode = code;
            },
            (e) => {
                if (e instanceof UsageError) {
                    console.error(`${name}: ${e.message}`);
                    process.exitCode = 2;
                } else if (e instanceof StepFailure) {
                    console.error(`\n✖ ${name}: ${e.message}`);
                    process.exitCode = 1;
                } else {
                    console.error(`\n✖ ${name}: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : e}`);
                    process.exitCode = 1;
                }
            }
        );
}
