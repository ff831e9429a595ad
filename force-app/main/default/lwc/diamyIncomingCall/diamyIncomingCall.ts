/**
 * The ringing call's Answer / Decline, or — when a call is already on the line — the call-waiting panel: who is
 * calling, "Hold and answer" (Diamy holds the current call and connects this one) and Decline. It renders above the
 * caller card so the buttons stay in view on a short utility panel. Events: `answer`, `decline`.
 */
import { LightningElement, api } from 'lwc';
import ANSWER from '@salesforce/label/c.Diamy_Softphone_Answer';
import DECLINE from '@salesforce/label/c.Diamy_Softphone_Decline';
import HOLD_AND_ANSWER from '@salesforce/label/c.Diamy_Softphone_Hold_And_Answer';
import CALL_WAITING from '@salesforce/label/c.Diamy_Softphone_Call_Waiting';
import { formatLabel } from 'c/diamyFormat';

export default class DiamyIncomingCall extends LightningElement {
    /** The caller as the agent should read it (name, number, or "Withheld number"). */
    @api caller = '';
    /** A call is already on the line: this one is a waiting call. */
    @api waiting = false;
    @api disabled = false;

    labels = { decline: DECLINE };

    get waitingText(): string {
        return formatLabel(CALL_WAITING, this.caller);
    }

    /** One panel for both cases; the classes name the case (the browser check and the tests read them). */
    get panelClass(): string {
        return this.waiting
            ? 'softphone-waiting slds-box slds-box_x-small slds-theme_shade slds-var-m-vertical_x-small'
            : 'softphone-ringing slds-var-m-vertical_x-small';
    }
    /** A waiting call interrupts what the agent is doing: announced at once. */
    get panelRole(): string | null {
        return this.waiting ? 'alert' : null;
    }
    get answerClass(): string {
        return this.waiting ? 'softphone-waiting-answer' : 'softphone-answer';
    }
    get declineClass(): string {
        return this.waiting ? 'softphone-waiting-decline' : 'softphone-decline';
    }
    get answerLabel(): string {
        return this.waiting ? HOLD_AND_ANSWER : ANSWER;
    }

    /** Moves the keyboard focus to the answer button (the softphone calls it when a call starts ringing). */
    @api
    focusAnswer(): void {
        // The first button of either panel is the answer button (lightning-button has an @api focus()).
        const button = this.template?.querySelector<HTMLElement>('lightning-button');
        button?.focus();
    }

    handleAnswer(): void {
        this.dispatchEvent(new CustomEvent('answer'));
    }

    handleDecline(): void {
        this.dispatchEvent(new CustomEvent('decline'));
    }
}
