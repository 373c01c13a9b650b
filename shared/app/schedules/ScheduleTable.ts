import { Schedule, type ScheduleDefinition } from '../../domain/Schedule.js';
import { ScheduleSpecError } from '../../domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../domain/SpecProblem.js';
import type { RowTable, TableRow } from '../storage/RowTable.js';
import type { LoadResult } from '../storage/LoadResult.js';
import { findControlCharacter } from '../storage/normaliseText.js';
import type { RowIdentity } from '../storage/RowIdentity.js';
import { groupBy } from '../../domain/groupBy.js';
import type { RowProblem } from '../storage/RowProblem.js';
import { RowReader } from '../storage/RowReader.js';
import { nameOfRowKey, rowKeyOfName } from '../storage/rowName.js';
import { writeWithRetry } from '../storage/writeWithRetry.js';
import { readNotify } from '../notifications/notifyColumn.js';
import { ScheduleNotFoundError } from './ScheduleNotFoundError.js';

export interface ScheduleRecord {
  name: string;
  definition: ScheduleDefinition;
  description?: string;
  /** The Notify column: channel names, separated by commas (docs/notifications.md). */
  notify?: string;
  row?: RowIdentity;
  /** Columns of the person's own on the row, kept when the app writes it. */
  extraColumns?: Record<string, unknown>;
}

export interface LoadedSchedule extends ScheduleRecord {
  schedule: Schedule;
}

const SPEC_LENGTH = 2000;
const DESCRIPTION_LENGTH = 1000;
export const NAME_LENGTH = 100;

/** The columns of a Schedules row, spelt as the app writes them (read in any case). */
export const SCHEDULE_COLUMNS = [
  'Uptime',
  'Downtime',
  'TimeZone',
  'Holidays',
  'Enforce',
  'StartLead',
  'Maintenance',
  'Description',
  'Notify',
];

/** What loading the Schedules table found: usable schedules, and every row that is not, as read. */
export interface LoadedSchedules extends LoadResult<LoadedSchedule> {
  /** Rows that cannot be used, each as far as it could be read, with its problems. */
  unusable: { record: ScheduleRecord; problems: RowProblem[] }[];
  warnings: RowProblem[];
  /** Lower-case names that several rows use: none of those rows is used. */
  clashingNames: Set<string>;
}

/**
 * The Schedules table: one row per schedule, named by its RowKey, edited by people. Any
 * PartitionKey is accepted on rows people add; the app writes `schedule`.
 */
export class ScheduleTable {
  static readonly tableName = 'Schedules';
  static readonly partitionKey = 'schedule';

  /** The rows themselves, for import and export, which compare and write whole rows. */
  constructor(readonly rows: RowTable) {}

  /**
   * Every usable schedule, compiled, and a problem for every row or cell that is not. Rows whose
   * names differ only in case are all reported and none is used (`clashingNames`): which one a
   * person meant cannot be told, and the first in sort order must not silently win.
   */
  async load(): Promise<LoadedSchedules> {
    const result: LoadedSchedules = {
      records: [],
      problems: [],
      unusable: [],
      warnings: [],
      clashingNames: new Set<string>(),
    };
    const rows = await this.rows.list();
    const rowsByName = groupBy(rows, (row) => nameOfRowKey(row.rowKey).trim().toLowerCase());
    for (const row of rows) {
      const reader = new RowReader(ScheduleTable.tableName, row);
      const record = readSchedule(row, reader);
      result.warnings.push(...reader.warnings);
      const schedule = record ? compileForRow(record, reader) : undefined;
      const others = record
        ? (rowsByName.get(record.name.toLowerCase()) ?? []).filter((other) => other !== row)
        : [];
      if (record && others.length > 0) {
        result.clashingNames.add(record.name.toLowerCase());
        reader.problem(
          `the name "${record.name}" is also used by ${others.map((other) => `row "${other.partitionKey}"/"${other.rowKey}"`).join(', ')}; names must be unique, ignoring case, and none of these rows is used until one is renamed or removed`,
          'RowKey',
          row.rowKey,
        );
      }
      result.problems.push(...reader.problems);
      if (record && schedule && reader.problems.length === 0) result.records.push({ ...record, schedule });
      else if (record) result.unusable.push({ record, problems: reader.problems });
    }
    return result;
  }

  /** The name of another schedule that differs from `name` only in case, if there is one. */
  async caseVariantOf(name: string): Promise<string | undefined> {
    return (await this.rows.list())
      .map((row) => nameOfRowKey(row.rowKey).trim())
      .find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  }

  /**
   * The stored row of one schedule, valid or not, for the API and for updates: the row whose key is
   * the name, or else a row whose key reads as that name (typed with spaces around it, say).
   */
  async get(name: string): Promise<ScheduleRecord | undefined> {
    const [exact] = await this.rows.list({ rowKey: rowKeyOfName(name) });
    const row =
      exact && nameOfRowKey(exact.rowKey) === name
        ? exact
        : (await this.rows.list()).find((candidate) => nameOfRowKey(candidate.rowKey) === name);
    return row ? readSchedule(row, new RowReader(ScheduleTable.tableName, row)) : undefined;
  }

  /** Creates a schedule; `RowAlreadyExistsError` if the name is taken. */
  async create(record: ScheduleRecord): Promise<string> {
    return this.rows.insert(scheduleToRow(record));
  }

  /** Replaces a schedule only if it is unchanged since `etag` was read (`RowChangedError` otherwise). */
  async replace(record: ScheduleRecord, etag: string): Promise<string> {
    return this.rows.replace(scheduleToRow(record), etag);
  }

