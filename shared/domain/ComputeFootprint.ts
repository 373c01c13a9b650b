/** Nodes of one VM size. */
export interface NodeGroup {
  vmSize: string;
  count: number;
}

/**
 * What a target runs while it is up: its nodes by VM size, in one Azure region. Observed before each
 * stop (docs/savings.md), so the money a stop saved is priced on what was actually stopped.
 */
export interface ComputeFootprint {
  /** The Azure region (`armRegionName`, e.g. `japaneast`). */
  location: string;
  nodes: NodeGroup[];
}

/** `3 × Standard_D4s_v5, 2 × Standard_D2s_v3 in japaneast`. */
export function describeFootprint(footprint: ComputeFootprint): string {
  const nodes = footprint.nodes.filter((group) => group.count > 0);
  const listed = nodes.length === 0 ? 'no nodes' : nodes.map((g) => `${g.count} × ${g.vmSize}`).join(', ');
  return `${listed} in ${footprint.location}`;
}

export function nodeCountOf(footprint: ComputeFootprint): number {
  return footprint.nodes.reduce((sum, group) => sum + group.count, 0);
}

/** Nodes of the same size added together (a cluster's pools often share one). */
export function mergeNodeGroups(groups: readonly NodeGroup[]): NodeGroup[] {
  const counts = new Map<string, NodeGroup>();
  for (const group of groups) {
    if (!group.vmSize || !(group.count > 0)) continue;
    const key = group.vmSize.toLowerCase();
    const known = counts.get(key);
    counts.set(key, { vmSize: known?.vmSize ?? group.vmSize, count: (known?.count ?? 0) + group.count });
  }
  return [...counts.values()];
}

/** A footprint read back from a stored column; anything not shaped like one is `undefined`. */
export function parseFootprint(text: string): ComputeFootprint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { location, nodes } = value as { location?: unknown; nodes?: unknown };
  if (typeof location !== 'string' || location === '' || !Array.isArray(nodes)) return undefined;
  const groups = nodes.filter(
    (group): group is NodeGroup =>
      typeof group === 'object' &&
      group !== null &&
      typeof (group as NodeGroup).vmSize === 'string' &&
      Number.isInteger((group as NodeGroup).count) &&
      (group as NodeGroup).count >= 0,
  );
  return { location, nodes: groups.map(({ vmSize, count }) => ({ vmSize, count })) };
}
