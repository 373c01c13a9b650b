import { describe, expect, it } from 'vitest';
import type {
  MaintenanceConfiguration,
  MaintenanceWindowSpec,
} from '../../../../shared/domain/maintenance/MaintenanceConfiguration.js';
import { MaintenanceConfigurationError } from '../../../../shared/domain/maintenance/MaintenanceConfigurationError.js';
import { maintenanceWindowsBetween } from '../../../../shared/domain/maintenance/maintenanceWindowsBetween.js';

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString().replace(':00.000Z', 'Z');

function windowsOf(
  spec: Partial<MaintenanceWindowSpec> & Pick<MaintenanceWindowSpec, 'schedule'>,
  from: string,
  to: string,
) {
  const configuration: MaintenanceConfiguration = {
    name: 'aksManagedAutoUpgradeSchedule',
    maintenanceWindow: { durationHours: 4, startTime: '01:00', ...spec },
  };
  return maintenanceWindowsBetween([configuration], at(from), at(to));
}

/** Windows as `opens → closes` in UTC, minutes precision, for tables a person can check against a calendar. */
function spans(windows: readonly { opens: number; closes: number }[]): string[] {
  return windows.map((window) => `${iso(window.opens)} → ${iso(window.closes)}`);
}

describe('maintenanceWindowsBetween: each schedule kind over whole weeks and months', () => {
  it('weekly on Sunday, every week, over December 2026 (UTC)', () => {
    const windows = windowsOf(
      { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } } },
      '2026-12-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(spans(windows)).toEqual([
      '2026-12-06T01:00Z → 2026-12-06T05:00Z',
      '2026-12-13T01:00Z → 2026-12-13T05:00Z',
      '2026-12-20T01:00Z → 2026-12-20T05:00Z',
      '2026-12-27T01:00Z → 2026-12-27T05:00Z',
    ]);
    expect(windows.every((window) => window.purpose === 'kubernetes' && !window.assumption)).toBe(true);
  });

  it('every day of one week, each 24 hours, touching but not overlapping', () => {
    const windows = windowsOf(
      { schedule: { daily: { intervalDays: 1 } }, durationHours: 24, startTime: '00:00' },
      '2026-12-07T00:00Z',
      '2026-12-14T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2026-12-07T00:00Z',
      '2026-12-08T00:00Z',
      '2026-12-09T00:00Z',
      '2026-12-10T00:00Z',
      '2026-12-11T00:00Z',
      '2026-12-12T00:00Z',
      '2026-12-13T00:00Z',
    ]);
  });

  it('every 3 days from startDate, with the REST example `-07:00` and its not-allowed dates', () => {
    // MaintenanceConfigurationsGet_MaintenanceWindow: daily intervalDays 3, 09:30 -07:00, 4 h, from 2023-01-01,
    // not allowed 2023-02-18 … 2023-02-25 (local dates, so 2023-02-18T07:00Z … 2023-02-26T07:00Z).
    const windows = windowsOf(
      {
        schedule: { daily: { intervalDays: 3 } },
        startDate: '2023-01-01',
        startTime: '09:30',
        utcOffset: '-07:00',
        notAllowedDates: [{ start: '2023-02-18', end: '2023-02-25' }],
      },
      '2023-02-10T00:00Z',
      '2023-03-06T00:00Z',
    );
    expect(spans(windows)).toEqual([
      '2023-02-12T16:30Z → 2023-02-12T20:30Z',
      '2023-02-15T16:30Z → 2023-02-15T20:30Z',
      // 18, 21 and 24 February fall on not-allowed dates.
      '2023-02-27T16:30Z → 2023-02-27T20:30Z',
      '2023-03-02T16:30Z → 2023-03-02T20:30Z',
      '2023-03-05T16:30Z → 2023-03-05T20:30Z',
    ]);
  });

  it('every 3 weeks on Monday from startDate, +05:30 (the REST example), over a quarter', () => {
    const windows = windowsOf(
      {
        schedule: { weekly: { intervalWeeks: 3, dayOfWeek: 'Monday' } },
        startDate: '2023-01-01',
        startTime: '08:30',
        utcOffset: '+05:30',
        durationHours: 10,
      },
      '2023-01-01T00:00Z',
      '2023-04-01T00:00Z',
    );
    expect(spans(windows)).toEqual([
      '2023-01-02T03:00Z → 2023-01-02T13:00Z',
      '2023-01-23T03:00Z → 2023-01-23T13:00Z',
      '2023-02-13T03:00Z → 2023-02-13T13:00Z',
      '2023-03-06T03:00Z → 2023-03-06T13:00Z',
      '2023-03-27T03:00Z → 2023-03-27T13:00Z',
    ]);
  });

  it('every 2 weeks on Monday from a Wednesday startDate: the first Monday after it, then every other one', () => {
    const windows = windowsOf(
      { schedule: { weekly: { intervalWeeks: 2, dayOfWeek: 'Monday' } }, startDate: '2026-12-02' },
      '2026-11-01T00:00Z',
      '2027-01-12T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2026-12-07T01:00Z',
      '2026-12-21T01:00Z',
      '2027-01-04T01:00Z',
    ]);
  });

  it('absoluteMonthly on the 15th every 3 months from startDate (the REST example), over two years', () => {
    const windows = windowsOf(
      {
        schedule: { absoluteMonthly: { intervalMonths: 3, dayOfMonth: 15 } },
        startDate: '2023-01-01',
        startTime: '08:30',
        durationHours: 5,
        notAllowedDates: [
          { start: '2023-02-18', end: '2023-02-25' },
          { start: '2023-12-23', end: '2024-01-05' },
        ],
      },
      '2023-01-01T00:00Z',
      '2025-01-01T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2023-01-15T08:30Z',
      '2023-04-15T08:30Z',
      '2023-07-15T08:30Z',
      '2023-10-15T08:30Z',
      '2024-01-15T08:30Z',
      '2024-04-15T08:30Z',
      '2024-07-15T08:30Z',
      '2024-10-15T08:30Z',
    ]);
  });

  it('absoluteMonthly on the 1st every 3 months from a startDate after the 1st begins the next month', () => {
    // planned-maintenance.md's output example: startDate 2023-01-20, dayOfMonth 1, every 3 months, 09:00 -08:00.
    const windows = windowsOf(
      {
        schedule: { absoluteMonthly: { intervalMonths: 3, dayOfMonth: 1 } },
        startDate: '2023-01-20',
        startTime: '09:00',
        utcOffset: '-08:00',
      },
      '2023-01-01T00:00Z',
      '2024-01-01T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2023-02-01T17:00Z',
      '2023-05-01T17:00Z',
      '2023-08-01T17:00Z',
      '2023-11-01T17:00Z',
    ]);
  });

  it.each([
    {
      dayOfMonth: 31,
      year: '2026',
      days: [
        '01-31',
        '02-28',
        '03-31',
        '04-30',
        '05-31',
        '06-30',
        '07-31',
        '08-31',
        '09-30',
        '10-31',
        '11-30',
        '12-31',
      ],
    },
    {
      dayOfMonth: 29,
      year: '2028',
      days: [
        '01-29',
        '02-29',
        '03-29',
        '04-29',
        '05-29',
        '06-29',
        '07-29',
        '08-29',
        '09-29',
        '10-29',
        '11-29',
        '12-29',
      ],
    },
    {
      dayOfMonth: 29,
      year: '2027',
      days: [
        '01-29',
        '02-28',
        '03-29',
        '04-29',
        '05-29',
        '06-29',
        '07-29',
        '08-29',
        '09-29',
        '10-29',
        '11-29',
        '12-29',
      ],
    },
  ])(
    'absoluteMonthly on day $dayOfMonth over $year: a month without that day uses its last day, marked as our reading',
    ({ dayOfMonth, year, days }) => {
      const windows = windowsOf(
        { schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth } }, startTime: '00:00' },
        `${year}-01-01T00:00Z`,
        `${Number(year) + 1}-01-01T00:00Z`,
      );
      expect(windows.map((window) => iso(window.opens).slice(5, 10))).toEqual(days);
      for (const window of windows) {
        const day = Number(iso(window.opens).slice(8, 10));
        expect(window.assumption !== undefined).toBe(day !== dayOfMonth);
      }
    },
  );

  it('relativeMonthly on the last Friday of every month of 2026', () => {
    const windows = windowsOf(
      { schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: 'Last', dayOfWeek: 'Friday' } } },
      '2026-01-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens).slice(0, 10))).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
      '2026-06-26',
      '2026-07-31',
      '2026-08-28',
      '2026-09-25',
      '2026-10-30',
      '2026-11-27',
      '2026-12-25',
    ]);
  });

  it.each([
    { weekIndex: 'First', day: '2026-11-01' },
    { weekIndex: 'Second', day: '2026-11-08' },
    { weekIndex: 'Third', day: '2026-11-15' },
    { weekIndex: 'Fourth', day: '2026-11-22' },
    { weekIndex: 'Last', day: '2026-11-29' },
  ])('relativeMonthly $weekIndex Sunday of November 2026 (five Sundays) is $day', ({ weekIndex, day }) => {
    const windows = windowsOf(
      { schedule: { relativeMonthly: { intervalMonths: 1, weekIndex, dayOfWeek: 'Sunday' } } },
      '2026-11-01T00:00Z',
      '2026-12-01T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens).slice(0, 10))).toEqual([day]);
  });

  it('relativeMonthly on the first Monday every 3 months from startDate (the REST example request)', () => {
    const windows = windowsOf(
      {
        schedule: { relativeMonthly: { intervalMonths: 3, weekIndex: 'First', dayOfWeek: 'Monday' } },
        startDate: '2023-01-01',
        startTime: '08:30',
        utcOffset: '+05:30',
        durationHours: 10,
      },
      '2023-01-01T00:00Z',
      '2024-01-01T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2023-01-02T03:00Z',
      '2023-04-03T03:00Z',
      '2023-07-03T03:00Z',
      '2023-10-02T03:00Z',
    ]);
  });
});

