import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { Command } from 'commander';
import { applyCatalogImport } from '../shared/app/catalog/applyCatalogImport.js';
import { describeChange } from '../shared/app/catalog/CatalogChange.js';
import { readCatalogFile } from '../shared/app/catalog/CatalogFile.js';
import { planCatalogImport } from '../shared/app/catalog/planCatalogImport.js';
import type { CliEnvironment } from './CliEnvironment.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { addStorageOptions, openStorageFromOptions, type StorageOptions } from './storageOptions.js';

interface ImportOptions extends StorageOptions {
  dryRun?: boolean;
  prune?: boolean;
}

/** Exit status when some changes were not applied because someone edited those rows meanwhile. */
export const EXIT_CONFLICTS = 1;

/** `import <file>`: makes storage hold the file's schedules and targets; idempotent. */
export function importCommand(
  output: CliOutput,
  environment: CliEnvironment,
  setExitCode: (code: number) => void,
): Command {
  return addStorageOptions(
    new Command('import')
      .description('write the schedules and targets of a YAML or JSON file to storage (only what differs)')
      .argument('<file>', 'YAML or JSON file with "schedules" and "targets" maps keyed by name')
      .option('--dry-run', 'print what would change and write nothing')
      .option('--prune', 'also delete schedules and targets that the file does not have'),
  ).action(async (fileName: string, options: ImportOptions) => {
    const text = await readFile(fileName, 'utf8').catch((error: unknown) => {
      throw new CliUsageError(`cannot read ${fileName}: ${(error as Error).message}`, { cause: error });
    });
    const reading = readCatalogFile(text, fileName);
    const storage = await openStorageFromOptions(options, environment);
    const plan = await planCatalogImport(reading.catalog, storage, fileName, options.prune ?? false, reading);
    for (const change of plan.changes) output.stdout(`${describeChange(change)}\n`);
    if (options.dryRun) {
      output.stdout(
        `dry run: ${plan.changes.length} change(s), ${plan.unchanged} unchanged; nothing written\n`,
      );
      return;
    }
    const outcome = await applyCatalogImport(plan.changes, storage, {
      actor: `cli (${userName()})`,
      via: `import of ${basename(fileName)}`,
      now: Date.now,
    });
    for (const conflict of outcome.conflicts) output.stderr(`${conflict.reason}\n`);
    output.stdout(
      `${outcome.applied.length} change(s) applied, ${plan.unchanged} unchanged, ${outcome.conflicts.length} conflict(s)\n`,
    );
    if (outcome.conflicts.length > 0) setExitCode(EXIT_CONFLICTS);
  });
}

/** Who ran the import, as the operating system names them; the audit trail records it. */
function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown user';
  }
}
