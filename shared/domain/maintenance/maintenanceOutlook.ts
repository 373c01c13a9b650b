import type { Override } from '../Override.js';
import type { ObservedState, TargetKind } from '../PowerState.js';
import type { Schedule } from '../Schedule.js';
import { DAY_MS } from '../time.js';
import { kubernetesSupportStatus } from './kubernetesSupport.js';
import type { MaintenancePolicy } from './MaintenancePolicy.js';
import type { MaintenanceWindow } from './MaintenanceWindow.js';
import { purposeWords, wakeEnd, weekdayClock } from './maintenanceWake.js';
import { windowCoverage, type Attendance } from './windowCoverage.js';

/** How far ahead windows are looked at: the next four weeks. */
export const MAINTENANCE_HORIZON_MS = 28 * DAY_MS;

/** Microsoft's support policy on changing an AKS node pool's scale set directly (docs/maintenance.md). */
export const AKS_SUPPORT_POLICY_URL =
  'https://learn.microsoft.com/azure/aks/support-policies#user-customization-of-agent-nodes';

export interface MaintenanceThresholds {
  /** A target stopped this long is reported (`OFFHOURS_LONG_STOP_WARN_DAYS`, 30 by default). */
  longStopWarnMs: number;
  /** A cluster stopped this long is an alert, and with `wake` is started (`OFFHOURS_LONG_STOP_ALERT_DAYS`, 300). */
  longStopAlertMs: number;
  /** A Kubernetes version leaving support within this is reported (30 days). */
  versionWarnMs: number;
}

export const DEFAULT_MAINTENANCE_THRESHOLDS: MaintenanceThresholds = {
  longStopWarnMs: 30 * DAY_MS,
  longStopAlertMs: 300 * DAY_MS,
  versionWarnMs: 30 * DAY_MS,
};

export interface MaintenanceOutlookInput {
  targetName: string;
  scheduleName: string;
  kind: TargetKind;
  schedule: Schedule;
  overrides: readonly Override[];
  policy: MaintenancePolicy;
  /** Its cluster's windows over the horizon; undefined when the configurations have not been read yet. */
  windows: readonly MaintenanceWindow[] | undefined;
  now: number;
  observed: ObservedState | undefined;
  stoppedSince: number | undefined;
  kubernetesVersion: string | undefined;
  /** The minor versions AKS offers in the cluster's region, when read. */
  supportedMinors: readonly string[] | undefined;
  allowAksManagedScaleSet: boolean;
  thresholds: MaintenanceThresholds;
  /** Why some of the cluster's maintenance configurations could not be read. */
  configurationProblems?: readonly string[];
}

export interface OutlookWindow {
  configuration: string;
  purpose: MaintenanceWindow['purpose'];
  opens: number;
  closes: number;
  attendance: Attendance;
}

/** What the app tells people of a target's maintenance (docs/maintenance.md): stored in its State row. */
export interface MaintenanceOutlook {
  policy: MaintenancePolicy;
  /** The next four weeks' windows and whether the target is up for each; absent when not read yet. */
  windows?: OutlookWindow[];
  stoppedSince?: number;
  kubernetes?: {
    version: string;
    status: 'supported' | 'ending' | 'unsupported' | 'unknown';
    endOfSupport?: number;
  };
  /** Things to fix, in words. */
  warnings: string[];
  /** Warnings that need action soon (a cluster near AKS's 12-month limit, out of support): health alerts. */
  alerts: string[];
  /**
   * Alerts told to the target's notification channels too: a cluster near the 12-month limit, after
   * which AKS deletes it, the one loss that cannot be undone. `key` stays the same from day to day
   * for one stop, so the notice is sent once. Absent when none.
   */
  notices?: { key: string; text: string }[];
}

/** How many of these windows the target is up for the whole of. */
export function windowsAttended(windows: readonly { attendance: Attendance }[]): number {
  return windows.filter((window) => window.attendance === 'attended').length;
}