describe('maintenanceWindowsBetween: offsets, midnight and month ends', () => {
  it.each([
    { utcOffset: '+00:00', opens: '2026-12-06T01:00Z' },
    { utcOffset: '+05:30', opens: '2026-12-05T19:30Z' },
    { utcOffset: '+14:00', opens: '2026-12-05T11:00Z' },
    { utcOffset: '-07:00', opens: '2026-12-06T08:00Z' },
    { utcOffset: '-12:00', opens: '2026-12-06T13:00Z' },
    { utcOffset: '-03:30', opens: '2026-12-06T04:30Z' },
  ])('Sunday 01:00 at $utcOffset opens at $opens', ({ utcOffset, opens }) => {
    const windows = windowsOf(
      { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } }, utcOffset },
      '2026-12-04T00:00Z',
      '2026-12-08T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([opens]);
  });

  it('a window crossing midnight and the month end is one window, found from either side', () => {
    const spec = {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } },
      startTime: '22:00',
      durationHours: 8,
    };
    const expected = ['2026-10-31T22:00Z → 2026-11-01T06:00Z'];
    expect(spans(windowsOf(spec, '2026-10-31T00:00Z', '2026-10-31T23:00Z'))).toEqual(expected);
    expect(spans(windowsOf(spec, '2026-11-01T05:00Z', '2026-11-02T00:00Z'))).toEqual(expected);
    expect(windowsOf(spec, '2026-11-01T06:00Z', '2026-11-07T22:00Z')).toEqual([]);
  });

  it('a window opening on 31 December in +09:00 opens the day before in UTC and ends in the new year', () => {
    const windows = windowsOf(
      {
        schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 31 } },
        startTime: '08:00',
        utcOffset: '+09:00',
        durationHours: 24,
      },
      '2026-12-30T00:00Z',
      '2027-01-02T00:00Z',
    );
    expect(spans(windows)).toEqual(['2026-12-30T23:00Z → 2026-12-31T23:00Z']);
  });

  it('nothing opens before startDate (local midnight in the offset)', () => {
    const windows = windowsOf(
      {
        schedule: { daily: { intervalDays: 1 } },
        startDate: '2026-12-10',
        startTime: '00:30',
        utcOffset: '+02:00',
      },
      '2026-12-01T00:00Z',
      '2026-12-12T00:00Z',
    );
    expect(windows.map((window) => iso(window.opens))).toEqual([
      '2026-12-09T22:30Z',
      '2026-12-10T22:30Z',
      '2026-12-11T22:30Z',
    ]);
  });
});

