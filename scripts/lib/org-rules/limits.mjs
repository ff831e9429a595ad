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
//   - CustomField: description (project lore: 1000), inlineHelpText (510), Text `length` max
//     (255; only third-party pages such as salesforcedictionary.com say it), picklist value
//     label / fullName, relationshipLabel. The Help page "Custom Field Attributes"
//     (help.salesforce.com ...id=platform.custom_field_attributes.htm) exists but the passages
//     giving numbers could not be retrieved.
//   - CustomObject: label / pluralLabel (40?), description; custom setting / CMDT descriptions.
//   - CustomMetadata records: @developerName, text field values (255?). (label 40: NPSP thread, above)
//   - ValidationRule: description; errorConditionFormula length (the 3,900 formula limit is
//     documented for formula fields, not explicitly for validation formulas); rule API name.
//   - CustomLabels: labels/fullName (label API name) length.
//   - ListView label / fullName; CompactLayout label and field count; Layout anything;
//     CustomTab description; CustomApplication label / description / @developerName;
//     FlexiPage masterLabel / description and component counts; LightningComponentBundle
//     masterLabel and targetConfigs property label / description.
//   - Flow: the flow description is enforced at 255 (the lower of the conflicting sources, see its row);
//     element descriptions — CONFLICTING sources: FlowDefinitionView and
//     FlowVersionView list Description as string 255
//     (.../salesforce-field-reference-flowversionview.html "Description | Version Description |
//     string | 255") but FlowRecordVersion lists it as textarea 65535
//     (.../salesforce-field-reference-flowrecordversion.html); the views may truncate, so no row
//     until the Flow metadata page states it. Element labels and formulas/expression lengths;
//     flow API name length (FlowDefinitionView.ApiName is string 255, a view column, not
//     necessarily the creation limit).
//   - ReportType label / description / section masterLabel / @developerName (only the
//     referencing Report.ReportTypeApiName length 50 is documented, enforced on Report).
//   - Report column count; ReportFolder / DashboardFolder name; Dashboard title, component
//     header / title, component count.
//   - ExternalCredential description and externalCredentialParameters description (Metadata
//     and Tooling API pages list `description` with no limit; the suspected 255 is unverified).
//   - ExternalServiceRegistration description and label (pages list no limit). The help page
//     platform.external_services_schema_def_naming_description.htm limits descriptions INSIDE
//     the schema to 1,333 characters (truncated, not rejected) — not a deploy limit.
//   - NamedCredential / ExternalCredential parameter values (NamedCredential.Endpoint is
//     textarea 1000 in the Field Reference, but a row cannot select the Url parameter alone).
//   - Translations / CustomObjectTranslation / CustomFieldTranslation: lengths of translated
//     labels (presumably those of the source element; not stated).

