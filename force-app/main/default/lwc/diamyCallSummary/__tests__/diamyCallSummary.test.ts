import { createElement } from '@lwc/engine-dom';
import DiamyCallSummary from 'c/diamyCallSummary';
import { getRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import { asTestAdapter, flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';
import missedCall from './data/missedCall.json';
import answeredCall from './data/answeredCall.json';

const getRecordAdapter = asTestAdapter<RecordRepresentation>(getRecord);

function mount(recordId = 'a01000000000001AAA'): HTMLElement & { recordId?: string } {
    const element = createElement('c-diamy-call-summary', { is: DiamyCallSummary }) as unknown as HTMLElement & { recordId?: string };
    element.recordId = recordId;
    document.body.appendChild(element);
    return element;
}

function text(element: HTMLElement, selector: string): string | undefined {
    return shadowOf(element).querySelector(selector)?.textContent?.trim();
}

describe('c-diamy-call-summary', () => {
    afterEach(() => {
        resetDom();
        jest.clearAllMocks();
    });

    it('shows a spinner until the call arrives, and asks for the call it is placed on', async () => {
        const element = mount('a01000000000009AAA');
        await flushPromises();
        expect(shadowOf(element).querySelector('lightning-spinner')).not.toBeNull();
        expect(getRecordAdapter.getLastConfig().recordId).toBe('a01000000000009AAA');
    });

    it('flags a missed call and shows who called, from which number, and how long they waited', async () => {
        const element = mount();
        getRecordAdapter.emit(missedCall);
        await flushPromises();

        expect(text(element, '.summary-direction')).toBe('Inbound call');
        const outcome = shadowOf(element).querySelector('[data-id="outcome"]');
        expect(outcome?.textContent).toBe('Missed call');
        expect(outcome?.className).toContain('slds-theme_warning');
        expect(text(element, '.summary-caller')).toBe('Jean Dupont');
        const from = shadowOf(element).querySelector('.summary-from lightning-formatted-phone') as unknown as { value: string };
        expect(from.value).toBe('+33612345678');
        const to = shadowOf(element).querySelector('.summary-to lightning-formatted-phone') as unknown as { value: string };
        expect(to.value).toBe('01 84 88 00 00');
        expect(text(element, '.summary-wait')).toBe('0 min 31 s');
        // Never "0 min 00 s" for a call nobody answered: the talk line says how it went.
        expect(text(element, '.summary-talk')).toBe('Missed call');
        expect(shadowOf(element).querySelector('.summary-recording')).toBeNull();
        expect(shadowOf(element).querySelector('lightning-spinner')).toBeNull();
    });

    it('shows an answered call as a success with its talk time and recording link', async () => {
        const element = mount('a01000000000002AAA');
        getRecordAdapter.emit(answeredCall);
        await flushPromises();

        expect(text(element, '.summary-direction')).toBe('Outbound call');
        expect(shadowOf(element).querySelector('[data-id="outcome"]')?.className).toContain('slds-theme_success');
        expect(shadowOf(element).querySelector('.summary-caller')).toBeNull();
        expect(text(element, '.summary-talk')).toBe('3 min 07 s');
        const recording = shadowOf(element).querySelector('.summary-recording') as unknown as { value: string; label: string };
        expect(recording.value).toBe('https://recordings.diamy-instance.example.com/r/2');
        expect(recording.label).toBe('Listen to the recording');
    });

    it.each([
        ['No_Answer', 'No answer'],
        ['Busy', 'Busy'],
        ['Voicemail', 'Voicemail'],
        ['Abandoned', 'Abandoned']
    ])('shows the outcome %s instead of a zero talk time', async (outcome, shown) => {
        const element = mount();
        const call = JSON.parse(JSON.stringify(missedCall)) as typeof missedCall;
        call.fields.Outcome__c = { displayValue: outcome, value: outcome };
        getRecordAdapter.emit(call);
        await flushPromises();
        expect(text(element, '.summary-talk')).toBe(shown);
    });

    it('marks a failed call as an error', async () => {
        const element = mount();
        const failed = JSON.parse(JSON.stringify(answeredCall)) as typeof answeredCall;
        failed.fields.Outcome__c = { displayValue: 'Failed', value: 'Failed' };
        getRecordAdapter.emit(failed);
        await flushPromises();
        expect(shadowOf(element).querySelector('[data-id="outcome"]')?.className).toContain('slds-theme_error');
    });

    it('tells the user when the call cannot be loaded (no access, deleted record)', async () => {
        const element = mount();
        getRecordAdapter.error({ message: 'insufficient access' }, 403, 'Forbidden');
        await flushPromises();
        const error = shadowOf(element).querySelector('.summary-error');
        expect(error?.textContent).toBe('The call details could not be loaded. Refresh the page to try again.');
        expect(error?.getAttribute('role')).toBe('alert');
        expect(shadowOf(element).querySelector('lightning-spinner')).toBeNull();
    });
});
