import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../shared/app/catalog/loadCatalog.js';
import type { TableRow } from '../../../shared/app/storage/RowTable.js';
import { formatRowProblem } from '../../../shared/app/storage/RowProblem.js';
import { OverrideTable } from '../../../shared/app/overrides/OverrideTable.js';
import { ScheduleTable } from '../../../shared/app/schedules/ScheduleTable.js';
import { TargetTable } from '../../../shared/app/targets/TargetTable.js';
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
    enforcing: catalog.schedules
      .filter((schedule) => schedule.definition.enforce)
      .map((schedule) => schedule.name),
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

    it('reads columns typed in another case as those columns', async () => {
      const loaded = await loadRows(makeBackend(), {
        schedules: [{ partitionKey: 'schedule', rowKey: 'strict', uptime: 'always', ENFORCE: 'yes' }],
        targets: [
          {
            partitionKey: 'target',
            rowKey: 'lower-pool',
            resourceid: String(GOOD_TARGET.ResourceId).replace(/good$/, 'lower'),
            schedule: 'office',
            enabled: false,
          },
        ],
      });
      expect(loaded.problems).toEqual([]);
      expect(loaded.targets.find((target) => target.name === 'lower-pool')?.enabled).toBe(false);
      expect(loaded.enforcing).toContain('strict');
    });

    it("reports a column of the person's own as a warning and uses the row", async () => {
      const backend = makeBackend();
      const table = await backend.rowTable('Schedules');
      await table.insert({ partitionKey: 'schedule', rowKey: 'office', Uptime: 'always', Owner: 'team-a' });
      const loaded = await new ScheduleTable(table).load();
      expect(loaded.records.map((record) => record.name)).toEqual(['office']);
      expect(loaded.problems).toEqual([]);
      expect(loaded.warnings.map(formatRowProblem)).toEqual([
        'warning: Schedules row "schedule"/"office" column Owner value "team-a": Owner is not a column the app reads (Uptime, Downtime, TimeZone, Holidays, Enforce, StartLead, Maintenance, Description, Notify); it is ignored',
      ]);
    });

    it('names every schedule by its RowKey as typed, % included, and finds it by that name', async () => {
      const backend = makeBackend();
      const table = await backend.rowTable('Schedules');
      for (const rowKey of ['50%off', 'pct%41', '100%25', ' padded '])
        await table.insert({ partitionKey: 'schedule', rowKey, Uptime: 'always' });
      const schedules = new ScheduleTable(table);
      const names = (await schedules.load()).records.map((record) => record.name).sort();
      expect(names).toEqual(['100%25', '50%off', 'padded', 'pct%41']);
      for (const name of names) expect((await schedules.get(name))?.name).toBe(name);
      expect(await schedules.get('pctA')).toBeUndefined();
    });

    it('reads back a name with a character keys cannot hold, as the app wrote it', async () => {
      const backend = makeBackend();
      const schedules = new ScheduleTable(await backend.rowTable('Schedules'));
      await schedules.create({ name: 'team/a #1', definition: { uptime: 'always' } });
      expect((await schedules.rows.list()).map((row) => row.rowKey)).toEqual(['team%2Fa %231']);
      expect((await schedules.load()).records.map((record) => record.name)).toEqual(['team/a #1']);
      expect((await schedules.get('team/a #1'))?.name).toBe('team/a #1');
    });

    it('reads the values of normalised rows correctly', async () => {
      const loaded = await loadRows(makeBackend(), {
        targets: NORMALISED_ROWS.flatMap((entry) => entry.targets ?? []).slice(0, 1),
      });
      expect(loaded.targets.find((target) => target.name === 'bad-pool')?.enabled).toBe(false);
    });
  },
);
