/**
 * The idle softphone's lists: recent calls (outcome icon, who, formatted number, how long ago; click to call back,
 * or open the call's record when it was logged) and colleagues with their live presence (click to call them).
 * Events: `call {target}` where target is what to dial (`{ to }` a number, or `{ toUserId }` a colleague),
 * `openrecord {recordId}`, `openlists` (the agent opens the call lists: the softphone loads c/diamyCallListPanel).
 * Loaded by the softphone once connected (not part of its first load).
 */
import { LightningElement, api } from 'lwc';
import RECENT from '@salesforce/label/c.Diamy_Softphone_Recent_Calls';
import NO_RECENT from '@salesforce/label/c.Diamy_Softphone_No_Recent_Calls';
import COLLEAGUES from '@salesforce/label/c.Diamy_Softphone_Colleagues';
import NO_COLLEAGUES from '@salesforce/label/c.Diamy_Softphone_No_Colleagues';
import CALL_LISTS from '@salesforce/label/c.Diamy_CallList_Title';
import type { ColleagueItem, RecentItem } from 'c/diamySoftphoneService';

export default class DiamyCallLists extends LightningElement {
    @api recent: RecentItem[] = [];
    @api colleagues: ColleagueItem[] = [];
    @api disabled = false;

    labels = { recent: RECENT, noRecent: NO_RECENT, colleagues: COLLEAGUES, noColleagues: NO_COLLEAGUES, callLists: CALL_LISTS };

    get hasRecent(): boolean {
        return this.recent.length > 0;
    }
    get hasColleagues(): boolean {
        return this.colleagues.length > 0;
    }

    handleRecent(event: Event): void {
        const number = (event.currentTarget as HTMLElement).dataset.number ?? '';
        if (number) {
            this.dispatchEvent(new CustomEvent('call', { detail: { target: { to: number } } }));
        }
    }

    handleOpenRecord(event: Event): void {
        const recordId = (event.currentTarget as HTMLElement).dataset.recordId ?? '';
        if (recordId) {
            this.dispatchEvent(new CustomEvent('openrecord', { detail: { recordId } }));
        }
    }

    handleOpenLists(): void {
        this.dispatchEvent(new CustomEvent('openlists'));
    }

    handleColleague(event: Event): void {
        const userId = (event.currentTarget as HTMLElement).dataset.userId ?? '';
        if (userId) {
            this.dispatchEvent(new CustomEvent('call', { detail: { target: { toUserId: userId } } }));
        }
    }
}
