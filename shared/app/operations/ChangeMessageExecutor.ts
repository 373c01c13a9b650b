import pLimit, { type LimitFunction } from 'p-limit';
import type { ActionQueue } from './ActionQueue.js';
import type { ChangeRequest } from './ChangeRequest.js';
import type { ExecuteResult } from './ChangeExecutor.js';
import { ChangesFailedError } from './ChangesFailedError.js';

/**
 * How long a change that failed beside others of its message waits before it is tried again: the
 * queue's visibility timeout (host.json `visibilityTimeout`), as if its message had been delivered again.
 */
export const FAILED_CHANGE_RETRY_MS = 30_000;

/**
 * Changes one instance carries out at once, over all its messages: as many as messages of one change
 * each allowed (host.json: a batch of 16, the next fetched at 8 left). The write budget's estimate
 * (`WriteGate`) counts on another instance's writes under way being few (docs/architecture.md, The
 * queue's messages).
 */
export const CHANGES_AT_ONCE = 24;

/** What became of one change of a message: its result, or the failure with which it went back on the queue. */
export type ChangeOutcome =
  { request: ChangeRequest; result: ExecuteResult } | { request: ChangeRequest; error: unknown };

export interface ChangeMessageExecutorDependencies {
  executor: { execute(request: ChangeRequest): Promise<ExecuteResult> };
  /** Where the changes that failed beside others go again. Without it the whole message is delivered again. */
  queue?: ActionQueue;
  /** Changes carried out at once by this instance (`CHANGES_AT_ONCE`). */
  changesAtOnce?: number;
}

/**
 * Carries out the changes of one queue message (`ChangeMessage`); one per instance, shared by its
 * invocations, so that an instance carries out at most `CHANGES_AT_ONCE` changes at a time.
 */
export class ChangeMessageExecutor {
  private readonly slots: LimitFunction;

  constructor(private readonly deps: ChangeMessageExecutorDependencies) {
    this.slots = pLimit(deps.changesAtOnce ?? CHANGES_AT_ONCE);
  }

  /**
   * Every change of the message, as soon as a slot is free: they are due in the same second. A
   * change that throws (a transient Azure or Storage failure) is tried again without holding back
   * the others: when some changes failed, those alone go back on the queue, in one message, after the
   * visibility timeout; when all failed, this throws (a message of one change: its own error), so the
   * host delivers the message again and counts the delivery towards poison. Each round leaves fewer
   * changes, so a change that keeps failing ends in the poison queue, alone or with others that did.
   * Delivering a change again never begins a second operation (`ChangeExecutor`).
   */
  async execute(requests: readonly ChangeRequest[]): Promise<ChangeOutcome[]> {
    const settled = await Promise.allSettled(
      requests.map((request) => this.slots(() => this.deps.executor.execute(request))),
    );
    const failed = requests.filter((_, index) => settled[index]?.status === 'rejected');
    const errors = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    const handBack = failed.length > 0 && failed.length < requests.length && this.deps.queue !== undefined;
    if (failed.length > 0 && !handBack) {
      if (requests.length === 1) throw errors[0];
      throw new ChangesFailedError(
        `${failed.length} of ${requests.length} change(s) failed (${failed.map((request) => request.targetName).join(', ')}); the message will be delivered again`,
        { cause: errors.length === 1 ? errors[0] : new AggregateError(errors) },
      );
    }
    if (handBack) await this.deps.queue?.enqueue(failed, () => FAILED_CHANGE_RETRY_MS);
    return requests.map((request, index) => {
      const outcome = settled[index] as PromiseSettledResult<ExecuteResult>;
      return outcome.status === 'fulfilled'
        ? { request, result: outcome.value }
        : { request, error: outcome.reason };
    });
  }
}
