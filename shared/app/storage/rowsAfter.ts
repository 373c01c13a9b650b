import type { RowTable, TableRow } from './RowTable.js';

/**
 * A partition's rows whose RowKeys follow `afterKey` (all of them without it), in key order: at most
 * `count`, and when the read stopped short of the partition's end, the last key read (`frontier`):
 * every row up to it is there (docs/architecture.md, The fleet a page at a time).
 */
export async function rowsAfter(
  table: RowTable,
  partitionKey: string,
  afterKey: string | undefined,
  count: number,
): Promise<{ rows: TableRow[]; frontier?: string }> {
  const limit = count + (afterKey !== undefined ? 1 : 0); // the bound is inclusive
  const rows = await table.list({
    partitionKey,
    ...(afterKey !== undefined ? { rowKeyFrom: afterKey } : {}),
    limit,
  });
  const last = rows.at(-1);
  return {
    rows: rows.filter((row) => afterKey === undefined || row.rowKey > afterKey),
    ...(rows.length === limit && last ? { frontier: last.rowKey } : {}),
  };
}
