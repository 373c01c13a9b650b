import { randomUUID } from 'node:crypto';
import { ArmError } from './ArmError.js';
import { clusterId, scaleSetId } from './clusterId.js';
import {
  DEFAULT_AKS_MAINTENANCE,
  FakeAksMaintenance,
  type AksMaintenanceBehaviour,
  type MaintenanceLogEntry,
} from './FakeAksMaintenance.js';
import type {
  FakeCluster,
  FakeDataDisk,
  FakeMaintenanceConfiguration,
  FakeOperation,
  FakePool,
  FakeScaleSet,
  MaintenanceConfigurationProperties,
  NodeOSUpgradeChannel,
  FakeVm,
  PendingChange,
  PowerCode,
  UpgradeChannel,
} from './FakeFleetModel.js';
import { DEFAULT_KUBERNETES_VERSIONS, type KubernetesMinorVersion } from './kubernetesVersions.js';
import { maintenanceConfigurationNameOf, maintenanceConfigurationOf } from './maintenanceConfigurationOf.js';

export interface PoolSpec {
  name: string;
  mode?: 'System' | 'User';
  count?: number;
  autoscale?: { minCount: number; maxCount: number };
  tags?: Record<string, string>;
  /** Default the cluster's `kubernetesVersion`; the nodes run it too. */
  orchestratorVersion?: string;
  /** Default the newest node image released by the time the cluster is added. */
  nodeImageVersion?: string;
  /** A pool stopped since then (fake clock, ms); its `count` is what the start restores. */
  stoppedSince?: number;
  /** Default `Standard_D4s_v5`. */
  vmSize?: string;
  /** Default `Linux`. */
  osType?: 'Linux' | 'Windows';
  /** Default `Regular`. */
  scaleSetPriority?: 'Regular' | 'Spot';
}

export interface ClusterSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  nodeProvisioningMode?: 'Manual' | 'Auto';
  nodeResourceGroup?: string;
  tags?: Record<string, string>;
  pools: PoolSpec[];
  /** Default `1.33.2` (the control plane runs it). */
  kubernetesVersion?: string;
  /** `autoUpgradeProfile.upgradeChannel`, default `none` (AKS's default). */
  upgradeChannel?: UpgradeChannel;
  /** `autoUpgradeProfile.nodeOSUpgradeChannel`, default `NodeImage` (AKS's default since 2023-06-01). */
  nodeOSUpgradeChannel?: NodeOSUpgradeChannel;
  /** Configurations by name, checked as MaintenanceConfigurations_CreateOrUpdate checks them. */
  maintenanceConfigurations?: Record<string, MaintenanceConfigurationProperties>;
  /** A cluster stopped since then (fake clock, ms), its pools with it. */
  stoppedSince?: number;
  /** `sku.tier`, default `Free`. */
  tier?: 'Free' | 'Standard' | 'Premium';
  /** `windowsProfile.licenseType` (`Windows_Server`: Azure Hybrid Benefit); default `None`. */
  windowsLicenseType?: 'None' | 'Windows_Server';
}

export interface ScaleSetSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  capacity?: number;
  tags?: Record<string, string>;
  /** Flexible: `capacity` VMs of its own, `<name>_<n>` in its resource group. */
  orchestrationMode?: 'Uniform' | 'Flexible';
  /** The model's data disks (none unless said). */
  dataDisks?: FakeDataDisk[];
}

export interface FakeArmBehaviour {
  /** How long a stop or start takes. */
  operationDurationMs: number;
  /** How long one operation takes, when it varies (from day to day, say); `operationDurationMs` otherwise. */
  operationDurationFor?: (resourceId: string, startedAt: number) => number;
  /** The known AKS issue: a started pool comes back with the autoscaler off. */
  autoscalerLostOnStart: boolean;
  /** AKS's own maintenance: upgrades, windows, node images, preemption. */
  maintenance: AksMaintenanceBehaviour;
}

