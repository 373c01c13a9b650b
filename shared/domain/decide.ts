import type { Action, Decision } from './Decision.js';
import type { DecisionMemory } from './DecisionMemory.js';
import type { DecisionRule } from './DecisionRule.js';
import { isOverrideActive, type Override } from './Override.js';
import type { NotBegun } from './NotBegun.js';
import type { DesiredState } from './PowerState.js';
import type { Schedule } from './Schedule.js';
import { startAheadAt, type PlannedStart } from './PlannedStart.js';
import type { StartLead } from './StartLead.js';
import type { Observation, TargetFacts } from './TargetFacts.js';
import { MINUTE_MS } from './time.js';
import {
  DEFAULT_LONG_STOP_ALERT_MS,
  maintenanceWakeAt,
  weekdayClock,
  type MaintenanceInput,
  type MaintenanceWake,
} from './maintenance/maintenanceWake.js';
import { actionTowards, askedStateOf } from './powerAction.js';

export interface DecisionSettings {
  /** How long a new target that should be down is left alone before the first stop. */
  newTargetGraceMs: number;
  /** How long an operation may go unseen in Azure before the engine stops waiting for it. */
  operationTimeoutMs: number;
  /** How far apart ticks are: a start lead begins at the last tick before the planned start time. */
  tickIntervalMs?: number;
  /**
   * How long after a cluster's stop ended its start waits (`OFFHOURS_START_COOLDOWN_MINUTES`): Microsoft
   * advises 15 to 30 minutes (docs/maintenance.md). None when undefined.
   */
  startCooldownMs?: number;
  /** With the `wake` policy, a cluster stopped this long is started (`OFFHOURS_LONG_STOP_ALERT_DAYS`). */
  longStopAlertMs?: number;
}

export const DEFAULT_DECISION_SETTINGS: DecisionSettings = {
  newTargetGraceMs: 15 * MINUTE_MS,
  operationTimeoutMs: 60 * MINUTE_MS,
};

export interface DecisionInput {
  target: TargetFacts;
  schedule: Schedule;
  overrides: readonly Override[];
  observed: Observation;
  memory: DecisionMemory;
  now: number;
  settings?: DecisionSettings;
  /** How much earlier than the schedule's up time to begin a start (docs/decisions.md, Ready by); none when undefined. */
  startLead?: StartLead;
  /** Its cluster's maintenance windows and the schedule's policy for them (clusters and node pools). */
  maintenance?: MaintenanceInput;
  /** The target's latest change, when Azure never began it (the Operations row says so). */
  notBegun?: NotBegun;
}

/** The rule that answers and its words. */
type Because = readonly [DecisionRule, string];

/** Everything the rules below need, computed once. */
interface Situation extends DecisionInput {
  settings: DecisionSettings;
  desired: DesiredState;
  activeOverride: Override | undefined;
  nextTransition: number | undefined;
  /** Set when the desired state is `running` only because a scheduled start is begun ahead. */
  startAhead: PlannedStart | undefined;
  /** Set when the target is wanted running only for AKS maintenance (the `wake` policy). */
  wake: MaintenanceWake | undefined;
}

/**
 * Decides what to do with one target now (docs/architecture.md, Decision rules). Pure: the same input gives the same
 * answer. Rules are checked in order; the first that applies answers.
 */
