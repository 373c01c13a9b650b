import { type CatalogWrite, catalogAuditEntry } from '../audit/catalogAuditEntry.js';
import type { MaintenancePolicy } from '../../domain/maintenance/MaintenancePolicy.js';
import { windowsAttended } from '../../domain/maintenance/maintenanceOutlook.js';
import { reversedRangeWarnings } from '../../domain/parseScheduleSpec.js';
import { PreviewRangeError, previewRange } from '../../domain/previewRange.js';
import { previewSchedule, type SchedulePreview } from '../../domain/previewSchedule.js';
import { Schedule, type ScheduleDefinition } from '../../domain/Schedule.js';
import { ScheduleSpecError } from '../../domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../domain/SpecProblem.js';
import { scheduleStartLead, type StartLeadPolicy } from '../../domain/StartLead.js';
import { ScheduleRequest, type Schedule as ScheduleAnswer } from '../../contract/Schedule.js';
import type { TableStorage } from '../storage/TableStorage.js';
import { findControlCharacter } from '../storage/normaliseText.js';
import type { RowProblem } from '../storage/RowProblem.js';
import { nameRoundTripProblem, rowKeyOfName } from '../storage/rowName.js';
import type { ScheduleRecord } from './ScheduleTable.js';
import { NAME_LENGTH, ScheduleTable } from './ScheduleTable.js';
import { checkPreconditions, writeConditionally } from '../problems/preconditions.js';
import { refuseCaseVariant } from '../targets/refuseCaseVariant.js';
import { ConflictError, fieldErrorsOf, NotFoundError, ValidationError } from '../problems/RequestErrors.js';

/** A schedule as the API shows it: the contract's Schedule (shared/contract/Schedule.ts). */
export type ScheduleView = ScheduleAnswer;

/** One target of a schedule and its maintenance windows in the next four weeks. */
export interface ScheduleMaintenance {
  target: string;
  policy: MaintenancePolicy;
  attended: number;
  total: number;
  warnings: string[];
}

const FIELDS = Object.keys(ScheduleRequest.shape);

/** Schedules for the API: read, create and change with ETags, delete when unused, preview. */
export class ScheduleService {
  constructor(
    private readonly deps: { storage: TableStorage; now: () => number; startLeadPolicy?: StartLeadPolicy },
  ) {}

  /** Audited as soon as the row is written, before anything else can fail. */
  private async audit(write: CatalogWrite, actor: string): Promise<void> {
    await this.deps.storage.audit.append(catalogAuditEntry(write, actor, this.deps.now()));
  }

  /** Every row of the Schedules table: usable ones, and every one that is not, with its problems. */
  async list(): Promise<ScheduleView[]> {
    const loaded = await this.deps.storage.schedules.load();
    const warningsOf = (record: ScheduleRecord) =>
      loaded.warnings.filter(
        (warning) =>
          warning.partitionKey === record.row?.partitionKey && warning.rowKey === record.row.rowKey,
      );
    const valid = loaded.records.map((record) =>
      viewOf(record, [], [...warningsOf(record).map(describeRowProblem), ...specWarnings(record)]),
    );
    const invalid = loaded.unusable.map(({ record, problems }) =>
      viewOf(record, problems.map(describeRowProblem), warningsOf(record).map(describeRowProblem)),
    );
    return [...valid, ...invalid].sort(
      (a, b) =>
        a.name.localeCompare(b.name) || (a.row?.partitionKey ?? '').localeCompare(b.row?.partitionKey ?? ''),
    );
  }

  async get(name: string): Promise<ScheduleView> {
    const record = await this.deps.storage.schedules.get(name);
    if (!record) throw new NotFoundError(`there is no schedule named "${name}"`);
    return viewOf(record, compileProblems(record.definition), specWarnings(record));
  }

