import { RowAlreadyExistsError } from '../storage/RowAlreadyExistsError.js';
import { RowChangedError } from '../storage/RowChangedError.js';
import { PreconditionFailedError, PreconditionRequiredError } from './RequestErrors.js';

/** A row as read, with the ETag that If-Match must name. */
interface Current {
  row?: { etag?: string };
}

/**
 * HTTP preconditions on a row people also edit: creating needs no If-Match (and honours
 * `If-None-Match: *`); replacing or deleting needs the ETag that was read, or `*` for "whatever
 * it is now". The write itself is then conditional on the ETag read here, so a change made in
 * between is still a 412. `what` names the resource
 * in messages, e.g. `schedule "office"`.
 */
export function checkPreconditions(
  what: string,
  current: Current | undefined,
  ifMatch: string | undefined,
  ifNoneMatch?: string,
): void {
  if (!current) {
    if (ifMatch)
      throw new PreconditionFailedError(`${what} does not exist, so If-Match ${ifMatch} cannot match`);
    return;
  }
  if (ifNoneMatch === '*')
    throw new PreconditionFailedError(`${what} already exists (If-None-Match: *)`, {
      code: 'already-exists',
    });
  if (!ifMatch)
    throw new PreconditionRequiredError(
      `${what} exists: send If-Match with the ETag you read, so that nobody's edit is overwritten`,
    );
  // `If-Match: *` matches any current representation (RFC 9110, 13.1.1): the row exists, so it holds.
  if (ifMatch.trim() === '*') return;
  if (ifMatch !== current.row?.etag)
    throw new PreconditionFailedError(
      `${what} changed since ETag ${ifMatch} was read (now ${current.row?.etag ?? 'unknown'}); read it again`,
    );
}

/** Runs a conditional write; a row someone changed in between becomes a 412, never an overwrite. */
export async function writeConditionally<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof RowChangedError || error instanceof RowAlreadyExistsError)
      throw new PreconditionFailedError(`${what} was changed by someone else just now; read it again`, {
        cause: error,
      });
    throw error;
  }
}

/** The conditions a request puts on a target's override (RFC 9110, 13.1). */
export interface OverridePreconditions {
  /** The override's ETag as read, or `*` for "whatever override there is now". */
  ifMatch?: string | undefined;
  /** `*`: only if the target has no override in effect, as when the page read none. */
  ifNoneMatch?: string | undefined;
}

/**
 * Refuses (412) a write of a target's override whose preconditions fail. If-Match: the ETag read, or
 * `*` for any override that exists now. If-None-Match `*`: no override in effect (an expired row,
 * which the API no longer shows, does not count); another value: the override is not that one. The
 * write itself stays conditional on the ETag read, so a change in between is a 412 too.
 */
export function checkOverridePreconditions(
  name: string,
  { ifMatch, ifNoneMatch }: OverridePreconditions,
  current: { etag: string | undefined; inEffect: boolean },
): void {
  if (ifMatch !== undefined) {
    if (ifMatch.trim() === '*') {
      if (!current.etag)
        throw new PreconditionFailedError(`target "${name}" has no override, so If-Match * cannot match`);
    } else if (current.etag !== ifMatch)
      throw new PreconditionFailedError(
        `the override of "${name}" changed since ETag ${ifMatch} was read; read it again`,
      );
  }
  if (ifNoneMatch === undefined) return;
  if (ifNoneMatch.trim() === '*' ? current.inEffect : ifNoneMatch === current.etag)
    throw new PreconditionFailedError(
      `target "${name}" has an override now (If-None-Match: ${ifNoneMatch}), set since you read it; read it again`,
      { code: 'already-exists' },
    );
}
