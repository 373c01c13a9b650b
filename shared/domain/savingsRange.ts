import { calendarDateProblem, parseIsoInstant } from './parseIsoInstant.js';
import { DAY_MS } from './time.js';

export const MAX_SAVINGS_DAYS = 366;

/** A `from` or `to` of a savings report that cannot be used: which, what was sent, what would do. */
export class SavingsRangeError extends Error {
  override readonly name = 'SavingsRangeError';

  constructor(
    readonly field: 'from' | 'to',
    readonly value: string,
    readonly problem: string,
  ) {
    super(`${field} "${value}": ${problem}`);
  }
}

/** Midnight UTC starting the month `now` is in, and `months` months later. */
export function monthStart(now: number, months = 0): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/**
 * The period [from, to) of a savings report (docs/savings.md): a date (`2026-11-01`) is midnight
 * UTC, anything else an ISO 8601 instant with an offset. `from` defaults to the start of this month
 * (UTC), `to` to the start of the next; a report never counts past now, and a `from` after now is
 * refused (a period that has not begun has nothing to count).
 */
export function savingsRange(
  input: { from?: string | undefined; to?: string | undefined },
  now: number,
): { from: number; to: number } {
  const from = input.from === undefined ? monthStart(now) : instantOf('from', input.from);
  if (from > now) throw new SavingsRangeError('from', input.from ?? '', futureProblem(now));
  const to = input.to === undefined ? monthStart(from, 1) : instantOf('to', input.to);
  if (to <= from)
    throw new SavingsRangeError('to', input.to ?? '', `must be after from (${new Date(from).toISOString()})`);
  if (to - from > MAX_SAVINGS_DAYS * DAY_MS)
    throw new SavingsRangeError('to', input.to ?? '', `a report spans at most ${MAX_SAVINGS_DAYS} days`);
  return { from, to };
}

function futureProblem(now: number): string {
  const iso = new Date(now).toISOString();
  return `is in the future; a report counts what has happened: give ${iso.slice(0, 10)} or earlier (now is ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC)`;
}

function instantOf(field: 'from' | 'to', text: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (date) {
    const [, year = '', month = '', day = ''] = date;
    const problem = calendarDateProblem(Number(year), Number(month), Number(day));
    if (problem) throw new SavingsRangeError(field, text, problem);
    return Date.UTC(Number(year), Number(month) - 1, Number(day));
  }
  const instant = parseIsoInstant(text);
  if (!instant.ok)
    throw new SavingsRangeError(
      field,
      text,
      `write a date such as 2026-11-01 (midnight UTC) or an ISO 8601 instant with an offset; ${instant.reason}`,
    );
  return instant.instant;
}
