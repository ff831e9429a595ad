// The workbench CRM's records as plain data (no import: the org server of the workbench seeds its org from it in Node,
// workbench/org-server/). platform/crm.js re-exports them and fills in the phone match keys in the browser.
// Consent (Code de la consommation L.223-1, docs/CALL-LISTS-LAW.md) and current contracts are set on a few people so
// that the sample call lists show each case: Sophie Bernard consented on a web form, Julie Garnier on a signed form,
// Marc Petit has a current contract, Élodie Petit and the lead Nicolas Fournier have neither.
const OWNER = { Name: 'Camille Martin' };

export const accounts = [
    { Id: '001WB0000000001AAA', Name: 'Boulangerie Petit', Phone: '01 45 67 89 01' },
    { Id: '001WB0000000002AAA', Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30' },
    // Record pages (issue 12): an account whose opportunity has no contact roles and whose case has no contact.
    { Id: '001WB0000000003AAA', Name: 'Atelier Roux', Phone: '05 56 00 11 22' }
].map((a) => ({ ...a, Diamy_Phone_Key__c: null, Owner: OWNER }));

export const contacts = [
    {
        Id: '003WB0000000001AAA',
        Name: 'Sophie Bernard',
        Title: 'Directrice administrative',
        AccountId: accounts[1].Id,
        Phone: '04 72 10 20 31',
        MobilePhone: '06 12 34 56 78',
        Diamy_Phone_Consent_At__c: '2026-09-01T08:30:00.000Z',
        Diamy_Phone_Consent_Source__c: 'Web_Form',
        Diamy_Phone_Consent_Proof__c: 'Formulaire web cabinet-bernard.example — case cochée, IP 203.0.113.7'
    },
    {
        Id: '003WB0000000002AAA',
        Name: 'Marc Petit',
        Title: 'Gérant',
        AccountId: accounts[0].Id,
        Phone: null,
        MobilePhone: '+33 7 81 22 33 44',
        // Every phone field of a contact (click-to-dial's optional numbers).
        HomePhone: '01 39 12 34 56',
        OtherPhone: '06 45 67 89 12',
        AssistantPhone: '01 45 67 89 02',
        // A current contract: a call about it is not prospecting (L.223-1).
        Diamy_Current_Contract__c: true
    },
    // The bakery's staff share its main number as their office phone: a call from it is the company switchboard.
    {
        Id: '003WB0000000003AAA',
        Name: 'Élodie Petit',
        Title: 'Comptable',
        AccountId: accounts[0].Id,
        Phone: '01 45 67 89 01',
        MobilePhone: null
    },
    // Two contacts of two companies with the same mobile number (a shared work phone): the popup asks who calls.
    {
        Id: '003WB0000000004AAA',
        Name: 'Julie Garnier',
        Title: 'Assistante de direction',
        AccountId: accounts[1].Id,
        Phone: null,
        MobilePhone: '06 11 22 33 44',
        Diamy_Phone_Consent_At__c: '2026-10-15T14:00:00.000Z',
        Diamy_Phone_Consent_Source__c: 'Signed_Form',
        Diamy_Phone_Consent_Proof__c: 'Bon de commande signé n° 2026-118'
    },
    {
        Id: '003WB0000000005AAA',
        Name: 'Thomas Garnier',
        Title: 'Artisan',
        AccountId: accounts[0].Id,
        Phone: null,
        MobilePhone: '06 11 22 33 44',
        // Asked not to be called: click-to-dial shows his number blocked, with the reason.
        DoNotCall: true
    },
    // Asked not to be called (Do Not Call) too, on an account of her own.
    {
        Id: '003WB0000000006AAA',
        Name: 'Claire Dupont',
        Title: 'Responsable qualité',
        AccountId: accounts[2].Id,
        Phone: '05 56 00 11 24',
        MobilePhone: '06 77 88 99 00',
        DoNotCall: true
    }
].map((c) => ({
    MailingCountry: 'France',
    Diamy_Phone_Consent_At__c: null,
    Diamy_Phone_Consent_Source__c: null,
    Diamy_Phone_Consent_Proof__c: null,
    Diamy_Phone_Consent_Withdrawn_At__c: null,
    Diamy_Current_Contract__c: false,
    HomePhone: null,
    OtherPhone: null,
    AssistantPhone: null,
    DoNotCall: false,
    ...c,
    Diamy_Phone_Key__c: null,
    Diamy_Mobile_Key__c: null,
    Diamy_Home_Phone_Key__c: null,
    Diamy_Other_Phone_Key__c: null,
    Diamy_Assistant_Phone_Key__c: null,
    Owner: OWNER
}));

export const leads = [
    {
        Id: '00QWB0000000001AAA',
        Name: 'Nicolas Fournier',
        Title: 'Responsable achats',
        Company: 'Fournier Transports',
        Status: 'Working',
        Phone: null,
        MobilePhone: '06.98.76.54.32',
        IsConverted: false
    },
    // Asked not to be called (Do Not Call).
    {
        Id: '00QWB0000000002AAA',
        Name: 'Isabelle Roux',
        Title: 'Gérante',
        Company: 'Roux Paysages',
        Status: 'Open - Not Contacted',
        Phone: '02 40 11 22 33',
        MobilePhone: null,
        IsConverted: false,
        DoNotCall: true
    }
].map((l) => ({
    Country: 'France',
    Diamy_Phone_Consent_At__c: null,
    Diamy_Phone_Consent_Source__c: null,
    Diamy_Phone_Consent_Proof__c: null,
    Diamy_Phone_Consent_Withdrawn_At__c: null,
    Diamy_Current_Contract__c: false,
    DoNotCall: false,
    ...l, Diamy_Phone_Key__c: null, Diamy_Mobile_Key__c: null, Owner: OWNER }));

export const tasks = [
    {
        Id: '00TWB0000000001AAA',
        WhoId: contacts[0].Id,
        WhatId: accounts[1].Id,
        Subject: 'Appel — renouvellement du contrat',
        ActivityDate: '2025-05-12',
        Status: 'Completed',
        TaskSubtype: 'Call',
        CallDurationInSeconds: 312
    },
    {
        Id: '00TWB0000000002AAA',
        WhoId: contacts[0].Id,
        WhatId: accounts[1].Id,
        Subject: 'E-mail : devis envoyé',
        ActivityDate: '2025-05-02',
        Status: 'Completed',
        TaskSubtype: 'Email',
        CallDurationInSeconds: null
    },
    {
        Id: '00TWB0000000003AAA',
        WhoId: leads[0].Id,
        WhatId: null,
        Subject: 'Premier contact',
        ActivityDate: '2025-04-28',
        Status: 'Completed',
        TaskSubtype: 'Call',
        CallDurationInSeconds: 95
    }
];
export const cases = [
    {
        Id: '500WB0000000001AAA',
        ContactId: contacts[0].Id,
        AccountId: accounts[1].Id,
        CaseNumber: '00001042',
        Subject: 'Facture en double',
        Status: 'New',
        Priority: 'High',
        IsClosed: false,
        Origin: 'Phone',
        // Case.ContactPhone / ContactMobile: the contact's numbers, as the platform fills them in.
        ContactPhone: '04 72 10 20 31',
        ContactMobile: '06 12 34 56 78',
        SuppliedPhone: null
    },
    // A web case with no contact: nobody to call from it but the number the visitor typed (SuppliedPhone).
    {
        Id: '500WB0000000002AAA',
        ContactId: null,
        AccountId: accounts[2].Id,
        CaseNumber: '00001043',
        Subject: 'Demande de devis (formulaire web)',
        Status: 'New',
        Priority: 'Medium',
        IsClosed: false,
        Origin: 'Web',
        ContactPhone: null,
        ContactMobile: null,
        SuppliedPhone: '05 56 00 11 23'
    }
];
export const opportunities = [
    {
        Id: '006WB0000000001AAA',
        AccountId: accounts[1].Id,
        Name: 'Renouvellement 2025',
        StageName: 'Negotiation/Review',
        CloseDate: '2025-06-30',
        Amount: 18000,
        IsClosed: false
    },
    // No contact roles: click-to-dial offers the account's phone only.
    {
        Id: '006WB0000000002AAA',
        AccountId: accounts[2].Id,
        Name: 'Aménagement atelier',
        StageName: 'Prospecting',
        CloseDate: '2025-09-15',
        Amount: 4500,
        IsClosed: false
    }
];

/** The contact roles of the opportunity (click-to-dial lists them, the primary first). */
export const opportunityContactRoles = [
    { Id: '00KWB0000000001AAA', OpportunityId: opportunities[0].Id, ContactId: contacts[3].Id, Role: 'Influencer', IsPrimary: false },
    { Id: '00KWB0000000002AAA', OpportunityId: opportunities[0].Id, ContactId: contacts[0].Id, Role: 'Decision Maker', IsPrimary: true }
];
