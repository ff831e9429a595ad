// Self-tests of the platform rules (scripts/lib/org-rules): the real project passes, a small valid project passes,
// and each rule fails on a fixture that breaks it, naming the file, the rule and the source. Every documented limit
// of limits.mjs is exercised by a file generated one character (or byte) over it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../lib/project.mjs';
import { loadProject } from '../lib/org-rules/model.mjs';
import { checkAll, checkLimits } from '../lib/org-rules/rules.mjs';
import { LIMITS } from '../lib/org-rules/limits.mjs';
import { SUFFIX_TYPES } from '../lib/metadata/types.mjs';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const xml = (root, body) => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;

/** The smallest project the rules accept: a package with a custom object, a field, a permission set and a flow. */
const BASE = {
    'sfdx-project.json': JSON.stringify({
        packageDirectories: [
            {
                path: 'force-app',
                default: true,
                package: 'Fixture',
                versionNumber: '0.1.0.NEXT',
                definitionFile: 'config/def.json'
            },
            { path: 'org-tests' }
        ],
        sourceApiVersion: '66.0'
    }),
    'config/def.json': JSON.stringify({
        edition: 'Enterprise',
        settings: { languageSettings: { enableTranslationWorkbench: true } }
    }),
    'force-app/main/default/objects/Call__c/Call__c.object-meta.xml': xml(
        'CustomObject',
        '<label>Call</label><pluralLabel>Calls</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><deploymentStatus>Deployed</deploymentStatus><sharingModel>Private</sharingModel>'
    ),
    'force-app/main/default/objects/Call__c/fields/Notes__c.field-meta.xml': xml(
        'CustomField',
        '<fullName>Notes__c</fullName><label>Notes</label><type>LongTextArea</type><length>32768</length><visibleLines>3</visibleLines>'
    ),
    'force-app/main/default/objects/Call__c/fields/Key__c.field-meta.xml': xml(
        'CustomField',
        '<fullName>Key__c</fullName><label>Key</label><type>Text</type><length>80</length><required>true</required>'
    ),
    'force-app/main/default/objects/Rule__mdt/Rule__mdt.object-meta.xml': xml(
        'CustomObject',
        '<label>Rule</label><pluralLabel>Rules</pluralLabel><visibility>Public</visibility>'
    ),
    'force-app/main/default/objects/Rule__mdt/fields/Active__c.field-meta.xml': xml(
        'CustomField',
        '<fullName>Active__c</fullName><label>Active</label><type>Checkbox</type><defaultValue>false</defaultValue>'
    ),
    'force-app/main/default/customMetadata/Rule.First.md-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><label>First rule</label><protected>false</protected><values><field>Active__c</field><value xsi:type="xsd:boolean">true</value></values></CustomMetadata>\n`,
    'force-app/main/default/permissionsets/Agent.permissionset-meta.xml': xml(
        'PermissionSet',
        '<description>Agents.</description><fieldPermissions><editable>true</editable><field>Call__c.Notes__c</field><readable>true</readable></fieldPermissions><label>Agent</label><objectPermissions><allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Call__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>'
    ),
    'force-app/main/default/flows/Call_Log.flow-meta.xml': xml(
        'Flow',
        `<apiVersion>66.0</apiVersion><description>Logs a call.</description><label>Call log</label><processType>AutoLaunchedFlow</processType>
<recordCreates><name>Create_Task</name><label>Create Task</label><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Link_Back</targetReference></connector>
<inputAssignments><field>Subject</field><value><elementReference>$Record.Notes__c</elementReference></value></inputAssignments><object>Task</object></recordCreates>
<recordUpdates><name>Link_Back</name><label>Link back</label><locationX>0</locationX><locationY>0</locationY><inputAssignments><field>Notes__c</field><value><stringValue>done</stringValue></value></inputAssignments><inputReference>$Record</inputReference></recordUpdates>
<start><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Create_Task</targetReference></connector><object>Call__c</object><recordTriggerType>CreateAndUpdate</recordTriggerType><triggerType>RecordAfterSave</triggerType></start><status>Active</status>`
    ),
    'org-tests/flowtests/Call_Log_Created.flowtest-meta.xml': xml(
        'FlowTest',
        `<flowApiName>Call_Log</flowApiName><label>Created</label>
<testPoints><elementApiName>Start</elementApiName><parameters><leftValueReference>$Record</leftValueReference><type>InputTriggeringRecordInitial</type><value><sobjectValue>{"attributes":{"type":"Call__c"},"Notes__c":"hello"}</sobjectValue></value></parameters></testPoints>
<testPoints><assertions><conditions><leftValueReference>Create_Task</leftValueReference><operator>WasVisited</operator><rightValue><booleanValue>true</booleanValue></rightValue></conditions></assertions><elementApiName>Finish</elementApiName></testPoints><testType>WithAssertion</testType>`
    )
};