/** ARM compares IDs with ASCII letters in any case and nothing else folded: a KELVIN SIGN is not a K. */
const lower = (text: string) => text.replace(/[A-Z]+/g, (capitals) => capitals.toLowerCase());

/**
 * support-policies.md: "When you stop a cluster using the `az aks stop` command, the cluster state
 * is preserved for up to 12 months. After 12 months, the cluster state and all of its resources are
 * deleted."
 */
const STOPPED_STATE_KEPT_MONTHS = 12;

/**
 * The fake's resources and AKS's rules for changing them, with a state machine per resource:
 * Running → Stopping → Stopped and back, each change completing after `operationDurationMs` on the
 * fake's clock. Every read first settles the changes that are due.
 */
export class FakeArmState {
  readonly clusters = new Map<string, FakeCluster>();
  readonly scaleSets = new Map<string, FakeScaleSet>();
  readonly operations = new Map<string, FakeOperation>();
  /** The Kubernetes versions offered per location (lower case); `DEFAULT_KUBERNETES_VERSIONS` elsewhere. */
  readonly kubernetesVersions = new Map<string, readonly KubernetesMinorVersion[]>();
  private readonly failures: { pattern: RegExp; failure: { code: string; message: string } }[] = [];
  private readonly maintenance: FakeAksMaintenance;
  /** The instant every change before has been settled up to (maintenance walks the clock from it). */
  private settledUntil: number;
  private readonly changeListeners: (() => void)[] = [];

  readonly behaviour: FakeArmBehaviour;

  constructor(
    readonly now: () => number,
    behaviour: Omit<FakeArmBehaviour, 'maintenance'> & { maintenance?: Partial<AksMaintenanceBehaviour> },
  ) {
    this.behaviour = {
      ...behaviour,
      // Given any maintenance settings, AKS maintains by itself unless they say otherwise.
      maintenance: {
        ...DEFAULT_AKS_MAINTENANCE,
        ...(behaviour.maintenance ? { automatic: true } : {}),
        ...behaviour.maintenance,
      },
    };
    this.maintenance = new FakeAksMaintenance(this);
    this.settledUntil = now();
  }

  /** Called after each change made through the API or by a test (the fake bill records power history). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Every maintenance operation AKS began, completed, had preempted or deferred, oldest first. */
  get maintenanceLog(): readonly MaintenanceLogEntry[] {
    this.settle();
    return this.maintenance.log;
  }

  /** The newest node image AKS has released by now (weekly). */
  latestNodeImageVersion(): string {
    return this.maintenance.latestNodeImage(this.now());
  }

  setKubernetesVersions(location: string, versions: readonly KubernetesMinorVersion[]): void {
    this.kubernetesVersions.set(lower(location), versions);
  }

  kubernetesVersionsIn(location: string): readonly KubernetesMinorVersion[] {
    return this.kubernetesVersions.get(lower(location)) ?? DEFAULT_KUBERNETES_VERSIONS;
  }

