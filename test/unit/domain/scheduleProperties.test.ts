import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schedule } from '../../../shared/domain/Schedule.js';
import { MINUTE_MS } from '../../../shared/domain/time.js';
import { kubeDownscalerMatches } from '../../helpers/kubeDownscalerReference.js';
import { anySpecAndInstant, kubeDownscalerSpecAndInstant } from '../../helpers/scheduleArbitraries.js';

const TWO_DAYS_MS = 2 * 24 * 60 * MINUTE_MS;

/** Every minute in [from, to) at which isUp differs from the minute before: a brute-force reference. */
function changesByMinuteScan(schedule: Schedule, from: number, to: number): number[] {
  const changes: number[] = [];
  let previous = schedule.isUp(from);
  for (let minute = from + MINUTE_MS; minute < to; minute += MINUTE_MS) {
    const up = schedule.isUp(minute);
    if (up !== previous) changes.push(minute);
    previous = up;
  }
  return changes;
}

describe('schedule properties', () => {
  it('answers like kube-downscaler on every spec kube-downscaler accepts', () => {
    fc.assert(
      fc.property(kubeDownscalerSpecAndInstant, ({ spec, instant }) => {
        expect(Schedule.compile({ uptime: spec }).isUp(instant)).toBe(kubeDownscalerMatches(instant, spec));
      }),
      { numRuns: 2000 },
    );
  });

  it('windows change exactly where a minute-by-minute scan sees a change', () => {
    fc.assert(
      fc.property(anySpecAndInstant, ({ spec, instant: from }) => {
        const schedule = Schedule.compile({ uptime: spec });
        const to = from + TWO_DAYS_MS;
        const windows = schedule.windows(from, to);
        expect(windows.slice(1).map((window) => window.from)).toEqual(
          changesByMinuteScan(schedule, from, to),
        );
        for (const window of windows) {
          expect(schedule.isUp(window.from)).toBe(window.up);
          expect(schedule.isUp(window.to - 1)).toBe(window.up);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('nextTransition is the first change after the instant, and nothing changes before it', () => {
    fc.assert(
      fc.property(anySpecAndInstant, fc.integer({ min: 0, max: 1000 }), ({ spec, instant }, sample) => {
        const schedule = Schedule.compile({ uptime: spec });
        const next = schedule.nextTransition(instant);
        const firstChange = schedule.windows(instant, instant + TWO_DAYS_MS)[1]?.from;
        if (firstChange !== undefined) expect(next).toBe(firstChange);
        if (next === undefined) return;
        expect(schedule.isUp(next)).not.toBe(schedule.isUp(instant));
        const between = instant + Math.floor(((next - instant) * sample) / 1001);
        expect(schedule.isUp(between)).toBe(schedule.isUp(instant));
      }),
      { numRuns: 500 },
    );
  });
});
