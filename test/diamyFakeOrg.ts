// An in-memory stand-in for the org side of Lightning Data Service, for the call-logging tests and the
// telephony fault suite: it enforces Diamy_Call_Id__c as a unique external id (DUPLICATE_VALUE in the UI API
// error shape), Private sharing (records created "by Diamy's server" are invisible to the agent), and can be
// told to fail the next N saves like a network outage or a validation rule would.
import type { RecordInput, RecordUpdateInput } from 'lightning/uiRecordApi';

export interface FakeRecord {
    id: string;
    apiName: string;
    fields: Record<string, unknown>;
    visible: boolean;
}

/** An LDS error: the platform rejects with { status, body }; an Error carrying them keeps lint and stack traces. */
function uiApiError(status: number, body: unknown): Error {
    return Object.assign(new Error(`UI API ${status}`), { status, body });
}

export type FailureKind = 'network' | 'validation' | 'lock';

export class FakeOrg {
    records: FakeRecord[] = [];
    createCalls = 0;
    updateCalls = 0;
    private failures: FailureKind[] = [];
    private counter = 0;
    /** When true, duplicate errors carry no record id in the message (as for a record the user cannot see). */
    hideDuplicateIds = false;

    failNext(kind: FailureKind, times = 1): void {
        for (let i = 0; i < times; i += 1) {
            this.failures.push(kind);
        }
    }

    /** A Diamy_Call__c created by Diamy's server, not shared with the agent. */
    seedInvisibleCall(diamyCallId: string): void {
        this.counter += 1;
        this.records.push({ id: `a01INVISIBLE${String(this.counter).padStart(6, '0')}`, apiName: 'Diamy_Call__c', fields: { Diamy_Call_Id__c: diamyCallId }, visible: false });
    }

    calls(): FakeRecord[] {
        return this.records.filter((r) => r.apiName === 'Diamy_Call__c');
    }

    logs(): FakeRecord[] {
        return this.records.filter((r) => r.apiName === 'Diamy_Integration_Log__c');
    }

    /** Diamy call ids that appear on more than one record: must always be empty. */
    duplicates(): string[] {
        const seen = new Map<string, number>();
        for (const record of this.calls()) {
            const id = String(record.fields.Diamy_Call_Id__c);
            seen.set(id, (seen.get(id) ?? 0) + 1);
        }
        return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
    }

    private failure(): Error | null {
        const kind = this.failures.shift();
        if (kind === 'network') {
            return Object.assign(new Error('Failed to fetch'), { status: 0 });
        }
        if (kind === 'lock') {
            return uiApiError(500, { message: 'locked', output: { errors: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }], fieldErrors: {} } });
        }
        if (kind === 'validation') {
            return uiApiError(400, { message: 'invalid', output: { errors: [{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Notes too short' }], fieldErrors: {} } });
        }
        return null;
    }

    createRecord = (input: RecordInput): Promise<{ id: string }> => {
        this.createCalls += 1;
        const failure = this.failure();
        if (failure) {
            return Promise.reject(failure);
        }
        const apiName = input.apiName ?? '';
        const externalId = input.fields.Diamy_Call_Id__c;
        if (apiName === 'Diamy_Call__c') {
            const existing = this.records.find((r) => r.apiName === apiName && r.fields.Diamy_Call_Id__c === externalId);
            if (existing) {
                const shownId = this.hideDuplicateIds || !existing.visible ? '<unknown>' : existing.id;
                // The UI API puts a unique-field violation under fieldErrors with errorCode DUPLICATE_VALUE.
                return Promise.reject(
                    uiApiError(400, {
                        message: 'An error occurred while trying to update the record. Please try again.',
                        output: {
                            errors: [],
                            fieldErrors: { Diamy_Call_Id__c: [{ errorCode: 'DUPLICATE_VALUE', field: 'Diamy_Call_Id__c', message: `duplicate value found: Diamy_Call_Id__c duplicates value on record with id: ${shownId}` }] }
                        }
                    })
                );
            }
        }
        this.counter += 1;
        const id = `${apiName === 'Diamy_Call__c' ? 'a01' : 'a02'}FAKE${String(this.counter).padStart(11, '0')}`;
        this.records.push({ id, apiName, fields: { ...input.fields }, visible: true });
        return Promise.resolve({ id });
    };

    updateRecord = (input: RecordUpdateInput): Promise<{ id: string }> => {
        this.updateCalls += 1;
        const failure = this.failure();
        if (failure) {
            return Promise.reject(failure);
        }
        const record = this.records.find((r) => r.id === input.fields.Id && r.visible);
        if (!record) {
            return Promise.reject(uiApiError(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
        }
        Object.assign(record.fields, input.fields);
        return Promise.resolve({ id: record.id });
    };

    findCallRecordId = (diamyCallId: string): Promise<string | null> => {
        const record = this.calls().find((r) => r.fields.Diamy_Call_Id__c === diamyCallId && r.visible);
        return Promise.resolve(record ? record.id : null);
    };
}

/** localStorage stand-in shared by the "tabs" of one browser; can be made to hold garbage or refuse writes. */
export class MemoryStorage {
    data = new Map<string, string>();
    refuseWrites = false;
    getItem(key: string): string | null {
        return this.data.get(key) ?? null;
    }
    setItem(key: string, value: string): void {
        if (this.refuseWrites) {
            throw new Error('QuotaExceededError');
        }
        this.data.set(key, value);
    }
    removeItem(key: string): void {
        this.data.delete(key);
    }
}
