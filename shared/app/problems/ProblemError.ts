import type { ProblemCode } from './PROBLEM_TYPES.js';

/**
 * An error a caller of the API can act on: its `code` names the problem (PROBLEM_TYPES), which
 * decides the HTTP status in one place (shared/http/problemResponse.ts).
 */
export abstract class ProblemError extends Error {
  abstract readonly code: ProblemCode;
}
