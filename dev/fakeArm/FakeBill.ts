import { PER_USD } from '../fakeRetailPrices/FakeRetailPrices.js';
import { clusterId, scaleSetId } from './clusterId.js';
import type { FakeArmState } from './FakeArmState.js';
import { FAKE_METER_PRICES } from './fakeMeterPrices.js';
import { nodeResourceGroupJson } from './nodeResourceGroupRows.js';
import { scaleSetProfileOf } from './resourceProfiles.js';
import type { FakeCluster, FakePool, FakeScaleSet, PendingChange } from './FakeFleetModel.js';

/**
 * The fake's bill: what Azure charges for the compute of the fake fleet, from the fake ARM's own
 * power history of each resource and the fake Retail Prices list (docs/savings.md, "Checked against
 * the bill"). It is what the Cost Management Query API serves (`FakeCostManagement`), and what the
 * bill benchmark compares the app's figures with, so it prices every node as Azure does, whatever
 * the app believes:
 * - a node is billed from its start request (Microsoft bills a VM from `Starting` on) until its
 *   deallocation completes; a pool at 0 nodes costs nothing;
 * - on its own meter: Windows nodes on the Windows meter (no Hybrid Benefit), Spot nodes on the Spot
 *   meter, others on the Linux pay-as-you-go meter;
 * - reserved instances: each hour, a reservation's quantity of its size in its region and
 *   subscription is covered, and costs 0 in `ActualCost` (its price was paid when it was bought);
 * - a Standard or Premium cluster pays its tier's fee per hour while its control plane runs (not
 *   while the cluster is stopped); Free pays nothing.
 * Node pools are billed on their scale set in the node resource group (`aks-<pool>-<n>-vmss`), the
 * tier fee on the managed cluster, as Cost Management shows them.
 */

export type BillingOs = 'Linux' | 'Windows';
export type BillingPriority = 'Regular' | 'Spot';
export type ClusterTier = 'Free' | 'Standard' | 'Premium';

/** How a resource is billed, where the fake's resources do not say it themselves. */
export interface BillingFacts {
  os?: BillingOs;
  /** Azure Hybrid Benefit (`windowsProfile.licenseType` `Windows_Server`): Windows nodes at the Linux rate. */
  hybridBenefit?: boolean;
  priority?: BillingPriority;
  tier?: ClusterTier;
}

/** A reservation: this many instances of a size in a region, in one subscription, each hour. */
export interface FakeReservation {
  subscriptionId: string;
  vmSize: string;
  location: string;
  quantity: number;
}

/** One line of the bill: a resource's cost on a meter category on a UTC day. */
export interface BillRow {
  /** Midnight UTC of the day. */
  day: number;
  /** As Cost Management spells it: lower case. */
  resourceId: string;
  resourceGroup: string;
  resourceType: string;
  resourceLocation: string;
  subscriptionId: string;
  meterCategory: 'Virtual Machines' | 'Azure Kubernetes Service';
  meter: string;
  /** In the billing currency, at full precision (rounded only by whoever shows it). */
  cost: number;
  /** Hours of use (node-hours, or cluster-hours for the tier fee), reserved ones included. */
  quantity: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What is billed of a resource from an instant on; `stopped` marks time the resource was stopped. */
interface Segment {
  from: number;
  count: number;
  stopped: boolean;
}

/** A billed unit: a node pool's scale set, a scale set, or a cluster's tier fee. */
interface Unit {
  billedId: string;
  resourceGroup: string;
  resourceType: string;
  subscriptionId: string;
  location: string;
  meterCategory: BillRow['meterCategory'];
  /** The ARM resource whose facts apply (the pool, the scale set, the cluster). */
  factsOf: () => BillingFacts & { vmSize?: string };
  segments: Segment[];
}

const lower = (text: string) => text.replace(/[A-Z]+/g, (capitals) => capitals.toLowerCase());

export class FakeBill {
  private readonly units = new Map<string, Unit>();
  private readonly facts = new Map<string, BillingFacts>();
  private readonly reservations: FakeReservation[] = [];

  constructor(
    private readonly state: FakeArmState,
    /** The billing account's currency (Cost Management answers in it). */
    readonly currency = 'USD',
    /** Off, nothing is recorded (a large fleet's benchmarks pay nothing for a bill no one reads). */
    readonly recording = true,
  ) {
    if (PER_USD[currency] === undefined) throw new Error(`the fake bill has no rate for ${currency}`);
    if (!recording) return;
    state.onChange(() => this.observe());
    this.observe();
  }