describe('maintenanceWindowsBetween: not-allowed dates', () => {
  it('blocks exactly what the API example says: +02:00, 2022-12-23 to 2023-01-03 is 2022-12-22 22:00 to 2023-01-03 22:00 UTC', () => {
    const windows = windowsOf(
      {
        schedule: { daily: { intervalDays: 1 } },
        startTime: '00:00',
        durationHours: 24,
        utcOffset: '+02:00',
        notAllowedDates: [{ start: '2022-12-23', end: '2023-01-03' }],
      },
      '2022-12-21T22:00Z',
      '2023-01-05T22:00Z',
    );
    expect(spans(windows)).toEqual([
      '2022-12-21T22:00Z → 2022-12-22T22:00Z',
      '2023-01-03T22:00Z → 2023-01-04T22:00Z',
      '2023-01-04T22:00Z → 2023-01-05T22:00Z',
    ]);
  });

  it('a window crossing into a not-allowed date keeps its part before it, marked shortened', () => {
    const windows = windowsOf(
      {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } },
        startTime: '22:00',
        durationHours: 8,
        notAllowedDates: [{ start: '2026-12-27', end: '2026-12-27' }],
      },
      '2026-12-19T00:00Z',
      '2027-01-04T00:00Z',
    );
    expect(spans(windows)).toEqual([
      '2026-12-19T22:00Z → 2026-12-20T06:00Z',
      '2026-12-26T22:00Z → 2026-12-27T00:00Z',
      '2027-01-02T22:00Z → 2027-01-03T06:00Z',
    ]);
    expect(windows.map((window) => window.shortenedBy)).toEqual([undefined, 'notAllowedDates', undefined]);
  });

  it('a window that starts on a not-allowed date and runs past it keeps its part after the date', () => {
    const windows = windowsOf(
      {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Saturday' } },
        startTime: '22:00',
        durationHours: 8,
        notAllowedDates: [{ start: '2026-12-26', end: '2026-12-26' }],
      },
      '2026-12-26T00:00Z',
      '2026-12-28T00:00Z',
    );
    expect(spans(windows)).toEqual(['2026-12-27T00:00Z → 2026-12-27T06:00Z']);
  });
});

