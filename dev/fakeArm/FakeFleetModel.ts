/** The resources the fake ARM holds, as plain data; `FakeArmState` owns the rules that change them. */
export type PowerCode = 'Running' | 'Stopped';

export interface PendingChange {
  operationId: string;
  to: PowerCode;
  completesAt: number;
  /** Set when the operation is to end in failure. */
  failure?: { code: string; message: string };
}

export interface FakePool {
  name: string;
  mode: 'System' | 'User';
  count: number;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  vmSize: string;
  powerState: PowerCode;
  provisioningState: string;
  tags: Record<string, string>;
  /** What a stop remembered, restored (or, with the AKS bug, not quite) by the next start. */
  stoppedScale?: { count: number; enableAutoScaling: boolean; minCount?: number; maxCount?: number };
  pending?: PendingChange;
}

export interface FakeCluster {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  powerState: PowerCode;
  provisioningState: string;
  nodeProvisioningMode: 'Manual' | 'Auto';
  /** The resource group AKS keeps the cluster's node scale sets in (`MC_<group>_<cluster>_<location>` by default). */
  nodeResourceGroup: string;
  tags: Record<string, string>;
  pools: Map<string, FakePool>;
  pending?: PendingChange;
  /** Another operation (an upgrade) holds the cluster until then: power changes get 409. */
  busyUntil?: number;
}

export interface FakeScaleSet {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  capacity: number;
  powerState: PowerCode;
  provisioningState: string;
  tags: Record<string, string>;
  pending?: PendingChange;
  /** Another operation (a model update) holds the scale set until then: power changes get 409 Conflict. */
  busyUntil?: number;
  /**
   * Each instance's `PowerState/…` code when they differ from `powerState` (someone powered some
   * off without deallocating, or deallocated only some); the next deallocate or start clears it.
   */
  instanceCodes?: string[];
  /** `Uniform` unless said: a Flexible set's instances are ordinary VMs (`vms`), changed one by one. */
  orchestrationMode?: 'Uniform' | 'Flexible';
  /** Flexible only: its VMs, each a `Microsoft.Compute/virtualMachines` resource of its own. */
  vms?: FakeVm[];
}

/** A VM of a Flexible scale set: started and deallocated with the single-VM operations. */
export interface FakeVm {
  name: string;
  resourceGroup: string;
  powerState: PowerCode;
  /** Its `PowerState/…` code when it differs from `powerState` (powered off, still allocated). */
  instanceCode?: string;
  provisioningState: string;
  pending?: PendingChange;
}

export interface FakeOperation {
  id: string;
  subscriptionId: string;
  location: string;
  provider: 'Microsoft.ContainerService' | 'Microsoft.Compute';
  resourceId: string;
  startedAt: number;
  completesAt: number;
  failure?: { code: string; message: string };
}
