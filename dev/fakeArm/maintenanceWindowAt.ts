import type { MaintenanceWindowJson, WeekDay } from './FakeFleetModel.js';

/*
 * When a maintenance window is open, as planned-maintenance.md describes the schedule: an occurrence
 * begins at `startTime` in `utcOffset` on each day the schedule names (counted from `startDate`) and
 * lasts `durationHours`; `notAllowedDates` block whole days in `utcOffset` (the SDK's example: with
 * +02:00, 2022-12-23..2023-01-03 blocks 2022-12-22 22:00 to 2023-01-03 22:00 UTC, so the end day
 * itself is blocked). The fake's own arithmetic, written apart from the app's (shared/domain), so the
 * two check each other.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const WEEK_DAYS: readonly WeekDay[] = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth'] as const;

export interface WindowOccurrence {
  opensAt: number;
  closesAt: number;
}

/** `+05:30` as minutes east of UTC; absent means `+00:00`. */
export function offsetMinutes(utcOffset: string | undefined): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset ?? '+00:00');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

const dayNumbers = new Map<string, number>();

/** `dayNumber`, remembered: start dates are few and asked for at every step. */
function dayNumberOf(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) dayNumbers.set(date, (day = dayNumber(date)));
  return day;
}

/** What the arithmetic needs of a window, parsed once: every tick of a simulated week asks again. */
interface ParsedWindow {
  offsetMs: number;
  startOfDayMs: number;
  blockedDays: [number, number][];
}

const parsedWindows = new WeakMap<MaintenanceWindowJson, ParsedWindow>();

function parsed(window: MaintenanceWindowJson): ParsedWindow {
  let parsedWindow = parsedWindows.get(window);
  if (!parsedWindow) {
    const [hours = 0, minutes = 0] = window.startTime.split(':').map(Number);
    parsedWindow = {
      offsetMs: offsetMinutes(window.utcOffset) * 60_000,
      startOfDayMs: hours * HOUR_MS + minutes * 60_000,
      blockedDays: (window.notAllowedDates ?? []).map((span) => [dayNumber(span.start), dayNumber(span.end)]),
    };
    parsedWindows.set(window, parsedWindow);
  }
  return parsedWindow;
}

/** The occurrence of the window open at `at`, if any (blocked days count as closed). */
export function maintenanceWindowAt(window: MaintenanceWindowJson, at: number): WindowOccurrence | undefined {
  const { offsetMs, startOfDayMs, blockedDays } = parsed(window);
  const localDay = Math.floor((at + offsetMs) / DAY_MS);
  if (blockedDays.some(([first, last]) => first <= localDay && localDay <= last)) return undefined;
  // A window of at most 24 hours open at `at` began today or yesterday, local time.
  for (const day of [localDay, localDay - 1]) {
    const opensAt = day * DAY_MS + startOfDayMs - offsetMs;
    const closesAt = opensAt + window.durationHours * HOUR_MS;
    if (opensAt <= at && at < closesAt && occursOn(window, day)) return { opensAt, closesAt };
  }
  return undefined;
}

/** Whether an occurrence begins on this local day (days since the epoch). */
export function occursOn(window: MaintenanceWindowJson, day: number): boolean {
  const firstDay = window.startDate ? dayNumberOf(window.startDate) : Number.NEGATIVE_INFINITY;
  if (day < firstDay) return false;
  const anchor = Number.isFinite(firstDay) ? firstDay : 0;
  const date = new Date(day * DAY_MS);
  const { daily, weekly, absoluteMonthly, relativeMonthly } = window.schedule;
  if (daily) return (day - anchor) % daily.intervalDays === 0;
  if (weekly) {
    if (WEEK_DAYS[date.getUTCDay()] !== weekly.dayOfWeek) return false;
    const firstOccurrence = anchor + ((WEEK_DAYS.indexOf(weekly.dayOfWeek) - ((anchor + 4) % 7) + 7) % 7);
    return Math.round((day - firstOccurrence) / 7) % weekly.intervalWeeks === 0;
  }
  if (absoluteMonthly)
    return (
      date.getUTCDate() === absoluteMonthly.dayOfMonth &&
      monthsSince(anchor, date) % absoluteMonthly.intervalMonths === 0
    );
  if (relativeMonthly)
    return (
      WEEK_DAYS[date.getUTCDay()] === relativeMonthly.dayOfWeek &&
      isWeekIndex(date, relativeMonthly.weekIndex) &&
      monthsSince(anchor, date) % relativeMonthly.intervalMonths === 0
    );
  return false;
}

/** Whole months from the anchor day's month to the date's month (the interval counts from the start month). */
function monthsSince(anchorDay: number, date: Date): number {
  const anchor = new Date(anchorDay * DAY_MS);
  return (date.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (date.getUTCMonth() - anchor.getUTCMonth());
}

/** `First` is days 1-7 and so on; `Last` is a day with no later one of the same weekday in its month. */
function isWeekIndex(date: Date, weekIndex: string): boolean {
  if (weekIndex === 'Last') {
    const monthLength = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    return date.getUTCDate() + 7 > monthLength;
  }
  return WEEK_INDEXES[Math.floor((date.getUTCDate() - 1) / 7)] === weekIndex;
}
