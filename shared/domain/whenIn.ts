import { DateTime } from 'luxon';

/** How an instant is written for people; every choice keeps the weekday, the day and the clock. */
export interface WhenOptions {
  /** Name the zone after the time (`… Europe/Berlin`): on by default, so a time never floats. */
  zoneName?: boolean;
  /** Add the year (`Sat 5 Dec 2026 14:00`), for times more than a few weeks away or in records. */
  year?: boolean;
  /** Add the UTC offset (`+01:00`), so the two 02:30s of a DST autumn night stay apart (the CLI). */
  offset?: boolean;
}

/**
 * The one way an instant is written for people (docs/status-page.md, "Words for people"): the
 * status page, the notice pages, Slack, Teams and CloudEvents texts and the CLI's text output all
 * call it, so `Sat 5 Dec 14:00 Europe/Berlin` reads the same everywhere, in the zone it names.
 * English weekday and month names whatever the reader's language, a 24-hour clock.
 */
export function whenIn(instant: number, zone: string, options: WhenOptions = {}): string {
  const local = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  if (!local.isValid) return whenIn(instant, 'UTC', options);
  const date = options.year ? 'ccc d LLL yyyy' : 'ccc d LLL';
  const text = local.toFormat(`${date} HH:mm${options.offset ? ' ZZ' : ''}`);
  return options.zoneName === false ? text : `${text} ${local.zoneName ?? zone}`;
}

/** `14:00` in `zone`. */
export function clockIn(instant: number, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  return (local.isValid ? local : DateTime.fromMillis(instant, { zone: 'UTC' })).toFormat('HH:mm');
}

/** `2026-12-05`: the local date in `zone`, as people and date inputs read it (not the UTC date). */
export function localDateIn(instant: number, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone });
  return (local.isValid ? local : DateTime.fromMillis(instant, { zone: 'UTC' })).toISODate() ?? '';
}

/** `36 h`, `45 min`, `2 h 30 min`: a duration at a glance. */
export function durationWords(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** `Thu 26 Nov 2026` (or `Thu 26 Nov`): the local day in `zone` (not the UTC date, a day early east of UTC). */
export function dayIn(instant: number, zone: string, year = true): string {
  const local = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  return (local.isValid ? local : DateTime.fromMillis(instant, { zone: 'UTC', locale: 'en-GB' })).toFormat(
    year ? 'ccc d LLL yyyy' : 'ccc d LLL',
  );
}

/** The local date `days` after the local date of `instant` in `zone`, as `2026-12-03`. */
export function localDateAfter(instant: number, zone: string, days: number): string {
  const local = DateTime.fromMillis(instant, { zone });
  return (
    (local.isValid ? local : DateTime.fromMillis(instant, { zone: 'UTC' })).plus({ days }).toISODate() ?? ''
  );
}

/** The local midnights of `days` days from the local day of `instant` in `zone` (23 or 25 h apart across DST). */
export function localMidnights(instant: number, zone: string, days: number): number[] {
  const first = DateTime.fromMillis(instant, { zone }).startOf('day');
  return Array.from({ length: days + 1 }, (_, index) => first.plus({ days: index }).toMillis());
}

/**
 * `today 22:00`, `tomorrow 08:00`, `Monday 08:00` (within the week) or `Tue 15 Dec 08:00`: an
 * instant as a sentence says it, seen from `now`, in `zone`. The sentence names the zone once
 * (actionWords); the day is the local day there, never the UTC one.
 */
export function whenFrom(instant: number, now: number, zone: string): string {
  return `${dayFrom(instant, now, zone)} ${clockIn(instant, zone)}`;
}

/** `today`, `tomorrow`, `Monday` (within the week) or `Tue 15 Dec`: the local day of `instant`, seen from `now`. */
export function dayFrom(instant: number, now: number, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  if (!local.isValid) return dayFrom(instant, now, 'UTC');
  const days = daysFrom(instant, now, zone);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 1 && days < 7) return local.toFormat('cccc');
  return local.toFormat('ccc d LLL');
}

/** Local days from the day of `now` to the day of `instant` in `zone` (0 today, 1 tomorrow), DST-proof. */
export function daysFrom(instant: number, now: number, zone: string): number {
  const day = (at: number) => DateTime.fromMillis(at, { zone }).startOf('day');
  return Math.round(day(instant).diff(day(now), 'days').days);
}

/** Hours between two instants, to one decimal: the JSON field next to the words. */
export function hoursBetween(from: number, to: number): number {
  return Math.round(((to - from) / 3_600_000) * 10) / 10;
}
