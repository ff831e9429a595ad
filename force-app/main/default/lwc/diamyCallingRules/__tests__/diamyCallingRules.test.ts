import { readFileSync } from 'fs';
import { join } from 'path';
import {
    LINE_KEYS,
    REASON_LABELS,
    callingWindow,
    checkMember,
    countryForPerson,
    describeVerdict,
    easterSunday,
    formatMoment,
    frenchPublicHolidays,
    isHoliday,
    parseHours,
    parseRules,
    ruleFor,
    zonedInstant
} from 'c/diamyCallingRules';
import type { CallingRule, MemberCheckInput, RecentCall } from 'c/diamyCallingRules';

const FR_LINE =
    'v=1|name=France|country=FR|tz=Europe/Paris|hours=1-5 10:00-13:00,14:00-20:00|holidays=FR|closed=|maxAttempts=4|periodDays=30|cooldownDays=60|consent=1|consentFrom=2026-08-11|appliesTo=Consumers|shipped=1';

function line(overrides: Record<string, string>): string {
    const fields = new Map(
        FR_LINE.split('|').map(
            (part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as [string, string]
        )
    );
    for (const [key, value] of Object.entries(overrides)) {
        fields.set(key, value);
    }
    return [...fields].map(([key, value]) => `${key}=${value}`).join('|');
}

function ruleOf(text: string): CallingRule {
    const { rules, problems } = parseRules([text]);
    expect(problems).toEqual([]);
    return rules[0] as CallingRule;
}

const FR = ruleOf(FR_LINE);
const MQ = ruleOf(line({ name: 'Martinique', country: 'MQ', tz: 'America/Martinique', holidays: 'FR-MQ' }));
const RE = ruleOf(line({ name: 'Reunion', country: 'RE', tz: 'Indian/Reunion', holidays: 'FR_RE' }));
/** Every day, all day, no holidays: the limits alone. */
const ALWAYS = ruleOf(line({ name: 'Always', hours: '', holidays: 'NONE' }));

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | undefined): string | undefined => date?.toISOString();

function consumer(overrides: Partial<MemberCheckInput> = {}): MemberCheckInput {
    return {
        audience: 'Consumer',
        doNotCall: false,
        done: false,
        person: {
            consentAt: '2026-06-01T09:00:00.000Z',
            consentSource: 'Web_Form',
            consentProof: 'form #4411, IP 192.0.2.7',
            consentWithdrawnAt: null,
            currentContract: false
        },
        contractCalls: false,
        recentCalls: [],
        // Wednesday 2 December 2026, 11:00 in Paris
        now: at('2026-12-02T10:00:00.000Z'),
        rule: FR,
        ...overrides
    };
}

const listCall = (startedAt: string, disposition: string | null = 'No_Answer'): RecentCall => ({
    startedAt,
    disposition,
    fromList: true
});

