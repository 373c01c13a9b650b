import type { TokenCredential } from '@azure/core-auth';
import type { StorageConnection } from './StorageConnection.js';

/** The Functions host's storage setting, in either of its forms. */
export interface StorageSettings {
  /** `AzureWebJobsStorage`: a connection string, or `UseDevelopmentStorage=true` for Azurite. */
  connectionString?: string;
  /** `AzureWebJobsStorage__accountName`: identity-based access to `https://<name>.table.core.windows.net`. */
  accountName?: string;
  /** `AzureWebJobsStorage__tableServiceUri` and `__queueServiceUri`: identity-based access to other endpoints (sovereign clouds). */
  tableServiceUri?: string;
  queueServiceUri?: string;
}

/**
 * Resolves the storage connection the way the Functions host does: a connection string wins;
 * otherwise an account name or table URI with the app's identity. Undefined when nothing is set.
 */
export function storageConnectionFrom(
  settings: StorageSettings,
  credential: () => TokenCredential,
): StorageConnection | undefined {
  if (settings.connectionString) return { connectionString: settings.connectionString };
  const account = settings.accountName;
  const tableServiceUrl =
    settings.tableServiceUri ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  const queueServiceUrl =
    settings.queueServiceUri ?? (account ? `https://${account}.queue.core.windows.net` : undefined);
  if (!tableServiceUrl || !queueServiceUrl) return undefined;
  return { tableServiceUrl, queueServiceUrl, credential: credential() };
}