export function decide(input: DecisionInput): Decision {
  const activeOverride = latestActiveOverride(input.overrides, input.now);
  const settings = input.settings ?? DEFAULT_DECISION_SETTINGS;
  const startAhead = activeOverride
    ? undefined
    : startAheadAt({
        schedule: input.schedule,
        overrides: input.overrides,
        now: input.now,
        lead: input.startLead,
        tickIntervalMs: settings.tickIntervalMs ?? 0,
        startedAheadFor: input.memory.startedAheadFor,
      });
  const stoppedSince = stoppedSinceAfter(input);
  const wake =
    activeOverride || input.schedule.isUp(input.now)
      ? undefined
      : maintenanceWakeAt({
          kind: input.target.kind,
          maintenance: input.maintenance,
          memory:
            stoppedSince === input.memory.stoppedSince
              ? input.memory
              : withStoppedSince(input.memory, stoppedSince),
          now: input.now,
          leadMs: input.startLead?.ms ?? 0,
          tickIntervalMs: settings.tickIntervalMs ?? 0,
          zone: input.schedule.displayZone,
          longStopAlertMs: settings.longStopAlertMs ?? DEFAULT_LONG_STOP_ALERT_MS,
        });
  // Fields are listed rather than spread from `input`: spreading made a tick of 10,000 decisions 6× slower.
  const situation: Situation = {
    target: input.target,
    schedule: input.schedule,
    overrides: input.overrides,
    observed: input.observed,
    memory: input.memory,
    now: input.now,
    settings,
    desired:
      activeOverride?.effect ??
      (startAhead || wake ? 'running' : desiredBySchedule(input.schedule, input.now)),
    activeOverride,
    nextTransition: nextDesiredChange(input.schedule, input.overrides, input.now),
    startAhead,
    wake,
  };
  if (input.notBegun) situation.notBegun = input.notBegun;
  const memory: DecisionMemory = {
    ...input.memory,
    firstSeenAt: input.memory.firstSeenAt ?? input.now,
    ...(startAhead ? { startedAheadFor: startAhead.readyBy } : {}),
    ...(stoppedSince !== undefined ? { stoppedSince } : {}),
    // Only a long stop's wake is remembered: a window's ends with the window.
    ...(wake?.cause === 'long-stop' ? { wokenUntil: wake.until } : {}),
  };
  if (stoppedSince === undefined) delete memory.stoppedSince;
  if (memory.wokenUntil !== undefined && memory.wokenUntil <= input.now) delete memory.wokenUntil;
  if (!input.target.registered)
    return answer(situation, input.memory, 'none', [
      'not-registered',
      `${input.target.id} is not registered; the app only touches registered targets`,
    ]);
  return (
    followPendingOperation(situation, memory) ??
    waitForSettledState(situation, memory) ??
    decideOnSettledTarget(situation, memory)
  );
}

/** Since when the target has been seen stopped: kept while it is stopped or unreadable, dropped once it runs. */
function stoppedSinceAfter({ observed, memory, now }: DecisionInput): number | undefined {
  if (observed.state === 'stopped') return memory.stoppedSince ?? now;
  if (observed.state === 'running' || observed.state === 'starting') return undefined;
  return memory.stoppedSince;
}

function withStoppedSince(memory: DecisionMemory, stoppedSince: number | undefined): DecisionMemory {
  const { stoppedSince: _previous, ...rest } = memory;
  return stoppedSince === undefined ? rest : { ...rest, stoppedSince };
}

function desiredBySchedule(schedule: Schedule, instant: number): DesiredState {
  return schedule.isUp(instant) ? 'running' : 'stopped';
}

/** The most recently created override whose window contains `now`; expired ones are ignored. */
export function latestActiveOverride(overrides: readonly Override[], now: number): Override | undefined {
  return overrides
    .filter((override) => isOverrideActive(override, now))
    .reduce<Override | undefined>(
      (latest, override) => (!latest || override.createdAt >= latest.createdAt ? override : latest),
      undefined,
    );
}

/** What schedule and overrides together ask for at an instant (the newest active override wins). */
export function desiredAt(schedule: Schedule, overrides: readonly Override[], instant: number): DesiredState {
  return latestActiveOverride(overrides, instant)?.effect ?? desiredBySchedule(schedule, instant);
}

/** Next instant at which schedule and overrides together change the desired state. */
export function nextDesiredChange(
  schedule: Schedule,
  overrides: readonly Override[],
  now: number,
): number | undefined {
  if (overrides.length === 0) return schedule.nextTransition(now);
  const current = desiredAt(schedule, overrides, now);
  let instant = now;
  for (let step = 0; step < 16; step++) {
    const boundaries = overrides
      .flatMap((override) => [override.from, override.until])
      .filter((boundary) => boundary > instant);
    const candidate = Math.min(schedule.nextTransition(instant) ?? Infinity, ...boundaries);
    if (candidate === Infinity) return undefined;
    if (desiredAt(schedule, overrides, candidate) !== current) return candidate;
    instant = candidate;
  }
  return undefined;
}

