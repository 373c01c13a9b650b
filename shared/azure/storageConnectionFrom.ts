import type { TokenCredential } from '@azure/core-auth';
import type { StorageConnection } from './openTableStorage.js';

/** The Functions host's storage setting, in either of its forms. */
export interface StorageSettings {
  /** `AzureWebJobsStorage`: a connection string, or `UseDevelopmentStorage=true` for Azurite. */
  connectionString?: string;
  /** `AzureWebJobsStorage__accountName`: identity-based access to `https://<name>.table.core.windows.net`. */
  accountName?: string;
  /** `AzureWebJobsStorage__tableServiceUri`: identity-based access to another endpoint (sovereign clouds). */
  tableServiceUri?: string;
}

/**
 * Resolves the storage connection the way the Functions host does: a connection string wins;
 * otherwise an account name or table URI with the app's identity. Undefined when nothing is set.
 */
export function storageConnectionFrom(settings: StorageSettings, credential: () => TokenCredential): StorageConnection | undefined {
  if (settings.connectionString) return { connectionString: settings.connectionString };
  if (settings.tableServiceUri) return { tableServiceUrl: settings.tableServiceUri, credential: credential() };
  if (settings.accountName) return { tableServiceUrl: `https://${settings.accountName}.table.core.windows.net`, credential: credential() };
  return undefined;
}
