import { parseIsoInstant } from '../parseIsoInstant.js';
import { HOUR_MS, MINUTE_MS } from '../time.js';
import { parseIsoDate } from './civilCalendar.js';
import { parseClockTime, parseUtcOffset } from './clockFields.js';
import type { BlockedPeriod } from './cutBlockedPeriods.js';
import { legacyHourRuns, type HourRun } from './legacyWindows.js';
import type { MaintenanceConfiguration, MaintenanceWindowSpec } from './MaintenanceConfiguration.js';
import type { MaintenanceConfigurationProblem } from './MaintenanceConfigurationProblem.js';
import { maintenancePurpose, type MaintenancePurpose } from './MaintenanceWindow.js';
import { toRecurrence, type Recurrence } from './Recurrence.js';

/** A `maintenanceWindow` reduced to numbers: offsets and times in ms, dates as day numbers. */
export interface RecurringReading {
  recurrence: Recurrence;
  offsetMs: number;
  startMs: number;
  durationMs: number;
  startDay?: number;
  /** notAllowedDates as day numbers, both ends included. */
  notAllowedDays: { first: number; last: number }[];
}

/** A configuration checked once and reduced to what the window arithmetic needs. */
export interface ConfigurationReading {
  configuration: string;
  purpose: MaintenancePurpose;
  recurring?: RecurringReading;
  /** The legacy `timeInWeek` runs, used only when there is no `maintenanceWindow`. */
  legacyRuns?: HourRun[];
  notAllowedTime: BlockedPeriod[];
}

export type ReadingResult =
  { ok: true; reading: ConfigurationReading } | { ok: false; problems: MaintenanceConfigurationProblem[] };

/**
 * Checks every field the window arithmetic uses and reports every problem, each naming field, value and what
 * is valid.
 */
export function readMaintenanceConfiguration(configuration: MaintenanceConfiguration): ReadingResult {
  const problems: MaintenanceConfigurationProblem[] = [];
  const purpose = maintenancePurpose(configuration.name);
  if (purpose === undefined) {
    problems.push(
      problem(
        'name',
        configuration.name,
        'is not a configuration AKS uses; use default, aksManagedAutoUpgradeSchedule or aksManagedNodeOSUpgradeSchedule',
      ),
    );
  }
  const recurring =
    configuration.maintenanceWindow && readRecurring(configuration.maintenanceWindow, problems);
  let legacyRuns: HourRun[] | undefined;
  if (!configuration.maintenanceWindow && configuration.timeInWeek) {
    const runs = legacyHourRuns(configuration.timeInWeek);
    if (runs.ok) legacyRuns = runs.runs;
    else problems.push(...runs.problems);
  }
  const notAllowedTime = readNotAllowedTime(configuration.notAllowedTime ?? [], problems);
  if (problems.length > 0 || purpose === undefined) return { ok: false, problems };
  return {
    ok: true,
    reading: {
      configuration: configuration.name,
      purpose,
      ...(recurring ? { recurring } : {}),
      ...(legacyRuns ? { legacyRuns } : {}),
      notAllowedTime,
    },
  };
}

function readRecurring(
  spec: MaintenanceWindowSpec,
  problems: MaintenanceConfigurationProblem[],
): RecurringReading | undefined {
  const before = problems.length;
  const recurrence = toRecurrence(spec.schedule);
  if (!recurrence.ok) problems.push(...recurrence.problems);
  const offset = parseUtcOffset(spec.utcOffset ?? '+00:00');
  if (offset === undefined)
    problems.push(
      problem(
        'maintenanceWindow.utcOffset',
        spec.utcOffset,
        'must be an offset from -12:00 to +14:00 such as +05:30',
      ),
    );
  const start = parseClockTime(spec.startTime);
  if (start === undefined)
    problems.push(
      problem('maintenanceWindow.startTime', spec.startTime, 'must be a time from 00:00 to 23:59'),
    );
  if (!Number.isInteger(spec.durationHours) || spec.durationHours < 4 || spec.durationHours > 24)
    problems.push(
      problem(
        'maintenanceWindow.durationHours',
        spec.durationHours,
        'must be a whole number of hours from 4 to 24',
      ),
    );
  const startDay = spec.startDate === undefined ? undefined : parseIsoDate(spec.startDate);
  if (spec.startDate !== undefined && startDay === undefined)
    problems.push(
      problem('maintenanceWindow.startDate', spec.startDate, 'must be a date such as 2026-01-31'),
    );
  const notAllowedDays = (spec.notAllowedDates ?? []).map((span, index) => {
    const [first, last] = [parseIsoDate(span.start), parseIsoDate(span.end)];
    if (first === undefined || last === undefined || last < first)
      problems.push(
        problem(
          `maintenanceWindow.notAllowedDates[${index}]`,
          span,
          'must have start and end dates such as 2026-12-24, the start not after the end',
        ),
      );
    return { first: first ?? 0, last: last ?? 0 };
  });
  if (problems.length > before || !recurrence.ok || offset === undefined || start === undefined)
    return undefined;
  return {
    recurrence: recurrence.recurrence,
    offsetMs: offset * MINUTE_MS,
    startMs: start * MINUTE_MS,
    durationMs: spec.durationHours * HOUR_MS,
    ...(startDay === undefined ? {} : { startDay }),
    notAllowedDays,
  };
}

/** `notAllowedTime` spans as instants; a span missing one end is open on that side. */
function readNotAllowedTime(
  spans: NonNullable<MaintenanceConfiguration['notAllowedTime']>,
  problems: MaintenanceConfigurationProblem[],
): BlockedPeriod[] {
  return spans.map((span, index) => {
    const bound = (text: string | undefined, end: 'start' | 'end', open: number) => {
      if (text === undefined) return open;
      const parsed = parseIsoInstant(text);
      if (parsed.ok) return parsed.instant;
      problems.push(problem(`notAllowedTime[${index}].${end}`, text, parsed.reason));
      return open;
    };
    return {
      from: bound(span.start, 'start', -Infinity),
      to: bound(span.end, 'end', Infinity),
      by: 'notAllowedTime' as const,
    };
  });
}

function problem(field: string, value: unknown, message: string): MaintenanceConfigurationProblem {
  return { field, value: JSON.stringify(value), message };
}
