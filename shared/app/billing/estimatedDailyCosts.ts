import type { ComputeFootprint } from '../../domain/ComputeFootprint.js';
import { savingOf, type HourlyPrice } from '../../domain/moneySaved.js';
import { runningPeriods } from '../../domain/runningPeriods.js';
import type { StoppedPeriod } from '../../domain/stoppedPeriods.js';
import { DAY_MS } from '../../domain/time.js';
import { SIZE_NOT_OBSERVED } from '../savings/SavingsReport.js';

/**
 * What the app believes a target's compute cost each whole day of `days`: the hours it ran (the
 * rest of its stopped periods) times its nodes, priced as the savings are (`savingOf`, the same
 * prices and discount), so that the bill checks the savings' pricing. Keyed by midnight UTC.
 */
export function estimatedDailyCosts(
  stopped: readonly StoppedPeriod[],
  fallback: ComputeFootprint | undefined,
  days: { from: number; to: number },
  priceIn: (location: string) => (vmSize: string) => HourlyPrice | undefined,
  discountPercent: number,
): { byDay: Map<number, number>; unpriced: string[] } {
  const byDay = new Map<number, number>();
  const unpriced = new Set<string>();
  for (let day = days.from; day < days.to; day += DAY_MS) byDay.set(day, 0);
  for (const period of runningPeriods(stopped, days, fallback))
    for (let day = Math.floor(period.from / DAY_MS) * DAY_MS; day < period.to; day += DAY_MS) {
      const ms = Math.min(period.to, day + DAY_MS) - Math.max(period.from, day);
      if (ms <= 0) continue;
      if (!period.footprint) {
        unpriced.add(SIZE_NOT_OBSERVED);
        continue;
      }
      const cost = savingOf(period.footprint.nodes, ms, priceIn(period.footprint.location), discountPercent);
      cost.unpriced.forEach((size) => unpriced.add(size));
      byDay.set(day, (byDay.get(day) ?? 0) + cost.amount);
    }
  return { byDay, unpriced: [...unpriced] };
}
