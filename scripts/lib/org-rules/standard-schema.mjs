// The standard Salesforce schema this project relies on: every standard object, field, picklist
// value, relationship, tab, Lightning page component and template, related list, list-view
// column, flow global and flow action that a metadata file of force-app/, connection/ or
// org-tests/ names, plus a few obvious siblings the project is about to need (the phone, e-mail
// and do-not-call fields of Contact, Lead, Account and Case, CampaignMember.Status).
//
// Why: no org is reachable, so the offline gate checks that every object, field, tab, app,
// component and value a metadata file names exists either in the package itself or in this
// list. The subscriber org's schema is unknown (any edition, any admin customisation), so THIS
// LIST IS THE CONTRACT: what is here is what the package assumes every subscriber org has. A
// name missing from both the package and this list is a deploy or install failure waiting to
// happen, and the gate reports it.
//
// How an entry reads:
//   - STANDARD_OBJECTS.<Object>.fields.<Field>: `type` is the SOAP/describe type (string,
//     textarea, phone, email, picklist, boolean, date, datetime, int, currency, reference, id,
//     combobox); `createable` / `updateable` are the Create / Update properties of the Object
//     Reference (false = read-only through the API, flows and metadata that writes records);
//     `length` where a Salesforce page states it; `referenceTo` for lookups (an array when
//     polymorphic); `values` for picklists. `valuesConfigurable: true` marks a standard
//     picklist whose values an administrator can rename, add or deactivate (TaskStatus,
//     TaskPriority, LeadStatus, CaseStatus, OpportunityStage...): the listed values are the
//     Salesforce defaults, so a flow or test writing one of them is allowed but should be
//     flagged as an assumption about the subscriber org. `restricted: true` marks a restricted
//     picklist whose values nobody can change (CallType, TaskSubtype).
//   - `source` is the Salesforce page that states the fact; `quote` gives its words for every
//     fact that is not obvious (a length, a read-only field, picklist values). Where no
//     Salesforce page states it, a real public metadata file stands in and `quote` says so.
//
// How to add an entry: find the object's page in the Object Reference
// (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/
// object-<name>.html) and, for lengths, in the Salesforce Field Reference
// (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/
// salesforce-field-reference-<name>.html). Copy the type and the Create / Update properties;
// copy the URL into `source` and, for a length, a read-only field or picklist values, the few
// words that state it into `quote`. Add only what a metadata file of this project names (or is
// about to name); never add a field without checking that it exists on THAT object (Lead has
// no HomePhone, Opportunity has no Phone: see NOT_ON_OBJECT at the bottom).
//
// Custom fields the project defines on standard objects (Contact.Diamy_Phone_Key__c,
// Activity.Diamy_Follow_Up_Key__c...) are NOT listed here: they are in the package
// (force-app/main/default/objects/<Object>/fields/). Custom fields on Activity appear on both
// Task and Event, and permission sets grant them as Task.X__c and Event.X__c (see ACTIVITY).
//
// Sources were read against API version 66.0 (Spring '26) pages where the current page states
// the fact; an older-version page is cited where the fact is unchanged and the current page
// does not restate it.

/**
 * @typedef {object} StandardField
 * @property {string} type           describe/SOAP type
 * @property {boolean} createable    the Object Reference lists Create among its properties
 * @property {boolean} updateable    the Object Reference lists Update among its properties
 * @property {boolean} [required]    a value is required on create (the Object Reference says "Required" or the field is not nillable)
 * @property {number} [length]       maximum length, where a Salesforce page states it
 * @property {string[]} [referenceTo] target objects of a lookup (several = polymorphic)
 * @property {string} [relationshipName] name used to traverse the lookup (Owner, Account...)
 * @property {string[]} [values]     picklist values (defaults when valuesConfigurable)
 * @property {string} [defaultValue]
 * @property {boolean} [restricted]  restricted picklist: no other value can ever be written
 * @property {boolean} [valuesConfigurable] admins can change the values: listed ones are defaults
 * @property {string} [source]       page stating the non-obvious facts of this field
 * @property {string} [quote]        the words of that page
 * @property {string} [note]
 */

/**
 * @typedef {object} StandardObject
 * @property {string} source          Object Reference page of the object
 * @property {string} [note]
 * @property {Record<string, StandardField>} fields
 */

const OBJ_REF = 'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects';
const FIELD_REF = 'https://developer.salesforce.com/docs/platform/field-reference/references/field-reference';
const SYSTEM_FIELDS = 'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/system_fields.htm';

/** System fields present on every object the project uses (Id, audit fields). */
const systemFields = () => ({
    Id: {
        type: 'id',
        createable: false,
        updateable: false,
        source: SYSTEM_FIELDS,
        quote: 'Id ... Globally unique string that identifies a record. ... Because this field exists in every object, it is not listed in the field table for each object.'
    },
    CreatedById: {
        type: 'reference',
        createable: false,
        updateable: false,
        referenceTo: ['User'],
        relationshipName: 'CreatedBy',
        source: SYSTEM_FIELDS,
        quote: 'CreatedById | reference | ID of the User who created this record.'
    },
    CreatedDate: {
        type: 'datetime',
        createable: false,
        updateable: false,
        source: SYSTEM_FIELDS,
        quote: 'CreatedDate | dateTime | Date and time when this record was created.'
    },
    LastModifiedById: {
        type: 'reference',
        createable: false,
        updateable: false,
        referenceTo: ['User'],
        relationshipName: 'LastModifiedBy',
        source: SYSTEM_FIELDS
    },
    LastModifiedDate: { type: 'datetime', createable: false, updateable: false, source: SYSTEM_FIELDS },
    SystemModstamp: { type: 'datetime', createable: false, updateable: false, source: SYSTEM_FIELDS }
});

