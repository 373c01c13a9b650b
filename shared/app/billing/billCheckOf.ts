import { wholeDaysOf } from '../../domain/billCheck.js';
import type { ComputeFootprint } from '../../domain/ComputeFootprint.js';
import type { ResourceId } from '../../domain/ResourceId.js';
import { stoppedPeriods, type PowerEvent } from '../../domain/stoppedPeriods.js';
import type { BillCheck } from './BillCheck.js';
import type { BillChecker } from './BillChecker.js';
import { estimatedDailyCosts, type EstimatePricing } from './estimatedDailyCosts.js';

/** What the savings report knows of a target: its power history and the nodes last seen. */
export interface BilledTargetHistory {
  name: string;
  resourceId: ResourceId;
  events: readonly PowerEvent[];
  latestFootprint?: ComputeFootprint;
  profile?: ComputeFootprint;
}

/**
 * The report's `billCheck`: the whole days of its period that have been billed, each target's
 * estimated compute cost on them (priced as the savings are), and the bill beside them.
 */
export async function billCheckOf(
  checker: BillChecker,
  histories: readonly BilledTargetHistory[],
  context: {
    range: { from: number; to: number };
    now: number;
    currency: string;
    pricing: Required<EstimatePricing>;
    discountPercent: number;
  },
): Promise<BillCheck> {
  const days = wholeDaysOf(context.range, context.now);
  if (!days)
    return {
      available: false,
      reason: 'no whole day of the period has been billed yet (a day is checked once it is a day old)',
    };
  if (histories.length === 0) return { available: false, reason: 'no targets to check against the bill' };
  return checker.check({
    days,
    currency: context.currency,
    targets: histories.map((history) => {
      const stopped = stoppedPeriods(history.events, { ...days, now: context.now });
      const estimate = estimatedDailyCosts(
        stopped,
        history.latestFootprint ?? history.profile,
        days,
        // A cluster's bill carries its tier fee while it runs; a pool's or scale set's does not.
        history.resourceId.kind === 'cluster' ? context.pricing : { node: context.pricing.node },
        context.discountPercent,
      );
      return {
        name: history.name,
        resourceId: history.resourceId,
        byDay: estimate.byDay,
        unpriced: estimate.unpriced,
      };
    }),
  });
}
