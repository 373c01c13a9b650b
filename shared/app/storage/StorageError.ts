/** Table or queue storage failed for a reason other than concurrency (unreachable, throttled, refused). */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
