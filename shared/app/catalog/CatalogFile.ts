import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { fieldErrorsOf } from '../problems/RequestErrors.js';
import { CatalogFileError } from './CatalogFileError.js';

const scheduleEntry = z
  .object({
    uptime: z.string().optional(),
    downtime: z.string().optional(),
    timeZone: z.string().optional(),
    holidays: z.string().optional(),
    enforce: z.boolean().optional(),
    startLead: z.string().optional(),
    maintenance: z.string().optional(),
    description: z.string().optional(),
    notify: z.string().optional(),
  })
  .strict();

const targetEntry = z
  .object({
    resourceId: z.string(),
    schedule: z.string(),
    enabled: z.boolean().optional(),
    allowAksManagedScaleSet: z.boolean().optional(),
    description: z.string().optional(),
    notify: z.string().optional(),
  })
  .strict();

export type ScheduleEntry = z.infer<typeof scheduleEntry>;
export type TargetEntry = z.infer<typeof targetEntry>;

/** Schedules and targets as kept in git: maps keyed by name, so a change is a one-line diff. */
export interface CatalogFile {
  schedules?: Record<string, ScheduleEntry>;
  targets?: Record<string, TargetEntry>;
}

/** A catalog file as far as it could be read: the entries that have the right shape, and a problem for each mistake. */
export interface CatalogFileReading {
  catalog: CatalogFile;
  problems: string[];
  /** Schedules the file defines, with the right shape or not: targets may name them. */
  scheduleNames: string[];
}

const SECTIONS = { schedules: scheduleEntry, targets: targetEntry } as const;

/**
 * Reads YAML or JSON (JSON is YAML) and checks the shape of every entry, so that one run names
 * every mistake by its path (`schedules.office.timezone: … did you mean timeZone?`), not the first.
 */
export function readCatalogFile(text: string, fileName: string): CatalogFileReading {
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    throw new CatalogFileError(fileName, [`not valid YAML or JSON: ${(error as Error).message}`], {
      cause: error,
    });
  }
  const reading: CatalogFileReading = { catalog: {}, problems: [], scheduleNames: [] };
  if (!isMap(document)) {
    reading.problems.push('(top level): must be a map with "schedules" and "targets"');
    return reading;
  }
  for (const [key, value] of Object.entries(document)) {
    if (key !== 'schedules' && key !== 'targets') {
      reading.problems.push(
        ...fieldErrorsOf([{ code: 'unrecognized_keys', keys: [key], path: [], message: '' }], document, [
          'schedules',
          'targets',
        ]).map((error) => `${error.field}: ${error.message}`),
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!isMap(value)) {
      reading.problems.push(`${key}: must be a map of entries keyed by name`);
      continue;
    }
    if (key === 'schedules') reading.scheduleNames.push(...Object.keys(value));
    const schema = SECTIONS[key];
    const entries: [string, unknown][] = [];
    for (const [name, entry] of Object.entries(value)) {
      const parsed = schema.safeParse(entry);
      if (parsed.success) entries.push([name, parsed.data]);
      else
        reading.problems.push(
          ...fieldErrorsOf(parsed.error.issues, entry, Object.keys(schema.shape)).map(
            (error) =>
              `${key}.${name}${error.field === 'body' ? '' : `.${error.field}`}: ${error.message.replace('a JSON object', 'a map')}`,
          ),
        );
    }
    Object.assign(reading.catalog, { [key]: Object.fromEntries(entries) });
  }
  return reading;
}

/** Parses a catalog file; a file with any mistake is refused as a whole, naming every mistake. */
export function parseCatalogFile(text: string, fileName: string): CatalogFile {
  const { catalog, problems } = readCatalogFile(text, fileName);
  if (problems.length > 0) throw new CatalogFileError(fileName, problems);
  return catalog;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatCatalogFile(catalog: CatalogFile): string {
  return stringifyYaml(catalog, { lineWidth: 0 });
}