const PHONE_40 = (object, label) => ({
    type: 'phone',
    createable: true,
    updateable: true,
    length: 40,
    source: `${FIELD_REF}/salesforce-field-reference-${object.toLowerCase()}.html`,
    quote: `${label} | phone | 40 (Field Reference table of ${object})`
});

/** @type {Readonly<Record<string, StandardObject>>} */
export const STANDARD_OBJECTS = Object.freeze({
    // ------------------------------------------------------------------------------------ Task
    Task: {
        source: `${OBJ_REF}/object-task.html`,
        note: 'Call fields (CallObject, CallDisposition, CallDurationInSeconds, CallType) are "exclusive to Salesforce CRM Call Center" and not subject to field-level security. Custom fields of Activity appear here as Task.X__c.',
        fields: {
            ...systemFields(),
            Subject: {
                type: 'combobox',
                createable: true,
                updateable: true,
                length: 255,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'The subject line of the task, such as “Call” or “Send Quote.” Limit: 255 characters.'
            },
            Description: {
                type: 'textarea',
                createable: true,
                updateable: true,
                length: 32000,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.196.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Task.htm',
                quote: 'Comments | Description | textarea | 32000'
            },
            ActivityDate: {
                type: 'date',
                createable: true,
                updateable: true,
                note: 'Due date; "can’t be set or updated for a recurring task".'
            },
            Status: {
                type: 'picklist',
                createable: true,
                updateable: true,
                values: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
                defaultValue: 'Not Started',
                valuesConfigurable: true,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Required. Indicates the status of the task. The default value of this field is Not Started. Each predefined Status field implies a value for the IsClosed flag. ... Possible values are: Completed, Deferred, In Progress, Not Started, Waiting on someone else'
            },
            Priority: {
                type: 'picklist',
                createable: true,
                updateable: true,
                values: ['High', 'Normal', 'Low'],
                defaultValue: 'Normal',
                valuesConfigurable: true,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Required. Indicates the importance or urgency of a task, such as high or low. The default value of this field is Normal. — values: retrieved TaskPriority standard value set High / Normal (default) / Low, e.g. github.com/niley1nov/Learning_Salesforce force-app/main/default/standardValueSets/TaskPriority.standardValueSet-meta.xml'
            },
            IsClosed: {
                type: 'boolean',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Indicates whether the task has been completed (true) or not (false). The default value of this field is false. Is only set indirectly via the Status picklist. Label is Closed.'
            },
            OwnerId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['User', 'Group'],
                relationshipName: 'Owner',
                source: `${OBJ_REF}/object-task.html`,
                quote: 'ID of the User or Group who owns the record. Label is Assigned To ID. This field accepts Groups of type Queue only. ... To create or update tasks assigned to Group, use v48.0 or later.'
            },
            WhoId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Contact', 'Lead'],
                relationshipName: 'Who',
                source: `${OBJ_REF}/object-task.html`,
                quote: 'The WhoId represents a human such as a lead or a contact. WhoIds are polymorphic.'
            },
            WhatId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Account', 'Opportunity', 'Case', '(custom objects with activities enabled)'],
                relationshipName: 'What',
                note: 'Polymorphic. A Task whose WhoId is a Lead cannot have a WhatId (the project leaves it empty then).'
            },
            AccountId: {
                type: 'reference',
                createable: false,
                updateable: false,
                referenceTo: ['Account'],
                relationshipName: 'Account',
                source: `${OBJ_REF}/object-task.html`,
                quote: 'AccountId ... Properties: Filter, Group, Nillable, Sort (derived from WhatId / WhoId)'
            },
            IsReminderSet: { type: 'boolean', createable: true, updateable: true },
            ReminderDateTime: { type: 'datetime', createable: true, updateable: true },
            CallObject: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 255,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Name of a call center. Limit is 255 characters. (Field Reference: Call Object Identifier | CallObject | string | 255)'
            },
            CallDisposition: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 255,
                source: `${OBJ_REF}/object-task.html`,
                quote: "Represents the result of a given call, for example, “we'll call back,” or “call unsuccessful.” Limit is 255 characters."
            },
            CallDurationInSeconds: {
                type: 'int',
                createable: true,
                updateable: true,
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Duration of the call in seconds.'
            },
            CallType: {
                type: 'picklist',
                createable: true,
                updateable: true,
                restricted: true,
                values: ['Inbound', 'Internal', 'Outbound'],
                source: `${OBJ_REF}/object-task.html`,
                quote: 'Properties: Create, Filter, Group, Nillable, Restricted picklist, Sort, Update. The type of call being answered. Possible values are: Inbound, Internal, Outbound'
            },
            TaskSubtype: {
                type: 'picklist',
                createable: true,
                updateable: false,
                restricted: true,
                values: ['Task', 'Email', 'LinkedIn', 'ListEmail', 'Cadence', 'Call'],
                source: `${OBJ_REF}/object-task.html`,
                quote: "Properties: Create, Filter, Group, Nillable, Restricted picklist, Sort. Provides standard subtypes ... This field can't be updated. TaskSubtype values: Task, Email, LinkedIn (API 56.0 and later), ListEmail, Cadence, Call. The Cadence subtype is an internal value used by Sales Engagement, and can’t be set manually."
            }
        }
    },

    // ----------------------------------------------------------------------------------- Event
    Event: {
        source: `${OBJ_REF}/object-event.html`,
        note: 'Named only through the Activity custom field Diamy_Follow_Up_Key__c, which Salesforce exposes as Event.Diamy_Follow_Up_Key__c and which permission sets grant as Event.X__c (see ACTIVITY). No standard Event field is used.',
        fields: { ...systemFields() }
    },

    // --------------------------------------------------------------------------------- Contact
    Contact: {
        source: `${OBJ_REF}/object-contact.html`,
        fields: {
            ...systemFields(),
            MailingCountry: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 80,
                source: `${OBJ_REF}/object-contact.html`,
                note: 'Part of the compound MailingAddress; the call lists read it for the time zone of a contact without a phone country (issue 14).'
            },
            Name: {
                type: 'string',
                createable: false,
                updateable: false,
                length: 121,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.228.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Contact.htm',
                quote: 'Full Name | Name | string | 121'
            },
            FirstName: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 40,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.228.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Contact.htm',
                quote: 'First Name | FirstName | string | 40'
            },
            LastName: { type: 'string', createable: true, updateable: true, required: true, note: 'Required on create.' },
            Title: { type: 'string', createable: true, updateable: true },
            AccountId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Account'],
                relationshipName: 'Account',
                source: `${OBJ_REF}/object-contact.html`,
                quote: 'ID of the account that’s the parent of this contact. ... Relationship Name Account'
            },
            OwnerId: { type: 'reference', createable: true, updateable: true, referenceTo: ['User'], relationshipName: 'Owner' },
            Phone: PHONE_40('Contact', 'Business Phone | Phone'),
            MobilePhone: PHONE_40('Contact', 'Mobile Phone | MobilePhone'),
            HomePhone: PHONE_40('Contact', 'Home Phone | HomePhone'),
            OtherPhone: PHONE_40('Contact', 'Other Phone | OtherPhone'),
            AssistantPhone: PHONE_40('Contact', 'Asst. Phone | AssistantPhone'),
            Email: {
                type: 'email',
                createable: true,
                updateable: true,
                length: 80,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.202.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Contact.htm',
                quote: 'Email | ... | 80'
            },
            DoNotCall: {
                type: 'boolean',
                createable: true,
                updateable: true,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.202.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Contact.htm',
                quote: 'Do Not Call | DoNotCall | boolean'
            },
            LastActivityDate: { type: 'date', createable: false, updateable: false },
            IsDeleted: { type: 'boolean', createable: false, updateable: false }
        }
    },

    // ------------------------------------------------------------------------------------ Lead
    Lead: {
        source: `${OBJ_REF}/object-lead.html`,
        note: 'Lead has Phone and MobilePhone only: no HomePhone, OtherPhone or AssistantPhone (Contact fields). Lead OwnerId can be a queue.',
        fields: {
            ...systemFields(),
            Country: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 80,
                source: `${OBJ_REF}/object-lead.html`,
                note: 'Part of the compound Address; the call lists read it for the time zone of a lead without a phone country (issue 14).'
            },
            Name: { type: 'string', createable: false, updateable: false },
            FirstName: {
                type: 'string',
                createable: true,
                updateable: true,
                length: 40,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.228.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_Lead.htm',
                quote: 'First Name | FirstName | string | 40'
            },
            LastName: { type: 'string', createable: true, updateable: true, required: true, note: 'Required on create.' },
            Title: { type: 'string', createable: true, updateable: true },
            Company: {
                type: 'string',
                createable: true,
                updateable: true,
                required: true,
                length: 255,
                source: `${FIELD_REF}/salesforce-field-reference-lead.html`,
                quote: 'Company | Company | string | 255 — Object Reference: "Required. Company of the lead."'
            },
            Status: {
                type: 'picklist',
                createable: true,
                updateable: true,
                valuesConfigurable: true,
                note: 'LeadStatus values are org-defined (LeadStatus object); no value is written by the project.',
                source: `${FIELD_REF}/salesforce-field-reference-leadstatus.html`
            },
            IsConverted: {
                type: 'boolean',
                createable: true,
                updateable: false,
                note: 'Converted leads are read-only; the GraphQL lookup filters IsConverted = false. Set only by lead conversion (with the Converted* fields, in one update of the lead).',
                source: 'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
                quote: 'Converting a lead results in the creation of an account, a contact, and optionally an opportunity, and also a lead update. ... IsConverted Indicates whether the lead was converted (true).'
            },
            ConvertedDate: {
                type: 'date',
                createable: false,
                updateable: false,
                source: 'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
                quote: 'ConvertedDate The date of the lead conversion. ConvertedDate doesn’t include the time.'
            },
            ConvertedAccountId: {
                type: 'reference',
                createable: false,
                updateable: false,
                referenceTo: ['Account'],
                relationshipName: 'ConvertedAccount',
                note: 'Read by Diamy_Lead_Converted_Calls and Diamy_Call_Converted_Lead (calls follow a converted lead).',
                source: 'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
                quote: 'ConvertedAccountId The ID of the account created in the lead conversion.'
            },
            ConvertedContactId: {
                type: 'reference',
                createable: false,
                updateable: false,
                referenceTo: ['Contact'],
                relationshipName: 'ConvertedContact',
                source: 'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
                quote: 'ConvertedContactId The ID of the contact created in the lead conversion.'
            },
            ConvertedOpportunityId: {
                type: 'reference',
                createable: false,
                updateable: false,
                referenceTo: ['Opportunity'],
                relationshipName: 'ConvertedOpportunity',
                note: 'Blank when the lead was converted without an opportunity.',
                source: 'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
                quote: 'ConvertedOpportunityId The ID of the opportunity created in the lead conversion.'
            },
            OwnerId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['User', 'Group'],
                relationshipName: 'Owner',
                note: 'Can be a queue: the follow-up flow only takes it when it starts with 005.'
            },
            Phone: PHONE_40('Lead', 'Phone | Phone'),
            MobilePhone: PHONE_40('Lead', 'Mobile Phone | MobilePhone'),
            Email: {
                type: 'email',
                createable: true,
                updateable: true,
                length: 80,
                source: `${FIELD_REF}/salesforce-field-reference-lead.html`,
                quote: 'Email | 80'
            },
            DoNotCall: {
                type: 'boolean',
                createable: true,
                updateable: true,
                source: `${FIELD_REF}/salesforce-field-reference-lead.html`,
                quote: 'DoNotCall | Do Not Call | boolean'
            },
            LastActivityDate: { type: 'date', createable: false, updateable: false }
        }
    },

    // --------------------------------------------------------------------------------- Account
    Account: {
        source: `${OBJ_REF}/object-account.html`,
        note: 'Business accounts have Phone only (and Fax); PersonMobilePhone / PersonHomePhone exist only with Person Accounts, which the package does not assume.',
        fields: {
            ...systemFields(),
            Name: { type: 'string', createable: true, updateable: true, required: true, note: 'Required on create (business accounts).' },
            Phone: PHONE_40('Account', 'Account Phone | Phone'),
            OwnerId: { type: 'reference', createable: true, updateable: true, referenceTo: ['User'], relationshipName: 'Owner' },
            Industry: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            Type: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            LastActivityDate: { type: 'date', createable: false, updateable: false }
        }
    },

    // ----------------------------------------------------------------------------- Opportunity
    Opportunity: {
        source: `${OBJ_REF}/object-opportunity.html`,
        note: 'Opportunity has no phone, e-mail or do-not-call field.',
        fields: {
            ...systemFields(),
            Name: { type: 'string', createable: true, updateable: true },
            AccountId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Account'],
                relationshipName: 'Account'
            },
            OwnerId: { type: 'reference', createable: true, updateable: true, referenceTo: ['User'], relationshipName: 'Owner' },
            StageName: { type: 'picklist', createable: true, updateable: true, required: true, valuesConfigurable: true },
            CloseDate: { type: 'date', createable: true, updateable: true, required: true },
            Amount: { type: 'currency', createable: true, updateable: true },
            IsClosed: {
                type: 'boolean',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-opportunity.html`,
                quote: 'Directly controlled by StageName. You can query and filter on this field, but you can’t directly set it in a create, upsert, or update request. It can only be set via StageName. Label is Closed.'
            }
        }
    },

    // ------------------------------------------------------------------------------------ Case
    Case: {
        source: `${OBJ_REF}/object-case.html`,
        note: 'Case has no Phone field: ContactPhone / ContactMobile / ContactEmail are read-only copies from the case contact.',
        fields: {
            ...systemFields(),
            CaseNumber: { type: 'string', createable: false, updateable: false },
            Subject: { type: 'string', createable: true, updateable: true },
            Status: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            Priority: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            OwnerId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['User', 'Group'],
                relationshipName: 'Owner',
                note: 'Can be a queue.'
            },
            ContactId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Contact'],
                relationshipName: 'Contact'
            },
            AccountId: {
                type: 'reference',
                createable: true,
                updateable: true,
                referenceTo: ['Account'],
                relationshipName: 'Account'
            },
            IsClosed: {
                type: 'boolean',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-case.html`,
                quote: "Indicates whether the case is closed (true) or open (false). This field is controlled by the Status field; it can't be set directly. Label is Closed."
            },
            ContactPhone: {
                type: 'phone',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-case.html`,
                quote: 'Properties: Filter, Group, Nillable, Sort. Telephone number for the contact. Label is Contact Phone. This field is available in API version 38.0 and later.'
            },
            ContactMobile: {
                type: 'phone',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-case.html`,
                quote: 'Mobile telephone number for the contact. Label is Contact Mobile. This field is available in API version 38.0 and later.'
            },
            ContactEmail: { type: 'email', createable: false, updateable: false }
        }
    },

    // -------------------------------------------------------------------------------- Campaign
    Campaign: {
        source: `${OBJ_REF}/object-campaign.html`,
        note: 'A Diamy call list is a campaign with Diamy_Call_List__c checked (docs/CALL-LISTS.md). Creating and editing campaigns needs the Marketing User checkbox on the user.',
        fields: {
            ...systemFields(),
            Name: { type: 'string', createable: true, updateable: true, required: true },
            IsActive: { type: 'boolean', createable: true, updateable: true, note: 'Label is Active.' },
            Status: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            Type: { type: 'picklist', createable: true, updateable: true, valuesConfigurable: true },
            StartDate: { type: 'date', createable: true, updateable: true },
            EndDate: { type: 'date', createable: true, updateable: true },
            OwnerId: { type: 'reference', createable: true, updateable: true, referenceTo: ['User'], relationshipName: 'Owner' },
            NumberOfContacts: { type: 'int', createable: false, updateable: false },
            NumberOfLeads: { type: 'int', createable: false, updateable: false }
        }
    },

    // --------------------------------------------------------------------- CampaignMemberStatus
    CampaignMemberStatus: {
        source: `${OBJ_REF}/object-campaignmemberstatus.html`,
        note: 'The member status values of one campaign. Beginning with API version 39.0 every campaign has a default status and at least one status with HasResponded.',
        fields: {
            ...systemFields(),
            CampaignId: { type: 'reference', createable: true, updateable: false, required: true, referenceTo: ['Campaign'], relationshipName: 'Campaign' },
            Label: { type: 'string', createable: true, updateable: true, required: true, note: 'Limited to 765 characters.' },
            HasResponded: { type: 'boolean', createable: true, updateable: true },
            IsDefault: { type: 'boolean', createable: true, updateable: true },
            SortOrder: { type: 'int', createable: true, updateable: true, note: 'Unique order of the status in the campaign.' }
        }
    },

    // -------------------------------------------------------------------------- CampaignMember
    CampaignMember: {
        source: `${OBJ_REF}/object-campaignmember.html`,
        note: 'A Diamy call list member. Phone / MobilePhone / DoNotCall are read-only copies of the lead or contact. Status must be one of the campaign\'s CampaignMemberStatus labels.',
        fields: {
            ...systemFields(),
            CampaignId: { type: 'reference', createable: true, updateable: false, required: true, referenceTo: ['Campaign'], relationshipName: 'Campaign', quote: 'Required. The ID of the campaign related to the lead or contact.' },
            ContactId: { type: 'reference', createable: true, updateable: false, referenceTo: ['Contact'], relationshipName: 'Contact' },
            LeadId: { type: 'reference', createable: true, updateable: false, referenceTo: ['Lead'], relationshipName: 'Lead' },
            FirstName: { type: 'string', createable: false, updateable: false },
            LastName: { type: 'string', createable: false, updateable: false },
            CompanyOrAccount: { type: 'string', createable: false, updateable: false },
            HasResponded: { type: 'boolean', createable: false, updateable: false, note: 'From the status (CampaignMemberStatus.HasResponded).' },
            Status: {
                type: 'picklist',
                createable: true,
                updateable: true,
                valuesConfigurable: true,
                note: 'CampaignMemberStatus values are defined per campaign.'
            },
            Phone: {
                type: 'phone',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-campaignmember.html`,
                quote: 'Properties: Filter, Group, Nillable, Sort. The phone number of the lead or contact.'
            },
            MobilePhone: {
                type: 'phone',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-campaignmember.html`,
                quote: 'The mobile phone number of the lead or contact.'
            },
            DoNotCall: {
                type: 'boolean',
                createable: false,
                updateable: false,
                source: `${OBJ_REF}/object-campaignmember.html`,
                quote: 'Properties: Defaulted on create, Filter, Group, Sort. Indicates that the lead or contact doesn’t want to be called.'
            }
        }
    },

    // ------------------------------------------------------------------------------------ User
    User: {
        source: `${OBJ_REF}/object-user.html`,
        note: 'Target of Diamy_Call__c.Agent__c; $User in flows; the report type reads Agent__c.Email and Agent__c.Department.',
        fields: {
            ...systemFields(),
            Name: { type: 'string', createable: false, updateable: false },
            Email: { type: 'email', createable: true, updateable: true },
            Department: { type: 'string', createable: true, updateable: true }
        }
    },

    // ----------------------------------------------------------------------------------- Group
    Group: {
        source: `${OBJ_REF}/object-group.html`,
        note: 'Queues are Groups of Type Queue; the follow-up flow looks a queue up by DeveloperName (Diamy_Task_Rule__mdt.Queue_Developer_Name__c). The queue itself is org data, not in the package.',
        fields: {
            Id: systemFields().Id,
            DeveloperName: { type: 'string', createable: true, updateable: true },
            Type: {
                type: 'picklist',
                createable: true,
                updateable: false,
                values: [
                    'Regular',
                    'Queue',
                    'Personal',
                    'Organization',
                    'Manager',
                    'ManagerAndSubordinatesInternal',
                    'PRMOrganization',
                    'ChannelProgramGroup',
                    'CollaborationGroup',
                    'Participant'
                ],
                source: `${OBJ_REF}/object-group.html`,
                quote: 'Queue—Public group that includes all the User records that are members of a queue. ... Only Personal, Regular, and Queue can be used when creating a group. The other values are reserved.',
                note: 'Only Queue is written by the project (a filter value); the list is not exhaustive.'
            }
        }
    },

    // ---------------------------------------------------------------------------- Organization
    Organization: {
        source: `${OBJ_REF}/object-organization.html`,
        note: '$Organization.Id in the agent-session flow.',
        fields: { Id: systemFields().Id }
    },

    // ------------------------------------------------------------------ CustomNotificationType
    CustomNotificationType: {
        source: `${OBJ_REF}/object-customnotificationtype.html`,
        note: 'Queried by the follow-up flow (DeveloperName = Diamy_Follow_Up) to get the Id the Send Custom Notification action needs. "Stores information about custom notification types. This object is available in API version 47.0 and later."',
        fields: {
            Id: systemFields().Id,
            DeveloperName: { type: 'string', createable: true, updateable: true }
        }
    }
});

