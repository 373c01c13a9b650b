import { HolidayCalendar, localDayOf } from './HolidayCalendar.js';
import type { SpecProblem } from './SpecProblem.js';
import { splitItems } from './splitItems.js';

const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const DATE_RANGE = new RegExp(String.raw`^(${DATE})(?:\s*\.\.\s*(${DATE}))?$`);
const CALENDAR_CODE = /^[A-Za-z]{2}(-[A-Za-z0-9]+)*$/;

export type ClosedDaysResult = { ok: true; closedDays: ClosedDays } | { ok: false; problems: SpecProblem[] };

/**
 * Days on which a schedule keeps its targets down all day: public holidays of the named calendars
 * plus explicit dates and inclusive date ranges, all read as local dates in the schedule's zone.
 */
export class ClosedDays {
  static readonly NONE = new ClosedDays([], []);

  private constructor(
    readonly calendars: readonly HolidayCalendar[],
    /** Inclusive [first, last] local days. */
    readonly ranges: readonly (readonly [number, number])[],
  ) {}

  get isEmpty(): boolean {
    return this.calendars.length === 0 && this.ranges.length === 0;
  }

  isClosed(localDay: number): boolean {
    for (const [first, last] of this.ranges) if (localDay >= first && localDay <= last) return true;
    for (const calendar of this.calendars) if (calendar.isHoliday(localDay)) return true;
    return false;
  }

  /** Parses a `Holidays` field such as `JP, 2026-12-28..2027-01-03, 2027-05-06`. */
  static parse(text: string, field = 'Holidays'): ClosedDaysResult {
    if (text.trim() === '') return { ok: true, closedDays: ClosedDays.NONE };
    const calendars: HolidayCalendar[] = [];
    const ranges: [number, number][] = [];
    const problems: SpecProblem[] = [];
    splitItems(text).forEach((item, index) => {
      const problem = (message: string) =>
        problems.push({ field, item: index + 1, itemText: item.text, position: item.position, message });
      const dates = DATE_RANGE.exec(item.text);
      if (item.text === '') problem('the item is empty; remove the extra comma');
      else if (dates) {
        const range = parseDateRange(dates[1] ?? '', dates[2]);
        if (typeof range === 'string') problem(range);
        else ranges.push(range);
      } else if (CALENDAR_CODE.test(item.text)) {
        const lookup = HolidayCalendar.lookup(item.text);
        if (lookup.ok) calendars.push(lookup.calendar);
        else problem(lookup.message);
      } else {
        problem(
          `"${item.text}" is neither a holiday calendar (JP, US-CA, DE-BY), a date (2026-12-24) nor a date range (2026-12-24..2027-01-03)`,
        );
      }
    });
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, closedDays: new ClosedDays(calendars, ranges) };
  }
}

function parseDateRange(firstText: string, lastText: string | undefined): [number, number] | string {
  for (const date of [firstText, lastText ?? firstText]) {
    if (!isCalendarDate(date)) return `"${date}" is not a date in the calendar; write YYYY-MM-DD`;
  }
  const first = localDayOf(firstText);
  const last = lastText === undefined ? first : localDayOf(lastText);
  if (last < first)
    return `the range ends (${lastText ?? ''}) before it starts (${firstText}); swap the two dates`;
  return [first, last];
}

function isCalendarDate(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
