/**
 * The buttons of a call on the line: hold/resume, mute/unmute, keypad (each key is sent as a DTMF tone on press),
 * blind transfer and consult (to a typed number, an extension or a colleague), then complete / cancel / merge while
 * consulting, and hang up. It keeps only which panel is open and the typed transfer target; every action is an
 * event the softphone runs: `hold`, `mute`, `dtmf {key}`, `transfer {text, attended}`, `complete`, `cancelconsult`,
 * `merge`, `hangup`. A call with a colleague (internal) cannot be transferred, consulted or merged (Diamy refuses).
 */
import { LightningElement, api } from 'lwc';
import HOLD from '@salesforce/label/c.Diamy_Softphone_Hold';
import RESUME from '@salesforce/label/c.Diamy_Softphone_Resume';
import MUTE from '@salesforce/label/c.Diamy_Softphone_Mute';
import UNMUTE from '@salesforce/label/c.Diamy_Softphone_Unmute';
import KEYPAD from '@salesforce/label/c.Diamy_Softphone_Keypad';
import TRANSFER from '@salesforce/label/c.Diamy_Softphone_Transfer';
import TRANSFER_TO from '@salesforce/label/c.Diamy_Softphone_Transfer_To';
import CONSULT from '@salesforce/label/c.Diamy_Softphone_Consult';
import COMPLETE_TRANSFER from '@salesforce/label/c.Diamy_Softphone_Complete_Transfer';
import CANCEL from '@salesforce/label/c.Diamy_Softphone_Cancel';
import MERGE from '@salesforce/label/c.Diamy_Softphone_Merge';
import HANG_UP from '@salesforce/label/c.Diamy_Softphone_Hang_Up';
import CALL_CONTROLS from '@salesforce/label/c.Diamy_Softphone_Call_Controls';
import SENT_DIGITS from '@salesforce/label/c.Diamy_Softphone_Sent_Digits';
import INTERNAL_CALL from '@salesforce/label/c.Diamy_Softphone_Internal_Call';
import { formatLabel } from 'c/diamyFormat';
import type { ColleagueItem } from 'c/diamySoftphoneService';

type Panel = 'none' | 'keypad' | 'transfer' | 'consult';

function isPanel(value: unknown): value is Panel {
    return value === 'none' || value === 'keypad' || value === 'transfer' || value === 'consult';
}

export default class DiamyCallControls extends LightningElement {
    @api held = false;
    @api muted = false;
    /**
     * Disables every control. The softphone does not set it while a command runs: a button that becomes disabled
     * drops the keyboard focus (and the shortcuts with it); the softphone ignores a second command meanwhile.
     */
    @api disabled = false;
    /** A consult leg exists (the colleague is ringing or on the line). */
    @api consulting = false;
    /** The consulted colleague answered: the transfer can be completed or merged. */
    @api consultAnswered = false;
    /** A call with a colleague: no transfer, consult or merge. */
    @api internal = false;
    /** DTMF tones already sent in this call. */
    @api sentDigits = '';
    @api colleagues: ColleagueItem[] = [];

    panel: Panel = 'none';
    transferText = '';

    labels = {
        keypad: KEYPAD,
        transfer: TRANSFER,
        transferTo: TRANSFER_TO,
        consult: CONSULT,
        completeTransfer: COMPLETE_TRANSFER,
        cancel: CANCEL,
        merge: MERGE,
        hangUp: HANG_UP,
        controls: CALL_CONTROLS,
        internal: INTERNAL_CALL
    };

    /** Closes the keypad or transfer panel (after a transfer or consult was placed). */
    @api
    closePanel(): void {
        this.panel = 'none';
        this.transferText = '';
    }

    /** Moves the keyboard focus to the first control (Hold), e.g. once a call the agent answered is on the line. */
    @api
    focusFirst(): void {
        this.template?.querySelector<HTMLElement>('.softphone-hold')?.focus();
    }

    get holdLabel(): string {
        return this.held ? RESUME : HOLD;
    }
    get holdIcon(): string {
        return this.held ? 'utility:play' : 'utility:pause';
    }
    get muteLabel(): string {
        return this.muted ? UNMUTE : MUTE;
    }
    get muteIcon(): string {
        return this.muted ? 'utility:unmuted' : 'utility:muted';
    }
    get notConsulting(): boolean {
        return !this.consulting;
    }
    get transferDisabled(): boolean {
        return this.disabled || this.internal;
    }
    /** Completing or merging needs the colleague on the line. */
    get completeDisabled(): boolean {
        return this.disabled || !this.consultAnswered;
    }
    get keypadPressed(): string {
        return String(this.panel === 'keypad');
    }
    get transferPressed(): string {
        return String(this.panel === 'transfer');
    }
    get consultPressed(): string {
        return String(this.panel === 'consult');
    }
    get showKeypad(): boolean {
        return this.panel === 'keypad';
    }
    get showTransfer(): boolean {
        return (this.panel === 'transfer' || this.panel === 'consult') && !this.internal && !this.consulting;
    }
    get transferActionLabel(): string {
        return this.panel === 'consult' ? CONSULT : TRANSFER;
    }
    get sentText(): string {
        return this.sentDigits ? formatLabel(SENT_DIGITS, this.sentDigits) : '';
    }

    handleHold(): void {
        this.dispatchEvent(new CustomEvent('hold'));
    }
    handleMute(): void {
        this.dispatchEvent(new CustomEvent('mute'));
    }
    handleHangUp(): void {
        this.dispatchEvent(new CustomEvent('hangup'));
    }
    handleComplete(): void {
        this.dispatchEvent(new CustomEvent('complete'));
    }
    handleCancelConsult(): void {
        this.dispatchEvent(new CustomEvent('cancelconsult'));
    }
    handleMerge(): void {
        this.dispatchEvent(new CustomEvent('merge'));
    }

    handleTogglePanel(event: Event): void {
        const panel = (event.currentTarget as HTMLElement).dataset.panel;
        if (isPanel(panel)) {
            this.panel = this.panel === panel ? 'none' : panel;
        }
    }

    handleKey(event: CustomEvent<{ key: string }>): void {
        this.dispatchEvent(new CustomEvent('dtmf', { detail: { key: event.detail.key } }));
    }

    handleTransferText(event: CustomEvent<{ value: string }>): void {
        this.transferText = event.detail.value ?? '';
    }

    handleTransferKeydown(event: KeyboardEvent): void {
        if (event.key === 'Enter') {
            event.preventDefault();
            this.handleTransferGo();
        }
    }

    handleTransferGo(): void {
        this.fireTransfer(this.transferText);
    }

    handleTransferColleague(event: Event): void {
        this.fireTransfer((event.currentTarget as HTMLElement).dataset.target ?? '');
    }

    private fireTransfer(text: string): void {
        this.dispatchEvent(new CustomEvent('transfer', { detail: { text, attended: this.panel === 'consult' } }));
    }
}
