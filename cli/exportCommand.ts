import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { formatCatalogFile } from '../shared/app/catalog/CatalogFile.js';
import { exportCatalog } from '../shared/app/catalog/exportCatalog.js';
import { formatRowProblem } from '../shared/app/storage/RowProblem.js';
import type { CliEnvironment } from './CliEnvironment.js';
import type { CliOutput } from './CliOutput.js';
import { addStorageOptions, openStorageFromOptions, type StorageOptions } from './storageOptions.js';

interface ExportOptions extends StorageOptions {
  output?: string;
}

/** `export`: prints the schedules and targets as YAML that `import` takes back unchanged. */
export function exportCommand(output: CliOutput, environment: CliEnvironment): Command {
  return addStorageOptions(
    new Command('export')
      .description('print the schedules and targets in storage as YAML, for keeping in git')
      .option('--output <file>', 'write to a file instead of standard output'),
  ).action(async (options: ExportOptions) => {
    const storage = await openStorageFromOptions(options, environment);
    const { catalog, problems } = await exportCatalog(storage);
    for (const problem of problems) output.stderr(`not exported: ${formatRowProblem(problem)}\n`);
    const yaml = formatCatalogFile(catalog);
    if (options.output) await writeFile(options.output, yaml, 'utf8');
    else output.stdout(yaml);
  });
}
