import type { NotBegun } from '../../domain/NotBegun.js';
import type { OperationRecord } from './OperationTable.js';

/** The codes of the executor's own deferrals (ChangeExecutor): nothing was asked of Azure. */
const HELD_BACK = /^(AksOperationInProgress|TagsUnreadable|WriteBudget):/;

/**
 * What the decision is told about a change Azure never began (docs/decisions.md, Not begun): an
 * owed one, with when it is asked for again, or one that ended without an operation (the target
 * already was as asked, or the change was refused or dropped before it was sent).
 */
export function notBegunOf(operation: OperationRecord): NotBegun | undefined {
  if (operation.status !== 'owed' && operation.status !== 'superseded') return undefined;
  return {
    action: operation.action,
    decidedAt: operation.requestedAt,
    what: operation.error ?? 'no reason given',
    ...(HELD_BACK.test(operation.error ?? '') ? { heldBack: true } : {}),
    ...(operation.status === 'owed' ? { retryAt: operation.retryAt ?? operation.requestedAt } : {}),
  };
}
