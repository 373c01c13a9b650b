import { QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import type { ChangeRequest } from '../app/operations/ChangeRequest.js';
import type { ActionQueue, DelayOf } from '../app/operations/ActionQueue.js';
import { StorageError } from '../app/storage/StorageError.js';
import type { StorageConnection } from './StorageConnection.js';

/**
 * Messages sent at once: Storage queues have no batch send, so a transition's messages are one
 * request each, and their round trips, not their bytes, make the tick's enqueue time (BENCHMARKS.md,
 * Reconcile ticks).
 */
const CONCURRENT_SENDS = 64;

/** The Functions host's queue trigger reads messages as base64 by default (host.json `messageEncoding`). */
export function encodeQueueMessage(request: ChangeRequest): string {
  return Buffer.from(JSON.stringify(request), 'utf8').toString('base64');
}

/** `ActionQueue` on an Azure Storage queue (or Azurite). */
export class StorageActionQueue implements ActionQueue {
  /** Messages sent by this process (one request each), for benchmarks. */
  sent = 0;

  private constructor(readonly client: QueueClient) {}

  /** Opens (and creates when missing) the queue; call once, from the composition root. */
  static async open(connection: StorageConnection, queueName: string): Promise<StorageActionQueue> {
    const client =
      'connectionString' in connection
        ? new QueueClient(connection.connectionString, queueName)
        : new QueueClient(
            `${connection.queueServiceUrl.replace(/\/$/, '')}/${queueName}`,
            connection.credential,
          );
    try {
      await client.createIfNotExists();
    } catch (error) {
      throw new StorageError(`could not open queue ${queueName}: is the storage account reachable?`, {
        cause: error,
      });
    }
    return new StorageActionQueue(client);
  }

  /**
   * Sent in the given order (the plan's, earliest first); each delay is asked for right before its
   * message is sent and rounded up to whole seconds, as the queue counts them.
   */
  async enqueue(requests: readonly ChangeRequest[], delayOf: DelayOf = () => 0): Promise<void> {
    const limit = pLimit(CONCURRENT_SENDS);
    try {
      await Promise.all(
        requests.map((request, index) =>
          limit(async () => {
            const visibilityTimeout = Math.ceil(delayOf(index) / 1000);
            await this.client.sendMessage(
              encodeQueueMessage(request),
              visibilityTimeout > 0 ? { visibilityTimeout } : {},
            );
            this.sent++;
          }),
        ),
      );
    } catch (error) {
      throw new StorageError(`could not enqueue ${requests.length} change(s) on ${this.client.name}`, {
        cause: error,
      });
    }
  }
}
