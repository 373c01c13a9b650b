import functions, { type InvocationContext } from '@azure/functions';
import { ACTION_QUEUE_NAME } from '../shared/app/operations/ActionQueue.js';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { changesListedIn } from '../shared/app/operations/ChangeMessage.js';

/**
 * Messages the host gave up on (after host.json's maxDequeueCount tries) end in the audit trail: one
 * entry for each change the message carried (`ChangeMessage`).
 */
export async function poisonActions(queueItem: unknown, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const deliveries = String(context.triggerMetadata?.['dequeueCount'] ?? 'several');
  for (const item of changesOf(queueItem)) {
    const targetName = typeof item['targetName'] === 'string' ? item['targetName'] : undefined;
    await services.storage.audit.append({
      at: services.now(),
      ...(targetName ? { targetName } : {}),
      ...(typeof item['resourceId'] === 'string' ? { resourceId: item['resourceId'] } : {}),
      action: typeof item['action'] === 'string' ? item['action'] : 'unknown',
      actor: typeof item['actor'] === 'string' ? item['actor'] : 'queue',
      reason: typeof item['reason'] === 'string' ? item['reason'] : 'unknown',
      result: `poison: gave up after ${deliveries} deliveries; see the execute function's log for each failure`,
    });
  }
  context.warn(`poison message recorded in the audit trail: ${JSON.stringify(queueItem).slice(0, 500)}`);
}

/** The changes of a message as far as they can be read: a message of several, or one change. */
function changesOf(queueItem: unknown): Record<string, unknown>[] {
  const asRecord = (value: unknown) =>
    (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const listed = changesListedIn(queueItem);
  return (listed.length > 0 ? listed : [queueItem]).map(asRecord);
}

export const definition = {
  name: 'poisonActions',
  trigger: 'queue' as const,
  options: {
    queueName: `${ACTION_QUEUE_NAME}-poison`,
    connection: 'AzureWebJobsStorage',
    handler: poisonActions,
  },
} satisfies FunctionDefinition;

functions.app.storageQueue(definition.name, definition.options);
