/** One invalid part of a request: which field, what was sent, what would be valid. */
export interface FieldError {
  field: string;
  value?: unknown;
  message: string;
}

/** The request is malformed or names invalid values (HTTP 400). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(
    readonly errors: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '), options);
  }
}

/** The target, schedule or override does not exist (HTTP 404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the current state, e.g. deleting a schedule still in use (HTTP 409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** If-Match does not match: someone changed the resource since the caller read it (HTTP 412). */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
}

/** A change to an existing resource without If-Match, which could overwrite someone's edit (HTTP 428). */
export class PreconditionRequiredError extends Error {
  override readonly name = 'PreconditionRequiredError';
}
