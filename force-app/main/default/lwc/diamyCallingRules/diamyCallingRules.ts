/**
 * The calling rules of a call list, as plain typed functions (no DOM): may an agent call this member now, and if
 * not, why and from when. French law by default (docs/CALL-LISTS-LAW.md cites each text):
 * - Code de la consommation L.223-1 (as amended by loi n° 2025-594 of 30 June 2025, in force 11 August 2026):
 *   telephone prospecting of a consumer needs their prior, provable consent, except within a current contract;
 * - Code de la consommation D.223-9 (décret n° 2022-1313 of 13 October 2022): Monday to Friday, 10:00–13:00 and
 *   14:00–20:00 in the consumer's time zone, never on a public holiday of Code du travail L.3133-1; at most four calls
 *   or attempts in 30 calendar days; no call for 60 full calendar days after a refusal.
 *
 * The rules per country are records of the custom metadata type Diamy_Calling_Rule__mdt. Lightning components cannot
 * read custom metadata, so the headless flow Diamy_Call_List_Rules returns the active ones as text lines
 * (`rules`), one per record, which `parseRules` reads. The line format (version 1), fields separated by `|`, each
 * `key=value`, in any order, unknown keys ignored:
 *
 *   v=1|name=France|country=FR|tz=Europe/Paris|hours=1-5 10:00-13:00,14:00-20:00|holidays=FR|closed=
 *   |maxAttempts=4|periodDays=30|cooldownDays=60|consent=1|consentFrom=2026-08-11|appliesTo=Consumers|shipped=1
 *
 * (one line; broken here). `hours`: groups separated by `;`, each "days ranges": days 1 = Monday … 7 = Sunday as a
 * list (1,3,5) or a span (1-5), ranges HH:MM-HH:MM separated by `,` (end exclusive; 24:00 allowed); blank = any
 * time of any day. `closed`: extra closed days YYYY-MM-DD separated by `,`, `;` or spaces. Blank numbers = no limit.
 */
import { formatLabel, intlLocale, intlTimeZone } from 'c/diamyFormat';
import CALL_ALLOWED from '@salesforce/label/c.Diamy_CallingRule_Call_Allowed';
import CALL_BUSINESS from '@salesforce/label/c.Diamy_CallingRule_Call_Business';
import CALL_CONTRACT from '@salesforce/label/c.Diamy_CallingRule_Call_Contract';
import DONE from '@salesforce/label/c.Diamy_CallingRule_Done';
import DO_NOT_CALL from '@salesforce/label/c.Diamy_CallingRule_Do_Not_Call';
import NO_RULE from '@salesforce/label/c.Diamy_CallingRule_No_Rule';
import NO_CONSENT from '@salesforce/label/c.Diamy_CallingRule_No_Consent';
import CONSENT_NO_PROOF from '@salesforce/label/c.Diamy_CallingRule_Consent_No_Proof';
import CONSENT_WITHDRAWN from '@salesforce/label/c.Diamy_CallingRule_Consent_Withdrawn';
import REFUSAL_COOLDOWN from '@salesforce/label/c.Diamy_CallingRule_Refusal_Cooldown';
import ATTEMPT_LIMIT from '@salesforce/label/c.Diamy_CallingRule_Attempt_Limit';
import OUTSIDE_HOURS from '@salesforce/label/c.Diamy_CallingRule_Outside_Hours';
import HOLIDAY from '@salesforce/label/c.Diamy_CallingRule_Holiday';
import CLOSED_DATE from '@salesforce/label/c.Diamy_CallingRule_Closed_Date';
import NO_WINDOW from '@salesforce/label/c.Diamy_CallingRule_No_Window';
import MALFORMED from '@salesforce/label/c.Diamy_CallingRule_Malformed';

// ---------------------------------------------------------------------------------------------------------------
// Types

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A calling window of one day, in local minutes since midnight: [start, end). */
export interface TimeSpan {
    start: number;
    end: number;
}

/**
 * Public-holiday calendars. FR: Code du travail L.3133-1 (the days D.223-9 names). FR-57: plus Good Friday and
 * 26 December (Alsace-Moselle, L.3134-13). FR-GP, FR-MQ, FR-GF, FR-RE, FR-YT, FR-BL, FR-MF: plus the day
 * commemorating the abolition of slavery there (L.3422-2). NONE: no holidays.
 */
export type HolidayCalendar = 'FR' | 'FR-57' | 'FR-GP' | 'FR-MQ' | 'FR-GF' | 'FR-RE' | 'FR-YT' | 'FR-BL' | 'FR-MF' | 'NONE';

export const HOLIDAY_CALENDARS: readonly HolidayCalendar[] = [
    'FR',
    'FR-57',
    'FR-GP',
    'FR-MQ',
    'FR-GF',
    'FR-RE',
    'FR-YT',
    'FR-BL',
    'FR-MF',
    'NONE'
];

export type AppliesTo = 'Consumers' | 'All';

