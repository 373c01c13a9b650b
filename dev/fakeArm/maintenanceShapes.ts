import { clusterId } from './clusterId.js';
import type { FakeCluster, FakeMaintenanceConfiguration, FakePool } from './FakeFleetModel.js';
import { upgradesFrom, type KubernetesMinorVersion } from './kubernetesVersions.js';

/*
 * Bodies shaped like the official examples MaintenanceConfigurationsGet/List(_MaintenanceWindow),
 * ManagedClustersGetUpgradeProfile and AgentPoolsGetUpgradeProfile, with values from the fake's state.
 */

/** Azure's `systemData` time: seven fractional digits and a Z. */
function systemTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19)}.0000000Z`;
}

export function maintenanceConfigurationJson(
  cluster: FakeCluster,
  configuration: FakeMaintenanceConfiguration,
): Record<string, unknown> {
  return {
    id: `${clusterId(cluster)}/maintenanceConfigurations/${configuration.name}`,
    name: configuration.name,
    type: 'Microsoft.ContainerService/managedClusters/maintenanceConfigurations',
    systemData: {
      createdBy: 'fake-arm@example.com',
      createdByType: 'User',
      createdAt: systemTime(configuration.createdAt),
      lastModifiedBy: 'fake-arm@example.com',
      lastModifiedByType: 'User',
      lastModifiedAt: systemTime(configuration.lastModifiedAt),
    },
    properties: configuration.properties,
  };
}

/** ManagedClusters_GetUpgradeProfile: the control plane's version and each pool's, with the upgrades open. */
export function clusterUpgradeProfileJson(
  cluster: FakeCluster,
  versions: readonly KubernetesMinorVersion[],
): Record<string, unknown> {
  return {
    id: `${clusterId(cluster)}/upgradeprofiles/default`,
    name: 'default',
    type: 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
    properties: {
      controlPlaneProfile: {
        name: 'master',
        kubernetesVersion: cluster.currentKubernetesVersion,
        osType: 'Linux',
        upgrades: upgradesFrom(versions, cluster.currentKubernetesVersion),
      },
      agentPoolProfiles: [...cluster.pools.values()].map((pool) => ({
        name: pool.name,
        kubernetesVersion: pool.orchestratorVersion,
        osType: 'Linux',
        upgrades: upgradesFrom(versions, pool.orchestratorVersion),
      })),
    },
  };
}

/** AgentPools_GetUpgradeProfile: the pool's version, the upgrades open and the newest node image. */
export function poolUpgradeProfileJson(
  cluster: FakeCluster,
  pool: FakePool,
  versions: readonly KubernetesMinorVersion[],
  latestNodeImageVersion: string,
): Record<string, unknown> {
  return {
    id: `${clusterId(cluster)}/agentPools/${pool.name}/upgradeprofiles/default`,
    name: 'default',
    type: 'Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles',
    properties: {
      kubernetesVersion: pool.orchestratorVersion,
      osType: 'Linux',
      upgrades: upgradesFrom(versions, pool.orchestratorVersion),
      latestNodeImageVersion,
    },
  };
}
