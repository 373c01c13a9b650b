/** Parsing of the two clock fields of a maintenance window: `utcOffset` and `startTime`. */

const UTC_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const CLOCK_TIME = /^(\d{2}):(\d{2})$/;
/** Offsets in use on Earth run from UTC-12:00 to UTC+14:00. */
const MAX_OFFSET_MINUTES = { west: 12 * 60, east: 14 * 60 };

/** Minutes east of UTC for `+05:30` / `-07:00`, or undefined when the text is not such an offset. */
export function parseUtcOffset(text: string): number | undefined {
  const match = UTC_OFFSET.exec(text);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[2]), Number(match[3])];
  if (minutes >= 60) return undefined;
  const total = hours * 60 + minutes;
  if (match[1] === '+') return total <= MAX_OFFSET_MINUTES.east ? total : undefined;
  return total <= MAX_OFFSET_MINUTES.west ? -total : undefined;
}

/** Minutes after midnight for `HH:mm` from `00:00` to `23:59`, or undefined. */
export function parseClockTime(text: string): number | undefined {
  const match = CLOCK_TIME.exec(text);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}
