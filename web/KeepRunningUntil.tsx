import { whenIn } from '../shared/domain/whenIn.js';
import type { Target } from './apiTypes.js';
import { viewerZone } from './format.js';

/** `2026-11-27T18:00` in the browser's zone, as a datetime-local input holds it. */
export function localInputValue(instant: number): string {
  const date = new Date(instant - new Date(instant).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/**
 * The "Keep running until" field: the preview API's quick choices (GET …/preview, worked out by the
 * rules the action follows: docs/decisions.md, "One source for an action's effect"), the chosen time
 * in the schedule's zone, and the preview's warnings for it. The page computes no choice of its own:
 * until the preview answers, the field waits (disabled) and says so.
 */
export function KeepRunningUntil({
  target,
  value,
  onChange,
  warnings,
  choices,
}: {
  target: Target;
  value: string;
  onChange: (value: string) => void;
  /** The preview's quick choices; undefined while it has not answered. */
  choices: { label: string; until: number }[] | undefined;
  /** The preview's warnings for the chosen time (it changes nothing, it shortens the override). */
  warnings: string[];
}) {
  const until = value ? new Date(value).getTime() : Number.NaN;
  const zone = target.zone ?? 'UTC';
  return (
    <div class="keep-until" data-testid="keep-until" aria-busy={choices === undefined}>
      <label>
        Until (your time, {viewerZone()})
        <input
          type="datetime-local"
          value={value}
          disabled={choices === undefined}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
      </label>
      {choices === undefined ? (
        <p class="sub" data-testid="keep-until-waiting">
          Working out the choices from the schedule…
        </p>
      ) : (
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
      )}
      {!Number.isNaN(until) ? (
        <p class="sub" data-testid="keep-until-local">
          That is {whenIn(until, zone)}.
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul class="warning" data-testid="keep-until-warnings">
          {warnings.map((warning) => (
            <li>{warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
