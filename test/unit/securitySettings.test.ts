import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { ConfigError } from '../../shared/ConfigError.js';

const base = { AzureWebJobsStorage: 'UseDevelopmentStorage=true' };

function problemsOf(settings: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...settings });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('security settings', () => {
  it('reads WEBSITE_AUTH_ENABLED as the platform writes it ("True"), and defaults to off', () => {
    expect(loadConfig({ ...base, WEBSITE_AUTH_ENABLED: 'True' }).appServiceAuthEnabled).toBe(true);
    expect(loadConfig(base).appServiceAuthEnabled).toBe(false);
  });

  it('has safe defaults: the operator role, the production tags, 30 changes a minute', () => {
    expect(loadConfig(base)).toMatchObject({
      operatorRoles: ['OffHours.Operator'],
      allowedScopes: [],
      protectedTags: [
        { name: 'environment', value: 'prod' },
        { name: 'environment', value: 'production' },
      ],
      changesPerMinute: 30,
    });
  });

  it('refuses a rate limit that is not a whole number from 1 to 10,000, naming the setting', () => {
    expect(problemsOf({ OFFHOURS_CHANGES_PER_MINUTE: '0' })).toEqual([
      'OFFHOURS_CHANGES_PER_MINUTE "0": must be a whole number from 1 to 10000',
    ]);
  });
});
