import { Agent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { ChangeExecutor } from '../shared/app/operations/ChangeExecutor.js';
import { parseResourceId, type ResourceId } from '../shared/domain/ResourceId.js';
import { CountingRowTable } from './CountingRowTable.js';
import { VirtualTime } from './VirtualTime.js';
import { registerFleet, startFleetApp } from './fleetApp.js';

const SUBSCRIPTIONS = 10;
const POOLS_PER_CLUSTER = 10;
const NODES_PER_POOL = 3;
const SIZES = [1_000, 5_000, 20_000];
/** How long the fake takes to stop a pool once begun. */
const OPERATION_MS = 120_000;
/** Two Functions instances, each running batchSize 16 + newBatchThreshold 8 messages at once (host.json). */
const HOST_CONCURRENCY = 48;
const TICK_MS = 5 * 60_000;
const FIRST_SIGHT = Date.parse('2026-11-26T19:50:00Z');
const TRANSITION = Date.parse('2026-11-26T20:00:00Z');
/** ARM's write bucket per subscription and principal. */
const BURST = 200;
const WRITES_PER_SECOND = 10;

const subscriptionId = (index: number) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

/** The fastest ARM allows beginning `size` writes spread evenly over the subscriptions. */
function armMinimumBeginMs(size: number): number {
  return (Math.max(0, Math.ceil(size / SUBSCRIPTIONS) - BURST) / WRITES_PER_SECOND) * 1000;
}

/**
 * Clusters of ten user pools (and a system pool), each pool with its AKS node scale set of three
 * instances in the node resource group, as AKS keeps them: Resource Graph sees all of it.
 */
export function seedFleet(arm: FakeArm, size: number): ResourceId[] {
  const pools: ResourceId[] = [];
  const perSubscription = Math.ceil(size / SUBSCRIPTIONS);
  for (let s = 0; s < SUBSCRIPTIONS; s++) {
    for (let c = 0; c < Math.ceil(perSubscription / POOLS_PER_CLUSTER); c++) {
      const cluster = arm.state.addCluster({
        subscriptionId: subscriptionId(s),
        resourceGroup: 'rg-dev',
        name: `c${c}`,
        pools: [
          { name: 'system', mode: 'System' },
          ...Array.from({ length: POOLS_PER_CLUSTER }, (_, p) => ({ name: `user${p}` })),
        ],
      });
      for (let p = 0; p < POOLS_PER_CLUSTER; p++) {
        arm.state.addScaleSet({
          subscriptionId: subscriptionId(s),
          resourceGroup: cluster.nodeResourceGroup,
          name: `aks-user${p}-vmss`,
          capacity: NODES_PER_POOL,
          tags: { 'aks-managed-poolName': `user${p}` },
        });
        const parsed = parseResourceId(
          `/subscriptions/${cluster.subscriptionId}/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/c${c}/agentPools/user${p}`,
        );
        if (parsed.ok) pools.push(parsed.resourceId);
      }
    }
  }
  // Interleaved, as a runbook listing the fleet would meet them.
  return pools.sort((a, b) => a.poolName!.localeCompare(b.poolName!) || a.id.localeCompare(b.id));
}

interface Run {
  beginMs: number;
  stoppedMs: number | undefined;
  stopped: number;
  armRequests: number;
  throttledWrites: number;
}

interface OursRun extends Run {
  steadyTickMs: number;
  transitionTickMs: number;
  tableRequests: number;
  pagesPerTick: number;
  followReadsPerTick: number[];
  falseFailures: number;
  maxDeliveries: number;
  poisoned: number;
  duplicates: number;
  throttledReads: number;
  peakRssKiB: number;
}

/** When the fake finished its last stop, from the transition; undefined while some pool never stopped. */
function stoppedAfter(arm: FakeArm, pools: readonly ResourceId[]): { ms?: number; stopped: number } {
  const ends = new Map<string, number>();
  for (const operation of arm.state.operations.values())
    ends.set(operation.resourceId.toLowerCase(), operation.completesAt);
  const stopped = pools.filter((pool) => ends.has(pool.key)).length;
  return {
    stopped,
    ...(stopped === pools.length ? { ms: Math.max(...ends.values()) - TRANSITION } : {}),
  };
}

async function runOurs(size: number): Promise<OursRun> {
  const time = new VirtualTime(FIRST_SIGHT);
  const arm = await FakeArm.start({
    operationDurationMs: OPERATION_MS,
    clock: time.clock,
    throttleClock: time.clock,
  });
  try {
    const pools = seedFleet(arm, size);
    const { config, storage, power, queue, reconciler } = startFleetApp(time, arm);
    const executor = new ChangeExecutor({
      power,
      operations: storage.operations,
      overrides: storage.overrides,
      audit: storage.audit,
      now: time.clock,
      dryRun: false,
      protectedTags: config.protectedTags,
    });
    await registerFleet(storage, pools);

    const tick = () => time.work(() => reconciler.tick());
    await tick();
    time.now = FIRST_SIGHT + TICK_MS;
    await tick();
    // A steady tick: nothing to change.
    time.now = FIRST_SIGHT + TICK_MS + TICK_MS / 2;
    const pagesBefore = power.graphPages;
    let started = performance.now();
    await tick();
    const steadyTickMs = performance.now() - started;
    const pagesPerTick = power.graphPages - pagesBefore;

    // The transition: every pool stops; the host drains the queue as the plan makes messages visible.
    time.now = TRANSITION;
    arm.resetCounts();
    CountingRowTable.requests = 0;
    started = performance.now();
    await tick();
    const transitionTickMs = performance.now() - started;
    let lastBegun = TRANSITION;
    let hostDone = false;
    void queue
      .run(async (request) => {
        const result = await executor.execute(request);
        if (result.result === 'begun') lastBegun = time.now;
      }, HOST_CONCURRENCY)
      .then(() => (hostDone = true));
    await time.runUntil(() => hostDone);

    // Ticks follow the operations until every one has ended.
    const followReadsPerTick: number[] = [];
    for (let next = TRANSITION + TICK_MS; next <= TRANSITION + 6 * TICK_MS; next += TICK_MS) {
      time.now = next;
      const getsBefore = arm.count('GET');
      await tick();
      followReadsPerTick.push(arm.count('GET') - getsBefore);
      const open = (await storage.operations.list()).filter(
        (operation) => operation.status === 'running' || operation.status === 'beginning',
      );
      if (open.length === 0) break;
    }
    const operations = await storage.operations.list();
    const perResource = new Map<string, number>();
    for (const operation of arm.state.operations.values())
      perResource.set(operation.resourceId, (perResource.get(operation.resourceId) ?? 0) + 1);
    const end = stoppedAfter(arm, pools);
    return {
      beginMs: lastBegun - TRANSITION,
      stoppedMs: end.ms,
      stopped: end.stopped,
      armRequests: arm.requests.length,
      throttledWrites: arm.throttled.write,
      throttledReads: arm.throttled.read,
      steadyTickMs,
      transitionTickMs,
      tableRequests: CountingRowTable.requests,
      pagesPerTick,
      followReadsPerTick,
      falseFailures: operations.filter((operation) => operation.status === 'failed').length,
      maxDeliveries: queue.maxDeliveries(),
      poisoned: queue.poisoned,
      duplicates: [...perResource.values()].reduce((sum, count) => sum + count - 1, 0),
      peakRssKiB: process.resourceUsage().maxRSS,
    };
  } finally {
    await arm.stop();
  }
}

/**
 * A runbook that sends every stop (one PUT each) without waiting for the operation: `concurrency`
 * PUTs in flight, each 429 retried after its Retry-After, at most `maxRetries` times (then that
 * pool is given up, as an SDK's retry policy gives up).
 */
async function runRunbook(size: number, concurrency: number, maxRetries: number): Promise<Run> {
  const time = new VirtualTime(TRANSITION);
  const arm = await FakeArm.start({
    operationDurationMs: OPERATION_MS,
    clock: time.clock,
    throttleClock: time.clock,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: arm.ca });
  try {
    const pools = seedFleet(arm, size);
    const url = new URL(arm.url);
    const put = (pool: ResourceId) =>
      new Promise<{ status: number; retryAfterMs: number }>((resolve, reject) => {
        const body = JSON.stringify({ properties: { powerState: { code: 'Stopped' } } });
        const call = httpsRequest(
          {
            host: url.hostname,
            port: url.port,
            method: 'PUT',
            path: `${pool.id}?api-version=2025-10-01`,
            agent,
            headers: {
              authorization: 'Bearer runbook',
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                retryAfterMs:
                  Number(response.headers['retry-after-ms']) ||
                  Number(response.headers['retry-after'] ?? 1) * 1000,
              }),
            );
          },
        );
        call.on('error', reject);
        call.end(body);
      });
    let lastBegun = TRANSITION;
    let next = 0;
    const worker = async () => {
      for (let pool = pools[next++]; pool; pool = pools[next++]) {
        for (let attempt = 0; attempt <= maxRetries; attempt++) {
          const answer = await time.work(() => put(pool));
          if (answer.status < 300) {
            lastBegun = time.now;
            break;
          }
          if (answer.status !== 429) throw new Error(`runbook PUT answered ${answer.status}`);
          if (attempt < maxRetries) await time.sleep(answer.retryAfterMs);
        }
      }
    };
    let done = false;
    void Promise.all(Array.from({ length: Math.min(concurrency, pools.length) }, worker)).then(
      () => (done = true),
    );
    await time.runUntil(() => done);
    const end = stoppedAfter(arm, pools);
    return {
      beginMs: lastBegun - TRANSITION,
      stoppedMs: end.ms,
      stopped: end.stopped,
      armRequests: arm.requests.length,
      throttledWrites: arm.throttled.write,
    };
  } finally {
    agent.destroy();
    await arm.stop();
  }
}

