import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import type { LoadResult } from '../storage/LoadResult.js';
import type { RowProblem } from '../storage/RowProblem.js';
import type { RowIdentity } from '../storage/RowIdentity.js';
import { RowReader } from '../storage/RowReader.js';
import { groupBy } from '../../domain/groupBy.js';
import { nameOfRowKey, rowKeyOfName } from '../storage/rowName.js';
import { checkRowName, NAME_LENGTH } from '../schedules/ScheduleTable.js';
import { readNotify } from '../notifications/notifyColumn.js';
import { deepFreeze } from '../../domain/deepFreeze.js';
import { targetKeyOf } from './targetKey.js';
import { rowsAfter } from '../storage/rowsAfter.js';

/** The columns of a Targets row, spelt as the app writes them (read in any case). */
export const TARGET_COLUMNS = [
  'ResourceId',
  'Schedule',
  'Enabled',
  'AllowAksManagedScaleSet',
  'Description',
  'Notify',
];

export interface TargetRecord {
  /** The row's name for the target (its RowKey), used as the key of its state and overrides. */
  name: string;
  resourceId: ResourceId;
  scheduleName: string;
  enabled: boolean;
  allowAksManagedScaleSet: boolean;
  description?: string;
  /** The Notify column: channel names, separated by commas; instead of the schedule's (docs/notifications.md). */
  notify?: string;
  row?: RowIdentity;
  /** Columns of the person's own on the row, kept when the app writes it. */
  extraColumns?: Record<string, unknown>;
}

/** One Targets row read on its own (a page's row): its record or its own problems, and its warnings. */
export interface TargetRowRead {
  readonly row: RowIdentity;
  /** Its target's key (`targetKeyOf` of the name it stands for). */
  readonly key: string;
  readonly record?: TargetRecord;
  readonly problems: readonly RowProblem[];
  readonly warnings: readonly RowProblem[];
}

/** What one Targets row reads as: its record when it is usable, and what is wrong or worth knowing. */
interface ReadTarget {
  readonly record?: TargetRecord;
  readonly problems: readonly RowProblem[];
  readonly warnings: readonly RowProblem[];
}

/**
 * The Targets table: one row per registered target, edited by people. A resource registered by two
 * rows is ambiguous, so neither row is used until one is removed.
 */
export class TargetTable {
  static readonly tableName = 'Targets';
  static readonly partitionKey = 'target';

  /** Rows read by `load`, by keys, with the ETag they were read at. */
  private readonly readRows = new Map<string, { etag: string; read: ReadTarget }>();

  /** The rows themselves, for import and export, which compare and write whole rows. */
  constructor(readonly rows: RowTable) {}

  async load(): Promise<LoadResult<TargetRecord>> {
    const result: LoadResult<TargetRecord> & { warnings: RowProblem[] } = {
      records: [],
      problems: [],
      warnings: [],
    };
    const candidates: { record: TargetRecord; row: TableRow }[] = [];
    const listed = new Set<string>();
    for (const row of await this.rows.list()) {
      const read = this.readRow(row, listed);
      result.warnings.push(...read.warnings);
      if (read.record && read.problems.length === 0) candidates.push({ record: read.record, row });
      else result.problems.push(...read.problems);
    }
    for (const key of this.readRows.keys()) if (!listed.has(key)) this.readRows.delete(key);
    const rowsByResource = groupBy(candidates, ({ record }) => record.resourceId.key);
    const rowsByName = groupBy(candidates, ({ record }) => record.name.toLowerCase());
    for (const { record, row } of candidates) {
      const sameResource = (rowsByResource.get(record.resourceId.key) ?? []).filter(
        (other) => other.record !== record,
      );
      const sameName = (rowsByName.get(record.name.toLowerCase()) ?? []).filter(
        (other) => other.record !== record,
      );
      if (sameResource.length === 0 && sameName.length === 0) {
        result.records.push(record);
        continue;
      }
      const reader = new RowReader(TargetTable.tableName, row);
      if (sameResource.length > 0) {
        reader.problem(
          `the same resource is also registered by ${describeRows(sameResource)}; keep one row, neither is used until then`,
          'ResourceId',
          record.resourceId.id,
        );
      }
      if (sameName.length > 0)
        reader.problem(
          `the name "${record.name}" is also used by ${describeRows(sameName)}; names must be unique, ignoring case`,
          'RowKey',
          record.name,
        );
      result.problems.push(...reader.problems);
    }
    return result;
  }

