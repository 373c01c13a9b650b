import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput, type DecisionSettings } from '../../../shared/domain/decide.js';
import type { DecisionMemory } from '../../../shared/domain/DecisionMemory.js';
import type { MaintenancePolicy } from '../../../shared/domain/maintenance/MaintenancePolicy.js';
import type { MaintenanceWindow } from '../../../shared/domain/maintenance/MaintenanceWindow.js';
import type { Override } from '../../../shared/domain/Override.js';
import type { ObservedState } from '../../../shared/domain/PowerState.js';
import { Schedule } from '../../../shared/domain/Schedule.js';
import type { TargetFacts } from '../../../shared/domain/TargetFacts.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../shared/domain/time.js';
import { at } from '../../helpers/instants.js';

const cluster: TargetFacts = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/dev',
  kind: 'cluster',
  registered: true,
};
const TICK_MS = 5 * MINUTE_MS;
const LEAD_MS = 15 * MINUTE_MS;
const settings: DecisionSettings = {
  newTargetGraceMs: 15 * MINUTE_MS,
  operationTimeoutMs: 60 * MINUTE_MS,
  tickIntervalMs: TICK_MS,
  startCooldownMs: 15 * MINUTE_MS,
  longStopAlertMs: 300 * DAY_MS,
};

/** One decision for the cluster (or `target`) with the test's settings and no override unless given. */
function decideFor(
  now: number,
  observed: DecisionInput['observed'],
  memory: DecisionMemory,
  extra: Partial<DecisionInput> = {},
) {
  return decide({
    target: cluster,
    schedule: officeHours,
    overrides: [],
    observed,
    memory,
    now,
    settings,
    ...extra,
  });
}

/** Sunday 01:00–05:00 UTC node OS windows for a few weeks from `firstSunday` (a Sunday, UTC). */
function sundayWindows(firstSunday: string, weeks = 3): MaintenanceWindow[] {
  return Array.from({ length: weeks }, (_, week) => {
    const opens = at(firstSunday) + week * 7 * DAY_MS + HOUR_MS;
    return {
      configuration: 'aksManagedNodeOSUpgradeSchedule',
      purpose: 'node-os' as const,
      opens,
      closes: opens + 4 * HOUR_MS,
    };
  });
}

interface WeekRun {
  /** Observed state at every tick, by instant. */
  states: Map<number, ObservedState>;
  actions: { at: number; action: string; reason: string }[];
  reasons: Map<number, string>;
}

/**
 * A week of ticks against a target that does what it is told at once, with an AKS operation on it
 * while `busy(instant)` says so: what a target running this engine would go through.
 */
function runWeek(options: {
  schedule: Schedule;
  policy: MaintenancePolicy;
  windows: MaintenanceWindow[];
  from: string;
  days?: number;
  overrides?: Override[];
  busy?: (instant: number) => string | undefined;
}): WeekRun {
  const run: WeekRun = { states: new Map(), actions: [], reasons: new Map() };
  let state: ObservedState = 'stopped';
  let memory: DecisionMemory = {
    firstSeenAt: at(options.from) - DAY_MS,
    lastDesired: 'stopped',
    stoppedSince: at(options.from) - DAY_MS,
  };
  const end = at(options.from) + (options.days ?? 7) * DAY_MS;
  for (let now = at(options.from); now < end; now += TICK_MS) {
    const operation = options.busy?.(now);
    const decision = decide({
      target: cluster,
      schedule: options.schedule,
      overrides: options.overrides ?? [],
      observed: operation ? { state: 'unknown', operation } : { state },
      memory,
      now,
      settings,
      startLead: { ms: LEAD_MS, reason: 'a fixed lead of 15 min' },
      maintenance: { policy: options.policy, windows: options.windows },
    });
    memory = decision.memory;
    run.reasons.set(now, decision.reason);
    if (decision.action !== 'none') {
      run.actions.push({ at: now, action: decision.action, reason: decision.reason });
      state = decision.action === 'start' ? 'running' : 'stopped';
    }
    run.states.set(now, operation ? 'unknown' : state);
  }
  return run;
}

/** The tick instants inside [from, to). */
function ticksIn(run: WeekRun, from: number, to: number): number[] {
  return [...run.states.keys()].filter((instant) => instant >= from && instant < to);
}