  /**
   * Creates (no If-Match; `If-None-Match: *` optional) or replaces (If-Match required) a schedule.
   * The whole definition is validated first; nothing is written when anything is wrong.
   */
  async put(
    name: string,
    input: unknown,
    preconditions: { ifMatch: string | undefined; ifNoneMatch: string | undefined },
    actor: string,
  ): Promise<{ created: boolean; view: ScheduleView }> {
    const { ifMatch, ifNoneMatch } = preconditions;
    validateName(name);
    const definition = parseDefinition(name, input);
    const { description, ...fields } = definition;
    const record: ScheduleRecord = {
      name,
      definition: fields,
      ...(description !== undefined ? { description } : {}),
    };
    const { schedules } = this.deps.storage;
    const current = await schedules.get(name);
    const what = `schedule "${name}"`;
    checkPreconditions(what, current, ifMatch, ifNoneMatch);
    refuseCaseVariant(what, current ? undefined : await schedules.caseVariantOf(name));
    const row = current?.row ?? { partitionKey: ScheduleTable.partitionKey, rowKey: rowKeyOfName(name) };
    // Columns of the person's own stay on the row: the request only speaks for the app's columns.
    const extra = {
      ...(current?.extraColumns ? { extraColumns: current.extraColumns } : {}),
      // The API does not speak for Notify (docs/notifications.md): the row keeps it.
      ...(current?.notify !== undefined ? { notify: current.notify } : {}),
    };
    const etag = await writeConditionally(what, () =>
      current
        ? schedules.replace({ ...record, ...extra, row }, current.row?.etag ?? '')
        : schedules.create(record),
    );
    const written = { ...record, row: { ...row, etag } };
    const view = viewOf(written, [], specWarnings(written));
    const { uptime, downtime, timeZone, holidays, enforce } = view;
    await this.audit(
      {
        kind: 'schedule',
        action: current ? 'update' : 'create',
        name,
        result: JSON.stringify({ uptime, downtime, timeZone, holidays, enforce }),
      },
      actor,
    );
    return { created: !current, view };
  }

  async delete(name: string, ifMatch: string | undefined, actor: string): Promise<void> {
    const current = await this.deps.storage.schedules.get(name);
    if (!current) throw new NotFoundError(`there is no schedule named "${name}"`);
    const what = `schedule "${name}"`;
    checkPreconditions(what, current, ifMatch);
    const users = (await this.deps.storage.targets.load()).records.filter(
      (target) => target.scheduleName.toLowerCase() === name.toLowerCase(),
    );
    if (users.length > 0)
      throw new ConflictError(
        `schedule "${name}" is used by ${users.map((target) => target.name).join(', ')}; move them to another schedule first`,
        { code: 'schedule-in-use' },
      );
    await writeConditionally(what, () => this.deps.storage.schedules.delete(name, current.row?.etag));
    await this.audit({ kind: 'schedule', action: 'delete', name, result: 'deleted' }, actor);
  }

  async preview(
    name: string,
    fromText: string | null,
    toText: string | null,
  ): Promise<SchedulePreview & { zone: string; maintenance: ScheduleMaintenance[] }> {
    const record = await this.deps.storage.schedules.get(name);
    if (!record) throw new NotFoundError(`there is no schedule named "${name}"`);
    let schedule: Schedule;
    try {
      schedule = Schedule.compile(record.definition);
    } catch (error) {
      if (error instanceof ScheduleSpecError)
        throw new ConflictError(`schedule "${name}" is invalid: ${error.message}`, {
          code: 'schedule-invalid',
          cause: error,
        });
      throw error;
    }
    const { from, to } = rangeOf(fromText, toText, schedule.displayZone, this.deps.now());
    const lead = scheduleStartLead(schedule.startLead, this.deps.startLeadPolicy);
    return {
      ...previewSchedule(schedule, from, to, lead),
      zone: schedule.displayZone,
      maintenance: await this.maintenanceOf(record.name),
    };
  }

  /**
   * What the schedule does to its targets' AKS maintenance windows in the next four weeks, as the
   * last tick worked it out (docs/maintenance.md): each target's windows attended and warnings.
   */
  private async maintenanceOf(name: string): Promise<ScheduleMaintenance[]> {
    const states = await this.deps.storage.state.load();
    const result: ScheduleMaintenance[] = [];
    for (const state of states.values()) {
      const outlook = state.maintenance;
      if (state.scheduleName !== name || !outlook?.windows) continue;
      result.push({
        target: state.targetName,
        policy: outlook.policy,
        attended: windowsAttended(outlook.windows),
        total: outlook.windows.length,
        warnings: outlook.warnings,
      });
    }
    return result.sort((left, right) => left.target.localeCompare(right.target));
  }
}

