import type { HttpRequest } from '@azure/functions';
import { CallerRejectedError } from './CallerRejectedError.js';
import { decodeClientPrincipal } from './decodeClientPrincipal.js';

export interface CallerPolicy {
  /** App Service Authentication is on (`WEBSITE_AUTH_ENABLED`): only then are principal headers the platform's. */
  appServiceAuthEnabled: boolean;
  /** Changing calls need a signed-in caller. */
  requirePrincipal: boolean;
  /** Sign-in names or object IDs of operators. */
  operators: readonly string[];
  /** Entra ID app roles whose holders are operators. */
  operatorRoles: readonly string[];
}

/** How the audit trail names a caller who presented only a function key. */
export const FUNCTION_KEY_CALLER = 'function key';

/**
 * Who is calling a changing route, for the audit trail, and whether they may (docs/security.md).
 * Principal headers are believed only when App Service Authentication is on, since only then does the
 * platform strip copies a client sent; the identity comes from the claims of `x-ms-client-principal`,
 * never from `x-ms-client-principal-name`. A signed-in caller must be an operator: named in
 * `operators`, or holding one of `operatorRoles` (with both empty, anyone signed in is). A caller
 * without a principal is the function key's holder, refused when a principal is required.
 */
export function callerOf(request: HttpRequest, policy: CallerPolicy): string {
  const encoded = policy.appServiceAuthEnabled ? request.headers.get('x-ms-client-principal') : null;
  if (!encoded) {
    if (policy.requirePrincipal)
      throw new CallerRejectedError(
        401,
        policy.appServiceAuthEnabled
          ? 'this call changes things and needs a caller signed in through App Service Authentication (OFFHOURS_REQUIRE_PRINCIPAL); none was'
          : 'this call changes things and needs a signed-in caller (OFFHOURS_REQUIRE_PRINCIPAL), but App Service Authentication is off (WEBSITE_AUTH_ENABLED), so no caller can be identified; principal headers sent by a client are ignored',
      );
    return FUNCTION_KEY_CALLER;
  }
  const principal = decodeClientPrincipal(encoded);
  if (!principal)
    throw new CallerRejectedError(
      401,
      'the x-ms-client-principal header is not an App Service principal (base64 JSON with claims naming the caller)',
    );
  const { operators, operatorRoles } = policy;
  const lower = (values: readonly string[]) => new Set(values.map((value) => value.toLowerCase()));
  const operatorNames = lower(operators);
  const roles = lower(principal.roles);
  const isOperator =
    (operators.length === 0 && operatorRoles.length === 0) ||
    operatorNames.has(principal.name.toLowerCase()) ||
    (principal.objectId !== undefined && operatorNames.has(principal.objectId.toLowerCase())) ||
    operatorRoles.some((role) => roles.has(role.toLowerCase()));
  if (!isOperator)
    throw new CallerRejectedError(
      403,
      `${principal.name} may not change things: not named in OFFHOURS_OPERATORS and holding none of the app roles ${operatorRoles.join(', ') || '(none set)'} (OFFHOURS_OPERATOR_ROLES)`,
    );
  return principal.name;
}
