import { clusterId, scaleSetId } from './FakeArmState.js';
import { nodeResourceGroupJson } from './nodeResourceGroupRows.js';
import type { FakeCluster, FakeOperation, FakePool, FakeScaleSet, FakeVm } from './FakeFleetModel.js';
import {
  clusterIdentityOf,
  clusterProfileOf,
  poolProfileOf,
  scaleSetProfileOf,
  TENANT_ID,
} from './resourceProfiles.js';

/*
 * JSON bodies shaped like the official Azure REST API examples (AgentPools_Get/List/CreateOrUpdate,
 * ManagedClusters_Get/List, VirtualMachineScaleSets_Get/GetInstanceView, Resources): the same
 * property names and nesting, with values from the fake's state, and as large as Azure's: the
 * unchanging profiles (resourceProfiles.ts) carry what Azure returns besides power and scale.
 */

function autoscaleFields(pool: FakePool): Record<string, unknown> {
  return pool.enableAutoScaling
    ? { enableAutoScaling: true, minCount: pool.minCount, maxCount: pool.maxCount }
    : { enableAutoScaling: false };
}

export function poolProperties(pool: FakePool): Record<string, unknown> {
  return {
    count: pool.count,
    ...autoscaleFields(pool),
    mode: pool.mode,
    vmSize: pool.vmSize,
    ...poolProfileOf(pool),
    osType: pool.osType,
    ...(pool.osType === 'Windows' ? { osSKU: 'Windows2022' } : {}),
    scaleSetPriority: pool.scaleSetPriority,
    ...(pool.scaleSetPriority === 'Spot' ? { scaleSetEvictionPolicy: 'Delete', spotMaxPrice: -1 } : {}),
    orchestratorVersion: pool.orchestratorVersion,
    currentOrchestratorVersion: pool.currentOrchestratorVersion,
    nodeImageVersion: pool.nodeImageVersion,
    powerState: { code: pool.powerState },
    provisioningState: pool.provisioningState,
    tags: pool.tags,
  };
}

export function poolJson(cluster: FakeCluster, pool: FakePool): Record<string, unknown> {
  return {
    id: `${clusterId(cluster)}/agentPools/${pool.name}`,
    name: pool.name,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties: poolProperties(pool),
  };
}

export function clusterJson(cluster: FakeCluster): Record<string, unknown> {
  return {
    id: clusterId(cluster),
    name: cluster.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: cluster.location,
    tags: cluster.tags,
    sku: { name: 'Base', tier: cluster.tier },
    identity: clusterIdentityOf(cluster),
    properties: {
      provisioningState: cluster.provisioningState,
      powerState: { code: cluster.powerState },
      kubernetesVersion: cluster.kubernetesVersion,
      currentKubernetesVersion: cluster.currentKubernetesVersion,
      ...clusterProfileOf(cluster),
      // As ManagedClusters_Get shows a cluster made with Windows pools in mind (adminPassword is never returned).
      ...([...cluster.pools.values()].some((pool) => pool.osType === 'Windows')
        ? { windowsProfile: { adminUsername: 'azureuser', licenseType: cluster.windowsLicenseType } }
        : {}),
      autoUpgradeProfile: {
        upgradeChannel: cluster.upgradeChannel,
        nodeOSUpgradeChannel: cluster.nodeOSUpgradeChannel,
      },
      nodeProvisioningProfile: { mode: cluster.nodeProvisioningMode },
      nodeResourceGroup: cluster.nodeResourceGroup,
      agentPoolProfiles: [...cluster.pools.values()].map((pool) => ({
        name: pool.name,
        ...poolProperties(pool),
      })),
    },
  };
}

function instancePowerCode(scaleSet: FakeScaleSet, instance: number): string {
  if (scaleSet.pending)
    return scaleSet.pending.to === 'Stopped' ? 'PowerState/deallocating' : 'PowerState/starting';
  const code = scaleSet.instanceCodes?.[instance];
  if (code) return code;
  return scaleSet.powerState === 'Running' ? 'PowerState/running' : 'PowerState/deallocated';
}

