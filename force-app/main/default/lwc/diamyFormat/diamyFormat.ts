/**
 * Presentation helpers shared by the Diamy components: every word comes from a Custom Label, so the
 * agent sees French or English according to their Salesforce language.
 */
import DIRECTION_INBOUND from '@salesforce/label/c.Diamy_Call_Direction_Inbound';
import DIRECTION_OUTBOUND from '@salesforce/label/c.Diamy_Call_Direction_Outbound';
import DIRECTION_INTERNAL from '@salesforce/label/c.Diamy_Call_Direction_Internal';
import OUTCOME_ANSWERED from '@salesforce/label/c.Diamy_Call_Outcome_Answered';
import OUTCOME_MISSED from '@salesforce/label/c.Diamy_Call_Outcome_Missed';
import OUTCOME_VOICEMAIL from '@salesforce/label/c.Diamy_Call_Outcome_Voicemail';
import OUTCOME_BUSY from '@salesforce/label/c.Diamy_Call_Outcome_Busy';
import OUTCOME_NO_ANSWER from '@salesforce/label/c.Diamy_Call_Outcome_No_Answer';
import OUTCOME_FAILED from '@salesforce/label/c.Diamy_Call_Outcome_Failed';
import OUTCOME_ABANDONED from '@salesforce/label/c.Diamy_Call_Outcome_Abandoned';
import DURATION_FORMAT from '@salesforce/label/c.Diamy_Call_Duration_Format';
import DURATION_HOURS_FORMAT from '@salesforce/label/c.Diamy_Call_Duration_Hours_Format';
import type { CallDirection, CallOutcome } from 'c/diamyCallRecord';

const DIRECTION_LABELS: Record<CallDirection, string> = {
    Inbound: DIRECTION_INBOUND,
    Outbound: DIRECTION_OUTBOUND,
    Internal: DIRECTION_INTERNAL
};

const OUTCOME_LABELS: Record<CallOutcome, string> = {
    Answered: OUTCOME_ANSWERED,
    Missed: OUTCOME_MISSED,
    Voicemail: OUTCOME_VOICEMAIL,
    Busy: OUTCOME_BUSY,
    No_Answer: OUTCOME_NO_ANSWER,
    Failed: OUTCOME_FAILED,
    Abandoned: OUTCOME_ABANDONED
};

/** Replaces {0}, {1}… in a label with the given values, as Salesforce's format function does. */
export function formatLabel(template: string, ...values: (string | number)[]): string {
    return template.replace(/\{(\d+)\}/g, (placeholder: string, index: string) => {
        const value = values[Number(index)];
        return value === undefined ? placeholder : String(value);
    });
}

/** "3 min 07 s", or "1 h 02 min" past an hour; an unusable value shows as an empty string. */
export function formatDuration(totalSeconds: number | null | undefined): string {
    if (typeof totalSeconds !== 'number' || !Number.isFinite(totalSeconds) || totalSeconds < 0) {
        return '';
    }
    const seconds = Math.round(totalSeconds);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours > 0) {
        return formatLabel(DURATION_HOURS_FORMAT, hours, String(minutes).padStart(2, '0'));
    }
    return formatLabel(DURATION_FORMAT, minutes, String(rest).padStart(2, '0'));
}

/** The localized name of a call direction; an unknown value is shown as it came. */
export function directionLabel(direction: string | null | undefined): string {
    if (!direction) {
        return '';
    }
    return Object.prototype.hasOwnProperty.call(DIRECTION_LABELS, direction) ? DIRECTION_LABELS[direction as CallDirection] : direction;
}

/** The localized name of a call outcome; an unknown value is shown as it came. */
export function outcomeLabel(outcome: string | null | undefined): string {
    if (!outcome) {
        return '';
    }
    return Object.prototype.hasOwnProperty.call(OUTCOME_LABELS, outcome) ? OUTCOME_LABELS[outcome as CallOutcome] : outcome;
}
