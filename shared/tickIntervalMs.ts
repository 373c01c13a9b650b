import { Cron } from 'croner';

/**
 * The longest gap between two runs of the reconcile timer (`OFFHOURS_TICK`, NCRONTAB with seconds,
 * UTC) over the next day: a start begun ahead must begin at the last tick before its planned time,
 * so the decision looks this far ahead (docs/decisions.md, Ready by).
 */
export function tickIntervalMs(tick: string, from: Date = new Date(0)): number {
  const runs = new Cron(tick, { paused: true, timezone: 'UTC' }).nextRuns(300, from);
  let longest = 0;
  for (let index = 1; index < runs.length; index++) {
    const gap = (runs[index]?.getTime() ?? 0) - (runs[index - 1]?.getTime() ?? 0);
    if (gap > longest) longest = gap;
  }
  return longest;
}