export function scaleSetJson(scaleSet: FakeScaleSet): Record<string, unknown> {
  const profile = scaleSetProfileOf(scaleSet);
  return {
    id: scaleSetId(scaleSet),
    name: scaleSet.name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: scaleSet.location,
    tags: scaleSet.tags,
    sku: { name: 'Standard_D2s_v3', tier: 'Standard', capacity: scaleSet.capacity },
    zones: profile.zones,
    etag: `"${scaleSet.capacity}"`,
    properties: {
      ...profile.properties,
      orchestrationMode: scaleSet.orchestrationMode ?? 'Uniform',
      provisioningState: scaleSet.provisioningState.toLowerCase(),
    },
  };
}

/** A Flexible set's VM's `PowerState/…` code, as its instance view (and Resource Graph) show it. */
function vmPowerCode(vm: FakeVm): string {
  if (vm.pending) return vm.pending.to === 'Stopped' ? 'PowerState/deallocating' : 'PowerState/starting';
  if (vm.instanceCode) return vm.instanceCode;
  return vm.powerState === 'Running' ? 'PowerState/running' : 'PowerState/deallocated';
}

export function vmId(scaleSet: FakeScaleSet, vm: FakeVm): string {
  return `/subscriptions/${scaleSet.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
}

/**
 * VirtualMachines_Get (and each VM of VirtualMachines_List/ListAll) of a Flexible set's VM, as the
 * official examples shape it: `virtualMachineScaleSet.id` names its set; `$expand=instanceView`
 * adds the statuses, the power state among them.
 */
export function vmJson(
  scaleSet: FakeScaleSet,
  vm: FakeVm,
  withInstanceView: boolean,
): Record<string, unknown> {
  const provisioning = vm.pending ? 'Updating' : vm.provisioningState;
  return {
    id: vmId(scaleSet, vm),
    name: vm.name,
    type: 'Microsoft.Compute/virtualMachines',
    location: scaleSet.location,
    tags: scaleSet.tags,
    properties: {
      hardwareProfile: { vmSize: 'Standard_D2s_v3' },
      virtualMachineScaleSet: { id: scaleSetId(scaleSet) },
      provisioningState: provisioning,
      ...(withInstanceView
        ? {
            instanceView: {
              statuses: [
                {
                  code: `ProvisioningState/${provisioning.toLowerCase()}`,
                  level: 'Info',
                  displayStatus: `Provisioning ${provisioning.toLowerCase()}`,
                },
                { code: vmPowerCode(vm), level: 'Info' },
              ],
            },
          }
        : {}),
    },
  };
}

/**
 * VirtualMachineScaleSets_GetInstanceView as Microsoft documents it: `statusesSummary` counts the
 * instances' provisioning states only (no power state), so power states must be read elsewhere.
 */
export function instanceViewJson(scaleSet: FakeScaleSet): Record<string, unknown> {
  return {
    virtualMachine: {
      statusesSummary: [
        {
          code: `ProvisioningState/${scaleSet.pending ? 'updating' : scaleSet.provisioningState.toLowerCase()}`,
          count: scaleSet.capacity,
        },
      ],
    },
    statuses: [
      {
        code: `ProvisioningState/${scaleSet.provisioningState.toLowerCase()}`,
        level: 'Info',
        displayStatus: scaleSet.provisioningState,
      },
    ],
  };
}

/** VirtualMachineScaleSetVMs_List with `$expand=instanceView`: each instance with its statuses. */
export function scaleSetVmsJson(scaleSet: FakeScaleSet, withInstanceView: boolean): Record<string, unknown> {
  return {
    value: Array.from({ length: scaleSet.capacity }, (_, instance) => ({
      id: `${scaleSetId(scaleSet)}/virtualMachines/${instance}`,
      name: `${scaleSet.name}_${instance}`,
      instanceId: String(instance),
      type: 'Microsoft.Compute/virtualMachines',
      location: scaleSet.location,
      properties: {
        latestModelApplied: true,
        provisioningState: scaleSet.pending ? 'Updating' : scaleSet.provisioningState,
        ...(withInstanceView
          ? {
              instanceView: {
                statuses: [
                  {
                    code: `ProvisioningState/${scaleSet.pending ? 'updating' : scaleSet.provisioningState.toLowerCase()}`,
                    level: 'Info',
                    displayStatus: 'Provisioning succeeded',
                  },
                  { code: instancePowerCode(scaleSet, instance), level: 'Info' },
                ],
              },
            }
          : {}),
      },
    })),
  };
}

export function operationStatusJson(operation: FakeOperation, now: number): Record<string, unknown> {
  const done = now >= operation.completesAt;
  const status = !done ? 'InProgress' : operation.failure ? 'Failed' : 'Succeeded';
  return {
    id: operationPath(operation),
    name: operation.id,
    status,
    startTime: new Date(operation.startedAt).toISOString(),
    ...(done ? { endTime: new Date(operation.completesAt).toISOString() } : {}),
    ...(done && operation.failure ? { error: operation.failure } : {}),
  };
}

export function operationPath(operation: FakeOperation): string {
  return `/subscriptions/${operation.subscriptionId}/providers/${operation.provider}/locations/${operation.location}/operations/${operation.id}`;
}

export function operationResultPath(operation: FakeOperation): string {
  return `/subscriptions/${operation.subscriptionId}/providers/${operation.provider}/locations/${operation.location}/operationresults/${operation.id}`;
}

/**
 * Resource Graph's `resources` table as it holds clusters and scale sets: every column, the type in
 * lower case, `properties` as a GET returns them. A query projects from these (GraphQuery.ts).
 */
export function resourcesTableRows(
  clusters: Iterable<FakeCluster>,
  scaleSets: Iterable<FakeScaleSet>,
  subscriptions: ReadonlySet<string>,
  nodeResourceGroups = false,
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const row = (json: Record<string, unknown>, resourceGroup: string, subscriptionId: string) => ({
    id: graphIdOf(String(json['id'])),
    name: json['name'],
    type: String(json['type']).toLowerCase(),
    tenantId: TENANT_ID,
    kind: '',
    location: json['location'],
    resourceGroup: resourceGroup.toLowerCase(),
    subscriptionId,
    managedBy: '',
    sku: json['sku'] ?? null,
    plan: null,
    properties: json['properties'],
    tags: json['tags'],
    identity: json['identity'] ?? null,
    zones: json['zones'] ?? null,
    extendedLocation: null,
  });
  for (const cluster of clusters)
    if (subscriptions.has(cluster.subscriptionId.toLowerCase())) {
      rows.push(row(clusterJson(cluster), cluster.resourceGroup, cluster.subscriptionId));
      if (nodeResourceGroups)
        for (const json of nodeResourceGroupJson(cluster))
          rows.push({
            ...row({ ...json }, cluster.nodeResourceGroup, cluster.subscriptionId),
            managedBy: json.managedBy ?? '',
          });
    }
  for (const scaleSet of scaleSets)
    if (subscriptions.has(scaleSet.subscriptionId.toLowerCase())) {
      rows.push(row(scaleSetJson(scaleSet), scaleSet.resourceGroup, scaleSet.subscriptionId));
      // A Flexible set's VMs are resources of their own here, with the power state Resource Graph adds.
      for (const vm of scaleSet.vms ?? []) {
        const json = vmJson(scaleSet, vm, false);
        const code = vmPowerCode(vm);
        const properties = json['properties'] as Record<string, unknown>;
        json['properties'] = {
          ...properties,
          extended: {
            instanceView: {
              powerState: { code, level: 'Info', displayStatus: `VM ${code.slice(code.indexOf('/') + 1)}` },
            },
          },
        };
        rows.push(row(json, vm.resourceGroup, scaleSet.subscriptionId));
      }
    }
  return rows;
}

/**
 * Resource Graph's `computeresources` table as it holds scale-set instances: one row per instance,
 * every column, the type in lower case, and in `properties` what Compute returns for a scale-set VM
 * (VirtualMachineScaleSetVMs_Get's shape) plus the `extended.instanceView.powerState` Resource Graph
 * adds. A query counts power states from these itself (GraphQuery.ts); nothing here is shaped for
 * one client's query.
 */
export function computeResourcesTableRows(
  scaleSets: Iterable<FakeScaleSet>,
  subscriptions: ReadonlySet<string>,
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const scaleSet of scaleSets)
    // A Flexible set's VMs are in `resources`, not here.
    if (subscriptions.has(scaleSet.subscriptionId.toLowerCase()) && !scaleSet.vms) {
      const resourceGroup = scaleSet.resourceGroup.toLowerCase();
      const instances = instancesOf(scaleSet);
      for (const { id, name, zones, properties } of instances)
        rows.push({
          id,
          name,
          type: 'microsoft.compute/virtualmachinescalesets/virtualmachines',
          tenantId: TENANT_ID,
          kind: '',
          location: scaleSet.location,
          resourceGroup,
          subscriptionId: scaleSet.subscriptionId,
          managedBy: '',
          sku: INSTANCE_SKU,
          plan: null,
          properties,
          tags: scaleSet.tags,
          identity: null,
          zones,
          extendedLocation: null,
        });
    }
  return rows;
}

/** What a row of `computeresources` holds that no query changes (a query's rows are its own, their values shared). */
interface InstanceFields {
  id: string;
  name: string;
  zones: string[] | null;
  powerCode: string;
  provisioningState: string;
  properties: Record<string, unknown>;
}

const INSTANCE_SKU = { name: 'Standard_D2s_v3', tier: 'Standard' };
const INSTANCE_HARDWARE = { vmSize: 'Standard_D2s_v3' };

/**
 * Each scale set's instances, kept between queries and remade only where an instance's power or
 * provisioning state changed: the fleet benchmark reads tens of thousands of them every tick.
 */
const instanceFields = new WeakMap<FakeScaleSet, InstanceFields[]>();

function instancesOf(scaleSet: FakeScaleSet): InstanceFields[] {
  let instances = instanceFields.get(scaleSet);
  if (!instances) instanceFields.set(scaleSet, (instances = []));
  instances.length = Math.min(instances.length, scaleSet.capacity);
  const provisioningState = scaleSet.pending ? 'Updating' : scaleSet.provisioningState;
  for (let instance = 0; instance < scaleSet.capacity; instance++) {
    const powerCode = instancePowerCode(scaleSet, instance);
    const known = instances[instance];
    if (known?.powerCode !== powerCode || known.provisioningState !== provisioningState)
      instances[instance] = instanceFieldsOf(scaleSet, instance, powerCode, provisioningState);
  }
  return instances;
}

function instanceFieldsOf(
  scaleSet: FakeScaleSet,
  instance: number,
  powerCode: string,
  provisioningState: string,
): InstanceFields {
  const zones = scaleSetProfileOf(scaleSet).zones;
  return {
    id: graphIdOf(`${scaleSetId(scaleSet)}/virtualMachines/${instance}`),
    name: `${scaleSet.name}_${instance}`,
    zones: zones.length > 0 ? [zones[instance % zones.length] ?? ''] : null,
    powerCode,
    provisioningState,
    properties: {
      instanceId: String(instance),
      latestModelApplied: true,
      modelDefinitionApplied: 'VirtualMachineScaleSet',
      hardwareProfile: INSTANCE_HARDWARE,
      osProfile: { computerName: `${scaleSet.name}${instance.toString(36).padStart(6, '0')}` },
      provisioningState,
      // Resource Graph's addition to what Compute returns: the instance view's power state.
      extended: {
        instanceView: {
          powerState: {
            code: powerCode,
            level: 'Info',
            displayStatus: `VM ${powerCode.slice(powerCode.indexOf('/') + 1)}`,
          },
        },
      },
    },
  };
}

/**
 * Resource Graph returns IDs whose case differs from ARM's (the resource group lower-cased, as it
 * is stored), so nothing may compare IDs case-sensitively.
 */
function graphIdOf(armId: string): string {
  return armId.replace(
    /\/resourceGroups\/([^/]+)\//i,
    (_match, group: string) => `/resourcegroups/${group.toLowerCase()}/`,
  );
}
