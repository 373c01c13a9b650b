import { asciiFold } from '../../domain/asciiFold.js';
import { operationStatusAfter, type OperationEvent } from '../../domain/operationLifecycle.js';
import { askedStateOf, changingStateOf, isHeadingTo } from '../../domain/powerAction.js';
import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import type { ChangeRequest } from './ChangeRequest.js';
import { OWED_CHANGE } from './OwedChange.js';
import { HOUR_MS } from '../../domain/time.js';
import type { ObservedResource, PowerControl, ScaleSettings } from './PowerControl.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import type { OperationRecord, OperationTable } from './OperationTable.js';

export interface FollowedOperation {
  targetName: string;
  action: 'start' | 'stop';
  /** `owed`: Azure never took it (an interrupted claim, or a row without an operation the resource does not show). */
  outcome: 'running' | 'succeeded' | 'failed' | 'timed-out' | 'owed';
  message: string;
  /**
   * A start that ended (Succeeded, failed or timed out): when it was begun and whether it completed,
   * what start leads are learned from (a start that did not complete took at least until now).
   */
  endedStart?: { begunAt: number; completed: boolean };
}

/** What the tick decided for a target, as far as owed changes need it. */
export interface TargetDecision {
  target: string;
  /** The resource the target names now: an owed change for another one is dropped. */
  resourceId: string;
  desired?: string;
  observed: string;
  /** The tick refused to change the target (a guard, or what Azure would refuse): an owed change is dropped too. */
  refused?: boolean;
}

/** The lifecycle event each way a followed operation ends. */
const ENDED_BY: Readonly<Record<'succeeded' | 'failed' | 'timed-out', OperationEvent>> = {
  succeeded: 'followed-succeeded',
  failed: 'followed-failed',
  'timed-out': 'timed-out',
};

export interface OperationFollowerDependencies {
  power: PowerControl;
  operations: OperationTable;
  audit: AuditTrail;
  now: () => number;
  /** An operation still running after this long is reported and no longer followed. */
  operationTimeoutMs?: number;
}

/**
 * Takes one look at every operation under way (the reconcile timer's job each tick): records how
 * it ended with Azure's error code and message, and after a node pool's start puts back autoscaler
 * settings that AKS did not restore. Every status it writes comes from the lifecycle
 * (`operationStatusAfter`, docs/architecture.md, The state of an operation).
 */
export class OperationFollower {
  constructor(private readonly deps: OperationFollowerDependencies) {}

  /**
   * `observed`: what this tick's fleet query saw (lower-case IDs). Where it shows the resource done
   * or changing the way asked, that is enough and nothing is read; Azure is asked (the status URL,
   * or the resource) only when it is not (docs/architecture.md, Following an operation).
   */
  async followAll(
    observed?: ReadonlyMap<string, ObservedResource>,
    /** The Operations rows, when the caller read them already this tick. */
    operations?: readonly OperationRecord[],
  ): Promise<FollowedOperation[]> {
    const open = (operations ?? (await this.deps.operations.list())).filter(
      (operation) => operation.status === 'running' || operation.status === 'beginning',
    );
    return Promise.all(
      open.map((operation) => this.followSafely(operation, observed?.get(asciiFold(operation.resourceId)))),
    );
  }

  /** An operation that cannot be followed now (throttled, a read failing, its row changed meanwhile) is looked at again next tick. */
  private async followSafely(
    operation: OperationRecord,
    seen?: ObservedResource,
  ): Promise<FollowedOperation> {
    try {
      return await this.follow(operation, seen);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return this.report(
        operation,
        'running',
        `could not be followed now (${reason}); looking again next tick`,
      );
    }
  }