function project(overrides = {}, removals = []) {
    const dir = mkdtempSync(join(tmpdir(), 'org-rules-'));
    const files = { ...BASE, ...overrides };
    for (const r of removals) delete files[r];
    for (const [file, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), content);
    }
    return dir;
}
function problemsOf(overrides, removals) {
    const dir = project(overrides, removals);
    try {
        return checkAll(loadProject(dir));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
const edit = (file, from, to) => {
    assert.ok(BASE[file].includes(from), `fixture ${file} has no ${from}`);
    return { [file]: BASE[file].replace(from, to) };
};
const one = (problems, rule, pattern) => {
    const hits = problems.filter((p) => p.rule === rule && pattern.test(p.message));
    assert.equal(
        hits.length,
        1,
        `expected one [${rule}] ${pattern}, got:\n${problems.map((p) => `  ${p.file}:${p.line}: [${p.rule}] ${p.message}`).join('\n')}`
    );
    return hits[0];
};

test('the shipped project: package, org-tests and connection template pass every rule', () => {
    const problems = checkAll(loadProject(ROOT));
    assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}: [${p.rule}] ${p.message}`),
        []
    );
});

test('the small valid fixture passes (so each failure below is caused by its one change)', () => {
    assert.deepEqual(problemsOf(), []);
});

test('limit: a permission-set description of 256 characters is named with its file, rule and source', () => {
    const p = one(
        problemsOf(
            edit(
                'force-app/main/default/permissionsets/Agent.permissionset-meta.xml',
                '<description>Agents.</description>',
                `<description>${'d'.repeat(256)}</description>`
            )
        ),
        'limit',
        /permission set description is 256 characters, the maximum is 255/
    );
    assert.equal(p.file, 'force-app/main/default/permissionsets/Agent.permissionset-meta.xml');
    assert.match(p.source, /^https:\/\//);
});

test('limit: a 41-character custom metadata record label and a 41-character custom field label', () => {
    one(
        problemsOf(
            edit(
                'force-app/main/default/customMetadata/Rule.First.md-meta.xml',
                '<label>First rule</label>',
                `<label>${'r'.repeat(41)}</label>`
            )
        ),
        'limit',
        /custom metadata record label is 41 characters, the maximum is 40/
    );
    one(
        problemsOf(
            edit(
                'force-app/main/default/objects/Call__c/fields/Notes__c.field-meta.xml',
                '<label>Notes</label>',
                `<label>${'n'.repeat(41)}</label>`
            )
        ),
        'limit',
        /field label is 41 characters, the maximum is 40/
    );
});

/** Where a file of each type goes in the fixture, for the generated limit tests. */
const FIXTURE_PATH = {
    CustomField: 'force-app/main/default/objects/Call__c/fields/Limit__c.field-meta.xml',
    ValidationRule: 'force-app/main/default/objects/Call__c/validationRules/Limit.validationRule-meta.xml',
    ListView: 'force-app/main/default/objects/Call__c/listViews/Limit.listView-meta.xml',
    CompactLayout: 'force-app/main/default/objects/Call__c/compactLayouts/Limit.compactLayout-meta.xml',
    CustomObject: 'force-app/main/default/objects/Limit__c/Limit__c.object-meta.xml',
    CustomMetadata: 'force-app/main/default/customMetadata/Rule.Limit.md-meta.xml',
    Report: 'force-app/main/default/reports/Folder/Limit.report-meta.xml',
    Dashboard: 'force-app/main/default/dashboards/Folder/Limit.dashboard-meta.xml',
    FlowTest: 'org-tests/flowtests/Limit.flowtest-meta.xml'
};
function pathFor(type, name = 'Limit') {
    if (FIXTURE_PATH[type]) return FIXTURE_PATH[type].replace(/Limit/g, name);
    const suffix = Object.entries(SUFFIX_TYPES).find(([, t]) => t === type)?.[0];
    assert.ok(suffix, `no file suffix for ${type}`);
    return `force-app/main/default/limitfixtures/${name}.${suffix}-meta.xml`;
}
/** Nested XML for a '/'-path with the given text at the leaf. */
const nest = (path, text) => path.split('/').reduceRight((inner, tag) => `<${tag}>${inner}</${tag}>`, text);

for (const rule of LIMITS) {
    test(`limit row: ${rule.type} ${rule.path} ${rule.measure} ≤ ${rule.max} is enforced (${rule.what})`, () => {
        const over = rule.max + 1;
        const when = rule.when ? nest(rule.when.path, rule.when.in[0]) : '';
        let files;
        if (rule.type === 'LwcJavaScript' || rule.type === 'LwcCss') {
            const bundle = 'force-app/main/default/lwc/limitBundle/limitBundle';
            files = {
                [`${bundle}.js-meta.xml`]: xml(
                    'LightningComponentBundle',
                    '<apiVersion>66.0</apiVersion><isExposed>false</isExposed>'
                ),
                [`${bundle}.${rule.type === 'LwcJavaScript' ? 'js' : 'css'}`]: 'x'.repeat(over)
            };
        } else if (rule.path === '@developerName') {
            // Some limits are longer than a file name may be on disk (255 bytes): rename the loaded component instead.
            const dir = project({ [pathFor(rule.type, 'Named')]: xml(rule.type, when) });
            try {
                const loaded = loadProject(dir);
                const component = loaded.components.find((c) => c.type === rule.type && c.name.includes('Named'));
                component.name = component.name.replace('Named', 'N'.repeat(over));
                const hits = checkLimits(loaded).filter((p) => p.message.includes(rule.what) && p.source === rule.source);
                assert.equal(hits.length, 1, `no single limit problem for ${rule.what}`);
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
            return;
        } else if (rule.path === '@file') {
            files = { [pathFor(rule.type)]: xml(rule.type, `${when}<!--${'x'.repeat(over)}-->`) };
        } else if (rule.measure === 'value') {
            files = { [pathFor(rule.type)]: xml(rule.type, when + nest(rule.path, String(over))) };
        } else if (rule.measure === 'count') {
            files = {
                [pathFor(rule.type)]: xml(rule.type, when + Array.from({ length: over }, () => nest(rule.path, 'x')).join(''))
            };
        } else {
            files = { [pathFor(rule.type)]: xml(rule.type, when + nest(rule.path, 'x'.repeat(over))) };
        }
        const hits = problemsOf(files).filter(
            (p) => p.rule === 'limit' && p.message.includes(rule.what) && p.source === rule.source
        );
        assert.equal(hits.length, 1, `no single limit problem for ${rule.what}`);
    });
}

test('reference: a report column on a field that does not exist (report type, report)', () => {
    const files = {
        'force-app/main/default/reportTypes/Calls.reportType-meta.xml': xml(
            'ReportType',
            '<baseObject>Call__c</baseObject><category>other</category><deployed>true</deployed><label>Calls</label><sections><columns><checkedByDefault>true</checkedByDefault><field>Ghost__c</field><table>Call__c</table></columns><masterLabel>Calls</masterLabel></sections>'
        ),
        'force-app/main/default/reports/Folder/All.report-meta.xml': xml(
            'Report',
            '<columns><field>Call__c$Notes__c</field></columns><format>Tabular</format><name>All</name><reportType>Calls__c</reportType><scope>organization</scope><showDetails>true</showDetails>'
        )
    };
    const problems = problemsOf(files);
    assert.match(one(problems, 'reference', /has no field Ghost__c/).source, /meta_reporttype/);
    const column = one(problems, 'reference', /Call__c\$Notes__c is not a column of report type Calls__c/);
    assert.equal(column.file, 'force-app/main/default/reports/Folder/All.report-meta.xml');
    assert.match(column.source, /meta_report\.htm/);
});

test('reference: permission-set entries, lookups, list-view columns, layouts, metadata records and flows name things that exist', () => {
    one(
        problemsOf(
            edit('force-app/main/default/permissionsets/Agent.permissionset-meta.xml', 'Call__c.Notes__c', 'Call__c.Gone__c')
        ),
        'reference',
        /field permission on Call__c\.Gone__c, which does not exist/
    );
    one(
        problemsOf(
            edit('force-app/main/default/permissionsets/Agent.permissionset-meta.xml', 'Call__c.Notes__c', 'Activity.Notes__c')
        ),
        'reference',
        /grant Activity fields as Task\.Notes__c and Event\.Notes__c/
    );
    one(
        problemsOf({
            'force-app/main/default/objects/Call__c/fields/Owner__c.field-meta.xml': xml(
                'CustomField',
                '<fullName>Owner__c</fullName><label>Owner</label><type>Lookup</type><referenceTo>Agent__c</referenceTo><relationshipName>Calls</relationshipName>'
            )
        }),
        'reference',
        /lookup to Agent__c, which does not exist/
    );
    one(
        problemsOf({
            'force-app/main/default/objects/Call__c/listViews/All.listView-meta.xml': xml(
                'ListView',
                '<fullName>All</fullName><columns>NAME</columns><columns>Notes_Old__c</columns><filterScope>Everything</filterScope><label>All</label>'
            )
        }),
        'reference',
        /column Notes_Old__c: Call__c has no field Notes_Old__c/
    );
    one(
        problemsOf({
            'force-app/main/default/customMetadata/Rule.Second.md-meta.xml': BASE[
                'force-app/main/default/customMetadata/Rule.First.md-meta.xml'
            ].replace('Active__c', 'Enabled__c')
        }),
        'reference',
        /Rule__mdt\.Enabled__c, which does not exist/
    );
    one(
        problemsOf(edit('force-app/main/default/flows/Call_Log.flow-meta.xml', '$Record.Notes__c', '$Record.Note__c')),
        'reference',
        /\$Record\.Note__c: Call__c has no field Note__c/
    );
    one(
        problemsOf(
            edit(
                'force-app/main/default/flows/Call_Log.flow-meta.xml',
                '<targetReference>Link_Back</targetReference>',
                '<targetReference>Link_Missing</targetReference>'
            )
        ),
        'reference',
        /connector to Link_Missing, which is not an element of this flow/
    );
    one(
        problemsOf(edit('force-app/main/default/flows/Call_Log.flow-meta.xml', '<field>Subject</field>', '<field>Topic</field>')),
        'reference',
        /Task has no field Topic/
    );
});

test('reference: a screen flow reads its screen fields by name (an input, a component output); an unknown name is still refused', () => {
    const screenFlow = (reference) => ({
        'force-app/main/default/flows/Pick.flow-meta.xml': xml(
            'Flow',
            `<apiVersion>66.0</apiVersion><assignments><name>Keep</name><label>Keep</label><locationX>0</locationX><locationY>0</locationY><assignmentItems><assignToReference>varKept</assignToReference><operator>Assign</operator><value><elementReference>${reference}</elementReference></value></assignmentItems></assignments>
<description>Picks.</description><label>Pick</label><processType>Flow</processType>
<screens><name>Choose</name><label>Choose</label><locationX>0</locationX><locationY>0</locationY><allowBack>false</allowBack><allowFinish>true</allowFinish><allowPause>false</allowPause><connector><targetReference>Keep</targetReference></connector>
<fields><name>Note_Input</name><dataType>String</dataType><fieldText>Note</fieldText><fieldType>InputField</fieldType><isRequired>false</isRequired></fields>
<fields><name>Agent</name><extensionName>flowruntime:lookup</extensionName><fieldType>ComponentInstance</fieldType><isRequired>true</isRequired><storeOutputAutomatically>true</storeOutputAutomatically></fields>
<showFooter>true</showFooter><showHeader>false</showHeader></screens>
<start><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Choose</targetReference></connector></start><status>Active</status>
<variables><name>varKept</name><dataType>String</dataType><isCollection>false</isCollection><isInput>false</isInput><isOutput>true</isOutput></variables>`
        )
    });
    assert.deepEqual(problemsOf(screenFlow('Note_Input')), []);
    assert.deepEqual(problemsOf(screenFlow('Agent.recordId')), []);
    one(problemsOf(screenFlow('Nope_Input')), 'reference', /Nope_Input is not an element or resource of this flow/);
});

test('reference: a validation rule names custom permissions, fields and a display field that exist', () => {
    const file = 'force-app/main/default/objects/Call__c/validationRules/Locked.validationRule-meta.xml';
    const rule = (formula, display = 'Notes__c') => ({
        [file]: xml(
            'ValidationRule',
            `<fullName>Locked</fullName><active>true</active><description>Locked.</description><errorConditionFormula>${formula}</errorConditionFormula><errorDisplayField>${display}</errorDisplayField><errorMessage>Locked.</errorMessage>`
        )
    });
    assert.deepEqual(problemsOf(rule('AND(ISCHANGED(Notes__c), ISPICKVAL(Notes__c, &quot;Bogus__c&quot;))')), []);
    one(problemsOf(rule('AND(ISCHANGED(Notes__c), NOT($Permission.Nope))')), 'reference', /\$Permission\.Nope: no custom permission Nope here/);
    one(problemsOf(rule('ISCHANGED(Outcome__c)')), 'reference', /formula field Outcome__c: .*no field Outcome__c/);
    one(problemsOf(rule('ISCHANGED(Notes__c)', 'Missing__c')), 'reference', /errorDisplayField Missing__c/);
});

test('reference: the package may not rely on a flow, credential or External Service of the connection', () => {
    const connectionFlow = BASE['force-app/main/default/flows/Call_Log.flow-meta.xml'].replace(
        '<processType>AutoLaunchedFlow</processType>',
        '<processType>Flow</processType>'
    );
    const files = {
        'connection/agent-session/flows/Session.flow-meta.xml': connectionFlow,
        'force-app/main/default/permissionsets/Agent.permissionset-meta.xml': BASE[
            'force-app/main/default/permissionsets/Agent.permissionset-meta.xml'
        ].replace('<label>', '<flowAccesses><enabled>true</enabled><flow>Session</flow></flowAccesses><label>')
    };
    one(problemsOf(files), 'reference', /flow access to Session, which is not a flow here \(it is in connection\/agent-session/);
});

test('packaging: no definitionFile, a build org without the Translation Workbench, instance-specific or test metadata in the package', () => {
    const withoutDefinition = JSON.parse(BASE['sfdx-project.json']);
    delete withoutDefinition.packageDirectories[0].definitionFile;
    const p = one(problemsOf({ 'sfdx-project.json': JSON.stringify(withoutDefinition) }), 'packaging', /has no definitionFile/);
    assert.equal(p.file, 'sfdx-project.json');
    assert.match(p.source, /unlocked-pkg-config-file/);
    const translation = { 'force-app/main/default/translations/fr.translation-meta.xml': xml('Translations', '') };
    one(
        problemsOf({ ...translation, 'config/def.json': JSON.stringify({ edition: 'Enterprise' }) }),
        'packaging',
        /does not enable the Translation Workbench/
    );
    one(
        problemsOf({
            'force-app/main/default/namedCredentials/Api.namedCredential-meta.xml': xml('NamedCredential', '<label>Api</label>')
        }),
        'packaging',
        /a NamedCredential must not be in the package/
    );
    one(
        problemsOf({
            'force-app/main/default/flowtests/T.flowtest-meta.xml': BASE['org-tests/flowtests/Call_Log_Created.flowtest-meta.xml']
        }),
        'packaging',
        /a FlowTest must not be in the package/
    );
});

/** A Visualforce adapter page with its static resource and labels in the package, and an Open CTI call center in the connection. */
const PAGE = 'force-app/main/default/pages/Bridge.page';
const CALL_CENTER = 'connection/open-cti/callCenters/Dial.callCenter-meta.xml';
const pageMarkup = (tag, body = '') =>
    `<!-- <apex:page controller="InAComment"> is not the page tag -->\n${tag}\n<script src="{!$Resource.Bridge}"></script>\n<script>var t = '{!JSENCODE($Label.Bridge_Idle)}';</script>\n${body}</apex:page>\n`;
const callCenter = ({ adapter = '/apex/Bridge', req = '/apex/Bridge', mode = 'Lightning', useApi = 'true', custom = '{&quot;reqUseApi&quot;:&quot;true&quot;}' } = {}) =>
    xml(
        'CallCenter',
        `<adapterUrl>${adapter}</adapterUrl><customSettings>${custom}</customSettings><displayName>Dial</displayName><displayNameLabel>Display Name</displayNameLabel><internalNameLabel>Internal Name</internalNameLabel>
<sections><items><label>CTI Adapter URL</label><name>reqAdapterUrl</name><value>${req}</value></items>
<items><label>Use CTI API</label><name>reqUseApi</name><value>${useApi}</value></items>
${mode === null ? '' : `<items><label>Salesforce Compatibility Mode</label><name>reqSalesforceCompatibilityMode</name><value>${mode}</value></items>`}
<label>General Information</label><name>reqGeneralInfo</name></sections>`
    );
const OPEN_CTI = {
    [PAGE]: pageMarkup('<apex:page showHeader="false" sidebar="false">'),
    'force-app/main/default/pages/Bridge.page-meta.xml': xml('ApexPage', '<apiVersion>66.0</apiVersion><label>Bridge</label>'),
    'force-app/main/default/staticresources/Bridge.js': '/* bridge */\n',
    'force-app/main/default/staticresources/Bridge.resource-meta.xml': xml(
        'StaticResource',
        '<cacheControl>Private</cacheControl><contentType>application/javascript</contentType>'
    ),
    'force-app/main/default/labels/CustomLabels.labels-meta.xml': xml(
        'CustomLabels',
        '<labels><fullName>Bridge_Idle</fullName><language>en_US</language><protected>false</protected><shortDescription>Idle</shortDescription><value>Idle</value></labels>'
    ),
    [CALL_CENTER]: callCenter()
};
const withOpenCti = (overrides = {}) => problemsOf({ ...OPEN_CTI, ...overrides });

test('Visualforce and Open CTI: a controller-free page with its resource and labels, and a Lightning call center on it, pass', () => {
    assert.deepEqual(withOpenCti(), []);
});

test('packaging: a packaged Visualforce page with a controller or extensions (the package ships no Apex); a call center in the package', () => {
    for (const attribute of ['controller="BridgeController"', 'extensions="One,Two"', 'CONTROLLER = "X"']) {
        const p = one(
            withOpenCti({ [PAGE]: pageMarkup(`<apex:page showHeader="false"\n    ${attribute}>`) }),
            'packaging',
            /binds the page to Apex: the package Fixture ships no Apex/
        );
        assert.equal(p.file, PAGE);
        assert.equal(p.line, 2, 'the line of the <apex:page> tag, not of the comment');
        assert.match(p.source, /pages_compref_page/);
    }
    // A standard controller is not Apex; attributes that merely contain the word are not controllers.
    assert.deepEqual(withOpenCti({ [PAGE]: pageMarkup('<apex:page standardController="Contact" title="controller-free">') }), []);
    const inPackage = one(
        withOpenCti({ 'force-app/main/default/callCenters/Dial.callCenter-meta.xml': callCenter() }),
        'packaging',
        /a CallCenter must not be in the package Fixture: a call center is an opt-in per org/
    );
    assert.match(inPackage.source, /005306437/);
});

test('reference: a page names a static resource and labels that exist; a call center names an adapter page that exists where it deploys', () => {
    const page = withOpenCti({ [PAGE]: pageMarkup('<apex:page>', `{!$Resource.Missing} {!$Label.No_Such_Label}\n`) });
    assert.equal(one(page, 'reference', /\$Resource\.Missing is not a static resource here/).line, 5);
    one(page, 'reference', /\$Label\.No_Such_Label is not a Custom Label/);
    const missing = withOpenCti({ [CALL_CENTER]: callCenter({ adapter: '/apex/Gone', req: '/apex/Gone' }) });
    assert.equal(missing.filter((p) => p.rule === 'reference' && /Gone is not a Visualforce page where this call center deploys/.test(p.message)).length, 2);
    one(withOpenCti({ [CALL_CENTER]: callCenter({ req: '/apex/Other' }) }), 'reference', /reqAdapterUrl \/apex\/Other differs from adapterUrl \/apex\/Bridge/);
});

test('deploy: a call center without Lightning compatibility or the Open CTI API, or whose customSettings disagree with its items', () => {
    one(withOpenCti({ [CALL_CENTER]: callCenter({ mode: 'Classic' }) }), 'deploy', /reqSalesforceCompatibilityMode Classic: the softphone and click-to-dial work in Lightning Experience only/);
    one(withOpenCti({ [CALL_CENTER]: callCenter({ mode: null }) }), 'deploy', /reqSalesforceCompatibilityMode \(missing: Classic\)/);
    assert.deepEqual(withOpenCti({ [CALL_CENTER]: callCenter({ mode: 'Classic_and_Lightning' }) }), []);
    one(withOpenCti({ [CALL_CENTER]: callCenter({ useApi: 'false', custom: '{}' }) }), 'deploy', /reqUseApi must be true/);
    one(withOpenCti({ [CALL_CENTER]: callCenter({ custom: '{&quot;reqUseApi&quot;:&quot;false&quot;}' }) }), 'deploy', /customSettings reqUseApi=false differs from its item \(true\)/);
    one(withOpenCti({ [CALL_CENTER]: callCenter({ custom: '{reqUseApi:' }) }), 'deploy', /customSettings is not JSON/);
    const noMarkup = problemsOf(OPEN_CTI, [PAGE]);
    assert.equal(one(noMarkup, 'deploy', /the page markup force-app\/main\/default\/pages\/Bridge\.page is missing/).file, 'force-app/main/default/pages/Bridge.page-meta.xml');
});

test('packaging: a packaged permission set granting a named principal (forcedotcom/cli#2735); a flow deployed with its External Service (#2233)', () => {
    const ec = 'connection/credentials/externalCredentials/Api.externalCredential-meta.xml';
    const principal = {
        [ec]: xml(
            'ExternalCredential',
            '<authenticationProtocol>Custom</authenticationProtocol><externalCredentialParameters><parameterGroup>Org</parameterGroup><parameterName>Org</parameterName><parameterType>NamedPrincipal</parameterType><sequenceNumber>1</sequenceNumber></externalCredentialParameters><label>Api</label>'
        )
    };
    const granted = BASE['force-app/main/default/permissionsets/Agent.permissionset-meta.xml'].replace(
        '<fieldPermissions>',
        '<externalCredentialPrincipalAccesses><enabled>true</enabled><externalCredentialPrincipal>Api-Org</externalCredentialPrincipal></externalCredentialPrincipalAccesses><fieldPermissions>'
    );
    const p = one(
        problemsOf({ ...principal, 'force-app/main/default/permissionsets/Agent.permissionset-meta.xml': granted }),
        'packaging',
        /invalid cross reference id/
    );
    assert.equal(p.source, 'https://github.com/forcedotcom/cli/issues/2735');
    const flowWithService = BASE['force-app/main/default/flows/Call_Log.flow-meta.xml'].replace(
        '<apiVersion>',
        '<actionCalls><name>Call_Api</name><label>Call</label><locationX>0</locationX><locationY>0</locationY><actionName>Api.create</actionName><actionType>externalService</actionType></actionCalls><apiVersion>'
    );
    const registration = xml(
        'ExternalServiceRegistration',
        '<label>Api</label><registrationProviderType>Custom</registrationProviderType><schema>{}</schema><schemaType>OpenApi3</schemaType><status>Complete</status>'
    );
    const together = problemsOf({
        'connection/agent-session/flows/Call_Api.flow-meta.xml': flowWithService,
        'connection/agent-session/externalServiceRegistrations/Api.externalServiceRegistration-meta.xml': registration
    });
    assert.equal(
        one(together, 'packaging', /deployed in the same step/).source,
        'https://github.com/forcedotcom/cli/issues/2233'
    );
    const apart = problemsOf({
        'connection/agent-session/flows/Call_Api.flow-meta.xml': flowWithService,
        'connection/credentials/externalServiceRegistrations/Api.externalServiceRegistration-meta.xml': registration
    });
    assert.deepEqual(
        apart.filter((x) => /External Service|same step/.test(x.message)),
        []
    );
});

test('packaging: a packaged app assigning pages per profile (profileActionOverrides) fails the package build (forcedotcom/cli#2133)', () => {
    const app = (overrides) =>
        xml(
            'CustomApplication',
            `${overrides}<formFactors>Large</formFactors><label>Calls</label><navType>Standard</navType><tabs>standard-Contact</tabs><uiType>Lightning</uiType>`
        );
    const appDefault =
        '<actionOverrides><actionName>View</actionName><content>Call_Contact</content><formFactor>Large</formFactor><skipRecordTypeSelect>false</skipRecordTypeSelect><type>Flexipage</type><pageOrSobjectType>Contact</pageOrSobjectType></actionOverrides>';
    const perProfile =
        '<profileActionOverrides><actionName>View</actionName><content>Call_Contact</content><formFactor>Large</formFactor><pageOrSobjectType>Contact</pageOrSobjectType><type>Flexipage</type><profile>Admin</profile></profileActionOverrides>';
    const file = 'force-app/main/default/applications/Calls.app-meta.xml';
    const p = one(problemsOf({ [file]: app(appDefault + perProfile) }), 'packaging', /profileActionOverrides makes sf package version create fail/);
    assert.equal(p.file, file);
    assert.equal(p.source, 'https://github.com/forcedotcom/cli/issues/2133');
    assert.deepEqual(
        problemsOf({ [file]: app(appDefault) }).filter((x) => x.rule === 'packaging'),
        []
    );
});

test('deploy: field permissions on a required field, editable without readable, a formula field editable on a layout', () => {
    one(
        problemsOf(
            edit('force-app/main/default/permissionsets/Agent.permissionset-meta.xml', 'Call__c.Notes__c', 'Call__c.Key__c')
        ),
        'deploy',
        /Call__c\.Key__c is a required field/
    );
    one(
        problemsOf(
            edit(
                'force-app/main/default/permissionsets/Agent.permissionset-meta.xml',
                '<readable>true</readable>',
                '<readable>false</readable>'
            )
        ),
        'deploy',
        /editable without readable/
    );
    const formula = {
        'force-app/main/default/objects/Call__c/fields/Short__c.field-meta.xml': xml(
            'CustomField',
            '<fullName>Short__c</fullName><formula>LEFT(Notes__c, 5)</formula><label>Short</label><type>Text</type>'
        )
    };
    const layout = {
        'force-app/main/default/layouts/Call__c-Call Layout.layout-meta.xml': xml(
            'Layout',
            '<layoutSections><layoutColumns><layoutItems><behavior>Edit</behavior><field>Short__c</field></layoutItems></layoutColumns><style>TwoColumnsTopToBottom</style></layoutSections>'
        )
    };
    one(problemsOf({ ...formula, ...layout }), 'deploy', /layout field Short__c is a formula: its behavior must be Readonly/);
    const updatesSubtype = BASE['force-app/main/default/flows/Call_Log.flow-meta.xml'].replace(
        '<recordUpdates><name>Link_Back</name>',
        '<recordUpdates><name>Retype</name><label>Retype</label><locationX>0</locationX><locationY>0</locationY><filters><field>Id</field><operator>EqualTo</operator><value><stringValue>00T000000000001</stringValue></value></filters><inputAssignments><field>TaskSubtype</field><value><stringValue>Call</stringValue></value></inputAssignments><object>Task</object></recordUpdates><recordUpdates><name>Link_Back</name>'
    );
    one(problemsOf({ 'force-app/main/default/flows/Call_Log.flow-meta.xml': updatesSubtype }), 'deploy', /Retype updates Task\.TaskSubtype, which cannot be updated once created/);
});

test('deploy: Roll Back Records (recordRollbacks) only in a screen flow', () => {
    const rollback =
        '<recordRollbacks><name>Undo</name><label>Undo</label><locationX>0</locationX><locationY>0</locationY></recordRollbacks><recordUpdates><name>Link_Back</name>';
    const autolaunched = BASE['force-app/main/default/flows/Call_Log.flow-meta.xml'].replace('<recordUpdates><name>Link_Back</name>', rollback);
    const problem = one(
        problemsOf({ 'force-app/main/default/flows/Call_Log.flow-meta.xml': autolaunched }),
        'deploy',
        /Undo: Roll Back Records \(recordRollbacks\) is available only in screen flows \(processType Flow\), not AutoLaunchedFlow/
    );
    assert.match(problem.source ?? '', /meta_visual_workflow/);
    const screen = {
        'force-app/main/default/flows/Undo.flow-meta.xml': xml(
            'Flow',
            `<apiVersion>66.0</apiVersion><description>Undoes.</description><label>Undo</label><processType>Flow</processType>
<recordRollbacks><name>Undo</name><label>Undo</label><locationX>0</locationX><locationY>0</locationY></recordRollbacks>
<start><locationX>0</locationX><locationY>0</locationY><connector><targetReference>Undo</targetReference></connector></start><status>Active</status>`
        )
    };
    assert.deepEqual(
        problemsOf(screen).filter((p) => /recordRollbacks/.test(p.message)),
        []
    );
});

test('deploy: a dynamic import needs the lightning__dynamicComponent capability, which needs API 55.0; reference: its c/ module exists', () => {
    const lwc = 'force-app/main/default/lwc';
    const meta = (body) => xml('LightningComponentBundle', `${body}<isExposed>false</isExposed>`);
    const capability = '<capabilities><capability>lightning__dynamicComponent</capability></capabilities>';
    const loader = "// import('c/notACall') in a comment is no import\nexport const load = () => import('c/lazyLib');\n";
    const files = {
        [`${lwc}/lazyLib/lazyLib.js-meta.xml`]: meta('<apiVersion>66.0</apiVersion>'),
        [`${lwc}/lazyLib/lazyLib.js`]: 'export const answer = 42;\n',
        // Accepted: capability, API 66, an existing module (a TypeScript source with its emitted .js beside it).
        [`${lwc}/goodLoader/goodLoader.js-meta.xml`]: meta(`<apiVersion>66.0</apiVersion>${capability}`),
        [`${lwc}/goodLoader/goodLoader.ts`]: loader,
        [`${lwc}/goodLoader/goodLoader.js`]: loader
    };
    assert.deepEqual(problemsOf(files), []);
    const noCapability = one(
        problemsOf({ ...files, [`${lwc}/goodLoader/goodLoader.js-meta.xml`]: meta('<apiVersion>66.0</apiVersion>') }),
        'deploy',
        /import\(\) in a bundle without <capability>lightning__dynamicComponent<\/capability>/
    );
    assert.equal(noCapability.file, `${lwc}/goodLoader/goodLoader.ts`);
    assert.equal(noCapability.line, 2);
    assert.match(noCapability.source, /js-dynamic-components/);
    one(
        problemsOf({ ...files, [`${lwc}/goodLoader/goodLoader.js-meta.xml`]: meta(`<apiVersion>54.0</apiVersion>${capability}`) }),
        'deploy',
        /capability lightning__dynamicComponent needs apiVersion 55\.0 or later \(this bundle: 54\.0\)/
    );
    const missing = one(problemsOf(files, [`${lwc}/lazyLib/lazyLib.js-meta.xml`, `${lwc}/lazyLib/lazyLib.js`]), 'reference', /import\('c\/lazyLib'\): no bundle lazyLib/);
    assert.equal(missing.line, 2);
});

test('flowtest: an element compared with EqualTo, an unknown element or flow, a record of another object', () => {
    const file = 'org-tests/flowtests/Call_Log_Created.flowtest-meta.xml';
    const p = one(
        problemsOf(edit(file, '<operator>WasVisited</operator>', '<operator>EqualTo</operator>')),
        'flowtest',
        /Create_Task is a flow element: assert it with WasVisited or HasError, not EqualTo/
    );
    assert.equal(p.file, file);
    assert.match(p.source, /meta_flowtest/);
    one(
        problemsOf(
            edit(
                file,
                '<leftValueReference>Create_Task</leftValueReference>',
                '<leftValueReference>Create_Tasks</leftValueReference>'
            )
        ),
        'flowtest',
        /WasVisited applies to flow elements; Create_Tasks is not one/
    );
    one(
        problemsOf(edit(file, '<flowApiName>Call_Log</flowApiName>', '<flowApiName>Call_Logs</flowApiName>')),
        'flowtest',
        /flow Call_Logs does not exist/
    );
    one(
        problemsOf(edit(file, '"type":"Call__c"', '"type":"Task"')),
        'flowtest',
        /the triggering record is a Task, the flow runs on Call__c/
    );
    one(
        problemsOf(edit(file, '"Notes__c":"hello"', '"Note__c":"hello"')),
        'flowtest',
        /sets Note__c, which Call__c does not have/
    );
});

test('flowtest: testType is required, and a test WithAssertion must assert something', () => {
    const file = 'org-tests/flowtests/Call_Log_Created.flowtest-meta.xml';
    one(problemsOf(edit(file, '<testType>WithAssertion</testType>', '')), 'flowtest', /testType \(WithAssertion or WithoutAssertion\) is required/);
    const noAssertion = BASE[file].replace(/<assertions>.*<\/assertions>/s, '');
    one(problemsOf({ [file]: noAssertion }), 'flowtest', /asserts nothing: it cannot fail/);
});

test('flowtest: asserting no error on an element that works on the record Id, with a test record that has none', () => {
    const file = 'org-tests/flowtests/Call_Log_Created.flowtest-meta.xml';
    const hasError =
        '<assertions><conditions><leftValueReference>Link_Back</leftValueReference><operator>HasError</operator><rightValue><booleanValue>false</booleanValue></rightValue></conditions></assertions>';
    one(
        problemsOf(edit(file, '<elementApiName>Finish</elementApiName>', `${hasError}<elementApiName>Finish</elementApiName>`)),
        'flowtest',
        /Link_Back works on the saved record's Id/
    );
});

test('check-org-rules (a step of npm run validate) prints file:line: [rule] message (source) and fails', () => {
    const dir = project(
        edit(
            'force-app/main/default/permissionsets/Agent.permissionset-meta.xml',
            '<description>Agents.</description>',
            `<description>${'d'.repeat(300)}</description>`
        )
    );
    try {
        const run = spawnSync(process.execPath, [join(ROOT, 'scripts/check-org-rules.mjs'), '--root', dir], { encoding: 'utf8' });
        assert.equal(run.status, 1);
        assert.match(
            run.stdout,
            /^force-app\/main\/default\/permissionsets\/Agent\.permissionset-meta\.xml:\d+: \[limit\] permission set description is 300 characters, the maximum is 255 \(source: https:\/\/\S+\)$/m
        );
        assert.match(run.stdout, /org rules: .*: 1 problem$/m);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    assert.equal(scripts.validate, 'node scripts/validate.mjs');
    assert.match(readFileSync(join(ROOT, 'scripts/validate.mjs'), 'utf8'), /scripts\/check-org-rules\.mjs/);
    assert.match(readFileSync(join(ROOT, 'scripts/gate.mjs'), 'utf8'), /scripts\/validate\.mjs/);
});

// ------------------------------------------------------------------------------------------------------ contact sync
// The External Client App, its policies, matching and duplicate rules (scripts/lib/org-rules/sync.mjs, docs/SYNC.md).

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const matchItem = (field, method = 'Exact') =>
    `<matchingRuleItems><blankValueBehavior>NullNotAllowed</blankValueBehavior><fieldName>${field}</fieldName><matchingMethod>${method}</matchingMethod></matchingRuleItems>`;
const matchingRule = (name, items, status = 'Active') =>
    `<matchingRules><fullName>${name}</fullName><label>${name}</label>${items}<ruleStatus>${status}</ruleStatus></matchingRules>`;
const duplicateRule = (uses, active = true) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<DuplicateRule ${NS} ${XSI}><actionOnInsert>Allow</actionOnInsert><actionOnUpdate>Allow</actionOnUpdate><alertText>Duplicate.</alertText><description>d</description><duplicateRuleFilter xsi:nil="true"/>${uses}<isActive>${active}</isActive><masterLabel>Rule</masterLabel><operationsOnInsert>Alert</operationsOnInsert><securityOption>EnforceSharingRules</securityOption><sortOrder>1</sortOrder></DuplicateRule>\n`;
const use = (object, rule, mapping = '<objectMapping xsi:nil="true"/>') =>
    `<duplicateRuleMatchRules><matchRuleSObjectType>${object}</matchRuleSObjectType><matchingRule>${rule}</matchingRule>${mapping}</duplicateRuleMatchRules>`;
const emailMapping = (from, to) =>
    `<objectMapping><inputObject>${from}</inputObject><mappingFields><inputField>Email</inputField><outputField>Email</outputField></mappingFields><outputObject>${to}</outputObject></objectMapping>`;

const ECA = 'connection/sync-app/externalClientApps/Sync.eca-meta.xml';
const GLOBAL = 'connection/sync-app/extlClntAppGlobalOauthSets/Sync_glbloauth.ecaGlblOauth-meta.xml';
const POLICIES = 'connection/sync-app-policies/extlClntAppOauthPolicies/Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml';
const CONTACT_RULES = 'connection/matching-rules/matchingRules/Contact.matchingRule-meta.xml';
const LEAD_RULES = 'connection/matching-rules/matchingRules/Lead.matchingRule-meta.xml';
const CONTACT_DUPES = 'connection/duplicate-rules/duplicateRules/Contact.Sync_Email.duplicateRule-meta.xml';
const globalOauth = (extra = '') =>
    xml('ExtlClntAppGlobalOauthSettings', `<callbackUrl>https://acme.example.com/cb</callbackUrl>${extra}<externalClientApplication>Sync</externalClientApplication><label>Sync</label>`);
const oauthPolicies = (sets = '<commaSeparatedPermissionSet>Agent</commaSeparatedPermissionSet>') =>
    xml('ExtlClntAppOauthConfigurablePolicies', `${sets}<externalClientApplication>Sync</externalClientApplication><label>Sync</label><permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>`);
const SYNC_OK = {
    [ECA]: xml('ExternalClientApplication', '<distributionState>Local</distributionState><label>Sync</label>'),
    [GLOBAL]: globalOauth(),
    'connection/sync-app/extlClntAppOauthSettings/Sync_oauth.ecaOauth-meta.xml': xml(
        'ExtlClntAppOauthSettings',
        '<commaSeparatedOauthScopes>Api,RefreshToken</commaSeparatedOauthScopes><externalClientApplication>Sync</externalClientApplication><label>Sync</label>'
    ),
    [POLICIES]: oauthPolicies(),
    [CONTACT_RULES]: xml('MatchingRules', matchingRule('Sync_Contact_Email', matchItem('Email')) + matchingRule('Sync_Contact_Name', matchItem('LastName', 'LastName') + matchItem('AccountId'))),
    [LEAD_RULES]: xml('MatchingRules', matchingRule('Sync_Lead_Email', matchItem('Email'))),
    [CONTACT_DUPES]: duplicateRule(use('Contact', 'Sync_Contact_Email') + use('Lead', 'Sync_Lead_Email', emailMapping('Contact', 'Lead')))
};
const withSync = (overrides = {}, removals = []) => problemsOf({ ...SYNC_OK, ...overrides }, removals);

test('contact sync: a local External Client App, its later policies, matching rules, then duplicate rules across Contact and Lead pass', () => {
    assert.deepEqual(withSync(), []);
});

test('packaging: an External Client App, its settings, matching rules or duplicate rules in the package (managed packages only; connection)', () => {
    const moved = {};
    for (const [file, content] of Object.entries(SYNC_OK)) moved[file.replace(/^connection\/[^/]+\//, 'force-app/main/default/')] = content;
    const problems = problemsOf(moved).filter((p) => p.rule === 'packaging');
    for (const [type, files] of Object.entries({ ExternalClientApplication: 1, ExtlClntAppGlobalOauthSettings: 1, ExtlClntAppOauthSettings: 1, ExtlClntAppOauthConfigurablePolicies: 1, MatchingRules: 2, DuplicateRule: 1 })) {
        const hits = problems.filter((p) => new RegExp(`a ${type} must not be in the package`).test(p.message));
        assert.equal(hits.length, files, type);
        for (const p of hits) assert.match(p.source, /^https:\/\/(help|developer)\.salesforce\.com\//, type);
    }
    assert.match(one(problems, 'packaging', /a ExternalClientApplication must not/).message, /managed packages only/);
});

test('deploy: a consumer key, secret or certificate in the global OAuth settings; the app’s policies deployed with the app', () => {
    for (const secret of ['consumerKey', 'consumerSecret', 'certificate']) {
        const p = one(withSync({ [GLOBAL]: globalOauth(`<${secret}>x</${secret}>`) }), 'deploy', new RegExp(`<${secret}> in a global OAuth settings file`));
        assert.equal(p.file, GLOBAL);
        assert.match(p.source, /meta_extlclntappglobaloauthsettings/);
    }
    const together = withSync({ [POLICIES.replace('sync-app-policies', 'sync-app')]: oauthPolicies() }, [POLICIES]);
    assert.match(one(together, 'deploy', /in the same deployment as the app/).source, /meta_configure_external_client_app_policies/);
});

test('reference: policies before their app, naming a permission set that does not exist, or pre-authorising nobody', () => {
    one(withSync({}, [ECA, GLOBAL, 'connection/sync-app/extlClntAppOauthSettings/Sync_oauth.ecaOauth-meta.xml']), 'reference', /names the External Client App Sync, which is not deployed before it/);
    one(withSync({ [POLICIES]: oauthPolicies('<commaSeparatedPermissionSet>Agent,Ghost</commaSeparatedPermissionSet>') }), 'reference', /pre-authorised permission set Ghost does not exist/);
    one(withSync({ [POLICIES]: oauthPolicies('') }), 'reference', /AdminApprovedPreAuthorized with no permission set or profile/);
});

test('matching rules: a field that does not exist, two lookups in one rule, six active rules on one object', () => {
    one(withSync({ [LEAD_RULES]: xml('MatchingRules', matchingRule('Sync_Lead_Email', matchItem('Email')) + matchingRule('Sync_Lead_Home', matchItem('HomePhone'))) }), 'reference', /compares Lead\.HomePhone, which does not exist/);
    one(withSync({ [CONTACT_RULES]: SYNC_OK[CONTACT_RULES].replace(matchItem('AccountId'), matchItem('AccountId') + matchItem('OwnerId')) }), 'limit', /has 2 lookup fields, the maximum is 1/);
    const six = ['A', 'B', 'C', 'D', 'E'].map((n) => matchingRule(`Sync_Contact_${n}`, matchItem('Email'))).join('');
    const p = one(withSync({ [CONTACT_RULES]: SYNC_OK[CONTACT_RULES].replace('</MatchingRules>', `${six}</MatchingRules>`) }), 'limit', /7 active matching rules on Contact, the maximum is 5 per object/);
    assert.match(p.source, /000392912/);
    // Inactive rules do not count.
    assert.deepEqual(withSync({ [CONTACT_RULES]: SYNC_OK[CONTACT_RULES].replace('</MatchingRules>', `${six.replaceAll('<ruleStatus>Active', '<ruleStatus>Inactive')}</MatchingRules>`) }), []);
});

test('duplicate rules: deployed with their matching rules, an unknown or inactive matching rule, two on one object, four, cross-object without mapping', () => {
    const sameStep = withSync({ [CONTACT_RULES.replace('matching-rules/matchingRules', 'duplicate-rules/matchingRules')]: SYNC_OK[CONTACT_RULES], [LEAD_RULES.replace('matching-rules/matchingRules', 'duplicate-rules/matchingRules')]: SYNC_OK[LEAD_RULES] }, [CONTACT_RULES, LEAD_RULES]);
    assert.equal(sameStep.filter((p) => p.rule === 'deploy' && /activates in the background/.test(p.message)).length, 2);
    one(withSync({ [CONTACT_DUPES]: duplicateRule(use('Contact', 'Sync_Contact_Phone')) }), 'reference', /uses matching rule Contact\.Sync_Contact_Phone, which is not deployed before it/);
    one(withSync({ [LEAD_RULES]: xml('MatchingRules', matchingRule('Sync_Lead_Email', matchItem('Email'), 'Inactive')) }), 'reference', /uses Lead\.Sync_Lead_Email, which is not Active/);
    one(withSync({ [CONTACT_DUPES]: duplicateRule(use('Contact', 'Sync_Contact_Email') + use('Contact', 'Sync_Contact_Name')) }), 'limit', /two matching rules on Contact: one matching rule per object/);
    const four = duplicateRule(use('Contact', 'Sync_Contact_Email') + use('Lead', 'Sync_Lead_Email', emailMapping('Contact', 'Lead')) + use('Contact', 'Sync_Contact_Name') + use('Lead', 'Sync_Lead_Email', emailMapping('Contact', 'Lead')));
    one(withSync({ [CONTACT_DUPES]: four }), 'limit', /uses 4 matching rules, the maximum is 3/);
    one(withSync({ [CONTACT_DUPES]: duplicateRule(use('Contact', 'Sync_Contact_Email') + use('Lead', 'Sync_Lead_Email')) }), 'reference', /compares Contact with Lead without a field mapping/);
    one(withSync({ [CONTACT_DUPES]: duplicateRule(use('Contact', 'Sync_Contact_Email') + use('Lead', 'Sync_Lead_Email', emailMapping('Lead', 'Contact'))) }), 'reference', /must go from Contact \(inputObject\) to Lead \(outputObject\)/);
});

test('deploy: field permissions on a required standard field (Contact.LastName, Lead.Company)', () => {
    const grant = (field) =>
        edit('force-app/main/default/permissionsets/Agent.permissionset-meta.xml', '<label>Agent</label>', `<fieldPermissions><editable>true</editable><field>${field}</field><readable>true</readable></fieldPermissions><label>Agent</label>`);
    one(problemsOf(grant('Contact.LastName')), 'deploy', /Contact\.LastName is a required standard field/);
    one(problemsOf(grant('Lead.Company')), 'deploy', /Lead\.Company is a required standard field/);
    assert.deepEqual(problemsOf(grant('Contact.Email')), []);
});
