import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { OperationFollower } from '../shared/app/operations/OperationFollower.js';
import { Reconciler } from '../shared/app/reconciliation/Reconciler.js';
import { tableStorageOn, type TableStorage } from '../shared/app/storage/TableStorage.js';
import { WritePacer } from '../shared/app/operations/WritePacer.js';
import { ArmClients } from '../shared/azure/ArmClients.js';
import { AzurePowerControl } from '../shared/azure/AzurePowerControl.js';
import { loadConfig, type OffHoursConfig } from '../shared/config.js';
import type { RowTable } from '../shared/app/storage/RowTable.js';
import type { ResourceId } from '../shared/domain/ResourceId.js';
import { CountingRowTable } from './CountingRowTable.js';
import { SimulatedQueueHost } from './SimulatedQueueHost.js';
import type { VirtualTime } from './VirtualTime.js';

export interface FleetApp {
  config: OffHoursConfig;
  storage: TableStorage;
  power: AzurePowerControl;
  queue: SimulatedQueueHost;
  reconciler: Reconciler;
}

/**
 * The app side of the fleet benchmarks: the real reconciler, follower and power control with the real
 * SDK clients against a fake ARM, tables (counting in-memory ones unless `table` says otherwise) and
 * a simulated queue, all on `time`.
 */
export function startFleetApp(
  time: VirtualTime,
  arm: { url: string; ca: string },
  table: (name: string) => RowTable = (name) => new CountingRowTable(name),
): FleetApp {
  const config = loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
  const storage = tableStorageOn(table);
  const pacer = new WritePacer();
  const clients = new ArmClients({
    credential: fakeArmCredential,
    endpoint: arm.url,
    ca: arm.ca,
    onRemainingWrites: (subscription, remaining) => pacer.observeRemaining(subscription, remaining, time.now),
  });
  const power = new AzurePowerControl(clients, {
    concurrencyPerSubscription: config.concurrencyPerSubscription,
    observation: 'resource-graph',
    warn: () => undefined,
    // Ticks run alone: waiting for Resource Graph's quota moves the simulated clock on. The tick's two
    // page chains may wait at once: the clock moves to the later of their ends, not by their sum.
    sleep: async (ms) => {
      const until = time.now + ms;
      await Promise.resolve();
      time.now = Math.max(time.now, until);
    },
  });
  const follower = new OperationFollower({
    power,
    operations: storage.operations,
    audit: storage.audit,
    now: time.clock,
  });
  const queue = new SimulatedQueueHost(time);
  const reconciler = new Reconciler({
    storage,
    queue,
    power,
    follower,
    settings: { newTargetGraceMs: 0, operationTimeoutMs: 2 * 3_600_000 },
    subscriptions: [],
    now: time.clock,
    log: () => undefined,
    guard: { allowedScopes: [], protectedTags: config.protectedTags },
    pacer,
  });
  return { config, storage, power, queue, reconciler };
}

/** One office schedule and a Targets row per pool (`pool-<index>`). */
export async function registerFleet(storage: TableStorage, pools: readonly ResourceId[]): Promise<void> {
  await storage.schedules.create({ name: 'office', definition: { uptime: 'Mon-Fri 08:00-20:00 UTC' } });
  for (const [index, pool] of pools.entries())
    await storage.targets.create({
      name: `pool-${index}`,
      resourceId: pool,
      scheduleName: 'office',
      enabled: true,
      allowAksManagedScaleSet: false,
    });
}
