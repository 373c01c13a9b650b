import type { ComputeFootprint } from './ComputeFootprint.js';

/**
 * One event of a target's history, from the audit trail: a stop the app began (with what it was
 * about to stop), a stop that ended in Azure as succeeded, and a start the app began.
 */
export type PowerEvent =
  | { at: number; kind: 'stop-begun'; footprint?: ComputeFootprint }
  | { at: number; kind: 'stopped' }
  | { at: number; kind: 'start-begun' };

/** A time the target was stopped (deallocated), within the period asked for. */
export interface StoppedPeriod {
  from: number;
  to: number;
  /** What was stopped, as observed before the stop; absent when it was not observed. */
  footprint?: ComputeFootprint;
  /** Still stopped at the end of the period (or now). */
  ongoing: boolean;
}

/**
 * The times a target was stopped, from the operations that happened: from the moment Azure said
 * its stop succeeded to the moment the app began the next start (a VM is billed again from
 * `Starting`, Microsoft's VM states and billing). Clipped to [from, to), and never past `now`.
 */
export function stoppedPeriods(
  events: readonly PowerEvent[],
  range: { from: number; to: number; now: number },
): StoppedPeriod[] {
  const end = Math.min(range.to, range.now);
  const periods: StoppedPeriod[] = [];
  let footprint: ComputeFootprint | undefined;
  let stoppedAt: { at: number; footprint: ComputeFootprint | undefined } | undefined;
  const close = (at: number, ongoing: boolean) => {
    if (!stoppedAt) return;
    const from = Math.max(stoppedAt.at, range.from);
    const to = Math.min(at, end);
    if (to > from)
      periods.push({ from, to, ...(stoppedAt.footprint ? { footprint: stoppedAt.footprint } : {}), ongoing });
    stoppedAt = undefined;
  };
  for (const event of [...events].sort((a, b) => a.at - b.at)) {
    if (event.at >= end) break;
    if (event.kind === 'stop-begun') {
      // A new stop while one is counted means the target ran again without the app starting it
      // (started by hand): the count ends here, at the latest it can have.
      close(event.at, false);
      footprint = event.footprint ?? footprint;
    } else if (event.kind === 'stopped') {
      stoppedAt ??= { at: event.at, footprint };
    } else {
      close(event.at, false);
    }
  }
  close(end, true);
  return periods;
}
