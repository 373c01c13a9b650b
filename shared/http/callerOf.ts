import type { HttpRequest } from '@azure/functions';
import { asciiFold } from '../domain/asciiFold.js';
import { CallerRejectedError } from './CallerRejectedError.js';
import { readClientPrincipal, type ClientPrincipal } from './decodeClientPrincipal.js';

export interface CallerPolicy {
  /** App Service Authentication is on (`WEBSITE_AUTH_ENABLED`): only then are principal headers the platform's. */
  appServiceAuthEnabled: boolean;
  /** Changing calls need a signed-in caller. */
  requirePrincipal: boolean;
  /** Sign-in names (`preferred_username`, `upn`) or object IDs of operators. */
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
 * never from `x-ms-client-principal-name`; an ambiguous principal is refused. A signed-in caller
 * must be an operator: their object ID or sign-in name (`preferred_username`, `upn`; never the display
 * name or e-mail, which people can change) in `operators`, or holding one of `operatorRoles` (with
 * both empty, anyone signed in is). A caller without a principal is the function key's holder,
 * refused when a principal is required.
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
  const reading = readClientPrincipal(encoded);
  if (!reading.ok) throw new CallerRejectedError(401, reading.reason);
  const { principal } = reading;
  if (!isOperator(principal, policy))
    throw new CallerRejectedError(
      403,
      `${principal.name} may not change things: neither their object ID nor their sign-in name (preferred_username, upn) is in OFFHOURS_OPERATORS, and they hold none of the app roles ${policy.operatorRoles.join(', ') || '(none set)'} (OFFHOURS_OPERATOR_ROLES)`,
    );
  return principal.name;
}

/** Operators and roles compared as IDs are: ASCII letters in any case, nothing else folded. */
function isOperator(principal: ClientPrincipal, { operators, operatorRoles }: CallerPolicy): boolean {
  if (operators.length === 0 && operatorRoles.length === 0) return true;
  const operatorNames = new Set(operators.map(asciiFold));
  const roles = new Set(principal.roles.map(asciiFold));
  return (
    [principal.objectId, ...principal.signInNames].some(
      (identity) => identity !== undefined && operatorNames.has(asciiFold(identity)),
    ) || operatorRoles.some((role) => roles.has(asciiFold(role)))
  );
}
