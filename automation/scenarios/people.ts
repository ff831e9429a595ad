// The people and customers the call scenarios share: French-speaking agents, Diamy's integration user, and a small
// book of business (Acme, its contact Jean Dupont, the lead Léa Petit, an open opportunity). Data only.
import type { RecordSpec, UserSpec } from '../engine/scenario.ts';

export const USERS = {
    camille: { FirstName: 'Camille', LastName: 'Martin', LanguageLocaleKey: 'fr' },
    hugo: { FirstName: 'Hugo', LastName: 'Bernard', LanguageLocaleKey: 'fr' },
    // Diamy's server signs in as this user: permission set Diamy Integration, hence Manage Diamy Calls.
    diamy: { FirstName: 'Diamy', LastName: 'Integration', LanguageLocaleKey: 'fr', permissions: ['Diamy_Manage_Calls'] }
} satisfies Record<string, UserSpec>;

export const CUSTOMERS: RecordSpec[] = [
    { alias: 'acme', object: 'Account', fields: { Name: 'Acme', Phone: '01 40 00 00 00' } },
    {
        alias: 'jean',
        object: 'Contact',
        fields: { FirstName: 'Jean', LastName: 'Dupont', Phone: '01 23 45 67 89', AccountId: '@acme' }
    },
    {
        alias: 'lea',
        object: 'Lead',
        fields: { FirstName: 'Léa', LastName: 'Petit', Company: 'Petit SARL', Phone: '06 11 22 33 44' }
    },
    {
        alias: 'deal',
        object: 'Opportunity',
        fields: { Name: 'Acme renewal', StageName: 'Prospecting', CloseDate: '2025-06-30', AccountId: '@acme' }
    }
];
