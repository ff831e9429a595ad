import { directionLabel, formatDuration, formatLabel, outcomeLabel } from 'c/diamyFormat';

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
});
