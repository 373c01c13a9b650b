import type { ClusterReading, PoolReading, ScaleSetReading } from './FleetReading.js';

/**
 * One Resource Graph query for the whole fleet: every AKS cluster (with its agent pool profiles) and
 * VM scale set, plus, per scale set, how many of its instances are in each power state (counted in
 * the query from the `computeresources` table). Rows grow with clusters and scale sets, not with
 * nodes: one per cluster, one per scale set and one per power state its instances are in.
 */
export const FLEET_QUERY = `resources
| where type in~ ('microsoft.containerservice/managedclusters', 'microsoft.compute/virtualmachinescalesets')
| project id, name, type, subscriptionId, resourceGroup, location, tags, sku, properties, powerState = '', instances = 0
| union (computeresources
    | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
    | extend scaleSetId = extract('^(.+)/virtualmachines/[^/]+$', 1, tolower(id)),
             powerState = tostring(properties.extended.instanceView.powerState.code)
    | summarize instances = count() by id = scaleSetId, subscriptionId, powerState
    | extend type = 'microsoft.compute/virtualmachinescalesets/powerstates')
| order by id asc`;

interface GraphRow {
  id?: string;
  type?: string;
  location?: string | null;
  sku?: { name?: string } | null;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown> | null;
  powerState?: string | null;
  instances?: number | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

function poolFromProfile(profile: Record<string, unknown>): PoolReading {
  const reading: PoolReading = {
    name: text(profile['name']) ?? '',
    tags: record(profile['tags']) as Record<string, string>,
  };
  const mode = text(profile['mode']);
  const powerCode = text(record(profile['powerState'])['code']);
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
 * Reads the query's rows page by page, so a tick holds the readings, not every page's rows (at
 * 20,000 pools the pages are tens of thousands of rows with every cluster's properties).
 */
export class FleetRowReader {
  private readonly clusters: ClusterReading[] = [];
  private readonly scaleSets = new Map<string, ScaleSetReading>();
  private readonly instanceCounts = new Map<string, Record<string, number>>();

  add(rows: readonly unknown[]): void {
    for (const row of rows as GraphRow[]) this.addRow(row);
  }

  readings(): { clusters: ClusterReading[]; scaleSets: ScaleSetReading[] } {
    for (const [key, counts] of this.instanceCounts) {
      const scaleSet = this.scaleSets.get(key);
      if (scaleSet) scaleSet.instancePowerCounts = counts;
    }
    return { clusters: this.clusters, scaleSets: [...this.scaleSets.values()] };
  }

  private addRow(row: GraphRow): void {
    const type = row.type?.toLowerCase();
    const id = row.id ?? '';
    const properties = record(row.properties);
    if (type === 'microsoft.containerservice/managedclusters') {
      const cluster: ClusterReading = {
        id,
        tags: row.tags ?? {},
        pools: ((properties['agentPoolProfiles'] as unknown[]) ?? []).map((profile) =>
          poolFromProfile(record(profile)),
        ),
      };
      const powerCode = text(record(properties['powerState'])['code']);
      const provisioningState = text(properties['provisioningState']);
      const napMode = text(record(properties['nodeProvisioningProfile'])['mode']);
      if (powerCode) cluster.powerCode = powerCode;
      if (provisioningState) cluster.provisioningState = provisioningState;
      if (napMode) cluster.nodeProvisioningMode = napMode;
      const nodeResourceGroup = text(properties['nodeResourceGroup']);
      if (nodeResourceGroup) cluster.nodeResourceGroup = nodeResourceGroup;
      if (row.location) cluster.location = row.location;
      this.clusters.push(cluster);
    } else if (type === 'microsoft.compute/virtualmachinescalesets') {
      const provisioningState = text(properties['provisioningState']);
      this.scaleSets.set(id.toLowerCase(), {
        id,
        tags: row.tags ?? {},
        instancePowerCounts: {},
        ...(provisioningState ? { provisioningState } : {}),
        ...(row.location ? { location: row.location } : {}),
        ...(row.sku?.name ? { vmSize: row.sku.name } : {}),
      });
    } else if (type === 'microsoft.compute/virtualmachinescalesets/powerstates') {
      const counts = this.instanceCounts.get(id.toLowerCase()) ?? {};
      const code = row.powerState ?? '';
      counts[code] = (counts[code] ?? 0) + (typeof row.instances === 'number' ? row.instances : 0);
      this.instanceCounts.set(id.toLowerCase(), counts);
    }
  }
}
