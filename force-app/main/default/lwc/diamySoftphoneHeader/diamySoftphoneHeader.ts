/**
 * The softphone's header: the connection badge (a polite live region) and the agent's own status picker.
 * Event: `presencechange {value}` when the agent picks a status.
 */
import { LightningElement, api } from 'lwc';
import PRESENCE from '@salesforce/label/c.Diamy_Softphone_Presence';

export default class DiamySoftphoneHeader extends LightningElement {
    @api connectionText = '';
    @api badgeClass = 'slds-badge';
    @api presence = '';
    @api presenceOptions: { label: string; value: string }[] = [];
    @api presenceDisabled = false;

    labels = { presence: PRESENCE };

    handlePresence(event: CustomEvent<{ value: string }>): void {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent('presencechange', { detail: { value: event.detail.value } }));
    }
}
