// lightning-record-picker for the workbench (lightning-base-components has none): the org's active users as a
// searchable list (a lightning-combobox), the same public surface (label, placeholder, objectApiName, filter, value)
// and the same event (change, detail { recordId }, null when cleared). Only the User object is modelled: another
// object is an error, as a picker on an object the page cannot query would be.
import { LightningElement, api } from 'lwc';

/** The workbench org's users: the three Salesforce users linked to Diamy agents in the sandbox. */
const USERS = [
    { Id: '005000000000001AAA', Name: 'Camille Martin', IsActive: true },
    { Id: '005000000000002AAA', Name: 'Hugo Lefèvre', IsActive: true },
    { Id: '005000000000003AAA', Name: 'Léa Dubois', IsActive: true }
];

function matches(record, filter) {
    const criteria = Array.isArray(filter?.criteria) ? filter.criteria : [];
    return criteria.every((c) => c.operator !== 'eq' || record[c.fieldPath] === c.value);
}

export default class RecordPicker extends LightningElement {
    @api label = '';
    @api placeholder = '';
    @api objectApiName = '';
    @api filter;
    @api value;
    @api disabled = false;
    @api required = false;
    @api variant;

    get options() {
        if (this.objectApiName !== 'User') {
            throw new Error(`workbench: lightning-record-picker models the User object only, not ${this.objectApiName}`);
        }
        return USERS.filter((user) => matches(user, this.filter)).map((user) => ({ label: user.Name, value: user.Id }));
    }

    handleChange(event) {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('change', { detail: { recordId: event.detail.value || null } }));
    }
}