  /**
   * Changes Azure did not take (owed) are asked for again once their time has come and the target
   * has settled, while the desired state still wants them; the rest are dropped as superseded.
   */
  async retryOwed(
    decisions: readonly TargetDecision[],
    /** The Operations rows, when the caller read them already (one target's, for its action). */
    operations?: readonly OperationRecord[],
  ): Promise<ChangeRequest[]> {
    const byTarget = new Map(decisions.map((decision) => [decision.target, decision]));
    const owed = (operations ?? (await this.deps.operations.list())).filter(
      (operation) => operation.status === 'owed',
    );
    const retries: ChangeRequest[] = [];
    for (const operation of owed) {
      const decision = byTarget.get(operation.targetName);
      if (!decision) continue;
      if (asciiFold(decision.resourceId) !== asciiFold(operation.resourceId)) {
        await this.settle(
          operation,
          'no-longer-wanted',
          `${operation.action} no longer owed: the target now names ${decision.resourceId}`,
        ).catch(() => undefined);
        continue;
      }
      const asked = askedStateOf(operation.action);
      if (decision.desired === asked && decision.observed === asked) {
        if (operation.owedFor === 'conflict' || operation.owedFor === 'deferred') {
          // Azure never took ours (409, or never sent): someone else's state is not our success.
          await this.settle(
            operation,
            'already-as-asked',
            `already ${asked} (not by this app), nothing begun`,
          ).catch(() => undefined);
          continue;
        }
        // Azure did it after all (a lost answer whose retry was throttled): followed as ours, so a
        // started pool still gets its autoscaler back.
        await this.followSafely({
          ...operation,
          status: operationStatusAfter(operation.status, 'seen-in-azure'),
        });
        continue;
      }
      if (decision.desired !== asked || decision.refused) {
        const why = decision.refused
          ? 'the tick now refuses to change the target'
          : `the desired state is now ${decision.desired ?? 'unknown'}`;
        // A row changed meanwhile (an executor took it) is looked at again next tick.
        await this.settle(operation, 'no-longer-wanted', `${operation.action} no longer owed: ${why}`).catch(
          () => undefined,
        );
        continue;
      }
      const settled = decision.observed === 'running' || decision.observed === 'stopped';
      if (!settled || (operation.retryAt ?? 0) > this.deps.now()) continue;
      retries.push({
        targetName: operation.targetName,
        resourceId: operation.resourceId,
        action: operation.action,
        transitionKey: operation.transitionKey,
        reason: `attempt ${(operation.attempts ?? 0) + 1} of the ${operation.action} Azure did not take (${operation.error ?? 'no reason given'})`,
        actor: operation.actor ?? 'schedule',
        requestedAt: operation.requestedAt,
        ...(operation.scaleBeforeStop ? { scaleBeforeStop: operation.scaleBeforeStop } : {}),
      });
    }
    return retries;
  }

  private async follow(operation: OperationRecord, seen?: ObservedResource): Promise<FollowedOperation> {
    const parsed = parseResourceId(operation.resourceId);
    if (!parsed.ok) return this.end(operation, 'failed', parsed.message);
    if (operation.status === 'beginning' || !operation.operationState)
      return this.followResource(operation, parsed.resourceId, seen);
    // The fleet query already shows it: no request. A failure (for Azure's code and message) or a
    // change not showing yet is asked of the status URL.
    if (seen?.state === askedStateOf(operation.action))
      return this.succeeded(operation, parsed.resourceId, seen);
    if (seen?.state === changingStateOf(operation.action))
      return this.stillRunning(operation, parsed.resourceId, 'seen changing in the fleet query', seen);
    const progress = await this.deps.power.follow(
      parsed.resourceId,
      operation.action,
      operation.operationState,
    );
    if (progress.status === 'failed')
      return this.end(operation, 'failed', `${progress.code}: ${progress.message}`);
    if (progress.status === 'running') return this.stillRunning(operation, parsed.resourceId, progress.note);
    return this.succeeded(operation, parsed.resourceId);
  }

  /**
   * No Azure operation to ask: a claim whose invocation died before Azure answered, or a change
   * whose answer was lost. The resource says whether it happened; never "succeeded" on faith.
   */
  private async followResource(
    operation: OperationRecord,
    target: ResourceId,
    seen?: ObservedResource,
  ): Promise<FollowedOperation> {
    const elapsed = this.deps.now() - operation.startedAt;
    if (operation.status === 'beginning' && elapsed < OWED_CHANGE.orphanedClaimMs)
      return this.report(operation, 'running', 'being begun');
    // The fleet query may lag behind Azure: it is trusted for "done" or "changing", and anything
    // else (which would make the change owed again) is read from the resource itself.
    const state = isHeadingTo(seen?.state, operation.action)
      ? seen?.state
      : (await this.deps.power.read(target))?.state;
    if (state === askedStateOf(operation.action)) return this.succeeded(operation, target, seen);
    if (state === 'failed')
      return this.end(operation, 'failed', `the resource is in a failed state after the ${operation.action}`);
    if (state === changingStateOf(operation.action)) {
      const running = operation.status === 'beginning' ? await this.seenInAzure(operation) : operation;
      return this.stillRunning(running, target, 'followed from the resource', seen);
    }
    await this.deps.operations.put({
      ...operation,
      status: operationStatusAfter(operation.status, 'not-seen-in-azure'),
      retryAt: this.deps.now(),
      error: `Azure shows no ${operation.action} (the resource is ${state ?? 'not found'})`,
    });
    return this.report(
      operation,
      'owed',
      `Azure shows no ${operation.action} under way (the resource is ${state ?? 'not found'}); owed, sent again once the target settles`,
    );
  }

