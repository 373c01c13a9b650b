import { DateTime } from 'luxon';
import { HOUR_MS, MINUTE_MS } from './time.js';

/**
 * An instant as people say it, in `zone`, seen from `now`: "today 20:00", "tomorrow 08:00",
 * "Monday 7 December 08:00". No ISO 8601 and no offset: the zone is named once by the sentence.
 */
export function whenWords(instant: number, now: number, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone });
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const time = local.toFormat('HH:mm');
  const days = Math.round(local.startOf('day').diff(today, 'days').days);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  return `${local.toFormat('cccc d LLLL')} ${time}`;
}

/** The day of an instant, for "Monday's 20:00 stop": "today's", "tomorrow's", "Monday 7 December's". */
export function dayPossessive(instant: number, now: number, zone: string): string {
  const words = whenWords(instant, now, zone);
  return `${words.slice(0, words.lastIndexOf(' '))}'s ${DateTime.fromMillis(instant, { zone }).toFormat('HH:mm')}`;
}

/** A length of time as people say it: "45 min", "2 h", "36 h", "1 h 30 min". */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Hours between two instants, to one decimal: the field next to the words. */
export function hoursBetween(from: number, to: number): number {
  return Math.round(((to - from) / HOUR_MS) * 10) / 10;
}
