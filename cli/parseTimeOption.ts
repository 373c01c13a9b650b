import { parseIsoInstant } from '../shared/domain/parseIsoInstant.js';
import { CliUsageError } from './CliUsageError.js';

/** An ISO 8601 instant with an offset (`2026-11-26T09:00:00+09:00`), as `--at` takes it. */
export function parseInstantOption(option: string, value: string): number {
  const parsed = parseIsoInstant(value);
  if (!parsed.ok) {
    throw new CliUsageError(
      `${option} "${value}" is not an ISO 8601 instant with an offset; write it as 2026-11-26T09:00:00+09:00 or 2026-11-26T00:00:00Z`,
    );
  }
  return parsed.instant;
}
