import type { ChangeRequest } from '../ChangeRequest.js';

/** Where the reconcile timer hands changes to the `execute` function: the `offhours-actions` queue. */
export interface ActionQueue {
  enqueue(requests: readonly ChangeRequest[]): Promise<void>;
}

export const ACTION_QUEUE_NAME = 'offhours-actions';
