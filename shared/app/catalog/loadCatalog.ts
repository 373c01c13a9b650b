import type { LoadedSchedule, LoadedSchedules } from '../schedules/ScheduleTable.js';
import type { LoadResult } from '../storage/LoadResult.js';
import { ScheduleTable } from '../schedules/ScheduleTable.js';
import type { TargetRecord } from '../targets/TargetTable.js';
import { TargetTable } from '../targets/TargetTable.js';
import type { RowProblem } from '../storage/RowProblem.js';
import { showValue } from '../storage/RowProblem.js';
import { nameOfRowKey } from '../storage/rowName.js';

/** A target with the compiled schedule it follows. */
export interface ScheduledTarget {
  target: TargetRecord;
  schedule: LoadedSchedule;
}

export interface Catalog {
  schedules: LoadedSchedule[];
  targets: ScheduledTarget[];
  /** Targets whose row is fine but whose schedule is missing or invalid: reported, never acted on. */
  problems: RowProblem[];
  /** Things worth knowing about rows that are used all the same (an unknown column). */
  warnings: RowProblem[];
}

/**
 * Reads schedules and targets (one paged query each) and joins them. A target naming a schedule that
 * does not exist, or one whose row is invalid, is reported and left alone.
 */
export async function loadCatalog(schedules: ScheduleTable, targets: TargetTable): Promise<Catalog> {
  const [loadedSchedules, loadedTargets] = await Promise.all([schedules.load(), targets.load()]);
  return joinCatalog(loadedSchedules, loadedTargets);
}

/**
 * One target's part of the catalog: the schedules and its own row, read by key. What only the
 * whole Targets table shows (a resource or a name registered twice) is `loadCatalog`'s to find.
 * Undefined when its row cannot be read by key alone (`TargetTable.readOne`).
 */
export async function loadCatalogOf(
  schedules: ScheduleTable,
  targets: TargetTable,
  name: string,
): Promise<Catalog | undefined> {
  const [loadedSchedules, row] = await Promise.all([schedules.load(), targets.readOne(name)]);
  if (!row) return undefined;
  return joinCatalog(loadedSchedules, {
    records: row.record ? [row.record] : [],
    problems: [...row.problems],
  });
}

/** The catalog of these Targets rows with the schedules: each row's schedule found, or its problem. */
export function joinCatalog(
  loadedSchedules: LoadedSchedules,
  loadedTargets: LoadResult<TargetRecord>,
): Catalog {
  const byName = new Map(loadedSchedules.records.map((schedule) => [schedule.name.toLowerCase(), schedule]));
  const invalidNames = new Set(
    loadedSchedules.problems
      .filter((problem) => problem.table === ScheduleTable.tableName)
      .map((problem) => nameOfRowKey(problem.rowKey).toLowerCase()),
  );
  const problems: RowProblem[] = [...loadedSchedules.problems, ...loadedTargets.problems];
  const scheduled: ScheduledTarget[] = [];
  for (const target of loadedTargets.records) {
    const schedule = byName.get(target.scheduleName.toLowerCase());
    if (schedule) {
      scheduled.push({ target, schedule });
      continue;
    }
    const known = loadedSchedules.records.map((candidate) => candidate.name).sort();
    const reason = loadedSchedules.clashingNames.has(target.scheduleName.toLowerCase())
      ? `schedule "${target.scheduleName}" is defined by several rows whose names differ only in case; the target is held (not acted on) until one is renamed or removed`
      : invalidNames.has(target.scheduleName.toLowerCase())
        ? `schedule "${target.scheduleName}" is invalid (see its problems); the target is left alone until it is fixed`
        : `there is no schedule named "${target.scheduleName}"; use one of ${known.length > 0 ? known.join(', ') : '(none yet: add a row to Schedules)'}`;
    problems.push({
      table: TargetTable.tableName,
      partitionKey: target.row?.partitionKey ?? '',
      rowKey: target.row?.rowKey ?? target.name,
      column: 'Schedule',
      value: showValue(target.scheduleName),
      reason,
    });
  }
  const warnings = [...loadedSchedules.warnings, ...(loadedTargets.warnings ?? [])];
  return { schedules: loadedSchedules.records, targets: scheduled, problems, warnings };
}
