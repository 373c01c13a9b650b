import type { HttpRequest } from '@azure/functions';
import { CallerRejectedError } from './CallerRejectedError.js';

export interface CallerPolicy {
  /** Mutating calls need an Easy Auth principal. */
  requirePrincipal: boolean;
  /** When not empty, only these principals may change things. */
  operators: readonly string[];
}

/** Who is calling, from App Service Authentication (Easy Auth) headers, for the audit trail. */
export function callerOf(request: HttpRequest, policy: CallerPolicy): string {
  const name = request.headers.get('x-ms-client-principal-name')?.trim();
  const encoded = request.headers.get('x-ms-client-principal');
  let principal = name;
  if (encoded) {
    try {
      const decoded = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
        userDetails?: unknown;
      };
      if (typeof decoded.userDetails === 'string' && decoded.userDetails.trim() !== '')
        principal ??= decoded.userDetails.trim();
      else if (!principal) throw new Error('no userDetails');
    } catch {
      throw new CallerRejectedError(
        401,
        'the x-ms-client-principal header is not a valid App Service principal (base64 JSON with userDetails)',
      );
    }
  }
  if (!principal) {
    if (policy.requirePrincipal)
      throw new CallerRejectedError(
        401,
        'this call changes things and needs a signed-in caller (App Service Authentication); none was given',
      );
    return 'anonymous (function key)';
  }
  if (
    policy.operators.length > 0 &&
    !policy.operators.some((operator) => operator.toLowerCase() === principal.toLowerCase())
  ) {
    throw new CallerRejectedError(
      403,
      `${principal} is not one of the operators allowed to change things (OFFHOURS_OPERATORS)`,
    );
  }
  return principal;
}
