/**
 * ARM asked us to wait longer than one invocation may (a long `Retry-After`, or Resource Graph's
 * quota headers): the request was not carried out, and may be tried again after `retryAfterMs`.
 */
export class ArmThrottledError extends Error {
  override readonly name = 'ArmThrottledError';
  readonly statusCode: number;

  constructor(
    readonly retryAfterMs: number,
    readonly code: string,
    message: string,
    options: { statusCode: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = options.statusCode;
  }
}
