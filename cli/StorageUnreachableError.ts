/**
 * `import`/`export` could not reach the table service at all. Named after the endpoint, not after the
 * first table that happened to fail (export never touches Operations, and the table is not the problem).
 */
export class StorageUnreachableError extends Error {
  override readonly name = 'StorageUnreachableError';

  constructor(
    readonly endpoint: string,
    developmentStorage: boolean,
    options: { cause?: unknown } = {},
  ) {
    const cause = options.cause instanceof Error ? ` (${firstLine(options.cause)})` : '';
    super(
      `could not reach the table storage at ${endpoint}${cause}; ${
        developmentStorage
          ? 'UseDevelopmentStorage=true means Azurite on its default ports (table 10002): start Azurite there, or pass the connection string npm start prints'
          : 'check the connection string or account name, and that the account allows your network'
      }`,
      options,
    );
  }
}

/** The innermost cause's first line: `connect ECONNREFUSED 127.0.0.1:10002`, not our own wrapping. */
function firstLine(error: Error): string {
  let inner: Error = error;
  while (inner.cause instanceof Error) inner = inner.cause;
  return inner.message.split('\n')[0] ?? '';
}