/** The outlook of one target; pure, so the API, the page and the tick all tell the same. */
export function maintenanceOutlook(input: MaintenanceOutlookInput): MaintenanceOutlook {
  const outlook: MaintenanceOutlook = { policy: input.policy, warnings: [], alerts: [] };
  if (input.kind !== 'vmss') addWindows(outlook, input);
  outlook.warnings.push(...(input.configurationProblems ?? []));
  addLongStop(outlook, input);
  if (input.kind === 'cluster' || input.kind === 'nodepool') addVersionSupport(outlook, input);
  if (input.kind === 'vmss' && input.allowAksManagedScaleSet) {
    const text = `AllowAksManagedScaleSet is set: Microsoft's AKS support policy treats a cluster whose node pool scale sets are changed directly as out of support (${AKS_SUPPORT_POLICY_URL})`;
    outlook.warnings.push(text);
    outlook.alerts.push(text);
  }
  return outlook;
}

function addWindows(outlook: MaintenanceOutlook, input: MaintenanceOutlookInput): void {
  if (!input.windows) return;
  const to = input.now + MAINTENANCE_HORIZON_MS;
  const ahead = input.windows.filter((window) => window.closes > input.now && window.opens < to);
  // Most clusters have no window: the schedule's four weeks are worked out only when one has.
  const coverage = ahead.length === 0 ? [] : windowCoverage(ahead, upIntervals(input, to));
  outlook.windows = coverage.map(({ window, attendance }) => ({
    configuration: window.configuration,
    purpose: window.purpose,
    opens: window.opens,
    closes: window.closes,
    attendance,
  }));
  if (input.policy === 'ignore') return;
  const zone = input.schedule.displayZone;
  if (ahead.length === 0) {
    if (input.policy === 'wake')
      outlook.warnings.push(
        `the schedule "${input.scheduleName}" asks to wake ${input.targetName} for maintenance, but its cluster has no planned maintenance window: AKS maintains it at any time, and only while it runs`,
      );
    return;
  }
  const missed = coverage.filter((entry) => entry.attendance !== 'attended');
  const first = missed[0];
  if (!first) return;
  const described = `${purposeWords(first.window)} window ${weekdayClock(zone, first.window.opens)}–${weekdayClock(zone, first.window.closes)} (${zone}, ${first.window.configuration})`;
  if (missed.length === coverage.length)
    outlook.warnings.push(
      `the schedule "${input.scheduleName}" keeps ${input.targetName} down for every maintenance window of its cluster in the next 4 weeks, the first the ${described}: AKS does no maintenance on a stopped cluster or pool, so it is not patched; set the schedule's Maintenance to wake, or move the window`,
    );
  else
    outlook.warnings.push(
      `the schedule "${input.scheduleName}" keeps ${input.targetName} down for ${missed.length} of ${coverage.length} maintenance windows in the next 4 weeks, the first the ${described}`,
    );
}

/**
 * When the target is wanted up over [now, to): the schedule's up windows, with `wake` each window (from
 * its opening to its end, four hours at least), then each override in the order people made them.
 */
function upIntervals(input: MaintenanceOutlookInput, to: number): { from: number; to: number }[] {
  let intervals = input.schedule
    .windowsShared(input.now, to)
    .filter((window) => window.up)
    .map((window) => ({ from: window.from, to: window.to }));
  if (input.policy === 'wake')
    for (const window of input.windows ?? [])
      intervals = union(intervals, { from: window.opens, to: wakeEnd(window) });
  const byCreation = [...input.overrides].sort((left, right) => left.createdAt - right.createdAt);
  for (const override of byCreation) {
    const span = { from: override.from, to: override.until };
    intervals = override.effect === 'running' ? union(intervals, span) : subtract(intervals, span);
  }
  return intervals;
}

type Interval = { from: number; to: number };

