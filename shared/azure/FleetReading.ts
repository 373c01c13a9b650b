import { asciiFold } from '../domain/asciiFold.js';
import {
  mergeNodeGroups,
  nodeGroupOf,
  paidTierOf,
  type ComputeFootprint,
  type NodeGroup,
} from '../domain/ComputeFootprint.js';
import { normaliseObservedState } from '../domain/normaliseObservedState.js';
import type { ObservedState } from '../domain/PowerState.js';
import type { ClusterFacts, ObservedResource, ScaleSettings } from '../app/operations/PowerControl.js';

/** What Resource Graph or a GET says of a cluster and its pools, in one form for both sources. */
export interface ClusterReading {
  id: string;
  powerCode?: string;
  provisioningState?: string;
  nodeProvisioningMode?: string;
  nodeResourceGroup?: string;
  /** The Azure region, e.g. `japaneast`. */
  location?: string;
  /** The version the control plane runs (`currentKubernetesVersion`). */
  kubernetesVersion?: string;
  /** `autoUpgradeProfile.upgradeChannel` and `nodeOSUpgradeChannel`. */
  upgradeChannel?: string;
  nodeOSUpgradeChannel?: string;
  /** `sku.tier`: `Free`, `Standard` or `Premium` (billed per cluster hour). */
  tier?: string;
  /** `windowsProfile.licenseType`: `Windows_Server` is Azure Hybrid Benefit for its Windows pools. */
  windowsLicenseType?: string;
  tags: Record<string, string>;
  pools: PoolReading[];
}

export interface PoolReading {
  name: string;
  mode?: string;
  powerCode?: string;
  provisioningState?: string;
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  vmSize?: string;
  nodeImageVersion?: string;
  /** The version the pool's nodes run (`currentOrchestratorVersion`). */
  orchestratorVersion?: string;
  /** `Linux` or `Windows`. */
  osType?: string;
  /** `Regular` or `Spot`. */
  scaleSetPriority?: string;
  tags: Record<string, string>;
}

export interface ScaleSetReading {
  id: string;
  provisioningState?: string;
  location?: string;
  /** The SKU name, e.g. `Standard_D2s_v3`. */
  vmSize?: string;
  tags: Record<string, string>;
  /** How many instances are in each `PowerState/…` code. */
  instancePowerCounts: Record<string, number>;
  /** How many instances the scale set says it has (`sku.capacity`), to tell none from none read. */
  capacity?: number;
  /** The OS disk's `osType` of its model (`Linux`, `Windows`). */
  osType?: string;
  /** Its model's `licenseType` (`Windows_Server`: Azure Hybrid Benefit). */
  licenseType?: string;
  /** Its model's `priority` (`Regular`, `Spot`, `Low`). */
  priority?: string;
}

/*
 * The steady tick observes every target each time (issue 17: 20,000 targets under 2 s), so these
 * read each reading once, without intermediate arrays, spread copies or regular expressions, and
 * normalise each of the few distinct power codes and provisioning states once.
 */

const CACHE_LIMIT = 256;
const statesByCodes = new Map<string, Map<string, ObservedState>>();

/** `normaliseObservedState` of a power code and provisioning state, absent when empty. */
function stateOf(powerCode: string | undefined, provisioningState: string | undefined): ObservedState {
  const code = powerCode || '';
  const provisioning = provisioningState || '';
  let byProvisioning = statesByCodes.get(code);
  let state = byProvisioning?.get(provisioning);
  if (state !== undefined) return state;
  state = normaliseObservedState({
    ...(code ? { powerState: code } : {}),
    ...(provisioning ? { provisioningState: provisioning } : {}),
  });
  if (statesByCodes.size < CACHE_LIMIT) {
    if (!byProvisioning) statesByCodes.set(code, (byProvisioning = new Map()));
    if (byProvisioning.size < CACHE_LIMIT) byProvisioning.set(provisioning, state);
  }
  return state;
}

interface InstanceCode {
  state: ObservedState;
  deallocated: boolean;
}
const instanceCodes = new Map<string, InstanceCode>();

/**
 * An instance's `PowerState/…` code. `PowerState/stopped` is powered off but still allocated, and
 * billed as running (Microsoft's VM power states and billing): for us such an instance is running.
 */
function instanceCodeOf(code: string): InstanceCode {
  let known = instanceCodes.get(code);
  if (known) return known;
  const normal = code.trim().toLowerCase();
  known = {
    state: normal === 'powerstate/stopped' ? 'running' : normaliseObservedState({ powerState: code }),
    deallocated: normal === 'powerstate/deallocated',
  };
  if (instanceCodes.size < CACHE_LIMIT) instanceCodes.set(code, known);
  return known;
}

