import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { RowTable } from '../app/ports/RowTable.js';
import { StorageError } from '../app/StorageError.js';
import { AuditTrail } from '../app/tables/AuditTrail.js';
import { OperationTable } from '../app/tables/OperationTable.js';
import { OverrideTable } from '../app/tables/OverrideTable.js';
import { ScheduleTable } from '../app/tables/ScheduleTable.js';
import { StateTable } from '../app/tables/StateTable.js';
import { TargetTable } from '../app/tables/TargetTable.js';
import { AzureRowTable } from './AzureRowTable.js';
import type { StorageConnection } from './StorageConnection.js';


export interface OpenTableOptions {
  /** Prepended to every table name, so tests and several installations can share one account. */
  tablePrefix?: string;
  /** Extra pipeline policies (request counting in tests and benchmarks). */
  policies?: PipelinePolicy[];
}

/** The six tables of DESIGN.md §5, each behind its repository. */
export interface TableStorage {
  schedules: ScheduleTable;
  targets: TargetTable;
  overrides: OverrideTable;
  state: StateTable;
  operations: OperationTable;
  audit: AuditTrail;
}

export const TABLE_NAMES = [ScheduleTable.tableName, TargetTable.tableName, OverrideTable.tableName, StateTable.tableName, OperationTable.tableName, AuditTrail.tableName] as const;

function clientFor(connection: StorageConnection, tableName: string, options: OpenTableOptions): TableClient {
  const clientOptions: TableServiceClientOptions = {
    additionalPolicies: (options.policies ?? []).map((policy) => ({ policy, position: 'perCall' as const })),
  };
  if ('connectionString' in connection) {
    const local = /UseDevelopmentStorage=true|127\.0\.0\.1|localhost/i.test(connection.connectionString);
    return TableClient.fromConnectionString(connection.connectionString, tableName, { ...clientOptions, allowInsecureConnection: local });
  }
  return new TableClient(connection.tableServiceUrl, tableName, connection.credential, clientOptions);
}

/** Opens (and creates when missing) every table; call once at start-up, from the composition root. */
export async function openTableStorage(connection: StorageConnection, options: OpenTableOptions = {}): Promise<TableStorage> {
  const tables = new Map<string, RowTable>();
  await Promise.all(
    TABLE_NAMES.map(async (name) => {
      const client = clientFor(connection, `${options.tablePrefix ?? ''}${name}`, options);
      try {
        await client.createTable();
      } catch (error) {
        throw new StorageError(`could not open table ${client.tableName}: is the storage account reachable?`, { cause: error });
      }
      tables.set(name, new AzureRowTable(client));
    }),
  );
  const table = (name: string) => tables.get(name) as RowTable;
  return tableStorageOn(table);
}

/** The repositories on any set of row tables (Azure or in memory). */
export function tableStorageOn(table: (name: string) => RowTable): TableStorage {
  return {
    schedules: new ScheduleTable(table(ScheduleTable.tableName)),
    targets: new TargetTable(table(TargetTable.tableName)),
    overrides: new OverrideTable(table(OverrideTable.tableName)),
    state: new StateTable(table(StateTable.tableName)),
    operations: new OperationTable(table(OperationTable.tableName)),
    audit: new AuditTrail(table(AuditTrail.tableName)),
  };
}
