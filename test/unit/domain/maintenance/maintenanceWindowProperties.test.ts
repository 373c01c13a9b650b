import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilDate,
  daysInMonth,
  formatIsoDate,
  monthNumber,
  parseIsoDate,
  weekdayOf,
} from '../../../../shared/domain/maintenance/civilCalendar.js';
import {
  AZURE_WEEKDAYS,
  AZURE_WEEK_INDEXES,
  type MaintenanceConfiguration,
  type MaintenanceWindowSpec,
} from '../../../../shared/domain/maintenance/MaintenanceConfiguration.js';
import type { MaintenanceWindow } from '../../../../shared/domain/maintenance/MaintenanceWindow.js';
import { maintenanceWindowsBetween } from '../../../../shared/domain/maintenance/maintenanceWindowsBetween.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../../shared/domain/time.js';

const FIRST_DAY = parseIsoDate('2020-01-01') as number;
const LAST_DAY = parseIsoDate('2031-12-31') as number;

const pad = (value: number) => String(value).padStart(2, '0');
const offsetText = (minutes: number) =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

const weekday = fc.constantFrom(...AZURE_WEEKDAYS);
const schedule: fc.Arbitrary<MaintenanceWindowSpec['schedule']> = fc.oneof(
  fc.record({ daily: fc.record({ intervalDays: fc.integer({ min: 1, max: 7 }) }) }),
  fc.record({ weekly: fc.record({ intervalWeeks: fc.integer({ min: 1, max: 4 }), dayOfWeek: weekday }) }),
  fc.record({
    absoluteMonthly: fc.record({
      intervalMonths: fc.integer({ min: 1, max: 6 }),
      dayOfMonth: fc.integer({ min: 1, max: 31 }),
    }),
  }),
  fc.record({
    relativeMonthly: fc.record({
      intervalMonths: fc.integer({ min: 1, max: 6 }),
      weekIndex: fc.constantFrom(...AZURE_WEEK_INDEXES),
      dayOfWeek: weekday,
    }),
  }),
);

