import { TableServiceClient } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import type { Command } from 'commander';
import { openTableStorage } from '../shared/azure/openTableStorage.js';
import type { TableStorage } from '../shared/app/storage/TableStorage.js';
import { storageConnectionFrom } from '../shared/azure/storageConnectionFrom.js';
import { StorageError } from '../shared/app/storage/StorageError.js';
import type { StorageConnection } from '../shared/azure/StorageConnection.js';
import { CliUsageError } from './CliUsageError.js';
import { StorageUnreachableError } from './StorageUnreachableError.js';
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
  try {
    return await openTableStorage(
      connection,
      options.tablePrefix ? { tablePrefix: options.tablePrefix } : {},
    );
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    const developmentStorage =
      'connectionString' in connection && /UseDevelopmentStorage=true/i.test(connection.connectionString);
    throw new StorageUnreachableError(tableEndpointOf(connection), developmentStorage, { cause: error });
  }
}

function tableEndpointOf(connection: StorageConnection): string {
  if (!('connectionString' in connection)) return connection.tableServiceUrl;
  try {
    return TableServiceClient.fromConnectionString(connection.connectionString, {
      allowInsecureConnection: true,
    }).url;
  } catch {
    return 'the AzureWebJobsStorage connection string';
  }
}
