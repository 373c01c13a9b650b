import type { TokenCredential } from '@azure/core-auth';

/** How to reach the storage account: a connection string (keys, SAS or Azurite), or endpoints and an identity. */
export type StorageConnection =
  | { connectionString: string }
  | { tableServiceUrl: string; queueServiceUrl: string; credential: TokenCredential };
