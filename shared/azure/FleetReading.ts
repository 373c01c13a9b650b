import { mergeNodeGroups, type ComputeFootprint } from '../domain/ComputeFootprint.js';
import { normaliseObservedState } from '../domain/normaliseObservedState.js';
import type { ObservedState } from '../domain/PowerState.js';
import type { ObservedResource } from '../app/ports/PowerControl.js';

/** What Resource Graph or a GET says of a cluster and its pools, in one form for both sources. */
export interface ClusterReading {
  id: string;
  powerCode?: string;
  provisioningState?: string;
  nodeProvisioningMode?: string;
  nodeResourceGroup?: string;
  /** The Azure region, e.g. `japaneast`. */
  location?: string;
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
}

/** The cluster and each of its pools as observed resources. */
export function observeCluster(reading: ClusterReading): ObservedResource[] {
  const clusterState = normaliseObservedState({
    ...(reading.powerCode ? { powerState: reading.powerCode } : {}),
    ...(reading.provisioningState ? { provisioningState: reading.provisioningState } : {}),
  });
  const hasNodeAutoProvisioning = reading.nodeProvisioningMode?.toLowerCase() === 'auto';
  const cluster: ObservedResource = {
    key: reading.id.toLowerCase(),
    id: reading.id,
    state: clusterState,
    hasNodeAutoProvisioning,
    ...(reading.nodeResourceGroup ? { nodeResourceGroup: reading.nodeResourceGroup } : {}),
    tags: reading.tags,
  };
  const pools = reading.pools.map((pool): ObservedResource => {
    const id = `${reading.id}/agentPools/${pool.name}`;
    // While the whole cluster starts or stops, its pools are changing with it.
    const poolState =
      clusterState === 'starting' || clusterState === 'stopping'
        ? clusterState
        : normaliseObservedState({
            ...(pool.powerCode ? { powerState: pool.powerCode } : {}),
            ...(pool.provisioningState ? { provisioningState: pool.provisioningState } : {}),
          });
    return {
      key: id.toLowerCase(),
      id,
      state: poolState,
      isSystemPool: pool.mode?.toLowerCase() === 'system',
      hasNodeAutoProvisioning,
      clusterTags: reading.tags,
      scale: {
        count: pool.count ?? 0,
        enableAutoScaling: pool.enableAutoScaling ?? false,
        ...(pool.enableAutoScaling && pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
        ...(pool.enableAutoScaling && pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
      },
      tags: pool.tags,
      ...footprintOf(reading.location, [{ vmSize: pool.vmSize ?? '', count: pool.count ?? 0 }]),
    };
  });
  // A cluster's stop stops the pools that run: one stopped on its own is not billed for compute already.
  const clusterFootprint = footprintOf(
    reading.location,
    reading.pools
      .filter((pool) => !/^stopped$/i.test(pool.powerCode ?? ''))
      .map((pool) => ({ vmSize: pool.vmSize ?? '', count: pool.count ?? 0 })),
  );
  return [{ ...cluster, ...clusterFootprint }, ...pools];
}

/**
 * A scale set's state from its instances: changing if any is, stopped only when none is billed.
 * `PowerState/stopped` is powered off but still allocated, and billed as running (Microsoft's VM
 * power states and billing): for us such an instance is running, and a stop deallocates it.
 */
export function observeScaleSet(reading: ScaleSetReading): ObservedResource {
  const states = Object.entries(reading.instancePowerCounts)
    .filter(([, count]) => count > 0)
    .map(([code]) =>
      /^powerstate\/stopped$/i.test(code.trim()) ? 'running' : normaliseObservedState({ powerState: code }),
    );
  const provisioning = normaliseObservedState({
    powerState: 'PowerState/running',
    ...(reading.provisioningState ? { provisioningState: reading.provisioningState } : {}),
  });
  return {
    key: reading.id.toLowerCase(),
    id: reading.id,
    state: provisioning === 'failed' ? 'failed' : aggregate(states),
    isAksManagedScaleSet: Object.keys(reading.tags).some(
      (tag) => tag.toLowerCase() === 'aks-managed-poolname' || tag.toLowerCase() === 'poolname',
    ),
    tags: reading.tags,
    // What a stop would deallocate: the instances that are not deallocated already.
    ...footprintOf(reading.location, [
      {
        vmSize: reading.vmSize ?? '',
        count: Object.entries(reading.instancePowerCounts)
          .filter(([code]) => !/^powerstate\/deallocated$/i.test(code.trim()))
          .reduce((sum, [, count]) => sum + count, 0),
      },
    ]),
  };
}

/** A footprint only when the region and at least one VM size are known. */
function footprintOf(
  location: string | undefined,
  groups: { vmSize: string; count: number }[],
): { footprint?: ComputeFootprint } {
  const nodes = mergeNodeGroups(groups);
  return location && nodes.length > 0 ? { footprint: { location: location.toLowerCase(), nodes } } : {};
}

function aggregate(states: readonly ObservedState[]): ObservedState {
  for (const transitional of ['starting', 'stopping', 'failed', 'unknown'] as const)
    if (states.includes(transitional)) return transitional;
  // Any running instance is billed: the scale set counts as running until every instance is deallocated.
  return states.includes('running') ? 'running' : 'stopped';
}
