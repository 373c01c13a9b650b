import { parseResourceId } from '../domain/ResourceId.js';
import { HOUR_MS } from '../domain/time.js';
import type { PowerControl, ScaleSettings } from './ports/PowerControl.js';
import type { AuditTrail } from './tables/AuditTrail.js';
import type { OperationRecord, OperationTable } from './tables/OperationTable.js';

export interface FollowedOperation {
  targetName: string;
  action: 'start' | 'stop';
  outcome: 'running' | 'succeeded' | 'failed' | 'timed-out';
  message: string;
}

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
 * settings that AKS did not restore.
 */
export class OperationFollower {
  constructor(private readonly deps: OperationFollowerDependencies) {}

  async followAll(): Promise<FollowedOperation[]> {
    const running = (await this.deps.operations.list()).filter((operation) => operation.status === 'running');
    return Promise.all(running.map((operation) => this.follow(operation)));
  }

  private async follow(operation: OperationRecord): Promise<FollowedOperation> {
    const parsed = parseResourceId(operation.resourceId);
    if (!parsed.ok) return this.end(operation, 'failed', parsed.message);
    const progress = operation.operationState
      ? await this.deps.power.follow(parsed.resourceId, operation.action, operation.operationState)
      : ({ status: 'succeeded' } as const);
    if (progress.status === 'failed')
      return this.end(operation, 'failed', `${progress.code}: ${progress.message}`);
    if (progress.status === 'running') {
      const elapsed = this.deps.now() - operation.startedAt;
      if (elapsed < (this.deps.operationTimeoutMs ?? 2 * HOUR_MS))
        return {
          targetName: operation.targetName,
          action: operation.action,
          outcome: 'running',
          message: 'still running',
        };
      return this.end(
        operation,
        'timed-out',
        `still running after ${Math.round(elapsed / 60_000)} min; no longer followed`,
      );
    }
    const restored =
      parsed.resourceId.kind === 'nodepool' && operation.action === 'start' && operation.scaleBeforeStop
        ? await this.restoreScale(operation, operation.scaleBeforeStop)
        : '';
    return this.end(operation, 'succeeded', `${operation.action} succeeded${restored}`);
  }

  /** The known AKS issue: a started pool may come back with its autoscaler off or its range changed. */
  private async restoreScale(operation: OperationRecord, before: ScaleSettings): Promise<string> {
    const parsed = parseResourceId(operation.resourceId);
    if (!parsed.ok) return '';
    const now = await this.deps.power.readScale(parsed.resourceId);
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
      status: outcome === 'succeeded' ? 'succeeded' : 'failed',
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
    return { targetName: operation.targetName, action: operation.action, outcome, message };
  }
}
