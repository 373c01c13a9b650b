import type { RowTable } from '../shared/app/ports/RowTable.js';
import type { RowTableAnswer, RowTableCall } from './RemoteRowTable.js';

/** Answers `RemoteRowTable` calls in the process that keeps the tables (`bench/fakeAzureProcess.ts`). */
export function serveRowTables(tableOf: (name: string) => RowTable): void {
  process.on('message', (call: RowTableCall) => {
    if (call?.kind !== 'table') return;
    const table = tableOf(call.table);
    const method = table[call.method] as (...args: unknown[]) => Promise<unknown>;
    const answer = { kind: 'table', id: call.id, table: call.table } as const;
    method.apply(table, call.args).then(
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
