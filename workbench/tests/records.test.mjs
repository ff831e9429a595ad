// getRecord for the workbench CRM (workbench/platform/records.js): the UI API shape LDS gives a wire, errors included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldDisplayValue, fieldValue, notFound, objectOfId, recordFor } from '../platform/records.js';

const OWNER = { Name: 'Camille Martin' };
const CRM = {
    accounts: [{ Id: '001WB0000000002AAA', Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30', Owner: OWNER }],
    contacts: [
        { Id: '003WB0000000001AAA', Name: 'Sophie Bernard', AccountId: '001WB0000000002AAA', Phone: '04 72 10 20 31', MobilePhone: '06 12 34 56 78', DoNotCall: false, Owner: OWNER },
        { Id: '003WB0000000009AAA', Name: 'Sans Compte', AccountId: null, Phone: null, Owner: OWNER }
    ],
    leads: [{ Id: '00QWB0000000001AAA', Name: 'Nicolas Fournier', Company: 'Fournier Transports', Status: 'Working', Owner: OWNER }],
    opportunities: [{ Id: '006WB0000000001AAA', Name: 'Renouvellement 2025', AccountId: '001WB0000000002AAA', StageName: 'Negotiation/Review', CloseDate: '2025-06-30', Amount: 18000, Owner: OWNER }],
    cases: [{ Id: '500WB0000000001AAA', CaseNumber: '00001042', ContactId: '003WB0000000001AAA', AccountId: '001WB0000000002AAA', ContactPhone: '04 72 10 20 31', Status: 'New', Owner: OWNER }],
    users: [{ Id: '005000000000001AAA', Name: 'Camille Martin' }]
};

describe('records: getRecord as LDS answers it', () => {
    it('answers the fields asked, each { value, displayValue }, with the record representation around them', () => {
        const { data, error } = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Name', 'Contact.MobilePhone'], optionalFields: ['Contact.DoNotCall'] });
        assert.equal(error, undefined);
        assert.equal(data.apiName, 'Contact');
        assert.equal(data.id, '003WB0000000001AAA');
        assert.deepEqual(data.fields, {
            Name: { value: 'Sophie Bernard', displayValue: null },
            MobilePhone: { value: '06 12 34 56 78', displayValue: null },
            DoNotCall: { value: false, displayValue: null }
        });
    });

    it('a field of `fields` the object does not have is an error for the wire (no data); in `optionalFields` it is left out', () => {
        const bad = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Name', 'Contact.Company'] });
        assert.equal(bad.data, undefined);
        assert.equal(bad.error.status, 400);
        assert.equal(bad.error.body[0].errorCode, 'INVALID_FIELD');
        assert.match(bad.error.body[0].message, /Company/);
        const optional = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Name'], optionalFields: ['Contact.Company', 'Contact.Account.Nope'] });
        assert.deepEqual(Object.keys(optional.data.fields), ['Name']);
    });

    it('a field the object has but the record does not hold is null, not missing', () => {
        const { data } = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.HomePhone', 'Contact.Email'] });
        assert.deepEqual(data.fields.HomePhone, { value: null, displayValue: null });
        assert.deepEqual(data.fields.Email, { value: null, displayValue: null });
    });

    it('a spanning field is a nested record under the relationship, whose display value is the related name', () => {
        const { data } = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Account.Phone', { objectApiName: 'Contact', fieldApiName: 'Account.Name' }] });
        const account = data.fields.Account;
        assert.equal(account.displayValue, 'Cabinet Bernard & Associés');
        assert.equal(account.value.apiName, 'Account');
        assert.equal(account.value.id, '001WB0000000002AAA');
        assert.deepEqual(account.value.fields, {
            Phone: { value: '04 72 10 20 30', displayValue: null },
            Name: { value: 'Cabinet Bernard & Associés', displayValue: null }
        });
        assert.equal(data.fields.AccountId, undefined, 'the id field only when asked');
        assert.equal(fieldValue(data, 'Contact.Account.Phone'), '04 72 10 20 30');
        assert.equal(fieldValue(data, { objectApiName: 'Contact', fieldApiName: 'Account.Name' }), 'Cabinet Bernard & Associés');
        assert.equal(fieldDisplayValue(data, 'Contact.Account'), 'Cabinet Bernard & Associés');
    });

    it('an empty reference spans to { value: null }; a spanning field that does not exist is still an error', () => {
        const { data } = recordFor(CRM, { recordId: '003WB0000000009AAA', fields: ['Contact.Account.Phone'] });
        assert.deepEqual(data.fields.Account, { value: null, displayValue: null });
        assert.equal(fieldValue(data, 'Contact.Account.Phone'), undefined);
        const bad = recordFor(CRM, { recordId: '003WB0000000009AAA', fields: ['Contact.Account.Nope'] });
        assert.equal(bad.error.status, 400);
        assert.equal(recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Nope.Name'] }).error.status, 400);
    });

    it('Case → Contact and Owner spans; two spans on one relationship merge into one nested record', () => {
        const { data } = recordFor(CRM, {
            recordId: '500WB0000000001AAA',
            fields: ['Case.CaseNumber', 'Case.Contact.Name', 'Case.Contact.MobilePhone', 'Case.Owner.Name', 'Case.ContactPhone']
        });
        assert.deepEqual(Object.keys(data.fields.Contact.value.fields), ['Name', 'MobilePhone']);
        assert.equal(fieldValue(data, 'Case.Contact.MobilePhone'), '06 12 34 56 78');
        assert.equal(fieldValue(data, 'Case.Owner.Name'), 'Camille Martin');
        assert.equal(fieldValue(data, 'Case.ContactPhone'), '04 72 10 20 31');
    });

    it('display values as UI API gives them: picklist label in the user language, dates and amounts formatted', () => {
        const en = recordFor(CRM, { recordId: '006WB0000000001AAA', fields: ['Opportunity.StageName', 'Opportunity.CloseDate', 'Opportunity.Amount', 'Opportunity.Name'] }).data;
        assert.equal(en.fields.StageName.displayValue, 'Negotiation/Review');
        assert.equal(en.fields.CloseDate.displayValue, '6/30/25');
        assert.equal(en.fields.Amount.displayValue, '€18,000.00');
        assert.equal(en.fields.Name.displayValue, null);
        const fr = recordFor(CRM, { recordId: '006WB0000000001AAA', fields: ['Opportunity.StageName', 'Opportunity.CloseDate'] }, 'fr').data;
        assert.equal(fr.fields.StageName.displayValue, 'Négociation/Révision');
        assert.equal(fr.fields.StageName.value, 'Negotiation/Review');
        assert.equal(fr.fields.CloseDate.displayValue, '30/06/2025');
        const lead = recordFor(CRM, { recordId: '00QWB0000000001AAA', fields: ['Lead.Status', 'Lead.FirstName', 'Lead.LastName'] }, 'fr').data;
        assert.equal(lead.fields.Status.displayValue, 'En cours');
        assert.equal(lead.fields.FirstName.value, 'Nicolas');
        assert.equal(lead.fields.LastName.value, 'Fournier');
    });

    it('fields of another object are ignored; an id that is not in the CRM is not answered here; 15-character ids find the record', () => {
        const { data } = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Name', 'Account.Nope'] });
        assert.deepEqual(Object.keys(data.fields), ['Name']);
        assert.equal(recordFor(CRM, { recordId: '003WB0000000077AAA', fields: ['Contact.Name'] }), undefined);
        assert.equal(recordFor(CRM, { recordId: '003WB0000000001', fields: ['Contact.Name'] }).data.fields.Name.value, 'Sophie Bernard');
        assert.equal(objectOfId('500WB0000000001AAA'), 'Case');
        assert.equal(notFound().error.status, 404);
    });

    it('getFieldValue is undefined for a field the record was not asked for', () => {
        const { data } = recordFor(CRM, { recordId: '003WB0000000001AAA', fields: ['Contact.Name'] });
        assert.equal(fieldValue(data, 'Contact.Phone'), undefined);
        assert.equal(fieldValue(data, 'Contact.Account.Phone'), undefined);
        assert.equal(fieldDisplayValue(data, 'Contact.Name'), null);
    });
});
