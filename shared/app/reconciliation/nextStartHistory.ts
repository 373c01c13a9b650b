import type { TargetKind } from '../../domain/PowerState.js';
import {
  NO_START_HISTORY,
  recordStart,
  startOutcomeOf,
  startShapeOf,
  withShape,
  type StartHistory,
} from '../../domain/StartHistory.js';
import type { ObservedResource } from '../operations/PowerControl.js';

/** A start the follower saw end this tick (OperationFollower's `endedStart`). */
export interface EndedStart {
  begunAt: number;
  completed: boolean;
}

/**
 * A target's start history after this tick (docs/decisions.md, Ready by): forgotten when the
 * target, seen running, has another shape than its starts were measured on (a resize), then with
 * the start that ended this tick, if any. The same object when nothing changed.
 */
export function nextStartHistory(input: {
  remembered: StartHistory | undefined;
  kind: TargetKind;
  observation: ObservedResource | undefined;
  ended: EndedStart | undefined;
  startedAheadFor: number | undefined;
  now: number;
}): StartHistory {
  const { observation, ended } = input;
  // Only a running target shows its whole shape: a stopped or half-started scale set bills fewer
  // instances. A cluster has none of its own: its footprint leaves out pools stopped on their own
  // schedules, and their autoscalers move it, so comparing it would forget the history every day.
  const shape =
    observation?.state === 'running' && input.kind !== 'cluster'
      ? startShapeOf(observation.footprint, !observation.scale?.enableAutoScaling)
      : undefined;
  const resized = withShape(input.remembered ?? NO_START_HISTORY, shape);
  if (!ended) return resized;
  return recordStart(
    resized,
    startOutcomeOf({
      begunAt: ended.begunAt,
      seenAt: input.now,
      completed: ended.completed,
      startedAheadFor: input.startedAheadFor,
    }),
  );
}
