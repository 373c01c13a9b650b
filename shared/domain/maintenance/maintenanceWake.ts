import type { DecisionMemory } from '../DecisionMemory.js';
import type { TargetKind } from '../PowerState.js';
import { DAY_MS, HOUR_MS } from '../time.js';
import { ZoneClock } from '../ZoneClock.js';
import type { MaintenancePolicy } from './MaintenancePolicy.js';
import type { MaintenanceWindow } from './MaintenanceWindow.js';

/**
 * How long a target is kept up for a window at least: Microsoft recommends windows of four hours or
 * more, and AKS begins only work it can finish inside one (docs/maintenance.md).
 */
export const MAINTENANCE_MINIMUM_UP_MS = 4 * HOUR_MS;

/** AKS deletes a cluster stopped for 12 months; by default the app acts at 300 days (docs/maintenance.md). */
export const DEFAULT_LONG_STOP_ALERT_MS = 300 * DAY_MS;

/** What the decision engine knows of a target's AKS maintenance (clusters and node pools only). */
export interface MaintenanceInput {
  policy: MaintenancePolicy;
  /** The windows of its cluster's maintenance configurations around now (the one open and the next ones). */
  windows: readonly MaintenanceWindow[];
}

/** Why a target that the schedule wants down is kept up for maintenance, and until when. */
export interface MaintenanceWake {
  /** A maintenance window, or a cluster stopped so long that AKS would delete it. */
  cause: 'window' | 'long-stop';
  until: number;
  reason: string;
}

export interface MaintenanceWakeInput {
  kind: TargetKind;
  maintenance: MaintenanceInput | undefined;
  memory: DecisionMemory;
  now: number;
  /** How early a start begins to be up when the window opens (the target's start lead). */
  leadMs: number;
  tickIntervalMs: number;
  /** The zone the schedule shows times in. */
  zone: string;
  longStopAlertMs: number;
}

/**
 * With the `wake` policy: the target is wanted up from its start lead before a window opens until the
 * window closes (four hours at least), and a cluster stopped for `longStopAlertMs` is started for four
 * hours before AKS's 12-month limit deletes it (docs/maintenance.md). Undefined otherwise.
 */
export function maintenanceWakeAt(input: MaintenanceWakeInput): MaintenanceWake | undefined {
  const { maintenance, memory, now, zone } = input;
  if (maintenance?.policy !== 'wake') return undefined;
  if (memory.wokenUntil !== undefined && now < memory.wokenUntil)
    return {
      cause: 'long-stop',
      until: memory.wokenUntil,
      reason: `up until ${weekdayClock(zone, memory.wokenUntil)} (${zone}) after a long stop, so that AKS can maintain it before its 12-month limit`,
    };
  const window = maintenance.windows.find((candidate) => isWanted(candidate, input));
  if (window) {
    const until = wakeEnd(window);
    return {
      cause: 'window',
      until,
      reason: `up for the ${weekdayName(zone, window.opens)} ${purposeWords(window)} window (${window.configuration}) until ${weekdayClock(zone, until)} (${zone})`,
    };
  }
  const stoppedFor = memory.stoppedSince === undefined ? 0 : now - memory.stoppedSince;
  if (input.kind === 'cluster' && stoppedFor >= input.longStopAlertMs) {
    const until = now + MAINTENANCE_MINIMUM_UP_MS;
    return {
      cause: 'long-stop',
      until,
      reason: `started for four hours, until ${weekdayClock(zone, until)} (${zone}): stopped for ${Math.floor(stoppedFor / DAY_MS)} days, and AKS deletes a cluster stopped for 12 months`,
    };
  }
  return undefined;
}

/** A window is kept up for from the last tick before its start lead until it closes, four hours at least. */
function isWanted(window: MaintenanceWindow, input: MaintenanceWakeInput): boolean {
  const startAt = window.opens - input.leadMs;
  const begun = input.tickIntervalMs > 0 ? input.now + input.tickIntervalMs > startAt : input.now >= startAt;
  return begun && input.now < wakeEnd(window);
}

export function wakeEnd(window: MaintenanceWindow): number {
  return Math.max(window.closes, window.opens + MAINTENANCE_MINIMUM_UP_MS);
}

export function purposeWords(window: MaintenanceWindow): string {
  if (window.purpose === 'node-os') return 'node OS upgrade';
  if (window.purpose === 'kubernetes') return 'Kubernetes upgrade';
  return 'maintenance';
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `Sunday`, in the zone given. */
export function weekdayName(zone: string, instant: number): string {
  return WEEKDAYS[ZoneClock.for(zone).localTime(instant).weekday] ?? '';
}

/** `Sun 05:00`, in the zone given. */
export function weekdayClock(zone: string, instant: number): string {
  const { weekday, minuteOfDay } = ZoneClock.for(zone).localTime(instant);
  const hours = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${(WEEKDAYS[weekday] ?? '').slice(0, 3)} ${hours}:${minutes}`;
}