  /**
   * One row read as a record, or its problems. A row is read again only when its ETag changed (Table
   * Storage gives every write a new one), so a tick at 20,000 targets does not re-validate 20,000
   * unchanged rows (docs/architecture.md, Memory and tick time). What is kept is frozen: callers share it.
   */
  private readRow(row: TableRow, listed: Set<string>): ReadTarget {
    const key = `${row.partitionKey}\u0000${row.rowKey}`;
    listed.add(key);
    const known = this.readRows.get(key);
    if (known && row.etag !== undefined && known.etag === row.etag) return known.read;
    const reader = new RowReader(TargetTable.tableName, row);
    const record = readTarget(row, reader);
    const read: ReadTarget = deepFreeze({
      ...(record ? { record } : {}),
      problems: reader.problems,
      warnings: reader.warnings,
    });
    if (row.etag !== undefined) this.readRows.set(key, { etag: row.etag, read });
    else this.readRows.delete(key);
    return read;
  }

  /** The row of one target: the row whose key is the name, or else one whose key reads as that name. */
  async get(name: string): Promise<TargetRecord | undefined> {
    const [exact] = await this.rows.list({ rowKey: rowKeyOfName(name) });
    const row =
      exact && nameOfRowKey(exact.rowKey) === name
        ? exact
        : (await this.rows.list()).find((candidate) => nameOfRowKey(candidate.rowKey) === name);
    return row ? readTarget(row, new RowReader(TargetTable.tableName, row)) : undefined;
  }

  /**
   * One target's row by its key, read as `load` reads it (its record, or its own problems), without
   * the other rows: clashes with them (one resource or one name twice) are `load`'s to find, each tick.
   * Undefined unless exactly one row has that key (a key typed with spaces around it, or the same key
   * in two partitions, is `load`'s to read).
   */
  async readOne(
    name: string,
  ): Promise<{ record?: TargetRecord; problems: readonly RowProblem[] } | undefined> {
    const rows = await this.rows.list({ rowKey: rowKeyOfName(name) });
    const [row] = rows;
    if (rows.length !== 1 || !row || nameOfRowKey(row.rowKey) !== name) return undefined;
    const reader = new RowReader(TargetTable.tableName, row);
    const record = readTarget(row, reader);
    return record && reader.problems.length === 0 ? { record, problems: [] } : { problems: reader.problems };
  }

  /**
   * The rows of the app's partition whose RowKeys follow `afterKey`, in key order, each read as
   * `readOne` reads it: at most `count` rows read, and when the read stopped short of the partition's
   * end, the last key read (`frontier`). Only rows in key order (`isInKeyOrder`) are returned: a row
   * out of it is not where its key says, and comes from the fleet summary's list instead
   * (docs/architecture.md, The fleet a page at a time).
   */
  async readAfter(
    afterKey: string | undefined,
    count: number,
  ): Promise<{ rows: TargetRowRead[]; frontier?: string }> {
    const { rows, frontier } = await rowsAfter(this.rows, TargetTable.partitionKey, afterKey, count);
    return {
      rows: rows.filter(isInKeyOrder).map(readAlone),
      ...(frontier !== undefined ? { frontier } : {}),
    };
  }

  /** These rows, each read by its keys as `readAfter` reads it; a row no longer there is left out. */
  async readEach(rows: readonly Pick<RowIdentity, 'partitionKey' | 'rowKey'>[]): Promise<TargetRowRead[]> {
    const read = await Promise.all(rows.map((row) => this.rows.get(row.partitionKey, row.rowKey)));
    return read.filter((row): row is TableRow => row !== undefined).map(readAlone);
  }

  /** The name of another target that differs from `name` only in case, if there is one. */
  async caseVariantOf(name: string): Promise<string | undefined> {
    return (await this.rows.list())
      .map((row) => nameOfRowKey(row.rowKey).trim())
      .find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  }

