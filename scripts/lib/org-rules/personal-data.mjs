// Personal data in the package's fields (docs/DATA-PROTECTION.md, "Field classification"): which custom fields hold
// personal data, and the data classification each carries in its metadata (Compliance Categorization = complianceGroup,
// Data Sensitivity Level = securityClassification), so that an admin's data classification report lists them.
//
//   privacy   every field of PERSONAL_DATA carries complianceGroup with GDPR and its securityClassification; no other
//             field of a covered object carries a complianceGroup; every text-like custom field of a covered object is
//             either in PERSONAL_DATA or in NO_PERSONAL_DATA (a new field must be decided); every entry of both lists
//             exists where its object is in the package; every value is one of the org's default values
//
// An unlocked package may ship both elements: they are strings in the CustomField type of Metadata API v66.0
// (scripts/metadata-schema/metadata-v66.xsd) and NebulaLogger, distributed as an unlocked package, ships them on its
// custom fields (SOURCES.nebula). Their values come from value sets the admin can edit (Setup > Data Classification
// Settings): the package only uses default values, which every org has unless its admin removed them.
import { kid, textOf } from './model.mjs';

/** @typedef {import('./model.mjs').Project} Project */
/** @typedef {{ file: string, line: number, rule: string, message: string, source?: string }} Problem */

export const PERSONAL_DATA_SOURCES = {
    help: 'https://help.salesforce.com/s/articleView?id=platform.data_classification_metadata_fields.htm&type=5',
    securityClassification:
        'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-fieldsecurityclassification.html',
    customField: 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm',
    nebula: 'https://github.com/jongpie/NebulaLogger/pull/329'
};

/** Default Data Sensitivity Level values (FieldSecurityClassification, "Default values"). */
export const SECURITY_CLASSIFICATIONS = ['Public', 'Internal', 'Confidential', 'Restricted', 'MissionCritical'];
/** Default Compliance Categorization values (help page "Data Classification Metadata Fields"). */
export const COMPLIANCE_GROUPS = ['CCPA', 'COPPA', 'GDPR', 'HIPAA', 'PCI', 'PersonalInfo', 'PII'];
/** Field types that can hold free text or a number, which the registry must decide on. */
export const TEXT_LIKE_TYPES = ['Text', 'TextArea', 'LongTextArea', 'Html', 'Phone', 'Email', 'Url', 'EncryptedText'];

/**
 * @typedef {object} PersonalField
 * @property {'Confidential' | 'Internal'} sensitivity
 * @property {string} what   what personal data it holds (docs/DATA-PROTECTION.md says the same)
 */
/**
 * The same fields on Contact and Lead (a lead converts into a contact and keeps them): one entry each, for both objects.
 * @param {Record<string, PersonalField>} fields
 * @returns {Record<string, PersonalField>}
 */
function bothPersonObjects(fields) {
    return Object.fromEntries(
        ['Contact', 'Lead'].flatMap((object) => Object.entries(fields).map(([name, field]) => [`${object}.${name}`, field]))
    );
}

