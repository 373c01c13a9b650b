import { Command } from 'commander';
import { createServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import type { CliDependencies } from './CliDependencies.js';
import type { CliEnvironment } from './CliEnvironment.js';
import type { CliOutput } from './CliOutput.js';

interface PlanOptions {
  connection?: string;
  tablePrefix?: string;
  json?: boolean;
}

/**
 * `plan`: what the next tick would do, decided from your storage and your Azure (through `az login`),
 * changing nothing: no operation begun, no message enqueued, no row written.
 */
export function planCommand(
  output: CliOutput,
  environment: CliEnvironment,
  dependencies: CliDependencies = {},
): Command {
  return new Command('plan')
    .description(
      "print what the next reconcile tick would do, using the app's settings and your az login; changes nothing",
    )
    .option('--connection <connection string>', 'storage connection string (default: AzureWebJobsStorage)')
    .option('--table-prefix <prefix>', 'prefix of the table names (default: OFFHOURS_TABLE_PREFIX)')
    .option('--json', 'machine-readable output')
    .action(async (options: PlanOptions) => {
      const config = loadConfig({
        ...environment,
        ...(options.connection ? { AzureWebJobsStorage: options.connection } : {}),
        ...(options.tablePrefix ? { OFFHOURS_TABLE_PREFIX: options.tablePrefix } : {}),
      });
      const services = await createServices(config, {
        queue: { enqueue: async () => undefined },
        log: () => undefined,
        ...(dependencies.credential ? { credential: dependencies.credential } : {}),
      });
      const report = await services.reconciler.tick({ planOnly: true });
      if (options.json) {
        output.stdout(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      output.stdout(
        `Plan at ${report.at} for ${report.targets} target(s)${config.dryRun ? ' (OFFHOURS_DRY_RUN is on: execute would only record)' : ''}:\n`,
      );
      for (const decision of report.decisions) {
        const next = decision.nextTransition ? `; next change ${decision.nextTransition}` : '';
        output.stdout(
          `  ${decision.action.padEnd(5)} ${decision.target}  (observed ${decision.observed}, desired ${decision.desired ?? '-'}${next})\n        ${decision.reason}\n`,
        );
      }
      for (const problem of report.problems)
        output.stdout(
          `  problem: ${problem.table} "${problem.rowKey}" ${problem.column ?? ''}: ${problem.reason}\n`,
        );
      output.stdout(`${report.enqueued.length} change(s) would be enqueued; nothing was changed.\n`);
    });
}