  /** How a resource (a pool, a scale set or a cluster, by ARM ID) is billed. */
  setFacts(resourceId: string, facts: BillingFacts): void {
    this.facts.set(lower(resourceId), { ...this.facts.get(lower(resourceId)), ...facts });
  }

  addReservation(reservation: FakeReservation): void {
    this.reservations.push(reservation);
  }

  /** The scale set Cost Management bills a node pool on (AKS names it `aks-<pool>-<8 digits>-vmss`). */
  static poolScaleSetId(cluster: FakeCluster, pool: Pick<FakePool, 'name'>): string {
    return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${lower(pool.name)}-${digitsOf(`${clusterId(cluster)}/${lower(pool.name)}`)}-vmss`;
  }

  /** The bill of a day range (midnight UTC to midnight UTC), one row per resource, meter category and day. */
  rows(from: number, to: number): BillRow[] {
    return this.compute(from, to, false);
  }

  /**
   * What these resources (ARM IDs of pools, clusters, scale sets) would have cost from `from` to `to`
   * had they never been stopped (each stop replaced by what ran before it): the benchmark's
   * counterfactual, never served by the API.
   */
  costHadItRun(resourceIds: readonly string[], from: number, to: number): number {
    return this.sumOf(resourceIds, this.compute(from, to, true));
  }

  /** What these resources cost from `from` to `to` (whole hours). */
  costOf(resourceIds: readonly string[], from: number, to: number): number {
    return this.sumOf(resourceIds, this.compute(from, to, false));
  }

  /**
   * What stays in a target's node resource group cost while it was stopped, from `from` to `to`: a
   * stopped cluster's disks, public IPs and load balancer rules (nodeResourceGroupRows.ts; a stopped
   * pool's or cluster's scale sets keep no instances, so no OS disks), priced hour by hour from the
   * fake list; a stopped pool's own scale set keeps nothing; a deallocated (Uniform) scale set keeps
   * its instances' OS and data disks, as its model shows them (its capacity now). Not served by the
   * Query API (the app's bill check compares compute only): the bill benchmark's "still billed while
   * stopped" rows.
   */
  keptCostWhileStopped(resourceId: string, from: number, to: number): number {
    const id = lower(resourceId);
    const scaleSet = this.state.scaleSets.get(id);
    if (scaleSet) {
      const setUnit = this.units.get(id);
      return setUnit
        ? stoppedHoursOf(setUnit, from, to) * scaleSetKeptHourlyUsd(scaleSet) * (PER_USD[this.currency] ?? 1)
        : 0;
    }
    const unit = this.units.get(id.includes('/agentpools/') ? id : `${id}#tier`);
    const cluster = [...this.state.clusters.values()].find(
      (candidate) =>
        id === lower(clusterId(candidate)) || id.startsWith(`${lower(clusterId(candidate))}/agentpools/`),
    );
    if (!unit || !cluster) return 0;
    const stoppedHours = stoppedHoursOf(unit, from, to);
    const rate = PER_USD[this.currency] ?? 1;
    return stoppedHours * keptHourlyUsd(cluster, id.includes('/agentpools/')) * rate;
  }

  private sumOf(resourceIds: readonly string[], rows: BillRow[]): number {
    const billed = new Set(resourceIds.flatMap((id) => this.billedIdsOf(id)));
    return rows.filter((row) => billed.has(row.resourceId)).reduce((sum, row) => sum + row.cost, 0);
  }

  /** The billed IDs behind an ARM resource: a pool its scale set; a cluster its pools and its fee. */
  private billedIdsOf(resourceId: string): string[] {
    const id = lower(resourceId);
    return [...this.units.entries()]
      .filter(([key]) => key === id || key.startsWith(`${id}/agentpools/`) || key === `${id}#tier`)
      .map(([, unit]) => lower(unit.billedId));
  }

