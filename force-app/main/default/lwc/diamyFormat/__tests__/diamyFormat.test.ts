import { callResult, directionLabel, formatDay, formatDuration, formatLabel, intlLocale, outcomeLabel } from 'c/diamyFormat';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';
import type * as FormatApi from 'c/diamyFormat';

type FormatModule = typeof FormatApi;
/** 25 November 2026, 10:30 in Paris (09:30 UTC). */
const NOW = Date.parse('2026-11-25T09:30:00.000Z');

describe('c-diamy-format', () => {
    describe('formatDuration', () => {
        it.each([
            [0, '0 min 00 s'],
            [7, '0 min 07 s'],
            [59.6, '1 min 00 s'],
            [187, '3 min 07 s'],
            [3599, '59 min 59 s'],
            [3600, '1 h 00 min'],
            [3725, '1 h 02 min']
        ])('shows %s seconds as "%s"', (seconds, expected) => {
            expect(formatDuration(seconds)).toBe(expected);
        });

        it.each([[null], [undefined], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('shows nothing for %s', (value) => {
            expect(formatDuration(value)).toBe('');
        });
    });

    describe('labels', () => {
        it('names directions and outcomes in the user language', () => {
            expect(directionLabel('Inbound')).toBe('Inbound call');
            expect(directionLabel('Outbound')).toBe('Outbound call');
            expect(outcomeLabel('No_Answer')).toBe('No answer');
            expect(outcomeLabel('Voicemail')).toBe('Voicemail');
        });

        it('shows a value an admin added to the picklist as it is, and nothing for an empty one', () => {
            expect(outcomeLabel('Escalated')).toBe('Escalated');
            expect(directionLabel('constructor')).toBe('constructor');
            expect(outcomeLabel(null)).toBe('');
            expect(directionLabel('')).toBe('');
        });
    });

    describe('formatLabel', () => {
        it('fills numbered placeholders and leaves unknown ones visible', () => {
            expect(formatLabel('{0} min {1} s', 3, '07')).toBe('3 min 07 s');
            expect(formatLabel('{1} then {0} then {2}', 'a', 'b')).toBe('b then a then {2}');
        });
    });
    describe('with the user\'s locale and time zone', () => {
        it('writes durations with the locale\'s digits', () => {
            expect(formatDuration(187, 'en-US')).toBe('3 min 07 s');
            expect(formatDuration(3600 * 1234 + 60, 'en-US')).toBe('1,234 h 01 min');
            expect(formatDuration(187, 'ar-EG')).toBe('٣ min ٠٧ s');
        });

        it('says how a call went: its talk time when answered, else its outcome — never "0 min 00 s"', () => {
            expect(callResult('Answered', 65, 'en-US')).toBe('1 min 05 s');
            expect(callResult('Answered', 0, 'en-US')).toBe('0 min 00 s');
            expect(callResult('Missed', 0, 'en-US')).toBe('Missed call');
            expect(callResult('No_Answer', 0)).toBe('No answer');
            expect(callResult('Busy', null)).toBe('Busy');
            expect(callResult('Voicemail', 0)).toBe('Voicemail');
            expect(callResult('Abandoned', 0)).toBe('Abandoned');
            expect(callResult('Failed', 0)).toBe('Failed');
            expect(callResult(null, 42, 'en-US')).toBe('0 min 42 s');
            expect(callResult(null, null)).toBe('');
            expect(callResult(null, 0)).toBe('');
            expect(callResult(undefined, undefined)).toBe('');
        });

        it('shows a date as the day it is, whatever the time zone, and yesterday/today/tomorrow in words', () => {
            const options = { locale: 'en-US', timeZone: 'America/Los_Angeles', now: NOW };
            expect(formatDay('2026-11-25', options)).toBe('today');
            expect(formatDay('2026-11-24', options)).toBe('yesterday');
            expect(formatDay('2026-11-26', options)).toBe('tomorrow');
            expect(formatDay('2026-11-12', options)).toBe('Nov 12');
            expect(formatDay('2025-05-12', options)).toBe('May 12, 2025');
            // A date-time is the day it falls on where the user is: 02:00 in Paris is still the 24th in Los Angeles.
            expect(formatDay('2026-11-25T01:00:00.000Z', options)).toBe('yesterday');
            expect(formatDay('2026-11-25T01:00:00.000Z', { ...options, timeZone: 'Europe/Paris' })).toBe('today');
        });

        it('shows nothing for what is not a date, and survives a locale or time zone Intl does not know', () => {
            expect(formatDay(null)).toBe('');
            expect(formatDay('')).toBe('');
            expect(formatDay('12/05/2025')).toBe('');
            expect(formatDay('2025-02-30')).toBe('');
            expect(formatDay('2025-05-12', { locale: 'de-DE-EURO', timeZone: 'Mars/Olympus', now: NOW })).toBe('12. Mai 2025');
            expect(intlLocale('de-DE-EURO')).toBe('de-DE');
            expect(intlLocale('fr_FR')).toBe('fr-FR');
            expect(intlLocale('!!')).toBe('en-US');
            expect(intlLocale(undefined)).toBe('en-US');
        });

        it('speaks French to a French user (fr-FR, Europe/Paris)', () => {
            const french = loadAsFrenchUser<FormatModule>('c/diamyFormat');
            expect(french.formatDuration(187)).toBe('3 min 07 s');
            expect(french.formatDuration(3600 * 1234 + 60)).toBe('1\u202f234 h 01 min');
            expect(french.callResult('Missed', 0)).toBe('Appel manqué');
            expect(french.callResult('No_Answer', 0)).toBe('Pas de réponse');
            expect(french.formatDay('2026-11-24', { now: NOW })).toBe('hier');
            expect(french.formatDay('2026-11-25', { now: NOW })).toBe('aujourd’hui');
            expect(french.formatDay('2026-11-12', { now: NOW })).toBe('12 nov.');
            expect(french.formatDay('2025-05-12', { now: NOW })).toBe('12 mai 2025');
        });
    });
});
