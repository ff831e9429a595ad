/**
 * Call summary for a Diamy_Call__c record page: direction and outcome, who called whom, when,
 * how long the caller waited and talked, and the recording when Diamy kept one.
 */
import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import type { RecordRepresentation, WireResult } from 'lightning/uiRecordApi';
import DIRECTION from '@salesforce/schema/Diamy_Call__c.Direction__c';
import OUTCOME from '@salesforce/schema/Diamy_Call__c.Outcome__c';
import CALLER_NAME from '@salesforce/schema/Diamy_Call__c.Caller_Name__c';
import FROM_NUMBER from '@salesforce/schema/Diamy_Call__c.From_Number__c';
import FROM_NUMBER_E164 from '@salesforce/schema/Diamy_Call__c.From_Number_E164__c';
import TO_NUMBER from '@salesforce/schema/Diamy_Call__c.To_Number__c';
import TO_NUMBER_E164 from '@salesforce/schema/Diamy_Call__c.To_Number_E164__c';
import STARTED_AT from '@salesforce/schema/Diamy_Call__c.Started_At__c';
import TALK_SECONDS from '@salesforce/schema/Diamy_Call__c.Talk_Seconds__c';
import WAIT_SECONDS from '@salesforce/schema/Diamy_Call__c.Wait_Seconds__c';
import RECORDING_URL from '@salesforce/schema/Diamy_Call__c.Recording_URL__c';
import TITLE from '@salesforce/label/c.Diamy_Summary_Title';
import FROM_LABEL from '@salesforce/label/c.Diamy_Summary_From';
import TO_LABEL from '@salesforce/label/c.Diamy_Summary_To';
import STARTED_LABEL from '@salesforce/label/c.Diamy_Summary_Started';
import TALK_LABEL from '@salesforce/label/c.Diamy_Summary_Talk';
import WAIT_LABEL from '@salesforce/label/c.Diamy_Summary_Wait';
import RECORDING_LABEL from '@salesforce/label/c.Diamy_Summary_Recording';
import LOADING_LABEL from '@salesforce/label/c.Diamy_Common_Loading';
import LOAD_FAILED_LABEL from '@salesforce/label/c.Diamy_Error_LoadFailed';
import { callResult, directionLabel, formatDuration, outcomeLabel } from 'c/diamyFormat';

const FIELDS = [
    DIRECTION,
    OUTCOME,
    CALLER_NAME,
    FROM_NUMBER,
    FROM_NUMBER_E164,
    TO_NUMBER,
    TO_NUMBER_E164,
    STARTED_AT,
    TALK_SECONDS,
    WAIT_SECONDS,
    RECORDING_URL
];

/** Outcomes an agent should notice at a glance. */
const WARNING_OUTCOMES = new Set(['Missed', 'Voicemail', 'No_Answer', 'Abandoned']);
const ERROR_OUTCOMES = new Set(['Failed', 'Busy']);

function text(record: RecordRepresentation | undefined, field: { objectApiName: string; fieldApiName?: string }): string {
    const value = getFieldValue(record, field);
    return value === null || value === undefined ? '' : String(value);
}

export default class DiamyCallSummary extends LightningElement {
    @api recordId: string | undefined;

    labels = {
        title: TITLE,
        from: FROM_LABEL,
        to: TO_LABEL,
        started: STARTED_LABEL,
        talk: TALK_LABEL,
        wait: WAIT_LABEL,
        recording: RECORDING_LABEL,
        loading: LOADING_LABEL,
        loadFailed: LOAD_FAILED_LABEL
    };

    record: RecordRepresentation | undefined;
    hasError = false;

    @wire(getRecord, { recordId: '$recordId', fields: FIELDS })
    wiredCall({ data, error }: WireResult<RecordRepresentation>): void {
        this.record = data;
        this.hasError = Boolean(error);
    }

    get isLoading(): boolean {
        return !this.record && !this.hasError;
    }

    get directionText(): string {
        return directionLabel(text(this.record, DIRECTION));
    }

    get outcomeText(): string {
        return outcomeLabel(text(this.record, OUTCOME));
    }

    get outcomeBadgeClass(): string {
        const outcome = text(this.record, OUTCOME);
        if (ERROR_OUTCOMES.has(outcome)) {
            return 'slds-badge slds-theme_error';
        }
        if (WARNING_OUTCOMES.has(outcome)) {
            return 'slds-badge slds-theme_warning';
        }
        return 'slds-badge slds-theme_success';
    }

    get callerName(): string {
        return text(this.record, CALLER_NAME);
    }

    /** The E.164 form when Diamy gave one, otherwise the number as dialled. */
    get fromNumber(): string {
        return text(this.record, FROM_NUMBER_E164) || text(this.record, FROM_NUMBER);
    }

    get toNumber(): string {
        return text(this.record, TO_NUMBER_E164) || text(this.record, TO_NUMBER);
    }

    get startedAt(): string {
        return text(this.record, STARTED_AT);
    }

    /** The talk time of an answered call; for any other, its outcome (never "0 min 00 s"). */
    get talkTime(): string {
        return callResult(text(this.record, OUTCOME), getFieldValue(this.record, TALK_SECONDS) as number | null | undefined);
    }

    get waitTime(): string {
        return formatDuration(getFieldValue(this.record, WAIT_SECONDS) as number | null | undefined);
    }

    get recordingUrl(): string {
        return text(this.record, RECORDING_URL);
    }
}
