import { parseResourceId, type ResourceId } from '../../domain/ResourceId.js';
import type { RowTable, TableRow } from '../ports/RowTable.js';
import type { LoadResult } from '../rows/LoadResult.js';
import type { RowIdentity } from '../rows/RowIdentity.js';
import { RowReader } from '../rows/RowReader.js';
import { groupBy } from '../rows/groupBy.js';
import { decodeTableKey, encodeTableKey } from '../rows/tableKey.js';
import { NAME_LENGTH } from './ScheduleTable.js';

export interface TargetRecord {
  /** The row's name for the target (its RowKey), used as the key of its state and overrides. */
  name: string;
  resourceId: ResourceId;
  scheduleName: string;
  enabled: boolean;
  allowAksManagedScaleSet: boolean;
  description?: string;
  row?: RowIdentity;
}

/**
 * The Targets table: one row per registered target, edited by people. A resource registered by two
 * rows is ambiguous, so neither row is used until one is removed.
 */
export class TargetTable {
  static readonly tableName = 'Targets';
  static readonly partitionKey = 'target';

  /** The rows themselves, for import and export, which compare and write whole rows. */
  constructor(readonly rows: RowTable) {}

  async load(): Promise<LoadResult<TargetRecord>> {
    const result: LoadResult<TargetRecord> = { records: [], problems: [] };
    const candidates: { record: TargetRecord; reader: RowReader }[] = [];
    for (const row of await this.rows.list()) {
      const reader = new RowReader(TargetTable.tableName, row);
      const record = readTarget(row, reader);
      if (record && reader.problems.length === 0) candidates.push({ record, reader });
      else result.problems.push(...reader.problems);
    }
    const rowsByResource = groupBy(candidates, ({ record }) => record.resourceId.key);
    const rowsByName = groupBy(candidates, ({ record }) => record.name.toLowerCase());
    for (const { record, reader } of candidates) {
      const sameResource = (rowsByResource.get(record.resourceId.key) ?? []).filter(
        (other) => other.record !== record,
      );
      const sameName = (rowsByName.get(record.name.toLowerCase()) ?? []).filter(
        (other) => other.record !== record,
      );
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
      if (reader.problems.length === 0) result.records.push(record);
      else result.problems.push(...reader.problems);
    }
    return result;
  }

  async get(name: string): Promise<TargetRecord | undefined> {
    const [row] = await this.rows.list({ rowKey: encodeTableKey(name) });
    return row ? readTarget(row, new RowReader(TargetTable.tableName, row)) : undefined;
  }

  /** The name of another target that differs from `name` only in case, if there is one. */
  async caseVariantOf(name: string): Promise<string | undefined> {
    return (await this.rows.list())
      .map((row) => decodeTableKey(row.rowKey).trim())
      .find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  }

  async create(record: TargetRecord): Promise<string> {
    return this.rows.insert(targetToRow(record));
  }

  async replace(record: TargetRecord, etag: string): Promise<string> {
    return this.rows.replace(targetToRow(record), etag);
  }

  async delete(record: TargetRecord, etag?: string): Promise<boolean> {
    const row = record.row ?? { partitionKey: TargetTable.partitionKey, rowKey: encodeTableKey(record.name) };
    return this.rows.delete(row.partitionKey, row.rowKey, etag);
  }
}

function describeRows(rows: readonly { record: TargetRecord }[]): string {
  return rows
    .map(({ record }) => `row "${record.row?.partitionKey ?? ''}"/"${record.row?.rowKey ?? record.name}"`)
    .join(', ');
}

function readTarget(row: TableRow, reader: RowReader): TargetRecord | undefined {
  const name = decodeTableKey(row.rowKey).trim();
  if (name === '' || name.length > NAME_LENGTH)
    return reader.problem(
      `the RowKey is the target's name and must have 1 to ${NAME_LENGTH} characters`,
      'RowKey',
      row.rowKey,
    );
  const idText = reader.text('ResourceId', { required: true, maxLength: 1024 });
  const parsed = idText === undefined ? undefined : parseResourceId(idText);
  if (parsed && !parsed.ok) reader.problem(parsed.message, 'ResourceId', idText);
  const scheduleName = reader.text('Schedule', { required: true, maxLength: NAME_LENGTH });
  const enabled = reader.boolean('Enabled', true);
  const allowAksManagedScaleSet = reader.boolean('AllowAksManagedScaleSet', false);
  const description = reader.text('Description', { maxLength: 1000 });
  if (
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
    row: { partitionKey: row.partitionKey, rowKey: row.rowKey, ...(row.etag ? { etag: row.etag } : {}) },
  };
}

/** The row the app writes for a record; an existing row keeps its keys. */
export function targetToRow(record: TargetRecord): TableRow {
  return {
    partitionKey: record.row?.partitionKey ?? TargetTable.partitionKey,
    rowKey: record.row?.rowKey ?? encodeTableKey(record.name),
    ResourceId: record.resourceId.id,
    Schedule: record.scheduleName,
    Enabled: record.enabled,
    AllowAksManagedScaleSet: record.allowAksManagedScaleSet,
    ...(record.description !== undefined ? { Description: record.description } : {}),
  };
}