/** One country's calling rules (a Diamy_Calling_Rule__mdt record). */
export interface CallingRule {
    /** DeveloperName of the record. */
    name: string;
    /** ISO 3166-1 alpha-2, upper case. */
    country: string;
    /** IANA time zone of the people called in that country. */
    timeZone: string;
    /** Windows per ISO weekday (index 1 … 7; index 0 unused); null = any time of any day. */
    weekly: readonly (readonly TimeSpan[])[] | null;
    holidayCalendar: HolidayCalendar;
    /** Extra closed days, YYYY-MM-DD (local). */
    closedDates: readonly string[];
    /** Calls from lists allowed per attemptPeriodDays; null = no limit. */
    maxAttempts: number | null;
    attemptPeriodDays: number;
    /** Full calendar days without a call after a refusal; null = none. */
    refusalCooldownDays: number | null;
    consentRequired: boolean;
    /** Local date (YYYY-MM-DD) from which consent is required; null = always (when consentRequired). */
    consentRequiredFrom: string | null;
    /** Consumers: business members only get the do-not-call and done checks. All: every member gets every rule. */
    appliesTo: AppliesTo;
    shipped: boolean;
}

export type RuleProblemCode = 'malformed' | 'duplicate' | 'unsupported_version';

/** A rule line that could not be used; the other lines still are. */
export interface RuleProblem {
    /** Position of the line (0-based). */
    index: number;
    /** The record's name when the line gives one, else ''. */
    name: string;
    code: RuleProblemCode;
    /** The key that was wrong (country, tz, hours, …), or the name of the rule kept (duplicate). */
    field: string;
    /** What the admin reads (Custom Label). */
    message: string;
}

export interface ParsedRules {
    /** One rule per country (a non-shipped rule wins over a shipped one), sorted by country. */
    rules: CallingRule[];
    problems: RuleProblem[];
}

export type Audience = 'Consumer' | 'Business';

export type ReasonCode =
    | 'allowed'
    | 'business'
    | 'contract'
    | 'done'
    | 'do_not_call'
    | 'no_rule'
    | 'no_consent'
    | 'consent_no_proof'
    | 'consent_withdrawn'
    | 'refusal_cooldown'
    | 'attempt_limit'
    | 'outside_hours'
    | 'holiday'
    | 'closed_date'
    | 'no_window';

export type DateInput = Date | string | number | null | undefined;

export interface PersonConsent {
    consentAt?: DateInput;
    consentSource?: string | null;
    consentProof?: string | null;
    consentWithdrawnAt?: DateInput;
    currentContract?: boolean | null;
}

export interface RecentCall {
    startedAt: DateInput;
    /** Diamy_Call__c.Disposition__c API name. */
    disposition?: string | null;
    /** Placed from a call list (Campaign__c set): counts as a prospecting attempt. */
    fromList: boolean;
}

export interface MemberCheckInput {
    audience: Audience;
    doNotCall?: boolean | null;
    done?: boolean | null;
    person?: PersonConsent | null;
    /** The list's Diamy_Contract_Calls__c: its calls are about the people's current contracts. */
    contractCalls?: boolean | null;
    /** The person's calls (any list, any agent) over at least the longest period of the rule. */
    recentCalls?: readonly RecentCall[] | null;
    now: Date;
    /** The rule of the person's country; null when there is none. */
    rule: CallingRule | null;
    /** The country looked for (shown when no rule). */
    country?: string | null;
}

export interface VerdictDetail {
    country?: string;
    rule?: string;
    /** The consent date the law requires consent from (YYYY-MM-DD). */
    consentRequiredFrom?: string;
    consentWithdrawnAt?: Date;
    refusedAt?: Date;
    attempts?: number;
    maxAttempts?: number;
    periodDays?: number;
    /** Malformed line's field, for 'malformed' messages. */
    field?: string;
}

export interface Verdict {
    verdict: 'call' | 'later' | 'blocked';
    reason: ReasonCode;
    /** 'later': the first moment the member may be called (in the next open window). */
    nextAt?: Date;
    detail: VerdictDetail;
}

export interface WindowState {
    open: boolean;
    /** Closed: when the next window opens (absent when none opens within a year). */
    nextOpenAt?: Date;
    /** Open: when this window closes. */
    closesAt?: Date;
    /** Closed: why today is closed ('outside_hours' also when the day has no window). */
    closedBy?: 'outside_hours' | 'holiday' | 'closed_date';
}

/** The Custom Label of each reason; {0}, {1}, {2} are filled by describeVerdict (see each label's description). */
export const REASON_LABELS: Readonly<Record<ReasonCode, string>> = {
    allowed: CALL_ALLOWED,
    business: CALL_BUSINESS,
    contract: CALL_CONTRACT,
    done: DONE,
    do_not_call: DO_NOT_CALL,
    no_rule: NO_RULE,
    no_consent: NO_CONSENT,
    consent_no_proof: CONSENT_NO_PROOF,
    consent_withdrawn: CONSENT_WITHDRAWN,
    refusal_cooldown: REFUSAL_COOLDOWN,
    attempt_limit: ATTEMPT_LIMIT,
    outside_hours: OUTSIDE_HOURS,
    holiday: HOLIDAY,
    closed_date: CLOSED_DATE,
    no_window: NO_WINDOW
};

