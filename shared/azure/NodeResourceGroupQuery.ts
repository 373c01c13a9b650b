import type { KeptResourceSource } from '../app/savings/KeptResourceSource.js';
import type { KeptResources } from '../domain/KeptResources.js';
import type { ResourceId } from '../domain/ResourceId.js';
import type { ArmClients } from './ArmClients.js';

const PAGE_SIZE = 1000;
/** A cluster's node resource group rarely holds more than a few hundred resources; this bounds a runaway. */
const MAX_PAGES = 50;

/**
 * One Resource Graph query for the node resource groups of the clusters asked (docs/savings.md, What
 * keeps billing while stopped): each cluster's `properties.nodeResourceGroup`, joined to the scale
 * sets (`sku.capacity`, the model's OS disk: `managedDisk.storageAccountType`, `diskSizeGB`,
 * `diffDiskSettings` when ephemeral, the `aks-managed-poolName` tag), disks (`sku.name`,
 * `diskSizeGB`), public IPs (`sku.name`) and load balancers (their load-balancing and outbound rules
 * counted) in it. Only these fields are projected.
 */
export function nodeResourceGroupQuery(clusterKeys: readonly string[]): string {
  const keys = clusterKeys.map((key) => `'${key.replace(/'/g, "\\'")}'`).join(', ');
  return `resources
| where type =~ 'microsoft.containerservice/managedclusters'
| where tolower(id) in (${keys})
| project clusterKey = tolower(id),
    groupKey = strcat(tolower(subscriptionId), '/', tolower(tostring(properties.nodeResourceGroup)))
| join kind=inner (resources
    | where type in~ ('microsoft.compute/virtualmachinescalesets', 'microsoft.compute/disks',
        'microsoft.network/publicipaddresses', 'microsoft.network/loadbalancers')
    | project id, type, name, location,
        groupKey = strcat(tolower(subscriptionId), '/', tolower(resourceGroup)),
        skuName = tostring(sku.name),
        capacity = toint(sku.capacity),
        poolName = tostring(tags['aks-managed-poolName']),
        diskSizeGB = toint(properties.diskSizeGB),
        osDiskSku = tostring(properties.virtualMachineProfile.storageProfile.osDisk.managedDisk.storageAccountType),
        osDiskSizeGB = toint(properties.virtualMachineProfile.storageProfile.osDisk.diskSizeGB),
        ephemeralOsDisk = tostring(properties.virtualMachineProfile.storageProfile.osDisk.diffDiskSettings.option),
        rules = array_length(properties.loadBalancingRules),
        outboundRules = array_length(properties.outboundRules)) on groupKey
| project-away groupKey, groupKey1
| order by id asc`;
}

/**
 * One Resource Graph query for standalone scale sets by ID (docs/savings.md, What keeps billing while
 * stopped): `sku.capacity` and the model's disks, the OS disk as above and the data disks
 * (`storageProfile.dataDisks`, each `managedDisk.storageAccountType` and `diskSizeGB`).
 */
export function scaleSetDisksQuery(scaleSetKeys: readonly string[]): string {
  const keys = scaleSetKeys.map((key) => `'${key.replace(/'/g, "\\'")}'`).join(', ');
  return `resources
| where type =~ 'microsoft.compute/virtualmachinescalesets'
| where tolower(id) in (${keys})
| project scaleSetKey = tolower(id), id, location,
    capacity = toint(sku.capacity),
    osDiskSku = tostring(properties.virtualMachineProfile.storageProfile.osDisk.managedDisk.storageAccountType),
    osDiskSizeGB = toint(properties.virtualMachineProfile.storageProfile.osDisk.diskSizeGB),
    ephemeralOsDisk = tostring(properties.virtualMachineProfile.storageProfile.osDisk.diffDiskSettings.option),
    dataDisks = properties.virtualMachineProfile.storageProfile.dataDisks
| order by id asc`;
}

interface ScaleSetRow {
  scaleSetKey?: string;
  id?: string;
  location?: string;
  capacity?: number | null;
  osDiskSku?: string;
  osDiskSizeGB?: number | null;
  ephemeralOsDisk?: string;
  dataDisks?: unknown;
}

interface Row {
  clusterKey?: string;
  id?: string;
  type?: string;
  name?: string;
  location?: string;
  skuName?: string;
  capacity?: number | null;
  poolName?: string;
  diskSizeGB?: number | null;
  osDiskSku?: string;
  osDiskSizeGB?: number | null;
  ephemeralOsDisk?: string;
  rules?: number | null;
  outboundRules?: number | null;
}

