import { DomainRuleError } from './DomainRuleError.js';
import type { Override, OverrideKind } from './Override.js';
import type { Schedule } from './Schedule.js';

export interface OverrideRequest {
  kind: OverrideKind;
  /** End of a keep-running / keep-stopped override. Skips end by themselves. */
  until?: number;
  createdBy?: string;
  reason?: string;
}

/**
 * Turns a request into a concrete window. `skip-next-stop` ("skip tonight") keeps the target up from
 * the schedule's next stop until the start that follows it; `skip-next-start` is the mirror image.
 */
export function resolveOverride(request: OverrideRequest, schedule: Schedule, now: number): Override {
  const common = { kind: request.kind, createdAt: now, ...optional(request) };
  switch (request.kind) {
    case 'keep-running':
    case 'keep-stopped': {
      if (request.until === undefined)
        throw new DomainRuleError(`${request.kind} needs an end: give "until" or "duration"`);
      if (request.until <= now) {
        throw new DomainRuleError(
          `"until" (${new Date(request.until).toISOString()}) is not in the future; give a later time`,
        );
      }
      return {
        ...common,
        effect: request.kind === 'keep-running' ? 'running' : 'stopped',
        from: now,
        until: request.until,
      };
    }
    case 'skip-next-stop':
      return { ...common, effect: 'running', ...skippedWindow(schedule, now, false) };
    case 'skip-next-start':
      return { ...common, effect: 'stopped', ...skippedWindow(schedule, now, true) };
  }
}

function optional(request: OverrideRequest): Pick<Override, 'createdBy' | 'reason'> {
  return {
    ...(request.createdBy !== undefined ? { createdBy: request.createdBy } : {}),
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
  };
}

/**
 * The next window, starting strictly after `now`, in which the schedule is `up` (skipping a start)
 * or down (skipping a stop). A transition that has already happened is not "next".
 */
function skippedWindow(schedule: Schedule, now: number, up: boolean): { from: number; until: number } {
  const next = (instant: number | undefined) =>
    instant === undefined ? undefined : schedule.nextTransition(instant);
  const firstChange = next(now);
  const from = schedule.isUp(now) === up ? next(firstChange) : firstChange;
  const until = next(from);
  if (from === undefined || until === undefined) {
    const missing = up ? 'start' : 'stop';
    throw new DomainRuleError(
      `the schedule has no ${missing} in the next two years, so there is none to skip`,
    );
  }
  return { from, until };
}