/** The label of a problem in a rule line: {0} the rule, {1} the field. */
export const MALFORMED_LABEL: string = MALFORMED;

/** The disposition that records a refusal (Diamy_Call__c.Disposition__c). */
export const REFUSED_DISPOSITION = 'Refused';

export const LINE_VERSION = '1';

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, length = 2): string {
    return String(value).padStart(length, '0');
}

/** YYYY-MM-DD of a UTC day number (days since 1970-01-01). */
function dayString(day: number): string {
    const date = new Date(day * DAY_MS);
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** Day number of a YYYY-MM-DD string that names a real date; null otherwise. */
function dayNumber(value: string): number | null {
    const match = ISO_DATE.exec(value);
    if (!match) {
        return null;
    }
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
        return null;
    }
    return ms / DAY_MS;
}

/** Code-point order (not locale collation): names and ISO dates sort the same everywhere. */
function compareText(left: string, right: string): number {
    if (left === right) {
        return 0;
    }
    return left < right ? -1 : 1;
}

function toDate(value: DateInput): Date | null {
    if (value === null || value === undefined || value === '') {
        return null;
    }
    const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays

export type HolidayName =
    | 'new_year'
    | 'good_friday'
    | 'easter_monday'
    | 'labour_day'
    | 'victory_1945'
    | 'ascension'
    | 'whit_monday'
    | 'bastille_day'
    | 'assumption'
    | 'all_saints'
    | 'armistice_1918'
    | 'christmas'
    | 'st_stephen'
    | 'abolition_of_slavery';

export interface Holiday {
    /** YYYY-MM-DD */
    date: string;
    name: HolidayName;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus, Meeus/Jones/Butcher), as a day number. */
export function easterSunday(year: number): string {
    const a = year % 19;
    const b = Math.floor(year / 100);
    const c = year % 100;
    const d = Math.floor(b / 4);
    const e = b % 4;
    const f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4);
    const k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7;
    const m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31);
    const day = ((h + l - 7 * m + 114) % 31) + 1;
    return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Abolition-of-slavery day per calendar (Code du travail L.3422-2), as MM-DD. */
const ABOLITION_DAYS: Partial<Record<HolidayCalendar, string>> = {
    'FR-YT': '04-27',
    'FR-MQ': '05-22',
    'FR-GP': '05-27',
    'FR-MF': '05-27',
    'FR-GF': '06-10',
    'FR-BL': '10-09',
    'FR-RE': '12-20'
};

/**
 * The public holidays of a year in a calendar, sorted by date. 'FR' is the list of Code du travail L.3133-1:
 * 1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July, 15 August, 1 November, 11 November,
 * 25 December. The other calendars add their local days (see HolidayCalendar).
 */
export function frenchPublicHolidays(year: number, calendar: HolidayCalendar = 'FR'): Holiday[] {
    if (calendar === 'NONE' || !Number.isInteger(year) || year < 1583 || year > 9999) {
        return [];
    }
    const easter = dayNumber(easterSunday(year)) as number;
    const fixed = (monthDay: string): string => `${pad(year, 4)}-${monthDay}`;
    const holidays: Holiday[] = [
        { date: fixed('01-01'), name: 'new_year' },
        { date: dayString(easter + 1), name: 'easter_monday' },
        { date: fixed('05-01'), name: 'labour_day' },
        { date: fixed('05-08'), name: 'victory_1945' },
        { date: dayString(easter + 39), name: 'ascension' },
        { date: dayString(easter + 50), name: 'whit_monday' },
        { date: fixed('07-14'), name: 'bastille_day' },
        { date: fixed('08-15'), name: 'assumption' },
        { date: fixed('11-01'), name: 'all_saints' },
        { date: fixed('11-11'), name: 'armistice_1918' },
        { date: fixed('12-25'), name: 'christmas' }
    ];
    if (calendar === 'FR-57') {
        holidays.push({ date: dayString(easter - 2), name: 'good_friday' }, { date: fixed('12-26'), name: 'st_stephen' });
    }
    const abolition = ABOLITION_DAYS[calendar];
    if (abolition) {
        holidays.push({ date: fixed(abolition), name: 'abolition_of_slavery' });
    }
    return holidays.sort((left, right) => compareText(left.date, right.date));
}

const holidayCache = new Map<string, Set<string>>();

function holidaySet(calendar: HolidayCalendar, year: number): Set<string> {
    const key = `${calendar}:${year}`;
    let set = holidayCache.get(key);
    if (!set) {
        set = new Set(frenchPublicHolidays(year, calendar).map((holiday) => holiday.date));
        holidayCache.set(key, set);
    }
    return set;
}

/** True when the local day (YYYY-MM-DD) is a public holiday of the calendar. */
export function isHoliday(date: string, calendar: HolidayCalendar): boolean {
    return holidaySet(calendar, Number(date.slice(0, 4))).has(date);
}

// ---------------------------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
    let formatter = formatters.get(timeZone);
    if (!formatter) {
        formatter = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit'
        });
        formatters.set(timeZone, formatter);
    }
    return formatter;
}

