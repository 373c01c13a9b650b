import { clusterId } from './clusterId.js';
import type {
  FakeCluster,
  FakeMaintenanceOperation,
  FakeOperation,
  FakePool,
  MaintenanceConfigurationName,
  MaintenanceKind,
} from './FakeFleetModel.js';
import { channelTarget, type KubernetesMinorVersion } from './kubernetesVersions.js';
import { maintenanceWindowAt, type WindowOccurrence } from './maintenanceWindowAt.js';
import { nodeImageVersionAt, WEEKLY_NODE_IMAGES, type NodeImageReleases } from './nodeImageVersionAt.js';

/**
 * How the fake's AKS maintains clusters by itself. Off (`automatic: false`) unless a test, benchmark
 * or the demo turns it on, so a fake without it behaves as before: nothing upgrades on its own.
 */
export interface AksMaintenanceBehaviour {
  /** AKS begins Kubernetes and node-image upgrades by itself, per channel and window. */
  automatic: boolean;
  /**
   * Work for which the cluster has no configuration (no `aksManagedAutoUpgradeSchedule` for a
   * Kubernetes upgrade, no `aksManagedNodeOSUpgradeSchedule` for a node image): `anytime` begins it
   * as soon as it is due and the cluster can take it (AKS documents no window then, so any time is
   * its right), `never` leaves it undone.
   */
  unscheduled: 'anytime' | 'never';
  /** How long AKS's Kubernetes upgrade of a cluster takes. */
  kubernetesUpgradeMs: number;
  /** How long a pool's node-image upgrade takes. */
  nodeImageUpgradeMs: number;
  /** How much longer the start of a pool takes whose nodes owe an upgrade applied while it was stopped. */
  upgradeOwedStartMs: number;
  /** A stop sent while AKS upgrades the cluster or pool preempts the upgrade (`AKSOperationPreempted`); false: 409 as before. */
  stopPreemptsMaintenance: boolean;
  /** The grain of the fake's maintenance clock: a jump of the clock is walked in steps this long. */
  stepMs: number;
  nodeImages: NodeImageReleases;
}

export const DEFAULT_AKS_MAINTENANCE: AksMaintenanceBehaviour = {
  automatic: false,
  unscheduled: 'anytime',
  kubernetesUpgradeMs: 60 * 60_000,
  nodeImageUpgradeMs: 30 * 60_000,
  upgradeOwedStartMs: 20 * 60_000,
  stopPreemptsMaintenance: true,
  stepMs: 5 * 60_000,
  nodeImages: WEEKLY_NODE_IMAGES,
};

/** One line of `FakeArmState.maintenanceLog`. */
export interface MaintenanceLogEntry {
  /** When it happened, on the fake's clock (ms). */
  at: number;
  /**
   * `began` and `completed` an upgrade; `preempted` by a stop (its operation ended Failed,
   * `AKSOperationPreempted`); `deferred` a window closed with the work due and not begun (the
   * cluster or pool was stopped or busy); `appliedOnStart` a stopped pool's nodes took on the
   * upgrade applied while it was stopped.
   */
  event: 'began' | 'completed' | 'preempted' | 'deferred' | 'appliedOnStart';
  kind: MaintenanceKind;
  /** The cluster's ID (Kubernetes upgrade) or the pool's (node image), as ARM spells it. */
  resourceId: string;
  operationId?: string;
  /** Versions: Kubernetes `1.33.2` or node image `AKSUbuntu-…`. */
  from?: string;
  to?: string;
  /** The configuration whose window the work ran or was deferred in; absent when unscheduled. */
  configuration?: MaintenanceConfigurationName;
  window?: WindowOccurrence;
  /** Why deferred: `cluster stopped`, `pool stopped` or `busy`. */
  reason?: string;
  /** The ID of the stop's operation that preempted it. */
  preemptedBy?: string;
}

