import { z } from 'zod';
import { matchAsciiCaseInsensitive } from './matchAsciiCaseInsensitive.js';
import {
  AZURE_WEEKDAYS,
  AZURE_WEEK_INDEXES,
  type MaintenanceConfiguration,
} from './MaintenanceConfiguration.js';
import type { MaintenanceConfigurationProblem } from './MaintenanceConfigurationProblem.js';
import { readMaintenanceConfiguration } from './readMaintenanceConfiguration.js';

export type MaintenanceConfigurationResult =
  | { ok: true; configuration: MaintenanceConfiguration }
  | { ok: false; problems: MaintenanceConfigurationProblem[] };

/** ARM writes `null` for the fields it leaves unset (`"daily": null`); both mean absent. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const WINDOW = z.object({
  schedule: z.object({
    daily: optional(z.object({ intervalDays: z.number() })),
    weekly: optional(z.object({ intervalWeeks: z.number(), dayOfWeek: z.string() })),
    absoluteMonthly: optional(z.object({ intervalMonths: z.number(), dayOfMonth: z.number() })),
    relativeMonthly: optional(
      z.object({ intervalMonths: z.number(), weekIndex: z.string(), dayOfWeek: z.string() }),
    ),
  }),
  durationHours: z.number(),
  utcOffset: optional(z.string()),
  startDate: optional(z.string()),
  startTime: z.string(),
  notAllowedDates: optional(z.array(z.object({ start: z.string(), end: z.string() }))),
});

const CONFIGURATION = z.object({
  name: z.string().min(1),
  maintenanceWindow: optional(WINDOW),
  timeInWeek: optional(
    z.array(z.object({ day: optional(z.string()), hourSlots: optional(z.array(z.number())) })),
  ),
  notAllowedTime: optional(z.array(z.object({ start: optional(z.string()), end: optional(z.string()) }))),
});

/**
 * Validates untrusted JSON (an ARM answer, `{ name, properties: {…} }`, or the flat form the SDK and
 * our cache rows use) into a `MaintenanceConfiguration` the window arithmetic accepts, or every
 * problem, each naming the field, the value and what would be valid. Azure's names (weekdays, week
 * indexes) are accepted in any ASCII case and returned as Azure spells them.
 */
export function parseMaintenanceConfiguration(input: unknown): MaintenanceConfigurationResult {
  const flat = flatten(input);
  const shape = CONFIGURATION.safeParse(flat);
  if (!shape.success) {
    return { ok: false, problems: shape.error.issues.map((issue) => problemOf(issue, flat)) };
  }
  const configuration = canonicalSpellings(withoutUndefined(shape.data) as MaintenanceConfiguration);
  const reading = readMaintenanceConfiguration(configuration);
  return reading.ok ? { ok: true, configuration } : { ok: false, problems: reading.problems };
}

function flatten(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const { properties, ...rest } = input as Record<string, unknown>;
  if (typeof properties !== 'object' || properties === null) return input;
  return { ...(properties as Record<string, unknown>), name: rest['name'] };
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): MaintenanceConfigurationProblem {
  const field =
    issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .slice(1) || '(configuration)';
  const value = valueAt(input, issue.path);
  const message =
    issue.code === 'invalid_type'
      ? value === undefined
        ? `is missing; it must be ${withArticle(issue.expected)}`
        : `must be ${withArticle(issue.expected)}`
      : issue.code === 'too_small' && issue.origin === 'string'
        ? 'must not be empty'
        : issue.message;
  return value === undefined ? { field, message } : { field, value: JSON.stringify(value), message };
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Drops keys whose value is undefined, so the result compares equal to what it was parsed from. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => [key, withoutUndefined(field)]),
  );
}

function canonicalSpellings(configuration: MaintenanceConfiguration): MaintenanceConfiguration {
  const weekday = (name: string) => matchAsciiCaseInsensitive(name, AZURE_WEEKDAYS) ?? name;
  const schedule = configuration.maintenanceWindow?.schedule;
  if (schedule?.weekly) schedule.weekly.dayOfWeek = weekday(schedule.weekly.dayOfWeek);
  if (schedule?.relativeMonthly) {
    schedule.relativeMonthly.dayOfWeek = weekday(schedule.relativeMonthly.dayOfWeek);
    schedule.relativeMonthly.weekIndex =
      matchAsciiCaseInsensitive(schedule.relativeMonthly.weekIndex, AZURE_WEEK_INDEXES) ??
      schedule.relativeMonthly.weekIndex;
  }
  for (const entry of configuration.timeInWeek ?? []) {
    if (entry.day !== undefined) entry.day = weekday(entry.day);
  }
  return configuration;
}