/**
 * Activity custom fields (objects/Activity/fields/X__c) exist on Task and Event. Permission sets
 * name them Task.X__c and Event.X__c, never Activity.X__c.
 */
export const ACTIVITY = Object.freeze({
    childObjects: ['Task', 'Event'],
    permissionSetPrefixes: ['Task.', 'Event.'],
    source: 'https://github.com/dxatscale/sfpowerkit/issues/517',
    quote: 'These custom fields would appear in the Activity/Fields folder. The permission for these fields would be retrieved in the profile as Event.CustomFieldName and Task.CustomFieldName correctly through the profile retrieve command.'
});

/**
 * Standard fields every custom object (__c) has. Reports and report types name the owner column
 * `Owner`; list views use the upper-case column tokens of LIST_VIEW_STANDARD_COLUMNS.
 */
export const CUSTOM_OBJECT_STANDARD_FIELDS = Object.freeze({
    source: SYSTEM_FIELDS,
    fields: {
        ...systemFields(),
        IsDeleted: { type: 'boolean', createable: false, updateable: false },
        Name: { type: 'string', createable: true, updateable: true, note: 'The record name field (text or auto number).' },
        OwnerId: {
            type: 'reference',
            createable: true,
            updateable: true,
            referenceTo: ['User', 'Group'],
            relationshipName: 'Owner',
            note: 'Only when sharingModel is not ControlledByParent (master-detail children have no owner).'
        },
        Owner: {
            type: 'reference-column',
            createable: false,
            updateable: false,
            note: 'Report type / report column name of OwnerId.'
        },
        LastActivityDate: { type: 'date', createable: false, updateable: false, note: 'Only with enableActivities.' }
    }
});

