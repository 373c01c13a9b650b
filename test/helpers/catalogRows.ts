import type { TableStorage } from '../../shared/app/storage/TableStorage.js';
import { parseResourceId } from '../../shared/domain/ResourceId.js';
import type { ScheduleDefinition } from '../../shared/domain/Schedule.js';

/** Writes a schedule and targets the way `aks-offhours import` or the portal would. */
export async function registerCatalog(
  storage: TableStorage,
  schedules: Record<string, ScheduleDefinition>,
  targets: Record<string, { resourceId: string; schedule: string; enabled?: boolean }>,
): Promise<void> {
  for (const [name, definition] of Object.entries(schedules))
    await storage.schedules.create({ name, definition });
  for (const [name, target] of Object.entries(targets)) {
    const parsed = parseResourceId(target.resourceId);
    if (!parsed.ok) throw new Error(parsed.message);
    await storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName: target.schedule,
      enabled: target.enabled ?? true,
      allowAksManagedScaleSet: false,
    });
  }
}

export function poolId(subscription: string, cluster: string, pool: string): string {
  return `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${cluster}/agentPools/${pool}`;
}
