import functions from '@azure/functions';

/** The `InvocationContext` the host passes a function: a queue trigger's with its delivery count. */
export function functionContext(functionName: string, dequeueCount = 1): functions.InvocationContext {
  return new functions.InvocationContext({
    functionName,
    invocationId: crypto.randomUUID(),
    logHandler: () => undefined,
    triggerMetadata: { dequeueCount },
  });
}
