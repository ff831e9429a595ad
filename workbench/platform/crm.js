// A small French CRM for the caller popup: Contacts, Leads and Accounts whose Diamy_*_Key__c values are computed
// with the REAL key function (c/diamyPhoneMatch.readIncoming, what the before-save flows compute in the org), and
// a few tasks, cases and opportunities for the caller context. The numbers include those the sandbox knows.
// readIncoming needs the phone metadata, which c/diamyPhoneMatch loads with a dynamic import: the keys are filled in
// when it is there (crmReady()), and the GraphQL double waits for that before it looks records up by key.
import { phoneMetadataReady, readIncoming } from 'c/diamyPhoneMatch';

const keyOf = (text) => {
    const read = text ? readIncoming(text, 'FR') : { ok: false };
    return read.ok ? read.identity.key : null;
};

const OWNER = { Name: 'Camille Martin' };

export const accounts = [
    { Id: '001WB0000000001AAA', Name: 'Boulangerie Petit', Phone: '01 45 67 89 01' },
    { Id: '001WB0000000002AAA', Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30' }
].map((a) => ({ ...a, Diamy_Phone_Key__c: null, Owner: OWNER }));

export const contacts = [
    {
        Id: '003WB0000000001AAA',
        Name: 'Sophie Bernard',
        Title: 'Directrice administrative',
        AccountId: accounts[1].Id,
        Phone: '04 72 10 20 31',
        MobilePhone: '06 12 34 56 78'
    },
    {
        Id: '003WB0000000002AAA',
        Name: 'Marc Petit',
        Title: 'Gérant',
        AccountId: accounts[0].Id,
        Phone: null,
        MobilePhone: '+33 7 81 22 33 44'
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
        MobilePhone: '06 11 22 33 44'
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
    }
].map((c) => ({
    DoNotCall: false,
    ...c,
    HomePhone: null,
    OtherPhone: null,
    AssistantPhone: null,
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
    }
].map((l) => ({ DoNotCall: false, ...l, Diamy_Phone_Key__c: null, Diamy_Mobile_Key__c: null, Owner: OWNER }));

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
        IsClosed: false
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
    }
];

/** The contact roles of the opportunity (click-to-dial lists them, the primary first). */
export const opportunityContactRoles = [
    { Id: '00KWB0000000001AAA', OpportunityId: opportunities[0].Id, ContactId: contacts[3].Id, Role: 'Influencer', IsPrimary: false },
    { Id: '00KWB0000000002AAA', OpportunityId: opportunities[0].Id, ContactId: contacts[0].Id, Role: 'Decision Maker', IsPrimary: true }
];

export const accountOf = (id) => accounts.find((a) => a.Id === id);

let keysComputed;
/**
 * Resolves once every record carries the match keys the org's before-save flows would have computed. Asked for by the
 * GraphQL double at its first candidate lookup, so that the workbench never loads the phone metadata earlier than
 * the softphone itself does.
 */
export function crmReady() {
    keysComputed ??= phoneMetadataReady().then(() => {
        for (const record of [...accounts, ...contacts, ...leads]) {
            record.Diamy_Phone_Key__c = keyOf(record.Phone);
            if ('MobilePhone' in record) record.Diamy_Mobile_Key__c = keyOf(record.MobilePhone);
        }
    });
    return keysComputed;
}
