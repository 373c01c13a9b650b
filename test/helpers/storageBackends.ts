import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { inject } from 'vitest';
import { InMemoryRowTable } from '../../dev/InMemoryRowTable.js';
import type { RowTable } from '../../shared/app/storage/RowTable.js';
import { AzureRowTable } from '../../shared/azure/AzureRowTable.js';
import { openTableStorage } from '../../shared/azure/openTableStorage.js';
import { tableStorageOn, type TableStorage } from '../../shared/app/storage/TableStorage.js';
import { RequestCounter } from '../../shared/azure/RequestCounter.js';

/** A fresh, empty storage for one test, either in memory or on Azurite. */
export interface StorageBackend {
  name: string;
  rowTable(name: string): Promise<RowTable>;
  tableStorage(): Promise<TableStorage>;
  requests: RequestCounter;
}

export function uniquePrefix(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function azuriteBackend(): StorageBackend {
  const connectionString = inject('storageConnectionString');
  const requests = new RequestCounter();
  return {
    name: 'Azurite',
    requests,
    async rowTable(name) {
      const client = TableClient.fromConnectionString(connectionString, `${uniquePrefix()}${name}`, {
        allowInsecureConnection: true,
        additionalPolicies: [{ policy: requests.policy, position: 'perCall' }],
      });
      await client.createTable();
      return new AzureRowTable(client);
    },
    tableStorage: () =>
      openTableStorage({ connectionString }, { tablePrefix: uniquePrefix(), policies: [requests.policy] }),
  };
}

export function inMemoryBackend(): StorageBackend {
  return {
    name: 'in memory',
    requests: new RequestCounter(),
    rowTable: async (name) => new InMemoryRowTable(name),
    tableStorage: async () => {
      const tables = new Map<string, InMemoryRowTable>();
      return tableStorageOn((name) => {
        const table = tables.get(name) ?? new InMemoryRowTable(name);
        tables.set(name, table);
        return table;
      });
    },
  };
}

/** Both implementations, for suites that hold them to one contract. */
export const STORAGE_BACKENDS = [inMemoryBackend, azuriteBackend];
