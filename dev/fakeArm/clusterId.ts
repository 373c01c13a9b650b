import type { FakeCluster, FakeScaleSet } from './FakeFleetModel.js';

/** ARM IDs of the fake's resources, as ARM spells them. */
export function clusterId(cluster: Pick<FakeCluster, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}`;
}

export function scaleSetId(
  scaleSet: Pick<FakeScaleSet, 'subscriptionId' | 'resourceGroup' | 'name'>,
): string {
  return `/subscriptions/${scaleSet.subscriptionId}/resourceGroups/${scaleSet.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet.name}`;
}