describe('maintenanceWindowsBetween: the legacy default configuration', () => {
  const legacy = (
    timeInWeek: NonNullable<MaintenanceConfiguration['timeInWeek']>,
    notAllowedTime?: MaintenanceConfiguration['notAllowedTime'],
  ) =>
    ({
      name: 'default',
      timeInWeek,
      ...(notAllowedTime ? { notAllowedTime } : {}),
    }) satisfies MaintenanceConfiguration;

  it('Monday slots [1, 2] are one 01:00–03:00 UTC window each week; notAllowedTime removes the one it covers (the REST example)', () => {
    const windows = maintenanceWindowsBetween(
      [
        legacy(
          [{ day: 'Monday', hourSlots: [1, 2] }],
          [{ start: '2020-11-26T03:00:00Z', end: '2020-11-30T12:00:00Z' }],
        ),
      ],
      at('2020-11-01T00:00Z'),
      at('2020-12-08T00:00Z'),
    );
    expect(spans(windows)).toEqual([
      '2020-11-02T01:00Z → 2020-11-02T03:00Z',
      '2020-11-09T01:00Z → 2020-11-09T03:00Z',
      '2020-11-16T01:00Z → 2020-11-16T03:00Z',
      '2020-11-23T01:00Z → 2020-11-23T03:00Z',
      '2020-12-07T01:00Z → 2020-12-07T03:00Z',
    ]);
    expect(windows.every((window) => window.purpose === 'any')).toBe(true);
  });

  it('consecutive slots across midnight and across the week boundary are one window; separate slots are separate', () => {
    const windows = maintenanceWindowsBetween(
      [
        legacy([
          { day: 'Saturday', hourSlots: [23] },
          { day: 'Sunday', hourSlots: [0, 1, 5] },
          { day: 'Wednesday', hourSlots: [10] },
          { day: 'Wednesday', hourSlots: [11] },
        ]),
      ],
      at('2026-12-06T00:00Z'),
      at('2026-12-13T00:00Z'),
    );
    expect(spans(windows)).toEqual([
      '2026-12-05T23:00Z → 2026-12-06T02:00Z',
      '2026-12-06T05:00Z → 2026-12-06T06:00Z',
      '2026-12-09T10:00Z → 2026-12-09T12:00Z',
      '2026-12-12T23:00Z → 2026-12-13T02:00Z',
    ]);
  });

  it('a maintenanceWindow, when present, is used instead of the legacy slots', () => {
    const windows = maintenanceWindowsBetween(
      [
        {
          name: 'default',
          timeInWeek: [{ day: 'Monday', hourSlots: [1] }],
          maintenanceWindow: {
            schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Tuesday' } },
            durationHours: 4,
            startTime: '02:00',
          },
        },
      ],
      at('2026-12-07T00:00Z'),
      at('2026-12-14T00:00Z'),
    );
    expect(spans(windows)).toEqual(['2026-12-08T02:00Z → 2026-12-08T06:00Z']);
  });
});

