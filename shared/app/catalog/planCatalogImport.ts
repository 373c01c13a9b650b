import { parseResourceId } from '../../domain/ResourceId.js';
import { Schedule, type ScheduleDefinition } from '../../domain/Schedule.js';
import { ScheduleSpecError } from '../../domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../domain/SpecProblem.js';
import type { TableRow } from '../storage/RowTable.js';
import { nameOfRowKey } from '../storage/rowName.js';
import { RowReader } from '../storage/RowReader.js';
import {
  SCHEDULE_COLUMNS,
  scheduleToRow,
  type ScheduleRecord,
  type ScheduleTable,
} from '../schedules/ScheduleTable.js';
import { TARGET_COLUMNS, targetToRow, type TargetRecord, type TargetTable } from '../targets/TargetTable.js';
import type { CatalogChange, FieldChange } from './CatalogChange.js';
import type { CatalogFile, CatalogFileReading, ScheduleEntry, TargetEntry } from './CatalogFile.js';
import { CatalogFileError } from './CatalogFileError.js';

const KEY_COLUMNS = new Set(['partitionKey', 'rowKey', 'etag', 'Timestamp', 'timestamp']);

export interface ImportPlan {
  changes: CatalogChange[];
  unchanged: number;
}

/**
 * Compares a catalog file with storage and lists what importing it would change: creates, updates
 * with each changed column, and (with `prune`) deletes of rows the file does not have. Validates the
 * whole file first: nothing is planned from a file with any mistake.
 */
export async function planCatalogImport(
  file: CatalogFile,
  tables: { schedules: ScheduleTable; targets: TargetTable },
  fileName: string,
  prune: boolean,
  reading: Pick<CatalogFileReading, 'problems' | 'scheduleNames'> = { problems: [], scheduleNames: [] },
): Promise<ImportPlan> {
  const [scheduleRows, targetRows] = await Promise.all([
    tables.schedules.rows.list(),
    tables.targets.rows.list(),
  ]);
  validate(file, fileName, scheduleRows, reading);
  const schedulePlan = diff(
    'schedule',
    Object.entries(file.schedules ?? {}).map(([name, entry]) => scheduleRecord(name, entry)),
    scheduleRows,
    scheduleToRow,
    prune,
  );
  const targetPlan = diff(
    'target',
    Object.entries(file.targets ?? {}).map(([name, entry]) => targetRecord(name, entry)),
    targetRows,
    targetToRow,
    prune,
  );
  return {
    changes: [...schedulePlan.changes, ...targetPlan.changes],
    unchanged: schedulePlan.unchanged + targetPlan.unchanged,
  };
}

function scheduleRecord(name: string, entry: ScheduleEntry): ScheduleRecord {
  const { description, notify, ...definition } = entry;
  return {
    name,
    definition: definitionOf(definition),
    ...(description !== undefined ? { description } : {}),
    ...(notify !== undefined ? { notify } : {}),
  };
}

/** The file's fields as a definition: a field the file leaves out is absent, not `undefined`. */
function definitionOf(entry: Partial<ScheduleEntry>): ScheduleDefinition {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  ) as ScheduleDefinition;
}

function targetRecord(name: string, entry: TargetEntry): TargetRecord {
  const parsed = parseResourceId(entry.resourceId, { checkSegments: true });
  if (!parsed.ok) throw new Error(`unreachable: ${entry.resourceId} was validated`);
  return {
    name,
    resourceId: parsed.resourceId,
    scheduleName: entry.schedule,
    enabled: entry.enabled ?? true,
    allowAksManagedScaleSet: entry.allowAksManagedScaleSet ?? false,
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    ...(entry.notify !== undefined ? { notify: entry.notify } : {}),
  };
}