/** True when Intl knows the IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
    if (!timeZone) {
        return false;
    }
    try {
        zoneFormatter(timeZone);
        return true;
    } catch {
        return false;
    }
}

interface LocalTime {
    /** Day number of the local date. */
    day: number;
    /** Minutes since local midnight. */
    minute: number;
    /** Seconds and milliseconds past the minute, in ms. */
    rest: number;
}

function localTime(instantMs: number, timeZone: string): LocalTime {
    const parts: Record<string, number> = {};
    for (const part of zoneFormatter(timeZone).formatToParts(new Date(instantMs))) {
        if (part.type !== 'literal') {
            parts[part.type] = Number(part.value);
        }
    }
    const day = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1) / DAY_MS;
    const hour = (parts.hour ?? 0) % 24;
    return {
        day,
        minute: hour * 60 + (parts.minute ?? 0),
        rest: (parts.second ?? 0) * 1000 + (((instantMs % 1000) + 1000) % 1000)
    };
}

/** Offset of the zone at an instant, in ms (local − UTC). */
function offsetAt(instantMs: number, timeZone: string): number {
    const local = localTime(instantMs, timeZone);
    return local.day * DAY_MS + local.minute * 60_000 + local.rest - instantMs;
}

/**
 * The instant of a local wall time in a zone. A time skipped by a DST change maps to the instant the same
 * number of minutes after the change (02:30 on the last Sunday of March in Paris → 03:30); a repeated time to its
 * first occurrence.
 */
export function zonedInstant(day: number, minute: number, timeZone: string): Date {
    const wall = day * DAY_MS + minute * 60_000;
    // Offsets a day before and after: two DST changes are never that close.
    const candidates = [wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)];
    const real = candidates.filter((instant) => {
        const local = localTime(instant, timeZone);
        return local.day * DAY_MS + local.minute * 60_000 === wall;
    });
    return new Date(real.length ? Math.min(...real) : (candidates[0] as number));
}

/** Local date (YYYY-MM-DD) of an instant in a zone. */
export function localDateIn(instant: Date, timeZone: string): string {
    return dayString(localTime(instant.getTime(), timeZone).day);
}

// ---------------------------------------------------------------------------------------------------------------
// Calling windows

const ALL_DAY: readonly TimeSpan[] = [{ start: 0, end: 1440 }];

function spansOf(rule: CallingRule, day: number): readonly TimeSpan[] {
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
    if (!rule.weekly) {
        return ALL_DAY;
    }
    return rule.weekly[weekday] ?? [];
}

function closedReason(rule: CallingRule, day: number): 'holiday' | 'closed_date' | null {
    const date = dayString(day);
    if (rule.closedDates.includes(date)) {
        return 'closed_date';
    }
    return isHoliday(date, rule.holidayCalendar) ? 'holiday' : null;
}

/** How far ahead nextOpenAt looks. */
const LOOKAHEAD_DAYS = 400;

/**
 * Whether the rule lets a call start at `now`, computed in the rule's time zone (daylight saving time included),
 * and when the next window opens when it does not. Windows are [start, end): 13:00 and 20:00 are closed.
 */
export function callingWindow(now: Date, rule: CallingRule): WindowState {
    const nowMs = now.getTime();
    const local = localTime(nowMs, rule.timeZone);
    const todayClosed = closedReason(rule, local.day);
    if (!todayClosed) {
        for (const span of spansOf(rule, local.day)) {
            if (local.minute >= span.start && local.minute < span.end) {
                return {
                    open: true,
                    closesAt: zonedInstant(local.day + (span.end === 1440 ? 1 : 0), span.end % 1440, rule.timeZone)
                };
            }
        }
    }
    const closedBy = todayClosed ?? 'outside_hours';
    for (let day = local.day; day <= local.day + LOOKAHEAD_DAYS; day += 1) {
        if (closedReason(rule, day)) {
            continue;
        }
        for (const span of spansOf(rule, day)) {
            if (span.end <= span.start) {
                continue;
            }
            const opens = zonedInstant(day, span.start, rule.timeZone);
            // A window already under way later today (only possible when now is before it).
            if (opens.getTime() > nowMs) {
                return { open: false, nextOpenAt: opens, closedBy };
            }
        }
    }
    return { open: false, closedBy };
}

// ---------------------------------------------------------------------------------------------------------------
// Rule lines

/** The keys of a line, version 1, in the order the flow writes them. */
export const LINE_KEYS = [
    'v',
    'name',
    'country',
    'tz',
    'hours',
    'holidays',
    'closed',
    'maxAttempts',
    'periodDays',
    'cooldownDays',
    'consent',
    'consentFrom',
    'appliesTo',
    'shipped'
] as const;
type Key = (typeof LINE_KEYS)[number];

class LineError extends Error {
    constructor(
        readonly field: string,
        readonly code: RuleProblemCode = 'malformed'
    ) {
        super(field);
    }
}

function minuteOf(text: string): number | null {
    const match = /^(\d{1,2}):(\d{2})$/.exec(text);
    if (!match) {
        return null;
    }
    const hours = Number(match[1]);
    const minutes = Number(match[2]);
    if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
        return null;
    }
    return hours * 60 + minutes;
}

