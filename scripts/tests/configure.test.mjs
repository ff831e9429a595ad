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
import { PLACEHOLDER_HOST, SYNC_STEPS, enforceTrustedUrlDirectives, generateConnection, substituteHost, validateHost, validateInstance } from '../configure.mjs';
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
    '4-sync-app/externalClientApps/Diamy_Integration.eca-meta.xml',
    '4-sync-app/extlClntAppGlobalOauthSets/Diamy_Integration_glbloauth.ecaGlblOauth-meta.xml',
    '4-sync-app/extlClntAppOauthSettings/Diamy_Integration_oauth.ecaOauth-meta.xml',
    '5-sync-app-policies/extlClntAppOauthPolicies/Diamy_Integration_oauth_defaultPolicy.ecaOauthPlcy-meta.xml',
    '5-sync-app-policies/extlClntAppPolicies/Diamy_Integration_plcy.ecaPlcy-meta.xml',
    '6-matching-rules/matchingRules/Contact.matchingRule-meta.xml',
    '6-matching-rules/matchingRules/Lead.matchingRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Contact.Diamy_Contact_Email.duplicateRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Contact.Diamy_Contact_Name.duplicateRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Contact.Diamy_Contact_Phone.duplicateRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Lead.Diamy_Lead_Email.duplicateRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Lead.Diamy_Lead_Name.duplicateRule-meta.xml',
    '7-duplicate-rules/duplicateRules/Lead.Diamy_Lead_Phone.duplicateRule-meta.xml',
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

test('generates a standalone SFDX project: seven package directories in deployment order (all but the first two optional), no package, the main sourceApiVersion', (t) => {
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
        { path: '3-open-cti', default: false },
        { path: '4-sync-app', default: false },
        { path: '5-sync-app-policies', default: false },
        { path: '6-matching-rules', default: false },
        { path: '7-duplicate-rules', default: false }
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
    assert.equal(metadata.length, 21);
    const { errors, fileCount } = await validateFiles(metadata, { cwd: out });
    assert.deepEqual(errors, []);
    assert.equal(fileCount, 21);
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

// ------------------------------------------------------------------------------------------------ contact sync steps

test('the External Client App Diamy Integration: local, callback on the instance, scopes api + refresh_token + custom_permissions, no secret in any file', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const app = xml(path.join(out, '4-sync-app/externalClientApps/Diamy_Integration.eca-meta.xml')).ExternalClientApplication;
    assert.equal(app.label, 'Diamy Integration');
    assert.equal(app.distributionState, 'Local');
    assert.equal(app.contactEmail, undefined, 'no contact unless --contact-email');
    const global = xml(path.join(out, '4-sync-app/extlClntAppGlobalOauthSets/Diamy_Integration_glbloauth.ecaGlblOauth-meta.xml'))
        .ExtlClntAppGlobalOauthSettings;
    assert.equal(global.callbackUrl, 'https://acme.diamy.fr/api/integrations/salesforce/callback');
    assert.equal(global.externalClientApplication, 'Diamy_Integration');
    assert.equal(global.isConsumerSecretOptional, 'false');
    assert.equal(global.isClientCredentialsFlowEnabled, 'false');
    const oauth = xml(path.join(out, '4-sync-app/extlClntAppOauthSettings/Diamy_Integration_oauth.ecaOauth-meta.xml')).ExtlClntAppOauthSettings;
    assert.deepEqual(oauth.commaSeparatedOauthScopes.split(',').sort(), ['Api', 'CustomPermissions', 'RefreshToken']);
    // The consumer key and secret are generated by Salesforce at deployment and handed to Diamy by the admin: never metadata.
    for (const file of EXPECTED_FILES.filter((f) => /^[45]-/.test(f))) {
        const text = readFileSync(path.join(out, file), 'utf8');
        assert.doesNotMatch(text, /<consumerKey>|<consumerSecret>|<certificate>/, file);
    }
});

test('the app’s policies pre-authorise the packaged permission set Diamy Integration only, and enforce IP restrictions', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const policies = xml(
        path.join(out, '5-sync-app-policies/extlClntAppOauthPolicies/Diamy_Integration_oauth_defaultPolicy.ecaOauthPlcy-meta.xml')
    ).ExtlClntAppOauthConfigurablePolicies;
    assert.equal(policies.permittedUsersPolicyType, 'AdminApprovedPreAuthorized');
    assert.equal(policies.commaSeparatedPermissionSet, 'Diamy_Integration');
    assert.equal(policies.commaSeparatedProfile, undefined);
    assert.equal(policies.ipRelaxationPolicyType, 'Enforce');
    assert.equal(policies.isClientCredentialsFlowEnabled, 'false');
    const plugin = xml(path.join(out, '5-sync-app-policies/extlClntAppPolicies/Diamy_Integration_plcy.ecaPlcy-meta.xml'))
        .ExtlClntAppConfigurablePolicies;
    assert.equal(plugin.isOauthPluginEnabled, 'true');
    // The permission set it names is the package's.
    assert.ok(existsSync(path.join(ROOT, 'force-app/main/default/permissionsets/Diamy_Integration.permissionset-meta.xml')));
});

