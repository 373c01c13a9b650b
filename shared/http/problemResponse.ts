import type { HttpResponseInit } from '@azure/functions';
import {
  ConflictError,
  ContentTooLargeError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../app/api/RequestErrors.js';
import { CallerRejectedError } from './CallerRejectedError.js';

/** An RFC 9457 problem details response; `type` is `about:blank`, so `title` is the status phrase. */
export function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
    jsonBody: { type: 'about:blank', title, status, detail, ...extra },
  };
}

/** Maps the errors services throw to problem details; anything else is the caller's 500. */
export function problemFor(error: unknown): HttpResponseInit | undefined {
  if (error instanceof ValidationError)
    return problem(400, 'Bad Request', error.message, { errors: error.errors });
  if (error instanceof CallerRejectedError)
    return problem(error.status, error.status === 401 ? 'Unauthorized' : 'Forbidden', error.message);
  if (error instanceof NotFoundError) return problem(404, 'Not Found', error.message);
  if (error instanceof ConflictError) return problem(409, 'Conflict', error.message);
  if (error instanceof PreconditionFailedError) return problem(412, 'Precondition Failed', error.message);
  if (error instanceof PreconditionRequiredError) return problem(428, 'Precondition Required', error.message);
  if (error instanceof ContentTooLargeError) return problem(413, 'Content Too Large', error.message);
  if (error instanceof UnsupportedMediaTypeError) {
    const answer = problem(415, 'Unsupported Media Type', error.message);
    return {
      ...answer,
      headers: { ...(answer.headers as Record<string, string>), Accept: 'application/json' },
    };
  }
  return undefined;
}
