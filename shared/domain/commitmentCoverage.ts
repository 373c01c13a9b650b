import type { Commitments } from './Commitments.js';
import type { ComputeFootprint, NodeGroup } from './ComputeFootprint.js';
import { HOUR_MS } from './time.js';

/** Nodes stopped from one instant to another, in one region. */
export interface StoppedStretch {
  from: number;
  to: number;
  location: string;
  nodes: readonly NodeGroup[];
}

/**
 * The node-hours of each stretch's groups that the fleet's commitments would have paid for had the
 * nodes run (docs/savings.md, Commitments), by stretch and group index. Each instant, a size's
 * reservations in a region cover up to their count of the nodes of that size stopped then, across
 * the fleet (Azure applies reservations first, then the savings plan); the savings plan's hourly
 * commitment covers the stopped compute left, at its pay-as-you-go value. A commitment is counted
 * against the stopped nodes first: if other VMs of the size ran, it was theirs and the saving was
 * larger, so the figure is what was saved at least. Spot nodes are covered by neither.
 *
 * `computePrice` is a size's compute price an hour in a region (its Linux rate): what a savings plan
 * pays for; a size without a price uses none of it.
 */
export function commitmentCoverage(
  stretches: readonly StoppedStretch[],
  commitments: Commitments,
  computePrice: (vmSize: string, location: string) => number | undefined,
): number[][] {
  const covered = stretches.map((stretch) => stretch.nodes.map(() => 0));
  if (commitments.reservations.length === 0 && !(commitments.savingsPlanHourly > 0)) return covered;
  const reserved = new Map<string, number>();
  for (const reservation of commitments.reservations) {
    const key = bucketOf(reservation.vmSize, reservation.location);
    reserved.set(key, (reserved.get(key) ?? 0) + reservation.count);
  }
  const buckets = new Map<string, { stopped: number; reserved: number; price: number; integral: number }>();
  const bucketKeys = stretches.map((stretch) =>
    stretch.nodes.map((group) => {
      if (group.priority === 'Spot') return undefined;
      const key = bucketOf(group.vmSize, stretch.location);
      if (!buckets.has(key))
        buckets.set(key, {
          stopped: 0,
          reserved: reserved.get(key) ?? 0,
          price: computePrice(group.vmSize, stretch.location) ?? 0,
          integral: 0,
        });
      return key;
    }),
  );
  const events = stretches
    .flatMap((stretch, index) => [
      { at: stretch.from, index, sign: 1 },
      { at: stretch.to, index, sign: -1 },
    ])
    .filter((event) => stretches[event.index]!.to > stretches[event.index]!.from)
    .sort((a, b) => a.at - b.at || a.sign - b.sign);
  let previous = events[0]?.at ?? 0;
  for (const event of events) {
    if (event.at > previous)
      integrate(buckets, commitments.savingsPlanHourly, (event.at - previous) / HOUR_MS);
    previous = event.at;
    const stretch = stretches[event.index]!;
    stretch.nodes.forEach((group, groupIndex) => {
      const key = bucketKeys[event.index]![groupIndex];
      const bucket = key === undefined ? undefined : buckets.get(key);
      if (!bucket) return;
      bucket.stopped += event.sign * group.count;
      // Covered node-hours are the node count times the integral of the covered share over the stretch.
      covered[event.index]![groupIndex]! += event.sign * -1 * group.count * bucket.integral;
    });
  }
  return covered.map((groups) => groups.map((hours) => Math.max(0, hours)));
}

/** Adds `hours` of the current shares to each bucket's running integral of its covered share. */
function integrate(
  buckets: Map<string, { stopped: number; reserved: number; price: number; integral: number }>,
  savingsPlanHourly: number,
  hours: number,
): void {
  let uncoveredValue = 0;
  for (const bucket of buckets.values())
    uncoveredValue += Math.max(0, bucket.stopped - bucket.reserved) * bucket.price;
  const planShare = uncoveredValue > 0 ? Math.min(1, savingsPlanHourly / uncoveredValue) : 0;
  for (const bucket of buckets.values()) {
    if (bucket.stopped <= 0) continue;
    const reservedShare = Math.min(1, bucket.reserved / bucket.stopped);
    const planPart = bucket.price > 0 ? (1 - reservedShare) * planShare : 0;
    bucket.integral += (reservedShare + planPart) * hours;
  }
}

function bucketOf(vmSize: string, location: string): string {
  return `${vmSize.toLowerCase()}|${location.toLowerCase()}`;
}

/**
 * `commitmentCoverage` over stretches that may lack observed nodes: each stretch with a footprint
 * mapped to the node-hours covered, by group index (a stretch without one covers nothing). The
 * savings and the bill check's estimates both price their stretches with it.
 */
export function coveredNodeHoursOf<
  Stretch extends { from: number; to: number; footprint?: ComputeFootprint },
>(
  stretches: readonly Stretch[],
  commitments: Commitments,
  computePrice: (vmSize: string, location: string) => number | undefined,
): Map<Stretch, number[]> {
  const observed = stretches.filter((stretch) => stretch.footprint);
  const coverage = commitmentCoverage(
    observed.map((stretch) => ({
      from: stretch.from,
      to: stretch.to,
      location: stretch.footprint?.location ?? '',
      nodes: stretch.footprint?.nodes ?? [],
    })),
    commitments,
    computePrice,
  );
  return new Map(observed.map((stretch, index) => [stretch, coverage[index] ?? []]));
}