const lowerCased = new Map<string, string>();

/** A region in lower case; regions are few, so each is lowered once. */
function regionOf(location: string): string {
  let lower = lowerCased.get(location);
  if (lower === undefined) {
    lower = location.toLowerCase();
    if (lowerCased.size < CACHE_LIMIT) lowerCased.set(location, lower);
  }
  return lower;
}

/** `text` compared without regard to case, lowering it only when it could match. */
function equalsIgnoringCase(text: string | undefined, lower: string): boolean {
  return (
    text !== undefined && text.length === lower.length && (text === lower || text.toLowerCase() === lower)
  );
}

/**
 * Provisioning states that are not an operation AKS runs of its own: settled, or a start or stop
 * (which the power state already says). Any other (`Upgrading`, `UpgradingNodeImageVersion`,
 * `Scaling`, `Updating`, …) is an operation a stop must not preempt (docs/maintenance.md).
 */
const NOT_AN_OPERATION = new Set([
  '',
  'succeeded',
  'failed',
  'canceled',
  'starting',
  'stopping',
  'deallocating',
]);

/** The provisioning state when it names an operation under way, else undefined. */
function operationOf(provisioningState: string | undefined): string | undefined {
  if (provisioningState === undefined || provisioningState === 'Succeeded') return undefined;
  return NOT_AN_OPERATION.has(provisioningState.toLowerCase()) ? undefined : provisioningState;
}

/** What AKS reports of a cluster's versions and upgrade channels (docs/maintenance.md). */
function clusterFactsOf(reading: ClusterReading): ClusterFacts {
  const facts: ClusterFacts = { clusterId: reading.id, nodeImageVersions: [] };
  if (reading.location) facts.location = regionOf(reading.location);
  if (reading.kubernetesVersion) facts.kubernetesVersion = reading.kubernetesVersion;
  if (reading.upgradeChannel) facts.upgradeChannel = reading.upgradeChannel;
  if (reading.nodeOSUpgradeChannel) facts.nodeOSUpgradeChannel = reading.nodeOSUpgradeChannel;
  for (const pool of reading.pools)
    if (pool.nodeImageVersion && !facts.nodeImageVersions.includes(pool.nodeImageVersion))
      facts.nodeImageVersions.push(pool.nodeImageVersion);
  return facts;
}

/** The cluster and each of its pools as observed resources. */
export function observeCluster(reading: ClusterReading): ObservedResource[] {
  const clusterState = stateOf(reading.powerCode, reading.provisioningState);
  const hasNodeAutoProvisioning = equalsIgnoringCase(reading.nodeProvisioningMode, 'auto');
  const aks = clusterFactsOf(reading);
  const clusterOperation = operationOf(reading.provisioningState);
  let poolOperation: string | undefined;
  const cluster: ObservedResource = {
    key: asciiFold(reading.id),
    id: reading.id,
    state: clusterState,
    hasNodeAutoProvisioning,
    tags: reading.tags,
    aks,
  };
  if (reading.nodeResourceGroup) cluster.nodeResourceGroup = reading.nodeResourceGroup;
  const region = reading.location ? regionOf(reading.location) : undefined;
  // While the whole cluster starts or stops, its pools are changing with it.
  const clusterChanging = clusterState === 'starting' || clusterState === 'stopping';
  const observed: ObservedResource[] = [cluster];
  // A cluster's stop stops the pools that run: one stopped on its own is not billed for compute already.
  const clusterNodes: NodeGroup[] = [];
  const tier = paidTierOf(reading.tier);
  for (const pool of reading.pools) {
    const id = `${reading.id}/agentPools/${pool.name}`;
    const count = pool.count ?? 0;
    const scale: ScaleSettings = { count, enableAutoScaling: pool.enableAutoScaling ?? false };
    if (pool.enableAutoScaling && pool.minCount !== undefined) scale.minCount = pool.minCount;
    if (pool.enableAutoScaling && pool.maxCount !== undefined) scale.maxCount = pool.maxCount;
    const resource: ObservedResource = {
      key: asciiFold(id),
      id,
      state: clusterChanging ? clusterState : stateOf(pool.powerCode, pool.provisioningState),
      isSystemPool: equalsIgnoringCase(pool.mode, 'system'),
      hasNodeAutoProvisioning,
      clusterTags: reading.tags,
      scale,
      tags: pool.tags,
      aks,
    };
    const operation = operationOf(pool.provisioningState) ?? clusterOperation;
    if (operation) resource.operation = operation;
    poolOperation ??= operationOf(pool.provisioningState);
    if (pool.nodeImageVersion) resource.nodeImageVersion = pool.nodeImageVersion;
    if (region) {
      // The count now, even 0 (the autoscaler took it there): a stop of no nodes saves nothing.
      const group =
        pool.vmSize && count > 0
          ? nodeGroupOf({
              vmSize: pool.vmSize,
              count,
              osType: pool.osType,
              licenseType: reading.windowsLicenseType,
              priority: pool.scaleSetPriority,
            })
          : undefined;
      resource.footprint = footprintOf(region, group ? [group] : [], tier);
      if (group && !equalsIgnoringCase(pool.powerCode, 'stopped')) clusterNodes.push(group);
    }
    observed.push(resource);
  }
  const operation = clusterOperation ?? poolOperation;
  if (operation) cluster.operation = operation;
  if (region) cluster.footprint = footprintOf(region, mergeNodeGroups(clusterNodes), tier);
  return observed;
}

