import { forPeople } from '../shared/domain/forPeople.js';
import { skipWords, withZone } from '../shared/domain/actionWords.js';
import { whenIn } from '../shared/domain/whenIn.js';
import type { Target } from './apiTypes.js';

/** The viewer's own zone, from the browser. */
export const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * `Mon 27 Nov 08:00` in `zone`, the same in every browser language: whenIn, the one formatter the
 * notices and the CLI use too, without the zone's name (for a cell whose column or line names it).
 */
export function timeIn(iso: string | undefined, zone: string | undefined): string {
  if (!iso) return '';
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  return whenIn(instant, zone ?? 'UTC', { zoneName: false });
}

/** `Mon 27 Nov 08:00 Europe/Berlin`: the time with its zone named. */
export function when(iso: string | undefined, zone: string | undefined): string {
  if (!iso) return '';
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? iso : whenIn(instant, zone ?? 'UTC');
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
  const reason = target.lastReason ? ` (${localTimesIn(target.lastReason, target.zone ?? 'UTC')})` : '';
  return target.desired === 'running'
    ? `Up by schedule ${target.schedule ?? ''}${reason}`
    : `Down by schedule ${target.schedule ?? ''}${reason}`;
}

/** An override's kind as people say it; a skip names no day, since the override says when. */
export function overrideLabel(kind: string): string {
  switch (kind) {
    case 'keep-running':
      return 'Kept running';
    case 'keep-stopped':
      return 'Kept stopped';
    case 'skip-next-stop':
      return 'A stop skipped';
    case 'skip-next-start':
      return 'A start skipped';
    default:
      return forPeople(kind, 'UTC');
  }
}

/**
 * The override in one line, in `zone`: `Kept running until Sat 5 Dec 22:00 Europe/Berlin`; a skip
 * in the words of its button (`skip Monday’s 20:00 stop: up until Tuesday 08:00, 12 h longer`).
 */
export function overrideSentence(
  override: NonNullable<Target['override']>,
  zone: string,
  now: number,
): string {
  const from = Date.parse(override.from);
  const until = Date.parse(override.until);
  if ((override.kind === 'skip-next-stop' || override.kind === 'skip-next-start') && from > now)
    return capitalise(withZone(skipWords(override.kind, from, until, now, zone).sentence, zone));
  return `${overrideLabel(override.kind)} until ${whenIn(until, zone)}`;
}

/**
 * Text the app recorded (`stop at 2026-11-26T20:00:00.000Z`, `keep-running from …`) in people's
 * words: each instant in `zone`, named (`stop at Thu 26 Nov 20:00 Europe/London`); forPeople.
 */
export function localTimesIn(action: string, zone: string): string {
  return forPeople(action, zone);
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
