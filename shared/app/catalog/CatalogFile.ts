import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { CatalogFileError } from './CatalogFileError.js';

const scheduleEntry = z
  .object({
    uptime: z.string().optional(),
    downtime: z.string().optional(),
    timeZone: z.string().optional(),
    holidays: z.string().optional(),
    enforce: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();

const targetEntry = z
  .object({
    resourceId: z.string(),
    schedule: z.string(),
    enabled: z.boolean().optional(),
    allowAksManagedScaleSet: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();

const catalogFile = z
  .object({
    schedules: z.record(z.string(), scheduleEntry).optional(),
    targets: z.record(z.string(), targetEntry).optional(),
  })
  .strict();

/** Schedules and targets as kept in git: maps keyed by name, so a change is a one-line diff. */
export type CatalogFile = z.infer<typeof catalogFile>;
export type ScheduleEntry = z.infer<typeof scheduleEntry>;
export type TargetEntry = z.infer<typeof targetEntry>;

/** Parses YAML or JSON (JSON is YAML) and checks its shape; every mistake is named by its path. */
export function parseCatalogFile(text: string, fileName: string): CatalogFile {
  let document: unknown;
  try {
    document = parseYaml(text) ?? {};
  } catch (error) {
    throw new CatalogFileError(fileName, [`not valid YAML or JSON: ${(error as Error).message}`], {
      cause: error,
    });
  }
  const result = catalogFile.safeParse(document);
  if (result.success) return result.data;
  throw new CatalogFileError(
    fileName,
    result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
    ),
    { cause: result.error },
  );
}

export function formatCatalogFile(catalog: CatalogFile): string {
  return stringifyYaml(catalog, { lineWidth: 0 });
}
