// Values the engine moves around: field values of records, flow variables, and the ids of the in-memory org.
//
// Dates are kept as 'YYYY-MM-DD' strings and date/times as ISO 8601 UTC strings ('2025-03-14T10:04:10.000Z'),
// exactly as the REST API writes them, so records compare and print the way Salesforce shows them.

/** A field value: text, number, checkbox, date ('YYYY-MM-DD'), date/time (ISO UTC), id — or blank. */
export type Scalar = string | number | boolean | null;

/** A record: its object and its field values (Id among them once saved). Mutable: flows assign to it. */
export interface SRecord {
    sobjectType: string;
    fields: Record<string, Scalar>;
}

/** What a flow variable can hold. */
export type FlowValue = Scalar | SRecord | Scalar[] | SRecord[];

export const isRecord = (value: unknown): value is SRecord =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as SRecord).sobjectType === 'string' &&
    typeof (value as SRecord).fields === 'object';

export const isRecordList = (value: unknown): value is SRecord[] => Array.isArray(value) && value.every(isRecord);

/** A deep copy of a record (records handed to flows and to tests never alias the store). */
export function copyRecord(record: SRecord): SRecord {
    return { sobjectType: record.sobjectType, fields: { ...record.fields } };
}

/** The text of a value read from XML or a flow: strings as they are, numbers and booleans printed, anything else ''. */
export function textOf(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    return '';
}

/** Blank as Salesforce means it: null, undefined or the empty string. */
export const isBlank = (value: unknown): boolean => value === null || value === undefined || value === '';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const isDateString = (value: unknown): value is string => typeof value === 'string' && DATE.test(value);
export const isDateTimeString = (value: unknown): value is string => typeof value === 'string' && DATETIME.test(value);

/** 'YYYY-MM-DD' of a Date (UTC). */
export const toDateString = (date: Date): string => date.toISOString().slice(0, 10);
/** ISO UTC of a Date. */
export const toDateTimeString = (date: Date): string => date.toISOString();

/** Normalises a date/time string to the ISO UTC form the store keeps (so string comparison orders them). */
export function normaliseDateTime(value: string): string {
    return new Date(value).toISOString();
}

/** Key prefixes of the objects the engine creates records of (the first 3 characters of a record id). */
const KEY_PREFIXES: Record<string, string> = {
    Account: '001',
    Contact: '003',
    User: '005',
    Opportunity: '006',
    Group: '00G',
    Lead: '00Q',
    Task: '00T',
    Event: '00U',
    Organization: '00D',
    Case: '500',
    CustomNotificationType: '0ML',
    CampaignMember: '00v',
    Campaign: '701',
    CampaignMemberStatus: '01Y'
};

/** Generates record ids: key prefix + a counter, 18 characters. Custom objects get a01, a02... in order of first use. */
export class IdFactory {
    private counter = 0;
    private readonly customPrefixes = new Map<string, string>();

    prefixOf(sobjectType: string): string {
        const known = KEY_PREFIXES[sobjectType];
        if (known) return known;
        let prefix = this.customPrefixes.get(sobjectType);
        if (!prefix) {
            const n = this.customPrefixes.size + 1;
            prefix = sobjectType.endsWith('__mdt') ? `m${String(n).padStart(2, '0')}` : `a${String(n).padStart(2, '0')}`;
            this.customPrefixes.set(sobjectType, prefix);
        }
        return prefix;
    }

    next(sobjectType: string): string {
        this.counter += 1;
        return `${this.prefixOf(sobjectType)}${String(this.counter).padStart(12, '0')}AAA`;
    }

    /** The object an id belongs to, from its prefix (undefined for a prefix this factory never issued). */
    objectOf(id: string): string | undefined {
        const prefix = id.slice(0, 3);
        const known = Object.entries(KEY_PREFIXES).find(([, p]) => p === prefix);
        if (known) return known[0];
        return [...this.customPrefixes].find(([, p]) => p === prefix)?.[0];
    }
}

/** Whether a string looks like a Salesforce record id (15 or 18 alphanumeric characters). */
export const looksLikeId = (value: unknown): value is string =>
    typeof value === 'string' && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value);

/** Two ids are the same record when their first 15 characters are (18-character ids add a case checksum). */
export const sameId = (a: unknown, b: unknown): boolean =>
    typeof a === 'string' && typeof b === 'string' && a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
