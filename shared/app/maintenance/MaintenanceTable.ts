import type { MaintenanceConfiguration } from '../../domain/maintenance/MaintenanceConfiguration.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import { decodeTableKey, encodeTableKey } from '../storage/tableKey.js';

/** What was last read of one cluster's planned maintenance (docs/maintenance.md, What the app reads). */
export interface ClusterMaintenanceRecord {
  /** Lower-case ARM ID of the cluster. */
  clusterKey: string;
  clusterId: string;
  /** Its configurations as Azure answered; empty when it has none. */
  configurations: MaintenanceConfiguration[];
  readAt: number;
  /** Why the last read failed, in Azure's words; the configurations read before are kept. */
  error?: string;
}

/** The Kubernetes minor versions AKS offers in one region. */
export interface RegionVersionsRecord {
  location: string;
  minors: string[];
  readAt: number;
}

export interface MaintenanceFactsSnapshot {
  clusters: Map<string, ClusterMaintenanceRecord>;
  regions: Map<string, RegionVersionsRecord>;
}

/**
 * The Maintenance table: written by the app only (plain upserts), read once per tick. A row that cannot
 * be read is treated as never read, so it is read from Azure again.
 */
export class MaintenanceTable {
  static readonly tableName = 'Maintenance';
  static readonly clusterPartition = 'cluster';
  static readonly regionPartition = 'region';

  constructor(readonly rows: RowTable) {}

  async load(): Promise<MaintenanceFactsSnapshot> {
    const snapshot: MaintenanceFactsSnapshot = { clusters: new Map(), regions: new Map() };
    for (const row of await this.rows.list()) {
      if (row.partitionKey === MaintenanceTable.clusterPartition) {
        const record = clusterOf(row);
        if (record) snapshot.clusters.set(record.clusterKey, record);
      } else if (row.partitionKey === MaintenanceTable.regionPartition) {
        const record = regionOf(row);
        if (record) snapshot.regions.set(record.location, record);
      }
    }
    return snapshot;
  }

  /** One cluster's row and its region's, by key: what one target's decision needs. */
  async loadFor(clusterKey: string, location: string | undefined): Promise<MaintenanceFactsSnapshot> {
    const [clusterRow, regionRow] = await Promise.all([
      this.rows.get(MaintenanceTable.clusterPartition, encodeTableKey(clusterKey)),
      location ? this.rows.get(MaintenanceTable.regionPartition, encodeTableKey(location)) : undefined,
    ]);
    const cluster = clusterRow ? clusterOf(clusterRow) : undefined;
    const region = regionRow ? regionOf(regionRow) : undefined;
    return {
      clusters: new Map(cluster ? [[cluster.clusterKey, cluster]] : []),
      regions: new Map(region ? [[region.location, region]] : []),
    };
  }

  async saveCluster(record: ClusterMaintenanceRecord): Promise<void> {
    await this.rows.upsert({
      partitionKey: MaintenanceTable.clusterPartition,
      rowKey: encodeTableKey(record.clusterKey),
      ClusterId: record.clusterId,
      Configurations: JSON.stringify(record.configurations),
      ReadAt: new Date(record.readAt).toISOString(),
      Error: record.error ?? '',
    });
  }

  async saveRegion(record: RegionVersionsRecord): Promise<void> {
    await this.rows.upsert({
      partitionKey: MaintenanceTable.regionPartition,
      rowKey: encodeTableKey(record.location),
      Minors: record.minors.join(','),
      ReadAt: new Date(record.readAt).toISOString(),
    });
  }
}

function clusterOf(row: TableRow): ClusterMaintenanceRecord | undefined {
  const readAt = instant(row['ReadAt']);
  const configurations = parseConfigurations(row['Configurations']);
  if (readAt === undefined || !configurations) return undefined;
  const record: ClusterMaintenanceRecord = {
    clusterKey: decodeTableKey(row.rowKey),
    clusterId: typeof row['ClusterId'] === 'string' ? row['ClusterId'] : decodeTableKey(row.rowKey),
    configurations,
    readAt,
  };
  if (typeof row['Error'] === 'string' && row['Error'] !== '') record.error = row['Error'];
  return record;
}

function regionOf(row: TableRow): RegionVersionsRecord | undefined {
  const readAt = instant(row['ReadAt']);
  if (readAt === undefined || typeof row['Minors'] !== 'string') return undefined;
  const minors = row['Minors'].split(',').filter((minor) => /^\d+\.\d+$/.test(minor));
  return { location: decodeTableKey(row.rowKey), minors, readAt };
}

/** The cached configurations; anything but a list of objects with a name is no cache at all. */
function parseConfigurations(value: unknown): MaintenanceConfiguration[] | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    const valid = parsed.every(
      (item) =>
        typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string',
    );
    return valid ? (parsed as MaintenanceConfiguration[]) : undefined;
  } catch {
    return undefined;
  }
}

function instant(value: unknown): number | undefined {
  const parsed =
    typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}
