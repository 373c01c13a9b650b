import functions, { type InvocationContext } from '@azure/functions';
import { ACTION_QUEUE_NAME } from '../shared/app/operations/ActionQueue.js';
import { changesIn, type UnreadableChange } from '../shared/app/operations/ChangeMessage.js';
import type { ChangeOutcome } from '../shared/app/operations/ChangeMessageExecutor.js';
import { getServices, type Services } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { contextLogLine, withInvocationLog } from '../shared/invocationLog.js';

/**
 * One message from the `offhours-actions` queue: one change, or several due in the same second
 * (`ChangeMessage`). An unreadable change is recorded and dropped; the others go on. A transient
 * failure of every change throws, so the host delivers the message again; when only some failed,
 * those go back on the queue alone (`ChangeMessageExecutor`). A redelivered change never begins a second
 * operation.
 */
export async function execute(queueItem: unknown, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const { changes, unreadable } = changesIn(queueItem);
  if (changes.length > 0) {
    const outcomes = await withInvocationLog(contextLogLine(context), () =>
      services.changeMessages.execute(changes),
    );
    for (const outcome of outcomes) context.log(JSON.stringify(logLineOf(outcome, context)));
  }
  // Recorded once the message will not be delivered again (a throw above redelivers it; poison records it).
  for (const change of unreadable) await recordUnreadable(services, change, queueItem, context);
}

/** Nothing to retry: a malformed change is recorded and dropped. */
async function recordUnreadable(
  services: Services,
  change: UnreadableChange,
  queueItem: unknown,
  context: InvocationContext,
): Promise<void> {
  await services.storage.audit.append({
    at: services.now(),
    ...(change.targetName ? { targetName: change.targetName } : {}),
    action: 'invalid-message',
    actor: 'queue',
    reason: `message ${context.invocationId} on ${ACTION_QUEUE_NAME}${change.index > 0 ? `, change ${change.index + 1}` : ''}`,
    result: `dropped: ${change.problems}`,
  });
  context.warn(`dropped a malformed change: ${JSON.stringify(queueItem).slice(0, 500)}`);
}

function logLineOf(outcome: ChangeOutcome, context: InvocationContext): Record<string, unknown> {
  const { request } = outcome;
  return {
    event: 'execute',
    target: request.targetName,
    action: request.action,
    transition: request.transitionKey,
    ...('result' in outcome
      ? { result: outcome.result.result, message: outcome.result.message }
      : {
          result: 'failed, queued again',
          message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
        }),
    dequeueCount: context.triggerMetadata?.['dequeueCount'],
  };
}

export const definition = {
  name: 'execute',
  trigger: 'queue' as const,
  options: { queueName: ACTION_QUEUE_NAME, connection: 'AzureWebJobsStorage', handler: execute },
} satisfies FunctionDefinition;

functions.app.storageQueue(definition.name, definition.options);