test('--contact-email goes into the app header; a bad address is refused (exit 2) and nothing is written', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, contactEmail: 'it-admin@acme.fr', root: ROOT });
    const header = readFileSync(path.join(out, '4-sync-app/externalClientApps/Diamy_Integration.eca-meta.xml'), 'utf8');
    assert.equal(xml(path.join(out, '4-sync-app/externalClientApps/Diamy_Integration.eca-meta.xml')).ExternalClientApplication.contactEmail, 'it-admin@acme.fr');
    assert.ok(header.indexOf('<contactEmail>') < header.indexOf('<description>'), 'contactEmail is the first element of the type');
    for (const bad of ['nobody', 'a@b', 'x@acme.fr<script>', 'x@acme.fr\n', 'a b@acme.fr']) {
        const other = path.join(tempDir(t), 'bad');
        const result = cli(['--instance', 'acme', '--contact-email', bad, '--out', other]);
        assert.equal(result.status, 2, bad);
        assert.match(result.stderr, /invalid --contact-email/);
        assert.ok(!existsSync(other), `${bad}: nothing written`);
    }
});

test('the sync steps are optional, in order (app, its policies, matching rules, duplicate rules), explained in English and French', (t) => {
    assert.deepEqual(SYNC_STEPS.map((s) => [s.dir, s.optional]), [
        ['4-sync-app', true],
        ['5-sync-app-policies', true],
        ['6-matching-rules', true],
        ['7-duplicate-rules', true]
    ]);
    const out = path.join(tempDir(t), 'acme');
    const { stdout, status } = cli(['--instance', 'acme', '--out', out]);
    assert.equal(status, 0);
    for (const step of SYNC_STEPS) assert.ok(!stdout.includes(`--source-dir ${step.dir}`), `${step.dir} is not a required command`);
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    const positions = SYNC_STEPS.map((s) => readme.indexOf(`sf project deploy start --source-dir ${s.dir} --target-org <alias>`));
    assert.ok(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1])), 'README: the four deployments in order');
    assert.match(readme, /https:\/\/acme\.diamy\.fr\/api\/integrations\/salesforce\/callback/);
    assert.match(readme, /Manage user data via APIs/);
    assert.match(readme, /Consumer Key and\s+Secret/);
    assert.match(readme, /Clé et secret du consommateur/);
    assert.match(readme, /### Synchronisation des contacts avec Diamy/);
    assert.match(readme, /six règles \*Diamy\* \*\*actives\*\*/);
    assert.match(readme, /connected app for Diamy/);
});

test('the duplicate rules name matching rules of the previous step, Allow with alert (the server decides), email rules across Contact and Lead', (t) => {
    const out = path.join(tempDir(t), 'acme');
    generateConnection({ instance: 'acme', outDir: out, root: ROOT });
    const rulesParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (n) => ['matchingRules', 'duplicateRuleMatchRules', 'matchingRuleItems', 'operationsOnInsert'].includes(n) });
    const matching = new Set(
        ['Contact', 'Lead'].flatMap((o) =>
            rulesParser
                .parse(readFileSync(path.join(out, `6-matching-rules/matchingRules/${o}.matchingRule-meta.xml`), 'utf8'))
                .MatchingRules.matchingRules.map((/** @type {any} */ r) => `${o}.${r.fullName}`)
        )
    );
    assert.equal(matching.size, 6);
    for (const file of EXPECTED_FILES.filter((f) => f.startsWith('7-'))) {
        const rule = rulesParser.parse(readFileSync(path.join(out, file), 'utf8')).DuplicateRule;
        assert.equal(rule.actionOnInsert, 'Allow', file);
        assert.equal(rule.actionOnUpdate, 'Allow', file);
        assert.deepEqual(rule.operationsOnInsert, ['Alert', 'Report'], file);
        for (const m of rule.duplicateRuleMatchRules)
            assert.ok(matching.has(`${m.matchRuleSObjectType}.${m.matchingRule}`), `${file}: ${m.matchingRule}`);
        const objects = rule.duplicateRuleMatchRules.map((/** @type {any} */ m) => m.matchRuleSObjectType).sort();
        assert.deepEqual(objects, file.includes('_Email') ? ['Contact', 'Lead'] : [path.basename(file).split('.')[0]], file);
    }
});
