// Scenarios of the before-save phone-key flows (Contact, Lead, Account): records saved with every stored value of
// the caller-identification corpus, in every phone field, must get the key the browser computes for the call it
// must match, or, for a value that must match no call, the key of the committed Phone_Key formula (blank for what
// is not a number). phone-keys.data.json is generated from the corpus (generate-phone-keys.mjs). One scenario per
// default country.
import type { Fields, RecordExpectation, RecordSpec, Scenario } from '../engine/scenario.ts';
import rows from './phone-keys.data.json' with { type: 'json' };

const CONTACT_FIELDS = [
    ['Phone', 'Diamy_Phone_Key__c'],
    ['MobilePhone', 'Diamy_Mobile_Key__c'],
    ['HomePhone', 'Diamy_Home_Phone_Key__c'],
    ['OtherPhone', 'Diamy_Other_Phone_Key__c'],
    ['AssistantPhone', 'Diamy_Assistant_Phone_Key__c']
] as const;
const LEAD_FIELDS = CONTACT_FIELDS.slice(0, 2);
const ACCOUNT_FIELDS = CONTACT_FIELDS.slice(0, 1);

function scenarioFor(country: string, values: [string, string][]): Scenario {
    const records: RecordSpec[] = [];
    const expect: RecordExpectation[] = [];
    const add = (object: string, alias: string, base: Fields, fields: readonly (readonly [string, string])[], i: number) => {
        const phones: Fields = {};
        const keys: Fields = {};
        fields.forEach(([field, key], shift) => {
            const [stored, expected] = values[(i + shift) % values.length] ?? ['', ''];
            phones[field] = stored;
            keys[key] = expected === '' ? null : expected; // a blank text field is stored as null
        });
        records.push({ alias, object, fields: { ...base, ...phones } });
        expect.push({
            object,
            where: { Id: `@${alias}` },
            count: 1,
            fields: keys,
            because: `${object} keys are the browser keys of the calls their numbers must match, blank or distinct for the others (${country})`
        });
    };
    values.forEach((_, i) => {
        add('Contact', `c${i}`, { LastName: `Contact ${i}` }, CONTACT_FIELDS, i);
        add('Lead', `l${i}`, { LastName: `Lead ${i}`, Company: 'Corpus' }, LEAD_FIELDS, i);
        add('Account', `a${i}`, { Name: `Account ${i}` }, ACCOUNT_FIELDS, i);
    });
    return {
        name: `phone keys of the ${country} corpus`,
        description: `Every ${country} value of the corpus, in every phone field of Contact, Lead and Account, with ${country} as the org’s default country.`,
        seed: [{ object: 'Diamy_Settings__c', fields: { SetupOwnerId: '@org', Default_Country__c: country } }],
        steps: [{ do: 'insert', as: 'admin', records }],
        expect
    };
}

const byCountry = new Map<string, [string, string][]>();
for (const [country, stored, key] of rows as [string, string, string, string][])
    byCountry.set(country, [...(byCountry.get(country) ?? []), [stored, key]]);

export const PHONE_KEY_SCENARIOS: Scenario[] = [...byCountry].map(([country, values]) => scenarioFor(country, values));
