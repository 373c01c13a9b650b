import { asciiFold } from '../domain/asciiFold.js';
import { OPT_IN_TAG } from '../app/reconciliation/discoverTaggedTargets.js';
import type { ClusterReading, PoolReading, ScaleSetReading } from './FleetReading.js';

/** The fields of an agent pool profile `FleetRowReader` reads (`poolFromProfile`). */
const POOL_FIELDS = [
  'name',
  'mode',
  'count',
  'enableAutoScaling',
  'minCount',
  'maxCount',
  'vmSize',
  'powerState',
  'provisioningState',
  'tags',
  'nodeImageVersion',
  'currentOrchestratorVersion',
  'osType',
  'scaleSetPriority',
] as const;

/**
 * One Resource Graph query for the whole fleet: every AKS cluster with the fields read of each of its
 * pools, every VM scale set that no AKS node pool owns (or that the opt-in tag names), and, joined
 * to each such scale set, how many of its instances are in each power state (counted in the query
 * from the `computeresources` table). Rows grow with clusters and standalone scale sets, not with
 * node pools or nodes: a node pool's scale set is observed through its cluster (docs/architecture.md,
 * The tick).
 *
 * - The scale sets of AKS node pools are left out by the tags AKS gives them, spelt as AKS spells
 *   them: a different spelling only brings a row back, which the reader still drops. The opt-in tag
 *   is matched without regard to case (`contains` on the tags' JSON), so a tagged pool scale set is
 *   still seen and refused as AKS-managed. A registered one is read by GET (`AzurePowerControl`).
 * - A pool's profile is about 1 KB, of which the reader needs a tenth: each is cut to those fields
 *   (`mv-expand`, `bag_pack`, `make_list` per cluster), which makes a cluster's row about a quarter as
 *   long (docs/architecture.md, Memory and tick time). Resource Graph's `mv-expand` stops at 128
 *   elements unless told; `limit 400`, its most, keeps every pool (AKS allows 100 a cluster).
 * - Resource Graph documents `union` only within a table or with ResourceContainers, and three joins
 *   a query of which one may be cross-table: the pools come by a join within `resources`, a Uniform
 *   set's counts by the one with `computeresources`, and a Flexible set's by a third within
 *   `resources`: its VMs are ordinary `virtualMachines` rows there, naming their set in
 *   `properties.virtualMachineScaleSet.id`, each with the power state Resource Graph adds (Microsoft's
 *   way to read a Flexible set's power state). All are `leftouter`: a scale set has one row per power
 *   state its instances or VMs are in (one row, without a count, when it has none); a set is one mode
 *   or the other, so one of the two count joins always has no match and multiplies nothing.
 * - Only the fields read are projected, not each resource's whole `properties` (a scale set's are
 *   several KB: its virtualMachineProfile).
 */
export const FLEET_QUERY = `resources
| where type in~ ('microsoft.containerservice/managedclusters', 'microsoft.compute/virtualmachinescalesets')
| where type =~ 'microsoft.containerservice/managedclusters'
    or (isnull(tags['aks-managed-poolName']) and isnull(tags['poolName']))
    or tostring(tags) contains '"${OPT_IN_TAG}"'
| project id, type, location, tags,
    vmSize = tostring(sku.name),
    capacity = toint(sku.capacity),
    provisioningState = tostring(properties.provisioningState),
    powerCode = tostring(properties.powerState.code),
    nodeProvisioningMode = tostring(properties.nodeProvisioningProfile.mode),
    nodeResourceGroup = tostring(properties.nodeResourceGroup),
    kubernetesVersion = tostring(properties.currentKubernetesVersion),
    upgradeChannel = tostring(properties.autoUpgradeProfile.upgradeChannel),
    nodeOSUpgradeChannel = tostring(properties.autoUpgradeProfile.nodeOSUpgradeChannel),
    tier = tostring(sku.tier),
    windowsLicenseType = tostring(properties.windowsProfile.licenseType),
    osType = tostring(properties.virtualMachineProfile.storageProfile.osDisk.osType),
    licenseType = tostring(properties.virtualMachineProfile.licenseType),
    priority = tostring(properties.virtualMachineProfile.priority),
    key = tolower(id)
| join kind=leftouter (resources
    | where type =~ 'microsoft.containerservice/managedclusters'
    | mv-expand pool = properties.agentPoolProfiles limit 400
    | project clusterKey = tolower(id),
        pool = bag_pack(${POOL_FIELDS.map((field) => `'${field}', pool['${field}']`).join(', ')})
    | summarize pools = make_list(pool) by clusterKey) on $left.key == $right.clusterKey
| join kind=leftouter (computeresources
    | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
    | extend scaleSetKey = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)),
        powerState = tostring(properties.extended.instanceView.powerState.code)
    | summarize instances = count() by scaleSetKey, powerState) on $left.key == $right.scaleSetKey
| join kind=leftouter (resources
    | where type =~ 'microsoft.compute/virtualmachines'
    | extend memberOf = tolower(tostring(properties.virtualMachineScaleSet.id)),
        vmPowerState = tostring(properties.extended.instanceView.powerState.code)
    | where isnotempty(memberOf)
    | summarize vms = count() by memberOf, vmPowerState) on $left.key == $right.memberOf
| project-away key, clusterKey, scaleSetKey, memberOf
| order by id asc`;

