import type { ComputeFootprint } from './ComputeFootprint.js';
import type { NodesSeen } from './NodesSeen.js';
import type { StoppedPeriod } from './stoppedPeriods.js';

/** A time a target ran (was billed for compute), with the nodes it is believed to have run. */
export interface RunningPeriod {
  from: number;
  to: number;
  footprint?: ComputeFootprint;
}

/**
 * The times within [from, to) a target was not stopped: the rest of its stopped periods. Its nodes
 * are those seen before the stop that ended the run, else those of the stop before (a start
 * restores them), else `fallback` (the last seen, or the profile now): the same observations the
 * savings are priced on, so that the bill checks them. Where the nodes were seen while running
 * (`seen`: an autoscaler moved them), a run is split where they changed and each part is priced on
 * the nodes seen then.
 */
export function runningPeriods(
  stopped: readonly StoppedPeriod[],
  range: { from: number; to: number },
  fallback: ComputeFootprint | undefined,
  seen: readonly NodesSeen[] = [],
): RunningPeriod[] {
  return believedPeriods(stopped, range, fallback).flatMap((period) => splitBySightings(period, seen));
}

function believedPeriods(
  stopped: readonly StoppedPeriod[],
  range: { from: number; to: number },
  fallback: ComputeFootprint | undefined,
): RunningPeriod[] {
  const sorted = [...stopped].sort((a, b) => a.from - b.from);
  const periods: RunningPeriod[] = [];
  let at = range.from;
  let before: ComputeFootprint | undefined;
  for (const period of sorted) {
    if (period.from > at) {
      const footprint = period.footprint ?? before ?? fallback;
      periods.push({ from: at, to: Math.min(period.from, range.to), ...(footprint ? { footprint } : {}) });
    }
    at = Math.max(at, period.to);
    before = period.footprint ?? before;
    if (at >= range.to) return periods;
  }
  if (range.to > at) {
    const footprint = before ?? fallback;
    periods.push({ from: at, to: range.to, ...(footprint ? { footprint } : {}) });
  }
  return periods;
}

/** The run in parts at each sighting within it, each on the nodes last seen at its start (if any were). */
function splitBySightings(period: RunningPeriod, seen: readonly NodesSeen[]): RunningPeriod[] {
  if (seen.length === 0) return [period];
  const cuts = [
    period.from,
    ...seen.filter((sighting) => sighting.at > period.from && sighting.at < period.to).map((s) => s.at),
    period.to,
  ];
  const parts: RunningPeriod[] = [];
  for (let index = 0; index + 1 < cuts.length; index++) {
    const from = cuts[index]!;
    const to = cuts[index + 1]!;
    const last = seen.filter((sighting) => sighting.at <= from).at(-1);
    const footprint = last?.footprint ?? period.footprint;
    if (to > from) parts.push({ from, to, ...(footprint ? { footprint } : {}) });
  }
  return parts;
}
