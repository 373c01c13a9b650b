import type { Recurrence } from './Recurrence.js';
import { civilDate, dayNumber, daysInMonth, monthNumber, monthOfNumber, weekdayOf } from './civilCalendar.js';

/** A local day on which a maintenance window opens, with what we assumed to find it, if anything. */
export interface Occurrence {
  day: number;
  assumption?: string;
}

/**
 * The local days in [firstDay, lastDay] on which a window of `recurrence` opens (docs/maintenance.md,
 * "How the app reads a maintenance configuration"). With `startDay`, nothing opens before it and the
 * first occurrence is the first matching day on or after it; later ones follow every `interval` days,
 * weeks or months counted from that first one. Without it (AKS fills startDate in, so only an old or
 * hand-made configuration lacks one), an interval of 1 needs no phase; a longer one lists every
 * matching day, each marked with that assumption, so that no real window is missed.
 */
export function occurrenceDays(
  recurrence: Recurrence,
  startDay: number | undefined,
  firstDay: number,
  lastDay: number,
): Occurrence[] {
  switch (recurrence.kind) {
    case 'daily':
      return dailyOccurrences(recurrence.interval, startDay, firstDay, lastDay);
    case 'weekly':
      return weeklyOccurrences(recurrence, startDay, firstDay, lastDay);
    case 'absoluteMonthly':
    case 'relativeMonthly':
      return monthlyOccurrences(recurrence, startDay, firstDay, lastDay);
  }
}

function phaseUnknown(interval: number, unit: string): string {
  return `the configuration has no startDate, so which ${unit} of every ${interval} AKS uses is unknown; every matching ${unit} is listed`;
}

function dailyOccurrences(
  interval: number,
  startDay: number | undefined,
  firstDay: number,
  lastDay: number,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const assumption = startDay === undefined && interval > 1 ? phaseUnknown(interval, 'day') : undefined;
  for (let day = Math.max(firstDay, startDay ?? firstDay); day <= lastDay; day++) {
    if (startDay !== undefined && (day - startDay) % interval !== 0) continue;
    occurrences.push(assumption ? { day, assumption } : { day });
  }
  return occurrences;
}

function weeklyOccurrences(
  { interval, weekday }: { interval: number; weekday: number },
  startDay: number | undefined,
  firstDay: number,
  lastDay: number,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const first = startDay === undefined ? undefined : startDay + ((weekday - weekdayOf(startDay) + 7) % 7);
  const assumption = first === undefined && interval > 1 ? phaseUnknown(interval, 'week') : undefined;
  let day = Math.max(firstDay, first ?? firstDay);
  day += (weekday - weekdayOf(day) + 7) % 7;
  for (; day <= lastDay; day += 7) {
    if (first !== undefined && ((day - first) / 7) % interval !== 0) continue;
    occurrences.push(assumption ? { day, assumption } : { day });
  }
  return occurrences;
}

type MonthlyRecurrence = Extract<Recurrence, { kind: 'absoluteMonthly' | 'relativeMonthly' }>;

function monthlyOccurrences(
  recurrence: MonthlyRecurrence,
  startDay: number | undefined,
  firstDay: number,
  lastDay: number,
): Occurrence[] {
  const firstMonth = startDay === undefined ? undefined : firstOccurrenceMonth(recurrence, startDay);
  const unknownPhase =
    firstMonth === undefined && recurrence.interval > 1
      ? phaseUnknown(recurrence.interval, 'month')
      : undefined;
  const occurrences: Occurrence[] = [];
  const { year: fromYear, month: fromMonth } = civilDate(firstDay);
  const { year: toYear, month: toMonth } = civilDate(lastDay);
  for (let months = monthNumber(fromYear, fromMonth); months <= monthNumber(toYear, toMonth); months++) {
    if (
      firstMonth !== undefined &&
      (months < firstMonth || (months - firstMonth) % recurrence.interval !== 0)
    )
      continue;
    const candidate = dayInMonth(recurrence, months);
    if (candidate.day < firstDay || candidate.day > lastDay) continue;
    const assumption = [unknownPhase, candidate.assumption].filter(Boolean).join('; ');
    occurrences.push(assumption ? { day: candidate.day, assumption } : { day: candidate.day });
  }
  return occurrences;
}

/**
 * The month of the first occurrence on or after `startDay`: its own month, or the next when that one's day
 * has passed.
 */
function firstOccurrenceMonth(recurrence: MonthlyRecurrence, startDay: number): number {
  const { year, month } = civilDate(startDay);
  const months = monthNumber(year, month);
  return dayInMonth(recurrence, months).day >= startDay ? months : months + 1;
}

/** The day a monthly recurrence falls on in one month. */
function dayInMonth(recurrence: MonthlyRecurrence, months: number): Occurrence {
  const { year, month } = monthOfNumber(months);
  const length = daysInMonth(year, month);
  if (recurrence.kind === 'absoluteMonthly') {
    if (recurrence.dayOfMonth <= length) return { day: dayNumber(year, month, recurrence.dayOfMonth) };
    return {
      day: dayNumber(year, month, length),
      assumption: `AKS does not document a dayOfMonth of ${recurrence.dayOfMonth} in a month of ${length} days; read as the month's last day`,
    };
  }
  if (recurrence.week === 'last') {
    const last = dayNumber(year, month, length);
    return { day: last - ((weekdayOf(last) - recurrence.weekday + 7) % 7) };
  }
  const first = dayNumber(year, month, 1);
  return { day: first + ((recurrence.weekday - weekdayOf(first) + 7) % 7) + 7 * recurrence.week };
}
