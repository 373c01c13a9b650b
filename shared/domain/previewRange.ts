import { DateTime } from 'luxon';
import { calendarDateProblem, parseIsoInstant } from './parseIsoInstant.js';

export const DEFAULT_PREVIEW_DAYS = 7;
export const MAX_PREVIEW_DAYS = 366;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `from` or `to` of a preview that cannot be used; `field` names which. `describe` words it with
 * the fields named as the caller knows them (`--from` on the command line, `from` in the API).
 */
export class PreviewRangeError extends Error {
  override readonly name = 'PreviewRangeError';

  constructor(
    readonly field: 'from' | 'to',
    readonly value: string | undefined,
    readonly describe: (prefix: string) => string,
  ) {
    super(describe(''));
  }
}

/**
 * The range [from, to) of a preview, the same for the CLI and the API: a date (`2026-12-01`) is
 * midnight in the schedule's zone, anything else an ISO 8601 instant with an offset; `from`
 * defaults to the start of today in that zone, `to` to 7 days after `from`. Dates the calendar
 * lacks (`2026-02-30`) are refused, never rolled over into the next month.
 */
export function previewRange(
  input: { from?: string | undefined; to?: string | undefined },
  zone: string,
  now: number,
): { from: number; to: number } {
  const from =
    input.from === undefined
      ? DateTime.fromMillis(now, { zone }).startOf('day').toMillis()
      : previewTime('from', input.from, zone);
  const to =
    input.to === undefined
      ? DateTime.fromMillis(from, { zone }).plus({ days: DEFAULT_PREVIEW_DAYS }).toMillis()
      : previewTime('to', input.to, zone);
  if (to <= from)
    throw new PreviewRangeError(
      'to',
      input.to,
      (prefix) => `${prefix}to "${input.to ?? ''}" must be after ${prefix}from "${input.from ?? 'today'}"`,
    );
  if (to - from > MAX_PREVIEW_DAYS * 86_400_000)
    throw new PreviewRangeError(
      'to',
      input.to,
      (prefix) =>
        `${prefix}to "${input.to ?? ''}" is too far from ${prefix}from: a preview spans at most ${MAX_PREVIEW_DAYS} days`,
    );
  return { from, to };
}

function previewTime(field: 'from' | 'to', text: string, zone: string): number {
  const date = DATE_ONLY.exec(text.trim());
  if (date) {
    const [, year = '', month = '', day = ''] = date;
    const problem = calendarDateProblem(Number(year), Number(month), Number(day));
    if (problem)
      throw new PreviewRangeError(
        field,
        text,
        (prefix) =>
          `${prefix}${field} "${text}" is not a date in the calendar (${problem}); write YYYY-MM-DD`,
      );
    return DateTime.fromISO(text.trim(), { zone }).startOf('day').toMillis();
  }
  const instant = parseIsoInstant(text);
  if (!instant.ok)
    throw new PreviewRangeError(
      field,
      text,
      (prefix) =>
        `${prefix}${field} "${text}" is neither a date (YYYY-MM-DD: midnight in the schedule's zone) nor a time: ${instant.reason}`,
    );
  return instant.instant;
}
