// What only a Salesforce org can confirm: the claims the offline gate (npm test) cannot prove. npm run
// org:verify prints this list at the end, marking the items its own steps confirmed; the others are
// checked by hand in the scratch org (keep it with --keep) or, where the edition matters, in the
// customer's org.

/**
 * @typedef {object} ChecklistItem
 * @property {string} id
 * @property {string} claim what must hold in an org
 * @property {string | null} confirmedBy the org:verify step whose success confirms it (null: by hand only)
 * @property {string} check how to check it by hand (or what the step's confirmation does not cover)
 */

/** @type {readonly ChecklistItem[]} */
export const ORG_CHECKLIST = Object.freeze([
    {
        id: 'package-version-builds',
        claim: 'The package version builds with its translations (French labels, object and field translations) and code coverage checked.',
        confirmedBy: 'package-version',
        check: 'sf package version create … --code-coverage (npm run org:verify once the package exists in the Dev Hub, or npm run release).'
    },
    {
        id: 'flow-tests-pass',
        claim: 'The FlowTests of org-tests/ pass against the real flows.',
        confirmedBy: 'flow-tests',
        check: 'sf flow run test --class-names <flow> --synchronous, one run per flow that has FlowTests.'
    },
    {
        id: 'connection-permset-deploys',
        claim: 'The Diamy Connection permission set deploys with its principal access Diamy-Diamy_Org and its flow access.',
        confirmedBy: 'connection-agent-session',
        check: 'Deploy 2-agent-session of a generated connection after 1-credentials.'
    },
    {
        id: 'call-rules-for-agents',
        claim: 'An agent (Diamy Agent, no Manage Diamy Calls) saves their own softphone call, cannot save one for another agent nor change its facts afterwards, and cannot point a call at a Contact they cannot read (INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY); the flows still link the Task and stamp the follow-up for them.',
        confirmedBy: null,
        check: 'As an agent user: take a call in the softphone and save the wrap-up (the call has its Task, no Integration Log); edit the call record\'s Outcome (refused: Diamy_Call_Facts_Locked); with the API, create a call with another Agent (refused) and one whose Contact is private to another user (refused by the platform). See docs/SECURITY.md §2.'
    },
    {
        id: 'agent-session-flow-runs',
        claim: 'The flow Diamy_Agent_Session (isAdditionalPermissionRequiredToRun) runs for a user with Diamy Connection and is refused to a user without it.',
        confirmedBy: null,
        check: 'Enter a real Diamy client id and secret on principal Diamy_Org, log in as a user with Diamy Agent + Diamy Connection and open the softphone: it connects. Remove Diamy Connection: the softphone reports that the flow cannot run.'
    },
    {
        id: 'activity-fls-deploys',
        claim: 'Field-level security of the Activity field Diamy_Follow_Up_Key__c, written as Task.… and Event.… in Diamy Agent and Diamy Admin, deploys.',
        confirmedBy: 'deploy-package',
        check: 'Deploy force-app; then Setup → Permission Sets → Diamy Agent → Task and Event show the field.'
    },
    {
        id: 'task-subtype-call',
        claim: 'The Task created by the flow Diamy Call → Activity with TaskSubtype = Call is accepted on create.',
        confirmedBy: null,
        check: 'As an agent, save a call (softphone or a new Diamy Call record): the completed Task appears once in the related record’s activity history, with the call icon.'
    },
    {
        id: 'dynamic-dashboard-edition',
        claim: 'The dashboard Diamy – Téléphonie (dashboardType LoggedInUser: a dynamic dashboard) is allowed by the edition.',
        confirmedBy: 'deploy-package',
        check: 'Confirmed for the scratch org edition (config/project-scratch-def.json: Enterprise). For another edition, install the package in an org of that edition.'
    },
    {
        id: 'lds-create-call-agent',
        claim: 'An agent (Diamy Agent + Diamy Connection, no admin rights) can create a Diamy_Call__c through LDS createRecord.',
        confirmedBy: null,
        check: 'Create a user with only Diamy Agent and Diamy Connection (sf org create user), log in as that user and save a call from the softphone: no "insufficient access" error, the record exists.'
    },
    {
        id: 'integration-upsert-agent-call',
        claim: 'The integration user can upsert by Diamy_Call_Id__c a call an agent created (Diamy_Call__c sharing is Private).',
        confirmedBy: null,
        check: 'Create a call as an agent, then as the integration user PATCH /services/data/v66.0/sobjects/Diamy_Call__c/Diamy_Call_Id__c/<id>: it must update that record (200/204), not fail with DUPLICATE_VALUE or NOT_FOUND.'
    },
    {
        id: 'principal-secret-survives-redeploy',
        claim: 'Deploying 1-credentials again (after a connection template change) keeps the client id and secret entered on principal Diamy_Org.',
        confirmedBy: null,
        check: 'Enter a client id and secret, deploy 1-credentials again, then run the softphone: it still connects. (Salesforce documents this for package upgrades of named credentials, not for metadata deployments.)'
    },
    {
        id: 'integration-permset-in-package',
        claim: 'The packaged permission set Diamy Integration keeps, once installed from a package version, its read access to Contact, Lead, Account, Opportunity and Case and its API Enabled user permission (the first-generation packaging guide says packaged permission sets drop standard-object and user permissions; nothing says so for unlocked packages).',
        confirmedBy: null,
        check: 'Install the package version in a scratch org (sf package install --package 04t…) and open Setup → Permission Sets → Diamy Integration: Object Settings and System Permissions. If they are missing, grant them to the integration user with a profile or a permission set of the org (README, Diamy’s server).'
    },
    {
        id: 'calls-follow-converted-lead',
        claim: 'Converting a lead (UI and API) runs Diamy_Lead_Converted_Calls once: its calls get the converted Contact and Account, its Opportunity unless they had one, and lose the Lead (an Update Records field with no value clears a lookup); a call saved later naming that lead is moved by Diamy_Call_Converted_Lead (a before-save decision reads $Record.Lead__r.IsConverted).',
        confirmedBy: null,
        check: 'As an agent: a lead with two calls (one on an opportunity) → Convert; the calls show on the contact, account and opportunity (the second keeps its own), no Integration Log. If nothing moved, turn on Lead Settings → Require Validation for Converted Leads (help article 000386851) and convert another lead. Then, as the integration user, upsert a call with Lead__c = the converted lead: either it lands on the contact, or the platform refuses a lookup to a converted lead (then Diamy’s server must leave Lead__c blank). docs/AUTOMATION.md §7.'
    },
    {
        id: 'flow-descriptions-deploy',
        claim: 'Flow element descriptions longer than 255 characters deploy (Salesforce documents no limit for them; the flow descriptions themselves are kept within 255, the lower of two conflicting field references).',
        confirmedBy: 'deploy-package',
        check: 'The package deploy (step deploy-package) includes flow elements whose descriptions exceed 255 characters (up to about 360).'
    },
    {
        id: 'flowtest-record-without-id',
        claim: 'The FlowTests whose input record has no Id run (Salesforce gives the test record no Id; the tests assert only paths that need none).',
        confirmedBy: 'flow-tests',
        check: 'sf flow run test: every test passes.'
    },
    {
        id: 'open-cti-call-center-deploys',
        claim: 'The optional connection step 3-open-cti deploys the call center Diamy_Click_To_Dial (relative adapter URL /apex/DiamyClickToDialBridge, Lightning compatibility) in an org where Open CTI is available.',
        confirmedBy: null,
        check: 'From a generated connection: sf project deploy start --source-dir 3-open-cti; Setup → Call Centers shows Diamy Click-to-Dial with its adapter URL (docs/OPEN-CTI.md).'
    },
    {
        id: 'open-cti-bridge-dials',
        claim: 'With the call center and the Open CTI Softphone utility, clicking a phone field (record page, list view, related list, highlights panel) places the call in the Diamy softphone, related to the record; Open CTI reaches the channel Diamy_Phone__c although it is not exposed (isExposed false).',
        confirmedBy: null,
        check: 'Assign a user to Diamy Click-to-Dial, add the Open CTI Softphone utility (Start automatically) next to the Diamy softphone, click a Contact phone in a list view: the softphone dials and the call record has the Contact. If the bridge panel says the call could not be passed on at once, Open CTI could not subscribe to the channel: see docs/OPEN-CTI.md (isExposed).'
    },
    {
        id: 'sync-standard-field-permissions',
        claim: 'Diamy Integration’s field-level security on standard fields (Contact.AccountId, Email, Phone, MobilePhone, Title; Lead.Email, Phone, MobilePhone, Title) deploys and builds in the package (the gate knows the fields exist and refuses required ones, but which standard fields take field-level security is checked against a deployed public permission set only).',
        confirmedBy: 'package-version',
        check: 'The package version build; then Setup → Permission Sets → Diamy Integration → Object Settings → Contacts / Leads shows those fields Read + Edit. docs/SYNC.md.'
    },
    {
        id: 'sync-app-deploys',
        claim: 'The connection step 4-sync-app creates the local External Client App Diamy Integration (callback https://<instance>.diamy.fr/api/integrations/salesforce/callback, scopes api, refresh_token, custom_permissions) and Salesforce generates its consumer key and secret; 5-sync-app-policies then updates the policies it generated (fullName Diamy_Integration_oauth_defaultPolicy, as CumulusCI’s update_eca_oauth_policy task names them) with the permission set Diamy_Integration given by API name (the Metadata API reference says "permission set IDs", its sample and public deployments use names).',
        confirmedBy: null,
        check: 'Deploy 4-sync-app then 5-sync-app-policies of a generated connection (an org with External Client Apps enabled). Setup → External Client App Manager → Diamy Integration: Settings show the callback and the three scopes; Policies show "Admin approved users are pre-authorized" with Diamy Integration. If 5 creates a second policies record or fails, retrieve ExtlClntAppOauthConfigurablePolicies:* and rename the template file to the retrieved name. docs/SYNC.md.'
    },
    {
        id: 'sync-duplicate-rules-api',
        claim: 'With 6-matching-rules (active) and 7-duplicate-rules deployed, an upsert by the integration user of a Contact whose email is on an existing Lead fails with DUPLICATES_DETECTED naming Diamy_Contact_Email, and succeeds with Sforce-Duplicate-Rule-Header: allowSave=true; two colleagues sharing a switchboard number (different last names) are not duplicates; the same name in another account is not a duplicate.',
        confirmedBy: null,
        check: 'Deploy 6, wait until Setup → Matching Rules shows the six Diamy rules Active, deploy 7. As the integration user (Workbench or curl): create a Lead with x@acme.fr, then PATCH /sobjects/Contact/Diamy_Contact_Id__c/t1 with that email → 400 DUPLICATES_DETECTED; again with the header → 201. Repeat with a shared Phone and another LastName (201 without the header) and with the same FirstName/LastName in another Account (201). docs/SYNC.md.'
    },
    {
        id: 'call-list-report-types',
        claim: 'The report type Diamy_Call_List_Members (base Campaign, join CampaignMembers, member columns on table Campaign.CampaignMembers, report tokens Campaign.CampaignMembers$<field>) and Diamy_Calls_With_Opportunities (base Diamy_Call__c, outer join Sourced_Opportunities__r) deploy, and the four call-list reports and their dashboard components build on them (the table naming follows the Volunteers for Salesforce report types; no public report type on Campaign with CampaignMembers was found).',
        confirmedBy: 'package-version',
        check: 'The package version build; then run Results by campaign and Conversion by campaign in the Diamy folder: members per list and status, calls per list with the stage of the opportunities they sourced (calls without one under a blank stage). docs/ANALYTICS.md.'
    },
    {
        id: 'opportunity-source-call',
        claim: 'Creating an opportunity (UI, API, lead conversion) runs the before-save flow Diamy_Opportunity_Source_Call: Diamy_Source_Call__c = the last call to its account started within Conversion_Window_Days__c days ($Setup in a before-save formula; a fault path on a before-save Get Records), without stopping the save when the query fails.',
        confirmedBy: null,
        check: 'Log a call on an account (Started At = now), create an opportunity on that account: Diamy Source Call shows the call. Set Diamy Settings → Conversion Window to 0 and create another: no source call. Convert a lead that was called: the new opportunity has no source call when the calls named only the lead (known limit, docs/ANALYTICS.md).'
    },
    {
        id: 'call-list-claim-rule',
        claim: 'Diamy_Claim_Held refuses a second agent’s claim (and clearing or re-stamping another agent’s claim) while the claim is 10 minutes old or less, accepts it after, and lets the claiming agent, Manage Diamy Calls and Diamy_Call_List_Result release it; $User.Id and the Diamy_Claimed_By__c lookup compare equal in the formula (15- or 18-character ids); NOW() minus a date/time in days, against 10/1440, is exact at the second.',
        confirmedBy: null,
        check: 'Two agent users on one call list in two browsers: both open Call lists; the second gets another member. With the API as agent B: PATCH a member claimed by A a minute ago with Diamy_Claimed_By__c = B → 400 FIELD_CUSTOM_VALIDATION_EXCEPTION (Diamy_Claim_Held, in B’s language); set A’s Diamy_Claimed_At__c 10 min 1 s in the past as an admin, then B’s PATCH → 204. docs/CALL-LISTS.md.'
    },
    {
        id: 'call-list-member-access',
        claim: 'An agent with Diamy Agent, Read on Campaign (and the campaign shared with them) and Edit on the Contact or Lead can update the four member fields granted to them (claim, skip, next call) through LDS updateRecord, without the Marketing User checkbox; Salesforce Help (Displaying and Editing a Campaign Member) lists Marketing User for editing members in the UI.',
        confirmedBy: null,
        check: 'As an agent without Marketing User: claim a member from the softphone’s Call lists panel. If refused with INSUFFICIENT_ACCESS, tick Marketing User on agents (docs/CALL-LISTS.md, Permissions) and note it in the README.'
    },
    {
        id: 'call-list-result-flow',
        claim: 'Diamy_Call_List_Result updates the member of a wrapped-up call list call (status, attempts, last call, next call, claim released), and a status the campaign lacks fails only the member update (the call saved, an Integration Log with Area Call list); CampaignMember.Status set to a label of another campaign is refused by the platform.',
        confirmedBy: null,
        check: 'Call a member from the softphone with disposition No answer: the member shows No Answer, 1 attempt, next call 4 h later. Delete the No Answer status of the campaign (Setup: Advanced Setup on the campaign), call again: the call is saved, Diamy Integration Logs shows the failure. docs/CALL-LISTS.md.'
    },
    {
        id: 'call-list-button',
        claim: 'The list view button Add to Call List (Contact, Lead: massActionButton, URL /flow/Diamy_Add_To_Call_List) opens the screen flow with the selected records in its input ids; the flowruntime:lookup component offers users for Diamy_Assigned_Agent__c; the flow returns to the list view (retURL).',
        confirmedBy: null,
        check: 'Add the button to the Contacts list view layout (Setup → Object Manager → Contact → List View Button Layout), select three contacts, click it: the screen lists active Diamy call lists; finish: the result counts them; rerun: all skipped. Same on Leads. docs/CALL-LISTS.md.'
    },
    {
        id: 'retention-scheduled-filter',
        claim: 'The schedule-triggered flows Diamy_Call_Retention, Diamy_Recording_Retention and Diamy_Log_Retention start on the records whose formula checkbox (Retention_Due__c / Recording_Retention_Due__c, reading $Setup.Diamy_Settings__c and NOW()) is true, run as the Default Workflow User, and anonymise them in batches; a call whose copy (its Task) is refused stays due and is retried the next day.',
        confirmedBy: null,
        check: 'Set Diamy Settings → Call Retention (days) to 1, log a call, set its Started At two days back (as an admin), wait for 02:00 GMT (or Setup → Scheduled Jobs): the call shows Anonymized At, no numbers, name or notes, and its Task subject and description are cleared; Setup → Paused and Failed Flow Interviews is empty. docs/DATA-PROTECTION.md.'
    },
    {
        id: 'retention-archived-tasks',
        claim: 'The anonymisation reaches a call Task that Salesforce has archived (closed activities older than 365 days): Update Records by the Task id updates it.',
        confirmedBy: null,
        check: 'In an org with archived activities: run the retention with a period over 365 days, then Data Loader → Export All (queryAll) of Task where Diamy call Tasks: no subject or description still names a caller. docs/DATA-PROTECTION.md.'
    },
    {
        id: 'erasure-rolls-back',
        claim: 'The screen flow Diamy_Erase_Person_Calls rolls back (Roll Back Records) everything Diamy_Erase_Person_Calls_Run did when the anonymisation reports a failure: the person keeps no erasure stamp and no Do Not Call, no call is stamped, and one Error entry written after the rollback says why; and an erasure of a person with a few thousand calls either completes or fails whole (governor limits), never half-done.',
        confirmedBy: null,
        check: 'Add a Task validation rule refusing edits, run Erase Personal Data from Calls on a contact with calls: the failure screen shows; the contact has no Diamy Erasure Requested At and Do Not Call unchanged; its calls are not anonymised; Diamy Integration Logs has the Error entry (Related Record = the contact). Remove the rule and run again: done. Then a contact with 3,000 calls (Data Loader). docs/DATA-PROTECTION.md.'
    }
]);
