import { DateTime } from 'luxon';
import { latestActiveOverride } from './decide.js';
import type { Override, OverrideKind } from './Override.js';
import { planStartOfWindow } from './PlannedStart.js';
import type { Schedule } from './Schedule.js';
import type { StartLead } from './StartLead.js';
import { ZoneClock } from './ZoneClock.js';

/** Why a period is up or down: what the tick will follow then. */
export type PeriodCause = 'schedule' | 'holiday' | 'override' | 'start-ahead' | 'kept-up';

/** A stretch of time in which the target is to be up, or down, for one cause. */
export interface TimelinePeriod {
  from: number;
  to: number;
  up: boolean;
  cause: PeriodCause;
  /** For `override`: its kind. */
  override?: OverrideKind;
}

/** A change the tick will make: a start or a stop, at the instant its period begins. */
export interface TimelineChange {
  at: number;
  action: 'start' | 'stop';
  cause: PeriodCause;
}

export interface TimelineInput {
  schedule: Schedule;
  /** The target's overrides (in effect or ahead); the tick follows the latest created one active. */
  overrides: readonly Override[];
  from: number;
  to: number;
  /** The start lead (docs/decisions.md, Ready by); without it starts begin at the up time. */
  lead?: StartLead | undefined;
}

/**
 * What will really happen to a target over [from, to) (issue 24, item 4): the schedule with its
 * closed days, the overrides (by the tick's own rule, latestActiveOverride) and the starts begun
 * ahead of the up time (planStartOfWindow), as periods up or down, and the starts and stops between
 * them. Pure: the status page draws it, and it is what the tick decides at each instant.
 */
export function plannedTimeline(input: TimelineInput): {
  periods: TimelinePeriod[];
  changes: TimelineChange[];
} {
  const { schedule, overrides, from, to } = input;
  const windows = schedule.windows(from, to);
  const aheads = startsAhead(input, windows);
  const edges = new Set<number>([from, to]);
  for (const window of windows) edges.add(Math.max(from, window.from));
  for (const override of overrides) {
    if (override.from > from && override.from < to) edges.add(override.from);
    if (override.until > from && override.until < to) edges.add(override.until);
  }
  for (const ahead of aheads) if (ahead.from > from && ahead.from < to) edges.add(ahead.from);
  for (const midnight of closedDayEdges(schedule, from, to)) edges.add(midnight);
  const sorted = [...edges].sort((a, b) => a - b);
  const periods: TimelinePeriod[] = [];
  for (let index = 0; index + 1 < sorted.length; index++) {
    const start = sorted[index] as number;
    const end = sorted[index + 1] as number;
    const period = { from: start, to: end, ...periodAt(input, aheads, start) };
    const last = periods.at(-1);
    if (last && last.up === period.up && last.cause === period.cause && last.override === period.override)
      last.to = end;
    else periods.push(period);
  }
  // A change is the override's doing when it begins or ends one.
  const changes = periods.slice(1).flatMap((period, index): TimelineChange[] => {
    const before = periods[index] as TimelinePeriod;
    if (period.up === before.up) return [];
    const cause = before.cause === 'override' ? 'override' : period.cause;
    return [{ at: period.from, action: period.up ? 'start' : 'stop', cause }];
  });
  return { periods, changes };
}

/** The up time brought forward by the lead: [startAt, readyBy), or the whole short down window kept up. */
function startsAhead(
  { schedule, overrides, lead, from }: TimelineInput,
  windows: readonly { from: number; to: number; up: boolean }[],
): { from: number; to: number; keptUp: boolean }[] {
  if (!lead) return [];
  return windows.flatMap((window, index) => {
    const before = windows[index - 1];
    if (!window.up || !before || before.up) return [];
    const downFrom = index - 1 > 0 || before.from > from ? before.from : undefined;
    const planned = planStartOfWindow(schedule, window.from, downFrom, lead);
    const aheadFrom = planned.keptUp ? before.from : planned.startAt;
    // As the tick: an override that keeps the target stopped up to the up time cancels the early start.
    const heldStopped = overrides.some(
      (override) =>
        override.effect === 'stopped' && override.from <= window.from && override.until > aheadFrom,
    );
    return heldStopped
      ? []
      : [{ from: Math.max(aheadFrom, before.from), to: window.from, keptUp: planned.keptUp }];
  });
}

/** The local midnights around each closed day (a holiday) in the range: its period is its own. */
function closedDayEdges(schedule: Schedule, from: number, to: number): number[] {
  const zone = schedule.displayZone;
  const clock = ZoneClock.for(zone);
  const edges: number[] = [];
  for (
    let day = DateTime.fromMillis(from, { zone }).startOf('day');
    day.toMillis() < to;
    day = day.plus({ days: 1 })
  ) {
    if (!schedule.closedDays.isClosed(clock.localTime(day.toMillis()).localDay)) continue;
    edges.push(day.toMillis(), day.plus({ days: 1 }).toMillis());
  }
  return edges.filter((edge) => edge > from && edge < to);
}

function periodAt(
  { schedule, overrides }: TimelineInput,
  aheads: readonly { from: number; to: number; keptUp: boolean }[],
  instant: number,
): Omit<TimelinePeriod, 'from' | 'to'> {
  const override = latestActiveOverride(overrides, instant);
  if (override) return { up: override.effect === 'running', cause: 'override', override: override.kind };
  if (schedule.isUp(instant)) return { up: true, cause: 'schedule' };
  const ahead = aheads.find((candidate) => instant >= candidate.from && instant < candidate.to);
  if (ahead) return { up: true, cause: ahead.keptUp ? 'kept-up' : 'start-ahead' };
  const closed = schedule.closedDays.isClosed(
    ZoneClock.for(schedule.displayZone).localTime(instant).localDay,
  );
  return { up: false, cause: closed ? 'holiday' : 'schedule' };
}
