import { tagsToCheck } from '../../domain/guardDecision.js';
import {
  nextOperationStatus,
  operationStatusAfter,
  type OperationEvent,
} from '../../domain/operationLifecycle.js';
import { askedStateOf, isHeadingTo, type PowerAction } from '../../domain/powerAction.js';
import { outsideAllowedScopes } from '../../domain/outsideAllowedScopes.js';
import { protectionOf, type ProtectedTag } from '../../domain/protectionOf.js';
import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import { OWED_CHANGE } from './OwedChange.js';
import type { ChangeRequest } from './ChangeRequest.js';
import type { PowerControl } from './PowerControl.js';
import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import type { OperationRecord, OperationTable } from './OperationTable.js';
import type { OverrideTable } from '../overrides/OverrideTable.js';
import { isOverrideActive } from '../../domain/Override.js';
import { TransientAzureError } from './TransientAzureError.js';
import type { ActionQueue } from './ActionQueue.js';
import type { WriteGate } from './WriteGate.js';

/** The longest an invocation waits for ARM's write bucket before it hands its message back instead. */
const LONGEST_WAIT_FOR_A_WRITE_MS = 10_000;
/** A throttled change waiting at most this long goes back on the queue; a longer wait is left to the tick. */
const LONGEST_HAND_BACK_MS = 5 * 60_000;

export type ExecuteResult = {
  result:
    | 'begun'
    | 'already'
    | 'duplicate'
    | 'stale'
    | 'superseded'
    | 'busy'
    | 'throttled'
    | 'deferred'
    | 'conflict'
    | 'refused'
    | 'dry-run'
    | 'invalid';
  message: string;
};

export interface ChangeExecutorDependencies {
  power: PowerControl;
  operations: OperationTable;
  overrides: OverrideTable;
  audit: AuditTrail;
  now: () => number;
  /** Decide and record, but never call a mutating Azure API. */
  dryRun: boolean;
  /** A message naming a resource outside these is refused (one queued before they were narrowed, or forged). */
  allowedScopes?: readonly string[];
  /**
   * A stop of a resource carrying one of these tags (or, for a node pool, whose cluster does) is
   * refused, whichever way the message came: queued before the tag was set, an owed change sent
   * again, or forged (docs/security.md).
   */
  protectedTags?: readonly ProtectedTag[];
  /**
   * ARM's write bucket as this instance sees it: every write waits for a token (docs/architecture.md,
   * Throttling). Without it writes go out as the queue delivers them.
   */
  writeGate?: WriteGate;
  /**
   * Where a change that must wait (throttled, or no token for a while) is handed back with that
   * delay, rather than thrown into the queue's visibility timeout. Without it the tick sends it again.
   */
  queue?: ActionQueue;
  /** Waiting for a write token (real time; tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Carries out one change request (the queue function's job): at most one operation per target, and
 * exactly one per transition however often the message is delivered. Begins the Azure operation and
 * records how to follow it; never waits for it to finish, nor for a long `Retry-After`. The
 * Operations row says `running` only once Azure accepted the change; every status it writes comes
 * from the lifecycle (`operationStatusAfter`, docs/architecture.md, The state of an operation).
 */
export class ChangeExecutor {
  constructor(private readonly deps: ChangeExecutorDependencies) {}

  async execute(request: ChangeRequest): Promise<ExecuteResult> {
    const parsed = parseResourceId(request.resourceId);
    if (!parsed.ok) return this.finish(request, { result: 'invalid', message: parsed.message });
    const refusal = this.guardRefusal(parsed.resourceId);
    if (refusal) {
      await this.settleRefused(request, refusal);
      return this.finish(request, { result: 'refused', message: refusal });
    }
    const superseding = await this.supersedingOverride(request);
    if (superseding) return this.finish(request, { result: 'superseded', message: superseding });
    if (this.deps.dryRun)
      return this.finish(request, {
        result: 'dry-run',
        message: `dry run: would ${request.action} ${request.resourceId}`,
      });
    const current = await this.deps.operations.get(request.targetName);
    const settled =
      current && current.transitionKey === request.transitionKey
        ? await this.sameTransition(request, current, parsed.resourceId)
        : this.otherTransition(request, current);
    if (settled) return settled.audit ? this.finish(request, settled.result) : settled.result;
    const claimed = await this.claim(request, current);
    if (!claimed)
      return { result: 'duplicate', message: 'another delivery of this change claimed the target first' };
    return this.begin(request, claimed, parsed.resourceId);
  }