/** Standard fields of a custom metadata type record (__mdt). */
export const CUSTOM_METADATA_STANDARD_FIELDS = Object.freeze({
    source: 'https://developer.salesforce.com/docs/platform/apex-ref/references/apex-ref/apex-methods-system-custom-metadata-types.html',
    quote: 'getInstance(developerName) Returns a single custom metadata type record sObject for a specified developerName field of the custom metadata type object. ... getInstance(qualifiedApiName)',
    fields: {
        Id: systemFields().Id,
        DeveloperName: { type: 'string', createable: false, updateable: false },
        MasterLabel: { type: 'string', createable: false, updateable: false },
        Label: { type: 'string', createable: false, updateable: false },
        QualifiedApiName: { type: 'string', createable: false, updateable: false },
        NamespacePrefix: { type: 'string', createable: false, updateable: false },
        Language: { type: 'picklist', createable: false, updateable: false }
    }
});

/** Standard fields of a hierarchy custom setting (Diamy_Settings__c). */
export const CUSTOM_SETTING_STANDARD_FIELDS = Object.freeze({
    fields: {
        ...systemFields(),
        Name: { type: 'string', createable: true, updateable: true },
        SetupOwnerId: {
            type: 'reference',
            createable: true,
            updateable: true,
            referenceTo: ['Organization', 'Profile', 'User'],
            note: 'Hierarchy custom settings only.'
        }
    }
});

