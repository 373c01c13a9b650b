import type { RowTable } from '../shared/app/storage/RowTable.js';
import { tableStorageOn } from '../shared/app/storage/TableStorage.js';
import { parseResourceId } from '../shared/domain/ResourceId.js';
import { CountingRowTable } from './CountingRowTable.js';
import { registerFleet } from './fleetApp.js';
import { answerUsage } from './processUsage.js';
import { serveRowTables } from './RowTableHost.js';

/**
 * The tables of the steady-tick benchmark in a process of their own (`fork`ed with
 * `serialization: 'advanced'`), standing in for Table Storage: the app process reads and writes them
 * over IPC (`bench/RemoteRowTable.ts`), so it holds what a Function app holds on Azure (the rows it
 * reads for a tick), not every row of every table. It waits for `{ pools }` (resource IDs), registers
 * each as a Targets row with one schedule, then sends `'ready'`; it answers `'usage'`
 * (`bench/processUsage.ts`) and exits on `'stop'`.
 */
const tables = new Map<string, RowTable>();
const tableOf = (name: string): RowTable => {
  const table = tables.get(name) ?? new CountingRowTable(name);
  tables.set(name, table);
  return table;
};
serveRowTables(tableOf);
answerUsage();
process.on('message', (message: { pools?: string[] } | string) => {
  if (message === 'stop') process.exit(0);
  if (typeof message === 'object' && message.pools)
    void registerFleet(
      tableStorageOn(tableOf),
      message.pools.map((id) => {
        const parsed = parseResourceId(id);
        if (!parsed.ok) throw new Error(`the fake seeded an unreadable pool id ${id}`);
        return parsed.resourceId;
      }),
    ).then(() => process.send?.('ready'));
});
