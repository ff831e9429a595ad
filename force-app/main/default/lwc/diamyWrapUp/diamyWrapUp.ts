/**
 * The wrap-up form of an ended call: disposition (the org's picklist values), notes, "call back on" (a date and
 * time, Callback_At__c: follow-up rules can use it for the due date), a follow-up task (subject, due date; the flow
 * Diamy_Call_Follow_Up_Request creates it, assigned to the agent), the after-call-work timer and Save. It holds no state of its own: every change is a `draftchange` event carrying only the field that changed
 * (the softphone merges it into the draft it keeps and stores for a reload), Save is a `save` event.
 */
import { LightningElement, api } from 'lwc';
import DISPOSITION from '@salesforce/label/c.Diamy_Softphone_Disposition';
import DISPOSITION_PLACEHOLDER from '@salesforce/label/c.Diamy_Call_Disposition_Placeholder';
import NOTES from '@salesforce/label/c.Diamy_Softphone_Notes';
import SAVE from '@salesforce/label/c.Diamy_Softphone_Save';
import CALLBACK_AT from '@salesforce/label/c.Diamy_Softphone_Callback_At';
import FOLLOW_UP from '@salesforce/label/c.Diamy_Softphone_Follow_Up';
import FOLLOW_UP_SUBJECT from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Subject';
import FOLLOW_UP_DUE from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Due';
import FOLLOW_UP_ASSIGNEE from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Assignee';
import FOLLOW_UP_ASSIGNEE_HELP from '@salesforce/label/c.Diamy_Softphone_Follow_Up_Assignee_Help';
import type { WrapUpForm } from 'c/diamySoftphoneService';


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
    /** Local date-time as lightning-input type="datetime" gives it ('' for none). */
    @api callbackAt = '';
    @api followUpOn = false;
    @api followUpSubject = '';
    /** YYYY-MM-DD. */
    @api followUpDueDate = '';
    /** The user who gets the task ('' : the agent). */
    @api followUpAssigneeId = '';
    /** The first day a follow-up may be due (the agent's today). */
    @api today = '';

    labels = {
        disposition: DISPOSITION,
        dispositionPlaceholder: DISPOSITION_PLACEHOLDER,
        notes: NOTES,
        save: SAVE,
        callbackAt: CALLBACK_AT,
        followUp: FOLLOW_UP,
        followUpSubject: FOLLOW_UP_SUBJECT,
        followUpDue: FOLLOW_UP_DUE,
        followUpAssignee: FOLLOW_UP_ASSIGNEE,
        followUpAssigneeHelp: FOLLOW_UP_ASSIGNEE_HELP
    };

    /** Active users only (lightning-record-picker's filter). */
    assigneeFilter = { criteria: [{ fieldPath: 'IsActive', operator: 'eq', value: true }] };

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

    handleCallbackAt(event: CustomEvent<{ value: string }>): void {
        this.changed({ callbackAt: event.detail.value ?? '' });
    }

    handleFollowUpOn(event: CustomEvent<{ checked: boolean }>): void {
        this.changed({ followUpOn: event.detail.checked === true });
    }

    handleFollowUpSubject(event: CustomEvent<{ value: string }>): void {
        this.changed({ followUpSubject: event.detail.value ?? '' });
    }

    handleFollowUpDueDate(event: CustomEvent<{ value: string }>): void {
        this.changed({ followUpDueDate: event.detail.value ?? '' });
    }

    handleFollowUpAssignee(event: CustomEvent<{ recordId: string | null }>): void {
        this.changed({ followUpAssigneeId: event.detail?.recordId ?? '' });
    }

    handleSave(): void {
        if (!this.saveDisabled) {
            this.dispatchEvent(new CustomEvent('save'));
        }
    }
}
