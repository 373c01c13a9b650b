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
  osType: 'Linux' | 'Windows';
  scaleSetPriority: 'Regular' | 'Spot';
  powerState: PowerCode;
  provisioningState: string;
  tags: Record<string, string>;
  /** What a stop remembered, restored (or, with the AKS bug, not quite) by the next start. */
  stoppedScale?: { count: number; enableAutoScaling: boolean; minCount?: number; maxCount?: number };
  pending?: PendingChange;
  /** The Kubernetes version the pool is to run (an upgrade changes it even while the pool is stopped). */
  orchestratorVersion: string;
  /** The version its nodes run: behind `orchestratorVersion` until a stopped pool's nodes start. */
  currentOrchestratorVersion: string;
  nodeImageVersion: string;
  /** When the pool's stop completed (fake clock, ms); absent while it runs. */
  stoppedSince?: number;
  /** An upgrade AKS applied while the pool was stopped: its nodes take it on at the next start, which takes longer. */
  upgradeOwedOnStart?: boolean;
  /** AKS's node-image upgrade running on this pool. */
  maintenance?: FakeMaintenanceOperation;
  /** `osDiskType`: `Managed` (the default here) or `Ephemeral` (on the VM's cache or temp disk: no disk billed). */
  osDiskType?: 'Managed' | 'Ephemeral';
  /** `osDiskSizeGB` (AKS's default is 128). */
  osDiskSizeGB?: number;
}

/** The names AKS accepts for a cluster's maintenance configurations (planned-maintenance.md). */
export type MaintenanceConfigurationName =
  'default' | 'aksManagedAutoUpgradeSchedule' | 'aksManagedNodeOSUpgradeSchedule';

/** A weekday as the MaintenanceConfigurations API spells it. */
export type WeekDay = 'Sunday' | 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday';

/** `properties.maintenanceWindow`, as the API carries it (dates `YYYY-MM-DD`, times `HH:mm` in `utcOffset`). */
export interface MaintenanceWindowJson {
  schedule: {
    daily?: { intervalDays: number };
    weekly?: { intervalWeeks: number; dayOfWeek: WeekDay };
    absoluteMonthly?: { intervalMonths: number; dayOfMonth: number };
    relativeMonthly?: {
      intervalMonths: number;
      weekIndex: 'First' | 'Second' | 'Third' | 'Fourth' | 'Last';
      dayOfWeek: WeekDay;
    };
  };
  durationHours: number;
  utcOffset?: string;
  startDate?: string;
  startTime: string;
  notAllowedDates?: { start: string; end: string }[];
}

/** A maintenance configuration's `properties`: the legacy `default` shape or a `maintenanceWindow`. */
export interface MaintenanceConfigurationProperties {
  timeInWeek?: { day: WeekDay; hourSlots: number[] }[];
  notAllowedTime?: { start: string; end: string }[];
  maintenanceWindow?: MaintenanceWindowJson;
}

export interface FakeMaintenanceConfiguration {
  name: MaintenanceConfigurationName;
  properties: MaintenanceConfigurationProperties;
  createdAt: number;
  lastModifiedAt: number;
}

/** What AKS's own maintenance does: a Kubernetes version upgrade (cluster) or a node-image upgrade (pool). */
export type MaintenanceKind = 'kubernetesUpgrade' | 'nodeImageUpgrade';

/** A maintenance operation AKS is running; its ARM operation (in `operations`) has the same ID. */
export interface FakeMaintenanceOperation {
  id: string;
  kind: MaintenanceKind;
  from: string;
  to: string;
  startedAt: number;
  completesAt: number;
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
  /** `sku.tier`. */
  tier: 'Free' | 'Standard' | 'Premium';
  /** `windowsProfile.licenseType`. */
  windowsLicenseType: 'None' | 'Windows_Server';
  tags: Record<string, string>;
  pools: Map<string, FakePool>;
  pending?: PendingChange;
  /** The Kubernetes version asked for (an upgrade sets it when it begins). */
  kubernetesVersion: string;
  /** The version the control plane runs. */
  currentKubernetesVersion: string;
  /** `autoUpgradeProfile.upgradeChannel`: none, patch, stable, rapid or node-image (legacy). */
  upgradeChannel: UpgradeChannel;
  /** `autoUpgradeProfile.nodeOSUpgradeChannel`: None, Unmanaged, SecurityPatch or NodeImage. */
  nodeOSUpgradeChannel: NodeOSUpgradeChannel;
  /** Its maintenance configurations by lower-case name. */
  maintenanceConfigurations: Map<string, FakeMaintenanceConfiguration>;
  /** When the cluster's stop completed (fake clock, ms); absent while it runs. */
  stoppedSince?: number;
  /** AKS's Kubernetes upgrade running on the cluster (its pools show `Upgrading` meanwhile). */
  maintenance?: FakeMaintenanceOperation;
  /**
   * What the cluster's workloads made in its node resource group besides what AKS makes itself
   * (nodeResourceGroupRows.ts): persistent volumes' disks, and `LoadBalancer` services, each a
   * public IP and a load-balancing rule on the `kubernetes` load balancer.
   */
  workloadResources?: {
    disks?: { name: string; sku: 'Premium_LRS' | 'StandardSSD_LRS' | 'Standard_LRS'; sizeGB: number }[];
    loadBalancerServices?: number;
  };
}

export type UpgradeChannel = 'none' | 'patch' | 'stable' | 'rapid' | 'node-image';
export type NodeOSUpgradeChannel = 'None' | 'Unmanaged' | 'SecurityPatch' | 'NodeImage';

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
  /**
   * The model's data disks (`storageProfile.dataDisks`), each instance with its own managed disk;
   * none unless said. A deallocated instance keeps them, billed (States and billing status of Azure VMs).
   */
  dataDisks?: FakeDataDisk[];
}

/** A data disk of a scale set's model: `managedDisk.storageAccountType` and `diskSizeGB`. */
export interface FakeDataDisk {
  sku: 'Premium_LRS' | 'StandardSSD_LRS' | 'Standard_LRS' | 'Premium_ZRS' | 'StandardSSD_ZRS';
  sizeGB: number;
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
