import { ConflictError } from '../problems/RequestErrors.js';

/**
 * Names are unique ignoring case (docs/storage.md): a new row whose name differs from an existing one
 * only in case would make both unusable, so the API refuses it instead of writing it.
 */
export function refuseCaseVariant(what: string, existing: string | undefined): void {
  if (existing === undefined) return;
  throw new ConflictError(
    `${what} differs only in case from the existing "${existing}"; names are unique ignoring case: use "${existing}" (with If-Match to change it) or another name`,
    { code: 'name-differs-in-case' },
  );
}
