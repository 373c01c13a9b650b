import { QueueClient } from '@azure/storage-queue';
import pLimit from 'p-limit';
import type { ChangeRequest } from '../app/operations/ChangeRequest.js';
import type { ActionQueue, DelayOf } from '../app/operations/ActionQueue.js';
import { changeMessageOf, type ChangeMessage } from '../app/operations/ChangeMessage.js';
import { StorageError } from '../app/storage/StorageError.js';
import type { StorageConnection } from './StorageConnection.js';
import { packQueueMessages, visibleAfterSeconds } from './packQueueMessages.js';

/**
 * Messages sent at once: Storage queues have no batch send, so each message is a request, and the
 * client's work per request, not the bytes, makes the tick's enqueue time (BENCHMARKS.md, Reconcile
 * ticks); changes due in the same second share a message (`packQueueMessages`).
 */
const CONCURRENT_SENDS = 64;

/** The Functions host's queue trigger reads messages as base64 by default (host.json `messageEncoding`). */
export function encodeQueueMessage(message: ChangeMessage): string {
  return Buffer.from(JSON.stringify(message), 'utf8').toString('base64');
}

/** `ActionQueue` on an Azure Storage queue (or Azurite). */
export class StorageActionQueue implements ActionQueue {
  /** Messages sent by this process (each a Storage request), for benchmarks. */
  sent = 0;
  /** Changes those messages carried. */
  changesSent = 0;

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
   * Sent in the given order (the plan's, earliest first), neighbours due in the same second in one
   * message. A message's delay is asked for right before it is sent, as the latest of its changes'
   * delays, rounded up to whole seconds as the queue counts them: no change is visible before its own.
   */
  async enqueue(requests: readonly ChangeRequest[], delayOf: DelayOf = () => 0): Promise<void> {
    const limit = pLimit(CONCURRENT_SENDS);
    const messages = packQueueMessages(
      requests.map((request, index) => ({
        delayMs: delayOf(index),
        jsonBytes: Buffer.byteLength(JSON.stringify(request), 'utf8'),
      })),
    );
    try {
      await Promise.all(
        messages.map((indexes) =>
          limit(async () => {
            const visibilityTimeout = visibleAfterSeconds(Math.max(...indexes.map(delayOf)));
            const changes = indexes.map((index) => requests[index] as ChangeRequest);
            await this.client.sendMessage(
              encodeQueueMessage(changeMessageOf(changes)),
              visibilityTimeout > 0 ? { visibilityTimeout } : {},
            );
            this.sent++;
            this.changesSent += changes.length;
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
