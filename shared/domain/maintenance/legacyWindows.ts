import { DAY_MS, HOUR_MS } from '../time.js';
import { matchAsciiCaseInsensitive } from './matchAsciiCaseInsensitive.js';
import { weekdayOf } from './civilCalendar.js';
import { AZURE_WEEKDAYS, type MaintenanceConfiguration } from './MaintenanceConfiguration.js';
import type { MaintenanceConfigurationProblem } from './MaintenanceConfigurationProblem.js';

const HOURS_PER_WEEK = 7 * 24;

/** A run of consecutive allowed hours in the week: `start` hours after Sunday 00:00 UTC, `hours` long. */
export interface HourRun {
  start: number;
  hours: number;
}

export type HourRunsResult =
  { ok: true; runs: HourRun[] } | { ok: false; problems: MaintenanceConfigurationProblem[] };

/**
 * The legacy `timeInWeek` of a `default` configuration as runs of hours. "Each integer hour represents
 * a time range beginning at 0m after the hour ending at the next hour (non-inclusive). 0 corresponds
 * to 00:00 UTC … Specifying [0, 1] means the 00:00 - 02:00 UTC time range", and entries naming the
 * same day are a union; so consecutive slots, across midnight too, make one window.
 */
export function legacyHourRuns(
  timeInWeek: NonNullable<MaintenanceConfiguration['timeInWeek']>,
): HourRunsResult {
  const allowed = new Array<boolean>(HOURS_PER_WEEK).fill(false);
  const problems: MaintenanceConfigurationProblem[] = [];
  timeInWeek.forEach((entry, index) => {
    const field = `timeInWeek[${index}]`;
    const day = matchAsciiCaseInsensitive(String(entry.day), AZURE_WEEKDAYS);
    if (day === undefined) {
      problems.push({
        field: `${field}.day`,
        value: JSON.stringify(entry.day),
        message: `is not a weekday; use one of ${AZURE_WEEKDAYS.join(', ')}`,
      });
      return;
    }
    (entry.hourSlots ?? []).forEach((slot, slotIndex) => {
      if (Number.isInteger(slot) && slot >= 0 && slot <= 23) {
        allowed[AZURE_WEEKDAYS.indexOf(day) * 24 + slot] = true;
      } else {
        problems.push({
          field: `${field}.hourSlots[${slotIndex}]`,
          value: JSON.stringify(slot),
          message: 'must be a whole hour from 0 to 23 (UTC)',
        });
      }
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, runs: runsOf(allowed) };
}

function runsOf(allowed: readonly boolean[]): HourRun[] {
  if (allowed.every(Boolean)) return [{ start: 0, hours: HOURS_PER_WEEK }];
  const runs: HourRun[] = [];
  allowed.forEach((isAllowed, hour) => {
    if (!isAllowed || allowed[(hour + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK]) return;
    let hours = 1;
    while (allowed[(hour + hours) % HOURS_PER_WEEK]) hours++;
    runs.push({ start: hour, hours });
  });
  return runs;
}

/** The [opens, closes) spans of the runs in every week that can overlap [from, to). */
export function legacySpans(
  runs: readonly HourRun[],
  from: number,
  to: number,
): { opens: number; closes: number }[] {
  const spans: { opens: number; closes: number }[] = [];
  const sundayBefore = (instant: number) => {
    const day = Math.floor(instant / DAY_MS);
    return day - weekdayOf(day);
  };
  for (let sunday = sundayBefore(from) - 7; sunday <= sundayBefore(to); sunday += 7) {
    for (const run of runs) {
      const opens = sunday * DAY_MS + run.start * HOUR_MS;
      const closes = opens + run.hours * HOUR_MS;
      if (opens < to && closes > from) spans.push({ opens, closes });
    }
  }
  return spans;
}
