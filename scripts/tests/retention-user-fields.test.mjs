// The User formula fields that show Diamy Settings' retention settings on the Diamy Setup page (c/diamySetup):
// each reads its setting, blank as the product default (365 / 180 / 180 days), 0 and other values as they are
// (formulas evaluated by formulon); Diamy Admin may read them; each has a French label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/project.mjs';

const MAIN = join(ROOT, 'force-app', 'main', 'default');
const FIELDS = [
    { field: 'Diamy_Call_Retention_Days__c', setting: 'Call_Retention_Days__c', blank: 365 },
    { field: 'Diamy_Recording_Retention_Days__c', setting: 'Recording_Retention_Days__c', blank: 180 },
    { field: 'Diamy_Log_Retention_Days__c', setting: 'Log_Retention_Days__c', blank: 180 }
];

test('each retention formula reads its own setting: blank = the default, 0 = kept, a value as is', async () => {
    const { XMLParser } = await import('fast-xml-parser');
    const formulon = (await import('formulon')).default;
    for (const { field, setting, blank } of FIELDS) {
        const xml = new XMLParser({ parseTagValue: false }).parse(
            readFileSync(join(MAIN, 'objects', 'User', 'fields', `${field}.field-meta.xml`), 'utf8')
        ).CustomField;
        assert.equal(xml.type, 'Number');
        assert.equal(xml.scale, '0');
        const names = [...xml.formula.matchAll(/\$Setup\.Diamy_Settings__c\.(\w+)/g)].map((m) => m[1]);
        assert.deepEqual(names, [setting], `${field} reads ${setting} only`);
        const evaluate = (/** @type {number | null} */ value) =>
            formulon.parse(xml.formula.replace(/\$Setup\.Diamy_Settings__c\.(\w+)/g, 'Setting_$1'), {
                [`Setting_${setting}`]:
                    value === null
                        ? { type: 'literal', dataType: 'null', value: null }
                        : { type: 'literal', dataType: 'number', value, options: { length: 5, scale: 0 } }
            }).value;
        assert.equal(evaluate(null), blank, `${field} blank`);
        assert.equal(evaluate(0), 0, `${field} 0`);
        assert.equal(evaluate(30), 30, `${field} 30`);
    }
});

test('Diamy Admin reads the retention fields (not edits: formulas); each has a French label and help', () => {
    const admin = readFileSync(join(MAIN, 'permissionsets', 'Diamy_Admin.permissionset-meta.xml'), 'utf8');
    for (const { field } of FIELDS) {
        const grant = admin.match(
            new RegExp(
                `<fieldPermissions>\\s*<editable>(\\w+)</editable>\\s*<field>User\\.${field}</field>\\s*<readable>(\\w+)</readable>`
            )
        );
        assert.ok(grant, `Diamy Admin grants User.${field}`);
        assert.deepEqual([grant[1], grant[2]], ['false', 'true']);
        const fr = join(MAIN, 'objectTranslations', 'User-fr', `${field}.fieldTranslation-meta.xml`);
        assert.ok(existsSync(fr), `French translation of ${field}`);
        assert.match(readFileSync(fr, 'utf8'), /<help>[^<]{10,}<\/help>\s*<label>Conservation [^<]+<\/label>/);
    }
});
