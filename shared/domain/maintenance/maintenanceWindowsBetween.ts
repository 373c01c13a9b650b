import { DAY_MS } from '../time.js';
import { cutBlockedPeriods } from './cutBlockedPeriods.js';
import { legacySpans } from './legacyWindows.js';
import type { MaintenanceConfiguration } from './MaintenanceConfiguration.js';
import { MaintenanceConfigurationError } from './MaintenanceConfigurationError.js';
import type { MaintenanceWindow } from './MaintenanceWindow.js';
import { occurrenceDays } from './occurrenceDays.js';
import {
  readMaintenanceConfiguration,
  type ConfigurationReading,
  type RecurringReading,
} from './readMaintenanceConfiguration.js';

/**
 * Every maintenance window of the configurations that overlaps [from, to), sorted by `opens`
 * (docs/maintenance.md, "How the app reads a maintenance configuration"). A configuration that
 * `parseMaintenanceConfiguration` would refuse throws `MaintenanceConfigurationError`.
 */
export function maintenanceWindowsBetween(
  configurations: readonly MaintenanceConfiguration[],
  from: number,
  to: number,
): MaintenanceWindow[] {
  const readings = configurations.map((configuration) => {
    const result = readMaintenanceConfiguration(configuration);
    if (!result.ok) throw new MaintenanceConfigurationError(configuration.name, result.problems);
    return result.reading;
  });
  if (!(from < to)) return [];
  return readings
    .flatMap((reading) => windowsOf(reading, from, to))
    .sort((a, b) => a.opens - b.opens || compareText(a.configuration, b.configuration));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function windowsOf(reading: ConfigurationReading, from: number, to: number): MaintenanceWindow[] {
  const identity = { configuration: reading.configuration, purpose: reading.purpose };
  let windows: MaintenanceWindow[] = [];
  let blocked = reading.notAllowedTime;
  if (reading.recurring) {
    windows = recurringSpans(reading.recurring, from, to).map((span) => ({ ...identity, ...span }));
    blocked = [...blocked, ...notAllowedDatePeriods(reading.recurring)];
  } else if (reading.legacyRuns) {
    windows = legacySpans(reading.legacyRuns, from, to).map((span) => ({ ...identity, ...span }));
  }
  return cutBlockedPeriods(windows, blocked).filter((window) => window.opens < to && window.closes > from);
}

/**
 * Windows of a `maintenanceWindow` that can overlap [from, to); one opening on local day d opens at d +
 * startTime − utcOffset.
 */
function recurringSpans(recurring: RecurringReading, from: number, to: number) {
  const { startMs, offsetMs, durationMs } = recurring;
  const opensOn = (day: number) => day * DAY_MS + startMs - offsetMs;
  const firstDay = Math.floor((from - durationMs - startMs + offsetMs) / DAY_MS);
  const lastDay = Math.floor((to - startMs + offsetMs) / DAY_MS);
  return occurrenceDays(recurring.recurrence, recurring.startDay, firstDay, lastDay).map((occurrence) => ({
    opens: opensOn(occurrence.day),
    closes: opensOn(occurrence.day) + durationMs,
    ...(occurrence.assumption ? { assumption: occurrence.assumption } : {}),
  }));
}

/**
 * "'utcOffset' applies to this field. For example, with 'utcOffset: +02:00' and 'dateSpan' being
 * '2022-12-23' to '2023-01-03', maintenance will be blocked from '2022-12-22 22:00' to '2023-01-03
 * 22:00' in UTC time": from the first day's local midnight to the end of the last day.
 */
function notAllowedDatePeriods(recurring: RecurringReading) {
  return recurring.notAllowedDays.map(({ first, last }) => ({
    from: first * DAY_MS - recurring.offsetMs,
    to: (last + 1) * DAY_MS - recurring.offsetMs,
    by: 'notAllowedDates' as const,
  }));
}
