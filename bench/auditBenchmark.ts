import { startAzurite } from '../dev/startAzurite.js';
import type { RowTable, TableRow } from '../shared/app/storage/RowTable.js';
import { AuditTrail, type AuditEntry } from '../shared/app/audit/AuditTrail.js';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import { RequestCounter } from '../shared/azure/RequestCounter.js';
import { formatMeasurement, measureAsync, type Measurement } from './measure.js';
import { SortedRowTable } from './SortedRowTable.js';

const RUNS = 11;
const MODEL_ROWS = 1_000_000;
const AZURITE_ROWS = 20_000;
const TARGETS = 1_000;
const START = Date.parse('2026-01-01T00:00:00Z');

/** Entries one a minute over a fleet of TARGETS, appended through the AuditTrail as the app does. */
async function fill(trail: AuditTrail, count: number): Promise<void> {
  const batch: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const entry: AuditEntry = {
      at: START + index * 60_000,
      targetName: `pool-${index % TARGETS}`,
      resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/p${index % TARGETS}`,
      action: index % 2 ? 'start' : 'stop',
      actor: 'schedule',
      reason: 'desired state changed: the schedule says stopped',
      result: 'begun: stop begun',
    };
    batch.push(trail.append(entry));
    if (batch.length === 64) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

/** The read before the timeline: every row of the table, sorted, the first `limit` kept. */
async function wholeTableRead(rows: RowTable, limit: number): Promise<number> {
  const all = await rows.list();
  all.sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
  return all.slice(0, limit).length;
}

async function reads(
  label: string,
  trail: AuditTrail,
  rows: RowTable,
  rowsRead: () => number,
  count: number,
): Promise<string[]> {
  await trail.page({ limit: 1 }); // the one-time copy of older entries (none here) and its marker
  const cursor = (await trail.page({ limit: Math.floor(count / 2) })).next ?? '';
  const cases: [string, () => Promise<unknown>][] = [
    ['GET /api/audit?limit=1', () => trail.page({ limit: 1 })],
    ['GET /api/audit (limit 100)', () => trail.page({ limit: 100 })],
    ['GET /api/audit?limit=1000', () => trail.page({ limit: 1000 })],
    ['a page of 100 halfway down (after=<next>)', () => trail.page({ limit: 100, after: cursor })],
    ['GET /api/audit?target=pool-7 (limit 100)', () => trail.page({ targetName: 'pool-7', limit: 100 })],
    [
      'GET /api/audit?since=<a day before the newest> (limit 100)',
      () => trail.page({ since: START + (count - 24 * 60) * 60_000, limit: 100 }),
    ],
    ['before: limit=1 by reading the whole table', () => wholeTableRead(rows, 1)],
  ];
  const lines: string[] = [];
  for (const [name, work] of cases) {
    const before = rowsRead();
    const measurement: Measurement = await measureAsync(
      `${label}: ${name}`,
      name.startsWith('before') ? 3 : RUNS,
      'fast at any size',
      async () => {
        await work();
      },
    );
    const perRead = (rowsRead() - before) / measurement.runs;
    lines.push(`${formatMeasurement(measurement)}\n  rows read per call: ${perRead.toLocaleString('en')}`);
  }
  return lines;
}

/**
 * Audit reads at a million entries (issue 12): a page of N reads N rows (plus one) whatever the size
 * of the table. Azurite at 20,000 entries for wall-clock figures against the real SDK; a model of
 * Table Storage's key order (`SortedRowTable`) at a million, since Azurite scans every entity per query.
 */
export async function runAuditBenchmark(): Promise<string> {
  const model = new SortedRowTable();
  const modelTrail = new AuditTrail(model);
  await fill(modelTrail, MODEL_ROWS);
  const lines = await reads(
    `${MODEL_ROWS.toLocaleString('en')} entries, key-order model`,
    modelTrail,
    model,
    () => model.rowsRead,
    MODEL_ROWS,
  );

  const azurite = await startAzurite();
  try {
    const requests = new RequestCounter();
    const storage = await openTableStorage(
      { connectionString: azurite.connectionString },
      { policies: [requests.policy] },
    );
    await fill(storage.audit, AZURITE_ROWS);
    let rowsRead = 0;
    const counted = Object.create(storage.audit.rows) as RowTable;
    counted.list = async (query) => {
      const found: TableRow[] = await storage.audit.rows.list(query);
      rowsRead += found.length;
      return found;
    };
    const trail = new AuditTrail(counted);
    lines.push(
      ...(await reads(
        `${AZURITE_ROWS.toLocaleString('en')} entries on Azurite`,
        trail,
        counted,
        () => rowsRead,
        AZURITE_ROWS,
      )),
    );
  } finally {
    await azurite.stop();
  }
  return `Audit trail\n\n${lines.join('\n')}\n`;
}
