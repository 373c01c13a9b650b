import { OperationTransitionError } from './OperationTransitionError.js';

/**
 * The lifecycle of an Azure operation, as its Operations row records it: the one place that says
 * which status follows which event. `ChangeExecutor` and `OperationFollower` compute every status
 * they write with `operationStatusAfter` (`nextOperationStatus`, throwing on a refusal); the table
 * in docs/architecture.md (The state of an operation) is generated from it and checked by a test.
 */

/**
 * `beginning`: claimed, Azure has not answered yet (a crash here leaves the row so);
 * `running`: Azure accepted it (followed by its operation state, or by reading the resource);
 * `owed`: not begun (throttled, or another operation held the resource), tried again from `retryAt`;
 * `retrying`: a transient failure, the queue delivers the message again;
 * `succeeded` / `failed`: how it ended;
 * `superseded`: ended without an operation of ours (already as asked, refused by a guard, or no
 * longer wanted).
 */
export type OperationStatus =
  'beginning' | 'running' | 'owed' | 'retrying' | 'succeeded' | 'failed' | 'superseded';

export const OPERATION_STATUSES: readonly OperationStatus[] = [
  'beginning',
  'running',
  'owed',
  'retrying',
  'succeeded',
  'failed',
  'superseded',
];

/** Statuses that end an operation: only a new claim leaves them. */
export const ENDED_STATUSES: readonly OperationStatus[] = ['succeeded', 'failed', 'superseded'];

/** What can happen to an operation; each event leads to one status, from the statuses it may come in. */
export type OperationEvent =
  | 'claimed'
  | 'accepted'
  | 'done-at-once'
  | 'seen-in-azure'
  | 'not-seen-in-azure'
  | 'not-taken'
  | 'transient-failure'
  | 'azure-refused'
  | 'attempts-ran-out'
  | 'guard-refused'
  | 'already-as-asked'
  | 'followed-succeeded'
  | 'followed-failed'
  | 'timed-out'
  | 'no-longer-wanted';

/** `undefined`: the target has no Operations row yet. */
export type OperationStatusOrNone = OperationStatus | undefined;

export interface OperationEventRule {
  /** The status the event leads to. */
  to: OperationStatus;
  /** The statuses (and `undefined`, no row) it may happen in; anywhere else it is refused. */
  from: readonly OperationStatusOrNone[];
  /** Who raises it. */
  by: 'ChangeExecutor' | 'OperationFollower' | 'ChangeExecutor, OperationFollower';
  /** What happened, in words. */
  meaning: string;
}

/** The lifecycle, event by event (docs/architecture.md, The state of an operation). */
export const OPERATION_EVENTS: Readonly<Record<OperationEvent, OperationEventRule>> = {
  claimed: {
    to: 'beginning',
    from: [undefined, 'beginning', 'owed', 'retrying', ...ENDED_STATUSES],
    by: 'ChangeExecutor',
    meaning:
      'the executor claims the target for a change (a conditional write: of two deliveries one wins); over `beginning` only a claim older than 5 minutes, left by an invocation that died; never over `running`',
  },
  accepted: {
    to: 'running',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning: 'Azure accepted the change: its operation state is kept to follow it',
  },
  'done-at-once': {
    to: 'succeeded',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning: 'Azure accepted the change and it was done at once, with nothing left to follow',
  },
  'seen-in-azure': {
    to: 'running',
    from: ['beginning', 'owed'],
    by: 'ChangeExecutor, OperationFollower',
    meaning:
      "no answer said so, but the resource is heading to the asked state: an answer lost (the SDK's retry met our own operation, 409), an interrupted claim, or an owed change whose retry was throttled; followed from the resource",
  },
  'not-seen-in-azure': {
    to: 'owed',
    from: ['beginning', 'running'],
    by: 'OperationFollower',
    meaning:
      'an expired claim, or a row without an operation state, whose resource shows no such change: sent again once the target settles',
  },
  'not-taken': {
    to: 'owed',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning:
      "Azure did not take it (429 past the SDK's retries or a long `Retry-After`, 409 from another operation), or the executor held it back (an AKS operation under way, tags unreadable, no write token)",
  },
  'transient-failure': {
    to: 'retrying',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning: "a 5xx past the SDK's retries or a dropped connection: the queue delivers the message again",
  },
  'azure-refused': {
    to: 'failed',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning: 'Azure refused the change (a 4xx other than 409 and 429)',
  },
  'attempts-ran-out': {
    to: 'failed',
    from: ['beginning'],
    by: 'ChangeExecutor',
    meaning:
      'Azure did not take the change as many times as an owed change is tried (`OWED_CHANGE.maxAttempts`): no longer tried',
  },
  'guard-refused': {
    to: 'superseded',
    from: ['beginning', 'owed', 'retrying'],
    by: 'ChangeExecutor',
    meaning:
      'the resource is outside the allowed scopes, or a stop finds it protected: the open change is not owed any more',
  },
  'already-as-asked': {
    to: 'superseded',
    from: ['beginning', 'owed'],
    by: 'ChangeExecutor, OperationFollower',
    meaning:
      'the resource is already in the asked state, not by this app (Azure never took ours): nothing begun, no success',
  },
  'followed-succeeded': {
    to: 'succeeded',
    from: ['beginning', 'running'],
    by: 'OperationFollower',
    meaning: "Azure's operation says `Succeeded`, or the resource is in the asked state",
  },
  'followed-failed': {
    to: 'failed',
    from: ['beginning', 'running'],
    by: 'OperationFollower',
    meaning: "Azure's operation says `Failed` or `Canceled`, or the resource is in a failed state",
  },
  'timed-out': {
    to: 'failed',
    from: ['running'],
    by: 'OperationFollower',
    meaning: 'still running after the operation timeout, and the resource not as asked',
  },
  'no-longer-wanted': {
    to: 'superseded',
    from: ['owed'],
    by: 'OperationFollower',
    meaning:
      'the desired state moved on, the tick now refuses to change the target, or the target names another resource',
  },
};

export const OPERATION_EVENT_NAMES = Object.keys(OPERATION_EVENTS) as readonly OperationEvent[];

export type OperationTransition = { ok: true; status: OperationStatus } | { ok: false; message: string };

/**
 * The status an operation in `current` (`undefined`: no row) has after `event`, or why the event
 * cannot happen there (a transition that must not happen, such as a claim over a running
 * operation, or an ended operation said to be running).
 */
export function nextOperationStatus(
  current: OperationStatusOrNone,
  event: OperationEvent,
): OperationTransition {
  const rule = OPERATION_EVENTS[event];
  if (rule.from.includes(current)) return { ok: true, status: rule.to };
  return {
    ok: false,
    message: `an operation ${describe(current)} cannot take "${event}", which happens only to one ${rule.from.map(describe).join(', ')}`,
  };
}

function describe(status: OperationStatusOrNone): string {
  return status === undefined ? 'without a row' : `that is ${status}`;
}

/** Whether a status ends an operation (only a new claim leaves it). */
export function isEnded(status: OperationStatus): boolean {
  return ENDED_STATUSES.includes(status);
}

/**
 * The status after `event`, for code about to write it: a transition the lifecycle refuses throws
 * `OperationTransitionError` instead of reaching the row.
 */
export function operationStatusAfter(current: OperationStatusOrNone, event: OperationEvent): OperationStatus {
  const next = nextOperationStatus(current, event);
  if (!next.ok) throw new OperationTransitionError(next.message);
  return next.status;
}