  async create(record: TargetRecord): Promise<string> {
    return this.rows.insert(targetToRow(record));
  }

  async replace(record: TargetRecord, etag: string): Promise<string> {
    return this.rows.replace(targetToRow(record), etag);
  }

  async delete(record: TargetRecord, etag?: string): Promise<boolean> {
    const row = record.row ?? { partitionKey: TargetTable.partitionKey, rowKey: rowKeyOfName(record.name) };
    return this.rows.delete(row.partitionKey, row.rowKey, etag);
  }
}

/**
 * Whether a Targets row sits where its target's key puts it: in the app's partition with the key as
 * its RowKey. Nearly every row does; one in another partition, with spaces around its RowKey or with
 * a `%` in its name (`50%off`, whose key is `50%25off`) does not, and a range read cannot find it.
 */
export function isInKeyOrder(row: Pick<RowIdentity, 'partitionKey' | 'rowKey'>): boolean {
  return (
    row.partitionKey === TargetTable.partitionKey && row.rowKey === targetKeyOf(nameOfRowKey(row.rowKey))
  );
}

function readAlone(row: TableRow): TargetRowRead {
  const reader = new RowReader(TargetTable.tableName, row);
  const record = readTarget(row, reader);
  return {
    row: { partitionKey: row.partitionKey, rowKey: row.rowKey, ...(row.etag ? { etag: row.etag } : {}) },
    key: targetKeyOf(nameOfRowKey(row.rowKey)),
    ...(record && reader.problems.length === 0 ? { record } : {}),
    problems: reader.problems,
    warnings: reader.warnings,
  };
}

function describeRows(rows: readonly { record: TargetRecord }[]): string {
  return rows
    .map(({ record }) => `row "${record.row?.partitionKey ?? ''}"/"${record.row?.rowKey ?? record.name}"`)
    .join(', ');
}

function readTarget(row: TableRow, reader: RowReader): TargetRecord | undefined {
  const name = nameOfRowKey(row.rowKey);
  checkRowName(name, row.rowKey, "the target's", reader);
  reader.checkColumns(TARGET_COLUMNS);
  const idText = reader.text('ResourceId', { required: true, maxLength: 1024, identifier: true });
  const parsed = idText === undefined ? undefined : parseResourceId(idText, { checkSegments: true });
  if (parsed && !parsed.ok) reader.problem(parsed.message, 'ResourceId', idText);
  const scheduleName = reader.text('Schedule', { required: true, maxLength: NAME_LENGTH });
  const enabled = reader.boolean('Enabled', true);
  const allowAksManagedScaleSet = reader.boolean('AllowAksManagedScaleSet', false);
  const description = reader.text('Description', { maxLength: 1000 });
  const notify = readNotify(reader);
  if (
    reader.problems.length > 0 ||
    !parsed?.ok ||
    scheduleName === undefined ||
    enabled === undefined ||
    allowAksManagedScaleSet === undefined
  )
    return undefined;
  return {
    name,
    resourceId: parsed.resourceId,
    scheduleName,
    enabled,
    allowAksManagedScaleSet,
    ...(description !== undefined ? { description } : {}),
    ...(notify !== undefined ? { notify } : {}),
    row: { partitionKey: row.partitionKey, rowKey: row.rowKey, ...(row.etag ? { etag: row.etag } : {}) },
    ...(Object.keys(reader.extraColumns).length > 0 ? { extraColumns: reader.extraColumns } : {}),
  };
}

/** The row the app writes for a record; an existing row keeps its keys. */
export function targetToRow(record: TargetRecord): TableRow {
  return {
    ...record.extraColumns,
    partitionKey: record.row?.partitionKey ?? TargetTable.partitionKey,
    rowKey: record.row?.rowKey ?? rowKeyOfName(record.name),
    ResourceId: record.resourceId.id,
    Schedule: record.scheduleName,
    Enabled: record.enabled,
    AllowAksManagedScaleSet: record.allowAksManagedScaleSet,
    ...(record.description !== undefined ? { Description: record.description } : {}),
    ...(record.notify !== undefined ? { Notify: record.notify } : {}),
  };
}
