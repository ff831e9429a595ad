// npm run org:verify and npm run release against a fake `sf` (scripts/tests/fixtures/fake-sf/sf) first on
// PATH: the exact command sequence and flags, stopping at the first failure with a non-zero exit, the
// package alias written into a temporary copy of sfdx-project.json, the install links. npm is never run:
// the runs use --skip-build, and --dry-run shows that the build is in the plan without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowTestFailures, flowsWithTests } from '../org-verify.mjs';
import { ORG_CHECKLIST } from '../lib/org-checklist.mjs';
import { readVersionCreateResult, shellQuote, writePackageAlias } from '../lib/sf-cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FAKE_SF_DIR = path.join(ROOT, 'scripts', 'tests', 'fixtures', 'fake-sf');
const PACKAGE_ID = '0HoFAKE00000000001';
const VERSION_ID = '04tFAKE00000000001';
const REAL_PROJECT_JSON = readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8');

/** A temporary copy of the project (what the scripts read and write), removed when the test ends. */
function tempProject(t) {
    const dir = mkdtempSync(path.join(tmpdir(), 'diamy-org-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const entry of ['sfdx-project.json', 'config', 'org-tests', 'connection'])
        cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    return dir;
}

/**
 * Runs a script with the fake sf first on PATH. Returns its exit status, output and the logged sf calls.
 * @param {import('node:test').TestContext} t
 * @param {string} script
 * @param {string[]} args
 * @param {{ scenario?: string, pathDirs?: string[] }} [options]
 */
function run(t, script, args, options = {}) {
    const root = tempProject(t);
    const log = path.join(root, 'sf-calls.jsonl');
    const pathDirs = options.pathDirs ?? [FAKE_SF_DIR, ...(process.env.PATH ?? '').split(path.delimiter)];
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
            ...process.env,
            PATH: pathDirs.join(path.delimiter),
            DIAMY_PROJECT_ROOT: root,
            FAKE_SF_LOG: log,
            FAKE_SF_SCENARIO: options.scenario ?? ''
        }
    });
    const calls = existsSync(log)
        ? readFileSync(log, 'utf8')
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line))
        : [];
    return {
        root,
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        output: `${result.stdout}${result.stderr}`,
        calls,
        argv: calls.map((c) => c.argv)
    };
}

const FLOWS = [
    'Diamy_Account_Phone_Keys',
    'Diamy_Call_Anonymized_Blank',
    'Diamy_Call_Converted_Lead',
    'Diamy_Call_Follow_Up',
    'Diamy_Call_Follow_Up_Request',
    'Diamy_Call_List_Result',
    'Diamy_Call_Log_Activity',
    'Diamy_Contact_Phone_Keys',
    'Diamy_Lead_Converted_Calls',
    'Diamy_Lead_Converted_Source_Call',
    'Diamy_Lead_Phone_Keys',
    'Diamy_Opportunity_Source_Call',
    'Diamy_Task_Follow_Up_Closed'
];
const org = ['--target-org', 'diamy-verify'];
const deploy = (dir) => ['project', 'deploy', 'start', '--source-dir', dir, ...org, '--wait', '60', '--json'];
const VERSION_CREATE = [
    'package',
    'version',
    'create',
    '--package',
    'Diamy for Salesforce',
    '--installation-key-bypass',
    '--code-coverage',
    '--definition-file',
    'config/project-scratch-def.json',
    '--wait',
    '60',
    '--target-dev-hub',
    'devhub',
    '--json'
];
const VERIFY_START = [
    ['--version'],
    [
        'org',
        'create',
        'scratch',
        '--definition-file',
        'config/project-scratch-def.json',
        '--alias',
        'diamy-verify',
        '--duration-days',
        '1',
        '--wait',
        '30',
        '--target-dev-hub',
        'devhub',
        '--json'
    ],
    deploy('force-app'),
    deploy('1-credentials'),
    deploy('2-agent-session'),
    deploy('org-tests'),
    [
        'org',
        'assign',
        'permset',
        '--name',
        'Diamy_Admin',
        '--name',
        'Diamy_Agent',
        '--name',
        'Diamy_Connection',
        ...org,
        '--json'
    ],
    ...FLOWS.map((flow) => ['flow', 'run', 'test', '--class-names', flow, '--synchronous', ...org, '--json'])
];
const DELETE_SCRATCH = ['org', 'delete', 'scratch', ...org, '--no-prompt', '--json'];

