// Self-tests of the gate's own checks: each must pass good input and fail bad input naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'scripts', 'tests', 'fixtures');

function run(script, ...args) {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const META = `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <isExposed>false</isExposed>
</LightningComponentBundle>
`;

/** A throwaway SFDX project: files maps relative paths to contents. */
function tempProject(files) {
    const dir = mkdtempSync(join(tmpdir(), 'diamy-gate-'));
    const all = {
        'sfdx-project.json': JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' }),
        '.forceignore': '**/lwc/**/*.ts\n**/__tests__/**\n',
        ...files
    };
    for (const [path, content] of Object.entries(all)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
    }
    return dir;
}

test('flow lint passes a clean flow', () => {
    const { status, output } = run('flow-scan.mjs', join(FIXTURES, 'flows', 'good'));
    assert.equal(status, 0, output);
    assert.match(output, /1 flows, 0 errors/);
});

test('flow lint fails on DML in a loop, a missing fault path and a hard-coded id, naming file and line', () => {
    const { status, output } = run('flow-scan.mjs', join(FIXTURES, 'flows', 'bad'));
    assert.equal(status, 1);
    assert.match(output, /Diamy_Bad_Loop\.flow-meta\.xml:\d+: \[error\] DMLStatementInLoop: Create_Task/);
    assert.match(output, /\[error\] MissingFaultPath: Get_Contacts/);
    assert.match(output, /\[error\] HardcodedId/);
});

test('the LWC compiler check names each broken bundle file', () => {
    const { status, output } = run('lwc-validate.mjs', join(FIXTURES, 'lwc'));
    assert.equal(status, 1);
    assert.match(output, /brokenTemplate\/brokenTemplate\.html:2: LWC1044/);
    assert.match(output, /loweredDecorators\/loweredDecorators\.js: decorators were lowered/);
    assert.match(output, /notBuilt\/notBuilt\.js: missing/);
    assert.doesNotMatch(output, /goodComponent/);
});

test('the LWC compiler check applies the platform rule for dynamic imports (capability, literal, not relative)', () => {
    const { status, output } = run('lwc-validate.mjs', join(FIXTURES, 'lwc'));
    assert.equal(status, 1);
    // import() without <capability>lightning__dynamicComponent</capability>; the one in a comment is not counted.
    assert.match(output, /dynamicWithoutCapability\/dynamicWithoutCapability\.js:3: import\(\) needs <capability>lightning__dynamicComponent<\/capability>.*\(source: https:\/\/developer\.salesforce\.com\//);
    assert.doesNotMatch(output, /dynamicWithoutCapability\.js:1:/);
    // With the capability: a string literal naming a module passes (line 3), a relative path does not (line 6).
    assert.match(output, /dynamicImporter\/dynamicImporter\.js:6: LWC1503 Dynamic import cannot be invoked with a relative path string/);
    assert.doesNotMatch(output, /dynamicImporter\.js:3:/);
    // A computed module name: the compiler's strict mode refuses it.
    assert.match(output, /dynamicComputed\/dynamicComputed\.js:3: .*LWC1121/);
});

test('conversion writes package.xml and keeps TypeScript and tests out of the deployable output', () => {
    const project = tempProject({
        'force-app/main/default/lwc/widget/widget.js-meta.xml': META,
        'force-app/main/default/lwc/widget/widget.ts': 'export const answer: number = 42;\n',
        'force-app/main/default/lwc/widget/widget.js': 'export const answer = 42;\n',
        'force-app/main/default/lwc/widget/__tests__/widget.test.ts': 'test("x", () => {});\n'
    });
    try {
        const { status, output } = run('convert.mjs', '--root', project);
        assert.equal(status, 0, output);
        assert.match(readFileSync(join(project, 'manifest', 'package.xml'), 'utf8'), /<members>widget<\/members>/);
        assert.ok(existsSync(join(project, 'mdapi', 'force-app', 'lwc', 'widget', 'widget.js')));
        assert.ok(!existsSync(join(project, 'mdapi', 'force-app', 'lwc', 'widget', 'widget.ts')));
    } finally {
        rmSync(project, { recursive: true, force: true });
    }
});

test('conversion fails when a bundle has no .js (not built)', () => {
    const project = tempProject({
        'force-app/main/default/lwc/widget/widget.js-meta.xml': META,
        'force-app/main/default/lwc/widget/widget.html': '<template><p>{answer}</p></template>\n'
    });
    try {
        const { status, output } = run('convert.mjs', '--root', project);
        assert.equal(status, 1);
        assert.match(output, /widget: bundle has no widget\.js/);
    } finally {
        rmSync(project, { recursive: true, force: true });
    }
});

test('conversion fails when .forceignore lets TypeScript leak into the package', () => {
    const project = tempProject({
        '.forceignore': '**/__tests__/**\n',
        'force-app/main/default/lwc/widget/widget.js-meta.xml': META,
        'force-app/main/default/lwc/widget/widget.ts': 'export const answer: number = 42;\n',
        'force-app/main/default/lwc/widget/widget.js': 'export const answer = 42;\n'
    });
    try {
        const { status, output } = run('convert.mjs', '--root', project);
        assert.equal(status, 1);
        assert.match(output, /widget\.ts: authoring file leaked/);
    } finally {
        rmSync(project, { recursive: true, force: true });
    }
});

const LABELS = `<?xml version="1.0" encoding="UTF-8"?>
<CustomLabels xmlns="http://soap.sforce.com/2006/04/metadata">
    <labels>
        <fullName>Greeting</fullName>
        <language>en_US</language>
        <protected>false</protected>
        <shortDescription>Greeting</shortDescription>
        <value>Hello</value>
    </labels>
    <labels>
        <fullName>Farewell</fullName>
        <language>en_US</language>
        <protected>false</protected>
        <shortDescription>Farewell</shortDescription>
        <value>Goodbye</value>
    </labels>
</CustomLabels>
`;
const FRENCH = `<?xml version="1.0" encoding="UTF-8"?>
<Translations xmlns="http://soap.sforce.com/2006/04/metadata">
    <customLabels>
        <label>Bonjour</label>
        <name>Greeting</name>
    </customLabels>
</Translations>
`;

test('the i18n check fails on an untranslated label, an undefined label and literal template text', () => {
    const project = tempProject({
        'force-app/main/default/labels/CustomLabels.labels-meta.xml': LABELS,
        'force-app/main/default/translations/fr.translation-meta.xml': FRENCH,
        'force-app/main/default/lwc/widget/widget.js-meta.xml': META,
        'force-app/main/default/lwc/widget/widget.ts':
            "import GREETING from '@salesforce/label/c.Greeting';\nimport MISSING from '@salesforce/label/c.Missing';\nexport const words = [GREETING, MISSING];\n",
        'force-app/main/default/lwc/widget/widget.html':
            '<template>\n    <p>{greeting}</p>\n    <p>Call back later</p>\n    <lightning-button label="Save"></lightning-button>\n</template>\n'
    });
    try {
        const { status, output } = run('check-i18n.mjs', '--root', project);
        assert.equal(status, 1);
        assert.match(output, /label Farewell has no fr translation/);
        assert.match(output, /widget\.ts:2: imports label Missing, which is not defined/);
        assert.match(output, /widget\.html:3: literal text "Call back later"/);
        assert.match(output, /widget\.html:4: label="Save" is literal text/);
        assert.doesNotMatch(output, /Greeting/);
    } finally {
        rmSync(project, { recursive: true, force: true });
    }
});
