import type { ComputeFootprint, NodeGroup, PaidTier } from '../../domain/ComputeFootprint.js';
import { savingOf, type HourlyPrice, type NodePrice } from '../../domain/moneySaved.js';
import { runningPeriods } from '../../domain/runningPeriods.js';
import type { StoppedPeriod } from '../../domain/stoppedPeriods.js';
import { DAY_MS } from '../../domain/time.js';
import { SIZE_NOT_OBSERVED } from '../savings/SavingsReport.js';

/** The prices the savings use: each node's meter, and a running cluster's tier fee (clusters only). */
export interface EstimatePricing {
  node: (location: string) => (group: NodeGroup) => NodePrice | undefined;
  tier?: (tier: PaidTier, location: string) => HourlyPrice | undefined;
}

/**
 * What the app believes a target's compute cost each whole day of `days`: the hours it ran (the
 * rest of its stopped periods) times its nodes, priced as the savings are (`savingOf`, the same
 * prices and discount), so that the bill checks the savings' pricing. Keyed by midnight UTC.
 */
export function estimatedDailyCosts(
  stopped: readonly StoppedPeriod[],
  fallback: ComputeFootprint | undefined,
  days: { from: number; to: number },
  pricing: EstimatePricing,
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
      const { nodes, location, tier } = period.footprint;
      const tierFee = tier && pricing.tier ? { tier, price: pricing.tier(tier, location) } : undefined;
      const cost = savingOf(nodes, ms, pricing.node(location), discountPercent, tierFee ? { tierFee } : {});
      cost.unpriced.forEach((size) => unpriced.add(size));
      byDay.set(day, (byDay.get(day) ?? 0) + cost.amount);
    }
  return { byDay, unpriced: [...unpriced] };
}
