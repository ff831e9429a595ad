/**
 * The 12-key pad of the softphone, shared by dialling (keys append to the number) and DTMF during a call (each key
 * is sent on press). It only reports which key was pressed (`key` event, detail `{ key }`); the parent decides what
 * a key means. Keys are real buttons (Tab reaches them, Enter/Space press them) with spoken names for * and #.
 */
import { LightningElement, api } from 'lwc';
import KEYPAD from '@salesforce/label/c.Diamy_Softphone_Keypad';
import STAR from '@salesforce/label/c.Diamy_Softphone_Key_Star';
import HASH from '@salesforce/label/c.Diamy_Softphone_Key_Hash';
import { DIAL_KEYS, isDialKey } from 'c/diamySoftphoneService';
import type { DialKey } from 'c/diamySoftphoneService';

interface KeyView {
    key: DialKey;
    ariaLabel: string;
}

export default class DiamyDialPad extends LightningElement {
    /** The group's accessible name (defaults to "Keypad"). */
    @api label: string = KEYPAD;
    /** The CSS class of each key, so the browser check and tests can tell the dialling pad from the DTMF pad. */
    @api keyClass = 'softphone-key';
    @api disabled = false;

    get keys(): KeyView[] {
        return DIAL_KEYS.map((key) => ({
            key,
            ariaLabel: key === '*' ? STAR : key === '#' ? HASH : key
        }));
    }

    get buttonClass(): string {
        return `${this.keyClass} slds-button slds-button_neutral slds-button_stretch`;
    }

    handleKey(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.key;
        if (isDialKey(key)) {
            this.dispatchEvent(new CustomEvent('key', { detail: { key } }));
        }
    }
}