  addCluster(spec: ClusterSpec): FakeCluster {
    const kubernetesVersion = spec.kubernetesVersion ?? '1.33.2';
    const cluster: FakeCluster = {
      subscriptionId: spec.subscriptionId,
      resourceGroup: spec.resourceGroup,
      name: spec.name,
      location: spec.location ?? 'japaneast',
      powerState: spec.stoppedSince === undefined ? 'Running' : 'Stopped',
      provisioningState: 'Succeeded',
      nodeProvisioningMode: spec.nodeProvisioningMode ?? 'Manual',
      nodeResourceGroup:
        spec.nodeResourceGroup ?? `MC_${spec.resourceGroup}_${spec.name}_${spec.location ?? 'japaneast'}`,
      tags: spec.tags ?? {},
      pools: new Map(),
      kubernetesVersion,
      currentKubernetesVersion: kubernetesVersion,
      upgradeChannel: spec.upgradeChannel ?? 'none',
      nodeOSUpgradeChannel: spec.nodeOSUpgradeChannel ?? 'NodeImage',
      maintenanceConfigurations: new Map(),
      ...(spec.stoppedSince === undefined ? {} : { stoppedSince: spec.stoppedSince }),
      tier: spec.tier ?? 'Free',
      windowsLicenseType: spec.windowsLicenseType ?? 'None',
    };
    const image = this.maintenance.latestNodeImage(this.now());
    for (const pool of spec.pools) {
      const stoppedSince = pool.stoppedSince ?? spec.stoppedSince;
      cluster.pools.set(
        lower(pool.name),
        newPool(stoppedSince === undefined ? pool : { ...pool, stoppedSince }, kubernetesVersion, image),
      );
    }
    for (const [name, properties] of Object.entries(spec.maintenanceConfigurations ?? {}))
      this.putMaintenanceConfiguration(cluster, name, { properties });
    this.clusters.set(lower(clusterId(cluster)), cluster);
    this.changed();
    return cluster;
  }

  /** MaintenanceConfigurations_CreateOrUpdate: checked as AKS checks it; true when it was created. */
  putMaintenanceConfiguration(
    cluster: FakeCluster,
    name: string,
    body: unknown,
  ): { configuration: FakeMaintenanceConfiguration; created: boolean } {
    const canonical = maintenanceConfigurationNameOf(name);
    const properties = maintenanceConfigurationOf(canonical, body, this.now());
    const earlier = cluster.maintenanceConfigurations.get(lower(canonical));
    const configuration: FakeMaintenanceConfiguration = {
      name: canonical,
      properties,
      createdAt: earlier?.createdAt ?? this.now(),
      lastModifiedAt: this.now(),
    };
    cluster.maintenanceConfigurations.set(lower(canonical), configuration);
    return { configuration, created: earlier === undefined };
  }

  maintenanceConfiguration(cluster: FakeCluster, name: string): FakeMaintenanceConfiguration {
    const configuration = cluster.maintenanceConfigurations.get(lower(name));
    if (!configuration)
      throw new ArmError(
        404,
        'NotFound',
        `Maintenance configuration '${name}' not found in managed cluster '${cluster.name}'.`,
      );
    return configuration;
  }

  /** MaintenanceConfigurations_Delete: true when there was one. */
  deleteMaintenanceConfiguration(cluster: FakeCluster, name: string): boolean {
    return cluster.maintenanceConfigurations.delete(lower(name));
  }

  addScaleSet(spec: ScaleSetSpec): FakeScaleSet {
    const scaleSet: FakeScaleSet = {
      subscriptionId: spec.subscriptionId,
      resourceGroup: spec.resourceGroup,
      name: spec.name,
      location: spec.location ?? 'japaneast',
      capacity: spec.capacity ?? 2,
      powerState: 'Running',
      provisioningState: 'Succeeded',
      tags: spec.tags ?? {},
      ...(spec.dataDisks ? { dataDisks: spec.dataDisks } : {}),
    };
    if (spec.orchestrationMode === 'Flexible') {
      scaleSet.orchestrationMode = 'Flexible';
      scaleSet.vms = Array.from({ length: scaleSet.capacity }, (_, index) => ({
        name: `${spec.name}_${index}`,
        resourceGroup: spec.resourceGroup,
        powerState: 'Running' as const,
        provisioningState: 'Succeeded',
      }));
    }
    this.scaleSets.set(lower(scaleSetId(scaleSet)), scaleSet);
    this.changed();
    return scaleSet;
  }