/**
 * Standard Lightning components placed on the project's Lightning pages, with the properties the
 * project sets. `pages` are the FlexiPage types the component is used on. Salesforce publishes no
 * catalogue of these component names for metadata: the sources are real public FlexiPage files
 * (Trailhead sample apps) that use the same component and properties.
 */
export const STANDARD_COMPONENTS = Object.freeze({
    'force:highlightsPanel': {
        pages: ['RecordPage'],
        properties: ['collapsed', 'enableActionsConfiguration', 'hideChatterActions', 'numVisibleActions'],
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Broker_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage: <componentName>force:highlightsPanel</componentName> with collapsed, hideChatterActions, numVisibleActions; enableActionsConfiguration appears with it in many public record pages (find_string "<name>enableActionsConfiguration</name>").'
    },
    'force:detailPanel': {
        pages: ['RecordPage'],
        properties: [],
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Broker_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage: <componentName>force:detailPanel</componentName> in the detailTabContent facet.'
    },
    'force:relatedListContainer': {
        pages: ['RecordPage'],
        properties: ['relatedListComponentOverride', 'rowsToDisplay', 'showActionBar'],
        values: { relatedListComponentOverride: ['NONE'] },
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Broker_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage: relatedListComponentOverride = NONE on force:relatedListContainer.'
    },
    'runtime_sales_activities:activityPanel': {
        pages: ['RecordPage'],
        properties: ['showLegacyActivityComposer'],
        requires: 'the record page object has enableActivities = true (Diamy_Call__c does)',
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Property_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPages: <componentName>runtime_sales_activities:activityPanel</componentName> (property showLegacyActivityComposer = false).'
    },
    'flexipage:tabset': {
        pages: ['RecordPage', 'AppPage', 'HomePage'],
        properties: ['tabs'],
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Broker_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage: flexipage:tabset with tabs = maintabs (a Facet region name).'
    },
    'flexipage:tab': {
        pages: ['RecordPage', 'AppPage', 'HomePage'],
        properties: ['active', 'body', 'title'],
        values: { title: ['Standard.Tab.detail', 'Standard.Tab.relatedLists', 'Standard.Tab.activity', 'Standard.Tab.collaborate'] },
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Contact_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage (the standard contact page, parent sfa__Contact_rec_L): flexipage:tab with body = relatedTabContent / detailTabContent / activityTabContent / feedTabContent and title = Standard.Tab.relatedLists / Standard.Tab.detail / Standard.Tab.activity / Standard.Tab.collaborate.'
    },
    'forceChatter:recordFeedContainer': {
        pages: ['RecordPage'],
        properties: [],
        source: 'https://github.com/forcedotcom/salesforcedx-templates/blob/main/src/templates/flexipage/RecordPage/_flexipage.flexipage-meta.xml',
        quote: 'Salesforce CLI RecordPage template: <componentName>forceChatter:recordFeedContainer</componentName> in the feedTabContent facet, shown by a flexipage:tab titled Standard.Tab.collaborate.'
    },
    'runtime_sales_pathassistant:pathAssistant': {
        pages: ['RecordPage'],
        properties: ['hideUpdateButton'],
        requires: 'a path (PathAssistant) for the record type; without one the component shows nothing',
        source: 'https://github.com/AndyHaas/Salesforce_Project_Management/blob/main/force-app/main/default/flexipages/Opportunity_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPage (the standard opportunity page, parent sfa__Opportunity_rec_L, template recordHomeWithSubheaderTemplateDesktop): <componentName>runtime_sales_pathassistant:pathAssistant</componentName> with hideUpdateButton in the subheader region.'
    },
    'runtime_sales_lead:pathAssistant': {
        pages: ['RecordPage'],
        objects: ['Lead'],
        properties: ['hideUpdateButton', 'variant'],
        values: { variant: ['linear'] },
        note: 'The path of the standard lead page: its Converted step opens lead conversion.',
        source: 'https://github.com/JitendraZaa/lwc-adaptive-cards/blob/main/force-app/main/default/flexipages/Lead_Record_Page.flexipage-meta.xml',
        quote: 'Public FlexiPages (the standard lead page, parent runtime_sales_lead__Lead_rec_L; also AndyHaas/Salesforce_Project_Management): <componentName>runtime_sales_lead:pathAssistant</componentName> with hideUpdateButton = false, variant = linear in the subheader region.'
    },
    'runtime_sales_activities:todayTaskContainer': {
        pages: ['HomePage'],
        properties: [],
        source: 'https://github.com/forcedotcom/salesforcedx-templates/blob/main/src/templates/flexipage/HomePage/_flexipage.flexipage-meta.xml',
        quote: 'Salesforce CLI HomePage template: <componentName>runtime_sales_activities:todayTaskContainer</componentName> in the bottomRight region.'
    },
    'flexipage:recentItems': {
        pages: ['HomePage', 'AppPage'],
        properties: ['entityNames', 'label', 'maxRecords'],
        values: { label: ['Standard.RecentItems'] },
        source: 'https://github.com/forcedotcom/salesforcedx-templates/blob/main/src/templates/flexipage/HomePage/_flexipage.flexipage-meta.xml',
        quote: 'Salesforce CLI HomePage template: flexipage:recentItems with entityNames (a valueList of object names), label = Standard.RecentItems and maxRecords = 5.'
    }
});

