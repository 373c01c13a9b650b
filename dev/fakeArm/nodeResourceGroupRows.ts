import { FakeBill } from './FakeBill.js';
import type { FakeCluster, FakePool } from './FakeFleetModel.js';

/*
 * What AKS keeps in a cluster's node resource group (`MC_…`), as ARM GETs show each resource
 * (Disks_Get, PublicIPAddresses_Get, LoadBalancers_Get, VirtualMachineScaleSets_Get): the shapes
 * Resource Graph's `resources` table carries, so that the app reads what keeps billing while a
 * target is stopped (docs/savings.md, What keeps billing while stopped).
 *
 * How it behaves, from what Microsoft documents and users report:
 * - each node pool is a scale set `aks-<pool>-<digits>-vmss` tagged `aks-managed-poolName`, whose
 *   instances are the nodes. A stopped pool's (or stopped cluster's) scale set has capacity 0 and no
 *   instances: users report that a stop deletes them (Azure/AKS#2810, MicrosoftDocs/azure-docs#80093),
 *   and Microsoft says not to change the instances of a stopped pool (start-stop-nodepools.md); the
 *   start makes the nodes afresh. So no OS disk is left billing. Each instance's OS disk is part of
 *   the instance (not a disk resource of its own in a Uniform set); an ephemeral OS disk
 *   (`diffDiskSettings`) lives on the VM's cache or temp disk and is never billed as a disk;
 * - the cluster's Standard load balancer `kubernetes` with its outbound rule (`outboundType`
 *   `loadBalancer`, one managed outbound IP) and a load-balancing rule per `LoadBalancer` service,
 *   each service with a Standard public IP of its own: they stay while the cluster is stopped
 *   (start-stop-cluster.md: "the IP address of your API server may change", nothing of these);
 * - persistent volumes' disks (`pvc-…`, made by the Azure Disk CSI driver), which stay, detached
 *   (`Unattached`) once their nodes are gone.
 */

export interface NodeResourceJson {
  id: string;
  name: string;
  type: string;
  location: string;
  tags: Record<string, string>;
  sku: Record<string, unknown>;
  managedBy?: string;
  properties: Record<string, unknown>;
}

/** The resources of the cluster's node resource group, in ARM's shapes. */
export function nodeResourceGroupJson(cluster: FakeCluster): NodeResourceJson[] {
  const group = `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}`;
  const services = cluster.workloadResources?.loadBalancerServices ?? 0;
  const outboundIp = publicIpJson(cluster, group, 'outbound', {
    'aks-managed-type': 'aks-slb-managed-outbound-ip',
  });
  const serviceIps = Array.from({ length: services }, (_, index) =>
    publicIpJson(cluster, group, `service${index + 1}`, {
      'k8s-azure-cluster-name': 'kubernetes',
      'k8s-azure-service': `default/service-${index + 1}`,
    }),
  );
  return [
    ...[...cluster.pools.values()].map((pool) => scaleSetJson(cluster, pool)),
    loadBalancerJson(cluster, group, [outboundIp, ...serviceIps]),
    outboundIp,
    ...serviceIps,
    ...(cluster.workloadResources?.disks ?? []).map((disk) => ({
      id: `${group}/providers/Microsoft.Compute/disks/${disk.name}`,
      name: disk.name,
      type: 'Microsoft.Compute/disks',
      location: cluster.location,
      tags: {
        'k8s-azure-created-by': 'kubernetes-azure-dd',
        'kubernetes.io-created-for-pv-name': disk.name,
        'kubernetes.io-created-for-pvc-namespace': 'default',
      },
      sku: { name: disk.sku, tier: disk.sku.startsWith('Premium') ? 'Premium' : 'Standard' },
      properties: {
        creationData: { createOption: 'Empty' },
        diskSizeGB: disk.sizeGB,
        diskSizeBytes: disk.sizeGB * 1024 ** 3,
        encryption: { type: 'EncryptionAtRestWithPlatformKey' },
        networkAccessPolicy: 'AllowAll',
        publicNetworkAccess: 'Enabled',
        provisioningState: 'Succeeded',
        // Detached once the nodes that mounted it are gone; a running pool's node holds it.
        diskState: poolsRunning(cluster) ? 'Attached' : 'Unattached',
      },
    })),
  ];
}