describe('maintenanceWindowsBetween: several configurations, names and assumptions', () => {
  it('merges the three configurations sorted by opening, each with its purpose and its name as Azure spells it', () => {
    const weekly = (dayOfWeek: string, startTime: string): MaintenanceWindowSpec => ({
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek } },
      durationHours: 4,
      startTime,
    });
    const windows = maintenanceWindowsBetween(
      [
        { name: 'AKSMANAGEDNODEOSUPGRADESCHEDULE', maintenanceWindow: weekly('Sunday', '03:00') },
        { name: 'aksManagedAutoUpgradeSchedule', maintenanceWindow: weekly('Sunday', '01:00') },
        { name: 'Default', maintenanceWindow: weekly('Saturday', '01:00') },
      ],
      at('2026-12-05T00:00Z'),
      at('2026-12-07T00:00Z'),
    );
    expect(windows.map((window) => [window.configuration, window.purpose, iso(window.opens)])).toEqual([
      ['Default', 'any', '2026-12-05T01:00Z'],
      ['aksManagedAutoUpgradeSchedule', 'kubernetes', '2026-12-06T01:00Z'],
      ['AKSMANAGEDNODEOSUPGRADESCHEDULE', 'node-os', '2026-12-06T03:00Z'],
    ]);
  });

  it('refuses a name AKS does not use, and one that only matches after non-ASCII case folding (Kelvin sign)', () => {
    for (const name of ['nightly', 'a\u212AsManagedAutoUpgradeSchedule']) {
      const call = () => maintenanceWindowsBetween([{ name, timeInWeek: [] }], 0, 1);
      expect(call).toThrow(MaintenanceConfigurationError);
      expect(call).toThrow(/name .*is not a configuration AKS uses/);
    }
  });

  it('without startDate, an interval above 1 lists every matching week and says which week AKS uses is unknown', () => {
    const windows = windowsOf(
      { schedule: { weekly: { intervalWeeks: 2, dayOfWeek: 'Sunday' } } },
      '2026-12-01T00:00Z',
      '2027-01-01T00:00Z',
    );
    expect(windows).toHaveLength(4);
    expect(windows.every((window) => window.assumption?.includes('no startDate'))).toBe(true);
  });

  it('an empty or reversed range has no windows', () => {
    expect(
      windowsOf({ schedule: { daily: { intervalDays: 1 } } }, '2026-12-06T00:00Z', '2026-12-06T00:00Z'),
    ).toEqual([]);
    expect(
      windowsOf({ schedule: { daily: { intervalDays: 1 } } }, '2026-12-07T00:00Z', '2026-12-06T00:00Z'),
    ).toEqual([]);
  });
});
