import type { ChangeRequest } from '../../shared/app/operations/ChangeRequest.js';

/**
 * Change requests as the reconcile tick writes them, each for a transition of its own, decided at the
 * fake clock's `now`.
 */
export function changeRequests(now: () => number) {
  let transition = 0;
  return (
    targetName: string,
    resourceId: string,
    action: 'start' | 'stop',
    extra: Partial<ChangeRequest> = {},
  ): ChangeRequest => {
    transition++;
    return {
      targetName,
      resourceId,
      action,
      transitionKey: `${targetName}|${action}|${transition}`,
      reason: 'the schedule says so',
      actor: 'schedule',
      requestedAt: now(),
      ...extra,
    };
  };
}
