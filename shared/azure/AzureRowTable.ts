import {
  odata,
  type TableClient,
  type TableEntity,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';
import { RowAlreadyExistsError } from '../app/storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../app/storage/RowChangedError.js';
import type { RowQuery, RowTable, TableRow } from '../app/storage/RowTable.js';
import { StorageError } from '../app/storage/StorageError.js';
import { groupBy } from '../domain/groupBy.js';
import pLimit from 'p-limit';

/** Table Storage's largest transaction: 100 operations, all in one partition. */
const BATCH_SIZE = 100;

/**
 * Batches of one `upsertMany` in flight at once: each is its own transaction, so they need no
 * order, and a transition tick's 5,000 State rows are 50 of them (BENCHMARKS.md, The transition tick).
 */
const BATCHES_AT_ONCE = 8;

/** Table Storage's maximum page size: a table of n rows is read in ceil(n / 1000) requests. */
const PAGE_SIZE = 1000;

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}

/** The OData filter for a query; every value goes through the SDK's `odata` template, which escapes it. */
export function filterFor(query: RowQuery): string | undefined {
  const clauses = [
    query.partitionKey !== undefined ? odata`PartitionKey eq ${query.partitionKey}` : undefined,
    query.rowKey !== undefined ? odata`RowKey eq ${query.rowKey}` : undefined,
    query.rowKeyFrom !== undefined ? odata`RowKey ge ${query.rowKeyFrom}` : undefined,
    query.rowKeyTo !== undefined ? odata`RowKey le ${query.rowKeyTo}` : undefined,
  ].filter((clause): clause is string => clause !== undefined);
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

/** `RowTable` on Azure Table Storage (or Azurite) through `@azure/data-tables`. */
export class AzureRowTable implements RowTable {
  constructor(private readonly client: TableClient) {}

  get tableName(): string {
    return this.client.tableName;
  }

  async list(query: RowQuery = {}): Promise<TableRow[]> {
    const filter = filterFor(query);
    const rows: TableRow[] = [];
    try {
      const limit = query.limit ?? Infinity;
      const pages = this.client
        .listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {})
        .byPage({ maxPageSize: Math.min(PAGE_SIZE, limit) });
      for await (const page of pages) {
        for (const entity of page) if (rows.length < limit) rows.push(toRow(entity));
        if (rows.length >= limit) break;
      }
    } catch (error) {
      throw new StorageError(`could not read table ${this.tableName}`, { cause: error });
    }
    return rows;
  }

  async get(partitionKey: string, rowKey: string): Promise<TableRow | undefined> {
    try {
      return toRow(await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw new StorageError(`could not read ${this.tableName} row "${partitionKey}"/"${rowKey}"`, {
        cause: error,
      });
    }
  }

  async insert(row: TableRow): Promise<string> {
    try {
      return etagOf(await this.client.createEntity(toEntity(row)));
    } catch (error) {
      if (statusOf(error) === 409)
        throw new RowAlreadyExistsError(this.tableName, row.partitionKey, row.rowKey, { cause: error });
      throw this.writeError(row, error);
    }
  }

  async replace(row: TableRow, etag: string): Promise<string> {
    try {
      return etagOf(await this.client.updateEntity(toEntity(row), 'Replace', { etag }));
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404)
        throw new RowChangedError(this.tableName, row.partitionKey, row.rowKey, { cause: error });
      throw this.writeError(row, error);
    }
  }

  async upsert(row: TableRow): Promise<string> {
    try {
      return etagOf(await this.client.upsertEntity(toEntity(row), 'Replace'));
    } catch (error) {
      throw this.writeError(row, error);
    }
  }

  async upsertMany(rows: readonly TableRow[]): Promise<void> {
    const limit = pLimit(BATCHES_AT_ONCE);
    const batches: TableRow[][] = [];
    for (const group of groupBy(rows, (row) => row.partitionKey).values())
      for (let start = 0; start < group.length; start += BATCH_SIZE)
        batches.push(group.slice(start, start + BATCH_SIZE));
    await Promise.all(batches.map((batch) => limit(() => this.submitBatch(batch))));
  }

  /** One transaction of at most 100 rows of one partition. */
  private async submitBatch(batch: readonly TableRow[]): Promise<void> {
    try {
      await this.client.submitTransaction(
        batch.map((row): TransactionAction => ['upsert', toEntity(row), 'Replace']),
      );
    } catch (error) {
      throw new StorageError(
        `could not write ${batch.length} rows to ${this.tableName} partition "${batch[0]?.partitionKey ?? ''}"`,
        { cause: error },
      );
    }
  }

  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
    try {
      await this.client.deleteEntity(partitionKey, rowKey, { etag: etag ?? '*' });
      return true;
    } catch (error) {
      if (statusOf(error) === 404 && !etag) return false;
      if (statusOf(error) === 412 || statusOf(error) === 404)
        throw new RowChangedError(this.tableName, partitionKey, rowKey, { cause: error });
      throw this.writeError({ partitionKey, rowKey }, error);
    }
  }

  private writeError(row: Pick<TableRow, 'partitionKey' | 'rowKey'>, error: unknown): StorageError {
    return new StorageError(`could not write ${this.tableName} row "${row.partitionKey}"/"${row.rowKey}"`, {
      cause: error,
    });
  }
}

function etagOf(response: { etag?: string }): string {
  return response.etag ?? '';
}

function toEntity(row: TableRow): TableEntity<Record<string, unknown>> {
  const { etag: _etag, ...entity } = row;
  return entity;
}

function toRow(entity: TableEntityResult<Record<string, unknown>>): TableRow {
  const {
    etag,
    partitionKey,
    rowKey,
    timestamp: _timestamp,
    ['odata.metadata']: _metadata,
    ...columns
  } = entity as Record<string, unknown>;
  return {
    ...columns,
    partitionKey: String(partitionKey),
    rowKey: String(rowKey),
    ...(typeof etag === 'string' ? { etag } : {}),
  };
}
