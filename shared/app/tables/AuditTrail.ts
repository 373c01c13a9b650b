import { randomUUID } from 'node:crypto';
import type { RowTable, TableRow } from '../ports/RowTable.js';
import { encodeTableKey, decodeTableKey } from '../rows/tableKey.js';

/** One thing the app did or refused, who asked and why. */
export interface AuditEntry {
  at: number;
  /** The target's name, or undefined for app-wide events. */
  targetName?: string;
  resourceId?: string;
  /** `stop`, `start`, `override`, `refused`, `poison-message`, … */
  action: string;
  /** The person (Easy Auth principal) or `schedule` for the timer. */
  actor: string;
  reason: string;
  /** `succeeded`, `failed: <code> <message>`, `refused`, `dry-run`, … */
  result: string;
}

export interface AuditQuery {
  targetName?: string;
  since?: number;
  limit?: number;
}

/** Largest epoch ms a JavaScript Date holds: keys count down from it so the newest sorts first. */
const LAST_INSTANT = 8_640_000_000_000_000;
const APP_PARTITION = '_app';
const SEQUENCE_SPAN = 1_000_000;

function invertedTime(at: number): string {
  return String(LAST_INSTANT - at).padStart(16, '0');
}

/**
 * The Audit table: append-only, one partition per target, RowKeys that sort newest first so the
 * latest entries are read first.
 */
export class AuditTrail {
  static readonly tableName = 'Audit';
  /** Counts appends in this process, so entries of the same millisecond keep their order. */
  private static sequence = 0;

  constructor(private readonly rows: RowTable) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.rows.insert({
      partitionKey: entry.targetName ? encodeTableKey(entry.targetName) : APP_PARTITION,
      // Within a millisecond the later append sorts first; the random part keeps processes apart.
      rowKey: `${invertedTime(entry.at)}-${String(SEQUENCE_SPAN - (AuditTrail.sequence++ % SEQUENCE_SPAN)).padStart(7, '0')}-${randomUUID().slice(0, 8)}`,
      At: new Date(entry.at).toISOString(),
      ...(entry.targetName ? { Target: entry.targetName } : {}),
      ...(entry.resourceId ? { ResourceId: entry.resourceId } : {}),
      Action: entry.action,
      Actor: entry.actor,
      Reason: entry.reason,
      Result: entry.result,
    });
  }

  /** Entries newest first, optionally for one target and since an instant. */
  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const rows = await this.rows.list({
      ...(query.targetName ? { partitionKey: encodeTableKey(query.targetName) } : {}),
      ...(query.since !== undefined ? { rowKeyTo: `${invertedTime(query.since)}~` } : {}),
    });
    // Row keys sort newest first; across partitions they are merged by the same order.
    const entries = rows
      .sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0))
      .map(fromRow);
    return query.limit === undefined ? entries : entries.slice(0, query.limit);
  }
}

function fromRow(row: TableRow): AuditEntry {
  const targetName = row.partitionKey === APP_PARTITION ? undefined : decodeTableKey(row.partitionKey);
  return {
    at: Date.parse(String(row['At'])),
    ...(targetName ? { targetName } : {}),
    ...(typeof row['ResourceId'] === 'string' ? { resourceId: row['ResourceId'] } : {}),
    action: String(row['Action'] ?? ''),
    actor: String(row['Actor'] ?? ''),
    reason: String(row['Reason'] ?? ''),
    result: String(row['Result'] ?? ''),
  };
}
