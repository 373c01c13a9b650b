import { DateTime } from 'luxon';

/** `Tue 2026-12-01 08:00 +09:00`: local wall time with its offset, so repeated DST hours stay distinct. */
export function formatInstant(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZ');
}

/** ISO 8601 with the zone's offset, for JSON output. */
export function isoInZone(instant: number, zone: string): string {
  return (
    DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ??
    new Date(instant).toISOString()
  );
}
