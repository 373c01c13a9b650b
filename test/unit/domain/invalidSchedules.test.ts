import { describe, expect, it } from 'vitest';
import { Schedule, type ScheduleDefinition } from '../../../shared/domain/Schedule.js';
import { ScheduleSpecError } from '../../../shared/domain/ScheduleSpecError.js';

/** Specs people get wrong, each with every message it must produce: field, item, position and a fix. */
const invalidSchedules: { schedule: ScheduleDefinition; errors: string[] }[] = [
  {
    schedule: { uptime: '' },
    errors: [
      'Uptime: the spec is empty; write one such as "Mon-Fri 08:00-20:00 Europe/Berlin", or "always" or "never"',
    ],
  },
  {
    schedule: { uptime: '   ' },
    errors: [
      'Uptime: the spec is empty; write one such as "Mon-Fri 08:00-20:00 Europe/Berlin", or "always" or "never"',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin,' },
    errors: ['Uptime item 2 "" at position 35: the item is empty; remove the extra comma'],
  },
  {
    schedule: { uptime: ', Mon-Fri 08:00-20:00 Europe/Berlin' },
    errors: ['Uptime item 1 "" at position 1: the item is empty; remove the extra comma'],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin,,Sat 10:00-12:00 Europe/Berlin' },
    errors: ['Uptime item 2 "" at position 35: the item is empty; remove the extra comma'],
  },
  {
    schedule: { uptime: 'Mon-Fry 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fry 08:00-20:00 Europe/Berlin" at position 5: "Fry" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
    ],
  },
  {
    schedule: { uptime: 'Monday-Friday 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Monday-Friday 08:00-20:00 Europe/Berlin" at position 1: "Monday" is not a weekday name; use the three-letter form Mon',
      'Uptime item 1 "Monday-Friday 08:00-20:00 Europe/Berlin" at position 8: "Friday" is not a weekday name; use the three-letter form Fri',
    ],
  },
  {
    schedule: { uptime: 'Mo-Fr 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mo-Fr 08:00-20:00 Europe/Berlin" at position 1: "Mo" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
      'Uptime item 1 "Mo-Fr 08:00-20:00 Europe/Berlin" at position 4: "Fr" is not a weekday name; use Mon, Tue, Wed, Thu, Fri, Sat or Sun',
    ],
  },
  {
    schedule: { uptime: 'Mon–Fri 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon–Fri 08:00-20:00 Europe/Berlin" at position 1: "Mon–Fri" is not a day or day range; write a day such as Sat or a range such as Mon-Fri',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri-Sat 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri-Sat 08:00-20:00 Europe/Berlin" at position 1: "Mon-Fri-Sat" is not a day or day range; write a day such as Sat or a range such as Mon-Fri',
    ],
  },
  {
    schedule: { uptime: 'Mon- 08:00-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon- 08:00-20:00 Europe/Berlin" at position 1: "Mon-" is not a day or day range; write a day such as Sat or a range such as Mon-Fri',
    ],
  },
  {
    schedule: { uptime: '08:00-20:00 Mon-Fri Europe/Berlin' },
    errors: [
      'Uptime item 1 "08:00-20:00 Mon-Fri Europe/Berlin" at position 1: an item starts with its days, not "08:00-20:00"; write it as "Mon-Fri 08:00-20:00 Europe/Berlin"',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri' },
    errors: [
      'Uptime item 1 "Mon-Fri" at position 8: the time range is missing after "Mon-Fri"; write it as "Mon-Fri 08:00-20:00"',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri Europe/Berlin" at position 9: the time range is missing after "Mon-Fri"; write it as "Mon-Fri 08:00-20:00 Europe/Berlin"',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 8-20 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 8-20 Europe/Berlin" at position 9: "8-20" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 0800-2000 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 0800-2000 Europe/Berlin" at position 9: "0800-2000" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00 Europe/Berlin" at position 9: "08:00" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00:00 Europe/Berlin" at position 9: "08:00-20:00:00" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 8am-8pm Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 8am-8pm Europe/Berlin" at position 9: "8am-8pm" is not a time range; write HH:MM-HH:MM, such as 08:00-20:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 25:00-26:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 25:00-26:00 Europe/Berlin" at position 9: "25:00" has hour 25; hours go from 00 to 23; the latest start is 23:59',
      'Uptime item 1 "Mon-Fri 25:00-26:00 Europe/Berlin" at position 15: "26:00" has hour 26; hours go from 00 to 23; the latest end is 24:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-25:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-25:00 Europe/Berlin" at position 15: "25:00" has hour 25; hours go from 00 to 23; the latest end is 24:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:60-20:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:60-20:00 Europe/Berlin" at position 9: "08:60" has minute 60; minutes go from 00 to 59',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:75 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:75 Europe/Berlin" at position 15: "20:75" has minute 75; minutes go from 00 to 59',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 24:00-06:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 24:00-06:00 Europe/Berlin" at position 9: "24:00" has hour 24; hours go from 00 to 23; the latest start is 23:59',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 20:00-24:30 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 20:00-24:30 Europe/Berlin" at position 15: "24:30" is past the end of the day; the latest end is 24:00',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-08:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-08:00 Europe/Berlin" at position 9: "08:00-08:00" starts and ends at the same time, so it is empty; use 00:00-24:00 for a whole day',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 JST' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 JST" at position 21: "JST" is an abbreviation; use an IANA zone such as Asia/Tokyo',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 PST' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 PST" at position 21: "PST" is an abbreviation; use an IANA zone such as America/Los_Angeles',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 IST' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 IST" at position 21: "IST" is an abbreviation; use an IANA zone such as Asia/Kolkata',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 BST' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 BST" at position 21: "BST" is an abbreviation; use an IANA zone such as Europe/London',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 CEST' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 CEST" at position 21: "CEST" is an abbreviation; use an IANA zone such as Europe/Berlin',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Asia/Tokio' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 Asia/Tokio" at position 21: "Asia/Tokio" is not a known time zone; did you mean Asia/Tokyo?',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlim' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 Europe/Berlim" at position 21: "Europe/Berlim" is not a known time zone; did you mean Europe/Berlin?',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Mars/Olympus_Mons' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 Mars/Olympus_Mons" at position 21: "Mars/Olympus_Mons" is not a known time zone; use an IANA zone such as Europe/Berlin',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 +09:00' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 +09:00" at position 21: "+09:00" is an offset, not a time zone; use an IANA zone such as Asia/Tokyo, or Etc/GMT-9 for a fixed offset with no DST',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin extra' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 Europe/Berlin extra" at position 35: unexpected "extra"; an item is "<days> <HH:MM-HH:MM> [zone]", and items are separated by commas',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin Sat 10:00-12:00 Europe/Berlin' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00 Europe/Berlin Sat 10:00-12:00 Europe/Berlin" at position 35: unexpected "Sat"; an item is "<days> <HH:MM-HH:MM> [zone]", and items are separated by commas',
      'Uptime item 1 "Mon-Fri 08:00-20:00 Europe/Berlin Sat 10:00-12:00 Europe/Berlin" at position 39: unexpected "10:00-12:00"; an item is "<days> <HH:MM-HH:MM> [zone]", and items are separated by commas',
      'Uptime item 1 "Mon-Fri 08:00-20:00 Europe/Berlin Sat 10:00-12:00 Europe/Berlin" at position 51: unexpected "Europe/Berlin"; an item is "<days> <HH:MM-HH:MM> [zone]", and items are separated by commas',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00' },
    errors: [
      'Uptime item 1 "Mon-Fri 08:00-20:00" at position 20: no time zone; add one such as "Mon-Fri 08:00-20:00 Europe/Berlin", or set TimeZone on the schedule',
    ],
  },
  {
    schedule: { uptime: '2026-12-24T00:00:00-2027-01-04T00:00:00' },
    errors: [
      'Uptime item 1 "2026-12-24T00:00:00-2027-01-04T00:00:00" at position 1: "2026-12-24T00:00:00-2027-01-04T00:00:00" is not an absolute range: the start has no UTC offset; add one such as +09:00 or Z',
    ],
  },
  {
    schedule: { uptime: '2026-12-24-2027-01-04' },
    errors: [
      'Uptime item 1 "2026-12-24-2027-01-04" at position 1: "2026-12-24-2027-01-04" is not an absolute range: write an absolute range as <start>-<end> in ISO 8601 with offsets, such as 2026-12-24T00:00:00+09:00-2027-01-04T00:00:00+09:00',
    ],
  },
  {
    schedule: { uptime: '2026-02-30T00:00:00+09:00-2026-03-01T00:00:00+09:00' },
    errors: [
      'Uptime item 1 "2026-02-30T00:00:00+09:00-2026-03-01T00:00:00+09:00" at position 1: "2026-02-30T00:00:00+09:00" is not a valid date and time: 2026-02 has no day 30',
    ],
  },
  {
    schedule: { uptime: '2026-12-24T25:00:00+09:00-2026-12-25T00:00:00+09:00' },
    errors: [
      'Uptime item 1 "2026-12-24T25:00:00+09:00-2026-12-25T00:00:00+09:00" at position 1: "2026-12-24T25:00:00+09:00" is not a valid date and time: hour 25 is out of range; hours go from 00 to 23',
    ],
  },
  {
    schedule: { uptime: '2019-04-01T24:00:00+00:00-2019-04-02T06:00:00+00:00' },
    errors: [
      'Uptime item 1 "2019-04-01T24:00:00+00:00-2019-04-02T06:00:00+00:00" at position 1: "2019-04-01T24:00:00+00:00" is not a valid date and time: hour 24 is out of range; hours go from 00 to 23; write 00:00 of the next day',
    ],
  },
  {
    schedule: { uptime: '2019-04-01T10:00:00+24:00-2019-04-02T06:00:00+00:00' },
    errors: [
      'Uptime item 1 "2019-04-01T10:00:00+24:00-2019-04-02T06:00:00+00:00" at position 1: "2019-04-01T10:00:00+24:00" is not a valid date and time: the offset +24:00 is out of range; offsets go from -14:00 to +14:00',
    ],
  },
  {
    schedule: { uptime: '2019-04-01T10:00:00+00:00-2019-04-02T06:00:00-14:30' },
    errors: [
      'Uptime item 1 "2019-04-01T10:00:00+00:00-2019-04-02T06:00:00-14:30" at position 27: "2019-04-02T06:00:00-14:30" is not a valid date and time: the offset -14:30 is out of range; offsets go from -14:00 to +14:00',
    ],
  },
  {
    schedule: { uptime: '2026-12-24T00:00:00+09:00' },
    errors: [
      'Uptime item 1 "2026-12-24T00:00:00+09:00" at position 1: "2026-12-24T00:00:00+09:00" is not an absolute range: write an absolute range as <start>-<end> in ISO 8601 with offsets, such as 2026-12-24T00:00:00+09:00-2027-01-04T00:00:00+09:00',
    ],
  },
  {
    schedule: { uptime: 'sometimes' },
    errors: [
      'Uptime item 1 "sometimes" at position 1: "sometimes" is not a time spec item; write "<days> <HH:MM-HH:MM> [zone]" such as "Mon-Fri 08:00-20:00 Europe/Berlin", or "always" or "never"',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'JST' },
    errors: ['TimeZone: "JST" is an abbreviation; use an IANA zone such as Asia/Tokyo'],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Europe/Paaris' },
    errors: [
      'TimeZone: "Europe/Paaris" is not a known time zone; did you mean Europe/Paris or Europe/Madrid?',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', downtime: 'Sat-Sun 00:00-24:00 UTC' },
    errors: ['Downtime: a schedule has either Uptime or Downtime, not both; clear one of them'],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: 'XX' },
    errors: [
      'Holidays item 1 "XX" at position 1: "XX" is not a holiday calendar; use a country code such as JP or DE, optionally with a region such as US-CA or DE-BY',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: 'US-ZZ' },
    errors: [
      'Holidays item 1 "US-ZZ" at position 1: "US-ZZ" is not a region of US; use one of US-AL, US-AK, US-AZ, US-AR, US-CA, US-CO, US-CT, US-DE, US-DC, US-FL, US-GA, US-HI, US-ID, US-IL, US-IN, US-IA, US-KS, US-KY, US-LA, US-ME, US-MD, US-MA, US-MI, US-MN, US-MS, US-MO, US-MT, US-NE, US-NV, US-NH, US-NJ, US-NM, US-NY, US-NC, US-ND, US-OH, US-OK, US-OR, US-PA, US-RI, US-SC, US-SD, US-TN, US-TX, US-UT, US-VT, US-VA, US-WA, US-WV, US-WI, US-WY',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: '2026-13-01' },
    errors: [
      'Holidays item 1 "2026-13-01" at position 1: "2026-13-01" is not a date in the calendar; write YYYY-MM-DD',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: '2027-01-03..2026-12-28' },
    errors: [
      'Holidays item 1 "2027-01-03..2026-12-28" at position 1: the range ends (2026-12-28) before it starts (2027-01-03); swap the two dates',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: 'christmas' },
    errors: [
      'Holidays item 1 "christmas" at position 1: "christmas" is neither a holiday calendar (JP, US-CA, DE-BY), a date (2026-12-24) nor a date range (2026-12-24..2027-01-03)',
    ],
  },
  {
    schedule: { uptime: 'Mon-Fri 08:00-20:00 UTC', holidays: 'JP,,DE' },
    errors: ['Holidays item 2 "" at position 4: the item is empty; remove the extra comma'],
  },
];

function compileErrors(schedule: ScheduleDefinition): string[] {
  try {
    Schedule.compile(schedule);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleSpecError);
    return (error as ScheduleSpecError).message.split('\n');
  }
  throw new Error('expected the schedule to be rejected');
}

describe('invalid schedules', () => {
  it('covers at least 40 mistakes', () => {
    expect(invalidSchedules.length).toBeGreaterThanOrEqual(40);
  });

  it.each(invalidSchedules.map((entry) => ({ ...entry, name: JSON.stringify(entry.schedule) })))(
    'rejects $name',
    ({ schedule, errors }) => {
      expect(compileErrors(schedule)).toEqual(errors);
    },
  );
});
