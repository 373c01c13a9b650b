/** The caller is not identified (401) or not allowed to change things (403). */
export class CallerRejectedError extends Error {
  override readonly name = 'CallerRejectedError';

  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}
