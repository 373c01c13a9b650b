import type { RowTable, TableRow } from '../ports/RowTable.js';
import { decodeTableKey, encodeTableKey } from '../rows/tableKey.js';

/** An Azure operation the app began and has not yet seen end. */
export interface OperationRecord {
  targetName: string;
  resourceId: string;
  action: 'start' | 'stop';
  /**
   * Identifies the transition the operation carries out (target, action and the instant the
   * desired state changed), so a redelivered queue message finds its operation already recorded.
   */
  transitionKey: string;
  startedAt: number;
  /** Where Azure reports progress (`Azure-AsyncOperation` or `Location`), when it gave one. */
  operationUrl?: string;
}

/** The Operations table: written by the app only; one row per target, since one operation at a time. */
export class OperationTable {
  static readonly tableName = 'Operations';
  static readonly partitionKey = 'operation';

  constructor(private readonly rows: RowTable) {}

  async list(): Promise<OperationRecord[]> {
    return (await this.rows.list({ partitionKey: OperationTable.partitionKey })).map(fromRow);
  }

  async get(targetName: string): Promise<OperationRecord | undefined> {
    const row = await this.rows.get(OperationTable.partitionKey, encodeTableKey(targetName));
    return row ? fromRow(row) : undefined;
  }

  /** Records a new operation; `RowAlreadyExistsError` when one is already recorded for the target. */
  async begin(operation: OperationRecord): Promise<void> {
    await this.rows.insert(toRow(operation));
  }

  async update(operation: OperationRecord): Promise<void> {
    await this.rows.upsert(toRow(operation));
  }

  async end(targetName: string): Promise<void> {
    await this.rows.delete(OperationTable.partitionKey, encodeTableKey(targetName));
  }
}

function fromRow(row: TableRow): OperationRecord {
  const url = row['OperationUrl'];
  return {
    targetName: decodeTableKey(row.rowKey),
    resourceId: String(row['ResourceId'] ?? ''),
    action: row['Action'] === 'start' ? 'start' : 'stop',
    transitionKey: String(row['TransitionKey'] ?? ''),
    startedAt: Date.parse(String(row['StartedAt'])),
    ...(typeof url === 'string' && url !== '' ? { operationUrl: url } : {}),
  };
}

function toRow(operation: OperationRecord): TableRow {
  return {
    partitionKey: OperationTable.partitionKey,
    rowKey: encodeTableKey(operation.targetName),
    ResourceId: operation.resourceId,
    Action: operation.action,
    TransitionKey: operation.transitionKey,
    StartedAt: new Date(operation.startedAt).toISOString(),
    OperationUrl: operation.operationUrl ?? '',
  };
}
