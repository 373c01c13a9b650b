import { DateTime } from 'luxon';
import { CliUsageError } from './CliUsageError.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant with an offset (`2026-11-26T09:00:00+09:00`), as `--at` takes it. */
export function parseInstantOption(option: string, value: string): number {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!HAS_OFFSET.test(value) || !parsed.isValid) {
    throw new CliUsageError(
      `${option} "${value}" is not an ISO 8601 instant with an offset; write it as 2026-11-26T09:00:00+09:00 or 2026-11-26T00:00:00Z`,
    );
  }
  return parsed.toMillis();
}

/** A date (`2026-12-01`, local midnight in `zone`) or an instant with an offset, as `--from`/`--to` take them. */
export function parseDateOption(option: string, value: string, zone: string): number {
  if (!DATE_ONLY.test(value)) return parseInstantOption(option, value);
  const parsed = DateTime.fromISO(value, { zone });
  if (!parsed.isValid)
    throw new CliUsageError(`${option} "${value}" is not a date in the calendar; write YYYY-MM-DD`);
  return parsed.startOf('day').toMillis();
}
