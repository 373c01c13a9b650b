import type { FakeArmState } from './fakeArm/FakeArmState.js';
import type { TableStorage } from '../shared/app/storage/TableStorage.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';

export const DEMO_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000de';
const RG = 'rg-dev-tokyo';
const CLUSTER = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev`;
const SCALE_SET = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/build-agents`;

/**
 * The demo fleet in the fake ARM: a dev cluster (a System pool and two user pools, a Sunday node OS
 * maintenance window) and a scale set.
 */
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
    // The node OS window the portal suggests, Sunday night: the office schedule keeps the pools down
    // for it, which the status page reports (docs/maintenance.md).
    kubernetesVersion: '1.34.1',
    maintenanceConfigurations: {
      aksManagedNodeOSUpgradeSchedule: {
        maintenanceWindow: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Sunday' } },
          durationHours: 4,
          utcOffset: '+09:00',
          startTime: '01:00',
        },
      },
    },
  });
  state.addScaleSet({
    subscriptionId: DEMO_SUBSCRIPTION,
    resourceGroup: RG,
    name: 'build-agents',
    capacity: 4,
  });
}

/**
 * The demo schedules and their three targets: the dev pools follow Tokyo office hours (Japanese
 * holidays off); the build agents run while the office is away, so at any hour something is due to
 * stop and a new user sees a stop within the first minutes.
 */
export const DEMO_SCHEDULES = [
  {
    name: 'tokyo-office',
    definition: { uptime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo', holidays: 'JP' },
    description: 'Tokyo office hours, Japanese public holidays off',
  },
  {
    name: 'nightly-builds',
    definition: { downtime: 'Mon-Fri 08:00-20:00', timeZone: 'Asia/Tokyo' },
    description: 'build agents run while the Tokyo office is away',
  },
] as const;

export async function seedDemoCatalog(storage: TableStorage): Promise<void> {
  for (const schedule of DEMO_SCHEDULES) {
    if (!(await storage.schedules.get(schedule.name)))
      await storage.schedules.create({ ...schedule, definition: { ...schedule.definition } });
  }
  for (const [name, id, scheduleName] of [
    ['dev-user1', `${CLUSTER}/agentPools/user1`, 'tokyo-office'],
    ['dev-user2', `${CLUSTER}/agentPools/user2`, 'tokyo-office'],
    ['build-agents', SCALE_SET, 'nightly-builds'],
  ] as const) {
    const parsed = parseResourceId(id);
    if (!parsed.ok || (await storage.targets.get(name))) continue;
    await storage.targets.create({
      name,
      resourceId: parsed.resourceId,
      scheduleName,
      enabled: true,
      allowAksManagedScaleSet: false,
    });
  }
}
