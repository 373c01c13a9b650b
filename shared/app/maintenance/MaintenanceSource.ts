import type { MaintenanceConfiguration } from '../../domain/maintenance/MaintenanceConfiguration.js';
import type { ResourceId } from '../../domain/ResourceId.js';

/**
 * AKS's maintenance facts that Resource Graph does not carry, read by ARM (docs/maintenance.md):
 * implemented by `AzureMaintenanceSource`. Read once a day per cluster, not every tick.
 */
export interface MaintenanceSource {
  /** The cluster's planned maintenance configurations; undefined when the cluster is gone (404). */
  configurations(cluster: ResourceId): Promise<MaintenanceConfiguration[] | undefined>;
  /** The Kubernetes minor versions AKS offers in a region, previews left out (`1.33`, `1.34`, …). */
  supportedMinors(subscriptionId: string, location: string): Promise<string[]>;
}
