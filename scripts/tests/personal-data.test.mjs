// The privacy rule (scripts/lib/org-rules/personal-data.mjs): personal-data fields carry their data classification,
// values come from the org's default value sets, every text field of a covered object is decided, and
// docs/DATA-PROTECTION.md lists every personal-data field in English and in French.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/project.mjs';
import { loadProject } from '../lib/org-rules/model.mjs';
import { checkPersonalData, PERSONAL_DATA, NO_PERSONAL_DATA } from '../lib/org-rules/personal-data.mjs';

const CALL_FIELDS = 'force-app/main/default/objects/Diamy_Call__c/fields';

/** A package with the real Diamy_Call__c fields, edited by `change` (file → new content, or null to remove). */
function problemsWith(/** @type {Record<string, string | null>} */ change = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'personal-data-'));
    try {
        writeFileSync(
            join(dir, 'sfdx-project.json'),
            JSON.stringify({
                packageDirectories: [{ path: 'force-app', default: true, package: 'Fixture', versionNumber: '0.1.0.NEXT' }],
                sourceApiVersion: '66.0'
            })
        );
        cpSync(
            join(ROOT, 'force-app/main/default/objects/Diamy_Call__c'),
            join(dir, 'force-app/main/default/objects/Diamy_Call__c'),
            { recursive: true }
        );
        for (const [file, content] of Object.entries(change)) {
            if (content === null) rmSync(join(dir, file));
            else {
                mkdirSync(join(dir, file, '..'), { recursive: true });
                writeFileSync(join(dir, file), content);
            }
        }
        return checkPersonalData(loadProject(dir));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
const real = (/** @type {string} */ file) => readFileSync(join(ROOT, file), 'utf8');
const messages = (/** @type {{ message: string }[]} */ problems) => problems.map((p) => p.message);

test('the package: every personal-data field classified, every text field decided, no stale entry', () => {
    assert.deepEqual(messages(checkPersonalData(loadProject(ROOT))), []);
});

test('the fixture of the real call fields passes as it is', () => {
    assert.deepEqual(messages(problemsWith()), []);
});

test('a personal-data field without its compliance group or with another sensitivity is reported', () => {
    const file = `${CALL_FIELDS}/Notes__c.field-meta.xml`;
    const noGroup = problemsWith({ [file]: real(file).replace(/\s*<complianceGroup>GDPR<\/complianceGroup>/, '') });
    assert.deepEqual(messages(noGroup), [
        "Diamy_Call__c.Notes__c holds personal data (the agent's notes on the call): complianceGroup must include GDPR"
    ]);
    const otherGroup = problemsWith({ [file]: real(file).replace('<complianceGroup>GDPR<', '<complianceGroup>PII<') });
    assert.equal(otherGroup.length, 1);
    const lower = problemsWith({
        [file]: real(file).replace('<securityClassification>Confidential<', '<securityClassification>Public<')
    });
    assert.match(messages(lower).join('\n'), /Notes__c holds personal data .*securityClassification must be Confidential/);
    assert.ok(lower.every((p) => p.rule === 'privacy' && p.file.endsWith('Notes__c.field-meta.xml')));
});

test('values outside the default value sets are reported, one per bad value', () => {
    const file = `${CALL_FIELDS}/Caller_Name__c.field-meta.xml`;
    const problems = problemsWith({
        [file]: real(file)
            .replace('<complianceGroup>GDPR<', '<complianceGroup>GDPR;RGPD<')
            .replace('<securityClassification>Confidential<', '<securityClassification>Secret<')
    });
    assert.deepEqual(
        messages(problems).map((m) => m.split(' (')[0]),
        [
            'complianceGroup RGPD is not a default Compliance Categorization value',
            'securityClassification Secret is not a default Data Sensitivity Level value',
            'Diamy_Call__c.Caller_Name__c holds personal data'
        ]
    );
});

test('a new text field must be decided; a classified field outside the registry is reported; a listed field must exist', () => {
    const text = (/** @type {string} */ name, extra = '') =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>${name}</fullName>\n${extra}    <label>X</label>\n    <length>80</length>\n    <type>Text</type>\n</CustomField>\n`;
    const undecided = problemsWith({ [`${CALL_FIELDS}/Caller_Email__c.field-meta.xml`]: text('Caller_Email__c') });
    assert.deepEqual(messages(undecided), [
        'Diamy_Call__c.Caller_Email__c is a Text field: add it to PERSONAL_DATA (with its classification) or NO_PERSONAL_DATA in scripts/lib/org-rules/personal-data.mjs'
    ]);
    const stray = problemsWith({
        [`${CALL_FIELDS}/Caller_Email__c.field-meta.xml`]: text(
            'Caller_Email__c',
            '    <complianceGroup>GDPR</complianceGroup>\n'
        )
    });
    assert.match(messages(stray).join('\n'), /Caller_Email__c carries a complianceGroup but is not in PERSONAL_DATA/);
    const removed = problemsWith({ [`${CALL_FIELDS}/Consulted_Party__c.field-meta.xml`]: null });
    assert.deepEqual(messages(removed), ['Diamy_Call__c.Consulted_Party__c is listed but no such field is in the package']);
});

test('docs/DATA-PROTECTION.md names every personal-data field in its English and its French part', () => {
    const doc = real('docs/DATA-PROTECTION.md');
    assert.ok(doc.startsWith('# '), 'the English part starts the document with a top-level heading');
    const fr = doc.indexOf('\n# ');
    assert.ok(fr > 0, 'the French part starts with the second top-level heading');
    for (const [part, text] of [
        ['English', doc.slice(0, fr)],
        ['French', doc.slice(fr)]
    ]) {
        const missing = Object.keys(PERSONAL_DATA).filter((name) => !text.includes(`\`${name}\``));
        assert.deepEqual(missing, [], `${part} part of docs/DATA-PROTECTION.md misses these personal-data fields`);
    }
    assert.ok(Object.keys(NO_PERSONAL_DATA).length > 0);
});