  /** A VM of a Flexible scale set, by its resource group and name (the only VMs the fake holds). */
  virtualMachine(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
  ): { scaleSet: FakeScaleSet; vm: FakeVm } {
    this.settle();
    for (const scaleSet of this.scaleSets.values()) {
      if (lower(scaleSet.subscriptionId) !== lower(subscriptionId)) continue;
      const vm = scaleSet.vms?.find(
        (member) =>
          lower(member.name) === lower(name) && lower(member.resourceGroup) === lower(resourceGroup),
      );
      if (vm) return { scaleSet, vm };
    }
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Compute/virtualMachines/${name}' under resource group '${resourceGroup}' was not found.`,
    );
  }

  /**
   * VirtualMachines_Deallocate / _Start of one VM of a Flexible set: Compute's 409 while another
   * operation holds the VM or its set; a VM already as asked answers 200 at once, as Compute does.
   */
  changeVmPower(scaleSet: FakeScaleSet, vm: FakeVm, to: PowerCode): FakeOperation | undefined {
    this.refuseWhileChanging(vm.pending, `virtual machine '${vm.name}'`);
    if (scaleSet.busyUntil !== undefined)
      throw new ArmError(
        409,
        'Conflict',
        `Operation '${to === 'Stopped' ? 'deallocate' : 'start'}' is not allowed on VM '${vm.name}' since another operation is in progress.`,
      );
    if (vm.powerState === to && !vm.instanceCode) return undefined;
    const operation = this.beginOperation(
      'Microsoft.Compute',
      scaleSet,
      `/subscriptions/${scaleSet.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`,
    );
    vm.pending = pendingFor(operation, to);
    delete vm.instanceCode;
    return operation;
  }

  /** The next operation begun on a resource whose ID matches ends Failed with this error. */
  failNextOperation(resourcePattern: RegExp, failure: { code: string; message: string }): void {
    this.failures.push({ pattern: resourcePattern, failure });
  }

  cluster(subscriptionId: string, resourceGroup: string, name: string): FakeCluster {
    this.settle();
    const cluster = this.clusters.get(
      lower(
        `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      ),
    );
    if (!cluster)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found.`,
      );
    return cluster;
  }

  pool(cluster: FakeCluster, name: string): FakePool {
    const pool = cluster.pools.get(lower(name));
    if (!pool)
      throw new ArmError(
        404,
        'NotFound',
        `Agent pool '${name}' not found in managed cluster '${cluster.name}'.`,
      );
    return pool;
  }

  scaleSet(subscriptionId: string, resourceGroup: string, name: string): FakeScaleSet {
    this.settle();
    const scaleSet = this.scaleSets.get(
      lower(
        `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
      ),
    );
    if (!scaleSet)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${name}' under resource group '${resourceGroup}' was not found.`,
      );
    return scaleSet;
  }

  /** AgentPools_CreateOrUpdate with a new `powerState.code`: the rules `az aks nodepool stop/start` meets. */
  changePoolPower(cluster: FakeCluster, pool: FakePool, to: PowerCode): FakeOperation | undefined {
    this.refuseWhileChanging(cluster.pending ?? pool.pending, `managed cluster '${cluster.name}'`);
    refuseWhileUpgrading(cluster);
    const preempting = to === 'Stopped' && pool.maintenance !== undefined && this.preempts();
    if (pool.maintenance && !preempting) refuseWhileUpgrading(cluster, pool);
    if (
      cluster.provisioningState !== 'Succeeded' ||
      (pool.provisioningState !== 'Succeeded' && !preempting)
    ) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Operation is not allowed because the agent pool '${pool.name}' is in provisioning state ${pool.provisioningState}.`,
      );
    }
    if (cluster.powerState === 'Stopped')
      throw new ArmError(
        400,
        'OperationNotAllowed',
        `The managed cluster '${cluster.name}' is stopped; start the cluster before changing its agent pools.`,
      );
    if (cluster.nodeProvisioningMode === 'Auto')
      throw new ArmError(
        400,
        'OperationNotAllowed',
        `Stopping or starting agent pools is not supported on clusters with node auto provisioning.`,
      );
    if (to === 'Stopped' && pool.mode === 'System')
      throw new ArmError(
        400,
        'OperationNotAllowed',
        `System agent pool '${pool.name}' cannot be stopped. Only User agent pools can be stopped.`,
      );
    if (pool.powerState === to) return undefined;
    const operation = this.beginOperation(
      'Microsoft.ContainerService',
      cluster,
      `${clusterId(cluster)}/agentPools/${pool.name}`,
    );
    if (preempting) this.maintenance.preemptPool(cluster, pool, operation.id, operation.startedAt);
    if (to === 'Running' && pool.upgradeOwedOnStart) this.lengthen(operation);
    pool.pending = pendingFor(operation, to);
    pool.powerState = to;
    if (to === 'Stopped') {
      pool.stoppedScale = {
        count: pool.count,
        enableAutoScaling: pool.enableAutoScaling,
        ...autoscaleRange(pool),
      };
      pool.provisioningState = 'Stopping';
      Object.assign(pool, { count: 0, enableAutoScaling: false });
      delete pool.minCount;
      delete pool.maxCount;
    } else {
      pool.provisioningState = 'Starting';
      this.restoreScaleOnStart(pool);
    }
    return operation;
  }

  /** AgentPools_CreateOrUpdate without a power change: the autoscaler settings, applied at once. */
  updatePoolScale(
    cluster: FakeCluster,
    pool: FakePool,
    scale: { count?: number; enableAutoScaling?: boolean; minCount?: number; maxCount?: number },
  ): void {
    this.refuseWhileChanging(cluster.pending ?? pool.pending, `agent pool '${pool.name}'`);
    if (
      scale.enableAutoScaling &&
      (scale.minCount === undefined || scale.maxCount === undefined || scale.minCount > scale.maxCount)
    ) {
      throw new ArmError(
        400,
        'InvalidParameter',
        'minCount and maxCount are required with enableAutoScaling, and minCount must not exceed maxCount.',
      );
    }
    Object.assign(pool, scale);
    if (!pool.enableAutoScaling) {
      delete pool.minCount;
      delete pool.maxCount;
    }
    this.changed();
  }

  /** ManagedClusters_Stop / _Start. */
  changeClusterPower(cluster: FakeCluster, to: PowerCode): FakeOperation | undefined {
    this.refuseWhileChanging(cluster.pending, `managed cluster '${cluster.name}'`);
    // A stop preempts AKS's upgrades on the cluster and its pools; anything else waits for them.
    if (!(to === 'Stopped' && this.preempts())) {
      refuseWhileUpgrading(cluster);
      for (const pool of cluster.pools.values()) if (pool.maintenance) refuseWhileUpgrading(cluster, pool);
    }
    if (cluster.powerState === to)
      // AKS refuses to stop a stopped cluster (or start a running one) rather than do nothing.
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `managed cluster is in Provisioning State(${cluster.provisioningState}) and Power State(${to}), ${to === 'Stopped' ? 'stopping' : 'starting'} cannot be performed`,
      );
    if (to === 'Running') this.refuseLongStopped(cluster);
    const operation = this.beginOperation('Microsoft.ContainerService', cluster, clusterId(cluster));
    if (to === 'Stopped') this.maintenance.preemptCluster(cluster, operation.id, operation.startedAt);
    if (to === 'Running' && [...cluster.pools.values()].some((pool) => pool.upgradeOwedOnStart))
      this.lengthen(operation);
    cluster.pending = pendingFor(operation, to);
    cluster.powerState = to;
    cluster.provisioningState = to === 'Stopped' ? 'Stopping' : 'Starting';
    return operation;
  }

  /** VirtualMachineScaleSets_Deallocate / _Start. */
  changeScaleSetPower(scaleSet: FakeScaleSet, to: PowerCode): FakeOperation | undefined {
    if (scaleSet.orchestrationMode === 'Flexible')
      // Microsoft documents the scale-set batch start and deallocate for Uniform sets only: a
      // Flexible set's VMs are started and deallocated one by one (the fake's own wording).
      throw new ArmError(
        400,
        'OperationNotAllowed',
        `Operation '${to === 'Stopped' ? 'deallocate' : 'start'}' is not supported on VM scale set '${scaleSet.name}' with Flexible orchestration mode; use the operation of each virtual machine.`,
      );
    this.refuseWhileChanging(scaleSet.pending, `virtual machine scale set '${scaleSet.name}'`);
    if (scaleSet.busyUntil !== undefined)
      // Compute's answer while another operation holds the scale set.
      throw new ArmError(
        409,
        'Conflict',
        `Operation '${to === 'Stopped' ? 'deallocate' : 'start'}' is not allowed on VM scale set '${scaleSet.name}' since another operation is in progress.`,
      );
    if (scaleSet.powerState === to && !scaleSet.instanceCodes) return undefined;
    const operation = this.beginOperation('Microsoft.Compute', scaleSet, scaleSetId(scaleSet));
    scaleSet.pending = pendingFor(operation, to);
    delete scaleSet.instanceCodes;
    return operation;
  }

  /**
   * An upgrade (or any long operation someone else began) holds the cluster and its pools for
   * `durationMs` (to `toVersion`, or the version it runs): AKS answers a pool's power change with 409
   * OperationNotAllowed meanwhile; a cluster stop preempts it (`maintenance.stopPreemptsMaintenance`).
   */
  beginUpgrade(cluster: FakeCluster, durationMs: number, toVersion?: string): void {
    this.settle();
    this.maintenance.beginKubernetesUpgrade(cluster, this.now(), durationMs, toVersion);
  }

  /** A model update holds the scale set for `durationMs`: Compute answers 409 Conflict meanwhile. */
  beginScaleSetUpdate(scaleSet: FakeScaleSet, durationMs: number): void {
    scaleSet.busyUntil = this.now() + durationMs;
    scaleSet.provisioningState = 'Updating';
  }

  /**
   * Sets each instance's power code as someone left them: `PowerState/stopped` (powered off in the
   * OS or by `powerOff`, still allocated and billed) or `PowerState/deallocated` for some only.
   */
  setInstanceCodes(scaleSet: FakeScaleSet, codes: string[]): void {
    scaleSet.capacity = codes.length;
    scaleSet.instanceCodes = codes;
    this.changed();
  }

  operation(id: string): FakeOperation {
    this.settle();
    const operation = this.operations.get(id);
    if (!operation) throw new ArmError(404, 'NotFound', `Operation '${id}' was not found.`);
    return operation;
  }

  /**
   * Completes every change whose time has come. With AKS's maintenance automatic, a jump of the
   * clock is walked in `maintenance.stepMs` steps, so a window the jump passed over is seen open
   * (and whatever was stopped then, stopped).
   */
  settle(): void {
    const now = this.now();
    const { automatic, stepMs } = this.behaviour.maintenance;
    if (automatic)
      for (let at = (Math.floor(this.settledUntil / stepMs) + 1) * stepMs; at < now; at += stepMs)
        this.settleClusters(at);
    this.settleClusters(now);
    this.settledUntil = Math.max(this.settledUntil, now);
    this.settleScaleSets(now);
  }

  private settleClusters(at: number): void {
    for (const cluster of this.clusters.values()) {
      if (cluster.pending && cluster.pending.completesAt <= at)
        this.completeCluster(cluster, cluster.pending);
      for (const pool of cluster.pools.values())
        if (pool.pending && pool.pending.completesAt <= at) this.completePool(cluster, pool, pool.pending);
      this.maintenance.step(cluster, at);
    }
    this.maintenance.endPass(at);
  }

  private settleScaleSets(now: number): void {
    for (const scaleSet of this.scaleSets.values()) {
      if (scaleSet.busyUntil !== undefined && scaleSet.busyUntil <= now) {
        delete scaleSet.busyUntil;
        scaleSet.provisioningState = 'Succeeded';
      }
      for (const vm of scaleSet.vms ?? [])
        if (vm.pending && vm.pending.completesAt <= now) {
          if (!vm.pending.failure) vm.powerState = vm.pending.to;
          vm.provisioningState = vm.pending.failure ? 'Failed' : 'Succeeded';
          delete vm.pending;
        }
      if (scaleSet.pending && scaleSet.pending.completesAt <= now) {
        if (!scaleSet.pending.failure) scaleSet.powerState = scaleSet.pending.to;
        scaleSet.provisioningState = scaleSet.pending.failure ? 'Failed' : 'Succeeded';
        delete scaleSet.pending;
      }
    }
  }

  private refuseWhileChanging(pending: PendingChange | undefined, what: string): void {
    if (pending)
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Operation is not allowed because there's an in progress operation on ${what}. Please wait for it to finish.`,
      );
  }

  private beginOperation(
    provider: FakeOperation['provider'],
    owner: { subscriptionId: string; location: string },
    resourceId: string,
  ): FakeOperation {
    const startedAt = this.now();
    const failureIndex = this.failures.findIndex(({ pattern }) => pattern.test(resourceId));
    const failure = failureIndex >= 0 ? this.failures.splice(failureIndex, 1)[0]?.failure : undefined;
    const operation: FakeOperation = {
      id: randomUUID(),
      subscriptionId: owner.subscriptionId,
      location: owner.location,
      provider,
      resourceId,
      startedAt,
      completesAt:
        startedAt +
        (this.behaviour.operationDurationFor?.(resourceId, startedAt) ?? this.behaviour.operationDurationMs),
      ...(failure ? { failure } : {}),
    };
    this.operations.set(operation.id, operation);
    return operation;
  }

  /** An operation AKS began by itself (an upgrade), for the operation-status route and the log. */
  recordOperation(
    owner: { subscriptionId: string; location: string },
    resourceId: string,
    startedAt: number,
    completesAt: number,
  ): FakeOperation {
    const operation: FakeOperation = {
      id: randomUUID(),
      subscriptionId: owner.subscriptionId,
      location: owner.location,
      provider: 'Microsoft.ContainerService',
      resourceId,
      startedAt,
      completesAt,
    };
    this.operations.set(operation.id, operation);
    return operation;
  }

  private preempts(): boolean {
    return this.behaviour.maintenance.stopPreemptsMaintenance;
  }

  /** A start that applies an upgrade owed since the stop takes longer. */
  private lengthen(operation: FakeOperation): void {
    operation.completesAt += this.behaviour.maintenance.upgradeOwedStartMs;
  }

  /**
   * A cluster stopped longer than AKS keeps its state cannot be started. Azure documents the
   * deletion, not the answer to a start; the 400 and its code `StoppedClusterStateExpired` are the
   * fake's choice of shape.
   */
  private refuseLongStopped(cluster: FakeCluster): void {
    if (cluster.stoppedSince === undefined) return;
    const limit = new Date(cluster.stoppedSince);
    limit.setUTCMonth(limit.getUTCMonth() + STOPPED_STATE_KEPT_MONTHS);
    if (this.now() <= limit.getTime()) return;
    throw new ArmError(
      400,
      'StoppedClusterStateExpired',
      `The managed cluster '${cluster.name}' has been stopped since ${new Date(cluster.stoppedSince).toISOString()}, more than ${STOPPED_STATE_KEPT_MONTHS} months; AKS keeps a stopped cluster's state for up to ${STOPPED_STATE_KEPT_MONTHS} months, so it cannot be started (see https://learn.microsoft.com/azure/aks/support-policies).`,
    );
  }

  private restoreScaleOnStart(pool: FakePool): void {
    const remembered = pool.stoppedScale ?? { count: 1, enableAutoScaling: false };
    pool.count = remembered.count;
    pool.enableAutoScaling = this.behaviour.autoscalerLostOnStart ? false : remembered.enableAutoScaling;
    if (pool.enableAutoScaling && remembered.minCount !== undefined && remembered.maxCount !== undefined)
      Object.assign(pool, { minCount: remembered.minCount, maxCount: remembered.maxCount });
  }

  private completeCluster(cluster: FakeCluster, pending: PendingChange): void {
    cluster.provisioningState = pending.failure ? 'Failed' : 'Succeeded';
    delete cluster.pending;
    if (pending.failure) return;
    if (pending.to === 'Stopped') cluster.stoppedSince = pending.completesAt;
    else delete cluster.stoppedSince;
    for (const pool of cluster.pools.values()) {
      if (pending.to === 'Stopped' && pool.powerState !== 'Stopped') pool.stoppedSince = pending.completesAt;
      pool.powerState = pending.to;
      if (pending.to === 'Running') this.poolStarted(cluster, pool, pending.completesAt);
    }
  }

  private completePool(cluster: FakeCluster, pool: FakePool, pending: PendingChange): void {
    pool.provisioningState = pending.failure ? 'Failed' : 'Succeeded';
    delete pool.pending;
    if (pending.failure) return;
    if (pending.to === 'Stopped') pool.stoppedSince = pending.completesAt;
    else this.poolStarted(cluster, pool, pending.completesAt);
  }

  private poolStarted(cluster: FakeCluster, pool: FakePool, at: number): void {
    delete pool.stoppedSince;
    this.maintenance.applyOwedUpgrade(cluster, pool, at);
  }
}

