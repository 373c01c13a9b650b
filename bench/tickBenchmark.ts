import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { startAzurite } from '../dev/startAzurite.js';
import { changesIn } from '../shared/app/operations/ChangeMessage.js';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import { RequestCounter } from '../shared/azure/RequestCounter.js';
import { StorageActionQueue } from '../shared/azure/StorageActionQueue.js';
import { createServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';

const SUBSCRIPTIONS = 10;
const POOLS = 10;
const LATENCY_MS = 50;
/** Queue messages the Functions host runs at once on one instance (host.json batchSize 16 + newBatchThreshold 8). */
const EXECUTE_CONCURRENCY = 24;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * CPU milliseconds used so far by this process and by its child processes (Azurite), from
 * /proc (Linux; elsewhere the children count 0): on a shared machine the wall time measures the
 * machine's load as much as the tick, the CPU time much less.
 */
function cpuMs(): { own: number; children: number } {
  const { user, system } = process.cpuUsage();
  let children = 0;
  try {
    const pids = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
    for (const pid of pids.filter(Boolean)) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // utime and stime, in clock ticks of 10 ms.
      children += (Number(fields[11]) + Number(fields[12])) * 10;
    }
  } catch {
    children = 0;
  }
  return { own: (user + system) / 1000, children };
}

/**
 * Wraps `object[method]` so that the time spent in its calls (from the first start to the last end
 * when they overlap) adds up under `label` in `spent`.
 */
function timed(spent: Map<string, number>, label: string, object: object, method: string): void {
  const target = object as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]?.bind(object);
  if (!original) return;
  let open = 0;
  let since = 0;
  target[method] = async (...args: unknown[]) => {
    if (open++ === 0) since = performance.now();
    try {
      return await original(...args);
    } finally {
      if (--open === 0) spent.set(label, (spent.get(label) ?? 0) + performance.now() - since);
    }
  };
}

/**
 * Issue figures for the Function app: a steady-state tick and a transition tick for `targets` node
 * pools (1,000 by default; 10 subscriptions of clusters of 10), on Azurite and the fake ARM (50 ms
 * per ARM request), through the same services the handlers use, with where the transition tick's
 * time goes. Without `execute`, the enqueued changes are not run afterwards (the tick alone, for
 * comparing builds: `bench/compareTickBuilds.ts`).
 */