/** What the maintenance needs of the fake's state. */
export interface MaintenanceHost {
  readonly behaviour: { maintenance: AksMaintenanceBehaviour };
  kubernetesVersionsIn(location: string): readonly KubernetesMinorVersion[];
  recordOperation(
    owner: { subscriptionId: string; location: string },
    resourceId: string,
    startedAt: number,
    completesAt: number,
  ): FakeOperation;
  readonly operations: Map<string, FakeOperation>;
}

const SCHEDULE_OF: Record<MaintenanceKind, MaintenanceConfigurationName> = {
  kubernetesUpgrade: 'aksManagedAutoUpgradeSchedule',
  nodeImageUpgrade: 'aksManagedNodeOSUpgradeSchedule',
};
const CONFIGURATION_KEY: Record<MaintenanceKind, string> = {
  kubernetesUpgrade: SCHEDULE_OF.kubernetesUpgrade.toLowerCase(),
  nodeImageUpgrade: SCHEDULE_OF.nodeImageUpgrade.toLowerCase(),
};
/** No configuration for the work, and unscheduled work may begin at any time. */
const UNSCHEDULED = Symbol('unscheduled');
/** No window open for the work now. */
const CLOSED = Symbol('closed');

/** The window a begun upgrade runs in; empty when unscheduled. */
type Scheduled = Pick<MaintenanceLogEntry, 'configuration' | 'window'>;

interface Deferral {
  kind: MaintenanceKind;
  resourceId: string;
  from: string;
  to: string;
  window: WindowOccurrence;
  reason: string;
}

/**
 * AKS's own maintenance on the fake's clusters (planned-maintenance.md, auto-upgrade-cluster.md,
 * auto-upgrade-node-os-image.md): inside an open window of the work's configuration AKS begins a
 * Kubernetes upgrade (cluster and pools `Upgrading`) or a node-image upgrade (pool
 * `UpgradingNodeImageVersion`) only while the cluster, and for a node image the pool, runs and no
 * other operation holds it; no new work begins after the window closes, work under way finishes,
 * and work not begun waits for a later window. Stopped pools take a Kubernetes upgrade (their
 * `orchestratorVersion` changes) and their nodes apply it at the next start.
 */
export class FakeAksMaintenance {
  readonly log: MaintenanceLogEntry[] = [];
  /** Work a window saw blocked, by the cluster (Kubernetes upgrade) or pool (node image) it is for. */
  private readonly deferrals = new Map<FakeCluster | FakePool, Deferral>();
  /** The instant of the last pass that considered new work: later reads at the same instant do not again. */
  private consideredAt = Number.NEGATIVE_INFINITY;
  private latestImage: { releases: NodeImageReleases; release: number; version: string } | undefined;
  private readonly targets = new WeakMap<
    readonly KubernetesMinorVersion[],
    Map<string, string | undefined>
  >();

  constructor(private readonly host: MaintenanceHost) {}

  private get behaviour(): AksMaintenanceBehaviour {
    return this.host.behaviour.maintenance;
  }

  latestNodeImage(at: number): string {
    const { nodeImages } = this.behaviour;
    const release = Math.floor((at - nodeImages.firstReleaseAt) / nodeImages.everyMs);
    if (this.latestImage?.releases !== nodeImages || this.latestImage.release !== release)
      this.latestImage = { releases: nodeImages, release, version: nodeImageVersionAt(nodeImages, at) };
    return this.latestImage.version;
  }

  /** The channel's next version for a cluster, remembered per catalog: asked for every cluster at every step. */
  private targetOf(cluster: FakeCluster): string | undefined {
    const catalog = this.host.kubernetesVersionsIn(cluster.location);
    let targets = this.targets.get(catalog);
    if (!targets) this.targets.set(catalog, (targets = new Map()));
    const key = `${cluster.upgradeChannel} ${cluster.currentKubernetesVersion}`;
    if (!targets.has(key))
      targets.set(key, channelTarget(catalog, cluster.upgradeChannel, cluster.currentKubernetesVersion));
    return targets.get(key);
  }