/** Parses the `hours` value: null (any time) when blank. Throws LineError('hours'). */
export function parseHours(text: string): TimeSpan[][] | null {
    const value = text.trim();
    if (!value) {
        return null;
    }
    const weekly: TimeSpan[][] = [[], [], [], [], [], [], [], []];
    for (const group of value.split(';')) {
        const trimmed = group.trim();
        if (!trimmed) {
            continue;
        }
        const match = /^([1-7](?:\s*-\s*[1-7])?(?:\s*,\s*[1-7](?:\s*-\s*[1-7])?)*)\s+(.+)$/.exec(trimmed);
        if (!match) {
            throw new LineError('hours');
        }
        const days: number[] = [];
        for (const item of (match[1] as string).split(',')) {
            const [from, to] = item.split('-').map((part) => Number(part.trim())) as [number, number | undefined];
            const last = to ?? from;
            if (last < from) {
                throw new LineError('hours');
            }
            for (let day = from; day <= last; day += 1) {
                days.push(day);
            }
        }
        const spans: TimeSpan[] = [];
        for (const range of (match[2] as string).split(/\s*,\s*|\s+/)) {
            const [startText, endText, extra] = range.split('-');
            const start = minuteOf(startText ?? '');
            const end = minuteOf(endText ?? '');
            if (start === null || end === null || extra !== undefined || end <= start) {
                throw new LineError('hours');
            }
            spans.push({ start, end });
        }
        for (const day of days) {
            const list = weekly[day] as TimeSpan[];
            list.push(...spans);
            list.sort((left, right) => left.start - right.start);
            for (let index = 1; index < list.length; index += 1) {
                if ((list[index] as TimeSpan).start < (list[index - 1] as TimeSpan).end) {
                    throw new LineError('hours');
                }
            }
        }
    }
    return weekly;
}

function parseCount(value: string | undefined, field: string, min: number): number | null {
    const text = (value ?? '').trim();
    if (!text) {
        return null;
    }
    if (!/^\d+(\.0+)?$/.test(text) || Number(text) < min) {
        throw new LineError(field);
    }
    return Number(text);
}

function parseFlag(value: string | undefined, field: string): boolean {
    const text = (value ?? '').trim().toLowerCase();
    if (text === '1' || text === 'true') {
        return true;
    }
    if (text === '0' || text === 'false' || text === '') {
        return false;
    }
    throw new LineError(field);
}

function parseLine(line: string): CallingRule {
    const fields = new Map<string, string>();
    for (const part of line.split('|')) {
        const at = part.indexOf('=');
        if (at <= 0) {
            throw new LineError('format');
        }
        const key = part.slice(0, at).trim();
        if (fields.has(key)) {
            throw new LineError(key);
        }
        fields.set(key, part.slice(at + 1).trim());
    }
    const get = (key: Key): string => fields.get(key) ?? '';
    if (!fields.has('v')) {
        throw new LineError('v');
    }
    if (get('v') !== LINE_VERSION) {
        throw new LineError('v', 'unsupported_version');
    }
    const name = get('name');
    if (!name) {
        throw new LineError('name');
    }
    const country = get('country').toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
        throw new LineError('country');
    }
    const timeZone = get('tz');
    if (!isTimeZone(timeZone)) {
        throw new LineError('tz');
    }
    const weekly = parseHours(get('hours'));
    const calendarText = (get('holidays') || 'NONE').toUpperCase().replace(/_/g, '-');
    const holidayCalendar = HOLIDAY_CALENDARS.find((calendar) => calendar === calendarText);
    if (!holidayCalendar) {
        throw new LineError('holidays');
    }
    const closedDates = get('closed')
        .split(/[\s,;]+/)
        .filter((date) => date !== '');
    if (closedDates.some((date) => dayNumber(date) === null)) {
        throw new LineError('closed');
    }
    const maxAttempts = parseCount(get('maxAttempts'), 'maxAttempts', 1);
    const periodDays = parseCount(get('periodDays'), 'periodDays', 1);
    if (maxAttempts !== null && periodDays === null) {
        throw new LineError('periodDays');
    }
    const refusalCooldownDays = parseCount(get('cooldownDays'), 'cooldownDays', 0);
    const consentRequired = parseFlag(get('consent'), 'consent');
    const consentFrom = get('consentFrom');
    if (consentFrom && dayNumber(consentFrom) === null) {
        throw new LineError('consentFrom');
    }
    const appliesText = get('appliesTo') || 'Consumers';
    if (appliesText !== 'Consumers' && appliesText !== 'All') {
        throw new LineError('appliesTo');
    }
    return {
        name,
        country,
        timeZone,
        weekly,
        holidayCalendar,
        closedDates,
        maxAttempts,
        attemptPeriodDays: periodDays ?? 0,
        refusalCooldownDays,
        consentRequired,
        consentRequiredFrom: consentFrom || null,
        appliesTo: appliesText,
        shipped: parseFlag(get('shipped'), 'shipped')
    };
}

function nameOf(line: string): string {
    const match = /(?:^|\|)\s*name=([^|]*)/.exec(line);
    return match ? (match[1] as string).trim() : '';
}

