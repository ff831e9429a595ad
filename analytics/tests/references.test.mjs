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
    assert.equal(counts.reportTypes, 3);
    assert.equal(counts.reports, 12);
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

const MEMBERS_TYPE = 'reportTypes/Diamy_Call_List_Members.reportType-meta.xml';
const CONVERSION_TYPE = 'reportTypes/Diamy_Calls_With_Opportunities.reportType-meta.xml';
const RESULTS = 'reports/Diamy/Diamy_Call_List_Results_By_Campaign.report-meta.xml';
const CONVERSION = 'reports/Diamy/Diamy_Call_List_Conversion_By_Campaign.report-meta.xml';

test('the call-list report types join campaign members and the opportunities a call sourced', () => {
    const members = readFileSync(join(PACKAGE, MEMBERS_TYPE), 'utf8');
    assert.match(members, /<baseObject>Campaign<\/baseObject>/);
    assert.match(members, /<join>\s*<outerJoin>false<\/outerJoin>\s*<relationship>CampaignMembers<\/relationship>\s*<\/join>/);
    const conversion = readFileSync(join(PACKAGE, CONVERSION_TYPE), 'utf8');
    assert.match(conversion, /<baseObject>Diamy_Call__c<\/baseObject>/);
    // "With or without": a call that sourced nothing still counts in the conversion report.
    assert.match(conversion, /<join>\s*<outerJoin>true<\/outerJoin>\s*<relationship>Sourced_Opportunities__r<\/relationship>\s*<\/join>/);
    const report = readFileSync(join(PACKAGE, CONVERSION), 'utf8');
    assert.match(report, /<groupingsDown>[\s\S]*?<field>Diamy_Call__c\$Campaign__c<\/field>/);
    assert.match(report, /<column>Diamy_Call__c\$Campaign__c<\/column>\s*<columnToColumn>false<\/columnToColumn>\s*<isUnlocked>true<\/isUnlocked>\s*<operator>notEqual<\/operator>/);
    const dashboard = readFileSync(join(PACKAGE, DASHBOARD), 'utf8');
    for (const name of ['Diamy_Call_List_Progress_By_Agent', 'Diamy_Call_List_Remaining', 'Diamy_Call_List_Results_By_Campaign', 'Diamy_Call_List_Conversion_By_Campaign'])
        assert.match(dashboard, new RegExp(`<report>Diamy/${name}</report>`), name);
});

test('a join through a relationship the package does not know, or a column on a table it does not join, is named', () => {
    let problems = problemsAfter(MEMBERS_TYPE, '<relationship>CampaignMembers</relationship>', '<relationship>Members</relationship>');
    assert.ok(problems.some((p) => /Diamy_Call_List_Members.*Campaign has no child relationship Members/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /column Status is on table Campaign\.CampaignMembers, which this report type does not join/.test(p)), problems.join('\n'));
    problems = problemsAfter(CONVERSION_TYPE, '<relationship>Sourced_Opportunities__r</relationship>', '<relationship>Diamy_Calls__r</relationship>');
    assert.ok(problems.some((p) => /Diamy_Call__c has no child relationship Diamy_Calls__r/.test(p)), problems.join('\n'));
});

test('a joined or standard-object column that does not exist is named: CampaignMember has no owner, Campaign no Stage', () => {
    let problems = problemsAfter(MEMBERS_TYPE, '<field>Diamy_Attempts__c</field>', '<field>Diamy_Attempt_Count__c</field>');
    assert.ok(problems.some((p) => /CampaignMember has no field Diamy_Attempt_Count__c/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /Diamy_Call_List_Results_By_Campaign.*column Campaign\.CampaignMembers\$Diamy_Attempts__c is not a column/.test(p)), problems.join('\n'));
    problems = problemsAfter(MEMBERS_TYPE, '<field>HasResponded</field>', '<field>Owner</field>');
    assert.ok(problems.some((p) => /CampaignMember has no field Owner/.test(p)), problems.join('\n'));
    problems = problemsAfter(MEMBERS_TYPE, '<field>Type</field>', '<field>StageName</field>');
    assert.ok(problems.some((p) => /Campaign has no field StageName/.test(p)), problems.join('\n'));
    problems = problemsAfter(CONVERSION_TYPE, '<field>StageName</field>', '<field>Stage__c</field>');
    assert.ok(problems.some((p) => /Opportunity has no field Stage__c/.test(p)), problems.join('\n'));
});

