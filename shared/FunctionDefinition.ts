import type {
  HttpFunctionOptions,
  StorageQueueFunctionOptions,
  TimerFunctionOptions,
} from '@azure/functions';

/**
 * A function as `functions/*.ts` registers it with the Functions host, kept as data too so that the
 * local runner and the tests call exactly the registered handler.
 */
export type FunctionDefinition =
  | { name: string; trigger: 'http'; options: HttpFunctionOptions }
  | { name: string; trigger: 'timer'; options: TimerFunctionOptions }
  | { name: string; trigger: 'queue'; options: StorageQueueFunctionOptions };