  /** Ends what is due at `at`, then begins what a window (or no window) lets begin. */
  step(cluster: FakeCluster, at: number): void {
    if (cluster.maintenance && cluster.maintenance.completesAt <= at) this.completeKubernetes(cluster);
    for (const pool of cluster.pools.values())
      if (pool.maintenance && pool.maintenance.completesAt <= at) this.completeNodeImage(cluster, pool);
    if (!this.behaviour.automatic || at <= this.consideredAt) return;
    this.considerKubernetes(cluster, at);
    if (
      cluster.nodeOSUpgradeChannel === 'NodeImage' ||
      cluster.nodeOSUpgradeChannel === 'SecurityPatch' ||
      cluster.upgradeChannel === 'node-image'
    )
      for (const pool of cluster.pools.values()) this.considerNodeImage(cluster, pool, at);
  }

  /** Ends a pass over every cluster at `at`: logs the windows that closed by then with their work not begun. */
  endPass(at: number): void {
    if (this.behaviour.automatic) this.consideredAt = Math.max(this.consideredAt, at);
    for (const [resource, deferral] of this.deferrals) {
      if (deferral.window.closesAt > at) continue;
      this.deferrals.delete(resource);
      this.log.push({
        at: deferral.window.closesAt,
        event: 'deferred',
        kind: deferral.kind,
        resourceId: deferral.resourceId,
        from: deferral.from,
        to: deferral.to,
        configuration: SCHEDULE_OF[deferral.kind],
        window: deferral.window,
        reason: deferral.reason,
      });
    }
  }

  /**
   * A Kubernetes upgrade begun at once, as someone's `az aks upgrade` (to `to`, or the version it
   * runs: a long operation that changes nothing). Holds the cluster and its pools for `durationMs`.
   */
  beginKubernetesUpgrade(cluster: FakeCluster, at: number, durationMs: number, to?: string): void {
    this.beginKubernetes(cluster, at, durationMs, to ?? cluster.currentKubernetesVersion, {});
  }

  /** A stop's answer to AKS's upgrades on the cluster and all its pools: each ends Failed. */
  preemptCluster(cluster: FakeCluster, byOperationId: string, at: number): void {
    const operation = cluster.maintenance;
    if (operation) {
      this.fail(operation, byOperationId, at);
      cluster.kubernetesVersion = operation.from;
      cluster.provisioningState = 'Succeeded';
      for (const pool of cluster.pools.values()) pool.provisioningState = 'Succeeded';
      delete cluster.maintenance;
      this.logEnd('preempted', operation, clusterId(cluster), at, byOperationId);
    }
    for (const pool of cluster.pools.values()) this.preemptPool(cluster, pool, byOperationId, at);
  }

  /** A pool stop's answer to the node-image upgrade on that pool. */
  preemptPool(cluster: FakeCluster, pool: FakePool, byOperationId: string, at: number): void {
    const operation = pool.maintenance;
    if (!operation) return;
    this.fail(operation, byOperationId, at);
    pool.provisioningState = 'Succeeded';
    delete pool.maintenance;
    this.logEnd('preempted', operation, poolId(cluster, pool), at, byOperationId);
  }

  /** A started pool's nodes take on the Kubernetes version AKS set while it was stopped, and the latest image. */
  applyOwedUpgrade(cluster: FakeCluster, pool: FakePool, at: number): void {
    if (!pool.upgradeOwedOnStart) return;
    const from = pool.currentOrchestratorVersion;
    pool.currentOrchestratorVersion = pool.orchestratorVersion;
    pool.nodeImageVersion = this.latestNodeImage(at);
    delete pool.upgradeOwedOnStart;
    this.log.push({
      at,
      event: 'appliedOnStart',
      kind: 'kubernetesUpgrade',
      resourceId: poolId(cluster, pool),
      from,
      to: pool.orchestratorVersion,
    });
  }

