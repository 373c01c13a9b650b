/** The local runner's HTTP port is taken (another `npm start`, or `func start`): says how to pick another. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';

  constructor(
    readonly port: number,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${port} is already in use (another npm start or func start?); choose another with PORT, e.g. PORT=${port + 1} npm start`,
      options,
    );
  }
}
