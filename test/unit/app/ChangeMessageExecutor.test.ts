import { describe, expect, it, vi } from 'vitest';
import type { ActionQueue } from '../../../shared/app/operations/ActionQueue.js';
import { changeMessageOf, changesIn } from '../../../shared/app/operations/ChangeMessage.js';
import type { ChangeRequest } from '../../../shared/app/operations/ChangeRequest.js';
import { ChangesFailedError } from '../../../shared/app/operations/ChangesFailedError.js';
import {
  ChangeMessageExecutor,
  CHANGES_AT_ONCE,
  FAILED_CHANGE_RETRY_MS,
} from '../../../shared/app/operations/ChangeMessageExecutor.js';
import { TransientAzureError } from '../../../shared/app/operations/TransientAzureError.js';

const change = (targetName: string): ChangeRequest => ({
  targetName,
  resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/${targetName}`,
  action: 'stop',
  transitionKey: `${targetName}|stop|2026-11-26T19:00:00.000Z`,
  reason: 'schedule',
  actor: 'schedule',
  requestedAt: 0,
});

/** An executor for which the named targets fail (a 503 past the SDK's retries). */
function executorFailing(...failing: string[]) {
  return {
    execute: vi.fn(async (request: ChangeRequest) => {
      if (failing.includes(request.targetName))
        throw new TransientAzureError(`503 for ${request.targetName}`);
      return { result: 'begun' as const, message: 'begun' };
    }),
  };
}

const recordingQueue = () => ({ enqueue: vi.fn<ActionQueue['enqueue']>(async () => undefined) });

describe('ChangeMessageExecutor', () => {
  it('carries out every change of a message and hands nothing back when all succeed', async () => {
    const executor = executorFailing();
    const queue = recordingQueue();
    const outcomes = await new ChangeMessageExecutor({ executor, queue }).execute([
      change('a'),
      change('b'),
      change('c'),
    ]);
    expect(outcomes.map((outcome) => 'result' in outcome && outcome.result.result)).toEqual([
      'begun',
      'begun',
      'begun',
    ]);
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('hands the failed changes back alone, after the visibility timeout, and does not throw', async () => {
    const queue = recordingQueue();
    const outcomes = await new ChangeMessageExecutor({
      executor: executorFailing('b', 'c'),
      queue,
    }).execute([change('a'), change('b'), change('c')]);
    expect(outcomes.map((outcome) => ('error' in outcome ? 'failed' : 'begun'))).toEqual([
      'begun',
      'failed',
      'failed',
    ]);
    const [handedBack, delayOf] = queue.enqueue.mock.calls[0] ?? [];
    expect(handedBack?.map((request) => request.targetName)).toEqual(['b', 'c']);
    expect(delayOf?.(0)).toBe(FAILED_CHANGE_RETRY_MS);
  });

  it('throws when every change failed, keeping each failure, so the host delivers the message again', async () => {
    const queue = recordingQueue();
    const failure = new ChangeMessageExecutor({
      executor: executorFailing('a', 'b'),
      queue,
    }).execute([change('a'), change('b')]);
    await expect(failure).rejects.toBeInstanceOf(ChangesFailedError);
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('2 of 2 change(s) failed (a, b)'),
      cause: { errors: [expect.any(TransientAzureError), expect.any(TransientAzureError)] },
    });
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it("a message of one change throws that change's own error", async () => {
    await expect(
      new ChangeMessageExecutor({ executor: executorFailing('a') }).execute([change('a')]),
    ).rejects.toBeInstanceOf(TransientAzureError);
  });

  it('without a queue to hand back to, a partial failure throws: the whole message is delivered again', async () => {
    await expect(
      new ChangeMessageExecutor({ executor: executorFailing('a') }).execute([change('a'), change('b')]),
    ).rejects.toBeInstanceOf(ChangesFailedError);
  });
});

describe('ChangeMessageExecutor, its instance-wide limit', () => {
  it('carries out at most CHANGES_AT_ONCE changes at a time over all the messages it is given, as single-change messages allowed', async () => {
    let running = 0;
    let most = 0;
    const executor = {
      execute: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return { result: 'begun' as const, message: 'begun' };
      },
    };
    const messages = new ChangeMessageExecutor({ executor });
    const batches = Array.from({ length: 6 }, (_, message) =>
      Array.from({ length: 16 }, (_, index) => change(`m${message}-${index}`)),
    );
    const outcomes = await Promise.all(batches.map((batch) => messages.execute(batch)));
    expect(outcomes.flat()).toHaveLength(96);
    expect(most).toBe(CHANGES_AT_ONCE);
  });
});

describe('ChangeMessage', () => {
  it('writes one change as the change itself (as every message was before) and several as a list, and reads both', () => {
    expect(changeMessageOf([change('a')])).toEqual(change('a'));
    expect(changeMessageOf([change('a'), change('b')])).toEqual({ changes: [change('a'), change('b')] });
    expect(changesIn(changeMessageOf([change('a')]))).toEqual({ changes: [change('a')], unreadable: [] });
    expect(changesIn(changeMessageOf([change('a'), change('b')]))).toEqual({
      changes: [change('a'), change('b')],
      unreadable: [],
    });
  });

  it('reads each change on its own: a broken one is named with its place and problems, the others are kept', () => {
    const { changes, unreadable } = changesIn({
      changes: [change('a'), { targetName: 'b', action: 'explode' }, 42],
    });
    expect(changes).toEqual([change('a')]);
    expect(unreadable).toEqual([
      { index: 1, targetName: 'b', problems: expect.stringMatching(/^resourceId: .*action: /) },
      { index: 2, problems: expect.stringMatching(/^\(message\): /) },
    ]);
    expect(changesIn({ changes: [] }).unreadable).toEqual([
      { index: 0, problems: 'changes: the list is empty' },
    ]);
    expect(changesIn('not json').unreadable).toHaveLength(1);
  });
});
