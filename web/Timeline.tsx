import type { AuditEntry, Preview, Target } from './apiTypes.js';
import { overrideLabel, timeIn } from './format.js';

const DAY_MS = 86_400_000;

interface Span {
  from: number;
  to: number;
}

/** Where [from, to) falls in the day [dayStart, dayStart + 1 day), in percent; undefined when outside. */
function place(span: Span, dayStart: number): { left: string; width: string } | undefined {
  const from = Math.max(span.from, dayStart);
  const to = Math.min(span.to, dayStart + DAY_MS);
  if (to <= from) return undefined;
  return {
    left: `${((from - dayStart) / DAY_MS) * 100}%`,
    width: `${((to - from) / DAY_MS) * 100}%`,
  };
}

const OPERATIONS = new Set(['start', 'stop']);

/** `2026-11-27`: the date in `zone` an hour after `instant` (a local midnight). */
function localDate(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant + 3_600_000));
}

/**
 * The schedule over the preview's days, one row a day in the schedule's zone: up windows, holidays,
 * the override, the planned changes (window edges) and the operations the audit trail recorded.
 */
export function Timeline({
  preview,
  target,
  audit,
  now,
}: {
  preview: Preview;
  target: Target;
  audit: AuditEntry[];
  now: number;
}) {
  const zone = preview.zone ?? target.zone ?? 'UTC';
  const start = Date.parse(preview.from ?? '');
  const end = Date.parse(preview.to ?? '');
  const days = Math.max(1, Math.round((end - start) / DAY_MS));
  const windows = (preview.windows ?? []).map((window) => ({
    up: window.state === 'up',
    from: Date.parse(window.from ?? ''),
    to: Date.parse(window.to ?? ''),
  }));
  const planned = windows
    .slice(1)
    .map((window) => ({ at: window.from, action: window.up ? 'start' : 'stop' }));
  const override = target.override
    ? { from: Date.parse(target.override.from), to: Date.parse(target.override.until) }
    : undefined;
  const operations = audit
    .filter((entry) => OPERATIONS.has(entry.action ?? ''))
    .map((entry) => ({
      at: Date.parse(entry.at ?? ''),
      action: entry.action ?? '',
      result: entry.result ?? '',
    }));
  const holidays = (preview.holidays ?? []) as { date?: string; name?: string }[];
  return (
    <figure class="timeline" data-testid="timeline">
      <figcaption>
        Up {preview.hoursUp?.toFixed(0)} h, down (saved) {preview.hoursSaved?.toFixed(0)} h of{' '}
        {preview.hoursTotal?.toFixed(0)} h, in {zone}.{' '}
        <span class="legend">
          <span class="key key-up" aria-hidden="true" /> up <span class="key key-down" aria-hidden="true" />{' '}
          down <span class="key key-override" aria-hidden="true" /> override ▲ planned change ● done
        </span>
      </figcaption>
      <ol class="days">
        {Array.from({ length: days }, (_, index) => {
          const dayStart = start + index * DAY_MS;
          const label = timeIn(new Date(dayStart).toISOString(), zone).replace(/ \d\d:\d\d$/, '');
          const holiday = holidays.find((candidate) => candidate.date === localDate(dayStart, zone));
          const upHours = windows
            .filter((window) => window.up)
            .reduce((sum, window) => {
              const placed = Math.max(
                0,
                Math.min(window.to, dayStart + DAY_MS) - Math.max(window.from, dayStart),
              );
              return sum + placed / 3_600_000;
            }, 0);
          const nowPlace =
            now >= dayStart && now < dayStart + DAY_MS ? ((now - dayStart) / DAY_MS) * 100 : undefined;
          return (
            <li class="day">
              <span class="day-label">
                {label}
                {holiday ? <span class="holiday"> {holiday.name}</span> : null}
              </span>
              <span class="visually-hidden">
                {`up ${upHours.toFixed(1)} hours`}
                {holiday ? `, holiday ${holiday.name ?? ''}` : ''}
              </span>
              <div class="bar" aria-hidden="true">
                {windows.map((window) => {
                  const placed = place(window, dayStart);
                  return placed ? <span class={window.up ? 'up' : 'down'} style={placed} /> : null;
                })}
                {override && place(override, dayStart) ? (
                  <span
                    class="override"
                    style={place(override, dayStart)}
                    title={overrideLabel(target.override?.kind ?? '')}
                  />
                ) : null}
                {planned
                  .filter((change) => change.at >= dayStart && change.at < dayStart + DAY_MS)
                  .map((change) => (
                    <span
                      class={`planned planned-${change.action}`}
                      style={{ left: `${((change.at - dayStart) / DAY_MS) * 100}%` }}
                      title={`planned ${change.action} ${timeIn(new Date(change.at).toISOString(), zone)}`}
                    >
                      ▲
                    </span>
                  ))}
                {operations
                  .filter((operation) => operation.at >= dayStart && operation.at < dayStart + DAY_MS)
                  .map((operation) => (
                    <span
                      class="done"
                      style={{ left: `${((operation.at - dayStart) / DAY_MS) * 100}%` }}
                      title={`${operation.action}: ${operation.result}`}
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
      <ul class="visually-hidden">
        {planned.map((change) => (
          <li>{`planned ${change.action} at ${timeIn(new Date(change.at).toISOString(), zone)}`}</li>
        ))}
        {operations
          .filter((operation) => operation.at >= start && operation.at < end)
          .map((operation) => (
            <li>{`${operation.action} at ${timeIn(new Date(operation.at).toISOString(), zone)}: ${operation.result}`}</li>
          ))}
      </ul>
    </figure>
  );
}
