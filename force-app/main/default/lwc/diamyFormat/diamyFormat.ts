/**
 * Presentation helpers shared by the Diamy components: every word comes from a Custom Label, so the
 * agent sees French or English according to their Salesforce language; numbers, dates and times follow the
 * user's Salesforce locale and time zone (@salesforce/i18n).
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
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
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

/**
 * A locale tag Intl accepts, from the user's Salesforce locale (fr-FR, en-US; older locales such as de-DE-EURO
 * lose the parts Intl does not know); en-US when nothing is usable.
 */
export function intlLocale(locale: string | null | undefined = LOCALE): string {
    const parts = String(locale ?? '')
        .replace(/_/g, '-')
        .split('-');
    for (let length = parts.length; length > 0; length -= 1) {
        try {
            const [tag] = Intl.getCanonicalLocales(parts.slice(0, length).join('-'));
            if (tag) {
                return tag;
            }
        } catch {
            // not a tag Intl knows: try a shorter one
        }
    }
    return 'en-US';
}

/** The user's time zone if Intl knows it, else undefined (the browser's). */
export function intlTimeZone(timeZone: string | null | undefined): string | undefined {
    if (!timeZone) {
        return undefined;
    }
    try {
        return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
        return undefined;
    }
}

/** "3 min 07 s", or "1 h 02 min" past an hour, with the locale's digits; an unusable value shows as an empty string. */
export function formatDuration(totalSeconds: number | null | undefined, locale: string = LOCALE): string {
    if (typeof totalSeconds !== 'number' || !Number.isFinite(totalSeconds) || totalSeconds < 0) {
        return '';
    }
    const tag = intlLocale(locale);
    const count = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
    const twoDigits = new Intl.NumberFormat(tag, { minimumIntegerDigits: 2, maximumFractionDigits: 0, useGrouping: false });
    const seconds = Math.round(totalSeconds);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours > 0) {
        return formatLabel(DURATION_HOURS_FORMAT, count.format(hours), twoDigits.format(minutes));
    }
    return formatLabel(DURATION_FORMAT, count.format(minutes), twoDigits.format(rest));
}

/**
 * How a call went, in a few words: the talk time of an answered call, else its outcome (Missed call, No answer,
 * Busy, Voicemail…) — an unanswered call never reads "0 min 00 s". Without an outcome, the talk time if there was
 * any, else nothing.
 */
export function callResult(outcome: string | null | undefined, talkSeconds: number | null | undefined, locale: string = LOCALE): string {
    if (outcome && outcome !== 'Answered') {
        return outcomeLabel(outcome);
    }
    if (!outcome && !(typeof talkSeconds === 'number' && talkSeconds > 0)) {
        return '';
    }
    return formatDuration(talkSeconds, locale);
}

export interface DateOptions {
    /** Default: the user's Salesforce locale. */
    locale?: string;
    /** Default: the user's Salesforce time zone. */
    timeZone?: string;
    /** Now, epoch ms (default Date.now()). */
    now?: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day (as UTC midnight, epoch ms) of an instant where the user is. */
function dayIn(instant: number, timeZone: string | undefined): number {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant);
    const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(part('year'), part('month') - 1, part('day'));
}

/**
 * The calendar day of a value, as UTC midnight: a date (2025-05-12, no time zone: the day itself, never shifted
 * by the user's zone) or a date-time (the day it falls on in the user's time zone). Null when not a date.
 */
function calendarDay(value: string | null | undefined, timeZone: string | undefined): number | null {
    if (typeof value !== 'string' || value === '') {
        return null;
    }
    const date = DATE_ONLY.exec(value);
    if (date) {
        const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
        const utc = Date.UTC(year, month - 1, day);
        const check = new Date(utc);
        return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? utc : null;
    }
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) {
        return null;
    }
    const instant = Date.parse(value);
    return Number.isFinite(instant) ? dayIn(instant, timeZone) : null;
}

/**
 * A day as the user says it: "yesterday", "today", "tomorrow" (hier, aujourd'hui, demain), else "12 May" this
 * year or "12 May 2025" — in the user's locale. Empty for anything that is not a date.
 */
export function formatDay(value: string | null | undefined, options: DateOptions = {}): string {
    const locale = intlLocale(options.locale ?? LOCALE);
    const timeZone = intlTimeZone(options.timeZone ?? TIME_ZONE);
    const day = calendarDay(value, timeZone);
    if (day === null) {
        return '';
    }
    const today = dayIn(options.now ?? Date.now(), timeZone);
    const offset = Math.round((day - today) / DAY_MS);
    if (Math.abs(offset) <= 1) {
        return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day');
    }
    const sameYear = new Date(day).getUTCFullYear() === new Date(today).getUTCFullYear();
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }).format(day);
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

/**
 * Today as YYYY-MM-DD in a time zone (the user's: `@salesforce/i18n/timeZone`), for due dates and their check; UTC
 * when the zone is missing or unknown.
 */
export function localDate(nowMs: number, timeZone?: string | null): string {
    const date = new Date(nowMs);
    if (Number.isNaN(date.getTime())) {
        return '';
    }
    try {
        if (timeZone) {
            const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
            const part = (type: string): string => parts.find((item) => item.type === type)?.value ?? '';
            const text = `${part('year')}-${part('month')}-${part('day')}`;
            if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
                return text;
            }
        }
    } catch {
        // An unknown time zone: UTC below.
    }
    return date.toISOString().slice(0, 10);
}
