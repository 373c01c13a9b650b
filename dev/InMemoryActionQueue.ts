import type { ChangeRequest } from '../shared/app/operations/ChangeRequest.js';
import type { ActionQueue } from '../shared/app/operations/ActionQueue.js';

/** A queue in memory for the time-lapse demo, where the clock is simulated and no host delivers messages. */
export class InMemoryActionQueue implements ActionQueue {
  private readonly messages: ChangeRequest[] = [];

  async enqueue(requests: readonly ChangeRequest[]): Promise<void> {
    this.messages.push(...structuredClone([...requests]));
  }

  /** Takes every waiting message, oldest first. */
  takeAll(): ChangeRequest[] {
    return this.messages.splice(0, this.messages.length);
  }
}