  /** A redelivery, or a retry of an owed change: only an unfinished claim or an owed change goes on. */
  private async sameTransition(
    request: ChangeRequest,
    current: OperationRecord,
    target: ResourceId,
  ): Promise<{ result: ExecuteResult; audit: boolean } | undefined> {
    const now = this.deps.now();
    if (current.status === 'retrying') return undefined;
    if (current.status === 'owed') {
      if (current.retryAt === undefined || current.retryAt <= now) return undefined;
      return {
        result: {
          result: 'deferred',
          message: `Azure did not take this ${request.action} (${current.error ?? 'no reason given'}); not asked again before ${new Date(current.retryAt).toISOString()}`,
        },
        audit: false,
      };
    }
    if (current.status === 'beginning') {
      if (now - current.startedAt < OWED_CHANGE.orphanedClaimMs)
        return {
          result: { result: 'duplicate', message: 'another delivery of this change is beginning it' },
          audit: false,
        };
      // The invocation that claimed it died before Azure answered: did the change reach Azure?
      if (await this.isUnderWayInAzure(target, request.action)) {
        await this.deps.operations.put({
          ...current,
          status: operationStatusAfter(current.status, 'seen-in-azure'),
        });
        return {
          result: {
            result: 'begun',
            message: `${request.action} found under way in Azure after an interrupted delivery; followed from the resource`,
          },
          audit: true,
        };
      }
      return undefined;
    }
    return {
      result: {
        result: 'duplicate',
        message: `the ${request.action} for this transition was already ${current.status === 'running' ? 'begun' : current.status}; nothing to do`,
      },
      audit: false,
    };
  }

  private otherTransition(
    request: ChangeRequest,
    current: OperationRecord | undefined,
  ): { result: ExecuteResult; audit: boolean } | undefined {
    if (!current) return undefined;
    if (request.requestedAt < current.requestedAt)
      return {
        result: {
          result: 'stale',
          message: `a newer change (${current.action} decided at ${new Date(current.requestedAt).toISOString()}) was already carried out; this older one is dropped`,
        },
        audit: true,
      };
    const claimIsLive =
      current.status === 'beginning' && this.deps.now() - current.startedAt < OWED_CHANGE.orphanedClaimMs;
    if (current.status === 'running' || claimIsLive)
      return {
        result: {
          result: 'busy',
          message: `another operation (${current.action} begun at ${new Date(current.startedAt).toISOString()}) is still running; the next tick decides again`,
        },
        audit: true,
      };
    return undefined;
  }

