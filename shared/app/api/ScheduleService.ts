import { z } from 'zod';
import { previewSchedule, type SchedulePreview } from '../../domain/previewSchedule.js';
import { Schedule, type ScheduleDefinition } from '../../domain/Schedule.js';
import { ScheduleSpecError } from '../../domain/ScheduleSpecError.js';
import { formatSpecProblem } from '../../domain/SpecProblem.js';
import type { TableStorage } from '../TableStorage.js';
import { groupBy } from '../rows/groupBy.js';
import { decodeTableKey, encodeTableKey } from '../rows/tableKey.js';
import type { ScheduleRecord } from '../tables/ScheduleTable.js';
import { NAME_LENGTH, ScheduleTable } from '../tables/ScheduleTable.js';
import { checkPreconditions, writeConditionally } from './preconditions.js';
import { refuseCaseVariant } from './refuseCaseVariant.js';
import { ConflictError, NotFoundError, ValidationError } from './RequestErrors.js';

export interface ScheduleView {
  name: string;
  uptime?: string;
  downtime?: string;
  timeZone?: string;
  holidays?: string;
  enforce: boolean;
  description?: string;
  etag?: string;
  problems: string[];
}

const body = z
  .object({
    uptime: z.string().max(2000).optional(),
    downtime: z.string().max(2000).optional(),
    timeZone: z.string().max(100).optional(),
    holidays: z.string().max(2000).optional(),
    enforce: z.boolean().optional(),
    description: z.string().max(1000).optional(),
  })
  .strict();

const MAX_PREVIEW_DAYS = 366;

/** Schedules for the API: read, create and change with ETags, delete when unused, preview. */
export class ScheduleService {
  constructor(private readonly deps: { storage: TableStorage; now: () => number }) {}

  async list(): Promise<ScheduleView[]> {
    const loaded = await this.deps.storage.schedules.load();
    const problems = groupBy(loaded.problems, (problem) => decodeTableKey(problem.rowKey));
    const valid = loaded.records.map((record) => viewOf(record, []));
    const invalid: ScheduleView[] = [];
    for (const [name, found] of problems) {
      const record = await this.deps.storage.schedules.get(name);
      if (record)
        invalid.push(
          viewOf(
            record,
            found.map((problem) => `${problem.column ?? 'row'}: ${problem.reason}`),
          ),
        );
    }
    return [...valid, ...invalid].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<ScheduleView> {
    const record = await this.deps.storage.schedules.get(name);
    if (!record) throw new NotFoundError(`there is no schedule named "${name}"`);
    return viewOf(record, compileProblems(record.definition));
  }

  /**
   * Creates (no If-Match; `If-None-Match: *` optional) or replaces (If-Match required) a schedule.
   * The whole definition is validated first; nothing is written when anything is wrong.
   */
  async put(
    name: string,
    input: unknown,
    ifMatch: string | undefined,
    ifNoneMatch: string | undefined,
  ): Promise<{ created: boolean; view: ScheduleView }> {
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
    const row = current?.row ?? { partitionKey: ScheduleTable.partitionKey, rowKey: encodeTableKey(name) };
    const etag = await writeConditionally(what, () =>
      current ? schedules.replace({ ...record, row }, ifMatch ?? '') : schedules.create(record),
    );
    return { created: !current, view: viewOf({ ...record, row: { ...row, etag } }, []) };
  }

  async delete(name: string, ifMatch: string | undefined): Promise<void> {
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
      );
    await writeConditionally(what, () => this.deps.storage.schedules.delete(name, ifMatch));
  }

  async preview(
    name: string,
    fromText: string | null,
    toText: string | null,
  ): Promise<SchedulePreview & { zone: string }> {
    const record = await this.deps.storage.schedules.get(name);
    if (!record) throw new NotFoundError(`there is no schedule named "${name}"`);
    let schedule: Schedule;
    try {
      schedule = Schedule.compile(record.definition);
    } catch (error) {
      if (error instanceof ScheduleSpecError)
        throw new ConflictError(`schedule "${name}" is invalid: ${error.message}`, { cause: error });
      throw error;
    }
    const from = fromText === null ? this.deps.now() : parseInstant('from', fromText);
    const to = toText === null ? from + 7 * 86_400_000 : parseInstant('to', toText);
    if (to <= from)
      throw new ValidationError([{ field: 'to', value: toText, message: 'must be after from' }]);
    if (to - from > MAX_PREVIEW_DAYS * 86_400_000)
      throw new ValidationError([
        { field: 'to', value: toText, message: `the range may span at most ${MAX_PREVIEW_DAYS} days` },
      ]);
    return { ...previewSchedule(schedule, from, to), zone: schedule.displayZone };
  }
}

function validateName(name: string): void {
  if (name.trim() === '' || name.length > NAME_LENGTH || name !== name.trim()) {
    throw new ValidationError([
      {
        field: 'name',
        value: name,
        message: `a schedule name has 1 to ${NAME_LENGTH} characters and no surrounding spaces`,
      },
    ]);
  }
}

function parseDefinition(name: string, input: unknown): ScheduleDefinition & { description?: string } {
  const parsed = body.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'body',
        value: issue.path.length > 0 ? (input as Record<string, unknown>)[String(issue.path[0])] : input,
        message: issue.message,
      })),
    );
  }
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

function parseInstant(field: string, text: string): number {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : /(Z|[+-]\d{2}:?\d{2})$/i.test(text)
      ? Date.parse(text)
      : NaN;
  if (Number.isNaN(instant))
    throw new ValidationError([
      {
        field,
        value: text,
        message: 'must be a date (YYYY-MM-DD, UTC midnight) or an ISO 8601 time with an offset',
      },
    ]);
  return instant;
}

function viewOf(record: ScheduleRecord, problems: string[]): ScheduleView {
  const { definition } = record;
  return {
    name: record.name,
    ...(definition.uptime !== undefined ? { uptime: definition.uptime } : {}),
    ...(definition.downtime !== undefined ? { downtime: definition.downtime } : {}),
    ...(definition.timeZone !== undefined ? { timeZone: definition.timeZone } : {}),
    ...(definition.holidays !== undefined ? { holidays: definition.holidays } : {}),
    enforce: definition.enforce ?? false,
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...(record.row?.etag ? { etag: record.row.etag } : {}),
    problems,
  };
}
