import { asciiFold } from './asciiFold.js';
import {
  diskMeterOf,
  keptMeterName,
  type KeptMeter,
  type KeptResources,
  type KeptScaleSet,
} from './KeptResources.js';
import type { TargetKind } from './PowerState.js';

/** One thing that keeps billing while the target is stopped: `quantity` of a meter, or why it has none. */
export interface KeptItem {
  /** In words: `2 × P10 LRS disk (persistent volumes)`. */
  description: string;
  meter?: KeptMeter;
  quantity: number;
  /** Set when what it bills could not be observed: the figure cannot include it. */
  unknown?: string;
}

/**
 * What keeps billing while a target is stopped, from its resources as observed (docs/savings.md,
 * What keeps billing while stopped). A scale set's OS disks are its instances' (`sku.capacity` of
 * them), observed only while the target is stopped: AKS deletes a stopped pool's instances (users
 * report it; the fake does it), so a reading taken while it runs says nothing of its stopped hours.
 * - a node pool: its own scale set's OS disks;
 * - a cluster: every scale set's OS disks, the disks of the node resource group (persistent
 *   volumes), its public IPs and its load balancers' rules (Standard: the first five billed as one,
 *   each further rule on its own; Basic is not billed);
 * - a scale set: its instances' OS and data disks (deallocated instances keep them: `sku.capacity`
 *   instances, each with the model's disks).
 */
export function keptItemsOf(
  kind: TargetKind,
  poolName: string | undefined,
  resources: KeptResources,
  stoppedNow: boolean,
): KeptItem[] {
  if (kind === 'vmss')
    return resources.scaleSets.flatMap((set) => [
      ...osDiskItems(set, 'its instances', true),
      ...dataDiskItems(set, 'its instances'),
    ]);
  const sets =
    kind === 'nodepool'
      ? resources.scaleSets.filter(
          (set) => set.poolName !== undefined && asciiFold(set.poolName) === asciiFold(poolName ?? ''),
        )
      : resources.scaleSets.filter((set) => set.poolName !== undefined);
  const items = sets.flatMap((set) => osDiskItems(set, `pool ${set.poolName ?? ''}`, stoppedNow));
  if (kind === 'nodepool') return items;
  const disks = new Map<string, { meter: KeptMeter | undefined; count: number; sku: string }>();
  for (const disk of resources.disks) {
    const meter = diskMeterOf(disk.sku, disk.sizeGB);
    const key = meter ? keptMeterName(meter) : `${disk.sku} ${disk.sizeGB} GiB disk`;
    disks.set(key, { meter, sku: disk.sku, count: (disks.get(key)?.count ?? 0) + 1 });
  }
  for (const [name, { meter, count, sku }] of disks)
    items.push({
      description: `${count} × ${name} in the node resource group (persistent volumes and other disks)`,
      quantity: count,
      ...(meter
        ? { meter }
        : { unknown: `${sku} disks are billed by capacity and performance, not by tier` }),
    });
  const ips = new Map<string, number>();
  for (const ip of resources.publicIps) ips.set(ip.sku, (ips.get(ip.sku) ?? 0) + 1);
  for (const [sku, count] of ips)
    items.push({
      description: `${count} × ${sku} public IP address`,
      meter: { kind: 'publicIp', sku },
      quantity: count,
    });
  for (const balancer of resources.loadBalancers) {
    if (!/^standard$/i.test(balancer.sku) || balancer.rules === 0) continue;
    items.push({
      description: `load balancer ${balancer.name}: ${balancer.rules} rule${balancer.rules === 1 ? '' : 's'} (the first 5 billed as one)`,
      meter: { kind: 'loadBalancerRules', part: 'included' },
      quantity: 1,
    });
    if (balancer.rules > 5)
      items.push({
        description: `load balancer ${balancer.name}: ${balancer.rules - 5} rules over 5`,
        meter: { kind: 'loadBalancerRules', part: 'overage' },
        quantity: balancer.rules - 5,
      });
  }
  return items;
}

function osDiskItems(set: KeptScaleSet, whose: string, observedStopped: boolean): KeptItem[] {
  if (!observedStopped)
    return [
      {
        description: `the OS disks of ${whose} while stopped`,
        quantity: 0,
        unknown: `the OS disks of ${whose}: not observed while stopped (read while it ran)`,
      },
    ];
  if (!set.osDisk)
    return [
      { description: `no OS disks for ${whose}: they are ephemeral (on the VM, not billed)`, quantity: 0 },
    ];
  if (set.capacity === 0)
    return [
      { description: `no OS disks for ${whose}: its scale set kept no instances (capacity 0)`, quantity: 0 },
    ];
  const meter = diskMeterOf(set.osDisk.sku, set.osDisk.sizeGB);
  const name = meter ? keptMeterName(meter) : `${set.osDisk.sku} ${set.osDisk.sizeGB} GiB disk`;
  return [
    {
      description: `${set.capacity} × ${name}: the OS disks of ${whose}`,
      quantity: set.capacity,
      ...(meter
        ? { meter }
        : { unknown: `${set.osDisk.sku} OS disks are billed by capacity and performance` }),
    },
  ];
}

/** Each instance's data disks, by tier: `sku.capacity` of each of the model's data disks. */
function dataDiskItems(set: KeptScaleSet, whose: string): KeptItem[] {
  if (set.capacity === 0) return [];
  const tiers = new Map<string, { meter: KeptMeter | undefined; sku: string; count: number }>();
  for (const disk of set.dataDisks ?? []) {
    const meter = diskMeterOf(disk.sku, disk.sizeGB);
    const name = meter ? keptMeterName(meter) : `${disk.sku} ${disk.sizeGB} GiB disk`;
    tiers.set(name, { meter, sku: disk.sku, count: (tiers.get(name)?.count ?? 0) + set.capacity });
  }
  return [...tiers].map(([name, { meter, sku, count }]) => ({
    description: `${count} × ${name}: the data disks of ${whose}`,
    quantity: count,
    ...(meter ? { meter } : { unknown: `${sku} data disks are billed by capacity and performance` }),
  }));
}
