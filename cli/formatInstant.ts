import { DateTime } from 'luxon';
import { whenIn } from '../shared/domain/whenIn.js';

/**
 * `Tue 1 Dec 2026 08:00 +09:00`: whenIn, the formatter the status page and the notices use, with
 * the year and the offset, so repeated DST hours stay distinct in a table that names its zone once.
 */
export function formatInstant(instant: number, zone: string): string {
  return whenIn(instant, zone, { year: true, offset: true, zoneName: false });
}

/** ISO 8601 with the zone's offset, for JSON output. */
export function isoInZone(instant: number, zone: string): string {
  return (
    DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ??
    new Date(instant).toISOString()
  );
}
