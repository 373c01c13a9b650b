import type { RowQuery, RowTable, TableRow } from '../shared/app/storage/RowTable.js';
import { PAGE_SIZE, type RowPage, type RowTableAnswer, type RowTableCall } from './RemoteRowTable.js';

/** Answers `RemoteRowTable` calls in the process that keeps the tables (`bench/fakeAzureProcess.ts`). */
export function serveRowTables(tableOf: (name: string) => RowTable): void {
  process.on('message', (call: RowTableCall) => {
    if (call?.kind !== 'table') return;
    const table = tableOf(call.table);
    const answer = { kind: 'table', id: call.id, table: call.table } as const;
    const result =
      call.method === 'listPage'
        ? listPage(table, call.args[0] as RowQuery | undefined, call.args[1] as number)
        : (table[call.method] as (...args: unknown[]) => Promise<unknown>).apply(table, call.args);
    result.then(
      (result) => process.send?.({ ...answer, result } satisfies RowTableAnswer),
      (error: Error & { partitionKey?: string; rowKey?: string }) =>
        process.send?.({
          ...answer,
          error: {
            name: error.name,
            message: error.message,
            ...(error.partitionKey !== undefined ? { partitionKey: error.partitionKey } : {}),
            ...(error.rowKey !== undefined ? { rowKey: error.rowKey } : {}),
          },
        } satisfies RowTableAnswer),
    );
  });
}

/** Listings being paged through, by table and query: the first page reads, the others are cut from it. */
const listings = new Map<string, TableRow[]>();

/** The page of `list` that begins at row `from`. */
async function listPage(table: RowTable, query: RowQuery | undefined, from: number): Promise<RowPage> {
  const key = `${table.tableName} ${JSON.stringify(query ?? {})}`;
  const rows = (from === 0 ? undefined : listings.get(key)) ?? (await table.list(query));
  listings.set(key, rows);
  const next = from + PAGE_SIZE;
  if (next >= rows.length) listings.delete(key);
  return { rows: rows.slice(from, next), ...(next < rows.length ? { next } : {}) };
}
