import type { ChangeRequest } from '../ChangeRequest.js';

/** Where the reconcile timer hands changes to the `execute` function: the `offhours-actions` queue. */
export interface ActionQueue {
  /**
   * Sends one message per request. `delaysMs[i]` keeps request `i` invisible to `execute` for that
   * long (the write plan of `WritePacer`); without it every message is visible at once.
   */
  enqueue(requests: readonly ChangeRequest[], delaysMs?: readonly number[]): Promise<void>;
}

export const ACTION_QUEUE_NAME = 'offhours-actions';