  private considerKubernetes(cluster: FakeCluster, at: number): void {
    const to = this.targetOf(cluster);
    if (!to || cluster.maintenance) return;
    const window = this.windowFor(cluster, 'kubernetesUpgrade', at);
    if (window === CLOSED) return;
    this.consider(cluster, window, clusterBlocker(cluster), {
      kind: 'kubernetesUpgrade',
      resourceId: clusterId(cluster),
      from: cluster.currentKubernetesVersion,
      to,
      begin: (scheduled) =>
        this.beginKubernetes(cluster, at, this.behaviour.kubernetesUpgradeMs, to, scheduled),
    });
  }

  private considerNodeImage(cluster: FakeCluster, pool: FakePool, at: number): void {
    const to = this.latestNodeImage(at);
    if (pool.nodeImageVersion >= to || pool.maintenance) return;
    const window = this.windowFor(cluster, 'nodeImageUpgrade', at);
    if (window === CLOSED) return;
    const blocker =
      clusterBlocker(cluster) ??
      (pool.powerState !== 'Running' ? 'pool stopped' : undefined) ??
      (pool.pending || pool.provisioningState !== 'Succeeded' ? 'busy' : undefined);
    this.consider(pool, window, blocker, {
      kind: 'nodeImageUpgrade',
      resourceId: poolId(cluster, pool),
      from: pool.nodeImageVersion,
      to,
      begin: (scheduled) => this.beginNodeImage(cluster, pool, at, to, scheduled),
    });
  }

  /**
   * The window of the work's configuration open at `at`; `UNSCHEDULED` when the cluster has none
   * and unscheduled work may begin; `CLOSED` otherwise.
   */
  private windowFor(
    cluster: FakeCluster,
    kind: MaintenanceKind,
    at: number,
  ): WindowOccurrence | typeof UNSCHEDULED | typeof CLOSED {
    const windowJson = cluster.maintenanceConfigurations.get(CONFIGURATION_KEY[kind])?.properties
      .maintenanceWindow;
    if (!windowJson) return this.behaviour.unscheduled === 'anytime' ? UNSCHEDULED : CLOSED;
    return maintenanceWindowAt(windowJson, at) ?? CLOSED;
  }

  /** Begins the work if nothing blocks it; else, inside a window, notes the deferral. */
  private consider(
    resource: FakeCluster | FakePool,
    window: WindowOccurrence | typeof UNSCHEDULED,
    blocker: string | undefined,
    { begin, ...work }: Omit<Deferral, 'window' | 'reason'> & { begin: (scheduled: Scheduled) => void },
  ): void {
    if (blocker === undefined) {
      this.deferrals.delete(resource);
      begin(window === UNSCHEDULED ? {} : { configuration: SCHEDULE_OF[work.kind], window });
      return;
    }
    // The reason kept is the last one seen before the window closes.
    if (window !== UNSCHEDULED) this.deferrals.set(resource, { ...work, window, reason: blocker });
  }

  private beginKubernetes(
    cluster: FakeCluster,
    at: number,
    durationMs: number,
    to: string,
    scheduled: Scheduled,
  ): void {
    cluster.maintenance = this.begin(
      cluster,
      {
        kind: 'kubernetesUpgrade',
        resourceId: clusterId(cluster),
        from: cluster.currentKubernetesVersion,
        to,
      },
      at,
      durationMs,
      scheduled,
    );
    cluster.kubernetesVersion = to;
    cluster.provisioningState = 'Upgrading';
    for (const pool of cluster.pools.values()) pool.provisioningState = 'Upgrading';
  }

  private beginNodeImage(
    cluster: FakeCluster,
    pool: FakePool,
    at: number,
    to: string,
    scheduled: Scheduled,
  ): void {
    pool.maintenance = this.begin(
      cluster,
      { kind: 'nodeImageUpgrade', resourceId: poolId(cluster, pool), from: pool.nodeImageVersion, to },
      at,
      this.behaviour.nodeImageUpgradeMs,
      scheduled,
    );
    // AKS's own word for a pool whose nodes are being re-imaged (azure-cli's tests check it).
    pool.provisioningState = 'UpgradingNodeImageVersion';
  }

