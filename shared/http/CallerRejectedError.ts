import { ProblemError } from '../app/problems/ProblemError.js';

/** The caller is not identified (401) or not allowed to change things (403). */
export class CallerRejectedError extends ProblemError {
  override readonly name = 'CallerRejectedError';
  readonly code: 'sign-in-required' | 'not-an-operator';

  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.code = status === 401 ? 'sign-in-required' : 'not-an-operator';
  }
}
