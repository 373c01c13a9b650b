import { DateTime } from 'luxon';
import { whenIn } from '../shared/domain/whenIn.js';
import type { Target } from './apiTypes.js';
import { overrideLabel, viewerZone } from './format.js';

const HOUR_MS = 3_600_000;
/** The evening hour "until 22:00" means, in the schedule's zone. */
const EVENING = 22;

/** `2026-11-27T18:00` in the browser's zone, as a datetime-local input holds it. */
export function localInputValue(instant: number): string {
  const date = new Date(instant - new Date(instant).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** The choices the field offers and what it proposes, from what will really happen (the timeline). */
export interface KeepRunningChoices {
  proposed: number;
  choices: { label: string; until: number }[];
}

/**
 * Where keeping it running starts from: the end of the up period it is in now (its next stop), or
 * now when it is down; and the next up time after that.
 */
function baseAndNextStart(target: Target, now: number): { base: number; start?: number } {
  const periods = (target.timeline?.periods ?? []).map((period) => ({
    up: period.state === 'up',
    from: Date.parse(period.from),
    to: Date.parse(period.to),
  }));
  const current = periods.find((period) => period.from <= now && period.to > now);
  const base = current?.up ? current.to : now;
  const start = periods.find((period) => period.up && period.from > base)?.from;
  return start !== undefined ? { base, start } : { base };
}

/** 22:00 in `zone` at or after `after`. */
function eveningAfter(after: number, zone: string): number {
  const local = DateTime.fromMillis(after, { zone }).set({
    hour: EVENING,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
  return local.toMillis() > after ? local.toMillis() : local.plus({ days: 1 }).toMillis();
}

/**
 * From the schedule, not from now (issue 24, item 3): the next stop plus 2 h (now plus 2 h when it
 * is down), or 22:00 in the schedule's zone if later; and the quick choices +1 h and +2 h after the
 * next stop, until 22:00, and until the next up time (through the night).
 */
export function keepRunningChoices(target: Target, now: number): KeepRunningChoices {
  const zone = target.zone ?? 'UTC';
  const { base, start } = baseAndNextStart(target, now);
  const evening = eveningAfter(now, zone);
  const choices = [
    { label: '+1 h', until: base + HOUR_MS },
    { label: '+2 h', until: base + 2 * HOUR_MS },
    { label: `until ${EVENING}:00`, until: evening },
    ...(start !== undefined ? [{ label: 'until the next up time', until: start }] : []),
  ];
  return { proposed: Math.max(base + 2 * HOUR_MS, evening), choices };
}

/**
 * Why a chosen time may not be what the person wants: it changes nothing (the schedule keeps the
 * target up until then anyway), it ends the current keep-running earlier, or it has passed. The
 * preview API's own warnings, when the page has them, are shown instead.
 */
export function keepRunningWarnings(target: Target, until: number, now: number): string[] {
  const zone = target.zone ?? 'UTC';
  if (Number.isNaN(until)) return ['Give a date and time.'];
  if (until <= now) return ['That time has passed: choose a later one.'];
  const warnings: string[] = [];
  const upUntil = (target.timeline?.periods ?? [])
    .map((period) => ({ ...period, from: Date.parse(period.from), to: Date.parse(period.to) }))
    .find(
      (period) =>
        period.from <= now && period.to > now && period.state === 'up' && period.cause !== 'override',
    )?.to;
  if (upUntil !== undefined && until <= upUntil)
    warnings.push(`This changes nothing: ${target.name} is to be up until ${whenIn(upUntil, zone)} anyway.`);
  const current = target.override;
  if (current && current.effect === 'running' && until < Date.parse(current.until))
    warnings.push(
      `This shortens the current override (${overrideLabel(current.kind).toLowerCase()} until ${whenIn(Date.parse(current.until), zone)}).`,
    );
  return warnings;
}

/** The "Keep running until" field: its quick choices, the time in the schedule's zone, and warnings. */
export function KeepRunningUntil({
  target,
  value,
  onChange,
  warnings,
  choices: given,
}: {
  target: Target;
  value: string;
  onChange: (value: string) => void;
  /** The preview API's quick choices (the one source, GET …/preview); until it answers, computed here. */
  choices?: { label: string; until: number }[] | undefined;
  /** The preview API's warnings for this choice, when the page has asked it; otherwise computed here. */
  warnings?: string[] | undefined;
}) {
  const now = Date.now();
  const choices = given ?? keepRunningChoices(target, now).choices;
  const until = value ? new Date(value).getTime() : Number.NaN;
  const shown = warnings ?? keepRunningWarnings(target, until, now);
  const zone = target.zone ?? 'UTC';
  return (
    <div class="keep-until" data-testid="keep-until">
      <label>
        Until (your time, {viewerZone()})
        <input type="datetime-local" value={value} onInput={(event) => onChange(event.currentTarget.value)} />
      </label>
      <div class="buttons" role="group" aria-label="Quick choices">
        {choices.map((choice) => (
          <button
            type="button"
            class="chip"
            aria-pressed={localInputValue(choice.until) === value}
            onClick={() => onChange(localInputValue(choice.until))}
          >
            {`${choice.label} (${whenIn(choice.until, zone, { zoneName: false })})`}
          </button>
        ))}
      </div>
      {!Number.isNaN(until) ? (
        <p class="sub" data-testid="keep-until-local">
          That is {whenIn(until, zone)}.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <ul class="warning" data-testid="keep-until-warnings">
          {shown.map((warning) => (
            <li>{warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
