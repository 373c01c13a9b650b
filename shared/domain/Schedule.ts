import { ClosedDays } from './ClosedDays.js';
import { parseScheduleSpec } from './parseScheduleSpec.js';
import { resolveTimeZone } from './resolveTimeZone.js';
import type { ScheduleSpec, SpecItem, WeeklyItem } from './ScheduleSpec.js';
import { ScheduleSpecError } from './ScheduleSpecError.js';
import type { SpecProblem } from './SpecProblem.js';
import { LEARNED_START_LEAD, parseStartLead, type StartLeadSetting } from './StartLead.js';
import { DAY_MS } from './time.js';
import {
  DEFAULT_MAINTENANCE_POLICY,
  parseMaintenancePolicy,
  type MaintenancePolicy,
} from './maintenance/MaintenancePolicy.js';
import { ZoneClock } from './ZoneClock.js';

/** A schedule as people write it (a Schedules row, a CLI argument, an API body). */
export interface ScheduleDefinition {
  name?: string;
  /** When targets are up. Exactly one of `uptime` and `downtime`. */
  uptime?: string;
  /** When targets are down; up the rest of the time. */
  downtime?: string;
  /** Default zone for items that name none; also the zone closed days are read in. */
  timeZone?: string;
  /** Public-holiday calendars and closed dates: `JP, 2026-12-28..2027-01-03`. */
  holidays?: string;
  /** Also correct targets whose state differs from the schedule, not only at transitions. */
  enforce?: boolean;
  /** How far ahead of the up time starts begin: `auto` (learned, the default), `off`, or `15m` (docs/decisions.md, Ready by). */
  startLead?: string;
  /** What to do about AKS maintenance windows: `wake`, `warn` (the default) or `ignore` (docs/maintenance.md). */
  maintenance?: string;
}

/** A stretch of time in which the schedule's answer does not change: [from, to). */
export interface ScheduleWindow {
  from: number;
  to: number;
  up: boolean;
}

/** How far ahead `nextTransition` looks before answering "none". */
const TRANSITION_HORIZON_MS = 2 * 366 * DAY_MS;
const FIRST_SCAN_MS = DAY_MS;

/**
 * A validated schedule that answers "is it up at t?", "when does that change next?" and "what are the
 * windows in [from, to)?". Pure: every answer depends only on the definition and the instant given.
 */
export class Schedule {
  private readonly thresholdsByZone: ReadonlyMap<string, readonly number[]>;
  /** The last `nextTransition` answer: a tick asks the same question for every target of a schedule. */
  private lastTransitionQuery: { after: number; next: number | undefined } | undefined;
  /** The last `windowsShared` answer. */
  private lastWindowsQuery: { from: number; to: number; windows: readonly ScheduleWindow[] } | undefined;

  private constructor(
    readonly name: string | undefined,
    readonly form: 'uptime' | 'downtime',
    readonly spec: ScheduleSpec,
    readonly closedDays: ClosedDays,
    /** The zone closed days are read in and times are shown in. */
    readonly displayZone: string,
    readonly enforce: boolean,
    /** How far ahead of each up time a start begins. */
    readonly startLead: StartLeadSetting = LEARNED_START_LEAD,
    /** What its targets do about AKS maintenance windows. */
    readonly maintenancePolicy: MaintenancePolicy = DEFAULT_MAINTENANCE_POLICY,
  ) {
    this.thresholdsByZone = collectThresholds(spec.items, closedDays, displayZone);
  }

  /** Validates a definition; throws `ScheduleSpecError` listing every problem in every field. */
  static compile(definition: ScheduleDefinition): Schedule {
    const problems: SpecProblem[] = [];
    const defaultZone = resolveDefaultZone(definition.timeZone, problems);
    const form = chooseForm(definition, problems);
    const text = (form === 'uptime' ? definition.uptime : definition.downtime) ?? '';
    const field = form === 'uptime' ? 'Uptime' : 'Downtime';
    const defaultZoneInvalid =
      definition.timeZone !== undefined && definition.timeZone.trim() !== '' && !defaultZone;
    const parsed = parseScheduleSpec(text, {
      field,
      defaultZoneInvalid,
      ...(defaultZone ? { defaultZone } : {}),
    });
    if (!parsed.ok) problems.push(...parsed.problems);
    const closed = ClosedDays.parse(definition.holidays ?? '');
    if (!closed.ok) problems.push(...closed.problems);
    const startLead = parseStartLead(definition.startLead ?? '');
    if (!startLead.ok) problems.push({ field: 'StartLead', message: startLead.message });
    const maintenance = parseMaintenancePolicy(definition.maintenance ?? '');
    if (!maintenance.ok) problems.push({ field: 'Maintenance', message: maintenance.message });
    if (!parsed.ok || !closed.ok || !startLead.ok || !maintenance.ok || problems.length > 0)
      throw new ScheduleSpecError(problems);
    const displayZone = defaultZone ?? firstWeeklyZone(parsed.spec.items) ?? 'UTC';
    return new Schedule(
      definition.name,
      form,
      parsed.spec,
      closed.closedDays,
      displayZone,
      definition.enforce ?? false,
      startLead.setting,
      maintenance.policy,
    );
  }

  isUp(instant: number): boolean {
    if (this.isClosedDay(instant)) return false;
    const matches = this.spec.items.some((item) => itemMatches(item, instant));
    return this.form === 'uptime' ? matches : !matches;
  }

  /** The first instant after `after` at which `isUp` changes, or undefined if none within two years. */
  nextTransition(after: number): number | undefined {
    if (this.lastTransitionQuery?.after !== after) {
      this.lastTransitionQuery = { after, next: this.findNextTransition(after) };
    }
    return this.lastTransitionQuery.next;
  }

