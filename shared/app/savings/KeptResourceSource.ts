import type { KeptResources } from '../../domain/KeptResources.js';
import type { ResourceId } from '../../domain/ResourceId.js';

/**
 * What stays in each cluster's node resource group (docs/savings.md, What keeps billing while
 * stopped): its pools' scale sets (capacity, OS disk), disks, public IPs and load balancers.
 * Implemented by `NodeResourceGroupQuery` (one Resource Graph query for all the clusters asked).
 */
export interface KeptResourceSource {
  /** By the cluster's ResourceId key; a cluster not found is left out. */
  nodeResources(clusters: readonly ResourceId[]): Promise<Map<string, KeptResources>>;
}
