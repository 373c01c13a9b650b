import { asciiFold } from './asciiFold.js';
import type { ComputeFootprint } from './ComputeFootprint.js';
import { MINUTE_MS } from './time.js';

/**
 * One start of a target: how long it took from begun (Azure accepted it) to the tick that saw it
 * Succeeded. A start that failed or timed out is `atLeast`: it had not finished after `ms`, so it
 * takes at least that long (a right-censored sample, docs/decisions.md, Ready by).
 */
export interface StartSample {
  ms: number;
  atLeast?: true;
}

/** What a target's learned start lead is computed from; kept in its State row. */
export interface StartHistory {
  /** The last starts, oldest first, at most `START_HISTORY_SIZE`. */
  samples: readonly StartSample[];
  /** Added to the lead after a morning it was late for; halved after each morning it was ready for. */
  marginMs: number;
  /** The VM sizes and node count the samples were measured on: a resize forgets them (`withShape`). */
  shape?: string;
}

export const NO_START_HISTORY: StartHistory = Object.freeze({ samples: Object.freeze([]), marginMs: 0 });
/** How many starts are remembered per target. */
export const START_HISTORY_SIZE = 20;
/** The margin never grows past an hour (the longest lead by default). */
export const MAX_START_MARGIN_MS = 60 * MINUTE_MS;

/** How a followed start ended, as the reconcile tick learns it. */
export interface StartOutcome {
  elapsedMs: number;
  /** Succeeded; false: failed or timed out, so `elapsedMs` is only a lower bound. */
  completed: boolean;
  /** For a start begun ahead of an up time: how long after it the start was seen done (≤ 0: ready in time). */
  lateByMs?: number;
}

/**
 * What a start ending at `seenAt` tells about the morning: a start begun before the up time it was
 * begun ahead for (`startedAheadFor`) was late if it was seen done after it. Other starts (by
 * hand, or begun at the up time) say nothing about the lead, and leave the margin as it is.
 */
export function startOutcomeOf(ended: {
  begunAt: number;
  seenAt: number;
  completed: boolean;
  startedAheadFor: number | undefined;
}): StartOutcome {
  const outcome: StartOutcome = { elapsedMs: ended.seenAt - ended.begunAt, completed: ended.completed };
  const aheadFor = ended.startedAheadFor;
  if (ended.completed && aheadFor !== undefined && ended.begunAt < aheadFor)
    outcome.lateByMs = ended.seenAt - aheadFor;
  return outcome;
}

/**
 * The history with one more start: the sample (censored when it did not complete), and the margin
 * grown by how late a start begun ahead was (whole minutes), or halved when it was in time.
 */
export function recordStart(history: StartHistory, outcome: StartOutcome): StartHistory {
  if (!Number.isFinite(outcome.elapsedMs) || outcome.elapsedMs < 0) return history;
  const sample: StartSample = outcome.completed
    ? { ms: outcome.elapsedMs }
    : { ms: outcome.elapsedMs, atLeast: true };
  const samples = [...history.samples, sample].slice(-START_HISTORY_SIZE);
  const late = outcome.lateByMs;
  const marginMs =
    late === undefined
      ? history.marginMs
      : late > 0
        ? Math.min(MAX_START_MARGIN_MS, Math.ceil((history.marginMs + late) / MINUTE_MS) * MINUTE_MS)
        : Math.floor(history.marginMs / 2 / MINUTE_MS) * MINUTE_MS;
  return withFields(samples, marginMs, history.shape);
}

/**
 * The history for a target now of `shape`: the same while the shape is unknown or unchanged, and
 * forgotten (samples and margin) when the target was resized, as its starts then take another time.
 */
export function withShape(history: StartHistory, shape: string | undefined): StartHistory {
  if (shape === undefined || shape === history.shape) return history;
  // A history from before shapes were kept is adopted, not forgotten.
  if (history.shape === undefined) return withFields(history.samples, history.marginMs, shape);
  return withFields([], 0, shape);
}

/**
 * A target's shape for its start history: its VM sizes with their node counts (`countsNodes`), or
 * the VM sizes only, where the count moves by itself (an autoscaled pool). Undefined without a
 * footprint (a stopped scale set has none).
 */
export function startShapeOf(
  footprint: ComputeFootprint | undefined,
  countsNodes: boolean,
): string | undefined {
  const groups = footprint?.nodes.filter((group) => group.count > 0) ?? [];
  if (groups.length === 0) return undefined;
  const sizes = new Map<string, number>();
  for (const group of groups) {
    const size = asciiFold(group.vmSize);
    sizes.set(size, (sizes.get(size) ?? 0) + group.count);
  }
  return [...sizes]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([size, count]) => (countsNodes ? `${size}x${count}` : size))
    .join('+');
}

function withFields(
  samples: readonly StartSample[],
  marginMs: number,
  shape: string | undefined,
): StartHistory {
  const history: StartHistory = { samples, marginMs };
  if (shape !== undefined) history.shape = shape;
  return history;
}