  private findNextTransition(after: number): number | undefined {
    const current = this.isUp(after);
    let scanFrom = after;
    let span = FIRST_SCAN_MS;
    while (scanFrom < after + TRANSITION_HORIZON_MS) {
      const scanTo = scanFrom + span;
      for (const candidate of this.candidateInstants(scanFrom, scanTo)) {
        if (candidate > after && this.isUp(candidate) !== current) return candidate;
      }
      scanFrom = scanTo;
      span *= 2;
    }
    return undefined;
  }

  /**
   * `windows(from, to)`, remembered for the last range asked: a tick asks the same four weeks for
   * every target of the schedule (the maintenance outlook). Callers must not change the answer.
   */
  windowsShared(from: number, to: number): readonly ScheduleWindow[] {
    if (this.lastWindowsQuery?.from !== from || this.lastWindowsQuery.to !== to)
      this.lastWindowsQuery = { from, to, windows: this.windows(from, to) };
    return this.lastWindowsQuery.windows;
  }

  /** Consecutive windows covering [from, to), each with one answer. */
  windows(from: number, to: number): ScheduleWindow[] {
    const windows: ScheduleWindow[] = [];
    let current: ScheduleWindow = { from, to, up: this.isUp(from) };
    for (const candidate of this.candidateInstants(from, to)) {
      if (candidate <= from) continue;
      const up = this.isUp(candidate);
      if (up === current.up) continue;
      windows.push({ ...current, to: candidate });
      current = { from: candidate, to, up };
    }
    windows.push(current);
    return windows;
  }

  private isClosedDay(instant: number): boolean {
    if (this.closedDays.isEmpty) return false;
    return this.closedDays.isClosed(ZoneClock.for(this.displayZone).localTime(instant).localDay);
  }

  /**
   * Sorted instants in [from, to) that include every instant where the answer can change: each
   * weekly boundary and local midnight in every zone involved, each DST change, and the edges of
   * absolute ranges. Between two consecutive candidates the answer is constant.
   */
  private candidateInstants(from: number, to: number): number[] {
    const candidates = new Set<number>();
    const add = (instant: number) => {
      if (instant >= from && instant < to) candidates.add(instant);
    };
    for (const [zone, minutes] of this.thresholdsByZone) {
      const clock = ZoneClock.for(zone);
      clock.offsetChangesBetween(from, to).forEach(add);
      const firstDay = clock.localTime(from).localDay - 1;
      const lastDay = clock.localTime(to).localDay + 1;
      for (let day = firstDay; day <= lastDay; day++) {
        for (const minute of minutes) clock.instantsOfLocalTime(day, minute).forEach(add);
      }
    }
    for (const item of this.spec.items) {
      if (item.type === 'absolute') {
        add(item.from);
        add(item.to + 1);
      }
    }
    return [...candidates].sort((a, b) => a - b);
  }
}

function resolveDefaultZone(timeZone: string | undefined, problems: SpecProblem[]): string | undefined {
  if (timeZone === undefined || timeZone.trim() === '') return undefined;
  const resolution = resolveTimeZone(timeZone.trim());
  if (resolution.ok) return resolution.zone;
  problems.push({ field: 'TimeZone', message: resolution.message });
  return undefined;
}

function chooseForm(definition: ScheduleDefinition, problems: SpecProblem[]): 'uptime' | 'downtime' {
  const hasUptime = definition.uptime !== undefined && definition.uptime.trim() !== '';
  const hasDowntime = definition.downtime !== undefined && definition.downtime.trim() !== '';
  if (hasUptime && hasDowntime) {
    problems.push({
      field: 'Downtime',
      message: 'a schedule has either Uptime or Downtime, not both; clear one of them',
    });
  }
  return hasDowntime && !hasUptime ? 'downtime' : 'uptime';
}

function firstWeeklyZone(items: readonly SpecItem[]): string | undefined {
  return items.find((item): item is WeeklyItem => item.type === 'weekly')?.zone;
}

function collectThresholds(
  items: readonly SpecItem[],
  closedDays: ClosedDays,
  displayZone: string,
): Map<string, number[]> {
  const byZone = new Map<string, Set<number>>();
  const addThreshold = (zone: string, minute: number) => {
    const minutes = byZone.get(zone) ?? new Set<number>([0]);
    minutes.add(minute % (24 * 60));
    byZone.set(zone, minutes);
  };
  for (const item of items) {
    if (item.type !== 'weekly') continue;
    addThreshold(item.zone, item.startMinute);
    addThreshold(item.zone, item.endMinute);
  }
  if (!closedDays.isEmpty) addThreshold(displayZone, 0);
  return new Map([...byZone].map(([zone, minutes]) => [zone, [...minutes]]));
}

function itemMatches(item: SpecItem, instant: number): boolean {
  switch (item.type) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'absolute':
      return instant >= item.from && instant <= item.to;
    case 'weekly':
      return weeklyItemMatches(item, instant);
  }
}

function weeklyItemMatches(item: WeeklyItem, instant: number): boolean {
  const { weekday, minuteOfDay } = ZoneClock.for(item.zone).localTime(instant);
  if (item.startMinute < item.endMinute) {
    return item.startDays.has(weekday) && minuteOfDay >= item.startMinute && minuteOfDay < item.endMinute;
  }
  // Overnight: the window opens on a start day and closes the next morning.
  const startedToday = item.startDays.has(weekday) && minuteOfDay >= item.startMinute;
  const startedYesterday = item.startDays.has((weekday + 6) % 7) && minuteOfDay < item.endMinute;
  return startedToday || startedYesterday;
}