function answer(
  situation: Situation,
  memory: DecisionMemory,
  action: Action,
  [rule, reason]: Because,
  refused = false,
): Decision {
  const { desired, nextTransition, activeOverride, startAhead, wake } = situation;
  const decision: Decision = {
    action,
    rule,
    reason,
    desired,
    nextTransition,
    refused,
    activeOverride,
    memory,
  };
  if (wake) decision.maintenanceWake = wake;
  return startAhead ? { ...decision, plannedStart: startAhead } : decision;
}

function describeDesired(situation: Situation): string {
  const { activeOverride, startAhead, wake } = situation;
  if (wake) return wake.reason;
  if (startAhead) return startAhead.reason;
  if (!activeOverride) return `the schedule says ${situation.desired}`;
  const by = activeOverride.createdBy ? ` by ${activeOverride.createdBy}` : '';
  return `override ${activeOverride.kind}${by} until ${new Date(activeOverride.until).toISOString()} says ${situation.desired}`;
}

/** While an operation the app began is under way, nothing else is started on the same target. */
function followPendingOperation(situation: Situation, memory: DecisionMemory): Decision | undefined {
  const pending = memory.pendingOperation;
  if (!pending) return undefined;
  const { state } = situation.observed;
  const expected = askedStateOf(pending.action);
  const { pendingOperation: _finished, ...withoutPending } = memory;
  if (state === expected)
    return decideOnSettledTarget(
      situation,
      pending.action === 'stop' ? { ...withoutPending, stopEndedAt: situation.now } : withoutPending,
    );
  if (state === 'failed') {
    return answer(situation, withoutPending, 'none', [
      'operation-failed',
      `the ${pending.action} begun at ${new Date(pending.startedAt).toISOString()} ended in a failed state; fix the target in Azure, the app will not act on a failed target`,
    ]);
  }
  if (isSupersededByOverride(situation, pending, expected)) {
    // The change was asked for but has not shown in Azure, and a person has since asked for the
    // opposite: the queued change will be dropped (ChangeExecutor), so decide afresh from the override.
    const settled: DecisionMemory = { ...withoutPending, lastDesired: expected };
    return decideOnSettledTarget(
      { ...situation, memory: settled },
      settled,
      `the ${pending.action} decided at ${new Date(pending.startedAt).toISOString()} is superseded by a newer override; `,
    );
  }
  const notBegun = situation.notBegun;
  if (notBegun?.action === pending.action && notBegun.decidedAt === pending.startedAt)
    return decideOnNotBegun(situation, memory, withoutPending, notBegun);
  const elapsed = situation.now - pending.startedAt;
  if (elapsed < situation.settings.operationTimeoutMs) {
    return answer(situation, memory, 'none', [
      'operation-in-flight',
      `waiting: the ${pending.action} begun at ${new Date(pending.startedAt).toISOString()} is not finished (observed ${state})`,
    ]);
  }
  const minutes = Math.round(elapsed / MINUTE_MS);
  return decideOnSettledTarget(
    situation,
    withoutPending,
    `the ${pending.action} begun ${minutes} min ago never showed in Azure; `,
  );
}

/**
 * The pending change was never begun in Azure: say what happened and when it is tried again (still
 * pending); when it will not be, it is no longer pending and the target is decided afresh.
 */
function decideOnNotBegun(
  situation: Situation,
  memory: DecisionMemory,
  withoutPending: DecisionMemory,
  notBegun: NotBegun,
): Decision {
  const decided = `the ${notBegun.action} decided at ${new Date(notBegun.decidedAt).toISOString()}`;
  const { state } = situation.observed;
  // An owed change is sent again only to a settled target (OperationFollower.retryOwed).
  const settles = state === 'running' || state === 'stopped' ? '' : ' once the target settles';
  if (notBegun.retryAt !== undefined)
    return answer(situation, memory, 'none', [
      'change-not-begun',
      `not begun: ${notBegun.heldBack ? `the app held back ${decided}` : `Azure did not take ${decided}`} (${notBegun.what}); tried again from ${new Date(notBegun.retryAt).toISOString()}${settles} (observed ${state})`,
    ]);
  const settled: DecisionMemory = {
    ...withoutPending,
    lastDesired: askedStateOf(notBegun.action),
  };
  return decideOnSettledTarget(
    { ...situation, memory: settled },
    settled,
    `${decided} was not begun (${notBegun.what}); `,
  );
}

