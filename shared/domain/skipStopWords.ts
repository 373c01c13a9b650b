import { DateTime } from 'luxon';
import { durationWords } from './whenIn.js';

/** The words for skipping one stop: a button's label and what it does, in the schedule's zone. */
export interface SkipStopWords {
  /** `Skip tonight’s 20:00 stop`, `Skip Monday’s 08:00 stop`. */
  label: string;
  /** `skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer`. */
  sentence: string;
}

/** The hour from which a stop later today is "tonight’s", and before which one tomorrow still is. */
const EVENING_HOUR = 17;
const SMALL_HOURS = 5;

/**
 * `tonight’s`, `today’s`, `tomorrow’s`, `Monday’s` or `Mon 14 Dec’s`: whose stop it is, said from
 * `now` in `zone`. "Tonight" only for a stop this evening (or in the small hours after it): a
 * Monday 08:00 stop seen on a Saturday is Monday’s, never tonight’s.
 */
function whoseDay(instant: number, now: number, zone: string): string {
  const at = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  if ((days === 0 && at.hour >= EVENING_HOUR) || (days === 1 && at.hour < SMALL_HOURS)) return 'tonight’s';
  if (days === 0) return 'today’s';
  if (days === 1) return 'tomorrow’s';
  if (days > 1 && days < 7) return `${at.toFormat('cccc')}’s`;
  return `${at.toFormat('ccc d LLL')}’s`;
}

/** `today 08:00`, `tomorrow 08:00`, `Tuesday 08:00` or `Tue 15 Dec 08:00`, from `now` in `zone`. */
function dayAndClock(instant: number, now: number, zone: string): string {
  const at = DateTime.fromMillis(instant, { zone, locale: 'en-GB' });
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const day =
    days === 0
      ? 'today'
      : days === 1
        ? 'tomorrow'
        : days > 1 && days < 7
          ? at.toFormat('cccc')
          : at.toFormat('ccc d LLL');
  return `${day} ${at.toFormat('HH:mm')}`;
}

/**
 * What skipping the stop at `stopAt` does, in the words the page's control, the notices and their
 * pages all use (issue 24, item 2): whose stop it is, and until when and how much longer the target
 * stays up (until the start after it, `upUntil`).
 */
export function skipStopWords(stopAt: number, upUntil: number, now: number, zone: string): SkipStopWords {
  const whose = whoseDay(stopAt, now, zone);
  const clock = DateTime.fromMillis(stopAt, { zone }).toFormat('HH:mm');
  const stop = `${whose} ${clock} stop`;
  return {
    label: `Skip ${stop}`,
    sentence: `skip ${stop}: up until ${dayAndClock(upUntil, now, zone)}, ${durationWords(upUntil - stopAt)} longer`,
  };
}
