/** A command line or PORT that `npm start` cannot use; printed as one line, exit 1. */
export class StartOptionsError extends Error {
  override readonly name = 'StartOptionsError';
}

export interface StartOptions {
  /** The HTTP port (PORT, default 7071). */
  port: number;
  /** Every log line in full on the console (`npm start -- --verbose`). */
  verbose: boolean;
}

const DEFAULT_PORT = 7071;

/** `npm start -- [--verbose]` with `PORT` from the environment. */
export function parseStartOptions(
  args: readonly string[],
  environment: Record<string, string | undefined>,
): StartOptions {
  let verbose = false;
  for (const arg of args) {
    if (arg === '--verbose' || arg === '-v') verbose = true;
    else
      throw new StartOptionsError(
        `unknown option "${arg}"; the only option is --verbose (npm start -- --verbose)`,
      );
  }
  const text = environment['PORT']?.trim();
  if (text === undefined || text === '') return { port: DEFAULT_PORT, verbose };
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new StartOptionsError(
      `PORT "${text}" is not a port number; use 1 to 65535 (or 0 for any free port), e.g. PORT=7072 npm start`,
    );
  return { port, verbose };
}