  /**
   * Records what is billed from now on (and when a change under way completes), for every resource.
   * Changes through the API and the state's methods are seen by themselves; a test that edits a
   * resource's fields directly calls this after.
   */
  observe(): void {
    const now = this.state.now();
    for (const cluster of this.state.clusters.values()) {
      const id = lower(clusterId(cluster));
      this.record(
        id + '#tier',
        () => this.tierUnit(cluster),
        clusterSegments(cluster, now, () => 1),
      );
      for (const pool of cluster.pools.values())
        this.record(
          `${id}/agentpools/${lower(pool.name)}`,
          () => this.poolUnit(cluster, pool),
          poolSegments(cluster, pool, now),
        );
    }
    for (const scaleSet of this.state.scaleSets.values())
      this.record(
        lower(scaleSetId(scaleSet)),
        () => this.scaleSetUnit(scaleSet),
        scaleSetSegments(scaleSet, now),
      );
  }

  private record(key: string, unitOf: () => Unit, segments: Segment[]): void {
    let unit = this.units.get(key);
    if (!unit) {
      unit = unitOf();
      this.units.set(key, unit);
    }
    const first = segments[0]?.from ?? Infinity;
    unit.segments = unit.segments.filter((segment) => segment.from < first);
    for (const segment of segments) {
      const last = unit.segments.at(-1);
      if (last && last.count === segment.count && last.stopped === segment.stopped) continue;
      unit.segments.push(segment);
    }
  }

  private poolUnit(cluster: FakeCluster, pool: FakePool): Unit {
    const poolId = lower(`${clusterId(cluster)}/agentPools/${pool.name}`);
    return {
      billedId: FakeBill.poolScaleSetId(cluster, pool),
      resourceGroup: cluster.nodeResourceGroup,
      resourceType: 'microsoft.compute/virtualmachinescalesets',
      subscriptionId: cluster.subscriptionId,
      location: cluster.location,
      meterCategory: 'Virtual Machines',
      factsOf: () => ({
        ...ownFacts(cluster),
        ...ownFacts(pool),
        ...this.facts.get(poolId),
        vmSize: pool.vmSize,
      }),
      segments: [],
    };
  }

  private scaleSetUnit(scaleSet: FakeScaleSet): Unit {
    return {
      billedId: scaleSetId(scaleSet),
      resourceGroup: scaleSet.resourceGroup,
      resourceType: 'microsoft.compute/virtualmachinescalesets',
      subscriptionId: scaleSet.subscriptionId,
      location: scaleSet.location,
      meterCategory: 'Virtual Machines',
      // The fake's scale sets are all Standard_D2s_v3 (resourceShapes.ts).
      factsOf: () => ({ ...this.facts.get(lower(scaleSetId(scaleSet))), vmSize: 'Standard_D2s_v3' }),
      segments: [],
    };
  }

  private tierUnit(cluster: FakeCluster): Unit {
    return {
      billedId: clusterId(cluster),
      resourceGroup: cluster.resourceGroup,
      resourceType: 'microsoft.containerservice/managedclusters',
      subscriptionId: cluster.subscriptionId,
      location: cluster.location,
      meterCategory: 'Azure Kubernetes Service',
      factsOf: () => ({ ...ownFacts(cluster), ...this.facts.get(lower(clusterId(cluster))) }),
      segments: [],
    };
  }