  private async begin(
    request: ChangeRequest,
    claimed: OperationRecord,
    target: ResourceId,
  ): Promise<ExecuteResult> {
    const protection = await this.protection(request, target);
    if (protection.refusal) {
      await this.end(claimed, `refused: ${protection.refusal}`, 'guard-refused');
      return this.finish(request, { result: 'refused', message: protection.refusal });
    }
    if (protection.unreadable)
      return this.owe(request, claimed, {
        outcome: 'deferred',
        code: 'TagsUnreadable',
        message: `the tags of ${target.id} could not be read before stopping it (${protection.unreadable}); a stop is never sent without them`,
      });
    if (protection.aksOperation)
      return this.owe(request, claimed, {
        outcome: 'deferred',
        code: 'AksOperationInProgress',
        message: `AKS is running an operation on ${target.id} or its cluster (provisioning state ${protection.aksOperation}); a stop now would preempt it (AKSOperationPreempted), so it is sent once that ends`,
      });
    const waitMs = await this.waitForWriteToken(target.subscriptionId);
    if (waitMs > 0)
      return this.owe(request, claimed, {
        outcome: 'deferred',
        code: 'WriteBudget',
        message: `ARM's write budget for subscription ${target.subscriptionId} has no token for ${Math.ceil(waitMs / 1000)} s`,
        retryAfterMs: waitMs,
      });
    let outcome: Awaited<ReturnType<PowerControl['begin']>>;
    try {
      outcome = await this.deps.power.begin(target, request.action);
    } finally {
      if (this.deps.writeGate) this.deps.writeGate.done(target.subscriptionId);
    }
    const now = this.deps.now();
    const { retryAt: _retryAt, error: _error, ...accepted } = claimed;
    switch (outcome.outcome) {
      case 'begun': {
        // A start done at once still needs the follower when a pool's autoscaler may need restoring.
        const ended =
          outcome.operationState === undefined && !outcome.followResource && !claimed.scaleBeforeStop;
        await this.deps.operations.put({
          ...accepted,
          ...(ended
            ? { status: operationStatusAfter(claimed.status, 'done-at-once'), endedAt: now }
            : {
                status: operationStatusAfter(claimed.status, 'accepted'),
                ...(outcome.operationState ? { operationState: outcome.operationState } : {}),
              }),
        });
        return this.finish(request, {
          result: 'begun',
          message: ended
            ? `${request.action} done at once`
            : `${request.action} begun${outcome.note ? ` ${outcome.note}` : ''}`,
        });
      }
      case 'under-way':
        await this.deps.operations.put({
          ...accepted,
          status: operationStatusAfter(claimed.status, 'seen-in-azure'),
        });
        return this.finish(request, {
          result: 'begun',
          message: `${request.action} begun (Azure's answer was lost; the resource shows it under way, followed from the resource)`,
        });
      case 'already': {
        // Not our success: nothing was begun, so the row ends without one (docs/decisions.md).
        const message = `already ${outcome.state} (not by this app), nothing begun`;
        await this.end(claimed, message, 'already-as-asked');
        return this.finish(request, { result: 'already', message });
      }
      case 'throttled':
      case 'conflict':
        return this.owe(request, claimed, outcome);
      case 'refused':
        await this.end(claimed, `${outcome.code}: ${outcome.message}`, 'azure-refused');
        return this.finish(request, {
          result: 'refused',
          message: `Azure refused the ${request.action}: ${outcome.code}: ${outcome.message}`,
        });
      case 'failed':
        await this.deps.operations.put({
          ...claimed,
          status: operationStatusAfter(claimed.status, 'transient-failure'),
          error: `${outcome.code}: ${outcome.message}`,
        });
        await this.audit(request, `retrying: ${outcome.code}: ${outcome.message}`);
        throw new TransientAzureError(
          `could not ${request.action} ${request.resourceId} now (${outcome.code}: ${outcome.message}); the message will be delivered again`,
        );
    }
  }

  /**
   * Waits for a token of ARM's write bucket (`WriteGate`); 0 once one is taken, or, when none comes
   * within `LONGEST_WAIT_FOR_A_WRITE_MS`, how long until one would (nothing taken).
   */
  private async waitForWriteToken(subscriptionId: string): Promise<number> {
    const gate = this.deps.writeGate;
    if (!gate) return 0;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    let waited = 0;
    for (;;) {
      const admission = gate.admit(subscriptionId);
      if (admission.admitted) return 0;
      if (waited + admission.waitMs > LONGEST_WAIT_FOR_A_WRITE_MS) return admission.waitMs;
      await sleep(admission.waitMs);
      waited += admission.waitMs;
    }
  }

