import type { Target } from './apiTypes.js';

/** The viewer's own zone, from the browser. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `Mon 27 Nov 08:00` in `zone`, the same in every browser language. */
export function timeIn(iso: string | undefined, zone: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone ?? 'UTC',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
    const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
    return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
  } catch {
    return date.toISOString();
  }
}

/** Hours and minutes from `now` to `iso`, as "in 3 h 20 min". */
export function fromNow(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const abs = Math.abs(minutes);
  const text = abs >= 60 ? `${Math.floor(abs / 60)} h ${abs % 60} min` : `${abs} min`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

/** Why the target is where it is, in words a person reads at a glance. */
export function plainReason(target: Target): string {
  if (target.enabled === false) return 'Disabled: the app leaves it alone';
  if (target.problems.length > 0) return 'Held: its rows have problems (see below)';
  if (target.override) {
    const who = target.override.createdBy ? ` by ${target.override.createdBy}` : '';
    return `${overrideLabel(target.override.kind)}${who}`;
  }
  if (!target.desired) return 'Not decided yet: waiting for the next tick';
  const reason = target.lastReason ? ` (${target.lastReason})` : '';
  return target.desired === 'running'
    ? `Up by schedule ${target.schedule ?? ''}${reason}`
    : `Down by schedule ${target.schedule ?? ''}${reason}`;
}

export function overrideLabel(kind: string): string {
  switch (kind) {
    case 'keep-running':
      return 'Kept running';
    case 'keep-stopped':
      return 'Kept stopped';
    case 'skip-next-stop':
      return 'Tonight’s stop skipped';
    case 'skip-next-start':
      return 'Next start skipped';
    default:
      return kind;
  }
}

/** One word for the observed state, and whether it is up. */
export function stateLabel(state: string | undefined): string {
  return state ?? 'unknown';
}

/** Text such as `stop at 2026-11-26T20:00:00.000Z` with each UTC time written in `zone` (`stop at Thu 26 Nov 20:00`). */
export function localTimesIn(action: string, zone: string): string {
  return action.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, (iso) => timeIn(iso, zone));
}
