import type { RowProblem } from '../storage/RowProblem.js';
import type { ScheduleTable } from '../schedules/ScheduleTable.js';
import type { TargetTable } from '../targets/TargetTable.js';
import type { CatalogFile, ScheduleEntry, TargetEntry } from './CatalogFile.js';

/** Schedules and targets as a catalog file, sorted by name; rows that cannot be read are listed, not exported. */
export async function exportCatalog(tables: {
  schedules: ScheduleTable;
  targets: TargetTable;
}): Promise<{ catalog: CatalogFile; problems: RowProblem[] }> {
  const [schedules, targets] = await Promise.all([tables.schedules.load(), tables.targets.load()]);
  const scheduleEntries = schedules.records
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, definition, description, notify }): [string, ScheduleEntry] => {
      const { name: _name, enforce, ...fields } = definition;
      return [
        name,
        {
          ...fields,
          ...(enforce ? { enforce } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(notify !== undefined ? { notify } : {}),
        },
      ];
    });
  const targetEntries = targets.records
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((target): [string, TargetEntry] => [
      target.name,
      {
        resourceId: target.resourceId.id,
        schedule: target.scheduleName,
        ...(target.enabled ? {} : { enabled: false }),
        ...(target.allowAksManagedScaleSet ? { allowAksManagedScaleSet: true } : {}),
        ...(target.description !== undefined ? { description: target.description } : {}),
        ...(target.notify !== undefined ? { notify: target.notify } : {}),
      },
    ]);
  return {
    catalog: { schedules: Object.fromEntries(scheduleEntries), targets: Object.fromEntries(targetEntries) },
    problems: [...schedules.problems, ...targets.problems],
  };
}
