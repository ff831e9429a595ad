// The daily data-protection flows start at different hours, so two of them never work on the same records at once
// (Diamy_Call_Retention and Diamy_Recording_Retention both update Diamy_Call__c; a record locked by one batch makes
// the other's update fail): calls 02:00, recording links 03:00, log entries 04:00 GMT, and DATA-PROTECTION.md (EN and
// FR) says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/project.mjs';

const FLOWS = join(ROOT, 'force-app', 'main', 'default', 'flows');
const EXPECTED = {
    Diamy_Call_Retention: '02:00',
    Diamy_Recording_Retention: '03:00',
    Diamy_Log_Retention: '04:00'
};

const startOf = (/** @type {string} */ flow) => {
    const xml = readFileSync(join(FLOWS, `${flow}.flow-meta.xml`), 'utf8');
    const time = /<startTime>(\d\d:\d\d):00\.000Z<\/startTime>/.exec(xml)?.[1];
    const object = /<start>[\s\S]*?<object>(\w+)<\/object>[\s\S]*?<\/start>/.exec(xml)?.[1];
    const described = /<description>Daily at (\d\d:\d\d) GMT/.exec(xml)?.[1];
    return { time, object, described };
};

test('the daily retention flows start one hour apart, each as its start description says', () => {
    const starts = Object.fromEntries(Object.keys(EXPECTED).map((flow) => [flow, startOf(flow)]));
    for (const [flow, time] of Object.entries(EXPECTED)) {
        assert.equal(starts[flow].time, time, `${flow} starts at ${time} GMT`);
        assert.equal(starts[flow].described, time, `${flow}: its start description says ${time} GMT`);
    }
    const times = Object.values(starts).map((s) => s.time);
    assert.equal(new Set(times).size, times.length, 'no two daily flows start at the same time');
});

test('DATA-PROTECTION.md gives each flow its hour, in English and in French', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'DATA-PROTECTION.md'), 'utf8');
    for (const [flow, time] of Object.entries(EXPECTED)) {
        const rows = doc.split('\n').filter((line) => line.startsWith('|') && line.includes(flow));
        assert.ok(rows.length >= 2, `${flow} appears in the EN and FR tables`);
        for (const row of rows) assert.ok(row.includes(time), `${flow} row names ${time}: ${row}`);
    }
});
