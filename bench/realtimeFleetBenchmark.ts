import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { QueueClient } from '@azure/storage-queue';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { startAzurite } from '../dev/startAzurite.js';
import { ACTION_QUEUE_NAME } from '../shared/app/operations/ActionQueue.js';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';

/**
 * Issue 30: the write plan in real time, on the production path. The registered `reconcile` and
 * `execute` handlers in two Functions instances (`bench/functionsInstance.ts`, each a process with
 * its own composition root, taking messages as host.json configures the host), Azurite's queue and
 * tables, and the fake ARM with ARM's token buckets on real time (writes 200 then 10 a second per
 * subscription and principal; 429 with Retry-After). Nothing is simulated but the schedule's clock,
 * which is set to 20:00 at the transition and runs in real time from there. The catalog is named by
 * subscription (all of one subscription's targets, then the next's), as a catalog often is;
 * `--interleaved` names them the other way round.
 */
const POOLS_PER_CLUSTER = 10;
const OPERATION_MS = 120_000;
const TRANSITION = Date.parse('2026-11-26T20:00:00Z');
const BURST = 200;
const WRITES_PER_SECOND = 10;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Size {
  subscriptions: number;
  poolsPerSubscription: number;
}

interface InstanceCounts {
  received: number;
  redelivered: number;
  failed: number;
  poisoned: number;
  results: Record<string, number>;
}

export interface RealtimeRun {
  size: Size;
  interleaved: boolean;
  beginMs: number | undefined;
  begun: number;
  minimumMs: number;
  throttledWrites: number;
  throttledReads: number;
  redelivered: number;
  poisoned: number;
  duplicates: number;
  results: Record<string, number>;
  tickMs: number;
  loadBefore: number;
  loadAfter: number;
}

