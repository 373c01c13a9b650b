import { asciiFold } from './asciiFold.js';

/**
 * Nodes of one VM size on one meter. What bills a node besides its size (docs/savings.md, The meter
 * that bills each node): its OS, its Windows licence and its priority. Absent fields are the common
 * case (Linux, regular priority), which keeps footprints stored before these existed readable.
 */
export interface NodeGroup {
  vmSize: string;
  count: number;
  /** `Windows` when the nodes run Windows (the pool's `osType`, the scale set's OS disk). */
  os?: 'Windows';
  /** `Windows_Server`: Azure Hybrid Benefit, so Windows nodes are billed at the Linux rate. */
  licence?: 'Windows_Server';
  /** `Spot`: billed on the Spot meter, whose price varies (Low Priority is billed the same way). */
  priority?: 'Spot';
}

/** An AKS pricing tier billed per cluster hour (`sku.tier`; the Free tier has no fee). */
export type PaidTier = 'Standard' | 'Premium';

/**
 * What a target runs while it is up: its nodes by VM size and meter, in one Azure region. Observed
 * before each stop (docs/savings.md), so the money a stop saved is priced on what was actually
 * stopped. A pool the autoscaler had taken to zero has no nodes: its stop saved nothing.
 */
export interface ComputeFootprint {
  /** The Azure region (`armRegionName`, e.g. `japaneast`). */
  location: string;
  nodes: NodeGroup[];
  /**
   * The cluster's paid pricing tier, if any: a stopped cluster is not billed for it; a stopped node
   * pool leaves it billing (its cluster's control plane keeps running).
   */
  tier?: PaidTier;
}

/** The meter a VM is billed on: its size, its billed OS, and whether it is Spot. */
export interface BilledMeter {
  vmSize: string;
  os: 'Linux' | 'Windows';
  spot: boolean;
}

/** Windows under Azure Hybrid Benefit is billed at the Linux rate (the licence is brought). */
export function billedMeterOf(group: NodeGroup): BilledMeter {
  return {
    vmSize: group.vmSize,
    os: group.os === 'Windows' && !group.licence ? 'Windows' : 'Linux',
    spot: group.priority === 'Spot',
  };
}

/** `Windows`, `Windows (Hybrid Benefit)`, `Spot`, or nothing for Linux pay-as-you-go. */
export function meterLabel(group: NodeGroup): string {
  const os = group.os === 'Windows' ? (group.licence ? 'Windows (Hybrid Benefit)' : 'Windows') : '';
  return [os, group.priority ?? ''].filter((part) => part !== '').join(' ');
}

/** `3 × Standard_D4s_v5, 2 × Standard_D2s_v3 Windows Spot in japaneast, Standard tier`. */
export function describeFootprint(footprint: ComputeFootprint): string {
  const nodes = footprint.nodes.filter((group) => group.count > 0);
  const listed =
    nodes.length === 0
      ? 'no nodes'
      : nodes
          .map((g) => [`${g.count} × ${g.vmSize}`, meterLabel(g)].filter((part) => part !== '').join(' '))
          .join(', ');
  return `${listed} in ${footprint.location}${footprint.tier ? `, ${footprint.tier} tier` : ''}`;
}

export function nodeCountOf(footprint: ComputeFootprint): number {
  return footprint.nodes.reduce((sum, group) => sum + group.count, 0);
}

/** The size and meter of a group, as a key: groups with the same key are billed alike. */
export function meterKeyOf(group: NodeGroup): string {
  return `${group.vmSize.toLowerCase()}|${group.os ?? ''}|${group.licence ?? ''}|${group.priority ?? ''}`;
}

/** Nodes of the same size and meter added together (a cluster's pools often share one). */
export function mergeNodeGroups(groups: readonly NodeGroup[]): NodeGroup[] {
  const counts = new Map<string, NodeGroup>();
  for (const group of groups) {
    if (!group.vmSize || !(group.count > 0)) continue;
    const key = meterKeyOf(group);
    const known = counts.get(key);
    counts.set(key, { ...(known ?? group), count: (known?.count ?? 0) + group.count });
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
  const { location, nodes, tier } = value as { location?: unknown; nodes?: unknown; tier?: unknown };
  if (typeof location !== 'string' || location === '' || !Array.isArray(nodes)) return undefined;
  const groups = nodes.filter(
    (group): group is NodeGroup =>
      typeof group === 'object' &&
      group !== null &&
      typeof (group as NodeGroup).vmSize === 'string' &&
      Number.isInteger((group as NodeGroup).count) &&
      (group as NodeGroup).count >= 0,
  );
  return {
    location,
    nodes: groups.map(({ vmSize, count, os, licence, priority }) => ({
      vmSize,
      count,
      ...(os === 'Windows' ? { os } : {}),
      ...(licence === 'Windows_Server' ? { licence } : {}),
      ...(priority === 'Spot' ? { priority } : {}),
    })),
    ...(tier === 'Standard' || tier === 'Premium' ? { tier } : {}),
  };
}

/**
 * A node group from what Azure reports of it (pool or scale set): `osType`, the licence type
 * (`windowsProfile.licenseType` of the cluster, `licenseType` of a scale set) and the priority
 * (`scaleSetPriority`, `priority`). Low Priority is the older name of Spot, billed on the same meter.
 */
export function nodeGroupOf(observed: {
  vmSize: string;
  count: number;
  osType?: string | undefined;
  licenseType?: string | undefined;
  priority?: string | undefined;
}): NodeGroup {
  const group: NodeGroup = { vmSize: observed.vmSize, count: observed.count };
  if (sameText(observed.osType, 'windows')) {
    group.os = 'Windows';
    if (sameText(observed.licenseType, 'windows_server')) group.licence = 'Windows_Server';
  }
  if (sameText(observed.priority, 'spot') || sameText(observed.priority, 'low')) group.priority = 'Spot';
  return group;
}

/** A paid tier from `sku.tier` (`Free`, `Standard`, `Premium`, or the older `Paid`, which is Standard). */
export function paidTierOf(skuTier: string | undefined): PaidTier | undefined {
  if (sameText(skuTier, 'standard') || sameText(skuTier, 'paid')) return 'Standard';
  if (sameText(skuTier, 'premium')) return 'Premium';
  return undefined;
}

/** Azure's enum values compared as ARM compares text (ASCII case folding only). */
function sameText(text: string | undefined, lower: string): boolean {
  return text !== undefined && asciiFold(text) === lower;
}
