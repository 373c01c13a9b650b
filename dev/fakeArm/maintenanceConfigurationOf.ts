import { ArmError } from './ArmError.js';
import type {
  MaintenanceConfigurationName,
  MaintenanceConfigurationProperties,
  MaintenanceWindowJson,
  WeekDay,
} from './FakeFleetModel.js';
import { WEEK_DAYS } from './maintenanceWindowAt.js';

/*
 * MaintenanceConfigurations_CreateOrUpdate's checks, from planned-maintenance.md and the REST
 * spec/SDK: the three names AKS knows; `default` takes the legacy `timeInWeek`/`notAllowedTime` or a
 * weekly `maintenanceWindow`, the two aksManaged ones a `maintenanceWindow` of any schedule type;
 * exactly one schedule type with all its fields; `durationHours` 4-24, `startTime` 00:00-23:59,
 * `utcOffset` ±HH:mm (default +00:00), `startDate` defaulting to the day of creation. Azure answers a
 * bad value with 400 InvalidParameter; the exact wording of AKS's messages is not documented, so ours
 * name the field, the value and what is valid.
 */

export const MAINTENANCE_CONFIGURATION_NAMES: readonly MaintenanceConfigurationName[] = [
  'default',
  'aksManagedAutoUpgradeSchedule',
  'aksManagedNodeOSUpgradeSchedule',
];
const WEEK_INDEXES = ['First', 'Second', 'Third', 'Fourth', 'Last'];

function invalid(field: string, value: unknown, valid: string): ArmError {
  return new ArmError(
    400,
    'InvalidParameter',
    `The value ${JSON.stringify(value) ?? 'undefined'} of '${field}' is invalid: ${valid}.`,
  );
}

/** The name as AKS spells it, matched without regard to ASCII case; anything else is a 400. */
export function maintenanceConfigurationNameOf(name: string): MaintenanceConfigurationName {
  const known = MAINTENANCE_CONFIGURATION_NAMES.find(
    (candidate) => candidate.toLowerCase() === name.replace(/[A-Z]/g, (c) => c.toLowerCase()),
  );
  if (!known)
    throw new ArmError(
      400,
      'InvalidParameter',
      `The maintenance configuration name '${name}' is not supported: use 'default', 'aksManagedAutoUpgradeSchedule' or 'aksManagedNodeOSUpgradeSchedule'.`,
    );
  return known;
}

/** The checked `properties` of a configuration written at `now`, with AKS's defaults filled in. */
export function maintenanceConfigurationOf(
  name: MaintenanceConfigurationName,
  body: unknown,
  now: number,
): MaintenanceConfigurationProperties {
  const properties = (body as { properties?: unknown } | undefined)?.properties;
  if (!isObject(properties)) throw invalid('properties', properties, 'an object is required');
  const { timeInWeek, notAllowedTime, maintenanceWindow } = properties;
  if (maintenanceWindow !== undefined) {
    if (timeInWeek !== undefined || notAllowedTime !== undefined)
      throw invalid(
        'properties.timeInWeek',
        timeInWeek ?? notAllowedTime,
        'timeInWeek and notAllowedTime cannot be combined with maintenanceWindow',
      );
    return { maintenanceWindow: checkedWindow(name, maintenanceWindow, now) };
  }
  if (name !== 'default')
    throw invalid(
      'properties.maintenanceWindow',
      maintenanceWindow,
      `'${name}' requires a maintenanceWindow (timeInWeek is only for 'default')`,
    );
  return {
    timeInWeek: checkedTimeInWeek(timeInWeek),
    ...(notAllowedTime !== undefined ? { notAllowedTime: checkedTimeSpans(notAllowedTime) } : {}),
  };
}

function checkedTimeInWeek(value: unknown): { day: WeekDay; hourSlots: number[] }[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid('properties.timeInWeek', value, 'a non-empty list of { day, hourSlots } is required');
  return value.map((entry: unknown, index) => {
    const field = `properties.timeInWeek[${index}]`;
    if (!isObject(entry)) throw invalid(field, entry, 'an object { day, hourSlots } is required');
    const day = checkedDay(`${field}.day`, entry['day']);
    const slots = entry['hourSlots'];
    if (
      !Array.isArray(slots) ||
      !slots.every((slot) => Number.isInteger(slot) && (slot as number) >= 0 && (slot as number) <= 23)
    )
      throw invalid(`${field}.hourSlots`, slots, 'a list of whole hours from 0 to 23 (UTC) is required');
    return { day, hourSlots: slots as number[] };
  });
}

function checkedTimeSpans(value: unknown): { start: string; end: string }[] {
  if (!Array.isArray(value)) throw invalid('properties.notAllowedTime', value, 'a list of { start, end }');
  return value.map((span: unknown, index) => {
    const field = `properties.notAllowedTime[${index}]`;
    const start = isObject(span) ? span['start'] : undefined;
    const end = isObject(span) ? span['end'] : undefined;
    if (
      typeof start !== 'string' ||
      typeof end !== 'string' ||
      Number.isNaN(Date.parse(start)) ||
      Number.isNaN(Date.parse(end)) ||
      Date.parse(start) >= Date.parse(end)
    )
      throw invalid(field, span, 'start and end must be date-times with start before end');
    return { start, end };
  });
}