/** Lightning page templates (FlexiPage <template><name>). */
export const STANDARD_TEMPLATES = Object.freeze({
    'flexipage:defaultAppHomeTemplate': {
        pages: ['AppPage'],
        regions: ['main'],
        source: 'https://github.com/ekowkaay/survey-force/blob/6e4feb151a200b0f16e6101ea5da1d9ddb45868d/force-app/main/default/flexipages/Survey_Analytics_Dashboard.flexipage-meta.xml',
        quote: '<name>main</name> <type>Region</type> ... <template><name>flexipage:defaultAppHomeTemplate</name></template> <type>AppPage</type> (one full-width region), shown by a CustomTab with <flexiPage> as trailheadapps/lwc-recipes force-app/main/default/tabs/GraphQL.tab-meta.xml does.'
    },
    'flexipage:recordHomeTemplateDesktop': {
        pages: ['RecordPage'],
        regions: ['header', 'main', 'sidebar'],
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/Broker_Record_Page.flexipage-meta.xml',
        quote: '<template><name>flexipage:recordHomeTemplateDesktop</name></template> <type>RecordPage</type>, regions header / main / sidebar'
    },
    'flexipage:recordHomeWithSubheaderTemplateDesktop': {
        pages: ['RecordPage'],
        regions: ['header', 'subheader', 'main', 'sidebar'],
        source: 'https://github.com/AndyHaas/Salesforce_Project_Management/blob/main/force-app/main/default/flexipages/Opportunity_Record_Page.flexipage-meta.xml',
        quote: 'The standard opportunity and lead pages: <template><name>flexipage:recordHomeWithSubheaderTemplateDesktop</name></template>, regions header / subheader (the path) / main / sidebar.'
    },
    'home:desktopTemplate': {
        pages: ['HomePage'],
        regions: ['top', 'bottomLeft', 'bottomRight', 'sidebar'],
        source: 'https://github.com/forcedotcom/salesforcedx-templates/blob/main/src/templates/flexipage/HomePage/_flexipage.flexipage-meta.xml',
        quote: 'HomePage FlexiPage Template using home:desktopTemplate. Layout Regions: top (full width), bottomLeft, bottomRight, sidebar.'
    },
    'one:utilityBarTemplateDesktop': {
        pages: ['UtilityBar'],
        regions: ['utilityItems'],
        decoratorProperties: ['eager', 'height', 'icon', 'label', 'scrollable', 'width'],
        source: 'https://github.com/trailheadapps/dreamhouse-lwc/blob/main/force-app/main/default/flexipages/LightningSalesConsole_UtilityBar.flexipage-meta.xml',
        quote: '<name>utilityItems</name> <type>Region</type> ... <template><name>one:utilityBarTemplateDesktop</name></template> <type>UtilityBar</type>; decorator properties (e.g. <name>eager</name><type>decorator</type>) as in public utility bar pages.'
    }
});

