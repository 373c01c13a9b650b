import { DateTime } from 'luxon';
import { desiredAt, nextDesiredChange } from './decide.js';
import { DomainRuleError } from './DomainRuleError.js';
import type { Override, OverrideKind } from './Override.js';
import { keepUntilInstant } from './planNotices.js';
import type { DesiredState } from './PowerState.js';
import { resolveOverride } from './resolveOverride.js';
import type { Schedule } from './Schedule.js';
import { DAY_MS, HOUR_MS } from './time.js';

/** What a person can do to one target (docs/decisions.md, One source for an action's effect). */
export type TargetAction = 'start' | 'stop' | OverrideKind | 'remove';

export const TARGET_ACTIONS: readonly TargetAction[] = [
  'start',
  'stop',
  'keep-running',
  'keep-stopped',
  'skip-next-stop',
  'skip-next-start',
  'remove',
];

export interface ActionInput {
  action: TargetAction;
  /** End of keep-running, keep-stopped, start or stop; start and stop hold to the schedule's next change without it. */
  until?: number;
  schedule: Schedule;
  now: number;
  /** The target's override in effect or waiting (its end after now), which the action replaces or removes. */
  current?: Override;
  createdBy?: string;
  reason?: string;
}

export type ActionWarningCode =
  'changes-nothing' | 'shortens-override' | 'no-stop-tonight' | 'no-start-tomorrow' | 'long';

export interface ActionWarning {
  code: ActionWarningCode;
}

/** What an action does to the desired state, worked out once for doing it and for saying it. */
export interface ActionPlan {
  action: TargetAction;
  now: number;
  /** The override written; absent for remove. */
  override?: Override;
  /** The override it replaces or removes. */
  replaces?: Override;
  /** The state asked for from now, and when schedule and override next change it. */
  desiredNow: DesiredState;
  stretchUntil?: number;
  /** Without the action: the state asked for now and until when (the current override and the schedule). */
  before: { desired: DesiredState; until?: number };
  /** What the schedule asks for once the override ends, and until when. */
  after?: { desired: DesiredState; until?: number };
  /**
   * Skips: the transition skipped and the one that ends the skip; `tonight` when it is this evening's
   * stop (or tomorrow morning's start). `from` and `to`: the whole stretch up (or down) it makes, from
   * now at the earliest, the skipped night included.
   */
  skipped?: { at: number; until: number; tonight: boolean; from: number; to: number | undefined };
  warnings: ActionWarning[];
}

/** An action that keeps a target up longer than this in a row says so. */
const LONG_UP_MS = DAY_MS;
/** "Tonight" lasts until this hour of the next morning in the schedule's zone; its start comes before noon. */
const NIGHT_ENDS_HOUR = 6;
const MORNING_ENDS_HOUR = 12;

/**
 * The override an action writes and what follows from it, before and after (the API's preview and
 * the action itself both call this: docs/decisions.md, One source for an action's effect).
 */
export function planTargetAction(input: ActionInput): ActionPlan {
  const { schedule, now, current } = input;
  const override = input.action === 'remove' ? undefined : overrideOf(input);
  const overrides = override ? [override] : [];
  const desiredNow = desiredAt(schedule, overrides, now);
  const stretchUntil = nextDesiredChange(schedule, overrides, now);
  const currentOverrides = current ? [current] : [];
  const beforeUntil = nextDesiredChange(schedule, currentOverrides, now);
  const plan: ActionPlan = {
    action: input.action,
    now,
    ...(override ? { override } : {}),
    ...(current ? { replaces: current } : {}),
    desiredNow,
    ...(stretchUntil !== undefined ? { stretchUntil } : {}),
    before: {
      desired: desiredAt(schedule, currentOverrides, now),
      ...(beforeUntil !== undefined ? { until: beforeUntil } : {}),
    },
    warnings: [],
  };
  if (override) {
    const desired = desiredAt(schedule, [], override.until);
    const until = schedule.nextTransition(override.until);
    plan.after = { desired, ...(until !== undefined ? { until } : {}) };
  }
  if (override?.kind.startsWith('skip-')) {
    const tonight = isTonight(override.from, now, schedule.displayZone, override.kind === 'skip-next-stop');
    const from = stretchStart(schedule, overrides, now, override.from);
    const to = nextDesiredChange(schedule, overrides, override.from);
    plan.skipped = { at: override.from, until: override.until, tonight, from, to };
    if (!tonight)
      plan.warnings.push({
        code: override.kind === 'skip-next-stop' ? 'no-stop-tonight' : 'no-start-tomorrow',
      });
  }
  const up = upStretch(plan);
  if (up && (up.to ?? Infinity) - up.from > LONG_UP_MS) plan.warnings.push({ code: 'long' });
  plan.warnings.push(...timelineWarnings(schedule, current, override, now));
  return plan;
}

