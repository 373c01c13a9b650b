import { describe, expect, it } from 'vitest';
import { FleetSummaryTable, type FleetSummary } from '../../../shared/app/targets/FleetSummaryTable.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

const AS_OF = Date.parse('2026-11-26T20:05:00Z');
/** Table Storage's limits: 64 KiB in a string column, 1 MiB in an entity (UTF-16: two bytes a character). */
const MAX_STRING_CHARACTERS = 32_768;
const MAX_ENTITY_BYTES = 1024 * 1024;

const row = (index: number, problem: string) => ({
  name: `row-${String(index).padStart(5, '0')}`,
  partitionKey: 'target',
  rowKey: `row-${String(index).padStart(5, '0')}`,
  problems: [problem],
});

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'the fleet summary (%s)',
  (_name, backend) => {
    it('is absent before any tick wrote it, and reads back as written in one write', async () => {
      const storage = backend();
      const table = new FleetSummaryTable(await storage.rowTable('State'));
      expect(await table.get()).toBeUndefined();
      const summary = {
        asOf: AS_OF,
        total: 20_000,
        unusableRows: [row(1, 'Targets row "target"/"row-00001" column ResourceId value "x": not an ID')],
        rowWarnings: [],
        outOfOrderRows: [{ partitionKey: 'mine', rowKey: 'elsewhere' }],
      };
      storage.requests.reset();
      await table.save(summary);
      if (storage.name === 'Azurite') expect(storage.requests.total).toBe(1);
      expect(await table.get()).toEqual({
        ...summary,
        unlisted: { unusableRows: 0, rowWarnings: 0, outOfOrderRows: 0 },
      } satisfies FleetSummary);
    });

    it('keeps within a string column and an entity, and counts the rows it had no room for', async () => {
      const storage = backend();
      const rows = await storage.rowTable('State');
      const table = new FleetSummaryTable(rows);
      const long = `Targets row column Schedule value "x": ${'there is no schedule named that; '.repeat(12)}`;
      const unusableRows = Array.from({ length: 3_000 }, (_, index) => row(index, long));
      const rowWarnings = Array.from({ length: 500 }, (_, index) => row(index, `warning: ${long}`));
      const outOfOrderRows = Array.from({ length: 50 }, (_, index) => ({
        partitionKey: 'target',
        rowKey: `${index}%`,
      }));
      await table.save({ asOf: AS_OF, total: 3_000, unusableRows, rowWarnings, outOfOrderRows });
      const written = await rows.get(FleetSummaryTable.partitionKey, FleetSummaryTable.rowKey);
      const strings = Object.values(written ?? {}).filter(
        (value): value is string => typeof value === 'string',
      );
      expect(Math.max(...strings.map((value) => value.length))).toBeLessThanOrEqual(MAX_STRING_CHARACTERS);
      expect(strings.reduce((sum, value) => sum + value.length * 2, 0)).toBeLessThan(MAX_ENTITY_BYTES);
      const summary = await table.get();
      expect(summary?.total).toBe(3_000);
      // Out-of-order rows first (pages need them), then the rows that cannot be used; the rest counted.
      expect(summary?.outOfOrderRows).toEqual(outOfOrderRows);
      expect(summary?.unusableRows.length).toBeGreaterThan(0);
      expect(summary?.unusableRows).toEqual(unusableRows.slice(0, summary?.unusableRows.length));
      expect(summary?.unlisted).toEqual({
        unusableRows: 3_000 - (summary?.unusableRows.length ?? 0),
        rowWarnings: 500,
        outOfOrderRows: 0,
      });
      expect(summary?.unlisted.unusableRows).toBeGreaterThan(0);
    });

    it('reads a summary row edited into something else as none, not as figures', async () => {
      const storage = backend();
      const rows = await storage.rowTable('State');
      const table = new FleetSummaryTable(rows);
      await table.save({ asOf: AS_OF, total: 3, unusableRows: [], rowWarnings: [], outOfOrderRows: [] });
      const written = await rows.get(FleetSummaryTable.partitionKey, FleetSummaryTable.rowKey);
      await rows.replace({ ...written!, Lists0: '{"unusableRows": [' }, written?.etag ?? '');
      expect(await table.get()).toBeUndefined();
    });
  },
);