  private async stillRunning(
    operation: OperationRecord,
    target: ResourceId,
    note: string | undefined,
    seen?: ObservedResource,
  ): Promise<FollowedOperation> {
    const elapsed = this.deps.now() - operation.startedAt;
    if (elapsed < (this.deps.operationTimeoutMs ?? 2 * HOUR_MS))
      return this.report(operation, 'running', note ? `still running (${note})` : 'still running');
    // The timeout passed: only the resource in the asked state counts as success, read from Azure
    // itself (the fleet query may lag). A resource that cannot be read now throws: looked at again
    // next tick, not reported timed out.
    const state = (await this.deps.power.read(target))?.state;
    if (state === askedStateOf(operation.action)) return this.succeeded(operation, target, seen);
    return this.end(
      operation,
      'timed-out',
      `still running after ${Math.round(elapsed / 60_000)} min; no longer followed`,
    );
  }

  private async succeeded(
    operation: OperationRecord,
    target: ResourceId,
    seen?: ObservedResource,
  ): Promise<FollowedOperation> {
    const restored =
      target.kind === 'nodepool' && operation.action === 'start' && operation.scaleBeforeStop
        ? await this.restoreScale(operation, operation.scaleBeforeStop, seen?.scale)
        : '';
    return this.end(operation, 'succeeded', `${operation.action} succeeded${restored}`);
  }

  private report(
    operation: OperationRecord,
    outcome: 'running' | 'owed',
    message: string,
  ): FollowedOperation {
    return { targetName: operation.targetName, action: operation.action, outcome, message };
  }

  /** A claim that Azure shows under way: `running` from now on, followed from the resource. */
  private async seenInAzure(operation: OperationRecord): Promise<OperationRecord> {
    const running = { ...operation, status: operationStatusAfter(operation.status, 'seen-in-azure') };
    return { ...running, etag: await this.deps.operations.put(running) };
  }

  /** An owed change that ends without an operation of ours. */
  private async settle(
    operation: OperationRecord,
    event: Extract<OperationEvent, 'no-longer-wanted' | 'already-as-asked'>,
    message: string,
  ): Promise<void> {
    const status = operationStatusAfter(operation.status, event);
    await this.deps.operations.put({ ...operation, status, endedAt: this.deps.now(), error: message });
    await this.deps.audit.append({
      at: this.deps.now(),
      targetName: operation.targetName,
      resourceId: operation.resourceId,
      action: operation.action,
      actor: 'schedule',
      reason: `the ${operation.action} owed since ${new Date(operation.startedAt).toISOString()}`,
      result: `${status}: ${message}`,
    });
  }

  /** The known AKS issue: a started pool may come back with its autoscaler off or its range changed. */
  private async restoreScale(
    operation: OperationRecord,
    before: ScaleSettings,
    observed: ScaleSettings | undefined,
  ): Promise<string> {
    const parsed = parseResourceId(operation.resourceId);
    if (!parsed.ok) return '';
    const now = observed ?? (await this.deps.power.readScale(parsed.resourceId));
    const same =
      now.enableAutoScaling === before.enableAutoScaling &&
      (!before.enableAutoScaling || (now.minCount === before.minCount && now.maxCount === before.maxCount));
    if (same) return '';
    await this.deps.power.setScale(parsed.resourceId, {
      ...before,
      count: Math.max(now.count, before.minCount ?? 0),
    });
    const describe = (scale: ScaleSettings) =>
      scale.enableAutoScaling
        ? `autoscaler ${scale.minCount ?? '?'}-${scale.maxCount ?? '?'}`
        : 'autoscaler off';
    return `; AKS left ${describe(now)}, restored ${describe(before)}`;
  }

  private async end(
    operation: OperationRecord,
    outcome: 'succeeded' | 'failed' | 'timed-out',
    message: string,
  ): Promise<FollowedOperation> {
    await this.deps.operations.put({
      ...operation,
      status: operationStatusAfter(operation.status, ENDED_BY[outcome]),
      endedAt: this.deps.now(),
      ...(outcome === 'succeeded' ? {} : { error: message }),
    });
    await this.deps.audit.append({
      at: this.deps.now(),
      targetName: operation.targetName,
      resourceId: operation.resourceId,
      action: operation.action,
      actor: operation.actor ?? 'schedule',
      reason: `following the ${operation.action} begun at ${new Date(operation.startedAt).toISOString()}`,
      result: `${outcome}: ${message}`,
    });
    const learned =
      operation.action === 'start'
        ? { endedStart: { begunAt: operation.startedAt, completed: outcome === 'succeeded' } }
        : {};
    return { targetName: operation.targetName, action: operation.action, outcome, message, ...learned };
  }
}
