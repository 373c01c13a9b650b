import { type CatalogWrite, catalogAuditEntry } from '../audit/catalogAuditEntry.js';
import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import type { ScheduleTable } from '../schedules/ScheduleTable.js';
import type { TargetTable } from '../targets/TargetTable.js';
import { describeChange, type CatalogChange } from './CatalogChange.js';

export interface ImportOutcome {
  applied: CatalogChange[];
  /** Changes not applied because someone else wrote the row after it was read, with the reason. */
  conflicts: { change: CatalogChange; reason: string }[];
}

/** Who imports, for the audit trail: the same entries as the API's (catalogAuditEntry). */
export interface ImportAuthor {
  actor: string;
  /** `import of fleet.yaml` */
  via: string;
  now: () => number;
}

/**
 * Writes a plan. Every write is conditional on the row being as it was read (ETag) or absent, so an
 * edit made in the portal meanwhile is reported as a conflict, never overwritten. Each write is
 * audited as it lands.
 */
export async function applyCatalogImport(
  changes: readonly CatalogChange[],
  tables: { schedules: ScheduleTable; targets: TargetTable; audit: AuditTrail },
  author: ImportAuthor,
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
      await tables.audit.append(
        catalogAuditEntry(catalogWriteOf(change, author.via), author.actor, author.now()),
      );
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

/** The change as the audit trail says it, with the columns the API's entries give. */
function catalogWriteOf(change: CatalogChange, via: string): CatalogWrite {
  const column = (name: string) => change.row[name] ?? undefined;
  const { kind, action, name } = change;
  const resourceId = kind === 'target' ? String(column('ResourceId') ?? '') : undefined;
  const result =
    // As the API's entries say it (ScheduleService): the columns' values, typed as stored.
    action === 'delete'
      ? 'deleted'
      : kind === 'target'
        ? `schedule ${String(column('Schedule') ?? '')}, enabled ${String(column('Enabled') ?? true)}`
        : JSON.stringify(
            Object.fromEntries(
              ['Uptime', 'Downtime', 'TimeZone', 'Holidays', 'Enforce'].flatMap((field) => {
                const value = column(field);
                return value === undefined ? [] : [[field.charAt(0).toLowerCase() + field.slice(1), value]];
              }),
            ),
          );
  return { kind, action, name, result, via, ...(resourceId ? { resourceId } : {}) };
}