  /** Hour by hour: each unit's use, the reservations applied, the rest priced on its meter. */
  private compute(from: number, to: number, hadItRun: boolean): BillRow[] {
    const rows = new Map<string, BillRow>();
    const units = [...this.units.values()].sort((a, b) => a.billedId.localeCompare(b.billedId));
    for (let hour = Math.floor(from / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) {
      const left = new Map(this.reservations.map((reservation, index) => [index, reservation.quantity]));
      for (const unit of units) {
        const used = usedHours(unit.segments, hour, hour + HOUR_MS, hadItRun);
        if (used <= 0) continue;
        const facts = unit.factsOf();
        // The Free tier has no meter: nothing of it shows on the bill.
        if (unit.meterCategory === 'Azure Kubernetes Service' && (facts.tier ?? 'Free') === 'Free') continue;
        const meter = this.meterOf(unit, facts);
        let billable = used;
        if (unit.meterCategory === 'Virtual Machines' && (facts.priority ?? 'Regular') === 'Regular')
          for (const [index, reservation] of this.reservations.entries()) {
            if (!covers(reservation, unit, facts.vmSize)) continue;
            const covered = Math.min(billable, left.get(index) ?? 0);
            left.set(index, (left.get(index) ?? 0) - covered);
            billable -= covered;
          }
        const day = Math.floor(hour / DAY_MS) * DAY_MS;
        const key = `${day}|${lower(unit.billedId)}|${meter.name}`;
        const row = rows.get(key) ?? {
          day,
          resourceId: lower(unit.billedId),
          resourceGroup: lower(unit.resourceGroup),
          resourceType: unit.resourceType,
          resourceLocation: unit.location,
          subscriptionId: unit.subscriptionId,
          meterCategory: unit.meterCategory,
          meter: meter.name,
          cost: 0,
          quantity: 0,
        };
        row.cost += billable * meter.hourly;
        row.quantity += used;
        rows.set(key, row);
      }
    }
    return [...rows.values()];
  }

  /** The meter that bills a unit's hour, and its price in the billing currency. */
  private meterOf(unit: Unit, facts: BillingFacts & { vmSize?: string }): { name: string; hourly: number } {
    const rate = PER_USD[this.currency] ?? 1;
    if (unit.meterCategory === 'Azure Kubernetes Service') {
      const tier = facts.tier ?? 'Free';
      return { name: `${tier} Uptime SLA`, hourly: FAKE_METER_PRICES.tierUsd[tier] * rate };
    }
    const size = facts.vmSize ?? '';
    // With Hybrid Benefit the Windows licence is not billed: the Linux meter's rate.
    const os = facts.os === 'Windows' && !facts.hybridBenefit ? 'Windows' : 'Linux';
    const usd =
      facts.priority === 'Spot'
        ? FAKE_METER_PRICES.spotUsd(size, unit.location, os)
        : os === 'Windows'
          ? FAKE_METER_PRICES.windowsUsd(size, unit.location)
          : FAKE_METER_PRICES.linuxUsd(size, unit.location);
    if (usd === undefined) throw new Error(`the fake bill has no price for ${size} in ${unit.location}`);
    const meter = `${size}${facts.priority === 'Spot' ? ' Spot' : ''}${os === 'Windows' ? ' Windows' : ''}`;
    return { name: meter, hourly: usd * rate };
  }
}

/** What a stopped cluster's node resource group bills an hour (a stopped pool's own scale set: nothing). */
function keptHourlyUsd(cluster: FakeCluster, poolOnly: boolean): number {
  if (poolOnly) return 0;
  let usd = 0;
  for (const resource of nodeResourceGroupJson(cluster)) {
    const sku = String(resource.sku['name'] ?? '');
    const properties = resource.properties;
    if (resource.type === 'Microsoft.Compute/disks')
      usd += FAKE_METER_PRICES.diskUsd(sku, Number(properties['diskSizeGB'])) ?? 0;
    else if (resource.type === 'Microsoft.Network/publicIPAddresses')
      usd += FAKE_METER_PRICES.publicIpUsd(sku);
    else if (resource.type === 'Microsoft.Network/loadBalancers' && sku === 'Standard')
      usd += FAKE_METER_PRICES.loadBalancerUsd(
        (properties['loadBalancingRules'] as unknown[]).length +
          (properties['outboundRules'] as unknown[]).length,
      );
  }
  return usd;
}

/** The hours within [from, to) a unit was stopped. */
function stoppedHoursOf(unit: Unit, from: number, to: number): number {
  return unit.segments.reduce((sum, segment, index) => {
    const end = unit.segments[index + 1]?.from ?? Infinity;
    const overlap = Math.min(end, to) - Math.max(segment.from, from);
    return segment.stopped && overlap > 0 ? sum + overlap / HOUR_MS : sum;
  }, 0);
}

/**
 * A deallocated scale set's disks an hour: each instance keeps the model's managed OS disk (unless
 * ephemeral) and data disks ("you're still billed for any attached disks", States and billing status
 * of Azure VMs). The fake's Flexible sets are never stopped as a whole (their VMs are): not here.
 */
function scaleSetKeptHourlyUsd(scaleSet: FakeScaleSet): number {
  if (scaleSet.vms) return 0;
  const storage = (scaleSetProfileOf(scaleSet).properties['virtualMachineProfile'] as VmProfile)
    .storageProfile;
  const disks = [...(storage.osDisk.diffDiskSettings ? [] : [storage.osDisk]), ...storage.dataDisks];
  const perInstance = disks.reduce(
    (sum, disk) =>
      sum + (FAKE_METER_PRICES.diskUsd(disk.managedDisk.storageAccountType, disk.diskSizeGB) ?? 0),
    0,
  );
  return perInstance * scaleSet.capacity;
}

interface ModelDisk {
  diskSizeGB: number;
  managedDisk: { storageAccountType: string };
  diffDiskSettings?: unknown;
}

interface VmProfile {
  storageProfile: { osDisk: ModelDisk; dataDisks: ModelDisk[] };
}

/** Cost Management's hours of a unit within [from, to): its counts integrated over time. */
function usedHours(segments: readonly Segment[], from: number, to: number, hadItRun: boolean): number {
  let used = 0;
  let before = 0;
  for (const [index, segment] of segments.entries()) {
    const end = segments[index + 1]?.from ?? Infinity;
    const count = segment.stopped && hadItRun ? before : segment.count;
    if (!segment.stopped) before = segment.count;
    const overlap = Math.min(end, to) - Math.max(segment.from, from);
    if (overlap > 0) used += (count * overlap) / HOUR_MS;
  }
  return used;
}

function covers(reservation: FakeReservation, unit: Unit, vmSize: string | undefined): boolean {
  return (
    lower(reservation.subscriptionId) === lower(unit.subscriptionId) &&
    lower(reservation.location) === lower(unit.location) &&
    reservation.vmSize === vmSize
  );
}

/**
 * Billing facts a fake resource carries itself, where it has the fields (`osType`,
 * `scaleSetPriority` on a pool; `tier`, `windowsLicenseType` on a cluster).
 */
function ownFacts(resource: object): BillingFacts {
  const fields = resource as Record<string, unknown>;
  const facts: BillingFacts = {};
  if (fields['osType'] === 'Windows' || fields['osType'] === 'Linux') facts.os = fields['osType'];
  if (fields['scaleSetPriority'] === 'Spot' || fields['scaleSetPriority'] === 'Regular')
    facts.priority = fields['scaleSetPriority'];
  if (fields['windowsLicenseType'] === 'Windows_Server') facts.hybridBenefit = true;
  const tier = fields['tier'] ?? (fields['sku'] as Record<string, unknown> | undefined)?.['tier'];
  if (tier === 'Free' || tier === 'Standard' || tier === 'Premium') facts.tier = tier;
  return facts;
}

/** While a change is under way: the count until it completes, then what it leaves. */
function pendingSegments(
  pending: PendingChange,
  now: number,
  running: number,
  after: number,
  stoppedAfter: boolean,
): Segment[] {
  if (pending.to === 'Running') return [{ from: now, count: after, stopped: false }];
  // A stop bills until its deallocation completes; a failed stop leaves the nodes running.
  return pending.failure
    ? [{ from: now, count: running, stopped: false }]
    : [
        { from: now, count: running, stopped: false },
        { from: pending.completesAt, count: 0, stopped: stoppedAfter },
      ];
}

function clusterSegments(cluster: FakeCluster, now: number, running: () => number): Segment[] {
  if (cluster.pending) return pendingSegments(cluster.pending, now, running(), running(), true);
  return cluster.powerState === 'Running'
    ? [{ from: now, count: running(), stopped: false }]
    : [{ from: now, count: 0, stopped: true }];
}

function poolSegments(cluster: FakeCluster, pool: FakePool, now: number): Segment[] {
  if (cluster.pending || cluster.powerState === 'Stopped')
    return clusterSegments(cluster, now, () => pool.count || (pool.stoppedScale?.count ?? 0));
  if (pool.pending)
    return pendingSegments(pool.pending, now, pool.stoppedScale?.count ?? 0, pool.count, true);
  return pool.powerState === 'Running'
    ? [{ from: now, count: pool.count, stopped: false }]
    : [{ from: now, count: 0, stopped: true }];
}

function scaleSetSegments(scaleSet: FakeScaleSet, now: number): Segment[] {
  const vms = scaleSet.vms;
  if (vms)
    return [
      {
        from: now,
        count: vms.filter((vm) => vm.powerState === 'Running' || vm.pending).length,
        stopped: false,
      },
    ];
  const allocated =
    scaleSet.instanceCodes?.filter((code) => code !== 'PowerState/deallocated').length ?? scaleSet.capacity;
  if (scaleSet.pending) return pendingSegments(scaleSet.pending, now, allocated, scaleSet.capacity, true);
  return scaleSet.powerState === 'Running'
    ? [{ from: now, count: allocated, stopped: false }]
    : [{ from: now, count: 0, stopped: true }];
}

/** Eight digits from a text, as AKS's scale set names carry (stable per pool). */
function digitsOf(text: string): string {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return String(hash % 100_000_000).padStart(8, '0');
}
