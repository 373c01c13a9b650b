import { DateTime, Duration } from 'luxon';
import { OverrideRequest, REASON_LENGTH } from '../../contract/OverrideRequest.js';
import { OVERRIDE_KINDS } from '../../domain/Override.js';
import { findControlCharacter, normaliseText } from '../storage/normaliseText.js';
import { ValidationError, type FieldError } from '../problems/RequestErrors.js';

/** The longest an override may last: longer ones are forgotten and keep clusters up for weeks. */
export const MAX_OVERRIDE_DAYS = 14;

export interface ParsedOverrideRequest {
  kind: (typeof OVERRIDE_KINDS)[number];
  until?: number;
  reason?: string;
}

/**
 * The reason as the Overrides row will hold it, read back by the same rules as a row typed in the
 * portal (normalised, at most 1000 characters, no control characters such as a newline).
 */
function readReason(input: string | undefined, errors: FieldError[]): string | undefined {
  if (input === undefined) return undefined;
  const reason = normaliseText(input);
  const control = findControlCharacter(reason);
  if (control)
    errors.push({
      field: 'reason',
      value: input,
      message: `contains the control character ${control.code} at position ${control.position} (a newline or tab, for example); write the reason on one line`,
    });
  if (reason.length > REASON_LENGTH)
    errors.push({
      field: 'reason',
      value: input,
      message: `is ${reason.length} characters long; the most is ${REASON_LENGTH}`,
    });
  return reason === '' ? undefined : reason;
}

/** Reads an override request body by the contract's schema (shared/contract/OverrideRequest.ts); `until` (ISO 8601 with offset) or `duration` (ISO 8601, e.g. PT2H). */
export function parseOverrideRequest(input: unknown, now: number): ParsedOverrideRequest {
  const parsed = OverrideRequest.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue): FieldError => {
        const field = issue.path.join('.') || 'body';
        const allowed =
          issue.code === 'invalid_value' && field === 'kind'
            ? `; use one of ${OVERRIDE_KINDS.join(', ')}`
            : '';
        return {
          field,
          value:
            issue.path.length > 0
              ? (input as Record<string, unknown> | undefined)?.[String(issue.path[0])]
              : input,
          message: `${issue.message}${allowed}`,
        };
      }),
    );
  }
  const { kind, until, duration } = parsed.data;
  const errors: FieldError[] = [];
  const reason = readReason(parsed.data.reason, errors);
  if (kind.startsWith('skip-') && (until !== undefined || duration !== undefined))
    errors.push({
      field: until !== undefined ? 'until' : 'duration',
      value: until ?? duration,
      message: `${kind} has no duration: it ends by itself at the transition after the one it skips; to hold a state for a fixed time use ${kind === 'skip-next-stop' ? 'keep-running' : 'keep-stopped'} with until or duration`,
    });
  let end: number | undefined;
  if (until !== undefined && duration !== undefined)
    errors.push({ field: 'duration', value: duration, message: 'give either until or duration, not both' });
  if (until !== undefined) {
    const instant = DateTime.fromISO(until, { setZone: true });
    if (!instant.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(until))
      errors.push({
        field: 'until',
        value: until,
        message: 'must be an ISO 8601 time with an offset, e.g. 2026-11-26T22:00:00+09:00',
      });
    else end = instant.toMillis();
  }
  if (duration !== undefined) {
    const length = Duration.fromISO(duration);
    if (!length.isValid || length.as('milliseconds') <= 0)
      errors.push({
        field: 'duration',
        value: duration,
        message: 'must be a positive ISO 8601 duration, e.g. PT2H or PT30M',
      });
    else end = now + length.as('milliseconds');
  }
  if (end !== undefined && end - now > MAX_OVERRIDE_DAYS * 86_400_000)
    errors.push({
      field: until !== undefined ? 'until' : 'duration',
      value: until ?? duration,
      message: `must end within ${MAX_OVERRIDE_DAYS} days`,
    });
  if (end !== undefined && end <= now)
    errors.push({ field: 'until', value: until, message: 'must be in the future' });
  if (errors.length > 0) throw new ValidationError(errors);
  return {
    kind,
    ...(end !== undefined ? { until: end } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}
