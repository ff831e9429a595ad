// The analytics and app metadata reference each other by name (report → report type → fields, dashboard →
// reports, app → utility bar and record page, page → LWC). The schema cannot see those links; these tests
// check the shipped package, then break one link at a time in a copy and expect the checker to name it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReferences } from '../check-references.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGE = join(ROOT, 'force-app', 'main', 'default');

/** A copy of the package's analytics, app and page metadata (plus the objects and LWC metas they point at). */
function copyPackage() {
    const dir = mkdtempSync(join(tmpdir(), 'diamy-analytics-'));
    for (const sub of ['objects', 'reportTypes', 'reports', 'dashboards', 'applications', 'flexipages', 'tabs', 'lwc']) {
        cpSync(join(PACKAGE, sub), join(dir, sub), { recursive: true, filter: (src) => !src.includes('__tests__') });
    }
    return dir;
}

/** Runs the checker on a copy where `file` had `from` replaced by `to`; returns the problems. */
function problemsAfter(file, from, to) {
    const dir = copyPackage();
    try {
        const path = join(dir, file);
        const before = readFileSync(path, 'utf8');
        assert.ok(before.includes(from), `${file} should contain ${from}`);
        writeFileSync(path, before.replace(from, to));
        return checkReferences(dir).problems;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

test('the shipped reports, dashboard, apps and pages reference only things that exist', () => {
    const { problems, counts } = checkReferences(PACKAGE);
    assert.deepEqual(problems, []);
    assert.equal(counts.reportTypes, 1);
    assert.equal(counts.reports, 8);
});

test('the shipped dashboard runs as the viewer, with no fixed running user', () => {
    const { counts } = checkReferences(PACKAGE);
    assert.ok(counts.reports >= 8);
    const dashboard = readFileSync(join(PACKAGE, 'dashboards', 'Diamy', 'Diamy_Telephonie.dashboard-meta.xml'), 'utf8');
    assert.match(dashboard, /<dashboardType>LoggedInUser<\/dashboardType>/);
    assert.doesNotMatch(dashboard, /<runningUser>/);
});

const CALLS_BY_AGENT = 'reports/Diamy/Diamy_Calls_By_Agent_This_Week.report-meta.xml';
const REPORT_TYPE = 'reportTypes/Diamy_Calls.reportType-meta.xml';
const DASHBOARD = 'dashboards/Diamy/Diamy_Telephonie.dashboard-meta.xml';

test('a report on a report type that does not exist is named', () => {
    const problems = problemsAfter(CALLS_BY_AGENT, '<reportType>Diamy_Calls__c</reportType>', '<reportType>Diamy_Calls_Typo__c</reportType>');
    assert.ok(problems.some((p) => /Diamy_Calls_By_Agent_This_Week.*report type Diamy_Calls_Typo__c is not a custom report type/.test(p)), problems.join('\n'));
});

test('a report column, grouping or filter the report type does not declare is named', () => {
    let problems = problemsAfter(CALLS_BY_AGENT, '<field>Diamy_Call__c$Outcome__c</field>', '<field>Diamy_Call__c$Outcome_Typo__c</field>');
    assert.ok(problems.some((p) => /column Diamy_Call__c\$Outcome_Typo__c is not a column of report type/.test(p)), problems.join('\n'));
    problems = problemsAfter(CALLS_BY_AGENT, '<field>Diamy_Call__c$Agent__c</field>', '<field>Diamy_Call__c.Agent__c</field>');
    assert.ok(problems.some((p) => /grouping Diamy_Call__c\.Agent__c is not a column/.test(p)), problems.join('\n'));
    problems = problemsAfter(
        'reports/Diamy/Diamy_Missed_Calls_To_Call_Back.report-meta.xml',
        '<column>Diamy_Call__c$Direction__c</column>',
        '<column>DIRECTION</column>'
    );
    assert.ok(problems.some((p) => /filter DIRECTION is not a column/.test(p)), problems.join('\n'));
});

const FOLLOW_UPS = 'reports/Diamy/Diamy_Follow_Up_Tasks_Open.report-meta.xml';

test('the open follow-up tasks report filters on the open flag, groups by due date and is on the dashboard', () => {
    const report = readFileSync(join(PACKAGE, FOLLOW_UPS), 'utf8');
    assert.match(report, /<column>Diamy_Call__c\$Follow_Up_Open__c<\/column>[\s\S]*?<operator>equals<\/operator>\s*<value>1<\/value>/);
    assert.match(report, /<groupingsDown>[\s\S]*?<field>Diamy_Call__c\$Follow_Up_Due_Date__c<\/field>/);
    const dashboard = readFileSync(join(PACKAGE, 'dashboards', 'Diamy', 'Diamy_Telephonie.dashboard-meta.xml'), 'utf8');
    assert.match(dashboard, /<report>Diamy\/Diamy_Follow_Up_Tasks_Open<\/report>/);
});

test('a checkbox filter on true instead of 1, or a picklist filter on a value the field does not have, is named', () => {
    let problems = problemsAfter(FOLLOW_UPS, '<value>1</value>', '<value>true</value>');
    assert.ok(problems.some((p) => /Diamy_Follow_Up_Tasks_Open.*filter Diamy_Call__c\$Follow_Up_Open__c equals "true": a checkbox filter value is 1 or 0/.test(p)), problems.join('\n'));
    problems = problemsAfter('reports/Diamy/Diamy_Missed_Calls_To_Call_Back.report-meta.xml', '<value>Missed,Abandoned,Voicemail</value>', '<value>Missed,Appel manqué</value>');
    assert.ok(problems.some((p) => /filter Diamy_Call__c\$Outcome__c equals "Appel manqué": not a value of the picklist/.test(p)), problems.join('\n'));
    assert.ok(!problems.some((p) => /"Missed"/.test(p)), problems.join('\n'));
});

test('a follow-up report column removed from the report type is named', () => {
    const problems = problemsAfter(REPORT_TYPE, '<field>Follow_Up_Open__c</field>', '<field>Follow_Up_Closed__c</field>');
    assert.ok(problems.some((p) => /Diamy_Call__c has no field Follow_Up_Closed__c/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /Diamy_Follow_Up_Tasks_Open.*filter Diamy_Call__c\$Follow_Up_Open__c is not a column of report type/.test(p)), problems.join('\n'));
});

test('a time frame on a date the report type does not expose is named', () => {
    const problems = problemsAfter(CALLS_BY_AGENT, '<dateColumn>Diamy_Call__c$Started_At__c</dateColumn>', '<dateColumn>Diamy_Call__c$Ended__c</dateColumn>');
    assert.ok(problems.some((p) => /time frame Diamy_Call__c\$Ended__c/.test(p)), problems.join('\n'));
});

test('a grouping field repeated as a column is refused', () => {
    const problems = problemsAfter(CALLS_BY_AGENT, '<field>Diamy_Call__c$Name</field>', '<field>Diamy_Call__c$Agent__c</field>');
    assert.ok(problems.some((p) => /Diamy_Call__c\$Agent__c is both a grouping and a column/.test(p)), problems.join('\n'));
});

test('a report type column on a field Diamy_Call__c does not have, or an unknown lookup field, is named', () => {
    let problems = problemsAfter(REPORT_TYPE, '<field>Talk_Seconds__c</field>', '<field>Talk_Time__c</field>');
    assert.ok(problems.some((p) => /Diamy_Call__c has no field Talk_Time__c/.test(p)), problems.join('\n'));
    problems = problemsAfter(REPORT_TYPE, '<field>Case__c.Priority</field>', '<field>Case__c.Severity</field>');
    assert.ok(problems.some((p) => /Case__c\.Severity is not a known Case field/.test(p)), problems.join('\n'));
    problems = problemsAfter(REPORT_TYPE, '<field>Agent__c.Email</field>', '<field>Outcome__c.Email</field>');
    assert.ok(problems.some((p) => /Outcome__c is not a lookup/.test(p)), problems.join('\n'));
});

test('a dashboard component on a report that is not in the package is named', () => {
    const problems = problemsAfter(DASHBOARD, '<report>Diamy/Diamy_Calls_Per_Account</report>', '<report>Diamy/Diamy_Calls_Per_Customer</report>');
    assert.ok(problems.some((p) => /uses report Diamy\/Diamy_Calls_Per_Customer, which is not in this package/.test(p)), problems.join('\n'));
});

test('a dashboard with a fixed running user is refused', () => {
    const problems = problemsAfter(
        DASHBOARD,
        '<dashboardType>LoggedInUser</dashboardType>',
        '<dashboardType>SpecifiedUser</dashboardType>\n    <runningUser>admin@diamy.example</runningUser>'
    );
    assert.ok(problems.some((p) => /dashboardType must be LoggedInUser/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /has a runningUser/.test(p)), problems.join('\n'));
});

test('a record page component with no bundle, or not exposed for record pages of the object, is named', () => {
    const page = 'flexipages/Diamy_Call_Record_Page.flexipage-meta.xml';
    let problems = problemsAfter(page, '<componentName>c:diamyCallSummary</componentName>', '<componentName>c:diamyCallPanel</componentName>');
    assert.ok(problems.some((p) => /c:diamyCallPanel has no LWC bundle/.test(p)), problems.join('\n'));
    problems = problemsAfter(page, '<componentName>c:diamyCallSummary</componentName>', '<componentName>c:diamyFormat</componentName>');
    assert.ok(problems.some((p) => /c:diamyFormat is not exposed/.test(p)), problems.join('\n'));
    problems = problemsAfter(page, '<sobjectType>Diamy_Call__c</sobjectType>', '<sobjectType>Diamy_Integration_Log__c</sobjectType>');
    assert.ok(problems.some((p) => /c:diamyCallSummary is not available on Diamy_Integration_Log__c record pages/.test(p)), problems.join('\n'));
});

test('an app whose utility bar or record page override does not exist is named', () => {
    let problems = problemsAfter('applications/Diamy_Console.app-meta.xml', '<utilityBar>Diamy_Console_UtilityBar</utilityBar>', '<utilityBar>Diamy_Console_Utilities</utilityBar>');
    assert.ok(problems.some((p) => /Diamy_Console\.app-meta\.xml: utility bar Diamy_Console_Utilities is not a UtilityBar flexipage/.test(p)), problems.join('\n'));
    problems = problemsAfter('applications/Diamy.app-meta.xml', '<utilityBar>Diamy_UtilityBar</utilityBar>', '<utilityBar>Diamy_Call_Record_Page</utilityBar>');
    assert.ok(problems.some((p) => /utility bar Diamy_Call_Record_Page is not a UtilityBar flexipage/.test(p)), problems.join('\n'));
    problems = problemsAfter('applications/Diamy.app-meta.xml', '<content>Diamy_Call_Record_Page</content>', '<content>Diamy_UtilityBar</content>');
    assert.ok(problems.some((p) => /override of Diamy_Call__c uses Diamy_UtilityBar, which is not a record page/.test(p)), problems.join('\n'));
    problems = problemsAfter('applications/Diamy_Console.app-meta.xml', '<tabs>Diamy_Integration_Log__c</tabs>', '<tabs>Diamy_Log__c</tabs>');
    assert.ok(problems.some((p) => /tab Diamy_Log__c does not exist/.test(p)), problems.join('\n'));
});
