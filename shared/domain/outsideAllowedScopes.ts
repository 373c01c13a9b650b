import type { ResourceId } from './ResourceId.js';

/**
 * Why a resource lies outside the allowed scopes (subscriptions and resource groups, as
 * `OFFHOURS_ALLOWED_SCOPES` lists them), or undefined when it lies inside one. An empty list allows
 * any scope (docs/security.md, Which resources). Compared case-insensitively, as ARM does.
 */
export function outsideAllowedScopes(
  resource: ResourceId,
  allowedScopes: readonly string[],
): string | undefined {
  if (allowedScopes.length === 0) return undefined;
  const subscription = `/subscriptions/${resource.subscriptionId}`.toLowerCase();
  const group = `${subscription}/resourcegroups/${resource.resourceGroup.toLowerCase()}`;
  const inside = allowedScopes.some((scope) => {
    const allowed = scope.trim().replace(/\/+$/, '').toLowerCase();
    return allowed === subscription || allowed === group;
  });
  return inside
    ? undefined
    : `${resource.id} is outside the scopes the app may act on (OFFHOURS_ALLOWED_SCOPES: ${allowedScopes.join(', ')})`;
}
