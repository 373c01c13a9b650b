import type { Command } from 'commander';
import { Schedule } from '../shared/domain/Schedule.js';

/** Options every schedule command shares; the spec itself is the command's argument. */
export interface ScheduleOptions {
  tz?: string;
  holidays?: string;
  downtime?: boolean;
}

export function addScheduleOptions(command: Command): Command {
  return command
    .option('--tz <zone>', "default IANA time zone for items that name none (the schedule row's TimeZone)")
    .option(
      '--holidays <codes>',
      'public-holiday calendars and closed dates, e.g. "JP, 2026-12-28..2027-01-03"',
    )
    .option('--downtime', 'read the spec as Downtime (when targets are down) instead of Uptime');
}

/** Compiles the spec as a schedule row would; throws `ScheduleSpecError` with every problem. */
export function compileFromOptions(spec: string, options: ScheduleOptions): Schedule {
  return Schedule.compile({
    ...(options.downtime ? { downtime: spec } : { uptime: spec }),
    ...(options.tz !== undefined ? { timeZone: options.tz } : {}),
    ...(options.holidays !== undefined ? { holidays: options.holidays } : {}),
  });
}