export class NodeResourceGroupQuery implements KeptResourceSource {
  constructor(private readonly clients: ArmClients) {}

  async nodeResources(clusters: readonly ResourceId[]): Promise<Map<string, KeptResources>> {
    const result = new Map<string, KeptResources>();
    if (clusters.length === 0) return result;
    const query = nodeResourceGroupQuery([...new Set(clusters.map((cluster) => cluster.key))]);
    for (const row of await this.rows(clusters, query)) add(result, row as Row);
    return result;
  }

  async scaleSetDisks(scaleSets: readonly ResourceId[]): Promise<Map<string, KeptResources>> {
    const result = new Map<string, KeptResources>();
    if (scaleSets.length === 0) return result;
    const query = scaleSetDisksQuery([...new Set(scaleSets.map((scaleSet) => scaleSet.key))]);
    for (const row of (await this.rows(scaleSets, query)) as ScaleSetRow[]) {
      if (!row.scaleSetKey || !row.id) continue;
      result.set(row.scaleSetKey, {
        location: row.location ?? '',
        scaleSets: [
          {
            id: row.id,
            capacity: row.capacity ?? 0,
            ...(row.ephemeralOsDisk || !row.osDiskSku
              ? {}
              : { osDisk: { sku: row.osDiskSku, sizeGB: row.osDiskSizeGB ?? 0 } }),
            dataDisks: dataDisksOf(row.dataDisks),
          },
        ],
        disks: [],
        publicIps: [],
        loadBalancers: [],
      });
    }
    return result;
  }

  private async rows(resources: readonly ResourceId[], query: string): Promise<unknown[]> {
    const subscriptions = [...new Set(resources.map((resource) => resource.subscriptionId.toLowerCase()))];
    const rows: unknown[] = [];
    let skipToken: string | undefined;
    for (let page = 0; page === 0 || skipToken; page++) {
      if (page === MAX_PAGES) break;
      const answer = await this.clients.resourceGraph().resources({
        subscriptions,
        query,
        options: { top: PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
      });
      if (Array.isArray(answer.data)) rows.push(...(answer.data as unknown[]));
      skipToken = answer.skipToken;
    }
    return rows;
  }
}

/** `storageProfile.dataDisks` as Resource Graph returns it (a JSON array; a string when a projection made one). */
function dataDisksOf(value: unknown): { sku: string; sizeGB: number }[] {
  let parsed = value;
  try {
    if (typeof value === 'string' && value.startsWith('[')) parsed = JSON.parse(value) as unknown;
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((disk: unknown) => {
    if (typeof disk !== 'object' || disk === null) return [];
    const { managedDisk, diskSizeGB } = disk as {
      managedDisk?: { storageAccountType?: unknown };
      diskSizeGB?: unknown;
    };
    const sku = managedDisk?.storageAccountType;
    return typeof sku === 'string' ? [{ sku, sizeGB: typeof diskSizeGB === 'number' ? diskSizeGB : 0 }] : [];
  });
}

function add(result: Map<string, KeptResources>, row: Row): void {
  if (!row.clusterKey || !row.id) return;
  let kept = result.get(row.clusterKey);
  if (!kept) {
    kept = { location: row.location ?? '', scaleSets: [], disks: [], publicIps: [], loadBalancers: [] };
    result.set(row.clusterKey, kept);
  }
  const name = row.name ?? row.id.slice(row.id.lastIndexOf('/') + 1);
  const sku = row.skuName ?? '';
  switch (row.type?.toLowerCase()) {
    case 'microsoft.compute/virtualmachinescalesets':
      kept.scaleSets.push({
        id: row.id,
        ...(row.poolName ? { poolName: row.poolName } : {}),
        capacity: row.capacity ?? 0,
        ...(row.ephemeralOsDisk || !row.osDiskSku
          ? {}
          : { osDisk: { sku: row.osDiskSku, sizeGB: row.osDiskSizeGB ?? 0 } }),
      });
      return;
    case 'microsoft.compute/disks':
      kept.disks.push({ name, sku, sizeGB: row.diskSizeGB ?? 0 });
      return;
    case 'microsoft.network/publicipaddresses':
      kept.publicIps.push({ name, sku });
      return;
    case 'microsoft.network/loadbalancers':
      kept.loadBalancers.push({ name, sku, rules: (row.rules ?? 0) + (row.outboundRules ?? 0) });
      return;
  }
}