function problem(index: number, name: string, code: RuleProblemCode, field: string): RuleProblem {
    return { index, name, code, field, message: formatLabel(MALFORMED, name || `#${index + 1}`, field) };
}

/**
 * Reads the lines of the flow Diamy_Call_List_Rules. Malformed lines are reported in `problems`, never thrown;
 * blank lines are skipped. For one country, a non-shipped rule wins over a shipped one; two rules of the same kind
 * keep the first by name and report the other as 'duplicate'.
 */
export function parseRules(lines: readonly unknown[] | null | undefined): ParsedRules {
    const problems: RuleProblem[] = [];
    const byCountry = new Map<string, { rule: CallingRule; index: number }>();
    const candidates: { rule: CallingRule; index: number }[] = [];
    (lines ?? []).forEach((raw, index) => {
        if (typeof raw !== 'string') {
            problems.push(problem(index, '', 'malformed', 'format'));
            return;
        }
        if (!raw.trim()) {
            return;
        }
        try {
            candidates.push({ rule: parseLine(raw), index });
        } catch (error) {
            const failure = error as LineError;
            problems.push(problem(index, nameOf(raw), failure.code, failure.field));
        }
    });
    candidates.sort((left, right) => compareText(left.rule.name, right.rule.name) || left.index - right.index);
    for (const candidate of candidates) {
        const kept = byCountry.get(candidate.rule.country);
        if (!kept) {
            byCountry.set(candidate.rule.country, candidate);
        } else if (kept.rule.shipped && !candidate.rule.shipped) {
            byCountry.set(candidate.rule.country, candidate);
        } else if (kept.rule.shipped === candidate.rule.shipped) {
            problems.push(problem(candidate.index, candidate.rule.name, 'duplicate', kept.rule.name));
        }
        // A shipped rule after a non-shipped one for the same country: replaced as intended, not a problem.
    }
    problems.sort((left, right) => left.index - right.index);
    const rules = [...byCountry.values()]
        .map((entry) => entry.rule)
        .sort((left, right) => compareText(left.country, right.country));
    return { rules, problems };
}