function union(intervals: readonly Interval[], added: Interval): Interval[] {
  const all = [...intervals, added].sort((left, right) => left.from - right.from);
  const merged: Interval[] = [];
  for (const interval of all) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else merged.push({ ...interval });
  }
  return merged;
}

function subtract(intervals: readonly Interval[], removed: Interval): Interval[] {
  const result: Interval[] = [];
  for (const interval of intervals) {
    if (interval.to <= removed.from || interval.from >= removed.to) result.push(interval);
    else {
      if (interval.from < removed.from) result.push({ from: interval.from, to: removed.from });
      if (interval.to > removed.to) result.push({ from: removed.to, to: interval.to });
    }
  }
  return result;
}

function addLongStop(outlook: MaintenanceOutlook, input: MaintenanceOutlookInput): void {
  if (input.stoppedSince === undefined || input.observed !== 'stopped') return;
  outlook.stoppedSince = input.stoppedSince;
  const stoppedMs = input.now - input.stoppedSince;
  const days = Math.floor(stoppedMs / DAY_MS);
  const { longStopWarnMs, longStopAlertMs } = input.thresholds;
  if (input.kind === 'cluster' && stoppedMs >= longStopAlertMs) {
    const deletedAt = new Date(input.stoppedSince + 365 * DAY_MS).toISOString().slice(0, 10);
    const text = `stopped for ${days} days: AKS deletes a cluster stopped for 12 months (about ${deletedAt}); ${input.policy === 'wake' ? 'the app starts it for four hours' : "start it, or set its schedule's Maintenance to wake"}`;
    outlook.warnings.push(text);
    outlook.alerts.push(text);
    outlook.notices = [{ key: `long-stop-${input.stoppedSince}`, text }];
  } else if (stoppedMs >= longStopWarnMs)
    outlook.warnings.push(
      `stopped for ${days} days${input.kind === 'cluster' ? '; AKS deletes a cluster stopped for 12 months' : ''}`,
    );
}

function addVersionSupport(outlook: MaintenanceOutlook, input: MaintenanceOutlookInput): void {
  if (!input.kubernetesVersion) return;
  const support = supportStatusOf(
    input.kubernetesVersion,
    input.now,
    input.thresholds.versionWarnMs / DAY_MS,
    input.supportedMinors,
  );
  outlook.kubernetes = {
    version: input.kubernetesVersion,
    status: support.status,
    ...(support.endOfSupport !== undefined ? { endOfSupport: support.endOfSupport } : {}),
  };
  if (support.status !== 'ending' && support.status !== 'unsupported') return;
  const wake = input.policy === 'wake' ? '; it is kept up for its next maintenance window' : '';
  // Without the target's name: thousands of pools share a version, and so one text (health names the target).
  const text = `${support.reason}${wake}`;
  outlook.warnings.push(text);
  if (support.status === 'unsupported') outlook.alerts.push(text);
}

const supportByVersion = new Map<string, ReturnType<typeof kubernetesSupportStatus>>();

/**
 * `kubernetesSupportStatus`, remembered for the tick's instant: thousands of pools share a handful of
 * versions and regions, and a tick asks for each of them (docs/architecture.md, Memory and tick time).
 */
function supportStatusOf(
  version: string,
  now: number,
  warnDays: number,
  supportedMinors: readonly string[] | undefined,
): ReturnType<typeof kubernetesSupportStatus> {
  const key = `${version}|${now}|${warnDays}|${supportedMinors?.join(',') ?? '-'}`;
  let status = supportByVersion.get(key);
  if (!status) {
    status = kubernetesSupportStatus(version, now, {
      warnDays,
      ...(supportedMinors ? { supportedMinors } : {}),
    });
    // A new instant makes the old answers useless: the cache holds one tick's worth.
    if (supportByVersion.size > 256) supportByVersion.clear();
    supportByVersion.set(key, status);
  }
  return status;
}
