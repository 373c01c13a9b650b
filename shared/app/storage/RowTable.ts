/** A value as Table Storage returns it: typed by the portal (`Boolean`, `Int32`, …) or a string. */
export type ColumnValue =
  string | number | boolean | Date | { value: string; type: string } | null | undefined;

/** One entity: the two keys, the ETag it was read with, and any columns. */
export interface TableRow {
  partitionKey: string;
  rowKey: string;
  etag?: string;
  [column: string]: unknown;
}

/** What a read selects; fields combine with "and". Row-key bounds are inclusive. */
export interface RowQuery {
  partitionKey?: string;
  rowKey?: string;
  rowKeyFrom?: string;
  rowKeyTo?: string;
  /** At most this many rows, the first in key order; the rest are not read. */
  limit?: number;
}

/**
 * The one table operation set the app needs, with optimistic concurrency. Implemented by
 * `AzureRowTable` (Table Storage, Azurite) and `InMemoryRowTable` (unit tests), which one contract
 * suite holds to the same behaviour.
 */
export interface RowTable {
  readonly tableName: string;
  /** Every row matching the query (up to `limit`), in key order, all pages read. */
  list(query?: RowQuery): Promise<TableRow[]>;
  get(partitionKey: string, rowKey: string): Promise<TableRow | undefined>;
  /** Creates a row; `RowAlreadyExistsError` if the keys are taken. Returns the new ETag. */
  insert(row: TableRow): Promise<string>;
  /** Replaces a row only if it still has `etag`; `RowChangedError` otherwise (changed or deleted). */
  replace(row: TableRow, etag: string): Promise<string>;
  /** Creates or replaces without a check: only for tables the app alone writes. */
  upsert(row: TableRow): Promise<string>;
  /** `upsert` for many rows in as few requests as the service allows (batches of 100 per partition). */
  upsertMany(rows: readonly TableRow[]): Promise<void>;
  /** Deletes a row, only if it still has `etag` when one is given. False if it was not there. */
  delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean>;
}
