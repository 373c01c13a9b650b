import type { ScheduledTarget } from '../catalog/loadCatalog.js';
import { formatRowProblem, showValue } from '../storage/RowProblem.js';
import { channelNames } from './notifyColumn.js';

/** The channels a target's notices go to: its own Notify column, else its schedule's. */
export function channelsOf(scheduled: ScheduledTarget): string[] {
  const own = channelNames(scheduled.target.notify);
  return own.length > 0 ? own : channelNames(scheduled.schedule.notify);
}

/**
 * A problem, in the words of every other row problem, for each channel a target's rows name that is
 * not configured. Such a name never holds the target: it is scheduled as before, and only that
 * channel's notice is missing (docs/notifications.md).
 */
export function notifyProblems(scheduled: ScheduledTarget, configured: readonly string[]): string[] {
  // Most targets name no channel: nothing to check (this runs for every target on every tick).
  if (!scheduled.target.notify && !scheduled.schedule.notify) return [];
  const known = new Set(configured);
  const options =
    configured.length > 0
      ? `use one of ${[...configured].sort().join(', ')} (the channels of OFFHOURS_NOTIFY_CHANNELS)`
      : 'no channels are set up: add it to OFFHOURS_NOTIFY_CHANNELS, or clear the column';
  const problems: string[] = [];
  const rows = [
    {
      table: 'Targets',
      row: scheduled.target.row,
      rowKey: scheduled.target.name,
      notify: scheduled.target.notify,
    },
    {
      table: 'Schedules',
      row: scheduled.schedule.row,
      rowKey: scheduled.schedule.name,
      notify: scheduled.schedule.notify,
    },
  ];
  for (const { table, row, rowKey, notify } of rows)
    for (const name of channelNames(notify))
      if (!known.has(name))
        problems.push(
          formatRowProblem({
            table,
            partitionKey: row?.partitionKey ?? '',
            rowKey: row?.rowKey ?? rowKey,
            column: 'Notify',
            value: showValue(notify),
            reason: `there is no notification channel named "${name}"; ${options}; the target is scheduled as usual, only this notice is not sent`,
          }),
        );
  return problems;
}
