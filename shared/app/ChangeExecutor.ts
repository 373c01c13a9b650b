import { outsideAllowedScopes } from '../domain/outsideAllowedScopes.js';
import { parseResourceId } from '../domain/ResourceId.js';
import type { ChangeRequest } from './ChangeRequest.js';
import type { PowerControl } from './ports/PowerControl.js';
import { RowAlreadyExistsError } from './RowAlreadyExistsError.js';
import { RowChangedError } from './RowChangedError.js';
import type { AuditTrail } from './tables/AuditTrail.js';
import type { OperationRecord, OperationTable } from './tables/OperationTable.js';
import type { OverrideTable } from './tables/OverrideTable.js';
import { isOverrideActive } from '../domain/Override.js';
import { TransientAzureError } from './TransientAzureError.js';

export type ExecuteResult = {
  result:
    'begun' | 'duplicate' | 'stale' | 'superseded' | 'busy' | 'conflict' | 'refused' | 'dry-run' | 'invalid';
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
}

/**
 * Carries out one change request (the queue function's job): at most one operation per target, and
 * exactly one per transition however often the message is delivered. Begins the Azure operation and
 * records how to follow it; never waits for it to finish.
 */
export class ChangeExecutor {
  constructor(private readonly deps: ChangeExecutorDependencies) {}

  async execute(request: ChangeRequest): Promise<ExecuteResult> {
    const parsed = parseResourceId(request.resourceId);
    if (!parsed.ok) return this.finish(request, { result: 'invalid', message: parsed.message });
    const outside = outsideAllowedScopes(parsed.resourceId, this.deps.allowedScopes ?? []);
    if (outside) return this.finish(request, { result: 'refused', message: outside });
    const superseding = await this.supersedingOverride(request);
    if (superseding) return this.finish(request, { result: 'superseded', message: superseding });
    if (this.deps.dryRun)
      return this.finish(request, {
        result: 'dry-run',
        message: `dry run: would ${request.action} ${request.resourceId}`,
      });
    const current = await this.deps.operations.get(request.targetName);
    if (current && current.transitionKey === request.transitionKey && current.status !== 'retrying') {
      return {
        result: 'duplicate',
        message: `the ${request.action} for this transition was already ${current.status === 'running' ? 'begun' : current.status}; nothing to do`,
      };
    }
    if (current && request.requestedAt < current.requestedAt) {
      return this.finish(request, {
        result: 'stale',
        message: `a newer change (${current.action} decided at ${new Date(current.requestedAt).toISOString()}) was already carried out; this older one is dropped`,
      });
    }
    if (current?.status === 'running' && current.transitionKey !== request.transitionKey) {
      return this.finish(request, {
        result: 'busy',
        message: `another operation (${current.action} begun at ${new Date(current.startedAt).toISOString()}) is still running; the next tick decides again`,
      });
    }
    const claimed = await this.claim(request, current);
    if (!claimed)
      return { result: 'duplicate', message: 'another delivery of this change claimed the target first' };
    const outcome = await this.deps.power.begin(parsed.resourceId, request.action);
    switch (outcome.outcome) {
      case 'begun': {
        const ended = outcome.operationState === undefined;
        await this.deps.operations.put({
          ...claimed,
          ...(ended
            ? { status: 'succeeded', endedAt: this.deps.now() }
            : { operationState: outcome.operationState }),
        });
        return this.finish(request, {
          result: 'begun',
          message: ended ? `${request.action} done at once` : `${request.action} begun`,
        });
      }
      case 'conflict':
        await this.end(claimed, `${outcome.code}: ${outcome.message}`);
        return this.finish(request, {
          result: 'conflict',
          message: `Azure says another operation is changing the target (${outcome.code}: ${outcome.message}); the next tick looks again`,
        });
      case 'refused':
        await this.end(claimed, `${outcome.code}: ${outcome.message}`);
        return this.finish(request, {
          result: 'refused',
          message: `Azure refused the ${request.action}: ${outcome.code}: ${outcome.message}`,
        });
      case 'failed':
        await this.deps.operations.put({
          ...claimed,
          status: 'retrying',
          error: `${outcome.code}: ${outcome.message}`,
        });
        await this.audit(request, `retrying: ${outcome.code}: ${outcome.message}`);
        throw new TransientAzureError(
          `could not ${request.action} ${request.resourceId} now (${outcome.code}: ${outcome.message}); the message will be delivered again`,
        );
    }
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
    if (override.effect === (request.action === 'start' ? 'running' : 'stopped')) return undefined;
    return `${override.kind}${override.createdBy ? ` by ${override.createdBy}` : ''}, set after this ${request.action} was decided, says ${override.effect}; the ${request.action} is dropped`;
  }

  /** Records the operation before calling Azure, conditional on the row being as read. */
  private async claim(
    request: ChangeRequest,
    current: OperationRecord | undefined,
  ): Promise<OperationRecord | undefined> {
    const record: OperationRecord = {
      targetName: request.targetName,
      resourceId: request.resourceId,
      action: request.action,
      transitionKey: request.transitionKey,
      status: 'running',
      requestedAt: request.requestedAt,
      startedAt: this.deps.now(),
      actor: request.actor,
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

  private async end(record: OperationRecord, error: string): Promise<void> {
    await this.deps.operations.put({ ...record, status: 'failed', endedAt: this.deps.now(), error });
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
    });
  }
}
