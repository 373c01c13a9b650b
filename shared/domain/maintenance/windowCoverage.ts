import type { MaintenanceWindow } from './MaintenanceWindow.js';

export type Attendance = 'attended' | 'partly' | 'missed';

export interface WindowCoverage {
  window: MaintenanceWindow;
  attendance: Attendance;
  /** How long the target is up inside the window, in ms. */
  upMs: number;
}

/**
 * For each window: is the target up for all of it, part of it, or none of it. `upIntervals` is sorted
 * [from,to) intervals when the target is up; touching or overlapping ones count once.
 */
export function windowCoverage(
  windows: readonly MaintenanceWindow[],
  upIntervals: readonly { from: number; to: number }[],
): WindowCoverage[] {
  const up = mergeIntervals(upIntervals);
  return windows.map((window) => {
    const upMs = upTimeWithin(up, window.opens, window.closes);
    const attendance: Attendance =
      upMs === 0 ? 'missed' : upMs >= window.closes - window.opens ? 'attended' : 'partly';
    return { window, attendance, upMs };
  });
}

function mergeIntervals(intervals: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const merged: { from: number; to: number }[] = [];
  for (const interval of [...intervals].sort((a, b) => a.from - b.from)) {
    if (interval.to <= interval.from) continue;
    const last = merged.at(-1);
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}

/**
 * Time in [opens, closes) covered by the merged intervals; a binary search finds the first that can overlap.
 */
function upTimeWithin(
  merged: readonly { from: number; to: number }[],
  opens: number,
  closes: number,
): number {
  let low = 0;
  let high = merged.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((merged[middle] as { to: number }).to <= opens) low = middle + 1;
    else high = middle;
  }
  let total = 0;
  for (let index = low; index < merged.length; index++) {
    const interval = merged[index] as { from: number; to: number };
    if (interval.from >= closes) break;
    total += Math.min(closes, interval.to) - Math.max(opens, interval.from);
  }
  return total;
}
