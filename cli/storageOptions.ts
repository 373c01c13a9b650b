import { DefaultAzureCredential } from '@azure/identity';
import type { Command } from 'commander';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import type { TableStorage } from '../shared/app/TableStorage.js';
import { storageConnectionFrom } from '../shared/azure/storageConnectionFrom.js';
import { CliUsageError } from './CliUsageError.js';
import type { CliEnvironment } from './CliEnvironment.js';

export interface StorageOptions {
  connection?: string;
  tablePrefix?: string;
}

export function addStorageOptions(command: Command): Command {
  return command
    .option(
      '--connection <connection string>',
      'storage connection string (default: the AzureWebJobsStorage setting, as the app reads it)',
    )
    .option(
      '--table-prefix <prefix>',
      'prefix of the table names, when one account holds several installations',
    );
}

/** Opens the app's tables with the same setting the app uses, or `--connection`. */
export async function openStorageFromOptions(
  options: StorageOptions,
  environment: CliEnvironment,
): Promise<TableStorage> {
  const connection = storageConnectionFrom(
    {
      ...((options.connection ?? environment.AzureWebJobsStorage)
        ? { connectionString: options.connection ?? environment.AzureWebJobsStorage }
        : {}),
      ...(environment.AzureWebJobsStorage__accountName
        ? { accountName: environment.AzureWebJobsStorage__accountName }
        : {}),
      ...(environment.AzureWebJobsStorage__tableServiceUri
        ? { tableServiceUri: environment.AzureWebJobsStorage__tableServiceUri }
        : {}),
      ...(environment.AzureWebJobsStorage__queueServiceUri
        ? { queueServiceUri: environment.AzureWebJobsStorage__queueServiceUri }
        : {}),
    },
    () => new DefaultAzureCredential(),
  );
  if (!connection) {
    throw new CliUsageError(
      'no storage given: pass --connection, or set AzureWebJobsStorage (a connection string, or UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName',
    );
  }
  return openTableStorage(connection, options.tablePrefix ? { tablePrefix: options.tablePrefix } : {});
}
