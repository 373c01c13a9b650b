import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../shared/app/loadCatalog.js';
import type { TableRow } from '../../../shared/app/ports/RowTable.js';
import { formatRowProblem } from '../../../shared/app/rows/RowProblem.js';
import { OverrideTable } from '../../../shared/app/tables/OverrideTable.js';
import { ScheduleTable } from '../../../shared/app/tables/ScheduleTable.js';
import { TargetTable } from '../../../shared/app/tables/TargetTable.js';
import { GOOD_SCHEDULE, GOOD_TARGET, MALFORMED_ROWS, NORMALISED_ROWS } from '../../helpers/malformedRows.js';
import { EXPECTED_PROBLEMS } from '../../helpers/malformedRowProblems.js';
import { STORAGE_BACKENDS, type StorageBackend } from '../../helpers/storageBackends.js';

const NOW = Date.parse('2026-11-26T19:00:00Z');

async function loadRows(
  backend: StorageBackend,
  rows: { schedules?: TableRow[]; targets?: TableRow[]; overrides?: TableRow[] },
) {
  const [schedules, targets, overrides] = await Promise.all([
    backend.rowTable('Schedules'),
    backend.rowTable('Targets'),
    backend.rowTable('Overrides'),
  ]);
  for (const row of [GOOD_SCHEDULE, ...(rows.schedules ?? [])]) await schedules.insert(row);
  for (const row of [GOOD_TARGET, ...(rows.targets ?? [])]) await targets.insert(row);
  for (const row of rows.overrides ?? []) await overrides.insert(row);
  const catalog = await loadCatalog(new ScheduleTable(schedules), new TargetTable(targets));
  const loadedOverrides = await new OverrideTable(overrides).load(NOW);
  return {
    schedules: catalog.schedules.map((schedule) => schedule.name),
    targets: catalog.targets.map(({ target }) => target),
    overrides: loadedOverrides.records,
    problems: [...catalog.problems, ...loadedOverrides.problems].map(formatRowProblem),
  };
}

describe.each(STORAGE_BACKENDS.map((backend) => [backend().name, backend] as const))(
  'rows people type in the portal: %s',
  (_name, makeBackend) => {
    it('has at least 30 malformed rows, each with its expected report', () => {
      expect(MALFORMED_ROWS.length).toBeGreaterThanOrEqual(30);
      expect(Object.keys(EXPECTED_PROBLEMS)).toEqual(MALFORMED_ROWS.map((entry) => entry.name));
    });

    it.each(MALFORMED_ROWS)(
      'reports $name exactly, and the good rows around it still load',
      async (entry) => {
        const loaded = await loadRows(makeBackend(), entry);
        expect(loaded.problems).toEqual(EXPECTED_PROBLEMS[entry.name]);
        expect(loaded.schedules).toContain('office');
        const duplicatesTheGoodTarget =
          entry.name.startsWith('duplicate target') || entry.name.startsWith('the same target name');
        expect(loaded.targets.map((target) => target.name)).toEqual(
          duplicatesTheGoodTarget ? [] : ['good-pool'],
        );
      },
    );

    it.each(NORMALISED_ROWS)('reads $name as meant, with no problem', async (entry) => {
      const loaded = await loadRows(makeBackend(), entry);
      expect(loaded.problems).toEqual([]);
      if (entry.schedules) expect(loaded.schedules).toEqual(['bad', 'office']);
      if (entry.targets)
        expect(loaded.targets.map((target) => target.name)).toEqual(['bad-pool', 'good-pool']);
    });

    it('reads the values of normalised rows correctly', async () => {
      const loaded = await loadRows(makeBackend(), {
        targets: NORMALISED_ROWS.flatMap((entry) => entry.targets ?? []).slice(0, 1),
      });
      expect(loaded.targets.find((target) => target.name === 'bad-pool')?.enabled).toBe(false);
    });
  },
);
