import { createHash } from 'node:crypto';
import { clusterId, scaleSetId } from './FakeArmState.js';
import type { FakeCluster, FakePool, FakeScaleSet } from './FakeFleetModel.js';

/*
 * The parts of a resource's JSON that Azure returns but the fake's state does not change: a VM
 * scale set's virtualMachineProfile, an AKS cluster's network, add-on and identity profiles, an
 * agent pool's image, disk and upgrade settings. Modelled on Microsoft's examples
 * (VirtualMachineScaleSet_Get, ManagedClustersGet, AgentPoolsGet) and on what AKS creates, with
 * values of our own derived from each resource's ID, so every resource's JSON is as large as Azure's
 * and no two are alike. Built once per resource and shared by every answer (nothing mutates them).
 */

const AKS_IMAGE_GALLERY =
  '/subscriptions/109a5e88-712a-48ae-9078-9ca8b3c81345/resourceGroups/AKS-Ubuntu/providers/Microsoft.Compute/galleries/AKSUbuntu/images/2204gen2containerd/versions/202510.03.0';
export const TENANT_ID = '72f988bf-0000-4000-8000-2d7cd011db47';

/** 32 hex digits from a resource ID: the same ID always gives the same digits. */
function digestOf(text: string): string {
  return createHash('sha256').update(text.toLowerCase()).digest('hex').slice(0, 32);
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An instant in 2025 derived from the digest, as Azure's `timeCreated` with seven fractional digits. */
function timeCreatedOf(hex: string): string {
  const ms = Date.UTC(2025, 0, 1) + (Number.parseInt(hex.slice(0, 8), 16) % (300 * 86_400)) * 1000;
  const fraction = String(Number.parseInt(hex.slice(8, 14), 16) % 10_000_000).padStart(7, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}+00:00`;
}

/** An OpenSSH public key of the usual length (a 2048-bit RSA key is 372 base64 characters). */
function sshKeyOf(hex: string): string {
  const body = Buffer.from(hex.repeat(9).slice(0, 279), 'utf8').toString('base64');
  return `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${body} azureuser@aks`;
}

const scaleSetProfiles = new WeakMap<FakeScaleSet, ScaleSetProfile>();

interface ScaleSetProfile {
  zones: string[];
  properties: Record<string, unknown>;
}

/** A scale set's unchanging properties: everything but its provisioning state. */
export function scaleSetProfileOf(scaleSet: FakeScaleSet): ScaleSetProfile {
  let profile = scaleSetProfiles.get(scaleSet);
  if (!profile) {
    profile = buildScaleSetProfile(scaleSet);
    scaleSetProfiles.set(scaleSet, profile);
  }
  return profile;
}

function buildScaleSetProfile(scaleSet: FakeScaleSet): ScaleSetProfile {
  const id = scaleSetId(scaleSet);
  const hex = digestOf(id);
  const group = `/subscriptions/${scaleSet.subscriptionId}/resourceGroups/${scaleSet.resourceGroup}`;
  const loadBalancer = `${group}/providers/Microsoft.Network/loadBalancers/kubernetes`;
  const created = timeCreatedOf(hex);
  return {
    zones: ['1', '2', '3'],
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: 'Uniform',
      upgradePolicy: { mode: 'Manual' },
      scaleInPolicy: { rules: ['Default'], forceDeletion: false },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: `${scaleSet.name}-${hex.slice(0, 6)}`,
          adminUsername: 'azureuser',
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: sshKeyOf(hex) }],
            },
            provisionVMAgent: true,
            enableVMAgentPlatformUpdates: false,
          },
          secrets: [],
          allowExtensionOperations: true,
          requireGuestProvisionSignal: true,
        },
        storageProfile: {
          osDisk: {
            osType: 'Linux',
            createOption: 'FromImage',
            caching: 'ReadOnly',
            managedDisk: { storageAccountType: 'Premium_LRS' },
            diskSizeGB: 128,
          },
          imageReference: { id: AKS_IMAGE_GALLERY },
          // As VirtualMachineScaleSets_CreateOrUpdate's examples with empty data disks show them.
          dataDisks: (scaleSet.dataDisks ?? []).map((disk, lun) => ({
            lun,
            createOption: 'Empty',
            caching: 'None',
            diskSizeGB: disk.sizeGB,
            managedDisk: { storageAccountType: disk.sku },
          })),
          diskControllerType: 'SCSI',
        },
        networkProfile: {
          networkInterfaceConfigurations: [
            {
              name: scaleSet.name,
              properties: {
                primary: true,
                enableAcceleratedNetworking: true,
                disableTcpStateTracking: false,
                dnsSettings: { dnsServers: [] },
                enableIPForwarding: true,
                ipConfigurations: [
                  {
                    name: 'ipconfig1',
                    properties: {
                      primary: true,
                      subnet: {
                        id: `${group}/providers/Microsoft.Network/virtualNetworks/aks-vnet-${hex.slice(0, 8)}/subnets/aks-subnet`,
                      },
                      privateIPAddressVersion: 'IPv4',
                      loadBalancerBackendAddressPools: [
                        { id: `${loadBalancer}/backendAddressPools/aksOutboundBackendPool` },
                        { id: `${loadBalancer}/backendAddressPools/kubernetes` },
                      ],
                    },
                  },
                ],
              },
            },
          ],
        },
        extensionProfile: {
          extensions: [
            {
              name: 'vmssCSE',
              properties: {
                autoUpgradeMinorVersion: true,
                provisionAfterExtensions: [],
                publisher: 'Microsoft.Azure.Extensions',
                type: 'CustomScript',
                typeHandlerVersion: '2.0',
                suppressFailures: false,
                settings: {},
              },
            },
            {
              name: `${scaleSet.name}-AKSLinuxBilling`,
              properties: {
                autoUpgradeMinorVersion: true,
                publisher: 'Microsoft.AKS',
                type: 'Compute.AKS.Linux.Billing',
                typeHandlerVersion: '1.0',
                settings: {},
              },
            },
            {
              name: 'AKSLinuxExtension',
              properties: {
                autoUpgradeMinorVersion: true,
                enableAutomaticUpgrade: true,
                publisher: 'Microsoft.AKS',
                type: 'Compute.AKS.Linux.AKSNode',
                typeHandlerVersion: '1.374',
                suppressFailures: true,
                settings: { 'node-exporter-tls': 'false', 'enable-uri': 'false' },
              },
            },
          ],
          extensionsTimeBudget: 'PT16M',
        },
        securityProfile: { encryptionAtHost: false, securityType: 'Standard' },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        timeCreated: created,
      },
      overprovision: false,
      doNotRunExtensionsOnOverprovisionedVMs: false,
      uniqueId: uuidOf(hex),
      platformFaultDomainCount: 1,
      timeCreated: created,
    },
  };
}

const clusterProfiles = new WeakMap<FakeCluster, Record<string, unknown>>();

/** A cluster's unchanging properties: everything but its power, provisioning, versions, channels and pools. */
export function clusterProfileOf(cluster: FakeCluster): Record<string, unknown> {
  let profile = clusterProfiles.get(cluster);
  if (!profile) {
    profile = buildClusterProfile(cluster);
    clusterProfiles.set(cluster, profile);
  }
  return profile;
}

function buildClusterProfile(cluster: FakeCluster): Record<string, unknown> {
  const hex = digestOf(clusterId(cluster));
  const nodeGroup = `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}`;
  const fqdnSuffix = `${hex.slice(0, 8)}.hcp.${cluster.location}.azmk8s.io`;
  const identity = (name: string, digits: string) => ({
    resourceId: `${nodeGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    clientId: uuidOf(digits),
    objectId: uuidOf(digits.split('').reverse().join('')),
  });
  return {
    dnsPrefix: cluster.name,
    fqdn: `${cluster.name}-${fqdnSuffix}`,
    azurePortalFQDN: `${cluster.name}-${hex.slice(8, 16)}.portal.${fqdnSuffix}`,
    linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: sshKeyOf(hex) }] } },
    servicePrincipalProfile: { clientId: 'msi' },
    addonProfiles: {
      azureKeyvaultSecretsProvider: { enabled: false },
      azurepolicy: { enabled: false },
      omsagent: {
        enabled: true,
        config: {
          logAnalyticsWorkspaceResourceID: `/subscriptions/${cluster.subscriptionId}/resourceGroups/DefaultResourceGroup-${cluster.location}/providers/Microsoft.OperationalInsights/workspaces/DefaultWorkspace-${cluster.subscriptionId}-${cluster.location}`,
          useAADAuth: 'true',
        },
        identity: identity(`omsagent-${cluster.name}`, hex.slice(4) + hex.slice(0, 4)),
      },
    },
    nodeResourceGroup: cluster.nodeResourceGroup,
    enableRBAC: true,
    supportPlan: 'KubernetesOfficial',
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'none',
      networkDataplane: 'azure',
      loadBalancerSku: 'standard',
      loadBalancerProfile: {
        managedOutboundIPs: { count: 1 },
        effectiveOutboundIPs: [
          {
            id: `${nodeGroup}/providers/Microsoft.Network/publicIPAddresses/${uuidOf(hex.slice(2) + hex.slice(0, 2))}`,
          },
        ],
        backendPoolType: 'nodeIPConfiguration',
      },
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
      outboundType: 'loadBalancer',
      podCidrs: ['10.244.0.0/16'],
      serviceCidrs: ['10.0.0.0/16'],
      ipFamilies: ['IPv4'],
    },
    maxAgentPools: 100,
    identityProfile: {
      kubeletidentity: identity(`${cluster.name}-agentpool`, hex.slice(6) + hex.slice(0, 6)),
    },
    disableLocalAccounts: false,
    securityProfile: {},
    storageProfile: {
      diskCSIDriver: { enabled: true },
      fileCSIDriver: { enabled: true },
      snapshotController: { enabled: true },
    },
    oidcIssuerProfile: { enabled: false },
    workloadAutoScalerProfile: {},
    resourceUID: hex.slice(0, 24),
    metricsProfile: { costAnalysis: { enabled: false } },
  };
}