  private begin(
    cluster: FakeCluster,
    { kind, resourceId, from, to }: Pick<Deferral, 'kind' | 'resourceId' | 'from' | 'to'>,
    at: number,
    durationMs: number,
    scheduled: Scheduled,
  ): FakeMaintenanceOperation {
    const record = this.host.recordOperation(cluster, resourceId, at, at + durationMs);
    this.log.push({ at, event: 'began', kind, resourceId, operationId: record.id, from, to, ...scheduled });
    return { id: record.id, kind, from, to, startedAt: at, completesAt: record.completesAt };
  }

  private completeKubernetes(cluster: FakeCluster): void {
    const operation = cluster.maintenance;
    if (!operation) return;
    delete cluster.maintenance;
    cluster.kubernetesVersion = operation.to;
    cluster.currentKubernetesVersion = operation.to;
    cluster.provisioningState = 'Succeeded';
    for (const pool of cluster.pools.values()) {
      pool.provisioningState = 'Succeeded';
      if (pool.orchestratorVersion === operation.to && !pool.upgradeOwedOnStart) continue;
      pool.orchestratorVersion = operation.to;
      // auto-upgrade-cluster.md: "Stopped node pools are upgraded during an autoupgrade
      // operation. The upgrade applies to nodes when the node pool is started."
      if (pool.powerState === 'Stopped') pool.upgradeOwedOnStart = true;
      else {
        pool.currentOrchestratorVersion = operation.to;
        pool.nodeImageVersion = this.latestNodeImage(operation.completesAt);
      }
    }
    this.logEnd('completed', operation, clusterId(cluster), operation.completesAt);
  }

  private completeNodeImage(cluster: FakeCluster, pool: FakePool): void {
    const operation = pool.maintenance;
    if (!operation) return;
    delete pool.maintenance;
    pool.nodeImageVersion = operation.to;
    pool.provisioningState = 'Succeeded';
    this.logEnd('completed', operation, poolId(cluster, pool), operation.completesAt);
  }

  private fail(operation: FakeMaintenanceOperation, byOperationId: string, at: number): void {
    const record = this.host.operations.get(operation.id);
    if (!record) return;
    record.completesAt = at;
    // The code and wording of the AKS troubleshooting article "AKSOperationPreempted".
    record.failure = {
      code: 'AKSOperationPreempted',
      message: `This operation has been preempted by another operation with ID ${byOperationId}`,
    };
  }

  private logEnd(
    event: 'completed' | 'preempted',
    operation: FakeMaintenanceOperation,
    resourceId: string,
    at: number,
    preemptedBy?: string,
  ): void {
    this.log.push({
      at,
      event,
      kind: operation.kind,
      resourceId,
      operationId: operation.id,
      from: operation.from,
      to: operation.to,
      ...(preemptedBy ? { preemptedBy } : {}),
    });
  }
}

/** Why AKS cannot begin a Kubernetes upgrade on the cluster now, if it cannot. */
function clusterBlocker(cluster: FakeCluster): string | undefined {
  // planned-maintenance.md: "If the cluster is stopped, its control plane is deallocated and no operations can be performed."
  if (cluster.powerState !== 'Running') return 'cluster stopped';
  const busy =
    cluster.pending !== undefined ||
    cluster.maintenance !== undefined ||
    cluster.provisioningState !== 'Succeeded' ||
    [...cluster.pools.values()].some((pool) => pool.pending || pool.maintenance);
  return busy ? 'busy' : undefined;
}

export function poolId(cluster: FakeCluster, pool: FakePool): string {
  return `${clusterId(cluster)}/agentPools/${pool.name}`;
}
