import { DateTime } from 'luxon';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;
/** The widest UTC offsets in use (Kiribati +14:00; ISO 8601 and RFC 3339 allow no zone beyond). */
const MAX_OFFSET_MINUTES = 14 * 60;

export type InstantResult = { ok: true; instant: number } | { ok: false; reason: string };

/**
 * An ISO 8601 date and time with a UTC offset (`2026-11-26T09:00:00+09:00`, `…Z`), checked part by
 * part: a date the calendar has, hours 00 to 23 (`24:00` is refused, not read as the next day),
 * minutes and seconds 00 to 59, and an offset within ±14:00.
 */
export function parseIsoInstant(text: string): InstantResult {
  const match = INSTANT.exec(text.trim());
  if (!match)
    return {
      ok: false,
      reason:
        'write an ISO 8601 date and time with an offset, such as 2026-11-26T09:00:00+09:00 or 2026-11-26T00:00:00Z',
    };
  const [
    ,
    year = '',
    month = '',
    day = '',
    hour = '',
    minute = '',
    second = '00',
    zone = '',
    sign,
    offsetHours = '0',
    offsetMinutes = '0',
  ] = match;
  const dateProblem = calendarDateProblem(Number(year), Number(month), Number(day));
  if (dateProblem) return { ok: false, reason: dateProblem };
  if (Number(hour) > 23) {
    const nextDay = hour === '24' ? '; write 00:00 of the next day' : '';
    return { ok: false, reason: `hour ${hour} is out of range; hours go from 00 to 23${nextDay}` };
  }
  if (Number(minute) > 59 || Number(second) > 59)
    return { ok: false, reason: 'minutes and seconds go from 00 to 59' };
  if (zone.toUpperCase() !== 'Z') {
    const offset = Number(offsetHours) * 60 + Number(offsetMinutes);
    if (Number(offsetMinutes) > 59 || offset > MAX_OFFSET_MINUTES)
      return {
        ok: false,
        reason: `the offset ${sign ?? ''}${offsetHours}:${offsetMinutes} is out of range; offsets go from -14:00 to +14:00`,
      };
  }
  const parsed = DateTime.fromISO(text.trim(), { setZone: true });
  return parsed.isValid
    ? { ok: true, instant: parsed.toMillis() }
    : { ok: false, reason: parsed.invalidExplanation ?? 'it is not a valid date and time' };
}

/** Why year-month-day is not a day of the calendar (`2026-02-30`), if it is not. */
export function calendarDateProblem(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `${year}-${String(month).padStart(2, '0')} has no day ${day}`;
  return undefined;
}