/** A newer override wants the opposite of a pending change that has not started to show in Azure. */
function isSupersededByOverride(
  situation: Situation,
  pending: { action: 'start' | 'stop'; startedAt: number },
  expected: DesiredState,
): boolean {
  const override = situation.activeOverride;
  const stillAsBefore = situation.observed.state === (expected === 'running' ? 'stopped' : 'running');
  return (
    override !== undefined &&
    override.createdAt > pending.startedAt &&
    override.effect !== expected &&
    stillAsBefore
  );
}

/** Changing, unknown or failed targets are left alone; the edge stays pending for the next tick. */
function waitForSettledState(situation: Situation, memory: DecisionMemory): Decision | undefined {
  const { state } = situation.observed;
  if (state === 'starting' || state === 'stopping')
    return answer(situation, memory, 'none', [
      'target-changing',
      `waiting: the target is ${state}; looking again next tick`,
    ]);
  if (state === 'unknown' && situation.observed.operation)
    return answer(situation, memory, 'none', [
      'aks-operation-running',
      `waiting: AKS is running an operation on it (provisioning state ${situation.observed.operation}); nothing is sent over it, and a change that is due is sent once it ends`,
    ]);
  if (state === 'unknown')
    return answer(situation, memory, 'none', [
      'state-unknown',
      'waiting: the power state could not be read; looking again next tick',
    ]);
  if (state === 'failed')
    return answer(situation, memory, 'none', [
      'target-failed',
      'the target is in a failed state in Azure; the app will not act on it until it recovers',
    ]);
  return undefined;
}

function decideOnSettledTarget(situation: Situation, memory: DecisionMemory, prefix = ''): Decision {
  const { desired, observed, memory: previous } = situation;
  const why = describeDesired(situation);
  const request = newRequestOfPerson(situation, memory);
  if (request) return decideOnPersonsRequest(situation, memory, request, prefix);
  if (previous.lastDesired === undefined) {
    const newTarget = decideOnNewTarget(situation, memory, prefix);
    if (newTarget) return newTarget;
  }
  if (observed.state === desired) {
    return answer(situation, { ...memory, lastDesired: desired }, 'none', [
      'already-desired',
      `${prefix}already ${desired}; ${why}`,
    ]);
  }
  const changed = previous.lastDesired !== desired;
  if (!changed && !situation.schedule.enforce) {
    return answer(situation, memory, 'none', [
      'left-as-set',
      `${prefix}${why} as at the last tick; left ${observed.state} as someone set it (Enforce is off)`,
    ]);
  }
  const trigger = changed ? 'desired state changed' : 'Enforce is on and the target differs';
  return act(situation, memory, [changed ? 'desired-changed' : 'enforced', `${prefix}${trigger}: ${why}`]);
}

/**
 * A keep-running or keep-stopped override (start now, stop now) not yet honoured: a person asking for
 * a state now. Skips are not: they replace one transition of the schedule and follow its edge rule.
 */
function newRequestOfPerson(situation: Situation, memory: DecisionMemory): Override | undefined {
  const override = situation.activeOverride;
  if (!override || (override.kind !== 'keep-running' && override.kind !== 'keep-stopped')) return undefined;
  return memory.honouredOverride === override.createdAt ? undefined : override;
}

/** A person's request is acted on at once when Azure shows another state, whatever the edge memory says. */
function decideOnPersonsRequest(
  situation: Situation,
  memory: DecisionMemory,
  request: Override,
  prefix: string,
): Decision {
  const { desired, observed } = situation;
  const honoured: DecisionMemory = { ...memory, honouredOverride: request.createdAt };
  const why = describeDesired(situation);
  if (observed.state === desired)
    return answer(situation, { ...honoured, lastDesired: desired }, 'none', [
      'already-desired',
      `${prefix}already ${desired}; ${why}`,
    ]);
  return act(situation, honoured, ['person-asked', `${prefix}a person asked: ${why}`]);
}

