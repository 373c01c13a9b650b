import { asciiFold } from './asciiFold.js';
import type { ResourceId } from './ResourceId.js';

/**
 * Why a resource lies outside the allowed scopes (subscriptions and resource groups, as
 * `OFFHOURS_ALLOWED_SCOPES` lists them), or undefined when it lies inside one. An empty list allows
 * any scope (docs/security.md, Which resources). Compared as ARM compares IDs: ASCII letters in any
 * case, no other folding (a KELVIN SIGN is not a K).
 */
export function outsideAllowedScopes(
  resource: ResourceId,
  allowedScopes: readonly string[],
): string | undefined {
  if (allowedScopes.length === 0) return undefined;
  const subscription = asciiFold(`/subscriptions/${resource.subscriptionId}`);
  const group = `${subscription}/resourcegroups/${asciiFold(resource.resourceGroup)}`;
  const inside = allowedScopes.some((scope) => {
    const allowed = asciiFold(scope.trim().replace(/\/+$/, ''));
    return allowed === subscription || allowed === group;
  });
  return inside
    ? undefined
    : `${resource.id} is outside the scopes the app may act on (OFFHOURS_ALLOWED_SCOPES: ${allowedScopes.join(', ')})`;
}
