// Source-format file → Metadata API root type mapping, shared by the schema generator
// (scripts/generate-metadata-schema.mjs) and the validator (scripts/validate-metadata.mjs).
//
// Suffixes are the source-format ones of @salesforce/source-deploy-retrieve's registry
// (lib/src/registry/metadataRegistry.json); scripts/tests/validate-metadata.test.mjs checks that
// every entry here agrees with that registry. To support a new type: add it here, run
// `npm run schema:generate` (needs the WSDL) and commit the regenerated XSD with its manifest
// (scripts/metadata-schema/metadata-v66.manifest.json; a test fails when the root types no longer match it).

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
export const API_VERSION = '66.0';

/**
 * `<name>.<suffix>-meta.xml` → root element / Metadata API type.
 * @type {Readonly<Record<string, string>>}
 */
export const SUFFIX_TYPES = Object.freeze({
    // objects/<Object>/… (decomposed CustomObject and its children)
    object: 'CustomObject',
    field: 'CustomField',
    listView: 'ListView',
    compactLayout: 'CompactLayout',
    validationRule: 'ValidationRule',
    recordType: 'RecordType',
    webLink: 'WebLink',
    fieldSet: 'FieldSet',
    businessProcess: 'BusinessProcess',
    sharingReason: 'SharingReason',
    index: 'Index',
    layout: 'Layout',
    tab: 'CustomTab',
    // access
    permissionset: 'PermissionSet',
    permissionsetgroup: 'PermissionSetGroup',
    customPermission: 'CustomPermission',
    profile: 'Profile',
    // labels and translations
    labels: 'CustomLabels',
    translation: 'Translations',
    objectTranslation: 'CustomObjectTranslation',
    fieldTranslation: 'CustomFieldTranslation',
    globalValueSetTranslation: 'GlobalValueSetTranslation',
    standardValueSetTranslation: 'StandardValueSetTranslation',
    // UI
    js: 'LightningComponentBundle',
    page: 'ApexPage',
    messageChannel: 'LightningMessageChannel',
    app: 'CustomApplication',
    appMenu: 'AppMenu',
    flexipage: 'FlexiPage',
    quickAction: 'QuickAction',
    pathAssistant: 'PathAssistant',
    notiftype: 'CustomNotificationType',
    resource: 'StaticResource',
    asset: 'ContentAsset',
    // automation
    flow: 'Flow',
    flowtest: 'FlowTest',
    flowDefinition: 'FlowDefinition',
    // data
    md: 'CustomMetadata',
    globalValueSet: 'GlobalValueSet',
    standardValueSet: 'StandardValueSet',
    duplicateRule: 'DuplicateRule',
    matchingRule: 'MatchingRules',
    queue: 'Queue',
    group: 'Group',
    // analytics
    reportType: 'ReportType',
    report: 'Report',
    reportFolder: 'ReportFolder',
    dashboard: 'Dashboard',
    dashboardFolder: 'DashboardFolder',
    // integration and security
    cspTrustedSite: 'CspTrustedSite',
    corsWhitelistOrigin: 'CorsWhitelistOrigin',
    remoteSite: 'RemoteSiteSetting',
    namedCredential: 'NamedCredential',
    externalCredential: 'ExternalCredential',
    externalServiceRegistration: 'ExternalServiceRegistration',
    connectedApp: 'ConnectedApp',
    // External Client App "Diamy Integration" (connection/sync-app, connection/sync-app-policies; docs/SYNC.md)
    eca: 'ExternalClientApplication',
    ecaGlblOauth: 'ExtlClntAppGlobalOauthSettings',
    ecaOauth: 'ExtlClntAppOauthSettings',
    ecaOauthPlcy: 'ExtlClntAppOauthConfigurablePolicies',
    ecaPlcy: 'ExtlClntAppConfigurablePolicies',
    platformEventChannel: 'PlatformEventChannel',
    platformEventChannelMember: 'PlatformEventChannelMember',
    // telephony / service
    callCenter: 'CallCenter',
    serviceChannel: 'ServiceChannel',
    servicePresenceStatus: 'ServicePresenceStatus',
    presenceUserConfig: 'PresenceUserConfig',
    queueRoutingConfig: 'QueueRoutingConfig'
});

/**
 * Whole file names (manifests) → root type.
 * @type {Readonly<Record<string, string>>}
 */
export const FILE_NAME_TYPES = Object.freeze({
    'package.xml': 'Package',
    'destructiveChanges.xml': 'Package',
    'destructiveChangesPre.xml': 'Package',
    'destructiveChangesPost.xml': 'Package'
});

/** Every root type the generated schema declares a global element for (sorted). */
export const ROOT_TYPES = Object.freeze([...new Set([...Object.values(SUFFIX_TYPES), ...Object.values(FILE_NAME_TYPES)])].sort());

const META_SUFFIX = '-meta.xml';

/**
 * Expected root type of a metadata file, from its name.
 * @param {string} fileName base name, e.g. `Phone__c.field-meta.xml`
 * @returns {{ type: string, suffix: string } | { type: null, suffix: string | null }}
 */
export function typeForFileName(fileName) {
    if (Object.hasOwn(FILE_NAME_TYPES, fileName)) {
        return { type: FILE_NAME_TYPES[fileName], suffix: null };
    }
    if (fileName.endsWith(META_SUFFIX)) {
        const stem = fileName.slice(0, -META_SUFFIX.length);
        const dot = stem.lastIndexOf('.');
        const suffix = dot >= 0 ? stem.slice(dot + 1) : '';
        const type = Object.hasOwn(SUFFIX_TYPES, suffix) ? SUFFIX_TYPES[suffix] : null;
        return { type, suffix };
    }
    return { type: null, suffix: null };
}
