import { RowAlreadyExistsError } from '../RowAlreadyExistsError.js';
import { RowChangedError } from '../RowChangedError.js';
import type { ScheduleTable } from '../tables/ScheduleTable.js';
import type { TargetTable } from '../tables/TargetTable.js';
import { describeChange, type CatalogChange } from './CatalogChange.js';

export interface ImportOutcome {
  applied: CatalogChange[];
  /** Changes not applied because someone else wrote the row after it was read, with the reason. */
  conflicts: { change: CatalogChange; reason: string }[];
}

/**
 * Writes a plan. Every write is conditional on the row being as it was read (ETag) or absent, so an
 * edit made in the portal meanwhile is reported as a conflict, never overwritten.
 */
export async function applyCatalogImport(
  changes: readonly CatalogChange[],
  tables: { schedules: ScheduleTable; targets: TargetTable },
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { applied: [], conflicts: [] };
  // Schedules first, so that targets never point at a schedule not yet written.
  const ordered = [...changes].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'schedule' ? -1 : 1));
  for (const change of ordered) {
    const rows = change.kind === 'schedule' ? tables.schedules.rows : tables.targets.rows;
    const { row } = change;
    try {
      if (change.action === 'create') await rows.insert(row);
      else if (change.action === 'update') await rows.replace(row, change.etag ?? '');
      else await rows.delete(row.partitionKey, row.rowKey, change.etag ?? '');
      outcome.applied.push(change);
    } catch (error) {
      if (!(error instanceof RowChangedError || error instanceof RowAlreadyExistsError)) throw error;
      outcome.conflicts.push({
        change,
        reason: `${describeChange(change)} not applied: the row was changed by someone else since it was read; run the import again to see the difference`,
      });
    }
  }
  return outcome;
}
