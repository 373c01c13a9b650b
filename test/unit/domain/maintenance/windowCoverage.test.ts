import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MaintenanceConfiguration } from '../../../../shared/domain/maintenance/MaintenanceConfiguration.js';
import type { MaintenanceWindow } from '../../../../shared/domain/maintenance/MaintenanceWindow.js';
import { maintenanceWindowsBetween } from '../../../../shared/domain/maintenance/maintenanceWindowsBetween.js';
import { windowCoverage } from '../../../../shared/domain/maintenance/windowCoverage.js';
import { Schedule } from '../../../../shared/domain/Schedule.js';
import { HOUR_MS } from '../../../../shared/domain/time.js';

const at = (iso: string) => Date.parse(iso);
const window = (opens: string, closes: string): MaintenanceWindow => ({
  configuration: 'aksManagedNodeOSUpgradeSchedule',
  purpose: 'node-os',
  opens: at(opens),
  closes: at(closes),
});

function upIntervalsOf(schedule: Schedule, from: number, to: number) {
  return schedule
    .windows(from, to)
    .filter((span) => span.up)
    .map(({ from: start, to: end }) => ({ from: start, to: end }));
}

describe('windowCoverage', () => {
  const sunday = window('2026-12-06T01:00Z', '2026-12-06T05:00Z');

  it.each([
    {
      case: 'up for the whole window',
      up: [['2026-12-05T20:00Z', '2026-12-06T06:00Z']],
      attendance: 'attended',
      upHours: 4,
    },
    {
      case: 'up exactly for the window',
      up: [['2026-12-06T01:00Z', '2026-12-06T05:00Z']],
      attendance: 'attended',
      upHours: 4,
    },
    {
      case: 'up in two touching intervals',
      up: [
        ['2026-12-06T01:00Z', '2026-12-06T03:00Z'],
        ['2026-12-06T03:00Z', '2026-12-06T05:00Z'],
      ],
      attendance: 'attended',
      upHours: 4,
    },
    {
      case: 'started an hour into it',
      up: [['2026-12-06T02:00Z', '2026-12-06T09:00Z']],
      attendance: 'partly',
      upHours: 3,
    },
    {
      case: 'up twice inside it, overlapping intervals counted once',
      up: [
        ['2026-12-06T01:00Z', '2026-12-06T02:00Z'],
        ['2026-12-06T01:30Z', '2026-12-06T02:00Z'],
        ['2026-12-06T04:00Z', '2026-12-06T04:30Z'],
      ],
      attendance: 'partly',
      upHours: 1.5,
    },
    {
      case: 'stopped until it closed',
      up: [['2026-12-06T05:00Z', '2026-12-07T20:00Z']],
      attendance: 'missed',
      upHours: 0,
    },
    { case: 'never up', up: [], attendance: 'missed', upHours: 0 },
  ])('$case: $attendance', ({ up, attendance, upHours }) => {
    const intervals = up.map(([from = '', to = '']) => ({ from: at(from), to: at(to) }));
    expect(windowCoverage([sunday], intervals)).toEqual([
      { window: sunday, attendance, upMs: upHours * HOUR_MS },
    ]);
  });

  it('answers each window of several, overlapping windows included', () => {
    const windows = [
      window('2026-12-06T01:00Z', '2026-12-06T05:00Z'),
      window('2026-12-06T03:00Z', '2026-12-06T07:00Z'),
      window('2026-12-13T01:00Z', '2026-12-13T05:00Z'),
    ];
    const coverage = windowCoverage(windows, [
      { from: at('2026-12-06T00:00Z'), to: at('2026-12-06T05:00Z') },
    ]);
    expect(coverage.map((entry) => [entry.attendance, entry.upMs / HOUR_MS])).toEqual([
      ['attended', 4],
      ['partly', 2],
      ['missed', 0],
    ]);
  });

  it('upMs is the time a brute-force count finds up inside each window', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }));
    fc.assert(
      fc.property(
        fc.array(span, { maxLength: 6 }),
        fc.array(span, { minLength: 1, maxLength: 6 }),
        (ups, spans) => {
          const intervals = ups
            .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }))
            .sort((x, y) => x.from - y.from);
          const windows = spans.map(([a, b]) => ({
            ...window('2026-12-06T00:00Z', '2026-12-06T00:00Z'),
            opens: Math.min(a, b),
            closes: Math.max(a, b) + 1,
          }));
          for (const entry of windowCoverage(windows, intervals)) {
            let count = 0;
            for (let t = entry.window.opens; t < entry.window.closes; t++) {
              if (intervals.some((interval) => interval.from <= t && t < interval.to)) count++;
            }
            expect(entry.upMs).toBe(count);
            const length = entry.window.closes - entry.window.opens;
            expect(entry.attendance).toBe(count === 0 ? 'missed' : count === length ? 'attended' : 'partly');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('windowCoverage across DST: a fixed utcOffset against a schedule in a zone with DST', () => {
  const weeklyAt = (utcOffset: string, startTime: string): MaintenanceConfiguration => ({
    name: 'aksManagedNodeOSUpgradeSchedule',
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
      durationHours: 4,
      startTime,
      utcOffset,
    },
  });

  it.each([
    {
      zone: 'Europe/Berlin',
      // Set in winter as 03:00 Berlin time (+01:00); the schedule keeps the cluster up Sunday 03:00-07:00 Berlin.
      configuration: weeklyAt('+01:00', '03:00'),
      uptime: 'Mon-Fri 08:00-20:00, Sun 03:00-07:00',
      weeks: [
        // Summer time begins on 29 March 2026: the window opens at 04:00 CEST, the cluster stops at 07:00.
        {
          from: '2026-03-09' /* Sundays 15, 22, 29 March, 5 April */,
          sundays: ['attended 4', 'attended 4', 'partly 3', 'partly 3'],
        },
        // It ends on 25 October 2026 at 03:00 CEST: that Sunday's 03:00 is already CET, so the window is covered again.
        {
          from: '2026-10-12' /* Sundays 18, 25 October, 1, 8 November */,
          sundays: ['partly 3', 'attended 4', 'attended 4', 'attended 4'],
        },
      ],
    },
    {
      zone: 'America/New_York',
      configuration: weeklyAt('-05:00', '01:00'),
      uptime: 'Mon-Fri 08:00-18:00, Sun 01:00-05:00',
      weeks: [
        // 8 March 2026: 01:00 EST to 05:00 EDT is three hours, and the window runs to 06:00 EDT.
        {
          from: '2026-02-23' /* Sundays 1, 8, 15, 22 March */,
          sundays: ['attended 4', 'partly 3', 'partly 3', 'partly 3'],
        },
        // 1 November 2026: 01:00 EDT to 05:00 EST is five hours and covers the window; EST again after.
        {
          from: '2026-10-19' /* Sundays 25 October, 1, 8, 15 November */,
          sundays: ['partly 3', 'attended 4', 'attended 4', 'attended 4'],
        },
      ],
    },
  ])('$zone: four weeks each side of each change', ({ zone, configuration, uptime, weeks }) => {
    const schedule = Schedule.compile({ uptime, timeZone: zone });
    for (const { from, sundays } of weeks) {
      const start = at(`${from}T00:00Z`);
      const end = start + 28 * 24 * HOUR_MS;
      const windows = maintenanceWindowsBetween([configuration], start, end);
      const coverage = windowCoverage(
        windows,
        upIntervalsOf(schedule, start - 24 * HOUR_MS, end + 24 * HOUR_MS),
      );
      expect(coverage.map((entry) => `${entry.attendance} ${entry.upMs / HOUR_MS}`)).toEqual(sundays);
      // The window itself never moves in UTC: same instant of the week every week.
      const weekOffsets = windows.map((entry) => (entry.opens - windows[0]!.opens) % (7 * 24 * HOUR_MS));
      expect(new Set(weekOffsets)).toEqual(new Set([0]));
    }
  });
});
