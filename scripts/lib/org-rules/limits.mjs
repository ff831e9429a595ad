// Documented Salesforce limits on the text, numbers and sizes this project writes into its metadata.
//
// Why: no org is reachable, so the offline gate proves deployability by itself. A deploy that
// fails only because a description is one character too long is the most common avoidable
// failure; this table lists, for each metadata type the project ships, the limits Salesforce
// documents, each with the page (or, where no page says it, the public issue thread) that
// states it, and the words of that source. The gate reads LIMITS and reports every element over
// its maximum; it never guesses: a limit that is not documented is not enforced (see the list at
// the bottom of this file).
//
// How a row is applied (see the LimitRule typedef):
//   - `type` is the root element of the source file (the Metadata API type, e.g. 'CustomField'
//     for objects/X/fields/Y__c.field-meta.xml), or the pseudo-type 'LwcJavaScript' for the
//     .js file of a Lightning web component bundle.
//   - `path` is relative to the root element: child names joined by '/', each segment matching
//     every child of that name ('labels/value' = the <value> of every <labels>). '@developerName'
//     is the component's API name taken from its file name, without the __c / __mdt / __e suffix
//     and, for CustomMetadata records, without the 'Type.' prefix. '@file' is the whole file.
//   - `measure`: 'length' (characters of each matched element's text, after XML unescaping),
//     'value' (the number written in the element), 'count' (number of matching elements) or
//     'bytes' (file size). `max` is inclusive.
//   - `when` restricts a row to files whose element at `when.path` (relative to the root) has
//     one of the listed values, e.g. only CustomFields of type LongTextArea.
//
// How to add a row: find the Salesforce page that states the limit (Metadata API Developer
// Guide, Tooling API / Object Reference / Salesforce Field Reference pages give lengths as
// "Limit: N characters" or in a Length column; Salesforce Help pages give setup-UI limits).
// Only when no Salesforce page states it, a public issue thread or a real public metadata file
// that shows the platform enforcing it may stand in; say so in `quote`. Copy the URL into
// `source` and the few words that state the limit into `quote`, then add the row in the block
// of its type below. Never add a row without a source: record the limit in the NOT FOUND list
// at the bottom instead. Keep `what` short; it is used in the gate's message
// ("<file>: <what> is N characters, the maximum is M").
//
// Sources were last checked against API version 66.0 (Spring '26) documentation where the
// current page carries the limit; an older-version page is cited where the limit is unchanged
// and the current page does not restate it.

/**
 * @typedef {object} LimitRule
 * @property {string} type        Metadata API root type of the file (e.g. 'PermissionSet', 'CustomField', 'CustomMetadata', 'LightningComponentBundle', 'Flow', 'Report'), or the pseudo-types 'LwcJavaScript' / 'LwcCss' for an LWC bundle's emitted .js / its .css file
 * @property {string} path        where the value is, relative to the root element: child element names joined by '/', each segment matching every child of that name (e.g. 'description', 'valueSet/valueSetDefinition/value/label', 'labels/shortDescription', 'formulas/expression'); or '@developerName' (the component's own API name from its file name, without its __c / __mdt / __e suffix and, for CustomMetadata records, without the 'Type.' prefix); or '@file' (the whole file)
 * @property {'length'|'value'|'count'|'bytes'} measure   length = characters of each matched element's text; value = the number written in it; count = how many elements match; bytes = file size
 * @property {number} max         inclusive maximum
 * @property {{ path: string, in: string[] }} [when]   apply only when the element at `path` (relative to the root) has one of these values, e.g. { path: 'type', in: ['Text'] }
 * @property {string} what        a short human phrase used in the gate's message, e.g. 'permission set description'
 * @property {string} source      URL of the Salesforce documentation page (or, only where no doc says it, a real public metadata file / issue thread) that states the limit
 * @property {string} quote       the few words of that source that state it (paraphrase only if the page is not in English)
 */

