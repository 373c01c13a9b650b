import { startAzurite } from '../dev/startAzurite.js';
import { loadCatalog } from '../shared/app/catalog/loadCatalog.js';
import type { TableRow } from '../shared/app/storage/RowTable.js';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import { RequestCounter } from '../shared/azure/RequestCounter.js';
import { formatMeasurement, measureAsync } from './measure.js';

const SCHEDULES = 100;
const TARGETS = 5_000;
const OVERRIDES = 500;
const RUNS = 11;
const CONCURRENT_WRITES = 32;

async function insertAll(insert: (row: TableRow) => Promise<unknown>, rows: TableRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CONCURRENT_WRITES)
    await Promise.all(rows.slice(start, start + CONCURRENT_WRITES).map(insert));
}

/**
 * The reads of one reconcile tick against Azurite: schedules and targets joined (`loadCatalog`),
 * overrides and state. Prints the median time and the number of HTTP requests per load.
 */
export async function runTableStorageBenchmark(): Promise<string> {
  const azurite = await startAzurite();
  try {
    const requests = new RequestCounter();
    const storage = await openTableStorage(
      { connectionString: azurite.connectionString },
      { policies: [requests.policy] },
    );
    const pool = (index: number) =>
      `/subscriptions/00000000-0000-0000-0000-${String(index % 10).padStart(12, '0')}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${index % 100}/agentPools/p${index}`;
    await insertAll(
      (row) => storage.schedules.rows.insert(row),
      Array.from({ length: SCHEDULES }, (_, index) => ({
        partitionKey: 'schedule',
        rowKey: `schedule-${index}`,
        Uptime: 'Mon-Fri 08:00-20:00',
        TimeZone: 'Europe/Berlin',
        Holidays: index % 2 ? 'DE-BY' : '',
      })),
    );
    await insertAll(
      (row) => storage.targets.rows.insert(row),
      Array.from({ length: TARGETS }, (_, index) => ({
        partitionKey: 'target',
        rowKey: `pool-${index}`,
        ResourceId: pool(index),
        Schedule: `schedule-${index % SCHEDULES}`,
      })),
    );
    const now = Date.parse('2026-11-26T19:00:00Z');
    await insertAll(
      (row) => storage.overrides.rows.insert(row),
      Array.from({ length: OVERRIDES }, (_, index) => ({
        partitionKey: 'override',
        rowKey: `pool-${index * 10}`,
        Kind: 'keep-running',
        Effect: 'running',
        From: '2026-11-26T18:00:00Z',
        Until: '2026-11-26T22:00:00Z',
        CreatedAt: '2026-11-26T18:00:00Z',
      })),
    );
    let rowsUsed = 0;
    requests.reset();
    const measurement = await measureAsync(
      `load ${SCHEDULES} schedules, ${TARGETS.toLocaleString('en')} targets and ${OVERRIDES} overrides from Azurite (with State)`,
      RUNS,
      'a handful of paged queries',
      async () => {
        const [catalog, overrides] = await Promise.all([
          loadCatalog(storage.schedules, storage.targets),
          storage.overrides.load(now),
          storage.state.load(),
        ]);
        rowsUsed = catalog.schedules.length + catalog.targets.length + overrides.records.length;
      },
    );
    const perLoad = requests.total / RUNS;
    return `Table Storage\n\n${formatMeasurement(measurement)}\n  requests per load: ${perLoad} (${JSON.stringify(requests.byMethod())} over ${RUNS} loads); rows used per load: ${rowsUsed}\n`;
  } finally {
    await azurite.stop();
  }
}