describe('c-diamy-calling-rules', () => {
    describe('public holidays (Code du travail L.3133-1, L.3134-13, L.3422-2)', () => {
        it('computes Easter with the Gregorian computus', () => {
            expect(easterSunday(2024)).toBe('2024-03-31');
            expect(easterSunday(2025)).toBe('2025-04-20');
            expect(easterSunday(2026)).toBe('2026-04-05');
            expect(easterSunday(2027)).toBe('2027-03-28');
            expect(easterSunday(2038)).toBe('2038-04-25');
            expect(easterSunday(2285)).toBe('2285-03-22');
        });

        it('lists the eleven days of L.3133-1, Easter Monday 2027 being 29 March', () => {
            expect(frenchPublicHolidays(2027)).toEqual([
                { date: '2027-01-01', name: 'new_year' },
                { date: '2027-03-29', name: 'easter_monday' },
                { date: '2027-05-01', name: 'labour_day' },
                { date: '2027-05-06', name: 'ascension' },
                { date: '2027-05-08', name: 'victory_1945' },
                { date: '2027-05-17', name: 'whit_monday' },
                { date: '2027-07-14', name: 'bastille_day' },
                { date: '2027-08-15', name: 'assumption' },
                { date: '2027-11-01', name: 'all_saints' },
                { date: '2027-11-11', name: 'armistice_1918' },
                { date: '2027-12-25', name: 'christmas' }
            ]);
            expect(frenchPublicHolidays(2026).map((holiday) => holiday.date)).toEqual(
                expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25'])
            );
        });

        it('adds Good Friday and 26 December in Alsace-Moselle, the abolition day overseas, nothing for NONE', () => {
            const extra = (calendar: Parameters<typeof frenchPublicHolidays>[1]): string[] => {
                const base = new Set(frenchPublicHolidays(2027).map((holiday) => holiday.date));
                return frenchPublicHolidays(2027, calendar)
                    .map((holiday) => holiday.date)
                    .filter((date) => !base.has(date));
            };
            expect(extra('FR-57')).toEqual(['2027-03-26', '2027-12-26']);
            expect(extra('FR-YT')).toEqual(['2027-04-27']);
            expect(extra('FR-MQ')).toEqual(['2027-05-22']);
            expect(extra('FR-GP')).toEqual(['2027-05-27']);
            expect(extra('FR-MF')).toEqual(['2027-05-27']);
            expect(extra('FR-GF')).toEqual(['2027-06-10']);
            expect(extra('FR-BL')).toEqual(['2027-10-09']);
            expect(extra('FR-RE')).toEqual(['2027-12-20']);
            expect(frenchPublicHolidays(2027, 'NONE')).toEqual([]);
            expect(frenchPublicHolidays(1200)).toEqual([]);
            expect(isHoliday('2027-05-22', 'FR-MQ')).toBe(true);
            expect(isHoliday('2027-05-22', 'FR')).toBe(false);
        });
    });

    describe('rule lines (the output of the flow Diamy_Call_List_Rules)', () => {
        it('reads a line into a rule', () => {
            expect(FR).toEqual({
                name: 'France',
                country: 'FR',
                timeZone: 'Europe/Paris',
                weekly: [
                    [],
                    [
                        { start: 600, end: 780 },
                        { start: 840, end: 1200 }
                    ],
                    [
                        { start: 600, end: 780 },
                        { start: 840, end: 1200 }
                    ],
                    [
                        { start: 600, end: 780 },
                        { start: 840, end: 1200 }
                    ],
                    [
                        { start: 600, end: 780 },
                        { start: 840, end: 1200 }
                    ],
                    [
                        { start: 600, end: 780 },
                        { start: 840, end: 1200 }
                    ],
                    [],
                    []
                ],
                holidayCalendar: 'FR',
                closedDates: [],
                maxAttempts: 4,
                attemptPeriodDays: 30,
                refusalCooldownDays: 60,
                consentRequired: true,
                consentRequiredFrom: '2026-08-11',
                appliesTo: 'Consumers',
                shipped: true
            });
            const custom = ruleOf(
                line({
                    shipped: '0',
                    closed: '2026-12-24, 2026-12-31;2027-01-02',
                    maxAttempts: '3.0',
                    cooldownDays: '',
                    consent: '0',
                    consentFrom: '',
                    hours: '1,3 09:00-12:00; 6 10:00-24:00',
                    appliesTo: 'All',
                    extra: 'ignored'
                })
            );
            expect(custom).toMatchObject({
                closedDates: ['2026-12-24', '2026-12-31', '2027-01-02'],
                maxAttempts: 3,
                refusalCooldownDays: null,
                consentRequired: false,
                consentRequiredFrom: null,
                appliesTo: 'All',
                shipped: false
            });
            expect(custom.weekly?.[1]).toEqual([{ start: 540, end: 720 }]);
            expect(custom.weekly?.[2]).toEqual([]);
            expect(custom.weekly?.[6]).toEqual([{ start: 600, end: 1440 }]);
        });

        it('reports malformed lines with the field at fault, and keeps the others', () => {
            const lines: unknown[] = [
                FR_LINE,
                line({ name: 'Bad_Zone', country: 'BE', tz: 'Europe/Nowhere' }),
                line({ name: 'Bad_Country', country: 'FRA' }),
                line({ name: 'Bad_Hours', country: 'BE', hours: '1-5 10:00-9:00' }),
                line({ name: 'Overlap', country: 'BE', hours: '1-5 10:00-13:00,12:00-14:00' }),
                line({ name: 'Bad_Days', country: 'BE', hours: '8 10:00-12:00' }),
                line({ name: 'Bad_Time', country: 'BE', hours: '1 10:60-12:00' }),
                line({ name: 'Bad_Date', country: 'BE', closed: '2026-02-30' }),
                line({ name: 'Bad_Calendar', country: 'BE', holidays: 'DE' }),
                line({ name: 'Bad_Count', country: 'BE', maxAttempts: 'four' }),
                line({ name: 'No_Period', country: 'BE', periodDays: '' }),
                line({ name: 'Bad_Flag', country: 'BE', consent: 'yes' }),
                line({ name: 'Bad_From', country: 'BE', consentFrom: '11/08/2026' }),
                line({ name: 'Bad_Applies', country: 'BE', appliesTo: 'Everyone' }),
                line({ name: 'Version_2', country: 'BE', v: '2' }),
                'country=BE|name=No_Version',
                'not a rule line',
                line({ name: '' }),
                42,
                '',
                '   '
            ];
            const { rules, problems } = parseRules(lines);
            expect(rules.map((rule) => rule.name)).toEqual(['France']);
            expect(problems.map((p) => [p.index, p.name, p.code, p.field])).toEqual([
                [1, 'Bad_Zone', 'malformed', 'tz'],
                [2, 'Bad_Country', 'malformed', 'country'],
                [3, 'Bad_Hours', 'malformed', 'hours'],
                [4, 'Overlap', 'malformed', 'hours'],
                [5, 'Bad_Days', 'malformed', 'hours'],
                [6, 'Bad_Time', 'malformed', 'hours'],
                [7, 'Bad_Date', 'malformed', 'closed'],
                [8, 'Bad_Calendar', 'malformed', 'holidays'],
                [9, 'Bad_Count', 'malformed', 'maxAttempts'],
                [10, 'No_Period', 'malformed', 'periodDays'],
                [11, 'Bad_Flag', 'malformed', 'consent'],
                [12, 'Bad_From', 'malformed', 'consentFrom'],
                [13, 'Bad_Applies', 'malformed', 'appliesTo'],
                [14, 'Version_2', 'unsupported_version', 'v'],
                [15, 'No_Version', 'malformed', 'v'],
                [16, '', 'malformed', 'format'],
                [17, '', 'malformed', 'name'],
                [18, '', 'malformed', 'format']
            ]);
            expect(problems[0]?.message).toBe('The calling rule Bad_Zone cannot be used: check its field tz.');
            expect(problems[15]?.message).toBe('The calling rule #17 cannot be used: check its field format.');
            expect(parseRules(null)).toEqual({ rules: [], problems: [] });
            expect(() => parseHours('1-5')).toThrow();
            expect(() => parseHours('5-1 10:00-12:00')).toThrow();
        });

        it('a non-shipped rule wins over the shipped one for its country, in any order; two of a kind keep the first by name', () => {
            const mine = line({ name: 'France_Custom', shipped: '0', maxAttempts: '2' });
            for (const lines of [
                [FR_LINE, mine],
                [mine, FR_LINE]
            ]) {
                const { rules, problems } = parseRules(lines);
                expect(rules.map((rule) => [rule.name, rule.maxAttempts])).toEqual([['France_Custom', 2]]);
                expect(problems).toEqual([]);
            }
            const { rules, problems } = parseRules([
                line({ name: 'Z_France', shipped: '0' }),
                line({ name: 'A_France', shipped: '0' }),
                FR_LINE
            ]);
            expect(rules.map((rule) => rule.name)).toEqual(['A_France']);
            expect(problems.map((p) => [p.index, p.name, p.code, p.field])).toEqual([[0, 'Z_France', 'duplicate', 'A_France']]);
            expect(ruleFor(rules, 'fr')?.name).toBe('A_France');
            expect(ruleFor(rules, 'BE')).toBeNull();
            expect(ruleFor(rules, null)).toBeNull();
        });

        it('reads the lines the flow builds from the shipped records (automation/tests/fixtures, checked against the flow by callListRules.test.mjs)', () => {
            const fixture = JSON.parse(
                readFileSync(join(__dirname, '../../../../../../automation/tests/fixtures/calling-rules.lines.json'), 'utf8')
            ) as string[];
            const { rules, problems } = parseRules(fixture);
            expect(problems).toEqual([]);
            for (const text of fixture) {
                expect(text.split('|').map((part) => part.slice(0, part.indexOf('=')))).toEqual([...LINE_KEYS]);
            }
            expect(rules.map((rule) => [rule.country, rule.timeZone, rule.holidayCalendar])).toEqual([
                ['FR', 'Europe/Paris', 'FR'],
                ['GF', 'America/Cayenne', 'FR-GF'],
                ['GP', 'America/Guadeloupe', 'FR-GP'],
                ['MQ', 'America/Martinique', 'FR-MQ'],
                ['RE', 'Indian/Reunion', 'FR-RE'],
                ['YT', 'Indian/Mayotte', 'FR-YT']
            ]);
            for (const rule of rules) {
                expect(rule).toMatchObject({
                    weekly: FR.weekly,
                    maxAttempts: 4,
                    attemptPeriodDays: 30,
                    refusalCooldownDays: 60,
                    consentRequired: true,
                    consentRequiredFrom: '2026-08-11',
                    appliesTo: 'Consumers',
                    shipped: true,
                    closedDates: []
                });
            }
        });
    });

    describe('calling windows (D.223-9: Monday to Friday, 10:00–13:00 and 14:00–20:00, the consumer’s time zone)', () => {
        it('opens at 10:00 and 14:00, closes at 13:00 and 20:00 exactly', () => {
            // Wednesday 2 December 2026, Paris is UTC+1
            expect(callingWindow(at('2026-12-02T08:59:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-12-02T09:00:00.000Z')
            });
            expect(callingWindow(at('2026-12-02T08:59:59.999Z'), FR).open).toBe(false);
            expect(callingWindow(at('2026-12-02T09:00:00.000Z'), FR)).toEqual({
                open: true,
                closesAt: at('2026-12-02T12:00:00.000Z')
            });
            expect(callingWindow(at('2026-12-02T11:59:59.999Z'), FR).open).toBe(true);
            expect(callingWindow(at('2026-12-02T12:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-12-02T13:00:00.000Z')
            });
            expect(callingWindow(at('2026-12-02T13:00:00.000Z'), FR).open).toBe(true);
            expect(callingWindow(at('2026-12-02T18:59:00.000Z'), FR)).toEqual({
                open: true,
                closesAt: at('2026-12-02T19:00:00.000Z')
            });
            expect(callingWindow(at('2026-12-02T19:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-12-03T09:00:00.000Z')
            });
        });

        it('no calls on Saturday or Sunday: Friday evening opens on Monday', () => {
            expect(iso(callingWindow(at('2026-12-04T19:30:00.000Z'), FR).nextOpenAt)).toBe('2026-12-07T09:00:00.000Z');
            expect(callingWindow(at('2026-12-05T10:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-12-07T09:00:00.000Z')
            });
        });

        it('no calls on public holidays, weekdays included: Easter Monday, Ascension, Whit Monday, 14 July, 11 November', () => {
            // Easter Monday 29 March 2027 (CEST from 28 March): closed all day, Tuesday 10:00 CEST.
            expect(callingWindow(at('2027-03-29T09:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'holiday',
                nextOpenAt: at('2027-03-30T08:00:00.000Z')
            });
            // Ascension Thursday 6 May 2027: Friday 7 May.
            expect(callingWindow(at('2027-05-06T12:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'holiday',
                nextOpenAt: at('2027-05-07T08:00:00.000Z')
            });
            // Friday 14 May 2027 evening: Whit Monday 17 May is closed, Tuesday 18 May.
            expect(iso(callingWindow(at('2027-05-14T18:30:00.000Z'), FR).nextOpenAt)).toBe('2027-05-18T08:00:00.000Z');
            expect(callingWindow(at('2026-07-14T08:00:00.000Z'), FR).closedBy).toBe('holiday');
            // Wednesday 11 November 2026
            expect(callingWindow(at('2026-11-11T10:00:00.000Z'), FR)).toEqual({
                open: false,
                closedBy: 'holiday',
                nextOpenAt: at('2026-11-12T09:00:00.000Z')
            });
            // Christmas Friday 25 December 2026 → Monday 28
            expect(iso(callingWindow(at('2026-12-24T19:30:00.000Z'), FR).nextOpenAt)).toBe('2026-12-28T09:00:00.000Z');
        });

        it('the rule’s extra closed days and local holidays', () => {
            const closed = ruleOf(line({ closed: '2026-12-03' }));
            expect(callingWindow(at('2026-12-03T10:00:00.000Z'), closed)).toEqual({
                open: false,
                closedBy: 'closed_date',
                nextOpenAt: at('2026-12-04T09:00:00.000Z')
            });
            // Martinique, Friday 22 May 2026: abolition of slavery; Paris is open that day.
            expect(callingWindow(at('2026-05-22T15:00:00.000Z'), MQ).closedBy).toBe('holiday');
            expect(callingWindow(at('2026-05-22T09:00:00.000Z'), FR).open).toBe(true);
            // Alsace-Moselle: Good Friday 26 March 2027
            const moselle = ruleOf(line({ holidays: 'FR-57' }));
            expect(callingWindow(at('2027-03-26T10:00:00.000Z'), moselle).closedBy).toBe('holiday');
            expect(callingWindow(at('2027-03-26T10:00:00.000Z'), FR).open).toBe(true);
        });

        it('follows daylight saving time in Paris: last Sunday of March and of October', () => {
            // Friday 27 March 2026 20:30 CET → Monday 30 March 10:00 CEST (08:00 UTC, not 09:00).
            expect(iso(callingWindow(at('2026-03-27T19:30:00.000Z'), FR).nextOpenAt)).toBe('2026-03-30T08:00:00.000Z');
            // Friday 23 October 2026 20:00 CEST → Monday 26 October 10:00 CET (09:00 UTC).
            expect(iso(callingWindow(at('2026-10-23T18:00:00.000Z'), FR).nextOpenAt)).toBe('2026-10-26T09:00:00.000Z');
            // On the Sunday of the change itself, with a rule open every day from 10:00.
            const daily = ruleOf(line({ hours: '1-7 10:00-13:00', holidays: 'NONE' }));
            expect(callingWindow(at('2026-03-29T08:30:00.000Z'), daily).open).toBe(true); // 10:30 CEST
            expect(callingWindow(at('2026-03-28T08:30:00.000Z'), daily)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-03-28T09:00:00.000Z')
            }); // 09:30 CET
            expect(callingWindow(at('2026-10-25T08:30:00.000Z'), daily)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-10-25T09:00:00.000Z')
            }); // 09:30 CET
            expect(callingWindow(at('2026-10-24T08:30:00.000Z'), daily).open).toBe(true); // 10:30 CEST
        });

        it('maps wall times skipped or repeated by a change', () => {
            const day = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / 86_400_000;
            expect(zonedInstant(day('2026-03-29'), 150, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 does not exist: 03:30 CEST
            expect(zonedInstant(day('2026-10-25'), 150, 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
            expect(zonedInstant(day('2026-10-25'), 600, 'Europe/Paris').toISOString()).toBe('2026-10-25T09:00:00.000Z');
            expect(zonedInstant(day('2026-03-29'), 600, 'Europe/Paris').toISOString()).toBe('2026-03-29T08:00:00.000Z');
        });

        it('La Réunion (UTC+4) and Martinique (UTC−4) have no DST: 9:59 closed, 10:00 open all year', () => {
            for (const date of ['2026-03-30', '2026-07-06', '2026-11-02']) {
                expect(callingWindow(at(`${date}T05:59:00.000Z`), RE)).toEqual({
                    open: false,
                    closedBy: 'outside_hours',
                    nextOpenAt: at(`${date}T06:00:00.000Z`)
                });
                expect(callingWindow(at(`${date}T06:00:00.000Z`), RE).open).toBe(true);
                expect(callingWindow(at(`${date}T13:59:00.000Z`), MQ)).toEqual({
                    open: false,
                    closedBy: 'outside_hours',
                    nextOpenAt: at(`${date}T14:00:00.000Z`)
                });
                expect(callingWindow(at(`${date}T14:00:00.000Z`), MQ).open).toBe(true);
            }
            // Monday 9 November 2026 00:30 UTC is still Sunday 20:30 in Martinique: closed until Monday 10:00 there.
            expect(callingWindow(at('2026-11-09T00:30:00.000Z'), MQ)).toEqual({
                open: false,
                closedBy: 'outside_hours',
                nextOpenAt: at('2026-11-09T14:00:00.000Z')
            });
            // Monday 2 November 00:30 UTC is Sunday 1 November there: All Saints' Day, a holiday on a Sunday.
            expect(callingWindow(at('2026-11-02T00:30:00.000Z'), MQ)).toEqual({
                open: false,
                closedBy: 'holiday',
                nextOpenAt: at('2026-11-02T14:00:00.000Z')
            });
            // 20 December is a Sunday in 2026; in 2027 a Monday: closed in Réunion, open in Paris.
            expect(callingWindow(at('2027-12-20T08:00:00.000Z'), RE)).toEqual({
                open: false,
                closedBy: 'holiday',
                nextOpenAt: at('2027-12-21T06:00:00.000Z')
            });
            expect(callingWindow(at('2027-12-20T10:00:00.000Z'), FR).open).toBe(true);
        });

        it('a rule without hours is open all day; one whose windows never open gives no next window', () => {
            expect(callingWindow(at('2026-12-06T03:00:00.000Z'), ALWAYS)).toEqual({
                open: true,
                closesAt: at('2026-12-06T23:00:00.000Z')
            });
            const never = { ...FR, weekly: [[], [], [], [], [], [], [], []] };
            expect(callingWindow(at('2026-12-02T10:00:00.000Z'), never)).toEqual({ open: false, closedBy: 'outside_hours' });
        });
    });

    describe('checkMember', () => {
        it('calls a consenting consumer inside the window', () => {
            expect(checkMember(consumer())).toEqual({
                verdict: 'call',
                reason: 'allowed',
                detail: { country: 'FR', rule: 'France' }
            });
        });

        it('done and do-not-call block every audience, before anything else', () => {
            expect(checkMember(consumer({ done: true, doNotCall: true }))).toEqual({
                verdict: 'blocked',
                reason: 'done',
                detail: {}
            });
            expect(checkMember(consumer({ doNotCall: true }))).toEqual({ verdict: 'blocked', reason: 'do_not_call', detail: {} });
            expect(checkMember(consumer({ audience: 'Business', doNotCall: true, rule: null })).reason).toBe('do_not_call');
        });

        it('B2B: only do-not-call and done, whatever the hour, consent or attempts', () => {
            const business = consumer({
                audience: 'Business',
                person: null,
                now: at('2026-12-06T21:00:00.000Z'),
                recentCalls: Array.from({ length: 9 }, () => listCall('2026-12-01T10:00:00.000Z', 'Refused'))
            });
            expect(checkMember(business)).toEqual({
                verdict: 'call',
                reason: 'business',
                detail: { country: 'FR', rule: 'France' }
            });
            expect(checkMember({ ...business, rule: null })).toEqual({ verdict: 'call', reason: 'business', detail: {} });
            // A rule that applies to all: business members get the consumer checks.
            expect(checkMember({ ...business, rule: { ...FR, appliesTo: 'All' } }).verdict).toBe('blocked');
        });

        it('no rule for the country blocks consumers with the country named', () => {
            expect(checkMember(consumer({ rule: null, country: 'be' }))).toEqual({
                verdict: 'blocked',
                reason: 'no_rule',
                detail: { country: 'BE' }
            });
            expect(checkMember(consumer({ rule: null }))).toEqual({ verdict: 'blocked', reason: 'no_rule', detail: {} });
        });

        describe('consent (L.223-1 from 11 August 2026)', () => {
            const noConsent = { consentAt: null, consentProof: null };
            it('is not required before 11 August 2026 (Paris date), is from that day', () => {
                // Monday 10 August 2026 23:59 in Paris
                const before = consumer({ person: noConsent, now: at('2026-08-10T21:59:00.000Z'), rule: ALWAYS });
                expect(checkMember(before).verdict).toBe('call');
                expect(checkMember({ ...before, now: at('2026-08-10T22:00:00.000Z') })).toEqual({
                    verdict: 'blocked',
                    reason: 'no_consent',
                    detail: { country: 'FR', rule: 'Always', consentRequiredFrom: '2026-08-11' }
                });
                expect(checkMember(consumer({ person: null })).reason).toBe('no_consent');
            });

            it('needs a date in the past and a proof', () => {
                expect(
                    checkMember(consumer({ person: { consentAt: '2026-12-02T10:00:00.001Z', consentProof: 'form' } })).reason
                ).toBe('no_consent');
                expect(
                    checkMember(consumer({ person: { consentAt: '2026-12-02T10:00:00.000Z', consentProof: 'form' } })).reason
                ).toBe('allowed');
                expect(checkMember(consumer({ person: { consentAt: 'not a date', consentProof: 'form' } })).reason).toBe(
                    'no_consent'
                );
                expect(
                    checkMember(
                        consumer({
                            person: { consentAt: '2026-06-01T09:00:00.000Z', consentSource: 'Web_Form', consentProof: '   ' }
                        })
                    )
                ).toEqual({
                    verdict: 'blocked',
                    reason: 'consent_no_proof',
                    detail: { country: 'FR', rule: 'France', consentRequiredFrom: '2026-08-11' }
                });
            });

            it('a withdrawal after the consent blocks; a consent given again after the withdrawal counts', () => {
                const withdrawn = consumer({
                    person: {
                        consentAt: '2026-06-01T09:00:00.000Z',
                        consentProof: 'form',
                        consentWithdrawnAt: '2026-11-20T16:00:00.000Z'
                    }
                });
                expect(checkMember(withdrawn)).toMatchObject({
                    verdict: 'blocked',
                    reason: 'consent_withdrawn',
                    detail: { consentWithdrawnAt: at('2026-11-20T16:00:00.000Z') }
                });
                expect(
                    checkMember(consumer({ person: { consentAt: null, consentWithdrawnAt: '2026-11-20T16:00:00.000Z' } })).reason
                ).toBe('consent_withdrawn');
                expect(
                    checkMember(
                        consumer({
                            person: {
                                consentAt: '2026-11-25T09:00:00.000Z',
                                consentProof: 'call recording 88',
                                consentWithdrawnAt: '2026-11-20T16:00:00.000Z'
                            }
                        })
                    ).reason
                ).toBe('allowed');
                // Withdrawn at the very moment of the consent: withdrawn (the later act wins; on a tie, the withdrawal).
                expect(
                    checkMember(
                        consumer({
                            person: {
                                consentAt: '2026-11-20T16:00:00.000Z',
                                consentProof: 'form',
                                consentWithdrawnAt: '2026-11-20T16:00:00.000Z'
                            }
                        })
                    ).reason
                ).toBe('consent_withdrawn');
                // A withdrawal dated in the future is not one yet.
                expect(
                    checkMember(
                        consumer({
                            person: {
                                consentAt: '2026-06-01T09:00:00.000Z',
                                consentProof: 'form',
                                consentWithdrawnAt: '2026-12-10T00:00:00.000Z'
                            }
                        })
                    ).reason
                ).toBe('allowed');
            });

            it('the contract exception: a contract-calls list and a person with a current contract, both needed', () => {
                const noneButContract = { consentAt: null, currentContract: true };
                expect(checkMember(consumer({ person: noneButContract, contractCalls: true }))).toEqual({
                    verdict: 'call',
                    reason: 'contract',
                    detail: { country: 'FR', rule: 'France', consentRequiredFrom: '2026-08-11' }
                });
                expect(checkMember(consumer({ person: noneButContract, contractCalls: false })).reason).toBe('no_consent');
                expect(
                    checkMember(consumer({ person: { consentAt: null, currentContract: false }, contractCalls: true })).reason
                ).toBe('no_consent');
                // The exception lifts consent only: hours still apply.
                expect(
                    checkMember(consumer({ person: noneButContract, contractCalls: true, now: at('2026-12-02T19:00:00.000Z') }))
                ).toMatchObject({ verdict: 'later', reason: 'outside_hours' });
            });

            it('a rule without consent required calls anyone', () => {
                expect(checkMember(consumer({ person: null, rule: { ...FR, consentRequired: false } })).reason).toBe('allowed');
                expect(
                    checkMember(
                        consumer({
                            person: null,
                            rule: { ...FR, consentRequiredFrom: null },
                            now: at('2020-01-06T10:00:00.000Z')
                        })
                    ).reason
                ).toBe('no_consent');
            });
        });

        describe('attempts (D.223-9: at most 4 in 30 calendar days)', () => {
            const four = [
                '2026-09-01T08:00:00.000Z',
                '2026-09-02T08:00:00.000Z',
                '2026-09-03T08:00:00.000Z',
                '2026-09-04T08:00:00.000Z'
            ].map((time) => listCall(time));

            it('three calls: the fourth is allowed', () => {
                expect(checkMember(consumer({ recentCalls: four.slice(1), now: at('2026-09-04T12:00:00.000Z') })).reason).toBe(
                    'allowed'
                );
            });

            it('four calls: later until the oldest leaves the 30 days, at exactly 30 days it has', () => {
                // Wednesday 30 September 2026 (day 30 counting 1 September): still four in the period.
                const day30 = checkMember(consumer({ recentCalls: four, now: at('2026-09-30T09:00:00.000Z') }));
                expect(day30).toEqual({
                    verdict: 'later',
                    reason: 'attempt_limit',
                    nextAt: at('2026-10-01T08:00:00.000Z'),
                    detail: { country: 'FR', rule: 'France', attempts: 4, maxAttempts: 4, periodDays: 30 }
                });
                // 23:59 on 30 September, then midnight: the 1 September call no longer counts (a 24/7 rule).
                expect(
                    checkMember(consumer({ recentCalls: four, rule: ALWAYS, now: at('2026-09-30T21:59:00.000Z') })).reason
                ).toBe('attempt_limit');
                expect(
                    checkMember(consumer({ recentCalls: four, rule: ALWAYS, now: at('2026-09-30T22:00:00.000Z') })).reason
                ).toBe('allowed');
                expect(checkMember(consumer({ recentCalls: four, now: at('2026-10-01T08:00:00.000Z') })).reason).toBe('allowed');
            });

            it('counts calls from lists only, answered or not, and the calendar days of the person’s time zone', () => {
                const others = four.map((call) => ({ ...call, fromList: false }));
                expect(checkMember(consumer({ recentCalls: others, now: at('2026-09-30T09:00:00.000Z') })).reason).toBe(
                    'allowed'
                );
                const answered = four.map((call) => ({ ...call, disposition: 'Not_Interested' }));
                expect(checkMember(consumer({ recentCalls: answered, now: at('2026-09-30T09:00:00.000Z') })).reason).toBe(
                    'attempt_limit'
                );
                // 31 August 22:30 UTC is already 1 September in Paris.
                const late = [listCall('2026-08-31T22:30:00.000Z'), ...four.slice(1)];
                expect(iso(checkMember(consumer({ recentCalls: late, now: at('2026-09-30T09:00:00.000Z') })).nextAt)).toBe(
                    '2026-10-01T08:00:00.000Z'
                );
                // Calls dated after now and unreadable dates are ignored.
                expect(
                    checkMember(
                        consumer({
                            recentCalls: [...four.slice(1), listCall('2026-10-05T08:00:00.000Z'), listCall('')],
                            now: at('2026-09-30T09:00:00.000Z')
                        })
                    ).reason
                ).toBe('allowed');
            });

            it('the next window after the wait: a wait ending on a holiday or weekend moves on', () => {
                // Calls on Fri 9 Oct … Mon 12 Oct, wait ends Sun 8 Nov → Monday 9 November 10:00.
                const calls = [
                    '2026-10-09T08:00:00.000Z',
                    '2026-10-09T09:00:00.000Z',
                    '2026-10-12T08:00:00.000Z',
                    '2026-10-12T09:00:00.000Z'
                ].map((time) => listCall(time));
                expect(iso(checkMember(consumer({ recentCalls: calls, now: at('2026-10-20T09:00:00.000Z') })).nextAt)).toBe(
                    '2026-11-09T09:00:00.000Z'
                );
            });
        });

        describe('refusal (D.223-9: no call for 60 calendar days)', () => {
            const refusal = listCall('2026-09-03T13:00:00.000Z', 'Refused'); // Thursday 3 September, 15:00 in Paris

            it('later until 60 full days have passed: day 60 is refused, day 61 allowed', () => {
                const day60 = checkMember(consumer({ recentCalls: [refusal], now: at('2026-11-02T14:00:00.000Z') }));
                expect(day60).toEqual({
                    verdict: 'later',
                    reason: 'refusal_cooldown',
                    nextAt: at('2026-11-03T09:00:00.000Z'),
                    detail: { country: 'FR', rule: 'France', refusedAt: at('2026-09-03T13:00:00.000Z') }
                });
                expect(checkMember(consumer({ recentCalls: [refusal], now: at('2026-11-03T09:00:00.000Z') })).reason).toBe(
                    'allowed'
                );
                expect(
                    checkMember(consumer({ recentCalls: [refusal], rule: ALWAYS, now: at('2026-11-02T22:59:00.000Z') })).reason
                ).toBe('refusal_cooldown');
                expect(
                    checkMember(consumer({ recentCalls: [refusal], rule: ALWAYS, now: at('2026-11-02T23:00:00.000Z') })).reason
                ).toBe('allowed');
            });

            it('counts any refused call of the person, from a list or not; the latest refusal decides', () => {
                const outsideList = { ...refusal, fromList: false };
                expect(checkMember(consumer({ recentCalls: [outsideList], now: at('2026-10-01T09:00:00.000Z') })).reason).toBe(
                    'refusal_cooldown'
                );
                const again = listCall('2026-10-01T09:00:00.000Z', 'Refused');
                expect(
                    iso(checkMember(consumer({ recentCalls: [refusal, again], now: at('2026-11-10T10:00:00.000Z') })).nextAt)
                ).toBe('2026-12-01T09:00:00.000Z');
                expect(
                    checkMember(
                        consumer({
                            recentCalls: [refusal],
                            rule: { ...FR, refusalCooldownDays: null },
                            now: at('2026-09-04T09:00:00.000Z')
                        })
                    ).reason
                ).toBe('allowed');
            });

            it('with the attempt limit too, the longer wait decides; a tie is the refusal', () => {
                const calls = [
                    listCall('2026-11-02T09:00:00.000Z'),
                    listCall('2026-11-02T10:00:00.000Z'),
                    listCall('2026-11-02T11:00:00.000Z'),
                    listCall('2026-11-02T13:00:00.000Z', 'Refused')
                ];
                // attempts: until 2 December; refusal: until 2 January 2027 (Saturday) → Monday 4 January.
                expect(checkMember(consumer({ recentCalls: calls, now: at('2026-11-03T09:00:00.000Z') }))).toMatchObject({
                    reason: 'refusal_cooldown',
                    nextAt: at('2027-01-04T09:00:00.000Z')
                });
                const shortCooldown = { ...FR, refusalCooldownDays: 5 };
                expect(
                    checkMember(consumer({ recentCalls: calls, rule: shortCooldown, now: at('2026-11-03T09:00:00.000Z') }))
                ).toMatchObject({ reason: 'attempt_limit', nextAt: at('2026-12-02T09:00:00.000Z') });
                const tie = { ...FR, refusalCooldownDays: 29 };
                expect(
                    checkMember(consumer({ recentCalls: calls, rule: tie, now: at('2026-11-03T09:00:00.000Z') }))
                ).toMatchObject({ reason: 'refusal_cooldown', nextAt: at('2026-12-02T09:00:00.000Z') });
            });
        });

        it('outside the window: later at the next window, with the reason of the day', () => {
            expect(checkMember(consumer({ now: at('2026-12-02T12:30:00.000Z') }))).toEqual({
                verdict: 'later',
                reason: 'outside_hours',
                nextAt: at('2026-12-02T13:00:00.000Z'),
                detail: { country: 'FR', rule: 'France' }
            });
            expect(checkMember(consumer({ now: at('2026-12-25T10:00:00.000Z') }))).toMatchObject({
                verdict: 'later',
                reason: 'holiday',
                nextAt: at('2026-12-28T09:00:00.000Z')
            });
            expect(checkMember(consumer({ rule: { ...FR, closedDates: ['2026-12-02'] } }))).toMatchObject({
                verdict: 'later',
                reason: 'closed_date',
                nextAt: at('2026-12-03T09:00:00.000Z')
            });
        });

        it('a rule that never opens blocks', () => {
            const never = { ...FR, weekly: [[], [], [], [], [], [], [], []] };
            expect(checkMember(consumer({ rule: never }))).toEqual({
                verdict: 'blocked',
                reason: 'no_window',
                detail: { country: 'FR', rule: 'France' }
            });
            expect(
                checkMember(consumer({ rule: never, recentCalls: [listCall('2026-12-01T10:00:00.000Z', 'Refused')] })).reason
            ).toBe('no_window');
        });
    });

    describe('countryForPerson', () => {
        it('phone country first, then the address (code, French or English name, overseas postal code), then the default', () => {
            expect(countryForPerson({ phoneCountry: 're', addressCountryCode: 'FR', defaultCountry: 'FR' })).toEqual({
                country: 'RE',
                source: 'phone'
            });
            expect(countryForPerson({ phoneCountry: '', addressCountryCode: 'mq', defaultCountry: 'FR' })).toEqual({
                country: 'MQ',
                source: 'address'
            });
            expect(countryForPerson({ phoneCountry: null, addressCountry: 'Réunion', defaultCountry: 'FR' })).toEqual({
                country: 'RE',
                source: 'address'
            });
            expect(countryForPerson({ addressCountry: 'La Réunion', defaultCountry: 'FR' }).country).toBe('RE');
            expect(countryForPerson({ addressCountry: 'French Guiana', defaultCountry: 'FR' }).country).toBe('GF');
            expect(countryForPerson({ addressCountry: 'Guyane française', defaultCountry: 'FR' }).country).toBe('GF');
            expect(countryForPerson({ addressCountry: '  FRANCE ', defaultCountry: 'BE' })).toEqual({
                country: 'FR',
                source: 'address'
            });
            expect(countryForPerson({ addressCountry: 'Belgique', defaultCountry: 'FR' }).country).toBe('BE');
            expect(countryForPerson({ addressCountry: 'Royaume-Uni', defaultCountry: 'FR' }).country).toBe('GB');
            expect(countryForPerson({ addressCountry: "Côte d'Ivoire", defaultCountry: 'FR' }).country).toBe('CI');
            expect(countryForPerson({ addressCountry: 'France', addressPostalCode: '97200', defaultCountry: 'FR' }).country).toBe(
                'MQ'
            );
            expect(countryForPerson({ addressCountryCode: 'FR', addressPostalCode: '97600', defaultCountry: 'FR' }).country).toBe(
                'YT'
            );
            expect(countryForPerson({ addressCountryCode: 'FR', addressPostalCode: '75011', defaultCountry: 'FR' }).country).toBe(
                'FR'
            );
            expect(countryForPerson({ addressCountryCode: 'BE', addressPostalCode: '97200', defaultCountry: 'FR' }).country).toBe(
                'BE'
            );
            expect(countryForPerson({ addressCountry: 'Atlantis', defaultCountry: 'fr' })).toEqual({
                country: 'FR',
                source: 'default'
            });
            expect(countryForPerson({ phoneCountry: 'France', defaultCountry: 'BE' })).toEqual({
                country: 'BE',
                source: 'default'
            });
        });
    });

    describe('formatMoment', () => {
        const at = Date.parse('2027-03-03T13:30:00.000Z');
        it('takes the locale as Salesforce names it (de_DE_EURO, en_US) without throwing, in the given time zone', () => {
            expect(() => new Intl.DateTimeFormat('de-DE-EURO')).toThrow();
            expect(formatMoment(at, 'de_DE_EURO', 'Europe/Paris', at)).toBe(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Paris', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at));
            expect(formatMoment(at, 'de-DE-EURO', 'Europe/Paris', at)).toMatch(/14:30/);
            expect(formatMoment(at, 'en_US', 'America/Los_Angeles', at)).toBe('Wed, Mar 3, 05:30 AM');
        });
        it('adds the year when it is not the current one, and falls back to the browser\'s zone for an unknown one', () => {
            expect(formatMoment(Date.parse('2030-01-15T13:30:00.000Z'), 'en_US', 'America/Los_Angeles', at)).toBe('Tue, Jan 15, 2030, 05:30 AM');
            expect(formatMoment(at, 'en_US', 'Not/AZone', at)).toMatch(/Mar 3/);
            expect(formatMoment(Date.parse('2030-01-15T13:30:00.000Z'), 'en_US', 'America/Los_Angeles')).toBe('Tue, Jan 15, 05:30 AM');
            expect(formatMoment(undefined, 'en_US', null)).toBe('');
        });
    });

    describe('describeVerdict', () => {
        it('has a label for every reason', () => {
            for (const label of Object.values(REASON_LABELS)) {
                expect(label).toMatch(/\w/);
            }
        });

        it('gives the reason with the next window in the agent’s locale and time zone', () => {
            const later = checkMember(consumer({ now: at('2026-12-04T19:30:00.000Z') }));
            expect(describeVerdict(later, 'en-GB', 'Europe/Paris')).toMatch(
                /^Outside the calling hours\. Next allowed window: Mon,? 7 Dec,? 10:00\.$/
            );
            expect(describeVerdict(later, 'fr_FR', 'Europe/Paris')).toMatch(
                /^Outside the calling hours\. Next allowed window: lun\. 7 déc\.,? 10:00\.$/
            );
            expect(describeVerdict(later, 'en-GB', 'Indian/Reunion')).toMatch(/13:00\.$/);
            expect(describeVerdict(later, 'en-GB', 'Not/A_Zone')).toMatch(/Next allowed window: Mon/);
            const refused = checkMember(consumer({ recentCalls: [listCall('2026-11-20T14:00:00.000Z', 'Refused')] }));
            expect(describeVerdict(refused, 'en-GB', 'Europe/Paris')).toMatch(
                /^The person refused a call on Fri,? 20 Nov,? 15:00\. Next allowed window: Wed,? 20 Jan,? 10:00\.$/
            );
            const attempts = checkMember(
                consumer({
                    recentCalls: ['2026-11-30', '2026-12-01', '2026-12-01', '2026-12-02'].map((day) =>
                        listCall(`${day}T08:00:00.000Z`)
                    )
                })
            );
            expect(describeVerdict(attempts, 'en-GB', 'Europe/Paris')).toMatch(
                /^Already 4 calls in 30 days\. Next allowed window: Wed,? 30 Dec,? 10:00\.$/
            );
            expect(describeVerdict(checkMember(consumer({ person: null })), 'en-GB', 'Europe/Paris')).toBe(
                'No recorded consent to telephone prospecting, required since 11 August 2026 (Code de la consommation, L.223-1).'
            );
            const withdrawn = checkMember(
                consumer({
                    person: {
                        consentAt: '2026-06-01T09:00:00.000Z',
                        consentProof: 'form',
                        consentWithdrawnAt: '2026-11-20T16:00:00.000Z'
                    }
                })
            );
            expect(describeVerdict(withdrawn, 'en-GB', 'Europe/Paris')).toMatch(
                /^Consent to telephone prospecting withdrawn on Fri,? 20 Nov,? 17:00\.$/
            );
            expect(describeVerdict(checkMember(consumer({ rule: null, country: 'BE' })), 'en-GB', null)).toBe(
                'No calling rule for country BE: consumer calls are blocked until an administrator adds one (Diamy Calling Rules).'
            );
            expect(describeVerdict({ verdict: 'blocked', reason: 'no_rule', detail: {} }, 'en-GB')).toContain('country ?:');
            expect(
                describeVerdict(checkMember(consumer({ rule: { ...FR, weekly: [[], [], [], [], [], [], [], []] } })), 'en-GB')
            ).toBe('The calling rule France opens no calling window in the coming year.');
            expect(describeVerdict(checkMember(consumer()), 'en-GB')).toBe('Calling allowed now.');
            expect(describeVerdict(checkMember(consumer({ doNotCall: true })), 'en-GB')).toBe(
                'Do not call: this person asked not to be called.'
            );
            expect(describeVerdict({ verdict: 'later', reason: 'holiday', detail: {} }, 'en-GB')).toBe(
                'Public holiday. Next allowed window: .'
            );
            expect(describeVerdict({ verdict: 'blocked', reason: 'no_consent', detail: {} }, 'en-GB')).toContain(
                'required since  ('
            );
        });
    });
});