function checkedWindow(
  name: MaintenanceConfigurationName,
  value: unknown,
  now: number,
): MaintenanceWindowJson {
  const field = 'properties.maintenanceWindow';
  if (!isObject(value)) throw invalid(field, value, 'an object is required');
  const durationHours = value['durationHours'];
  if (!Number.isInteger(durationHours) || (durationHours as number) < 4 || (durationHours as number) > 24)
    throw invalid(`${field}.durationHours`, durationHours, 'a whole number of hours from 4 to 24');
  const utcOffset = value['utcOffset'] ?? '+00:00';
  if (typeof utcOffset !== 'string' || !/^[+-](0\d|1[0-4]):[0-5]\d$/.test(utcOffset))
    throw invalid(`${field}.utcOffset`, utcOffset, "a UTC offset '+HH:mm' or '-HH:mm', such as '+05:30'");
  const startTime = value['startTime'];
  if (typeof startTime !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime))
    throw invalid(`${field}.startTime`, startTime, "a time from '00:00' to '23:59'");
  const startDate = value['startDate'] ?? localDate(now, utcOffset);
  if (!isDate(startDate)) throw invalid(`${field}.startDate`, startDate, "a date 'YYYY-MM-DD'");
  const notAllowedDates = checkedDateSpans(`${field}.notAllowedDates`, value['notAllowedDates']);
  return {
    schedule: checkedSchedule(name, `${field}.schedule`, value['schedule']),
    durationHours: durationHours as number,
    utcOffset,
    startDate,
    startTime,
    ...(notAllowedDates ? { notAllowedDates } : {}),
  };
}

function checkedSchedule(
  name: MaintenanceConfigurationName,
  field: string,
  value: unknown,
): MaintenanceWindowJson['schedule'] {
  if (!isObject(value)) throw invalid(field, value, 'an object with one schedule type is required');
  const types = Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
  if (types.length !== 1)
    throw invalid(field, value, "exactly one of 'daily', 'weekly', 'absoluteMonthly' or 'relativeMonthly'");
  const [type = ''] = types;
  const schedule = value[type];
  if (!isObject(schedule)) throw invalid(`${field}.${type}`, schedule, 'an object is required');
  if (name === 'default' && type !== 'weekly')
    throw invalid(
      `${field}.${type}`,
      schedule,
      "the 'default' configuration supports only a weekly schedule",
    );
  const whole = (key: string, low: number, high: number): number => {
    const number = schedule[key];
    if (!Number.isInteger(number) || (number as number) < low || (number as number) > high)
      throw invalid(`${field}.${type}.${key}`, number, `a whole number from ${low} to ${high}`);
    return number as number;
  };
  switch (type) {
    case 'daily':
      return { daily: { intervalDays: whole('intervalDays', 1, 7) } };
    case 'weekly':
      return {
        weekly: {
          intervalWeeks: whole('intervalWeeks', 1, 4),
          dayOfWeek: checkedDay(`${field}.weekly.dayOfWeek`, schedule['dayOfWeek']),
        },
      };
    case 'absoluteMonthly':
      return {
        absoluteMonthly: {
          intervalMonths: whole('intervalMonths', 1, 6),
          dayOfMonth: whole('dayOfMonth', 1, 31),
        },
      };
    case 'relativeMonthly': {
      const weekIndex = schedule['weekIndex'];
      if (typeof weekIndex !== 'string' || !WEEK_INDEXES.includes(weekIndex))
        throw invalid(`${field}.relativeMonthly.weekIndex`, weekIndex, WEEK_INDEXES.join(', '));
      return {
        relativeMonthly: {
          intervalMonths: whole('intervalMonths', 1, 6),
          weekIndex: weekIndex as 'First',
          dayOfWeek: checkedDay(`${field}.relativeMonthly.dayOfWeek`, schedule['dayOfWeek']),
        },
      };
    }
    default:
      throw invalid(field, value, "one of 'daily', 'weekly', 'absoluteMonthly' or 'relativeMonthly'");
  }
}

function checkedDateSpans(field: string, value: unknown): { start: string; end: string }[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(field, value, 'a list of { start, end } dates');
  return value.map((span: unknown, index) => {
    const start = isObject(span) ? span['start'] : undefined;
    const end = isObject(span) ? span['end'] : undefined;
    if (!isDate(start) || !isDate(end) || start > end)
      throw invalid(`${field}[${index}]`, span, "start and end dates 'YYYY-MM-DD', start not after end");
    return { start, end };
  });
}

function checkedDay(field: string, value: unknown): WeekDay {
  if (typeof value !== 'string' || !(WEEK_DAYS as readonly string[]).includes(value))
    throw invalid(field, value, WEEK_DAYS.join(', '));
  return value as WeekDay;
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  // 2023-02-30 parses as 2 March: the round trip catches it.
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value);
}

/** The date at `at` in the offset's local time. */
function localDate(at: number, utcOffset: string): string {
  const sign = utcOffset.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = utcOffset.slice(1).split(':').map(Number);
  return new Date(at + sign * (hours * 60 + minutes) * 60_000).toISOString().slice(0, 10);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