/** A row of `FLEET_QUERY`: a cluster, or a scale set with one power state's count of its instances. */
interface FleetRow {
  id?: string;
  type?: string;
  location?: string | null;
  tags?: Record<string, string> | null;
  vmSize?: string | null;
  capacity?: number | null;
  provisioningState?: string | null;
  powerCode?: string | null;
  nodeProvisioningMode?: string | null;
  nodeResourceGroup?: string | null;
  kubernetesVersion?: string | null;
  upgradeChannel?: string | null;
  nodeOSUpgradeChannel?: string | null;
  /** Clusters: `sku.tier` and `windowsProfile.licenseType`. */
  tier?: string | null;
  windowsLicenseType?: string | null;
  /** Scale sets: their model's OS disk type, licence type and priority. */
  osType?: string | null;
  licenseType?: string | null;
  priority?: string | null;
  pools?: unknown;
  powerState?: string | null;
  instances?: number | null;
  /** A Flexible set's VMs in one power state. */
  vmPowerState?: string | null;
  vms?: number | null;
}

const CLUSTER_TYPE = 'microsoft.containerservice/managedclusters';
const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

/** Resource Graph returns types in lower case; another case is still read, at the cost of a copy. */
function kindOf(type: string | undefined): string | undefined {
  if (type === CLUSTER_TYPE || type === SCALE_SET_TYPE) return type;
  return type?.toLowerCase();
}

function poolFromProfile(profile: Record<string, unknown>): PoolReading {
  const reading: PoolReading = {
    name: text(profile['name']) ?? '',
    tags: (record(profile['tags']) as Record<string, string> | undefined) ?? {},
  };
  const mode = text(profile['mode']);
  const powerCode = text(record(profile['powerState'])?.['code']);
  const provisioningState = text(profile['provisioningState']);
  const count = number(profile['count']);
  const minCount = number(profile['minCount']);
  const maxCount = number(profile['maxCount']);
  if (mode) reading.mode = mode;
  if (powerCode) reading.powerCode = powerCode;
  if (provisioningState) reading.provisioningState = provisioningState;
  if (count !== undefined) reading.count = count;
  if (typeof profile['enableAutoScaling'] === 'boolean')
    reading.enableAutoScaling = profile['enableAutoScaling'];
  if (minCount !== undefined) reading.minCount = minCount;
  if (maxCount !== undefined) reading.maxCount = maxCount;
  const vmSize = text(profile['vmSize']);
  if (vmSize) reading.vmSize = vmSize;
  const nodeImageVersion = text(profile['nodeImageVersion']);
  if (nodeImageVersion) reading.nodeImageVersion = nodeImageVersion;
  const orchestratorVersion = text(profile['currentOrchestratorVersion']);
  if (orchestratorVersion) reading.orchestratorVersion = orchestratorVersion;
  const osType = text(profile['osType']);
  if (osType) reading.osType = osType;
  const priority = text(profile['scaleSetPriority']);
  if (priority) reading.scaleSetPriority = priority;
  return reading;
}

/** The columns `FleetRowReader` reads, in a row of either result format. */
const READ_COLUMNS = [
  'id',
  'type',
  'location',
  'tags',
  'vmSize',
  'capacity',
  'provisioningState',
  'powerCode',
  'nodeProvisioningMode',
  'nodeResourceGroup',
  'kubernetesVersion',
  'upgradeChannel',
  'nodeOSUpgradeChannel',
  'tier',
  'windowsLicenseType',
  'osType',
  'licenseType',
  'priority',
  'pools',
  'powerState',
  'instances',
  'vmPowerState',
  'vms',
] as const satisfies readonly (keyof FleetRow)[];

/**
 * A page's rows as objects, whether Resource Graph sent them as objects (`objectArray`) or, as the app
 * asks, in the `table` format: the columns once and each row as an array, which spares sending every
 * column's name (and every null) on every row (docs/architecture.md, Memory and tick time).
 */
export function fleetRowsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  const table = data as { columns?: { name?: string }[]; rows?: unknown[][] } | null;
  const names = (table?.columns ?? []).map((column) => column.name);
  const at = READ_COLUMNS.map((column) => names.indexOf(column));
  return (table?.rows ?? []).map((cells) => {
    const row: Record<string, unknown> = {};
    for (let column = 0; column < READ_COLUMNS.length; column++) {
      const index = at[column] ?? -1;
      if (index >= 0) row[READ_COLUMNS[column] as string] = cells[index];
    }
    return row;
  });
}

/** Turns the query's rows into readings; rows of other types are ignored. */
export function readFleetRows(rows: readonly unknown[]): {
  clusters: ClusterReading[];
  scaleSets: ScaleSetReading[];
} {
  const reader = new FleetRowReader();
  reader.add(rows);
  return reader.readings();
}

