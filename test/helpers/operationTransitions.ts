import { vi } from 'vitest';
import type { OperationTable } from '../../shared/app/operations/OperationTable.js';
import {
  OPERATION_EVENT_NAMES,
  nextOperationStatus,
  type OperationEvent,
  type OperationStatusOrNone,
} from '../../shared/domain/operationLifecycle.js';

/**
 * Records every status written to the Operations table from here on, as `before → after` (`none`:
 * no row before), in the order the writes succeed.
 */
export function recordTransitions(operations: OperationTable): string[] {
  const transitions: string[] = [];
  const put = operations.put.bind(operations);
  vi.spyOn(operations, 'put').mockImplementation(async (record) => {
    const before = (await operations.get(record.targetName))?.status;
    const etag = await put(record);
    transitions.push(`${before ?? 'none'} → ${record.status}`);
    return etag;
  });
  return transitions;
}

/** The lifecycle's events that lead from one status to the other in one step (none: not allowed). */
export function eventsBetween(transition: string): OperationEvent[] {
  const [before, after] = transition.split(' → ');
  const from = (before === 'none' ? undefined : before) as OperationStatusOrNone;
  return OPERATION_EVENT_NAMES.filter((event) => {
    const next = nextOperationStatus(from, event);
    return next.ok && next.status === after;
  });
}
