import { describe, expect, inject, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/app/operations/ChangeRequest.js';
import { MOST_MESSAGE_JSON_BYTES } from '../../../shared/azure/packQueueMessages.js';
import { StorageActionQueue } from '../../../shared/azure/StorageActionQueue.js';
import { changesOfMessage } from '../../helpers/changesOfMessage.js';

/** A stop whose JSON is about `bytes` long: a long reason, as a person's override may give. */
function stopOfSize(index: number, bytes: number): ChangeRequest {
  const request: ChangeRequest = {
    targetName: `pool-${index}`,
    resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/p${index}`,
    action: 'stop',
    transitionKey: `pool-${index}|stop|2026-11-26T19:00:00.000Z`,
    reason: '',
    actor: 'schedule',
    requestedAt: 0,
  };
  return { ...request, reason: 'x'.repeat(bytes - JSON.stringify(request).length) };
}

describe('StorageActionQueue on Azurite', () => {
  it('messages as full as the packing allows are taken by the queue (64 KiB once base64), and carry every change once', async () => {
    const queue = await StorageActionQueue.open(
      { connectionString: inject('storageConnectionString') },
      `q${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`,
    );
    const requests = Array.from({ length: 12 }, (_, index) => stopOfSize(index, 11_000));
    await queue.enqueue(requests);
    expect(queue.sent).toBe(3); // 4 × 11,001 bytes fit in 45,000, a fifth does not
    const texts: string[] = [];
    for (;;) {
      const { receivedMessageItems } = await queue.client.receiveMessages({ numberOfMessages: 32 });
      if (receivedMessageItems.length === 0) break;
      for (const message of receivedMessageItems) {
        texts.push(message.messageText);
        await queue.client.deleteMessage(message.messageId, message.popReceipt);
      }
    }
    expect(Math.max(...texts.map((text) => text.length))).toBeGreaterThan(
      (MOST_MESSAGE_JSON_BYTES * 4) / 3 - 4_000,
    );
    expect(Math.max(...texts.map((text) => text.length))).toBeLessThanOrEqual(64 * 1024);
    expect(
      texts
        .flatMap(changesOfMessage)
        .map((change) => change.targetName)
        .sort(),
    ).toEqual(requests.map((request) => request.targetName).sort());
    // Azurite refuses a message text over 64 KiB as Azure does (413 RequestBodyTooLarge): the limit is real here.
    await expect(queue.client.sendMessage('a'.repeat(64 * 1024 + 1))).rejects.toMatchObject({
      statusCode: 413,
    });
    await queue.client.delete();
  });
});
