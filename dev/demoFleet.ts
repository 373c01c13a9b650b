import type { FakeArmState } from './fakeArm/FakeArmState.js';
import type { TableStorage } from '../shared/app/TableStorage.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';

export const DEMO_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000de';
const RG = 'rg-dev-tokyo';
const CLUSTER = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev`;
const SCALE_SET = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/build-agents`;

/** The demo fleet in the fake ARM: a dev cluster (a System pool and two user pools) and a scale set. */
export function seedDemoAzure(state: FakeArmState): void {
  state.addCluster({
    subscriptionId: DEMO_SUBSCRIPTION,
    resourceGroup: RG,
    name: 'dev',
    pools: [
      { name: 'system', mode: 'System', count: 2 },
      { name: 'user1', count: 3, autoscale: { minCount: 2, maxCount: 6 } },
      { name: 'user2', count: 2 },
    ],
  });
  state.addScaleSet({
    subscriptionId: DEMO_SUBSCRIPTION,
    resourceGroup: RG,
    name: 'build-agents',
    capacity: 4,
  });
}

/** The demo schedule (Tokyo office hours with Japanese holidays) and its three targets. */
export async function seedDemoCatalog(storage: TableStorage): Promise<void> {
  const existing = await storage.schedules.get('tokyo-office');
  if (!existing) {
    await storage.schedules.create({
      name: 'tokyo-office',
      definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo', holidays: 'JP' },
      description: 'Tokyo office hours, Japanese public holidays off',
    });
  }
  for (const [name, id] of [
    ['dev-user1', `${CLUSTER}/agentPools/user1`],
    ['dev-user2', `${CLUSTER}/agentPools/user2`],
    ['build-agents', SCALE_SET],
  ] as const) {
    const parsed = parseResourceId(id);
    if (!parsed.ok || (await storage.targets.get(name))) continue;
    await storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName: 'tokyo-office',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
  }
}
