/** The bill could not be read (no Cost Management Reader, throttled, an unreadable answer): `message` says why. */
export class ActualCostUnavailableError extends Error {
  override readonly name = 'ActualCostUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