// 2026-12-07 is a Monday; its week's Sunday is 2026-12-13.
const officeHours = Schedule.compile({ name: 'office', uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin' });

describe('decide with maintenance windows over a whole week', () => {
  const windows = sundayWindows('2026-12-06T00:00:00Z');

  it('wake: up for the whole Sunday window (from the tick before it opens), down the rest of the weekend, office hours kept', () => {
    const run = runWeek({ schedule: officeHours, policy: 'wake', windows, from: '2026-12-07T00:00:00Z' });
    const sunday = windows[1]!;
    for (const instant of ticksIn(run, sunday.opens, sunday.closes))
      expect(run.states.get(instant), new Date(instant).toISOString()).toBe('running');
    // Begun at the last tick before its start lead, stopped at the first tick after it closes.
    expect(run.states.get(sunday.opens - LEAD_MS)).toBe('running');
    expect(run.states.get(sunday.opens - LEAD_MS - TICK_MS)).toBe('stopped');
    expect(run.states.get(sunday.closes)).toBe('stopped');
    // Saturday and Sunday outside the window: down.
    expect(run.states.get(at('2026-12-12T12:00:00Z'))).toBe('stopped');
    expect(run.states.get(at('2026-12-13T12:00:00Z'))).toBe('stopped');
    // Office hours on every weekday, as before.
    for (let day = 0; day < 5; day++)
      expect(run.states.get(at('2026-12-07T09:00:00Z') + day * DAY_MS)).toBe('running');
    expect(run.reasons.get(sunday.opens)).toBe(
      'already running; up for the Sunday node OS upgrade window (aksManagedNodeOSUpgradeSchedule) until Sun 06:00 (Europe/Berlin)',
    );
  });

  it('warn (the default): the week is as the schedule says, and the window is missed', () => {
    const run = runWeek({ schedule: officeHours, policy: 'warn', windows, from: '2026-12-07T00:00:00Z' });
    const sunday = windows[1]!;
    for (const instant of ticksIn(run, sunday.opens - HOUR_MS, sunday.closes + HOUR_MS))
      expect(run.states.get(instant)).toBe('stopped');
    expect(run.actions.filter((action) => action.action === 'start')).toHaveLength(5);
  });

  it('ignore behaves as warn in decisions', () => {
    const warn = runWeek({ schedule: officeHours, policy: 'warn', windows, from: '2026-12-07T00:00:00Z' });
    const ignore = runWeek({
      schedule: officeHours,
      policy: 'ignore',
      windows,
      from: '2026-12-07T00:00:00Z',
    });
    expect(ignore.actions).toEqual(warn.actions);
  });

  it('wake over a DST change: a fixed-offset window is attended in the week Berlin moves to summer time', () => {
    // 2026-03-29 (Sunday) 01:00 UTC Berlin goes from +01:00 to +02:00; the window is 01:00–05:00 UTC.
    const dstWindows = sundayWindows('2026-03-22T00:00:00Z');
    const run = runWeek({
      schedule: officeHours,
      policy: 'wake',
      windows: dstWindows,
      from: '2026-03-23T00:00:00Z',
      days: 8,
    });
    const sunday = dstWindows[1]!;
    for (const instant of ticksIn(run, sunday.opens, sunday.closes))
      expect(run.states.get(instant)).toBe('running');
    expect(run.reasons.get(sunday.opens)).toContain('until Sun 07:00 (Europe/Berlin)');
    // Monday office hours after the change begin at 08:00 summer time (06:00 UTC), started 15 min ahead.
    expect(run.states.get(at('2026-03-30T05:40:00Z'))).toBe('stopped');
    expect(run.states.get(at('2026-03-30T05:45:00Z'))).toBe('running');
  });

  it('wake on a holiday week: a closed weekday stays down, but a window on it is attended', () => {
    const holidays = Schedule.compile({
      name: 'office-de',
      uptime: 'Mon-Fri 08:00-20:00 Europe/Berlin',
      holidays: '2026-12-24..2026-12-25',
    });
    const thursday: MaintenanceWindow = {
      configuration: 'aksManagedAutoUpgradeSchedule',
      purpose: 'kubernetes',
      opens: at('2026-12-24T10:00:00Z'),
      closes: at('2026-12-24T14:00:00Z'),
    };
    const run = runWeek({
      schedule: holidays,
      policy: 'wake',
      windows: [thursday],
      from: '2026-12-21T00:00:00Z',
    });
    expect(run.states.get(at('2026-12-24T09:00:00Z'))).toBe('stopped');
    for (const instant of ticksIn(run, thursday.opens, thursday.closes))
      expect(run.states.get(instant)).toBe('running');
    expect(run.states.get(at('2026-12-25T10:00:00Z'))).toBe('stopped');
    expect(run.reasons.get(thursday.opens)).toContain('Kubernetes upgrade window');
  });

  it('a window shorter than four hours keeps the target up for four hours', () => {
    const short: MaintenanceWindow = { ...windows[1]!, closes: windows[1]!.opens + 2 * HOUR_MS };
    const run = runWeek({
      schedule: officeHours,
      policy: 'wake',
      windows: [short],
      from: '2026-12-07T00:00:00Z',
    });
    expect(run.states.get(short.opens + 3 * HOUR_MS)).toBe('running');
    expect(run.states.get(short.opens + 4 * HOUR_MS)).toBe('stopped');
  });

  it('overrides win over wake: a keep-stopped over the window keeps the target down', () => {
    const sunday = windows[1]!;
    const keepStopped: Override = {
      kind: 'keep-stopped',
      effect: 'stopped',
      from: sunday.opens - DAY_MS,
      until: sunday.closes + HOUR_MS,
      createdAt: sunday.opens - DAY_MS,
      createdBy: 'alice@example.com',
    };
    const run = runWeek({
      schedule: officeHours,
      policy: 'wake',
      windows,
      from: '2026-12-07T00:00:00Z',
      overrides: [keepStopped],
    });
    for (const instant of ticksIn(run, sunday.opens, sunday.closes))
      expect(run.states.get(instant)).toBe('stopped');
  });
});

describe('decide never preempts an AKS operation', () => {
  const windows = sundayWindows('2026-12-06T00:00:00Z');

  it('wake: an upgrade running past the window holds the stop until it ends; the stop is then sent once', () => {
    const sunday = windows[1]!;
    const upgradeEnds = sunday.closes + 90 * MINUTE_MS;
    const run = runWeek({
      schedule: officeHours,
      policy: 'wake',
      windows,
      from: '2026-12-07T00:00:00Z',
      busy: (instant) =>
        instant >= sunday.opens + HOUR_MS && instant < upgradeEnds ? 'Upgrading' : undefined,
    });
    const stopsDuringUpgrade = run.actions.filter(
      (action) => action.action === 'stop' && action.at >= sunday.opens && action.at < upgradeEnds,
    );
    expect(stopsDuringUpgrade).toEqual([]);
    const stopAfter = run.actions.find((action) => action.action === 'stop' && action.at >= upgradeEnds);
    expect(stopAfter?.at).toBe(upgradeEnds);
    expect(run.reasons.get(sunday.closes)).toBe(
      'waiting: AKS is running an operation on it (provisioning state Upgrading); nothing is sent over it, and a change that is due is sent once it ends',
    );
  });

  it('a stop due while the cluster runs and a pool upgrades is owed, not sent', () => {
    const memory: DecisionMemory = { firstSeenAt: 0, lastDesired: 'running' };
    const decision = decide({
      target: cluster,
      schedule: officeHours,
      overrides: [],
      observed: { state: 'running', operation: 'UpgradingNodeImageVersion' },
      memory,
      now: at('2026-12-07T19:00:00Z'),
      settings,
    });
    expect(decision).toMatchObject({ action: 'none', rule: 'stop-owed-to-aks' });
    expect(decision.reason).toBe(
      'stop owed: AKS is running an operation on it (provisioning state UpgradingNodeImageVersion); the stop is sent once that ends, never over it',
    );
    // Still owed: the next tick with the operation over stops it.
    const next = decideFor(at('2026-12-07T19:05:00Z'), { state: 'running' }, decision.memory);
    expect(next.action).toBe('stop');
  });
});

describe('decide: cooldown after a cluster stop', () => {
  it('a start asked for soon after the stop ended waits for the cooldown and says when it begins', () => {
    const stoppedAt = at('2026-12-07T19:10:00Z');
    const memory: DecisionMemory = {
      firstSeenAt: 0,
      lastDesired: 'stopped',
      pendingOperation: { action: 'stop', startedAt: at('2026-12-07T19:00:00Z') },
    };
    const stopSeen = decide({
      target: cluster,
      schedule: officeHours,
      overrides: [],
      observed: { state: 'stopped' },
      memory,
      now: stoppedAt,
      settings,
    });
    expect(stopSeen.memory.stopEndedAt).toBe(stoppedAt);
    const keepRunning: Override = {
      kind: 'keep-running',
      effect: 'running',
      from: stoppedAt + 5 * MINUTE_MS,
      until: stoppedAt + 3 * HOUR_MS,
      createdAt: stoppedAt + 5 * MINUTE_MS,
    };
    const early = decideFor(stoppedAt + 5 * MINUTE_MS, { state: 'stopped' }, stopSeen.memory, {
      overrides: [keepRunning],
    });
    expect(early).toMatchObject({ action: 'none', rule: 'start-cooldown' });
    expect(early.reason).toBe(
      "start waits for AKS's cooldown: the cluster's stop ended at Mon 20:10, and Microsoft advises 15 minutes before starting it again; it begins at Mon 20:25 (Europe/Berlin)",
    );
    const later = decideFor(stoppedAt + 15 * MINUTE_MS, { state: 'stopped' }, early.memory, {
      overrides: [keepRunning],
    });
    expect(later.action).toBe('start');
  });

  it('a node pool has no cooldown', () => {
    const decision = decide({
      target: { ...cluster, id: `${cluster.id}/agentPools/user1`, kind: 'nodepool' },
      schedule: officeHours,
      overrides: [],
      observed: { state: 'stopped' },
      memory: { firstSeenAt: 0, lastDesired: 'stopped', stopEndedAt: at('2026-12-07T06:55:00Z') },
      now: at('2026-12-07T07:00:00Z'),
      settings,
    });
    expect(decision.action).toBe('start');
  });
});

describe('decide: long stops', () => {
  const always = Schedule.compile({ name: 'parked', uptime: 'never', timeZone: 'UTC' });

  it('remembers since when a target is stopped, and forgets it once it runs', () => {
    const first = decideFor(
      at('2026-01-01T00:00:00Z'),
      { state: 'stopped' },
      { firstSeenAt: 0, lastDesired: 'stopped' },
      { schedule: always },
    );
    expect(first.memory.stoppedSince).toBe(at('2026-01-01T00:00:00Z'));
    const later = decideFor(at('2026-02-01T00:00:00Z'), { state: 'stopped' }, first.memory, {
      schedule: always,
    });
    expect(later.memory.stoppedSince).toBe(at('2026-01-01T00:00:00Z'));
    const running = decideFor(at('2026-02-01T00:05:00Z'), { state: 'running' }, later.memory, {
      schedule: always,
    });
    expect(running.memory.stoppedSince).toBeUndefined();
  });

  it('wake: a cluster stopped 300 days is started for four hours, then stopped again; warn leaves it', () => {
    const since = at('2026-01-01T00:00:00Z');
    const policyRun = (policy: MaintenancePolicy) => {
      let memory: DecisionMemory = { firstSeenAt: since, lastDesired: 'stopped', stoppedSince: since };
      let state: ObservedState = 'stopped';
      const actions: { at: number; action: string; reason: string }[] = [];
      for (let now = since + 299 * DAY_MS; now < since + 302 * DAY_MS; now += TICK_MS) {
        const decision = decide({
          target: cluster,
          schedule: always,
          overrides: [],
          observed: { state },
          memory,
          now,
          settings,
          maintenance: { policy, windows: [] },
        });
        memory = decision.memory;
        if (decision.action !== 'none') {
          actions.push({ at: now, action: decision.action, reason: decision.reason });
          state = decision.action === 'start' ? 'running' : 'stopped';
        }
      }
      return actions;
    };
    const woken = policyRun('wake');
    expect(woken.map((action) => [action.action, action.at - since])).toEqual([
      ['start', 300 * DAY_MS],
      ['stop', 300 * DAY_MS + 4 * HOUR_MS],
    ]);
    expect(woken[0]?.reason).toContain(
      'stopped for 300 days, and AKS deletes a cluster stopped for 12 months',
    );
    expect(policyRun('warn')).toEqual([]);
  });
});