/** A cluster's system-assigned identity, as ManagedClusters_Get returns it. */
export function clusterIdentityOf(cluster: FakeCluster): Record<string, unknown> {
  const hex = digestOf(`${clusterId(cluster)}/identity`);
  return { type: 'SystemAssigned', principalId: uuidOf(hex), tenantId: TENANT_ID };
}

const poolProfiles = new WeakMap<FakePool, Record<string, unknown>>();

/** A pool's unchanging properties: disks, zones, labels, upgrade settings (not its versions). */
export function poolProfileOf(pool: FakePool): Record<string, unknown> {
  let profile = poolProfiles.get(pool);
  if (!profile) {
    profile = {
      availabilityZones: ['1', '2', '3'],
      osDiskSizeGB: 128,
      osDiskType: 'Managed',
      kubeletDiskType: 'OS',
      workloadRuntime: 'OCIContainer',
      osType: 'Linux',
      osSKU: 'Ubuntu',
      type: 'VirtualMachineScaleSets',
      maxPods: 110,
      enableNodePublicIP: false,
      enableEncryptionAtHost: false,
      enableUltraSSD: false,
      enableFIPS: false,
      scaleDownMode: 'Delete',
      upgradeSettings: { maxSurge: '10%', drainTimeoutInMinutes: 30, nodeSoakDurationInMinutes: 0 },
      nodeLabels: {
        'kubernetes.azure.com/pool': pool.name,
        workload: pool.mode === 'System' ? 'system' : 'apps',
      },
      securityProfile: { enableVTPM: false, enableSecureBoot: false },
      eTag: digestOf(pool.name).slice(0, 12),
    };
    poolProfiles.set(pool, profile);
  }
  return profile;
}