test('a checkbox filter on a standard base object is checked like one on a call; a category must exist', () => {
    let problems = problemsAfter(RESULTS, '<value>1</value>', '<value>true</value>');
    assert.ok(problems.some((p) => /filter Campaign\$Diamy_Call_List__c equals "true": a checkbox filter value is 1 or 0/.test(p)), problems.join('\n'));
    problems = problemsAfter(CONVERSION_TYPE, '<category>opportunities</category>', '<category>sales</category>');
    assert.ok(problems.some((p) => /category sales is not a report type category/.test(p)), problems.join('\n'));
    problems = problemsAfter(MEMBERS_TYPE, '<baseObject>Campaign</baseObject>', '<baseObject>CallList__c</baseObject>');
    assert.ok(problems.some((p) => /base object CallList__c is neither an object of this package/.test(p)), problems.join('\n'));
});

test('a filter on a checkbox of a joined table is checked too', () => {
    const problems = problemsAfter(
        'reports/Diamy/Diamy_Call_List_Remaining.report-meta.xml',
        '<column>Campaign$IsActive</column>',
        '<column>Campaign.CampaignMembers$Diamy_Done__c</column>'
    );
    assert.deepEqual(problems, []);
    const broken = problemsAfter(
        'reports/Diamy/Diamy_Call_List_Remaining.report-meta.xml',
        '<column>Campaign$Diamy_Call_List__c</column>\n            <columnToColumn>false</columnToColumn>\n            <isUnlocked>true</isUnlocked>\n            <operator>equals</operator>\n            <value>1</value>',
        '<column>Campaign.CampaignMembers$Diamy_Done__c</column>\n            <columnToColumn>false</columnToColumn>\n            <isUnlocked>true</isUnlocked>\n            <operator>equals</operator>\n            <value>false</value>'
    );
    assert.ok(broken.some((p) => /filter Campaign\.CampaignMembers\$Diamy_Done__c equals "false": a checkbox filter value is 1 or 0/.test(p)), broken.join('\n'));
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

// ---------------------------------------------------------------------------------------------- record pages, Home

const OBJECTS = ['Contact', 'Account', 'Lead', 'Opportunity', 'Case'];
const PAGE = (object) => `flexipages/Diamy_${object}_Record_Page.flexipage-meta.xml`;
const HOME = 'flexipages/Diamy_Home_Page.flexipage-meta.xml';
const APPS = ['applications/Diamy.app-meta.xml', 'applications/Diamy_Console.app-meta.xml'];
const read = (file) => readFileSync(join(PACKAGE, file), 'utf8');

/** The components of a region or facet of a page, in order. */
function componentsOf(xml, region) {
    const blocks = xml.split('<flexiPageRegions>').slice(1).map((r) => r.split('</flexiPageRegions>')[0]);
    // The region's own <name> is the one at region depth (8 spaces), after its items.
    const block = blocks.find((b) => new RegExp(`\\n {8}<name>${region}</name>`).test(b));
    return [...(block ?? '').matchAll(/<componentName>([^<]+)<\/componentName>/g)].map((m) => m[1]);
}

test('each of the five record pages keeps the standard page and puts caller context, click-to-dial and call history at the top of the sidebar', () => {
    for (const object of OBJECTS) {
        const xml = read(PAGE(object));
        assert.match(xml, new RegExp(`<sobjectType>${object}</sobjectType>`));
        assert.deepEqual(componentsOf(xml, 'header'), ['force:highlightsPanel'], object);
        const sidebar = componentsOf(xml, 'sidebar');
        assert.deepEqual(sidebar.slice(0, 3), ['c:diamyCallerContext', 'c:diamyClickToDial', 'c:diamyCallHistory'], object);
        for (const standard of ['force:detailPanel', 'force:relatedListContainer', 'runtime_sales_activities:activityPanel', 'forceChatter:recordFeedContainer']) {
            assert.ok(xml.includes(`<componentName>${standard}</componentName>`), `${object} page lost ${standard}`);
        }
    }
    // Lead keeps its conversion path, Opportunity its sales path, both under the header as the standard pages.
    assert.deepEqual(componentsOf(read(PAGE('Lead')), 'subheader'), ['runtime_sales_lead:pathAssistant']);
    assert.deepEqual(componentsOf(read(PAGE('Opportunity')), 'subheader'), ['runtime_sales_pathassistant:pathAssistant']);
    // An account page also lists its contacts' calls.
    assert.match(read(PAGE('Account')), /<name>includeContacts<\/name>\s*<value>true<\/value>/);
});

test('the Diamy Home page shows the caller context card on top and a number to dial', () => {
    const xml = read(HOME);
    assert.match(xml, /<type>HomePage<\/type>/);
    assert.match(xml, /<name>home:desktopTemplate<\/name>/);
    assert.deepEqual(componentsOf(xml, 'top'), ['c:diamyCallerContext']);
    assert.ok(componentsOf(xml, 'sidebar').includes('c:diamyClickToDial'));
});

test('both apps assign the five record pages (View) and the Home page (Tab on standard-home), never per profile', () => {
    for (const app of APPS) {
        const xml = read(app);
        for (const object of OBJECTS) {
            assert.match(
                xml,
                new RegExp(`<actionName>View</actionName>\\s*<comment>[^<]*</comment>\\s*<content>Diamy_${object}_Record_Page</content>\\s*<formFactor>Large</formFactor>\\s*<skipRecordTypeSelect>false</skipRecordTypeSelect>\\s*<type>Flexipage</type>\\s*<pageOrSobjectType>${object}</pageOrSobjectType>`),
                `${app}: ${object}`
            );
        }
        assert.match(xml, /<actionName>Tab<\/actionName>\s*<comment>[^<]*<\/comment>\s*<content>Diamy_Home_Page<\/content>[\s\S]*?<pageOrSobjectType>standard-home<\/pageOrSobjectType>/, app);
        assert.match(xml, /<tabs>standard-home<\/tabs>/, app);
        assert.doesNotMatch(xml, /profileActionOverrides/, app);
    }
});

test('a c: component property the bundle does not declare for the page, or a value of the wrong type or range, is named', () => {
    const contact = PAGE('Contact');
    let problems = problemsAfter(contact, '<name>showHomePhone</name>', '<name>showFax</name>');
    assert.ok(problems.some((p) => /Diamy_Contact_Record_Page.*c:diamyClickToDial sets showFax, which its lightning__RecordPage targetConfig does not declare/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<name>showMobile</name>\n                    <value>true</value>', '<name>showMobile</name>\n                    <value>yes</value>');
    assert.ok(problems.some((p) => /c:diamyClickToDial showMobile is a Boolean: "yes" is neither true nor false/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<name>maxRelated</name>\n                    <value>5</value>', '<name>maxRelated</name>\n                    <value>50</value>');
    assert.ok(problems.some((p) => /c:diamyClickToDial maxRelated is at most 20: 50 is above/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<name>pageSize</name>\n                    <value>5</value>', '<name>pageSize</name>\n                    <value>five</value>');
    assert.ok(problems.some((p) => /c:diamyCallHistory pageSize is an Integer: "five" is not one/.test(p)), problems.join('\n'));
    // On Home, click-to-dial declares no properties at all: a record-page property is refused there.
    problems = problemsAfter(
        HOME,
        '<componentName>c:diamyClickToDial</componentName>',
        '<componentInstanceProperties>\n                    <name>maxRelated</name>\n                    <value>5</value>\n                </componentInstanceProperties>\n                <componentName>c:diamyClickToDial</componentName>'
    );
    assert.ok(problems.some((p) => /Diamy_Home_Page.*c:diamyClickToDial sets maxRelated, which its lightning__HomePage targetConfig does not declare \(no properties\)/.test(p)), problems.join('\n'));
});

test('a record page of an object the Diamy components do not list, and its app override, are named', () => {
    const problems = problemsAfter(PAGE('Case'), '<sobjectType>Case</sobjectType>', '<sobjectType>Campaign</sobjectType>');
    for (const component of ['c:diamyCallerContext', 'c:diamyClickToDial', 'c:diamyCallHistory']) {
        assert.ok(problems.some((p) => new RegExp(`Diamy_Case_Record_Page.*component ${component} is not available on Campaign record pages`).test(p)), problems.join('\n'));
    }
    assert.ok(problems.some((p) => /Diamy\.app-meta\.xml: override of Case uses Diamy_Case_Record_Page, which is not a record page of Case/.test(p)), problems.join('\n'));
});

test('the Home override must be a Tab override of standard-home onto a Home page, with Home among the app tabs', () => {
    const app = 'applications/Diamy.app-meta.xml';
    let problems = problemsAfter(app, '<actionName>Tab</actionName>', '<actionName>View</actionName>');
    assert.ok(problems.some((p) => /the Home override is <actionName>Tab<\/actionName>, not View/.test(p)), problems.join('\n'));
    problems = problemsAfter(app, '<content>Diamy_Home_Page</content>', '<content>Diamy_Contact_Record_Page</content>');
    assert.ok(problems.some((p) => /Home override uses Diamy_Contact_Record_Page, which is not a Home page/.test(p)), problems.join('\n'));
    problems = problemsAfter(app, '<pageOrSobjectType>standard-home</pageOrSobjectType>', '<pageOrSobjectType>standard-Home</pageOrSobjectType>');
    assert.ok(problems.some((p) => /override of standard-Home: only standard-home takes a Lightning page override/.test(p)), problems.join('\n'));
    problems = problemsAfter('applications/Diamy_Console.app-meta.xml', '<tabs>standard-home</tabs>', '');
    assert.ok(problems.some((p) => /Diamy_Console\.app-meta\.xml: overrides Home, but standard-home is not one of its tabs/.test(p)), problems.join('\n'));
    problems = problemsAfter(app, '<actionName>View</actionName>\n        <comment>Diamy lead', '<actionName>Edit</actionName>\n        <comment>Diamy lead');
    assert.ok(problems.some((p) => /override Edit of Lead with a Lightning page: a record page overrides View/.test(p)), problems.join('\n'));
});

test('page structure: unknown template, a region the template lacks, duplicate names and identifiers, a missing or unshown facet', () => {
    const contact = PAGE('Contact');
    let problems = problemsAfter(contact, '<name>flexipage:recordHomeTemplateDesktop</name>', '<name>flexipage:recordHomeThreeColTemplateDesktop</name>');
    assert.ok(problems.some((p) => /template flexipage:recordHomeThreeColTemplateDesktop is not a template the package knows/.test(p)), problems.join('\n'));
    problems = problemsAfter(HOME, '<name>home:desktopTemplate</name>', '<name>flexipage:recordHomeTemplateDesktop</name>');
    assert.ok(problems.some((p) => /template flexipage:recordHomeTemplateDesktop is for RecordPage pages, not HomePage/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<name>header</name>', '<name>subheader</name>');
    assert.ok(problems.some((p) => /region subheader is not a region of flexipage:recordHomeTemplateDesktop/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<name>detailTabContent</name>\n        <type>Facet</type>', '<name>relatedTabContent</name>\n        <type>Facet</type>');
    assert.ok(problems.some((p) => /region or facet name relatedTabContent is used 2 times/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /flexipage:tab body = detailTabContent, which is not a Facet of this page/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<identifier>c_diamyCallHistory</identifier>', '<identifier>c_diamyClickToDial</identifier>');
    assert.ok(problems.some((p) => /component identifier c_diamyClickToDial is used 2 times/.test(p)), problems.join('\n'));
    problems = problemsAfter(contact, '<value>sidebartabs</value>', '<value>maintabs</value>');
    assert.ok(problems.some((p) => /facet sidebartabs is shown by no tab or tab set/.test(p)), problems.join('\n'));
});

test('a standard component outside the cited catalogue, on the wrong object, or with an unknown property or value, is named', () => {
    let problems = problemsAfter(PAGE('Contact'), '<componentName>forceChatter:recordFeedContainer</componentName>', '<componentName>forceChatter:feed</componentName>');
    assert.ok(problems.some((p) => /component forceChatter:feed is neither a c: bundle nor a standard component the package knows/.test(p)), problems.join('\n'));
    problems = problemsAfter(PAGE('Opportunity'), '<componentName>runtime_sales_pathassistant:pathAssistant</componentName>', '<componentName>runtime_sales_lead:pathAssistant</componentName>');
    assert.ok(problems.some((p) => /runtime_sales_lead:pathAssistant is for Lead record pages, not Opportunity/.test(p)), problems.join('\n'));
    problems = problemsAfter(PAGE('Lead'), '<name>variant</name>\n                    <value>linear</value>', '<name>variant</name>\n                    <value>chevrons</value>');
    assert.ok(problems.some((p) => /runtime_sales_lead:pathAssistant variant = "chevrons" is not one of linear/.test(p)), problems.join('\n'));
    problems = problemsAfter(PAGE('Case'), '<name>rowsToDisplay</name>', '<name>rowCount</name>');
    assert.ok(problems.some((p) => /force:relatedListContainer has no property rowCount the package knows/.test(p)), problems.join('\n'));
    problems = problemsAfter(HOME, '<componentName>runtime_sales_activities:todayTaskContainer</componentName>', '<componentName>force:detailPanel</componentName>');
    assert.ok(problems.some((p) => /component force:detailPanel is used on RecordPage pages, not HomePage/.test(p)), problems.join('\n'));
});
