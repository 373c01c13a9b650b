import { randomUUID } from 'node:crypto';
import { ArmError } from './ArmError.js';
import type {
  FakeCluster,
  FakeOperation,
  FakePool,
  FakeScaleSet,
  FakeVm,
  PendingChange,
  PowerCode,
} from './FakeFleetModel.js';

export interface PoolSpec {
  name: string;
  mode?: 'System' | 'User';
  count?: number;
  autoscale?: { minCount: number; maxCount: number };
  tags?: Record<string, string>;
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
}

export interface FakeArmBehaviour {
  /** How long a stop or start takes. */
  operationDurationMs: number;
  /** How long one operation takes, when it varies (from day to day, say); `operationDurationMs` otherwise. */
  operationDurationFor?: (resourceId: string, startedAt: number) => number;
  /** The known AKS issue: a started pool comes back with the autoscaler off. */
  autoscalerLostOnStart: boolean;
}

const lower = (text: string) => text.toLowerCase();

/**
 * The fake's resources and AKS's rules for changing them, with a state machine per resource:
 * Running → Stopping → Stopped and back, each change completing after `operationDurationMs` on the
 * fake's clock. Every read first settles the changes that are due.
 */
export class FakeArmState {
  readonly clusters = new Map<string, FakeCluster>();
  readonly scaleSets = new Map<string, FakeScaleSet>();
  readonly operations = new Map<string, FakeOperation>();
  private readonly failures: { pattern: RegExp; failure: { code: string; message: string } }[] = [];

  constructor(
    readonly now: () => number,
    readonly behaviour: FakeArmBehaviour,
  ) {}

  addCluster(spec: ClusterSpec): FakeCluster {
    const cluster: FakeCluster = {
      subscriptionId: spec.subscriptionId,
      resourceGroup: spec.resourceGroup,
      name: spec.name,
      location: spec.location ?? 'japaneast',
      powerState: 'Running',
      provisioningState: 'Succeeded',
      nodeProvisioningMode: spec.nodeProvisioningMode ?? 'Manual',
      nodeResourceGroup:
        spec.nodeResourceGroup ?? `MC_${spec.resourceGroup}_${spec.name}_${spec.location ?? 'japaneast'}`,
      tags: spec.tags ?? {},
      pools: new Map(),
    };
    for (const pool of spec.pools) cluster.pools.set(lower(pool.name), newPool(pool));
    this.clusters.set(lower(clusterId(cluster)), cluster);
    return cluster;
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
    if (cluster.provisioningState !== 'Succeeded' || pool.provisioningState !== 'Succeeded') {
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
  }

  /** ManagedClusters_Stop / _Start. */
  changeClusterPower(cluster: FakeCluster, to: PowerCode): FakeOperation | undefined {
    this.refuseWhileChanging(cluster.pending, `managed cluster '${cluster.name}'`);
    refuseWhileUpgrading(cluster);
    if (cluster.powerState === to)
      // AKS refuses to stop a stopped cluster (or start a running one) rather than do nothing.
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `managed cluster is in Provisioning State(${cluster.provisioningState}) and Power State(${to}), ${to === 'Stopped' ? 'stopping' : 'starting'} cannot be performed`,
      );
    const operation = this.beginOperation('Microsoft.ContainerService', cluster, clusterId(cluster));
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
   * `durationMs`: AKS answers power changes with 409 OperationNotAllowed meanwhile.
   */
  beginUpgrade(cluster: FakeCluster, durationMs: number): void {
    cluster.busyUntil = this.now() + durationMs;
    cluster.provisioningState = 'Upgrading';
    for (const pool of cluster.pools.values()) pool.provisioningState = 'Upgrading';
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
  }

  operation(id: string): FakeOperation {
    this.settle();
    const operation = this.operations.get(id);
    if (!operation) throw new ArmError(404, 'NotFound', `Operation '${id}' was not found.`);
    return operation;
  }

  /** Completes every change whose time has come. */
  settle(): void {
    const now = this.now();
    for (const cluster of this.clusters.values()) {
      if (cluster.busyUntil !== undefined && cluster.busyUntil <= now) {
        delete cluster.busyUntil;
        cluster.provisioningState = 'Succeeded';
        for (const pool of cluster.pools.values()) pool.provisioningState = 'Succeeded';
      }
      if (cluster.pending && cluster.pending.completesAt <= now)
        this.completeCluster(cluster, cluster.pending);
      for (const pool of cluster.pools.values())
        if (pool.pending && pool.pending.completesAt <= now) completePool(pool, pool.pending);
    }
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

  private restoreScaleOnStart(pool: FakePool): void {
    const remembered = pool.stoppedScale ?? { count: 1, enableAutoScaling: false };
    pool.count = remembered.count;
    pool.enableAutoScaling = this.behaviour.autoscalerLostOnStart ? false : remembered.enableAutoScaling;
    if (pool.enableAutoScaling && remembered.minCount !== undefined && remembered.maxCount !== undefined)
      Object.assign(pool, { minCount: remembered.minCount, maxCount: remembered.maxCount });
  }

  private completeCluster(cluster: FakeCluster, pending: PendingChange): void {
    cluster.provisioningState = pending.failure ? 'Failed' : 'Succeeded';
    if (!pending.failure) {
      for (const pool of cluster.pools.values()) pool.powerState = pending.to;
    }
    delete cluster.pending;
  }
}

function refuseWhileUpgrading(cluster: FakeCluster): void {
  if (cluster.busyUntil !== undefined)
    throw new ArmError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed because there's an in progress upgrade operation on managed cluster '${cluster.name}'. Please wait for it to finish.`,
    );
}

function newPool(spec: PoolSpec): FakePool {
  return {
    name: spec.name,
    mode: spec.mode ?? 'User',
    count: spec.count ?? 3,
    enableAutoScaling: spec.autoscale !== undefined,
    ...(spec.autoscale ? { minCount: spec.autoscale.minCount, maxCount: spec.autoscale.maxCount } : {}),
    vmSize: 'Standard_D4s_v5',
    powerState: 'Running',
    provisioningState: 'Succeeded',
    tags: spec.tags ?? {},
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

function completePool(pool: FakePool, pending: PendingChange): void {
  pool.provisioningState = pending.failure ? 'Failed' : 'Succeeded';
  delete pool.pending;
}

export function clusterId(cluster: Pick<FakeCluster, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}`;
}

export function scaleSetId(
  scaleSet: Pick<FakeScaleSet, 'subscriptionId' | 'resourceGroup' | 'name'>,
): string {
  return `/subscriptions/${scaleSet.subscriptionId}/resourceGroups/${scaleSet.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet.name}`;
}