/** A target seen for the first time: stop it after the grace period if it should be down. */
function decideOnNewTarget(
  situation: Situation,
  memory: DecisionMemory,
  prefix: string,
): Decision | undefined {
  const { desired, now, settings } = situation;
  const firstSeenAt = memory.firstSeenAt ?? now;
  if (desired === 'running') {
    // A start begun ahead is the schedule's own next start, not a state someone chose: a target
    // registered any time before its up time is up by it (docs/decisions.md, rule 8).
    if (situation.startAhead && situation.observed.state !== 'running')
      return act(situation, memory, [
        'desired-changed',
        `${prefix}new target: ${describeDesired(situation)}`,
      ]);
    if (situation.schedule.enforce) return undefined;
    return answer(situation, { ...memory, lastDesired: desired }, 'none', [
      'new-target-left',
      `${prefix}new target: ${describeDesired(situation)}, so it is left as it is and follows the schedule from now on`,
    ]);
  }
  const graceEnds = firstSeenAt + settings.newTargetGraceMs;
  // The grace period guards against surprise stops by the schedule; a person's override is no surprise.
  if (now < graceEnds && situation.observed.state !== 'stopped' && !situation.activeOverride) {
    return answer(situation, memory, 'none', [
      'new-target-grace',
      `${prefix}new target: ${describeDesired(situation)}; stopping after the grace period at ${new Date(graceEnds).toISOString()}`,
    ]);
  }
  return undefined;
}

function act(situation: Situation, memory: DecisionMemory, because: Because): Decision {
  const action = actionTowards(situation.desired);
  const refusal = action === 'stop' ? stopRefusal(situation) : undefined;
  const remembered: DecisionMemory = { ...memory, lastDesired: situation.desired };
  if (refusal)
    return answer(situation, remembered, 'none', [refusal[0], `refused to stop: ${refusal[1]}`], true);
  const held = action === 'stop' ? stopOwedToAks(situation) : startCooldown(situation, memory);
  // Not remembered as acted on: the change stays due, and a later tick sends it once nothing holds it.
  if (held) return answer(situation, memory, 'none', held);
  return answer(
    situation,
    { ...remembered, pendingOperation: { action, startedAt: situation.now } },
    action,
    because,
  );
}

/**
 * A stop sent while AKS upgrades, scales or re-images the target or its cluster would preempt that
 * operation (AKSOperationPreempted): it is owed until the operation ends (docs/maintenance.md).
 */
function stopOwedToAks({ observed }: Situation): Because | undefined {
  if (!observed.operation) return undefined;
  return [
    'stop-owed-to-aks',
    `stop owed: AKS is running an operation on it (provisioning state ${observed.operation}); the stop is sent once that ends, never over it`,
  ];
}

/** Microsoft advises waiting 15 to 30 minutes after a cluster's stop before starting it (docs/maintenance.md). */
function startCooldown(
  { target, settings, now, schedule }: Situation,
  memory: DecisionMemory,
): Because | undefined {
  const cooldown = settings.startCooldownMs ?? 0;
  const stoppedAt = memory.stopEndedAt;
  if (target.kind !== 'cluster' || cooldown <= 0 || stoppedAt === undefined) return undefined;
  const begins = stoppedAt + cooldown;
  if (now >= begins) return undefined;
  const zone = schedule.displayZone;
  return [
    'start-cooldown',
    `start waits for AKS's cooldown: the cluster's stop ended at ${weekdayClock(zone, stoppedAt)}, and Microsoft advises ${Math.round(cooldown / MINUTE_MS)} minutes before starting it again; it begins at ${weekdayClock(zone, begins)} (${zone})`,
  ];
}

/** What Azure would refuse, said up front instead of as an API error. */
function stopRefusal({ target, observed }: Situation): Because | undefined {
  if (target.kind === 'nodepool' && observed.isSystemPool) {
    return [
      'refused-system-pool',
      'AKS does not stop a System node pool on its own; register the cluster (kind cluster) to stop it whole',
    ];
  }
  if (target.kind === 'nodepool' && observed.hasNodeAutoProvisioning) {
    return [
      'refused-node-auto-provisioning',
      'the cluster uses node auto-provisioning, where AKS cannot stop node pools; stop the cluster instead',
    ];
  }
  if (target.kind === 'vmss' && observed.isAksManagedScaleSet && !target.allowAksManagedScaleSet) {
    return [
      'refused-aks-managed-scale-set',
      'the scale set belongs to an AKS node pool, and AKS calls direct changes to it unsupported; register the node pool instead, or set AllowAksManagedScaleSet on the target to accept the risk',
    ];
  }
  return undefined;
}
