import { OPERATION_STATUSES, type OperationStatus } from '../../domain/operationLifecycle.js';
import type { ScaleSettings } from './PowerControl.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import { decodeTableKey, encodeTableKey } from '../storage/tableKey.js';

const OWED_FOR = ['throttled', 'conflict', 'deferred'] as const;

/** The latest Azure operation on a target: under way, or how it ended. */
export interface OperationRecord {
  targetName: string;
  resourceId: string;
  action: 'start' | 'stop';
  /**
   * Identifies the transition the operation carries out (target, action and the instant the desired
   * state changed), so a redelivered queue message finds its operation already recorded.
   */
  transitionKey: string;
  /** Its place in the lifecycle (docs/architecture.md, The state of an operation). */
  status: OperationStatus;
  /** When the change was decided: an older request arriving later (queues do not keep order) is stale. */
  requestedAt: number;
  startedAt: number;
  endedAt?: number;
  /** The SDK poller's serialized state: enough for a later tick to follow the operation. */
  operationState?: string;
  /** A node pool's size and autoscaler before a stop, to check (and restore) after the start. */
  scaleBeforeStop?: ScaleSettings;
  /** Who asked for the change (`schedule` or a person), so its completion is audited under their name. */
  actor?: string;
  /** Azure's error code and message when it failed. */
  error?: string;
  /** `owed`: not to be tried again before this instant (Retry-After, or back-off after a conflict). */
  retryAt?: number;
  /** `owed`: how many times Azure was asked and did not take it. */
  attempts?: number;
  /**
   * `owed`: why the last attempt was not taken. After a `conflict` (409) or `deferred` (never sent)
   * a resource found in the asked state is someone else's doing; after `throttled` it may be ours
   * (an answer lost before the retry was throttled). Absent on rows from before it was kept.
   */
  owedFor?: 'throttled' | 'conflict' | 'deferred';
  etag?: string;
}

/** The Operations table: written by the app only; one row per target holding its latest operation. */
export class OperationTable {
  static readonly tableName = 'Operations';
  static readonly partitionKey = 'operation';

  constructor(readonly rows: RowTable) {}

  async list(): Promise<OperationRecord[]> {
    return (await this.rows.list({ partitionKey: OperationTable.partitionKey })).map(fromRow);
  }

  async get(targetName: string): Promise<OperationRecord | undefined> {
    const row = await this.rows.get(OperationTable.partitionKey, encodeTableKey(targetName));
    return row ? fromRow(row) : undefined;
  }

  /**
   * Writes the record if the row is still as read (`etag`), or absent when there is none; two
   * executors racing for one target cannot both win. Returns the new ETag.
   */
  async put(operation: OperationRecord): Promise<string> {
    return operation.etag
      ? this.rows.replace(toRow(operation), operation.etag)
      : this.rows.insert(toRow(operation));
  }
}

function fromRow(row: TableRow): OperationRecord {
  const text = (column: string) =>
    typeof row[column] === 'string' && row[column] !== '' ? (row[column] as string) : undefined;
  const instant = (column: string) => (text(column) ? Date.parse(text(column) ?? '') : undefined);
  const status = text('Status');
  const endedAt = instant('EndedAt');
  const operationState = text('OperationState');
  const scale = text('ScaleBeforeStop');
  const error = text('Error');
  const actor = text('Actor');
  const retryAt = instant('RetryAt');
  const attempts = typeof row['Attempts'] === 'number' ? row['Attempts'] : undefined;
  const owedFor = OWED_FOR.find((known) => known === text('OwedFor'));
  return {
    targetName: decodeTableKey(row.rowKey),
    resourceId: text('ResourceId') ?? '',
    action: text('Action') === 'start' ? 'start' : 'stop',
    transitionKey: text('TransitionKey') ?? '',
    // A row from before `beginning` existed that says `running` has no operation state: the follower checks the resource.
    status: OPERATION_STATUSES.find((known) => known === status) ?? 'running',
    requestedAt: instant('RequestedAt') ?? instant('StartedAt') ?? 0,
    startedAt: instant('StartedAt') ?? 0,
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(operationState ? { operationState } : {}),
    ...(scale ? { scaleBeforeStop: JSON.parse(scale) as ScaleSettings } : {}),
    ...(error ? { error } : {}),
    ...(actor ? { actor } : {}),
    ...(retryAt !== undefined ? { retryAt } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(owedFor ? { owedFor } : {}),
    ...(row.etag ? { etag: row.etag } : {}),
  };
}

function toRow(operation: OperationRecord): TableRow {
  return {
    partitionKey: OperationTable.partitionKey,
    rowKey: encodeTableKey(operation.targetName),
    ResourceId: operation.resourceId,
    Action: operation.action,
    TransitionKey: operation.transitionKey,
    Status: operation.status,
    RequestedAt: new Date(operation.requestedAt).toISOString(),
    StartedAt: new Date(operation.startedAt).toISOString(),
    EndedAt: operation.endedAt === undefined ? '' : new Date(operation.endedAt).toISOString(),
    OperationState: operation.operationState ?? '',
    ScaleBeforeStop: operation.scaleBeforeStop ? JSON.stringify(operation.scaleBeforeStop) : '',
    Error: operation.error ?? '',
    Actor: operation.actor ?? '',
    RetryAt: operation.retryAt === undefined ? '' : new Date(operation.retryAt).toISOString(),
    Attempts: operation.attempts ?? 0,
    OwedFor: operation.owedFor ?? '',
  };
}
