import fc from 'fast-check';
import { WEEKDAY_NAMES } from '../../shared/domain/weekdays.js';

/** Zones with DST gaps and overlaps, half-hour offsets and a 30-minute DST shift. */
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/St_Johns',
];

export const RANGE_START = Date.parse('2026-01-01T00:00:00Z');
export const RANGE_END = Date.parse('2028-01-01T00:00:00Z');

export const instantArbitrary = fc.integer({ min: RANGE_START, max: RANGE_END });

const weekday = fc.constantFrom(...WEEKDAY_NAMES);
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Two different minutes of the day, start before end (the form kube-downscaler accepts and matches). */
const forwardRange = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
  .filter(([start, end]) => start < end)
  .map(([start, end]) => `${hhmm(start)}-${hhmm(end)}`);

/** Any two different minutes: forward or overnight. */
const anyRange = fc
  .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1440 }))
  .filter(([start, end]) => start !== end)
  .map(([start, end]) => `${hhmm(start)}-${hhmm(end)}`);

export function weeklyItem(range: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(weekday, weekday, range, fc.constantFrom(...ZONES))
    .map(([first, last, times, zone]) => `${first}-${last} ${times} ${zone}`);
}

/**
 * An absolute range within three days of `base`, whose end is the last millisecond of a minute so
 * that every change falls on a minute.
 */
function absoluteItemNear(base: number): fc.Arbitrary<string> {
  const baseMinute = Math.floor(base / 60_000);
  return fc
    .tuple(
      fc.integer({ min: baseMinute - 3 * 24 * 60, max: baseMinute + 3 * 24 * 60 }),
      fc.integer({ min: 1, max: 3 * 24 * 60 }),
      // kube-downscaler also accepts a range written end first, which never matches.
      fc.boolean(),
    )
    .map(([startMinute, lengthMinutes, reversed]) => {
      const start = new Date(startMinute * 60_000).toISOString().replace('.000Z', '+00:00');
      const end = new Date((startMinute + lengthMinutes) * 60_000 - 1).toISOString().replace('Z', '+00:00');
      return reversed ? `${end}-${start}` : `${start}-${end}`;
    });
}

function specNear(base: number, range: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(weeklyItem(range), absoluteItemNear(base)), { minLength: 1, maxLength: 3 })
    .map((items) => items.join(', '));
}

/** A minute-aligned instant and a spec whose absolute items lie near it. */
export interface SpecAndInstant {
  spec: string;
  instant: number;
}

/** Specs kube-downscaler also accepts, where both tools must give the same answer. */
export const kubeDownscalerSpecAndInstant: fc.Arbitrary<SpecAndInstant> = instantArbitrary.chain((base) =>
  fc
    .tuple(specNear(base, forwardRange), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
    .map(([spec, shift]) => ({ spec, instant: base + shift })),
);

/** Any spec of ours, overnight ranges and single days included, with a minute-aligned instant near its absolute items. */
export const anySpecAndInstant: fc.Arbitrary<SpecAndInstant> = instantArbitrary.chain((base) =>
  specNear(base, anyRange).map((spec) => ({ spec, instant: Math.floor(base / 60_000) * 60_000 })),
);