/** Any window AKS accepts: offsets from -12:00 to +14:00 in quarter hours, any start minute, 4–24 h, with or without startDate. */
const windowSpec: fc.Arbitrary<MaintenanceWindowSpec> = fc.record(
  {
    schedule,
    durationHours: fc.integer({ min: 4, max: 24 }),
    utcOffset: fc.integer({ min: -48, max: 56 }).map((quarters) => offsetText(quarters * 15)),
    startDate: fc.integer({ min: FIRST_DAY, max: LAST_DAY - 400 }).map(formatIsoDate),
    startTime: fc
      .integer({ min: 0, max: 24 * 60 - 1 })
      .map((minute) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`),
  },
  { requiredKeys: ['schedule', 'durationHours', 'startTime'] },
);

const range = fc
  .record({
    from: fc.integer({ min: FIRST_DAY * DAY_MS, max: (LAST_DAY - 200) * DAY_MS }),
    length: fc.integer({ min: HOUR_MS, max: 200 * DAY_MS }),
  })
  .map(({ from, length }) => ({ from, to: from + length }));

const configurationOf = (maintenanceWindow: MaintenanceWindowSpec): MaintenanceConfiguration => ({
  name: 'aksManagedNodeOSUpgradeSchedule',
  maintenanceWindow,
});

function offsetMs(spec: MaintenanceWindowSpec): number {
  const text = spec.utcOffset ?? '+00:00';
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6))) * MINUTE_MS;
}

/** The local day (in the window's offset) on which a window opens. */
const localDayOf = (window: MaintenanceWindow, spec: MaintenanceWindowSpec) =>
  Math.floor((window.opens + offsetMs(spec)) / DAY_MS);

describe('maintenance window properties', () => {
  it('windows are sorted, do not overlap, last exactly durationHours, open at startTime in utcOffset and overlap the range', () => {
    fc.assert(
      fc.property(windowSpec, range, (spec, { from, to }) => {
        const windows = maintenanceWindowsBetween([configurationOf(spec)], from, to);
        const startMs =
          (Number(spec.startTime.slice(0, 2)) * 60 + Number(spec.startTime.slice(3))) * MINUTE_MS;
        windows.forEach((window, index) => {
          expect(window.closes - window.opens).toBe(spec.durationHours * HOUR_MS);
          expect((((window.opens + offsetMs(spec) - startMs) % DAY_MS) + DAY_MS) % DAY_MS).toBe(0);
          expect(window.opens < to && window.closes > from).toBe(true);
          const previous = windows[index - 1];
          if (previous) expect(previous.closes).toBeLessThanOrEqual(window.opens);
          if (spec.startDate)
            expect(localDayOf(window, spec)).toBeGreaterThanOrEqual(parseIsoDate(spec.startDate) as number);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('each window opens on a day its schedule names', () => {
    fc.assert(
      fc.property(windowSpec, range, (spec, { from, to }) => {
        for (const window of maintenanceWindowsBetween([configurationOf(spec)], from, to)) {
          const day = localDayOf(window, spec);
          const { year, month, day: dayOfMonth } = civilDate(day);
          const { weekly, absoluteMonthly, relativeMonthly } = spec.schedule;
          if (weekly) expect(AZURE_WEEKDAYS[weekdayOf(day)]).toBe(weekly.dayOfWeek);
          if (absoluteMonthly) {
            const expected = Math.min(absoluteMonthly.dayOfMonth, daysInMonth(year, month));
            expect(dayOfMonth).toBe(expected);
            expect(window.assumption?.includes('dayOfMonth') ?? false).toBe(
              expected !== absoluteMonthly.dayOfMonth,
            );
          }
          if (relativeMonthly) {
            expect(AZURE_WEEKDAYS[weekdayOf(day)]).toBe(relativeMonthly.dayOfWeek);
            if (relativeMonthly.weekIndex === 'Last')
              expect(dayOfMonth + 7).toBeGreaterThan(daysInMonth(year, month));
            else
              expect(Math.ceil(dayOfMonth / 7) - 1).toBe(
                AZURE_WEEK_INDEXES.indexOf(relativeMonthly.weekIndex as 'First'),
              );
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with startDate, consecutive windows are exactly the interval apart', () => {
    fc.assert(
      fc.property(windowSpec, range, (spec, { from, to }) => {
        fc.pre(spec.startDate !== undefined);
        const windows = maintenanceWindowsBetween([configurationOf(spec)], from, to);
        const { daily, weekly, absoluteMonthly, relativeMonthly } = spec.schedule;
        for (let index = 1; index < windows.length; index++) {
          const [previous, current] = [
            windows[index - 1] as MaintenanceWindow,
            windows[index] as MaintenanceWindow,
          ];
          if (daily) expect(current.opens - previous.opens).toBe(daily.intervalDays * DAY_MS);
          if (weekly) expect(current.opens - previous.opens).toBe(weekly.intervalWeeks * 7 * DAY_MS);
          const monthly = absoluteMonthly ?? relativeMonthly;
          if (monthly) {
            const monthOf = (window: MaintenanceWindow) => {
              const date = civilDate(localDayOf(window, spec));
              return monthNumber(date.year, date.month);
            };
            expect(monthOf(current) - monthOf(previous)).toBe(monthly.intervalMonths);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splitting the range in two finds the same windows', () => {
    fc.assert(
      fc.property(
        windowSpec,
        range,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (spec, { from, to }, fraction) => {
          const middle = Math.floor(from + (to - from) * fraction);
          const whole = maintenanceWindowsBetween([configurationOf(spec)], from, to);
          const parts = [
            ...maintenanceWindowsBetween([configurationOf(spec)], from, middle),
            ...maintenanceWindowsBetween([configurationOf(spec)], middle, to),
          ];
          const unique = [...new Map(parts.map((window) => [window.opens, window])).values()];
          expect(unique).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('not-allowed dates remove exactly the blocked time: an instant is in a window iff it was before and is not blocked', () => {
    const blockedSpans = fc.array(
      fc.record({ start: fc.integer({ min: 0, max: 120 }), days: fc.integer({ min: 0, max: 10 }) }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        windowSpec,
        range,
        blockedSpans,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
        (spec, { from, to }, spans, samples) => {
          const firstDay = Math.floor(from / DAY_MS) - 2;
          const notAllowedDates = spans.map(({ start, days }) => ({
            start: formatIsoDate(firstDay + start),
            end: formatIsoDate(firstDay + start + days),
          }));
          const open = maintenanceWindowsBetween([configurationOf(spec)], from, to);
          const cut = maintenanceWindowsBetween([configurationOf({ ...spec, notAllowedDates })], from, to);
          const isBlocked = (instant: number) => {
            const localDay = Math.floor((instant + offsetMs(spec)) / DAY_MS);
            return spans.some(
              ({ start, days }) => localDay >= firstDay + start && localDay <= firstDay + start + days,
            );
          };
          const inAny = (windows: readonly MaintenanceWindow[], instant: number) =>
            windows.some((window) => window.opens <= instant && instant < window.closes);
          const instants = [
            ...samples.map((sample) => Math.floor(from + (to - from) * sample)),
            ...cut.flatMap((w) => [w.opens, w.closes - 1]),
          ];
          for (const instant of instants.filter((candidate) => candidate >= from && candidate < to)) {
            expect(inAny(cut, instant)).toBe(inAny(open, instant) && !isBlocked(instant));
          }
          for (const window of cut) {
            const whole = open.find(
              (candidate) => candidate.opens <= window.opens && window.closes <= candidate.closes,
            );
            expect(whole).toBeDefined();
            if (window.closes - window.opens < spec.durationHours * HOUR_MS)
              expect(window.shortenedBy).toBe('notAllowedDates');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
