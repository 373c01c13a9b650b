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
