import { DAY_MS } from '../time.js';

/**
 * Dates on the proleptic Gregorian calendar as day numbers (days since 1970-01-01). A maintenance
 * window's `utcOffset` is fixed, so its local calendar is plain date arithmetic: no zone rules.
 */
export interface CivilDate {
  year: number;
  /** 1 … 12 */
  month: number;
  /** 1 … 31 */
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function civilDate(day: number): CivilDate {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The day number of a `YYYY-MM-DD` date, or undefined when the text is not a real date (2026-02-30). */
export function parseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}

/** 0 for Sunday … 6 for Saturday, as `AZURE_WEEKDAYS` orders them (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Months since January 1970, so that "every n months" is a difference of two numbers. */
export function monthNumber(year: number, month: number): number {
  return (year - 1970) * 12 + (month - 1);
}

export function monthOfNumber(months: number): { year: number; month: number } {
  const year = 1970 + Math.floor(months / 12);
  return { year, month: months - (year - 1970) * 12 + 1 };
}

export function formatIsoDate(day: number): string {
  const { year, month, day: dayOfMonth } = civilDate(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}
