import type { Commitments } from '../../domain/Commitments.js';
import { coveredNodeHoursOf } from '../../domain/commitmentCoverage.js';
import type { NodeGroup, PaidTier } from '../../domain/ComputeFootprint.js';
import { savingOf, type HourlyPrice, type NodePrice } from '../../domain/moneySaved.js';
import type { RunningPeriod } from '../../domain/runningPeriods.js';
import { DAY_MS } from '../../domain/time.js';
import { SIZE_NOT_OBSERVED } from '../savings/SavingsReport.js';

/** The prices the savings use: each node's meter, a size's compute (Linux) rate, and the AKS tier fees. */
export interface EstimatePricing {
  node: (location: string) => (group: NodeGroup) => NodePrice | undefined;
  compute: (vmSize: string, location: string) => number | undefined;
  tier: (tier: PaidTier, location: string) => HourlyPrice | undefined;
}

/** One target's runs, and whether its bill carries its cluster's tier fee (a cluster's does). */
export interface RunningTarget {
  name: string;
  running: readonly RunningPeriod[];
  billsTierFee: boolean;
}

/**
 * What the app believes each target's compute cost each whole day of `days`: the hours it ran
 * times its nodes, priced as the savings are (`savingOf`, the same prices and discount), so that
 * the bill checks the savings' pricing. The fleet's reservations and savings plan pay for running
 * nodes first (Azure applies them to what runs; `commitmentCoverage` over the runs of every target
 * at once): node-hours they cover cost only what they do not pay (a Windows licence). Keyed by
 * target name, then midnight UTC.
 */
export function estimatedDailyCosts(
  targets: readonly RunningTarget[],
  days: { from: number; to: number },
  pricing: EstimatePricing,
  commitments: Commitments,
  discountPercent: number,
): Map<string, { byDay: Map<number, number>; unpriced: string[] }> {
  const stretches = targets.flatMap((target) =>
    target.running.flatMap((period) => byDay(period, days).map((part) => ({ target, ...part }))),
  );
  const coveredOf = coveredNodeHoursOf(stretches, commitments, pricing.compute);
  const estimates = new Map(
    targets.map((target) => {
      const zeroes = new Map<number, number>();
      for (let day = days.from; day < days.to; day += DAY_MS) zeroes.set(day, 0);
      return [target.name, { byDay: zeroes, unpriced: new Set<string>() }];
    }),
  );
  for (const stretch of stretches) {
    const estimate = estimates.get(stretch.target.name);
    if (!estimate) continue;
    if (!stretch.footprint) {
      estimate.unpriced.add(SIZE_NOT_OBSERVED);
      continue;
    }
    const { nodes, location, tier } = stretch.footprint;
    const tierFee =
      tier && stretch.target.billsTierFee ? { tier, price: pricing.tier(tier, location) } : undefined;
    const cost = savingOf(nodes, stretch.to - stretch.from, pricing.node(location), discountPercent, {
      coveredNodeHours: coveredOf.get(stretch) ?? [],
      ...(tierFee ? { tierFee } : {}),
    });
    cost.unpriced.forEach((size) => estimate.unpriced.add(size));
    estimate.byDay.set(stretch.day, (estimate.byDay.get(stretch.day) ?? 0) + cost.amount);
  }
  return new Map(
    [...estimates].map(([name, estimate]) => [
      name,
      { byDay: estimate.byDay, unpriced: [...estimate.unpriced] },
    ]),
  );
}

/** A run cut at midnights UTC, within `days`, each part with its day. */
function byDay(
  period: RunningPeriod,
  days: { from: number; to: number },
): (RunningPeriod & { day: number })[] {
  const parts: (RunningPeriod & { day: number })[] = [];
  for (let day = Math.floor(period.from / DAY_MS) * DAY_MS; day < period.to; day += DAY_MS) {
    const from = Math.max(period.from, day, days.from);
    const to = Math.min(period.to, day + DAY_MS, days.to);
    if (to > from) parts.push({ ...period, from, to, day });
  }
  return parts;
}
