import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { clusterId, scaleSetId } from '../dev/fakeArm/FakeArmState.js';
import { InMemoryActionQueue } from '../dev/InMemoryActionQueue.js';
import type { ChangeRequest } from '../shared/app/operations/ChangeRequest.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { Schedule } from '../shared/domain/Schedule.js';
import { servicesOnFakeArm } from './servicesOnFakeArm.js';

const SUBSCRIPTIONS = 5;
const POOL_CLUSTERS = 50;
const POOLS_PER_CLUSTER = 12;
const CLUSTER_TARGETS = 200;
const SCALE_SET_TARGETS = 200;
const FAULT_RATE = 0.3;
const TICK_MS = 30 * 60_000;
const OPERATION_MS = 10 * 60_000;
/** Sunday 29 November 2026, 00:00 UTC, to the next Sunday: every schedule begins the week down. */
const WEEK_START = Date.parse('2026-11-29T00:00:00Z');
/** The Functions host delivers a failing message this many times (host.json `maxDequeueCount`). */
const MAX_DEQUEUE = 5;
const VISIBILITY_DELAY_MS = 1_000;
const SCHEDULES = [
  { name: 'berlin', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Berlin' },
  { name: 'newyork', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'America/New_York' },
  { name: 'tokyo', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'Asia/Tokyo' },
  { name: 'utc', uptime: 'Mon-Fri 07:00-19:00', timeZone: 'UTC' },
];

type Power = 'Running' | 'Stopped' | 'changing';

interface SimTarget {
  name: string;
  resourceId: string;
  kind: 'nodepool' | 'cluster' | 'vmss';
  schedule: Schedule;
  truth: () => Power;
  /** Node pools with the autoscaler on: the settings a start must bring back. */
  autoscale?: { minCount: number; maxCount: number };
  autoscaleNow?: () => { enableAutoScaling: boolean; minCount?: number; maxCount?: number };
}

interface Transition {
  key: string;
  desired: 'Running' | 'Stopped';
  at: number;
  pending: Set<string>;
  ticksToAll?: number;
}

const subscriptionId = (index: number) => `00000000-0000-0000-0000-${String(index + 1).padStart(12, '0')}`;

/**
 * Issue 9's figure: a simulated week for 1,000 targets (600 node pools, 200 clusters, 200 scale
 * sets) on the fake ARM with 30 % of requests faulted (long and short Retry-After, 5xx, dropped
 * connections, answers lost after ARM acted, 409s from other operations, Resource Graph quota
 * 429s), a tick every 30 simulated minutes, AKS losing the autoscaler on every start. Ground
 * truth is the fake's own state; reports are the app's log and audit lines.
 */
export async function runFaultedWeekBenchmark(days = 7): Promise<string> {
  const weekEnd = WEEK_START + days * 24 * 3_600_000;
  const clock = { now: WEEK_START };
  const arm = await FakeArm.start({
    operationDurationMs: OPERATION_MS,
    clock: () => clock.now,
    autoscalerLostOnStart: true,
    randomFaults: { rate: FAULT_RATE, seed: 9 },
  });
  const started = performance.now();
  try {
    const logLines: Record<string, unknown>[] = [];
    const { services, storage, queue } = await servicesOnFakeArm(
      arm,
      () => clock.now,
      { OFFHOURS_CONCURRENCY_PER_SUBSCRIPTION: process.env['BENCH_CONCURRENCY'] ?? '10' },
      {
        log: (line) => {
          if (line['event'] === 'operation') logLines.push(line);
        },
        armRetryDelayInMs: 10,
      },
    );
    const schedules = new Map(
      SCHEDULES.map((spec) => [spec.name, Schedule.compile({ ...spec, holidays: '', enforce: false })]),
    );
    for (const spec of SCHEDULES)
      await storage.schedules.create({
        name: spec.name,
        definition: { uptime: spec.uptime, timeZone: spec.timeZone },
      });
    const targets = seedFleet(arm, schedules);
    for (const target of targets) {
      const parsed = parseResourceId(target.resourceId);
      if (!parsed.ok) throw new Error(parsed.message);
      await storage.targets.create({
        name: target.name,
        resourceId: parsed.resourceId,
        scheduleName: scheduleNameOf(target, schedules),
        enabled: true,
        allowAksManagedScaleSet: false,
      });
    }

    const transitions: Transition[] = [];
    const openTransition = new Map<string, Transition>();
    const lastDesired = new Map<string, 'Running' | 'Stopped'>();
    let nightsLost = 0;
    let startsMissed = 0;
    let autoscalerWrong = 0;
    let falseReports = 0;
    let poisoned = 0;
    const byName = new Map(targets.map((target) => [target.name, target]));
    const windowOps = new Map<string, number>();
    let duplicates = 0;
    let ticks = 0;
    let ticksWithoutObservation = 0;

    for (; clock.now < weekEnd; clock.now += TICK_MS) {
      ticks++;
      // Transitions: the desired state of each schedule at this tick.
      for (const target of targets) {
        const desired = target.schedule.isUp(clock.now) ? 'Running' : 'Stopped';
        if (lastDesired.get(target.name) === desired) continue;
        const previous = openTransition.get(target.name);
        if (previous?.pending.has(target.name)) {
          if (previous.desired === 'Stopped') nightsLost++;
          else startsMissed++;
        }
        if (previous?.desired === 'Running' && target.autoscale && !autoscalerRight(target))
          autoscalerWrong++;
        duplicates += Math.max(0, (windowOps.get(target.name) ?? 0) - 1);
        windowOps.set(target.name, 0);
        lastDesired.set(target.name, desired);
        const key = `${scheduleNameOf(target, schedules)} ${desired} ${clock.now}`;
        let transition = transitions.find((candidate) => candidate.key === key);
        if (!transition) {
          transition = { key, desired, at: clock.now, pending: new Set() };
          transitions.push(transition);
        }
        transition.pending.add(target.name);
        openTransition.set(target.name, transition);
      }

      const operationsBefore = arm.state.operations.size;
      const logged = logLines.length;
      try {
        await services.reconciler.tick();
      } catch (error) {
        // Resource Graph asked for a longer wait than a tick may take: this tick observed nothing.
        ticksWithoutObservation++;
        if (process.env['BENCH_DEBUG']) console.error(error);
      }
      falseReports += countFalseReports(logLines.slice(logged), byName);
      poisoned += await deliver(queue, (request) => services.executor.execute(request));
      countOperations(arm, operationsBefore, targets, windowOps);

      arm.state.settle();
      for (const transition of transitions) {
        if (transition.ticksToAll !== undefined) continue;
        for (const name of transition.pending)
          if (byName.get(name)?.truth() === transition.desired) transition.pending.delete(name);
        if (transition.pending.size === 0)
          transition.ticksToAll = Math.round((clock.now - transition.at) / TICK_MS);
      }
    }
    let unfinishedAtEnd = 0;
    for (const target of targets) {
      const open = openTransition.get(target.name);
      // A transition too recent to have finished when the run ends is not a lost night.
      if (open?.pending.has(target.name)) unfinishedAtEnd++;
      if (open?.desired === 'Running' && target.autoscale && !autoscalerRight(target)) autoscalerWrong++;
      duplicates += Math.max(0, (windowOps.get(target.name) ?? 0) - 1);
    }
    const audit = await storage.audit.query({ limit: 100_000 });
    // No operation in this run is made to fail or refused: every such report is false.
    falseReports += audit.filter((entry) => /^(refused|failed|timed-out)/.test(entry.result)).length;

    const done = transitions.filter((transition) => transition.ticksToAll !== undefined);
    const sorted = done.map((transition) => transition.ticksToAll ?? 0).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const faults = [...arm.randomFaultCounts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, count]) => `${kind} ${count.toLocaleString('en')}`)
      .join(', ');
    const results = countBy(audit.map((entry) => entry.result.split(':')[0] ?? ''));
    return [
      `Faulted week (fake ARM, ${Math.round(FAULT_RATE * 100)} % of ${arm.requests.length.toLocaleString('en')} ARM requests faulted; ${targets.length.toLocaleString('en')} targets: ${POOL_CLUSTERS * POOLS_PER_CLUSTER} node pools, ${CLUSTER_TARGETS} clusters, ${SCALE_SET_TARGETS} scale sets; ${ticks} ticks of ${TICK_MS / 60_000} min; operations take ${OPERATION_MS / 60_000} min; AKS loses the autoscaler on every start)`,
      `faults answered: ${faults}`,
      `transitions: ${transitions.length} (schedule edges), all targets reached: ${done.length}`,
      `ticks until every target of a transition reached its desired state: median ${median}, max ${sorted.at(-1) ?? 0}${done.length < transitions.length ? ` (${transitions.length - done.length} never)` : ''}`,
      `nights lost: ${nightsLost}; mornings missed: ${startsMissed}${unfinishedAtEnd ? `; still changing when the run ended: ${unfinishedAtEnd}` : ''}`,
      `duplicate operations: ${duplicates}`,
      `false failed/succeeded reports: ${falseReports}`,
      `autoscaler settings left wrong: ${autoscalerWrong}`,
      `messages that exhausted their deliveries: ${poisoned}; ticks that observed nothing (Resource Graph quota): ${ticksWithoutObservation}`,
      `execute results: ${Object.entries(results)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([result, count]) => `${result} ${count.toLocaleString('en')}`)
        .join(', ')}`,
      `why retried by the queue: ${Object.entries(
        countBy(
          audit
            .filter((entry) => entry.result.startsWith('retrying'))
            .map((entry) => entry.result.split(':')[1]?.trim() ?? ''),
        ),
      )
        .map(([code, count]) => `${code} ${count}`)
        .join(', ')}`,
      `run time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
      '',
    ].join('\n');
  } finally {
    await arm.stop();
  }
}

function seedFleet(arm: FakeArm, schedules: Map<string, Schedule>): SimTarget[] {
  const names = [...schedules.keys()];
  const scheduleFor = (index: number) => schedules.get(names[index % names.length] ?? '') as Schedule;
  const targets: SimTarget[] = [];
  for (let c = 0; c < POOL_CLUSTERS; c++) {
    const cluster = arm.state.addCluster({
      subscriptionId: subscriptionId(c % SUBSCRIPTIONS),
      resourceGroup: 'rg-dev',
      name: `pools${c}`,
      pools: [
        { name: 'system', mode: 'System' },
        ...Array.from({ length: POOLS_PER_CLUSTER }, (_, p) => ({
          name: `user${p}`,
          ...(p % 2 === 0 ? { autoscale: { minCount: 2, maxCount: 6 } } : {}),
        })),
      ],
    });
    for (let p = 0; p < POOLS_PER_CLUSTER; p++) {
      const pool = arm.state.pool(cluster, `user${p}`);
      targets.push({
        name: `pools${c}-user${p}`,
        resourceId: `${clusterId(cluster)}/agentPools/user${p}`,
        kind: 'nodepool',
        schedule: scheduleFor(c),
        truth: () => (cluster.pending || pool.pending ? 'changing' : pool.powerState),
        ...(p % 2 === 0 ? { autoscale: { minCount: 2, maxCount: 6 } } : {}),
        autoscaleNow: () => ({
          enableAutoScaling: pool.enableAutoScaling,
          ...(pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
          ...(pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
        }),
      });
    }
  }
  for (let c = 0; c < CLUSTER_TARGETS; c++) {
    const cluster = arm.state.addCluster({
      subscriptionId: subscriptionId(c % SUBSCRIPTIONS),
      resourceGroup: 'rg-dev',
      name: `cluster${c}`,
      pools: [{ name: 'system', mode: 'System' }],
    });
    targets.push({
      name: `cluster${c}`,
      resourceId: clusterId(cluster),
      kind: 'cluster',
      schedule: scheduleFor(c + 1),
      truth: () => (cluster.pending ? 'changing' : cluster.powerState),
    });
  }
  for (let s = 0; s < SCALE_SET_TARGETS; s++) {
    const scaleSet = arm.state.addScaleSet({
      subscriptionId: subscriptionId(s % SUBSCRIPTIONS),
      resourceGroup: 'rg-dev',
      name: `agents${s}`,
      capacity: 2,
    });
    targets.push({
      name: `agents${s}`,
      resourceId: scaleSetId(scaleSet),
      kind: 'vmss',
      schedule: scheduleFor(s + 2),
      truth: () => (scaleSet.pending ? 'changing' : scaleSet.powerState),
    });
  }
  return targets;
}

function scheduleNameOf(target: SimTarget, schedules: Map<string, Schedule>): string {
  for (const [name, schedule] of schedules) if (schedule === target.schedule) return name;
  return '';
}

function autoscalerRight(target: SimTarget): boolean {
  if (target.truth() !== 'Running' || !target.autoscale) return true;
  const now = target.autoscaleNow?.();
  return (
    now?.enableAutoScaling === true &&
    now.minCount === target.autoscale.minCount &&
    now.maxCount === target.autoscale.maxCount
  );
}

/** A reported outcome that the fake's own state contradicts. */
function countFalseReports(lines: Record<string, unknown>[], targets: Map<string, SimTarget>): number {
  let wrong = 0;
  for (const line of lines) {
    const target = targets.get(String(line['target']));
    const asked = line['action'] === 'start' ? 'Running' : 'Stopped';
    if (line['outcome'] === 'succeeded' && target?.truth() !== asked) wrong++;
  }
  return wrong;
}

/** The host's queue: a message that throws is delivered again, up to `MAX_DEQUEUE` times. */
async function deliver(
  queue: InMemoryActionQueue,
  execute: (request: ChangeRequest) => Promise<unknown>,
): Promise<number> {
  let poisoned = 0;
  let round = queue.takeAll().map((request) => ({ request, deliveries: 0 }));
  while (round.length > 0) {
    const again: typeof round = [];
    await Promise.all(
      round.map(async (message) => {
        try {
          await execute(message.request);
        } catch {
          if (message.deliveries + 1 < MAX_DEQUEUE)
            again.push({ ...message, deliveries: message.deliveries + 1 });
          else poisoned++;
        }
      }),
    );
    // The host makes a failed message visible again after host.json's visibilityTimeout (30 s);
    // here 1 s of real time, which is what ARM's per-subscription write budget refills in.
    if (again.length > 0) await new Promise((resolve) => setTimeout(resolve, VISIBILITY_DELAY_MS));
    round = [...again, ...queue.takeAll().map((request) => ({ request, deliveries: 0 }))];
  }
  return poisoned;
}

/** Operations the fake began this tick, by target. */
function countOperations(
  arm: FakeArm,
  before: number,
  targets: SimTarget[],
  windowOps: Map<string, number>,
): void {
  if (arm.state.operations.size === before) return;
  const byResource = new Map(targets.map((target) => [target.resourceId.toLowerCase(), target.name]));
  for (const operation of [...arm.state.operations.values()].slice(before)) {
    const name = byResource.get(operation.resourceId.toLowerCase());
    if (name) windowOps.set(name, (windowOps.get(name) ?? 0) + 1);
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

if (process.argv[1]?.endsWith('faultedWeekBenchmark.js'))
  process.stdout.write(await runFaultedWeekBenchmark(Number(process.argv[2] ?? 7)));