function overrideOf(input: ActionInput): Override {
  const { action, schedule, now } = input;
  const kind: OverrideKind =
    action === 'start' ? 'keep-running' : action === 'stop' ? 'keep-stopped' : (action as OverrideKind);
  const until =
    input.until ?? (action === 'start' || action === 'stop' ? holdUntil(schedule, now) : undefined);
  return resolveOverride(
    {
      kind,
      ...(until !== undefined ? { until } : {}),
      ...(input.createdBy !== undefined ? { createdBy: input.createdBy } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    schedule,
    now,
  );
}

/** The first instant from which the desired state stays as at `at` until `at` (not before now). */
function stretchStart(schedule: Schedule, overrides: readonly Override[], now: number, at: number): number {
  let start = now;
  let instant = now;
  for (let step = 0; step < 64; step++) {
    const next = nextDesiredChange(schedule, overrides, instant);
    if (next === undefined || next > at) return start;
    start = next;
    instant = next;
  }
  return start;
}

/** The stretch up the action makes: a skipped stop's, or from now while the action keeps it running. */
export function upStretch(plan: ActionPlan): { from: number; to: number | undefined } | undefined {
  if (plan.skipped && plan.action === 'skip-next-stop')
    return { from: plan.skipped.from, to: plan.skipped.to };
  if (plan.override?.effect === 'running' && plan.desiredNow === 'running')
    return { from: plan.now, to: plan.stretchUntil };
  return undefined;
}

/** "Start now" and "stop now" without a duration hold until the schedule's own next change (at most a week, else 8 hours). */
export function holdUntil(schedule: Schedule, now: number): number {
  const next = schedule.nextTransition(now);
  return next !== undefined && next - now <= 7 * DAY_MS ? next : now + 8 * HOUR_MS;
}

/**
 * This evening's stop (before 06:00 the next morning in the schedule's zone), or the start that ends
 * tonight (before noon the next morning).
 */
function isTonight(instant: number, now: number, zone: string, stop: boolean): boolean {
  const morning = DateTime.fromMillis(now, { zone })
    .startOf('day')
    .plus({ days: 1 })
    .set({ hour: stop ? NIGHT_ENDS_HOUR : MORNING_ENDS_HOUR });
  return instant < morning.toMillis();
}

/**
 * Whether the action changes what is asked for at all, and whether it ends the current override's
 * state sooner than the current override would.
 */
function timelineWarnings(
  schedule: Schedule,
  current: Override | undefined,
  next: Override | undefined,
  now: number,
): ActionWarning[] {
  const before = current ? [current] : [];
  const after = next ? [next] : [];
  const horizon = Math.max(current?.until ?? now, next?.until ?? now);
  if (sameTimeline(schedule, before, after, now, horizon)) return [{ code: 'changes-nothing' }];
  if (!current || desiredAt(schedule, before, now) !== desiredAt(schedule, after, now)) return [];
  const currentEnd = nextDesiredChange(schedule, before, now) ?? Infinity;
  const nextEnd = nextDesiredChange(schedule, after, now) ?? Infinity;
  return nextEnd < currentEnd && currentEnd > now ? [{ code: 'shortens-override' }] : [];
}

/** The same desired state from now to the horizon (and past it, up to the schedule's next change) either way. */
function sameTimeline(
  schedule: Schedule,
  a: readonly Override[],
  b: readonly Override[],
  now: number,
  horizon: number,
): boolean {
  let instant = now;
  for (let step = 0; step < 64; step++) {
    if (desiredAt(schedule, a, instant) !== desiredAt(schedule, b, instant)) return false;
    const next = Math.min(
      nextDesiredChange(schedule, a, instant) ?? Infinity,
      nextDesiredChange(schedule, b, instant) ?? Infinity,
    );
    if (next === Infinity || next > horizon) return true;
    instant = next;
  }
  return true;
}

/** A keep-running choice: its end and what is wrong with it. */
export interface UntilChoice {
  label: string;
  until: number;
  warnings: ActionWarningCode[];
}

/**
 * The end suggested for "keep running until" and the quick choices: measured from the stop that
 * would end today's running (or from now when it is not running): +1 h, +2 h, until 22:00, until the
 * next up time; suggested, the stop plus 2 h or 22:00 if later (docs/decisions.md).
 */
export function keepRunningChoices(
  schedule: Schedule,
  current: Override | undefined,
  now: number,
  eveningTime: string,
  maxMs: number,
): { suggested: UntilChoice; choices: UntilChoice[] } {
  const before = current ? [current] : [];
  const running = desiredAt(schedule, before, now) === 'running';
  const base = running ? (nextDesiredChange(schedule, before, now) ?? now) : now;
  const evening = keepUntilInstant(base, schedule.displayZone, eveningTime);
  const nextUp = schedule.isUp(base) ? undefined : schedule.nextTransition(base);
  const choice = (label: string, until: number): UntilChoice => ({
    label,
    until,
    warnings: plannedWarnings(schedule, current, until, now),
  });
  const candidates: UntilChoice[] = [
    choice('+1 h', base + HOUR_MS),
    choice('+2 h', base + 2 * HOUR_MS),
    ...(evening !== undefined ? [choice(`until ${eveningTime}`, evening)] : []),
    ...(nextUp !== undefined ? [choice('until the next up time', nextUp)] : []),
  ];
  const choices = candidates.filter((candidate) => candidate.until - now <= maxMs);
  const suggestedUntil = Math.min(Math.max(base + 2 * HOUR_MS, evening ?? 0), now + maxMs);
  return { suggested: choice('suggested', suggestedUntil), choices };
}

function plannedWarnings(
  schedule: Schedule,
  current: Override | undefined,
  until: number,
  now: number,
): ActionWarningCode[] {
  try {
    return planTargetAction({
      action: 'keep-running',
      until,
      schedule,
      now,
      ...(current ? { current } : {}),
    }).warnings.map((warning) => warning.code);
  } catch (error) {
    if (error instanceof DomainRuleError) return [];
    throw error;
  }
}