const subscriptionId = (index: number) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`;

/** ARM's fastest: each subscription's burst at once, the rest at ten a second. */
function minimumMs({ poolsPerSubscription }: Size): number {
  return (Math.max(0, poolsPerSubscription - BURST) / WRITES_PER_SECOND) * 1000;
}

class Instance {
  private readonly waiting = new Map<string, (message: Record<string, unknown>) => void>();
  private constructor(readonly process: ChildProcess) {
    process.on('message', (message: Record<string, unknown>) => {
      const kind = String(message['kind']);
      this.waiting.get(kind)?.(message);
      this.waiting.delete(kind);
    });
  }

  static async start(env: Record<string, string>): Promise<Instance> {
    const child = fork(fileURLToPath(new URL('./functionsInstance.js', import.meta.url)), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const instance = new Instance(child);
    await instance.answer('ready');
    return instance;
  }

  answer(kind: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.waiting.set(kind, resolve));
  }

  async ask(kind: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const answer = this.answer(kind);
    this.process.send({ kind, ...extra });
    return answer;
  }

  stop(): void {
    this.process.send({ kind: 'stop' });
  }
}

/** One run: a fleet of `size`, its transition to stopped at 20:00, until every stop is begun. */
export async function realtimeRun(size: Size, interleaved: boolean): Promise<RealtimeRun> {
  const azurite = await startAzurite();
  const clock = { offsetMs: 0 };
  const arm = await FakeArm.start({
    operationDurationMs: OPERATION_MS,
    clock: () => Date.now() + clock.offsetMs,
  });
  const instances: Instance[] = [];
  try {
    const caFile = join(await mkdtemp(join(tmpdir(), 'offhours-realtime-')), 'ca.pem');
    await writeFile(caFile, arm.ca);
    const env = {
      AzureWebJobsStorage: azurite.connectionString,
      OFFHOURS_ARM_ENDPOINT: arm.url,
      OFFHOURS_ARM_CA_FILE: caFile,
      OFFHOURS_NEW_TARGET_GRACE_MINUTES: '0',
    };
    const pools = await seed(arm, azurite.connectionString, size, interleaved);
    instances.push(await Instance.start(env), await Instance.start(env));
    const setClock = async (at: number) => {
      clock.offsetMs = at - Date.now();
      await Promise.all(instances.map((instance) => instance.ask('clock', { at })));
    };
    const [timer] = instances as [Instance, Instance];
    await setClock(TRANSITION - 10 * 60_000);
    await timer.ask('tick');
    await setClock(TRANSITION - 5 * 60_000);
    await timer.ask('tick');
    await Promise.all(instances.map((instance) => instance.ask('host')));
    // Let the hosts back off on the empty queue, as they would have before 20:00.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    arm.resetCounts();
    arm.throttled.write = 0;
    arm.throttled.read = 0;
    const loadBefore = loadavg()[0] ?? 0;
    await setClock(TRANSITION);
    const tick = await timer.ask('tick');
    const queue = new QueueClient(azurite.connectionString, ACTION_QUEUE_NAME);
    const deadline = Date.now() + 3 * minimumMs(size) + 120_000;
    let counts: InstanceCounts[] = [];
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answers = await Promise.all(instances.map((instance) => instance.ask('counts')));
      counts = answers.map((answer) => answer['counts'] as InstanceCounts);
      const running = answers.reduce((sum, answer) => sum + Number(answer['running']), 0);
      const left = (await queue.getProperties()).approximateMessagesCount ?? 0;
      if ((running === 0 && left === 0 && arm.state.operations.size >= pools) || Date.now() > deadline) break;
    }
    const starts = new Map<string, number>();
    let beginMs: number | undefined = 0;
    for (const operation of arm.state.operations.values()) {
      starts.set(
        operation.resourceId.toLowerCase(),
        (starts.get(operation.resourceId.toLowerCase()) ?? 0) + 1,
      );
      beginMs = Math.max(beginMs, operation.startedAt - TRANSITION);
    }
    if (starts.size < pools) beginMs = undefined;
    const results: Record<string, number> = {};
    for (const instance of counts)
      for (const [result, count] of Object.entries(instance.results))
        results[result] = (results[result] ?? 0) + count;
    return {
      size,
      interleaved,
      beginMs,
      begun: starts.size,
      minimumMs: minimumMs(size),
      throttledWrites: arm.throttled.write,
      throttledReads: arm.throttled.read,
      redelivered: counts.reduce((sum, instance) => sum + instance.redelivered, 0),
      poisoned: counts.reduce((sum, instance) => sum + instance.poisoned, 0),
      duplicates: [...starts.values()].reduce((sum, count) => sum + count - 1, 0),
      results,
      tickMs: Number(tick['ms']),
      loadBefore,
      loadAfter: loadavg()[0] ?? 0,
    };
  } finally {
    for (const instance of instances) instance.stop();
    await arm.stop();
    await azurite.stop();
  }
}

/** Clusters of ten user pools (and a system pool) per subscription, each pool a Targets row. */
async function seed(
  arm: FakeArm,
  connectionString: string,
  size: Size,
  interleaved: boolean,
): Promise<number> {
  const storage = await openTableStorage({ connectionString });
  await storage.schedules.create({ name: 'office', definition: { uptime: 'Mon-Fri 08:00-20:00 UTC' } });
  const rows = [];
  for (let s = 0; s < size.subscriptions; s++)
    for (let c = 0; c < Math.ceil(size.poolsPerSubscription / POOLS_PER_CLUSTER); c++) {
      arm.state.addCluster({
        subscriptionId: subscriptionId(s),
        resourceGroup: 'rg',
        name: `c${c}`,
        pools: [
          { name: 'system', mode: 'System' },
          ...Array.from({ length: POOLS_PER_CLUSTER }, (_, p) => ({ name: `p${p}` })),
        ],
      });
      for (let p = 0; p < POOLS_PER_CLUSTER; p++) {
        const parsed = parseResourceId(
          `/subscriptions/${subscriptionId(s)}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${c}/agentPools/p${p}`,
        );
        const index = String(c * POOLS_PER_CLUSTER + p).padStart(5, '0');
        if (parsed.ok)
          rows.push({
            // By subscription: "sub0-00000", … "sub1-00000"; interleaved: "00000-sub0", "00000-sub1", …
            name: interleaved ? `${index}-sub${s}` : `sub${s}-${index}`,
            resourceId: parsed.resourceId,
            scheduleName: 'office',
            enabled: true,
            allowAksManagedScaleSet: false,
          });
      }
    }
  const limit = pLimit(32);
  await Promise.all(rows.map((row) => limit(() => storage.targets.create(row))));
  return rows.length;
}

export function describeRun(run: RealtimeRun): string {
  const { subscriptions, poolsPerSubscription } = run.size;
  const ratio =
    run.beginMs === undefined || run.minimumMs === 0 ? 'n/a' : `${(run.beginMs / run.minimumMs).toFixed(2)}×`;
  const results = Object.entries(run.results)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([result, count]) => `${result} ${count}`)
    .join(', ');
  return [
    `${subscriptions} × ${poolsPerSubscription} pools, targets named ${run.interleaved ? 'with subscriptions interleaved' : 'by subscription'}:`,
    `  all begun after ${run.beginMs === undefined ? `never (${run.begun} begun)` : seconds(run.beginMs)} (ARM's minimum ${seconds(run.minimumMs)}; ${ratio}); 429s: ${run.throttledWrites} writes, ${run.throttledReads} reads; messages redelivered ${run.redelivered}, poisoned ${run.poisoned}; duplicate operations ${run.duplicates}`,
    `  execute results: ${results}; transition tick ${seconds(run.tickMs)}; load average ${run.loadBefore.toFixed(1)} before, ${run.loadAfter.toFixed(1)} after`,
  ].join('\n');
}
