import { planStartOfWindow, type PlannedStart } from './PlannedStart.js';
import type { Schedule, ScheduleWindow } from './Schedule.js';
import type { StartLead } from './StartLead.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { ZoneClock } from './ZoneClock.js';

export interface SchedulePreview {
  from: number;
  to: number;
  windows: ScheduleWindow[];
  hoursTotal: number;
  hoursUp: number;
  /** Hours down, which an always-on target would have run. */
  hoursSaved: number;
  /** Public holidays in the range that close the schedule, by local date. */
  holidays: { date: string; name: string }[];
  /** Each up time in the range with the start begun ahead of it, when there is a start lead. */
  plannedStarts: PlannedStart[];
}

/** The up/down windows of [from, to) and what they save against running all the time. */
export function previewSchedule(
  schedule: Schedule,
  from: number,
  to: number,
  lead?: StartLead,
): SchedulePreview {
  const windows = schedule.windows(from, to);
  const upMs = windows
    .filter((window) => window.up)
    .reduce((sum, window) => sum + window.to - window.from, 0);
  const hoursTotal = (to - from) / HOUR_MS;
  const hoursUp = upMs / HOUR_MS;
  return {
    from,
    to,
    windows,
    hoursTotal,
    hoursUp,
    hoursSaved: hoursTotal - hoursUp,
    holidays: holidaysBetween(schedule, from, to),
    plannedStarts: lead ? plannedStarts(schedule, windows, lead) : [],
  };
}

/** The start of every up window that begins inside the range (not the one already up at its start). */
function plannedStarts(
  schedule: Schedule,
  windows: readonly ScheduleWindow[],
  lead: StartLead,
): PlannedStart[] {
  return windows.flatMap((window, index) => {
    const before = windows[index - 1];
    if (!window.up || !before) return [];
    // The first window may begin before the range: its length is not known, so no keep-up is claimed.
    const downFrom = index - 1 > 0 ? before.from : undefined;
    return [planStartOfWindow(schedule, window.from, downFrom, lead)];
  });
}

function holidaysBetween(schedule: Schedule, from: number, to: number): { date: string; name: string }[] {
  if (schedule.closedDays.calendars.length === 0) return [];
  const clock = ZoneClock.for(schedule.displayZone);
  const firstDay = clock.localTime(from).localDay;
  const lastDay = clock.localTime(to - 1).localDay;
  const years = new Set([
    new Date(firstDay * DAY_MS).getUTCFullYear(),
    new Date(lastDay * DAY_MS).getUTCFullYear(),
  ]);
  for (let year = Math.min(...years); year <= Math.max(...years); year++) years.add(year);
  const found = new Map<number, string[]>();
  for (const calendar of schedule.closedDays.calendars) {
    for (const year of years) {
      for (const holiday of calendar.namedHolidays(year)) {
        if (holiday.localDay < firstDay || holiday.localDay > lastDay) continue;
        found.set(holiday.localDay, [
          ...(found.get(holiday.localDay) ?? []),
          `${holiday.name} (${calendar.code})`,
        ]);
      }
    }
  }
  return [...found]
    .sort(([a], [b]) => a - b)
    .map(([localDay, names]) => ({
      date: new Date(localDay * DAY_MS).toISOString().slice(0, 10),
      name: names.join('; '),
    }));
}