function validateName(name: string): void {
  const control = findControlCharacter(name);
  const problem =
    name.trim() === '' || name.length > NAME_LENGTH || name !== name.trim()
      ? `a schedule name has 1 to ${NAME_LENGTH} characters and no surrounding spaces`
      : control
        ? `a schedule name cannot contain control characters (${control.code} at position ${control.position})`
        : nameRoundTripProblem(name);
  if (problem) throw new ValidationError([{ field: 'name', value: name, message: problem }]);
}

/** The same reading of from and to as the CLI's --from and --to (docs/schedule-language.md). */
function rangeOf(fromText: string | null, toText: string | null, zone: string, now: number) {
  try {
    return previewRange({ from: fromText ?? undefined, to: toText ?? undefined }, zone, now);
  } catch (error) {
    if (!(error instanceof PreviewRangeError)) throw error;
    throw new ValidationError([{ field: error.field, value: error.value, message: error.describe('') }], {
      cause: error,
    });
  }
}

/** A problem as a schedule's view lists it: the row is the schedule, so only the column is named. */
function describeRowProblem(problem: RowProblem): string {
  return `${problem.column ?? 'row'}: ${problem.reason}`;
}

/** Warnings about a schedule that works: an absolute range that ends before it starts never matches. */
function specWarnings(record: ScheduleRecord): string[] {
  const { uptime, downtime } = record.definition;
  if (uptime === undefined && downtime === undefined) return [];
  try {
    const schedule = Schedule.compile(record.definition);
    return reversedRangeWarnings(schedule.spec, schedule.form === 'uptime' ? 'Uptime' : 'Downtime').map(
      formatSpecProblem,
    );
  } catch (error) {
    if (error instanceof ScheduleSpecError) return [];
    throw error;
  }
}

function parseDefinition(name: string, input: unknown): ScheduleDefinition & { description?: string } {
  const parsed = ScheduleRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error.issues, input, FIELDS));
  const definition = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  ) as ScheduleDefinition & { description?: string };
  try {
    Schedule.compile({ ...definition, name });
  } catch (error) {
    if (!(error instanceof ScheduleSpecError)) throw error;
    throw new ValidationError(
      error.problems.map((problem) => {
        const field = problem.field.charAt(0).toLowerCase() + problem.field.slice(1);
        return {
          field,
          value: (definition as Record<string, unknown>)[field],
          message: formatSpecProblem(problem),
        };
      }),
      { cause: error },
    );
  }
  return definition;
}

function compileProblems(definition: ScheduleDefinition): string[] {
  try {
    Schedule.compile(definition);
    return [];
  } catch (error) {
    if (error instanceof ScheduleSpecError) return error.problems.map(formatSpecProblem);
    throw error;
  }
}

function viewOf(record: ScheduleRecord, problems: string[], warnings: string[] = []): ScheduleView {
  const { definition } = record;
  const { row } = record;
  return {
    name: record.name,
    ...(definition.uptime !== undefined ? { uptime: definition.uptime } : {}),
    ...(definition.downtime !== undefined ? { downtime: definition.downtime } : {}),
    ...(definition.timeZone !== undefined ? { timeZone: definition.timeZone } : {}),
    ...(definition.holidays !== undefined ? { holidays: definition.holidays } : {}),
    enforce: definition.enforce ?? false,
    ...(definition.startLead !== undefined ? { startLead: definition.startLead } : {}),
    ...(definition.maintenance !== undefined ? { maintenance: definition.maintenance } : {}),
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...(record.row?.etag ? { etag: record.row.etag } : {}),
    problems,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(row && (row.partitionKey !== ScheduleTable.partitionKey || row.rowKey !== record.name)
      ? { row: { partitionKey: row.partitionKey, rowKey: row.rowKey } }
      : {}),
  };
}
