import type { Override } from './Override.js';
import type { Schedule } from './Schedule.js';
import type { StartLead } from './StartLead.js';
import { MINUTE_MS } from './time.js';
import { ZoneClock } from './ZoneClock.js';

/** A scheduled start moved earlier so the target is ready at the schedule's up time. */
export interface PlannedStart {
  /** The schedule's up time: when the target is to be running. */
  readyBy: number;
  /** When the start is to begin: `readyBy` less the lead (the last tick at or before it begins it). */
  startAt: number;
  lead: StartLead;
  /** The down window before `readyBy` is shorter than twice the lead: the target is not stopped in it. */
  keptUp: boolean;
  /** Why, in words: "starting 07:48 to be ready by 08:00: the 95 % bound of the last 20 starts is 12 min". */
  reason: string;
}

export interface StartAheadInput {
  schedule: Schedule;
  overrides: readonly Override[];
  now: number;
  lead: StartLead | undefined;
  /** Decisions are taken at ticks this far apart: the start begins at the last tick before `startAt`. */
  tickIntervalMs: number;
  /** The up time a start was already begun ahead for (DecisionMemory), so a shorter lead learned meanwhile does not stop it. */
  startedAheadFor?: number | undefined;
}

/**
 * The planned start that makes the target's desired state `running` now although the schedule says
 * down (docs/decisions.md, Ready by), or undefined. The lead only moves a scheduled start earlier:
 * never a stop, never while an override asks for stopped anywhere between now and the up time (a
 * keep-stopped, a skip-next-start), never into a closed day (the schedule has no start there).
 */
export function startAheadAt(input: StartAheadInput): PlannedStart | undefined {
  const { schedule, now, lead } = input;
  if (!lead || schedule.isUp(now)) return undefined;
  const readyBy = schedule.nextTransition(now);
  if (readyBy === undefined) return undefined;
  const startAt = readyBy - lead.ms;
  if (heldStoppedBetween(input.overrides, Math.min(now, startAt - input.tickIntervalMs), readyBy))
    return undefined;
  if (isLastTickBefore(now, startAt, input.tickIntervalMs) || input.startedAheadFor === readyBy)
    return plannedStart(schedule, readyBy, lead, false);
  if (readyBy - now < 2 * lead.ms && wasUpSince(schedule, readyBy - 2 * lead.ms, now))
    return plannedStart(schedule, readyBy, lead, true);
  return undefined;
}

/**
 * The next start the schedule plans after `now` (the end of the next down window), with its lead,
 * for the API and the preview. Undefined without a lead, without a start within two years, or when
 * an override keeps the target stopped across it.
 */
export function nextPlannedStart(
  schedule: Schedule,
  overrides: readonly Override[],
  now: number,
  lead: StartLead | undefined,
): PlannedStart | undefined {
  if (!lead) return undefined;
  const downFrom = schedule.isUp(now) ? schedule.nextTransition(now) : now;
  const readyBy = downFrom === undefined ? undefined : schedule.nextTransition(downFrom);
  if (downFrom === undefined || readyBy === undefined) return undefined;
  if (heldStoppedBetween(overrides, Math.max(now, readyBy - lead.ms), readyBy)) return undefined;
  const downMs = readyBy - downFrom;
  const keptUp = schedule.isUp(now) && downMs < 2 * lead.ms;
  return plannedStart(schedule, readyBy, lead, keptUp, keptUp ? downFrom : undefined);
}

/** The planned start of the up window beginning at `readyBy`, after a down window of `downMs`. */
export function planStartOfWindow(
  schedule: Schedule,
  readyBy: number,
  downFrom: number | undefined,
  lead: StartLead,
): PlannedStart {
  const keptUp = downFrom !== undefined && readyBy - downFrom < 2 * lead.ms;
  return plannedStart(schedule, readyBy, lead, keptUp, downFrom);
}

/** The next tick (one interval on) would come after `startAt`: this one must begin the start. */
function isLastTickBefore(now: number, startAt: number, tickIntervalMs: number): boolean {
  return tickIntervalMs > 0 ? now + tickIntervalMs > startAt : now >= startAt;
}

function heldStoppedBetween(overrides: readonly Override[], from: number, to: number): boolean {
  return overrides.some(
    (override) => override.effect === 'stopped' && override.from <= to && override.until > from,
  );
}

function wasUpSince(schedule: Schedule, from: number, now: number): boolean {
  return from < now && schedule.windows(from, now + 1).some((window) => window.up);
}

function plannedStart(
  schedule: Schedule,
  readyBy: number,
  lead: StartLead,
  keptUp: boolean,
  downFrom?: number,
): PlannedStart {
  const startAt = readyBy - lead.ms;
  const clock = (instant: number) => localClock(schedule.displayZone, instant);
  const reason = keptUp
    ? `kept up through the down window${downFrom !== undefined ? ` from ${clock(downFrom)}` : ''} before ${clock(readyBy)} (${schedule.displayZone}): it is shorter than twice the ${Math.ceil(lead.ms / MINUTE_MS)}-min start lead (${lead.reason}), so stopping would only have it starting again at once`
    : `starting ${clock(startAt)} to be ready by ${clock(readyBy)} (${schedule.displayZone}): ${lead.reason}`;
  return { readyBy, startAt, lead, keptUp, reason };
}

/** `07:48`, in the zone the schedule is shown in. */
function localClock(zone: string, instant: number): string {
  const { minuteOfDay } = ZoneClock.for(zone).localTime(instant);
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
