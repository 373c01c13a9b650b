import { describe, expect, it } from 'vitest';
import { reversedRangeWarnings } from '../../../shared/domain/parseScheduleSpec.js';
import { Schedule, type ScheduleDefinition } from '../../../shared/domain/Schedule.js';
import { formatSpecProblem } from '../../../shared/domain/SpecProblem.js';
import { at } from '../../helpers/instants.js';

interface Case {
  name: string;
  schedule: ScheduleDefinition;
  instant: string;
  up: boolean;
}

const berlinWeekdays = { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' };
const overnight = { uptime: 'Mon-Fri 22:00-06:00 UTC' };
const christmas = { uptime: '2026-12-24T00:00:00+09:00-2027-01-04T00:00:00+09:00' };
const reversedChristmas = { uptime: '2027-01-04T00:00:00+09:00-2026-12-24T00:00:00+09:00' };
const tokyoWithHolidays = { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo', holidays: 'JP' };

const cases: Case[] = [
  // Boundaries: start inclusive, end exclusive (2026-11-26 is a Thursday).
  { name: 'start is inclusive', schedule: berlinWeekdays, instant: '2026-11-26T08:00:00+01:00', up: true },
  {
    name: 'a minute before the start',
    schedule: berlinWeekdays,
    instant: '2026-11-26T07:59:59+01:00',
    up: false,
  },
  { name: 'last minute inside', schedule: berlinWeekdays, instant: '2026-11-26T19:59:59+01:00', up: true },
  { name: 'end is exclusive', schedule: berlinWeekdays, instant: '2026-11-26T20:00:00+01:00', up: false },
  {
    name: 'weekend is outside Mon-Fri',
    schedule: berlinWeekdays,
    instant: '2026-11-28T10:00:00+01:00',
    up: false,
  },
  {
    name: 'weekday is read in the item zone, not UTC',
    schedule: { uptime: 'Mon-Mon 00:00-02:00 Asia/Tokyo' },
    instant: '2026-11-29T15:30:00Z',
    up: true,
  },
  {
    name: 'names in any case',
    schedule: { uptime: 'mon-FRI 08:00-20:00 asia/tokyo' },
    instant: '2026-11-26T09:00:00+09:00',
    up: true,
  },
  // Wrapping weekday ranges.
  {
    name: 'wrapping range includes Sunday',
    schedule: { uptime: 'Sat-Mon 10:00-12:00 UTC' },
    instant: '2026-11-29T11:00:00Z',
    up: true,
  },
  {
    name: 'wrapping range includes its last day',
    schedule: { uptime: 'Sat-Mon 10:00-12:00 UTC' },
    instant: '2026-11-30T11:00:00Z',
    up: true,
  },
  {
    name: 'wrapping range excludes the middle of the week',
    schedule: { uptime: 'Sat-Mon 10:00-12:00 UTC' },
    instant: '2026-12-01T11:00:00Z',
    up: false,
  },
  {
    name: 'Sun-Thu work week',
    schedule: { uptime: 'Sun-Thu 08:00-17:00 Asia/Jerusalem' },
    instant: '2026-11-29T09:00:00+02:00',
    up: true,
  },
  {
    name: 'Sun-Thu work week excludes Friday',
    schedule: { uptime: 'Sun-Thu 08:00-17:00 Asia/Jerusalem' },
    instant: '2026-11-27T09:00:00+02:00',
    up: false,
  },
  // Single days and 24:00.
  {
    name: 'single day without a range',
    schedule: { uptime: 'Sun 10:00-12:00 UTC' },
    instant: '2026-11-29T10:30:00Z',
    up: true,
  },
  {
    name: 'single day does not spill over',
    schedule: { uptime: 'Sun 10:00-12:00 UTC' },
    instant: '2026-11-30T10:30:00Z',
    up: false,
  },
  {
    name: '24:00 end keeps the last minute',
    schedule: { uptime: 'Mon-Fri 20:00-24:00 UTC' },
    instant: '2026-11-27T23:59:59Z',
    up: true,
  },
  {
    name: '24:00 end stops at midnight',
    schedule: { uptime: 'Mon-Fri 20:00-24:00 UTC' },
    instant: '2026-11-28T00:00:00Z',
    up: false,
  },
  // Overnight ranges run from the start day into the next morning.
  {
    name: 'overnight: evening of a start day',
    schedule: overnight,
    instant: '2026-11-27T23:00:00Z',
    up: true,
  },
  {
    name: 'overnight: morning after the last start day',
    schedule: overnight,
    instant: '2026-11-28T05:59:00Z',
    up: true,
  },
  { name: 'overnight: end is exclusive', schedule: overnight, instant: '2026-11-28T06:00:00Z', up: false },
  {
    name: 'overnight: evening of a day that is not a start day',
    schedule: overnight,
    instant: '2026-11-28T23:00:00Z',
    up: false,
  },
  {
    name: 'overnight: Monday morning follows Sunday, not a start day',
    schedule: overnight,
    instant: '2026-11-30T05:00:00Z',
    up: false,
  },
  { name: 'overnight: Monday evening', schedule: overnight, instant: '2026-11-30T22:00:00Z', up: true },
  // Absolute ranges: both ends inclusive.
  { name: 'absolute: start', schedule: christmas, instant: '2026-12-24T00:00:00+09:00', up: true },
  {
    name: 'absolute: a second before the start',
    schedule: christmas,
    instant: '2026-12-23T23:59:59+09:00',
    up: false,
  },
  { name: 'absolute: end is inclusive', schedule: christmas, instant: '2027-01-04T00:00:00+09:00', up: true },
  {
    name: 'absolute: a second after the end',
    schedule: christmas,
    instant: '2027-01-04T00:00:01+09:00',
    up: false,
  },
  { name: 'always', schedule: { uptime: 'always' }, instant: '2026-11-26T03:00:00Z', up: true },
  { name: 'never', schedule: { uptime: 'NEVER' }, instant: '2026-11-26T03:00:00Z', up: false },
  {
    name: 'union of items',
    schedule: { uptime: 'Mon-Fri 07:30-20:30 Europe/Berlin, Sat-Sat 10:00-14:00 Europe/Berlin' },
    instant: '2026-11-28T13:59:00+01:00',
    up: true,
  },
  // Zones: default zone, digits and dashes, half-hour offsets.
  {
    name: 'default zone from the schedule',
    schedule: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' },
    instant: '2026-11-26T08:00:00+09:00',
    up: true,
  },
  {
    name: 'item zone wins over the default',
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', timeZone: 'Asia/Tokyo' },
    instant: '2026-11-26T08:00:00+09:00',
    up: false,
  },
  {
    name: 'zone with digits and a dash',
    schedule: { uptime: 'Mon-Sun 09:00-17:00 Etc/GMT-9' },
    instant: '2026-11-26T00:30:00Z',
    up: true,
  },
  {
    name: 'zone with dashes in the name',
    schedule: { uptime: 'Mon-Fri 08:00-17:00 America/Port-au-Prince' },
    instant: '2026-11-26T08:30:00-05:00',
    up: true,
  },
  {
    name: 'half-hour offset',
    schedule: { uptime: 'Mon-Fri 09:00-18:00 Asia/Kolkata' },
    instant: '2026-11-26T03:30:00Z',
    up: true,
  },
  {
    name: 'half-hour offset, a minute early',
    schedule: { uptime: 'Mon-Fri 09:00-18:00 Asia/Kolkata' },
    instant: '2026-11-26T03:29:00Z',
    up: false,
  },
  {
    name: 'Tokyo has no DST',
    schedule: { uptime: 'Mon-Fri 09:00-18:00 Asia/Tokyo' },
    instant: '2026-07-01T00:00:00Z',
    up: true,
  },
  // DST, Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
  {
    name: 'Berlin spring gap: 02:00-03:00 never exists',
    schedule: { uptime: 'Sun 02:00-03:00 Europe/Berlin' },
    instant: '2026-03-29T01:00:00Z',
    up: false,
  },
  {
    name: 'Berlin spring gap: a window starting in the gap opens at 03:00',
    schedule: { uptime: 'Sun 02:30-04:00 Europe/Berlin' },
    instant: '2026-03-29T01:00:00Z',
    up: true,
  },
  {
    name: 'Berlin autumn: repeated hour matches the first time',
    schedule: { uptime: 'Sun 02:00-03:00 Europe/Berlin' },
    instant: '2026-10-25T00:30:00Z',
    up: true,
  },
  {
    name: 'Berlin autumn: repeated hour matches the second time',
    schedule: { uptime: 'Sun 02:00-03:00 Europe/Berlin' },
    instant: '2026-10-25T01:30:00Z',
    up: true,
  },
  {
    name: 'Berlin autumn: 03:00 CET is outside',
    schedule: { uptime: 'Sun 02:00-03:00 Europe/Berlin' },
    instant: '2026-10-25T02:00:00Z',
    up: false,
  },
  {
    name: 'Berlin summer time shifts UTC by an hour',
    schedule: berlinWeekdays,
    instant: '2026-07-01T06:00:00Z',
    up: true,
  },
  // DST, America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
  {
    name: 'New York spring gap',
    schedule: { uptime: 'Sun 02:00-02:30 America/New_York' },
    instant: '2026-03-08T07:00:00Z',
    up: false,
  },
  {
    name: 'New York autumn: 01:30 EDT',
    schedule: { uptime: 'Sun 01:00-02:00 America/New_York' },
    instant: '2026-11-01T05:30:00Z',
    up: true,
  },
  {
    name: 'New York autumn: 01:30 EST',
    schedule: { uptime: 'Sun 01:00-02:00 America/New_York' },
    instant: '2026-11-01T06:30:00Z',
    up: true,
  },
  {
    name: 'New York autumn: 02:00 EST',
    schedule: { uptime: 'Sun 01:00-02:00 America/New_York' },
    instant: '2026-11-01T07:00:00Z',
    up: false,
  },
  // DST, Australia/Lord_Howe (30-minute shift): 2026-04-05 02:00 +11 -> 01:30 +10:30; 2026-10-04 02:00 +10:30 -> 02:30 +11.
  {
    name: 'Lord Howe autumn: 01:45 +11',
    schedule: { uptime: 'Sun 01:30-02:00 Australia/Lord_Howe' },
    instant: '2026-04-04T14:45:00Z',
    up: true,
  },
  {
    name: 'Lord Howe autumn: 01:45 +10:30',
    schedule: { uptime: 'Sun 01:30-02:00 Australia/Lord_Howe' },
    instant: '2026-04-04T15:15:00Z',
    up: true,
  },
  {
    name: 'Lord Howe autumn: 02:00 +10:30',
    schedule: { uptime: 'Sun 01:30-02:00 Australia/Lord_Howe' },
    instant: '2026-04-04T15:30:00Z',
    up: false,
  },
  {
    name: 'Lord Howe spring: 02:00-02:30 never exists',
    schedule: { uptime: 'Sun 02:00-02:30 Australia/Lord_Howe' },
    instant: '2026-10-03T15:29:59Z',
    up: false,
  },
  {
    name: 'Lord Howe spring: after the gap',
    schedule: { uptime: 'Sun 02:15-03:00 Australia/Lord_Howe' },
    instant: '2026-10-03T15:30:00Z',
    up: true,
  },
  // Holidays and closed days keep targets down all day, read in the schedule's zone.
  {
    name: 'JP public holiday (Labor Thanksgiving Day)',
    schedule: tokyoWithHolidays,
    instant: '2026-11-23T10:00:00+09:00',
    up: false,
  },
  {
    name: 'the working day after it',
    schedule: tokyoWithHolidays,
    instant: '2026-11-24T10:00:00+09:00',
    up: true,
  },
  {
    name: 'holiday date is local: 08:30 JST on the holiday is still UTC Sunday',
    schedule: tokyoWithHolidays,
    instant: '2026-11-22T23:30:00Z',
    up: false,
  },
  {
    name: 'US-CA: day after Thanksgiving',
    schedule: { uptime: 'Mon-Fri 08:00-18:00 America/Los_Angeles', holidays: 'US-CA' },
    instant: '2026-11-27T10:00:00-08:00',
    up: false,
  },
  {
    name: 'DE-BY: Epiphany',
    schedule: { uptime: 'Mon-Fri 08:00-18:00 Europe/Berlin', holidays: 'DE-BY' },
    instant: '2026-01-06T10:00:00+01:00',
    up: false,
  },
  {
    name: 'DE without region: Epiphany is a working day',
    schedule: { uptime: 'Mon-Fri 08:00-18:00 Europe/Berlin', holidays: 'DE' },
    instant: '2026-01-06T10:00:00+01:00',
    up: true,
  },
  {
    name: 'bank holidays do not close (JP 2 January)',
    schedule: { uptime: 'Mon-Sun 08:00-18:00 Asia/Tokyo', holidays: 'JP' },
    instant: '2026-01-02T10:00:00+09:00',
    up: true,
  },
  {
    name: 'explicit closed range',
    schedule: { ...tokyoWithHolidays, holidays: '2026-12-28..2027-01-03' },
    instant: '2026-12-28T10:00:00+09:00',
    up: false,
  },
  {
    name: 'explicit closed date',
    schedule: { ...tokyoWithHolidays, holidays: '2026-12-01' },
    instant: '2026-12-01T10:00:00+09:00',
    up: false,
  },
  {
    name: 'closed days also close absolute ranges',
    schedule: { uptime: 'always', timeZone: 'Asia/Tokyo', holidays: 'JP' },
    instant: '2026-11-23T10:00:00+09:00',
    up: false,
  },
  // An absolute range that ends before it starts is valid and never matches, as in kube-downscaler.
  {
    name: 'reversed absolute range: never up between its ends',
    schedule: reversedChristmas,
    instant: '2026-12-30T12:00:00+09:00',
    up: false,
  },
  {
    name: 'reversed absolute range: not up at its written start',
    schedule: reversedChristmas,
    instant: '2027-01-04T00:00:00+09:00',
    up: false,
  },
  {
    name: 'reversed absolute range as downtime: always up',
    schedule: { downtime: reversedChristmas.uptime },
    instant: '2026-12-30T12:00:00+09:00',
    up: true,
  },
  // Downtime form.
  {
    name: 'downtime: inside means down',
    schedule: { downtime: 'Sat-Sun 00:00-24:00 UTC' },
    instant: '2026-11-28T12:00:00Z',
    up: false,
  },
  {
    name: 'downtime: outside means up',
    schedule: { downtime: 'Sat-Sun 00:00-24:00 UTC' },
    instant: '2026-11-27T12:00:00Z',
    up: true,
  },
  {
    name: 'downtime: holidays are down too',
    schedule: { downtime: 'Sat-Sun 00:00-24:00', timeZone: 'Asia/Tokyo', holidays: 'JP' },
    instant: '2026-11-23T12:00:00+09:00',
    up: false,
  },
];

describe('Schedule.isUp', () => {
  it.each(cases)('$name', ({ schedule, instant, up }) => {
    expect(Schedule.compile(schedule).isUp(at(instant))).toBe(up);
  });
});

describe('reversed absolute ranges', () => {
  it('compile, never change, and are named by a warning', () => {
    const schedule = Schedule.compile(reversedChristmas);
    expect(schedule.nextTransition(at('2026-12-01T00:00:00Z'))).toBeUndefined();
    expect(reversedRangeWarnings(schedule.spec, 'Uptime').map(formatSpecProblem)).toEqual([
      'Uptime item 1 "2027-01-04T00:00:00+09:00-2026-12-24T00:00:00+09:00": the range ends before it starts, so it never matches (kube-downscaler reads it the same way); swap the two ends if you meant the time between them',
    ]);
  });

  it('give no warning when the ends are in order', () => {
    expect(reversedRangeWarnings(Schedule.compile(christmas).spec, 'Uptime')).toEqual([]);
  });
});
