import { matchAsciiCaseInsensitive } from './matchAsciiCaseInsensitive.js';
import {
  AZURE_WEEKDAYS,
  AZURE_WEEK_INDEXES,
  type MaintenanceWindowSpec,
} from './MaintenanceConfiguration.js';
import type { MaintenanceConfigurationProblem } from './MaintenanceConfigurationProblem.js';

/**
 * A maintenance window's `schedule`, checked and reduced to numbers. Weekdays: 0 for Sunday … 6 for Saturday.
 */
export type Recurrence =
  | { kind: 'daily'; interval: number }
  | { kind: 'weekly'; interval: number; weekday: number }
  | { kind: 'absoluteMonthly'; interval: number; dayOfMonth: number }
  | { kind: 'relativeMonthly'; interval: number; week: number | 'last'; weekday: number };

export type RecurrenceResult =
  { ok: true; recurrence: Recurrence } | { ok: false; problems: MaintenanceConfigurationProblem[] };

const KINDS = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly'] as const;
/** The API's limits: intervalDays 1–7, intervalWeeks 1–4, intervalMonths 1–6, dayOfMonth 1–31. */
export const RECURRENCE_LIMITS = {
  intervalDays: [1, 7],
  intervalWeeks: [1, 4],
  intervalMonths: [1, 6],
  dayOfMonth: [1, 31],
} as const;

const FIELD = 'maintenanceWindow.schedule';

/**
 * Reads `schedule`: exactly one kind, its numbers within the API's limits, its names Azure's (any ASCII
 * case).
 */
export function toRecurrence(schedule: MaintenanceWindowSpec['schedule']): RecurrenceResult {
  const present = KINDS.filter((kind) => schedule[kind] !== undefined && schedule[kind] !== null);
  if (present.length !== 1) {
    const found = present.length === 0 ? 'none is set' : `${present.join(' and ')} are set`;
    return {
      ok: false,
      problems: [{ field: FIELD, message: `${found}; set exactly one of ${KINDS.join(', ')}` }],
    };
  }
  const problems: MaintenanceConfigurationProblem[] = [];
  const recurrence = readKind(schedule, problems);
  return problems.length > 0 || !recurrence ? { ok: false, problems } : { ok: true, recurrence };
}

function readKind(
  schedule: MaintenanceWindowSpec['schedule'],
  problems: MaintenanceConfigurationProblem[],
): Recurrence | undefined {
  const { daily, weekly, absoluteMonthly, relativeMonthly } = schedule;
  if (daily) {
    const interval = integerIn(
      daily.intervalDays,
      `${FIELD}.daily.intervalDays`,
      RECURRENCE_LIMITS.intervalDays,
      problems,
    );
    return { kind: 'daily', interval };
  }
  if (weekly) {
    const interval = integerIn(
      weekly.intervalWeeks,
      `${FIELD}.weekly.intervalWeeks`,
      RECURRENCE_LIMITS.intervalWeeks,
      problems,
    );
    const weekday = weekdayIn(weekly.dayOfWeek, `${FIELD}.weekly.dayOfWeek`, problems);
    return { kind: 'weekly', interval, weekday };
  }
  if (absoluteMonthly) {
    const base = `${FIELD}.absoluteMonthly`;
    const interval = integerIn(
      absoluteMonthly.intervalMonths,
      `${base}.intervalMonths`,
      RECURRENCE_LIMITS.intervalMonths,
      problems,
    );
    const dayOfMonth = integerIn(
      absoluteMonthly.dayOfMonth,
      `${base}.dayOfMonth`,
      RECURRENCE_LIMITS.dayOfMonth,
      problems,
    );
    return { kind: 'absoluteMonthly', interval, dayOfMonth };
  }
  if (relativeMonthly) {
    const base = `${FIELD}.relativeMonthly`;
    const interval = integerIn(
      relativeMonthly.intervalMonths,
      `${base}.intervalMonths`,
      RECURRENCE_LIMITS.intervalMonths,
      problems,
    );
    const weekday = weekdayIn(relativeMonthly.dayOfWeek, `${base}.dayOfWeek`, problems);
    const index = matchAsciiCaseInsensitive(String(relativeMonthly.weekIndex), AZURE_WEEK_INDEXES);
    if (index === undefined) {
      problems.push({
        field: `${base}.weekIndex`,
        value: JSON.stringify(relativeMonthly.weekIndex),
        message: `is not a week index; use one of ${AZURE_WEEK_INDEXES.join(', ')}`,
      });
    }
    const week = index === 'Last' ? 'last' : AZURE_WEEK_INDEXES.indexOf(index ?? 'First');
    return { kind: 'relativeMonthly', interval, week, weekday };
  }
  return undefined;
}

function integerIn(
  value: unknown,
  field: string,
  [min, max]: readonly [number, number],
  problems: MaintenanceConfigurationProblem[],
): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push({
    field,
    value: JSON.stringify(value),
    message: `must be a whole number from ${min} to ${max}`,
  });
  return min;
}

function weekdayIn(value: unknown, field: string, problems: MaintenanceConfigurationProblem[]): number {
  const name = matchAsciiCaseInsensitive(String(value), AZURE_WEEKDAYS);
  if (name !== undefined) return AZURE_WEEKDAYS.indexOf(name);
  problems.push({
    field,
    value: JSON.stringify(value),
    message: `is not a weekday; use one of ${AZURE_WEEKDAYS.join(', ')}`,
  });
  return 0;
}