  /**
   * Not begun: owed, tried again after Retry-After or a back-off, a bounded number of times. A change
   * that waits a known, short time (a 429's Retry-After, the write budget's next token) is also handed
   * back to the queue with that delay, so it is begun then rather than at the next tick.
   */
  private async owe(
    request: ChangeRequest,
    claimed: OperationRecord,
    outcome:
      | { outcome: 'throttled'; retryAfterMs: number; code: string; message: string }
      | { outcome: 'conflict' | 'deferred'; code: string; message: string; retryAfterMs?: number },
  ): Promise<ExecuteResult> {
    // Tags that could not be read are our read failing, not Azure refusing the change: no attempt is
    // used up, and the next tick tries again.
    const deferred = outcome.outcome === 'deferred';
    const attempts = (claimed.attempts ?? 0) + (deferred ? 0 : 1);
    const error = `${outcome.code}: ${outcome.message}`;
    if (attempts >= OWED_CHANGE.maxAttempts) {
      await this.end(claimed, `not begun after ${attempts} attempts; last: ${error}`, 'attempts-ran-out');
      // Reported as refused, which the failed-operations alert counts (a last `throttled` would not be).
      return this.finish(request, {
        result: 'refused',
        message: `Azure did not take the ${request.action} after ${attempts} attempts (${error}); no longer tried`,
      });
    }
    const retryAt =
      this.deps.now() +
      (outcome.outcome === 'throttled'
        ? outcome.retryAfterMs
        : deferred
          ? (outcome.retryAfterMs ?? 0)
          : OWED_CHANGE.backoffMs(attempts));
    await this.deps.operations.put({
      ...claimed,
      status: operationStatusAfter(claimed.status, 'not-taken'),
      attempts,
      retryAt,
      error,
      owedFor: outcome.outcome,
    });
    const when = new Date(retryAt).toISOString();
    const handedBack = await this.handBack(request, outcome, retryAt);
    return this.finish(request, {
      result: outcome.outcome,
      message:
        outcome.outcome === 'throttled'
          ? `Azure throttled the ${request.action} (${error}); handed back, tried again from ${when}${handedBack ? ' (queued again for then)' : ''}`
          : outcome.outcome === 'deferred'
            ? handedBack
              ? `${error}; the ${request.action} is queued again for ${when}`
              : `${error}; the ${request.action} stays owed and is tried again at the next tick`
            : `Azure says another operation is changing the target (${error}); the ${request.action} stays owed and is tried again once the target settles, from ${when} (attempt ${attempts + 1} of ${OWED_CHANGE.maxAttempts})`,
    });
  }

  /**
   * Puts the request back on the queue, invisible until `retryAt`, when it waits a known and short
   * time: a throttled change, or one the write budget held back. Returns whether it did.
   */
  private async handBack(
    request: ChangeRequest,
    outcome: { outcome: 'throttled' | 'conflict' | 'deferred'; retryAfterMs?: number },
    retryAt: number,
  ): Promise<boolean> {
    const waitMs = outcome.retryAfterMs;
    if (!this.deps.queue || outcome.outcome === 'conflict' || waitMs === undefined) return false;
    if (waitMs > LONGEST_HAND_BACK_MS) return false;
    await this.deps.queue.enqueue([request], () => retryAt - this.deps.now());
    return true;
  }

  private async isUnderWayInAzure(target: ResourceId, action: PowerAction): Promise<boolean> {
    return isHeadingTo((await this.deps.power.read(target))?.state, action);
  }

  /** Outside the allowed scopes: refused before anything is claimed. */
  private guardRefusal(target: ResourceId): string | undefined {
    return outsideAllowedScopes(target, this.deps.allowedScopes ?? []);
  }

  /**
   * Read from Azure just before a stop, whichever way the message came. A stop of a protected resource
   * is refused, its tags (and, for a node pool, its cluster's) read now (docs/security.md); tags that
   * cannot be read never let a stop through. A stop of a cluster or pool that AKS is upgrading,
   * scaling or re-imaging waits: it would preempt that operation (docs/maintenance.md).
   */
  private async protection(
    request: ChangeRequest,
    target: ResourceId,
  ): Promise<{ refusal?: string; unreadable?: string; aksOperation?: string }> {
    const protectedTags = this.deps.protectedTags ?? [];
    const aks = target.kind !== 'vmss';
    if (request.action !== 'stop' || (protectedTags.length === 0 && !aks)) return {};
    let seen: Awaited<ReturnType<PowerControl['read']>>;
    try {
      seen = await this.deps.power.read(target);
    } catch (error) {
      if (protectedTags.length === 0) return {};
      return { unreadable: error instanceof Error ? error.message : String(error) };
    }
    const refusal = protectionOf(
      tagsToCheck({ resource: target, tags: seen?.tags, clusterTags: seen?.clusterTags }),
      protectedTags,
    );
    if (refusal) return { refusal };
    return seen?.operation ? { aksOperation: seen.operation } : {};
  }