/** The rule of a country (ISO alpha-2, any case), or null. */
export function ruleFor(rules: readonly CallingRule[], country: string | null | undefined): CallingRule | null {
    const code = String(country ?? '').toUpperCase();
    return rules.find((rule) => rule.country === code) ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Country of a person

export interface PersonCountryInput {
    /** ISO alpha-2 of the phone number (the caller resolves it, e.g. with c/diamyPhoneMatch). */
    phoneCountry?: string | null;
    /** MailingCountryCode / CountryCode (state and country picklists). */
    addressCountryCode?: string | null;
    /** MailingCountry / Country as typed: a code or a name in French or English. */
    addressCountry?: string | null;
    /** Postal code of the address: a French one starting 971–976 names the overseas department. */
    addressPostalCode?: string | null;
    defaultCountry: string;
}

export interface PersonCountry {
    country: string;
    source: 'phone' | 'address' | 'default';
}

/** Country names (lower case, no accents or punctuation) → ISO alpha-2. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
    france: 'FR',
    'france metropolitaine': 'FR',
    'republique francaise': 'FR',
    guadeloupe: 'GP',
    martinique: 'MQ',
    guyane: 'GF',
    'guyane francaise': 'GF',
    'french guiana': 'GF',
    reunion: 'RE',
    'la reunion': 'RE',
    'ile de la reunion': 'RE',
    mayotte: 'YT',
    'saint barthelemy': 'BL',
    'saint martin': 'MF',
    'saint pierre et miquelon': 'PM',
    'nouvelle caledonie': 'NC',
    'new caledonia': 'NC',
    'polynesie francaise': 'PF',
    'french polynesia': 'PF',
    'wallis et futuna': 'WF',
    'wallis and futuna': 'WF',
    monaco: 'MC',
    belgique: 'BE',
    belgium: 'BE',
    luxembourg: 'LU',
    suisse: 'CH',
    switzerland: 'CH',
    allemagne: 'DE',
    germany: 'DE',
    espagne: 'ES',
    spain: 'ES',
    italie: 'IT',
    italy: 'IT',
    portugal: 'PT',
    'pays bas': 'NL',
    netherlands: 'NL',
    'royaume uni': 'GB',
    'united kingdom': 'GB',
    uk: 'GB',
    irlande: 'IE',
    ireland: 'IE',
    canada: 'CA',
    'etats unis': 'US',
    'united states': 'US',
    'united states of america': 'US',
    usa: 'US',
    maroc: 'MA',
    morocco: 'MA',
    algerie: 'DZ',
    algeria: 'DZ',
    tunisie: 'TN',
    tunisia: 'TN',
    senegal: 'SN',
    "cote d'ivoire": 'CI',
    'cote d ivoire': 'CI',
    'ivory coast': 'CI',
    maurice: 'MU',
    mauritius: 'MU'
};

const OVERSEAS_POSTAL: Readonly<Record<string, string>> = { '971': 'GP', '972': 'MQ', '973': 'GF', '974': 'RE', '976': 'YT' };

function normalizeName(text: string): string {
    return text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[-_.]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
}

function countryCode(value: string | null | undefined): string | null {
    const text = String(value ?? '').trim();
    if (/^[A-Za-z]{2}$/.test(text)) {
        return text.toUpperCase();
    }
    const normalized = normalizeName(text);
    return COUNTRY_NAMES[normalized] ?? COUNTRY_NAMES[normalized.replace(/'/g, ' ').replace(/\s+/g, ' ')] ?? null;
}

/**
 * The country whose rule applies to a person: the phone number's country first (a mobile number travels less than
 * a postal address is kept up to date, and it is the line being called), else the address (a code, or a country
 * name in French or English; a French address with an overseas postal code gives that department), else the default.
 */
export function countryForPerson(input: PersonCountryInput): PersonCountry {
    const phone = String(input.phoneCountry ?? '').trim();
    if (/^[A-Za-z]{2}$/.test(phone)) {
        return { country: phone.toUpperCase(), source: 'phone' };
    }
    const address = countryCode(input.addressCountryCode) ?? countryCode(input.addressCountry);
    if (address) {
        const postal = String(input.addressPostalCode ?? '').trim();
        const overseas = address === 'FR' ? OVERSEAS_POSTAL[postal.slice(0, 3)] : undefined;
        return { country: overseas && /^\d{5}$/.test(postal) ? overseas : address, source: 'address' };
    }
    return { country: String(input.defaultCountry).trim().toUpperCase(), source: 'default' };
}

// ---------------------------------------------------------------------------------------------------------------
// The member check

function startOfLocalDay(day: number, rule: CallingRule): Date {
    return zonedInstant(day, 0, rule.timeZone);
}

/** The first instant at or after `from` inside a window; null when none within the look-ahead. */
function firstOpenAt(from: Date, rule: CallingRule): Date | null {
    const state = callingWindow(from, rule);
    if (state.open) {
        return from;
    }
    return state.nextOpenAt ?? null;
}

function blocked(reason: ReasonCode, detail: VerdictDetail): Verdict {
    return { verdict: 'blocked', reason, detail };
}

function consentVerdict(input: MemberCheckInput, rule: CallingRule, now: Date): Verdict | null {
    if (!rule.consentRequired) {
        return null;
    }
    if (rule.consentRequiredFrom && localDateIn(now, rule.timeZone) < rule.consentRequiredFrom) {
        return null;
    }
    const person = input.person ?? {};
    const detail: VerdictDetail = { country: rule.country, rule: rule.name };
    if (rule.consentRequiredFrom) {
        detail.consentRequiredFrom = rule.consentRequiredFrom;
    }
    if (input.contractCalls === true && person.currentContract === true) {
        return { verdict: 'call', reason: 'contract', detail };
    }
    const consentAt = toDate(person.consentAt);
    const withdrawnAt = toDate(person.consentWithdrawnAt);
    if (withdrawnAt && withdrawnAt.getTime() <= now.getTime() && (!consentAt || withdrawnAt.getTime() >= consentAt.getTime())) {
        return blocked('consent_withdrawn', { ...detail, consentWithdrawnAt: withdrawnAt });
    }
    if (!consentAt || consentAt.getTime() > now.getTime()) {
        return blocked('no_consent', detail);
    }
    if (!String(person.consentProof ?? '').trim()) {
        return blocked('consent_no_proof', detail);
    }
    return null;
}

/**
 * May the agent call this member now? Checks in this order (the first that fails decides):
 * done → blocked; do not call → blocked; a business member under a rule for consumers (or without a rule) → call;
 * no rule for the country → blocked 'no_rule'; consent (from the rule's date; the contract exception when the
 * list is about current contracts and the person has one) → blocked; then the moment: refusal cooldown, attempt
 * limit and calling window → later, with nextAt the first open window once every wait is over.
 */
export function checkMember(input: MemberCheckInput): Verdict {
    const now = input.now;
    const rule = input.rule;
    if (input.done === true) {
        return blocked('done', {});
    }
    if (input.doNotCall === true) {
        return blocked('do_not_call', {});
    }
    if (input.audience === 'Business' && (!rule || rule.appliesTo === 'Consumers')) {
        return { verdict: 'call', reason: 'business', detail: rule ? { country: rule.country, rule: rule.name } : {} };
    }
    if (!rule) {
        const country = String(input.country ?? '').toUpperCase();
        return blocked('no_rule', country ? { country } : {});
    }
    const detail: VerdictDetail = { country: rule.country, rule: rule.name };
    const consent = consentVerdict(input, rule, now);
    if (consent && consent.verdict === 'blocked') {
        return consent;
    }
    const calls = (input.recentCalls ?? [])
        .map((call) => ({
            at: toDate(call.startedAt),
            refused: call.disposition === REFUSED_DISPOSITION,
            fromList: call.fromList
        }))
        .filter(
            (call): call is { at: Date; refused: boolean; fromList: boolean } =>
                call.at !== null && call.at.getTime() <= now.getTime()
        );
    const today = localTime(now.getTime(), rule.timeZone).day;

    const waits: { until: Date; reason: ReasonCode; detail: VerdictDetail }[] = [];
    // Refusal: no call before `cooldown` full calendar days have passed after the day of the refusal.
    if (rule.refusalCooldownDays !== null && rule.refusalCooldownDays > 0) {
        const last = calls.filter((call) => call.refused).sort((left, right) => right.at.getTime() - left.at.getTime())[0];
        if (last) {
            const allowedDay = localTime(last.at.getTime(), rule.timeZone).day + rule.refusalCooldownDays + 1;
            if (today < allowedDay) {
                waits.push({
                    until: startOfLocalDay(allowedDay, rule),
                    reason: 'refusal_cooldown',
                    detail: { refusedAt: last.at }
                });
            }
        }
    }
    // Attempts: at most maxAttempts list calls in any attemptPeriodDays consecutive calendar days (today included).
    if (rule.maxAttempts !== null && rule.attemptPeriodDays > 0) {
        const days = calls
            .filter((call) => call.fromList)
            .map((call) => localTime(call.at.getTime(), rule.timeZone).day)
            .filter((day) => day > today - rule.attemptPeriodDays)
            .sort((left, right) => right - left);
        if (days.length >= rule.maxAttempts) {
            // The day the maxAttempts-th most recent call leaves the period.
            const allowedDay = (days[rule.maxAttempts - 1] as number) + rule.attemptPeriodDays;
            waits.push({
                until: startOfLocalDay(allowedDay, rule),
                reason: 'attempt_limit',
                detail: { attempts: days.length, maxAttempts: rule.maxAttempts, periodDays: rule.attemptPeriodDays }
            });
        }
    }
    if (waits.length) {
        // The longest wait decides (the refusal on a tie: it is the reason the person would give).
        const longest = waits.reduce((kept, wait) => (wait.until.getTime() > kept.until.getTime() ? wait : kept));
        const nextAt = firstOpenAt(longest.until, rule);
        if (!nextAt) {
            return blocked('no_window', detail);
        }
        return { verdict: 'later', reason: longest.reason, nextAt, detail: { ...detail, ...longest.detail } };
    }
    const window = callingWindow(now, rule);
    if (!window.open) {
        if (!window.nextOpenAt) {
            return blocked('no_window', detail);
        }
        return { verdict: 'later', reason: window.closedBy ?? 'outside_hours', nextAt: window.nextOpenAt, detail };
    }
    return consent ?? { verdict: 'call', reason: 'allowed', detail };
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/**
 * A moment as the agent reads it (call lists, the rules' sentences): weekday, day, month, hour and minute in the
 * given time zone (the Salesforce user's, not the browser's; an unknown one falls back to the browser's), with the
 * year when it is not the year of `now` there (no `now`: never, as in the rules' sentences). `locale` as Salesforce names it (fr_FR, de_DE_EURO): intlLocale makes
 * it a tag Intl accepts. '' without a date.
 */
export function formatMoment(date: Date | number | undefined, locale: string, timeZone?: string | null, now?: number): string {
    if (date === undefined) {
        return '';
    }
    const at = new Date(date);
    const zone = intlTimeZone(timeZone);
    const tag = intlLocale(locale);
    const year = (moment: Date): string => new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric' }).format(moment);
    const options: Intl.DateTimeFormatOptions = { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
    if (now !== undefined && year(at) !== year(new Date(now))) {
        options.year = 'numeric';
    }
    return new Intl.DateTimeFormat(tag, options).format(at);
}

function formatDay(day: string | undefined, locale: string): string {
    const number = day ? dayNumber(day) : null;
    if (number === null) {
        return '';
    }
    return new Intl.DateTimeFormat(intlLocale(locale), {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC'
    }).format(new Date(number * DAY_MS));
}

/**
 * The sentence the agent reads for a verdict (the reason's Custom Label in the user's language), with dates in the
 * given locale and time zone (the agent's). Placeholders per reason:
 * no_rule {0} country; no_consent {0} date consent is required from; consent_withdrawn {0} when;
 * refusal_cooldown {0} refused at, {1} next; attempt_limit {0} attempts, {1} days, {2} next;
 * outside_hours, holiday, closed_date {0} next window; no_window {0} rule.
 */
export function describeVerdict(verdict: Verdict, locale: string, timeZone?: string | null): string {
    const zone = timeZone || undefined;
    const label = REASON_LABELS[verdict.reason];
    const next = formatMoment(verdict.nextAt, locale, zone);
    const detail = verdict.detail;
    switch (verdict.reason) {
        case 'no_rule':
            return formatLabel(label, detail.country ?? '?');
        case 'no_consent':
            return formatLabel(label, formatDay(detail.consentRequiredFrom, locale));
        case 'consent_withdrawn':
            return formatLabel(label, formatMoment(detail.consentWithdrawnAt, locale, zone));
        case 'refusal_cooldown':
            return formatLabel(label, formatMoment(detail.refusedAt, locale, zone), next);
        case 'attempt_limit':
            return formatLabel(label, detail.attempts ?? 0, detail.periodDays ?? 0, next);
        case 'outside_hours':
        case 'holiday':
        case 'closed_date':
            return formatLabel(label, next);
        case 'no_window':
            return formatLabel(label, detail.rule ?? '');
        default:
            return label;
    }
}
