import type { ComputeFootprint } from '../../domain/ComputeFootprint.js';
import type { ObservedState } from '../../domain/PowerState.js';
import type { ResourceId } from '../../domain/ResourceId.js';

/** A node pool's size and autoscaler settings: what a stop loses and a start must bring back. */
export interface ScaleSettings {
  count: number;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
}

/** What AKS reports of a cluster's versions and upgrade channels, shared by the cluster and its pools. */
export interface ClusterFacts {
  clusterId: string;
  /** Lower-case region. */
  location?: string;
  kubernetesVersion?: string;
  upgradeChannel?: string;
  nodeOSUpgradeChannel?: string;
  /** The node image versions its pools run. */
  nodeImageVersions: string[];
}

/** One resource as observed this tick, with the facts behind Azure's own refusals. */
export interface ObservedResource {
  /** Lower-case ARM resource ID. */
  key: string;
  id: string;
  state: ObservedState;
  isSystemPool?: boolean;
  hasNodeAutoProvisioning?: boolean;
  isAksManagedScaleSet?: boolean;
  /** Clusters only: the resource group of its node scale sets (a target there overlaps the cluster). */
  nodeResourceGroup?: string;
  /** Node pools only. */
  scale?: ScaleSettings;
  tags: Record<string, string>;
  /** Node pools only: the cluster's tags (a protected cluster protects its pools). */
  clusterTags?: Record<string, string>;
  /** The nodes it runs, by VM size, and its region, when Azure said (priced by the savings report). */
  footprint?: ComputeFootprint;
  /** An operation AKS runs on it or its cluster (the provisioning state: `Upgrading`, …), if any. */
  operation?: string;
  /** Clusters and node pools: the cluster's versions and upgrade channels. */
  aks?: ClusterFacts;
  /** Node pools only. */
  nodeImageVersion?: string;
}

export type BeginOutcome =
  /**
   * Azure accepted; `operationState` lets a later tick follow it (absent when Azure finished at once).
   * `followResource`: several operations were begun (a Flexible scale set's VMs, one each), so a later
   * tick follows the resource, not one operation; `note` says on how many.
   */
  | { outcome: 'begun'; operationState?: string; followResource?: boolean; note?: string }
  /**
   * Azure's answer was lost, and the retry met our own change (409) already under way: the
   * resource is changing the way we asked. Followed by reading the resource.
   */
  | { outcome: 'under-way' }
  /**
   * Azure answered 409 and the resource is already in the asked state, not moving: someone else
   * changed it (docs/decisions.md, Someone else's state is not our success). Nothing was begun.
   */
  | { outcome: 'already'; state: 'running' | 'stopped' }
  /**
   * Azure asked to wait `retryAfterMs` (longer than an invocation may, or still throttled after the
   * SDK's own retries): not begun, try again after it.
   */
  | { outcome: 'throttled'; retryAfterMs: number; code: string; message: string }
  /** Another operation is changing the resource (HTTP 409): not begun, owed until it settles. */
  | { outcome: 'conflict'; code: string; message: string }
  /** Azure said no for good (HTTP 400, 403, 404): report it. */
  | { outcome: 'refused'; code: string; message: string }
  /** Transient (5xx after the SDK's own retries, or a dropped connection): the queue delivers it again. */
  | { outcome: 'failed'; code: string; message: string };

export type OperationProgress =
  /** `note` says why the status could not be read, when it could not (the resource was read instead). */
  | { status: 'running'; note?: string }
  | { status: 'succeeded' }
  | { status: 'failed'; code: string; message: string };

/** Stopping, starting and observing targets in Azure; implemented by `AzurePowerControl`. */
export interface PowerControl {
  /**
   * The whole fleet's state in a few requests: every cluster, pool and scale set of these
   * subscriptions, except the scale sets of AKS node pools that no target or opt-in tag names.
   */
  observe(
    subscriptionIds: readonly string[],
    targets: readonly ResourceId[],
  ): Promise<Map<string, ObservedResource>>;
  /**
   * These resources only, one GET per cluster (its pools included) or scale set, as `observe` sees
   * them: for one target's action, whose cost must not grow with the fleet.
   */
  observeEach(targets: readonly ResourceId[]): Promise<Map<string, ObservedResource>>;
  /** Begins a stop or start without waiting for it to finish. */
  begin(target: ResourceId, action: 'start' | 'stop'): Promise<BeginOutcome>;
  /**
   * One look at an operation begun earlier. `failed` only when Azure says Failed or Canceled (or
   * the resource is in a failed state); a status that cannot be read is not a failure.
   */
  follow(target: ResourceId, action: 'start' | 'stop', operationState: string): Promise<OperationProgress>;
  /** One resource read directly (a GET or two), for checks where no operation can be followed. */
  read(target: ResourceId): Promise<ObservedResource | undefined>;
  /** A node pool's current size and autoscaler settings, read directly (one GET). */
  readScale(target: ResourceId): Promise<ScaleSettings>;
  /** Puts a node pool's autoscaler settings back (after a start that lost them). */
  setScale(target: ResourceId, scale: ScaleSettings): Promise<void>;
}