/**
 * Reads the query's rows page by page, so a tick holds the readings, not every page's rows. Each row
 * is read without copying it (issue 17: the steady tick at 20,000 targets). A scale set comes once
 * per power state its instances are in; its counts are added up.
 */
export class FleetRowReader {
  private readonly clusters: ClusterReading[] = [];
  private readonly scaleSets = new Map<string, ScaleSetReading>();
  /** Scale sets not kept, by ID as ResourceId.key folds it: their further rows are dropped too. */
  private readonly dropped = new Set<string>();

  /** `keepScaleSet` decides, from its folded ID (ResourceId.key) and tags, whether a scale set's reading is kept (all by default). */
  constructor(
    private readonly keepScaleSet: (key: string, tags: Record<string, string>) => boolean = () => true,
  ) {}

  add(rows: readonly unknown[]): void {
    for (const row of rows as FleetRow[]) this.addRow(row);
  }

  readings(): { clusters: ClusterReading[]; scaleSets: ScaleSetReading[] } {
    return { clusters: this.clusters, scaleSets: [...this.scaleSets.values()] };
  }

  private addRow(row: FleetRow): void {
    const kind = kindOf(row.type);
    if (kind === CLUSTER_TYPE) this.addCluster(row);
    else if (kind === SCALE_SET_TYPE) this.addScaleSet(row);
  }

  private addCluster(row: FleetRow): void {
    const profiles = Array.isArray(row.pools) ? (row.pools as unknown[]) : [];
    const pools: PoolReading[] = [];
    for (const profile of profiles) pools.push(poolFromProfile(record(profile) ?? {}));
    const cluster: ClusterReading = { id: row.id ?? '', tags: row.tags ?? {}, pools };
    const powerCode = text(row.powerCode);
    const provisioningState = text(row.provisioningState);
    const napMode = text(row.nodeProvisioningMode);
    const nodeResourceGroup = text(row.nodeResourceGroup);
    const location = text(row.location);
    if (powerCode) cluster.powerCode = powerCode;
    if (provisioningState) cluster.provisioningState = provisioningState;
    if (napMode) cluster.nodeProvisioningMode = napMode;
    if (nodeResourceGroup) cluster.nodeResourceGroup = nodeResourceGroup;
    if (location) cluster.location = location;
    const kubernetesVersion = text(row.kubernetesVersion);
    const upgradeChannel = text(row.upgradeChannel);
    const nodeOSUpgradeChannel = text(row.nodeOSUpgradeChannel);
    if (kubernetesVersion) cluster.kubernetesVersion = kubernetesVersion;
    if (upgradeChannel) cluster.upgradeChannel = upgradeChannel;
    if (nodeOSUpgradeChannel) cluster.nodeOSUpgradeChannel = nodeOSUpgradeChannel;
    const tier = text(row.tier);
    const windowsLicenseType = text(row.windowsLicenseType);
    if (tier) cluster.tier = tier;
    if (windowsLicenseType) cluster.windowsLicenseType = windowsLicenseType;
    this.clusters.push(cluster);
  }

  private addScaleSet(row: FleetRow): void {
    const key = asciiFold(row.id ?? '');
    if (this.dropped.has(key)) return;
    let scaleSet = this.scaleSets.get(key);
    if (!scaleSet) {
      if (!this.keepScaleSet(key, row.tags ?? {})) {
        this.dropped.add(key);
        return;
      }
      scaleSet = scaleSetOf(row);
      this.scaleSets.set(key, scaleSet);
    }
    // A scale set without instances has one row, its count null: it counts nothing.
    if (typeof row.instances === 'number' && row.instances > 0) {
      const code = row.powerState ?? '';
      scaleSet.instancePowerCounts[code] = (scaleSet.instancePowerCounts[code] ?? 0) + row.instances;
    }
    if (typeof row.vms === 'number' && row.vms > 0) {
      const code = row.vmPowerState ?? '';
      scaleSet.instancePowerCounts[code] = (scaleSet.instancePowerCounts[code] ?? 0) + row.vms;
    }
  }
}

function scaleSetOf(row: FleetRow): ScaleSetReading {
  const scaleSet: ScaleSetReading = { id: row.id ?? '', tags: row.tags ?? {}, instancePowerCounts: {} };
  const provisioningState = text(row.provisioningState);
  const location = text(row.location);
  const vmSize = text(row.vmSize);
  const capacity = number(row.capacity);
  if (capacity !== undefined) scaleSet.capacity = capacity;
  if (provisioningState) scaleSet.provisioningState = provisioningState;
  if (location) scaleSet.location = location;
  if (vmSize) scaleSet.vmSize = vmSize;
  const osType = text(row.osType);
  const licenseType = text(row.licenseType);
  const priority = text(row.priority);
  if (osType) scaleSet.osType = osType;
  if (licenseType) scaleSet.licenseType = licenseType;
  if (priority) scaleSet.priority = priority;
  return scaleSet;
}