/** Standard tabs named by the apps (CustomApplication <tabs> and workspaceConfig mappings). */
const APP_META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customapplication.htm';
const APP_QUOTE =
    'Sample definition on the CustomApplication page: <tabs>standard-Account</tabs> <tabs>standard-Case</tabs> ... <tabs>standard-report</tabs> <tabs>standard-Dashboard</tabs> (a standard object tab is standard-<Object>).';

/** Standard tabs named by the apps (CustomApplication <tabs> and workspaceConfig mappings). */
export const STANDARD_TABS = Object.freeze({
    'standard-home': { source: APP_META, quote: APP_QUOTE, note: 'Home (lower-case "home").' },
    'standard-Contact': { object: 'Contact', source: APP_META, quote: APP_QUOTE },
    'standard-Account': { object: 'Account', source: APP_META, quote: APP_QUOTE },
    'standard-Lead': { object: 'Lead', source: APP_META, quote: APP_QUOTE },
    'standard-Opportunity': { object: 'Opportunity', source: APP_META, quote: APP_QUOTE },
    'standard-Case': { object: 'Case', source: APP_META, quote: APP_QUOTE },
    'standard-report': { source: APP_META, quote: APP_QUOTE, note: 'Reports (lower-case "report").' },
    'standard-Dashboard': { source: APP_META, quote: APP_QUOTE, note: 'Dashboards (capital "D").' }
});

