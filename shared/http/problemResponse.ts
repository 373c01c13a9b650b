import type { HttpResponseInit } from '@azure/functions';
import { PROBLEM_TYPES, type ProblemCode, problemTypeOf } from '../app/problems/PROBLEM_TYPES.js';
import { ProblemError } from '../app/problems/ProblemError.js';
import { ValidationError } from '../app/problems/RequestErrors.js';

/** An RFC 9457 problem details response: its status and title come from its code (PROBLEM_TYPES). */
export function problem(
  code: ProblemCode,
  detail: string,
  extra: Record<string, unknown> = {},
): HttpResponseInit {
  const { status, title } = PROBLEM_TYPES[code];
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  // A 415 says what the API reads (RFC 9110, 15.5.16).
  if (code === 'unsupported-media-type') headers['Accept'] = 'application/json';
  return { status, headers, jsonBody: { type: problemTypeOf(code), title, status, detail, ...extra } };
}

/** Maps the errors services throw to problem details; anything else is the caller's 500. */
export function problemFor(error: unknown): HttpResponseInit | undefined {
  if (!(error instanceof ProblemError)) return undefined;
  return problem(error.code, error.message, error instanceof ValidationError ? { errors: error.errors } : {});
}