const TOOLING = 'https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling';
const FIELD_REF = 'https://developer.salesforce.com/docs/platform/field-reference/references/field-reference';
const META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta';
const OBJECT_REF = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference';
// Some Metadata API and Object Reference quotes below were read in Salesforce's own machine-readable extract of
// those pages (github.com/forcedotcom/sf-skills: skills/platform-metadata-api-context-get/assets/metadata_api/*.json
// and skills/platform-data-and-tooling-api-context-get/assets/*/*.json), because the pages themselves could not
// be fetched; the rows cite the pages. Each such row says "(page text as in forcedotcom/sf-skills)" in a comment.

/** @type {ReadonlyArray<Readonly<LimitRule>>} */
export const LIMITS = Object.freeze(
    /** @type {LimitRule[]} */ ([
        // ---------------------------------------------------------------- PermissionSet
        {
            type: 'PermissionSet',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'permission set description',
            source: `${TOOLING}/tooling_api_objects_permissionset.htm`,
            quote: 'A description of the permission set. Limit: 255 characters.'
        },
        {
            type: 'PermissionSet',
            path: 'label',
            measure: 'length',
            max: 80,
            what: 'permission set label',
            source: `${TOOLING}/tooling_api_objects_permissionset.htm`,
            quote: 'The permission set label, which corresponds to Label in the user interface. Limit: 80 characters.'
        },
        {
            type: 'PermissionSet',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'permission set API name',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.224.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_PermissionSet.htm',
            quote: 'Permission Set Name | Name | string | 80'
        },

        // ---------------------------------------------------------------- CustomObject
        {
            type: 'CustomObject',
            path: '@developerName',
            measure: 'length',
            max: 40,
            what: 'object API name (without __c / __mdt)',
            source: 'https://help.salesforce.com/s/articleView?id=000381913&language=en_US&type=1',
            quote: 'When you create a Custom Object that is 40 characters , "__c" is suffixed that makes it 43 char.'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/CustomObject.json). Applies to every CustomObject
            // file: custom objects, custom settings and custom metadata types.
            type: 'CustomObject',
            path: 'description',
            measure: 'length',
            max: 1000,
            what: 'object description',
            source: `${META}/customobject.htm`,
            quote: 'description | string | A description of the object. Maximum of 1000 characters.'
        },

        // ---------------------------------------------------------------- CustomField
        {
            type: 'CustomField',
            path: 'label',
            measure: 'length',
            max: 40,
            what: 'field label',
            source: 'https://help.salesforce.com/s/articleView?id=000381913&language=en_US&type=1',
            quote: 'The current character limit for creating field names and labels is 40 characters.'
        },
        {
            type: 'CustomField',
            path: '@developerName',
            measure: 'length',
            max: 40,
            what: 'field API name (without __c)',
            source: 'https://help.salesforce.com/s/articleView?id=000381913&language=en_US&type=1',
            quote: 'The current character limit for creating field names and labels is 40 characters.'
        },
        {
            type: 'CustomField',
            path: 'formula',
            measure: 'length',
            max: 3900,
            what: 'formula',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/api/apex_formulaeval.htm',
            quote: 'bound by the formula field character limit ... A formula can contain up to 3,900 characters including spaces, return characters, and comments.'
        },
        {
            type: 'CustomField',
            path: 'length',
            measure: 'value',
            max: 131072,
            when: { path: 'type', in: ['LongTextArea'] },
            what: 'Long Text Area length',
            source: 'https://github.com/forcedotcom/dataloader/issues/207',
            quote: 'Issue thread (no Salesforce page with this number was found): "Since a Text Area (Long) permits 131,072 characters max"'
        },
        {
            type: 'CustomField',
            path: 'description',
            measure: 'length',
            max: 1000,
            what: 'field description',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.228.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_FieldDefinition.htm',
            quote: 'Field Reference length column of FieldDefinition: "Description | Description | textarea | 1000"'
        },
        {
            // The Help page states the creation limit. Note: the Field Reference lists the read-only
            // PicklistValueInfo view as "Label | Label | string | 70" and "Value | Value | string | 70"
            // (.../salesforce-field-reference-picklistvalueinfo.html); the stated creation limit is enforced here.
            type: 'CustomField',
            path: 'valueSet/valueSetDefinition/value/fullName',
            measure: 'length',
            max: 255,
            what: 'picklist value API name',
            source: 'https://help.salesforce.com/HTViewHelpDoc?id=fields_creating_picklists.htm&language=en_US',
            quote: 'If you didn’t use a global picklist value set, enter picklist values. Put each value on a separate line. Values can be up to 255 characters long.'
        },
        {
            type: 'CustomField',
            path: 'valueSet/valueSetDefinition/value/label',
            measure: 'length',
            max: 255,
            what: 'picklist value label',
            source: 'https://help.salesforce.com/HTViewHelpDoc?id=fields_creating_picklists.htm&language=en_US',
            quote: 'If you didn’t use a global picklist value set, enter picklist values. Put each value on a separate line. Values can be up to 255 characters long.'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/CustomValue.json).
            type: 'CustomField',
            path: 'valueSet/valueSetDefinition/value/description',
            measure: 'length',
            max: 255,
            what: 'picklist value description',
            source: `${META}/customvalue.htm`,
            quote: 'description | string | A picklist value’s description. ... Limit: 255 characters.'
        },

        // ---------------------------------------------------------------- ValidationRule
        {
            type: 'ValidationRule',
            path: 'errorMessage',
            measure: 'length',
            max: 255,
            what: 'validation rule error message',
            source: `${TOOLING}/tooling_api_objects_validationrule.htm`,
            quote: 'The message that appears if the validation rule fails. The message must be 255 characters or less.'
        },
        {
            type: 'ValidationRule',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'validation rule description',
            source: 'https://help.salesforce.com/s/articleView?id=platform.fields_validation_rules_fields.htm&language=en_US&type=5',
            quote: 'Description | A 255-character or less description that distinguishes the validation rule from others.'
        },
        {
            type: 'ValidationRule',
            path: '@developerName',
            measure: 'length',
            max: 40,
            what: 'validation rule name',
            source: 'https://help.salesforce.com/s/articleView?id=platform.fields_validation_rules_fields.htm&language=en_US&type=5',
            quote: 'Rule Name | Unique identifier of up to 40 characters with no spaces or special characters such as extended characters.'
        },

        // ---------------------------------------------------------------- ListView
        {
            type: 'ListView',
            path: 'label',
            measure: 'length',
            max: 40,
            what: 'list view label',
            source: `${FIELD_REF}/salesforce-field-reference-listview.html`,
            quote: 'Name | View Name | string | 40'
        },
        {
            // Conservative: the Field Reference gives "DeveloperName | View Unique Name | string | 80", the Object
            // Reference page says 40 for the same field; the lower is enforced.
            type: 'ListView',
            path: '@developerName',
            measure: 'length',
            max: 40,
            what: 'list view API name',
            source: 'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-listview.html',
            quote: 'DeveloperName: The unique name of the object in the API. The name: must be 40 characters or fewer'
        },

        // ---------------------------------------------------------------- CustomApplication
        {
            // The metadata label is the app's master label; AppDefinition.Label (string 1000) is the
            // translated label column.
            type: 'CustomApplication',
            path: 'label',
            measure: 'length',
            max: 40,
            what: 'app label',
            source: `${FIELD_REF}/salesforce-field-reference-appdefinition.html`,
            quote: 'AppDefinition: MasterLabel | Master Label | string | 40'
        },
        {
            type: 'CustomApplication',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'app description',
            source: `${FIELD_REF}/salesforce-field-reference-appdefinition.html`,
            quote: 'AppDefinition: Description | Description | string | 255'
        },
        {
            type: 'CustomApplication',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'app API name',
            source: `${FIELD_REF}/salesforce-field-reference-appdefinition.html`,
            quote: 'AppDefinition: DeveloperName | Developer Name | string | 80'
        },

        // ---------------------------------------------------------------- CustomPermission
        {
            type: 'CustomPermission',
            path: 'label',
            measure: 'length',
            max: 80,
            what: 'custom permission label',
            source: `${OBJECT_REF}/sforce_api_objects_custompermission.htm`,
            quote: 'MasterLabel: The custom permission label, which corresponds to Label in the user interface. Limit: 80 characters.'
        },
        {
            type: 'CustomPermission',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'custom permission description',
            source: `${OBJECT_REF}/sforce_api_objects_custompermission.htm`,
            quote: 'Description: A description of the custom permission. Limit: 255 characters.'
        },
        {
            type: 'CustomPermission',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'custom permission API name',
            source: `${OBJECT_REF}/sforce_api_objects_custompermission.htm`,
            quote: 'DeveloperName: The unique name of the custom permission in the API. ... Limit: 80 characters.'
        },

        // ---------------------------------------------------------------- CustomLabels
        {
            type: 'CustomLabels',
            path: 'labels/value',
            measure: 'length',
            max: 1000,
            what: 'custom label value',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customlabels.htm',
            quote: 'Custom labels are custom text values, up to 1,000 characters in length'
        },
        {
            type: 'CustomLabels',
            path: 'labels/categories',
            measure: 'length',
            max: 255,
            what: 'custom label categories',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.264.0.api_tooling.meta/api_tooling/tooling_api_objects_externalstring.htm',
            quote: 'Text that categorizes the label, limited to 255 characters.'
        },
        {
            type: 'CustomLabels',
            path: 'labels/shortDescription',
            measure: 'length',
            max: 80,
            what: 'custom label short description',
            source: 'https://github.com/coveo/ui-kit/pull/1128',
            quote: 'Pull request thread (no Salesforce page found): "a localized string `shortDescription` value must not exceed 80 characters long" / deploy error "Value too long for field: MasterLabel maximum length is:80"'
        },

        // ---------------------------------------------------------------- LightningComponentBundle
        {
            type: 'LightningComponentBundle',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'Lightning web component description',
            source: 'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-lightningcomponentbundle.html',
            quote: 'The text description of the bundle. Maximum size of 255 characters.'
        },
        {
            type: 'LwcJavaScript',
            path: '@file',
            measure: 'bytes',
            max: 1000000,
            what: 'Lightning web component JavaScript file',
            source: 'https://developer.salesforce.com/docs/platform/lwc/guide/create-components-javascript.html',
            quote: 'A component’s JavaScript file can have a maximum file size of 1 MB (1,000,000 bytes).'
        },

        // ---------------------------------------------------------------- CustomNotificationType
        {
            type: 'CustomNotificationType',
            path: 'customNotifTypeName',
            measure: 'length',
            max: 80,
            what: 'notification type name',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.236.0.api_meta.meta/api_meta/meta_customnotificationtype.htm',
            quote: 'customNotifTypeName string Required. Specifies a notification type name. Maximum number of characters: 80.'
        },
        {
            type: 'CustomNotificationType',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'notification type description',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.236.0.api_meta.meta/api_meta/meta_customnotificationtype.htm',
            quote: 'Specifies a general description of the notification type, which is displayed with the notification type name. Maximum number of characters: 255.'
        },
        {
            type: 'CustomNotificationType',
            path: 'masterLabel',
            measure: 'length',
            max: 80,
            what: 'notification type label',
            source: `${FIELD_REF}/salesforce-field-reference-customnotificationtype.html`,
            quote: 'MasterLabel | Label | string | 80'
        },
        {
            type: 'CustomNotificationType',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'notification type API name',
            source: `${FIELD_REF}/salesforce-field-reference-customnotificationtype.html`,
            quote: 'DeveloperName | Name | string | 80'
        },

        // ---------------------------------------------------------------- Flow / FlowTest
        {
            type: 'Flow',
            path: 'label',
            measure: 'length',
            max: 255,
            what: 'flow label',
            source: `${FIELD_REF}/salesforce-field-reference-flowversionview.html`,
            quote: 'Label | Version Label | string | 255'
        },
        {
            // Conservative: FlowVersionView and FlowDefinitionView give the (version) description as string 255,
            // FlowRecordVersion as textarea 65,535, and the Flow metadata page states nothing. Keeping flow
            // descriptions within 255 cannot fail a deploy; the org checklist asks an org to settle it.
            type: 'Flow',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'flow description',
            source: `${FIELD_REF}/salesforce-field-reference-flowversionview.html`,
            quote: 'Description | Version Description | string | 255'
        },
        {
            type: 'Flow',
            path: 'interviewLabel',
            measure: 'length',
            max: 1000,
            what: 'flow interview label',
            source: `${FIELD_REF}/salesforce-field-reference-flowinterview.html`,
            quote: 'InterviewLabel | Interview Label | string | 1000'
        },
        {
            type: 'FlowTest',
            path: 'label',
            measure: 'length',
            max: 255,
            what: 'flow test label',
            source: `${FIELD_REF}/salesforce-field-reference-flowtestview.html`,
            quote: 'FlowTestLabel | Flow Test Label | string | 255'
        },
        {
            type: 'FlowTest',
            path: 'description',
            measure: 'length',
            max: 1000,
            what: 'flow test description',
            source: `${FIELD_REF}/salesforce-field-reference-flowtestview.html`,
            quote: 'Description | Description | textarea | 1000'
        },
        {
            type: 'FlowTest',
            path: '@developerName',
            measure: 'length',
            max: 255,
            what: 'flow test API name',
            source: `${FIELD_REF}/salesforce-field-reference-flowtestview.html`,
            quote: 'FlowTestApiName | Flow Test API Name | string | 255'
        },

        // ---------------------------------------------------------------- Report / Dashboard
        {
            type: 'Report',
            path: 'name',
            measure: 'length',
            max: 40,
            what: 'report name',
            source: `${FIELD_REF}/salesforce-field-reference-report.html`,
            quote: 'Name | Report Name | string | 40'
        },
        {
            type: 'Report',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'report description',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_objects_report.htm',
            quote: 'The description of the report. Limit: 255 characters.'
        },
        {
            type: 'Report',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'report unique name',
            source: `${FIELD_REF}/salesforce-field-reference-report.html`,
            quote: 'DeveloperName | Report Unique Name | string | 80'
        },
        {
            type: 'Report',
            path: 'reportType',
            measure: 'length',
            max: 50,
            what: 'report type API name used by the report',
            source: `${FIELD_REF}/salesforce-field-reference-report.html`,
            quote: 'ReportTypeApiName | Report Type API Name | string | 50'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/Report.json), for this and the next two rows.
            type: 'Report',
            path: 'chart/title',
            measure: 'length',
            max: 255,
            what: 'report chart title',
            source: `${META}/meta_report.htm`,
            quote: 'ReportChart title: The chart title. Max 255 characters.'
        },
        {
            type: 'Report',
            path: 'buckets/masterLabel',
            measure: 'length',
            max: 40,
            what: 'report bucket field label',
            source: `${META}/meta_report.htm`,
            quote: 'ReportBucketField masterLabel: The bucket field label. Maximum 40 characters.'
        },
        {
            type: 'Report',
            path: 'aggregates/description',
            measure: 'length',
            max: 255,
            what: 'report summary formula description',
            source: `${META}/meta_report.htm`,
            quote: 'ReportAggregate description: The custom summary formula description. Maximum: 255 characters.'
        },
        {
            type: 'Dashboard',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'dashboard description',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.218.0.api.meta/api/sforce_api_objects_dashboard.htm',
            quote: 'Returns the description of the dashboard. Limit: 255 characters.'
        },
        {
            type: 'Dashboard',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'dashboard unique name',
            source: `${FIELD_REF}/salesforce-field-reference-dashboard.html`,
            quote: 'DeveloperName | Dashboard Unique Name | string | 80'
        },
        {
            // Page text as in forcedotcom/sf-skills (enterprise_api/Dashboard.json).
            type: 'Dashboard',
            path: 'title',
            measure: 'length',
            max: 80,
            what: 'dashboard title',
            source: `${OBJECT_REF}/sforce_api_objects_dashboard.htm`,
            quote: 'Title: Returns the title of the dashboard. Limit: 80 characters.'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/Dashboard.json). The same DashboardComponent limits
            // apply to components of the classic column layout (leftSection / middleSection / rightSection /
            // components), which this project does not use; add rows for those paths if it ever does.
            type: 'Dashboard',
            path: 'dashboardGridLayout/dashboardGridComponents/dashboardComponent/header',
            measure: 'length',
            max: 80,
            what: 'dashboard component header',
            source: `${META}/meta_dashboard.htm`,
            quote: 'DashboardComponent header: Header displayed at the top of the dashboard component. Maximum of 80 characters.'
        },
        {
            type: 'Dashboard',
            path: 'dashboardGridLayout/dashboardGridComponents/dashboardComponent/title',
            measure: 'length',
            max: 40,
            what: 'dashboard component title',
            source: `${META}/meta_dashboard.htm`,
            quote: 'DashboardComponent title: The title of the dashboard component. Maximum of 40 characters.'
        },
        {
            type: 'Dashboard',
            path: 'dashboardGridLayout/dashboardGridComponents/dashboardComponent/footer',
            measure: 'length',
            max: 255,
            what: 'dashboard component footer',
            source: `${META}/meta_dashboard.htm`,
            quote: 'DashboardComponent footer: Footer displayed at the bottom of the dashboard component. Maximum of 255 characters.'
        },

        // ---------------------------------------------------------------- ReportType
        {
            // Conservative, and from a third-party copy: the help.salesforce.com page "Create a Custom Report Type"
            // could not be fetched; gyde.ai reproduces its steps word for word. The Field Reference's CustomReportType
            // object (API 68.0, .../salesforce-field-reference-customreporttype.html) lists larger columns
            // ("MasterLabel | Master Label | string | 255", "Description | Description | textarea | 1000"); the
            // lower, stated setup limits are enforced.
            type: 'ReportType',
            path: 'label',
            measure: 'length',
            max: 50,
            what: 'report type label',
            source: 'https://gyde.ai/kb/create-a-custom-report-type',
            quote: 'Copy of Salesforce Help "Create a Custom Report Type": "Enter the Report Type Label and the Report Type Name. The label can be up to 50 characters long."'
        },
        {
            type: 'ReportType',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'report type description',
            source: 'https://gyde.ai/kb/create-a-custom-report-type',
            quote: 'Copy of Salesforce Help "Create a Custom Report Type": "Enter a description for your custom report type, up to 255 characters long."'
        },
        {
            // A report references a custom report type as <name>__c in Report.reportType, limited to 50 (Report row
            // above), so in practice a report type referenced by a report needs a shorter name than this.
            type: 'ReportType',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'report type API name',
            source: `${FIELD_REF}/salesforce-field-reference-customreporttype.html`,
            quote: 'CustomReportType: DeveloperName | Report Type Name | string | 80'
        },

        // ---------------------------------------------------------------- FlexiPage
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/FlexiPage.json), for both rows.
            type: 'FlexiPage',
            path: 'flexiPageRegions/itemInstances/componentInstance/identifier',
            measure: 'length',
            max: 120,
            what: 'Lightning page component identifier',
            source: `${META}/meta_flexipage.htm`,
            quote: 'ComponentInstance identifier: The unique name of the ComponentInstance. ... This field has a maximum limit of 120 characters.'
        },
        {
            type: 'FlexiPage',
            path: 'flexiPageRegions/itemInstances/fieldInstance/identifier',
            measure: 'length',
            max: 120,
            what: 'Lightning page field identifier',
            source: `${META}/meta_flexipage.htm`,
            quote: 'FieldInstance identifier: The unique name of the FieldInstance. ... This field has a maximum limit of 120 characters.'
        },

        // ---------------------------------------------------------------- Translations
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/CustomObjectTranslation.json), for this and the
            // next two rows. In source format each CustomFieldTranslation is its own .fieldTranslation file.
            type: 'CustomFieldTranslation',
            path: 'label',
            measure: 'length',
            max: 40,
            what: 'translated field label',
            source: `${META}/meta_customobjecttranslation.htm`,
            quote: 'CustomFieldTranslation label: Translation for the label. Maximum of 40 characters.'
        },
        {
            type: 'CustomObjectTranslation',
            path: 'nameFieldLabel',
            measure: 'length',
            max: 80,
            what: 'translated name field label',
            source: `${META}/meta_customobjecttranslation.htm`,
            quote: 'nameFieldLabel: The label for the name field. Maximum of 80 characters.'
        },
        {
            type: 'CustomObjectTranslation',
            path: 'layouts/sections/label',
            measure: 'length',
            max: 765,
            what: 'translated layout section label',
            source: `${META}/meta_customobjecttranslation.htm`,
            quote: 'LayoutSectionTranslation label: Translation for the label. Maximum of 765 characters.'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/Translations.json), for both rows.
            type: 'Translations',
            path: 'customLabels/label',
            measure: 'length',
            max: 765,
            what: 'translated custom label',
            source: `${META}/meta_translations.htm`,
            quote: 'CustomLabelTranslation label: The translated custom label name. Maximum of 765 characters.'
        },
        {
            type: 'Translations',
            path: 'customApplications/label',
            measure: 'length',
            max: 765,
            what: 'translated app label',
            source: `${META}/meta_translations.htm`,
            quote: 'CustomApplicationTranslation label: The translated custom application name. Maximum of 765 characters.'
        },

        // ---------------------------------------------------------------- CspTrustedSite
        {
            type: 'CspTrustedSite',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'trusted URL description',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.228.0.object_reference.meta/object_reference/sforce_api_objects_csptrustedsite.htm',
            quote: 'The description of the trusted site. Limit: 255 characters.'
        },
        {
            type: 'CspTrustedSite',
            path: 'endpointUrl',
            measure: 'length',
            max: 255,
            what: 'trusted URL',
            source: `${FIELD_REF}/salesforce-field-reference-csptrustedsite.html`,
            quote: 'EndpointUrl | URL | string | 255'
        },
        {
            type: 'CspTrustedSite',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'trusted URL API name',
            source: `${FIELD_REF}/salesforce-field-reference-csptrustedsite.html`,
            quote: 'DeveloperName | API Name | string | 80'
        },

        // ---------------------------------------------------------------- NamedCredential
        {
            type: 'NamedCredential',
            path: 'description',
            measure: 'length',
            max: 255,
            what: 'named credential description',
            source: `${FIELD_REF}/salesforce-field-reference-namedcredential.html`,
            quote: 'Description | Description | string | 255'
        },
        {
            type: 'NamedCredential',
            path: 'label',
            measure: 'length',
            max: 80,
            what: 'named credential label',
            source: 'https://developer.salesforce.com/docs/atlas.en-us.202.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_NamedCredential.htm',
            quote: 'Label | MasterLabel | string | 80'
        },
        {
            type: 'NamedCredential',
            path: '@developerName',
            measure: 'length',
            max: 80,
            what: 'named credential API name',
            source: `${FIELD_REF}/salesforce-field-reference-namedcredential.html`,
            quote: 'DeveloperName | Name | string | 80'
        },

        // ---------------------------------------------------------------- CustomMetadata (records)
        {
            // No Salesforce page found stating it; a maintainer of Salesforce.org's NPSP, which writes
            // custom metadata records at run time, reports the platform refusing longer labels.
            type: 'CustomMetadata',
            path: 'label',
            measure: 'length',
            max: 40,
            what: 'custom metadata record label',
            source: 'https://github.com/SalesforceFoundation/NPSP/pull/3022',
            quote: 'The Label field size limit of 40 is challenging to work with. I kept running into errors with the size of the auto generated values.'
        },
        {
            // No Salesforce page found stating it. Declarative Lookup Rollup Summaries saves its rollups as custom
            // metadata records (LookupRollupSummary2__mdt); its users report the platform refusing longer names, and
            // the maintainers then limited "Label and API Name" to 40 (issue #1236, pull request #1468).
            type: 'CustomMetadata',
            path: '@developerName',
            measure: 'length',
            max: 40,
            what: 'custom metadata record API name',
            source: 'https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/25',
            quote: 'Issue thread (no Salesforce page found): "Value too long for field: fullName maximum length is:40 (FIELD_INTEGRITY_EXCEPTION)"'
        },
        {
            // Page text as in forcedotcom/sf-skills (metadata_api/CustomMetadata.json).
            type: 'CustomMetadata',
            path: 'description',
            measure: 'length',
            max: 1000,
            what: 'custom metadata record description',
            source: `${META}/meta_custommetadata.htm`,
            quote: 'description | string | A description of the custom metadata record. This field can contain a maximum of 1,000 characters.'
        },

        // ---------------------------------------------------------------- LwcCss
        {
            type: 'LwcCss',
            path: '@file',
            measure: 'bytes',
            max: 131072,
            what: 'Lightning web component CSS file',
            source: 'https://developer.salesforce.com/docs/platform/lwc/guide/create-components-css-file.html',
            quote: 'A component’s CSS file can have a maximum file size of 128 KB (131,072 bytes)'
        },

        // ---------------------------------------------------------------- ExternalServiceRegistration
        {
            // The documented YAML maximum is lower (3,000,000 characters); this project registers
            // JSON schemas only (contract/build-external-service.mjs), so only the JSON row exists.
            type: 'ExternalServiceRegistration',
            path: 'schema',
            measure: 'length',
            max: 10000000,
            what: 'External Service schema (JSON)',
            source: 'https://help.salesforce.com/apex/HTViewHelpDoc?id=platform.external_services_schema_def_limits.htm',
            quote: 'Max schema size (JSON) 10,000,000 characters (10.0 MB)'
        }
    ])
);

