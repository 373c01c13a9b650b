import { DateTime } from 'luxon';
import { isOverrideActive, type Override } from './Override.js';
import type { Schedule } from './Schedule.js';

/** A target as the notice planner sees it: its schedule, the channels it names, what holds it up. */
export interface NoticeCandidate {
  name: string;
  resourceId: string;
  scheduleName: string;
  schedule: Schedule;
  /** Channel names from the target's Notify column, else its schedule's. */
  channels: readonly string[];
  overrides: readonly Override[];
  /** Last seen stopped (State table): nothing to warn about. */
  stopped: boolean;
}

export interface NoticeTarget {
  name: string;
  resourceId: string;
  scheduleName: string;
  /** The zone the schedule shows times in, for the message. */
  zone: string;
  /** The schedule's start after the stop: how long skipping the stop keeps the target up. */
  upUntil?: number;
}

/** One message: a channel, a stop time, the targets stopping then. */
export interface PlannedNotice {
  channel: string;
  stopAt: number;
  targets: NoticeTarget[];
}

/**
 * The stop notices due at `now` (docs/notifications.md): for each target whose schedule stops it
 * within `leadMs`, unless an override keeps it up at the stop or it is already stopped; one notice
 * per channel and stop time listing its targets. Pure, so every tick plans the same notices and the
 * Notices table's claim makes each go out once.
 */
export function planNotices(
  candidates: readonly NoticeCandidate[],
  now: number,
  leadMs: number,
): PlannedNotice[] {
  const notices = new Map<string, PlannedNotice>();
  for (const candidate of candidates) {
    if (candidate.channels.length === 0 || candidate.stopped) continue;
    const stopAt = upcomingStop(candidate.schedule, now, leadMs);
    if (stopAt === undefined) continue;
    const keptUp = candidate.overrides.some(
      (override) => override.effect === 'running' && isOverrideActive(override, stopAt),
    );
    const keptDown = candidate.overrides.some(
      (override) => override.effect === 'stopped' && isOverrideActive(override, now),
    );
    if (keptUp || keptDown) continue;
    for (const channel of new Set(candidate.channels)) {
      const key = `${channel}\n${stopAt}`;
      const notice = notices.get(key) ?? { channel, stopAt, targets: [] };
      notice.targets.push({
        name: candidate.name,
        resourceId: candidate.resourceId,
        scheduleName: candidate.scheduleName,
        zone: candidate.schedule.displayZone,
        ...optionalUpUntil(candidate.schedule.nextTransition(stopAt)),
      });
      notices.set(key, notice);
    }
  }
  return [...notices.values()]
    .map((notice) => ({ ...notice, targets: notice.targets.sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.stopAt - b.stopAt || a.channel.localeCompare(b.channel));
}

const optionalUpUntil = (upUntil: number | undefined) => (upUntil === undefined ? {} : { upUntil });

/** The schedule's next stop if it is up now and the stop comes within the lead time. */
export function upcomingStop(schedule: Schedule, now: number, leadMs: number): number | undefined {
  if (!schedule.isUp(now)) return undefined;
  const next = schedule.nextTransition(now);
  return next !== undefined && next > now && next - now <= leadMs ? next : undefined;
}

/**
 * The first `HH:MM` in `zone` after the stop, for "keep running until 22:00"; undefined when that is
 * more than 12 hours after the stop (a stop at 23:00 gets no "until 22:00" link).
 */
export function keepUntilInstant(stopAt: number, zone: string, time: string): number | undefined {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  let candidate = DateTime.fromMillis(stopAt, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= stopAt) candidate = candidate.plus({ days: 1 });
  const until = candidate.toMillis();
  return until - stopAt <= 12 * 3_600_000 ? until : undefined;
}