/** The package's custom fields that hold personal data. Every one carries complianceGroup GDPR. */
export const PERSONAL_DATA = /** @type {Record<string, PersonalField>} */ ({
    'Diamy_Call__c.From_Number__c': { sensitivity: 'Confidential', what: 'calling number as Diamy delivered it' },
    'Diamy_Call__c.From_Number_E164__c': { sensitivity: 'Confidential', what: 'calling number, international format' },
    'Diamy_Call__c.To_Number__c': { sensitivity: 'Confidential', what: 'called number as Diamy delivered it' },
    'Diamy_Call__c.To_Number_E164__c': { sensitivity: 'Confidential', what: 'called number, international format' },
    'Diamy_Call__c.Caller_Name__c': { sensitivity: 'Confidential', what: 'caller ID name' },
    'Diamy_Call__c.Notes__c': { sensitivity: 'Confidential', what: "the agent's notes on the call" },
    'Diamy_Call__c.Recording_URL__c': { sensitivity: 'Confidential', what: 'link to the recording held by Diamy' },
    'Diamy_Call__c.Consulted_Party__c': { sensitivity: 'Confidential', what: 'colleague or number consulted during the call' },
    'Diamy_Call__c.Follow_Up_Request_Subject__c': {
        sensitivity: 'Confidential',
        what: 'subject of the follow-up task the agent asked for'
    },
    'Diamy_Integration_Log__c.Payload__c': {
        sensitivity: 'Confidential',
        what: 'technical payload (may contain numbers, names, notes)'
    },
    'Diamy_Integration_Log__c.Message__c': {
        sensitivity: 'Confidential',
        what: 'technical message (may name a caller or number)'
    },
    'Activity.Diamy_Follow_Up_Key__c': { sensitivity: 'Confidential', what: "other party's number and the follow-up rule" },
    'Account.Diamy_Phone_Key__c': { sensitivity: 'Confidential', what: 'match key of the phone number (last 8 digits)' },
    ...bothPersonObjects({
        Diamy_Phone_Key__c: { sensitivity: 'Confidential', what: 'match key of Phone (last 8 digits)' },
        Diamy_Mobile_Key__c: { sensitivity: 'Confidential', what: 'match key of MobilePhone (last 8 digits)' },
        Diamy_Contact_Id__c: { sensitivity: 'Internal', what: "the person's identifier in Diamy" },
        Diamy_Phone_Consent_At__c: { sensitivity: 'Internal', what: 'when the person consented to telephone prospecting' },
        Diamy_Phone_Consent_Proof__c: { sensitivity: 'Confidential', what: 'where the proof of consent is kept' },
        Diamy_Phone_Consent_Source__c: { sensitivity: 'Internal', what: 'how the consent was collected' },
        Diamy_Phone_Consent_Withdrawn_At__c: { sensitivity: 'Internal', what: 'when the person withdrew consent' },
        Diamy_Prospecting_Calls__c: { sensitivity: 'Internal', what: 'start times of the last 10 list calls to the person' },
        Diamy_Prospecting_Refused_At__c: { sensitivity: 'Internal', what: 'when the person last refused list calls' },
        Diamy_Current_Contract__c: { sensitivity: 'Internal', what: 'the person holds a contract with the company' }
    }),
    'Contact.Diamy_Home_Phone_Key__c': { sensitivity: 'Confidential', what: 'match key of HomePhone (last 8 digits)' },
    'Contact.Diamy_Other_Phone_Key__c': { sensitivity: 'Confidential', what: 'match key of OtherPhone (last 8 digits)' },
    'Contact.Diamy_Assistant_Phone_Key__c': { sensitivity: 'Confidential', what: 'match key of AssistantPhone (last 8 digits)' },
    'CampaignMember.Diamy_Last_Result__c': {
        sensitivity: 'Internal',
        what: 'result of the last list call to the person (e.g. refused)'
    },
    'CampaignMember.Diamy_Next_Call_At__c': { sensitivity: 'Internal', what: 'when the person asked to be called back' }
});

/** Text-like custom fields of covered objects that hold no personal data, and why. */
export const NO_PERSONAL_DATA = /** @type {Record<string, string>} */ ({
    'Diamy_Call__c.Diamy_Call_Id__c': "Diamy's id of the call (kept for statistics and sync)",
    'Diamy_Call__c.Diamy_Line__c': "the organisation's own line",
    'Diamy_Call__c.Diamy_Queue__c': "the organisation's queue",
    'Diamy_Call__c.Task_Id__c': 'a record id',
    'Diamy_Call__c.Follow_Up_Task_Id__c': 'a record id',
    'Diamy_Call__c.Follow_Up_Request_Task_Id__c': 'a record id',
    'Diamy_Call__c.Campaign_Member_Id__c': 'a record id',
    'Diamy_Integration_Log__c.Diamy_Call_Id__c': "Diamy's id of the call",
    'Diamy_Integration_Log__c.Idempotency_Key__c': 'a random key',
    'Diamy_Integration_Log__c.Related_Record_Id__c': 'a record id',
    'Diamy_Integration_Log__c.Source__c': 'the name of a component or flow',
    'Diamy_Settings__c.Default_Country__c': 'a country code',
    'Diamy_Settings__c.Own_Numbers__c': "the organisation's own numbers",
    'User.Diamy_Default_Country__c': 'a country code',
    'User.Diamy_Org_Id__c': 'the organisation id',
    'User.Diamy_Own_Numbers__c': "the organisation's own numbers"
});

