/**
 * An operation's status asked to change in a way its lifecycle does not allow
 * (docs/architecture.md, The state of an operation): a defect, never written to the row.
 */
export class OperationTransitionError extends Error {
  override readonly name = 'OperationTransitionError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
