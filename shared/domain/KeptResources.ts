/**
 * What keeps billing while a target is stopped, as observed in Azure (docs/savings.md, What keeps
 * billing while stopped): the resources of a cluster's node resource group and a scale set's own
 * OS disks, read from Resource Graph.
 */

/** A managed disk: `sku.name` (`Premium_LRS`, …) and `properties.diskSizeGB`. */
export interface KeptDisk {
  name: string;
  sku: string;
  sizeGB: number;
}

/** A scale set and what its instances keep: `sku.capacity` instances, each with its OS disk unless ephemeral. */
export interface KeptScaleSet {
  id: string;
  /** An AKS pool's scale set: the pool's name (`aks-managed-poolName`). */
  poolName?: string;
  capacity: number;
  /** The model's OS disk; absent when ephemeral (`diffDiskSettings`): it lives on the VM and is not billed. */
  osDisk?: { sku: string; sizeGB: number };
  /** The model's data disks (`storageProfile.dataDisks`), each instance with its own; read for a standalone scale set. */
  dataDisks?: { sku: string; sizeGB: number }[];
}

/** Resources of one node resource group (or one scale set's), as read. */
export interface KeptResources {
  location: string;
  scaleSets: KeptScaleSet[];
  disks: KeptDisk[];
  /** Public IP addresses by `sku.name` (`Standard`, `Basic`). */
  publicIps: { name: string; sku: string }[];
  /** Load balancers, each with its load-balancing and outbound rules counted (NAT rules are not billed). */
  loadBalancers: { name: string; sku: string; rules: number }[];
}

/** A meter of what keeps billing, as the Retail Prices API names it. */
export type KeptMeter =
  | { kind: 'disk'; tier: string; redundancy: 'LRS' | 'ZRS' }
  | { kind: 'publicIp'; sku: string }
  | { kind: 'loadBalancerRules'; part: 'included' | 'overage' };

const TIER_SIZES_GB = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767];
const TIER_NUMBERS = [1, 2, 3, 4, 6, 10, 15, 20, 30, 40, 50, 60, 70, 80];
const TIER_LETTER: Record<string, string> = { Premium: 'P', StandardSSD: 'E', Standard: 'S' };

/**
 * The billed tier of a managed disk: the smallest of its type's sizes that holds it (a 100 GiB
 * Premium SSD is billed as a P10, 128 GiB), Microsoft's rule ("billed on the provisioned size,
 * rounded up to the next offer", managed disks pricing). Standard HDD starts at S4. Undefined for a
 * type billed otherwise (Premium SSD v2, Ultra Disk: per GiB, IOPS and throughput).
 */
export function diskMeterOf(sku: string, sizeGB: number): KeptMeter | undefined {
  const match = /^(Premium|StandardSSD|Standard)_(LRS|ZRS)$/i.exec(sku);
  if (!match || !(sizeGB > 0)) return undefined;
  const type = Object.keys(TIER_LETTER).find((name) => name.toLowerCase() === match[1]?.toLowerCase());
  const letter = type ? TIER_LETTER[type] : undefined;
  const index = TIER_SIZES_GB.findIndex((size, at) => size >= sizeGB && (letter !== 'S' || at >= 3));
  if (!letter || index < 0) return undefined;
  return {
    kind: 'disk',
    tier: `${letter}${TIER_NUMBERS[index]}`,
    redundancy: match[2]?.toUpperCase() === 'ZRS' ? 'ZRS' : 'LRS',
  };
}

/** `P10 LRS`, `Standard public IP`, …: how a meter is named in words and in `unpriced`. */
export function keptMeterName(meter: KeptMeter): string {
  if (meter.kind === 'disk') return `${meter.tier} ${meter.redundancy} disk`;
  if (meter.kind === 'publicIp') return `${meter.sku} public IP`;
  return meter.part === 'included'
    ? 'Standard load balancer (first 5 rules)'
    : 'Standard load balancer rule (over 5)';
}