test('the fake sf is an executable Node script', () => {
    accessSync(path.join(FAKE_SF_DIR, 'sf'), constants.X_OK);
});

test('the FlowTests to run are found from org-tests/ (one run per flow)', () => {
    assert.deepEqual(flowsWithTests(ROOT), FLOWS);
});

test('org:verify runs every step in order against the scratch org, with the connection deployed from its own project', (t) => {
    const r = run(t, 'org-verify.mjs', ['--target-dev-hub', 'devhub', '--skip-build']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.argv, [
        ...VERIFY_START,
        ['package', 'list', '--target-dev-hub', 'devhub', '--json'],
        VERSION_CREATE,
        DELETE_SCRATCH
    ]);
    // The connection steps run inside the generated project; everything else in the project root.
    const connection = path.join(r.root, 'build', 'diamy-connection-verify');
    assert.deepEqual(
        r.calls.map((c) => path.relative(r.root, c.cwd)),
        r.argv.map((a) => (a.includes('1-credentials') || a.includes('2-agent-session') ? path.relative(r.root, connection) : ''))
    );
    assert.match(
        readFileSync(path.join(connection, '1-credentials/cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml'), 'utf8'),
        /https:\/\/verify\.diamy\.fr</
    );
    // The CLI must not write the validation build's alias into sfdx-project.json…
    assert.equal(r.calls.find((c) => c.argv[2] === 'create' && c.argv[0] === 'package').noAutoupdate, 'true');
    // …and org:verify records only the package's 0Ho alias that version create needs.
    assert.deepEqual(JSON.parse(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8')).packageAliases, {
        'Diamy for Salesforce': PACKAGE_ID
    });
    assert.match(r.stdout, /Diamy_Call_Follow_Up: 1 passed/);
    assert.match(r.stdout, new RegExp(`built Diamy for Salesforce@0\\.1\\.0-3 = ${VERSION_ID}`));
    assert.match(r.stdout, /✔ The FlowTests of org-tests\/ pass against the real flows\.\n\s+confirmed by this run/);
    assert.match(r.stdout, /☐ The integration user can upsert by Diamy_Call_Id__c/);
    assert.match(r.stdout, /✔ org:verify: every step passed/);
    assert.equal(readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8'), REAL_PROJECT_JSON);
});

test('org:verify fails on a failing FlowTest: exit 1, no package build, the scratch org is still deleted', (t) => {
    const r = run(t, 'org-verify.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], { scenario: 'flow-test-fails' });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv, [...VERIFY_START, DELETE_SCRATCH]);
    assert.match(
        r.stderr,
        /FlowTests failed:\n\s+Diamy_Call_Follow_Up\.Diamy_Call_Follow_Up_Test: Fail — Assertion failed: a voicemail stages a follow-up/
    );
    assert.match(r.stdout, /☐ The FlowTests of org-tests\/ pass against the real flows\. \(step flow-tests: failed\)/);
    assert.doesNotMatch(r.stdout, /every step passed/);
});

test('org:verify stops at the first failing deployment and names the failing file', (t) => {
    const r = run(t, 'org-verify.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], { scenario: 'deploy-fails:force-app' });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv, [...VERIFY_START.slice(0, 3), DELETE_SCRATCH]);
    assert.match(
        r.stderr,
        /deploy of force-app failed:\nFailedDeployError: Deploy failed\.\n\s+force-app\/flows\/Broken\.flow-meta\.xml:3: fake failure/
    );
    assert.ok(!existsSync(path.join(r.root, 'build')), 'no connection generated after the failure');
});

test('org:verify stops when the connection step 1 fails, before step 2', (t) => {
    const r = run(t, 'org-verify.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], {
        scenario: 'deploy-fails:1-credentials'
    });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv, [...VERIFY_START.slice(0, 4), DELETE_SCRATCH]);
});

test('org:verify --keep without the package in the Dev Hub: skips the version build, says how to create the package, keeps the org', (t) => {
    const r = run(
        t,
        'org-verify.mjs',
        ['--target-dev-hub', 'devhub', '--skip-build', '--keep', '--alias', 'dv', '--instance', 'acme'],
        { scenario: 'no-package' }
    );
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.argv, [
        ['--version'],
        [
            'org',
            'create',
            'scratch',
            '--definition-file',
            'config/project-scratch-def.json',
            '--alias',
            'dv',
            '--duration-days',
            '7',
            '--wait',
            '30',
            '--target-dev-hub',
            'devhub',
            '--json'
        ],
        ...VERIFY_START.slice(2).map((a) => a.map((x) => (x === 'diamy-verify' ? 'dv' : x))),
        ['package', 'list', '--target-dev-hub', 'devhub', '--json']
    ]);
    assert.ok(!r.argv.some((a) => a.includes('delete')));
    assert.match(r.stdout, /SKIPPED: the Dev Hub has no package "Diamy for Salesforce"/);
    assert.match(
        r.stdout,
        /sf package create --name 'Diamy for Salesforce' --package-type Unlocked --path force-app --no-namespace --target-dev-hub devhub/
    );
    assert.match(r.stdout, /keeping the scratch org dv/);
    assert.match(r.stdout, /\(step package-version: skipped\)/);
    assert.ok(existsSync(path.join(r.root, 'build', 'diamy-connection-acme', 'sfdx-project.json')));
    assert.deepEqual(JSON.parse(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8')).packageAliases, {});
});

test('org:verify --dry-run prints every command, the build included, and runs nothing', (t) => {
    const r = run(t, 'org-verify.mjs', ['--dry-run', '--target-dev-hub', 'devhub']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.calls, []);
    const commands = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('  $ '))
        .map((l) => l.slice(4));
    assert.deepEqual(commands, [
        'sf --version',
        'npm run build',
        ...VERIFY_START.slice(1, 3).map((a) => `sf ${a.map(shellQuote).join(' ')}`),
        ...VERIFY_START.slice(3, 5).map((a) => `(cd build/diamy-connection-verify && sf ${a.map(shellQuote).join(' ')})`),
        ...VERIFY_START.slice(5).map((a) => `sf ${a.map(shellQuote).join(' ')}`),
        'sf package list --target-dev-hub devhub --json',
        `SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_VERSION_CREATE=true sf ${VERSION_CREATE.map(shellQuote).join(' ')}`,
        `sf ${DELETE_SCRATCH.join(' ')}`
    ]);
    assert.ok(!existsSync(path.join(r.root, 'build')), 'a dry run generates nothing');
    assert.match(r.stdout, /What only an org can confirm:/);
    assert.doesNotMatch(r.stdout, /✔ The/);
    const skipBuild = run(t, 'org-verify.mjs', ['--dry-run', '--skip-build']);
    assert.equal(skipBuild.status, 0);
    assert.doesNotMatch(skipBuild.stdout, /npm run build/);
});

test('org:verify without sf on PATH says how to install it', (t) => {
    const empty = mkdtempSync(path.join(tmpdir(), 'diamy-nosf-'));
    t.after(() => rmSync(empty, { recursive: true, force: true }));
    const r = run(t, 'org-verify.mjs', ['--skip-build'], { pathDirs: [empty] });
    assert.equal(r.status, 1, r.output);
    const major = Number(process.versions.node.split('.')[0]);
    assert.match(
        r.stderr,
        major >= 22 ? /npm install --global @salesforce\/cli/ : /npm install --global @salesforce\/cli@2\.146\.3/
    );
});

test('org:verify and release refuse unknown options (exit 2)', (t) => {
    for (const script of ['org-verify.mjs', 'release.mjs']) {
        const r = run(t, script, ['--dryrun']);
        assert.equal(r.status, 2, `${script}: ${r.output}`);
        assert.match(r.stderr, /Unknown option '--dryrun'/);
        assert.deepEqual(r.calls, []);
    }
});

const RELEASE_PROMOTE = [
    'package',
    'version',
    'promote',
    '--package',
    VERSION_ID,
    '--no-prompt',
    '--target-dev-hub',
    'devhub',
    '--json'
];

test('release builds, records the alias in the copy of sfdx-project.json (same formatting), promotes and prints the install links', (t) => {
    const r = run(t, 'release.mjs', ['--target-dev-hub', 'devhub', '--skip-build']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.argv, [
        ['--version'],
        ['package', 'list', '--target-dev-hub', 'devhub', '--json'],
        VERSION_CREATE,
        RELEASE_PROMOTE
    ]);
    assert.equal(r.calls[2].noAutoupdate, 'true');
    const expected = JSON.parse(REAL_PROJECT_JSON);
    expected.packageAliases = { 'Diamy for Salesforce': PACKAGE_ID, 'Diamy for Salesforce@0.1.0-3': VERSION_ID };
    assert.equal(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8'), `${JSON.stringify(expected, null, 2)}\n`);
    assert.match(r.stdout, new RegExp(`https://login\\.salesforce\\.com/packaging/installPackage\\.apexp\\?p0=${VERSION_ID}`));
    assert.match(r.stdout, new RegExp(`https://test\\.salesforce\\.com/packaging/installPackage\\.apexp\\?p0=${VERSION_ID}`));
    assert.match(r.stdout, /Diamy for Salesforce 0\.1\.0\.3 = 04tFAKE00000000001 \(promoted\)/);
    assert.equal(readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8'), REAL_PROJECT_JSON);
});

test('release --skip-promote records a beta version without promoting it', (t) => {
    const r = run(t, 'release.mjs', ['--target-dev-hub', 'devhub', '--skip-build', '--skip-promote']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.argv, [['--version'], ['package', 'list', '--target-dev-hub', 'devhub', '--json'], VERSION_CREATE]);
    assert.equal(
        JSON.parse(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8')).packageAliases['Diamy for Salesforce@0.1.0-3'],
        VERSION_ID
    );
    assert.match(r.stdout, /beta, not promoted/);
});

test('release stops when the version build fails: exit 1, no promote, no version alias', (t) => {
    const r = run(t, 'release.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], { scenario: 'version-create-fails' });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv, [['--version'], ['package', 'list', '--target-dev-hub', 'devhub', '--json'], VERSION_CREATE]);
    assert.match(r.stderr, /sf package version create failed:\nPackageVersionCreateError: Multiple errors occurred/);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8')).packageAliases), [
        'Diamy for Salesforce'
    ]);
});

test('release keeps the built version alias when the promotion fails (exit 1)', (t) => {
    const r = run(t, 'release.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], { scenario: 'promote-fails' });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv.at(-1), RELEASE_PROMOTE);
    assert.match(r.stderr, /promote it later with the same command/);
    assert.equal(
        JSON.parse(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8')).packageAliases['Diamy for Salesforce@0.1.0-3'],
        VERSION_ID
    );
    assert.doesNotMatch(r.stdout, /installPackage/);
});

test('release without the package in the Dev Hub says how to create it and builds nothing', (t) => {
    const r = run(t, 'release.mjs', ['--target-dev-hub', 'devhub', '--skip-build'], { scenario: 'no-package' });
    assert.equal(r.status, 1, r.output);
    assert.deepEqual(r.argv, [['--version'], ['package', 'list', '--target-dev-hub', 'devhub', '--json']]);
    assert.match(
        r.stderr,
        /sf package create --name 'Diamy for Salesforce' --package-type Unlocked --path force-app --no-namespace --target-dev-hub devhub/
    );
});

test('release refuses a package alias that points to another Dev Hub', (t) => {
    const root = tempProject(t);
    writePackageAlias(root, 'Diamy for Salesforce', '0HoELSEWHERE000001');
    const log = path.join(root, 'calls.jsonl');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'release.mjs'), '--skip-build'], {
        encoding: 'utf8',
        env: {
            ...process.env,
            PATH: [FAKE_SF_DIR, process.env.PATH].join(path.delimiter),
            DIAMY_PROJECT_ROOT: root,
            FAKE_SF_LOG: log
        }
    });
    assert.equal(result.status, 1);
    assert.match(
        result.stderr,
        /maps "Diamy for Salesforce" to 0HoELSEWHERE000001, but this Dev Hub's package is 0HoFAKE00000000001/
    );
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 2, 'stops after sf package list');
});

test('release --dry-run prints the plan, npm test included, runs nothing and leaves sfdx-project.json alone', (t) => {
    const r = run(t, 'release.mjs', ['--dry-run', '--target-dev-hub', 'devhub']);
    assert.equal(r.status, 0, r.output);
    assert.deepEqual(r.calls, []);
    const commands = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('  $ '))
        .map((l) => l.slice(4));
    assert.deepEqual(commands, [
        'sf --version',
        'npm test',
        'sf package list --target-dev-hub devhub --json',
        `SF_PROJECT_AUTOUPDATE_DISABLE_FOR_PACKAGE_VERSION_CREATE=true sf ${VERSION_CREATE.map(shellQuote).join(' ')}`,
        'sf package version promote --package <04t-from-version-create> --no-prompt --target-dev-hub devhub --json'
    ]);
    assert.equal(readFileSync(path.join(r.root, 'sfdx-project.json'), 'utf8'), REAL_PROJECT_JSON);
    assert.match(r.stdout, /installPackage\.apexp\?p0=<04t-from-version-create>/);
    const skipTests = run(t, 'release.mjs', ['--dry-run', '--skip-tests']);
    assert.match(skipTests.stdout, /\$ npm run build\n/);
    assert.doesNotMatch(skipTests.stdout, /\$ npm test/);
    const skipBuild = run(t, 'release.mjs', ['--dry-run', '--skip-build', '--skip-promote']);
    assert.doesNotMatch(skipBuild.stdout, /\$ npm/);
    assert.doesNotMatch(skipBuild.stdout, /promote --package/);
});

