import { OVERRIDE_KINDS, type Override } from '../../domain/Override.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import type { LoadResult } from '../storage/LoadResult.js';
import type { RowIdentity } from '../storage/RowIdentity.js';
import { RowReader } from '../storage/RowReader.js';
import { decodeTableKey, encodeTableKey } from '../storage/tableKey.js';

export interface OverrideRecord {
  /** The target's name (its Targets RowKey). */
  targetName: string;
  override: Override;
  row?: RowIdentity;
}

/** Override rows read: the active and future ones, the expired (for clean-up) and the rows' problems. */
export type LoadedOverrides = LoadResult<OverrideRecord> & { expired: OverrideRecord[] };

/** The Overrides table: at most one active override per target, written by the API. */
export class OverrideTable {
  static readonly tableName = 'Overrides';
  static readonly partitionKey = 'override';

  constructor(readonly rows: RowTable) {}

  /**
   * Active and future overrides. An expired one is reported (so a person sees why it has no effect)
   * and returned in `expired` for clean-up.
   */
  async load(now: number): Promise<LoadedOverrides> {
    return loadedOf(await this.rows.list({ partitionKey: OverrideTable.partitionKey }), now);
  }

  /** One target's override row, by key, read as `load` reads it. */
  async loadOne(targetName: string, now: number): Promise<LoadedOverrides> {
    const row = await this.rows.get(OverrideTable.partitionKey, encodeTableKey(targetName));
    return loadedOf(row ? [row] : [], now);
  }

  /**
   * The override rows whose keys lie between two targets' keys, both included (a page of the fleet:
   * docs/architecture.md, The fleet a page at a time), read as `load` reads them.
   */
  async loadRange(fromKey: string, toKey: string, now: number): Promise<LoadedOverrides> {
    const rows = await this.rows.list({
      partitionKey: OverrideTable.partitionKey,
      rowKeyFrom: fromKey,
      rowKeyTo: toKey,
    });
    return loadedOf(rows, now);
  }

  async get(targetName: string): Promise<OverrideRecord | undefined> {
    const row = await this.rows.get(OverrideTable.partitionKey, encodeTableKey(targetName));
    return row ? readOverride(row, new RowReader(OverrideTable.tableName, row)) : undefined;
  }

  /** The ETag of the target's override row, readable or not (a row typed by hand may be refused by the reader). */
  async etagOf(targetName: string): Promise<string | undefined> {
    return (await this.rows.get(OverrideTable.partitionKey, encodeTableKey(targetName)))?.etag;
  }

  /** Sets the target's override, replacing the previous one only if it is unchanged since read. */
  async put(record: OverrideRecord, etag?: string): Promise<string> {
    return etag ? this.rows.replace(toRow(record), etag) : this.rows.insert(toRow(record));
  }

  async delete(targetName: string, etag?: string): Promise<boolean> {
    return this.rows.delete(OverrideTable.partitionKey, encodeTableKey(targetName), etag);
  }
}

/** A row as `load` reads it: an active or future record, an expired one (reported), or its problems. */
/** These rows read as `load` reads them: the active and future overrides, the expired, the problems. */
function loadedOf(rows: readonly TableRow[], now: number): LoadedOverrides {
  const result = {
    records: [] as OverrideRecord[],
    problems: [] as LoadResult<OverrideRecord>['problems'],
    expired: [] as OverrideRecord[],
  };
  for (const row of rows) readLoaded(row, now, result);
  return result;
}

function readLoaded(row: TableRow, now: number, result: LoadedOverrides): void {
  const reader = new RowReader(OverrideTable.tableName, row);
  const record = readOverride(row, reader);
  if (record && record.override.until <= now) {
    result.expired.push(record);
    reader.problem(
      `the override ended at ${new Date(record.override.until).toISOString()} and has no effect; it will be removed`,
      'Until',
      row['Until'],
    );
  }
  result.problems.push(...reader.problems);
  if (record && reader.problems.length === 0) result.records.push(record);
}

function readOverride(row: TableRow, reader: RowReader): OverrideRecord | undefined {
  const kind = reader.choice('Kind', OVERRIDE_KINDS, true);
  const effect = reader.choice('Effect', ['running', 'stopped'] as const, true);
  const from = reader.instant('From', true);
  const until = reader.instant('Until', true);
  const createdAt = reader.instant('CreatedAt', true);
  const createdBy = reader.text('CreatedBy', { maxLength: 256 });
  const reason = reader.text('Reason', { maxLength: 1000 });
  if (from !== undefined && until !== undefined && until <= from)
    reader.problem('Until must be after From', 'Until', row['Until']);
  if (
    !kind ||
    !effect ||
    from === undefined ||
    until === undefined ||
    createdAt === undefined ||
    reader.problems.length > 0
  )
    return undefined;
  const override: Override = {
    kind,
    effect,
    from,
    until,
    createdAt,
    ...(createdBy ? { createdBy } : {}),
    ...(reason ? { reason } : {}),
  };
  return {
    targetName: decodeTableKey(row.rowKey),
    override,
    row: { partitionKey: row.partitionKey, rowKey: row.rowKey, ...(row.etag ? { etag: row.etag } : {}) },
  };
}

function toRow({ targetName, override }: OverrideRecord): TableRow {
  return {
    partitionKey: OverrideTable.partitionKey,
    rowKey: encodeTableKey(targetName),
    Kind: override.kind,
    Effect: override.effect,
    From: new Date(override.from).toISOString(),
    Until: new Date(override.until).toISOString(),
    CreatedAt: new Date(override.createdAt).toISOString(),
    ...(override.createdBy ? { CreatedBy: override.createdBy } : {}),
    ...(override.reason ? { Reason: override.reason } : {}),
  };
}
