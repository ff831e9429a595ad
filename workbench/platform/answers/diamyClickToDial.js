// Workbench answers to the GraphQL documents of c-diamy-click-to-dial (c/diamyClickToDialService): the contact roles
// of an opportunity (primary first) and the contacts of an account (by name), each with their numbers and their Do
// Not Call flag, from crm.js. As in an org, `first` bounds the answer and a role whose contact is not there comes
// back with Contact: null.
import { contacts, opportunityContactRoles } from '../crm.js';

const firstOf = (variables) => {
    const first = Number(variables?.first);
    return Number.isInteger(first) && first > 0 ? first : 10;
};

const PERSON_FIELDS = ['Name', 'Phone', 'MobilePhone', 'DoNotCall'];

export function answer(operationName, variables, { fieldsOf, edges }) {
    switch (operationName) {
        case 'diamyDialOpportunityRoles': {
            const rows = opportunityContactRoles
                .filter((r) => r.OpportunityId === variables?.recordId)
                .sort((a, b) => Number(b.IsPrimary) - Number(a.IsPrimary))
                .slice(0, firstOf(variables));
            return {
                OpportunityContactRole: edges(
                    rows.map((r) => {
                        const contact = contacts.find((c) => c.Id === r.ContactId);
                        return {
                            Id: r.Id,
                            ...fieldsOf(r, ['IsPrimary', 'Role', 'ContactId']),
                            Contact: contact ? fieldsOf(contact, PERSON_FIELDS) : null
                        };
                    })
                )
            };
        }
        case 'diamyDialAccountContacts': {
            const rows = contacts
                .filter((c) => c.AccountId === variables?.recordId)
                .sort((a, b) => a.Name.localeCompare(b.Name, 'fr'))
                .slice(0, firstOf(variables));
            return { Contact: edges(rows.map((c) => ({ Id: c.Id, ...fieldsOf(c, ['Title', ...PERSON_FIELDS]) }))) };
        }
        default:
            return undefined;
    }
}