/** Sorted unique list of the `type` values of LIMITS. */
export const LIMIT_TYPES = Object.freeze([...new Set(LIMITS.map((rule) => rule.type))].sort());

// NOT FOUND — limits looked for and not found stated by any Salesforce page, issue thread or
// public metadata file reachable from the research corpus (so not enforced; add a row when a
// source turns up):
//   - CustomField: inlineHelpText (project lore: 510). The Help page "Custom Field Attributes"
//     (help.salesforce.com ...id=platform.custom_field_attributes.htm) exists but the passages giving
//     numbers could not be retrieved, and no deploy error was found in a public thread. CONFLICTING hint:
//     the Field Reference lists the read-only EntityParticle view as "InlineHelpText | Inline Help Text |
//     string | 150" (atlas.en-us.228.0.sfFieldRef ... salesforce_field_reference_EntityParticle.htm), far
//     below the believed 510 and not a creation limit, so no row. (Project maximum today: 146.)
//   - CustomField: Text `length` maximum (255; only third-party pages such as salesforcedictionary.com
//     say it); relationshipLabel; relationshipName.
//   - CustomObject: label / pluralLabel (40?). EntityDefinition's Field Reference page is not
//     reachable from the corpus; the Help pages on custom object fields give no numbers.
//   - CustomMetadata records: text field values (255?) — also a row on values/value cannot tell
//     text fields from others, nor Long Text Area ones.
//   - ValidationRule: errorConditionFormula length (the 3,900 formula limit is documented for formula
//     fields, not explicitly for validation formulas; the Help page "Validation Rules Fields" gives none).
//   - CustomLabels: labels/fullName (label API name) length (80 only on third-party pages).
//   - CompactLayout label and field count; Layout anything; CustomTab description (TabDefinition in
//     the Field Reference has no Description); FlexiPage masterLabel / description and component
//     counts; LightningComponentBundle masterLabel and targetConfigs property label / description
//     (Tooling API pages give no numbers; these are not Field Reference objects).
//   - Flow: the flow description is enforced at 255 (the lower of the conflicting sources, see its row);
//     element descriptions — CONFLICTING sources: FlowDefinitionView and
//     FlowVersionView list Description as string 255
//     (.../salesforce-field-reference-flowversionview.html "Description | Version Description |
//     string | 255") but FlowRecordVersion lists it as textarea 65535
//     (.../salesforce-field-reference-flowrecordversion.html); the views may truncate, so no row
//     until the Flow metadata page states it. Element labels and formulas/expression lengths;
//     flow API name length (FlowDefinitionView.ApiName is string 255, a view column, not
//     necessarily the creation limit).
//   - ReportType section masterLabel and column counts.
//   - Report column count; ReportFolder / DashboardFolder name; Dashboard component count; the
//     classic dashboard column layout's component header / title / footer (documented with the grid
//     ones, no rows because the project uses the grid layout).
//   - ExternalCredential description and externalCredentialParameters description (Metadata
//     and Tooling API pages list `description` with no limit; the suspected 255 is unverified).
//   - ExternalServiceRegistration description and label (pages list no limit). The help page
//     platform.external_services_schema_def_naming_description.htm limits descriptions INSIDE
//     the schema to 1,333 characters (truncated, not rejected) — not a deploy limit.
//   - NamedCredential / ExternalCredential parameter values (NamedCredential.Endpoint is
//     textarea 1000 in the Field Reference, but a row cannot select the Url parameter alone).
//   - Translations / CustomObjectTranslation / CustomFieldTranslation: translated field help,
//     description, relationshipLabel and picklist value translations, translated report type and app
//     descriptions, caseValues (no numbers on the Metadata API pages; the documented ones are rows).