function poolsRunning(cluster: FakeCluster): boolean {
  return (
    cluster.powerState === 'Running' &&
    [...cluster.pools.values()].some((pool) => pool.powerState === 'Running')
  );
}

function scaleSetJson(cluster: FakeCluster, pool: FakePool): NodeResourceJson {
  const stopped = cluster.powerState === 'Stopped' || pool.powerState === 'Stopped';
  const ephemeral = pool.osDiskType === 'Ephemeral';
  const id = FakeBill.poolScaleSetId(cluster, pool);
  return {
    id,
    name: id.slice(id.lastIndexOf('/') + 1),
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: cluster.location,
    tags: {
      'aks-managed-poolName': pool.name,
      'aks-managed-orchestrator': `Kubernetes:${pool.currentOrchestratorVersion}`,
    },
    // A stop deletes the instances: the set is left with none (see above).
    sku: { name: pool.vmSize, tier: 'Standard', capacity: stopped ? 0 : pool.count },
    properties: {
      orchestrationMode: 'Uniform',
      provisioningState: 'Succeeded',
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        ...(pool.scaleSetPriority === 'Spot' ? { priority: 'Spot', evictionPolicy: 'Delete' } : {}),
        storageProfile: {
          osDisk: {
            osType: pool.osType,
            createOption: 'FromImage',
            caching: 'ReadOnly',
            diskSizeGB: pool.osDiskSizeGB ?? 128,
            ...(ephemeral
              ? {
                  diffDiskSettings: { option: 'Local', placement: 'CacheDisk' },
                  managedDisk: { storageAccountType: 'Standard_LRS' },
                }
              : {
                  managedDisk: {
                    storageAccountType: premiumCapable(pool.vmSize) ? 'Premium_LRS' : 'StandardSSD_LRS',
                  },
                }),
          },
        },
        networkProfile: { networkInterfaceConfigurations: [{ name: `aks-${pool.name}-vmss` }] },
      },
    },
  };
}

/** `Standard_D4s_v5`: the `s` after the vCPUs marks premium storage support. */
function premiumCapable(vmSize: string): boolean {
  return /^Standard_[A-Z]+\d+[a-z]*s[a-z]*_/i.test(vmSize);
}

function publicIpJson(
  cluster: FakeCluster,
  group: string,
  name: string,
  tags: Record<string, string>,
): NodeResourceJson {
  const ipName = `kubernetes-${name}`;
  return {
    id: `${group}/providers/Microsoft.Network/publicIPAddresses/${ipName}`,
    name: ipName,
    type: 'Microsoft.Network/publicIPAddresses',
    location: cluster.location,
    tags,
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ipAddress: '20.0.0.1',
      ipConfiguration: {
        id: `${group}/providers/Microsoft.Network/loadBalancers/kubernetes/frontendIPConfigurations/${ipName}`,
      },
    },
  };
}

function loadBalancerJson(cluster: FakeCluster, group: string, ips: NodeResourceJson[]): NodeResourceJson {
  const lb = `${group}/providers/Microsoft.Network/loadBalancers/kubernetes`;
  const [outbound, ...services] = ips;
  return {
    id: lb,
    name: 'kubernetes',
    type: 'Microsoft.Network/loadBalancers',
    location: cluster.location,
    tags: {},
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      frontendIPConfigurations: ips.map((ip) => ({
        name: ip.name,
        id: `${lb}/frontendIPConfigurations/${ip.name}`,
        properties: { publicIPAddress: { id: ip.id } },
      })),
      backendAddressPools: [
        { name: 'kubernetes', id: `${lb}/backendAddressPools/kubernetes` },
        { name: 'aksOutboundBackendPool', id: `${lb}/backendAddressPools/aksOutboundBackendPool` },
      ],
      loadBalancingRules: services.map((ip) => ({
        name: `${ip.name}-TCP-80`,
        id: `${lb}/loadBalancingRules/${ip.name}-TCP-80`,
        properties: { protocol: 'Tcp', frontendPort: 80, backendPort: 80, enableFloatingIP: true },
      })),
      probes: [],
      inboundNatRules: [],
      outboundRules: outbound
        ? [
            {
              name: 'aksOutboundRule',
              id: `${lb}/outboundRules/aksOutboundRule`,
              properties: {
                allocatedOutboundPorts: 0,
                protocol: 'All',
                enableTcpReset: true,
                idleTimeoutInMinutes: 30,
              },
            },
          ]
        : [],
    },
  };
}