/**
 * Issue 17's figures: stopping 1,000, 5,000 and 20,000 pools in 10 subscriptions against ARM's
 * documented limits (the fake throttles writes per subscription and principal, and Resource Graph per
 * user), in simulated time, against two runbooks on the same fake.
 */
export async function runFleetBenchmark(sizes: readonly number[] = SIZES): Promise<string> {
  const lines = [
    `Fleet scale (fake ARM with ARM's limits: writes 200 then 10/s and reads 250 then 25/s per subscription and principal, Resource Graph 15 queries per 5 s; ${SUBSCRIPTIONS} subscriptions, ${POOLS_PER_CLUSTER} user pools per cluster, each with a ${NODES_PER_POOL}-node scale set; a stop takes ${OPERATION_MS / 1000} s; simulated time, request latency not modelled; ${HOST_CONCURRENCY} messages at once as on two Functions instances)`,
    '',
  ];
  for (const size of sizes) lines.push(...(await fleetFigures(size)));
  return `${lines.join('\n')}\n`;
}

/** The figures for one fleet size (printed as they come by `bench/runFleetBenchmark.ts`). */
export async function fleetFigures(size: number, withRunbooks = true): Promise<string[]> {
  const lines: string[] = [];
  {
    const wallStart = performance.now();
    const ours = await runOurs(size);
    const minimumRun: Run = {
      beginMs: armMinimumBeginMs(size),
      stoppedMs: armMinimumBeginMs(size) + OPERATION_MS,
      stopped: size,
      armRequests: size,
      throttledWrites: 0,
    };
    const sameConcurrency = withRunbooks
      ? await runRunbook(size, HOST_CONCURRENCY, Number.POSITIVE_INFINITY)
      : minimumRun;
    const allAtOnce = withRunbooks ? await runRunbook(size, size, 3) : minimumRun;
    const minimum = armMinimumBeginMs(size);
    const ratio = (ms: number | undefined, floor: number) =>
      ms === undefined
        ? 'n/a'
        : floor === 0
          ? `${seconds(ms)} (ARM's minimum is 0 s)`
          : `${(ms / floor).toFixed(2)}×`;
    const stoppedText = (run: Run) =>
      run.stoppedMs === undefined
        ? `never: ${run.stopped.toLocaleString('en')} of ${size.toLocaleString('en')} stopped`
        : seconds(run.stoppedMs);
    lines.push(`${size.toLocaleString('en')} pools:`);
    lines.push(
      `  ours: all begun after ${seconds(ours.beginMs)} (ARM's minimum ${seconds(minimum)}; ours ÷ minimum ${ratio(ours.beginMs, minimum)}), all stopped after ${stoppedText(ours)} (minimum ${seconds(minimum + OPERATION_MS)}; ${ratio(ours.stoppedMs, minimum + OPERATION_MS)})`,
    );
    lines.push(
      `    ${(ours.armRequests / size).toFixed(2)} ARM requests and ${(ours.tableRequests / size).toFixed(1)} Table requests per stop; throttled writes ${ours.throttledWrites}, throttled reads ${ours.throttledReads}; most deliveries of one message ${ours.maxDeliveries}, poisoned ${ours.poisoned}; duplicate operations ${ours.duplicates}; operations recorded failed ${ours.falseFailures}`,
    );
    lines.push(
      `    Resource Graph pages per tick ${ours.pagesPerTick}; follow-up reads per tick after the transition ${ours.followReadsPerTick.join(', ')}; steady tick ${Math.round(ours.steadyTickMs)} ms, transition tick ${Math.round(ours.transitionTickMs)} ms; peak RSS of the benchmark process so far ${mib(ours.peakRssKiB)}`,
    );
    if (withRunbooks)
      lines.push(
        `  runbook sending every stop without waiting, ${HOST_CONCURRENCY} at once, retrying each 429 after its Retry-After: all begun after ${seconds(sameConcurrency.beginMs)}, all stopped after ${stoppedText(sameConcurrency)}; ${(sameConcurrency.armRequests / size).toFixed(2)} ARM requests per stop, ${sameConcurrency.throttledWrites.toLocaleString('en')} answered 429`,
      );
    if (withRunbooks)
      lines.push(
        `  runbook sending all ${size.toLocaleString('en')} at once, 3 retries after Retry-After: last begun after ${seconds(allAtOnce.beginMs)}, stopped ${stoppedText(allAtOnce)}; ${(allAtOnce.armRequests / size).toFixed(2)} ARM requests per stop, ${allAtOnce.throttledWrites.toLocaleString('en')} answered 429`,
      );
    if (withRunbooks)
      lines.push(
        `  time until the whole fleet is stopped, ours ÷ runbook: ${ratio(ours.stoppedMs, sameConcurrency.stoppedMs ?? 0)} (same concurrency), ${allAtOnce.stoppedMs === undefined ? 'the all-at-once runbook never stops the whole fleet' : ratio(ours.stoppedMs, allAtOnce.stoppedMs)} (all at once); wall time of the three runs ${seconds(performance.now() - wallStart)}`,
      );
  }
  return lines;
}
