/**
 * Every problem the HTTP API answers, by its stable code (docs/architecture.md, "Errors"): the one
 * place where an error becomes an HTTP status. The problem's `type` is this documentation's address
 * plus the code (docs/problems.md, generated from this table), so clients branch on `type`, never on
 * `detail`'s words.
 */
export const PROBLEM_TYPES = {
  'invalid-request': {
    status: 400,
    title: 'Bad Request',
    meaning: 'the request names an invalid field; `errors` lists each with its value and what would be valid',
  },
  'sign-in-required': {
    status: 401,
    title: 'Unauthorized',
    meaning: 'no signed-in caller where one is required, or an invalid principal header',
  },
  'not-an-operator': { status: 403, title: 'Forbidden', meaning: 'the caller is not an operator' },
  'not-found': { status: 404, title: 'Not Found', meaning: 'no such target, schedule or override' },
  'name-differs-in-case': {
    status: 409,
    title: 'Conflict',
    meaning: 'the name differs only in case from an existing one; names are unique ignoring case',
  },
  'target-disabled': {
    status: 409,
    title: 'Conflict',
    meaning: 'the target is disabled (Enabled is false on its Targets row)',
  },
  'already-registered': {
    status: 409,
    title: 'Conflict',
    meaning: 'the resource is registered already, under another name, or overlaps registered targets',
  },
  'action-refused': {
    status: 409,
    title: 'Conflict',
    meaning: 'refused: outside the allowed scopes, or a stop of a protected resource; nothing was changed',
  },
  'schedule-in-use': {
    status: 409,
    title: 'Conflict',
    meaning: 'the schedule is used by targets; move them to another schedule first',
  },
  'schedule-invalid': {
    status: 409,
    title: 'Conflict',
    meaning: 'the stored schedule cannot be compiled; fix its row first',
  },
  'changed-since-read': {
    status: 412,
    title: 'Precondition Failed',
    meaning: 'If-Match does not match: someone changed the resource since it was read; read it again',
  },
  'already-exists': {
    status: 412,
    title: 'Precondition Failed',
    meaning: 'If-None-Match: * (create only, or only without an override in effect), and it exists',
  },
  'if-match-required': {
    status: 428,
    title: 'Precondition Required',
    meaning: 'a change to an existing resource needs If-Match',
  },
  'content-too-large': { status: 413, title: 'Content Too Large', meaning: 'the body is larger than 64 KiB' },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported Media Type',
    meaning: 'the body is not JSON by its Content-Type (send `Content-Type: application/json`)',
  },
  'too-many-changes': {
    status: 429,
    title: 'Too Many Requests',
    meaning:
      'too many changes from this caller of late (OFFHOURS_CHANGES_PER_MINUTE); Retry-After says when to try again',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method Not Allowed',
    meaning: 'the route does not take this method; `Allow` lists those it takes (the local runner)',
  },
  'internal-error': {
    status: 500,
    title: 'Internal Server Error',
    meaning: 'the request failed unexpectedly; the detail names the invocation whose logs say why',
  },
  'page-not-built': {
    status: 503,
    title: 'Service Unavailable',
    meaning: 'the status page was not built into the package (npm run build)',
  },
} as const satisfies Record<string, { status: number; title: string; meaning: string }>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** Where the problem types are documented; a test checks it is package.json's repository. */
export const PROBLEM_TYPE_BASE = 'https://github.com/aks-offhours/aks-offhours/blob/main/docs/problems.md#';

/** The problem's `type` URI (RFC 9457). */
export const problemTypeOf = (code: ProblemCode) => `${PROBLEM_TYPE_BASE}${code}`;
