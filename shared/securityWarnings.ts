import type { OffHoursConfig } from './config.js';

/**
 * Settings that leave a door open, and notices turned off by a wrong notice setting, said at start-up
 * (log) and in GET /api/health, so that nobody runs that way without knowing (docs/security.md).
 */
export function securityWarnings(config: OffHoursConfig): string[] {
  const warnings: string[] = [];
  if (config.allowedScopes.length === 0)
    warnings.push(
      'OFFHOURS_ALLOWED_SCOPES is empty: any resource the app identity can reach may be registered and stopped; set it to the subscriptions or resource groups the app is meant for',
    );
  if (config.protectedTags.length === 0)
    warnings.push(
      'OFFHOURS_PROTECTED_TAGS is empty: no tag protects production resources from being stopped',
    );
  if (!config.appServiceAuthEnabled)
    warnings.push(
      config.requirePrincipal
        ? 'OFFHOURS_REQUIRE_PRINCIPAL is on but App Service Authentication is off (WEBSITE_AUTH_ENABLED): every change is refused with 401'
        : 'App Service Authentication is off (WEBSITE_AUTH_ENABLED): anyone with a function key may change things, recorded as "function key"',
    );
  // Not a door left open, but a promise broken: people are told before their targets stop.
  if (config.notify.disabledBecause)
    warnings.push(
      `Stop notices are off because a notice setting is wrong: ${config.notify.disabledBecause.join('; ')}`,
    );
  return warnings;
}
