import { closestMatches } from '../../domain/closestMatches.js';
import { describeType } from '../storage/describeType.js';
import type { ProblemCode } from './PROBLEM_TYPES.js';
import { ProblemError } from './ProblemError.js';

/** The options of a problem: its cause, and a more precise code than its class's. */
interface ProblemOptions<Code extends ProblemCode> {
  cause?: unknown;
  code?: Code;
}

/** One invalid part of a request: which field, what was sent, what would be valid. */
export interface FieldError {
  field: string;
  value?: unknown;
  message: string;
}

/** The request is malformed or names invalid values (HTTP 400). */
export class ValidationError extends ProblemError {
  override readonly name = 'ValidationError';
  readonly code = 'invalid-request';

  constructor(
    readonly errors: readonly FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '), options);
  }
}

/** The target, schedule or override does not exist (HTTP 404). */
export class NotFoundError extends ProblemError {
  override readonly name = 'NotFoundError';
  readonly code: 'not-found';

  constructor(message: string, options: ProblemOptions<'not-found'> = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'not-found';
  }
}

type ConflictCode =
  | 'name-differs-in-case'
  | 'target-disabled'
  | 'already-registered'
  | 'action-refused'
  | 'schedule-in-use'
  | 'schedule-invalid';

/** The request conflicts with the current state, e.g. deleting a schedule still in use (HTTP 409). */
export class ConflictError extends ProblemError {
  override readonly name = 'ConflictError';
  readonly code: ConflictCode;

  /** A conflict always says which (its code), since clients act differently on each. */
  constructor(message: string, options: ProblemOptions<ConflictCode> & { code: ConflictCode }) {
    super(message, { cause: options.cause });
    this.code = options.code;
  }
}

/** If-Match does not match: someone changed the resource since the caller read it (HTTP 412). */
export class PreconditionFailedError extends ProblemError {
  override readonly name = 'PreconditionFailedError';
  readonly code: 'changed-since-read' | 'already-exists';

  constructor(message: string, options: ProblemOptions<'changed-since-read' | 'already-exists'> = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'changed-since-read';
  }
}

/** A change to an existing resource without If-Match, which could overwrite someone's edit (HTTP 428). */
export class PreconditionRequiredError extends ProblemError {
  override readonly name = 'PreconditionRequiredError';
  readonly code = 'if-match-required';
}

/** What zod reports about one part of a request (the parts of a zod issue this file reads). */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: unknown;
  keys?: readonly string[];
  maximum?: unknown;
  values?: readonly unknown[];
}

const EXPECTED_IN_WORDS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  object: 'a JSON object',
};

/**
 * Field errors in plain words for a body that does not fit its schema ("must be text, not a
 * number"; "is not a field here; did you mean timeZone?"), each naming the value sent.
 */
export function fieldErrorsOf(
  issues: readonly SchemaIssue[],
  input: unknown,
  fields: readonly string[],
): FieldError[] {
  const valueAt = (path: readonly PropertyKey[]) =>
    path.length > 0 && typeof input === 'object' && input !== null
      ? (input as Record<string, unknown>)[String(path[0])]
      : input;
  return issues.flatMap((issue): FieldError[] => {
    const field = issue.path.map(String).join('.') || 'body';
    const value = valueAt(issue.path);
    if (issue.code === 'unrecognized_keys')
      return (issue.keys ?? []).map((key) => ({
        field: key,
        value: valueAt([key]),
        message: unknownFieldMessage(key, fields),
      }));
    if (issue.code === 'invalid_type') {
      const expected = EXPECTED_IN_WORDS[String(issue.expected)] ?? String(issue.expected);
      const message =
        value === undefined ? `is required (${expected})` : `must be ${expected}, not ${describeType(value)}`;
      return [{ field, ...(value !== undefined ? { value } : {}), message }];
    }
    if (issue.code === 'too_big')
      return [{ field, value, message: `is too long; the most is ${String(issue.maximum)} characters` }];
    if (issue.code === 'invalid_value')
      return [{ field, value, message: `must be one of ${(issue.values ?? []).map(String).join(', ')}` }];
    return [{ field, value, message: issue.message }];
  });
}

function unknownFieldMessage(key: string, fields: readonly string[]): string {
  const [nearest] = closestMatches(key, fields, 1);
  return nearest
    ? `is not a field here; did you mean ${nearest}?`
    : `is not a field here; the fields are ${fields.join(', ')}`;
}

/** The body is not JSON, by its Content-Type (HTTP 415). */
export class UnsupportedMediaTypeError extends ProblemError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly code = 'unsupported-media-type';
}

/** The body is larger than the API reads (HTTP 413). */
export class ContentTooLargeError extends ProblemError {
  override readonly name = 'ContentTooLargeError';
  readonly code = 'content-too-large';
}
