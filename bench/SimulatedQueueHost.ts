import type { ChangeRequest } from '../shared/app/operations/ChangeRequest.js';
import type { ActionQueue, DelayOf } from '../shared/app/operations/ActionQueue.js';
import type { VirtualTime } from './VirtualTime.js';

/** host.json: `visibilityTimeout` 30 s, `maxDequeueCount` 5, `maxPollingInterval` 2 s. */
const VISIBILITY_MS = 30_000;
const MAX_DEQUEUE = 5;
const MAX_POLL_MS = 2_000;

interface Message {
  request: ChangeRequest;
  visibleAt: number;
  dequeueCount: number;
}

/**
 * The `offhours-actions` queue and the Functions host that drains it, in simulated time: a message
 * is invisible for its planned delay (whole seconds, as Storage counts them); the host takes up to
 * `concurrency` visible messages at once, deletes each that `execute` handled, and leaves a failed
 * one to come back after the visibility timeout, into the poison queue after five deliveries.
 */
export class SimulatedQueueHost implements ActionQueue {
  private readonly messages = new Set<Message>();
  /** Deliveries per transition key, the most any message needed, and messages poisoned. */
  readonly deliveries = new Map<string, number>();
  poisoned = 0;
  sent = 0;

  constructor(private readonly time: VirtualTime) {}

  async enqueue(requests: readonly ChangeRequest[], delayOf: DelayOf = () => 0): Promise<void> {
    requests.forEach((request, index) => {
      const delaySeconds = Math.max(0, Math.ceil(delayOf(index) / 1000));
      this.messages.add({ request, visibleAt: this.time.now + delaySeconds * 1000, dequeueCount: 0 });
      this.sent++;
    });
  }

  get pending(): number {
    return this.messages.size;
  }

  maxDeliveries(): number {
    return Math.max(0, ...this.deliveries.values());
  }

  /** Runs the host until the queue is empty; `execute` throws to have a message delivered again. */
  async run(execute: (request: ChangeRequest) => Promise<unknown>, concurrency: number): Promise<void> {
    while (this.messages.size > 0) {
      const now = this.time.now;
      const batch: Message[] = [];
      let next = Number.POSITIVE_INFINITY;
      for (const message of this.messages) {
        if (message.visibleAt <= now) {
          if (batch.length < concurrency) batch.push(message);
        } else next = Math.min(next, message.visibleAt);
      }
      if (batch.length === 0) {
        await this.time.sleep(Math.min(MAX_POLL_MS, next - now));
        continue;
      }
      await this.time.work(() => Promise.all(batch.map((message) => this.deliver(message, execute))));
    }
  }

  private async deliver(
    message: Message,
    execute: (request: ChangeRequest) => Promise<unknown>,
  ): Promise<void> {
    message.dequeueCount++;
    message.visibleAt = this.time.now + VISIBILITY_MS;
    const key = message.request.transitionKey;
    this.deliveries.set(key, (this.deliveries.get(key) ?? 0) + 1);
    try {
      await execute(message.request);
      this.messages.delete(message);
    } catch {
      if (message.dequeueCount >= MAX_DEQUEUE) {
        this.poisoned++;
        this.messages.delete(message);
      }
    }
  }
}
