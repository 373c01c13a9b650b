import type { MaintenanceWindow } from './MaintenanceWindow.js';

/** A span in which AKS may not begin maintenance, [from, to) in epoch ms. */
export interface BlockedPeriod {
  from: number;
  to: number;
  by: 'notAllowedDates' | 'notAllowedTime';
}

/**
 * What is left of each window once the blocked periods are cut out: Microsoft words not-allowed dates
 * as a span in which "maintenance will be blocked", not as whole windows skipped, so a window that
 * crosses into such a date keeps its part outside it (docs/maintenance.md).
 */
export function cutBlockedPeriods(
  windows: readonly MaintenanceWindow[],
  blocked: readonly BlockedPeriod[],
): MaintenanceWindow[] {
  if (blocked.length === 0) return [...windows];
  const sorted = [...blocked].sort((a, b) => a.from - b.from);
  return windows.flatMap((window) => cutOne(window, sorted));
}

function cutOne(window: MaintenanceWindow, blocked: readonly BlockedPeriod[]): MaintenanceWindow[] {
  const pieces: MaintenanceWindow[] = [];
  let opens = window.opens;
  let cutBy: BlockedPeriod['by'] | undefined;
  for (const period of blocked) {
    if (period.to <= opens || period.from >= window.closes) continue;
    cutBy ??= period.by;
    if (period.from > opens) pieces.push({ ...window, opens, closes: period.from });
    opens = Math.max(opens, period.to);
    if (opens >= window.closes) break;
  }
  if (opens < window.closes) pieces.push({ ...window, opens });
  return cutBy === undefined ? pieces : pieces.map((piece) => ({ ...piece, shortenedBy: cutBy }));
}
