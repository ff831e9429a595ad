/**
 * The wrap-up form of an ended call: disposition (the org's picklist values), notes, the after-call-work timer and
 * Save. It holds no state of its own: every change is a `draftchange` event carrying only the field that changed
 * (the softphone merges it into the draft it keeps and stores for a reload), Save is a `save` event.
 */
import { LightningElement, api } from 'lwc';
import DISPOSITION from '@salesforce/label/c.Diamy_Softphone_Disposition';
import NOTES from '@salesforce/label/c.Diamy_Softphone_Notes';
import SAVE from '@salesforce/label/c.Diamy_Softphone_Save';

export interface WrapUpForm {
    disposition: string;
    notes: string;
}

export default class DiamyWrapUp extends LightningElement {
    @api disposition = '';
    @api notes = '';
    @api dispositionOptions: { label: string; value: string }[] = [];
    /** The admin made the disposition mandatory. */
    @api dispositionRequired = false;
    /** "After-call work: 1 min 05 s". */
    @api timerText = '';
    /** The draft cannot survive a reload (storage refused): the agent is told. */
    @api draftNotice = '';
    @api disabled = false;

    labels = { disposition: DISPOSITION, notes: NOTES, save: SAVE };

    get saveDisabled(): boolean {
        return this.disabled || (this.dispositionRequired && !this.disposition);
    }

    private changed(patch: Partial<WrapUpForm>): void {
        this.dispatchEvent(new CustomEvent('draftchange', { detail: patch }));
    }

    handleDisposition(event: CustomEvent<{ value: string }>): void {
        this.changed({ disposition: event.detail.value ?? '' });
    }

    handleNotes(event: CustomEvent<{ value: string }>): void {
        this.changed({ notes: event.detail.value ?? '' });
    }

    handleSave(): void {
        if (!this.saveDisabled) {
            this.dispatchEvent(new CustomEvent('save'));
        }
    }
}
