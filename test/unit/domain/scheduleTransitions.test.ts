import { describe, expect, it } from 'vitest';
import { previewSchedule } from '../../../shared/domain/previewSchedule.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { at, iso } from '../../helpers/instants.js';

describe('Schedule.nextTransition', () => {
  const cases = [
    {
      spec: 'Mon-Fri 08:00-20:00 Asia/Tokyo',
      after: '2026-11-26T09:00:00+09:00',
      next: '2026-11-26T11:00:00.000Z',
    },
    {
      spec: 'Mon-Fri 08:00-20:00 Asia/Tokyo',
      after: '2026-11-27T20:00:00+09:00',
      next: '2026-11-29T23:00:00.000Z',
    },
    { spec: 'Mon-Fri 22:00-06:00 UTC', after: '2026-11-27T23:00:00Z', next: '2026-11-28T06:00:00.000Z' },
    {
      spec: '2026-12-24T00:00:00+09:00-2027-01-04T00:00:00+09:00',
      after: '2026-12-25T00:00:00Z',
      next: '2027-01-03T15:00:00.001Z',
    },
    // The transition at the end of a spring-gap window is the first instant after the gap.
    {
      spec: 'Sun 02:30-04:00 Europe/Berlin',
      after: '2026-03-29T00:30:00Z',
      next: '2026-03-29T01:00:00.000Z',
    },
    // A repeated hour is one continuous window: no transition at the DST change.
    {
      spec: 'Sun 02:00-03:00 Europe/Berlin',
      after: '2026-10-25T00:30:00Z',
      next: '2026-10-25T02:00:00.000Z',
    },
    {
      spec: 'Sun 01:30-02:00 Australia/Lord_Howe',
      after: '2026-04-04T14:45:00Z',
      next: '2026-04-04T15:30:00.000Z',
    },
    { spec: 'always', after: '2026-11-26T00:00:00Z', next: undefined },
  ];
  it.each(cases)('$spec after $after', ({ spec, after, next }) => {
    expect(iso(Schedule.compile({ uptime: spec }).nextTransition(at(after)))).toBe(next);
  });

  it('skips holidays: the Friday before a Monday holiday goes straight to Tuesday', () => {
    const schedule = Schedule.compile({
      uptime: 'Mon-Fri 08:00-20:00',
      timeZone: 'Asia/Tokyo',
      holidays: 'JP',
    });
    expect(iso(schedule.nextTransition(at('2026-11-20T21:00:00+09:00')))).toBe('2026-11-23T23:00:00.000Z');
  });
});

describe('previewSchedule', () => {
  it('counts a repeated hour twice and a skipped hour not at all', () => {
    const autumn = Schedule.compile({ uptime: 'Sun 01:00-02:00 America/New_York' });
    expect(previewSchedule(autumn, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z')).hoursUp).toBe(2);
    const spring = Schedule.compile({ uptime: 'Sun 02:00-02:30 America/New_York' });
    expect(previewSchedule(spring, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z')).hoursUp).toBe(0);
  });

  it('gives the windows and totals of a week', () => {
    const schedule = Schedule.compile({ uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' });
    const preview = previewSchedule(
      schedule,
      at('2026-11-23T00:00:00+01:00'),
      at('2026-11-30T00:00:00+01:00'),
    );
    expect(
      preview.windows.filter((window) => window.up).map((window) => [iso(window.from), iso(window.to)]),
    ).toEqual([
      ['2026-11-23T07:00:00.000Z', '2026-11-23T19:00:00.000Z'],
      ['2026-11-24T07:00:00.000Z', '2026-11-24T19:00:00.000Z'],
      ['2026-11-25T07:00:00.000Z', '2026-11-25T19:00:00.000Z'],
      ['2026-11-26T07:00:00.000Z', '2026-11-26T19:00:00.000Z'],
      ['2026-11-27T07:00:00.000Z', '2026-11-27T19:00:00.000Z'],
    ]);
    expect(preview.windows).toHaveLength(11);
    expect(preview).toMatchObject({ hoursTotal: 168, hoursUp: 60, hoursSaved: 108 });
  });

  it('names the holidays that close the schedule', () => {
    const schedule = Schedule.compile({
      uptime: 'Mon-Fri 08:00-20:00',
      timeZone: 'Asia/Tokyo',
      holidays: 'JP',
    });
    const preview = previewSchedule(
      schedule,
      at('2026-11-01T00:00:00+09:00'),
      at('2026-12-01T00:00:00+09:00'),
    );
    expect(preview.holidays).toEqual([
      { date: '2026-11-03', name: 'Culture Day (JP)' },
      { date: '2026-11-23', name: 'Labor Thanksgiving Day (JP)' },
    ]);
    // 21 weekdays in November 2026, two of them holidays: 19 × 12 hours.
    expect(preview.hoursUp).toBe(19 * 12);
  });
});
