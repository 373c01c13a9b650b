import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../shared/app/storage/RowTable.js';
import { formatRowProblem } from '../../../shared/app/storage/RowProblem.js';
import { TargetTable } from '../../../shared/app/targets/TargetTable.js';
import { GOOD_TARGET } from '../../helpers/malformedRows.js';
import { STORAGE_BACKENDS } from '../../helpers/storageBackends.js';

const twinOfGood: TableRow = { ...GOOD_TARGET, rowKey: 'twin-pool' };

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'Targets rows read again only when they change: %s',
  (_name, makeBackend) => {
    it('reuses an unchanged row, frozen, and reads an edited one afresh', async () => {
      const rows = await makeBackend().rowTable('Targets');
      await rows.insert(GOOD_TARGET);
      const targets = new TargetTable(rows);
      const [first] = (await targets.load()).records;
      const [again] = (await targets.load()).records;
      expect(again).toBe(first);
      // Shared between ticks and callers: nobody may change it.
      expect(() => Object.assign(first as object, { scheduleName: 'other' })).toThrow(TypeError);
      const [row] = await rows.list();
      await rows.replace({ ...GOOD_TARGET, Schedule: 'night', Enabled: 'no' }, row?.etag ?? '');
      const [edited] = (await targets.load()).records;
      expect(edited).toMatchObject({ name: 'good-pool', scheduleName: 'night', enabled: false });
    });

    it('reports rows that clash at every load, without piling up, and forgets deleted rows', async () => {
      const rows = await makeBackend().rowTable('Targets');
      await rows.insert(GOOD_TARGET);
      await rows.insert(twinOfGood);
      const targets = new TargetTable(rows);
      const loads = [await targets.load(), await targets.load(), await targets.load()];
      for (const loaded of loads) {
        expect(loaded.records).toEqual([]);
        expect(loaded.problems.map(formatRowProblem)).toEqual([
          expect.stringContaining('Targets row "target"/"good-pool" column ResourceId'),
          expect.stringContaining('Targets row "target"/"twin-pool" column ResourceId'),
        ]);
      }
      await rows.delete('target', 'twin-pool');
      const afterDelete = await targets.load();
      expect(afterDelete.problems).toEqual([]);
      expect(afterDelete.records.map((record) => record.name)).toEqual(['good-pool']);
    });
  },
);
