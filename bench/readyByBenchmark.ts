import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { clusterId, scaleSetId } from '../dev/fakeArm/FakeArmState.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { Schedule } from '../shared/domain/Schedule.js';
import { servicesOnFakeArm } from './servicesOnFakeArm.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The app's default OFFHOURS_TICK: every five minutes. */
const TICK_MS = 5 * MINUTE_MS;
/** Far from any transition nothing can happen, so the simulation ticks hourly there (edges are caught up). */
const QUIET_TICK_MS = HOUR_MS;
/** Sunday 1 November 2026, 00:00 UTC: six weeks, with the end of daylight saving time in New York. */
const SIM_START = Date.parse('2026-11-01T00:00:00Z');
const SCHEDULES = [
  { name: 'berlin', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'Europe/Berlin' },
  { name: 'newyork', uptime: 'Mon-Fri 08:00-18:00', timeZone: 'America/New_York' },
  { name: 'tokyo', uptime: 'Mon-Fri 09:00-19:00', timeZone: 'Asia/Tokyo' },
];
/** Typical start of each kind on the fake; each morning varies around it (see `startDuration`). */
const BASE_START_MS = { nodepool: 6 * MINUTE_MS, cluster: 10 * MINUTE_MS, vmss: 3 * MINUTE_MS };

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
 * drawn per target and day, and on one day in twelve a slow morning (× 1.8), as when a region is busy.
 */
function startDuration(kind: SimTarget['kind'], targetIndex: number, startedAt: number): number {
  const day = Math.floor(startedAt / DAY_MS);
  const factor = 0.6 + 0.8 * noise(targetIndex * 7919 + day);
  const slow = noise(targetIndex * 104_729 + day * 31) < 1 / 12 ? 1.8 : 1;
  return Math.round(BASE_START_MS[kind] * factor * slow);
}

export interface ReadyByFigures {
  mornings: number;
  ready: number;
  /** Hours targets ran before their up time because a start began ahead of it. */
  extraHours: number;
  ticks: number;
}

async function simulate(days: number, settings: Record<string, string>): Promise<ReadyByFigures> {
  const simEnd = SIM_START + days * DAY_MS;
  const clock = { now: SIM_START };
  const byResource = new Map<string, { kind: SimTarget['kind']; index: number }>();
  const arm = await FakeArm.start({
    clock: () => clock.now,
    operationDurationFor: (resourceId, startedAt) => {
      const target = byResource.get(resourceId.toLowerCase());
      return target ? startDuration(target.kind, target.index, startedAt) : 5 * MINUTE_MS;
    },
  });
  try {
    const { services, storage, queue } = await servicesOnFakeArm(arm, () => clock.now, settings);
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
    const figures: ReadyByFigures = { mornings: 0, ready: 0, extraHours: 0, ticks: 0 };
    const upTimesSeen = new Set<string>();
    while (clock.now < simEnd) {
      arm.state.settle();
      countMornings(targets, clock.now, upTimesSeen, figures);
      await services.reconciler.tick();
      for (const request of queue.takeAll()) await services.executor.execute(request);
      figures.ticks++;
      clock.now += nextTickIn(targets, clock.now);
    }
    figures.extraHours = extraHoursBeforeUpTime(arm, targets);
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

/** Five minutes within two hours of any target's transition, else an hour (never past one). */
function nextTickIn(targets: readonly SimTarget[], now: number): number {
  let nearest = Infinity;
  for (const target of targets) nearest = Math.min(nearest, target.schedule.nextTransition(now) ?? Infinity);
  if (nearest - now <= 2 * HOUR_MS) return TICK_MS;
  return Math.min(QUIET_TICK_MS, Math.floor((nearest - 2 * HOUR_MS - now) / TICK_MS) * TICK_MS || TICK_MS);
}

/** Every start the fake began while its target's schedule was down: the time from then to the up time. */
function extraHoursBeforeUpTime(arm: FakeArm, targets: readonly SimTarget[]): number {
  const byResource = new Map(targets.map((target) => [target.resourceId.toLowerCase(), target]));
  let extraMs = 0;
  for (const operation of arm.state.operations.values()) {
    const target = byResource.get(operation.resourceId.toLowerCase());
    if (!target || target.schedule.isUp(operation.startedAt)) continue;
    const upAt = target.schedule.nextTransition(operation.startedAt);
    // A start (not a stop): the schedule goes up next and the target ends up running.
    if (upAt !== undefined && upAt - operation.startedAt < 2 * HOUR_MS) extraMs += upAt - operation.startedAt;
  }
  return extraMs / HOUR_MS;
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

/**
 * Issue 16's figure: the share of mornings a target is Running and Succeeded at its schedule's up
 * time, and the hours it runs early for that, over simulated weeks on the fake ARM with start
 * durations that vary from day to day; with start leads (learned) and without (OFFHOURS_MAX_START_LEAD_MINUTES 0).
 */
export async function runReadyByBenchmark(days = 42): Promise<string> {
  const started = performance.now();
  const withLead = await simulate(days, {});
  const withoutLead = await simulate(days, { OFFHOURS_MAX_START_LEAD_MINUTES: '0' });
  const perMorning = (figures: ReadyByFigures) =>
    `${((figures.extraHours * 60) / Math.max(1, figures.mornings)).toFixed(1)} min`;
  return [
    `Ready by the up time (fake ARM; 21 targets: 9 node pools, 6 clusters, 6 scale sets; ${days} days from ${new Date(SIM_START).toISOString().slice(0, 10)}, 3 zones; starts take ${BASE_START_MS.nodepool / MINUTE_MS}, ${BASE_START_MS.cluster / MINUTE_MS}, ${BASE_START_MS.vmss / MINUTE_MS} min × 0.6–1.4 a day, × 1.8 on one day in twelve; ticks every 5 min near transitions)`,
    `with a learned lead: ${withLead.ready} of ${withLead.mornings} mornings ready (${percent(withLead.ready, withLead.mornings)}); extra running before the up time ${withLead.extraHours.toFixed(1)} h (${perMorning(withLead)} a morning)`,
    `without a lead:      ${withoutLead.ready} of ${withoutLead.mornings} mornings ready (${percent(withoutLead.ready, withoutLead.mornings)}); extra running before the up time ${withoutLead.extraHours.toFixed(1)} h`,
    `ticks simulated: ${withLead.ticks + withoutLead.ticks}; run time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('readyByBenchmark.js'))
  process.stdout.write(await runReadyByBenchmark(Number(process.argv[2] ?? 42)));
