// npm run configure: the connection project of one Diamy instance, proven offline — its structure, every
// metadata file against the Metadata API schema, the host substituted everywhere, strict input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { PLACEHOLDER_HOST, enforceTrustedUrlDirectives, generateConnection, substituteHost, validateHost, validateInstance } from '../configure.mjs';
import { validateFiles } from '../lib/metadata/validate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'configure.mjs');

const EXPECTED_FILES = [
    '.diamy-connection.json',
    '1-credentials/cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml',
    '1-credentials/cspTrustedSites/Diamy_Instance_WebSocket.cspTrustedSite-meta.xml',
    '1-credentials/externalCredentials/Diamy.externalCredential-meta.xml',
    '1-credentials/externalServiceRegistrations/Diamy_Agent_Sessions.externalServiceRegistration-meta.xml',
    '1-credentials/namedCredentials/Diamy_API.namedCredential-meta.xml',
    '2-agent-session/flows/Diamy_Agent_Session.flow-meta.xml',
    '2-agent-session/permissionsets/Diamy_Connection.permissionset-meta.xml',
    '3-open-cti/callCenters/Diamy_Click_To_Dial.callCenter-meta.xml',
    'README.md',
    'sfdx-project.json'
];

/** A fresh temporary folder, removed when the test ends. */
function tempDir(t) {
    const dir = mkdtempSync(path.join(tmpdir(), 'diamy-configure-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
}

/** Runs the configure CLI. */
function cli(args, env = {}) {
    const result = spawnSync(process.execPath, [SCRIPT, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: '', ...env }
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => ['namedCredentialParameters', 'externalCredentialParameters'].includes(name)
});
/** @param {string} file */
const xml = (file) => parser.parse(readFileSync(file, 'utf8'));

test('generates a standalone SFDX project: three package directories in deployment order (the third optional), no package, the main sourceApiVersion', (t) => {
    const out = path.join(tempDir(t), 'acme');
    const result = generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    assert.equal(result.host, 'acme.diamy.fr');
    assert.equal(result.outDir, out);
    assert.deepEqual(result.files, EXPECTED_FILES);
    const project = JSON.parse(readFileSync(path.join(out, 'sfdx-project.json'), 'utf8'));
    const main = JSON.parse(readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8'));
    assert.deepEqual(project.packageDirectories, [
        { path: '1-credentials', default: true },
        { path: '2-agent-session', default: false },
        { path: '3-open-cti', default: false }
    ]);
    assert.equal(project.sourceApiVersion, main.sourceApiVersion);
    assert.equal(project.packageAliases, undefined);
    assert.ok(project.packageDirectories.every((/** @type {object} */ d) => !('package' in d) && !('versionNumber' in d)));
    // Everything except the host is the template, untouched.
    for (const [template, dir] of [
        [
            'connection/agent-session/flows/Diamy_Agent_Session.flow-meta.xml',
            '2-agent-session/flows/Diamy_Agent_Session.flow-meta.xml'
        ],
        [
            'connection/agent-session/permissionsets/Diamy_Connection.permissionset-meta.xml',
            '2-agent-session/permissionsets/Diamy_Connection.permissionset-meta.xml'
        ],
        [
            'connection/credentials/externalServiceRegistrations/Diamy_Agent_Sessions.externalServiceRegistration-meta.xml',
            '1-credentials/externalServiceRegistrations/Diamy_Agent_Sessions.externalServiceRegistration-meta.xml'
        ],
        [
            'connection/open-cti/callCenters/Diamy_Click_To_Dial.callCenter-meta.xml',
            '3-open-cti/callCenters/Diamy_Click_To_Dial.callCenter-meta.xml'
        ]
    ]) {
        assert.equal(readFileSync(path.join(out, dir), 'utf8'), readFileSync(path.join(ROOT, template), 'utf8'), dir);
    }
});

test('every generated metadata file validates against the Metadata API schema', async (t) => {
    const out = path.join(tempDir(t), 'acme');
    const { files } = generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const metadata = files.filter((f) => f.endsWith('-meta.xml')).map((f) => path.join(out, f));
    assert.equal(metadata.length, 8);
    const { errors, fileCount } = await validateFiles(metadata, { cwd: out });
    assert.deepEqual(errors, []);
    assert.equal(fileCount, 8);
});

test('the host replaces the placeholder everywhere: https and wss Trusted URLs, Named Credential URL, token URL', (t) => {
    const out = path.join(tempDir(t), 'acme');
    const { files } = generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const cred = path.join(out, '1-credentials');
    assert.equal(
        xml(path.join(cred, 'cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml')).CspTrustedSite.endpointUrl,
        'https://acme.diamy.fr'
    );
    assert.equal(
        xml(path.join(cred, 'cspTrustedSites/Diamy_Instance_WebSocket.cspTrustedSite-meta.xml')).CspTrustedSite.endpointUrl,
        'wss://acme.diamy.fr'
    );
    const nc = xml(path.join(cred, 'namedCredentials/Diamy_API.namedCredential-meta.xml')).NamedCredential;
    assert.equal(
        nc.namedCredentialParameters.find((/** @type {any} */ p) => p.parameterName === 'Url').parameterValue,
        'https://acme.diamy.fr'
    );
    const ec = xml(path.join(cred, 'externalCredentials/Diamy.externalCredential-meta.xml')).ExternalCredential;
    assert.equal(
        ec.externalCredentialParameters.find((/** @type {any} */ p) => p.parameterName === 'AuthProviderUrl').parameterValue,
        'https://acme.diamy.fr/v2/oauth/token'
    );
    for (const f of files)
        assert.ok(!readFileSync(path.join(out, f), 'utf8').includes(PLACEHOLDER_HOST), `${f} still contains ${PLACEHOLDER_HOST}`);
    // The template does contain it (else this test proves nothing), and its "replace the placeholder" sentences are gone.
    assert.ok(
        readFileSync(
            path.join(ROOT, 'connection/credentials/namedCredentials/Diamy_API.namedCredential-meta.xml'),
            'utf8'
        ).includes(PLACEHOLDER_HOST)
    );
    for (const f of files) assert.doesNotMatch(readFileSync(path.join(out, f), 'utf8'), /placeholder/i, f);
});

test('Trusted URLs: the https origin serves connect-src and media-src (recordings), the wss origin connect-src only, nothing else', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const cred = path.join(out, '1-credentials', 'cspTrustedSites');
    const directives = (name) => {
        const site = xml(path.join(cred, `${name}.cspTrustedSite-meta.xml`)).CspTrustedSite;
        return Object.fromEntries(Object.entries(site).filter(([key]) => key.startsWith('isApplicableTo') || key.startsWith('canAccess')).map(([key, value]) => [key, String(value)]));
    };
    const off = { canAccessCamera: 'false', canAccessMicrophone: 'false', isApplicableToFontSrc: 'false', isApplicableToFrameSrc: 'false', isApplicableToImgSrc: 'false', isApplicableToStyleSrc: 'false' };
    assert.deepEqual(directives('Diamy_Instance'), { ...off, isApplicableToConnectSrc: 'true', isApplicableToMediaSrc: 'true' });
    assert.deepEqual(directives('Diamy_Instance_WebSocket'), { ...off, isApplicableToConnectSrc: 'true', isApplicableToMediaSrc: 'false' });
    // The generator sets them whatever the template says, and refuses a Trusted URL it does not know.
    const drifted = readFileSync(path.join(ROOT, 'connection/credentials/cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml'), 'utf8')
        .replace('<isApplicableToMediaSrc>true</isApplicableToMediaSrc>', '<isApplicableToMediaSrc>false</isApplicableToMediaSrc>')
        .replace('<isApplicableToFrameSrc>false</isApplicableToFrameSrc>', '<isApplicableToFrameSrc>true</isApplicableToFrameSrc>');
    const fixed = enforceTrustedUrlDirectives('cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml', drifted);
    assert.match(fixed, /<isApplicableToMediaSrc>true<\/isApplicableToMediaSrc>/);
    assert.match(fixed, /<isApplicableToFrameSrc>false<\/isApplicableToFrameSrc>/);
    assert.throws(() => enforceTrustedUrlDirectives('cspTrustedSites/Other.cspTrustedSite-meta.xml', drifted), /Trusted URL Other has no directives/);
    assert.throws(() => enforceTrustedUrlDirectives('cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml', '<CspTrustedSite/>'), /has no <isApplicableToConnectSrc>|has no <isApplicableTo/);
    assert.equal(enforceTrustedUrlDirectives('namedCredentials/Diamy_API.namedCredential-meta.xml', 'unchanged'), 'unchanged');
});

test('--host with a port reaches every URL and still validates', async (t) => {
    const out = path.join(tempDir(t), 'acme');
    const { stdout, status, stderr } = cli(['--instance', 'acme', '--host', 'telephonie.acme-corp.example:8443', '--out', out]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /https:\/\/telephonie\.acme-corp\.example:8443/);
    const cred = path.join(out, '1-credentials');
    assert.equal(
        xml(path.join(cred, 'cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml')).CspTrustedSite.endpointUrl,
        'https://telephonie.acme-corp.example:8443'
    );
    assert.equal(
        xml(path.join(cred, 'cspTrustedSites/Diamy_Instance_WebSocket.cspTrustedSite-meta.xml')).CspTrustedSite.endpointUrl,
        'wss://telephonie.acme-corp.example:8443'
    );
    const ec = xml(path.join(cred, 'externalCredentials/Diamy.externalCredential-meta.xml')).ExternalCredential;
    assert.equal(
        ec.externalCredentialParameters.find((/** @type {any} */ p) => p.parameterName === 'AuthProviderUrl').parameterValue,
        'https://telephonie.acme-corp.example:8443/v2/oauth/token'
    );
    const nc = xml(path.join(cred, 'namedCredentials/Diamy_API.namedCredential-meta.xml')).NamedCredential;
    assert.equal(
        nc.namedCredentialParameters.find((/** @type {any} */ p) => p.parameterName === 'Url').parameterValue,
        'https://telephonie.acme-corp.example:8443'
    );
    const metadata = EXPECTED_FILES.filter((f) => f.endsWith('-meta.xml')).map((f) => path.join(out, f));
    assert.deepEqual((await validateFiles(metadata, { cwd: out })).errors, []);
});

test('the CLI prints the files, the placeholder check and the deploy commands in order; the README says them in English and French', (t) => {
    const out = path.join(tempDir(t), 'acme');
    const { status, stdout, stderr } = cli(['--instance', 'acme', '--out', out]);
    assert.equal(status, 0, stderr);
    assert.match(stdout, new RegExp(`no file contains ${PLACEHOLDER_HOST.replace(/\./g, '\\.')}`));
    const step1 = stdout.indexOf('sf project deploy start --source-dir 1-credentials --target-org <alias>');
    const step2 = stdout.indexOf('sf project deploy start --source-dir 2-agent-session --target-org <alias>');
    assert.ok(step1 > 0 && step2 > step1, stdout);
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    const r1 = readme.indexOf('sf project deploy start --source-dir 1-credentials --target-org <alias>');
    const r2 = readme.indexOf('sf project deploy start --source-dir 2-agent-session --target-org <alias>');
    assert.ok(r1 > 0 && r2 > r1);
    assert.match(readme, /## English/);
    assert.match(readme, /## Français/);
    assert.match(readme, /Setup → Named Credentials → External Credentials → \*\*Diamy\*\* → Principals → \*\*Diamy_Org\*\*/);
    assert.match(readme, /client id and client secret/);
    assert.match(readme, /Diamy Connection\*\* to every user who has \*\*Diamy Agent\*\* or \*\*Diamy Admin\*\*/);
    assert.match(readme, /identifiant client et le secret client/);
    assert.match(readme, /acme\.diamy\.fr/);
    // The Open CTI step is offered as optional, after the two required ones, never among the printed required commands.
    const open = 'sf project deploy start --source-dir 3-open-cti --target-org <alias>';
    assert.ok(!stdout.includes(open), stdout);
    assert.match(stdout, /Optional: 3-open-cti\/ adds native click-to-dial/);
    assert.ok(readme.indexOf(open) > r2, 'README: the optional step comes after the required ones');
    assert.match(readme, /### Optional: native click-to-dial through Open CTI/);
    assert.match(readme, /### Facultatif : le click-to-dial natif par Open CTI/);
    assert.match(readme, /February 28, 2028/);
    assert.match(readme, /28 février 2028/);
    assert.match(readme, /Manage Call Center Users/);
});

test('the External Credential asks Diamy for the org token with the one scope agent_sessions:create (AuthParameter Scope)', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    for (const file of [
        path.join(ROOT, 'connection/credentials/externalCredentials/Diamy.externalCredential-meta.xml'),
        path.join(out, '1-credentials/externalCredentials/Diamy.externalCredential-meta.xml')
    ]) {
        const ec = xml(file).ExternalCredential;
        assert.equal(ec.authenticationProtocol, 'Oauth');
        assert.equal(ec.externalCredentialParameters.find((/** @type {any} */ p) => p.parameterType === 'AuthProtocolVariant').parameterValue, 'ClientCredentialsClientSecret');
        const scopes = ec.externalCredentialParameters.filter((/** @type {any} */ p) => p.parameterName === 'Scope');
        assert.equal(scopes.length, 1, file);
        assert.equal(scopes[0].parameterType, 'AuthParameter', file);
        // Exactly this scope: no calls:read, no users:read (the client-credentials default of Diamy).
        assert.equal(scopes[0].parameterValue, 'agent_sessions:create', file);
    }
});

test('the README tells the admin what to ask Diamy for: a client bound to this org, with only agent_sessions:create (English and French)', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    const [english, french] = readme.split('## Français');
    assert.match(english, /agent_sessions:create/);
    assert.match(english, /Organization ID/);
    assert.match(english, /Setup → Company Information/);
    assert.match(english, /bound to this org/);
    assert.match(french, /agent_sessions:create/);
    assert.match(french, /ID d'organisation/);
    assert.match(french, /Informations sur la société/);
    assert.match(french, /liée à cette org/);
    // Step 1 comes before entering the id and secret.
    assert.ok(english.indexOf('agent_sessions:create') < english.indexOf('client id and client secret'));
});

test('the default out dir is build/diamy-connection-<instance> of the project; re-running replaces it', (t) => {
    const root = tempDir(t);
    for (const entry of ['sfdx-project.json', 'connection'])
        cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
    const out = path.join(root, 'build', 'diamy-connection-acme');
    assert.equal(cli(['--instance', 'acme'], { DIAMY_PROJECT_ROOT: root }).status, 0);
    assert.ok(existsSync(path.join(out, 'sfdx-project.json')));
    writeFileSync(path.join(out, '1-credentials', 'stale.txt'), 'from an earlier run');
    const again = cli(['--instance', 'acme', '--host', 'other.diamy.fr'], { DIAMY_PROJECT_ROOT: root });
    assert.equal(again.status, 0, again.stderr);
    assert.ok(!existsSync(path.join(out, '1-credentials', 'stale.txt')));
    assert.match(
        readFileSync(path.join(out, '1-credentials/cspTrustedSites/Diamy_Instance.cspTrustedSite-meta.xml'), 'utf8'),
        /https:\/\/other\.diamy\.fr</
    );
});

test('refuses to replace a folder configure did not generate', (t) => {
    const out = tempDir(t);
    writeFileSync(path.join(out, 'precious.txt'), 'keep me');
    const { status, stderr } = cli(['--instance', 'acme', '--out', out]);
    assert.equal(status, 2);
    assert.match(stderr, /refusing to replace/);
    assert.equal(readFileSync(path.join(out, 'precious.txt'), 'utf8'), 'keep me');
    const intoProject = cli(['--instance', 'acme', '--out', ROOT]);
    assert.equal(intoProject.status, 2);
    assert.match(intoProject.stderr, /is the project or one of its parent folders/);
});

for (const [label, instance] of [
    ['uppercase', 'Acme'],
    ['an underscore', 'ac_me'],
    ['64 characters', 'a'.repeat(64)],
    ['a leading hyphen', '-acme'],
    ['a dot', 'acme.fr'],
    ['an ampersand', 'a&b'],
    ['an empty name', '']
]) {
    test(`the CLI refuses an instance with ${label} (exit 2) and writes nothing`, (t) => {
        const out = path.join(tempDir(t), 'out');
        const { status, stderr } = cli([`--instance=${instance}`, '--out', out]);
        assert.equal(status, 2, stderr);
        assert.match(stderr, /^configure: (invalid instance|--instance is required)/);
        assert.ok(!existsSync(out));
    });
}

for (const [label, host] of [
    ['a path', 'acme.diamy.fr/x'],
    ['a scheme', 'https://acme.diamy.fr'],
    ['an ampersand', 'a&b'],
    ['XML markup', 'acme.diamy.fr<x>'],
    ['a quote', 'acme.diamy.fr"'],
    ['user info', 'user@acme.diamy.fr'],
    ['whitespace', 'acme .diamy.fr'],
    ['no dot', 'acme'],
    ['uppercase', 'Acme.diamy.fr'],
    ['an underscore', 'ac_me.diamy.fr'],
    ['a 64-character label', `${'a'.repeat(64)}.diamy.fr`],
    ['port 0', 'acme.diamy.fr:0'],
    ['port 70000', 'acme.diamy.fr:70000'],
    ['an empty port', 'acme.diamy.fr:'],
    ['an IPv4 address', '10.0.0.1'],
    ['an empty host', '']
]) {
    test(`the CLI refuses a host with ${label} (exit 2) and writes nothing`, (t) => {
        const out = path.join(tempDir(t), 'out');
        const { status, stderr } = cli(['--instance', 'acme', `--host=${host}`, '--out', out]);
        assert.equal(status, 2, stderr);
        assert.match(stderr, /^configure: (invalid host|--host is empty)/);
        assert.ok(!existsSync(out));
    });
}

test('the CLI refuses a missing --instance and unknown options (exit 2)', () => {
    assert.equal(cli([]).status, 2);
    assert.match(cli([]).stderr, /--instance is required/);
    const unknown = cli(['--instance', 'acme', '--hots', 'x.fr']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown option '--hots'/);
});

test('validateInstance / validateHost accept DNS names with an optional port', () => {
    for (const ok of ['a', 'acme', 'acme-2', `${'a'.repeat(63)}`]) assert.equal(validateInstance(ok), ok);
    for (const ok of ['acme.diamy.fr', 'acme.diamy.fr:443', 'a-b.c-d.example.com:65535', 'x1.io'])
        assert.equal(validateHost(ok), ok);
});

test('substituteHost drops only the description sentences about the placeholder', () => {
    const text = `<a><description>Diamy instance. PLACEHOLDER: replace ${PLACEHOLDER_HOST} after install. Keep this.</description><endpointUrl>https://${PLACEHOLDER_HOST}</endpointUrl></a>`;
    assert.equal(
        substituteHost(text, 'acme.diamy.fr'),
        '<a><description>Diamy instance. Keep this.</description><endpointUrl>https://acme.diamy.fr</endpointUrl></a>'
    );
});

test('a generated project can be made from a copy of the template in a temporary project', (t) => {
    const root = tempDir(t);
    mkdirSync(path.join(root, 'connection'), { recursive: true });
    cpSync(path.join(ROOT, 'connection'), path.join(root, 'connection'), { recursive: true });
    writeFileSync(
        path.join(root, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app' }], sourceApiVersion: '65.0' })
    );
    const { outDir } = generateConnection({ instance: 'beta', root });
    assert.equal(outDir, path.join(root, 'build', 'diamy-connection-beta'));
    assert.equal(JSON.parse(readFileSync(path.join(outDir, 'sfdx-project.json'), 'utf8')).sourceApiVersion, '65.0');
});
