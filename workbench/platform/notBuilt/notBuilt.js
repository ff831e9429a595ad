// A record component that this checkout does not have yet (its bundle has no emitted .js): the workbench bundles
// this placeholder under its name instead, so that the page still builds and says what is missing.
import { LightningElement, api } from 'lwc';

export default class NotBuilt extends LightningElement {
    @api recordId;
    @api objectApiName;

    get name() {
        return this.template.host.localName;
    }
}
