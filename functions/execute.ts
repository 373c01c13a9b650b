import functions, { type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { ACTION_QUEUE_NAME } from '../shared/app/operations/ActionQueue.js';
import type { ChangeRequest } from '../shared/app/operations/ChangeRequest.js';
import { getServices } from '../shared/compositionRoot.js';
import type { FunctionDefinition } from '../shared/FunctionDefinition.js';
import { contextLogLine, withInvocationLog } from '../shared/invocationLog.js';

const scale = z.object({
  count: z.number(),
  enableAutoScaling: z.boolean(),
  minCount: z.number().optional(),
  maxCount: z.number().optional(),
});
const footprint = z.object({
  location: z.string(),
  nodes: z.array(z.object({ vmSize: z.string(), count: z.number() })),
});
const message = z.object({
  targetName: z.string().min(1),
  resourceId: z.string().min(1),
  action: z.enum(['start', 'stop']),
  transitionKey: z.string().min(1),
  scaleBeforeStop: scale.optional(),
  footprintBeforeStop: footprint.optional(),
  reason: z.string(),
  actor: z.string(),
  requestedAt: z.number(),
});

/**
 * One change from the `offhours-actions` queue. A transient Azure failure throws, so the host
 * delivers the message again; a redelivered message never begins a second operation.
 */
export async function execute(queueItem: unknown, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const parsed = message.safeParse(queueItem);
  if (!parsed.success) {
    // Nothing to retry: a malformed message is recorded and dropped.
    await services.storage.audit.append({
      at: services.now(),
      action: 'invalid-message',
      actor: 'queue',
      reason: `message ${context.invocationId} on ${ACTION_QUEUE_NAME}`,
      result: `dropped: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    });
    context.warn(`dropped a malformed message: ${JSON.stringify(queueItem).slice(0, 500)}`);
    return;
  }
  const request = parsed.data as ChangeRequest;
  const result = await withInvocationLog(contextLogLine(context), () => services.executor.execute(request));
  context.log(
    JSON.stringify({
      event: 'execute',
      target: request.targetName,
      action: request.action,
      transition: request.transitionKey,
      result: result.result,
      message: result.message,
      dequeueCount: context.triggerMetadata?.['dequeueCount'],
    }),
  );
}

export const definition = {
  name: 'execute',
  trigger: 'queue' as const,
  options: { queueName: ACTION_QUEUE_NAME, connection: 'AzureWebJobsStorage', handler: execute },
} satisfies FunctionDefinition;

functions.app.storageQueue(definition.name, definition.options);
