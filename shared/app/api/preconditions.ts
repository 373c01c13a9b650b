import { RowAlreadyExistsError } from '../RowAlreadyExistsError.js';
import { RowChangedError } from '../RowChangedError.js';
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
  if (ifNoneMatch === '*') throw new PreconditionFailedError(`${what} already exists (If-None-Match: *)`);
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
