import type { KeptResources } from '../../domain/KeptResources.js';
import type { ResourceId } from '../../domain/ResourceId.js';

/**
 * What keeps billing while a target is stopped (docs/savings.md, What keeps billing while stopped):
 * what stays in each cluster's node resource group (its pools' scale sets with capacity and OS disk,
 * disks, public IPs and load balancers), and a standalone scale set's instances' disks. Implemented
 * by `NodeResourceGroupQuery` (one Resource Graph query for all the clusters or scale sets asked).
 */
export interface KeptResourceSource {
  /** By the cluster's ResourceId key; a cluster not found is left out. */
  nodeResources(clusters: readonly ResourceId[]): Promise<Map<string, KeptResources>>;
  /**
   * Standalone scale sets' `sku.capacity` and model disks (OS, data), each as a `KeptResources` with
   * that one scale set; by the scale set's ResourceId key, a scale set not found left out.
   */
  scaleSetDisks(scaleSets: readonly ResourceId[]): Promise<Map<string, KeptResources>>;
}