/** Objects whose custom fields the registry covers. */
export const COVERED_OBJECTS = [
    ...new Set([...Object.keys(PERSONAL_DATA), ...Object.keys(NO_PERSONAL_DATA)].map((n) => n.split('.')[0]))
];

/**
 * @param {Project} project
 * @returns {Problem[]}
 */
export function checkPersonalData(project) {
    /** @type {Problem[]} */
    const problems = [];
    const packageUnits = new Set(project.units.filter((u) => u.kind === 'package').map((u) => u.name));
    const fields = project.ofType('CustomField');
    for (const c of fields) {
        const add = (/** @type {number} */ line, /** @type {string} */ message, /** @type {string} */ source) =>
            problems.push({ file: c.file, line, rule: 'privacy', message, source });
        const group = kid(c.root, 'complianceGroup');
        const level = kid(c.root, 'securityClassification');
        const groups = group ? textOf(c.root, 'complianceGroup').split(';') : [];
        for (const g of groups.filter((v) => !COMPLIANCE_GROUPS.includes(v)))
            add(
                group?.line ?? c.root.line,
                `complianceGroup ${g || '(empty)'} is not a default Compliance Categorization value (${COMPLIANCE_GROUPS.join(', ')})`,
                PERSONAL_DATA_SOURCES.help
            );
        if (level && !SECURITY_CLASSIFICATIONS.includes(textOf(c.root, 'securityClassification')))
            add(
                level.line,
                `securityClassification ${textOf(c.root, 'securityClassification') || '(empty)'} is not a default Data Sensitivity Level value (${SECURITY_CLASSIFICATIONS.join(', ')})`,
                PERSONAL_DATA_SOURCES.securityClassification
            );

        const object = c.name.split('.')[0];
        if (!packageUnits.has(c.unit) || !COVERED_OBJECTS.includes(object)) continue;
        const personal = PERSONAL_DATA[c.name];
        if (personal) {
            if (!groups.includes('GDPR'))
                add(
                    group?.line ?? c.root.line,
                    `${c.name} holds personal data (${personal.what}): complianceGroup must include GDPR`,
                    PERSONAL_DATA_SOURCES.help
                );
            if (textOf(c.root, 'securityClassification') !== personal.sensitivity)
                add(
                    level?.line ?? c.root.line,
                    `${c.name} holds personal data (${personal.what}): securityClassification must be ${personal.sensitivity}`,
                    PERSONAL_DATA_SOURCES.help
                );
        } else if (group) {
            add(
                group.line,
                `${c.name} carries a complianceGroup but is not in PERSONAL_DATA (scripts/lib/org-rules/personal-data.mjs)`,
                PERSONAL_DATA_SOURCES.help
            );
        } else if (TEXT_LIKE_TYPES.includes(textOf(c.root, 'type')) && !(c.name in NO_PERSONAL_DATA)) {
            add(
                c.root.line,
                `${c.name} is a ${textOf(c.root, 'type')} field: add it to PERSONAL_DATA (with its classification) or NO_PERSONAL_DATA in scripts/lib/org-rules/personal-data.mjs`,
                PERSONAL_DATA_SOURCES.help
            );
        }
    }
    // Entries that name no field, for objects the package ships fields of.
    const present = new Set(fields.filter((c) => packageUnits.has(c.unit)).map((c) => c.name));
    const shippedObjects = new Set([...present].map((n) => n.split('.')[0]));
    for (const name of [...Object.keys(PERSONAL_DATA), ...Object.keys(NO_PERSONAL_DATA)]) {
        if (shippedObjects.has(name.split('.')[0]) && !present.has(name))
            problems.push({
                file: 'scripts/lib/org-rules/personal-data.mjs',
                line: 1,
                rule: 'privacy',
                message: `${name} is listed but no such field is in the package`,
                source: PERSONAL_DATA_SOURCES.customField
            });
    }
    return problems;
}
