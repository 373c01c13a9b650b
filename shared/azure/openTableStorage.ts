import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { RowTable } from '../app/storage/RowTable.js';
import { TABLE_NAMES, tableStorageOn, type TableStorage } from '../app/storage/TableStorage.js';
import { StorageError } from '../app/storage/StorageError.js';
import { AzureRowTable } from './AzureRowTable.js';
import type { StorageConnection } from './StorageConnection.js';

export interface OpenTableOptions {
  /** Prepended to every table name, so tests and several installations can share one account. */
  tablePrefix?: string;
  /** Extra pipeline policies (request counting in tests and benchmarks). */
  policies?: PipelinePolicy[];
}

function clientFor(connection: StorageConnection, tableName: string, options: OpenTableOptions): TableClient {
  const clientOptions: TableServiceClientOptions = {
    additionalPolicies: (options.policies ?? []).map((policy) => ({ policy, position: 'perCall' as const })),
  };
  if ('connectionString' in connection) {
    const local = /UseDevelopmentStorage=true|127\.0\.0\.1|localhost/i.test(connection.connectionString);
    return TableClient.fromConnectionString(connection.connectionString, tableName, {
      ...clientOptions,
      allowInsecureConnection: local,
    });
  }
  return new TableClient(connection.tableServiceUrl, tableName, connection.credential, clientOptions);
}

/** Opens (and creates when missing) every table; call once at start-up, from the composition root. */
export async function openTableStorage(
  connection: StorageConnection,
  options: OpenTableOptions = {},
): Promise<TableStorage> {
  const tables = new Map<string, RowTable>();
  await Promise.all(
    TABLE_NAMES.map(async (name) => {
      const client = clientFor(connection, `${options.tablePrefix ?? ''}${name}`, options);
      try {
        await client.createTable();
      } catch (error) {
        throw new StorageError(
          `could not open table ${client.tableName}: is the storage account reachable?`,
          { cause: error },
        );
      }
      tables.set(name, new AzureRowTable(client));
    }),
  );
  const table = (name: string) => tables.get(name) as RowTable;
  return tableStorageOn(table);
}