test('writePackageAlias keeps the file as sfdx-project.json is written (2-space JSON, final newline), 4 spaces too', (t) => {
    const root = tempProject(t);
    assert.equal(`${JSON.stringify(JSON.parse(REAL_PROJECT_JSON), null, 2)}\n`, REAL_PROJECT_JSON, 'the real file round-trips');
    assert.equal(writePackageAlias(root, 'Diamy for Salesforce@0.1.0-1', VERSION_ID), true);
    assert.equal(writePackageAlias(root, 'Diamy for Salesforce@0.1.0-1', VERSION_ID), false);
    const written = readFileSync(path.join(root, 'sfdx-project.json'), 'utf8');
    assert.equal(
        written,
        REAL_PROJECT_JSON.replace(
            '"packageAliases": {}',
            `"packageAliases": {\n    "Diamy for Salesforce@0.1.0-1": "${VERSION_ID}"\n  }`
        )
    );
    const four = mkdtempSync(path.join(tmpdir(), 'diamy-4sp-'));
    t.after(() => rmSync(four, { recursive: true, force: true }));
    const json = JSON.parse(REAL_PROJECT_JSON);
    writeFileSync(path.join(four, 'sfdx-project.json'), `${JSON.stringify(json, null, 4)}\n`);
    writePackageAlias(four, 'A', VERSION_ID);
    assert.equal(
        readFileSync(path.join(four, 'sfdx-project.json'), 'utf8'),
        `${JSON.stringify({ ...json, packageAliases: { A: VERSION_ID } }, null, 4)}\n`
    );
});

