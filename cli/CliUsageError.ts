/** A command line that cannot be run as given (bad option value); exits with status 2 like a bad spec. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
