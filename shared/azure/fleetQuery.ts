import type { ClusterReading, PoolReading, ScaleSetReading } from './FleetReading.js';

/**
 * One Resource Graph query for the whole fleet: every AKS cluster and VM scale set, plus, per scale
 * set, how many of its instances are in each power state (counted in the query from the
 * `computeresources` table). Rows grow with clusters and scale sets, not with nodes: one per cluster,
 * one per scale set and one per power state its instances are in.
 *
 * Only the fields `FleetRowReader` reads are projected, not each resource's whole `properties` (a
 * scale set's are several KB: its virtualMachineProfile). A cluster's agent pool profiles come whole:
 * trimming them to the fields read would need `mv-apply` (which Resource Graph does not support) or
 * `mv-expand` then `summarize make_list(pack(…))` by cluster (row limits, and Resource Graph pages a
 * `summarize` simplified), and clusters are few beside their scale sets. Both legs of the `union`
 * (outer: every column of either leg, null where a leg has none) type their shared columns (`id`,
 * `type`) alike, so KQL keeps one column of each (docs/architecture.md, The tick).
 */
export const FLEET_QUERY = `resources
| where type in~ ('microsoft.containerservice/managedclusters', 'microsoft.compute/virtualmachinescalesets')
| project id, type, location, tags,
    vmSize = tostring(sku.name),
    provisioningState = tostring(properties.provisioningState),
    powerCode = tostring(properties.powerState.code),
    nodeProvisioningMode = tostring(properties.nodeProvisioningProfile.mode),
    nodeResourceGroup = tostring(properties.nodeResourceGroup),
    pools = properties.agentPoolProfiles
| union (computeresources
    | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
    | extend scaleSetId = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)),
             powerState = tostring(properties.extended.instanceView.powerState.code)
    | summarize instances = count() by id = scaleSetId, subscriptionId, powerState
    | extend type = 'microsoft.compute/virtualmachinescalesets/powerstates')
| order by id asc`;

/** A row of `FLEET_QUERY`: a cluster, a scale set, or one power state's count of a scale set's instances. */
interface FleetRow {
  id?: string;
  type?: string;
  location?: string | null;
  tags?: Record<string, string> | null;
  vmSize?: string | null;
  provisioningState?: string | null;
  powerCode?: string | null;
  nodeProvisioningMode?: string | null;
  nodeResourceGroup?: string | null;
  pools?: unknown;
  powerState?: string | null;
  instances?: number | null;
}

const CLUSTER_TYPE = 'microsoft.containerservice/managedclusters';
const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';
const POWER_COUNT_TYPE = 'microsoft.compute/virtualmachinescalesets/powerstates';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

/** Resource Graph returns types in lower case; another case is still read, at the cost of a copy. */
function kindOf(type: string | undefined): string | undefined {
  if (type === CLUSTER_TYPE || type === SCALE_SET_TYPE || type === POWER_COUNT_TYPE) return type;
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
  return reading;
}

/** The columns `FleetRowReader` reads, in a row of either result format. */
const READ_COLUMNS = [
  'id',
  'type',
  'location',
  'tags',
  'vmSize',
  'provisioningState',
  'powerCode',
  'nodeProvisioningMode',
  'nodeResourceGroup',
  'pools',
  'powerState',
  'instances',
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
 * is read without copying it (issue 17: the steady tick at 20,000 targets).
 */
export class FleetRowReader {
  private readonly clusters: ClusterReading[] = [];
  private readonly scaleSets = new Map<string, ScaleSetReading>();
  /** Counts met before their scale set's row (the order of IDs differing in case is not ours to rely on). */
  private readonly earlyCounts = new Map<string, Record<string, number>>();
  /** Scale sets not kept, by lower-case ID: their counts are dropped too. */
  private readonly dropped = new Set<string>();

  /** `keepScaleSet` decides, from its lower-case ID and tags, whether a scale set's reading is kept (all by default). */
  constructor(
    private readonly keepScaleSet: (key: string, tags: Record<string, string>) => boolean = () => true,
  ) {}

  add(rows: readonly unknown[]): void {
    for (const row of rows as FleetRow[]) this.addRow(row);
  }

  readings(): { clusters: ClusterReading[]; scaleSets: ScaleSetReading[] } {
    // Counts whose scale set never came are not a scale set's: they are dropped with it.
    return { clusters: this.clusters, scaleSets: [...this.scaleSets.values()] };
  }

  private addRow(row: FleetRow): void {
    const kind = kindOf(row.type);
    if (kind === CLUSTER_TYPE) this.addCluster(row);
    else if (kind === SCALE_SET_TYPE) this.addScaleSet(row);
    else if (kind === POWER_COUNT_TYPE) this.addPowerCount(row);
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
    this.clusters.push(cluster);
  }

  private addScaleSet(row: FleetRow): void {
    const id = row.id ?? '';
    const key = id.toLowerCase();
    if (!this.keepScaleSet(key, row.tags ?? {})) {
      this.dropped.add(key);
      this.earlyCounts.delete(key);
      return;
    }
    const scaleSet: ScaleSetReading = {
      id,
      tags: row.tags ?? {},
      instancePowerCounts: this.scaleSets.get(key)?.instancePowerCounts ?? this.earlyCounts.get(key) ?? {},
    };
    this.earlyCounts.delete(key);
    const provisioningState = text(row.provisioningState);
    const location = text(row.location);
    const vmSize = text(row.vmSize);
    if (provisioningState) scaleSet.provisioningState = provisioningState;
    if (location) scaleSet.location = location;
    if (vmSize) scaleSet.vmSize = vmSize;
    this.scaleSets.set(key, scaleSet);
  }

  private addPowerCount(row: FleetRow): void {
    const key = (row.id ?? '').toLowerCase();
    if (this.dropped.has(key)) return;
    let counts = this.scaleSets.get(key)?.instancePowerCounts ?? this.earlyCounts.get(key);
    if (!counts) {
      counts = {};
      this.earlyCounts.set(key, counts);
    }
    const code = row.powerState ?? '';
    counts[code] = (counts[code] ?? 0) + (typeof row.instances === 'number' ? row.instances : 0);
  }
}
