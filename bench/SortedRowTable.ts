import type { RowQuery, RowTable, TableRow } from '../shared/app/storage/RowTable.js';

const compareKeys = (a: TableRow, partitionKey: string, rowKey: string) =>
  a.partitionKey < partitionKey
    ? -1
    : a.partitionKey > partitionKey
      ? 1
      : a.rowKey < rowKey
        ? -1
        : a.rowKey > rowKey
          ? 1
          : 0;

/**
 * A model of what Table Storage does with a query, for a million rows where Azurite (which scans
 * every entity per query) cannot say: rows kept in (PartitionKey, RowKey) order, a query with a
 * partition seeks to its first key and reads forward, as the service's clustered index does. It
 * counts the rows it hands back, the figure that decides a read's cost in Azure. Benchmarks only.
 */
export class SortedRowTable implements RowTable {
  readonly tableName = 'Audit';
  rowsRead = 0;
  private sorted: TableRow[] = [];
  private pending: TableRow[] = [];

  async list(query: RowQuery = {}): Promise<TableRow[]> {
    this.settle();
    const limit = query.limit ?? Infinity;
    const start =
      query.partitionKey === undefined ? 0 : this.seek(query.partitionKey, query.rowKeyFrom ?? '');
    const rows: TableRow[] = [];
    for (let index = start; index < this.sorted.length && rows.length < limit; index += 1) {
      const row = this.sorted[index] as TableRow;
      if (query.partitionKey !== undefined && row.partitionKey !== query.partitionKey) break;
      if (query.rowKeyTo !== undefined && row.rowKey > query.rowKeyTo) {
        if (query.partitionKey !== undefined) break;
        continue;
      }
      if (query.rowKeyFrom !== undefined && row.rowKey < query.rowKeyFrom) continue;
      rows.push({ ...row });
    }
    this.rowsRead += rows.length;
    return rows;
  }

  async get(partitionKey: string, rowKey: string): Promise<TableRow | undefined> {
    this.settle();
    const row = this.sorted[this.seek(partitionKey, rowKey)];
    return row && compareKeys(row, partitionKey, rowKey) === 0 ? { ...row } : undefined;
  }

  async insert(row: TableRow): Promise<string> {
    this.pending.push(row);
    return 'etag';
  }

  async upsert(row: TableRow): Promise<string> {
    return this.insert(row);
  }

  async upsertMany(rows: readonly TableRow[]): Promise<void> {
    for (const row of rows) this.pending.push(row);
  }

  async replace(): Promise<string> {
    throw new Error('not used by the audit trail');
  }

  async delete(): Promise<boolean> {
    throw new Error('not used by the audit trail');
  }

  /** The first index whose keys are at or after (partitionKey, rowKey). */
  private seek(partitionKey: string, rowKey: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(this.sorted[middle] as TableRow, partitionKey, rowKey) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private settle(): void {
    if (this.pending.length === 0) return;
    // Sorting is stable, so of rows with the same keys the one written last comes last and wins (an upsert).
    const merged = this.sorted.concat(this.pending).sort((a, b) => compareKeys(a, b.partitionKey, b.rowKey));
    this.sorted = merged.filter((row, index) => {
      const next = merged[index + 1];
      return !next || compareKeys(row, next.partitionKey, next.rowKey) !== 0;
    });
    this.pending = [];
  }
}
