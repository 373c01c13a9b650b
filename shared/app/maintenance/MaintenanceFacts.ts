import pLimit from 'p-limit';
import { asciiFold } from '../../domain/asciiFold.js';
import { maintenanceWindowsBetween } from '../../domain/maintenance/maintenanceWindowsBetween.js';
import type { MaintenanceWindow } from '../../domain/maintenance/MaintenanceWindow.js';
import { MaintenanceConfigurationError } from '../../domain/maintenance/MaintenanceConfigurationError.js';
import { parseResourceId } from '../../domain/ResourceId.js';
import { DAY_MS, HOUR_MS } from '../../domain/time.js';
import { MAINTENANCE_HORIZON_MS } from '../../domain/maintenance/maintenanceOutlook.js';
import type { MaintenanceSource } from './MaintenanceSource.js';
import type { ClusterFacts } from '../operations/PowerControl.js';
import type { MaintenanceFactsSnapshot, MaintenanceTable } from './MaintenanceTable.js';

/** Configurations and versions are read again after a day (docs/maintenance.md, What the app reads). */
export const MAINTENANCE_REFRESH_MS = DAY_MS;
/** At most this many clusters or regions are read from Azure per tick, so a large fleet spreads its reads. */
export const MAINTENANCE_READS_PER_TICK = 25;
/** How many of those reads run at once. */
const READ_CONCURRENCY = 4;

export interface MaintenanceFactsDependencies {
  table: MaintenanceTable;
  /** Absent where Azure is not reachable (a plan without sign-in): what was read before is used. */
  source?: MaintenanceSource;
  log: (line: Record<string, unknown>) => void;
}

/**
 * What the app knows of each cluster's planned maintenance, kept in the Maintenance table and read
 * from Azure once a day per cluster (not every tick), a few clusters per tick.
 */
export class MaintenanceFacts {
  constructor(private readonly deps: MaintenanceFactsDependencies) {}

  async load(): Promise<MaintenanceView> {
    return new MaintenanceView(await this.deps.table.load());
  }

  /** What is known of one cluster and its region (two rows read by key), for one target's decision. */
  async loadFor(clusterKey: string, location: string | undefined): Promise<MaintenanceView> {
    return new MaintenanceView(await this.deps.table.loadFor(clusterKey, location));
  }

  /**
   * Reads from Azure the clusters and regions never read or read more than a day ago, oldest first, at
   * most `MAINTENANCE_READS_PER_TICK`. A failed read is logged and tried again at a later tick; what
   * was read before stays in use.
   */
  async refresh(clusters: readonly ClusterFacts[], view: MaintenanceView, now: number): Promise<number> {
    const { source } = this.deps;
    if (!source) return 0;
    const due = dueReads(clusters, view.snapshot, now).slice(0, MAINTENANCE_READS_PER_TICK);
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(due.map((read) => limit(() => this.read(source, read, view, now))));
    return due.length;
  }

  private async read(source: MaintenanceSource, read: DueRead, view: MaintenanceView, now: number) {
    try {
      if (read.kind === 'region') {
        const minors = await source.supportedMinors(read.subscriptionId, read.location);
        const record = { location: read.location, minors, readAt: now };
        await this.deps.table.saveRegion(record);
        view.snapshot.regions.set(read.location, record);
        return;
      }
      const parsed = parseResourceId(read.cluster.clusterId);
      if (!parsed.ok) return;
      const configurations = (await source.configurations(parsed.resourceId)) ?? [];
      const record = {
        clusterKey: parsed.resourceId.key,
        clusterId: read.cluster.clusterId,
        configurations,
        readAt: now,
      };
      await this.deps.table.saveCluster(record);
      view.snapshot.clusters.set(record.clusterKey, record);
    } catch (error) {
      this.deps.log({
        event: 'maintenance-read-failed',
        what: read.kind === 'region' ? read.location : read.cluster.clusterId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

type DueRead =
  | { kind: 'cluster'; cluster: ClusterFacts; readAt: number }
  | { kind: 'region'; subscriptionId: string; location: string; readAt: number };

function dueReads(clusters: readonly ClusterFacts[], snapshot: MaintenanceFactsSnapshot, now: number) {
  const due: DueRead[] = [];
  const regions = new Set<string>();
  for (const cluster of clusters) {
    const key = asciiFold(cluster.clusterId);
    const readAt = snapshot.clusters.get(key)?.readAt ?? 0;
    if (now - readAt >= MAINTENANCE_REFRESH_MS) due.push({ kind: 'cluster', cluster, readAt });
    const location = cluster.location;
    if (!location || regions.has(location)) continue;
    regions.add(location);
    const regionReadAt = snapshot.regions.get(location)?.readAt ?? 0;
    const subscriptionId = parseResourceId(cluster.clusterId);
    if (now - regionReadAt >= MAINTENANCE_REFRESH_MS && subscriptionId.ok)
      due.push({
        kind: 'region',
        subscriptionId: subscriptionId.resourceId.subscriptionId,
        location,
        readAt: regionReadAt,
      });
  }
  return due.sort((left, right) => left.readAt - right.readAt);
}

/** One tick's view of the Maintenance table, with each cluster's windows worked out once. */
export class MaintenanceView {
  private readonly windowsByCluster = new Map<
    string,
    { from: number; windows: MaintenanceWindow[]; problems: string[] }
  >();

  constructor(readonly snapshot: MaintenanceFactsSnapshot) {}

  /** Whether the cluster's configurations have been read. */
  isRead(clusterKey: string): boolean {
    return this.snapshot.clusters.has(clusterKey);
  }

  /**
   * The cluster's windows from a day before `now` to the horizon (four weeks), or undefined when its
   * configurations have not been read yet. A configuration AKS would refuse is left out, and said
   * (`problems`): the others still count.
   */
  windows(clusterKey: string, now: number): MaintenanceWindow[] | undefined {
    return this.worked(clusterKey, now)?.windows;
  }

  /** Why some of the cluster's configurations cannot be read, in words. */
  problems(clusterKey: string, now: number): string[] {
    return this.worked(clusterKey, now)?.problems ?? [];
  }

  private worked(clusterKey: string, now: number) {
    const record = this.snapshot.clusters.get(clusterKey);
    if (!record) return undefined;
    const cached = this.windowsByCluster.get(clusterKey);
    // Worked out once per hour of the tick's clock: windows are hours long and looked at four weeks ahead.
    if (cached && now - cached.from < HOUR_MS && now >= cached.from) return cached;
    const from = now - DAY_MS;
    const to = now + MAINTENANCE_HORIZON_MS + DAY_MS;
    const windows: MaintenanceWindow[] = [];
    const problems: string[] = [];
    for (const configuration of record.configurations) {
      try {
        windows.push(...maintenanceWindowsBetween([configuration], from, to));
      } catch (error) {
        if (!(error instanceof MaintenanceConfigurationError)) throw error;
        problems.push(`the cluster's ${error.message}; its windows are not known`);
      }
    }
    windows.sort((left, right) => left.opens - right.opens);
    const worked = { from: now, windows, problems };
    this.windowsByCluster.set(clusterKey, worked);
    return worked;
  }

  supportedMinors(location: string | undefined): string[] | undefined {
    return location ? this.snapshot.regions.get(location)?.minors : undefined;
  }
}