  /** A refused change is not owed any more: its open Operations row ends, so no tick sends it again. */
  private async settleRefused(request: ChangeRequest, refusal: string): Promise<void> {
    const current = await this.deps.operations.get(request.targetName);
    if (!current || current.transitionKey !== request.transitionKey) return;
    const settled = nextOperationStatus(current.status, 'guard-refused');
    if (!settled.ok) return;
    await this.deps.operations.put({
      ...current,
      status: settled.status,
      endedAt: this.deps.now(),
      error: `refused: ${refusal}`,
    });
  }

  /** A person asked for the opposite after this change was decided: the change is dropped, theirs wins. */
  private async supersedingOverride(request: ChangeRequest): Promise<string | undefined> {
    const record = await this.deps.overrides.get(request.targetName);
    const override = record?.override;
    if (
      !override ||
      override.createdAt <= request.requestedAt ||
      !isOverrideActive(override, this.deps.now())
    )
      return undefined;
    if (override.effect === askedStateOf(request.action)) return undefined;
    return `${override.kind}${override.createdBy ? ` by ${override.createdBy}` : ''}, set after this ${request.action} was decided, says ${override.effect}; the ${request.action} is dropped`;
  }

  /**
   * Claims the target before calling Azure, conditional on the row being as read: `beginning`, not
   * yet `running`, so a crash before Azure answers never leaves a row claiming an operation.
   */
  private async claim(
    request: ChangeRequest,
    current: OperationRecord | undefined,
  ): Promise<OperationRecord | undefined> {
    const record: OperationRecord = {
      targetName: request.targetName,
      resourceId: request.resourceId,
      action: request.action,
      transitionKey: request.transitionKey,
      status: operationStatusAfter(current?.status, 'claimed'),
      requestedAt: request.requestedAt,
      startedAt: this.deps.now(),
      actor: request.actor,
      ...(current?.transitionKey === request.transitionKey && current.attempts
        ? { attempts: current.attempts }
        : {}),
      ...(request.scaleBeforeStop
        ? { scaleBeforeStop: request.scaleBeforeStop }
        : current?.scaleBeforeStop && request.action === 'start'
          ? { scaleBeforeStop: current.scaleBeforeStop }
          : {}),
      ...(current?.etag ? { etag: current.etag } : {}),
    };
    try {
      const etag = await this.deps.operations.put(record);
      return { ...record, etag };
    } catch (error) {
      if (error instanceof RowChangedError || error instanceof RowAlreadyExistsError) return undefined;
      throw error;
    }
  }

  private async end(
    record: OperationRecord,
    error: string,
    event: Extract<
      OperationEvent,
      'guard-refused' | 'already-as-asked' | 'azure-refused' | 'attempts-ran-out'
    >,
  ): Promise<void> {
    await this.deps.operations.put({
      ...record,
      status: operationStatusAfter(record.status, event),
      endedAt: this.deps.now(),
      error,
    });
  }

  private async finish(request: ChangeRequest, result: ExecuteResult): Promise<ExecuteResult> {
    await this.audit(request, `${result.result}: ${result.message}`);
    return result;
  }

  private async audit(request: ChangeRequest, result: string): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.now(),
      targetName: request.targetName,
      resourceId: request.resourceId,
      action: request.action,
      actor: request.actor,
      reason: request.reason,
      result,
      ...(request.footprintBeforeStop ? { footprint: request.footprintBeforeStop } : {}),
    });
  }
}
