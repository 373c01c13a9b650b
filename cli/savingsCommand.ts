import { Command } from 'commander';
import { ValidationError } from '../shared/app/problems/RequestErrors.js';
import { createServices } from '../shared/compositionRoot.js';
import { loadConfig } from '../shared/config.js';
import { monthStart } from '../shared/domain/savingsRange.js';
import type { CliDependencies } from './CliDependencies.js';
import type { CliEnvironment } from './CliEnvironment.js';
import type { CliOutput } from './CliOutput.js';
import { CliUsageError } from './CliUsageError.js';
import { savingsAsCsv, savingsAsTable } from './savingsText.js';
import { addStorageOptions, openStorageFromOptions, type StorageOptions } from './storageOptions.js';

interface SavingsOptions extends StorageOptions {
  from?: string;
  to?: string;
  lastMonth?: boolean;
  json?: boolean;
  csv?: boolean;
}

/**
 * `savings`: hours and money saved, from the app's tables and the Azure Retail Prices API, with the
 * same settings as the app (OFFHOURS_CURRENCY, OFFHOURS_DISCOUNT_PERCENT); docs/savings.md.
 */
export function savingsCommand(
  output: CliOutput,
  environment: CliEnvironment,
  dependencies: CliDependencies = {},
): Command {
  return addStorageOptions(
    new Command('savings')
      .description(
        'print hours and money saved per target, schedule and subscription, what keeps billing while stopped, and the rest of the month',
      )
      .option(
        '--from <date>',
        'start: YYYY-MM-DD (midnight UTC) or an ISO 8601 instant, not in the future (default: this month)',
      )
      .option('--to <date>', 'end, exclusive, in the same forms (default: the month after --from)')
      .option('--last-month', 'last month (UTC), instead of --from and --to')
      .option('--json', 'machine-readable output (the same as GET /api/savings)')
      .option('--csv', 'one line per target, for a spreadsheet'),
  ).action(async (options: SavingsOptions) => {
    if (options.json && options.csv) throw new CliUsageError('--json and --csv cannot be used together');
    if (options.lastMonth && (options.from || options.to))
      throw new CliUsageError('--last-month cannot be used with --from or --to');
    const config = loadConfig({
      ...environment,
      ...(options.connection ? { AzureWebJobsStorage: options.connection } : {}),
    });
    const now = (dependencies.now ?? Date.now)();
    // The app's own service, so that every figure is the API's: a target never stopped is priced
    // on its profile read from Azure (your `az login`), as GET /api/savings does.
    const { savings } = await createServices(config, {
      storage: await openStorageFromOptions(options, environment),
      queue: { enqueue: async () => undefined },
      log: () => undefined,
      now: () => now,
      ...(dependencies.credential ? { credential: dependencies.credential } : {}),
    });
    let range: { from: number; to: number };
    try {
      range = options.lastMonth
        ? { from: monthStart(now, -1), to: monthStart(now) }
        : savings.rangeOf(options.from, options.to);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new CliUsageError(
        error.errors
          .map((problem) => `--${problem.field} "${String(problem.value)}": ${problem.message}`)
          .join('; '),
        { cause: error },
      );
    }
    const report = await savings.report(range);
    output.stdout(
      options.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : options.csv
          ? savingsAsCsv(report)
          : savingsAsTable(report),
    );
  });
}