  /**
   * Applies `change` to the current definition and writes it back; when someone else wrote the row
   * in between, re-reads it and applies `change` again, so neither edit is lost.
   */
  async update(name: string, change: (current: ScheduleRecord) => ScheduleRecord): Promise<ScheduleRecord> {
    return writeWithRetry(async () => {
      const current = await this.get(name);
      if (!current?.row?.etag) throw new ScheduleNotFoundError(name);
      const next = { ...change(current), row: current.row };
      const etag = await this.replace(next, current.row.etag);
      return { ...next, row: { ...current.row, etag } };
    });
  }

  async delete(name: string, etag?: string): Promise<boolean> {
    const current = await this.get(name);
    if (!current?.row) return false;
    return this.rows.delete(current.row.partitionKey, current.row.rowKey, etag);
  }
}

/** A row as far as it can be read; a name that cannot be used is a problem, but the row is still shown. */
function readSchedule(row: TableRow, reader: RowReader): ScheduleRecord {
  const name = nameOfRowKey(row.rowKey);
  checkRowName(name, row.rowKey, "the schedule's", reader);
  reader.checkColumns(SCHEDULE_COLUMNS);
  const definition: ScheduleDefinition = { name };
  const uptime = reader.text('Uptime', { maxLength: SPEC_LENGTH });
  const downtime = reader.text('Downtime', { maxLength: SPEC_LENGTH });
  const timeZone = reader.text('TimeZone', { maxLength: 100 });
  const holidays = reader.text('Holidays', { maxLength: SPEC_LENGTH });
  const enforce = reader.boolean('Enforce', false);
  const startLead = reader.text('StartLead', { maxLength: 20 });
  const maintenance = reader.text('Maintenance', { maxLength: 20 });
  const description = reader.text('Description', { maxLength: DESCRIPTION_LENGTH });
  const notify = readNotify(reader);
  if (uptime !== undefined) definition.uptime = uptime;
  if (downtime !== undefined) definition.downtime = downtime;
  if (timeZone !== undefined) definition.timeZone = timeZone;
  if (holidays !== undefined) definition.holidays = holidays;
  if (enforce !== undefined) definition.enforce = enforce;
  if (startLead !== undefined) definition.startLead = startLead;
  if (maintenance !== undefined) definition.maintenance = maintenance;
  if (
    uptime === undefined &&
    downtime === undefined &&
    !reader.problems.some((problem) => problem.column === 'Uptime' || problem.column === 'Downtime')
  ) {
    reader.problem(
      'the schedule has neither Uptime nor Downtime; fill in one, such as Uptime "Mon-Fri 08:00-20:00 Europe/Berlin"',
      'Uptime',
      '',
    );
  }
  const identity: RowIdentity = {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    ...(row.etag ? { etag: row.etag } : {}),
  };
  return {
    name,
    definition,
    ...(description !== undefined ? { description } : {}),
    ...(notify !== undefined ? { notify } : {}),
    row: identity,
    ...(Object.keys(reader.extraColumns).length > 0 ? { extraColumns: reader.extraColumns } : {}),
  };
}

/** The RowKey is the name people use in the API and in Targets rows: 1 to 100 visible characters. */
export function checkRowName(name: string, rowKey: string, whose: string, reader: RowReader): void {
  if (name === '' || name.length > NAME_LENGTH)
    reader.problem(
      `the RowKey is ${whose} name and must have 1 to ${NAME_LENGTH} characters`,
      'RowKey',
      rowKey,
    );
  const control = findControlCharacter(name);
  if (control)
    reader.problem(
      `the RowKey contains the control character ${control.code} at position ${control.position}; rename the row`,
      'RowKey',
      rowKey,
    );
}

function compileForRow(record: ScheduleRecord, reader: RowReader): Schedule | undefined {
  if (reader.problems.length > 0) return undefined;
  try {
    return Schedule.compile(record.definition);
  } catch (error) {
    if (!(error instanceof ScheduleSpecError)) throw error;
    const columnValue = (field: string) =>
      (record.definition as Record<string, unknown>)[field.charAt(0).toLowerCase() + field.slice(1)];
    for (const problem of error.problems)
      reader.problem(formatSpecProblem(problem), problem.field, columnValue(problem.field) ?? '');
    return undefined;
  }
}

/** The row the app writes for a record; an existing row keeps its keys. */
export function scheduleToRow(record: ScheduleRecord): TableRow {
  const { definition } = record;
  return {
    ...record.extraColumns,
    partitionKey: record.row?.partitionKey ?? ScheduleTable.partitionKey,
    rowKey: record.row?.rowKey ?? rowKeyOfName(record.name),
    ...(definition.uptime !== undefined ? { Uptime: definition.uptime } : {}),
    ...(definition.downtime !== undefined ? { Downtime: definition.downtime } : {}),
    ...(definition.timeZone !== undefined ? { TimeZone: definition.timeZone } : {}),
    ...(definition.holidays !== undefined ? { Holidays: definition.holidays } : {}),
    Enforce: definition.enforce ?? false,
    ...(definition.startLead !== undefined ? { StartLead: definition.startLead } : {}),
    ...(definition.maintenance !== undefined ? { Maintenance: definition.maintenance } : {}),
    ...(record.description !== undefined ? { Description: record.description } : {}),
    ...(record.notify !== undefined ? { Notify: record.notify } : {}),
  };
}