function footprintOf(location: string, nodes: NodeGroup[], tier: ComputeFootprint['tier']): ComputeFootprint {
  return tier ? { location, nodes, tier } : { location, nodes };
}

/**
 * A scale set's state from its instances: changing if any is, stopped only when none is billed.
 * `PowerState/stopped` is powered off but still allocated, and billed as running (Microsoft's VM
 * power states and billing): for us such an instance is running, and a stop deallocates it.
 */
export function observeScaleSet(reading: ScaleSetReading): ObservedResource {
  // The states its instances are in, as bits of STATE_BITS.
  let seen = 0;
  // What a stop would deallocate: the instances that are not deallocated already.
  let billed = 0;
  let counted = 0;
  const counts = reading.instancePowerCounts;
  for (const code in counts) {
    if (!Object.hasOwn(counts, code)) continue;
    const count = counts[code] ?? 0;
    const instance = instanceCodeOf(code);
    if (count > 0) seen |= STATE_BITS[instance.state];
    if (!instance.deallocated) billed += count;
    counted += count;
  }
  // Instances it says it has, none of them read (Resource Graph's index behind, or its answer cut):
  // not known to be stopped, so not reported so.
  if (counted === 0 && (reading.capacity ?? 0) > 0) seen |= STATE_BITS.unknown;
  const failed =
    reading.provisioningState !== undefined &&
    reading.provisioningState !== 'succeeded' &&
    reading.provisioningState !== 'Succeeded' &&
    reading.provisioningState.trim().toLowerCase() === 'failed';
  const resource: ObservedResource = {
    key: asciiFold(reading.id),
    id: reading.id,
    state: failed ? 'failed' : aggregate(seen),
    isAksManagedScaleSet: hasAksPoolTag(reading.tags),
    tags: reading.tags,
  };
  // The instances billed now, even none; not when they could not be read (none counted of some).
  const countsRead = counted > 0 || !((reading.capacity ?? 0) > 0);
  if (reading.location && reading.vmSize && countsRead)
    resource.footprint = {
      location: regionOf(reading.location),
      nodes:
        billed > 0
          ? [
              nodeGroupOf({
                vmSize: reading.vmSize,
                count: billed,
                osType: reading.osType,
                licenseType: reading.licenseType,
                priority: reading.priority,
              }),
            ]
          : [],
    };
  return resource;
}

/** Whether a scale set's tags say AKS made it for a node pool (`aks-managed-poolName`, or `poolName` on older clusters). */
export function hasAksPoolTag(tags: Record<string, string>): boolean {
  for (const tag in tags)
    if (
      Object.hasOwn(tags, tag) &&
      (equalsIgnoringCase(tag, 'aks-managed-poolname') || equalsIgnoringCase(tag, 'poolname'))
    )
      return true;
  return false;
}

const STATE_BITS: Record<ObservedState, number> = {
  running: 1,
  stopped: 2,
  starting: 4,
  stopping: 8,
  failed: 16,
  unknown: 32,
};
const AGGREGATE_ORDER = ['starting', 'stopping', 'failed', 'unknown', 'running'] as const;

function aggregate(seen: number): ObservedState {
  // Any running instance is billed: the scale set counts as running until every instance is deallocated.
  for (const state of AGGREGATE_ORDER) if (seen & STATE_BITS[state]) return state;
  return 'stopped';
}