/** Standard related lists of a custom object's page layout (<relatedLists><relatedList>). */
export const STANDARD_RELATED_LISTS = Object.freeze({
    RelatedActivityList: { requires: 'enableActivities', note: 'Open Activities.' },
    RelatedHistoryList: { requires: 'enableActivities', note: 'Activity History.' },
    RelatedEntityHistoryList: {
        requires: 'enableHistory',
        note: 'Field history; shows rows only for fields with trackHistory = true.'
    }
});

/** Column tokens of list views on custom objects that are not custom field names. */
export const LIST_VIEW_STANDARD_COLUMNS = Object.freeze({
    NAME: { field: 'Name' },
    OWNER: { field: 'OwnerId' },
    'OWNER.ALIAS': { field: 'Owner.Alias' },
    CREATED_DATE: { field: 'CreatedDate' },
    LAST_UPDATE: { field: 'LastModifiedDate' },
    'CREATEDBY_USER.ALIAS': { field: 'CreatedBy.Alias' },
    'UPDATEDBY_USER.ALIAS': { field: 'LastModifiedBy.Alias' }
});

/**
 * Global variables flows and formulas use. $Record / $Record__Prior resolve against the flow's
 * start object; $Label, $Setup and $Permission against the package; $User and $Organization
 * against STANDARD_OBJECTS.User / .Organization.
 */
export const FLOW_GLOBALS = Object.freeze({
    $Flow: {
        members: ['CurrentDateTime', 'CurrentDate', 'FaultMessage', 'InterviewGuid', 'CurrentRecord', 'InterviewStartTime'],
        source: 'https://help.salesforce.com/s/articleView?id=platform.flow_ref_resources_global_variables.htm&type=5'
    },
    $User: { object: 'User' },
    $Organization: { object: 'Organization' },
    $Record: { object: '(flow start object)' },
    $Record__Prior: { object: '(flow start object)', note: 'Record-triggered flows on update only.' },
    $Label: { resolvesTo: 'CustomLabels of the package' },
    $Setup: { resolvesTo: 'hierarchy custom settings of the package' },
    $Permission: { resolvesTo: 'custom permissions of the package' }
});

/** Standard flow actions (actionCalls <actionType>/<actionName>). */
export const STANDARD_FLOW_ACTIONS = Object.freeze({
    customNotificationAction: {
        inputs: ['customNotifTypeId', 'recipientIds', 'title', 'body', 'targetId', 'targetPageRef', 'senderId'],
        required: ['customNotifTypeId', 'recipientIds', 'title', 'body'],
        source: 'https://developer.salesforce.com/docs/atlas.en-us.api_action.meta/api_action/actions_obj_custom_notification.htm',
        quote: 'customNotifTypeId ... Required. The ID of the Custom Notification Type being used for the notification. recipientIds ... Required. — In orgs created in Winter ’21 or later, the Send Custom Notifications user permission is required to trigger the Send Custom Notification action in flows that run in user context ... isn’t required ... in processes or flows that run in system context.'
    }
});

/** Standard user permissions a permission set of the project grants (<userPermissions><name>). */
export const STANDARD_USER_PERMISSIONS = Object.freeze({
    ApiEnabled: {
        source: 'https://developer.salesforce.com/docs/platform/api-rest/guide/intro-rest-compatible-editions.md',
        quote: 'To make any API call, a user must have the API Enabled permission turned on in the user profile they’re assigned. ... API access is enabled by default in Enterprise, Performance, Unlimited, and Developer Edition orgs. Professional Edition orgs can add API access as an add-on.'
    }
});

/**
 * Fields that do NOT exist on an object although a sibling object has them: the gate should say
 * so instead of "unknown field".
 */
export const NOT_ON_OBJECT = Object.freeze({
    Lead: {
        HomePhone: 'Contact only',
        OtherPhone: 'Contact only',
        AssistantPhone: 'Contact only',
        AccountId: 'Contact only (Lead has Company)'
    },
    Account: {
        MobilePhone: 'Contact / Lead only (PersonMobilePhone with Person Accounts)',
        HomePhone: 'Contact only (PersonHomePhone with Person Accounts)',
        Email: 'no e-mail field on business accounts',
        DoNotCall: 'Contact / Lead only'
    },
    Opportunity: { Phone: 'no phone field', MobilePhone: 'no phone field', Email: 'no e-mail field', DoNotCall: 'no such field' },
    Case: {
        Phone: 'use ContactPhone (read-only)',
        MobilePhone: 'use ContactMobile (read-only)',
        Email: 'use ContactEmail (read-only) or SuppliedEmail',
        DoNotCall: 'no such field'
    },
    Task: { TaskSubtypeUpdate: 'TaskSubtype is createable but not updateable' }
});

/**
 * The standard field definition, or undefined.
 * @param {string} object
 * @param {string} field
 * @returns {StandardField | undefined}
 */
export function standardField(object, field) {
    const own = STANDARD_OBJECTS[object]?.fields?.[field];
    if (own) return own;
    if (object.endsWith('__mdt')) return CUSTOM_METADATA_STANDARD_FIELDS.fields[field];
    if (object.endsWith('__c'))
        return CUSTOM_OBJECT_STANDARD_FIELDS.fields[field] ?? CUSTOM_SETTING_STANDARD_FIELDS.fields[field];
    return undefined;
}
