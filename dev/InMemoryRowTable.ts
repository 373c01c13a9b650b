import { RowAlreadyExistsError } from '../shared/app/storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../shared/app/storage/RowChangedError.js';
import type { RowQuery, RowTable, TableRow } from '../shared/app/storage/RowTable.js';
import { StorageError } from '../shared/app/storage/StorageError.js';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const FORBIDDEN_IN_KEY = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** Table Storage's limit on a value: 64 KiB, i.e. 32,768 UTF-16 characters. */
const MAX_STRING_LENGTH = 32_768;

/**
 * A table in memory with Table Storage's semantics where the app depends on them: sorted keys,
 * forbidden key characters, ETags that change on every write, 409 and 412. Unit tests use it; the
 * storage contract suite checks it behaves like Azurite.
 */
export class InMemoryRowTable implements RowTable {
  private readonly rows = new Map<string, { row: TableRow; etag: string }>();
  private version = 0;

  constructor(readonly tableName: string) {}

  async list(query: RowQuery = {}): Promise<TableRow[]> {
    return [...this.rows.values()]
      .filter(({ row }) => matches(row, query))
      .sort((a, b) => compare(a.row.partitionKey, b.row.partitionKey) || compare(a.row.rowKey, b.row.rowKey))
      .slice(0, query.limit)
      .map(({ row, etag }) => ({ ...copyOf(row), etag }));
  }

  async get(partitionKey: string, rowKey: string): Promise<TableRow | undefined> {
    const stored = this.rows.get(keyOf(partitionKey, rowKey));
    return stored ? { ...copyOf(stored.row), etag: stored.etag } : undefined;
  }

  async insert(row: TableRow): Promise<string> {
    if (this.rows.has(keyOf(row.partitionKey, row.rowKey)))
      throw new RowAlreadyExistsError(this.tableName, row.partitionKey, row.rowKey);
    return this.write(row);
  }

  async replace(row: TableRow, etag: string): Promise<string> {
    const stored = this.rows.get(keyOf(row.partitionKey, row.rowKey));
    if (!stored || stored.etag !== etag)
      throw new RowChangedError(this.tableName, row.partitionKey, row.rowKey);
    return this.write(row);
  }

  async upsert(row: TableRow): Promise<string> {
    return this.write(row);
  }

  async upsertMany(rows: readonly TableRow[]): Promise<void> {
    for (const row of rows) this.write(row);
  }

  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<boolean> {
    const stored = this.rows.get(keyOf(partitionKey, rowKey));
    if (!stored) {
      if (etag) throw new RowChangedError(this.tableName, partitionKey, rowKey);
      return false;
    }
    if (etag && stored.etag !== etag) throw new RowChangedError(this.tableName, partitionKey, rowKey);
    return this.rows.delete(keyOf(partitionKey, rowKey));
  }

  private write(row: TableRow): string {
    for (const key of [row.partitionKey, row.rowKey]) {
      if (FORBIDDEN_IN_KEY.test(key))
        throw new StorageError(
          `${this.tableName}: the key "${key}" contains a character Table Storage forbids`,
        );
    }
    const { etag: _ignored, ...columns } = row;
    for (const [column, value] of Object.entries(columns)) {
      if (typeof value === 'string' && value.length > MAX_STRING_LENGTH)
        throw new StorageError(
          `${this.tableName}: column ${column} exceeds the 64 KiB Table Storage allows for a value`,
        );
    }
    const etag = `W/"${++this.version}"`;
    this.rows.set(keyOf(row.partitionKey, row.rowKey), { row: structuredClone(columns) as TableRow, etag });
    return etag;
  }
}

function keyOf(partitionKey: string, rowKey: string): string {
  return `${partitionKey}\u0000${rowKey}`;
}

/** Table Storage orders keys by UTF-16 code units, like `<` on strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(row: TableRow, query: RowQuery): boolean {
  if (query.partitionKey !== undefined && row.partitionKey !== query.partitionKey) return false;
  if (query.rowKey !== undefined && row.rowKey !== query.rowKey) return false;
  if (query.rowKeyFrom !== undefined && row.rowKey < query.rowKeyFrom) return false;
  if (query.rowKeyTo !== undefined && row.rowKey > query.rowKeyTo) return false;
  return true;
}

/** A copy the caller may change: a shallow one when every value is a primitive (the usual row), else a deep one. */
function copyOf(row: TableRow): TableRow {
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'object' && value !== null) return structuredClone(row);
  }
  return { ...row };
}
