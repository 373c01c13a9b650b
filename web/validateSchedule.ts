import { parseScheduleSpec, reversedRangeWarnings } from '../shared/domain/parseScheduleSpec.js';
import { resolveTimeZone } from '../shared/domain/resolveTimeZone.js';
import { formatSpecProblem, type SpecProblem } from '../shared/domain/SpecProblem.js';

export interface ScheduleFields {
  uptime?: string;
  downtime?: string;
  timeZone?: string;
}

/**
 * The checks `Schedule.compile` makes of Uptime, Downtime and TimeZone, with the same parser and so
 * the same messages as the CLI's `validate` and the API's 400, run in the browser as a person types.
 * Holidays are checked by the API when the form is saved (their calendars are too big to ship here).
 * A test keeps this in step with `Schedule.compile`.
 */
export function validateSchedule(fields: ScheduleFields): { problems: string[]; warnings: string[] } {
  const problems: SpecProblem[] = [];
  const timeZone = fields.timeZone?.trim() ?? '';
  let defaultZone: string | undefined;
  if (timeZone !== '') {
    const resolution = resolveTimeZone(timeZone);
    if (resolution.ok) defaultZone = resolution.zone;
    else problems.push({ field: 'TimeZone', message: resolution.message });
  }
  const hasUptime = (fields.uptime ?? '').trim() !== '';
  const hasDowntime = (fields.downtime ?? '').trim() !== '';
  if (hasUptime && hasDowntime)
    problems.push({
      field: 'Downtime',
      message: 'a schedule has either Uptime or Downtime, not both; clear one of them',
    });
  const form = hasDowntime && !hasUptime ? 'downtime' : 'uptime';
  const field = form === 'uptime' ? 'Uptime' : 'Downtime';
  const parsed = parseScheduleSpec((form === 'uptime' ? fields.uptime : fields.downtime) ?? '', {
    field,
    defaultZoneInvalid: timeZone !== '' && !defaultZone,
    ...(defaultZone ? { defaultZone } : {}),
  });
  if (!parsed.ok) problems.push(...parsed.problems);
  const warnings = parsed.ok && problems.length === 0 ? reversedRangeWarnings(parsed.spec, field) : [];
  return { problems: problems.map(formatSpecProblem), warnings: warnings.map(formatSpecProblem) };
}
