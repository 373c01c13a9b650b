import { clockIn, dayIn, localMidnights, whenIn } from '../shared/domain/whenIn.js';
import type { AuditEntry, Timeline as TimelineView } from './apiTypes.js';
import { localTimesIn, overrideLabel } from './format.js';

interface Span {
  from: number;
  to: number;
}

/** Where [from, to) falls in the day [dayStart, dayEnd), in percent; undefined when outside. */
function place(span: Span, dayStart: number, dayEnd: number): { left: string; width: string } | undefined {
  const from = Math.max(span.from, dayStart);
  const to = Math.min(span.to, dayEnd);
  if (to <= from) return undefined;
  const length = dayEnd - dayStart;
  return { left: `${((from - dayStart) / length) * 100}%`, width: `${((to - from) / length) * 100}%` };
}

const OPERATIONS = new Set(['start', 'stop']);

/** Why a period is as it is, in words. */
function causeWords(period: Pick<TimelineView['periods'][number], 'cause' | 'override'>): string {
  switch (period.cause) {
    case 'override':
      return overrideLabel(period.override ?? '').toLowerCase();
    case 'holiday':
      return 'holiday';
    case 'start-ahead':
      return 'started ahead of the up time';
    case 'kept-up':
      return 'kept up: too short a down time to stop';
    default:
      return 'schedule';
  }
}

/** What a planned change is, in words: `planned start at Fri 27 Nov 07:45 (begun ahead …)`. */
function changeWords(
  change: TimelineView['changes'][number],
  zone: string,
  periods: readonly { from: number; cause: string }[],
): string {
  const begins = periods.find((period) => period.from === Date.parse(change.at));
  const why =
    change.cause === 'start-ahead'
      ? ' (begun ahead, so it is ready at the up time)'
      : change.cause !== 'override'
        ? ''
        : begins?.cause === 'override'
          ? ' (by the override)'
          : ' (the override ends)';
  return `planned ${change.action} at ${whenIn(Date.parse(change.at), zone, { zoneName: false })}${why}`;
}

/**
 * What will really happen over 7 days, one row a day in the schedule's zone (issue 24, item 4): the
 * API's timeline (schedule, holidays, the override, starts begun ahead, by the tick's own rules),
 * the planned starts and stops ▲, the operations the audit trail recorded ●, the one under way, and now.
 */
export function Timeline({
  timeline,
  audit,
  now,
}: {
  timeline: TimelineView;
  audit: AuditEntry[];
  now: number;
}) {
  const zone = timeline.zone;
  const start = Date.parse(timeline.from);
  const end = Date.parse(timeline.to);
  const midnights = localMidnights(start, zone, 7).filter((midnight) => midnight <= end);
  const periods = timeline.periods.map((period) => ({
    ...period,
    from: Date.parse(period.from),
    to: Date.parse(period.to),
  }));
  // Planned: from now on. What already happened shows as the operations the audit trail recorded.
  const changes = timeline.changes
    .map((change) => ({ ...change, instant: Date.parse(change.at) }))
    .filter((change) => change.instant >= now);
  const operations = audit
    .filter((entry) => OPERATIONS.has(entry.action ?? ''))
    .map((entry) => ({
      at: Date.parse(entry.at ?? ''),
      action: entry.action ?? '',
      result: entry.result ?? '',
    }))
    .filter((operation) => operation.at >= start && operation.at < end);
  const upHours = (from: number, to: number) =>
    periods
      .filter((period) => period.state === 'up')
      .reduce((sum, period) => sum + Math.max(0, Math.min(period.to, to) - Math.max(period.from, from)), 0) /
    3_600_000;
  const totalHours = (end - start) / 3_600_000;
  const up = upHours(start, end);
  const underWay = timeline.operation;
  return (
    <figure class="timeline" data-testid="timeline">
      <figcaption>
        Up {up.toFixed(0)} h, down (saved) {(totalHours - up).toFixed(0)} h of {totalHours.toFixed(0)} h, in{' '}
        {zone}: the schedule, holidays, the override and the planned start, as the app will act.{' '}
        <span class="legend">
          <span class="key key-up" aria-hidden="true" /> up <span class="key key-down" aria-hidden="true" />{' '}
          down <span class="key key-override" aria-hidden="true" /> override ▲ planned change ● done
        </span>
      </figcaption>
      {underWay ? (
        <p class="underway" data-testid="timeline-operation">
          {underWay.action === 'stop' ? 'Stopping' : 'Starting'} since{' '}
          {clockIn(Date.parse(underWay.since), zone)} ({zone})
        </p>
      ) : null}
      <ol class="days">
        {midnights.slice(0, -1).map((dayStart, index) => {
          const dayEnd = midnights[index + 1] as number;
          const holiday = periods.find(
            (period) => period.cause === 'holiday' && period.from < dayEnd && period.to > dayStart,
          );
          const nowPlace =
            now >= dayStart && now < dayEnd ? ((now - dayStart) / (dayEnd - dayStart)) * 100 : undefined;
          return (
            <li class="day">
              <span class="day-label">
                {dayIn(dayStart, zone, false)}
                {holiday ? <span class="holiday"> holiday</span> : null}
              </span>
              <span class="visually-hidden">{`up ${upHours(dayStart, dayEnd).toFixed(1)} hours`}</span>
              <div class="bar" aria-hidden="true">
                {periods.map((period) => {
                  const placed = place(period, dayStart, dayEnd);
                  if (!placed) return null;
                  return (
                    <>
                      <span
                        class={`${period.state === 'up' ? 'up' : 'down'} cause-${period.cause}`}
                        style={placed}
                        title={`${period.state} ${clockIn(period.from, zone)}–${clockIn(period.to, zone)}: ${causeWords(period)}`}
                      />
                      {period.cause === 'override' ? <span class="override" style={placed} /> : null}
                    </>
                  );
                })}
                {changes
                  .filter((change) => change.instant >= dayStart && change.instant < dayEnd)
                  .map((change) => (
                    <span
                      class={`planned planned-${change.action}`}
                      style={{ left: `${((change.instant - dayStart) / (dayEnd - dayStart)) * 100}%` }}
                      title={changeWords(change, zone, periods)}
                    >
                      ▲
                    </span>
                  ))}
                {operations
                  .filter((operation) => operation.at >= dayStart && operation.at < dayEnd)
                  .map((operation) => (
                    <span
                      class="done"
                      style={{ left: `${((operation.at - dayStart) / (dayEnd - dayStart)) * 100}%` }}
                      title={`${operation.action}: ${localTimesIn(operation.result, zone)}`}
                    >
                      ●
                    </span>
                  ))}
                {nowPlace !== undefined ? <span class="now" style={{ left: `${nowPlace}%` }} /> : null}
              </div>
            </li>
          );
        })}
      </ol>
      <ul class="visually-hidden" data-testid="timeline-words">
        {periods
          .filter((period) => period.to > now)
          .map((period) => (
            <li>{`${period.state} from ${whenIn(Math.max(period.from, start), zone, { zoneName: false })} to ${whenIn(period.to, zone, { zoneName: false })}: ${causeWords(period)}`}</li>
          ))}
        {changes.map((change) => (
          <li>{changeWords(change, zone, periods)}</li>
        ))}
        {operations.map((operation) => (
          <li>{`${operation.action} at ${whenIn(operation.at, zone, { zoneName: false })}: ${localTimesIn(operation.result, zone)}`}</li>
        ))}
      </ul>
    </figure>
  );
}
