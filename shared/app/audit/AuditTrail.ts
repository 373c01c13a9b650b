import { randomUUID } from 'node:crypto';
import { parseFootprint, type ComputeFootprint } from '../../domain/ComputeFootprint.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import { encodeTableKey, decodeTableKey } from '../storage/tableKey.js';

/** One thing the app did or refused, who asked and why. */
export interface AuditEntry {
  at: number;
  /** The target's name, or undefined for app-wide events. */
  targetName?: string;
  resourceId?: string;
  /** `stop`, `start`, `override`, `refused`, `poison-message`, … */
  action: string;
  /** The person (Easy Auth principal), `function key`, or `schedule` for the timer. */
  actor: string;
  reason: string;
  /** `succeeded`, `failed: <code> <message>`, `refused`, `dry-run`, … */
  result: string;
  /** A stop's entries: the nodes and region observed before it (docs/savings.md). */
  footprint?: ComputeFootprint;
}

export interface AuditQuery {
  targetName?: string;
  since?: number;
  /** At most this many entries (default 100); only they are read. */
  limit?: number;
  /** Continue after this entry: the `next` of the page before. */
  after?: string;
}

/** One page of entries, newest first; `next` continues after the last one when there may be more. */
export interface AuditPage {
  entries: AuditEntry[];
  next?: string;
}

/** Largest epoch ms a JavaScript Date holds: keys count down from it so the newest sorts first. */
const LAST_INSTANT = 8_640_000_000_000_000;
const APP_PARTITION = '_app';
/**
 * Every entry is also written here, so the whole trail reads newest first from one partition. An
 * encoded target name never holds `%` without two hex digits after it, so no target can collide.
 */
const TIMELINE_PARTITION = '%timeline';
/** Marks the timeline as holding the entries written before it existed (see `migrate`). */
const MIGRATED = { partitionKey: '%meta', rowKey: 'timeline-v1' };
const SEQUENCE_SPAN = 1_000_000;
const DEFAULT_LIMIT = 100;
/** Row keys are `<16 digits>-<7 digits>-<8 hex>`: all the same length, so one sorts after another only by content. */
export const AUDIT_CURSOR = /^\d{16}-\d{7}-[0-9a-f]{8}$/;

function invertedTime(at: number): string {
  return String(LAST_INSTANT - at).padStart(16, '0');
}

/**
 * The Audit table (docs/storage.md): append-only; one partition per target, and a timeline partition
 * with every entry, both with RowKeys that sort newest first. Table Storage returns a partition in
 * RowKey order, so the newest entries are the first read and a page of N reads N rows, at any size.
 */
export class AuditTrail {
  static readonly tableName = 'Audit';
  /** Counts appends in this process, so entries of the same millisecond keep their order. */
  private static sequence = 0;
  private migrated: Promise<void> | undefined;

  constructor(readonly rows: RowTable) {}

  async append(entry: AuditEntry): Promise<void> {
    // Within a millisecond the later append sorts first; the random part keeps processes apart.
    const rowKey = `${invertedTime(entry.at)}-${String(SEQUENCE_SPAN - (AuditTrail.sequence++ % SEQUENCE_SPAN)).padStart(7, '0')}-${randomUUID().slice(0, 8)}`;
    const columns = {
      At: new Date(entry.at).toISOString(),
      ...(entry.targetName ? { Target: entry.targetName } : {}),
      ...(entry.resourceId ? { ResourceId: entry.resourceId } : {}),
      Action: entry.action,
      Actor: entry.actor,
      Reason: entry.reason,
      Result: entry.result,
      ...(entry.footprint ? { Footprint: JSON.stringify(entry.footprint) } : {}),
    };
    await Promise.all([
      this.rows.insert({ partitionKey: ownPartition(entry.targetName), rowKey, ...columns }),
      this.rows.insert({ partitionKey: TIMELINE_PARTITION, rowKey, ...columns }),
    ]);
  }

  /** Entries newest first, optionally for one target and since an instant. */
  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    return (await this.page(query)).entries;
  }

  /** One page of entries, newest first: reads `limit` rows (one more, to know whether there is a next page). */
  async page(query: AuditQuery = {}): Promise<AuditPage> {
    if (!query.targetName) await this.migrateOnce();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.rows.list({
      partitionKey: query.targetName ? encodeTableKey(query.targetName) : TIMELINE_PARTITION,
      // Keys have one length, so anything longer than the cursor that starts with it sorts right after it.
      ...(query.after !== undefined ? { rowKeyFrom: `${query.after}!` } : {}),
      ...(query.since !== undefined ? { rowKeyTo: `${invertedTime(query.since)}~` } : {}),
      limit: limit + 1,
    });
    const entries = rows.slice(0, limit).map(fromRow);
    const last = rows[limit - 1];
    return rows.length > limit && last ? { entries, next: last.rowKey } : { entries };
  }

  private migrateOnce(): Promise<void> {
    this.migrated ??= this.migrate().catch((error: unknown) => {
      this.migrated = undefined;
      throw error;
    });
    return this.migrated;
  }

  /**
   * Entries written before the timeline existed are copied into it once, with their own keys (so a
   * copy made twice is the same row), then a marker row says so. Later reads skip this.
   */
  private async migrate(): Promise<void> {
    if (await this.rows.get(MIGRATED.partitionKey, MIGRATED.rowKey)) return;
    const older = (await this.rows.list()).filter(
      (row) => row.partitionKey !== TIMELINE_PARTITION && row.partitionKey !== MIGRATED.partitionKey,
    );
    await this.rows.upsertMany(
      older.map(({ etag: _etag, partitionKey, ...row }) => ({
        ...row,
        ...(partitionKey !== APP_PARTITION && row['Target'] === undefined
          ? { Target: decodeTableKey(partitionKey) }
          : {}),
        partitionKey: TIMELINE_PARTITION,
      })),
    );
    await this.rows.upsert({ ...MIGRATED, At: new Date().toISOString(), Copied: older.length });
  }
}

function ownPartition(targetName: string | undefined): string {
  return targetName ? encodeTableKey(targetName) : APP_PARTITION;
}

function fromRow(row: TableRow): AuditEntry {
  const target = row['Target'];
  const targetName =
    typeof target === 'string'
      ? target
      : row.partitionKey === APP_PARTITION || row.partitionKey === TIMELINE_PARTITION
        ? undefined
        : decodeTableKey(row.partitionKey);
  return {
    at: Date.parse(String(row['At'])),
    ...(targetName ? { targetName } : {}),
    ...(typeof row['ResourceId'] === 'string' ? { resourceId: row['ResourceId'] } : {}),
    action: String(row['Action'] ?? ''),
    actor: String(row['Actor'] ?? ''),
    reason: String(row['Reason'] ?? ''),
    result: String(row['Result'] ?? ''),
    ...footprintColumn(row['Footprint']),
  };
}

function footprintColumn(value: unknown): { footprint?: ComputeFootprint } {
  const footprint = typeof value === 'string' ? parseFootprint(value) : undefined;
  return footprint ? { footprint } : {};
}
