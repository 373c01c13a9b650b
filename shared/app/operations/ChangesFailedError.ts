/**
 * Every change of a queue message failed (transient Azure or Storage failures, each kept in `cause`):
 * thrown from the `execute` function so the host delivers the message again (`ChangeMessageExecutor`).
 */
export class ChangesFailedError extends Error {
  override readonly name = 'ChangesFailedError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
