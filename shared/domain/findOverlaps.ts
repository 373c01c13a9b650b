import { asciiFold } from './asciiFold.js';
import type { ResourceId } from './ResourceId.js';
import { groupBy } from './groupBy.js';

/** A registered target as far as overlaps go: its name and resource. */
export interface OverlapCandidate {
  name: string;
  resourceId: ResourceId;
}

/** One target contains the other: acting on either would act on (part of) the other. */
export interface Overlap {
  container: OverlapCandidate;
  contained: OverlapCandidate;
  /** Why, in words: "the node pool is part of the cluster". */
  why: string;
}

/**
 * Pairs of targets where one contains the other (docs/decisions.md, Overlapping targets): a cluster
 * contains its node pools, and the scale sets in its node resource group (known only from Azure,
 * `nodeResourceGroups` by the cluster's `ResourceId.key`). Stopping the cluster would override whatever the
 * pools' own schedules and overrides say, so neither is acted on until one is unregistered.
 */
export function findOverlaps(
  candidates: readonly OverlapCandidate[],
  nodeResourceGroups: ReadonlyMap<string, string>,
): Overlap[] {
  // Indexed, so a tick of thousands of targets stays linear.
  const poolsByCluster = groupBy(
    candidates.filter((candidate) => candidate.resourceId.kind === 'nodepool'),
    (pool) => pool.resourceId.key.slice(0, pool.resourceId.key.indexOf('/agentpools/')),
  );
  const scaleSetsByGroup = groupBy(
    candidates.filter((candidate) => candidate.resourceId.kind === 'vmss'),
    (scaleSet) => groupKey(scaleSet.resourceId.subscriptionId, scaleSet.resourceId.resourceGroup),
  );
  const overlaps: Overlap[] = [];
  for (const cluster of candidates) {
    if (cluster.resourceId.kind !== 'cluster') continue;
    for (const pool of poolsByCluster.get(cluster.resourceId.key) ?? [])
      overlaps.push({ container: cluster, contained: pool, why: 'the node pool is part of the cluster' });
    const nodeGroup = nodeResourceGroups.get(cluster.resourceId.key);
    if (nodeGroup === undefined) continue;
    for (const scaleSet of scaleSetsByGroup.get(groupKey(cluster.resourceId.subscriptionId, nodeGroup)) ?? [])
      overlaps.push({
        container: cluster,
        contained: scaleSet,
        why: `the scale set is in the cluster's node resource group ${asciiFold(nodeGroup)}`,
      });
  }
  return overlaps;
}

const groupKey = (subscriptionId: string, resourceGroup: string) =>
  asciiFold(`${subscriptionId}/${resourceGroup}`);

/** The overlaps that concern one target, described from its side. */
export function describeOverlapsOf(name: string, overlaps: readonly Overlap[]): string[] {
  return overlaps.flatMap((overlap) => {
    if (overlap.container.name === name)
      return [`it contains target "${overlap.contained.name}" (${overlap.why})`];
    if (overlap.contained.name === name)
      return [`it is contained in target "${overlap.container.name}" (${overlap.why})`];
    return [];
  });
}