function refuseWhileUpgrading(cluster: FakeCluster, pool?: FakePool): void {
  if (pool?.maintenance)
    throw new ArmError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed because there's an in progress node image upgrade operation on agent pool '${pool.name}'. Please wait for it to finish.`,
    );
  if (cluster.maintenance !== undefined)
    throw new ArmError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed because there's an in progress upgrade operation on managed cluster '${cluster.name}'. Please wait for it to finish.`,
    );
}

function newPool(spec: PoolSpec, kubernetesVersion: string, nodeImageVersion: string): FakePool {
  const orchestratorVersion = spec.orchestratorVersion ?? kubernetesVersion;
  const scale = {
    count: spec.count ?? 3,
    enableAutoScaling: spec.autoscale !== undefined,
    ...(spec.autoscale ? { minCount: spec.autoscale.minCount, maxCount: spec.autoscale.maxCount } : {}),
  };
  const versions = {
    orchestratorVersion,
    currentOrchestratorVersion: orchestratorVersion,
    nodeImageVersion: spec.nodeImageVersion ?? nodeImageVersion,
  };
  const common = {
    name: spec.name,
    mode: spec.mode ?? 'User',
    vmSize: spec.vmSize ?? 'Standard_D4s_v5',
    osType: spec.osType ?? 'Linux',
    scaleSetPriority: spec.scaleSetPriority ?? 'Regular',
    provisioningState: 'Succeeded',
    tags: spec.tags ?? {},
    ...versions,
  } as const;
  // A pool stopped from the start is as a stop leaves it: no nodes, its scale remembered.
  return spec.stoppedSince === undefined
    ? { ...common, ...scale, powerState: 'Running' }
    : {
        ...common,
        count: 0,
        enableAutoScaling: false,
        powerState: 'Stopped',
        stoppedScale: scale,
        stoppedSince: spec.stoppedSince,
      };
}

function autoscaleRange(pool: FakePool): { minCount?: number; maxCount?: number } {
  return pool.enableAutoScaling && pool.minCount !== undefined && pool.maxCount !== undefined
    ? { minCount: pool.minCount, maxCount: pool.maxCount }
    : {};
}

function pendingFor(operation: FakeOperation, to: PowerCode): PendingChange {
  return {
    operationId: operation.id,
    to,
    completesAt: operation.completesAt,
    ...(operation.failure ? { failure: operation.failure } : {}),
  };
}

export { clusterId, scaleSetId } from './clusterId.js';