/** Every mistake of the file at once: those found reading it, and those that need the storage to see. */
function validate(
  file: CatalogFile,
  fileName: string,
  scheduleRows: TableRow[],
  reading: Pick<CatalogFileReading, 'problems' | 'scheduleNames'>,
): void {
  const problems: string[] = [...reading.problems];
  for (const [name, entry] of Object.entries(file.schedules ?? {})) {
    try {
      Schedule.compile({ ...definitionOf(entry), name });
    } catch (error) {
      if (!(error instanceof ScheduleSpecError)) throw error;
      problems.push(...error.problems.map((problem) => `schedules.${name}: ${formatSpecProblem(problem)}`));
    }
  }
  const knownSchedules = new Set(
    [
      ...Object.keys(file.schedules ?? {}),
      ...reading.scheduleNames,
      ...scheduleRows.map((row) => nameOfRowKey(row.rowKey)),
    ].map((name) => name.toLowerCase()),
  );
  const firstByResource = new Map<string, string>();
  for (const [name, entry] of Object.entries(file.targets ?? {})) {
    const parsed = parseResourceId(entry.resourceId, { checkSegments: true });
    if (!parsed.ok) problems.push(`targets.${name}.resourceId: ${parsed.message}`);
    else {
      const other = firstByResource.get(parsed.resourceId.key);
      if (other !== undefined)
        problems.push(`targets.${name}.resourceId: the same resource as targets.${other}; keep one`);
      firstByResource.set(parsed.resourceId.key, name);
    }
    if (!knownSchedules.has(entry.schedule.toLowerCase()))
      problems.push(
        `targets.${name}.schedule: there is no schedule named "${entry.schedule}" in the file or in storage`,
      );
  }
  if (problems.length > 0) throw new CatalogFileError(fileName, problems);
}

function diff<
  R extends {
    name: string;
    row?: { partitionKey: string; rowKey: string };
    extraColumns?: Record<string, unknown>;
  },
>(
  kind: CatalogChange['kind'],
  wanted: R[],
  existingRows: TableRow[],
  toRow: (record: R) => TableRow,
  prune: boolean,
): ImportPlan {
  const existingByName = new Map(existingRows.map((row) => [nameOfRowKey(row.rowKey).toLowerCase(), row]));
  const changes: CatalogChange[] = [];
  let unchanged = 0;
  for (const record of wanted) {
    const existing = existingByName.get(record.name.toLowerCase());
    existingByName.delete(record.name.toLowerCase());
    if (!existing) {
      changes.push({ kind, action: 'create', name: record.name, row: toRow(record), fields: [] });
      continue;
    }
    // An existing row keeps its keys, even when a person created it under another PartitionKey, and
    // the columns of the person's own that the file does not speak for.
    const reader = new RowReader(kind === 'schedule' ? 'Schedules' : 'Targets', existing);
    reader.checkColumns(kind === 'schedule' ? SCHEDULE_COLUMNS : TARGET_COLUMNS);
    const row = toRow({
      ...record,
      row: { partitionKey: existing.partitionKey, rowKey: existing.rowKey },
      extraColumns: reader.extraColumns,
    });
    const fields = changedFields(existing, row);
    if (fields.length === 0) unchanged++;
    else changes.push({ kind, action: 'update', name: record.name, row, ...etagOf(existing), fields });
  }
  if (prune) {
    for (const row of existingByName.values())
      changes.push({
        kind,
        action: 'delete',
        name: nameOfRowKey(row.rowKey),
        row,
        ...etagOf(row),
        fields: [],
      });
  }
  return { changes, unchanged };
}

function etagOf(row: TableRow): { etag?: string } {
  return row.etag ? { etag: row.etag } : {};
}

function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function changedFields(current: TableRow, wanted: TableRow): FieldChange[] {
  const columns = new Set(
    [...Object.keys(current), ...Object.keys(wanted)].filter((column) => !KEY_COLUMNS.has(column)),
  );
  return [...columns]
    .sort()
    .map((field) => ({ field, from: canonical(current[field]), to: canonical(wanted[field]) }))
    .filter((change) => change.from !== change.to);
}
