import type { ChangeRequest } from './ChangeRequest.js';

/** Where the reconcile timer hands changes to the `execute` function: the `offhours-actions` queue. */
export interface ActionQueue {
  /**
   * Sends the requests; those due in the same second may share a message (`ChangeMessage`).
   * `delayOf(i)`, asked again right before request `i` is sent, keeps it invisible to `execute` for at
   * least that long (the write plan of `WritePacer`, counted from the plan's instant rather than from
   * each send: docs/architecture.md, Throttling); without it every request is visible at once.
   */
  enqueue(requests: readonly ChangeRequest[], delayOf?: DelayOf): Promise<void>;
}

/** How long (ms from now) request `index` is to stay invisible; 0 or less: visible at once. Asked more than once. */
export type DelayOf = (index: number) => number;

export const ACTION_QUEUE_NAME = 'offhours-actions';