test('flowTestFailures: passes only a run where every test passed', () => {
    const ok = {
        status: 0,
        json: {
            result: {
                summary: { outcome: 'Passed', testsRan: 2, passing: 2, failing: 0 },
                tests: [{ Outcome: 'Pass' }, { Outcome: 'Pass' }]
            }
        }
    };
    assert.deepEqual(flowTestFailures('F', ok), []);
    assert.match(
        flowTestFailures('F', { status: 1, json: { name: 'X', message: 'View All Data required' } })[0],
        /F: no test results \(exit status 1: View All Data required\)/
    );
    assert.match(
        flowTestFailures('F', {
            status: 0,
            json: { result: { summary: { outcome: 'Passed', testsRan: 0, failing: 0 }, tests: [] } }
        })[0],
        /no FlowTest ran/
    );
    assert.match(
        flowTestFailures('F', {
            status: 100,
            json: { result: { summary: { outcome: 'Failed', testsRan: 1, failing: 1 }, tests: [] } }
        })[0],
        /outcome Failed/
    );
});

test('readVersionCreateResult: 04t id, version and alias; errors for a failed or incomplete build', () => {
    assert.deepEqual(
        readVersionCreateResult({ Status: 'Success', SubscriberPackageVersionId: VERSION_ID, VersionNumber: '1.2.3.4' }),
        {
            subscriberPackageVersionId: VERSION_ID,
            versionNumber: '1.2.3.4',
            alias: 'Diamy for Salesforce@1.2.3-4'
        }
    );
    assert.throws(() => readVersionCreateResult({ Status: 'Error', Error: ['boom'] }), /status Error:\n {2}boom/);
    assert.throws(
        () => readVersionCreateResult({ Status: 'Success', SubscriberPackageVersionId: null, VersionNumber: '1.2.3.4' }),
        /no subscriber package version id/
    );
    assert.throws(
        () => readVersionCreateResult({ Status: 'Success', SubscriberPackageVersionId: VERSION_ID }),
        /no version number/
    );
});

test('the org checklist names a step of org:verify or how to check by hand, for every item', () => {
    const steps = new Set(['package-version', 'flow-tests', 'connection-agent-session', 'deploy-package']);
    assert.ok(ORG_CHECKLIST.length >= 9);
    for (const item of ORG_CHECKLIST) {
        assert.ok(item.claim && item.check, item.id);
        if (item.confirmedBy) assert.ok(steps.has(item.confirmedBy), `${item.id}: unknown step ${item.confirmedBy}`);
    }
});
