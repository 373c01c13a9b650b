import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { clusterId, scaleSetId } from '../dev/fakeArm/FakeArmState.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { Schedule } from '../shared/domain/Schedule.js';
import { servicesOnFakeArm } from './servicesOnFakeArm.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Far from any transition nothing can happen, so the simulation ticks hourly there (edges are caught up). */
const QUIET_TICK_MS = HOUR_MS;
/** Ticks at the row's interval from this long before a transition: longer than the longest lead and a tick. */
const BUSY_BEFORE_MS = 65 * MINUTE_MS;
/** Sunday 1 November 2026, 00:00 UTC: six weeks, with the end of daylight saving time in New York. */
const SIM_START = Date.parse('2026-11-01T00:00:00Z');
const SCHEDULES = [
  { name: 'berlin', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Berlin' },
  { name: 'newyork', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'America/New_York' },
  { name: 'tokyo', uptime: 'Mon-Fri 09:00-19:00', timeZone: 'Asia/Tokyo' },
];
/**
 * Typical start of each kind on the fake; each morning varies around it (see `startDuration`).
 * Microsoft publishes no start time for a node pool, a cluster or a scale set (the start/stop pages
 * only say to check `powerState`). A cluster's is the one public measurement we found, a start of
 * about 235 s; the node pool's and the scale set's are assumptions (BENCHMARKS.md, Ready by, lists
 * the sources and what they are).
 */
const BASE_START_MS = { nodepool: 6 * MINUTE_MS, cluster: 235_000, vmss: 3 * MINUTE_MS };

/**
 * A long-tailed start ends after 2½ hours at most, as an AKS operation does not run for a day:
 * past the app's 2-hour operation timeout, so the few that long are followed as timed out and
 * learned as at least 2 hours.
 */
const LONGEST_START_MS = 150 * MINUTE_MS;

/** One row of the sensitivity table: how often the app ticks and how start durations are drawn. */
export interface StartScenario {
  name: string;
  tickMinutes: 1 | 5;
  /** The share of (target, day) mornings that are slow (× 1.8), as when a region is busy. */
  slowDays: number;
  /** Long-tailed starts instead of the uniform factor: lognormal, and one in ten × a Pareto draw. */
  longTail?: boolean;
}

export const SCENARIOS: readonly StartScenario[] = [
  { name: 'tick 5 min, slow days 1 in 12', tickMinutes: 5, slowDays: 1 / 12 },
  { name: 'tick 1 min, slow days 1 in 12', tickMinutes: 1, slowDays: 1 / 12 },
  { name: 'tick 5 min, slow days 1 in 6', tickMinutes: 5, slowDays: 1 / 6 },
  { name: 'tick 1 min, slow days 1 in 6', tickMinutes: 1, slowDays: 1 / 6 },
  { name: 'tick 5 min, long-tailed starts', tickMinutes: 5, slowDays: 0, longTail: true },
  { name: 'tick 1 min, long-tailed starts', tickMinutes: 1, slowDays: 0, longTail: true },
  { name: 'tick 5 min, no slow days', tickMinutes: 5, slowDays: 0 },
];

interface SimTarget {
  name: string;
  resourceId: string;
  kind: keyof typeof BASE_START_MS;
  schedule: Schedule;
  scheduleName: string;
  /** `Running` only when the last change has finished (provisioning Succeeded). */
  ready: () => boolean;
  stopped: () => boolean;
}

/** A deterministic number in [0, 1) for a target and a day: the same mornings in both runs. */
function noise(seed: number): number {
  let value = (seed ^ 0x9e3779b9) >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
  return ((value ^ (value >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * How long an operation takes on a given day: the kind's typical time × a factor from 0.6 to 1.4
 * drawn per target and day, and on a share of mornings (`slowDays`) a slow one (× 1.8). Long-tailed:
 * the typical time × 0.8 × e^(0.25·Z) (Z standard normal), and on one morning in ten × a Pareto
 * draw (α 1.5, at least 1: unbounded variance), so a start now and then takes several times its
 * usual; never more than `LONGEST_START_MS`.
 */
function startDuration(
  scenario: StartScenario,
  kind: SimTarget['kind'],
  targetIndex: number,
  startedAt: number,
): number {
  const day = Math.floor(startedAt / DAY_MS);
  if (scenario.longTail) {
    const u1 = noise(targetIndex * 7919 + day);
    const u2 = noise(targetIndex * 15_485_863 + day * 17);
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    const tail =
      noise(targetIndex * 104_729 + day * 31) < 0.1
        ? (1 - noise(targetIndex * 611_953 + day * 7)) ** (-1 / 1.5)
        : 1;
    return Math.round(Math.min(LONGEST_START_MS, BASE_START_MS[kind] * 0.8 * Math.exp(0.25 * z) * tail));
  }
  const factor = 0.6 + 0.8 * noise(targetIndex * 7919 + day);
  const slow = noise(targetIndex * 104_729 + day * 31) < scenario.slowDays ? 1.8 : 1;
  return Math.round(BASE_START_MS[kind] * factor * slow);
}

export interface ReadyByFigures {
  mornings: number;
  ready: number;
  /** Hours targets ran before their up time because a start began ahead of it. */
  extraHours: number;
  /** What a perfect lead (begun at the last tick at or before the up time less the start's own duration) would have run. */
  perfectHours: number;
  /** How late each late start begun ahead finished after its up time (ms). */
  lateness: number[];
  targets: number;
  ticks: number;
}

async function simulate(
  days: number,
  scenario: StartScenario,
  settings: Record<string, string>,
): Promise<ReadyByFigures> {
  const tickMs = scenario.tickMinutes * MINUTE_MS;
  const simEnd = SIM_START + days * DAY_MS;
  const clock = { now: SIM_START };
  const byResource = new Map<string, { kind: SimTarget['kind']; index: number }>();
  const arm = await FakeArm.start({
    clock: () => clock.now,
    operationDurationFor: (resourceId, startedAt) => {
      const target = byResource.get(resourceId.toLowerCase());
      return target ? startDuration(scenario, target.kind, target.index, startedAt) : 5 * MINUTE_MS;
    },
  });
  try {
    const { services, storage, queue } = await servicesOnFakeArm(arm, () => clock.now, {
      OFFHOURS_TICK: `0 */${scenario.tickMinutes} * * * *`,
      ...settings,
    });
    const schedules = new Map(SCHEDULES.map((spec) => [spec.name, Schedule.compile(spec)]));
    for (const spec of SCHEDULES)
      await storage.schedules.create({
        name: spec.name,
        definition: { uptime: spec.uptime, timeZone: spec.timeZone },
      });
    const targets = seedFleet(arm, schedules);
    targets.forEach((target, index) =>
      byResource.set(target.resourceId.toLowerCase(), { kind: target.kind, index }),
    );
    for (const target of targets) {
      const parsed = parseResourceId(target.resourceId);
      if (!parsed.ok) throw new Error(parsed.message);
      await storage.targets.create({
        name: target.name,
        resourceId: parsed.resourceId,
        scheduleName: target.scheduleName,
        enabled: true,
        allowAksManagedScaleSet: false,
      });
    }
    const figures: ReadyByFigures = {
      mornings: 0,
      ready: 0,
      extraHours: 0,
      perfectHours: 0,
      lateness: [],
      targets: targets.length,
      ticks: 0,
    };
    const upTimesSeen = new Set<string>();
    while (clock.now < simEnd) {
      arm.state.settle();
      countMornings(targets, clock.now, upTimesSeen, figures);
      await services.reconciler.tick();
      for (const request of queue.takeAll()) await services.executor.execute(request);
      figures.ticks++;
      clock.now += nextTickIn(targets, clock.now, tickMs);
    }
    Object.assign(figures, startsBeforeUpTime(arm, targets, tickMs));
    return figures;
  } finally {
    await arm.stop();
  }
}

/** At each schedule up time (a tick falls on every one), is the target Running with its start Succeeded? */
function countMornings(
  targets: readonly SimTarget[],
  now: number,
  seen: Set<string>,
  figures: ReadyByFigures,
): void {
  for (const target of targets) {
    const upNow = target.schedule.isUp(now) && !target.schedule.isUp(now - 1);
    // The first morning of a target is not counted: it was running when registered, no start was needed.
    if (!upNow || now === SIM_START || seen.has(`${target.name} ${now}`)) continue;
    seen.add(`${target.name} ${now}`);
    figures.mornings++;
    if (target.ready()) figures.ready++;
  }
}

/**
 * The row's tick from 65 minutes before any target's transition (the longest lead is 60) and while
 * any target is starting or stopping (so a late start is measured as the app would), else up to an
 * hour, landing on the row's tick grid.
 */
function nextTickIn(targets: readonly SimTarget[], now: number, tickMs: number): number {
  if (targets.some((target) => !target.ready() && !target.stopped())) return tickMs;
  let nearest = Infinity;
  for (const target of targets) nearest = Math.min(nearest, target.schedule.nextTransition(now) ?? Infinity);
  if (nearest - now <= BUSY_BEFORE_MS) return tickMs;
  return Math.min(QUIET_TICK_MS, Math.floor((nearest - BUSY_BEFORE_MS - now) / tickMs) * tickMs || tickMs);
}

/**
 * Every start the fake began while its target's schedule was down (within two hours of the up time):
 * the hours run before the up time, what a perfect lead would have run (begun at the last tick at or
 * before the up time less that start's own duration), and how late the late ones were.
 */
function startsBeforeUpTime(
  arm: FakeArm,
  targets: readonly SimTarget[],
  tickMs: number,
): Pick<ReadyByFigures, 'extraHours' | 'perfectHours' | 'lateness'> {
  const byResource = new Map(targets.map((target) => [target.resourceId.toLowerCase(), target]));
  let extraMs = 0;
  let perfectMs = 0;
  const lateness: number[] = [];
  for (const operation of arm.state.operations.values()) {
    const target = byResource.get(operation.resourceId.toLowerCase());
    if (!target || target.schedule.isUp(operation.startedAt)) continue;
    const upAt = target.schedule.nextTransition(operation.startedAt);
    // A start (not a stop): the schedule goes up next and the target ends up running.
    if (upAt === undefined || upAt - operation.startedAt >= 2 * HOUR_MS) continue;
    extraMs += upAt - operation.startedAt;
    const duration = operation.completesAt - operation.startedAt;
    perfectMs += upAt - Math.floor((upAt - duration) / tickMs) * tickMs;
    if (operation.completesAt > upAt) lateness.push(operation.completesAt - upAt);
  }
  return { extraHours: extraMs / HOUR_MS, perfectHours: perfectMs / HOUR_MS, lateness };
}

function seedFleet(arm: FakeArm, schedules: Map<string, Schedule>): SimTarget[] {
  const names = [...schedules.keys()];
  const scheduleAt = (index: number) => {
    const name = names[index % names.length] ?? '';
    return { scheduleName: name, schedule: schedules.get(name) as Schedule };
  };
  const targets: SimTarget[] = [];
  for (let c = 0; c < 3; c++) {
    const cluster = arm.state.addCluster({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-dev',
      name: `pools${c}`,
      pools: [{ name: 'system', mode: 'System' }, { name: 'user0' }, { name: 'user1' }, { name: 'user2' }],
    });
    for (let p = 0; p < 3; p++) {
      const pool = arm.state.pool(cluster, `user${p}`);
      targets.push({
        name: `pools${c}-user${p}`,
        resourceId: `${clusterId(cluster)}/agentPools/user${p}`,
        kind: 'nodepool',
        ...scheduleAt(c),
        ready: () => !pool.pending && pool.powerState === 'Running' && pool.provisioningState === 'Succeeded',
        stopped: () => !pool.pending && pool.powerState === 'Stopped',
      });
    }
  }
  for (let c = 0; c < 6; c++) {
    const cluster = arm.state.addCluster({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-dev',
      name: `cluster${c}`,
      pools: [{ name: 'system', mode: 'System' }],
    });
    targets.push({
      name: `cluster${c}`,
      resourceId: clusterId(cluster),
      kind: 'cluster',
      ...scheduleAt(c),
      ready: () =>
        !cluster.pending && cluster.powerState === 'Running' && cluster.provisioningState === 'Succeeded',
      stopped: () => !cluster.pending && cluster.powerState === 'Stopped',
    });
  }
  for (let s = 0; s < 6; s++) {
    const scaleSet = arm.state.addScaleSet({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-dev',
      name: `agents${s}`,
      capacity: 2,
    });
    targets.push({
      name: `agents${s}`,
      resourceId: scaleSetId(scaleSet),
      kind: 'vmss',
      ...scheduleAt(s),
      ready: () =>
        !scaleSet.pending && scaleSet.powerState === 'Running' && scaleSet.provisioningState === 'Succeeded',
      stopped: () => !scaleSet.pending && scaleSet.powerState === 'Stopped',
    });
  }
  return targets;
}

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;

/** Nearest rank, in minutes with one decimal; a dash without samples. */
function quantileMinutes(samples: readonly number[], share: number): string {
  if (samples.length === 0) return '–';
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.max(1, Math.ceil(share * sorted.length)) - 1] ?? 0;
  return (value / MINUTE_MS).toFixed(1);
}

function tableRow(scenario: StartScenario, figures: ReadyByFigures, days: number): string {
  const weeks = days / 7;
  const perTargetWeek = (hours: number) => (hours / figures.targets / weeks).toFixed(2);
  return [
    scenario.name,
    `${figures.ready} of ${figures.mornings} (${percent(figures.ready, figures.mornings)})`,
    `${quantileMinutes(figures.lateness, 0.5)} / ${quantileMinutes(figures.lateness, 0.95)}`,
    perTargetWeek(figures.extraHours),
    perTargetWeek(figures.extraHours - figures.perfectHours),
  ].join(' | ');
}

/**
 * Issue 26's sensitivity table: the share of mornings a target is Running and Succeeded at its
 * schedule's up time with the learned lead, how late the late ones were, and the hours it runs
 * early for that, over simulated weeks on the fake ARM, for each way the start durations and the
 * tick may differ from the assumed ones (`SCENARIOS`; row numbers or parts of names pick some).
 */
export async function runReadyByBenchmark(days = 42, only: readonly string[] = []): Promise<string> {
  const started = performance.now();
  const chosen = SCENARIOS.filter(
    (scenario, index) =>
      only.length === 0 ||
      only.some((pick) => (/^\d+$/.test(pick) ? Number(pick) === index + 1 : scenario.name.includes(pick))),
  );
  const lines = [
    `Ready by the up time, learned lead (fake ARM; 21 targets: 9 node pools, 6 clusters, 6 scale sets; ${days} days from ${new Date(SIM_START).toISOString().slice(0, 10)}, 3 zones; typical starts: node pool ${BASE_START_MS.nodepool / MINUTE_MS} min and scale set ${BASE_START_MS.vmss / MINUTE_MS} min assumed, cluster ${BASE_START_MS.cluster / 1000} s observed once)`,
    'row | mornings ready | late by, median / p95 (min) | extra h per target per week | of it, more than a perfect lead',
  ];
  let ticks = 0;
  for (const scenario of chosen) {
    const figures = await simulate(days, scenario, {});
    ticks += figures.ticks;
    lines.push(tableRow(scenario, figures, days));
  }
  lines.push(
    `ticks simulated: ${ticks}; run time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
    '',
  );
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('readyByBenchmark.js'))
  process.stdout.write(await runReadyByBenchmark(Number(process.argv[2] ?? 42), process.argv.slice(3)));
