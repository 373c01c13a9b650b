import { wholeDaysOf } from '../../domain/billCheck.js';
import type { Commitments } from '../../domain/Commitments.js';
import type { ComputeFootprint } from '../../domain/ComputeFootprint.js';
import type { NodesSeen } from '../../domain/NodesSeen.js';
import type { ResourceId } from '../../domain/ResourceId.js';
import { runningPeriods } from '../../domain/runningPeriods.js';
import { stoppedPeriods, type PowerEvent } from '../../domain/stoppedPeriods.js';
import type { BillCheck } from './BillCheck.js';
import type { BillChecker } from './BillChecker.js';
import { estimatedDailyCosts, type EstimatePricing } from './estimatedDailyCosts.js';

/** What the savings report knows of a target: its power history and the nodes seen. */
export interface BilledTargetHistory {
  name: string;
  resourceId: ResourceId;
  events: readonly PowerEvent[];
  latestFootprint?: ComputeFootprint;
  profile?: ComputeFootprint;
  /** The nodes seen while it ran, each time they changed (the State table's `NodesSeen`). */
  nodesSeen?: readonly NodesSeen[];
}

/**
 * The report's `billCheck`: the whole days of its period that have been billed, each target's
 * estimated compute cost on them (priced as the savings are, the commitments paying for running
 * nodes), and the bill beside them.
 */
export async function billCheckOf(
  checker: BillChecker,
  histories: readonly BilledTargetHistory[],
  context: {
    range: { from: number; to: number };
    now: number;
    currency: string;
    pricing: EstimatePricing;
    commitments: Commitments;
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
  const estimates = estimatedDailyCosts(
    histories.map((history) => ({
      name: history.name,
      running: runningPeriods(
        stoppedPeriods(history.events, { ...days, now: context.now }),
        days,
        history.latestFootprint ?? history.profile,
        history.nodesSeen,
      ),
      // A cluster's bill carries its tier fee while it runs; a pool's or scale set's does not.
      billsTierFee: history.resourceId.kind === 'cluster',
    })),
    days,
    context.pricing,
    context.commitments,
    context.discountPercent,
  );
  return checker.check({
    days,
    currency: context.currency,
    targets: histories.map((history) => ({
      name: history.name,
      resourceId: history.resourceId,
      byDay: estimates.get(history.name)?.byDay ?? new Map(),
      unpriced: estimates.get(history.name)?.unpriced ?? [],
    })),
  });
}
