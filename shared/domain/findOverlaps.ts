import type { ResourceId } from './ResourceId.js';

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
 * `nodeResourceGroups` by lower-case cluster ID). Stopping the cluster would override whatever the
 * pools' own schedules and overrides say, so neither is acted on until one is unregistered.
 */
export function findOverlaps(
  candidates: readonly OverlapCandidate[],
  nodeResourceGroups: ReadonlyMap<string, string>,
): Overlap[] {
  const clusters = candidates.filter((candidate) => candidate.resourceId.kind === 'cluster');
  const overlaps: Overlap[] = [];
  for (const cluster of clusters) {
    const nodeGroup = nodeResourceGroups.get(cluster.resourceId.key)?.toLowerCase();
    for (const other of candidates) {
      const why = containment(cluster.resourceId, other.resourceId, nodeGroup);
      if (why) overlaps.push({ container: cluster, contained: other, why });
    }
  }
  return overlaps;
}

function containment(
  cluster: ResourceId,
  other: ResourceId,
  nodeGroup: string | undefined,
): string | undefined {
  if (other.kind === 'nodepool' && other.key.startsWith(`${cluster.key}/agentpools/`))
    return 'the node pool is part of the cluster';
  if (
    other.kind === 'vmss' &&
    nodeGroup !== undefined &&
    other.subscriptionId.toLowerCase() === cluster.subscriptionId.toLowerCase() &&
    other.resourceGroup.toLowerCase() === nodeGroup
  )
    return `the scale set is in the cluster's node resource group ${nodeGroup}`;
  return undefined;
}

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
