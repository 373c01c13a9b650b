import type { ClusterReading, PoolReading, ScaleSetReading } from './FleetReading.js';

/**
 * One Resource Graph query for the whole fleet: every AKS cluster (with its agent pool profiles) and
 * VM scale set, plus each scale-set instance's power state from the `computeresources` table.
 */
export const FLEET_QUERY = `resources
| where type in~ ('microsoft.containerservice/managedclusters', 'microsoft.compute/virtualmachinescalesets')
| project id, name, type, subscriptionId, resourceGroup, location, tags, sku, properties, powerState = ''
| union (computeresources
    | where type =~ 'microsoft.compute/virtualmachinescalesets/virtualmachines'
    | project id, name, type, subscriptionId, resourceGroup, location, tags = dynamic(null), sku = dynamic(null), properties = dynamic(null),
              powerState = tostring(properties.extended.instanceView.powerState.code))
| order by id asc`;

interface GraphRow {
  id?: string;
  type?: string;
  location?: string | null;
  sku?: { name?: string } | null;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown> | null;
  powerState?: string | null;
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
  const clusters: ClusterReading[] = [];
  const scaleSets = new Map<string, ScaleSetReading>();
  const instanceCodes = new Map<string, string[]>();
  for (const row of rows as GraphRow[]) {
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
      clusters.push(cluster);
    } else if (type === 'microsoft.compute/virtualmachinescalesets') {
      const provisioningState = text(properties['provisioningState']);
      scaleSets.set(id.toLowerCase(), {
        id,
        tags: row.tags ?? {},
        instancePowerCodes: [],
        ...(provisioningState ? { provisioningState } : {}),
        ...(row.location ? { location: row.location } : {}),
        ...(row.sku?.name ? { vmSize: row.sku.name } : {}),
      });
    } else if (type === 'microsoft.compute/virtualmachinescalesets/virtualmachines') {
      const scaleSetKey = id.toLowerCase().replace(/\/virtualmachines\/[^/]+$/, '');
      const codes = instanceCodes.get(scaleSetKey) ?? [];
      codes.push(row.powerState ?? '');
      instanceCodes.set(scaleSetKey, codes);
    }
  }
  for (const [key, codes] of instanceCodes) scaleSets.get(key)?.instancePowerCodes.push(...codes);
  return { clusters, scaleSets: [...scaleSets.values()] };
}
