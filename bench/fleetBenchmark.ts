import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { fakeArmCredential } from '../dev/fakeArm/fakeArmCredential.js';
import { InMemoryRowTable } from '../dev/InMemoryRowTable.js';
import { ChangeExecutor } from '../shared/app/ChangeExecutor.js';
import { AuditTrail } from '../shared/app/tables/AuditTrail.js';
import { OperationTable } from '../shared/app/tables/OperationTable.js';
import { OverrideTable } from '../shared/app/tables/OverrideTable.js';
import { ArmClients } from '../shared/azure/ArmClients.js';
import { AzurePowerControl } from '../shared/azure/AzurePowerControl.js';
import { parseResourceId, type ResourceId } from '../shared/domain/ResourceId.js';

const SUBSCRIPTIONS = 10;
const CLUSTERS_PER_SUBSCRIPTION = 10;
const USER_POOLS_PER_CLUSTER = 10;
const LATENCY_MS = 50;
const OPERATION_MS = 60_000;
/** The fake's clock runs this much faster than real time, so the naive baseline's waits can be sampled. */
const CLOCK_SPEED = 60;
const NAIVE_SAMPLE = 10;

const subscriptionId = (index: number) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Issue figures for power control: observing 1,000 pools, and beginning 1,000 stops against the
 * naive runbook pattern (stop one pool, wait for it, then the next). Fake ARM: 50 ms per request,
 * 60 s per operation, ARM's per-subscription throttling.
 */
export async function runFleetBenchmark(): Promise<string> {
  const startedAt = Date.now();
  const arm = await FakeArm.start({
    latencyMs: LATENCY_MS,
    operationDurationMs: OPERATION_MS,
    clock: () => startedAt + (Date.now() - startedAt) * CLOCK_SPEED,
  });
  try {
    const pools: ResourceId[] = [];
    for (let s = 0; s < SUBSCRIPTIONS; s++) {
      for (let c = 0; c < CLUSTERS_PER_SUBSCRIPTION; c++) {
        const cluster = arm.state.addCluster({
          subscriptionId: subscriptionId(s),
          resourceGroup: 'rg-dev',
          name: `c${c}`,
          pools: [
            { name: 'system', mode: 'System' },
            ...Array.from({ length: USER_POOLS_PER_CLUSTER }, (_, p) => ({ name: `user${p}` })),
          ],
        });
        for (let p = 0; p < USER_POOLS_PER_CLUSTER; p++) {
          const parsed = parseResourceId(
            `/subscriptions/${cluster.subscriptionId}/resourceGroups/rg-dev/providers/Microsoft.ContainerService/managedClusters/c${c}/agentPools/user${p}`,
          );
          if (parsed.ok) pools.push(parsed.resourceId);
        }
      }
    }
    // A separate cluster for the naive baseline's sample, so both runs stop pools that are running.
    arm.state.addCluster({
      subscriptionId: subscriptionId(0),
      resourceGroup: 'rg-baseline',
      name: 'naive',
      pools: Array.from({ length: NAIVE_SAMPLE }, (_, p) => ({ name: `user${p}` })),
    });
    const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, s) => subscriptionId(s));
    const clients = new ArmClients({ credential: fakeArmCredential, endpoint: arm.url, ca: arm.ca });
    const lines: string[] = [
      `Power control (fake ARM: ${LATENCY_MS} ms per request, ${OPERATION_MS / 1000} s per operation, ARM throttling; ${pools.length.toLocaleString('en')} user pools in ${SUBSCRIPTIONS} subscriptions)`,
      '',
    ];

    for (const observation of ['resource-graph', 'per-cluster'] as const) {
      const power = new AzurePowerControl(clients, {
        concurrencyPerSubscription: 10,
        observation,
        warn: () => undefined,
      });
      arm.resetCounts();
      const start = performance.now();
      const observed = await power.observe(subscriptions, pools);
      lines.push(
        `observe the fleet (${observation}): ${seconds(performance.now() - start)}, ${arm.count()} ARM requests, ${observed.size.toLocaleString('en')} resources`,
      );
    }

    const power = new AzurePowerControl(clients, {
      concurrencyPerSubscription: 10,
      observation: 'resource-graph',
      warn: () => undefined,
    });
    const executor = new ChangeExecutor({
      power,
      operations: new OperationTable(new InMemoryRowTable('Operations')),
      overrides: new OverrideTable(new InMemoryRowTable('Overrides')),
      audit: new AuditTrail(new InMemoryRowTable('Audit')),
      now: Date.now,
      dryRun: false,
    });
    arm.resetCounts();
    const beginStart = performance.now();
    const results = await Promise.all(
      pools.map((pool) =>
        executor.execute({
          targetName: pool.key,
          resourceId: pool.id,
          action: 'stop',
          transitionKey: `${pool.key}|stop|bench`,
          reason: 'benchmark',
          actor: 'bench',
          requestedAt: Date.now(),
        }),
      ),
    );
    const beginMs = performance.now() - beginStart;
    const begun = results.filter((result) => result.result === 'begun').length;
    lines.push(
      `begin ${begun.toLocaleString('en')} stops (10 in flight per subscription): ${seconds(beginMs)}, ${arm.count()} ARM requests (${arm.count('PUT')} PUT)`,
    );

    // The runbook pattern: one pool at a time, waiting for each operation to finish.
    const naiveStart = performance.now();
    for (let p = 0; p < NAIVE_SAMPLE; p++) {
      await clients
        .containerServiceFor(subscriptionId(0))
        .agentPools.createOrUpdate(
          'rg-baseline',
          'naive',
          `user${p}`,
          { powerState: { code: 'Stopped' } },
          { updateIntervalInMs: 50 },
        )
        .pollUntilDone();
    }
    const naiveSampleMs = performance.now() - naiveStart;
    // Each sampled stop waited OPERATION_MS / CLOCK_SPEED; at real speed it waits OPERATION_MS.
    const naivePerPoolMs = naiveSampleMs / NAIVE_SAMPLE - OPERATION_MS / CLOCK_SPEED + OPERATION_MS;
    const naiveMs = naivePerPoolMs * pools.length;
    lines.push(
      `naive baseline, one by one and awaiting each: ${seconds(naiveSampleMs)} for ${NAIVE_SAMPLE} pools on a ${CLOCK_SPEED}x clock, i.e. ${seconds(naivePerPoolMs)} per pool at real speed; for ${pools.length.toLocaleString('en')}: ${(naiveMs / 3_600_000).toFixed(1)} h`,
    );
    lines.push(`ratio, naive / ours: ${Math.round(naiveMs / beginMs).toLocaleString('en')}x`);
    return `${lines.join('\n')}\n`;
  } finally {
    await arm.stop();
  }
}