export async function runTickBenchmark(
  targetCount = 1_000,
  { execute = true }: { execute?: boolean } = {},
): Promise<string> {
  const CLUSTERS = Math.ceil(targetCount / SUBSCRIPTIONS / POOLS);
  const azurite = await startAzurite();
  const clock = { now: Date.parse('2026-11-26T12:00:00Z') };
  const arm = await FakeArm.start({
    latencyMs: LATENCY_MS,
    operationDurationMs: 60_000,
    clock: () => clock.now,
  });
  try {
    const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-bench-')), 'ca.pem');
    await writeFile(caFile, arm.ca);
    const tableRequests = new RequestCounter();
    const storage = await openTableStorage(
      { connectionString: azurite.connectionString },
      { policies: [tableRequests.policy] },
    );
    const queue = await StorageActionQueue.open(
      { connectionString: azurite.connectionString },
      'offhours-actions',
    );
    const config = loadConfig({
      AzureWebJobsStorage: azurite.connectionString,
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
    });
    const services = await createServices(config, {
      now: () => clock.now,
      credential: fakeArmCredential,
      storage,
      queue,
      log: () => undefined,
    });
    await storage.schedules.create({ name: 'office', definition: { uptime: 'Mon-Fri 08:00-20:00 UTC' } });
    const rows = [];
    for (let s = 0; s < SUBSCRIPTIONS; s++) {
      const subscriptionId = `00000000-0000-0000-0000-${String(s).padStart(12, '0')}`;
      for (let c = 0; c < CLUSTERS; c++) {
        arm.state.addCluster({
          subscriptionId,
          resourceGroup: 'rg',
          name: `c${c}`,
          pools: [
            { name: 'system', mode: 'System' },
            ...Array.from({ length: POOLS }, (_, p) => ({ name: `p${p}` })),
          ],
        });
        for (let p = 0; p < POOLS; p++) {
          const parsed = parseResourceId(
            `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${c}/agentPools/p${p}`,
          );
          if (parsed.ok)
            rows.push({
              name: `s${s}-c${c}-p${p}`,
              resourceId: parsed.resourceId,
              scheduleName: 'office',
              enabled: true,
              allowAksManagedScaleSet: false,
            });
        }
      }
    }
    const limit = pLimit(32);
    await Promise.all(rows.map((row) => limit(() => storage.targets.create(row))));
    const targets = rows.length;

    // First sight of every target at noon (remembered as up, nothing to do), then a tick that settles their state rows.
    await services.reconciler.tick();
    clock.now += 5 * 60_000;
    await services.reconciler.tick();
    clock.now += 5 * 60_000;
    tableRequests.reset();
    arm.resetCounts();
    let start = performance.now();
    const steady = await services.reconciler.tick();
    const steadyMs = performance.now() - start;
    const lines = [
      `Reconcile ticks (Azurite; fake ARM with ${LATENCY_MS} ms per request; ${targets.toLocaleString('en')} node pools in ${SUBSCRIPTIONS} subscriptions)`,
      '',
    ];
    lines.push(
      `steady-state tick (nothing to change): ${seconds(steadyMs)}; Table requests ${tableRequests.total} (${JSON.stringify(tableRequests.byMethod())}); ARM requests ${arm.count()}; enqueued ${steady.enqueued.length}; state rows written ${steady.statesWritten}`,
    );

    // 20:00 UTC: every pool should stop.
    clock.now = Date.parse('2026-11-26T20:00:00Z');
    tableRequests.reset();
    arm.resetCounts();
    const sentBefore = queue.sent;
    const spent = new Map<string, number>();
    const { storage: tables } = services;
    const reconcilerDeps = (services.reconciler as unknown as { deps: Record<string, object> }).deps;
    timed(spent, 'catalog (Schedules, Targets)', tables.targets, 'load');
    timed(spent, 'State read', tables.state, 'load');
    timed(spent, 'observe (Resource Graph)', services.power, 'observe');
    timed(spent, 'follow', reconcilerDeps['follower'] ?? {}, 'followAll');
    timed(spent, 'enqueue', queue, 'enqueue');
    const send = queue.enqueue.bind(queue);
    let cpuUntilEnqueued = { own: 0, children: 0 };
    queue.enqueue = async (...args) => {
      await send(...args);
      spent.set('enqueue (from the start of the tick)', performance.now() - start);
      const now = cpuMs();
      cpuUntilEnqueued = { own: now.own - cpuBefore.own, children: now.children - cpuBefore.children };
    };
    timed(spent, 'State rows written', tables.state, 'saveMany');
    timed(spent, 'maintenance reads', reconcilerDeps['maintenance'] ?? {}, 'refresh');
    const cpuBefore = cpuMs();
    start = performance.now();
    const transition = await services.reconciler.tick();
    const enqueuedMs = performance.now() - start;
    const enqueuedAt = spent.get('enqueue (from the start of the tick)') ?? enqueuedMs;
    const breakdown = [...spent]
      .filter(([label]) => !label.startsWith('enqueue (from'))
      .map(([label, ms]) => `${label} ${seconds(ms)}`)
      .join('; ');
    const tickTableRequests = tableRequests.total;
    const tickArmRequests = arm.count();
    const executeLimit = pLimit(EXECUTE_CONCURRENCY);
    let begun = 0;
    for (; execute;) {
      const { receivedMessageItems } = await queue.client.receiveMessages({
        numberOfMessages: 32,
        visibilityTimeout: 60,
      });
      if (receivedMessageItems.length === 0) break;
      await Promise.all(
        receivedMessageItems.map((message) =>
          executeLimit(async () => {
            const { changes } = changesIn(
              JSON.parse(Buffer.from(message.messageText, 'base64').toString('utf8')),
            );
            for (const outcome of await services.changeMessages.execute(changes))
              if ('result' in outcome && outcome.result.result === 'begun') begun++;
            await queue.client.deleteMessage(message.messageId, message.popReceipt);
          }),
        ),
      );
    }
    const executedMs = performance.now() - start;
    lines.push(
      `transition tick (every pool stops): ${seconds(enqueuedAt)} until all ${transition.enqueued.length.toLocaleString('en')} changes were enqueued, the tick ${seconds(enqueuedMs)} (${queue.sent - sentBefore} queue messages; Table requests ${tickTableRequests}; ARM requests ${tickArmRequests}; state rows written ${transition.statesWritten})`,
    );
    lines.push(`  where it goes (wall time, steps overlap): ${breakdown}`);
    lines.push(
      `  CPU until all enqueued: this process ${seconds(cpuUntilEnqueued.own)}, Azurite ${seconds(cpuUntilEnqueued.children)}`,
    );
    if (execute)
      lines.push(
        `every execute has begun its operation after ${seconds(executedMs)} (${begun.toLocaleString('en')} begun, ${EXECUTE_CONCURRENCY} messages at once as on one Functions instance; ${arm.count('PUT')} PUT)`,
      );
    return `${lines.join('\n')}\n`;
  } finally {
    await arm.stop();
    await azurite.stop();
  }
}
