/**
 * Azure could not take a change now (throttled past the SDK's retries, 5xx, a dropped connection).
 * Thrown from the queue handler so the Functions host delivers the message again later.
 */
export class TransientAzureError extends Error {
  override readonly name = 'TransientAzureError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
